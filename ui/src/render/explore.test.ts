// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import type { ExploreReport } from "../bindings/ExploreReport";
import sample from "../model/samples/explore-lost-update.json";
import * as s from "../model/samples.test-data";
import { syntheticExplore } from "../app/preview-explore";
import { drawCompare } from "./compare";
import { drawExplore } from "./explore";
import { drawExploreConfirm, drawExploreProgress } from "./explore-status";
import { render } from "lit-html";
import { revealAt } from "../model/reveal";
import { findingsTemplate } from "./findings";

const report = sample as unknown as ExploreReport;
const noop = { onCancel: () => {}, onExploreAll: () => {}, onExploreSample: () => {} };

function draw(r: ExploreReport, expanded = new Set<string>()) {
  const opened: [string, string[]][] = [];
  const el = drawExplore(
    r,
    { onScreen: null, expanded },
    { onOpen: (st, sch) => opened.push([st, sch]) },
  );
  return { el, opened };
}

describe("explorer classes", () => {
  it("draws a column per strategy and a row per class, counts summing to executions", () => {
    const { el } = draw(report);
    const columns = [...el.querySelectorAll("[data-testid=explore-column]")];
    expect(columns.map((c) => c.getAttribute("data-strategy"))).toEqual(
      report.strategies.map((x) => x.strategy),
    );
    columns.forEach((col, i) => {
      const st = report.strategies[i];
      const rows = [...col.querySelectorAll("[data-testid=explore-class]")];
      expect(rows).toHaveLength(st.classes.length);
      const sum = rows.reduce((a, r) => a + Number(r.getAttribute("data-count")), 0);
      expect(sum).toBe(st.executions);
      const counts = [...col.querySelectorAll("[data-testid=explore-count]")];
      expect(counts.reduce((a, c) => a + Number(c.getAttribute("data-count")), 0)).toBe(
        st.executions,
      );
    });
    const lost = el.querySelector("[data-testid=explore-class][data-verdict=lost_update]")!;
    expect(lost.querySelector(".xclass-title")!.textContent).toBe("Lost update");
    expect(lost.querySelector(".vm-text")?.textContent).toBe("LU");
    const method = el.querySelector<HTMLElement>("[data-testid=explore-method]")!;
    expect(method.dataset.method).toBe(report.method.kind);
    const runs = report.strategies.reduce((a, x) => a + x.runs, 0);
    const executions = report.strategies.reduce((a, x) => a + x.executions, 0);
    expect(method.textContent).toContain(
      `Reduced: ${runs} runs stood for ${executions} executions.`,
    );
  });

  it("opens a class's representative, and each listed schedule, as names", () => {
    const { el, opened } = draw(report);
    const lost = el.querySelector("[data-testid=explore-class][data-verdict=lost_update]")!;
    lost.querySelector<HTMLButtonElement>("[data-testid=explore-open]")!.click();
    const c = report.strategies[0].classes[0];
    expect(opened[0]).toEqual(["none", c.representative.map((u) => report.users[u])]);
    const expand = lost.querySelector<HTMLButtonElement>("[data-testid=explore-expand]")!;
    const list = lost.querySelector<HTMLOListElement>(".xclass-schedules")!;
    expect(list.hidden).toBe(true);
    expect(expand.getAttribute("aria-expanded")).toBe("false");
    expand.click();
    expect(list.hidden).toBe(false);
    expect(expand.getAttribute("aria-expanded")).toBe("true");
    const buttons = [...list.querySelectorAll<HTMLButtonElement>("[data-testid=explore-schedule]")];
    expect(buttons).toHaveLength(c.schedules.length);
    buttons[1].click();
    expect(opened[1]).toEqual(["none", c.schedules[1].map((u) => report.users[u])]);
  });

  it("says 'and N more' when a class has more executions than it lists", () => {
    const big = syntheticExplore([s.none], "wal", true);
    const { el } = draw(big);
    const first = el.querySelector("[data-testid=explore-class]")!;
    expect(first.querySelector(".xclass-more")?.textContent).toMatch(/^and [\d,]+ more$/);
  });

  it("keeps long columns short behind a button that says what it hides", () => {
    const base = report.strategies[0];
    const classes = Array.from({ length: 12 }, (_, i) => ({ ...base.classes[0], count: i + 1 }));
    const wide = { ...report, strategies: [{ ...base, classes, executions: 78 }] };
    const expanded = new Set<string>();
    const { el } = draw(wide, expanded);
    expect(el.querySelectorAll("[data-testid=explore-class]")).toHaveLength(8);
    const more = el.querySelector<HTMLButtonElement>("[data-testid=explore-more-classes]")!;
    expect(more.textContent).toBe("Show 4 more classes (42 executions)");
    more.click();
    expect(el.querySelectorAll("[data-testid=explore-class]")).toHaveLength(12);
    expect(expanded.has("none/*")).toBe(true);
  });

  it("reads 'gave up' the same in the single view, compare and the explorer", () => {
    const gaveUp = { ...s.optimistic, outcome: "gave_up" as const };
    const findings = document.createElement("div");
    render(
      findingsTemplate(gaveUp, revealAt(gaveUp, gaveUp.events.length - 1, false), {
        onShowEvent: () => {},
        onReach: () => {},
      }),
      findings,
    );
    const head = findings.querySelector("[data-testid=run-outcome]")!;
    const compare = drawCompare(
      [gaveUp],
      0,
      1000,
      { strategy: "optimistic", journal: "wal" },
      { onPick: () => {} },
    );
    const base = report.strategies[3];
    const r: ExploreReport = {
      ...report,
      strategies: [
        { ...base, executions: 1, classes: [{ ...base.classes[0], outcome: "gave_up", count: 1 }] },
      ],
    };
    const row = draw(r).el.querySelector("[data-testid=explore-class]")!;
    const words = [
      head.querySelector(".run-outcome-text")!.textContent,
      compare.querySelector(".badge-verdict")!.textContent,
      row.querySelector(".xclass-title")!.textContent,
    ];
    expect(words).toEqual(["Gave up", "Gave up", "Gave up"]);
    expect(row.getAttribute("data-verdict")).toBe("gave_up");
  });
});

describe("explorer before its answer", () => {
  it("shows progress with a cancel button", () => {
    let cancelled = false;
    const el = drawExploreProgress({ done: 30, total: 120 }, "wal", null, {
      ...noop,
      onCancel: () => (cancelled = true),
    });
    expect(el.getAttribute("data-state")).toBe("running");
    expect(el.textContent).toContain("30 of about 120 executions · 25%");
    expect(el.textContent).toContain("WAL");
    el.querySelector<HTMLButtonElement>("[data-testid=explore-cancel]")!.click();
    expect(cancelled).toBe(true);
  });

  it("names the size and offers all or a sample; past the limit, only the sample", () => {
    const chosen: string[] = [];
    const on = {
      onCancel: () => chosen.push("cancel"),
      onExploreAll: () => chosen.push("all"),
      onExploreSample: () => chosen.push("sample"),
    };
    const fits = drawExploreConfirm(
      { interleavings: 34650, strategies: 5, fits: true, limit: 100000 },
      "wal",
      null,
      on,
    );
    expect(fits.textContent).toContain("about 34,650 interleavings × 5 strategies");
    fits.querySelector<HTMLButtonElement>("[data-testid=explore-all]")!.click();
    fits.querySelector<HTMLButtonElement>("[data-testid=explore-sample]")!.click();
    expect(chosen).toEqual(["all", "sample"]);
    const past = drawExploreConfirm(
      { interleavings: 369600, strategies: 5, fits: false, limit: 100000 },
      "wal",
      { code: "too_big", message: "Too many: 369,600.", location: null },
      on,
    );
    expect(past.querySelector("[data-testid=explore-all]")).toBeNull();
    expect(past.querySelector("[data-testid=explore-sample]")!.textContent).toBe(
      "Explore a sample of 1,000 (seed 1)",
    );
    expect(past.querySelector("[data-testid=explore-refused]")!.textContent).toBe(
      "Too many: 369,600.",
    );
    expect(past.textContent).not.toContain("not valid");
  });
});
