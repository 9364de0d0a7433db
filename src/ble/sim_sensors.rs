//! A simulated heart-rate strap and footpod: they send the same Heart Rate
//! Measurement and RSC bytes a real strap and pod would, from a simple
//! model of a runner on the belt. Time is passed in.

use std::time::Instant;

use super::codec::{HeartRate, Rsc};

/// The runner's heart rate heads for `REST + PER_KMH × speed`, closing a
/// fifth of the gap a second.
const REST: f64 = 70.0;
const PER_KMH: f64 = 10.0;
const EASE: f64 = 0.2;

#[derive(Debug, Clone)]
pub struct SimSensors {
    bpm: f64,
    at: Instant,
}

impl SimSensors {
    pub fn new(now: Instant) -> Self {
        SimSensors { bpm: REST, at: now }
    }

    /// The strap's next measurement, the runner moving at `kmh`.
    pub fn heart_rate(&mut self, kmh: f64, now: Instant) -> Vec<u8> {
        let secs = now.saturating_duration_since(self.at).as_secs_f64();
        self.at = self.at.max(now);
        let aim = REST + PER_KMH * kmh;
        self.bpm += (aim - self.bpm) * (EASE * secs).min(1.0);
        HeartRate {
            bpm: self.bpm.round() as u16,
            energy: None,
            rr: Vec::new(),
        }
        .encode()
    }

    /// The pod's next measurement: `cadence` steps a minute at `kmh`.
    pub fn footpod(&self, kmh: f64, cadence: u8) -> Vec<u8> {
        Rsc {
            speed: (kmh / 3.6 * 256.0).round() as u16,
            cadence,
            stride: None,
            distance: None,
            running: kmh >= 7.0,
        }
        .encode()
    }
}
