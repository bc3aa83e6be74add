//! Bad input never crashes: every fixture cut short at many places, and with
//! lines swapped out, either parses and runs or fails with a located error.

mod common;
use common::*;
use interleave_engine::pipeline::{run_scenario, RunOptions};
use interleave_engine::scenario;
use interleave_engine::strategy::Strategy;

fn exercise(name: &str, text: &str) {
    match scenario::parse(name, text) {
        Ok(s) => {
            for strategy in [Strategy::None, Strategy::Transaction] {
                // A run may fail (a missing table, say) but must say where or why.
                if let Err(e) = run_scenario(
                    &s,
                    &RunOptions {
                        strategy: Some(strategy),
                        ..Default::default()
                    },
                ) {
                    assert!(!e.message().is_empty());
                }
            }
        }
        Err(e) => {
            let loc = e
                .location()
                .unwrap_or_else(|| panic!("{name}: no location for {e}"));
            assert_eq!(loc.file, name);
            assert!(loc.line >= 1 && loc.col >= 1);
        }
    }
}

#[test]
fn truncated_and_mangled_fixtures_never_panic() {
    for path in all_fixtures() {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let mut cut = 0;
        while cut < text.len() {
            if text.is_char_boundary(cut) {
                exercise(&name, &text[..cut]);
            }
            cut += 53;
        }
        let lines: Vec<&str> = text.lines().collect();
        for i in 0..lines.len() {
            let mut mangled = lines.clone();
            mangled[i] = "x = = 1";
            exercise(&name, &mangled.join("\n"));
            let mut dropped = lines.clone();
            dropped.remove(i);
            exercise(&name, &dropped.join("\n"));
        }
    }
}

#[test]
fn without_rowid_tables_are_refused_with_a_location() {
    let text = "title = \"t\"\nsetup = \"CREATE TABLE t(k TEXT PRIMARY KEY, v INT) WITHOUT ROWID;\"\n[[user]]\nname = \"a\"\nsteps = [{ sql = \"SELECT 1\" }]\n[[user]]\nname = \"b\"\nsteps = [{ sql = \"SELECT 1\" }]\n";
    let s = interleave_engine::scenario::parse("wr.toml", text).unwrap();
    let err = run_scenario(&s, &Default::default()).unwrap_err();
    assert!(
        matches!(
            err,
            interleave_engine::Error::Invalid {
                location: Some(_),
                ..
            }
        ),
        "{err}"
    );
}

/// Values are bound, never spliced: a text that looks like SQL is written
/// back as itself, and the other columns stay as they were.
#[test]
fn a_value_that_looks_like_sql_is_written_back_as_text() {
    let text = r#"
title = "t"
setup = "CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT, title TEXT); INSERT INTO note VALUES (1, 'x'''', title = ''''pwned''', 'kept');"
[[user]]
name = "a"
steps = [
  { read = "note", where = "id = 1", fields = ["body"] },
  { write = "note", where = "id = 1", set = { body = "body" } },
]
[[user]]
name = "b"
steps = [{ think = "-" }]
"#;
    let s = interleave_engine::scenario::parse("splice.toml", text).unwrap();
    for st in interleave_engine::strategy::Strategy::ALL {
        let r = run_scenario(
            &s,
            &RunOptions {
                strategy: Some(st),
                ..Default::default()
            },
        )
        .unwrap();
        let row = &r.final_state[0].rows[0];
        assert_eq!(
            row[1],
            interleave_engine::history::Value::Text("x'', title = ''pwned'".into()),
            "{st:?}"
        );
        assert_eq!(
            row[2],
            interleave_engine::history::Value::Text("kept".into()),
            "{st:?}"
        );
    }
}
