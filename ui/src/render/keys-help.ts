//! The ? overlay: every key, from the list the keyboard handler documents.
import { html, type TemplateResult } from "lit-html";
import { KEY_HELP } from "../app/keyboard";

export function keysHelpTemplate(onClose: () => void): TemplateResult {
  return html`<div
    class="keys-help"
    role="dialog"
    aria-label="Keys"
    data-testid="keys-help"
    @click=${(e: Event) => {
      if (e.target === e.currentTarget) onClose();
    }}
  >
    <div class="keys-card">
      <h2>Keys</h2>
      <table>
        <tbody>
          ${KEY_HELP.map(
            ([keys, what]) =>
              html`<tr>
                <th><kbd>${keys}</kbd></th>
                <td>${what}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      <button type="button" class="small" data-testid="keys-close" @click=${onClose}>
        Close (Esc)
      </button>
    </div>
  </div>`;
}
