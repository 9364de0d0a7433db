//! Tones and the voice: a tone at every change, a tick on the 3-2-1, the
//! words of each step ("Run, one minute. Last interval"), "Halfway" once,
//! and the end. Played by the sound thread, each when it was due.

use std::sync::mpsc::Sender;
use std::time::Duration;

use super::{Output, Turn};
use crate::sound::{Cue, Sound, SoundHandle, SoundSetup, speech};
use crate::tui::SessionOptions;
use crate::tui::SessionResult;
use crate::tui::app::App;
use crate::tui::term::Wake;
use crate::workout::{Event, Phase};

pub struct Sounds {
    sound: Sound,
    /// Made at the first turn, from where the session stands then.
    halfway: Option<speech::Halfway>,
}

impl Sounds {
    pub fn start(app: &App, options: &SessionOptions, wake: Sender<Wake>) -> Sounds {
        Sounds::new(Sound::start(setup(app, options), wake))
    }

    pub fn new(sound: Sound) -> Sounds {
        Sounds {
            sound,
            halfway: None,
        }
    }

    /// Whether "Halfway" is due now (once).
    fn halfway(&mut self, turn: &Turn) -> bool {
        let (workout, now) = (&turn.app.workout, turn.now);
        self.halfway
            .get_or_insert_with(|| speech::Halfway::new(workout, now))
            .due(workout, now)
    }

    /// What the metronome plays its clicks through.
    pub fn handle(&self) -> SoundHandle {
        self.sound.handle()
    }
}

/// What the sound needs before the session: what is on, where the tones go,
/// and the cadences the runs may click at.
fn setup(app: &App, options: &SessionOptions) -> SoundSetup {
    let mut cadences: Vec<u32> = app
        .workout
        .steps()
        .iter()
        .filter_map(|s| s.cadence?.spm(app.info.own_cadence))
        .collect();
    cadences.sort_unstable();
    cadences.dedup();
    // Ready even with the metronome off: `m` may turn it on.
    let beats = options.speed == 1;
    SoundSetup {
        tones: options.settings.sound,
        voice: options.settings.voice,
        dir: options.data_dir.clone(),
        cadences: if beats { cadences } else { Vec::new() },
    }
}

impl Output for Sounds {
    fn on(&mut self, event: &Event, turn: &mut Turn) {
        let workout = &turn.app.workout;
        let real = turn.real;
        match *event {
            Event::PhaseChanged(index) => {
                let step = &workout.steps()[index];
                // Due when the step started (later for a step already passed
                // over in the same turn).
                let due = match workout.step_started() {
                    Some(started) if index == workout.index() => turn.clock.real_time(started),
                    _ => real,
                };
                let cue = match step.phase {
                    Phase::Walk | Phase::Rest => Cue::Easy,
                    _ => Cue::Go,
                };
                self.sound.tone(cue, due);
                let mut words = speech::step_words(workout.steps(), index);
                // "Halfway" rides on the words of the change it falls on.
                if index == workout.index() && self.halfway(turn) {
                    words = format!("{words}. {}", speech::HALFWAY);
                }
                self.sound.say(words, due, Some(cue));
            }
            Event::Countdown(left) => {
                let due = workout
                    .remaining(turn.now)
                    .and_then(|r| (turn.now + r).checked_sub(Duration::from_secs(left.into())))
                    .map_or(real, |at| turn.clock.real_time(at));
                self.sound.tone(Cue::Tick, due);
            }
            Event::RunsTurnedToWalks { .. } => {
                self.sound.say(speech::NO_MORE_RUNNING.into(), real, None);
            }
            Event::Finished(_) => {
                self.sound.tone(Cue::End, real);
                self.sound
                    .say(speech::SESSION_COMPLETE.into(), real, Some(Cue::End));
            }
            _ => {}
        }
    }

    fn after(&mut self, turn: &mut Turn) {
        if self.halfway(turn) {
            self.sound.say(speech::HALFWAY.into(), turn.real, None);
        }
    }

    fn finish(&mut self, turn: &mut Turn, _result: &mut SessionResult) {
        let sound = std::mem::replace(&mut self.sound, Sound::off());
        if let Some(lateness) = sound.finish().filter(|l| l.started > 0) {
            turn.log.write(&format!("sound: {lateness}"));
        }
    }
}
