//! "You are the scheduler": a challenge states a goal for a scenario under one
//! strategy, and the learner reorders the steps until the checker reports it.
//!
//! A goal is a predicate over what the engine reports, never over text: a
//! finding's kind, an invariant that fails, a final value, the run's outcome.
//! The same predicate reads a RunReport (the learner's run) and a
//! BehaviourClass (the explorer's), through `Observed`, so "any schedule that
//! does so wins" and "no interleaving can" are the same question asked of
//! one run or of all of them.
import type { AnomalyKind } from "../bindings/AnomalyKind";
import type { BehaviourClass } from "../bindings/BehaviourClass";
import type { ExploreReport } from "../bindings/ExploreReport";
import type { RunOutcome } from "../bindings/RunOutcome";
import type { RunReport } from "../bindings/RunReport";
import type { Strategy } from "../bindings/Strategy";
import type { StrategySummary } from "../bindings/StrategySummary";
import type { TableState } from "../bindings/TableState";
import type { Value } from "../bindings/Value";

/** One cell of the final database: the row whose `key` column holds `value`. */
export interface Cell {
  table: string;
  key: string;
  value: Value;
  column: string;
}

/**
 * What must happen. `invariant_fails` is "some invariant of the scenario
 * fails": a behaviour class records only whether all held, so a goal naming
 * one invariant could not be asked of the explorer.
 */
export type Goal =
  | { kind: "finding"; anomaly: AnomalyKind }
  | { kind: "invariant_fails" }
  | { kind: "final"; cell: Cell; equals: Value }
  | { kind: "final_differs"; cell: Cell; from: Value }
  | { kind: "outcome"; outcome: RunOutcome };

export interface Challenge {
  /** Stable: progress is remembered by it. */
  id: string;
  /** A scenario id, as the catalog names it ("builtin:lost-update.toml"). */
  scenario: string;
  strategy: Strategy;
  /** The schedule the learner starts from (user names); null is the scenario's own. */
  start: string[] | null;
  goal: Goal;
  /** The goal for people, as a teacher would say it. Shown, never read back. */
  title: string;
  /**
   * What the author believes. The app never trusts it: a win comes from the
   * checker on the learner's run, and "it can't be done" is accepted only when
   * the explorer finds no interleaving that meets the goal. Tests check it.
   */
  claim: "can" | "cannot";
}

/** The facts a goal is asked of, common to one run and to a class of runs. */
export interface Observed {
  findings: readonly AnomalyKind[];
  invariantsHold: boolean;
  final: readonly TableState[];
  outcome: RunOutcome;
}

export function observedRun(r: RunReport): Observed {
  return {
    findings: r.findings.map((f) => f.kind),
    // An invariant that could not be evaluated did not hold either.
    invariantsHold: r.invariants.every((i) => i.holds && i.error === null),
    final: r.final,
    outcome: r.outcome,
  };
}

export function observedClass(c: BehaviourClass): Observed {
  return {
    findings: c.findings.map((f) => f.kind),
    invariantsHold: c.invariants_hold,
    final: c.final,
    outcome: c.outcome,
  };
}

function sameValue(a: Value, b: Value): boolean {
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return a === b;
  if ("blob" in a) return "blob" in b && a.blob === b.blob;
  return "real" in b && a.real === b.real;
}

/** Where a cell is in a final state: its value, no such row (deleted, or never there), or no such table or column. */
export type CellLookup =
  | { kind: "value"; value: Value }
  | { kind: "no_row" }
  | { kind: "no_column" };

export function lookupCell(final: readonly TableState[], cell: Cell): CellLookup {
  const t = final.find((s) => s.name === cell.table);
  const k = t ? t.columns.indexOf(cell.key) : -1;
  const c = t ? t.columns.indexOf(cell.column) : -1;
  if (!t || k < 0 || c < 0) return { kind: "no_column" };
  const row = t.rows.find((r) => sameValue(r[k], cell.value));
  return row ? { kind: "value", value: row[c] } : { kind: "no_row" };
}

export function goalMet(goal: Goal, o: Observed): boolean {
  switch (goal.kind) {
    case "finding":
      return o.findings.includes(goal.anomaly);
    case "invariant_fails":
      return !o.invariantsHold;
    case "final": {
      const v = lookupCell(o.final, goal.cell);
      return v.kind === "value" && sameValue(v.value, goal.equals);
    }
    case "final_differs": {
      // A deleted row differs from any value it had; a goal about a table the
      // scenario does not have is met by nothing.
      const v = lookupCell(o.final, goal.cell);
      return v.kind === "no_row" || (v.kind === "value" && !sameValue(v.value, goal.from));
    }
    case "outcome":
      return o.outcome === goal.outcome;
  }
}

/**
 * Where the learner's run stands against the challenge. A run of another
 * scenario or strategy (the learner pressed 1–5) answers nothing.
 */
export type RunStatus =
  | { kind: "met" }
  | { kind: "not_met" }
  | { kind: "other_strategy"; strategy: Strategy }
  | { kind: "other_scenario" };

export function runStatus(ch: Challenge, scenarioId: string, report: RunReport): RunStatus {
  if (scenarioId !== ch.scenario) return { kind: "other_scenario" };
  if (report.strategy !== ch.strategy) return { kind: "other_strategy", strategy: report.strategy };
  return goalMet(ch.goal, observedRun(report)) ? { kind: "met" } : { kind: "not_met" };
}

/** The explorer's column for the challenge's strategy, if it explored it. */
export function summaryFor(ch: Challenge, report: ExploreReport): StrategySummary | null {
  return report.strategies.find((s) => s.strategy === ch.strategy) ?? null;
}

/** How many of the explored executions meet the goal, out of all of them. */
export interface Share {
  wins: number;
  total: number;
  winning: BehaviourClass[];
}

export function winningShare(goal: Goal, summary: StrategySummary): Share {
  const winning = summary.classes.filter((c) => goalMet(goal, observedClass(c)));
  return {
    wins: winning.reduce((n, c) => n + c.count, 0),
    total: summary.executions,
    winning,
  };
}

/**
 * The answer to "it can't be done", from the explorer alone. Only an
 * exploration of every execution (full, or reduced, which stands for all of
 * them) can prove that none wins; a sample cannot.
 */
export type CannotVerdict =
  | { kind: "accepted"; total: number }
  | { kind: "refused"; wins: number; total: number }
  | { kind: "unproven"; runs: number }
  | { kind: "not_explored" };

export function judgeCannot(ch: Challenge, report: ExploreReport): CannotVerdict {
  const summary = summaryFor(ch, report);
  if (!summary) return { kind: "not_explored" };
  const share = winningShare(ch.goal, summary);
  if (share.wins > 0) return { kind: "refused", wins: share.wins, total: share.total };
  if (report.method.kind === "sample") return { kind: "unproven", runs: report.method.runs };
  return { kind: "accepted", total: share.total };
}
