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
    validate_statements(scenario, &programs, &mut db)?;
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
    let analysis = check::analyze(&exec.trace);
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

/// Prepares every statement the strategy can know in advance, so a syntax
/// error or a refused statement is reported with its step's location before
/// anything runs.
pub fn validate_statements(
    scenario: &Scenario,
    programs: &[Program],
    db: &mut Database,
) -> Result<()> {
    for (u, p) in programs.iter().enumerate() {
        for (i, step) in p.steps.iter().enumerate() {
            let at = scenario.users[u].steps[i].at.clone();
            for op in &step.ops {
                let sql = match op {
                    strategy::Op::Read(r) => r.sql.clone(),
                    strategy::Op::Raw(s) => s.clone(),
                    strategy::Op::Write(w) => {
                        // With every local as NULL: only the shape is checked here.
                        let nulls = |e: &str| {
                            crate::sqltext::replace_words(e, |word| {
                                programs_local(scenario, u, word).then(|| "NULL".to_string())
                            })
                        };
                        let sets = w
                            .set
                            .iter()
                            .map(|(c, e)| format!("{c} = ({})", nulls(e)))
                            .collect::<Vec<_>>()
                            .join(", ");
                        let mut wh: Vec<String> = w.where_.iter().cloned().collect();
                        if let Some(c) = &w.cond {
                            wh.push(format!("({})", nulls(c)));
                        }
                        format!(
                            "UPDATE {} SET {sets}{}",
                            w.table,
                            if wh.is_empty() {
                                String::new()
                            } else {
                                format!(" WHERE {}", wh.join(" AND "))
                            }
                        )
                    }
                    _ => continue,
                };
                let keyword = crate::sqltext::first_keyword(&sql);
                // The schema is the setup's: a step that changed it would make
                // the other steps' statements uncheckable before the run.
                if matches!(keyword.as_str(), "CREATE" | "DROP" | "ALTER") {
                    return Err(Error::Invalid {
                        location: Some(at),
                        message: format!(
                            "step {} of {}: steps may not change the schema ({keyword}); create tables in `setup`",
                            i + 1,
                            scenario.users[u].name
                        ),
                    });
                }
                // VACUUM prepares fine; the sandbox refuses it before it runs.
                let vacuum = keyword == "VACUUM";
                let failure = if vacuum {
                    Some((true, String::new()))
                } else {
                    db.observer.db.prepare(&sql).err().map(|e| {
                        let refused = e.sqlite_error_code()
                            == Some(rusqlite::ErrorCode::AuthorizationForStatementDenied);
                        (refused, e.to_string())
                    })
                };
                if let Some((refused, msg)) = failure {
                    let message = format!(
                        "step {} of {}: {}",
                        i + 1,
                        scenario.users[u].name,
                        if refused { refusal_text(&sql) } else { msg }
                    );
                    return Err(if refused {
                        Error::Refused {
                            location: Some(at),
                            message,
                        }
                    } else {
                        Error::Sql {
                            location: Some(at),
                            message,
                        }
                    });
                }
            }
        }
    }
    Ok(())
}

fn refusal_text(sql: &str) -> String {
    let k = crate::sqltext::first_keyword(sql);
    match k.as_str() {
        "ATTACH" | "DETACH" => "ATTACH and DETACH are not allowed in scenarios: they reach files outside the run's database".into(),
        "VACUUM" => "VACUUM is not allowed in scenarios (VACUUM INTO writes a file)".into(),
        "PRAGMA" => "this PRAGMA is not allowed in scenarios".into(),
        _ => "the sandbox refused this statement (load_extension, ATTACH or a PRAGMA outside the allowlist)".into(),
    }
}

fn programs_local(scenario: &Scenario, u: usize, word: &str) -> bool {
    scenario.users[u].steps.iter().any(|s| match &s.kind {
        crate::scenario::StepKind::Read { fields, .. } => fields.iter().any(|(n, _)| n == word),
        _ => false,
    }) || word == crate::database::VERSION_COLUMN
}
