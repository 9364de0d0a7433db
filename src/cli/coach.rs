//! `rtr simulate` and `rtr status`: the coach from the command line.

use std::path::Path;
use std::process::ExitCode;

use chrono::{Local, NaiveDate};
use serde_json::json;

use super::EXIT_INVALID;
use crate::coach::records::{Record, facts};
use crate::coach::replay::{Replay, Standing, next_as_of, replay};
use crate::coach::simulate::{parse_tokens, simulate};
use crate::journal::Journal;
use crate::program::Program;

pub fn simulate_command(program: &Program, pains: &str, as_json: bool) -> ExitCode {
    let tokens = match parse_tokens(pains) {
        Ok(tokens) => tokens,
        Err(message) => {
            eprintln!("rtr: {message}");
            return ExitCode::from(EXIT_INVALID);
        }
    };
    let (steps, unrun) = simulate(program, &tokens);
    if as_json {
        println!(
            "{}",
            serde_json::to_string_pretty(&steps).expect("plain values")
        );
    } else {
        for step in &steps {
            let next = step.next.map_or("—".to_string(), |n| n.to_string());
            println!(
                "{:<5} {:<6} {:<8} → {:<5} {}",
                step.session.to_string(),
                step.light,
                step.decision,
                next,
                step.reason
            );
        }
    }
    if unrun > 0 {
        eprintln!(
            "rtr: the program stopped; the last {unrun} ratings were not run (a stop needs a resume first)"
        );
    }
    ExitCode::SUCCESS
}

/// The coach's records of the history (sessions left out); journal
/// warnings go to stderr.
pub fn load_records(dir: Option<&Path>) -> Result<Vec<Record>, String> {
    let mut records = Vec::new();
    if let Some(dir) = dir {
        let warnings = Journal::new(dir)
            .read_without_sessions(|_, record| {
                if !matches!(record, Record::Session(_)) {
                    records.push(record);
                }
            })
            .map_err(|err| format!("cannot read the history: {err}"))?;
        for warning in warnings {
            eprintln!("rtr: {warning}");
        }
    }
    Ok(records)
}

/// The sessions of this program run to their end, and the coach's next one,
/// for `rtr plan`. An empty history (or none) marks nothing done.
pub fn progress(program: &Program, dir: Option<&Path>) -> super::Progress {
    let dir = crate::paths::data_dir(dir);
    let mut progress = super::Progress::default();
    let Ok(records) = load_all_records(dir.as_deref()) else {
        return progress;
    };
    for record in &records {
        if let Record::Session(s) = record
            && s.ended_early.is_none()
            && s.program_hash == program.source_hash
        {
            progress.done.insert(s.session);
        }
    }
    let replayed = replay(program, &facts(&records));
    let today = Local::now().date_naive();
    progress.next = next_as_of(&replayed, &program.rules, today).map(|(next, _, _)| next);
    progress
}

/// Every record, sessions too, for the report.
pub fn load_all_records(dir: Option<&Path>) -> Result<Vec<Record>, String> {
    let mut records = Vec::new();
    if let Some(dir) = dir {
        let warnings = Journal::new(dir)
            .read(|_, record| records.push(record))
            .map_err(|err| format!("cannot read the history: {err}"))?;
        for warning in warnings {
            eprintln!("rtr: {warning}");
        }
    }
    Ok(records)
}

pub fn replay_journal(program: &Program, dir: Option<&Path>) -> Result<Replay, String> {
    Ok(replay(program, &facts(&load_records(dir)?)))
}

/// The decision after the last run, and when the next one may be, for the
/// screen after the questions.
pub fn decision_text(replayed: &Replay) -> String {
    let Some(decision) = replayed.decisions.last() else {
        return String::new();
    };
    let when = match (&replayed.standing, decision.next) {
        (Standing::Next { earliest, .. }, Some(next)) => {
            format!(
                " Next run: {next}, {} at the earliest.",
                earliest.format("%A %-d %b")
            )
        }
        _ => String::new(),
    };
    format!("{}{when}", decision.reason)
}

/// The next session, when, where the runner stands and why, in a paragraph.
pub struct Status {
    pub text: String,
    pub json: serde_json::Value,
}

pub fn status(program: &Program, replayed: &Replay, today: NaiveDate) -> Status {
    let weeks = program.weeks.len();
    let last = replayed.decisions.last();
    let last_text = last
        .map(|d| format!(" Last: {}", d.reason))
        .unwrap_or_default();
    let last_json = last.map(|d| {
        json!({
            "session": d.session.to_string(),
            "date": d.date.to_string(),
            "light": d.light.word(),
            "decision": d.kind.word(),
            "next": d.next.map(|n| n.to_string()),
            "reason": d.reason,
        })
    });
    match (
        &replayed.standing,
        next_as_of(replayed, &program.rules, today),
    ) {
        (Standing::Stopped { since, reason, .. }, _) => Status {
            text: format!(
                "The program is stopped since {}: {reason} It goes on only when you choose to resume it, one week down.",
                since.format("%a %-d %b")
            ),
            json: json!({
                "standing": "stopped", "next": null, "earliest": null, "today": false,
                "week": null, "weeks": weeks, "why": reason, "last": last_json,
            }),
        },
        (_, Some((next, earliest, moved))) => {
            let earliest = earliest.max(today);
            let run_today = earliest == today;
            let when = if run_today {
                "today".to_string()
            } else {
                format!("on {} (rest day today)", earliest.format("%A %-d %b"))
            };
            let why = moved.clone().or_else(|| last.map(|d| d.reason.clone()));
            let text = format!(
                "Next: {next} (week {} of {weeks}), {when}.{}{}",
                next.week,
                moved.map(|m| format!(" {m}.")).unwrap_or_default(),
                last_text
            );
            Status {
                text,
                json: json!({
                    "standing": "next", "next": next.to_string(), "earliest": earliest.to_string(),
                    "today": run_today, "week": next.week, "weeks": weeks, "why": why, "last": last_json,
                }),
            }
        }
        _ => Status {
            text: format!("The program is complete: every session is done.{last_text}"),
            json: json!({
                "standing": "complete", "next": null, "earliest": null, "today": false,
                "week": null, "weeks": weeks, "why": null, "last": last_json,
            }),
        },
    }
}

pub fn status_command(program: &Program, dir: Option<&Path>, as_json: bool) -> ExitCode {
    let dir = crate::paths::data_dir(dir);
    let replayed = match replay_journal(program, dir.as_deref()) {
        Ok(replayed) => replayed,
        Err(message) => {
            eprintln!("rtr: {message}");
            return ExitCode::from(EXIT_INVALID);
        }
    };
    let status = status(program, &replayed, Local::now().date_naive());
    if as_json {
        println!(
            "{}",
            serde_json::to_string_pretty(&status.json).expect("plain values")
        );
    } else {
        println!("{}", status.text);
    }
    ExitCode::SUCCESS
}
