//! A text to read and scroll: the plan or the history, from the home screen.

use std::io;

use ratatui::crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout};
use ratatui::widgets::{Block, Paragraph};

use super::term::Wake;
use super::theme::Theme;

/// Shows the text until q; when the program file changes, `refresh` gives
/// the text again.
pub fn show(title: &str, text: String, mut refresh: impl FnMut() -> String) -> io::Result<()> {
    let mut term = super::term::open()?;
    let theme = Theme::current();
    let mut text = text;
    let mut lines = text.lines().count() as u16;
    let mut top: u16 = 0;
    loop {
        let mut page = 1;
        term.draw(|frame| {
            let [body, keys] =
                Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(frame.area());
            page = body.height.saturating_sub(2).max(1);
            top = top.min(lines.saturating_sub(page));
            frame.render_widget(
                Paragraph::new(text.as_str())
                    .scroll((top, 0))
                    .block(Block::bordered().title(title.to_string())),
                body,
            );
            frame.render_widget(
                Paragraph::new("j/k ↓/↑ scroll · PgDn/PgUp a page · g/G top/end · q back")
                    .style(theme.dim()),
                keys,
            );
        })?;
        let key = match term.next_input(None) {
            Some(Wake::ProgramChanged) => {
                text = refresh();
                lines = text.lines().count() as u16;
                continue;
            }
            Some(Wake::Input(Event::Key(key))) => key,
            _ => continue,
        };
        if key.kind == KeyEventKind::Release {
            continue;
        }
        match key.code {
            KeyCode::Char('j') | KeyCode::Down => top = top.saturating_add(1),
            KeyCode::Char('k') | KeyCode::Up => top = top.saturating_sub(1),
            KeyCode::PageDown | KeyCode::Char(' ') => top = top.saturating_add(page),
            KeyCode::PageUp => top = top.saturating_sub(page),
            KeyCode::Char('g') | KeyCode::Home => top = 0,
            KeyCode::Char('G') | KeyCode::End => top = lines,
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => break,
            KeyCode::Char('q') | KeyCode::Esc => break,
            _ => {}
        }
    }
    Ok(())
}
