// @vitest-environment happy-dom
/// <reference types="node" />
//! The frames crates/figure's tests rasterise and encode are these: drawn here
//! by the UI's own code (timeline, slide, standalone export) with the page's
//! real stylesheets, from the recorded lost-update run. The test fails when
//! the committed fixtures drift from what the UI draws;
//! `UPDATE_FIGURE_FRAMES=1 npm test` rewrites them.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { framePlan, HOLD_MS } from "../model/figure";
import * as s from "../model/samples.test-data";
import { FIGURE_FONT } from "./export";
import type { MeasureAt } from "./figure";
import { figureFrames, figureSvg } from "./figure-frames";
import { sharedDefs } from "./glyphs";

const STYLES = ["base", "timeline", "panels", "figure"];
// Paths from this file's own (vite rewrites `new URL(literal, import.meta.url)` into an asset URL).
const HERE = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(HERE, "../../../crates/figure/tests/frames");
/** Widths by character count: happy-dom has no canvas, and fixtures must not depend on a machine's fonts. */
const measure: MeasureAt = (size, weight) => (t) => t.length * size * (weight >= 700 ? 0.63 : 0.58);

let defs: SVGSVGElement;
function pageStyles() {
  const style = document.createElement("style");
  style.textContent = STYLES.map((f) =>
    readFileSync(join(HERE, `../styles/${f}.css`), "utf8"),
  ).join("\n");
  document.head.append(style);
  defs = sharedDefs();
  document.body.append(defs);
}
beforeAll(pageStyles);

function parse(text: string): Document {
  return new DOMParser().parseFromString(text, "image/svg+xml");
}

/** Compares (or with UPDATE_FIGURE_FRAMES=1 rewrites) one fixture folder. */
function checkFixtures(name: string, frames: { svg: string; hold_ms: number }[], steps: number) {
  const dir = join(FIXTURES, name);
  const manifest = `${JSON.stringify({ steps, frames: frames.map((f, i) => ({ file: `${String(i).padStart(2, "0")}.svg`, hold_ms: f.hold_ms })) }, null, 2)}\n`;
  const files = new Map(frames.map((f, i) => [`${String(i).padStart(2, "0")}.svg`, f.svg]));
  files.set("frames.json", manifest);
  if (process.env.UPDATE_FIGURE_FRAMES) {
    if (existsSync(dir)) rmSync(dir, { recursive: true });
    mkdirSync(dir, { recursive: true });
    for (const [file, text] of files) writeFileSync(join(dir, file), text);
  }
  const committed = existsSync(dir) ? readdirSync(dir).sort() : [];
  expect(committed, `${name}: run UPDATE_FIGURE_FRAMES=1 npm test`).toEqual(
    [...files.keys()].sort(),
  );
  for (const [file, text] of files)
    expect(
      readFileSync(join(dir, file), "utf8"),
      `${name}/${file} drifted: UPDATE_FIGURE_FRAMES=1 npm test`,
    ).toBe(text);
}

describe("figure frames", () => {
  it("plan one frame per step, held longer where the anomaly shows, then the whole run", () => {
    const plan = framePlan(s.none);
    expect(plan.length).toBe(s.none.events.length + 1);
    const last = s.none.findings[0].events.at(-1);
    const at = s.none.events.findIndex((e) => e.seq === last);
    expect(plan[at].holdMs).toBe(HOLD_MS.anomaly);
    expect(plan.filter((p) => p.holdMs === HOLD_MS.anomaly).length).toBe(1);
    expect(plan.at(-1)).toEqual({ at: null, holdMs: HOLD_MS.final });
  });

  it("slide: title, caption, legend, the timeline; the finding only once reached; the font named", () => {
    const frames = figureFrames(s.none, "slide", { width: 1280, height: 720 }, defs, measure);
    const docs = frames.map((f) => parse(f.svg).documentElement);
    const last = s.none.findings[0].events.at(-1) ?? 0;
    docs.forEach((d, i) => {
      expect(d.getAttribute("xmlns")).toBe("http://www.w3.org/2000/svg");
      expect(d.getAttribute("viewBox")).toBe("0 0 1280 720");
      expect(d.getAttribute("style")).toContain(FIGURE_FONT);
      expect(d.querySelector(".figure-title")?.textContent).toBe(s.none.scenario);
      expect(d.querySelectorAll(".figure-legend-text").length).toBeGreaterThanOrEqual(9);
      expect(d.querySelector("svg.timeline-svg")).not.toBeNull();
      const seq = s.none.events[i]?.seq ?? Number.POSITIVE_INFINITY;
      expect(d.querySelector(".figure-finding") !== null, `frame ${i}`).toBe(seq >= last);
      // Whole run (last frame): no playhead band.
      expect(d.querySelector(".playhead-band") !== null).toBe(i < s.none.events.length);
    });
    expect(docs[0].querySelector(".figure-caption")?.textContent).toContain("balance");
    // Styles were taken from the real stylesheets: the explanation's fill is the theme's ink.
    expect(docs.at(-1)?.querySelector(".figure-explanation")?.getAttribute("style")).toMatch(
      /fill:(#1f2328|rgb\(31, 35, 40\))/,
    );
    checkFixtures("lost-update-none-slide-light", frames, s.none.events.length);
  });

  it("timeline only, dark, as the fixtures for the other layout", () => {
    document.documentElement.dataset.theme = "dark";
    const frames = figureFrames(s.none, "timeline", { width: 1280, height: 720 }, defs, measure);
    const first = parse(frames[0].svg).documentElement;
    expect(first.querySelector(".figure-title")).toBeNull();
    expect(first.querySelector(".figure-bg")?.getAttribute("style")).toMatch(
      /fill:(#1e2125|rgb\(30, 33, 37\))/,
    );
    checkFixtures("lost-update-none-timeline-dark", frames, s.none.events.length);
    document.documentElement.dataset.theme = "light";
  });

  it("a still of the write-skew slide at its last step names its finding", () => {
    const at = s.writeSkew.events.length - 1;
    const svg = figureSvg(s.writeSkew, at, "slide", { width: 1920, height: 1080 }, defs, measure);
    const d = parse(svg).documentElement;
    expect(d.getAttribute("width")).toBe("1920");
    expect(d.querySelector(".figure-finding")?.getAttribute("data-kind")).toBe("write_skew");
  });
});
