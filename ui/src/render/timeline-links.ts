//! What joins steps on the timeline: reads-from and retry arcs (with the
//! item read on a plate), and the hatched bar of a wait for a lock.
import type { Arrow, BlockedBar } from "../model/timeline";
import { s } from "./dom";
import { measurer } from "./measure";
import type { TimelineOptions, When } from "./timeline";

// Must match the font size in timeline.css.
const ARROW_PX = 11.5;

/** `deadlock`: the run is shown to end in one, so a wait with no end never gets through. */
export function drawBar(bar: BlockedBar, when: When, deadlock: boolean): SVGGElement {
  // No text on the bar: the blocked step's box already says what waits
  // ("UPDATE done · COMMIT waits"), and one label per wait is enough.
  const g = s("g", { class: `blocked-bar ${when}` });
  g.append(
    s("rect", {
      class: "blocked-fill",
      x: bar.x1,
      y: bar.y,
      width: Math.max(2, bar.x2 - bar.x1),
      height: bar.h,
      rx: 3,
      fill: "url(#hatch)",
    }),
  );
  const end =
    bar.until !== null
      ? ` until step ${bar.until}, where it gets through`
      : deadlock
        ? " to the end: it never gets it"
        : "";
  g.append(s("title", null, `${bar.user} waits for a lock from step ${bar.from}${end}`));
  return g;
}

export function drawArrow(a: Arrow, o: TimelineOptions, when: When): SVGGElement {
  const g = s("g", {
    class: `arrow arrow-${a.kind} ${when}`,
    "data-from": a.from,
    "data-to": a.to,
  });
  g.append(
    s("path", {
      class: "arrow-path",
      d: a.d,
      "marker-end": `url(#${a.kind === "retry" ? "arrow-retry" : "arrow-reads"})`,
    }),
  );
  // A retry's box already says "retry of #N": its arc needs no word of its own.
  if (!o.compact && a.kind === "reads_from" && a.label && a.room >= 44) {
    // A plate behind the label keeps the line from running through the words.
    const w = measurer(ARROW_PX, 600)(a.label) + 8;
    const left = a.anchor === "start" ? a.lx - 4 : a.lx - w / 2;
    g.append(
      s("rect", { class: "arrow-plate", x: left, y: a.ly - 7.5, width: w, height: 15, rx: 4 }),
    );
    g.append(
      s(
        "text",
        {
          class: "arrow-label",
          x: a.lx,
          y: a.ly,
          "text-anchor": a.anchor,
          "dominant-baseline": "central",
        },
        a.label,
      ),
    );
  }
  g.append(
    s(
      "title",
      null,
      a.kind === "retry"
        ? `Step ${a.to} starts over after step ${a.from} failed`
        : `Step ${a.to} read ${a.label}, written by step ${a.from}`,
    ),
  );
  return g;
}
