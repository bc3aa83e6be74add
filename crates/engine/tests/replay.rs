//! Runs are replayable: the same inputs give byte-identical histories, and
//! the explorer's reset database gives exactly the histories of fresh files.

mod common;
use common::*;
use interleave_engine::database::Database;
use interleave_engine::explore::interleavings;
use interleave_engine::pipeline::{run_scenario, RunOptions};
use interleave_engine::scenario::Journal;
use interleave_engine::scheduler::{execute, Record};
use interleave_engine::strategy;
use interleave_engine::strategy::Strategy;

#[test]
fn same_inputs_give_byte_identical_json() {
    for path in all_fixtures() {
        let s = interleave_engine::scenario::load(&path).unwrap();
        for strategy in Strategy::ALL {
            let opts = RunOptions {
                strategy: Some(strategy),
                journal: Some(Journal::Delete),
                schedule: None,
                serial_orders: false,
            };
            let a = serde_json::to_string(&run_scenario(&s, &opts).unwrap()).unwrap();
            let b = serde_json::to_string(&run_scenario(&s, &opts).unwrap()).unwrap();
            assert_eq!(a, b, "{} {strategy:?}", path.display());
        }
    }
}

#[test]
fn reset_database_gives_the_histories_of_fresh_files() {
    for path in all_fixtures() {
        let s = interleave_engine::scenario::load(&path).unwrap();
        let names: Vec<String> = s.users.iter().map(|u| u.name.clone()).collect();
        let counts: Vec<usize> = s.users.iter().map(|u| u.steps.len()).collect();
        // Too many interleavings to list (three users): the file's own schedule.
        let own: Vec<u8> = s.schedule.iter().flatten().map(|&u| u as u8).collect();
        let schedules = interleavings(&counts).unwrap_or_else(|_| vec![own]);
        // A spread of schedules, not only the first few.
        let picks: Vec<&Vec<u8>> = schedules
            .iter()
            .step_by((schedules.len() / 12).max(1))
            .collect();
        for journal in [Journal::Wal, Journal::Delete] {
            for strat in Strategy::ALL {
                let strat = strategy::effective(&s, strat);
                let mut reused = Database::reusable(&s, strat, journal).unwrap();
                let programs = strategy::compile(&s, strat, &reused.schema).unwrap();
                for sched in &picks {
                    let sched: Vec<usize> = sched.iter().map(|&u| u as usize).collect();
                    let mut fresh = Database::fresh(&s, strat, journal).unwrap();
                    let a = execute(&mut fresh, &programs, &names, strat, &sched, Record::Full)
                        .unwrap();
                    reused.reset().unwrap();
                    let b = execute(&mut reused, &programs, &names, strat, &sched, Record::Full)
                        .unwrap();
                    assert_eq!(
                        serde_json::to_string(&a.events).unwrap(),
                        serde_json::to_string(&b.events).unwrap(),
                        "{} {strat:?} {journal:?} {sched:?}",
                        path.display()
                    );
                    assert_eq!(a.final_state, b.final_state);
                    // Recording less (as the explorer does) must not change what happened:
                    // the observer's reads of the committed state take no lasting lock.
                    reused.reset().unwrap();
                    let c = execute(
                        &mut reused,
                        &programs,
                        &names,
                        strat,
                        &sched,
                        Record::Outcome,
                    )
                    .unwrap();
                    let strip = |evs: &[interleave_engine::history::Event]| {
                        evs.iter()
                            .cloned()
                            .map(|mut e| {
                                e.locals.clear();
                                e.beliefs.clear();
                                e.db.clear();
                                e
                            })
                            .collect::<Vec<_>>()
                    };
                    assert_eq!(
                        strip(&a.events),
                        strip(&c.events),
                        "{} {strat:?} {journal:?} {sched:?}: Outcome differs from Full",
                        path.display()
                    );
                }
            }
        }
    }
}
