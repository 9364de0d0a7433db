//! The full-screen shell: the one terminal owner ([`term`]), the screens,
//! and a running session: its loop ([`session`]) and what it drives
//! besides the screen ([`outputs`]).

pub mod app;
pub mod clock;
pub mod history_screen;
pub mod home;
pub mod outputs;
pub mod pager;
pub mod prompt;
pub mod questions;
pub mod resume_screen;
pub mod session;
pub mod session_screen;
pub mod term;
pub mod theme;
pub mod watch;

pub use session::run_session;
pub use term::{catch_signals, restore};

use crate::workout::{Ending, Summary};

/// What a real session's questions gathered, for the shell to record.
pub enum Report<'r> {
    Run(RunReport<'r>),
    /// The rating after the circuit, and the highest `!` report in it.
    Circuit {
        pain: u8,
        highest_report: Option<u8>,
    },
    /// No run today: the ready-to-run check said so.
    NotReady {
        before: u8,
        usual: Option<u8>,
        reason: String,
    },
    /// The runner ran anyway, against the check (asked twice).
    RanAnyway {
        reason: String,
    },
}

/// The answers around the run, with what the coach counts beside them.
pub struct RunReport<'r> {
    pub answers: &'r questions::Answers,
    /// How it ended, once it has.
    pub ended: Option<Ending>,
    /// The `!` reports of the run, by part.
    pub reports: Vec<crate::coach::counts::PartPain>,
    pub main_run: crate::coach::MainRun,
}

/// Records a report through the session's store; for the run, returns the
/// coach's decision in words.
pub type OnAnswers<'a> = Box<dyn FnMut(Report, &mut crate::journal::Store) -> String + 'a>;

pub struct SessionOptions<'a> {
    pub speed: u32,
    pub settings: crate::config::Settings,
    /// Where the generated tones are kept.
    pub data_dir: Option<std::path::PathBuf>,
    pub on_answers: Option<OnAnswers<'a>>,
}

/// How the session screen was left.
pub struct SessionResult {
    pub summary: Summary,
    pub finished: bool,
    /// The signal that ended it, if one did.
    pub signal: Option<i32>,
    /// Where the session's record went.
    pub saved: Option<crate::journal::Kept>,
    /// The session waits on disk to be picked up again.
    pub resumable: bool,
    /// Why a session never began, when that is all there is to say.
    pub farewell: Option<String>,
    /// The coach's words on the session, to keep on the terminal.
    pub coach_words: Vec<String>,
}

impl SessionResult {
    /// What the terminal keeps after the screen is gone.
    pub fn summary_text(&self) -> String {
        if let Some(farewell) = &self.farewell {
            return farewell.clone();
        }
        if !self.finished {
            return if self.resumable {
                "Session interrupted: run rtr again to pick it up where it stopped.".into()
            } else {
                "Session interrupted before anything of it was saved.".into()
            };
        }
        let ended = match self.summary.ending.and_then(Ending::early_reason) {
            Some(reason) => format!("ended early ({reason})"),
            None => "complete".to_string(),
        };
        let pains: Vec<String> = self
            .summary
            .pain_reports
            .iter()
            .map(|r| format!("{}/10", r.pain))
            .collect();
        let mut text = format!(
            "Session {ended}: {} done, {} skipped, {} active, {} paused{}.",
            crate::words::plural(self.summary.done, "step"),
            self.summary.skipped,
            crate::program::time_spent(self.summary.active),
            crate::program::time_spent(self.summary.paused),
            if pains.is_empty() {
                String::new()
            } else {
                format!(", pain reported {}", pains.join(", "))
            }
        );
        for word in &self.coach_words {
            text.push('\n');
            text.push_str(word);
        }
        if let Some(note) = self.saved.as_ref().map(crate::journal::Kept::note)
            && !note.is_empty()
        {
            text.push('\n');
            text.push_str(&note);
        }
        text
    }
}
