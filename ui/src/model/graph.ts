//! RunReport → the dependency graph at the playhead: the units as nodes, the
//! ww/wr/rw edges between them, which of them exist by the step shown, and the
//! cycle once it has closed. Every fact is the engine's (`trace.units`,
//! `graph`, `findings`); this module only decides what is visible when, and
//! words each edge from its fields. Nothing of a later step leaks in: a node,
//! an edge, a finding or a unit's fate appears only once its step is reached.
import type { Edge } from "../bindings/Edge";
import type { EdgeKind } from "../bindings/EdgeKind";
import type { EdgeOn } from "../bindings/EdgeOn";
import type { RunReport } from "../bindings/RunReport";
import type { Unit } from "../bindings/Unit";
import type { UnitEnd } from "../bindings/UnitEnd";
import { edgeSentence, type SentenceNames } from "./graph-sentence";
import { findingName } from "./values";

/** A unit's fate as far as the playhead knows: `running` until its last event is reached. */
export type NodeState = "committed" | "aborted" | "unfinished" | "running";

export interface GraphNode {
  unit: number;
  user: string;
  /** The user, with the unit of work and attempt when the visible units need them: "Bob (attempt 2)". */
  label: string;
  /** The second line under the user's name ("attempt 2"), or null. */
  detail: string | null;
  state: NodeState;
  /** For people: "committed", "rolled back", "abandoned", "gave up", "unfinished", "in progress". */
  stateText: string;
  /** The engine's graph holds it: the unit took effect (committed, or a committed write). */
  inGraph: boolean;
  /** On a cycle that has closed by this step. */
  onCycle: boolean;
  firstEvent: number;
  /** Where the user's lane is (report.users), for a layout that keeps lanes' order. */
  userIndex: number;
  ordinal: number;
  attempt: number;
}

export interface GraphEdge {
  /** Stable across steps: kind, ends, item and events. */
  id: string;
  from: number;
  to: number;
  kind: EdgeKind;
  on: EdgeOn;
  /** "account[1].balance", or "doctor where on_call = 1" for a predicate. */
  item: string;
  /** The same for small drawings: "balance", "rows of doctor". */
  itemShort: string;
  /** The step the learner finds on the timeline: the later of the edge's two events. */
  step: number;
  /**
   * The step from which the edge exists: `step`, or later when a version it
   * names is committed later (the graph is of committed versions).
   */
  appearsAt: number;
  fromEvent: number;
  toEvent: number;
  /** Elle-style: "Bob → Alice: Bob read balance = 100 at step 2, before Alice's write at step 3 replaced it". */
  sentence: string;
  onCycle: boolean;
  /** On a finding that is one edge, not a cycle (stale read, aborted or intermediate read). */
  flagged: boolean;
  /** Known only from a finding: an aborted writer's edge, outside the graph of units that took effect. */
  fromFinding: boolean;
}

export interface GraphFinding {
  /** Index into report.findings. */
  index: number;
  /** "Lost update (G-single)". */
  name: string;
  /** Its edges go round: a cycle. False for a stale read or an aborted read, which are one edge. */
  cycle: boolean;
  /** Ids of its edges, in the engine's cycle order. */
  edges: string[];
  /** The events involved, in history order (the engine's). */
  events: number[];
  /** The step at which it shows: its last event, and no earlier than its edges. */
  at: number;
  /** The units its edges pass, by label, back to the first for a cycle: ["Bob", "Alice", "Bob"]. */
  route: string[];
}

export interface GraphView {
  /** The step (event seq) shown; 0 for a run with no events. */
  step: number;
  total: number;
  /** Every event is shown: the whole run. */
  complete: boolean;
  nodes: GraphNode[];
  /** Edges that exist by `step`, in the engine's order (graph edges, then findings' own). */
  edges: GraphEdge[];
  /** Findings shown by `step`. */
  findings: GraphFinding[];
  /** A cycle has closed by `step`. */
  cycleClosed: boolean;
  /** The events on the closed cycles, for the timeline to mark. */
  cycleEvents: number[];
  /** The finding names of the closed cycles ("Lost update (G-single)"). */
  cycleNames: string[];
  /** The serial order an acyclic graph implies, by node label, once the whole run is shown. */
  order: string[] | null;
  /** The same order by unit id. */
  orderUnits: number[] | null;
}

export interface GraphOptions {
  /** "Show the whole run": everything, whatever the playhead. */
  revealAll: boolean;
}

export function edgeKey(e: Edge): string {
  const on =
    e.on.kind === "item"
      ? `${e.on.table}[${e.on.row}].${e.on.column}`
      : `${e.on.table}?${e.on.condition ?? ""}`;
  return `${e.kind}:${e.from}>${e.to}:${on}:${e.from_event}>${e.to_event}`;
}

export function itemText(on: EdgeOn): string {
  if (on.kind === "item") return `${on.table}[${on.row}].${on.column}`;
  return on.condition === null ? `all rows of ${on.table}` : `${on.table} where ${on.condition}`;
}

export function itemShortText(on: EdgeOn): string {
  return on.kind === "item" ? on.column : `rows of ${on.table}`;
}

const END_STATE: Record<UnitEnd, NodeState> = {
  committed: "committed",
  rolled_back: "aborted",
  abandoned: "aborted",
  gave_up: "aborted",
  unfinished: "unfinished",
};

const END_TEXT: Record<UnitEnd, string> = {
  committed: "committed",
  rolled_back: "rolled back",
  abandoned: "abandoned",
  gave_up: "gave up",
  unfinished: "unfinished",
};
const RUNNING_TEXT = "in progress";

/** Every word a node's fate line can say, so a drawing can keep room for the widest. */
export const STATE_TEXTS: readonly string[] = [...Object.values(END_TEXT), RUNNING_TEXT];

function lastOf(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : Math.max(...xs);
}

/**
 * Labels from the visible units only: the engine's `Unit.label` says
 * "Bob (attempt 1)" from the start, which tells that a retry is coming.
 */
function visibleLabels(units: Unit[]): Map<number, { label: string; detail: string | null }> {
  const out = new Map<number, { label: string; detail: string | null }>();
  for (const u of units) {
    const mine = units.filter((v) => v.user === u.user);
    const severalUnits = mine.some((v) => v.ordinal !== u.ordinal);
    const severalAttempts = mine.some((v) => v.ordinal === u.ordinal && v.attempt !== u.attempt);
    const parts = [
      severalUnits ? `unit ${u.ordinal}` : null,
      severalAttempts ? `attempt ${u.attempt}` : null,
    ].filter((p): p is string => p !== null);
    const detail = parts.length > 0 ? parts.join(", ") : null;
    out.set(u.id, { label: detail ? `${u.user} (${detail})` : u.user, detail });
  }
  return out;
}

/** Whether a finding's edges go round, each ending where the next starts. */
function goesRound(cycle: Edge[]): boolean {
  if (cycle.length < 2) return false;
  return cycle.every((e, i) => e.to === cycle[(i + 1) % cycle.length].from);
}

/**
 * When an edge exists. Versions are ordered by commit, so a ww edge needs
 * both its writes committed, and an rw edge its target's ("the next version"
 * exists only then). Under autocommit that is the write's own event; inside a
 * transaction it is the COMMIT. A wr edge exists at the read: the reader has
 * seen the version, committed or not (a dirty read shows at once).
 */
function appearsAt(report: RunReport, e: Edge): number {
  let at = Math.max(e.from_event, e.to_event);
  const table = e.on.table;
  const row = e.on.kind === "item" ? e.on.row : null;
  const versionAt = (unit: number, event: number) => {
    for (const w of report.trace.writes) {
      if (w.unit !== unit || w.event !== event || w.table !== table) continue;
      if (row !== null && w.row !== row) continue;
      if (w.committed_at !== null) at = Math.max(at, w.committed_at);
    }
  };
  if (e.kind === "ww") versionAt(e.from, e.from_event);
  if (e.kind !== "wr") versionAt(e.to, e.to_event);
  return at;
}

export function graphView(report: RunReport, index: number, opts: GraphOptions): GraphView {
  const total = report.events.length;
  const i = Math.max(0, Math.min(total - 1, Math.trunc(index)));
  const step =
    total === 0 ? 0 : opts.revealAll ? report.events[total - 1].seq : report.events[i].seq;
  const complete = total > 0 && step === report.events[total - 1].seq;
  const seen = (seq: number) => seq <= step;

  const units = report.trace.units.filter((u) => u.events.length > 0 && seen(u.events[0]));
  const labels = visibleLabels(units);
  const userIndex = new Map(report.users.map((u, k) => [u.name, k]));
  const names: SentenceNames = {
    label: (unit) => labels.get(unit)?.label ?? `unit ${unit}`,
  };

  // Every edge the run has, the graph's and the findings' own, once each.
  const all = new Map<string, { edge: Edge; fromFinding: boolean }>();
  for (const e of report.graph.edges) all.set(edgeKey(e), { edge: e, fromFinding: false });
  for (const f of report.findings) {
    for (const e of f.cycle) {
      const k = edgeKey(e);
      if (!all.has(k)) all.set(k, { edge: e, fromFinding: true });
    }
  }
  // The engine's line for an edge on a finding, so the graph and the findings panel say the same.
  const engineLine = new Map<string, string>();
  for (const f of report.findings) {
    if (f.steps.length !== f.cycle.length) continue;
    f.cycle.forEach((e, k) => {
      const key = edgeKey(e);
      if (!engineLine.has(key)) engineLine.set(key, f.steps[k]);
    });
  }

  const findings: GraphFinding[] = [];
  report.findings.forEach((f, k) => {
    const at = Math.max(lastOf(f.events), ...f.cycle.map((e) => appearsAt(report, e)));
    if (!seen(at)) return;
    findings.push({
      index: k,
      name: findingName(f),
      cycle: goesRound(f.cycle),
      edges: f.cycle.map(edgeKey),
      events: [...f.events],
      at,
      route: [...f.cycle.map((e) => names.label(e.from)), names.label(f.cycle.at(-1)?.to ?? 0)],
    });
  });
  const onCycle = new Set(findings.filter((f) => f.cycle).flatMap((f) => f.edges));
  const flagged = new Set(findings.filter((f) => !f.cycle).flatMap((f) => f.edges));
  const visibleUnits = new Set(units.map((u) => u.id));

  const edges: GraphEdge[] = [];
  for (const [id, { edge: e, fromFinding }] of all) {
    const at = appearsAt(report, e);
    // A finding's own edge (an aborted writer's) is shown with its finding.
    if (fromFinding ? !onCycle.has(id) && !flagged.has(id) : !seen(at)) continue;
    if (!visibleUnits.has(e.from) || !visibleUnits.has(e.to)) continue;
    edges.push({
      id,
      from: e.from,
      to: e.to,
      kind: e.kind,
      on: e.on,
      item: itemText(e.on),
      itemShort: itemShortText(e.on),
      step: Math.max(e.from_event, e.to_event),
      appearsAt: at,
      fromEvent: e.from_event,
      toEvent: e.to_event,
      sentence: engineLine.get(id) ?? edgeSentence(report, e, names),
      onCycle: onCycle.has(id),
      flagged: flagged.has(id),
      fromFinding,
    });
  }

  const cycleUnits = new Set(edges.filter((e) => e.onCycle).flatMap((e) => [e.from, e.to]));
  const inGraph = new Set(report.graph.nodes);
  const nodes: GraphNode[] = units.map((u) => {
    const ended = seen(lastOf(u.events));
    const l = labels.get(u.id) ?? { label: u.user, detail: null };
    return {
      unit: u.id,
      user: u.user,
      label: l.label,
      detail: l.detail,
      state: ended ? END_STATE[u.end] : "running",
      stateText: ended ? END_TEXT[u.end] : RUNNING_TEXT,
      inGraph: ended && inGraph.has(u.id),
      onCycle: cycleUnits.has(u.id),
      firstEvent: u.events[0],
      userIndex: userIndex.get(u.user) ?? report.users.length,
      ordinal: u.ordinal,
      attempt: u.attempt,
    };
  });

  const closed = findings.filter((f) => f.cycle);
  const orderUnits = complete && report.graph.order !== null ? [...report.graph.order] : null;
  const order = orderUnits?.map((unit) => names.label(unit)) ?? null;
  return {
    step,
    total,
    complete,
    nodes,
    edges,
    findings,
    cycleClosed: closed.length > 0,
    cycleEvents: [...new Set(closed.flatMap((f) => f.events))].sort((a, b) => a - b),
    cycleNames: [...new Set(closed.map((f) => f.name))],
    order,
    orderUnits,
  };
}
