//! The sound's pure parts: the tones and the click track read back as WAVs,
//! the metronome's schedule, what the voice says, and finding the players.

use std::path::Path;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use rtr::program::{self, Cadence, SessionId};
use rtr::sound::players::{self, PLAYERS};
use rtr::sound::speech::{self, Halfway, spoken_length, step_words};
use rtr::sound::tones::{self, CLICK_RATE, CLICK_TRACK_SECS, Cue, SAMPLE_RATE};
use rtr::workout::{Length, Metronome, PainThresholds, Workout, flatten_session};

fn read_wav(bytes: &[u8]) -> (hound::WavSpec, Vec<i16>) {
    let reader = hound::WavReader::new(std::io::Cursor::new(bytes)).expect("a valid WAV");
    let spec = reader.spec();
    let samples = reader.into_samples::<i16>().map(Result::unwrap).collect();
    (spec, samples)
}

/// The pitch of a stretch of sine, from its upward zero crossings.
fn pitch(samples: &[i16], rate: u32) -> f32 {
    let crossings: Vec<usize> = samples
        .windows(2)
        .enumerate()
        .filter(|(_, w)| w[0] < 0 && w[1] >= 0)
        .map(|(i, _)| i)
        .collect();
    let (first, last) = (crossings[0], *crossings.last().unwrap());
    (crossings.len() - 1) as f32 * rate as f32 / (last - first) as f32
}

#[test]
fn every_tone_is_a_mono_wav_of_its_length_and_pitches() {
    for cue in Cue::ALL {
        let (spec, samples) = read_wav(&cue.wav());
        assert_eq!(spec.channels, 1, "{cue:?}");
        assert_eq!(spec.sample_rate, SAMPLE_RATE, "{cue:?}");
        assert_eq!(spec.bits_per_sample, 16, "{cue:?}");
        let note_len = |ms: u32| (SAMPLE_RATE * ms / 1000) as usize;
        let expected: usize = cue.notes().iter().map(|n| note_len(n.ms)).sum();
        assert_eq!(samples.len(), expected, "{cue:?}");
        let ms = samples.len() as u32 * 1000 / SAMPLE_RATE;
        assert!(
            ms.abs_diff(cue.millis()) <= 1,
            "{cue:?} lasts {} ms",
            cue.millis()
        );
        let mut start = 0;
        for note in cue.notes() {
            let len = (SAMPLE_RATE * note.ms / 1000) as usize;
            let measured = pitch(&samples[start..start + len], SAMPLE_RATE);
            let error = (measured - note.hz).abs() / note.hz;
            assert!(error < 0.02, "{cue:?}: {measured} Hz for {} Hz", note.hz);
            start += len;
        }
    }
}

#[test]
fn the_cues_sound_different() {
    let first = |cue: Cue| cue.notes()[0].hz;
    let last = |cue: Cue| cue.notes().last().unwrap().hz;
    assert!(last(Cue::Go) > first(Cue::Go), "work rises");
    assert!(last(Cue::Easy) < first(Cue::Easy), "easy falls");
    assert!(Cue::Tick.millis() < 100, "a tick is short");
    assert!(Cue::End.notes().len() >= 3, "the end is an arpeggio");
}

#[test]
fn a_click_track_holds_one_click_a_step_at_the_exact_sample() {
    for spm in [150, 170, 173, 184] {
        let (spec, samples) = read_wav(&tones::click_track(spm));
        assert_eq!(spec.sample_rate, CLICK_RATE);
        assert_eq!(samples.len(), (CLICK_RATE * CLICK_TRACK_SECS) as usize);
        // A click starts with sound after a silence longer than a click.
        let silent_before = |i: usize| i >= 40 && samples[i - 40..i].iter().all(|s| *s == 0);
        let onsets: Vec<u64> = (0..samples.len())
            .filter(|&i| samples[i] != 0 && (i <= 1 || silent_before(i)))
            .map(|i| i as u64)
            .collect();
        let rate = u64::from(CLICK_RATE);
        let expected: Vec<u64> = (0..u64::from(spm))
            .map(|n| n * 60 * rate / u64::from(spm))
            .collect();
        // A click's first sample is sin(0) = 0: its sound starts one later.
        let onsets: Vec<u64> = onsets.iter().map(|i| i.saturating_sub(1)).collect();
        assert_eq!(onsets, expected, "{spm} steps a minute");
    }
}

#[test]
fn an_hour_of_beats_at_170_ends_exactly_on_the_hour() {
    let anchor = Instant::now();
    let beat = Metronome::new(170, anchor);
    assert_eq!(beat.beat(170 * 60), anchor + Duration::from_secs(3600));
    // A fake clock that wakes late by up to 3 ms, as a loaded machine would.
    let mut now = anchor;
    let mut last = 0;
    // Beats fall on whole nanoseconds: a gap is the period or 1 ns more.
    let period = Duration::from_nanos(60_000_000_000 / 170 + 1);
    for i in 0..(170 * 60) {
        let next = beat.next(now);
        assert!(next > now && next - now <= period, "beat {i}");
        now = next + Duration::from_micros((i * 7919) % 3000);
        let count = beat.count(now);
        assert_eq!(count, last + 1, "one beat a wake, none lost or doubled");
        last = count;
    }
    assert_eq!(last, 170 * 60);
    assert!(now - anchor < Duration::from_secs(3600) + Duration::from_millis(3));
}

proptest! {
    #[test]
    fn the_beat_count_and_the_next_beat_agree(spm in 100u32..230, offset_ms in 0u64..7_200_000) {
        let anchor = Instant::now();
        let beat = Metronome::new(spm, anchor);
        let now = anchor + Duration::from_millis(offset_ms);
        let n = beat.count(now);
        prop_assert!(beat.beat(n) <= now);
        prop_assert!(beat.beat(n + 1) > now);
        prop_assert_eq!(beat.next(now), beat.beat(n + 1));
        let start = beat.at_or_after(now);
        prop_assert!(start >= now && start <= beat.beat(n + 1));
    }
}

/// The built-in program's session 1.1, flattened.
fn first_session_steps() -> Vec<rtr::workout::FlatStep> {
    let id = SessionId {
        week: 1,
        session: 1,
    };
    flatten_session(&program::builtin(), id).unwrap()
}

#[test]
fn the_voice_says_the_step_and_how_many_intervals_are_left() {
    let steps = first_session_steps();
    let said: Vec<String> = (0..steps.len()).map(|i| step_words(&steps, i)).collect();
    let cases = [
        (0, "Walk, five minutes"),
        (1, "Drills: leg swings, marching, three minutes"),
        (2, "Run, one minute"),
        (3, "Walk, four minutes"),
        (8, "Run, one minute. Three intervals left"),
        (10, "Run, one minute. Two intervals left"),
        (12, "Run, one minute. Last interval"),
    ];
    for (index, words) in cases {
        assert_eq!(said[index], words, "step {index}");
    }
}

#[test]
fn lengths_are_said_in_words() {
    let cases = [
        (Length::Seconds(60), "one minute"),
        (Length::Seconds(90), "one minute thirty"),
        (Length::Seconds(240), "four minutes"),
        (Length::Seconds(45), "forty-five seconds"),
        (Length::Seconds(1), "one second"),
        (Length::Seconds(20 * 60 + 5), "twenty minutes five"),
        (Length::Reps(10), "10 reps"),
    ];
    for (length, words) in cases {
        assert_eq!(spoken_length(length), words);
    }
}

#[test]
fn halfway_is_said_once_when_half_the_main_set_is_behind() {
    let steps = first_session_steps();
    let mut workout = Workout::new(steps, PainThresholds { red: 5, stop: 7 });
    let start = Instant::now();
    workout.start(start);
    let mut halfway = Halfway::new(&workout, start);
    // 8 min of warm-up, then 30 min of main set: half of it 23 min in.
    let mut said = Vec::new();
    for second in 0..(50 * 60) {
        let now = start + Duration::from_secs(second);
        workout.advance(now);
        if halfway.due(&workout, now) {
            said.push(second);
        }
    }
    assert_eq!(said, vec![23 * 60], "{}", speech::HALFWAY);
}

#[test]
fn a_player_is_found_on_path_in_order_of_preference() {
    let dir = tempfile::tempdir().unwrap();
    let make = |name: &str, mode: u32| {
        let path = dir.path().join(name);
        std::fs::write(&path, "#!/bin/sh\n").unwrap();
        let mut perms = std::fs::metadata(&path).unwrap().permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perms, mode);
        std::fs::set_permissions(&path, perms).unwrap();
    };
    let path_var = std::env::join_paths([Path::new("/nonexistent"), dir.path()]).unwrap();
    assert_eq!(
        players::find_in(&PLAYERS, Some(&path_var)),
        None,
        "none yet"
    );
    make("aplay", 0o644);
    assert_eq!(
        players::find_in(&PLAYERS, Some(&path_var)),
        None,
        "not executable"
    );
    make("aplay", 0o755);
    make("paplay", 0o755);
    let found = players::find_in(&PLAYERS, Some(&path_var)).unwrap();
    assert_eq!(found.name(), "paplay", "PulseAudio before ALSA");
    assert_eq!(players::find_in(&PLAYERS, None), None, "no PATH at all");
    assert_eq!(players::names(&PLAYERS), "pw-play, paplay, aplay or afplay");
}

#[test]
fn cadences_are_read_in_their_two_forms_and_kept_within_ten_percent() {
    let good = [
        ("+5%", Cadence::Raise(5.0)),
        ("+7.5 %", Cadence::Raise(7.5)),
        ("+10%", Cadence::Raise(10.0)),
        ("172 spm", Cadence::Spm(172)),
        ("172spm", Cadence::Spm(172)),
        ("172", Cadence::Spm(172)),
    ];
    for (text, cadence) in good {
        assert_eq!(text.parse::<Cadence>(), Ok(cadence), "{text}");
    }
    let bad = [
        ("+12%", "never more"),
        ("+-3%", "out of range"),
        ("90 spm", "out of range: 100 to 230"),
        ("fast", "is not a cadence"),
    ];
    for (text, why) in bad {
        let err = text.parse::<Cadence>().unwrap_err();
        assert!(err.contains(why), "{text}: {err}");
    }
    assert_eq!(Cadence::Raise(5.0).spm(Some(160)), Some(168));
    assert_eq!(Cadence::Raise(7.5).spm(Some(165)), Some(177));
    assert_eq!(
        Cadence::Raise(5.0).spm(None),
        None,
        "needs the runner's own"
    );
    assert_eq!(Cadence::Spm(172).spm(None), Some(172));
}

#[test]
fn the_built_in_program_raises_cadence_from_week_3_and_never_past_10_percent() {
    let program = program::builtin();
    for (w, week) in program.weeks.iter().enumerate() {
        match (w + 1, week.cadence) {
            (1..=2, None) => {}
            (3.., Some(Cadence::Raise(percent))) => assert!((5.0..=10.0).contains(&percent)),
            (week, cadence) => panic!("week {week}: {cadence:?}"),
        }
    }
    let steps = flatten_session(
        &program,
        SessionId {
            week: 3,
            session: 1,
        },
    )
    .unwrap();
    for step in &steps {
        let expected = (step.phase == rtr::workout::Phase::Run).then_some(Cadence::Raise(5.0));
        assert_eq!(step.cadence, expected, "{}", step.label);
    }
}

#[test]
fn a_cadence_on_a_walk_or_out_of_range_is_an_error_at_its_place() {
    let text = "Program(\n    name: \"t\",\n    weeks: [Week(sessions: [Session(main: [\n        Walk(time: \"1m\", cadence: \"+5%\"),\n    ])])],\n)\n";
    let err = program::parse_program("t.ron", text)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("t.ron:4:35: only a Run has a target cadence"),
        "{err}"
    );
    let text = "Program(\n    name: \"t\",\n    weeks: [Week(cadence: \"+15%\", sessions: [Session(main: [Run(time: \"1m\")])])],\n)\n";
    let err = program::parse_program("t.ron", text)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("t.ron:3:28:"), "{err}");
    assert!(err.contains("never more"), "{err}");
}
