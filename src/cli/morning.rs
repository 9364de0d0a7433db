//! The next-morning question: at the first launch on a later day, before
//! anything else, with the red flags, and what the answer does to the plan.

use chrono::{Local, NaiveTime, Timelike};

use super::coach::decision_text;
use crate::coach::flags::{question, red_flags};
use crate::coach::questions::morning_question;
use crate::coach::records::{History, MorningAnswer, Record};
use crate::coach::replay::replay;
use crate::journal::Store;
use crate::log::Log;
use crate::program::Program;
use crate::tui::prompt;

/// The greeting for the time of day: morning before noon, evening from 18:00.
pub fn greeting(time: NaiveTime) -> &'static str {
    match time.hour() {
        0..12 => "Good morning",
        12..18 => "Good afternoon",
        _ => "Good evening",
    }
}

/// `history` is the coach's history; the answer joins it.
pub fn ask_if_due(program: &Program, store: &mut Store, log: &Log, history: &mut History) {
    let today = Local::now().date_naive();
    let Some(last) = history.morning_due(today).cloned() else {
        return;
    };
    let before = replay(program, &history.facts(program));
    let site = &program.pain_site;
    let lines = [
        format!(
            "{}. Your last run was {} on {}.",
            greeting(Local::now().time()),
            last.session,
            last.date.format("%A %-d %b")
        ),
        String::new(),
        morning_question(program.rules.model, site),
        "Press 0–9; for 10 press 1 then 0. Esc asks again later.".into(),
    ];
    let Ok(Some(pain)) = prompt::pain("This morning", &lines) else {
        return;
    };
    let Some(flags) = ask_red_flags(site) else {
        return;
    };
    let record = Record::Morning(MorningAnswer {
        session_id: last.session_id.clone(),
        date: today,
        pain,
        red_flags: flags,
    });
    let saved = store.keep(&record).note();
    if !saved.is_empty() {
        log.write(&format!("the morning answer: {saved}"));
    }
    history.records.push(record);
    let after = replay(program, &history.facts(program));
    let outcome = |r: &crate::coach::replay::Replay| {
        let last = r.decisions.last().map(|d| (d.kind, d.next));
        (r.standing.clone(), last)
    };
    let changed = outcome(&before) != outcome(&after);
    let text = match after.decisions.last() {
        Some(decision) if decision.id == last.session_id => decision_text(&after),
        // The run was another program's: only a stop reaches this plan.
        _ => after.why.clone().unwrap_or_default(),
    };
    let mut lines = vec![
        if changed {
            format!("That changes the plan. {text}")
        } else {
            format!("The plan stands. {text}")
        },
        String::new(),
    ];
    if !saved.is_empty() {
        lines.push(format!("({saved})"));
    }
    lines.push("Any key goes on.".into());
    let _ = prompt::message("This morning", &lines);
}

/// The one red-flag question, then which: the facts answered yes, or None
/// when the runner left the question (Esc) to answer later.
pub fn ask_red_flags(site: &str) -> Option<Vec<String>> {
    let flags = red_flags(site);
    let mut lines = vec![question(site), String::new()];
    lines.extend(flags.iter().map(|f| format!("  · {}", f.shown)));
    lines.push(String::new());
    lines.push("y yes, one or more · n none of these".into());
    match prompt::yes_no("Red flags", &lines) {
        Ok(Some(false)) => return Some(Vec::new()),
        Ok(Some(true)) => {}
        _ => return None,
    }
    let mut which = vec![
        "Which? Press each number that applies, then Enter.".into(),
        String::new(),
    ];
    which.extend(
        flags
            .iter()
            .enumerate()
            .map(|(i, f)| format!("  {}  {}", i + 1, f.shown)),
    );
    let chosen = prompt::pick_some("Red flags", &which, flags.len()).ok()??;
    Some(chosen.into_iter().map(|i| flags[i].fact.clone()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_greeting_fits_the_hour() {
        let at = |h, m| greeting(NaiveTime::from_hms_opt(h, m, 0).unwrap());
        assert_eq!(at(6, 0), "Good morning");
        assert_eq!(at(11, 59), "Good morning");
        assert_eq!(at(13, 0), "Good afternoon");
        assert_eq!(at(18, 0), "Good evening");
        assert_eq!(at(23, 58), "Good evening");
    }
}
