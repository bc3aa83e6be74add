//! One step's details: its SQL, rows read (and whose write each value came
//! from), rows changed, error, and the user's local values afterwards.
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
import { h } from "./dom";
import { glyphIcon } from "./glyphs";

function outcomeLine(e: Event): HTMLElement {
  const cls = `outcome-pill outcome-${e.outcome.kind}`;
  const c = outcomeCode(e.outcome);
  const code = c !== null ? ` · ${codeName(c) ?? "code"} ${c}` : "";
  return h("span", { class: cls }, `${OUTCOME_TEXT[e.outcome.kind]}${code}`);
}

/** "Gave up" when the strategy gave up on the unit at this step: its change is not made. */
function gaveUpTag(e: Event): HTMLElement | null {
  if (!e.gave_up) return null;
  return h(
    "span",
    {
      class: "gave-up-tag",
      title: "The strategy gave up on this unit of work: its change is not made",
    },
    glyphIcon("gave_up", 13),
    "gave up",
  );
}

/** "Undone" when the step's changes never took effect. */
function undoneTag(e: Event): HTMLElement | null {
  if (!e.discarded && !e.aborted) return null;
  return h(
    "span",
    {
      class: "undone-tag",
      title: e.discarded
        ? "Its changes were rolled back: nobody else ever saw them"
        : "This attempt was abandoned",
    },
    glyphIcon("rolled_back", 13),
    e.discarded ? "never committed" : "abandoned",
  );
}

function section(title: string, ...body: (HTMLElement | null)[]): HTMLElement {
  return h("section", { class: "detail-section" }, h("h4", null, title), ...body);
}

export function drawDetails(
  report: RunReport,
  e: Event,
  onShowEvent: (seq: number) => void,
): HTMLElement[] {
  const link = (seq: number) =>
    h(
      "button",
      { class: "linkish", type: "button", onclick: () => onShowEvent(seq) },
      `step ${seq}`,
    );
  const head = h(
    "div",
    { class: "detail-head" },
    h("span", { class: "detail-title" }, `Step ${e.seq} · ${e.user}`),
    outcomeLine(e),
    undoneTag(e),
    gaveUpTag(e),
    h(
      "span",
      { class: "detail-sub" },
      `their step ${e.step}${e.attempt > 1 ? `, attempt ${e.attempt}` : ""}`,
    ),
  );
  const out: HTMLElement[] = [head];
  const sentence = stepSentence(report, e);
  const kind = e.outcome.kind;
  if (sentence) out.push(h("p", { class: `detail-sentence outcome-${kind}` }, sentence));
  if (e.message) out.push(h("p", { class: `detail-message outcome-${kind}` }, e.message));
  if (e.retry_of !== null)
    out.push(
      h(
        "p",
        { class: "detail-link" },
        glyphIcon("retry", 14),
        "Retries ",
        link(e.retry_of),
        ": a new attempt after that one failed",
      ),
    );
  if (e.resumes !== null)
    out.push(
      h(
        "p",
        { class: "detail-link" },
        glyphIcon("blocked", 14),
        "Tries again after waiting at ",
        link(e.resumes),
      ),
    );
  const retry = retriedBy(report, e);
  if (retry)
    out.push(
      h("p", { class: "detail-link" }, glyphIcon("retry", 14), "Started over at ", link(retry.seq)),
    );
  const resumed = resumedBy(report, e);
  if (resumed)
    out.push(
      h(
        "p",
        { class: "detail-link" },
        glyphIcon("blocked", 14),
        "Tried again at ",
        link(resumed.seq),
      ),
    );
  // What the step meant and what the strategy sent are different things (`balance + 30` sent as
  // `balance = 130`); a raw-SQL step is its statement, so it has only the SQL.
  if (!e.sql.some((q) => sameStatement(q, e.label)))
    out.push(section("Step", h("p", { class: "detail-intent" }, h("code", null, e.label))));
  out.push(
    section(
      "SQL sent",
      e.sql.length ? sqlList(e) : h("p", { class: "empty" }, "Nothing: no statement was sent."),
    ),
  );
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
                  row.table
                    ? h(
                        "span",
                        { class: "muted" },
                        `${row.table}${row.key !== null ? ` #${row.key}` : ""}: `,
                      )
                    : null,
                  ...row.cells.flatMap((c, i) => [
                    i > 0 ? ", " : "",
                    h("code", null, `${c.column} = ${plainValue(c.value)}`),
                    c.from !== null
                      ? h("span", { class: "from" }, " from ", link(c.from))
                      : h("span", { class: "from muted" }, " (setup)"),
                  ]),
                ),
              ),
            ),
      ),
    );
  }
  if (e.changes.length > 0) {
    out.push(
      section(
        "Rows changed",
        h(
          "ul",
          { class: "changes" },
          ...e.changes.map((c) =>
            h("li", null, h("code", null, `${c.table} ${changeText(c, true)}`)),
          ),
        ),
      ),
    );
  }
  if (e.commits.length > 0) {
    out.push(
      h(
        "p",
        { class: "detail-link" },
        glyphIcon("commit", 14),
        "Made visible to others: the writes of ",
        ...e.commits.flatMap((c, i) => [i > 0 ? ", " : "", link(c)]),
      ),
    );
  }
  if (e.depends_on.length > 0) {
    out.push(
      h(
        "p",
        { class: "detail-link" },
        "Computed from what was read at ",
        ...e.depends_on.flatMap((c, i) => [i > 0 ? ", " : "", link(c)]),
      ),
    );
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
              h(
                "li",
                { class: l.stale ? "local stale" : "local" },
                h("span", { class: "local-name" }, l.name),
                h("span", { class: "local-value" }, plainValue(l.value)),
                l.stale ? h("span", { class: "stale-tag" }, glyphIcon("stale", 14), "stale") : null,
              ),
            ),
          ),
    ),
  );
  return out;
}

/** The statements, each marked done, failed/waiting, or not reached, from `completed` (see model/outcome.ts). */
function sqlList(e: Event): HTMLElement {
  const failedAt = failedIndex(e) ?? -1;
  return h(
    "pre",
    { class: "sql" },
    ...e.sql.map((q, i) =>
      h(
        "span",
        {
          class: `sql-line${i === failedAt ? ` sql-failed outcome-${e.outcome.kind}` : ""}`,
          title:
            i === failedAt ? (e.outcome.kind === "blocked" ? "waits for a lock" : "failed") : null,
        },
        q,
        i < e.sql.length - 1 ? ";\n" : "",
      ),
    ),
  );
}

/** The short preview shown while hovering a step. */
export function drawPreview(report: RunReport, e: Event): HTMLElement[] {
  const clause = outcomeClause(report, e);
  const parts: (HTMLElement | null)[] = [
    h(
      "div",
      { class: "tip-head" },
      h("strong", null, `Step ${e.seq} · ${e.user}`),
      " ",
      outcomeLine(e),
      " ",
      undoneTag(e),
      gaveUpTag(e),
    ),
    h("div", { class: "tip-label" }, e.label),
    clause ? h("div", { class: "tip-clause" }, clause) : null,
    // The step as written above, what was sent for it below (the box shows the latter).
    e.sql.length ? h("pre", { class: "sql tip-sql" }, e.sql.join(";\n")) : null,
    e.message ? h("div", { class: "tip-message" }, e.message) : null,
    h("div", { class: "tip-hint" }, "Click to keep the details open"),
  ];
  return parts.filter((x): x is HTMLElement => x !== null);
}
