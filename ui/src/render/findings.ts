//! The findings panel: the run's outcome (the same badge as compare and the
//! explorer show, from `RunReport.outcome`) with the engine's verdict, then
//! each anomaly as the playhead reaches it: its kind and class, its sentence,
//! one line per edge of its cycle, and the strategies that prevent it. An
//! anomaly not reached yet says where it will show, so step 1 does not give
//! it away.
import { html, nothing, type TemplateResult } from "lit-html";
import type { Finding } from "../bindings/Finding";
import type { RunReport } from "../bindings/RunReport";
import { CLASS_HINT, preventionText } from "../model/findings";
import { RUN_OUTCOME_HINT, reportBadge } from "../model/run-outcome";
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
  report: RunReport,
  f: Finding,
  k: number,
  shownUpTo: number,
  on: FindingsHandlers,
): TemplateResult {
  const last = f.events[f.events.length - 1] ?? 0;
  const reached = last <= shownUpTo;
  return html`<article
    class="finding${reached ? " reached" : " pending"}"
    data-testid="finding"
    data-kind=${f.kind}
    data-reached=${String(reached)}
  >
    <header class="finding-head">
      ${glyphIcon("anomaly", 18, report.findings.length > 1 ? String(k + 1) : undefined)}<span
        class="finding-kind"
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
    ${
      reached
        ? findingBody(f)
        : // Shown in full from the start (a teacher can read the lesson out at once), but
          // marked as what the run comes to, not what has happened yet.
          html`<p class="finding-hint">Will show at step ${last}. <button
              class="linkish"
              type="button"
              @click=${() => on.onReach(last)}
            >Go there</button></p>
            <div class="finding-early">${findingBody(f)}</div>`
    }
  </article>`;
}

/** `shownUpTo`: the seq at the playhead; a finding shows once the playhead reaches its last event. */
export function findingsTemplate(
  report: RunReport | null,
  shownUpTo: number,
  on: FindingsHandlers,
): TemplateResult {
  if (!report) return html`<p class="empty">No run on screen.</p>`;
  return html`${runOutcome(report)}${report.findings.map((f, k) =>
    findingTemplate(report, f, k, shownUpTo, on),
  )}`;
}
