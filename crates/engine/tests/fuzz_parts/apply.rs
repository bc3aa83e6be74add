//! How each [`Mutation`] changes a scenario's text. A mutation that finds
//! nothing to act on (no setup, no string, no user…) leaves the text as it is.

use crate::mutation::{Mutation, Place, INVALID_UTF8, NUMBERS, OPTIONS, SNIPPETS, STEPS};
use crate::scenario_text::{
    find_all, first_table, first_table_and_column, line_ranges, quoted_after, setup_range,
    string_ranges, user_blocks,
};
use proptest::sample::Index;

fn splice(t: &mut Vec<u8>, at: usize, bytes: &[u8]) {
    let at = at.min(t.len());
    t.splice(at..at, bytes.iter().copied());
}

pub fn apply(t: &mut Vec<u8>, m: &Mutation) {
    let pos = |ix: &Index, t: &Vec<u8>| ix.index(t.len() + 1);
    match m {
        Mutation::Delete { at, len } => {
            if !t.is_empty() {
                let a = at.index(t.len());
                let b = (a + len).min(t.len());
                t.drain(a..b);
            }
        }
        Mutation::Insert { at, bytes } => {
            let a = pos(at, t);
            splice(t, a, bytes)
        }
        Mutation::Replace { at, byte } => {
            if !t.is_empty() {
                let a = at.index(t.len());
                t[a] = *byte;
            }
        }
        Mutation::DuplicateLine { line } => {
            let lines = line_ranges(t);
            if !lines.is_empty() {
                let (a, b) = lines[line.index(lines.len())];
                let mut copy = t[a..b].to_vec();
                if copy.last() != Some(&b'\n') {
                    copy.insert(0, b'\n');
                }
                splice(t, b, &copy);
            }
        }
        Mutation::SwapLines { a, b } => {
            let lines = line_ranges(t);
            if lines.len() >= 2 {
                let (i, j) = (a.index(lines.len()), b.index(lines.len()));
                let (i, j) = (i.min(j), i.max(j));
                if i != j {
                    let strip = |r: (usize, usize)| {
                        let s = &t[r.0..r.1];
                        s.strip_suffix(b"\n").unwrap_or(s).to_vec()
                    };
                    let (li, lj) = (strip(lines[i]), strip(lines[j]));
                    let mut out = Vec::with_capacity(t.len() + 1);
                    for (k, &r) in lines.iter().enumerate() {
                        let body = if k == i {
                            lj.clone()
                        } else if k == j {
                            li.clone()
                        } else {
                            strip(r)
                        };
                        out.extend_from_slice(&body);
                        out.push(b'\n');
                    }
                    *t = out;
                }
            }
        }
        Mutation::Truncate { at } => {
            let a = pos(at, t);
            t.truncate(a)
        }
        Mutation::Sql { snippet, place } => {
            let sql = SNIPPETS[*snippet].replace("{table}", &first_table(t));
            let strings = string_ranges(t);
            match place {
                Place::StartOfSetup | Place::EndOfSetup => {
                    if let Some((a, b)) = setup_range(t) {
                        let at = if matches!(place, Place::StartOfSetup) {
                            a
                        } else {
                            b
                        };
                        let multi = t[a..b].contains(&b'\n');
                        let text = if multi {
                            format!("\n{sql}\n")
                        } else {
                            format!(" {sql} ")
                        };
                        splice(t, at, text.as_bytes());
                    }
                }
                Place::StartOfString(ix) | Place::EndOfString(ix) | Place::ReplaceString(ix) => {
                    if !strings.is_empty() {
                        let (a, b) = strings[ix.index(strings.len())];
                        match place {
                            Place::StartOfString(_) => splice(t, a, format!("{sql} ").as_bytes()),
                            Place::EndOfString(_) => splice(t, b, format!(" {sql}").as_bytes()),
                            _ => {
                                t.splice(a..b, sql.bytes());
                            }
                        }
                    }
                }
                Place::NewStep(ix) => {
                    let steps = find_all(t, b"steps = [");
                    if !steps.is_empty() {
                        let at = steps[ix.index(steps.len())] + "steps = [".len();
                        let step = format!("\n  {{ sql = \"{sql}\", caption = \"fuzz\" }},");
                        splice(t, at, step.as_bytes());
                    }
                }
                Place::AtByte(ix) => {
                    let a = pos(ix, t);
                    splice(t, a, sql.as_bytes())
                }
            }
        }
        Mutation::Name { which, chars, ch } => {
            let names: Vec<(usize, usize)> = find_all(t, b"name = \"")
                .into_iter()
                .filter(|&i| i == 0 || t[i - 1] == b'\n')
                .filter_map(|i| {
                    let start = i + "name = \"".len();
                    let len = t[start..].iter().position(|&c| c == b'"' || c == b'\n')?;
                    (t[start + len] == b'"').then_some((start, start + len))
                })
                .collect();
            if !names.is_empty() {
                let (a, b) = names[which.index(names.len())];
                // Renamed everywhere it is quoted (the schedule, read_uncommitted).
                let old = [&b"\""[..], &t[a..b], b"\""].concat();
                let name: String = std::iter::repeat_n(*ch, *chars).collect();
                let new = format!("\"{name}\"").into_bytes();
                let mut out = Vec::with_capacity(t.len() + new.len());
                let mut i = 0;
                while i < t.len() {
                    if t[i..].starts_with(&old) {
                        out.extend_from_slice(&new);
                        i += old.len();
                    } else {
                        out.push(t[i]);
                        i += 1;
                    }
                }
                *t = out;
            }
        }
        Mutation::InvalidUtf8 { at, which } => {
            let a = pos(at, t);
            splice(t, a, INVALID_UTF8[*which])
        }
        Mutation::Options { which } => {
            let user = quoted_after(t, b"name = \"").unwrap_or_else(|| "a".to_string());
            let line = format!("{}\n", OPTIONS[*which].replace("{user}", &user));
            match find_all(t, b"\n[options]\n").first() {
                Some(&i) => splice(t, i + "\n[options]\n".len(), line.as_bytes()),
                None => t.extend_from_slice(format!("\n[options]\n{line}").as_bytes()),
            }
        }
        Mutation::Number { at, which } => {
            let mut runs = Vec::new();
            let mut i = 0;
            while i < t.len() {
                if t[i].is_ascii_digit() && (i == 0 || !t[i - 1].is_ascii_alphanumeric()) {
                    let start = i;
                    while i < t.len() && t[i].is_ascii_digit() {
                        i += 1;
                    }
                    runs.push((start, i));
                } else {
                    i += 1;
                }
            }
            if !runs.is_empty() {
                let (a, b) = runs[at.index(runs.len())];
                t.splice(a..b, NUMBERS[*which].bytes());
            }
        }
        Mutation::DuplicateUser { which } => {
            let blocks = user_blocks(t);
            if !blocks.is_empty() {
                let (a, b) = blocks[which.index(blocks.len())];
                let mut copy = t[a..b].to_vec();
                if let Some(i) = find_all(&copy, b"\nname = \"").first().map(|i| i + 1) {
                    let at = i + "name = \"".len();
                    copy.splice(at..at, b"fuzz-".iter().copied());
                }
                if copy.last() != Some(&b'\n') {
                    copy.push(b'\n');
                }
                splice(t, b, &copy);
            }
        }
        Mutation::DropUser { which } => {
            let blocks = user_blocks(t);
            if !blocks.is_empty() {
                let (a, b) = blocks[which.index(blocks.len())];
                t.drain(a..b);
            }
        }
        Mutation::IntentStep { user, which } => {
            let (table, col) = first_table_and_column(t);
            let step = STEPS[*which]
                .replace("{table}", &table)
                .replace("{col}", &col);
            let steps = find_all(t, b"steps = [");
            if !steps.is_empty() {
                let at = steps[user.index(steps.len())] + "steps = [".len();
                splice(t, at, format!("\n  {step},").as_bytes());
            }
        }
    }
}
