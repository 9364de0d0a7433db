//! TCX export: sessions driven through the workout with a fake clock and
//! recorded as the recorder records them, exported, read back and validated
//! against Garmin's TrainingCenterDatabase v2 schema with xmllint. A missing
//! xmllint fails these tests (install libxml2-utils): it is never a skip.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use rtr::coach::records::{Record, SessionFacts, SessionRecord};
use rtr::export::{self, NotExported};
use rtr::program::{self, Program, SessionId, SpeedUnit};
use rtr::workout::{Ending, Length, Part, Phase, Workout, session_workout};

const XSD: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/TrainingCenterDatabasev2.xsd"
);

fn demo() -> Program {
    program::load_file(&Path::new(env!("CARGO_MANIFEST_DIR")).join("programs/demo.ron")).unwrap()
}

fn start() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2025-03-04T07:15:00+01:00").unwrap()
}

/// The session's record as the recorder writes it at `now`, ended at
/// `ended` on the wall clock.
fn record(
    program: &Program,
    id: SessionId,
    workout: &Workout,
    now: Instant,
    ended: DateTime<FixedOffset>,
    resumed: bool,
) -> SessionRecord {
    let facts = SessionFacts {
        id: start().to_rfc3339(),
        program: &program.name,
        program_hash: program.source_hash.clone(),
        program_id: program.id.clone(),
        session: id,
        off_plan: false,
        instead: None,
        started: start(),
        ended,
        resumed,
        speed_unit: program.speed_unit,
        own_cadence: None,
    };
    SessionRecord::new(facts, workout, &workout.summary(now))
}

/// Session `id` of `program`, its clock started at the returned instant.
fn begun(program: &Program, id: SessionId) -> (Workout, Instant) {
    let mut workout = session_workout(program, id).unwrap();
    let t0 = Instant::now();
    workout.start(t0);
    (workout, t0)
}

/// The wall-clock end of a session that was never interrupted.
fn ended_at(workout: &Workout, now: Instant) -> DateTime<FixedOffset> {
    let summary = workout.summary(now);
    start() + chrono::Duration::from_std(summary.active + summary.paused).unwrap()
}

/// Session `id` of `program` begun and run to the start of its first run:
/// the time since its start, and the run's index.
fn to_first_run(program: &Program, id: SessionId) -> (Workout, Instant, usize) {
    let (mut workout, t0) = begun(program, id);
    let run = workout
        .steps()
        .iter()
        .position(|s| s.phase == Phase::Run)
        .unwrap();
    let at = run_to_step(&mut workout, t0, run);
    (workout, at, run)
}

/// Session `id` of `program` run from start to end, as recorded.
fn whole(program: &Program, id: SessionId) -> (Workout, SessionRecord) {
    let (mut workout, t0) = begun(program, id);
    let end = run_to_end(&mut workout, t0);
    let session = record(program, id, &workout, end, start(), false);
    (workout, session)
}

const D11: SessionId = SessionId {
    week: 1,
    session: 1,
};

/// Runs every step to its end (a rep set done after its estimate).
fn run_to_end(workout: &mut Workout, mut now: Instant) -> Instant {
    while !workout.is_finished() {
        let step = workout.current().unwrap().clone();
        now += Duration::from_secs(u64::from(step.length.estimated_secs()));
        match step.length {
            Length::Seconds(_) => workout.advance(now),
            Length::Reps(_) => workout.done(now),
        };
    }
    now
}

/// Moves to the start of step `index` by letting each step run out.
fn run_to_step(workout: &mut Workout, mut now: Instant, index: usize) -> Instant {
    while workout.index() < index {
        now += Duration::from_secs(u64::from(
            workout.current().unwrap().length.estimated_secs(),
        ));
        workout.advance(now);
    }
    now
}

/// What a lap of the file says.
#[derive(Debug)]
struct Lap {
    start: String,
    seconds: f64,
    metres: f64,
    intensity: String,
    trigger: String,
    tracks: Vec<Vec<String>>,
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    text.split(open)
        .skip(1)
        .map(|part| part.split(close).next().unwrap())
        .collect()
}

fn laps_of(tcx: &str) -> Vec<Lap> {
    tcx.split("<Lap StartTime=\"")
        .skip(1)
        .map(|lap| Lap {
            start: lap.split('"').next().unwrap().to_string(),
            seconds: between(lap, "<TotalTimeSeconds>", "<")[0].parse().unwrap(),
            metres: between(lap, "<DistanceMeters>", "<")[0].parse().unwrap(),
            intensity: between(lap, "<Intensity>", "<")[0].to_string(),
            trigger: between(lap, "<TriggerMethod>", "<")[0].to_string(),
            tracks: between(lap, "<Track>", "</Track>")
                .into_iter()
                .map(|track| {
                    between(track, "<Time>", "<")
                        .into_iter()
                        .map(str::to_string)
                        .collect()
                })
                .collect(),
        })
        .collect()
}

fn utc(text: &str) -> DateTime<chrono::Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

/// Validates with xmllint against the schema; panics with its words if not.
fn validate(tcx: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("session.tcx");
    std::fs::write(&file, tcx).unwrap();
    let checked = xmllint(&file);
    assert!(
        checked.status.success(),
        "the TCX does not validate:\n{}\n{tcx}",
        String::from_utf8_lossy(&checked.stderr)
    );
}

fn xmllint(file: &Path) -> std::process::Output {
    Command::new("xmllint")
        .args(["--noout", "--schema", XSD])
        .arg(file)
        .output()
        .expect("xmllint is needed to validate TCX files: apt-get install libxml2-utils")
}

/// Every trackpoint time in order, never going back.
fn assert_times_go_on(laps: &[Lap]) {
    let times: Vec<_> = laps
        .iter()
        .flat_map(|lap| lap.tracks.iter().flatten())
        .map(|t| utc(t))
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
}

/// The round trip of a session run from start to end: one lap a step of
/// the run, in order, with its time to the second, its intensity, and the
/// distance of the program's speed × time; the circuit is not in it.
fn round_trip(program: &Program, id: SessionId) {
    let mut workout = session_workout(program, id).unwrap();
    let t0 = Instant::now();
    workout.start(t0);
    let end = run_to_end(&mut workout, t0);
    let ended = ended_at(&workout, end);
    let session = record(program, id, &workout, end, ended, false);
    let run_steps: Vec<_> = workout
        .steps()
        .iter()
        .filter(|s| s.part != Part::Circuit)
        .collect();
    assert_eq!(session.steps.len(), run_steps.len());
    let tcx = export::tcx(&session).unwrap();
    validate(&tcx);
    let laps = laps_of(&tcx);
    assert_eq!(laps.len(), run_steps.len(), "one lap a step of the run");
    let mut metres = 0.0;
    for (lap, step) in laps.iter().zip(&run_steps) {
        assert_eq!(lap.seconds.round() as u32, step.length.estimated_secs());
        let intensity = if step.phase == Phase::Run {
            "Active"
        } else {
            "Resting"
        };
        assert_eq!(lap.intensity, intensity, "{}", step.label);
        assert_eq!(lap.trigger, "Time");
        assert_eq!(lap.tracks.len(), 1, "no pause, one track");
        let expected = match step.speed {
            Some(kmh) => {
                let kmh = match program.speed_unit {
                    SpeedUnit::Kmh => f64::from(kmh),
                    SpeedUnit::Mph => f64::from(kmh) * 1.609_344,
                };
                kmh / 3.6 * f64::from(step.length.estimated_secs())
            }
            None => 0.0,
        };
        assert!((lap.metres - expected).abs() < 0.06, "{lap:?} {expected}");
        metres += expected;
    }
    let total: f64 = laps.iter().map(|l| l.metres).sum();
    assert!((total - metres).abs() < 0.5, "{total} {metres}");
    // The laps follow one another with no gap, from the start, in UTC.
    assert_eq!(laps[0].start, "2025-03-04T06:15:00Z");
    for pair in laps.windows(2) {
        let last = pair[0].tracks.last().unwrap().last().unwrap();
        assert_eq!(utc(last), utc(&pair[1].start));
    }
    assert_times_go_on(&laps);
    // The last trackpoint's cumulative distance is the sum of the laps'.
    let cumulative: Vec<f64> = between(&tcx, "<Trackpoint>", "</Trackpoint>")
        .iter()
        .filter_map(|t| between(t, "<DistanceMeters>", "<").first().copied())
        .map(|m| m.parse().unwrap())
        .collect();
    if metres > 0.0 {
        assert!((cumulative.last().unwrap() - metres).abs() < 0.5);
        assert!(cumulative.windows(2).all(|w| w[0] <= w[1]));
        assert!(tcx.contains("an estimate from the program's treadmill speed"));
    }
}

#[test]
fn a_demo_session_round_trips_and_validates() {
    round_trip(&demo(), D11);
}

#[test]
fn a_demo_session_with_its_circuit_leaves_the_circuit_out() {
    let demo = demo();
    let id = SessionId {
        week: 1,
        session: 2,
    };
    let workout = session_workout(&demo, id).unwrap();
    assert!(
        workout.steps().iter().any(|s| s.part == Part::Circuit),
        "1.2 has a circuit"
    );
    round_trip(&demo, id);
}

#[test]
fn full_built_in_sessions_round_trip_and_validate() {
    let builtin = program::builtin();
    for id in [(1, 1), (5, 2), (10, 3)] {
        round_trip(
            &builtin,
            SessionId {
                week: id.0,
                session: id.1,
            },
        );
    }
}

#[test]
fn a_pause_is_a_gap_between_two_tracks_not_time_running() {
    let demo = demo();
    let id = D11;
    let (mut workout, run_at, run) = to_first_run(&demo, id);
    let at = run_at + Duration::from_secs(5);
    workout.pause(at);
    workout.resume(at + Duration::from_secs(30));
    let end = run_to_end(&mut workout, at + Duration::from_secs(30));
    let ended = ended_at(&workout, end);
    let session = record(&demo, id, &workout, end, ended, false);
    let tcx = export::tcx(&session).unwrap();
    validate(&tcx);
    let laps = laps_of(&tcx);
    let lap = &laps[run];
    assert_eq!(lap.tracks.len(), 2, "the pause splits the run's track");
    let run_secs = workout.steps()[run].length.estimated_secs();
    assert_eq!(lap.seconds.round() as u32, run_secs, "the pause is not run");
    let paused_from = utc(lap.tracks[0].last().unwrap());
    let resumed_at = utc(&lap.tracks[1][0]);
    assert_eq!((resumed_at - paused_from).num_seconds(), 30);
    assert_times_go_on(&laps);
    assert_eq!(laps.len(), session.steps.len());
}

#[test]
fn skipped_steps_are_not_laps() {
    let demo = demo();
    let id = D11;
    let (mut workout, t0) = begun(&demo, id);
    let walk = workout
        .steps()
        .iter()
        .position(|s| s.part == Part::Main && s.phase == Phase::Walk)
        .unwrap();
    let at = run_to_step(&mut workout, t0, walk) + Duration::from_secs(3);
    workout.skip(at);
    let end = run_to_end(&mut workout, at);
    let ended = ended_at(&workout, end);
    let session = record(&demo, id, &workout, end, ended, false);
    let tcx = export::tcx(&session).unwrap();
    validate(&tcx);
    let laps = laps_of(&tcx);
    let run_steps = workout
        .steps()
        .iter()
        .filter(|s| s.part != Part::Circuit)
        .count();
    assert_eq!(laps.len(), run_steps - 1, "the skipped walk is no lap");
    // The 3 seconds walked before the skip are a gap in the track.
    let before = utc(laps[walk - 1].tracks[0].last().unwrap());
    assert_eq!((utc(&laps[walk].start) - before).num_seconds(), 3);
    assert!(tcx.contains("Gaps in the track are pauses or skipped steps."));
}

#[test]
fn a_session_ended_early_ends_with_the_step_it_stopped_in() {
    let builtin = program::builtin();
    let id = SessionId {
        week: 3,
        session: 1,
    };
    let (mut workout, run_at, run) = to_first_run(&builtin, id);
    let at = run_at + Duration::from_secs(42);
    workout.end(at, Ending::StoppedForPain);
    let ended = ended_at(&workout, at);
    let session = record(&builtin, id, &workout, at, ended, false);
    let tcx = export::tcx(&session).unwrap();
    validate(&tcx);
    let laps = laps_of(&tcx);
    assert_eq!(laps.len(), run + 1, "no lap after the step it ended in");
    let last = laps.last().unwrap();
    assert_eq!(last.seconds, 42.0);
    assert_eq!(last.intensity, "Active");
    assert_eq!(last.trigger, "Manual", "cut short by hand");
    assert!(tcx.contains("ended early (pain)"));
}

#[test]
fn a_session_resumed_after_a_crash_is_one_activity_with_the_time_away_as_a_gap() {
    let demo = demo();
    let id = D11;
    let (workout, run_at, run) = to_first_run(&demo, id);
    let crash = run_at + Duration::from_secs(7);
    // The checkpoint as it is saved and read back by the next start.
    let text = serde_json::to_string(&workout.snapshot(crash).unwrap()).unwrap();
    let snapshot = serde_json::from_str(&text).unwrap();
    // Ten minutes later, a new process: its own clock.
    let t1 = Instant::now() + Duration::from_secs(3600);
    let thresholds = rtr::workout::PainThresholds { red: 5, stop: 7 };
    let mut workout = Workout::resume_from(snapshot, thresholds, t1);
    workout.resume(t1 + Duration::from_secs(2));
    let end = run_to_end(&mut workout, t1 + Duration::from_secs(2));
    let summary = workout.summary(end);
    let on_clock = summary.active + summary.paused;
    let away = chrono::Duration::minutes(10);
    let ended = start() + chrono::Duration::from_std(on_clock).unwrap() + away;
    let session = record(&demo, id, &workout, end, ended, true);
    let tcx = export::tcx(&session).unwrap();
    validate(&tcx);
    assert_eq!(tcx.matches("<Activity ").count(), 1);
    let laps = laps_of(&tcx);
    assert_eq!(laps.len(), session.steps.len());
    let steps: Vec<u32> = session.steps.iter().map(|s| s.step).collect();
    assert_eq!(steps, (1..=steps.len() as u32).collect::<Vec<_>>());
    // The run the crash cut: 7 s, then the rest after the time away and
    // the 2 s paused before going on.
    let lap = &laps[run];
    assert_eq!(lap.tracks.len(), 2);
    let gap = utc(&lap.tracks[1][0]) - utc(lap.tracks[0].last().unwrap());
    assert_eq!(gap.num_seconds(), 600 + 2);
    let run_secs = workout.steps()[run].length.estimated_secs();
    assert_eq!(lap.seconds.round() as u32, run_secs);
    // The last trackpoint is the session's end on the wall clock.
    let last = laps.last().unwrap().tracks.last().unwrap().last().unwrap();
    assert_eq!(utc(last), ended.to_utc());
    assert_times_go_on(&laps);
    assert!(tcx.contains("picked up again after an interruption"));
}

#[test]
fn a_distance_the_treadmill_counted_wins_over_the_estimate() {
    let demo = demo();
    let id = D11;
    let (_, mut session) = whole(&demo, id);
    for step in &mut session.steps {
        step.distance_m = Some(40.0);
        step.heart_rate = Some(0); // a dropout: never written as 0
    }
    session.steps[1].heart_rate = Some(131);
    let tcx = export::tcx(&session).unwrap();
    validate(&tcx);
    let laps = laps_of(&tcx);
    assert!(laps.iter().all(|l| l.metres == 40.0));
    assert!(tcx.contains("Distance: from the treadmill."));
    assert_eq!(tcx.matches("<AverageHeartRateBpm>").count(), 1);
    assert!(tcx.contains("<AverageHeartRateBpm><Value>131</Value>"));
}

#[test]
fn a_circuit_or_an_old_record_gives_no_file() {
    let demo = demo();
    let id = D11;
    let (_, mut session) = whole(&demo, id);
    session.instead = Some(rtr::workout::Instead::Prehab);
    assert_eq!(export::tcx(&session), Err(NotExported::Circuit));
    session.instead = None;
    session.steps.clear();
    assert_eq!(export::tcx(&session), Err(NotExported::NoStepTimes));
}

#[test]
fn calories_follow_the_acsm_equations() {
    let demo = demo();
    let id = D11;
    let (_, session) = whole(&demo, id);
    let mut run = session
        .steps
        .iter()
        .find(|s| s.phase == Phase::Run)
        .unwrap()
        .clone();
    // 10 minutes at 9.6 km/h (160 m/min), flat: 0.2·160 + 3.5 = 35.5
    // ml/kg/min; × 70 kg × 10 min = 24.85 l O2, about 124 kcal.
    run.incline = None;
    let ten_minutes = 600_000;
    let distance = export::Distance::Estimated(1600.0);
    assert_eq!(export::calories(&run, distance, ten_minutes, 70.0), 124);
    // Walking at 6 km/h (100 m/min) up 5 %: 10 + 9 + 3.5 = 22.5, 79 kcal.
    run.phase = Phase::Walk;
    run.incline = Some(5.0);
    let distance = export::Distance::Estimated(1000.0);
    assert_eq!(export::calories(&run, distance, ten_minutes, 70.0), 79);
}

#[test]
fn the_validator_refuses_a_file_that_breaks_the_schema() {
    let demo = demo();
    let id = D11;
    let (_, session) = whole(&demo, id);
    let tcx = export::tcx(&session).unwrap();
    let broken = tcx.replacen("<Intensity>Resting</Intensity>", "", 1);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.tcx");
    std::fs::write(&file, broken).unwrap();
    assert!(
        !xmllint(&file).status.success(),
        "a lap needs its Intensity"
    );
}

/// A data dir with a journal of these records.
fn journal_of(records: &[Record]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let journal = rtr::journal::Journal::new(dir.path());
    for record in records {
        journal.append(record).unwrap();
    }
    dir
}

fn finished(program: &Program, id: SessionId, day: &str) -> SessionRecord {
    let (_, mut session) = whole(program, id);
    session.started = DateTime::parse_from_rfc3339(&format!("{day}T07:15:00+01:00")).unwrap();
    session.id = session.started.to_rfc3339();
    session
}

fn rtr(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_rtr"))
        .args(args)
        .env("XDG_CONFIG_HOME", "/nonexistent")
        .env_remove("RTR_CONFIG")
        .output()
        .unwrap()
}

#[test]
fn rtr_export_writes_one_private_valid_file_a_session_and_leaves_out_circuits() {
    let demo = demo();
    let first = finished(&demo, D11, "2025-03-04");
    let second = finished(
        &demo,
        SessionId {
            week: 1,
            session: 2,
        },
        "2025-03-06",
    );
    let mut prehab = finished(&demo, D11, "2025-03-07");
    prehab.instead = Some(rtr::workout::Instead::Prehab);
    let data = journal_of(&[
        Record::Session(first),
        Record::Session(second),
        Record::Session(prehab),
    ]);
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().join("tcx");
    let data_dir = data.path().to_str().unwrap();
    let done = rtr(&[
        "export",
        "--all",
        "--data-dir",
        data_dir,
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert!(done.status.success(), "{done:?}");
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert!(stderr.contains("2 TCX files"), "{stderr}");
    assert!(stderr.contains("1 circuit left out"), "{stderr}");
    let mut names: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "2025-03-04-071500-demo-1.1.tcx",
            "2025-03-06-071500-demo-1.2.tcx"
        ]
    );
    for name in &names {
        let path = out_dir.join(name);
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "health data");
        validate(&std::fs::read_to_string(&path).unwrap());
    }
    // --since and W.S choose; the default is the last run.
    let only = |args: &[&str]| {
        let out = tempfile::tempdir().unwrap();
        let mut all = args.to_vec();
        all.extend([
            "--data-dir",
            data_dir,
            "--out",
            out.path().to_str().unwrap(),
        ]);
        let done = rtr(&all);
        let names: Vec<String> = std::fs::read_dir(out.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        (done.status.code(), names)
    };
    let since = only(&["export", "--since", "2025-03-05"]);
    assert_eq!(
        since,
        (Some(0), vec!["2025-03-06-071500-demo-1.2.tcx".into()])
    );
    let numbered = only(&["export", "1.1"]);
    assert_eq!(
        numbered,
        (Some(0), vec!["2025-03-04-071500-demo-1.1.tcx".into()])
    );
    let last = only(&["export"]);
    assert_eq!(
        last,
        (Some(0), vec!["2025-03-06-071500-demo-1.2.tcx".into()])
    );
    let none = only(&["export", "3.1"]);
    assert_eq!(none, (Some(1), vec![]));
}

#[test]
fn export_dir_gets_every_session_the_store_keeps() {
    let demo = demo();
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let folder = out.path().join("synced");
    let mut store = rtr::journal::Store::open(data.path()).unwrap();
    store.export_sessions_to(Some(folder.clone()));
    let session = finished(&demo, D11, "2025-03-04");
    store.keep_session(session);
    let file = folder.join("2025-03-04-071500-demo-1.1.tcx");
    validate(&std::fs::read_to_string(file).unwrap());
}

#[test]
fn export_dir_is_a_config_key_taken_from_the_configs_folder() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.ron");
    std::fs::write(&config, "(export_dir: \"tcx\")").unwrap();
    let loaded = rtr::config::load(Some(&config)).unwrap();
    assert_eq!(loaded.export_dir, Some(dir.path().join("tcx")));
    let bad = rtr::config::parse("config.ron", "(export_dir: 3)");
    assert!(bad.is_err());
}

#[test]
fn history_since_chooses_the_sessions_of_every_format() {
    let demo = demo();
    let first = finished(&demo, D11, "2025-03-04");
    let second = finished(&demo, D11, "2025-03-06");
    let data = journal_of(&[Record::Session(first), Record::Session(second)]);
    let data_dir = data.path().to_str().unwrap();
    for (format, lines_a_session) in [("table", 1), ("csv", 1), ("json", 1)] {
        let count = |since: &str| {
            let done = rtr(&[
                "history",
                "--format",
                format,
                "--since",
                since,
                "--data-dir",
                data_dir,
            ]);
            assert!(done.status.success(), "{done:?}");
            let text = String::from_utf8(done.stdout).unwrap();
            text.lines().filter(|l| l.contains("2025-03-0")).count() / lines_a_session
        };
        assert_eq!(count("2025-03-01"), 2, "{format}");
        assert_eq!(count("2025-03-05"), 1, "{format}");
        assert_eq!(count("2025-03-07"), 0, "{format}");
    }
}

#[test]
fn history_csv_and_json_add_up_each_sessions_distance_heart_rate_and_cadence() {
    let demo = demo();
    // The demo's steps: a treadmill counted all but the first, which has no
    // speed of its own, so no estimate either; a strap measured two.
    let mut measured = finished(&demo, D11, "2025-03-04");
    for step in measured.steps.iter_mut().skip(1) {
        step.distance_m = Some(30.0);
    }
    measured.steps[1].heart_rate = Some(120);
    measured.steps[1].peak_heart_rate = Some(150);
    measured.steps[2].heart_rate = Some(100);
    measured.steps[2].cadence = Some(168);
    let steps = measured.steps.len() - 1;
    // The program's speeds alone: an estimate.
    let estimated = finished(&demo, D11, "2025-03-06");
    let data = journal_of(&[Record::Session(measured), Record::Session(estimated)]);
    let dir = data.path().to_str().unwrap();
    let out = rtr(&["history", "--format", "csv", "--data-dir", dir]);
    let csv = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    let header = &rows[0];
    assert_eq!(header[..3], ["id", "session", "program"], "kept in place");
    assert_eq!(
        header[header.len() - 8..],
        [
            "program_id",
            "off_plan",
            "instead",
            "distance_m",
            "distance_source",
            "avg_hr",
            "peak_hr",
            "avg_cadence"
        ]
    );
    let cell = |row: usize, name: &str| rows[row][header.iter().position(|h| *h == name).unwrap()];
    assert_eq!(cell(1, "distance_m"), format!("{:.1}", 30.0 * steps as f64));
    assert_eq!(cell(1, "distance_source"), "treadmill");
    // 15 s at 120 and 15 s at 100.
    assert_eq!(cell(1, "avg_hr"), "110");
    assert_eq!(cell(1, "peak_hr"), "150");
    assert_eq!(cell(1, "avg_cadence"), "168");
    assert_eq!(cell(1, "program_id"), "demo");
    assert_eq!(cell(1, "off_plan"), "false");
    assert_eq!(cell(2, "distance_source"), "estimate");
    for empty in ["avg_hr", "peak_hr", "avg_cadence", "instead"] {
        assert_eq!(cell(2, empty), "", "{empty}: not recorded");
    }
    let out = rtr(&["history", "--format", "json", "--data-dir", dir]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json[0]["avg_hr"], 110);
    assert_eq!(json[0]["distance_source"], "treadmill");
    assert_eq!(json[0]["steps"][1]["heart_rate"], 120);
    assert!(json[1].get("avg_hr").is_none(), "{}", json[1]);
    assert_eq!(json[1]["distance_source"], "estimate");
}
