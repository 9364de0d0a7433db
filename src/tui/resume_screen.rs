//! Asks what to do with a session that was interrupted: resume it, record it
//! as ended early, or discard it.

use std::io;

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::style::Style;

use super::prompt::render_box;
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

/// What the question says: `what` was interrupted, and the choices.
fn lines(what: &str, only_discard: Option<&str>) -> Vec<String> {
    let mut lines = vec![what.to_string(), String::new()];
    match only_discard {
        None => {
            lines.push("r  resume it (it starts paused: space goes on)".into());
            lines.push("e  record it as ended early".into());
        }
        Some(why) => {
            lines.push(why.to_string());
            lines.push(String::new());
        }
    }
    lines.push("d  discard it: nothing of it counts".into());
    lines.push("q  decide later".into());
    lines
}

fn render(frame: &mut Frame, lines: &[String], theme: Theme) {
    let mut styled = vec![("An interrupted session", theme.bold()), ("", Style::new())];
    styled.extend(lines.iter().map(|l| (l.as_str(), Style::new())));
    render_box(frame, "rtr", &styled);
}

/// Full-screen question; `what` describes the interrupted session. With
/// `only_discard` (why), it can only be discarded or left for later.
pub fn ask(what: &str, only_discard: Option<&str>) -> io::Result<ResumeChoice> {
    let mut term = super::term::open()?;
    let theme = Theme::current();
    let lines = lines(what, only_discard);
    let choice = loop {
        term.draw(|frame| render(frame, &lines, theme))?;
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
