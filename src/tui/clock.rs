//! The session's clock as the app sees it: real time, or N times faster in a
//! rehearsal; and the laptop's sleep, found by comparing two clocks.

use std::time::{Duration, Instant};

/// Maps real instants to session instants and back. At speed 1 they are equal.
#[derive(Debug, Clone, Copy)]
pub struct SessionClock {
    origin: Instant,
    speed: u32,
}

impl SessionClock {
    pub fn new(origin: Instant, speed: u32) -> Self {
        SessionClock {
            origin,
            speed: speed.max(1),
        }
    }

    /// The session time at real time `real`.
    pub fn session_time(&self, real: Instant) -> Instant {
        self.origin + real.saturating_duration_since(self.origin) * self.speed
    }

    /// The first real instant at which the session time reaches `at`
    /// (rounded up, so that waking then always finds it reached).
    pub fn real_time(&self, at: Instant) -> Instant {
        let nanos = at.saturating_duration_since(self.origin).as_nanos();
        let real = nanos.div_ceil(u128::from(self.speed));
        self.origin + Duration::from_nanos(real.min(u128::from(u64::MAX)) as u64)
    }
}

/// Watches for the computer sleeping: the monotonic clock (which `Instant`
/// reads on Linux) stops during suspend, the boot-time clock does not.
pub struct SleepWatch {
    last: Option<(Instant, Duration)>,
}

/// A gap shorter than this is scheduling noise, not a sleep.
const SLEEP_THRESHOLD: Duration = Duration::from_secs(3);

impl SleepWatch {
    pub fn new() -> Self {
        SleepWatch {
            last: boot_time().map(|b| (Instant::now(), b)),
        }
    }

    /// How long the computer slept since the last call, if it did.
    pub fn check(&mut self) -> Option<Duration> {
        let (last_mono, last_boot) = self.last?;
        let (mono, boot) = (Instant::now(), boot_time()?);
        self.last = Some((mono, boot));
        slept(mono - last_mono, boot.saturating_sub(last_boot))
    }
}

impl Default for SleepWatch {
    fn default() -> Self {
        Self::new()
    }
}

/// The part of the boot-clock gap that the monotonic clock did not see.
pub fn slept(monotonic: Duration, boot: Duration) -> Option<Duration> {
    let gap = boot.saturating_sub(monotonic);
    (gap >= SLEEP_THRESHOLD).then_some(gap)
}

#[cfg(target_os = "linux")]
fn boot_time() -> Option<Duration> {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::Boottime);
    Some(Duration::new(t.tv_sec as u64, t.tv_nsec as u32))
}

#[cfg(not(target_os = "linux"))]
fn boot_time() -> Option<Duration> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rehearsal_clock_runs_n_times_faster_and_maps_back_exactly() {
        let t0 = Instant::now();
        let clock = SessionClock::new(t0, 20);
        assert_eq!(
            clock.session_time(t0 + Duration::from_secs(5)),
            t0 + Duration::from_secs(100)
        );
        let due = t0 + Duration::from_millis(1001);
        let wake = clock.real_time(due);
        assert!(
            clock.session_time(wake) >= due,
            "never wakes before it is due"
        );
        assert!(wake - t0 <= Duration::from_nanos(50_050_000));
        let real = SessionClock::new(t0, 1);
        assert_eq!(real.real_time(due), due);
    }

    #[test]
    fn a_sleep_is_the_boot_clock_gap_the_monotonic_clock_missed() {
        let s = Duration::from_secs;
        assert_eq!(slept(s(1), s(1)), None);
        assert_eq!(slept(s(1), s(3)), None, "two seconds is noise");
        assert_eq!(slept(s(1), s(601)), Some(s(600)));
        assert_eq!(slept(s(5), s(1)), None);
    }
}
