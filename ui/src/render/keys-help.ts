//! The ? overlay: every key, from the list the keyboard handler documents.
import { KEY_HELP } from "../app/keyboard";
import { h } from "./dom";

export function drawKeysHelp(onClose: () => void): HTMLElement {
  return h(
    "div",
    {
      class: "keys-help",
      role: "dialog",
      "aria-label": "Keys",
      "data-testid": "keys-help",
      onclick: (e: Event) => {
        if (e.target === e.currentTarget) onClose();
      },
    },
    h(
      "div",
      { class: "keys-card" },
      h("h2", null, "Keys"),
      h(
        "table",
        null,
        h(
          "tbody",
          null,
          ...KEY_HELP.map(([keys, what]) =>
            h("tr", null, h("th", null, h("kbd", null, keys)), h("td", null, what)),
          ),
        ),
      ),
      h(
        "button",
        { type: "button", class: "small", "data-testid": "keys-close", onclick: onClose },
        "Close (Esc)",
      ),
    ),
  );
}
