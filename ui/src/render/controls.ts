//! The header (strategy, journal, compare, explore, presentation, theme) and the transport bar
//! (playback, scrub, speed, schedule). Built once and updated in place, so focus
//! and a scrub in progress survive redraws.
import type { Journal } from "../bindings/Journal";
import type { Strategy } from "../bindings/Strategy";
import { STRATEGIES, STRATEGY_HINT, STRATEGY_TEXT } from "../model/values";
import { fill, h } from "./dom";
import { glyphIcon, transportIcon } from "./glyphs";

export interface HeaderProps {
  strategy: Strategy | null;
  asWritten: boolean;
  journal: Journal | null;
  compare: boolean;
  /** The run's outcome is a deadlock: said in the header as well as in the findings. */
  deadlock: boolean;
  exploring: boolean;
  theme: "light" | "dark";
  loading: boolean;
  presenting: boolean;
}

export interface HeaderHandlers {
  onStrategy(s: Strategy): void;
  onJournal(): void;
  onCompare(): void;
  onExplore(): void;
  onTheme(): void;
  onPresent(): void;
}

/** Buttons should not keep focus after a click, so Space stays play/pause. */
function button(props: Record<string, unknown>, ...children: (Node | string)[]): HTMLButtonElement {
  const b = h("button", { type: "button", ...props }, ...children);
  b.addEventListener("mousedown", (e) => e.preventDefault());
  return b;
}

export function createHeader(on: HeaderHandlers) {
  const strategyButtons = STRATEGIES.map((st, i) =>
    button(
      {
        class: "seg",
        "data-testid": `strategy-${st}`,
        title: `${STRATEGY_HINT[st]} (key ${i + 1})`,
        "aria-pressed": "false",
        onclick: () => on.onStrategy(st),
      },
      h("span", { class: "key" }, String(i + 1)),
      STRATEGY_TEXT[st],
    ),
  );
  const asWritten = h(
    "span",
    {
      class: "as-written",
      hidden: true,
      title: "A raw-SQL scenario runs each user's statements as written; strategies do not apply",
    },
    "as written",
  );
  // Labelled as a setting ("Journal: WAL"), not an action: "Rollback" alone read like a button that rolls back.
  const journalValue = h("span", { class: "journal-value" }, "WAL");
  const journal = button(
    {
      class: "toggle journal-toggle",
      "data-testid": "journal-toggle",
      title: "Switch between WAL and the rollback journal",
      onclick: () => on.onJournal(),
    },
    h("span", { class: "journal-key" }, "Journal:"),
    " ",
    journalValue,
  );
  const deadlock = h(
    "span",
    {
      class: "deadlock-pill",
      hidden: true,
      title: "This run ended in a deadlock: each user waits for a lock the other holds",
    },
    glyphIcon("deadlock", 16),
    "Deadlock",
  );
  const compare = button(
    {
      class: "toggle",
      "data-testid": "compare-toggle",
      title: "Compare all five strategies (C)",
      "aria-pressed": "false",
      onclick: () => on.onCompare(),
    },
    "Compare all",
  );
  const explore = button(
    {
      class: "toggle",
      "data-testid": "explore-toggle",
      title: "Run every interleaving under every strategy",
      "aria-pressed": "false",
      onclick: () => on.onExplore(),
    },
    "Explore",
  );
  const present = button(
    {
      class: "toggle",
      "data-testid": "presentation-toggle",
      title: "Presentation mode: large type, captions as narration (P; Esc leaves)",
      "aria-pressed": "false",
      onclick: () => on.onPresent(),
    },
    "Present",
  );
  const theme = button(
    {
      class: "toggle icon-only",
      "data-testid": "theme-toggle",
      title: "Light or dark",
      onclick: () => on.onTheme(),
    },
    "◐",
  );
  const busy = h("span", { class: "spinner", hidden: true, "aria-label": "running" });
  const el = h(
    "header",
    { class: "topbar" },
    h("div", { class: "brand" }, "Interleave"),
    h("div", { class: "segmented", role: "group", "aria-label": "Strategy" }, ...strategyButtons),
    asWritten,
    deadlock,
    busy,
    h("div", { class: "spacer" }),
    journal,
    compare,
    explore,
    present,
    theme,
  );
  return {
    el,
    update(p: HeaderProps) {
      strategyButtons.forEach((b, i) => {
        const on = p.strategy === STRATEGIES[i];
        b.setAttribute("aria-pressed", String(on));
        b.classList.toggle("on", on);
        b.disabled = p.asWritten;
      });
      asWritten.hidden = !p.asWritten;
      // Disabled buttons need no key hints: the room goes to the raw-SQL and deadlock pills.
      el.classList.toggle("strategies-off", p.asWritten);
      // Short labels: the header must fit 1280 px with every button; the title says more.
      journalValue.textContent = p.journal === "delete" ? "rollback" : "WAL";
      deadlock.hidden = !p.deadlock;
      journal.title =
        p.journal === "delete"
          ? "Journal: the rollback journal (click for WAL)"
          : "Journal: WAL (click for the rollback journal)";
      journal.setAttribute("data-journal", p.journal ?? "wal");
      compare.setAttribute("aria-pressed", String(p.compare));
      compare.classList.toggle("on", p.compare);
      explore.setAttribute("aria-pressed", String(p.exploring));
      explore.classList.toggle("on", p.exploring);
      present.setAttribute("aria-pressed", String(p.presenting));
      present.classList.toggle("on", p.presenting);
      present.textContent = p.presenting ? "Leave presentation" : "Present";
      theme.textContent = p.theme === "dark" ? "☾" : "☀";
      theme.setAttribute(
        "aria-label",
        p.theme === "dark" ? "Dark theme (click for light)" : "Light theme (click for dark)",
      );
      theme.title =
        p.theme === "dark" ? "Dark theme: click for light" : "Light theme: click for dark";
      busy.hidden = !p.loading;
    },
  };
}

export interface TransportProps {
  index: number;
  total: number;
  playing: boolean;
  speed: number;
  hasAnomaly: boolean;
  customSchedule: boolean;
  canEdit: boolean;
}

export interface TransportHandlers {
  onPlay(): void;
  onStep(delta: number): void;
  onHome(): void;
  onEnd(): void;
  onSeek(index: number): void;
  onSpeed(speed: number): void;
  onJumpAnomaly(): void;
  onResetSchedule(): void;
}

export const SPEEDS = [0.5, 1, 2, 4];

export function createTransport(on: TransportHandlers) {
  const home = button(
    {
      class: "icon-btn",
      title: "First step (Home)",
      "aria-label": "First step",
      onclick: () => on.onHome(),
    },
    transportIcon("home"),
  );
  const back = button(
    {
      class: "icon-btn",
      "data-testid": "step-back",
      title: "Step back (←)",
      "aria-label": "Step back",
      onclick: () => on.onStep(-1),
    },
    transportIcon("back"),
  );
  const play = button(
    {
      class: "icon-btn play",
      "data-testid": "play",
      title: "Play / pause (Space)",
      "aria-label": "Play",
    },
    transportIcon("play"),
  );
  play.addEventListener("click", () => on.onPlay());
  const fwd = button(
    {
      class: "icon-btn",
      "data-testid": "step-forward",
      title: "Step forward (→, PageDown or .)",
      "aria-label": "Step forward",
      onclick: () => on.onStep(1),
    },
    transportIcon("forward"),
  );
  const end = button(
    {
      class: "icon-btn",
      title: "Last step (End)",
      "aria-label": "Last step",
      onclick: () => on.onEnd(),
    },
    transportIcon("end"),
  );
  const scrub = h("input", {
    type: "range",
    class: "scrub",
    min: 1,
    max: 1,
    value: 1,
    step: 1,
    "aria-label": "Scrub through the steps",
  });
  scrub.addEventListener("input", () => on.onSeek(Number(scrub.value) - 1));
  scrub.addEventListener("keydown", (e) => e.preventDefault()); // the global keys handle arrows
  const position = h("span", { class: "position", "data-testid": "playhead" }, "step 0 of 0");
  const speed = h(
    "select",
    { class: "speed", title: "Playback speed", "aria-label": "Playback speed" },
    ...SPEEDS.map((sp) => h("option", { value: sp }, `${sp}×`)),
  );
  speed.addEventListener("change", () => {
    on.onSpeed(Number(speed.value));
    speed.blur(); // keep Space for play/pause
  });
  const jump = button(
    {
      class: "accent-btn",
      "data-testid": "jump-anomaly",
      title: "Jump to where the first anomaly shows",
      onclick: () => on.onJumpAnomaly(),
    },
    "⚠ Jump to first anomaly",
  );
  const reset = button(
    {
      class: "plain-btn",
      "data-testid": "reset-schedule",
      title: "Back to the scenario's own interleaving",
      onclick: () => on.onResetSchedule(),
    },
    "Reset schedule",
  );
  const hint = h(
    "span",
    {
      class: "edit-hint",
      title:
        "Drag a step sideways, or select it and press Alt+← / Alt+→, to move that turn earlier or later",
    },
    "Drag steps to reorder",
  );
  const el = h(
    "div",
    { class: "transport" },
    h("div", { class: "transport-buttons" }, home, back, play, fwd, end),
    scrub,
    position,
    h("label", { class: "speed-label" }, "Speed ", speed),
    hint,
    reset,
    jump,
  );
  return {
    el,
    update(p: TransportProps) {
      scrub.max = String(Math.max(1, p.total));
      scrub.value = String(p.index + 1);
      scrub.disabled = p.total <= 1;
      position.textContent = p.total > 0 ? `step ${p.index + 1} of ${p.total}` : "step 0 of 0";
      if (play.dataset.state !== String(p.playing)) {
        fill(play, transportIcon(p.playing ? "pause" : "play"));
        play.dataset.state = String(p.playing);
      }
      play.setAttribute("aria-label", p.playing ? "Pause" : "Play");
      play.classList.toggle("on", p.playing);
      back.disabled = p.index <= 0;
      home.disabled = p.index <= 0;
      fwd.disabled = p.index >= p.total - 1;
      end.disabled = p.index >= p.total - 1;
      if (speed.value !== String(p.speed)) speed.value = String(p.speed);
      jump.disabled = !p.hasAnomaly;
      reset.hidden = !p.customSchedule;
      hint.hidden = p.customSchedule || !p.canEdit;
    },
  };
}
