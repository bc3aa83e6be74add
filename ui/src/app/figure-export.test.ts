// @vitest-environment happy-dom
//! Exporting a figure goes through the backend with the frames the UI drew,
//! shows progress while it is made, and says nothing is wrong when the user
//! cancels; recording mode and the keys overlay answer their keys.
import { describe, expect, it } from "vitest";
import type { FigureRequest } from "../bindings/FigureRequest";
import type { Progress } from "../bindings/Progress";
import * as s from "../model/samples.test-data";
import { sharedDefs } from "../render/glyphs";
import type { Backend } from "./backend";
import { FigureExport } from "./figure-export";
import { bindKeys } from "./keyboard";
import { Session } from "./session";
import { initialState, Store } from "./state";

function setup() {
  const calls: { name: string; request: FigureRequest; path?: string }[] = [];
  let finish: ((bytes: number) => void) | null = null;
  let fail: ((e: unknown) => void) | null = null;
  let progress: ((p: Progress) => void) | null = null;
  let cancels = 0;
  const backend = {
    kind: "tauri",
    saveExport: async (_name: string, _mime: string, bytes: Uint8Array, path?: string) =>
      path ?? `/chosen/${bytes.length}`,
    saveFigure: (
      name: string,
      request: FigureRequest,
      onProgress: (p: Progress) => void,
      path?: string,
    ) => {
      calls.push({ name, request, path });
      progress = onProgress;
      return new Promise((resolve, reject) => {
        finish = (bytes) => resolve({ path: path ?? "/chosen", bytes });
        fail = reject;
      });
    },
    cancelFigure: async () => {
      cancels++;
      fail?.({ code: "cancelled", message: "the export was cancelled", location: null });
    },
  } as unknown as Backend;
  const store = new Store({ ...initialState("light"), report: s.none, loading: false, index: 1 });
  const defs = sharedDefs();
  document.body.append(defs);
  const figures = new FigureExport(store, backend, defs);
  return {
    store,
    figures,
    calls,
    finish: (n: number) => finish?.(n),
    progress: (p: Progress) => progress?.(p),
    cancels: () => cancels,
  };
}

describe("figure export", () => {
  it("sends one frame per step plus the final hold, shows progress, then the size", async () => {
    const t = setup();
    const done = t.figures.run(
      { format: "gif", layout: "slide", size: { width: 1280, height: 720 }, moment: "step" },
      "/tmp/out.gif",
    );
    await Promise.resolve();
    expect(t.calls).toHaveLength(1);
    const { request, name, path } = t.calls[0];
    expect(path).toBe("/tmp/out.gif");
    expect(name).toBe("lost-update-none-wal-slide.gif");
    expect(request.format).toBe("gif");
    expect([request.width, request.height]).toEqual([1280, 720]);
    expect(request.frames).toHaveLength(s.none.events.length + 1);
    expect(t.figures.view.progress).toEqual({ done: 0, total: s.none.events.length + 1 });
    t.progress({ done: 2, total: 5 });
    expect(t.figures.view.progress).toEqual({ done: 2, total: 5 });
    t.finish(87_000);
    expect(await done).toEqual({ path: "/tmp/out.gif", bytes: 87_000 });
    expect(t.figures.view.progress).toBeNull();
    expect(t.figures.view.saved?.bytes).toBe(87_000);
    expect(t.store.state.notice).toContain("85 KB");
  });

  it("a still is one frame at the playhead, or the whole run", async () => {
    const t = setup();
    const still = t.figures.run(
      { format: "png", layout: "slide", size: { width: 1920, height: 1080 }, moment: "step" },
      "/tmp/a.png",
    );
    await Promise.resolve();
    expect(t.calls[0].request.frames).toHaveLength(1);
    expect(t.calls[0].name).toBe("lost-update-none-wal-slide-step-2-1920.png");
    expect(t.calls[0].request.frames[0].svg).toContain("playhead-band");
    t.finish(1);
    await still;
    const whole = t.figures.run(
      { format: "png", layout: "timeline", size: { width: 1280, height: 720 }, moment: "whole" },
      "/tmp/b.png",
    );
    await Promise.resolve();
    expect(t.calls[1].request.frames[0].svg).not.toContain("playhead-band");
    t.finish(1);
    await whole;
  });

  it("Cancel stops it and is not an error", async () => {
    const t = setup();
    const run = t.figures.run(
      { format: "apng", layout: "timeline", size: { width: 1280, height: 720 }, moment: "step" },
      "/tmp/c.apng",
    );
    await Promise.resolve();
    t.figures.cancel();
    await expect(run).rejects.toMatchObject({ code: "cancelled" });
    expect(t.cancels()).toBe(1);
    expect(t.figures.view.progress).toBeNull();
    expect(t.figures.view.error).toBeNull();
    expect(t.store.state.error).toBeNull();
  });
});

describe("recording mode and the keys", () => {
  it("F and F11 toggle recording, ? the keys; Escape closes the keys, then leaves recording", () => {
    const store = new Store({ ...initialState("light"), report: s.none, loading: false });
    const session = new Session(store, {} as Backend);
    const unbind = bindKeys(session, window);
    const press = (key: string) => window.dispatchEvent(new KeyboardEvent("keydown", { key }));
    press("f");
    expect(store.state.recording).toBe(true);
    press("F");
    expect(store.state.recording).toBe(false);
    press("F11");
    expect(store.state.recording).toBe(true);
    press("?");
    expect(store.state.keysHelp).toBe(true);
    press("Escape");
    expect([store.state.keysHelp, store.state.recording]).toEqual([false, true]);
    press("Escape");
    expect(store.state.recording).toBe(false);
    unbind();
  });
});
