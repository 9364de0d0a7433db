//! `rtr` with no subcommand: the morning question and an interrupted session
//! first, then the home screen, and what its keys lead to.

use std::process::ExitCode;

use chrono::{Local, NaiveDate};

use super::EXIT_INVALID;
use super::coach::replay_journal;
use super::run::{RunOptions, morning_and_resume, run};
use crate::coach::records::{OverrideRecord, Record, ResumeRecord};
use crate::coach::replay::{Replay, Standing, next_as_of};
use crate::journal::{Journal, now_local};
use crate::program::{Program, SessionId};
use crate::tui::home::{self, HomeAction, HomeView, Mark};
use crate::tui::{pager, prompt};
use crate::workout::{Totals, flatten_circuit, flatten_session};

pub fn home(program: &Program, _path: Option<&std::path::Path>, options: RunOptions) -> ExitCode {
    if !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        print!("{}", super::plan::overview(program));
        return ExitCode::SUCCESS;
    }
    if let Some(code) = morning_and_resume(program, &options) {
        return code;
    }
    let dir = crate::paths::data_dir(options.data_dir.as_deref());
    if let Some(dir) = &dir
        && crate::paths::ensure_private_dir(dir).is_ok()
        && super::start_check::due(dir)
    {
        super::start_check::ask(dir);
    }
    loop {
        let replayed = match replay_journal(program, dir.as_deref()) {
            Ok(replayed) => replayed,
            Err(message) => {
                eprintln!("rtr: {message}");
                return ExitCode::from(EXIT_INVALID);
            }
        };
        let today = Local::now().date_naive();
        let view = view(program, &replayed, today);
        let action = match home::run(&view) {
            Ok(action) => action,
            Err(err) => {
                eprintln!("rtr: the home screen needs a terminal: {err}");
                return ExitCode::from(EXIT_INVALID);
            }
        };
        match action {
            HomeAction::Quit => return ExitCode::SUCCESS,
            HomeAction::Plan => {
                let progress = super::coach::progress(program, options.data_dir.as_deref());
                let _ = pager::show("The plan", &super::plan::plan_text(program, &progress));
            }
            HomeAction::History => {
                let _ = super::history::screen(program, dir.as_deref());
            }
            HomeAction::Resume => {
                if let (Some(dir), Standing::Stopped { at, .. }) = (&dir, &replayed.standing) {
                    confirm_resume(dir, *at, today);
                }
            }
            // `run` asks first before the coach's day, and records the choice.
            HomeAction::Start => return run(program, options),
        }
    }
}

/// Before the coach's day: asks, and records a yes as an override.
pub fn start_early(
    dir: &std::path::Path,
    session: SessionId,
    earliest: NaiveDate,
    today: NaiveDate,
) -> bool {
    if !confirm_early(earliest) {
        return false;
    }
    let record = Record::Override(OverrideRecord {
        date: today,
        session,
        earliest,
    });
    let _ = Journal::new(dir).append(&record);
    true
}

fn confirm_early(earliest: NaiveDate) -> bool {
    let lines = [
        format!(
            "Today is a rest day: the coach's next run is on {}.",
            earliest.format("%A %-d %b")
        ),
        "Rest lets the knee recover from the load of the last run.".into(),
        "Run anyway? It is recorded as your choice. y / n".into(),
    ];
    matches!(prompt::yes_no("A rest day", &lines), Ok(Some(true)))
}

fn confirm_resume(dir: &std::path::Path, at: SessionId, today: NaiveDate) {
    let lines = [
        format!("The program stopped at {at}. It goes on one week down."),
        "Resume only if a physical therapist has seen the knee, or the pain has settled.".into(),
        "Resume now? It is recorded as your choice. y / n".into(),
    ];
    if matches!(prompt::yes_no("Resume", &lines), Ok(Some(true))) {
        let record = Record::Resume(ResumeRecord {
            date: today,
            at: now_local(),
        });
        let _ = Journal::new(dir).append(&record);
    }
}

/// The home screen's content: pure, from the program, the replay and today.
pub fn view(program: &Program, replayed: &Replay, today: NaiveDate) -> HomeView {
    let weeks = program.weeks.len();
    let last_reason = replayed.decisions.last().map(|d| d.reason.clone());
    let mut view = HomeView {
        program: program.name.clone(),
        ..HomeView::default()
    };
    let next = match (
        &replayed.standing,
        next_as_of(replayed, &program.rules, today),
    ) {
        (Standing::Stopped { reason, .. }, _) => {
            view.stopped = true;
            view.headline = "The program is stopped.".into();
            view.why = vec![
                reason.clone(),
                "It goes on only when you choose to resume it (r), one week down.".into(),
            ];
            None
        }
        (_, Some((session, earliest, moved))) => {
            let steps = flatten_session(program, session).unwrap_or_default();
            let minutes = Totals::of(&steps).total_seconds.div_ceil(60);
            let main = program
                .session(session)
                .map(|s| super::plan::steps_summary(program, &s.main))
                .unwrap_or_default();
            if earliest > today {
                view.rest_day = true;
                view.headline = format!(
                    "Rest day. Next run {}: {session} · {main}",
                    earliest.format("%A %-d %b")
                );
            } else {
                view.headline = format!("Today: {session} · {main} · {minutes} min");
            }
            view.why = moved.into_iter().chain(last_reason).collect();
            if view.why.is_empty() {
                view.why.push(
                    "Where every comeback starts: easy effort, you can talk all the way.".into(),
                );
            }
            Some(session)
        }
        _ => {
            view.headline = "The program is complete. Well done.".into();
            view.why = last_reason.into_iter().collect();
            None
        }
    };
    if let Some(next) = next {
        view.week = Some((next.week, weeks));
        view.strip = program
            .weeks
            .iter()
            .enumerate()
            .map(|(w, week)| {
                (0..week.sessions.len())
                    .map(|s| {
                        let id = SessionId {
                            week: w as u32 + 1,
                            session: s as u32 + 1,
                        };
                        match id.cmp(&next) {
                            std::cmp::Ordering::Less => Mark::Passed,
                            std::cmp::Ordering::Equal => Mark::Next,
                            std::cmp::Ordering::Greater => Mark::Ahead,
                        }
                    })
                    .collect()
            })
            .collect();
        let week = &program.weeks[next.week as usize - 1];
        let circuit = if view.rest_day {
            week.prehab.as_deref().map(|c| ("Today's prehab", c))
        } else {
            program
                .session(next)
                .and_then(|s| program.circuit_after(s))
                .map(|c| ("After the run", c))
        };
        view.prehab = circuit.and_then(|(when, id)| {
            let circuit = program.circuit(id)?;
            let minutes = Totals::of(&flatten_circuit(circuit))
                .total_seconds
                .div_ceil(60);
            Some(format!("{when}: {} (about {minutes} min)", circuit.name))
        });
    }
    view
}
