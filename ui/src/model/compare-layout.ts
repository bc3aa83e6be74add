//! How big the compare view draws its rows. Every row shares one column
//! width, so the same step lines up across strategies; boxes hold two lines,
//! so a label wraps at a space instead of being cut ("write balan…").
//! Presentation enlarges the rows as the single view does: drawn for a
//! narrower width and scaled up, as far as the window's height lets every
//! row show at once (a room cannot scroll).
import type { RunReport } from "../bindings/RunReport";
import { buildTimeline, COMPACT_LAYOUT, type Layout } from "./timeline";

/** Two lines of 11 px labels to a box (render/timeline-steps.ts fits lines to the box's height). */
export const COMPARE_LAYOUT: Layout = {
  ...COMPACT_LAYOUT,
  laneHeight: 34,
  boxHeight: 28,
  arcSpace: 3,
  dbLaneHeight: 26,
  // Narrower, and a label such as "balance + 50" no longer fits a line.
  minColumn: 100,
};

/**
 * Presentation's rows: lanes no taller than two lines need, and little room
 * for retry arcs, since the height is what limits how large the rows can be
 * drawn (five strategies, each two users and the database, in 720 px).
 */
export const PRESENT_COMPARE_LAYOUT: Layout = {
  ...COMPARE_LAYOUT,
  laneHeight: 30,
  arcSpace: 1.5,
};

/** How much larger presentation draws the rows, at most (the single view's own limit). */
export const PRESENT_MAX_ZOOM = 1.45;

export interface CompareFrame {
  /** Width of the view, px. */
  width: number;
  /** Height the view may take, px; presentation fits every row into it. */
  height: number;
  presenting: boolean;
  /** Width of the lane names' column, in layout units (measured in the page's font). */
  labelWidth: number;
  /**
   * Each row's side column (name, values, outcome, costs) at presentation's sizes, px,
   * measured in the page's font; a row is never shorter. Default: PRESENT_SIDE_HEIGHT.
   */
  sideHeights?: number[];
}

export interface CompareFit {
  /** Screen px per layout unit. */
  zoom: number;
  /** The layout each row is built with (one column width for all). */
  layout: Layout;
  /** Width of the name-and-badge column, px. */
  sideWidth: number;
}

/** The name and badge column in presentation, px: its 20 px type needs more than the normal 250. */
export const PRESENT_SIDE_WIDTH = 340;
const SIDE = { normal: 250, presenting: PRESENT_SIDE_WIDTH };
/** A row's padding, border and the gap to the next, px (styles: .compare-row, .compare; present.css). */
const ROW_CHROME = { normal: 16, presenting: 12 };
/** Between the side column and the timeline, and the row's own side padding, px. */
const ROW_INSET = 10 + 22;
/** The side column's three lines at presentation's sizes (present.css), px: a row is never shorter. */
export const PRESENT_SIDE_HEIGHT = 80;
/** Line heights of the side column in presentation (present.css: 22 px and 20 px type at 1.2). */
export const PRESENT_SIDE_LINES = { name: 26.4, line: 24 };

/** How tall a row's side column is in presentation, from how many lines its parts take. */
export function presentSideHeight(values: number, verdictLines: number): number {
  return (
    PRESENT_SIDE_LINES.name +
    PRESENT_SIDE_LINES.line * (Math.max(0, values - 1) + Math.max(1, verdictLines) + 1)
  );
}

export function fitCompare(reports: RunReport[], frame: CompareFrame): CompareFit {
  const sideWidth = frame.presenting ? SIDE.presenting : SIDE.normal;
  const timelinePx = Math.max(320, frame.width - sideWidth - ROW_INSET);
  const most = Math.max(1, ...reports.map((r) => r.events.length));
  // A deadlocked run needs room after its last column for the mark (see buildTimeline).
  const tail = reports.some((r) => r.ending === "deadlock") ? COMPARE_LAYOUT.deadlockRoom : 12;
  const base = {
    ...(frame.presenting ? PRESENT_COMPARE_LAYOUT : COMPARE_LAYOUT),
    labelWidth: frame.labelWidth,
  };
  let zoom = 1;
  if (frame.presenting && reports.length > 0) {
    const heights = reports.map((r) => buildTimeline(r, base).height);
    const byWidth = timelinePx / (frame.labelWidth + most * COMPARE_LAYOUT.minColumn + tail);
    // Rows whose timeline is shorter than the side column keep the side's height.
    const side = (i: number) => frame.sideHeights?.[i] ?? PRESENT_SIDE_HEIGHT;
    const fits = (z: number) =>
      heights.reduce((a, h, i) => a + Math.max(h * z, side(i)) + ROW_CHROME.presenting, 0) <=
      frame.height;
    let byHeight = PRESENT_MAX_ZOOM;
    while (byHeight > 1 && !fits(byHeight)) byHeight = Math.round((byHeight - 0.01) * 100) / 100;
    zoom = Math.max(1, Math.min(PRESENT_MAX_ZOOM, byWidth, byHeight));
  }
  const width = timelinePx / zoom;
  const col = Math.max(
    COMPARE_LAYOUT.minColumn,
    Math.min(COMPARE_LAYOUT.maxColumn, Math.floor((width - frame.labelWidth - tail) / most)),
  );
  return {
    zoom,
    sideWidth,
    layout: { ...base, width, minColumn: col, maxColumn: col },
  };
}
