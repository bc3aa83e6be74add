//! The API the desktop shell calls, and nothing the shell must know about
//! SQLite or scenarios. It keeps the scenario catalog (the built-in fixtures,
//! embedded, plus one opened folder and the recent ones), watches that folder,
//! and turns engine results and errors into the transport types in [`dto`],
//! from which the UI's TypeScript types are generated.
//!
//! It knows nothing of Tauri: the shell wraps each call in a command.
//!
//! ```
//! use interleave_api::catalog::Catalog;
//! use interleave_api::dto::{RunOutcome, RunRequest, Strategy};
//!
//! let catalog = Catalog::new(None);
//! let first = &catalog.entries()[0];
//! assert_eq!(first.id, "builtin:lost-update.toml");
//! let report = catalog.run(&RunRequest { id: first.id.clone(), strategy: Strategy::None, journal: None, schedule: None }).unwrap();
//! assert_eq!(report.outcome, RunOutcome::Anomaly);
//! assert!(!report.findings.is_empty());
//! ```

pub mod catalog;
pub mod dto;
pub mod export;
pub mod jobs;
pub mod state_file;
pub mod watch;
