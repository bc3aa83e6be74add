//! History → timeline view model: lanes, one column per event (by rank, evenly
//! spaced), step boxes with their marks, blocked bars, retry links and
//! reads-from arrows. Every fact comes from the RunReport; this module only
//! decides where things go.
import type { RunReport } from "../bindings/RunReport";
import type { Event } from "../bindings/Event";
import { readsFromArrows, retryArrows } from "./arrows";
import { outcomeCode, stepStatus, stepStatusShort } from "./outcome";
import type { OutcomeKind } from "./values";
import { sqlLabelForms } from "./sql-label";
import { sentStatement } from "./sent-sql";
import { commitText } from "./db-changes";

/**
 * Marks a step box can carry. The legend explains each one. `undone`: the
 * step's changes never took effect (`discarded`) or its attempt was abandoned
 * (`aborted`); `rolled_back` is an explicit ROLLBACK, drawn normally.
 */
export type Mark =
  | "blocked"
  | "busy"
  | "conflict"
  | "rolled_back"
  | "undone"
  | "error"
  | "skipped"
  | "retry"
  | "anomaly";

export interface Layout {
  /** Width available for the whole figure, in px. */
  width: number;
  labelWidth: number;
  minColumn: number;
  maxColumn: number;
  laneHeight: number;
  boxHeight: number;
  axisHeight: number;
  /** Space above a box for retry arcs. */
  arcSpace: number;
  dbLaneHeight: number;
  /** Room after the last column for the deadlock mark; open waits run to its line, this far into it. */
  deadlockRoom: number;
  deadlockLine: number;
}

export const FULL_LAYOUT: Layout = {
  width: 1000,
  labelWidth: 96,
  minColumn: 100,
  maxColumn: 230,
  laneHeight: 88,
  boxHeight: 54,
  axisHeight: 24,
  arcSpace: 22,
  dbLaneHeight: 60,
  deadlockRoom: 112,
  deadlockLine: 40,
};

export const COMPACT_LAYOUT: Layout = {
  width: 800,
  labelWidth: 84,
  minColumn: 76,
  maxColumn: 150,
  laneHeight: 32,
  boxHeight: 24,
  axisHeight: 0,
  arcSpace: 4,
  dbLaneHeight: 28,
  // Compact rows show the mark as a small glyph, without its word.
  deadlockRoom: 40,
  deadlockLine: 14,
};

export interface Lane {
  id: string;
  label: string;
  kind: "user" | "db";
  y: number;
  height: number;
}

export interface Column {
  seq: number;
  /** Centre of the column. */
  x: number;
}

export interface StepBox {
  seq: number;
  user: string;
  step: number;
  attempt: number;
  /** What the user meant: the scenario's step (`e.label`). Kept for the tooltip and details. */
  intent: string;
  /** The data statement this event sent (see sent-sql.ts); null when it sent none. */
  sent: string | null;
  /** What the box reads: `sent` when it shortens to a label, else `intent`. */
  label: string;
  /** `label` in forms that fit small boxes (see sql-label.ts); null for plain labels. */
  labelForms: string[][] | null;
  outcome: OutcomeKind;
  /** Shown under the label when the step did not simply succeed ("UPDATE done · COMMIT waits"). */
  status: string | null;
  /** The same, shorter, for boxes too narrow for `status` ("waits"). */
  statusShort: string | null;
  code: number | null;
  marks: Mark[];
  /** Indexes into report.findings of the findings involving this event. */
  findings: number[];
  /** True when this event is the last one of a finding: where the anomaly shows. */
  anomalyHere: boolean;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface DbBox {
  seq: number;
  /** The events whose changes became visible here. */
  commits: number[];
  /** Every change, richest form: for the tooltip. */
  lines: string[];
  /** The same changes from richest to most compact (see db-changes.ts). */
  forms: string[][];
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface BlockedBar {
  user: string;
  from: number;
  until: number | null;
  x1: number;
  x2: number;
  y: number;
  h: number;
}

export interface Arrow {
  kind: "reads_from" | "retry";
  from: number;
  to: number;
  label: string;
  /** SVG path data. */
  d: string;
  /** Where to put the label. */
  lx: number;
  ly: number;
  /** Horizontal room for the label, in px. */
  room: number;
  /** How the label sits on (lx, ly): centred on the line, or starting beside it. */
  anchor: "middle" | "start";
}

export interface Timeline {
  width: number;
  height: number;
  colWidth: number;
  labelWidth: number;
  axisHeight: number;
  lanes: Lane[];
  columns: Column[];
  boxes: StepBox[];
  dbBoxes: DbBox[];
  bars: BlockedBar[];
  arrows: Arrow[];
  /** Set when the run ended in a deadlock: drawn after the last column. */
  deadlock: boolean;
  /** Room after the last column for the deadlock mark, and where its line stands in it (0 without a deadlock). */
  deadlockRoom: number;
  deadlockLine: number;
}

export const DB_LANE = "__db__";

function marksOf(e: Event): Mark[] {
  const marks: Mark[] = [];
  switch (e.outcome.kind) {
    case "blocked":
      marks.push("blocked");
      break;
    case "busy":
    case "busy_snapshot":
      marks.push("busy");
      break;
    case "conflict":
      marks.push("conflict");
      break;
    case "rolled_back":
      marks.push("rolled_back");
      break;
    case "error":
      marks.push("error");
      break;
    case "skipped":
      marks.push("skipped");
      break;
    case "ok":
      break;
  }
  if ((e.discarded || e.aborted) && e.outcome.kind !== "rolled_back") marks.push("undone");
  // Only a new attempt after a failure is a retry; a step that waited and goes on is not (`resumes`).
  if (e.retry_of !== null) marks.push("retry");
  return marks;
}

export function buildTimeline(report: RunReport, layout: Layout = FULL_LAYOUT): Timeline {
  const events = report.events;
  const n = Math.max(events.length, 1);
  const deadlockRoom = report.ending === "deadlock" ? layout.deadlockRoom : 0;
  const deadlockLine = layout.deadlockLine;
  const usable = layout.width - layout.labelWidth - 12 - deadlockRoom;
  const colWidth = Math.max(layout.minColumn, Math.min(layout.maxColumn, Math.floor(usable / n)));
  const boxW = colWidth - Math.max(8, Math.round(colWidth * 0.1));

  const lanes: Lane[] = [];
  let y = layout.axisHeight;
  const laneOf = new Map<string, Lane>();
  for (const u of report.users) {
    const lane: Lane = { id: u.name, label: u.name, kind: "user", y, height: layout.laneHeight };
    lanes.push(lane);
    laneOf.set(u.name, lane);
    y += layout.laneHeight;
  }
  // A user seen in events but missing from `users` still gets a lane.
  for (const e of events) {
    if (!laneOf.has(e.user)) {
      const lane: Lane = { id: e.user, label: e.user, kind: "user", y, height: layout.laneHeight };
      lanes.push(lane);
      laneOf.set(e.user, lane);
      y += layout.laneHeight;
    }
  }
  const dbLane: Lane = {
    id: DB_LANE,
    label: "Database",
    kind: "db",
    y,
    height: layout.dbLaneHeight,
  };
  lanes.push(dbLane);
  y += layout.dbLaneHeight;

  const colX = (i: number) => layout.labelWidth + i * colWidth + colWidth / 2;
  const columns: Column[] = events.map((e, i) => ({ seq: e.seq, x: colX(i) }));
  const indexOf = new Map<number, number>(events.map((e, i) => [e.seq, i]));

  const boxTop = (lane: Lane) => lane.y + layout.arcSpace;
  const boxes: StepBox[] = events.map((e, i) => {
    // biome-ignore lint/style/noNonNullAssertion: the loops above gave every event's user a lane.
    const lane = laneOf.get(e.user)!;
    // The box says what was sent, so `none` (balance = 130) and `atomic` (balance = balance + 30)
    // differ; a statement too odd to shorten would be cut to nothing, so the intent stays.
    const sent = sentStatement(e);
    const sentForms = sent === null ? null : sqlLabelForms(sent);
    return {
      seq: e.seq,
      user: e.user,
      step: e.step,
      attempt: e.attempt,
      intent: e.label,
      sent,
      label: sent !== null && sentForms ? sent : e.label,
      labelForms: sentForms ?? sqlLabelForms(e.label),
      outcome: e.outcome.kind,
      status: stepStatus(e),
      statusShort: stepStatusShort(e),
      code: outcomeCode(e.outcome),
      marks: marksOf(e),
      findings: [],
      anomalyHere: false,
      x: colX(i) - boxW / 2,
      y: boxTop(lane),
      w: boxW,
      h: layout.boxHeight,
    };
  });
  const boxOf = new Map<number, StepBox>(boxes.map((b) => [b.seq, b]));

  report.findings.forEach((f, k) => {
    f.events.forEach((seq, j) => {
      const b = boxOf.get(seq);
      if (!b) return;
      if (!b.findings.includes(k)) b.findings.push(k);
      if (!b.marks.includes("anomaly")) b.marks.push("anomaly");
      if (j === f.events.length - 1) b.anomalyHere = true;
    });
  });

  const dbBoxH = Math.min(layout.boxHeight, layout.dbLaneHeight - 12);
  const dbBoxes: DbBox[] = [];
  events.forEach((e, i) => {
    if (e.commits.length === 0) return;
    const text = commitText(report, e);
    dbBoxes.push({
      seq: e.seq,
      commits: [...e.commits],
      lines: text.lines,
      forms: text.forms,
      x: colX(i) - boxW / 2,
      y: dbLane.y + (layout.dbLaneHeight - dbBoxH) / 2,
      w: boxW,
      h: dbBoxH,
    });
  });

  const barH = Math.max(8, Math.round(layout.boxHeight * 0.42));
  // (bars sit below the retry links; see retryArrows)
  const bars: BlockedBar[] = [];
  for (const span of report.blocked) {
    const lane = laneOf.get(span.user);
    const fi = indexOf.get(span.from);
    if (!lane || fi === undefined) continue;
    const ui = span.until === null ? undefined : indexOf.get(span.until);
    // From the right edge of the step that found the lock taken to the left
    // edge of the one that got through: the bar fills the time spent waiting.
    const x1 = colX(fi) + boxW / 2;
    // A wait that never ended (deadlock) runs on to the deadlock line.
    const end = colX(events.length - 1) + colWidth / 2 + (deadlockRoom ? deadlockLine : 0);
    const x2 = ui === undefined ? end : colX(ui) - boxW / 2;
    bars.push({
      user: span.user,
      from: span.from,
      until: span.until,
      x1,
      x2,
      y: boxTop(lane) + layout.boxHeight * 0.45,
      h: barH,
    });
  }

  const arrows: Arrow[] = [
    ...retryArrows(events, boxOf, layout),
    ...readsFromArrows(events, boxOf, layout),
  ];

  const width = layout.labelWidth + colWidth * events.length + (deadlockRoom || 12);
  return {
    width,
    height: y,
    colWidth,
    labelWidth: layout.labelWidth,
    axisHeight: layout.axisHeight,
    lanes,
    columns,
    boxes,
    dbBoxes,
    bars,
    arrows,
    deadlock: report.ending === "deadlock",
    deadlockRoom,
    deadlockLine: deadlockRoom ? deadlockLine : 0,
  };
}
