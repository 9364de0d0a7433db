//! `rtr run [W.S] [--speed N]`: one session, full-screen.

use std::path::PathBuf;
use std::process::ExitCode;

use super::EXIT_INVALID;
use crate::log::Log;
use crate::program::{Program, SessionId};
use crate::tui::app::{App, SessionInfo};
use crate::tui::{self, SessionOptions};
use crate::workout::session_workout;

pub struct RunOptions {
    pub session: Option<SessionId>,
    pub speed: Option<u32>,
    pub bell: bool,
    pub notify: bool,
    pub data_dir: Option<PathBuf>,
}

pub fn run(program: &Program, options: RunOptions) -> ExitCode {
    let id = options.session.unwrap_or(SessionId {
        week: 1,
        session: 1,
    });
    let Some(workout) = session_workout(program, id) else {
        eprintln!("{}", no_such_session(program, id));
        return ExitCode::from(EXIT_INVALID);
    };
    let session = program.session(id).expect("session_workout found it");
    let title = match &session.name {
        Some(name) => format!("{id} · {name}"),
        None => format!("week {} session {}", id.week, id.session),
    };
    let info = SessionInfo {
        program: program.name.clone(),
        title,
        pain_site: program.pain_site.clone(),
        speed_unit: program.speed_unit,
        rehearsal: options.speed,
        red_pain: program.rules.red_pain,
        stop_pain: program.rules.stop_pain,
    };
    let log = match crate::paths::data_dir(options.data_dir.as_deref()) {
        Some(dir) => match crate::paths::ensure_private_dir(&dir) {
            Ok(()) => Log::open(&dir),
            Err(err) => {
                eprintln!("rtr: cannot use the data dir {}: {err}", dir.display());
                Log::none()
            }
        },
        None => Log::none(),
    };
    let session_options = SessionOptions {
        speed: options.speed.unwrap_or(1),
        bell: options.bell,
        notify: options.notify,
    };
    match tui::run_session(App::new(workout, info), session_options, &log) {
        Ok(result) => {
            let lines = result.summary_text();
            println!("{lines}");
            match result.signal {
                Some(signal) => ExitCode::from(128 + signal as u8),
                None => ExitCode::SUCCESS,
            }
        }
        Err(err) => {
            tui::restore();
            eprintln!("rtr: the session screen needs a terminal: {err}");
            ExitCode::from(EXIT_INVALID)
        }
    }
}

fn no_such_session(program: &Program, id: SessionId) -> String {
    let last_week = program.weeks.len();
    let sessions = program
        .weeks
        .get(id.week as usize - 1)
        .map(|w| w.sessions.len());
    match sessions {
        Some(n) => format!(
            "rtr: there is no session {id} in \"{}\": week {} has sessions 1 to {n}",
            program.name, id.week
        ),
        None => format!(
            "rtr: there is no session {id} in \"{}\": it has weeks 1 to {last_week}",
            program.name
        ),
    }
}
