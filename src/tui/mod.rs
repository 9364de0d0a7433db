//! The full-screen shell: terminal set-up and restore, the input and signal
//! threads, and the deadline-driven loop that draws only when the screen
//! changes.

pub mod app;
pub mod clock;
pub mod cues;
pub mod session_screen;
pub mod theme;

use std::io::{self, Write};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Instant;

use ratatui::crossterm::event::{self, Event as TermEvent};
use ratatui::crossterm::{cursor, execute};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

use app::App;
use clock::{SessionClock, SleepWatch};
use cues::{Cues, NotifyStatus};
use theme::Theme;

use crate::workout::{Event, Summary, Workout};

/// Everything the loop can wake for.
enum Wake {
    Input(TermEvent),
    Signal(i32),
    Notify(NotifyStatus),
}

impl From<NotifyStatus> for Wake {
    fn from(status: NotifyStatus) -> Self {
        Wake::Notify(status)
    }
}

pub struct SessionOptions {
    pub speed: u32,
    pub bell: bool,
    pub notify: bool,
}

/// How the session screen was left.
pub struct SessionResult {
    pub summary: Summary,
    /// The signal that ended it, if one did.
    pub signal: Option<i32>,
}

impl SessionResult {
    /// What the terminal keeps after the screen is gone.
    pub fn summary_text(&self) -> String {
        let ended = match &self.summary.ending {
            Some(crate::workout::Ending::EndedEarly(reason)) => format!("ended early ({reason})"),
            _ => "complete".to_string(),
        };
        let pains: Vec<String> = self
            .summary
            .pain_reports
            .iter()
            .map(|r| format!("{}/10", r.pain))
            .collect();
        format!(
            "Session {ended}: {} steps done, {} skipped, {} active, {} paused{}.",
            self.summary.done,
            self.summary.skipped,
            app::clock(self.summary.active),
            app::clock(self.summary.paused),
            if pains.is_empty() {
                String::new()
            } else {
                format!(", pain reported {}", pains.join(", "))
            }
        )
    }
}

/// Runs a session full-screen until the runner leaves it.
pub fn run_session(
    mut app: App,
    options: SessionOptions,
    log: &crate::log::Log,
) -> io::Result<SessionResult> {
    let (tx, rx) = mpsc::channel::<Wake>();
    spawn_signal_thread(tx.clone())?;
    let mut terminal = ratatui::try_init()?;
    restore_on_panic();
    spawn_input_thread(tx.clone());
    let mut cues = Cues::new(options.bell, options.notify, tx);
    let theme = Theme::from_env();
    let clock = SessionClock::new(Instant::now(), options.speed);
    let mut sleep = SleepWatch::new();
    let mut signal = None;

    let events = app.workout.start(clock.session_time(Instant::now()));
    announce(&mut cues, &app.workout, &events);
    loop {
        let now = clock.session_time(Instant::now());
        if let Some(slept) = sleep.check() {
            log.write(&format!("the computer slept for {slept:?}; session paused"));
            app.slept(now, slept);
        }
        let events = app.workout.advance(now);
        announce(&mut cues, &app.workout, &events);
        terminal.draw(|frame| session_screen::render(frame, &app, now, theme))?;
        if app.quit {
            break;
        }
        // Sleep until the display next changes, or input arrives.
        let wake = match app.workout.next_change(now) {
            Some(due) => {
                let real_due = clock.real_time(due);
                match rx.recv_timeout(real_due.saturating_duration_since(Instant::now())) {
                    Ok(wake) => Some(wake),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => break,
                }
            }
            None => match rx.recv() {
                Ok(wake) => Some(wake),
                Err(_) => break,
            },
        };
        let now = clock.session_time(Instant::now());
        match wake {
            None => {}
            Some(Wake::Input(TermEvent::Key(key))) => {
                let events = app.key(key, now);
                announce(&mut cues, &app.workout, &events);
            }
            Some(Wake::Input(_)) => {} // a resize: the next draw fits it
            Some(Wake::Signal(SIGINT)) => {
                // Like Ctrl-C: ask first.
                let ctrl_c =
                    event::KeyEvent::new(event::KeyCode::Char('c'), event::KeyModifiers::CONTROL);
                app.key(ctrl_c, now);
            }
            Some(Wake::Signal(sig)) => {
                log.write(&format!("signal {sig}: ending the session"));
                app.interrupted(
                    now,
                    if sig == SIGHUP {
                        "the terminal closed"
                    } else {
                        "stopped by a signal"
                    },
                );
                signal = Some(sig);
                break;
            }
            Some(Wake::Notify(NotifyStatus::Failed(why))) => {
                log.write(&format!("desktop notification failed: {why}"));
                cues.notifications_failed();
                app.status = Some("Desktop notifications are off: they could not be shown.".into());
            }
        }
    }
    let summary = app.workout.summary(clock.session_time(Instant::now()));
    restore();
    Ok(SessionResult { summary, signal })
}

/// Bell at every change and on 3-2-1; a notification at every change.
fn announce(cues: &mut Cues, workout: &Workout, events: &[Event]) {
    for event in events {
        match event {
            Event::PhaseChanged(index) => {
                cues.bell(&mut io::stdout());
                let step = &workout.steps()[*index];
                let what = match step.length {
                    crate::workout::Length::Seconds(secs) => {
                        crate::program::Duration::from_secs(secs).to_string()
                    }
                    crate::workout::Length::Reps(reps) => format!("{reps} reps"),
                };
                cues.notify(
                    &format!("{} {}", theme::phase_word(step.phase), what),
                    &step.label,
                );
            }
            Event::Countdown(_) => cues.bell(&mut io::stdout()),
            Event::Finished => {
                cues.bell(&mut io::stdout());
                cues.notify("Session complete", "rtr");
            }
        }
    }
}

/// Leaves the alternate screen and raw mode and shows the cursor; safe to
/// call more than once, and on a terminal that is already gone.
pub fn restore() {
    let _ = ratatui::try_restore();
    let _ = execute!(io::stdout(), cursor::Show);
    let _ = io::stdout().flush();
}

/// Puts the terminal back before the panic message prints, cursor included.
fn restore_on_panic() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

fn spawn_input_thread(tx: mpsc::Sender<Wake>) {
    // Blocks in read(): no wake-ups but for real input and resizes.
    let _ = std::thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            while let Ok(event) = event::read() {
                if tx.send(Wake::Input(event)).is_err() {
                    return;
                }
            }
        });
}

fn spawn_signal_thread(tx: mpsc::Sender<Wake>) -> io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                if tx.send(Wake::Signal(signal)).is_err() {
                    return;
                }
            }
        })?;
    Ok(())
}
