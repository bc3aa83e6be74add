// @vitest-environment happy-dom
//! The page patches in place: an element that has focus is the same element,
//! still focused, after the playhead moves, and the regions show the state.
import { describe, expect, it } from "vitest";
import { previewBackend } from "./preview";
import { Session } from "./session";
import { mountShell } from "./shell";
import { initialState, Store } from "./state";

async function mounted() {
  const root = document.createElement("div");
  root.className = "app";
  document.body.replaceChildren(root);
  const store = new Store(initialState("light"));
  const session = new Session(store, previewBackend());
  mountShell(root, store, session, previewBackend());
  await session.start();
  return { root, store, session };
}

describe("the shell", () => {
  it("keeps the focused sidebar item and findings link in place while the playhead moves", async () => {
    const { root, session, store } = await mounted();
    expect(store.state.report?.events.length).toBeGreaterThan(1);
    const item = root.querySelector<HTMLButtonElement>("[data-testid=scenario-item]");
    expect(item).not.toBeNull();
    item?.focus();
    expect(document.activeElement).toBe(item);
    const db = root.querySelector("[data-testid=db-panel] .panel-body");
    session.seek(1);
    session.seek(2);
    expect(root.querySelector("[data-testid=playhead]")?.textContent).toContain("step 3");
    expect(document.activeElement).toBe(item);
    expect(root.querySelector("[data-testid=scenario-item]")).toBe(item);
    expect(root.querySelector("[data-testid=db-panel] .panel-body")).toBe(db);
  });

  it("keeps the scrub slider, and its focus, across playback ticks", async () => {
    const { root, session } = await mounted();
    const scrub = root.querySelector<HTMLInputElement>("[data-testid=scrub]");
    scrub?.focus();
    session.seek(1);
    session.seek(2);
    expect(root.querySelector("[data-testid=scrub]")).toBe(scrub);
    expect(document.activeElement).toBe(scrub);
    expect(scrub?.value).toBe("3");
  });
});

describe("the page before a step is reached", () => {
  it("shows nothing of the finding, its values or a later step's details", async () => {
    const { root, session, store } = await mounted();
    const r = store.state.report;
    if (!r) throw new Error("no run");
    const sentence = r.findings[0].explanation;
    const main = () => root.querySelector("main")?.textContent ?? "";
    expect(main()).not.toContain(sentence);
    expect(root.querySelector(".side-panel .tab")?.textContent).toBe("Findings (0)");
    session.end();
    expect(main()).toContain(sentence);
    // Step 4's details opened at the end, then back to step 1: they wait for step 4.
    session.select(4);
    expect(main()).toContain("balance = 130");
    session.home();
    expect(root.querySelector(".side-panel .panel-body")?.getAttribute("data-panel")).toBe(
      "findings",
    );
    expect(main()).not.toContain("balance = 130");
    expect(main()).not.toContain(sentence);
    // The whole run, asked for, shows it all at step 1: step 4's details again, and the finding.
    session.toggleRevealAll();
    expect(main()).toContain("balance = 130");
    session.showPanel("findings");
    expect(main()).toContain(sentence);
  });
});
