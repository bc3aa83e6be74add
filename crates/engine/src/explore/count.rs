//! The executions one explored run stands for.
//!
//! A run's turns are ordered by each user's program order and by every pair
//! of turns of different users that do not commute (see `Footprint`). Every
//! ordering of the turns that respects that partial order (a linearization)
//! is a distinct path of choices that does the same things and ends the same
//! way; so the run stands for exactly as many executions as it has
//! linearizations. They are counted by dynamic programming over how far each
//! user has got, and listed in lexicographic order of the user sequence.

use crate::scheduler::Footprint;
use std::collections::HashMap;

/// A run's turns as a partial order.
pub struct Order {
    /// Each user's turns, as indexes into the run.
    chains: Vec<Vec<usize>>,
    /// For each turn, how many of each user's turns must come before it.
    needs: Vec<Vec<u16>>,
}

impl Order {
    pub fn new(users: usize, taken: &[usize], footprints: &[Footprint]) -> Order {
        let mut chains: Vec<Vec<usize>> = vec![Vec::new(); users];
        let mut needs = Vec::with_capacity(taken.len());
        for (j, (&u, &f)) in taken.iter().zip(footprints).enumerate() {
            let mut need = vec![0u16; users];
            for (i, (&v, &g)) in taken[..j].iter().zip(footprints).enumerate() {
                if v != u && !f.commutes_with(g) {
                    // Turn i is the (position+1)-th of its user's.
                    let pos = chains[v]
                        .iter()
                        .position(|&x| x == i)
                        .expect("earlier turn");
                    need[v] = need[v].max(pos as u16 + 1);
                }
            }
            needs.push(need);
            chains[u].push(j);
        }
        Order { chains, needs }
    }

    fn next_of(&self, at: &[u16], u: usize) -> Option<usize> {
        let &turn = self.chains[u].get(at[u] as usize)?;
        let ready = self.needs[turn]
            .iter()
            .zip(at)
            .enumerate()
            .all(|(v, (&need, &got))| v == u || got >= need);
        ready.then_some(turn)
    }

    /// How many linearizations there are (saturating).
    pub fn count(&self) -> u64 {
        let mut memo: HashMap<Vec<u16>, u64> = HashMap::new();
        let mut at = vec![0u16; self.chains.len()];
        self.count_from(&mut at, &mut memo)
    }

    fn count_from(&self, at: &mut Vec<u16>, memo: &mut HashMap<Vec<u16>, u64>) -> u64 {
        if let Some(&n) = memo.get(at.as_slice()) {
            return n;
        }
        let mut n = 0u64;
        let mut any = false;
        for u in 0..self.chains.len() {
            if self.next_of(at, u).is_some() {
                any = true;
                at[u] += 1;
                n = n.saturating_add(self.count_from(at, memo));
                at[u] -= 1;
            }
        }
        if !any {
            // Every turn placed (a partial order always has a next turn otherwise).
            n = 1;
        }
        memo.insert(at.clone(), n);
        n
    }

    /// The first `k` linearizations, as user sequences, in lexicographic order.
    pub fn first(&self, k: usize) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        let mut at = vec![0u16; self.chains.len()];
        let mut acc = Vec::new();
        let total: usize = self.chains.iter().map(|c| c.len()).sum();
        self.list(&mut at, &mut acc, total, k, &mut out);
        out
    }

    fn list(
        &self,
        at: &mut Vec<u16>,
        acc: &mut Vec<u8>,
        total: usize,
        k: usize,
        out: &mut Vec<Vec<u8>>,
    ) {
        if out.len() >= k {
            return;
        }
        if acc.len() == total {
            out.push(acc.clone());
            return;
        }
        for u in 0..self.chains.len() {
            if self.next_of(at, u).is_some() {
                at[u] += 1;
                acc.push(u as u8);
                self.list(at, acc, total, k, out);
                acc.pop();
                at[u] -= 1;
            }
        }
    }
}

#[cfg(test)]
#[allow(non_upper_case_globals)]
mod tests {
    use super::*;
    use crate::scheduler::Access;
    const Local: Footprint = Footprint::LOCAL;
    const Read: Footprint = Footprint::READ;
    const Write: Footprint = Footprint::WRITE;
    const Global: Footprint = Footprint::GLOBAL;
    /// A turn turned away by a lock that took none: it reads the count of
    /// transactions ended.
    const Wait: Footprint = Footprint::new(Access::Read, true, false);
    /// An autocommit read: it ends its own transaction.
    const ReadEnds: Footprint = Footprint::new(Access::Read, false, true);

    fn check(taken: &[usize], fps: &[Footprint], count: u64, first: &[&[u8]]) {
        let o = Order::new(2, taken, fps);
        assert_eq!(o.count(), count, "count of {taken:?} {fps:?}");
        let want: Vec<Vec<u8>> = first.iter().map(|s| s.to_vec()).collect();
        assert_eq!(o.first(first.len()), want);
    }

    #[test]
    fn writes_are_ordered_reads_and_local_turns_move() {
        // Two writes: one order only.
        check(&[0, 1], &[Write, Write], 1, &[&[0, 1]]);
        // Two reads: both orders.
        check(&[0, 1], &[Read, Read], 2, &[&[0, 1], &[1, 0]]);
        // A think commutes with a write.
        check(&[1, 0], &[Write, Local], 2, &[&[0, 1], &[1, 0]]);
        // A think commutes even with an error or a wait: it touches neither
        // the database nor who can act.
        check(&[0, 1], &[Local, Global], 2, &[&[0, 1], &[1, 0]]);
        check(&[0, 1], &[Wait, Local], 2, &[&[0, 1], &[1, 0]]);
        // A statement turned away without taking a lock commutes with a read
        // inside a transaction, but not with one that ends a transaction
        // (the waiter could act again after it), nor with a write.
        check(&[0, 1], &[Wait, Read], 2, &[&[0, 1], &[1, 0]]);
        check(&[0, 1], &[Wait, ReadEnds], 1, &[&[0, 1]]);
        check(&[0, 1], &[Wait, Write], 1, &[&[0, 1]]);
        // Two waits, and two reads that end transactions, commute.
        check(&[0, 1], &[Wait, Wait], 2, &[&[0, 1], &[1, 0]]);
        check(&[0, 1], &[ReadEnds, ReadEnds], 2, &[&[0, 1], &[1, 0]]);
        // An error is ordered against any statement.
        check(&[0, 1], &[Read, Global], 1, &[&[0, 1]]);
        // Alice reads, thinks; Bob writes between: the think may go either side of it.
        check(
            &[0, 1, 0],
            &[Read, Write, Local],
            2,
            &[&[0, 0, 1], &[0, 1, 0]],
        );
        // Three independent turns of two users, 2+1: C(3,1) = 3 orders.
        check(
            &[0, 0, 1],
            &[Local, Local, Local],
            3,
            &[&[0, 0, 1], &[0, 1, 0], &[1, 0, 0]],
        );
    }

    #[test]
    fn a_turn_waits_for_the_last_conflicting_turn_not_only_the_first() {
        // Bob's write must follow both of Alice's writes.
        let o = Order::new(2, &[0, 0, 1], &[Write, Write, Write]);
        assert_eq!(o.count(), 1);
        // Bob's read after Alice's write and read: only the write orders it.
        let o = Order::new(2, &[0, 0, 1], &[Write, Read, Read]);
        assert_eq!(o.count(), 2);
        assert_eq!(o.first(5), vec![vec![0, 0, 1], vec![0, 1, 0]]);
    }
}
