//! The explorer grid's view model: one verdict per (schedule, strategy) cell,
//! the counts under each strategy, schedule labels, and the grid's geometry
//! (so the renderer can hit-test one SVG instead of wiring thousands of cells).
import type { AnomalyKind } from "../bindings/AnomalyKind";
import type { Cell } from "../bindings/Cell";
import type { ExploreReport } from "../bindings/ExploreReport";
import type { RunOutcome } from "../bindings/RunOutcome";
import type { StrategySummary } from "../bindings/StrategySummary";
import { cellBadge, cellOutcome, RUN_OUTCOME_HINT, RUN_OUTCOME_TEXT } from "./run-outcome";
import { KIND_TEXT } from "./values";

/**
 * What one cell shows: its run's outcome (`Cell.outcome`, the word the single
 * view and compare show too), with an anomaly named by its first kind. Exactly
 * one per cell, so the counts of a column add up.
 */
export type Verdict = RunOutcome | AnomalyKind;

/** Legend and stacked-bar order: good first, then anomalies, then what stopped a user. */
export const VERDICT_ORDER: readonly Verdict[] = [
  "correct",
  "lost_update",
  "stale_read",
  "dirty_read",
  "dirty_write",
  "non_repeatable_read",
  "phantom_read",
  "read_skew",
  "write_skew",
  "circular_information_flow",
  "anomaly",
  "invariant_broken",
  "gave_up",
  "failed",
  "deadlock",
];

export const VERDICT_TEXT: Record<Verdict, string> = {
  ...RUN_OUTCOME_TEXT,
  ...KIND_TEXT,
};

/** What a verdict that is an outcome means, for the legend's tooltips. */
export const VERDICT_HINT: Partial<Record<Verdict, string>> = RUN_OUTCOME_HINT;

/** Two letters inside an anomaly's triangle, so kinds differ by more than hue. */
export const KIND_CODE: Record<AnomalyKind, string> = {
  lost_update: "LU",
  stale_read: "SR",
  dirty_read: "DR",
  dirty_write: "DW",
  non_repeatable_read: "NR",
  phantom_read: "PH",
  read_skew: "RS",
  write_skew: "WS",
  circular_information_flow: "CI",
};

export type VerdictShape = "check" | "triangle" | "flag" | "square" | "cross" | "octagon";

export function verdictShape(v: Verdict): VerdictShape {
  switch (v) {
    case "correct":
      return "check";
    case "gave_up":
      return "flag";
    case "invariant_broken":
      return "square";
    case "failed":
      return "cross";
    case "deadlock":
      return "octagon";
    default:
      return "triangle";
  }
}

/** The one verdict a cell shows: its outcome, an anomaly by its first kind (the engine sorts them). */
export function verdictOf(c: Cell): Verdict {
  const o = cellOutcome(c);
  return o === "anomaly" ? (c.kinds[0] ?? "anomaly") : o;
}

/** What a cell's tooltip or status line says: the same words as its run's badge. */
export function cellText(c: Cell): string {
  return cellBadge(c).text;
}

export interface StrategyColumn {
  summary: StrategySummary;
  /** Cells whose outcome is correct. */
  correct: number;
  /** "correct in all 6", "correct in 2 of 6", "never correct". */
  headline: string;
  /** "Lost update in 4 of 6 schedules", one line per outcome seen. */
  lines: string[];
  /** Cells per verdict, in VERDICT_ORDER, zeros left out: the stacked bar. */
  shares: { verdict: Verdict; count: number }[];
}

/** Outcomes other than anomalies, in the order a column lists them. */
const STOPPED: readonly Verdict[] = ["deadlock", "gave_up", "failed", "invariant_broken"];

export function strategyColumn(st: StrategySummary): StrategyColumn {
  const n = st.runs;
  const of = (k: number) => `in ${k} of ${n} schedule${n === 1 ? "" : "s"}`;
  const byVerdict = new Map<Verdict, number>();
  for (const c of st.cells) {
    const v = verdictOf(c);
    byVerdict.set(v, (byVerdict.get(v) ?? 0) + 1);
  }
  const correct = byVerdict.get("correct") ?? 0;
  const headline =
    correct === n
      ? `correct in all ${n}`
      : correct === 0
        ? "never correct"
        : `correct in ${correct} of ${n}`;
  const lines: string[] = [];
  // Anomaly kinds from the engine's counts: a cell may have two kinds, and each counts.
  for (const k of Object.keys(KIND_TEXT) as AnomalyKind[]) {
    const count = st.outcomes[k] ?? 0;
    if (count > 0) lines.push(`${KIND_TEXT[k]} ${of(count)}`);
  }
  for (const v of STOPPED) {
    const k = byVerdict.get(v) ?? 0;
    if (k > 0) lines.push(`${VERDICT_TEXT[v]} ${of(k)}`);
  }
  const shares = VERDICT_ORDER.flatMap((v) => {
    const count = byVerdict.get(v) ?? 0;
    return count > 0 ? [{ verdict: v, count }] : [];
  });
  return { summary: st, correct, headline, lines, shares };
}

/** The verdicts present anywhere in the report, for the legend. */
export function verdictsPresent(report: ExploreReport): Verdict[] {
  const seen = new Set<Verdict>();
  for (const st of report.strategies) for (const c of st.cells) seen.add(verdictOf(c));
  return VERDICT_ORDER.filter((v) => seen.has(v));
}

/** A schedule as the user names a RunRequest takes. */
export function scheduleNames(report: ExploreReport, index: number): string[] {
  return (report.schedules[index] ?? []).map((u) => report.users[u] ?? `#${u}`);
}

/** The row showing this schedule of names, or null. */
export function scheduleIndex(
  report: ExploreReport,
  names: string[] | null | undefined,
): number | null {
  if (!names) return null;
  const key = names.join("\u0000");
  const i = report.schedules.findIndex((_, k) => scheduleNames(report, k).join("\u0000") === key);
  return i >= 0 ? i : null;
}

/** One short, distinct mark per user: initials when they differ, else numbers. */
export function userMarks(users: string[]): string[] {
  const initials = users.map((u) => (u.trim()[0] ?? "?").toUpperCase());
  if (new Set(initials).size === users.length) return initials;
  return users.map((_, i) => String(i + 1));
}

/**
 * A schedule as text. "names": "Alice · Bob · Alice · Bob". "marks": turns in
 * runs of the same user, "AA B A BB", which shows who holds the floor.
 */
export function scheduleText(
  schedule: number[],
  users: string[],
  style: "names" | "marks",
): string {
  if (style === "names") return schedule.map((u) => users[u] ?? `#${u}`).join(" · ");
  const marks = userMarks(users);
  let out = "";
  schedule.forEach((u, i) => {
    if (i > 0 && schedule[i - 1] !== u) out += " ";
    out += marks[u] ?? "?";
  });
  return out;
}

export interface GridLayout {
  rows: number;
  cols: number;
  labelWidth: number;
  colWidth: number;
  rowHeight: number;
  width: number;
  height: number;
  /** Small grids name each verdict in its cell; large ones show shapes only. */
  showText: boolean;
}

/** Above this many schedules, rows shrink to a shape each. */
export const TEXT_ROWS_MAX = 40;

export function gridLayout(
  rows: number,
  cols: number,
  width: number,
  labelWidth: number,
): GridLayout {
  const showText = rows <= TEXT_ROWS_MAX;
  const colWidth = Math.floor(
    Math.max(showText ? 120 : 84, Math.min(220, (width - labelWidth) / Math.max(1, cols))),
  );
  const rowHeight = showText ? 30 : 18;
  return {
    rows,
    cols,
    labelWidth,
    colWidth,
    rowHeight,
    width: labelWidth + cols * colWidth,
    height: rows * rowHeight,
    showText,
  };
}

/** The cell under a point of the grid's SVG, or null outside the cells. */
export function cellAt(l: GridLayout, x: number, y: number): { row: number; col: number } | null {
  if (x < l.labelWidth || y < 0) return null;
  const col = Math.floor((x - l.labelWidth) / l.colWidth);
  const row = Math.floor(y / l.rowHeight);
  if (col >= l.cols || row >= l.rows) return null;
  return { row, col };
}
