//! The coach: pain answers, the traffic light, the progression decision and
//! the schedule. Pure functions of (the program's rules, the history, today):
//! no I/O, no clock.

pub mod light;
pub mod records;
pub mod replay;
pub mod simulate;

use chrono::NaiveDate;

use crate::program::SessionId;

/// One run session's pain answers (0–10), as the coach reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunFacts {
    pub session: SessionId,
    pub date: NaiveDate,
    /// Before the run: the session's baseline.
    pub before: u8,
    pub after_warmup: Option<u8>,
    /// The highest of every report during the run and the answer after it.
    pub worst: u8,
    pub after: u8,
    pub swelling_or_limp: bool,
    pub stopped_for_pain: bool,
    /// Run to its end (steps skipped or not); false when ended early.
    pub completed: bool,
    /// The red flags answered yes, in words ("the knee locked or gave way").
    pub red_flags: Vec<String>,
    /// The next morning, once answered.
    pub morning: Option<u8>,
}

impl RunFacts {
    /// A run whose only pain was `worst`, during it and after: nothing
    /// before, no swelling, no red flag, run to its end.
    pub fn with_worst(session: SessionId, date: NaiveDate, worst: u8) -> Self {
        RunFacts {
            session,
            date,
            before: 0,
            after_warmup: None,
            worst,
            after: worst,
            swelling_or_limp: false,
            stopped_for_pain: false,
            completed: true,
            red_flags: Vec::new(),
            morning: None,
        }
    }
}

/// What the coach replays, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fact {
    Run(RunFacts),
    /// The runner chose to resume after a stop: one week below where it stopped.
    Resume {
        date: NaiveDate,
    },
}
