//! The desktop backend: Tauri commands and events.
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { open, save } from "@tauri-apps/plugin-dialog";
import type { CatalogState } from "../bindings/CatalogState";
import type { ExploreEstimate } from "../bindings/ExploreEstimate";
import type { ExploreReport } from "../bindings/ExploreReport";
import type { FigureWritten } from "../bindings/FigureWritten";
import type { Progress } from "../bindings/Progress";
import type { RunReport } from "../bindings/RunReport";
import type { ScenarioChange } from "../bindings/ScenarioChange";
import { toAppError, type Backend } from "./backend";

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toAppError(e);
  }
}

const FIGURE_FILTER = { gif: "GIF animation", apng: "Animated PNG", png: "PNG image" } as const;

export function tauriBackend(): Backend {
  return {
    kind: "tauri",
    catalogState: () => call<CatalogState>("catalog_state"),
    openFolder: (path) => call<CatalogState>("open_folder", { path }),
    pickFolder: async () => {
      const picked = await open({
        directory: true,
        multiple: false,
        title: "Open a folder of scenarios",
      });
      return typeof picked === "string" ? picked : null;
    },
    runScenario: (request) => call<RunReport>("run_scenario", { request }),
    compareStrategies: (request) => call<RunReport[]>("compare_strategies", { request }),
    exploreEstimate: (id) => call<ExploreEstimate>("explore_estimate", { id }),
    exploreScenario: async (id, journal, sample, onProgress) => {
      const unlisten = await listen<Progress>("explore-progress", (e) => onProgress(e.payload));
      try {
        return await call<ExploreReport>("explore_scenario", { id, journal, sample });
      } finally {
        unlisten();
      }
    },
    cancelExplore: () => call<void>("cancel_explore"),
    onScenariosChanged: (handler) =>
      listen<ScenarioChange>("scenarios-changed", (e) => handler(e.payload)),
    saveExport: async (fileName, mime, bytes, given) => {
      const ext = fileName.split(".").pop() ?? "";
      let path = given ?? null;
      if (path === null) {
        try {
          path = await save({
            title: "Export the timeline",
            defaultPath: fileName,
            filters: [
              { name: mime === "image/png" ? "PNG image" : "SVG image", extensions: [ext] },
            ],
          });
        } catch (e) {
          throw toAppError(e);
        }
      }
      if (!path) return null;
      // Tauri serialises a number[] as a JSON array of bytes; the command takes Vec<u8>.
      await call<void>("write_export", { path, bytes: Array.from(bytes) });
      return path;
    },
    saveFigure: async (fileName, request, onProgress, given) => {
      let path = given ?? null;
      if (path === null) {
        const ext = fileName.split(".").pop() ?? "";
        try {
          path = await save({
            title: request.format === "png" ? "Export the figure" : "Export the animation",
            defaultPath: fileName,
            filters: [{ name: FIGURE_FILTER[request.format], extensions: [ext] }],
          });
        } catch (e) {
          throw toAppError(e);
        }
      }
      if (!path) return null;
      const unlisten = await listen<Progress>("figure-progress", (e) => onProgress(e.payload));
      try {
        return await call<FigureWritten>("write_figure", { path, request });
      } finally {
        unlisten();
      }
    },
    cancelFigure: () => call<void>("cancel_figure"),
    readProgress: () => call<string | null>("read_progress"),
    writeProgress: (text) => call<void>("write_progress", { text }),
  };
}
