//! The browser preview backend: no engine, only the recorded RunReports in
//! model/samples. It answers what those samples can answer and refuses the rest
//! with an AppError, like the real backend would. Its explorer report is
//! synthetic (see preview-explore.ts). Used only when the page is
//! not inside Tauri, so the UI can be developed and screenshotted in Chromium.
//!
//! It can also pretend a folder is open and that its files change, through
//! `window.__interleavePreview`, to exercise the live-reload paths.
import type { AppError } from "../bindings/AppError";
import type { CatalogState } from "../bindings/CatalogState";
import type { RunReport } from "../bindings/RunReport";
import type { RunRequest } from "../bindings/RunRequest";
import type { ScenarioChange } from "../bindings/ScenarioChange";
import type { ScenarioEntry } from "../bindings/ScenarioEntry";
import type { Backend } from "./backend";
import { syntheticExplore } from "./preview-explore";

import luNone from "../model/samples/lost-update-none.json";
import luAtomic from "../model/samples/lost-update-atomic.json";
import luPessimistic from "../model/samples/lost-update-pessimistic.json";
import luOptimistic from "../model/samples/lost-update-optimistic.json";
import luTransaction from "../model/samples/lost-update-transaction.json";
import luTransactionDelete from "../model/samples/lost-update-transaction-delete.json";
import writeSkew from "../model/samples/write-skew-none.json";
import dirtyRead from "../model/samples/dirty-read.json";
import p4Deadlock from "../model/samples/p4-delete-deadlock.json";

type Recorded = { runs: RunReport[] };

/** Scenario file name → its recorded runs. */
/** Where the preview keeps the file the app would (see Backend.readProgress). */
const PREVIEW_PROGRESS = "interleave.preview.progress-file";

const RECORDED: Record<string, Recorded> = {
  "lost-update.toml": {
    runs: [
      luNone,
      luAtomic,
      luPessimistic,
      luOptimistic,
      luTransaction,
      luTransactionDelete,
    ] as unknown as RunReport[],
  },
  "write-skew.toml": { runs: [writeSkew] as unknown as RunReport[] },
  "dirty-read.toml": { runs: [dirtyRead] as unknown as RunReport[] },
  "hermitage/p4.toml": { runs: [p4Deadlock] as unknown as RunReport[] },
};

interface PreviewFile {
  name: string;
  origin: "builtin" | "folder";
  error: AppError | null;
}

function err(code: string, message: string, location: AppError["location"] = null): AppError {
  return { code, message, location };
}

/** Saves bytes through the browser's downloads; returns the file name. */
function download(fileName: string, mime: string, bytes: Uint8Array): string {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: mime }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in some browsers.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return fileName;
}

export function previewBackend(): Backend {
  const files = new Map<string, PreviewFile>();
  for (const name of Object.keys(RECORDED))
    files.set(`builtin:${name}`, { name, origin: "builtin", error: null });
  let folder: string | null = null;
  const recent: string[] = [];
  const listeners = new Set<(c: ScenarioChange) => void>();
  let cancelled = false;

  const entry = (id: string, f: PreviewFile): ScenarioEntry => {
    const first = RECORDED[f.name].runs[0];
    return {
      id,
      title: f.error ? f.name : first.scenario,
      summary: f.error ? "" : first.summary,
      origin: f.origin,
      path: f.origin === "folder" ? `${folder}/${f.name}` : null,
      error: f.error,
      users: f.error ? [] : first.users.map((u) => u.name),
    };
  };
  const state = (): CatalogState => ({
    folder,
    recent: [...recent],
    entries: [...files].map(([id, f]) => entry(id, f)),
  });
  const emit = (changed: string[], removed: string[]) => {
    const change: ScenarioChange = { changed, removed, state: state() };
    for (const l of listeners) l(change);
  };

  const lookup = (id: string): PreviewFile => {
    const f = files.get(id);
    if (!f) {
      if (id.startsWith("folder:")) throw err("deleted", `${id.slice(7)} was deleted or renamed`);
      throw err("not_found", `no scenario ${id}`);
    }
    if (f.error) throw f.error;
    return f;
  };

  const pick = (req: RunRequest): RunReport => {
    const f = lookup(req.id);
    const runs = RECORDED[f.name].runs;
    const asWritten = runs[0].strategy === "as_written";
    const found = runs.find(
      (r) =>
        (asWritten || r.strategy === req.strategy) &&
        (req.journal === null || r.journal === req.journal),
    );
    if (!found) {
      const journal = req.journal === "delete" ? "the rollback journal" : "WAL";
      throw err(
        "not_found",
        `The browser preview has no recorded run of ${f.name} with strategy ${req.strategy} and ${journal}. The desktop app runs every combination.`,
      );
    }
    // The engine adds the turns that retries take, so a recorded run answers any prefix of its schedule.
    if (
      req.schedule !== null &&
      (req.schedule.length > found.schedule.length ||
        req.schedule.some((u, i) => found.schedule[i] !== u))
    ) {
      throw err(
        "refused",
        "The browser preview only replays recorded schedules. The desktop app runs new ones on SQLite.",
      );
    }
    return found;
  };

  const hooks = {
    /** Pretend a folder file was saved; pass an error to make it fail to parse. */
    edit(name: string, error: AppError | null = null) {
      const id = `folder:${name}`;
      const f = files.get(id);
      if (!f) return;
      f.error = error;
      emit([id], []);
    },
    remove(name: string) {
      const id = `folder:${name}`;
      files.delete(id);
      emit([], [id]);
    },
  };
  (window as unknown as { __interleavePreview: typeof hooks }).__interleavePreview = hooks;

  return {
    kind: "preview",
    catalogState: async () => state(),
    openFolder: async (path) => {
      folder = path.replace(/\/+$/, "") || "/";
      const i = recent.indexOf(folder);
      if (i >= 0) recent.splice(i, 1);
      recent.unshift(folder);
      for (const id of [...files.keys()]) if (id.startsWith("folder:")) files.delete(id);
      files.set("folder:lost-update.toml", {
        name: "lost-update.toml",
        origin: "folder",
        error: null,
      });
      return state();
    },
    pickFolder: async () => "/home/teacher/scenarios",
    runScenario: async (request) => pick(request),
    compareStrategies: async (request) => {
      const f = lookup(request.id);
      const runs = RECORDED[f.name].runs;
      // The engine compares a raw-SQL scenario in WAL and in the rollback journal; the preview
      // has only the journals that were recorded.
      if (runs[0].strategy === "as_written") {
        if (request.schedule !== null)
          throw err("refused", "The browser preview only compares recorded schedules.");
        return (["wal", "delete"] as const).flatMap((j) => runs.filter((r) => r.journal === j));
      }
      const journal = request.journal ?? "wal";
      const out = ["none", "atomic", "pessimistic", "optimistic", "transaction"].map((s) =>
        runs.find((r) => r.strategy === s && r.journal === journal),
      );
      if (out.some((r) => r === undefined) || request.schedule !== null) {
        throw err(
          "not_found",
          "The browser preview has recorded all five strategies only for lost-update.toml with WAL and its own schedule.",
        );
      }
      return out as RunReport[];
    },
    // ?explore=huge: a space past the limit, to see the question and the sample offer.
    exploreEstimate: async (id) => {
      const f = lookup(id);
      const mode = new URLSearchParams(window.location.search).get("explore");
      const report = syntheticExplore(RECORDED[f.name].runs, null, mode === "big");
      const interleavings = mode === "huge" ? 369_600 : report.interleavings;
      return {
        interleavings,
        strategies: report.strategies.length,
        fits: interleavings <= 100_000,
        limit: 100_000,
      };
    },
    exploreScenario: async (id, journal, sample, onProgress) => {
      const f = lookup(id);
      // ?explore=big: a synthetic 924-interleaving space; ?explore=slow: a 20 s run, to see the progress bar.
      const mode = new URLSearchParams(window.location.search).get("explore");
      const report = syntheticExplore(RECORDED[f.name].runs, journal, mode === "big");
      if (sample) report.method = { kind: "sample", runs: sample.runs, seed: sample.seed };
      const total = report.interleavings * report.strategies.length;
      const ticks = mode === "slow" ? 100 : 8;
      cancelled = false;
      for (let i = 1; i <= ticks; i++) {
        await new Promise((r) => window.setTimeout(r, mode === "slow" ? 200 : 40));
        if (cancelled) throw err("cancelled", "The exploration was cancelled.");
        onProgress({ done: Math.round((total * i) / ticks), total });
      }
      return report;
    },
    saveExport: async (fileName, mime, bytes) => download(fileName, mime, bytes),
    cancelExplore: async () => {
      cancelled = true;
    },
    // A browser has no rasteriser of ours: figures are made by the desktop app.
    saveFigure: async () => {
      throw {
        code: "unsupported",
        message:
          "PNG, GIF and APNG figures are made by the desktop app; the preview saves SVG only.",
        location: null,
      };
    },
    cancelFigure: async () => undefined,
    // The page's own storage is the preview's file (the session keeps a copy there too).
    readProgress: async () => globalThis.localStorage?.getItem(PREVIEW_PROGRESS) ?? null,
    writeProgress: async (text) => globalThis.localStorage?.setItem(PREVIEW_PROGRESS, text),
    onScenariosChanged: async (handler) => {
      listeners.add(handler);
      return () => listeners.delete(handler);
    },
  };
}
