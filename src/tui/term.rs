//! The one owner of the terminal. It is set up once (raw mode, the
//! alternate screen, one panic hook) and put back on every way out: the
//! end, a panic, SIGTERM or SIGHUP. One input thread and one channel carry
//! everything a screen can wake for: keys, signals, the program file
//! changing, and the notes of the threads that play sounds, send
//! notifications or keep the laptop awake.

use std::io::{self, Stdout, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::Instant;

use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{self, Event as TermEvent};
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};
use ratatui::layout::Rect;
use ratatui::{Frame, Terminal, TerminalOptions, Viewport};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

/// Everything a screen can wake for.
#[derive(Debug)]
pub enum Wake {
    Input(TermEvent),
    Signal(i32),
    /// A thread's word for the notice strip: no audio player, no logind.
    Notice(String),
    /// A Bluetooth device's news (lost, linked again), which replaces its
    /// last.
    DeviceNews(crate::ble::device::DeviceKind, String),
    /// Desktop notifications failed: send no more.
    NotifyFailed(String),
    /// The program file changed on disk.
    ProgramChanged,
}

impl From<crate::sound::SoundNote> for Wake {
    fn from(note: crate::sound::SoundNote) -> Self {
        Wake::Notice(note.0)
    }
}

impl From<crate::awake::AwakeNote> for Wake {
    fn from(_: crate::awake::AwakeNote) -> Self {
        Wake::Notice(crate::awake::MAY_SLEEP.to_string())
    }
}

pub struct Term {
    terminal: Terminal<CrosstermBackend<Stdout>>,
    rx: Receiver<Wake>,
    tx: Sender<Wake>,
    /// In raw mode on the alternate screen.
    entered: bool,
}

/// The terminal, once made.
static TERM: Mutex<Option<Term>> = Mutex::new(None);
/// Where the signals go once there is a terminal to wake.
static SIGNALS: OnceLock<Sender<Wake>> = OnceLock::new();
/// What the screens should say: notes made while no screen was up.
static NOTICES: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// The terminal, set up the first time and entered again if it was left.
pub fn open() -> io::Result<TermGuard> {
    let mut guard = TERM.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if guard.is_none() {
        let terminal = new_terminal()?;
        let (tx, rx) = mpsc::channel();
        spawn_input_thread(tx.clone());
        let _ = SIGNALS.set(tx.clone());
        restore_on_panic();
        *guard = Some(Term {
            terminal,
            rx,
            tx,
            entered: false,
        });
    }
    let term = guard.as_mut().expect("made above");
    if !term.entered {
        enable_raw_mode()?;
        ENTERED.store(true, Ordering::SeqCst);
        execute!(
            io::stdout(),
            EnterAlternateScreen,
            cursor::Hide,
            Clear(ClearType::All)
        )?;
        // A fresh one draws everything at its first frame. (Its own clear()
        // would ask the terminal for the cursor, and the answer would go to
        // the input thread.)
        term.terminal = new_terminal()?;
        term.entered = true;
    }
    Ok(TermGuard(guard))
}

/// A terminal of the window's size now. Its area is fixed: a resize
/// event changes it, and a frame does not ask the window's size again (that
/// is three system calls a frame, opening /dev/tty each time).
fn new_terminal() -> io::Result<Terminal<CrosstermBackend<Stdout>>> {
    let (width, height) = ratatui::crossterm::terminal::size()?;
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
    };
    Terminal::with_options(CrosstermBackend::new(io::stdout()), options)
}

/// The terminal, held by one screen at a time.
pub struct TermGuard(MutexGuard<'static, Option<Term>>);

impl std::ops::Deref for TermGuard {
    type Target = Term;
    fn deref(&self) -> &Term {
        self.0.as_ref().expect("open makes it")
    }
}

impl std::ops::DerefMut for TermGuard {
    fn deref_mut(&mut self) -> &mut Term {
        self.0.as_mut().expect("open makes it")
    }
}

impl Term {
    pub fn draw(&mut self, render: impl FnOnce(&mut Frame)) -> io::Result<()> {
        self.terminal.draw(render).map(|_| ())
    }

    /// A sender for the threads that wake the screens.
    pub fn sender(&self) -> Sender<Wake> {
        self.tx.clone()
    }

    /// The next wake, or None when `due` comes first (no `due`: wait).
    pub fn next(&mut self, due: Option<Instant>) -> Option<Wake> {
        let wake = match due {
            Some(due) => self
                .rx
                .recv_timeout(due.saturating_duration_since(Instant::now()))
                .ok(),
            None => self.rx.recv().ok(),
        };
        if let Some(Wake::Input(TermEvent::Resize(width, height))) = wake {
            let _ = self.terminal.resize(Rect::new(0, 0, width, height));
        }
        wake
    }

    /// The next wake of a screen that keeps nothing: a signal puts the
    /// terminal back and ends rtr (128 + the signal).
    pub fn next_input(&mut self, due: Option<Instant>) -> Option<Wake> {
        match self.next(due) {
            Some(Wake::Signal(signal)) => leave_and_exit(signal),
            Some(Wake::Notice(note) | Wake::NotifyFailed(note) | Wake::DeviceNews(_, note)) => {
                notice(note);
                None
            }
            wake => wake,
        }
    }
}

/// Whether rtr has the terminal in raw mode on the alternate screen.
static ENTERED: AtomicBool = AtomicBool::new(false);

/// Puts the terminal back: cooked mode, the main screen, the cursor shown.
/// Does nothing when rtr never took it; safe to call more than once.
pub fn restore() {
    if !ENTERED.swap(false, Ordering::SeqCst) {
        return;
    }
    if let Ok(mut guard) = TERM.try_lock()
        && let Some(term) = guard.as_mut()
    {
        term.entered = false;
    }
    let _ = disable_raw_mode();
    let _ = execute!(io::stdout(), LeaveAlternateScreen, cursor::Show);
    let _ = io::stdout().flush();
}

/// Says something on stderr, the full-screen view left first: for what
/// ends a command (a screen's notice strip has everything else).
pub fn say(text: &str) {
    restore();
    eprintln!("{text}");
}

fn leave_and_exit(signal: i32) -> ! {
    restore();
    std::process::exit(128 + signal)
}

/// Something the runner should read: kept for the next screen's notice
/// strip, and in the log.
pub fn notice(text: String) {
    if let Ok(mut notices) = NOTICES.lock()
        && !notices.contains(&text)
    {
        notices.push(text);
    }
}

/// The notices kept so far, taken.
pub fn take_notices() -> Vec<String> {
    NOTICES
        .lock()
        .map(|mut n| std::mem::take(&mut *n))
        .unwrap_or_default()
}

/// Catches SIGTERM, SIGHUP and SIGINT for the full-screen commands, once:
/// with a terminal up they wake its screen (a session saves where it
/// stands first); before, the process just ends as it would have.
pub fn catch_signals() -> io::Result<()> {
    static CAUGHT: OnceLock<()> = OnceLock::new();
    if CAUGHT.get().is_some() {
        return Ok(());
    }
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                match SIGNALS.get() {
                    Some(tx) if tx.send(Wake::Signal(signal)).is_ok() => {}
                    _ => leave_and_exit(signal),
                }
            }
        })?;
    let _ = CAUGHT.set(());
    Ok(())
}

/// Puts the terminal back before the panic message prints.
fn restore_on_panic() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

fn spawn_input_thread(tx: Sender<Wake>) {
    // Blocks in read(): no wake-ups but for real input and resizes.
    let _ = std::thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            while let Ok(event) = event::read() {
                if tx.send(Wake::Input(event)).is_err() {
                    return;
                }
            }
        });
}
