//! The session in progress, in a small file replaced atomically: where the
//! clock stands, every answer given so far, and what is in the journal
//! already. A kill at any moment loses at most the second in progress.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::coach::questions::{Answers, Ask};
use crate::program::SessionId;
use crate::workout::{SessionInfo, Snapshot};

pub const CHECKPOINT_FILE: &str = "checkpoint.json";
/// An interruption older than this is recorded as ended early, not resumed.
pub const CHECKPOINT_MAX_AGE_HOURS: i64 = 12;
/// A checkpoint is a few kilobytes; one past this is not read.
const MAX_CHECKPOINT_BYTES: u64 = 4 * 1024 * 1024;

/// What a real session is, besides its steps: enough to record it or pick
/// it up again without the program file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SessionHeader {
    pub id: String,
    pub program_hash: String,
    /// The program's id (empty in a checkpoint older than program ids).
    #[serde(default)]
    pub program_id: String,
    pub session: SessionId,
    /// Not the coach's next session: run by choice.
    #[serde(default)]
    pub off_plan: bool,
    pub started: DateTime<FixedOffset>,
    pub resumed: bool,
    pub info: SessionInfo,
}

/// The questions as they stood, and which facts the journal has already.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asked {
    pub asking: Option<Ask>,
    pub answers: Answers,
    /// The journal has the session's record (its steps ended).
    pub session_recorded: bool,
    /// The journal has the answers after the run.
    pub run_recorded: bool,
    /// The journal has the rating after the circuit.
    pub circuit_recorded: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Checkpoint {
    pub header: SessionHeader,
    pub saved: DateTime<FixedOffset>,
    pub snapshot: Snapshot,
    #[serde(default)]
    pub asked: Asked,
}

fn path(dir: &Path) -> PathBuf {
    dir.join(CHECKPOINT_FILE)
}

impl Checkpoint {
    /// Writes a temp file and renames it over the old one: the checkpoint
    /// on disk is always whole. `durable` also fsyncs file and dir (a fact
    /// changed); without it a kill still finds it, a power cut may not.
    pub fn save(&self, dir: &Path, durable: bool) -> io::Result<()> {
        let text = serde_json::to_vec(self).map_err(io::Error::other)?;
        crate::safe_fs::replace_whole(&path(dir), &text, durable)
    }

    /// The checkpoint, if there is one. One that cannot be read, or does
    /// not hold together, is moved aside under a name of its own (never
    /// deleted, never over another) and reported.
    pub fn load(dir: &Path) -> io::Result<Option<Result<Checkpoint, String>>> {
        let mut file = match crate::safe_fs::open_private_read(&path(dir)) {
            Ok(file) => file,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(err) => return Err(err),
        };
        let mut text = String::new();
        Read::by_ref(&mut file)
            .take(MAX_CHECKPOINT_BYTES)
            .read_to_string(&mut text)?;
        match parse(&text) {
            Ok(checkpoint) => Ok(Some(Ok(checkpoint))),
            Err(why) => {
                let aside = dir.join(format!(
                    "{CHECKPOINT_FILE}.unreadable-{}",
                    chrono::Utc::now().format("%Y%m%dT%H%M%S%.6f")
                ));
                fs::rename(path(dir), &aside)?;
                Ok(Some(Err(format!(
                    "the checkpoint of an interrupted session could not be used ({why}); it was moved to {}",
                    crate::safe_fs::shown(&aside)
                ))))
            }
        }
    }

    pub fn remove(dir: &Path) -> io::Result<()> {
        match fs::remove_file(path(dir)) {
            Err(err) if err.kind() != io::ErrorKind::NotFound => Err(err),
            _ => Ok(()),
        }
    }
}

/// A checkpoint from its text, control characters taken out of its
/// strings, checked to hold together.
fn parse(text: &str) -> Result<Checkpoint, String> {
    let text = super::without_control_characters(text)?;
    let checkpoint: Checkpoint = serde_json::from_str(&text).map_err(|err| err.to_string())?;
    match checkpoint.snapshot.problem() {
        Some(problem) => Err(problem),
        None => Ok(checkpoint),
    }
}
