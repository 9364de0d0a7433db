//! Asks what to do with a session that was interrupted: resume it, record it
//! as ended early, or discard it.

use std::io;

use ratatui::crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::term::Wake;
use super::theme::Theme;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResumeChoice {
    Resume,
    RecordEnded,
    Discard,
    /// Leave it for later: nothing changes.
    Later,
}

/// Full-screen question; `what` describes the interrupted session. With
/// `only_discard` (why), it can only be discarded or left for later.
pub fn ask(what: &str, only_discard: Option<&str>) -> io::Result<ResumeChoice> {
    let mut term = super::term::open()?;
    let theme = Theme::current();
    let mut lines = vec![
        Line::styled("An interrupted session", theme.bold()),
        Line::raw(""),
        Line::raw(what.to_string()),
        Line::raw(""),
    ];
    match only_discard {
        None => {
            lines.push(Line::raw("r  resume it (it starts paused: space goes on)"));
            lines.push(Line::raw("e  record it as ended early"));
        }
        Some(why) => {
            lines.push(Line::raw(why.to_string()));
            lines.push(Line::raw(""));
        }
    }
    lines.push(Line::raw("d  discard it: nothing of it counts"));
    lines.push(Line::raw("q  decide later"));
    let choice = loop {
        term.draw(|frame| {
            let area = frame.area();
            let box_area = Rect {
                height: area.height.min(12),
                ..area
            };
            frame.render_widget(
                Paragraph::new(lines.clone())
                    .wrap(Wrap { trim: true })
                    .block(Block::bordered().title("rtr")),
                box_area,
            );
        })?;
        match term.next_input(None) {
            Some(Wake::Input(Event::Key(key))) if key.kind != KeyEventKind::Release => match key
                .code
            {
                KeyCode::Char('r') | KeyCode::Enter if only_discard.is_none() => {
                    break ResumeChoice::Resume;
                }
                KeyCode::Char('e') if only_discard.is_none() => break ResumeChoice::RecordEnded,
                KeyCode::Char('d') => break ResumeChoice::Discard,
                KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                    break ResumeChoice::Later;
                }
                KeyCode::Char('q') | KeyCode::Esc => break ResumeChoice::Later,
                _ => {}
            },
            _ => {}
        }
    };
    Ok(choice)
}
