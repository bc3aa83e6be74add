//! One Elle-style sentence per dependency edge, built from the edge's fields
//! and the trace's reads and writes at its two events: "Alice → Bob: Alice
//! read balance = 100 at step 1, before Bob's write at step 4 replaced it".
//! It says what the engine's line for a cycle edge says (graph.test.ts holds
//! them side by side), so an edge off any cycle reads the same way.
import type { Edge } from "../bindings/Edge";
import type { EdgeOn } from "../bindings/EdgeOn";
import type { RunReport } from "../bindings/RunReport";
import type { Value } from "../bindings/Value";
import { formatValue } from "./values";

export interface SentenceNames {
  /** A unit as people see it at this step ("Bob (attempt 2)"). */
  label(unit: number): string;
}

function readValue(report: RunReport, event: number, on: EdgeOn): Value | undefined {
  if (on.kind !== "item") return undefined;
  return report.trace.reads.find(
    (r) =>
      r.event === event &&
      r.item.table === on.table &&
      r.item.row === on.row &&
      r.item.column === on.column,
  )?.value;
}

function writtenValue(
  report: RunReport,
  unit: number,
  event: number,
  on: EdgeOn,
): Value | undefined {
  if (on.kind !== "item") return undefined;
  const w = report.trace.writes.find(
    (w) => w.event === event && w.unit === unit && w.table === on.table && w.row === on.row,
  );
  return w?.columns.find(([c]) => c === on.column)?.[1];
}

function rows(on: EdgeOn): string {
  if (on.kind === "item") return `${on.column} of ${on.table} row ${on.row}`;
  return on.condition === null
    ? `the rows of ${on.table}`
    : `the rows of ${on.table} where ${on.condition}`;
}

function column(on: EdgeOn): string {
  return on.kind === "item" ? on.column : rows(on);
}

const equals = (v: Value | undefined) => (v === undefined ? "" : ` = ${formatValue(v)}`);
const shown = (v: Value | undefined) => (v === undefined ? "" : formatValue(v));

export function edgeSentence(report: RunReport, e: Edge, names: SentenceNames): string {
  const a = names.label(e.from);
  const b = names.label(e.to);
  let body: string;
  if (e.kind === "ww") {
    const mine = shown(writtenValue(report, e.to, e.to_event, e.on));
    const theirs = shown(writtenValue(report, e.from, e.from_event, e.on));
    body = `${b} wrote ${column(e.on)} = ${mine} at step ${e.to_event}, replacing ${a}'s ${theirs} from step ${e.from_event}`;
  } else if (e.kind === "wr") {
    body =
      e.on.kind === "item"
        ? `${b} read ${column(e.on)}${equals(readValue(report, e.to_event, e.on))} at step ${e.to_event}, which ${a} wrote at step ${e.from_event}`
        : `${b}'s read of ${rows(e.on)} at step ${e.to_event} saw ${a}'s change from step ${e.from_event}`;
  } else {
    body =
      e.on.kind === "item"
        ? `${a} read ${column(e.on)}${equals(readValue(report, e.from_event, e.on))} at step ${e.from_event}, before ${b}'s write at step ${e.to_event} replaced it`
        : `${a}'s read of ${rows(e.on)} at step ${e.from_event} did not see ${b}'s change at step ${e.to_event}, which changes that set`;
  }
  return `${a} → ${b}: ${body}`;
}
