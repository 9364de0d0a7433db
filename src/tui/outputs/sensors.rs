//! Reads a heart-rate strap and a footpod once a second: the live figures
//! for the screen, and each step's readings for the journal. Only the
//! simulated ones are built: they send the same bytes as real ones.

use std::time::{Duration, Instant};

use super::{Output, Turn};
use crate::ble::codec::{HeartRate, Rsc};
use crate::ble::sim_sensors::SimSensors;
use crate::tui::app::SensorView;
use crate::workout::Phase;

const EVERY: Duration = Duration::from_secs(1);

/// The simulated runner's cadence where the program sets none.
const RUN_CADENCE: u32 = 165;
const WALK_CADENCE: u32 = 115;

pub struct Sensors {
    sim: SimSensors,
    next: Instant,
}

impl Sensors {
    pub fn sim(now: Instant) -> Sensors {
        Sensors {
            sim: SimSensors::new(now),
            next: now,
        }
    }

    /// How fast the simulated runner moves, and at what cadence: the belt's
    /// speed when rtr drives one, else the step's.
    fn runner(turn: &Turn) -> (f64, u8) {
        let app = &*turn.app;
        let moving = app.workout.is_started() && !app.workout.is_paused();
        let step = app.workout.current().filter(|_| moving);
        let kmh = match (app.belt, step) {
            (Some(belt), _) => f64::from(belt.speed) / 100.0,
            (None, Some(step)) => step.speed.map_or(0.0, f64::from),
            (None, None) => 0.0,
        };
        let cadence = match step.map(|s| s.phase) {
            Some(Phase::Run) => app.target_cadence().unwrap_or(RUN_CADENCE),
            Some(Phase::Walk) => WALK_CADENCE,
            _ => 0,
        };
        (kmh, cadence.min(u32::from(u8::MAX)) as u8)
    }
}

impl Output for Sensors {
    fn after(&mut self, turn: &mut Turn) {
        if turn.real < self.next {
            return;
        }
        self.next = turn.real + EVERY;
        let (kmh, cadence) = Sensors::runner(turn);
        let strap = HeartRate::decode(&self.sim.heart_rate(kmh, turn.real));
        let pod = Rsc::decode(&self.sim.footpod(kmh, cadence));
        let (Ok(strap), Ok(pod)) = (strap, pod) else {
            return;
        };
        let app = &mut *turn.app;
        app.sensed = Some(SensorView {
            bpm: strap.bpm,
            cadence: pod.cadence,
        });
        if app.workout.is_started() && !app.workout.is_paused() && !app.workout.is_finished() {
            let cadence = (pod.cadence > 0).then_some(u16::from(pod.cadence));
            app.workout.add_sensed(Some(strap.bpm), cadence);
        }
    }

    fn next_due(&self, _turn: &Turn) -> Option<Instant> {
        Some(self.next)
    }
}
