//! The cadence beat: beat n falls at anchor + n·60/spm seconds, computed from
//! n every time, so an hour of beats ends exactly on the hour.

use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Metronome {
    spm: u32,
    anchor: Instant,
}

const NANOS_A_MINUTE: u128 = 60_000_000_000;

impl Metronome {
    /// Steps a minute from beat 0 at `anchor`; `spm` of 0 is taken as 1.
    pub fn new(spm: u32, anchor: Instant) -> Self {
        Metronome {
            spm: spm.max(1),
            anchor,
        }
    }

    pub fn spm(&self) -> u32 {
        self.spm
    }

    pub fn anchor(&self) -> Instant {
        self.anchor
    }

    /// When beat `n` falls.
    pub fn beat(&self, n: u64) -> Instant {
        let nanos = u128::from(n) * NANOS_A_MINUTE / u128::from(self.spm);
        self.anchor + Duration::from_nanos(nanos.min(u128::from(u64::MAX)) as u64)
    }

    /// The last beat at or before `now` (0 before the anchor).
    pub fn count(&self, now: Instant) -> u64 {
        let elapsed = now.saturating_duration_since(self.anchor).as_nanos();
        let mut n = (elapsed * u128::from(self.spm) / NANOS_A_MINUTE) as u64;
        // Integer division rounds both ways here; settle on the exact beat.
        while self.beat(n + 1) <= now {
            n += 1;
        }
        while n > 0 && self.beat(n) > now {
            n -= 1;
        }
        n
    }

    /// The first beat strictly after `now`.
    pub fn next(&self, now: Instant) -> Instant {
        if now < self.anchor {
            return self.anchor;
        }
        self.beat(self.count(now) + 1)
    }

    /// The first beat at or after `now`: where a click track should start.
    pub fn at_or_after(&self, now: Instant) -> Instant {
        let last = self.beat(self.count(now));
        if last >= now { last } else { self.next(now) }
    }
}
