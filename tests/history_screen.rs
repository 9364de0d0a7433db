//! The full-screen history (`rtr history` in a terminal) drawn from a small
//! journal written as text, read as `rtr history` reads it: each view at
//! 120×40, 80×24 and 60×18, its keys, colours and a session's detail.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::Color;
use rtr::coach::records::Record;
use rtr::journal::Journal;
use rtr::program::builtin;
use rtr::tui::history_screen::{HistoryState, HistoryView, KeyResult, key, render};
use rtr::tui::theme::Theme;

const SIZES: [(u16, u16); 3] = [(120, 40), (80, 24), (60, 18)];

/// A session line of the built-in program, every step done: `run` seconds
/// run of `active`; a run, or what it was instead with its number of steps.
fn session(
    id: &str,
    day: &str,
    session: &str,
    [run, active]: [u32; 2],
    instead: Option<(&str, usize)>,
) -> String {
    let program = builtin();
    let hash = &program.source_hash;
    let (steps, more) = match instead {
        Some((word, steps)) => (steps, format!(r#","instead":"{word}""#)),
        None => {
            let workout = rtr::workout::session_workout(&program, session.parse().unwrap());
            (workout.unwrap().steps().len(), String::new())
        }
    };
    format!(
        r#"{{"v":1,"kind":"session","id":"{id}","program":"Return to run","program_hash":"{hash}","program_id":"knee-return-to-run","session":"{session}","started":"{day}T07:00:00+01:00","ended":"{day}T07:45:00+01:00","ended_early":null,"resumed":false,"steps_done":{steps},"steps_skipped":0,"steps_not_reached":0,"run_seconds":{run},"walk_seconds":600,"active_seconds":{active},"paused_seconds":0,"pauses":0{more}}}"#
    )
}

/// A session line with its record's steps, as a recorder with a treadmill
/// and a strap writes them: each `(label, seconds, metres, heart rate,
/// peak)` one after the other from the start.
fn with_steps(line: String, steps: &[(&str, u64, f64, u8, u8)]) -> String {
    let mut from = 0;
    let steps: Vec<String> = steps
        .iter()
        .enumerate()
        .map(|(i, (label, seconds, metres, bpm, peak))| {
            let phase = if label.starts_with("Run") { "run" } else { "walk" };
            let to = from + seconds * 1000;
            let step = format!(
                r#"{{"step":{},"part":"warmup","phase":"{phase}","label":"{label}","outcome":"done","spans":[[{from},{to}]],"distance_m":{metres:.1},"heart_rate":{bpm},"peak_heart_rate":{peak}}}"#,
                i + 1
            );
            from = to;
            step
        })
        .collect();
    let line = line.strip_suffix('}').unwrap();
    format!(r#"{line},"steps":[{}]}}"#, steps.join(","))
}

/// The pain answers around a run: before, worst and after.
fn answers(id: &str, day: &str, session: &str, [before, worst, after]: [u8; 3]) -> String {
    format!(
        r#"{{"v":1,"kind":"answers","session_id":"{id}","program":"knee-return-to-run","session":"{session}","date":"{day}","before":{before},"after_warmup":{before},"worst":{worst},"after":{after},"swelling_or_limp":false,"stopped_for_pain":false,"red_flags":[]}}"#
    )
}

/// Nine sessions in two weeks: an off-plan session ended in its drills
/// with a treadmill and a strap, a circuit rated, a start on a rest day, a
/// walk instead of the run, a run the ready check advised against (its
/// first three steps measured), a prehab circuit on its own, and a run of
/// 15 s, the only one of week 2.
fn journal(dir: &std::path::Path) -> Journal {
    let hash = builtin().source_hash;
    let off_plan = format!(
        r#"{{"v":1,"kind":"session","id":"o","program":"Return to run","program_hash":"{hash}","program_id":"knee-return-to-run","session":"1.1","off_plan":true,"started":"2026-10-04T07:00:00+01:00","ended":"2026-10-04T07:08:00+01:00","ended_early":"stopped","resumed":false,"steps_done":2,"steps_skipped":0,"steps_not_reached":69,"run_seconds":0,"walk_seconds":480,"active_seconds":480,"paused_seconds":0,"pauses":0}}"#
    );
    let lines = [
        with_steps(
            off_plan,
            &[
                ("Walk", 300, 402.4, 96, 104),
                ("Drills: leg swings, marching", 180, 0.0, 118, 118),
            ],
        ),
        session("a", "2026-10-05", "1.1", [360, 2580], None),
        answers("a", "2026-10-05", "1.1", [0, 1, 0]),
        session("b", "2026-10-07", "1.1", [360, 2580], None),
        answers("b", "2026-10-07", "1.1", [0, 2, 1]),
        r#"{"v":1,"kind":"circuit_pain","session_id":"b","pain":2,"highest_report":4,"date":"2026-10-07"}"#.into(),
        r#"{"v":1,"kind":"morning","session_id":"b","date":"2026-10-08","pain":1,"red_flags":[]}"#.into(),
        r#"{"v":1,"kind":"override","program":"knee-return-to-run","date":"2026-10-08","session":"1.2","earliest":"2026-10-09"}"#.into(),
        session("c", "2026-10-08", "1.2", [480, 2640], None),
        answers("c", "2026-10-08", "1.2", [1, 4, 2]),
        session("d", "2026-10-10", "1.2", [0, 1800], Some(("walk", 15))),
        r#"{"v":1,"kind":"override","program":"knee-return-to-run","date":"2026-10-12","session":"1.2","reason":"not ready: knee pain 4/10 before the run"}"#.into(),
        with_steps(
            session("e", "2026-10-12", "1.2", [480, 2640], None),
            &[
                ("Walk", 300, 412.0, 98, 105),
                ("Drills: leg swings, marching", 180, 3.0, 112, 112),
                ("Run", 60, 141.6, 139, 151),
            ],
        ),
        answers("e", "2026-10-12", "1.2", [4, 5, 4]),
        session("f", "2026-10-13", "1.1", [0, 600], Some(("prehab", 9))),
        r#"{"v":1,"kind":"circuit_pain","session_id":"f","pain":1,"date":"2026-10-13"}"#.into(),
        session("g", "2026-10-15", "1.1", [360, 2580], None),
        answers("g", "2026-10-15", "1.1", [0, 1, 0]),
        session("h", "2026-10-17", "2.1", [15, 300], None),
        answers("h", "2026-10-17", "2.1", [0, 1, 0]),
    ];
    let journal = Journal::new(dir);
    for line in lines {
        journal.append_line(&line).unwrap();
    }
    journal
}

/// The screen's content, with each row's detail as `rtr history` opens it.
struct Screen {
    view: HistoryView,
    details: Vec<Vec<String>>,
}

impl Screen {
    fn new() -> Screen {
        let dir = tempfile::tempdir().unwrap();
        let journal = journal(dir.path());
        let (view, offsets) = rtr::cli::history_from_journal(&builtin(), &journal);
        assert!(view.warnings.is_empty(), "{:?}", view.warnings);
        let details = offsets
            .iter()
            .zip(&view.rows)
            .map(|(offset, row)| match journal.record_at(*offset).unwrap() {
                Record::Session(s) => rtr::cli::history_detail(&builtin(), &s, row),
                other => panic!("not a session: {other:?}"),
            })
            .collect();
        Screen { view, details }
    }

    /// Presses `keys`, opening a detail when asked, and draws the screen.
    fn after(&self, keys: &[KeyCode], size: (u16, u16), theme: Theme) -> Terminal<TestBackend> {
        let mut state = HistoryState::default();
        for code in keys {
            if let KeyResult::Detail(row) = key(&mut state, &self.view, *code, 5) {
                state.detail = Some(self.details[row].clone());
            }
        }
        let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
        terminal
            .draw(|frame| render(frame, &self.view, &mut state, theme))
            .unwrap();
        terminal
    }

    fn text(&self, keys: &[KeyCode], size: (u16, u16)) -> String {
        self.after(keys, size, Theme::MONOCHROME)
            .backend()
            .to_string()
    }
}

#[test]
fn every_view_at_three_sizes() {
    let screen = Screen::new();
    let views: [(&str, &[KeyCode]); 5] = [
        ("sessions", &[]),
        ("trend", &[KeyCode::Char('2')]),
        ("progress", &[KeyCode::Char('3')]),
        // The fourth newest: the run the ready check advised against.
        (
            "detail",
            &[KeyCode::Down, KeyCode::Down, KeyCode::Down, KeyCode::Enter],
        ),
        (
            "detail_scrolled",
            &[
                KeyCode::Down,
                KeyCode::Down,
                KeyCode::Down,
                KeyCode::Enter,
                KeyCode::PageDown,
            ],
        ),
    ];
    for (name, keys) in views {
        for size in SIZES {
            insta::assert_snapshot!(
                format!("{name}_{}x{}", size.0, size.1),
                screen.text(keys, size)
            );
        }
    }
}

#[test]
fn every_view_says_its_keys_and_none_says_quit() {
    let screen = Screen::new();
    let views: [&[KeyCode]; 4] = [
        &[],
        &[KeyCode::Char('2')],
        &[KeyCode::Char('3')],
        &[KeyCode::Enter],
    ];
    for keys in views {
        for size in SIZES {
            let text = screen.text(keys, size);
            assert!(text.contains("q Esc back"), "{text}");
            assert!(text.contains("Tab 1–3 views"), "{text}");
            assert!(!text.contains("quit"), "{text}");
        }
    }
    let list = screen.text(&[], (60, 18));
    for words in ["↑↓ j k move", "PgUp PgDn page", "Enter detail"] {
        assert!(list.contains(words), "{list}");
    }
    assert!(list.contains("b before"), "the pain letters: {list}");
}

#[test]
fn esc_and_q_go_back_one_level() {
    let screen = Screen::new();
    for back in [KeyCode::Esc, KeyCode::Char('q')] {
        let mut state = HistoryState::default();
        let KeyResult::Detail(row) = key(&mut state, &screen.view, KeyCode::Enter, 5) else {
            panic!("Enter opens the detail");
        };
        state.detail = Some(screen.details[row].clone());
        assert_eq!(key(&mut state, &screen.view, back, 5), KeyResult::Stay);
        assert!(state.detail.is_none(), "back to the list");
        assert_eq!(key(&mut state, &screen.view, back, 5), KeyResult::Quit);
    }
}

#[test]
fn seconds_of_running_are_not_rounded_up_to_a_minute() {
    let screen = Screen::new();
    let weeks: Vec<(u32, u32)> = screen.view.weeks.iter().map(|w| (w.0, w.1)).collect();
    assert_eq!(weeks, [(1, 360 * 3 + 480 * 2), (2, 15)]);
    let list = screen.text(&[], (120, 40));
    assert!(list.contains("0:15/5:00"), "{list}");
    let bars = screen.text(&[KeyCode::Char('3')], (80, 24));
    assert!(bars.contains("0:15"), "{bars}");
}

#[test]
fn the_detail_says_the_circuits_pain_and_the_runners_choices() {
    let screen = Screen::new();
    // From "a" on: the off-plan session comes first.
    let detail = |id: usize| screen.details[id + 1].join("\n");
    assert!(
        detail(1).contains("Circuit: pain 2/10 after it; the highest ! report during it 4/10"),
        "{}",
        detail(1)
    );
    assert!(
        detail(2).contains(
            "Started early, your choice: the coach had a rest day, its next run on Friday 9 Oct"
        ),
        "{}",
        detail(2)
    );
    assert!(
        detail(4).contains("Ran anyway, your choice: not ready: knee pain 4/10 before the run"),
        "{}",
        detail(4)
    );
    assert!(
        detail(5).contains("Circuit: pain 1/10 after it"),
        "{}",
        detail(5)
    );
    for quiet in [0, 3, 6, 7] {
        let text = detail(quiet);
        assert!(
            !text.contains("Circuit:") && !text.contains("your choice"),
            "{text}"
        );
    }
}

#[test]
fn the_detail_says_an_off_plan_session_and_what_each_step_measured() {
    let screen = Screen::new();
    let off_plan = screen.details[0].join("\n");
    for words in [
        "Ended early: stopped",
        "Off-plan: run by your choice, not the coach's next session; program Return to run (knee-return-to-run)",
        "   1. Walk 5:00: done · 402 m · heart rate 96 (peak 104)",
        "   2. Drills: leg swings, marching 3:00: done · 0 m · heart rate 118\n",
        "   3. Run 1:00: not reached\n",
    ] {
        assert!(off_plan.contains(words), "{words:?} in {off_plan}");
    }
    let measured = screen.details[5].join("\n");
    assert!(
        measured.contains("   3. Run 1:00: done · 142 m · heart rate 139 (peak 151)\n"),
        "{measured}"
    );
    assert!(measured.contains("   4. Walk 4:00: done\n"), "{measured}");
    assert!(!measured.contains("Off-plan"), "{measured}");
    let list = screen.text(&[], (120, 40));
    assert!(list.contains("(off-plan)"), "{list}");
}

#[test]
fn the_light_has_its_colour_beside_its_word_and_none_in_monochrome() {
    let screen = Screen::new();
    let colour_of = |theme: Theme, word: &str| -> Option<Color> {
        let terminal = screen.after(&[KeyCode::Char('G')], (120, 40), theme);
        let buffer = terminal.backend().buffer();
        let text = terminal.backend().to_string();
        let line = text.lines().position(|l| l.contains(word))?;
        let row = text.lines().nth(line)?.trim_matches('"');
        let column = row.find(word)?;
        let x = row[..column].chars().count() as u16;
        buffer.cell((x, line as u16)).map(|c| c.fg)
    };
    assert_eq!(colour_of(Theme::DEFAULT, "green"), Some(Color::Green));
    assert_eq!(colour_of(Theme::DEFAULT, "amber"), Some(Color::Yellow));
    assert_eq!(colour_of(Theme::DEFAULT, "○ red"), Some(Color::Red));
    for word in ["green", "amber", "○ red"] {
        assert_eq!(
            colour_of(Theme::MONOCHROME, word),
            Some(Color::Reset),
            "{word}"
        );
    }
}
