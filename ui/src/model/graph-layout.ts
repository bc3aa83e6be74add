//! Where the dependency graph's nodes, edges and labels go, by dagre (layered
//! layout with crossing minimisation, so three units or more do not tangle).
//! Pure and deterministic: the same view and size give the same numbers.
//!
//! Two choices keep the drawing calm while edges arrive one step at a time:
//! - Ranks follow the users' order (the timeline's lanes), with a user's
//!   retries stacked in that user's column, by invisible constraint edges.
//! - Every edge is laid out from the lower unit to the higher and drawn in its
//!   real direction, so a new edge never makes dagre reverse another and swap
//!   the nodes just as the cycle closes.
//! Only what the view holds is laid out, so space is never kept for an edge
//! that has not happened yet.
import dagre from "@dagrejs/dagre";
import { type GraphEdge, type GraphNode, type GraphView, STATE_TEXTS } from "./graph";

export type GraphSize = "panel" | "full" | "small";

export interface Point {
  x: number;
  y: number;
}

export interface GraphMetrics {
  /** Font sizes in the drawing's units (the SVG scales to its box). */
  nameFont: number;
  detailFont: number;
  labelFont: number;
  /** Edge labels carry the item as well as the kind and step. */
  labelItem: boolean;
  /** Nodes carry their fate ("committed") under the name. */
  nodeState: boolean;
  nodePadX: number;
  nodePadY: number;
  ranksep: number;
  nodesep: number;
  edgesep: number;
  margin: number;
}

export const METRICS: Record<GraphSize, GraphMetrics> = {
  full: {
    nameFont: 22,
    detailFont: 16,
    labelFont: 17,
    labelItem: true,
    nodeState: true,
    nodePadX: 18,
    nodePadY: 10,
    ranksep: 90,
    nodesep: 36,
    edgesep: 22,
    margin: 16,
  },
  panel: {
    nameFont: 18,
    detailFont: 13,
    labelFont: 14,
    labelItem: true,
    nodeState: true,
    nodePadX: 8,
    nodePadY: 5,
    ranksep: 36,
    nodesep: 12,
    edgesep: 10,
    margin: 4,
  },
  small: {
    nameFont: 16,
    detailFont: 12,
    labelFont: 14,
    labelItem: false,
    nodeState: false,
    nodePadX: 7,
    nodePadY: 4,
    ranksep: 28,
    nodesep: 10,
    edgesep: 8,
    margin: 3,
  },
};

export interface LaidNode {
  node: GraphNode;
  /** Top-left corner and size. */
  x: number;
  y: number;
  w: number;
  h: number;
  /** The lines the node reads, first the name. */
  lines: string[];
}

export interface LaidEdge {
  edge: GraphEdge;
  /** From the source's border to the target's, in the edge's real direction. */
  points: Point[];
  /** The label's centre and size. */
  label: Point & { w: number; h: number };
  /** The label's lines: "rw · balance", "step 3". */
  lines: string[];
}

export interface GraphLayout {
  /** The metrics it was laid out with (a panel may use the small drawing's). */
  size: GraphSize;
  width: number;
  height: number;
  nodes: LaidNode[];
  edges: LaidEdge[];
}

/** Text width in the drawing's units: DejaVu Sans averages a little under 0.58 em a character. */
export function textWidth(text: string, font: number): number {
  return Math.ceil(text.length * font * 0.58);
}

export function nodeLines(n: GraphNode, m: GraphMetrics): string[] {
  return [n.user, n.detail, m.nodeState ? n.stateText : null].filter(
    (l): l is string => l !== null,
  );
}

export function edgeLines(e: GraphEdge, m: GraphMetrics): string[] {
  if (!m.labelItem) return [`${e.kind} ${e.step}`];
  return [`${e.kind} · ${e.itemShort}`, `step ${e.step}`];
}

/** The order users' columns and retries' stacks follow. */
function unitOrder(a: GraphNode, b: GraphNode): number {
  return (
    a.userIndex - b.userIndex || a.ordinal - b.ordinal || a.attempt - b.attempt || a.unit - b.unit
  );
}

export type RankDir = "LR" | "TB";

export function layoutGraph(
  view: GraphView,
  size: GraphSize,
  rankdir: RankDir = "LR",
): GraphLayout {
  const m = METRICS[size];
  const nodes = [...view.nodes].sort(unitOrder);
  const rankOf = new Map(nodes.map((n, k) => [n.unit, k]));
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({
    rankdir,
    ranksep: m.ranksep,
    nodesep: m.nodesep,
    edgesep: m.edgesep,
    marginx: m.margin,
    marginy: m.margin,
  });
  g.setDefaultEdgeLabel(() => ({}));

  const lines = new Map<number, string[]>();
  for (const n of nodes) {
    const ls = nodeLines(n, m);
    lines.set(n.unit, ls);
    // The fate line is as wide as its widest word, so a node keeps its size when its unit ends.
    const fate = m.nodeState ? Math.max(...STATE_TEXTS.map((t) => textWidth(t, m.detailFont))) : 0;
    const w = Math.max(
      fate,
      ...ls.map((l, k) => textWidth(l, k === 0 ? m.nameFont : m.detailFont)),
    );
    const h = m.nameFont * 1.25 + (ls.length - 1) * m.detailFont * 1.3;
    g.setNode(String(n.unit), { width: w + 2 * m.nodePadX, height: h + 2 * m.nodePadY });
  }

  // The users' order: every unit of a user after the previous user's first
  // unit and before the next user's, so a user's retries share a column.
  // (dagre has no same-rank constraint; two tight edges make one.)
  const firsts: GraphNode[] = [];
  for (const n of nodes) if (firsts.at(-1)?.user !== n.user) firsts.push(n);
  for (const n of nodes) {
    const k = firsts.findIndex((f) => f.user === n.user);
    const before = firsts[k - 1];
    const after = firsts[k + 1];
    if (before)
      g.setEdge(String(before.unit), String(n.unit), { minlen: 1, weight: 1 }, `after-${n.unit}`);
    if (after && n !== firsts[k])
      g.setEdge(String(n.unit), String(after.unit), { minlen: 1, weight: 1 }, `before-${n.unit}`);
  }

  const edgeText = new Map<string, string[]>();
  for (const e of view.edges) {
    const ls = edgeLines(e, m);
    edgeText.set(e.id, ls);
    const forward = (rankOf.get(e.from) ?? 0) <= (rankOf.get(e.to) ?? 0);
    const [v, w] = forward ? [e.from, e.to] : [e.to, e.from];
    g.setEdge(
      String(v),
      String(w),
      {
        width: Math.max(...ls.map((l) => textWidth(l, m.labelFont))) + 8,
        height: ls.length * m.labelFont * 1.25 + 4,
        labelpos: "c",
        minlen: 1,
        weight: 2,
      },
      e.id,
    );
  }

  dagre.layout(g);

  const laidNodes: LaidNode[] = nodes.map((n) => {
    const d = g.node(String(n.unit));
    return {
      node: n,
      x: d.x - d.width / 2,
      y: d.y - d.height / 2,
      w: d.width,
      h: d.height,
      lines: lines.get(n.unit) ?? [n.user],
    };
  });
  const laidEdges: LaidEdge[] = view.edges.map((e) => {
    const forward = (rankOf.get(e.from) ?? 0) <= (rankOf.get(e.to) ?? 0);
    const [v, w] = forward ? [e.from, e.to] : [e.to, e.from];
    const d = g.edge({ v: String(v), w: String(w), name: e.id });
    const points = (d.points ?? []).map((p: Point) => ({ x: p.x, y: p.y }));
    return {
      edge: e,
      points: forward ? points : points.reverse(),
      label: { x: d.x ?? 0, y: d.y ?? 0, w: d.width ?? 0, h: d.height ?? 0 },
      lines: edgeText.get(e.id) ?? [],
    };
  });
  const graph = g.graph();
  return {
    size,
    width: Math.max(1, graph.width ?? 0),
    height: Math.max(1, graph.height ?? 0),
    nodes: laidNodes,
    edges: laidEdges,
  };
}

/** The box each size is drawn into at 1280x720, less its status line (and legend), in px. */
export const BOX: Record<GraphSize, { w: number; h: number }> = {
  full: { w: 980, h: 430 },
  panel: { w: 250, h: 140 },
  small: { w: 240, h: 136 },
};

/**
 * The layout that reads largest in its box: users left to right, or top to
 * bottom (like the timeline's lanes) when that is larger. A panel too small
 * for three users with their items falls back to the small drawing's words
 * ("rw 6"); hover, focus and the graph view still give every word.
 */
export function fittedLayout(view: GraphView, size: GraphSize): GraphLayout {
  const box = BOX[size];
  const best = (m: GraphSize) => {
    const fits = (["LR", "TB"] as const).map((dir) => {
      const layout = layoutGraph(view, m, dir);
      const scale = Math.min(box.w / layout.width, box.h / layout.height, MAX_GROWTH);
      // Users left to right unless top to bottom reads clearly larger.
      return { layout, font: scale * METRICS[m].labelFont * (dir === "LR" ? 1.1 : 1) };
    });
    return fits[1].font > fits[0].font ? fits[1] : fits[0];
  };
  const own = best(size);
  if (size !== "panel" || own.font >= LEGIBLE_PX) return own.layout;
  return best("small").layout;
}

/** A drawing grows at most this much past its own size to fill its box. */
const MAX_GROWTH = 1.25;
/** Below this (px on screen), a panel's labels with their items are too small to read. */
const LEGIBLE_PX = 10;

/**
 * Below this (px on screen), a unit's name is too small to read, and the
 * drawing's labels (14/18 of a name in a panel) smaller still: a panel that
 * short shows its status line and the way to the full view instead of a
 * miniature nobody can read.
 */
export const MIN_NAME_PX = 11;

/** The px a unit's name takes when the layout is drawn into a box of w × h px (SVG's "meet"). */
export function nameTextPx(layout: GraphLayout, box: { w: number; h: number }): number {
  const scale = Math.min(box.w / layout.width, box.h / layout.height);
  return Math.max(0, scale) * METRICS[layout.size].nameFont;
}

/** Whether the drawing reads in that box, or the status line alone says more. */
export function legibleIn(layout: GraphLayout, box: { w: number; h: number }): boolean {
  return nameTextPx(layout, box) >= MIN_NAME_PX;
}
