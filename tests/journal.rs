//! The journal on disk: append, tolerant reading, the checkpoint, the lock.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use rtr::coach::records::{Record, SessionRecord};
use rtr::journal::{Checkpoint, DataLock, Journal, LockError, SessionHeader};
use rtr::program::{SessionId, SpeedUnit};
use rtr::workout::{Outcome, PainThresholds, SessionInfo, Snapshot, Workout};

fn session(id: &str) -> Record {
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-20T07:30:00+01:00").unwrap();
    Record::Session(SessionRecord {
        id: id.to_string(),
        program: "Demo".into(),
        program_hash: "fnv1a64:0000000000000000".into(),
        program_id: Some("demo".into()),
        session: SessionId {
            week: 1,
            session: 1,
        },
        off_plan: false,
        instead: None,
        started: at,
        ended: at + chrono::Duration::seconds(100),
        ended_early: None,
        resumed: false,
        steps_done: 6,
        steps_skipped: 0,
        steps_not_reached: 0,
        run_seconds: 30,
        walk_seconds: 70,
        active_seconds: 100,
        paused_seconds: 0,
        pauses: 0,
        skipped: Vec::new(),
        pain_reports: Vec::new(),
        steps: Vec::new(),
        resumes: Vec::new(),
    })
}

fn read_all(journal: &Journal) -> (Vec<(usize, Record)>, Vec<rtr::journal::Warning>) {
    let mut records = Vec::new();
    let warnings = journal.read(|line, r| records.push((line, r))).unwrap();
    (records, warnings)
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn appended_records_read_back_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::new(dir.path());
    journal.append(&session("a")).unwrap();
    journal.append(&session("b")).unwrap();
    let (records, warnings) = read_all(&journal);
    assert!(warnings.is_empty());
    assert_eq!(records, [(1, session("a")), (2, session("b"))]);
    let text = std::fs::read_to_string(journal.path()).unwrap();
    assert!(
        text.starts_with("{\"v\":1,\"kind\":\"session\",\"id\":\"a\""),
        "{text}"
    );
    assert_eq!(text.lines().count(), 2);
}

#[test]
fn bad_lines_are_reported_by_number_kept_and_never_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::new(dir.path());
    journal.append(&session("first")).unwrap();
    let good = std::fs::read_to_string(journal.path()).unwrap();
    let newer = good.replace("\"v\":1", "\"v\":2").replace("first", "newer");
    let bytes = format!(
        "{good}this line is garbled\n{}{{\"v\":1,\"kind\":\"morning_pain\",\"pain\":2}}\n{newer}{{\"v\":1,\"kind\":\"sess",
        good.replace("first", "second")
    );
    std::fs::write(journal.path(), &bytes).unwrap();

    let (records, warnings) = read_all(&journal);
    let ids: Vec<(usize, String)> = records
        .iter()
        .filter_map(|(line, record)| match record {
            Record::Session(s) => Some((*line, s.id.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(ids, [(1, "first".to_string()), (3, "second".to_string())]);
    let found: Vec<(usize, &str)> = warnings
        .iter()
        .map(|w| (w.line, w.message.as_str()))
        .collect();
    assert_eq!(found.len(), 4, "{found:?}");
    assert_eq!(found[0].0, 2);
    assert!(found[0].1.starts_with("not a record"), "{found:?}");
    assert_eq!(
        found[1],
        (
            4,
            "a record of an unknown kind \"morning_pain\" (from a newer rtr?)"
        )
    );
    assert_eq!(found[2].0, 5);
    assert!(
        found[2].1.contains("written by a newer rtr (format 2"),
        "{found:?}"
    );
    assert_eq!(
        found[3],
        (
            6,
            "the last line is cut short (rtr stopped while writing it?)"
        )
    );
    assert!(
        warnings[0]
            .to_string()
            .contains("journal.jsonl:2: not a record")
    );
    // Reading changed nothing.
    assert_eq!(std::fs::read_to_string(journal.path()).unwrap(), bytes);

    // The next append starts on a fresh line and keeps every old byte.
    journal.append(&session("third")).unwrap();
    let after = std::fs::read_to_string(journal.path()).unwrap();
    assert!(after.starts_with(&bytes));
    assert!(after[bytes.len()..].starts_with("\n{\"v\":1,\"kind\":\"session\",\"id\":\"third\""));
    let (records, warnings) = read_all(&journal);
    assert_eq!(records.len(), 3);
    assert_eq!(records[2].0, 7);
    assert_eq!(
        warnings.len(),
        4,
        "the torn line is still reported, as garbled now"
    );
}

#[test]
fn the_data_dir_and_its_files_are_private() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("deep/rtr");
    rtr::paths::ensure_private_dir(&dir).unwrap();
    assert_eq!(mode(&dir), 0o700);
    Journal::new(&dir).append(&session("a")).unwrap();
    assert_eq!(mode(&dir.join("journal.jsonl")), 0o600);
    let _lock = DataLock::acquire(&dir).unwrap();
    assert_eq!(mode(&dir.join("lock")), 0o600);
    checkpoint().save(&dir, true).unwrap();
    assert_eq!(mode(&dir.join("checkpoint.json")), 0o600);
}

fn checkpoint() -> Checkpoint {
    let now = std::time::Instant::now();
    let mut workout = Workout::new(
        rtr::workout::flatten_session(
            &rtr::program::builtin(),
            SessionId {
                week: 1,
                session: 1,
            },
        )
        .unwrap(),
        PainThresholds { red: 5, stop: 7 },
    );
    workout.start(now);
    workout.advance(now + std::time::Duration::from_secs(600));
    let saved = chrono::Local::now().fixed_offset();
    Checkpoint {
        header: SessionHeader {
            id: "id-1".into(),
            program_hash: "fnv1a64:0".into(),
            program_id: "knee-return-to-run".into(),
            session: SessionId {
                week: 1,
                session: 1,
            },
            off_plan: false,
            started: saved,
            resumed: false,
            info: SessionInfo {
                program: "Return to run".into(),
                title: "week 1 session 1".into(),
                pain_site: "knee".into(),
                speed_unit: SpeedUnit::Kmh,
                rehearsal: None,
                red_pain: 5,
                stop_pain: 7,
                own_cadence: None,
                instead: None,
            },
        },
        saved,
        snapshot: workout
            .snapshot(now + std::time::Duration::from_secs(601))
            .unwrap(),
        asked: Default::default(),
    }
}

#[test]
fn a_checkpoint_round_trips_and_resumes_paused_where_it_stood() {
    let dir = tempfile::tempdir().unwrap();
    let saved = checkpoint();
    saved.save(dir.path(), true).unwrap();
    let loaded = Checkpoint::load(dir.path()).unwrap().unwrap().unwrap();
    assert_eq!(loaded.snapshot, saved.snapshot);
    let snapshot: Snapshot = loaded.snapshot;
    assert_eq!(snapshot.active, std::time::Duration::from_secs(601));
    let now = std::time::Instant::now();
    let workout = Workout::resume_from(snapshot.clone(), PainThresholds { red: 5, stop: 7 }, now);
    assert!(workout.is_paused());
    assert_eq!(workout.index(), snapshot.index);
    assert_eq!(workout.remaining(now), snapshot.remaining);
    assert_eq!(workout.active_time(now), snapshot.active);
    assert!(
        workout.outcomes()[..snapshot.index]
            .iter()
            .all(|o| *o == Outcome::Done)
    );
    Checkpoint::remove(dir.path()).unwrap();
    assert!(Checkpoint::load(dir.path()).unwrap().is_none());
    Checkpoint::remove(dir.path()).unwrap();
}

#[test]
fn an_unreadable_checkpoint_is_moved_aside_not_deleted() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("checkpoint.json"), "{\"header\": tr").unwrap();
    let message = Checkpoint::load(dir.path()).unwrap().unwrap().unwrap_err();
    assert!(message.contains("could not be used"), "{message}");
    // A second one is moved aside too, beside the first, not over it.
    std::fs::write(dir.path().join("checkpoint.json"), "second").unwrap();
    Checkpoint::load(dir.path()).unwrap().unwrap().unwrap_err();
    let mut aside: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    aside.sort();
    assert_eq!(aside, ["second", "{\"header\": tr"]);
    assert!(Checkpoint::load(dir.path()).unwrap().is_none());
}

#[test]
fn one_writer_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let first = DataLock::acquire(dir.path()).unwrap();
    match DataLock::acquire(dir.path()) {
        Err(LockError::Held(Some(pid))) => assert_eq!(pid, std::process::id()),
        other => panic!("expected the lock to be held, got {:?}", other.err()),
    }
    drop(first);
    DataLock::acquire(dir.path()).unwrap();
}

#[test]
fn recent_records_are_found_by_session_id() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::new(dir.path());
    assert!(!journal.recent_has("x", "session").unwrap());
    journal.append(&session("x")).unwrap();
    assert!(journal.recent_has("x", "session").unwrap());
    assert!(!journal.recent_has("x", "answers").unwrap());
    assert!(!journal.recent_has("y", "session").unwrap());
    assert!(journal.recent_mentions("x").unwrap());
}

#[test]
fn a_full_disk_takes_a_line_whole_or_not_at_all_and_the_fact_waits_aside() {
    let Some(disk) = common::SmallDisk::mount(64 * 1024) else {
        return;
    };
    let dir = disk.path();
    let journal = Journal::new(dir);
    journal.append(&session("a")).unwrap();
    let before = std::fs::read(dir.join("journal.jsonl")).unwrap();
    disk.fill();
    // Longer than the page the journal's last line sits in.
    let mut big = session("b");
    if let Record::Session(s) = &mut big {
        s.skipped = (1..=400)
            .map(|step| rtr::coach::records::SkippedStep {
                step,
                label: "Run".into(),
            })
            .collect();
    }
    let err = journal.append(&big).unwrap_err();
    assert_eq!(err.raw_os_error(), Some(28), "ENOSPC: {err}");
    let after = std::fs::read(dir.join("journal.jsonl")).unwrap();
    assert_eq!(after, before, "nothing of the line is left behind");
    // The store keeps it aside (the private temp dir: the data dir is full)
    // and the next start with space merges it back, once.
    let mut store = rtr::journal::Store::open(dir).unwrap();
    let kept = store.keep(&big);
    let rtr::journal::Kept::Elsewhere(aside, _) = &kept else {
        panic!("{kept:?}");
    };
    assert!(aside.starts_with(rtr::journal::private_temp_dir(dir).unwrap()));
    assert_eq!(mode(aside), 0o600);
    drop(store);
    disk.empty();
    let notes = rtr::journal::Store::open(dir).unwrap().merge_unsaved();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(!aside.exists());
    let notes = rtr::journal::Store::open(dir).unwrap().merge_unsaved();
    assert!(notes.is_empty(), "merged once: {notes:?}");
    let text = std::fs::read_to_string(dir.join("journal.jsonl")).unwrap();
    assert_eq!(text.lines().count(), 2, "{text}");
}

#[test]
fn skipped_steps_written_as_text_by_the_first_version_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let line = r#"{"v":1,"kind":"session","id":"a","program":"Demo","program_hash":"x","session":"1.1","started":"2026-11-20T07:30:00+01:00","ended":"2026-11-20T07:32:00+01:00","ended_early":null,"steps_done":4,"steps_skipped":2,"steps_not_reached":0,"run_seconds":30,"walk_seconds":40,"active_seconds":70,"paused_seconds":0,"pauses":0,"skipped":["2 Run","4 Run"]}"#;
    std::fs::write(dir.path().join("journal.jsonl"), format!("{line}\n")).unwrap();
    let mut found = Vec::new();
    let warnings = Journal::new(dir.path())
        .read(|_, record| {
            if let Record::Session(s) = record {
                found.extend(s.skipped);
            }
        })
        .unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let steps: Vec<(u32, &str)> = found.iter().map(|k| (k.step, k.label.as_str())).collect();
    assert_eq!(steps, [(2, "Run"), (4, "Run")]);
}
