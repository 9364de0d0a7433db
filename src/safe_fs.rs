//! Opening files so that nothing planted in their place gets used.
//!
//! Three things can stand where rtr expects one of its files:
//!
//! - a FIFO (or a device, a socket): a plain `open` for reading blocks
//!   until someone writes to it, so `rtr check` or `rtr status` hang
//!   forever. Here every open passes `O_NONBLOCK`, which makes opening a
//!   FIFO return at once; the file is then checked with `fstat` and anything
//!   but a regular file is refused. Reads on a regular file never block, so
//!   `O_NONBLOCK` is cleared again before the file is handed back.
//! - a symbolic link: in the data dir it could send a write to someone
//!   else's file. Files of the data dir are opened with `O_NOFOLLOW`.
//!   Files the user names (a program, the config) may be links.
//! - a file or folder another user owns or can change: that user could
//!   read the health data or swap the file. Private files must be the
//!   current user's, and get mode 0600 (dirs 0700) whatever the umask.
//!
//! Which helper for which file:
//!
//! | file | helper |
//! |---|---|
//! | a program, the config (user files, links allowed) | [`open_regular_read`] with `follow_symlinks: true` |
//! | reading a data-dir file (journal, checkpoint) | [`open_private_read`] |
//! | appending to the journal or the log | [`open_private_append`] |
//! | the lock file (read and written in place) | [`open_private_read_write`] |
//! | a temp file to rename over (checkpoint), a sound file | [`open_private_write_truncate`] |
//! | a fallback file that must be new (unsaved facts) | [`create_private_new`] |
//! | the data dir | [`create_private_dir_all`], then [`check_private_dir`] |
//!
//! Failures of the system call itself (not found, permission denied, disk
//! full) come back as the `io::Error` the system gave, so callers can
//! still match on `kind()`; rtr's own refusals carry the path in their
//! message and can be told apart with [`refusal`].

use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Mode of every file rtr creates in its data dir: the user's alone.
pub const PRIVATE_FILE_MODE: u32 = 0o600;
/// Mode of every dir rtr creates.
pub const PRIVATE_DIR_MODE: u32 = 0o700;

/// Why rtr would not use a path, carried inside an `io::Error` (see
/// [`refusal`]) so that callers keep one error type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// "… is not a regular file (a FIFO)": `kind` is "a FIFO", "a
    /// directory", "a symbolic link", "a socket", "a character device"...
    #[error("{} is not a regular file ({kind})", shown(path))]
    NotRegular { path: PathBuf, kind: &'static str },
    #[error(
        "{} belongs to another user (uid {owner}); rtr will not use it",
        shown(path)
    )]
    OwnedByOther { path: PathBuf, owner: u32 },
}

/// rtr's own refusal inside an error from this module, if it is one.
pub fn refusal(err: &io::Error) -> Option<&Refusal> {
    err.get_ref()?.downcast_ref::<Refusal>()
}

fn refuse(refusal: Refusal) -> io::Error {
    let kind = match refusal {
        Refusal::NotRegular { .. } => io::ErrorKind::InvalidInput,
        Refusal::OwnedByOther { .. } => io::ErrorKind::PermissionDenied,
    };
    io::Error::new(kind, refusal)
}

/// A path for a message: control characters (a file named with terminal
/// escape codes) are shown escaped, never sent to the terminal.
pub fn shown(path: &Path) -> String {
    printable(&path.display().to_string())
}

/// Text with every control character written as an escape (`\u{1b}`).
pub fn printable(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A path quoted for a POSIX shell, for a command the user can paste:
/// `'/home/a b/rtr'`, with a `'` inside written `'\''`.
pub fn shell_quoted(path: &Path) -> String {
    format!("'{}'", shown(path).replace('\'', r"'\''"))
}

/// What kind of file `meta` describes, for messages: "a FIFO".
pub fn kind_of(meta: &Metadata) -> &'static str {
    let file_type = meta.file_type();
    if file_type.is_file() {
        return "a regular file";
    }
    if file_type.is_dir() {
        return "a directory";
    }
    if file_type.is_symlink() {
        return "a symbolic link";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
    }
    "an unusual kind of file"
}

/// The effective user id: who owns what rtr creates.
#[cfg(unix)]
pub fn current_uid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

/// Opens `path` for reading, only if it is a regular file.
///
/// Never blocks: a FIFO is opened without waiting for a writer and then
/// refused at once, as is a directory, a device or a socket, with an error
/// naming the path ("prog.ron is not a regular file (a FIFO)"). With
/// `follow_symlinks` false a symbolic link is refused too (`O_NOFOLLOW`);
/// with it true, the link's target is what must be a regular file.
pub fn open_regular_read(path: &Path, follow_symlinks: bool) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    open_checked(path, &mut options, follow_symlinks)
}

/// Like [`open_regular_read`] with no links followed, for a data-dir file:
/// also refuses a file another user owns.
pub fn open_private_read(path: &Path) -> io::Result<File> {
    let file = open_regular_read(path, false)?;
    check_owner(path, &file.metadata()?)?;
    Ok(file)
}

/// Opens a data-dir file to read and append to, creating it 0600.
/// Refuses a link, anything but a regular file, and another user's file;
/// an existing file of the user's with a looser mode is set to 0600.
pub fn open_private_append(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).append(true).create(true);
    open_private(path, &mut options)
}

/// Opens a data-dir file to read and write in place (the lock), creating
/// it 0600, with the checks of [`open_private_append`]. Nothing is
/// truncated.
pub fn open_private_read_write(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true);
    open_private(path, &mut options)
}

/// Opens a data-dir file to write from empty (a temp file to rename over
/// the real one, a sound file), creating it 0600, with the checks of
/// [`open_private_append`]. It is emptied only after the checks pass, so a
/// file that is refused is never truncated.
pub fn open_private_write_truncate(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create(true);
    let file = open_private(path, &mut options)?;
    file.set_len(0)?;
    Ok(file)
}

/// Replaces the file at `path` whole: writes `bytes` to a temp file beside
/// it (0600, with the checks of [`open_private_write_truncate`]) and
/// renames it over, so a crash leaves the old file or the new one, never
/// half of one. `durable` also fsyncs the file and its folder; without it a
/// kill still finds the new file, a power cut may not.
pub fn replace_whole(path: &Path, bytes: &[u8], durable: bool) -> io::Result<()> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".tmp");
    let temp = path.with_file_name(name);
    let mut file = open_private_write_truncate(&temp)?;
    file.write_all(bytes)?;
    if durable {
        file.sync_all()?;
    }
    std::fs::rename(&temp, path)?;
    if durable {
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
        File::open(dir.unwrap_or(Path::new(".")))?.sync_all()?;
    }
    Ok(())
}

/// Creates a new file 0600 to read and write; fails (AlreadyExists) if
/// anything, a link included, is already at `path`. For a file whose name
/// must be fresh, like the fallback for unsaved facts.
pub fn create_private_new(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create_new(true);
    open_private(path, &mut options)
}

/// The opens of data-dir files: no links, mode 0600, the user's own.
fn open_private(path: &Path, options: &mut OpenOptions) -> io::Result<File> {
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(options, PRIVATE_FILE_MODE);
    let file = open_checked(path, options, false)?;
    let meta = file.metadata()?;
    check_owner(path, &meta)?;
    #[cfg(unix)]
    {
        // The umask may have taken bits from a new file's mode (0400 under
        // umask 277), and a file made by hand may have more: set it exactly.
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o7777 != PRIVATE_FILE_MODE {
            file.set_permissions(std::fs::Permissions::from_mode(PRIVATE_FILE_MODE))?;
        }
    }
    Ok(file)
}

/// Opens with `O_NONBLOCK` (and `O_NOFOLLOW` unless links are followed),
/// refuses anything but a regular file, then clears `O_NONBLOCK`.
fn open_checked(path: &Path, options: &mut OpenOptions, follow: bool) -> io::Result<File> {
    #[cfg(unix)]
    {
        let mut flags = libc::O_NONBLOCK;
        if !follow {
            flags |= libc::O_NOFOLLOW;
        }
        std::os::unix::fs::OpenOptionsExt::custom_flags(options, flags);
    }
    let file = options
        .open(path)
        .map_err(|err| explain_open_error(path, err, follow))?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        let kind = kind_of(&meta);
        return Err(refuse(Refusal::NotRegular {
            path: path.to_path_buf(),
            kind,
        }));
    }
    #[cfg(unix)]
    set_blocking(&file)?;
    Ok(file)
}

/// An open that failed because of what is at `path` (a link under
/// `O_NOFOLLOW`, a FIFO with no reader opened for writing, a directory
/// opened for writing) becomes a refusal naming it; any other failure is
/// returned as the system gave it.
fn explain_open_error(path: &Path, err: io::Error, follow: bool) -> io::Error {
    #[cfg(unix)]
    {
        let code = err.raw_os_error();
        // ELOOP (Linux, macOS) or EMLINK (FreeBSD) under O_NOFOLLOW; ENXIO
        // when a FIFO has no reader; EISDIR for a directory.
        let about_the_file = [libc::ELOOP, libc::EMLINK, libc::ENXIO, libc::EISDIR]
            .iter()
            .any(|c| code == Some(*c));
        if about_the_file {
            let meta = if follow {
                std::fs::metadata(path)
            } else {
                std::fs::symlink_metadata(path)
            };
            if let Ok(meta) = meta
                && !meta.is_file()
            {
                let kind = kind_of(&meta);
                return refuse(Refusal::NotRegular {
                    path: path.to_path_buf(),
                    kind,
                });
            }
        }
    }
    #[cfg(not(unix))]
    let _ = (path, follow);
    err
}

#[cfg(unix)]
fn set_blocking(file: &File) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    let fd = file.as_raw_fd();
    // SAFETY: fcntl on a descriptor `file` owns, with plain integer flags.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if flags < 0 {
        return Err(io::Error::last_os_error());
    }
    if flags & libc::O_NONBLOCK != 0 {
        // SAFETY: as above.
        let done = unsafe { libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK) };
        if done < 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

fn check_owner(path: &Path, meta: &Metadata) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.uid() != current_uid() {
            return Err(refuse(Refusal::OwnedByOther {
                path: path.to_path_buf(),
                owner: meta.uid(),
            }));
        }
    }
    #[cfg(not(unix))]
    let _ = (path, meta);
    Ok(())
}

/// Creates `path` and any missing parents; every dir it creates is 0700
/// whatever the umask (set explicitly after creating it). Dirs that exist
/// are left as they are: [`check_private_dir`] judges them. A file where a
/// dir should be is an error naming it ("… is not a directory").
pub fn create_private_dir_all(path: &Path) -> io::Result<()> {
    // Walk up to the first part that exists, then create downwards.
    let mut missing = Vec::new();
    let mut current = path;
    loop {
        match std::fs::metadata(current) {
            Ok(meta) if meta.is_dir() => break,
            Ok(_) => return Err(not_a_directory(current)),
            // Not there, or a file stands higher up: look at the parent.
            Err(err)
                if matches!(
                    err.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) =>
            {
                missing.push(current);
                match current.parent() {
                    Some(parent) if !parent.as_os_str().is_empty() => current = parent,
                    _ => break,
                }
            }
            Err(err) => return Err(with_path(current, err)),
        }
    }
    for dir in missing.into_iter().rev() {
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, PRIVATE_DIR_MODE);
        match builder.create(dir) {
            Ok(()) => make_private_dir(dir)?,
            // Made meanwhile by another rtr: fine if it is a dir.
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {
                if !std::fs::metadata(dir).is_ok_and(|m| m.is_dir()) {
                    return Err(not_a_directory(dir));
                }
            }
            Err(err) => return Err(with_path(dir, err)),
        }
    }
    Ok(())
}

/// Sets a dir rtr just created to exactly 0700, through a handle opened
/// without following links, so that nothing swapped in is changed.
fn make_private_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let handle = OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW | libc::O_DIRECTORY)
            .open(dir)
            .map_err(|err| with_path(dir, err))?;
        check_owner(dir, &handle.metadata()?)?;
        handle.set_permissions(std::fs::Permissions::from_mode(PRIVATE_DIR_MODE))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

fn not_a_directory(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::NotADirectory,
        format!("{} is not a directory", shown(path)),
    )
}

fn with_path(path: &Path, err: io::Error) -> io::Error {
    io::Error::new(err.kind(), format!("{}: {err}", shown(path)))
}

/// Why a data dir is not safe to keep health data in. Each message names
/// the path and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum DataDirProblem {
    #[error("cannot use the data dir {}: {source}", shown(path))]
    Unreadable { path: PathBuf, source: io::Error },
    #[error(
        "{} is not a directory: rtr keeps its history in a folder there; move the file away or choose another folder with --data-dir",
        shown(path)
    )]
    NotADirectory { path: PathBuf },
    /// The dir, or a link that leads to it, is another user's.
    #[error(
        "{} belongs to another user (uid {owner}): rtr keeps health data in its data dir and must not use one that is not yours; choose a folder of your own with --data-dir",
        shown(path)
    )]
    OwnedByOther { path: PathBuf, owner: u32 },
    #[error(
        "{} can be changed by other users (mode {mode:04o}), and rtr keeps health data there; make it yours alone with: chmod 700 {}",
        shown(path),
        shell_quoted(path)
    )]
    OpenToOthers { path: PathBuf, mode: u32 },
    /// A parent others can write to and with no sticky bit: they could
    /// rename the data dir away and put their own in its place.
    #[error(
        "{} can be changed by other users (mode {mode:04o}), who could replace the data dir {} inside it; fix it with: chmod go-w {}, or choose another folder with --data-dir",
        shown(parent),
        shown(dir),
        shell_quoted(parent)
    )]
    ParentOpenToOthers {
        parent: PathBuf,
        dir: PathBuf,
        mode: u32,
    },
}

/// Whether `path` is fit to keep health data in: a directory, the current
/// user's, not writable by group or others; a link to it owned by the user
/// or root; and no parent of it (of its real path) writable by group or
/// others without the sticky bit (`/tmp`, sticky, is fine).
pub fn check_private_dir(path: &Path) -> Result<(), DataDirProblem> {
    let unreadable = |source| DataDirProblem::Unreadable {
        path: path.to_path_buf(),
        source,
    };
    let own = std::fs::symlink_metadata(path).map_err(unreadable)?;
    let meta = if own.file_type().is_symlink() {
        // A link someone else owns could be pointed elsewhere at any time.
        check_dir_owner(path, &own, true)?;
        std::fs::metadata(path).map_err(unreadable)?
    } else {
        own
    };
    if !meta.is_dir() {
        return Err(DataDirProblem::NotADirectory {
            path: path.to_path_buf(),
        });
    }
    check_dir_owner(path, &meta, false)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o7777;
        if mode & 0o022 != 0 {
            return Err(DataDirProblem::OpenToOthers {
                path: path.to_path_buf(),
                mode,
            });
        }
        let real = std::fs::canonicalize(path).map_err(unreadable)?;
        for parent in real.ancestors().skip(1) {
            let Ok(meta) = std::fs::metadata(parent) else {
                continue;
            };
            let mode = meta.permissions().mode() & 0o7777;
            let sticky = mode & 0o1000 != 0;
            if mode & 0o022 != 0 && !sticky {
                return Err(DataDirProblem::ParentOpenToOthers {
                    parent: parent.to_path_buf(),
                    dir: path.to_path_buf(),
                    mode,
                });
            }
        }
    }
    Ok(())
}

/// The dir must be the user's; a link to it may also be root's.
fn check_dir_owner(path: &Path, meta: &Metadata, link: bool) -> Result<(), DataDirProblem> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let owner = meta.uid();
        if owner != current_uid() && !(link && owner == 0) {
            return Err(DataDirProblem::OwnedByOther {
                path: path.to_path_buf(),
                owner,
            });
        }
    }
    #[cfg(not(unix))]
    let _ = (path, meta, link);
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::symlink_metadata(path)
            .unwrap()
            .permissions()
            .mode()
            & 0o7777
    }

    fn mkfifo(path: &Path) {
        let status = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .expect("mkfifo runs");
        assert!(status.success());
    }

    #[test]
    fn a_fifo_is_refused_at_once_for_reading_and_writing() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("journal.jsonl");
        mkfifo(&fifo);
        for follow in [true, false] {
            let err = open_regular_read(&fifo, follow).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("{} is not a regular file (a FIFO)", fifo.display())
            );
            assert!(matches!(
                refusal(&err),
                Some(Refusal::NotRegular { kind: "a FIFO", .. })
            ));
        }
        for open in [
            open_private_append,
            open_private_read_write,
            open_private_write_truncate,
            open_private_read,
        ] {
            let err = open(&fifo).unwrap_err();
            assert!(
                err.to_string().ends_with("is not a regular file (a FIFO)"),
                "{err}"
            );
        }
    }

    #[test]
    fn a_directory_is_not_a_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        let err = open_regular_read(dir.path(), true).unwrap_err();
        assert!(err.to_string().ends_with("(a directory)"), "{err}");
        let err = open_private_append(dir.path()).unwrap_err();
        assert!(err.to_string().ends_with("(a directory)"), "{err}");
    }

    #[test]
    fn links_are_followed_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target");
        std::fs::write(&target, "victim's own data").unwrap();
        let link = dir.path().join("lock");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert!(open_regular_read(&link, true).is_ok());
        let err = open_regular_read(&link, false).unwrap_err();
        assert!(err.to_string().ends_with("(a symbolic link)"), "{err}");
        for open in [
            open_private_append,
            open_private_read_write,
            open_private_write_truncate,
        ] {
            let err = open(&link).unwrap_err();
            assert!(err.to_string().ends_with("(a symbolic link)"), "{err}");
        }
        // create_private_new never writes through a link either.
        assert_eq!(
            create_private_new(&link).unwrap_err().kind(),
            io::ErrorKind::AlreadyExists
        );
        assert_eq!(
            std::fs::read_to_string(&target).unwrap(),
            "victim's own data"
        );
    }

    #[test]
    fn private_files_are_0600_whatever_the_mode_they_had() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new");
        create_private_new(&new).unwrap();
        assert_eq!(mode(&new), 0o600);
        let loose = dir.path().join("loose");
        std::fs::write(&loose, "x").unwrap();
        std::fs::set_permissions(&loose, std::fs::Permissions::from_mode(0o666)).unwrap();
        open_private_append(&loose).unwrap();
        assert_eq!(mode(&loose), 0o600);
        assert_eq!(std::fs::read_to_string(&loose).unwrap(), "x");
        open_private_write_truncate(&loose).unwrap();
        assert_eq!(std::fs::read_to_string(&loose).unwrap(), "");
    }

    #[test]
    fn dirs_created_are_0700_and_a_file_in_the_way_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b/c");
        create_private_dir_all(&deep).unwrap();
        for part in ["a", "a/b", "a/b/c"] {
            assert_eq!(mode(&dir.path().join(part)), 0o700, "{part}");
        }
        create_private_dir_all(&deep).unwrap();
        let file = dir.path().join("file");
        std::fs::write(&file, "").unwrap();
        let err = create_private_dir_all(&file.join("rtr")).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("{} is not a directory", file.display())
        );
    }

    #[test]
    fn a_data_dir_open_to_others_is_refused_with_the_chmod_to_run() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("it's data");
        create_private_dir_all(&data).unwrap();
        check_private_dir(&data).unwrap();
        std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o777)).unwrap();
        let err = check_private_dir(&data).unwrap_err().to_string();
        let quoted = format!("'{}'", data.display()).replace("it's", r"it'\''s");
        assert!(err.ends_with(&format!("chmod 700 {quoted}")), "{err}");
        // A parent anyone can write to, with no sticky bit, is as bad.
        std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o700)).unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
        let err = check_private_dir(&data).unwrap_err();
        assert!(
            matches!(&err, DataDirProblem::ParentOpenToOthers { parent, .. } if parent == &std::fs::canonicalize(dir.path()).unwrap()),
            "{err}"
        );
        // With the sticky bit (as /tmp has) it is fine.
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o1777)).unwrap();
        check_private_dir(&data).unwrap();
    }

    #[test]
    fn control_characters_in_a_path_are_shown_escaped() {
        let path = Path::new("/tmp/\u{1b}]0;owned\u{7}");
        assert_eq!(shown(path), "/tmp/\\u{1b}]0;owned\\u{7}");
    }
}
