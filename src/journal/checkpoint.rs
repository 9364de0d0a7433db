//! The session in progress, in a small file replaced atomically, so that a
//! crash, a killed terminal or a flat battery loses at most a few seconds.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::program::SessionId;
use crate::workout::{SessionInfo, Snapshot};

pub const CHECKPOINT_FILE: &str = "checkpoint.json";
/// An interruption older than this is recorded as ended early, not resumed.
pub const CHECKPOINT_MAX_AGE_HOURS: i64 = 12;

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

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Checkpoint {
    pub header: SessionHeader,
    pub saved: DateTime<FixedOffset>,
    pub snapshot: Snapshot,
}

fn path(dir: &Path) -> PathBuf {
    dir.join(CHECKPOINT_FILE)
}

impl Checkpoint {
    /// Writes a temp file, fsyncs it, renames it over the old one and
    /// fsyncs the dir: the checkpoint on disk is always whole.
    pub fn save(&self, dir: &Path) -> io::Result<()> {
        let text = serde_json::to_vec(self).map_err(io::Error::other)?;
        let temp = dir.join(format!("{CHECKPOINT_FILE}.tmp"));
        let mut options = OpenOptions::new();
        options.create(true).write(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&temp)?;
        file.write_all(&text)?;
        file.sync_all()?;
        fs::rename(&temp, path(dir))?;
        File::open(dir)?.sync_all()
    }

    /// The checkpoint, if there is one. One that cannot be read is moved
    /// aside (never deleted) and reported.
    pub fn load(dir: &Path) -> io::Result<Option<Result<Checkpoint, String>>> {
        let text = match fs::read(path(dir)) {
            Ok(text) => text,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(err) => return Err(err),
        };
        match serde_json::from_slice(&text) {
            Ok(checkpoint) => Ok(Some(Ok(checkpoint))),
            Err(err) => {
                let aside = dir.join(format!("{CHECKPOINT_FILE}.unreadable"));
                fs::rename(path(dir), &aside)?;
                Ok(Some(Err(format!(
                    "the checkpoint of an interrupted session could not be read ({err}); it was moved to {}",
                    aside.display()
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
