import { describe, expect, it } from "vitest";
import type { RunReport } from "../bindings/RunReport";
import { edgeKey, graphView, type GraphView } from "./graph";
import { edgeSentence } from "./graph-sentence";
import * as g from "./graph-samples.test-data";
import * as s from "./samples.test-data";

const SAMPLES: Record<string, RunReport> = {
  "lost-update none": s.none,
  "lost-update transaction": s.transaction,
  "lost-update optimistic": s.optimistic,
  "dirty-read": s.dirty,
  "write-skew none": s.writeSkew,
  "p4 deadlock": s.deadlock,
  "counter-three none": g.counterThreeNone,
  "counter-three transaction": g.counterThreeTransaction,
  "write-skew-three none": g.writeSkewThreeNone,
  "write-skew-three transaction": g.writeSkewThreeTransaction,
  "three-counters none": g.threeCountersNone,
  "phantom none": g.phantomNone,
  "transfer none": g.transferNone,
  "stale-read none": g.staleNone,
  "hermitage g-single": g.hermitageGSingle,
  "hermitage g1b read-uncommitted": g.hermitageG1b,
  "hermitage otv": g.hermitageOtv,
};

const at = (r: RunReport, step: number) => graphView(r, step - 1, { revealAll: false });
/** "rw 2>1" per visible edge, cycle edges starred. */
const edgesOf = (v: GraphView) =>
  v.edges.map((e) => `${e.kind} ${e.from}>${e.to}${e.onCycle ? "*" : ""}`).sort();
const nodesOf = (v: GraphView) => v.nodes.map((n) => `${n.label}:${n.state}`);

describe("graphView, step by step on real runs", () => {
  // Each row: the run, a step, the nodes, the edges (* on the closed cycle), the cycle's name.
  const cases: [string, number, string[], string[], string[]][] = [
    ["lost-update none", 1, ["Alice:running"], [], []],
    ["lost-update none", 2, ["Alice:running", "Bob:running"], [], []],
    ["lost-update none", 3, ["Alice:committed", "Bob:running"], ["rw 2>1"], []],
    [
      "lost-update none",
      4,
      ["Alice:committed", "Bob:committed"],
      ["rw 2>1*", "ww 1>2*"],
      ["Lost update (G-single)"],
    ],
    // Bob's first attempt is not "attempt 1" until the retry is on screen.
    ["lost-update transaction", 2, ["Alice:running", "Bob:running"], [], []],
    [
      "lost-update transaction",
      5,
      ["Alice:committed", "Bob (attempt 1):aborted", "Bob (attempt 2):running"],
      ["wr 1>3"],
      [],
    ],
    [
      "lost-update transaction",
      6,
      ["Alice:committed", "Bob (attempt 1):aborted", "Bob (attempt 2):committed"],
      ["wr 1>3", "ww 1>3"],
      [],
    ],
    // The aborted writer's edge is known from the finding, at the dirty read.
    ["dirty-read", 3, ["Alice:running"], [], []],
    ["dirty-read", 4, ["Alice:running", "Bob:committed"], ["wr 1>2"], []],
    ["dirty-read", 5, ["Alice:aborted", "Bob:committed"], ["wr 1>2"], []],
    [
      "write-skew-three none",
      5,
      ["Alice:committed", "Bob:committed", "Carol:running"],
      ["rw 2>1", "rw 3>2"],
      [],
    ],
    [
      "write-skew-three none",
      6,
      ["Alice:committed", "Bob:committed", "Carol:committed"],
      ["rw 1>3*", "rw 2>1*", "rw 3>2*"],
      ["Write skew (G2-item)"],
    ],
    // Two lost updates in one run: the second cycle closes a step after the first.
    [
      "counter-three none",
      5,
      ["Alice:committed", "Bob:committed", "Carol:running"],
      ["rw 2>1*", "rw 3>1", "ww 1>2*"],
      ["Lost update (G-single)"],
    ],
    [
      "counter-three none",
      6,
      ["Alice:committed", "Bob:committed", "Carol:committed"],
      ["rw 2>1*", "rw 3>1*", "ww 1>2*", "ww 2>3*"],
      ["Lost update (G-single)"],
    ],
    ["stale-read none", 5, ["Alice:committed", "Bob:committed"], ["rw 1>2"], []],
    ["p4 deadlock", 7, ["T1:unfinished", "T2:unfinished"], [], []],
  ];
  it.each(cases)("%s at step %i", (name, step, nodes, edges, cycle) => {
    const v = at(SAMPLES[name], step);
    expect(v.step).toBe(step);
    expect(nodesOf(v)).toEqual(nodes);
    expect(edgesOf(v)).toEqual(edges);
    expect(v.cycleNames).toEqual(cycle);
    expect(v.cycleClosed).toBe(cycle.length > 0);
  });

  it("lost update: the cycle's edges, items, steps and events", () => {
    const v = at(s.none, 4);
    const rw = v.edges.find((e) => e.kind === "rw");
    const ww = v.edges.find((e) => e.kind === "ww");
    expect([rw?.item, rw?.itemShort, rw?.step]).toEqual(["account[1].balance", "balance", 3]);
    expect([ww?.item, ww?.step]).toEqual(["account[1].balance", 4]);
    expect(v.cycleEvents).toEqual([2, 3, 4]);
    expect(v.nodes.every((n) => n.onCycle)).toBe(true);
    expect(v.findings.map((f) => [f.cycle, f.at, f.route])).toEqual([
      [true, 4, ["Bob", "Alice", "Bob"]],
    ]);
  });

  it("a stale read is flagged on its edge, not a cycle, and the run keeps its serial order", () => {
    const v = at(g.staleNone, 5);
    expect(v.edges.map((e) => [e.flagged, e.onCycle])).toEqual([[true, false]]);
    expect(v.findings.map((f) => [f.name, f.cycle])).toEqual([["Stale read", false]]);
    expect(v.order).toEqual(["Alice", "Bob"]);
  });

  it("a version committed later makes its rw edge appear at the COMMIT", () => {
    // Hermitage G-single: T1 read row 1 at step 3; T2 updated it at 6 and committed at 8.
    const r = g.hermitageGSingle;
    expect(edgesOf(at(r, 7))).toEqual([]);
    const v = at(r, 8);
    expect(v.edges.map((e) => [e.kind, e.step, e.appearsAt])).toEqual([["rw", 6, 8]]);
    // T1's read of row 2 at step 9 saw the old version of T2's committed write: a second rw.
    expect(at(r, 9).edges.map((e) => [e.kind, e.step, e.appearsAt])).toEqual([
      ["rw", 6, 8],
      ["rw", 9, 9],
    ]);
  });

  it("a read of an uncommitted version shows its wr edge at the read", () => {
    // Hermitage G1b under read_uncommitted: T2 read T1's 101 at step 4; T1 committed 11 at 6.
    const v = at(g.hermitageG1b, 5);
    expect(v.edges.map((e) => [e.kind, e.appearsAt, e.flagged])).toEqual([["wr", 4, true]]);
    expect(v.findings.map((f) => [f.name, f.cycle, f.at])).toEqual([
      ["Dirty read (G1b)", false, 5],
    ]);
  });

  it("retries: the order names the attempts that took effect", () => {
    const v = at(g.counterThreeTransaction, 12);
    expect(v.order).toEqual(["Alice", "Bob (attempt 2)", "Carol (attempt 3)"]);
    expect(v.nodes.filter((n) => n.state === "aborted").map((n) => n.label)).toEqual([
      "Bob (attempt 1)",
      "Carol (attempt 1)",
      "Carol (attempt 2)",
    ]);
  });

  it("a predicate edge says so", () => {
    const v = at(g.phantomNone, 5);
    const p = v.edges.find((e) => e.kind === "rw" && e.on.kind === "predicate");
    expect(p?.item).toBe("doctor where on_call = 1");
    expect(p?.onCycle).toBe(true);
    expect(v.cycleNames).toEqual(["Phantom read (G-single)"]);
  });

  it("an acyclic run shows its order only once the whole run is shown", () => {
    expect(at(s.transaction, 5).order).toBeNull();
    expect(at(s.transaction, 6).order).toEqual(["Alice", "Bob (attempt 2)"]);
    expect(graphView(s.transaction, 0, { revealAll: true }).order).toEqual([
      "Alice",
      "Bob (attempt 2)",
    ]);
    expect(at(s.none, 4).order).toBeNull();
  });
});

describe("graphView on every sample", () => {
  const entries = Object.entries(SAMPLES);

  it.each(entries)("%s: nothing appears before its step", (_, r) => {
    for (let step = 1; step <= r.events.length; step++) {
      const v = at(r, step);
      for (const e of v.edges) expect(e.appearsAt).toBeLessThanOrEqual(step);
      for (const e of v.edges) expect(Math.max(e.fromEvent, e.toEvent)).toBeLessThanOrEqual(step);
      for (const n of v.nodes) expect(n.firstEvent).toBeLessThanOrEqual(step);
      for (const f of v.findings) expect(Math.max(...f.events)).toBeLessThanOrEqual(step);
      const units = new Map(r.trace.units.map((u) => [u.id, u]));
      for (const n of v.nodes) {
        const last = Math.max(...(units.get(n.unit)?.events ?? [0]));
        if (last > step) expect([n.state, n.inGraph]).toEqual(["running", false]);
      }
    }
  });

  it.each(entries)("%s: edges only accumulate, and the last step shows all", (_, r) => {
    let before = new Set<string>();
    for (let step = 1; step <= r.events.length; step++) {
      const now = new Set(at(r, step).edges.map((e) => e.id));
      for (const id of before) expect(now.has(id)).toBe(true);
      before = now;
    }
    const every = new Set([...r.graph.edges, ...r.findings.flatMap((f) => f.cycle)].map(edgeKey));
    expect(before).toEqual(every);
  });

  it.each(entries)("%s: a cycle shows at the step where the timeline marks it", (_, r) => {
    for (const [k, f] of r.findings.entries()) {
      const last = Math.max(...f.events);
      expect(at(r, last).findings.map((x) => x.index)).toContain(k);
      if (last > 1) expect(at(r, last - 1).findings.map((x) => x.index)).not.toContain(k);
    }
  });

  it.each(entries)("%s: revealAll at step 1 is the whole run", (_, r) => {
    expect(graphView(r, 0, { revealAll: true })).toEqual(at(r, r.events.length));
  });

  it.each(entries)(
    "%s: a cycle closes exactly when the engine finds the run not serializable",
    (_, r) => {
      const v = at(r, r.events.length);
      expect(v.cycleClosed).toBe(!r.serializable);
      expect(v.order === null).toBe(r.graph.order === null);
    },
  );

  it.each(entries)("%s: each cycle edge's own sentence is the engine's line for it", (_, r) => {
    const last = graphView(r, 0, { revealAll: true });
    const label = (unit: number) => last.nodes.find((n) => n.unit === unit)?.label ?? "";
    for (const f of r.findings) {
      if (f.steps.length !== f.cycle.length) continue;
      f.cycle.forEach((e, k) => {
        expect(edgeSentence(r, e, { label })).toBe(f.steps[k]);
      });
    }
  });
});
