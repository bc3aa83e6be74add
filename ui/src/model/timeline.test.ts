import { describe, expect, it } from "vitest";
import { buildTimeline, COMPACT_LAYOUT, DB_LANE, FULL_LAYOUT } from "./timeline";
import * as s from "./samples.test-data";

describe("lanes and columns", () => {
  it("has one lane per user plus the database, in order", () => {
    const t = buildTimeline(s.none);
    expect(t.lanes.map((l) => l.label)).toEqual(["Alice", "Bob", "Database"]);
    expect(t.lanes.map((l) => l.kind)).toEqual(["user", "user", "db"]);
    expect(t.lanes[2].id).toBe(DB_LANE);
    expect(t.lanes[1].y).toBeGreaterThan(t.lanes[0].y);
    expect(t.height).toBe(t.lanes[2].y + t.lanes[2].height);
  });

  it("spaces columns evenly by event rank", () => {
    const t = buildTimeline(s.optimistic, { ...FULL_LAYOUT, width: 1000 });
    expect(t.columns.map((c) => c.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    const gaps = t.columns.slice(1).map((c, i) => c.x - t.columns[i].x);
    expect(new Set(gaps).size).toBe(1);
    expect(gaps[0]).toBe(t.colWidth);
    expect(t.columns[0].x).toBe(FULL_LAYOUT.labelWidth + t.colWidth / 2);
  });

  it("clamps the column width and grows the figure for long histories", () => {
    const narrow = buildTimeline(s.transactionDelete, { ...FULL_LAYOUT, width: 300 });
    expect(narrow.colWidth).toBe(FULL_LAYOUT.minColumn);
    expect(narrow.width).toBeGreaterThan(300);
    const wide = buildTimeline(s.none, { ...FULL_LAYOUT, width: 5000 });
    expect(wide.colWidth).toBe(FULL_LAYOUT.maxColumn);
  });

  it("puts each step box in its user's lane and column", () => {
    const t = buildTimeline(s.none);
    const alice = t.lanes[0];
    const bob = t.lanes[1];
    expect(t.boxes.map((b) => [b.seq, b.user])).toEqual([
      [1, "Alice"],
      [2, "Bob"],
      [3, "Alice"],
      [4, "Bob"],
    ]);
    expect(t.boxes[0].y).toBeGreaterThanOrEqual(alice.y);
    expect(t.boxes[0].y + t.boxes[0].h).toBeLessThanOrEqual(alice.y + alice.height);
    expect(t.boxes[1].y).toBeGreaterThanOrEqual(bob.y);
    t.boxes.forEach((b, i) => {
      expect(b.x + b.w / 2).toBeCloseTo(t.columns[i].x);
    });
  });

  it("compact layout is shorter", () => {
    expect(buildTimeline(s.none, COMPACT_LAYOUT).height).toBeLessThan(buildTimeline(s.none).height);
  });
});

describe("marks", () => {
  it("marks every event of a finding and where it shows", () => {
    const t = buildTimeline(s.none);
    const marked = t.boxes.filter((b) => b.marks.includes("anomaly")).map((b) => b.seq);
    expect(marked).toEqual([2, 3, 4]);
    expect(t.boxes.filter((b) => b.anomalyHere).map((b) => b.seq)).toEqual([4]);
    expect(t.boxes[3].findings).toEqual([0]);
    expect(t.boxes[0].marks).toEqual([]);
  });

  it("has no anomaly marks when the checker found none", () => {
    for (const r of [s.pessimistic, s.optimistic, s.transaction, s.transactionDelete]) {
      expect(buildTimeline(r).boxes.some((b) => b.marks.includes("anomaly"))).toBe(false);
    }
  });

  it("marks BUSY_SNAPSHOT as busy and undone, its code left to the details", () => {
    const b = buildTimeline(s.transaction).boxes[3];
    expect(b.outcome).toBe("busy_snapshot");
    expect(b.marks).toEqual(["busy", "undone"]);
    expect(b.status).toBe("BUSY_SNAPSHOT · rolled back");
    expect(b.status).not.toContain("517");
  });

  it("marks plain BUSY in rollback-journal mode", () => {
    const b = buildTimeline(s.transactionDelete).boxes[3];
    expect(b.marks).toEqual(["busy", "undone"]);
    expect(b.status).toBe("BUSY · rolled back");
  });

  it("marks optimistic conflicts, and the abandoned attempt's read", () => {
    const t = buildTimeline(s.optimistic);
    expect(t.boxes[3].marks).toEqual(["conflict", "undone"]);
    expect(t.boxes[3].status).toBe("0 rows changed · conflict");
    expect(t.boxes[1].marks).toEqual(["undone"]);
    expect(t.boxes[1].status).toBe("attempt abandoned");
    expect(t.boxes[4].marks).toEqual(["retry"]);
    expect(t.boxes[4].status).toBe("retry of #4");
  });

  it("draws an explicit ROLLBACK normally, and the write it undid as undone", () => {
    const t = buildTimeline(s.dirty);
    expect(t.boxes[4].marks).toEqual(["rolled_back"]);
    expect(t.boxes[4].status).toBe(null);
    expect(t.boxes[2].marks).toEqual(["undone", "anomaly"]);
    expect(t.boxes[2].status).toBe("never committed");
  });

  it("says which statement waits, and a resumed step is no retry", () => {
    const t = buildTimeline(s.pessimistic);
    expect(t.boxes[1].marks).toEqual(["blocked"]);
    expect(t.boxes[1].status).toBe("BEGIN IMMEDIATE waits");
    expect(t.boxes[3].marks).toEqual([]);
    expect(t.boxes[3].status).toBe("got the lock");
    expect(buildTimeline(s.transactionDelete).boxes[2].status).toBe("UPDATE done · COMMIT waits");
  });

  it("offers raw SQL labels in shorter forms", () => {
    const b = buildTimeline(s.deadlock).boxes[2];
    // Hermitage's own SQL, in its own case.
    expect(b.label).toBe("select * from test where id = 1");
    expect(b.labelForms?.[1]).toEqual(["read test", "where id = 1"]);
    // Bob's "think: waits" sent nothing: a plain label.
    expect(buildTimeline(s.dirty).boxes[1].labelForms).toBe(null);
  });
});

describe("blocked spans", () => {
  it("draws a bar from the blocked event to the one that got through", () => {
    const t = buildTimeline(s.pessimistic);
    expect(t.bars).toHaveLength(1);
    const bar = t.bars[0];
    expect(bar.user).toBe("Bob");
    // From the right edge of step 2's box to the left edge of step 4's.
    expect(bar.x1).toBe(t.boxes[1].x + t.boxes[1].w);
    expect(bar.x2).toBe(t.boxes[3].x);
    expect(bar.x1).toBeLessThan(t.columns[2].x);
    expect(bar.x2).toBeGreaterThan(t.columns[2].x);
    const bob = t.lanes[1];
    expect(bar.y).toBeGreaterThan(bob.y);
    expect(bar.y + bar.h).toBeLessThan(bob.y + bob.height);
  });

  it("runs an open span to the end", () => {
    const r = { ...s.pessimistic, blocked: [{ user: "Bob", from: 2, until: null }] };
    const t = buildTimeline(r);
    expect(t.bars[0].x2).toBe(t.columns[4].x + t.colWidth / 2);
  });

  it("runs a deadlocked wait on to the deadlock line, one span per wait", () => {
    const t = buildTimeline(s.deadlock);
    expect(t.bars.map((b) => [b.user, b.from, b.until])).toEqual([
      ["T1", 7, null],
      ["T2", 6, null],
    ]);
    const end = t.columns[6].x + t.colWidth / 2 + FULL_LAYOUT.deadlockLine;
    expect(t.bars.every((b) => b.x2 === end)).toBe(true);
    expect(t.width).toBeGreaterThan(end);
  });

  it("draws one span from the blocked step to the one that got through", () => {
    const t = buildTimeline(s.transactionDelete);
    expect(t.bars.map((b) => [b.user, b.from, b.until])).toEqual([["Alice", 3, 5]]);
    expect(t.bars[0].x2).toBe(t.boxes[4].x);
  });

  it("has no bars without spans", () => {
    expect(buildTimeline(s.none).bars).toEqual([]);
  });
});

describe("arrows", () => {
  it("links a retry to what it retries", () => {
    const t = buildTimeline(s.optimistic);
    const retries = t.arrows.filter((a) => a.kind === "retry");
    expect(retries.map((a) => [a.from, a.to])).toEqual([[4, 5]]);
    // Alice's step 5 resumes her wait at step 3: a wait, not a retry.
    const t2 = buildTimeline(s.transactionDelete);
    expect(t2.arrows.filter((a) => a.kind === "retry").map((a) => [a.from, a.to])).toEqual([
      [4, 6],
    ]);
    expect(buildTimeline(s.pessimistic).arrows.filter((a) => a.kind === "retry")).toEqual([]);
  });

  it("arcs a retry over its lane's boxes, so adjacent columns still show a line", () => {
    const t = buildTimeline(s.transaction);
    const r = t.arrows.find((a) => a.kind === "retry")!;
    const bob = t.lanes[1];
    const from = t.boxes[3];
    const to = t.boxes[4];
    const [x1, y1] = r.d.slice(2).split(" ").map(Number);
    const end = r.d.split(" ").slice(-2).map(Number);
    expect(x1).toBeGreaterThan(from.x + from.w / 2);
    expect(x1).toBeLessThan(from.x + from.w);
    expect(y1).toBe(from.y);
    expect(end[0]).toBeGreaterThan(to.x);
    expect(end[1]).toBe(to.y);
    // The arc's span is much longer than the gap between the boxes.
    expect(end[0] - x1).toBeGreaterThan(3 * (to.x - from.x - from.w));
    expect(r.ly).toBeLessThan(from.y);
    expect(r.ly).toBeGreaterThan(bob.y - 4);
  });

  it("draws reads-from arrows from the observed write, one per pair", () => {
    const t = buildTimeline(s.optimistic);
    const rf = t.arrows.filter((a) => a.kind === "reads_from");
    expect(rf.map((a) => [a.from, a.to])).toEqual([[3, 5]]);
    expect(rf[0].label).toBe("balance 150, version 1");
  });

  it("routes an arrow upwards when the reader's lane is above the writer's", () => {
    const events = s.none.events.map((e) =>
      e.seq === 3
        ? {
            ...e,
            reads: [
              {
                sql: "",
                columns: [],
                rows: [
                  { table: "account", key: 1, cells: [{ column: "balance", value: 100, from: 2 }] },
                ],
              },
            ],
          }
        : e,
    );
    const t = buildTimeline({ ...s.none, events });
    const a = t.arrows.find((x) => x.kind === "reads_from")!;
    const bob = t.boxes[1];
    const alice = t.boxes[2];
    expect(a.d.startsWith(`M ${bob.x + bob.w * 0.62} ${bob.y} C`)).toBe(true);
    expect(a.d.endsWith(`${alice.x + alice.w * 0.38} ${alice.y + alice.h}`)).toBe(true);
    expect(a.ly).toBeGreaterThan(alice.y + alice.h);
    expect(a.ly).toBeLessThan(bob.y);
  });

  it("draws no arrow for values from the setup", () => {
    expect(buildTimeline(s.none).arrows).toEqual([]);
  });

  it("draws the dirty read from the uncommitted write", () => {
    const rf = buildTimeline(s.dirty).arrows.filter((a) => a.kind === "reads_from");
    expect(rf.map((a) => [a.from, a.to, a.label])).toEqual([[3, 4, "balance 0"]]);
    expect(rf[0].d.startsWith("M ")).toBe(true);
  });
});

describe("database lane", () => {
  it("shows committed changes where they became visible", () => {
    const t = buildTimeline(s.none);
    expect(t.dbBoxes.map((b) => [b.seq, b.lines])).toEqual([
      [3, ["balance 100→150"]],
      [4, ["balance 150→130"]],
    ]);
  });

  it("shows a transaction's changes at its commit, not at the write", () => {
    const t = buildTimeline(s.transactionDelete);
    expect(t.dbBoxes.map((b) => [b.seq, b.commits, b.lines])).toEqual([
      [5, [3], ["balance 100→150"]],
      [7, [7], ["balance 150→180"]],
    ]);
  });

  it("has shorter forms for small boxes", () => {
    expect(buildTimeline(s.optimistic).dbBoxes[0].forms).toEqual([
      ["balance 100→150", "version 0→1"],
      ["balance 150", "version 1"],
    ]);
  });

  it("names the row by its text when the table has several", () => {
    const t = buildTimeline(s.writeSkew);
    expect(t.dbBoxes[0].lines).toEqual(["alice on_call 1→0"]);
    expect(t.dbBoxes[1].forms[2]).toEqual(["bob 0"]);
  });

  it("has nothing for an uncommitted write", () => {
    expect(buildTimeline(s.dirty).dbBoxes).toEqual([]);
  });

  it("leaves room after the last column for a deadlock", () => {
    const t = buildTimeline(s.deadlock);
    expect(t.deadlock).toBe(true);
    expect(t.width).toBe(
      t.columns[t.columns.length - 1].x + t.colWidth / 2 + FULL_LAYOUT.deadlockRoom,
    );
    // Compact rows keep a smaller room, so a compare row does not scroll sideways.
    const c = buildTimeline(s.deadlock, { ...COMPACT_LAYOUT, minColumn: 90, maxColumn: 90 });
    expect(c.width).toBe(c.columns[6].x + 45 + COMPACT_LAYOUT.deadlockRoom);
    expect(buildTimeline(s.none).deadlockRoom).toBe(0);
  });
});
