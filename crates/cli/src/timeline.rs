//! The terminal timeline: a column per user plus the committed database,
//! one line per event, findings underneath.

use interleave_engine::explore::{ExploreReport, Method, UserFate};
use interleave_engine::history::{AnomalyKind, Event, Outcome, RunOutcome, RunReport};
use std::fmt::Write;

const COL: usize = 34;

fn fit(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n <= w {
        format!("{s}{}", " ".repeat(w - n))
    } else {
        format!("{}…", s.chars().take(w - 1).collect::<String>())
    }
}

fn outcome_mark(e: &Event) -> String {
    let mark = match e.outcome {
        Outcome::Ok => String::new(),
        Outcome::Busy { code } => format!(" ✗ BUSY ({code}), rolled back"),
        Outcome::BusySnapshot { code } => format!(" ✗ BUSY_SNAPSHOT ({code}), rolled back"),
        Outcome::Conflict {
            expected_version: Some(v),
        } => {
            format!(" ✗ conflict (0 rows at version {v})")
        }
        Outcome::Conflict {
            expected_version: None,
        } => " ✗ conflict (0 rows)".into(),
        Outcome::RolledBack => " ↺ rolled back".into(),
        Outcome::Skipped { .. } => " – skipped".into(),
        Outcome::Blocked { code } => format!(" ⧗ blocked ({code})"),
        Outcome::Error { code } => format!(" ✗ error ({code})"),
    };
    if e.gave_up {
        format!("{mark}, gave up")
    } else {
        mark
    }
}

fn summary(e: &Event) -> String {
    let mut s = e.label.clone();
    let read: Vec<String> = e
        .reads
        .iter()
        .flat_map(|r| {
            r.rows.iter().take(1).flat_map(|row| {
                row.cells
                    .iter()
                    .map(|c| format!("{}={}", c.column, c.value))
            })
        })
        .collect();
    if !read.is_empty() && matches!(e.outcome, Outcome::Ok) {
        s = format!("{s} → {}", read.join(" "));
    }
    format!("{s}{}", outcome_mark(e))
}

pub fn render(r: &RunReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}  (strategy: {}, journal: {}, SQLite {})",
        r.scenario,
        r.strategy.name(),
        r.journal.name(),
        r.sqlite_version
    );
    let _ = write!(out, "{:>3}  ", "#");
    for u in &r.users {
        let _ = write!(out, "{}", fit(&u.name, COL));
    }
    let _ = writeln!(out, "database (committed)");
    for e in &r.events {
        let _ = write!(out, "{:>3}  ", e.seq);
        for u in &r.users {
            let cell = if u.name == e.user {
                summary(e)
            } else {
                String::new()
            };
            let _ = write!(out, "{}", fit(&cell, COL));
        }
        let committed: Vec<String> = e
            .commits
            .iter()
            .flat_map(|&s| {
                r.events[s as usize - 1]
                    .changes
                    .iter()
                    .map(|c| format!("{}[{}].{}={}", c.table, c.rowid, c.column, c.new))
            })
            .collect();
        let _ = writeln!(out, "{}", committed.join(" "));
        let indent = 5 + COL * r.users.iter().position(|u| u.name == e.user).unwrap_or(0);
        for sql in &e.sql {
            let _ = writeln!(out, "{}  {}", " ".repeat(indent), sql);
        }
        if let (Some(m), false) = (&e.message, e.outcome == Outcome::Ok) {
            let _ = writeln!(out, "{}  {}", " ".repeat(indent), m);
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", r.verdict);
    for f in &r.findings {
        let class = f
            .class
            .map(|c| format!(" [{}]", c.name()))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "⚠ {}{class} (steps {}): {}",
            f.kind.title(),
            f.events
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            f.explanation
        );
        for line in &f.steps {
            let _ = writeln!(out, "    {line}");
        }
    }
    let _ = writeln!(out);
    for t in &r.final_state {
        let _ = writeln!(
            out,
            "final {}: {}",
            t.name,
            t.rows
                .iter()
                .map(|row| format!(
                    "({})",
                    row.iter()
                        .map(|v| v.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
    let _ = writeln!(
        out,
        "dependency graph: {} units, {} edges; {}",
        r.graph.nodes.len(),
        r.graph.edges.len(),
        match &r.graph.order {
            Some(o) => format!(
                "no cycle, serial order {}",
                o.iter()
                    .map(|&u| r.trace.units[u as usize - 1].label.clone())
                    .collect::<Vec<_>>()
                    .join(" → ")
            ),
            None => "it has a cycle".into(),
        }
    );
    if !r.serial_orders.is_empty() {
        let _ = writeln!(
            out,
            "serial orders: {}",
            r.serial_orders
                .iter()
                .map(|o| format!(
                    "{} {}",
                    o.order.join(" then "),
                    if o.matches { "matches" } else { "differs" }
                ))
                .collect::<Vec<_>>()
                .join("; ")
        );
    }
    for i in &r.invariants {
        let _ = writeln!(
            out,
            "invariant {}: {}{}",
            i.check,
            if i.holds { "holds" } else { "FAILS" },
            i.error
                .as_deref()
                .map(|e| format!(" ({e})"))
                .unwrap_or_default()
        );
    }
    for c in &r.costs {
        let _ = writeln!(
            out,
            "cost {}: {} retries, {} conflicts, {} steps blocked{}",
            c.user,
            c.retries,
            c.conflicts,
            c.blocked_steps,
            if c.gave_up { ", gave up" } else { "" }
        );
    }
    if r.ending == interleave_engine::history::Ending::Deadlock {
        let _ = writeln!(
            out,
            "ended in DEADLOCK: every unfinished user was waiting on a lock another held"
        );
    }
    out
}

pub fn render_grid(r: &ExploreReport) -> String {
    let mut out = String::new();
    let how = match r.method {
        Method::Full => "every path of choices run".to_string(),
        Method::Reduced => "commuting turns counted, not run".to_string(),
        Method::Sample { runs, seed } => format!("a sample of {runs} walks, seed {seed}"),
    };
    let _ = writeln!(
        out,
        "{}: about {:.0} interleavings of {} (journal: {}; {how})",
        r.scenario,
        r.interleavings,
        r.users.join(", "),
        r.journal.name()
    );
    let _ = write!(out, "{:<26}", "");
    for s in &r.strategies {
        let _ = write!(out, "{:>13}", s.strategy.name());
    }
    let _ = writeln!(out);
    let mut keys: Vec<&str> = vec!["executions", "runs", "classes", "correct"];
    keys.extend(AnomalyKind::ALL.iter().map(|k| k.name()));
    keys.push("not_serializable");
    keys.extend(
        RunOutcome::ALL
            .iter()
            .filter(|o| !matches!(o, RunOutcome::Correct | RunOutcome::Anomaly))
            .map(|o| o.name()),
    );
    for k in keys {
        let _ = write!(out, "{:<26}", k);
        for s in &r.strategies {
            let n = match k {
                "executions" => s.executions,
                "runs" => s.runs,
                "classes" => s.classes.len() as u64,
                _ => s.outcomes.get(k).copied().unwrap_or(0),
            };
            let _ = write!(out, "{n:>13}");
        }
        let _ = writeln!(out);
    }
    for s in &r.strategies {
        let _ = writeln!(
            out,
            "\n{}: {} executions in {} classes",
            s.strategy.name(),
            s.executions,
            s.classes.len()
        );
        for c in &s.classes {
            let b = &c.behaviour;
            let mut what = b.outcome.name().to_string();
            for k in b.kinds() {
                let _ = write!(what, " {}", k.name());
            }
            let fates: Vec<String> = b
                .users
                .iter()
                .zip(&r.users)
                .map(|(f, name)| fate(name, f))
                .collect();
            let turns: Vec<&str> = c
                .representative
                .iter()
                .map(|&u| r.users[u as usize].as_str())
                .collect();
            let _ = writeln!(
                out,
                "  {:>7}  {what}; {}\n           e.g. --schedule {}",
                c.count,
                fates.join(", "),
                turns.join(",")
            );
        }
    }
    out
}

fn fate(name: &str, f: &UserFate) -> String {
    let mut parts = vec![format!("{name} committed {}", f.committed)];
    if f.waited > 0 {
        parts.push(format!("waited {}", f.waited));
    }
    if f.retries > 0 {
        parts.push(format!("retried {}", f.retries));
    }
    if f.gave_up {
        parts.push("gave up".into());
    }
    if f.failed {
        parts.push("failed".into());
    }
    parts.join(" ")
}
