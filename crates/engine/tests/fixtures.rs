//! Every fixture, under every strategy, in both journal modes, against its
//! expected outcome checked in under `fixtures/expected/` (insta snapshots).
//! Plus the acceptance checks spelled out, so a changed snapshot cannot
//! quietly accept a wrong behaviour. All outcomes come from real SQLite runs.

mod common;
use common::*;
use interleave_engine::history::{AnomalyKind as K, Outcome, Value};
use interleave_engine::scenario::Journal;
use interleave_engine::strategy::Strategy;

#[test]
fn every_fixture_matches_its_expected_outcomes() {
    for path in all_fixtures() {
        let s = interleave_engine::scenario::load(&path).unwrap();
        let mut text = String::new();
        for journal in [Journal::Wal, Journal::Delete] {
            text.push_str(&format!("[{}]\n", journal.name()));
            for strategy in Strategy::ALL {
                text.push_str(&summary_line(&run_with(&s, strategy, journal)));
                text.push('\n');
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

fn balance(r: &interleave_engine::history::RunReport) -> Value {
    r.final_state[0].rows[0][2].clone()
}

#[test]
fn lost_update_under_each_strategy_in_both_journals() {
    let s = fixture("lost-update.toml");
    for j in [Journal::Wal, Journal::Delete] {
        let none = run_with(&s, Strategy::None, j);
        assert_eq!(kinds(&none), vec![K::LostUpdate], "{j:?}");
        assert!(!none.serializable);
        assert_eq!(balance(&none), Value::Integer(130));
        let f = &none.findings[0];
        assert_eq!(f.users, vec!["Alice", "Bob"]);
        assert!(
            f.explanation
                .contains("Bob saved balance 130, computed from 100")
                && f.explanation.contains("Alice's +50 is lost"),
            "{}",
            f.explanation
        );

        for strategy in [
            Strategy::Atomic,
            Strategy::Pessimistic,
            Strategy::Optimistic,
            Strategy::Transaction,
        ] {
            let r = run_with(&s, strategy, j);
            assert!(!kinds(&r).contains(&K::LostUpdate), "{strategy:?} {j:?}");
            assert!(r.serializable, "{strategy:?} {j:?}");
            assert_eq!(balance(&r), Value::Integer(180), "{strategy:?} {j:?}");
            assert!(r.invariants.iter().all(|i| i.holds));
        }
        let opt = run_with(&s, Strategy::Optimistic, j);
        assert!(has_outcome(&opt, "Bob", Outcome::Conflict));
        assert_eq!(opt.costs[1].retries, 1);
        assert!(opt
            .events
            .iter()
            .any(|e| e.user == "Bob" && e.attempt == 2 && e.retry_of.is_some()));

        let pes = run_with(&s, Strategy::Pessimistic, j);
        assert!(has_outcome(&pes, "Bob", Outcome::Blocked));
        assert_eq!(pes.blocked.len(), 1);
        assert_eq!(
            pes.events
                .iter()
                .find(|e| e.outcome == Outcome::Blocked)
                .unwrap()
                .code,
            Some(5)
        );

        let tx = run_with(&s, Strategy::Transaction, j);
        assert_eq!(tx.costs[1].retries, 1, "{j:?}");
        match j {
            // WAL: Bob's snapshot predates Alice's commit.
            Journal::Wal => assert!(tx.events.iter().any(|e| e.user == "Bob"
                && e.outcome == Outcome::BusySnapshot
                && e.code == Some(517))),
            // Rollback journal: Bob's write is BUSY at once, and Alice's COMMIT waits for Bob to end.
            Journal::Delete => {
                assert!(tx
                    .events
                    .iter()
                    .any(|e| e.user == "Bob" && e.outcome == Outcome::Busy && e.code == Some(5)));
                assert!(tx.events.iter().any(|e| e.user == "Alice"
                    && e.outcome == Outcome::Blocked
                    && e.sql.last().map(|s| s == "COMMIT").unwrap_or(false)));
            }
        }
    }
}

#[test]
fn other_anomalies_show_under_none_and_not_under_locking_strategies() {
    for j in [Journal::Wal, Journal::Delete] {
        let ws = fixture("write-skew.toml");
        assert_eq!(kinds(&run_with(&ws, Strategy::None, j)), vec![K::WriteSkew]);
        assert!(!run_with(&ws, Strategy::None, j).invariants[0].holds);
        for st in [Strategy::Pessimistic, Strategy::Transaction] {
            let r = run_with(&ws, st, j);
            assert!(kinds(&r).is_empty(), "{st:?}");
            assert!(r.invariants[0].holds);
        }
        assert_eq!(
            kinds(&run_with(&fixture("read-skew.toml"), Strategy::None, j)),
            vec![K::ReadSkew]
        );
        assert!(kinds(&run_with(
            &fixture("read-skew.toml"),
            Strategy::Transaction,
            j
        ))
        .is_empty());
        assert_eq!(
            kinds(&run_with(&fixture("stale-read.toml"), Strategy::None, j)),
            vec![K::StaleRead]
        );
        assert_eq!(
            kinds(&run_with(&fixture("dirty-read.toml"), Strategy::None, j)),
            vec![K::DirtyRead]
        );
        assert_eq!(
            kinds(&run_with(
                &fixture("non-repeatable-read.toml"),
                Strategy::None,
                j
            )),
            vec![K::NonRepeatableRead]
        );
        assert_eq!(
            kinds(&run_with(&fixture("phantom-read.toml"), Strategy::None, j)),
            vec![K::PhantomRead]
        );
        for f in [
            "non-repeatable-read.toml",
            "phantom-read.toml",
            "stale-read.toml",
        ] {
            assert!(
                kinds(&run_with(&fixture(f), Strategy::Transaction, j)).is_empty(),
                "{f}"
            );
        }
    }
}

#[test]
fn hermitage_translations_agree_with_sqlite_concurrency_doc() {
    let p4 = fixture("hermitage/p4-lost-update.toml");
    // WAL: T2's write waits for T1's lock, then fails with BUSY_SNAPSHOT once T1 commits.
    let wal = run_with(&p4, Strategy::None, Journal::Wal);
    assert_eq!(wal.strategy, Strategy::AsWritten);
    assert!(wal
        .events
        .iter()
        .any(|e| e.user == "T2" && e.code == Some(517)));
    assert!(kinds(&wal).is_empty() && wal.serializable);
    // DELETE: T2 holds SHARED and waits for RESERVED; T1's COMMIT waits for T2: deadlock-shaped.
    let del = run_with(&p4, Strategy::None, Journal::Delete);
    assert_eq!(del.ending, interleave_engine::history::Ending::Deadlock);
    // G-single: T1 sees one snapshot in WAL; in DELETE, T2's COMMIT waits for T1.
    let g = fixture("hermitage/g-single-read-skew.toml");
    assert!(kinds(&run_with(&g, Strategy::None, Journal::Wal)).is_empty());
    let d = run_with(&g, Strategy::None, Journal::Delete);
    assert!(kinds(&d).is_empty());
    assert!(d
        .events
        .iter()
        .any(|e| e.user == "T2" && e.outcome == Outcome::Blocked));
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
    assert!(r
        .events
        .iter()
        .any(|e| e.user == "Bob" && e.outcome == Outcome::Blocked && e.code == Some(262)));
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
        .find(|e| e.outcome == Outcome::Blocked)
        .unwrap();
    assert_eq!(blocked.completed, 0, "BEGIN IMMEDIATE itself waited");
    let resumed = pes.events.iter().find(|e| e.resumes.is_some()).unwrap();
    assert_eq!(
        (resumed.resumes, resumed.retry_of),
        (Some(blocked.seq), None)
    );
    assert_eq!(pes.blocked[0].until, Some(resumed.seq));
    assert!(pes.events.iter().all(|e| !e.aborted && !e.discarded));
    assert!(
        pes.verdict.contains("Bob waited at BEGIN IMMEDIATE"),
        "{}",
        pes.verdict
    );
    // Transaction: Bob's first attempt is abandoned; the new attempt links back to the failure.
    let tx = run_with(&s, Strategy::Transaction, Journal::Wal);
    let failed = tx
        .events
        .iter()
        .find(|e| e.outcome == Outcome::BusySnapshot)
        .unwrap();
    assert!(failed.aborted);
    assert!(tx
        .events
        .iter()
        .any(|e| e.retry_of == Some(failed.seq) && !e.aborted));
    assert!(tx.verdict.contains("BUSY_SNAPSHOT"), "{}", tx.verdict);
    // Dirty read: Alice's UPDATE is rolled back, so its change never counted.
    let dirty = run_with(&fixture("dirty-read.toml"), Strategy::None, Journal::Wal);
    assert!(dirty
        .events
        .iter()
        .any(|e| e.user == "Alice" && !e.changes.is_empty() && e.discarded));
    // Deadlock: both users wait to the end, and the verdict says so.
    let dl = run_with(
        &fixture("hermitage/p4-lost-update.toml"),
        Strategy::None,
        Journal::Delete,
    );
    assert_eq!(dl.blocked.iter().filter(|b| b.until.is_none()).count(), 2);
    assert!(
        dl.verdict.starts_with("Deadlock: T1 and T2"),
        "{}",
        dl.verdict
    );
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
    // After Bob's own change, Alice's count is out of date too.
    assert!(stale(4, "Alice"));
    // A fresh count is not stale: the phantom reader's second count.
    let p = run_with(&fixture("phantom-read.toml"), Strategy::None, Journal::Wal);
    let last = p.events.last().unwrap();
    assert!(
        !last
            .beliefs
            .iter()
            .find(|b| b.user == "Alice")
            .unwrap()
            .locals[0]
            .stale
    );
}
