//! The explorer: every interleaving × every strategy, one verdict per cell,
//! coloured and shaped, with each strategy's counts above its column.
//!
//! The grid is ONE SVG with one delegated listener: a 6 + 6-step scenario has
//! 924 schedules × 5 strategies, and thousands of wired DOM nodes would make
//! every redraw slow. Hit-testing uses the model's geometry (`cellAt`).
import type { ExploreReport } from "../bindings/ExploreReport";
import type { Progress } from "../bindings/Progress";
import type { Strategy } from "../bindings/Strategy";
import type { Journal } from "../bindings/Journal";
import {
  cellAt,
  cellText,
  gridLayout,
  KIND_CODE,
  scheduleNames,
  scheduleText,
  strategyColumn,
  VERDICT_HINT,
  VERDICT_TEXT,
  verdictOf,
  verdictShape,
  verdictsPresent,
  type GridLayout,
  type StrategyColumn,
  type Verdict,
} from "../model/explore";
import { ellipsize } from "../model/text";
import { STRATEGY_TEXT } from "../model/values";
import { h, s } from "./dom";
import { measurer } from "./measure";

export interface ExploreHandlers {
  onOpen(strategy: Strategy, schedule: string[]): void;
  onCancel(): void;
}

export interface ExploreOptions {
  /** Width available for the grid, px. */
  width: number;
  /** The row of the schedule on screen in the timeline, marked in the grid. */
  current: number | null;
  /** The journal explored (or being explored), said in the title. */
  journal: Journal;
}

function journalText(j: Journal): string {
  return j === "delete" ? "rollback journal" : "WAL";
}

// Must match .explore-label in panels.css.
const LABEL_PX = 12.5;

export function drawExploreProgress(
  progress: Progress | null,
  journal: Journal,
  on: ExploreHandlers,
): HTMLElement {
  const done = progress?.done ?? 0;
  const total = progress?.total ?? 0;
  const pct = total > 0 ? Math.round((100 * done) / total) : 0;
  return h(
    "div",
    { class: "explore explore-running", "data-testid": "explore-view", "data-state": "running" },
    h("h2", { class: "explore-title" }, `Exploring every interleaving · ${journalText(journal)}…`),
    h(
      "p",
      { class: "muted explore-hint" },
      "Each schedule runs on a fresh SQLite database, under each strategy.",
    ),
    h(
      "div",
      { class: "explore-progress-row" },
      h("progress", {
        class: "explore-progress",
        "data-testid": "explore-progress",
        max: Math.max(1, total),
        value: done,
        "aria-label": "Exploration progress",
      }),
      h(
        "span",
        { class: "explore-progress-text" },
        total ? `${done} of ${total} runs · ${pct}%` : "starting…",
      ),
      h(
        "button",
        {
          type: "button",
          class: "plain-btn",
          "data-testid": "explore-cancel",
          onclick: () => on.onCancel(),
        },
        "Cancel",
      ),
    ),
  );
}

/** The shape of a verdict, centred on (x, y), `r` its half size; colour comes from CSS (currentColor). */
export function verdictMark(v: Verdict, x: number, y: number, r: number): SVGGElement {
  const g = s("g", { class: "vmark", transform: `translate(${x} ${y})` });
  switch (verdictShape(v)) {
    case "check":
      g.append(
        s("path", {
          class: "vm-line",
          d: `M ${-r * 0.7} 0 L ${-r * 0.15} ${r * 0.55} L ${r * 0.75} ${-r * 0.6}`,
        }),
      );
      break;
    case "triangle":
      g.append(
        s("path", {
          class: "vm-fill",
          d: `M 0 ${-r * 1.1} L ${r * 1.25} ${r * 0.9} L ${-r * 1.25} ${r * 0.9} Z`,
        }),
      );
      g.append(
        s(
          "text",
          { class: "vm-text", x: 0, y: r * 0.62, "font-size": r * 0.95, "text-anchor": "middle" },
          KIND_CODE[v as keyof typeof KIND_CODE] ?? "!",
        ),
      );
      break;
    case "flag":
      // A flag on its pole: the strategy gave up.
      g.append(s("path", { class: "vm-line", d: `M ${-r * 0.6} ${-r} V ${r}` }));
      g.append(
        s("path", {
          class: "vm-fill",
          d: `M ${-r * 0.6} ${-r} L ${r * 0.85} ${-r * 0.5} L ${-r * 0.6} 0 Z`,
        }),
      );
      break;
    case "square":
      g.append(
        s("rect", {
          class: "vm-line",
          x: -r * 0.8,
          y: -r * 0.8,
          width: r * 1.6,
          height: r * 1.6,
          rx: 1.5,
        }),
      );
      g.append(
        s(
          "text",
          { class: "vm-ink", x: 0, y: r * 0.45, "font-size": r * 1.2, "text-anchor": "middle" },
          "!",
        ),
      );
      break;
    case "cross":
      g.append(s("circle", { class: "vm-fill", r }));
      g.append(
        s("path", {
          class: "vm-x",
          d: `M ${-r * 0.42} ${-r * 0.42} L ${r * 0.42} ${r * 0.42} M ${r * 0.42} ${-r * 0.42} L ${-r * 0.42} ${r * 0.42}`,
        }),
      );
      break;
    case "octagon": {
      const a = r * 0.414;
      g.append(
        s("path", {
          class: "vm-fill",
          d: `M ${-a} ${-r} H ${a} L ${r} ${-a} V ${a} L ${a} ${r} H ${-a} L ${-r} ${a} V ${-a} Z`,
        }),
      );
      g.append(
        s("rect", {
          class: "vm-bar",
          x: -r * 0.55,
          y: -r * 0.16,
          width: r * 1.1,
          height: r * 0.32,
        }),
      );
      break;
    }
  }
  return g;
}

function verdictIcon(v: Verdict, size = 16): SVGSVGElement {
  const svg = s("svg", {
    class: `icon xv-${v}`,
    width: size,
    height: size,
    viewBox: `0 0 ${size} ${size}`,
    "aria-hidden": "true",
  });
  svg.append(
    verdictMark(v, size / 2, size / 2 + (verdictShape(v) === "triangle" ? 1 : 0), size * 0.42),
  );
  return svg;
}

function stackedBar(col: StrategyColumn, width: number): SVGSVGElement {
  const svg = s("svg", {
    class: "explore-bar",
    width,
    height: 8,
    viewBox: `0 0 ${width} 8`,
    "aria-hidden": "true",
  });
  let x = 0;
  for (const sh of col.shares) {
    const w = (width * sh.count) / Math.max(1, col.summary.runs);
    svg.append(
      s(
        "rect",
        { class: `xv-${sh.verdict} bar-seg`, x, y: 0, width: Math.max(w, 1), height: 8 },
        s("title", null, `${VERDICT_TEXT[sh.verdict]}: ${sh.count}`),
      ),
    );
    x += w;
  }
  return svg;
}

function columnHead(col: StrategyColumn, colWidth: number): HTMLElement {
  const bad = col.correct !== col.summary.runs;
  return h(
    "div",
    {
      class: "explore-col",
      "data-testid": "explore-column",
      "data-strategy": col.summary.strategy,
    },
    h("div", { class: "explore-col-name" }, STRATEGY_TEXT[col.summary.strategy]),
    h("div", { class: `explore-headline${bad ? " bad" : " good"}` }, col.headline),
    stackedBar(col, colWidth - 14),
    ...col.lines.map((l) => h("div", { class: "explore-count" }, l)),
  );
}

/** The grid's SVG: stripes, row labels, one shape per cell, a hover outline. */
function drawGrid(
  report: ExploreReport,
  l: GridLayout,
  opts: ExploreOptions,
  labels: string[],
): { svg: SVGSVGElement; hover: SVGRectElement } {
  const svg = s("svg", {
    class: `explore-svg${l.showText ? "" : " dense"}`,
    width: l.width,
    height: l.height,
    viewBox: `0 0 ${l.width} ${l.height}`,
    role: "grid",
    "aria-label": "Outcome of every schedule under every strategy",
  });
  // Stripes as one patterned rect, not a rect per row.
  const stripe = s("pattern", {
    id: "explore-stripes",
    width: 8,
    height: l.rowHeight * 2,
    patternUnits: "userSpaceOnUse",
  });
  stripe.append(
    s("rect", { class: "stripe-odd", x: 0, y: l.rowHeight, width: 8, height: l.rowHeight }),
  );
  const defs = s("defs", null, stripe);
  svg.append(defs);
  svg.append(
    s("rect", {
      class: "stripes",
      x: 0,
      y: 0,
      width: l.width,
      height: l.height,
      fill: "url(#explore-stripes)",
    }),
  );
  const pad = 2;
  const cw = l.colWidth - pad * 2;
  const ch = l.rowHeight - pad * 2;
  const r = l.showText ? 8 : 5.5;
  // In dense grids every cell of a verdict looks the same: draw it once, <use> it many times.
  if (!l.showText) {
    for (const v of verdictsPresent(report)) {
      const sym = s("symbol", {
        id: `xcell-${v}`,
        width: cw,
        height: ch,
        viewBox: `0 0 ${cw} ${ch}`,
      });
      sym.append(
        s("rect", { class: "xcell-bg", x: 0, y: 0, width: cw, height: ch, rx: 3 }),
        verdictMark(v, 10, ch / 2, r),
      );
      defs.append(sym);
    }
  }
  const labelG = s("g", { class: "explore-labels" });
  labels.forEach((text, i) => {
    const y = i * l.rowHeight + l.rowHeight / 2;
    if (!l.showText)
      labelG.append(
        s(
          "text",
          {
            class: "explore-rownum",
            x: 30,
            y,
            "text-anchor": "end",
            "dominant-baseline": "central",
          },
          String(i + 1),
        ),
      );
    labelG.append(
      s(
        "text",
        { class: "explore-label", x: l.showText ? 10 : 38, y, "dominant-baseline": "central" },
        (i === opts.current ? "▸ " : "") + text,
      ),
    );
  });
  svg.append(labelG);
  report.strategies.forEach((st, col) => {
    const x = l.labelWidth + col * l.colWidth + pad;
    st.cells.forEach((c, row) => {
      const v = verdictOf(c);
      const y = row * l.rowHeight + pad;
      const hook = {
        "data-testid": "explore-cell",
        "data-strategy": st.strategy,
        "data-schedule": row,
        "data-verdict": v,
      };
      if (!l.showText) {
        svg.append(
          s("use", {
            href: `#xcell-${v}`,
            class: `xcell xv-${v}`,
            x,
            y,
            width: cw,
            height: ch,
            ...hook,
          }),
        );
        return;
      }
      const g = s("g", { class: `xcell xv-${v}`, ...hook });
      const more = c.kinds.length > 1 ? ` +${c.kinds.length - 1}` : "";
      const text = ellipsize(VERDICT_TEXT[v] + more, cw - 34, measurer(LABEL_PX, 600));
      g.append(
        s("rect", { class: "xcell-bg", x, y, width: cw, height: ch, rx: 4 }),
        verdictMark(v, x + 14, y + ch / 2 + (verdictShape(v) === "triangle" ? 1 : 0), r),
        s(
          "text",
          { class: "xcell-text", x: x + 28, y: y + ch / 2, "dominant-baseline": "central" },
          text,
        ),
      );
      svg.append(g);
    });
  });
  // Over the cells, as an outline: a tint under them would look like a verdict's colour.
  if (opts.current !== null) {
    svg.append(
      s("rect", {
        class: "current-row",
        x: 1,
        y: opts.current * l.rowHeight + 1,
        width: l.width - 2,
        height: l.rowHeight - 2,
        rx: 4,
      }),
    );
  }
  const hover = s("rect", {
    class: "hover-cell",
    x: 0,
    y: 0,
    width: l.colWidth - 2,
    height: l.rowHeight - 2,
    rx: 4,
    visibility: "hidden",
  });
  svg.append(hover);
  return { svg, hover };
}

export function drawExplore(
  report: ExploreReport | null,
  progress: Progress | null,
  opts: ExploreOptions,
  on: ExploreHandlers,
): HTMLElement {
  if (!report) return drawExploreProgress(progress, opts.journal, on);
  const n = report.schedules.length;
  const columns = report.strategies.map(strategyColumn);
  const dense = n > 40;
  // Row labels: names when they fit, else one mark per turn grouped by runs.
  const measure = measurer(LABEL_PX, 500);
  const named = report.schedules.map((sch) => scheduleText(sch, report.users, "names"));
  const useNames = !dense && Math.max(...named.map(measure)) <= 280;
  const labels = useNames
    ? named
    : report.schedules.map((sch) => scheduleText(sch, report.users, "marks"));
  // Dense labels are monospaced with a little letter spacing (see .dense .explore-label).
  const mono = measurer(12, 500, true);
  const labelPx = (t: string) => (dense ? mono(t) + t.length * 0.25 : measure(t));
  const labelWidth = Math.ceil(
    Math.min(320, Math.max(130, Math.max(...labels.map(labelPx)) + (dense ? 52 : 24))),
  );
  const l = gridLayout(
    n,
    report.strategies.length,
    Math.min(opts.width, labelWidth + report.strategies.length * 200),
    labelWidth,
  );

  const { svg: grid, hover } = drawGrid(report, l, opts, labels);
  const status = h(
    "div",
    { class: "explore-status", "aria-live": "polite" },
    "Point at a cell to see its schedule; click it to open that timeline.",
  );
  const at = (ev: MouseEvent) => {
    const box = grid.getBoundingClientRect();
    return cellAt(l, ev.clientX - box.left, ev.clientY - box.top);
  };
  grid.addEventListener("pointermove", (ev) => {
    const hit = at(ev);
    if (!hit) {
      hover.setAttribute("visibility", "hidden");
      return;
    }
    hover.setAttribute("x", String(l.labelWidth + hit.col * l.colWidth + 1));
    hover.setAttribute("y", String(hit.row * l.rowHeight + 1));
    hover.setAttribute("visibility", "visible");
    const st = report.strategies[hit.col];
    const c = st.cells[hit.row];
    status.textContent = `Schedule ${hit.row + 1} of ${n}: ${named[hit.row]}. ${STRATEGY_TEXT[st.strategy]}: ${c ? cellText(c) : "not run"}. Click to open.`;
  });
  grid.addEventListener("pointerleave", () => hover.setAttribute("visibility", "hidden"));
  grid.addEventListener("click", (ev) => {
    const hit = at(ev);
    if (hit) on.onOpen(report.strategies[hit.col].strategy, scheduleNames(report, hit.row));
  });

  const head = h(
    "div",
    { class: "explore-columns" },
    h(
      "div",
      { class: "explore-corner" },
      h("div", { class: "explore-col-name" }, `${n} interleavings`),
      h("div", { class: "muted" }, `of ${report.users.join(", ")}`),
    ),
    ...columns.map((c) => columnHead(c, l.colWidth)),
  );
  head.style.gridTemplateColumns = `${l.labelWidth}px repeat(${columns.length}, ${l.colWidth}px)`;
  const legend = h(
    "ul",
    { class: "explore-legend", "aria-label": "Legend" },
    ...verdictsPresent(report).map((v) =>
      h("li", { title: VERDICT_HINT[v] ?? null }, verdictIcon(v), VERDICT_TEXT[v]),
    ),
  );
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
          `${report.scenario}: every interleaving${report.strategies.length > 1 ? " under every strategy" : ""} · ${journalText(report.journal)}`,
        ),
        h(
          "p",
          { class: "muted explore-hint" },
          `${n} schedules × ${report.strategies.length} ${report.strategies.length === 1 ? "strategy" : "strategies"}, each on a fresh database in ${report.journal === "delete" ? "rollback-journal" : "WAL"} mode. Switch the journal in the header to rerun.`,
        ),
      ),
      legend,
    ),
    status,
    h("div", { class: "explore-table" }, head, grid),
  );
}
