//! Keeps the laptop awake while the session runs: lets go when it ends or
//! after a long pause, and takes hold again when it goes on.

use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

use super::{Output, Turn};
use crate::awake::KeepAwake;
use crate::tui::SessionResult;
use crate::tui::term::Wake;
use crate::workout::Event;

/// A pause longer than this lets the laptop sleep again.
const LONG_PAUSE: Duration = Duration::from_secs(5 * 60);

pub struct SleepLock {
    lock: KeepAwake,
    /// Takes the lock (again).
    take: Box<dyn FnMut() -> KeepAwake>,
    /// Since when the session has been paused, in real time.
    paused_since: Option<Instant>,
}

impl SleepLock {
    /// Asks logind; what fails is said through `report`.
    pub fn new(report: Sender<Wake>) -> SleepLock {
        SleepLock::taking(move || KeepAwake::hold(report.clone()))
    }

    /// With `take` to take the lock, each time it is needed.
    pub fn taking(mut take: impl FnMut() -> KeepAwake + 'static) -> SleepLock {
        SleepLock {
            lock: take(),
            take: Box::new(take),
            paused_since: None,
        }
    }

    pub fn is_held(&self) -> bool {
        self.lock.is_held()
    }
}

impl Output for SleepLock {
    fn on(&mut self, event: &Event, turn: &mut Turn) {
        match event {
            Event::Paused => self.paused_since = Some(turn.real),
            Event::Resumed if self.paused_since.take().is_some() && !self.lock.is_held() => {
                self.lock = (self.take)();
            }
            Event::Finished(_) => self.lock.release(),
            _ => {}
        }
    }

    fn after(&mut self, turn: &mut Turn) {
        // A session picked up again starts paused, with no event to say so.
        if turn.app.workout.is_paused() && self.paused_since.is_none() {
            self.paused_since = Some(turn.real);
        }
        if self
            .paused_since
            .is_some_and(|since| turn.real >= since + LONG_PAUSE)
        {
            self.lock.release();
        }
    }

    fn next_due(&self, _turn: &Turn) -> Option<Instant> {
        self.paused_since
            .filter(|_| self.lock.is_held())
            .map(|since| since + LONG_PAUSE)
    }

    fn finish(&mut self, _turn: &mut Turn, _result: &mut SessionResult) {
        self.lock.release();
    }
}
