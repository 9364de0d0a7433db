//! The simulated treadmill in a real session: the real binary in a
//! pseudo-terminal, `--treadmill sim`, a rehearsal of the demo at ×10.

mod common;

use common::Tty;

const SIZE: (u16, u16) = (120, 40);

fn sim_session(data: &tempfile::TempDir, extra: &[&str], env: &[(&str, &str)]) -> Tty {
    let dir = data.path().to_str().unwrap();
    let mut args = vec![
        "run",
        "--program",
        "programs/demo.ron",
        "1.1",
        "--speed",
        "10",
        "--no-notify",
        "--no-bell",
        "--no-sound",
        "--treadmill",
        "sim",
        "--data-dir",
        dir,
    ];
    args.extend(extra);
    Tty::spawn(&args, env, SIZE)
}

/// The speeds and inclines the simulated treadmill was asked, with when
/// (seconds of real time after the session's start), from rtr's log.
fn asked(data: &tempfile::TempDir) -> Vec<(String, f64)> {
    let log = std::fs::read_to_string(data.path().join("rtr.log")).unwrap_or_default();
    log.lines()
        .filter_map(|line| {
            let (_, rest) = line.split_once("treadmill: asked ")?;
            let (what, at) = rest.split_once(" at +")?;
            let secs = at.trim_end_matches(" s").parse().ok()?;
            Some((what.to_string(), secs))
        })
        .collect()
}

#[test]
fn the_simulated_belt_is_asked_each_step_s_speed_at_its_change() {
    let data = tempfile::tempdir().unwrap();
    let mut tty = sim_session(&data, &["--max-step", "10"], &[]);
    let screen = tty.wait_for("Belt: ");
    assert!(
        screen.contains(" km/h · "),
        "the belt's speed and distance: {screen}"
    );
    tty.wait_for("Session complete");
    tty.send("q");
    assert_eq!(tty.wait_exit(), 0);
    let asked = asked(&data);
    let speeds: Vec<&(String, f64)> = asked
        .iter()
        .filter(|(what, _)| what != "RequestControl")
        .collect();
    // At ×10: the warm-up ends at 2 s, each run and walk is 1.5 s.
    let expected = [
        ("incline 1.0 %", 2.0),
        ("speed 8.00 km/h", 2.0),
        ("speed 5.50 km/h", 3.5),
        ("incline 1.0 %", 5.0),
        ("speed 8.00 km/h", 5.0),
        ("speed 5.50 km/h", 6.5),
    ];
    assert!(speeds.len() >= expected.len(), "{asked:?}");
    for ((what, at), (want, due)) in speeds.iter().zip(expected) {
        assert_eq!(what, want, "in order: {asked:?}");
        assert!(
            (at - due).abs() < 0.5,
            "{what} at {at} s, due {due} s: {asked:?}"
        );
    }
}

#[test]
fn a_speed_above_the_limit_is_capped_on_screen_and_the_safety_key_pauses() {
    let data = tempfile::tempdir().unwrap();
    let mut tty = sim_session(
        &data,
        &["--max-speed", "7", "--max-step", "10"],
        &[("RTR_SIM_SAFETY_KEY_AFTER", "3")],
    );
    let capped = tty.wait_for("capped at 7.0 km/h (max_speed)");
    assert!(capped.contains("» RUN"), "{capped}");
    let paused = tty.wait_for("The safety key is out");
    assert!(paused.contains("PAUSED"), "{paused}");
    tty.send("q");
    tty.wait_for("End the session?");
    tty.send("y");
    tty.wait_for("Session ended early");
    tty.send("q");
    assert_eq!(tty.wait_exit(), 0);
    let asked = asked(&data);
    assert!(
        asked.iter().all(|(what, _)| what != "speed 8.00 km/h"),
        "never above the limit: {asked:?}"
    );
}

#[test]
fn a_recorded_session_keeps_the_metres_heart_rate_and_cadence_of_each_step() {
    let data = tempfile::tempdir().unwrap();
    common::enroll_demo(data.path());
    let dir = data.path().to_str().unwrap();
    let args = [
        "run",
        "--program",
        "programs/demo.ron",
        "1.1",
        "--no-notify",
        "--no-bell",
        "--no-sound",
        "--treadmill",
        "sim",
        "--strap",
        "sim",
        "--footpod",
        "sim",
        "--data-dir",
        dir,
    ];
    let mut tty = Tty::spawn(&args, &[], SIZE);
    tty.wait_for("Before you start");
    tty.send("0");
    tty.wait_for("Warm-up done");
    tty.send("0");
    // Into the first run (20 s in, real time), then a few seconds of it.
    tty.wait_for("» RUN · 0:1");
    let running = tty.wait_for("» RUN · 0:11");
    assert!(running.contains("Heart rate: "), "{running}");
    assert!(running.contains("(target 170)"), "{running}");
    tty.send("q");
    tty.wait_for("End the session?");
    tty.send("y");
    for (question, key) in [
        ("Worst knee pain", "0"),
        ("And knee pain right now", "0"),
        ("Any swelling", "n"),
        ("Any of these now", "n"),
    ] {
        tty.wait_for(question);
        tty.send(key);
    }
    tty.wait_for("Any key goes on");
    tty.send("x");
    tty.wait_until("the box is closed", |s| !s.contains("Any key goes on"));
    tty.send("q");
    assert_eq!(tty.wait_exit(), 0);
    let journal = std::fs::read_to_string(data.path().join("journal.jsonl")).unwrap();
    let session: serde_json::Value = journal
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .find(|record| record["kind"] == "session")
        .expect("a session record");
    let metres = |step: usize| session["steps"][step]["distance_m"].as_f64();
    let (warm_up, run) = (metres(0), metres(1));
    // The runner's 2.0 km/h for 20 s is about 11 m; then up towards 8.0.
    assert!(
        warm_up.is_some_and(|m| (5.0..=15.0).contains(&m)),
        "{session}"
    );
    assert!(run.is_some_and(|m| m > 3.0), "{session}");
    // The belt's own average speed: the runner's 2.0 km/h in the warm-up.
    let belt = |step: usize| session["steps"][step]["belt_kmh"].as_f64();
    assert!(
        belt(0).is_some_and(|kmh| (1.5..=2.1).contains(&kmh)),
        "{session}"
    );
    assert!(belt(1).is_some_and(|kmh| kmh > 2.0), "{session}");
    // The simulated strap and footpod: each step's heart rate and cadence.
    let step = |i: usize, key: &str| session["steps"][i][key].as_u64();
    let (average, peak) = (step(1, "heart_rate"), step(1, "peak_heart_rate"));
    assert!(
        average.is_some_and(|bpm| (70..=160).contains(&bpm)),
        "{session}"
    );
    assert!(peak >= average, "{session}");
    assert_eq!(step(0, "cadence"), Some(115), "the walk's: {session}");
    assert_eq!(step(1, "cadence"), Some(170), "the run's target: {session}");
}
