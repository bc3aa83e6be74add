//! Just enough SQL scanning to cut a statement at its own keywords: a WHERE
//! or AND inside a subquery, a parenthesised condition or a string literal
//! ('a WHERE b') belongs to that part, not to the statement.

/** A character that no keyword pattern matches: stands for masked text, keeping offsets. */
const HIDDEN = "\u0001";

/**
 * `sql` with everything inside quotes or parentheses (and the brackets and
 * quotes themselves) hidden, same length, so a pattern run on it finds only
 * top-level words and its offsets apply to `sql`.
 */
export function topLevel(sql: string): string {
  let out = "";
  let depth = 0;
  let close: string | null = null;
  for (const c of sql) {
    if (close !== null) {
      // A doubled quote ('it''s') closes and reopens: both halves stay hidden.
      if (c === close) close = null;
      out += HIDDEN;
    } else if (c === "'" || c === '"' || c === "`" || c === "[") {
      close = c === "[" ? "]" : c;
      out += HIDDEN;
    } else if (c === "(") {
      depth++;
      out += HIDDEN;
    } else if (c === ")") {
      depth = Math.max(0, depth - 1);
      out += HIDDEN;
    } else {
      out += depth > 0 ? HIDDEN : c;
    }
  }
  return out;
}

/**
 * Splits `sql` before its first top-level `keyword` (a word, any case):
 * [what comes before, the keyword as written and the rest], or [sql, null].
 */
export function splitAtKeyword(sql: string, keyword: string): [string, string | null] {
  const m = new RegExp(`(^|\\s)${keyword}(\\s|$)`, "i").exec(topLevel(sql));
  if (!m) return [sql.trim(), null];
  const at = m.index + m[1].length;
  return [sql.slice(0, at).trim(), sql.slice(at).trim()];
}

/** The top-level parts of `sql` between matches of `separator` (", ", " AND "), trimmed. */
export function splitTopLevel(sql: string, separator: RegExp): string[] {
  const flags = separator.flags.includes("g") ? separator.flags : `${separator.flags}g`;
  const re = new RegExp(separator.source, flags);
  const parts: string[] = [];
  let from = 0;
  for (const m of topLevel(sql).matchAll(re)) {
    parts.push(sql.slice(from, m.index).trim());
    from = m.index + m[0].length;
  }
  parts.push(sql.slice(from).trim());
  return parts.filter((p) => p !== "");
}

/** `sql` without parentheses around all of it: "((a = 1))" is "a = 1", "(a) AND (b)" stays. */
export function unwrap(sql: string): string {
  let s = sql.trim();
  while (s.startsWith("(") && s.endsWith(")")) {
    const inner = s.slice(1, -1);
    // Only when the first "(" closes at the very end: in "(a) AND (b)" it closes after a.
    if (!isBalanced(inner)) break;
    s = inner.trim();
  }
  return s;
}

/** True when every parenthesis in `sql` (outside quotes) closes in order. */
function isBalanced(sql: string): boolean {
  let depth = 0;
  let close: string | null = null;
  for (const c of sql) {
    if (close !== null) {
      if (c === close) close = null;
    } else if (c === "'" || c === '"' || c === "`" || c === "[") {
      close = c === "[" ? "]" : c;
    } else if (c === "(") {
      depth++;
    } else if (c === ")") {
      depth--;
      if (depth < 0) return false;
    }
  }
  return depth === 0;
}
