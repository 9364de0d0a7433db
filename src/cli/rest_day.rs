//! The questions before a real session starts early: a rest day the coach
//! asked for. Each yes is recorded as the runner's choice.

use chrono::NaiveDate;

use crate::coach::records::{OverrideRecord, Record};
use crate::journal::Store;
use crate::program::{Program, SessionId};
use crate::tui::prompt;

/// Before the coach's day: asks, and records a yes as an override.
pub fn start_early(
    store: &mut Store,
    program: &Program,
    session: SessionId,
    earliest: NaiveDate,
    today: NaiveDate,
) -> bool {
    if !confirm_early(earliest, &program.pain_site) {
        return false;
    }
    let record = Record::Override(OverrideRecord {
        program: Some(program.id.clone()),
        date: today,
        session,
        earliest: Some(earliest),
        reason: None,
    });
    let unsaved = store.keep(&record).note();
    if !unsaved.is_empty() {
        let _ = prompt::message("A rest day", &[unsaved, "Any key goes on.".into()]);
    }
    true
}

fn confirm_early(earliest: NaiveDate, site: &str) -> bool {
    let lines = [
        format!(
            "Today is a rest day: the coach's next run is on {}.",
            earliest.format("%A %-d %b")
        ),
        format!("Rest lets the {site} recover from the load of the last run."),
        "Run anyway? It is recorded as your choice. y yes · n no".into(),
    ];
    matches!(prompt::yes_no("A rest day", &lines), Ok(Some(true)))
}
