//! The config file, `$XDG_CONFIG_HOME/rtr/config.ron`: every key optional,
//! an unknown key an error with its position. Flags on the command line win.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::program::{LoadError, parse_ron, read_capped};

#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The program file to use instead of the built-in one; a relative path
    /// is taken from the config's folder, `~/` from the home folder.
    pub program: Option<PathBuf>,
    pub bell: Option<bool>,
    pub notifications: Option<bool>,
    pub sound: Option<bool>,
    pub voice: Option<bool>,
    pub metronome: Option<bool>,
    pub theme: Option<ThemeName>,
    /// How many seconds the 3-2-1 before a change counts: 0 to 10.
    pub countdown: Option<u32>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
pub enum ThemeName {
    #[default]
    Default,
    HighContrast,
    Monochrome,
}

pub const MAX_COUNTDOWN: u32 = 10;
pub const DEFAULT_COUNTDOWN: u32 = 3;

/// Where the config file is: `chosen` (`--config` or RTR_CONFIG), else
/// `$XDG_CONFIG_HOME/rtr/config.ron`, else `~/.config/rtr/config.ron`.
pub fn config_path(chosen: Option<&Path>) -> Option<PathBuf> {
    match chosen {
        Some(path) => Some(path.to_path_buf()),
        None => {
            crate::paths::xdg_dir("XDG_CONFIG_HOME", ".config").map(|dir| dir.join("config.ron"))
        }
    }
}

/// Reads the config. A missing file at the usual place is no config; a
/// file named on the command line must exist.
pub fn load(chosen: Option<&Path>) -> Result<Config, LoadError> {
    let Some(path) = config_path(chosen) else {
        return Ok(Config::default());
    };
    if chosen.is_none() && !path.exists() {
        return Ok(Config::default());
    }
    let source = read_capped(&path)?;
    let mut config = parse(&path.display().to_string(), &source)?;
    if let Some(program) = config.program.take() {
        let base = path.parent().unwrap_or(Path::new("."));
        config.program = Some(resolve(&program, base));
    }
    Ok(config)
}

/// Parses config text; `file` names it in the diagnostics.
pub fn parse(file: &str, source: &str) -> Result<Config, LoadError> {
    let config: Config = parse_ron(file, source)?;
    if let Some(countdown) = config.countdown.filter(|c| *c > MAX_COUNTDOWN) {
        let (line, col) = key_position(source, "countdown");
        let message = format!("countdown is {countdown}: it counts 0 to {MAX_COUNTDOWN} seconds");
        let diagnostic = crate::program::Diagnostic::at(file, source, line, col, message);
        return Err(LoadError::Invalid(vec![diagnostic]));
    }
    Ok(config)
}

/// Where `key:` is written, for an error of meaning (ron has placed the rest).
fn key_position(source: &str, key: &str) -> (usize, usize) {
    let pattern = format!("{key}:");
    source
        .lines()
        .enumerate()
        .find_map(|(i, line)| {
            let code = line.split("//").next().unwrap_or_default();
            code.find(&pattern)
                .map(|at| (i + 1, line[..at].chars().count() + 1))
        })
        .unwrap_or((1, 1))
}

fn resolve(path: &Path, base: &Path) -> PathBuf {
    if let Ok(rest) = path.strip_prefix("~")
        && let Some(home) = std::env::var_os("HOME")
    {
        return PathBuf::from(home).join(rest);
    }
    base.join(path)
}

/// What a session and the screens use: the flags, else the config, else
/// the defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub program: Option<PathBuf>,
    pub bell: bool,
    pub notify: bool,
    pub sound: bool,
    pub voice: bool,
    pub metronome: bool,
    pub theme: ThemeName,
    pub countdown: u32,
}

impl Settings {
    /// `flags` are the choices made on the command line, in the config's
    /// shape: None where nothing was said.
    pub fn new(flags: Config, config: Config) -> Settings {
        Settings {
            program: flags.program.or(config.program),
            bell: flags.bell.or(config.bell).unwrap_or(true),
            notify: flags.notifications.or(config.notifications).unwrap_or(true),
            sound: flags.sound.or(config.sound).unwrap_or(true),
            voice: flags.voice.or(config.voice).unwrap_or(false),
            metronome: flags.metronome.or(config.metronome).unwrap_or(true),
            theme: flags.theme.or(config.theme).unwrap_or_default(),
            countdown: flags
                .countdown
                .or(config.countdown)
                .unwrap_or(DEFAULT_COUNTDOWN),
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings::new(Config::default(), Config::default())
    }
}
