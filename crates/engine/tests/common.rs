//! Shared by the integration tests: load fixtures, run them, summarise runs.
#![allow(dead_code)]

use interleave_engine::history::{AnomalyKind, EdgeOn, Outcome, RunReport};
use interleave_engine::pipeline::{run_scenario, RunOptions};
use interleave_engine::scenario::{self, Journal, Scenario};
use interleave_engine::strategy::Strategy;
use std::path::{Path, PathBuf};

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

pub fn fixture(name: &str) -> Scenario {
    scenario::load(&fixtures_dir().join(name)).unwrap_or_else(|e| panic!("{e}"))
}

pub fn all_fixtures() -> Vec<PathBuf> {
    fn walk(d: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out)
            } else if p.extension().is_some_and(|x| x == "toml") {
                out.push(p)
            }
        }
    }
    let mut out = Vec::new();
    walk(&fixtures_dir(), &mut out);
    out.sort();
    out
}

pub fn run_with(s: &Scenario, strategy: Strategy, journal: Journal) -> RunReport {
    run_scenario(
        s,
        &RunOptions {
            strategy: Some(strategy),
            journal: Some(journal),
            schedule: None,
            serial_orders: false,
        },
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

pub fn kinds(r: &RunReport) -> Vec<AnomalyKind> {
    let mut k: Vec<AnomalyKind> = r.findings.iter().map(|f| f.kind).collect();
    k.sort();
    k.dedup();
    k
}

pub fn has_outcome(r: &RunReport, user: &str, o: impl Fn(&Outcome) -> bool) -> bool {
    r.events.iter().any(|e| e.user == user && o(&e.outcome))
}

/// A finding as a teacher checks it: kind, class, users, and the cycle's edges.
pub fn finding_line(r: &RunReport, i: usize) -> String {
    let f = &r.findings[i];
    let edges: Vec<String> = f
        .cycle
        .iter()
        .map(|e| {
            let on = match &e.on {
                EdgeOn::Item { table, row, column } => format!("{table}[{row}].{column}"),
                EdgeOn::Predicate { table, condition } => {
                    format!("{table}[{}]", condition.as_deref().unwrap_or("*"))
                }
            };
            let kind = serde_json::to_value(e.kind).unwrap();
            format!(
                "{}-{}({on})->{}",
                r.trace.units[e.from as usize - 1].label,
                kind.as_str().unwrap(),
                r.trace.units[e.to as usize - 1].label
            )
        })
        .collect();
    format!(
        "{} {} {} | {}",
        f.kind.name(),
        f.class.map_or("-", |c| c.name()),
        f.users.join(","),
        edges.join(" ")
    )
}

/// One line per run: what a teacher would check.
pub fn summary_line(r: &RunReport) -> String {
    let outcomes: Vec<String> = r
        .events
        .iter()
        .filter(|e| e.outcome != Outcome::Ok)
        .map(|e| {
            let o = serde_json::to_value(e.outcome).unwrap();
            format!(
                "{}#{}:{}{}{}",
                e.user,
                e.seq,
                o["kind"].as_str().unwrap(),
                e.outcome
                    .code()
                    .map(|c| format!("({c})"))
                    .unwrap_or_default(),
                if e.gave_up { "gave-up" } else { "" }
            )
        })
        .collect();
    let fin: Vec<String> = r
        .final_state
        .iter()
        .map(|t| {
            format!(
                "{}{}",
                t.name,
                t.rows
                    .iter()
                    .map(|row| format!(
                        "({})",
                        row.iter()
                            .map(|v| v.to_string())
                            .collect::<Vec<_>>()
                            .join(",")
                    ))
                    .collect::<String>()
            )
        })
        .collect();
    format!(
        "{:<12} {:?} findings=[{}] serializable={} ending={:?} events=[{}] final={}",
        r.strategy.name(),
        r.outcome,
        r.findings
            .iter()
            .map(|f| format!("{}/{}", f.kind.name(), f.class.map_or("-", |c| c.name())))
            .collect::<Vec<_>>()
            .join(","),
        r.serializable,
        r.ending,
        outcomes.join(" "),
        fin.join(" ")
    )
}

pub fn run_schedule(s: &Scenario, strategy: Strategy, schedule: &[usize]) -> RunReport {
    run_scenario(
        s,
        &RunOptions {
            strategy: Some(strategy),
            schedule: Some(schedule.to_vec()),
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("{e}"))
}
