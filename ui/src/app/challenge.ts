//! "You are the scheduler": the challenge on screen, its answers, and the
//! progress remembered between launches. The learner edits the schedule with
//! the timeline's own editing (Alt+←/→, dragging a step); this only opens the
//! challenge's run, watches each new run for the goal, and asks the explorer
//! for hints and for the truth of "it can't be done".
import type { ExploreReport } from "../bindings/ExploreReport";
import type { Journal } from "../bindings/Journal";
import type { RunReport } from "../bindings/RunReport";
import type { Strategy } from "../bindings/Strategy";
import type { CannotVerdict, Challenge } from "../model/challenge";
import { judgeCannot, runStatus } from "../model/challenge";
import type { Hint } from "../model/challenge-hint";
import { challengeHint } from "../model/challenge-hint";
import { parseProgress, PROGRESS_KEY, progressText } from "../model/challenge-progress";
import { CHALLENGES, challengeById } from "../model/challenge-set";
import type { Backend } from "./backend";
import { toAppError } from "./backend";
import type { AppState, Store } from "./state";

/** What the learner last asked of the explorer, and its answer. */
export type ChallengeAsk =
  | { kind: "none" }
  | { kind: "exploring"; question: "hint" | "cannot" }
  | { kind: "hint"; hint: Hint; schedule: readonly string[] }
  | { kind: "verdict"; verdict: CannotVerdict }
  | { kind: "failed"; message: string };

export interface ChallengeState {
  /** The challenge on screen (kept while the learner looks elsewhere). */
  active: string | null;
  /** Ids won, in the order they were won. */
  won: readonly string[];
  ask: ChallengeAsk;
}

export function initialChallengeState(stored: string | null): ChallengeState {
  return { active: null, won: [...parseProgress(stored)], ask: { kind: "none" } };
}

/** What opening a challenge's run needs from the session (Session implements it). */
export interface ChallengeRuns {
  openRun(id: string, strategy: Strategy, schedule: string[] | null): Promise<boolean>;
  stopPlaying(): void;
}

/** The hint on screen belongs to the run it was made for: a moved turn makes it stale. */
export function currentHint(ask: ChallengeAsk, report: RunReport | null): Hint | null {
  if (ask.kind !== "hint" || !report) return null;
  const same =
    ask.schedule.length === report.schedule.length &&
    ask.schedule.every((u, i) => u === report.schedule[i]);
  return same ? ask.hint : null;
}

export class ChallengeMode {
  /** Explorer answers by "scenario|journal": a challenge's scenario does not change under it. */
  private readonly explored = new Map<string, ExploreReport>();
  private token = 0;
  /** Requests whose runs were asked for in the challenge view (see watch). */
  private readonly askedHere = new WeakSet<object>();
  private lastRequest: object | null = null;
  /** The backend's copy of the progress, being read or written (see load, save). */
  private saving: Promise<void> = Promise.resolve();
  /** "Show the whole run" as it was before the challenge view turned it on. */
  private revealBefore = false;

  constructor(
    private readonly store: Store,
    private readonly backend: Backend,
    private readonly runs: ChallengeRuns,
    private readonly storage: Pick<Storage, "getItem" | "setItem"> | null,
  ) {
    this.store.update({ challenge: initialChallengeState(this.read()) });
    this.lastRequest = store.state.request;
    store.subscribe((s) => this.watch(s));
    this.saving = this.load();
  }

  /**
   * The backend's copy (a file the app writes whole before answering) is the
   * one that survives quitting at once; the page's localStorage is read first
   * because it is there without waiting. Wins are the union of both: one kept
   * only in the page (an older version, or a write that failed) is written to
   * the file too.
   */
  private async load(): Promise<void> {
    let text: string | null;
    try {
      text = await this.backend.readProgress();
    } catch {
      return; // unreadable: the page's copy stands, and the next win rewrites the file
    }
    const kept = parseProgress(text);
    const fresh = [...kept].filter((id) => !this.c.won.includes(id));
    if (fresh.length > 0) {
      this.patch({ won: [...this.c.won, ...fresh] });
      this.keepInPage();
    }
    if (this.c.won.some((id) => !kept.has(id))) await this.write();
  }

  /** Writes the wins on screen to both copies; writes to the backend go one at a time, in order. */
  private save(): void {
    this.keepInPage();
    this.saving = this.saving.then(() => this.write());
  }

  private keepInPage(): void {
    try {
      this.storage?.setItem(PROGRESS_KEY, progressText(new Set(this.c.won)));
    } catch {
      // A full or refused storage: the backend's copy still keeps the win.
    }
  }

  private async write(): Promise<void> {
    try {
      await this.backend.writeProgress(progressText(new Set(this.c.won)));
    } catch {
      // Refused or failed: the page's copy keeps the win, and load() writes it next launch.
    }
  }

  /** Resolves once every win so far is written to the backend (for tests and quitting). */
  saved(): Promise<void> {
    return this.saving;
  }

  private read(): string | null {
    try {
      return this.storage?.getItem(PROGRESS_KEY) ?? null;
    } catch {
      return null;
    }
  }

  private get s(): AppState {
    return this.store.state;
  }

  private get c(): ChallengeState {
    return this.s.challenge;
  }

  private patch(p: Partial<ChallengeState>): void {
    this.store.update({ challenge: { ...this.c, ...p } });
  }

  active(): Challenge | null {
    return this.c.active ? challengeById(this.c.active) : null;
  }

  /** The next challenge not yet won after `id`, in the set's order (wrapping); the first if all are won. */
  nextUnwon(id: string | null): Challenge {
    const at = id ? CHALLENGES.findIndex((c) => c.id === id) : -1;
    for (let k = 1; k <= CHALLENGES.length; k++) {
      const c = CHALLENGES[(at + k) % CHALLENGES.length];
      if (!this.c.won.includes(c.id)) return c;
    }
    return CHALLENGES[0];
  }

  /** Opens a challenge: its scenario under its strategy, from its starting schedule. */
  async open(id: string): Promise<boolean> {
    const ch = challengeById(id);
    if (!ch) return false;
    this.token++;
    this.runs.stopPlaying();
    this.enter();
    this.store.update({
      view: "challenge",
      // A step selected in another run would be the one Alt+← moves: start from the playhead.
      selected: null,
      challenge: { ...this.c, active: id, ask: { kind: "none" } },
    });
    return this.runs.openRun(ch.scenario, ch.strategy, ch.start ? [...ch.start] : null);
  }

  /** Back to the challenge's start (after edits, or after pressing 1–5). */
  restart(): Promise<boolean> {
    const ch = this.active();
    return ch ? this.open(ch.id) : Promise.resolve(false);
  }

  /**
   * The learner reorders steps they must see: the challenge view shows the
   * whole run (the "Whole run" toggle, which they may turn off), and leaving
   * it puts back what was chosen before.
   */
  private enter(): void {
    if (this.s.view === "challenge") return;
    this.revealBefore = this.s.revealAll;
    this.store.update({ revealAll: true });
  }

  /** The view's key: shows the challenge on screen (or the next unwon one); again to leave. */
  toggle(): Promise<boolean> {
    if (this.s.view === "challenge") {
      this.store.update({ view: "timeline", revealAll: this.revealBefore });
      return Promise.resolve(true);
    }
    const ch = this.active();
    if (ch && this.s.request.id === ch.scenario) {
      this.enter();
      this.store.update({ view: "challenge" });
      return Promise.resolve(true);
    }
    return this.open(ch?.id ?? this.nextUnwon(null).id);
  }

  openNext(): Promise<boolean> {
    return this.open(this.nextUnwon(this.c.active).id);
  }

  /**
   * Each new run on screen is checked: any schedule that meets the goal wins.
   * Only runs asked for in the challenge view count: the run on screen when
   * the view opens was made before (often the scenario's own schedule, which
   * may meet the goal), and must not win it.
   */
  private watch(s: AppState): void {
    if (s.request !== this.lastRequest) {
      this.lastRequest = s.request;
      if (s.view === "challenge") this.askedHere.add(s.request);
    }
    if (s.view !== "challenge" || s.loading || !s.report || !this.askedHere.has(s.request)) return;
    const ch = s.challenge.active ? challengeById(s.challenge.active) : null;
    if (!ch || s.challenge.won.includes(ch.id)) return;
    if (runStatus(ch, s.request.id, s.report).kind === "met") this.win(ch.id);
  }

  private win(id: string): void {
    if (this.c.won.includes(id)) return;
    this.patch({ won: [...this.c.won, id] });
    this.save();
  }

  /** A hint from the explorer, for the learner's run on screen. */
  async hint(): Promise<void> {
    const ch = this.active();
    const report = this.s.report;
    if (!ch || !report) return;
    const explored = await this.explore(ch, "hint");
    if (!explored) return;
    const now = this.s.report;
    if (!now) return;
    const hint = challengeHint(ch, explored, now);
    this.patch({
      ask: hint
        ? { kind: "hint", hint, schedule: [...now.schedule] }
        : { kind: "verdict", verdict: { kind: "not_explored" } },
    });
    // The step to move is selected, so Alt+← moves it at once.
    if (hint?.move) this.store.update({ selected: hint.move.seq });
  }

  /** "It can't be done": accepted only when the explorer finds no execution that meets the goal. */
  async cannot(): Promise<void> {
    const ch = this.active();
    if (!ch) return;
    const explored = await this.explore(ch, "cannot");
    if (!explored) return;
    const verdict = judgeCannot(ch, explored);
    this.patch({ ask: { kind: "verdict", verdict } });
    if (verdict.kind === "accepted") this.win(ch.id);
  }

  private journal(): Journal {
    return this.s.report?.journal ?? this.s.request.journal ?? "wal";
  }

  /**
   * The explorer's report for the challenge's scenario: one it already gave
   * (here, or in the explorer view for the same file and journal), else a
   * full exploration through the backend. Null when a newer question or
   * challenge superseded this one, or it failed (then the card says so).
   */
  private async explore(ch: Challenge, question: "hint" | "cannot"): Promise<ExploreReport | null> {
    const journal = this.journal();
    const key = `${ch.scenario}|${journal}`;
    const e = this.s.explore;
    const known = this.explored.get(key) ?? (e.kind === "done" && e.key === key ? e.report : null);
    if (known) return known;
    if (e.kind === "running" || e.kind === "estimating") {
      this.patch({
        ask: { kind: "failed", message: "The explorer is busy: try again when it is done." },
      });
      return null;
    }
    const token = ++this.token;
    this.patch({ ask: { kind: "exploring", question } });
    try {
      const report = await this.backend.exploreScenario(
        ch.scenario,
        journal,
        null,
        () => undefined,
      );
      if (token !== this.token) return null;
      this.explored.set(key, report);
      // The explorer view can show the same answer without exploring again.
      if (this.s.explore.kind === "idle" && this.s.request.id === ch.scenario)
        this.store.update({ explore: { kind: "done", report, key } });
      return report;
    } catch (err) {
      if (token !== this.token) return null;
      this.patch({ ask: { kind: "failed", message: toAppError(err).message } });
      return null;
    }
  }
}
