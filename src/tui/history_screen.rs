//! The history, full-screen: every session in a table (Enter for its
//! detail), the pain trend, and run minutes by week with the progression.

use std::io;

use ratatui::Frame;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::Line;
use ratatui::widgets::{
    Axis, Bar, BarChart, BarGroup, Block, Chart, Dataset, GraphType, Paragraph, Row, Table,
    TableState, Tabs, Wrap,
};

use super::theme::Theme;

/// One session, ready to show.
#[derive(Debug, Clone, Default)]
pub struct HistoryRow {
    /// date, session, run / total, the pains (before, after the warm-up,
    /// worst, after, next morning), swelling or limp, light, decision.
    pub cells: Vec<String>,
    pub worst: Option<u8>,
    pub morning: Option<u8>,
    /// Every line of the detail view.
    pub detail: Vec<String>,
    /// ▲ advance, = hold, ▼ step back, ■ stop, for the progression strip.
    pub step: Option<&'static str>,
    pub session: String,
}

#[derive(Debug, Clone, Default)]
pub struct HistoryView {
    pub program: String,
    /// Oldest first.
    pub rows: Vec<HistoryRow>,
    /// (week, run minutes, worst pain) by week of the program.
    pub weeks: Vec<(u32, u32, u8)>,
    pub amber: u8,
    pub red: u8,
    /// Journal lines that could not be read, to say so.
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct HistoryState {
    pub tab: usize,
    /// Index into the table, newest first.
    pub selected: usize,
    pub detail: bool,
}

const TABS: [&str; 3] = ["1 Sessions", "2 Pain trend", "3 Run minutes and progress"];
const HEADER: [&str; 7] = [
    "date",
    "session",
    "run/total",
    "b w W a m",
    "swell",
    "light",
    "decision",
];

pub fn render(frame: &mut Frame, view: &HistoryView, state: &mut HistoryState, theme: Theme) {
    let area = frame.area();
    let [tabs, body, notes, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(view.warnings.len().min(2) as u16),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(
        Tabs::new(TABS)
            .select(state.tab)
            .highlight_style(theme.bold().add_modifier(Modifier::REVERSED)),
        tabs,
    );
    let title = format!("rtr · {} · history", view.program);
    let block = Block::bordered().title(title);
    if view.rows.is_empty() {
        let empty = Paragraph::new("No sessions recorded yet.").block(block);
        frame.render_widget(empty, body);
    } else if state.detail {
        let row = &view.rows[view.rows.len() - 1 - state.selected.min(view.rows.len() - 1)];
        let lines: Vec<Line> = row.detail.iter().map(|l| Line::raw(l.clone())).collect();
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(block),
            body,
        );
    } else {
        match state.tab {
            0 => sessions(frame, body, view, state, block, theme),
            1 => trend(frame, body, view, block, theme),
            _ => progress(frame, body, view, block, theme),
        }
    }
    let warnings: Vec<Line> = view
        .warnings
        .iter()
        .map(|w| Line::styled(w.clone(), theme.alert()))
        .collect();
    frame.render_widget(Paragraph::new(warnings), notes);
    let hint = if state.detail {
        "Esc back · q quit"
    } else {
        "Tab or 1–3 views · j/k ↑/↓ PgUp/PgDn g/G move · Enter detail · q quit"
    };
    frame.render_widget(Paragraph::new(hint).style(theme.dim()), keys);
}

fn sessions(
    frame: &mut Frame,
    area: ratatui::layout::Rect,
    view: &HistoryView,
    state: &HistoryState,
    block: Block,
    theme: Theme,
) {
    let rows = view.rows.iter().rev().map(|r| Row::new(r.cells.clone()));
    let widths = [
        Constraint::Length(10),
        Constraint::Length(7),
        Constraint::Length(11),
        Constraint::Length(11),
        Constraint::Length(5),
        Constraint::Length(8),
        Constraint::Min(8),
    ];
    let table = Table::new(rows, widths)
        .header(Row::new(HEADER).style(theme.bold()))
        .row_highlight_style(Style::new().add_modifier(Modifier::REVERSED))
        .block(block);
    let mut table_state = TableState::default().with_selected(Some(state.selected));
    frame.render_stateful_widget(table, area, &mut table_state);
}

fn trend(
    frame: &mut Frame,
    area: ratatui::layout::Rect,
    view: &HistoryView,
    block: Block,
    theme: Theme,
) {
    let points = |pick: fn(&HistoryRow) -> Option<u8>| -> Vec<(f64, f64)> {
        view.rows
            .iter()
            .enumerate()
            .filter_map(|(i, r)| pick(r).map(|p| (i as f64 + 1.0, f64::from(p))))
            .collect()
    };
    let worst = points(|r| r.worst);
    let morning = points(|r| r.morning);
    let end = view.rows.len().max(2) as f64;
    let amber = [(1.0, f64::from(view.amber)), (end, f64::from(view.amber))];
    let red = [(1.0, f64::from(view.red)), (end, f64::from(view.red))];
    let datasets = vec![
        Dataset::default()
            .name(format!("amber from {}", view.amber))
            .graph_type(GraphType::Line)
            .marker(Marker::Braille)
            .style(theme.gauge(crate::workout::Phase::Drill))
            .data(&amber),
        Dataset::default()
            .name(format!("red from {}", view.red))
            .graph_type(GraphType::Line)
            .marker(Marker::Braille)
            .style(theme.alert())
            .data(&red),
        Dataset::default()
            .name("• worst during the run")
            .marker(Marker::Dot)
            .graph_type(GraphType::Line)
            .style(theme.bold())
            .data(&worst),
        Dataset::default()
            .name("× next morning")
            .marker(Marker::Block)
            .graph_type(GraphType::Scatter)
            .data(&morning),
    ];
    let chart = Chart::new(datasets)
        .block(block)
        .x_axis(
            Axis::default()
                .title("session")
                .bounds([1.0, end])
                .labels(["1".to_string(), format!("{}", view.rows.len())]),
        )
        .y_axis(
            Axis::default()
                .title("pain")
                .bounds([0.0, 10.0])
                .labels(["0", "5", "10"]),
        );
    frame.render_widget(chart, area);
}

fn progress(
    frame: &mut Frame,
    area: ratatui::layout::Rect,
    view: &HistoryView,
    block: Block,
    theme: Theme,
) {
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [bars, strip] = Layout::vertical([Constraint::Min(0), Constraint::Length(5)]).areas(inner);
    let group: Vec<Bar> = view
        .weeks
        .iter()
        .map(|(week, minutes, worst)| {
            Bar::default()
                .value(u64::from(*minutes))
                .label(Line::raw(format!("w{week}")))
                .text_value(format!("{minutes}′ p{worst}"))
        })
        .collect();
    frame.render_widget(
        BarChart::default()
            .data(BarGroup::default().bars(&group))
            .bar_width(7)
            .bar_gap(1)
            .bar_style(theme.gauge(crate::workout::Phase::Run)),
        bars,
    );
    let marks: String = view.rows.iter().map(|r| r.step.unwrap_or("·")).collect();
    let first = view
        .rows
        .first()
        .map_or(String::new(), |r| r.session.clone());
    let last = view
        .rows
        .last()
        .map_or(String::new(), |r| r.session.clone());
    let lines = vec![
        Line::raw(
            "Run minutes by week (′) with the week's worst pain (p). Progression, session by session:",
        ),
        Line::raw(format!("{first} {marks} {last}")),
        Line::styled(
            "▲ advance  = hold  ▼ step back  ■ stop  · no answers",
            theme.dim(),
        ),
        Line::styled(
            "Pain (b w W a m): before, after the warm-up, worst, after, next morning",
            theme.dim(),
        ),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), strip);
}

/// Handles a key; false when the screen should close.
pub fn key(state: &mut HistoryState, view: &HistoryView, code: KeyCode, page: usize) -> bool {
    let last = view.rows.len().saturating_sub(1);
    match code {
        KeyCode::Char('q') => return false,
        KeyCode::Esc if !state.detail => return false,
        KeyCode::Esc | KeyCode::Backspace => state.detail = false,
        KeyCode::Tab => state.tab = (state.tab + 1) % TABS.len(),
        KeyCode::Char(c @ '1'..='3') => {
            state.tab = c as usize - '1' as usize;
            state.detail = false;
        }
        KeyCode::Enter if state.tab == 0 && !view.rows.is_empty() => state.detail = true,
        KeyCode::Char('j') | KeyCode::Down => state.selected = (state.selected + 1).min(last),
        KeyCode::Char('k') | KeyCode::Up => state.selected = state.selected.saturating_sub(1),
        KeyCode::PageDown => state.selected = (state.selected + page).min(last),
        KeyCode::PageUp => state.selected = state.selected.saturating_sub(page),
        KeyCode::Char('g') | KeyCode::Home => state.selected = 0,
        KeyCode::Char('G') | KeyCode::End => state.selected = last,
        _ => {}
    }
    true
}

pub fn run(view: &HistoryView) -> io::Result<()> {
    let mut terminal = ratatui::try_init()?;
    let theme = Theme::from_env();
    let mut state = HistoryState::default();
    loop {
        let mut page = 10;
        terminal.draw(|frame| {
            page = usize::from(frame.area().height.saturating_sub(6)).max(1);
            render(frame, view, &mut state, theme);
        })?;
        let Event::Key(k) = event::read()? else {
            continue;
        };
        if k.kind == KeyEventKind::Release {
            continue;
        }
        let ctrl_c = k.modifiers.contains(KeyModifiers::CONTROL) && k.code == KeyCode::Char('c');
        if ctrl_c || !key(&mut state, view, k.code, page) {
            break;
        }
    }
    super::restore();
    Ok(())
}
