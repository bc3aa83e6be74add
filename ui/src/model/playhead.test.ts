import { describe, expect, it } from "vitest";
import { clampIndex, firstAnomalyIndex, playheadView } from "./playhead";
import * as s from "./samples.test-data";

describe("playhead", () => {
  it("shows the event's own recorded state", () => {
    const v = playheadView(s.none, 2)!;
    expect(v.position).toBe("step 3 of 4");
    expect(v.seq).toBe(3);
    expect(v.user).toBe("Alice");
    expect(v.caption).toBe("Alice deposits 50 and saves");
    expect(v.db[0].columns).toEqual(["id", "owner", "balance"]);
    expect(v.db[0].rows[0].map((c) => c.text)).toEqual(["1", "shared", "150"]);
    expect(v.db[0].rows[0].map((c) => c.changed)).toEqual([false, false, true]);
  });

  it("marks stale beliefs", () => {
    const v = playheadView(s.none, 2)!;
    const bob = v.beliefs.find((b) => b.user === "Bob")!;
    expect(bob.locals).toEqual([{ name: "balance", text: "100", stale: true }]);
    expect(bob.acting).toBe(false);
    expect(v.beliefs.find((b) => b.user === "Alice")!.locals[0].stale).toBe(false);
  });

  it("steps back exactly", () => {
    const forward = JSON.stringify(playheadView(s.optimistic, 3));
    playheadView(s.optimistic, 5);
    expect(JSON.stringify(playheadView(s.optimistic, 3))).toBe(forward);
    expect(playheadView(s.optimistic, 2)!.db[0].rows[0][2].text).toBe("150");
    expect(playheadView(s.optimistic, 1)!.db[0].rows[0][2].text).toBe("100");
  });

  it("clamps the index", () => {
    expect(clampIndex(s.none, -3)).toBe(0);
    expect(clampIndex(s.none, 99)).toBe(3);
    expect(clampIndex(null, 5)).toBe(0);
    expect(playheadView(s.none, 99)!.position).toBe("step 4 of 4");
  });

  it("names the anomalies that show at a step", () => {
    expect(playheadView(s.none, 3)!.anomaliesHere).toEqual([0]);
    expect(playheadView(s.none, 2)!.anomaliesHere).toEqual([]);
  });

  it("jumps to where the first anomaly shows", () => {
    expect(firstAnomalyIndex(s.none)).toBe(3);
    expect(firstAnomalyIndex(s.dirty)).toBe(3);
    expect(firstAnomalyIndex(s.atomic)).toBe(3);
    expect(firstAnomalyIndex(s.optimistic)).toBe(null);
  });

  it("falls back to the label when there is no caption", () => {
    const r = { ...s.dirty, events: s.dirty.events.map((e) => ({ ...e, caption: null })) };
    expect(playheadView(r, 0)!.caption).toBe("BEGIN");
    expect(playheadView(s.dirty, 0)!.caption).toBe("Alice starts a transaction");
  });
});
