//! The outcome badge of one strategy in the compare view. Everything is read
//! from the report: its outcome (the same badge as the single view's), the
//! final table and the costs.
import type { Event } from "../bindings/Event";
import type { RunReport } from "../bindings/RunReport";
import type { TableState } from "../bindings/TableState";
import type { Strategy } from "../bindings/Strategy";
import { type OutcomeBadge, reportBadge } from "./run-outcome";
import { plainValue, plural, STRATEGY_TEXT } from "./values";

export interface Badge {
  strategy: Strategy;
  /** The run's outcome as every badge shows it: "Lost update (G-single)", "Gave up", "Correct". */
  outcome: OutcomeBadge;
  /** e.g. "balance 180" or "on_call: alice 0 · bob 0". */
  finals: string[];
  retries: number;
  conflicts: number;
  blockedSteps: number;
  /** One line of costs: "1 retry · 0 blocked". */
  costText: string;
  /** The engine's sentence on the outcome, for the tooltip. */
  verdict: string;
}

/** Columns worth showing: those any of `events` changed, in table order. */
function changedColumns(tables: TableState[], events: Event[]): Map<string, string[]> {
  const touched = new Set<string>();
  for (const e of events) for (const c of e.changes) touched.add(`${c.table}.${c.column}`);
  const out = new Map<string, string[]>();
  for (const t of tables) {
    const cols = t.columns.filter((c) => touched.has(`${t.name}.${c}`));
    if (cols.length > 0) out.set(t.name, cols);
  }
  return out;
}

/** Rows any of `events` changed, by rowid. */
function touchedRows(events: Event[], table: string): Set<number> {
  const out = new Set<number>();
  for (const e of events) for (const c of e.changes) if (c.table === table) out.add(c.rowid);
  return out;
}

/** Each of `cols` in `t`, over `rows`: "balance 180", or by row ("on_call: alice 0 · bob 0"). */
function columnValues(t: TableState, cols: string[], touched: Set<number>): string[] {
  const id = t.columns.findIndex((c) => c.toLowerCase() === "id");
  const rows =
    id >= 0 && touched.size > 0 ? t.rows.filter((r) => touched.has(Number(r[id]))) : t.rows;
  return cols.map((col) => {
    const ci = t.columns.indexOf(col);
    if (t.rows.length <= 1)
      return `${col} ${rows.length > 0 ? plainValue(rows[0][ci] ?? null) : "—"}`;
    const named = rows.map((r, i) => {
      // A blob is an object ({blob}), so a string is always text.
      const name = r.find((v, j) => j !== ci && typeof v === "string");
      const label =
        typeof name === "string" ? name : id >= 0 ? `#${plainValue(r[id])}` : `#${i + 1}`;
      return `${label} ${plainValue(r[ci] ?? null)}`;
    });
    return `${col}: ${named.length > 0 ? named.join(" · ") : "—"}`;
  });
}

/**
 * The committed value of each column `events` changed, in `tables` (a run's
 * final state, or the state after one step). One row: "balance 180". Several:
 * each changed row named by its text ("on_call: alice 0 · bob 0"), or by its
 * id ("value: #1 11"), so a value never reads as an unlabelled list of
 * numbers. `only` keeps those columns.
 */
export function tableValues(tables: TableState[], events: Event[], only?: string[]): string[] {
  const out: string[] = [];
  for (const [table, all] of changedColumns(tables, events)) {
    const t = tables.find((x) => x.name === table);
    if (!t) continue;
    const cols = only ? all.filter((c) => only.includes(c)) : all;
    out.push(...columnValues(t, cols, touchedRows(events, table)));
  }
  return out;
}

/**
 * The final value of each changed column (see `tableValues`); a run that
 * changed nothing shows its first table's first columns, so the badge still
 * says what the data ended as.
 */
export function finalValues(report: RunReport): string[] {
  const changed = tableValues(report.final, report.events);
  if (changed.length > 0 || report.final.length === 0) return changed;
  const t = report.final[0];
  return columnValues(t, t.columns.filter((c) => c !== "id").slice(0, 2), new Set());
}

/** A compare row's name: the strategy, or for a raw-SQL scenario (run as written) the journal. */
export function rowTitle(report: RunReport): string {
  if (report.strategy !== "as_written") return STRATEGY_TEXT[report.strategy];
  return `As written · ${report.journal === "delete" ? "rollback journal" : "WAL"}`;
}

export function badgeOf(report: RunReport): Badge {
  const sum = (f: (c: RunReport["costs"][number]) => number) =>
    report.costs.reduce((a, c) => a + f(c), 0);
  const retries = sum((c) => c.retries);
  const conflicts = sum((c) => c.conflicts);
  const blockedSteps = sum((c) => c.blocked_steps);
  const costs = [plural(retries, "retry", "retries")];
  if (conflicts > 0) costs.push(plural(conflicts, "conflict"));
  costs.push(`${blockedSteps} blocked`);
  return {
    strategy: report.strategy,
    outcome: reportBadge(report),
    finals: finalValues(report),
    retries,
    conflicts,
    blockedSteps,
    costText: costs.join(" · "),
    verdict: report.verdict,
  };
}

/** A row's badge before its run's end: what has happened by the playhead, nothing of the outcome. */
export interface BadgeSoFar {
  /** The committed values after the playhead's step (see `tableValues`). */
  finals: string[];
  /** Costs so far, in the badge's words: "0 retries · 1 blocked". */
  costText: string;
  /** The step (from 1) at which the outcome shows: the run's last. */
  outcomeAt: number;
}

/** Costs counted from the events up to the playhead, so they match the engine's at the last step. */
export function badgeSoFar(report: RunReport, index: number): BadgeSoFar {
  const upTo = report.events.slice(0, Math.max(0, index) + 1);
  const last = upTo[upTo.length - 1];
  const retries = upTo.filter((e) => e.retry_of !== null).length;
  const conflicts = upTo.filter((e) => e.outcome.kind === "conflict").length;
  const blocked = upTo.filter((e) => e.outcome.kind === "blocked").length;
  const costs = [plural(retries, "retry", "retries")];
  if (conflicts > 0) costs.push(plural(conflicts, "conflict"));
  costs.push(`${blocked} blocked`);
  return {
    finals: last ? tableValues(last.db, upTo) : [],
    costText: costs.join(" · "),
    outcomeAt: report.events.length,
  };
}
