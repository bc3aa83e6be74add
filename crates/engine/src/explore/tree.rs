//! The tree of a run's real choices, walked depth first without keeping
//! states (as loom does): every path is run again from the post-setup state,
//! and at each turn the choices are the users who can act then.
//!
//! With reduction on, sleep sets (Godefroid) prune the paths that only swap
//! turns that commute: a choice already explored at a node stays asleep in
//! its siblings' subtrees until a turn it does not commute with happens.
//! Sleep sets alone never explore two paths that differ only by such swaps,
//! and still reach every class of them (Godefroid 1996; Abdulla et al.
//! 2014), so each explored run stands for the linearizations `count` gives.

use crate::database::Database;
use crate::error::{Error, Result};
use crate::scheduler::{Execution, Footprint, Record, Run};
use crate::strategy::{Program, Strategy};

/// One explored execution, with the footprint of each of its turns.
pub struct Leaf {
    pub exec: Execution,
    pub footprints: Vec<Footprint>,
}

/// Where a walk over the tree stands.
struct Node {
    /// The users who could act here, ascending.
    enabled: Vec<usize>,
    /// Choices that need not be tried here (asleep), with their footprints.
    sleep: Vec<(usize, Footprint)>,
    /// Choices already explored here.
    done: Vec<(usize, Footprint)>,
    chosen: usize,
    footprint: Footprint,
}

pub struct Walk<'a> {
    pub db: &'a mut Database,
    pub programs: &'a [Program],
    pub names: &'a [String],
    pub strategy: Strategy,
    pub reduce: bool,
    /// Cancelled, or another worker failed.
    pub stopped: &'a (dyn Fn() -> bool + Sync),
}

impl Walk<'_> {
    fn start(&mut self) -> Result<Run<'_>> {
        if (self.stopped)() {
            return Err(Error::Cancelled);
        }
        self.db.reset()?;
        Ok(Run::start(
            self.db,
            self.programs,
            self.names,
            self.strategy,
            Record::Outcome,
        ))
    }

    /// The users who can act at the start.
    pub fn first_choices(&self) -> Vec<usize> {
        (0..self.programs.len())
            .filter(|&u| !self.programs[u].steps.is_empty())
            .collect()
    }

    /// The footprint of user `u`'s first turn from the start.
    pub fn first_footprint(&mut self, u: usize) -> Result<Footprint> {
        let mut run = self.start()?;
        run.turn(u)
    }

    /// Every execution whose first turn is `first`, given the first choices
    /// explored before it (for their sleep sets). Calls `leaf` for each, and
    /// `covered` after each path with the share of this subtree walked.
    pub fn subtree(
        &mut self,
        first: usize,
        before: Vec<(usize, Footprint)>,
        leaf: &mut dyn FnMut(Leaf, &mut Database) -> Result<()>,
        covered: &mut dyn FnMut(f64),
    ) -> Result<()> {
        let mut stack = vec![Node {
            enabled: self.first_choices(),
            sleep: Vec::new(),
            done: if self.reduce { before } else { Vec::new() },
            chosen: first,
            footprint: Footprint::GLOBAL,
        }];
        loop {
            let reduce = self.reduce;
            let mut run = self.start()?;
            for node in stack.iter_mut() {
                let f = run.turn(node.chosen)?;
                debug_assert!(
                    node.footprint == Footprint::GLOBAL || node.footprint == f,
                    "a replayed turn did something else"
                );
                node.footprint = f;
            }
            let mut blocked = false;
            loop {
                if run.is_over() {
                    break;
                }
                let top = stack.last().expect("the root is on the stack");
                let sleep: Vec<(usize, Footprint)> = if reduce {
                    top.sleep
                        .iter()
                        .chain(&top.done)
                        .filter(|(_, f)| f.commutes_with(top.footprint))
                        .copied()
                        .collect()
                } else {
                    Vec::new()
                };
                let enabled: Vec<usize> = (0..run.users()).filter(|&u| run.can_act(u)).collect();
                let Some(&u) = enabled
                    .iter()
                    .find(|&&u| !sleep.iter().any(|&(s, _)| s == u))
                else {
                    // Every choice here is asleep: its executions are explored elsewhere.
                    blocked = true;
                    break;
                };
                let footprint = run.turn(u)?;
                stack.push(Node {
                    enabled,
                    sleep,
                    done: Vec::new(),
                    chosen: u,
                    footprint,
                });
            }
            if !blocked {
                let footprints = stack.iter().map(|n| n.footprint).collect();
                let exec = run.finish()?;
                leaf(Leaf { exec, footprints }, self.db)?;
            }
            covered(share_walked(&stack));
            // Backtrack to the deepest node with a choice left.
            loop {
                if stack.len() == 1 {
                    return Ok(());
                }
                let top = stack.last_mut().expect("checked above");
                top.done.push((top.chosen, top.footprint));
                let next = top.enabled.iter().copied().find(|&u| {
                    !top.done.iter().any(|&(d, _)| d == u)
                        && !top.sleep.iter().any(|&(s, _)| s == u)
                });
                match next {
                    Some(u) => {
                        top.chosen = u;
                        top.footprint = Footprint::GLOBAL;
                        break;
                    }
                    None => {
                        stack.pop();
                    }
                }
            }
        }
    }
}

/// The share of the subtree below the root walked once the path on `stack`
/// is done, each choice at a node weighing the same: choices are tried in
/// ascending order, so the ones before the chosen one are done (or asleep,
/// covered elsewhere). Grows along the walk, and reaches 1 at its last path
/// unless that path ends in choices asleep.
fn share_walked(stack: &[Node]) -> f64 {
    let mut share = 0.0;
    let mut weight = 1.0;
    for node in &stack[1..] {
        let n = node.enabled.len().max(1) as f64;
        let before = node.enabled.iter().filter(|&&u| u < node.chosen).count() as f64;
        share += weight * before / n;
        weight /= n;
    }
    share + weight
}
