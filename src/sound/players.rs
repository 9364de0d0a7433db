//! Finding the system's audio player and speech program on PATH, once.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// A program found on PATH and the arguments that go before its input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    pub path: PathBuf,
    pub args: &'static [&'static str],
}

impl Program {
    pub fn name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// In order of preference: PipeWire, PulseAudio, ALSA, macOS.
pub const PLAYERS: [(&str, &[&str]); 4] = [
    ("pw-play", &[]),
    ("paplay", &[]),
    ("aplay", &["-q"]),
    ("afplay", &[]),
];

/// Each voice gets `--` before the words, so that words starting with `-`
/// (a program's label or cue) are spoken, never taken as an option like
/// `-w FILE`. espeak-ng and espeak end their options at `--` (both parse
/// with getopt_long; checked with espeak-ng 1.51 and espeak 1.48: `espeak-ng
/// -- "-w /tmp/x hi"` speaks it and writes no file). macOS `say` also parses
/// with getopt_long (it takes `--voice=` and other long options), which ends
/// options at `--` on every BSD libc; not tried on a Mac here.
pub const VOICES: [(&str, &[&str]); 3] = [
    ("espeak-ng", &["--"]),
    ("espeak", &["--"]),
    ("say", &["--"]),
];

/// The names, for messages: "pw-play, paplay, aplay or afplay".
pub fn names(candidates: &[(&str, &[&str])]) -> String {
    let names: Vec<&str> = candidates.iter().map(|(name, _)| *name).collect();
    match names.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// The first candidate that is an executable file in one of PATH's folders.
pub fn find(candidates: &[(&'static str, &'static [&'static str])]) -> Option<Program> {
    find_in(candidates, std::env::var_os("PATH").as_deref())
}

pub fn find_in(
    candidates: &[(&'static str, &'static [&'static str])],
    path_var: Option<&OsStr>,
) -> Option<Program> {
    let dirs: Vec<PathBuf> = std::env::split_paths(path_var?).collect();
    candidates.iter().find_map(|(name, args)| {
        dirs.iter()
            .map(|dir| dir.join(name))
            .find(|path| is_executable(path))
            .map(|path| Program { path, args })
    })
}

fn is_executable(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    meta.is_file()
}
