//! A finished session as a TCX file (Garmin's Training Center format, which
//! Strava, Garmin Connect and intervals.icu import). Pure: the session's
//! record in, the file's text out; no clock, no disk.
//!
//! One lap a step of the run (warm-up, main set, cool-down) that the clock
//! ran in and that was not skipped; one `Track` a stretch the clock ran, so
//! that a pause is a gap between two tracks; the circuit is not a run and is
//! left out. Distance is the treadmill's when one counted it, else the
//! program's speed × the time (said to be an estimate in the file's notes),
//! else none. Calories are an estimate (see [`calories`]).

mod file;
mod tcx;

use chrono::{DateTime, Duration, Utc};

use crate::coach::records::{SessionRecord, StepRecord, time_weighted};
use crate::workout::{Instead, Outcome, Phase};

pub use file::save;
pub use tcx::tcx;

/// The body mass the calorie estimate assumes (rtr does not ask it).
pub const BODY_MASS_KG: f64 = 70.0;
/// A trackpoint at most this often apart within a stretch of running.
pub const TRACKPOINT_EVERY_MS: u64 = 5_000;
/// Speeds the calorie estimate assumes for a step with no speed of its own.
pub const DEFAULT_RUN_KMH: f64 = 8.0;
pub const DEFAULT_WALK_KMH: f64 = 5.0;

/// Why a session gives no TCX file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotExported {
    /// A circuit on its own, or in place of the run: no running or walking.
    Circuit,
    /// Recorded by an rtr before step times were kept.
    NoStepTimes,
}

impl std::fmt::Display for NotExported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NotExported::Circuit => "a circuit, not a run",
            NotExported::NoStepTimes => {
                "recorded before rtr kept the time of each step (rtr 0.1 before TCX export)"
            }
        })
    }
}

/// Where a lap's distance comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Distance {
    /// Counted by the treadmill.
    Recorded(f64),
    /// The program's speed × the time.
    Estimated(f64),
    /// No speed and no treadmill.
    None,
}

impl Distance {
    /// A step's: the treadmill's count, else the program's speed × the
    /// time the clock ran in it.
    pub fn of(step: &StepRecord) -> Distance {
        match (step.distance_m, step.speed_kmh) {
            (Some(m), _) => Distance::Recorded(m),
            (None, Some(kmh)) => Distance::Estimated(f64::from(kmh) / 3.6 * secs(step.millis())),
            (None, None) => Distance::None,
        }
    }

    pub fn metres(self) -> f64 {
        match self {
            Distance::Recorded(m) | Distance::Estimated(m) => m,
            Distance::None => 0.0,
        }
    }
}

/// A step of the run as the TCX file has it.
#[derive(Debug, Clone, PartialEq)]
pub struct Lap<'a> {
    pub step: &'a StepRecord,
    /// Each stretch the clock ran, in UTC.
    pub tracks: Vec<(DateTime<Utc>, DateTime<Utc>)>,
    pub millis: u64,
    pub distance: Distance,
    pub calories: u16,
    /// A run is `Active`; a walk or drills `Resting`.
    pub active: bool,
}

impl Lap<'_> {
    pub fn start(&self) -> DateTime<Utc> {
        self.tracks[0].0
    }
}

/// The steps of a session that are laps, in order: every step of the run
/// the clock ran in, except the skipped ones; none for a circuit.
fn lap_steps(session: &SessionRecord) -> Result<Vec<&StepRecord>, NotExported> {
    if matches!(session.instead, Some(Instead::Circuit | Instead::Prehab)) {
        return Err(NotExported::Circuit);
    }
    let steps: Vec<&StepRecord> = session
        .steps
        .iter()
        .filter(|step| step.outcome != Outcome::Skipped && step.millis() > 0)
        .collect();
    if steps.is_empty() {
        return Err(NotExported::NoStepTimes);
    }
    Ok(steps)
}

/// The laps of a session, one a step of [`lap_steps`].
pub fn laps(session: &SessionRecord) -> Result<Vec<Lap<'_>>, NotExported> {
    let at = wall_clock(session);
    let laps = lap_steps(session)?
        .into_iter()
        .map(|step| {
            let millis = step.millis();
            let distance = Distance::of(step);
            Lap {
                step,
                tracks: step
                    .spans
                    .iter()
                    .map(|[from, to]| (at(*from, true), at(*to, false)))
                    .collect(),
                millis,
                distance,
                calories: calories(step, distance, millis, BODY_MASS_KG),
                active: step.phase == Phase::Run,
            }
        })
        .collect();
    Ok(laps)
}

/// When a moment of the session (milliseconds since its start, pauses
/// counted) happened, in UTC. An interruption is not on the session's own
/// clock: the wall-clock time it lost (the end less the start, less the
/// session's time) falls at the resumes, shared evenly when there were
/// several.
fn wall_clock(session: &SessionRecord) -> impl Fn(u64, bool) -> DateTime<Utc> + '_ {
    let start = session.started.with_timezone(&Utc);
    let on_clock = i64::from(session.active_seconds + session.paused_seconds) * 1000;
    let wall = (session.ended - session.started).num_milliseconds();
    let away = if session.resumes.is_empty() || wall - on_clock < 2_000 {
        0
    } else {
        (wall - on_clock) / session.resumes.len() as i64
    };
    // A stretch that ends where a resume is ended before the time away; one
    // that starts there began after it.
    move |ms, starts| {
        let resumed = session
            .resumes
            .iter()
            .filter(|r| **r < ms || (starts && **r == ms))
            .count() as i64;
        start + Duration::milliseconds(ms as i64 + away * resumed)
    }
}

fn secs(millis: u64) -> f64 {
    millis as f64 / 1000.0
}

/// Kilocalories of a step, gross, by the ACSM metabolic equations (ACSM's
/// Guidelines for Exercise Testing and Prescription): oxygen uptake in
/// ml/kg/min is 0.2·S + 0.9·S·G + 3.5 running and 0.1·S + 1.8·S·G + 3.5
/// walking (S in m/min, G the grade as a fraction), and a litre of oxygen
/// is about 5 kcal. S is the step's distance over its time, else the
/// program's speed, else 8 km/h for a run and 5 km/h for a walk or drills.
pub fn calories(step: &StepRecord, distance: Distance, millis: u64, mass_kg: f64) -> u16 {
    let minutes = secs(millis) / 60.0;
    if minutes <= 0.0 {
        return 0;
    }
    let running = step.phase == Phase::Run;
    let metres_a_minute = match distance {
        Distance::Recorded(m) | Distance::Estimated(m) => m / minutes,
        Distance::None => {
            (if running {
                DEFAULT_RUN_KMH
            } else {
                DEFAULT_WALK_KMH
            }) * 1000.0
                / 60.0
        }
    };
    let grade = f64::from(step.incline.unwrap_or(0.0)).max(0.0) / 100.0;
    let vo2 = if running {
        0.2 * metres_a_minute + 0.9 * metres_a_minute * grade + 3.5
    } else {
        0.1 * metres_a_minute + 1.8 * metres_a_minute * grade + 3.5
    };
    let kcal = vo2 * mass_kg / 1000.0 * 5.0 * minutes;
    kcal.round().clamp(0.0, f64::from(u16::MAX)) as u16
}

/// The file's name: the start (local), the program and the session, e.g.
/// `2025-03-04-071502-knee-return-to-run-3.2.tcx`.
pub fn file_name(session: &SessionRecord) -> String {
    let program = session.program_id.as_deref().unwrap_or(&session.program);
    let mut slug = String::new();
    for c in program.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-');
    let slug = if slug.is_empty() { "program" } else { slug };
    format!(
        "{}-{slug}-{}.tcx",
        session.started.format("%Y-%m-%d-%H%M%S"),
        session.session
    )
}

/// Where a session's distance in all comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DistanceFrom {
    /// Every lap's distance was counted by the treadmill.
    Treadmill,
    /// Every lap's is the program's speed × the time.
    Estimate,
    /// Some of each.
    Both,
}

impl DistanceFrom {
    /// Where these distances come from; None when none has one.
    pub fn of(distances: impl IntoIterator<Item = Distance>) -> Option<DistanceFrom> {
        let (mut recorded, mut estimated) = (false, false);
        for distance in distances {
            match distance {
                Distance::Recorded(_) => recorded = true,
                Distance::Estimated(_) => estimated = true,
                Distance::None => {}
            }
        }
        match (recorded, estimated) {
            (true, true) => Some(DistanceFrom::Both),
            (true, false) => Some(DistanceFrom::Treadmill),
            (false, true) => Some(DistanceFrom::Estimate),
            (false, false) => None,
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            DistanceFrom::Treadmill => "treadmill",
            DistanceFrom::Estimate => "estimate",
            DistanceFrom::Both => "treadmill+estimate",
        }
    }
}

/// What a session's steps add up to, for the history's csv and json: each
/// is None when nothing of it was recorded (or, for the distance, when the
/// session gives no TCX file).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Totals {
    /// Metres over the laps the TCX file has (the skipped steps left out).
    pub distance_m: Option<f64>,
    pub distance_from: Option<DistanceFrom>,
    /// The strap's average over every step it measured, weighted by time.
    pub avg_hr: Option<u8>,
    /// The highest heart rate of any step.
    pub peak_hr: Option<u8>,
    /// The footpod's average over every step it measured, weighted by time.
    pub avg_cadence: Option<u16>,
}

pub fn totals(session: &SessionRecord) -> Totals {
    let distances: Vec<Distance> = lap_steps(session)
        .unwrap_or_default()
        .into_iter()
        .map(Distance::of)
        .collect();
    let distance_from = DistanceFrom::of(distances.iter().copied());
    let steps = &session.steps;
    Totals {
        distance_m: distance_from.map(|_| distances.iter().map(|d| d.metres()).sum()),
        distance_from,
        avg_hr: time_weighted(steps, |s| s.heart_rate.map(f64::from)).map(|v| v.round() as u8),
        peak_hr: steps
            .iter()
            .filter_map(|step| step.peak_heart_rate.or(step.heart_rate))
            .max(),
        avg_cadence: time_weighted(steps, |s| s.cadence.map(f64::from)).map(|v| v.round() as u16),
    }
}
