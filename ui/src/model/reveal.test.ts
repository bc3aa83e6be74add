import { describe, expect, it } from "vitest";
import { revealAt, revealTimeline } from "./reveal";
import * as s from "./samples.test-data";
import { buildTimeline } from "./timeline";

const at = (r: typeof s.none, index: number, all = false) => ({
  reveal: revealAt(r, index, all),
  t: revealTimeline(buildTimeline(r), revealAt(r, index, all)),
});
const box = (t: ReturnType<typeof at>["t"], seq: number) => t.boxes.find((b) => b.seq === seq)!;

describe("reveal at the playhead", () => {
  it("shows the lost update only at the event where its cycle closes", () => {
    // Its events are 2, 3, 4; the cycle closes at Bob's save, step 4 (index 3).
    expect(s.none.findings[0].events).toEqual([2, 3, 4]);
    for (const i of [0, 1, 2]) {
      const { reveal, t } = at(s.none, i);
      expect(reveal.findings).toEqual([]);
      expect(reveal.outcome).toBe(false);
      expect(t.boxes.some((b) => b.marks.includes("anomaly") || b.anomalyHere)).toBe(false);
    }
    const { reveal, t } = at(s.none, 3);
    expect(reveal.findings).toEqual([0]);
    expect(reveal.closedAt).toEqual([3]);
    expect(reveal.outcome).toBe(true);
    expect(t.boxes.filter((b) => b.marks.includes("anomaly")).map((b) => b.seq)).toEqual([2, 3, 4]);
    expect(t.boxes.filter((b) => b.anomalyHere).map((b) => b.seq)).toEqual([4]);
  });

  it("draws steps after the playhead as placeholders with nothing of what they did", () => {
    const { reveal, t } = at(s.none, 0);
    expect([...reveal.future]).toEqual([2, 3, 4]);
    expect([...t.placeholders]).toEqual([2, 3, 4]);
    const bob = box(t, 4);
    // Where it stands and whose turn it is stay: the schedule is the scenario's.
    const full = buildTimeline(s.none).boxes[3];
    expect([bob.user, bob.x, bob.y, bob.w]).toEqual([full.user, full.x, full.y, full.w]);
    expect(full.label).toContain("balance = 130");
    expect([bob.label, bob.intent, bob.sent, bob.status, bob.labelForms]).toEqual([
      "",
      "",
      null,
      null,
      null,
    ]);
    expect(bob.marks).toEqual([]);
    // The step at the playhead is whole.
    expect(box(t, 1).label).toBe(buildTimeline(s.none).boxes[0].label);
    // No commit, and no reads-from arrow, that has not happened.
    expect(t.dbBoxes).toEqual([]);
    expect(t.arrows).toEqual([]);
    const later = at(s.none, 2).t;
    expect(later.dbBoxes.map((b) => b.seq)).toEqual([3]);
    expect(later.arrows.every((a) => a.to <= 3 && a.from <= 3)).toBe(true);
  });

  it("marks an abandoned attempt only once the failure that abandons it is reached", () => {
    // Optimistic: Bob's read (2) belongs to the attempt his failed save (4) abandons.
    expect(buildTimeline(s.optimistic).boxes[1].marks).toContain("undone");
    expect(box(at(s.optimistic, 1).t, 2).marks).not.toContain("undone");
    expect(box(at(s.optimistic, 2).t, 2).marks).not.toContain("undone");
    expect(box(at(s.optimistic, 3).t, 2).marks).toContain("undone");
    expect(box(at(s.optimistic, 3).t, 4).marks).toContain("conflict");
    // The retry's link appears with the retry.
    expect(at(s.optimistic, 3).t.arrows.some((a) => a.kind === "retry")).toBe(false);
    expect(at(s.optimistic, 4).t.arrows.some((a) => a.kind === "retry")).toBe(true);
  });

  it("draws a wait up to the playhead, its end unknown until it ends", () => {
    // Pessimistic: Bob waits from step 2 until step 4.
    expect(at(s.pessimistic, 0).t.bars).toEqual([]);
    const waiting = at(s.pessimistic, 2).t;
    const full = buildTimeline(s.pessimistic);
    expect(waiting.bars).toHaveLength(1);
    expect(waiting.bars[0].until).toBeNull();
    expect(waiting.bars[0].x2).toBeLessThan(full.bars[0].x2 + 1);
    expect(waiting.bars[0].x2).toBeLessThanOrEqual(full.columns[2].x + full.colWidth / 2);
    expect(at(s.pessimistic, 3).t.bars).toEqual(full.bars);
  });

  it("keeps a deadlock, and the rollback it causes, for the last step", () => {
    const last = s.deadlock.events.length - 1;
    const before = at(s.deadlock, last - 1);
    expect(before.t.deadlock).toBe(false);
    expect(before.reveal.outcome).toBe(false);
    // T1's step 5 is never committed: its unit ends waiting, in the deadlock.
    expect(box(before.t, 5).marks).not.toContain("undone");
    const end = at(s.deadlock, last);
    expect(end.t.deadlock).toBe(true);
    expect(end.reveal.outcome).toBe(true);
    expect(box(end.t, 5).marks).toContain("undone");
  });

  it("shows everything at once when asked, whatever the playhead", () => {
    const { reveal, t } = at(s.none, 0, true);
    expect(reveal.findings).toEqual([0]);
    expect(reveal.outcome).toBe(true);
    expect(t.placeholders.size).toBe(0);
    const full = buildTimeline(s.none);
    expect(t.boxes).toEqual(full.boxes);
    expect(t.arrows).toEqual(full.arrows);
    expect(t.dbBoxes).toEqual(full.dbBoxes);
  });
});
