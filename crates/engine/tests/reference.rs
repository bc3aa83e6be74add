//! A brute-force reference for the checker, in the tests only.
//!
//! For explored schedules of every fixture, under every strategy and both
//! journals, on real SQLite: enumerate the serial orders of the units that
//! took effect, and ask whether one of them is *view-equivalent* to what
//! happened (every read reads from the same write, and every item ends with
//! the same last write). Then compare with the graph's verdict:
//! - an acyclic graph must always have such an order (CSR implies VSR);
//! - where no unit writes an item it did not read first (no blind writes)
//!   and no predicate was changed under a reader, the two notions coincide,
//!   so a cycle must mean no serial order fits.
//!
//! Histories with aborted or intermediate reads (G1a, G1b) are left out:
//! no serial order of committed units can explain those, by definition.

mod common;
use common::*;
use interleave_engine::check::{analyze, graph};
use interleave_engine::database::Database;
use interleave_engine::explore::interleavings;
use interleave_engine::history::AnomalyClass;
use interleave_engine::scenario::Journal;
use interleave_engine::scheduler::{execute, Record};
use interleave_engine::strategy::{self, Strategy};
use interleave_engine::trace::{Item, Observed, Trace};
use std::collections::{BTreeMap, BTreeSet};

/// Schedules explored per fixture, strategy and journal, at most.
const SCHEDULES: usize = 120;
/// Units in the graph, at most, for the permutations to stay cheap.
const UNITS: usize = 7;

fn permutations(items: &[u32]) -> Vec<Vec<u32>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut out = Vec::new();
    for i in 0..items.len() {
        let mut rest = items.to_vec();
        let x = rest.remove(i);
        for mut p in permutations(&rest) {
            p.insert(0, x);
            out.push(p);
        }
    }
    out
}

/// Whether some serial order of the graph's units is view-equivalent to the trace.
fn view_serializable(t: &Trace, nodes: &[u32]) -> bool {
    let order = graph::version_order(t);
    let last_write = |unit: u32, item: &Item| -> Option<u32> {
        t.writes
            .iter()
            .filter(|w| {
                w.unit == unit
                    && w.committed_at.is_some()
                    && w.table == item.table
                    && w.row == item.row
                    && w.value_of(&item.column).is_some()
            })
            .map(|w| w.id)
            .next_back()
    };
    let reads: Vec<_> = t
        .reads
        .iter()
        .filter(|r| nodes.contains(&r.unit) && !matches!(r.observed, Observed::OwnPending { .. }))
        .collect();
    permutations(nodes).into_iter().any(|perm| {
        let pos: BTreeMap<u32, usize> = perm.iter().enumerate().map(|(i, &u)| (u, i)).collect();
        let reads_match = reads.iter().all(|r| {
            let expected = perm[..pos[&r.unit]]
                .iter()
                .rev()
                .find_map(|&u| last_write(u, &r.item));
            expected == r.observed.write()
        });
        let finals_match = order.iter().all(|(item, ws)| {
            let expected = perm.iter().rev().find_map(|&u| last_write(u, item));
            expected == ws.last().copied()
        });
        reads_match && finals_match
    })
}

fn blind_writes(t: &Trace) -> bool {
    t.writes.iter().any(|w| {
        w.columns.iter().any(|(c, _)| {
            !t.reads.iter().any(|r| {
                r.unit == w.unit
                    && r.event <= w.event
                    && r.item.table == w.table
                    && r.item.row == w.row
                    && r.item.column == *c
            })
        })
    })
}

#[test]
fn the_graph_agrees_with_brute_force_view_serializability() {
    let mut checked = 0;
    let (mut cycles_compared, mut acyclic_compared) = (0, 0);
    let mut failures = Vec::new();
    for path in all_fixtures() {
        let s = interleave_engine::scenario::load(&path).unwrap();
        let names: Vec<String> = s.users.iter().map(|u| u.name.clone()).collect();
        let counts: Vec<usize> = s.users.iter().map(|u| u.steps.len()).collect();
        let own: Vec<u8> = s.schedule.iter().flatten().map(|&u| u as u8).collect();
        let all = interleavings(&counts).unwrap_or_else(|_| vec![own]);
        let picks: Vec<&Vec<u8>> = all.iter().step_by(all.len().div_ceil(SCHEDULES)).collect();
        for journal in [Journal::Wal, Journal::Delete] {
            let mut strategies: Vec<Strategy> = Strategy::ALL
                .iter()
                .map(|&st| strategy::effective(&s, st))
                .collect();
            strategies.dedup();
            for st in strategies {
                let mut db = Database::reusable(&s, st, journal).unwrap();
                let programs = strategy::compile(&s, st, &db.schema).unwrap();
                for sched in &picks {
                    let sched: Vec<usize> = sched.iter().map(|&u| u as usize).collect();
                    db.reset().unwrap();
                    let exec =
                        execute(&mut db, &programs, &names, st, &sched, Record::Outcome).unwrap();
                    let a = analyze(&exec.trace, false);
                    let nodes = &a.graph.nodes;
                    let dirty = a.findings.iter().any(|f| {
                        matches!(f.class, Some(AnomalyClass::G1a) | Some(AnomalyClass::G1b))
                    });
                    let units_per_user = nodes.iter().fold(BTreeMap::new(), |mut m, &u| {
                        *m.entry(&exec.trace.unit(u).user).or_insert(0) += 1;
                        m
                    });
                    if dirty || nodes.len() > UNITS || units_per_user.values().any(|&n| n > 3) {
                        continue;
                    }
                    let vsr = view_serializable(&exec.trace, nodes);
                    let flips = exec.trace.predicates.iter().any(|p| !p.flips.is_empty());
                    let coincide = !blind_writes(&exec.trace) && !flips;
                    let acyclic = a.serializable();
                    let wrong = (acyclic && !vsr) || (coincide && !acyclic && vsr);
                    checked += 1;
                    if coincide && !acyclic {
                        cycles_compared += 1;
                    }
                    if acyclic {
                        acyclic_compared += 1;
                    }
                    if wrong {
                        let turns: Vec<&str> = sched.iter().map(|&u| names[u].as_str()).collect();
                        let cyclic: BTreeSet<String> = a
                            .findings
                            .iter()
                            .map(|f| f.kind.name().to_string())
                            .collect();
                        failures.push(format!(
                            "{} --strategy {} --journal {} --schedule {}: graph {} ({cyclic:?}), brute force {}",
                            path.display(),
                            st.name(),
                            journal.name(),
                            turns.join(","),
                            if acyclic { "acyclic" } else { "cyclic" },
                            if vsr { "view-serializable" } else { "not view-serializable" }
                        ));
                    }
                }
            }
        }
    }
    println!("{checked} histories: {acyclic_compared} acyclic, {cycles_compared} cyclic where the notions coincide");
    assert!(checked > 1000, "only {checked} histories checked");
    // The comparison must bite on both sides, not pass by having nothing to compare.
    assert!(cycles_compared > 100 && acyclic_compared > 100);
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
