//! The history, full-screen: every session in a table (Enter for its
//! detail), the pain trend, and run minutes by week with the progression.

use std::io;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::Line;
use ratatui::widgets::{
    Axis, Bar, BarChart, BarGroup, Block, Chart, Dataset, GraphType, Paragraph, Row, Table,
    TableState, Tabs, Wrap,
};

use super::term::Wake;
use super::theme::Theme;
use crate::coach::light::Light;
use crate::coach::replay::DecisionKind;
use crate::program::{SessionId, clock_text};
use crate::workout::Phase;

/// One session, small: a long history is many of these, and only the rows
/// on screen are ever formatted.
#[derive(Debug, Clone)]
pub struct HistoryRow {
    pub date: NaiveDate,
    pub session: SessionId,
    pub run_seconds: u32,
    pub active_seconds: u32,
    /// Before, after the warm-up, worst, after, next morning.
    pub pains: [Option<u8>; 5],
    pub swelling_or_limp: Option<bool>,
    pub light: Option<Light>,
    pub decision: Option<DecisionKind>,
    /// The decision's reason, for the detail.
    pub reason: Option<String>,
    pub red_flags: Vec<String>,
    /// The program, when it is not the one on screen; or what the session
    /// was instead of a run, or that it was off-plan.
    pub label: Option<Box<str>>,
}

impl HistoryRow {
    pub fn worst(&self) -> Option<u8> {
        self.pains[2]
    }

    pub fn morning(&self) -> Option<u8> {
        self.pains[4]
    }

    /// date, session, run / total, pains, swelling or limp, light, decision.
    fn cells(&self) -> [String; 7] {
        let pains: Vec<String> = self
            .pains
            .iter()
            .map(|p| p.map_or("–".to_string(), |p| p.to_string()))
            .collect();
        let swelling = match self.swelling_or_limp {
            Some(true) => "yes",
            Some(false) => "no",
            None => "–",
        };
        let light = match self.light {
            Some(Light::Green) => "● green",
            Some(Light::Amber) => "◐ amber",
            Some(Light::Red) => "○ red",
            None => "–",
        };
        [
            self.date.to_string(),
            match &self.label {
                Some(label) => format!("{} {label}", self.session),
                None => self.session.to_string(),
            },
            format!(
                "{}/{}",
                clock_text(self.run_seconds),
                clock_text(self.active_seconds)
            ),
            pains.join(" "),
            swelling.to_string(),
            light.to_string(),
            self.decision.map_or("–", DecisionKind::word).to_string(),
        ]
    }

    /// ▲ advance, = hold, ▼ step back, ■ stop, for the progression strip.
    fn step(&self) -> &'static str {
        match self.decision {
            Some(DecisionKind::Advance) => "▲",
            Some(DecisionKind::Hold) => "=",
            Some(DecisionKind::Regress) => "▼",
            Some(DecisionKind::Stop) => "■",
            None => "·",
        }
    }
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
    /// The first row on screen.
    pub offset: usize,
    /// The detail of the selected session, while it is open.
    pub detail: Option<Vec<String>>,
}

/// What a key asks of the screen's owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyResult {
    Stay,
    Quit,
    /// Open the detail of this row (oldest first).
    Detail(usize),
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
    let [tabs, body, notes, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(view.warnings.len().min(2) as u16),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    let selected = theme.bold().add_modifier(Modifier::REVERSED);
    frame.render_widget(
        Tabs::new(TABS).select(state.tab).highlight_style(selected),
        tabs,
    );
    let block = Block::bordered().title(format!("rtr · {} · history", view.program));
    if view.rows.is_empty() {
        frame.render_widget(
            Paragraph::new("No sessions recorded yet.").block(block),
            body,
        );
    } else if let Some(detail) = &state.detail {
        let lines: Vec<Line> = detail.iter().map(|l| Line::raw(l.clone())).collect();
        let detail = Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block);
        frame.render_widget(detail, body);
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
    let hint = if state.detail.is_some() {
        "Esc back · q quit"
    } else {
        "Tab or 1–3 views · j/k ↑/↓ PgUp/PgDn g/G move · Enter detail · q quit"
    };
    frame.render_widget(Paragraph::new(hint).style(theme.dim()), keys);
}

fn sessions(
    frame: &mut Frame,
    area: Rect,
    view: &HistoryView,
    state: &mut HistoryState,
    block: Block,
    theme: Theme,
) {
    // Only the rows on screen are built: a long history stays cheap.
    let height = usize::from(area.height.saturating_sub(3)).max(1);
    if state.selected < state.offset {
        state.offset = state.selected;
    } else if state.selected >= state.offset + height {
        state.offset = state.selected + 1 - height;
    }
    let rows = view
        .rows
        .iter()
        .rev()
        .skip(state.offset)
        .take(height)
        .map(|r| Row::new(r.cells()));
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
    let mut table_state = TableState::default().with_selected(Some(state.selected - state.offset));
    frame.render_stateful_widget(table, area, &mut table_state);
}

fn trend(frame: &mut Frame, area: Rect, view: &HistoryView, block: Block, theme: Theme) {
    let points = |pick: fn(&HistoryRow) -> Option<u8>| -> Vec<(f64, f64)> {
        view.rows
            .iter()
            .enumerate()
            .filter_map(|(i, r)| pick(r).map(|p| (i as f64 + 1.0, f64::from(p))))
            .collect()
    };
    let worst = points(HistoryRow::worst);
    let morning = points(HistoryRow::morning);
    let end = view.rows.len().max(2) as f64;
    let line = |pain: u8| [(1.0, f64::from(pain)), (end, f64::from(pain))];
    let (amber, red) = (line(view.amber), line(view.red));
    let datasets = vec![
        Dataset::default()
            .name(format!("amber from {}", view.amber))
            .graph_type(GraphType::Line)
            .marker(Marker::Braille)
            .style(theme.gauge(Phase::Drill))
            .data(&amber),
        Dataset::default()
            .name(format!("red from {}", view.red))
            .graph_type(GraphType::Line)
            .marker(Marker::Braille)
            .style(theme.alert())
            .data(&red),
        Dataset::default()
            .name("• worst during the run")
            .graph_type(GraphType::Line)
            .marker(Marker::Dot)
            .style(theme.bold())
            .data(&worst),
        Dataset::default()
            .name("× next morning")
            .graph_type(GraphType::Scatter)
            .marker(Marker::Block)
            .data(&morning),
    ];
    let sessions = view.rows.len().to_string();
    let chart = Chart::new(datasets)
        .block(block)
        .x_axis(
            Axis::default()
                .title("session")
                .bounds([1.0, end])
                .labels(["1".to_string(), sessions]),
        )
        .y_axis(
            Axis::default()
                .title("pain")
                .bounds([0.0, 10.0])
                .labels(["0", "5", "10"]),
        );
    frame.render_widget(chart, area);
}

fn progress(frame: &mut Frame, area: Rect, view: &HistoryView, block: Block, theme: Theme) {
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
    let chart = BarChart::default()
        .data(BarGroup::default().bars(&group))
        .bar_width(7)
        .bar_gap(1)
        .bar_style(theme.gauge(Phase::Run));
    frame.render_widget(chart, bars);
    // The latest sessions that fit on a line.
    let room = usize::from(strip.width.saturating_sub(12));
    let shown = &view.rows[view.rows.len().saturating_sub(room)..];
    let marks: String = shown.iter().map(HistoryRow::step).collect();
    let first = shown
        .first()
        .map_or(String::new(), |r| r.session.to_string());
    let last = shown
        .last()
        .map_or(String::new(), |r| r.session.to_string());
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

/// Handles a key.
pub fn key(state: &mut HistoryState, view: &HistoryView, code: KeyCode, page: usize) -> KeyResult {
    let last = view.rows.len().saturating_sub(1);
    match code {
        KeyCode::Char('q') => return KeyResult::Quit,
        KeyCode::Esc if state.detail.is_none() => return KeyResult::Quit,
        KeyCode::Esc | KeyCode::Backspace => state.detail = None,
        KeyCode::Tab => state.tab = (state.tab + 1) % TABS.len(),
        KeyCode::Char(c @ '1'..='3') => {
            state.tab = c as usize - '1' as usize;
            state.detail = None;
        }
        KeyCode::Enter if state.tab == 0 && !view.rows.is_empty() => {
            return KeyResult::Detail(last - state.selected.min(last));
        }
        KeyCode::Char('j') | KeyCode::Down => state.selected = (state.selected + 1).min(last),
        KeyCode::Char('k') | KeyCode::Up => state.selected = state.selected.saturating_sub(1),
        KeyCode::PageDown => state.selected = (state.selected + page).min(last),
        KeyCode::PageUp => state.selected = state.selected.saturating_sub(page),
        KeyCode::Char('g') | KeyCode::Home => state.selected = 0,
        KeyCode::Char('G') | KeyCode::End => state.selected = last,
        _ => {}
    }
    KeyResult::Stay
}

/// The screen until q; `detail_of(row)` gives a session's detail when opened.
pub fn run(view: &HistoryView, detail_of: &dyn Fn(usize) -> Vec<String>) -> io::Result<()> {
    let mut term = super::term::open()?;
    let theme = Theme::current();
    let mut state = HistoryState::default();
    loop {
        let mut page = 10;
        term.draw(|frame| {
            page = usize::from(frame.area().height.saturating_sub(6)).max(1);
            render(frame, view, &mut state, theme);
        })?;
        let Some(Wake::Input(Event::Key(k))) = term.next_input(None) else {
            continue;
        };
        if k.kind == KeyEventKind::Release {
            continue;
        }
        if k.modifiers.contains(KeyModifiers::CONTROL) && k.code == KeyCode::Char('c') {
            break;
        }
        match key(&mut state, view, k.code, page) {
            KeyResult::Quit => break,
            KeyResult::Detail(row) => state.detail = Some(detail_of(row)),
            KeyResult::Stay => {}
        }
    }
    Ok(())
}
