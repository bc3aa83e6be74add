// @vitest-environment happy-dom
//! The challenge's actions over a real Session, with a backend that answers
//! from recorded engine output: a run per schedule, the explorer's report.
import { describe, expect, it, vi } from "vitest";
import type { ExploreReport } from "../bindings/ExploreReport";
import type { RunReport } from "../bindings/RunReport";
import type { RunRequest } from "../bindings/RunRequest";
import exploreJson from "../model/challenge-samples/explore-lost-update.json";
import serialJson from "../model/challenge-samples/run-lost-update-none-serial.json";
import { PROGRESS_KEY } from "../model/challenge-progress";
import * as s from "../model/samples.test-data";
import type { Backend } from "./backend";
import { bindKeys, KEY_HELP } from "./keyboard";
import { Session } from "./session";
import { initialState, Store } from "./state";

const explored = exploreJson as unknown as ExploreReport;
const serial = serialJson as unknown as RunReport;

function recorded(req: RunRequest): RunReport {
  if (req.strategy === "pessimistic") return s.pessimistic;
  if (req.strategy === "transaction") return s.transaction;
  // Under none: serial (the challenge's start) or Bob reading before Alice saves (round-robin).
  return req.schedule?.join() === "Alice,Alice,Bob,Bob" ? serial : s.none;
}

/** The backend's progress file: its text, and every text written, in order. */
interface ProgressFile {
  text: string | null;
  writes: string[];
}

function setup(stored: string | null = null, file: ProgressFile = { text: null, writes: [] }) {
  const runs: RunRequest[] = [];
  let explores = 0;
  let answer: (r: ExploreReport) => void = () => undefined;
  let hold = false;
  const backend = {
    kind: "preview",
    catalogState: async () => ({ folder: null, recent: [], entries: [] }),
    runScenario: async (req: RunRequest) => {
      runs.push(req);
      return recorded(req);
    },
    exploreScenario: () => {
      explores++;
      return hold ? new Promise<ExploreReport>((r) => (answer = r)) : Promise.resolve(explored);
    },
    onScenariosChanged: async () => () => undefined,
    readProgress: async () => file.text,
    writeProgress: async (text: string) => {
      file.text = text;
      file.writes.push(text);
    },
  } as unknown as Backend;
  // The session keeps progress in the page's localStorage (happy-dom's here).
  localStorage.clear();
  if (stored !== null) localStorage.setItem(PROGRESS_KEY, stored);
  const store = new Store({ ...initialState("light"), loading: false });
  const session = new Session(store, backend);
  const mode = session.challenges;
  return {
    store,
    session,
    mode,
    runs,
    explores: () => explores,
    holdExplorer: () => (hold = true),
    answerExplorer: (r: ExploreReport) => answer(r),
  };
}

describe("a challenge in play", () => {
  it("opens its scenario under its strategy from its start, and the start does not win", async () => {
    const t = setup();
    await t.mode.open("lost-update-vanish");
    expect(t.runs.at(-1)).toEqual({
      id: "builtin:lost-update.toml",
      strategy: "none",
      journal: null,
      schedule: ["Alice", "Alice", "Bob", "Bob"],
    });
    expect(t.store.state.view).toBe("challenge");
    expect(t.store.state.challenge.won).toEqual([]);
    // The steps to reorder are all shown; leaving puts back "reveal as it happens".
    expect(t.store.state.revealAll).toBe(true);
    await t.mode.toggle();
    expect(t.store.state.view).toBe("timeline");
    expect(t.store.state.revealAll).toBe(false);
  });

  it("wins when the learner moves Bob's read before Alice's save, and remembers it", async () => {
    const t = setup();
    await t.mode.open("lost-update-vanish");
    t.session.select(3);
    await t.session.moveSelected(-1);
    expect(t.runs.at(-1)?.schedule).toEqual(["Alice", "Bob", "Alice", "Bob"]);
    expect(t.store.state.challenge.won).toEqual(["lost-update-vanish"]);
    expect(JSON.parse(localStorage.getItem(PROGRESS_KEY) ?? "[]")).toEqual(["lost-update-vanish"]);
  });

  it("keeps each win in the backend's file, written in order", async () => {
    const file: ProgressFile = { text: null, writes: [] };
    const t = setup(null, file);
    await t.mode.open("lost-update-vanish");
    t.session.select(3);
    await t.session.moveSelected(-1);
    await t.mode.open("lost-update-pessimistic");
    await t.mode.cannot();
    await t.mode.saved();
    expect(file.writes).toEqual([
      '["lost-update-vanish"]',
      '["lost-update-pessimistic","lost-update-vanish"]',
    ]);
  });

  it("reads the wins back from the file and the page, and writes the page's own to the file", async () => {
    // The file knows one win; the page (an older version kept wins there only) another.
    const file: ProgressFile = { text: '["lost-update-pessimistic"]', writes: [] };
    const t = setup('["lost-update-vanish"]', file);
    expect(t.store.state.challenge.won).toEqual(["lost-update-vanish"]);
    await t.mode.saved();
    expect(t.store.state.challenge.won).toEqual(["lost-update-vanish", "lost-update-pessimistic"]);
    expect(file.text).toBe('["lost-update-pessimistic","lost-update-vanish"]');
    expect(JSON.parse(localStorage.getItem(PROGRESS_KEY) ?? "[]")).toEqual([
      "lost-update-pessimistic",
      "lost-update-vanish",
    ]);
    // Nothing new to either side: nothing is written.
    const same: ProgressFile = { text: '["lost-update-vanish"]', writes: [] };
    const again = setup(null, same);
    await again.mode.saved();
    expect(again.store.state.challenge.won).toEqual(["lost-update-vanish"]);
    expect(same.writes).toEqual([]);
  });

  it("does not count the run on screen before the challenge's own, though it meets the goal", async () => {
    const t = setup();
    await t.session.openRun("builtin:lost-update.toml", "none", null);
    expect(t.store.state.report?.schedule).toEqual(["Alice", "Bob", "Alice", "Bob"]);
    await t.mode.open("lost-update-vanish");
    expect(t.store.state.challenge.won).toEqual([]);
    // Back to the scenario's own schedule from the challenge view: that run was asked for here.
    await t.session.resetSchedule();
    expect(t.store.state.challenge.won).toEqual(["lost-update-vanish"]);
  });

  it("does not count a winning run outside the challenge view", async () => {
    const t = setup();
    await t.mode.open("lost-update-vanish");
    t.store.update({ view: "timeline" });
    await t.session.moveTurn(3, -1);
    expect(t.store.state.challenge.won).toEqual([]);
  });

  it("refuses 'it can't be done' when the explorer finds a way, accepts it when it finds none", async () => {
    const t = setup();
    await t.mode.open("lost-update-vanish");
    await t.mode.cannot();
    expect(t.store.state.challenge.ask).toEqual({
      kind: "verdict",
      verdict: { kind: "refused", wins: 2, total: 6 },
    });
    expect(t.store.state.challenge.won).toEqual([]);
    await t.mode.open("lost-update-pessimistic");
    await t.mode.cannot();
    expect(t.store.state.challenge.ask).toEqual({
      kind: "verdict",
      verdict: { kind: "accepted", total: 4 },
    });
    expect(t.store.state.challenge.won).toEqual(["lost-update-pessimistic"]);
    // One exploration answers every challenge of the scenario.
    expect(t.explores()).toBe(1);
  });

  it("gives a hint for the run on screen and selects the step to move", async () => {
    const t = setup();
    await t.mode.open("lost-update-vanish");
    await t.mode.hint();
    const ask = t.store.state.challenge.ask;
    expect(ask.kind).toBe("hint");
    if (ask.kind === "hint") expect(ask.hint.move).toMatchObject({ user: "Bob", seq: 3 });
    expect(t.store.state.selected).toBe(3);
  });

  it("ignores an explorer answer that comes after another challenge was opened", async () => {
    const t = setup();
    await t.mode.open("lost-update-pessimistic");
    t.holdExplorer();
    const pending = t.mode.cannot();
    expect(t.store.state.challenge.ask).toEqual({ kind: "exploring", question: "cannot" });
    await t.mode.open("lost-update-vanish");
    t.answerExplorer(explored);
    await pending;
    expect(t.store.state.challenge.ask).toEqual({ kind: "none" });
    expect(t.store.state.challenge.won).toEqual([]);
  });

  it("starts from the progress remembered, and the key opens the next one not won", async () => {
    const t = setup(JSON.stringify(["lost-update-vanish"]));
    expect(t.store.state.challenge.won).toEqual(["lost-update-vanish"]);
    await t.mode.toggle();
    expect(t.store.state.challenge.active).toBe("lost-update-both-vanish");
    await t.mode.toggle();
    expect(t.store.state.view).toBe("timeline");
  });

  it("S opens the challenge view and leaves it, and the keys overlay lists it", async () => {
    const t = setup();
    const off = bindKeys(t.session, window);
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "s" }));
    await vi.waitFor(() => expect(t.store.state.view).toBe("challenge"));
    expect(t.store.state.challenge.active).toBe("lost-update-vanish");
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "S" }));
    expect(t.store.state.view).toBe("timeline");
    off();
    expect(KEY_HELP.map(([k]) => k)).toContain("S");
  });
});
