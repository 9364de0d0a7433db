//! Runs the real rtr binary in a pseudo-terminal and reads its screen.

#![allow(dead_code)] // each test file uses its own part of this

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

pub struct Tty {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote, for checks on escape sequences.
    raw: Arc<Mutex<Vec<u8>>>,
    // Kept open so that the child keeps its terminal.
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

pub const WAIT: Duration = Duration::from_secs(20);

impl Tty {
    /// Starts rtr with `args` in a `cols`×`rows` terminal, with its own data dir
    /// and no D-Bus unless `env` says otherwise.
    /// Nothing from the machine it runs on reaches it: no config file, no
    /// audio player or voice on PATH, no system bus (so no logind).
    pub fn spawn(args: &[&str], env: &[(&str, &str)], size: (u16, u16)) -> Tty {
        let mut isolated = vec![
            ("XDG_CONFIG_HOME", "/nonexistent/rtr-test-config"),
            ("PATH", "/nonexistent/rtr-test-path"),
            (
                "DBUS_SYSTEM_BUS_ADDRESS",
                "unix:path=/nonexistent/rtr-test-bus",
            ),
        ];
        isolated.extend_from_slice(env);
        Tty::start(env!("CARGO_BIN_EXE_rtr"), args, &isolated, size)
    }

    /// Another program (a wrapper that then runs rtr) in the terminal; it
    /// keeps PATH, and rtr under it still reads no config and finds no bus.
    pub fn spawn_program(program: &str, args: &[&str], size: (u16, u16)) -> Tty {
        let isolated = [
            ("XDG_CONFIG_HOME", "/nonexistent/rtr-test-config"),
            (
                "DBUS_SYSTEM_BUS_ADDRESS",
                "unix:path=/nonexistent/rtr-test-bus",
            ),
        ];
        Tty::start(program, args, &isolated, size)
    }

    fn start(program: &str, args: &[&str], env: &[(&str, &str)], (cols, rows): (u16, u16)) -> Tty {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("RTR_DATA_DIR");
        cmd.env_remove("RTR_CONFIG");
        for (key, value) in env {
            cmd.env(key, value);
        }
        let child = pty.slave.spawn_command(cmd).expect("rtr starts");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            nonzero(rows),
            nonzero(cols),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (screen, log) = (parser.clone(), raw.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                let n = match reader.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => n,
                    // A signal to this process (another test's child ending).
                    Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(_) => break,
                };
                screen.lock().unwrap().process(&buf[..n]);
                log.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Tty {
            child,
            writer,
            parser,
            raw,
            _master: pty.master,
        }
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    /// Whether any cell on screen has a colour, and whether any is bold.
    pub fn colour_and_bold(&self) -> (bool, bool) {
        let parser = self.parser.lock().unwrap();
        let screen = parser.screen();
        let (rows, cols) = screen.size();
        let (rows, cols) = (rows.get(), cols.get());
        let cells = (0..rows).flat_map(|r| (0..cols).filter_map(move |c| screen.cell(r, c)));
        let (mut colour, mut bold) = (false, false);
        for cell in cells {
            colour |=
                cell.fgcolor() != vt100::Color::Default || cell.bgcolor() != vt100::Color::Default;
            bold |= cell.bold();
        }
        (colour, bold)
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Waits until the screen shows `text`; panics with the screen if it never does.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(text, |screen| screen.contains(text))
    }

    pub fn wait_until(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if done(&screen) {
                return screen;
            }
            if start.elapsed() > WAIT {
                let state = process_state(self.child.process_id().unwrap_or(0));
                panic!("waited {WAIT:?} for {what:?}; rtr is {state}; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("a pid")
    }

    /// Waits for the process to end and returns its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.exit_code();
            }
            if start.elapsed() > WAIT {
                let state = process_state(self.pid());
                let _ = self.child.kill();
                panic!(
                    "rtr did not exit; it is {state}; the screen shows:\n{}",
                    self.screen()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Tty {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("a terminal has at least one row and column")
}

/// Where each thread of a process waits, to tell a stuck rtr from a slow one.
fn process_state(pid: u32) -> String {
    let read = |path: std::path::PathBuf| std::fs::read_to_string(path).unwrap_or_default();
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return "gone".into();
    };
    let threads: Vec<String> = tasks
        .filter_map(Result::ok)
        .map(|task| {
            let path = task.path();
            format!(
                "{} in {}",
                read(path.join("comm")).trim(),
                read(path.join("wchan"))
            )
        })
        .collect();
    threads.join(", ")
}

/// Leaves rtr from its home screen: q asks first, y leaves; exit 0.
pub fn leave_home(tty: &mut Tty) {
    tty.send("q");
    tty.wait_for("Leave rtr?");
    tty.send("y");
    assert_eq!(tty.wait_exit(), 0, "{}", tty.screen());
}

/// rtr as a plain command, kept from the machine's config like [`Tty::spawn`].
pub fn rtr_command() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_rtr"));
    command
        .env("XDG_CONFIG_HOME", "/nonexistent/rtr-test-config")
        .env_remove("RTR_CONFIG")
        .env_remove("RTR_DATA_DIR");
    command
}

/// Points the plan of the data dir `dir` at the demo program, so that demo
/// sessions are the plan's own (else rtr asks: one-off, or switch?).
pub fn enroll_demo(dir: &std::path::Path) {
    let out = rtr_command()
        .args(["enroll", "programs/demo.ron", "--data-dir"])
        .arg(dir)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
}

/// Answers the questions that may come before a real session starts
/// (another program: a one-off; off-plan: yes; a rest day: run anyway)
/// until the pain before it is asked.
pub fn through_the_gates(tty: &mut Tty) {
    loop {
        let screen = tty.wait_until("a question before the session", |s| {
            [
                "Another program",
                "Off-plan",
                "A rest day",
                "Before you start",
            ]
            .iter()
            .any(|q| s.contains(q))
        });
        if screen.contains("Before you start") {
            return;
        }
        let key = if screen.contains("Another program") {
            "o"
        } else {
            "y"
        };
        tty.send(key);
        tty.wait_until("the question is answered", |s| s != screen);
    }
}

/// A tiny tmpfs of its own, for a full disk: needs root (the test says so
/// and is skipped elsewhere). Unmounted when dropped.
pub struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    pub fn mount(bytes: u64) -> Option<SmallDisk> {
        if rtr::safe_fs::current_uid() != 0 {
            println!("skipped: mounting a small tmpfs for a full disk needs root");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let status = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o"])
            .arg(format!("size={bytes},mode=0700"))
            .arg("tmpfs")
            .arg(dir.path())
            .status()
            .unwrap();
        assert!(status.success(), "mount a tmpfs");
        Some(SmallDisk { dir })
    }

    pub fn path(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// Fills every byte left with a file of its own.
    pub fn fill(&self) {
        use std::io::Write;
        let mut filler = std::fs::File::create(self.dir.path().join("filler")).unwrap();
        let block = vec![0u8; 4096];
        while filler.write_all(&block).is_ok() {}
        while filler.write_all(&block[..1]).is_ok() {}
    }

    /// Space again.
    pub fn empty(&self) {
        let _ = std::fs::remove_file(self.dir.path().join("filler"));
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(self.dir.path())
            .status();
    }
}

/// Sends `signal` ("KILL", "TERM", "HUP") to the process `pid`.
pub fn kill(pid: u32, signal: &str) {
    let status = std::process::Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(pid.to_string())
        .status()
        .unwrap();
    assert!(status.success(), "kill -{signal} {pid}");
}

/// The pid of the child of `parent` (rtr under a wrapper shell), once it
/// has one.
pub fn child_of(parent: u32) -> u32 {
    let start = Instant::now();
    loop {
        let children = std::fs::read_to_string(format!("/proc/{parent}/task/{parent}/children"))
            .unwrap_or_default();
        if let Some(pid) = children.split_whitespace().next() {
            return pid.parse().expect("a pid");
        }
        assert!(start.elapsed() < WAIT, "{parent} started no process");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// rtr run once in the project folder with an empty data dir and config
/// home of its own: its exit code, stdout and stderr.
pub fn rtr_output(args: &[&str]) -> (i32, String, String) {
    let data = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rtr"))
        .args(args)
        .env("RTR_DATA_DIR", data.path())
        .env("XDG_CONFIG_HOME", data.path())
        .env_remove("RTR_CONFIG")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("rtr runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A program shipped in `programs/`, loaded.
pub fn shipped(name: &str) -> rtr::program::Program {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("programs")
        .join(name);
    rtr::program::load_file(&path).unwrap_or_else(|err| panic!("{name}: {err}"))
}
