import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ExploreReport } from "../bindings/ExploreReport";
import { judgeCannot, observedClass, goalMet, summaryFor, winningShare } from "./challenge";
import { CHALLENGES } from "./challenge-set";
import { STRATEGIES } from "./values";

// Each is `interleave explore fixtures/NAME.toml --format json`, compacted with `jq -c .`.
const samples = import.meta.glob("./challenge-samples/explore-*.json", {
  eager: true,
  import: "default",
}) as Record<string, unknown>;

function explored(scenario: string): ExploreReport {
  const name = scenario.replace(/^builtin:/, "").replace(/\.toml$/, "");
  const s = samples[`./challenge-samples/explore-${name}.json`];
  if (!s) throw new Error(`no explorer sample for ${scenario}`);
  return s as ExploreReport;
}

describe("the built-in challenge set", () => {
  it("names each challenge once, and only built-in scenarios that exist", () => {
    expect(new Set(CHALLENGES.map((c) => c.id)).size).toBe(CHALLENGES.length);
    for (const c of CHALLENGES) {
      expect(c.scenario).toMatch(/^builtin:/);
      expect(existsSync(`../fixtures/${c.scenario.replace("builtin:", "")}`)).toBe(true);
    }
  });

  it("has, for every strategy, a challenge whose answer is 'it can't be done'", () => {
    for (const s of STRATEGIES)
      expect(CHALLENGES.some((c) => c.strategy === s && c.claim === "cannot")).toBe(true);
  });

  it("covers most built-in scenarios", () => {
    expect(new Set(CHALLENGES.map((c) => c.scenario)).size).toBeGreaterThanOrEqual(12);
  });

  it.each(CHALLENGES.map((c) => [c.id, c] as const))(
    "%s: the explorer agrees with its claim",
    (_, c) => {
      const report = explored(c.scenario);
      const summary = summaryFor(c, report);
      expect(summary).not.toBeNull();
      if (!summary) return;
      expect(report.method.kind).not.toBe("sample");
      const share = winningShare(c.goal, summary);
      const verdict = judgeCannot(c, report);
      if (c.claim === "cannot") {
        expect(share.wins).toBe(0);
        expect(verdict.kind).toBe("accepted");
      } else {
        expect(share.wins).toBeGreaterThan(0);
        expect(share.wins).toBeLessThan(share.total);
        expect(verdict.kind).toBe("refused");
      }
    },
  );

  it.each(CHALLENGES.map((c) => [c.id, c] as const))(
    "%s: the start does not win already",
    (_, c) => {
      const report = explored(c.scenario);
      const summary = summaryFor(c, report);
      if (!summary || !c.start) throw new Error("every challenge has a start");
      const start = c.start.map((u) => report.users.indexOf(u));
      expect(start).not.toContain(-1);
      // The explorer lists every schedule of these small scenarios' classes: find the start's.
      const same = (s: number[]) => s.length === start.length && s.every((u, i) => u === start[i]);
      const home = summary.classes.filter((k) => k.schedules.some(same) || same(k.representative));
      expect(home).toHaveLength(1);
      expect(goalMet(c.goal, observedClass(home[0]))).toBe(false);
    },
  );
});
