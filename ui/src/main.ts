//! Entry point: pick the backend (IPC in the app, recorded samples in a plain
//! browser), mount the page, draw the first scenario.
import "./styles/base.css";
import "./styles/timeline.css";
import "./styles/panels.css";
import "./styles/explore.css";
import "./styles/present.css";
import "./styles/figure.css";
import "./styles/challenge.css";
import "./styles/graph.css";
import { connectBackend } from "./app/backend";
import { Session } from "./app/session";
import { initialState, Store, type Theme } from "./app/state";
import { mountShell } from "./app/shell";
import { bindKeys } from "./app/keyboard";
import type { FigureChoice } from "./app/figure-export";
import { STRATEGIES } from "./model/values";
import type { Strategy } from "./bindings/Strategy";

const params = new URLSearchParams(window.location.search);
const dark = window.matchMedia?.("(prefers-color-scheme: dark)");
const asked = params.get("theme");
const theme: Theme =
  asked === "dark" || asked === "light" ? asked : dark?.matches ? "dark" : "light";
document.documentElement.dataset.theme = theme;

const store = new Store(initialState(theme));
// Follow the system until the user picks a theme.
let themeChosen = asked !== null;
dark?.addEventListener("change", (e) => {
  if (!themeChosen) store.update({ theme: e.matches ? "dark" : "light" });
});

async function boot(): Promise<void> {
  const backend = await connectBackend();
  const session = new Session(store, backend);
  const setTheme = session.setTheme.bind(session);
  session.setTheme = (t) => {
    themeChosen = true;
    setTheme(t);
  };
  const root = document.getElementById("app");
  if (!root) throw new Error("index.html has no #app element");
  const shell = mountShell(root, store, session, backend);
  bindKeys(session);

  (window as unknown as { __interleave: unknown }).__interleave = {
    openFolder: (path: string) => session.openFolder(path),
    // e2e: the export the panel's button makes, written to `path` instead of asking.
    exportFigure: (choice: FigureChoice, path: string) => shell.exportFigure(choice, path),
    state: () => {
      const s = store.state;
      return {
        backend: s.backend,
        scenario: s.request.id,
        strategy: s.report?.strategy ?? s.request.strategy,
        journal: s.report?.journal ?? s.request.journal,
        schedule: s.report?.schedule ?? null,
        customSchedule: s.request.schedule,
        index: s.index,
        steps: s.report?.events.length ?? 0,
        playing: s.playing,
        view: s.view,
        selected: s.selected,
        theme: s.theme,
        presenting: s.presenting,
        recording: s.recording,
        ready: s.report !== null && !s.loading,
        error: s.error,
        notice: s.notice,
        findings: s.report?.findings.map((f) => f.kind) ?? [],
        folder: s.catalog?.folder ?? null,
      };
    },
  };

  // Preview conveniences for screenshots: ?scenario=&strategy=&journal=&step=&select=&compare=1&explore=1&present=1
  const scenario = params.get("scenario");
  const strategy = params.get("strategy") as Strategy | null;
  const journal = params.get("journal");
  if (scenario) store.update({ request: { ...store.state.request, id: scenario } });
  if (strategy && (STRATEGIES as string[]).includes(strategy))
    store.update({ request: { ...store.state.request, strategy } });
  if (journal === "wal" || journal === "delete")
    store.update({ request: { ...store.state.request, journal } });
  await session.start();
  const step = Number(params.get("step"));
  if (step > 0) session.seek(step - 1);
  const sel = Number(params.get("select"));
  if (sel > 0) session.select(sel);
  if (params.get("compare") === "1") await session.setView("compare");
  if (params.get("present") === "1") session.setPresenting(true);
  // ?explore=1 (the preview also takes "big" and "slow", see preview.ts).
  if (params.get("explore")) void session.explore();
}

void boot();
