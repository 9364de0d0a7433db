//! The facts of a runner's history, as the journal stores them: one record a
//! line, each with a format version and a kind, so that a newer kind or
//! version is kept and reported by an older rtr, never dropped.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{Fact, RunFacts};
use crate::program::SessionId;
use crate::workout::{Outcome, Part, Phase, Summary, Workout, round_secs};

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
    pub pain: u8,
}

/// The exercises that hurt (a `!` during them) in the last session, for the
/// advice to make them easier the next time.
pub fn painful_exercises(last: Option<&SessionRecord>) -> Vec<String> {
    let mut painful: Vec<String> = last
        .into_iter()
        .flat_map(|s| &s.pain_reports)
        .filter(|r| r.part == Part::Circuit)
        .map(|r| r.label.clone())
        .collect();
    painful.dedup();
    painful
}

/// The start check's answers, in the order of its questions: true is ready.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StartCheck {
    pub at: DateTime<FixedOffset>,
    pub answers: Vec<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverrideRecord {
    pub date: NaiveDate,
    pub session: SessionId,
    /// The day the coach said the next run could be.
    pub earliest: NaiveDate,
}

/// The pain answers around one run session (0–10 each).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunAnswers {
    /// The session record these belong to.
    pub session_id: String,
    pub session: SessionId,
    /// The day of the run, local.
    pub date: NaiveDate,
    pub before: u8,
    pub after_warmup: Option<u8>,
    pub worst: u8,
    pub after: u8,
    pub swelling_or_limp: bool,
    pub stopped_for_pain: bool,
    /// False when the session ended early.
    #[serde(default = "completed_by_default")]
    pub completed: bool,
    #[serde(default)]
    pub red_flags: Vec<String>,
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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResumeRecord {
    pub date: NaiveDate,
    pub at: DateTime<FixedOffset>,
}

/// The coach's facts from the journal's records, in order: each run's
/// answers with its next-morning answer joined to it.
pub fn facts(records: &[Record]) -> Vec<Fact> {
    let mut facts = Vec::new();
    let mut index_of = std::collections::HashMap::new();
    for record in records {
        match record {
            Record::Answers(a) => {
                index_of.insert(a.session_id.as_str(), facts.len());
                facts.push(Fact::Run(RunFacts {
                    session: a.session,
                    date: a.date,
                    before: a.before,
                    after_warmup: a.after_warmup,
                    worst: a.worst,
                    after: a.after,
                    swelling_or_limp: a.swelling_or_limp,
                    stopped_for_pain: a.stopped_for_pain,
                    completed: a.completed,
                    red_flags: a.red_flags.clone(),
                    morning: None,
                }));
            }
            Record::Morning(m) => {
                if let Some(Fact::Run(run)) = index_of
                    .get(m.session_id.as_str())
                    .and_then(|i| facts.get_mut(*i))
                {
                    run.morning = Some(m.pain);
                }
            }
            Record::Resume(r) => facts.push(Fact::Resume { date: r.date }),
            Record::Session(_)
            | Record::Override(_)
            | Record::StartCheck(_)
            | Record::Cadence(_)
            | Record::CircuitPain(_) => {}
        }
    }
    facts
}

/// A session that ran for real (never a rehearsal), when it ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionRecord {
    /// Unique: the start time to the millisecond, with the program's hash.
    pub id: String,
    pub program: String,
    /// FNV-1a of the program's text: the same id can be told apart after an edit.
    pub program_hash: String,
    pub session: SessionId,
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
    /// The steps skipped, as "3 Run" (index and label), for the detail view.
    #[serde(default)]
    pub skipped: Vec<String>,
    #[serde(default)]
    pub pain_reports: Vec<PainRecord>,
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
    pub session: SessionId,
    pub started: DateTime<FixedOffset>,
    pub ended: DateTime<FixedOffset>,
    pub resumed: bool,
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
            .map(|(i, (s, _))| format!("{} {}", i + 1, s.label))
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
        SessionRecord {
            id: facts.id,
            program: facts.program.to_string(),
            program_hash: facts.program_hash,
            session: facts.session,
            started: facts.started,
            ended: facts.ended,
            ended_early: match &summary.ending {
                Some(crate::workout::Ending::EndedEarly(reason)) => Some(reason.clone()),
                _ => None,
            },
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
        }
    }

    /// The highest pain reported during the session, if any.
    pub fn worst_pain(&self) -> Option<u8> {
        self.pain_reports.iter().map(|r| r.pain).max()
    }
}
