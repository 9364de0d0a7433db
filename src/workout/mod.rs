//! A session flattened into steps, and the state machine that runs them.
//! Nothing here reads the clock.

mod machine;
mod steps;

pub use machine::{
    BACK_GRACE, COUNTDOWN_FROM, Ending, Event, Outcome, PainReport, PainResponse, PainThresholds,
    Summary, Workout, ceil_secs,
};
pub use steps::{
    Counter, FlatStep, Length, Part, Phase, REP_SECONDS_ESTIMATE, Side, Totals, flatten_circuit,
    flatten_session,
};

use crate::program::{Program, SessionId};

/// A session's run, then the circuit after it, as one workout.
pub fn session_workout(program: &Program, id: SessionId) -> Option<Workout> {
    let mut steps = flatten_session(program, id)?;
    let session = program.session(id)?;
    if let Some(circuit) = program
        .circuit_after(session)
        .and_then(|c| program.circuit(c))
    {
        steps.extend(flatten_circuit(circuit));
    }
    let thresholds = PainThresholds {
        red: program.rules.red_pain,
        stop: program.rules.stop_pain,
    };
    Some(Workout::new(steps, thresholds))
}
