//! The shape of one statement, as far as the trace needs it: which single
//! table it reads or writes, and the text of its `FROM … WHERE …` part.
//!
//! The recorder re-asks SQLite for the rows a statement touched by running
//! `SELECT rowid, * FROM <from_where>` on the same connection, in the same
//! snapshot; so nothing here evaluates SQL, it only finds where the clauses
//! start and end, outside literals, comments and parentheses. Anything it
//! does not recognise (joins, compound selects, CTEs, subqueries in FROM) is
//! [`Shape::Wide`]: the statement is taken to read every row of every table
//! it touches, which can only add edges, never hide one.

/// What a statement reads, for the trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// Reads no table rows (`SELECT 1`, `BEGIN`, `INSERT … VALUES`).
    Nothing,
    /// One table, named by `table`.
    Single {
        table: String,
        /// `test WHERE value % 3 = 0` or `test t WHERE t.id = 1`: ready to
        /// follow `SELECT … FROM`.
        from_where: String,
        /// The condition alone, for people and for the predicate.
        cond: Option<String>,
        /// The result rows are the table's rows, one for one (no aggregate,
        /// GROUP BY or DISTINCT), in the order `from_rest` gives them.
        one_to_one: bool,
        /// `from_where` plus ORDER BY / LIMIT, to list the rows returned.
        from_rest: String,
    },
    /// Anything else.
    Wide,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Token {
    start: usize,
    end: usize,
    depth: u32,
    word: bool,
}

fn tokens(sql: &str) -> Vec<Token> {
    let b = sql.as_bytes();
    let mut out = Vec::new();
    let (mut i, mut depth) = (0usize, 0u32);
    while i < b.len() {
        if let Some(end) = crate::sqltext::comment_end(b, i) {
            i = end;
            continue;
        }
        let c = b[i];
        let start = i;
        if c == b'\'' || c == b'"' || c == b'`' || c == b'[' {
            let close = if c == b'[' { b']' } else { c };
            i += 1;
            while i < b.len() {
                if b[i] == close {
                    if close != b']' && b.get(i + 1) == Some(&close) {
                        i += 2;
                        continue;
                    }
                    break;
                }
                i += 1;
            }
            i = (i + 1).min(b.len());
            // A quoted name is a word for our purposes (a table name).
            let word = c != b'\'';
            out.push(Token {
                start,
                end: i,
                depth,
                word,
            });
        } else if c.is_ascii_alphanumeric() || c == b'_' || c == b'$' {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'$') {
                i += 1;
            }
            out.push(Token {
                start,
                end: i,
                depth,
                word: !c.is_ascii_digit(),
            });
        } else if c.is_ascii_whitespace() {
            i += 1;
        } else {
            if c == b')' {
                depth = depth.saturating_sub(1);
            }
            out.push(Token {
                start,
                end: i + 1,
                depth,
                word: false,
            });
            if c == b'(' {
                depth += 1;
            }
            i += 1;
        }
    }
    out
}

fn is(sql: &str, t: &Token, kw: &str) -> bool {
    t.word && t.depth == 0 && sql[t.start..t.end].eq_ignore_ascii_case(kw)
}

fn unquote(name: &str) -> String {
    let b = name.as_bytes();
    match b.first() {
        Some(b'"') | Some(b'`') => name[1..name.len() - 1].replace("\"\"", "\""),
        Some(b'[') => name[1..name.len() - 1].to_string(),
        _ => name.to_string(),
    }
}

const AGGREGATES: &[&str] = &["count", "sum", "total", "avg", "min", "max", "group_concat"];
const ENDS_WHERE: &[&str] = &["GROUP", "ORDER", "LIMIT", "WINDOW", "HAVING", "RETURNING"];

/// The shape of a SELECT.
pub fn select(sql: &str) -> Shape {
    let sql = sql.trim().trim_end_matches(';');
    let t = tokens(sql);
    if !t.first().is_some_and(|f| is(sql, f, "SELECT")) {
        return Shape::Wide;
    }
    if t.iter().any(|x| {
        ["UNION", "INTERSECT", "EXCEPT", "JOIN", "WITH", "VALUES"]
            .iter()
            .any(|k| is(sql, x, k))
    }) {
        return Shape::Wide;
    }
    let Some(from) = t.iter().position(|x| is(sql, x, "FROM")) else {
        return Shape::Nothing;
    };
    let head = &t[1..from];
    let grouped = t
        .iter()
        .any(|x| is(sql, x, "GROUP") || is(sql, x, "DISTINCT"));
    let aggregate = head.windows(2).any(|w| {
        w[0].word
            && sql[w[1].start..w[1].end] == *"("
            && AGGREGATES
                .iter()
                .any(|a| sql[w[0].start..w[0].end].eq_ignore_ascii_case(a))
    });
    single(sql, &t, from + 1, !(grouped || aggregate))
}

/// The shape of an UPDATE or DELETE: its table and WHERE.
pub fn write(sql: &str) -> Shape {
    let sql = sql.trim().trim_end_matches(';');
    let t = tokens(sql);
    let Some(first) = t.first() else {
        return Shape::Nothing;
    };
    let table_at = if is(sql, first, "DELETE") {
        match t.get(1) {
            Some(x) if is(sql, x, "FROM") => 2,
            _ => return Shape::Wide,
        }
    } else if is(sql, first, "UPDATE") {
        // UPDATE [OR <conflict>] table SET …
        match t.get(1) {
            Some(x) if is(sql, x, "OR") => 3,
            _ => 1,
        }
    } else if is(sql, first, "INSERT") || is(sql, first, "REPLACE") {
        // INSERT … SELECT reads; a plain INSERT … VALUES reads no rows.
        return if t.iter().any(|x| is(sql, x, "SELECT")) {
            Shape::Wide
        } else {
            Shape::Nothing
        };
    } else {
        return Shape::Nothing;
    };
    let Some(name) = t.get(table_at).filter(|x| x.word && x.depth == 0) else {
        return Shape::Wide;
    };
    // `schema.table`, `AS alias`, `FROM` in UPDATE, or INDEXED BY: not ours to judge.
    match t.get(table_at + 1) {
        Some(x) if sql[x.start..x.end] == *"." => return Shape::Wide,
        Some(x) if is(sql, x, "AS") || is(sql, x, "INDEXED") || is(sql, x, "NOT") => {
            return Shape::Wide
        }
        _ => {}
    }
    if is(sql, first, "UPDATE") && t.iter().any(|x| is(sql, x, "FROM")) {
        return Shape::Wide;
    }
    let table = unquote(&sql[name.start..name.end]);
    let cond = t.iter().position(|x| is(sql, x, "WHERE")).map(|w| {
        let end = t[w + 1..]
            .iter()
            .find(|x| ENDS_WHERE.iter().any(|k| is(sql, x, k)))
            .map_or(sql.len(), |x| x.start);
        sql[t[w].end..end].trim().to_string()
    });
    let quoted = format!("\"{}\"", table.replace('"', "\"\""));
    let from_where = match &cond {
        Some(c) => format!("{quoted} WHERE {c}"),
        None => quoted,
    };
    Shape::Single {
        table,
        from_rest: from_where.clone(),
        from_where,
        cond,
        one_to_one: false,
    }
}

/// `FROM` at token `at`: one table name, an optional alias, then WHERE or the end.
fn single(sql: &str, t: &[Token], at: usize, one_to_one: bool) -> Shape {
    let Some(name) = t.get(at).filter(|x| x.word) else {
        return Shape::Wide;
    };
    let mut i = at + 1;
    if t.get(i).is_some_and(|x| sql[x.start..x.end] == *".") {
        return Shape::Wide;
    }
    if t.get(i).is_some_and(|x| is(sql, x, "AS")) {
        i += 1;
    }
    let clause = |x: &Token| is(sql, x, "WHERE") || ENDS_WHERE.iter().any(|k| is(sql, x, k));
    if t.get(i)
        .is_some_and(|x| x.word && x.depth == 0 && !clause(x))
    {
        i += 1; // the alias
    }
    match t.get(i) {
        None => {}
        Some(x) if clause(x) => {}
        Some(_) => return Shape::Wide, // a comma, INDEXED BY, NATURAL …
    }
    let table = unquote(&sql[name.start..name.end]);
    let where_at = t[i..]
        .iter()
        .position(|x| is(sql, x, "WHERE"))
        .map(|p| p + i);
    let end = t[i..]
        .iter()
        .find(|x| ENDS_WHERE.iter().any(|k| is(sql, x, k)))
        .map_or(sql.len(), |x| x.start);
    let cond = where_at.map(|w| sql[t[w].end..end].trim().to_string());
    Shape::Single {
        table,
        from_where: sql[name.start..end].trim().to_string(),
        cond,
        one_to_one,
        from_rest: sql[name.start..].trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(sql: &str, expect: &str) {
        let got = match select(sql) {
            Shape::Single {
                table,
                from_where,
                cond,
                one_to_one,
                from_rest,
            } => format!(
                "{table} | {from_where} | {} | {one_to_one} | {from_rest}",
                cond.unwrap_or_default()
            ),
            other => format!("{other:?}"),
        };
        assert_eq!(got, expect, "{sql}");
    }

    #[test]
    fn selects() {
        check(
            "SELECT value FROM test WHERE id = 1",
            "test | test WHERE id = 1 | id = 1 | true | test WHERE id = 1",
        );
        check(
            "select * from test where value % 3 = 0 order by id",
            "test | test where value % 3 = 0 | value % 3 = 0 | true | test where value % 3 = 0 order by id",
        );
        check(
            "SELECT count(*) FROM doctors WHERE on_call = 1",
            "doctors | doctors WHERE on_call = 1 | on_call = 1 | false | doctors WHERE on_call = 1",
        );
        check(
            "SELECT t.v FROM \"my t\" AS t",
            "my t | \"my t\" AS t |  | true | \"my t\" AS t",
        );
        check("SELECT 1", "Nothing");
        check("SELECT * FROM a, b", "Wide");
        check("SELECT * FROM a JOIN b ON a.x = b.x", "Wide");
        check("SELECT * FROM (SELECT * FROM a)", "Wide");
        check(
            "SELECT (SELECT max(v) FROM b) FROM a WHERE 'from' = x",
            "a | a WHERE 'from' = x | 'from' = x | false | a WHERE 'from' = x",
        );
    }

    #[test]
    fn writes() {
        let w = |sql: &str| match write(sql) {
            Shape::Single {
                table,
                cond,
                from_where,
                ..
            } => {
                format!("{table} | {} | {from_where}", cond.unwrap_or_default())
            }
            other => format!("{other:?}"),
        };
        assert_eq!(
            w("UPDATE test SET value = 11 WHERE id = 1"),
            "test | id = 1 | \"test\" WHERE id = 1"
        );
        assert_eq!(
            w("delete from test where value = 20"),
            "test | value = 20 | \"test\" WHERE value = 20"
        );
        assert_eq!(
            w("UPDATE test SET value = value + 10"),
            "test |  | \"test\""
        );
        assert_eq!(w("INSERT INTO test VALUES (3, 30)"), "Nothing");
        assert_eq!(w("INSERT INTO t SELECT * FROM u"), "Wide");
        assert_eq!(
            w("UPDATE OR IGNORE t SET a = 1 WHERE b = (SELECT 1 WHERE 1)"),
            "t | b = (SELECT 1 WHERE 1) | \"t\" WHERE b = (SELECT 1 WHERE 1)"
        );
    }
}
