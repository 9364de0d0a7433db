//! Nothing leaked, nothing taken over: the real rtr against a data dir
//! another user owns or can write, planted links, a second rtr, escape
//! codes and tampering in its files, a FIFO for a journal, a data dir that
//! is a file. Tests that need a second user create one when run as root,
//! and say why they are skipped otherwise.

mod common;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::Tty;

const NORMAL: (u16, u16) = (120, 40);

/// rtr with `args`, no stdin, killed (and the test failed) after 20 s.
fn rtr(args: &[&str]) -> Output {
    let mut child = common::rtr_command()
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("rtr {args:?} hung for 20 s");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn is_root() -> bool {
    rtr::safe_fs::current_uid() == 0
}

/// A user of this machine for the test, made if missing (root only):
/// (name, uid).
fn second_user(name: &str) -> Option<(String, u32)> {
    if !is_root() {
        println!("skipped: a second user needs root to create");
        return None;
    }
    let exists = Command::new("id").arg("-u").arg(name).output().unwrap();
    if !exists.status.success() {
        let made = Command::new("useradd")
            .args(["--no-create-home", "--shell", "/usr/sbin/nologin", name])
            .status()
            .unwrap();
        // Two tests may race to make it: either made it.
        let _ = made;
    }
    let id = Command::new("id").arg("-u").arg(name).output().unwrap();
    let uid = text(&id.stdout).trim().parse().ok()?;
    Some((name.to_string(), uid))
}

/// A folder every user may enter (the tests' temp dirs are root's own).
fn shared_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

fn chown(path: &Path, uid: u32) {
    std::os::unix::fs::lchown(path, Some(uid), Some(uid)).unwrap();
}

const SESSION_LINE: &str = r#"{"v":1,"kind":"session","id":"2026-11-30T07:00:00.000+00:00","program":"Demo","program_hash":"x","program_id":"demo","session":"1.1","off_plan":false,"started":"2026-11-30T07:00:00+00:00","ended":"2026-11-30T07:02:00+00:00","ended_early":null,"resumed":false,"steps_done":6,"steps_skipped":0,"steps_not_reached":0,"run_seconds":30,"walk_seconds":70,"active_seconds":100,"paused_seconds":0,"pauses":0}"#;
const ANSWERS_LINE: &str = r#"{"v":1,"kind":"answers","session_id":"2026-11-30T07:00:00.000+00:00","program":"demo","session":"1.1","off_plan":false,"date":"2026-11-30","before":0,"after_warmup":0,"worst":3,"after":0,"swelling_or_limp":false,"stopped_for_pain":false,"completed":true,"red_flags":[]}"#;

#[test]
fn a_data_dir_another_user_owns_is_refused_and_nothing_in_it_is_touched() {
    let Some((_, uid)) = second_user("rtrattacker") else {
        return;
    };
    let shared = shared_dir();
    let data = shared.path().join("rtr");
    std::fs::create_dir(&data).unwrap();
    // The attacker's dir, with links planted where rtr writes.
    let victim_file = shared.path().join("victims-own-file");
    std::fs::write(&victim_file, "keep me\n").unwrap();
    for name in ["lock", "checkpoint.json.tmp", "rtr.log", "journal.jsonl"] {
        std::os::unix::fs::symlink(&victim_file, data.join(name)).unwrap();
        chown(&data.join(name), uid);
    }
    chown(&data, uid);
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o777)).unwrap();
    let dir = data.to_str().unwrap();
    for args in [
        vec!["status", "--data-dir", dir],
        vec!["cadence", "170", "--data-dir", dir],
        vec!["run", "--data-dir", dir],
        vec!["history", "--format", "csv", "--data-dir", dir],
    ] {
        let out = rtr(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {out:?}");
        let err = text(&out.stderr);
        assert!(
            err.contains(&format!("{dir} belongs to another user (uid {uid})")),
            "{args:?}: {err}"
        );
    }
    assert_eq!(std::fs::read_to_string(&victim_file).unwrap(), "keep me\n");
}

#[test]
fn a_data_dir_others_can_write_is_refused_with_the_chmod_to_run() {
    let shared = shared_dir();
    let data = shared.path().join("rtr");
    std::fs::create_dir(&data).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o777)).unwrap();
    let out = rtr(&["status", "--data-dir", data.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!("chmod 700 '{}'", data.display())),
        "{err}"
    );
}

#[test]
fn another_user_cannot_read_the_history_and_rtr_follows_no_planted_link() {
    let Some((name, _)) = second_user("rtrreader") else {
        return;
    };
    let shared = shared_dir();
    let data = shared.path().join("rtr");
    let dir = data.to_str().unwrap();
    let out = rtr(&["cadence", "170", "--data-dir", dir]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(std::fs::metadata(&data).unwrap().mode() & 0o777, 0o700);
    let journal = data.join("journal.jsonl");
    assert_eq!(std::fs::metadata(&journal).unwrap().mode() & 0o777, 0o600);
    let read = Command::new("runuser")
        .args(["-u", &name, "--", "cat"])
        .arg(&journal)
        .output()
        .unwrap();
    assert!(!read.status.success(), "another user read the journal");

    // A link where the journal should be is never followed.
    let elsewhere = shared.path().join("world-readable");
    std::fs::write(&elsewhere, "").unwrap();
    std::fs::remove_file(&journal).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &journal).unwrap();
    let out = rtr(&["cadence", "180", "--data-dir", dir]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        text(&out.stderr).contains("is not a regular file (a symbolic link)"),
        "{out:?}"
    );
    assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "");
}

#[test]
fn a_second_rtr_never_writes_while_a_session_holds_the_lock() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_str().unwrap();
    let mut session = Tty::spawn(
        &["run", "--data-dir", dir, "--no-notify", "--no-sound"],
        &[],
        NORMAL,
    );
    session.wait_for("Before you start");
    let before = std::fs::read(data.path().join("journal.jsonl")).unwrap_or_default();
    for args in [
        vec!["cadence", "180", "--data-dir", dir],
        vec!["enroll", "programs/demo.ron", "--data-dir", dir],
    ] {
        let out = rtr(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {out:?}");
        assert!(
            text(&out.stderr).contains("is running a session with this data dir"),
            "{out:?}"
        );
    }
    let after = std::fs::read(data.path().join("journal.jsonl")).unwrap_or_default();
    assert_eq!(after, before, "nothing written under another's lock");
    session.send("q");
    session.send("y");
    session.wait_for("q or Enter leaves");
}

#[test]
fn escape_codes_in_the_journal_never_reach_the_terminal() {
    let data = tempfile::tempdir().unwrap();
    let evil = SESSION_LINE.replace(
        r#""program":"Demo""#,
        r#""program":"Demo\u001b]0;pwned\u0007\u001b[2J""#,
    );
    let answers = ANSWERS_LINE.replace(
        r#""red_flags":[]"#,
        r#""red_flags":["\u001b[31mred\u001b[0m"]"#,
    );
    std::fs::write(
        data.path().join("journal.jsonl"),
        format!("{evil}\n{answers}\n"),
    )
    .unwrap();
    let dir = data.path().to_str().unwrap();
    for format in ["table", "csv", "json", "md"] {
        let out = rtr(&["history", "--format", format, "--data-dir", dir]);
        assert!(out.status.success(), "{format}: {out:?}");
        assert!(
            !out.stdout.contains(&0x1b) && !out.stdout.contains(&0x07),
            "{format}: {}",
            text(&out.stdout)
        );
    }
    let mut tty = Tty::spawn(&["history", "--data-dir", dir], &[], NORMAL);
    tty.wait_for("1.1");
    tty.send("\r");
    tty.wait_for("Red flags");
    let raw = tty.raw();
    let osc = raw.windows(2).any(|w| w == b"\x1b]");
    assert!(!osc, "an OSC sequence reached the terminal");
    tty.send("qq");
}

#[test]
fn a_fifo_as_the_journal_is_refused_at_once() {
    let data = tempfile::tempdir().unwrap();
    let fifo = data.path().join("journal.jsonl");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let dir = data.path().to_str().unwrap();
    for args in [
        vec!["status", "--data-dir", dir],
        vec!["history", "--format", "csv", "--data-dir", dir],
    ] {
        let out = rtr(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {out:?}");
        assert!(
            text(&out.stderr).contains("is not a regular file (a FIFO)"),
            "{args:?}: {out:?}"
        );
    }
}

#[test]
fn a_tampered_checkpoint_is_set_aside_with_why_never_a_panic() {
    let data = tempfile::tempdir().unwrap();
    common::enroll_demo(data.path());
    // A real checkpoint first: a session killed in its warm-up.
    let dir = data.path().to_str().unwrap();
    let args = [
        "run",
        "--program",
        "programs/demo.ron",
        "--data-dir",
        dir,
        "--no-notify",
        "--no-sound",
    ];
    let mut tty = Tty::spawn(&args, &[], NORMAL);
    tty.wait_for("Before you start");
    tty.send("0");
    tty.wait_for("warm-up");
    tty.send("!2");
    tty.wait_for("Pain 2/10 noted");
    Command::new("kill")
        .args(["-9", &tty.pid().to_string()])
        .status()
        .unwrap();
    tty.wait_exit();
    let path = data.path().join("checkpoint.json");
    let good = std::fs::read_to_string(&path).unwrap();
    let tampered = good.replace(r#""step":0"#, r#""step":999"#);
    assert_ne!(tampered, good, "the report's step is in the checkpoint");
    for round in 0..2 {
        std::fs::write(&path, &tampered).unwrap();
        let mut again = Tty::spawn(&args, &[], NORMAL);
        let screen = again.wait_for("Before you start");
        assert!(!screen.contains("An interrupted session"), "{screen}");
        again.send("q");
        again.send("y");
        again.wait_for("q or Enter leaves");
        again.send("q");
        assert_eq!(again.wait_exit(), 0, "round {round}");
        let raw = text(&again.raw());
        assert!(
            raw.contains("a pain report of 2 at step 1000"),
            "round {round}: {raw}"
        );
    }
    let aside = std::fs::read_dir(data.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("checkpoint.json.unreadable-")
        })
        .count();
    assert_eq!(aside, 2, "each kept, neither over the other");
}

#[test]
fn duplicates_future_dates_and_a_torn_line_are_each_said_with_their_line() {
    let data = tempfile::tempdir().unwrap();
    let future = ANSWERS_LINE
        .replace("2026-11-30T07:00:00.000", "2031-01-01T07:00:00.000")
        .replace(r#""date":"2026-11-30""#, r#""date":"2031-01-01""#);
    let torn = &SESSION_LINE[..40];
    std::fs::write(
        data.path().join("journal.jsonl"),
        format!("{SESSION_LINE}\n{ANSWERS_LINE}\n{ANSWERS_LINE}\n{future}\n{torn}"),
    )
    .unwrap();
    let dir = data.path().to_str().unwrap();
    let out = rtr(&[
        "status",
        "--program",
        "programs/demo.ron",
        "--data-dir",
        dir,
    ]);
    assert!(out.status.success(), "{out:?}");
    let err = text(&out.stderr);
    let journal = data.path().join("journal.jsonl");
    let file = journal.display();
    for said in [
        format!(
            "{file}:3: a second answers record for the session of 2026-11-30T07:00:00.000+00:00 (counted once)"
        ),
        format!("{file}:4: dated 2031-01-01, after today"),
        format!("{file}:5: the last line is cut short"),
    ] {
        assert!(err.contains(&said), "{said}\n{err}");
    }
    // Counted once: one amber, a hold, not two.
    let json = rtr(&[
        "status",
        "--json",
        "--program",
        "programs/demo.ron",
        "--data-dir",
        dir,
    ]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json["last"]["decision"], "hold", "{json}");
    // Nothing was rewritten.
    let text_now = std::fs::read_to_string(&journal).unwrap();
    assert!(text_now.ends_with(torn), "the torn line is kept as it was");
}

#[test]
fn a_data_dir_that_is_a_file_is_named_and_no_session_starts() {
    let root = tempfile::tempdir().unwrap();
    let file = root.path().join("rtr");
    std::fs::write(&file, "").unwrap();
    let dir = file.to_str().unwrap();
    for args in [
        vec!["status", "--data-dir", dir],
        vec!["run", "--data-dir", dir],
    ] {
        let out = rtr(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {out:?}");
        assert!(
            text(&out.stderr).contains(&format!("{dir} is not a directory")),
            "{args:?}: {out:?}"
        );
    }
}
