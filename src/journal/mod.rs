//! The history on disk: an append-only journal of JSON lines, the checkpoint
//! of the session in progress, and the lock that keeps to one writer.

mod checkpoint;
mod lock;
mod recorder;

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::coach::records::{FORMAT_VERSION, Line, Record};

pub use checkpoint::{CHECKPOINT_FILE, CHECKPOINT_MAX_AGE_HOURS, Checkpoint, SessionHeader};
pub use lock::{DataLock, LockError};
pub use recorder::{Recorder, Saved, now_local, record_interrupted, session_id};

pub const JOURNAL_FILE: &str = "journal.jsonl";

/// A line of the journal that was not read, with why. The line stays in
/// the file as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub file: PathBuf,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: {} (the line is kept in the file)",
            self.file.display(),
            self.line,
            self.message
        )
    }
}

pub struct Journal {
    path: PathBuf,
}

/// Only what every version of every record has, to tell why a line failed.
#[derive(Deserialize)]
struct Head {
    v: Option<u32>,
    kind: Option<String>,
}

#[derive(Serialize)]
struct LineOut<'a> {
    v: u32,
    #[serde(flatten)]
    record: &'a Record,
}

impl Journal {
    pub fn new(dir: &Path) -> Journal {
        Journal {
            path: dir.join(JOURNAL_FILE),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one record as one line: a single write, then fsync. Nothing is
    /// read but the last byte, to start on a fresh line after a torn one.
    pub fn append(&self, record: &Record) -> io::Result<()> {
        let mut text = serde_json::to_string(&LineOut {
            v: FORMAT_VERSION,
            record,
        })
        .map_err(io::Error::other)?;
        text.push('\n');
        let mut options = OpenOptions::new();
        options.create(true).append(true).read(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&self.path)?;
        if !ends_with_newline(&mut file)? {
            text.insert(0, '\n');
        }
        file.write_all(text.as_bytes())?;
        file.sync_data()
    }

    /// Reads every record in order, handing each to `visit` with its line
    /// number; lines that cannot be read come back as warnings.
    pub fn read(&self, mut visit: impl FnMut(usize, Record)) -> io::Result<Vec<Warning>> {
        let file = match File::open(&self.path) {
            Ok(file) => file,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(err) => return Err(err),
        };
        let mut reader = BufReader::with_capacity(1 << 16, file);
        let mut warnings = Vec::new();
        let mut buf = Vec::new();
        let mut number = 0;
        loop {
            buf.clear();
            if reader.read_until(b'\n', &mut buf)? == 0 {
                break;
            }
            number += 1;
            let torn = buf.last() != Some(&b'\n');
            let text = String::from_utf8_lossy(&buf);
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            match serde_json::from_str::<Line>(text) {
                Ok(line) if line.v <= FORMAT_VERSION => visit(number, line.record),
                Ok(line) => warnings.push(self.warning(number, newer(line.v))),
                Err(err) => {
                    let message = if torn {
                        "the last line is cut short (rtr stopped while writing it?)".to_string()
                    } else {
                        why_unreadable(text, &err)
                    };
                    warnings.push(self.warning(number, message));
                }
            }
        }
        Ok(warnings)
    }

    /// Whether one of the last records is the session `id`: a checkpoint of a
    /// session already recorded must not count twice. Reads only the tail.
    pub fn recent_has_session(&self, id: &str) -> io::Result<bool> {
        const TAIL: u64 = 256 * 1024;
        let mut file = match File::open(&self.path) {
            Ok(file) => file,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(false),
            Err(err) => return Err(err),
        };
        let len = file.metadata()?.len();
        file.seek(SeekFrom::Start(len.saturating_sub(TAIL)))?;
        let mut tail = Vec::new();
        file.read_to_end(&mut tail)?;
        let needle = format!(
            "\"id\":{}",
            serde_json::to_string(id).map_err(io::Error::other)?
        );
        Ok(tail
            .split(|b| *b == b'\n')
            .any(|line| String::from_utf8_lossy(line).contains(&needle)))
    }

    fn warning(&self, line: usize, message: String) -> Warning {
        Warning {
            file: self.path.clone(),
            line,
            message,
        }
    }
}

fn newer(v: u32) -> String {
    format!(
        "written by a newer rtr (format {v}; this one reads up to {FORMAT_VERSION}): update rtr to read it"
    )
}

fn why_unreadable(text: &str, err: &serde_json::Error) -> String {
    match serde_json::from_str::<Head>(text) {
        Err(_) => format!("not a record: {err}"),
        Ok(Head { v: Some(v), .. }) if v > FORMAT_VERSION => newer(v),
        Ok(Head {
            kind: Some(kind), ..
        }) if !["session"].contains(&kind.as_str()) => {
            format!("a record of an unknown kind \"{kind}\" (from a newer rtr?)")
        }
        Ok(_) => format!("a record this rtr cannot read: {err}"),
    }
}

fn ends_with_newline(file: &mut File) -> io::Result<bool> {
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok(true);
    }
    file.seek(SeekFrom::Start(len - 1))?;
    let mut last = [0u8];
    file.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}
