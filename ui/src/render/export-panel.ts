//! The export panel, under the timeline: what to make (SVG, PNG, GIF, APNG),
//! its layout and size, for a still the step at the playhead or the whole run;
//! then a progress bar and Cancel while it is made, and its size when saved.
import type { FigureChoice, FigureExportView } from "../app/figure-export";
import { isAnimation } from "../app/figure-export";
import {
  FIGURE_SIZES,
  fileSize,
  type FigureFormat,
  type FigureLayout,
  type FigureMoment,
} from "../model/figure";
import { h } from "./dom";

export interface ExportPanelHandlers {
  onToggle(): void;
  onChoose(patch: Partial<FigureChoice>): void;
  onExport(): void;
  onCancel(): void;
}

const FORMATS: [FigureFormat, string][] = [
  ["gif", "GIF animation"],
  ["apng", "APNG animation"],
  ["png", "PNG still"],
  ["svg", "SVG still"],
];
const LAYOUTS: [FigureLayout, string][] = [
  ["slide", "Slide (with title, finding, legend)"],
  ["timeline", "Timeline only"],
];
const MOMENTS: [FigureMoment, string][] = [
  ["step", "This step"],
  ["whole", "Whole run, no playhead"],
];

function select<T extends string>(
  testid: string,
  label: string,
  options: [T, string][],
  value: T,
  onPick: (v: T) => void,
  disabled = false,
): HTMLElement {
  const el = h(
    "select",
    {
      "data-testid": testid,
      "aria-label": label,
      disabled,
      onchange: (e: Event) => onPick((e.target as HTMLSelectElement).value as T),
    },
    ...options.map(([v, text]) => h("option", { value: v, selected: v === value }, text)),
  );
  return h("label", { class: "export-field" }, h("span", null, label), el);
}

export function drawExportPanel(v: FigureExportView, on: ExportPanelHandlers): HTMLElement {
  const c = v.choice;
  const busy = v.progress !== null;
  const toggle = h(
    "button",
    {
      type: "button",
      class: `small export-btn${v.open ? " on" : ""}`,
      "data-testid": "export-open",
      "aria-expanded": String(v.open),
      title: "Export the timeline as a picture or an animation, for slides and chats",
      onclick: () => on.onToggle(),
    },
    "↓ Export…",
  );
  if (!v.open) return h("div", { class: "export-buttons" }, toggle);
  const sizes: [string, string][] = FIGURE_SIZES.map((s) => [
    String(s.width),
    `${s.width}×${s.height}`,
  ]);
  const panel = h(
    "div",
    { class: "export-panel", role: "group", "aria-label": "Export", "data-testid": "export-panel" },
    select("export-format", "Format", FORMATS, c.format, (format) => on.onChoose({ format }), busy),
    select("export-layout", "Layout", LAYOUTS, c.layout, (layout) => on.onChoose({ layout }), busy),
    select(
      "export-size",
      "Size",
      sizes,
      String(c.size.width),
      (w) => on.onChoose({ size: FIGURE_SIZES.find((s) => String(s.width) === w) }),
      busy,
    ),
    select(
      "export-moment",
      "Shows",
      MOMENTS,
      c.moment,
      (moment) => on.onChoose({ moment }),
      busy || isAnimation(c.format),
    ),
    busy
      ? h(
          "div",
          { class: "export-progress" },
          h("progress", {
            "data-testid": "export-progress",
            max: v.progress?.total ?? 1,
            value: v.progress?.done ?? 0,
          }),
          h(
            "button",
            {
              type: "button",
              class: "small",
              "data-testid": "export-cancel",
              onclick: () => on.onCancel(),
            },
            "Cancel",
          ),
        )
      : h(
          "button",
          {
            type: "button",
            class: "small export-go",
            "data-testid": "export-go",
            onclick: () => on.onExport(),
          },
          isAnimation(c.format) ? "Export animation…" : "Export…",
        ),
    v.saved
      ? h(
          "span",
          {
            class: "export-result",
            "data-testid": "export-result",
            "data-bytes": String(v.saved.bytes),
            title: v.saved.path,
          },
          `Saved, ${fileSize(v.saved.bytes)}`,
        )
      : null,
    v.error
      ? h("span", { class: "export-error", role: "alert" }, `Not exported: ${v.error.message}`)
      : null,
  );
  return h("div", { class: "export-buttons" }, toggle, panel);
}
