//! The geometry of an edge on screen: a smooth curve through dagre's points,
//! stopped short of the target so the arrowhead ends on the node's border.
import type { Point } from "../model/graph-layout";

const f = (n: number) => Math.round(n * 10) / 10;

/** A Catmull–Rom curve through the points, as cubic Béziers (it passes through each point). */
export function curvePath(points: Point[]): string {
  if (points.length === 0) return "";
  if (points.length === 1) return `M ${f(points[0].x)} ${f(points[0].y)}`;
  const p = points;
  let d = `M ${f(p[0].x)} ${f(p[0].y)}`;
  for (let i = 0; i < p.length - 1; i++) {
    const p0 = p[i - 1] ?? p[i];
    const p1 = p[i];
    const p2 = p[i + 1];
    const p3 = p[i + 2] ?? p2;
    const c1 = { x: p1.x + (p2.x - p0.x) / 6, y: p1.y + (p2.y - p0.y) / 6 };
    const c2 = { x: p2.x - (p3.x - p1.x) / 6, y: p2.y - (p3.y - p1.y) / 6 };
    d += ` C ${f(c1.x)} ${f(c1.y)} ${f(c2.x)} ${f(c2.y)} ${f(p2.x)} ${f(p2.y)}`;
  }
  return d;
}

/** The curve's direction where it ends: along the last two points. */
function endDirection(points: Point[]): Point {
  const a = points[points.length - 2];
  const b = points[points.length - 1];
  const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
  return { x: (b.x - a.x) / len, y: (b.y - a.y) / len };
}

/** The points with the last one pulled back by `by`, where the arrowhead's base sits. */
export function shortened(points: Point[], by: number): Point[] {
  if (points.length < 2) return points;
  const d = endDirection(points);
  const last = points[points.length - 1];
  return [...points.slice(0, -1), { x: last.x - d.x * by, y: last.y - d.y * by }];
}

/** A triangle whose tip is the curve's end. */
export function arrowHead(points: Point[], size: number): string {
  if (points.length < 2) return "";
  const d = endDirection(points);
  const tip = points[points.length - 1];
  const base = { x: tip.x - d.x * size, y: tip.y - d.y * size };
  const n = { x: -d.y * size * 0.55, y: d.x * size * 0.55 };
  return `M ${f(tip.x)} ${f(tip.y)} L ${f(base.x + n.x)} ${f(base.y + n.y)} L ${f(base.x - n.x)} ${f(base.y - n.y)} Z`;
}
