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
  outcome: "correct",
  kinds: [],
  error: false,
  deadlock: false,
  serializable: true,
  invariants_hold: true,
};
const lost: Cell = {
  outcome: "anomaly",
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
  it("shows the cell's outcome, an anomaly by its first kind", () => {
    expect(verdictOf(ok)).toBe("correct");
    expect(verdictOf(lost)).toBe("lost_update");
    expect(verdictOf({ ...lost, kinds: ["lost_update", "stale_read"] })).toBe("lost_update");
    expect(verdictOf({ ...ok, outcome: "deadlock", deadlock: true })).toBe("deadlock");
    expect(verdictOf({ ...ok, outcome: "gave_up", error: true })).toBe("gave_up");
    expect(verdictOf({ ...ok, outcome: "failed", error: true })).toBe("failed");
    expect(verdictOf({ ...ok, outcome: "invariant_broken" })).toBe("invariant_broken");
    // A cell the engine could not run at all has no outcome.
    expect(verdictOf({ ...ok, outcome: null, error: true })).toBe("failed");
  });

  it("reads the outcome, never recomputes it from the flags", () => {
    // The engine's word wins: an anomaly that also deadlocked is the anomaly, and a
    // gave-up cell (which the engine also counts under `error`) is not "failed".
    expect(verdictOf({ ...lost, deadlock: true })).toBe("lost_update");
    expect(verdictOf({ ...ok, error: true })).toBe("correct");
    expect(verdictOf({ ...ok, outcome: "gave_up", error: true, deadlock: true })).toBe("gave_up");
  });

  it("gives each kind of verdict its own shape", () => {
    expect(verdictShape("correct")).toBe("check");
    expect(verdictShape("write_skew")).toBe("triangle");
    expect(verdictShape("dirty_write")).toBe("triangle");
    expect(verdictShape("deadlock")).toBe("octagon");
    expect(verdictShape("failed")).toBe("cross");
    expect(verdictShape("gave_up")).toBe("flag");
    expect(verdictShape("invariant_broken")).toBe("square");
  });

  it("describes a cell in the words of its run's badge", () => {
    expect(cellText(ok)).toBe("Correct");
    expect(cellText(lost)).toBe("Lost update");
    expect(cellText({ ...lost, kinds: ["lost_update", "circular_information_flow"] })).toBe(
      "Lost update, Circular information flow",
    );
    expect(cellText({ ...ok, outcome: "gave_up", error: true })).toBe("Gave up");
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

  it("counts what stopped a user by outcome", () => {
    const gaveUp: Cell = { ...ok, outcome: "gave_up", error: true };
    const st = {
      strategy: "optimistic" as const,
      runs: 3,
      // The engine counts a cell that gave up under `error` as well.
      outcomes: { correct: 1, error: 2 },
      cells: [ok, gaveUp, { ...ok, outcome: "deadlock" as const, deadlock: true }],
    };
    const c = strategyColumn(st);
    expect(c.headline).toBe("correct in 1 of 3");
    expect(c.lines).toEqual(["Deadlock in 1 of 3 schedules", "Gave up in 1 of 3 schedules"]);
    expect(c.shares.map((x) => x.verdict)).toEqual(["correct", "gave_up", "deadlock"]);
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
