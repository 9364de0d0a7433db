//! What the voice says, and when: pure, from the workout and the time given.

use std::time::{Duration, Instant};

use crate::words::{capitalized, number};
use crate::workout::{FlatStep, Length, Part, Phase, Side, Workout};

pub const SESSION_COMPLETE: &str = "Session complete";
pub const HALFWAY: &str = "Halfway";
pub const NO_MORE_RUNNING: &str = "Walk now. No more running today";

/// "Run, one minute. Three intervals left." for the step at `index`.
pub fn step_words(steps: &[FlatStep], index: usize) -> String {
    let Some(step) = steps.get(index) else {
        return String::new();
    };
    let mut words = step.label.clone();
    if let Some(side) = step.side {
        words.push_str(match side {
            Side::Left => ", left side",
            Side::Right => ", right side",
        });
    }
    words.push_str(", ");
    words.push_str(&spoken_length(step.length));
    if step.phase == Phase::Run
        && step.part == Part::Main
        && let Some(interval) = step.interval
    {
        match interval.of - interval.index + 1 {
            1 if interval.of > 1 => words.push_str(". Last interval"),
            left @ 2..=3 => {
                words.push_str(&format!(". {} intervals left", capitalized(&number(left))))
            }
            _ => {}
        }
    }
    words
}

/// Says "Halfway" once, when half the main set's planned time is behind.
#[derive(Debug, Default)]
pub struct Halfway {
    said: bool,
    /// The main set's planned time, fixed for the session.
    main: Duration,
}

impl Halfway {
    /// A session picked up past its half does not announce it again.
    pub fn new(workout: &Workout, now: Instant) -> Self {
        let main = workout.steps().iter().filter(in_main).map(planned).sum();
        let mut halfway = Halfway { said: false, main };
        halfway.said = halfway.past_half(workout, now);
        halfway
    }

    pub fn due(&mut self, workout: &Workout, now: Instant) -> bool {
        if self.said || !self.past_half(workout, now) {
            return false;
        }
        self.said = true;
        true
    }

    fn past_half(&self, workout: &Workout, now: Instant) -> bool {
        if self.main.is_zero() || workout.is_finished() {
            return false;
        }
        let index = workout.index();
        let behind: Duration = workout.steps()[..index]
            .iter()
            .filter(in_main)
            .map(planned)
            .sum();
        let in_step = match workout.current() {
            Some(step) if in_main(&step) => {
                let left = workout.remaining(now).unwrap_or_default();
                planned(step).saturating_sub(left)
            }
            _ => Duration::ZERO,
        };
        (behind + in_step) * 2 >= self.main
    }
}

fn in_main(step: &&FlatStep) -> bool {
    step.part == Part::Main
}

fn planned(step: &FlatStep) -> Duration {
    Duration::from_secs(u64::from(step.length.estimated_secs()))
}

/// "one minute thirty", "four minutes", "forty-five seconds", "10 reps".
pub fn spoken_length(length: Length) -> String {
    let secs = match length {
        Length::Reps(reps) => return format!("{reps} reps"),
        Length::Seconds(secs) => secs,
    };
    let (minutes, seconds) = (secs / 60, secs % 60);
    match (minutes, seconds) {
        (0, s) => format!("{} second{}", number(s), plural(s)),
        (m, 0) => format!("{} minute{}", number(m), plural(m)),
        (m, s) => format!("{} minute{} {}", number(m), plural(m), number(s)),
    }
}

fn plural(n: u32) -> &'static str {
    if n == 1 { "" } else { "s" }
}
