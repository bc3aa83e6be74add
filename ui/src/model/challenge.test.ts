import { describe, expect, it } from "vitest";
import type { ExploreReport } from "../bindings/ExploreReport";
import type { RunReport } from "../bindings/RunReport";
import type { Challenge, Goal } from "./challenge";
import {
  lookupCell,
  goalMet,
  judgeCannot,
  observedClass,
  observedRun,
  runStatus,
  winningShare,
} from "./challenge";
import exploreJson from "./challenge-samples/explore-lost-update.json";
import serialJson from "./challenge-samples/run-lost-update-none-serial.json";
import { none, optimistic, pessimistic, transaction, writeSkew } from "./samples.test-data";

// `interleave run fixtures/lost-update.toml --schedule Alice,Alice,Bob,Bob --format json`.
const serial = serialJson as unknown as RunReport;
// `interleave explore fixtures/lost-update.toml --format json`.
const explored = exploreJson as unknown as ExploreReport;

const BALANCE = { table: "account", key: "id", value: 1, column: "balance" } as const;
const G = {
  lost: { kind: "finding", anomaly: "lost_update" },
  skew: { kind: "finding", anomaly: "write_skew" },
  broken: { kind: "invariant_fails" },
  at130: { kind: "final", cell: BALANCE, equals: 130 },
  at180: { kind: "final", cell: BALANCE, equals: 180 },
  not180: { kind: "final_differs", cell: BALANCE, from: 180 },
  anomaly: { kind: "outcome", outcome: "anomaly" },
  correct: { kind: "outcome", outcome: "correct" },
} satisfies Record<string, Goal>;

describe("a goal asked of a real run", () => {
  // Round-robin under none: both read 100, Alice saves 150, Bob saves 130.
  it.each([
    ["none, round-robin", none, ["lost", "broken", "at130", "not180", "anomaly"]],
    ["none, serial", serial, ["at180", "correct"]],
    ["pessimistic", pessimistic, ["at180", "correct"]],
    ["optimistic", optimistic, ["at180", "correct"]],
    ["transaction", transaction, ["at180", "correct"]],
    ["write skew, none", writeSkew, ["skew", "broken", "anomaly"]],
  ] as const)("%s meets exactly %j", (_, report, met) => {
    const o = observedRun(report as RunReport);
    const got = Object.entries(G)
      .filter(([, g]) => goalMet(g, o))
      .map(([k]) => k);
    expect(got).toEqual(met);
  });

  it("reads one cell of the final state by its key; a missing row is not a missing table", () => {
    expect(lookupCell(none.final, BALANCE)).toEqual({ kind: "value", value: 130 });
    expect(lookupCell(none.final, { ...BALANCE, value: 2 })).toEqual({ kind: "no_row" });
    expect(lookupCell(none.final, { ...BALANCE, table: "nope" })).toEqual({ kind: "no_column" });
    expect(lookupCell(none.final, { ...BALANCE, column: "nope" })).toEqual({ kind: "no_column" });
    // A row that is gone differs from what it held; a cell of another scenario's table meets nothing.
    const o = observedRun(none);
    expect(goalMet({ ...G.not180, cell: { ...BALANCE, value: 2 } }, o)).toBe(true);
    expect(goalMet({ ...G.not180, cell: { ...BALANCE, table: "nope" } }, o)).toBe(false);
  });
});

describe("a goal asked of the explorer's classes", () => {
  const summary = (s: string) => {
    const x = explored.strategies.find((t) => t.strategy === s);
    if (!x) throw new Error(s);
    return x;
  };

  it("agrees with the engine's own per-kind counts", () => {
    for (const s of explored.strategies) {
      expect(winningShare(G.lost, s).wins).toBe(s.outcomes.lost_update);
      expect(winningShare(G.correct, s).wins).toBe(s.outcomes.correct);
      expect(winningShare(G.lost, s).total).toBe(s.executions);
    }
  });

  it("finds Alice's deposit lost in the class that ends at 130, and only there", () => {
    const share = winningShare(G.at130, summary("none"));
    expect(share.winning).toHaveLength(1);
    expect(observedClass(share.winning[0]).final).toEqual(none.final);
    expect(explored.users).toEqual(["Alice", "Bob"]);
    expect(share.winning[0].representative.map((u) => explored.users[u])).toEqual(none.schedule);
    expect([share.wins, share.total]).toEqual([2, 6]);
  });
});

const challenge = (goal: Goal, strategy: Challenge["strategy"]): Challenge => ({
  id: "t",
  scenario: "builtin:lost-update.toml",
  strategy,
  start: null,
  goal,
  title: "t",
  claim: "can",
});

describe("the learner's run against a challenge", () => {
  it.each([
    ["none", "round-robin", none, "met"],
    ["none", "serial", serial, "not_met"],
    ["atomic", "round-robin none", none, "other_strategy"],
  ] as const)("ends at 130 under %s, asked of the %s run: %s", (strategy, _, report, kind) => {
    const ch = challenge(G.at130, strategy);
    expect(runStatus(ch, "builtin:lost-update.toml", report).kind).toBe(kind);
  });

  it("answers nothing for another scenario", () => {
    expect(runStatus(challenge(G.at130, "none"), "builtin:counter.toml", none).kind).toBe(
      "other_scenario",
    );
  });
});

describe("'it can't be done', judged by the explorer", () => {
  it("accepts a lost update under pessimistic and transaction: no class has one", () => {
    expect(judgeCannot(challenge(G.lost, "pessimistic"), explored)).toEqual({
      kind: "accepted",
      total: 4,
    });
    expect(judgeCannot(challenge(G.lost, "transaction"), explored)).toEqual({
      kind: "accepted",
      total: 6,
    });
  });

  it("refuses it under none, with the count and no schedule", () => {
    expect(judgeCannot(challenge(G.lost, "none"), explored)).toEqual({
      kind: "refused",
      wins: 4,
      total: 6,
    });
  });

  it("a sample cannot prove it, though it can disprove it", () => {
    const sampled: ExploreReport = { ...explored, method: { kind: "sample", runs: 3, seed: 1 } };
    expect(judgeCannot(challenge(G.lost, "pessimistic"), sampled)).toEqual({
      kind: "unproven",
      runs: 3,
    });
    expect(judgeCannot(challenge(G.lost, "none"), sampled).kind).toBe("refused");
  });

  it("says so when the strategy was not explored", () => {
    const one: ExploreReport = { ...explored, strategies: explored.strategies.slice(0, 1) };
    expect(judgeCannot(challenge(G.lost, "transaction"), one).kind).toBe("not_explored");
  });
});
