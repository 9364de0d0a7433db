//! The real binary in a pseudo-terminal, driven by keys, checked on screen.

mod common;

use common::Tty;

const NORMAL: (u16, u16) = (120, 40);

fn demo(session: &str, speed: &str, data: &tempfile::TempDir) -> Vec<String> {
    [
        "run",
        "--program",
        "programs/demo.ron",
        session,
        "--speed",
        speed,
        "--no-notify",
        "--no-bell",
        "--data-dir",
        data.path().to_str().unwrap(),
    ]
    .map(String::from)
    .to_vec()
}

fn spawn(args: &[String]) -> Tty {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    Tty::spawn(&args, &[], NORMAL)
}

/// Leaving the alternate screen, showing the cursor: the terminal is back.
fn assert_restored(tty: &Tty) {
    let raw = String::from_utf8_lossy(&tty.raw()).into_owned();
    let left = raw.rfind("\x1b[?1049l").expect("left the alternate screen");
    let entered = raw.rfind("\x1b[?1049h").expect("entered it first");
    assert!(left > entered);
    assert!(
        raw[left..].contains("\x1b[?25h") || raw[..left].ends_with("\x1b[?25h"),
        "cursor shown"
    );
}

#[test]
fn a_demo_session_with_pause_skip_back_and_pain_reaches_complete() {
    let data = tempfile::tempdir().unwrap();
    let mut tty = spawn(&demo("1.1", "20", &data));
    tty.wait_for("WALK · ");
    tty.wait_for("REHEARSAL ×20 · not recorded");

    tty.send(" ");
    let paused = tty.wait_for("PAUSED");
    std::thread::sleep(std::time::Duration::from_millis(600));
    let still = tty.screen();
    let left = |s: &str| {
        s.lines()
            .find(|l| l.contains(" left ·"))
            .map(str::to_string)
    };
    assert_eq!(
        left(&paused),
        left(&still),
        "the clock stands still while paused"
    );
    tty.send(" ");
    tty.wait_until("resumed", |s| !s.contains("PAUSED"));

    tty.send("n"); // skip the warm-up walk
    tty.wait_for("» RUN · ");

    tty.send("!");
    tty.wait_for("pain right now, 0 to 10?");
    tty.send("3");
    tty.wait_for("Pain 3/10 noted");

    let done = tty.wait_for("Session complete");
    assert!(done.contains("Skipped: 1"), "{done}");
    assert!(done.contains("Pain reported: 3/10"), "{done}");
    assert!(done.contains("nothing of it is recorded"), "{done}");
    tty.send("q");
    assert_eq!(tty.wait_exit(), 0);
    assert_restored(&tty);
}

#[test]
fn a_session_with_a_circuit_runs_holds_side_by_side_and_a_rep_set_on_enter() {
    let data = tempfile::tempdir().unwrap();
    let mut tty = spawn(&demo("1.2", "20", &data));
    // Time to get into place, then each side, with time to switch.
    tty.wait_for("GET READY");
    tty.wait_for("HOLD Side plank");
    let hold = tty.wait_for("set 1 of 2 · left side");
    assert!(hold.contains("Form: Hips up"), "{hold}");
    tty.wait_for("SWITCH SIDES");
    tty.wait_for("set 1 of 2 · right side");
    tty.wait_for("REST");
    let reps = tty.wait_for("REPS Glute bridge · 5 reps");
    assert!(reps.contains("Enter done"), "{reps}");
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert!(
        tty.screen().contains("REPS Glute bridge"),
        "a rep set waits for Enter"
    );
    tty.send("\r");
    tty.wait_for("Session complete");
    tty.send("\r");
    assert_eq!(tty.wait_exit(), 0);
}

#[test]
fn back_restarts_a_step_or_returns_to_the_one_before() {
    // At real speed: "just started" is 3 s, long enough for a loaded machine.
    let data = tempfile::tempdir().unwrap();
    let mut tty = spawn(&demo("1.1", "1", &data));
    tty.wait_for("WALK · 0:19 left");
    tty.send("n");
    tty.wait_for("» RUN · 0:15 left");
    tty.send("b"); // just started: back to the warm-up, from its start
    tty.wait_for("WALK · 0:20 left · warm-up");
    tty.wait_for("WALK · 0:16 left · warm-up");
    tty.send("b"); // well into it: the same step again
    tty.wait_for("WALK · 0:20 left · warm-up");
    tty.send("qyq");
    assert_eq!(tty.wait_exit(), 0);
}

#[test]
fn quit_asks_first_and_no_goes_on() {
    let data = tempfile::tempdir().unwrap();
    let mut tty = spawn(&demo("1.1", "1", &data));
    tty.wait_for("WALK · ");
    tty.send("q");
    tty.wait_for("End the session?");
    tty.send("n");
    tty.wait_until("the question closes", |s| !s.contains("End the session?"));
    tty.send("\x03"); // Ctrl-C asks the same
    tty.wait_for("End the session?");
    tty.send("y");
    let ended = tty.wait_for("Session ended early (quit before the end)");
    assert!(ended.contains("not reached"), "{ended}");
    tty.send("q");
    assert_eq!(tty.wait_exit(), 0);
    assert_restored(&tty);
}

#[test]
fn pain_at_the_red_line_turns_runs_to_walks_and_offers_to_end() {
    let data = tempfile::tempdir().unwrap();
    let mut tty = spawn(&demo("1.1", "1", &data));
    tty.wait_for("WALK · ");
    tty.send("n");
    tty.wait_for("» RUN · ");
    tty.send("!6");
    let alert = tty.wait_for("Pain 6/10 is at or above the red line (5/10).");
    assert!(
        alert.contains("The rest of the main set is walking now."),
        "{alert}"
    );
    tty.send("c");
    tty.wait_for("WALK (instead of run)");
    tty.send("!");
    tty.send("8");
    tty.wait_for("See a physical therapist before you run again.");
    tty.send("e");
    tty.wait_for("Session ended early (pain)");
    tty.send("q");
    assert_eq!(tty.wait_exit(), 0);
}

#[test]
fn help_lists_every_key() {
    let data = tempfile::tempdir().unwrap();
    let mut tty = spawn(&demo("1.1", "1", &data));
    tty.wait_for("WALK · ");
    tty.send("?");
    let help = tty.wait_for("Keys");
    for key in [
        "pause / resume",
        "skip",
        "back",
        "rep set",
        "knee pain",
        "end the session",
    ] {
        assert!(help.contains(key), "{key}: {help}");
    }
    tty.send("x");
    tty.wait_until("help closes", |s| !s.contains("pause / resume"));
    tty.send("q");
    tty.send("y");
    tty.send("q");
    assert_eq!(tty.wait_exit(), 0);
}

#[test]
fn a_missing_dbus_turns_notifications_off_quietly_and_the_timer_goes_on() {
    let data = tempfile::tempdir().unwrap();
    let args = [
        "run",
        "--program",
        "programs/demo.ron",
        "1.1",
        "--speed",
        "20",
        "--no-bell",
        "--data-dir",
        data.path().to_str().unwrap(),
    ];
    let env = [
        ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus"),
        ("XDG_RUNTIME_DIR", "/nonexistent"),
    ];
    let mut tty = Tty::spawn(&args, &env, NORMAL);
    tty.wait_for("Desktop notifications are off");
    tty.wait_for("Session complete");
    tty.send("q");
    assert_eq!(tty.wait_exit(), 0);
    let log = std::fs::read_to_string(data.path().join("rtr.log")).unwrap();
    assert!(log.contains("desktop notification failed"), "{log}");
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    for (signal, code) in [("TERM", 143), ("HUP", 129)] {
        let data = tempfile::tempdir().unwrap();
        let mut tty = spawn(&demo("1.1", "1", &data));
        tty.wait_for("WALK · ");
        let killed = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &tty.pid().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        assert_eq!(tty.wait_exit(), code, "SIG{signal}");
        assert_restored(&tty);
    }
}

#[test]
fn a_tiny_terminal_asks_to_be_enlarged_then_works_at_any_size() {
    let data = tempfile::tempdir().unwrap();
    let args = demo("1.1", "1", &data);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut tty = Tty::spawn(&args, &[], (20, 5));
    tty.wait_for("Enlarge");
    tty.send("q");
    tty.send("y");
    tty.send("q");
    assert_eq!(tty.wait_exit(), 0);
}

#[test]
fn an_unknown_session_is_refused_with_what_exists() {
    let out = common::rtr_command()
        .args(["run", "--program", "programs/demo.ron", "3.1"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("there is no session 3.1 in \"Demo\": it has weeks 1 to 1"),
        "{err}"
    );
    let out = common::rtr_command()
        .args(["run", "1.1", "--speed", "601"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "speed out of range is a usage error"
    );
}
