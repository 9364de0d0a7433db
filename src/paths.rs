//! Where rtr keeps its files. History is health data: the dir is 0700.

use std::path::{Path, PathBuf};

/// `--data-dir` or RTR_DATA_DIR (both arrive as `chosen`), else
/// `$XDG_DATA_HOME/rtr`, else `~/.local/share/rtr`.
pub fn data_dir(chosen: Option<&Path>) -> Option<PathBuf> {
    match chosen {
        Some(dir) => Some(dir.to_path_buf()),
        None => xdg_dir("XDG_DATA_HOME", ".local/share"),
    }
}

/// `$VAR/rtr` when VAR is an absolute path (as the XDG spec asks), else
/// `~/FALLBACK/rtr`.
pub fn xdg_dir(var: &str, fallback: &str) -> Option<PathBuf> {
    let env_dir = |name| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    match env_dir(var).filter(|p| p.is_absolute()) {
        Some(xdg) => Some(xdg.join("rtr")),
        None => env_dir("HOME").map(|home| home.join(fallback).join("rtr")),
    }
}

/// Creates the dir (and its parents) if needed; a new dir is private.
pub fn ensure_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// rtr's own executable, as it was when first asked: an upgrade that
/// replaces the file mid-session leaves `current_exe` naming a deleted file.
pub fn own_exe() -> std::io::Result<PathBuf> {
    static FIRST: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    FIRST
        .get_or_init(|| std::env::current_exe().ok())
        .clone()
        .ok_or_else(|| std::io::Error::other("cannot find rtr's own program file"))
}
