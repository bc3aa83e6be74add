//! The challenge card (lit-html): the goal, where the learner's run stands and
//! the answers the explorer gave. It sits over the timeline, which the learner
//! edits as always. In the challenge view the sidebar lists the challenges with
//! what is won; elsewhere it offers the way in. Marks have a shape as well as a
//! colour: a tick for met or won (filled when won), a ring for not yet.
import { html, nothing, svg, type TemplateResult } from "lit-html";
import type { RunReport } from "../bindings/RunReport";
import type { ChallengeAsk, ChallengeMode, ChallengeState } from "../app/challenge";
import type { AppState } from "../app/state";
import { currentHint } from "../app/challenge";
import type { Challenge, RunStatus } from "../model/challenge";
import { runStatus } from "../model/challenge";
import { wonCount } from "../model/challenge-progress";
import { CHALLENGES } from "../model/challenge-set";
import { goalText, hintText, statusText, verdictText } from "../model/challenge-text";
import { STRATEGY_TEXT } from "../model/values";

export interface ChallengeCardInput {
  challenge: Challenge;
  state: ChallengeState;
  report: RunReport | null;
  scenarioId: string;
  loading: boolean;
}

export interface ChallengeHandlers {
  onHint(): void;
  onCannot(): void;
  onRestart(): void;
  onNext(): void;
}

type Mark = "met" | "not_met" | "won";

function markIcon(kind: Mark): TemplateResult {
  // A tick for met and won (won is filled), a ring for not yet: never colour alone.
  const body =
    kind === "not_met"
      ? svg`<circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" stroke-width="2" />`
      : svg`<circle cx="8" cy="8" r="7" fill=${kind === "won" ? "currentColor" : "none"}
            stroke="currentColor" stroke-width="1.6" />
          <path d="M4.5 8.3 L7 10.8 L11.6 5.6" fill="none" stroke-width="2"
            stroke=${kind === "won" ? "var(--surface)" : "currentColor"}
            stroke-linecap="round" stroke-linejoin="round" />`;
  return html`<svg class="challenge-mark" viewBox="0 0 16 16" width="18" height="18" aria-hidden="true">${body}</svg>`;
}

function statusOf(input: ChallengeCardInput): RunStatus | null {
  if (!input.report || input.loading) return null;
  return runStatus(input.challenge, input.scenarioId, input.report);
}

function answerText(ask: ChallengeAsk, report: RunReport | null): string {
  switch (ask.kind) {
    case "none":
      return "";
    case "exploring":
      return ask.question === "hint"
        ? "Asking the explorer for a hint…"
        : "Asking the explorer to try every interleaving…";
    case "hint": {
      const h = currentHint(ask, report);
      return h ? `Hint: ${hintText(h)}` : "";
    }
    case "verdict":
      return verdictText(ask.verdict);
    case "failed":
      return ask.message;
  }
}

function answerKind(ask: ChallengeAsk): string {
  return ask.kind === "verdict" ? ask.verdict.kind : ask.kind;
}

export function challengeTemplate(
  input: ChallengeCardInput,
  on: ChallengeHandlers,
): TemplateResult {
  const { challenge: ch, state } = input;
  const won = state.won.includes(ch.id);
  const status = statusOf(input);
  const mark: Mark = status?.kind === "met" ? "met" : "not_met";
  const answer = answerText(state.ask, input.report);
  const busy = state.ask.kind === "exploring";
  return html`<section
    class="challenge"
    data-testid="challenge"
    data-challenge=${ch.id}
    data-status=${status?.kind ?? "running"}
    data-won=${String(won)}
    aria-label="Challenge"
  >
    <div class="challenge-head">
      <p class="challenge-kicker">You are the scheduler · ${STRATEGY_TEXT[ch.strategy]}</p>
      <h2 class="challenge-title">${ch.title}</h2>
      <p class="challenge-goal"><span class="challenge-label">Goal</span> ${goalText(ch.goal)}</p>
    </div>
    ${
      won
        ? html`<p class="challenge-won" data-testid="challenge-won">${markIcon("won")}<span>Won</span></p>`
        : nothing
    }
    <p class="challenge-status" data-testid="challenge-status" data-status=${status?.kind ?? "running"}>
      ${status ? markIcon(mark) : nothing}<span>${status ? statusText(status) : "Running…"}</span>
    </p>
    <div class="challenge-actions">
      <button type="button" class="plain-btn" data-testid="challenge-hint" ?disabled=${busy}
        @click=${on.onHint}>Hint</button>
      <button type="button" class="plain-btn" data-testid="challenge-cannot" ?disabled=${busy}
        @click=${on.onCannot}>It can't be done</button>
      <button type="button" class="plain-btn" data-testid="challenge-restart"
        @click=${on.onRestart}>Start again</button>
      <button type="button" class="plain-btn" data-testid="challenge-next"
        @click=${on.onNext}>Next challenge</button>
    </div>
    <p class="challenge-answer" data-testid="challenge-answer" data-answer=${answerKind(state.ask)}
      aria-live="polite" ?hidden=${answer === ""}>${answer}</p>
  </section>`;
}

/** The card where the page places it: in the challenge view only, wired to the challenge mode. */
export function challengeRegion(
  st: AppState,
  mode: ChallengeMode,
): TemplateResult | typeof nothing {
  const ch = st.view === "challenge" ? mode.active() : null;
  if (!ch) return nothing;
  return challengeTemplate(
    {
      challenge: ch,
      state: st.challenge,
      report: st.report,
      scenarioId: st.request.id,
      loading: st.loading,
    },
    {
      onHint: () => void mode.hint(),
      onCannot: () => void mode.cannot(),
      onRestart: () => void mode.restart(),
      onNext: () => void mode.openNext(),
    },
  );
}

function progressLine(won: readonly string[]): string {
  const ids = CHALLENGES.map((c) => c.id);
  return `${wonCount(new Set(won), ids)} of ${ids.length} won`;
}

/**
 * The sidebar's part: in the challenge view, the challenges (the one on
 * screen marked, the won ones ticked) and the way back to the scenarios;
 * elsewhere, the way in, with the progress so far.
 */
export function challengeSidebarTemplate(
  st: AppState,
  mode: Pick<ChallengeMode, "toggle" | "open">,
): TemplateResult {
  const won = st.challenge.won;
  if (st.view !== "challenge")
    return html`<button type="button" class="challenge-entry" data-testid="challenge-toggle"
      title="Reorder the steps to meet a goal, or prove it can't be done (S)"
      @click=${() => void mode.toggle()}>
      <span class="challenge-entry-title">You are the scheduler</span>
      <span class="challenge-entry-meta">Challenges · ${progressLine(won)}</span>
    </button>`;
  const current = st.challenge.active;
  return html`<div class="side-head row">
      <h2>Challenges</h2>
      <button type="button" class="small" data-testid="challenge-leave" title="Back to the scenarios (S)"
        @click=${() => void mode.toggle()}>Scenarios</button>
    </div>
    <p class="challenge-progress" data-testid="challenge-progress">${progressLine(won)}</p>
    <ol class="challenge-picks">
      ${CHALLENGES.map((c) => {
        const done = won.includes(c.id);
        return html`<li>
          <button type="button" class="challenge-pick${c.id === current ? " on" : ""}"
            data-testid="challenge-pick" data-challenge=${c.id} data-won=${String(done)}
            aria-current=${c.id === current ? "true" : nothing}
            @click=${() => void mode.open(c.id)}>
            ${markIcon(done ? "won" : "not_met")}
            <span class="challenge-pick-title">${c.title}</span>
            <span class="challenge-pick-meta">${STRATEGY_TEXT[c.strategy]}${done ? " · won" : ""}</span>
          </button>
        </li>`;
      })}
    </ol>`;
}
