//! Running the explorer: one exploration at a time, for the scenario and
//! journal on screen. Switching the journal or editing the file while the grid
//! is open starts a new one; an older one is cancelled and its answer ignored,
//! so it can never overwrite a newer grid.
import type { Backend } from "./backend";
import { toAppError } from "./backend";
import type { Store } from "./state";

export class Explorations {
  /** The exploration whose answer may still be shown; a newer one supersedes it. */
  private token = 0;
  /** "id|journal" of the exploration running, if any, and its promise. */
  private runningFor: string | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly store: Store,
    private readonly backend: Backend,
  ) {}

  private get s() {
    return this.store.state;
  }

  /** Stops listening to the exploration under way (and asks the backend to stop it). */
  abandon(): void {
    if (!this.running) return;
    this.token++;
    this.runningFor = null;
    void this.backend.cancelExplore().catch(() => undefined);
  }

  /** What an explorer grid is computed for: the scenario and the journal of the run on screen. */
  key(): string {
    return `${this.s.request.id}|${this.s.report?.journal ?? this.s.request.journal ?? "wal"}`;
  }

  /**
   * Shows the explorer grid for the scenario and journal on screen. A grid
   * already computed for them is shown again at once (the file has not changed:
   * `load` drops it when it does); otherwise every interleaving is run, and a
   * run still going for another journal or an older file is cancelled first.
   */
  async show(): Promise<void> {
    const id = this.s.request.id;
    const journal = this.s.report?.journal ?? this.s.request.journal;
    const key = this.key();
    if (this.s.explore && this.s.exploreFor === key) {
      this.store.update({ view: "explore", error: null });
      return;
    }
    if (this.s.exploreProgress && this.runningFor === key) {
      this.store.update({ view: "explore" });
      return;
    }
    const run = ++this.token;
    this.runningFor = key;
    this.store.update({
      view: "explore",
      exploreProgress: { done: 0, total: 0 },
      explore: null,
      exploreFor: null,
      exploreJournal: journal ?? "wal",
      error: null,
    });
    const previous = this.running;
    if (previous) {
      // The backend has one cancel flag, which a new exploration clears: let the old one stop first.
      await this.backend.cancelExplore().catch(() => undefined);
      await previous.catch(() => undefined);
      if (run !== this.token) return;
    }
    try {
      const running = this.backend.exploreScenario(id, journal, (p) => {
        if (run === this.token && this.s.exploreProgress) this.store.update({ exploreProgress: p });
      });
      this.running = running;
      const explore = await running.finally(() => {
        if (this.running === running) this.running = null;
      });
      if (run !== this.token) return;
      this.runningFor = null;
      if (this.s.request.id === id)
        this.store.update({ explore, exploreFor: key, exploreProgress: null });
      else this.store.update({ exploreProgress: null });
    } catch (e) {
      if (run !== this.token) return;
      this.runningFor = null;
      const error = toAppError(e);
      this.store.update({
        exploreProgress: null,
        error: error.code === "cancelled" ? null : error,
        view: this.s.view === "explore" ? "timeline" : this.s.view,
      });
    }
  }
}
