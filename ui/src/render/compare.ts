//! Compare view: the five strategies on the same schedule, stacked, with the
//! playhead in sync and an outcome badge each.
import type { RunReport } from "../bindings/RunReport";
import type { Strategy } from "../bindings/Strategy";
import { badgeOf } from "../model/compare";
import { buildTimeline, COMPACT_LAYOUT } from "../model/timeline";
import { clampIndex } from "../model/playhead";
import { KIND_TEXT, STRATEGY_TEXT } from "../model/values";
import { h } from "./dom";
import { glyphIcon } from "./glyphs";
import { drawTimeline } from "./timeline";
import { measurer } from "./measure";

export interface CompareHandlers {
  onPick(strategy: Strategy): void;
}

function badge(r: RunReport): HTMLElement {
  const b = badgeOf(r);
  const ok = b.anomalies.length === 0 && !b.deadlock;
  return h(
    "div",
    { class: `badge ${ok ? "good" : "bad"}`, "data-testid": "badge" },
    h("div", { class: "badge-final", title: "Final committed value" }, b.finals.join(" · ") || "—"),
    h(
      "div",
      { class: "badge-verdict" },
      ok ? glyphIcon("commit", 14) : glyphIcon("anomaly", 14),
      ok ? "no anomaly" : b.deadlock && b.anomalies.length === 0 ? "deadlock" : b.anomalies.join(", "),
      h("span", { class: `badge-serial ${b.serializable ? "yes" : "no"}` }, b.serializable ? " · serializable" : " · not serializable"),
    ),
    h("div", { class: "badge-costs" }, b.costText),
  );
}

export function drawCompare(reports: RunReport[], index: number, width: number, current: Strategy, on: CompareHandlers): HTMLElement {
  const timelineWidth = Math.max(320, width - 300);
  // Lane labels only as wide as the longest name needs: every pixel saved widens the step boxes.
  const bold = measurer(12.5, 700);
  const names = [...new Set(reports.flatMap((r) => r.users.map((u) => u.name))), "Database"];
  const labelWidth = Math.round(Math.min(COMPACT_LAYOUT.labelWidth, Math.max(56, ...names.map((n) => bold(n) + 18))));
  // One column width for every row, so the same step lines up across strategies.
  const most = Math.max(1, ...reports.map((r) => r.events.length));
  const col = Math.max(COMPACT_LAYOUT.minColumn, Math.min(COMPACT_LAYOUT.maxColumn, Math.floor((timelineWidth - labelWidth - 12) / most)));
  const layout = { ...COMPACT_LAYOUT, labelWidth, width: timelineWidth, minColumn: col, maxColumn: col };
  return h(
    "div",
    { class: "compare", "data-testid": "compare-view" },
    ...reports.map((r) => {
      const t = buildTimeline(r, layout);
      const svg = drawTimeline(t, { index: clampIndex(r, index), selected: null, compact: true, findingNames: r.findings.map((f) => KIND_TEXT[f.kind]), draggable: false }, {});
      return h(
        "section",
        { class: `compare-row${r.strategy === current ? " current" : ""}`, "data-testid": "compare-row", "data-strategy": r.strategy },
        h(
          "div",
          { class: "compare-side" },
          h("button", { type: "button", class: "compare-name", title: "Open this strategy's timeline", onclick: () => on.onPick(r.strategy) }, STRATEGY_TEXT[r.strategy]),
          badge(r),
        ),
        h("div", { class: "compare-timeline" }, svg),
      );
    }),
  );
}
