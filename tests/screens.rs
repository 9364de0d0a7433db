//! The screens outside a session drawn into a TestBackend at three sizes:
//! the home screen (a first day, a rest day after a hold, a stop, notices,
//! a start check's no, the keys, the quit question), the plan in the pager
//! and a question. No text may be cut: each sentence is found whole.

use chrono::{Duration, NaiveDate};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use rtr::cli::{Progress, plan_text};
use rtr::coach::replay::replay;
use rtr::coach::{Fact, RunFacts};
use rtr::program::{Program, SessionId, builtin, parse_program};
use rtr::tui::home::{HomeView, Overlay, render};
use rtr::tui::theme::Theme;
use rtr::tui::{pager, prompt};

const SIZES: [(u16, u16); 3] = [(120, 40), (80, 24), (60, 18)];

const DISCLAIMER: &str =
    "This is exercise guidance, not medical care. Never run through sharp pain.";

fn monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn run(week: u32, session: u32, day: i64, worst: u8) -> Fact {
    let session = SessionId { week, session };
    Fact::Run(RunFacts::with_worst(
        session,
        monday() + Duration::days(day),
        worst,
    ))
}

fn demo() -> Program {
    let source = include_str!("../programs/demo.ron");
    parse_program("demo.ron", source).unwrap()
}

fn view(program: &Program, facts: &[Fact], today: NaiveDate) -> HomeView {
    rtr::cli::home_view(program, &replay(program, facts), today)
}

fn draw(size: (u16, u16), render: impl FnOnce(&mut ratatui::Frame)) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
    terminal.draw(render).unwrap();
    terminal.backend().buffer().clone()
}

/// The screen as rows of text, the way insta keeps it.
fn text(buffer: &Buffer) -> String {
    let width = buffer.area.width as usize;
    let symbols: Vec<&str> = buffer.content.iter().map(|cell| cell.symbol()).collect();
    symbols
        .chunks(width)
        .map(|row| format!("\"{}\"", row.concat()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every row's words without the box around them, the rows joined with a
/// space: a sentence wrapped between words reads whole here, and one cut at
/// the border or the bottom does not.
fn joined(buffer: &Buffer) -> String {
    let width = buffer.area.width as usize;
    let symbols: Vec<&str> = buffer.content.iter().map(|cell| cell.symbol()).collect();
    let rows: Vec<String> = symbols
        .chunks(width)
        .map(|row| {
            let row = row.concat();
            row.trim()
                .trim_start_matches(['│', '┌', '└'])
                .trim_end_matches(['│', '┐', '┘'])
                .to_string()
        })
        .collect();
    words(&rows.join(" "))
}

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Each sentence of `expected` is on the screen whole.
fn assert_whole(buffer: &Buffer, expected: &[&str]) {
    let screen = joined(buffer);
    for sentence in expected {
        assert!(
            screen.contains(&words(sentence)),
            "cut or missing at {}x{}: {sentence:?}\n{}",
            buffer.area.width,
            buffer.area.height,
            text(buffer)
        );
    }
}

/// What the home screen must show whole of `view`, besides `more`.
fn home_sentences<'v>(view: &'v HomeView, more: &[&'v str]) -> Vec<&'v str> {
    let mut expected = vec![view.headline.as_str(), DISCLAIMER];
    expected.extend(view.why.iter().map(String::as_str));
    expected.extend(view.prehab.as_deref());
    expected.extend(view.start_check.as_deref());
    expected.extend(more);
    expected
}

/// The home screen with `overlay` at every size, snapshot `name_WxH`,
/// every sentence of `expected` whole.
fn home_at_every_size(name: &str, view: &HomeView, overlay: Overlay, expected: &[&str]) {
    for size in SIZES {
        let buffer = draw(size, |frame| {
            render(frame, view, overlay, Theme::MONOCHROME)
        });
        assert_whole(&buffer, expected);
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), text(&buffer));
    }
}

#[test]
fn a_first_day() {
    let view = view(&builtin(), &[], monday());
    assert_eq!(
        view.headline,
        "Today: 1.1 · 6 × (1:00 run / 4:00 walk) · 43 min"
    );
    let keys = "Enter start · c prehab · p plan · ";
    let expected = home_sentences(&view, &["Week 1 of 10", "▶·· ···", keys, "? keys · q quit"]);
    home_at_every_size("first_day", &view, Overlay::None, &expected);
}

#[test]
fn a_rest_day_after_a_hold() {
    let facts = [
        run(1, 1, 0, 0),
        run(1, 2, 2, 0),
        run(1, 3, 4, 0),
        run(2, 1, 7, 4),
    ];
    let view = view(&builtin(), &facts, monday() + Duration::days(8));
    assert!(
        view.headline
            .starts_with("Rest day. Next run Wednesday 2 Dec: 2.1")
    );
    assert_eq!(
        view.why,
        ["Hold at 2.1: worst pain 4/10 during the run (amber: 3–4)."]
    );
    assert!(
        view.prehab
            .as_deref()
            .unwrap()
            .starts_with("Today's prehab: Strength, weeks 1-3")
    );
    let expected = home_sentences(&view, &["●●● ▶··"]);
    home_at_every_size("rest_day", &view, Overlay::None, &expected);
}

#[test]
fn a_stop_says_to_see_a_physical_therapist() {
    let view = view(&builtin(), &[run(1, 1, 0, 7)], monday() + Duration::days(1));
    assert_eq!(view.headline, "The program is stopped.");
    assert!(view.why[0].contains("See a physical therapist before you run again."));
    assert!(view.prehab.is_none(), "no prehab key while stopped");
    let keys = "r resume · p plan · h history · ? keys · q quit";
    let expected = home_sentences(&view, &[keys]);
    home_at_every_size("stopped", &view, Overlay::None, &expected);
}

#[test]
fn a_treadmill_headline_wraps_between_words() {
    let view = view(&demo(), &[], monday());
    assert_eq!(
        view.headline,
        "Today: 1.1 · 2 × (0:15 run at 8 km/h, 1 % incline / 0:15 walk at 5.5 km/h) · 2 min"
    );
    for size in [(80, 24), (60, 18), (40, 12)] {
        let buffer = draw(size, |frame| {
            render(frame, &view, Overlay::None, Theme::MONOCHROME)
        });
        assert_whole(&buffer, &[&view.headline]);
        let screen = text(&buffer);
        assert!(
            !screen.contains("· 2│") && !screen.contains(" 2 \n"),
            "{screen}"
        );
    }
}

#[test]
fn notices_share_one_line_and_n_shows_them() {
    let mut view = view(&builtin(), &[], monday());
    view.notices = vec![
        "journal.jsonl line 12 could not be read; it is left as it is and skipped.".into(),
        "A session of 2026-11-20 was recorded twice: counted once.".into(),
        "No audio player found: the cues are the bell and the screen.".into(),
    ];
    let expected = home_sentences(&view, &["3 notices: n shows them"]);
    home_at_every_size("notices", &view, Overlay::None, &expected);
    let mut all: Vec<&str> = view.notices.iter().map(String::as_str).collect();
    all.extend(["Notices", "q back"]);
    home_at_every_size("notices_shown", &view, Overlay::Notices, &all);
}

#[test]
fn after_a_no_in_the_start_check_home_says_what_comes_first() {
    let program = builtin();
    let mut view = view(&program, &[], monday());
    assert_eq!(
        view.prehab_circuit.as_deref(),
        Some("mobility"),
        "after the run"
    );
    let reminder = "Start check: not yet. First the strength circuit 2–3 times a week (c starts it), \
         until you can do 10 single-leg squats without pain.";
    rtr::cli::home_before_running(&mut view, &program, Some(reminder.into()));
    // The strength circuit comes first: home offers it, c starts it.
    let strength = program.weeks[0].prehab.clone();
    assert_eq!(view.prehab_circuit, strength);
    let offered = view.prehab.clone().unwrap_or_default();
    assert!(offered.starts_with("Before running: Strength"), "{offered}");
    let expected = home_sentences(&view, &[]);
    home_at_every_size("start_check_no", &view, Overlay::None, &expected);
}

#[test]
fn the_keys() {
    let view = view(&builtin(), &[], monday());
    let expected = [
        "Enter start the session (on a rest day, asks first)",
        "r resume after a stop, one week down",
        "c today's prehab circuit on its own",
        "p the plan, week by week, and every circuit",
        "q back; here, leave rtr (it asks first)",
        "Ctrl-C leave rtr at once",
        DISCLAIMER,
    ];
    home_at_every_size("help", &view, Overlay::Help, &expected);
}

#[test]
fn q_asks_before_rtr_ends() {
    let view = view(&builtin(), &[], monday());
    let expected = home_sentences(&view, &["Leave rtr? y yes · n no"]);
    home_at_every_size("quit_question", &view, Overlay::ConfirmQuit, &expected);
}

#[test]
fn a_small_screen_keeps_the_essential_keys() {
    let view = view(&builtin(), &[], monday());
    let buffer = draw((40, 12), |frame| {
        render(frame, &view, Overlay::None, Theme::MONOCHROME)
    });
    let screen = text(&buffer);
    let footer = screen.lines().last().unwrap();
    assert_eq!(
        footer, "\"Enter start · c prehab · ? keys · q quit\"",
        "{screen}"
    );
}

#[test]
fn the_plan_in_the_pager_wraps_its_long_lines() {
    let program = builtin();
    let plan = plan_text(&program, &Progress::default());
    let description = plan.lines().nth(1).unwrap();
    assert!(description.starts_with("Ten weeks from run/walk intervals"));
    for size in SIZES {
        let buffer = draw(size, |frame| {
            pager::render(frame, "The plan", &plan, 0, Theme::MONOCHROME);
        });
        assert_whole(
            &buffer,
            &[
                "Return to run: 10 weeks, 30 sessions",
                description,
                "Pain site: knee. During a run: amber from 3/10, red from 5/10, stop at 7/10.",
                "q back",
            ],
        );
        insta::assert_snapshot!(format!("plan_{}x{}", size.0, size.1), text(&buffer));
    }
    // Week 3's heading, the longest, scrolled to the top.
    let heading = plan.lines().find(|l| l.starts_with("Week 3")).unwrap();
    assert!(heading.contains("cadence +5% above yours"), "{heading}");
    for size in SIZES {
        let width = size.0 as usize - 2;
        let top = pager::rows(&plan, width)
            .iter()
            .position(|row| row.starts_with("Week 3"))
            .unwrap();
        let buffer = draw(size, |frame| {
            pager::render(frame, "The plan", &plan, top, Theme::MONOCHROME);
        });
        assert_whole(&buffer, &[heading]);
    }
}

#[test]
fn the_pager_scrolls_by_wrapped_rows_to_the_last_circuit() {
    let program = builtin();
    let plan = plan_text(&program, &Progress::default());
    let last = plan.lines().last().unwrap().trim();
    assert_eq!(last, "Hips up, body in one line.");
    for size in SIZES {
        let width = size.0 as usize - 2;
        let rows = pager::rows(&plan, width);
        assert!(rows.len() >= plan.lines().count());
        for row in &rows {
            assert!(
                ratatui::text::Line::raw(row.as_str()).width() <= width,
                "{row}"
            );
        }
        let mut page = None;
        let buffer = draw(size, |frame| {
            page = Some(pager::render(
                frame,
                "The plan",
                &plan,
                usize::MAX,
                Theme::MONOCHROME,
            ));
        });
        let page = page.unwrap();
        assert_eq!(page.rows, rows.len());
        assert_eq!(page.height, size.1 as usize - 3);
        assert_whole(
            &buffer,
            &["Side plank: 3 × 0:30 hold each side, rest 0:45", last],
        );
    }
}

#[test]
fn a_question_fits_its_box() {
    let mut lines = vec![rtr::coach::flags::question("knee"), String::new()];
    let flags = rtr::coach::flags::red_flags("knee");
    lines.extend(flags.iter().map(|f| format!("  · {}", f.shown)));
    lines.extend([String::new(), "y yes, one or more · n none of these".into()]);
    let typed = ["1… press 0 for 10, or Enter for 1".to_string()];
    for size in SIZES {
        let buffer = draw(size, |frame| {
            prompt::render(frame, "Red flags", &lines, &typed, Theme::MONOCHROME);
        });
        let mut expected: Vec<&str> = lines.iter().map(String::as_str).collect();
        expected.push(&typed[0]);
        assert_whole(&buffer, &expected);
        insta::assert_snapshot!(format!("question_{}x{}", size.0, size.1), text(&buffer));
    }
}
