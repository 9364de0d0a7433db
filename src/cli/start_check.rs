//! The start check, the first time: the readiness tests of a return to
//! running. A "no" says what to do first; nothing is locked behind it.

use std::path::Path;

use crate::coach::records::{Record, StartCheck};
use crate::journal::{Journal, Store, now_local};
use crate::tui::prompt;

/// The questions (yes = ready) and what to do first after a no.
pub const CHECKS: [(&str, &str); 5] = [
    (
        "Can you walk briskly for 30 minutes without pain?",
        "Build brisk walking up to 30 minutes without pain first: every other day, 5 minutes more each time.",
    ),
    (
        "Can you do 10 single-leg squats on each leg without pain?",
        "Do the strength circuit (in the plan) 2–3 times a week until you can.",
    ),
    (
        "Can you hop 10 times on each leg without pain?",
        "Practise hops on both legs, then on one, without pain, before you run.",
    ),
    (
        "Can you do 15 single-leg calf raises on each side?",
        "Calf raises are in the strength circuit: build up to 15 on one leg.",
    ),
    (
        "Is the knee free of swelling?",
        "A swollen knee is not ready to run: see a physical therapist first.",
    ),
];

/// The first time: nothing in the history yet.
pub fn due(dir: &Path) -> bool {
    std::fs::metadata(Journal::new(dir).path()).map_or(true, |m| m.len() == 0)
}

/// Asks the check; Esc at any question leaves it for next time.
pub fn ask(store: &mut Store) {
    let intro = [
        "Welcome to rtr.".to_string(),
        String::new(),
        "This is exercise guidance, not medical care. Never run through sharp pain;".into(),
        "if pain stays or grows, see a physical therapist.".into(),
        String::new(),
        "Five questions first: are you ready to start running again?".into(),
        "Any key goes on.".into(),
    ];
    if prompt::message("Before you start", &intro).is_err() {
        return;
    }
    let mut answers = Vec::new();
    for (question, _) in CHECKS {
        let lines = [question.to_string(), String::new(), "y yes · n no".into()];
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
        .map(|((_, first), _)| format!("• {first}"))
        .collect();
    if lines.is_empty() {
        lines.push("All five: you are ready for week 1. Start easy.".into());
    } else {
        lines.insert(0, "Before running, do this first:".into());
        lines.push(String::new());
        lines.push("rtr does not stop you; the plan and the circuits are all there.".into());
    }
    if !saved.is_empty() {
        lines.push(format!("({saved})"));
    }
    lines.push(String::new());
    lines.push("Any key goes on.".into());
    let _ = prompt::message("Start check", &lines);
}
