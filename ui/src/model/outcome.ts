//! What happened at a step, in words: the short status in a step box, the
//! clause added to a caption, and the sentence in the details. Every fact is
//! a field of the engine's (`outcome` with its code and skip reason,
//! `gave_up`, `completed`, `discarded`, `aborted`, and which later event
//! retries or resumes this one); this module only words them. SQLite's own
//! `message` is shown as it is, never read.
import type { Event } from "../bindings/Event";
import type { Outcome } from "../bindings/Outcome";
import type { RunReport } from "../bindings/RunReport";
import { SKIP_TEXT } from "./values";

const BEGIN_MODES = ["IMMEDIATE", "EXCLUSIVE", "DEFERRED"];

/** The first words of a statement: "BEGIN IMMEDIATE", "COMMIT", "UPDATE". */
export function statementName(sql: string): string {
  const words = sql.trim().split(/\s+/);
  const first = (words[0] ?? "").toUpperCase();
  const second = (words[1] ?? "").toUpperCase();
  return first === "BEGIN" && BEGIN_MODES.includes(second) ? `BEGIN ${second}` : first;
}

/** The SQLite result code an outcome carries (BUSY, BUSY_SNAPSHOT, a wait, an error), if any. */
export function outcomeCode(o: Outcome): number | null {
  return "code" in o ? o.code : null;
}

/** SQLite's name for a result code, for the details. */
export function codeName(code: number | null): string | null {
  switch (code) {
    case null:
      return null;
    case 5:
      return "SQLITE_BUSY";
    case 517:
      return "SQLITE_BUSY_SNAPSHOT";
    case 6:
      return "SQLITE_LOCKED";
    case 19:
      return "SQLITE_CONSTRAINT";
    default:
      return null;
  }
}

export interface StepPoint {
  /** Statements that succeeded before the one that failed or waits. */
  done: string[];
  /** The statement that failed or waits; null when the step went through. */
  failed: string | null;
}

/**
 * Where a step stopped. `completed` counts the statements that succeeded, so
 * the failing one is `sql[completed]`; but after a BUSY or an error inside a
 * transaction the engine rolls back by itself and records that ROLLBACK too
 * (it counts as completed when it works), so there the failing statement is
 * the one before that last ROLLBACK.
 */
export function stepPoint(e: Event): StepPoint {
  const at = failedIndex(e);
  return at === null
    ? { done: [...e.sql], failed: null }
    : { done: e.sql.slice(0, at), failed: e.sql[at] };
}

/** Index in `sql` of the statement that failed or waits (see `stepPoint`); null when none did. */
export function failedIndex(e: Event): number | null {
  const k = e.outcome.kind;
  if (k !== "blocked" && k !== "busy" && k !== "busy_snapshot" && k !== "error") return null;
  // The engine does not count the ROLLBACK it adds after a failure, so this is the failed statement.
  const at = Math.min(e.completed, e.sql.length - 1);
  return at < 0 ? null : at;
}

function names(sqls: string[]): string {
  return [...new Set(sqls.map(statementName))].join(", ");
}

/** The later event that starts over after this one failed, if any. */
export function retriedBy(report: RunReport, e: Event): Event | undefined {
  return report.events.find((x) => x.retry_of === e.seq);
}

/** The later event that tries again after this one waited, if any. */
export function resumedBy(report: RunReport, e: Event): Event | undefined {
  return report.events.find((x) => x.resumes === e.seq);
}

/** Whose lock a user waits for: with two users it can only be the other one. */
function holder(report: RunReport, user: string): string | null {
  const others = report.users.map((u) => u.name).filter((n) => n !== user);
  return others.length === 1 ? others[0] : null;
}

/**
 * The box's status line(s): short, no error codes (those are in the details).
 * Null when there is nothing to add. A step at which the strategy gave up
 * (`gave_up`) says so last.
 */
export function stepStatus(e: Event): string | null {
  const status = whatHappened(e);
  if (!e.gave_up) return status;
  return status ? `${status} · gave up` : "gave up";
}

function whatHappened(e: Event): string | null {
  const p = stepPoint(e);
  switch (e.outcome.kind) {
    case "blocked": {
      // The statement is named unless the label already is that statement ("COMMIT" waits).
      const name = p.failed ? statementName(p.failed) : "";
      const waits =
        name && (p.done.length > 0 || name !== statementName(e.label)) ? `${name} waits` : "waits";
      return p.done.length > 0 ? `${names(p.done)} done · ${waits}` : waits;
    }
    case "busy":
      return "BUSY · rolled back";
    case "busy_snapshot":
      return "BUSY_SNAPSHOT · rolled back";
    case "conflict":
      return "0 rows changed · conflict";
    case "skipped":
      return "skipped";
    case "error":
      return p.failed ? `${statementName(p.failed)} failed` : "error";
    case "rolled_back":
      // An explicit ROLLBACK step already says so in its label.
      return statementName(e.label) === "ROLLBACK" ? null : "rolled back";
    case "ok":
      break;
  }
  if (e.discarded) return "never committed";
  if (e.retry_of !== null) return `retry of #${e.retry_of}`;
  if (e.resumes !== null) return "got the lock";
  if (e.aborted) return "attempt abandoned";
  return null;
}

/** A shorter status for narrow boxes, when the full one would be cut. */
export function stepStatusShort(e: Event): string | null {
  if (e.gave_up) return "gave up";
  switch (e.outcome.kind) {
    case "busy":
    case "busy_snapshot":
      return "refused · rolled back";
    case "blocked":
      return "waits";
    case "conflict":
      return "0 rows · conflict";
    default:
      return stepStatus(e);
  }
}

/**
 * The clause after a caption's " — ": what actually happened, when it was not
 * simply what the scenario's narration says. Null when the step went through.
 */
export function outcomeClause(report: RunReport, e: Event): string | null {
  const retry = retriedBy(report, e);
  const then = retry ? `; ${e.user} will start over` : e.gave_up ? `; ${e.user} gives up` : "";
  const o = e.outcome;
  switch (o.kind) {
    case "busy_snapshot":
      return `refused: BUSY_SNAPSHOT, rolled back${then}`;
    case "busy":
      return `refused: BUSY, rolled back${then}`;
    case "conflict": {
      const reread = retry && retry.reads.length > 0 ? `; ${e.user} will re-read` : then;
      return `0 rows changed: someone else saved first${reread}`;
    }
    case "skipped":
      return `skipped: ${SKIP_TEXT[o.reason]}`;
    case "error":
      return `failed${e.message ? `: ${e.message}` : ""}${then}`;
    case "blocked": {
      const p = stepPoint(e);
      const who = holder(report, e.user);
      const wait = who ? `waits for ${who}'s lock` : "waits for a lock";
      const what =
        e.sql.length > 1 && p.failed
          ? `${p.done.length > 0 ? `${names(p.done)} done, ` : ""}${statementName(p.failed)} ${wait}`
          : wait;
      const last = report.events[report.events.length - 1]?.seq === e.seq;
      return report.ending === "deadlock" && last
        ? `${what}; each now waits for the other: deadlock`
        : what;
    }
    case "rolled_back":
    case "ok":
      break;
  }
  if (e.gave_up) return `${e.user} gives up: the change is not made`;
  if (e.resumes !== null) return "the lock is free now, so it goes through";
  if (e.retry_of !== null) return `starts over (attempt ${e.attempt})`;
  return null;
}

/** The caption with what happened: "Bob deposits 30 and saves — refused: BUSY_SNAPSHOT, rolled back; Bob will start over". */
export function narrate(report: RunReport, e: Event): string {
  const base = e.caption ?? e.label;
  const clause = outcomeClause(report, e);
  return clause ? `${base} — ${clause}` : base;
}

/** One sentence for the details panel: what the step did, statement by statement. */
export function stepSentence(report: RunReport, e: Event): string | null {
  const p = stepPoint(e);
  const done = p.done.length > 0 ? `${names(p.done)} done; ` : "";
  const c = outcomeCode(e.outcome);
  const code = c !== null ? ` (${codeName(c) ?? "code"} ${c})` : "";
  const gaveUp = e.gave_up ? ` ${e.user} gives up: the change is not made.` : "";
  switch (e.outcome.kind) {
    case "blocked":
      return p.failed
        ? `${done}${statementName(p.failed)} waits for a lock${code}.${resumedBy(report, e) ? "" : report.ending === "deadlock" ? " It never gets it: deadlock." : ""}`
        : null;
    case "busy":
    case "busy_snapshot":
      return p.failed
        ? `${done}SQLite refused ${statementName(p.failed)}${code}; the transaction was rolled back${retriedBy(report, e) ? ` and ${e.user} starts over` : ""}.${gaveUp}`
        : null;
    case "error":
      return p.failed ? `${done}${statementName(p.failed)} failed${code}.${gaveUp}` : null;
    default:
      break;
  }
  if (e.gave_up) return gaveUp.trim();
  if (e.discarded)
    return "Its changes never became visible to others: the transaction was rolled back.";
  if (e.aborted)
    return `This attempt was abandoned${retriedBy(report, e) || report.events.some((x) => x.user === e.user && x.attempt > e.attempt) ? ": a later attempt starts over" : ""}.`;
  return null;
}
