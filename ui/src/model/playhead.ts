//! The state shown at the playhead. Stepping is exact: the view at index i is
//! built only from event i's recorded data (its `db` and `beliefs`), so stepping
//! back is the same as stepping forward to the same place.
import type { RunReport } from "../bindings/RunReport";
import type { Event } from "../bindings/Event";
import type { Value } from "../bindings/Value";
import { plainValue } from "./values";
import { narrate } from "./outcome";

export interface CellView {
  text: string;
  /** Differs from the committed value one step earlier. */
  changed: boolean;
}

export interface TableView {
  name: string;
  columns: string[];
  rows: CellView[][];
}

export interface LocalView {
  name: string;
  text: string;
  stale: boolean;
}

export interface BeliefView {
  user: string;
  /** The user who acted at this step. */
  acting: boolean;
  locals: LocalView[];
}

export interface PlayheadView {
  index: number;
  seq: number;
  total: number;
  /** "step 3 of 6" */
  position: string;
  user: string;
  label: string;
  /** The caption with the step's outcome ("… — refused: BUSY_SNAPSHOT, rolled back; Bob will start over"). */
  caption: string;
  event: Event;
  db: TableView[];
  beliefs: BeliefView[];
  /** Indexes of findings whose last event is this one. */
  anomaliesHere: number[];
}

export function clampIndex(report: RunReport | null, index: number): number {
  if (!report || report.events.length === 0) return 0;
  return Math.max(0, Math.min(report.events.length - 1, Math.trunc(index)));
}

function sameValue(a: Value | undefined, b: Value | undefined): boolean {
  return a === b;
}

export function playheadView(report: RunReport, index: number): PlayheadView | null {
  if (report.events.length === 0) return null;
  const i = clampIndex(report, index);
  const e = report.events[i];
  const prev = i > 0 ? report.events[i - 1] : null;
  const db: TableView[] = e.db.map((t) => {
    const before = prev?.db.find((p) => p.name === t.name);
    return {
      name: t.name,
      columns: [...t.columns],
      rows: t.rows.map((row, r) =>
        row.map((v, c) => ({
          text: plainValue(v),
          changed: before !== undefined && !sameValue(before.rows[r]?.[c], v),
        })),
      ),
    };
  });
  const beliefs: BeliefView[] = e.beliefs.map((b) => ({
    user: b.user,
    acting: b.user === e.user,
    locals: b.locals.map((l) => ({ name: l.name, text: plainValue(l.value), stale: l.stale })),
  }));
  const anomaliesHere: number[] = [];
  report.findings.forEach((f, k) => {
    if (f.events.length > 0 && f.events[f.events.length - 1] === e.seq) anomaliesHere.push(k);
  });
  return {
    index: i,
    seq: e.seq,
    total: report.events.length,
    position: `step ${i + 1} of ${report.events.length}`,
    user: e.user,
    label: e.label,
    // The scenario's narration, plus what really happened when the step did not go as told.
    caption: narrate(report, e),
    event: e,
    db,
    beliefs,
    anomaliesHere,
  };
}

/** Where "jump to first anomaly" lands: the last event of the earliest-showing finding. */
export function firstAnomalyIndex(report: RunReport): number | null {
  let best: number | null = null;
  for (const f of report.findings) {
    if (f.events.length === 0) continue;
    const last = f.events[f.events.length - 1];
    if (best === null || last < best) best = last;
  }
  if (best === null) return null;
  const i = report.events.findIndex((e) => e.seq === best);
  return i < 0 ? null : i;
}

/** Steps relative to a time position: future steps are drawn faded. */
export function isFuture(index: number, eventIndex: number): boolean {
  return eventIndex > index;
}
