//! Keeping the laptop awake while a session runs: a systemd-logind inhibitor
//! lock (idle and sleep), held by a small child process.
//!
//! logind holds the lock for as long as the file descriptor it hands out is
//! open. `rtr __inhibit` asks for it over D-Bus, then turns into `rtr __hold`
//! (exec drops the D-Bus library's threads, which would wake twice a second)
//! and sleeps in a read of its stdin. When rtr closes that pipe, or dies, the
//! holder exits and the lock goes with it.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::Sender;

use crate::paths::Bus;

/// Why the lock could not be taken: the computer may sleep.
#[derive(Debug)]
pub struct AwakeNote(pub String);

/// What the screen says when the lock could not be taken.
pub const MAY_SLEEP: &str =
    "The computer may sleep during the session: logind could not keep it awake.";

pub struct KeepAwake {
    holder: Option<Child>,
    /// Counted as held with no child: a stand-in, for tests of the outputs.
    pretend: bool,
}

impl KeepAwake {
    pub fn none() -> Self {
        KeepAwake {
            holder: None,
            pretend: false,
        }
    }

    /// Held, with nothing behind it (for tests: no logind is asked).
    pub fn pretend() -> Self {
        KeepAwake {
            holder: None,
            pretend: true,
        }
    }

    /// Asks for the lock from a child; a failure comes back through `report`
    /// (with why, for the log), never stopping the session.
    pub fn hold<T>(report: Sender<T>) -> Self
    where
        T: From<AwakeNote> + Send + 'static,
    {
        let note = move |why: String| {
            let _ = report.send(AwakeNote(why).into());
        };
        if !cfg!(target_os = "linux") {
            note("logind is a Linux service".into());
            return KeepAwake::none();
        }
        // No bus, no logind: said at once, with no child to start.
        if let Err(why) = crate::paths::bus_reachable(Bus::System) {
            note(why);
            return KeepAwake::none();
        }
        let spawned = crate::paths::own_exe().and_then(|exe| {
            Command::new(exe)
                .arg("__inhibit")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
        });
        let mut child = match spawned {
            Ok(child) => child,
            Err(err) => {
                note(err.to_string());
                return KeepAwake::none();
            }
        };
        // Waiting for the answer is the child's and a thread's business:
        // a bus that never answers holds neither the screen nor the session.
        if let (Some(stdout), Some(stderr)) = (child.stdout.take(), child.stderr.take()) {
            let _ = std::thread::Builder::new()
                .name("awake".into())
                .spawn(move || {
                    let mut line = String::new();
                    let _ = BufReader::new(stdout).read_line(&mut line);
                    if line.trim() != "held" {
                        let mut why = String::new();
                        let _ = BufReader::new(stderr).read_to_string(&mut why);
                        let why = why.lines().next().unwrap_or("no answer").trim().to_string();
                        note(why);
                    }
                });
        }
        KeepAwake {
            holder: Some(child),
            pretend: false,
        }
    }

    pub fn is_held(&self) -> bool {
        self.holder.is_some() || self.pretend
    }

    /// Lets go of the lock: the holder sees its stdin close and exits.
    pub fn release(&mut self) {
        self.pretend = false;
        if let Some(mut holder) = self.holder.take() {
            drop(holder.stdin.take());
            let _ = holder.kill();
            let _ = holder.wait();
        }
    }
}

impl Drop for KeepAwake {
    fn drop(&mut self) {
        self.release();
    }
}

/// `rtr __inhibit`: takes the lock, says "held", and becomes `rtr __hold`.
#[cfg(target_os = "linux")]
pub fn inhibit_command() -> std::process::ExitCode {
    use std::os::unix::process::CommandExt;

    let fd = match take_lock() {
        Ok(fd) => fd,
        Err(why) => {
            eprintln!("{why}");
            return std::process::ExitCode::FAILURE;
        }
    };
    // The lock must outlive the exec below.
    if let Err(err) = rustix::io::fcntl_setfd(&fd, rustix::io::FdFlags::empty()) {
        eprintln!("cannot keep the lock: {err}");
        return std::process::ExitCode::FAILURE;
    }
    println!("held");
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(err) => {
            eprintln!("{err}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let err = Command::new(exe).arg("__hold").exec();
    eprintln!("cannot hold the lock: {err}");
    drop(fd);
    std::process::ExitCode::FAILURE
}

#[cfg(not(target_os = "linux"))]
pub fn inhibit_command() -> std::process::ExitCode {
    eprintln!("logind is a Linux service");
    std::process::ExitCode::FAILURE
}

#[cfg(target_os = "linux")]
fn take_lock() -> Result<std::os::fd::OwnedFd, String> {
    let bus =
        zbus::blocking::Connection::system().map_err(|err| format!("no system bus: {err}"))?;
    let reply = bus
        .call_method(
            Some("org.freedesktop.login1"),
            "/org/freedesktop/login1",
            Some("org.freedesktop.login1.Manager"),
            "Inhibit",
            &("idle:sleep", "rtr", "A run session is in progress", "block"),
        )
        .map_err(|err| format!("logind: {err}"))?;
    let fd: zbus::zvariant::OwnedFd = reply
        .body()
        .deserialize()
        .map_err(|err| format!("logind answered oddly: {err}"))?;
    Ok(fd.into())
}

/// `rtr __hold`: keeps the inherited lock until stdin closes.
pub fn hold_command() -> std::process::ExitCode {
    let _ = std::io::copy(&mut std::io::stdin().lock(), &mut std::io::sink());
    std::process::ExitCode::SUCCESS
}
