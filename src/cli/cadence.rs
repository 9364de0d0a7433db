//! The runner's own cadence: asked once, before the first run that needs it,
//! and `rtr cadence [SPM]` to see or change it.

use std::path::Path;
use std::process::ExitCode;

use super::EXIT_INVALID;
use crate::coach::records::{CadenceRecord, Record, own_cadence};
use crate::journal::{Kept, Store};
use crate::program::Cadence;
use crate::tui::prompt;
use crate::workout::FlatStep;

/// Own cadences outside this are typing slips (easy running: about 150–185).
pub const OWN_RANGE: std::ops::RangeInclusive<u32> = 120..=220;

/// Whether a run of the session is set above the runner's own cadence.
pub fn needed(steps: &[FlatStep]) -> Option<Cadence> {
    steps
        .iter()
        .find_map(|s| s.cadence.filter(|c| matches!(c, Cadence::Raise(_))))
}

/// The runner's cadence, asked first when a run of the session is set above
/// it and none is known. None: not needed, or not answered (asked again next time).
pub fn ask_if_needed(
    steps: &[FlatStep],
    store: &mut Store,
    records: &mut Vec<Record>,
) -> Option<u32> {
    if let Some(own) = own_cadence(records) {
        return Some(own.spm);
    }
    let raise = needed(steps)?;
    let lines = [
        format!("Today's runs aim {raise} above your usual cadence (steps a minute)."),
        "What is yours? On an easy run, count the steps of both feet for 30 seconds".into(),
        "and double it; most runners are between 150 and 185. rtr keeps it.".into(),
        String::new(),
        "Type the number, then Enter. Esc: no metronome today, ask next time.".into(),
    ];
    let spm = prompt::number("Your cadence", &lines, OWN_RANGE)
        .ok()
        .flatten()?;
    let record = cadence_record(spm);
    // Where it went is said by the session's notices if it did not fit.
    let _ = store.keep(&record);
    records.push(record);
    Some(spm)
}

fn cadence_record(spm: u32) -> Record {
    Record::Cadence(CadenceRecord {
        date: chrono::Local::now().date_naive(),
        spm,
    })
}

/// `rtr cadence [SPM]`: prints the runner's cadence, or records a new one.
pub fn command(dir: Option<&Path>, spm: Option<u32>) -> ExitCode {
    let Some(dir) = dir else {
        eprintln!("rtr: no data folder: set --data-dir, XDG_DATA_HOME or HOME");
        return ExitCode::from(EXIT_INVALID);
    };
    let Some(spm) = spm else {
        let history = super::coach::load_history(Some(dir)).unwrap_or_default();
        match own_cadence(&history.records) {
            Some(own) => println!("Your cadence: {} steps a minute.", own.spm),
            None => println!("No cadence yet: rtr asks before the first run that needs it."),
        }
        return ExitCode::SUCCESS;
    };
    if !OWN_RANGE.contains(&spm) {
        eprintln!(
            "rtr: {spm} steps a minute is out of range: {} to {}",
            OWN_RANGE.start(),
            OWN_RANGE.end()
        );
        return ExitCode::from(EXIT_INVALID);
    }
    let mut store = match Store::open(dir) {
        Ok(store) => store,
        Err(err) => {
            eprintln!("rtr: {err}; the cadence can be set once it ends.");
            return ExitCode::from(EXIT_INVALID);
        }
    };
    match store.keep(&cadence_record(spm)) {
        Kept::Journal => {
            println!("Your cadence is now {spm} steps a minute.");
            ExitCode::SUCCESS
        }
        unsaved => {
            eprintln!("rtr: {}", unsaved.note());
            ExitCode::from(EXIT_INVALID)
        }
    }
}
