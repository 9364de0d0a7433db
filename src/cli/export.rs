//! `rtr export [W.S | --since DATE | --all] [--out DIR]`: finished sessions
//! as TCX files, for Strava, Garmin Connect and intervals.icu. The journal
//! is streamed: one session in memory at a time.

use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::ValueEnum;

use super::EXIT_INVALID;
use crate::coach::records::{Record, SessionRecord};
use crate::export::NotExported;
use crate::journal::Journal;
use crate::program::SessionId;
use crate::workout::Instead;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Garmin's Training Center format, which Strava, Garmin Connect and intervals.icu import.
    Tcx,
}

/// Which sessions to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// The last one recorded.
    Last,
    /// Every session with this number.
    Session(SessionId),
    /// Every session started on or after this day.
    Since(NaiveDate),
    All,
}

impl Which {
    fn takes(self, session: &SessionRecord) -> bool {
        match self {
            Which::Last | Which::All => true,
            Which::Session(id) => session.session == id,
            Which::Since(day) => session.started.date_naive() >= day,
        }
    }
}

#[derive(Default)]
struct Tally {
    written: usize,
    circuits: usize,
    old: usize,
}

pub fn command(data_dir: Option<&Path>, which: Which, out: &Path) -> ExitCode {
    let Some(dir) = crate::paths::data_dir(data_dir) else {
        eprintln!("rtr: no history to export: set --data-dir or RTR_DATA_DIR (HOME is not set)");
        return ExitCode::from(EXIT_INVALID);
    };
    let journal = Journal::new(&dir);
    let mut left_out = super::history::voided(&journal).unwrap_or_default();
    let mut tally = Tally::default();
    let mut failed = None;
    let mut last = None;
    let read = journal.read(|_, record| {
        let Record::Session(session) = record else {
            return;
        };
        if failed.is_some() || !which.takes(&session) || !left_out.insert(session.id.clone()) {
            return;
        }
        if which == Which::Last {
            // The last run or walk: a circuit has no file.
            if !matches!(session.instead, Some(Instead::Circuit | Instead::Prehab)) {
                last = Some(session);
            }
        } else if let Err(why) = write(out, &session, &mut tally) {
            failed = Some(why);
        }
    });
    if let Some(session) = last
        && let Err(why) = write(out, &session, &mut tally)
    {
        failed = Some(why);
    }
    if let Err(err) = read {
        eprintln!(
            "rtr: cannot read the history {}: {err}",
            journal.path().display()
        );
        return ExitCode::from(EXIT_INVALID);
    }
    if let Some(why) = failed {
        eprintln!("rtr: {why}");
        return ExitCode::from(EXIT_INVALID);
    }
    say(&tally, which, out)
}

fn write(out: &Path, session: &SessionRecord, tally: &mut Tally) -> Result<(), String> {
    match crate::export::save(out, session)? {
        Ok(path) => {
            tally.written += 1;
            println!("{}", path.display());
        }
        Err(NotExported::Circuit) => tally.circuits += 1,
        Err(NotExported::NoStepTimes) => tally.old += 1,
    }
    Ok(())
}

fn say(tally: &Tally, which: Which, out: &Path) -> ExitCode {
    let mut left = Vec::new();
    if tally.circuits > 0 {
        left.push(format!(
            "{} left out (a circuit is not a run)",
            crate::words::plural(tally.circuits, "circuit")
        ));
    }
    if tally.old > 0 {
        left.push(format!(
            "{} left out (recorded before rtr kept each step's time)",
            crate::words::plural(tally.old, "session")
        ));
    }
    let left = if left.is_empty() {
        String::new()
    } else {
        format!("; {}", left.join("; "))
    };
    if tally.written > 0 {
        eprintln!(
            "rtr: {} in {}{left}",
            crate::words::plural(tally.written, "TCX file"),
            out.display()
        );
        return ExitCode::SUCCESS;
    }
    let nothing = match which {
        Which::Last => "no session recorded yet".to_string(),
        Which::Session(id) => format!("no session {id} recorded"),
        Which::Since(day) => format!("no session since {day}"),
        Which::All => "no session recorded yet".to_string(),
    };
    eprintln!("rtr: nothing to export: {nothing}{left}");
    match which {
        Which::Last | Which::Session(_) => ExitCode::from(EXIT_INVALID),
        Which::Since(_) | Which::All => ExitCode::SUCCESS,
    }
}
