//! The legend: every mark the timeline can show, with its shape.
import { html, type TemplateResult } from "lit-html";
import { s } from "./dom";
import { glyphIcon } from "./glyphs";

function hatchSwatch(): SVGSVGElement {
  const svg = s("svg", {
    class: "icon",
    width: 22,
    height: 14,
    viewBox: "0 0 22 14",
    "aria-hidden": "true",
  });
  svg.append(
    s("rect", {
      class: "legend-hatch",
      x: 1,
      y: 2,
      width: 20,
      height: 10,
      rx: 2,
      fill: "url(#hatch)",
    }),
  );
  return svg;
}

function line(cls: string, dashed: boolean): SVGSVGElement {
  const svg = s("svg", {
    class: `icon ${cls}`,
    width: 24,
    height: 14,
    viewBox: "0 0 24 14",
    "aria-hidden": "true",
  });
  svg.append(
    s("path", { class: "arrow-path", d: "M 2 7 H 20", "stroke-dasharray": dashed ? "4 3" : null }),
  );
  svg.append(s("path", { class: "arrow-head", d: "M 17 3 L 23 7 L 17 11 Z" }));
  return svg;
}

export interface LegendItem {
  icon: SVGSVGElement;
  text: string;
  title: string;
}

/**
 * Every mark, its word and its longer meaning: the page's legend and the
 * slide's (see slide.ts) are drawn from this one list. `deadlock`: the run
 * ended in one, so its mark is explained too.
 */
export function legendItems(opts: { deadlock: boolean } = { deadlock: false }): LegendItem[] {
  const item = (icon: SVGSVGElement, text: string, title: string): LegendItem => ({
    icon,
    text,
    title,
  });
  const items = [
    item(
      glyphIcon("anomaly", 16),
      "anomaly",
      "A step involved in an anomaly; the larger triangle is where it shows",
    ),
    item(hatchSwatch(), "waits for a lock", "Blocked time: the user waits until the lock is free"),
    item(
      glyphIcon("busy", 16),
      "BUSY",
      "SQLite answered SQLITE_BUSY (5) or SQLITE_BUSY_SNAPSHOT (517)",
    ),
    item(
      glyphIcon("conflict", 16),
      "conflict",
      "Optimistic save changed 0 rows: someone saved first",
    ),
    item(
      glyphIcon("rolled_back", 16),
      "rolled back",
      "Ø: rolled back. Struck through and dashed: the step's changes never took effect (its transaction was rolled back, or its attempt abandoned). A ROLLBACK step itself is drawn normally.",
    ),
    item(line("legend-retry", true), "retry", "A step tried again, linked to what it retries"),
    item(line("legend-reads", false), "reads from", "From the write whose value a read observed"),
    item(glyphIcon("commit", 16), "committed", "Database lane: changes made visible to others"),
    item(
      glyphIcon("stale", 16),
      "stale",
      "A local value someone has since changed in the database",
    ),
  ];
  if (opts.deadlock)
    items.push(
      item(
        glyphIcon("deadlock", 16),
        "deadlock",
        "The run ended with each user waiting for a lock the other holds; their waits run to this mark",
      ),
    );
  return items;
}

/** The page's legend, one list per kind of run, built once: lit keeps the same icon nodes in place. */
const legends = new Map<boolean, LegendItem[]>();

/** `deadlock`: the run on screen ended in one, so its mark is explained too. */
export function legendTemplate(opts: { deadlock: boolean } = { deadlock: false }): TemplateResult {
  let items = legends.get(opts.deadlock);
  if (!items) {
    items = legendItems(opts);
    legends.set(opts.deadlock, items);
  }
  return html`<ul class="legend" aria-label="Legend">
    ${items.map((i) => html`<li title=${i.title}>${i.icon}<span>${i.text}</span></li>`)}
  </ul>`;
}
