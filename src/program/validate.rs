//! Errors of meaning in a program that parsed: every one is collected, each
//! at the position of the value it is about.
//!
//! # Maxima
//!
//! Every count, length and text in a program has a maximum, so that a
//! session stays under a day, `rtr plan --json` under a few MB, and no
//! number in a file can make rtr allocate much. Validation runs inside
//! `parse_program`, before anything flattens a session or a circuit, and
//! it never allocates in proportion to a number in the file: the size of a
//! session with its repeats unrolled is computed by (saturating)
//! arithmetic, never by unrolling it.
//!
//! | what | at most |
//! |---|---|
//! | weeks | 52 ([`MAX_WEEKS`]) |
//! | sessions in a week | 7 ([`MAX_SESSIONS_A_WEEK`]) |
//! | steps in one list as written: a warm-up, a main set, a cool-down, a `Repeat`'s `steps` | 50 ([`MAX_LIST_STEPS`]) |
//! | a `Repeat`'s `times` | 100 ([`MAX_REPEAT`]) |
//! | repeats inside repeats | 3 deep ([`MAX_REPEAT_DEPTH`]) |
//! | one step's `time` | 4 hours ([`MAX_STEP_SECS`]) |
//! | a session unrolled: warm-up, main set, cool-down and the circuit after it | 5,000 steps and 24 hours ([`MAX_SESSION_STEPS`], [`MAX_SESSION_SECS`]) |
//! | every session of the program unrolled (what `plan --json` lists) | 10,000 steps ([`MAX_PROGRAM_STEPS`]) |
//! | circuits | 50 ([`MAX_CIRCUITS`]) |
//! | exercises in a circuit | 30 ([`MAX_EXERCISES`]) |
//! | an exercise's `sets` | 20 ([`MAX_SETS`]) |
//! | an exercise's `reps` | 100 ([`MAX_REPS`]) |
//! | an exercise's `hold`, and its `rest` | 10 minutes ([`MAX_HOLD_SECS`], [`MAX_REST_SECS`]) |
//! | cues of an exercise | 10 ([`MAX_CUES`]) |
//! | a circuit on its own, estimated | 24 hours ([`MAX_SESSION_SECS`]) |
//! | names and labels: the program's `id` and `name`, a session's, a circuit's (and its key), an exercise's, a step's `label`, a circuit named by `circuit` or `prehab` | 100 characters ([`MAX_NAME_CHARS`]) |
//! | `pain_site` | 40 characters ([`MAX_PAIN_SITE_CHARS`]) |
//! | cues (a step's `cue`, an exercise's `cues`) and a week's `focus` | 200 characters ([`MAX_CUE_CHARS`]) |
//! | the `description` | 1,000 characters ([`MAX_DESCRIPTION_CHARS`]) |
//! | rules: `ready_pain` 1–10 like every pain threshold, `settled_max_rise` and `ready_max_rise` 10, `min_run_share` 0–1, `usual_runs` 1–20, `discard_within_minutes` 60, `rising_sessions` 2–10, `rest_days` 14, `red_rest_days` 28, `morning_amber_extra_rest_days` 14, `missed_days_allowed` 60, `missed_days_per_week_down` 1–60, `stop_reds` 1–10, `stop_reds_window_days` 1–365, `worse_mornings_weeks` 1–10; only the numbers of the rules' model are read and checked | see [`RULE_COUNTS`] |
//!
//! No text in a program may hold a control character (`char::is_control`:
//! terminal escape codes, but also tabs and line breaks), since every text
//! is printed to a terminal or spoken; each is reported at the character.
//! With the 1 MB cap on the file ([`super::MAX_FILE_BYTES`]), the plan of
//! the largest valid program is a few MB: 10,000 steps of a few hundred
//! bytes each.

use super::Diagnostic;
use super::locate::{Locator, Seg};
use super::{Circuit, Duration, Effort, Exercise, Program, Rules, Step};
use crate::safe_fs::printable;
use crate::workout::REP_SECONDS_ESTIMATE;

/// A belt faster than this (km/h or mph alike) is a typo, not a plan.
const MAX_SPEED: f32 = 30.0;
/// Treadmills go from about -3 % to 15 %; a little room either side.
const INCLINE_RANGE: std::ops::RangeInclusive<f32> = -10.0..=40.0;

pub const MAX_WEEKS: usize = 52;
pub const MAX_SESSIONS_A_WEEK: usize = 7;
pub const MAX_LIST_STEPS: usize = 50;
pub const MAX_REPEAT: u32 = 100;
/// A `Repeat` inside a `Repeat` inside a `Repeat`, and no deeper.
pub const MAX_REPEAT_DEPTH: usize = 3;
pub const MAX_STEP_SECS: u32 = 4 * 3600;
/// Nested repeats multiply: a session unrolled into more steps than this, or
/// longer than a day, is refused before anything tries to unroll it.
pub const MAX_SESSION_STEPS: u64 = 5_000;
pub const MAX_SESSION_SECS: u64 = 24 * 3600;
/// The plan lists every session's steps: this keeps it a few MB.
pub const MAX_PROGRAM_STEPS: u64 = 10_000;
pub const MAX_CIRCUITS: usize = 50;
pub const MAX_EXERCISES: usize = 30;
pub const MAX_SETS: u32 = 20;
pub const MAX_REPS: u32 = 100;
pub const MAX_HOLD_SECS: u32 = 10 * 60;
pub const MAX_REST_SECS: u32 = 10 * 60;
pub const MAX_CUES: usize = 10;
pub const MAX_NAME_CHARS: usize = 100;
pub const MAX_PAIN_SITE_CHARS: usize = 40;
pub const MAX_CUE_CHARS: usize = 200;
pub const MAX_DESCRIPTION_CHARS: usize = 1_000;
/// The coach's counts of sessions and days: (key, least, most). Days are
/// added to dates, so a huge one would overflow the calendar.
pub const RULE_COUNTS: [(&str, u32, u32); 11] = [
    ("usual_runs", 1, 20),
    ("discard_within_minutes", 0, 60),
    ("rising_sessions", 2, 10),
    ("rest_days", 0, 14),
    ("red_rest_days", 0, 28),
    ("morning_amber_extra_rest_days", 0, 14),
    ("missed_days_allowed", 0, 60),
    ("missed_days_per_week_down", 1, 60),
    ("stop_reds", 1, 10),
    ("stop_reds_window_days", 1, 365),
    ("worse_mornings_weeks", 1, 10),
];

pub fn validate(program: &Program, file: &str, source: &str) -> Vec<Diagnostic> {
    let mut check = Checker {
        file,
        source,
        locator: std::cell::OnceCell::new(),
        problems: Vec::new(),
    };
    check.program(program);
    check.problems.sort_by_key(|d| (d.line, d.col));
    check.problems
}

struct Checker<'a> {
    file: &'a str,
    source: &'a str,
    /// Made at the first problem: a valid file is never walked twice.
    locator: std::cell::OnceCell<Locator<'a>>,
    problems: Vec<Diagnostic>,
}

/// `path` with one more segment.
fn join<'a>(path: &[Seg<'a>], seg: Seg<'a>) -> Vec<Seg<'a>> {
    [path, &[seg]].concat()
}

impl Checker<'_> {
    fn position(&self, path: &[Seg]) -> (usize, usize) {
        let locator = self.locator.get_or_init(|| Locator::new(self.source));
        locator.position(path)
    }

    fn report(&mut self, path: &[Seg], message: impl Into<String>) {
        let (line, col) = self.position(path);
        self.report_at(line, col, message);
    }

    fn report_at(&mut self, line: usize, col: usize, message: impl Into<String>) {
        let diagnostic = Diagnostic::at(self.file, self.source, line, col, message.into());
        self.problems.push(diagnostic);
    }

    fn program(&mut self, program: &Program) {
        if program.name.trim().is_empty() {
            self.report(&[Seg::Key("name")], "the program needs a name");
        }
        let id = &program.id;
        self.text(&[Seg::Key("id")], "the program's id", id, MAX_NAME_CHARS);
        self.text(
            &[Seg::Key("name")],
            "the program's name",
            &program.name,
            MAX_NAME_CHARS,
        );
        let description = &program.description;
        self.text(
            &[Seg::Key("description")],
            "the description",
            description,
            MAX_DESCRIPTION_CHARS,
        );
        let site = &program.pain_site;
        self.text(
            &[Seg::Key("pain_site")],
            "pain_site",
            site,
            MAX_PAIN_SITE_CHARS,
        );
        self.rules(&program.rules);
        if program.circuits.len() > MAX_CIRCUITS {
            let message = format!(
                "{} circuits: a program has at most {MAX_CIRCUITS}",
                program.circuits.len()
            );
            self.report(&[Seg::Key("circuits")], message);
        }
        for (name, circuit) in &program.circuits {
            self.circuit(&[Seg::Key("circuits"), Seg::Key(name)], name, circuit);
        }
        let defaults = [Seg::Key("defaults")];
        let warmup = join(&defaults, Seg::Key("warmup"));
        self.steps(&warmup, &program.defaults.warmup, 0);
        let cooldown = join(&defaults, Seg::Key("cooldown"));
        self.steps(&cooldown, &program.defaults.cooldown, 0);
        if let Some(name) = &program.defaults.circuit {
            self.circuit_ref(program, &[Seg::Key("defaults"), Seg::Key("circuit")], name);
        }
        if program.weeks.is_empty() {
            self.report(&[Seg::Key("weeks")], "the program needs at least one week");
        }
        if program.weeks.len() > MAX_WEEKS {
            let message = format!(
                "the program has {} weeks: at most {MAX_WEEKS}",
                program.weeks.len()
            );
            self.report(&[Seg::Key("weeks"), Seg::Index(MAX_WEEKS)], message);
        }
        let mut program_steps = 0u64;
        for (w, week) in program.weeks.iter().enumerate() {
            let week_path = [Seg::Key("weeks"), Seg::Index(w)];
            let sessions_path = join(&week_path, Seg::Key("sessions"));
            if week.sessions.is_empty() {
                self.report(&sessions_path, format!("week {} has no sessions", w + 1));
            }
            if week.sessions.len() > MAX_SESSIONS_A_WEEK {
                let message = format!(
                    "week {} has {} sessions: at most {MAX_SESSIONS_A_WEEK}, one a day",
                    w + 1,
                    week.sessions.len()
                );
                let path = join(&sessions_path, Seg::Index(MAX_SESSIONS_A_WEEK));
                self.report(&path, message);
            }
            if let Some(focus) = &week.focus {
                let path = join(&week_path, Seg::Key("focus"));
                self.text(&path, "a week's focus", focus, MAX_CUE_CHARS);
            }
            if let Some(name) = &week.prehab {
                let path = join(&week_path, Seg::Key("prehab"));
                self.circuit_ref(program, &path, name);
            }
            for (s, session) in week.sessions.iter().enumerate() {
                let path = join(&sessions_path, Seg::Index(s));
                let steps = self.session(program, &path, session, (w + 1, s + 1));
                program_steps = program_steps.saturating_add(steps);
            }
        }
        if program_steps > MAX_PROGRAM_STEPS {
            let message = format!(
                "the sessions unroll to more than {MAX_PROGRAM_STEPS} steps in all: at most {MAX_PROGRAM_STEPS}, so that the plan stays a few MB"
            );
            self.report(&[Seg::Key("weeks")], message);
        }
    }

    /// Checks a session; gives its run's step count once unrolled.
    fn session(
        &mut self,
        program: &Program,
        path: &[Seg],
        session: &super::Session,
        (week, number): (usize, usize),
    ) -> u64 {
        let at = |key| join(path, Seg::Key(key));
        if session.main.is_empty() {
            let message = format!("session {week}.{number} has an empty main set");
            self.report(&at("main"), message);
        }
        if let Some(name) = &session.name {
            self.text(&at("name"), "a session's name", name, MAX_NAME_CHARS);
        }
        if let Some(warmup) = &session.warmup {
            self.steps(&at("warmup"), warmup, 0);
        }
        self.steps(&at("main"), &session.main, 0);
        if let Some(cooldown) = &session.cooldown {
            self.steps(&at("cooldown"), cooldown, 0);
        }
        let parts = [
            program.warmup(session),
            &session.main,
            program.cooldown(session),
        ];
        let (run_count, run_secs) = parts.iter().fold((0u64, 0u64), |(count, secs), steps| {
            let (c, s) = unrolled(steps);
            (count.saturating_add(c), secs.saturating_add(s))
        });
        let (circuit_count, circuit_secs) = program
            .circuit_after(session)
            .and_then(|name| program.circuit(name))
            .map_or((0, 0), circuit_size);
        let count = run_count.saturating_add(circuit_count);
        let secs = run_secs.saturating_add(circuit_secs);
        if count > MAX_SESSION_STEPS || secs > MAX_SESSION_SECS {
            let message = format!(
                "session {week}.{number} unrolls to more than {MAX_SESSION_STEPS} steps or 24 hours, counting its warm-up, cool-down and circuit"
            );
            self.report(&at("main"), message);
        }
        if let Some(name) = &session.circuit {
            self.circuit_ref(program, &at("circuit"), name);
            if session.no_circuit {
                let message = "`circuit` and `no_circuit: true` contradict each other";
                self.report(&at("no_circuit"), message);
            }
        }
        run_count
    }

    /// A list of steps as written; `depth` is how many repeats hold it.
    fn steps(&mut self, path: &[Seg], steps: &[Step], depth: usize) {
        if steps.len() > MAX_LIST_STEPS {
            let message = format!(
                "{} steps in one list: at most {MAX_LIST_STEPS} (a Repeat writes intervals once)",
                steps.len()
            );
            self.report(&join(path, Seg::Index(MAX_LIST_STEPS)), message);
        }
        for (i, step) in steps.iter().enumerate() {
            let path = join(path, Seg::Index(i));
            match step {
                Step::Run(effort) => self.effort(&path, effort),
                Step::Walk(effort) | Step::Drill(effort) => {
                    self.effort(&path, effort);
                    if effort.cadence.is_some() {
                        let at = join(&path, Seg::Key("cadence"));
                        self.report(&at, "only a Run has a target cadence");
                    }
                }
                Step::Repeat { times, steps } => {
                    let at = |key| join(&path, Seg::Key(key));
                    if *times == 0 {
                        self.report(&at("times"), "a repeat must run at least 1 time");
                    } else if *times > MAX_REPEAT {
                        let message = format!("a repeat of {times} times: at most {MAX_REPEAT}");
                        self.report(&at("times"), message);
                    }
                    // Reported once, at the first repeat too deep.
                    if depth == MAX_REPEAT_DEPTH {
                        let message = format!(
                            "repeats nest more than {MAX_REPEAT_DEPTH} deep here: at most a Repeat in a Repeat in a Repeat"
                        );
                        self.report(&path, message);
                    }
                    if steps.is_empty() {
                        self.report(&at("steps"), "a repeat needs at least one step");
                    }
                    self.steps(&at("steps"), steps, depth + 1);
                }
            }
        }
    }

    fn effort(&mut self, path: &[Seg], effort: &Effort) {
        let at = |key| join(path, Seg::Key(key));
        self.positive(&at("time"), effort.time, "a step");
        self.at_most(&at("time"), effort.time, MAX_STEP_SECS, "a step");
        if let Some(speed) = effort.speed
            && !(speed > 0.0 && speed <= MAX_SPEED)
        {
            let message = format!("speed {speed} is out of range: above 0 and at most {MAX_SPEED}");
            self.report(&at("speed"), message);
        }
        if let Some(incline) = effort.incline
            && !INCLINE_RANGE.contains(&incline)
        {
            let (low, high) = (INCLINE_RANGE.start(), INCLINE_RANGE.end());
            let message = format!("incline {incline} % is out of range: {low} to {high}");
            self.report(&at("incline"), message);
        }
        if let Some(label) = &effort.label {
            self.text(&at("label"), "a step's label", label, MAX_NAME_CHARS);
        }
        if let Some(cue) = &effort.cue {
            self.text(&at("cue"), "a cue", cue, MAX_CUE_CHARS);
        }
    }

    fn positive(&mut self, path: &[Seg], duration: Duration, what: &str) {
        if duration.secs() == 0 {
            self.report(path, format!("{what} must last longer than 0 seconds"));
        }
    }

    fn at_most(&mut self, path: &[Seg], duration: Duration, max_secs: u32, what: &str) {
        if duration.secs() > max_secs {
            let max = Duration::from_secs(max_secs);
            self.report(path, format!("{what} of {duration}: at most {max}"));
        }
    }

    /// A text is printed and spoken: no control characters, and not long.
    fn text(&mut self, path: &[Seg], what: &str, text: &str, max_chars: usize) {
        if let Some((index, c)) = text.chars().enumerate().find(|(_, c)| c.is_control()) {
            let (line, col) = self.position(path);
            let (line, col) =
                char_in_literal(self.source, (line, col), index).unwrap_or((line, col));
            let message = format!(
                "{what} holds {}: a program's texts are shown and spoken, so no control characters",
                control_name(c)
            );
            self.report_at(line, col, message);
        }
        let chars = text.chars().count();
        if chars > max_chars {
            let message = format!("{what} is {chars} characters long: at most {max_chars}");
            self.report(path, message);
        }
    }

    fn circuit_ref(&mut self, program: &Program, path: &[Seg], name: &str) {
        self.text(path, "a circuit's name", name, MAX_NAME_CHARS);
        if program.circuit(name).is_none() {
            let known: Vec<String> = program.circuits.keys().map(|k| printable(k)).collect();
            let name = printable(name);
            let message = if known.is_empty() {
                format!("there is no circuit \"{name}\": the program defines no circuits")
            } else {
                format!(
                    "there is no circuit \"{name}\"; the circuits are: {}",
                    known.join(", ")
                )
            };
            self.report(path, message);
        }
    }

    fn circuit(&mut self, path: &[Seg], key: &str, circuit: &Circuit) {
        let at = |key| join(path, Seg::Key(key));
        self.text(path, "a circuit's key", key, MAX_NAME_CHARS);
        self.text(
            &at("name"),
            "a circuit's name",
            &circuit.name,
            MAX_NAME_CHARS,
        );
        if circuit.exercises.is_empty() {
            self.report(&at("exercises"), "a circuit needs at least one exercise");
        }
        if circuit.exercises.len() > MAX_EXERCISES {
            let message = format!(
                "{} exercises in one circuit: at most {MAX_EXERCISES}",
                circuit.exercises.len()
            );
            self.report(&join(&at("exercises"), Seg::Index(MAX_EXERCISES)), message);
        }
        for (i, exercise) in circuit.exercises.iter().enumerate() {
            let path = join(&at("exercises"), Seg::Index(i));
            self.exercise(&path, exercise);
        }
        let (count, secs) = circuit_size(circuit);
        if count > MAX_SESSION_STEPS || secs > MAX_SESSION_SECS {
            let message = format!(
                "the circuit comes to more than {MAX_SESSION_STEPS} steps or 24 hours: fewer sets or exercises"
            );
            self.report(path, message);
        }
    }

    fn exercise(&mut self, path: &[Seg], exercise: &Exercise) {
        let at = |key| join(path, Seg::Key(key));
        if exercise.name.trim().is_empty() {
            self.report(&at("name"), "an exercise needs a name");
        }
        let name = &exercise.name;
        self.text(&at("name"), "an exercise's name", name, MAX_NAME_CHARS);
        if exercise.sets == 0 {
            self.report(&at("sets"), "an exercise needs at least 1 set");
        } else if exercise.sets > MAX_SETS {
            let message = format!("{} sets: at most {MAX_SETS}", exercise.sets);
            self.report(&at("sets"), message);
        }
        match (exercise.reps, exercise.hold) {
            (Some(_), Some(_)) => {
                self.report(path, "give an exercise either `reps` or `hold`, not both")
            }
            (None, None) => self.report(path, "an exercise needs `reps` or `hold`"),
            (Some(0), None) => self.report(&at("reps"), "reps must be at least 1"),
            (Some(reps), None) if reps > MAX_REPS => {
                let message = format!("{reps} reps: at most {MAX_REPS}");
                self.report(&at("reps"), message);
            }
            (None, Some(hold)) => {
                self.positive(&at("hold"), hold, "a hold");
                self.at_most(&at("hold"), hold, MAX_HOLD_SECS, "a hold");
            }
            (Some(_), None) => {}
        }
        self.at_most(&at("rest"), exercise.rest, MAX_REST_SECS, "a rest");
        if exercise.cues.len() > MAX_CUES {
            let message = format!(
                "{} cues for one exercise: at most {MAX_CUES}",
                exercise.cues.len()
            );
            self.report(&join(&at("cues"), Seg::Index(MAX_CUES)), message);
        }
        for (i, cue) in exercise.cues.iter().enumerate() {
            self.text(
                &join(&at("cues"), Seg::Index(i)),
                "a cue",
                cue,
                MAX_CUE_CHARS,
            );
        }
    }

    fn rules(&mut self, rules: &Rules) {
        let at = |key| [Seg::Key("rules"), Seg::Key(key)];
        // A number the model does not read cannot be set in the file: it
        // keeps the model's default, which passes every check.
        let pains = [
            ("amber_pain", rules.amber_pain),
            ("red_pain", rules.red_pain),
            ("stop_pain", rules.stop_pain),
            ("warmup_pain", rules.warmup_pain),
            ("ready_pain", rules.ready_pain),
            ("morning_red_pain", rules.morning_red_pain),
            ("morning_amber_rise", rules.morning_amber_rise),
            ("morning_red_rise", rules.morning_red_rise),
        ];
        let mut in_range = true;
        for (key, pain) in pains {
            if !(1..=10).contains(&pain) {
                let message = format!("{key} is {pain}: a pain threshold must be from 1 to 10");
                self.report(&at(key), message);
                in_range = false;
            }
        }
        if in_range {
            let ordered = [
                ("amber_pain", rules.amber_pain, "red_pain", rules.red_pain),
                ("red_pain", rules.red_pain, "stop_pain", rules.stop_pain),
                (
                    "morning_amber_rise",
                    rules.morning_amber_rise,
                    "morning_red_rise",
                    rules.morning_red_rise,
                ),
            ];
            for (low_key, low, high_key, high) in ordered {
                if low >= high {
                    let message = format!(
                        "{low_key} ({low}) must be below {high_key} ({high}): the thresholds are out of order"
                    );
                    // Point at whichever of the two the file sets.
                    let (line, col) = self.position(&at(low_key));
                    let key = if (line, col) == self.position(&[Seg::Key("rules")]) {
                        high_key
                    } else {
                        low_key
                    };
                    self.report(&at(key), message);
                }
            }
        }
        // Pain that rises by more than this: 0 (any rise) to 10.
        let rises = [
            ("settled_max_rise", rules.settled_max_rise),
            ("ready_max_rise", rules.ready_max_rise),
        ];
        for (key, rise) in rises {
            if rise > 10 {
                let message = format!("{key} is {rise}: a rise in pain is from 0 to 10");
                self.report(&at(key), message);
            }
        }
        let share = rules.min_run_share;
        if !(0.0..=1.0).contains(&share) {
            let message = format!(
                "min_run_share is {share}: a share of the running from 0 to 1 (0.9 is 90 %)"
            );
            self.report(&at("min_run_share"), message);
        }
        let values = [
            rules.usual_runs,
            rules.discard_within_minutes,
            rules.rising_sessions,
            rules.rest_days,
            rules.red_rest_days,
            rules.morning_amber_extra_rest_days,
            rules.missed_days_allowed,
            rules.missed_days_per_week_down,
            rules.stop_reds,
            rules.stop_reds_window_days,
            rules.worse_mornings_weeks,
        ];
        for ((key, least, most), value) in RULE_COUNTS.into_iter().zip(values) {
            if value < least {
                self.report(&at(key), format!("{key} must be at least {least}"));
            } else if value > most {
                self.report(&at(key), format!("{key} is {value}: at most {most}"));
            }
        }
    }
}

/// Steps and seconds of a list once its repeats are unrolled, counted
/// without unrolling them: saturating arithmetic, nothing allocated.
fn unrolled(steps: &[Step]) -> (u64, u64) {
    steps.iter().fold((0u64, 0u64), |(count, secs), step| {
        let (c, s) = match step {
            Step::Run(effort) | Step::Walk(effort) | Step::Drill(effort) => {
                (1, u64::from(effort.time.secs()))
            }
            Step::Repeat { times, steps } => {
                let (c, s) = unrolled(steps);
                let times = u64::from(*times);
                (c.saturating_mul(times), s.saturating_mul(times))
            }
        };
        (count.saturating_add(c), secs.saturating_add(s))
    })
}

/// Steps and estimated seconds of a circuit as `flatten_circuit` makes it
/// (every set on every side, a rest after each set), by arithmetic. It
/// counts the last rest, which flattening drops: a bound, a step over.
fn circuit_size(circuit: &Circuit) -> (u64, u64) {
    circuit
        .exercises
        .iter()
        .fold((0u64, 0u64), |(count, secs), exercise| {
            let each = match (exercise.reps, exercise.hold) {
                (Some(reps), _) => u64::from(reps).saturating_mul(REP_SECONDS_ESTIMATE.into()),
                (None, Some(hold)) => u64::from(hold.secs()),
                (None, None) => return (count, secs),
            };
            let sets = u64::from(exercise.sets);
            let sides = if exercise.per_side { 2 } else { 1 };
            let rest = u64::from(exercise.rest.secs());
            let rests = if rest > 0 { sets } else { 0 };
            let c = sets.saturating_mul(sides).saturating_add(rests);
            let s = sets
                .saturating_mul(sides)
                .saturating_mul(each)
                .saturating_add(rests.saturating_mul(rest));
            (count.saturating_add(c), secs.saturating_add(s))
        })
}

/// "ESC (U+001B), which starts terminal escape codes", "a tab".
fn control_name(c: char) -> String {
    match c {
        '\t' => "a tab".to_string(),
        '\n' => "a line break".to_string(),
        '\r' => "a carriage return".to_string(),
        '\u{1b}' => "ESC (U+001B), which starts terminal escape codes".to_string(),
        c => format!("the control character U+{:04X}", u32::from(c)),
    }
}

/// Where the `index`-th character of a string literal that starts at
/// `(line, col)` is written: `"…"` with its escapes (`\n`, `\x1b`,
/// `\u{1b}`) or a raw `r#"…"#`. None when no literal starts there.
fn char_in_literal(
    source: &str,
    (line, col): (usize, usize),
    index: usize,
) -> Option<(usize, usize)> {
    let line_start = if line <= 1 {
        0
    } else {
        source.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let start = line_start
        + source[line_start..]
            .char_indices()
            .nth(col.checked_sub(1)?)?
            .0;
    let literal = &source[start..];
    let body_start = if literal.starts_with('"') {
        1
    } else if let Some(raw) = literal.strip_prefix('r') {
        let hashes = raw.bytes().take_while(|&b| b == b'#').count();
        if raw.as_bytes().get(hashes) != Some(&b'"') {
            return None;
        }
        2 + hashes
    } else {
        return None;
    };
    let escapes = literal.starts_with('"');
    let body = &literal[body_start..];
    let mut chars = body.char_indices().peekable();
    for _ in 0..index {
        let (_, c) = chars.next()?;
        if escapes && c == '\\' {
            match chars.next()?.1 {
                'u' if chars.peek().is_some_and(|(_, c)| *c == '{') => {
                    for (_, c) in chars.by_ref() {
                        if c == '}' {
                            break;
                        }
                    }
                }
                'u' => {
                    chars.nth(3)?;
                }
                'x' => {
                    chars.nth(1)?;
                }
                _ => {}
            }
        }
    }
    let offset = start + body_start + chars.next()?.0;
    let before = &source[..offset];
    let line = 1 + before.matches('\n').count();
    let line_begins = before.rfind('\n').map_or(0, |i| i + 1);
    Some((line, 1 + before[line_begins..].chars().count()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_character_inside_a_literal_past_its_escapes() {
        let source = "(\n  name: \"a\\u{1b}b\\x07c\\nd\",\n  raw: r#\"xy\u{1b}\"#,\n)";
        // name starts at line 2, col 9; its characters: a ESC b BEL c LF d
        assert_eq!(char_in_literal(source, (2, 9), 0), Some((2, 10)));
        assert_eq!(char_in_literal(source, (2, 9), 1), Some((2, 11)));
        assert_eq!(char_in_literal(source, (2, 9), 2), Some((2, 17)));
        assert_eq!(char_in_literal(source, (2, 9), 3), Some((2, 18)));
        assert_eq!(char_in_literal(source, (2, 9), 5), Some((2, 23)));
        assert_eq!(char_in_literal(source, (3, 8), 2), Some((3, 13)));
        // Not a literal there, or past the end: no answer, never a panic.
        assert_eq!(char_in_literal(source, (1, 1), 0), None);
        assert_eq!(char_in_literal(source, (9, 1), 0), None);
        assert_eq!(char_in_literal(source, (2, 99), 0), None);
    }

    #[test]
    fn a_circuit_is_sized_without_flattening_it() {
        let parse = |text| super::super::parse_ron::<Circuit>("t", text).unwrap();
        let circuit = parse(
            "(name: \"c\", exercises: [(name: \"x\", sets: 4294967295, reps: 4294967295, per_side: true)])",
        );
        // 2 sides and a rest for each of 2^32-1 sets; seconds saturate.
        let sets = u64::from(u32::MAX);
        assert_eq!(circuit_size(&circuit), (3 * sets, u64::MAX));
        let circuit = parse(
            "(name: \"c\", exercises: [(name: \"x\", sets: 3, reps: 10, per_side: true, rest: \"30s\")])",
        );
        // 3 sets × 2 sides of 10 reps at 3 s, and 3 rests of 30 s.
        assert_eq!(circuit_size(&circuit), (9, 3 * 2 * 30 + 3 * 30));
    }
}
