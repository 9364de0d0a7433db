//! The tones rtr plays, generated as WAVs in memory: pure, no I/O.

use std::io::Cursor;

/// CD quality is not needed for beeps; this keeps the files small.
pub const SAMPLE_RATE: u32 = 22_050;
/// The click track only carries short ticks.
pub const CLICK_RATE: u32 = 8_000;
/// How long one click track lasts; it holds a whole number of beats at any
/// whole-number cadence, so playing it again continues the beat exactly.
pub const CLICK_TRACK_SECS: u32 = 60;

/// Half of full scale: loud over a treadmill without clipping when mixed.
const AMPLITUDE: f32 = 0.5 * i16::MAX as f32;
/// Fade in and out over this long so that no note starts with a pop.
const FADE_MS: u32 = 5;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Note {
    pub hz: f32,
    pub ms: u32,
}

const fn note(hz: f32, ms: u32) -> Note {
    Note { hz, ms }
}

/// One cue a tone stands for; each sounds different in pitch and shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cue {
    /// Work starts (a run, drills, an exercise): rising, high.
    Go,
    /// Easy starts (a walk, a rest): falling, low.
    Easy,
    /// One second of the 3-2-1: a short blip.
    Tick,
    /// The session is over: a rising arpeggio.
    End,
}

impl Cue {
    pub const ALL: [Cue; 4] = [Cue::Go, Cue::Easy, Cue::Tick, Cue::End];

    pub fn notes(self) -> &'static [Note] {
        const GO: [Note; 2] = [note(660.0, 150), note(990.0, 250)];
        const EASY: [Note; 2] = [note(660.0, 200), note(440.0, 300)];
        const TICK: [Note; 1] = [note(1000.0, 80)];
        const END: [Note; 4] = [
            note(523.0, 150),
            note(659.0, 150),
            note(784.0, 150),
            note(1047.0, 450),
        ];
        match self {
            Cue::Go => &GO,
            Cue::Easy => &EASY,
            Cue::Tick => &TICK,
            Cue::End => &END,
        }
    }

    pub fn file_name(self) -> &'static str {
        match self {
            Cue::Go => "go.wav",
            Cue::Easy => "easy.wav",
            Cue::Tick => "tick.wav",
            Cue::End => "end.wav",
        }
    }

    /// How long the tone plays, so that speech can wait for it.
    pub fn millis(self) -> u32 {
        self.notes().iter().map(|n| n.ms).sum()
    }

    pub fn wav(self) -> Vec<u8> {
        let samples: Vec<i16> = self
            .notes()
            .iter()
            .flat_map(|n| sine(n.hz, n.ms, SAMPLE_RATE))
            .collect();
        wav(&samples, SAMPLE_RATE)
    }
}

/// A sine with short fades, as 16-bit samples.
fn sine(hz: f32, ms: u32, rate: u32) -> impl Iterator<Item = i16> {
    let len = (u64::from(rate) * u64::from(ms) / 1000) as usize;
    let fade = (rate * FADE_MS / 1000) as usize;
    (0..len).map(move |i| {
        let envelope = (i.min(len - 1 - i) as f32 / fade as f32).min(1.0);
        let phase = std::f32::consts::TAU * hz * i as f32 / rate as f32;
        (phase.sin() * AMPLITUDE * envelope) as i16
    })
}

/// `CLICK_TRACK_SECS` of clicks at `spm` steps a minute, the first at 0.
/// Beat n sits at sample n·60·rate/spm, computed from n, so it never drifts.
pub fn click_track(spm: u32) -> Vec<u8> {
    let rate = u64::from(CLICK_RATE);
    let len = (rate * u64::from(CLICK_TRACK_SECS)) as usize;
    let mut samples = vec![0i16; len];
    let click: Vec<i16> = click_sound().collect();
    let beats = u64::from(spm) * u64::from(CLICK_TRACK_SECS) / 60;
    for n in 0..beats {
        let at = (n * 60 * rate / u64::from(spm)) as usize;
        for (slot, value) in samples[at..].iter_mut().zip(&click) {
            *slot = *value;
        }
    }
    wav(&samples, CLICK_RATE)
}

/// A woodblock-like tick: 15 ms of 1.5 kHz dying away fast.
fn click_sound() -> impl Iterator<Item = i16> {
    let len = (CLICK_RATE * 15 / 1000) as usize;
    (0..len).map(move |i| {
        let t = i as f32 / CLICK_RATE as f32;
        let decay = (-t * 300.0).exp();
        ((std::f32::consts::TAU * 1500.0 * t).sin() * AMPLITUDE * decay) as i16
    })
}

/// Mono 16-bit PCM in a WAV container, built in memory.
fn wav(samples: &[i16], rate: u32) -> Vec<u8> {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut bytes = Cursor::new(Vec::with_capacity(44 + samples.len() * 2));
    // Writing to memory cannot fail but for a size past 4 GiB.
    if let Ok(mut writer) = hound::WavWriter::new(&mut bytes, spec) {
        let mut writer16 = writer.get_i16_writer(samples.len() as u32);
        for sample in samples {
            writer16.write_sample(*sample);
        }
        let _ = writer16.flush();
        let _ = writer.finalize();
    }
    bytes.into_inner()
}
