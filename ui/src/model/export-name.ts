//! What an exported timeline is called: "lost-update-optimistic-wal.png".
//! Scenario titles are free text, so they are reduced to safe file-name words.
import type { Journal } from "../bindings/Journal";
import type { Strategy } from "../bindings/Strategy";

export type ExportKind = "svg" | "png";

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
): string {
  const parts = [slug(scenario)];
  if (strategy !== "as_written") parts.push(strategy);
  parts.push(journal === "delete" ? "rollback" : "wal");
  if (custom) parts.push("custom-schedule");
  return `${parts.join("-")}.${kind}`;
}

export const EXPORT_MIME: Record<ExportKind, string> = { svg: "image/svg+xml", png: "image/png" };
