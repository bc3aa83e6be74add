//! The findings panel: each anomaly's sentence, its class, and what prevents it.
import type { RunReport } from "../bindings/RunReport";
import { KIND_TEXT } from "../model/values";
import { h } from "./dom";
import { glyphIcon } from "./glyphs";

export interface FindingsHandlers {
  onShowEvent(seq: number): void;
}

export function drawFindings(report: RunReport | null, shownUpTo: number, on: FindingsHandlers): HTMLElement[] {
  if (!report) return [h("p", { class: "empty" }, "No run on screen.")];
  const out: HTMLElement[] = [];
  if (report.findings.length === 0) {
    out.push(
      h(
        "div",
        { class: "all-clear" },
        glyphIcon("commit", 18),
        h("span", null, report.serializable ? "No anomaly: the result equals running the users one after the other." : "No anomaly found."),
      ),
    );
  }
  report.findings.forEach((f, k) => {
    const last = f.events[f.events.length - 1] ?? 0;
    const reached = last <= shownUpTo;
    out.push(
      h(
        "article",
        { class: `finding${reached ? " reached" : ""}`, "data-testid": "finding", "data-kind": f.kind },
        h(
          "header",
          { class: "finding-head" },
          glyphIcon("anomaly", 18, report.findings.length > 1 ? String(k + 1) : undefined),
          h("span", { class: "finding-kind" }, KIND_TEXT[f.kind] ?? f.kind),
          f.class ? h("span", { class: "class-tag", title: "Hermitage / Adya class" }, f.class) : null,
          h(
            "span",
            { class: "finding-steps" },
            "steps ",
            ...f.events.flatMap((seq, i) => [i > 0 ? ", " : "", h("button", { class: "linkish", type: "button", onclick: () => on.onShowEvent(seq) }, String(seq))]),
          ),
        ),
        h("p", { class: "explanation" }, f.explanation),
        h("p", { class: "prevention" }, h("strong", null, "Prevented by: "), f.prevention),
      ),
    );
  });
  const failed = report.invariants.filter((i) => !i.holds);
  if (!report.serializable || failed.length > 0 || report.ending === "deadlock") {
    const facts: HTMLElement[] = [];
    if (report.ending === "deadlock") facts.push(h("li", null, "The run ended in a deadlock: each user waits for the other."));
    if (!report.serializable) facts.push(h("li", null, "Not serializable: the final state matches no order of running the users one at a time."));
    for (const i of failed) facts.push(h("li", null, "Invariant broken: ", h("code", null, i.check), i.error ? ` (${i.error})` : ""));
    out.push(h("ul", { class: "facts" }, ...facts));
  }
  return out;
}
