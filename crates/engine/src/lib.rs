//! Interleave's engine: two (or more) simulated users take steps against a
//! real SQLite database, and the engine records what happened and finds the
//! anomalies in it.
//!
//! The pipeline is: [`scenario`] (parse and validate a TOML file) →
//! [`strategy`] (compile intent steps into SQL per strategy) → [`run`] (the
//! step-driven scheduler, one real connection per user, inside the
//! [`sandbox`]) → [`history`] (the recorded events) → [`check`] (anomalies,
//! from the history alone) and [`report`] (serial equivalence, invariants).
//! [`explore`] runs every interleaving under every strategy.
//!
//! The engine knows nothing of Tauri, of any UI, or of the terminal.
//!
//! ```
//! use interleave_engine::{scenario, pipeline::{run_scenario, RunOptions}, history::AnomalyKind, strategy::Strategy};
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
//! let atomic = run_scenario(&s, &RunOptions { strategy: Some(Strategy::Atomic), ..Default::default() }).unwrap();
//! assert!(atomic.findings.is_empty() && atomic.serializable);
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
pub mod verdict;

pub use error::{Error, Location, Result};
