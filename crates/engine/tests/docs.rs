//! The limits in `fixtures/README.md` are the engine's constants: the list
//! between the `limits` markers is rendered from them and must match.

use interleave_engine::sandbox::{SETUP_BUDGET_INSTRUCTIONS, STEP_BUDGET_INSTRUCTIONS};
use interleave_engine::scenario::limits as l;
use interleave_engine::scheduler::MAX_ATTEMPTS;
use std::path::Path;

fn thousands(n: i64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}

fn rendered() -> String {
    let mib = |b: i64| b / (1024 * 1024);
    let rows = [
        ("file size", format!("{} KiB", l::FILE_BYTES / 1024)),
        ("users", thousands(l::USERS as i64)),
        (
            "characters in a user's name",
            thousands(l::NAME_CHARS as i64),
        ),
        ("steps per user", thousands(l::STEPS_PER_USER as i64)),
        ("scheduled turns", thousands(l::SCHEDULE_TURNS as i64)),
        ("invariants", thousands(l::INVARIANTS as i64)),
        ("rows per table after setup", thousands(l::ROWS_PER_TABLE)),
        (
            "rows one setup statement may change",
            thousands(l::SETUP_CHANGES_PER_STATEMENT as i64),
        ),
        (
            "SQLite instructions per setup statement",
            thousands(SETUP_BUDGET_INSTRUCTIONS),
        ),
        (
            "SQLite instructions per step statement",
            thousands(STEP_BUDGET_INSTRUCTIONS),
        ),
        (
            "rows one step may change",
            thousands(l::STEP_CHANGES as i64),
        ),
        (
            "rows one step may return",
            thousands(l::STEP_RESULT_ROWS as i64),
        ),
        (
            "bytes of values one statement may return",
            format!("{} MiB", mib(l::RESULT_BYTES_PER_STATEMENT as i64)),
        ),
        (
            "rows read and changed in one run, all users",
            thousands(l::ROWS_RECORDED_PER_RUN as i64),
        ),
        (
            "size of a run's database",
            format!("{} MiB", mib(l::DATABASE_BYTES)),
        ),
        (
            "tries of a unit of work (1 + retries)",
            thousands(MAX_ATTEMPTS as i64),
        ),
    ];
    let mut out = String::from("| limit | value |\n|---|---|\n");
    for (what, n) in rows {
        out.push_str(&format!("| {what} | {n} |\n"));
    }
    out
}

#[test]
fn readme_limits_are_the_engines_constants() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/README.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let (begin, end) = ("<!-- limits:begin -->\n", "<!-- limits:end -->");
    let a = text.find(begin).expect("limits:begin marker") + begin.len();
    let b = text.find(end).expect("limits:end marker");
    let want = rendered();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, format!("{}{want}{}", &text[..a], &text[b..])).unwrap();
        return;
    }
    assert_eq!(
        &text[a..b],
        want,
        "fixtures/README.md's limits differ from the engine's; rerun with UPDATE_DOCS=1"
    );
}
