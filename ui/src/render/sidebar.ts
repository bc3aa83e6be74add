//! The scenario list: built-ins, the opened folder, recent folders.
import { html, nothing, type TemplateResult } from "lit-html";
import type { CatalogState } from "../bindings/CatalogState";
import type { ScenarioEntry } from "../bindings/ScenarioEntry";
import { glyphIcon } from "./glyphs";

export interface SidebarHandlers {
  onSelect(id: string): void;
  onOpenFolder(): void;
  onOpenRecent(path: string): void;
}

function folderName(path: string): string {
  const parts = path.replace(/[\\/]+$/, "").split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

function item(e: ScenarioEntry, current: string, on: SidebarHandlers): TemplateResult {
  const loc = e.error?.location;
  const here = e.id === current;
  return html`<li>
    <button
      type="button"
      class="scenario${here ? " current" : ""}${e.error ? " broken" : ""}"
      data-testid="scenario-item"
      data-id=${e.id}
      aria-current=${here ? "true" : nothing}
      title=${e.path ?? e.id}
      @click=${() => on.onSelect(e.id)}
    >
      <span class="scenario-title">${e.title}</span>
      ${
        e.error
          ? html`<span class="scenario-error"
              >${glyphIcon("error", 13)}${loc ? `line ${loc.line}:${loc.col} ` : ""}${e.error.message}</span
            >`
          : html`<span class="scenario-summary">${e.summary}</span>`
      }
    </button>
  </li>`;
}

export function sidebarTemplate(
  catalog: CatalogState | null,
  current: string,
  on: SidebarHandlers,
): TemplateResult {
  if (!catalog) return html`<p class="empty">Loading scenarios…</p>`;
  const builtins = catalog.entries.filter((e) => e.origin === "builtin");
  const folder = catalog.entries.filter((e) => e.origin === "folder");
  const recent = catalog.recent.filter((r) => r !== catalog.folder);
  return html`
    <h2 class="side-head">Built-in scenarios</h2>
    <ul class="scenarios">
      ${builtins.map((e) => item(e, current, on))}
    </ul>
    <h2 class="side-head" title=${catalog.folder ?? nothing}>
      ${catalog.folder ? `Folder: ${folderName(catalog.folder)}` : "Your scenarios"}
    </h2>
    ${
      !catalog.folder
        ? html`<p class="empty side-note">
            Open a folder of .toml scenarios: the timeline redraws each time you save.
          </p>`
        : folder.length > 0
          ? html`<ul class="scenarios">
              ${folder.map((e) => item(e, current, on))}
            </ul>`
          : html`<p class="empty">No .toml scenarios in this folder yet.</p>`
    }
    <button type="button" class="open-folder" data-testid="open-folder" @click=${on.onOpenFolder}>
      ${catalog.folder ? "Open another folder…" : "Open folder…"}
    </button>
    ${
      recent.length > 0
        ? html`<h2 class="side-head">Recent folders</h2>
            <ul class="recent">
              ${recent.map(
                (r) =>
                  html`<li>
                    <button
                      type="button"
                      class="recent-item"
                      title=${r}
                      data-testid="recent-folder"
                      @click=${() => on.onOpenRecent(r)}
                    >
                      ${folderName(r)}
                    </button>
                  </li>`,
              )}
            </ul>`
        : nothing
    }
  `;
}
