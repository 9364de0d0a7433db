//! A session flattened into steps, and the state machine that runs them.
//! Nothing here reads the clock.

mod machine;
mod metronome;
mod steps;

pub use machine::{
    BACK_GRACE, COUNTDOWN_FROM, Ending, Event, Outcome, PainReport, PainResponse, PainThresholds,
    Sensed, Snapshot, Span, Summary, WALK_INSTEAD, Workout, ceil_secs, round_secs,
};
pub use metronome::Metronome;
pub use steps::{
    Counter, FlatStep, Length, Part, Phase, REP_SECONDS_ESTIMATE, Side, Totals, flatten_circuit,
    flatten_session,
};

use serde::{Deserialize, Serialize};

use crate::program::{Program, SessionId, SpeedUnit};

/// What the screen says about the session, fixed for its length.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub program: String,
    /// "1.1" or "1.1 · Try the timer".
    pub title: String,
    pub pain_site: String,
    pub speed_unit: SpeedUnit,
    /// Some(N): a rehearsal N times faster, never recorded.
    pub rehearsal: Option<u32>,
    pub red_pain: u8,
    pub stop_pain: u8,
    /// The runner's own cadence, for targets set above it.
    #[serde(default)]
    pub own_cadence: Option<u32>,
    /// What replaced the run on a day the knee was not ready.
    #[serde(default)]
    pub instead: Option<Instead>,
}

/// What a session was instead of a run, after the ready-to-run check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Instead {
    /// The session's steps, walking.
    Walk,
    /// The week's circuit alone.
    Circuit,
    /// A circuit chosen on its own (`rtr prehab`, c on home), not on a
    /// day the run was off.
    Prehab,
}

impl Instead {
    pub fn word(self) -> &'static str {
        match self {
            Instead::Walk => "walk",
            Instead::Circuit => "circuit",
            Instead::Prehab => "prehab",
        }
    }
}

/// A session's run, then the circuit after it, as one workout.
pub fn session_workout(program: &Program, id: SessionId) -> Option<Workout> {
    session_workout_easing(program, id, &[])
}

/// The same, with advice on the exercises that hurt last time.
pub fn session_workout_easing(
    program: &Program,
    id: SessionId,
    painful: &[String],
) -> Option<Workout> {
    let mut steps = flatten_session(program, id)?;
    let session = program.session(id)?;
    if let Some(circuit) = program
        .circuit_after(session)
        .and_then(|c| program.circuit(c))
    {
        steps.extend(flatten_circuit(circuit));
    }
    ease(&mut steps, painful);
    Some(Workout::new(steps, thresholds(program)))
}

/// A circuit on its own, with the same advice on what hurt last time.
pub fn circuit_workout(program: &Program, circuit: &str, painful: &[String]) -> Option<Workout> {
    let mut steps = flatten_circuit(program.circuit(circuit)?);
    ease(&mut steps, painful);
    Some(Workout::new(steps, thresholds(program)))
}

/// The exercises that hurt last time say to make them easier.
fn ease(steps: &mut [FlatStep], painful: &[String]) {
    for step in steps
        .iter_mut()
        .filter(|s| s.part == Part::Circuit && painful.contains(&s.label))
    {
        let cue = step.cue.take().map(|c| format!(" {c}")).unwrap_or_default();
        step.cue = Some(format!(
            "It hurt last time: make it easier (shallower, fewer reps, no band).{cue}"
        ));
    }
}

fn thresholds(program: &Program) -> PainThresholds {
    PainThresholds {
        red: program.rules.red_pain,
        stop: program.rules.stop_pain,
    }
}
