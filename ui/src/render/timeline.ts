//! Draws a Timeline view model as SVG. Decides nothing about the history: every
//! mark, bar and arrow is in the model; this file only turns them into shapes,
//! in the order they stack: lanes and the step axis (timeline-lanes.ts), lock
//! waits, the database's commits, the users' steps (timeline-steps.ts), the
//! reads-from and retry arcs (timeline-links.ts), then the lane labels on top.
import type { Timeline } from "../model/timeline";
import { s } from "./dom";
import {
  drawAxis,
  drawDbBox,
  drawDeadlockMark,
  drawLaneBackgrounds,
  drawLaneLabels,
} from "./timeline-lanes";
import { drawArrow, drawBar } from "./timeline-links";
import { drawBox } from "./timeline-steps";

export interface TimelineOptions {
  /** Playhead: 0-based event index. */
  index: number;
  selected: number | null;
  compact: boolean;
  /**
   * Presentation's type: the steps' words, the database's changes and the
   * lane's note a size larger (LABEL_PX_LARGE), so that at the presentation's
   * zoom they are 20 px on screen. Fitted to their boxes in that size.
   */
  large?: boolean;
  /** Findings' short names, for box tooltips. */
  findingNames: string[];
  /** Allow dragging steps to reorder turns. */
  draggable: boolean;
  /**
   * False draws the whole run with no playhead (a still of everything that
   * happened): no band, every step as past. Default true.
   */
  playhead?: boolean;
  /**
   * Steps not reached yet when the run is revealed as it happens (model/reveal.ts): drawn as
   * neutral placeholders, saying whose turn it is and nothing of what it did.
   */
  placeholders?: ReadonlySet<number>;
  /** Steps on a dependency cycle that has closed by the playhead (model/graph.ts): marked as such. */
  cycleSteps?: readonly number[];
}

export interface TimelineHandlers {
  onSelect?(seq: number | null): void;
  onHover?(seq: number | null, anchor: Element | null): void;
  onMove?(seq: number, delta: number): void;
}

/** When a step stands against the playhead: the classes its drawing takes. */
export type When = "past" | "now" | "future";

export function drawTimeline(
  t: Timeline,
  o: TimelineOptions,
  on: TimelineHandlers = {},
): SVGSVGElement {
  const svg = s("svg", {
    class: `timeline-svg${o.compact ? " compact" : o.large ? " large" : ""}`,
    width: t.width,
    height: t.height,
    viewBox: `0 0 ${t.width} ${t.height}`,
    role: "img",
  });
  const indexOf = new Map(t.columns.map((c, i) => [c.seq, i]));
  const whole = o.playhead === false;
  const when = (seq: number): When => {
    if (whole) return "past";
    const i = indexOf.get(seq) ?? 0;
    return i < o.index ? "past" : i === o.index ? "now" : "future";
  };

  // Lane backgrounds; their labels are drawn last, on top (see below).
  svg.append(...drawLaneBackgrounds(t));
  // The playhead column and the step numbers.
  svg.append(...drawAxis(t, o));

  for (const bar of t.bars) svg.append(drawBar(bar, when(bar.from), t.deadlock));
  for (const b of t.dbBoxes) svg.append(drawDbBox(b, o, when(b.seq)));
  for (const b of t.boxes) svg.append(drawBox(b, t, o, on, when(b.seq)));
  for (const a of t.arrows) svg.append(drawArrow(a, o, when(a.to)));

  svg.append(drawLaneLabels(t, o));

  const deadlock = drawDeadlockMark(t, o);
  if (deadlock) svg.append(deadlock);
  return svg;
}
