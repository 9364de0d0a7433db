//! A link to one device, as the session sees it: bytes written to a
//! characteristic, and what came back. The simulated treadmill and the
//! radio both stand behind it, so the session's treadmill code is the same
//! for both.

use std::time::Instant;

/// What a link heard since it was last asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Heard {
    /// Linked (again): a treadmill must be asked for control again.
    Linked,
    /// The link is down; the radio tries again in the background.
    Lost,
    /// A notification or indication from the characteristic.
    Bytes { characteristic: u16, value: Vec<u8> },
}

pub trait Link {
    /// Writes to a characteristic (a treadmill's control point); the reply
    /// comes back as heard bytes.
    fn write(&mut self, characteristic: u16, bytes: &[u8], now: Instant);
    /// Everything heard since the last call.
    fn heard(&mut self, now: Instant) -> Vec<Heard>;
    /// When it next has something to say by itself, if it knows.
    fn next_due(&self) -> Option<Instant> {
        None
    }
}
