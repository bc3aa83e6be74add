//! The challenge's words, made at the edge from the goal's, the verdict's and
//! the hint's fields. Nothing reads them back.
import type { CannotVerdict, Goal, RunStatus } from "./challenge";
import type { Hint } from "./challenge-hint";
import { count } from "./explore-text";
import { KIND_TEXT, plainValue, STRATEGY_TEXT } from "./values";

const OUTCOME_GOAL: Record<string, string> = {
  anomaly: "The run ends with an anomaly",
  deadlock: "The run ends in a deadlock",
  gave_up: "A user gives up",
  failed: "A step fails",
  invariant_broken: "An invariant fails",
  correct: "The run is correct",
};

/** The goal as the checker will judge it: "The checker reports a lost update". */
export function goalText(goal: Goal): string {
  switch (goal.kind) {
    case "finding":
      return `The checker reports: ${KIND_TEXT[goal.anomaly]}`;
    case "invariant_fails":
      return "The scenario's invariant fails";
    case "final": {
      const c = goal.cell;
      return `${c.column} of ${c.table} ${c.key} ${plainValue(c.value)} ends at ${plainValue(goal.equals)}`;
    }
    case "final_differs": {
      const c = goal.cell;
      return `${c.column} of ${c.table} ${c.key} ${plainValue(c.value)} ends other than ${plainValue(goal.from)}`;
    }
    case "outcome":
      return OUTCOME_GOAL[goal.outcome];
  }
}

export function statusText(status: RunStatus): string {
  switch (status.kind) {
    case "met":
      return "Goal met: the checker reports it in your run.";
    case "not_met":
      return "Not yet: reorder the steps (select one, then Alt+← or Alt+→).";
    case "other_strategy":
      return `This run is under ${STRATEGY_TEXT[status.strategy]}: the challenge is judged under its own strategy.`;
    case "other_scenario":
      return "This is another scenario: open the challenge again to go back.";
  }
}

function interleavings(n: number): string {
  return `${count(n)} ${n === 1 ? "interleaving" : "interleavings"}`;
}

/** "2 of 6 interleavings win; try moving Bob's step 1 (read balance) earlier." */
export function hintText(h: Hint): string {
  if (h.wins === 0) return `None of the ${interleavings(h.total)} wins.`;
  const share = `${count(h.wins)} of ${interleavings(h.total)} ${h.wins === 1 ? "wins" : "win"}`;
  if (!h.move) return `${share}.`;
  const m = h.move;
  const by = m.by === 1 ? "" : ` by ${m.by} turns`;
  return `${share}; try moving ${m.user}'s step ${m.step} (${m.label}) earlier${by}.`;
}

/** The answer to "It can't be done", without ever giving a winning schedule. */
export function verdictText(v: CannotVerdict): string {
  switch (v.kind) {
    case "accepted":
      return `Right: the explorer checked all ${interleavings(v.total)} and none meets the goal.`;
    case "refused":
      return `It can be done: ${count(v.wins)} of ${interleavings(v.total)} meet the goal. Keep looking.`;
    case "unproven":
      return `The explorer could only sample ${interleavings(v.runs)} here, which cannot prove it.`;
    case "not_explored":
      return "The explorer did not run this strategy, so it cannot say.";
  }
}
