import { describe, expect, it } from "vitest";
import { wrapText } from "./text";

describe("wrapText", () => {
  it("keeps short text on one line", () => {
    expect(wrapText("read balance", 20, 2)).toEqual(["read balance"]);
  });
  it("wraps at word boundaries", () => {
    expect(wrapText("write balance = balance + 50", 16, 2)).toEqual(["write balance =", "balance + 50"]);
  });
  it("ends with an ellipsis when cut", () => {
    const lines = wrapText("UPDATE account SET balance = 0 WHERE id = 1", 14, 2);
    expect(lines).toHaveLength(2);
    expect(lines[1].endsWith("…")).toBe(true);
    lines.forEach((l) => expect(l.length).toBeLessThanOrEqual(14));
  });
  it("cuts a single long word", () => {
    expect(wrapText("abcdefghijklmnop", 6, 1)).toEqual(["abcde…"]);
  });
});
