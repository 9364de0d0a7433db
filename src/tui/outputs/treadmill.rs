//! Drives the treadmill: at each step's start it asks the step's speed and
//! incline (through the safety rules of `ble::treadmill`), reads the belt
//! once a second for the screen, and pauses the session when the belt is
//! stopped on the console or by the safety key. Only the simulated
//! treadmill is built: it speaks the same bytes in-process.

use std::time::{Duration, Instant};

use super::{Output, Turn};
use crate::ble::codec::{MachineStatus, Request, TreadmillData};
use crate::ble::sim::SimTreadmill;
use crate::ble::treadmill::{Limits, News, Treadmill};
use crate::program::SpeedUnit;
use crate::tui::app::BeltView;
use crate::workout::{Event, FlatStep};

/// How often the belt reports, as a treadmill notifies its data.
const DATA_EVERY: Duration = Duration::from_secs(1);

/// When the simulated runner starts the belt, after the session starts.
const SIM_START_AFTER: Duration = Duration::from_secs(1);

/// For the tests: the simulated runner pulls the safety key this many
/// seconds (real time) into the session.
pub const SAFETY_KEY_ENV: &str = "RTR_SIM_SAFETY_KEY_AFTER";

pub struct Belt {
    treadmill: Treadmill,
    sim: SimTreadmill,
    unit: SpeedUnit,
    started: Instant,
    belt_started: bool,
    safety_key_at: Option<Instant>,
    next_data: Instant,
    /// The belt's distance at its last reading, metres.
    counted: Option<u32>,
}

/// A speed in the program's unit as the treadmill counts it (0.01 km/h).
fn hundredths(speed: f32, unit: SpeedUnit) -> u16 {
    let kmh = unit.to_kmh(f64::from(speed));
    (kmh * 100.0).round().clamp(0.0, f64::from(u16::MAX)) as u16
}

impl Belt {
    /// `max_speed` 0: the program's highest speed.
    pub fn sim(
        steps: &[FlatStep],
        unit: SpeedUnit,
        max_speed: f32,
        max_step: f32,
        now: Instant,
    ) -> Belt {
        let highest = steps.iter().filter_map(|s| s.speed).fold(0.0, f32::max);
        let max_speed = if max_speed > 0.0 { max_speed } else { highest };
        let safety_key_at = std::env::var(SAFETY_KEY_ENV)
            .ok()
            .and_then(|secs| secs.parse::<f64>().ok())
            .map(|secs| now + Duration::from_secs_f64(secs));
        Belt {
            treadmill: Treadmill::new(Limits {
                max_speed: hundredths(max_speed, unit),
                max_step: hundredths(max_step, unit),
            }),
            sim: SimTreadmill::new(now),
            unit,
            started: now,
            belt_started: false,
            safety_key_at,
            next_data: now,
            counted: None,
        }
    }

    fn send(&mut self, requests: Vec<Request>, turn: &Turn) {
        for request in requests {
            let _reply = self.sim.write(&request.encode(), turn.real);
            let at = turn.real.saturating_duration_since(self.started);
            let at = at.as_secs_f64();
            turn.log
                .write(&format!("treadmill: asked {} at +{at:.3} s", said(request)));
        }
    }

    /// What the belt reports, and what rtr asks on its way.
    fn read(&mut self, turn: &mut Turn) {
        self.sim.advance(turn.real);
        let Ok(data) = TreadmillData::decode(&self.sim.data()) else {
            return;
        };
        let requests = self.treadmill.data(&data);
        self.send(requests, turn);
        // The metres since the last reading go to the step on screen.
        if let Some(distance) = data.distance {
            let since = distance.saturating_sub(self.counted.unwrap_or(distance));
            if since > 0 {
                turn.app.workout.add_distance(f64::from(since));
            }
            self.counted = Some(distance);
        }
        let capped = self.treadmill.capped.then(|| self.treadmill.limit());
        turn.app.belt = Some(BeltView {
            speed: data.speed.unwrap_or(0),
            distance: data.distance.unwrap_or(0),
            capped,
            unit: self.unit,
        });
    }

    /// The treadmill's status, and what the session does about it.
    fn status(&mut self, bytes: &[u8], turn: &mut Turn) {
        let Ok(status) = MachineStatus::decode(bytes) else {
            return;
        };
        match self.treadmill.status(status) {
            Some(News::Stopped { safety_key }) => {
                let why = if safety_key {
                    "The safety key is out"
                } else {
                    "The belt was stopped on the console"
                };
                turn.log.write(&format!("treadmill: {why}; session paused"));
                let _ = turn.app.workout.pause(turn.now);
                turn.app.status = Some(format!(
                    "{why}: the session is paused. Start the belt on the console, then space goes on."
                ));
            }
            Some(News::RunnerChanged(speed)) => {
                turn.app.status = Some(format!(
                    "Your speed on the console, {}: rtr follows it until the next step.",
                    shown(speed, self.unit)
                ));
            }
            Some(News::ControlLost) => {
                turn.app.status =
                    Some("Another app took the treadmill: rtr asks again at the next step.".into());
            }
            None => {}
        }
    }
}

impl Output for Belt {
    fn on(&mut self, event: &Event, turn: &mut Turn) {
        match *event {
            Event::PhaseChanged(index) => {
                let step = &turn.app.workout.steps()[index];
                let speed = step.speed.map(|s| hundredths(s, self.unit));
                let incline = step.incline.map(|i| (i * 10.0).round() as i16);
                let requests = self.treadmill.step(speed, incline);
                self.send(requests, turn);
            }
            Event::Paused => {
                let requests = self.treadmill.pause();
                self.send(requests, turn);
            }
            _ => {}
        }
    }

    fn after(&mut self, turn: &mut Turn) {
        if !self.belt_started && turn.real >= self.started + SIM_START_AFTER {
            self.belt_started = true;
            let status = self.sim.start(turn.real);
            self.status(&status, turn);
        }
        if self.safety_key_at.is_some_and(|at| turn.real >= at) {
            self.safety_key_at = None;
            let status = self.sim.safety_key(turn.real);
            self.status(&status, turn);
        }
        if turn.real >= self.next_data {
            self.next_data = turn.real + DATA_EVERY;
            self.read(turn);
        }
    }

    fn next_due(&self, _turn: &Turn) -> Option<Instant> {
        let start = (!self.belt_started).then_some(self.started + SIM_START_AFTER);
        [Some(self.next_data), start, self.safety_key_at]
            .into_iter()
            .flatten()
            .min()
    }
}

/// "8.0 km/h" from 0.01 km/h, in the program's unit.
pub fn shown(hundredths: u16, unit: SpeedUnit) -> String {
    let value = unit.from_kmh(f64::from(hundredths) / 100.0);
    format!("{value:.1} {}", unit.label())
}

/// A request as the log says it: "speed 8.00 km/h", "incline 1.0 %".
fn said(request: Request) -> String {
    match request {
        Request::TargetSpeed(speed) => format!("speed {:.2} km/h", f64::from(speed) / 100.0),
        Request::TargetIncline(incline) => format!("incline {:.1} %", f64::from(incline) / 10.0),
        other => format!("{other:?}"),
    }
}
