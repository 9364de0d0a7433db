//! One plan per program: which program rtr opens, `rtr enroll` to switch,
//! and the question before a real session of another program.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::EXIT_INVALID;
use crate::coach::records::{EnrollRecord, History, Record};
use crate::journal::{Kept, Store, now_local};
use crate::program::{self, BUILTIN_ID, LoadError, Program};
use crate::tui::prompt;

/// The program a command uses, where it came from, and the id of the
/// program the runner is enrolled in.
pub struct Chosen {
    pub program: Program,
    /// The file, when it is not the built-in program.
    pub path: Option<PathBuf>,
    pub enrolled: String,
}

/// `--program` when given; else the program of the last enrollment; else
/// the config's program, else the built-in one. With no enrollment, the
/// config's (or built-in) program is the one enrolled in.
pub fn choose(
    flag: Option<&Path>,
    configured: Option<&Path>,
    history: &History,
) -> Result<Chosen, String> {
    let load = |path: &Path| program::load_file(path).map_err(|err| err.to_string());
    let configured = match configured {
        Some(path) => Some((load(path)?, path.to_path_buf())),
        None => None,
    };
    let default_id = configured
        .as_ref()
        .map_or_else(|| BUILTIN_ID.to_string(), |(program, _)| program.id.clone());
    // The built-in program is parsed only when it is the one used: its
    // parse is most of rtr's start.
    let default = move || match configured {
        Some((program, path)) => (program, Some(path)),
        None => (program::builtin(), None),
    };
    let enrolled = history.enrolled();
    let enrolled_id = enrolled.map_or_else(|| default_id.clone(), |e| e.program.clone());
    let (program, path) = match (flag, enrolled) {
        (Some(path), _) => (load(path)?, Some(path.to_path_buf())),
        (None, Some(e)) if e.program != default_id => match &e.file {
            Some(file) => (
                load(file).map_err(|err| cannot_open(e, &err))?,
                Some(file.clone()),
            ),
            None if e.program == BUILTIN_ID => (program::builtin(), None),
            None => default(),
        },
        (None, _) => default(),
    };
    Ok(Chosen {
        program,
        path,
        enrolled: enrolled_id,
    })
}

fn cannot_open(enrolled: &EnrollRecord, err: &str) -> String {
    format!(
        "{err}\nrtr: you are enrolled in \"{}\" ({}), and its file cannot be read. Fix the file, or switch with `rtr enroll FILE` (or `rtr enroll --built-in`).",
        enrolled.name, enrolled.program
    )
}

/// `rtr enroll [FILE | --built-in]`: switches the plan, logged; with
/// neither, says which program the plan follows.
pub fn command(
    file: Option<&Path>,
    built_in: bool,
    dir: Option<&Path>,
    current: &Chosen,
) -> ExitCode {
    let program = match (file, built_in) {
        (Some(path), _) => match program::load_file(path) {
            Ok(program) => program,
            Err(err) => return invalid(&err),
        },
        (None, true) => program::builtin(),
        (None, false) => {
            println!(
                "Your plan follows \"{}\" ({}). `rtr enroll FILE` switches to another program; `rtr enroll --built-in` goes back to the built-in one.",
                current.program.name, current.enrolled
            );
            return ExitCode::SUCCESS;
        }
    };
    let file = file.map(|path| std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()));
    if program.id == current.enrolled && file == current.path {
        println!("Your plan already follows \"{}\".", program.name);
        return ExitCode::SUCCESS;
    }
    let Some(dir) = dir else {
        eprintln!(
            "rtr: no place for the history: set --data-dir or RTR_DATA_DIR (HOME is not set)"
        );
        return ExitCode::from(EXIT_INVALID);
    };
    let mut store = match Store::open(dir) {
        Ok(store) => store,
        Err(err) => {
            eprintln!("rtr: {err}; switch once it ends.");
            return ExitCode::from(EXIT_INVALID);
        }
    };
    match enroll(&mut store, &program, file) {
        Kept::Journal => {
            println!(
                "Your plan now follows \"{}\" ({}). Its own sessions carry on where they stood; other programs' sessions never move it.",
                program.name, program.id
            );
            ExitCode::SUCCESS
        }
        unsaved => {
            eprintln!("rtr: {}", unsaved.note());
            ExitCode::from(EXIT_INVALID)
        }
    }
}

fn invalid(err: &LoadError) -> ExitCode {
    eprintln!("{err}");
    ExitCode::from(EXIT_INVALID)
}

/// Logs the switch to `program`.
pub fn enroll(store: &mut Store, program: &Program, file: Option<PathBuf>) -> Kept {
    let record = Record::Enroll(EnrollRecord {
        at: now_local(),
        program: program.id.clone(),
        name: program.name.clone(),
        file,
    });
    store.keep(&record)
}

/// What the runner chose before a real session of a program other than
/// the one their plan follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtherProgram {
    /// A session of its own: it never moves the plan.
    OneOff,
    /// The plan follows this program from now on (logged).
    Switch,
    Cancel,
}

pub fn ask_one_off_or_switch(program: &Program, enrolled: &str) -> OtherProgram {
    let lines = [
        format!(
            "Your plan follows another program ({enrolled}); this is \"{}\" ({}).",
            program.name, program.id
        ),
        String::new(),
        "o  a one-off: recorded under this program, it never moves your plan".into(),
        format!("s  switch your plan to \"{}\" (recorded)", program.name),
        "q  not now".into(),
    ];
    let answer = prompt::choice("Another program", &lines, &['o', 's']);
    match answer {
        Ok(Some('o')) => OtherProgram::OneOff,
        Ok(Some('s')) => OtherProgram::Switch,
        _ => OtherProgram::Cancel,
    }
}
