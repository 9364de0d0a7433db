//! The history, full-screen: every session in a table (Enter for its
//! detail), the pain trend, and run time by week with the progression.
//! Every view says what its letters and marks mean, and the keys it takes,
//! wrapped to the screen's width so that nothing is cut.

use std::io;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Axis, Bar, BarChart, BarGroup, Block, Cell, Chart, Dataset, GraphType, Paragraph, Row, Table,
    TableState, Tabs, Wrap,
};

use super::term::Wake;
use super::theme::{Theme, ThemeName};
use crate::coach::light::Light;
use crate::coach::records::OverrideRecord;
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
    /// The rating after the session's circuit, with the highest `!` report
    /// during it, when they were recorded.
    pub circuit: Option<(u8, Option<u8>)>,
    /// The runner's choices against the coach's word before this session:
    /// a start on a rest day, a run the ready check advised against.
    pub overrides: Vec<OverrideRecord>,
}

impl HistoryRow {
    pub fn worst(&self) -> Option<u8> {
        self.pains[2]
    }

    pub fn morning(&self) -> Option<u8> {
        self.pains[4]
    }

    /// date, session, run / total, pains, swelling or limp, light, decision;
    /// on a narrow screen the date short ("17 Oct") and the run alone.
    fn cells(&self, narrow: bool) -> [String; 7] {
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
        [
            if narrow {
                self.date.format("%-d %b").to_string()
            } else {
                self.date.to_string()
            },
            match &self.label {
                Some(label) => format!("{} {label}", self.session),
                None => self.session.to_string(),
            },
            if narrow {
                clock_text(self.run_seconds)
            } else {
                format!(
                    "{}/{}",
                    clock_text(self.run_seconds),
                    clock_text(self.active_seconds)
                )
            },
            pains.join(" "),
            swelling.to_string(),
            light_text(self.light).to_string(),
            self.decision.map_or("–", DecisionKind::word).to_string(),
        ]
    }

    /// ▲ advance, = hold, ▼ step back, ■ stop, – none, for the progression
    /// strip.
    fn step(&self) -> &'static str {
        match self.decision {
            Some(DecisionKind::Advance) => "▲",
            Some(DecisionKind::Hold) => "=",
            Some(DecisionKind::Regress) => "▼",
            Some(DecisionKind::Stop) => "■",
            None => "–",
        }
    }
}

/// The light as a symbol and a word: it never rests on colour alone.
fn light_text(light: Option<Light>) -> &'static str {
    match light {
        Some(Light::Green) => "● green",
        Some(Light::Amber) => "◐ amber",
        Some(Light::Red) => "○ red",
        None => "–",
    }
}

/// The light's colour beside its word; none in the monochrome theme (which
/// NO_COLOR chooses).
fn light_style(light: Option<Light>, theme: Theme) -> Style {
    let color = match light {
        Some(Light::Green) => Color::Green,
        Some(Light::Amber) => Color::Yellow,
        Some(Light::Red) => Color::Red,
        None => return Style::new(),
    };
    match theme.name {
        ThemeName::Monochrome => Style::new(),
        ThemeName::HighContrast => Style::new().fg(color).add_modifier(Modifier::BOLD),
        ThemeName::Default => Style::new().fg(color),
    }
}

#[derive(Debug, Clone, Default)]
pub struct HistoryView {
    pub program: String,
    /// Oldest first.
    pub rows: Vec<HistoryRow>,
    /// (week, run seconds, worst pain) by week of the program.
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
    /// The detail's first line on screen.
    pub scroll: u16,
}

/// What a key asks of the screen's owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyResult {
    Stay,
    /// Leave the history: back to where it was opened from.
    Quit,
    /// Open the detail of this row (oldest first).
    Detail(usize),
}

const TABS: [&str; 3] = ["1 Sessions", "2 Pain trend", "3 Run time and progress"];
const HEADER: [&str; 7] = [
    "date",
    "session",
    "run/total",
    "b w W a m",
    "swell",
    "light",
    "decision",
];
/// The widths of the columns but the session's, which has what is left:
/// full, and on a narrow screen (the date short, the run time alone).
const FULL: [u16; 6] = [10, 11, 9, 5, 8, 8];
const NARROW: [u16; 6] = [6, 7, 9, 5, 8, 8];

const VIEW_KEYS: [(&str, &str); 2] = [("Tab 1–3", "views"), ("q Esc", "back")];
const LIST_KEYS: [(&str, &str); 6] = [
    ("↑↓ j k", "move"),
    ("PgUp PgDn", "page"),
    ("g G", "first, last"),
    ("Enter", "detail"),
    VIEW_KEYS[0],
    VIEW_KEYS[1],
];
const DETAIL_KEYS: [(&str, &str); 3] = [
    ("↑↓ PgUp PgDn", "scroll"),
    VIEW_KEYS[0],
    ("q Esc", "back to the list"),
];

pub fn render(frame: &mut Frame, view: &HistoryView, state: &mut HistoryState, theme: Theme) {
    let width = frame.area().width;
    let keys = if state.detail.is_some() {
        &DETAIL_KEYS[..]
    } else if state.tab == 0 && !view.rows.is_empty() {
        &LIST_KEYS[..]
    } else {
        &VIEW_KEYS[..]
    };
    let keys = legend("", keys, width, theme);
    let [tabs, body, notes, keys_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(view.warnings.len().min(2) as u16),
        Constraint::Length(keys.len() as u16),
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
            .scroll((state.scroll, 0))
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
    frame.render_widget(Paragraph::new(warnings).wrap(Wrap { trim: false }), notes);
    frame.render_widget(Paragraph::new(keys), keys_area);
}

/// "key word · key word", after `lead`, broken between items to `width`
/// so that no word is cut: the keys of a view, or what its marks mean.
fn legend(lead: &str, items: &[(&str, &str)], width: u16, theme: Theme) -> Vec<Line<'static>> {
    let width = usize::from(width);
    let mut lines = Vec::new();
    let mut line = Line::raw(lead.to_string());
    for (key, word) in items {
        let item = Line::from(vec![
            Span::styled(key.to_string(), theme.bold()),
            Span::raw(format!(" {word}")),
        ]);
        let gap = match line.width() {
            0 => "",
            _ if line.spans.len() == 1 && !lead.is_empty() => " ",
            _ => " · ",
        };
        if line.width() > 0 && line.width() + gap.chars().count() + item.width() > width {
            lines.push(std::mem::take(&mut line));
        } else if !gap.is_empty() {
            line.push_span(Span::styled(gap, theme.dim()));
        }
        line.extend(item.spans);
    }
    if line.width() > 0 {
        lines.push(line);
    }
    lines
}

fn sessions(
    frame: &mut Frame,
    area: Rect,
    view: &HistoryView,
    state: &mut HistoryState,
    block: Block,
    theme: Theme,
) {
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let pains = [
        ("b", "before"),
        ("w", "after the warm-up"),
        ("W", "worst"),
        ("a", "after"),
        ("m", "next morning"),
        ("swell", "swelling or limp"),
    ];
    let notes = legend("Pain 0–10:", &pains, inner.width, theme);
    let [table_area, notes_area] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(notes.len() as u16)]).areas(inner);
    // Only the rows on screen are built: a long history stays cheap.
    let height = usize::from(table_area.height.saturating_sub(1)).max(1);
    if state.selected < state.offset {
        state.offset = state.selected;
    } else if state.selected >= state.offset + height {
        state.offset = state.selected + 1 - height;
    }
    let taken = |widths: [u16; 6]| widths.iter().sum::<u16>() + HEADER.len() as u16 - 1;
    let narrow = inner.width < taken(FULL) + HEADER[1].len() as u16;
    let widths = if narrow { NARROW } else { FULL };
    let room = inner.width.saturating_sub(taken(widths));
    let mut header = HEADER;
    if narrow {
        header[2] = "run";
    }
    let mut cells: Vec<[String; 7]> = view
        .rows
        .iter()
        .rev()
        .skip(state.offset)
        .take(height)
        .map(|r| r.cells(narrow))
        .collect();
    let longest = cells.iter().map(|c| c[1].chars().count()).max();
    let session_width = room.min(longest.unwrap_or(0).max(HEADER[1].len()) as u16);
    for row in &mut cells {
        row[1] = shortened(&row[1], usize::from(session_width));
    }
    let rows = view
        .rows
        .iter()
        .rev()
        .skip(state.offset)
        .zip(cells)
        .map(|(r, cells)| {
            Row::new(cells.into_iter().enumerate().map(|(i, text)| match i {
                5 => Cell::from(text).style(light_style(r.light, theme)),
                _ => Cell::from(text),
            }))
        });
    let mut widths: Vec<Constraint> = widths.map(Constraint::Length).to_vec();
    widths.insert(1, Constraint::Length(session_width));
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(theme.bold()))
        .row_highlight_style(Style::new().add_modifier(Modifier::REVERSED));
    let mut table_state = TableState::default().with_selected(Some(state.selected - state.offset));
    frame.render_stateful_widget(table, table_area, &mut table_state);
    frame.render_widget(Paragraph::new(notes), notes_area);
}

/// `text` in `width` characters, its end marked "…" when it had to be cut
/// (the detail has it in full).
fn shortened(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let kept: String = text.chars().take(width.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

fn trend(frame: &mut Frame, area: Rect, view: &HistoryView, block: Block, theme: Theme) {
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines = format!("amber from {}, red from {}", view.amber, view.red);
    let marks = [
        ("•", "worst during the run"),
        ("█", "next morning"),
        ("lines", lines.as_str()),
    ];
    let notes = legend("Pain 0–10:", &marks, inner.width, theme);
    let [chart_area, notes_area] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(notes.len() as u16)]).areas(inner);
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
    // The legend is the line below the chart, which never hides it.
    let datasets = vec![
        Dataset::default()
            .graph_type(GraphType::Line)
            .marker(Marker::Braille)
            .style(theme.gauge(Phase::Drill))
            .data(&amber),
        Dataset::default()
            .graph_type(GraphType::Line)
            .marker(Marker::Braille)
            .style(theme.alert())
            .data(&red),
        Dataset::default()
            .graph_type(GraphType::Line)
            .marker(Marker::Dot)
            .style(theme.bold())
            .data(&worst),
        Dataset::default()
            .graph_type(GraphType::Scatter)
            .marker(Marker::Block)
            .data(&morning),
    ];
    let sessions = view.rows.len().to_string();
    let chart = Chart::new(datasets)
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
    frame.render_widget(chart, chart_area);
    frame.render_widget(Paragraph::new(notes), notes_area);
}

fn progress(frame: &mut Frame, area: Rect, view: &HistoryView, block: Block, theme: Theme) {
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // The latest sessions that fit on a line.
    let room = usize::from(inner.width.saturating_sub(12));
    let shown = &view.rows[view.rows.len().saturating_sub(room)..];
    let marks: String = shown.iter().map(HistoryRow::step).collect();
    let first = shown
        .first()
        .map_or(String::new(), |r| r.session.to_string());
    let last = shown
        .last()
        .map_or(String::new(), |r| r.session.to_string());
    // The first week's bar, read out.
    let (week, _, worst) = view.weeks.first().copied().unwrap_or((1, 0, 0));
    let (week_mark, week_word) = (format!("w{week}"), format!("week {week}"));
    let (pain_mark, pain_word) = (format!("p{worst}"), format!("its worst pain {worst}/10"));
    let bars_legend = [
        (week_mark.as_str(), week_word.as_str()),
        (pain_mark.as_str(), pain_word.as_str()),
    ];
    let steps_legend = [
        ("▲", "advance"),
        ("=", "hold"),
        ("▼", "step back"),
        ("■", "stop"),
        ("–", "no answers"),
    ];
    let mut lines = legend("Bars: run time a week;", &bars_legend, inner.width, theme);
    lines.push(Line::raw("Progression, session by session:"));
    lines.push(Line::raw(format!("{first} {marks} {last}")));
    lines.extend(legend("", &steps_legend, inner.width, theme));
    let [bars, strip] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(lines.len() as u16)]).areas(inner);
    // In seconds: 15 s of running is a sliver beside a week of minutes.
    let group: Vec<Bar> = view
        .weeks
        .iter()
        .map(|(week, seconds, worst)| {
            Bar::default()
                .value(u64::from(*seconds))
                .label(Line::raw(format!("w{week} p{worst}")))
                .text_value(clock_text(*seconds))
        })
        .collect();
    let chart = BarChart::default()
        .data(BarGroup::default().bars(&group))
        .bar_width(7)
        .bar_gap(1)
        .bar_style(theme.gauge(Phase::Run));
    frame.render_widget(chart, bars);
    frame.render_widget(Paragraph::new(lines), strip);
}

/// Handles a key. Esc and q go back one level: from the detail to the
/// list, from a view out of the history.
pub fn key(state: &mut HistoryState, view: &HistoryView, code: KeyCode, page: usize) -> KeyResult {
    let last = view.rows.len().saturating_sub(1);
    if let Some(detail) = &state.detail {
        let end = detail.len().saturating_sub(1) as u16;
        let page = page as u16;
        match code {
            KeyCode::Char('q') | KeyCode::Esc | KeyCode::Backspace => close(state),
            KeyCode::Char('j') | KeyCode::Down => state.scroll = (state.scroll + 1).min(end),
            KeyCode::Char('k') | KeyCode::Up => state.scroll = state.scroll.saturating_sub(1),
            KeyCode::PageDown => state.scroll = state.scroll.saturating_add(page).min(end),
            KeyCode::PageUp => state.scroll = state.scroll.saturating_sub(page),
            KeyCode::Char('g') | KeyCode::Home => state.scroll = 0,
            KeyCode::Char('G') | KeyCode::End => state.scroll = end,
            KeyCode::Tab | KeyCode::Char('1'..='3') => {
                close(state);
                return key(state, view, code, usize::from(page));
            }
            _ => {}
        }
        return KeyResult::Stay;
    }
    match code {
        KeyCode::Char('q') | KeyCode::Esc => return KeyResult::Quit,
        KeyCode::Tab => state.tab = (state.tab + 1) % TABS.len(),
        KeyCode::Char(c @ '1'..='3') => state.tab = c as usize - '1' as usize,
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

fn close(state: &mut HistoryState) {
    state.detail = None;
    state.scroll = 0;
}

/// The screen until q or Esc; `detail_of(row)` gives a session's detail when opened.
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
