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
