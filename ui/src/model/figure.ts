//! What an exported figure is made of: which moments of the run become
//! frames, how long each is held, and what the choices are. Pure: the
//! drawing is render/figure.ts, the encoding crates/figure.
import type { RunReport } from "../bindings/RunReport";

export type FigureLayout = "timeline" | "slide";
export type FigureFormat = "svg" | "png" | "gif" | "apng";
/** A still: the step at the playhead, or the whole run with no playhead. */
export type FigureMoment = "step" | "whole";

export interface FigureSize {
  width: number;
  height: number;
}
/** Output sizes offered for slides and animations; both 16:9. */
export const FIGURE_SIZES: readonly FigureSize[] = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
];
/** The units a slide is laid out in; larger sizes scale it. */
export const FIGURE_BOX: FigureSize = { width: 1280, height: 720 };

/**
 * Hold times, ms. A step is held as long as playback shows it; the step where
 * an anomaly shows (or the run deadlocks) long enough to read its sentence;
 * the closing frame, the whole run, longest, before the loop starts again.
 */
export const HOLD_MS = { step: 1400, anomaly: 3600, final: 4500 } as const;

export interface FramePlan {
  /** 0-based event index, or null: the whole run, no playhead. */
  at: number | null;
  holdMs: number;
}

/** Steps where something shows: a finding's last event, or the deadlock at the end. */
export function eventfulSteps(report: RunReport): Set<number> {
  const out = new Set<number>();
  for (const f of report.findings) {
    const last = f.events[f.events.length - 1];
    const i = report.events.findIndex((e) => e.seq === last);
    if (i >= 0) out.add(i);
  }
  if (report.ending === "deadlock" && report.events.length > 0) out.add(report.events.length - 1);
  return out;
}

/** One frame per step, then the whole run as the final hold: steps + 1 frames. */
export function framePlan(report: RunReport): FramePlan[] {
  const eventful = eventfulSteps(report);
  const steps: FramePlan[] = report.events.map((_, i) => ({
    at: i,
    holdMs: eventful.has(i) ? HOLD_MS.anomaly : HOLD_MS.step,
  }));
  return [...steps, { at: null, holdMs: HOLD_MS.final }];
}

/** Findings shown at a moment: those whose last event is reached (all of them for the whole run). */
export function reachedFindings(report: RunReport, at: number | null): number[] {
  const seq = at === null ? Number.POSITIVE_INFINITY : (report.events[at]?.seq ?? 0);
  const out: number[] = [];
  report.findings.forEach((f, k) => {
    const last = f.events[f.events.length - 1] ?? 0;
    if (last <= seq) out.push(k);
  });
  return out;
}

export const FIGURE_EXT: Record<FigureFormat, string> = {
  svg: "svg",
  png: "png",
  gif: "gif",
  apng: "apng",
};

/** "87 KB", "1.4 MB": the size of what was saved. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
