//! Exporting a figure: the choice (format, layout, size, the step at the
//! playhead or the whole run), the frames drawn by render/figure-frames.ts,
//! and the save through the backend: an SVG is written as drawn; a PNG, GIF or
//! APNG is rasterised and encoded by the desktop app off the UI thread, with
//! progress and Cancel. Its own small state, redrawn by the export panel.
import type { AppError } from "../bindings/AppError";
import type { FigureWritten } from "../bindings/FigureWritten";
import type { Progress } from "../bindings/Progress";
import type { RunReport } from "../bindings/RunReport";
import { EXPORT_MIME, exportFileName } from "../model/export-name";
import {
  FIGURE_SIZES,
  fileSize,
  type FigureFormat,
  type FigureLayout,
  type FigureMoment,
  type FigureSize,
} from "../model/figure";
import { clampIndex } from "../model/playhead";
import { figureFrames, figureSvg } from "../render/figure-frames";
import { type Backend, toAppError } from "./backend";
import type { Store } from "./state";

export interface FigureChoice {
  format: FigureFormat;
  layout: FigureLayout;
  size: FigureSize;
  /** Stills only: an animation is every step, then the whole run. */
  moment: FigureMoment;
}

export function isAnimation(format: FigureFormat): boolean {
  return format === "gif" || format === "apng";
}

/** What the panel shows besides the choice. */
export interface FigureExportView {
  choice: FigureChoice;
  open: boolean;
  /** Frames drawn so far, while a figure is being made. */
  progress: Progress | null;
  /** The last figure saved, with its size. */
  saved: FigureWritten | null;
  error: AppError | null;
}

export class FigureExport {
  view: FigureExportView = {
    choice: { format: "gif", layout: "slide", size: FIGURE_SIZES[0], moment: "step" },
    open: false,
    progress: null,
    saved: null,
    error: null,
  };
  private readonly listeners = new Set<(v: FigureExportView) => void>();

  constructor(
    private readonly store: Store,
    private readonly backend: Backend,
    private readonly defs: SVGSVGElement | null,
  ) {}

  subscribe(listener: (v: FigureExportView) => void): void {
    this.listeners.add(listener);
  }

  private set(patch: Partial<FigureExportView>): void {
    this.view = { ...this.view, ...patch };
    for (const l of this.listeners) l(this.view);
  }

  toggleOpen(): void {
    this.set({ open: !this.view.open, error: null });
  }

  choose(patch: Partial<FigureChoice>): void {
    this.set({ choice: { ...this.view.choice, ...patch }, saved: null, error: null });
  }

  private fileName(r: RunReport, c: FigureChoice): string {
    const extra: string[] = [];
    if (c.layout === "slide") extra.push("slide");
    if (!isAnimation(c.format))
      extra.push(c.moment === "whole" ? "whole-run" : `step-${this.at(r) + 1}`);
    if (c.size.width !== FIGURE_SIZES[0].width) extra.push(`${c.size.width}`);
    return exportFileName(
      r.scenario,
      r.strategy,
      r.journal,
      c.format,
      this.store.state.request.schedule !== null,
      extra,
    );
  }

  private at(r: RunReport): number {
    return clampIndex(r, this.store.state.index);
  }

  /**
   * Makes and saves the figure chosen (or `choice`): the buttons call this
   * with no `path` (the save dialog asks), the e2e tests with one. Resolves
   * to what was written, or null when nothing was (dialog cancelled, no run).
   */
  async run(choice: FigureChoice = this.view.choice, path?: string): Promise<FigureWritten | null> {
    const r = this.store.state.report;
    if (!r || this.view.progress) return null;
    const name = this.fileName(r, choice);
    this.set({ choice, saved: null, error: null });
    try {
      if (choice.format === "svg") {
        const at = choice.moment === "whole" ? null : this.at(r);
        const text = figureSvg(r, at, choice.layout, choice.size, this.defs);
        const bytes = new TextEncoder().encode(text);
        const where = await this.backend.saveExport(name, EXPORT_MIME.svg, bytes, path);
        const saved = where === null ? null : { path: where, bytes: bytes.length };
        this.done(saved, "SVG");
        return saved;
      }
      const frames = isAnimation(choice.format)
        ? figureFrames(r, choice.layout, choice.size, this.defs)
        : [
            {
              svg: figureSvg(
                r,
                choice.moment === "whole" ? null : this.at(r),
                choice.layout,
                choice.size,
                this.defs,
              ),
              hold_ms: 0,
            },
          ];
      this.set({ progress: { done: 0, total: frames.length } });
      const saved = await this.backend.saveFigure(
        name,
        {
          format: choice.format,
          width: choice.size.width,
          height: choice.size.height,
          frames,
        },
        (p) => this.set({ progress: p }),
        path,
      );
      this.set({ progress: null });
      this.done(saved, choice.format.toUpperCase());
      return saved;
    } catch (e) {
      const error = toAppError(e);
      // Cancelling is the user's own doing, not an error to show.
      const shown = error.code === "cancelled" ? null : error;
      this.set({ progress: null, error: shown });
      if (shown) this.store.update({ error: shown });
      throw error;
    }
  }

  /** Shows the size in the panel and says where it went, for a moment, in the page's notice. */
  private done(saved: FigureWritten | null, kind: string): void {
    this.set({ saved });
    if (!saved) return;
    const notice = `Exported ${kind} (${fileSize(saved.bytes)}): ${saved.path}`;
    this.store.update({ notice, error: null });
    window.setTimeout(() => {
      if (this.store.state.notice === notice) this.store.update({ notice: null });
    }, 6000);
  }

  cancel(): void {
    if (this.view.progress) void this.backend.cancelFigure();
  }
}
