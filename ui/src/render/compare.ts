//! Compare view: the five strategies on the same schedule, stacked, with the
//! playhead in sync and an outcome badge each.
import type { RunReport } from "../bindings/RunReport";
import type { Journal } from "../bindings/Journal";
import type { Strategy } from "../bindings/Strategy";
import { badgeOf, badgeSoFar, rowTitle } from "../model/compare";
import { render } from "lit-html";
import { fitCompare, PRESENT_SIDE_WIDTH, presentSideHeight } from "../model/compare-layout";
import { graphView } from "../model/graph";
import { type Reveal, revealAt, revealTimeline } from "../model/reveal";
import { buildTimeline, COMPACT_LAYOUT, type Timeline } from "../model/timeline";
import { clampIndex } from "../model/playhead";
import { KIND_TEXT } from "../model/values";
import { h } from "./dom";
import { glyphIcon } from "./glyphs";
import { drawTimeline } from "./timeline";
import { graphTemplate } from "./graph";
import { measurer } from "./measure";

export interface CompareHandlers {
  /** Open one row's run as the timeline. */
  onPick(strategy: Strategy, journal: Journal): void;
}

/** Which row is the run on screen. */
export interface CompareCurrent {
  strategy: Strategy;
  journal: Journal;
}

/** A row's badge before its run has ended: the values and costs so far, and when the outcome shows. */
function pendingBadge(r: RunReport, index: number): HTMLElement {
  const b = badgeSoFar(r, index);
  return h(
    "div",
    { class: "badge pending", "data-testid": "badge", "data-outcome": "pending" },
    h(
      "div",
      { class: "badge-final", title: "Committed values so far" },
      ...(b.finals.length
        ? b.finals.map((f) => h("div", { class: "badge-final-line" }, f))
        : ["—"]),
    ),
    h(
      "div",
      { class: "badge-verdict" },
      h("span", { class: "badge-verdict-text" }, `Outcome at step ${b.outcomeAt}`),
    ),
    h("div", { class: "badge-costs" }, b.costText),
  );
}

function badge(r: RunReport): HTMLElement {
  const b = badgeOf(r);
  const o = b.outcome;
  // Each anomaly stays whole ("Write skew (G2-item)" never breaks at its hyphen); the line
  // wraps between them. At presentation's size a name may wrap at its spaces (present.css),
  // so its words are kept whole too: a name on one line ran past its column into the lanes.
  const words = o.anomalies.length > 0 ? o.anomalies : [o.text];
  const verdict = words.map((a, i) =>
    h(
      "span",
      { class: "nowrap" },
      ...a
        .split(" ")
        .flatMap((w, j) =>
          j > 0 ? [" ", h("span", { class: "word" }, w)] : [h("span", { class: "word" }, w)],
        ),
      i < words.length - 1 ? "," : "",
    ),
  );
  return h(
    "div",
    {
      class: `badge ${o.good ? "good" : "bad"} outcome-${o.outcome}`,
      "data-testid": "badge",
      "data-outcome": o.outcome,
      title: b.verdict,
    },
    h(
      "div",
      { class: "badge-final", title: "Final committed values" },
      ...(b.finals.length
        ? b.finals.map((f) => h("div", { class: "badge-final-line" }, f))
        : ["—"]),
    ),
    h(
      "div",
      { class: "badge-verdict" },
      glyphIcon(o.glyph, 14),
      h("span", { class: "badge-verdict-text" }, ...verdict),
    ),
    h("div", { class: "badge-costs" }, b.costText),
  );
}

/** A row's side column in presentation, px: its values and outcome line by line (present.css sizes). */
function sideHeight(r: RunReport, shown: Reveal): number {
  const verdict = measurer(20, 600);
  const room = PRESENT_SIDE_WIDTH - 20 - 28; // the row's padding, the outcome's icon
  if (!shown.outcome) return presentSideHeight(badgeSoFar(r, shown.index).finals.length, 1);
  const b = badgeOf(r);
  const words = b.outcome.anomalies.length > 0 ? b.outcome.anomalies.join(", ") : b.outcome.text;
  return presentSideHeight(b.finals.length, Math.ceil(verdict(words) / room));
}

/** Where the view is drawn: its size, and whether a room is watching (see model/compare-layout.ts). */
export interface CompareSize {
  width: number;
  height: number;
  presenting: boolean;
  /** "Show the whole run": the graphs show every edge, not only those made by the playhead's step. */
  revealAll?: boolean;
}

/**
 * The dependency graph of each strategy's run at the playhead, side by side
 * (small multiples): the same schedule, and which strategies leave a cycle.
 */
function graphStrip(reports: RunReport[], index: number, revealAll: boolean): HTMLElement {
  const strip = h(
    "section",
    { class: "compare-graphs", "data-testid": "compare-graphs", "aria-label": "Dependency graphs" },
    ...reports.map((r) => {
      const cell = h("div", { class: "compare-graph-body" });
      render(graphTemplate(graphView(r, clampIndex(r, index), { revealAll }), "small"), cell);
      return h(
        "div",
        { class: "compare-graph", "data-strategy": r.strategy, "data-journal": r.journal },
        h("h4", { class: "compare-graph-name" }, rowTitle(r)),
        cell,
      );
    }),
  );
  return strip;
}

export function drawCompare(
  reports: RunReport[],
  index: number,
  /** A width alone is the normal view of the whole run (as before reveal-at-step), its rows scrolling. */
  size: CompareSize | number,
  current: CompareCurrent,
  on: CompareHandlers,
): HTMLElement {
  const frame =
    typeof size === "number"
      ? { width: size, height: Infinity, presenting: false, revealAll: true }
      : size;
  // Lane labels only as wide as the longest name needs: every pixel saved widens the step boxes.
  const bold = measurer(12.5, 700);
  const names = [...new Set(reports.flatMap((r) => r.users.map((u) => u.name))), "Database"];
  const labelWidth = Math.round(
    Math.min(COMPACT_LAYOUT.labelWidth, Math.max(56, ...names.map((n) => bold(n) + 18))),
  );
  // How tall each row's side column is at presentation's sizes: a row is never shorter.
  const sideHeights = frame.presenting
    ? reports.map((r) => sideHeight(r, revealAt(r, clampIndex(r, index), frame.revealAll ?? false)))
    : undefined;
  const fit = fitCompare(reports, { ...frame, labelWidth, sideHeights });
  return h(
    "div",
    {
      class: "compare",
      "data-testid": "compare-view",
      "data-zoom": String(fit.zoom),
      style: `--compare-side: ${fit.sideWidth}px`,
    },
    ...reports.map((r) => {
      // Each row as revealed at the playhead (model/reveal.ts): no outcome before its last step.
      const at = clampIndex(r, index);
      const shown = revealAt(r, at, frame.revealAll ?? false);
      const t = revealTimeline(buildTimeline(r, fit.layout), shown);
      const svg = drawTimeline(
        t,
        {
          index: at,
          selected: null,
          compact: true,
          findingNames: r.findings.map((f) => KIND_TEXT[f.kind]),
          draggable: false,
          placeholders: t.placeholders,
        },
        {},
      );
      // Drawn in layout units, shown larger: type and shapes grow together (as the single view in presentation).
      svg.setAttribute("width", String(t.width * fit.zoom));
      svg.setAttribute("height", String(t.height * fit.zoom));
      // Raw-SQL runs differ by journal only, so the journal says which row is on screen.
      const isCurrent =
        r.strategy === current.strategy &&
        (r.strategy !== "as_written" || r.journal === current.journal);
      return h(
        "section",
        {
          class: `compare-row${isCurrent ? " current" : ""}`,
          "data-testid": "compare-row",
          "data-strategy": r.strategy,
          "data-journal": r.journal,
        },
        h(
          "div",
          { class: "compare-side" },
          h(
            "button",
            {
              type: "button",
              class: "compare-name",
              title: `Open this run's timeline. ${r.verdict}`,
              onclick: () => on.onPick(r.strategy, r.journal),
            },
            rowTitle(r),
          ),
          shown.outcome ? badge(r) : pendingBadge(r, at),
        ),
        followPlayhead(h("div", { class: "compare-timeline" }, svg), t, at, fit.zoom),
      );
    }),
    notation(),
    graphStrip(reports, index, frame.revealAll ?? false),
  );
}

/** A row wider than its room scrolls, as the single view does, to keep the playhead's column in view. */
function followPlayhead(wrap: HTMLElement, t: Timeline, at: number, zoom: number): HTMLElement {
  const col = t.columns[at];
  if (!col) return wrap;
  // The lane names stay at the left edge however far the row is scrolled (as in the single view).
  const pin = () =>
    wrap
      .querySelector(".lane-labels")
      ?.setAttribute("transform", `translate(${wrap.scrollLeft / zoom} 0)`);
  wrap.addEventListener("scroll", pin, { passive: true });
  // After the shell has put the view in the page, when the row's width is known.
  requestAnimationFrame(() => {
    const left = (col.x - t.colWidth / 2 - t.labelWidth) * zoom;
    const right = (col.x + t.colWidth / 2) * zoom;
    if (left < wrap.scrollLeft) wrap.scrollLeft = Math.max(0, left);
    else if (right > wrap.scrollLeft + wrap.clientWidth) wrap.scrollLeft = right - wrap.clientWidth;
    pin();
  });
  return wrap;
}

/**
 * How the rows' boxes shorten what they say (model/sql-label.ts, model/text.ts): labels wrap
 * at spaces and are never cut; these are the only abbreviations, and each box's tooltip has it all.
 */
function notation(): HTMLElement {
  const item = (code: string, meaning: string) =>
    h("span", { class: "compare-notation-item" }, h("code", null, code), ` ${meaning}`);
  return h(
    "p",
    { class: "compare-notation", "data-testid": "compare-notation" },
    item("table[1]", "the table's row whose id is 1"),
    item("@v0", "only if the row is still at version 0"),
    item("+1", "one more change: hover a box for all"),
    item("…", "the rest of a label too long for its box, in its tooltip"),
  );
}
