//! An explorer report for the browser preview, which has no engine. It is
//! SYNTHETIC: every interleaving of the steps is enumerated, then grouped into
//! two classes per strategy extrapolated from one recorded run (serial
//! schedules are correct; interleaved ones behave as the recorded run did).
//! "big" makes a 6 + 6-step space (924 interleavings) with many classes of
//! every outcome, to check that the view stays legible. Only for developing
//! and screenshotting the UI; the app's classes come from the engine.
import type { BehaviourClass } from "../bindings/BehaviourClass";
import type { ExploreReport } from "../bindings/ExploreReport";
import type { Journal } from "../bindings/Journal";
import type { RunOutcome } from "../bindings/RunOutcome";
import type { RunReport } from "../bindings/RunReport";
import type { Strategy } from "../bindings/Strategy";
import type { StrategySummary } from "../bindings/StrategySummary";
import type { TableState } from "../bindings/TableState";
import { STRATEGIES } from "../model/values";

/** Every interleaving of users with these step counts, in lexicographic order. */
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

type Shape = Omit<BehaviourClass, "count" | "representative" | "schedules">;

function correct(users: number, final: TableState[]): Shape {
  return {
    outcome: "correct",
    findings: [],
    final,
    users: Array.from({ length: users }, () => ({
      committed: 1,
      waited: 0,
      retries: 0,
      gave_up: false,
      failed: false,
    })),
    ending: "completed",
    serializable: true,
    invariants_hold: true,
  };
}

function shapeOfRun(r: RunReport): Shape {
  return {
    outcome: r.outcome,
    findings: r.findings.map((f) => ({ kind: f.kind, class: f.class, cycle: [] })),
    final: r.final,
    users: r.users.map((u) => {
      const c = r.costs.find((x) => x.user === u.name);
      return {
        committed: c?.gave_up ? 0 : 1,
        waited: c?.blocked_steps ?? 0,
        retries: c?.retries ?? 0,
        gave_up: c?.gave_up ?? false,
        failed: false,
      };
    }),
    ending: r.ending,
    serializable: r.serializable,
    invariants_hold: r.invariants.every((i) => i.holds),
  };
}

/** Made-up but varied behaviour for the big space, by strategy and how often the turn passes. */
function bigShape(strategy: Strategy, sw: number): Shape {
  const base = correct(2, [
    { name: "counter", columns: ["id", "n"], rows: [[1, sw <= 1 ? 12 : 12 - (sw % 4)]] },
  ]);
  const fate = (f: Partial<BehaviourClass["users"][number]>) => [
    base.users[0],
    { ...base.users[1], ...f },
  ];
  const as = (outcome: RunOutcome, extra: Partial<Shape>): Shape => ({
    ...base,
    outcome,
    ...extra,
  });
  if (sw <= 1) return base;
  switch (strategy) {
    case "none":
      return as("anomaly", {
        findings: [{ kind: "lost_update", class: "G-single", cycle: [] }],
        serializable: false,
        invariants_hold: false,
      });
    case "optimistic":
      return sw >= 9
        ? as("gave_up", { users: fate({ committed: 0, retries: 3, gave_up: true }) })
        : as("correct", { users: fate({ retries: sw % 3 }) });
    case "transaction":
      return sw >= 10
        ? as("deadlock", { ending: "deadlock", users: fate({ committed: 0, waited: 1 }) })
        : sw === 8
          ? as("failed", { users: fate({ committed: 0, failed: true }) })
          : as("correct", { users: fate({ waited: sw % 2 }) });
    default:
      return base;
  }
}

/** The engine's summary of classes: executions, outcomes per kind and per run outcome. */
export function summarize(strategy: Strategy, classes: BehaviourClass[]): StrategySummary {
  const outcomes: Record<string, number> = { not_serializable: 0 };
  let executions = 0;
  for (const c of classes) {
    executions += c.count;
    outcomes[c.outcome] = (outcomes[c.outcome] ?? 0) + c.count;
    for (const k of new Set(c.findings.map((f) => f.kind)))
      outcomes[k] = (outcomes[k] ?? 0) + c.count;
    if (!c.serializable) outcomes.not_serializable += c.count;
  }
  return { strategy, executions, runs: executions, outcomes, classes };
}

/** Groups schedules by their shape (compared as JSON), anomalies first, then by count. */
function group(schedules: number[][], shapeOf: (s: number[]) => Shape): BehaviourClass[] {
  const by = new Map<string, { shape: Shape; schedules: number[][] }>();
  for (const sch of schedules) {
    const shape = shapeOf(sch);
    const key = JSON.stringify(shape);
    const g = by.get(key) ?? { shape, schedules: [] };
    g.schedules.push(sch);
    by.set(key, g);
  }
  return [...by.values()]
    .map((g) => ({
      ...g.shape,
      count: g.schedules.length,
      representative: g.schedules[0],
      schedules: g.schedules.slice(0, 20),
    }))
    .sort(
      (a, b) =>
        Number(b.outcome === "anomaly") - Number(a.outcome === "anomaly") || b.count - a.count,
    );
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
    const classes = group(schedules, (sch) => {
      const sw = switches(sch);
      // Without a run only when big (skipped above otherwise).
      if (big || !run) return bigShape(st, sw);
      return sw < users.length ? correct(users.length, run.final) : shapeOfRun(run);
    });
    summaries.push(summarize(st, classes));
  }
  return {
    scenario: big ? `${first.scenario} (synthetic, 6 steps each)` : first.scenario,
    journal: j,
    users,
    interleavings: schedules.length,
    method: { kind: "full" },
    strategies: summaries,
  };
}
