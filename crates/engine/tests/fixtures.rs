//! Every fixture, under every strategy, in both journal modes, against its
//! expected outcome checked in under `fixtures/expected/` (insta snapshots).
//! The acceptance checks are spelled out below in words, so a changed
//! snapshot cannot quietly accept a wrong behaviour. All outcomes come from
//! real SQLite runs.

mod common;
use common::*;
use interleave_engine::history::{AnomalyClass, AnomalyKind as K, Outcome, RunOutcome, Value};
use interleave_engine::scenario::Journal;
use interleave_engine::strategy::Strategy;
use interleave_engine::trace::{Observed, UnitEnd};

const BOTH: [Journal; 2] = [Journal::Wal, Journal::Delete];

#[test]
fn every_fixture_matches_its_expected_outcomes() {
    for path in all_fixtures() {
        let s = interleave_engine::scenario::load(&path).unwrap();
        let mut text = String::new();
        for journal in BOTH {
            text.push_str(&format!("[{}]\n", journal.name()));
            for strategy in Strategy::ALL {
                let r = run_with(&s, strategy, journal);
                text.push_str(&summary_line(&r));
                text.push('\n');
                for i in 0..r.findings.len() {
                    text.push_str(&format!("  {}\n", finding_line(&r, i)));
                }
                if s.as_written {
                    break;
                }
            }
        }
        let rel = path
            .strip_prefix(fixtures_dir())
            .unwrap()
            .with_extension("");
        let name = rel.display().to_string().replace('/', "__");
        insta::with_settings!({ snapshot_path => fixtures_dir().join("expected"), prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(name, text);
        });
    }
}

fn first_value(r: &interleave_engine::history::RunReport, col: usize) -> Value {
    r.final_state[0].rows[0][col].clone()
}

/// The classroom's lost updates: a read, another user's save, then a save
/// computed from the old value. Both users adding 1, equal deposits, and
/// three users all lose updates under `none`, in both journals.
#[test]
fn lost_updates_under_none_whatever_the_values() {
    for j in BOTH {
        let lu = run_with(&fixture("lost-update.toml"), Strategy::None, j);
        assert_eq!(
            finding_line(&lu, 0),
            "lost_update G-single Bob,Alice | Bob-rw(account[1].balance)->Alice Alice-ww(account[1].balance)->Bob"
        );
        assert_eq!(first_value(&lu, 2), Value::Integer(130));
        assert_eq!(lu.outcome, RunOutcome::Anomaly);
        assert_eq!(
            lu.findings[0].prevented_by.len(),
            4,
            "{:?}",
            lu.findings[0].prevented_by
        );

        // Both add 1: the same value, 1, is written twice; the second is still a version.
        let c = run_with(&fixture("counter.toml"), Strategy::None, j);
        assert_eq!(kinds(&c), vec![K::LostUpdate], "{j:?}");
        assert!(!c.serializable);
        let writes: Vec<&Value> = c
            .trace
            .writes
            .iter()
            .flat_map(|w| w.columns.iter().map(|(_, v)| v))
            .collect();
        assert_eq!(writes, vec![&Value::Integer(1), &Value::Integer(1)]);

        let eq = run_with(&fixture("lost-update-equal.toml"), Strategy::None, j);
        assert_eq!(kinds(&eq), vec![K::LostUpdate], "{j:?}");

        // Three users: two increments are lost, and two cycles say so.
        let three = run_with(&fixture("counter-three.toml"), Strategy::None, j);
        assert_eq!(
            three
                .findings
                .iter()
                .filter(|f| f.kind == K::LostUpdate)
                .count(),
            2
        );
    }
}

#[test]
fn locking_strategies_fix_the_lost_update_and_show_how() {
    let s = fixture("lost-update.toml");
    for j in BOTH {
        for st in [
            Strategy::Pessimistic,
            Strategy::Optimistic,
            Strategy::Transaction,
        ] {
            let r = run_with(&s, st, j);
            assert_eq!(
                r.outcome,
                RunOutcome::Correct,
                "{st:?} {j:?}: {:?}",
                r.findings
            );
            assert!(r.serializable && r.graph.order.is_some());
            assert_eq!(first_value(&r, 2), Value::Integer(180), "{st:?} {j:?}");
        }
        // Atomic keeps both deposits; the unit still saw two versions of the
        // balance (100 on the form, 150 inside its UPDATE), and says so.
        let at = run_with(&s, Strategy::Atomic, j);
        assert_eq!(first_value(&at, 2), Value::Integer(180));
        assert_eq!(kinds(&at), vec![K::NonRepeatableRead]);
        assert!(!Strategy::Atomic
            .prevents(false)
            .contains(&K::NonRepeatableRead));

        let opt = run_with(&s, Strategy::Optimistic, j);
        assert!(has_outcome(&opt, "Bob", |o| matches!(
            o,
            Outcome::Conflict {
                expected_version: Some(0)
            }
        )));
        assert_eq!(opt.costs[1].retries, 1);
        let abandoned = opt
            .trace
            .units
            .iter()
            .find(|u| u.end == UnitEnd::Abandoned)
            .unwrap();
        assert_eq!((abandoned.user.as_str(), abandoned.attempt), ("Bob", 1));

        let pes = run_with(&s, Strategy::Pessimistic, j);
        assert!(has_outcome(&pes, "Bob", |o| *o == Outcome::Blocked { code: 5 }));

        let tx = run_with(&s, Strategy::Transaction, j);
        assert_eq!(tx.costs[1].retries, 1, "{j:?}");
        match j {
            // WAL: Bob's snapshot predates Alice's commit.
            Journal::Wal => {
                assert!(has_outcome(&tx, "Bob", |o| *o == Outcome::BusySnapshot { code: 517 }))
            }
            // Rollback journal: Bob's write is BUSY, and Alice's COMMIT waits for Bob to end.
            Journal::Delete => {
                assert!(has_outcome(&tx, "Bob", |o| *o == Outcome::Busy { code: 5 }));
                assert!(tx.events.iter().any(|e| e.user == "Alice"
                    && matches!(e.outcome, Outcome::Blocked { .. })
                    && e.sql.last().is_some_and(|s| s == "COMMIT")));
            }
        }
    }
}

#[test]
fn each_classic_anomaly_under_none_and_not_under_transactions() {
    let cases = [
        ("write-skew.toml", K::WriteSkew),
        ("read-skew.toml", K::ReadSkew),
        ("stale-read.toml", K::StaleRead),
        ("dirty-read.toml", K::DirtyRead),
        ("non-repeatable-read.toml", K::NonRepeatableRead),
        ("phantom-read.toml", K::PhantomRead),
    ];
    for j in BOTH {
        for (f, kind) in cases {
            let s = fixture(f);
            assert_eq!(
                kinds(&run_with(&s, Strategy::None, j)),
                vec![kind],
                "{f} {j:?}"
            );
            if kind != K::DirtyRead {
                let tx = run_with(&s, Strategy::Transaction, j);
                assert!(kinds(&tx).is_empty(), "{f} {j:?}: {:?}", tx.findings);
            }
        }
    }
}

/// Stale read: Alice's cart total is computed from a price Bob had already
/// raised. "Alice, then Bob" still explains the final state, and it says so.
#[test]
fn a_stale_read_says_it_is_still_serializable() {
    let r = run_with(&fixture("stale-read.toml"), Strategy::None, Journal::Wal);
    assert!(r.serializable);
    assert_eq!(r.findings[0].class, None);
    assert!(
        r.findings[0].explanation.ends_with("Alice, then Bob."),
        "{}",
        r.findings[0].explanation
    );
}

#[test]
fn two_units_of_one_user_are_two_units_and_nothing_is_wrong() {
    for j in BOTH {
        for st in Strategy::ALL {
            let r = run_with(&fixture("two-transactions.toml"), st, j);
            assert_eq!(
                r.outcome,
                RunOutcome::Correct,
                "{st:?} {j:?}: {:?}",
                r.findings
            );
            let alice: Vec<u32> = r
                .trace
                .units
                .iter()
                .filter(|u| u.user == "Alice" && u.end == UnitEnd::Committed)
                .map(|u| u.ordinal)
                .collect();
            assert_eq!(alice, vec![1, 2], "{st:?} {j:?}");
        }
    }
}

#[test]
fn a_write_skew_among_three_users_is_one_three_unit_cycle() {
    for j in BOTH {
        let r = run_with(&fixture("write-skew-three.toml"), Strategy::None, j);
        assert_eq!(kinds(&r), vec![K::WriteSkew]);
        let f = &r.findings[0];
        assert_eq!(f.class, Some(AnomalyClass::G2Item));
        assert_eq!(f.cycle.len(), 3, "{}", finding_line(&r, 0));
        assert_eq!(f.users.len(), 3);
        assert_eq!(f.steps.len(), 3);
    }
}

const RAW: &str = r#"
title = "t"
setup = "create table test (id int primary key, value int); insert into test (id, value) values (1, 10), (2, 20);"
"#;

fn raw(users: &str, schedule: &str) -> interleave_engine::scenario::Scenario {
    let text = format!("{RAW}schedule = [{schedule}]\n{users}");
    interleave_engine::scenario::parse("inline.toml", &text).unwrap()
}

/// `id int primary key` is not a rowid alias, and the SELECT list omits the
/// key: the read is still of row 1, because SQLite knows which row it read.
#[test]
fn a_read_is_tied_to_its_row_whatever_the_select_list() {
    let s = raw(
        "[[user]]\nname = \"T1\"\nsteps = [{ sql = \"SELECT value FROM test WHERE id = 1\" }]\n[[user]]\nname = \"T2\"\nsteps = [{ think = \"-\" }]\n",
        "\"T1\"",
    );
    let r = run_with(&s, Strategy::None, Journal::Wal);
    let json = serde_json::to_value(&r).unwrap();
    let reads = json["trace"]["reads"].as_array().unwrap();
    let read = reads
        .iter()
        .find(|r| r["item"]["column"] == "value")
        .unwrap();
    assert_eq!(read["item"]["row"], 1);
    assert_eq!(read["item"]["column"], "value");
    assert_eq!(read["observed"]["kind"], "setup");
    assert_eq!(json["events"][0]["reads"][0]["rows"][0]["key"], 1);
}

/// A→B→A: W1 writes 1, W2 writes 2, W3 writes 1 again. The reader's
/// snapshot holds W1's 1; it must be attributed to W1, not to W3's equal value.
#[test]
fn a_b_a_reads_are_attributed_to_their_real_writer() {
    let users = r#"
[[user]]
name = "R"
steps = [{ sql = "BEGIN" }, { sql = "SELECT value FROM test WHERE id = 1" }, { sql = "SELECT value FROM test WHERE id = 1" }, { sql = "COMMIT" }]
[[user]]
name = "W"
steps = [{ sql = "UPDATE test SET value = 1 WHERE id = 1" }, { sql = "UPDATE test SET value = 2 WHERE id = 1" }, { sql = "UPDATE test SET value = 1 WHERE id = 1" }]
"#;
    let s = raw(users, "\"W\", \"R\", \"R\", \"W\", \"W\", \"R\", \"R\"");
    let r = run_with(&s, Strategy::None, Journal::Wal);
    let first_write = r.trace.writes.iter().find(|w| w.event == 1).unwrap().id;
    let reads: Vec<Observed> = r
        .trace
        .reads
        .iter()
        .filter(|x| x.item.column == "value" && r.trace.unit(x.unit).user == "R")
        .map(|x| x.observed)
        .collect();
    assert_eq!(
        reads,
        vec![Observed::Committed { write: first_write }; 2],
        "{:?}",
        r.trace.writes
    );
}

#[test]
fn shared_cache_without_read_uncommitted_locks_the_reader_out() {
    // sqlite-concurrency.md: shared cache alone gives SQLITE_LOCKED_SHAREDCACHE, not a dirty read.
    let text = std::fs::read_to_string(fixtures_dir().join("dirty-read.toml"))
        .unwrap()
        .replace("read_uncommitted = [\"bob\"]", "shared_cache = true");
    let s = interleave_engine::scenario::parse("shared-cache.toml", &text).unwrap();
    let r = run_with(&s, Strategy::None, Journal::Wal);
    assert!(kinds(&r).is_empty(), "{:?}", r.findings);
    assert!(has_outcome(&r, "Bob", |o| *o == Outcome::Blocked { code: 262 }));
    let bob_read = r
        .events
        .iter()
        .rev()
        .find(|e| e.user == "Bob" && !e.reads.is_empty())
        .unwrap();
    assert_eq!(
        bob_read.reads[0].rows[0].cells[1].value,
        Value::Integer(100)
    );
}

#[test]
fn waits_retries_and_undone_work_are_told_apart() {
    let s = fixture("lost-update.toml");
    // Pessimistic: Bob waits, then resumes the same step; nothing is retried.
    let pes = run_with(&s, Strategy::Pessimistic, Journal::Wal);
    let blocked = pes
        .events
        .iter()
        .find(|e| matches!(e.outcome, Outcome::Blocked { .. }))
        .unwrap();
    assert_eq!(blocked.completed, 0, "BEGIN IMMEDIATE itself waited");
    let resumed = pes.events.iter().find(|e| e.resumes.is_some()).unwrap();
    assert_eq!(
        (resumed.resumes, resumed.retry_of),
        (Some(blocked.seq), None)
    );
    assert_eq!(pes.blocked[0].until, Some(resumed.seq));
    assert!(pes.events.iter().all(|e| !e.aborted && !e.discarded));
    // Transaction: Bob's first attempt is abandoned; the new attempt links back to the failure.
    let tx = run_with(&s, Strategy::Transaction, Journal::Wal);
    let failed = tx
        .events
        .iter()
        .find(|e| matches!(e.outcome, Outcome::BusySnapshot { .. }))
        .unwrap();
    assert!(failed.aborted);
    assert!(tx
        .events
        .iter()
        .any(|e| e.retry_of == Some(failed.seq) && !e.aborted));
    // Dirty read: Alice's UPDATE is rolled back, so its change never counted.
    let dirty = run_with(&fixture("dirty-read.toml"), Strategy::None, Journal::Wal);
    assert!(dirty
        .events
        .iter()
        .any(|e| e.user == "Alice" && !e.changes.is_empty() && e.discarded));
    // Deadlock: both users wait to the end, and the outcome says so.
    let dl = run_with(
        &fixture("hermitage/p4.toml"),
        Strategy::None,
        Journal::Delete,
    );
    assert_eq!(dl.blocked.iter().filter(|b| b.until.is_none()).count(), 2);
    assert_eq!(dl.outcome, RunOutcome::Deadlock);
}

#[test]
fn a_count_goes_stale_when_someone_commits_a_change_it_counted() {
    let r = run_with(&fixture("write-skew.toml"), Strategy::None, Journal::Wal);
    let stale = |seq: usize, user: &str| {
        r.events[seq - 1]
            .beliefs
            .iter()
            .find(|b| b.user == user)
            .unwrap()
            .locals[0]
            .stale
    };
    // Bob counted at step 2; Alice went off call at step 3: Bob's count is out of date.
    assert!(!stale(2, "Bob") && stale(3, "Bob"));
    assert!(stale(4, "Alice"));
}
