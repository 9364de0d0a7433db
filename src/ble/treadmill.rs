//! What rtr asks of a treadmill, and when: a pure state machine fed the
//! session's steps and the treadmill's own words, answering with the
//! control point requests to send. The safety rules live here:
//!
//! - rtr never starts the belt: a speed asked while the belt stands still
//!   waits until the runner starts it on the console;
//! - never above `max_speed`, and never more than `max_step` at once: a
//!   bigger change goes in steps, each sent once the belt has reached the
//!   one before;
//! - the runner's own change on the console wins until the next step;
//! - the safety key, or a stop on the console, pauses the session;
//! - while the session is paused nothing is asked: on resuming, the step's
//!   incline and speed (the speed once the runner has the belt moving).

use super::codec::{MachineStatus, Request, TreadmillData};

/// Speeds in 0.01 km/h, inclines in 0.1 %, as the treadmill counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_speed: u16,
    pub max_step: u16,
}

/// How far a belt's speed may be from the speed asked and count as there
/// (0.01 km/h): machines round.
const ROUNDING: u16 = 5;

/// What the session should do about the treadmill's news.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum News {
    /// The belt stopped (safety key, or stopped on the console): pause.
    Stopped { safety_key: bool },
    /// The runner set another speed on the console: followed until the
    /// next step.
    RunnerChanged(u16),
    /// rtr lost control of the treadmill (another app took it).
    ControlLost,
}

#[derive(Debug, Clone)]
pub struct Treadmill {
    limits: Limits,
    /// The step's speed, capped, and whether the cap cut it.
    target: Option<u16>,
    pub capped: bool,
    /// The step's incline, to ask again after a lost link.
    incline: Option<i16>,
    /// The last speed asked, until the machine reports it.
    asked: Option<u16>,
    /// The runner's own speed on the console, this step.
    runner: Option<u16>,
    belt: u16,
    controlled: bool,
    /// The session is paused: nothing is asked until it resumes.
    paused: bool,
}

impl Treadmill {
    pub fn new(limits: Limits) -> Self {
        Treadmill {
            limits,
            target: None,
            capped: false,
            incline: None,
            asked: None,
            runner: None,
            belt: 0,
            controlled: false,
            paused: false,
        }
    }

    /// The highest speed rtr asks, 0.01 km/h.
    pub fn limit(&self) -> u16 {
        self.limits.max_speed
    }

    /// The belt's speed as the treadmill last reported it.
    pub fn belt(&self) -> u16 {
        self.belt
    }

    /// A new step begins (after its 3-2-1): its speed and incline, if the
    /// program gives them. The runner's console change is forgotten.
    pub fn step(&mut self, speed: Option<u16>, incline: Option<i16>) -> Vec<Request> {
        let max = self.limits.max_speed;
        self.capped = speed.is_some_and(|s| s > max);
        self.target = speed.map(|s| s.min(max));
        self.incline = incline;
        self.runner = None;
        self.asked = None;
        self.ask_again()
    }

    /// The link dropped: the machine forgets who controls it.
    pub fn lost(&mut self) {
        self.controlled = false;
        self.asked = None;
    }

    /// The link is up (again): unless control is already asked, ask for
    /// it, and again the step's incline and speed (unless the runner took
    /// over on the console this step).
    pub fn linked(&mut self) -> Vec<Request> {
        if self.controlled {
            return Vec::new();
        }
        self.ask_again()
    }

    fn ask_again(&mut self) -> Vec<Request> {
        let mut requests = self.take_control();
        if self.paused {
            return requests;
        }
        if self.runner.is_none() {
            requests.extend(self.incline.map(Request::TargetIncline));
        }
        requests.extend(self.next_speed());
        requests
    }

    fn take_control(&mut self) -> Vec<Request> {
        if self.controlled {
            return Vec::new();
        }
        self.controlled = true;
        vec![Request::RequestControl]
    }

    /// The next speed to ask on the way to the target: none while the belt
    /// stands still, the runner has taken over, or the belt is still on its
    /// way to the last one asked.
    fn next_speed(&mut self) -> Option<Request> {
        let target = self.target?;
        let busy = self.asked.is_some() || self.runner.is_some() || self.paused;
        if self.belt == 0 || busy || self.belt == target {
            return None;
        }
        let step = self.limits.max_step.max(1);
        let next = if target > self.belt {
            target.min(self.belt.saturating_add(step))
        } else {
            // From above the limit (the runner's own speed) the limit comes
            // first, whatever the step.
            target
                .max(self.belt.saturating_sub(step))
                .min(self.limits.max_speed)
        };
        self.asked = Some(next);
        Some(Request::TargetSpeed(next))
    }

    /// The treadmill's data: the belt moving (or reaching a step on the way)
    /// lets the next speed go.
    pub fn data(&mut self, data: &TreadmillData) -> Vec<Request> {
        let Some(speed) = data.speed else {
            return Vec::new();
        };
        self.belt = speed;
        // Reached, to the nearest 0.05 km/h a machine may round to.
        if self
            .asked
            .is_some_and(|asked| asked.abs_diff(speed) <= ROUNDING)
        {
            self.asked = None;
        }
        self.next_speed().into_iter().collect()
    }

    /// The treadmill's status: what the session should know, if anything.
    pub fn status(&mut self, status: MachineStatus) -> Option<News> {
        match status {
            MachineStatus::SafetyKey => Some(self.stopped(true)),
            MachineStatus::StoppedOrPausedByUser => Some(self.stopped(false)),
            MachineStatus::SpeedChanged(speed) if self.asked != Some(speed) => {
                // Not what rtr asked: the runner's hand on the console.
                let ours = self.asked.is_none() && self.target == Some(speed);
                if ours {
                    return None;
                }
                self.runner = Some(speed);
                self.asked = None;
                Some(News::RunnerChanged(speed))
            }
            MachineStatus::ControlLost => {
                self.controlled = false;
                Some(News::ControlLost)
            }
            _ => None,
        }
    }

    fn stopped(&mut self, safety_key: bool) -> News {
        self.belt = 0;
        self.asked = None;
        self.paused = true;
        News::Stopped { safety_key }
    }

    /// The session paused: ask the belt to pause too (it is never asked to
    /// start again: the runner does that on the console), and nothing more
    /// until the session resumes.
    pub fn pause(&mut self) -> Vec<Request> {
        self.paused = true;
        self.asked = None;
        if self.belt == 0 {
            return Vec::new();
        }
        vec![Request::Pause]
    }

    /// The session goes on: the step's incline, and its speed once the
    /// belt moves.
    pub fn resume(&mut self) -> Vec<Request> {
        self.paused = false;
        self.ask_again()
    }
}
