import { describe, expect, it } from "vitest";
import type { Event } from "../bindings/Event";
import type { SkipReason } from "../bindings/SkipReason";
import {
  narrate,
  outcomeClause,
  outcomeCode,
  stepPoint,
  stepSentence,
  stepStatus,
  stepStatusShort,
  statementName,
} from "./outcome";
import { playheadView } from "./playhead";
import * as s from "./samples.test-data";

describe("where a step stopped", () => {
  it("names statements by their first words", () => {
    expect(statementName("begin immediate")).toBe("BEGIN IMMEDIATE");
    expect(statementName("  UPDATE t SET x = 1")).toBe("UPDATE");
    expect(statementName("BEGIN")).toBe("BEGIN");
  });

  it("finds the waiting statement at sql[completed]", () => {
    expect(stepPoint(s.transactionDelete.events[2])).toEqual({
      done: ["UPDATE account SET balance = 150 WHERE id = 1"],
      failed: "COMMIT",
    });
    expect(stepPoint(s.pessimistic.events[1])).toEqual({ done: [], failed: "BEGIN IMMEDIATE" });
  });

  it("skips the ROLLBACK the engine adds after a BUSY", () => {
    const e = s.transaction.events[3];
    expect(e.sql).toEqual(["UPDATE account SET balance = 130 WHERE id = 1", "ROLLBACK"]);
    expect(stepPoint(e)).toEqual({
      done: [],
      failed: "UPDATE account SET balance = 130 WHERE id = 1",
    });
  });

  it("has nothing failing when the step went through", () => {
    expect(stepPoint(s.none.events[0]).failed).toBe(null);
    expect(stepStatus(s.none.events[0])).toBe(null);
  });
});

describe("captions say what happened", () => {
  it("adds the refusal and the new attempt to a BUSY_SNAPSHOT step", () => {
    expect(narrate(s.transaction, s.transaction.events[3])).toBe(
      "Bob deposits 30 and saves — refused: BUSY_SNAPSHOT, rolled back; Bob will start over",
    );
    expect(narrate(s.transactionDelete, s.transactionDelete.events[3])).toBe(
      "Bob deposits 30 and saves — refused: BUSY, rolled back; Bob will start over",
    );
  });

  it("says a conflict changed nothing and the user re-reads", () => {
    expect(outcomeClause(s.optimistic, s.optimistic.events[3])).toBe(
      "0 rows changed: someone else saved first; Bob will re-read",
    );
    expect(outcomeClause(s.optimistic, s.optimistic.events[4])).toBe("starts over (attempt 2)");
  });

  it("says what waits and for whom, and when the wait is over", () => {
    expect(outcomeClause(s.pessimistic, s.pessimistic.events[1])).toBe("waits for Alice's lock");
    expect(outcomeClause(s.transactionDelete, s.transactionDelete.events[2])).toBe(
      "UPDATE done, COMMIT waits for Bob's lock",
    );
    expect(outcomeClause(s.pessimistic, s.pessimistic.events[3])).toBe(
      "the lock is free now, so it goes through",
    );
  });

  it("ends a deadlocked run by saying so", () => {
    expect(narrate(s.deadlock, s.deadlock.events[6])).toBe(
      "T1 commits — waits for T2's lock; each now waits for the other: deadlock",
    );
    expect(outcomeClause(s.deadlock, s.deadlock.events[5])).toBe("waits for T1's lock");
  });

  it("says why a write was skipped, from the engine's reason", () => {
    const skipped = (reason: SkipReason, message: string | null = null): Event => ({
      ...s.writeSkew.events[3],
      outcome: { kind: "skipped", reason },
      message,
    });
    expect(outcomeClause(s.writeSkew, skipped("condition_false"))).toBe(
      "skipped: its condition was false",
    );
    expect(outcomeClause(s.writeSkew, skipped("condition_false_in_update"))).toBe(
      "skipped: the UPDATE's condition was false, so 0 rows changed",
    );
    // The reason decides, whatever SQLite's or the engine's text for people says.
    expect(
      outcomeClause(s.writeSkew, skipped("transaction_rolled_back", "condition `x` is false")),
    ).toBe("skipped: the transaction was already rolled back");
    expect(stepStatus(skipped("condition_false"))).toBe("skipped");
  });

  it("says a user gave up from gave_up, never from the message", () => {
    const conflict = s.optimistic.events[3];
    // The last attempt's conflict, with no retry after it: the strategy gave up here.
    const last = { ...s.optimistic, events: s.optimistic.events.slice(0, 4) };
    const gaveUp = { ...conflict, gave_up: true };
    expect(outcomeClause(last, gaveUp)).toBe(
      "0 rows changed: someone else saved first; Bob gives up",
    );
    expect(stepStatus(gaveUp)).toBe("0 rows changed · conflict · gave up");
    expect(stepStatusShort(gaveUp)).toBe("gave up");
    expect(stepSentence(last, { ...s.pessimistic.events[4], gave_up: true })).toBe(
      "Bob gives up: the change is not made.",
    );
    // A message that happens to say so changes nothing.
    const worded = { ...conflict, message: "Bob gave up after 4 attempts" };
    expect(outcomeClause(last, worded)).toBe("0 rows changed: someone else saved first");
    expect(stepStatus(worded)).toBe("0 rows changed · conflict");
  });

  it("takes SQLite's code from the outcome", () => {
    expect(outcomeCode(s.transaction.events[3].outcome)).toBe(517);
    expect(outcomeCode(s.pessimistic.events[1].outcome)).toBe(5);
    expect(outcomeCode(s.optimistic.events[3].outcome)).toBe(null);
    expect(outcomeCode(s.none.events[0].outcome)).toBe(null);
  });

  it("leaves a step that went as told alone", () => {
    expect(narrate(s.none, s.none.events[3])).toBe("Bob deposits 30 and saves");
    expect(narrate(s.dirty, s.dirty.events[4])).toBe("Alice changes her mind and rolls back");
  });

  it("is what the playhead shows", () => {
    expect(playheadView(s.transaction, 3)!.caption).toContain("refused: BUSY_SNAPSHOT");
  });

  it("explains the step in the details, with SQLite's code", () => {
    expect(stepSentence(s.transaction, s.transaction.events[3])).toBe(
      "SQLite refused UPDATE (SQLITE_BUSY_SNAPSHOT 517); the transaction was rolled back and Bob starts over.",
    );
    expect(stepSentence(s.transactionDelete, s.transactionDelete.events[2])).toBe(
      "UPDATE done; COMMIT waits for a lock (SQLITE_BUSY 5).",
    );
    expect(stepSentence(s.deadlock, s.deadlock.events[6])).toContain("never gets it: deadlock");
    expect(stepSentence(s.dirty, s.dirty.events[2])).toContain("never became visible");
  });
});
