//! `rtr` with no subcommand: the morning question and an interrupted session
//! first, then the home screen, and what its keys lead to.

use std::path::Path;
use std::process::ExitCode;

use chrono::{Local, NaiveDate};

use super::EXIT_INVALID;
use super::coach::replay_journal;
use super::run::{RunOptions, morning_and_resume, run};
use crate::coach::records::{Record, ResumeRecord};
use crate::coach::replay::{Replay, Standing, next_as_of};
use crate::journal::{Store, now_local};
use crate::program::{Model, Program, SessionId};
use crate::tui::home::{self, HomeAction, HomeView, Mark};
use crate::tui::watch::ProgramWatch;
use crate::tui::{pager, prompt};
use crate::workout::{Totals, flatten_circuit, flatten_session};

pub fn home(program: &Program, options: RunOptions) -> ExitCode {
    let path = options.program_path.clone();
    let path = path.as_deref();
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
        && let Ok(mut store) = Store::open(dir)
    {
        super::start_check::ask(&mut store, program);
    }
    let mut watch = watch_program(path);
    let mut live = LiveProgram {
        program: program.clone(),
        path,
        errors: None,
        enrolled: options.enrolled.clone(),
        notices: options.notices.clone(),
    };
    loop {
        live.notices.extend(crate::tui::term::take_notices());
        // The file may have changed while a question or a session was open.
        live.reload();
        let replayed = match replay_journal(&live.program, dir.as_deref()) {
            Ok(replayed) => replayed,
            Err(message) => {
                crate::tui::term::say(&format!("rtr: {message}"));
                return ExitCode::from(EXIT_INVALID);
            }
        };
        let today = Local::now().date_naive();
        // After a no in the start check: what to do first, until the first run.
        let history = super::coach::load_history(dir.as_deref()).unwrap_or_default();
        let start_check = super::start_check::reminder(&history.records);
        let mut first = live.view(&replayed, today);
        before_running(&mut first, &live.program, start_check.clone());
        let prehab_circuit = first.prehab_circuit.clone();
        let refresh = || {
            live.reload();
            // The history was readable a moment ago; if not now, it stands.
            let now = replay_journal(&live.program, dir.as_deref()).ok();
            let mut view = live.view(now.as_ref().unwrap_or(&replayed), today);
            before_running(&mut view, &live.program, start_check.clone());
            view
        };
        let action = match home::run(first, refresh) {
            Ok(action) => action,
            Err(err) => {
                crate::tui::term::say(&format!("rtr: the home screen needs a terminal: {err}"));
                return ExitCode::from(EXIT_INVALID);
            }
        };
        let program = &live.program;
        match action {
            HomeAction::Quit => return ExitCode::SUCCESS,
            HomeAction::Plan => {
                let history = super::coach::load_history(dir.as_deref()).unwrap_or_default();
                let plan = |program: &Program| {
                    let progress = super::coach::progress(program, &history);
                    super::plan::plan_text(program, &progress)
                };
                let text = plan(&live.program);
                let _ = pager::show("The plan", text, || {
                    live.reload();
                    match &live.errors {
                        Some(errors) => format!(
                            "The program file has errors; this is its last good version.\n{errors}\n\n{}",
                            plan(&live.program)
                        ),
                        None => plan(&live.program),
                    }
                });
            }
            HomeAction::History => {
                let _ = super::history::screen(program, dir.as_deref());
            }
            HomeAction::Resume => {
                if let (Some(dir), Standing::Stopped { at, .. }) = (&dir, &replayed.standing) {
                    confirm_resume(dir, *at, today, &program.pain_site);
                }
            }
            // `run` asks first before the coach's day, and records the choice.
            HomeAction::Start | HomeAction::Prehab => {
                let prehab = (action == HomeAction::Prehab).then(|| prehab_circuit.clone());
                // A session keeps the program of its start: no watching.
                drop(watch);
                let program = program.clone();
                let code = run(
                    &program,
                    RunOptions {
                        prehab,
                        notices: Vec::new(),
                        ..options.clone()
                    },
                );
                // Back home, with the coach's word on it; a signal or an
                // error ends rtr.
                if code != ExitCode::SUCCESS {
                    return code;
                }
                watch = watch_program(path);
            }
        }
    }
}

/// Edits to the program file show while the home screen or plan is open.
fn watch_program(path: Option<&Path>) -> Option<ProgramWatch> {
    let wake = crate::tui::term::open().ok()?.sender();
    ProgramWatch::new(path?, wake).ok()
}

/// The program as the home screen shows it: the last version that loaded,
/// and the errors of the file as it is now, if it has any.
struct LiveProgram<'p> {
    program: Program,
    path: Option<&'p Path>,
    errors: Option<String>,
    /// The id of the program the plan follows.
    enrolled: String,
    notices: Vec<String>,
}

impl LiveProgram<'_> {
    fn reload(&mut self) {
        let Some(path) = self.path else { return };
        match crate::program::load_file(path) {
            Ok(program) => {
                self.program = program;
                self.errors = None;
            }
            Err(err) => self.errors = Some(err.to_string()),
        }
    }

    fn view(&self, replayed: &Replay, today: NaiveDate) -> HomeView {
        let mut view = HomeView {
            errors: self.errors.clone(),
            notices: self.notices.clone(),
            ..view(&self.program, replayed, today)
        };
        if self.program.id != self.enrolled {
            view.why.insert(
                0,
                format!(
                    "Not your plan's program (your plan follows {}): its sessions are one-offs and never move your plan. `rtr enroll FILE` switches.",
                    self.enrolled
                ),
            );
        }
        view
    }
}

fn confirm_resume(dir: &std::path::Path, at: SessionId, today: NaiveDate, site: &str) {
    let lines = [
        format!("The program stopped at {at}. It goes on one week down."),
        format!(
            "Resume only if a physical therapist has seen the {site}, or the pain has settled."
        ),
        "Resume now? It is recorded as your choice. y yes · n no".into(),
    ];
    if matches!(prompt::yes_no("Resume", &lines), Ok(Some(true))) {
        let record = Record::Resume(ResumeRecord {
            date: today,
            at: now_local(),
        });
        let unsaved = match Store::open(dir) {
            Ok(mut store) => store.keep(&record).note(),
            Err(err) => format!("The resume is not recorded: {err}."),
        };
        if !unsaved.is_empty() {
            let _ = prompt::message("Resume", &[unsaved, "Any key goes on.".into()]);
        }
    }
}

/// The home screen's content: pure, from the program, the replay and today.
pub fn view(program: &Program, replayed: &Replay, today: NaiveDate) -> HomeView {
    let weeks = program.weeks.len();
    let last_reason = replayed.why.clone();
    let model = program.rules.model;
    let mut view = HomeView {
        // The model is named when it is not the knee's default.
        program: match model {
            Model::Soreness => program.name.clone(),
            _ => format!("{} · {}", program.name, model.name()),
        },
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
        if let Some((when, id)) = circuit {
            offer_prehab(&mut view, program, when, id);
        }
    }
    view
}

/// The circuit home offers, `c` to start it: "After the run: Mobility
/// (about 22 min)".
fn offer_prehab(view: &mut HomeView, program: &Program, when: &str, id: &str) {
    let Some(circuit) = program.circuit(id) else {
        return;
    };
    let minutes = Totals::of(&flatten_circuit(circuit))
        .total_seconds
        .div_ceil(60);
    view.prehab = Some(format!("{when}: {} (about {minutes} min)", circuit.name));
    view.prehab_circuit = Some(id.to_string());
}

/// After a no in the start check, the week's strength circuit comes before
/// any run: home offers it and says what to do first.
pub fn before_running(view: &mut HomeView, program: &Program, reminder: Option<String>) {
    let week = view
        .week
        .and_then(|(week, _)| program.weeks.get(week as usize - 1));
    if let (Some(_), Some(id)) = (&reminder, week.and_then(|w| w.prehab.as_deref())) {
        offer_prehab(view, program, "Before running", id);
    }
    view.start_check = reminder;
}
