//! The explorer's verdict marks: a shape per verdict (a triangle with the
//! kind's two letters, a check, a flag, a square, a cross, an octagon), so
//! verdicts differ by more than hue; colour comes from CSS (currentColor).
import { KIND_CODE, verdictShape, type Verdict } from "../model/explore";
import { s } from "./dom";

/** The shape of a verdict, centred on (x, y), `r` its half size; colour comes from CSS (currentColor). */
export function verdictMark(v: Verdict, x: number, y: number, r: number): SVGGElement {
  const g = s("g", { class: "vmark", transform: `translate(${x} ${y})` });
  switch (verdictShape(v)) {
    case "check":
      g.append(
        s("path", {
          class: "vm-line",
          d: `M ${-r * 0.7} 0 L ${-r * 0.15} ${r * 0.55} L ${r * 0.75} ${-r * 0.6}`,
        }),
      );
      break;
    case "triangle":
      g.append(
        s("path", {
          class: "vm-fill",
          d: `M 0 ${-r * 1.1} L ${r * 1.25} ${r * 0.9} L ${-r * 1.25} ${r * 0.9} Z`,
        }),
      );
      g.append(
        s(
          "text",
          { class: "vm-text", x: 0, y: r * 0.62, "font-size": r * 0.95, "text-anchor": "middle" },
          KIND_CODE[v as keyof typeof KIND_CODE] ?? "!",
        ),
      );
      break;
    case "flag":
      // A flag on its pole: the strategy gave up.
      g.append(s("path", { class: "vm-line", d: `M ${-r * 0.6} ${-r} V ${r}` }));
      g.append(
        s("path", {
          class: "vm-fill",
          d: `M ${-r * 0.6} ${-r} L ${r * 0.85} ${-r * 0.5} L ${-r * 0.6} 0 Z`,
        }),
      );
      break;
    case "square":
      g.append(
        s("rect", {
          class: "vm-line",
          x: -r * 0.8,
          y: -r * 0.8,
          width: r * 1.6,
          height: r * 1.6,
          rx: 1.5,
        }),
      );
      g.append(
        s(
          "text",
          { class: "vm-ink", x: 0, y: r * 0.45, "font-size": r * 1.2, "text-anchor": "middle" },
          "!",
        ),
      );
      break;
    case "cross":
      g.append(s("circle", { class: "vm-fill", r }));
      g.append(
        s("path", {
          class: "vm-x",
          d: `M ${-r * 0.42} ${-r * 0.42} L ${r * 0.42} ${r * 0.42} M ${r * 0.42} ${-r * 0.42} L ${-r * 0.42} ${r * 0.42}`,
        }),
      );
      break;
    case "octagon": {
      const a = r * 0.414;
      g.append(
        s("path", {
          class: "vm-fill",
          d: `M ${-a} ${-r} H ${a} L ${r} ${-a} V ${a} L ${a} ${r} H ${-a} L ${-r} ${a} V ${-a} Z`,
        }),
      );
      g.append(
        s("rect", {
          class: "vm-bar",
          x: -r * 0.55,
          y: -r * 0.16,
          width: r * 1.1,
          height: r * 0.32,
        }),
      );
      break;
    }
  }
  return g;
}

export function verdictIcon(v: Verdict, size = 16): SVGSVGElement {
  const svg = s("svg", {
    class: `icon xv-${v}`,
    width: size,
    height: size,
    viewBox: `0 0 ${size} ${size}`,
    "aria-hidden": "true",
  });
  svg.append(
    verdictMark(v, size / 2, size / 2 + (verdictShape(v) === "triangle" ? 1 : 0), size * 0.42),
  );
  return svg;
}
