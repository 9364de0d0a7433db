use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    rtr::cli::run(rtr::cli::Cli::parse())
}
