//! What an exported picture is called: "lost-update-optimistic-wal.png",
//! "lost-update-none-wal-slide.gif".
//! Scenario titles are free text, so they are reduced to safe file-name words.
import type { Journal } from "../bindings/Journal";
import type { Strategy } from "../bindings/Strategy";
import { FIGURE_EXT, type FigureFormat } from "./figure";

export type ExportKind = FigureFormat;

export function slug(text: string): string {
  const s = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return s || "timeline";
}

export function exportFileName(
  scenario: string,
  strategy: Strategy,
  journal: Journal,
  kind: ExportKind,
  custom = false,
  /** What else tells this picture apart: "slide", "whole-run". */
  extra: string[] = [],
): string {
  const parts = [slug(scenario)];
  if (strategy !== "as_written") parts.push(strategy);
  parts.push(journal === "delete" ? "rollback" : "wal");
  if (custom) parts.push("custom-schedule");
  parts.push(...extra);
  return `${parts.join("-")}.${FIGURE_EXT[kind]}`;
}

export const EXPORT_MIME: Record<ExportKind, string> = {
  svg: "image/svg+xml",
  png: "image/png",
  gif: "image/gif",
  apng: "image/apng",
};
