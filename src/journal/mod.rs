//! The history on disk: an append-only journal of JSON lines, the checkpoint
//! of the session in progress, and the lock that keeps to one writer.

mod checkpoint;
mod lock;
mod recorder;
mod store;

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::coach::records::{FORMAT_VERSION, Record};

pub use checkpoint::{Asked, CHECKPOINT_FILE, CHECKPOINT_MAX_AGE_HOURS, Checkpoint, SessionHeader};
pub use lock::{DataLock, LockError};
pub use recorder::{Recorder, now_local, record_interrupted, session_id, void};
pub use store::{Kept, Store, private_temp_dir};

pub const JOURNAL_FILE: &str = "journal.jsonl";
/// How every session line this version writes begins.
pub const SESSION_PREFIX: &str = "{\"v\":1,\"kind\":\"session\",";

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

/// What every version of every record has: read first (cheaply, the rest of
/// the line is skipped), to know what to read the line as.
#[derive(Deserialize)]
struct Head<'a> {
    v: Option<u32>,
    #[serde(borrow)]
    kind: Option<std::borrow::Cow<'a, str>>,
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

    /// A file of journal lines elsewhere (the unsaved facts).
    fn at(path: &Path) -> Journal {
        Journal {
            path: path.to_path_buf(),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one record as one line, whole or not at all: a single write,
    /// then fsync; if either fails (a full disk), the file is cut back to
    /// where it was and the error returned. Nothing is read but the last
    /// byte, to start on a fresh line after a torn one.
    pub fn append(&self, record: &Record) -> io::Result<()> {
        self.append_line(&line_of(record)?)
    }

    /// Appends a line of text (one record, without its newline) whole.
    pub fn append_line(&self, line: &str) -> io::Result<()> {
        let mut file = crate::safe_fs::open_private_append(&self.path)?;
        let len = file.metadata()?.len();
        let mut text = String::with_capacity(line.len() + 2);
        if !ends_with_newline(&mut file, len)? {
            text.push('\n');
        }
        text.push_str(line);
        text.push('\n');
        let written = file
            .write_all(text.as_bytes())
            .and_then(|()| file.sync_data());
        if let Err(err) = written {
            // Whole or absent: a half line would be torn for good.
            let _ = file.set_len(len).and_then(|()| file.sync_data());
            return Err(err);
        }
        Ok(())
    }

    /// Reads every record in order, handing each to `visit` with its line
    /// number; lines that cannot be read come back as warnings.
    pub fn read(&self, visit: impl FnMut(usize, Record)) -> io::Result<Vec<Warning>> {
        self.read_lines(false, visit)
    }

    /// The same without the session records, which the coach does not read:
    /// their lines are skipped unparsed, so a long history replays fast.
    pub fn read_without_sessions(
        &self,
        visit: impl FnMut(usize, Record),
    ) -> io::Result<Vec<Warning>> {
        self.read_lines(true, visit)
    }

    fn read_lines(
        &self,
        skip_sessions: bool,
        visit: impl FnMut(usize, Record),
    ) -> io::Result<Vec<Warning>> {
        self.read_custom(
            |_, text| skip_sessions && text.starts_with(SESSION_PREFIX),
            visit,
        )
    }

    /// Reads every line; `take(offset, text)` may take a line itself (true),
    /// else it is read as a record and handed to `visit`. `offset` is where
    /// the line starts, for [`Journal::record_at`].
    pub fn read_custom(
        &self,
        mut take: impl FnMut(u64, &str) -> bool,
        mut visit: impl FnMut(usize, Record),
    ) -> io::Result<Vec<Warning>> {
        let file = match crate::safe_fs::open_private_read(&self.path) {
            Ok(file) => file,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(err) => return Err(err),
        };
        let mut reader = BufReader::with_capacity(1 << 16, file);
        let mut warnings = Vec::new();
        let mut buf = Vec::new();
        let mut number = 0;
        let mut offset = 0u64;
        loop {
            buf.clear();
            let read = reader.read_until(b'\n', &mut buf)?;
            if read == 0 {
                break;
            }
            let start = offset;
            offset += read as u64;
            number += 1;
            let torn = buf.last() != Some(&b'\n');
            let text = match std::str::from_utf8(&buf) {
                Ok(text) => text.trim(),
                Err(_) => {
                    warnings.push(self.warning(number, "not UTF-8 text".to_string()));
                    continue;
                }
            };
            if text.is_empty() {
                continue;
            }
            if torn {
                // Said even for a line read only in part: it stays as it is.
                let message = "the last line is cut short (rtr stopped while writing it?)";
                warnings.push(self.warning(number, message.to_string()));
                continue;
            }
            if take(start, text) {
                continue;
            }
            match parse_line(text) {
                Ok(record) => visit(number, record),
                Err(message) => warnings.push(self.warning(number, message)),
            }
        }
        Ok(warnings)
    }

    /// Whether one of the last records is the `kind` record of session
    /// `id` (`{"v":1,"kind":"answers","session_id":"…"`): a fact already
    /// written must not be written twice. Reads only the tail.
    pub fn recent_has(&self, id: &str, kind: &str) -> io::Result<bool> {
        let key = if kind == "session" {
            "id"
        } else {
            "session_id"
        };
        let needle = format!(
            "{{\"v\":{FORMAT_VERSION},\"kind\":\"{kind}\",\"{key}\":{}",
            serde_json::to_string(id).map_err(io::Error::other)?
        );
        self.tail_contains(&needle)
    }

    /// Whether one of the last records names the session `id` at all.
    pub fn recent_mentions(&self, id: &str) -> io::Result<bool> {
        let quoted = serde_json::to_string(id).map_err(io::Error::other)?;
        Ok(self.tail_contains(&format!("\"id\":{quoted}"))?
            || self.tail_contains(&format!("\"session_id\":{quoted}"))?)
    }

    fn tail_contains(&self, needle: &str) -> io::Result<bool> {
        let tail = self.tail()?;
        Ok(tail
            .split(|b| *b == b'\n')
            .any(|line| String::from_utf8_lossy(line).contains(needle)))
    }

    /// The record of the line that starts at `offset`.
    pub fn record_at(&self, offset: u64) -> io::Result<Record> {
        let mut file = crate::safe_fs::open_private_read(&self.path)?;
        file.seek(SeekFrom::Start(offset))?;
        let mut line = Vec::new();
        BufReader::new(file).read_until(b'\n', &mut line)?;
        let text = String::from_utf8_lossy(&line);
        parse_line(text.trim()).map_err(io::Error::other)
    }

    /// The last session record, read from the tail of the file only.
    pub fn last_session(&self) -> io::Result<Option<crate::coach::records::SessionRecord>> {
        let tail = self.tail()?;
        Ok(tail
            .split(|b| *b == b'\n')
            .rev()
            .filter_map(|line| std::str::from_utf8(line).ok())
            .find_map(|line| match parse_line(line.trim()) {
                Ok(Record::Session(session)) => Some(session),
                _ => None,
            }))
    }

    /// The last 256 KiB of the journal: the recent records, whatever its length.
    fn tail(&self) -> io::Result<Vec<u8>> {
        const TAIL: u64 = 256 * 1024;
        let mut file = match crate::safe_fs::open_private_read(&self.path) {
            Ok(file) => file,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(err) => return Err(err),
        };
        let len = file.metadata()?.len();
        file.seek(SeekFrom::Start(len.saturating_sub(TAIL)))?;
        let mut tail = Vec::new();
        file.read_to_end(&mut tail)?;
        Ok(tail)
    }

    fn warning(&self, line: usize, message: String) -> Warning {
        Warning {
            file: self.path.clone(),
            line,
            message,
        }
    }
}

/// One line as a record: its head says what it is, then it is read as that.
fn parse_line(text: &str) -> Result<Record, String> {
    // rtr never writes a control character (an escape code in a name would
    // reach the terminal): a line that has one is read with them taken out.
    if has_control_escape(text) {
        return parse_line(&without_control_characters(text)?);
    }
    // The form this version writes says its kind first: read it as that
    // at once, without reading the head apart.
    if let Some(kind) = written_kind(text)
        && let Ok(record) = parse_kind(kind, text)
    {
        return Ok(record);
    }
    let head: Head = serde_json::from_str(text).map_err(|err| format!("not a record: {err}"))?;
    match head.v {
        Some(v) if v > FORMAT_VERSION => {
            return Err(format!(
                "written by a newer rtr (format {v}; this one reads up to {FORMAT_VERSION}): update rtr to read it"
            ));
        }
        Some(_) => {}
        None => return Err("not a record: it has no format version \"v\"".to_string()),
    }
    match head.kind.as_deref() {
        Some(kind) => parse_kind(kind, text).map_err(|err| match err {
            Unread::Unknown => {
                format!("a record of an unknown kind \"{kind}\" (from a newer rtr?)")
            }
            Unread::Bad(err) => format!("a record this rtr cannot read: {err}"),
        }),
        None => Err("not a record: it has no \"kind\"".to_string()),
    }
}

/// Whether a JSON line has an escaped control character in a string:
/// `\u001b`, `\n`, `\t`... (raw ones are not valid JSON).
fn has_control_escape(text: &str) -> bool {
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('u') => {
                    let code: String = chars.clone().take(4).collect();
                    let control = u32::from_str_radix(&code, 16)
                        .ok()
                        .and_then(char::from_u32)
                        .is_some_and(char::is_control);
                    if control {
                        return true;
                    }
                }
                Some('n' | 't' | 'r' | 'b' | 'f') => return true,
                _ => {}
            }
        }
    }
    false
}

/// The line again, with every control character in its strings made a space.
fn without_control_characters(text: &str) -> Result<String, String> {
    fn clean(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::String(s) => {
                *s = s
                    .chars()
                    .map(|c| if c.is_control() { ' ' } else { c })
                    .collect();
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(clean),
            serde_json::Value::Object(map) => map.values_mut().for_each(clean),
            _ => {}
        }
    }
    let mut value: serde_json::Value =
        serde_json::from_str(text).map_err(|err| format!("not a record: {err}"))?;
    clean(&mut value);
    Ok(value.to_string())
}

/// The kind of a line as this version writes it: `{"v":1,"kind":"…",`.
fn written_kind(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("{\"v\":1,\"kind\":\"")?;
    rest.split_once('"').map(|(kind, _)| kind)
}

enum Unread {
    Unknown,
    Bad(serde_json::Error),
}

/// A line read as the record of `kind`.
fn parse_kind(kind: &str, text: &str) -> Result<Record, Unread> {
    fn as_<T: serde::de::DeserializeOwned>(
        text: &str,
        wrap: fn(T) -> Record,
    ) -> Result<Record, Unread> {
        serde_json::from_str(text).map(wrap).map_err(Unread::Bad)
    }
    match kind {
        "session" => as_(text, Record::Session),
        "answers" => as_(text, Record::Answers),
        "morning" => as_(text, Record::Morning),
        "resume" => as_(text, Record::Resume),
        "override" => as_(text, Record::Override),
        "circuit_pain" => as_(text, Record::CircuitPain),
        "start_check" => as_(text, Record::StartCheck),
        "cadence" => as_(text, Record::Cadence),
        "enroll" => as_(text, Record::Enroll),
        "not_ready" => as_(text, Record::NotReady),
        "void" => as_(text, Record::Void),
        _ => Err(Unread::Unknown),
    }
}

/// A record as the journal writes it: its format version, its kind, its
/// fields, on one line.
pub fn line_of(record: &Record) -> io::Result<String> {
    serde_json::to_string(&LineOut {
        v: FORMAT_VERSION,
        record,
    })
    .map_err(io::Error::other)
}

fn ends_with_newline(file: &mut File, len: u64) -> io::Result<bool> {
    if len == 0 {
        return Ok(true);
    }
    file.seek(SeekFrom::Start(len - 1))?;
    let mut last = [0u8];
    file.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}
