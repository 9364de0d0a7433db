//! The session screen's state: the workout, what is shown over it, and how
//! keys change it. No I/O here: `now` is passed in, cues are returned.

use std::time::{Duration, Instant};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

pub use crate::workout::SessionInfo;
use crate::workout::{Event, PainResponse, Workout};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help,
    ConfirmQuit,
    /// Asking for pain now; `Some(1)` after a 1, which may become 10.
    PainEntry(Option<u8>),
    PainAlert {
        pain: u8,
        response: PainResponse,
    },
}

pub struct App {
    pub workout: Workout,
    pub info: SessionInfo,
    pub overlay: Overlay,
    /// One line under the progress bar; the latest message wins.
    pub status: Option<String>,
    /// Whether the ended session is in the history; None for a rehearsal.
    pub saved: Option<crate::journal::Saved>,
    pub quit: bool,
}

impl App {
    pub fn new(workout: Workout, info: SessionInfo) -> Self {
        App {
            workout,
            info,
            overlay: Overlay::None,
            status: None,
            saved: None,
            quit: false,
        }
    }

    /// Handles a key; returns what the workout did, for the cues.
    pub fn key(&mut self, key: KeyEvent, now: Instant) -> Vec<Event> {
        if key.kind == KeyEventKind::Release {
            return Vec::new();
        }
        let ctrl_c =
            key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c');
        if self.workout.is_finished() {
            if ctrl_c || matches!(key.code, KeyCode::Char('q') | KeyCode::Enter | KeyCode::Esc) {
                self.quit = true;
            }
            return Vec::new();
        }
        match self.overlay {
            Overlay::Help => {
                self.overlay = Overlay::None;
                Vec::new()
            }
            Overlay::ConfirmQuit => match key.code {
                _ if ctrl_c => self.end(now, "quit before the end"),
                KeyCode::Char('y' | 'q') | KeyCode::Enter => self.end(now, "quit before the end"),
                _ => {
                    self.overlay = Overlay::None;
                    Vec::new()
                }
            },
            Overlay::PainEntry(first) => {
                self.pain_key(key.code, first, now);
                Vec::new()
            }
            Overlay::PainAlert { .. } => match key.code {
                KeyCode::Char('e') => self.end(now, "pain"),
                KeyCode::Char('c') | KeyCode::Esc | KeyCode::Enter => {
                    self.overlay = Overlay::None;
                    Vec::new()
                }
                _ => Vec::new(),
            },
            Overlay::None => self.session_key(key.code, ctrl_c, now),
        }
    }

    fn session_key(&mut self, code: KeyCode, ctrl_c: bool, now: Instant) -> Vec<Event> {
        if ctrl_c {
            self.overlay = Overlay::ConfirmQuit;
            return Vec::new();
        }
        match code {
            KeyCode::Char(' ') => {
                self.workout.toggle_pause(now);
                self.status = None;
                Vec::new()
            }
            KeyCode::Char('n') | KeyCode::Right => self.workout.skip(now),
            KeyCode::Char('b') | KeyCode::Left => self.workout.back(now),
            KeyCode::Enter => self.workout.done(now),
            KeyCode::Char('!') => {
                self.overlay = Overlay::PainEntry(None);
                Vec::new()
            }
            KeyCode::Char('?') => {
                self.overlay = Overlay::Help;
                Vec::new()
            }
            KeyCode::Char('q') | KeyCode::Esc => {
                self.overlay = Overlay::ConfirmQuit;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// 0 and 2–9 answer at once; 1 waits for 0 (ten) or Enter (one).
    fn pain_key(&mut self, code: KeyCode, first: Option<u8>, now: Instant) {
        let pain = match (first, code) {
            (_, KeyCode::Esc) => {
                self.overlay = Overlay::None;
                return;
            }
            (Some(1), KeyCode::Char('0')) => 10,
            (Some(1), KeyCode::Enter) => 1,
            (None, KeyCode::Char('1')) => {
                self.overlay = Overlay::PainEntry(Some(1));
                return;
            }
            (None, KeyCode::Char(c @ '0'..='9')) => c as u8 - b'0',
            _ => return,
        };
        let response = self.workout.report_pain(now, pain);
        if response.red || response.stop {
            self.overlay = Overlay::PainAlert { pain, response };
        } else {
            self.overlay = Overlay::None;
            let at = spent(self.workout.active_time(now));
            self.status = Some(format!("Pain {pain}/10 noted at {at}."));
        }
    }

    fn end(&mut self, now: Instant, reason: &str) -> Vec<Event> {
        self.overlay = Overlay::None;
        self.workout.end_early(now, reason)
    }

    /// The computer slept: pause, and say for how long.
    pub fn slept(&mut self, now: Instant, how_long: Duration) {
        if self.workout.is_started() && !self.workout.is_finished() {
            self.workout.pause(now);
            self.status = Some(format!(
                "The computer slept for {}: the session is paused. Space goes on.",
                spent(how_long)
            ));
        }
    }
}

/// Time left as "0:45", "12:05", "1:02:03": rounded up, so 0:00 is the end.
pub fn clock(d: Duration) -> String {
    crate::program::Duration::from_secs(crate::workout::ceil_secs(d)).to_string()
}

/// Time spent, rounded to the nearest second, in the same form.
pub fn spent(d: Duration) -> String {
    crate::program::Duration::from_secs(crate::workout::round_secs(d)).to_string()
}
