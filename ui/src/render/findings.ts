//! The findings panel: the run's outcome (the same badge as compare and the
//! explorer show, from `RunReport.outcome`) with the engine's verdict, then
//! each anomaly as the playhead reaches it: its kind and class, its sentence,
//! one line per edge of its cycle, and the strategies that prevent it. An
//! anomaly not reached yet says where it will show, so step 1 does not give
//! it away.
import type { Finding } from "../bindings/Finding";
import type { RunReport } from "../bindings/RunReport";
import { CLASS_HINT, preventionText } from "../model/findings";
import { RUN_OUTCOME_HINT, reportBadge } from "../model/run-outcome";
import { KIND_TEXT } from "../model/values";
import { h } from "./dom";
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
function runOutcome(report: RunReport): HTMLElement {
  const head = reportBadge(report);
  const failed = report.invariants.filter((i) => !i.holds);
  const redundant = head.outcome === "anomaly" && report.findings.length > 0;
  return h(
    "section",
    {
      class: `run-outcome ${head.good ? "good" : "bad"} outcome-${head.outcome}`,
      "data-testid": "run-outcome",
      "data-outcome": head.outcome,
      "data-ending": report.ending,
      title: redundant ? report.verdict : null,
    },
    h(
      "div",
      { class: "run-outcome-head", title: RUN_OUTCOME_HINT[head.outcome] },
      h("span", { class: "run-outcome-label" }, "Whole run"),
      glyphIcon(head.glyph, head.outcome === "deadlock" ? 22 : 20),
      h("span", { class: "run-outcome-text" }, head.text),
    ),
    redundant ? null : h("p", { class: "verdict", "data-testid": "verdict" }, report.verdict),
    failed.length > 0
      ? h(
          "ul",
          { class: "facts" },
          ...failed.map((i) => {
            const text = `Invariant broken: ${i.check}${i.error ? ` (${i.error})` : ""}`;
            return h(
              "li",
              { title: text },
              "Invariant broken: ",
              h("code", null, i.check),
              i.error ? ` (${i.error})` : "",
            );
          }),
        )
      : null,
  );
}

/** The sentence, the cycle edge by edge, and what prevents it. */
function findingBody(f: Finding): HTMLElement[] {
  const prevention = preventionText(f);
  const parts: (HTMLElement | null)[] = [
    h("p", { class: "explanation" }, f.explanation),
    f.steps.length > 0
      ? h(
          "ul",
          { class: "finding-edges", "aria-label": "The cycle, edge by edge" },
          ...f.steps.map((line) => h("li", null, line)),
        )
      : null,
    prevention
      ? h(
          "p",
          { class: "prevention", "data-testid": "prevented-by" },
          h("strong", null, "Prevented by: "),
          prevention,
        )
      : null,
  ];
  return parts.filter((x): x is HTMLElement => x !== null);
}

/** `shownUpTo`: the seq at the playhead; a finding shows once the playhead reaches its last event. */
export function drawFindings(
  report: RunReport | null,
  shownUpTo: number,
  on: FindingsHandlers,
): HTMLElement[] {
  if (!report) return [h("p", { class: "empty" }, "No run on screen.")];
  const out: HTMLElement[] = [runOutcome(report)];
  report.findings.forEach((f, k) => {
    const last = f.events[f.events.length - 1] ?? 0;
    const reached = last <= shownUpTo;
    const steps = h(
      "span",
      { class: "finding-steps" },
      "steps ",
      ...f.events.flatMap((seq, i) => [
        i > 0 ? ", " : "",
        h(
          "button",
          { class: "linkish", type: "button", onclick: () => on.onShowEvent(seq) },
          String(seq),
        ),
      ]),
    );
    const body = findingBody(f);
    out.push(
      h(
        "article",
        {
          class: `finding${reached ? " reached" : " pending"}`,
          "data-testid": "finding",
          "data-kind": f.kind,
          "data-reached": String(reached),
        },
        h(
          "header",
          { class: "finding-head" },
          glyphIcon("anomaly", 18, report.findings.length > 1 ? String(k + 1) : undefined),
          h("span", { class: "finding-kind" }, KIND_TEXT[f.kind] ?? f.kind),
          f.class
            ? h(
                "span",
                { class: "class-tag", title: `Adya class ${f.class}: ${CLASS_HINT[f.class]}` },
                f.class,
              )
            : null,
          steps,
        ),
        ...(reached
          ? body
          : [
              // Shown in full from the start (a teacher can read the lesson out at once), but
              // marked as what the run comes to, not what has happened yet.
              h(
                "p",
                { class: "finding-hint" },
                `Will show at step ${last}. `,
                h(
                  "button",
                  { class: "linkish", type: "button", onclick: () => on.onReach(last) },
                  "Go there",
                ),
              ),
              h("div", { class: "finding-early" }, ...body),
            ]),
      ),
    );
  });
  return out;
}
