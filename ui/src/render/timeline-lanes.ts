//! The timeline's frame: lane backgrounds and their labels, the step axis
//! and the playhead's band, the database lane's commits and the deadlock mark
//! after the last step.
import type { DbBox, Timeline } from "../model/timeline";
import { fitForms, wrapText } from "../model/text";
import { s } from "./dom";
import { glyph } from "./glyphs";
import { measurer } from "./measure";
import type { TimelineOptions, When } from "./timeline";
import { labelPx } from "./timeline-steps";

export function drawLaneBackgrounds(t: Timeline): SVGRectElement[] {
  return t.lanes.map((lane, i) =>
    s("rect", {
      class: `lane lane-${lane.kind}${i % 2 ? " lane-odd" : ""}`,
      x: 0,
      y: lane.y,
      width: t.width,
      height: lane.height,
    }),
  );
}

/** The playhead's column (none for a still of the whole run) and the step numbers above the lanes. */
export function drawAxis(t: Timeline, o: TimelineOptions): SVGElement[] {
  const out: SVGElement[] = [];
  const whole = o.playhead === false;
  const nowCol = whole ? undefined : t.columns[Math.min(o.index, t.columns.length - 1)];
  if (nowCol) {
    out.push(
      s("rect", {
        class: "playhead-band",
        x: nowCol.x - t.colWidth / 2,
        y: 0,
        width: t.colWidth,
        height: t.height,
      }),
    );
  }
  if (t.axisHeight > 0) {
    t.columns.forEach((c, i) => {
      out.push(
        s(
          "text",
          {
            class: `axis-label${i === o.index && !whole ? " now" : ""}`,
            x: c.x,
            y: t.axisHeight - 9,
            "text-anchor": "middle",
          },
          String(i + 1),
        ),
      );
    });
  }
  return out;
}

/**
 * Lane labels on an opaque strip, in their own group, so a long history can
 * scroll sideways under them (the shell shifts the group by the scroll offset).
 */
export function drawLaneLabels(t: Timeline, o: TimelineOptions): SVGGElement {
  const g = s("g", { class: "lane-labels" });
  g.append(
    s("rect", { class: "lane-strip", x: 0, y: 0, width: t.labelWidth - 4, height: t.height }),
  );
  t.lanes.forEach((lane, i) => {
    g.append(
      s("rect", {
        class: `lane lane-${lane.kind}${i % 2 ? " lane-odd" : ""}`,
        x: 0,
        y: lane.y,
        width: t.labelWidth - 4,
        height: lane.height,
      }),
    );
    const cy = lane.y + lane.height / 2 + (lane.kind === "user" && !o.compact ? 8 : 0);
    const labelPx = o.compact ? 12.5 : lane.kind === "db" ? 14 : 15;
    const label =
      wrapText(lane.label, t.labelWidth - (o.compact ? 12 : 18), 1, measurer(labelPx, 700))[0] ??
      "";
    g.append(
      s(
        "text",
        {
          class: `lane-label lane-label-${lane.kind}`,
          x: o.compact ? 8 : 12,
          y: cy,
          "dominant-baseline": "middle",
        },
        label,
        label !== lane.label ? s("title", null, lane.label) : null,
      ),
    );
    if (lane.kind === "db" && !o.compact) {
      g.append(
        s(
          "text",
          { class: "lane-sub", x: 12, y: cy + (o.large ? 16 : 15), "dominant-baseline": "middle" },
          "committed",
        ),
      );
    }
  });
  return g;
}

export function drawDbBox(b: DbBox, o: TimelineOptions, when: When): SVGGElement {
  const g = s("g", { class: `dbbox ${when}`, "data-seq": b.seq });
  g.append(
    s("rect", {
      class: "dbbox-rect",
      x: b.x,
      y: b.y,
      width: b.w,
      height: b.h,
      rx: o.compact ? 4 : 6,
    }),
  );
  const measure = measurer(labelPx(o));
  const padL = o.compact ? 5 : 18;
  // The richest form that fits whole: the old value goes before anything is cut.
  const shown = fitForms(b.forms, b.w - padL - 3, o.compact ? 1 : 2, measure);
  const lineH = o.large ? 16.5 : 15;
  let y = b.y + b.h / 2 - ((shown.length - 1) * lineH) / 2;
  for (const line of shown) {
    g.append(
      s("text", { class: "db-change", x: b.x + padL, y, "dominant-baseline": "central" }, line),
    );
    y += lineH;
  }
  if (!o.compact) g.append(glyph("commit", b.x + 9, b.y + b.h / 2, 5));
  g.append(
    s(
      "title",
      null,
      `Committed at step ${b.seq}${b.commits.length ? ` (writes of step ${b.commits.join(", ")})` : ""}:\n${b.lines.join("\n")}`,
    ),
  );
  return g;
}

/** The run ended in a deadlock: a line after the last step and the mark beyond it. */
export function drawDeadlockMark(t: Timeline, o: TimelineOptions): SVGGElement | null {
  if (!t.deadlock || t.columns.length === 0) return null;
  const last = t.columns[t.columns.length - 1];
  // Open waits run to this line (see the model); the mark stands after it.
  const lineX = last.x + t.colWidth / 2 + t.deadlockLine;
  const x = lineX + (t.deadlockRoom - t.deadlockLine) / 2;
  const users = t.lanes.filter((l) => l.kind === "user");
  const top = users[0]?.y ?? 0;
  const bottom = users.length
    ? users[users.length - 1].y + users[users.length - 1].height
    : t.height;
  const y = (top + bottom) / 2;
  const g = s("g", {
    class: `deadlock-mark${o.index >= t.columns.length - 1 ? " now" : " future"}`,
  });
  g.append(
    s("line", { class: "deadlock-line", x1: lineX, y1: top + 8, x2: lineX, y2: bottom - 8 }),
  );
  g.append(glyph("deadlock", x, y - (o.compact ? 0 : 12), o.compact ? 7 : 12));
  if (!o.compact)
    g.append(
      s("text", { class: "deadlock-text", x, y: y + 16, "text-anchor": "middle" }, "deadlock"),
    );
  g.append(
    s("title", null, "The run ended in a deadlock: each user waits for a lock the other holds"),
  );
  return g;
}
