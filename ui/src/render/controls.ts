//! The header (strategy, journal, compare, explore, presentation, theme) and the transport bar
//! (playback, scrub, speed, schedule), as lit-html templates: the shell renders them on every
//! change and lit patches the same elements, so focus and a scrub in progress survive redraws.
import { html, type TemplateResult } from "lit-html";
import type { Journal } from "../bindings/Journal";
import type { Strategy } from "../bindings/Strategy";
import { STRATEGIES, STRATEGY_HINT, STRATEGY_TEXT } from "../model/values";
import { glyphIcon, transportIcon, type TransportIcon } from "./glyphs";

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

/** A click should not leave focus on a header button, so Space stays play/pause. Tab still reaches them. */
const noMouseFocus = (e: Event) => e.preventDefault();

/** Icons are nodes: one per kind, so lit sees the same node and leaves it in place. */
const icons = new Map<string, SVGSVGElement>();
function icon(kind: TransportIcon): SVGSVGElement {
  let el = icons.get(kind);
  if (!el) {
    el = transportIcon(kind);
    icons.set(kind, el);
  }
  return el;
}
let deadlock: SVGSVGElement | null = null;
function deadlockIcon(): SVGSVGElement {
  if (!deadlock) deadlock = glyphIcon("deadlock", 16);
  return deadlock;
}

export function headerTemplate(p: HeaderProps, on: HeaderHandlers): TemplateResult {
  // Short labels: the header must fit 1280 px with every button; the title says more.
  const journal = p.journal ?? "wal";
  return html`<header class="topbar${p.asWritten ? " strategies-off" : ""}">
    <div class="brand">Interleave</div>
    <div class="segmented" role="group" aria-label="Strategy">
      ${STRATEGIES.map((st, i) => {
        const pressed = p.strategy === st;
        return html`<button
          type="button"
          class="seg${pressed ? " on" : ""}"
          data-testid=${`strategy-${st}`}
          title=${`${STRATEGY_HINT[st]} (key ${i + 1})`}
          aria-pressed=${String(pressed)}
          ?disabled=${p.asWritten}
          @mousedown=${noMouseFocus}
          @click=${() => on.onStrategy(st)}
        ><span class="key">${i + 1}</span>${STRATEGY_TEXT[st]}</button>`;
      })}
    </div>
    <span
      class="as-written"
      ?hidden=${!p.asWritten}
      title="A raw-SQL scenario runs each user's statements as written; strategies do not apply"
    >as written</span>
    <span
      class="deadlock-pill"
      ?hidden=${!p.deadlock}
      title="This run ended in a deadlock: each user waits for a lock the other holds"
    >${deadlockIcon()}Deadlock</span>
    <span class="spinner" ?hidden=${!p.loading} aria-label="running"></span>
    <div class="spacer"></div>
    <button
      type="button"
      class="toggle journal-toggle"
      data-testid="journal-toggle"
      data-journal=${journal}
      title=${
        journal === "delete"
          ? "Journal: the rollback journal (click for WAL)"
          : "Journal: WAL (click for the rollback journal)"
      }
      @mousedown=${noMouseFocus}
      @click=${on.onJournal}
    ><span class="journal-key">Journal:</span> <span class="journal-value">${
      journal === "delete" ? "rollback" : "WAL"
    }</span></button>
    <button
      type="button"
      class="toggle${p.compare ? " on" : ""}"
      data-testid="compare-toggle"
      title="Compare all five strategies (C)"
      aria-pressed=${String(p.compare)}
      @mousedown=${noMouseFocus}
      @click=${on.onCompare}
    >Compare all</button>
    <button
      type="button"
      class="toggle${p.exploring ? " on" : ""}"
      data-testid="explore-toggle"
      title="Run every interleaving under every strategy"
      aria-pressed=${String(p.exploring)}
      @mousedown=${noMouseFocus}
      @click=${on.onExplore}
    >Explore</button>
    <button
      type="button"
      class="toggle${p.presenting ? " on" : ""}"
      data-testid="presentation-toggle"
      title="Presentation mode: large type, captions as narration (P; Esc leaves)"
      aria-pressed=${String(p.presenting)}
      @mousedown=${noMouseFocus}
      @click=${on.onPresent}
    >${p.presenting ? "Leave presentation" : "Present"}</button>
    <button
      type="button"
      class="toggle icon-only"
      data-testid="theme-toggle"
      aria-label=${p.theme === "dark" ? "Dark theme (click for light)" : "Light theme (click for dark)"}
      title=${p.theme === "dark" ? "Dark theme: click for light" : "Light theme: click for dark"}
      @mousedown=${noMouseFocus}
      @click=${on.onTheme}
    >${p.theme === "dark" ? "☾" : "☀"}</button>
  </header>`;
}

export interface TransportProps {
  index: number;
  total: number;
  playing: boolean;
  speed: number;
  hasAnomaly: boolean;
  customSchedule: boolean;
  canEdit: boolean;
  /** Everything is shown at once ("Show the whole run"), not as the playhead reaches it. */
  revealAll: boolean;
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
  onRevealAll(): void;
}

export const SPEEDS = [0.5, 1, 2, 4];

export function transportTemplate(p: TransportProps, on: TransportHandlers): TemplateResult {
  const atStart = p.index <= 0;
  const atEnd = p.index >= p.total - 1;
  // The slider handles no keys of its own beyond what the page's keys do (arrows step, Home/End):
  // the window's handler takes those and prevents the slider's default, and Tab leaves it.
  return html`<div class="transport">
    <div class="transport-buttons">
      <button type="button" class="icon-btn" data-testid="first-step" title="First step (Home)"
        aria-label="First step" ?disabled=${atStart} @mousedown=${noMouseFocus} @click=${on.onHome}
      >${icon("home")}</button>
      <button type="button" class="icon-btn" data-testid="step-back" title="Step back (←)"
        aria-label="Step back" ?disabled=${atStart} @mousedown=${noMouseFocus}
        @click=${() => on.onStep(-1)}
      >${icon("back")}</button>
      <button type="button" class="icon-btn play${p.playing ? " on" : ""}" data-testid="play"
        data-state=${String(p.playing)} title="Play / pause (Space)"
        aria-label=${p.playing ? "Pause" : "Play"} @mousedown=${noMouseFocus} @click=${on.onPlay}
      >${icon(p.playing ? "pause" : "play")}</button>
      <button type="button" class="icon-btn" data-testid="step-forward"
        title="Step forward (→, PageDown or .)" aria-label="Step forward" ?disabled=${atEnd}
        @mousedown=${noMouseFocus} @click=${() => on.onStep(1)}
      >${icon("forward")}</button>
      <button type="button" class="icon-btn" data-testid="last-step" title="Last step (End)"
        aria-label="Last step" ?disabled=${atEnd} @mousedown=${noMouseFocus} @click=${on.onEnd}
      >${icon("end")}</button>
    </div>
    <input
      type="range"
      class="scrub"
      data-testid="scrub"
      min="1"
      step="1"
      .max=${String(Math.max(1, p.total))}
      .value=${String(p.index + 1)}
      ?disabled=${p.total <= 1}
      aria-label="Scrub through the steps"
      aria-valuetext=${p.total > 0 ? `step ${p.index + 1} of ${p.total}` : "no steps"}
      @input=${(e: Event) => on.onSeek(Number((e.target as HTMLInputElement).value) - 1)}
    />
    <span class="position" data-testid="playhead"
      >${p.total > 0 ? `step ${p.index + 1} of ${p.total}` : "step 0 of 0"}</span
    >
    <label class="speed-label"
      >Speed
      <select
        class="speed"
        title="Playback speed"
        aria-label="Playback speed"
        .value=${String(p.speed)}
        @change=${(e: Event) => {
          const el = e.target as HTMLSelectElement;
          on.onSpeed(Number(el.value));
          el.blur(); // keep Space for play/pause
        }}
      >
        ${SPEEDS.map((sp) => html`<option value=${sp} ?selected=${sp === p.speed}>${sp}×</option>`)}
      </select></label
    >
    <button
      type="button"
      class="toggle reveal-toggle${p.revealAll ? " on" : ""}"
      data-testid="reveal-toggle"
      aria-pressed=${String(p.revealAll)}
      title="Show every step, mark and finding at once, or only what the playhead has reached (W)"
      @mousedown=${noMouseFocus}
      @click=${on.onRevealAll}
    >
      Whole run
    </button>
    <span
      class="edit-hint"
      ?hidden=${p.customSchedule || !p.canEdit}
      title="Drag a step sideways, or select it and press Alt+← / Alt+→, to move that turn earlier or later"
    >Drag steps to reorder</span>
    <button type="button" class="plain-btn" data-testid="reset-schedule"
      title="Back to the scenario's own interleaving" ?hidden=${!p.customSchedule}
      @mousedown=${noMouseFocus} @click=${on.onResetSchedule}
    >Reset schedule</button>
    <button type="button" class="accent-btn" data-testid="jump-anomaly"
      title="Jump to where the first anomaly shows, if this run has one" ?disabled=${!p.hasAnomaly}
      @mousedown=${noMouseFocus} @click=${on.onJumpAnomaly}
    >⚠ Jump to anomaly</button>
  </div>`;
}
