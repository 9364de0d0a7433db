//! The next-morning question: at the first launch on a later day, before
//! anything else, and what its answer does to the plan.

use std::path::Path;

use chrono::{Duration, Local};

use super::coach::decision_text;
use crate::coach::records::{MorningAnswer, Record, facts};
use crate::coach::replay::replay;
use crate::journal::Journal;
use crate::log::Log;
use crate::program::Program;
use crate::tui::prompt;

/// A morning later than this after the run is no longer "the next morning".
const MORNING_WITHIN_DAYS: i64 = 2;

/// `records` are the coach's records of the journal; the answer joins them.
pub fn ask_if_due(program: &Program, dir: &Path, log: &Log, records: &mut Vec<Record>) {
    let today = Local::now().date_naive();
    let Some(last) = records.iter().rev().find_map(|r| match r {
        Record::Answers(answers) => Some(answers.clone()),
        _ => None,
    }) else {
        return;
    };
    let answered = records
        .iter()
        .any(|r| matches!(r, Record::Morning(m) if m.session_id == last.session_id));
    if answered || last.date >= today || today - last.date > Duration::days(MORNING_WITHIN_DAYS) {
        return;
    }
    let before = replay(program, &facts(records));
    let lines = [
        format!(
            "Good morning. Your last run was {} on {}.",
            last.session,
            last.date.format("%A %-d %b")
        ),
        String::new(),
        format!("How is the {} this morning, 0 to 10?", program.pain_site),
        "Press 0–9; for 10 press 1 then 0. Esc asks again later.".into(),
    ];
    let Ok(Some(pain)) = prompt::pain("This morning", &lines) else {
        return;
    };
    let record = Record::Morning(MorningAnswer {
        session_id: last.session_id.clone(),
        date: today,
        pain,
    });
    let saved = Journal::new(dir).append(&record);
    if let Err(err) = &saved {
        log.write(&format!("the morning answer could not be saved: {err}"));
    }
    records.push(record);
    let after = replay(program, &facts(records));
    let changed = before.decisions.last().map(|d| (d.kind, d.next))
        != after.decisions.last().map(|d| (d.kind, d.next));
    let mut lines = vec![
        if changed {
            format!("That changes the plan. {}", decision_text(&after))
        } else {
            format!("The plan stands. {}", decision_text(&after))
        },
        String::new(),
    ];
    if let Err(err) = saved {
        lines.push(format!("(This answer could not be saved: {err}.)"));
    }
    lines.push("Any key goes on.".into());
    let _ = prompt::message("This morning", &lines);
}
