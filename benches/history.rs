//! The history screen with 100,000 sessions: one page down, one frame.

use chrono::{Duration, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use rtr::coach::light::Light;
use rtr::coach::replay::DecisionKind;
use rtr::program::SessionId;
use rtr::tui::history_screen::{HistoryRow, HistoryState, HistoryView, key, render};
use rtr::tui::theme::Theme;

fn benches(c: &mut Criterion) {
    let start = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
    let rows = (0..100_000u32)
        .map(|i| HistoryRow {
            date: start + Duration::days(i64::from(i) * 2),
            session: SessionId {
                week: i % 10 + 1,
                session: i % 3 + 1,
            },
            run_seconds: 720,
            active_seconds: 2580,
            pains: [Some(0), Some(1), Some((i % 5) as u8), Some(0), Some(0)],
            swelling_or_limp: Some(false),
            light: Some(Light::Green),
            decision: Some(DecisionKind::Advance),
            reason: None,
            red_flags: Vec::new(),
            label: None,
            circuit: None,
            overrides: Vec::new(),
        })
        .collect();
    let view = HistoryView {
        program: "Return to run".into(),
        rows,
        weeks: (1..=10).map(|w| (w, 36 * 60, 2)).collect(),
        amber: 3,
        red: 5,
        warnings: Vec::new(),
    };
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut state = HistoryState::default();
    c.bench_function(
        "history: page down and draw, 100,000 sessions at 80x24",
        |b| {
            b.iter(|| {
                if state.selected + 20 >= view.rows.len() {
                    state.selected = 0;
                }
                key(&mut state, &view, KeyCode::PageDown, 18);
                terminal
                    .draw(|frame| render(frame, &view, &mut state, Theme::DEFAULT))
                    .unwrap();
            })
        },
    );
}

criterion_group!(history, benches);
criterion_main!(history);
