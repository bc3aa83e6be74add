//! Splitting setup SQL into statements, so each one is checked and located.

use crate::sqltext;

/// Where the first statement of `sql` ends (just past its `;`), ignoring `;`
/// inside literals and comments, and inside trigger bodies (BEGIN…END).
pub(super) fn statement_end(sql: &str) -> usize {
    let bytes = sql.as_bytes();
    let mut i = 0;
    let mut depth = 0i32;
    let mut word_start: Option<usize> = None;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_alphanumeric() || c == b'_' {
            if word_start.is_none() {
                word_start = Some(i);
            }
            i += 1;
            continue;
        }
        if let Some(ws) = word_start.take() {
            let w = &sql[ws..i];
            if w.eq_ignore_ascii_case("CASE")
                || (w.eq_ignore_ascii_case("BEGIN") && sqltext::has_keyword(&sql[..ws], "TRIGGER"))
            {
                depth += 1;
            } else if w.eq_ignore_ascii_case("END") && depth > 0 {
                depth -= 1;
            }
        }
        if let Some(end) = sqltext::comment_end(bytes, i) {
            i = end;
            continue;
        }
        match c {
            b'\'' | b'"' | b'`' | b'[' => {
                let close = if c == b'[' { b']' } else { c };
                i += 1;
                while i < bytes.len() && bytes[i] != close {
                    i += 1;
                }
            }
            b';' if depth == 0 => return i + 1,
            _ => {}
        }
        i += 1;
    }
    sql.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_statements_outside_literals_and_triggers() {
        let sql = "CREATE TABLE t(a); INSERT INTO t VALUES (';'); CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1; END; SELECT 2";
        let first = statement_end(sql);
        assert_eq!(&sql[..first], "CREATE TABLE t(a);");
        let rest = &sql[first..];
        let second = statement_end(rest);
        assert_eq!(rest[..second].trim(), "INSERT INTO t VALUES (';');");
        let rest = &rest[second..];
        let third = statement_end(rest);
        assert!(rest[..third].trim().ends_with("END;"), "{}", &rest[..third]);
    }
}
