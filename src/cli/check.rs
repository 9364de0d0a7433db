//! `rtr check FILE...`: every problem of every file, with its position.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::EXIT_INVALID;
use crate::program::load_file;

pub fn check_files(files: &[PathBuf], out: &mut impl Write) -> ExitCode {
    let mut failed = 0;
    for file in files {
        // A closed stdout (`rtr check | head`) is not worth a panic.
        let _ = match load_file(file) {
            Ok(_) => writeln!(out, "{}: ok", file.display()),
            Err(err) => {
                failed += 1;
                writeln!(out, "{err}")
            }
        };
    }
    if failed > 0 {
        let _ = writeln!(out, "{}", summary(failed, files.len()));
        ExitCode::from(EXIT_INVALID)
    } else {
        ExitCode::SUCCESS
    }
}

/// "1 file has problems", "1 of 3 files has problems", "2 of 3 files have problems".
fn summary(failed: usize, checked: usize) -> String {
    let verb = if failed == 1 { "has" } else { "have" };
    if checked == 1 {
        "1 file has problems".to_string()
    } else {
        format!("{failed} of {checked} files {verb} problems")
    }
}
