//! Text widths in the page's real font, for fitting labels into SVG boxes.
import type { Measure } from "../model/text";

let ctx: CanvasRenderingContext2D | null | undefined;
const cache = new Map<string, number>();

/**
 * `mono`: the page's monospace font (var(--mono)) instead of its text font;
 * `family`: a named family instead of either (exported figures' font).
 */
export function measurer(sizePx: number, weight = 400, mono = false, family?: string): Measure {
  if (ctx === undefined) ctx = document.createElement("canvas").getContext("2d");
  const page =
    (mono
      ? getComputedStyle(document.documentElement).getPropertyValue("--mono").trim()
      : getComputedStyle(document.body).fontFamily) || (mono ? "monospace" : "sans-serif");
  const face = family ?? page;
  const font = `${weight} ${sizePx}px ${face}`;
  const c = ctx;
  if (!c) return (t) => t.length * sizePx * (mono ? 0.62 : 0.56);
  return (t) => {
    const key = `${font}|${t}`;
    let w = cache.get(key);
    if (w === undefined) {
      c.font = font;
      w = c.measureText(t).width;
      if (cache.size > 5000) cache.clear();
      cache.set(key, w);
    }
    return w;
  };
}
