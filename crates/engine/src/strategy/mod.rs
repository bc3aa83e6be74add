//! Strategies: how a user's intent steps become SQL, and what each strategy
//! does when SQLite pushes back.
//!
//! | strategy | reads | writes | transaction | on BUSY |
//! |---|---|---|---|---|
//! | none | SELECT | UPDATE with the value computed locally | autocommit | wait |
//! | atomic | SELECT | one UPDATE computing the value in SQL | autocommit | wait |
//! | pessimistic | SELECT | as none | `BEGIN IMMEDIATE` … `COMMIT` | wait |
//! | optimistic | SELECT … version | UPDATE … `WHERE version = ?`; 0 rows is a conflict | `BEGIN` at the first write … `COMMIT`; a conflict rolls back | wait |
//! | transaction | SELECT | as none | `BEGIN` … `COMMIT` | roll back and retry |
//!
//! Everything that differs between strategies is one [`Policy`] value, so a
//! strategy's behaviour is read in one place. Raw `sql` steps are never
//! rewritten; in an intent scenario the strategy only wraps them in its
//! transaction.

mod compile;
mod render;
mod types;

pub use compile::compile;
pub use render::{render_write, RenderedWrite};
pub use types::*;

use crate::history::AnomalyKind;
use crate::scenario::Scenario;
use serde::Serialize;

/// A strategy's promise: the anomalies it rules out, and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Guarantee {
    pub prevents: &'static [AnomalyKind],
    pub scope: Scope,
}

/// Which steps a guarantee covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Every step, raw `sql` ones included (they run inside its transaction).
    AllSteps,
    /// Only `read`, `write`, `insert` and `delete` steps, which it compiles:
    /// a raw `sql` step is run as written, so a scenario with one gets no promise.
    IntentSteps,
}

/// How a strategy runs a scenario's steps. `as_written` is for raw-SQL scenarios.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, PartialOrd, Ord,
)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    None,
    Atomic,
    Pessimistic,
    Optimistic,
    Transaction,
    AsWritten,
}

/// What a strategy does when SQLite answers BUSY or BUSY_SNAPSHOT.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnBusy {
    /// Wait: try the same statement again once another user has progressed.
    Wait,
    /// Inside a transaction that has read (or on a stale snapshot): roll the
    /// unit back and start it again. A COMMIT that is BUSY still waits.
    RetryUnit,
    /// As written: a stale snapshot can never succeed, so the rest of the
    /// transaction is void; anything else waits.
    AbandonOnSnapshot,
}

/// Where a strategy's transaction starts within a unit of work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BeginAt {
    /// Before the unit's first statement.
    FirstStep,
    /// Before its first write (reads before it run on their own): the
    /// versioned writes are flushed in one transaction, as JPA does, so a
    /// conflict rolls all of them back and nothing is applied twice.
    FirstWrite,
}

/// Everything that differs between strategies, as data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// The statement that opens each unit of work, if the strategy wraps it.
    pub begin: Option<&'static str>,
    pub begin_at: BeginAt,
    /// How `write` intents are compiled.
    pub write: WriteMode,
    pub on_busy: OnBusy,
    /// Reads fetch a `version` column and writes check it (one is added to
    /// tables that lack it).
    pub versioned: bool,
}

impl Strategy {
    /// The five strategies a user can pick, in teaching order.
    pub const ALL: [Strategy; 5] = [
        Strategy::None,
        Strategy::Atomic,
        Strategy::Pessimistic,
        Strategy::Optimistic,
        Strategy::Transaction,
    ];

    pub fn policy(self) -> Policy {
        let plain = Policy {
            begin: None,
            begin_at: BeginAt::FirstStep,
            write: WriteMode::Local,
            on_busy: OnBusy::Wait,
            versioned: false,
        };
        match self {
            Strategy::None => plain,
            Strategy::Atomic => Policy {
                write: WriteMode::Atomic,
                ..plain
            },
            Strategy::Pessimistic => Policy {
                begin: Some("BEGIN IMMEDIATE"),
                ..plain
            },
            Strategy::Optimistic => Policy {
                begin: Some("BEGIN"),
                begin_at: BeginAt::FirstWrite,
                write: WriteMode::Optimistic,
                versioned: true,
                ..plain
            },
            Strategy::Transaction => Policy {
                begin: Some("BEGIN"),
                on_busy: OnBusy::RetryUnit,
                ..plain
            },
            Strategy::AsWritten => Policy {
                on_busy: OnBusy::AbandonOnSnapshot,
                ..plain
            },
        }
    }

    /// What this strategy rules out, in every interleaving, and where.
    /// The findings' "prevented by" comes from here and nowhere else.
    pub fn guarantee(self) -> Guarantee {
        use AnomalyKind as K;
        let (prevents, scope): (&'static [AnomalyKind], Scope) = match self {
            Strategy::None | Strategy::AsWritten => (&[], Scope::AllSteps),
            // The UPDATE computes from the current value, and row versions
            // catch a save over a changed row; neither sees other rows, and
            // neither rewrites a raw `sql` step.
            Strategy::Atomic | Strategy::Optimistic => {
                (&[K::LostUpdate, K::StaleRead], Scope::IntentSteps)
            }
            // SQLite's transactions are serializable, and they wrap raw steps
            // too; none of them stops a read_uncommitted connection from
            // reading uncommitted data.
            Strategy::Pessimistic | Strategy::Transaction => (
                &[
                    K::LostUpdate,
                    K::StaleRead,
                    K::DirtyWrite,
                    K::NonRepeatableRead,
                    K::PhantomRead,
                    K::ReadSkew,
                    K::WriteSkew,
                    K::CircularInformationFlow,
                ],
                Scope::AllSteps,
            ),
        };
        Guarantee { prevents, scope }
    }

    /// The anomalies this strategy rules out in a scenario: its guarantee,
    /// where the guarantee's scope covers the scenario's steps.
    pub fn prevents(self, raw_steps: bool) -> &'static [AnomalyKind] {
        let g = self.guarantee();
        match g.scope {
            Scope::IntentSteps if raw_steps => &[],
            _ => g.prevents,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Strategy::None => "none",
            Strategy::Atomic => "atomic",
            Strategy::Pessimistic => "pessimistic",
            Strategy::Optimistic => "optimistic",
            Strategy::Transaction => "transaction",
            Strategy::AsWritten => "as_written",
        }
    }

    pub fn parse(s: &str) -> Option<Strategy> {
        Strategy::ALL
            .into_iter()
            .chain([Strategy::AsWritten])
            .find(|x| {
                x.name().eq_ignore_ascii_case(s) || (s == "as-written" && *x == Strategy::AsWritten)
            })
    }
}

/// The strategy a scenario actually runs under.
pub fn effective(scenario: &Scenario, requested: Strategy) -> Strategy {
    if scenario.as_written {
        Strategy::AsWritten
    } else if requested == Strategy::AsWritten {
        Strategy::None
    } else {
        requested
    }
}
