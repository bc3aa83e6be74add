import { describe, expect, it } from "vitest";
import { sqlLabelForms } from "./sql-label";
import { splitAtKeyword, splitTopLevel, unwrap } from "./sql-scan";
import { fitLabel } from "./text";

const formsOf = (sql: string) => {
  const forms = sqlLabelForms(sql);
  if (!forms) throw new Error(`no forms for ${sql}`);
  return forms;
};

describe("statements the engine sends, as box labels", () => {
  // [statement, width in characters, lines allowed, what the box reads]
  const cases: [string, number, number, string[]][] = [
    // none: the value it computed; atomic: the expression SQLite computes.
    ["UPDATE account SET balance = 130 WHERE id = 1", 26, 2, ["account[1]: balance = 130"]],
    ["UPDATE account SET balance = 130 WHERE id = 1", 16, 2, ["account[1]", "balance = 130"]],
    ["UPDATE account SET balance = 130 WHERE id = 1", 16, 1, ["balance = 130"]],
    [
      "UPDATE account SET balance = balance + 30 WHERE id = 1",
      24,
      2,
      ["UPDATE account[1]", "balance = balance + 30"],
    ],
    // optimistic, as now sent (conditions in parentheses) and as in the recorded sample.
    [
      "UPDATE account SET balance = 150, version = version + 1 WHERE (id = 1) AND (version = 0)",
      16,
      2,
      ["account[1] @v0", "balance = 150"],
    ],
    [
      "UPDATE account SET balance = 150, version = version + 1 WHERE (id = 1) AND (version = 0)",
      30,
      2,
      ["account[1] @v0: balance = 150"],
    ],
    [
      "UPDATE account SET balance = 130, version = version + 1 WHERE (id = 1) AND (version = 0)",
      17,
      1,
      ["balance = 130 @v0"],
    ],
    // atomic with a condition: the check is in the statement.
    [
      "UPDATE account SET balance = balance - 30 WHERE (id = 1) AND ((balance >= 30))",
      22,
      3,
      ["UPDATE account[1]", "balance = balance - 30", "if balance >= 30"],
    ],
    // A guard on another row that fed the write.
    [
      "UPDATE t SET v = 3, version = version + 1 WHERE (id = 1) AND (version = 2) AND ((SELECT version FROM t WHERE rowid = 2) = 5)",
      16,
      3,
      ["t[1] @v2: v = 3", "if t#2 @v5"],
    ],
    // Atomic check-then-insert: the values and the check in one statement.
    [
      "INSERT INTO booking (room, who) SELECT 1, 'alice' WHERE ((SELECT count(*) FROM booking WHERE room = 1) = 0)",
      28,
      2,
      ["INSERT booking (1, 'alice')", "if no booking WHERE room = 1"],
    ],
    [
      "INSERT INTO booking (room, who) VALUES (1, 'alice')",
      32,
      2,
      ["INSERT INTO booking (room, who)", "VALUES (1, 'alice')"],
    ],
    [
      "INSERT INTO booking (room, who) VALUES (1, 'alice')",
      16,
      2,
      ["INSERT booking", "(1, 'alice')"],
    ],
    ["DELETE FROM task WHERE id = 1", 16, 2, ["DELETE FROM task", "WHERE id = 1"]],
    ["DELETE FROM task WHERE id = 1", 14, 1, ["DELETE task[1]"]],
    ["DELETE FROM task WHERE (id = 1) AND (version = 2)", 18, 2, ["DELETE task[1] @v2"]],
    // Reads: the row, then the columns (the key is in the row's name).
    ["SELECT id, balance FROM account WHERE id = 1", 16, 2, ["read account[1]", "balance"]],
    ["SELECT id, balance FROM account WHERE id = 1", 12, 1, ["read balance"]],
    [
      "SELECT count(*) AS on_call_count FROM doctor WHERE on_call = 1",
      18,
      2,
      ["read count(*)", "WHERE on_call = 1"],
    ],
  ];
  it.each(cases)("%s in %i chars, %i lines", (sql, width, maxLines, shown) => {
    expect(fitLabel(formsOf(sql), width, maxLines)).toEqual(shown);
  });

  it("always offers the whole statement first, broken before WHERE", () => {
    for (const [sql] of cases) expect(formsOf(sql)[0].join(" ")).toBe(sql);
  });

  it("offers each form once", () => {
    const forms = formsOf("SELECT * FROM t WHERE a = 1");
    expect(new Set(forms.map((f) => f.join("\n"))).size).toBe(forms.length);
  });
});

describe("top-level SQL scanning", () => {
  it("cuts at the statement's own WHERE, not a subquery's or a literal's", () => {
    expect(splitAtKeyword("SET a = (SELECT b FROM t WHERE id = 2) WHERE id = 1", "WHERE")).toEqual([
      "SET a = (SELECT b FROM t WHERE id = 2)",
      "WHERE id = 1",
    ]);
    expect(splitAtKeyword("name = 'a WHERE b'", "WHERE")).toEqual(["name = 'a WHERE b'", null]);
  });

  it("splits conditions at top-level ANDs and drops parentheses around the whole", () => {
    expect(splitTopLevel("(id = 1) AND (a = 1 AND b = 2)", /\s+AND\s+/i).map(unwrap)).toEqual([
      "id = 1",
      "a = 1 AND b = 2",
    ]);
    expect(unwrap("((x >= 30))")).toBe("x >= 30");
    expect(unwrap("(a) AND (b)")).toBe("(a) AND (b)");
  });
});
