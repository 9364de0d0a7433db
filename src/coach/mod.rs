//! The coach: pain answers, the traffic light, the progression decision and
//! the schedule. Pure functions of (the program's rules, the history, today):
//! no I/O, no clock.

pub mod counts;
pub mod flags;
pub mod join;
pub mod light;
pub mod questions;
pub mod ready;
pub mod records;
pub mod replay;
pub mod simulate;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::program::SessionId;

/// How a run session weighs on the plan of the program being replayed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Counts {
    /// The coach's next session: it may advance, hold or step back.
    OnPlan,
    /// Another session of the same program, run by choice: its pain counts
    /// (amber holds, red steps back from where the coach stands) but it
    /// never advances.
    OffPlan,
    /// A session of another program: only a stop (pain at the stop line, a
    /// red flag) reaches this plan, since it is the same body.
    OtherProgram,
}

/// How much of the main set's running was done: what counts as done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MainRun {
    /// Seconds of running the main set planned.
    pub planned_secs: u32,
    /// Seconds actually run in it (a run skipped halfway counts its half).
    pub run_secs: u32,
    pub runs_planned: u32,
    /// Runs run to their end.
    pub runs_done: u32,
}

impl MainRun {
    /// The share of the planned running that was run, 0 to 1.
    pub fn share(&self) -> f32 {
        if self.planned_secs == 0 {
            return 1.0;
        }
        (self.run_secs as f32 / self.planned_secs as f32).min(1.0)
    }
}

/// One run session as the coach reads it: the pain answers (0–10) with the
/// `!` reports already counted where they were made.
#[derive(Debug, Clone, PartialEq)]
pub struct RunFacts {
    /// The journal's id of the session (empty in a simulation).
    pub id: String,
    pub session: SessionId,
    pub date: NaiveDate,
    pub counts: Counts,
    /// Before the run: the session's baseline.
    pub before: u8,
    /// The answer after the warm-up, or the highest warm-up report.
    pub after_warmup: Option<u8>,
    /// The highest of the main set's reports and the end-of-run answer.
    pub worst: u8,
    /// Pain right after: the answer, or the highest cool-down report.
    pub after: u8,
    pub swelling_or_limp: bool,
    pub stopped_for_pain: bool,
    /// Ended before its end for a reason other than pain.
    pub ended_early: bool,
    /// None in a journal older than this rule: counted as run in full
    /// unless it ended early.
    pub main_run: Option<MainRun>,
    /// The red flags answered yes after the run, in words.
    pub red_flags: Vec<String>,
    /// The next morning, once answered.
    pub morning: Option<u8>,
    pub morning_flags: Vec<String>,
}

impl RunFacts {
    /// An on-plan run whose only pain was `worst`, during it: nothing
    /// before or after, no swelling, no red flag, run in full.
    pub fn with_worst(session: SessionId, date: NaiveDate, worst: u8) -> Self {
        RunFacts {
            id: String::new(),
            session,
            date,
            counts: Counts::OnPlan,
            before: 0,
            after_warmup: None,
            worst,
            after: 0,
            swelling_or_limp: false,
            stopped_for_pain: false,
            ended_early: false,
            main_run: None,
            red_flags: Vec::new(),
            morning: None,
            morning_flags: Vec::new(),
        }
    }
}

/// What the coach replays, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Fact {
    Run(RunFacts),
    /// The pain before a run was too high to run: no session, but pain at
    /// the stop line still stops the program.
    NotReady {
        date: NaiveDate,
        before: u8,
    },
    /// The rating after a circuit, or the highest report in it: it never
    /// moves the run progression, but pain at the stop line stops it.
    Circuit {
        date: NaiveDate,
        pain: u8,
    },
    /// The runner chose to resume after a stop: one week below where it stopped.
    Resume {
        date: NaiveDate,
    },
}
