import { describe, expect, it } from "vitest";
import type { Goal, RunStatus } from "./challenge";
import { goalText, statusText, verdictText } from "./challenge-text";

const CELL = { table: "account", key: "id", value: 1, column: "balance" };

describe("the challenge's words, from fields", () => {
  it.each([
    [{ kind: "finding", anomaly: "lost_update" }, "The checker reports: Lost update"],
    [{ kind: "invariant_fails" }, "The scenario's invariant fails"],
    [{ kind: "final", cell: CELL, equals: 130 }, "balance of account id 1 ends at 130"],
    [
      { kind: "final_differs", cell: CELL, from: 180 },
      "balance of account id 1 ends other than 180",
    ],
    [{ kind: "outcome", outcome: "gave_up" }, "A user gives up"],
  ] satisfies [Goal, string][])("%j reads %j", (goal, text) => {
    expect(goalText(goal)).toBe(text);
  });

  it.each([
    [{ kind: "met" }, /^Goal met/],
    [{ kind: "not_met" }, /Alt\+←/],
    [{ kind: "other_strategy", strategy: "atomic" }, /under Atomic/],
  ] satisfies [RunStatus, RegExp][])("status %j", (status, text) => {
    expect(statusText(status)).toMatch(text);
  });

  it("answers 'it can't be done' with counts only, never a schedule", () => {
    expect(verdictText({ kind: "accepted", total: 4 })).toBe(
      "Right: the explorer checked all 4 interleavings and none meets the goal.",
    );
    expect(verdictText({ kind: "refused", wins: 2, total: 6 })).toBe(
      "It can be done: 2 of 6 interleavings meet the goal. Keep looking.",
    );
    expect(verdictText({ kind: "unproven", runs: 1000 })).toMatch(/1,000 interleavings/);
  });
});
