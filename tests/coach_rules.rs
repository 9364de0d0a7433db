//! Every rule of the coach, table-driven, with the reason text checked; and
//! the properties that must hold whatever the pain.

use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use rtr::coach::replay::{DecisionKind, Replay, Standing, next_as_of, replay};
use rtr::coach::simulate::{parse_tokens, simulate};
use rtr::coach::{Fact, RunFacts};
use rtr::program::{self, SessionId};

fn id(week: u32, session: u32) -> SessionId {
    SessionId { week, session }
}

fn monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 2).unwrap()
}

fn run(session: SessionId, day: i64, worst: u8) -> RunFacts {
    RunFacts::with_worst(session, monday() + Duration::days(day), worst)
}

fn decide(facts: Vec<RunFacts>) -> Replay {
    let facts: Vec<Fact> = facts.into_iter().map(Fact::Run).collect();
    replay(&program::builtin(), &facts)
}

/// One session at 3.2 on Monday 2 Nov after a green 3.1: (what changed,
/// light, decision, next, earliest next day, reason).
#[test]
fn each_rule_and_its_boundaries() {
    type Case = (
        &'static str,
        fn(&mut RunFacts),
        &'static str,
        DecisionKind,
        Option<SessionId>,
        &'static str,
        &'static str,
    );
    let cases: Vec<Case> = vec![
        (
            "worst 2",
            |f| f.worst = 2,
            "green",
            DecisionKind::Advance,
            Some(id(3, 3)),
            "Wed 4 Nov",
            "Advance to 3.3: worst pain 2/10 during the run (green: 0–2).",
        ),
        (
            "worst 3",
            |f| f.worst = 3,
            "amber",
            DecisionKind::Hold,
            Some(id(3, 2)),
            "Wed 4 Nov",
            "Hold at 3.2: worst pain 3/10 during the run (amber: 3–4).",
        ),
        (
            "worst 4",
            |f| f.worst = 4,
            "amber",
            DecisionKind::Hold,
            Some(id(3, 2)),
            "Wed 4 Nov",
            "Hold at 3.2: worst pain 4/10 during the run (amber: 3–4).",
        ),
        (
            "worst 5",
            |f| f.worst = 5,
            "red",
            DecisionKind::Regress,
            Some(id(2, 1)),
            "Thu 5 Nov",
            "Step back to 2.1, no running for 2 days: worst pain 5/10 during the run (red: 5 or more).",
        ),
        (
            "worst 6",
            |f| f.worst = 6,
            "red",
            DecisionKind::Regress,
            Some(id(2, 1)),
            "Thu 5 Nov",
            "Step back to 2.1, no running for 2 days: worst pain 6/10 during the run (red: 5 or more).",
        ),
        (
            "worst 7",
            |f| f.worst = 7,
            "red",
            DecisionKind::Stop,
            None,
            "Mon 2 Nov",
            "Stop: pain 7/10 during the run (stop: 7 or more). See a physical therapist before you run again.",
        ),
        (
            "pain 7 before",
            |f| f.before = 7,
            "red",
            DecisionKind::Stop,
            None,
            "Mon 2 Nov",
            "Stop: pain 7/10 before the run (stop: 7 or more). See a physical therapist before you run again.",
        ),
        (
            "red flag",
            |f| f.red_flags = vec!["the knee locked or gave way".into()],
            "red",
            DecisionKind::Stop,
            None,
            "Mon 2 Nov",
            "Stop: the knee locked or gave way (a red flag). See a physical therapist before you run again.",
        ),
        (
            "stopped for pain",
            |f| f.stopped_for_pain = true,
            "red",
            DecisionKind::Regress,
            Some(id(2, 1)),
            "Thu 5 Nov",
            "Step back to 2.1, no running for 2 days: the run was stopped for pain (red).",
        ),
        (
            "swelling",
            |f| f.swelling_or_limp = true,
            "red",
            DecisionKind::Regress,
            Some(id(2, 1)),
            "Thu 5 Nov",
            "Step back to 2.1, no running for 2 days: swelling or a limp after the run (red).",
        ),
        (
            "warm-up 3 eased",
            |f| {
                f.after_warmup = Some(3);
                f.worst = 2
            },
            "amber",
            DecisionKind::Hold,
            Some(id(3, 2)),
            "Wed 4 Nov",
            "Hold at 3.2: pain 3/10 after the warm-up eased to 2/10 (amber).",
        ),
        (
            "warm-up 3 did not ease",
            |f| {
                f.after_warmup = Some(3);
                f.worst = 3
            },
            "red",
            DecisionKind::Regress,
            Some(id(2, 1)),
            "Thu 5 Nov",
            "Step back to 2.1, no running for 2 days: pain 3/10 after the warm-up did not ease (worst 3/10) (red).",
        ),
        (
            "ended early, pain fine",
            |f| f.completed = false,
            "green",
            DecisionKind::Hold,
            Some(id(3, 2)),
            "Wed 4 Nov",
            "Hold at 3.2: the session ended early, so it comes again: worst pain 0/10 during the run (green: 0–2).",
        ),
        (
            "warm-up 2 is below the rule",
            |f| {
                f.after_warmup = Some(2);
                f.worst = 2
            },
            "green",
            DecisionKind::Advance,
            Some(id(3, 3)),
            "Wed 4 Nov",
            "Advance to 3.3: worst pain 2/10 during the run (green: 0–2).",
        ),
        (
            "morning +0",
            |f| {
                f.before = 1;
                f.worst = 1;
                f.morning = Some(1)
            },
            "green",
            DecisionKind::Advance,
            Some(id(3, 3)),
            "Wed 4 Nov",
            "Advance to 3.3: worst pain 1/10 during the run, 1/10 the next morning (green: 0–2).",
        ),
        (
            "morning +1",
            |f| {
                f.worst = 1;
                f.morning = Some(1)
            },
            "amber",
            DecisionKind::Hold,
            Some(id(3, 2)),
            "Thu 5 Nov",
            "Hold at 3.2, with 1 more rest day: next-morning pain 1/10, 1 above the baseline 0/10 (amber: 1–2 above).",
        ),
        (
            "morning +2",
            |f| {
                f.worst = 1;
                f.morning = Some(2)
            },
            "amber",
            DecisionKind::Hold,
            Some(id(3, 2)),
            "Thu 5 Nov",
            "Hold at 3.2, with 1 more rest day: next-morning pain 2/10, 2 above the baseline 0/10 (amber: 1–2 above).",
        ),
        (
            "morning +3",
            |f| {
                f.worst = 1;
                f.morning = Some(3)
            },
            "red",
            DecisionKind::Regress,
            Some(id(2, 1)),
            "Thu 5 Nov",
            "Step back to 2.1, no running for 2 days: next-morning pain 3/10, 3 above the baseline 0/10 (red: 3 or more above).",
        ),
        (
            "morning 5",
            |f| {
                f.before = 4;
                f.worst = 4;
                f.morning = Some(5)
            },
            "red",
            DecisionKind::Regress,
            Some(id(2, 1)),
            "Thu 5 Nov",
            "Step back to 2.1, no running for 2 days: next-morning pain 5/10 (red: 5 or more).",
        ),
        (
            "morning amber on an amber run: no extra rest",
            |f| {
                f.worst = 3;
                f.morning = Some(2)
            },
            "amber",
            DecisionKind::Hold,
            Some(id(3, 2)),
            "Wed 4 Nov",
            "Hold at 3.2: worst pain 3/10 during the run (amber: 3–4).",
        ),
    ];
    for (name, change, light, kind, next, earliest, reason) in cases {
        let mut this = run(id(3, 2), 0, 0);
        change(&mut this);
        let replayed = decide(vec![run(id(3, 1), -2, 0), this]);
        let d = replayed.decisions.last().unwrap();
        assert_eq!(d.light.word(), light, "{name}");
        assert_eq!(d.kind, kind, "{name}");
        assert_eq!(d.next, next, "{name}");
        if kind != DecisionKind::Stop {
            assert_eq!(
                d.earliest_next.format("%a %-d %b").to_string(),
                earliest,
                "{name}"
            );
        }
        assert_eq!(d.reason, reason, "{name}");
    }
}

#[test]
fn worst_pain_rising_three_sessions_in_a_row_is_amber() {
    let replayed = decide(vec![
        run(id(1, 1), 0, 0),
        run(id(1, 2), 2, 1),
        run(id(1, 3), 4, 2),
    ]);
    let d = &replayed.decisions[2];
    assert_eq!(
        d.reason,
        "Hold at 1.3: worst pain rose 3 sessions in a row: 0 → 1 → 2 (amber)."
    );
    let flat = decide(vec![
        run(id(1, 1), 0, 1),
        run(id(1, 2), 2, 1),
        run(id(1, 3), 4, 2),
    ]);
    assert_eq!(
        flat.decisions[2].kind,
        DecisionKind::Advance,
        "1 → 1 → 2 is not a rise each time"
    );
}

#[test]
fn week_one_is_the_floor_of_a_step_back() {
    let replayed = decide(vec![run(id(1, 2), 0, 5)]);
    assert_eq!(replayed.decisions[0].next, Some(id(1, 1)));
    assert_eq!(
        replayed.decisions[0].reason,
        "Step back to 1.1, no running for 2 days: worst pain 5/10 during the run (red: 5 or more)."
    );
}

#[test]
fn three_reds_within_14_days_stop_and_within_15_do_not() {
    for (third_day, stops) in [(14, true), (15, false)] {
        let replayed = decide(vec![
            run(id(3, 1), 0, 5),
            run(id(2, 1), 3, 5),
            run(id(1, 1), third_day, 6),
        ]);
        let d = &replayed.decisions[2];
        assert_eq!(
            d.kind == DecisionKind::Stop,
            stops,
            "third red on day {third_day}"
        );
        if stops {
            assert_eq!(
                d.reason,
                "Stop: 3 red sessions within 14 days (2 Nov, 5 Nov, 16 Nov). See a physical therapist before you run again."
            );
        }
    }
}

#[test]
fn a_stop_holds_until_a_resume_one_week_down() {
    let stopped = vec![
        Fact::Run(run(id(4, 2), 0, 8)),
        Fact::Run(run(id(4, 2), 3, 0)),
    ];
    let r = replay(&program::builtin(), &stopped);
    assert!(matches!(r.standing, Standing::Stopped { at, .. } if at == id(4, 2)));
    assert_eq!(
        r.decisions[1].kind,
        DecisionKind::Stop,
        "a run after a stop does not restart it"
    );
    let mut resumed = stopped.clone();
    resumed.push(Fact::Resume {
        date: monday() + Duration::days(10),
    });
    let r = replay(&program::builtin(), &resumed);
    assert_eq!(
        r.standing,
        Standing::Next {
            session: id(3, 1),
            earliest: monday() + Duration::days(10)
        }
    );
}

#[test]
fn missed_days_step_down_a_week_for_every_five_beyond_seven() {
    let replayed = decide(vec![run(id(5, 1), 0, 0)]);
    let rules = program::builtin().rules;
    for (gap, expected, why) in [
        (7, id(5, 2), None),
        (
            8,
            id(4, 1),
            Some("8 days without a run (more than 7): 1 week down, to 4.1"),
        ),
        (
            12,
            id(4, 1),
            Some("12 days without a run (more than 7): 1 week down, to 4.1"),
        ),
        (
            13,
            id(3, 1),
            Some("13 days without a run (more than 7): 2 weeks down, to 3.1"),
        ),
    ] {
        let (next, _, moved) =
            next_as_of(&replayed, &rules, monday() + Duration::days(gap)).unwrap();
        assert_eq!(next, expected, "{gap} days");
        assert_eq!(moved.as_deref(), why, "{gap} days");
    }
}

#[test]
fn the_program_completes_after_its_last_session() {
    let replayed = decide(vec![run(id(10, 3), 0, 0)]);
    assert_eq!(replayed.standing, Standing::Complete);
    assert_eq!(
        replayed.decisions[0].reason,
        "Program complete: worst pain 0/10 during the run (green: 0–2)."
    );
}

#[test]
fn simulate_parses_tokens_and_names_a_bad_one_by_position() {
    assert_eq!(parse_tokens("0, 3/1").unwrap().len(), 2);
    assert_eq!(
        parse_tokens("0,1,11").unwrap_err(),
        "token 3 \"11\" is not PEAK or PEAK/MORNING (pain from 0 to 10, e.g. 3 or 2/4)"
    );
    assert!(parse_tokens("2/").is_err());
    let (steps, unrun) = simulate(&program::builtin(), &parse_tokens("0,0,3,5,2/4").unwrap());
    let summary: Vec<(String, &str, &str, Option<String>)> = steps
        .iter()
        .map(|s| {
            (
                s.session.to_string(),
                s.light,
                s.decision,
                s.next.map(|n| n.to_string()),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("1.1".into(), "green", "advance", Some("1.2".into())),
            ("1.2".into(), "green", "advance", Some("1.3".into())),
            ("1.3".into(), "amber", "hold", Some("1.3".into())),
            ("1.3".into(), "red", "regress", Some("1.1".into())),
            ("1.1".into(), "red", "regress", Some("1.1".into())),
        ]
    );
    assert_eq!(unrun, 0);
    let (steps, unrun) = simulate(&program::builtin(), &parse_tokens("0,7,0,0").unwrap());
    assert_eq!((steps.len(), unrun), (2, 2), "nothing runs after a stop");
}

fn pains() -> impl Strategy<Value = Vec<(u8, Option<u8>)>> {
    prop::collection::vec((0u8..=10, prop::option::of(0u8..=10)), 1..40)
}

proptest! {
    #[test]
    fn the_coach_never_breaks_its_promises(tokens in pains()) {
        let program = program::builtin();
        let order: Vec<SessionId> = program.session_ids().collect();
        let position = |s: SessionId| order.iter().position(|x| *x == s).unwrap();
        let tokens: Vec<_> = tokens
            .into_iter()
            .map(|(peak, morning)| rtr::coach::simulate::Token { peak, morning })
            .collect();
        let (steps, _) = simulate(&program, &tokens);
        let facts_days = {
            // Rebuild the days simulate used, to check the rest-day rule.
            let mut days = Vec::new();
            let mut facts = Vec::new();
            let (mut session, mut date) = (SessionId { week: 1, session: 1 }, rtr::coach::simulate::start_date());
            for token in tokens.iter().take(steps.len()) {
                days.push(date);
                let mut f = run(session, 0, token.peak);
                f.date = date;
                f.morning = token.morning;
                facts.push(Fact::Run(f));
                match replay(&program, &facts).standing {
                    Standing::Next { session: s, earliest } => { session = s; date = earliest; }
                    _ => break,
                }
            }
            days
        };
        for (i, step) in steps.iter().enumerate() {
            if step.light == "red" {
                prop_assert_ne!(step.decision, "advance", "never advance after a red");
            }
            if let Some(next) = step.next {
                prop_assert!(position(next) <= position(step.session) + 1, "at most one step forward");
            }
            if step.decision == "stop" {
                prop_assert!(step.next.is_none());
                prop_assert_eq!(i, steps.len() - 1, "no run after a stop without a resume");
            }
        }
        for pair in facts_days.windows(2) {
            prop_assert!((pair[1] - pair[0]).num_days() >= 2, "never runs on consecutive days");
        }
    }
}
