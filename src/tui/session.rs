//! A running session: the loop waits for the earliest of a key, a signal,
//! the next change on screen and what the outputs want; feeds keys and time
//! to the workout; hands its events to the outputs; and draws.

use std::io;
use std::time::Instant;

use ratatui::crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use signal_hook::consts::SIGINT;

use super::app::App;
use super::clock::{SessionClock, SleepWatch};
use super::outputs::{self, Output, Turn};
use super::term::{self, Wake};
use super::theme::Theme;
use super::{SessionOptions, SessionResult, session_screen};
use crate::journal::Recorder;
use crate::log::Log;
use crate::workout::Event;

/// Runs a session full-screen until the runner leaves it. With a recorder
/// (a real session) it is checkpointed as it goes and recorded as it ends.
pub fn run_session<'a>(
    app: App,
    mut options: SessionOptions<'a>,
    log: &Log,
    recorder: Option<Recorder<'a>>,
) -> io::Result<SessionResult> {
    let mut term = term::open()?;
    let mut run = Run::new(app, &options);
    let mut outputs = outputs::register(&run.app, &mut options, recorder, &term.sender());
    let mut signal = None;
    loop {
        run.turn(&mut outputs, log);
        let now = run.clock.session_time(Instant::now());
        term.draw(|frame| session_screen::render(frame, &run.app, now, Theme::current()))?;
        if run.app.quit {
            break;
        }
        let due = run.next_due(&outputs, log);
        match term.next(due) {
            Some(Wake::Signal(sig)) if sig != SIGINT => {
                // A closed window or a stop: keep where it stands, to resume.
                log.write(&format!("signal {sig}: leaving the session to be resumed"));
                signal = Some(sig);
                break;
            }
            wake => run.wake(wake, &mut outputs, log),
        }
    }
    drop(term);
    term::restore();
    Ok(run.finish(&mut outputs, log, signal))
}

/// The session between turns: the app, the events waiting for the outputs,
/// the clock.
struct Run {
    app: App,
    events: Vec<Event>,
    clock: SessionClock,
    sleep: SleepWatch,
    /// A key came since the last turn.
    keyed: bool,
}

impl Run {
    fn new(mut app: App, options: &SessionOptions) -> Run {
        let clock = SessionClock::new(Instant::now(), options.speed);
        app.workout.set_countdown(options.settings.countdown);
        app.metronome_on = options.settings.metronome;
        for notice in term::take_notices() {
            app.notice(notice, Instant::now());
        }
        let events = app.begin(clock.session_time(Instant::now()));
        Run {
            app,
            events,
            clock,
            sleep: SleepWatch::new(),
            keyed: true,
        }
    }

    /// Moves the clock on and hands every event to every output, then gives
    /// each its turn.
    fn turn(&mut self, outputs: &mut [Box<dyn Output + '_>], log: &Log) {
        let real = Instant::now();
        let now = self.clock.session_time(real);
        if let Some(slept) = self.sleep.check() {
            log.write(&format!("the computer slept for {slept:?}; session paused"));
            let paused = self.app.slept(now, slept);
            self.events.extend(paused);
        }
        self.events.extend(self.app.workout.advance(now));
        self.app.ask_when_due(now);
        self.app.observe(&self.events, now);
        let events = std::mem::take(&mut self.events);
        let mut turn = self.turn_at(&events, real, log);
        outputs::hand(outputs, &mut turn);
        self.keyed = false;
    }

    fn turn_at<'t>(&'t mut self, events: &'t [Event], real: Instant, log: &'t Log) -> Turn<'t> {
        Turn {
            now: self.clock.session_time(real),
            app: &mut self.app,
            events,
            real,
            clock: self.clock,
            log,
            keyed: self.keyed,
        }
    }

    /// The earliest of the next change on screen and what the outputs want.
    fn next_due(&mut self, outputs: &[Box<dyn Output + '_>], log: &Log) -> Option<Instant> {
        let real = Instant::now();
        let now = self.clock.session_time(real);
        let display = self
            .app
            .workout
            .next_change(now)
            .map(|at| self.clock.real_time(at));
        let turn = self.turn_at(&[], real, log);
        let wanted = outputs.iter().filter_map(|o| o.next_due(&turn));
        display.into_iter().chain(wanted).min()
    }

    /// A key, a signal to ask about, or a thread's word.
    fn wake(&mut self, wake: Option<Wake>, outputs: &mut [Box<dyn Output + '_>], log: &Log) {
        let now = self.clock.session_time(Instant::now());
        match wake {
            Some(Wake::Input(TermEvent::Key(key))) => {
                self.events = self.app.key(key, now);
                self.keyed = true;
            }
            Some(Wake::Signal(_)) => {
                // SIGINT, like Ctrl-C: ask first.
                let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
                self.events = self.app.key(ctrl_c, now);
                self.keyed = true;
            }
            Some(Wake::Notice(note)) => {
                log.write(&note);
                self.app.notice(note, now);
            }
            Some(Wake::DeviceNews(kind, note)) => {
                log.write(&note);
                self.app.device_notice(kind, note, now);
            }
            Some(wake @ Wake::NotifyFailed(_)) => {
                let mut turn = self.turn_at(&[], Instant::now(), log);
                for output in outputs.iter_mut() {
                    output.heard(&wake, &mut turn);
                }
            }
            // A resize, a time that came: the next turn and draw see to it.
            _ => {}
        }
    }

    /// The session is left: each output's last word, and the result.
    fn finish(
        mut self,
        outputs: &mut [Box<dyn Output + '_>],
        log: &Log,
        signal: Option<i32>,
    ) -> SessionResult {
        let real = Instant::now();
        let mut result = SessionResult {
            summary: self.app.workout.summary(self.clock.session_time(real)),
            finished: self.app.workout.is_finished(),
            resumable: false,
            signal,
            saved: self.app.saved.take(),
            farewell: self.app.farewell.take(),
            coach_words: std::mem::take(&mut self.app.coach_words),
        };
        let mut turn = self.turn_at(&[], real, log);
        for output in outputs.iter_mut() {
            output.finish(&mut turn, &mut result);
        }
        result
    }
}
