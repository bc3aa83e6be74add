//! Small types shared by requests and reports: values, strategies, journal modes.

use interleave_engine::history as engine;
use interleave_engine::scenario::Journal as EngineJournal;
use interleave_engine::strategy::Strategy as EngineStrategy;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A SQLite value as JSON: null, a number, a string, `{ blob: "<hex>" }`, or
/// `{ real: "inf" | "-inf" }` for the reals JSON has no number for.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(untagged)]
pub enum Value {
    Null,
    Integer(#[ts(type = "number")] i64),
    Real(f64),
    Text(String),
    Blob { blob: String },
    NonFinite { real: String },
}

impl From<engine::Value> for Value {
    fn from(v: engine::Value) -> Self {
        match v {
            engine::Value::Null => Value::Null,
            engine::Value::Integer(i) => Value::Integer(i),
            engine::Value::Real(f) if f.is_finite() => Value::Real(f),
            engine::Value::Real(f) => Value::NonFinite {
                real: if f > 0.0 { "inf" } else { "-inf" }.into(),
            },
            engine::Value::Text(t) => Value::Text(t),
            engine::Value::Blob(b) => Value::Blob {
                blob: engine::hex(&b),
            },
        }
    }
}

/// How a strategy runs a scenario's steps. `as_written` is for raw-SQL scenarios.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    None,
    Atomic,
    Pessimistic,
    Optimistic,
    Transaction,
    AsWritten,
}

impl From<EngineStrategy> for Strategy {
    fn from(s: EngineStrategy) -> Self {
        match s {
            EngineStrategy::None => Strategy::None,
            EngineStrategy::Atomic => Strategy::Atomic,
            EngineStrategy::Pessimistic => Strategy::Pessimistic,
            EngineStrategy::Optimistic => Strategy::Optimistic,
            EngineStrategy::Transaction => Strategy::Transaction,
            EngineStrategy::AsWritten => Strategy::AsWritten,
        }
    }
}

impl From<Strategy> for EngineStrategy {
    fn from(s: Strategy) -> Self {
        match s {
            Strategy::None => EngineStrategy::None,
            Strategy::Atomic => EngineStrategy::Atomic,
            Strategy::Pessimistic => EngineStrategy::Pessimistic,
            Strategy::Optimistic => EngineStrategy::Optimistic,
            Strategy::Transaction => EngineStrategy::Transaction,
            Strategy::AsWritten => EngineStrategy::AsWritten,
        }
    }
}

/// The journal mode of the run's database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Journal {
    Wal,
    Delete,
}

impl From<EngineJournal> for Journal {
    fn from(j: EngineJournal) -> Self {
        match j {
            EngineJournal::Wal => Journal::Wal,
            EngineJournal::Delete => Journal::Delete,
        }
    }
}

impl From<Journal> for EngineJournal {
    fn from(j: Journal) -> Self {
        match j {
            Journal::Wal => EngineJournal::Wal,
            Journal::Delete => EngineJournal::Delete,
        }
    }
}
