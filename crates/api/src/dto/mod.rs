//! Transport types: everything that crosses IPC between the shell and the UI,
//! and the only types the UI's TypeScript is generated from.
//!
//! The engine's types stay domain types: they do not know TypeScript exists.
//! Each DTO here mirrors one engine type field for field and is built from it
//! with `From`, destructuring every field so that an engine change that is not
//! carried over fails to compile. The JSON is the engine's serde output, byte
//! for byte (`tests/dto_json.rs` checks it), so the CLI's `--format json` and
//! the app's IPC are one contract.
//!
//! Errors cross as `{code, message, location?}` so the UI switches on `code`,
//! never on text.

mod catalog;
mod common;
mod error;
mod event;
mod explore;
mod figure;
mod finding;
mod run;
mod trace;

pub use catalog::*;
pub use common::*;
pub use error::*;
pub use event::*;
pub use explore::*;
pub use figure::*;
pub use finding::*;
pub use run::*;
pub use trace::*;

/// Maps a list of engine values to their DTOs.
fn list<T, U: From<T>>(items: Vec<T>) -> Vec<U> {
    items.into_iter().map(U::from).collect()
}
