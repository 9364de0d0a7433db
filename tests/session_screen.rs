//! The session screen drawn into a TestBackend at 120×40, 80×24 and 60×18:
//! every state and panel, and no panel ever over the digits while the clock
//! runs.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rtr::program::{SessionId, load_file};
use rtr::tui::app::{App, SessionInfo};
use rtr::tui::session_screen::{layout, panel, render};
use rtr::tui::theme::Theme;
use rtr::workout::session_workout;

const SIZES: [(u16, u16); 3] = [(120, 40), (80, 24), (60, 18)];

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
    // The circuit starts at 1:40 with 0:05 to get ready.
    let app = demo_app(2, t0, secs(108));
    let screen = draw(&app, t0 + secs(108), (120, 40));
    assert!(
        screen.contains("■ HOLD Side plank · 0:07 left · set 1 of 2 · left side"),
        "{screen}"
    );
    assert!(screen.contains("Next: ◎ SWITCH SIDES 0:05"), "{screen}");
    snapshot("hold", &app, t0 + secs(108));
}

#[test]
fn rest_between_sets() {
    let t0 = Instant::now();
    let app = demo_app(2, t0, secs(132));
    let screen = draw(&app, t0 + secs(132), (120, 40));
    assert!(screen.contains("○ REST · 0:03 left"), "{screen}");
    snapshot("rest", &app, t0 + secs(132));
}

#[test]
fn rep_set() {
    let t0 = Instant::now();
    let mut app = demo_app(2, t0, secs(166));
    let now = t0 + secs(166);
    let screen = draw(&app, now, (120, 40));
    assert!(
        screen.contains("✚ REPS Glute bridge · 5 reps · set 1 of 1"),
        "{screen}"
    );
    assert!(screen.contains("Enter done · space pause"), "{screen}");
    snapshot("reps", &app, now);
    // A notice never takes the place of "Enter = done": it is big letters.
    app.status = Some("Pain 4/10 noted at 2:40.".into());
    let with_notice = draw(&app, now, (120, 40));
    assert!(with_notice.contains("Pain 4/10 noted"), "{with_notice}");
    let big_rows = |screen: &str| screen.lines().filter(|l| l.contains('▀')).count();
    assert_eq!(
        big_rows(&with_notice),
        big_rows(&screen),
        "the big 'Enter = done' stays: {with_notice}"
    );
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
        "rep set done",
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

/// The demo session `session` as a real one: with its pain questions.
fn real_app(session: u32, t0: Instant) -> App {
    let readiness = rtr::tui::app::Readiness {
        rules: Default::default(),
        usual: None,
        circuit: None,
    };
    let program = load_file(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/programs/demo.ron"
    )))
    .unwrap();
    let mut app = demo_app(session, t0, secs(0)).with_questions(readiness);
    app.workout = session_workout(&program, SessionId { week: 1, session }).unwrap();
    app
}

/// Moves a real session's clock on, as the session loop does.
fn tick(app: &mut App, now: Instant) {
    let events = app.workout.advance(now);
    app.ask_when_due(now);
    app.observe(&events, now);
}

/// Border characters of a panel.
const BORDERS: [&str; 6] = ["│", "─", "┌", "┐", "└", "┘"];

/// While the clock runs, a panel has its own band: the digits are drawn
/// whole (some big letters in their place) and no border crosses them.
fn assert_digits_clear(app: &App, now: Instant, what: &str) {
    assert!(
        !app.workout.is_paused() && app.workout.is_started() && !app.workout.is_finished(),
        "{what}: the clock must run for this check"
    );
    let theme = Theme::DEFAULT;
    for (width, height) in SIZES {
        let area = ratatui::layout::Rect::new(0, 0, width, height);
        let open = panel(app, now, theme).unwrap_or_else(|| panel_missing(what));
        let place = layout(area, app, now, Some(&open));
        let band = place.panel.expect("a band for the panel");
        assert!(
            place.digits.height > 0,
            "{what} {width}×{height}: no digits"
        );
        assert!(
            !band.intersects(place.digits) && !band.intersects(place.word),
            "{what} {width}×{height}: the panel {band:?} covers the digits {:?}",
            place.digits
        );
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal
            .draw(|frame| render(frame, app, now, theme))
            .unwrap();
        let buffer = terminal.backend().buffer();
        let digits = place.digits;
        let mut inked = 0;
        for y in digits.top()..digits.bottom() {
            for x in digits.left()..digits.right() {
                let symbol = buffer[(x, y)].symbol();
                assert!(
                    !BORDERS.contains(&symbol),
                    "{what} {width}×{height}: a border over the digits at {x},{y}"
                );
                inked += usize::from(symbol.trim() != "");
            }
        }
        assert!(
            inked > 0,
            "{what} {width}×{height}: the digits are not drawn"
        );
    }
}

fn panel_missing(what: &str) -> ! {
    panic!("{what}: no panel is open")
}

#[test]
fn the_warm_up_question_comes_in_its_last_seconds_clear_of_the_digits() {
    let t0 = Instant::now();
    let mut app = real_app(1, t0);
    app.begin(t0);
    assert!(draw(&app, t0, (120, 40)).contains("Before you start"));
    snapshot("question_before", &app, t0);
    press(&mut app, KeyCode::Char('1'), t0);
    press(&mut app, KeyCode::Enter, t0);
    // The demo's warm-up is 0:20: asked in its second half, not before.
    tick(&mut app, t0 + secs(9));
    assert!(!draw(&app, t0 + secs(9), (120, 40)).contains("Warm-up done"));
    tick(&mut app, t0 + secs(10));
    let now = t0 + secs(10);
    let screen = draw(&app, now, (120, 40));
    assert!(screen.contains("Warm-up done"), "{screen}");
    assert!(screen.contains("• WALK · 0:10 left · warm-up"), "{screen}");
    assert_digits_clear(&app, now, "the warm-up question");
    snapshot("question_warm_up", &app, now);
    press(&mut app, KeyCode::Char('2'), now + secs(1));
    assert_eq!(
        app.questions.as_ref().unwrap().answers.after_warmup,
        Some(2)
    );
    tick(&mut app, t0 + secs(21));
    assert!(
        !draw(&app, t0 + secs(21), (120, 40)).contains("Warm-up done"),
        "asked once"
    );
}

#[test]
fn quit_and_red_line_panels_leave_the_digits_clear() {
    let t0 = Instant::now();
    let now = t0 + secs(25);
    let mut app = demo_app(1, t0, secs(25));
    press(&mut app, KeyCode::Char('q'), now);
    assert!(draw(&app, now, (120, 40)).contains("End the session?"));
    assert_digits_clear(&app, now, "the quit question");
    snapshot("quit", &app, now);

    let mut app = demo_app(1, t0, secs(25));
    press(&mut app, KeyCode::Char('!'), now);
    assert_digits_clear(&app, now, "the pain question");
    press(&mut app, KeyCode::Char('5'), now);
    let screen = draw(&app, now, (120, 40));
    assert!(
        screen.contains("Pain 5/10 is at or above the red line"),
        "{screen}"
    );
    assert_digits_clear(&app, now, "the red line");
    snapshot("red_line", &app, now);

    let mut app = demo_app(1, t0, secs(5));
    press(&mut app, KeyCode::Char('?'), t0 + secs(5));
    assert_digits_clear(&app, t0 + secs(5), "the keys");
}

#[test]
fn the_last_seconds_say_what_comes_next_in_big_letters() {
    let t0 = Instant::now();
    let app = demo_app(1, t0, Duration::from_millis(17_500));
    let now = t0 + Duration::from_millis(17_500);
    let screen = draw(&app, now, (120, 40));
    let words: String = draw(&app, t0 + secs(12), (120, 40));
    assert_ne!(screen, words);
    snapshot("countdown", &app, now);
    // The digits change style: the next phase's colour, reversed.
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal
        .draw(|frame| render(frame, &app, now, Theme::MONOCHROME))
        .unwrap();
    let area = ratatui::layout::Rect::new(0, 0, 120, 40);
    let digits = layout(area, &app, now, None).digits;
    let buffer = terminal.backend().buffer();
    let reversed = (digits.left()..digits.right())
        .flat_map(|x| (digits.top()..digits.bottom()).map(move |y| (x, y)))
        .any(|cell| {
            buffer[cell]
                .modifier
                .contains(ratatui::style::Modifier::REVERSED)
        });
    assert!(reversed, "the 3-2-1 digits are reversed, colour or not");
    // "RUN in 3" in big letters: the word is drawn, not the walk's.
    let before = draw(&demo_app(1, t0, secs(12)), t0 + secs(12), (120, 40));
    assert_ne!(
        first_big_row(&screen),
        first_big_row(&before),
        "the big word changes: {screen}"
    );
}

/// The first row of big letters on the screen.
fn first_big_row(screen: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains('█') || l.contains('▀'))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_circuit_gives_time_to_get_ready_and_to_switch_sides() {
    let t0 = Instant::now();
    let app = demo_app(2, t0, secs(101));
    let screen = draw(&app, t0 + secs(101), (120, 40));
    assert!(screen.contains("◎ GET READY · 0:04 left"), "{screen}");
    assert!(
        screen.contains("Next: ■ HOLD Side plank 0:10 · left side"),
        "{screen}"
    );
    snapshot("circuit_get_ready", &app, t0 + secs(101));

    let app = demo_app(2, t0, secs(116));
    let screen = draw(&app, t0 + secs(116), (120, 40));
    assert!(screen.contains("◎ SWITCH SIDES · 0:04 left"), "{screen}");
    assert!(
        screen.contains("Next: ■ HOLD Side plank 0:10 · right side"),
        "{screen}"
    );
    snapshot("circuit_switch_sides", &app, t0 + secs(116));
}

#[test]
fn an_exercise_that_hurts_is_said_to_be_flagged() {
    let t0 = Instant::now();
    let now = t0 + secs(108);
    let mut app = real_app(2, t0);
    app.begin(t0);
    press(&mut app, KeyCode::Char('0'), t0);
    app.questions.as_mut().unwrap().asking = None;
    tick(&mut app, now);
    app.questions.as_mut().unwrap().asking = None;
    press(&mut app, KeyCode::Char('!'), now);
    press(&mut app, KeyCode::Char('3'), now);
    let screen = draw(&app, now, (120, 40));
    assert!(
        screen.contains("Side plank flagged: easier next time."),
        "{screen}"
    );
    press(&mut app, KeyCode::Char('!'), now);
    press(&mut app, KeyCode::Char('2'), now);
    let screen = draw(&app, now, (120, 40));
    assert!(screen.contains("Pain 2/10 noted"), "{screen}");
    assert!(!screen.contains("flagged"), "below amber: {screen}");
}

#[test]
fn the_summary_keeps_the_coach_s_decision() {
    let t0 = Instant::now();
    let mut app = demo_app(1, t0, secs(200));
    app.coach_words.push(
        "Move on to 1.2: all 2 runs done, worst pain 1/10 (green: 0–2). Next run: 1.2, Thursday 3 Dec at the earliest."
            .into(),
    );
    let screen = draw(&app, t0 + secs(200), (120, 40));
    assert!(screen.contains("The coach: Move on to 1.2"), "{screen}");
    assert!(screen.contains("Thursday 3 Dec"), "{screen}");
    snapshot("complete_with_decision", &app, t0 + secs(200));
}

#[test]
fn no_run_today_and_the_stop_line_at_every_size() {
    let t0 = Instant::now();
    let mut app = real_app(1, t0);
    app.begin(t0);
    press(&mut app, KeyCode::Char('7'), t0);
    let screen = draw(&app, t0, (120, 40));
    assert!(screen.contains("No run today"), "{screen}");
    assert!(screen.contains("w  a walk instead"), "{screen}");
    snapshot("no_run_today", &app, t0);

    let now = t0 + secs(25);
    let mut app = demo_app(1, t0, secs(25));
    press(&mut app, KeyCode::Char('!'), now);
    press(&mut app, KeyCode::Char('8'), now);
    let screen = draw(&app, now, (60, 18));
    assert!(
        screen.contains("See a physical therapist before you run again."),
        "{screen}"
    );
    assert_digits_clear(&app, now, "the stop line");
    snapshot("stop_line", &app, now);
}
