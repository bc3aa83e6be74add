//! The challenge card (lit-html): the goal, where the learner's run stands,
//! the answers the explorer gave, and the list of challenges with what is
//! won. It sits over the timeline, which the learner edits as always. Marks
//! have a shape as well as a colour: a tick for met or won, a ring for not yet.
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
  onOpen(id: string): void;
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
  const ids = CHALLENGES.map((c) => c.id);
  return html`<section
    class="challenge"
    data-testid="challenge"
    data-challenge=${ch.id}
    data-status=${status?.kind ?? "running"}
    data-won=${String(won)}
    aria-label="Challenge"
  >
    <div class="challenge-head">
      <p class="challenge-kicker">
        You are the scheduler · ${STRATEGY_TEXT[ch.strategy]} ·
        <span data-testid="challenge-progress">${wonCount(new Set(state.won), ids)} of ${ids.length} won</span>
      </p>
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
    <details class="challenge-list">
      <summary>All challenges</summary>
      <ol>
        ${CHALLENGES.map(
          (c) => html`<li>
            <button type="button" class="challenge-pick${c.id === ch.id ? " on" : ""}"
              data-testid="challenge-pick" data-challenge=${c.id}
              aria-current=${c.id === ch.id ? "true" : nothing}
              @click=${() => on.onOpen(c.id)}>
              ${state.won.includes(c.id) ? markIcon("won") : markIcon("not_met")}
              <span class="challenge-pick-title">${c.title}</span>
              <span class="challenge-pick-meta">${STRATEGY_TEXT[c.strategy]}${
                state.won.includes(c.id) ? " · won" : ""
              }</span>
            </button>
          </li>`,
        )}
      </ol>
    </details>
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
      onOpen: (id) => void mode.open(id),
    },
  );
}
