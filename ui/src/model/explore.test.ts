import { describe, expect, it } from "vitest";
import type { Cell } from "../bindings/Cell";
import type { ExploreReport } from "../bindings/ExploreReport";
import {
  cellAt,
  cellText,
  gridLayout,
  scheduleIndex,
  scheduleNames,
  scheduleText,
  strategyColumn,
  userMarks,
  verdictOf,
  verdictShape,
  verdictsPresent,
} from "./explore";

const ok: Cell = {
  kinds: [],
  error: false,
  deadlock: false,
  serializable: true,
  invariants_hold: true,
};
const lost: Cell = {
  kinds: ["lost_update"],
  error: false,
  deadlock: false,
  serializable: false,
  invariants_hold: false,
};

const report: ExploreReport = {
  scenario: "Lost update",
  journal: "wal",
  users: ["Alice", "Bob"],
  schedules: [
    [0, 0, 1, 1],
    [0, 1, 0, 1],
    [1, 0, 0, 1],
  ],
  strategies: [
    {
      strategy: "none",
      runs: 3,
      outcomes: { correct: 1, lost_update: 2, not_serializable: 2, error: 0, deadlock: 0 },
      cells: [ok, lost, lost],
    },
    { strategy: "atomic", runs: 3, outcomes: { correct: 3 }, cells: [ok, ok, ok] },
  ],
};

describe("verdicts", () => {
  it("picks one verdict per cell: unfinished runs first, then anomalies, then wrong results", () => {
    expect(verdictOf(ok)).toBe("correct");
    expect(verdictOf(lost)).toBe("lost_update");
    expect(verdictOf({ ...lost, deadlock: true })).toBe("deadlock");
    expect(verdictOf({ ...ok, error: true })).toBe("error");
    expect(verdictOf({ ...ok, serializable: false })).toBe("not_serializable");
    expect(verdictOf({ ...ok, invariants_hold: false })).toBe("invariant");
  });

  it("gives each kind of verdict its own shape", () => {
    expect(verdictShape("correct")).toBe("check");
    expect(verdictShape("write_skew")).toBe("triangle");
    expect(verdictShape("deadlock")).toBe("octagon");
    expect(verdictShape("error")).toBe("cross");
  });

  it("describes a cell in words", () => {
    expect(cellText(ok)).toBe("correct");
    expect(cellText(lost)).toBe("lost update, not serializable, invariant broken");
  });

  it("lists the verdicts present, in legend order", () => {
    expect(verdictsPresent(report)).toEqual(["correct", "lost_update"]);
  });
});

describe("strategy columns", () => {
  it("counts outcomes as '<kind> in n of N schedules'", () => {
    const c = strategyColumn(report.strategies[0]);
    expect(c.headline).toBe("correct in 1 of 3");
    expect(c.lines).toEqual(["Lost update in 2 of 3 schedules"]);
    expect(c.shares).toEqual([
      { verdict: "correct", count: 1 },
      { verdict: "lost_update", count: 2 },
    ]);
    expect(strategyColumn(report.strategies[1]).headline).toBe("correct in all 3");
  });

  it("names wrong results the checker could not classify", () => {
    const st = {
      strategy: "none" as const,
      runs: 2,
      outcomes: { correct: 0, not_serializable: 2 },
      cells: [
        { ...ok, serializable: false },
        { ...ok, serializable: false },
      ],
    };
    const c = strategyColumn(st);
    expect(c.headline).toBe("never correct");
    expect(c.lines).toEqual(["Not serializable in 2 of 2 schedules"]);
  });
});

describe("schedules", () => {
  it("maps user indexes to names for a RunRequest, and back", () => {
    expect(scheduleNames(report, 2)).toEqual(["Bob", "Alice", "Alice", "Bob"]);
    expect(scheduleIndex(report, ["Alice", "Bob", "Alice", "Bob"])).toBe(1);
    expect(scheduleIndex(report, ["Bob"])).toBeNull();
    expect(scheduleIndex(report, null)).toBeNull();
  });

  it("labels schedules with names, or with marks grouped by runs", () => {
    expect(scheduleText([0, 1, 0, 1], ["Alice", "Bob"], "names")).toBe("Alice · Bob · Alice · Bob");
    expect(scheduleText([0, 0, 1, 0, 1, 1], ["Alice", "Bob"], "marks")).toBe("AA B A BB");
    expect(userMarks(["Ann", "Amy"])).toEqual(["1", "2"]);
  });
});

describe("grid geometry", () => {
  it("shows words in small grids and shapes only in large ones", () => {
    expect(gridLayout(6, 5, 1000, 200).showText).toBe(true);
    const big = gridLayout(924, 5, 1000, 140);
    expect(big.showText).toBe(false);
    expect(big.height).toBe(924 * big.rowHeight);
  });

  it("finds the cell under a point", () => {
    const l = gridLayout(6, 5, 1000, 200);
    expect(cellAt(l, 10, 10)).toBeNull();
    expect(cellAt(l, 200 + l.colWidth * 2 + 1, l.rowHeight * 3 + 1)).toEqual({ row: 3, col: 2 });
    expect(cellAt(l, 200 + l.colWidth * 5 + 1, 1)).toBeNull();
    expect(cellAt(l, 201, l.rowHeight * 6 + 1)).toBeNull();
  });
});
