//! One join of the journal's records into sessions, for every reader (the
//! history, the report, the export): a session's run as the coach counts
//! it, the decision on it, its circuit's rating, all by session id.

use std::collections::HashMap;

use super::records::{History, Record};
use super::replay::{Decision, Replay, replay};
use super::{Fact, RunFacts};
use crate::program::Program;

pub struct Join {
    facts: Vec<Fact>,
    replay: Replay,
    /// By session id: the index of its run in `facts`, of its decision.
    runs: HashMap<String, usize>,
    decisions: HashMap<String, usize>,
    circuits: HashMap<String, u8>,
}

impl Join {
    /// The history as `program`'s coach reads it.
    pub fn new(history: &History, program: &Program) -> Join {
        let facts = history.facts(program);
        let replay = replay(program, &facts);
        let runs = facts
            .iter()
            .enumerate()
            .filter_map(|(i, f)| match f {
                Fact::Run(run) => Some((run.id.clone(), i)),
                _ => None,
            })
            .collect();
        let decisions = replay
            .decisions
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        let circuits = history
            .records
            .iter()
            .filter_map(|r| match r {
                Record::CircuitPain(c) => Some((c.session_id.clone(), c.pain)),
                _ => None,
            })
            .collect();
        Join {
            facts,
            replay,
            runs,
            decisions,
            circuits,
        }
    }

    pub fn replay(&self) -> &Replay {
        &self.replay
    }

    /// The run of session `id`, as the coach counts it.
    pub fn run(&self, id: &str) -> Option<&RunFacts> {
        match self.facts.get(*self.runs.get(id)?)? {
            Fact::Run(run) => Some(run),
            _ => None,
        }
    }

    /// The coach's decision on session `id` (none for another program's).
    pub fn decision(&self, id: &str) -> Option<&Decision> {
        self.replay.decisions.get(*self.decisions.get(id)?)
    }

    /// The rating after session `id`'s circuit.
    pub fn circuit_pain(&self, id: &str) -> Option<u8> {
        self.circuits.get(id).copied()
    }

    /// Every run, oldest first, with the decision on it.
    pub fn runs(&self) -> impl Iterator<Item = (&RunFacts, Option<&Decision>)> {
        self.facts.iter().filter_map(|f| match f {
            Fact::Run(run) => Some((run, self.decision(&run.id))),
            _ => None,
        })
    }
}
