//! How values and outcomes read on screen. Pure formatting, no domain facts.
import type { Value } from "../bindings/Value";
import type { Outcome } from "../bindings/Outcome";
import type { Change } from "../bindings/Change";
import type { Strategy } from "../bindings/Strategy";
import type { AnomalyKind } from "../bindings/AnomalyKind";
import type { Finding } from "../bindings/Finding";
import type { SkipReason } from "../bindings/SkipReason";

/** An event's outcome without its payload: what the timeline's marks and classes key on. */
export type OutcomeKind = Outcome["kind"];

/** Blobs and infinities arrive as objects (see bindings/Value.ts). */
function special(v: Value): string | null {
  if (v !== null && typeof v === "object") {
    if ("blob" in v) return `x'${v.blob}'`;
    return v.real === "inf" ? "Infinity" : "-Infinity";
  }
  return null;
}

/** A value as SQL would write it: text quoted, so a text "x'00'" never reads as a blob. */
export function formatValue(v: Value): string {
  if (v === null) return "NULL";
  if (typeof v === "string") return `'${v.replaceAll("'", "''")}'`;
  return special(v) ?? String(v);
}

/** A value where quotes would be noise (tables, locals). */
export function plainValue(v: Value): string {
  if (v === null) return "NULL";
  return special(v) ?? String(v);
}

export const OUTCOME_TEXT: Record<OutcomeKind, string> = {
  ok: "ok",
  busy: "BUSY",
  busy_snapshot: "BUSY_SNAPSHOT",
  conflict: "conflict: 0 rows changed",
  rolled_back: "rolled back",
  skipped: "skipped",
  blocked: "waits for a lock",
  error: "error",
};

export function changeText(c: Change, withRow: boolean): string {
  const row = withRow ? `#${c.rowid} ` : "";
  if (c.old === null && c.new !== null) return `${row}${c.column} = ${plainValue(c.new)} (new)`;
  if (c.new === null && c.old !== null) return `${row}${c.column} ${plainValue(c.old)}→deleted`;
  return `${row}${c.column} ${plainValue(c.old)}→${plainValue(c.new)}`;
}

export const STRATEGIES: readonly Strategy[] = [
  "none",
  "atomic",
  "pessimistic",
  "optimistic",
  "transaction",
];

export const STRATEGY_TEXT: Record<Strategy, string> = {
  none: "None",
  atomic: "Atomic",
  pessimistic: "Pessimistic",
  optimistic: "Optimistic",
  transaction: "Transaction",
  as_written: "As written",
};

export const STRATEGY_HINT: Record<Strategy, string> = {
  none: "read, compute, write back (last write wins)",
  atomic: "one UPDATE … SET x = x + …",
  pessimistic: "BEGIN IMMEDIATE before reading",
  optimistic: "version column, UPDATE … WHERE version = ?",
  transaction: "BEGIN … COMMIT; retry on BUSY",
  as_written: "the scenario's own SQL",
};

export const KIND_TEXT: Record<AnomalyKind, string> = {
  lost_update: "Lost update",
  stale_read: "Stale read",
  dirty_read: "Dirty read",
  dirty_write: "Dirty write",
  non_repeatable_read: "Non-repeatable read",
  phantom_read: "Phantom read",
  read_skew: "Read skew",
  write_skew: "Write skew",
  circular_information_flow: "Circular information flow",
};

/** A finding's name with its Adya class as the engine gives it: "Lost update (G-single)". */
export function findingName(f: Finding): string {
  return f.class ? `${KIND_TEXT[f.kind]} (${f.class})` : KIND_TEXT[f.kind];
}

/** Why a step did not write, from the engine's reason. */
export const SKIP_TEXT: Record<SkipReason, string> = {
  condition_false: "its condition was false",
  condition_false_in_update: "the UPDATE's condition was false, so 0 rows changed",
  transaction_rolled_back: "the transaction was already rolled back",
};

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
