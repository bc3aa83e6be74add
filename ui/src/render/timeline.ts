//! Draws a Timeline view model as SVG. Decides nothing about the history: every
//! mark, bar and arrow is in the model; this file only turns them into shapes.
import type { Timeline, StepBox, DbBox, Arrow, BlockedBar } from "../model/timeline";
import { fitForms, fitLabel, packItems, wrapText, type Measure } from "../model/text";
import { cutAtWord } from "../model/compare-text";
import { sameStatement } from "../model/sent-sql";
import { s } from "./dom";
import { glyph, type Glyph } from "./glyphs";
import { measurer } from "./measure";

export interface TimelineOptions {
  /** Playhead: 0-based event index. */
  index: number;
  selected: number | null;
  compact: boolean;
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

// Must match the font sizes in timeline.css.
const LABEL_PX = 12.5;
const LABEL_PX_COMPACT = 11;
/** Line height of compact labels: a box this much taller holds another line. */
const COMPACT_LINE_H = 12.5;
const STATUS_PX = 11.5;
const ARROW_PX = 11.5;

const MARK_GLYPH: Partial<Record<string, Glyph>> = {
  blocked: "blocked",
  busy: "busy",
  conflict: "conflict",
  rolled_back: "rolled_back",
  error: "error",
  undone: "rolled_back",
};

export function drawTimeline(
  t: Timeline,
  o: TimelineOptions,
  on: TimelineHandlers = {},
): SVGSVGElement {
  const svg = s("svg", {
    class: `timeline-svg${o.compact ? " compact" : ""}`,
    width: t.width,
    height: t.height,
    viewBox: `0 0 ${t.width} ${t.height}`,
    role: "img",
  });
  const indexOf = new Map(t.columns.map((c, i) => [c.seq, i]));
  const whole = o.playhead === false;
  const when = (seq: number) => {
    if (whole) return "past";
    const i = indexOf.get(seq) ?? 0;
    return i < o.index ? "past" : i === o.index ? "now" : "future";
  };

  // Lane backgrounds; their labels are drawn last, on top (see below).
  t.lanes.forEach((lane, i) => {
    svg.append(
      s("rect", {
        class: `lane lane-${lane.kind}${i % 2 ? " lane-odd" : ""}`,
        x: 0,
        y: lane.y,
        width: t.width,
        height: lane.height,
      }),
    );
  });

  // Step numbers and the playhead column.
  const nowCol = whole ? undefined : t.columns[Math.min(o.index, t.columns.length - 1)];
  if (nowCol) {
    svg.append(
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
      svg.append(
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

  for (const bar of t.bars) svg.append(drawBar(bar, when(bar.from), t.deadlock));
  for (const b of t.dbBoxes) svg.append(drawDbBox(b, o, when(b.seq)));
  for (const b of t.boxes) svg.append(drawBox(b, t, o, on, when(b.seq)));
  for (const a of t.arrows) svg.append(drawArrow(a, o, when(a.to)));

  svg.append(drawLaneLabels(t, o));

  if (t.deadlock && t.columns.length > 0) {
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
    svg.append(g);
  }
  return svg;
}

/**
 * Lane labels on an opaque strip, in their own group, so a long history can
 * scroll sideways under them (the shell shifts the group by the scroll offset).
 */
function drawLaneLabels(t: Timeline, o: TimelineOptions): SVGGElement {
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
          { class: "lane-sub", x: 12, y: cy + 15, "dominant-baseline": "middle" },
          "committed",
        ),
      );
    }
  });
  return g;
}

/** `deadlock`: the run is shown to end in one, so a wait with no end never gets through. */
function drawBar(bar: BlockedBar, when: string, deadlock: boolean): SVGGElement {
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

function drawBox(
  b: StepBox,
  t: Timeline,
  o: TimelineOptions,
  on: TimelineHandlers,
  when: string,
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
  const measure = measurer(o.compact ? LABEL_PX_COMPACT : LABEL_PX);
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
    const statusMeasure = measurer(STATUS_PX, 700);
    let status = b.status ? statusLines(b.status, width, statusMeasure) : [];
    if (status.some((l) => l.endsWith("…")) && b.statusShort)
      status = statusLines(b.statusShort, width, statusMeasure);
    // Three lines fit a box: the status takes what it needs, the label the rest (at most two
    // beside a status, three alone, so "write balance = balance + 50" is never cut).
    const lines = label(status.length >= 2 ? 1 : status.length === 1 ? 2 : b.h >= 48 ? 3 : 2);
    const total = lines.length + status.length;
    const lineH = total >= 3 ? 14.5 : 16;
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

function drawDbBox(b: DbBox, o: TimelineOptions, when: string): SVGGElement {
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
  const measure = measurer(o.compact ? LABEL_PX_COMPACT : LABEL_PX);
  const padL = o.compact ? 5 : 18;
  // The richest form that fits whole: the old value goes before anything is cut.
  const shown = fitForms(b.forms, b.w - padL - 3, o.compact ? 1 : 2, measure);
  const lineH = 15;
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

function drawArrow(a: Arrow, o: TimelineOptions, when: string): SVGGElement {
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
