//! Reads a heart-rate strap and a footpod: the live figures for the screen
//! once a second, and each step's readings for the journal. A simulated
//! strap or pod makes the same bytes a real one sends over the radio; both
//! go through the same decoding.

use std::time::{Duration, Instant};

use super::{Output, Turn};
use crate::ble::codec::{HeartRate, Rsc};
use crate::ble::device::uuid16;
use crate::ble::link::{Heard, Link};
use crate::ble::sim_sensors::SimSensors;
use crate::tui::app::SensorView;
use crate::workout::Phase;

const EVERY: Duration = Duration::from_secs(1);

/// A reading older than this is not shown or kept: the strap slipped or
/// the pod's runner stopped.
const STALE_AFTER: Duration = Duration::from_secs(5);

/// The simulated runner's cadence where the program sets none.
const RUN_CADENCE: u32 = 165;
const WALK_CADENCE: u32 = 115;

/// Where a sensor's bytes come from.
pub enum Source {
    Sim,
    Radio(Box<dyn Link>),
}

pub struct Sensors {
    strap: Option<Source>,
    pod: Option<Source>,
    model: SimSensors,
    /// The footpod counts one leg: double it.
    cadence_per_leg: bool,
    bpm: Option<(u16, Instant)>,
    cadence: Option<(u8, Instant)>,
    next: Instant,
}

impl Sensors {
    pub fn new(
        strap: Option<Source>,
        pod: Option<Source>,
        cadence_per_leg: bool,
        now: Instant,
    ) -> Sensors {
        Sensors {
            strap,
            pod,
            model: SimSensors::new(now),
            cadence_per_leg,
            bpm: None,
            cadence: None,
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

    /// This second's bytes from each sensor, whether simulated or heard.
    fn gather(&mut self, turn: &Turn) -> Vec<(u16, Vec<u8>)> {
        let (kmh, cadence) = Sensors::runner(turn);
        let mut bytes = Vec::new();
        for (source, characteristic) in [
            (&mut self.strap, uuid16::HEART_RATE_MEASUREMENT),
            (&mut self.pod, uuid16::RSC_MEASUREMENT),
        ] {
            match source {
                None => {}
                Some(Source::Sim) if characteristic == uuid16::HEART_RATE_MEASUREMENT => {
                    bytes.push((characteristic, self.model.heart_rate(kmh, turn.real)));
                }
                Some(Source::Sim) => bytes.push((characteristic, self.model.footpod(kmh, cadence))),
                Some(Source::Radio(link)) => {
                    bytes.extend(link.heard(turn.real).into_iter().filter_map(|h| match h {
                        Heard::Bytes {
                            characteristic,
                            value,
                        } => Some((characteristic, value)),
                        Heard::Linked | Heard::Lost => None,
                    }));
                }
            }
        }
        bytes
    }

    fn decode(&mut self, characteristic: u16, bytes: &[u8], now: Instant) {
        match characteristic {
            uuid16::HEART_RATE_MEASUREMENT => {
                if let Ok(strap) = HeartRate::decode(bytes) {
                    self.bpm = (strap.bpm > 0).then_some((strap.bpm, now));
                }
            }
            uuid16::RSC_MEASUREMENT => {
                if let Ok(pod) = Rsc::decode(bytes) {
                    let per_leg = if self.cadence_per_leg { 2 } else { 1 };
                    self.cadence = Some((pod.cadence.saturating_mul(per_leg), now));
                }
            }
            _ => {}
        }
    }
}

impl Output for Sensors {
    fn after(&mut self, turn: &mut Turn) {
        if turn.real < self.next {
            return;
        }
        self.next = turn.real + EVERY;
        for (characteristic, bytes) in self.gather(turn) {
            self.decode(characteristic, &bytes, turn.real);
        }
        let fresh = |at: Instant| turn.real.saturating_duration_since(at) < STALE_AFTER;
        let bpm = match self.strap {
            Some(_) => self.bpm.filter(|&(_, at)| fresh(at)).map(|(b, _)| b),
            // The treadmill's own heart rate, if it sends one.
            None => turn.app.sensed.and_then(|s| s.bpm),
        };
        let cadence = self.cadence.filter(|&(_, at)| fresh(at)).map(|(c, _)| c);
        let app = &mut *turn.app;
        app.sensed = (bpm.is_some() || cadence.is_some()).then_some(SensorView { bpm, cadence });
        let workout = &mut app.workout;
        if workout.is_started() && !workout.is_paused() && !workout.is_finished() {
            let cadence = cadence.filter(|&c| c > 0).map(u16::from);
            // The treadmill's heart rate is kept by the belt.
            let strap = bpm.filter(|_| self.strap.is_some());
            workout.add_sensed(strap, cadence);
        }
    }

    fn next_due(&self, _turn: &Turn) -> Option<Instant> {
        Some(self.next)
    }
}
