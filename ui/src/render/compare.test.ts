// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import * as s from "../model/samples.test-data";
import { drawCompare } from "./compare";

const runs = [s.none, s.atomic, s.pessimistic, s.optimistic, s.transaction];
const current = { strategy: "none" as const, journal: "wal" as const };
const draw = (index: number, size: Parameters<typeof drawCompare>[2]) =>
  drawCompare(runs, index, size, current, { onPick: () => {} });
const outcomes = (el: HTMLElement) =>
  [...el.querySelectorAll("[data-testid=badge]")].map((b) => b.getAttribute("data-outcome"));

describe("compare view", () => {
  it("gives no outcome away before each row's last step, unless the whole run is shown", () => {
    const early = draw(2, { width: 1000, height: 600, presenting: false, revealAll: false });
    expect(outcomes(early)).toEqual(["pending", "pending", "pending", "pending", "pending"]);
    expect(early.textContent).not.toContain("Lost update");
    expect(early.querySelector("[data-testid=badge]")?.textContent).toContain("Outcome at step 4");
    // None and atomic end at step 4; the others go on (a wait, retries).
    const at4 = draw(3, { width: 1000, height: 600, presenting: false, revealAll: false });
    expect(outcomes(at4)).toEqual(["anomaly", "anomaly", "pending", "pending", "pending"]);
    const all = draw(0, { width: 1000, height: 600, presenting: false, revealAll: true });
    expect(outcomes(all)).toEqual(["anomaly", "anomaly", "correct", "correct", "correct"]);
  });

  it("draws future steps as placeholders, with nothing of what they did", () => {
    const el = draw(1, { width: 1000, height: 600, presenting: false, revealAll: false });
    const row = el.querySelector("[data-strategy=none]");
    const labels = [...(row?.querySelectorAll(".step-label") ?? [])].map((t) => t.textContent);
    expect(labels.join(" ")).not.toContain("130");
  });

  it("wraps labels onto two lines and never cuts one", () => {
    const el = draw(5, { width: 1000, height: 600, presenting: false, revealAll: true });
    const labels = [...el.querySelectorAll(".compare-row .step-label")].map(
      (t) => t.textContent ?? "",
    );
    expect(labels.length).toBeGreaterThan(20);
    expect(labels.filter((t) => t.includes("…"))).toEqual([]);
    // Some box needed its second line.
    const twoLine = [...el.querySelectorAll(".compare-row [data-testid=event]")].filter(
      (g) => g.querySelectorAll(".step-label").length === 2,
    );
    expect(twoLine.length).toBeGreaterThan(0);
  });

  it("in presentation, draws the rows larger: the SVG is scaled by the fit's zoom", () => {
    const normal = draw(0, { width: 1212, height: 555, presenting: false });
    const present = draw(0, { width: 1212, height: 555, presenting: true });
    expect(Number(normal.dataset.zoom)).toBe(1);
    const zoom = Number(present.dataset.zoom);
    expect(zoom).toBeGreaterThan(1);
    const svg = present.querySelector(".compare-row svg");
    const [, , w, h] = (svg?.getAttribute("viewBox") ?? "").split(" ").map(Number);
    expect(Number(svg?.getAttribute("width"))).toBeCloseTo(w * zoom);
    expect(Number(svg?.getAttribute("height"))).toBeCloseTo(h * zoom);
  });

  it("shows each strategy's dependency graph, and explains its abbreviations", () => {
    const el = draw(3, { width: 1000, height: 600, presenting: false, revealAll: false });
    const graphs = [...el.querySelectorAll("[data-testid=compare-graphs] .compare-graph")];
    expect(graphs.map((g) => g.getAttribute("data-strategy"))).toEqual(runs.map((r) => r.strategy));
    expect(graphs[0].querySelector(".dep-graph")?.getAttribute("data-cycle")).toBe("closed");
    expect(graphs[2].querySelector(".dep-graph")?.getAttribute("data-cycle")).toBe("none");
    expect(el.querySelector("[data-testid=compare-notation]")?.textContent).toContain("@v0");
  });
});
