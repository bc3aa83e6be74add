//! A hint from the explorer: how many executions win, and which of the
//! learner's turns to move. The turn comes from comparing the learner's
//! schedule with the nearest winning schedule the explorer listed: the first
//! turn where they part is where the winner has another user act, so that
//! user's next turn in the learner's run is the one to move earlier.
import type { ExploreReport } from "../bindings/ExploreReport";
import type { RunReport } from "../bindings/RunReport";
import type { Challenge } from "./challenge";
import { summaryFor, winningShare } from "./challenge";

/** The learner's turn to move, named from their run's event. */
export interface TurnToMove {
  /** The event's seq in the learner's run (1-based). */
  seq: number;
  user: string;
  /** The user's step, from 1. */
  step: number;
  label: string;
  /** How many turns earlier it goes to match the winning schedule. */
  by: number;
}

export interface Hint {
  wins: number;
  total: number;
  /** Null when nothing wins, or the learner's run already follows a winner as far as it goes. */
  move: TurnToMove | null;
}

function commonPrefix(a: readonly string[], b: readonly string[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * The winning schedule (by user names) that agrees with `schedule` longest
 * from the start; the engine's order breaks ties, so a hint never flickers.
 */
export function nearestWinner(
  winners: readonly (readonly number[])[],
  users: readonly string[],
  schedule: readonly string[],
): string[] | null {
  let best: string[] | null = null;
  let bestLen = -1;
  for (const w of winners) {
    const names = w.map((i) => users[i]);
    const n = commonPrefix(names, schedule);
    if (n > bestLen) {
      best = names;
      bestLen = n;
    }
  }
  return best;
}

export function challengeHint(
  ch: Challenge,
  explored: ExploreReport,
  learner: RunReport,
): Hint | null {
  const summary = summaryFor(ch, explored);
  if (!summary) return null;
  const share = winningShare(ch.goal, summary);
  const base = { wins: share.wins, total: share.total, move: null };
  // A run under another strategy (the learner pressed 1–5) has other turns: no move is
  // named from it, only the share, which is the challenge's own.
  if (share.wins === 0 || learner.strategy !== ch.strategy) return base;
  const winners = share.winning.flatMap((c) => [c.representative, ...c.schedules]);
  const mine = learner.schedule;
  const target = nearestWinner(winners, explored.users, mine);
  if (!target) return base;
  const at = commonPrefix(target, mine);
  if (at >= target.length) return base;
  const user = target[at];
  const j = mine.indexOf(user, at);
  const event = j >= 0 ? learner.events[j] : undefined;
  if (!event || event.user !== user) return base;
  return {
    ...base,
    move: { seq: event.seq, user, step: event.step, label: event.label, by: j - at },
  };
}
