//! What the scheduler records about each statement: the rows read and the
//! write each value came from, the changes and when they became visible, and
//! what each user believes afterwards.

use super::{Runner, Version};
use crate::history::*;
use crate::strategy::{self, Slot, Source};

impl Runner<'_> {
    pub(super) fn locals_view(&self, u: usize) -> Vec<Local> {
        self.users[u]
            .locals
            .iter()
            .map(|(name, slot)| Local {
                name: name.clone(),
                value: slot.value.clone(),
                stale: self.is_stale(u, slot),
            })
            .collect()
    }

    pub(super) fn is_stale(&self, u: usize, slot: &Slot) -> bool {
        let Some(src) = &slot.source else {
            return false;
        };
        let (Some(rowid), Some(col)) = (src.rowid, &src.column) else {
            // A count or other predicate read: stale once another user has committed
            // a change to a column it looked at (its expression or its WHERE).
            let words: Vec<&str> = crate::sqltext::words(&src.expr)
                .chain(src.where_.iter().flat_map(|w| crate::sqltext::words(w)))
                .collect();
            return self.versions.iter().any(|((t, _, c), vs)| {
                *t == src.table
                    && words.iter().any(|w| w.eq_ignore_ascii_case(c))
                    && vs.iter().any(|v| v.user != u && v.commit > slot.read_event)
            });
        };
        let Some(vs) = self.versions.get(&(src.table.clone(), rowid, col.clone())) else {
            return false;
        };
        let Some(latest) = vs.last() else {
            return false;
        };
        if latest.user == u || Some(latest.event) == slot.from {
            return false;
        }
        match slot.from.and_then(|f| vs.iter().position(|v| v.event == f)) {
            Some(i) => i + 1 < vs.len() && latest.value != slot.value,
            None => {
                slot.from
                    .map(|f| self.users[u].pending.iter().all(|(s, _)| *s != f))
                    .unwrap_or(true)
                    && latest.value != slot.value
            }
        }
    }

    pub(super) fn commit_pending(&mut self, u: usize, ev: &mut Event) {
        for (seq, changes) in std::mem::take(&mut self.users[u].pending) {
            if !ev.commits.contains(&seq) {
                ev.commits.push(seq);
            }
            for c in changes {
                self.versions
                    .entry((c.table.clone(), c.rowid, c.column.clone()))
                    .or_default()
                    .push(Version {
                        value: c.new.clone(),
                        event: seq,
                        user: u,
                        commit: ev.seq,
                    });
            }
        }
    }

    /// After a write, the user knows the values they saved.
    pub(super) fn apply_known(&mut self, u: usize, seq: u32, changes: &[Change]) {
        for slot in self.users[u].locals.values_mut() {
            let Some(src) = &mut slot.source else {
                continue;
            };
            let (Some(rowid), Some(col)) = (src.rowid, src.column.clone()) else {
                continue;
            };
            for c in changes {
                if c.table == src.table && c.rowid == rowid {
                    if c.column.eq_ignore_ascii_case(&col) {
                        slot.value = c.new.clone();
                        slot.from = Some(seq);
                    }
                    if c.column
                        .eq_ignore_ascii_case(crate::database::VERSION_COLUMN)
                    {
                        if let Value::Integer(v) = c.new {
                            src.version = Some(v);
                        }
                    }
                }
            }
        }
        let version_update = changes
            .iter()
            .find(|c| {
                c.column
                    .eq_ignore_ascii_case(crate::database::VERSION_COLUMN)
            })
            .map(|c| c.new.clone());
        if let (Some(v), Some(slot)) = (
            version_update,
            self.users[u]
                .locals
                .get_mut(crate::database::VERSION_COLUMN),
        ) {
            slot.value = v;
            slot.from = Some(seq);
        }
    }

    pub(super) fn record_read(
        &mut self,
        u: usize,
        ev: &mut Event,
        res: &crate::sandbox::StmtResult,
        op: Option<&strategy::ReadOp>,
        seen: &super::statement::Seen,
    ) {
        let tables: Vec<&str> = {
            let mut t: Vec<&str> = res
                .footprint
                .reads
                .iter()
                .filter_map(|c| c.split('.').next())
                .collect();
            t.dedup();
            t
        };
        let table = match op {
            Some(r) => Some(r.table.clone()),
            None if tables.len() == 1 => Some(tables[0].to_string()),
            None => None,
        };
        let plain = op.map(|r| r.plain).unwrap_or(true);
        let info = table.as_ref().and_then(|t| self.db.schema.get(t)).cloned();
        // The rowids of the result rows, when they are the table's rows one for one.
        let keys = seen
            .keys
            .as_ref()
            .filter(|k| plain && k.len() == res.rows.len());
        let is_column = |c: &str| {
            info.as_ref()
                .map(|i| i.columns.iter().any(|x| x.eq_ignore_ascii_case(c)))
                .unwrap_or(false)
        };
        // A renamed column (`{ savings = "balance" }`) is still that column of that row.
        let real = |col: &str| -> String {
            op.and_then(|r| {
                r.fields
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(col))
                    .filter(|_| r.plain)
                    .map(|(_, e)| e.clone())
            })
            .unwrap_or_else(|| col.to_string())
        };
        let mut rows = Vec::new();
        for (n, row) in res.rows.iter().enumerate() {
            let key = keys.map(|k| k[n]);
            let cells = res
                .columns
                .iter()
                .zip(row)
                .map(|(col, value)| {
                    let col = real(col);
                    let from = match (&table, key) {
                        (Some(t), Some(k)) if is_column(&col) => seen.from(t, k, &col),
                        _ => None,
                    };
                    ReadCell {
                        column: col,
                        value: value.clone(),
                        from,
                    }
                })
                .collect();
            rows.push(ReadRow {
                table: table.clone(),
                key,
                cells,
            });
        }
        // Locals: from the first row, by result column name.
        let first = rows.first().cloned();
        let names: Vec<(String, String)> = match op {
            Some(r) => {
                let mut f = r.fields.clone();
                if r.versioned
                    && !f
                        .iter()
                        .any(|(n, _)| n.eq_ignore_ascii_case(crate::database::VERSION_COLUMN))
                {
                    f.push((
                        crate::database::VERSION_COLUMN.into(),
                        crate::database::VERSION_COLUMN.into(),
                    ));
                }
                f
            }
            // Raw SELECTs: one local per value, named by row when the row is known
            // (T1 reading rows 1 and 2 keeps both), never the key column itself.
            None => match (&table, first.as_ref().and_then(|r| r.key), &info) {
                (Some(t), Some(k), Some(i)) => res
                    .columns
                    .iter()
                    .filter(|c| !c.eq_ignore_ascii_case(&i.key))
                    .map(|c| (format!("{t}[{k}].{c}"), c.clone()))
                    .collect(),
                _ => res.columns.iter().map(|c| (c.clone(), c.clone())).collect(),
            },
        };
        let version = first
            .as_ref()
            .and_then(|r| {
                r.cells.iter().find(|c| {
                    c.column
                        .eq_ignore_ascii_case(crate::database::VERSION_COLUMN)
                })
            })
            .and_then(|c| {
                if let Value::Integer(v) = c.value {
                    Some(v)
                } else {
                    None
                }
            });
        for (name, expr) in names {
            let column = if op.is_none() {
                expr.clone()
            } else {
                real(&name)
            };
            let cell = first.as_ref().and_then(|r| {
                r.cells
                    .iter()
                    .find(|c| c.column.eq_ignore_ascii_case(&column))
                    .cloned()
            });
            let source = table.as_ref().map(|t| Source {
                table: t.clone(),
                where_: op.and_then(|r| r.where_.clone()),
                expr: expr.clone(),
                rowid: if plain {
                    first.as_ref().and_then(|r| r.key)
                } else {
                    None
                },
                column: if plain && is_column(&column) {
                    Some(column.clone())
                } else {
                    None
                },
                version: if op.map(|r| r.versioned).unwrap_or(false) {
                    version
                } else {
                    None
                },
            });
            let slot = Slot {
                value: cell
                    .as_ref()
                    .map(|c| c.value.clone())
                    .unwrap_or(Value::Null),
                source,
                read_event: ev.seq,
                from: cell.and_then(|c| c.from),
            };
            self.users[u].locals.insert(name, slot);
        }
        let sql = ev.sql.last().cloned().unwrap_or_default();
        ev.reads.push(Read {
            sql,
            columns: res.footprint.reads.clone(),
            rows,
        });
        let st = &mut self.users[u];
        if !st.attempt_reads.contains(&ev.seq) {
            st.attempt_reads.push(ev.seq);
        }
        if !self.db.users[u].is_autocommit() {
            self.users[u].txn_read = true;
        }
    }
}
