//! The command line: clap types and one thin function a subcommand.

mod cadence;
mod check;
mod coach;
mod devices;
mod enroll;
mod export;
mod history;
mod home;
mod init;
mod morning;
mod plan;
mod report;
mod rest_day;
mod run;
mod start_check;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::{self, Settings};
use crate::program::{self, SessionId};

pub use check::check_files;
pub use history::{
    detail_lines as history_detail, screen_view as history_view,
    view_from_journal as history_from_journal,
};
pub use home::{before_running as home_before_running, view as home_view};
pub use plan::{Progress, plan_json, plan_text};
pub use report::report;

#[derive(Debug, Parser)]
#[command(
    name = "rtr",
    version,
    about = "A terminal coach for runners coming back from knee, Achilles, heel or shin pain",
    long_about = "A terminal coach for runners coming back from knee pain (or Achilles, \
                  heel or shin pain, with the shipped programs for them): a 10-week \
                  run/walk program with prehab circuits.\n\nThis is exercise guidance, \
                  not medical care. Never run through sharp pain; if pain stays, see a \
                  physical therapist."
)]
pub struct Cli {
    /// The program file to use (default: the built-in 10-week program).
    #[arg(long, global = true, value_name = "FILE")]
    pub program: Option<PathBuf>,

    /// Where rtr keeps its files (default: $XDG_DATA_HOME/rtr or ~/.local/share/rtr).
    #[arg(long, global = true, value_name = "DIR", env = "RTR_DATA_DIR")]
    pub data_dir: Option<PathBuf>,

    /// The config file (default: $XDG_CONFIG_HOME/rtr/config.ron).
    #[arg(long, global = true, value_name = "FILE", env = "RTR_CONFIG")]
    pub config: Option<PathBuf>,

    #[command(flatten)]
    pub flags: config::Flags,

    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// The flags, then the config file, then the defaults.
    pub fn settings(&self) -> Result<Settings, program::LoadError> {
        let config = config::load(self.config.as_deref())?;
        Ok(Settings::new(self.flags.said(self.program.clone()), config))
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a session now, full-screen: warm-up, main set, cool-down, then its circuit.
    Run {
        /// The session as week.session, e.g. 3.2 (default: the coach's next; another one asks first and never moves the plan on).
        #[arg(value_name = "W.S")]
        session: Option<SessionId>,
        /// Rehearse N times faster (1 to 600); a rehearsal is never recorded.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=600))]
        speed: Option<u32>,
    },
    /// Do a prehab circuit on its own, full-screen: today's (the week's, or the one after the next run), or the one named.
    Prehab {
        /// The circuit's name in the program, e.g. strength_a (see `rtr plan`).
        #[arg(value_name = "NAME")]
        circuit: Option<String>,
    },
    /// Print the program week by week: every session's steps and times.
    Plan {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Shows one desktop notification (used by the session screen).
    #[cfg(feature = "desktop-notify")]
    #[command(name = "__notify", hide = true)]
    Notify { summary: String, body: String },
    /// Takes logind's lock against sleep, then holds it (used by the session screen).
    #[command(name = "__inhibit", hide = true)]
    Inhibit,
    /// Holds an inherited lock until stdin closes (used by __inhibit).
    #[command(name = "__hold", hide = true)]
    Hold,
    /// The next session, when, where you stand and why.
    Status {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// What the coach would decide for a list of run sessions, e.g. "0,0,3,5,2/4" or "0,3/1 w4 a2,2 ran50,0 +9".
    Simulate {
        /// One token a run session, comma-separated: PEAK (worst pain during it) or PEAK/MORNING, then
        /// any of: bN pain before, wN after the warm-up, aN right after, s swelling or a limp,
        /// f a red flag, ranP percent of the running run, off (an off-plan session), +D days later.
        pains: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// The history: full-screen in a terminal, or printed as a table, CSV, JSON or a report with --format.
    History {
        /// Print instead of the screen: a table, CSV, JSON or a Markdown report.
        #[arg(long, value_enum)]
        format: Option<history::Format>,
        /// Only sessions on or after this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        since: Option<chrono::NaiveDate>,
    },
    /// Write finished sessions as TCX files for Strava, Garmin Connect or intervals.icu: the last one, every W.S, those since DATE, or all.
    Export {
        /// Every recorded session with this number, e.g. 3.2 (default: the last session).
        #[arg(value_name = "W.S", conflicts_with_all = ["since", "all"])]
        session: Option<SessionId>,
        /// Every session on or after this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE", conflicts_with = "all")]
        since: Option<chrono::NaiveDate>,
        /// Every session recorded.
        #[arg(long)]
        all: bool,
        /// The file format (only TCX today).
        #[arg(long, value_enum, default_value = "tcx")]
        format: export::Format,
        /// The folder to write to (default: the config's export_dir, else the current folder).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Your own running cadence (steps a minute), which targets like "+5%" build on; with SPM, set it.
    Cadence {
        #[arg(value_name = "SPM")]
        spm: Option<u32>,
    },
    /// Print a shell completion script, e.g. `rtr completions bash > ~/.local/share/bash-completion/completions/rtr`.
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `rtr man | man -l -`.
    Man,
    /// Copy the shipped programs into DIR (default: $XDG_CONFIG_HOME/rtr/programs) to edit them, and write a config that uses them; never overwrites a file.
    Init {
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Switch your plan to another program (recorded); with no FILE, say which program it follows.
    Enroll {
        #[arg(value_name = "FILE", conflicts_with = "built_in")]
        file: Option<PathBuf>,
        /// Back to the built-in 10-week program.
        #[arg(long)]
        built_in: bool,
    },
    /// Find a Bluetooth treadmill, heart-rate strap and footpod, and remember one of each in the config.
    Devices {
        /// How long to listen, in seconds.
        #[arg(long, value_name = "SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=120))]
        seconds: u64,
        /// Forget the remembered devices instead.
        #[arg(long, conflicts_with = "seconds")]
        forget: bool,
    },
    /// Validate program files: `ok` per good file, FILE:LINE:COL per problem.
    Check {
        /// The program files to check.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
}

/// Exit code for invalid input: a bad program file, a bad answer.
pub const EXIT_INVALID: u8 = 1;

pub fn run(cli: Cli) -> ExitCode {
    // What needs no program and no config comes first: a broken config
    // never stands in the way of checking files or reading the manual.
    match &cli.command {
        Some(Command::Completions { shell }) => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(*shell, &mut command, "rtr", &mut std::io::stdout());
            return ExitCode::SUCCESS;
        }
        Some(Command::Man) => return man_page(),
        Some(Command::Check { files }) => return check_files(files, &mut std::io::stdout()),
        #[cfg(feature = "desktop-notify")]
        Some(Command::Notify { summary, body }) => {
            return crate::tui::outputs::bell::show_notification(summary, body);
        }
        Some(Command::Init { dir }) => return init::init(dir.as_deref(), cli.config.as_deref()),
        Some(Command::Devices { seconds, forget }) => {
            return devices::devices(*seconds, *forget, cli.config.as_deref());
        }
        Some(Command::Inhibit) => return crate::awake::inhibit_command(),
        Some(Command::Hold) => return crate::awake::hold_command(),
        _ => {}
    }
    let settings = match cli.settings() {
        Ok(settings) => settings,
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::from(EXIT_INVALID);
        }
    };
    crate::tui::theme::choose(settings.theme);
    let full_screen = matches!(
        cli.command,
        None | Some(Command::Run { .. }) | Some(Command::History { format: None, .. })
    );
    if full_screen && let Err(err) = crate::tui::catch_signals() {
        eprintln!("rtr: cannot catch signals: {err}");
    }
    let data_dir = cli.data_dir.clone();
    let session_or_home = matches!(
        cli.command,
        None | Some(Command::Run { .. } | Command::Prehab { .. })
    );
    let writes = session_or_home
        || matches!(
            cli.command,
            Some(Command::Enroll { .. } | Command::Cadence { spm: Some(_) })
        );
    let dir = match checked_data_dir(data_dir.as_deref(), writes) {
        Ok(dir) => dir,
        Err(message) => {
            eprintln!("rtr: {message}");
            return ExitCode::from(EXIT_INVALID);
        }
    };
    // Facts a full disk kept aside come back first, before anything reads.
    let mut notices = dir.as_deref().map(merge_unsaved).unwrap_or_default();
    // The history is read once here: it says which program the plan follows.
    // A session still runs when it cannot be read; the rest say so and stop.
    let (history, unreadable) = match coach::load_history(dir.as_deref()) {
        Ok(history) => (history, None),
        Err(message) => (Default::default(), Some(message)),
    };
    if let Some(message) = unreadable {
        if !session_or_home {
            eprintln!("rtr: {message}");
            return ExitCode::from(EXIT_INVALID);
        }
        notices.push(format!("{message}; the coach starts from nothing today."));
    }
    notices.extend(history.warnings.iter().cloned());
    if !session_or_home {
        // Nothing full-screen: said on stderr, once, before the answer.
        for notice in notices.drain(..) {
            eprintln!("rtr: {notice}");
        }
    }
    let configured = match &cli.program {
        Some(_) => None,
        None => settings.program.clone(),
    };
    let chosen = match enroll::choose(cli.program.as_deref(), configured.as_deref(), &history) {
        Ok(chosen) => chosen,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(EXIT_INVALID);
        }
    };
    let program = &chosen.program;
    let run_options = |session, speed| run::RunOptions {
        session,
        speed,
        settings: settings.clone(),
        data_dir: data_dir.clone(),
        enrolled: chosen.enrolled.clone(),
        program_path: chosen.path.clone(),
        notices: notices.clone(),
        prehab: None,
    };
    match cli.command {
        Some(Command::Run { session, speed }) => run::run(program, run_options(session, speed)),
        Some(Command::Prehab { circuit }) => run::run(
            program,
            run::RunOptions {
                prehab: Some(circuit),
                ..run_options(None, None)
            },
        ),
        Some(Command::Status { json }) => coach::status_command(program, &history, json),
        Some(Command::Simulate { pains, json }) => coach::simulate_command(program, &pains, json),
        Some(Command::Enroll { file, built_in }) => {
            enroll::command(file.as_deref(), built_in, dir.as_deref(), &chosen)
        }
        Some(Command::History {
            format: Some(history::Format::Md),
            since,
        }) => match coach::load_all_records(dir.as_deref()) {
            Ok(records) => {
                let today = chrono::Local::now().date_naive();
                print!("{}", report::report(program, &records, today, since));
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("rtr: {message}");
                ExitCode::from(EXIT_INVALID)
            }
        },
        Some(Command::History { format: None, .. })
            if std::io::IsTerminal::is_terminal(&std::io::stdout()) =>
        {
            history::screen(program, data_dir.as_deref())
        }
        Some(Command::History { format, since }) => history::history(
            data_dir.as_deref(),
            format.unwrap_or(history::Format::Table),
            since,
            &history.warnings,
        ),
        Some(Command::Cadence { spm }) => cadence::command(dir.as_deref(), spm),
        Some(Command::Export {
            session,
            since,
            all,
            format: export::Format::Tcx,
            out,
        }) => {
            let which = match (session, since, all) {
                (Some(id), _, _) => export::Which::Session(id),
                (_, Some(day), _) => export::Which::Since(day),
                (_, _, true) => export::Which::All,
                _ => export::Which::Last,
            };
            let out = out
                .or_else(|| settings.export_dir.clone())
                .unwrap_or_else(|| PathBuf::from("."));
            export::command(data_dir.as_deref(), which, &out)
        }
        Some(Command::Plan { json }) => {
            let progress = coach::progress(program, &history);
            if json {
                println!("{}", plan_json(program, &progress));
            } else {
                print!("{}", plan_text(program, &progress));
            }
            ExitCode::SUCCESS
        }
        None => home::home(program, run_options(None, None)),
        // Answered above, before the program was loaded.
        Some(
            Command::Completions { .. }
            | Command::Man
            | Command::Check { .. }
            | Command::Init { .. }
            | Command::Devices { .. }
            | Command::Inhibit
            | Command::Hold,
        ) => ExitCode::SUCCESS,
        #[cfg(feature = "desktop-notify")]
        Some(Command::Notify { .. }) => ExitCode::SUCCESS,
    }
}

/// The data dir, when there is one to use: it must be the user's alone
/// (else why, and what to run). With `create`, a missing one is made
/// private; without, a missing one is simply none.
fn checked_data_dir(
    chosen: Option<&std::path::Path>,
    create: bool,
) -> Result<Option<PathBuf>, String> {
    let Some(dir) = crate::paths::data_dir(chosen) else {
        return if create {
            Err(crate::paths::DataDirError::NoHome.to_string())
        } else {
            Ok(None)
        };
    };
    if !create && std::fs::symlink_metadata(&dir).is_err() {
        return Ok(None);
    }
    crate::paths::private_data_dir(Some(&dir))
        .map(Some)
        .map_err(|err| err.to_string())
}

/// Merges the facts a full disk kept aside back into the journal, unless a
/// session holds it; says what happened.
fn merge_unsaved(dir: &std::path::Path) -> Vec<String> {
    match crate::journal::Store::open(dir) {
        Ok(mut store) => store.merge_unsaved(),
        Err(_) => Vec::new(), // a session runs: it merges when it is over
    }
}

fn man_page() -> ExitCode {
    let page = clap_mangen::Man::new(<Cli as clap::CommandFactory>::command());
    match page.render(&mut std::io::stdout()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("rtr: {err}");
            ExitCode::FAILURE
        }
    }
}
