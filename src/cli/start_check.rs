//! The start check, the first time: the readiness tests of a return to
//! running. A "no" says what to do first; nothing is locked behind it.

use std::path::Path;

use crate::coach::records::{Record, StartCheck};
use crate::journal::{Journal, Store, now_local};
use crate::program::{Model, Program};
use crate::tui::prompt::{self, YES_NO};
use crate::words::{capitalized, number};

/// One readiness test: its question (yes = ready), what to do first after
/// a no, the test in a few words, and what builds up to it. A test that no
/// exercise builds up to (`build` empty) is one for a clinician: its no is
/// the one the home screen repeats.
pub struct Check {
    pub question: String,
    /// More to read under the question, when there is any.
    pub note: Option<String>,
    pub first: String,
    pub test: String,
    pub build: String,
}

const CIRCUIT: &str = "the strength circuit 2–3 times a week (c starts it)";

/// Bone stress injuries at these sites need a clinician's own return-to-run
/// plan; programs/shin-return-to-run.ron names the same.
pub const HIGH_RISK_BONE_SITES: [&str; 7] = [
    "the front of the shin (anterior tibia)",
    "the inner ankle bone (medial malleolus)",
    "the navicular on top of the midfoot",
    "the base of the fifth metatarsal",
    "the femoral neck in the hip",
    "the sacrum or pelvis",
    "the big toe's sesamoids",
];

fn check(question: String, first: String, test: &str, build: &str) -> Check {
    Check {
        question,
        note: None,
        first,
        test: test.into(),
        build: build.into(),
    }
}

/// The start check of a program: the readiness tests, naming its pain
/// site; after a bone stress injury, a clinician's clearance first and a
/// bone free of a tender spot last.
pub fn checks(program: &Program) -> Vec<Check> {
    checks_for(program.rules.model, &program.pain_site)
}

/// The start check of a rule model and pain site (see [`checks`]).
pub fn checks_for(model: Model, site: &str) -> Vec<Check> {
    let mut checks = Vec::new();
    if model == Model::BoneStress {
        checks.push(Check {
            note: Some(format!(
                "This program is for a low-risk bone stress injury, such as one on the inner edge of the shin. \
                 High-risk sites need a clinician's own return-to-run plan instead: {}.",
                and_list(&HIGH_RISK_BONE_SITES).unwrap_or_default()
            )),
            ..check(
                "Has a clinician (doctor or physical therapist) cleared you to start running again?".into(),
                "See a clinician (doctor or physical therapist) first: after a bone stress injury, run only once they have cleared you to.".into(),
                "a clinician's clearance",
                "",
            )
        });
    }
    checks.extend([
        check(
            "Can you walk briskly for 30 minutes without pain?".into(),
            "Build brisk walking up to 30 minutes without pain first: every other day, 5 minutes more each time.".into(),
            "a 30-minute brisk walk",
            "brisk walks, 5 minutes longer each time",
        ),
        check(
            "Can you do 10 single-leg squats on each leg without pain?".into(),
            "Do the strength circuit (in the plan) 2–3 times a week until 10 single-leg squats on each leg are pain-free.".into(),
            "10 single-leg squats",
            CIRCUIT,
        ),
        check(
            "Can you hop 10 times on each leg without pain?".into(),
            "Practise hops on both legs, then on one, without pain, before you run.".into(),
            "10 single-leg hops",
            "hops on both legs, then on one",
        ),
        check(
            "Can you do 15 single-leg calf raises on each side?".into(),
            "Calf raises are in the strength circuit (2–3 times a week): build up to 15 on one leg without pain.".into(),
            "15 single-leg calf raises",
            CIRCUIT,
        ),
        check(
            format!("Is the {site} free of swelling?"),
            format!("A swollen {site} is not ready to run: see a physical therapist first."),
            "no swelling",
            "",
        ),
    ]);
    if model == Model::BoneStress {
        checks.push(check(
            format!("Is the {site} free of a tender spot when you press along the bone?"),
            "A bone that is tender on one spot is not ready to run on: see your clinician first."
                .into(),
            "no tender spot on the bone",
            "",
        ));
    }
    checks
}

/// When running can start: every test of the check passed.
pub fn ready_when(model: Model, site: &str) -> String {
    let count = number(checks_for(model, site).len() as u32);
    let tests = "a 30-minute brisk walk, 10 single-leg squats and 10 single-leg hops on each leg, \
                 and 15 single-leg calf raises on each side, all without pain";
    let swelling = format!("{} {site} free of swelling", article(site));
    match model {
        Model::BoneStress => format!(
            "Ready to run when all {count} hold: a clinician's clearance, {tests}, {swelling} and no tender spot on the bone."
        ),
        Model::Soreness | Model::PainMonitoring => {
            format!("Ready to run when all {count} hold: {tests}, and {swelling}.")
        }
    }
}

/// "a knee", "an Achilles".
fn article(word: &str) -> &'static str {
    match word.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

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
    let model = check.model.unwrap_or_default();
    let site = check.site.as_deref().unwrap_or("knee");
    let checks = checks_for(model, site);
    let failed: Vec<&Check> = checks
        .iter()
        .zip(&check.answers)
        .filter(|(_, yes)| !**yes)
        .map(|(check, _)| check)
        .collect();
    // A no that only a clinician can answer comes before anything to build.
    if let Some(clinician) = failed.iter().find(|c| c.build.is_empty()) {
        return Some(format!("Start check: not yet. {}", clinician.first));
    }
    let tests: Vec<&str> = failed.iter().map(|c| c.test.as_str()).collect();
    let mut builds: Vec<&str> = Vec::new();
    for check in &failed {
        if !builds.contains(&check.build.as_str()) {
            builds.push(&check.build);
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

/// Asks the check of `program`; Esc at any question leaves it for next time.
pub fn ask(store: &mut Store, program: &Program) {
    let checks = checks(program);
    let count = number(checks.len() as u32);
    let intro = [
        "Welcome to rtr.".to_string(),
        String::new(),
        "This is exercise guidance, not medical care. Never run through sharp pain; if pain stays or grows, see a physical therapist.".into(),
        String::new(),
        format!("{} questions first: are you ready to start running again?", capitalized(&count)),
        "Any key goes on.".into(),
    ];
    if prompt::message("Before you start", &intro).is_err() {
        return;
    }
    let mut answers = Vec::new();
    for check in &checks {
        let mut lines = vec![check.question.clone(), String::new()];
        if let Some(note) = &check.note {
            lines.extend([note.clone(), String::new()]);
        }
        lines.push(YES_NO.into());
        match prompt::yes_no("Start check", &lines) {
            Ok(Some(yes)) => answers.push(yes),
            _ => return,
        }
    }
    let record = Record::StartCheck(StartCheck {
        at: now_local(),
        answers: answers.clone(),
        model: Some(program.rules.model),
        site: Some(program.pain_site.clone()),
    });
    let saved = store.keep(&record).note();
    let mut lines: Vec<String> = checks
        .iter()
        .zip(&answers)
        .filter(|(_, yes)| !**yes)
        .map(|(check, _)| format!("• {}", check.first))
        .collect();
    if lines.is_empty() {
        lines.push(format!(
            "All {count}: you are ready for week 1. Start easy."
        ));
    } else {
        lines.insert(0, "Before running, do this first:".into());
        lines.push(String::new());
        lines.push(ready_when(program.rules.model, &program.pain_site));
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
            model: None,
            site: None,
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

    /// The knee's five, as they were when the check was one list.
    #[test]
    fn the_knee_keeps_its_five_questions_word_for_word() {
        let questions: Vec<String> = checks_for(Model::Soreness, "knee")
            .into_iter()
            .map(|c| c.question)
            .collect();
        assert_eq!(
            questions,
            [
                "Can you walk briskly for 30 minutes without pain?",
                "Can you do 10 single-leg squats on each leg without pain?",
                "Can you hop 10 times on each leg without pain?",
                "Can you do 15 single-leg calf raises on each side?",
                "Is the knee free of swelling?",
            ]
        );
        assert_eq!(
            ready_when(Model::Soreness, "knee"),
            "Ready to run when all five hold: a 30-minute brisk walk, 10 single-leg squats and 10 \
             single-leg hops on each leg, and 15 single-leg calf raises on each side, all without \
             pain, and a knee free of swelling."
        );
    }

    #[test]
    fn every_text_names_the_programs_site() {
        let achilles = checks_for(Model::PainMonitoring, "Achilles");
        assert_eq!(achilles.len(), 5);
        let swelling = &achilles[4];
        assert_eq!(swelling.question, "Is the Achilles free of swelling?");
        assert_eq!(
            swelling.first,
            "A swollen Achilles is not ready to run: see a physical therapist first."
        );
        assert!(
            ready_when(Model::PainMonitoring, "Achilles")
                .ends_with("and an Achilles free of swelling."),
        );
        for (model, site) in [
            (Model::PainMonitoring, "Achilles"),
            (Model::PainMonitoring, "heel"),
            (Model::BoneStress, "shin"),
        ] {
            let texts: Vec<String> = checks_for(model, site)
                .into_iter()
                .flat_map(|c| [c.question, c.first, c.test, c.build])
                .chain([ready_when(model, site)])
                .collect();
            assert!(
                texts.iter().all(|t| !t.contains("knee")),
                "{site}: {texts:?}"
            );
        }
    }

    #[test]
    fn bone_stress_asks_for_a_clinicians_clearance_first_and_names_the_high_risk_sites() {
        let checks = checks_for(Model::BoneStress, "shin");
        assert_eq!(checks.len(), 7);
        let clearance = &checks[0];
        assert_eq!(
            clearance.question,
            "Has a clinician (doctor or physical therapist) cleared you to start running again?"
        );
        assert_eq!(
            clearance.first,
            "See a clinician (doctor or physical therapist) first: after a bone stress injury, run \
             only once they have cleared you to."
        );
        let note = clearance.note.as_deref().unwrap_or_default();
        for site in HIGH_RISK_BONE_SITES {
            assert!(note.contains(site), "{site}: {note}");
        }
        assert_eq!(checks[5].question, "Is the shin free of swelling?");
        assert_eq!(
            checks[6].question,
            "Is the shin free of a tender spot when you press along the bone?"
        );
        assert_eq!(
            ready_when(Model::BoneStress, "shin"),
            "Ready to run when all seven hold: a clinician's clearance, a 30-minute brisk walk, 10 \
             single-leg squats and 10 single-leg hops on each leg, and 15 single-leg calf raises \
             on each side, all without pain, a shin free of swelling and no tender spot on the bone."
        );
    }

    #[test]
    fn the_shin_program_names_the_same_high_risk_sites() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/programs/shin-return-to-run.ron"
        );
        let text = std::fs::read_to_string(path).unwrap();
        let words: Vec<&str> = text.split_whitespace().filter(|w| *w != "//").collect();
        let text = words.join(" ");
        for site in HIGH_RISK_BONE_SITES {
            assert!(text.contains(site), "{site}");
        }
    }

    fn shin(answers: [bool; 7]) -> Record {
        Record::StartCheck(StartCheck {
            at: now_local(),
            answers: answers.to_vec(),
            model: Some(Model::BoneStress),
            site: Some("shin".into()),
        })
    }

    #[test]
    fn a_no_to_the_clearance_says_to_see_a_clinician_first() {
        let see = "Start check: not yet. See a clinician (doctor or physical therapist) first: after \
                   a bone stress injury, run only once they have cleared you to.";
        let cases = [
            ([false, true, true, true, true, true, true], Some(see)),
            ([false, false, true, true, true, false, false], Some(see)),
            (
                [true, true, true, true, true, true, false],
                Some(
                    "Start check: not yet. A bone that is tender on one spot is not ready to run \
                     on: see your clinician first.",
                ),
            ),
            (
                [true, false, true, true, true, true, true],
                Some(
                    "Start check: not yet. First brisk walks, 5 minutes longer each time, until \
                     you can do a 30-minute brisk walk without pain.",
                ),
            ),
            ([true; 7], None),
        ];
        for (answers, expected) in cases {
            assert_eq!(
                reminder(&[shin(answers)]).as_deref(),
                expected,
                "{answers:?}"
            );
        }
    }

    #[test]
    fn an_older_record_reads_as_the_knees_five() {
        let line = r#"{"at":"2026-11-27T08:00:00+00:00","answers":[true,true,true,true,false]}"#;
        let old: StartCheck = serde_json::from_str(line).unwrap();
        assert_eq!((old.model, old.site.as_deref()), (None, None));
        assert_eq!(
            reminder(&[Record::StartCheck(old)]).as_deref(),
            Some(
                "Start check: not yet. A swollen knee is not ready to run: see a physical therapist first."
            )
        );
        // The site and model are written beside the answers.
        let written = serde_json::to_string(&shin([true; 7])).unwrap();
        assert!(
            written.contains(r#""model":"BoneStress","site":"shin""#),
            "{written}"
        );
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
