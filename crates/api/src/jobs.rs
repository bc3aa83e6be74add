//! Cancel flags for the long jobs of one kind (explorations, figures).
//!
//! Each job gets its own flag, so a cancel reaches only the jobs under way
//! when it is made: a job started after it runs, and starting one never
//! clears the flag of one cancelled before it (one shared flag, cleared by
//! each start, let an old exploration run on when a new one began before
//! its workers had seen the cancel).

use interleave_engine::Error;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, Weak};

use crate::dto::AppError;

/// One job's flag, and a wake-up for whoever answers for it.
#[derive(Debug, Default)]
pub struct Job {
    flag: AtomicBool,
    woken: tokio::sync::Notify,
}

impl Job {
    /// The flag the engine reads between turns.
    pub fn flag(&self) -> &AtomicBool {
        &self.flag
    }

    pub fn is_cancelled(&self) -> bool {
        self.flag.load(Ordering::Relaxed)
    }

    /// Resolves once the job is cancelled (at once, if it already was).
    pub async fn cancelled(&self) {
        // `notify_one` keeps a permit when nobody waits yet.
        if !self.is_cancelled() {
            self.woken.notified().await;
        }
    }

    fn cancel(&self) {
        self.flag.store(true, Ordering::Relaxed);
        self.woken.notify_one();
    }
}

/// The jobs of one kind under way.
#[derive(Debug, Default)]
pub struct Jobs {
    live: Mutex<Vec<Weak<Job>>>,
}

impl Jobs {
    /// A job starting now: no cancel made before reaches it. It is under way
    /// while the caller holds it.
    pub fn start(&self) -> Arc<Job> {
        let job = Arc::new(Job::default());
        let mut live = self.live.lock().expect("jobs lock");
        live.retain(|j| j.strong_count() > 0);
        live.push(Arc::downgrade(&job));
        job
    }

    /// Cancels every job under way.
    pub fn cancel(&self) {
        let live = std::mem::take(&mut *self.live.lock().expect("jobs lock"));
        for job in live.iter().filter_map(Weak::upgrade) {
            job.cancel();
        }
    }
}

/// What a cancelled job answers, the engine's own error.
pub fn cancelled() -> AppError {
    Error::Cancelled.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cancel_reaches_the_jobs_under_way_only() {
        let jobs = Jobs::default();
        let old = jobs.start();
        let ended = jobs.start();
        drop(ended);
        jobs.cancel();
        let new = jobs.start();
        assert!(old.is_cancelled());
        assert!(!new.is_cancelled(), "started after the cancel");
        jobs.cancel();
        assert!(new.is_cancelled() && old.is_cancelled());
        assert_eq!(jobs.live.lock().unwrap().len(), 0);
    }

    #[test]
    fn cancelled_resolves_whether_the_cancel_came_before_or_after() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let jobs = Jobs::default();
        let early = jobs.start();
        jobs.cancel();
        rt.block_on(early.cancelled());
        let late = jobs.start();
        let waiting = late.clone();
        rt.block_on(async {
            let wait = tokio::spawn(async move { waiting.cancelled().await });
            tokio::task::yield_now().await;
            jobs.cancel();
            wait.await.unwrap();
        });
        assert_eq!(cancelled().code, "cancelled");
    }
}
