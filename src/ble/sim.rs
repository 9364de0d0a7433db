//! A simulated FTMS treadmill: it reads the same control point bytes a real
//! one would and answers with the same Treadmill Data, Machine Status and
//! reply bytes, so a rehearsal and the tests drive rtr's whole treadmill
//! path without a radio. Its belt changes speed at a treadmill's pace, and
//! only its "runner" starts it, as on a real console. Time is passed in.

use std::time::{Duration, Instant};

use super::codec::{MachineStatus, Outcome, Request, Response, TreadmillData};
use super::device::uuid16;
use super::link::{Heard, Link};

/// How fast the belt changes speed: 0.01 km/h a second (about 2 km/h in
/// a second and a half, like a home treadmill).
const RAMP: f64 = 140.0;

/// The speed the simulated runner starts the belt at (0.01 km/h).
pub const START_SPEED: u16 = 200;

#[derive(Debug, Clone)]
pub struct SimTreadmill {
    /// The belt's speed and the speed it is heading for, 0.01 km/h.
    speed: f64,
    target: u16,
    /// 0.1 %.
    incline: i16,
    /// Metres run on the belt.
    distance: f64,
    controlled: bool,
    at: Instant,
    /// Every request read, with when: what the tests check.
    pub heard: Vec<(Instant, Request)>,
}

impl SimTreadmill {
    pub fn new(now: Instant) -> Self {
        SimTreadmill {
            speed: 0.0,
            target: 0,
            incline: 0,
            distance: 0.0,
            controlled: false,
            at: now,
            heard: Vec::new(),
        }
    }

    /// Moves the belt on to `now`: its speed towards the target, its
    /// distance by the speed.
    pub fn advance(&mut self, now: Instant) {
        let secs = now.saturating_duration_since(self.at).as_secs_f64();
        self.at = self.at.max(now);
        let target = f64::from(self.target);
        let before = self.speed;
        let change = (target - self.speed).clamp(-RAMP * secs, RAMP * secs);
        self.speed += change;
        // km/h in 0.01 units to metres a second, averaged over the ramp.
        self.distance += (before + self.speed) / 2.0 / 100.0 / 3.6 * secs;
    }

    /// The control point: a request written, the reply indication read.
    pub fn write(&mut self, bytes: &[u8], now: Instant) -> Vec<u8> {
        self.advance(now);
        let Ok(request) = Request::decode(bytes) else {
            return vec![0x80, bytes.first().copied().unwrap_or(0), 0x02];
        };
        self.heard.push((now, request));
        let outcome = match request {
            Request::RequestControl => {
                self.controlled = true;
                Outcome::Success
            }
            _ if !self.controlled => Outcome::NotPermitted,
            // Speed changes only while the belt runs: its console starts it.
            Request::TargetSpeed(_) if self.target == 0 => Outcome::NotPermitted,
            Request::TargetSpeed(speed) => {
                self.target = speed;
                Outcome::Success
            }
            Request::TargetIncline(incline) => {
                self.incline = incline;
                Outcome::Success
            }
            // A treadmill that rtr could start is not one it should.
            Request::StartOrResume => Outcome::NotPermitted,
            Request::Stop | Request::Pause => {
                self.target = 0;
                Outcome::Success
            }
        };
        Response::to(request, outcome).encode()
    }

    /// The runner presses start on the console.
    pub fn start(&mut self, now: Instant) -> Vec<u8> {
        self.advance(now);
        self.target = START_SPEED;
        MachineStatus::StartedByUser.encode()
    }

    /// The runner pulls the safety key: the belt stops at once.
    pub fn safety_key(&mut self, now: Instant) -> Vec<u8> {
        self.advance(now);
        self.target = 0;
        self.speed = 0.0;
        MachineStatus::SafetyKey.encode()
    }

    /// Treadmill Data, as the machine notifies it once a second.
    pub fn data(&self) -> Vec<u8> {
        TreadmillData {
            speed: Some(self.speed.round() as u16),
            distance: Some(self.distance as u32),
            incline: Some((self.incline, 0)),
            ..TreadmillData::default()
        }
        .encode()
    }

    /// The belt's speed now, 0.01 km/h.
    pub fn speed(&self) -> u16 {
        self.speed.round() as u16
    }

    /// How long the belt takes to change by `by` (0.01 km/h).
    pub fn ramp_time(by: u16) -> Duration {
        Duration::from_secs_f64(f64::from(by) / RAMP)
    }
}

/// How often the simulated treadmill notifies its data.
const DATA_EVERY: Duration = Duration::from_secs(1);

/// When the simulated runner starts the belt, after the link opens.
const START_AFTER: Duration = Duration::from_secs(1);

/// The simulated treadmill behind a [`Link`], with a scripted runner: they
/// start the belt a second in, and pull the safety key at `safety_key_at`
/// if given.
pub struct SimLink {
    belt: SimTreadmill,
    start_at: Option<Instant>,
    safety_key_at: Option<Instant>,
    next_data: Instant,
    said: Vec<Heard>,
}

impl SimLink {
    pub fn new(now: Instant, safety_key_at: Option<Instant>) -> SimLink {
        SimLink {
            belt: SimTreadmill::new(now),
            start_at: Some(now + START_AFTER),
            safety_key_at,
            next_data: now,
            said: vec![Heard::Linked],
        }
    }

    fn say(&mut self, characteristic: u16, value: Vec<u8>) {
        self.said.push(Heard::Bytes {
            characteristic,
            value,
        });
    }
}

impl Link for SimLink {
    fn write(&mut self, characteristic: u16, bytes: &[u8], now: Instant) {
        if characteristic == uuid16::CONTROL_POINT {
            let reply = self.belt.write(bytes, now);
            self.say(uuid16::CONTROL_POINT, reply);
        }
    }

    fn heard(&mut self, now: Instant) -> Vec<Heard> {
        if self.start_at.is_some_and(|at| now >= at) {
            self.start_at = None;
            let status = self.belt.start(now);
            self.say(uuid16::MACHINE_STATUS, status);
        }
        if self.safety_key_at.is_some_and(|at| now >= at) {
            self.safety_key_at = None;
            let status = self.belt.safety_key(now);
            self.say(uuid16::MACHINE_STATUS, status);
        }
        if now >= self.next_data {
            self.next_data = now + DATA_EVERY;
            self.belt.advance(now);
            let data = self.belt.data();
            self.say(uuid16::TREADMILL_DATA, data);
        }
        std::mem::take(&mut self.said)
    }

    fn next_due(&self) -> Option<Instant> {
        [Some(self.next_data), self.start_at, self.safety_key_at]
            .into_iter()
            .flatten()
            .min()
    }
}
