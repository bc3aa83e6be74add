//! The explorer's view model: per strategy, its counts of executions (which add
//! up to `executions`) and one row per behaviour class, with the fields its
//! sentence is made from (verdict, count, who committed/waited/retried/gave up,
//! the final values that set it apart) and the schedules to open, as names.
//! Words are made from these fields in `explore-text.ts`, at the edge.
import type { AnomalyKind } from "../bindings/AnomalyKind";
import type { BehaviourClass } from "../bindings/BehaviourClass";
import type { ExploreEstimate } from "../bindings/ExploreEstimate";
import type { ExploreReport } from "../bindings/ExploreReport";
import type { RunOutcome } from "../bindings/RunOutcome";
import type { SampleRequest } from "../bindings/SampleRequest";
import type { Strategy } from "../bindings/Strategy";
import type { StrategySummary } from "../bindings/StrategySummary";
import type { TableState } from "../bindings/TableState";
import type { Value } from "../bindings/Value";
import { RUN_OUTCOME_HINT, RUN_OUTCOME_TEXT } from "./run-outcome";
import { KIND_TEXT } from "./values";

/**
 * What a class shows: its run outcome (the word the single view and compare
 * show too), an anomaly named by its first finding's kind (the engine sorts
 * them). Exactly one per class, so a column's counts add up.
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

/** The one verdict a class shows: its outcome, an anomaly by its first finding's kind. */
export function classVerdict(c: BehaviourClass): Verdict {
  return c.outcome === "anomaly" ? (c.findings[0]?.kind ?? "anomaly") : c.outcome;
}

/** What happened to one user across a class's executions, by name. */
export interface Fate {
  name: string;
  committed: number;
  waited: number;
  retries: number;
  gaveUp: boolean;
  failed: boolean;
}

/** One committed value that differs between the classes of a column. */
export interface FinalValue {
  table: string;
  /** The row's first column (its key) when the table has more than one row; else null. */
  row: Value;
  column: string;
  value: Value;
  /** Whether the final state has more than one table, so the table must be named. */
  tables: number;
}

export interface ClassRow {
  /** Unique in the report: "strategy/index". What expansion state and tests key on. */
  id: string;
  strategy: Strategy;
  verdict: Verdict;
  /** Every anomaly kind the class's findings name, in the engine's order, without repeats. */
  kinds: AnomalyKind[];
  count: number;
  /** Executions of the column, so a row can say "2 of 6". */
  of: number;
  fates: Fate[];
  /** The final values that tell this class from the column's others (at most FINAL_MAX). */
  final: FinalValue[];
  /** More differing values than `final` holds. */
  finalMore: number;
  deadlock: boolean;
  /** The representative schedule as user names, what `run --schedule` takes. */
  representative: string[];
  /** The schedules listed (representative first), as names. */
  schedules: string[][];
  /** Executions of this class not listed. */
  more: number;
  /** The timeline on screen is one of the listed schedules under this strategy. */
  current: boolean;
}

export interface StrategyColumn {
  summary: StrategySummary;
  strategy: Strategy;
  executions: number;
  runs: number;
  /** Executions whose class is correct. */
  correct: number;
  /** Executions per verdict in VERDICT_ORDER, zeros left out; they sum to `executions`. */
  shares: { verdict: Verdict; count: number }[];
  rows: ClassRow[];
}

/** Differing final values named per row, at most. */
export const FINAL_MAX = 3;

function sameValue(a: Value | undefined, b: Value | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Per class, the committed values that are not the same in every class of the column. */
export function finalDifferences(finals: TableState[][]): FinalValue[][] {
  const out: FinalValue[][] = finals.map(() => []);
  if (finals.length < 2) return out;
  const names = [...new Set(finals.flatMap((f) => f.map((t) => t.name)))];
  for (const name of names) {
    const tables = finals.map((f) => f.find((t) => t.name === name));
    const columns = [...new Set(tables.flatMap((t) => t?.columns ?? []))];
    const rowCount = Math.max(...tables.map((t) => t?.rows.length ?? 0));
    for (let r = 0; r < rowCount; r++) {
      for (const column of columns) {
        const values = tables.map((t) => {
          const c = t?.columns.indexOf(column) ?? -1;
          return c >= 0 ? t?.rows[r]?.[c] : undefined;
        });
        if (values.every((v) => sameValue(v, values[0]))) continue;
        values.forEach((value, i) => {
          const t = tables[i];
          if (!t || value === undefined) return;
          out[i].push({
            table: name,
            row: t.rows.length > 1 ? (t.rows[r]?.[0] ?? null) : null,
            column,
            value,
            tables: finals[i].length,
          });
        });
      }
    }
  }
  return out;
}

/** A schedule of user indexes as the names a RunRequest takes. */
export function scheduleNames(users: string[], schedule: number[]): string[] {
  return schedule.map((u) => users[u] ?? `#${u}`);
}

function sameNames(a: string[], b: string[] | null | undefined): boolean {
  return !!b && a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The timeline on screen, to mark the class it belongs to. */
export interface OnScreen {
  strategy: Strategy;
  schedule: string[] | null | undefined;
}

export function strategyColumn(
  report: ExploreReport,
  st: StrategySummary,
  onScreen: OnScreen | null = null,
): StrategyColumn {
  const diffs = finalDifferences(st.classes.map((c) => c.final));
  const rows = st.classes.map((c, i): ClassRow => {
    const schedules = c.schedules.map((sch) => scheduleNames(report.users, sch));
    const final = diffs[i];
    return {
      id: `${st.strategy}/${i}`,
      strategy: st.strategy,
      verdict: classVerdict(c),
      kinds: [...new Set(c.findings.map((f) => f.kind))],
      count: c.count,
      of: st.executions,
      fates: c.users.map((u, k) => ({
        name: report.users[k] ?? `#${k}`,
        committed: u.committed,
        waited: u.waited,
        retries: u.retries,
        gaveUp: u.gave_up,
        failed: u.failed,
      })),
      final: final.slice(0, FINAL_MAX),
      finalMore: Math.max(0, final.length - FINAL_MAX),
      deadlock: c.ending === "deadlock",
      representative: scheduleNames(report.users, c.representative),
      schedules,
      more: Math.max(0, c.count - schedules.length),
      current:
        onScreen !== null &&
        onScreen.strategy === st.strategy &&
        schedules.some((s) => sameNames(s, onScreen.schedule)),
    };
  });
  const byVerdict = new Map<Verdict, number>();
  for (const r of rows) byVerdict.set(r.verdict, (byVerdict.get(r.verdict) ?? 0) + r.count);
  const shares = VERDICT_ORDER.flatMap((v) => {
    const count = byVerdict.get(v) ?? 0;
    return count > 0 ? [{ verdict: v, count }] : [];
  });
  return {
    summary: st,
    strategy: st.strategy,
    executions: st.executions,
    runs: st.runs,
    correct: byVerdict.get("correct") ?? 0,
    shares,
    rows,
  };
}

/** The verdicts present anywhere in the report, for the legend. */
export function verdictsPresent(report: ExploreReport): Verdict[] {
  const seen = new Set<Verdict>();
  for (const st of report.strategies) for (const c of st.classes) seen.add(classVerdict(c));
  return VERDICT_ORDER.filter((v) => seen.has(v));
}

/** How the executions were chosen, with the numbers the header says. */
export type MethodView =
  | { kind: "full"; executions: number }
  | { kind: "reduced"; runs: number; executions: number }
  | { kind: "sample"; runs: number; seed: number; interleavings: number; covered: number };

export function methodView(report: ExploreReport): MethodView {
  const executions = report.strategies.reduce((a, s) => a + s.executions, 0);
  const runs = report.strategies.reduce((a, s) => a + s.runs, 0);
  const m = report.method;
  if (m.kind === "full") return { kind: "full", executions };
  if (m.kind === "reduced") return { kind: "reduced", runs, executions };
  // Distinct executions sampled, out of the interleavings of every strategy explored.
  const space = report.interleavings * Math.max(1, report.strategies.length);
  return {
    kind: "sample",
    runs: m.runs,
    seed: m.seed,
    interleavings: report.interleavings,
    covered: space > 0 ? Math.min(1, executions / space) : 0,
  };
}

/** Past this many runs (interleavings × strategies), the explorer asks before starting. */
export const EXPLORE_BUDGET = 20_000;

/** The sample offered for a space too big to explore whole, or when the learner would rather not wait. */
export const DEFAULT_SAMPLE: SampleRequest = { runs: 1000, seed: 1 };

/** Whether to start at once or ask first, and what may be offered. */
export function exploreChoice(e: ExploreEstimate): { ask: boolean; all: boolean } {
  const big = e.interleavings * Math.max(1, e.strategies) > EXPLORE_BUDGET;
  return { ask: big || !e.fits, all: e.fits };
}

export interface ProgressView {
  done: number;
  total: number;
  /** The share to draw, 0 to 100: of the tree walked when the engine says, else of the estimate. */
  pct: number;
  /**
   * The engine's estimate counts interleavings of the steps; waits and retries
   * add executions beyond it (it reports `done` capped at `total`), so once
   * there `done` says nothing and only the share of the tree walked moves.
   */
  beyond: boolean;
  /** Whether `pct` is the share of the tree of choices walked (`covered`). */
  walked: boolean;
}

/**
 * The progress bar's fields. The engine counts executions out of its
 * estimate, and says what share of the tree of choices it has walked
 * (`covered`), which keeps moving past the estimate; 100% only at the end.
 */
export function progressView(done: number, total: number, covered?: number): ProgressView {
  const beyond = total > 0 && done >= total;
  if (covered !== undefined) {
    const pct = covered >= 1 ? 100 : Math.min(99, Math.floor(100 * Math.max(0, covered)));
    return { done, total, pct, beyond, walked: true };
  }
  const pct = total > 0 ? Math.min(100, Math.round((100 * done) / total)) : 0;
  return { done, total, pct, beyond, walked: false };
}

/** One short, distinct mark per user: initials when they differ, else numbers. */
export function userMarks(users: string[]): string[] {
  const initials = users.map((u) => (u.trim()[0] ?? "?").toUpperCase());
  if (new Set(initials).size === users.length) return initials;
  return users.map((_, i) => String(i + 1));
}

/**
 * A schedule of names as marks, in runs of the same user: "AA B A BB", which
 * shows who holds the floor and fits a narrow column.
 */
export function scheduleMarks(schedule: string[], users: string[]): string {
  const marks = userMarks(users);
  let out = "";
  schedule.forEach((name, i) => {
    if (i > 0 && schedule[i - 1] !== name) out += " ";
    out += marks[users.indexOf(name)] ?? "?";
  });
  return out;
}

/** Classes a column lists before "Show N more": a column can hold dozens. */
export const CLASS_ROWS_MAX = 8;

/** The rows a column shows, and what the rest hold (so the hidden count is said, never lost). */
export function visibleRows(
  col: StrategyColumn,
  all: boolean,
  limit = CLASS_ROWS_MAX,
): { rows: ClassRow[]; hidden: { classes: number; executions: number } } {
  const cut = all || col.rows.length <= limit + 1 ? col.rows.length : limit;
  const rest = col.rows.slice(cut);
  return {
    rows: col.rows.slice(0, cut),
    hidden: { classes: rest.length, executions: rest.reduce((a, r) => a + r.count, 0) },
  };
}
