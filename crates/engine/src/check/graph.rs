//! The dependency-serialization graph (Adya's DSG) of a trace.
//!
//! Nodes are the units that took effect: committed, or with a committed
//! write (autocommit statements of a unit that was later abandoned did
//! happen). Edges:
//! - ww: consecutive versions of an item, in commit order, by different units;
//! - wr: a unit read a committed version another unit wrote;
//! - rw: a unit read a version and another unit installed the next one, or
//!   changed which rows the unit's predicate matched without it seeing that.

use crate::history::{Edge, EdgeKind, EdgeOn};
use crate::trace::{Item, Observed, Trace, UnitEnd};
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub struct Dsg {
    pub nodes: Vec<u32>,
    pub edges: Vec<Edge>,
    /// Outgoing edge indexes, by node.
    pub out: HashMap<u32, Vec<usize>>,
}

impl Dsg {
    pub fn edges_from(&self, node: u32) -> impl Iterator<Item = (usize, &Edge)> {
        self.out
            .get(&node)
            .into_iter()
            .flatten()
            .map(|&i| (i, &self.edges[i]))
    }
}

fn on_item(i: &Item) -> EdgeOn {
    EdgeOn::Item {
        table: i.table.clone(),
        row: i.row,
        column: i.column.clone(),
    }
}

/// Each item's committed writes (ids), in the order they were installed.
pub fn version_order(trace: &Trace) -> BTreeMap<Item, Vec<u32>> {
    let mut order: BTreeMap<Item, Vec<(u32, u32)>> = BTreeMap::new();
    for w in &trace.writes {
        let Some(at) = w.committed_at else { continue };
        for (c, _) in &w.columns {
            let item = Item {
                table: w.table.clone(),
                row: w.row,
                column: c.clone(),
            };
            order.entry(item).or_default().push((at, w.id));
        }
    }
    order
        .into_iter()
        .map(|(k, mut v)| {
            v.sort();
            (k, v.into_iter().map(|(_, id)| id).collect())
        })
        .collect()
}

/// The units that took effect.
pub fn effective(trace: &Trace) -> BTreeSet<u32> {
    let mut out: BTreeSet<u32> = trace
        .units
        .iter()
        .filter(|u| u.end == UnitEnd::Committed)
        .map(|u| u.id)
        .collect();
    out.extend(
        trace
            .writes
            .iter()
            .filter(|w| w.committed_at.is_some())
            .map(|w| w.unit),
    );
    out
}

pub fn build(trace: &Trace) -> Dsg {
    let nodes = effective(trace);
    let order = version_order(trace);
    let unit_of = |w: u32| trace.write(w).unit;
    let mut edges: Vec<Edge> = Vec::new();
    let mut seen: BTreeSet<(u32, u32, EdgeKind, EdgeOn)> = BTreeSet::new();
    let mut add = |e: Edge| {
        if e.from != e.to
            && nodes.contains(&e.from)
            && nodes.contains(&e.to)
            && seen.insert((e.from, e.to, e.kind, e.on.clone()))
        {
            edges.push(e);
        }
    };
    // A unit's consecutive writes of an item install one version (Adya: only
    // a unit's last write is installed; a read of an earlier one is G1b).
    let runs: BTreeMap<&Item, Vec<Vec<u32>>> = order
        .iter()
        .map(|(item, ws)| {
            let mut runs: Vec<Vec<u32>> = Vec::new();
            for &w in ws {
                match runs.last_mut() {
                    Some(r) if unit_of(r[0]) == unit_of(w) => r.push(w),
                    _ => runs.push(vec![w]),
                }
            }
            (item, runs)
        })
        .collect();
    for (item, rs) in &runs {
        for pair in rs.windows(2) {
            let (a, b) = (
                trace.write(*pair[0].last().expect("a run")),
                trace.write(pair[1][0]),
            );
            add(Edge {
                from: a.unit,
                to: b.unit,
                kind: EdgeKind::Ww,
                on: on_item(item),
                from_event: a.event,
                to_event: b.event,
            });
        }
    }
    for r in &trace.reads {
        let rs = runs.get(&r.item).map_or(&[][..], |v| v.as_slice());
        let pos: Option<usize> = match r.observed {
            Observed::OwnPending { .. } => continue,
            Observed::Setup => Some(0),
            Observed::Committed { write } | Observed::Uncommitted { write } => {
                let Some(p) = rs.iter().position(|run| run.contains(&write)) else {
                    continue;
                };
                add(Edge {
                    from: unit_of(write),
                    to: r.unit,
                    kind: EdgeKind::Wr,
                    on: on_item(&r.item),
                    from_event: trace.write(write).event,
                    to_event: r.event,
                });
                Some(p + 1)
            }
        };
        if let Some(&next) = pos.and_then(|p| rs.get(p)).map(|run| &run[0]) {
            add(Edge {
                from: r.unit,
                to: unit_of(next),
                kind: EdgeKind::Rw,
                on: on_item(&r.item),
                from_event: r.event,
                to_event: trace.write(next).event,
            });
        }
    }
    for p in &trace.predicates {
        let on = EdgeOn::Predicate {
            table: p.table.clone(),
            condition: p.condition.clone(),
        };
        for f in &p.flips {
            let w = trace.write(f.write);
            if w.committed_at.is_none() {
                continue;
            }
            let e = if f.visible {
                Edge {
                    from: w.unit,
                    to: p.unit,
                    kind: EdgeKind::Wr,
                    on: on.clone(),
                    from_event: w.event,
                    to_event: p.event,
                }
            } else {
                Edge {
                    from: p.unit,
                    to: w.unit,
                    kind: EdgeKind::Rw,
                    on: on.clone(),
                    from_event: p.event,
                    to_event: w.event,
                }
            };
            add(e);
        }
    }
    // Edges in an order that does not depend on where commuting turns fell
    // in the history (two reads by different users, say): by what they are,
    // and units and events by who, which and how far into their unit. Which
    // cycle the search meets first, and so which a finding reports, then
    // depends only on the graph's shape.
    let position = |unit: u32, event: u32| {
        let u = trace.unit(unit);
        let at = u.events.iter().position(|&x| x == event);
        (u.user.as_str(), u.ordinal, u.attempt, at)
    };
    edges.sort_by_cached_key(|e| {
        (
            e.kind,
            e.on.clone(),
            position(e.from, e.from_event),
            position(e.to, e.to_event),
        )
    });
    let mut out: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, e) in edges.iter().enumerate() {
        out.entry(e.from).or_default().push(i);
    }
    Dsg {
        nodes: nodes.into_iter().collect(),
        edges,
        out,
    }
}
