//! Arrows between step boxes: retry links and reads-from arrows. Where a
//! value came from and what retries what are the engine's facts (`retry_of`,
//! `reads[].rows[].cells[].from`); this module only routes the lines.
import type { Event } from "../bindings/Event";
import type { Arrow, Layout, StepBox } from "./timeline";
import { plainValue } from "./values";

/**
 * Retries stay inside their lane: a dashed arc over the top of the boxes,
 * from the step that failed to the new attempt, in the room above the box row
 * (`arcSpace`). An arc, not a straight link, so that adjacent columns (the
 * usual case) still show a line and not a bare arrowhead. The corridor
 * between lanes is left to the reads-from arrows.
 */
export function retryArrows(events: Event[], boxOf: Map<number, StepBox>, layout: Layout): Arrow[] {
  const out: Arrow[] = [];
  for (const e of events) {
    if (e.retry_of === null) continue;
    const a = boxOf.get(e.retry_of);
    const b = boxOf.get(e.seq);
    if (!a || !b) continue;
    let d: string;
    let lx: number;
    let ly: number;
    let room: number;
    if (a.y === b.y) {
      const x1 = a.x + a.w - Math.min(18, a.w * 0.2);
      const x2 = b.x + Math.min(14, b.w * 0.15);
      const y = a.y;
      const rise = Math.max(6, layout.arcSpace - 2) * 1.3;
      d = `M ${x1} ${y} C ${x1} ${y - rise} ${x2} ${y - rise} ${x2} ${y}`;
      [lx, ly] = cubicPoint([x1, y], [x1, y - rise], [x2, y - rise], [x2, y], 0.5);
      room = b.x - (a.x + a.w);
    } else {
      const x1 = a.x + a.w;
      const x2 = b.x;
      const y1 = a.y + a.h / 2;
      const y2 = b.y + b.h / 2;
      d = `M ${x1} ${y1} C ${(x1 + x2) / 2} ${y1} ${(x1 + x2) / 2} ${y2} ${x2} ${y2}`;
      [lx, ly] = [(x1 + x2) / 2, (y1 + y2) / 2];
      room = x2 - x1;
    }
    out.push({
      kind: "retry",
      from: a.seq,
      to: b.seq,
      label: "retry",
      d,
      lx,
      ly,
      room,
      anchor: "middle",
    });
  }
  return out;
}

export function readsFromArrows(
  events: Event[],
  boxOf: Map<number, StepBox>,
  layout: Layout,
): Arrow[] {
  // One arrow per (writer, reader) pair, labelled with the values read.
  const pairs = new Map<string, { from: number; to: number; cells: string[] }>();
  for (const e of events) {
    for (const read of e.reads) {
      for (const row of read.rows) {
        for (const cell of row.cells) {
          if (cell.from === null || cell.from === e.seq) continue;
          const key = `${cell.from}>${e.seq}`;
          let p = pairs.get(key);
          if (!p) {
            p = { from: cell.from, to: e.seq, cells: [] };
            pairs.set(key, p);
          }
          const text = `${cell.column} ${plainValue(cell.value)}`;
          if (!p.cells.includes(text)) p.cells.push(text);
        }
      }
    }
  }
  const out: Arrow[] = [];
  for (const p of pairs.values()) {
    const a = boxOf.get(p.from);
    const b = boxOf.get(p.to);
    if (!a || !b) continue;
    let d: string;
    let lx: number;
    let ly: number;
    if (a.y === b.y) {
      // Same lane: a shallow arc under the boxes.
      const y0 = a.y + a.h;
      const drop = Math.max(8, layout.laneHeight - layout.arcSpace - layout.boxHeight - 2);
      const x1 = a.x + a.w * 0.6;
      const x2 = b.x + b.w * 0.4;
      d = `M ${x1} ${y0} C ${x1} ${y0 + drop} ${x2} ${y0 + drop} ${x2} ${y0}`;
      [lx, ly] = cubicPoint([x1, y0], [x1, y0 + drop], [x2, y0 + drop], [x2, y0], 0.5);
    } else {
      const down = b.y > a.y;
      const x1 = a.x + a.w * 0.62;
      const y1 = down ? a.y + a.h : a.y;
      const x2 = b.x + b.w * 0.38;
      const y2 = down ? b.y : b.y + b.h;
      const my = (y1 + y2) / 2;
      d = `M ${x1} ${y1} C ${x1} ${my} ${x2} ${my} ${x2} ${y2}`;
      // Beside the arrow's last, vertical stretch, right of it: the label then
      // covers neither the arrow's start nor its head, and names what the reader got.
      [lx, ly] = [
        x2 + 6,
        down ? y2 - Math.min(11, (y2 - my) * 0.6) : y2 + Math.min(11, (my - y2) * 0.6),
      ];
      out.push({
        kind: "reads_from",
        from: p.from,
        to: p.to,
        label: p.cells.join(", "),
        d,
        lx,
        ly,
        room: Math.max(a.w, Math.abs(b.x - a.x)),
        anchor: "start",
      });
      continue;
    }
    out.push({
      kind: "reads_from",
      from: p.from,
      to: p.to,
      label: p.cells.join(", "),
      d,
      lx,
      ly,
      room: Math.max(a.w, Math.abs(b.x - a.x)),
      anchor: "middle",
    });
  }
  return out.sort((x, y) => x.to - y.to || x.from - y.from);
}

type Point = [number, number];

/** A point on a cubic Bézier curve at parameter t. */
export function cubicPoint(p0: Point, p1: Point, p2: Point, p3: Point, t: number): Point {
  const u = 1 - t;
  const a = u * u * u;
  const b = 3 * u * u * t;
  const c = 3 * u * t * t;
  const d = t * t * t;
  return [
    a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0],
    a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1],
  ];
}
