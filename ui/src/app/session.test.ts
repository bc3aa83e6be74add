// @vitest-environment happy-dom
//! The explorer grid must answer for the run on screen: switching the journal
//! or editing the file while it is open reruns it (with progress), and an old
//! exploration never overwrites a newer one.
import { describe, expect, it } from "vitest";
import type { ExploreReport } from "../bindings/ExploreReport";
import type { Journal } from "../bindings/Journal";
import type { RunReport } from "../bindings/RunReport";
import type { ScenarioChange } from "../bindings/ScenarioChange";
import * as s from "../model/samples.test-data";
import type { Backend } from "./backend";
import { Session } from "./session";
import { initialState, Store } from "./state";

interface Pending {
  journal: Journal | null;
  resolve(r: ExploreReport): void;
  reject(e: unknown): void;
}

function fakeBackend() {
  const explorations: Pending[] = [];
  let cancels = 0;
  let changed: ((c: ScenarioChange) => void) | null = null;
  const grid = (journal: Journal | null): ExploreReport => ({
    scenario: "Lost update",
    journal: journal ?? "wal",
    users: ["Alice", "Bob"],
    schedules: [],
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
    exploreScenario: (_id, journal, onProgress) =>
      new Promise<ExploreReport>((resolve, reject) => {
        onProgress({ done: 0, total: 10 });
        explorations.push({ journal, resolve, reject });
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

async function started() {
  const f = fakeBackend();
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
    expect(store.state.exploreProgress).not.toBeNull();
    explorations[0].resolve(grid(explorations[0].journal));
    await first;
    expect(store.state.explore?.journal).toBe("wal");

    await session.toggleJournal();
    await tick();
    expect(store.state.report?.journal).toBe("delete");
    expect(store.state.view).toBe("explore");
    expect(store.state.explore).toBeNull();
    expect(store.state.exploreProgress).not.toBeNull();
    expect(store.state.exploreJournal).toBe("delete");
    expect(explorations).toHaveLength(2);
    expect(explorations[1].journal).toBe("delete");
    explorations[1].resolve(grid("delete"));
    await tick();
    expect(store.state.explore?.journal).toBe("delete");
    expect(store.state.exploreProgress).toBeNull();
  });

  it("cancels an exploration for the old journal and ignores its answer", async () => {
    const { store, session, explorations, grid, cancels } = await started();
    void session.explore();
    await session.toggleJournal();
    await tick();
    await tick();
    expect(cancels()).toBe(1);
    expect(explorations.map((e) => e.journal)).toEqual(["wal", "delete"]);
    // A late answer for WAL must not replace the rollback-journal grid.
    explorations[0].resolve(grid("wal"));
    explorations[1].resolve(grid("delete"));
    await tick();
    expect(store.state.explore?.journal).toBe("delete");
    expect(store.state.view).toBe("explore");
    expect(store.state.error).toBeNull();
  });

  it("reruns the grid when the scenario file changes while it is open", async () => {
    const { store, session, explorations, grid, change } = await started();
    const first = session.explore();
    explorations[0].resolve(grid("wal"));
    await first;
    change({
      changed: [store.state.request.id],
      removed: [],
      state: { folder: null, recent: [], entries: [] },
    });
    await tick();
    await tick();
    expect(explorations).toHaveLength(2);
    expect(store.state.exploreProgress).not.toBeNull();
    explorations[1].resolve(grid("wal"));
    await tick();
    expect(store.state.explore).not.toBeNull();
  });

  it("shows a grid already computed for the journal at once", async () => {
    const { store, session, explorations, grid } = await started();
    const first = session.explore();
    explorations[0].resolve(grid("wal"));
    await first;
    await session.setView("timeline");
    await session.explore();
    expect(explorations).toHaveLength(1);
    expect(store.state.view).toBe("explore");
  });
});
