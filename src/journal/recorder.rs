//! Keeps a real session on disk while it runs: the checkpoint every second
//! while the clock runs and at once (fsynced) whenever a fact changes; the
//! session's record when its steps end; the checkpoint gone only when
//! nothing is left to ask. A write that fails is said on screen, and the
//! fact kept in the file of unsaved facts; nothing is dropped silently.

use std::io;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, Local, Timelike};

use super::{Asked, Checkpoint, Journal, Kept, SessionHeader, Store};
use crate::coach::records::{Record, SessionFacts, SessionRecord, VoidRecord};
use crate::workout::{Ending, PainThresholds, Workout};

/// How often the checkpoint is refreshed while the clock runs.
pub const CHECKPOINT_EVERY: Duration = Duration::from_secs(1);

pub struct Recorder<'s> {
    store: &'s mut Store,
    header: SessionHeader,
    last_save: Option<Instant>,
    /// The checkpoint is on disk (and must go when the session is settled).
    saved: bool,
    save_failed: bool,
}

/// Local time with its offset, to the second (the id keeps the milliseconds).
pub fn now_local() -> DateTime<FixedOffset> {
    let now = Local::now().fixed_offset();
    now.with_nanosecond(0).unwrap_or(now)
}

impl<'s> Recorder<'s> {
    pub fn new(store: &'s mut Store, header: SessionHeader) -> Recorder<'s> {
        Recorder {
            store,
            header,
            last_save: None,
            saved: false,
            save_failed: false,
        }
    }

    /// The screen already says the dir cannot be written: a failing
    /// checkpoint need not say it again.
    pub fn already_warned(mut self) -> Self {
        self.save_failed = true;
        self
    }

    pub fn store(&mut self) -> &mut Store {
        self.store
    }

    pub fn header(&self) -> &SessionHeader {
        &self.header
    }

    /// The session became a walk or a circuit instead of the run.
    pub fn set_instead(&mut self, instead: Option<crate::workout::Instead>) {
        self.header.info.instead = instead;
    }

    /// Saves where the session stands and what was asked; `durable` when a
    /// fact changed. Returns a message the first time saving fails.
    pub fn save(
        &mut self,
        workout: &Workout,
        asked: &Asked,
        now: Instant,
        real: Instant,
        durable: bool,
    ) -> Option<String> {
        let snapshot = workout.snapshot(now)?;
        self.last_save = Some(real);
        let checkpoint = Checkpoint {
            header: self.header.clone(),
            saved: now_local(),
            snapshot,
            asked: asked.clone(),
        };
        match checkpoint.save(self.store.dir(), durable) {
            Ok(()) => {
                self.saved = true;
                self.save_failed = false;
                None
            }
            Err(err) if !self.save_failed => {
                self.save_failed = true;
                Some(format!(
                    "Progress could not be saved ({err}); the session goes on."
                ))
            }
            Err(_) => None,
        }
    }

    /// When the next save of a running clock is due.
    pub fn next_due(&self, real: Instant) -> Instant {
        self.last_save.map_or(real, |last| last + CHECKPOINT_EVERY)
    }

    /// The steps ended: the session's record goes to the journal.
    pub fn record_session(&mut self, workout: &Workout, now: Instant) -> Kept {
        let record = session_record(&self.header, workout, now, now_local());
        self.store.keep_session(record)
    }

    /// Nothing is left to ask: the checkpoint goes.
    pub fn settle(&mut self) {
        if self.saved && Checkpoint::remove(self.store.dir()).is_ok() {
            self.saved = false;
        }
    }

    /// Whether the session waits on disk to be picked up again.
    pub fn resumable(&self) -> bool {
        self.saved
    }

    /// The runner chose to keep nothing: what the journal has of the
    /// session is voided, and the checkpoint goes.
    pub fn discard(&mut self, asked: &Asked) -> Kept {
        let written = asked.session_recorded || asked.run_recorded || asked.circuit_recorded;
        let kept = void(self.store, &self.header.id, written);
        self.saved = true;
        self.settle();
        kept
    }
}

/// A void record for the session, when anything of it was `written`.
pub fn void(store: &mut Store, session_id: &str, written: bool) -> Kept {
    if !written {
        return Kept::Journal;
    }
    store.keep(&Record::Void(VoidRecord {
        session_id: session_id.to_string(),
        at: now_local(),
    }))
}

fn session_record(
    header: &SessionHeader,
    workout: &Workout,
    now: Instant,
    ended: DateTime<FixedOffset>,
) -> SessionRecord {
    let facts = SessionFacts {
        id: header.id.clone(),
        program: &header.info.program,
        program_hash: header.program_hash.clone(),
        program_id: header.program_id.clone(),
        session: header.session,
        off_plan: header.off_plan,
        instead: header.info.instead,
        started: header.started,
        ended,
        resumed: header.resumed,
        speed_unit: header.info.speed_unit,
        own_cadence: header.info.own_cadence,
    };
    SessionRecord::new(facts, workout, &workout.summary(now))
}

/// A fresh session's unique id: its start to the millisecond (the lock keeps
/// to one session at a time).
pub fn session_id() -> String {
    Local::now().format("%Y-%m-%dT%H:%M:%S%.3f%:z").to_string()
}

/// A checkpoint's session ended where it stood, for one not picked up
/// again: its record, if the journal has none yet. The checkpoint stays
/// until the caller has recorded the answers too.
pub fn record_interrupted(
    store: &mut Store,
    checkpoint: &Checkpoint,
    ending: Ending,
) -> io::Result<Workout> {
    let thresholds = PainThresholds {
        red: checkpoint.header.info.red_pain,
        stop: checkpoint.header.info.stop_pain,
    };
    let now = Instant::now();
    let workout = Workout::ended_from(checkpoint.snapshot.clone(), thresholds, ending, now);
    let recorded = checkpoint.asked.session_recorded
        || Journal::new(store.dir())
            .recent_has(&checkpoint.header.id, "session")
            .unwrap_or(false);
    if !recorded {
        let record = session_record(&checkpoint.header, &workout, now, checkpoint.saved);
        if let Kept::Lost(_, why) = store.keep_session(record) {
            return Err(io::Error::other(why));
        }
    }
    Ok(workout)
}
