//! The outcome badge of one strategy in the compare view. Everything is read
//! from the report: its outcome (the same badge as the single view's), the
//! final table and the costs.
import type { RunReport } from "../bindings/RunReport";
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

/** Columns worth showing: those any event changed, in table order. */
export function changedColumns(report: RunReport): Map<string, string[]> {
  const touched = new Set<string>();
  for (const e of report.events) for (const c of e.changes) touched.add(`${c.table}.${c.column}`);
  const out = new Map<string, string[]>();
  for (const t of report.final) {
    const cols = t.columns.filter((c) => touched.has(`${t.name}.${c}`));
    if (cols.length > 0) out.set(t.name, cols);
  }
  if (out.size === 0 && report.final.length > 0) {
    const t = report.final[0];
    out.set(t.name, t.columns.filter((c) => c !== "id").slice(0, 2));
  }
  return out;
}

/** Rows any event changed, by rowid; null when the table has no "id" column to match them by. */
function touchedRows(report: RunReport, table: string): Set<number> {
  const out = new Set<number>();
  for (const e of report.events) for (const c of e.changes) if (c.table === table) out.add(c.rowid);
  return out;
}

/**
 * The final value of each changed column. One row: "balance 180". Several:
 * each changed row named by its text ("on_call: alice 0 · bob 0"), or by its id
 * ("value: #1 11"), so a badge never reads as an unlabelled list of numbers.
 */
export function finalValues(report: RunReport): string[] {
  const out: string[] = [];
  for (const [table, cols] of changedColumns(report)) {
    const t = report.final.find((x) => x.name === table);
    if (!t) continue;
    const id = t.columns.findIndex((c) => c.toLowerCase() === "id");
    const touched = touchedRows(report, table);
    const rows =
      id >= 0 && touched.size > 0 ? t.rows.filter((r) => touched.has(Number(r[id]))) : t.rows;
    for (const col of cols) {
      const ci = t.columns.indexOf(col);
      if (t.rows.length <= 1) {
        out.push(`${col} ${rows.length > 0 ? plainValue(rows[0][ci] ?? null) : "—"}`);
        continue;
      }
      const named = rows.map((r, i) => {
        // A blob is an object ({blob}), so a string is always text.
        const name = r.find((v, j) => j !== ci && typeof v === "string");
        const label =
          typeof name === "string" ? name : id >= 0 ? `#${plainValue(r[id])}` : `#${i + 1}`;
        return `${label} ${plainValue(r[ci] ?? null)}`;
      });
      out.push(`${col}: ${named.length > 0 ? named.join(" · ") : "—"}`);
    }
  }
  return out;
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
