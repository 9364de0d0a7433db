//! `rtr simulate` and `rtr status`: the coach from the command line.

use std::path::Path;
use std::process::ExitCode;

use chrono::{Local, NaiveDate};
use serde_json::json;

use super::EXIT_INVALID;
use crate::coach::records::{History, Record};
use crate::coach::replay::{Replay, Standing, next_as_of, replay};
use crate::coach::simulate::{Unrun, parse_tokens, simulate};
use crate::journal::{Journal, SESSION_PREFIX};
use crate::program::BUILTIN_PROGRAM_NAME;
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
                "{:<5} day {:<3} {:<6} {:<8} → {:<5} {}",
                step.session.to_string(),
                step.date,
                step.light.unwrap_or("—"),
                step.decision,
                next,
                step.reason
            );
        }
    }
    match unrun {
        Some(Unrun::Stopped(left)) => eprintln!(
            "rtr: the program stopped; the last {left} {} not run (a stop needs a resume first)",
            if left == 1 {
                "token was"
            } else {
                "tokens were"
            }
        ),
        Some(Unrun::AfterTheEnd(left)) => eprintln!(
            "rtr: the program is complete; the last {left} {} after the program's end",
            if left == 1 { "token is" } else { "tokens are" }
        ),
        None => {}
    }
    ExitCode::SUCCESS
}

/// The coach's records of the history (session records left out, but for
/// the program names older answers need), settled: a discarded session's
/// records left out, a fact recorded twice counted once. What could not be
/// read, or does not count, is in its `warnings`, each with its line.
pub fn load_history(dir: Option<&Path>) -> Result<History, String> {
    let Some(dir) = dir else {
        return Ok(History::default());
    };
    let journal = Journal::new(dir);
    let mut records = Vec::new();
    let mut legacy = std::collections::HashMap::new();
    let unread = journal
        .read_custom(
            |_, text| {
                if !text.starts_with(SESSION_PREFIX) {
                    return false;
                }
                if let Some((id, program)) = legacy_session_head(text)
                    && program != BUILTIN_PROGRAM_NAME
                {
                    legacy.insert(id.to_string(), program.to_string());
                }
                true
            },
            |line, record| records.push((line, record)),
        )
        .map_err(|err| format!("cannot read the history: {err}"))?;
    let today = Local::now().date_naive();
    let mut history = History::settled(records, Some(today));
    history.legacy_programs = legacy;
    let file = crate::safe_fs::shown(journal.path());
    history.warnings = unread.iter().map(ToString::to_string).collect();
    history.warnings.extend(
        history
            .notices
            .iter()
            .map(|(line, message)| format!("{file}:{line}: {message}")),
    );
    Ok(history)
}

/// The id and program name of a session line written before program ids,
/// read from the start of the line alone (a long history stays fast):
/// `{"v":1,"kind":"session","id":"…","program":"…","program_hash":"…",`
/// with no `"program_id"` next. None for a newer line, or one with
/// escapes in its strings (no rtr writes those in an id or a name).
fn legacy_session_head(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix(SESSION_PREFIX)?.strip_prefix("\"id\":")?;
    let (id, rest) = plain(rest)?;
    let (program, rest) = plain(rest.strip_prefix(",\"program\":")?)?;
    let (_, rest) = plain(rest.strip_prefix(",\"program_hash\":")?)?;
    (!rest.starts_with(",\"program_id\":")).then_some((id, program))
}

/// The sessions this program's coach moved on from, and its next one, for
/// `rtr plan`. An empty history (or none) marks nothing done.
pub fn progress(program: &Program, history: &History) -> super::Progress {
    let replayed = replay(program, &history.facts(program));
    let done = replayed.done().collect();
    let today = Local::now().date_naive();
    super::Progress {
        done,
        next: next_as_of(&replayed, &program.rules, today).map(|(next, _, _)| next),
    }
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
    let history = load_history(dir)?;
    Ok(replay(program, &history.facts(program)))
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
    let last_text = replayed
        .why
        .as_ref()
        .map(|why| format!(" Last: {why}"))
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
            let why = moved.clone().or_else(|| replayed.why.clone());
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

pub fn status_command(program: &Program, history: &History, as_json: bool) -> ExitCode {
    let replayed = replay(program, &history.facts(program));
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

/// A JSON string without escapes at the start of `text`, and what follows.
fn plain(text: &str) -> Option<(&str, &str)> {
    let text = text.strip_prefix('"')?;
    let end = text.find('"')?;
    let value = &text[..end];
    (!value.contains('\\')).then(|| (value, &text[end + 1..]))
}
