//! The facts of a runner's history, as the journal stores them: one record a
//! line, each with a format version and a kind, so that a newer kind or
//! version is kept and reported by an older rtr, never dropped.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use std::collections::HashMap;

use super::counts::{Answered, PartPain, pains};
use super::{Counts, Fact, MainRun, RunFacts};
use crate::program::{
    BUILTIN_ID, BUILTIN_PROGRAM_NAME, Model, Program, Rules, SessionId, SpeedUnit,
};
use crate::workout::{Instead, Outcome, Part, Phase, Span, Summary, Workout, round_secs};

/// A morning later than this many days after the run is no longer "the
/// next morning".
pub const MORNING_WITHIN_DAYS: i64 = 2;

/// The format version this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// A record of the journal. On disk each has its `kind` and the format
/// version `v` beside its fields: `{"v":1,"kind":"session",...}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Record {
    Session(SessionRecord),
    /// The pain answers around a run session.
    Answers(RunAnswers),
    /// The next morning's pain after a run.
    Morning(MorningAnswer),
    /// The runner chose to go on after a stop.
    Resume(ResumeRecord),
    /// The pain rating after a session's circuit: it never moves the run
    /// progression.
    CircuitPain(CircuitPain),
    /// The runner started a run before the coach's earliest day.
    Override(OverrideRecord),
    /// The readiness questions of the first start.
    StartCheck(StartCheck),
    /// The runner's own cadence, that relative cadence targets build on.
    Cadence(CadenceRecord),
    /// The runner chose the program the coach plans from.
    Enroll(EnrollRecord),
    /// The pain before a run was too high to run: not a session.
    NotReady(NotReadyRecord),
    /// The runner discarded a session: nothing of it counts.
    Void(VoidRecord),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoidRecord {
    pub session_id: String,
    pub at: DateTime<FixedOffset>,
}

/// The program the runner follows, from now on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnrollRecord {
    pub at: DateTime<FixedOffset>,
    /// The program's id.
    pub program: String,
    pub name: String,
    /// Where the program file was, to open it by default; None for the
    /// built-in program.
    #[serde(default)]
    pub file: Option<std::path::PathBuf>,
}

/// The ready-to-run check said no run today.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotReadyRecord {
    pub session_id: String,
    pub program: String,
    pub session: SessionId,
    pub date: NaiveDate,
    pub before: u8,
    /// The runner's usual pain before a run, when there was one.
    pub usual: Option<u8>,
    pub reason: String,
}

impl Record {
    /// The kind as the journal names it: "answers".
    pub fn kind(&self) -> &'static str {
        match self {
            Record::Session(_) => "session",
            Record::Answers(_) => "answers",
            Record::Morning(_) => "morning",
            Record::Resume(_) => "resume",
            Record::CircuitPain(_) => "circuit_pain",
            Record::Override(_) => "override",
            Record::StartCheck(_) => "start_check",
            Record::Cadence(_) => "cadence",
            Record::Enroll(_) => "enroll",
            Record::NotReady(_) => "not_ready",
            Record::Void(_) => "void",
        }
    }

    /// The day a record says it happened, when it says one.
    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            Record::Session(s) => Some(s.started.date_naive()),
            Record::Answers(a) => Some(a.date),
            Record::Morning(m) => Some(m.date),
            Record::Resume(r) => Some(r.date),
            Record::CircuitPain(c) => c.date,
            Record::Override(o) => Some(o.date),
            Record::StartCheck(c) => Some(c.at.date_naive()),
            Record::Cadence(c) => Some(c.date),
            Record::Enroll(e) => Some(e.at.date_naive()),
            Record::NotReady(n) => Some(n.date),
            Record::Void(v) => Some(v.at.date_naive()),
        }
    }

    /// The session a record belongs to, for the records that belong to one.
    pub fn session_id(&self) -> Option<&str> {
        match self {
            Record::Session(s) => Some(&s.id),
            Record::Answers(a) => Some(&a.session_id),
            Record::Morning(m) => Some(&m.session_id),
            Record::CircuitPain(c) => Some(&c.session_id),
            Record::NotReady(n) => Some(&n.session_id),
            Record::Void(v) => Some(&v.session_id),
            Record::Resume(_)
            | Record::Override(_)
            | Record::StartCheck(_)
            | Record::Cadence(_)
            | Record::Enroll(_) => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CadenceRecord {
    pub date: NaiveDate,
    /// Steps a minute at an easy run.
    pub spm: u32,
}

/// The runner's own cadence: the latest one recorded.
pub fn own_cadence(records: &[Record]) -> Option<&CadenceRecord> {
    records.iter().rev().find_map(|r| match r {
        Record::Cadence(c) => Some(c),
        _ => None,
    })
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CircuitPain {
    pub session_id: String,
    /// The rating after the circuit.
    pub pain: u8,
    /// The highest `!` report during the circuit.
    #[serde(default)]
    pub highest_report: Option<u8>,
    #[serde(default)]
    pub date: Option<NaiveDate>,
}

/// The exercises that hurt (a `!` at `flag_pain` or more during them) in
/// the last session, for the advice to make them easier the next time.
pub fn painful_exercises(last: Option<&SessionRecord>, rules: &Rules) -> Vec<String> {
    let mut painful: Vec<String> = last
        .into_iter()
        .flat_map(|s| &s.pain_reports)
        .filter(|r| r.part == Part::Circuit && eased_next_time(r.pain, rules))
        .map(|r| r.label.clone())
        .collect();
    painful.dedup();
    painful
}

/// Whether pain reported during an exercise makes it easier next time.
pub fn eased_next_time(pain: u8, rules: &Rules) -> bool {
    pain >= rules.circuit_flag_pain()
}

/// The start check's answers, in the order of its questions: true is ready.
/// The questions follow the program's rule model and pain site, kept here
/// so the answers read back against the questions asked; a record without
/// them (older journals) answered the knee's five.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StartCheck {
    pub at: DateTime<FixedOffset>,
    pub answers: Vec<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<Model>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverrideRecord {
    #[serde(default)]
    pub program: Option<String>,
    pub date: NaiveDate,
    pub session: SessionId,
    /// The day the coach said the next run could be (a rest day).
    #[serde(default)]
    pub earliest: Option<NaiveDate>,
    /// What else the runner overrode: "not ready: knee pain 4/10 before…".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The pain answers around one run session (0–10 each), as the runner
/// gave them, with what the coach counts beside them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunAnswers {
    /// The session record these belong to.
    pub session_id: String,
    /// The program's id; None in a journal older than program ids.
    #[serde(default)]
    pub program: Option<String>,
    pub session: SessionId,
    /// Not the coach's next session: run by choice.
    #[serde(default)]
    pub off_plan: bool,
    /// The day of the run, local.
    pub date: NaiveDate,
    pub before: u8,
    pub after_warmup: Option<u8>,
    /// As answered after the run (in older journals, already the highest
    /// of the answer and every report).
    pub worst: u8,
    pub after: u8,
    pub swelling_or_limp: bool,
    pub stopped_for_pain: bool,
    /// False when the session ended early.
    #[serde(default = "completed_by_default")]
    pub completed: bool,
    #[serde(default)]
    pub red_flags: Vec<String>,
    /// The `!` reports of the run, by the part they were made in.
    #[serde(default)]
    pub reports: Vec<PartPain>,
    /// How much of the main set's running was run.
    #[serde(default)]
    pub main_run: Option<MainRun>,
}

fn completed_by_default() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MorningAnswer {
    pub session_id: String,
    /// The morning it was asked.
    pub date: NaiveDate,
    pub pain: u8,
    /// The red flags answered yes that morning.
    #[serde(default)]
    pub red_flags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResumeRecord {
    pub date: NaiveDate,
    pub at: DateTime<FixedOffset>,
}

/// The coach's records of a journal, in order, with what the older records
/// need to be joined to their program.
#[derive(Debug, Clone, Default)]
pub struct History {
    pub records: Vec<Record>,
    /// The program name of each session record that has no program id, by
    /// session id: answers written before program ids belong to it.
    pub legacy_programs: HashMap<String, String>,
    /// What in the records does not count, by line: "a second answers
    /// record for the same session (counted once)".
    pub notices: Vec<(usize, String)>,
    /// Everything to tell the runner about the journal, each with its
    /// file and line (lines that could not be read, the notices).
    pub warnings: Vec<String>,
}

impl History {
    /// From every record of a journal, session records too: those without
    /// a program id name the program of their answers.
    pub fn new(records: Vec<Record>) -> History {
        let mut history = History::settled(records.into_iter().enumerate(), None);
        history.legacy_programs = history
            .records
            .iter()
            .filter_map(|r| match r {
                Record::Session(s) if s.program_id.is_none() => {
                    Some((s.id.clone(), s.program.clone()))
                }
                _ => None,
            })
            .collect();
        history
    }

    /// The records that count, each with its line: a discarded (voided)
    /// session's records go; a fact recorded twice for a session counts
    /// once; a date after `today` is said (it still counts).
    pub fn settled(
        records: impl IntoIterator<Item = (usize, Record)>,
        today: Option<NaiveDate>,
    ) -> History {
        let records: Vec<(usize, Record)> = records.into_iter().collect();
        let voided: std::collections::HashSet<&str> = records
            .iter()
            .filter_map(|(_, r)| match r {
                Record::Void(v) => Some(v.session_id.as_str()),
                _ => None,
            })
            .collect();
        let mut seen = std::collections::HashSet::new();
        let mut notices = Vec::new();
        let mut kept = Vec::new();
        for (line, record) in &records {
            if let Some(id) = record.session_id() {
                if voided.contains(id) {
                    continue;
                }
                if !seen.insert((record.kind(), id)) {
                    notices.push((
                        *line,
                        format!(
                            "a second {} record for the session of {id} (counted once)",
                            record.kind()
                        ),
                    ));
                    continue;
                }
            }
            if let (Some(date), Some(today)) = (record.date(), today)
                && date > today
            {
                notices.push((
                    *line,
                    format!("dated {date}, after today: is the computer's clock right?"),
                ));
            }
            kept.push(record.clone());
        }
        History {
            records: kept,
            legacy_programs: HashMap::new(),
            notices,
            warnings: Vec::new(),
        }
    }

    /// The run the next-morning question is about, when it is due today:
    /// the last run, on a day before today and no more than two days ago,
    /// whose morning is not answered yet.
    pub fn morning_due(&self, today: NaiveDate) -> Option<&RunAnswers> {
        let last = self.records.iter().rev().find_map(|r| match r {
            Record::Answers(answers) => Some(answers),
            _ => None,
        })?;
        let answered = self
            .records
            .iter()
            .any(|r| matches!(r, Record::Morning(m) if m.session_id == last.session_id));
        let days = (today - last.date).num_days();
        (!answered && (1..=MORNING_WITHIN_DAYS).contains(&days)).then_some(last)
    }

    /// The program the runner enrolled in last, if they ever chose one.
    pub fn enrolled(&self) -> Option<&EnrollRecord> {
        self.records.iter().rev().find_map(|r| match r {
            Record::Enroll(e) => Some(e),
            _ => None,
        })
    }

    /// The id of the program a run's answers belong to.
    pub fn program_of(&self, answers: &RunAnswers, current: &Program) -> String {
        if let Some(program) = &answers.program {
            return program.clone();
        }
        match self.legacy_programs.get(&answers.session_id) {
            Some(name) if *name == current.name => current.id.clone(),
            Some(name) if name != BUILTIN_PROGRAM_NAME => format!("named {name}"),
            _ => BUILTIN_ID.to_string(),
        }
    }

    /// The coach's facts for `program`, in order: its runs (on or off the
    /// plan), the runs of other programs (for a stop only), the morning
    /// answers joined to their run, the checks that said no run, the
    /// circuit ratings and the resumes.
    pub fn facts(&self, program: &Program) -> Vec<Fact> {
        let mut facts = Vec::new();
        let mut index_of = HashMap::new();
        for record in &self.records {
            match record {
                Record::Answers(a) => {
                    let counts = if self.program_of(a, program) != program.id {
                        Counts::OtherProgram
                    } else if a.off_plan {
                        Counts::OffPlan
                    } else {
                        Counts::OnPlan
                    };
                    index_of.insert(a.session_id.as_str(), facts.len());
                    facts.push(Fact::Run(run_facts(a, counts)));
                }
                Record::Morning(m) => {
                    if let Some(Fact::Run(run)) = index_of
                        .get(m.session_id.as_str())
                        .and_then(|i| facts.get_mut(*i))
                    {
                        run.morning = Some(m.pain);
                        run.morning_flags = m.red_flags.clone();
                    }
                }
                Record::CircuitPain(c) => {
                    let run_date = || match index_of.get(c.session_id.as_str()).map(|i| &facts[*i])
                    {
                        Some(Fact::Run(run)) => Some(run.date),
                        _ => None,
                    };
                    if let Some(date) = c.date.or_else(run_date) {
                        let pain = c.pain.max(c.highest_report.unwrap_or(0));
                        facts.push(Fact::Circuit { date, pain });
                    }
                }
                Record::NotReady(n) => facts.push(Fact::NotReady {
                    date: n.date,
                    before: n.before,
                }),
                Record::Resume(r) => facts.push(Fact::Resume { date: r.date }),
                Record::Session(_)
                | Record::Override(_)
                | Record::StartCheck(_)
                | Record::Cadence(_)
                | Record::Enroll(_)
                | Record::Void(_) => {}
            }
        }
        facts
    }
}

/// A run's answers with its reports counted where they were made.
fn run_facts(a: &RunAnswers, counts: Counts) -> RunFacts {
    let answered = Answered {
        after_warmup: a.after_warmup,
        worst: Some(a.worst),
        after: Some(a.after),
    };
    let (after_warmup, worst, after) = pains(answered, &a.reports);
    RunFacts {
        id: a.session_id.clone(),
        session: a.session,
        date: a.date,
        counts,
        before: a.before,
        after_warmup,
        worst,
        after,
        swelling_or_limp: a.swelling_or_limp,
        stopped_for_pain: a.stopped_for_pain,
        ended_early: !a.completed && !a.stopped_for_pain,
        main_run: a.main_run,
        red_flags: a.red_flags.clone(),
        morning: None,
        morning_flags: Vec::new(),
    }
}

/// A session that ran for real (never a rehearsal), when it ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionRecord {
    /// Unique: the start time to the millisecond, with the program's hash.
    pub id: String,
    /// The program's name.
    pub program: String,
    /// FNV-1a of the program's text: the same id can be told apart after an edit.
    pub program_hash: String,
    /// The program's id; None in a journal older than program ids.
    #[serde(default)]
    pub program_id: Option<String>,
    pub session: SessionId,
    /// Not the coach's next session: run by choice.
    #[serde(default)]
    pub off_plan: bool,
    /// A walk or a circuit instead of the run: not a run session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instead: Option<Instead>,
    pub started: DateTime<FixedOffset>,
    pub ended: DateTime<FixedOffset>,
    /// None: completed. Some(reason): ended early.
    pub ended_early: Option<String>,
    /// Picked up again after an interruption.
    #[serde(default)]
    pub resumed: bool,
    pub steps_done: u32,
    pub steps_skipped: u32,
    pub steps_not_reached: u32,
    /// Seconds of running and walking actually done.
    pub run_seconds: u32,
    pub walk_seconds: u32,
    pub active_seconds: u32,
    pub paused_seconds: u32,
    pub pauses: u32,
    /// The steps skipped, for the detail view.
    #[serde(default)]
    pub skipped: Vec<SkippedStep>,
    #[serde(default)]
    pub pain_reports: Vec<PainRecord>,
    /// The run's steps the clock ran in (warm-up, main set, cool-down; not
    /// the circuit), with when: none in a journal of an older rtr.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<StepRecord>,
    /// Milliseconds into the session (pauses counted) where it was picked up
    /// after an interruption: the time away falls there.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resumes: Vec<u64>,
}

/// A step of the run as it was done: where the clock ran in it, its
/// treadmill settings, and what a device measured (none today).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepRecord {
    /// Its place in the session, from 1.
    pub step: u32,
    pub part: Part,
    pub phase: Phase,
    pub label: String,
    pub outcome: Outcome,
    /// Each stretch the clock ran in it, [from, to] in milliseconds since
    /// the start, pauses counted: a pause is the gap between two.
    pub spans: Vec<[u64; 2]>,
    /// The program's belt speed, in km/h.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speed_kmh: Option<f32>,
    /// The program's incline, in percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incline: Option<f32>,
    /// Metres the treadmill counted in this step, when one was connected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance_m: Option<f64>,
    /// The average heart rate a strap measured in this step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heart_rate: Option<u8>,
    /// The highest heart rate measured in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peak_heart_rate: Option<u8>,
    /// The average cadence a footpod measured in it, steps a minute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cadence: Option<u16>,
    /// The program's target cadence for it, steps a minute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_cadence: Option<u16>,
    /// The belt's actual average speed while the clock ran, in km/h, as
    /// the treadmill reported it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub belt_kmh: Option<f32>,
}

/// The average of a value the steps may have, each step weighted by the
/// time its clock ran; None when no step has one.
pub fn time_weighted<'a>(
    steps: impl IntoIterator<Item = &'a StepRecord>,
    value: impl Fn(&StepRecord) -> Option<f64>,
) -> Option<f64> {
    let (sum, millis) = steps
        .into_iter()
        .filter_map(|step| Some((value(step)?, step.millis() as f64)))
        .fold((0.0, 0.0), |(sum, ms), (v, m)| (sum + v * m, ms + m));
    (millis > 0.0).then(|| sum / millis)
}

impl StepRecord {
    /// Milliseconds the clock ran in the step.
    pub fn millis(&self) -> u64 {
        self.spans
            .iter()
            .map(|[from, to]| to.saturating_sub(*from))
            .sum()
    }
}

/// A step that was skipped: its place (from 1) and its name. Journals of
/// the first version wrote it as the text "3 Run"; it is still read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkippedStep {
    pub step: u32,
    pub label: String,
}

impl<'de> Deserialize<'de> for SkippedStep {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            Typed { step: u32, label: String },
            Text(String),
        }
        match Written::deserialize(deserializer)? {
            Written::Typed { step, label } => Ok(SkippedStep { step, label }),
            Written::Text(text) => {
                let (step, label) = text.split_once(' ').unwrap_or((&text, ""));
                let step = step
                    .parse()
                    .map_err(|_| serde::de::Error::custom(format!("not a skipped step: {text}")))?;
                Ok(SkippedStep {
                    step,
                    label: label.to_string(),
                })
            }
        }
    }
}

impl std::fmt::Display for SkippedStep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.step, self.label)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PainRecord {
    /// Seconds into the session, pauses not counted.
    pub at_seconds: u32,
    pub pain: u8,
    /// Where it was reported: "main", "warmup", "cooldown" or "circuit".
    pub part: Part,
    pub phase: Phase,
    /// The step's name: in a circuit, the exercise that hurt.
    #[serde(default)]
    pub label: String,
}

/// What the journal needs to know about the session besides the workout.
pub struct SessionFacts<'a> {
    pub id: String,
    pub program: &'a str,
    pub program_hash: String,
    pub program_id: String,
    pub session: SessionId,
    pub off_plan: bool,
    pub instead: Option<Instead>,
    pub started: DateTime<FixedOffset>,
    pub ended: DateTime<FixedOffset>,
    pub resumed: bool,
    /// The unit of the steps' speeds.
    pub speed_unit: SpeedUnit,
    /// The runner's own cadence, which relative targets build on.
    pub own_cadence: Option<u32>,
}

impl SessionRecord {
    pub fn new(facts: SessionFacts, workout: &Workout, summary: &Summary) -> Self {
        let steps = workout.steps();
        let outcomes = workout.outcomes();
        let done_seconds = |phase: Phase| {
            steps
                .iter()
                .zip(outcomes)
                .filter(|(s, o)| s.phase == phase && **o == Outcome::Done)
                .map(|(s, _)| s.length.estimated_secs())
                .sum()
        };
        let skipped = steps
            .iter()
            .zip(outcomes)
            .enumerate()
            .filter(|(_, (_, o))| **o == Outcome::Skipped)
            .map(|(i, (s, _))| SkippedStep {
                step: i as u32 + 1,
                label: s.label.clone(),
            })
            .collect();
        let pain_reports = summary
            .pain_reports
            .iter()
            .map(|r| PainRecord {
                at_seconds: round_secs(r.at),
                pain: r.pain,
                part: steps[r.step].part,
                phase: steps[r.step].phase,
                label: steps[r.step].label.clone(),
            })
            .collect();
        let step_records = step_records(workout, &summary.timeline, &facts);
        SessionRecord {
            id: facts.id,
            program: facts.program.to_string(),
            program_hash: facts.program_hash,
            program_id: Some(facts.program_id),
            session: facts.session,
            off_plan: facts.off_plan,
            instead: facts.instead,
            started: facts.started,
            ended: facts.ended,
            ended_early: summary
                .ending
                .and_then(crate::workout::Ending::early_reason)
                .map(str::to_string),
            resumed: facts.resumed,
            steps_done: summary.done as u32,
            steps_skipped: summary.skipped as u32,
            steps_not_reached: summary.not_reached as u32,
            run_seconds: done_seconds(Phase::Run),
            walk_seconds: done_seconds(Phase::Walk),
            active_seconds: round_secs(summary.active),
            paused_seconds: round_secs(summary.paused),
            pauses: summary.pauses,
            skipped,
            pain_reports,
            steps: step_records,
            resumes: summary
                .resumes
                .iter()
                .map(|d| d.as_millis() as u64)
                .collect(),
        }
    }

    /// The highest pain reported during the session, if any.
    pub fn worst_pain(&self) -> Option<u8> {
        self.pain_reports.iter().map(|r| r.pain).max()
    }
}

/// The run's steps the clock ran in, each with its stretches of time.
fn step_records(workout: &Workout, timeline: &[Span], facts: &SessionFacts) -> Vec<StepRecord> {
    let (steps, outcomes) = (workout.steps(), workout.outcomes());
    let kmh = |speed: f32| facts.speed_unit.to_kmh(f64::from(speed)) as f32;
    steps
        .iter()
        .zip(outcomes)
        .enumerate()
        .filter(|(_, (step, _))| step.part != Part::Circuit)
        .filter_map(|(i, (step, outcome))| {
            let spans: Vec<[u64; 2]> = timeline
                .iter()
                .filter(|span| span.step == i)
                .map(|span| [span.from.as_millis() as u64, span.to.as_millis() as u64])
                .collect();
            let sensed = workout.sensed(i);
            (!spans.is_empty()).then(|| StepRecord {
                step: i as u32 + 1,
                part: step.part,
                phase: step.phase,
                label: step.label.clone(),
                outcome: *outcome,
                spans,
                speed_kmh: step.speed.map(kmh),
                incline: step.incline,
                distance_m: workout.distance(i),
                heart_rate: sensed.and_then(|s| s.average_bpm()).map(clamp_u8),
                peak_heart_rate: sensed.map(|s| clamp_u8(s.peak_bpm)).filter(|&p| p > 0),
                cadence: sensed.and_then(|s| s.average_cadence()),
                target_cadence: step
                    .cadence
                    .and_then(|c| c.spm(facts.own_cadence))
                    .map(|spm| spm.min(u32::from(u16::MAX)) as u16),
                belt_kmh: sensed
                    .and_then(|s| s.average_belt_speed())
                    .map(|hundredths| f32::from(hundredths) / 100.0),
            })
        })
        .collect()
}

fn clamp_u8(value: u16) -> u8 {
    value.min(u16::from(u8::MAX)) as u8
}
