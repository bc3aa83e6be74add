import { describe, expect, it } from "vitest";
import type { BehaviourClass } from "../bindings/BehaviourClass";
import type { ExploreReport } from "../bindings/ExploreReport";
import sample from "./samples/explore-lost-update.json";
import {
  classVerdict,
  exploreChoice,
  finalDifferences,
  methodView,
  progressView,
  scheduleMarks,
  strategyColumn,
  userMarks,
  verdictShape,
  verdictsPresent,
  visibleRows,
} from "./explore";
import {
  classCount,
  classDetail,
  classSentence,
  classTitle,
  estimateText,
  fateText,
  headlineText,
  methodText,
  moreText,
  progressText,
} from "./explore-text";

// `interleave explore fixtures/lost-update.toml --format json` (JSON widens tuples, hence the cast).
const report = sample as unknown as ExploreReport;
const byStrategy = (st: string) => {
  const summary = report.strategies.find((x) => x.strategy === st);
  if (!summary) throw new Error(`no ${st} in the sample`);
  return strategyColumn(report, summary);
};

describe("behaviour classes of the lost-update sample", () => {
  it("counts executions per verdict, and they add up to the column's executions", () => {
    for (const st of report.strategies) {
      const col = strategyColumn(report, st);
      const shares = col.shares.reduce((a, s) => a + s.count, 0);
      const rows = col.rows.reduce((a, r) => a + r.count, 0);
      expect(shares).toBe(st.executions);
      expect(rows).toBe(st.executions);
      // The engine's own per-outcome counts agree with the classes'.
      expect(col.correct).toBe(st.outcomes.correct ?? 0);
    }
  });

  it("makes one row per class, the anomalies first, each knowing its column's size", () => {
    const none = byStrategy("none");
    expect(none.rows).toHaveLength(report.strategies[0].classes.length);
    expect(none.rows.map((r) => r.verdict)).toEqual(report.strategies[0].classes.map(classVerdict));
    const lost = none.rows.filter((r) => r.verdict === "lost_update");
    expect(lost.length).toBeGreaterThan(0);
    expect(lost.reduce((a, r) => a + r.count, 0)).toBe(report.strategies[0].outcomes.lost_update);
    expect(none.rows.every((r) => r.of === report.strategies[0].executions)).toBe(true);
    expect(none.rows.findIndex((r) => r.verdict === "correct")).toBeGreaterThan(
      none.rows.findIndex((r) => r.verdict === "lost_update"),
    );
  });

  it("names the representative and the listed schedules by user, representative first", () => {
    const none = byStrategy("none");
    report.strategies[0].classes.forEach((c, i) => {
      const row = none.rows[i];
      expect(row.representative).toEqual(c.representative.map((u) => report.users[u]));
      expect(row.schedules[0]).toEqual(row.representative);
      expect(row.schedules).toHaveLength(c.schedules.length);
      expect(row.more).toBe(c.count - c.schedules.length);
    });
  });

  it("tells classes of the same kind apart by the final values that differ", () => {
    const none = byStrategy("none");
    const lost = none.rows.filter((r) => r.verdict === "lost_update");
    // Two lost updates that end differently: the values say which write survived.
    const finals = lost.map((r) => r.final.map((v) => `${v.column}=${String(v.value)}`).join());
    expect(new Set(finals).size).toBe(lost.length);
    for (const r of lost) expect(r.final.every((v) => v.column === "balance")).toBe(true);
    // In a column where every class ends the same, no value is named.
    expect(byStrategy("transaction").rows.every((r) => r.final.length === 0)).toBe(true);
  });

  it("says who waited and who retried from the users' fates", () => {
    const pess = byStrategy("pessimistic");
    const waited = pess.rows.filter((r) => r.fates.some((f) => f.waited > 0));
    expect(waited.length).toBeGreaterThan(0);
    for (const r of waited) {
      const who = r.fates.filter((f) => f.waited > 0).map((f) => f.name);
      for (const name of who) expect(fateText(r.fates)).toContain(`${name} waited`);
    }
    const opt = byStrategy("optimistic");
    const retried = opt.rows.find((r) => r.fates.some((f) => f.retries === 1));
    expect(retried).toBeDefined();
    const name = retried?.fates.find((f) => f.retries === 1)?.name;
    expect(fateText(retried?.fates ?? [])).toContain(`${name} retried`);
  });

  it("marks the class whose listed schedules hold the timeline on screen", () => {
    const c = report.strategies[0].classes[0];
    const names = c.schedules[1].map((u) => report.users[u]);
    const col = strategyColumn(report, report.strategies[0], { strategy: "none", schedule: names });
    expect(col.rows.map((r) => r.current)).toEqual(col.rows.map((_, i) => i === 0));
    const other = strategyColumn(report, report.strategies[0], {
      strategy: "atomic",
      schedule: names,
    });
    expect(other.rows.some((r) => r.current)).toBe(false);
  });

  it("says how the executions were chosen, with the engine's numbers", () => {
    const m = methodView(report);
    expect(m.kind).toBe(report.method.kind);
    const runs = report.strategies.reduce((a, s) => a + s.runs, 0);
    const executions = report.strategies.reduce((a, s) => a + s.executions, 0);
    if (m.kind === "reduced")
      expect(methodText(m)).toBe(`reduced: ${runs} runs stood for ${executions} executions`);
    const sampled = methodView({
      ...report,
      interleavings: 1000,
      method: { kind: "sample", runs: 200, seed: 7 },
    });
    expect(sampled).toMatchObject({ kind: "sample", runs: 200, seed: 7 });
    expect(methodText(sampled)).toMatch(
      /^a sample of 200 \(seed 7\): covers about [\d.]+% of 1,000 interleavings$/,
    );
  });

  it("lists the verdicts present for the legend, in legend order", () => {
    const seen = verdictsPresent(report);
    expect(seen[0]).toBe("correct");
    expect(seen).toContain("lost_update");
    expect(seen).toContain("non_repeatable_read");
  });
});

describe("a class's words", () => {
  const none = byStrategy("none");
  const lost = none.rows.find((r) => r.verdict === "lost_update");
  if (!lost) throw new Error("the sample has a lost update");

  it("reads 'Lost update: N of M executions' with how it ended and who committed", () => {
    expect(classTitle(lost)).toBe("Lost update");
    expect(classCount(lost)).toBe(`${lost.count} of ${lost.of}`);
    expect(classSentence(lost)).toBe(
      `Lost update: ${lost.count} of ${lost.of} executions. ${classDetail(lost)}.`,
    );
    expect(classDetail(lost)).toContain("both committed");
    expect(classDetail(lost)).toMatch(/^ends balance \d+/);
  });

  it("names further kinds, says 'and N more', and a headline of executions", () => {
    expect(classTitle({ ...lost, kinds: ["lost_update", "stale_read"] })).toBe(
      "Lost update + Stale read",
    );
    expect(moreText({ ...lost, more: 12 })).toBe("and 12 more");
    expect(moreText({ ...lost, more: 0 })).toBe("");
    const n = none.executions;
    expect(headlineText(none)).toBe(`correct in ${none.correct} of ${n}`);
    expect(headlineText(byStrategy("transaction"))).toBe(
      `correct in all ${byStrategy("transaction").executions}`,
    );
  });

  it("says who gave up, failed or nobody committed", () => {
    const f = { name: "Bob", committed: 0, waited: 2, retries: 3, gaveUp: true, failed: false };
    const a = { name: "Alice", committed: 1, waited: 0, retries: 0, gaveUp: false, failed: false };
    expect(fateText([a, f])).toBe("Alice committed · Bob waited 2× · Bob retried 3× · Bob gave up");
    expect(
      fateText([
        { ...a, committed: 0, failed: true },
        { ...f, gaveUp: false, waited: 0, retries: 0 },
      ]),
    ).toBe("nobody committed · Alice failed");
  });
});

describe("the question before a big space", () => {
  it("starts small spaces at once and asks past the budget or the limit", () => {
    expect(exploreChoice({ interleavings: 6, strategies: 5, fits: true, limit: 100000 })).toEqual({
      ask: false,
      all: true,
    });
    expect(
      exploreChoice({ interleavings: 34650, strategies: 5, fits: true, limit: 100000 }),
    ).toEqual({ ask: true, all: true });
    expect(
      exploreChoice({ interleavings: 369600, strategies: 5, fits: false, limit: 100000 }),
    ).toEqual({ ask: true, all: false });
    expect(estimateText({ interleavings: 369600, strategies: 5, fits: false, limit: 100000 })).toBe(
      "about 369,600 interleavings × 5 strategies",
    );
  });
});

describe("progress", () => {
  it("shows a share up to the estimate, then that waits and retries go beyond it", () => {
    expect(progressText(progressView(30, 120))).toBe("30 of about 120 executions · 25%");
    const past = progressView(390, 390);
    expect(past.beyond).toBe(true);
    expect(progressText(past)).toBe("past the 390 estimated: waits and retries add executions");
    expect(progressText(progressView(0, 0))).toBe("starting…");
  });

  it("shows the share of the tree walked when the engine says, past the estimate too", () => {
    expect(progressText(progressView(30, 120, 0.5))).toBe(
      "30 of about 120 executions · 50% walked",
    );
    const past = progressView(120, 120, 0.42);
    expect(past.beyond && past.walked).toBe(true);
    expect(past.pct).toBe(42);
    expect(progressText(past)).toBe(
      "past the 120 estimated: waits and retries add executions · 42% of the tree walked",
    );
    // Never 100% before the walk is over, and 100% when it is.
    expect(progressView(120, 120, 0.9999).pct).toBe(99);
    expect(progressView(120, 120, 1).pct).toBe(100);
  });
});

describe("shapes, marks and long columns", () => {
  it("gives each outcome its own shape", () => {
    expect(verdictShape("correct")).toBe("check");
    expect(verdictShape("lost_update")).toBe("triangle");
    expect(verdictShape("gave_up")).toBe("flag");
    expect(verdictShape("deadlock")).toBe("octagon");
    expect(verdictShape("failed")).toBe("cross");
    expect(verdictShape("invariant_broken")).toBe("square");
  });

  it("writes a schedule as runs of the same user's initial", () => {
    expect(userMarks(["Alice", "Bob"])).toEqual(["A", "B"]);
    expect(userMarks(["Ann", "Alice"])).toEqual(["1", "2"]);
    expect(scheduleMarks(["Alice", "Alice", "Bob", "Alice"], ["Alice", "Bob"])).toBe("AA B A");
  });

  it("shows the first classes of a long column and says what the rest hold", () => {
    const base = report.strategies[0].classes[0];
    const classes: BehaviourClass[] = Array.from({ length: 20 }, (_, i) => ({
      ...base,
      count: i + 1,
    }));
    const executions = classes.reduce((a, c) => a + c.count, 0);
    const col = strategyColumn(report, { ...report.strategies[0], classes, executions });
    const v = visibleRows(col, false, 8);
    expect(v.rows).toHaveLength(8);
    expect(v.hidden.classes).toBe(12);
    expect(v.rows.reduce((a, r) => a + r.count, 0) + v.hidden.executions).toBe(executions);
    expect(visibleRows(col, true, 8).rows).toHaveLength(20);
    // One hidden class is not worth a button: it is shown.
    expect(visibleRows({ ...col, rows: col.rows.slice(0, 9) }, false, 8).hidden.classes).toBe(0);
  });

  it("finds no differences in a single class, and each differing cell in several", () => {
    const t = (n: number) => [
      {
        name: "t",
        columns: ["id", "n"],
        rows: [
          [1, n],
          [2, 5],
        ],
      },
    ];
    expect(finalDifferences([t(1)])).toEqual([[]]);
    const d = finalDifferences([t(1), t(2)]);
    expect(d.map((x) => x.map((v) => [v.row, v.column, v.value]))).toEqual([
      [[1, "n", 1]],
      [[1, "n", 2]],
    ]);
  });
});
