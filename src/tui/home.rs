//! The home screen: today's session or the rest day, where the runner stands
//! in the program, and the coach's last word on it.

use std::io;

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::pager::{fit, hints, wrap, wrap_hanging};
use super::prompt::YES_NO;
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
    /// The id of that circuit in the program: what `c` starts.
    pub prehab_circuit: Option<String>,
    /// The program file's errors after an edit: the last good version stays.
    pub errors: Option<String>,
    /// What the runner should know about the history: a line each.
    pub notices: Vec<String>,
    /// What to do first after a "no" in the start check.
    pub start_check: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HomeAction {
    Start,
    Resume,
    /// Today's prehab circuit on its own.
    Prehab,
    Plan,
    History,
    Quit,
}

/// What the home screen shows over its usual content.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Overlay {
    #[default]
    None,
    /// The keys, in place of the content.
    Help,
    /// Every notice, in place of the content.
    Notices,
    /// "Leave rtr?" on the last row.
    ConfirmQuit,
}

/// What a key did: an action to leave the screen for, or what to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pressed {
    Act(HomeAction),
    Show(Overlay),
}

/// The question that q asks on the home screen, before its keys.
pub const LEAVE: &str = "Leave rtr?";

pub const DISCLAIMER: &str =
    "This is exercise guidance, not medical care. Never run through sharp pain.";

/// How much a row of the home screen may be left out when the screen is
/// short: 0 never, then the legend, the space between parts, the strip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Keep {
    Always = 0,
    Strip = 1,
    Legend = 2,
    Space = 3,
}

/// A text wrapped into rows of `width`, each in `style`.
fn rows(text: &str, width: usize, style: Style, keep: Keep) -> Vec<(Line<'static>, Keep)> {
    wrap(text, width)
        .into_iter()
        .map(|row| (Line::styled(row, style), keep))
        .collect()
}

/// The strip of every session, a week a group, broken between weeks.
fn strip_rows(strip: &[Vec<Mark>], width: usize, theme: Theme) -> Vec<(Line<'static>, Keep)> {
    let mut lines = Vec::new();
    let mut spans: Vec<Span> = Vec::new();
    let mut used = 0;
    for marks in strip {
        if used > 0 && used + 1 + marks.len() > width {
            lines.push((Line::from(std::mem::take(&mut spans)), Keep::Strip));
            used = 0;
        }
        if used > 0 {
            spans.push(Span::raw(" "));
            used += 1;
        }
        for mark in marks {
            let (symbol, style) = match mark {
                Mark::Passed => ("●", Style::new()),
                Mark::Next => ("▶", theme.bold()),
                Mark::Ahead => ("·", theme.dim()),
            };
            spans.push(Span::styled(symbol, style));
        }
        used += marks.len();
    }
    lines.push((Line::from(spans), Keep::Strip));
    lines
}

/// The keys, as `?` lists them: only those that do something now.
fn help_lines(view: &HomeView) -> Vec<&'static str> {
    let mut keys = vec![
        "Enter  start the session (on a rest day, asks first)",
        "r      resume after a stop, one week down",
    ];
    if view.prehab.is_some() {
        keys.push("c      today's prehab circuit on its own");
    }
    keys.extend([
        "p      the plan, week by week, and every circuit",
        "h      the history",
    ]);
    if !view.notices.is_empty() {
        keys.push("n      the notices");
    }
    keys.extend([
        "?      these keys",
        "q      back; here, leave rtr (it asks first)",
        "Esc    back, the same as q",
        "Ctrl-C leave rtr at once",
    ]);
    keys
}

/// The home screen's rows for a box `width` wide, before fitting.
fn body(
    view: &HomeView,
    overlay: Overlay,
    width: usize,
    theme: Theme,
) -> Vec<(Line<'static>, Keep)> {
    let space = || vec![(Line::default(), Keep::Space)];
    let mut parts: Vec<Vec<(Line, Keep)>> = Vec::new();
    match overlay {
        Overlay::Help => {
            let mut keys = rows("Keys", width, theme.bold(), Keep::Always);
            for key in help_lines(view) {
                let hang = if width > 20 { 7 } else { 0 };
                keys.extend(
                    wrap_hanging(key, width, hang)
                        .into_iter()
                        .map(|row| (Line::raw(row), Keep::Always)),
                );
            }
            parts.push(keys);
        }
        Overlay::Notices => {
            parts.push(rows("Notices", width, theme.bold(), Keep::Always));
            for notice in &view.notices {
                parts.push(rows(notice, width, Style::new(), Keep::Always));
            }
        }
        Overlay::None | Overlay::ConfirmQuit => {
            if let Some(errors) = &view.errors {
                let mut part = rows(
                    "The program file has errors; rtr goes on with its last good version:",
                    width,
                    theme.alert(),
                    Keep::Always,
                );
                for line in errors.lines() {
                    part.extend(rows(line, width, Style::new(), Keep::Always));
                }
                parts.push(part);
            }
            match view.notices.as_slice() {
                [] => {}
                [one] => parts.push(rows(one, width, theme.alert(), Keep::Always)),
                all => parts.push(rows(
                    &format!("{} notices: n shows them", all.len()),
                    width,
                    theme.alert(),
                    Keep::Always,
                )),
            }
            let mut headline = rows(&view.headline, width, theme.bold(), Keep::Always);
            if let Some(first) = &view.start_check {
                headline.extend(rows(first, width, theme.alert(), Keep::Always));
            }
            parts.push(headline);
            let why: Vec<_> = view
                .why
                .iter()
                .flat_map(|w| rows(w, width, Style::new(), Keep::Always))
                .collect();
            if !why.is_empty() {
                parts.push(why);
            }
            if let Some((week, weeks)) = view.week {
                let mut part = rows(
                    &format!("Week {week} of {weeks}"),
                    width,
                    Style::new(),
                    Keep::Always,
                );
                part.extend(strip_rows(&view.strip, width, theme));
                part.extend(rows(
                    "● passed  ▶ next  · ahead",
                    width,
                    theme.dim(),
                    Keep::Legend,
                ));
                parts.push(part);
            }
            if let Some(prehab) = &view.prehab {
                parts.push(rows(prehab, width, Style::new(), Keep::Always));
            }
        }
    }
    parts.push(rows(DISCLAIMER, width, theme.dim(), Keep::Always));
    parts.join(&space()[..])
}

/// The keys on the last row, the most needed kept when the row is narrow;
/// `?` lists them all.
fn footer(view: &HomeView, width: usize) -> String {
    let mut keys = vec![if view.stopped {
        ("r resume", 0)
    } else {
        ("Enter start", 0)
    }];
    if view.prehab.is_some() {
        keys.push(("c prehab", 1));
    }
    keys.extend([
        ("p plan", 2),
        ("h history", 3),
        ("? keys", 0),
        ("q quit", 0),
    ]);
    hints(&keys, width)
}

pub fn render(frame: &mut Frame, view: &HomeView, overlay: Overlay, theme: Theme) {
    let area = frame.area();
    let [body_area, keys] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
    let block = Block::bordered().title(format!("rtr · {}", view.program));
    let inner = block.inner(body_area);
    let mut lines = body(view, overlay, inner.width as usize, theme);
    let strip = |lines: &[(Line, Keep)]| lines.iter().filter(|(_, k)| *k == Keep::Strip).count();
    let whole = strip(&lines);
    fit(&mut lines, inner.height as usize, |(_, keep)| *keep as u8);
    if strip(&lines) < whole {
        // A strip cut short would show fewer weeks than there are.
        lines.retain(|(_, keep)| *keep != Keep::Strip);
    }
    let lines: Vec<Line> = lines.into_iter().map(|(line, _)| line).collect();
    frame.render_widget(Paragraph::new(lines).block(block), body_area);
    let width = keys.width as usize;
    let (hint, style) = match overlay {
        Overlay::ConfirmQuit => (format!("{LEAVE} {YES_NO}"), theme.bold()),
        Overlay::Help | Overlay::Notices => (hints(&[("q back", 0)], width), theme.dim()),
        Overlay::None => (footer(view, width), theme.dim()),
    };
    frame.render_widget(Paragraph::new(hint).style(style), keys);
}

/// What `key` does on the home screen showing `overlay`. Esc and q go back
/// one level; on the home screen itself they ask before rtr ends, and y or
/// q again ends it. Ctrl-C ends it at once.
pub fn press(view: &HomeView, overlay: Overlay, key: KeyEvent) -> Pressed {
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
        return Pressed::Act(HomeAction::Quit);
    }
    let back = matches!(key.code, KeyCode::Char('q') | KeyCode::Esc);
    match overlay {
        Overlay::ConfirmQuit => {
            return match key.code {
                KeyCode::Char('y' | 'q') => Pressed::Act(HomeAction::Quit),
                _ => Pressed::Show(Overlay::None),
            };
        }
        Overlay::Help | Overlay::Notices if back => return Pressed::Show(Overlay::None),
        _ => {}
    }
    match key.code {
        KeyCode::Enter if !view.stopped => Pressed::Act(HomeAction::Start),
        KeyCode::Char('r') if view.stopped => Pressed::Act(HomeAction::Resume),
        KeyCode::Char('c') if view.prehab.is_some() => Pressed::Act(HomeAction::Prehab),
        KeyCode::Char('p') => Pressed::Act(HomeAction::Plan),
        KeyCode::Char('h') => Pressed::Act(HomeAction::History),
        KeyCode::Char('?') => Pressed::Show(Overlay::Help),
        KeyCode::Char('n') if !view.notices.is_empty() => Pressed::Show(Overlay::Notices),
        _ if back => Pressed::Show(Overlay::ConfirmQuit),
        _ => Pressed::Show(Overlay::None),
    }
}

/// Shows the home screen until a key chooses; when the program file
/// changes, `refresh` gives the view again.
pub fn run(mut view: HomeView, mut refresh: impl FnMut() -> HomeView) -> io::Result<HomeAction> {
    let mut term = super::term::open()?;
    let theme = Theme::current();
    let mut overlay = Overlay::None;
    let action = loop {
        term.draw(|frame| render(frame, &view, overlay, theme))?;
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
        match press(&view, overlay, key) {
            Pressed::Act(action) => break action,
            Pressed::Show(next) => overlay = next,
        }
    };
    Ok(action)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn today() -> HomeView {
        HomeView {
            prehab: Some("After the run: Mobility (about 22 min)".into()),
            ..HomeView::default()
        }
    }

    #[test]
    fn q_asks_first_and_q_or_y_again_leaves() {
        let view = today();
        for first in [KeyCode::Char('q'), KeyCode::Esc] {
            let asked = press(&view, Overlay::None, key(first));
            assert_eq!(asked, Pressed::Show(Overlay::ConfirmQuit));
        }
        for again in ['q', 'y'] {
            let pressed = press(&view, Overlay::ConfirmQuit, key(KeyCode::Char(again)));
            assert_eq!(pressed, Pressed::Act(HomeAction::Quit));
        }
        for stay in [
            KeyCode::Char('n'),
            KeyCode::Esc,
            KeyCode::Enter,
            KeyCode::Char('p'),
        ] {
            let pressed = press(&view, Overlay::ConfirmQuit, key(stay));
            assert_eq!(pressed, Pressed::Show(Overlay::None), "{stay:?}");
        }
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(
            press(&view, Overlay::None, ctrl_c),
            Pressed::Act(HomeAction::Quit)
        );
    }

    #[test]
    fn esc_and_q_close_the_keys_and_the_notices_first() {
        let view = today();
        for overlay in [Overlay::Help, Overlay::Notices] {
            for back in [KeyCode::Char('q'), KeyCode::Esc] {
                assert_eq!(
                    press(&view, overlay, key(back)),
                    Pressed::Show(Overlay::None)
                );
            }
        }
        let enter = press(&view, Overlay::Help, key(KeyCode::Enter));
        assert_eq!(
            enter,
            Pressed::Act(HomeAction::Start),
            "the keys still work"
        );
    }

    #[test]
    fn c_starts_the_prehab_only_when_there_is_one() {
        let c = key(KeyCode::Char('c'));
        assert_eq!(
            press(&today(), Overlay::None, c),
            Pressed::Act(HomeAction::Prehab)
        );
        let none = HomeView::default();
        assert_eq!(press(&none, Overlay::None, c), Pressed::Show(Overlay::None));
        assert!(!footer(&none, 120).contains("c prehab"));
        assert!(footer(&today(), 120).contains("c prehab"));
    }

    #[test]
    fn a_narrow_footer_keeps_start_the_keys_and_quit() {
        let view = today();
        assert_eq!(
            footer(&view, 80),
            "Enter start · c prehab · p plan · h history · ? keys · q quit"
        );
        assert_eq!(
            footer(&view, 40),
            "Enter start · c prehab · ? keys · q quit"
        );
        assert_eq!(footer(&view, 30), "Enter start · ? keys · q quit");
    }
}
