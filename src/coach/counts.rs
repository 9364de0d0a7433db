//! What counts, and where: a `!` report counts toward the part of the
//! session it was made in; a session's running counts by the time actually
//! run; and a session barely begun may be discarded.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::MainRun;
use crate::program::Rules;
use crate::workout::{FlatStep, Outcome, Part, Phase};

/// A `!` report as the coach counts it: where, and how much.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartPain {
    pub part: Part,
    pub pain: u8,
}

/// The answers around a run as the runner gave them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Answered {
    pub after_warmup: Option<u8>,
    pub worst: Option<u8>,
    pub after: Option<u8>,
}

/// The pains the coach reads: (after the warm-up, worst during the run,
/// right after). Warm-up reports are warm-up pain, main-set reports count
/// toward the worst, cool-down reports are pain after; each is the highest
/// of its answer and its reports.
pub fn pains(answered: Answered, reports: &[PartPain]) -> (Option<u8>, u8, u8) {
    let highest = |part: Part, answer: Option<u8>| {
        reports
            .iter()
            .filter(|r| r.part == part)
            .map(|r| r.pain)
            .chain(answer)
            .max()
    };
    (
        highest(Part::Warmup, answered.after_warmup),
        highest(Part::Main, answered.worst).unwrap_or(0),
        highest(Part::Cooldown, answered.after).unwrap_or(0),
    )
}

/// The highest report made in the main set: what the question after the
/// run offers to keep as the worst.
pub fn worst_reported(reports: &[PartPain]) -> Option<u8> {
    reports
        .iter()
        .filter(|r| r.part == Part::Main)
        .map(|r| r.pain)
        .max()
}

/// How much of the main set's running was done. `spent` is the time spent
/// in each step (pauses left out); a run skipped partway counts the part
/// that was run. A run turned into a walk at the red line was planned but
/// not run.
pub fn main_run(steps: &[FlatStep], outcomes: &[Outcome], spent: &[Duration]) -> MainRun {
    let mut main_run = MainRun {
        planned_secs: 0,
        run_secs: 0,
        runs_planned: 0,
        runs_done: 0,
    };
    for (i, step) in steps.iter().enumerate() {
        let planned_run = step.phase == Phase::Run || step.red_line;
        if step.part != Part::Main || !planned_run {
            continue;
        }
        let length = step.length.estimated_secs();
        main_run.planned_secs += length;
        main_run.runs_planned += 1;
        if step.phase != Phase::Run {
            continue;
        }
        let secs = spent.get(i).map_or(0, |d| d.as_secs() as u32);
        let done = outcomes.get(i) == Some(&Outcome::Done);
        main_run.run_secs += if done { length } else { secs.min(length) };
        main_run.runs_done += u32::from(done);
    }
    main_run
}

/// Whether enough was run to move on, and if not, why in words.
pub fn not_enough_run(main_run: &MainRun, rules: &Rules) -> Option<String> {
    if main_run.share() + 1e-6 >= rules.min_run_share {
        return None;
    }
    let needed = (rules.min_run_share * 100.0).round();
    let run = (main_run.share() * 100.0).floor();
    Some(format!(
        "only {} of {} runs done ({run:.0} % of the running; {needed:.0} % moves on)",
        main_run.runs_done, main_run.runs_planned
    ))
}

/// A session ended this early, before its main set, leaves no trace if
/// the runner wishes: nothing recorded, no run day used.
pub fn may_discard(active: Duration, reached_main: bool, rules: &Rules) -> bool {
    !reached_main && active < Duration::from_secs(u64::from(rules.discard_within_minutes) * 60)
}
