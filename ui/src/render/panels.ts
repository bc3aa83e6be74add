//! The state at the playhead: the committed database and each user's local values.
import { html, nothing, type TemplateResult } from "lit-html";
import type { PlayheadView } from "../model/playhead";
import { glyphIcon } from "./glyphs";

export function dbPanelTemplate(v: PlayheadView | null): TemplateResult {
  if (!v) return html`<p class="empty">Nothing has run yet.</p>`;
  if (v.db.length === 0) return html`<p class="empty">This run did not record database states.</p>`;
  return html`${v.db.map(
    (t) => html`<div class="table-wrap">
      ${v.db.length > 1 ? html`<div class="table-name">${t.name}</div>` : nothing}
      <table class="data">
        <caption class="sr">${t.name} as committed after step ${v.index + 1}</caption>
        <thead>
          <tr>
            ${t.columns.map((c) => html`<th scope="col">${c}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${t.rows.map(
            (row) =>
              html`<tr>
                ${row.map(
                  (cell) =>
                    html`<td
                      class=${cell.changed ? "changed" : nothing}
                      title=${cell.changed ? "changed at this step" : nothing}
                    >${cell.text}${cell.changed ? html`<span class="changed-tag"> ◂ new</span>` : nothing}</td>`,
                )}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`,
  )}`;
}

export function beliefsPanelTemplate(v: PlayheadView | null): TemplateResult {
  if (!v) return html`<p class="empty">Nothing has run yet.</p>`;
  return html`${v.beliefs.map(
    (b) => html`<div class="belief${b.acting ? " acting" : ""}">
      <div class="belief-user">
        ${b.user}${b.acting ? html`<span class="acting-tag">acting</span>` : nothing}
      </div>
      ${
        b.locals.length === 0
          ? html`<div class="belief-none">nothing read yet</div>`
          : html`<ul class="locals">
              ${b.locals.map(
                (l) =>
                  html`<li class=${l.stale ? "local stale" : "local"}>
                    <span class="local-name">${l.name}</span><span class="local-value">${l.text}</span>${
                      l.stale
                        ? html`<span
                            class="stale-tag"
                            title="Someone has since committed a different value"
                            >${glyphIcon("stale", 14)}stale</span
                          >`
                        : nothing
                    }
                  </li>`,
              )}
            </ul>`
      }
    </div>`,
  )}`;
}
