//! The coach end to end: a demo session with its pain answers, then a launch
//! the next day whose morning answer changes the decision.

mod common;

use std::path::Path;

use chrono::{Duration, Local};
use common::Tty;

const NORMAL: (u16, u16) = (120, 40);

fn journal_line(text: &str) -> String {
    format!("{text}\n")
}

/// Yesterday's demo session 1.1, answered all green.
fn yesterday(dir: &Path) {
    let day = (Local::now() - Duration::days(1)).date_naive();
    let at = format!("{day}T07:30:00+00:00");
    // Written before program ids, but for the enrollment in the demo.
    let mut text = journal_line(&format!(
        r#"{{"v":1,"kind":"enroll","at":"{at}","program":"demo","name":"Demo"}}"#
    ));
    text += &journal_line(&format!(
        r#"{{"v":1,"kind":"session","id":"{at}","program":"Demo","program_hash":"x","session":"1.1","started":"{at}","ended":"{at}","ended_early":null,"resumed":false,"steps_done":6,"steps_skipped":0,"steps_not_reached":0,"run_seconds":30,"walk_seconds":70,"active_seconds":100,"paused_seconds":0,"pauses":0}}"#
    ));
    text += &journal_line(&format!(
        r#"{{"v":1,"kind":"answers","session_id":"{at}","session":"1.1","date":"{day}","before":0,"after_warmup":0,"worst":1,"after":0,"swelling_or_limp":false,"stopped_for_pain":false,"red_flags":[]}}"#
    ));
    std::fs::write(dir.join("journal.jsonl"), text).unwrap();
}

fn rtr(args: &[&str]) -> String {
    let data = tempfile::tempdir().unwrap();
    let out = common::rtr_command()
        .args(args)
        .env("RTR_DATA_DIR", data.path())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_morning_answer_turns_an_advance_into_a_hold_and_says_why() {
    let data = tempfile::tempdir().unwrap();
    yesterday(data.path());
    let dir = data.path().to_str().unwrap();
    let before = rtr(&[
        "status",
        "--program",
        "programs/demo.ron",
        "--data-dir",
        dir,
    ]);
    assert!(before.contains("Next: 1.2"), "{before}");

    let args = [
        "--program",
        "programs/demo.ron",
        "--data-dir",
        dir,
        "--no-notify",
    ];
    let mut tty = Tty::spawn(&args, &[], NORMAL);
    tty.wait_for("How is the knee this morning, 0 to 10?");
    tty.send("2");
    tty.wait_for("Any of these now, at the knee or the leg?");
    tty.send("n");
    let screen = tty.wait_for("That changes the plan.");
    assert!(
        screen.contains("Hold at 1.1, with 1 more rest day: next-morning pain 2/10, 2 above the"),
        "{screen}"
    );
    tty.send("x");
    let home = tty.wait_for("Rest day. Next run");
    assert!(home.contains("Hold at 1.1, with 1 more rest day"), "{home}");
    common::leave_home(&mut tty);

    let after = rtr(&[
        "status",
        "--program",
        "programs/demo.ron",
        "--data-dir",
        dir,
    ]);
    assert!(after.contains("Next: 1.1"), "{after}");
    let journal = std::fs::read_to_string(data.path().join("journal.jsonl")).unwrap();
    assert!(journal.contains("\"kind\":\"morning\""), "{journal}");

    // Asked once: the next launch goes straight on.
    let mut again = Tty::spawn(&args, &[], NORMAL);
    let home = again.wait_for("Rest day. Next run");
    assert!(!home.contains("this morning"));
    common::leave_home(&mut again);
}

#[test]
fn a_fine_morning_leaves_the_plan_as_it_stood() {
    let data = tempfile::tempdir().unwrap();
    yesterday(data.path());
    let dir = data.path().to_str().unwrap();
    let args = [
        "--program",
        "programs/demo.ron",
        "--data-dir",
        dir,
        "--no-notify",
    ];
    let mut tty = Tty::spawn(&args, &[], NORMAL);
    tty.wait_for("this morning, 0 to 10?");
    tty.send("0");
    tty.wait_for("Any of these now");
    tty.send("n");
    let screen = tty.wait_for("The plan stands.");
    assert!(screen.contains("Advance to 1.2"), "{screen}");
    tty.send("x");
    // Tomorrow is the next run: starting today asks first, and is recorded.
    tty.wait_for("Rest day. Next run");
    tty.send("\r");
    tty.wait_for("Today is a rest day: the coach's next run is on");
    tty.send("y");
    tty.wait_for("Before you start: knee pain right now");
    tty.send("q");
    tty.send("y");
    tty.wait_for("Session ended early");
    // Back home after the session.
    tty.send("q");
    tty.wait_for("Enter start");
    common::leave_home(&mut tty);
    let journal = std::fs::read_to_string(data.path().join("journal.jsonl")).unwrap();
    assert!(journal.contains("\"kind\":\"override\""), "{journal}");
    assert!(journal.contains("\"session\":\"1.2\""), "{journal}");
}

#[test]
fn the_home_screen_starts_todays_session() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_str().unwrap();
    let mut tty = Tty::spawn(
        &["--data-dir", dir, "--no-notify", "--no-bell"],
        &[],
        NORMAL,
    );
    // The first time: the disclaimer and the start check.
    let intro = tty.wait_for("This is exercise guidance, not medical care.");
    assert!(intro.contains("Never run through sharp pain"), "{intro}");
    tty.send("x");
    for question in [
        "walk briskly",
        "single-leg squats",
        "hop 10 times",
        "calf raises",
    ] {
        tty.wait_for(question);
        tty.send("y");
    }
    tty.wait_for("Is the knee free of swelling?");
    tty.send("n");
    let advice = tty.wait_for("Before running, do this first:");
    assert!(
        advice.contains("A swollen knee is not ready to run: see a physical therapist first."),
        "{advice}"
    );
    assert!(
        !advice.contains("Build brisk walking"),
        "only what was answered no: {advice}"
    );
    tty.send("x");
    let home = tty.wait_for("Today: 1.1 · 6 × (1:00 run / 4:00 walk) · 43 min");
    assert!(home.contains("Week 1 of 10"), "{home}");
    // A no in the start check: the strength circuit before any run.
    assert!(home.contains("Before running: Strength"), "{home}");
    assert!(home.contains("not medical care"), "{home}");
    tty.send("?");
    tty.wait_for("resume after a stop, one week down");
    tty.send("\r");
    tty.wait_for("Before you start: knee pain right now");
    tty.send("\x03");
    tty.wait_for("End the session?");
    tty.send("y");
    tty.wait_for("Session ended early");
    // Back home after the session.
    tty.send("q");
    tty.wait_for("Enter start");
    common::leave_home(&mut tty);
    let journal = std::fs::read_to_string(data.path().join("journal.jsonl")).unwrap();
    assert!(journal.contains("\"kind\":\"start_check\""), "{journal}");
    assert!(
        journal.contains("\"answers\":[true,true,true,true,false]"),
        "{journal}"
    );

    // Asked once.
    let mut again = Tty::spawn(&["--data-dir", dir, "--no-notify"], &[], NORMAL);
    again.wait_for("Today: 1.1");
    common::leave_home(&mut again);
}

#[test]
fn simulate_prints_a_line_a_session_and_json_with_the_documented_keys() {
    let text = rtr(&["simulate", "0,0,3,5,2/4"]);
    assert_eq!(text.lines().count(), 5, "{text}");
    assert!(
        text.lines()
            .nth(3)
            .unwrap()
            .starts_with("1.3   day 6   red    regress  → 1.1"),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&rtr(&["simulate", "0,3,0 b4", "--json"])).unwrap();
    let first = json[0].as_object().unwrap();
    let keys: Vec<&str> = first.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["date", "decision", "light", "next", "reason", "session"]
    );
    assert_eq!(json[1]["decision"], "hold");
    assert_eq!(json[1]["date"], 2);
    assert_eq!(json[2]["decision"], "no-run");
    assert!(json[2]["light"].is_null());
    assert_eq!(json[2]["next"], "1.2");
    let bad = common::rtr_command()
        .args(["simulate", "0,zz"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("token 2 \"zz\""));
}

#[test]
fn status_on_a_fresh_data_dir_names_the_first_session() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_str().unwrap();
    let text = rtr(&["status", "--data-dir", dir]);
    assert_eq!(text.trim(), "Next: 1.1 (week 1 of 10), today.");
    let json: serde_json::Value =
        serde_json::from_str(&rtr(&["status", "--json", "--data-dir", dir])).unwrap();
    assert_eq!(json["next"], "1.1");
    assert_eq!(json["today"], true);
}

fn real_session(dir: &str) -> Tty {
    let args = [
        "run",
        "--program",
        "programs/demo.ron",
        "1.2",
        "--no-notify",
        "--no-bell",
        "--data-dir",
        dir,
    ];
    let dir_path = std::path::Path::new(dir);
    if !dir_path.join("journal.jsonl").exists() {
        common::enroll_demo(dir_path);
    }
    let mut tty = Tty::spawn(&args, &[], NORMAL);
    // 1.2 is not the coach's next until 1.1 is done: it asks first.
    common::through_the_gates(&mut tty);
    tty.send("0");
    tty.wait_until("the clock runs", |s| !s.contains("Before you start"));
    tty
}

/// Skips to the circuit and answers the run's questions: all fine.
fn to_the_circuit(tty: &mut Tty) {
    tty.send("nnnnnn");
    for (question, key) in [
        ("Worst knee pain", "0"),
        ("And knee pain right now", "0"),
        ("Any swelling", "n"),
        ("Any of these now", "n"),
    ] {
        tty.wait_for(question);
        tty.send(key);
    }
    tty.wait_for("The coach");
    tty.send("x");
    // Past the get-ready, into the first hold.
    tty.wait_for("■ HOLD Side plank · ");
}

#[test]
fn a_painful_exercise_is_flagged_its_circuit_rated_and_eased_next_time() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_str().unwrap();
    let mut tty = real_session(dir);
    to_the_circuit(&mut tty);
    tty.send("!");
    tty.send("4");
    tty.wait_for("Pain 4/10 noted");
    // Through the holds (each side after a switch), the rests and the reps.
    tty.send("nnnnnnnnn");
    tty.wait_for("Circuit done: knee pain now, 0 to 10?");
    tty.send("3");
    let word = tty.wait_for("in the circuit");
    assert!(
        word.contains("Pain 4/10 in the circuit: the exercises that hurt come easier next time."),
        "the highest of the rating and the reports: {word}"
    );
    tty.send("x");
    tty.wait_until("the word is read", |s| !s.contains("Any key goes on"));
    tty.send("q");
    assert_eq!(tty.wait_exit(), 0);
    let journal = std::fs::read_to_string(data.path().join("journal.jsonl")).unwrap();
    assert!(journal.contains("\"kind\":\"circuit_pain\""), "{journal}");
    assert!(
        journal.contains("\"part\":\"circuit\",\"phase\":\"hold\",\"label\":\"Side plank\""),
        "{journal}"
    );
    // Prehab pain never moves the run progression: 4/10 in the circuit, yet green.
    let status = rtr(&[
        "status",
        "--program",
        "programs/demo.ron",
        "--data-dir",
        dir,
    ]);
    assert!(
        status.contains("worst pain 0/10 during the run (green"),
        "{status}"
    );

    let mut next = real_session(dir);
    to_the_circuit(&mut next);
    let screen =
        next.wait_for("It hurt last time: make it easier (shallower, fewer reps, no band).");
    assert!(screen.contains("Side plank"), "{screen}");
    next.send("qy");
    next.wait_for("Circuit done");
    next.send("0");
    next.wait_for("after the circuit noted");
    next.send("x");
    next.wait_until("the word is read", |s| !s.contains("Any key goes on"));
    next.send("q");
    assert_eq!(next.wait_exit(), 0);
}

#[test]
fn the_history_screen_switches_views_and_opens_a_detail() {
    let data = tempfile::tempdir().unwrap();
    yesterday(data.path());
    let dir = data.path().to_str().unwrap();
    let args = [
        "history",
        "--program",
        "programs/demo.ron",
        "--data-dir",
        dir,
    ];
    let mut tty = Tty::spawn(&args, &[], NORMAL);
    let table = tty.wait_for("1 Sessions");
    assert!(table.contains("● green  advance"), "{table}");
    tty.send("2");
    tty.wait_for("worst during the run");
    tty.send("3");
    tty.wait_for("Progression, session by session:");
    tty.send("1");
    tty.wait_for("b w W a m");
    tty.send("\r");
    let detail = tty.wait_for("Advance to 1.2: worst pain 1/10 during the run (green: 0–2).");
    assert!(detail.contains("Steps: 6 done, 0 skipped"), "{detail}");
    tty.send("\x1b");
    tty.wait_until("back to the table", |s| s.contains("b w W a m"));
    tty.send("q");
    assert_eq!(tty.wait_exit(), 0);
}
