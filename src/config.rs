//! The config file, `$XDG_CONFIG_HOME/rtr/config.ron`: every key optional,
//! an unknown key an error with its position. Flags on the command line win.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::program::{LoadError, parse_ron, read_capped};

/// Every setting, declared once: its key in the config file, its type and
/// default, and its flags (a pair `--bell` / `--no-bell` for a switch, one
/// flag for a value). From this come [`Config`] (the file's keys, each
/// optional), [`Settings`] (what a session uses) and [`Flags`] (the command
/// line's), so that a setting is never declared twice.
macro_rules! settings {
    (
        switches {
            $( $key:ident: $default:expr, $on:ident / $off:ident,
               $on_help:literal, $off_help:literal; )*
        }
        values {
            $( $vkey:ident: $vty:ty = $vdefault:expr, $vhelp:literal, [$($arg:tt)*]; )*
        }
    ) => {
        #[derive(Debug, Default, Clone, PartialEq, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct Config {
            /// The program file to use instead of the built-in one; a
            /// relative path is taken from the config's folder, `~/` from
            /// the home folder.
            pub program: Option<PathBuf>,
            /// A folder every finished session is exported to as TCX;
            /// taken from the config's folder like `program`.
            pub export_dir: Option<PathBuf>,
            /// What the paired devices do differently from the standard.
            pub quirks: Option<Quirks>,
            $( pub $key: Option<bool>, )*
            $( pub $vkey: Option<$vty>, )*
        }

        /// What a session and the screens use: the flags, else the config,
        /// else the defaults.
        #[derive(Debug, Clone, PartialEq)]
        pub struct Settings {
            pub program: Option<PathBuf>,
            pub export_dir: Option<PathBuf>,
            pub quirks: Quirks,
            $( pub $key: bool, )*
            $( pub $vkey: $vty, )*
        }

        impl Settings {
            /// `flags` are the choices made on the command line, in the
            /// config's shape: None where nothing was said.
            pub fn new(flags: Config, config: Config) -> Settings {
                Settings {
                    program: flags.program.or(config.program),
                    export_dir: flags.export_dir.or(config.export_dir),
                    quirks: config.quirks.unwrap_or_default(),
                    $( $key: flags.$key.or(config.$key).unwrap_or($default), )*
                    $( $vkey: flags.$vkey.or(config.$vkey).unwrap_or($vdefault), )*
                }
            }
        }

        /// The settings' flags; of a pair the last one wins, and a flag
        /// wins over the config.
        #[derive(Debug, clap::Args)]
        #[command(next_help_heading = "Cues and display")]
        pub struct Flags {
            $(
                #[doc = $on_help]
                #[arg(long, global = true, overrides_with = stringify!($off))]
                $on: bool,
                #[doc = $off_help]
                #[arg(long, global = true, overrides_with = stringify!($on))]
                $off: bool,
            )*
            $(
                #[doc = $vhelp]
                #[arg(long, global = true, $($arg)*)]
                $vkey: Option<$vty>,
            )*
        }

        impl Flags {
            /// What the flags say, in the config's shape.
            pub fn said(&self, program: Option<PathBuf>) -> Config {
                let pick = |on: bool, off: bool| (on || off).then_some(on);
                Config {
                    program,
                    export_dir: None,
                    quirks: None,
                    $( $key: pick(self.$on, self.$off), )*
                    $( $vkey: self.$vkey.clone(), )*
                }
            }
        }
    };
}

settings! {
    switches {
        bell: true, bell / no_bell,
            "Ring the terminal bell at each change (default).", "No terminal bell.";
        notifications: true, notify / no_notify,
            "Desktop notifications at each change (default).", "No desktop notifications.";
        sound: true, sound / no_sound,
            "Tones at each change, through the system's audio player (default).", "No tones.";
        voice: false, voice / no_voice,
            "Spoken cues through espeak-ng, espeak or say.", "No spoken cues (default).";
        metronome: true, metronome / no_metronome,
            "The cadence beat during runs that have a target cadence (default).", "No cadence beat.";
    }
    values {
        theme: ThemeName = ThemeName::Default,
            "Colours: default, high-contrast or monochrome (NO_COLOR forces monochrome).",
            [value_enum];
        countdown: u32 = DEFAULT_COUNTDOWN,
            "Seconds of 3-2-1 before each change, 0 to 10 (default 3).",
            [value_name = "SECS",
             value_parser = clap::value_parser!(u32).range(0..=i64::from(MAX_COUNTDOWN))];
        treadmill: DeviceChoice = DeviceChoice::None,
            "The treadmill rtr sets the speed and incline of: none (default), sim (a simulated one), or the one `rtr devices` remembered.",
            [value_name = "none|sim", value_parser = DeviceChoice::from_flag];
        strap: DeviceChoice = DeviceChoice::None,
            "The heart-rate strap rtr reads: none (default), sim, or the one `rtr devices` remembered.",
            [value_name = "none|sim", value_parser = DeviceChoice::from_flag];
        footpod: DeviceChoice = DeviceChoice::None,
            "The footpod rtr reads the cadence of: none (default), sim, or the one `rtr devices` remembered.",
            [value_name = "none|sim", value_parser = DeviceChoice::from_flag];
        max_speed: f32 = 0.0,
            "The highest speed rtr ever asks of the treadmill, in the program's unit (default: the program's highest).",
            [value_name = "SPEED"];
        max_step: f32 = DEFAULT_MAX_STEP,
            "The biggest change of speed rtr asks at once; more goes in steps (default 2.0).",
            [value_name = "SPEED"];
    }
}

/// The treadmill a session drives, or a sensor it reads, if any.
#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize)]
pub enum DeviceChoice {
    #[default]
    None,
    /// A simulated one: the same bytes, no radio.
    Sim,
    /// A real one over Bluetooth, as `rtr devices` remembered it.
    Device { id: String, name: String },
}

impl DeviceChoice {
    /// The command line names none or sim; a real device comes from the
    /// config, where `rtr devices` writes it.
    pub fn from_flag(flag: &str) -> Result<DeviceChoice, String> {
        match flag {
            "none" => Ok(DeviceChoice::None),
            "sim" => Ok(DeviceChoice::Sim),
            _ => Err("none or sim; a real device is paired with `rtr devices`".into()),
        }
    }
}

/// What some devices do differently from the standard, set by hand in the
/// config: `quirks: (speed_in_mph: true)`.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Quirks {
    /// The treadmill reads and reports its km/h field in mph (0.01 mph).
    pub speed_in_mph: bool,
    /// The only inclines the treadmill takes, in %: rtr asks the nearest
    /// one at or below the step's. Empty: any, to 0.1 %.
    pub incline_table: Vec<f32>,
    /// The footpod counts one leg's steps: rtr doubles its cadence.
    pub cadence_per_leg: bool,
}

pub const DEFAULT_MAX_STEP: f32 = 2.0;

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
    let base = path.parent().unwrap_or(Path::new("."));
    config.program = config.program.map(|program| resolve(&program, base));
    config.export_dir = config.export_dir.map(|dir| resolve(&dir, base));
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

impl Default for Settings {
    fn default() -> Self {
        Settings::new(Config::default(), Config::default())
    }
}
