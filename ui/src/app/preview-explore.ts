//! An explorer report for the browser preview, which has no engine. It is
//! SYNTHETIC: every interleaving is enumerated as the engine does, but each
//! cell's outcome is extrapolated from one recorded run (serial schedules are
//! correct; interleaved ones get the recorded run's outcome). "big" makes a
//! 6 + 6-step space (924 schedules) with varied outcomes, to check that the
//! grid stays fast and legible. Only for developing and screenshotting the UI.
import type { AnomalyKind } from "../bindings/AnomalyKind";
import type { Cell } from "../bindings/Cell";
import type { ExploreReport } from "../bindings/ExploreReport";
import type { Journal } from "../bindings/Journal";
import type { RunReport } from "../bindings/RunReport";
import type { StrategySummary } from "../bindings/StrategySummary";
import { STRATEGIES } from "../model/values";

/** Every interleaving of users with these step counts, in the engine's order. */
export function interleavings(counts: number[]): number[][] {
  const total = counts.reduce((a, b) => a + b, 0);
  const out: number[][] = [];
  const left = [...counts];
  const acc: number[] = [];
  const go = () => {
    if (acc.length === total) {
      out.push([...acc]);
      return;
    }
    for (let u = 0; u < left.length; u++) {
      if (left[u] === 0) continue;
      left[u]--;
      acc.push(u);
      go();
      acc.pop();
      left[u]++;
    }
  };
  go();
  return out;
}

/** How many times the turn passes from one user to another. */
function switches(schedule: number[]): number {
  let n = 0;
  for (let i = 1; i < schedule.length; i++) if (schedule[i] !== schedule[i - 1]) n++;
  return n;
}

const CORRECT: Cell = {
  outcome: "correct",
  kinds: [],
  error: false,
  deadlock: false,
  serializable: true,
  invariants_hold: true,
};

function cellOfRun(r: RunReport): Cell {
  const kinds = [...new Set(r.findings.map((f) => f.kind))].sort() as AnomalyKind[];
  return {
    outcome: r.outcome,
    kinds,
    error: r.events.some((e) => e.outcome.kind === "error") || r.costs.some((c) => c.gave_up),
    deadlock: r.ending === "deadlock",
    serializable: r.serializable,
    invariants_hold: r.invariants.every((i) => i.holds),
  };
}

/** Made-up but varied outcomes for the big space, by how often the turn passes. */
function bigCell(strategy: string, sw: number, i: number): Cell {
  if (sw <= 1) return CORRECT;
  switch (strategy) {
    case "none":
      return {
        ...CORRECT,
        outcome: "anomaly",
        kinds: sw >= 6 && i % 3 === 0 ? ["lost_update", "stale_read"] : ["lost_update"],
        serializable: false,
        invariants_hold: false,
      };
    case "optimistic":
      // The engine counts a strategy giving up under `error` too.
      return sw >= 9 ? { ...CORRECT, outcome: "gave_up", error: true } : CORRECT;
    case "transaction":
      return sw >= 10
        ? { ...CORRECT, outcome: "deadlock", deadlock: true }
        : sw === 8 && i % 5 === 0
          ? { ...CORRECT, outcome: "failed", error: true }
          : CORRECT;
    default:
      return CORRECT;
  }
}

export function summarize(strategy: StrategySummary["strategy"], cells: Cell[]): StrategySummary {
  const outcomes: Record<string, number> = {
    correct: 0,
    error: 0,
    deadlock: 0,
    not_serializable: 0,
  };
  for (const c of cells) {
    for (const k of c.kinds) outcomes[k] = (outcomes[k] ?? 0) + 1;
    // As the engine counts them (`Cell::correct`); the grid itself shows `outcome`.
    const correct =
      c.kinds.length === 0 && !c.error && !c.deadlock && c.serializable && c.invariants_hold;
    if (correct) outcomes.correct++;
    if (c.error) outcomes.error++;
    if (c.deadlock) outcomes.deadlock++;
    if (!c.serializable) outcomes.not_serializable++;
  }
  return { strategy, runs: cells.length, outcomes, cells };
}

export function syntheticExplore(
  runs: RunReport[],
  journal: Journal | null,
  big: boolean,
): ExploreReport {
  const first = runs[0];
  const j: Journal = journal ?? first.journal;
  const users = first.users.map((u) => u.name);
  const counts = big ? users.map(() => 6) : first.users.map((u) => u.steps.length);
  const schedules = interleavings(counts);
  const asWritten = first.strategy === "as_written";
  const strategies = asWritten ? (["as_written"] as const) : STRATEGIES;
  const summaries: StrategySummary[] = [];
  for (const st of strategies) {
    const run =
      runs.find((r) => r.strategy === st && r.journal === j) ?? runs.find((r) => r.strategy === st);
    if (!run && !big) continue;
    const cells = schedules.map((sch, i) => {
      const sw = switches(sch);
      // Without a run only when big (skipped above otherwise).
      if (big || !run) return bigCell(st, sw, i);
      return sw < users.length ? CORRECT : cellOfRun(run);
    });
    summaries.push(summarize(st, cells));
  }
  return {
    scenario: big ? `${first.scenario} (synthetic, 6 steps each)` : first.scenario,
    journal: j,
    users,
    schedules,
    strategies: summaries,
  };
}
