//! The runner's own cadence: asked once, before the first run that needs it,
//! and `rtr cadence [SPM]` to see or change it.

use std::path::Path;
use std::process::ExitCode;

use super::EXIT_INVALID;
use crate::coach::records::{CadenceRecord, Record, own_cadence};
use crate::journal::Journal;
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
pub fn ask_if_needed(steps: &[FlatStep], dir: &Path, records: &mut Vec<Record>) -> Option<u32> {
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
    let record = record(dir, spm).ok();
    records.extend(record);
    Some(spm)
}

/// Appends the runner's cadence to the journal.
fn record(dir: &Path, spm: u32) -> std::io::Result<Record> {
    let record = Record::Cadence(CadenceRecord {
        date: chrono::Local::now().date_naive(),
        spm,
    });
    crate::paths::ensure_private_dir(dir)?;
    Journal::new(dir).append(&record)?;
    Ok(record)
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
    if let Err(err) = record(dir, spm) {
        eprintln!("rtr: cannot record it: {err}");
        return ExitCode::from(EXIT_INVALID);
    }
    println!("Your cadence is now {spm} steps a minute.");
    ExitCode::SUCCESS
}
