//! The report for the physical therapist, from a fixed history.

use chrono::{DateTime, Duration, NaiveDate};
use rtr::coach::records::{MorningAnswer, Record, RunAnswers, SessionRecord};
use rtr::program::{SessionId, builtin};

fn day(n: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 10, 5).unwrap() + Duration::days(n)
}

fn session(
    id: &str,
    week: u32,
    number: u32,
    n: i64,
    worst: u8,
    morning: Option<u8>,
) -> Vec<Record> {
    let at = DateTime::parse_from_rfc3339(&format!("{}T07:00:00+01:00", day(n))).unwrap();
    let session = SessionId {
        week,
        session: number,
    };
    let mut records = vec![
        Record::Session(SessionRecord {
            id: id.into(),
            program: "Return to run".into(),
            program_hash: "fnv1a64:0".into(),
            program_id: None,
            session,
            off_plan: false,
            instead: None,
            started: at,
            ended: at + Duration::minutes(43),
            ended_early: None,
            resumed: false,
            steps_done: 15,
            steps_skipped: 0,
            steps_not_reached: 0,
            run_seconds: 60 * (3 + 3 * week),
            walk_seconds: 1800,
            active_seconds: 2580,
            paused_seconds: 0,
            pauses: 0,
            skipped: Vec::new(),
            pain_reports: Vec::new(),
            steps: Vec::new(),
            resumes: Vec::new(),
        }),
        Record::Answers(RunAnswers {
            session_id: id.into(),
            program: None,
            session,
            off_plan: false,
            date: day(n),
            before: 0,
            after_warmup: Some(1),
            worst,
            after: worst.saturating_sub(1),
            swelling_or_limp: false,
            stopped_for_pain: false,
            completed: true,
            red_flags: Vec::new(),
            reports: Vec::new(),
            main_run: None,
        }),
    ];
    if let Some(pain) = morning {
        records.push(Record::Morning(MorningAnswer {
            session_id: id.into(),
            date: day(n + 1),
            pain,
            red_flags: Vec::new(),
        }));
    }
    records
}

fn history() -> Vec<Record> {
    [
        session("a", 1, 1, 0, 1, Some(0)),
        session("b", 1, 2, 2, 2, Some(0)),
        session("c", 1, 3, 4, 3, None),
        session("d", 1, 3, 6, 2, Some(2)),
        session("e", 1, 3, 9, 5, None),
        session("f", 1, 1, 12, 1, Some(0)),
    ]
    .concat()
}

#[test]
fn the_report_for_a_physical_therapist() {
    let text = rtr::cli::report(&builtin(), &history(), day(14), None);
    assert!(
        text.contains(
            "| 2026-10-14 | 1.3 | 6 min / 43 min | 0 · 1 · 5 · 4 · – | no | red | regress |"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "- 2026-10-11 1.3: Hold at 1.3, with 1 more rest day: next-morning pain 2/10"
        ),
        "{text}"
    );
    assert!(
        text.contains("## Every red and stop\n\n- 2026-10-14 1.3: Step back to 1.1"),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn the_report_gives_the_runners_own_cadence_when_it_is_known() {
    let without = rtr::cli::report(&builtin(), &history(), day(14), None);
    assert!(!without.contains("Own cadence"), "{without}");
    let mut records = history();
    records.push(Record::Cadence(rtr::coach::records::CadenceRecord {
        date: day(3),
        spm: 164,
    }));
    let with = rtr::cli::report(&builtin(), &records, day(14), None);
    let line = format!(
        "- Own cadence: 164 steps a minute (noted {}); targets like +5 % build on it.",
        day(3)
    );
    assert!(with.contains(&line), "{with}");
}

#[test]
fn since_limits_the_sessions() {
    let text = rtr::cli::report(&builtin(), &history(), day(14), Some(day(9)));
    assert!(
        text.contains("- 2 run sessions from 2026-10-14 (1.3) to 2026-10-17."),
        "{text}"
    );
    assert!(!text.contains("| 2026-10-05 |"), "{text}");
}

mod screen {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::KeyCode;
    use rtr::tui::history_screen::{HistoryState, KeyResult, key, render};
    use rtr::tui::theme::Theme;

    fn draw(state: &mut HistoryState, (w, h): (u16, u16)) -> String {
        let view = rtr::cli::history_view(&super::builtin(), &super::history());
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal
            .draw(|frame| render(frame, &view, state, Theme::MONOCHROME))
            .unwrap();
        terminal.backend().to_string()
    }

    #[test]
    fn the_table_is_newest_first_and_enter_opens_the_detail() {
        let view = rtr::cli::history_view(&super::builtin(), &super::history());
        let mut state = HistoryState::default();
        let table = draw(&mut state, (120, 40));
        let first = table.find("2026-10-17").unwrap();
        assert!(
            first < table.find("2026-10-05").unwrap(),
            "newest first: {table}"
        );
        assert!(table.contains("○ red"), "a word and a symbol: {table}");
        key(&mut state, &view, KeyCode::Char('j'), 10);
        let KeyResult::Detail(row) = key(&mut state, &view, KeyCode::Enter, 10) else {
            panic!("Enter opens the detail");
        };
        assert_eq!(row, 4, "the second newest of six");
        let records = super::history();
        let session = records
            .iter()
            .find_map(|r| match r {
                rtr::coach::records::Record::Session(s) if s.id == "e" => Some(s),
                _ => None,
            })
            .unwrap();
        let mut same_program = session.clone();
        same_program.program_hash = super::builtin().source_hash;
        let steps = rtr::cli::history_detail(&super::builtin(), &same_program, &view.rows[row]);
        assert!(
            steps.contains(&"   1. Walk 5:00: done".to_string()),
            "{steps:?}"
        );
        assert!(
            steps.iter().any(|l| l.ends_with(": not reached")),
            "{steps:?}"
        );
        state.detail = Some(rtr::cli::history_detail(
            &super::builtin(),
            session,
            &view.rows[row],
        ));
        let detail = draw(&mut state, (120, 40));
        assert!(
            detail.contains("the program has changed since this session"),
            "{detail}"
        );
        assert!(
            detail.contains("Step back to 1.1, no running for 2 days"),
            "{detail}"
        );
        assert!(
            detail.contains("Answers: before 0, after the warm-up 1, worst 5"),
            "{detail}"
        );
        key(&mut state, &view, KeyCode::Esc, 10);
        assert!(state.detail.is_none());
        assert_eq!(
            key(&mut state, &view, KeyCode::Char('q'), 10),
            KeyResult::Quit
        );
    }

    #[test]
    fn an_empty_history_says_so() {
        let view = rtr::cli::history_view(&super::builtin(), &[]);
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        let mut state = HistoryState::default();
        terminal
            .draw(|frame| render(frame, &view, &mut state, Theme::MONOCHROME))
            .unwrap();
        assert!(
            terminal
                .backend()
                .to_string()
                .contains("No sessions recorded yet.")
        );
    }
}

mod more {
    use rtr::coach::records::{Record, ResumeRecord};
    use rtr::journal::Journal;
    use rtr::program::builtin;

    #[test]
    fn a_single_session_a_stop_and_a_resume_show_as_they_happened() {
        let mut records = super::session("a", 2, 1, 0, 8, None);
        records.push(Record::Resume(ResumeRecord {
            date: super::day(5),
            at: chrono::DateTime::parse_from_rfc3339("2026-10-10T08:00:00+01:00").unwrap(),
        }));
        records.extend(super::session("b", 1, 1, 6, 0, None));
        let view = rtr::cli::history_view(&builtin(), &records[..3]);
        assert_eq!(view.rows.len(), 1, "a single session");
        let view = rtr::cli::history_view(&builtin(), &records);
        let kinds: Vec<&str> = view
            .rows
            .iter()
            .map(|r| r.decision.unwrap().word())
            .collect();
        assert_eq!(
            kinds,
            ["stop", "advance"],
            "stopped, resumed a week down, went on"
        );
        assert_eq!(view.rows[1].session.to_string(), "1.1");
        let text = rtr::cli::report(&builtin(), &records, super::day(8), None);
        assert!(text.contains("- 2026-10-05 2.1: Stop: pain 8/10 during the run (stop: 7 or more). See a physical therapist"), "{text}");
    }

    #[test]
    fn a_garbled_line_is_reported_on_the_screen_and_the_rest_shown() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::new(dir.path());
        for record in super::history() {
            journal.append(&record).unwrap();
        }
        let text = std::fs::read_to_string(journal.path()).unwrap();
        std::fs::write(journal.path(), format!("{{garbled\n{text}")).unwrap();
        let (view, offsets) = rtr::cli::history_from_journal(&builtin(), &journal);
        assert_eq!(view.rows.len(), 6);
        assert_eq!(offsets.len(), 6);
        assert_eq!(view.warnings.len(), 1);
        assert!(
            view.warnings[0].contains("journal.jsonl:1: not a record"),
            "{:?}",
            view.warnings
        );
        // Each row's detail is read again from its own line.
        let Record::Session(first) = journal.record_at(offsets[0]).unwrap() else {
            panic!("a session line")
        };
        assert_eq!(first.id, "a");
        assert_eq!(view.rows[4].decision.unwrap().word(), "regress");
    }
}

/// A run step of `secs` seconds with what the sensors measured.
fn run_step(
    secs: u64,
    cadence: Option<u16>,
    target: Option<u16>,
    bpm: Option<u8>,
) -> rtr::coach::records::StepRecord {
    rtr::coach::records::StepRecord {
        step: 2,
        part: rtr::workout::Part::Main,
        phase: rtr::workout::Phase::Run,
        label: "Run".into(),
        outcome: rtr::workout::Outcome::Done,
        spans: vec![[0, secs * 1000]],
        speed_kmh: Some(8.0),
        incline: Some(1.0),
        distance_m: None,
        heart_rate: bpm,
        peak_heart_rate: bpm.map(|b| b + 8),
        cadence,
        target_cadence: target,
        belt_kmh: None,
    }
}

#[test]
fn the_report_gives_cadence_against_target_and_heart_rate_by_week() {
    let mut records = history();
    let without = rtr::cli::report(&builtin(), &records, day(14), None);
    assert!(
        !without.contains("On the runs, by week"),
        "no sensor, no lines: {without}"
    );
    // Week 1's sessions "a" and "b": a footpod on both, a target on one
    // step, a strap on one; the walk's cadence is not the run's.
    let mut walk = run_step(60, Some(110), None, Some(100));
    walk.phase = rtr::workout::Phase::Walk;
    for record in &mut records {
        if let Record::Session(s) = record {
            match s.id.as_str() {
                "a" => s.steps = vec![run_step(60, Some(160), Some(168), Some(150)), walk.clone()],
                "b" => s.steps = vec![run_step(120, Some(166), None, None)],
                _ => {}
            }
        }
    }
    let text = rtr::cli::report(&builtin(), &records, day(14), None);
    // (160×60 + 166×120) / 180 = 164; 160 against 168 is −5 %.
    assert!(
        text.contains(
            "- week 1: cadence 164 (target 168: -5 % on the runs with one) · heart rate 150 bpm, peak 158"
        ),
        "{text}"
    );
}
