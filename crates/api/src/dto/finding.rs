//! What the checker found: the dependency graph of the units that took
//! effect, and each anomaly with its cycle, its sentence and its steps.

use super::{list, Strategy};
use interleave_engine::history as engine;
use serde::Serialize;
use ts_rs::TS;

/// The anomalies the checker names, by the names teachers use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AnomalyKind {
    LostUpdate,
    StaleRead,
    DirtyRead,
    DirtyWrite,
    NonRepeatableRead,
    PhantomRead,
    ReadSkew,
    WriteSkew,
    CircularInformationFlow,
}

impl From<engine::AnomalyKind> for AnomalyKind {
    fn from(k: engine::AnomalyKind) -> Self {
        use engine::AnomalyKind as K;
        match k {
            K::LostUpdate => AnomalyKind::LostUpdate,
            K::StaleRead => AnomalyKind::StaleRead,
            K::DirtyRead => AnomalyKind::DirtyRead,
            K::DirtyWrite => AnomalyKind::DirtyWrite,
            K::NonRepeatableRead => AnomalyKind::NonRepeatableRead,
            K::PhantomRead => AnomalyKind::PhantomRead,
            K::ReadSkew => AnomalyKind::ReadSkew,
            K::WriteSkew => AnomalyKind::WriteSkew,
            K::CircularInformationFlow => AnomalyKind::CircularInformationFlow,
        }
    }
}

/// Adya's classes, as the dependency graph shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
pub enum AnomalyClass {
    /// A cycle of write-write edges only.
    G0,
    /// A committed unit read a version whose writer aborted.
    G1a,
    /// A committed unit read a version that was not its writer's final one.
    G1b,
    /// A cycle of write-write and write-read edges.
    G1c,
    /// A cycle with exactly one anti-dependency (rw) edge.
    #[serde(rename = "G-single")]
    #[ts(rename = "G-single")]
    GSingle,
    /// A cycle with two or more item anti-dependency edges.
    #[serde(rename = "G2-item")]
    #[ts(rename = "G2-item")]
    G2Item,
    /// A cycle with two or more anti-dependency edges, one on a predicate.
    G2,
}

impl From<engine::AnomalyClass> for AnomalyClass {
    fn from(c: engine::AnomalyClass) -> Self {
        use engine::AnomalyClass as C;
        match c {
            C::G0 => AnomalyClass::G0,
            C::G1a => AnomalyClass::G1a,
            C::G1b => AnomalyClass::G1b,
            C::G1c => AnomalyClass::G1c,
            C::GSingle => AnomalyClass::GSingle,
            C::G2Item => AnomalyClass::G2Item,
            C::G2 => AnomalyClass::G2,
        }
    }
}

/// The three kinds of dependency between units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// The target installed the next version of an item after the source's.
    Ww,
    /// The target read a version the source wrote.
    Wr,
    /// Anti-dependency: the source read a version, the target installed the next one
    /// (or changed which rows the source's predicate matches).
    Rw,
}

impl From<engine::EdgeKind> for EdgeKind {
    fn from(k: engine::EdgeKind) -> Self {
        match k {
            engine::EdgeKind::Ww => EdgeKind::Ww,
            engine::EdgeKind::Wr => EdgeKind::Wr,
            engine::EdgeKind::Rw => EdgeKind::Rw,
        }
    }
}

/// What an edge is about: one item, or a predicate over a table.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EdgeOn {
    Item {
        table: String,
        #[ts(type = "number")]
        row: i64,
        column: String,
    },
    Predicate {
        table: String,
        /// The WHERE condition; null for the whole table.
        condition: Option<String>,
    },
}

impl From<engine::EdgeOn> for EdgeOn {
    fn from(on: engine::EdgeOn) -> Self {
        match on {
            engine::EdgeOn::Item { table, row, column } => EdgeOn::Item { table, row, column },
            engine::EdgeOn::Predicate { table, condition } => {
                EdgeOn::Predicate { table, condition }
            }
        }
    }
}

/// One edge of the dependency graph: `from` must come before `to`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, TS)]
pub struct Edge {
    pub from: u32,
    pub to: u32,
    pub kind: EdgeKind,
    pub on: EdgeOn,
    /// The event on the source's side (its write or read) and on the target's.
    pub from_event: u32,
    pub to_event: u32,
}

impl From<engine::Edge> for Edge {
    fn from(e: engine::Edge) -> Self {
        let engine::Edge {
            from,
            to,
            kind,
            on,
            from_event,
            to_event,
        } = e;
        Edge {
            from,
            to,
            kind: kind.into(),
            on: on.into(),
            from_event,
            to_event,
        }
    }
}

/// The dependency-serialization graph of the units that took effect.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Graph {
    /// The units in the graph: committed, or with a committed write.
    pub nodes: Vec<u32>,
    pub edges: Vec<Edge>,
    /// A serial order of the nodes the graph implies, when it is acyclic.
    pub order: Option<Vec<u32>>,
}

impl From<engine::Graph> for Graph {
    fn from(g: engine::Graph) -> Self {
        let engine::Graph {
            nodes,
            edges,
            order,
        } = g;
        Graph {
            nodes,
            edges: list(edges),
            order,
        }
    }
}

/// An anomaly found in the graph.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Finding {
    pub kind: AnomalyKind,
    /// The Adya class; null for a stale read, which is about recency.
    pub class: Option<AnomalyClass>,
    /// The cycle, edge by edge (for G1a, G1b and stale reads, the one edge).
    pub cycle: Vec<Edge>,
    pub users: Vec<String>,
    /// The events involved, in history order.
    pub events: Vec<u32>,
    /// One plain sentence: who, what value, which step, what was lost or wrong.
    pub explanation: String,
    /// One line per edge of the cycle, Elle-style.
    pub steps: Vec<String>,
    /// The strategies whose declared guarantees rule this anomaly out.
    pub prevented_by: Vec<Strategy>,
}

impl From<engine::Finding> for Finding {
    fn from(f: engine::Finding) -> Self {
        let engine::Finding {
            kind,
            class,
            cycle,
            users,
            events,
            explanation,
            steps,
            prevented_by,
        } = f;
        Finding {
            kind: kind.into(),
            class: class.map(AnomalyClass::from),
            cycle: list(cycle),
            users,
            events,
            explanation,
            steps,
            prevented_by: list(prevented_by),
        }
    }
}
