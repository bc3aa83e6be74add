//! Run directories live in the OS temp dir (`TMPDIR`), are removed when a
//! run ends, and survive a `kill -9` only until the next start. Each test
//! points TMPDIR at a private directory, so nothing else can race it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

fn entries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn nothing_is_left_after_a_run_or_after_kill_9_and_the_next_start() {
    let tmp = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_interleave");
    let lost = fixtures().join("lost-update.toml");
    let run_lost = || {
        let out = Command::new(bin)
            .args(["run", lost.to_str().unwrap()])
            .env("TMPDIR", tmp.path())
            .output()
            .unwrap();
        assert!(out.status.success());
    };
    run_lost();
    assert_eq!(entries(tmp.path()), Vec::<String>::new(), "after a run");

    // An explore long enough to be killed in the middle of.
    let busy = fixtures().join("busy-counter.toml");
    let mut child = Command::new(bin)
        .args(["explore", busy.to_str().unwrap()])
        .env("TMPDIR", tmp.path())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while entries(tmp.path()).is_empty() && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL on Unix: no destructor runs
    child.wait().unwrap();
    let left = entries(tmp.path());
    assert!(
        !left.is_empty(),
        "the explore made no run directory to leave behind"
    );

    run_lost();
    assert_eq!(
        entries(tmp.path()),
        Vec::<String>::new(),
        "after the next start, {left:?} remain"
    );
}
