//! The start check follows the program: its site in every text, and after
//! a bone stress injury a clinician's clearance first, with the high-risk
//! sites named.

mod common;

use common::Tty;

const NORMAL: (u16, u16) = (120, 40);

fn program(file: &str) -> String {
    format!("{}/programs/{file}", env!("CARGO_MANIFEST_DIR"))
}

fn start(dir: &std::path::Path, file: &str) -> Tty {
    let dir = dir.to_str().unwrap();
    let program = program(file);
    let tty = Tty::spawn(
        &[
            "--data-dir",
            dir,
            "--program",
            &program,
            "--no-notify",
            "--no-bell",
        ],
        &[],
        NORMAL,
    );
    tty.wait_for("This is exercise guidance, not medical care.");
    tty
}

/// The four tests every program's check asks, all passed.
const WALK_TO_CALF_RAISES_YES: [(&str, &str); 4] = [
    ("walk briskly", "y"),
    ("single-leg squats", "y"),
    ("hop 10 times", "y"),
    ("calf raises", "y"),
];

/// Each question in turn, with its key; the screen after the last key.
fn answer(tty: &mut Tty, answers: &[(&str, &str)], then: &str) -> String {
    for (question, key) in answers {
        tty.wait_for(question);
        tty.send(key);
    }
    tty.wait_for(then)
}

#[test]
fn the_shin_check_asks_for_a_clinicians_clearance_first() {
    let data = tempfile::tempdir().unwrap();
    let mut tty = start(data.path(), "shin-return-to-run.ron");
    let intro = tty.wait_for("Seven questions first");
    assert!(
        intro.contains("are you ready to start running again?"),
        "{intro}"
    );
    tty.send("x");
    let clearance = tty.wait_for(
        "Has a clinician (doctor or physical therapist) cleared you to start running again?",
    );
    for site in [
        "front of the shin (anterior tibia)",
        "navicular",
        "femoral neck",
    ] {
        assert!(clearance.contains(site), "{site}: {clearance}");
    }
    tty.send("n");
    let advice = answer(
        &mut tty,
        &[
            &WALK_TO_CALF_RAISES_YES[..],
            &[
                ("Is the shin free of swelling?", "y"),
                (
                    "Is the shin free of a tender spot when you press along the bone?",
                    "y",
                ),
            ],
        ]
        .concat(),
        "Before running, do this first:",
    );
    assert!(
        advice.contains("See a clinician (doctor or physical"),
        "{advice}"
    );
    assert!(
        advice.contains("Ready to run when all seven hold"),
        "{advice}"
    );
    assert!(!advice.contains("Build brisk walking"), "{advice}");
    tty.send("x");
    let home = tty.wait_for("Start check: not yet. See a clinician");
    assert!(!home.contains("knee pain"), "{home}");
    common::leave_home(&mut tty);
    let journal = std::fs::read_to_string(data.path().join("journal.jsonl")).unwrap();
    assert!(
        journal.contains(
            r#""answers":[false,true,true,true,true,true,true],"model":"BoneStress","site":"shin""#
        ),
        "{journal}"
    );
}

#[test]
fn the_achilles_check_names_the_achilles() {
    let data = tempfile::tempdir().unwrap();
    let mut tty = start(data.path(), "achilles-return-to-run.ron");
    tty.wait_for("Five questions first");
    tty.send("x");
    let advice = answer(
        &mut tty,
        &[
            &WALK_TO_CALF_RAISES_YES[..],
            &[("Is the Achilles free of swelling?", "n")],
        ]
        .concat(),
        "Before running, do this first:",
    );
    assert!(
        advice.contains("A swollen Achilles is not ready to run: see a physical therapist first."),
        "{advice}"
    );
    assert!(
        advice.contains("and an Achilles free of swelling."),
        "{advice}"
    );
    tty.send("x");
    tty.wait_for("Start check: not yet. A swollen Achilles");
    common::leave_home(&mut tty);
}
