//! What the UI needs from the engine. Two implementations: `ipc.ts` (the
//! desktop app, through Tauri commands) and `preview.ts` (a plain browser,
//! serving recorded samples so the UI can be developed and screenshotted).
import type { AppError } from "../bindings/AppError";
import type { CatalogState } from "../bindings/CatalogState";
import type { ExploreEstimate } from "../bindings/ExploreEstimate";
import type { ExploreReport } from "../bindings/ExploreReport";
import type { FigureRequest } from "../bindings/FigureRequest";
import type { FigureWritten } from "../bindings/FigureWritten";
import type { Journal } from "../bindings/Journal";
import type { Progress } from "../bindings/Progress";
import type { RunReport } from "../bindings/RunReport";
import type { RunRequest } from "../bindings/RunRequest";
import type { SampleRequest } from "../bindings/SampleRequest";
import type { ScenarioChange } from "../bindings/ScenarioChange";

export interface Backend {
  readonly kind: "tauri" | "preview";
  catalogState(): Promise<CatalogState>;
  openFolder(path: string): Promise<CatalogState>;
  /** Asks the user for a folder; null when they cancel. */
  pickFolder(): Promise<string | null>;
  runScenario(request: RunRequest): Promise<RunReport>;
  compareStrategies(request: RunRequest): Promise<RunReport[]>;
  /** What exploring `id` would take (interleavings, strategies, whether it fits), before starting. */
  exploreEstimate(id: string): Promise<ExploreEstimate>;
  /** Every execution, or a seeded sample; progress counts executions out of the estimate. */
  exploreScenario(
    id: string,
    journal: Journal | null,
    sample: SampleRequest | null,
    onProgress: (p: Progress) => void,
  ): Promise<ExploreReport>;
  cancelExplore(): Promise<void>;
  onScenariosChanged(handler: (change: ScenarioChange) => void): Promise<() => void>;
  /**
   * Saves an exported picture. The app asks where (a save dialog) and writes it
   * with `write_export` (to `path` without asking, when given: the e2e tests'
   * hook); the preview downloads it. Resolves to where it went, or null when
   * the user cancels.
   */
  saveExport(
    fileName: string,
    mime: string,
    bytes: Uint8Array,
    path?: string,
  ): Promise<string | null>;
  /**
   * Saves a figure made from the UI's frames (a GIF, an APNG or a still PNG):
   * the app asks where, unless `path` is given (the e2e tests' hook, in place
   * of the dialog), then `write_figure` rasterises and encodes them off the UI
   * thread, reporting each frame drawn. Null when the user cancels the dialog.
   */
  saveFigure(
    fileName: string,
    request: FigureRequest,
    onProgress: (p: Progress) => void,
    path?: string,
  ): Promise<FigureWritten | null>;
  /** Stops the figure being made; its promise rejects with code `cancelled`. */
  cancelFigure(): Promise<void>;
  /**
   * The challenges won as last written (model/challenge-progress.ts's text),
   * or null. The app keeps it in a file of its config dir, written whole
   * before the promise resolves; the preview in the page's localStorage.
   */
  readProgress(): Promise<string | null>;
  writeProgress(text: string): Promise<void>;
}

/** Every rejection becomes an AppError, so callers switch on `code` only. */
export function toAppError(e: unknown): AppError {
  if (
    e &&
    typeof e === "object" &&
    "code" in e &&
    typeof (e as { code: unknown }).code === "string"
  ) {
    const x = e as Partial<AppError> & { code: string };
    return { code: x.code, message: String(x.message ?? ""), location: x.location ?? null };
  }
  return { code: "io", message: e instanceof Error ? e.message : String(e), location: null };
}

export function inTauri(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}

/** The real app uses IPC; a plain browser gets the preview. Each is loaded only when used. */
export async function connectBackend(): Promise<Backend> {
  if (inTauri()) {
    const { tauriBackend } = await import("./ipc");
    return tauriBackend();
  }
  const { previewBackend } = await import("./preview");
  return previewBackend();
}
