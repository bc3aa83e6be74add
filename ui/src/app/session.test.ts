// @vitest-environment happy-dom
//! The explorer grid must answer for the run on screen: switching the journal
//! or editing the file while it is open reruns it (with progress), and an old
//! exploration never overwrites a newer one. Predict mode stops playback
//! before each question and reveals it on the next key.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ExploreReport } from "../bindings/ExploreReport";
import type { Journal } from "../bindings/Journal";
import type { RunReport } from "../bindings/RunReport";
import type { SampleRequest } from "../bindings/SampleRequest";
import type { ScenarioChange } from "../bindings/ScenarioChange";
import { asking, answered } from "../model/predict";
import * as s from "../model/samples.test-data";
import type { Backend } from "./backend";
import { Session } from "./session";
import { type ExploreState, initialState, Store } from "./state";

interface Pending {
  journal: Journal | null;
  sample: SampleRequest | null;
  resolve(r: ExploreReport): void;
  reject(e: unknown): void;
  progress(p: { done: number; total: number }): void;
}

function fakeBackend(interleavings = 6) {
  const explorations: Pending[] = [];
  let cancels = 0;
  let changed: ((c: ScenarioChange) => void) | null = null;
  const grid = (journal: Journal | null): ExploreReport => ({
    scenario: "Lost update",
    journal: journal ?? "wal",
    users: ["Alice", "Bob"],
    interleavings: 6,
    method: { kind: "reduced" },
    strategies: [],
  });
  const backend: Backend = {
    kind: "preview",
    catalogState: async () => ({ folder: null, recent: [], entries: [] }),
    openFolder: async () => ({ folder: null, recent: [], entries: [] }),
    pickFolder: async () => null,
    runScenario: async (req) =>
      ({
        ...(req.journal === "delete" ? s.transactionDelete : s.transaction),
        journal: req.journal ?? "wal",
      }) as RunReport,
    compareStrategies: async () => [],
    exploreEstimate: async () => ({
      interleavings,
      strategies: 5,
      fits: interleavings <= 100_000,
      limit: 100_000,
    }),
    exploreScenario: (_id, journal, sample, onProgress) =>
      new Promise<ExploreReport>((resolve, reject) => {
        onProgress({ done: 0, total: 10 });
        explorations.push({ journal, sample, resolve, reject, progress: onProgress });
      }),
    cancelExplore: async () => {
      cancels++;
      // Like the engine: the exploration under way stops with "cancelled".
      const running = explorations[explorations.length - 1];
      running?.reject({ code: "cancelled", message: "cancelled", location: null });
    },
    onScenariosChanged: async (h) => {
      changed = h;
      return () => undefined;
    },
    saveExport: async () => null,
    saveFigure: async () => null,
    cancelFigure: async () => undefined,
    readProgress: async () => null,
    writeProgress: async () => undefined,
  };
  return {
    backend,
    explorations,
    grid,
    cancels: () => cancels,
    change: (c: ScenarioChange) => changed?.(c),
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));

/** The explorer's state, narrowed to `kind`, or a failed expectation. */
function exploreAs<K extends ExploreState["kind"]>(store: Store, kind: K) {
  const e = store.state.explore;
  expect(e.kind).toBe(kind);
  return e as Extract<ExploreState, { kind: K }>;
}

const journalOf = (store: Store) => {
  const e = store.state.explore;
  return e.kind === "done" ? e.report.journal : e.kind === "idle" ? null : e.journal;
};

async function started(interleavings = 6) {
  const f = fakeBackend(interleavings);
  const store = new Store(initialState("light"));
  const session = new Session(store, f.backend);
  store.update({ request: { ...store.state.request, strategy: "transaction" } });
  await session.start();
  return { ...f, store, session };
}

describe("explorer and journal", () => {
  it("reruns the grid, with progress, when the journal changes while it is open", async () => {
    const { store, session, explorations, grid } = await started();
    const first = session.explore();
    await tick();
    exploreAs(store, "running");
    explorations[0].resolve(grid(explorations[0].journal));
    await first;
    expect(journalOf(store)).toBe("wal");
    exploreAs(store, "done");

    await session.toggleJournal();
    await tick();
    await tick();
    expect(store.state.report?.journal).toBe("delete");
    expect(store.state.view).toBe("explore");
    expect(exploreAs(store, "running").journal).toBe("delete");
    expect(explorations).toHaveLength(2);
    expect(explorations[1].journal).toBe("delete");
    explorations[1].resolve(grid("delete"));
    await tick();
    expect(exploreAs(store, "done").report.journal).toBe("delete");
  });

  it("cancels an exploration for the old journal and ignores its answer", async () => {
    const { store, session, explorations, grid, cancels } = await started();
    void session.explore();
    await tick();
    await session.toggleJournal();
    for (let i = 0; i < 4; i++) await tick();
    expect(cancels()).toBeGreaterThanOrEqual(1);
    expect(explorations.map((e) => e.journal)).toEqual(["wal", "delete"]);
    // A late answer for WAL must not replace the rollback-journal grid.
    explorations[0].resolve(grid("wal"));
    explorations[1].resolve(grid("delete"));
    await tick();
    expect(exploreAs(store, "done").report.journal).toBe("delete");
    expect(store.state.view).toBe("explore");
    expect(store.state.error).toBeNull();
  });

  it("reruns the grid when the scenario file changes while it is open", async () => {
    const { store, session, explorations, grid, change } = await started();
    const first = session.explore();
    await tick();
    explorations[0].resolve(grid("wal"));
    await first;
    change({
      changed: [store.state.request.id],
      removed: [],
      state: { folder: null, recent: [], entries: [] },
    });
    for (let i = 0; i < 4; i++) await tick();
    expect(explorations).toHaveLength(2);
    exploreAs(store, "running");
    explorations[1].resolve(grid("wal"));
    await tick();
    exploreAs(store, "done");
  });

  it("shows a grid already computed for the journal at once", async () => {
    const { store, session, explorations, grid } = await started();
    const first = session.explore();
    await tick();
    explorations[0].resolve(grid("wal"));
    await first;
    await session.setView("timeline");
    await session.explore();
    expect(explorations).toHaveLength(1);
    expect(store.state.view).toBe("explore");
  });
});

describe("explorer: asking first, progress and cancel", () => {
  it("asks before a space past the budget, and explores all or a sample on the answer", async () => {
    const { store, session, explorations, grid } = await started(34_650);
    await session.explore();
    const ask = exploreAs(store, "confirm");
    expect(ask.estimate.interleavings).toBe(34_650);
    expect(explorations).toHaveLength(0);
    const sampled = session.exploreSample();
    await tick();
    expect(explorations[0].sample).toEqual({ runs: 1000, seed: 1 });
    expect(exploreAs(store, "running").sample).toEqual({ runs: 1000, seed: 1 });
    explorations[0].resolve(grid("wal"));
    await sampled;
    exploreAs(store, "done");
  });

  it("offers the sample, not 'not valid', when the engine refuses with too_big", async () => {
    const { store, session, explorations } = await started();
    void session.explore();
    await tick();
    const message = "About 369,600 interleavings: more than the 100,000 the explorer runs whole.";
    explorations[0].reject({ code: "too_big", message, location: null });
    await tick();
    const ask = exploreAs(store, "confirm");
    expect(ask.refused?.message).toBe(message);
    expect(ask.estimate.fits).toBe(false);
    expect(store.state.error).toBeNull();
    expect(store.state.view).toBe("explore");
  });

  it("takes at most one progress update per frame", async () => {
    const { store, session, explorations } = await started();
    void session.explore();
    await tick();
    let updates = 0;
    const stop = store.subscribe(() => updates++);
    for (let i = 1; i <= 50; i++) explorations[0].progress({ done: i, total: 50 });
    expect(updates).toBe(0);
    await frame();
    stop();
    expect(updates).toBe(1);
    expect(exploreAs(store, "running").progress).toEqual({ done: 50, total: 50 });
  });

  it("leaves at once on Cancel, and ignores the cancelled run's later progress and answer", async () => {
    const { store, session, explorations, grid } = await started();
    void session.explore();
    await tick();
    session.cancelExplore();
    // Synchronously: before the engine has answered.
    exploreAs(store, "idle");
    expect(store.state.view).toBe("timeline");
    explorations[0].progress({ done: 5, total: 10 });
    explorations[0].resolve(grid("wal"));
    await frame();
    await tick();
    exploreAs(store, "idle");
    expect(store.state.error).toBeNull();
  });
});

describe("predict, then reveal", () => {
  afterEach(() => vi.useRealTimers());

  async function started(report: RunReport) {
    const { backend } = fakeBackend();
    const store = new Store(initialState("light"));
    const session = new Session(store, { ...backend, runScenario: async () => report });
    await session.start();
    return { store, session };
  }

  it("playback stops before Bob's save with the question, and Space reveals it", async () => {
    const { store, session } = await started(s.none);
    session.togglePredict();
    vi.useFakeTimers();
    session.togglePlay();
    await vi.advanceTimersByTimeAsync(10_000);
    const st = store.state;
    expect(st.playing).toBe(false);
    // The playhead stands on Alice's save; the question is about Bob's.
    expect(st.index).toBe(2);
    expect(asking(st.report, st.predict, st.index)?.seq).toBe(4);
    session.togglePlay();
    expect(store.state.index).toBe(3);
    expect(store.state.playing).toBe(false);
    expect(answered(store.state.report, store.state.predict, 3)?.seq).toBe(4);
  });

  it("→ asks first, then reveals; ← leaves the question", async () => {
    const { store, session } = await started(s.optimistic);
    session.togglePredict();
    session.seek(2);
    session.step(1);
    expect(store.state.index).toBe(2);
    expect(asking(store.state.report, store.state.predict, 2)?.mechanism.kind).toBe("conflict");
    session.step(1);
    expect(store.state.index).toBe(3);
    session.step(-1);
    expect(store.state.predict).toEqual({ on: true, question: null });
    session.togglePredict();
    session.step(1);
    session.step(1);
    // Off: straight on, no question.
    expect(store.state.index).toBe(4);
    expect(store.state.predict).toEqual({ on: false });
  });

  it("plays straight through with the mode off", async () => {
    const { store, session } = await started(s.none);
    vi.useFakeTimers();
    session.togglePlay();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(store.state.index).toBe(3);
    expect(store.state.playing).toBe(false);
  });
});

describe("predict mode and the whole run", () => {
  it("turning predict mode on hides the whole run again, so the answers are not on screen", async () => {
    const { backend } = fakeBackend();
    const store = new Store(initialState("light"));
    const session = new Session(store, { ...backend, runScenario: async () => s.none });
    await session.start();
    store.update({ revealAll: true });
    session.togglePredict();
    expect(store.state.revealAll).toBe(false);
    expect(store.state.predict).toEqual({ on: true, question: null });
  });
});

describe("the graph view", () => {
  it("goes back to the view it was opened from, a challenge included", async () => {
    const { backend } = fakeBackend();
    const store = new Store(initialState("light"));
    const session = new Session(store, { ...backend, runScenario: async () => s.none });
    await session.start();
    await session.toggleGraph();
    expect(store.state.view).toBe("graph");
    await session.toggleGraph();
    expect(store.state.view).toBe("timeline");
    store.update({ view: "challenge" });
    await session.toggleGraph();
    expect(store.state.view).toBe("graph");
    await session.toggleGraph();
    expect(store.state.view).toBe("challenge");
  });
});
