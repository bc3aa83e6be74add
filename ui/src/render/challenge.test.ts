// @vitest-environment happy-dom
import { render } from "lit-html";
import { describe, expect, it } from "vitest";
import type { RunReport } from "../bindings/RunReport";
import type { ChallengeState } from "../app/challenge";
import serialJson from "../model/challenge-samples/run-lost-update-none-serial.json";
import { challengeById, CHALLENGES } from "../model/challenge-set";
import { none } from "../model/samples.test-data";
import { type ChallengeHandlers, challengeTemplate } from "./challenge";

const serial = serialJson as unknown as RunReport;
const vanish = challengeById("lost-update-vanish");
const noop: ChallengeHandlers = {
  onHint() {},
  onCannot() {},
  onRestart() {},
  onNext() {},
  onOpen() {},
};

function card(state: Partial<ChallengeState>, report: RunReport, on = noop): HTMLElement {
  if (!vanish) throw new Error("no challenge");
  const host = document.createElement("div");
  const full: ChallengeState = { active: vanish.id, won: [], ask: { kind: "none" }, ...state };
  render(
    challengeTemplate(
      { challenge: vanish, state: full, report, scenarioId: vanish.scenario, loading: false },
      on,
    ),
    host,
  );
  const el = host.querySelector<HTMLElement>("[data-testid=challenge]");
  if (!el) throw new Error("no card");
  return el;
}

describe("the challenge card", () => {
  it("states the goal and says the start is not met yet, with nothing won", () => {
    const el = card({}, serial);
    expect(el.querySelector(".challenge-title")?.textContent).toBe("Make Alice's deposit vanish");
    expect(el.dataset.status).toBe("not_met");
    expect(el.querySelector("[data-testid=challenge-won]")).toBeNull();
    expect(el.querySelector("[data-testid=challenge-answer]")?.hasAttribute("hidden")).toBe(true);
    expect(el.querySelector("[data-testid=challenge-progress]")?.textContent).toBe(
      `0 of ${CHALLENGES.length} won`,
    );
  });

  it("shows met and won, with a shape and a word, and marks it won in the list", () => {
    const el = card({ won: ["lost-update-vanish"] }, none);
    expect(el.dataset.status).toBe("met");
    expect(el.querySelector("[data-testid=challenge-won]")?.textContent?.trim()).toBe("Won");
    const pick = el.querySelector<HTMLElement>(
      "[data-challenge=lost-update-vanish] .challenge-pick-meta",
    );
    expect(pick?.textContent).toBe("None · won");
    expect(el.querySelectorAll("[data-testid=challenge-pick]")).toHaveLength(CHALLENGES.length);
  });

  it("shows a hint only for the run it was made for", () => {
    const hint = {
      wins: 2,
      total: 6,
      move: { seq: 3, user: "Bob", step: 1, label: "read balance", by: 1 },
    };
    const ask = { kind: "hint", hint, schedule: serial.schedule } as const;
    const answer = (r: RunReport) =>
      card({ ask }, r).querySelector("[data-testid=challenge-answer]");
    expect(answer(serial)?.textContent).toMatch(
      /^Hint: 2 of 6 interleavings win; try moving Bob's/,
    );
    expect(answer(none)?.hasAttribute("hidden")).toBe(true);
  });

  it("says why 'it can't be done' was refused, by counts", () => {
    const el = card(
      { ask: { kind: "verdict", verdict: { kind: "refused", wins: 2, total: 6 } } },
      serial,
    );
    const a = el.querySelector<HTMLElement>("[data-testid=challenge-answer]");
    expect(a?.dataset.answer).toBe("refused");
    expect(a?.textContent).toMatch(/^It can be done: 2 of 6/);
  });

  it("wires its buttons", () => {
    const calls: string[] = [];
    const el = card({}, serial, {
      onHint: () => void calls.push("hint"),
      onCannot: () => void calls.push("cannot"),
      onRestart: () => void calls.push("restart"),
      onNext: () => void calls.push("next"),
      onOpen: (id) => void calls.push(id),
    });
    for (const id of ["hint", "cannot", "restart", "next"])
      el.querySelector<HTMLButtonElement>(`[data-testid=challenge-${id}]`)?.click();
    el.querySelector<HTMLButtonElement>("[data-challenge=write-skew-none]")?.click();
    expect(calls).toEqual(["hint", "cannot", "restart", "next", "write-skew-none"]);
  });
});
