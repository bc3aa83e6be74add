//! The page: builds the regions once, then on every state change derives the
//! view models (timeline, playhead) and hands them to the renderers.
import { buildTimeline, FULL_LAYOUT } from "../model/timeline";
import { clampIndex, firstAnomalyIndex, playheadView, type PlayheadView } from "../model/playhead";
import { findingName, KIND_TEXT, STRATEGY_TEXT } from "../model/values";
import { fill, h } from "../render/dom";
import { glyphIcon, sharedDefs } from "../render/glyphs";
import { drawTimeline } from "../render/timeline";
import { drawBeliefsPanel, drawDbPanel } from "../render/panels";
import { drawFindings } from "../render/findings";
import { drawDetails, drawPreview } from "../render/details";
import { drawLegend } from "../render/legend";
import { drawSidebar } from "../render/sidebar";
import { drawCompare } from "../render/compare";
import { mountExplore } from "./explore-view";
import { drawExportPanel } from "../render/export-panel";
import { drawKeysHelp } from "../render/keys-help";
import { createHeader, createTransport } from "../render/controls";
import type { Backend } from "./backend";
import { FigureExport, type FigureChoice } from "./figure-export";
import type { FigureWritten } from "../bindings/FigureWritten";
import type { Session } from "./session";
import { fileName, stepCount, type AppState, type Store } from "./state";

/** How much larger the timeline is drawn in presentation mode. */
const PRESENT_ZOOM = 1.45;
/**
 * Tighter lanes and no step numbers (the caption counts the steps, the band
 * marks the column), so the figure can be drawn larger and still leave room
 * for the panels at 720 px.
 */
const PRESENT_LAYOUT = {
  ...FULL_LAYOUT,
  laneHeight: 70,
  boxHeight: 50,
  arcSpace: 15,
  axisHeight: 0,
  dbLaneHeight: 50,
};
/** Height the rest of the presentation page needs (header, caption, legend, transport, panels), px. */
const PRESENT_CHROME = 440;
/** Recording mode has no header or transport: the same zoom limit, with their room given back. */
const RECORD_CHROME = 330;

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
  const header = createHeader({
    onStrategy: (st) => void session.setStrategy(st),
    onJournal: () => void session.toggleJournal(),
    onCompare: () => void session.toggleCompare(),
    onExplore: () => void session.toggleExplore(),
    onTheme: () => session.setTheme(store.state.theme === "dark" ? "light" : "dark"),
    onPresent: () => session.togglePresenting(),
  });
  const transport = createTransport({
    onPlay: () => session.togglePlay(),
    onStep: (d) => session.step(d),
    onHome: () => session.home(),
    onEnd: () => session.end(),
    onSeek: (i) => {
      session.stopPlaying();
      session.seek(i);
    },
    onSpeed: (sp) => session.setSpeed(sp),
    onJumpAnomaly: () => session.jumpToAnomaly(),
    onResetSchedule: () => void session.resetSchedule(),
  });

  const sidebar = h("aside", { class: "sidebar", "aria-label": "Scenarios" });
  const banners = h("div", { class: "banners" });
  const caption = h("div", { class: "caption-bar", "aria-live": "polite" });
  const scroll = h("div", { class: "timeline-scroll" });
  const exportHost = h("div", { class: "export-host" });
  let legend = drawLegend();
  const foot = h("div", { class: "timeline-foot" }, legend, exportHost);
  const timeline = h(
    "section",
    {
      class: "timeline-card",
      "data-testid": "timeline",
      "data-ready": "false",
      "aria-label": "Timeline",
    },
    scroll,
    foot,
  );
  let legendDeadlock = false;
  let stamped: unknown = null;
  const dbBody = h("div", { class: "panel-body" });
  const beliefsBody = h("div", { class: "panel-body" });
  const dbTitle = h("h3", null, "Database");
  const beliefsTitle = h("h3", null, "Local values");
  const tabFindings = h(
    "button",
    { type: "button", class: "tab", role: "tab", onclick: () => session.showPanel("findings") },
    "Findings",
  );
  const tabDetails = h(
    "button",
    { type: "button", class: "tab", role: "tab", onclick: () => session.showPanel("details") },
    "Step details",
  );
  const sideBody = h("div", { class: "panel-body" });
  const bottom = h(
    "div",
    { class: "bottom" },
    h("section", { class: "panel", "data-testid": "db-panel" }, dbTitle, dbBody),
    h("section", { class: "panel", "data-testid": "beliefs-panel" }, beliefsTitle, beliefsBody),
    h(
      "section",
      { class: "panel side-panel" },
      h("div", { class: "tabs", role: "tablist" }, tabFindings, tabDetails),
      sideBody,
    ),
  );
  const compareHost = h("div", { class: "compare-host" });
  const exploreHost = h("div", { class: "explore-host" });
  const main = h(
    "main",
    { class: "main" },
    banners,
    caption,
    timeline,
    compareHost,
    exploreHost,
    transport.el,
    bottom,
  );
  const tooltip = h("div", { class: "tooltip", role: "tooltip", hidden: true });
  const keysHost = h("div", { class: "keys-host" });
  const defs = sharedDefs();
  root.replaceChildren(defs, header.el, sidebar, main, tooltip, keysHost);

  // Export: its panel redraws from its own state (the choice, progress, the size saved).
  const figures = new FigureExport(store, backend, defs);
  const exportFailed = () => undefined; // shown in the panel and the banner already
  const renderExport = () =>
    fill(
      exportHost,
      drawExportPanel(figures.view, {
        onToggle: () => figures.toggleOpen(),
        onChoose: (patch) => figures.choose(patch),
        onExport: () => void figures.run().catch(exportFailed),
        onCancel: () => figures.cancel(),
      }),
    );
  figures.subscribe(renderExport);
  renderExport();

  let lastTimelineKey = "";
  // Identity of a report, for the "has it changed?" keys below.
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

  const showEvent = (seq: number) => {
    const r = store.state.report;
    if (!r) return;
    const i = r.events.findIndex((e) => e.seq === seq);
    if (i >= 0) {
      session.stopPlaying();
      store.update({
        index: i,
        selected: seq,
        panel: "details",
        view: store.state.view === "compare" ? "timeline" : store.state.view,
      });
    }
  };

  /** Moves the playhead to a step and stays on the findings ("Go there"). */
  const reach = (seq: number) => {
    const r = store.state.report;
    const i = r ? r.events.findIndex((e) => e.seq === seq) : -1;
    if (i < 0) return;
    session.stopPlaying();
    store.update({
      index: i,
      panel: "findings",
      view: store.state.view === "compare" ? "timeline" : store.state.view,
    });
  };

  const hover = (seq: number | null, anchor: Element | null) => {
    const report = store.state.report;
    const e = seq !== null ? report?.events.find((x) => x.seq === seq) : undefined;
    if (!report || !e || !anchor) {
      tooltip.hidden = true;
      return;
    }
    fill(tooltip, ...drawPreview(report, e));
    tooltip.hidden = false;
    const box = anchor.getBoundingClientRect();
    const tw = tooltip.offsetWidth;
    const left = Math.min(
      window.innerWidth - tw - 8,
      Math.max(8, box.left + box.width / 2 - tw / 2),
    );
    const below = box.bottom + 8 + tooltip.offsetHeight < window.innerHeight;
    tooltip.style.left = `${left}px`;
    tooltip.style.top = `${below ? box.bottom + 8 : box.top - tooltip.offsetHeight - 8}px`;
  };

  const renderTimeline = (st: AppState, force = false) => {
    const r = st.report;
    const width = Math.max(480, scroll.clientWidth);
    // Presentation enlarges the whole figure (type included) by drawing it for a
    // narrower width and scaling it up; labels are still fitted in its own units.
    // Short windows (the app allows 600 px) keep the normal size so the panels still show.
    // The zoom is what the window's height allows for this figure (more users, more lanes).
    const present = st.presenting || st.recording;
    const chrome = st.recording ? RECORD_CHROME : PRESENT_CHROME;
    const figure = r && present ? buildTimeline(r, { ...PRESENT_LAYOUT, width }).height : 1;
    const zoom = present
      ? Math.max(1, Math.min(PRESENT_ZOOM, (window.innerHeight - chrome) / figure))
      : 1;
    const key = r
      ? `${idOf(r)}|${width}|${zoom}|${clampIndex(r, st.index)}|${st.selected}`
      : `none|${st.error?.message ?? ""}`;
    if (!force && key === lastTimelineKey) return;
    lastTimelineKey = key;
    tooltip.hidden = true;
    if (!r) {
      fill(
        scroll,
        h(
          "div",
          { class: "timeline-empty" },
          st.loading ? "Running…" : "Nothing to draw: choose a scenario, or fix the error above.",
        ),
      );
      return;
    }
    const t = buildTimeline(
      r,
      present ? { ...PRESENT_LAYOUT, width: width / zoom } : { ...FULL_LAYOUT, width },
    );
    const svg = drawTimeline(
      t,
      {
        index: clampIndex(r, st.index),
        selected: st.selected,
        compact: false,
        findingNames: r.findings.map((f) => KIND_TEXT[f.kind]),
        draggable: !present,
      },
      {
        onSelect: (seq) => session.select(seq),
        onHover: hover,
        onMove: (seq, delta) => void session.moveTurn(seq, delta),
      },
    );
    svg.setAttribute("width", String(t.width * zoom));
    svg.setAttribute("height", String(t.height * zoom));
    scrollZoom = zoom;
    fill(scroll, svg);
    pinLabels();
    // Long histories scroll sideways: keep the playhead's column in view.
    const col = t.columns[clampIndex(r, st.index)];
    if (col && scroll.scrollWidth > scroll.clientWidth) {
      const left = (col.x - t.colWidth / 2 - t.labelWidth) * zoom;
      const right = (col.x + t.colWidth / 2) * zoom;
      if (left < scroll.scrollLeft) scroll.scrollLeft = Math.max(0, left);
      else if (right > scroll.scrollLeft + scroll.clientWidth)
        scroll.scrollLeft = right - scroll.clientWidth;
    }
  };

  let scrollZoom = 1;
  const pinLabels = () =>
    scroll
      .querySelector(".lane-labels")
      ?.setAttribute("transform", `translate(${scroll.scrollLeft / scrollZoom} 0)`);
  scroll.addEventListener("scroll", pinLabels, { passive: true });

  const renderExplore = mountExplore(exploreHost, main, session, idOf);

  const renderCaption = (st: AppState, v: PlayheadView | null) => {
    if (!v || !st.report) {
      fill(
        caption,
        h(
          "span",
          { class: "caption-text muted" },
          st.loading ? "Running the scenario on SQLite…" : "",
        ),
      );
      return;
    }
    const meta = h(
      "span",
      { class: "caption-meta" },
      `${st.report.scenario} · ${STRATEGY_TEXT[st.report.strategy]} · ${st.report.journal === "delete" ? "rollback journal" : "WAL"}`,
    );
    if (st.view === "compare" && st.compare) {
      // The rows differ in length (retries and waits add steps): count as the transport bar does.
      const total = stepCount(st);
      const index = Math.min(st.index, total - 1);
      fill(
        caption,
        h(
          "span",
          { class: "caption-step" },
          `${index + 1}`,
          h("span", { class: "of" }, `/${total}`),
        ),
        h(
          "span",
          { class: "caption-text" },
          st.report.strategy === "as_written"
            ? "The same SQL and schedule in each journal mode: waits and refusals differ."
            : `One schedule, ${st.compare.length} strategies: retries and waits add steps, so rows differ in length.`,
        ),
        meta,
      );
      return;
    }
    const findings = st.report.findings;
    const anomaly = v.anomaliesHere.map((k) => findings[k]);
    const deadlockHere = st.report.ending === "deadlock" && v.index === v.total - 1;
    fill(
      caption,
      h(
        "span",
        { class: "caption-step" },
        `${v.index + 1}`,
        h("span", { class: "of" }, `/${v.total}`),
      ),
      h("span", { class: "caption-user" }, v.user),
      h("span", { class: "caption-text" }, v.caption),
      anomaly.length > 0
        ? h(
            "span",
            { class: "caption-anomaly" },
            glyphIcon("anomaly", 20),
            anomaly.map(findingName).join(", "),
          )
        : null,
      deadlockHere
        ? h(
            "span",
            { class: "caption-anomaly caption-deadlock" },
            glyphIcon("deadlock", 22),
            "Deadlock",
          )
        : null,
      meta,
    );
  };

  const renderBanners = (st: AppState) => {
    const items: HTMLElement[] = [];
    if (st.error) {
      const loc = st.error.location;
      const where = loc ? `${fileName(loc.file)}:${loc.line}:${loc.col}` : null;
      items.push(
        h(
          "div",
          {
            class: `banner error code-${st.error.code}`,
            "data-testid": "error-banner",
            role: "alert",
          },
          glyphIcon("error", 18),
          h(
            "div",
            { class: "banner-text" },
            where
              ? h("strong", { class: "where" }, where)
              : h("strong", null, errorTitle(st.error.code)),
            " ",
            st.error.message,
            st.report
              ? h("span", { class: "muted" }, " The last good timeline stays on screen.")
              : null,
          ),
          h(
            "button",
            {
              type: "button",
              class: "banner-close",
              "aria-label": "Dismiss",
              onclick: () => session.dismissError(),
            },
            "×",
          ),
        ),
      );
    }
    if (st.notice)
      items.push(
        h(
          "div",
          { class: "banner notice", "data-testid": "notice", role: "status" },
          glyphIcon("stale", 18),
          h("div", { class: "banner-text" }, st.notice),
        ),
      );
    fill(banners, ...items);
  };

  const render = (st: AppState) => {
    document.documentElement.dataset.theme = st.theme;
    // Recording is presentation with no chrome: presentation's sizes, and more hidden.
    root.classList.toggle("presenting", st.presenting || st.recording);
    root.classList.toggle("recording", st.recording);
    if (st.keysHelp !== keysHost.hasChildNodes())
      fill(keysHost, st.keysHelp ? drawKeysHelp(() => session.toggleKeysHelp()) : null);
    const r = st.report;
    header.update({
      strategy: r ? r.strategy : st.request.strategy,
      asWritten: r?.strategy === "as_written",
      journal: r?.journal ?? st.request.journal,
      compare: st.view === "compare",
      // A badge, so from the outcome: a run that deadlocked after an anomaly is headlined as the anomaly.
      deadlock: r?.outcome === "deadlock",
      exploring: st.view === "explore",
      theme: st.theme,
      loading: st.loading,
      presenting: st.presenting,
    });
    fill(
      sidebar,
      ...drawSidebar(st.catalog, st.request.id, {
        onSelect: (id) => void session.selectScenario(id),
        onOpenFolder: () => void session.pickFolder(),
        onOpenRecent: (p) => void session.openFolder(p).catch(() => undefined),
      }),
    );
    renderBanners(st);

    const total = stepCount(st);
    const index = Math.min(st.index, Math.max(0, total - 1));
    transport.update({
      index,
      total,
      playing: st.playing,
      speed: st.speed,
      hasAnomaly: r !== null && firstAnomalyIndex(r) !== null,
      customSchedule: st.request.schedule !== null,
      canEdit: r !== null && st.view === "timeline",
    });

    const v = r ? playheadView(r, st.index) : null;
    renderCaption(st, v);

    timeline.dataset.scenario = st.request.id;
    timeline.dataset.strategy = r?.strategy ?? st.request.strategy;
    timeline.dataset.journal = r?.journal ?? st.request.journal ?? "wal";
    main.dataset.view = st.view;
    if (st.view === "compare" && st.compare) {
      const current = {
        strategy: r?.strategy ?? st.request.strategy,
        journal: r?.journal ?? st.request.journal ?? "wal",
      };
      fill(
        compareHost,
        drawCompare(st.compare, st.index, main.clientWidth - 32, current, {
          onPick: (strategy, journal) => void session.openCompareRow(strategy, journal),
        }),
      );
    } else {
      compareHost.replaceChildren();
    }
    renderExplore(st);

    renderTimeline(st);
    if ((r?.ending === "deadlock") !== legendDeadlock) {
      legendDeadlock = r?.ending === "deadlock";
      const next = drawLegend({ deadlock: legendDeadlock });
      legend.replaceWith(next);
      legend = next;
    }
    timeline.dataset.ready = String(r !== null && !st.loading);
    // When this report was first drawn, as an absolute time (ms since the epoch), for `make bench-app`.
    if (r !== null && !st.loading && r !== stamped) {
      stamped = r;
      timeline.dataset.readyAt = String(performance.timeOrigin + performance.now());
    }

    dbTitle.textContent = v ? `Database after step ${v.index + 1}` : "Database";
    fill(dbBody, ...drawDbPanel(v));
    beliefsTitle.textContent = v ? `Local values after step ${v.index + 1}` : "Local values";
    fill(beliefsBody, ...drawBeliefsPanel(v));

    const selected =
      st.selected !== null ? r?.events.find((e) => e.seq === st.selected) : undefined;
    const panel = st.panel === "details" && selected ? "details" : "findings";
    tabFindings.textContent = r ? `Findings (${r.findings.length})` : "Findings";
    tabFindings.classList.toggle("on", panel === "findings");
    tabDetails.classList.toggle("on", panel === "details");
    tabDetails.disabled = !selected;
    tabDetails.textContent = selected ? `Step ${selected.seq} details` : "Step details";
    sideBody.dataset.panel = panel;
    if (panel === "details" && selected && r)
      fill(sideBody, ...drawDetails(r, selected, showEvent));
    else
      fill(sideBody, ...drawFindings(r, v?.seq ?? 0, { onShowEvent: showEvent, onReach: reach }));
  };

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
      renderExplore(st);
    else render(st);
  });
  render(store.state);
  new ResizeObserver(() => renderTimeline(store.state)).observe(scroll);
  window.addEventListener("resize", () => {
    if (store.state.view !== "timeline") render(store.state);
    else if (store.state.presenting || store.state.recording) renderTimeline(store.state); // its zoom follows the window's height
  });
  return { exportFigure: (choice, path) => figures.run(choice, path) };
}

function errorTitle(code: string): string {
  switch (code) {
    case "parse":
      return "The scenario does not parse.";
    case "invalid":
      return "The scenario is not valid.";
    case "sql":
      return "SQL error.";
    case "refused":
      return "Not allowed.";
    case "not_found":
      return "Not found.";
    case "deleted":
      return "The file is gone.";
    case "too_big":
      return "Too many interleavings to explore.";
    case "cancelled":
      return "Cancelled.";
    default:
      return "Something went wrong.";
  }
}
