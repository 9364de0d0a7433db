//! A session flattened into steps, and (with the session screen) the state
//! machine that runs them. Nothing here reads the clock.

mod steps;

pub use steps::{
    Counter, FlatStep, Length, Part, Phase, REP_SECONDS_ESTIMATE, Side, Totals, flatten_circuit,
    flatten_session,
};
