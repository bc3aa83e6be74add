import { describe, expect, it } from "vitest";
import { ellipsize, wrapText } from "./text";

describe("wrapText", () => {
  it("keeps short text on one line", () => {
    expect(wrapText("read balance", 20, 2)).toEqual(["read balance"]);
  });
  it("balances two lines", () => {
    expect(wrapText("write balance = balance + 50", 25, 2)).toEqual([
      "write balance",
      "= balance + 50",
    ]);
  });
  it("ends with an ellipsis when cut", () => {
    const lines = wrapText("UPDATE account SET balance = 0 WHERE id = 1", 14, 2);
    expect(lines).toHaveLength(2);
    expect(lines[1].endsWith("…")).toBe(true);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(14);
  });
  it("cuts to one line", () => {
    expect(wrapText("write balance = balance + 50", 12, 1)).toEqual(["write balan…"]);
  });
  it("cuts a single long word", () => {
    expect(wrapText("abcdefghijklmnop", 6, 1)).toEqual(["abcde…"]);
    expect(ellipsize("abc", 6)).toBe("abc");
  });
  it("uses the measure it is given", () => {
    const wide = (t: string) => t.length * 2;
    expect(wrapText("read balance", 20, 2, wide)).toEqual(["read", "balance"]);
  });
  it("handles three lines", () => {
    expect(wrapText("a b c d e f g h", 3, 3)).toEqual(["a b", "c d", "e…"]);
  });
});

describe("wrapText on three lines", () => {
  it("balances three lines when two do not fit", () => {
    expect(wrapText("write balance = balance + 50", 12, 3)).toEqual([
      "write",
      "balance =",
      "balance + 50",
    ]);
  });
  it("still prefers two lines", () => {
    expect(wrapText("write balance = balance + 50", 15, 3)).toEqual([
      "write balance",
      "= balance + 50",
    ]);
  });
});
