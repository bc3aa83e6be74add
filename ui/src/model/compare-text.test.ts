import { describe, expect, it } from "vitest";
import { cutAtWord } from "./compare-text";

describe("a compare label cut at a word", () => {
  it.each([
    ["WHERE nam…", "read doctor WHERE name = 'carol'", "WHERE …"],
    ["read doctor WHERE…", "read doctor WHERE name = 'carol'", "read doctor WHERE …"],
    ["balance = balan…", "balance = balance + 50", "balance = …"],
    ["abcde…", "abcdefgh", "…"],
  ])("%s from %s → %s", (line, full, expected) => {
    expect(cutAtWord(line, full)).toBe(expected);
  });

  it("leaves a line that was not cut", () => {
    expect(cutAtWord("balance = 150", "balance = 150")).toBe("balance = 150");
  });
});
