use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // Noted now, before an upgrade could replace the file mid-session.
    let _ = rtr::paths::own_exe();
    rtr::cli::run(rtr::cli::Cli::parse())
}
