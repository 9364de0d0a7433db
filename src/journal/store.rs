//! The one way facts are written: under the lock, each line whole or not
//! at all, and what the journal will not take (a full disk) kept in a file
//! of unsaved facts that the next start merges back, once.

use std::collections::HashSet;
use std::hash::{BuildHasher, Hash, Hasher};
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};

use super::{DataLock, Journal, LockError, line_of};
use crate::coach::records::{Record, SessionRecord};

/// Files of unsaved facts start with this; the rest of the name is the
/// time they were made and a random part, so none can be guessed.
const UNSAVED_PREFIX: &str = "unsaved-";

pub struct Store {
    dir: PathBuf,
    journal: Journal,
    /// None when the data dir cannot be locked (read-only): writes are
    /// still tried, and kept elsewhere when they fail.
    _lock: Option<DataLock>,
    /// Why there is no lock, when there is none.
    unlocked: Option<String>,
    /// This run's file of unsaved facts, once one was needed.
    unsaved: Option<PathBuf>,
    /// Where every finished session is exported as TCX (`export_dir`).
    export_dir: Option<PathBuf>,
}

/// Where a fact went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kept {
    Journal,
    /// The journal would not take it (why); it waits in this file.
    Elsewhere(PathBuf, String),
    /// Nowhere would take it: the record itself, for the runner to keep.
    Lost(String, String),
}

impl Kept {
    /// What to tell the runner, when anything: "" for the journal.
    pub fn note(&self) -> String {
        match self {
            Kept::Journal => String::new(),
            Kept::Elsewhere(path, why) => format!(
                "The history could not be written ({why}); this is kept in {} and added back at the next start with space.",
                crate::safe_fs::shown(path)
            ),
            Kept::Lost(record, why) => format!(
                "The history could not be written ({why}), nor a file beside it. Keep this line, it is the record: {record}"
            ),
        }
    }
}

impl Store {
    /// Takes the lock for writing. Another rtr holding it is an error; a
    /// lock that cannot be made (a read-only dir) is not.
    pub fn open(dir: &Path) -> Result<Store, LockError> {
        let (lock, unlocked) = match DataLock::acquire(dir) {
            Ok(lock) => (Some(lock), None),
            Err(held @ LockError::Held(_)) => return Err(held),
            Err(LockError::Io(err)) => (None, Some(err.to_string())),
        };
        Ok(Store {
            dir: dir.to_path_buf(),
            journal: Journal::new(dir),
            _lock: lock,
            unlocked,
            unsaved: None,
            export_dir: None,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Why the data dir could not be locked, when it could not.
    pub fn unlocked(&self) -> Option<&str> {
        self.unlocked.as_deref()
    }

    /// Keeps a session's record ([`Store::keep`]), then exports it as TCX
    /// into the folder of [`Store::export_sessions_to`], if any; a failure
    /// to export goes to `rtr.log`.
    pub fn keep_session(&mut self, session: SessionRecord) -> Kept {
        let record = Record::Session(session);
        let kept = self.keep(&record);
        if let (Record::Session(session), Some(dir)) = (&record, &self.export_dir)
            && let Err(why) = crate::export::save(dir, session)
        {
            crate::log::Log::open(&self.dir).write(&format!("export_dir: {why}"));
        }
        kept
    }

    /// From now on, every session kept is exported as TCX into `dir` too.
    pub fn export_sessions_to(&mut self, dir: Option<PathBuf>) {
        self.export_dir = dir;
    }

    /// Writes a fact to the journal, or failing that to the file of unsaved
    /// facts; says where it went.
    pub fn keep(&mut self, record: &Record) -> Kept {
        let line = match line_of(record) {
            Ok(line) => line,
            Err(err) => return Kept::Lost(String::new(), err.to_string()),
        };
        let why = match self.journal.append_line(&line) {
            Ok(()) => return Kept::Journal,
            Err(err) => err.to_string(),
        };
        match self.keep_aside(&line) {
            Ok(path) => Kept::Elsewhere(path, why),
            Err(_) => Kept::Lost(line, why),
        }
    }

    /// Appends a line to this run's file of unsaved facts, made the first
    /// time in the data dir, else in a private temp dir.
    fn keep_aside(&mut self, line: &str) -> io::Result<PathBuf> {
        if let Some(path) = &self.unsaved
            && Journal::at(path).append_line(line).is_ok()
        {
            return Ok(path.clone());
        }
        let mut last = io::Error::other("no place for unsaved facts");
        for dir in [Some(self.dir.clone()), private_temp_dir(&self.dir).ok()]
            .into_iter()
            .flatten()
        {
            let path = dir.join(fresh_name());
            let made = crate::safe_fs::create_private_new(&path)
                .and_then(|_| Journal::at(&path).append_line(line));
            match made {
                Ok(()) => {
                    self.unsaved = Some(path.clone());
                    return Ok(path);
                }
                Err(err) => {
                    let _ = std::fs::remove_file(&path);
                    last = err;
                }
            }
        }
        Err(last)
    }

    /// Adds the facts of earlier files of unsaved facts to the journal,
    /// each once (a line the journal has already is not added again), and
    /// removes each file once it is merged. Returns what to tell the runner.
    pub fn merge_unsaved(&mut self) -> Vec<String> {
        let mut files = unsaved_files(&self.dir);
        // Looked at only if it is there (and still the user's alone).
        let temp = temp_dir_for(&self.dir);
        if temp.is_dir() && crate::safe_fs::check_private_dir(&temp).is_ok() {
            files.extend(unsaved_files(&temp));
        }
        files.retain(|f| Some(f) != self.unsaved.as_ref());
        if files.is_empty() {
            return Vec::new();
        }
        // Oldest first, by the time in their names.
        files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
        let mut known = match self.journal_lines() {
            Ok(known) => known,
            Err(err) => {
                return vec![format!(
                    "Unsaved facts wait: the history cannot be read ({err})."
                )];
            }
        };
        let mut notes = Vec::new();
        for file in files {
            match self.merge_file(&file, &mut known) {
                Ok(0) => {}
                Ok(added) => notes.push(format!(
                    "{added} unsaved {} from {} added to the history.",
                    if added == 1 { "fact" } else { "facts" },
                    crate::safe_fs::shown(&file)
                )),
                Err(err) => notes.push(format!(
                    "Unsaved facts still wait in {}: {err}.",
                    crate::safe_fs::shown(&file)
                )),
            }
        }
        notes
    }

    fn merge_file(&mut self, file: &Path, known: &mut HashSet<u64>) -> io::Result<usize> {
        let reader = BufReader::new(crate::safe_fs::open_private_read(file)?);
        let mut added = 0;
        for line in reader.lines() {
            let line = line?;
            let line = line.trim();
            // Only whole lines were ever written; anything else is skipped.
            if line.is_empty() || super::parse_line(line).is_err() {
                continue;
            }
            if known.insert(fingerprint(line)) {
                self.journal.append_line(line)?;
                added += 1;
            }
        }
        std::fs::remove_file(file)?;
        Ok(added)
    }

    /// A fingerprint of every line of the journal, to add nothing twice.
    fn journal_lines(&self) -> io::Result<HashSet<u64>> {
        let mut known = HashSet::new();
        let file = match crate::safe_fs::open_private_read(self.journal.path()) {
            Ok(file) => file,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(known),
            Err(err) => return Err(err),
        };
        for line in BufReader::new(file).split(b'\n') {
            let line = line?;
            known.insert(fingerprint(String::from_utf8_lossy(&line).trim()));
        }
        Ok(known)
    }
}

/// `$TMPDIR/rtr-UID/DIRHASH` for `data_dir`, made or not.
fn temp_dir_for(data_dir: &Path) -> PathBuf {
    let user = std::env::temp_dir().join(format!("rtr-{}", crate::safe_fs::current_uid()));
    let whose = std::path::absolute(data_dir).unwrap_or_else(|_| data_dir.to_path_buf());
    let hash = crate::program::content_hash(&whose.to_string_lossy());
    user.join(hash.trim_start_matches("fnv1a64:"))
}

/// A fingerprint of a line, to add none twice in one merge.
fn fingerprint(line: &str) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    line.hash(&mut hasher);
    hasher.finish()
}

/// "unsaved-20261201T101500-9f86d081884c7d65.jsonl": when, and a part no
/// one can guess (the process's random hashing keys).
fn fresh_name() -> String {
    let random = std::collections::hash_map::RandomState::new()
        .hash_one((std::process::id(), std::time::SystemTime::now()));
    let when = chrono::Utc::now().format("%Y%m%dT%H%M%S");
    format!("{UNSAVED_PREFIX}{when}-{random:016x}.jsonl")
}

fn unsaved_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(UNSAVED_PREFIX) && n.ends_with(".jsonl"))
        })
        .collect()
}

/// Where the facts of `data_dir` wait when the data dir itself is full:
/// `$TMPDIR/rtr-UID/DIRHASH`, made 0700, used only if it is the user's
/// alone (another user cannot have made it first). One a data dir, so that
/// facts only ever go back where they came from.
pub fn private_temp_dir(data_dir: &Path) -> io::Result<PathBuf> {
    let dir = temp_dir_for(data_dir);
    crate::safe_fs::create_private_dir_all(&dir)?;
    let user = dir.parent().unwrap_or(&dir);
    for dir in [user, &dir] {
        crate::safe_fs::check_private_dir(dir)
            .map_err(|problem| io::Error::other(problem.to_string()))?;
    }
    Ok(dir)
}
