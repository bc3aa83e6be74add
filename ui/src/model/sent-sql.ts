//! Which statement a step box shows. An intent step ("write balance =
//! balance + 30") runs differently under each strategy (`balance = 130`,
//! `balance = balance + 30`, a versioned write): the box shows what was sent,
//! the intent stays in the tooltip and the details.
import type { Event } from "../bindings/Event";
import { failedIndex } from "./outcome";

/** Statements that read or change rows; BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE say nothing of what the step did. */
const DATA_STATEMENT = /^\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|WITH)\b/i;

/**
 * The data statement this event sent (the first, if several), null when it
 * sent none: a think step, a write skipped before any SQL, a step that only
 * began or committed. A statement that waits for a lock has not run (the
 * event that resumes it sends it again); one refused with BUSY or failed did
 * reach SQLite, and what it tried is the point, so it counts.
 */
export function sentStatement(e: Event): string | null {
  const at = failedIndex(e);
  const upTo = at === null ? e.sql.length : e.outcome.kind === "blocked" ? at : at + 1;
  return e.sql.slice(0, upTo).find((q) => DATA_STATEMENT.test(q)) ?? null;
}

/** Same statement, ignoring case, spacing and a final ";": a raw-SQL step's label is what it sent. */
export function sameStatement(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().replace(/;\s*$/, "").replace(/\s+/g, " ").toLowerCase();
  return norm(a) === norm(b);
}
