//! The app's state and a tiny store. One state object; views re-read it on
//! every change (the histories are small, so redrawing is cheap).
import type { AppError } from "../bindings/AppError";
import type { CatalogState } from "../bindings/CatalogState";
import type { ExploreEstimate } from "../bindings/ExploreEstimate";
import type { ExploreReport } from "../bindings/ExploreReport";
import type { Journal } from "../bindings/Journal";
import type { Progress } from "../bindings/Progress";
import type { SampleRequest } from "../bindings/SampleRequest";
import type { RunReport } from "../bindings/RunReport";
import type { Strategy } from "../bindings/Strategy";
import { type ChallengeState, initialChallengeState } from "./challenge";
import { PREDICT_OFF, type PredictState } from "../model/predict";

export const DEFAULT_SCENARIO = "builtin:lost-update.toml";

/** What the timeline on screen was run with. */
export interface Request {
  id: string;
  strategy: Strategy;
  journal: Journal | null;
  /** A schedule edited on the timeline; null is the scenario's own. */
  schedule: string[] | null;
}

export type Theme = "light" | "dark";

/**
 * The explorer, as one value: which of these it is decides everything it
 * shows. `key` is "id|journal", what a grid answers for (see explorations.ts).
 * `confirm` asks before a big space; `refused` is the engine's too_big answer
 * when it came to that anyway (its message is shown with the sample offer).
 */
export type ExploreState =
  | { kind: "idle" }
  | { kind: "estimating"; key: string; journal: Journal }
  | {
      kind: "confirm";
      estimate: ExploreEstimate;
      key: string;
      journal: Journal;
      refused: AppError | null;
    }
  | {
      kind: "running";
      progress: Progress;
      journal: Journal;
      key: string;
      sample: SampleRequest | null;
    }
  | { kind: "done"; report: ExploreReport; key: string };
/** "challenge" is the timeline with a challenge over it (you are the scheduler, app/challenge.ts). */
export type View = "timeline" | "compare" | "explore" | "challenge" | "graph";

export interface AppState {
  catalog: CatalogState | null;
  request: Request;
  /** The last good run of `request.id`; kept on screen when a rerun fails. */
  report: RunReport | null;
  compare: RunReport[] | null;
  explore: ExploreState;
  view: View;
  /** Playhead, 0-based event index. */
  index: number;
  playing: boolean;
  speed: number;
  /** Selected event (seq): its details stay open. */
  selected: number | null;
  panel: "findings" | "details";
  loading: boolean;
  error: AppError | null;
  notice: string | null;
  theme: Theme;
  /** Presentation mode: large type, the caption as narration, no sidebar, calm pacing. */
  presenting: boolean;
  /** Recording mode (F, F11): presentation's sizes with no chrome at all (header, sidebar, transport). */
  recording: boolean;
  /** The keys overlay (?). */
  keysHelp: boolean;
  /**
   * "Show the whole run" (W): every step, mark, finding and the verdict at once. Off, the page
   * shows only what has happened by the playhead (model/reveal.ts).
   */
  revealAll: boolean;
  /** Predict, then reveal (Q): playback stops before each question (model/predict.ts). */
  predict: PredictState;
  backend: "tauri" | "preview" | null;
  /** The challenge on screen and the challenges won (app/challenge.ts). */
  challenge: ChallengeState;
}

export function initialState(
  theme: Theme,
  challenge: ChallengeState = initialChallengeState(null),
): AppState {
  return {
    catalog: null,
    request: { id: DEFAULT_SCENARIO, strategy: "none", journal: null, schedule: null },
    report: null,
    compare: null,
    explore: { kind: "idle" },
    view: "timeline",
    index: 0,
    playing: false,
    speed: 1,
    selected: null,
    panel: "findings",
    loading: true,
    error: null,
    notice: null,
    theme,
    presenting: false,
    recording: false,
    keysHelp: false,
    revealAll: false,
    predict: PREDICT_OFF,
    backend: null,
    challenge,
  };
}

export class Store {
  private current: AppState;
  private readonly listeners = new Set<(s: AppState) => void>();

  constructor(initial: AppState) {
    this.current = initial;
  }

  get state(): AppState {
    return this.current;
  }

  update(patch: Partial<AppState> | ((s: AppState) => Partial<AppState>)): void {
    const p = typeof patch === "function" ? patch(this.current) : patch;
    this.current = { ...this.current, ...p };
    for (const l of this.listeners) l(this.current);
  }

  subscribe(listener: (s: AppState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** How many steps the playhead can cover in the current view. */
export function stepCount(s: AppState): number {
  if (s.view === "compare" && s.compare && s.compare.length > 0)
    return Math.max(...s.compare.map((r) => r.events.length));
  return s.report?.events.length ?? 0;
}

/** The file name of a scenario id, for messages: "folder:a/lost-update.toml" → "lost-update.toml". */
export function fileName(id: string): string {
  const rest = id.replace(/^(builtin|folder):/, "");
  return rest.split("/").pop() ?? rest;
}
