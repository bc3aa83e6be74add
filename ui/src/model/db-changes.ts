//! What a commit changed, for the Database lane: only what changed, named the
//! way a person would ("checking 40 · savings 60", "+ carol", "value 10→12"),
//! in forms from richest to most compact. The renderer takes the first form
//! that fits its box, so the old value goes only when there is no room for it.
import type { Change } from "../bindings/Change";
import type { Event } from "../bindings/Event";
import type { RunReport } from "../bindings/RunReport";
import type { TableState } from "../bindings/TableState";
import type { Value } from "../bindings/Value";
import { plainValue } from "./values";

interface RowChange {
  /** The row's name when the table has several rows: a text column's value, else "#rowid". */
  row: string | null;
  kind: "update" | "insert" | "delete";
  /** Updated columns, in order. */
  cols: Change[];
}

/** The committed table at some point, or undefined. */
function tableIn(db: TableState[] | undefined, name: string): TableState | undefined {
  return db?.find((t) => t.name === name);
}

function rowById(t: TableState | undefined, rowid: number): Value[] | undefined {
  if (!t) return undefined;
  const id = t.columns.findIndex((c) => c.toLowerCase() === "id");
  return id < 0 ? undefined : t.rows.find((r) => r[id] === rowid);
}

/** A row's human name: its first text value. */
function nameOf(values: Value[]): string | null {
  // A blob is an object ({blob}), so a string is always text.
  const v = values.find((x) => typeof x === "string");
  return typeof v === "string" ? v : null;
}

/** Changes of the events made visible at `e`, grouped by row. */
function rowChanges(report: RunReport, e: Event): RowChange[] {
  const index = report.events.findIndex((x) => x.seq === e.seq);
  const before = index > 0 ? report.events[index - 1].db : undefined;
  const groups = new Map<string, Change[]>();
  for (const c of e.commits) {
    const source = report.events.find((x) => x.seq === c);
    for (const ch of source?.changes ?? []) {
      const key = `${ch.table}#${ch.rowid}`;
      const g = groups.get(key) ?? [];
      // A row written twice before one commit shows its first old and last new value.
      const same = g.findIndex((x) => x.column === ch.column);
      if (same >= 0) g[same] = { ...ch, old: g[same].old };
      else g.push(ch);
      groups.set(key, g);
    }
  }
  const out: RowChange[] = [];
  const tablesTouched = new Set([...groups.values()].map((g) => g[0].table));
  for (const g of groups.values()) {
    const { table, rowid } = g[0];
    const after = tableIn(e.db, table) ?? tableIn(report.final, table);
    const prior = tableIn(before, table);
    const multi =
      groups.size > 1 ||
      (after?.rows.length ?? 0) > 1 ||
      (tableIn(report.final, table)?.rows.length ?? 0) > 1;
    const inserted =
      g.every((c) => c.old === null) && (prior ? !rowById(prior, rowid) : g.length > 1);
    const deleted =
      g.every((c) => c.new === null) && (after ? !rowById(after, rowid) : g.length > 1);
    const values =
      rowById(after, rowid) ??
      rowById(prior, rowid) ??
      (inserted ? g.map((c) => c.new) : deleted ? g.map((c) => c.old) : []);
    const prefix = tablesTouched.size > 1 ? `${table} ` : "";
    const row =
      multi || inserted || deleted
        ? `${prefix}${nameOf(values) ?? `#${rowid}`}`
        : tablesTouched.size > 1
          ? table
          : null;
    out.push({ row, kind: inserted ? "insert" : deleted ? "delete" : "update", cols: g });
  }
  return out;
}

export interface CommitText {
  /** Everything, one item per row change: for the tooltip and the widest boxes. */
  lines: string[];
  /** Items in forms from richest to most compact; each form is one list of items. */
  forms: string[][];
}

export function commitText(report: RunReport, e: Event): CommitText {
  const rows = rowChanges(report, e);
  if (rows.length === 0) return { lines: ["commit"], forms: [["commit"]] };
  const oneColumn = new Set(rows.flatMap((r) => r.cols.map((c) => c.column))).size === 1;
  // One item per changed value (an insert or a delete is one item), so a renderer can put them on separate lines.
  const items = (r: RowChange, level: 0 | 1 | 2): string[] => {
    const name = r.row ?? "";
    if (r.kind === "insert") return [`+ ${name || "row"}`];
    if (r.kind === "delete") return [`− ${name || "row"}`];
    const lead = name ? `${name} ` : "";
    return r.cols.map((c) => {
      if (level === 0) return `${lead}${c.column} ${plainValue(c.old)}→${plainValue(c.new)}`;
      // Without the column name only when one column changed and a row name says where.
      if (level === 2 && oneColumn && name) return `${lead}${plainValue(c.new)}`;
      return `${lead}${c.column} ${plainValue(c.new)}`;
    });
  };
  const forms = ([0, 1, 2] as const).map((l) => rows.flatMap((r) => items(r, l)));
  return {
    lines: forms[0],
    forms: forms.filter((f, i) => i === 0 || f.join() !== forms[i - 1].join()),
  };
}
