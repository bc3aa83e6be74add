//! The caption while a question stands (predict mode, Q): before its step
//! the question alone, nothing of the answer; at its step the step's own
//! caption and the answer under it. Draws model/predict.ts's facts through
//! the words of model/predict-text.ts.
import { html, type TemplateResult } from "lit-html";
import type { RunReport } from "../bindings/RunReport";
import type { PlayheadView } from "../model/playhead";
import { answered, asking, type PredictState } from "../model/predict";
import { answerText, questionText } from "../model/predict-text";

/** What the caption bar is doing, for its data-question attribute (and the e2e tests). */
export function questionState(
  report: RunReport | null,
  p: PredictState,
  index: number,
): "asking" | "answered" | null {
  if (asking(report, p, index)) return "asking";
  if (answered(report, p, index)) return "answered";
  return null;
}

/** The caption's step, user and text while a question stands; null when none does. */
export function predictCaption(
  report: RunReport | null,
  p: PredictState,
  v: PlayheadView | null,
): TemplateResult | null {
  if (!report || !v) return null;
  const q = asking(report, p, v.index);
  if (q) {
    const t = questionText(q);
    return html`<span class="caption-step">${q.index + 1}<span class="of">/${v.total}</span></span
      ><span class="caption-user">${q.user}</span
      ><span class="caption-text predict-question" data-testid="predict-question"
        ><span class="predict-mark" aria-hidden="true">?</span>${t.lead} <strong>${t.ask}</strong></span
      ><span class="predict-hint"><kbd>→</kbd> or <kbd>Space</kbd> reveals</span>`;
  }
  const a = answered(report, p, v.index);
  if (!a) return null;
  return html`<span class="caption-step">${v.index + 1}<span class="of">/${v.total}</span></span
    ><span class="caption-user">${v.user}</span
    ><span class="caption-text"
      >${v.caption}<span class="predict-answer" data-testid="predict-answer"
        >${answerText(report, a)}</span
      ></span
    >`;
}

/** The mode's toggle, at the caption's end: what it does, its key, and whether it is on. */
export function predictToggle(on: boolean, toggle: () => void): TemplateResult {
  return html`<button
    type="button"
    class="toggle predict-toggle${on ? " on" : ""}"
    data-testid="predict-toggle"
    aria-pressed=${String(on)}
    title="Predict, then reveal: stop before each step worth a guess; → or Space reveals (Q)"
    @mousedown=${(e: MouseEvent) => e.preventDefault()}
    @click=${toggle}
  ><span class="predict-mark" aria-hidden="true">?</span> Predict</button>`;
}
