//! Compare view: the five strategies on the same schedule, stacked, with the
//! playhead in sync and an outcome badge each.
import type { RunReport } from "../bindings/RunReport";
import type { Journal } from "../bindings/Journal";
import type { Strategy } from "../bindings/Strategy";
import { badgeOf, rowTitle } from "../model/compare";
import { render } from "lit-html";
import { fitCompare } from "../model/compare-layout";
import { graphView } from "../model/graph";
import { buildTimeline, COMPACT_LAYOUT } from "../model/timeline";
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
  /** A width alone is the normal view, its rows scrolling as they need. */
  size: CompareSize | number,
  current: CompareCurrent,
  on: CompareHandlers,
): HTMLElement {
  const frame =
    typeof size === "number"
      ? { width: size, height: Infinity, presenting: false, revealAll: false }
      : size;
  // Lane labels only as wide as the longest name needs: every pixel saved widens the step boxes.
  const bold = measurer(12.5, 700);
  const names = [...new Set(reports.flatMap((r) => r.users.map((u) => u.name))), "Database"];
  const labelWidth = Math.round(
    Math.min(COMPACT_LAYOUT.labelWidth, Math.max(56, ...names.map((n) => bold(n) + 18))),
  );
  const fit = fitCompare(reports, { ...frame, labelWidth });
  return h(
    "div",
    {
      class: "compare",
      "data-testid": "compare-view",
      "data-zoom": String(fit.zoom),
      style: `--compare-side: ${fit.sideWidth}px`,
    },
    ...reports.map((r) => {
      const t = buildTimeline(r, fit.layout);
      const svg = drawTimeline(
        t,
        {
          index: clampIndex(r, index),
          selected: null,
          compact: true,
          findingNames: r.findings.map((f) => KIND_TEXT[f.kind]),
          draggable: false,
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
          badge(r),
        ),
        h("div", { class: "compare-timeline" }, svg),
      );
    }),
    graphStrip(reports, index, frame.revealAll ?? false),
  );
}
