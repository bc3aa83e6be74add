//! Reveal as it happens: what the page may show with the playhead at a step.
//! By default nothing that has not happened yet is shown: steps after the
//! playhead are neutral placeholders (no SQL, results, marks or links), a
//! finding appears at the event where its cycle closes (its latest event), a
//! step's "undone" mark when its unit's end is reached, and the whole run's
//! outcome (verdict, deadlock) at the last step. `all` ("Show the whole run",
//! or the learner's own exploration) shows everything at once.
import type { RunReport } from "../bindings/RunReport";
import type { BlockedBar, StepBox, Timeline } from "./timeline";

export interface Reveal {
  /** Everything is shown. */
  all: boolean;
  /** The playhead, 0-based event index (clamped). */
  index: number;
  /** Findings shown (indexes into report.findings): their cycle has closed by the playhead. */
  findings: number[];
  /** For each finding not shown yet, nothing; for a shown one, the index of the event that closed it. */
  closedAt: (number | null)[];
  /** The whole run's outcome (verdict, deadlock, invariants) may be shown. */
  outcome: boolean;
  /** Events (seq) after the playhead, drawn as placeholders. */
  future: ReadonlySet<number>;
  /** Events (seq) whose "undone" (rolled back, attempt abandoned) is known by the playhead. */
  undoneKnown: ReadonlySet<number>;
}

/** A timeline as revealed: `placeholders` are the steps drawn neutral. */
export interface RevealedTimeline extends Timeline {
  placeholders: ReadonlySet<number>;
}

/**
 * The event index at which each event's "undone" becomes known: the last event of
 * its unit (the ROLLBACK, the failed save that abandons the attempt). A unit whose
 * last event waits for ever (a deadlock) is known to be undone only at the run's end.
 */
function undoneIndex(report: RunReport): Map<number, number> {
  const events = report.events;
  const lastOfUnit = new Map<number, number>();
  events.forEach((e, i) => {
    if (e.unit !== null) lastOfUnit.set(e.unit, i);
  });
  const out = new Map<number, number>();
  events.forEach((e, i) => {
    if (!e.discarded && !e.aborted) return;
    const last = e.unit !== null ? (lastOfUnit.get(e.unit) ?? i) : i;
    const open = events[last].outcome.kind === "blocked" && report.ending === "deadlock";
    out.set(e.seq, open ? events.length - 1 : last);
  });
  return out;
}

export function revealAt(report: RunReport, index: number, all: boolean): Reveal {
  const events = report.events;
  const n = events.length;
  const i = n === 0 ? 0 : Math.max(0, Math.min(n - 1, Math.trunc(index)));
  const position = new Map(events.map((e, k) => [e.seq, k]));
  const closedAt = report.findings.map((f) => {
    const at = Math.max(-1, ...f.events.map((seq) => position.get(seq) ?? -1));
    return all || at <= i ? at : null;
  });
  const findings = closedAt.flatMap((at, k) => (at === null ? [] : [k]));
  const future = new Set(all ? [] : events.slice(i + 1).map((e) => e.seq));
  const undoneKnown = new Set<number>();
  for (const [seq, at] of undoneIndex(report)) if (all || at <= i) undoneKnown.add(seq);
  return {
    all,
    index: i,
    findings,
    closedAt,
    outcome: all || n === 0 || i >= n - 1,
    future,
    undoneKnown,
  };
}

/** A finding is on screen. */
export function findingShown(r: Reveal, k: number): boolean {
  return r.closedAt[k] !== null && r.closedAt[k] !== undefined;
}

/** A step not reached yet: where it stands and whose turn it is, nothing of what it did. */
function placeholder(b: StepBox): StepBox {
  return {
    ...b,
    intent: "",
    sent: null,
    label: "",
    labelForms: null,
    outcome: "ok",
    status: null,
    statusShort: null,
    code: null,
    marks: [],
    findings: [],
    anomalyHere: false,
  };
}

/**
 * The timeline with only what has happened by the playhead: future steps as
 * placeholders, no commits, links or waits that start after it, a wait in
 * progress drawn up to the playhead with its end unknown, anomaly marks only
 * for findings shown, "undone" only once known, and the deadlock mark at the end.
 */
export function revealTimeline(t: Timeline, r: Reveal): RevealedTimeline {
  if (r.all) return { ...t, placeholders: new Set() };
  const shown = new Set(r.findings);
  const boxes = t.boxes.map((b) => {
    if (r.future.has(b.seq)) return placeholder(b);
    const findings = b.findings.filter((k) => shown.has(k));
    const marks = b.marks.filter(
      (m) =>
        (m !== "anomaly" || findings.length > 0) && (m !== "undone" || r.undoneKnown.has(b.seq)),
    );
    // The big triangle is where a finding shown closes.
    const anomalyHere = findings.some(
      (k) => r.closedAt[k] === t.columns.findIndex((c) => c.seq === b.seq),
    );
    return { ...b, findings, marks, anomalyHere };
  });
  const now = t.columns[r.index];
  const bars: BlockedBar[] = [];
  for (const bar of t.bars) {
    if (r.future.has(bar.from)) continue;
    if (bar.until !== null && !r.future.has(bar.until)) {
      bars.push(bar);
      continue;
    }
    // Still waiting at the playhead: up to its column, and how it ends is not known yet.
    const x2 = now ? Math.min(bar.x2, now.x + t.colWidth / 2) : bar.x2;
    bars.push({ ...bar, until: null, x2: Math.max(bar.x1, x2) });
  }
  return {
    ...t,
    boxes,
    bars,
    dbBoxes: t.dbBoxes.filter((b) => !r.future.has(b.seq)),
    arrows: t.arrows.filter((a) => !r.future.has(a.to) && !r.future.has(a.from)),
    deadlock: t.deadlock && r.outcome,
    placeholders: r.future,
  };
}
