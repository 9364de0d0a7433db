//! The program file: its schema (what a RON file may say), loading with
//! positions for every error, and validation of what the file means.

mod cadence;
mod duration;
mod load;
mod locate;
mod rules;
mod syntax;
mod validate;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use cadence::{Cadence, MAX_RAISE_PERCENT};
pub use duration::{Duration, DurationError, clock_text, minutes_text, time_left, time_spent};
pub use load::{
    Diagnostic, LoadError, MAX_FILE_BYTES, RECURSION_LIMIT, load_file, parse_program, parse_ron,
    read_capped,
};
pub use rules::{Model, Rules};

/// The built-in 10-week return-to-run program, compiled into the binary.
pub const BUILTIN_SOURCE: &str = include_str!("../../programs/return-to-run.ron");
pub const BUILTIN_NAME: &str = "built-in return-to-run.ron";
/// The built-in program's `id` and `name`, as its file says (a test checks).
pub const BUILTIN_ID: &str = "knee-return-to-run";
pub const BUILTIN_PROGRAM_NAME: &str = "Return to run";

/// The built-in program. It is checked by the test suite, so it always loads.
pub fn builtin() -> Program {
    parse_program(BUILTIN_NAME, BUILTIN_SOURCE).expect("the built-in program is valid")
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Program {
    /// A short stable name ("knee-return-to-run"): the journal files each
    /// session under it, so that an edit keeps the progress and another
    /// program never moves this one's plan. Default: the file's name.
    #[serde(default)]
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// What the pain questions ask about: "knee", "Achilles", "heel"...
    #[serde(default = "default_pain_site")]
    pub pain_site: String,
    #[serde(default)]
    pub speed_unit: SpeedUnit,
    #[serde(default)]
    pub rules: Rules,
    /// Warm-up, cool-down and circuit for every session that does not say its own.
    #[serde(default)]
    pub defaults: SessionDefaults,
    /// Circuits by the name sessions and weeks refer to them with.
    #[serde(default)]
    pub circuits: BTreeMap<String, Circuit>,
    pub weeks: Vec<Week>,
    /// A fingerprint of the file's text, so the history can tell versions apart.
    #[serde(skip)]
    pub source_hash: String,
}

/// FNV-1a, 64 bits: a stable fingerprint of a program's text.
pub fn content_hash(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("fnv1a64:{hash:016x}")
}

/// A program's id when its file gives none: the file name without its
/// folder and extension ("my-plan.ron" is "my-plan").
pub fn id_from_file_name(file: &str) -> String {
    let name = std::path::Path::new(file)
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = name.strip_prefix("built-in ").unwrap_or(&name);
    if name.is_empty() {
        "program".to_string()
    } else {
        name.to_string()
    }
}

fn default_pain_site() -> String {
    "knee".to_string()
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SpeedUnit {
    #[default]
    Kmh,
    Mph,
}

impl SpeedUnit {
    pub fn label(self) -> &'static str {
        match self {
            SpeedUnit::Kmh => "km/h",
            SpeedUnit::Mph => "mph",
        }
    }

    /// Kilometres an hour per unit.
    fn kmh_each(self) -> f64 {
        match self {
            SpeedUnit::Kmh => 1.0,
            SpeedUnit::Mph => 1.609_344,
        }
    }

    /// A speed in this unit, in km/h.
    pub fn to_kmh(self, speed: f64) -> f64 {
        speed * self.kmh_each()
    }

    /// A speed in km/h, in this unit.
    pub fn from_kmh(self, kmh: f64) -> f64 {
        kmh / self.kmh_each()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionDefaults {
    #[serde(default)]
    pub warmup: Vec<Step>,
    #[serde(default)]
    pub cooldown: Vec<Step>,
    #[serde(default)]
    pub circuit: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Week {
    /// The form cue of the week, shown during its runs when a step has none.
    #[serde(default)]
    pub focus: Option<String>,
    /// The strength circuit for this week's non-run days.
    #[serde(default)]
    pub prehab: Option<String>,
    /// The cadence of this week's runs: "+5%" above the runner's own, or "172 spm".
    #[serde(default)]
    pub cadence: Option<Cadence>,
    pub sessions: Vec<Session>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    #[serde(default)]
    pub name: Option<String>,
    /// None: the program's default warm-up.
    #[serde(default)]
    pub warmup: Option<Vec<Step>>,
    pub main: Vec<Step>,
    #[serde(default)]
    pub cooldown: Option<Vec<Step>>,
    /// The circuit that follows the run. None: the program's default.
    #[serde(default)]
    pub circuit: Option<String>,
    /// True: no circuit after this run, whatever the default says.
    #[serde(default)]
    pub no_circuit: bool,
}

/// One line of a warm-up, main set or cool-down: `Run(time: "1:00")`,
/// `Walk(time: "4:00", cue: "...")`, `Repeat(times: 6, steps: [...])`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Step {
    Run(Effort),
    Walk(Effort),
    /// Drills, strides or anything else on the spot: neither run nor walk.
    Drill(Effort),
    Repeat {
        times: u32,
        steps: Vec<Step>,
    },
}

/// How long, and optionally how fast and steep, with a form cue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Effort {
    pub time: Duration,
    /// Treadmill belt speed in the program's `speed_unit`.
    #[serde(default)]
    pub speed: Option<f32>,
    /// Treadmill incline in percent.
    #[serde(default)]
    pub incline: Option<f32>,
    /// What to say on screen instead of "Run"/"Walk", e.g. "Drills: leg swings".
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub cue: Option<String>,
    /// A run's target cadence, instead of its week's.
    #[serde(default)]
    pub cadence: Option<Cadence>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Circuit {
    pub name: String,
    #[serde(default)]
    pub kind: CircuitKind,
    /// Time to get into place before the first set and to change sides
    /// between the two sides of a hold.
    #[serde(default = "default_switch")]
    pub switch: Duration,
    pub exercises: Vec<Exercise>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum CircuitKind {
    #[default]
    Strength,
    Mobility,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    pub name: String,
    pub sets: u32,
    /// Repetitions per set (per side when `per_side`). Exactly one of reps and hold.
    #[serde(default)]
    pub reps: Option<u32>,
    /// How long each set is held (per side when `per_side`).
    #[serde(default)]
    pub hold: Option<Duration>,
    #[serde(default)]
    pub per_side: bool,
    /// Rest after each set.
    #[serde(default = "default_rest")]
    pub rest: Duration,
    #[serde(default)]
    pub cues: Vec<String>,
}

fn default_rest() -> Duration {
    Duration::from_secs(45)
}

fn default_switch() -> Duration {
    Duration::from_secs(5)
}

impl Program {
    pub fn circuit(&self, name: &str) -> Option<&Circuit> {
        self.circuits.get(name)
    }

    /// The session at 1-based week and session numbers.
    pub fn session(&self, id: SessionId) -> Option<&Session> {
        self.weeks
            .get(id.week.checked_sub(1)? as usize)?
            .sessions
            .get(id.session.checked_sub(1)? as usize)
    }

    /// Every session id in program order.
    pub fn session_ids(&self) -> impl Iterator<Item = SessionId> + '_ {
        self.weeks.iter().enumerate().flat_map(|(w, week)| {
            (0..week.sessions.len()).map(move |s| SessionId {
                week: w as u32 + 1,
                session: s as u32 + 1,
            })
        })
    }

    pub fn warmup<'a>(&'a self, session: &'a Session) -> &'a [Step] {
        session.warmup.as_deref().unwrap_or(&self.defaults.warmup)
    }

    pub fn cooldown<'a>(&'a self, session: &'a Session) -> &'a [Step] {
        session
            .cooldown
            .as_deref()
            .unwrap_or(&self.defaults.cooldown)
    }

    /// The name of the circuit that follows this session's run, if any.
    pub fn circuit_after<'a>(&'a self, session: &'a Session) -> Option<&'a str> {
        if session.no_circuit {
            return None;
        }
        session
            .circuit
            .as_deref()
            .or(self.defaults.circuit.as_deref())
    }
}

/// A session's place in the program: week and session, both from 1 ("3.2").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SessionId {
    pub week: u32,
    pub session: u32,
}

impl std::fmt::Display for SessionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.week, self.session)
    }
}

impl std::str::FromStr for SessionId {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("\"{s}\" is not a session: write week.session, e.g. 3.2");
        let (week, session) = s.split_once('.').ok_or_else(bad)?;
        let week: u32 = week.parse().map_err(|_| bad())?;
        let session: u32 = session.parse().map_err(|_| bad())?;
        if week == 0 || session == 0 {
            return Err(bad());
        }
        Ok(SessionId { week, session })
    }
}

impl Serialize for SessionId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for SessionId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}
