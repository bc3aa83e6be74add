//! The findings panel: the run's outcome (the same badge as compare and the
//! explorer show, from `RunReport.outcome`) with the engine's verdict, then
//! each anomaly: its kind and class, its sentence, one line per edge of its
//! cycle, and the strategies that prevent it. What is shown follows
//! model/reveal.ts: a finding once the playhead reaches the event where its
//! cycle closes, the whole run's outcome at the last step; before then
//! nothing says whether anything will be found.
import { html, nothing, type TemplateResult } from "lit-html";
import type { Finding } from "../bindings/Finding";
import type { RunReport } from "../bindings/RunReport";
import { CLASS_HINT, preventionText } from "../model/findings";
import { RUN_OUTCOME_HINT, reportBadge } from "../model/run-outcome";
import type { Reveal } from "../model/reveal";
import { KIND_TEXT } from "../model/values";
import { glyphIcon } from "./glyphs";

export interface FindingsHandlers {
  /** Open a step's details. */
  onShowEvent(seq: number): void;
  /** Move the playhead to a step, staying on the findings. */
  onReach(seq: number): void;
}

/**
 * The run's outcome in a word or two (its badge), then the engine's sentence.
 * For an anomaly that sentence only counts what the findings below name, so it
 * moves to the tooltip and the room goes to the findings.
 */
function runOutcome(report: RunReport): TemplateResult {
  const head = reportBadge(report);
  const failed = report.invariants.filter((i) => !i.holds);
  const redundant = head.outcome === "anomaly" && report.findings.length > 0;
  return html`<section
    class="run-outcome ${head.good ? "good" : "bad"} outcome-${head.outcome}"
    data-testid="run-outcome"
    data-outcome=${head.outcome}
    data-ending=${report.ending}
    title=${redundant ? report.verdict : nothing}
  >
    <div class="run-outcome-head" title=${RUN_OUTCOME_HINT[head.outcome]}>
      <span class="run-outcome-label">Whole run</span>${glyphIcon(head.glyph, head.outcome === "deadlock" ? 22 : 20)}<span
        class="run-outcome-text"
        >${head.text}</span
      >
    </div>
    ${redundant ? nothing : html`<p class="verdict" data-testid="verdict">${report.verdict}</p>`}
    ${
      failed.length > 0
        ? html`<ul class="facts">
            ${failed.map((i) => {
              const text = `Invariant broken: ${i.check}${i.error ? ` (${i.error})` : ""}`;
              return html`<li title=${text}>Invariant broken: <code>${i.check}</code>${i.error ? ` (${i.error})` : ""}</li>`;
            })}
          </ul>`
        : nothing
    }
  </section>`;
}

/** The sentence, the cycle edge by edge, and what prevents it. */
function findingBody(f: Finding): TemplateResult {
  const prevention = preventionText(f);
  return html`<p class="explanation">${f.explanation}</p>
    ${
      f.steps.length > 0
        ? html`<ul class="finding-edges" aria-label="The cycle, edge by edge">
            ${f.steps.map((line) => html`<li>${line}</li>`)}
          </ul>`
        : nothing
    }
    ${
      prevention
        ? html`<p class="prevention" data-testid="prevented-by"><strong>Prevented by: </strong>${prevention}</p>`
        : nothing
    }`;
}

function findingTemplate(
  f: Finding,
  k: number,
  numbered: boolean,
  on: FindingsHandlers,
): TemplateResult {
  return html`<article class="finding reached" data-testid="finding" data-kind=${f.kind} data-reached="true">
    <header class="finding-head">
      ${glyphIcon("anomaly", 18, numbered ? String(k + 1) : undefined)}<span class="finding-kind"
        >${KIND_TEXT[f.kind] ?? f.kind}</span
      >${
        f.class
          ? html`<span class="class-tag" title=${`Adya class ${f.class}: ${CLASS_HINT[f.class]}`}
              >${f.class}</span
            >`
          : nothing
      }<span class="finding-steps"
        >steps ${f.events.map(
          (seq, i) =>
            html`${i > 0 ? ", " : ""}<button
                class="linkish"
                type="button"
                @click=${() => on.onShowEvent(seq)}
              >${seq}</button>`,
        )}</span
      >
    </header>
    ${findingBody(f)}
  </article>`;
}

/** Before the last step: the whole run's outcome is not told, only where it will be. */
function outcomeLater(report: RunReport, on: FindingsHandlers): TemplateResult {
  const last = report.events[report.events.length - 1]?.seq ?? 0;
  return html`<section class="run-outcome later" data-testid="run-outcome" data-outcome="later">
    <p class="run-outcome-later">
      <span class="run-outcome-label">Whole run</span> Its outcome is told at the last step,
      ${last}.
      <button class="linkish" type="button" @click=${() => on.onReach(last)}>Go there</button>
    </p>
  </section>`;
}

/** What the playhead has reached of the run's findings and outcome (see model/reveal.ts). */
export function findingsTemplate(
  report: RunReport | null,
  reveal: Reveal | null,
  on: FindingsHandlers,
): TemplateResult {
  if (!report || !reveal) return html`<p class="empty">No run on screen.</p>`;
  const shown = reveal.findings;
  return html`${reveal.outcome ? runOutcome(report) : outcomeLater(report, on)}${
    !reveal.outcome && shown.length === 0
      ? html`<p class="empty findings-none" data-testid="findings-none">Nothing found so far.</p>`
      : nothing
  }${shown.map((k) => findingTemplate(report.findings[k], k, shown.length > 1, on))}`;
}
