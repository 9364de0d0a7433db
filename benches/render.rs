//! Drawing the session screen at 120×40 as the app does once a second: the
//! clock one second on each frame, the changed cells encoded for a real
//! terminal (crossterm's escapes, into a sink).

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use rtr::program::{SessionId, builtin};
use rtr::tui::app::{App, SessionInfo};
use rtr::tui::session_screen::render;
use rtr::tui::theme::Theme;
use rtr::workout::session_workout;

fn benches(c: &mut Criterion) {
    let program = builtin();
    let id = SessionId {
        week: 3,
        session: 2,
    };
    let mut workout = session_workout(&program, id).unwrap();
    let t0 = Instant::now();
    workout.start(t0);
    workout.advance(t0 + Duration::from_secs(600)); // a run of the main set
    let info = SessionInfo {
        program: program.name.clone(),
        title: "week 3 session 2".into(),
        pain_site: "knee".into(),
        speed_unit: program.speed_unit,
        rehearsal: None,
        red_pain: 5,
        stop_pain: 7,
        own_cadence: None,
        instead: None,
    };
    let app = App::new(workout, info);
    let area = ratatui::layout::Rect::new(0, 0, 120, 40);
    let options = ratatui::TerminalOptions {
        viewport: ratatui::Viewport::Fixed(area),
    };
    let mut terminal =
        Terminal::with_options(CrosstermBackend::new(std::io::sink()), options).unwrap();
    let mut second = 0;
    c.bench_function("session screen frame at 120x40, one second on", |b| {
        b.iter(|| {
            second = (second + 1) % 100;
            let now = t0 + Duration::from_secs(600 + second);
            terminal
                .draw(|frame| render(frame, &app, now, Theme::DEFAULT))
                .unwrap();
        })
    });
}

criterion_group!(render_bench, benches);
criterion_main!(render_bench);
