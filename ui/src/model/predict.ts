//! Predict, then reveal: which steps are worth a guess, and the facts a
//! question and its answer are made of. A run pauses before the step where a
//! finding's cycle closes, or where the strategy acts (an optimistic version
//! check fails, a user waits for a lock, SQLite answers BUSY, a unit starts
//! over, the run deadlocks). Everything here is read from the engine's
//! fields (outcome, changes, reads, commits, retry_of, gave_up, findings'
//! events, the committed state); predict-text.ts words it at the edge.
import type { ChangeKind } from "../bindings/ChangeKind";
import type { Event } from "../bindings/Event";
import type { RunReport } from "../bindings/RunReport";
import { tableValues } from "./compare";
import { retriedBy, statementName, stepPoint } from "./outcome";
import { plainValue } from "./values";

/** The engine's optimistic-locking column (crates/engine database::VERSION_COLUMN). */
const VERSION = "version";

/** Why the run pauses before this step: what the class is asked to foresee. */
export type Mechanism =
  /** One or more findings' cycles close at this step (indexes into report.findings). */
  | { kind: "finding"; findings: number[] }
  /** An optimistic write's version check: only if the row is still at `expectedVersion`. */
  | { kind: "conflict"; expectedVersion: number | null }
  /** SQLite refuses a statement inside a transaction; `snapshot` is BUSY_SNAPSHOT. */
  | { kind: "busy"; code: number; snapshot: boolean }
  /** The statement finds the lock taken and waits; `until` is the event that gets through. */
  | { kind: "wait"; code: number; until: number | null }
  /** The last turn of a run that ends with everyone waiting. */
  | { kind: "deadlock" }
  /** A new attempt of a unit of work after a failure. */
  | { kind: "retry"; attempt: number };

/** What the step does, from what it sent and what it changed or read. */
export type Action =
  | { kind: "write"; change: ChangeKind; columns: string[] }
  | { kind: "read"; columns: string[] }
  | { kind: "commit" }
  /** Nothing read or changed: the statement it sent (or tried), e.g. "BEGIN IMMEDIATE". */
  | { kind: "statement"; name: string | null };

export interface Answer {
  /** What the step read, wrote or made visible, as "balance 130" or "on_call: alice 0 · bob 0". */
  values: string[];
  /** Findings whose cycle closes here (indexes into report.findings). */
  findings: number[];
  /** A later event starts this unit of work over. */
  retried: boolean;
  /** The strategy gave up on the unit of work here. */
  gaveUp: boolean;
}

export interface Question {
  /** 0-based event index of the step asked about: playback stops at `index - 1`. */
  index: number;
  seq: number;
  user: string;
  step: number;
  attempt: number;
  mechanism: Mechanism;
  action: Action;
  answer: Answer;
}

/** Columns a step assigns that the class is asked about: the version column is the strategy's, not the user's. */
function userColumns(report: RunReport, columns: string[]): string[] {
  const kept =
    report.strategy === "optimistic" ? columns.filter((c) => c.toLowerCase() !== VERSION) : columns;
  return [...new Set(kept.length > 0 ? kept : columns)];
}

const DATA = /^(INSERT|UPDATE|DELETE|REPLACE)$/;

function actionOf(report: RunReport, e: Event): Action {
  if (e.changes.length > 0) {
    const c = e.changes[0];
    const change: ChangeKind = c.old === null ? "insert" : c.new === null ? "delete" : "update";
    return {
      kind: "write",
      change,
      columns: userColumns(
        report,
        e.changes.map((x) => x.column),
      ),
    };
  }
  if (e.reads.length > 0) {
    const cols = e.reads.flatMap((r) => r.rows.flatMap((row) => row.cells.map((c) => c.column)));
    const shown = cols.filter((c) => c.toLowerCase() !== "id");
    return { kind: "read", columns: userColumns(report, shown.length > 0 ? shown : cols) };
  }
  if (e.commits.length > 0) return { kind: "commit" };
  // A write refused or waiting changed nothing: what it tried says what it was.
  const p = stepPoint(e);
  const tried = p.failed ?? e.sql.find((q) => DATA.test(statementName(q))) ?? e.sql[0] ?? null;
  const name = tried === null ? null : statementName(tried);
  if (name !== null && DATA.test(name))
    return {
      kind: "write",
      change: name === "INSERT" ? "insert" : name === "DELETE" ? "delete" : "update",
      columns: [],
    };
  return { kind: "statement", name };
}

function cellValues(report: RunReport, e: Event): string[] {
  const out: string[] = [];
  for (const r of e.reads)
    for (const row of r.rows)
      for (const c of row.cells) {
        if (c.column.toLowerCase() === "id" && row.cells.length > 1) continue;
        if (report.strategy === "optimistic" && c.column.toLowerCase() === VERSION) continue;
        out.push(`${c.column} ${plainValue(c.value)}`);
      }
  return out;
}

/** What the step left: read values, or the committed values of the columns written so far. */
function answerValues(report: RunReport, index: number, action: Action): string[] {
  const e = report.events[index];
  if (action.kind === "read") return cellValues(report, e);
  if (action.kind !== "write" && action.kind !== "commit") return [];
  if (e.commits.length > 0 && e.db.length > 0) {
    const upTo = report.events.slice(0, index + 1);
    const cols = action.kind === "write" ? action.columns : undefined;
    const values = tableValues(e.db, upTo, cols);
    if (values.length > 0) return values;
  }
  // Not yet visible to others (inside a transaction): what this step wrote.
  const cols = action.kind === "write" ? action.columns : [];
  return e.changes
    .filter((c) => cols.includes(c.column))
    .map((c) => `${c.column} ${c.new === null ? "deleted" : plainValue(c.new)}`);
}

/** Why to pause before event `i`, if at all (the first reason that applies). */
function mechanismOf(report: RunReport, i: number, closing: number[]): Mechanism | null {
  const e = report.events[i];
  const o = e.outcome;
  const last = i === report.events.length - 1;
  if (report.ending === "deadlock" && last && o.kind === "blocked") return { kind: "deadlock" };
  switch (o.kind) {
    case "conflict":
      return { kind: "conflict", expectedVersion: o.expected_version };
    case "busy":
    case "busy_snapshot":
      return { kind: "busy", code: o.code, snapshot: o.kind === "busy_snapshot" };
    case "blocked": {
      const until = report.blocked.find((b) => b.from === e.seq)?.until ?? null;
      return { kind: "wait", code: o.code, until };
    }
    default:
      break;
  }
  if (closing.length > 0) return { kind: "finding", findings: closing };
  if (e.retry_of !== null) return { kind: "retry", attempt: e.attempt };
  return null;
}

/**
 * What a mechanism teaches, so a class is asked once per user: the third
 * BUSY_SNAPSHOT of a user who keeps losing is the same question as the first.
 * A finding and a deadlock are always asked; giving up is its own lesson.
 */
function lessonKey(m: Mechanism, e: Event): string | null {
  switch (m.kind) {
    case "finding":
    case "deadlock":
      return null;
    default:
      return `${e.user}|${m.kind}|${e.gave_up}`;
  }
}

/** Every question of a run, in history order. */
export function questionsOf(report: RunReport): Question[] {
  const closingAt = new Map<number, number[]>();
  report.findings.forEach((f, k) => {
    const seq = f.events[f.events.length - 1];
    if (seq === undefined) return;
    closingAt.set(seq, [...(closingAt.get(seq) ?? []), k]);
  });
  const asked = new Set<string>();
  const out: Question[] = [];
  report.events.forEach((e, i) => {
    const closing = closingAt.get(e.seq) ?? [];
    const mechanism = mechanismOf(report, i, closing);
    // Before the first step there is nothing on screen to stop at.
    if (mechanism === null || i === 0) return;
    const key = lessonKey(mechanism, e);
    if (key !== null) {
      if (asked.has(key)) return;
      asked.add(key);
    }
    const action = actionOf(report, e);
    out.push({
      index: i,
      seq: e.seq,
      user: e.user,
      step: e.step,
      attempt: e.attempt,
      mechanism,
      action,
      answer: {
        values: answerValues(report, i, action),
        findings: closing,
        retried: retriedBy(report, e) !== undefined,
        gaveUp: e.gave_up,
      },
    });
  });
  return out;
}

const cache = new WeakMap<RunReport, Question[]>();

/** `questionsOf`, once per report (playback asks at every tick). */
export function questions(report: RunReport): Question[] {
  let q = cache.get(report);
  if (q === undefined) {
    q = questionsOf(report);
    cache.set(report, q);
  }
  return q;
}

/** The question about event `index`, if playback should stop before it. */
export function questionAt(report: RunReport, index: number): Question | null {
  return questions(report).find((q) => q.index === index) ?? null;
}

/**
 * The question on screen. `asking`: the playhead stands just before step
 * `index` and the caption asks about it; `answered`: the playhead is at
 * `index` and the caption gives the answer.
 */
export type PredictState =
  | { on: false }
  | { on: true; question: null }
  | { on: true; question: { index: number; phase: "asking" | "answered" } };

export const PREDICT_OFF: PredictState = { on: false };
export const PREDICT_ON: PredictState = { on: true, question: null };

export interface Move {
  index: number;
  predict: PredictState;
  /** A question stopped the move: playback pauses here. */
  asked: boolean;
}

/**
 * One step forward (→, Space on a question, or a playback tick). With the
 * mode on, the step before a question stops to ask it; the next step
 * reveals it (moves onto the step, which now shows its answer).
 */
export function forward(report: RunReport, index: number, p: PredictState): Move {
  const last = Math.max(0, report.events.length - 1);
  const next = Math.min(last, index + 1);
  // At the last step there is nowhere to go: an answer on screen stays.
  if (!p.on || next === index) return { index: next, predict: p, asked: false };
  const q = p.question;
  if (q !== null && q.phase === "asking" && q.index === index + 1)
    return {
      index: q.index,
      predict: { on: true, question: { ...q, phase: "answered" } },
      asked: false,
    };
  if (questionAt(report, next) !== null)
    return {
      index,
      predict: { on: true, question: { index: next, phase: "asking" } },
      asked: true,
    };
  return { index: next, predict: PREDICT_ON, asked: false };
}

/** After any other move of the playhead: a question stays only where it still stands. */
export function settle(p: PredictState, index: number): PredictState {
  if (!p.on || p.question === null) return p;
  const q = p.question;
  const stands = q.phase === "asking" ? q.index === index + 1 : q.index === index;
  return stands ? p : PREDICT_ON;
}

/**
 * The question asked on screen with the playhead at `index`, if any. A
 * question stands only next to its step, so a playhead moved by anything
 * else (a click on a finding, the slider) leaves it unasked.
 */
export function asking(report: RunReport | null, p: PredictState, index: number): Question | null {
  if (!report || !p.on || p.question === null || p.question.phase !== "asking") return null;
  return p.question.index === index + 1 ? questionAt(report, p.question.index) : null;
}

/** The question answered at the playhead, if any. */
export function answered(
  report: RunReport | null,
  p: PredictState,
  index: number,
): Question | null {
  if (!report || !p.on || p.question === null || p.question.phase !== "answered") return null;
  return p.question.index === index ? questionAt(report, p.question.index) : null;
}
