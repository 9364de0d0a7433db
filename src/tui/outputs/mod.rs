//! What a running session drives besides its screen: each output is one
//! module behind [`Output`], and they are registered in [`register`]. The
//! session's loop hands every event of the workout to each, gives each a
//! turn after them, and wakes when the earliest wants it. A new output is
//! one file here and one line in `register`.

pub mod awake;
pub mod bell;
mod devices;
pub mod metronome;
pub mod recording;
pub mod sensors;
pub mod sound;
pub mod treadmill;

use std::sync::mpsc::Sender;
use std::time::Instant;

use super::app::App;
use super::clock::SessionClock;
use super::term::Wake;
use super::{SessionOptions, SessionResult};
use crate::journal::Recorder;
use crate::log::Log;
use crate::workout::Event;

/// One turn of the loop, as the outputs see it.
pub struct Turn<'a> {
    pub app: &'a mut App,
    /// The events of this turn, in order.
    pub events: &'a [Event],
    /// The session's time (faster than real time in a rehearsal).
    pub now: Instant,
    pub real: Instant,
    pub clock: SessionClock,
    pub log: &'a Log,
    /// A key (or a signal) came this turn: a fact may have changed.
    pub keyed: bool,
}

pub trait Output {
    /// One change of the session.
    fn on(&mut self, _event: &Event, _turn: &mut Turn) {}
    /// Every turn, after its events.
    fn after(&mut self, _turn: &mut Turn) {}
    /// A thread's word meant for the outputs (a failure, a note).
    fn heard(&mut self, _wake: &Wake, _turn: &mut Turn) {}
    /// When it wants a turn by itself, in real time.
    fn next_due(&self, _turn: &Turn) -> Option<Instant> {
        None
    }
    /// The session is left: last words and loose ends.
    fn finish(&mut self, _turn: &mut Turn, _result: &mut SessionResult) {}
}

/// Hands every event of the turn to every output, in order, then gives
/// each output its turn.
pub fn hand(outputs: &mut [Box<dyn Output + '_>], turn: &mut Turn) {
    for event in turn.events {
        for output in outputs.iter_mut() {
            output.on(event, turn);
        }
    }
    for output in outputs.iter_mut() {
        output.after(turn);
    }
}

/// Every output of a session, in the order they hear each event.
pub fn register<'a>(
    app: &App,
    options: &mut SessionOptions<'a>,
    recorder: Option<Recorder<'a>>,
    wake: &Sender<Wake>,
) -> Vec<Box<dyn Output + 'a>> {
    let sound = sound::Sounds::start(app, options, wake.clone());
    let mut outputs: Vec<Box<dyn Output + 'a>> = vec![
        Box::new(bell::Bell::new(&options.settings, wake.clone())),
        Box::new(metronome::Beat::new(sound.handle())),
        Box::new(sound),
        Box::new(awake::SleepLock::new(wake.clone())),
    ];
    outputs.extend(devices::outputs(app, &options.settings, wake));
    if let (Some(recorder), Some(on_answers)) = (recorder, options.on_answers.take()) {
        outputs.push(Box::new(recording::Recording::new(recorder, on_answers)));
    }
    outputs
}
