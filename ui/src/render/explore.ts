//! The explorer's answer: a column per strategy (its headline, a stacked bar
//! and its counts of executions), and in each one row per behaviour class:
//! its verdict mark, a sentence from the class's fields, Open (its
//! representative in the timeline) and its schedules to expand. Every control
//! is a real button. Before the answer, see explore-status.ts.
import type { ExploreReport } from "../bindings/ExploreReport";
import type { Strategy } from "../bindings/Strategy";
import {
  methodView,
  scheduleMarks,
  strategyColumn,
  VERDICT_HINT,
  VERDICT_TEXT,
  verdictsPresent,
  visibleRows,
  type ClassRow,
  type OnScreen,
  type StrategyColumn,
} from "../model/explore";
import {
  classCount,
  classDetail,
  classSentence,
  classTitle,
  columnSizeText,
  count,
  headlineText,
  methodText,
  moreText,
} from "../model/explore-text";
import { STRATEGY_TEXT } from "../model/values";
import { h, s } from "./dom";
import { verdictIcon } from "./explore-marks";
import { journalText } from "./explore-status";

export interface ExploreHandlers {
  onOpen(strategy: Strategy, schedule: string[]): void;
}

export interface ExploreOptions {
  /** The timeline on screen, whose class is marked. */
  onScreen: OnScreen | null;
  /**
   * What the learner expanded: class ids ("strategy/index") and, as
   * "strategy/*", columns showing every class. Kept by the page across
   * redraws; the renderer adds and removes ids as buttons are pressed.
   */
  expanded: Set<string>;
}

/** The method's words open the header's sentence. */
function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function stackedBar(col: StrategyColumn): SVGSVGElement {
  // Drawn in a 100-wide box and stretched: the column's width is the CSS grid's.
  const svg = s("svg", {
    class: "explore-bar",
    viewBox: "0 0 100 8",
    preserveAspectRatio: "none",
    "aria-hidden": "true",
  });
  let x = 0;
  for (const sh of col.shares) {
    const w = (100 * sh.count) / Math.max(1, col.executions);
    svg.append(
      s(
        "rect",
        { class: `xv-${sh.verdict} bar-seg`, x, y: 0, width: Math.max(w, 0.5), height: 8 },
        s("title", null, `${VERDICT_TEXT[sh.verdict]}: ${sh.count}`),
      ),
    );
    x += w;
  }
  return svg;
}

function columnHead(col: StrategyColumn): HTMLElement {
  const good = col.correct === col.executions;
  return h(
    "div",
    { class: "explore-col-head" },
    h("h3", { class: "explore-col-name" }, STRATEGY_TEXT[col.strategy]),
    h(
      "div",
      { class: `explore-headline${good ? " good" : " bad"}`, "data-testid": "explore-headline" },
      headlineText(col),
    ),
    stackedBar(col),
    h(
      "ul",
      { class: "explore-counts", "aria-label": "Executions by verdict" },
      ...col.shares.map((sh) =>
        h(
          "li",
          {
            class: "explore-count",
            "data-testid": "explore-count",
            "data-verdict": sh.verdict,
            "data-count": sh.count,
          },
          verdictIcon(sh.verdict, 14),
          h("span", { class: "explore-count-name" }, VERDICT_TEXT[sh.verdict]),
          h("span", { class: "explore-count-n" }, count(sh.count)),
        ),
      ),
    ),
    h(
      "div",
      {
        class: "muted explore-size",
        "data-testid": "explore-executions",
        "data-executions": col.executions,
      },
      columnSizeText(col),
    ),
  );
}

function classItem(
  row: ClassRow,
  users: string[],
  opts: ExploreOptions,
  on: ExploreHandlers,
): HTMLElement {
  const listId = `xclass-${row.id.replace(/[^a-z0-9]/gi, "-")}`;
  const open = opts.expanded.has(row.id);
  const list = h(
    "ol",
    { class: "xclass-schedules", id: listId, hidden: !open },
    ...row.schedules.map((sch) =>
      h(
        "li",
        null,
        h(
          "button",
          {
            type: "button",
            class: "schedule-btn",
            "data-testid": "explore-schedule",
            "data-schedule": JSON.stringify(sch),
            title: sch.join(" · "),
            "aria-label": `Open ${sch.join(", ")}`,
            onclick: () => on.onOpen(row.strategy, sch),
          },
          h("span", { class: "schedule-marks" }, scheduleMarks(sch, users)),
        ),
      ),
    ),
    row.more > 0 ? h("li", { class: "muted xclass-more" }, moreText(row)) : null,
  );
  const expand = h(
    "button",
    {
      type: "button",
      class: "link-btn",
      "data-testid": "explore-expand",
      "aria-expanded": String(open),
      "aria-controls": listId,
      onclick: () => {
        const now = list.hidden;
        list.hidden = !now;
        expand.setAttribute("aria-expanded", String(now));
        if (now) opts.expanded.add(row.id);
        else opts.expanded.delete(row.id);
      },
    },
    `Schedules (${count(row.count)})`,
  );
  return h(
    "li",
    {
      class: `xclass xv-${row.verdict}${row.current ? " current" : ""}`,
      "data-testid": "explore-class",
      "data-strategy": row.strategy,
      "data-verdict": row.verdict,
      "data-count": row.count,
      "aria-label": classSentence(row),
    },
    h(
      "div",
      { class: "xclass-head" },
      verdictIcon(row.verdict, 18),
      h("span", { class: "xclass-title" }, classTitle(row)),
    ),
    h(
      "div",
      { class: "xclass-detail" },
      h("span", { class: "xclass-count", "data-testid": "explore-class-count" }, classCount(row)),
      ` · ${classDetail(row)}`,
    ),
    h(
      "div",
      { class: "xclass-actions" },
      h(
        "button",
        {
          type: "button",
          class: "plain-btn xclass-open",
          "data-testid": "explore-open",
          "data-schedule": JSON.stringify(row.representative),
          title: row.representative.join(" · "),
          onclick: () => on.onOpen(row.strategy, row.representative),
        },
        "Open",
      ),
      expand,
      row.current ? h("span", { class: "xclass-here" }, "on screen") : null,
    ),
    list,
  );
}

function column(
  col: StrategyColumn,
  users: string[],
  opts: ExploreOptions,
  on: ExploreHandlers,
  redraw: () => void,
): HTMLElement {
  const allKey = `${col.strategy}/*`;
  const { rows, hidden } = visibleRows(col, opts.expanded.has(allKey));
  return h(
    "section",
    { class: "explore-col", "data-testid": "explore-column", "data-strategy": col.strategy },
    columnHead(col),
    h(
      "ul",
      { class: "xclasses", "aria-label": `${STRATEGY_TEXT[col.strategy]}: behaviour classes` },
      ...rows.map((r) => classItem(r, users, opts, on)),
    ),
    hidden.classes > 0
      ? h(
          "button",
          {
            type: "button",
            class: "link-btn xclass-rest",
            "data-testid": "explore-more-classes",
            onclick: () => {
              opts.expanded.add(allKey);
              redraw();
            },
          },
          `Show ${hidden.classes} more classes (${count(hidden.executions)} executions)`,
        )
      : null,
  );
}

export function drawExplore(
  report: ExploreReport,
  opts: ExploreOptions,
  on: ExploreHandlers,
): HTMLElement {
  const columns = report.strategies.map((st) => strategyColumn(report, st, opts.onScreen));
  const legend = h(
    "ul",
    { class: "explore-legend", "aria-label": "Legend" },
    ...verdictsPresent(report).map((v) =>
      h("li", { title: VERDICT_HINT[v] ?? null }, verdictIcon(v), VERDICT_TEXT[v]),
    ),
  );
  const grid = h("div", { class: "explore-grid" });
  const drawColumns = () =>
    grid.replaceChildren(...columns.map((c) => column(c, report.users, opts, on, drawColumns)));
  drawColumns();
  grid.style.gridTemplateColumns = `repeat(${columns.length}, minmax(190px, 1fr))`;
  const n = report.strategies.length;
  return h(
    "div",
    { class: "explore", "data-testid": "explore-view", "data-state": "done" },
    h(
      "div",
      { class: "explore-top" },
      h(
        "div",
        null,
        h(
          "h2",
          { class: "explore-title", "data-journal": report.journal },
          `${report.scenario}: ${n > 1 ? "every strategy" : STRATEGY_TEXT[report.strategies[0]?.strategy ?? "as_written"]} · ${journalText(report.journal)}`,
        ),
        h(
          "p",
          {
            class: "muted explore-hint",
            "data-testid": "explore-method",
            "data-method": report.method.kind,
          },
          capitalised(methodText(methodView(report))),
          `. Each ran on a fresh database; the steps of ${report.users.join(", ")} interleave ${count(report.interleavings)} ways, and waits and retries add turns.`,
        ),
      ),
      legend,
    ),
    h("div", { class: "explore-table" }, grid),
  );
}
