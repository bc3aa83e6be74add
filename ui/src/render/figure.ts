//! One frame of an exported figure, as SVG: the same timeline the screen draws
//! (drawTimeline over buildTimeline), at one step or for the whole run, either
//! alone or on a slide with the title, the step's caption, the finding once
//! its step is reached, and the legend. Laid out in FIGURE_BOX units (1280 ×
//! 720); the output size only scales it. Colours come from figure.css and the
//! page's theme; export.ts makes the result stand alone.
import type { RunReport } from "../bindings/RunReport";
import { FIGURE_BOX, reachedFindings, type FigureLayout } from "../model/figure";
import { playheadView } from "../model/playhead";
import { wrapText, type Measure } from "../model/text";
import { buildTimeline, FULL_LAYOUT } from "../model/timeline";
import { findingName, KIND_TEXT, STRATEGY_TEXT } from "../model/values";
import { s } from "./dom";
import { glyphIcon } from "./glyphs";
import { legendItems } from "./legend";
import { drawTimeline } from "./timeline";

/** Type sizes on the slide, in FIGURE_BOX units: legible from the back of a room at 720 p. */
const PX = { title: 32, meta: 17, step: 28, user: 18, caption: 23, kind: 22, body: 19, legend: 15 };
const PAD = 40;
/** The timeline is drawn at most this much larger than on screen, as presentation mode does. */
const MAX_ZOOM = 1.45;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Widths in the figure's font, for wrapping; the caller passes the page's measurer. */
export type MeasureAt = (sizePx: number, weight: number) => Measure;

/** The timeline at `at` (null: whole run, no playhead), scaled to fit `box`, centred. */
function fittedTimeline(report: RunReport, at: number | null, box: Box): SVGSVGElement {
  const height = buildTimeline(report, { ...FULL_LAYOUT, width: box.width }).height;
  let zoom = Math.min(MAX_ZOOM, box.height / height);
  let t = buildTimeline(report, { ...FULL_LAYOUT, width: box.width / zoom });
  // A long history is wider than the box even at its narrowest columns: fit its width.
  if (t.width * zoom > box.width) {
    zoom = box.width / t.width;
    t = buildTimeline(report, { ...FULL_LAYOUT, width: box.width / zoom });
  }
  const last = report.events.length - 1;
  const svg = drawTimeline(t, {
    index: at ?? last,
    selected: null,
    compact: false,
    findingNames: report.findings.map((f) => KIND_TEXT[f.kind]),
    draggable: false,
    playhead: at !== null,
  });
  const w = t.width * zoom;
  const h = t.height * zoom;
  svg.setAttribute("x", String(box.x + (box.width - w) / 2));
  svg.setAttribute("y", String(box.y + Math.max(0, (box.height - h) / 2)));
  svg.setAttribute("width", String(w));
  svg.setAttribute("height", String(h));
  svg.removeAttribute("role");
  return svg;
}

function text(cls: string, x: number, y: number, size: number, content: string, anchor = "start") {
  return s(
    "text",
    { class: cls, x, y, "font-size": size, "text-anchor": anchor === "start" ? null : anchor },
    content,
  );
}

/** A glyph icon placed at (x, y) as a nested picture. */
function placed(icon: SVGSVGElement, x: number, y: number): SVGSVGElement {
  icon.setAttribute("x", String(x));
  icon.setAttribute("y", String(y));
  icon.removeAttribute("aria-hidden");
  return icon;
}

/** The legend along the bottom, in as many rows as it needs; returns its top. */
function legend(parent: SVGElement, report: RunReport, measure: MeasureAt): number {
  const m = measure(PX.legend, 400);
  const items = legendItems({ deadlock: report.ending === "deadlock" });
  const rows: { width: number; parts: { icon: SVGSVGElement; label: string; w: number }[] }[] = [];
  const room = FIGURE_BOX.width - 2 * PAD;
  for (const i of items) {
    const iconW = Number(i.icon.getAttribute("width")) || 16;
    const w = iconW + 6 + m(i.text);
    const row = rows[rows.length - 1];
    if (row && row.width + 22 + w <= room) {
      row.width += 22 + w;
      row.parts.push({ icon: i.icon, label: i.text, w });
    } else rows.push({ width: w, parts: [{ icon: i.icon, label: i.text, w }] });
  }
  const rowH = 24;
  const top = FIGURE_BOX.height - 18 - rows.length * rowH;
  const g = s("g", { class: "figure-legend" });
  rows.forEach((row, r) => {
    let x = PAD;
    const base = top + r * rowH + 17;
    for (const p of row.parts) {
      const iconW = Number(p.icon.getAttribute("width")) || 16;
      const iconH = Number(p.icon.getAttribute("height")) || 16;
      g.append(placed(p.icon, x, base - 5 - iconH / 2));
      g.append(text("figure-legend-text", x + iconW + 6, base, PX.legend, p.label));
      x += p.w + 22;
    }
  });
  parent.append(g);
  return top;
}

/** Title and meta line; returns the baseline below which the caption goes. */
function heading(parent: SVGElement, report: RunReport, measure: MeasureAt): void {
  const meta = `${STRATEGY_TEXT[report.strategy]} · ${report.journal === "delete" ? "rollback journal" : "WAL"}`;
  const metaW = measure(PX.meta, 400)(meta);
  const titleRoom = FIGURE_BOX.width - 2 * PAD - metaW - 24;
  const [title] = wrapText(report.scenario, titleRoom, 1, measure(PX.title, 700));
  parent.append(text("figure-title", PAD, 62, PX.title, title ?? ""));
  parent.append(text("figure-meta", FIGURE_BOX.width - PAD, 62, PX.meta, meta, "end"));
}

/** "3/4  Alice  caption…", or for the whole run its verdict. Two lines at most. */
function caption(
  parent: SVGElement,
  report: RunReport,
  at: number | null,
  measure: MeasureAt,
): void {
  const v = at === null ? null : playheadView(report, at);
  const base = 122;
  let x = PAD;
  const step = v ? `${v.index + 1}/${v.total}` : `${report.events.length} steps`;
  parent.append(text("figure-step", x, base, PX.step, step));
  x += measure(PX.step, 700)(step) + 16;
  const who = v ? v.user : "Whole run";
  const whoW = measure(PX.user, 700)(who) + 20;
  parent.append(
    s("rect", { class: "figure-user-chip", x, y: base - 22, width: whoW, height: 30, rx: 15 }),
  );
  parent.append(text("figure-user", x + whoW / 2, base, PX.user, who, "middle"));
  x += whoW + 16;
  const lines = wrapText(
    v ? v.caption : report.verdict,
    FIGURE_BOX.width - PAD - x,
    2,
    measure(PX.caption, 400),
  );
  lines.forEach((line, i) => {
    parent.append(text("figure-caption", x, base + i * 29, PX.caption, line));
  });
}

/** The finding shown at this moment (the latest reached), or nothing yet: no spoilers. */
function finding(
  parent: SVGElement,
  report: RunReport,
  at: number | null,
  box: Box,
  measure: MeasureAt,
): void {
  const reached = reachedFindings(report, at);
  if (reached.length === 0) return;
  const k = at === null ? reached[0] : reached[reached.length - 1];
  const f = report.findings[k];
  const g = s("g", { class: "figure-finding", "data-kind": f.kind });
  g.append(
    s("rect", {
      class: "figure-finding-card",
      x: box.x,
      y: box.y,
      width: box.width,
      height: box.height,
      rx: 10,
    }),
  );
  g.append(placed(glyphIcon("anomaly", 24), box.x + 14, box.y + 12));
  const more = report.findings.length > 1 ? `  (${k + 1} of ${report.findings.length})` : "";
  g.append(text("figure-finding-kind", box.x + 46, box.y + 32, PX.kind, findingName(f) + more));
  const lines = wrapText(f.explanation, box.width - 32, 3, measure(PX.body, 400));
  lines.forEach((line, i) => {
    g.append(text("figure-explanation", box.x + 16, box.y + 62 + i * 25, PX.body, line));
  });
  parent.append(g);
}

/**
 * One frame, live (styles still come from the page): `at` is the step, or null
 * for the whole run with no playhead. Sized `width` × `height`, laid out in
 * FIGURE_BOX units for the slide; the timeline alone keeps its own units.
 */
export function drawFigure(
  report: RunReport,
  at: number | null,
  layout: FigureLayout,
  size: { width: number; height: number },
  measure: MeasureAt,
): SVGSVGElement {
  const { width: W, height: H } = FIGURE_BOX;
  const svg = s("svg", {
    class: `figure figure-${layout}`,
    width: size.width,
    height: size.height,
    viewBox: `0 0 ${W} ${H}`,
  });
  svg.append(s("rect", { class: "figure-bg", x: 0, y: 0, width: W, height: H }));
  if (layout === "timeline") {
    svg.append(fittedTimeline(report, at, { x: 24, y: 24, width: W - 48, height: H - 48 }));
    return svg;
  }
  heading(svg, report, measure);
  caption(svg, report, at, measure);
  const legendTop = legend(svg, report, measure);
  const findingBox = { x: PAD, y: legendTop - 14 - 132, width: W - 2 * PAD, height: 132 };
  finding(svg, report, at, findingBox, measure);
  const top = 172;
  svg.append(s("line", { class: "figure-rule", x1: PAD, y1: top - 12, x2: W - PAD, y2: top - 12 }));
  svg.append(
    fittedTimeline(report, at, {
      x: PAD - 8,
      y: top,
      width: W - 2 * PAD + 16,
      height: findingBox.y - 12 - top,
    }),
  );
  return svg;
}
