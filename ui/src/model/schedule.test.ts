import { describe, expect, it } from "vitest";
import { moveTurn, moveTurnBy, sameSchedule } from "./schedule";
import * as s from "./samples.test-data";

describe("moving a turn", () => {
  it("moves Bob's save before Alice's", () => {
    expect(moveTurn(s.none.schedule, 3, -1)).toEqual({
      schedule: ["Alice", "Bob", "Bob", "Alice"],
      index: 2,
    });
  });

  it("moves Bob's read after Alice's write", () => {
    expect(moveTurn(s.none.schedule, 1, 1)).toEqual({
      schedule: ["Alice", "Alice", "Bob", "Bob"],
      index: 2,
    });
  });

  it("moves past a run of the same user's turns", () => {
    expect(moveTurn(["A", "B", "B", "A"], 2, -1)).toEqual({
      schedule: ["B", "B", "A", "A"],
      index: 1,
    });
    expect(moveTurn(["A", "A", "B", "B"], 0, 1)).toEqual({
      schedule: ["B", "A", "A", "B"],
      index: 1,
    });
  });

  it("refuses to move past the ends", () => {
    expect(moveTurn(s.none.schedule, 0, -1)).toBeNull();
    expect(moveTurn(["A", "B", "B"], 1, 1)).toBeNull();
    expect(moveTurn(["A", "B"], 5, 1)).toBeNull();
  });

  it("keeps each user's number of turns", () => {
    const m = moveTurn(s.optimistic.schedule, 2, -1)!;
    const count = (xs: string[], u: string) => xs.filter((x) => x === u).length;
    expect(count(m.schedule, "Bob")).toBe(count(s.optimistic.schedule, "Bob"));
    expect(m.schedule).toEqual(["Alice", "Alice", "Bob", "Bob", "Bob", "Bob"]);
  });

  it("moves by several columns for a drag", () => {
    expect(moveTurnBy(["A", "B", "A", "B"], 3, -2)).toEqual({
      schedule: ["B", "B", "A", "A"],
      index: 1,
    });
    expect(moveTurnBy(["A", "B"], 1, -5)).toEqual({ schedule: ["B", "A"], index: 0 });
    expect(moveTurnBy(["A", "B"], 0, -1)).toBeNull();
  });

  it("compares schedules", () => {
    expect(sameSchedule(["A"], ["A"])).toBe(true);
    expect(sameSchedule(["A"], null)).toBe(false);
    expect(sameSchedule(null, null)).toBe(true);
  });
});
