import { describe, expect, it } from "vitest";
import { badgeOf, badgeSoFar, finalValues, rowTitle } from "./compare";
import * as s from "./samples.test-data";

describe("compare badges", () => {
  it("shows the lost update, named with its class, and the wrong final value", () => {
    const b = badgeOf(s.none);
    expect(b.finals).toEqual(["balance 130"]);
    expect(b.outcome.outcome).toBe("anomaly");
    expect(b.outcome.anomalies).toEqual(["Lost update (G-single)"]);
    expect(b.outcome.good).toBe(false);
  });

  it("draws its word from the run's outcome, as the single view does", () => {
    expect(badgeOf(s.optimistic).outcome).toMatchObject({ outcome: "correct", text: "Correct" });
    expect(badgeOf(s.atomic).outcome.text).toBe("Non-repeatable read (G-single)");
    // The outcome decides, not the costs: a run whose costs say someone gave up but whose
    // outcome is correct is badged correct, and the other way round.
    const costsOnly = {
      ...s.optimistic,
      costs: s.optimistic.costs.map((c) => ({ ...c, gave_up: true })),
    };
    expect(badgeOf(costsOnly).outcome.text).toBe("Correct");
    const gaveUp = { ...s.optimistic, outcome: "gave_up" as const };
    expect(badgeOf(gaveUp).outcome).toMatchObject({
      text: "Gave up",
      good: false,
      glyph: "gave_up",
    });
  });

  it("counts retries, conflicts and blocked steps from costs", () => {
    const o = badgeOf(s.optimistic);
    expect([o.retries, o.conflicts, o.blockedSteps]).toEqual([1, 1, 0]);
    expect(o.costText).toBe("1 retry · 1 conflict · 0 blocked");
    expect(o.finals).toEqual(["balance 180", "version 2"]);
    const p = badgeOf(s.pessimistic);
    expect([p.retries, p.blockedSteps, p.outcome.good]).toEqual([0, 1, true]);
  });

  it("names each row's value of a changed column", () => {
    expect(finalValues(s.writeSkew)).toEqual(["on_call: alice 0 · bob 0"]);
    // Only the rows the run touched, named by id when they have no text.
    expect(finalValues(s.deadlock)).toEqual(["value: #1 10"]);
  });

  it("names raw-SQL rows by journal, others by strategy", () => {
    expect(rowTitle(s.deadlock)).toBe("As written · rollback journal");
    expect(rowTitle({ ...s.dirty, journal: "wal" })).toBe("As written · WAL");
    expect(rowTitle(s.optimistic)).toBe("Optimistic");
  });

  it("carries the engine's verdict", () => {
    expect(badgeOf(s.transaction).verdict).toContain("BUSY_SNAPSHOT (517)");
  });

  it("flags a deadlock", () => {
    expect(badgeOf(s.deadlock).outcome).toMatchObject({ outcome: "deadlock", text: "Deadlock" });
  });
});

describe("a compare badge before its run's end", () => {
  const runs = [s.none, s.atomic, s.pessimistic, s.optimistic, s.transaction, s.transactionDelete];

  it("counts the costs so far, and at the last step they are the engine's", () => {
    for (const r of runs) {
      expect(badgeSoFar(r, r.events.length - 1).costText).toBe(badgeOf(r).costText);
    }
    // Optimistic: nothing has cost anything before Bob's save is refused at step 4.
    expect(badgeSoFar(s.optimistic, 2).costText).toBe("0 retries · 0 blocked");
    expect(badgeSoFar(s.optimistic, 3).costText).toBe("0 retries · 1 conflict · 0 blocked");
  });

  it("shows the committed values by the playhead, not the final ones", () => {
    expect(badgeSoFar(s.none, 0).finals).toEqual([]);
    expect(badgeSoFar(s.none, 2).finals).toEqual(["balance 150"]);
    expect(badgeSoFar(s.none, 3).finals).toEqual(badgeOf(s.none).finals);
    expect(badgeSoFar(s.none, 1).outcomeAt).toBe(4);
  });
});
