//! The timeline's host on the page: its scroll box (a node the page template keeps in
//! place), the zoom presentation and recording draw it at, the hover preview, and
//! keeping the playhead's column in view. The SVG is drawn again only when what it
//! shows changes (the report, the width, the zoom, the playhead, the selection).
import { render } from "lit-html";
import type { RunReport } from "../bindings/RunReport";
import { graphView } from "../model/graph";
import { clampIndex } from "../model/playhead";
import { revealAt, revealTimeline } from "../model/reveal";
import { buildTimeline, FULL_LAYOUT } from "../model/timeline";
import { KIND_TEXT } from "../model/values";
import { previewTemplate } from "../render/details";
import { h } from "../render/dom";
import { drawTimeline } from "../render/timeline";
import type { Session } from "./session";
import type { AppState, Store } from "./state";

/** How much larger the timeline is drawn in presentation mode. */
const PRESENT_ZOOM = 1.45;
/**
 * Tighter lanes and no step numbers (the caption counts the steps, the band
 * marks the column), so the figure can be drawn larger and still leave room
 * for the panels at 720 px.
 */
const PRESENT_LAYOUT = {
  ...FULL_LAYOUT,
  laneHeight: 70,
  boxHeight: 50,
  arcSpace: 15,
  axisHeight: 0,
  dbLaneHeight: 50,
};
/** Height the rest of the presentation page needs (header, caption, legend, transport, panels), px. */
const PRESENT_CHROME = 440;
/** Recording mode has no header or transport: the same zoom limit, with their room given back. */
const RECORD_CHROME = 330;

export class TimelineHost {
  /** The scroll box; the page template places this node and never looks inside it. */
  readonly scroll = h("div", { class: "timeline-scroll" });
  /** The hover preview, over the page. */
  readonly tooltip = h("div", { class: "tooltip", role: "tooltip", hidden: true });
  private lastKey = "";
  private zoom = 1;
  /** A turn was moved from its focused step: focus the moved turn once the rerun is drawn. */
  private focusMoved = false;

  constructor(
    private readonly store: Store,
    private readonly session: Session,
    private readonly idOf: (o: object) => number,
  ) {
    this.scroll.addEventListener("scroll", () => this.pinLabels(), { passive: true });
  }

  /**
   * The scroll box's width as last laid out, kept by `resized` so a redraw
   * for a click or key does not lay the page out to read it (null: not yet).
   */
  private boxWidth: number | null = null;

  /** Its box was laid out at a new size: called by a ResizeObserver, after layout. */
  resized(st: AppState): void {
    this.boxWidth = this.scroll.clientWidth;
    this.update(st);
  }

  /** Draws the timeline for `st` unless what it shows is what is drawn. */
  update(st: AppState, force = false): void {
    const r = st.report;
    const scroll = this.scroll;
    const width = Math.max(480, this.boxWidth ?? scroll.clientWidth);
    // Presentation enlarges the whole figure (type included) by drawing it for a
    // narrower width and scaling it up; labels are still fitted in its own units.
    // Short windows (the app allows 600 px) keep the normal size so the panels still show.
    // The zoom is what the window's height allows for this figure (more users, more lanes).
    const present = st.presenting || st.recording;
    const chrome = st.recording ? RECORD_CHROME : PRESENT_CHROME;
    const figure = r && present ? buildTimeline(r, { ...PRESENT_LAYOUT, width }).height : 1;
    const zoom = present
      ? Math.max(1, Math.min(PRESENT_ZOOM, (window.innerHeight - chrome) / figure))
      : 1;
    // The steps on a closed cycle are marked once the cycle has closed (model/graph.ts).
    const cycleSteps = r ? graphView(r, st.index, { revealAll: st.revealAll }).cycleEvents : [];
    const key = r
      ? `${this.idOf(r)}|${width}|${zoom}|${clampIndex(r, st.index)}|${st.selected}|${st.revealAll}|${cycleSteps.join(",")}`
      : `none|${st.loading}|${st.error?.message ?? ""}`;
    if (!force && key === this.lastKey) return;
    this.lastKey = key;
    this.tooltip.hidden = true;
    if (!r) {
      scroll.replaceChildren(
        h(
          "div",
          { class: "timeline-empty" },
          st.loading ? "Running…" : "Nothing to draw: choose a scenario, or fix the error above.",
        ),
      );
      return;
    }
    const index = clampIndex(r, st.index);
    const reveal = revealAt(r, index, st.revealAll);
    const t = revealTimeline(
      buildTimeline(
        r,
        present ? { ...PRESENT_LAYOUT, width: width / zoom } : { ...FULL_LAYOUT, width },
      ),
      reveal,
    );
    // The SVG is drawn afresh: a focused step is focused again in the new drawing.
    const focused = document.activeElement;
    const focusedSeq =
      focused instanceof SVGGElement && scroll.contains(focused)
        ? Number(focused.dataset.seq)
        : null;
    const svg = drawTimeline(
      t,
      {
        index,
        selected: st.selected,
        compact: false,
        large: present,
        // Only findings shown are named (and counted for numbering).
        findingNames: r.findings.map((f, k) =>
          reveal.findings.includes(k) ? KIND_TEXT[f.kind] : "",
        ),
        placeholders: t.placeholders,
        draggable: !present,
        cycleSteps,
      },
      {
        onSelect: (seq) => this.select(seq),
        onHover: (seq, anchor) =>
          this.hover(r, seq !== null && t.placeholders.has(seq) ? null : seq, anchor),
        onMove: (seq, delta) => {
          this.focusMoved = true;
          void this.session.moveTurn(seq, delta);
        },
      },
    );
    svg.setAttribute("width", String(t.width * zoom));
    svg.setAttribute("height", String(t.height * zoom));
    this.zoom = zoom;
    scroll.replaceChildren(svg);
    this.pinLabels();
    const moved = this.focusMoved && !st.loading && st.selected !== null;
    if (moved) this.focusMoved = false;
    const refocus = moved ? st.selected : focusedSeq;
    if (refocus !== null)
      svg
        .querySelector<SVGGElement>(`[data-testid=event][data-seq="${refocus}"]`)
        ?.focus({ preventScroll: true });
    // Long histories scroll sideways: keep the playhead's column in view.
    const col = t.columns[clampIndex(r, st.index)];
    if (col && scroll.scrollWidth > scroll.clientWidth) {
      const left = (col.x - t.colWidth / 2 - t.labelWidth) * zoom;
      const right = (col.x + t.colWidth / 2) * zoom;
      if (left < scroll.scrollLeft) scroll.scrollLeft = Math.max(0, left);
      else if (right > scroll.scrollLeft + scroll.clientWidth)
        scroll.scrollLeft = right - scroll.clientWidth;
    }
  }

  /**
   * Selecting a step not reached yet is the learner asking to see it: the playhead goes
   * there first (so it is revealed), then its details open.
   */
  private select(seq: number | null): void {
    const st = this.store.state;
    const i = seq === null ? -1 : (st.report?.events.findIndex((e) => e.seq === seq) ?? -1);
    if (i > st.index && !st.revealAll) {
      // One update, so the page is drawn once (the playhead and the details together).
      this.session.stopPlaying();
      this.store.update({ index: i, selected: seq, panel: "details" });
    } else this.session.select(seq);
  }

  /** The lane labels stay at the left edge while a long history scrolls under them. */
  private pinLabels(): void {
    this.scroll
      .querySelector(".lane-labels")
      ?.setAttribute("transform", `translate(${this.scroll.scrollLeft / this.zoom} 0)`);
  }

  private hover(report: RunReport, seq: number | null, anchor: Element | null): void {
    const tooltip = this.tooltip;
    const e = seq !== null ? report.events.find((x) => x.seq === seq) : undefined;
    if (!e || !anchor || report !== this.store.state.report) {
      tooltip.hidden = true;
      return;
    }
    render(previewTemplate(report, e), tooltip);
    tooltip.hidden = false;
    const box = anchor.getBoundingClientRect();
    const tw = tooltip.offsetWidth;
    const left = Math.min(
      window.innerWidth - tw - 8,
      Math.max(8, box.left + box.width / 2 - tw / 2),
    );
    const below = box.bottom + 8 + tooltip.offsetHeight < window.innerHeight;
    tooltip.style.left = `${left}px`;
    tooltip.style.top = `${below ? box.bottom + 8 : box.top - tooltip.offsetHeight - 8}px`;
  }
}
