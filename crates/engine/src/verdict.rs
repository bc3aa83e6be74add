//! The run's outcome in a sentence or two, for a teacher to read out: the
//! anomalies found, or how SQLite and the strategy kept them out.

use crate::history::*;

pub fn verdict(
    events: &[Event],
    findings: &[Finding],
    ending: Ending,
    serializable: bool,
    blocked: &[BlockedSpan],
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
    if ending == Ending::Deadlock {
        let mut stuck: Vec<&str> = blocked
            .iter()
            .filter(|b| b.until.is_none())
            .map(|b| b.user.as_str())
            .collect();
        stuck.dedup();
        let who = if stuck.is_empty() {
            "The users".to_string()
        } else {
            stuck.join(" and ")
        };
        return format!("Deadlock: {who} each wait for a lock another holds, so nobody can finish; one of them would have to roll back. Their open transactions were rolled back at the end.");
    }
    if !findings.is_empty() {
        let mut kinds: Vec<&str> = findings.iter().map(|f| f.kind.title()).collect();
        kinds.dedup();
        let n = findings.len();
        let mut s = format!(
            "{n} {}: {}.",
            if n == 1 { "anomaly" } else { "anomalies" },
            kinds.join(", ")
        );
        if !serializable {
            s.push_str(
                " The final state matches no order of running the users one after the other.",
            );
        }
        return s;
    }
    let mut s = if serializable {
        "No anomaly: the final state equals running the users one after the other.".to_string()
    } else {
        "No anomaly in the history, but the final state matches no serial order of the users."
            .to_string()
    };
    let mut said: Vec<(String, Outcome)> = Vec::new();
    let mut notes = Vec::new();
    for e in events {
        let key = (e.user.clone(), e.outcome);
        if said.contains(&key) {
            continue;
        }
        let retried = events.iter().any(|x| x.retry_of == Some(e.seq));
        let then = if retried { " and started over" } else { "" };
        let note = match e.outcome {
            Outcome::BusySnapshot => format!("SQLite refused {}'s write with BUSY_SNAPSHOT (517), because {} had committed after {}'s snapshot; it rolled back{then}.", e.user, other(&e.user), e.user),
            Outcome::Busy => format!("SQLite refused {}'s write with BUSY (5) because {} held the write lock after {} had read; it rolled back{then}.", e.user, other(&e.user), e.user),
            Outcome::Conflict => format!("{}'s save changed 0 rows because the version had moved on, so {} re-read{}.", e.user, e.user, if retried { " and saved again" } else { "" }),
            Outcome::Blocked => {
                let at = e.sql.get(e.completed as usize).map(|q| q.split_whitespace().take(2).collect::<Vec<_>>().join(" ")).unwrap_or_default();
                format!("{} waited at {at} until {} let go of the lock.", e.user, other(&e.user))
            }
            Outcome::Skipped if e.sql.iter().any(|q| q.starts_with("UPDATE")) || e.message.as_deref().is_some_and(|m| m.contains("condition")) => {
                format!("{}'s write was skipped: its condition no longer held.", e.user)
            }
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
