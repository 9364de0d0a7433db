//! The session screen drawn into a TestBackend, at a normal and a small size.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rtr::program::{SessionId, load_file};
use rtr::tui::app::{App, SessionInfo};
use rtr::tui::session_screen::render;
use rtr::tui::theme::Theme;
use rtr::workout::session_workout;

const SIZES: [(u16, u16); 2] = [(120, 40), (50, 15)];

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

/// Demo session `session`, started at `t0`, with the clock moved to `t0 + at`.
fn demo_app(session: u32, t0: Instant, at: Duration) -> App {
    let program = load_file(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/programs/demo.ron"
    )))
    .unwrap();
    let id = SessionId { week: 1, session };
    let mut workout = session_workout(&program, id).unwrap();
    workout.start(t0);
    workout.advance(t0 + at);
    let info = SessionInfo {
        program: program.name.clone(),
        title: format!(
            "{id} · {}",
            program.session(id).unwrap().name.clone().unwrap()
        ),
        pain_site: program.pain_site.clone(),
        speed_unit: program.speed_unit,
        rehearsal: None,
        red_pain: 5,
        stop_pain: 7,
        own_cadence: None,
        instead: None,
    };
    App::new(workout, info)
}

fn press(app: &mut App, code: KeyCode, now: Instant) {
    app.key(KeyEvent::new(code, KeyModifiers::NONE), now);
}

fn draw(app: &App, now: Instant, (width, height): (u16, u16)) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| render(frame, app, now, Theme::DEFAULT))
        .unwrap();
    terminal.backend().to_string()
}

/// One snapshot per size, named after the state.
fn snapshot(name: &str, app: &App, now: Instant) {
    for size in SIZES {
        let screen = draw(app, now, size);
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), screen);
    }
}

#[test]
fn run_phase() {
    let t0 = Instant::now();
    let app = demo_app(1, t0, Duration::from_millis(27_400));
    let screen = draw(&app, t0 + Duration::from_millis(27_400), (120, 40));
    assert!(
        screen.contains("» RUN · 0:08 left · interval 1 of 2"),
        "{screen}"
    );
    assert!(screen.contains("Treadmill: 8 km/h · 1 % incline"));
    assert!(screen.contains("Next: • WALK 0:15"));
    assert!(screen.contains("1:13 left of 1:40"));
    snapshot("run", &app, t0 + Duration::from_millis(27_400));
}

#[test]
fn walk_phase() {
    let t0 = Instant::now();
    let app = demo_app(1, t0, secs(40));
    snapshot("walk", &app, t0 + secs(40));
}

#[test]
fn paused() {
    let t0 = Instant::now();
    let mut app = demo_app(1, t0, secs(25));
    press(&mut app, KeyCode::Char(' '), t0 + secs(25));
    let screen = draw(&app, t0 + secs(90), (120, 40));
    assert!(screen.contains("PAUSED"), "{screen}");
    assert!(
        screen.contains("0:10 left"),
        "the clock stands still: {screen}"
    );
    assert!(screen.contains("space resume"));
    snapshot("paused", &app, t0 + secs(90));
}

#[test]
fn hold_exercise() {
    let t0 = Instant::now();
    let app = demo_app(2, t0, secs(103));
    let screen = draw(&app, t0 + secs(103), (120, 40));
    assert!(
        screen.contains("■ HOLD Side plank · 0:07 left · set 1 of 2 · left side"),
        "{screen}"
    );
    assert!(screen.contains("Next: ■ HOLD Side plank 0:10 · right side"));
    snapshot("hold", &app, t0 + secs(103));
}

#[test]
fn rest_between_sets() {
    let t0 = Instant::now();
    let app = demo_app(2, t0, secs(122));
    let screen = draw(&app, t0 + secs(122), (120, 40));
    assert!(screen.contains("○ REST · 0:03 left"), "{screen}");
    snapshot("rest", &app, t0 + secs(122));
}

#[test]
fn rep_set() {
    let t0 = Instant::now();
    let app = demo_app(2, t0, secs(150));
    let screen = draw(&app, t0 + secs(150), (120, 40));
    assert!(
        screen.contains("✚ REPS Glute bridge · 5 reps · set 1 of 1"),
        "{screen}"
    );
    assert!(screen.contains("Enter when the set is done."));
    snapshot("reps", &app, t0 + secs(150));
}

#[test]
fn help_overlay() {
    let t0 = Instant::now();
    let mut app = demo_app(1, t0, secs(5));
    press(&mut app, KeyCode::Char('?'), t0 + secs(5));
    let screen = draw(&app, t0 + secs(5), (120, 40));
    for key in [
        "space",
        "skip",
        "back",
        "rep set is done",
        "knee pain",
        "end the session",
    ] {
        assert!(screen.contains(key), "{key}: {screen}");
    }
    snapshot("help", &app, t0 + secs(5));
}

#[test]
fn complete() {
    let t0 = Instant::now();
    let mut app = demo_app(1, t0, secs(25));
    press(&mut app, KeyCode::Char(' '), t0 + secs(25));
    press(&mut app, KeyCode::Char(' '), t0 + secs(37));
    press(&mut app, KeyCode::Char('!'), t0 + secs(40));
    press(&mut app, KeyCode::Char('3'), t0 + secs(40));
    press(&mut app, KeyCode::Char('n'), t0 + secs(41));
    app.workout.advance(t0 + secs(200));
    let screen = draw(&app, t0 + secs(200), (120, 40));
    assert!(screen.contains("Session complete"), "{screen}");
    assert!(screen.contains("Done: 5 of 6 steps"), "{screen}");
    assert!(screen.contains("Skipped: 1"));
    assert!(screen.contains("Paused: 0:12 in 1 pause"));
    assert!(
        screen.contains("Pain reported: 3/10 at 0:28 (run)"),
        "{screen}"
    );
    snapshot("complete", &app, t0 + secs(200));
}

#[test]
fn pain_at_the_red_line_offers_to_end_and_ending_says_why() {
    let t0 = Instant::now();
    let mut app = demo_app(1, t0, secs(25));
    press(&mut app, KeyCode::Char('!'), t0 + secs(25));
    press(&mut app, KeyCode::Char('1'), t0 + secs(25));
    press(&mut app, KeyCode::Char('0'), t0 + secs(25));
    let screen = draw(&app, t0 + secs(25), (120, 40));
    assert!(
        screen.contains("Pain 10/10 is at the stop line (7/10)"),
        "{screen}"
    );
    assert!(screen.contains("See a physical therapist before you run again."));
    press(&mut app, KeyCode::Char('e'), t0 + secs(26));
    let screen = draw(&app, t0 + secs(26), (120, 40));
    assert!(screen.contains("Session ended early (pain)"), "{screen}");
    assert!(screen.contains("not reached: 5"), "{screen}");
}

#[test]
fn a_tiny_terminal_gets_a_plain_message() {
    let t0 = Instant::now();
    let app = demo_app(1, t0, secs(5));
    let screen = draw(&app, t0, (29, 9));
    assert!(screen.contains("Enlarge the terminal"), "{screen}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn no_size_from_1x1_up_panics(
        width in 1u16..200,
        height in 1u16..70,
        at in 0u64..200,
        overlay in 0usize..4,
    ) {
        let t0 = Instant::now();
        let mut app = demo_app(2, t0, secs(at));
        let now = t0 + secs(at);
        match overlay {
            1 => press(&mut app, KeyCode::Char('?'), now),
            2 => press(&mut app, KeyCode::Char('q'), now),
            3 => press(&mut app, KeyCode::Char(' '), now),
            _ => {}
        }
        draw(&app, now, (width, height));
    }
}

#[test]
fn a_pain_report_during_the_warm_up_question_goes_to_the_report() {
    let t0 = Instant::now();
    let readiness = rtr::tui::app::Readiness {
        rules: Default::default(),
        usual: None,
        circuit: None,
    };
    let mut app = demo_app(1, t0, secs(0)).with_questions(readiness);
    app.workout = {
        let program = load_file(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/programs/demo.ron"
        )))
        .unwrap();
        session_workout(
            &program,
            SessionId {
                week: 1,
                session: 1,
            },
        )
        .unwrap()
    };
    let events = app.begin(t0);
    assert!(events.is_empty(), "a real session asks first");
    press(&mut app, KeyCode::Char('0'), t0);
    press(&mut app, KeyCode::Char('n'), t0 + secs(1));
    let events = app.workout.advance(t0 + secs(1));
    app.observe(&events, t0 + secs(1));
    app.observe(&[rtr::workout::Event::PhaseChanged(1)], t0 + secs(1));
    let screen = draw(&app, t0 + secs(1), (120, 40));
    assert!(screen.contains("Warm-up done"), "{screen}");
    for key in ['!', '1', '0'] {
        press(&mut app, KeyCode::Char(key), t0 + secs(2));
    }
    assert_eq!(app.workout.pain_reports().last().map(|r| r.pain), Some(10));
    assert_eq!(app.questions.as_ref().unwrap().answers.after_warmup, None);
}

#[test]
fn the_metronome_beats_through_a_run_at_real_speed_and_m_turns_it_off() {
    let t0 = Instant::now();
    let at = Duration::from_millis(27_400);
    let mut app = demo_app(1, t0, at);
    let now = t0 + at;
    assert!(app.sync_metronome(now), "a run with a target starts it");
    let beat = app.metronome.expect("a beat");
    assert_eq!(
        (beat.spm(), beat.anchor()),
        (170, t0 + secs(20)),
        "from the run's start"
    );
    assert!(
        !app.sync_metronome(now + secs(1)),
        "steady while the run goes on"
    );
    snapshot("run_with_beat", &app, now);
    let dots = |screen: &str| screen.contains("● ○");
    let first = draw(&app, now, (120, 40));
    let second = draw(&app, beat.next(now), (120, 40));
    assert_ne!(dots(&first), dots(&second), "the dots swap on every step");

    press(&mut app, KeyCode::Char(' '), now);
    assert!(
        app.sync_metronome(now) && app.metronome.is_none(),
        "paused: no beat"
    );
    press(&mut app, KeyCode::Char(' '), now + secs(4));
    assert!(app.sync_metronome(now + secs(4)));
    assert_eq!(
        app.metronome.unwrap().anchor(),
        t0 + secs(24),
        "moved on by the pause"
    );

    press(&mut app, KeyCode::Char('m'), now + secs(5));
    assert!(app.sync_metronome(now + secs(5)) && app.metronome.is_none());
    let off = draw(&app, now + secs(5), (120, 40));
    assert!(
        off.contains("Cadence: 170 steps a minute · m: beat"),
        "{off}"
    );
    assert!(off.contains("Metronome off; m turns it back on."), "{off}");

    let mut walking = demo_app(1, t0, secs(5));
    assert!(!walking.sync_metronome(t0 + secs(5)), "a walk has no beat");
    let mut rehearsal = demo_app(1, t0, at);
    rehearsal.info.rehearsal = Some(10);
    assert!(!rehearsal.sync_metronome(now), "no beat ten times too fast");
}

#[test]
fn a_target_above_an_unknown_cadence_says_how_to_set_it() {
    let t0 = Instant::now();
    let at = Duration::from_millis(27_400);
    let mut app = demo_app(1, t0, at);
    let index = app.workout.index();
    let mut steps = app.workout.steps().to_vec();
    steps[index].cadence = Some(rtr::program::Cadence::Raise(5.0));
    let screen_for = |app: &App| draw(app, t0 + at, (120, 40));
    let mut workout =
        rtr::workout::Workout::new(steps, rtr::workout::PainThresholds { red: 5, stop: 7 });
    workout.start(t0);
    workout.advance(t0 + at);
    app.workout = workout;
    let screen = screen_for(&app);
    assert!(
        screen.contains("Cadence: +5% above your own (rtr cadence SPM sets yours)"),
        "{screen}"
    );
    app.info.own_cadence = Some(160);
    let screen = screen_for(&app);
    assert!(
        screen.contains("Cadence: 168 steps a minute (+5%)"),
        "{screen}"
    );
}

#[test]
fn each_theme_colours_the_phase_its_own_way() {
    use ratatui::style::{Color, Modifier};
    use rtr::tui::theme::ThemeName;
    let t0 = Instant::now();
    let at = Duration::from_millis(27_400);
    let app = demo_app(1, t0, at);
    let phase_cell = |name: ThemeName| {
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        terminal
            .draw(|frame| render(frame, &app, t0 + at, Theme { name }))
            .unwrap();
        let buffer = terminal.backend().buffer().clone();
        let line = (0..40)
            .find(|&y| (0..120).any(|x| buffer[(x, y)].symbol() == "»"))
            .expect("the phase line");
        let x = (0..120)
            .find(|&x| buffer[(x, line)].symbol() == "»")
            .unwrap();
        let cell = &buffer[(x, line)];
        (cell.fg, cell.bg, cell.modifier.contains(Modifier::BOLD))
    };
    assert_eq!(
        phase_cell(ThemeName::Default),
        (Color::LightRed, Color::Reset, true)
    );
    assert_eq!(
        phase_cell(ThemeName::HighContrast),
        (Color::LightRed, Color::Black, true)
    );
    assert_eq!(
        phase_cell(ThemeName::Monochrome),
        (Color::Reset, Color::Reset, true)
    );
}
