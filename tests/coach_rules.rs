//! Every rule of the coach, table-driven, with the reason text checked; and
//! the properties that must hold whatever the pain.

use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use rtr::coach::ready::{not_ready, usual_before};
use rtr::coach::replay::{DecisionKind, Replay, Standing, next_as_of, replay};
use rtr::coach::simulate::{Token, Unrun, parse_tokens, simulate};
use rtr::coach::{Counts, Fact, MainRun, RunFacts};
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

fn ran(planned_secs: u32, run_secs: u32, runs_planned: u32, runs_done: u32) -> MainRun {
    MainRun {
        planned_secs,
        run_secs,
        runs_planned,
        runs_done,
    }
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
            "Hold at 3.2: pain 3/10 after the warm-up eased to 2/10 during the run (amber).",
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
            "Step back to 2.1, no running for 2 days: pain 3/10 after the warm-up and 3/10 during the run: warm-up pain that goes on or comes back (red).",
        ),
        (
            "warm-up 4 eased to 3: the run's pain reached the line",
            |f| {
                f.after_warmup = Some(4);
                f.worst = 3
            },
            "red",
            DecisionKind::Regress,
            Some(id(2, 1)),
            "Thu 5 Nov",
            "Step back to 2.1, no running for 2 days: pain 4/10 after the warm-up and 3/10 during the run: warm-up pain that goes on or comes back (red).",
        ),
        (
            "pain after 2 above before: not settled",
            |f| {
                f.before = 1;
                f.worst = 1;
                f.after = 3
            },
            "amber",
            DecisionKind::Hold,
            Some(id(3, 2)),
            "Wed 4 Nov",
            "Hold at 3.2: pain 3/10 right after the session, 2 above the 1/10 before it: not settled (amber: more than 1 above).",
        ),
        (
            "pain after 1 above before: settled",
            |f| {
                f.before = 1;
                f.worst = 2;
                f.after = 2
            },
            "green",
            DecisionKind::Advance,
            Some(id(3, 3)),
            "Wed 4 Nov",
            "Advance to 3.3: worst pain 2/10 during the run (green: 0–2).",
        ),
        (
            "only 3 of 6 runs",
            |f| f.main_run = Some(ran(18 * 60, 9 * 60, 6, 3)),
            "green",
            DecisionKind::Hold,
            Some(id(3, 2)),
            "Wed 4 Nov",
            "Hold at 3.2: only 3 of 6 runs done (50 % of the running; 90 % moves on); worst pain 0/10 during the run (green: 0–2).",
        ),
        (
            "89 % run",
            |f| f.main_run = Some(ran(1000, 890, 6, 5)),
            "green",
            DecisionKind::Hold,
            Some(id(3, 2)),
            "Wed 4 Nov",
            "Hold at 3.2: only 5 of 6 runs done (89 % of the running; 90 % moves on); worst pain 0/10 during the run (green: 0–2).",
        ),
        (
            "90 % run moves on",
            |f| f.main_run = Some(ran(1000, 900, 6, 5)),
            "green",
            DecisionKind::Advance,
            Some(id(3, 3)),
            "Wed 4 Nov",
            "Advance to 3.3: worst pain 0/10 during the run (green: 0–2).",
        ),
        (
            "nothing run, pain still decides: red",
            |f| {
                f.main_run = Some(ran(720, 0, 6, 0));
                f.worst = 5
            },
            "red",
            DecisionKind::Regress,
            Some(id(2, 1)),
            "Thu 5 Nov",
            "Step back to 2.1, no running for 2 days: worst pain 5/10 during the run (red: 5 or more).",
        ),
        (
            "off-plan green never moves on",
            |f| {
                f.session = id(3, 3);
                f.counts = Counts::OffPlan
            },
            "green",
            DecisionKind::Hold,
            Some(id(3, 2)),
            "Wed 4 Nov",
            "Hold at 3.2: 3.3 was off-plan, and an off-plan session never moves the plan on; worst pain 0/10 during the run (green: 0–2).",
        ),
        (
            "off-plan amber holds where the coach stands",
            |f| {
                f.session = id(4, 1);
                f.counts = Counts::OffPlan;
                f.worst = 3
            },
            "amber",
            DecisionKind::Hold,
            Some(id(3, 2)),
            "Wed 4 Nov",
            "Hold at 3.2: worst pain 3/10 during the run (amber: 3–4) (4.1 was off-plan; the coach's session was 3.2).",
        ),
        (
            "off-plan red steps back from where the coach stands",
            |f| {
                f.session = id(6, 1);
                f.counts = Counts::OffPlan;
                f.worst = 5
            },
            "red",
            DecisionKind::Regress,
            Some(id(2, 1)),
            "Thu 5 Nov",
            "Step back to 2.1, no running for 2 days: worst pain 5/10 during the run (red: 5 or more) (6.1 was off-plan; the coach's session was 3.2).",
        ),
        (
            "morning red flag",
            |f| {
                f.morning = Some(0);
                f.morning_flags = vec!["calf pain or swelling".into()]
            },
            "red",
            DecisionKind::Stop,
            None,
            "",
            "Stop: calf pain or swelling the next morning (a red flag). See a physical therapist before you run again.",
        ),
        (
            "pain 7 the next morning",
            |f| f.morning = Some(7),
            "red",
            DecisionKind::Stop,
            None,
            "",
            "Stop: pain 7/10 the next morning (stop: 7 or more). See a physical therapist before you run again.",
        ),
        (
            "ended early, pain fine",
            |f| f.ended_early = true,
            "green",
            DecisionKind::Hold,
            Some(id(3, 2)),
            "Wed 4 Nov",
            "Hold at 3.2: the session ended early, so it comes again; worst pain 0/10 during the run (green: 0–2).",
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
        date: monday() + Duration::days(20),
    });
    let r = replay(&program::builtin(), &resumed);
    assert_eq!(
        r.standing,
        Standing::Next {
            session: id(3, 1),
            earliest: monday() + Duration::days(20)
        }
    );
    assert_eq!(
        r.why.as_deref(),
        Some("Resumed on Sun 22 Nov after the stop at 4.2: one week down, to 3.1.")
    );
    // The missed days count from the resume, not from the last run.
    let rules = program::builtin().rules;
    let (next, _, moved) = next_as_of(&r, &rules, monday() + Duration::days(20)).unwrap();
    assert_eq!((next, moved), (id(3, 1), None));
}

#[test]
fn the_reds_before_a_stop_no_longer_count_after_the_resume() {
    let facts = vec![
        Fact::Run(run(id(3, 1), 0, 5)),
        Fact::Run(run(id(2, 1), 3, 5)),
        Fact::Run(run(id(1, 1), 6, 5)),
        Fact::Resume {
            date: monday() + Duration::days(9),
        },
        Fact::Run(run(id(1, 1), 9, 5)),
    ];
    let r = replay(&program::builtin(), &facts);
    assert_eq!(r.decisions[2].kind, DecisionKind::Stop, "third red stops");
    assert_eq!(
        r.decisions[3].kind,
        DecisionKind::Regress,
        "one red after the resume is one red"
    );
}

#[test]
fn stops_outside_a_run_of_this_program() {
    let program = program::builtin();
    let other = RunFacts {
        counts: Counts::OtherProgram,
        ..run(id(1, 1), 2, 8)
    };
    let cases: Vec<(&str, Fact, &str)> = vec![
        (
            "pain 8 before a run (no run)",
            Fact::NotReady {
                date: monday() + Duration::days(2),
                before: 8,
            },
            "Stop: pain 8/10 before the run (stop: 7 or more). See a physical therapist before you run again.",
        ),
        (
            "pain 7 in a circuit",
            Fact::Circuit {
                date: monday() + Duration::days(2),
                pain: 7,
            },
            "Stop: pain 7/10 in the circuit (stop: 7 or more). See a physical therapist before you run again.",
        ),
        (
            "pain 8 in another program's session",
            Fact::Run(other),
            "Stop: pain 8/10 during the run (stop: 7 or more), in a session of another program. See a physical therapist before you run again.",
        ),
    ];
    for (name, fact, reason) in cases {
        let r = replay(&program, &[Fact::Run(run(id(3, 1), 0, 0)), fact]);
        assert!(
            matches!(&r.standing, Standing::Stopped { at, .. } if *at == id(3, 2)),
            "{name}: {:?}",
            r.standing
        );
        assert_eq!(r.why.as_deref(), Some(reason), "{name}");
        assert_eq!(r.decisions.len(), 1, "{name}: not a session of this plan");
    }
    // Below the stop line neither moves the plan.
    for fact in [
        Fact::NotReady {
            date: monday() + Duration::days(2),
            before: 6,
        },
        Fact::Circuit {
            date: monday() + Duration::days(2),
            pain: 6,
        },
        Fact::Run(RunFacts {
            counts: Counts::OtherProgram,
            ..run(id(9, 1), 2, 6)
        }),
    ] {
        let r = replay(&program, &[Fact::Run(run(id(3, 1), 0, 0)), fact]);
        assert!(
            matches!(r.standing, Standing::Next { session, .. } if session == id(3, 2)),
            "{:?}",
            r.standing
        );
    }
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
        "Program complete (10.3 was its last session): worst pain 0/10 during the run (green: 0–2)."
    );
}

#[test]
fn simulate_parses_tokens_and_names_a_bad_one_by_position() {
    assert_eq!(parse_tokens("0, 3/1").unwrap().len(), 2);
    assert_eq!(
        parse_tokens("0,1,11").unwrap_err(),
        "token 3 \"11\": it does not start with PEAK or PEAK/MORNING (pain from 0 to 10, e.g. 3 or 2/4)"
    );
    assert!(parse_tokens("2/").is_err());
    assert_eq!(
        parse_tokens("0,3/1 w4 x").unwrap_err(),
        "token 2 \"3/1 w4 x\": \"x\" is not an extra: bN pain before, wN after the warm-up, aN right after (N 0 to 10), s swelling or a limp, f a red flag, ranP percent run (0 to 100), off, +D days later"
    );
    for bad in ["1 b11", "1 ran101", "1 w", "1 +x", "1 aa"] {
        assert!(parse_tokens(bad).is_err(), "{bad}");
    }
    let token = parse_tokens("3/1 ran50 b1 w4 a2 s f off +9").unwrap()[0];
    assert_eq!(
        token,
        Token {
            peak: 3,
            morning: Some(1),
            before: 1,
            after_warmup: Some(4),
            after: Some(2),
            swelling_or_limp: true,
            red_flag: true,
            ran_percent: 50,
            off_plan: true,
            extra_days: 9,
        }
    );
    let (steps, unrun) = simulate(&program::builtin(), &parse_tokens("0,0,3,5,2/4").unwrap());
    type Row<'a> = (String, i64, Option<&'a str>, &'a str, Option<String>);
    let summary: Vec<Row> = steps
        .iter()
        .map(|s| {
            (
                s.session.to_string(),
                s.date,
                s.light,
                s.decision,
                s.next.map(|n| n.to_string()),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "1.1".into(),
                0,
                Some("green"),
                "advance",
                Some("1.2".into())
            ),
            (
                "1.2".into(),
                2,
                Some("green"),
                "advance",
                Some("1.3".into())
            ),
            ("1.3".into(), 4, Some("amber"), "hold", Some("1.3".into())),
            ("1.3".into(), 6, Some("red"), "regress", Some("1.1".into())),
            ("1.1".into(), 9, Some("red"), "regress", Some("1.1".into())),
        ]
    );
    assert_eq!(unrun, None);
    let (steps, unrun) = simulate(&program::builtin(), &parse_tokens("0,7,0,0").unwrap());
    assert_eq!(
        (steps.len(), unrun),
        (2, Some(Unrun::Stopped(2))),
        "nothing runs after a stop"
    );
}

/// Each extra of a token, in `rtr simulate`: (tokens, the last step's
/// session, date, light, decision, next, reason).
#[test]
fn simulate_extras_each_reach_their_rule() {
    type Case = (
        &'static str,
        &'static str,
        i64,
        Option<&'static str>,
        &'static str,
        Option<&'static str>,
        &'static str,
    );
    let cases: Vec<Case> = vec![
        (
            "0 b3",
            "1.1",
            0,
            None,
            "no-run",
            Some("1.1"),
            "No run today: knee pain 3/10 before the run (a run needs less than 3/10). The circuit or a walk instead; the run waits for a better day.",
        ),
        (
            "0,0 b2",
            "1.2",
            2,
            None,
            "no-run",
            Some("1.2"),
            "No run today: knee pain 2/10 before the run, 2 above your usual 0/10 (a run needs no more than 1 above). The circuit or a walk instead; the run waits for a better day.",
        ),
        (
            "0,0 b2,0",
            "1.2",
            3,
            Some("green"),
            "advance",
            Some("1.3"),
            "Advance to 1.3: worst pain 0/10 during the run (green: 0–2).",
        ),
        (
            "0 b7",
            "1.1",
            0,
            None,
            "stop",
            None,
            "Stop: pain 7/10 before the run (stop: 7 or more). See a physical therapist before you run again.",
        ),
        (
            "1 w3",
            "1.1",
            0,
            Some("amber"),
            "hold",
            Some("1.1"),
            "Hold at 1.1: pain 3/10 after the warm-up eased to 1/10 during the run (amber).",
        ),
        (
            "3 w3",
            "1.1",
            0,
            Some("red"),
            "regress",
            Some("1.1"),
            "Step back to 1.1, no running for 2 days: pain 3/10 after the warm-up and 3/10 during the run: warm-up pain that goes on or comes back (red).",
        ),
        (
            "1 b1 a3",
            "1.1",
            0,
            Some("amber"),
            "hold",
            Some("1.1"),
            "Hold at 1.1: pain 3/10 right after the session, 2 above the 1/10 before it: not settled (amber: more than 1 above).",
        ),
        (
            "0 s",
            "1.1",
            0,
            Some("red"),
            "regress",
            Some("1.1"),
            "Step back to 1.1, no running for 2 days: swelling or a limp after the run (red).",
        ),
        (
            "0 f",
            "1.1",
            0,
            Some("red"),
            "stop",
            None,
            "Stop: a red flag answered yes (a red flag). See a physical therapist before you run again.",
        ),
        (
            "0 ran50",
            "1.1",
            0,
            Some("green"),
            "hold",
            Some("1.1"),
            "Hold at 1.1: only 3 of 6 runs done (50 % of the running; 90 % moves on); worst pain 0/10 during the run (green: 0–2).",
        ),
        (
            "0,0 off",
            "1.3",
            2,
            Some("green"),
            "hold",
            Some("1.2"),
            "Hold at 1.2: 1.3 was off-plan, and an off-plan session never moves the plan on; worst pain 0/10 during the run (green: 0–2).",
        ),
        (
            "0,0,0 +3",
            "1.3",
            7,
            Some("green"),
            "advance",
            Some("2.1"),
            "Advance to 2.1: worst pain 0/10 during the run (green: 0–2).",
        ),
        (
            "0,0,0,0,0,0,0 +10",
            "2.1",
            22,
            Some("green"),
            "advance",
            Some("2.2"),
            "Advance to 2.2: worst pain 0/10 during the run (green: 0–2).",
        ),
    ];
    for (tokens, session, date, light, decision, next, reason) in cases {
        let (steps, _) = simulate(&program::builtin(), &parse_tokens(tokens).unwrap());
        let last = steps.last().unwrap();
        assert_eq!(last.session.to_string(), session, "{tokens}");
        assert_eq!(last.date, date, "{tokens}");
        assert_eq!(last.light, light, "{tokens}");
        assert_eq!(last.decision, decision, "{tokens}");
        assert_eq!(
            last.next.map(|n| n.to_string()).as_deref(),
            next,
            "{tokens}"
        );
        assert_eq!(last.reason, reason, "{tokens}");
    }
}

#[test]
fn simulate_after_the_programs_end_says_so() {
    let greens = vec!["0"; 32].join(",");
    let (steps, unrun) = simulate(&program::builtin(), &parse_tokens(&greens).unwrap());
    assert_eq!(steps.len(), 30);
    assert_eq!(steps[29].session, id(10, 3));
    assert_eq!(steps[29].next, None);
    assert_eq!(
        steps[29].reason,
        "Program complete (10.3 was its last session): worst pain 0/10 during the run (green: 0–2)."
    );
    assert_eq!(unrun, Some(Unrun::AfterTheEnd(2)));
}

#[test]
fn the_ready_to_run_check() {
    let rules = program::builtin().rules;
    for (before, usual, reason) in [
        (2, None, None),
        (
            3,
            None,
            Some("knee pain 3/10 before the run (a run needs less than 3/10)"),
        ),
        (2, Some(1), None),
        (
            2,
            Some(0),
            Some(
                "knee pain 2/10 before the run, 2 above your usual 0/10 (a run needs no more than 1 above)",
            ),
        ),
        (1, Some(0), None),
    ] {
        assert_eq!(
            not_ready(before, usual, &rules, "knee").as_deref(),
            reason,
            "before {before}, usual {usual:?}"
        );
    }
    // The usual: the median of the last five befores of this program's runs.
    let befores = |values: &[u8]| -> Vec<Fact> {
        values
            .iter()
            .map(|&b| {
                Fact::Run(RunFacts {
                    before: b,
                    ..run(id(1, 1), 0, 0)
                })
            })
            .collect()
    };
    assert_eq!(usual_before(&[], &rules), None);
    assert_eq!(usual_before(&befores(&[2]), &rules), Some(2));
    assert_eq!(usual_before(&befores(&[0, 2, 1]), &rules), Some(1));
    assert_eq!(
        usual_before(&befores(&[0, 1, 2, 2]), &rules),
        Some(1),
        "lower middle"
    );
    assert_eq!(
        usual_before(&befores(&[6, 6, 6, 0, 0, 1, 1, 1]), &rules),
        Some(1),
        "only the last five"
    );
}

#[test]
fn reports_count_where_they_were_made() {
    use rtr::coach::counts::{Answered, PartPain, pains};
    use rtr::workout::Part;
    let report = |part, pain| PartPain { part, pain };
    let answered = Answered {
        after_warmup: Some(3),
        worst: Some(1),
        after: Some(0),
    };
    let reports = [
        report(Part::Warmup, 3),
        report(Part::Main, 1),
        report(Part::Cooldown, 2),
        report(Part::Circuit, 9),
    ];
    assert_eq!(
        pains(answered, &reports),
        (Some(3), 1, 2),
        "warm-up 3 stays warm-up pain; cool-down 2 is pain after; the circuit is apart"
    );
    let warmup_only = Answered {
        after_warmup: None,
        ..answered
    };
    assert_eq!(pains(warmup_only, &[report(Part::Warmup, 4)]).0, Some(4));
}

fn tokens() -> impl Strategy<Value = Vec<(u8, Option<u8>, u8)>> {
    prop::collection::vec(
        (
            0u8..=10,
            prop::option::of(0u8..=10),
            prop_oneof![Just(100u8), 0u8..=100],
        ),
        1..40,
    )
}

proptest! {
    #[test]
    fn the_coach_never_breaks_its_promises(tokens in tokens()) {
        let program = program::builtin();
        let order: Vec<SessionId> = program.session_ids().collect();
        let position = |s: SessionId| order.iter().position(|x| *x == s).unwrap();
        let tokens: Vec<Token> = tokens
            .into_iter()
            .map(|(peak, morning, ran)| Token { morning, ran_percent: ran, ..Token::peak(peak) })
            .collect();
        let (steps, _) = simulate(&program, &tokens);
        for (i, (step, token)) in steps.iter().zip(&tokens).enumerate() {
            if step.light == Some("red") {
                prop_assert_ne!(step.decision, "advance", "never advance after a red");
            }
            if token.ran_percent < 90 {
                prop_assert_ne!(step.decision, "advance", "never advance on running not done");
            }
            if let Some(next) = step.next {
                prop_assert!(position(next) <= position(step.session) + 1, "at most one step forward");
            }
            if step.decision == "stop" {
                prop_assert!(step.next.is_none());
                prop_assert_eq!(i, steps.len() - 1, "no run after a stop without a resume");
            }
        }
        for pair in steps.windows(2) {
            prop_assert!(pair[1].date - pair[0].date >= 2, "never runs on consecutive days");
        }
    }

    #[test]
    fn greens_run_in_full_reach_the_end_in_thirty_sessions(mornings in prop::collection::vec(prop::option::of(0u8..=0), 30)) {
        let program = program::builtin();
        let tokens: Vec<Token> = mornings
            .into_iter()
            .map(|morning| Token { morning, ..Token::peak(2) })
            .collect();
        let (steps, unrun) = simulate(&program, &tokens);
        prop_assert_eq!(steps.len(), 30);
        prop_assert!(steps.iter().all(|s| s.decision == "advance"));
        prop_assert_eq!(steps[29].session, id(10, 3));
        prop_assert_eq!(steps[29].next, None);
        prop_assert_eq!(unrun, None);
    }

    #[test]
    fn skipping_never_advances(percent in 0u8..90, before in 0u8..=2, peak in 0u8..=2) {
        let (steps, _) = simulate(
            &program::builtin(),
            &[Token { ran_percent: percent, before, after: Some(before), ..Token::peak(peak) }],
        );
        prop_assert_ne!(steps[0].decision, "advance");
    }
}
