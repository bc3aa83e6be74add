//! A seeded random walk down the tree of choices, for spaces too big to
//! explore whole: at each turn, one of the users who can act, drawn with
//! probability proportional to the steps they have left (so that, without
//! waits, every interleaving is equally likely). Walk `i` of seed `s` is the
//! same walk on every machine and every thread.

use super::tree::Leaf;
use crate::database::Database;
use crate::error::Result;
use crate::sandbox::splitmix64;
use crate::scheduler::{Record, Run};
use crate::strategy::{Program, Strategy};

pub fn walk(
    db: &mut Database,
    programs: &[Program],
    names: &[String],
    strategy: Strategy,
    seed: u64,
    index: u64,
) -> Result<Leaf> {
    db.reset()?;
    let mut state = seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut run = Run::start(db, programs, names, strategy, Record::Outcome);
    let mut footprints = Vec::new();
    let mut turns_of = vec![0usize; programs.len()];
    while !run.is_over() {
        let weights: Vec<(usize, usize)> = (0..run.users())
            .filter(|&u| run.can_act(u))
            .map(|u| {
                (
                    u,
                    programs[u].steps.len().saturating_sub(turns_of[u]).max(1),
                )
            })
            .collect();
        let total: usize = weights.iter().map(|w| w.1).sum();
        let mut pick = (splitmix64(&mut state) % total as u64) as usize;
        let u = weights
            .iter()
            .find(|&&(_, w)| {
                if pick < w {
                    return true;
                }
                pick -= w;
                false
            })
            .expect("a user who can act")
            .0;
        footprints.push(run.turn(u)?);
        turns_of[u] += 1;
    }
    let exec = run.finish()?;
    Ok(Leaf { exec, footprints })
}
