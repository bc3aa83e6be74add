//! Compare view: the five strategies on the same schedule, stacked, with the
//! playhead in sync and an outcome badge each.
import type { RunReport } from "../bindings/RunReport";
import type { Journal } from "../bindings/Journal";
import type { Strategy } from "../bindings/Strategy";
import { badgeOf, rowTitle } from "../model/compare";
import { buildTimeline, COMPACT_LAYOUT } from "../model/timeline";
import { clampIndex } from "../model/playhead";
import { KIND_TEXT } from "../model/values";
import { h } from "./dom";
import { glyphIcon } from "./glyphs";
import { drawTimeline } from "./timeline";
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
  // Each anomaly stays whole ("Write skew (G2-item)" never breaks at its hyphen);
  // the line wraps between them rather than cutting one.
  const words = o.anomalies.length > 0 ? o.anomalies : [o.text];
  const verdict = words.map((a, i) =>
    h("span", { class: "nowrap" }, a, i < words.length - 1 ? "," : ""),
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

export function drawCompare(
  reports: RunReport[],
  index: number,
  width: number,
  current: CompareCurrent,
  on: CompareHandlers,
): HTMLElement {
  const timelineWidth = Math.max(320, width - 300);
  // Lane labels only as wide as the longest name needs: every pixel saved widens the step boxes.
  const bold = measurer(12.5, 700);
  const names = [...new Set(reports.flatMap((r) => r.users.map((u) => u.name))), "Database"];
  const labelWidth = Math.round(
    Math.min(COMPACT_LAYOUT.labelWidth, Math.max(56, ...names.map((n) => bold(n) + 18))),
  );
  // One column width for every row, so the same step lines up across strategies.
  const most = Math.max(1, ...reports.map((r) => r.events.length));
  // A deadlocked run needs room after its last column for the mark (see buildTimeline).
  const tail = reports.some((r) => r.ending === "deadlock") ? COMPACT_LAYOUT.deadlockRoom : 12;
  const col = Math.max(
    COMPACT_LAYOUT.minColumn,
    Math.min(COMPACT_LAYOUT.maxColumn, Math.floor((timelineWidth - labelWidth - tail) / most)),
  );
  const layout = {
    ...COMPACT_LAYOUT,
    labelWidth,
    width: timelineWidth,
    minColumn: col,
    maxColumn: col,
  };
  return h(
    "div",
    { class: "compare", "data-testid": "compare-view" },
    ...reports.map((r) => {
      const t = buildTimeline(r, layout);
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
  );
}
