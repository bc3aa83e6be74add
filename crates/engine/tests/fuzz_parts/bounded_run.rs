//! Bounded, panic-catching execution: the no-panic and no-hang checks.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long parsing, or one run, may take before it counts as a hang.
pub const BOUND: Duration = Duration::from_secs(10);

/// Set once something ran past [`BOUND`]: its thread may still be running
/// (and holding a run directory), so later cases are not checked.
pub static HUNG: AtomicBool = AtomicBool::new(false);

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(a panic without a message)".to_string())
}

/// Runs `f` on its own thread; a panic or a run past [`BOUND`] is an error.
pub fn bounded<T: Send + 'static>(
    what: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, String> {
    let (tx, rx) = mpsc::channel();
    let started = Instant::now();
    let handle = std::thread::Builder::new()
        .name(format!("fuzz {what}"))
        .spawn(move || {
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
            let _ = tx.send(r.map_err(|p| panic_message(&*p)));
        })
        .expect("spawn a thread");
    match rx.recv_timeout(BOUND) {
        Ok(Ok(v)) => {
            let _ = handle.join();
            Ok(v)
        }
        Ok(Err(msg)) => {
            let _ = handle.join();
            Err(format!("PANIC in {what}: {msg}"))
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            HUNG.store(true, Ordering::SeqCst);
            Err(format!(
                "HANG: {what} did not finish within {BOUND:?} (left running)"
            ))
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(format!(
            "PANIC in {what}: its thread died after {:?} without an answer",
            started.elapsed()
        )),
    }
}
