//! Sentences for people, built by walking a cycle's edges: one plain sentence
//! per finding and one Elle-style line per edge. Nothing reads them back.

use crate::history::{AnomalyClass, AnomalyKind, Edge, EdgeKind, EdgeOn, Finding, Value};
use crate::strategy::Strategy;
use crate::trace::{ItemRead, Trace, Write};

fn who(t: &Trace, unit: u32) -> &str {
    &t.unit(unit).label
}

fn read_at<'a>(t: &'a Trace, event: u32, on: &EdgeOn) -> Option<&'a ItemRead> {
    let EdgeOn::Item { table, row, column } = on else {
        return None;
    };
    t.reads.iter().find(|r| {
        r.event == event && r.item.table == *table && r.item.row == *row && r.item.column == *column
    })
}

fn write_at<'a>(t: &'a Trace, event: u32, unit: u32, on: &EdgeOn) -> Option<&'a Write> {
    t.writes.iter().find(|w| {
        w.event == event
            && w.unit == unit
            && match on {
                EdgeOn::Item { table, row, column } => {
                    w.table == *table && w.row == *row && w.value_of(column).is_some()
                }
                EdgeOn::Predicate { table, .. } => w.table == *table,
            }
    })
}

fn value_written(t: &Trace, event: u32, unit: u32, on: &EdgeOn) -> String {
    let EdgeOn::Item { column, .. } = on else {
        return String::new();
    };
    write_at(t, event, unit, on)
        .and_then(|w| w.value_of(column))
        .map_or_else(String::new, show)
}

fn show(v: &Value) -> String {
    match v {
        Value::Text(s) => format!("'{s}'"),
        other => other.to_string(),
    }
}

fn what(on: &EdgeOn) -> String {
    match on {
        EdgeOn::Item { table, row, column } => format!("{column} of {table} row {row}"),
        EdgeOn::Predicate {
            table,
            condition: Some(c),
        } => format!("the rows of {table} where {c}"),
        EdgeOn::Predicate {
            table,
            condition: None,
        } => format!("the rows of {table}"),
    }
}

fn column(on: &EdgeOn) -> String {
    match on {
        EdgeOn::Item { column, .. } => column.clone(),
        other => what(other),
    }
}

fn read_value(t: &Trace, e: &Edge, event: u32) -> String {
    read_at(t, event, &e.on).map_or_else(String::new, |r| format!(" = {}", show(&r.value)))
}

/// "Alice → Bob: Alice read balance 100 at step 1, before Bob's write at step 4 replaced it".
pub fn edge_line(t: &Trace, e: &Edge) -> String {
    let (a, b) = (who(t, e.from), who(t, e.to));
    let body = match (e.kind, &e.on) {
        (EdgeKind::Ww, on) => format!(
            "{b} wrote {} = {} at step {}, replacing {a}'s {} from step {}",
            column(on),
            value_written(t, e.to_event, e.to, on),
            e.to_event,
            value_written(t, e.from_event, e.from, on),
            e.from_event
        ),
        (EdgeKind::Wr, EdgeOn::Item { .. }) => format!(
            "{b} read {}{} at step {}, which {a} wrote at step {}",
            column(&e.on),
            read_value(t, e, e.to_event),
            e.to_event,
            e.from_event
        ),
        (EdgeKind::Rw, EdgeOn::Item { .. }) => format!(
            "{a} read {}{} at step {}, before {b}'s write at step {} replaced it",
            column(&e.on),
            read_value(t, e, e.from_event),
            e.from_event,
            e.to_event
        ),
        (EdgeKind::Wr, on) => format!(
            "{b}'s read of {} at step {} saw {a}'s change from step {}",
            what(on),
            e.to_event,
            e.from_event
        ),
        (EdgeKind::Rw, on) => format!(
            "{a}'s read of {} at step {} did not see {b}'s change at step {}, which changes that set",
            what(on),
            e.from_event,
            e.to_event
        ),
    };
    format!("{a} → {b}: {body}")
}

fn users(t: &Trace, cycle: &[Edge]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for e in cycle {
        for u in [e.from, e.to] {
            let name = t.unit(u).user.clone();
            if !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out
}

pub fn finding(
    t: &Trace,
    kind: AnomalyKind,
    class: Option<AnomalyClass>,
    cycle: Vec<Edge>,
    prevented_by: Vec<Strategy>,
) -> Finding {
    let mut events: Vec<u32> = cycle
        .iter()
        .flat_map(|e| [e.from_event, e.to_event])
        .collect();
    events.sort();
    events.dedup();
    let steps = cycle.iter().map(|e| edge_line(t, e)).collect();
    Finding {
        kind,
        class,
        users: users(t, &cycle),
        events,
        explanation: sentence(t, kind, &cycle),
        steps,
        cycle,
        prevented_by,
    }
}

fn sentence(t: &Trace, kind: AnomalyKind, c: &[Edge]) -> String {
    let first = &c[0];
    let last = &c[c.len() - 1];
    let (r, w) = (who(t, first.from), who(t, first.to));
    match kind {
        AnomalyKind::LostUpdate => {
            // first: R -rw(x)→ W; last: P -ww(x)→ R, R's write over P's.
            let p = who(t, last.from);
            format!(
                "{r} read {}{} at step {}; {p} then saved {} at step {}, and {r} saved {} at step {} over it, computed from the old value: {p}'s change is lost.",
                column(&first.on),
                read_value(t, first, first.from_event),
                first.from_event,
                value_written(t, last.from_event, last.from, &last.on),
                last.from_event,
                value_written(t, last.to_event, last.to, &last.on),
                last.to_event
            )
        }
        AnomalyKind::NonRepeatableRead => format!(
            "{r} read {}{} at step {} and{} at step {} in the same unit of work: {w}'s write at step {} came in between.",
            column(&first.on),
            read_value(t, first, first.from_event),
            first.from_event,
            read_value(t, last, last.to_event),
            last.to_event,
            first.to_event
        ),
        AnomalyKind::ReadSkew => format!(
            "{r} read {}{} at step {}, before {w}'s change at step {}, but read {}{} at step {}, after {w}'s work: {r} saw a state that never existed.",
            column(&first.on),
            read_value(t, first, first.from_event),
            first.from_event,
            first.to_event,
            column(&last.on),
            read_value(t, last, last.to_event),
            last.to_event
        ),
        AnomalyKind::PhantomRead => format!(
            "{r}'s read of {} at step {} did not see {w}'s change at step {}, yet {r} saw that change at step {}: the set of rows changed under {r}.",
            what(&first.on),
            first.from_event,
            first.to_event,
            last.to_event
        ),
        AnomalyKind::WriteSkew => {
            let parts: Vec<String> = c
                .iter()
                .filter(|e| e.kind == EdgeKind::Rw)
                .map(|e| {
                    format!(
                        "{} read {} at step {} before {} changed it at step {}",
                        who(t, e.from),
                        what(&e.on),
                        e.from_event,
                        who(t, e.to),
                        e.to_event
                    )
                })
                .collect();
            format!(
                "Each acted on data another was changing, and none saw the other's write: {}.",
                parts.join("; ")
            )
        }
        AnomalyKind::DirtyWrite => format!(
            "{} overwrote each other's uncommitted work: the final rows mix writes from both.",
            users(t, c).join(" and ")
        ),
        AnomalyKind::CircularInformationFlow => format!(
            "{} each saw the other's writes: information went in a circle, so no order of the two explains it.",
            users(t, c).join(" and ")
        ),
        AnomalyKind::DirtyRead => format!(
            "{} read {}{} at step {}, written by {} at step {}, which was rolled back: {} saw a value that never existed.",
            who(t, first.to),
            column(&first.on),
            read_value(t, first, first.to_event),
            first.to_event,
            who(t, first.from),
            first.from_event,
            who(t, first.to)
        ),
        AnomalyKind::StaleRead => String::new(),
    }
}

/// G1b: the reader saw a value its writer later changed before committing.
pub fn intermediate(t: &Trace, r: &ItemRead, later: &Write) -> String {
    format!(
        "{} read {} = {} at step {}, an intermediate value: {} changed it again to {} at step {} before finishing.",
        who(t, r.unit),
        r.item.column,
        show(&r.value),
        r.event,
        who(t, later.unit),
        later.value_of(&r.item.column).map_or_else(String::new, show),
        later.event
    )
}

pub fn stale(
    t: &Trace,
    read: &ItemRead,
    theirs: &Write,
    acted: &Write,
    serializable: bool,
) -> String {
    let (r, w) = (who(t, read.unit), who(t, theirs.unit));
    let saved: Vec<String> = acted
        .columns
        .iter()
        .map(|(c, v)| format!("{c} = {}", show(v)))
        .collect();
    let mut s = format!(
        "{r} saved {} at step {}, computed from {} = {} read at step {}, but {w} had changed {} to {} at step {}: {r} acted on a stale value.",
        saved.join(", "),
        acted.event,
        read.item.column,
        show(&read.value),
        read.event,
        read.item.column,
        theirs.value_of(&read.item.column).map_or_else(String::new, show),
        theirs.event
    );
    if serializable {
        s.push_str(&format!(
            " On its own the run is still serializable: {r}, then {w}."
        ));
    }
    s
}
