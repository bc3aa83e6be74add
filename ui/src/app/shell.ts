//! Mounts the page: renders its template (shell-page.ts) into the root on every
//! store change (lit-html patches only what changed), and keeps the regions
//! drawn by their own code (the timeline's SVG, compare, the explorer, the
//! export panel) in nodes the template places and leaves alone.
import { render } from "lit-html";
import type { FigureWritten } from "../bindings/FigureWritten";
import { firstAnomalyIndex, playheadView } from "../model/playhead";
import { revealAt } from "../model/reveal";
import { drawCompare } from "../render/compare";
import { h } from "../render/dom";
import { drawExportPanel } from "../render/export-panel";
import { sharedDefs } from "../render/glyphs";
import type { Backend } from "./backend";
import { mountExplore } from "./explore-view";
import { FigureExport, type FigureChoice } from "./figure-export";
import type { Session } from "./session";
import { type PageActions, type PageHosts, pageTemplate } from "./shell-page";
import { TimelineHost } from "./shell-timeline";
import type { AppState, Store } from "./state";

/** What the page offers beyond its own controls: the e2e tests' way to export without a dialog. */
export interface Shell {
  exportFigure(choice: FigureChoice, path: string): Promise<FigureWritten | null>;
}

export function mountShell(
  root: HTMLElement,
  store: Store,
  session: Session,
  backend: Backend,
): Shell {
  // Identity of a report, for the "has it changed?" keys of the hosts.
  const reportIds = new WeakMap<object, number>();
  let nextReportId = 1;
  const idOf = (r: object) => {
    let id = reportIds.get(r);
    if (id === undefined) {
      id = nextReportId++;
      reportIds.set(r, id);
    }
    return id;
  };

  const timeline = new TimelineHost(store, session, idOf);
  const hosts: PageHosts = {
    defs: sharedDefs(),
    timelineScroll: timeline.scroll,
    exportHost: h("div", { class: "export-host" }),
    compareHost: h("div", { class: "compare-host" }),
    exploreHost: h("div", { class: "explore-host" }),
    tooltip: timeline.tooltip,
  };

  // "More" on the findings: a choice of this page, not of the run, so it stays here.
  let findingsWide = false;
  const leaveCompare = () => (store.state.view === "compare" ? "timeline" : store.state.view);
  const act: PageActions = {
    showEvent: (seq) => {
      const i = store.state.report?.events.findIndex((e) => e.seq === seq) ?? -1;
      if (i < 0) return;
      session.stopPlaying();
      store.update({ index: i, selected: seq, panel: "details", view: leaveCompare() });
    },
    reach: (seq) => {
      const i = store.state.report?.events.findIndex((e) => e.seq === seq) ?? -1;
      if (i < 0) return;
      session.stopPlaying();
      store.update({ index: i, panel: "findings", view: leaveCompare() });
    },
    toggleFindingsWide: () => {
      findingsWide = !findingsWide;
      renderPage(store.state);
    },
    jumpToAnomaly: () => {
      const r = store.state.report;
      if (r && firstAnomalyIndex(r) === null) {
        session.stopPlaying();
        store.update({ notice: "This run has no anomaly: see its outcome at the last step." });
      } else session.jumpToAnomaly();
    },
  };

  // When each report was first drawn, as an absolute time (ms since the epoch), for `make bench-app`.
  let stamped: unknown = null;
  let readyAt: string | undefined;

  let compareKey = "";
  const renderCompare = (st: AppState, main: HTMLElement) => {
    const host = hosts.compareHost;
    if (st.view !== "compare" || !st.compare) {
      compareKey = "";
      host.replaceChildren();
      return;
    }
    const current = {
      strategy: st.report?.strategy ?? st.request.strategy,
      journal: st.report?.journal ?? st.request.journal ?? "wal",
    };
    // Presentation fits every row into the host's height (see model/compare-layout.ts).
    const size = {
      width: main.clientWidth - 32,
      height: host.clientHeight,
      presenting: st.presenting || st.recording,
      revealAll: st.revealAll,
    };
    const key = `${idOf(st.compare)}|${st.index}|${size.width}|${size.height}|${size.presenting}|${size.revealAll}|${current.strategy}|${current.journal}`;
    if (key === compareKey) return;
    compareKey = key;
    host.replaceChildren(
      drawCompare(st.compare, st.index, size, current, {
        onPick: (strategy, journal) => void session.openCompareRow(strategy, journal),
      }),
    );
  };

  /**
   * "More" is offered only while the findings (or details) do not all fit their panel.
   * Measured in the next frame, before its paint: reading sizes in the render itself
   * would lay the page out inside the click or key that caused it.
   */
  let overflowQueued = false;
  const markOverflow = () => {
    if (overflowQueued) return;
    overflowQueued = true;
    requestAnimationFrame(() => {
      overflowQueued = false;
      const panel = root.querySelector<HTMLElement>(".side-panel");
      const body = panel?.querySelector<HTMLElement>(".panel-body");
      if (panel && body) panel.dataset.overflow = String(body.scrollHeight > body.clientHeight + 1);
    });
  };

  let renderExplore: ((st: AppState) => void) | null = null;
  const renderPage = (st: AppState) => {
    document.documentElement.dataset.theme = st.theme;
    // Recording is presentation with no chrome: presentation's sizes, and more hidden.
    root.classList.toggle("presenting", st.presenting || st.recording);
    root.classList.toggle("recording", st.recording);
    const r = st.report;
    if (r !== null && !st.loading && r !== stamped) {
      stamped = r;
      readyAt = String(performance.timeOrigin + performance.now());
    }
    const v = r ? playheadView(r, st.index) : null;
    const reveal = r ? revealAt(r, st.index, st.revealAll) : null;
    render(pageTemplate({ st, v, reveal, findingsWide, readyAt }, hosts, session, act), root);
    markOverflow();
    const main = root.querySelector<HTMLElement>("main.main");
    if (!main) return;
    renderExplore ??= mountExplore(hosts.exploreHost, main, session, idOf);
    renderCompare(st, main);
    renderExplore(st);
    timeline.update(st);
  };

  // Export: its panel redraws from its own state (the choice, progress, the size saved).
  const figures = new FigureExport(store, backend, hosts.defs);
  const exportFailed = () => undefined; // shown in the panel and the banner already
  const renderExport = () =>
    hosts.exportHost.replaceChildren(
      drawExportPanel(figures.view, {
        onToggle: () => figures.toggleOpen(),
        onChoose: (patch) => figures.choose(patch),
        onExport: () => void figures.run().catch(exportFailed),
        onCancel: () => figures.cancel(),
      }),
    );
  figures.subscribe(renderExport);
  renderExport();

  // Progress of a long exploration changes only `explore`, many times a second: redraw
  // just the explorer then, so the timeline and panels beneath are not laid out and painted again.
  let drawn: AppState = store.state;
  store.subscribe((st) => {
    const prev = drawn;
    drawn = st;
    const onlyExplore = (Object.keys(st) as (keyof AppState)[]).every(
      (k) => k === "explore" || st[k] === prev[k],
    );
    if (onlyExplore && st.explore.kind === "running" && prev.explore.kind === "running")
      renderExplore?.(st);
    else renderPage(st);
  });
  renderPage(store.state);
  new ResizeObserver(() => timeline.resized(store.state)).observe(timeline.scroll);
  window.addEventListener("resize", () => {
    if (store.state.view !== "timeline") renderPage(store.state);
    else if (store.state.presenting || store.state.recording) timeline.update(store.state); // its zoom follows the window's height
  });
  return { exportFigure: (choice, path) => figures.run(choice, path) };
}
