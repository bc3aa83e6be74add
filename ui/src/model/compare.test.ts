import { describe, expect, it } from "vitest";
import { badgeOf, finalValues } from "./compare";
import * as s from "./samples.test-data";

describe("compare badges", () => {
  it("shows the lost update and the wrong final value", () => {
    const b = badgeOf(s.none);
    expect(b.finals).toEqual(["balance 130"]);
    expect(b.anomalies).toEqual(["Lost update (P4)"]);
    expect(b.serializable).toBe(false);
    expect(b.invariantsHold).toBe(false);
  });

  it("counts retries, conflicts and blocked steps from costs", () => {
    const o = badgeOf(s.optimistic);
    expect([o.retries, o.conflicts, o.blockedSteps]).toEqual([1, 1, 0]);
    expect(o.costText).toBe("1 retry · 1 conflict · 0 blocked");
    expect(o.finals).toEqual(["balance 180", "version 2"]);
    const p = badgeOf(s.pessimistic);
    expect([p.retries, p.blockedSteps, p.serializable]).toEqual([0, 1, true]);
  });

  it("lists every row's value of a changed column", () => {
    expect(finalValues(s.writeSkew)).toEqual(["on_call 0, 0"]);
  });

  it("flags a deadlock", () => {
    expect(badgeOf(s.deadlock).deadlock).toBe(true);
  });
});
