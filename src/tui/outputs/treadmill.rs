//! Drives the treadmill: at each step's start it asks the step's speed and
//! incline (through the safety rules of `ble::treadmill`), reads the belt
//! as it reports for the screen and the journal, and pauses the session
//! when the belt is stopped on the console or by the safety key. The link
//! is the simulated treadmill or the radio: the same bytes either way.

use std::time::{Duration, Instant};

use super::{Output, Turn};
use crate::ble::codec::{MachineStatus, Outcome, Request, Response, TreadmillData};
use crate::ble::device::uuid16;
use crate::ble::link::{Heard, Link};
use crate::ble::quirks::Wire;
use crate::ble::treadmill::{Limits, News, Treadmill};
use crate::program::SpeedUnit;
use crate::tui::app::{BeltView, SensorView};
use crate::workout::{Event, FlatStep};

/// How often the session looks at what the link heard.
const LOOK_EVERY: Duration = Duration::from_secs(1);

/// For the tests: the simulated runner pulls the safety key this many
/// seconds (real time) into the session.
pub const SAFETY_KEY_ENV: &str = "RTR_SIM_SAFETY_KEY_AFTER";

pub struct Belt {
    treadmill: Treadmill,
    link: Box<dyn Link>,
    wire: Wire,
    unit: SpeedUnit,
    started: Instant,
    next_look: Instant,
    /// The belt's distance at its last reading, metres: the machine's own
    /// count, which may not start at 0.
    counted: Option<u32>,
    /// Metres run on the belt in this session.
    metres: u32,
    /// No strap: the treadmill's own heart rate is the one shown and kept.
    heart_rate_from_belt: bool,
}

/// The simulated treadmill's link, with its scripted safety key if the
/// tests ask for one.
pub fn sim_link(now: Instant) -> crate::ble::sim::SimLink {
    let safety_key_at = std::env::var(SAFETY_KEY_ENV)
        .ok()
        .and_then(|secs| secs.parse::<f64>().ok())
        .map(|secs| now + Duration::from_secs_f64(secs));
    crate::ble::sim::SimLink::new(now, safety_key_at)
}

/// What a belt needs besides its link: the limits, quirks and unit.
pub struct BeltSetup {
    pub unit: SpeedUnit,
    /// 0: the program's highest speed.
    pub max_speed: f32,
    pub max_step: f32,
    pub wire: Wire,
    pub heart_rate_from_belt: bool,
}

/// A speed in the program's unit as the treadmill counts it (0.01 km/h).
fn hundredths(speed: f32, unit: SpeedUnit) -> u16 {
    let kmh = unit.to_kmh(f64::from(speed));
    (kmh * 100.0).round().clamp(0.0, f64::from(u16::MAX)) as u16
}

impl Belt {
    pub fn new(steps: &[FlatStep], setup: BeltSetup, link: Box<dyn Link>, now: Instant) -> Belt {
        let highest = steps.iter().filter_map(|s| s.speed).fold(0.0, f32::max);
        let max_speed = if setup.max_speed > 0.0 {
            setup.max_speed
        } else {
            highest
        };
        Belt {
            treadmill: Treadmill::new(Limits {
                max_speed: hundredths(max_speed, setup.unit),
                max_step: hundredths(setup.max_step, setup.unit),
            }),
            link,
            wire: setup.wire,
            unit: setup.unit,
            started: now,
            next_look: now,
            counted: None,
            metres: 0,
            heart_rate_from_belt: setup.heart_rate_from_belt,
        }
    }

    fn send(&mut self, requests: Vec<Request>, turn: &Turn) {
        for request in requests {
            let on_wire = self.wire.out(request);
            self.link
                .write(uuid16::CONTROL_POINT, &on_wire.encode(), turn.real);
            let at = turn.real.saturating_duration_since(self.started);
            let at = at.as_secs_f64();
            turn.log
                .write(&format!("treadmill: asked {} at +{at:.3} s", said(request)));
        }
    }

    /// Everything the link heard, in order.
    fn look(&mut self, turn: &mut Turn) {
        for heard in self.link.heard(turn.real) {
            match heard {
                Heard::Linked => {
                    let requests = self.treadmill.linked();
                    self.send(requests, turn);
                }
                Heard::Lost => {
                    self.treadmill.lost();
                    turn.app.belt = None;
                }
                Heard::Bytes {
                    characteristic,
                    value,
                } => match characteristic {
                    uuid16::TREADMILL_DATA => self.read(&value, turn),
                    uuid16::MACHINE_STATUS => self.status(&value, turn),
                    uuid16::CONTROL_POINT => self.reply(&value, turn),
                    _ => {}
                },
            }
        }
    }

    /// What the belt reports, and what rtr asks on its way.
    fn read(&mut self, bytes: &[u8], turn: &mut Turn) {
        let Ok(data) = TreadmillData::decode(bytes) else {
            return;
        };
        let data = self.wire.data_in(data);
        let requests = self.treadmill.data(&data);
        self.send(requests, turn);
        let workout = &mut turn.app.workout;
        let moving = workout.is_started() && !workout.is_paused() && !workout.is_finished();
        // The metres since the last reading go to the step on screen.
        if let Some(distance) = data.distance {
            let since = distance.saturating_sub(self.counted.unwrap_or(distance));
            if since > 0 {
                workout.add_distance(f64::from(since));
                self.metres += since;
            }
            self.counted = Some(distance);
        }
        if let Some(speed) = data.speed.filter(|_| moving) {
            workout.add_belt_speed(speed);
        }
        if let Some(bpm) = data
            .heart_rate
            .filter(|&b| b > 0 && self.heart_rate_from_belt)
        {
            if moving {
                workout.add_sensed(Some(u16::from(bpm)), None);
            }
            turn.app.sensed = Some(SensorView {
                bpm: Some(u16::from(bpm)),
                cadence: turn.app.sensed.and_then(|s| s.cadence),
            });
        }
        let capped = self.treadmill.capped.then(|| self.treadmill.limit());
        turn.app.belt = Some(BeltView {
            speed: data.speed.unwrap_or(0),
            distance: self.metres,
            capped,
            unit: self.unit,
        });
    }

    /// A request the machine refused: said in the log, and on screen when
    /// it means rtr does not drive the belt.
    fn reply(&mut self, bytes: &[u8], turn: &mut Turn) {
        let Ok(response) = Response::decode(bytes) else {
            return;
        };
        if response.outcome == Outcome::Success {
            return;
        }
        turn.log.write(&format!(
            "treadmill: request {:#04x} refused: {:?}",
            response.op, response.outcome
        ));
        if response.op == Request::RequestControl.op() {
            turn.app.status =
                Some("The treadmill does not let rtr set its speed: set it on the console.".into());
        }
    }

    /// The treadmill's status, and what the session does about it.
    fn status(&mut self, bytes: &[u8], turn: &mut Turn) {
        let Ok(status) = MachineStatus::decode(bytes) else {
            return;
        };
        match self.treadmill.status(self.wire.status_in(status)) {
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
            Event::Resumed => {
                let requests = self.treadmill.resume();
                self.send(requests, turn);
            }
            _ => {}
        }
    }

    fn after(&mut self, turn: &mut Turn) {
        let due = self.link.next_due().is_some_and(|at| turn.real >= at);
        if due || turn.real >= self.next_look {
            self.next_look = turn.real + LOOK_EVERY;
            self.look(turn);
        }
    }

    fn next_due(&self, _turn: &Turn) -> Option<Instant> {
        [Some(self.next_look), self.link.next_due()]
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
