// @vitest-environment happy-dom
import { render } from "lit-html";
import { describe, expect, it } from "vitest";
import { playheadView } from "../model/playhead";
import type { PredictState } from "../model/predict";
import * as s from "../model/samples.test-data";
import { predictCaption, questionState } from "./predict";

const asked: PredictState = { on: true, question: { index: 3, phase: "asking" } };
const told: PredictState = { on: true, question: { index: 3, phase: "answered" } };

function drawn(p: PredictState, index: number): HTMLElement | null {
  const t = predictCaption(s.none, p, playheadView(s.none, index));
  if (!t) return null;
  const el = document.createElement("div");
  render(t, el);
  return el;
}

describe("the caption while a question stands", () => {
  it("asks about Bob's save before it, and gives nothing of the answer away", () => {
    const el = drawn(asked, 2);
    expect(questionState(s.none, asked, 2)).toBe("asking");
    const q = el?.querySelector("[data-testid=predict-question]")?.textContent ?? "";
    expect(q).toContain("Bob saves now.");
    expect(q).toContain("What will the balance be?");
    // The step asked about, not the one the playhead stands on.
    expect(el?.querySelector(".caption-step")?.textContent).toBe("4/4");
    expect(el?.textContent).not.toContain("130");
    expect(el?.textContent).not.toContain("Lost update");
  });

  it("answers at the step: the step's own caption, then the value and the finding", () => {
    const el = drawn(told, 3);
    expect(questionState(s.none, told, 3)).toBe("answered");
    expect(el?.textContent).toContain("Bob deposits 30 and saves");
    expect(el?.querySelector("[data-testid=predict-answer]")?.textContent).toBe(
      "balance 130. Lost update (G-single).",
    );
  });

  it("draws nothing where no question stands", () => {
    expect(drawn(asked, 1)).toBeNull();
    expect(drawn({ on: true, question: null }, 2)).toBeNull();
    expect(drawn({ on: false }, 2)).toBeNull();
    expect(questionState(s.none, { on: false }, 2)).toBeNull();
  });
});
