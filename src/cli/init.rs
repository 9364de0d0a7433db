//! `rtr init [DIR]`: the shipped programs, copied where they can be edited,
//! and a config that uses the copy. Nothing that exists is overwritten.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::EXIT_INVALID;

/// The programs shipped with rtr, by file name.
pub const SHIPPED: [(&str, &str); 6] = [
    ("return-to-run.ron", crate::program::BUILTIN_SOURCE),
    (
        "achilles-return-to-run.ron",
        include_str!("../../programs/achilles-return-to-run.ron"),
    ),
    (
        "plantar-heel-return-to-run.ron",
        include_str!("../../programs/plantar-heel-return-to-run.ron"),
    ),
    (
        "shin-return-to-run.ron",
        include_str!("../../programs/shin-return-to-run.ron"),
    ),
    (
        "runners-prehab.ron",
        include_str!("../../programs/runners-prehab.ron"),
    ),
    ("demo.ron", include_str!("../../programs/demo.ron")),
];

pub fn init(dir: Option<&Path>, config: Option<&Path>) -> ExitCode {
    let Some(config_path) = crate::config::config_path(config) else {
        eprintln!("rtr: no config folder: set XDG_CONFIG_HOME or HOME");
        return ExitCode::from(EXIT_INVALID);
    };
    let config_dir = config_path.parent().unwrap_or(Path::new(".")).to_path_buf();
    let programs = dir.map_or_else(|| config_dir.join("programs"), Path::to_path_buf);
    match copy_all(&programs, &config_path) {
        Ok(lines) => {
            for line in lines {
                println!("{line}");
            }
            println!(
                "Edit a program, then check it: rtr check {}",
                programs.join("return-to-run.ron").display()
            );
            println!(
                "For the Achilles, the heel or the shin, switch with: rtr enroll {}",
                programs.join("achilles-return-to-run.ron").display()
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("rtr: {message}");
            ExitCode::from(EXIT_INVALID)
        }
    }
}

/// Writes what is missing; returns one line per file, written or kept.
fn copy_all(programs: &Path, config_path: &Path) -> Result<Vec<String>, String> {
    std::fs::create_dir_all(programs)
        .map_err(|err| format!("cannot create {}: {err}", programs.display()))?;
    let mut lines = Vec::new();
    for (name, text) in SHIPPED {
        lines.push(write_new(&programs.join(name), text)?);
    }
    let program = programs.join("return-to-run.ron");
    let program = absolute(&program);
    lines.push(write_new(config_path, &config_text(&program))?);
    Ok(lines)
}

/// Creates the file only if it does not exist (atomic: create_new).
fn write_new(path: &Path, text: &str) -> Result<String, String> {
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path);
    match file {
        Ok(mut file) => {
            file.write_all(text.as_bytes())
                .map_err(|err| format!("cannot write {}: {err}", path.display()))?;
            Ok(format!("wrote {}", path.display()))
        }
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
            Ok(format!("kept  {} (it exists)", path.display()))
        }
        Err(err) => Err(format!("cannot write {}: {err}", path.display())),
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// A config with every key, documented; only the program is set.
pub fn config_text(program: &Path) -> String {
    let program = program.display().to_string().replace('\\', "\\\\");
    format!(
        r#"// rtr's config. Every key is optional: remove the // in front of a line to use it.
// A flag on the command line wins over this file, e.g. --no-sound or --theme monochrome.
(
    // The program to use instead of the built-in one. A relative path is taken from
    // this file's folder; ~/ means your home folder.
    program: "{program}",

    // The terminal bell at each change and on the 3-2-1.
    // bell: true,

    // A desktop notification at each change.
    // notifications: true,

    // Tones at each change, played by pw-play, paplay, aplay or afplay.
    // sound: true,

    // Spoken cues ("Run, one minute") through espeak-ng, espeak or say.
    // voice: false,

    // During runs with a target cadence: a beat on screen, and a click on every step
    // when sound is on. The m key turns it on and off during a session.
    // metronome: true,

    // Colours: Default, HighContrast or Monochrome. NO_COLOR forces Monochrome.
    // theme: Default,

    // How many seconds the 3-2-1 before each change counts, 0 to 10.
    // countdown: 3,

    // A Bluetooth treadmill rtr sets the speed and incline of, a heart-rate strap and a
    // footpod: `rtr devices` finds them and writes these lines. Sim is a simulated one.
    // treadmill: None,
    // strap: None,
    // footpod: None,

    // The highest speed rtr ever asks of the treadmill (0: the program's highest), and
    // the biggest change at once; more goes in steps. In the program's unit.
    // max_speed: 0.0,
    // max_step: 2.0,

    // Devices that differ from the standard: a treadmill that takes mph in its km/h
    // field, one that takes only its console's inclines (rtr asks the nearest at or
    // below the step's), a footpod that counts one leg's steps.
    // quirks: (speed_in_mph: false, incline_table: [], cadence_per_leg: false),
)
"#
    )
}
