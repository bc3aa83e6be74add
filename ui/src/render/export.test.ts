// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { buildTimeline } from "../model/timeline";
import * as s from "../model/samples.test-data";
import { drawTimeline } from "./timeline";
import { sharedDefs } from "./glyphs";
import { standaloneSvg, svgDataUrl } from "./export";

describe("timeline export", () => {
  it("makes an SVG that stands alone: namespace, shared defs, background, labels at the left", () => {
    const svg = drawTimeline(buildTimeline(s.pessimistic), {
      index: 2,
      selected: null,
      compact: false,
      findingNames: [],
      draggable: false,
    });
    svg.querySelector(".lane-labels")!.setAttribute("transform", "translate(120 0)");
    const defs = sharedDefs();
    document.body.append(defs, svg);
    const pic = standaloneSvg(svg, defs, "rgb(255, 255, 255)");
    expect(pic.width).toBe(Number(svg.getAttribute("width")));
    const doc = new DOMParser().parseFromString(pic.text, "image/svg+xml");
    const root = doc.documentElement;
    expect(root.getAttribute("xmlns")).toBe("http://www.w3.org/2000/svg");
    expect(root.querySelector("pattern#hatch")).not.toBeNull();
    expect(root.querySelector("marker#arrow-reads")).not.toBeNull();
    expect(root.querySelector("rect[fill='rgb(255, 255, 255)']")).not.toBeNull();
    expect(root.querySelector(".lane-labels")!.hasAttribute("transform")).toBe(false);
    expect(root.querySelectorAll("[data-testid=event]").length).toBe(s.pessimistic.events.length);
    // The page's copy is untouched.
    expect(svg.querySelector(".lane-labels")!.getAttribute("transform")).toBe("translate(120 0)");
  });

  it("encodes UTF-8 text as a data URL the CSP allows", () => {
    const url = svgDataUrl("<svg>balance 100→150</svg>");
    expect(url.startsWith("data:image/svg+xml;base64,")).toBe(true);
    const bytes = Uint8Array.from(atob(url.split(",")[1]), (c) => c.charCodeAt(0));
    expect(new TextDecoder().decode(bytes)).toBe("<svg>balance 100→150</svg>");
  });
});
