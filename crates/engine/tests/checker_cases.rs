//! The cases `checker.md` says any checker must get right, written apart
//! from the fixtures, on real SQLite in both journals.

mod common;
use common::*;
use interleave_engine::scenario::Journal;
use interleave_engine::strategy::Strategy;

fn check(name: &str, text: &str, expect: &str) {
    let s = interleave_engine::scenario::parse(&format!("{name}.toml"), text).unwrap();
    for j in [Journal::Wal, Journal::Delete] {
        let r = run_with(&s, Strategy::None, j);
        let got: Vec<String> = r
            .findings
            .iter()
            .map(|f| format!("{} {}", f.kind.name(), f.class.map_or("-", |c| c.name())))
            .collect();
        let got = if got.is_empty() {
            "-".to_string()
        } else {
            got.join(", ")
        };
        assert_eq!(got, expect, "{name} {j:?}");
    }
}

/// T2's `v = v + 1` lands between T1's read and T1's `v = v + 10`: both
/// increments stay (21), so nothing is lost; T1 saw 10, then 11 inside its
/// own UPDATE: a non-repeatable read.
#[test]
fn a_atomic_between() {
    check(
        "a-atomic-between",
        r#"
title = "atomic between"
setup = "create table test (id int primary key, value int, other int); insert into test values (1, 10, 100), (2, 20, 200);"
schedule = ["T1", "T2", "T1"]
[[user]]
name = "T1"
steps = [{ sql = "SELECT value FROM test WHERE id = 1" }, { sql = "UPDATE test SET value = value + 10 WHERE id = 1" }]
[[user]]
name = "T2"
steps = [{ sql = "UPDATE test SET value = value + 1 WHERE id = 1" }]
"#,
        "non_repeatable_read G-single",
    );
}

/// `sum()` read twice around another's UPDATE: a non-repeatable read of the
/// rows it summed, not "rows appeared".
#[test]
fn b_sum_twice_autocommit() {
    check(
        "b-sum-twice-autocommit",
        r#"
title = "sum twice"
setup = "create table test (id int primary key, value int, other int); insert into test values (1, 10, 100), (2, 20, 200);"
schedule = ["T1", "T2", "T1"]
[[user]]
name = "T1"
steps = [{ sql = "SELECT sum(value) FROM test" }, { sql = "SELECT sum(value) FROM test" }]
[[user]]
name = "T2"
steps = [{ sql = "UPDATE test SET value = value + 5 WHERE id = 2" }]
"#,
        "non_repeatable_read G-single",
    );
}

/// The same inside one transaction: one snapshot (WAL) or a wait (rollback journal).
#[test]
fn b_sum_twice() {
    check(
        "b-sum-twice",
        r#"
title = "sum twice"
setup = "create table test (id int primary key, value int, other int); insert into test values (1, 10, 100), (2, 20, 200);"
schedule = ["T1", "T2", "T2", "T2", "T1", "T1", "T1"]
[[user]]
name = "T1"
steps = [{ sql = "BEGIN" }, { sql = "SELECT sum(value) FROM test" }, { sql = "SELECT sum(value) FROM test" }, { sql = "COMMIT" }]
[[user]]
name = "T2"
steps = [{ sql = "BEGIN" }, { sql = "UPDATE test SET value = value + 5 WHERE id = 2" }, { sql = "COMMIT" }]
"#,
        "-",
    );
}

/// A predicate that matched nothing, then each user inserts a matching row: G2.
#[test]
fn c_empty_predicate_autocommit() {
    check(
        "c-empty-predicate-autocommit",
        r#"
title = "empty predicate then inserts"
setup = "create table test (id int primary key, value int, other int); insert into test values (1, 10, 100), (2, 20, 200);"
schedule = ["T1", "T2", "T1", "T2"]
[[user]]
name = "T1"
steps = [{ sql = "SELECT count(*) FROM test WHERE value > 50" }, { sql = "INSERT INTO test VALUES (3, 60, 0)" }]
[[user]]
name = "T2"
steps = [{ sql = "SELECT count(*) FROM test WHERE value > 50" }, { sql = "INSERT INTO test VALUES (4, 70, 0)" }]
"#,
        "write_skew G2",
    );
}

/// The same with transactions: BUSY_SNAPSHOT, or a labelled deadlock.
#[test]
fn c_empty_predicate() {
    check(
        "c-empty-predicate",
        r#"
title = "empty predicate then inserts"
setup = "create table test (id int primary key, value int, other int); insert into test values (1, 10, 100), (2, 20, 200);"
schedule = ["T1", "T2", "T1", "T2", "T1", "T2"]
[[user]]
name = "T1"
steps = [{ sql = "BEGIN" }, { sql = "SELECT count(*) FROM test WHERE value > 50" }, { sql = "INSERT INTO test VALUES (3, 60, 0)" }, { sql = "COMMIT" }]
[[user]]
name = "T2"
steps = [{ sql = "BEGIN" }, { sql = "SELECT count(*) FROM test WHERE value > 50" }, { sql = "INSERT INTO test VALUES (4, 70, 0)" }, { sql = "COMMIT" }]
"#,
        "-",
    );
}

/// Two columns of one row, each read by one user and written by the other.
#[test]
fn d_crosswise() {
    check(
        "d-crosswise",
        r#"
title = "two columns crosswise"
setup = "create table test (id int primary key, value int, other int); insert into test values (1, 10, 100), (2, 20, 200);"
schedule = ["T1", "T2", "T1", "T2"]
[[user]]
name = "T1"
steps = [{ sql = "SELECT value FROM test WHERE id = 1" }, { sql = "UPDATE test SET other = 0 WHERE id = 1" }]
[[user]]
name = "T2"
steps = [{ sql = "SELECT other FROM test WHERE id = 1" }, { sql = "UPDATE test SET value = 0 WHERE id = 1" }]
"#,
        "write_skew G2-item",
    );
}
