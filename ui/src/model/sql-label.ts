//! SQL as a step box label. A box holds about 16 characters a line, and
//! "SELECT * FROM te…" twice says nothing: the meaningful part is the table,
//! the row and what is set or checked. So a statement is offered in several
//! forms, richest first, each as fixed lines; the renderer takes the first
//! that fits. The full statement is always in the tooltip and the details.
//!
//! Compact notation, the same in every form: `account[1]` is the row whose
//! id is 1 (as local values are named); `@v0` is an optimistic write's
//! guard, "only if the row is still at version 0" (its `version = version +
//! 1` is then left out: the guard implies it); `if …` is any other condition.
import { splitAtKeyword, splitTopLevel, unwrap } from "./sql-scan";

/** The engine's optimistic-locking column (crates/engine database::VERSION_COLUMN). */
const VERSION = "version";

const lines = (...parts: (string | null)[]) =>
  parts.filter((p): p is string => p !== null && p !== "");

/** What a WHERE says, in the parts a box shows. */
interface WhereParts {
  /** `account[1]` when one conjunct is `id = 1`. */
  row: string | null;
  /** The version the row must still have ("@v0"), when a conjunct is `version = 0`. */
  version: string | null;
  /** Every other conjunct, compacted: "if balance >= 30", null when none. */
  condition: string | null;
}

function whereParts(table: string, where: string | null): WhereParts {
  const parts: WhereParts = { row: null, version: null, condition: null };
  if (where === null) return parts;
  const body = unwrap(where.replace(/^WHERE\s+/i, ""));
  // "a BETWEEN 1 AND 2" is one condition, not two.
  const conjuncts = /\bBETWEEN\b/i.test(body)
    ? [body]
    : splitTopLevel(body, /\s+AND\s+/i).map(unwrap);
  const rest: string[] = [];
  for (const c of conjuncts) {
    const id = /^id\s*=\s*(-?\d+)$/i.exec(c);
    const version = new RegExp(`^${VERSION}\\s*=\\s*(\\d+)$`, "i").exec(c);
    // The guard on another row that fed the write: (SELECT version FROM t WHERE rowid = 2) = 3.
    const other = new RegExp(
      `^\\(\\s*SELECT\\s+${VERSION}\\s+FROM\\s+(\\S+)\\s+WHERE\\s+rowid\\s*=\\s*(\\d+)\\s*\\)\\s*=\\s*(\\d+)$`,
      "i",
    ).exec(c);
    if (id && parts.row === null) parts.row = `${table}[${id[1]}]`;
    else if (version && parts.version === null) parts.version = `@v${version[1]}`;
    else if (other) rest.push(`${other[1]}#${other[2]} @v${other[3]}`);
    else rest.push(compactCondition(c));
  }
  if (rest.length > 0) parts.condition = `if ${rest.join(" AND ")}`;
  return parts;
}

/**
 * A condition as a box shows it. Atomic check-then-insert sends its check as
 * a subquery, `(SELECT count(*) FROM booking WHERE room = 1) = 0`: that reads
 * "no booking WHERE room = 1".
 */
function compactCondition(c: string): string {
  const sides = splitTopLevel(c, /\s*(?<![<>!=])=(?!=)\s*/);
  if (sides.length !== 2 || sides[1] !== "0") return c;
  const inner = unwrap(sides[0]);
  const m =
    inner !== sides[0] &&
    /^SELECT\s+count\(\*\)(?:\s+AS\s+\w+)?\s+FROM\s+(\S+)\s*(.*)$/i.exec(inner);
  return m ? `no ${m[1]}${m[2] ? ` ${m[2]}` : ""}` : c;
}

/** The row and its expected version: "account[1] @v0". */
function target(w: WhereParts): string | null {
  if (w.row === null) return null;
  return w.version ? `${w.row} ${w.version}` : w.row;
}

/** Column list without aliases ("count(*) AS n" → "count(*)"), and without `id` for one row. */
function columnsShown(cols: string, oneRow: boolean): string {
  const parts = splitTopLevel(cols, /,/).map((c) => c.replace(/\s+AS\s+\S+$/i, ""));
  const kept = oneRow ? parts.filter((c) => !/^id$/i.test(c)) : parts;
  return (kept.length > 0 ? kept : parts).join(", ");
}

function selectForms(q: string): string[][] | null {
  const [head, fromRest] = splitAtKeyword(q.replace(/^SELECT\s+/i, ""), "FROM");
  if (fromRest === null) return null;
  const m = /^FROM\s+(\S+)\s*(.*)$/i.exec(fromRest);
  if (!m) return null;
  const [cols, table] = [head, m[1]];
  const [, where] = splitAtKeyword(m[2], "WHERE");
  const w = whereParts(table, where);
  const one = w.row !== null && w.version === null && w.condition === null ? w.row : null;
  const what = cols === "*" ? table : columnsShown(cols, false);
  return [
    lines(`SELECT ${cols} FROM ${table}`, where),
    // A read of one row: which row, then which columns ("read account[1]" / "balance").
    ...(one && cols !== "*" ? [lines(`read ${one}`, columnsShown(cols, true))] : []),
    lines(`read ${what}`, where),
    lines(`read ${table}`, where),
    ...(one ? [lines(`read ${one}`)] : []),
    // The narrowest: just the columns ("read balance"); the row is in the tooltip.
    ...(one && cols !== "*" ? [lines(`read ${columnsShown(cols, true)}`)] : []),
  ];
}

function updateForms(q: string): string[][] | null {
  const m = /^UPDATE\s+(?:OR\s+\w+\s+)?(\S+)\s+SET\s+(.*)$/i.exec(q);
  if (!m) return null;
  const table = m[1];
  const [set, where] = splitAtKeyword(m[2], "WHERE");
  const w = whereParts(table, where);
  const row = target(w);
  if (row === null)
    return [
      lines(`UPDATE ${table} SET ${set}`, where),
      lines(`SET ${set}`, where),
      lines(set, where),
    ];
  const bump = new RegExp(`^${VERSION}\\s*=\\s*${VERSION}\\s*\\+\\s*1$`, "i");
  const assigns = splitTopLevel(set, /,/);
  const shown = (w.version ? assigns.filter((a) => !bump.test(a)) : assigns).join(", ") || set;
  return [
    lines(`UPDATE ${table} SET ${set}`, where),
    lines(`${row}: ${shown}`, w.condition),
    lines(`UPDATE ${row}`, shown, w.condition),
    lines(row, shown, w.condition),
    // The narrowest: what is set and its guard; the row is in the tooltip.
    lines(w.version ? `${shown} ${w.version}` : shown, w.condition),
  ];
}

function insertForms(q: string): string[][] | null {
  const m = /^(?:INSERT|REPLACE)\s+(?:OR\s+\w+\s+)?INTO\s+([^\s(]+)\s*(\([^)]*\))?\s*(.*)$/i.exec(
    q,
  );
  if (!m) return null;
  const [table, cols, body] = [m[1], m[2] ?? null, m[3]];
  const into = `INSERT INTO ${table}${cols ? ` ${cols}` : ""}`;
  const values = /^VALUES\s*(.*)$/i.exec(body);
  if (values) {
    return [
      ...(cols ? [lines(into, `VALUES ${values[1]}`)] : []),
      lines(`INSERT INTO ${table}`, `VALUES ${values[1]}`),
      lines(`INSERT ${table}`, values[1]),
    ];
  }
  const select = /^SELECT\s+(.*)$/i.exec(body);
  if (!select) return null;
  const [list, where] = splitAtKeyword(select[1], "WHERE");
  // INSERT … SELECT … FROM copies rows; only a FROM-less SELECT is a row of values.
  if (splitAtKeyword(list, "FROM")[1] !== null)
    return [lines(into, `SELECT ${select[1]}`), lines(`INSERT ${table}`, `SELECT ${select[1]}`)];
  // The values, checked in the same statement: `INSERT … SELECT 1, 'alice' WHERE (…)`.
  const { condition } = whereParts(table, where);
  return [
    lines(into, `SELECT ${list}`, where),
    lines(`INSERT ${table} (${list})`, condition),
    lines(`INSERT ${table}`, `(${list})`, condition),
  ];
}

function deleteForms(q: string): string[][] | null {
  const m = /^DELETE\s+FROM\s+(\S+)\s*(.*)$/i.exec(q);
  if (!m) return null;
  const table = m[1];
  const [, where] = splitAtKeyword(m[2], "WHERE");
  const w = whereParts(table, where);
  const row = target(w);
  return [
    lines(`DELETE FROM ${table}`, where),
    lines(`DELETE ${table}`, where),
    ...(row ? [lines(`DELETE ${row}`, w.condition)] : []),
  ];
}

/** Forms of `sql` to show, richest first; null when it is not a statement we shorten. */
export function sqlLabelForms(sql: string): string[][] | null {
  const q = sql.trim().replace(/;\s*$/, "").replace(/\s+/g, " ");
  const forms = formsOf(q);
  if (forms === null) return null;
  // Some shortenings say nothing new ("read t" for SELECT * FROM t): each form once.
  const seen = new Set<string>();
  return forms.filter((f) => {
    const key = f.join("\n");
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function formsOf(q: string): string[][] | null {
  switch (/^\w+/.exec(q)?.[0].toUpperCase()) {
    case "SELECT":
      return selectForms(q);
    case "UPDATE":
      return updateForms(q);
    case "INSERT":
    case "REPLACE":
      return insertForms(q);
    case "DELETE":
      return deleteForms(q);
    default:
      return null;
  }
}
