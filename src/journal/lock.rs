//! One writer at a time: a session holds an exclusive lock on `lock` in the
//! data dir; a second rtr finds it taken and stays read-only.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, Write};
use std::path::Path;

pub struct DataLock {
    // The lock lasts as long as the open file.
    _file: File,
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("another rtr{} is running a session with this data dir", pid_text(.0))]
    Held(Option<u32>),
    #[error("cannot lock the data dir: {0}")]
    Io(#[from] io::Error),
}

fn pid_text(pid: &Option<u32>) -> String {
    pid.map(|p| format!(" (process {p})")).unwrap_or_default()
}

impl DataLock {
    pub fn acquire(dir: &Path) -> Result<DataLock, LockError> {
        let mut options = OpenOptions::new();
        options.create(true).truncate(false).read(true).write(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(dir.join("lock"))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut text = String::new();
                let _ = file.read_to_string(&mut text);
                return Err(LockError::Held(text.trim().parse().ok()));
            }
            Err(TryLockError::Error(err)) => return Err(err.into()),
        }
        // Who holds it, for the message a second rtr shows.
        file.set_len(0)?;
        file.rewind()?;
        write!(file, "{}", std::process::id())?;
        Ok(DataLock { _file: file })
    }
}
