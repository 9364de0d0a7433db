//! The coach's plan end to end, in a pseudo-terminal: one plan per program,
//! off-plan sessions, reports counted where they were made, the ready-to-run
//! check, and a session discarded before it counts.

mod common;

use std::path::Path;

use common::Tty;

const NORMAL: (u16, u16) = (120, 40);

fn rtr(dir: &Path, args: &[&str]) -> String {
    let out = common::rtr_command()
        .args(args)
        .arg("--data-dir")
        .arg(dir)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

fn journal(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("journal.jsonl")).unwrap_or_default()
}

fn demo(dir: &Path, session: &str) -> Tty {
    let args = [
        "run",
        "--program",
        "programs/demo.ron",
        session,
        "--no-notify",
        "--no-bell",
        "--no-sound",
        "--data-dir",
        dir.to_str().unwrap(),
    ];
    Tty::spawn(&args, &[], NORMAL)
}

/// The questions after the run, then the coach's word, which is returned.
fn answer(tty: &mut Tty, answers: &[(&str, &str)]) -> String {
    for (question, key) in answers {
        tty.wait_for(question);
        tty.send(key);
    }
    let word = tty.wait_for("The coach");
    tty.send("x");
    word
}

#[test]
fn the_demo_never_moves_the_built_in_plan() {
    let data = tempfile::tempdir().unwrap();
    let mut tty = demo(data.path(), "1.1");
    tty.wait_for("Your plan follows another program (knee-return-to-run); this is \"Demo\"");
    tty.send("o");
    tty.wait_for("Before you start");
    tty.send("0");
    tty.wait_for("warm-up");
    tty.send("nnnnnn");
    answer(
        &mut tty,
        &[
            ("Worst knee pain", "0"),
            ("right now", "0"),
            ("Any swelling", "n"),
            ("Any of these now", "n"),
        ],
    );
    tty.wait_for("Session complete");
    tty.send("q");
    assert_eq!(tty.wait_exit(), 0);
    assert!(journal(data.path()).contains(r#""program":"demo""#));

    let status = rtr(data.path(), &["status"]);
    assert!(
        status.starts_with("Next: 1.1 (week 1 of 10), today."),
        "{status}"
    );
    assert!(
        !status.contains("Last:"),
        "nothing of the plan's own: {status}"
    );
    let report = rtr(data.path(), &["history", "--format", "md"]);
    assert!(
        report.contains("- No run sessions recorded yet."),
        "{report}"
    );
    assert!(
        report.contains("1 run session of other programs (one-offs) are left out"),
        "{report}"
    );
    // Its own plan: the demo's sessions are the demo's.
    let demo_status = rtr(data.path(), &["status", "--program", "programs/demo.ron"]);
    assert!(
        demo_status.contains("Last: Hold at 1.1: only 0 of 2 runs done"),
        "{demo_status}"
    );
}

#[test]
fn enroll_switches_the_plan_and_is_recorded() {
    let data = tempfile::tempdir().unwrap();
    let said = rtr(data.path(), &["enroll"]);
    assert!(
        said.contains("Your plan follows \"Return to run\" (knee-return-to-run)"),
        "{said}"
    );
    let said = rtr(data.path(), &["enroll", "programs/demo.ron"]);
    assert!(
        said.contains("Your plan now follows \"Demo\" (demo)"),
        "{said}"
    );
    assert!(journal(data.path()).contains(r#""kind":"enroll""#));
    // Plain rtr now opens the demo.
    let status = rtr(data.path(), &["status"]);
    assert!(status.contains("Next: 1.1 (week 1 of 1)"), "{status}");
    let said = rtr(data.path(), &["enroll", "--built-in"]);
    assert!(
        said.contains("Your plan now follows \"Return to run\""),
        "{said}"
    );
    let status = rtr(data.path(), &["status"]);
    assert!(status.contains("week 1 of 10"), "{status}");
}

#[test]
fn a_warm_up_report_of_3_that_eases_to_1_is_amber_not_red() {
    let data = tempfile::tempdir().unwrap();
    common::enroll_demo(data.path());
    let mut tty = demo(data.path(), "1.1");
    tty.wait_for("Before you start");
    tty.send("0");
    tty.wait_for("warm-up");
    tty.send("!");
    tty.send("3");
    tty.wait_for("Pain 3/10 noted");
    tty.send("n");
    tty.wait_for("Warm-up done");
    tty.send("3");
    tty.wait_until("the answer is taken", |s| !s.contains("Warm-up done"));
    tty.send("nnnnn");
    let word = answer(
        &mut tty,
        &[
            ("Worst knee pain during it, 0 to 10?", "1\r"),
            ("right now", "0"),
            ("Any swelling", "n"),
            ("Any of these now", "n"),
        ],
    );
    assert!(
        word.contains("Hold at 1.1: pain 3/10 after the warm-up eased to 1/10 during the run"),
        "{word}"
    );
    tty.send("q");
    assert_eq!(tty.wait_exit(), 0);
    let text = journal(data.path());
    assert!(
        text.contains(r#""reports":[{"part":"warmup","pain":3}]"#),
        "{text}"
    );
}

#[test]
fn an_off_plan_session_asks_first_and_is_recorded_as_off_plan() {
    let data = tempfile::tempdir().unwrap();
    common::enroll_demo(data.path());
    let mut no = demo(data.path(), "1.2");
    let screen = no.wait_for("Run 1.2 anyway? It is recorded as off-plan.");
    assert!(
        screen.contains("The coach's next session is 1.1."),
        "{screen}"
    );
    no.send("n");
    assert_eq!(no.wait_exit(), 0);
    assert!(!journal(data.path()).contains("answers"));

    let mut yes = demo(data.path(), "1.2");
    yes.wait_for("Run 1.2 anyway?");
    yes.send("y");
    yes.wait_for("Before you start");
    yes.send("0");
    yes.wait_for("warm-up");
    yes.send("nnnnnn");
    let word = answer(
        &mut yes,
        &[
            ("Worst knee pain", "0"),
            ("right now", "0"),
            ("Any swelling", "n"),
            ("Any of these now", "n"),
        ],
    );
    assert!(
        word.contains("Hold at 1.1"),
        "never moves the plan on: {word}"
    );
    let text = journal(data.path());
    assert!(
        text.contains(r#""session":"1.2","off_plan":true"#),
        "{text}"
    );
}

#[test]
fn quitting_in_the_first_two_minutes_offers_discard_and_records_nothing() {
    let data = tempfile::tempdir().unwrap();
    common::enroll_demo(data.path());
    let before = journal(data.path());
    let mut tty = demo(data.path(), "1.1");
    tty.wait_for("Before you start");
    tty.send("0");
    tty.wait_for("warm-up");
    tty.send("q");
    tty.wait_for("d  discard it: nothing recorded, no run day used");
    tty.send("d");
    tty.wait_for("Discarded: nothing recorded, no run day used.");
    tty.send("q");
    assert_eq!(tty.wait_exit(), 0);
    assert_eq!(journal(data.path()), before, "nothing recorded");
    assert!(!data.path().join("checkpoint.json").exists());
    let status = rtr(data.path(), &["status"]);
    assert!(
        status.contains("Next: 1.1 (week 1 of 1), today."),
        "{status}"
    );

    // In the main set it is too late: the run has begun.
    let mut late = demo(data.path(), "1.1");
    late.wait_for("Before you start");
    late.send("0");
    late.wait_for("warm-up");
    late.send("n");
    late.wait_for("interval 1 of 2");
    late.send("q");
    let screen = late.wait_for("End the session?");
    assert!(!screen.contains("discard"), "{screen}");
}

#[test]
fn pain_before_the_run_means_no_run_today_and_uses_no_run_day() {
    let data = tempfile::tempdir().unwrap();
    common::enroll_demo(data.path());
    let mut tty = demo(data.path(), "1.1");
    tty.wait_for("Before you start");
    tty.send("4");
    let screen = tty.wait_for("No run today");
    assert!(
        screen.contains("Knee pain 4/10 before the run (a run needs less than 3/10)."),
        "{screen}"
    );
    assert!(screen.contains("w  a walk instead"), "{screen}");
    // Running anyway is asked twice; n goes back.
    tty.send("o");
    tty.wait_for("Run anyway? The coach advises against it.");
    tty.send("n");
    tty.wait_for("q  nothing today");
    tty.send("q");
    assert_eq!(tty.wait_exit(), 0);
    let text = journal(data.path());
    assert!(text.contains(r#""kind":"not_ready""#), "{text}");
    assert!(
        !text.contains(r#""kind":"answers""#),
        "not a session: {text}"
    );
    let status = rtr(data.path(), &["status"]);
    assert!(
        status.contains("Next: 1.1 (week 1 of 1), today."),
        "no run day used: {status}"
    );
}
