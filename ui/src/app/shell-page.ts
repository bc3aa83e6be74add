//! The page as one lit-html template: header, sidebar, banners, caption, the timeline
//! card, the hosts drawn by their own code (compare, explorer, export, the timeline's
//! SVG), the transport and the bottom panels. Rendered on every store change; lit
//! patches what changed, so focus and scroll inside any region survive playback.
import { html, nothing, type TemplateResult } from "lit-html";
import { graphView } from "../model/graph";
import { firstAnomalyIndex, type PlayheadView } from "../model/playhead";
import type { Reveal } from "../model/reveal";
import { findingName, STRATEGY_TEXT } from "../model/values";
import { challengeRegion, challengeSidebarTemplate } from "../render/challenge";
import { headerTemplate, transportTemplate } from "../render/controls";
import { detailsTemplate } from "../render/details";
import { findingsTemplate } from "../render/findings";
import { glyphIcon } from "../render/glyphs";
import { graphTemplate } from "../render/graph";
import { keysHelpTemplate } from "../render/keys-help";
import { predictCaption, predictToggle, questionState } from "../render/predict";
import { legendTemplate } from "../render/legend";
import { beliefsPanelTemplate, dbPanelTemplate } from "../render/panels";
import { sidebarTemplate } from "../render/sidebar";
import type { Session } from "./session";
import { fileName, stepCount, type AppState } from "./state";

/** Nodes drawn by their own code; the template places them and never looks inside. */
export interface PageHosts {
  defs: SVGSVGElement;
  timelineScroll: HTMLElement;
  exportHost: HTMLElement;
  compareHost: HTMLElement;
  exploreHost: HTMLElement;
  tooltip: HTMLElement;
}

/** What the page's links and buttons do beyond a plain session call. */
export interface PageActions {
  /** Open a step's details (and leave compare for the timeline). */
  showEvent(seq: number): void;
  /** Move the playhead to a step and stay on the findings ("Go there"). */
  reach(seq: number): void;
  /** "Jump to first anomaly", or say there is none (the learner asked: no longer a spoiler). */
  jumpToAnomaly(): void;
  /** "More": the findings (or details) take the whole bottom row; "Less" gives it back. */
  toggleFindingsWide(): void;
}

export interface PageInput {
  st: AppState;
  /** The state at the playhead, null with no run. */
  v: PlayheadView | null;
  /** What has happened by the playhead (model/reveal.ts), null with no run. */
  reveal: Reveal | null;
  /** The findings or details panel has the whole bottom row ("More"). */
  findingsWide: boolean;
  /** When the report on screen was first drawn (ms since the epoch), for `make bench-app`. */
  readyAt: string | undefined;
}

export function pageTemplate(
  { st, v, reveal, findingsWide, readyAt }: PageInput,
  hosts: PageHosts,
  session: Session,
  act: PageActions,
): TemplateResult {
  const r = st.report;
  const total = stepCount(st);
  const index = Math.min(st.index, Math.max(0, total - 1));
  const journal = r?.journal ?? st.request.journal ?? "wal";
  // The whole run's outcome (a deadlock) is said once the last step is reached.
  const outcomeShown = reveal?.outcome ?? false;
  return html`${hosts.defs}${headerTemplate(
    {
      strategy: r ? r.strategy : st.request.strategy,
      asWritten: r?.strategy === "as_written",
      journal: r?.journal ?? st.request.journal,
      compare: st.view === "compare",
      // A badge, so from the outcome: a run that deadlocked after an anomaly is headlined as the anomaly.
      deadlock: outcomeShown && r?.outcome === "deadlock",
      exploring: st.view === "explore",
      theme: st.theme,
      loading: st.loading,
      presenting: st.presenting,
    },
    {
      onStrategy: (s) => void session.setStrategy(s),
      onJournal: () => void session.toggleJournal(),
      onCompare: () => void session.toggleCompare(),
      onExplore: () => void session.toggleExplore(),
      onTheme: () => session.setTheme(st.theme === "dark" ? "light" : "dark"),
      onPresent: () => session.togglePresenting(),
    },
  )}
    <aside class="sidebar" aria-label="Scenarios">
      ${challengeSidebarTemplate(st, session.challenges)}
      ${
        st.view === "challenge"
          ? nothing
          : sidebarTemplate(st.catalog, st.request.id, {
              onSelect: (id) => void session.selectScenario(id),
              onOpenFolder: () => void session.pickFolder(),
              onOpenRecent: (p) => void session.openFolder(p).catch(() => undefined),
            })
      }
    </aside>
    <main class="main" data-view=${st.view}>
      <div class="banners">${bannersTemplate(st, session)}</div>
      ${challengeRegion(st, session.challenges)}
      <div
        class="caption-bar"
        aria-live="polite"
        data-predict=${st.predict.on ? "on" : "off"}
        data-question=${(st.view === "timeline" && v && questionState(r, st.predict, v.index)) || nothing}
      >
        ${(st.view === "timeline" && predictCaption(r, st.predict, v)) || captionTemplate(st, v)}
        ${st.view === "timeline" ? predictToggle(st.predict.on, () => session.togglePredict()) : nothing}
      </div>
      <section
        class="timeline-card"
        data-testid="timeline"
        data-ready=${String(r !== null && !st.loading)}
        data-ready-at=${readyAt ?? nothing}
        data-scenario=${st.request.id}
        data-strategy=${r?.strategy ?? st.request.strategy}
        data-journal=${journal}
        aria-label="Timeline"
      >
        ${hosts.timelineScroll}
        <div class="timeline-foot">
          ${legendTemplate({ deadlock: outcomeShown && r?.ending === "deadlock" })}${hosts.exportHost}
        </div>
      </section>
      ${hosts.compareHost}${hosts.exploreHost}${graphViewTemplate(st, session)}
      ${transportTemplate(
        {
          index,
          total,
          playing: st.playing,
          speed: st.speed,
          // Enabled with any run unless everything is shown: whether it has an anomaly is the question.
          hasAnomaly: r !== null && (!st.revealAll || firstAnomalyIndex(r) !== null),
          customSchedule: st.request.schedule !== null,
          canEdit: r !== null && (st.view === "timeline" || st.view === "challenge"),
          revealAll: st.revealAll,
        },
        {
          onPlay: () => session.togglePlay(),
          onStep: (d) => session.step(d),
          onHome: () => session.home(),
          onEnd: () => session.end(),
          onSeek: (i) => {
            session.stopPlaying();
            session.seek(i);
          },
          onSpeed: (sp) => session.setSpeed(sp),
          onJumpAnomaly: act.jumpToAnomaly,
          onResetSchedule: () => void session.resetSchedule(),
          onRevealAll: () => session.toggleRevealAll(),
        },
      )}
      ${bottomTemplate(st, v, reveal, findingsWide, session, act)}
    </main>
    ${hosts.tooltip}
    <div class="keys-host">
      ${st.keysHelp ? keysHelpTemplate(() => session.toggleKeysHelp()) : nothing}
    </div>`;
}

/**
 * The bottom row: the database, the local values, and findings or a step's details.
 * The findings/details body is focusable: it scrolls when its text is longer than the row
 * (presentation at 720 px), and a scrolling box is reachable by keyboard only so.
 * `extraPanels` is where further panels of the row go (helper GRAPH's dependency graph,
 * `data-testid="dependency-graph"`, is meant to mount here with a small local edit).
 */
function bottomTemplate(
  st: AppState,
  v: PlayheadView | null,
  reveal: Reveal | null,
  wide: boolean,
  session: Session,
  act: PageActions,
): TemplateResult {
  const r = st.report;
  // A step selected earlier and now after the playhead (stepped back to it) keeps its details
  // to itself until it is reached again.
  const selected =
    st.selected !== null && !reveal?.future.has(st.selected)
      ? r?.events.find((e) => e.seq === st.selected)
      : undefined;
  const panel = st.panel === "details" && selected ? "details" : "findings";
  return html`<div class="bottom${wide ? " findings-wide" : ""}">
    <section class="panel" data-testid="db-panel">
      <h3>${v ? `Database after step ${v.index + 1}` : "Database"}</h3>
      <div class="panel-body">${dbPanelTemplate(v)}</div>
    </section>
    <section class="panel" data-testid="beliefs-panel">
      <h3>${v ? `Local values after step ${v.index + 1}` : "Local values"}</h3>
      <div class="panel-body">${beliefsPanelTemplate(v)}</div>
    </section>
    <section class="panel side-panel">
      <div class="tabs" role="tablist">
        <button
          type="button"
          class="tab${panel === "findings" ? " on" : ""}"
          role="tab"
          aria-selected=${String(panel === "findings")}
          @click=${() => session.showPanel("findings")}
        >${r && reveal ? `Findings (${reveal.findings.length})` : "Findings"}</button>
        <button
          type="button"
          class="tab${panel === "details" ? " on" : ""}"
          role="tab"
          aria-selected=${String(panel === "details")}
          ?disabled=${!selected}
          @click=${() => session.showPanel("details")}
        >${selected ? `Step ${selected.seq} details` : "Step details"}</button>
        <button
          type="button"
          class="plain-btn more-btn"
          data-testid="findings-more"
          aria-expanded=${String(wide)}
          title=${wide ? "Back to all the panels" : "Give this panel the whole row, so all of it shows"}
          @click=${act.toggleFindingsWide}
        >${wide ? "Less" : "More"}</button>
      </div>
      <div
        class="panel-body"
        data-panel=${panel}
        tabindex="0"
        role="region"
        aria-label=${panel === "details" ? "Step details" : "Findings"}
      >
        ${
          panel === "details" && selected && r
            ? detailsTemplate(r, selected, act.showEvent)
            : findingsTemplate(r, reveal, { onShowEvent: act.showEvent, onReach: act.reach })
        }
      </div>
    </section>
    ${extraPanels(st, session)}
  </div>`;
}

/** Further panels of the bottom row: the dependency graph, drawn as the playhead reaches each edge. */
function extraPanels(st: AppState, session: Session): TemplateResult | typeof nothing {
  const r = st.report;
  if (!r || r.events.length === 0) return nothing;
  const view = graphView(r, st.index, { revealAll: st.revealAll });
  return html`<section class="panel graph-panel" data-testid="dependency-graph">
    <h3>
      Dependency graph<button
        type="button"
        class="graph-open"
        data-testid="graph-toggle"
        title="The dependency graph, full size (G)"
        @click=${() => void session.toggleGraph()}
      >Full view</button>
    </h3>
    <div class="panel-body">
      ${graphTemplate(view, "panel", {
        onFullView: () => void session.toggleGraph(),
        brief: st.presenting || st.recording,
      })}
    </div>
  </section>`;
}

/** The graph view (G): the dependency graph alone, full size, at the same playhead. */
function graphViewTemplate(st: AppState, session: Session): TemplateResult | typeof nothing {
  const r = st.report;
  if (st.view !== "graph" || !r || r.events.length === 0) return nothing;
  const view = graphView(r, st.index, { revealAll: st.revealAll });
  return html`<section class="panel graph-view" data-testid="graph-view" aria-label="Dependency graph">
    <h3>
      Dependency graph<button
        type="button"
        class="graph-open"
        data-testid="graph-back"
        title="Back to the timeline (G)"
        @click=${() => void session.toggleGraph()}
      >Back to the timeline</button>
    </h3>
    <div class="panel-body">${graphTemplate(view, "full")}</div>
  </section>`;
}

function captionTemplate(st: AppState, v: PlayheadView | null): TemplateResult {
  const report = st.report;
  if (!v || !report)
    return html`<span class="caption-text muted"
      >${st.loading ? "Running the scenario on SQLite…" : ""}</span
    >`;
  const meta = html`<span class="caption-meta"
    >${report.scenario} · ${STRATEGY_TEXT[report.strategy]} ·
    ${report.journal === "delete" ? "rollback journal" : "WAL"}</span
  >`;
  if (st.view === "compare" && st.compare) {
    // The rows differ in length (retries and waits add steps): count as the transport bar does.
    const total = stepCount(st);
    const index = Math.min(st.index, total - 1);
    return html`<span class="caption-step">${index + 1}<span class="of">/${total}</span></span
      ><span class="caption-text"
        >${
          report.strategy === "as_written"
            ? "The same SQL and schedule in each journal mode: waits and refusals differ."
            : `One schedule, ${st.compare.length} strategies: retries and waits add steps, so rows differ in length.`
        }</span
      >${meta}`;
  }
  const anomaly = v.anomaliesHere.map((k) => report.findings[k]);
  const deadlockHere = report.ending === "deadlock" && v.index === v.total - 1;
  return html`<span class="caption-step">${v.index + 1}<span class="of">/${v.total}</span></span
    ><span class="caption-user">${v.user}</span><span class="caption-text">${v.caption}</span>${
      anomaly.length > 0
        ? html`<span class="caption-anomaly"
            >${glyphIcon("anomaly", 20)}${anomaly.map(findingName).join(", ")}</span
          >`
        : nothing
    }${
      deadlockHere
        ? html`<span class="caption-anomaly caption-deadlock"
            >${glyphIcon("deadlock", 22)}Deadlock</span
          >`
        : nothing
    }${meta}`;
}

function bannersTemplate(st: AppState, session: Session): TemplateResult {
  const err = st.error;
  const loc = err?.location;
  const where = loc ? `${fileName(loc.file)}:${loc.line}:${loc.col}` : null;
  return html`${
    err
      ? html`<div class="banner error code-${err.code}" data-testid="error-banner" role="alert">
          ${glyphIcon("error", 18)}
          <div class="banner-text">
            ${where ? html`<strong class="where">${where}</strong>` : html`<strong>${errorTitle(err.code)}</strong>`}
            ${err.message}${
              st.report
                ? html`<span class="muted"> The last good timeline stays on screen.</span>`
                : nothing
            }
          </div>
          <button
            type="button"
            class="banner-close"
            aria-label="Dismiss"
            @click=${() => session.dismissError()}
          >×</button>
        </div>`
      : nothing
  }${
    st.notice
      ? html`<div class="banner notice" data-testid="notice" role="status">
          ${glyphIcon("stale", 18)}
          <div class="banner-text">${st.notice}</div>
        </div>`
      : nothing
  }`;
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
