//! Cues at phase changes: the terminal bell, and a desktop notification sent
//! from a thread of its own so that a missing or hung D-Bus never stalls the
//! screen.

use std::io::Write;
use std::sync::mpsc::{self, Sender, SyncSender, TrySendError};

/// What the notification thread tells the app.
#[derive(Debug)]
pub enum NotifyStatus {
    /// The first failure: notifications are off from now on.
    Failed(String),
}

pub struct Cues {
    bell: bool,
    notifier: Option<SyncSender<(String, String)>>,
}

impl Cues {
    /// `report` receives the notification thread's failure, once.
    pub fn new<T>(bell: bool, notify: bool, report: Sender<T>) -> Self
    where
        T: From<NotifyStatus> + Send + 'static,
    {
        Cues {
            bell,
            notifier: notify.then(|| spawn_notifier(report)).flatten(),
        }
    }

    pub fn silent() -> Self {
        Cues {
            bell: false,
            notifier: None,
        }
    }

    /// Rings the terminal bell (BEL) between frames.
    pub fn bell(&self, out: &mut impl Write) {
        if self.bell {
            let _ = out.write_all(b"\x07").and_then(|()| out.flush());
        }
    }

    /// Queues a desktop notification; dropped if the last one is still being
    /// sent (a server that never answers holds one, never the screen).
    pub fn notify(&mut self, summary: &str, body: &str) {
        if let Some(tx) = &self.notifier {
            match tx.try_send((summary.to_string(), body.to_string())) {
                Ok(()) | Err(TrySendError::Full(_)) => {}
                Err(TrySendError::Disconnected(_)) => self.notifier = None,
            }
        }
    }

    /// After a failure the thread is gone: stop queueing.
    pub fn notifications_failed(&mut self) {
        self.notifier = None;
    }
}

#[cfg(feature = "desktop-notify")]
fn spawn_notifier<T>(report: Sender<T>) -> Option<SyncSender<(String, String)>>
where
    T: From<NotifyStatus> + Send + 'static,
{
    let (tx, rx) = mpsc::sync_channel::<(String, String)>(1);
    let spawned = std::thread::Builder::new()
        .name("notify".into())
        .spawn(move || {
            for (summary, body) in rx {
                let shown = notify_rust::Notification::new()
                    .appname("rtr")
                    .summary(&summary)
                    .body(&body)
                    .timeout(notify_rust::Timeout::Milliseconds(5000))
                    .show();
                if let Err(err) = shown {
                    let _ = report.send(NotifyStatus::Failed(err.to_string()).into());
                    return;
                }
            }
        });
    spawned.ok().map(|_| tx)
}

#[cfg(not(feature = "desktop-notify"))]
fn spawn_notifier<T>(report: Sender<T>) -> Option<SyncSender<(String, String)>>
where
    T: From<NotifyStatus> + Send + 'static,
{
    let failed = NotifyStatus::Failed("this build of rtr has no desktop notifications".into());
    let _ = report.send(failed.into());
    None
}
