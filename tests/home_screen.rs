//! The home screen drawn into a TestBackend: a first day, a rest day after a
//! hold, and a stop.

use chrono::{Duration, NaiveDate};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use rtr::coach::replay::replay;
use rtr::coach::{Fact, RunFacts};
use rtr::program::{SessionId, builtin};
use rtr::tui::home::render;
use rtr::tui::theme::Theme;

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

fn draw(facts: &[Fact], today: NaiveDate, (w, h): (u16, u16)) -> String {
    let program = builtin();
    let view = rtr::cli::home_view(&program, &replay(&program, facts), today);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|frame| render(frame, &view, false, Theme::MONOCHROME))
        .unwrap();
    terminal.backend().to_string()
}

#[test]
fn a_first_day() {
    let screen = draw(&[], monday(), (120, 40));
    assert!(
        screen.contains("Today: 1.1 · 6 × (1:00 run / 4:00 walk) · 43 min"),
        "{screen}"
    );
    insta::assert_snapshot!("first_day_120x40", screen);
    insta::assert_snapshot!("first_day_80x24", draw(&[], monday(), (80, 24)));
}

#[test]
fn a_rest_day_after_a_hold() {
    let facts = [
        run(1, 1, 0, 0),
        run(1, 2, 2, 0),
        run(1, 3, 4, 0),
        run(2, 1, 7, 4),
    ];
    let today = monday() + Duration::days(8);
    let screen = draw(&facts, today, (120, 40));
    assert!(
        screen.contains("Rest day. Next run Wednesday 2 Dec: 2.1"),
        "{screen}"
    );
    assert!(
        screen.contains("Hold at 2.1: worst pain 4/10 during the run (amber: 3–4)."),
        "{screen}"
    );
    assert!(
        screen.contains("Today's prehab: Strength, weeks 1-3"),
        "{screen}"
    );
    assert!(screen.contains("●●● ▶··"), "the strip: {screen}");
    insta::assert_snapshot!("rest_day_120x40", screen);
    insta::assert_snapshot!("rest_day_80x24", draw(&facts, today, (80, 24)));
}

#[test]
fn a_stop_says_to_see_a_physical_therapist() {
    let facts = [run(1, 1, 0, 7)];
    let screen = draw(&facts, monday() + Duration::days(1), (120, 40));
    assert!(screen.contains("The program is stopped."), "{screen}");
    assert!(
        screen.contains("See a physical therapist before you run again."),
        "{screen}"
    );
    assert!(screen.contains("r resume"), "{screen}");
    insta::assert_snapshot!(
        "stopped_80x24",
        draw(&facts, monday() + Duration::days(1), (80, 24))
    );
}
