//! SIGTERM and SIGHUP on every screen (issue 12): the home screen, the plan,
//! the history, the prompts (the start check, the morning question, the
//! off-plan question), the resume screen and a session. Each time rtr exits
//! 143 (SIGTERM) or 129 (SIGHUP) and gives the terminal back: the main
//! screen, the cursor shown, cooked mode (`stty -a`, run in the same
//! terminal right after rtr, says `icanon` and `echo`). A session keeps
//! where it stood, answers included, to be picked up at the next start.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::Local;
use common::Tty;

const SIZE: (u16, u16) = (120, 40);
const DEMO: &str = "programs/demo.ron";
const HOME: &str = "h history · ? keys · q quit";
const OFFER: &str = "An interrupted session";
/// What the wrapper prints once rtr is gone, before `stty -a`.
const EXITED: &str = "rtr exited ";
const DONE: &str = "stty done";

const SIGNALS: [(&str, u32); 2] = [("TERM", 143), ("HUP", 129)];

/// rtr with `args` under `sh`, in one terminal: once rtr exits, the shell
/// prints its exit code and what `stty -a` says of the terminal.
fn wrapped(args: &[&str]) -> Tty {
    let script = format!(r#""$0" "$@"; echo "{EXITED}$?"; stty -a; echo "{DONE}""#);
    let mut all = vec!["-c", &script, env!("CARGO_BIN_EXE_rtr")];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--no-notify", "--no-bell", "--no-sound"]);
    Tty::spawn_program("sh", &all, SIZE)
}

fn with_dir<'a>(dir: &'a Path, args: &[&'a str]) -> Vec<&'a str> {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--data-dir", dir.to_str().unwrap()]);
    all
}

/// Sends `signal` to rtr (the shell's child) and checks how it left: the
/// exit code, the terminal restored.
fn stop_with(tty: &mut Tty, signal: &str, code: u32) {
    let rtr = common::child_of(tty.pid());
    common::kill(rtr, signal);
    assert_eq!(tty.wait_exit(), 0, "the shell and stty end well");
    let raw = wait_raw(tty, DONE);
    let at = raw.rfind(EXITED).expect("the shell says how rtr exited");
    let (by_rtr, after) = raw.split_at(at);
    let exit: u32 = after[EXITED.len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap();
    assert_eq!(
        exit, code,
        "SIG{signal}: the exit code; rtr wrote:\n{by_rtr:?}"
    );
    assert_restored(by_rtr, signal);
    let stty: Vec<&str> = after
        .split(|c: char| c.is_whitespace() || c == ';')
        .collect();
    for flag in ["icanon", "echo"] {
        assert!(
            stty.contains(&flag),
            "SIG{signal}: the terminal is left in raw mode ({flag} is off):\n{after}"
        );
    }
}

/// After the last entry to the alternate screen, rtr left it and showed
/// the cursor (and hid it no more).
fn assert_restored(by_rtr: &str, signal: &str) {
    let entered = by_rtr
        .rfind("\x1b[?1049h")
        .expect("rtr was on the alternate screen");
    let rest = &by_rtr[entered..];
    let left = rest.rfind("\x1b[?1049l");
    assert!(
        left.is_some(),
        "SIG{signal}: rtr never left the alternate screen: {:?}",
        tail(rest)
    );
    let shown = rest.rfind("\x1b[?25h");
    assert!(
        shown.is_some() && shown > rest.rfind("\x1b[?25l"),
        "SIG{signal}: the cursor is left hidden: {:?}",
        tail(rest)
    );
}

fn tail(text: &str) -> &str {
    let start = text.len().saturating_sub(300);
    let start = (start..text.len())
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(text.len());
    &text[start..]
}

/// Every byte the terminal got, once it holds `needle`.
fn wait_raw(tty: &Tty, needle: &str) -> String {
    let start = Instant::now();
    loop {
        let raw = String::from_utf8_lossy(&tty.raw()).into_owned();
        if raw.contains(needle) {
            return raw;
        }
        assert!(
            start.elapsed() < common::WAIT,
            "waited for {needle:?}; the terminal got:\n{raw:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A data dir whose plan follows the demo (the start check is behind it).
fn enrolled() -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    common::enroll_demo(data.path());
    data
}

/// Yesterday's demo session 1.1, answered all green: today's first start
/// asks the morning question.
fn yesterday(dir: &Path) {
    let day = (Local::now() - chrono::Duration::days(1)).date_naive();
    let at = format!("{day}T07:30:00+00:00");
    let lines = [
        format!(r#"{{"v":1,"kind":"enroll","at":"{at}","program":"demo","name":"Demo"}}"#),
        format!(
            r#"{{"v":1,"kind":"session","id":"{at}","program":"Demo","program_hash":"x","program_id":"demo","session":"1.1","started":"{at}","ended":"{at}","ended_early":null,"resumed":false,"steps_done":6,"steps_skipped":0,"steps_not_reached":0,"run_seconds":30,"walk_seconds":70,"active_seconds":100,"paused_seconds":0,"pauses":0}}"#
        ),
        format!(
            r#"{{"v":1,"kind":"answers","session_id":"{at}","program":"demo","session":"1.1","date":"{day}","before":0,"after_warmup":0,"worst":1,"after":0,"swelling_or_limp":false,"stopped_for_pain":false,"red_flags":[]}}"#
        ),
    ];
    std::fs::write(dir.join("journal.jsonl"), lines.join("\n") + "\n").unwrap();
}

/// A real session of the demo's 1.1 with the pain before it answered: the
/// clock runs in the warm-up.
fn in_the_warm_up(tty: &mut Tty) {
    common::through_the_gates(tty);
    tty.send("0");
    tty.wait_until("the warm-up", |s| {
        s.contains("warm-up") && !s.contains("Before you start")
    });
}

fn session_args(dir: &Path) -> Vec<&str> {
    with_dir(dir, &["run", "--program", DEMO, "1.1"])
}

/// The next start offers the interrupted session; it is left for later.
fn offered_again(dir: &Path) -> String {
    let mut tty = Tty::spawn(
        &with_dir(
            dir,
            &["--program", DEMO, "--no-notify", "--no-bell", "--no-sound"],
        ),
        &[],
        SIZE,
    );
    let offer = tty.wait_for(OFFER);
    tty.send("q");
    assert_eq!(tty.wait_exit(), 0);
    offer
}

#[test]
fn on_the_home_screen() {
    for (signal, code) in SIGNALS {
        let data = enrolled();
        let mut tty = wrapped(&with_dir(data.path(), &["--program", DEMO]));
        tty.wait_for(HOME);
        stop_with(&mut tty, signal, code);
    }
}

#[test]
fn on_the_plan() {
    for (signal, code) in SIGNALS {
        let data = enrolled();
        let mut tty = wrapped(&with_dir(data.path(), &["--program", DEMO]));
        tty.wait_for(HOME);
        tty.send("p");
        tty.wait_for("1.2 · Try the timer and a circuit");
        tty.wait_for("q back");
        stop_with(&mut tty, signal, code);
    }
}

#[test]
fn on_the_history_screen() {
    for (signal, code) in SIGNALS {
        // `rtr history` in a terminal.
        let data = tempfile::tempdir().unwrap();
        yesterday(data.path());
        let mut tty = wrapped(&with_dir(data.path(), &["history", "--program", DEMO]));
        tty.wait_for("1 Sessions");
        stop_with(&mut tty, signal, code);
        // h on the home screen.
        let data = enrolled();
        let mut tty = wrapped(&with_dir(data.path(), &["--program", DEMO]));
        tty.wait_for(HOME);
        tty.send("h");
        tty.wait_for("No sessions recorded yet.");
        stop_with(&mut tty, signal, code);
    }
}

#[test]
fn on_the_start_check() {
    for (signal, code) in SIGNALS {
        let data = tempfile::tempdir().unwrap();
        let mut tty = wrapped(&with_dir(data.path(), &[]));
        tty.wait_for("This is exercise guidance, not medical care.");
        stop_with(&mut tty, signal, code);
        // Not answered: asked again at the next start.
        let mut again = wrapped(&with_dir(data.path(), &[]));
        again.wait_for("This is exercise guidance, not medical care.");
        again.send("x");
        again.wait_for("walk briskly");
        stop_with(&mut again, signal, code);
    }
}

#[test]
fn on_the_morning_question() {
    for (signal, code) in SIGNALS {
        let data = tempfile::tempdir().unwrap();
        yesterday(data.path());
        let mut tty = wrapped(&with_dir(data.path(), &["--program", DEMO]));
        tty.wait_for("How is the knee this morning, 0 to 10?");
        stop_with(&mut tty, signal, code);
        // The red flags after it.
        let mut tty = wrapped(&with_dir(data.path(), &["--program", DEMO]));
        tty.wait_for("How is the knee this morning, 0 to 10?");
        tty.send("1\r");
        tty.wait_for("Any of these now");
        stop_with(&mut tty, signal, code);
    }
}

#[test]
fn on_the_off_plan_question() {
    for (signal, code) in SIGNALS {
        let data = enrolled();
        let mut tty = wrapped(&with_dir(data.path(), &["run", "--program", DEMO, "1.2"]));
        tty.wait_for("Off-plan");
        stop_with(&mut tty, signal, code);
        assert!(!data.path().join("checkpoint.json").exists());
    }
}

#[test]
fn on_the_resume_screen() {
    for (signal, code) in SIGNALS {
        let data = enrolled();
        let mut crashed = Tty::spawn(&session_args(data.path()), &[], SIZE);
        in_the_warm_up(&mut crashed);
        common::kill(crashed.pid(), "KILL");
        crashed.wait_exit();

        let mut tty = wrapped(&with_dir(data.path(), &["--program", DEMO]));
        tty.wait_for(OFFER);
        stop_with(&mut tty, signal, code);
        // Nothing was chosen: it is offered again.
        let offer = offered_again(data.path());
        assert!(
            offer.contains("warm-up") || offer.contains("walk"),
            "{offer}"
        );
    }
}

#[test]
fn in_a_session_and_it_is_kept_to_resume() {
    for (signal, code) in SIGNALS {
        let data = enrolled();
        let mut tty = wrapped(&session_args(data.path()));
        in_the_warm_up(&mut tty);
        stop_with(&mut tty, signal, code);
        assert!(data.path().join("checkpoint.json").exists());
        let offer = offered_again(data.path());
        assert!(offer.contains("walk, 0:"), "{offer}");
    }
}

#[test]
fn in_the_questions_after_the_run_and_the_answers_are_kept() {
    for (signal, code) in SIGNALS {
        let data = enrolled();
        let mut tty = wrapped(&session_args(data.path()));
        in_the_warm_up(&mut tty);
        tty.send("n");
        tty.wait_for("Warm-up done");
        tty.send("2");
        tty.wait_until("answered", |s| !s.contains("Warm-up done"));
        tty.send("nnnnn");
        tty.wait_for("Worst knee pain during it");
        tty.send("5");
        tty.wait_for("And knee pain right now");
        stop_with(&mut tty, signal, code);

        // Picked up at the question it stood at, the answers before it kept.
        let dir = data.path();
        let mut next = Tty::spawn(
            &with_dir(
                dir,
                &["--program", DEMO, "--no-notify", "--no-bell", "--no-sound"],
            ),
            &[],
            SIZE,
        );
        next.wait_for(OFFER);
        next.send("r");
        next.wait_for("And knee pain right now");
        next.send("1\r");
        next.wait_for("Any swelling");
        next.send("n");
        next.wait_for("Any of these now");
        next.send("n");
        next.wait_for("The coach");
        next.send("x");
        next.wait_for("Session complete");
        next.send("q");
        assert_eq!(next.wait_exit(), 0);
        let journal = std::fs::read_to_string(dir.join("journal.jsonl")).unwrap();
        assert_eq!(
            journal.matches("\"kind\":\"answers\"").count(),
            1,
            "{journal}"
        );
        assert!(
            journal.contains(
                r#""before":0,"after_warmup":2,"worst":5,"after":1,"swelling_or_limp":false"#
            ),
            "SIG{signal}: {journal}"
        );
        assert!(!dir.join("checkpoint.json").exists());
    }
}
