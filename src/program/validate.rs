//! Errors of meaning in a program that parsed: every one is collected, each
//! at the position of the value it is about.

use super::Diagnostic;
use super::locate::{Locator, Seg};
use super::{Circuit, Duration, Effort, Exercise, Program, Rules, Step};

/// A belt faster than this (km/h or mph alike) is a typo, not a plan.
const MAX_SPEED: f32 = 30.0;
/// Treadmills go from about -3 % to 15 %; a little room either side.
const INCLINE_RANGE: std::ops::RangeInclusive<f32> = -10.0..=40.0;
const MAX_REPEAT: u32 = 100;
/// Nested repeats multiply: a session unrolled into more steps than this, or
/// longer than a day, is refused before anything tries to unroll it.
const MAX_SESSION_STEPS: u64 = 5_000;
const MAX_SESSION_SECS: u64 = 24 * 3600;

pub fn validate(program: &Program, file: &str, source: &str) -> Vec<Diagnostic> {
    let mut check = Checker {
        file,
        source,
        locator: Locator::new(source),
        problems: Vec::new(),
    };
    check.program(program);
    check.problems.sort_by_key(|d| (d.line, d.col));
    check.problems
}

struct Checker<'a> {
    file: &'a str,
    source: &'a str,
    locator: Locator<'a>,
    problems: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn report(&mut self, path: &[Seg], message: impl Into<String>) {
        let (line, col) = self.locator.position(path);
        let diagnostic = Diagnostic::at(self.file, self.source, line, col, message.into());
        self.problems.push(diagnostic);
    }

    fn program(&mut self, program: &Program) {
        if program.name.trim().is_empty() {
            self.report(&[Seg::Key("name")], "the program needs a name");
        }
        self.rules(&program.rules);
        for (name, circuit) in &program.circuits {
            self.circuit(&[Seg::Key("circuits"), Seg::Key(name)], circuit);
        }
        let defaults = [Seg::Key("defaults")];
        self.steps(
            &[&defaults[..], &[Seg::Key("warmup")]].concat(),
            &program.defaults.warmup,
        );
        self.steps(
            &[&defaults[..], &[Seg::Key("cooldown")]].concat(),
            &program.defaults.cooldown,
        );
        if let Some(name) = &program.defaults.circuit {
            self.circuit_ref(program, &[Seg::Key("defaults"), Seg::Key("circuit")], name);
        }
        if program.weeks.is_empty() {
            self.report(&[Seg::Key("weeks")], "the program needs at least one week");
        }
        for (w, week) in program.weeks.iter().enumerate() {
            let week_path = [Seg::Key("weeks"), Seg::Index(w)];
            if week.sessions.is_empty() {
                let path = [&week_path[..], &[Seg::Key("sessions")]].concat();
                self.report(&path, format!("week {} has no sessions", w + 1));
            }
            if let Some(name) = &week.prehab {
                let path = [&week_path[..], &[Seg::Key("prehab")]].concat();
                self.circuit_ref(program, &path, name);
            }
            for (s, session) in week.sessions.iter().enumerate() {
                let path = [&week_path[..], &[Seg::Key("sessions"), Seg::Index(s)]].concat();
                self.session(program, &path, session, (w + 1, s + 1));
            }
        }
    }

    fn session(
        &mut self,
        program: &Program,
        path: &[Seg],
        session: &super::Session,
        (week, number): (usize, usize),
    ) {
        let at = |key| [path, &[Seg::Key(key)]].concat();
        if session.main.is_empty() {
            let message = format!("session {week}.{number} has an empty main set");
            self.report(&at("main"), message);
        }
        if let Some(warmup) = &session.warmup {
            self.steps(&at("warmup"), warmup);
        }
        self.steps(&at("main"), &session.main);
        if let Some(cooldown) = &session.cooldown {
            self.steps(&at("cooldown"), cooldown);
        }
        let parts = [
            program.warmup(session),
            &session.main,
            program.cooldown(session),
        ];
        let (count, secs) = parts.iter().fold((0u64, 0u64), |(count, secs), steps| {
            let (c, s) = unrolled(steps);
            (count.saturating_add(c), secs.saturating_add(s))
        });
        if count > MAX_SESSION_STEPS || secs > MAX_SESSION_SECS {
            let message = format!(
                "session {week}.{number} unrolls to more than {MAX_SESSION_STEPS} steps or 24 hours"
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
    }

    fn steps(&mut self, path: &[Seg], steps: &[Step]) {
        for (i, step) in steps.iter().enumerate() {
            let path = [path, &[Seg::Index(i)]].concat();
            match step {
                Step::Run(effort) => self.effort(&path, effort),
                Step::Walk(effort) | Step::Drill(effort) => {
                    self.effort(&path, effort);
                    if effort.cadence.is_some() {
                        let at = [&path[..], &[Seg::Key("cadence")]].concat();
                        self.report(&at, "only a Run has a target cadence");
                    }
                }
                Step::Repeat { times, steps } => {
                    let at = |key| [&path[..], &[Seg::Key(key)]].concat();
                    if *times == 0 {
                        self.report(&at("times"), "a repeat must run at least 1 time");
                    } else if *times > MAX_REPEAT {
                        let message = format!("a repeat of {times} times: at most {MAX_REPEAT}");
                        self.report(&at("times"), message);
                    }
                    if steps.is_empty() {
                        self.report(&at("steps"), "a repeat needs at least one step");
                    }
                    self.steps(&at("steps"), steps);
                }
            }
        }
    }

    fn effort(&mut self, path: &[Seg], effort: &Effort) {
        let at = |key| [path, &[Seg::Key(key)]].concat();
        self.positive(&at("time"), effort.time, "a step");
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
    }

    fn positive(&mut self, path: &[Seg], duration: Duration, what: &str) {
        if duration.secs() == 0 {
            self.report(path, format!("{what} must last longer than 0 seconds"));
        }
    }

    fn circuit_ref(&mut self, program: &Program, path: &[Seg], name: &str) {
        if program.circuit(name).is_none() {
            let known: Vec<&str> = program.circuits.keys().map(String::as_str).collect();
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

    fn circuit(&mut self, path: &[Seg], circuit: &Circuit) {
        let at = |key| [path, &[Seg::Key(key)]].concat();
        if circuit.exercises.is_empty() {
            self.report(&at("exercises"), "a circuit needs at least one exercise");
        }
        for (i, exercise) in circuit.exercises.iter().enumerate() {
            let path = [&at("exercises")[..], &[Seg::Index(i)]].concat();
            self.exercise(&path, exercise);
        }
    }

    fn exercise(&mut self, path: &[Seg], exercise: &Exercise) {
        let at = |key| [path, &[Seg::Key(key)]].concat();
        if exercise.name.trim().is_empty() {
            self.report(&at("name"), "an exercise needs a name");
        }
        if exercise.sets == 0 {
            self.report(&at("sets"), "an exercise needs at least 1 set");
        }
        match (exercise.reps, exercise.hold) {
            (Some(_), Some(_)) => {
                self.report(path, "give an exercise either `reps` or `hold`, not both")
            }
            (None, None) => self.report(path, "an exercise needs `reps` or `hold`"),
            (Some(0), None) => self.report(&at("reps"), "reps must be at least 1"),
            (None, Some(hold)) => self.positive(&at("hold"), hold, "a hold"),
            (Some(_), None) => {}
        }
    }

    fn rules(&mut self, rules: &Rules) {
        let at = |key| [Seg::Key("rules"), Seg::Key(key)];
        let pains = [
            ("amber_pain", rules.amber_pain),
            ("red_pain", rules.red_pain),
            ("stop_pain", rules.stop_pain),
            ("warmup_pain", rules.warmup_pain),
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
                    let (line, col) = self.locator.position(&at(low_key));
                    let key = if (line, col) == self.locator.position(&[Seg::Key("rules")]) {
                        high_key
                    } else {
                        low_key
                    };
                    self.report(&at(key), message);
                }
            }
        }
        let counts = [
            ("rising_sessions", rules.rising_sessions, 2),
            ("stop_reds", rules.stop_reds, 1),
            ("stop_reds_window_days", rules.stop_reds_window_days, 1),
            (
                "missed_days_per_week_down",
                rules.missed_days_per_week_down,
                1,
            ),
        ];
        for (key, value, least) in counts {
            if value < least {
                self.report(&at(key), format!("{key} must be at least {least}"));
            }
        }
    }
}

/// Steps and seconds of a list once its repeats are unrolled, counted
/// without unrolling them.
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
