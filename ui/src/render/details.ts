//! One step's details: its SQL, rows read (and whose write each value came
//! from), rows changed, error, and the user's local values afterwards.
import type { Event } from "../bindings/Event";
import { changeText, OUTCOME_TEXT, plainValue } from "../model/values";
import { h } from "./dom";
import { glyphIcon } from "./glyphs";

function outcomeLine(e: Event): HTMLElement {
  const cls = `outcome-pill outcome-${e.outcome}`;
  const code = e.code !== null ? ` · code ${e.code}` : "";
  return h("span", { class: cls }, `${OUTCOME_TEXT[e.outcome]}${code}`);
}

function section(title: string, ...body: (HTMLElement | null)[]): HTMLElement {
  return h("section", { class: "detail-section" }, h("h4", null, title), ...body);
}

export function drawDetails(e: Event, onShowEvent: (seq: number) => void): HTMLElement[] {
  const link = (seq: number) => h("button", { class: "linkish", type: "button", onclick: () => onShowEvent(seq) }, `step ${seq}`);
  const head = h(
    "div",
    { class: "detail-head" },
    h("span", { class: "detail-title" }, `Step ${e.seq} · ${e.user}`),
    outcomeLine(e),
    h("span", { class: "detail-sub" }, `their step ${e.step}${e.attempt > 1 ? `, attempt ${e.attempt}` : ""}`),
  );
  const out: HTMLElement[] = [head];
  if (e.message) out.push(h("p", { class: `detail-message outcome-${e.outcome}` }, e.message));
  if (e.retry_of !== null) out.push(h("p", { class: "detail-link" }, glyphIcon("retry", 14), "Retries ", link(e.retry_of)));
  out.push(section("SQL", e.sql.length ? h("pre", { class: "sql" }, e.sql.join(";\n")) : h("p", { class: "empty" }, "No statement (a think step).")));
  if (e.reads.length > 0) {
    const rows = e.reads.flatMap((r) => r.rows);
    out.push(
      section(
        "Rows read",
        rows.length === 0
          ? h("p", { class: "empty" }, "No rows.")
          : h(
              "ul",
              { class: "read-rows" },
              ...rows.map((row) =>
                h(
                  "li",
                  null,
                  row.table ? h("span", { class: "muted" }, `${row.table}${row.key !== null ? ` #${row.key}` : ""}: `) : null,
                  ...row.cells.flatMap((c, i) => [
                    i > 0 ? ", " : "",
                    h("code", null, `${c.column} = ${plainValue(c.value)}`),
                    c.from !== null ? h("span", { class: "from" }, " from ", link(c.from)) : h("span", { class: "from muted" }, " (setup)"),
                  ]),
                ),
              ),
            ),
      ),
    );
  }
  if (e.changes.length > 0) {
    out.push(section("Rows changed", h("ul", { class: "changes" }, ...e.changes.map((c) => h("li", null, h("code", null, `${c.table} ${changeText(c, true)}`))))));
  }
  if (e.commits.length > 0) {
    out.push(h("p", { class: "detail-link" }, glyphIcon("commit", 14), "Made visible to others: the writes of ", ...e.commits.flatMap((c, i) => [i > 0 ? ", " : "", link(c)])));
  }
  if (e.depends_on.length > 0) {
    out.push(h("p", { class: "detail-link" }, "Computed from what was read at ", ...e.depends_on.flatMap((c, i) => [i > 0 ? ", " : "", link(c)])));
  }
  out.push(
    section(
      `${e.user}'s local values afterwards`,
      e.locals.length === 0
        ? h("p", { class: "empty" }, "none")
        : h(
            "ul",
            { class: "locals inline" },
            ...e.locals.map((l) =>
              h("li", { class: l.stale ? "local stale" : "local" }, h("span", { class: "local-name" }, l.name), h("span", { class: "local-value" }, plainValue(l.value)), l.stale ? h("span", { class: "stale-tag" }, glyphIcon("stale", 14), "stale") : null),
            ),
          ),
    ),
  );
  return out;
}

/** The short preview shown while hovering a step. */
export function drawPreview(e: Event): HTMLElement[] {
  const parts: (HTMLElement | null)[] = [
    h("div", { class: "tip-head" }, h("strong", null, `Step ${e.seq} · ${e.user}`), " ", outcomeLine(e)),
    h("div", { class: "tip-label" }, e.label),
    e.sql.length ? h("pre", { class: "sql tip-sql" }, e.sql.join(";\n")) : null,
    e.message ? h("div", { class: "tip-message" }, e.message) : null,
    h("div", { class: "tip-hint" }, "Click to keep the details open"),
  ];
  return parts.filter((x): x is HTMLElement => x !== null);
}
