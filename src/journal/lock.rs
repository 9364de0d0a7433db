//! One writer at a time: whoever writes to the journal holds an exclusive
//! lock on `lock` in the data dir (a session for its whole length, a
//! command for its one write); another rtr finds it taken.

use std::fs::{File, TryLockError};
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
        let mut file = crate::safe_fs::open_private_read_write(&dir.join("lock"))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut text = String::new();
                let _ = file.read_to_string(&mut text);
                return Err(LockError::Held(text.trim().parse().ok()));
            }
            Err(TryLockError::Error(err)) => return Err(err.into()),
        }
        // Who holds it, for the message a second rtr shows; the lock holds
        // even when a full disk will not take the number.
        let _ = file
            .set_len(0)
            .and_then(|()| file.rewind())
            .and_then(|()| write!(file, "{}", std::process::id()));
        Ok(DataLock { _file: file })
    }
}
