//! Small full-screen questions outside a session: a pain rating, yes or no,
//! or a message to read. Each takes the terminal and gives it back.

use std::io;

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

use super::pager::{fit, wrap};
use super::questions::{PainKey, pain_key};
use super::term::Wake;
use super::theme::Theme;

/// A question's box at the top of the screen: `lines`, then `extra` (what
/// was typed, or why it does not answer) in bold, wrapped to the box.
pub fn render(frame: &mut Frame, title: &str, lines: &[String], extra: &[String], theme: Theme) {
    let lines = lines.iter().map(|l| (l.as_str(), Style::new()));
    let extra = extra.iter().map(|l| (l.as_str(), theme.bold()));
    render_box(frame, title, &lines.chain(extra).collect::<Vec<_>>());
}

/// Lines in a box as tall as they are once wrapped, blank ones left out
/// when the screen is short.
pub fn render_box(frame: &mut Frame, title: &str, lines: &[(&str, Style)]) {
    let area = frame.area();
    let block = Block::bordered().title(title.to_string());
    let width = block.inner(area).width as usize;
    let mut rows: Vec<Line> = lines
        .iter()
        .flat_map(|&(line, style)| {
            wrap(line, width)
                .into_iter()
                .map(move |row| Line::styled(row, style))
        })
        .collect();
    fit(&mut rows, area.height.saturating_sub(2) as usize, |row| {
        u8::from(row.width() == 0)
    });
    let height = (rows.len() as u16 + 2).min(area.height);
    frame.render_widget(Paragraph::new(rows).block(block), Rect { height, ..area });
}

/// What the runner pressed: `None` for Esc, q or Ctrl-C (not now).
fn ask<T>(
    title: &str,
    lines: &[String],
    mut answer: impl FnMut(KeyCode, &mut Vec<String>) -> Option<T>,
) -> io::Result<Option<T>> {
    let mut term = super::term::open()?;
    let theme = Theme::current();
    let mut extra = Vec::new();
    let result = loop {
        term.draw(|frame| render(frame, title, lines, &extra, theme))?;
        if let Some(Wake::Input(Event::Key(key))) = term.next_input(None)
            && key.kind != KeyEventKind::Release
        {
            let ctrl_c =
                key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c');
            if ctrl_c || matches!(key.code, KeyCode::Esc | KeyCode::Char('q')) {
                break None;
            }
            if let Some(value) = answer(key.code, &mut extra) {
                break Some(value);
            }
        }
    };
    Ok(result)
}

/// A pain rating, 0–10: 0 and 2–9 at once, 1 then 0 for ten, 1 then Enter for one.
pub fn pain(title: &str, lines: &[String]) -> io::Result<Option<u8>> {
    let mut one_typed = false;
    ask(title, lines, |code, extra| {
        match pain_key(one_typed, code) {
            PainKey::Answer(pain) => Some(pain),
            PainKey::One => {
                one_typed = true;
                *extra = vec!["1… press 0 for 10, or Enter for 1".into()];
                None
            }
            PainKey::Ignored => None,
        }
    })
}

/// How every yes-or-no question outside a session says its keys.
pub const YES_NO: &str = "y yes · n no";

pub fn yes_no(title: &str, lines: &[String]) -> io::Result<Option<bool>> {
    ask(title, lines, |code, _| match code {
        KeyCode::Char('y') => Some(true),
        KeyCode::Char('n') => Some(false),
        _ => None,
    })
}

/// A whole number within `range`, typed and then Enter.
pub fn number(
    title: &str,
    lines: &[String],
    range: std::ops::RangeInclusive<u32>,
) -> io::Result<Option<u32>> {
    let mut typed = String::new();
    ask(title, lines, |code, extra| {
        match code {
            KeyCode::Char(c) if c.is_ascii_digit() && typed.len() < 4 => typed.push(c),
            KeyCode::Backspace => {
                typed.pop();
            }
            KeyCode::Enter => match typed.parse::<u32>() {
                Ok(n) if range.contains(&n) => return Some(n),
                _ => {
                    *extra = vec![format!(
                        "{typed}: type a number from {} to {}, then Enter",
                        range.start(),
                        range.end()
                    )];
                    return None;
                }
            },
            _ => {}
        }
        *extra = vec![format!("> {typed}")];
        None
    })
}

/// A message, until any key.
pub fn message(title: &str, lines: &[String]) -> io::Result<()> {
    ask(title, lines, |_, _| Some(())).map(|_| ())
}

/// One of `keys`, pressed.
pub fn choice(title: &str, lines: &[String], keys: &[char]) -> io::Result<Option<char>> {
    ask(title, lines, |code, _| match code {
        KeyCode::Char(c) if keys.contains(&c) => Some(c),
        _ => None,
    })
}

/// Which of a numbered list apply: each number toggles its item, Enter
/// confirms once at least one is chosen. Returns the chosen indices.
pub fn pick_some(title: &str, lines: &[String], count: usize) -> io::Result<Option<Vec<usize>>> {
    let mut chosen: Vec<usize> = Vec::new();
    ask(title, lines, |code, extra| {
        match code {
            KeyCode::Char(c @ '1'..='9') if (c as usize - '1' as usize) < count => {
                let i = c as usize - '1' as usize;
                match chosen.iter().position(|&x| x == i) {
                    Some(at) => {
                        chosen.remove(at);
                    }
                    None => chosen.push(i),
                }
            }
            KeyCode::Enter if !chosen.is_empty() => {
                chosen.sort_unstable();
                return Some(chosen.clone());
            }
            _ => {}
        }
        let mut numbers: Vec<String> = chosen.iter().map(|i| (i + 1).to_string()).collect();
        numbers.sort();
        *extra = vec![format!("Chosen: {}", numbers.join(", "))];
        None
    })
}
