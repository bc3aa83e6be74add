//! The DTOs serialise exactly as the engine's own types do, so the CLI's
//! `--format json` and what the app receives over IPC are one contract.

use interleave_api::catalog::Catalog;
use interleave_api::dto;
use interleave_engine::explore::{explore, ExploreOptions};
use interleave_engine::pipeline::{run_scenario, RunOptions};
use interleave_engine::scenario::Journal;
use interleave_engine::strategy::Strategy;
use serde_json::Value;
use std::sync::atomic::AtomicBool;

/// The first path where two JSON values differ, for a readable failure.
fn first_difference(a: &Value, b: &Value, at: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.into_iter().find_map(|k| match (x.get(k), y.get(k)) {
                (Some(p), Some(q)) => first_difference(p, q, &format!("{at}.{k}")),
                _ => Some(format!("{at}.{k}: present on one side only")),
            })
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (p, q))| first_difference(p, q, &format!("{at}[{i}]"))),
        _ if a == b => None,
        _ => Some(format!("{at}: {a} != {b}")),
    }
}

fn assert_same_json(engine: &impl serde::Serialize, dto: &impl serde::Serialize, what: &str) {
    let e = serde_json::to_value(engine).unwrap();
    let d = serde_json::to_value(dto).unwrap();
    if let Some(diff) = first_difference(&e, &d, "") {
        panic!("{what}: the DTO's JSON differs from the engine's at {diff}");
    }
    // Byte for byte too: same keys in the same order.
    assert_eq!(
        serde_json::to_string(engine).unwrap(),
        serde_json::to_string(dto).unwrap(),
        "{what}"
    );
}

/// Fixtures chosen to cover every shape in the contract: a lost update and
/// its fixes (conflicts, retries, blocking, gave_up), predicates (phantom),
/// a dirty read (uncommitted observations), a condition (skipped steps) and
/// raw SQL run as written.
const RUNS: &[(&str, &[Strategy])] = &[
    ("lost-update.toml", &Strategy::ALL),
    ("counter.toml", &[Strategy::None, Strategy::Optimistic]),
    ("write-skew.toml", &Strategy::ALL),
    (
        "phantom-read.toml",
        &[Strategy::None, Strategy::Transaction],
    ),
    ("dirty-read.toml", &[Strategy::None]),
    ("hermitage/p4.toml", &[Strategy::AsWritten]),
    ("hermitage/g-single.toml", &[Strategy::AsWritten]),
];

#[test]
fn run_report_dto_serialises_as_the_engine_report() {
    let catalog = Catalog::new(None);
    let mut compared = 0;
    for (file, strategies) in RUNS {
        let scenario = catalog.load(&format!("builtin:{file}")).unwrap();
        for &strategy in *strategies {
            for journal in [Journal::Wal, Journal::Delete] {
                let report = run_scenario(
                    &scenario,
                    &RunOptions {
                        strategy: Some(strategy),
                        journal: Some(journal),
                        schedule: None,
                        serial_orders: true,
                    },
                )
                .unwrap();
                let dto = dto::RunReport::from(report.clone());
                assert_same_json(
                    &report,
                    &dto,
                    &format!("{file} {} {}", strategy.name(), journal.name()),
                );
                compared += 1;
            }
        }
    }
    assert_eq!(compared, 2 * (5 + 2 + 5 + 2 + 1 + 1 + 1));
}

#[test]
fn run_reports_cover_the_new_fields() {
    // Guard the fixture choice above: the comparison must have seen findings
    // with cycles and steps, a trace with writes, and a graph with edges.
    let catalog = Catalog::new(None);
    let report = catalog
        .run(&dto::RunRequest {
            id: "builtin:lost-update.toml".into(),
            strategy: dto::Strategy::None,
            journal: None,
            schedule: None,
        })
        .unwrap();
    assert_eq!(report.outcome, dto::RunOutcome::Anomaly);
    let f = &report.findings[0];
    assert_eq!(f.class, Some(dto::AnomalyClass::GSingle));
    assert!(!f.cycle.is_empty() && f.steps.len() == f.cycle.len());
    assert!(f.prevented_by.contains(&dto::Strategy::Atomic));
    assert!(!report.trace.writes.is_empty());
    assert!(!report.graph.edges.is_empty());
}

#[test]
fn explore_report_dto_serialises_as_the_engine_report() {
    let catalog = Catalog::new(None);
    for file in ["lost-update.toml", "write-skew.toml"] {
        let scenario = catalog.load(&format!("builtin:{file}")).unwrap();
        let report = explore(
            &scenario,
            &ExploreOptions::default(),
            &|_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
        let dto = dto::ExploreReport::from(report.clone());
        assert_same_json(&report, &dto, file);
    }
}
