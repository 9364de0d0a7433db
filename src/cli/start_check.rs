//! The start check, the first time: the readiness tests of a return to
//! running. A "no" says what to do first; nothing is locked behind it.

use std::path::Path;

use crate::coach::records::{Record, StartCheck};
use crate::journal::{Journal, Store, now_local};
use crate::tui::prompt::{self, YES_NO};

/// One readiness test: its question (yes = ready), what to do first after
/// a no, the test in a few words, and what builds up to it.
pub struct Check {
    pub question: &'static str,
    pub first: &'static str,
    pub test: &'static str,
    pub build: &'static str,
}

const CIRCUIT: &str = "the strength circuit 2–3 times a week (c starts it)";

pub const CHECKS: [Check; 5] = [
    Check {
        question: "Can you walk briskly for 30 minutes without pain?",
        first: "Build brisk walking up to 30 minutes without pain first: every other day, 5 minutes more each time.",
        test: "a 30-minute brisk walk",
        build: "brisk walks, 5 minutes longer each time",
    },
    Check {
        question: "Can you do 10 single-leg squats on each leg without pain?",
        first: "Do the strength circuit (in the plan) 2–3 times a week until 10 single-leg squats on each leg are pain-free.",
        test: "10 single-leg squats",
        build: CIRCUIT,
    },
    Check {
        question: "Can you hop 10 times on each leg without pain?",
        first: "Practise hops on both legs, then on one, without pain, before you run.",
        test: "10 single-leg hops",
        build: "hops on both legs, then on one",
    },
    Check {
        question: "Can you do 15 single-leg calf raises on each side?",
        first: "Calf raises are in the strength circuit (2–3 times a week): build up to 15 on one leg without pain.",
        test: "15 single-leg calf raises",
        build: CIRCUIT,
    },
    Check {
        question: "Is the knee free of swelling?",
        first: "A swollen knee is not ready to run: see a physical therapist first.",
        test: "no swelling",
        build: "",
    },
];

/// When running can start: every test of the check passed.
pub const READY_WHEN: &str = "Ready to run when all five hold: a 30-minute brisk walk, 10 single-leg squats and 10 single-leg hops on each leg, and 15 single-leg calf raises on each side, all without pain, and a knee free of swelling.";

/// What the home screen says after a start check with a no, until the
/// first run is answered after it (from then on the coach's rules speak):
/// what to build up first, and until when. For `HomeView::start_check`.
pub fn reminder(records: &[Record]) -> Option<String> {
    let at = records
        .iter()
        .rposition(|r| matches!(r, Record::StartCheck(_)))?;
    let Record::StartCheck(check) = &records[at] else {
        return None;
    };
    if records[at..]
        .iter()
        .any(|r| matches!(r, Record::Answers(_)))
    {
        return None;
    }
    let failed: Vec<&Check> = CHECKS
        .iter()
        .zip(&check.answers)
        .filter(|(_, yes)| !**yes)
        .map(|(check, _)| check)
        .collect();
    let swelling = &CHECKS[CHECKS.len() - 1];
    if failed.iter().any(|c| std::ptr::eq(*c, swelling)) {
        return Some(format!("Start check: not yet. {}", swelling.first));
    }
    let tests: Vec<&str> = failed.iter().map(|c| c.test).collect();
    let mut builds: Vec<&str> = Vec::new();
    for check in &failed {
        if !builds.contains(&check.build) {
            builds.push(check.build);
        }
    }
    Some(format!(
        "Start check: not yet. First {}, until you can do {} without pain.",
        builds.join("; "),
        and_list(&tests)?
    ))
}

/// "a, b and c".
fn and_list(items: &[&str]) -> Option<String> {
    Some(match items.split_last()? {
        (last, []) => last.to_string(),
        (last, rest) => format!("{} and {last}", rest.join(", ")),
    })
}

/// The first time: nothing in the history yet.
pub fn due(dir: &Path) -> bool {
    std::fs::metadata(Journal::new(dir).path()).map_or(true, |m| m.len() == 0)
}

/// Asks the check; Esc at any question leaves it for next time.
pub fn ask(store: &mut Store) {
    let intro = [
        "Welcome to rtr.".to_string(),
        String::new(),
        "This is exercise guidance, not medical care. Never run through sharp pain; if pain stays or grows, see a physical therapist.".into(),
        String::new(),
        "Five questions first: are you ready to start running again?".into(),
        "Any key goes on.".into(),
    ];
    if prompt::message("Before you start", &intro).is_err() {
        return;
    }
    let mut answers = Vec::new();
    for check in &CHECKS {
        let lines = [check.question.to_string(), String::new(), YES_NO.into()];
        match prompt::yes_no("Start check", &lines) {
            Ok(Some(yes)) => answers.push(yes),
            _ => return,
        }
    }
    let record = Record::StartCheck(StartCheck {
        at: now_local(),
        answers: answers.clone(),
    });
    let saved = store.keep(&record).note();
    let mut lines: Vec<String> = CHECKS
        .iter()
        .zip(&answers)
        .filter(|(_, yes)| !**yes)
        .map(|(check, _)| format!("• {}", check.first))
        .collect();
    if lines.is_empty() {
        lines.push("All five: you are ready for week 1. Start easy.".into());
    } else {
        lines.insert(0, "Before running, do this first:".into());
        lines.push(String::new());
        lines.push(READY_WHEN.into());
        lines.push("rtr does not stop you; the plan and the circuits are all there.".into());
    }
    if !saved.is_empty() {
        lines.push(format!("({saved})"));
    }
    lines.push(String::new());
    lines.push("Any key goes on.".into());
    let _ = prompt::message("Start check", &lines);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(answers: [bool; 5]) -> Record {
        Record::StartCheck(StartCheck {
            at: now_local(),
            answers: answers.to_vec(),
        })
    }

    #[test]
    fn a_no_is_remembered_with_what_to_build_and_until_when() {
        let cases = [
            (
                [true, false, true, false, true],
                Some(
                    "Start check: not yet. First the strength circuit 2–3 times a week (c starts \
                     it), until you can do 10 single-leg squats and 15 single-leg calf raises \
                     without pain.",
                ),
            ),
            (
                [false, true, false, true, true],
                Some(
                    "Start check: not yet. First brisk walks, 5 minutes longer each time; hops \
                     on both legs, then on one, until you can do a 30-minute brisk walk and 10 \
                     single-leg hops without pain.",
                ),
            ),
            (
                [false, true, true, true, false],
                Some(
                    "Start check: not yet. A swollen knee is not ready to run: see a physical \
                     therapist first.",
                ),
            ),
            ([true; 5], None),
        ];
        for (answers, expected) in cases {
            let said = reminder(&[check(answers)]);
            assert_eq!(said.as_deref(), expected, "{answers:?}");
        }
        assert_eq!(reminder(&[]), None, "nothing asked");
    }

    #[test]
    fn the_first_run_after_the_check_ends_the_reminder() {
        let answers = serde_json::json!({
            "session_id": "s1", "session": "1.1", "date": "2026-11-23", "before": 0,
            "after_warmup": 0, "worst": 1, "after": 0, "swelling_or_limp": false,
            "stopped_for_pain": false,
        });
        let answers = Record::Answers(serde_json::from_value(answers).unwrap());
        let no = check([true, false, true, true, true]);
        assert!(reminder(std::slice::from_ref(&no)).is_some());
        assert_eq!(reminder(&[no.clone(), answers.clone()]), None);
        assert!(
            reminder(&[answers, no]).is_some(),
            "a run before counts for nothing"
        );
    }
}
