//! The coach's thresholds. Every number has the default of DESIGN.md and can
//! be overridden in a program's `rules: Rules(...)`.

use serde::{Deserialize, Serialize};

/// Pain is on the 0–10 scale throughout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Rules {
    /// Worst pain during a run at or above this is amber (hold).
    pub amber_pain: u8,
    /// Worst pain during a run at or above this is red (step back).
    pub red_pain: u8,
    /// Any pain at or above this stops the program: see a physical therapist.
    pub stop_pain: u8,
    /// Pain after the warm-up at or above this is amber if it eases below
    /// it during the run, red if the run's pain reaches it too.
    pub warmup_pain: u8,
    /// Pain right after the session more than this above the pain before
    /// it is amber: the knee has not settled.
    pub settled_max_rise: u8,
    /// Pain before the run at or above this means no run today.
    pub ready_pain: u8,
    /// Pain before the run more than this above the runner's usual pain
    /// before (the median of the last `usual_runs`) means no run today.
    pub ready_max_rise: u8,
    pub usual_runs: u32,
    /// The share of the main set's planned run time that must be run for
    /// the session to advance (0.9: 90 %).
    pub min_run_share: f32,
    /// A session quit within this many minutes, before its main set, may
    /// be discarded: nothing recorded, no run day used.
    pub discard_within_minutes: u32,
    /// Next-morning pain at or above this is red.
    pub morning_red_pain: u8,
    /// Next-morning pain this much above the baseline is amber...
    pub morning_amber_rise: u8,
    /// ...and this much above it is red.
    pub morning_red_rise: u8,
    /// Worst pain rising this many sessions in a row is amber.
    pub rising_sessions: u32,
    /// Full days of rest between run sessions.
    pub rest_days: u32,
    /// Days with no running after a red session.
    pub red_rest_days: u32,
    /// Extra rest days when the next-morning answer turned a session amber.
    pub morning_amber_extra_rest_days: u32,
    /// Days without a run before the program steps down.
    pub missed_days_allowed: u32,
    /// One week down for every this many days beyond `missed_days_allowed`.
    pub missed_days_per_week_down: u32,
    /// This many reds...
    pub stop_reds: u32,
    /// ...within this many days (from the first of them) stop the program.
    pub stop_reds_window_days: u32,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            amber_pain: 3,
            red_pain: 5,
            stop_pain: 7,
            warmup_pain: 3,
            settled_max_rise: 1,
            ready_pain: 3,
            ready_max_rise: 1,
            usual_runs: 5,
            min_run_share: 0.9,
            discard_within_minutes: 2,
            morning_red_pain: 5,
            morning_amber_rise: 1,
            morning_red_rise: 3,
            rising_sessions: 3,
            rest_days: 1,
            red_rest_days: 2,
            morning_amber_extra_rest_days: 1,
            missed_days_allowed: 7,
            missed_days_per_week_down: 5,
            stop_reds: 3,
            stop_reds_window_days: 14,
        }
    }
}
