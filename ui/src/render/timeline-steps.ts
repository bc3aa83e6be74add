//! A user's step on the timeline: its box, its words fitted to the box, its
//! corner marks and tooltip, the placeholder of a step not reached yet, and the
//! step as a control (click, Enter, Alt+←/→, drag to move its turn).
import { cutAtWord } from "../model/compare-text";
import { fitLabel, packItems, wrapText, type Measure } from "../model/text";
import type { StepBox, Timeline } from "../model/timeline";
import { sameStatement } from "../model/sent-sql";
import { s } from "./dom";
import { glyph, type Glyph } from "./glyphs";
import { measurer } from "./measure";
import type { TimelineHandlers, TimelineOptions, When } from "./timeline";

// Must match the font sizes in timeline.css.
export const LABEL_PX = 12.5;
export const LABEL_PX_COMPACT = 11;
/** Presentation's (`large`): 20 px on screen at its zoom of 1.45. */
export const LABEL_PX_LARGE = 14;
/** Line height of compact labels: a box this much taller holds another line. */
const COMPACT_LINE_H = 12.5;
const STATUS_PX = 11.5;
const STATUS_PX_LARGE = 14;

/** The size a step's or a change's words are drawn and measured in. */
export function labelPx(o: Pick<TimelineOptions, "compact" | "large">): number {
  return o.compact ? LABEL_PX_COMPACT : o.large ? LABEL_PX_LARGE : LABEL_PX;
}

const MARK_GLYPH: Partial<Record<string, Glyph>> = {
  blocked: "blocked",
  busy: "busy",
  conflict: "conflict",
  rolled_back: "rolled_back",
  error: "error",
  undone: "rolled_back",
};

export function drawBox(
  b: StepBox,
  t: Timeline,
  o: TimelineOptions,
  on: TimelineHandlers,
  when: When,
): SVGGElement {
  if (o.placeholders?.has(b.seq)) return drawPlaceholder(b, o, on);
  const classes = ["step", `outcome-${b.outcome}`, when, ...b.marks.map((m) => `mark-${m}`)];
  if (b.anomalyHere) classes.push("anomaly-here");
  if (o.selected === b.seq) classes.push("selected");
  const onCycle = o.cycleSteps?.includes(b.seq) ?? false;
  if (onCycle) classes.push("on-cycle");
  const g = s("g", {
    class: classes.join(" "),
    "data-testid": "event",
    "data-seq": b.seq,
    "data-user": b.user,
    "data-outcome": b.outcome,
    "data-on-cycle": onCycle ? "true" : null,
  });
  // An opaque underlay, so faded future steps do not show what is behind them.
  g.append(
    s("rect", {
      class: "step-under",
      x: b.x,
      y: b.y,
      width: b.w,
      height: b.h,
      rx: o.compact ? 4 : 6,
    }),
  );
  g.append(
    s("rect", {
      class: "step-box",
      x: b.x,
      y: b.y,
      width: b.w,
      height: b.h,
      rx: o.compact ? 4 : 6,
    }),
  );
  if (b.marks.includes("blocked")) {
    // Waiting is hatched. The pattern goes in an attribute: WebKit resolves
    // url(#…) in an external stylesheet against the stylesheet, not the page.
    g.append(
      s("rect", {
        class: "hatch-overlay",
        x: b.x,
        y: b.y,
        width: b.w,
        height: b.h,
        rx: o.compact ? 4 : 6,
        fill: "url(#hatch)",
      }),
    );
  }

  // Corner badges: the outcome's mark, then Ø when the step was undone.
  const corner = [
    ...new Set(b.marks.map((m) => MARK_GLYPH[m]).filter((k): k is Glyph => k !== undefined)),
  ];
  const pad = o.compact ? (corner.length ? 12 : 5) : 8;
  const textX = b.x + pad;
  const width = b.w - pad - (o.compact && b.marks.includes("anomaly") ? 12 : o.compact ? 4 : 6);
  const measure = measurer(labelPx(o));
  const undone = b.marks.includes("undone");
  const label = (max: number): string[] => {
    if (b.labelForms) return fitLabel(b.labelForms, width, max, measure);
    // Two balanced lines read better than three greedy ones; the third line is for what does not fit in two.
    const two = wrapText(b.label, width, Math.min(2, max), measure);
    return max <= 2 || two.length === 0 || !two[two.length - 1].endsWith("…")
      ? two
      : wrapText(b.label, width, max, measure);
  };

  if (o.compact) {
    // As many lines as the box is tall for: compare's boxes hold two, so a label wraps rather than being cut.
    const full = (b.labelForms ? (b.labelForms[b.labelForms.length - 1] ?? []) : [b.label]).join(
      " ",
    );
    const fitted = label(Math.max(1, Math.floor((b.h - 2) / COMPACT_LINE_H)));
    // Still too long for two lines: cut at a word, never inside one (compare's notation explains "…").
    const lines = fitted.map((l, i) => (i === fitted.length - 1 ? cutAtWord(l, full) : l));
    let y = b.y + b.h / 2 - ((lines.length - 1) * COMPACT_LINE_H) / 2;
    for (const line of lines) {
      g.append(
        s("text", { class: "step-label", x: textX, y, "dominant-baseline": "central" }, line),
      );
      if (undone) g.append(strike(textX, y, measure(line)));
      y += COMPACT_LINE_H;
    }
  } else {
    const statusMeasure = measurer(o.large ? STATUS_PX_LARGE : STATUS_PX, 700);
    let status = b.status ? statusLines(b.status, width, statusMeasure) : [];
    if (status.some((l) => l.endsWith("…")) && b.statusShort)
      status = statusLines(b.statusShort, width, statusMeasure);
    // Three lines fit a box: the status takes what it needs, the label the rest (at most two
    // beside a status, three alone, so "write balance = balance + 50" is never cut).
    const lines = label(status.length >= 2 ? 1 : status.length === 1 ? 2 : b.h >= 48 ? 3 : 2);
    const total = lines.length + status.length;
    const lineH = o.large ? (total >= 3 ? 15.5 : 17) : total >= 3 ? 14.5 : 16;
    let y = b.y + b.h / 2 - ((total - 1) * lineH) / 2;
    for (const line of lines) {
      g.append(
        s("text", { class: "step-label", x: textX, y, "dominant-baseline": "central" }, line),
      );
      if (undone) g.append(strike(textX, y, measure(line)));
      y += lineH;
    }
    for (const line of status) {
      g.append(
        s("text", { class: "step-outcome", x: textX, y, "dominant-baseline": "central" }, line),
      );
      y += lineH;
    }
  }
  const shown = o.compact ? corner.slice(0, 1) : corner;
  shown.forEach((k, i) => {
    g.append(
      glyph(
        k,
        o.compact ? b.x + 6 : b.x + 1 + i * 17,
        o.compact ? b.y + b.h / 2 : b.y + 1,
        o.compact ? 5 : 8,
      ),
    );
  });
  if (b.marks.includes("anomaly")) {
    // Numbered when more than one finding is on screen (the others' names are empty until shown).
    const label =
      o.findingNames.filter(Boolean).length > 1 ? String((b.findings[0] ?? 0) + 1) : undefined;
    const r = b.anomalyHere ? (o.compact ? 6 : 10) : o.compact ? 5 : 7.5;
    g.append(
      glyph(
        "anomaly",
        b.x + b.w - (o.compact ? 7 : 3),
        o.compact ? b.y + b.h / 2 : b.y + 2,
        r,
        label,
      ),
    );
  }
  // The box shows what was sent; the tooltip gives what the step meant too, and the full statement.
  const sentLine = b.sent !== null && !sameStatement(b.sent, b.intent) ? `Sent: ${b.sent}` : null;
  const tip = [
    `#${b.seq} ${b.user}: ${b.intent}`,
    sentLine,
    b.status,
    undone ? "Undone: its changes never took effect" : null,
    ...b.findings.map((k) => `⚠ ${o.findingNames[k] ?? "anomaly"}`),
  ]
    .filter(Boolean)
    .join("\n");
  g.append(s("title", null, tip));
  if (on.onSelect) {
    // A step is a control: Tab reaches it, Enter opens its details, Alt+←/→ moves its turn.
    g.setAttribute("tabindex", "0");
    g.setAttribute("role", "button");
    g.setAttribute(
      "aria-label",
      `Step ${b.seq}, ${b.user}: ${b.label}${b.status ? `, ${b.status}` : ""}`,
    );
  }

  if (on.onSelect || on.onHover || on.onMove) wireBox(g, b, t, o, on);
  return g;
}

/** A step not reached yet: its place and its user's lane, nothing of what it did. */
function drawPlaceholder(b: StepBox, o: TimelineOptions, on: TimelineHandlers): SVGGElement {
  const g = s("g", {
    class: `step placeholder future${o.selected === b.seq ? " selected" : ""}`,
    "data-testid": "event",
    "data-seq": b.seq,
    "data-user": b.user,
    "data-placeholder": "true",
  });
  const rx = o.compact ? 4 : 6;
  g.append(s("rect", { class: "step-under", x: b.x, y: b.y, width: b.w, height: b.h, rx }));
  g.append(s("rect", { class: "step-box", x: b.x, y: b.y, width: b.w, height: b.h, rx }));
  const words = `Step ${b.seq}, ${b.user}: not reached yet`;
  g.append(s("title", null, words));
  if (on.onSelect) {
    g.setAttribute("tabindex", "0");
    g.setAttribute("role", "button");
    g.setAttribute("aria-label", words);
    g.addEventListener("click", () => on.onSelect?.(b.seq));
    g.addEventListener("keydown", (ev) => stepKeys(ev, b, on));
  }
  return g;
}

/** Enter (or a click) opens a step's details; Alt+←/→ moves its turn (the page's keys do the rest). */
function stepKeys(ev: KeyboardEvent, b: StepBox, on: TimelineHandlers): void {
  if (ev.key === "Enter" && !ev.altKey) on.onSelect?.(b.seq);
  else if (ev.altKey && (ev.key === "ArrowLeft" || ev.key === "ArrowRight") && on.onMove)
    on.onMove(b.seq, ev.key === "ArrowLeft" ? -1 : 1);
  else return;
  ev.preventDefault();
  ev.stopPropagation();
}

function wireBox(
  g: SVGGElement,
  b: StepBox,
  t: Timeline,
  o: TimelineOptions,
  on: TimelineHandlers,
): void {
  g.addEventListener("keydown", (ev) => stepKeys(ev, b, on));
  g.addEventListener("pointerenter", () => on.onHover?.(b.seq, g));
  g.addEventListener("pointerleave", () => on.onHover?.(null, null));
  let startX: number | null = null;
  let dragging = false;
  g.addEventListener("pointerdown", (ev) => {
    if (ev.button !== 0) return;
    startX = ev.clientX;
    dragging = false;
    g.setPointerCapture(ev.pointerId);
  });
  g.addEventListener("pointermove", (ev) => {
    if (startX === null || !o.draggable || !on.onMove) return;
    const dx = ev.clientX - startX;
    if (!dragging && Math.abs(dx) < 6) return;
    dragging = true;
    g.classList.add("dragging");
    g.setAttribute("transform", `translate(${dx} 0)`);
  });
  const finish = (ev: PointerEvent, cancelled: boolean) => {
    if (startX === null) return;
    const dx = ev.clientX - startX;
    startX = null;
    if (dragging) {
      dragging = false;
      g.classList.remove("dragging");
      g.removeAttribute("transform");
      const delta = Math.round(dx / t.colWidth);
      if (!cancelled && delta !== 0) on.onMove?.(b.seq, delta);
    } else if (!cancelled) {
      on.onSelect?.(o.selected === b.seq ? null : b.seq);
    }
  };
  g.addEventListener("pointerup", (ev) => finish(ev, false));
  g.addEventListener("pointercancel", (ev) => finish(ev, true));
}

/** A line through one line of text: the step's changes never took effect. */
function strike(x: number, y: number, w: number): SVGLineElement {
  return s("line", { class: "strike", x1: x - 1, y1: y, x2: x + w + 1, y2: y });
}

/** Status on one line if it fits, else its parts (" · ") on two, else wrapped and cut. */
function statusLines(status: string, width: number, measure: Measure): string[] {
  const packed = packItems(status.split(" · "), width, 2, measure);
  if (packed) return packed;
  // "BEGIN IMMEDIATE" / "waits": the verb alone on the second line reads best.
  const cut = status.lastIndexOf(" ");
  const parts = [status.slice(0, cut), status.slice(cut + 1)];
  if (cut > 0 && parts.every((p) => measure(p) <= width)) return parts;
  return wrapText(status, width, 2, measure);
}
