import { describe, expect, it } from "vitest";
import * as s from "../model/samples.test-data";
import { interleavings, syntheticExplore } from "./preview-explore";

describe("preview explorer (synthetic)", () => {
  it("enumerates interleavings: each user's order kept, user 0 first", () => {
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

  it("extrapolates the recorded runs into classes: the anomaly in the 4 interleaved schedules of 6", () => {
    const r = syntheticExplore(
      [s.none, s.atomic, s.pessimistic, s.optimistic, s.transaction],
      "wal",
      false,
    );
    expect(r.users).toEqual(["Alice", "Bob"]);
    expect(r.interleavings).toBe(6);
    expect(r.strategies.map((x) => x.strategy)).toEqual([
      "none",
      "atomic",
      "pessimistic",
      "optimistic",
      "transaction",
    ]);
    const none = r.strategies[0];
    expect(none.executions).toBe(6);
    expect(none.outcomes.lost_update).toBe(4);
    expect(none.outcomes.correct).toBe(2);
    // Anomalies first, then by count; every schedule in exactly one class.
    expect(none.classes.map((c) => [c.outcome, c.count])).toEqual([
      ["anomaly", 4],
      ["correct", 2],
    ]);
    expect(none.classes[0].representative).toEqual(none.classes[0].schedules[0]);
    expect(r.strategies[2].outcomes.correct).toBe(6);
  });

  it("makes a big space with every kind of outcome, counts adding up", () => {
    const r = syntheticExplore([s.none], "wal", true);
    expect(r.interleavings).toBe(924);
    expect(r.strategies).toHaveLength(5);
    for (const st of r.strategies) {
      expect(st.classes.reduce((a, c) => a + c.count, 0)).toBe(924);
      for (const c of st.classes) expect(c.schedules.length).toBeLessThanOrEqual(20);
    }
    const outcomes = new Set(r.strategies.flatMap((x) => x.classes.map((c) => c.outcome)));
    for (const o of ["correct", "anomaly", "gave_up", "failed", "deadlock"] as const)
      expect(outcomes).toContain(o);
  });
});
