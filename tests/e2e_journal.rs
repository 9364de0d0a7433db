//! Real sessions in a pseudo-terminal: recorded when they end, picked up
//! after a crash, one writer at a time, and nothing lost on a full disk.

mod common;

use std::path::Path;
use std::process::Command;

use common::Tty;
use rtr::coach::records::Record;
use rtr::journal::{Checkpoint, Journal};

const NORMAL: (u16, u16) = (120, 40);

/// A real session with the pain before it answered: the clock runs.
fn start_real(dir: &Path) -> Tty {
    let mut tty = real_demo(dir);
    common::through_the_gates(&mut tty);
    tty.wait_for("Before you start: knee pain right now");
    tty.send("0");
    tty.wait_until("the clock runs", |s| !s.contains("Before you start"));
    tty
}

/// Answers the questions after the run (all fine) and closes the decision.
fn answer_after_run(tty: &mut Tty) {
    tty.wait_for("Worst knee pain during it");
    tty.send("0");
    tty.wait_for("And knee pain right now");
    tty.send("0");
    tty.wait_for("Any swelling, or a limp?");
    tty.send("n");
    tty.wait_for("Any of these now, at the knee or the leg?");
    tty.send("n");
    tty.wait_for("The coach");
    tty.send("x");
}

fn real_demo(dir: &Path) -> Tty {
    if !dir.join("journal.jsonl").exists() {
        common::enroll_demo(dir);
    }
    Tty::spawn(
        &[
            "run",
            "--program",
            "programs/demo.ron",
            "1.1",
            "--no-notify",
            "--no-bell",
            "--data-dir",
            dir.to_str().unwrap(),
        ],
        &[],
        NORMAL,
    )
}

fn sessions(dir: &Path) -> Vec<rtr::coach::records::SessionRecord> {
    let mut found = Vec::new();
    let warnings = Journal::new(dir)
        .read(|_, record| {
            if let Record::Session(s) = record {
                found.push(s)
            }
        })
        .unwrap();
    assert!(warnings.is_empty(), "the journal parses: {warnings:?}");
    found
}

fn rtr(args: &[&str]) -> std::process::Output {
    common::rtr_command()
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

#[test]
fn a_real_session_is_recorded_when_it_ends_and_history_shows_it() {
    let data = tempfile::tempdir().unwrap();
    let mut tty = start_real(data.path());
    // Into the main set's first run, report 2 there, then skip every step.
    tty.send("n");
    tty.wait_for("interval 1 of 2");
    tty.send("!");
    tty.send("2");
    tty.wait_for("Pain 2/10 noted");
    tty.send("nnnnn");
    tty.wait_for("Worst knee pain during it, 0 to 10? (you reported 2: Enter keeps it)");
    tty.send("\r");
    tty.wait_for("And knee pain right now");
    tty.send("1");
    tty.send("\r");
    tty.wait_for("Any swelling, or a limp?");
    tty.send("n");
    tty.wait_for("Any of these now");
    tty.send("n");
    let decision = tty.wait_for("The coach");
    assert!(
        decision.contains("Hold at 1.1: only 0 of 2 runs done (0 % of the running; 90 % moves"),
        "skipping never advances: {decision}"
    );
    tty.send("x");
    let done = tty.wait_for("Recorded in your history.");
    assert!(done.contains("Session complete"), "{done}");
    tty.send("q");
    assert_eq!(tty.wait_exit(), 0);

    let recorded = sessions(data.path());
    let journal = std::fs::read_to_string(data.path().join("journal.jsonl")).unwrap();
    assert_eq!(recorded.len(), 1, "{journal}");
    let s = &recorded[0];
    assert_eq!(
        (s.steps_skipped, s.steps_done, s.ended_early.as_deref()),
        (6, 0, None)
    );
    assert_eq!(s.pain_reports.len(), 1);
    assert_eq!(s.pain_reports[0].pain, 2);
    assert!(!data.path().join("checkpoint.json").exists());
    let journal = std::fs::read_to_string(data.path().join("journal.jsonl")).unwrap();
    assert!(
        journal.contains("\"before\":0,\"after_warmup\":null,\"worst\":2,\"after\":1"),
        "{journal}"
    );
    let dir = data.path().to_str().unwrap();
    let status = rtr(&[
        "status",
        "--program",
        "programs/demo.ron",
        "--data-dir",
        dir,
    ]);
    let status = String::from_utf8_lossy(&status.stdout);
    assert!(status.contains("Next: 1.1 (week 1 of 1)"), "{status}");
    assert!(status.contains("(rest day today)"), "{status}");

    let dir = data.path().to_str().unwrap();
    let csv = rtr(&["history", "--format", "csv", "--data-dir", dir]);
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.lines().nth(1).unwrap().contains(",1.1,Demo,"), "{csv}");
    let json = rtr(&["history", "--format", "json", "--data-dir", dir]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json[0]["session"], "1.1");
    assert_eq!(json[0]["pain_reports"][0]["pain"], 2);
    let plan = rtr(&["plan", "--program", "programs/demo.ron", "--data-dir", dir]);
    let plan = String::from_utf8(plan.stdout).unwrap();
    assert!(plan.contains("  1.1 · Try the timer  ▶ next"), "{plan}");
    assert!(!plan.contains("✓ done"), "nothing was run: {plan}");
    let table = rtr(&["history", "--data-dir", dir]);
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(table.contains("1.1") && table.contains("2/10"), "{table}");
}

#[test]
fn a_rehearsal_is_never_recorded() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_str().unwrap();
    let args = [
        "run",
        "--program",
        "programs/demo.ron",
        "1.1",
        "--speed",
        "50",
        "--no-notify",
        "--no-bell",
        "--data-dir",
        dir,
    ];
    let mut tty = Tty::spawn(&args, &[], NORMAL);
    tty.wait_for("Session complete");
    tty.send("q");
    assert_eq!(tty.wait_exit(), 0);
    assert!(!data.path().join("journal.jsonl").exists());
    assert!(!data.path().join("checkpoint.json").exists());
}

#[test]
fn a_second_rtr_says_a_session_runs_and_history_and_plan_still_work() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_str().unwrap();
    let mut first = start_real(data.path());
    let second = rtr(&[
        "run",
        "--program",
        "programs/demo.ron",
        "1.1",
        "--data-dir",
        dir,
    ]);
    assert_eq!(second.status.code(), Some(1));
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(
        err.contains(&format!(
            "another rtr (process {}) is running a session",
            first.pid()
        )),
        "{err}"
    );
    assert!(rtr(&["history", "--data-dir", dir]).status.success());
    assert!(rtr(&["plan", "--data-dir", dir]).status.success());
    first.send("qy");
    answer_after_run(&mut first);
    first.send("q");
    assert_eq!(first.wait_exit(), 0);
    assert_eq!(sessions(data.path()).len(), 1, "only the first wrote");
}

/// rtr in a private mount namespace whose data dir is a tmpfs of `bytes`,
/// filled up before rtr starts (it vanishes with the process). The journal
/// there first holds `journal`.
fn on_a_full_disk(dir: &Path, journal: &str, args: &[&str]) -> Tty {
    let quoted = dir.display();
    std::fs::write(dir.join("seed.jsonl"), journal).unwrap();
    let script = format!(
        "cp {quoted}/seed.jsonl /tmp/rtr-seed-$$ && mount -t tmpfs -o size=64k,mode=0700 tmpfs {quoted} \
         && cp /tmp/rtr-seed-$$ {quoted}/journal.jsonl && rm /tmp/rtr-seed-$$ \
         && (head -c 1000000 /dev/zero > {quoted}/filler 2>/dev/null; exec \"$0\" \"$@\")"
    );
    let mut full: Vec<&str> = vec!["-rm", "sh", "-c", &script, env!("CARGO_BIN_EXE_rtr")];
    full.extend_from_slice(args);
    full.extend_from_slice(&["--no-notify", "--no-bell", "--no-sound", "--data-dir"]);
    let dir_text = dir.to_str().unwrap().to_string();
    let mut owned: Vec<String> = full.iter().map(|s| s.to_string()).collect();
    owned.push(dir_text);
    let refs: Vec<&str> = owned.iter().map(String::as_str).collect();
    Tty::spawn_program("unshare", &refs, NORMAL)
}

#[test]
fn a_full_disk_keeps_the_session_running_and_its_facts_come_back_once() {
    let data = tempfile::tempdir().unwrap();
    let enroll =
        r#"{"v":1,"kind":"enroll","at":"2026-12-01T07:00:00Z","program":"demo","name":"Demo"}"#;
    // Blank lines up to a few bytes short of the page: the next record
    // needs a page the full disk does not have.
    let seed = format!("{enroll}\n");
    let seed = format!("{seed}{}", "\n".repeat(4096 - 8 - seed.len()));
    let mut tty = on_a_full_disk(
        data.path(),
        &seed,
        &["run", "--program", "programs/demo.ron", "1.1"],
    );
    tty.wait_for("Before you start");
    tty.send("0");
    tty.wait_for("warm-up");
    tty.send("nnnnnn");
    answer_after_run(&mut tty);
    let screen = tty.wait_for("Not in your history yet");
    assert!(screen.contains("No space left on device"), "{screen}");
    tty.send("q");
    assert_eq!(tty.wait_exit(), 0);
    let after = tty.wait_for("this is kept in");
    let path = after
        .split("this is kept in ")
        .nth(1)
        .and_then(|rest| rest.split(".jsonl").next())
        .map(|p| format!("{}.jsonl", p.split_whitespace().collect::<String>()))
        .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\"kind\":\"session\""), "{text}");
    assert!(
        text.contains("\"kind\":\"answers\""),
        "the pain answers too: {text}"
    );
    // The next start, with space (the tmpfs is gone), merges them back once.
    std::fs::write(data.path().join("journal.jsonl"), format!("{enroll}\n")).unwrap();
    let dir = data.path().to_str().unwrap();
    for _ in 0..2 {
        let status = rtr(&["status", "--data-dir", dir]);
        assert!(status.status.success(), "{status:?}");
    }
    assert!(!Path::new(&path).exists());
    let journal = std::fs::read_to_string(data.path().join("journal.jsonl")).unwrap();
    assert_eq!(
        journal.matches("\"kind\":\"answers\"").count(),
        1,
        "{journal}"
    );
    assert_eq!(
        journal.matches("\"kind\":\"session\"").count(),
        1,
        "{journal}"
    );
}

#[test]
fn a_checkpoint_older_than_twelve_hours_is_recorded_as_ended_early() {
    let data = tempfile::tempdir().unwrap();
    let mut tty = start_real(data.path());
    tty.send("n");
    tty.wait_for("» RUN");
    Command::new("kill")
        .args(["-9", &tty.pid().to_string()])
        .status()
        .unwrap();
    tty.wait_exit();
    let mut checkpoint = Checkpoint::load(data.path()).unwrap().unwrap().unwrap();
    checkpoint.saved -= chrono::Duration::hours(13);
    checkpoint.save(data.path(), true).unwrap();

    let dir = data.path().to_str().unwrap();
    let out = rtr(&["history", "--data-dir", dir]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("No sessions recorded yet."));
    let mut next = Tty::spawn(&["--data-dir", dir, "--no-notify"], &[], NORMAL);
    next.wait_for("Enter start");
    common::leave_home(&mut next);
    let recorded = sessions(data.path());
    assert_eq!(recorded.len(), 1);
    assert_eq!(
        recorded[0].ended_early.as_deref(),
        Some("interrupted and not resumed within 12 hours")
    );
    assert!(!data.path().join("checkpoint.json").exists());
}

#[test]
fn history_reports_a_garbled_line_with_its_number_and_shows_the_rest() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_str().unwrap();
    let mut tty = start_real(data.path());
    tty.send("nnnnnn");
    answer_after_run(&mut tty);
    tty.wait_for("Recorded in your history.");
    tty.send("q");
    tty.wait_exit();
    let path = data.path().join("journal.jsonl");
    let good = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("garbage\n{good}")).unwrap();
    let out = rtr(&["history", "--format", "csv", "--data-dir", dir]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("journal.jsonl:1: not a record"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        format!("garbage\n{good}")
    );
}

#[test]
fn a_read_only_data_dir_still_runs_the_session_and_keeps_the_record_elsewhere() {
    // A read-only bind mount in a private mount namespace: it vanishes with
    // the process (root ignores a chmod, so that would test nothing).
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_str().unwrap();
    let script =
        format!("mount --bind {dir} {dir} && mount -o remount,bind,ro {dir} && exec \"$0\" \"$@\"");
    let mut tty = Tty::spawn_program(
        "unshare",
        &[
            "-rm",
            "sh",
            "-c",
            &script,
            env!("CARGO_BIN_EXE_rtr"),
            "run",
            "--program",
            "programs/demo.ron",
            "1.1",
            "--no-notify",
            "--no-bell",
            "--no-sound",
            "--data-dir",
            dir,
        ],
        NORMAL,
    );
    // Read-only: no enrollment in the demo could be written, so it asks.
    tty.wait_for("Another program");
    tty.send("o");
    tty.wait_for("Before you start");
    tty.send("0");
    let screen = tty.wait_for("Cannot write the history");
    assert!(screen.contains("Read-only file system"), "{screen}");
    tty.send("nnnnnn");
    answer_after_run(&mut tty);
    let done = tty.wait_for("Not in your history yet");
    assert!(done.contains("Read-only file system"), "{done}");
    tty.send("q");
    assert_eq!(tty.wait_exit(), 0);
    let after = tty.wait_for("this is kept in");
    assert!(
        after.contains(&std::env::temp_dir().display().to_string()),
        "{after}"
    );
    assert!(
        std::fs::read_dir(data.path()).unwrap().next().is_none(),
        "nothing written there"
    );
}
