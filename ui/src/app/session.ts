//! What the user can do: every action reads the store, talks to the backend and
//! writes the store. Views and keys call these and nothing else.
import type { AppError } from "../bindings/AppError";
import type { Journal } from "../bindings/Journal";
import type { RunReport } from "../bindings/RunReport";
import type { ScenarioChange } from "../bindings/ScenarioChange";
import type { Strategy } from "../bindings/Strategy";
import { clampIndex, firstAnomalyIndex } from "../model/playhead";
import { PREDICT_OFF, PREDICT_ON } from "../model/predict";
import { moveTurnBy, sameSchedule } from "../model/schedule";
import type { Backend } from "./backend";
import { toAppError } from "./backend";
import { ChallengeMode } from "./challenge";
import { exploreKey, Explorations } from "./explorations";
import { Playback } from "./session-playback";
import { fileName, type Request, type Store, type Theme, type View } from "./state";

export class Session {
  private token = 0;
  /** The view the graph view (G) was opened from, to go back to. */
  private graphFrom: View = "timeline";
  private readonly explorations: Explorations;
  /** "You are the scheduler" (app/challenge.ts); its progress is kept in the webview's storage. */
  readonly challenges: ChallengeMode;
  private readonly playback: Playback;

  constructor(
    private readonly store: Store,
    private readonly backend: Backend,
  ) {
    this.explorations = new Explorations(store, backend);
    this.challenges = new ChallengeMode(store, backend, this, globalThis.localStorage ?? null);
    this.playback = new Playback(store);
  }

  private get s() {
    return this.store.state;
  }

  /** Launch: draw the default scenario at once, fill the sidebar alongside. */
  async start(): Promise<void> {
    this.store.update({ backend: this.backend.kind });
    void this.backend.onScenariosChanged((c) => void this.scenariosChanged(c));
    const catalog = this.backend.catalogState().then(
      (c) => this.store.update({ catalog: c }),
      (e) => this.store.update({ error: toAppError(e) }),
    );
    await Promise.all([this.load(this.s.request, { resetPlayhead: true }), catalog]);
  }

  /**
   * Runs `req` and shows it. On failure the last good timeline stays, and the
   * request on screen stays the one that produced it, unless this is another
   * scenario (then there is nothing good to keep).
   */
  private async load(
    req: Request,
    opts: { resetPlayhead?: boolean; select?: number | null; fileChanged?: boolean } = {},
  ): Promise<boolean> {
    const token = ++this.token;
    this.store.update({ loading: true });
    const wantCompare = this.s.view === "compare";
    try {
      const report = await this.backend.runScenario(req);
      let compare: RunReport[] | null = null;
      let compareError: AppError | null = null;
      if (wantCompare) {
        try {
          compare = await this.backend.compareStrategies(req);
        } catch (e) {
          compareError = toAppError(e);
        }
      }
      if (token !== this.token) return false;
      const sameScenario = this.s.report !== null && this.s.request.id === req.id;
      const index = opts.resetPlayhead || !sameScenario ? 0 : clampIndex(report, this.s.index);
      // A grid (or an exploration under way) for another scenario or an older file is no use.
      const keepGrid = this.s.request.id === req.id && !opts.fileChanged;
      if (!keepGrid) this.explorations.abandon();
      this.store.update({
        request: req,
        report,
        compare,
        explore: keepGrid ? this.s.explore : { kind: "idle" },
        view:
          (wantCompare && !compare) || (this.s.view === "explore" && this.s.request.id !== req.id)
            ? "timeline"
            : this.s.view,
        index,
        // A question asked of the last run does not stand in this one: the next step asks again.
        predict: this.s.predict.on ? PREDICT_ON : PREDICT_OFF,
        selected:
          opts.select !== undefined
            ? opts.select
            : sameScenario && this.s.selected !== null && this.s.selected <= report.events.length
              ? this.s.selected
              : null,
        panel: opts.select ? "details" : this.s.panel,
        loading: false,
        error: compareError,
        notice: opts.fileChanged ? this.s.notice : null,
      });
      // The grid on screen must answer for the run on screen: another journal or an edited file reruns it.
      if (this.s.view === "explore" && this.explorations.key() !== exploreKey(this.s.explore))
        void this.explore();
      return true;
    } catch (e) {
      if (token !== this.token) return false;
      const error = toAppError(e);
      if (this.s.request.id !== req.id) {
        this.stopPlaying();
        this.store.update({
          request: req,
          report: null,
          compare: null,
          explore: { kind: "idle" },
          loading: false,
          error,
          notice: null,
          index: 0,
          selected: null,
        });
      } else {
        this.store.update({ loading: false, error });
      }
      return false;
    }
  }

  selectScenario(id: string): Promise<boolean> {
    this.stopPlaying();
    return this.load(
      { id, strategy: this.s.request.strategy, journal: this.s.request.journal, schedule: null },
      { resetPlayhead: true },
    );
  }

  setStrategy(strategy: Strategy): Promise<boolean> {
    if (this.s.report?.strategy === "as_written") return Promise.resolve(false);
    return this.load({ ...this.s.request, strategy });
  }

  setJournal(journal: Journal): Promise<boolean> {
    return this.load({ ...this.s.request, journal });
  }

  toggleJournal(): Promise<boolean> {
    const current = this.s.report?.journal ?? this.s.request.journal ?? "wal";
    return this.setJournal(current === "wal" ? "delete" : "wal");
  }

  resetSchedule(): Promise<boolean> {
    return this.load({ ...this.s.request, schedule: null });
  }

  /** Moves the turn taken at event `seq` by `delta` columns, then reruns. */
  async moveTurn(seq: number, delta: number): Promise<boolean> {
    const report = this.s.report;
    if (!report || delta === 0) return false;
    const moved = moveTurnBy(report.schedule, seq - 1, delta);
    if (!moved) {
      this.store.update({
        notice:
          delta < 0
            ? "That turn is already as early as it can be."
            : "That turn is already as late as it can be.",
      });
      return false;
    }
    this.stopPlaying();
    const ok = await this.load(
      { ...this.s.request, schedule: moved.schedule },
      { select: moved.index + 1 },
    );
    const after = this.s.report;
    if (ok && after && sameSchedule(after.schedule, report.schedule)) {
      // The scheduler gives the turn to whoever can act, so some moves change nothing.
      this.store.update({ notice: "The run came out the same: that turn could not move there." });
    }
    return ok;
  }

  /** Alt+←/→: the selected step, or the one at the playhead. */
  moveSelected(direction: -1 | 1): Promise<boolean> {
    const report = this.s.report;
    if (!report || report.events.length === 0) return Promise.resolve(false);
    const seq = this.s.selected ?? report.events[clampIndex(report, this.s.index)].seq;
    return this.moveTurn(seq, direction);
  }

  async setView(view: "timeline" | "compare" | "explore" | "graph"): Promise<void> {
    if (view === this.s.view) return;
    if (view === "compare" && !this.s.report) return;
    if (view === "compare") {
      const token = ++this.token;
      this.store.update({ loading: true });
      try {
        const compare = await this.backend.compareStrategies(this.s.request);
        if (token !== this.token) return;
        this.store.update({ view, compare, loading: false, error: null });
      } catch (e) {
        if (token === this.token) this.store.update({ loading: false, error: toAppError(e) });
      }
      return;
    }
    this.store.update({ view, index: clampIndex(this.s.report, this.s.index) });
  }

  toggleCompare(): Promise<void> {
    return this.setView(this.s.view === "compare" ? "timeline" : "compare");
  }

  /**
   * G: the dependency graph as a view of its own, at the same playhead; again
   * to go back to the view it was opened from (a challenge stays on screen).
   */
  toggleGraph(): Promise<void> {
    if (this.s.view !== "graph") {
      this.graphFrom = this.s.view;
      return this.setView("graph");
    }
    const back = this.graphFrom;
    this.graphFrom = "timeline";
    if (back === "challenge") {
      this.store.update({ view: "challenge" });
      return Promise.resolve();
    }
    return this.setView(back === "graph" ? "timeline" : back);
  }

  /**
   * Shows the explorer for the scenario and journal on screen, exploring
   * (or asking first, for a big space) when no grid answers for them (see explorations.ts).
   */
  explore(): Promise<void> {
    this.stopPlaying();
    return this.explorations.show();
  }

  /** Cancel: the explorer leaves at once; the engine stops behind it. */
  cancelExplore(): void {
    this.explorations.cancel();
  }

  /** "Explore all" when the explorer asked first. */
  exploreAll(): Promise<void> {
    return this.explorations.exploreAll();
  }

  /** "Explore a sample" when the explorer asked first (or the space is past the engine's limit). */
  exploreSample(): Promise<void> {
    return this.explorations.exploreSample();
  }

  /** The Explore button: a second press leaves the explorer, cancelling a run or question in progress. */
  toggleExplore(): Promise<void> {
    if (this.s.view !== "explore") return this.explore();
    this.explorations.cancel();
    return this.setView("timeline");
  }

  /** Opens one row of the compare view as the timeline: a strategy, or for a raw-SQL scenario a journal. */
  openCompareRow(strategy: Strategy, journal: Journal): Promise<boolean> {
    this.store.update({ view: "timeline" });
    return this.load(
      strategy === "as_written" ? { ...this.s.request, journal } : { ...this.s.request, strategy },
    );
  }

  /** Opens one schedule of an explorer class as the timeline (the grid stays for coming back). */
  openSchedule(strategy: Strategy, schedule: string[]): Promise<boolean> {
    // The learner's own exploration: the class they opened is shown whole.
    this.store.update({ view: "timeline", revealAll: true });
    return this.load(
      {
        ...this.s.request,
        strategy: strategy === "as_written" ? this.s.request.strategy : strategy,
        schedule,
      },
      { resetPlayhead: true },
    );
  }

  /** A scenario under a strategy from a given schedule (a challenge's start), from the first step. */
  openRun(id: string, strategy: Strategy, schedule: string[] | null): Promise<boolean> {
    this.stopPlaying();
    return this.load({ id, strategy, journal: null, schedule }, { resetPlayhead: true });
  }

  // ---- playhead (see session-playback.ts) --------------------------------

  seek(index: number): void {
    this.playback.seek(index);
  }

  step(delta: number): void {
    this.playback.step(delta);
  }

  home(): void {
    this.playback.home();
  }

  end(): void {
    this.playback.end();
  }

  jumpToAnomaly(): void {
    const report = this.s.report;
    if (!report) return;
    const i = firstAnomalyIndex(report);
    if (i === null) return;
    this.stopPlaying();
    if (this.s.view !== "timeline") this.store.update({ view: "timeline" });
    this.store.update({ index: i, selected: report.events[i].seq, panel: "findings" });
  }

  togglePlay(): void {
    this.playback.togglePlay();
  }

  setSpeed(speed: number): void {
    this.playback.setSpeed(speed);
  }

  stopPlaying(): void {
    this.playback.stop();
  }

  /** Q: predict, then reveal. Playback stops before each question; the next step reveals it. */
  togglePredict(): void {
    this.playback.togglePredict();
  }

  // ---- selection and panels --------------------------------------------

  select(seq: number | null): void {
    this.store.update({ selected: seq, panel: seq === null ? "findings" : "details" });
  }

  showPanel(panel: "findings" | "details"): void {
    this.store.update({ panel });
  }

  /** Presentation shows the timeline or compare, enlarged: the explorer is left first. */
  setPresenting(on: boolean): void {
    if (on === this.s.presenting) return;
    const view = on && this.s.view === "explore" ? "timeline" : this.s.view;
    this.store.update({
      presenting: on,
      view,
      index: view === "timeline" ? clampIndex(this.s.report, this.s.index) : this.s.index,
    });
    this.playback.reschedule();
  }

  togglePresenting(): void {
    this.setPresenting(!this.s.presenting);
  }

  /** Recording mode (F, F11): the figure, caption and panels at presentation's sizes, no chrome. */
  setRecording(on: boolean): void {
    if (on === this.s.recording) return;
    this.store.update({
      recording: on,
      view: on ? "timeline" : this.s.view,
      index: on ? clampIndex(this.s.report, this.s.index) : this.s.index,
    });
    this.playback.reschedule();
  }

  toggleRecording(): void {
    this.setRecording(!this.s.recording);
  }

  /** "Show the whole run" (W): everything at once, or only what the playhead has reached. */
  toggleRevealAll(): void {
    this.store.update({ revealAll: !this.s.revealAll });
  }

  /** ?: the keys, over the page. */
  toggleKeysHelp(): void {
    this.store.update({ keysHelp: !this.s.keysHelp });
  }

  /** Escape: close the keys first, then leave recording, then presentation, else close the step details. */
  escape(): void {
    if (this.s.keysHelp) this.store.update({ keysHelp: false });
    else if (this.s.recording) this.setRecording(false);
    else if (this.s.presenting) this.setPresenting(false);
    else this.select(null);
  }

  setTheme(theme: Theme): void {
    this.store.update({ theme });
  }

  dismissError(): void {
    this.store.update({ error: null });
  }

  // ---- folders ----------------------------------------------------------

  async openFolder(path: string): Promise<void> {
    try {
      const catalog = await this.backend.openFolder(path);
      this.store.update({ catalog, error: null });
    } catch (e) {
      this.store.update({ error: toAppError(e) });
      throw e;
    }
  }

  async pickFolder(): Promise<void> {
    const path = await this.backend.pickFolder();
    if (path) await this.openFolder(path).catch(() => undefined);
  }

  /** A file in the opened folder was saved or deleted. */
  async scenariosChanged(change: ScenarioChange): Promise<void> {
    this.store.update({ catalog: change.state });
    const id = this.s.request.id;
    if (change.removed.includes(id)) {
      this.stopPlaying();
      this.store.update({
        notice: `${fileName(id)} was deleted. The last timeline stays on screen.`,
        error: null,
      });
      return;
    }
    if (!change.changed.includes(id)) return;
    this.store.update({ notice: null });
    const ok = await this.load(this.s.request, { fileChanged: true });
    // A custom schedule may not fit the edited file: fall back to the file's own.
    if (!ok && this.s.request.schedule !== null && this.s.request.id === id) {
      const keep = this.s.error;
      const ok2 = await this.load({ ...this.s.request, schedule: null }, { fileChanged: true });
      if (!ok2 && keep && !this.s.error) this.store.update({ error: keep });
    }
  }
}
