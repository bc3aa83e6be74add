//! The checker: the dependency graph of a trace, its cycles, and the
//! findings they prove.
//!
//! **Findings are derived from the graph alone** (plus, for G1a and G1b,
//! which versions were read): never from the scenario, the strategy, values
//! or messages. A history of committed units is conflict-serializable exactly
//! when the graph has no cycle; each cycle is explained edge by edge.

mod cycles;
mod explain;
pub mod graph;
#[cfg(test)]
mod notation;
#[cfg(test)]
mod tests;

use crate::history::{AnomalyClass, AnomalyKind, Edge, EdgeKind, EdgeOn, Finding, Graph};
use crate::strategy::Strategy;
use crate::trace::{Item, Observed, Trace};
use std::collections::BTreeSet;

/// The graph and what it shows.
pub struct Analysis {
    pub graph: Graph,
    pub findings: Vec<Finding>,
}

impl Analysis {
    pub fn serializable(&self) -> bool {
        self.graph.order.is_some()
    }
}

fn prevented_by(kind: AnomalyKind, raw_steps: bool) -> Vec<Strategy> {
    Strategy::ALL
        .into_iter()
        .filter(|s| s.prevents(raw_steps).contains(&kind))
        .collect()
}

/// `raw_steps`: the scenario mixes raw `sql` steps with intents (see
/// [`Strategy::prevents`]).
pub fn analyze(trace: &Trace, raw_steps: bool) -> Analysis {
    let g = graph::build(trace);
    let order = cycles::serial_order(&g);
    let mut findings = Vec::new();
    let mut explained: BTreeSet<(u8, BTreeSet<u32>)> = BTreeSet::new();
    let mut on_cycles: BTreeSet<usize> = BTreeSet::new();
    for (class, cycle) in cycles::find(&g) {
        let units: BTreeSet<u32> = cycle.iter().map(|&i| g.edges[i].from).collect();
        // One finding per set of units and family of class: the first, most
        // specific cycle (a G-single on an item before one on a predicate).
        let family = match class {
            AnomalyClass::G2Item | AnomalyClass::G2 => 3,
            AnomalyClass::GSingle => 2,
            AnomalyClass::G1c => 1,
            _ => 0,
        };
        if !explained.insert((family, units)) {
            on_cycles.extend(cycle.iter().copied());
            continue;
        }
        on_cycles.extend(cycle.iter().copied());
        let kind = cycles::teaching_kind(&g, trace, class, &cycle);
        let edges: Vec<Edge> = cycle.iter().map(|&i| g.edges[i].clone()).collect();
        findings.push(explain::finding(
            trace,
            kind,
            Some(class),
            edges,
            prevented_by(kind, raw_steps),
        ));
    }
    findings.extend(dirty_reads(trace, raw_steps));
    let serializable = order.is_some();
    for (i, e) in g.edges.iter().enumerate() {
        if on_cycles.contains(&i) {
            continue;
        }
        if let Some(f) = stale_read(trace, e, serializable, raw_steps) {
            if !findings
                .iter()
                .any(|x| x.kind == f.kind && x.users == f.users)
            {
                findings.push(f);
            }
        }
    }
    findings.sort_by(|a, b| a.events.cmp(&b.events).then(a.kind.cmp(&b.kind)));
    let graph = Graph {
        nodes: g.nodes.clone(),
        edges: g.edges.clone(),
        order,
    };
    Analysis { graph, findings }
}

/// G1a (read a version whose writer aborted) and G1b (read a version that
/// was not its writer's last), by committed readers.
fn dirty_reads(trace: &Trace, raw_steps: bool) -> Vec<Finding> {
    let effective = graph::effective(trace);
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for r in &trace.reads {
        let (Observed::Committed { write } | Observed::Uncommitted { write }) = r.observed else {
            continue;
        };
        let w = trace.write(write);
        if w.unit == r.unit || !effective.contains(&r.unit) {
            continue;
        }
        let later = trace.writes.iter().find(|x| {
            x.id > w.id
                && x.unit == w.unit
                && x.committed_at.is_some()
                && x.table == r.item.table
                && x.row == r.item.row
                && x.value_of(&r.item.column).is_some()
        });
        let class = match (w.committed_at, later) {
            (None, _) => AnomalyClass::G1a,
            (Some(_), Some(_)) => AnomalyClass::G1b,
            _ => continue,
        };
        if !seen.insert((class, r.unit, w.unit)) {
            continue;
        }
        let edge = Edge {
            from: w.unit,
            to: r.unit,
            kind: EdgeKind::Wr,
            on: item_on(&r.item),
            from_event: w.event,
            to_event: r.event,
        };
        let kind = AnomalyKind::DirtyRead;
        let mut f = explain::finding(
            trace,
            kind,
            Some(class),
            vec![edge],
            prevented_by(kind, raw_steps),
        );
        if let Some(l) = later {
            f.events.push(l.event);
            f.events.sort();
            f.events.dedup();
            f.explanation = explain::intermediate(trace, r, l);
        }
        out.push(f);
    }
    out
}

fn item_on(i: &Item) -> EdgeOn {
    EdgeOn::Item {
        table: i.table.clone(),
        row: i.row,
        column: i.column.clone(),
    }
}

/// A stale read: the reader wrote something computed from a value another
/// unit had already replaced, and committed, before the reader's write
/// committed. Judged by the value acted on: changed and changed back is
/// current again.
fn stale_read(trace: &Trace, e: &Edge, serializable: bool, raw_steps: bool) -> Option<Finding> {
    let EdgeOn::Item { table, row, column } = &e.on else {
        return None;
    };
    if e.kind != EdgeKind::Rw {
        return None;
    }
    let item = Item {
        table: table.clone(),
        row: *row,
        column: column.clone(),
    };
    let read = trace
        .reads
        .iter()
        .find(|r| r.event == e.from_event && r.item == item)?;
    let theirs = trace
        .writes
        .iter()
        .find(|w| w.event == e.to_event && w.unit == e.to)?;
    let replaced_at = theirs.committed_at?;
    let acted = trace.writes.iter().find(|w| {
        w.unit == e.from
            && w.computed_from.contains(&read.event)
            && w.committed_at.is_some_and(|c| c > replaced_at)
    })?;
    // The version current when the reader acted.
    let order = graph::version_order(trace);
    let current = order.get(&item).and_then(|ws| {
        ws.iter()
            .rev()
            .find(|&&w| trace.write(w).committed_at.is_some_and(|c| c < acted.event))
    });
    let now = current.and_then(|&w| trace.write(w).value_of(column));
    if now == Some(&read.value) {
        return None;
    }
    let kind = AnomalyKind::StaleRead;
    let mut f = explain::finding(
        trace,
        kind,
        None,
        vec![e.clone()],
        prevented_by(kind, raw_steps),
    );
    f.events.push(acted.event);
    f.events.sort();
    f.events.dedup();
    f.explanation = explain::stale(trace, read, theirs, acted, serializable);
    Some(f)
}
