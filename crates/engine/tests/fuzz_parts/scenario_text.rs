//! Finding things in a scenario's text as bytes — the setup's SQL, quoted
//! strings, `[[user]]` blocks, lines, the first table — without parsing it:
//! a mutated text need not be TOML, or even UTF-8.

pub fn find_all(hay: &[u8], needle: &[u8]) -> Vec<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return Vec::new();
    }
    (0..=hay.len() - needle.len())
        .filter(|&i| &hay[i..i + needle.len()] == needle)
        .collect()
}

/// The byte range of the setup's SQL (between its quotes), if it can be found.
pub fn setup_range(t: &[u8]) -> Option<(usize, usize)> {
    let key = find_all(t, b"setup")
        .into_iter()
        .find(|&i| i == 0 || t[i - 1] == b'\n')?;
    let mut i = key + 5;
    while i < t.len() && (t[i] == b' ' || t[i] == b'=') {
        i += 1;
    }
    let rest = &t[i..];
    let quote: &[u8] = [&b"\"\"\""[..], b"'''", b"\"", b"'"]
        .into_iter()
        .find(|q| rest.starts_with(q))?;
    let start = i + quote.len();
    let end = start + find_all(&t[start..], quote).into_iter().next()?;
    Some((start, end))
}

/// The byte ranges of the single-line basic strings `"…"` (not `"""`).
pub fn string_ranges(t: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        if t[i..].starts_with(b"\"\"\"") {
            // Skip a multi-line string whole.
            match find_all(&t[i + 3..], b"\"\"\"").first() {
                Some(&e) => i = i + 3 + e + 3,
                None => break,
            }
            continue;
        }
        if t[i] == b'#' {
            while i < t.len() && t[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if t[i] == b'"' {
            let start = i + 1;
            let mut j = start;
            while j < t.len() && t[j] != b'"' && t[j] != b'\n' {
                if t[j] == b'\\' {
                    j += 1;
                }
                j += 1;
            }
            if j < t.len() && t[j] == b'"' {
                out.push((start, j));
                i = j + 1;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// The first table the setup creates and its first column (or guesses).
pub fn first_table_and_column(t: &[u8]) -> (String, String) {
    let text = String::from_utf8_lossy(t).to_lowercase();
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let Some(rest) = text.split("create table").nth(1) else {
        return ("t".to_string(), "id".to_string());
    };
    let rest = rest.trim_start();
    let rest = rest.strip_prefix("if not exists").unwrap_or(rest);
    let table = ident(rest);
    let col = rest
        .split_once('(')
        .map(|(_, cols)| ident(cols))
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "id".to_string());
    if table.is_empty() {
        ("t".to_string(), col)
    } else {
        (table, col)
    }
}

pub fn first_table(t: &[u8]) -> String {
    first_table_and_column(t).0
}

/// The byte ranges of the `[[user]]` blocks (each to the next block or the end).
pub fn user_blocks(t: &[u8]) -> Vec<(usize, usize)> {
    let starts: Vec<usize> = find_all(t, b"[[user]]")
        .into_iter()
        .filter(|&i| i == 0 || t[i - 1] == b'\n')
        .collect();
    starts
        .iter()
        .enumerate()
        .map(|(k, &a)| {
            let next = starts.get(k + 1).copied().unwrap_or(t.len());
            // Stop before a table that follows the last user ([options]…).
            let end = find_all(&t[a + 8..next], b"\n[")
                .into_iter()
                .map(|e| a + 8 + e + 1)
                .find(|&e| !t[e..].starts_with(b"[[user]]"))
                .unwrap_or(next);
            (a, end)
        })
        .collect()
}

/// The text of the first `key"…"` that starts a line.
pub fn quoted_after(t: &[u8], key: &[u8]) -> Option<String> {
    let i = find_all(t, key)
        .into_iter()
        .find(|&i| i == 0 || t[i - 1] == b'\n')?
        + key.len();
    let len = t[i..].iter().position(|&c| c == b'"' || c == b'\n')?;
    Some(String::from_utf8_lossy(&t[i..i + len]).into_owned())
}

pub fn line_ranges(t: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &b) in t.iter().enumerate() {
        if b == b'\n' {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < t.len() {
        out.push((start, t.len()));
    }
    out
}
