//! The run in one word ([`RunOutcome`]), from which every badge is drawn, and
//! in a sentence or two for a teacher to read out: the anomalies found, or
//! how SQLite and the strategy kept them out. Both read fields, never text.

use crate::history::*;
use crate::scheduler::Execution;
use crate::trace::UnitEnd;

/// One outcome per run. An anomaly outranks everything: it is what went
/// wrong in the data. Then what stopped a user: a deadlock, a strategy giving
/// up, an error. Then a broken invariant.
pub fn outcome(
    exec: &Execution,
    findings: &[Finding],
    invariants: &[InvariantResult],
) -> RunOutcome {
    if !findings.is_empty() {
        RunOutcome::Anomaly
    } else if exec.ending == Ending::Deadlock {
        RunOutcome::Deadlock
    } else if exec.trace.units.iter().any(|u| u.end == UnitEnd::GaveUp) {
        RunOutcome::GaveUp
    } else if exec
        .events
        .iter()
        .any(|e| matches!(e.outcome, Outcome::Error { .. }))
    {
        RunOutcome::Failed
    } else if invariants.iter().any(|i| !i.holds) {
        RunOutcome::InvariantBroken
    } else {
        RunOutcome::Correct
    }
}

fn code_name(code: i32) -> &'static str {
    match code {
        5 => "BUSY",
        517 => "BUSY_SNAPSHOT",
        262 => "LOCKED_SHAREDCACHE",
        6 => "LOCKED",
        _ => "an error",
    }
}

pub fn verdict(
    exec: &Execution,
    findings: &[Finding],
    outcome: RunOutcome,
    users: &[String],
) -> String {
    let other = |u: &str| -> String {
        match users
            .iter()
            .filter(|n| n.as_str() != u)
            .collect::<Vec<_>>()
            .as_slice()
        {
            [one] => one.to_string(),
            _ => "another user".into(),
        }
    };
    let gave_up: Vec<&str> = exec
        .events
        .iter()
        .filter(|e| e.gave_up)
        .map(|e| e.user.as_str())
        .collect();
    let mut s = match outcome {
        RunOutcome::Anomaly => {
            let mut kinds: Vec<&str> = findings.iter().map(|f| f.kind.title()).collect();
            kinds.dedup();
            let n = findings.len();
            format!("{n} {}: {}.", if n == 1 { "anomaly" } else { "anomalies" }, kinds.join(", "))
        }
        RunOutcome::Deadlock => {
            let mut stuck: Vec<&str> =
                exec.blocked.iter().filter(|b| b.until.is_none()).map(|b| b.user.as_str()).collect();
            stuck.dedup();
            let who = if stuck.is_empty() { "The users".to_string() } else { stuck.join(" and ") };
            return format!(
                "Deadlock: {who} each wait for a lock another holds, so nobody can finish; one of them would have to roll back. Their open transactions were rolled back at the end."
            );
        }
        RunOutcome::GaveUp => format!(
            "{} gave up after {} attempts: that change was not made.",
            gave_up.join(" and "),
            crate::scheduler::MAX_ATTEMPTS
        ),
        RunOutcome::Failed => "A user stopped on an SQL error, so the run is incomplete.".into(),
        RunOutcome::InvariantBroken => {
            "No anomaly in the history, but an invariant does not hold on the final state.".into()
        }
        RunOutcome::Correct => {
            "No anomaly: the dependency graph has no cycle, so the run is equivalent to running the units one after the other.".into()
        }
    };
    if outcome == RunOutcome::Anomaly {
        return s;
    }
    let mut said: Vec<(String, std::mem::Discriminant<Outcome>)> = Vec::new();
    let mut notes = Vec::new();
    for e in &exec.events {
        let key = (e.user.clone(), std::mem::discriminant(&e.outcome));
        if said.contains(&key) {
            continue;
        }
        let retried = exec.events.iter().any(|x| x.retry_of == Some(e.seq));
        let then = if retried { " and started over" } else { "" };
        let note = match e.outcome {
            Outcome::BusySnapshot { code } => format!(
                "SQLite refused {}'s write with BUSY_SNAPSHOT ({code}), because {} had committed after {}'s snapshot; it rolled back{then}.",
                e.user,
                other(&e.user),
                e.user
            ),
            Outcome::Busy { code } => format!(
                "SQLite refused {}'s write with BUSY ({code}) because {} held the write lock after {} had read; it rolled back{then}.",
                e.user,
                other(&e.user),
                e.user
            ),
            Outcome::Conflict { .. } => format!(
                "{}'s save changed 0 rows because the version had moved on, so {} re-read{}.",
                e.user,
                e.user,
                if retried { " and saved again" } else { "" }
            ),
            Outcome::Blocked { code } => {
                let at = e
                    .sql
                    .get(e.completed as usize)
                    .map(|q| q.split_whitespace().take(2).collect::<Vec<_>>().join(" "))
                    .unwrap_or_default();
                format!(
                    "{} waited at {at} ({}) until {} let go of the lock.",
                    e.user,
                    code_name(code),
                    other(&e.user)
                )
            }
            Outcome::Skipped {
                reason: SkipReason::ConditionFalse | SkipReason::ConditionFalseInUpdate,
            } => format!("{}'s write was skipped: its condition no longer held.", e.user),
            _ => continue,
        };
        said.push(key);
        notes.push(note);
        if notes.len() == 3 {
            break;
        }
    }
    for n in notes {
        s.push(' ');
        s.push_str(&n);
    }
    s
}
