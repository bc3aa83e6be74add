import { describe, expect, it } from "vitest";
import type { RunReport } from "../bindings/RunReport";
import { sqlLabelForms } from "./sql-label";
import { commitText } from "./db-changes";
import { fitForms, fitLabel, packItems } from "./text";
import * as s from "./samples.test-data";

describe("raw SQL labels", () => {
  it("breaks before WHERE and drops SELECT * FROM first", () => {
    const forms = sqlLabelForms("SELECT * FROM test WHERE id = 2")!;
    expect(forms[0]).toEqual(["SELECT * FROM test", "WHERE id = 2"]);
    expect(forms[1]).toEqual(["read test", "WHERE id = 2"]);
    expect(forms[forms.length - 1]).toEqual(["read test[2]"]);
  });

  it("keeps what an UPDATE sets and where, naming one row as test[1]", () => {
    const forms = sqlLabelForms("UPDATE test SET value = 12 WHERE id = 1;")!;
    expect(forms[0]).toEqual(["UPDATE test SET value = 12", "WHERE id = 1"]);
    expect(forms[1]).toEqual(["test[1]: value = 12"]);
    expect(forms).toContainEqual(["UPDATE test[1]", "value = 12"]);
    expect(forms[forms.length - 1]).toEqual(["value = 12"]);
    // A row not named by its id keeps its WHERE.
    expect(sqlLabelForms("UPDATE doctor SET on_call = 0 WHERE name = 'bob'")![1]).toEqual([
      "SET on_call = 0",
      "WHERE name = 'bob'",
    ]);
  });

  it("leaves other statements and plain labels alone", () => {
    expect(sqlLabelForms("BEGIN")).toBe(null);
    expect(sqlLabelForms("read balance")).toBe(null);
    expect(sqlLabelForms("write balance = balance + 30")).toBe(null);
    expect(sqlLabelForms("INSERT INTO t (a) VALUES (1)")).toEqual([
      ["INSERT INTO t (a)", "VALUES (1)"],
      ["INSERT INTO t", "VALUES (1)"],
      ["INSERT t", "(1)"],
    ]);
  });

  it("fits the richest form, on one line when only one is allowed", () => {
    const forms = sqlLabelForms("SELECT * FROM test WHERE id = 2")!;
    expect(fitLabel(forms, 18, 2)).toEqual(["SELECT * FROM test", "WHERE id = 2"]);
    expect(fitLabel(forms, 12, 2)).toEqual(["read test", "WHERE id = 2"]);
    expect(fitLabel(forms, 12, 1)).toEqual(["read test[2]"]);
    expect(fitLabel(forms, 6, 1)[0].endsWith("…")).toBe(true);
  });
});

describe("database lane text", () => {
  it("packs items one per line, else joined, else not at all", () => {
    expect(packItems(["a 1", "b 2"], 10, 2)).toEqual(["a 1", "b 2"]);
    expect(packItems(["a 1", "b 2", "c 3"], 10, 2)).toEqual(["a 1 · b 2", "c 3"]);
    expect(packItems(["a 1", "b 2", "c 3"], 4, 2)).toBe(null);
  });

  it("keeps the old value, on a second line if need be, before dropping it", () => {
    expect(fitForms([["balance 100→150"], ["balance 150"]], 15, 2)).toEqual(["balance 100→150"]);
    expect(fitForms([["balance 100→150"], ["balance 150"]], 9, 2)).toEqual(["balance", "100→150"]);
    expect(fitForms([["balance 100→150"], ["balance 150"]], 12, 1)).toEqual(["balance 150"]);
    // Never a cut number: the first value and a count.
    expect(fitForms([["balance 150", "version 1"]], 14, 1)).toEqual(["balance 150 +1"]);
  });

  const twoAccounts = (
    changes: RunReport["events"][number]["changes"],
    db: RunReport["final"],
  ): RunReport => {
    const e = { ...s.none.events[2], seq: 1, changes, commits: [1], db };
    return { ...s.none, events: [e], final: db };
  };

  it("names rows by their text: only what changed, compactly", () => {
    const db = [
      {
        name: "account",
        columns: ["id", "name", "balance"],
        rows: [
          [1, "checking", 40],
          [2, "savings", 60],
        ],
      },
    ];
    const r = twoAccounts(
      [
        { table: "account", rowid: 1, column: "balance", old: 50, new: 40 },
        { table: "account", rowid: 2, column: "balance", old: 50, new: 60 },
      ],
      db,
    );
    const t = commitText(r, r.events[0]);
    expect(t.lines).toEqual(["checking balance 50→40", "savings balance 50→60"]);
    expect(t.forms[t.forms.length - 1]).toEqual(["checking 40", "savings 60"]);
    expect(fitForms(t.forms, 24, 1)).toEqual(["checking 40 · savings 60"]);
  });

  it("shows an insert as + its name", () => {
    const db = [
      {
        name: "person",
        columns: ["id", "name"],
        rows: [
          [1, "alice"],
          [2, "carol"],
        ],
      },
    ];
    const r = twoAccounts(
      [
        { table: "person", rowid: 2, column: "id", old: null, new: 2 },
        { table: "person", rowid: 2, column: "name", old: null, new: "carol" },
      ],
      db,
    );
    expect(commitText(r, r.events[0]).lines).toEqual(["+ carol"]);
  });

  it("names a row by text that looks like a blob literal, and never by a blob", () => {
    const db = [
      {
        name: "tag",
        columns: ["id", "raw", "name", "n"],
        rows: [
          [1, { blob: "00ff" }, "x'00'", 2],
          [2, { blob: "01" }, "other", 5],
        ],
      },
    ];
    const r = twoAccounts([{ table: "tag", rowid: 1, column: "n", old: 1, new: 2 }], db);
    expect(commitText(r, r.events[0]).lines).toEqual(["x'00' n 1→2"]);
  });

  it("names a row without text by its id", () => {
    const db = [
      {
        name: "test",
        columns: ["id", "value"],
        rows: [
          [1, 12],
          [2, 20],
        ],
      },
    ];
    const r = twoAccounts([{ table: "test", rowid: 1, column: "value", old: 10, new: 12 }], db);
    expect(commitText(r, r.events[0]).lines).toEqual(["#1 value 10→12"]);
  });
});
