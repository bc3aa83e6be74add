//! Running the explorer: one exploration at a time, for the scenario and
//! journal on screen. It asks the engine for an estimate first, and asks the
//! learner before a big space (or one past the engine's limit, offering a
//! sample). Switching the journal or editing the file while the explorer is
//! open starts a new one; an older one is cancelled and its answer and
//! progress ignored (the token), so it can never overwrite a newer grid.
import type { ExploreEstimate } from "../bindings/ExploreEstimate";
import type { Journal } from "../bindings/Journal";
import type { Progress } from "../bindings/Progress";
import type { SampleRequest } from "../bindings/SampleRequest";
import { DEFAULT_SAMPLE, exploreChoice } from "../model/explore";
import type { Backend } from "./backend";
import { toAppError } from "./backend";
import type { ExploreState, Store } from "./state";

/** The "id|journal" an explorer state answers for, or null when idle. */
export function exploreKey(e: ExploreState): string | null {
  return e.kind === "idle" ? null : e.key;
}

/** One callback per animation frame at most, whatever the rate of calls: progress must not flood the page. */
function perFrame(apply: (p: Progress) => void): (p: Progress) => void {
  let latest: Progress | null = null;
  const frame =
    typeof requestAnimationFrame === "function"
      ? requestAnimationFrame
      : (f: () => void) => setTimeout(f, 16);
  return (p) => {
    const scheduled = latest !== null;
    latest = p;
    if (scheduled) return;
    frame(() => {
      const last = latest;
      latest = null;
      if (last) apply(last);
    });
  };
}

export class Explorations {
  /** The exploration whose answer may still be shown; a newer one (or Cancel) supersedes it. */
  private token = 0;
  /** The backend call under way, so a new one waits for its answer (cancelled, at once). */
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly store: Store,
    private readonly backend: Backend,
  ) {}

  private get s() {
    return this.store.state;
  }

  private journal(): Journal {
    return this.s.report?.journal ?? this.s.request.journal ?? "wal";
  }

  /** What an explorer grid is computed for: the scenario and the journal of the run on screen. */
  key(): string {
    return `${this.s.request.id}|${this.journal()}`;
  }

  /**
   * Stops listening to the exploration under way, if any, and asks the
   * backend to stop it. The caller sets the explorer's state.
   */
  abandon(): void {
    this.token++;
    if (this.running) void this.backend.cancelExplore().catch(() => undefined);
  }

  /**
   * Cancel: the explorer leaves at once (within the same frame), before the
   * engine has stopped; its later progress and answer are ignored.
   */
  cancel(): void {
    const k = this.s.explore.kind;
    if (k !== "running" && k !== "estimating" && k !== "confirm") return;
    this.abandon();
    this.store.update({
      explore: { kind: "idle" },
      view: this.s.view === "explore" ? "timeline" : this.s.view,
    });
  }

  /**
   * Shows the explorer for the scenario and journal on screen. A grid already
   * computed for them (the file has not changed: `load` drops it when it
   * does), or an exploration or question under way for them, is shown again
   * at once; otherwise the engine estimates the space, then either it runs
   * at once or the learner is asked.
   */
  async show(): Promise<void> {
    const key = this.key();
    if (exploreKey(this.s.explore) === key) {
      this.store.update({ view: "explore", error: null });
      return;
    }
    const run = ++this.token;
    const journal = this.journal();
    const id = this.s.request.id;
    this.store.update({
      view: "explore",
      explore: { kind: "estimating", key, journal },
      error: null,
    });
    let estimate: ExploreEstimate;
    try {
      estimate = await this.backend.exploreEstimate(id);
    } catch (e) {
      if (run === this.token) this.fail(toAppError(e));
      return;
    }
    if (run !== this.token) return;
    const choice = exploreChoice(estimate);
    if (choice.ask) {
      this.store.update({
        explore: { kind: "confirm", estimate, key, journal, refused: null },
      });
      return;
    }
    await this.start(null, estimate);
  }

  /** "Explore all" from the question. */
  exploreAll(): Promise<void> {
    const e = this.s.explore;
    return e.kind === "confirm" ? this.start(null, e.estimate) : Promise.resolve();
  }

  /** "Explore a sample" from the question. */
  exploreSample(sample: SampleRequest = DEFAULT_SAMPLE): Promise<void> {
    const e = this.s.explore;
    return e.kind === "confirm" ? this.start(sample, e.estimate) : Promise.resolve();
  }

  private async start(sample: SampleRequest | null, estimate: ExploreEstimate): Promise<void> {
    const run = ++this.token;
    const id = this.s.request.id;
    const journal = this.journal();
    const key = this.key();
    const total = (sample ? sample.runs : estimate.interleavings) * estimate.strategies;
    this.store.update({
      view: "explore",
      explore: { kind: "running", progress: { done: 0, total }, journal, key, sample },
      error: null,
    });
    const previous = this.running;
    if (previous) {
      // A cancel reaches only the explorations under way: make it before this one starts.
      await this.backend.cancelExplore().catch(() => undefined);
      await previous.catch(() => undefined);
      if (run !== this.token) return;
    }
    const onProgress = perFrame((progress) => {
      const e = this.s.explore;
      if (run !== this.token || e.kind !== "running") return;
      // The engine caps `done` at its estimate: a long run repeats the same
      // numbers, and only the share of the tree walked moves (by whole percents on screen).
      const pct = (p: typeof progress) => Math.floor(100 * (p.covered ?? 0));
      const same = e.progress.done === progress.done && e.progress.total === progress.total;
      if (same && pct(e.progress) === pct(progress)) return;
      this.store.update({ explore: { ...e, progress } });
    });
    try {
      const running = this.backend.exploreScenario(id, journal, sample, onProgress);
      this.running = running;
      const report = await running.finally(() => {
        if (this.running === running) this.running = null;
      });
      if (run !== this.token) return;
      this.store.update({
        explore: this.s.request.id === id ? { kind: "done", report, key } : { kind: "idle" },
      });
    } catch (e) {
      if (run !== this.token) return;
      const error = toAppError(e);
      if (error.code === "too_big") {
        // The engine's own limit: say so with its words and offer the sample, never "not valid".
        this.store.update({
          explore: {
            kind: "confirm",
            estimate: { ...estimate, fits: false },
            key,
            journal,
            refused: error,
          },
        });
        return;
      }
      this.fail(error.code === "cancelled" ? null : error);
    }
  }

  private fail(error: ReturnType<typeof toAppError> | null): void {
    this.store.update({
      explore: { kind: "idle" },
      error,
      view: this.s.view === "explore" ? "timeline" : this.s.view,
    });
  }
}
