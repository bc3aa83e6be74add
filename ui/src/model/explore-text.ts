//! The explorer's words, made from the view model's fields at the edge (the
//! renderer calls these; nothing reads them back).
import type { ExploreEstimate } from "../bindings/ExploreEstimate";
import type { SampleRequest } from "../bindings/SampleRequest";
import type {
  ClassRow,
  Fate,
  FinalValue,
  MethodView,
  ProgressView,
  StrategyColumn,
} from "./explore";
import { VERDICT_TEXT } from "./explore";
import { KIND_TEXT, plainValue } from "./values";

/** 369600 → "369,600": the sizes are read aloud in class. */
export function count(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

function executions(n: number): string {
  return `${count(n)} ${n === 1 ? "execution" : "executions"}`;
}

/** "correct in all 6", "correct in 4 of 6", "never correct". */
export function headlineText(col: StrategyColumn): string {
  const n = col.executions;
  if (n > 0 && col.correct === n) return `correct in all ${count(n)}`;
  if (col.correct === 0) return "never correct";
  return `correct in ${count(col.correct)} of ${count(n)}`;
}

/** "6 executions · 4 runs": what the column counts, and what it cost on SQLite. */
export function columnSizeText(col: StrategyColumn): string {
  const runs =
    col.runs === col.executions ? "" : ` · ${count(col.runs)} ${col.runs === 1 ? "run" : "runs"}`;
  return `${executions(col.executions)}${runs}`;
}

/** A verdict's title: "Lost update", with further kinds: "Lost update + Stale read". */
export function classTitle(row: ClassRow): string {
  const more = row.kinds.slice(1).map((k) => KIND_TEXT[k]);
  return [VERDICT_TEXT[row.verdict], ...more].join(" + ");
}

function times(n: number, once: string): string {
  return n === 1 ? once : `${once} ${n}×`;
}

function names(list: string[]): string {
  if (list.length <= 1) return list.join("");
  return `${list.slice(0, -1).join(", ")} and ${list[list.length - 1]}`;
}

/** "both committed · Bob waited · Alice retried 2×", briefly: only what happened. */
export function fateText(fates: Fate[]): string {
  const parts: string[] = [];
  const committed = fates.filter((f) => f.committed > 0).map((f) => f.name);
  if (committed.length === fates.length && fates.length > 1)
    parts.push(fates.length === 2 ? "both committed" : "all committed");
  else if (committed.length > 0) parts.push(`${names(committed)} committed`);
  else parts.push("nobody committed");
  for (const f of fates) if (f.waited > 0) parts.push(`${f.name} ${times(f.waited, "waited")}`);
  for (const f of fates) if (f.retries > 0) parts.push(`${f.name} ${times(f.retries, "retried")}`);
  const gaveUp = fates.filter((f) => f.gaveUp).map((f) => f.name);
  if (gaveUp.length > 0) parts.push(`${names(gaveUp)} gave up`);
  const failed = fates.filter((f) => f.failed).map((f) => f.name);
  if (failed.length > 0) parts.push(`${names(failed)} failed`);
  return parts.join(" · ");
}

function finalValueText(v: FinalValue): string {
  const where = [v.tables > 1 ? v.table : "", v.row !== null ? `#${plainValue(v.row)}` : ""]
    .filter(Boolean)
    .join(" ");
  return `${where ? `${where} ` : ""}${v.column} ${plainValue(v.value)}`;
}

/** "ends balance 130": the committed values that set this class apart, or "". */
export function finalText(row: ClassRow): string {
  if (row.final.length === 0) return "";
  const more = row.finalMore > 0 ? ` +${row.finalMore}` : "";
  return `ends ${row.final.map(finalValueText).join(", ")}${more}`;
}

/** The row's second line: how it ended, then who did what. */
export function classDetail(row: ClassRow): string {
  return [row.deadlock ? "deadlocked" : "", finalText(row), fateText(row.fates)]
    .filter(Boolean)
    .join(" · ");
}

/** "2 of 6": the row's count, against its column. */
export function classCount(row: ClassRow): string {
  return row.count === row.of ? `all ${count(row.of)}` : `${count(row.count)} of ${count(row.of)}`;
}

/** The whole row as one sentence, for screen readers and tooltips. */
export function classSentence(row: ClassRow): string {
  return `${classTitle(row)}: ${count(row.count)} of ${executions(row.of)}. ${classDetail(row)}.`;
}

/** "and 12 more": executions of the class beyond those listed. */
export function moreText(row: ClassRow): string {
  return row.more > 0 ? `and ${count(row.more)} more` : "";
}

/** The result header's account of how the executions were chosen. */
export function methodText(m: MethodView): string {
  switch (m.kind) {
    case "full":
      return `every execution (${executions(m.executions)})`;
    case "reduced":
      return `reduced: ${count(m.runs)} ${m.runs === 1 ? "run" : "runs"} stood for ${executions(m.executions)}`;
    case "sample": {
      const pct = 100 * m.covered;
      const shown =
        pct >= 10 || pct === 0
          ? String(Math.round(pct))
          : pct >= 1
            ? pct.toFixed(1)
            : pct.toPrecision(1);
      return `a sample of ${count(m.runs)} (seed ${m.seed}): covers about ${shown}% of ${count(m.interleavings)} interleavings`;
    }
  }
}

/** "about 369,600 interleavings × 5 strategies". */
export function estimateText(e: ExploreEstimate): string {
  const st = e.strategies === 1 ? "strategy" : "strategies";
  return `about ${count(e.interleavings)} interleavings × ${e.strategies} ${st}`;
}

export function sampleText(s: SampleRequest): string {
  return `Explore a sample of ${count(s.runs)} (seed ${s.seed})`;
}

/**
 * "120 of about 390 executions · 31%"; past the estimate, that it goes on,
 * with the share of the tree walked when the engine says.
 */
export function progressText(p: ProgressView): string {
  if (p.total === 0) return "starting…";
  const walked = p.walked ? ` · ${p.pct}% of the tree walked` : "";
  if (p.beyond) {
    return `past the ${count(p.total)} estimated: waits and retries add executions${walked}`;
  }
  return `${count(p.done)} of about ${executions(p.total)} · ${p.pct}%${p.walked ? " walked" : ""}`;
}
