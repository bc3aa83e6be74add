//! Exported figures as standalone SVG text, frame by frame: each is drawn
//! live in an off-screen host (so the page's stylesheets and theme apply, as
//! on screen), made standalone by export.ts, and taken out again.
import type { RunReport } from "../bindings/RunReport";
import { framePlan, type FigureLayout, type FigureSize } from "../model/figure";
import { standaloneElement, svgDocument, FIGURE_FONT } from "./export";
import { drawFigure, type MeasureAt } from "./figure";
import { measurer } from "./measure";

/** What crates/figure takes: a standalone SVG and how long it stays. */
export interface FigureFrame {
  svg: string;
  hold_ms: number;
}

const inFigureFont: MeasureAt = (size, weight) => measurer(size, weight, false, `"${FIGURE_FONT}"`);

function host(): HTMLElement {
  let el = document.querySelector<HTMLElement>("body > .figure-host");
  if (!el) {
    el = document.createElement("div");
    el.className = "figure-host";
    el.setAttribute("aria-hidden", "true");
    document.body.append(el);
  }
  return el;
}

/** One frame's SVG text: `at` is a step, or null for the whole run with no playhead. */
export function figureSvg(
  report: RunReport,
  at: number | null,
  layout: FigureLayout,
  size: FigureSize,
  defs: SVGSVGElement | null,
  measure: MeasureAt = inFigureFont,
): string {
  const live = drawFigure(report, at, layout, size, measure);
  host().append(live);
  try {
    return svgDocument(standaloneElement(live, defs, null));
  } finally {
    live.remove();
  }
}

/** Every frame of the animation: one per step, then the whole run (see framePlan). */
export function figureFrames(
  report: RunReport,
  layout: FigureLayout,
  size: FigureSize,
  defs: SVGSVGElement | null,
  measure: MeasureAt = inFigureFont,
): FigureFrame[] {
  return framePlan(report).map((p) => ({
    svg: figureSvg(report, p.at, layout, size, defs, measure),
    hold_ms: p.holdMs,
  }));
}
