//! The explorer grid: every interleaving × every strategy, one verdict each.
import type { ExploreReport } from "../bindings/ExploreReport";
import type { Progress } from "../bindings/Progress";
import type { Strategy } from "../bindings/Strategy";
import type { Cell } from "../bindings/Cell";
import { KIND_TEXT, STRATEGY_TEXT } from "../model/values";
import { h } from "./dom";
import { glyphIcon } from "./glyphs";

export interface ExploreHandlers {
  onOpen(strategy: Strategy, schedule: string[]): void;
  onCancel(): void;
}

function verdict(c: Cell): { cls: string; text: string; icon: SVGSVGElement } {
  if (c.deadlock) return { cls: "deadlock", text: "deadlock", icon: glyphIcon("busy", 14) };
  if (c.error) return { cls: "error", text: "error", icon: glyphIcon("error", 14) };
  if (c.kinds.length > 0) return { cls: "anomaly", text: c.kinds.map((k) => KIND_TEXT[k]).join(", "), icon: glyphIcon("anomaly", 14) };
  if (!c.serializable) return { cls: "anomaly", text: "not serializable", icon: glyphIcon("anomaly", 14) };
  return { cls: "correct", text: "correct", icon: glyphIcon("commit", 14) };
}

export function drawExplore(report: ExploreReport | null, progress: Progress | null, on: ExploreHandlers): HTMLElement {
  if (!report) {
    const done = progress?.done ?? 0;
    const total = progress?.total ?? 0;
    return h(
      "div",
      { class: "explore", "data-testid": "explore-view" },
      h("p", null, "Running every interleaving on a fresh database, under each strategy…"),
      h("progress", { max: Math.max(1, total), value: done }),
      h("span", { class: "muted" }, total ? ` ${done} of ${total} runs` : " starting"),
      h("button", { type: "button", class: "plain-btn", onclick: () => on.onCancel() }, "Cancel"),
    );
  }
  const names = report.schedules.map((sch) => sch.map((u) => report.users[u] ?? `#${u}`));
  const summary = report.strategies.map((st) => {
    const bad = Object.entries(st.outcomes).filter(([k, n]) => k !== "correct" && n > 0);
    return h(
      "th",
      { scope: "col" },
      h("div", null, STRATEGY_TEXT[st.strategy]),
      h("div", { class: "explore-count" }, bad.length === 0 ? `correct in all ${st.runs}` : bad.map(([k, n]) => `${KIND_TEXT[k as keyof typeof KIND_TEXT] ?? k.replace(/_/g, " ")} in ${n} of ${st.runs}`).join("; ")),
    );
  });
  return h(
    "div",
    { class: "explore", "data-testid": "explore-view" },
    h("h2", { class: "explore-title" }, `${report.scenario}: every interleaving under every strategy`),
    h("p", { class: "muted explore-hint" }, `${report.schedules.length} schedules, each on a fresh database (${report.journal === "delete" ? "rollback journal" : "WAL"}). Click a cell to open its timeline.`),
    h(
      "table",
      { class: "explore-grid" },
      h("thead", null, h("tr", null, h("th", { scope: "col" }, `${report.schedules.length} interleavings`), ...summary)),
      h(
        "tbody",
        null,
        ...names.map((sch, i) =>
          h(
            "tr",
            null,
            h("th", { scope: "row", class: "schedule" }, sch.join(" · ")),
            ...report.strategies.map((st) => {
              const c = st.cells[i];
              if (!c) return h("td", null, "—");
              const v = verdict(c);
              return h("td", null, h("button", { type: "button", class: `cell ${v.cls}`, "data-testid": "explore-cell", title: "Open this timeline", onclick: () => on.onOpen(st.strategy, sch) }, v.icon, v.text));
            }),
          ),
        ),
      ),
    ),
  );
}
