//! A bounded fuzz target over scenario text and schedules (issue 9).
//!
//! Every fixture (`fixtures/**/*.toml`, plus the seeds in `tests/fuzz/`) is
//! mutated — byte-level (delete, insert, replace, duplicate or swap lines,
//! truncate, invalid UTF-8) and SQL-aware (a `BEGIN;` at the end of setup,
//! `SAVEPOINT`, `random()`, `DROP TABLE`, `ATTACH`, a runaway `WITH
//! RECURSIVE`, a value that tries to close its quote, a 41-character name…) —
//! then parsed and, when it parses, run under a random strategy, journal and
//! schedule. Whatever the input:
//!
//! 1. nothing panics;
//! 2. nothing hangs: parsing and each run finish within [`bounded_run::BOUND`];
//! 3. the same input gives the same result twice: byte-identical report JSON,
//!    or the same error;
//! 4. no run leaves a directory behind in the OS temp dir or `/dev/shm`, and
//!    no scenario makes a file anywhere else (an `ATTACH`ed or `VACUUM INTO`
//!    file).
//!
//! A failure prints the mutated text (also as a Rust byte string, exact even
//! when it is not UTF-8) and the run options, enough to replay it.
//!
//! Bounded for `make test`: [`DEFAULT_CASES`] cases (about 17 s in a debug
//! build on two busy cores) from a fixed seed, so a run is reproducible.
//! `FUZZ_CASES=N` changes the count, `FUZZ_SEED=N` the seed
//! (`FUZZ_SEED=random` for a fresh one each run), `FUZZ_STRICT=1` fails on
//! the known bugs listed in [`known_bugs::known_bug`] too, `FUZZ_VERBOSE=1`
//! prints every refusal, e.g.
//! `FUZZ_CASES=20000 FUZZ_SEED=random cargo test -p interleave-engine --test fuzz -- --nocapture`.
//!
//! This file holds a single #[test] on purpose: it is the only test in its
//! binary, so every run directory named with this process's pid is one of
//! its own runs, and the leftover check cannot be fooled by a neighbour.
//!
//! The parts live in `tests/fuzz_parts/`, brought in with `#[path]`: a file
//! directly in `tests/` would be built as a test binary of its own.

mod common;

#[path = "fuzz_parts/apply.rs"]
mod apply;
#[path = "fuzz_parts/bounded_run.rs"]
mod bounded_run;
#[path = "fuzz_parts/case.rs"]
mod case;
#[path = "fuzz_parts/corpus.rs"]
mod corpus;
#[path = "fuzz_parts/known_bugs.rs"]
mod known_bugs;
#[path = "fuzz_parts/leftovers.rs"]
mod leftovers;
#[path = "fuzz_parts/mutation.rs"]
mod mutation;
#[path = "fuzz_parts/scenario_text.rs"]
mod scenario_text;

use bounded_run::HUNG;
use case::{case, check_case, input_path, REACHED};
use corpus::corpus;
use known_bugs::KNOWN;
use leftovers::{
    check_leftovers, detector_sees_the_engines_run_directory, engine_entries, forbidden_files,
};
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestError, TestRunner};
use std::sync::atomic::Ordering;
use std::time::Instant;

/// Cases run by default (see the module doc for the time this takes).
/// Each case parses twice and, if it parses, runs twice.
const DEFAULT_CASES: u32 = 1000;
/// The default seed: a fixed one keeps `make test` reproducible.
const DEFAULT_SEED: u64 = 0x1a7e_41ea_5e00_0009;

fn config() -> Config {
    let cases = std::env::var("FUZZ_CASES")
        .ok()
        .map(|v| v.parse().expect("FUZZ_CASES is a number of cases"))
        .unwrap_or(DEFAULT_CASES);
    let rng_seed = match std::env::var("FUZZ_SEED").ok().as_deref() {
        None | Some("") => RngSeed::Fixed(DEFAULT_SEED),
        Some("random") => RngSeed::Random,
        Some(n) => RngSeed::Fixed(n.parse().expect("FUZZ_SEED is a number or `random`")),
    };
    Config {
        cases,
        rng_seed,
        // The failure message is the replay: write nothing into the repo.
        failure_persistence: None,
        // A shrink step costs up to three runs; keep a failing test bounded too.
        max_shrink_iters: 256,
        max_shrink_time: 60_000,
        ..Config::default()
    }
}

#[test]
fn fuzzed_scenarios_never_panic_hang_differ_or_leave_files() {
    let started = Instant::now();
    detector_sees_the_engines_run_directory();
    let engine_before = engine_entries();
    let forbidden_before = forbidden_files();
    let config = config();
    let cases = config.cases;
    let mut runner = TestRunner::new(config);
    let result = runner.run(&case(), |case| {
        if HUNG.load(Ordering::SeqCst) {
            // A hung run is still going; what follows cannot be checked.
            return Ok(());
        }
        check_case(&case).map_err(TestCaseError::fail)
    });
    if let Err(e) = result {
        match e {
            TestError::Fail(why, case) => {
                panic!("fuzz case failed (minimal case found: {case:?}):\n{why}")
            }
            TestError::Abort(why) => panic!("fuzzing aborted: {why}"),
        }
    }

    let _ = std::fs::remove_file(input_path());

    // After all runs: nothing of ours is left, nor anything engine-like that
    // appeared while we ran (retrying for 2 s).
    check_leftovers(&engine_before, &forbidden_before).unwrap_or_else(|e| panic!("{e}"));
    let [unparsed, failed, ran] = REACHED.each_ref().map(|n| n.load(Ordering::Relaxed));
    eprintln!(
        "fuzz: {cases} cases over {} seeds in {:.1?}: {unparsed} did not parse, {failed} parsed and were refused at run time, {ran} ran to a report, {} hit a known bug",
        corpus().len(),
        started.elapsed(),
        KNOWN.load(Ordering::Relaxed)
    );
}
