//! Cycles of the graph, shortest first, and their Adya classes (as Elle
//! finds them): strongly connected components first, then for each edge that
//! could close a cycle of a kind, the shortest way back along allowed edges.

use super::graph::Dsg;
use crate::history::{AnomalyClass, AnomalyKind, Edge, EdgeKind, EdgeOn};
use crate::trace::{Item, Observed, Trace};
use petgraph::graphmap::DiGraphMap;
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

fn on_item(i: &Item) -> EdgeOn {
    EdgeOn::Item {
        table: i.table.clone(),
        row: i.row,
        column: i.column.clone(),
    }
}

/// A cycle, as edge indexes in order: the first edge's target starts the rest.
pub type Cycle = Vec<usize>;

/// Node sets of the strongly connected components with a cycle.
pub fn components(g: &Dsg) -> Vec<HashSet<u32>> {
    let mut m: DiGraphMap<u32, (), std::hash::RandomState> = DiGraphMap::new();
    for &n in &g.nodes {
        m.add_node(n);
    }
    for e in &g.edges {
        m.add_edge(e.from, e.to, ());
    }
    petgraph::algo::tarjan_scc(&m)
        .into_iter()
        .filter(|c| c.len() > 1)
        .map(|c| c.into_iter().collect())
        .collect()
}

/// A serial order of the nodes, when the graph has no cycle.
pub fn serial_order(g: &Dsg) -> Option<Vec<u32>> {
    let mut m: DiGraphMap<u32, (), std::hash::RandomState> = DiGraphMap::new();
    for &n in &g.nodes {
        m.add_node(n);
    }
    for e in &g.edges {
        m.add_edge(e.from, e.to, ());
    }
    petgraph::algo::toposort(&m, None).ok()
}

/// The shortest path from `from` to `to` inside `scc` along edges `allow`
/// accepts; with `need_rw`, one that uses at least one rw edge.
fn shortest(
    g: &Dsg,
    scc: &HashSet<u32>,
    from: u32,
    to: u32,
    allow: &dyn Fn(&Edge) -> bool,
    need_rw: bool,
) -> Option<Vec<usize>> {
    let start = (from, !need_rw);
    let mut prev: HashMap<(u32, bool), (usize, (u32, bool))> = HashMap::new();
    let mut seen: HashSet<(u32, bool)> = HashSet::from([start]);
    let mut queue = VecDeque::from([start]);
    while let Some(state @ (node, has)) = queue.pop_front() {
        if node == to && has && state != start {
            let mut path = Vec::new();
            let mut at = state;
            while at != start {
                let (e, before) = prev[&at];
                path.push(e);
                at = before;
            }
            path.reverse();
            return Some(path);
        }
        for (i, e) in g.edges_from(node) {
            if !scc.contains(&e.to) || !allow(e) {
                continue;
            }
            let next = (e.to, has || e.kind == EdgeKind::Rw);
            if seen.insert(next) {
                prev.insert(next, (i, state));
                queue.push_back(next);
            }
        }
    }
    None
}

/// Every distinct shortest cycle of each class, in the order a teacher would
/// explain them: G0, G1c, G-single, G2-item, G2.
pub fn find(g: &Dsg) -> Vec<(AnomalyClass, Cycle)> {
    let mut out: Vec<(AnomalyClass, Cycle)> = Vec::new();
    let mut shapes: HashSet<BTreeSet<usize>> = HashSet::new();
    let is_item = |e: &Edge| matches!(e.on, EdgeOn::Item { .. });
    for scc in components(g) {
        let inside: Vec<usize> = (0..g.edges.len())
            .filter(|&i| scc.contains(&g.edges[i].from) && scc.contains(&g.edges[i].to))
            .collect();
        let ww = |e: &Edge| e.kind == EdgeKind::Ww;
        let no_rw = |e: &Edge| e.kind != EdgeKind::Rw;
        let item_only = |e: &Edge| e.kind != EdgeKind::Rw || matches!(e.on, EdgeOn::Item { .. });
        let any = |_: &Edge| true;
        // (closing edge filter, path filter, path needs rw)
        type Search<'a> = (&'a dyn Fn(&Edge) -> bool, &'a dyn Fn(&Edge) -> bool, bool);
        let item_rw = |e: &Edge| e.kind == EdgeKind::Rw && is_item(e);
        let pred_rw = |e: &Edge| e.kind == EdgeKind::Rw && !is_item(e);
        let wr = |e: &Edge| e.kind == EdgeKind::Wr;
        let searches: [Search; 6] = [
            (&ww, &ww, false),
            (&wr, &no_rw, false),
            (&item_rw, &no_rw, false),
            (&pred_rw, &no_rw, false),
            (&item_rw, &item_only, true),
            (&pred_rw, &any, true),
        ];
        for (close, path, need_rw) in searches {
            for &i in &inside {
                let e = &g.edges[i];
                if !close(e) {
                    continue;
                }
                let Some(rest) = shortest(g, &scc, e.to, e.from, path, need_rw) else {
                    continue;
                };
                let mut cycle = vec![i];
                cycle.extend(rest);
                // A walk that passes a unit twice is not a cycle of its own
                // (it is two shorter ones, found on their own).
                let mut through: Vec<u32> = cycle.iter().map(|&k| g.edges[k].from).collect();
                through.sort();
                if through.windows(2).any(|w| w[0] == w[1]) {
                    continue;
                }
                if shapes.insert(cycle.iter().copied().collect()) {
                    out.push((classify(g, &cycle), cycle));
                }
            }
        }
    }
    out
}

pub fn classify(g: &Dsg, cycle: &[usize]) -> AnomalyClass {
    let edges: Vec<&Edge> = cycle.iter().map(|&i| &g.edges[i]).collect();
    let rw: Vec<&&Edge> = edges.iter().filter(|e| e.kind == EdgeKind::Rw).collect();
    match rw.len() {
        0 if edges.iter().all(|e| e.kind == EdgeKind::Ww) => AnomalyClass::G0,
        0 => AnomalyClass::G1c,
        1 => AnomalyClass::GSingle,
        _ if rw.iter().all(|e| matches!(e.on, EdgeOn::Item { .. })) => AnomalyClass::G2Item,
        _ => AnomalyClass::G2,
    }
}

/// The teaching name of a cycle, from its shape. The cycle starts with the
/// edge that closed it; for G-single that is its one rw edge.
pub fn teaching_kind(g: &Dsg, t: &Trace, class: AnomalyClass, cycle: &[usize]) -> AnomalyKind {
    match class {
        AnomalyClass::G0 => AnomalyKind::DirtyWrite,
        AnomalyClass::G1c => AnomalyKind::CircularInformationFlow,
        AnomalyClass::G1a | AnomalyClass::G1b => AnomalyKind::DirtyRead,
        AnomalyClass::G2Item | AnomalyClass::G2 => AnomalyKind::WriteSkew,
        AnomalyClass::GSingle => {
            let rw = &g.edges[cycle[0]];
            let into = &g.edges[*cycle.last().expect("a cycle has edges")];
            // A write that read the version it replaced (an UPDATE computing
            // from the current value) lost nothing: its unit just saw two versions.
            let overwrite_read_current = t.reads.iter().any(|r| {
                r.event == into.to_event
                    && r.unit == into.to
                    && on_item(&r.item) == rw.on
                    && !matches!(r.observed, Observed::OwnPending { .. })
            });
            match (&rw.on, into.kind) {
                (EdgeOn::Item { .. }, EdgeKind::Ww) if into.on == rw.on => {
                    if overwrite_read_current {
                        AnomalyKind::NonRepeatableRead
                    } else {
                        AnomalyKind::LostUpdate
                    }
                }
                (EdgeOn::Predicate { .. }, _) => AnomalyKind::PhantomRead,
                (EdgeOn::Item { .. }, EdgeKind::Wr) if into.on == rw.on => {
                    AnomalyKind::NonRepeatableRead
                }
                _ => AnomalyKind::ReadSkew,
            }
        }
    }
}
