//! Just enough SQL lexing to substitute a user's local values into
//! expressions and to spot keywords, without ever looking inside string literals.

/// A plain SQL name: a letter or `_`, then letters, digits or `_`.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && s.len() <= 64
}

#[derive(Debug, PartialEq)]
enum Piece<'a> {
    Word(&'a str),
    Other(&'a str),
}

/// Splits SQL into bare words and everything else (literals, quoted names,
/// punctuation), so words can be replaced safely.
fn pieces(sql: &str) -> Vec<Piece<'_>> {
    let bytes = sql.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut other_start = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'\'' || c == b'"' || c == b'`' || c == b'[' {
            let close = if c == b'[' { b']' } else { c };
            i += 1;
            while i < bytes.len() {
                if bytes[i] == close {
                    if close != b']' && i + 1 < bytes.len() && bytes[i + 1] == close {
                        i += 2;
                        continue;
                    }
                    break;
                }
                i += 1;
            }
            i = (i + 1).min(bytes.len());
        } else if c == b'-' && bytes.get(i + 1) == Some(&b'-') {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
        } else if c.is_ascii_alphabetic() || c == b'_' {
            // A word preceded by a digit is part of a number literal such as 1e5.
            let after_digit = i > 0 && bytes[i - 1].is_ascii_digit();
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'$')
            {
                i += 1;
            }
            if after_digit {
                continue;
            }
            if other_start < start {
                out.push(Piece::Other(&sql[other_start..start]));
            }
            out.push(Piece::Word(&sql[start..i]));
            other_start = i;
        } else {
            i += 1;
        }
    }
    if other_start < sql.len() {
        out.push(Piece::Other(&sql[other_start..]));
    }
    out
}

/// The bare words of an SQL text, in order.
pub fn words(sql: &str) -> impl Iterator<Item = &str> {
    pieces(sql).into_iter().filter_map(|p| match p {
        Piece::Word(w) => Some(w),
        Piece::Other(_) => None,
    })
}

/// Replaces each bare word for which `f` answers. Words after a `.` are
/// qualified names (`t.balance`) and are left alone.
pub fn replace_words(sql: &str, mut f: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    for p in pieces(sql) {
        match p {
            Piece::Word(w) if !out.ends_with('.') => match f(w) {
                Some(r) => out.push_str(&r),
                None => out.push_str(w),
            },
            Piece::Word(w) | Piece::Other(w) => out.push_str(w),
        }
    }
    out
}

/// The `:name` parameters of an SQL text, outside literals and comments:
/// the byte offset of each colon, and the name.
pub fn named_params(sql: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    let mut after_colon = false;
    for p in pieces(sql) {
        match p {
            Piece::Word(w) if after_colon => out.push((at - 1, w)),
            _ => {}
        }
        let text = match p {
            Piece::Word(w) | Piece::Other(w) => w,
        };
        after_colon = matches!(p, Piece::Other(o) if o.ends_with(':') && !o.ends_with("::"));
        at += text.len();
    }
    out
}

/// Turns `:name` parameters into numbered ones (`?1`, `?2`…, one number per
/// name), so values are bound by position. Returns the names in number order.
pub fn number_named_params(sql: &str) -> (String, Vec<String>) {
    let mut names: Vec<String> = Vec::new();
    let mut out = String::with_capacity(sql.len());
    let mut from = 0;
    for (colon, name) in named_params(sql) {
        let n = match names.iter().position(|x| x == name) {
            Some(i) => i + 1,
            None => {
                names.push(name.to_string());
                names.len()
            }
        };
        out.push_str(&sql[from..colon]);
        out.push_str(&format!("?{n}"));
        from = colon + 1 + name.len();
    }
    out.push_str(&sql[from..]);
    (out, names)
}

/// Replaces each numbered parameter (`?1`, `?12`) outside literals with what
/// `f` answers for its number: for showing a statement to people, never for
/// running it.
pub fn replace_params(sql: &str, mut f: impl FnMut(usize) -> Option<String>) -> String {
    let b = sql.as_bytes();
    let mut out = String::with_capacity(sql.len() + 16);
    let (mut i, mut from) = (0usize, 0usize);
    while i < b.len() {
        match b[i] {
            q @ (b'\'' | b'"' | b'`' | b'[') => {
                let close = if q == b'[' { b']' } else { q };
                i += 1;
                while i < b.len() && b[i] != close {
                    i += 1;
                }
                i += 1;
            }
            b'?' => {
                let start = i + 1;
                let mut end = start;
                while end < b.len() && b[end].is_ascii_digit() {
                    end += 1;
                }
                if let Some(r) = sql[start..end].parse::<usize>().ok().and_then(&mut f) {
                    out.push_str(&sql[from..i]);
                    out.push_str(&r);
                    from = end;
                }
                i = end.max(i + 1);
            }
            _ => i += 1,
        }
    }
    out.push_str(&sql[from.min(sql.len())..]);
    out
}

/// Whether the text uses `keyword` as a bare word (case-insensitive).
pub fn has_keyword(sql: &str, keyword: &str) -> bool {
    words(sql).any(|w| w.eq_ignore_ascii_case(keyword))
}

/// If an SQL comment (`-- …` or `/* … */`) starts at `i`, where it ends:
/// the line's newline, or just past the `*/`.
pub fn comment_end(bytes: &[u8], i: usize) -> Option<usize> {
    match (bytes.get(i), bytes.get(i + 1)) {
        (Some(b'-'), Some(b'-')) => Some(
            bytes[i..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |p| i + p),
        ),
        (Some(b'/'), Some(b'*')) => Some(
            bytes[i + 2..]
                .windows(2)
                .position(|w| w == b"*/")
                .map_or(bytes.len(), |p| i + 2 + p + 2),
        ),
        _ => None,
    }
}

/// The first bare word, upper-cased: BEGIN, COMMIT, SELECT… Runs on every
/// statement, so it scans only as far as that word.
pub fn first_keyword(sql: &str) -> String {
    let bytes = sql.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(end) = comment_end(bytes, i) {
            i = end;
            continue;
        }
        match bytes[i] {
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                return sql[start..i].to_ascii_uppercase();
            }
            b'\'' | b'"' | b'`' | b'[' => return String::new(),
            _ => i += 1,
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_named_parameters_outside_literals() {
        let check = |sql: &str, want: &str, names: &[&str]| {
            let (got, n) = number_named_params(sql);
            assert_eq!(got, want, "{sql}");
            assert_eq!(n, names, "{sql}");
        };
        check(
            "UPDATE t SET a = :a + :b WHERE id = :a",
            "UPDATE t SET a = ?1 + ?2 WHERE id = ?1",
            &["a", "b"],
        );
        check(
            "SELECT ':a', \":b\" -- :c",
            "SELECT ':a', \":b\" -- :c",
            &[],
        );
        check("SELECT :x||':y'", "SELECT ?1||':y'", &["x"]);
    }

    #[test]
    fn shows_parameters_but_not_question_marks_in_literals() {
        let got = replace_params("SET a = ?1, b = '?2' WHERE c = ?12", |i| {
            Some(format!("<{i}>"))
        });
        assert_eq!(got, "SET a = <1>, b = '?2' WHERE c = <12>");
    }

    #[test]
    fn replaces_words_but_not_literals_or_qualified_names() {
        let out = replace_words("balance + 'balance' + a.balance + \"balance\" + 1e5", |w| {
            (w == "balance").then(|| "100".into())
        });
        assert_eq!(out, "100 + 'balance' + a.balance + \"balance\" + 1e5");
    }

    #[test]
    fn finds_keywords_outside_strings() {
        assert!(has_keyword("vacuum into '/tmp/x'", "VACUUM"));
        assert!(!has_keyword("select 'vacuum'", "VACUUM"));
        assert_eq!(first_keyword("  begin immediate"), "BEGIN");
        assert_eq!(first_keyword("-- note\n /* x */ (vacuum)"), "VACUUM");
        assert_eq!(first_keyword("'vacuum'"), "");
    }
}
