import { describe, expect, it } from "vitest";
import * as s from "../model/samples.test-data";
import { interleavings, syntheticExplore } from "./preview-explore";

describe("preview explorer (synthetic)", () => {
  it("enumerates interleavings like the engine: each user's order kept, user 0 first", () => {
    expect(interleavings([2, 2])).toEqual([
      [0, 0, 1, 1],
      [0, 1, 0, 1],
      [0, 1, 1, 0],
      [1, 0, 0, 1],
      [1, 0, 1, 0],
      [1, 1, 0, 0],
    ]);
    expect(interleavings([6, 6])).toHaveLength(924);
  });

  it("extrapolates the recorded runs: an anomaly in the 4 interleaved schedules of 6", () => {
    const r = syntheticExplore(
      [s.none, s.atomic, s.pessimistic, s.optimistic, s.transaction],
      "wal",
      false,
    );
    expect(r.users).toEqual(["Alice", "Bob"]);
    expect(r.strategies.map((x) => x.strategy)).toEqual([
      "none",
      "atomic",
      "pessimistic",
      "optimistic",
      "transaction",
    ]);
    // As `interleave explore fixtures/lost-update.toml` finds: the lost update under none,
    // and under atomic Bob's read and his UPDATE see different balances.
    expect(r.strategies[0].outcomes.lost_update).toBe(4);
    expect(r.strategies[0].outcomes.correct).toBe(2);
    expect(r.strategies[1].outcomes.non_repeatable_read).toBe(4);
    expect(r.strategies[2].outcomes.correct).toBe(6);
    // Each cell carries its run's outcome, as the engine's cells do.
    expect(r.strategies[0].cells.map((c) => c.outcome)).toEqual([
      "correct",
      "anomaly",
      "anomaly",
      "anomaly",
      "anomaly",
      "correct",
    ]);
  });

  it("makes a big space with every kind of outcome", () => {
    const r = syntheticExplore([s.none], "wal", true);
    expect(r.schedules).toHaveLength(924);
    expect(r.strategies).toHaveLength(5);
    const all = r.strategies.flatMap((x) =>
      Object.entries(x.outcomes)
        .filter(([, n]) => n > 0)
        .map(([k]) => k),
    );
    for (const k of ["correct", "lost_update", "stale_read", "error", "deadlock"])
      expect(all).toContain(k);
    const outcomes = new Set(r.strategies.flatMap((x) => x.cells.map((c) => c.outcome)));
    for (const o of ["correct", "anomaly", "gave_up", "failed", "deadlock"] as const)
      expect(outcomes).toContain(o);
  });
});
