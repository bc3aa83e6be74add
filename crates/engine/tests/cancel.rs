//! Cancelling an exploration part way: the caller hears `Cancelled`, and
//! the run directories its workers made are removed all the same, after the
//! answer. Alone in its own test binary, so the directories of this process
//! are only this exploration's.

mod common;
use interleave_engine::database::RUN_DIR_PREFIX;
use interleave_engine::explore::{explore, ExploreOptions};
use interleave_engine::Error;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

fn run_dirs() -> usize {
    let mine = format!("{RUN_DIR_PREFIX}{}-", std::process::id());
    std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&mine))
        .count()
}

#[test]
fn a_cancelled_exploration_answers_then_removes_its_databases() {
    // Its waits and retries make its tree seconds long.
    let s = common::fixture("busy-counter.toml");
    let cancel = AtomicBool::new(false);
    let dirs_at_cancel = std::sync::Mutex::new(None);
    // The first progress report comes once runs are under way.
    let on_progress = |_| {
        if !cancel.swap(true, Ordering::Relaxed) {
            *dirs_at_cancel.lock().unwrap() = Some(run_dirs());
        }
    };
    let got = explore(&s, &ExploreOptions::default(), &on_progress, &cancel);
    assert!(matches!(got, Err(Error::Cancelled)), "{got:?}");
    let at_cancel = dirs_at_cancel
        .lock()
        .unwrap()
        .expect("a progress report came");
    assert!(at_cancel > 0, "the workers had databases open");
    // Not a speed limit: a bound so that a leak fails rather than hangs.
    let deadline = Instant::now() + Duration::from_secs(30);
    while run_dirs() > 0 {
        assert!(
            Instant::now() < deadline,
            "{} run directories left",
            run_dirs()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}
