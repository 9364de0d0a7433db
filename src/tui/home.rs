//! The home screen: today's session or the rest day, where the runner stands
//! in the program, and the coach's last word on it.

use std::io;

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::term::Wake;
use super::theme::Theme;

/// Where a session stands on the progress strip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Passed,
    Next,
    Ahead,
}

#[derive(Debug, Clone, Default)]
pub struct HomeView {
    pub program: String,
    /// "Today: 3.2 · 6 × (2:00 run / 3:00 walk), 43 min" or the rest day.
    pub headline: String,
    pub rest_day: bool,
    /// Stopped: the program waits for an explicit resume.
    pub stopped: bool,
    /// The coach's last word, or why the session moved.
    pub why: Vec<String>,
    /// Week of weeks, and the strip of every session by week.
    pub week: Option<(u32, usize)>,
    pub strip: Vec<Vec<Mark>>,
    pub prehab: Option<String>,
    /// The program file's errors after an edit: the last good version stays.
    pub errors: Option<String>,
    /// What the runner should know about the history: a line each.
    pub notices: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HomeAction {
    Start,
    Resume,
    Plan,
    History,
    Quit,
}

pub fn render(frame: &mut Frame, view: &HomeView, help: bool, theme: Theme) {
    let area = frame.area();
    let [body, keys] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
    let mut lines = Vec::new();
    if let Some(errors) = &view.errors {
        lines.push(Line::styled(
            "The program file has errors; rtr goes on with its last good version:",
            theme.alert(),
        ));
        lines.extend(errors.lines().map(|l| Line::raw(l.to_string())));
        lines.push(Line::raw(""));
    }
    for notice in &view.notices {
        lines.push(Line::styled(notice.clone(), theme.alert()));
    }
    if !view.notices.is_empty() {
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled(view.headline.clone(), theme.bold()));
    lines.push(Line::raw(""));
    lines.extend(view.why.iter().map(|w| Line::raw(w.clone())));
    if let Some((week, weeks)) = view.week {
        lines.push(Line::raw(""));
        lines.push(Line::raw(format!("Week {week} of {weeks}")));
        let mut strip = Vec::new();
        for (i, marks) in view.strip.iter().enumerate() {
            if i > 0 {
                strip.push(Span::raw(" "));
            }
            for mark in marks {
                let (symbol, style) = match mark {
                    Mark::Passed => ("●", Style::new()),
                    Mark::Next => ("▶", theme.bold()),
                    Mark::Ahead => ("·", theme.dim()),
                };
                strip.push(Span::styled(symbol, style));
            }
        }
        lines.push(Line::from(strip));
        lines.push(Line::styled("● passed  ▶ next  · ahead", theme.dim()));
    }
    if let Some(prehab) = &view.prehab {
        lines.push(Line::raw(""));
        lines.push(Line::raw(prehab.clone()));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "This is exercise guidance, not medical care. Never run through sharp pain.",
        theme.dim(),
    ));
    if help {
        lines.push(Line::raw(""));
        for key in [
            "Enter  start the session (on a rest day, asks first)",
            "r      resume after a stop, one week down",
            "p      the plan, week by week",
            "h      the history",
            "?      these keys",
            "q      quit",
        ] {
            lines.push(Line::raw(key));
        }
    }
    let title = format!("rtr · {}", view.program);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(title)),
        body,
    );
    let hint = if view.stopped {
        "r resume · p plan · h history · ? keys · q quit"
    } else {
        "Enter start · p plan · h history · ? keys · q quit"
    };
    frame.render_widget(Paragraph::new(hint).style(theme.dim()), keys);
}

/// Shows the home screen until a key chooses; when the program file
/// changes, `refresh` gives the view again.
pub fn run(mut view: HomeView, mut refresh: impl FnMut() -> HomeView) -> io::Result<HomeAction> {
    let mut term = super::term::open()?;
    let theme = Theme::current();
    let mut help = false;
    let action = loop {
        term.draw(|frame| render(frame, &view, help, theme))?;
        let key = match term.next_input(None) {
            Some(Wake::ProgramChanged) => {
                view = refresh();
                continue;
            }
            Some(Wake::Input(Event::Key(key))) => key,
            _ => continue,
        };
        if key.kind == KeyEventKind::Release {
            continue;
        }
        help = false;
        match key.code {
            KeyCode::Enter if !view.stopped => break HomeAction::Start,
            KeyCode::Char('r') if view.stopped => break HomeAction::Resume,
            KeyCode::Char('p') => break HomeAction::Plan,
            KeyCode::Char('h') => break HomeAction::History,
            KeyCode::Char('?') => help = true,
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                break HomeAction::Quit;
            }
            KeyCode::Char('q') | KeyCode::Esc => break HomeAction::Quit,
            _ => {}
        }
    };
    Ok(action)
}
