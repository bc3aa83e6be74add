//! The dependency graph as an SVG template: units as boxes, ww/wr/rw edges as
//! solid/dashed/dotted arrows with their kind, item and step written on them,
//! the closed cycle in heavier anomaly-coloured lines with a ⚠ on each label
//! and its finding's name above. Each edge is focusable; hovering or focusing
//! it shows its sentence in the line under the graph. Draws the view model
//! only (model/graph.ts): nothing here decides what is visible. A box too
//! small for the names to read (model/graph-layout.ts, legibleIn) shows the
//! status line and the way to the full view instead of a miniature.
import { html, nothing, svg, type TemplateResult } from "lit-html";
import { ref } from "lit-html/directives/ref.js";
import type { EdgeKind } from "../bindings/EdgeKind";
import type { GraphFinding, GraphView } from "../model/graph";
import {
  type GraphSize,
  type LaidEdge,
  type LaidNode,
  type GraphLayout,
  fittedLayout,
  legibleIn,
  METRICS,
} from "../model/graph-layout";
import { arrowHead, curvePath, shortened } from "./graph-paths";

/** How much a drawing may grow past its own size to fill its box (a two-node graph stays calm). */
const MAX_SCALE: Record<GraphSize, number> = { full: 1.6, panel: 1.25, small: 1 };
const ARROW: Record<GraphSize, number> = { full: 14, panel: 12, small: 9 };

export const KIND_WORDS: Record<EdgeKind, { name: string; meaning: string }> = {
  ww: { name: "ww", meaning: "wrote over: the later write replaced the earlier" },
  wr: { name: "wr", meaning: "read what the other wrote" },
  rw: { name: "rw", meaning: "read a value the other then overwrote" },
};

function sentenceLine(target: EventTarget | null): HTMLElement | null {
  const el = target instanceof Element ? target : null;
  return el?.closest(".dep-graph")?.querySelector<HTMLElement>(".dep-sentence") ?? null;
}

/** The sentence line is not bound by lit, so showing a sentence never fights a re-render. */
function show(ev: Event): void {
  const line = sentenceLine(ev.currentTarget);
  const text = (ev.currentTarget as Element).getAttribute("aria-label") ?? "";
  if (!line) return;
  line.textContent = text;
  line.classList.add("shown");
}

function hide(ev: Event): void {
  const line = sentenceLine(ev.currentTarget);
  if (!line) return;
  line.textContent = "";
  line.classList.remove("shown");
}

function nodeTemplate(n: LaidNode, size: GraphSize): TemplateResult {
  const m = METRICS[size];
  const cx = n.x + n.w / 2;
  const first = n.y + m.nodePadY + m.nameFont * 0.95;
  const node = n.node;
  return svg`<g
    class="dep-node state-${node.state} ${node.onCycle ? "on-cycle" : ""}"
    data-unit=${node.unit}
    data-state=${node.state}
    data-on-cycle=${String(node.onCycle)}
  >
    <title>${node.label}: ${node.stateText}</title>
    <rect x=${n.x} y=${n.y} width=${n.w} height=${n.h} rx="8" />
    ${n.lines.map(
      (line, k) =>
        svg`<text
          class=${k === 0 ? "dep-node-name" : "dep-node-detail"}
          x=${cx}
          y=${k === 0 ? first : first + m.nameFont * 0.35 + k * m.detailFont * 1.3}
          font-size=${k === 0 ? m.nameFont : m.detailFont}
          text-anchor="middle"
        >${line}</text>`,
    )}
  </g>`;
}

function edgeTemplate(e: LaidEdge, size: GraphSize, inert: boolean): TemplateResult {
  const m = METRICS[size];
  const edge = e.edge;
  const arrow = ARROW[size] * (edge.onCycle ? 1.2 : 1);
  const line = curvePath(shortened(e.points, arrow * 0.8));
  const marked = edge.onCycle || edge.flagged;
  const top = e.label.y - e.label.h / 2;
  const lines = e.lines.map((l, k) => (k === 0 && marked ? `⚠ ${l}` : l));
  const w = marked ? e.label.w + m.labelFont * 0.9 : e.label.w;
  return svg`<g
    class="dep-edge kind-${edge.kind} ${edge.onCycle ? "on-cycle" : ""} ${edge.flagged ? "flagged" : ""}"
    data-edge=${edge.id}
    data-kind=${edge.kind}
    data-from=${edge.from}
    data-to=${edge.to}
    data-step=${edge.step}
    data-on-cycle=${String(edge.onCycle)}
    tabindex=${inert ? "-1" : "0"}
    role="img"
    aria-label=${edge.sentence}
    @pointerenter=${show}
    @pointerleave=${hide}
    @focus=${show}
    @blur=${hide}
  >
    <title>${edge.sentence}</title>
    <path class="dep-hit" d=${line} />
    <path class="dep-line" d=${line} />
    <path class="dep-arrow" d=${arrowHead(e.points, arrow)} />
    <rect
      class="dep-label-box"
      x=${e.label.x - w / 2}
      y=${top}
      width=${w}
      height=${e.label.h}
      rx="5"
    />
    ${lines.map(
      (l, k) =>
        svg`<text
          class=${k === 0 ? "dep-label-kind" : "dep-label-step"}
          x=${e.label.x}
          y=${top + 2 + m.labelFont * (0.95 + k * 1.25)}
          font-size=${m.labelFont}
          text-anchor="middle"
        >${l}</text>`,
    )}
  </g>`;
}

function legendTemplate(): TemplateResult {
  const kinds: EdgeKind[] = ["ww", "wr", "rw"];
  return html`<ul class="dep-legend" aria-label="Edge kinds">
    ${kinds.map(
      (k) => html`<li class="kind-${k}" title=${KIND_WORDS[k].meaning}>
        <svg class="dep-legend-line" width="34" height="12" viewBox="0 0 34 12" aria-hidden="true">
          <path class="dep-line" d="M 2 6 H 24" /><path class="dep-arrow" d="M 32 6 L 23 1.5 L 23 10.5 Z" />
        </svg>
        <b>${KIND_WORDS[k].name}</b> <span>${KIND_WORDS[k].meaning}</span>
      </li>`,
    )}
  </ul>`;
}

/** The line above the graph: the cycle and its name, the serial order, or what to expect. */
function statusText(view: GraphView, withRoute: boolean): string {
  const cycles = view.findings.filter((f) => f.cycle);
  if (cycles.length > 0) {
    const text = (f: GraphFinding) => (withRoute ? `${f.name}: ${f.route.join(" → ")}` : f.name);
    return [...new Set(cycles.map(text))].join(" · ");
  }
  const flagged = view.findings.map((f) => f.name);
  const order =
    view.order && view.order.length > 0
      ? `No cycle. Serial order: ${view.order.join(" → ")}`
      : null;
  if (order) return flagged.length > 0 ? `${order} (${flagged.join(", ")} on its edge)` : order;
  if (view.nodes.length === 0) return "No units yet";
  if (view.edges.length === 0) return "No dependencies yet";
  return view.complete ? "No cycle" : "No cycle so far";
}

/** The layout each drawing holds, for the measure that decides whether it reads. */
const drawn = new WeakMap<Element, GraphLayout>();
let resized: ResizeObserver | null = null;
/** Drawings given a new layout, to measure in the next frame. */
const pending = new Set<Element>();

/**
 * Shows the drawing or, when its names would be too small to read in `box`
 * (px), the status line alone: `data-fit` on the figure, which CSS reads.
 * Not bound by lit, so a re-render never undoes a measure. The hidden
 * drawing keeps its box (visibility, not display), so the next measure sees
 * the same room and the choice cannot flicker.
 */
export function fitTo(drawing: Element, box: { w: number; h: number }): void {
  const layout = drawn.get(drawing);
  const figure = drawing.closest(".dep-graph");
  // 0 × 0 is a drawing not laid out (the panel hidden behind the graph view): nothing to decide yet.
  if (!layout || !figure || (box.w === 0 && box.h === 0)) return;
  figure.setAttribute("data-fit", legibleIn(layout, box) ? "drawing" : "status");
}

function measure(drawing: Element): void {
  const r = drawing.getBoundingClientRect();
  fitTo(drawing, { w: r.width, h: r.height });
}

/**
 * Keeps the drawing's layout and decides its fit after layout, before the
 * next paint: by the observer, for a new drawing and every resize of its
 * box, and in the next frame for a new layout in the same drawing. A
 * re-render never reads sizes itself: that would lay the whole page out
 * inside the click or key that caused it (about 50 ms under software
 * rendering, found on Cancel). Until then the drawing keeps its last fit.
 */
function watch(drawing: Element | undefined, layout: GraphLayout): void {
  if (!drawing) return;
  const known = drawn.get(drawing);
  drawn.set(drawing, layout);
  if (typeof ResizeObserver === "undefined" || typeof requestAnimationFrame === "undefined") {
    if (drawing.isConnected) measure(drawing);
    return;
  }
  resized ??= new ResizeObserver((entries) => {
    for (const e of entries) measure(e.target);
  });
  if (!known) resized.observe(drawing);
  else if (known !== layout) {
    // One frame measures every drawing given a new layout since the last.
    if (pending.size === 0) requestAnimationFrame(measurePending);
    pending.add(drawing);
  }
}

function measurePending(): void {
  for (const d of pending) if (d.isConnected) measure(d);
  pending.clear();
}

export interface GraphOptions {
  /** Opens the graph view; offered in place of a drawing too small to read. */
  onFullView?: () => void;
  /**
   * The status names a cycle without its route, which the drawing shows: a
   * presentation's narrow panel has room for the name only, and the name
   * must never be cut.
   */
  brief?: boolean;
}

function fitNote(opts: GraphOptions): TemplateResult {
  return html`<p class="dep-fit-note" data-testid="graph-fit-note">
    <span>Too small to draw here.</span>
    ${
      opts.onFullView
        ? html`<button
            type="button"
            class="dep-fit-open"
            data-testid="graph-fit-open"
            title="The dependency graph, full size (G)"
            @click=${opts.onFullView}
          >Full view (G)</button>`
        : html`<span>A larger window shows it.</span>`
    }
  </p>`;
}

export function graphTemplate(
  view: GraphView,
  size: GraphSize,
  opts: GraphOptions = {},
): TemplateResult {
  const layout = fittedLayout(view, size);
  const k = MAX_SCALE[size];
  const closed = view.cycleClosed;
  // A small multiple names the cycle; its route is on the drawing just below.
  const status = statusText(view, size !== "small" && !opts.brief);
  const kinds = [...new Set(view.findings.filter((f) => f.cycle).map((f) => f.name))];
  return html`<figure
    class="dep-graph size-${size} ${closed ? "cycle-closed" : ""}"
    data-cycle=${closed ? "closed" : "none"}
    data-step=${view.step}
    data-edges=${view.edges.length}
    data-order=${view.orderUnits ? view.orderUnits.join(" ") : nothing}
  >
    <p class="dep-status ${closed ? "is-cycle" : ""}" data-testid="graph-status" title=${status}>
      ${closed ? html`<span class="dep-status-mark" aria-hidden="true">⚠</span>` : nothing}${status}
    </p>
    <svg
      class="dep-svg"
      viewBox="0 0 ${layout.width} ${layout.height}"
      width=${Math.round(layout.width * k)}
      height=${Math.round(layout.height * k)}
      preserveAspectRatio="xMidYMid meet"
      role="group"
      aria-label=${`Dependency graph at step ${view.step}: ${view.nodes.length} units, ${view.edges.length} edges. ${status}`}
      data-cycle-names=${kinds.join("|")}
      ${ref((el) => watch(el, layout))}
    >
      <g class="dep-edges">${layout.edges.map((e) => edgeTemplate(e, layout.size, size === "small"))}</g>
      <g class="dep-nodes">${layout.nodes.map((n) => nodeTemplate(n, layout.size))}</g>
    </svg>
    ${
      size === "small"
        ? nothing
        : html`<p class="dep-sentence" aria-live="polite"></p>
            ${legendTemplate()}`
    }
    ${fitNote(opts)}
  </figure>`;
}
