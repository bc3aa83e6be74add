import { describe, expect, it } from "vitest";
import type { RunReport } from "../bindings/RunReport";
import { graphView } from "./graph";
import {
  fittedLayout,
  type GraphLayout,
  type GraphSize,
  layoutGraph,
  legibleIn,
  MIN_NAME_PX,
  METRICS,
  nameTextPx,
} from "./graph-layout";
import * as g from "./graph-samples.test-data";
import * as s from "./samples.test-data";

const SAMPLES: Record<string, RunReport> = {
  "lost-update none": s.none,
  "lost-update transaction": s.transaction,
  "write-skew none": s.writeSkew,
  "dirty-read": s.dirty,
  "counter-three none": g.counterThreeNone,
  "counter-three transaction": g.counterThreeTransaction,
  "write-skew-three none": g.writeSkewThreeNone,
  "three-counters none": g.threeCountersNone,
  "transfer none": g.transferNone,
  "hermitage otv": g.hermitageOtv,
};
const SIZES: GraphSize[] = ["full", "panel", "small"];

type Box = { x: number; y: number; w: number; h: number };
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const labelBox = (l: { x: number; y: number; w: number; h: number }): Box => ({
  x: l.x - l.w / 2,
  y: l.y - l.h / 2,
  w: l.w,
  h: l.h,
});

function boxes(layout: GraphLayout): [string, Box][] {
  return [
    ...layout.nodes.map((n): [string, Box] => [`node ${n.node.label}`, n]),
    ...layout.edges.map((e): [string, Box] => [`label ${e.edge.id}`, labelBox(e.label)]),
  ];
}

describe("layoutGraph", () => {
  const cases = Object.entries(SAMPLES).flatMap(([name, r]) =>
    SIZES.flatMap((size) =>
      (["LR", "TB"] as const).flatMap((dir) =>
        Array.from({ length: r.events.length }, (_, i) => [name, size, dir, i + 1] as const),
      ),
    ),
  );

  it.each(cases)(
    "%s (%s, %s) at step %i: nodes and labels do not overlap and fit",
    (name, size, dir, step) => {
      const view = graphView(SAMPLES[name], step - 1, { revealAll: false });
      const layout = layoutGraph(view, size, dir);
      expect(layout.nodes.map((n) => n.node.unit)).toEqual(
        expect.arrayContaining(view.nodes.map((n) => n.unit)),
      );
      expect(layout.edges.map((e) => e.edge.id)).toEqual(view.edges.map((e) => e.id));
      const all = boxes(layout);
      for (const [i, [a, boxA]] of all.entries()) {
        expect(boxA.x).toBeGreaterThanOrEqual(0);
        expect(boxA.y).toBeGreaterThanOrEqual(0);
        expect(boxA.x + boxA.w).toBeLessThanOrEqual(layout.width + 0.5);
        expect(boxA.y + boxA.h).toBeLessThanOrEqual(layout.height + 0.5);
        for (const [b, boxB] of all.slice(i + 1)) {
          expect(overlap(boxA, boxB), `${a} overlaps ${b}`).toBe(false);
        }
      }
    },
  );

  it("draws each edge in its real direction: it starts at its source's border", () => {
    const view = graphView(s.none, 3, { revealAll: false });
    const layout = layoutGraph(view, "panel");
    const at = new Map(layout.nodes.map((n) => [n.node.unit, n]));
    for (const e of layout.edges) {
      const from = at.get(e.edge.from);
      const to = at.get(e.edge.to);
      const first = e.points[0];
      const last = e.points[e.points.length - 1];
      if (!from || !to) throw new Error("edge without its nodes");
      const near = (p: { x: number; y: number }, b: Box) =>
        p.x >= b.x - 1 && p.x <= b.x + b.w + 1 && p.y >= b.y - 1 && p.y <= b.y + b.h + 1;
      expect(near(first, from), `${e.edge.id} starts at its source`).toBe(true);
      expect(near(last, to), `${e.edge.id} ends at its target`).toBe(true);
    }
  });

  it("keeps the users' order left to right, and a user's retries in one column", () => {
    const layout = layoutGraph(
      graphView(g.counterThreeTransaction, 0, { revealAll: true }),
      "full",
    );
    const x = (label: string) => {
      const n = layout.nodes.find((n) => n.node.label === label);
      if (!n) throw new Error(`no node ${label}`);
      return n.x + n.w / 2;
    };
    expect(x("Alice")).toBeLessThan(x("Bob (attempt 1)"));
    expect(x("Bob (attempt 1)")).toBe(x("Bob (attempt 2)"));
    expect(x("Bob (attempt 2)")).toBeLessThan(x("Carol (attempt 1)"));
    expect(x("Carol (attempt 1)")).toBe(x("Carol (attempt 3)"));
  });

  it("does not move the nodes when the cycle closes", () => {
    const before = layoutGraph(graphView(s.none, 2, { revealAll: false }), "panel");
    const after = layoutGraph(graphView(s.none, 3, { revealAll: false }), "panel");
    const xs = (l: GraphLayout) => l.nodes.map((n) => [n.node.unit, Math.round(n.x + n.w / 2)]);
    expect(xs(after)).toEqual(xs(before));
  });

  it("a panel too small for three users' items falls back to the small drawing's words", () => {
    expect(fittedLayout(graphView(s.none, 3, { revealAll: false }), "panel").size).toBe("panel");
    const three = fittedLayout(graphView(g.writeSkewThreeNone, 5, { revealAll: false }), "panel");
    expect(three.size).toBe("small");
    expect(three.edges.map((e) => e.lines)).toEqual([["rw 4"], ["rw 5"], ["rw 6"]]);
  });

  it("is deterministic", () => {
    const view = graphView(g.writeSkewThreeNone, 0, { revealAll: true });
    expect(layoutGraph(view, "full")).toEqual(layoutGraph(view, "full"));
  });
});

describe("legibleIn: a drawing or its status line", () => {
  // Boxes measured in the app at 1280x720: the panel beside the timeline, and beside the
  // challenge card (taller, so the bottom row is short), at lost update's last step.
  const single = { w: 249, h: 153 };
  const challenge = { w: 249, h: 49 };
  const won = { w: 249, h: 15 };

  it("draws lost update's cycle in the single view's panel, not in the challenge view's", () => {
    const layout = fittedLayout(graphView(s.none, 3, { revealAll: false }), "panel");
    expect(nameTextPx(layout, single)).toBeGreaterThanOrEqual(MIN_NAME_PX);
    expect(legibleIn(layout, single)).toBe(true);
    expect(legibleIn(layout, challenge)).toBe(false);
    expect(legibleIn(layout, won)).toBe(false);
  });

  it.each(Object.entries(SAMPLES))("%s: the line is where a name reads at the minimum", (_, r) => {
    for (const size of SIZES) {
      const layout = fittedLayout(graphView(r, r.events.length - 1, { revealAll: true }), size);
      // The scale at which a name renders at MIN_NAME_PX, by width and by height in turn.
      const k = MIN_NAME_PX / METRICS[layout.size].nameFont;
      const roomy = 1e4;
      expect(legibleIn(layout, { w: layout.width * k, h: roomy })).toBe(true);
      expect(legibleIn(layout, { w: layout.width * k * 0.97, h: roomy })).toBe(false);
      expect(legibleIn(layout, { w: roomy, h: layout.height * k })).toBe(true);
      expect(legibleIn(layout, { w: roomy, h: layout.height * k * 0.97 })).toBe(false);
      expect(legibleIn(layout, { w: 0, h: 0 })).toBe(false);
    }
  });
});
