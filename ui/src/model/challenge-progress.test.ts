import { describe, expect, it } from "vitest";
import { parseProgress, progressText, wonCount } from "./challenge-progress";

describe("remembered progress", () => {
  it.each([
    [null, []],
    ["", []],
    ["not json", []],
    ['{"a":1}', []],
    ['["b","a"]', ["a", "b"]],
    ['["a",3,null,"c"]', ["a", "c"]],
  ])("reads %j as %j", (text, ids) => {
    expect([...parseProgress(text)].sort()).toEqual(ids);
  });

  it("round-trips, in one order whatever order the wins came in", () => {
    const a = progressText(new Set(["z", "a", "m"]));
    expect(a).toBe(progressText(new Set(["m", "z", "a"])));
    expect(parseProgress(a)).toEqual(new Set(["a", "m", "z"]));
  });

  it("counts only the challenges still offered", () => {
    expect(wonCount(new Set(["a", "gone"]), ["a", "b"])).toBe(1);
  });
});
