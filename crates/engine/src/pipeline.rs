//! One run, start to finish: a fresh database, the scheduled steps, the
//! checker, the serial-equivalence test and the invariants.

use crate::check;
use crate::database::Database;
use crate::error::{Error, Result};
use crate::history::*;
use crate::scenario::{Journal, Scenario};
use crate::scheduler::{execute, Execution, Record};
use crate::strategy::{self, Program, Strategy};

/// What to run. `None` fields take the scenario's own settings.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    pub strategy: Option<Strategy>,
    pub journal: Option<Journal>,
    /// Turns by user index.
    pub schedule: Option<Vec<usize>>,
    /// Also run every serial order of the users on real SQLite, to compare
    /// final states. Costs N! runs, so it is refused past four users.
    pub serial_orders: bool,
}

/// The most users whose serial orders are worth running (4! = 24).
pub const SERIAL_ORDER_USERS: usize = 4;

/// Runs a scenario on a new database file and reports everything about it.
pub fn run_scenario(scenario: &Scenario, opts: &RunOptions) -> Result<RunReport> {
    let strategy = strategy::effective(scenario, opts.strategy.unwrap_or(Strategy::None));
    let journal = opts.journal.unwrap_or(scenario.journal);
    let schedule = opts
        .schedule
        .clone()
        .or_else(|| scenario.schedule.clone())
        .unwrap_or_default();
    let mut db = Database::fresh(scenario, strategy, journal)?;
    let programs = strategy::compile(scenario, strategy, &db.schema)?;
    crate::validate::validate_statements(scenario, &programs, &mut db)?;
    let names: Vec<String> = scenario.users.iter().map(|u| u.name.clone()).collect();
    let exec = execute(
        &mut db,
        &programs,
        &names,
        strategy,
        &schedule,
        Record::Full,
    )?;
    let invariants = evaluate_invariants(scenario, &mut db);
    let serial = if opts.serial_orders {
        if scenario.users.len() > SERIAL_ORDER_USERS {
            return Err(Error::Invalid {
                location: None,
                message: format!(
                    "serial orders are computed for at most {SERIAL_ORDER_USERS} users; this scenario has {}",
                    scenario.users.len()
                ),
            });
        }
        serial_states(scenario, strategy, journal, Database::fresh)?
    } else {
        Vec::new()
    };
    Ok(assemble(
        scenario, strategy, journal, &names, exec, invariants, &serial,
    ))
}

/// The final state of every serial order of the users (all of one user's
/// steps, then all of the next one's), for the serial-equivalence test.
pub fn serial_states(
    scenario: &Scenario,
    strategy: Strategy,
    journal: Journal,
    mut open: impl FnMut(&Scenario, Strategy, Journal) -> Result<Database>,
) -> Result<Vec<(Vec<String>, Vec<TableState>)>> {
    let names: Vec<String> = scenario.users.iter().map(|u| u.name.clone()).collect();
    let mut out = Vec::new();
    for order in permutations(scenario.users.len()) {
        let mut db = open(scenario, strategy, journal)?;
        let programs = strategy::compile(scenario, strategy, &db.schema)?;
        let schedule = serial_schedule(&programs, &order);
        let exec = execute(
            &mut db,
            &programs,
            &names,
            strategy,
            &schedule,
            Record::Outcome,
        )?;
        out.push((
            order.iter().map(|&i| names[i].clone()).collect(),
            exec.final_state,
        ));
    }
    Ok(out)
}

/// Enough turns for each user in `order` to finish before the next starts.
pub fn serial_schedule(programs: &[Program], order: &[usize]) -> Vec<usize> {
    order
        .iter()
        .flat_map(|&u| {
            std::iter::repeat_n(
                u,
                programs[u].steps.len() * crate::scheduler::MAX_ATTEMPTS as usize + 1,
            )
        })
        .collect()
}

/// Every order of `n` users (n is at most 8 by the scenario limits).
pub fn permutations(n: usize) -> Vec<Vec<usize>> {
    fn go(rest: &mut Vec<usize>, acc: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if rest.is_empty() {
            out.push(acc.clone());
            return;
        }
        for i in 0..rest.len() {
            let x = rest.remove(i);
            acc.push(x);
            go(rest, acc, out);
            acc.pop();
            rest.insert(i, x);
        }
    }
    let mut out = Vec::new();
    go(&mut (0..n).collect(), &mut Vec::new(), &mut out);
    out
}

pub fn evaluate_invariants(scenario: &Scenario, db: &mut Database) -> Vec<InvariantResult> {
    scenario
        .invariants
        .iter()
        .map(|(check, _)| match db.evaluate(check) {
            Ok(v) => InvariantResult {
                check: check.clone(),
                holds: v.truthy(),
                error: None,
            },
            Err(e) => InvariantResult {
                check: check.clone(),
                holds: false,
                error: Some(e),
            },
        })
        .collect()
}

pub(crate) fn assemble(
    scenario: &Scenario,
    strategy: Strategy,
    journal: Journal,
    names: &[String],
    exec: Execution,
    invariants: Vec<InvariantResult>,
    serial: &[(Vec<String>, Vec<TableState>)],
) -> RunReport {
    let analysis = check::analyze(&exec.trace, scenario.has_raw_steps());
    let serializable = analysis.serializable();
    let serial_orders: Vec<SerialOrder> = serial
        .iter()
        .map(|(order, state)| SerialOrder {
            order: order.clone(),
            matches: *state == exec.final_state,
        })
        .collect();
    let outcome = crate::verdict::outcome(&exec, &analysis.findings, &invariants);
    let verdict = crate::verdict::verdict(&exec, &analysis.findings, outcome, names);
    let check::Analysis { graph, findings } = analysis;
    RunReport {
        verdict,
        outcome,
        graph,
        scenario: scenario.title.clone(),
        summary: scenario.summary.clone(),
        strategy,
        journal,
        schedule: exec.taken.iter().map(|&i| names[i].clone()).collect(),
        users: scenario
            .users
            .iter()
            .map(|u| UserInfo {
                name: u.name.clone(),
                steps: u
                    .steps
                    .iter()
                    .map(|s| StepInfo {
                        label: s.label(),
                        caption: s.caption.clone(),
                    })
                    .collect(),
            })
            .collect(),
        serializable,
        serial_orders,
        events: exec.events,
        trace: exec.trace,
        blocked: exec.blocked,
        findings,
        final_state: exec.final_state,
        invariants,
        ending: exec.ending,
        costs: exec.costs,
        sqlite_version: rusqlite::version().to_string(),
    }
}
