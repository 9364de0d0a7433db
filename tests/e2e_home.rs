//! From the home screen and back: a session started there ends on the home
//! screen with the coach's decision, and today's prehab starts there too.
//! The real binary in a pseudo-terminal, in real time.

mod common;

use common::Tty;

const NORMAL: (u16, u16) = (120, 40);

fn home(dir: &str, program: Option<&str>) -> Tty {
    let mut args = vec!["--data-dir", dir, "--no-notify", "--no-bell"];
    if let Some(program) = program {
        args.extend(["--program", program]);
    }
    Tty::spawn(&args, &[], NORMAL)
}

/// Leaves the home screen: q asks first, y leaves.
fn leave(tty: &mut Tty) {
    tty.send("q");
    tty.wait_for("Leave rtr?");
    tty.send("y");
    assert_eq!(tty.wait_exit(), 0);
}

/// Answers the questions after a run: all fine.
fn fine_after_the_run(tty: &mut Tty) {
    for (question, key) in [
        ("Worst knee pain", "0"),
        ("And knee pain right now", "0"),
        ("Any swelling", "n"),
        ("Any of these now", "n"),
    ] {
        tty.wait_for(question);
        tty.send(key);
    }
}

#[test]
fn a_session_started_from_home_ends_back_home_with_the_decision() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_str().unwrap();
    common::enroll_demo(data.path());
    let mut tty = home(dir, Some("programs/demo.ron"));
    tty.wait_for("Today: 1.1");
    tty.send("\r");
    tty.wait_for("Before you start: knee pain right now");
    tty.send("0");
    // The warm-up's question comes while it still runs (0:20 long: in its
    // second half), under the digits.
    let asked = tty.wait_for("Warm-up done");
    assert!(asked.contains("WALK · 0:1"), "{asked}");
    tty.send("2");
    // The demo's 1:40 in real time, each change within the wait.
    for on_screen in [
        "» RUN · ",
        "• WALK · ",
        "interval 2 of 2",
        "• WALK · 0:1",
        "· cool-down",
        "0:05 left · cool-down",
    ] {
        tty.wait_for(on_screen);
    }
    fine_after_the_run(&mut tty);
    let decision = tty.wait_for("The coach");
    assert!(decision.contains("Advance to 1.2"), "{decision}");
    tty.send("x");
    let summary = tty.wait_until("the box is closed", |s| !s.contains("Any key goes on"));
    assert!(summary.contains("Session complete"), "{summary}");
    assert!(summary.contains("The coach: Advance to 1.2"), "{summary}");
    assert!(summary.contains("Next run: 1.2"), "{summary}");
    tty.send("\r");
    let home = tty.wait_for("Next run");
    assert!(
        home.contains("Advance to 1.2"),
        "back home, the decision: {home}"
    );
    leave(&mut tty);
    let journal = std::fs::read_to_string(data.path().join("journal.jsonl")).unwrap();
    assert!(journal.contains("\"kind\":\"answers\""), "{journal}");
    assert!(journal.contains("\"after_warmup\":2"), "{journal}");
}

#[test]
fn todays_prehab_starts_from_home_and_is_recorded_with_its_rating() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_str().unwrap();
    let mut tty = home(dir, None);
    // The first time: the disclaimer and the start check, all yes.
    tty.wait_for("This is exercise guidance, not medical care.");
    tty.send("x");
    for question in [
        "walk briskly",
        "single-leg squats",
        "hop 10 times",
        "calf raises",
        "free of swelling",
    ] {
        tty.wait_for(question);
        tty.send("y");
    }
    tty.wait_for("you are ready for week 1");
    tty.send("x");
    let home = tty.wait_for("Today: 1.1");
    assert!(home.contains("c prehab"), "{home}");
    tty.send("c");
    let ready = tty.wait_for("GET READY");
    assert!(ready.contains("prehab · Mobility"), "{ready}");
    assert!(
        !ready.contains("Before you start"),
        "no run question: {ready}"
    );
    tty.send("q");
    tty.wait_for("End the session?");
    tty.send("y");
    tty.wait_for("Circuit done: knee pain now, 0 to 10?");
    tty.send("2");
    tty.wait_for("The coach");
    tty.send("x");
    tty.wait_until("the box is closed", |s| !s.contains("Any key goes on"));
    tty.send("\r");
    let back = tty.wait_for("Today: 1.1");
    assert!(
        back.contains("Week 1 of 10"),
        "a circuit is not a run: {back}"
    );
    leave(&mut tty);
    let journal = std::fs::read_to_string(data.path().join("journal.jsonl")).unwrap();
    assert!(journal.contains("\"instead\":\"prehab\""), "{journal}");
    assert!(journal.contains("\"kind\":\"circuit_pain\""), "{journal}");
}
