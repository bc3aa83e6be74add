import { describe, expect, it } from "vitest";
import type { RunReport } from "../bindings/RunReport";
import busyCounterJson from "./samples/busy-counter-transaction.json";
import counterThreeJson from "./samples/counter-three-none.json";
import counterThreeOptimisticJson from "./samples/counter-three-optimistic.json";
import {
  answered,
  asking,
  forward,
  PREDICT_OFF,
  PREDICT_ON,
  type PredictState,
  questionAt,
  questionsOf,
  settle,
} from "./predict";
import { answerText, questionText } from "./predict-text";
import * as s from "./samples.test-data";

const counterThree = counterThreeJson as unknown as RunReport;
const counterThreeOptimistic = counterThreeOptimisticJson as unknown as RunReport;
const busyCounter = busyCounterJson as unknown as RunReport;

/** Each pause as "seq:mechanism", the shape of a run's questions at a glance. */
const pauses = (r: RunReport) => questionsOf(r).map((q) => `${q.seq}:${q.mechanism.kind}`);

describe("where predict mode pauses", () => {
  it.each([
    ["none: before Bob's save, where the lost update's cycle closes", s.none, ["4:finding"]],
    ["atomic: the non-repeatable read closes at the same save", s.atomic, ["4:finding"]],
    ["pessimistic: Bob's BEGIN IMMEDIATE waits", s.pessimistic, ["2:wait"]],
    [
      "optimistic: the version check fails, then Bob starts over",
      s.optimistic,
      ["4:conflict", "5:retry"],
    ],
    ["transaction: BUSY_SNAPSHOT, then the retry", s.transaction, ["4:busy", "5:retry"]],
    [
      "transaction, rollback journal: Alice's COMMIT waits, Bob is refused, Bob starts over",
      s.transactionDelete,
      ["3:wait", "4:busy", "6:retry"],
    ],
    ["a dirty read closes at Bob's read", s.dirty, ["4:finding"]],
    [
      "a deadlock: the first wait, then the turn that leaves everyone waiting",
      s.deadlock,
      ["6:wait", "7:deadlock"],
    ],
    ["write skew closes at the second doctor's save", s.writeSkew, ["4:finding"]],
    [
      "three users: each lost update where its own cycle closes",
      counterThree,
      ["5:finding", "6:finding"],
    ],
  ])("%s", (_name, report, expected) => {
    expect(pauses(report)).toEqual(expected);
  });

  it("asks each user once per mechanism, and again when the strategy gives up", () => {
    // Carol conflicts twice and retries twice under optimistic: asked the first time only.
    expect(pauses(counterThreeOptimistic)).toEqual([
      "5:conflict",
      "6:conflict",
      "7:retry",
      "8:retry",
    ]);
    // Alice is refused four times; the fourth is where the strategy gives up on her.
    const q = questionsOf(busyCounter);
    expect(q.map((x) => `${x.seq}:${x.mechanism.kind}`)).toEqual(["5:busy", "6:retry", "19:busy"]);
    expect(q[2].answer.gaveUp).toBe(true);
    expect(q[0].answer).toMatchObject({ gaveUp: false, retried: true });
  });

  it("never pauses where nothing happened worth a guess", () => {
    // A correct run whose strategy never acts: the only events are plain reads and saves.
    const plain: RunReport = {
      ...s.none,
      findings: [],
      events: s.none.events.map((e) => ({ ...e })),
    };
    expect(questionsOf(plain)).toEqual([]);
    expect(questionAt(s.none, 2)).toBeNull();
    expect(questionAt(s.none, 3)?.seq).toBe(4);
  });
});

describe("the facts of each question", () => {
  it("lost update: Bob's save of the balance, answered by the value it left and the finding", () => {
    const [q] = questionsOf(s.none);
    expect(q).toMatchObject({ index: 3, user: "Bob", step: 2, attempt: 1 });
    expect(q.action).toEqual({ kind: "write", change: "update", columns: ["balance"] });
    expect(q.answer.values).toEqual(["balance 130"]);
    expect(q.answer.findings).toEqual([0]);
    expect(questionText(q)).toEqual({ lead: "Bob saves now.", ask: "What will the balance be?" });
    expect(answerText(s.none, q)).toBe("balance 130. Lost update (G-single).");
  });

  it("atomic gives the same question a different answer", () => {
    const [q] = questionsOf(s.atomic);
    expect(questionText(q).ask).toBe("What will the balance be?");
    expect(answerText(s.atomic, q)).toBe("balance 180. Non-repeatable read (G-single).");
  });

  it("optimistic: the version the save expects, and the value re-read on the retry (not the version column)", () => {
    const [conflict, retry] = questionsOf(s.optimistic);
    expect(conflict.mechanism).toEqual({ kind: "conflict", expectedVersion: 0 });
    expect(questionText(conflict)).toEqual({
      lead: "Bob saves, but only if the row is still at version 0.",
      ask: "Will the save go through?",
    });
    expect(conflict.answer.retried).toBe(true);
    expect(answerText(s.optimistic, conflict)).toMatch(
      /^No: .*0 rows changed.* Bob starts over\.$/,
    );
    expect(retry.action).toEqual({ kind: "read", columns: ["balance"] });
    expect(retry.answer.values).toEqual(["balance 150"]);
    expect(questionText(retry)).toEqual({
      lead: "Bob starts over (attempt 2).",
      ask: "What will Bob see?",
    });
  });

  it("transaction: SQLite's code is the answer", () => {
    const [busy] = questionsOf(s.transaction);
    expect(busy.mechanism).toEqual({ kind: "busy", code: 517, snapshot: true });
    expect(busy.action).toMatchObject({ kind: "write", change: "update" });
    expect(questionText(busy).ask).toBe("What will SQLite answer?");
    expect(answerText(s.transaction, busy)).toMatch(/^SQLITE_BUSY_SNAPSHOT, code 517: /);
  });

  it("pessimistic: the lock Bob asks for, and the step he gets through at", () => {
    const [wait] = questionsOf(s.pessimistic);
    expect(wait.mechanism).toEqual({ kind: "wait", code: 5, until: 4 });
    expect(wait.action).toEqual({ kind: "statement", name: "BEGIN IMMEDIATE" });
    expect(questionText(wait)).toEqual({
      lead: "Bob sends BEGIN IMMEDIATE now.",
      ask: "Will Bob get through?",
    });
    expect(answerText(s.pessimistic, wait)).toBe(
      "No: Bob waits for the lock until step 4 (SQLITE_BUSY, code 5).",
    );
  });

  it("a dirty read is asked as a read, answered by the uncommitted value", () => {
    const [q] = questionsOf(s.dirty);
    expect(questionText(q)).toEqual({
      lead: "Bob reads the balance now.",
      ask: "What will Bob see?",
    });
    expect(q.answer.values).toEqual(["balance 0"]);
  });

  it("write skew: the answer is every doctor's on_call, from the committed state after the save", () => {
    const [q] = questionsOf(s.writeSkew);
    expect(q.answer.values).toEqual(["on_call: alice 0 · bob 0"]);
  });

  it("a deadlock's last turn", () => {
    const q = questionsOf(s.deadlock);
    expect(q[1].action).toEqual({ kind: "statement", name: "COMMIT" });
    expect(answerText(s.deadlock, q[1])).toMatch(/^Deadlock/);
    // The wait before it never ends: no step to name.
    expect(answerText(s.deadlock, q[0])).toBe("No: T2 waits for the lock (SQLITE_BUSY, code 5).");
  });

  it("three users: each question names its own finding", () => {
    const q = questionsOf(counterThree);
    expect(q.map((x) => [x.user, x.answer.findings])).toEqual([
      ["Bob", [0]],
      ["Carol", [1]],
    ]);
    expect(q.map((x) => x.answer.values)).toEqual([["value 1"], ["value 1"]]);
  });
});

describe("stepping in predict mode", () => {
  it("stops before Bob's save to ask, reveals on the next step, then goes on", () => {
    let p: PredictState = PREDICT_ON;
    let index = 0;
    const taken: string[] = [];
    for (let i = 0; i < 6; i++) {
      const m = forward(s.none, index, p);
      index = m.index;
      p = m.predict;
      const q = p.on ? p.question : null;
      taken.push(`${index}${q ? `:${q.phase}@${q.index}` : ""}${m.asked ? " (paused)" : ""}`);
    }
    expect(taken).toEqual([
      "1",
      "2",
      "2:asking@3 (paused)",
      "3:answered@3",
      "3:answered@3",
      "3:answered@3",
    ]);
    const asked: PredictState = { on: true, question: { index: 3, phase: "asking" } };
    expect(asking(s.none, asked, 2)?.seq).toBe(4);
    // Anywhere else the question does not stand (the playhead was moved another way).
    expect(asking(s.none, asked, 0)).toBeNull();
    expect(answered(s.none, asked, 3)).toBeNull();
    expect(answered(s.none, p, 3)?.seq).toBe(4);
    expect(answered(s.none, p, 1)).toBeNull();
  });

  it("with the mode off, steps straight on", () => {
    expect(forward(s.none, 2, PREDICT_OFF)).toEqual({
      index: 3,
      predict: PREDICT_OFF,
      asked: false,
    });
  });

  it("asks again after stepping back before the question", () => {
    const p: PredictState = { on: true, question: { index: 3, phase: "answered" } };
    expect(settle(p, 3)).toBe(p);
    const back = settle(p, 2);
    expect(back).toEqual(PREDICT_ON);
    expect(forward(s.none, 2, back)).toMatchObject({ index: 2, asked: true });
  });

  it("keeps a question only where it stands", () => {
    const q: PredictState = { on: true, question: { index: 3, phase: "asking" } };
    expect(settle(q, 2)).toBe(q);
    expect(settle(q, 0)).toEqual(PREDICT_ON);
    expect(settle(PREDICT_OFF, 0)).toBe(PREDICT_OFF);
  });

  it("optimistic: asks about the conflict, then about the retry right after it", () => {
    let m = forward(s.optimistic, 2, PREDICT_ON);
    expect(m).toMatchObject({ index: 2, asked: true });
    m = forward(s.optimistic, m.index, m.predict);
    expect(m).toMatchObject({ index: 3, asked: false });
    m = forward(s.optimistic, m.index, m.predict);
    expect(m).toMatchObject({ index: 3, asked: true });
    expect(asking(s.optimistic, m.predict, m.index)?.mechanism.kind).toBe("retry");
  });
});
