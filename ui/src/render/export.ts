//! Exporting the timeline on screen as a picture that stands alone.
//!
//! The on-screen SVG takes its look from the page's stylesheets and CSS
//! variables, and its hatch and arrowheads from a shared <defs> elsewhere in the
//! page; a saved file has neither. So each element's computed style is written
//! onto a copy (light or dark, as on screen), the shared defs are copied in, and
//! a background is laid under it. Text is set in FIGURE_FONT, the one font the
//! rasteriser (crates/figure) embeds, so a PNG, GIF or APNG made from it reads
//! the same on every machine. The preview's PNG is that SVG drawn on a canvas at 2×.

/**
 * The family every exported picture names. crates/figure embeds DejaVu Sans and
 * lets usvg see no other font; `sans-serif` is the fallback an SVG viewer
 * without it uses.
 */
export const FIGURE_FONT = "DejaVu Sans";
const FONT_STACK = `"${FIGURE_FONT}", sans-serif`;

/** SVG properties that carry the look. Most are inherited, so a child repeats them only when they differ. */
const INHERITED = [
  "fill",
  "fill-opacity",
  "stroke",
  "stroke-width",
  "stroke-opacity",
  "stroke-dasharray",
  "stroke-linecap",
  "stroke-linejoin",
  "paint-order",
  "font-size",
  "font-weight",
  "font-style",
  "font-variant-numeric",
  "letter-spacing",
  "text-anchor",
  "dominant-baseline",
  "visibility",
];
/** Not inherited: written only when not the default. */
const OWN: Record<string, string> = { opacity: "1", display: "inline" };

function inlineStyles(live: Element, copy: Element, parent: CSSStyleDeclaration | null): void {
  const cs = getComputedStyle(live);
  const decls: string[] = [];
  for (const p of INHERITED) {
    const v = cs.getPropertyValue(p);
    if (v && (!parent || parent.getPropertyValue(p) !== v)) decls.push(`${p}:${v}`);
  }
  for (const [p, initial] of Object.entries(OWN)) {
    const v = cs.getPropertyValue(p);
    if (v && v !== initial && !(p === "display" && v !== "none")) decls.push(`${p}:${v}`);
  }
  if (decls.length > 0) copy.setAttribute("style", decls.join(";"));
  const lc = live.children;
  const cc = copy.children;
  for (let i = 0; i < lc.length && i < cc.length; i++) inlineStyles(lc[i], cc[i], cs);
}

export interface Standalone {
  text: string;
  width: number;
  height: number;
}

/**
 * A copy of the live `svg` (in the page, so its styles are computed) that
 * stands alone: styles inlined, text in FIGURE_FONT, the page's shared
 * definitions (hatch, arrowheads) from `defs` copied in, and `background`
 * (a CSS colour, or null when the picture paints its own) laid under it.
 */
export function standaloneElement(
  svg: SVGSVGElement,
  defs: SVGSVGElement | null,
  background: string | null,
): SVGSVGElement {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(svg, copy, null);
  copy.setAttribute("style", `font-family:${FONT_STACK};${copy.getAttribute("style") ?? ""}`);
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  copy.removeAttribute("role");
  // Lane labels are shifted while the page scrolls sideways; a picture starts at the left.
  for (const g of copy.querySelectorAll(".lane-labels")) g.removeAttribute("transform");
  const ns = "http://www.w3.org/2000/svg";
  if (defs) {
    const liveDefs = defs.querySelector("defs");
    if (liveDefs) {
      const d = liveDefs.cloneNode(true) as SVGDefsElement;
      inlineStyles(liveDefs, d, null);
      copy.insertBefore(d, copy.firstChild);
    }
  }
  if (background !== null) {
    const bg = document.createElementNS(ns, "rect");
    bg.setAttribute("x", "0");
    bg.setAttribute("y", "0");
    bg.setAttribute("width", "100%");
    bg.setAttribute("height", "100%");
    bg.setAttribute("fill", background);
    copy.insertBefore(bg, copy.querySelector("defs")?.nextSibling ?? copy.firstChild);
  }
  return copy;
}

/** An SVG element as a file's text. */
export function svgDocument(svg: SVGSVGElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}\n`;
}

/** The timeline `svg` as a self-contained SVG document (see standaloneElement). */
export function standaloneSvg(
  svg: SVGSVGElement,
  defs: SVGSVGElement | null,
  background: string,
): Standalone {
  const width = Number(svg.getAttribute("width")) || svg.viewBox.baseVal?.width || 0;
  const height = Number(svg.getAttribute("height")) || svg.viewBox.baseVal?.height || 0;
  return { text: svgDocument(standaloneElement(svg, defs, background)), width, height };
}

/** UTF-8 text as a base64 data URL: the app's CSP allows data: images, not blob: ones. */
export function svgDataUrl(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:image/svg+xml;base64,${btoa(bin)}`;
}

/** Draws the standalone SVG on a canvas at `scale`× and encodes it as PNG. */
export async function svgToPng(svg: Standalone, scale = 2): Promise<Uint8Array> {
  const img = new Image();
  img.width = svg.width;
  img.height = svg.height;
  img.src = svgDataUrl(svg.text);
  await img.decode();
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(svg.width * scale);
  canvas.height = Math.round(svg.height * scale);
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("This window cannot draw on a canvas.");
  ctx.scale(scale, scale);
  ctx.drawImage(img, 0, 0, svg.width, svg.height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
  if (!blob) throw new Error("The PNG could not be encoded.");
  return new Uint8Array(await blob.arrayBuffer());
}
