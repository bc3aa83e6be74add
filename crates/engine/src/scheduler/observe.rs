//! Recording the trace as statements run: units, row changes as versions,
//! which version each read observed, and predicate reads with the writes
//! that change what they match.
//!
//! Which version a read saw is known by construction. The scheduler runs one
//! statement at a time, so it knows the commit order, each connection's
//! snapshot (taken when its read transaction began) and each user's pending
//! writes; SQLite's rules then say what that connection sees (`visible`).
//! Debug builds check every such answer against the value SQLite returned.

use crate::history::Value;
use crate::sandbox::RawChange;
use crate::trace::*;
use std::collections::HashMap;

/// A row image: its rowid, then its columns in order.
type Row = Vec<Value>;

/// Whether a row image of a table matches a `FROM … WHERE …` with its bound
/// values: (table, from_where, params, image).
pub(super) type Judge<'a> = dyn FnMut(&str, &str, &[Value], &[Value]) -> bool + 'a;

/// The trace being built, with what is needed to answer visibility.
#[derive(Default)]
pub(super) struct Recorder {
    pub trace: Trace,
    /// How many commits have made writes visible so far.
    commits: u32,
    /// By write id - 1: the commit count once it became visible.
    commit_index: Vec<Option<u32>>,
    /// By write id - 1: not rolled back (yet).
    live: Vec<bool>,
    /// By write id - 1: the row before and after, with the rowid first.
    images: Vec<(Option<Row>, Option<Row>)>,
    by_item: HashMap<Item, Vec<u32>>,
    by_table: HashMap<String, Vec<u32>>,
    /// By predicate index: the `FROM … WHERE …` text and its bound values, to
    /// judge rows against.
    predicate_text: Vec<(String, Vec<Value>)>,
}

/// What one connection can see.
#[derive(Debug, Clone, Copy)]
pub(super) struct Viewer<'a> {
    pub unit: u32,
    /// The commit count its read transaction started at; `None`: the latest.
    pub snapshot: Option<u32>,
    /// Shared cache with read_uncommitted: it sees others' pending writes.
    pub dirty: bool,
    pub pending: &'a [u32],
}

impl Recorder {
    pub fn open_unit(&mut self, user: &str, ordinal: u32, attempt: u32) -> u32 {
        let id = self.trace.units.len() as u32 + 1;
        self.trace.units.push(Unit {
            id,
            user: user.to_string(),
            ordinal,
            attempt,
            label: user.to_string(),
            events: Vec::new(),
            end: UnitEnd::Unfinished,
        });
        id
    }

    pub fn end_unit(&mut self, id: u32, end: UnitEnd) {
        self.trace.units[id as usize - 1].end = end;
    }

    pub fn attach(&mut self, unit: u32, event: u32) {
        let u = &mut self.trace.units[unit as usize - 1];
        if u.events.last() != Some(&event) {
            u.events.push(event);
        }
    }

    /// Gives units labels people can tell apart: "Alice", or "Alice (2nd unit,
    /// attempt 2)" when Alice has several.
    pub fn finish_labels(&mut self) {
        let mut per_user: HashMap<String, (u32, u32)> = HashMap::new();
        for u in &self.trace.units {
            let e = per_user.entry(u.user.clone()).or_default();
            e.0 = e.0.max(u.ordinal);
            e.1 = e.1.max(u.attempt);
        }
        for u in &mut self.trace.units {
            let (units, attempts) = per_user[&u.user];
            let mut parts = Vec::new();
            if units > 1 {
                parts.push(format!("unit {}", u.ordinal));
            }
            if attempts > 1 {
                parts.push(format!("attempt {}", u.attempt));
            }
            if !parts.is_empty() {
                u.label = format!("{} ({})", u.user, parts.join(", "));
            }
        }
    }

    /// Records a statement's row changes as pending writes; returns their ids.
    /// `assigned` lists the `table.column`s an UPDATE sets; a column set to the
    /// value it had is still a new version.
    pub fn record_changes(
        &mut self,
        unit: u32,
        event: u32,
        raw: &[RawChange],
        columns_of: &mut dyn FnMut(&str) -> Vec<String>,
        assigned: &[String],
    ) -> Vec<u32> {
        let mut ids = Vec::new();
        for rc in raw {
            let cols = columns_of(&rc.table);
            let kind = match (&rc.old, &rc.new) {
                (None, Some(_)) => ChangeKind::Insert,
                (Some(_), None) => ChangeKind::Delete,
                _ => ChangeKind::Update,
            };
            let name = |i: usize| cols.get(i).cloned().unwrap_or_else(|| format!("column{i}"));
            let mut columns = Vec::new();
            let n = rc.old.as_ref().or(rc.new.as_ref()).map_or(0, |v| v.len());
            for i in 0..n {
                let old = rc.old.as_ref().map(|v| &v[i]);
                let new = rc.new.as_ref().map_or(Value::Null, |v| v[i].clone());
                let set = kind != ChangeKind::Update
                    || assigned.iter().any(|a| {
                        a.split_once('.').is_some_and(|(t, c)| {
                            t.eq_ignore_ascii_case(&rc.table) && c.eq_ignore_ascii_case(&name(i))
                        })
                    })
                    || old != Some(&new);
                if set {
                    columns.push((name(i), new));
                }
            }
            let id = self.trace.writes.len() as u32 + 1;
            let image = |v: &Option<Vec<Value>>| {
                v.as_ref().map(|vals| {
                    let mut out = Vec::with_capacity(vals.len() + 1);
                    out.push(Value::Integer(rc.rowid));
                    out.extend(vals.iter().cloned());
                    out
                })
            };
            self.images.push((image(&rc.old), image(&rc.new)));
            self.commit_index.push(None);
            self.live.push(true);
            for (c, _) in &columns {
                let item = Item {
                    table: rc.table.clone(),
                    row: rc.rowid,
                    column: c.clone(),
                };
                self.by_item.entry(item).or_default().push(id);
            }
            self.by_table.entry(rc.table.clone()).or_default().push(id);
            self.trace.writes.push(Write {
                id,
                unit,
                event,
                table: rc.table.clone(),
                row: rc.rowid,
                kind,
                columns,
                committed_at: None,
                computed_from: Vec::new(),
            });
            ids.push(id);
        }
        ids
    }

    /// Makes pending writes visible, all at once (one commit).
    pub fn commit(&mut self, writes: &[u32], at_event: u32) {
        if writes.is_empty() {
            return;
        }
        self.commits += 1;
        for &w in writes {
            self.commit_index[w as usize - 1] = Some(self.commits);
            self.trace.writes[w as usize - 1].committed_at = Some(at_event);
        }
    }

    pub fn roll_back(&mut self, writes: &[u32]) {
        for &w in writes {
            self.live[w as usize - 1] = false;
        }
    }

    /// Notes which reads an event's writes were computed from.
    pub fn computed_from(&mut self, event: u32, reads: &[u32]) {
        for w in self
            .trace
            .writes
            .iter_mut()
            .rev()
            .take_while(|w| w.event == event)
        {
            w.computed_from = reads.to_vec();
        }
    }

    pub fn commits(&self) -> u32 {
        self.commits
    }

    fn visible_write(&self, v: &Viewer, w: u32) -> bool {
        let i = w as usize - 1;
        v.pending.contains(&w)
            || (v.dirty && self.live[i])
            || self.commit_index[i].is_some_and(|c| c <= v.snapshot.unwrap_or(self.commits))
    }

    /// The version of `item` this viewer sees.
    pub fn observe(&self, v: &Viewer, item: &Item) -> Observed {
        let Some(ws) = self.by_item.get(item) else {
            return Observed::Setup;
        };
        if let Some(&w) = ws.iter().rev().find(|w| v.pending.contains(w)) {
            return Observed::OwnPending { write: w };
        }
        if v.dirty {
            if let Some(&w) = ws.iter().rev().find(|&&w| self.live[w as usize - 1]) {
                return match self.commit_index[w as usize - 1] {
                    Some(_) => Observed::Committed { write: w },
                    None => Observed::Uncommitted { write: w },
                };
            }
        }
        let snap = v.snapshot.unwrap_or(self.commits);
        match ws
            .iter()
            .rev()
            .find(|&&w| self.commit_index[w as usize - 1].is_some_and(|c| c <= snap))
        {
            Some(&w) => Observed::Committed { write: w },
            None => Observed::Setup,
        }
    }

    /// Records that `event` read `item` and saw `value`; returns what it observed.
    pub fn record_read(&mut self, v: &Viewer, event: u32, item: Item, value: Value) -> Observed {
        let observed = self.observe(v, &item);
        if let Some(w) = observed.write() {
            let modelled = self.trace.writes[w as usize - 1].value_of(&item.column);
            debug_assert!(
                modelled == Some(&value) || matches!(value, Value::Real(f) if f.is_nan()),
                "visibility model disagrees with SQLite on {item:?}: model {modelled:?}, read {value:?}"
            );
        }
        self.trace.reads.push(ItemRead {
            unit: v.unit,
            event,
            item,
            value,
            observed,
        });
        observed
    }

    /// Records a predicate read and judges every earlier write to its table by
    /// another unit: does it change what the predicate matches, and could the
    /// reader see it?
    pub fn record_predicate(
        &mut self,
        v: &Viewer,
        read: PredicateRead,
        from_where: (String, Vec<Value>),
        matches: &mut Judge,
    ) {
        let mut flips = Vec::new();
        for &w in self
            .by_table
            .get(&read.table)
            .map_or(&[][..], |x| x.as_slice())
        {
            let i = w as usize - 1;
            if self.trace.writes[i].unit == v.unit
                || (!self.live[i] && self.commit_index[i].is_none())
            {
                continue;
            }
            if self.flips(i, &from_where.0, &from_where.1, matches) {
                flips.push(Flip {
                    write: w,
                    visible: self.visible_write(v, w),
                });
            }
        }
        self.predicate_text.push(from_where);
        self.trace.predicates.push(PredicateRead { flips, ..read });
    }

    /// After new writes: which earlier predicates of other units they change.
    pub fn judge_new_writes(&mut self, writes: &[u32], matches: &mut Judge) {
        for &w in writes {
            let i = w as usize - 1;
            let (table, unit) = (
                self.trace.writes[i].table.clone(),
                self.trace.writes[i].unit,
            );
            for p in 0..self.trace.predicates.len() {
                if self.trace.predicates[p].table != table || self.trace.predicates[p].unit == unit
                {
                    continue;
                }
                let (text, params) = self.predicate_text[p].clone();
                if self.flips(i, &text, &params, matches) {
                    self.trace.predicates[p].flips.push(Flip {
                        write: w,
                        visible: false,
                    });
                }
            }
        }
    }

    fn flips(&self, i: usize, from_where: &str, params: &[Value], matches: &mut Judge) -> bool {
        let (old, new) = &self.images[i];
        let table = &self.trace.writes[i].table;
        let mut m = |img: &Option<Vec<Value>>| {
            img.as_ref()
                .is_some_and(|r| matches(table, from_where, params, r))
        };
        m(old) != m(new)
    }
}
