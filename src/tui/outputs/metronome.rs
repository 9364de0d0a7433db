//! The metronome: clicks on every step while a run with a target cadence
//! runs at real speed, from the run's start; silent in walks (a run turned
//! into a walk at the red line included), pauses and rehearsals.

use std::time::Instant;

use super::{Output, Turn};
use crate::sound::SoundHandle;

pub struct Beat {
    sound: SoundHandle,
}

impl Beat {
    pub fn new(sound: SoundHandle) -> Beat {
        Beat { sound }
    }
}

impl Output for Beat {
    fn after(&mut self, turn: &mut Turn) {
        if turn.app.sync_metronome(turn.now) {
            let beat = turn
                .app
                .metronome
                .map(|m| (m.spm(), turn.clock.real_time(m.at_or_after(turn.now))));
            self.sound.clicks(beat);
        }
    }

    /// The beat on screen moves at every step.
    fn next_due(&self, turn: &Turn) -> Option<Instant> {
        let beat = turn.app.metronome?;
        Some(turn.clock.real_time(beat.next(turn.now)))
    }
}
