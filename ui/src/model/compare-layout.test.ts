import { describe, expect, it } from "vitest";
import type { RunReport } from "../bindings/RunReport";
import {
  COMPARE_LAYOUT,
  fitCompare,
  PRESENT_MAX_ZOOM,
  PRESENT_SIDE_HEIGHT,
  presentSideHeight,
} from "./compare-layout";
import counterThreeJson from "./samples/counter-three-none.json";
import counterThreeOptimisticJson from "./samples/counter-three-optimistic.json";
import counterThreeTransactionJson from "./samples/counter-three-transaction.json";
import * as s from "./samples.test-data";
import { buildTimeline } from "./timeline";

const lostUpdate = [s.none, s.atomic, s.pessimistic, s.optimistic, s.transaction];
const threeUsers = [counterThreeJson, counterThreeOptimisticJson, counterThreeTransactionJson].map(
  (j) => j as unknown as RunReport,
);
/** What the compare view has at 1280x720 in presentation (header, caption and transport taken). */
const PRESENT_720 = { width: 1212, height: 540, presenting: true, labelWidth: 70 };

/** Height the rows take at a fit, as the view stacks them (see ROW_CHROME, PRESENT_SIDE_HEIGHT). */
function rowsHeight(reports: RunReport[], fit: ReturnType<typeof fitCompare>): number {
  return reports.reduce(
    (a, r) =>
      a + Math.max(buildTimeline(r, fit.layout).height * fit.zoom, PRESENT_SIDE_HEIGHT) + 12,
    0,
  );
}

describe("compare layout", () => {
  it("draws every row with one column width, boxes tall enough for two lines", () => {
    const fit = fitCompare(lostUpdate, {
      width: 1004,
      height: 600,
      presenting: false,
      labelWidth: 70,
    });
    expect(fit.zoom).toBe(1);
    expect(fit.layout.minColumn).toBe(fit.layout.maxColumn);
    const cols = lostUpdate.map((r) => buildTimeline(r, fit.layout).colWidth);
    expect(new Set(cols).size).toBe(1);
    // render/timeline-steps.ts fits floor((h - 2) / 12.5) lines to a compact box.
    expect(Math.floor((COMPARE_LAYOUT.boxHeight - 2) / 12.5)).toBe(2);
  });

  it("in presentation, enlarges the lost update's five rows and still fits them all in 720 px", () => {
    const fit = fitCompare(lostUpdate, PRESENT_720);
    expect(fit.zoom).toBeGreaterThan(1);
    expect(fit.zoom).toBeLessThanOrEqual(PRESENT_MAX_ZOOM);
    expect(rowsHeight(lostUpdate, fit)).toBeLessThanOrEqual(PRESENT_720.height);
    // And the timelines fit the width: no sideways scrolling in front of a room.
    const widest = Math.max(...lostUpdate.map((r) => buildTimeline(r, fit.layout).width));
    expect(widest * fit.zoom).toBeLessThanOrEqual(PRESENT_720.width - fit.sideWidth);
    expect(fit.sideWidth).toBeGreaterThan(
      fitCompare(lostUpdate, { ...PRESENT_720, presenting: false }).sideWidth,
    );
  });

  it("a taller window enlarges more, up to the single view's limit", () => {
    const small = fitCompare(lostUpdate, PRESENT_720);
    const tall = fitCompare(lostUpdate, { ...PRESENT_720, width: 2400, height: 2000 });
    expect(tall.zoom).toBe(PRESENT_MAX_ZOOM);
    expect(small.zoom).toBeLessThan(tall.zoom);
  });

  it("three users: never drawn smaller than normal, the view scrolls instead", () => {
    const fit = fitCompare(threeUsers, { ...PRESENT_720, height: 300 });
    expect(fit.zoom).toBe(1);
    expect(buildTimeline(threeUsers[0], fit.layout).lanes).toHaveLength(4);
  });

  it("rows whose side column is taller (a wrapped outcome, two values) lower the zoom so all still fit", () => {
    const plain = fitCompare(lostUpdate, PRESENT_720);
    const tall = [
      presentSideHeight(2, 2),
      ...lostUpdate.slice(1).map(() => presentSideHeight(1, 1)),
    ];
    const fit = fitCompare(lostUpdate, { ...PRESENT_720, sideHeights: tall });
    expect(fit.zoom).toBeLessThan(plain.zoom);
    const used = lostUpdate.reduce(
      (a, r, i) => a + Math.max(buildTimeline(r, fit.layout).height * fit.zoom, tall[i]) + 12,
      0,
    );
    expect(used).toBeLessThanOrEqual(PRESENT_720.height);
  });
});
