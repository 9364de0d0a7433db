//! Watching the program file while the home screen or the plan is open, so
//! that saving it in an editor shows the change at once.
//!
//! The watcher's thread cannot interrupt the screen's wait for a key, so on
//! a change it raises SIGWINCH: the terminal reader wakes with a resize
//! event, and the screen looks at the flag. Nothing wakes while nothing
//! changes.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher};

/// Editors save in several steps (write a temporary file, rename it over
/// the old one): let them finish before reading.
const SETTLE: Duration = Duration::from_millis(60);

pub struct ProgramWatch {
    _watcher: notify::RecommendedWatcher,
    changed: Arc<AtomicBool>,
}

impl ProgramWatch {
    /// Watches the file's folder (a rename replaces the file itself).
    pub fn new(file: &Path) -> notify::Result<Self> {
        let file = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
        let dir = file
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let changed = Arc::new(AtomicBool::new(false));
        let flag = changed.clone();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                let Ok(event) = event else { return };
                let about_file = event.paths.iter().any(|p| p == &file);
                let edits = matches!(
                    event.kind,
                    EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
                );
                if about_file && edits {
                    flag.store(true, Ordering::SeqCst);
                    nudge_screen();
                }
            })?;
        watcher.watch(&dir, RecursiveMode::NonRecursive)?;
        Ok(ProgramWatch {
            _watcher: watcher,
            changed,
        })
    }

    /// Whether the file changed since the last call; after a change, waits
    /// for the editor to finish saving.
    pub fn take_change(&self) -> bool {
        if !self.changed.swap(false, Ordering::SeqCst) {
            return false;
        }
        std::thread::sleep(SETTLE);
        self.changed.store(false, Ordering::SeqCst);
        true
    }
}

fn nudge_screen() {
    #[cfg(unix)]
    let _ = signal_hook::low_level::raise(signal_hook::consts::SIGWINCH);
}
