//! The one part of the export that touches the disk: a session's TCX file
//! written into a folder, private (0600) like the rest of the history.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{NotExported, file_name, tcx};
use crate::coach::records::SessionRecord;

/// Writes `session` as a TCX file in `dir` (made 0700 when missing), over a
/// file of the same name (the same session exported again). Returns where
/// it went, or why the session has no file.
pub fn save(dir: &Path, session: &SessionRecord) -> Result<Result<PathBuf, NotExported>, String> {
    let text = match tcx(session) {
        Ok(text) => text,
        Err(why) => return Ok(Err(why)),
    };
    let path = dir.join(file_name(session));
    let shown = |err: std::io::Error| format!("cannot write {}: {err}", path.display());
    crate::safe_fs::create_private_dir_all(dir).map_err(shown)?;
    let mut file = crate::safe_fs::open_private_write_truncate(&path).map_err(shown)?;
    file.write_all(text.as_bytes()).map_err(shown)?;
    Ok(Ok(path))
}
