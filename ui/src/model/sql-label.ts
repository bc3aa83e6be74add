//! Raw SQL as a step box label. A box holds about 16 characters a line, and
//! "SELECT * FROM te…" twice says nothing: the meaningful part is the table
//! and the WHERE clause. So a statement is offered in several forms, richest
//! first, each as lines broken before WHERE; the renderer takes the first
//! that fits. The full statement is always in the tooltip and the details.

/** Forms of `sql` to show, richest first; null when it is not a statement we shorten. */
export function sqlLabelForms(sql: string): string[][] | null {
  const q = sql.trim().replace(/;\s*$/, "").replace(/\s+/g, " ");
  const split = (s: string): [string, string | null] => {
    const m = /^(.*?)\s+(WHERE\s.*)$/i.exec(s);
    return m ? [m[1], m[2]] : [s, null];
  };
  const lines = (...parts: (string | null)[]) =>
    parts.filter((p): p is string => p !== null && p !== "");
  // "WHERE id = 2" on one row reads as test[2], as the local values are named.
  const row = (table: string, where: string | null) => {
    const m = where ? /^WHERE\s+id\s*=\s*(\d+)$/i.exec(where) : null;
    return m ? `${table}[${m[1]}]` : null;
  };

  let m = /^SELECT\s+(.+?)\s+FROM\s+(\S+)(.*)$/i.exec(q);
  if (m) {
    const [cols, table] = [m[1], m[2]];
    const [, where] = split(`x${m[3]}`);
    const what = cols === "*" ? table : cols;
    const one = row(table, where);
    return [
      lines(`SELECT ${cols} FROM ${table}`, where),
      lines(`read ${what}`, where),
      lines(`read ${table}`, where),
      ...(one ? [lines(`read ${one}`)] : []),
    ];
  }
  m = /^UPDATE\s+(\S+)\s+SET\s+(.*)$/i.exec(q);
  if (m) {
    const [set, where] = split(m[2]);
    const one = row(m[1], where);
    return [
      lines(`UPDATE ${m[1]} SET ${set}`, where),
      lines(`SET ${set}`, where),
      ...(one ? [lines(`UPDATE ${one}`, set), lines(`${one}: ${set}`)] : [lines(set, where)]),
    ];
  }
  m = /^INSERT\s+(?:OR\s+\w+\s+)?INTO\s+(\S+)\s*(\([^)]*\))?\s*VALUES\s*(.*)$/i.exec(q);
  if (m) return [lines(`INSERT INTO ${m[1]}`, `VALUES ${m[3]}`), lines(`INSERT ${m[1]}`, m[3])];
  m = /^DELETE\s+FROM\s+(\S+)(.*)$/i.exec(q);
  if (m) {
    const [, where] = split(`x${m[2]}`);
    const one = row(m[1], where);
    return [
      lines(`DELETE FROM ${m[1]}`, where),
      lines(`DELETE ${m[1]}`, where),
      ...(one ? [lines(`DELETE ${one}`)] : []),
    ];
  }
  return null;
}
