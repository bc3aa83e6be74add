//! The state at the playhead: the committed database and each user's local values.
import type { PlayheadView } from "../model/playhead";
import { h } from "./dom";
import { glyphIcon } from "./glyphs";

export function drawDbPanel(v: PlayheadView | null): HTMLElement[] {
  if (!v) return [h("p", { class: "empty" }, "Nothing has run yet.")];
  if (v.db.length === 0)
    return [h("p", { class: "empty" }, "This run did not record database states.")];
  return v.db.map((t) =>
    h(
      "div",
      { class: "table-wrap" },
      v.db.length > 1 ? h("div", { class: "table-name" }, t.name) : null,
      h(
        "table",
        { class: "data" },
        h("caption", { class: "sr" }, `${t.name} as committed after step ${v.index + 1}`),
        h("thead", null, h("tr", null, ...t.columns.map((c) => h("th", { scope: "col" }, c)))),
        h(
          "tbody",
          null,
          ...t.rows.map((row) =>
            h(
              "tr",
              null,
              ...row.map((cell) =>
                h(
                  "td",
                  {
                    class: cell.changed ? "changed" : null,
                    title: cell.changed ? "changed at this step" : null,
                  },
                  cell.text,
                  cell.changed ? h("span", { class: "changed-tag" }, " ◂ new") : null,
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

export function drawBeliefsPanel(v: PlayheadView | null): HTMLElement[] {
  if (!v) return [h("p", { class: "empty" }, "Nothing has run yet.")];
  return v.beliefs.map((b) =>
    h(
      "div",
      { class: `belief${b.acting ? " acting" : ""}` },
      h(
        "div",
        { class: "belief-user" },
        b.user,
        b.acting ? h("span", { class: "acting-tag" }, "acting") : null,
      ),
      b.locals.length === 0
        ? h("div", { class: "belief-none" }, "nothing read yet")
        : h(
            "ul",
            { class: "locals" },
            ...b.locals.map((l) =>
              h(
                "li",
                { class: l.stale ? "local stale" : "local" },
                h("span", { class: "local-name" }, l.name),
                h("span", { class: "local-value" }, l.text),
                l.stale
                  ? h(
                      "span",
                      {
                        class: "stale-tag",
                        title: "Someone has since committed a different value",
                      },
                      glyphIcon("stale", 14),
                      "stale",
                    )
                  : null,
              ),
            ),
          ),
    ),
  );
}
