//! Hostile and odd scenario files (issue 9): everything `check` can know is
//! refused there with a location; what only running shows is bounded,
//! deterministic and cleaned up.

mod common;
use interleave_engine::explore::{explore, ExploreOptions};
use interleave_engine::history::Value;
use interleave_engine::pipeline::{run_scenario, RunOptions};
use interleave_engine::scenario::{self, Journal};
use interleave_engine::strategy::Strategy;
use interleave_engine::validate::check_scenario;
use std::sync::atomic::AtomicBool;

/// A two-user scenario: `setup`, then each user's steps as TOML arrays.
fn scenario_text(setup: &str, alice: &str, bob: &str, extra: &str) -> String {
    format!(
        "title = \"t\"\n{extra}\nsetup = \"\"\"\n{setup}\n\"\"\"\n[[user]]\nname = \"Alice\"\nsteps = [{alice}]\n[[user]]\nname = \"Bob\"\nsteps = [{bob}]\n"
    )
}

const TABLE: &str = "CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER, w TEXT);\nINSERT INTO t VALUES (1, 10, 'a');";

/// `check` refuses the file, at a `line:col`, saying `expect`.
fn refused(text: &str, expect: &str) {
    let err = scenario::parse("hostile.toml", text)
        .and_then(|s| check_scenario(&s))
        .expect_err(expect);
    let shown = err.to_string();
    assert!(err.location().is_some(), "no location: {shown}");
    assert!(shown.contains(expect), "`{expect}` not in: {shown}");
}

#[test]
fn check_refuses_what_it_can_know_without_running() {
    let read = r#"{ read = "t", where = "id = 1", fields = ["v"] }"#;
    let cases: &[(&str, &str, &str, &str, &str)] = &[
        // (setup, alice, bob, top-level extra, expected message part)
        (
            &format!("{TABLE}\nBEGIN;"),
            read,
            read,
            "",
            "transaction open",
        ),
        (
            &format!("{TABLE}\nSAVEPOINT x;"),
            read,
            read,
            "",
            "transaction open",
        ),
        (
            &format!("{TABLE}\nCREATE TEMP TABLE scratch (x);"),
            read,
            read,
            "",
            "TEMP",
        ),
        (
            TABLE,
            r#"{ sql = "DROP TABLE t" }"#,
            read,
            "",
            "may not change the schema",
        ),
        (
            TABLE,
            &format!(
                r#"{read}, {{ write = "t", where = "id = 1", set = {{ v = "amount + 1" }} }}"#
            ),
            read,
            "",
            "amount",
        ),
        (
            TABLE,
            r#"{ write = "t", where = "id = 1", set = { v = "v + 1" } }"#,
            read,
            "",
            "has read no values",
        ),
        (
            TABLE,
            r#"{ sql = "UPDATE t SET v = :v WHERE id = 1" }"#,
            read,
            "",
            "`:v`",
        ),
        (
            TABLE,
            read,
            read,
            "invariants = [\"(SELECT v FROM t WHERE\"]",
            "invariant",
        ),
        (
            TABLE,
            read,
            read,
            "invariants = [\"(SELECT nope FROM t) = 1\"]",
            "nope",
        ),
        (
            TABLE,
            r#"{ sql = "SELECT total_changes()" }"#,
            read,
            "",
            "total_changes",
        ),
        (
            &format!("{TABLE}\nCREATE VIRTUAL TABLE r USING rtree(id, x0, x1);"),
            read,
            read,
            "",
            "virtual tables (rtree)",
        ),
        (
            TABLE,
            r#"{ insert = "t", values = { v = "1" }, where = "id = 1" }"#,
            read,
            "",
            "no `where`",
        ),
    ];
    for (setup, alice, bob, extra, expect) in cases {
        refused(&scenario_text(setup, alice, bob, extra), expect);
    }
}

#[test]
fn names_are_counted_in_characters() {
    let ok = "é".repeat(40);
    let text = scenario_text(TABLE, "{ think = \"-\" }", "{ think = \"-\" }", "")
        .replace("\"Alice\"", &format!("\"{ok}\""));
    assert!(scenario::parse("n.toml", &text).is_ok());
    let long = text.replace(&ok, &"é".repeat(41));
    assert!(scenario::parse("n.toml", &long).is_err());
}

#[test]
fn invalid_utf8_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    let mut bytes = scenario_text(TABLE, "{ think = \"-\" }", "{ think = \"-\" }", "").into_bytes();
    let at = bytes.iter().position(|&b| b == b'A').unwrap();
    bytes.insert(at, 0xff);
    std::fs::write(&path, bytes).unwrap();
    let err = scenario::load(&path).unwrap_err();
    let loc = err.location().expect("a location").clone();
    // The first `A` is the one in CREATE, line 4 (after the title, blank line and `setup = """`).
    assert_eq!((loc.line, loc.col), (4, 4), "{err}");
    assert!(err.to_string().contains("UTF-8"), "{err}");
}

fn json(s: &scenario::Scenario, strategy: Strategy) -> String {
    let r = run_scenario(
        s,
        &RunOptions {
            strategy: Some(strategy),
            ..Default::default()
        },
    )
    .unwrap();
    serde_json::to_string(&r).unwrap()
}

#[test]
fn random_and_now_give_the_same_json_every_time() {
    let text = scenario_text(
        TABLE,
        r#"{ sql = "UPDATE t SET v = random(), w = hex(randomblob(8)) WHERE id = 1" }, { sql = "SELECT datetime('now'), CURRENT_TIMESTAMP, random()" }"#,
        r#"{ sql = "SELECT v, w FROM t" }, { sql = "SELECT julianday('now')" }"#,
        "",
    );
    let s = scenario::parse("r.toml", &text).unwrap();
    let first = json(&s, Strategy::None);
    assert_eq!(first, json(&s, Strategy::None));
    assert!(first.contains("2000-01-01 00:00:00"), "the fixed clock");
}

#[test]
fn blobs_and_infinities_survive_a_read_and_a_write_back() {
    let setup = "CREATE TABLE t (id INTEGER PRIMARY KEY, b BLOB, r REAL);\nINSERT INTO t VALUES (1, x'00ff27', 9e999);";
    let alice = r#"{ read = "t", where = "id = 1", fields = ["b", "r"] }, { write = "t", where = "id = 1", set = { b = "b", r = "-r" } }"#;
    let text = scenario_text(setup, alice, "{ think = \"-\" }", "");
    let s = scenario::parse("b.toml", &text).unwrap();
    for st in [Strategy::None, Strategy::Optimistic] {
        let r = run_scenario(
            &s,
            &RunOptions {
                strategy: Some(st),
                ..Default::default()
            },
        )
        .unwrap();
        let row = &r.final_state[0].rows[0];
        assert_eq!(row[1], Value::Blob(vec![0, 0xff, 0x27]), "{st:?}");
        assert_eq!(row[2], Value::Real(f64::NEG_INFINITY), "{st:?}");
        let j = serde_json::to_string(&r).unwrap();
        assert!(
            j.contains(r#"{"blob":"00ff27"}"#) && j.contains(r#"{"real":"-inf"}"#),
            "{st:?}"
        );
    }
}

#[test]
fn a_huge_insert_ends_with_a_bounded_error() {
    let insert = "INSERT INTO t(v) SELECT n FROM (WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM c WHERE n < 200000) SELECT n FROM c)";
    let text = scenario_text(
        TABLE,
        &format!("{{ sql = \"{insert}\" }}"),
        "{ sql = \"SELECT count(*) FROM t\" }",
        "",
    );
    let s = scenario::parse("big.toml", &text).unwrap();
    check_scenario(&s).unwrap();
    let r = run_scenario(&s, &RunOptions::default()).unwrap();
    let e = &r.events[0];
    // The fact is a field (SQLITE_TOOBIG); the message is for people, and must name the limit.
    assert_eq!(
        e.outcome,
        interleave_engine::history::Outcome::Error {
            code: rusqlite::ffi::SQLITE_TOOBIG
        }
    );
    assert!(
        e.message
            .as_deref()
            .unwrap_or("")
            .contains("the most a step may change"),
        "{:?}",
        e.message
    );
    assert!(serde_json::to_string(&r).unwrap().len() < 1 << 20);
}

/// Views and triggers in setup: every explored cell says what `run` says
/// for the same schedule.
#[test]
fn explore_and_run_agree_on_every_class() {
    let setup = "CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER);\nCREATE TABLE log (id INTEGER PRIMARY KEY, v INTEGER, at TEXT);\nCREATE VIEW total AS SELECT sum(v) AS s FROM t;\nCREATE TRIGGER audit AFTER UPDATE ON t BEGIN INSERT INTO log (v, at) VALUES (new.v, datetime('now') || random()); END;\nINSERT INTO t VALUES (1, 10), (2, 20);";
    let alice = r#"{ read = "t", where = "id = 1", fields = ["v"] }, { write = "t", where = "id = 1", set = { v = "v + 1" } }"#;
    let bob = r#"{ sql = "SELECT s FROM total" }, { sql = "UPDATE t SET v = v + random() % 2 WHERE id = 2" }, { sql = "SELECT count(*), max(at) FROM log" }"#;
    let text = scenario_text(
        setup,
        alice,
        bob,
        "invariants = [\"(SELECT count(*) FROM log) = 2\"]",
    );
    let s = scenario::parse("views.toml", &text).unwrap();
    check_scenario(&s).unwrap();
    for journal in [Journal::Wal, Journal::Delete] {
        let opts = ExploreOptions {
            journal: Some(journal),
            ..Default::default()
        };
        let report = explore(&s, &opts, &|_| {}, &AtomicBool::new(false)).unwrap();
        for summary in &report.strategies {
            for class in &summary.classes {
                for listed in &class.schedules {
                    let schedule: Vec<usize> = listed.iter().map(|&u| u as usize).collect();
                    let r = run_scenario(
                        &s,
                        &RunOptions {
                            strategy: Some(summary.strategy),
                            journal: Some(journal),
                            schedule: Some(schedule.clone()),
                            ..Default::default()
                        },
                    )
                    .unwrap();
                    let at = format!("{:?} {journal:?} {schedule:?}", summary.strategy);
                    // The schedule is a path of choices: `run` takes exactly those turns.
                    let taken: Vec<usize> = r
                        .schedule
                        .iter()
                        .map(|n| report.users.iter().position(|u| u == n).unwrap())
                        .collect();
                    assert_eq!(taken, schedule, "{at}");
                    let b = &class.behaviour;
                    let holds = r.invariants.iter().all(|i| i.holds);
                    assert_eq!((r.outcome, holds), (b.outcome, b.invariants_hold), "{at}");
                    assert_eq!(r.final_state, b.final_state, "{at}");
                    let mut kinds: Vec<_> = r.findings.iter().map(|f| f.kind).collect();
                    kinds.sort();
                    kinds.dedup();
                    assert_eq!(kinds, b.kinds(), "{at}");
                }
            }
        }
    }
}

/// Found by the fuzz target: in shared cache, a read blocked by a table
/// lock and retried after a commit sees that commit. Connections share one
/// cache there, so there is no snapshot to keep (debug builds assert the
/// model against SQLite at every read).
#[test]
fn a_shared_cache_read_retried_after_a_commit_sees_it() {
    let text = r#"
title = "t"
setup = "CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER); INSERT INTO t VALUES (1, 10);"
[options]
shared_cache = true
[[user]]
name = "A"
steps = [ { sql = "BEGIN" }, { sql = "UPDATE t SET v = 11 WHERE id = 1" }, { sql = "COMMIT" } ]
[[user]]
name = "B"
steps = [ { sql = "UPDATE t SET v = 12 WHERE id = 1" } ]
[[user]]
name = "C"
steps = [ { sql = "BEGIN" }, { sql = "SELECT v FROM t WHERE id = 1" } ]
"#;
    let s = scenario::parse("sc.toml", text).unwrap();
    for journal in [Journal::Wal, Journal::Delete] {
        let r = run_scenario(
            &s,
            &RunOptions {
                journal: Some(journal),
                schedule: Some(s.parse_schedule("B,A,C,A,C").unwrap()),
                ..Default::default()
            },
        )
        .unwrap();
        let read = r.events.iter().rev().find(|e| !e.reads.is_empty()).unwrap();
        assert_eq!(read.reads[0].rows[0].cells[0].value, Value::Integer(11));
    }
}

/// A step that would create a TEMP table is refused by explore as by run,
/// with its location, before anything runs.
#[test]
fn explore_refuses_what_run_refuses() {
    let text = scenario_text(
        TABLE,
        r#"{ sql = "CREATE TEMP TABLE scratch (x)" }"#,
        "{ think = \"-\" }",
        "",
    );
    let s = scenario::parse("temp.toml", &text).unwrap();
    let run = run_scenario(&s, &RunOptions::default()).unwrap_err();
    let explored = explore(
        &s,
        &ExploreOptions::default(),
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap_err();
    assert_eq!(run.to_string(), explored.to_string());
    assert!(explored.location().is_some(), "{explored}");
}
