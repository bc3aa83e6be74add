//! A compact text notation for traces, for the checker's unit tests:
//!
//! `T1 r x; T2 w x=11; T2 c; T1 w x=11; T1 c`
//!
//! - `Tn r x` reads item x: its own pending write, else the newest
//!   committed version (read committed); `Tn ru x` also sees uncommitted ones;
//! - `Tn w x=11` writes (`wc`: and commits that write at once, as an
//!   autocommit statement of a longer unit does); `+P` after the value says the write changes which
//!   rows predicate P matches;
//! - `Tn p P` reads predicate P (it sees the committed writes that change P);
//! - `Tn c` commits, `Tn a` aborts. A unit never ended counts as unfinished.
//!
//! Each op is one event, numbered from 1. Items are rows of table `t`,
//! column `v`, numbered in order of first mention.

use crate::history::Value;
use crate::trace::*;
use std::collections::HashMap;

pub fn parse(text: &str) -> Trace {
    let mut t = Trace::default();
    let mut units: HashMap<String, u32> = HashMap::new();
    let mut rows: HashMap<String, i64> = HashMap::new();
    let mut pending: HashMap<u32, Vec<u32>> = HashMap::new();
    // (predicate name, write) for every write declared to change it.
    let mut changes: Vec<(String, u32)> = Vec::new();
    for (n, op) in text
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .enumerate()
    {
        let event = n as u32 + 1;
        let parts: Vec<&str> = op.split_whitespace().collect();
        let unit = *units.entry(parts[0].to_string()).or_insert_with(|| {
            let id = t.units.len() as u32 + 1;
            t.units.push(Unit {
                id,
                user: parts[0].to_string(),
                ordinal: 1,
                attempt: 1,
                label: parts[0].to_string(),
                events: Vec::new(),
                end: UnitEnd::Unfinished,
            });
            id
        });
        t.units[unit as usize - 1].events.push(event);
        let next_row = rows.len() as i64 + 1;
        let mut item = |name: &str| {
            let row = *rows.entry(name.to_string()).or_insert(next_row);
            Item {
                table: "t".into(),
                row,
                column: "v".into(),
            }
        };
        match parts[1] {
            "r" | "ru" => {
                let it = item(parts[2]);
                let mine = pending.get(&unit).cloned().unwrap_or_default();
                let writes_of = |w: &Write| w.row == it.row;
                let own = t
                    .writes
                    .iter()
                    .rev()
                    .find(|w| writes_of(w) && mine.contains(&w.id));
                let dirty = parts[1] == "ru";
                let seen = t.writes.iter().rev().find(|w| {
                    writes_of(w) && (w.committed_at.is_some() || (dirty && w.unit != unit))
                });
                let observed = match (own, seen) {
                    (Some(w), _) => Observed::OwnPending { write: w.id },
                    (None, Some(w)) if w.committed_at.is_some() => {
                        Observed::Committed { write: w.id }
                    }
                    (None, Some(w)) => Observed::Uncommitted { write: w.id },
                    (None, None) => Observed::Setup,
                };
                let value = observed
                    .write()
                    .and_then(|w| t.writes[w as usize - 1].value_of("v").cloned())
                    .unwrap_or(Value::Integer(0));
                t.reads.push(ItemRead {
                    unit,
                    event,
                    item: it,
                    value,
                    observed,
                });
            }
            "w" | "wc" => {
                let (name, value) = parts[2].split_once('=').expect("w x=1");
                let it = item(name);
                let id = t.writes.len() as u32 + 1;
                t.writes.push(Write {
                    id,
                    unit,
                    event,
                    table: "t".into(),
                    row: it.row,
                    kind: ChangeKind::Update,
                    columns: vec![("v".into(), Value::Integer(value.parse().expect("a number")))],
                    committed_at: None,
                    computed_from: t
                        .reads
                        .iter()
                        .filter(|r| r.unit == unit)
                        .map(|r| r.event)
                        .collect(),
                });
                if parts[1] == "wc" {
                    // Autocommit: this write alone commits now; the unit goes on.
                    t.writes[id as usize - 1].committed_at = Some(event);
                } else {
                    pending.entry(unit).or_default().push(id);
                }
                for p in parts[3..].iter().filter_map(|p| p.strip_prefix('+')) {
                    changes.push((p.to_string(), id));
                }
            }
            "p" => {
                let flips = changes
                    .iter()
                    .filter(|(p, w)| p == parts[2] && t.writes[*w as usize - 1].unit != unit)
                    .map(|&(_, w)| Flip {
                        write: w,
                        visible: t.writes[w as usize - 1].committed_at.is_some(),
                    })
                    .collect();
                t.predicates.push(PredicateRead {
                    unit,
                    event,
                    table: "t".into(),
                    condition: Some(parts[2].to_string()),
                    rows: Vec::new(),
                    flips,
                });
            }
            "c" | "a" => {
                let mine = pending.remove(&unit).unwrap_or_default();
                for w in mine {
                    if parts[1] == "c" {
                        t.writes[w as usize - 1].committed_at = Some(event);
                    }
                }
                t.units[unit as usize - 1].end = if parts[1] == "c" {
                    UnitEnd::Committed
                } else {
                    UnitEnd::RolledBack
                };
            }
            other => panic!("unknown op `{other}` in `{op}`"),
        }
    }
    // Predicates read before a write that changes them: invisible flips.
    for p in &mut t.predicates {
        let cond = p.condition.clone().unwrap_or_default();
        for (name, w) in &changes {
            let wr = &t.writes[*w as usize - 1];
            if *name == cond && wr.event > p.event && wr.unit != p.unit {
                p.flips.push(Flip {
                    write: *w,
                    visible: false,
                });
            }
        }
    }
    t
}
