//! The checker: anomalies found from the recorded history alone.
//!
//! It never reads the scenario: only events (reads with the write each value
//! came from, changes, commits, and which reads each write was computed
//! from). A *unit* is one attempt of one user's list of steps: the
//! application's logical transaction, whether or not the strategy wrapped it
//! in a SQLite transaction.

use crate::history::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

type Item = (String, i64, String);

struct Version {
    writer: u32,
    commit: u32,
    user: String,
    old: Value,
    new: Value,
}

struct KeyRead<'a> {
    event: &'a Event,
    item: Item,
    value: Value,
    from: Option<u32>,
}

struct Index<'a> {
    events: &'a [Event],
    commit_at: HashMap<u32, u32>,
    versions: HashMap<Item, Vec<Version>>,
    /// Each event's reads of identified rows, worked out once (by seq - 1).
    key_reads: Vec<Vec<KeyRead<'a>>>,
}

impl<'a> Index<'a> {
    fn new(events: &'a [Event]) -> Self {
        let mut commit_at = HashMap::new();
        let mut versions: HashMap<Item, Vec<Version>> = HashMap::new();
        for e in events {
            for &w in &e.commits {
                commit_at.insert(w, e.seq);
                if let Some(we) = events.get(w as usize - 1) {
                    for c in &we.changes {
                        versions.entry(item_of(c)).or_default().push(Version {
                            writer: w,
                            commit: e.seq,
                            user: we.user.clone(),
                            old: c.old.clone(),
                            new: c.new.clone(),
                        });
                    }
                }
            }
        }
        let mut ix = Index {
            events,
            commit_at,
            versions,
            key_reads: Vec::new(),
        };
        ix.key_reads = events.iter().map(|e| ix.compute_key_reads(e)).collect();
        ix
    }

    fn ev(&self, seq: u32) -> &'a Event {
        &self.events[seq as usize - 1]
    }

    /// Position of the version a read observed: -1 for the setup's value.
    fn version_index(&self, item: &Item, from: Option<u32>) -> Option<i64> {
        match from {
            None => Some(-1),
            Some(w) => self
                .versions
                .get(item)
                .and_then(|vs| vs.iter().position(|v| v.writer == w))
                .map(|i| i as i64),
        }
    }

    fn key_reads(&self, e: &Event) -> &[KeyRead<'a>] {
        &self.key_reads[e.seq as usize - 1]
    }

    fn compute_key_reads(&self, e: &'a Event) -> Vec<KeyRead<'a>> {
        let mut out = Vec::new();
        for r in &e.reads {
            for row in &r.rows {
                let (Some(t), Some(k)) = (&row.table, row.key) else {
                    continue;
                };
                for c in &row.cells {
                    if c.from.is_some()
                        || self
                            .versions
                            .contains_key(&(t.clone(), k, c.column.clone()))
                        || is_real_column(r, t, &c.column)
                    {
                        out.push(KeyRead {
                            event: e,
                            item: (t.clone(), k, c.column.clone()),
                            value: c.value.clone(),
                            from: c.from,
                        });
                    }
                }
            }
        }
        out
    }
}

fn is_real_column(r: &Read, table: &str, column: &str) -> bool {
    r.columns
        .iter()
        .any(|c| c.eq_ignore_ascii_case(&format!("{table}.{column}")))
}

fn item_of(c: &Change) -> Item {
    (c.table.clone(), c.rowid, c.column.clone())
}

fn unit(e: &Event) -> (String, u32) {
    (e.user.clone(), e.attempt)
}

fn delta(old: &Value, new: &Value) -> String {
    match (old.as_f64(), new.as_f64()) {
        (Some(a), Some(b)) => {
            let d = b - a;
            let s = if d.fract() == 0.0 {
                format!("{}", d.abs() as i64)
            } else {
                format!("{}", d.abs())
            };
            if d >= 0.0 {
                format!("+{s}")
            } else {
                format!("-{s}")
            }
        }
        _ => format!("change to {new}"),
    }
}

const PREVENT_LOST: &str = "atomic (the UPDATE computes from the current value), pessimistic (the second user waits for the lock), optimistic (the stale save changes 0 rows and retries) and transaction (SQLite refuses the stale write with BUSY, and the retry re-reads) all prevent it.";
const PREVENT_STALE: &str = "atomic (the value is computed inside the UPDATE), pessimistic (the other writer waits), optimistic (the save checks the version of the row it read) and transaction (SQLite refuses a write from a stale snapshot) prevent it.";
const PREVENT_DIRTY: &str = "SQLite shows uncommitted data only with shared cache and read_uncommitted; a normal connection never reads it.";
const PREVENT_REPEAT: &str = "pessimistic and transaction prevent it: inside one SQLite transaction every read sees one snapshot (WAL) or the writer waits (rollback journal).";
const PREVENT_SKEW: &str = "pessimistic and transaction prevent it: SQLite lets only one writer commit at a time and refuses a write from a stale snapshot. Row versions (optimistic) do not, because each user changed a different row.";

/// Finds every anomaly in a history.
pub fn find(events: &[Event]) -> Vec<Finding> {
    let ix = Index::new(events);
    let mut out = Vec::new();
    dirty_reads(&ix, &mut out);
    let lost = lost_updates(&ix, &mut out);
    stale_reads(&ix, &lost, &mut out);
    non_repeatable_and_phantom(&ix, &mut out);
    read_skews(&ix, &mut out);
    write_skews(&ix, &mut out);
    out.sort_by(|a, b| a.events.cmp(&b.events).then(a.kind.cmp(&b.kind)));
    out.dedup();
    out
}

fn dirty_reads(ix: &Index, out: &mut Vec<Finding>) {
    for e in ix.events {
        for r in ix.key_reads(e) {
            let Some(w) = r.from else { continue };
            let we = ix.ev(w);
            if we.user == e.user {
                continue;
            }
            let committed = ix.commit_at.get(&w).copied();
            if committed.map(|c| c < e.seq).unwrap_or(false) {
                continue;
            }
            let (how, class) = match committed {
                None => (
                    "which was never committed (it was rolled back): ".to_string()
                        + &e.user
                        + " saw a value that never existed",
                    "G1a",
                ),
                Some(c) => (
                    format!(
                        "before it was committed at step {c}: {} saw uncommitted data",
                        e.user
                    ),
                    "P1",
                ),
            };
            let mut evs = vec![w, e.seq];
            evs.sort();
            out.push(Finding {
                kind: AnomalyKind::DirtyRead,
                class: Some(class.into()),
                users: vec![we.user.clone(), e.user.clone()],
                events: evs,
                explanation: format!(
                    "{} read {} = {} at step {}, written by {} at step {} {}.",
                    e.user, r.item.2, r.value, e.seq, we.user, w, how
                ),
                prevention: PREVENT_DIRTY.into(),
            });
        }
    }
}

/// Returns (overwriting write, read) pairs already explained as lost updates.
fn lost_updates(ix: &Index, out: &mut Vec<Finding>) -> BTreeSet<(u32, u32)> {
    let mut seen = BTreeSet::new();
    for w2 in ix.events {
        let Some(&c2) = ix.commit_at.get(&w2.seq) else {
            continue;
        };
        for ch in &w2.changes {
            let item = item_of(ch);
            let Some(vs) = ix.versions.get(&item) else {
                continue;
            };
            for &d in &w2.depends_on {
                let de = ix.ev(d);
                for r in ix
                    .key_reads(de)
                    .iter()
                    .filter(|r| r.item == item && r.event.user == w2.user)
                {
                    let Some(i2) = ix.version_index(&item, r.from) else {
                        continue;
                    };
                    for (j, v1) in vs.iter().enumerate() {
                        if (j as i64) <= i2
                            || v1.user == w2.user
                            || v1.commit >= c2
                            || v1.writer == w2.seq
                        {
                            continue;
                        }
                        if !seen.insert((v1.writer, w2.seq)) {
                            continue;
                        }
                        let mut evs = vec![de.seq, v1.writer, v1.commit, w2.seq, c2];
                        evs.sort();
                        evs.dedup();
                        out.push(Finding {
                            kind: AnomalyKind::LostUpdate,
                            class: Some("P4".into()),
                            users: vec![v1.user.clone(), w2.user.clone()],
                            events: evs,
                            explanation: format!(
                                "{} saved {} {}, computed from {} read at step {}, overwriting {}'s {} saved at step {}: {}'s {} is lost.",
                                w2.user, item.2, ch.new, r.value, de.seq, v1.user, v1.new, v1.commit, v1.user, delta(&v1.old, &v1.new)
                            ),
                            prevention: PREVENT_LOST.into(),
                        });
                    }
                }
            }
        }
    }
    seen
}

fn stale_reads(ix: &Index, lost: &BTreeSet<(u32, u32)>, out: &mut Vec<Finding>) {
    for w2 in ix.events {
        let Some(&c2) = ix.commit_at.get(&w2.seq) else {
            continue;
        };
        if w2.changes.is_empty() {
            continue;
        }
        let written: BTreeSet<Item> = w2.changes.iter().map(item_of).collect();
        for &d in &w2.depends_on {
            let de = ix.ev(d);
            for r in ix.key_reads(de) {
                if written.contains(&r.item) || r.event.user != w2.user {
                    continue;
                }
                let Some(vs) = ix.versions.get(&r.item) else {
                    continue;
                };
                let Some(i) = ix.version_index(&r.item, r.from) else {
                    continue;
                };
                let newer = vs.iter().enumerate().find(|(j, v)| {
                    (*j as i64) > i && v.user != w2.user && v.commit < c2 && v.new != r.value
                });
                let Some((_, v1)) = newer else { continue };
                if lost.contains(&(v1.writer, w2.seq)) {
                    continue;
                }
                let what = w2
                    .changes
                    .iter()
                    .map(|c| format!("{} {}", c.column, c.new))
                    .collect::<Vec<_>>()
                    .join(", ");
                let mut evs = vec![de.seq, v1.writer, v1.commit, w2.seq, c2];
                evs.sort();
                evs.dedup();
                out.push(Finding {
                    kind: AnomalyKind::StaleRead,
                    class: None,
                    users: vec![v1.user.clone(), w2.user.clone()],
                    events: evs,
                    explanation: format!(
                        "{} saved {} at step {}, computed from {} {} read at step {}, but {} had changed {} to {} at step {}: {} acted on a stale value.",
                        w2.user, what, c2, r.item.2, r.value, de.seq, v1.user, r.item.2, v1.new, v1.commit, w2.user
                    ),
                    prevention: PREVENT_STALE.into(),
                });
            }
        }
    }
}

fn committed_between(
    ix: &Index,
    user: &str,
    after: u32,
    before: u32,
    touches: impl Fn(&Change) -> bool,
) -> Option<(u32, String)> {
    ix.events[after as usize..(before as usize - 1)]
        .iter()
        .find_map(|e| {
            e.commits.iter().find_map(|&w| {
                let we = ix.ev(w);
                (we.user != user && we.changes.iter().any(&touches))
                    .then(|| (e.seq, we.user.clone()))
            })
        })
}

fn non_repeatable_and_phantom(ix: &Index, out: &mut Vec<Finding>) {
    let mut by_unit: BTreeMap<(String, u32), Vec<&Event>> = BTreeMap::new();
    for e in ix.events.iter().filter(|e| !e.reads.is_empty()) {
        by_unit.entry(unit(e)).or_default().push(e);
    }
    for ((user, _), evs) in by_unit {
        // Non-repeatable: one row's value read twice, changed by another user's commit between.
        let reads: Vec<&KeyRead> = evs.iter().flat_map(|e| ix.key_reads(e)).collect();
        let mut reported = BTreeSet::new();
        for (a, r1) in reads.iter().enumerate() {
            for r2 in &reads[a + 1..] {
                if r1.item != r2.item
                    || r1.event.seq == r2.event.seq
                    || r1.value == r2.value
                    || !reported.insert(r1.item.clone())
                {
                    continue;
                }
                let Some((c, other)) =
                    committed_between(ix, &user, r1.event.seq, r2.event.seq, |c| {
                        item_of(c) == r1.item
                    })
                else {
                    reported.remove(&r1.item);
                    continue;
                };
                out.push(Finding {
                    kind: AnomalyKind::NonRepeatableRead,
                    class: Some("P2".into()),
                    users: vec![other.clone(), user.clone()],
                    events: vec![r1.event.seq, c, r2.event.seq],
                    explanation: format!(
                        "{user} read {} = {} at step {} and {} at step {} in the same unit of work: {other}'s change committed at step {c} came in between.",
                        r1.item.2, r1.value, r1.event.seq, r2.value, r2.event.seq
                    ),
                    prevention: PREVENT_REPEAT.into(),
                });
            }
        }
        // Phantom: the same query returns a different set of rows (or a different aggregate).
        let queries: Vec<(&Event, &Read)> = evs
            .iter()
            .flat_map(|e| e.reads.iter().map(move |r| (*e, r)))
            .collect();
        for (a, (e1, q1)) in queries.iter().enumerate() {
            for (e2, q2) in &queries[a + 1..] {
                if q1.sql != q2.sql || e1.seq == e2.seq {
                    continue;
                }
                let keys = |q: &Read| q.rows.iter().map(|r| r.key).collect::<Vec<_>>();
                let keyed = q1.rows.iter().all(|r| r.key.is_some())
                    && q2.rows.iter().all(|r| r.key.is_some());
                let differs = if keyed {
                    keys(q1) != keys(q2)
                } else {
                    q1.rows != q2.rows
                };
                if !differs {
                    continue;
                }
                let tables: BTreeSet<&str> = q1
                    .columns
                    .iter()
                    .filter_map(|c| c.split('.').next())
                    .collect();
                let Some((c, other)) = committed_between(ix, &user, e1.seq, e2.seq, |ch| {
                    tables.contains(ch.table.as_str())
                }) else {
                    continue;
                };
                let show = |q: &Read| {
                    if keyed {
                        format!("{} rows", q.rows.len())
                    } else {
                        q.rows
                            .iter()
                            .flat_map(|r| {
                                r.cells
                                    .iter()
                                    .map(|c| format!("{} = {}", c.column, c.value))
                            })
                            .collect::<Vec<_>>()
                            .join(", ")
                    }
                };
                out.push(Finding {
                    kind: AnomalyKind::PhantomRead,
                    class: Some("P3".into()),
                    users: vec![other.clone(), user.clone()],
                    events: vec![e1.seq, c, e2.seq],
                    explanation: format!(
                        "{user} ran the same query at step {} ({}) and at step {} ({}): rows {other} committed at step {c} appeared in between.",
                        e1.seq,
                        show(q1),
                        e2.seq,
                        show(q2)
                    ),
                    prevention: PREVENT_REPEAT.into(),
                });
            }
        }
    }
}

fn read_skews(ix: &Index, out: &mut Vec<Finding>) {
    let mut by_unit: BTreeMap<(String, u32), Vec<&KeyRead>> = BTreeMap::new();
    for e in ix.events {
        for r in ix.key_reads(e) {
            by_unit.entry(unit(e)).or_default().push(r);
        }
    }
    // Each other unit's committed writes, by item.
    let mut writes: BTreeMap<(String, u32), Vec<(Item, u32)>> = BTreeMap::new();
    for e in ix
        .events
        .iter()
        .filter(|e| ix.commit_at.contains_key(&e.seq))
    {
        for c in &e.changes {
            writes.entry(unit(e)).or_default().push((item_of(c), e.seq));
        }
    }
    let mut seen = BTreeSet::new();
    for ((user, _), reads) in &by_unit {
        for (wunit, ws) in &writes {
            if &wunit.0 == user {
                continue;
            }
            for rx in reads {
                for ry in reads {
                    if rx.item.0 == ry.item.0 && rx.item.1 == ry.item.1 {
                        continue;
                    }
                    let (Some(&(_, wx)), Some(&(_, wy))) = (
                        ws.iter().find(|(i, _)| *i == rx.item),
                        ws.iter().find(|(i, _)| *i == ry.item),
                    ) else {
                        continue;
                    };
                    let (Some(ix_read), Some(iy_read)) = (
                        ix.version_index(&rx.item, rx.from),
                        ix.version_index(&ry.item, ry.from),
                    ) else {
                        continue;
                    };
                    let (Some(ix_w), Some(iy_w)) = (
                        ix.version_index(&rx.item, Some(wx)),
                        ix.version_index(&ry.item, Some(wy)),
                    ) else {
                        continue;
                    };
                    // rx saw the state before the other unit's write; ry saw it after.
                    if !(ix_read < ix_w && iy_read >= iy_w) {
                        continue;
                    }
                    if !seen.insert((user.clone(), wunit.clone())) {
                        continue;
                    }
                    let total = match (rx.value.as_f64(), ry.value.as_f64()) {
                        (Some(a), Some(b)) => format!(
                            " (together {})",
                            Value::Real(a + b).to_string().trim_end_matches(".0")
                        ),
                        _ => String::new(),
                    };
                    let mut evs = vec![rx.event.seq, ry.event.seq, wx, wy];
                    evs.sort();
                    evs.dedup();
                    out.push(Finding {
                        kind: AnomalyKind::ReadSkew,
                        class: Some("G-single".into()),
                        users: vec![wunit.0.clone(), user.clone()],
                        events: evs,
                        explanation: format!(
                            "{user} read {} {}'s {} ({}) at step {}, before {}'s change, and {} {}'s {} ({}) at step {}, after it{total}: {user} saw half of {}'s work, a state that never existed.",
                            rx.item.0, rx.item.1, rx.item.2, rx.value, rx.event.seq, wunit.0, ry.item.0, ry.item.1, ry.item.2, ry.value, ry.event.seq, wunit.0
                        ),
                        prevention: PREVENT_REPEAT.into(),
                    });
                }
            }
        }
    }
}

fn write_skews(ix: &Index, out: &mut Vec<Finding>) {
    // Per unit: committed write events, and the reads they depend on.
    let mut units: BTreeMap<(String, u32), Vec<&Event>> = BTreeMap::new();
    for e in ix
        .events
        .iter()
        .filter(|e| ix.commit_at.contains_key(&e.seq) && !e.changes.is_empty())
    {
        units.entry(unit(e)).or_default().push(e);
    }
    let keys: Vec<&(String, u32)> = units.keys().collect();
    // Does a committed write of `other` change what read `r` saw, after `r` ran?
    let affects = |r: &Event, other: &[&Event]| -> Option<u32> {
        other.iter().find_map(|w| {
            let c = ix.commit_at[&w.seq];
            if c <= r.seq {
                return None;
            }
            let hit = w.changes.iter().any(|ch| {
                r.reads.iter().any(|q| {
                    let keyed = q.rows.iter().any(|row| {
                        row.key == Some(ch.rowid)
                            && row.table.as_deref() == Some(ch.table.as_str())
                            && row
                                .cells
                                .iter()
                                .any(|cell| cell.column.eq_ignore_ascii_case(&ch.column))
                    });
                    let predicate = q.rows.iter().any(|row| row.key.is_none())
                        && q.columns.iter().any(|col| {
                            col.eq_ignore_ascii_case(&format!("{}.{}", ch.table, ch.column))
                        });
                    keyed || predicate
                })
            });
            hit.then_some(w.seq)
        })
    };
    for (a, k1) in keys.iter().enumerate() {
        for k2 in &keys[a + 1..] {
            if k1.0 == k2.0 {
                continue;
            }
            let (u1, u2) = (&units[*k1], &units[*k2]);
            let items = |u: &[&Event]| {
                u.iter()
                    .flat_map(|e| e.changes.iter().map(|c| (c.table.clone(), c.rowid)))
                    .collect::<BTreeSet<_>>()
            };
            if !items(u1).is_disjoint(&items(u2)) {
                continue;
            }
            let edge = |mine: &[&Event], theirs: &[&Event]| -> Option<(u32, u32, u32)> {
                mine.iter().find_map(|w| {
                    w.depends_on
                        .iter()
                        .find_map(|&d| affects(ix.ev(d), theirs).map(|o| (d, w.seq, o)))
                })
            };
            let (Some((r1, w1, _)), Some((r2, w2, _))) = (edge(u1, u2), edge(u2, u1)) else {
                continue;
            };
            let said = |w: u32| {
                ix.ev(w)
                    .changes
                    .iter()
                    .map(|c| format!("{} {}", c.column, c.new))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let saw = |r: u32| {
                ix.ev(r)
                    .reads
                    .iter()
                    .flat_map(|q| {
                        q.rows.iter().flat_map(|row| {
                            row.cells
                                .iter()
                                .filter(|c| !c.column.eq_ignore_ascii_case("id"))
                                .map(|c| format!("{} = {}", c.column, c.value))
                        })
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let mut evs = vec![r1, w1, r2, w2];
            evs.sort();
            evs.dedup();
            out.push(Finding {
                kind: AnomalyKind::WriteSkew,
                class: Some("G2-item".into()),
                users: vec![k1.0.clone(), k2.0.clone()],
                events: evs,
                explanation: format!(
                    "{} saved {} at step {} after reading {} at step {}; {} saved {} at step {} after reading {} at step {}: each decision relied on data the other was changing, and neither saw the other's write.",
                    k1.0,
                    said(w1),
                    w1,
                    saw(r1),
                    r1,
                    k2.0,
                    said(w2),
                    w2,
                    saw(r2),
                    r2
                ),
                prevention: PREVENT_SKEW.into(),
            });
        }
    }
}
