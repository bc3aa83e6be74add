//! The marks' shapes. Each mark has its own shape as well as its own colour
//! (Okabe–Ito palette, set in CSS), so it reads without colour too. The same
//! glyphs draw the timeline and the legend.
import { s } from "./dom";

export type Glyph =
  | "blocked"
  | "busy"
  | "conflict"
  | "rolled_back"
  | "error"
  | "retry"
  | "anomaly"
  | "stale"
  | "reads_from"
  | "commit"
  | "deadlock"
  | "gave_up";

/** A glyph centred on (x, y), `r` its half size. */
export function glyph(kind: Glyph, x: number, y: number, r = 7, label?: string): SVGGElement {
  const g = s("g", { class: `glyph g-${kind}`, transform: `translate(${x} ${y})` });
  switch (kind) {
    case "blocked": {
      // Hourglass: waiting for a lock.
      g.append(
        s("path", {
          class: "g-fill",
          d: `M ${-r * 0.8} ${-r} H ${r * 0.8} L 0 0 L ${r * 0.8} ${r} H ${-r * 0.8} L 0 0 Z`,
        }),
      );
      break;
    }
    case "busy": {
      // Octagon, like a stop sign: SQLite said BUSY.
      const a = r * 0.414;
      g.append(
        s("path", {
          class: "g-fill",
          d: `M ${-a} ${-r} H ${a} L ${r} ${-a} V ${a} L ${a} ${r} H ${-a} L ${-r} ${a} V ${-a} Z`,
        }),
      );
      g.append(
        s("rect", { class: "g-ink", x: -r * 0.55, y: -r * 0.16, width: r * 1.1, height: r * 0.32 }),
      );
      break;
    }
    case "conflict": {
      // Diamond with a zero: the versioned save changed 0 rows.
      g.append(
        s("path", {
          class: "g-fill",
          d: `M 0 ${-r * 1.1} L ${r * 1.1} 0 L 0 ${r * 1.1} L ${-r * 1.1} 0 Z`,
        }),
      );
      g.append(
        s(
          "text",
          { class: "g-text", x: 0, y: r * 0.42, "font-size": r * 1.15, "text-anchor": "middle" },
          "0",
        ),
      );
      break;
    }
    case "rolled_back": {
      // Circle struck through.
      g.append(s("circle", { class: "g-line", r: r * 0.8 }));
      g.append(s("path", { class: "g-line", d: `M ${-r} ${r} L ${r} ${-r}` }));
      break;
    }
    case "error": {
      g.append(s("circle", { class: "g-fill", r }));
      g.append(
        s("path", {
          class: "g-ink-line",
          d: `M ${-r * 0.4} ${-r * 0.4} L ${r * 0.4} ${r * 0.4} M ${r * 0.4} ${-r * 0.4} L ${-r * 0.4} ${r * 0.4}`,
        }),
      );
      break;
    }
    case "retry": {
      // Open circle with an arrowhead: tried again.
      g.append(
        s("path", {
          class: "g-line",
          d: `M ${r * 0.75} ${-r * 0.45} A ${r * 0.8} ${r * 0.8} 0 1 0 ${r * 0.8} ${r * 0.25}`,
        }),
      );
      g.append(
        s("path", {
          class: "g-fill",
          d: `M ${r * 0.35} ${-r * 0.85} L ${r * 1.05} ${-r * 0.85} L ${r * 0.95} ${-r * 0.1} Z`,
        }),
      );
      break;
    }
    case "anomaly": {
      // Warning triangle.
      g.append(
        s("path", {
          class: "g-fill",
          d: `M 0 ${-r * 1.05} L ${r * 1.1} ${r * 0.85} L ${-r * 1.1} ${r * 0.85} Z`,
        }),
      );
      g.append(
        s(
          "text",
          {
            class: "g-text",
            x: 0,
            y: r * 0.68,
            "font-size": r * (label ? 1.05 : 1.25),
            "text-anchor": "middle",
          },
          label ?? "!",
        ),
      );
      break;
    }
    case "stale": {
      // Clock: a value that time has overtaken.
      g.append(s("circle", { class: "g-line", r: r * 0.85 }));
      g.append(s("path", { class: "g-line", d: `M 0 ${-r * 0.5} V 0 H ${r * 0.45}` }));
      break;
    }
    case "reads_from": {
      g.append(s("path", { class: "g-line", d: `M ${-r} 0 H ${r * 0.5}` }));
      g.append(
        s("path", {
          class: "g-fill",
          d: `M ${r * 0.3} ${-r * 0.45} L ${r} 0 L ${r * 0.3} ${r * 0.45} Z`,
        }),
      );
      break;
    }
    case "deadlock": {
      // Two arrows chasing each other round a circle: each waits for the other.
      g.append(s("circle", { class: "g-bg", r: r * 1.1 }));
      g.append(
        s("path", {
          class: "g-line",
          d: `M ${-r * 0.72} ${-r * 0.1} A ${r * 0.72} ${r * 0.72} 0 0 1 ${r * 0.72} ${-r * 0.1} M ${r * 0.72} ${r * 0.1} A ${r * 0.72} ${r * 0.72} 0 0 1 ${-r * 0.72} ${r * 0.1}`,
        }),
      );
      g.append(
        s("path", {
          class: "g-fill",
          d: `M ${r * 0.38} ${-r * 0.22} L ${r * 1.06} ${-r * 0.22} L ${r * 0.72} ${r * 0.32} Z M ${-r * 0.38} ${r * 0.22} L ${-r * 1.06} ${r * 0.22} L ${-r * 0.72} ${-r * 0.32} Z`,
        }),
      );
      break;
    }
    case "gave_up": {
      // A flag on its pole: the strategy gave up, the change was not made.
      g.append(s("path", { class: "g-line", d: `M ${-r * 0.55} ${-r} V ${r}` }));
      g.append(
        s("path", {
          class: "g-fill",
          d: `M ${-r * 0.55} ${-r} L ${r * 0.9} ${-r * 0.48} L ${-r * 0.55} ${r * 0.05} Z`,
        }),
      );
      break;
    }
    case "commit": {
      g.append(
        s("path", {
          class: "g-line",
          d: `M ${-r * 0.7} 0 L ${-r * 0.15} ${r * 0.55} L ${r * 0.75} ${-r * 0.55}`,
        }),
      );
      break;
    }
  }
  return g;
}

/** A small standalone SVG holding one glyph, for HTML text (legend, panels). */
export function glyphIcon(kind: Glyph, size = 16, label?: string): SVGSVGElement {
  const svg = s("svg", {
    class: "icon",
    width: size,
    height: size,
    viewBox: `0 0 ${size} ${size}`,
    "aria-hidden": "true",
  });
  svg.append(glyph(kind, size / 2, size / 2, size * 0.42, label));
  return svg;
}

/** Shared SVG definitions (hatch pattern, arrowheads), placed once in the page. */
export function sharedDefs(): SVGSVGElement {
  const svg = s("svg", { class: "defs", width: 0, height: 0, "aria-hidden": "true" });
  const hatch = s("pattern", {
    id: "hatch",
    width: 7,
    height: 7,
    patternUnits: "userSpaceOnUse",
    patternTransform: "rotate(45)",
  });
  hatch.append(
    s("rect", { class: "hatch-bg", width: 7, height: 7 }),
    s("line", { class: "hatch-line", x1: 0, y1: 0, x2: 0, y2: 7 }),
  );
  const arrow = (id: string) => {
    const m = s("marker", {
      id,
      viewBox: "0 0 10 10",
      refX: 9,
      refY: 5,
      markerWidth: 7,
      markerHeight: 7,
      orient: "auto-start-reverse",
    });
    m.append(s("path", { d: "M 0 0 L 10 5 L 0 10 Z" }));
    return m;
  };
  svg.append(s("defs", null, hatch, arrow("arrow-reads"), arrow("arrow-retry")));
  return svg;
}

export type TransportIcon = "home" | "back" | "play" | "pause" | "forward" | "end";

/** Playback icons drawn as paths, so they do not depend on the system's fonts. */
export function transportIcon(kind: TransportIcon): SVGSVGElement {
  const svg = s("svg", {
    class: "icon transport-icon",
    width: 14,
    height: 14,
    viewBox: "0 0 14 14",
    "aria-hidden": "true",
  });
  const d: Record<TransportIcon, string> = {
    home: "M 2 2 H 4 V 12 H 2 Z M 12 2 V 12 L 5 7 Z",
    back: "M 11 2 V 12 L 3 7 Z",
    play: "M 3 1.5 V 12.5 L 12 7 Z",
    pause: "M 3 2 H 6 V 12 H 3 Z M 8 2 H 11 V 12 H 8 Z",
    forward: "M 3 2 V 12 L 11 7 Z",
    end: "M 2 2 V 12 L 9 7 Z M 10 2 H 12 V 12 H 10 Z",
  };
  svg.append(s("path", { d: d[kind] }));
  return svg;
}
