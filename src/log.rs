//! A plain log file in the data dir: what went wrong, never on the screen.

use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

pub struct Log {
    file: Option<Mutex<File>>,
}

impl Log {
    /// Appends to `dir/rtr.log`; a log that cannot be opened is no log.
    pub fn open(dir: &Path) -> Log {
        Log {
            file: crate::safe_fs::open_private_append(&dir.join("rtr.log"))
                .ok()
                .map(Mutex::new),
        }
    }

    pub fn none() -> Log {
        Log { file: None }
    }

    pub fn write(&self, message: &str) {
        if let Some(file) = &self.file
            && let Ok(mut file) = file.lock()
        {
            let now = chrono::Local::now().format("%Y-%m-%dT%H:%M:%S%:z");
            let _ = writeln!(file, "{now} {message}");
        }
    }
}
