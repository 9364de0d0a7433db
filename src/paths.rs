//! Where rtr keeps its files. History is health data: the dir is 0700.

use std::path::{Path, PathBuf};

use crate::safe_fs::{DataDirProblem, check_private_dir, create_private_dir_all};

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
/// An error names the path: "/x/rtr is not a directory" when a file is
/// in the way.
pub fn ensure_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|err| {
        let shown = crate::safe_fs::shown(dir);
        if std::fs::metadata(dir).is_ok_and(|meta| !meta.is_dir()) {
            let message = format!("{shown} is not a directory");
            std::io::Error::new(std::io::ErrorKind::NotADirectory, message)
        } else {
            std::io::Error::new(err.kind(), format!("cannot create {shown}: {err}"))
        }
    })
}

/// Why rtr cannot keep its history in the data dir.
#[derive(Debug, thiserror::Error)]
pub enum DataDirError {
    #[error(
        "rtr cannot tell where to keep its history: HOME is not set; give a folder with --data-dir DIR or RTR_DATA_DIR"
    )]
    NoHome,
    #[error("cannot create the data dir: {source}")]
    Create {
        path: PathBuf,
        source: std::io::Error,
    },
    /// It exists but is not safe for health data (or not a dir at all).
    #[error(transparent)]
    Unsafe(#[from] DataDirProblem),
}

/// The data dir, resolved as [`data_dir`] does, ready for health data: a
/// missing dir is created 0700 (and so are the parents it needs), whatever
/// the umask; an existing one must pass [`check_private_dir`] (a dir, the
/// user's own, not writable by group or others, no parent open to others
/// without the sticky bit). Every error message names the path and says
/// what to do, e.g. "… can be changed by other users (mode 0777), and rtr
/// keeps health data there; make it yours alone with: chmod 700 '/x/rtr'".
///
/// Returns the path as resolved (not canonicalized).
pub fn private_data_dir(chosen: Option<&Path>) -> Result<PathBuf, DataDirError> {
    let dir = data_dir(chosen).ok_or(DataDirError::NoHome)?;
    // Missing, or a file stands where a parent should be: creating it says
    // which ("/x/file is not a directory").
    let missing = matches!(
        std::fs::symlink_metadata(&dir),
        Err(err) if matches!(
            err.kind(),
            std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
        )
    );
    if missing {
        create_private_dir_all(&dir).map_err(|source| DataDirError::Create {
            path: dir.clone(),
            source,
        })?;
    }
    check_private_dir(&dir)?;
    Ok(dir)
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

/// A D-Bus bus rtr may talk to through a child.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bus {
    /// logind's.
    System,
    /// The desktop's notifications'.
    Session,
}

/// Whether the bus's socket is there to connect to (a child that would only
/// fail to find it costs a process for nothing); why not, when it is not.
/// An address that is not a socket path (an abstract one, a TCP one) is
/// taken as reachable: the child will tell.
pub fn bus_reachable(bus: Bus) -> Result<(), String> {
    let (variable, default) = match bus {
        Bus::System => (
            "DBUS_SYSTEM_BUS_ADDRESS",
            Some(PathBuf::from("/run/dbus/system_bus_socket")),
        ),
        Bus::Session => (
            "DBUS_SESSION_BUS_ADDRESS",
            std::env::var_os("XDG_RUNTIME_DIR").map(|dir| PathBuf::from(dir).join("bus")),
        ),
    };
    let path = match std::env::var(variable) {
        Ok(address) => match address.strip_prefix("unix:path=") {
            Some(rest) => PathBuf::from(rest.split(',').next().unwrap_or(rest)),
            None => return Ok(()),
        },
        Err(_) => match default {
            Some(path) => path,
            None => return Err(format!("no bus: {variable} is not set")),
        },
    };
    if path.exists() {
        Ok(())
    } else {
        Err(format!("no bus at {}", path.display()))
    }
}
