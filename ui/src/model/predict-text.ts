//! Predict, then reveal, in words: the question asked before a step and the
//! answer shown at it, made at the edge from a Question's fields (see
//! predict.ts). Nothing here is read back.
import type { Finding } from "../bindings/Finding";
import type { RunReport } from "../bindings/RunReport";
import { codeName } from "./outcome";
import type { Action, Question } from "./predict";
import { findingName } from "./values";

export interface QuestionText {
  /** What is about to happen, from the step's facts: "Bob saves now." */
  lead: string;
  /** What the class is asked: "What will the balance be?" */
  ask: string;
}

function list(words: string[]): string {
  if (words.length <= 1) return words[0] ?? "";
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

/** "the balance", "the balance and version": a column as people ask about it. */
function columnsText(columns: string[]): string {
  return columns.length > 0 ? `the ${list(columns)}` : "the data";
}

function actionLead(user: string, a: Action): string {
  switch (a.kind) {
    case "write":
      return a.change === "insert"
        ? `${user} inserts a row now.`
        : a.change === "delete"
          ? `${user} deletes a row now.`
          : `${user} saves now.`;
    case "read":
      return `${user} reads ${columnsText(a.columns)} now.`;
    case "commit":
      return `${user} commits now.`;
    case "statement":
      return a.name ? `${user} sends ${a.name} now.` : `${user} acts now.`;
  }
}

/** The question for what the step does, when the strategy does nothing special. */
function actionAsk(user: string, a: Action): string {
  switch (a.kind) {
    case "write":
      return a.columns.length > 0
        ? `What will ${columnsText(a.columns)} be?`
        : "What will the database hold?";
    case "read":
      return `What will ${user} see?`;
    case "commit":
      return "What will the database hold?";
    case "statement":
      return "What happens next?";
  }
}

function codeText(code: number): string {
  const name = codeName(code);
  return name ? `${name}, code ${code}` : `code ${code}`;
}

export function questionText(q: Question): QuestionText {
  const m = q.mechanism;
  const lead = actionLead(q.user, q.action);
  switch (m.kind) {
    case "finding":
      return { lead, ask: actionAsk(q.user, q.action) };
    case "conflict":
      return {
        lead:
          m.expectedVersion !== null
            ? `${q.user} saves, but only if the row is still at version ${m.expectedVersion}.`
            : `${q.user} saves, but only if the row has not changed since the read.`,
        ask: "Will the save go through?",
      };
    case "busy":
      return { lead, ask: "What will SQLite answer?" };
    case "wait":
      return { lead, ask: `Will ${q.user} get through?` };
    case "deadlock":
      return { lead, ask: "What happens next?" };
    case "retry":
      return {
        lead: `${q.user} starts over (attempt ${m.attempt}).`,
        ask: actionAsk(q.user, q.action),
      };
  }
}

/** The answer, shown at the step: what happened, the values, and the findings by name. */
export function answerText(report: RunReport, q: Question): string {
  const m = q.mechanism;
  const a = q.answer;
  const then = a.gaveUp
    ? ` The strategy gives up: ${q.user}'s change is not made.`
    : a.retried
      ? ` ${q.user} starts over.`
      : "";
  const values = a.values.length > 0 ? a.values.join(" · ") : null;
  const found = a.findings
    .map((k) => report.findings[k])
    .filter((f): f is Finding => f !== undefined)
    .map(findingName);
  const findings = found.length > 0 ? ` ${list(found)}.` : "";
  switch (m.kind) {
    case "conflict":
      return `No: the row has moved on, so 0 rows changed (a conflict) and the attempt is rolled back.${then}`;
    case "busy":
      return m.snapshot
        ? `${codeText(m.code)}: someone committed since ${q.user}'s snapshot, so the transaction is rolled back.${then}`
        : `${codeText(m.code)}: another connection holds the lock, so the transaction is rolled back.${then}`;
    case "wait": {
      const until = m.until === null ? null : report.events.findIndex((e) => e.seq === m.until);
      return until !== null && until >= 0
        ? `No: ${q.user} waits for the lock until step ${until + 1} (${codeText(m.code)}).`
        : `No: ${q.user} waits for the lock (${codeText(m.code)}).`;
    }
    case "deadlock":
      return "Deadlock: each user waits for a lock another holds, so nobody can go on.";
    case "finding":
    case "retry":
      return `${values ? `${values}.` : "Done."}${findings}${then}`;
  }
}
