//! The findings panel: the engine's verdict on the whole run (a clear
//! Deadlock headline when it ended in one), then each anomaly as the playhead
//! reaches it: its sentence, its class, and what prevents it. An anomaly not
//! reached yet says where it will show, so step 1 does not give it away.
import type { RunReport } from "../bindings/RunReport";
import { KIND_TEXT } from "../model/values";
import { h } from "./dom";
import { glyphIcon } from "./glyphs";

export interface FindingsHandlers {
  /** Open a step's details. */
  onShowEvent(seq: number): void;
  /** Move the playhead to a step, staying on the findings. */
  onReach(seq: number): void;
}

/** The run's outcome in a word or two, for the headline. */
export function outcomeHeadline(report: RunReport): {
  kind: "deadlock" | "anomaly" | "wrong" | "clear";
  text: string;
} {
  if (report.ending === "deadlock") return { kind: "deadlock", text: "Deadlock" };
  if (report.findings.length > 0) {
    const names = [
      ...new Set(
        report.findings.map((f) =>
          f.class ? `${KIND_TEXT[f.kind]} (${f.class})` : KIND_TEXT[f.kind],
        ),
      ),
    ];
    return { kind: "anomaly", text: names.join(", ") };
  }
  if (!report.serializable || report.invariants.some((i) => !i.holds))
    return { kind: "wrong", text: "Wrong result" };
  return { kind: "clear", text: "No anomaly" };
}

function runOutcome(report: RunReport): HTMLElement {
  const head = outcomeHeadline(report);
  const icon =
    head.kind === "deadlock"
      ? glyphIcon("deadlock", 22)
      : head.kind === "clear"
        ? glyphIcon("commit", 20)
        : glyphIcon("anomaly", 20);
  const failed = report.invariants.filter((i) => !i.holds);
  return h(
    "section",
    {
      class: `run-outcome ${head.kind}`,
      "data-testid": "run-outcome",
      "data-ending": report.ending,
    },
    h("div", { class: "run-outcome-label" }, "Outcome of the whole run"),
    h("div", { class: "run-outcome-head" }, icon, h("span", null, head.text)),
    h("p", { class: "verdict", "data-testid": "verdict" }, report.verdict),
    failed.length > 0
      ? h(
          "ul",
          { class: "facts" },
          ...failed.map((i) =>
            h(
              "li",
              null,
              "Invariant broken: ",
              h("code", null, i.check),
              i.error ? ` (${i.error})` : "",
            ),
          ),
        )
      : null,
  );
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
    const body = [
      h("p", { class: "explanation" }, f.explanation),
      h("p", { class: "prevention" }, h("strong", null, "Prevented by: "), f.prevention),
    ];
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
            ? h("span", { class: "class-tag", title: "Hermitage / Adya class" }, f.class)
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
