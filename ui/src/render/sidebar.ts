//! The scenario list: built-ins, the opened folder, recent folders.
import type { CatalogState } from "../bindings/CatalogState";
import type { ScenarioEntry } from "../bindings/ScenarioEntry";
import { h } from "./dom";
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

function item(e: ScenarioEntry, current: string, on: SidebarHandlers): HTMLElement {
  const loc = e.error?.location;
  return h(
    "li",
    null,
    h(
      "button",
      {
        type: "button",
        class: `scenario${e.id === current ? " current" : ""}${e.error ? " broken" : ""}`,
        "data-testid": "scenario-item",
        "data-id": e.id,
        "aria-current": e.id === current ? "true" : null,
        title: e.path ?? e.id,
        onclick: () => on.onSelect(e.id),
      },
      h("span", { class: "scenario-title" }, e.title),
      e.error
        ? h(
            "span",
            { class: "scenario-error" },
            glyphIcon("error", 13),
            loc ? `line ${loc.line}:${loc.col} ` : "",
            e.error.message,
          )
        : h("span", { class: "scenario-summary" }, e.summary),
    ),
  );
}

export function drawSidebar(
  catalog: CatalogState | null,
  current: string,
  on: SidebarHandlers,
): HTMLElement[] {
  if (!catalog) return [h("p", { class: "empty" }, "Loading scenarios…")];
  const builtins = catalog.entries.filter((e) => e.origin === "builtin");
  const folder = catalog.entries.filter((e) => e.origin === "folder");
  const out: HTMLElement[] = [
    h("h2", { class: "side-head" }, "Built-in scenarios"),
    h("ul", { class: "scenarios" }, ...builtins.map((e) => item(e, current, on))),
  ];
  out.push(
    h(
      "h2",
      { class: "side-head", title: catalog.folder ?? undefined },
      catalog.folder ? `Folder: ${folderName(catalog.folder)}` : "Your scenarios",
    ),
  );
  if (catalog.folder) {
    out.push(
      folder.length > 0
        ? h("ul", { class: "scenarios" }, ...folder.map((e) => item(e, current, on)))
        : h("p", { class: "empty" }, "No .toml scenarios in this folder yet."),
    );
  } else {
    out.push(
      h(
        "p",
        { class: "empty side-note" },
        "Open a folder of .toml scenarios: the timeline redraws each time you save.",
      ),
    );
  }
  out.push(
    h(
      "button",
      {
        type: "button",
        class: "open-folder",
        "data-testid": "open-folder",
        onclick: () => on.onOpenFolder(),
      },
      catalog.folder ? "Open another folder…" : "Open folder…",
    ),
  );
  const recent = catalog.recent.filter((r) => r !== catalog.folder);
  if (recent.length > 0) {
    out.push(
      h("h2", { class: "side-head" }, "Recent folders"),
      h(
        "ul",
        { class: "recent" },
        ...recent.map((r) =>
          h(
            "li",
            null,
            h(
              "button",
              {
                type: "button",
                class: "recent-item",
                title: r,
                "data-testid": "recent-folder",
                onclick: () => on.onOpenRecent(r),
              },
              folderName(r),
            ),
          ),
        ),
      ),
    );
  }
  return out;
}
