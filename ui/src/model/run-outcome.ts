//! The run in one word, as every badge shows it: the single view's headline,
//! each compare row and each explorer class. Always drawn from the engine's
//! `RunOutcome` (`RunReport.outcome`, `BehaviourClass.outcome`), never recomputed from
//! costs, endings or sentences, so "gave up" reads the same everywhere.
import type { RunOutcome } from "../bindings/RunOutcome";
import type { RunReport } from "../bindings/RunReport";
import { findingName } from "./values";

/** The word for each outcome. An anomaly's badge names the anomalies instead. */
export const RUN_OUTCOME_TEXT: Record<RunOutcome, string> = {
  anomaly: "Anomaly",
  deadlock: "Deadlock",
  gave_up: "Gave up",
  failed: "Failed",
  invariant_broken: "Invariant broken",
  correct: "Correct",
};

/** What the word means, for tooltips and legends. */
export const RUN_OUTCOME_HINT: Record<RunOutcome, string> = {
  anomaly:
    "The checker found an anomaly: a cycle in the dependency graph, or a read it should not have seen",
  deadlock: "Nobody could go on: each user waited for a lock another held",
  gave_up: "The strategy gave up on a user's unit of work: that change was not made",
  failed: "A user stopped on an SQL error",
  invariant_broken: "No anomaly, but an invariant does not hold on the final state",
  correct: "Every change took effect, the dependency graph has no cycle and the invariants hold",
};

/** Which icon a badge carries (see render/glyphs.ts). */
export type BadgeGlyph = "commit" | "anomaly" | "deadlock" | "gave_up" | "error";

export interface OutcomeBadge {
  outcome: RunOutcome;
  /** "Lost update (G-single)", "Gave up", "Correct". */
  text: string;
  /** The anomalies named one by one, for badges that keep each whole; empty unless `anomaly`. */
  anomalies: string[];
  good: boolean;
  glyph: BadgeGlyph;
}

const GLYPH: Record<RunOutcome, BadgeGlyph> = {
  anomaly: "anomaly",
  deadlock: "deadlock",
  gave_up: "gave_up",
  failed: "error",
  invariant_broken: "anomaly",
  correct: "commit",
};

/** The badge for an outcome; `anomalies` names what an anomaly run found. */
export function outcomeBadge(outcome: RunOutcome, anomalies: string[]): OutcomeBadge {
  const named = outcome === "anomaly" ? [...new Set(anomalies)] : [];
  return {
    outcome,
    text: named.length > 0 ? named.join(", ") : RUN_OUTCOME_TEXT[outcome],
    anomalies: named,
    good: outcome === "correct",
    glyph: GLYPH[outcome],
  };
}

/** A run's badge: its findings named with their class. */
export function reportBadge(report: RunReport): OutcomeBadge {
  return outcomeBadge(report.outcome, report.findings.map(findingName));
}
