//! A session as one flat list of steps: repeats unrolled, defaults applied,
//! intervals numbered, circuits expanded set by set and side by side.

use serde::{Deserialize, Serialize};

use crate::program::{Cadence, Circuit, Effort, Program, Session, SessionId, Step, Week};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    Warmup,
    Main,
    Cooldown,
    Circuit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Run,
    Walk,
    Drill,
    /// An exercise held for a time.
    Hold,
    /// An exercise done for a number of repetitions.
    Reps,
    /// Rest between sets.
    Rest,
    /// Getting into place: before a circuit's first set, between sides.
    Ready,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Left,
    Right,
}

/// How a step ends: when its time is up, or when the runner says the set is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Length {
    Seconds(u32),
    Reps(u32),
}

/// A rep set has no clock; for totals and progress it counts this long a rep.
pub const REP_SECONDS_ESTIMATE: u32 = 3;

impl Length {
    /// Seconds, with rep sets estimated.
    pub fn estimated_secs(self) -> u32 {
        match self {
            Length::Seconds(secs) => secs,
            Length::Reps(reps) => reps * REP_SECONDS_ESTIMATE,
        }
    }
}

/// "0:45" or "10 reps", as the screens and notifications say it.
impl std::fmt::Display for Length {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Length::Seconds(secs) => crate::program::Duration::from_secs(secs).fmt(f),
            Length::Reps(reps) => write!(f, "{reps} reps"),
        }
    }
}

/// "3 of 6".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counter {
    pub index: u32,
    pub of: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlatStep {
    pub part: Part,
    pub phase: Phase,
    /// "Run", "Walk", "Drills: leg swings", or the exercise's name.
    pub label: String,
    #[serde(flatten)]
    pub length: Length,
    /// In the main set: the run that opened this interval, of how many.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval: Option<Counter>,
    /// In a circuit: the set, of how many.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub set: Option<Counter>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub side: Option<Side>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speed: Option<f32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incline: Option<f32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cue: Option<String>,
    /// A run's target cadence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cadence: Option<Cadence>,
    /// A run of the main set turned into a walk at the red line.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub red_line: bool,
}

/// Warm-up, main set and cool-down of a session (not its circuit).
pub fn flatten_session(program: &Program, id: SessionId) -> Option<Vec<FlatStep>> {
    let session = program.session(id)?;
    let week = &program.weeks[id.week as usize - 1];
    Some(flatten_run(program, session, week))
}

fn flatten_run(program: &Program, session: &Session, week: &Week) -> Vec<FlatStep> {
    let mut steps = Vec::new();
    let parts = [
        (Part::Warmup, program.warmup(session)),
        (Part::Main, &session.main[..]),
        (Part::Cooldown, program.cooldown(session)),
    ];
    for (part, part_steps) in parts {
        unroll(part, part_steps, week, &mut steps);
    }
    number_intervals(&mut steps);
    steps
}

/// Runs take their week's form focus and cadence unless they say their own.
fn unroll(part: Part, steps: &[Step], week: &Week, out: &mut Vec<FlatStep>) {
    for step in steps {
        match step {
            Step::Run(effort) => out.push(timed(part, Phase::Run, "Run", effort, Some(week))),
            Step::Walk(effort) => out.push(timed(part, Phase::Walk, "Walk", effort, None)),
            Step::Drill(effort) => out.push(timed(part, Phase::Drill, "Drills", effort, None)),
            Step::Repeat { times, steps } => {
                for _ in 0..*times {
                    unroll(part, steps, week, out);
                }
            }
        }
    }
}

fn timed(part: Part, phase: Phase, label: &str, effort: &Effort, week: Option<&Week>) -> FlatStep {
    let focus = week.and_then(|w| w.focus.as_deref());
    FlatStep {
        part,
        phase,
        label: effort.label.clone().unwrap_or_else(|| label.to_string()),
        length: Length::Seconds(effort.time.secs()),
        interval: None,
        set: None,
        side: None,
        speed: effort.speed,
        incline: effort.incline,
        cue: effort.cue.as_deref().or(focus).map(str::to_string),
        cadence: effort.cadence.or(week.and_then(|w| w.cadence)),
        red_line: false,
    }
}

/// Every run of the main set opens an interval; the steps after it, up to
/// the next run, belong to it.
fn number_intervals(steps: &mut [FlatStep]) {
    let is_main_run = |s: &FlatStep| s.part == Part::Main && s.phase == Phase::Run;
    let of = steps.iter().filter(|s| is_main_run(s)).count() as u32;
    let mut index = 0;
    for step in steps.iter_mut().filter(|s| s.part == Part::Main) {
        if step.phase == Phase::Run {
            index += 1;
        }
        if index > 0 {
            step.interval = Some(Counter { index, of });
        }
    }
}

/// A circuit exercise by exercise, set by set, left then right, with the
/// exercise's rest after every set but the circuit's last.
pub fn flatten_circuit(circuit: &Circuit) -> Vec<FlatStep> {
    let switch = circuit.switch.secs();
    let mut steps = Vec::new();
    for exercise in &circuit.exercises {
        let (phase, length) = match (exercise.reps, exercise.hold) {
            (Some(reps), _) => (Phase::Reps, Length::Reps(reps)),
            (None, Some(hold)) => (Phase::Hold, Length::Seconds(hold.secs())),
            (None, None) => continue, // validation rejects it
        };
        let sides: &[Option<Side>] = if exercise.per_side {
            &[Some(Side::Left), Some(Side::Right)]
        } else {
            &[None]
        };
        let cue = (!exercise.cues.is_empty()).then(|| exercise.cues.join("; "));
        for set in 1..=exercise.sets {
            for &side in sides {
                // A held side starts the clock at once: time to turn over.
                if side == Some(Side::Right) && phase == Phase::Hold {
                    steps.extend(ready_step("Switch sides", switch));
                }
                steps.push(FlatStep {
                    label: exercise.name.clone(),
                    length,
                    set: Some(Counter {
                        index: set,
                        of: exercise.sets,
                    }),
                    side,
                    cue: cue.clone(),
                    ..circuit_step(phase)
                });
            }
            if exercise.rest.secs() > 0 {
                steps.push(FlatStep {
                    label: "Rest".to_string(),
                    length: Length::Seconds(exercise.rest.secs()),
                    ..circuit_step(Phase::Rest)
                });
            }
        }
    }
    if steps.last().is_some_and(|s| s.phase == Phase::Rest) {
        steps.pop();
    }
    if !steps.is_empty() {
        // After a run, or the moment it is chosen: time to get into place.
        let first = ready_step("Get ready", switch);
        steps.splice(0..0, first);
    }
    steps
}

/// A circuit step with nothing but its phase set.
fn circuit_step(phase: Phase) -> FlatStep {
    FlatStep {
        part: Part::Circuit,
        phase,
        label: String::new(),
        length: Length::Seconds(0),
        interval: None,
        set: None,
        side: None,
        speed: None,
        incline: None,
        cue: None,
        cadence: None,
        red_line: false,
    }
}

/// A get-ready step of `secs`, none when the circuit sets no time for it.
fn ready_step(label: &str, secs: u32) -> Option<FlatStep> {
    (secs > 0).then(|| FlatStep {
        label: label.to_string(),
        length: Length::Seconds(secs),
        ..circuit_step(Phase::Ready)
    })
}

/// Seconds spent running, walking and in all (rep sets estimated).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub total_seconds: u32,
    pub run_seconds: u32,
    pub walk_seconds: u32,
}

impl Totals {
    pub fn of(steps: &[FlatStep]) -> Totals {
        let mut totals = Totals::default();
        for step in steps {
            let secs = step.length.estimated_secs();
            totals.total_seconds += secs;
            match step.phase {
                Phase::Run => totals.run_seconds += secs,
                Phase::Walk => totals.walk_seconds += secs,
                _ => {}
            }
        }
        totals
    }

    pub fn add(&mut self, other: Totals) {
        self.total_seconds += other.total_seconds;
        self.run_seconds += other.run_seconds;
        self.walk_seconds += other.walk_seconds;
    }
}
