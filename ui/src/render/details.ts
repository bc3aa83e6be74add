//! One step's details: its SQL, rows read (and whose write each value came
//! from), rows changed, error, and the user's local values afterwards.
import { html, nothing, type TemplateResult } from "lit-html";
import type { Event } from "../bindings/Event";
import type { RunReport } from "../bindings/RunReport";
import { changeText, OUTCOME_TEXT, plainValue } from "../model/values";
import {
  codeName,
  failedIndex,
  outcomeClause,
  outcomeCode,
  resumedBy,
  retriedBy,
  stepSentence,
} from "../model/outcome";
import { sameStatement } from "../model/sent-sql";
import { glyphIcon } from "./glyphs";

function outcomeLine(e: Event): TemplateResult {
  const c = outcomeCode(e.outcome);
  const code = c !== null ? ` · ${codeName(c) ?? "code"} ${c}` : "";
  return html`<span class="outcome-pill outcome-${e.outcome.kind}">${OUTCOME_TEXT[e.outcome.kind]}${code}</span>`;
}

/** "Gave up" when the strategy gave up on the unit at this step: its change is not made. */
function gaveUpTag(e: Event): TemplateResult | typeof nothing {
  if (!e.gave_up) return nothing;
  return html`<span
    class="gave-up-tag"
    title="The strategy gave up on this unit of work: its change is not made"
    >${glyphIcon("gave_up", 13)}gave up</span
  >`;
}

/** "Undone" when the step's changes never took effect. */
function undoneTag(e: Event): TemplateResult | typeof nothing {
  if (!e.discarded && !e.aborted) return nothing;
  return html`<span
    class="undone-tag"
    title=${
      e.discarded
        ? "Its changes were rolled back: nobody else ever saw them"
        : "This attempt was abandoned"
    }
    >${glyphIcon("rolled_back", 13)}${e.discarded ? "never committed" : "abandoned"}</span
  >`;
}

function section(title: string, body: unknown): TemplateResult {
  return html`<section class="detail-section"><h4>${title}</h4>${body}</section>`;
}

function links(seqs: number[], link: (seq: number) => TemplateResult): TemplateResult[] {
  return seqs.map((c, i) => html`${i > 0 ? ", " : ""}${link(c)}`);
}

export function detailsTemplate(
  report: RunReport,
  e: Event,
  onShowEvent: (seq: number) => void,
): TemplateResult {
  const link = (seq: number) =>
    html`<button class="linkish" type="button" @click=${() => onShowEvent(seq)}>step ${seq}</button>`;
  const sentence = stepSentence(report, e);
  const kind = e.outcome.kind;
  const retry = retriedBy(report, e);
  const resumed = resumedBy(report, e);
  const rows = e.reads.flatMap((r) => r.rows);
  return html`<div class="detail-head">
      <span class="detail-title">Step ${e.seq} · ${e.user}</span>${outcomeLine(e)}${undoneTag(e)}${gaveUpTag(e)}<span
        class="detail-sub"
        >their step ${e.step}${e.attempt > 1 ? `, attempt ${e.attempt}` : ""}</span
      >
    </div>
    ${sentence ? html`<p class="detail-sentence outcome-${kind}">${sentence}</p>` : nothing}
    ${e.message ? html`<p class="detail-message outcome-${kind}">${e.message}</p>` : nothing}
    ${
      e.retry_of !== null
        ? html`<p class="detail-link">${glyphIcon("retry", 14)}Retries ${link(e.retry_of)}: a new attempt after that one failed</p>`
        : nothing
    }
    ${
      e.resumes !== null
        ? html`<p class="detail-link">${glyphIcon("blocked", 14)}Tries again after waiting at ${link(e.resumes)}</p>`
        : nothing
    }
    ${retry ? html`<p class="detail-link">${glyphIcon("retry", 14)}Started over at ${link(retry.seq)}</p>` : nothing}
    ${
      resumed
        ? html`<p class="detail-link">${glyphIcon("blocked", 14)}Tried again at ${link(resumed.seq)}</p>`
        : nothing
    }
    ${
      // What the step meant and what the strategy sent are different things (`balance + 30` sent as
      // `balance = 130`); a raw-SQL step is its statement, so it has only the SQL.
      !e.sql.some((q) => sameStatement(q, e.label))
        ? section("Step", html`<p class="detail-intent"><code>${e.label}</code></p>`)
        : nothing
    }
    ${section(
      "SQL sent",
      e.sql.length ? sqlList(e) : html`<p class="empty">Nothing: no statement was sent.</p>`,
    )}
    ${
      e.reads.length > 0
        ? section(
            "Rows read",
            rows.length === 0
              ? html`<p class="empty">No rows.</p>`
              : html`<ul class="read-rows">
                  ${rows.map(
                    (row) =>
                      html`<li>${
                        row.table
                          ? html`<span class="muted">${row.table}${row.key !== null ? ` #${row.key}` : ""}: </span>`
                          : nothing
                      }${row.cells.map(
                        (c, i) =>
                          html`${i > 0 ? ", " : ""}<code>${c.column} = ${plainValue(c.value)}</code>${
                            c.from !== null
                              ? html`<span class="from"> from ${link(c.from)}</span>`
                              : html`<span class="from muted"> (setup)</span>`
                          }`,
                      )}</li>`,
                  )}
                </ul>`,
          )
        : nothing
    }
    ${
      e.changes.length > 0
        ? section(
            "Rows changed",
            html`<ul class="changes">
              ${e.changes.map((c) => html`<li><code>${c.table} ${changeText(c, true)}</code></li>`)}
            </ul>`,
          )
        : nothing
    }
    ${
      e.commits.length > 0
        ? html`<p class="detail-link">${glyphIcon("commit", 14)}Made visible to others: the writes of ${links(e.commits, link)}</p>`
        : nothing
    }
    ${
      e.depends_on.length > 0
        ? html`<p class="detail-link">Computed from what was read at ${links(e.depends_on, link)}</p>`
        : nothing
    }
    ${section(
      `${e.user}'s local values afterwards`,
      e.locals.length === 0
        ? html`<p class="empty">none</p>`
        : html`<ul class="locals inline">
            ${e.locals.map(
              (l) =>
                html`<li class=${l.stale ? "local stale" : "local"}><span class="local-name">${l.name}</span><span
                    class="local-value"
                    >${plainValue(l.value)}</span
                  >${
                    l.stale
                      ? html`<span class="stale-tag">${glyphIcon("stale", 14)}stale</span>`
                      : nothing
                  }</li>`,
            )}
          </ul>`,
    )}`;
}

/** The statements, each marked done, failed/waiting, or not reached, from `completed` (see model/outcome.ts). */
function sqlList(e: Event): TemplateResult {
  const failedAt = failedIndex(e) ?? -1;
  // No whitespace between the spans: this is a <pre>.
  return html`<pre class="sql">${e.sql.map(
    (q, i) =>
      html`<span
        class="sql-line${i === failedAt ? ` sql-failed outcome-${e.outcome.kind}` : ""}"
        title=${i === failedAt ? (e.outcome.kind === "blocked" ? "waits for a lock" : "failed") : nothing}
        >${q}${i < e.sql.length - 1 ? ";\n" : ""}</span
      >`,
  )}</pre>`;
}

/** The short preview shown while hovering a step. */
export function previewTemplate(report: RunReport, e: Event): TemplateResult {
  const clause = outcomeClause(report, e);
  return html`<div class="tip-head">
      <strong>Step ${e.seq} · ${e.user}</strong> ${outcomeLine(e)} ${undoneTag(e)}${gaveUpTag(e)}
    </div>
    <div class="tip-label">${e.label}</div>
    ${clause ? html`<div class="tip-clause">${clause}</div>` : nothing}
    ${
      // The step as written above, what was sent for it below (the box shows the latter).
      e.sql.length ? html`<pre class="sql tip-sql">${e.sql.join(";\n")}</pre>` : nothing
    }
    ${e.message ? html`<div class="tip-message">${e.message}</div>` : nothing}
    <div class="tip-hint">Click to keep the details open</div>`;
}
