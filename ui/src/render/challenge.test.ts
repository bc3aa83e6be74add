// @vitest-environment happy-dom
import { render } from "lit-html";
import { describe, expect, it } from "vitest";
import type { RunReport } from "../bindings/RunReport";
import type { ChallengeState } from "../app/challenge";
import serialJson from "../model/challenge-samples/run-lost-update-none-serial.json";
import { challengeById, CHALLENGES } from "../model/challenge-set";
import { none } from "../model/samples.test-data";
import { type AppState, initialState } from "../app/state";
import { type ChallengeHandlers, challengeSidebarTemplate, challengeTemplate } from "./challenge";

const serial = serialJson as unknown as RunReport;
const vanish = challengeById("lost-update-vanish");
const noop: ChallengeHandlers = {
  onHint() {},
  onCannot() {},
  onRestart() {},
  onNext() {},
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
  });

  it("shows met and won, with a shape and a word", () => {
    const el = card({ won: ["lost-update-vanish"] }, none);
    expect(el.dataset.status).toBe("met");
    expect(el.querySelector("[data-testid=challenge-won]")?.textContent?.trim()).toBe("Won");
    expect(el.querySelector("[data-testid=challenge-status] .challenge-mark")).not.toBeNull();
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
    });
    for (const id of ["hint", "cannot", "restart", "next"])
      el.querySelector<HTMLButtonElement>(`[data-testid=challenge-${id}]`)?.click();
    expect(calls).toEqual(["hint", "cannot", "restart", "next"]);
  });

  it("lists the challenges in the sidebar in the challenge view, the won ones ticked", () => {
    const calls: string[] = [];
    const mode = {
      toggle: async () => {
        calls.push("toggle");
        return true;
      },
      open: async (id: string) => {
        calls.push(id);
        return true;
      },
    };
    const host = document.createElement("div");
    const st = (view: AppState["view"]): AppState => ({
      ...initialState("light"),
      view,
      challenge: { active: "lost-update-vanish", won: ["write-skew-none"], ask: { kind: "none" } },
    });
    render(challengeSidebarTemplate(st("challenge"), mode), host);
    const picks = [...host.querySelectorAll<HTMLElement>("[data-testid=challenge-pick]")];
    expect(picks.map((p) => p.dataset.challenge)).toEqual(CHALLENGES.map((c) => c.id));
    expect(picks.filter((p) => p.dataset.won === "true").map((p) => p.dataset.challenge)).toEqual([
      "write-skew-none",
    ]);
    expect(host.querySelector("[aria-current=true]")?.getAttribute("data-challenge")).toBe(
      "lost-update-vanish",
    );
    expect(host.querySelector("[data-testid=challenge-progress]")?.textContent).toBe(
      `1 of ${CHALLENGES.length} won`,
    );
    picks[1].click();
    host.querySelector<HTMLButtonElement>("[data-testid=challenge-leave]")?.click();
    // Elsewhere, the way in, with the progress.
    render(challengeSidebarTemplate(st("timeline"), mode), host);
    const entry = host.querySelector<HTMLButtonElement>("[data-testid=challenge-toggle]");
    expect(entry?.textContent).toMatch(/1 of 20 won/);
    entry?.click();
    expect(calls).toEqual([CHALLENGES[1].id, "toggle", "toggle"]);
  });
});
