//! The bell and the desktop notifications: the terminal bell at every
//! change and on the 3-2-1, and a notification at every change, sent from a
//! thread of its own (through a child process) so that a missing or hung
//! D-Bus never stalls the screen.

use std::io::Write;
use std::sync::mpsc::{Sender, SyncSender, TrySendError};

use super::{Output, Turn};
use crate::config::Settings;
use crate::tui::term::Wake;
use crate::tui::theme::phase_word;
use crate::workout::Event;

/// A desktop notification: its summary and body.
pub type Notification = (String, String);

pub struct Bell {
    /// Where the bell rings: the terminal, when the bell is on.
    bell: Option<Box<dyn Write>>,
    notifier: Option<SyncSender<Notification>>,
}

impl Bell {
    /// `report` hears the notification thread's failure, once.
    pub fn new(settings: &Settings, report: Sender<Wake>) -> Self {
        let terminal = settings
            .bell
            .then(|| Box::new(std::io::stdout()) as Box<dyn Write>);
        let notifier = settings
            .notifications
            .then(|| spawn_notifier(report))
            .flatten();
        Bell::with(terminal, notifier)
    }

    /// A bell that rings into `bell` and queues notifications on `notifier`.
    pub fn with(bell: Option<Box<dyn Write>>, notifier: Option<SyncSender<Notification>>) -> Self {
        Bell { bell, notifier }
    }

    /// Rings the terminal bell (BEL) between frames.
    fn ring(&mut self) {
        if let Some(out) = &mut self.bell {
            let _ = out.write_all(b"\x07").and_then(|()| out.flush());
        }
    }

    /// Queues a desktop notification; dropped if the last one is still being
    /// sent (a server that never answers holds one, never the screen).
    fn notify(&mut self, summary: &str, body: &str) {
        if let Some(tx) = &self.notifier {
            match tx.try_send((summary.to_string(), body.to_string())) {
                Ok(()) | Err(TrySendError::Full(_)) => {}
                Err(TrySendError::Disconnected(_)) => self.notifier = None,
            }
        }
    }
}

impl Output for Bell {
    fn on(&mut self, event: &Event, turn: &mut Turn) {
        match *event {
            Event::PhaseChanged(index) => {
                self.ring();
                let step = &turn.app.workout.steps()[index];
                let summary = format!("{} {}", phase_word(step.phase), step.length);
                self.notify(&summary, &step.label.clone());
            }
            Event::Countdown(_) => self.ring(),
            Event::Finished(_) => {
                self.ring();
                self.notify("Session complete", "rtr");
            }
            _ => {}
        }
    }

    fn heard(&mut self, wake: &Wake, turn: &mut Turn) {
        if let Wake::NotifyFailed(why) = wake {
            turn.log
                .write(&format!("desktop notification failed: {why}"));
            self.notifier = None;
            let text = "Desktop notifications are off: they could not be shown.";
            turn.app.notice(text.into(), turn.now);
        }
    }
}

/// A notification server that has not answered by then never will.
#[cfg(feature = "desktop-notify")]
const NOTIFY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

#[cfg(feature = "desktop-notify")]
fn spawn_notifier(report: Sender<Wake>) -> Option<SyncSender<Notification>> {
    // No session bus, no notifications: said at once, with no child.
    if let Err(why) = crate::paths::bus_reachable(crate::paths::Bus::Session) {
        let _ = report.send(Wake::NotifyFailed(why));
        return None;
    }
    let exe = crate::paths::own_exe().ok()?;
    let (tx, rx) = std::sync::mpsc::sync_channel::<Notification>(1);
    let spawned = std::thread::Builder::new()
        .name("notify".into())
        .spawn(move || {
            for (summary, body) in rx {
                if let Err(why) = notify_in_child(&exe, &summary, &body) {
                    let _ = report.send(Wake::NotifyFailed(why));
                    return;
                }
            }
        });
    spawned.ok().map(|_| tx)
}

/// Each notification is sent by a short-lived `rtr __notify` process: the
/// D-Bus library leaves worker threads that wake twice a second for as long
/// as their process lives, so they live in a child that exits at once.
#[cfg(feature = "desktop-notify")]
fn notify_in_child(exe: &std::path::Path, summary: &str, body: &str) -> Result<(), String> {
    use std::io::Read;
    use std::process::{Command, Stdio};

    let mut child = Command::new(exe)
        .args(["__notify", summary, body])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|err| format!("cannot start the notifier: {err}"))?;
    let started = std::time::Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(_)) => {
                let mut why = String::new();
                if let Some(mut stderr) = child.stderr.take() {
                    let _ = stderr.read_to_string(&mut why);
                }
                return Err(why.trim().to_string());
            }
            Ok(None) if started.elapsed() > NOTIFY_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err("the notification service did not answer".into());
            }
            Ok(None) => std::thread::sleep(std::time::Duration::from_millis(50)),
            Err(err) => return Err(err.to_string()),
        }
    }
}

/// `rtr __notify SUMMARY BODY`: shows one desktop notification and exits.
#[cfg(feature = "desktop-notify")]
pub fn show_notification(summary: &str, body: &str) -> std::process::ExitCode {
    let shown = notify_rust::Notification::new()
        .appname("rtr")
        .summary(summary)
        .body(body)
        .timeout(notify_rust::Timeout::Milliseconds(5000))
        .show();
    match shown {
        Ok(_) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("{err}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "desktop-notify"))]
fn spawn_notifier(report: Sender<Wake>) -> Option<SyncSender<Notification>> {
    let why = "this build of rtr has no desktop notifications".to_string();
    let _ = report.send(Wake::NotifyFailed(why));
    None
}
