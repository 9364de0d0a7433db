//! The command line: clap types and one thin function a subcommand.

mod check;
mod coach;
mod history;
mod home;
mod morning;
mod plan;
mod report;
mod run;
mod start_check;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::program::{self, Program, SessionId};

pub use check::check_files;
pub use history::{
    detail_lines as history_detail, screen_view as history_view,
    view_from_journal as history_from_journal,
};
pub use home::view as home_view;
pub use plan::{Progress, plan_json, plan_text};
pub use report::report;

#[derive(Debug, Parser)]
#[command(
    name = "rtr",
    version,
    about = "A terminal coach for runners coming back from knee pain",
    long_about = "A terminal coach for runners coming back from knee pain: a 10-week \
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

    /// No desktop notifications.
    #[arg(long, global = true)]
    pub no_notify: bool,

    /// No terminal bell.
    #[arg(long, global = true)]
    pub no_bell: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a session now, full-screen: warm-up, main set, cool-down, then its circuit.
    Run {
        /// The session as week.session, e.g. 3.2 (default: the first).
        #[arg(value_name = "W.S")]
        session: Option<SessionId>,
        /// Rehearse N times faster (1 to 600); a rehearsal is never recorded.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=600))]
        speed: Option<u32>,
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
    /// The next session, when, where you stand and why.
    Status {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// What the coach would decide for a list of pain ratings, e.g. "0,0,3,5,2/4".
    Simulate {
        /// One token a run session: PEAK (worst pain during it) or PEAK/MORNING.
        pains: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// The sessions recorded so far, as a table or exported as CSV or JSON.
    /// The history: full-screen in a terminal, or printed with --format.
    History {
        /// Print instead of the screen: a table, CSV, JSON or a Markdown report.
        #[arg(long, value_enum)]
        format: Option<history::Format>,
        /// Only sessions on or after this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        since: Option<chrono::NaiveDate>,
    },
    /// Print a shell completion script, e.g. `rtr completions bash > ~/.local/share/bash-completion/completions/rtr`.
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `rtr man | man -l -`.
    Man,
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
    match cli.command {
        Some(Command::Run { session, speed }) => {
            let options = run::RunOptions {
                session,
                speed,
                bell: !cli.no_bell,
                notify: !cli.no_notify,
                data_dir: cli.data_dir.clone(),
            };
            with_program(cli.program.as_deref(), |program| run::run(program, options))
        }
        #[cfg(feature = "desktop-notify")]
        Some(Command::Notify { summary, body }) => {
            crate::tui::cues::show_notification(&summary, &body)
        }
        Some(Command::Status { json }) => with_program(cli.program.as_deref(), |program| {
            coach::status_command(program, cli.data_dir.as_deref(), json)
        }),
        Some(Command::Simulate { pains, json }) => {
            with_program(cli.program.as_deref(), |program| {
                coach::simulate_command(program, &pains, json)
            })
        }
        Some(Command::History {
            format: Some(history::Format::Md),
            since,
        }) => with_program(cli.program.as_deref(), |program| {
            let dir = crate::paths::data_dir(cli.data_dir.as_deref());
            match coach::load_all_records(dir.as_deref()) {
                Ok(records) => {
                    let today = chrono::Local::now().date_naive();
                    print!("{}", report::report(program, &records, today, since));
                    ExitCode::SUCCESS
                }
                Err(message) => {
                    eprintln!("rtr: {message}");
                    ExitCode::from(EXIT_INVALID)
                }
            }
        }),
        Some(Command::History { format: None, .. })
            if std::io::IsTerminal::is_terminal(&std::io::stdout()) =>
        {
            with_program(cli.program.as_deref(), |program| {
                history::screen(program, cli.data_dir.as_deref())
            })
        }
        Some(Command::History { format, .. }) => history::history(
            cli.data_dir.as_deref(),
            format.unwrap_or(history::Format::Table),
        ),
        Some(Command::Completions { shell }) => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "rtr", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Some(Command::Man) => {
            let page = clap_mangen::Man::new(<Cli as clap::CommandFactory>::command());
            match page.render(&mut std::io::stdout()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => {
                    eprintln!("rtr: {err}");
                    ExitCode::FAILURE
                }
            }
        }
        Some(Command::Check { files }) => check_files(&files, &mut std::io::stdout()),
        Some(Command::Plan { json }) => with_program(cli.program.as_deref(), |program| {
            let progress = coach::progress(program, cli.data_dir.as_deref());
            if json {
                println!("{}", plan_json(program, &progress));
            } else {
                print!("{}", plan_text(program, &progress));
            }
            ExitCode::SUCCESS
        }),
        None => {
            let options = run::RunOptions {
                session: None,
                speed: None,
                bell: !cli.no_bell,
                notify: !cli.no_notify,
                data_dir: cli.data_dir.clone(),
            };
            with_program(cli.program.as_deref(), |program| {
                home::home(program, options)
            })
        }
    }
}

/// Loads `--program` (or the built-in program) and hands it on, or reports
/// why it cannot be used.
fn with_program(path: Option<&Path>, then: impl FnOnce(&Program) -> ExitCode) -> ExitCode {
    let program = match path {
        Some(path) => match program::load_file(path) {
            Ok(program) => program,
            Err(err) => {
                eprintln!("{err}");
                return ExitCode::from(EXIT_INVALID);
            }
        },
        None => program::builtin(),
    };
    then(&program)
}
