//! The questions around a run session and the answers as given: what the
//! coach asks, kept as they come so that none is lost.

use serde::{Deserialize, Serialize};

/// Which question is on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ask {
    Before,
    AfterWarmup,
    Worst,
    Now,
    SwellingOrLimp,
    /// Any of the red flags? y or n.
    RedFlags,
    /// Which: each number toggles one, Enter confirms.
    WhichFlags,
    /// One rating after the circuit (it never moves the run progression).
    AfterCircuit,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answers {
    pub before: Option<u8>,
    pub after_warmup: Option<u8>,
    /// As answered; the worst counted is the highest of this and every `!` report.
    pub worst: Option<u8>,
    pub now: Option<u8>,
    pub swelling_or_limp: Option<bool>,
    pub red_flags: Vec<String>,
    pub after_circuit: Option<u8>,
}
