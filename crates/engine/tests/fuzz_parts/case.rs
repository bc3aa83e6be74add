//! One fuzz case: a seed, its mutations and the run options; how proptest
//! draws one, and the check it must pass (parsed twice and, if it parses,
//! run twice, with the same answer each time and nothing left behind).

use crate::apply::apply;
use crate::bounded_run::bounded;
use crate::corpus::corpus;
use crate::known_bugs::{known_bug, KNOWN};
use crate::leftovers::{check_leftovers, engine_entries, forbidden_files};
use crate::mutation::{mutation, Mutation};
use interleave_engine::pipeline::{run_scenario, RunOptions};
use interleave_engine::scenario::{self, Journal, Scenario};
use interleave_engine::strategy::Strategy;
use proptest::prelude::*;
use proptest::sample::{select, Index};
use proptest::strategy::Strategy as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// What the cases reached, for the closing line: (did not parse, parsed and
/// the run failed, ran to a report).
pub static REACHED: [AtomicUsize; 3] = [
    AtomicUsize::new(0),
    AtomicUsize::new(0),
    AtomicUsize::new(0),
];

#[derive(Debug, Clone)]
pub struct Case {
    fixture: usize,
    mutations: Vec<Mutation>,
    strategy: Strategy,
    journal: Journal,
    /// Raw turns; taken modulo (users + 1), so one past the last user (which
    /// the scheduler skips) comes up too.
    schedule: Option<Vec<usize>>,
}

pub fn case() -> impl proptest::strategy::Strategy<Value = Case> {
    (
        any::<Index>(),
        prop_oneof![
            1 => Just(Vec::new()),
            6 => proptest::collection::vec(mutation(), 1..=3),
        ],
        select(Strategy::ALL.to_vec()),
        select(vec![Journal::Wal, Journal::Delete]),
        proptest::option::weighted(0.85, proptest::collection::vec(0usize..9, 0..=40)),
    )
        .prop_map(|(seed, mutations, strategy, journal, schedule)| Case {
            fixture: seed.index(corpus().len()),
            mutations,
            strategy,
            journal,
            schedule,
        })
}

/// A Rust byte-string literal of `bytes`: exact, even when not UTF-8.
fn byte_literal(bytes: &[u8]) -> String {
    let mut s = String::from("b\"");
    for &b in bytes {
        match b {
            b'\n' => s.push_str("\\n\\\n"),
            b'"' => s.push_str("\\\""),
            b'\\' => s.push_str("\\\\"),
            0x20..=0x7e => s.push(b as char),
            _ => s.push_str(&format!("\\x{b:02x}")),
        }
    }
    s.push('"');
    s
}

fn report(case: &Case, bytes: &[u8], opts: Option<&RunOptions>, what: &str) -> String {
    format!(
        "{what}\n\
         seed fixture: {}\n\
         mutations: {:?}\n\
         options: {}\n\
         ---- mutated text (lossy) ----\n{}\n---- end ----\n\
         ---- mutated text, exact ----\n{}\n---- end ----",
        corpus()[case.fixture].name,
        case.mutations,
        match opts {
            Some(o) => format!("{o:?}"),
            None => "(not run: the text did not parse)".to_string(),
        },
        String::from_utf8_lossy(bytes),
        byte_literal(bytes),
    )
}

/// Where a text that is not UTF-8 is written for `scenario::load`: Cargo's
/// scratch directory for integration tests (under target/), one file per
/// process, removed when the test passes.
pub fn input_path() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("fuzz-input-{}.toml", std::process::id()))
}

fn parse_once(bytes: &[u8]) -> Result<Scenario, String> {
    match std::str::from_utf8(bytes) {
        Ok(text) => scenario::parse("fuzz.toml", text).map_err(|e| format!("{e:?}")),
        Err(_) => {
            let path = input_path();
            std::fs::write(&path, bytes).expect("write the fuzz input");
            scenario::load(&path).map_err(|e| format!("{e:?}"))
        }
    }
}

fn run_once(s: &Scenario, opts: &RunOptions) -> String {
    match run_scenario(s, opts) {
        Ok(r) => format!(
            "ok {}",
            serde_json::to_string(&r).expect("a report serializes")
        ),
        Err(e) => format!("error {e:?}"),
    }
}

pub fn check_case(case: &Case) -> Result<(), String> {
    let mut bytes = corpus()[case.fixture].bytes.clone();
    for m in &case.mutations {
        apply(&mut bytes, m);
    }
    let bytes = Arc::new(bytes);
    let fail = |opts: Option<&RunOptions>, what: String| report(case, &bytes, opts, &what);

    // Parse twice: no panic, no hang, the same answer.
    let parsed = {
        let b = bytes.clone();
        bounded("parse", move || {
            let first = parse_once(&b);
            let second = parse_once(&b);
            (first, second)
        })
        .map_err(|e| fail(None, e))?
    };
    let s = match parsed {
        (Ok(s), Ok(_)) => s,
        (Err(a), Err(b)) if a == b => {
            if std::env::var_os("FUZZ_VERBOSE").is_some() {
                eprintln!("unparsed {}", a.chars().take(200).collect::<String>());
            }
            REACHED[0].fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        (a, b) => {
            return Err(fail(
                None,
                format!(
                    "NONDETERMINISTIC parse:\n first: {:?}\nsecond: {:?}",
                    a.map(|_| "parsed"),
                    b.map(|_| "parsed")
                ),
            ))
        }
    };

    let users = s.users.len().max(1);
    let opts = RunOptions {
        strategy: Some(case.strategy),
        journal: Some(case.journal),
        schedule: case
            .schedule
            .as_ref()
            .map(|turns| turns.iter().map(|t| t % (users + 1)).collect()),
        ..Default::default()
    };
    let s = Arc::new(s);
    let mut outputs = Vec::new();
    for attempt in ["first run", "second run"] {
        let before = engine_entries();
        let forbidden_before = forbidden_files();
        let (s2, o2) = (s.clone(), opts.clone());
        let out = match bounded(attempt, move || run_once(&s2, &o2)) {
            Ok(out) => out,
            Err(e) => match known_bug(&s, &e) {
                Some(bug) => {
                    KNOWN.fetch_add(1, Ordering::Relaxed);
                    if std::env::var_os("FUZZ_STRICT").is_some() {
                        return Err(fail(Some(&opts), format!("{e}\n(known bug: {bug})")));
                    }
                    eprintln!("fuzz: skipped a case that hits a known bug: {bug}");
                    return Ok(());
                }
                None => return Err(fail(Some(&opts), e)),
            },
        };
        check_leftovers(&before, &forbidden_before).map_err(|e| fail(Some(&opts), e))?;
        outputs.push(out);
    }
    let reached = if outputs[0].starts_with("ok ") { 2 } else { 1 };
    REACHED[reached].fetch_add(1, Ordering::Relaxed);
    if std::env::var_os("FUZZ_VERBOSE").is_some() && reached == 1 {
        eprintln!("{}", outputs[0].chars().take(300).collect::<String>());
    }
    if outputs[0] != outputs[1] {
        let at = outputs[0]
            .bytes()
            .zip(outputs[1].bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(outputs[0].len().min(outputs[1].len()));
        let from = at.saturating_sub(200);
        let window = |o: &String| {
            let end = (at + 200).min(o.len());
            String::from_utf8_lossy(&o.as_bytes()[from.min(o.len())..end]).into_owned()
        };
        return Err(fail(
            Some(&opts),
            format!(
                "NONDETERMINISTIC: the two runs differ at byte {at}:\n first: …{}…\nsecond: …{}…",
                window(&outputs[0]),
                window(&outputs[1])
            ),
        ));
    }
    Ok(())
}
