//! The three rule models (Soreness, PainMonitoring, BoneStress): each
//! model's light and decision with its reason, the properties that must
//! hold whatever the pain, the model in the program file, and `simulate`
//! following the model of the shipped programs.

mod common;

use std::path::Path;

use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use rtr::coach::replay::{DecisionKind, replay};
use rtr::coach::simulate::{parse_tokens, simulate};
use rtr::coach::{Fact, RunFacts};
use rtr::program::{LoadError, Model, Program, SessionId, parse_program};

use common::{rtr_output as rtr, shipped};

fn achilles() -> Program {
    shipped("achilles-return-to-run.ron")
}

fn shin() -> Program {
    shipped("shin-return-to-run.ron")
}

/// The first token's (light, decision, next, reason) under `program`.
fn first(program: &Program, tokens: &str) -> (String, String, String, String) {
    let (steps, _) = simulate(program, &parse_tokens(tokens).unwrap());
    let step = &steps[0];
    (
        step.light.unwrap_or("—").to_string(),
        step.decision.to_string(),
        step.next.map_or("—".into(), |n| n.to_string()),
        step.reason.clone(),
    )
}

fn check_table(program: &Program, cases: &[(&str, &str, &str, &str, &str)]) {
    for (token, light, decision, next, reason) in cases {
        let said = first(program, token);
        let expected = (
            light.to_string(),
            decision.to_string(),
            next.to_string(),
            reason.to_string(),
        );
        assert_eq!(said, expected, "token {token}");
    }
}

#[test]
fn the_shipped_programs_name_their_model_and_site() {
    let cases = [
        ("return-to-run.ron", Model::Soreness, "knee"),
        (
            "achilles-return-to-run.ron",
            Model::PainMonitoring,
            "Achilles",
        ),
        (
            "plantar-heel-return-to-run.ron",
            Model::PainMonitoring,
            "heel",
        ),
        ("shin-return-to-run.ron", Model::BoneStress, "shin"),
    ];
    for (file, model, site) in cases {
        let program = shipped(file);
        assert_eq!(program.rules.model, model, "{file}");
        assert_eq!(program.pain_site, site, "{file}");
    }
}

#[test]
fn pain_monitoring_light_and_decision_with_reasons() {
    let program = achilles();
    // (token, light, decision, next, reason)
    let cases = [
        (
            "2",
            "green",
            "advance",
            "1.2",
            "Advance to 1.2: worst pain 2/10 during the run (green: 0–2).",
        ),
        (
            "4",
            "amber",
            "hold",
            "1.1",
            "Hold at 1.1: worst pain 4/10 during the run: acceptable only if it settles by the next morning, not answered yet (amber until then: 3–5).",
        ),
        (
            "5/0",
            "green",
            "advance",
            "1.2",
            "Advance to 1.2: worst pain 5/10 during the run, 0/10 the next morning: settled (green: up to 5 during the run, the morning back to the baseline 0/10).",
        ),
        (
            "6/0",
            "red",
            "regress",
            "1.1",
            "Step back to 1.1, no running for 2 days: worst pain 6/10 during the run (red: 6 or more; up to 5 is acceptable only if it settles by the next morning).",
        ),
        (
            "4/1",
            "amber",
            "hold",
            "1.1",
            "Hold at 1.1, with 1 more rest day: next-morning pain 1/10, 1 above the baseline 0/10 (amber: 1–2 above).",
        ),
        (
            "4/3",
            "red",
            "regress",
            "1.1",
            "Step back to 1.1, no running for 2 days: next-morning pain 3/10, 3 above the baseline 0/10 (red: 3 or more above).",
        ),
        (
            "3/5",
            "red",
            "regress",
            "1.1",
            "Step back to 1.1, no running for 2 days: next-morning pain 5/10 (red: 5 or more).",
        ),
        (
            "3 s",
            "red",
            "regress",
            "1.1",
            "Step back to 1.1, no running for 2 days: swelling or a limp after the run (red).",
        ),
        (
            "7",
            "red",
            "stop",
            "—",
            "Stop: pain 7/10 during the run (stop: 7 or more). See a physical therapist before you run again.",
        ),
    ];
    check_table(&program, &cases);
}

fn on(day: i64, worst: u8, morning: u8) -> Fact {
    let monday = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    let session = SessionId {
        week: 3,
        session: 1,
    };
    Fact::Run(RunFacts {
        morning: Some(morning),
        ..RunFacts::with_worst(session, monday + Duration::days(day), worst)
    })
}

#[test]
fn pain_monitoring_mornings_worse_week_to_week() {
    let program = achilles();
    // Mornings a week apart: 0 → 1 is amber (one week worse), 0 → 1 → 2 red
    // (two weeks running); the same morning as a week before is fine.
    let amber = [on(0, 2, 0), on(7, 2, 1)];
    let red = [on(0, 2, 0), on(7, 2, 1), on(14, 2, 2)];
    let level = [on(0, 2, 1), on(7, 2, 1)];
    let last = |facts: &[Fact]| replay(&program, facts).decisions.last().unwrap().clone();
    let decision = last(&amber);
    assert_eq!(decision.kind, DecisionKind::Hold);
    assert!(
        decision.reason.contains(
            "worse than a week before: 0/10 → 1/10 on the mornings after the runs of Mon 2 Nov, Mon 9 Nov (amber"
        ),
        "{}",
        decision.reason
    );
    let decision = last(&red);
    assert_eq!(decision.kind, DecisionKind::Regress);
    assert!(
        decision
            .reason
            .contains("worse than a week before 2 weeks running: 0/10 → 1/10 → 2/10"),
        "{}",
        decision.reason
    );
    // Morning 1 against a baseline of 0 is amber by the baseline rule alone.
    assert_eq!(last(&level).kind, DecisionKind::Hold);
    let settled = [on(0, 2, 0), on(7, 2, 0)];
    assert_eq!(last(&settled).kind, DecisionKind::Advance);
}

#[test]
fn bone_stress_light_and_decision_with_reasons() {
    let program = shin();
    let cases = [
        (
            "0",
            "green",
            "advance",
            "1.2",
            "Advance to 1.2: worst pain 0/10 during the run (green: no pain).",
        ),
        (
            "0/0",
            "green",
            "advance",
            "1.2",
            "Advance to 1.2: worst pain 0/10 during the run, 0/10 walking the next morning (green: no pain).",
        ),
        (
            "1",
            "amber",
            "hold",
            "1.1",
            "Hold at 1.1: pain 1/10 during the run (amber: 1–2; no pain is expected after a bone stress injury).",
        ),
        (
            "2",
            "amber",
            "hold",
            "1.1",
            "Hold at 1.1: pain 2/10 during the run (amber: 1–2; no pain is expected after a bone stress injury).",
        ),
        (
            "0 a1",
            "amber",
            "hold",
            "1.1",
            "Hold at 1.1: pain 1/10 right after the run (amber: 1–2; no pain is expected after a bone stress injury).",
        ),
        (
            "3",
            "red",
            "regress",
            "1.1",
            "Step back to 1.1, no running for 2 days: pain 3/10 during the run (red: 3 or more; no pain is expected after a bone stress injury).",
        ),
        (
            "0/1",
            "red",
            "regress",
            "1.1",
            "Step back to 1.1, no running for 2 days: pain 1/10 walking the next morning (red: 1 or more; no pain is expected).",
        ),
        (
            "0 b1",
            "—",
            "no-run",
            "1.1",
            "No run today: shin pain 1/10 before the run (a run needs less than 1/10). The circuit or a walk instead; the run waits for a better day.",
        ),
    ];
    check_table(&program, &cases);
}

#[test]
fn the_soreness_model_is_the_default_and_rules_is_its_old_name() {
    let base =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("programs/demo.ron"))
            .unwrap();
    let with = |rules: &str| base.replacen("Program(", &format!("Program(\n    {rules}"), 1);
    let default = parse_program("demo.ron", &base).unwrap().rules;
    let old = parse_program("old.ron", &with("rules: Rules(red_pain: 6),")).unwrap();
    let new = parse_program("new.ron", &with("rules: Soreness(red_pain: 6),")).unwrap();
    assert_eq!(default.model, Model::Soreness);
    assert_eq!(old.rules, new.rules);
    assert_eq!(old.rules.model, Model::Soreness);
    assert_eq!(old.rules.red_pain, 6);
    let pm = parse_program("pm.ron", &with("rules: PainMonitoring(red_pain: 5),")).unwrap();
    assert_eq!(
        (pm.rules.model, pm.rules.red_pain),
        (Model::PainMonitoring, 5)
    );
    let bone = parse_program("b.ron", &with("rules: BoneStress(),")).unwrap();
    assert_eq!((bone.rules.amber_pain, bone.rules.red_pain), (1, 3));
}

#[test]
fn a_number_of_another_model_is_an_error_at_its_position() {
    let base =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("programs/demo.ron"))
            .unwrap();
    // (rules, the message's start, line from the opening, column)
    let cases = [
        (
            "rules: PainMonitoring(\n        warmup_pain: 3,\n    ),",
            "unknown field `warmup_pain`; the fields allowed here are: amber_pain, red_pain",
            3,
            9,
        ),
        (
            "rules: BoneStress(worse_mornings_weeks: 2),",
            "unknown field `worse_mornings_weeks`",
            2,
            23,
        ),
        (
            "rules: Soreness(worse_mornings_weeks: 2),",
            "unknown field `worse_mornings_weeks`",
            2,
            21,
        ),
        (
            "rules: Tendon(),",
            "unknown kind `Tendon`; expected one of: Rules, Soreness, PainMonitoring, BoneStress",
            2,
            12,
        ),
        (
            "rules: BoneStress(amber_pain: 3),",
            "amber_pain (3) must be below red_pain (3)",
            2,
            35,
        ),
    ];
    // Lines counted from the program's opening line.
    let opening = base
        .lines()
        .position(|l| l.starts_with("Program("))
        .unwrap();
    for (rules, message, line, col) in cases {
        let line = opening + line;
        let text = base.replacen("Program(", &format!("Program(\n    {rules}"), 1);
        let Err(LoadError::Invalid(problems)) = parse_program("f.ron", &text) else {
            panic!("{rules} should be refused");
        };
        let problem = &problems[0];
        assert!(
            problem.message.starts_with(message),
            "{rules}: {}",
            problem.message
        );
        assert_eq!((problem.line, problem.col), (line, col), "{rules}");
    }
}

/// Tokens of a plausible history: (worst, morning or none).
fn tokens() -> impl Strategy<Value = Vec<(u8, Option<u8>)>> {
    prop::collection::vec((0u8..=6, prop::option::of(0u8..=6)), 1..25)
}

fn as_text(tokens: &[(u8, Option<u8>)]) -> String {
    let each: Vec<String> = tokens
        .iter()
        .map(|(worst, morning)| match morning {
            Some(m) => format!("{worst}/{m}"),
            None => worst.to_string(),
        })
        .collect();
    each.join(",")
}

proptest! {
    /// A worst of 3–5 with the morning not answered never moves on.
    #[test]
    fn pain_monitoring_never_advances_on_an_unsettled_day(history in tokens()) {
        let program = achilles();
        let (steps, _) = simulate(&program, &parse_tokens(&as_text(&history)).unwrap());
        for (step, (worst, morning)) in steps.iter().zip(&history) {
            if (3..=5).contains(worst) && morning.is_none() {
                prop_assert_ne!(step.decision, "advance", "{}", step.reason);
            }
        }
    }

    /// Any pain (during, right after or the next morning) never moves on.
    #[test]
    fn bone_stress_never_advances_with_any_pain(history in tokens(), after in 0u8..=3) {
        let program = shin();
        let text: Vec<String> = as_text(&history)
            .split(',')
            .map(|t| format!("{t} a{after}"))
            .collect();
        let (steps, _) = simulate(&program, &parse_tokens(&text.join(",")).unwrap());
        for (step, (worst, morning)) in steps.iter().zip(&history) {
            if *worst > 0 || morning.unwrap_or(0) > 0 || after > 0 {
                prop_assert_ne!(step.decision, "advance", "{}", step.reason);
            }
        }
    }
}

#[test]
fn simulate_follows_the_model_of_each_shipped_program() {
    // The same day, 4/10 in the run and 0 the next morning: a hold for the
    // knee, an advance for a tendon, a step back for the shin.
    let cases = [
        ("programs/return-to-run.ron", "amber", "hold"),
        ("programs/achilles-return-to-run.ron", "green", "advance"),
        (
            "programs/plantar-heel-return-to-run.ron",
            "green",
            "advance",
        ),
        ("programs/shin-return-to-run.ron", "red", "regress"),
    ];
    for (file, light, decision) in cases {
        let (code, out, err) = rtr(&["simulate", "--program", file, "--json", "4/0"]);
        assert_eq!(code, 0, "{file}: {err}");
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(json[0]["light"], light, "{file}: {out}");
        assert_eq!(json[0]["decision"], decision, "{file}: {out}");
    }
}

#[test]
fn check_passes_and_plan_shows_the_weeks_with_times_for_each_new_program() {
    let files = [
        "programs/achilles-return-to-run.ron",
        "programs/plantar-heel-return-to-run.ron",
        "programs/shin-return-to-run.ron",
    ];
    let (code, out, err) = rtr(&[&["check"][..], &files[..]].concat());
    assert_eq!(code, 0, "{out}{err}");
    for file in files {
        let (code, out, err) = rtr(&["plan", "--program", file]);
        assert_eq!(code, 0, "{file}: {err}");
        assert!(out.contains("Week 1"), "{file}: {out}");
        assert!(out.contains("30:00"), "{file}: 30 minutes by the end");
        assert!(
            out.contains("in all · run"),
            "{file}: times of each session"
        );
    }
}

/// `rtr plan`'s line on pain during a run follows the model, with the
/// model's own numbers.
#[test]
fn plan_says_how_each_model_reads_pain_during_a_run() {
    let cases = [
        (
            "programs/return-to-run.ron",
            "Pain site: knee. During a run: amber from 3/10, red from 5/10, stop at 7/10.",
        ),
        (
            "programs/achilles-return-to-run.ron",
            "Pain site: Achilles. During a run: up to 5/10 is acceptable if it settles by the next \
             morning; red from 6/10; stop at 7/10.",
        ),
        (
            "programs/plantar-heel-return-to-run.ron",
            "Pain site: heel. During a run: up to 5/10 is acceptable if it settles by the next \
             morning; red from 6/10; stop at 7/10.",
        ),
        (
            "programs/shin-return-to-run.ron",
            "Pain site: shin. During a run: no pain expected: amber 1–2/10, red from 3/10, stop at \
             7/10.",
        ),
    ];
    for (file, line) in cases {
        let (code, out, err) = rtr(&["plan", "--program", file]);
        assert_eq!(code, 0, "{file}: {err}");
        assert!(out.lines().any(|l| l == line), "{file}: {out}");
    }
}

/// The numbers in the line are the program's own, overridden or not.
#[test]
fn plan_reads_the_numbers_a_program_overrides() {
    let with = |rules: &str| {
        let text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("programs/shin-return-to-run.ron"),
        )
        .unwrap()
        .replace("rules: BoneStress(),", rules);
        let program =
            parse_program("shin.ron", &text).unwrap_or_else(|err| panic!("{rules}: {err}"));
        rtr::cli::plan_text(&program, &rtr::cli::Progress::default())
    };
    let shin = with("rules: BoneStress(red_pain: 2, stop_pain: 6),");
    assert!(
        shin.contains("During a run: no pain expected: amber 1/10, red from 2/10, stop at 6/10."),
        "{shin}"
    );
    let tendon = with("rules: PainMonitoring(red_pain: 5),");
    assert!(
        tendon.contains(
            "During a run: up to 4/10 is acceptable if it settles by the next morning; red from \
             5/10; stop at 7/10."
        ),
        "{tendon}"
    );
}
