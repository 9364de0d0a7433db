use std::process::ExitCode;

use clap::Parser;
use rtr::cli::{Cli, Command};

fn main() -> ExitCode {
    // Noted now, before an upgrade could replace the file mid-session.
    let _ = rtr::paths::own_exe();
    // (clap's --help and --version already end quietly on a closed pipe.)
    let cli = Cli::parse();
    if only_prints(&cli) {
        end_quietly_on_a_closed_pipe();
    }
    let code = rtr::cli::run(cli);
    // Whatever screen was last up, the terminal is the shell's again.
    rtr::tui::restore();
    code
}

/// Commands that only print to stdout: they never go full-screen, spawn
/// no players and write nothing that a death mid-print could tear.
fn only_prints(cli: &Cli) -> bool {
    match &cli.command {
        Some(
            Command::Plan { .. }
            | Command::Status { .. }
            | Command::Simulate { .. }
            | Command::Check { .. }
            | Command::Man
            | Command::Completions { .. },
        ) => true,
        // Without --format, a terminal gets the full-screen history; a pipe
        // gets the table.
        Some(Command::History { format, .. }) => {
            format.is_some() || !std::io::IsTerminal::is_terminal(&std::io::stdout())
        }
        _ => false,
    }
}

/// Rust ignores SIGPIPE, so a write to a closed pipe fails with "Broken
/// pipe": `println!` panics and other writes report it. A command that
/// only prints should instead end as `ls | head` does: put SIGPIPE back to
/// its default, so the process ends quietly when the reader has gone.
fn end_quietly_on_a_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to SIG_DFL, before any thread
    // is started; nothing else in rtr handles SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
