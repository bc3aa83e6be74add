//! Interleave's engine: two (or more) simulated users take steps against a
//! real SQLite database, and the engine records what happened and finds the
//! anomalies in it.
//!
//! The pipeline is: [`scenario`] (parse and validate a TOML file) →
//! [`strategy`] (compile intent steps into SQL per strategy) → [`scheduler`]
//! (step-driven, one real connection per user, inside the [`sandbox`]) →
//! [`trace`] (units, versions, reads-from and predicates, recorded as they
//! happen) → [`check`] (the dependency graph, its cycles, the findings) →
//! [`verdict`] and [`pipeline`] (one run end to end). [`explore`] runs every
//! interleaving under every strategy.
//!
//! The engine knows nothing of Tauri, of any UI, or of the terminal.
//!
//! ```
//! use interleave_engine::{scenario, pipeline::{run_scenario, RunOptions}, history::{AnomalyKind, RunOutcome}, strategy::Strategy};
//!
//! let text = r#"
//! title = "Lost update"
//! setup = "CREATE TABLE account(id INTEGER PRIMARY KEY, balance INT); INSERT INTO account VALUES (1, 100);"
//! [[user]]
//! name = "Alice"
//! steps = [
//!   { read = "account", where = "id = 1", fields = ["balance"] },
//!   { write = "account", where = "id = 1", set = { balance = "balance + 50" } },
//! ]
//! [[user]]
//! name = "Bob"
//! steps = [
//!   { read = "account", where = "id = 1", fields = ["balance"] },
//!   { write = "account", where = "id = 1", set = { balance = "balance + 30" } },
//! ]
//! "#;
//! let s = scenario::parse("lost-update.toml", text).unwrap();
//! let none = run_scenario(&s, &RunOptions { strategy: Some(Strategy::None), ..Default::default() }).unwrap();
//! assert!(none.findings.iter().any(|f| f.kind == AnomalyKind::LostUpdate));
//! assert!(!none.serializable);
//! assert_eq!(none.outcome, RunOutcome::Anomaly);
//! let tx = run_scenario(&s, &RunOptions { strategy: Some(Strategy::Transaction), ..Default::default() }).unwrap();
//! assert!(tx.findings.is_empty() && tx.serializable);
//! assert_eq!(tx.outcome, RunOutcome::Correct);
//! ```

pub mod check;
pub mod database;
pub mod error;
pub mod explore;
pub mod history;
pub mod pipeline;
pub mod sandbox;
pub mod scenario;
pub mod scheduler;
pub mod sqlshape;
pub mod sqltext;
pub mod strategy;
pub mod trace;
pub mod validate;
pub mod verdict;

pub use error::{Error, Location, Result};
