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
