//! The leftover check: no run directory stays behind in the OS temp dir or
//! `/dev/shm`, and no scenario makes one of the [`FORBIDDEN_FILES`].

use crate::mutation::FORBIDDEN_FILES;
use interleave_engine::database::RUN_DIR_PREFIX;
use interleave_engine::scenario::Journal;
use interleave_engine::strategy::Strategy;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Where the engine puts (or once put) its run directories.
fn temp_roots() -> Vec<PathBuf> {
    let mut roots = vec![std::env::temp_dir()];
    let shm = PathBuf::from("/dev/shm");
    if shm.is_dir() && !roots.contains(&shm) {
        roots.push(shm);
    }
    roots
}

/// What kind of entry a temp dir name is, as far as this test is concerned.
#[derive(PartialEq)]
enum Owner {
    /// Named with this process's pid: one of this test's runs made it.
    Us,
    /// Named with another process's pid.
    Other,
    /// An engine-like name with no pid in it, holding a run's database:
    /// attributable only by when it appeared.
    Unknown,
    /// Not the engine's at all.
    NotEngine,
}

fn owner(name: &str, path: &Path) -> Owner {
    // A directory that holds a run's database, whatever its name.
    let holds_a_run = || {
        std::fs::read_dir(path).is_ok_and(|d| {
            d.flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("run.sqlite"))
        })
    };
    let rest = name
        .strip_prefix(RUN_DIR_PREFIX)
        .or_else(|| name.strip_prefix("interleave-"))
        .or_else(|| name.strip_prefix("interleave"));
    let Some(rest) = rest else {
        // tempfile's default name, as the engine's directories once had.
        return if name.starts_with(".tmp") && holds_a_run() {
            Owner::Unknown
        } else {
            Owner::NotEngine
        };
    };
    match rest
        .trim_start_matches('-')
        .split('-')
        .next()
        .and_then(|p| p.parse::<u32>().ok())
    {
        Some(pid) if pid == std::process::id() => Owner::Us,
        Some(_) => Owner::Other,
        None if holds_a_run() => Owner::Unknown,
        None => Owner::NotEngine,
    }
}

/// Engine-made entries in the temp roots: (path, is ours by pid).
pub fn engine_entries() -> BTreeSet<(PathBuf, bool)> {
    let mut out = BTreeSet::new();
    for root in temp_roots() {
        let Ok(entries) = std::fs::read_dir(&root) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            match owner(&name, &e.path()) {
                Owner::Us => {
                    out.insert((e.path(), true));
                }
                Owner::Unknown => {
                    out.insert((e.path(), false));
                }
                Owner::Other | Owner::NotEngine => {}
            }
        }
    }
    out
}

pub fn forbidden_files() -> BTreeSet<PathBuf> {
    let mut dirs = vec![std::env::current_dir().unwrap_or_default()];
    dirs.extend(temp_roots());
    let mut out = BTreeSet::new();
    for d in dirs {
        for f in FORBIDDEN_FILES {
            let p = d.join(f);
            if p.exists() {
                out.insert(p);
            }
        }
    }
    out
}

/// After a run: no run directory of this process, nor anything engine-like,
/// that appeared since `before` may remain, nor a forbidden file. The run
/// has returned (its directory is dropped before it does), but allow the
/// filesystem up to 2 s.
pub fn check_leftovers(
    before: &BTreeSet<(PathBuf, bool)>,
    forbidden_before: &BTreeSet<PathBuf>,
) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        let left: Vec<String> = engine_entries()
            .into_iter()
            // Only what appeared since `before`: a stale directory of a dead
            // process that had this pid before us is not ours.
            .filter(|e| !before.contains(e))
            .map(|(p, _)| p.display().to_string())
            .chain(
                forbidden_files()
                    .difference(forbidden_before)
                    .map(|p| p.display().to_string()),
            )
            .collect();
        if left.is_empty() {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!("LEFT BEHIND after the run: {}", left.join(", ")));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The leftover check is only worth something if it recognises the engine's
/// run directories as they are named today: open one, look for it, close it.
pub fn detector_sees_the_engines_run_directory() {
    let s = crate::common::fixture("counter.toml");
    let before = engine_entries();
    let db = interleave_engine::database::Database::fresh(&s, Strategy::None, Journal::Wal)
        .unwrap_or_else(|e| panic!("{e}"));
    let dir = db
        .path
        .parent()
        .expect("the run's database is in a directory")
        .to_path_buf();
    let seen = engine_entries();
    assert!(
        seen.iter().any(|(p, ours)| *ours && *p == dir) && !before.iter().any(|(p, _)| *p == dir),
        "the leftover check does not recognise the engine's run directory {} \
         (does its name still start with `interleave` and this process's pid?)",
        dir.display()
    );
    drop(db);
    check_leftovers(&before, &forbidden_files()).unwrap_or_else(|e| panic!("{e}"));
}
