//! Step boxes say what was sent: the same intent step reads differently under
//! each strategy, from the recorded lost-update runs (samples/, the CLI's
//! `run --format json`).
import { describe, expect, it } from "vitest";
import type { Event } from "../bindings/Event";
import type { RunReport } from "../bindings/RunReport";
import { buildTimeline, type StepBox } from "./timeline";
import { fitLabel } from "./text";
import * as s from "./samples.test-data";

const box = (r: RunReport, seq: number): StepBox => {
  const b = buildTimeline(r).boxes.find((x) => x.seq === seq);
  if (!b) throw new Error(`no step ${seq}`);
  return b;
};
/** Every form of a box's label, as text: what any box width could show. */
const allForms = (b: StepBox) => (b.labelForms ?? [[b.label]]).map((f) => f.join(" "));
/** What a box ~16 characters wide, two lines, reads. */
const narrow = (b: StepBox) => fitLabel(b.labelForms ?? [[b.label]], 16, 2);

describe("the box shows the statement sent, per strategy", () => {
  // [run, step, what was sent, the 16-char box, what every form keeps, however narrow]
  const cases: [string, RunReport, number, string, string[], RegExp][] = [
    [
      "none writes the value it computed",
      s.none,
      4,
      "UPDATE account SET balance = 130 WHERE id = 1",
      ["account[1]", "balance = 130"],
      /130/,
    ],
    [
      "atomic writes the expression",
      s.atomic,
      4,
      "UPDATE account SET balance = balance + 30 WHERE id = 1",
      ["balance =", "balance + 30"],
      /balance \+ 30/,
    ],
    [
      "optimistic writes only at the version it read",
      s.optimistic,
      3,
      "UPDATE account SET balance = 150, version = version + 1 WHERE (id = 1) AND (version = 0)",
      ["account[1] @v0", "balance = 150"],
      /150/,
    ],
    [
      "optimistic's refused write still shows what it tried",
      s.optimistic,
      4,
      "UPDATE account SET balance = 130, version = version + 1 WHERE (id = 1) AND (version = 0)",
      ["account[1] @v0", "balance = 130"],
      /130/,
    ],
    [
      "pessimistic writes the value it computed under its lock",
      s.pessimistic,
      5,
      "UPDATE account SET balance = 180 WHERE id = 1",
      ["account[1]", "balance = 180"],
      /180/,
    ],
    [
      "a read names the row, after BEGIN IMMEDIATE",
      s.pessimistic,
      1,
      "SELECT id, balance FROM account WHERE id = 1",
      ["read account[1]", "balance"],
      /^(SELECT|read) /,
    ],
  ];
  it.each(cases)("%s", (_, run, seq, sent, shown, kept) => {
    const b = box(run, seq);
    expect(b.sent).toBe(sent);
    expect(b.label).toBe(sent);
    expect(narrow(b)).toEqual(shown);
    for (const f of allForms(b)) expect(f).toMatch(kept);
    // What the user meant stays with the box.
    expect(b.intent).toBe(run.events.find((e) => e.seq === seq)?.label);
  });

  it("tells none from atomic where the intent labels were the same", () => {
    const [none, atomic] = [box(s.none, 4), box(s.atomic, 4)];
    expect(none.intent).toBe(atomic.intent);
    expect(narrow(none)).not.toEqual(narrow(atomic));
    expect(allForms(none).some((f) => f.includes("balance + 30"))).toBe(false);
    expect(allForms(atomic).some((f) => f.includes("130"))).toBe(false);
  });

  it("shows each attempt's own SQL: the retry expects the new version", () => {
    expect(narrow(box(s.optimistic, 4))).toEqual(["account[1] @v0", "balance = 130"]);
    expect(narrow(box(s.optimistic, 6))).toEqual(["account[1] @v1", "balance = 180"]);
  });

  it("names the version column an optimistic read adds", () => {
    expect(narrow(box(s.optimistic, 1))).toEqual(["read account[1]", "balance, version"]);
  });
});

describe("a step that sent no data statement keeps its intent label", () => {
  // No recorded sample has a skipped write: derived by hand from none's Bob,
  // as the engine records a write whose locally checked condition was false.
  const skipped: Event = {
    ...s.none.events[3],
    outcome: { kind: "skipped", reason: "condition_false" },
    sql: [],
    completed: 0,
    changes: [],
    commits: [],
  };
  const withSkip: RunReport = { ...s.none, events: [...s.none.events.slice(0, 3), skipped] };

  const cases: [string, RunReport, number, string][] = [
    ["a think step", s.dirty, 2, "think: waits"],
    ["a skipped write", withSkip, 4, "write balance = balance + 30"],
    // Only BEGIN IMMEDIATE was tried, and it waits: its SELECT has not run.
    ["a read blocked at BEGIN", s.pessimistic, 2, "read balance"],
    // The resumed step only sends the COMMIT it waited for.
    ["a resumed COMMIT", s.transactionDelete, 5, "write balance = balance + 50"],
  ];
  it.each(cases)("%s", (_, run, seq, intent) => {
    const b = box(run, seq);
    expect(b.sent).toBe(null);
    expect(b.label).toBe(intent);
    expect(b.intent).toBe(intent);
    expect(b.labelForms).toBe(null);
  });

  it("a write refused with BUSY did reach SQLite: it shows what it tried", () => {
    expect(box(s.transaction, 4).sent).toBe("UPDATE account SET balance = 130 WHERE id = 1");
  });

  it("a raw SQL step is its own statement", () => {
    const b = box(s.deadlock, 5);
    expect(b.sent).toBe(b.intent);
    expect(b.label).toBe("update test set value = 11 where id = 1");
    // The waiting update has not run: the label is still the SQL as written.
    expect(box(s.deadlock, 6).sent).toBe(null);
    expect(box(s.deadlock, 6).labelForms).toEqual(b.labelForms);
  });
});
