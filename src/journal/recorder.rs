//! Keeps a real session on disk while it runs: a checkpoint at every phase
//! change, on pause and every 15 s; the journal record when it ends. A write
//! that fails is said on screen and tried again; nothing is dropped silently.

use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, Local, Timelike};

use super::{Checkpoint, Journal, SessionHeader};
use crate::coach::records::{Record, SessionFacts, SessionRecord};
use crate::workout::Workout;

/// How often the checkpoint is refreshed while the clock runs.
pub const CHECKPOINT_EVERY: Duration = Duration::from_secs(15);
/// How soon a failed journal write is tried again.
pub const RETRY_EVERY: Duration = Duration::from_secs(5);

pub struct Recorder {
    dir: PathBuf,
    journal: Journal,
    header: SessionHeader,
    last_checkpoint: Option<Instant>,
    /// The record, until it is in the journal.
    pending: Option<Record>,
    last_try: Option<Instant>,
    checkpoint_failed: bool,
}

/// What the screen should say about the history, if anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    Recorded,
    Failed(String),
}

/// Local time with its offset, to the second (the id keeps the milliseconds).
pub fn now_local() -> DateTime<FixedOffset> {
    let now = Local::now().fixed_offset();
    now.with_nanosecond(0).unwrap_or(now)
}

impl Recorder {
    pub fn new(dir: &Path, header: SessionHeader) -> Recorder {
        Recorder {
            dir: dir.to_path_buf(),
            journal: Journal::new(dir),
            header,
            last_checkpoint: None,
            pending: None,
            last_try: None,
            checkpoint_failed: false,
        }
    }

    /// The screen already says the dir cannot be written: a failing
    /// checkpoint need not say it again.
    pub fn already_warned(mut self) -> Self {
        self.checkpoint_failed = true;
        self
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn header(&self) -> &SessionHeader {
        &self.header
    }

    /// The session became a walk or a circuit instead of the run.
    pub fn set_instead(&mut self, instead: Option<crate::workout::Instead>) {
        self.header.info.instead = instead;
    }

    /// Saves where the session stands if `force` or the last save is 15 s old.
    /// Returns a message the first time saving fails.
    pub fn checkpoint(
        &mut self,
        workout: &Workout,
        now: Instant,
        real: Instant,
        force: bool,
    ) -> Option<String> {
        let due = force
            || self
                .last_checkpoint
                .is_none_or(|last| real >= last + CHECKPOINT_EVERY);
        let snapshot = workout.snapshot(now)?;
        if !due {
            return None;
        }
        self.last_checkpoint = Some(real);
        let checkpoint = Checkpoint {
            header: self.header.clone(),
            saved: now_local(),
            snapshot,
        };
        match checkpoint.save(&self.dir) {
            Ok(()) => {
                self.checkpoint_failed = false;
                None
            }
            Err(err) if !self.checkpoint_failed => {
                self.checkpoint_failed = true;
                Some(format!(
                    "Progress could not be saved ({err}); the session goes on."
                ))
            }
            Err(_) => None,
        }
    }

    /// When the next save is due: a retry of the pending record, else the
    /// next checkpoint while the clock runs.
    pub fn next_due(&self, real: Instant) -> Instant {
        if self.pending.is_some() {
            return self.last_try.map_or(real, |last| last + RETRY_EVERY);
        }
        self.last_checkpoint
            .map_or(real, |last| last + CHECKPOINT_EVERY)
    }

    /// The session ended: writes its record, then drops the checkpoint.
    pub fn finish(&mut self, workout: &Workout, now: Instant, real: Instant) -> Saved {
        let summary = workout.summary(now);
        let facts = SessionFacts {
            id: self.header.id.clone(),
            program: &self.header.info.program,
            program_hash: self.header.program_hash.clone(),
            program_id: self.header.program_id.clone(),
            session: self.header.session,
            off_plan: self.header.off_plan,
            instead: self.header.info.instead,
            started: self.header.started,
            ended: now_local(),
            resumed: self.header.resumed,
        };
        self.pending = Some(Record::Session(SessionRecord::new(
            facts, workout, &summary,
        )));
        self.retry(real).unwrap_or(Saved::Recorded)
    }

    /// Tries a pending record again; None when nothing is pending.
    pub fn retry(&mut self, real: Instant) -> Option<Saved> {
        let record = self.pending.as_ref()?;
        self.last_try = Some(real);
        match self.journal.append(record) {
            Ok(()) => {
                self.pending = None;
                let _ = Checkpoint::remove(&self.dir);
                Some(Saved::Recorded)
            }
            Err(err) => Some(Saved::Failed(err.to_string())),
        }
    }

    pub fn is_pending(&self) -> bool {
        self.pending.is_some()
    }

    /// Last resort when leaving with the journal still unwritable: the record
    /// goes to a file of its own, in the data dir or the temp dir, and failing
    /// both comes back as text for the terminal.
    pub fn write_elsewhere(&mut self) -> Result<PathBuf, String> {
        let Some(record) = self.pending.take() else {
            return Err(String::new());
        };
        write_elsewhere(&self.dir, self.header.started, &record)
    }
}

/// A record the journal would not take, appended to a file of the session's
/// own in the data dir or the temp dir; failing both, the record as text.
pub fn write_elsewhere(
    dir: &Path,
    started: DateTime<FixedOffset>,
    record: &Record,
) -> Result<PathBuf, String> {
    let name = format!("unsaved-session-{}.jsonl", started.format("%Y%m%dT%H%M%S"));
    for dir in [dir.to_path_buf(), std::env::temp_dir()] {
        let journal = Journal {
            path: dir.join(&name),
        };
        if journal.append(record).is_ok() {
            return Ok(journal.path);
        }
    }
    Err(serde_json::to_string(record).unwrap_or_default())
}

/// A fresh session's unique id: its start to the millisecond (the lock keeps
/// to one session at a time).
pub fn session_id() -> String {
    Local::now().format("%Y-%m-%dT%H:%M:%S%.3f%:z").to_string()
}

/// Records a checkpoint's session as ended early, for one not resumed.
pub fn record_interrupted(dir: &Path, checkpoint: Checkpoint, reason: &str) -> io::Result<()> {
    let now = Instant::now();
    let thresholds = crate::workout::PainThresholds {
        red: checkpoint.header.info.red_pain,
        stop: checkpoint.header.info.stop_pain,
    };
    let mut workout = Workout::resume_from(checkpoint.snapshot, thresholds, now);
    workout.end_early(now, reason);
    let header = checkpoint.header;
    let facts = SessionFacts {
        id: header.id.clone(),
        program: &header.info.program,
        program_hash: header.program_hash.clone(),
        program_id: header.program_id.clone(),
        session: header.session,
        off_plan: header.off_plan,
        instead: header.info.instead,
        started: header.started,
        ended: checkpoint.saved,
        resumed: header.resumed,
    };
    let record = SessionRecord::new(facts, &workout, &workout.summary(now));
    Journal::new(dir).append(&Record::Session(record))?;
    Checkpoint::remove(dir)
}
