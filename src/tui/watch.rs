//! Watching the program file while the home screen or the plan is open, so
//! that saving it in an editor shows the change at once: the watcher's
//! thread wakes the screen through the terminal's channel. Nothing wakes
//! while nothing changes.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher};

use super::term::Wake;

/// Editors save in several steps (write a temporary file, rename it over
/// the old one): let them finish before reading.
const SETTLE: Duration = Duration::from_millis(60);

/// Watches while it lives.
pub struct ProgramWatch {
    _watcher: notify::RecommendedWatcher,
}

impl ProgramWatch {
    /// Watches the file's folder (a rename replaces the file itself); each
    /// save sends one `ProgramChanged` once the editor is done with it.
    pub fn new(file: &Path, wake: Sender<Wake>) -> notify::Result<Self> {
        let file = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
        let dir = file
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        // One wake a save, SETTLE after its first step: the file is read
        // once the editor is done with it.
        let pending = Arc::new(AtomicBool::new(false));
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                let Ok(event) = event else { return };
                let about_file = event.paths.iter().any(|p| p == &file);
                let edits = matches!(
                    event.kind,
                    EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
                );
                if about_file && edits && !pending.swap(true, Ordering::SeqCst) {
                    let (pending, wake) = (pending.clone(), wake.clone());
                    let _ = std::thread::Builder::new()
                        .name("program-settle".into())
                        .spawn(move || {
                            std::thread::sleep(SETTLE);
                            pending.store(false, Ordering::SeqCst);
                            let _ = wake.send(Wake::ProgramChanged);
                        });
                }
            })?;
        watcher.watch(&dir, RecursiveMode::NonRecursive)?;
        Ok(ProgramWatch { _watcher: watcher })
    }
}
