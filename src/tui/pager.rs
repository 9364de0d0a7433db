//! A text to read and scroll: the plan or the history, from the home screen;
//! and the word wrapping every screen outside a session shares.

use std::io;

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::term::Wake;
use super::theme::Theme;

/// The pager's keys, on its last row, with the rank of [`hints`].
const PAGER_KEYS: [(&str, u8); 4] = [
    ("j/k ↓/↑ scroll", 0),
    ("PgDn/PgUp a page", 2),
    ("g/G top/end", 1),
    ("q back", 0),
];

/// Columns `text` takes on screen.
fn width_of(text: &str) -> usize {
    Span::raw(text).width()
}

/// Words that belong to the number before them: "43 min", "8.5 km/h", "1:00 run".
const UNITS: [&str; 10] = [
    "min", "km/h", "mph", "%", "spm", "run", "walk", "drills", "reps", "×",
];

/// Whether `word` must stay on the row of `before`: a unit after its
/// number, or a separator, which ends a row rather than starts one.
fn glued(before: &str, word: &str) -> bool {
    let unit = word.trim_end_matches([',', ')', '.', ';']);
    let number = before.ends_with(|c: char| c.is_ascii_digit());
    matches!(word, "·" | "/") || (number && UNITS.contains(&unit))
}

/// One line in rows of at most `width` columns, broken between words (a
/// word wider than a row is broken where it must). A continued row starts
/// `hang` columns in; the spaces inside a row are kept as they are.
pub fn wrap_hanging(line: &str, width: usize, hang: usize) -> Vec<String> {
    let width = width.max(1);
    let indent = line.len() - line.trim_start_matches(' ').len();
    let hang = if hang * 2 < width { hang } else { 0 };
    // Each word with the spaces before it; a unit joins its number.
    let mut words: Vec<(usize, String)> = Vec::new();
    let mut rest = &line[indent..];
    loop {
        let gap = rest.len() - rest.trim_start_matches(' ').len();
        rest = &rest[gap..];
        let end = rest.find(' ').unwrap_or(rest.len());
        if end == 0 {
            break;
        }
        let word = &rest[..end];
        rest = &rest[end..];
        match words.last_mut() {
            Some((_, before)) if glued(before, word) => {
                before.push_str(&" ".repeat(gap));
                before.push_str(word);
            }
            _ => words.push((gap, word.to_string())),
        }
    }
    let mut rows = Vec::new();
    let mut row = " ".repeat(indent.min(width - 1));
    let mut used = width_of(&row);
    let mut empty = true;
    for (gap, word) in words {
        let needed = width_of(&word);
        if !empty && used + gap + needed > width {
            rows.push(std::mem::replace(&mut row, " ".repeat(hang)));
            used = hang;
            empty = true;
        }
        if !empty {
            row.push_str(&" ".repeat(gap));
            used += gap;
        }
        for c in word.chars() {
            let w = width_of(c.encode_utf8(&mut [0; 4]));
            if used + w > width && used > hang {
                rows.push(std::mem::replace(&mut row, " ".repeat(hang)));
                used = hang;
            }
            row.push(c);
            used += w;
        }
        empty = false;
    }
    if empty {
        row.clear();
    }
    rows.push(row);
    rows
}

/// [`wrap_hanging`] with a continued row as far in as the line's first
/// word, or the word after its bullet ("· ", "• ").
pub fn wrap(line: &str, width: usize) -> Vec<String> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let bullet = ["· ", "• "].iter().any(|b| line[indent..].starts_with(b));
    wrap_hanging(line, width, indent + if bullet { 2 } else { 0 })
}

/// Every line of `text`, wrapped: the rows the pager scrolls through.
pub fn rows(text: &str, width: usize) -> Vec<String> {
    text.lines().flat_map(|line| wrap(line, width)).collect()
}

/// Drops rows until `rows` fit `height`: those of the highest rank first,
/// the last of equals first; rank 0 (the words that matter) always stays.
pub fn fit<T>(rows: &mut Vec<T>, height: usize, rank: impl Fn(&T) -> u8) {
    while rows.len() > height {
        let highest = rows.iter().map(&rank).max().unwrap_or(0);
        match rows.iter().rposition(|row| rank(row) == highest) {
            Some(at) if highest > 0 => {
                rows.remove(at);
            }
            _ => break,
        }
    }
}

/// The pager's frame: the rows from `top` in a box, its keys below. Returns
/// how many rows a page holds and how many there are.
pub fn render(frame: &mut Frame, title: &str, text: &str, top: usize, theme: Theme) -> Page {
    let [body, keys] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(frame.area());
    let inner = Block::bordered().inner(body);
    let rows = rows(text, inner.width as usize);
    let page = Page {
        rows: rows.len(),
        height: (inner.height as usize).max(1),
    };
    let top = top.min(page.last_top());
    let shown: Vec<Line> = rows
        .into_iter()
        .skip(top)
        .take(page.height)
        .map(Line::raw)
        .collect();
    frame.render_widget(
        Paragraph::new(shown).block(Block::bordered().title(title.to_string())),
        body,
    );
    let hint = hints(&PAGER_KEYS, keys.width as usize);
    frame.render_widget(Paragraph::new(hint).style(theme.dim()), keys);
    page
}

/// A screen's keys for one row of `width`: "Enter start · ? keys · q quit".
/// Each key has a rank: when they do not fit, the highest rank goes first
/// (the last of equals); rank 0 always stays.
pub fn hints(keys: &[(&str, u8)], width: usize) -> String {
    let mut kept: Vec<(&str, u8)> = keys.to_vec();
    loop {
        let text = kept
            .iter()
            .map(|(key, _)| *key)
            .collect::<Vec<_>>()
            .join(" · ");
        let highest = kept.iter().map(|(_, rank)| *rank).max().unwrap_or(0);
        if width_of(&text) <= width || highest == 0 {
            return text;
        }
        let at = kept.iter().rposition(|(_, rank)| *rank == highest);
        kept.remove(at.expect("the highest rank is there"));
    }
}

/// How the pager's text stands against its box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// The wrapped rows of the text.
    pub rows: usize,
    /// The rows one page shows.
    pub height: usize,
}

impl Page {
    /// The top row that shows the end of the text.
    pub fn last_top(self) -> usize {
        self.rows.saturating_sub(self.height)
    }
}

/// Shows the text until q; when the program file changes, `refresh` gives
/// the text again.
pub fn show(title: &str, text: String, mut refresh: impl FnMut() -> String) -> io::Result<()> {
    let mut term = super::term::open()?;
    let theme = Theme::current();
    let mut text = text;
    let mut top: usize = 0;
    loop {
        let mut page = Page { rows: 0, height: 1 };
        term.draw(|frame| page = render(frame, title, &text, top, theme))?;
        top = top.min(page.last_top());
        let key = match term.next_input(None) {
            Some(Wake::ProgramChanged) => {
                text = refresh();
                continue;
            }
            Some(Wake::Input(Event::Key(key))) => key,
            _ => continue,
        };
        if key.kind == KeyEventKind::Release {
            continue;
        }
        match key.code {
            KeyCode::Char('j') | KeyCode::Down => top += 1,
            KeyCode::Char('k') | KeyCode::Up => top = top.saturating_sub(1),
            KeyCode::PageDown | KeyCode::Char(' ') => top += page.height,
            KeyCode::PageUp => top = top.saturating_sub(page.height),
            KeyCode::Char('g') | KeyCode::Home => top = 0,
            KeyCode::Char('G') | KeyCode::End => top = page.last_top(),
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => break,
            KeyCode::Char('q') | KeyCode::Esc => break,
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_break_between_words_and_keep_the_indent() {
        let rows = wrap("       main      6 × (1:00 run / 4:00 walk)", 30);
        assert_eq!(
            rows,
            ["       main      6 ×", "       (1:00 run / 4:00 walk)"]
        );
        for row in &rows {
            assert!(width_of(row) <= 30, "{row}");
        }
    }

    #[test]
    fn a_number_keeps_its_unit_and_a_separator_ends_its_row() {
        let rows = wrap("Today: 2.1 · 4 × (5:00 run at 8.5 km/h) · 27 min", 44);
        assert_eq!(
            rows,
            ["Today: 2.1 · 4 × (5:00 run at 8.5 km/h) ·", "27 min"]
        );
        assert_eq!(wrap("a · b", 3), ["a ·", "b"]);
        assert_eq!(wrap("  · pain at night", 12), ["  · pain at", "    night"]);
    }

    #[test]
    fn a_word_wider_than_the_row_is_broken_and_blank_lines_stay() {
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(wrap("   ", 10), [""]);
        assert_eq!(rows("a\n\nb", 5), ["a", "", "b"]);
    }

    #[test]
    fn the_keys_drop_their_highest_rank_first() {
        let keys = [
            ("Enter start", 0),
            ("p plan", 1),
            ("h history", 2),
            ("q quit", 0),
        ];
        assert_eq!(
            hints(&keys, 80),
            "Enter start · p plan · h history · q quit"
        );
        assert_eq!(hints(&keys, 30), "Enter start · p plan · q quit");
        assert_eq!(hints(&keys, 5), "Enter start · q quit");
    }

    #[test]
    fn fitting_drops_the_last_of_the_highest_rank_first() {
        let blank = |r: &&str| u8::from(r.is_empty());
        let mut rows = vec!["a", "", "b", "", "c"];
        fit(&mut rows, 4, blank);
        assert_eq!(rows, ["a", "", "b", "c"]);
        fit(&mut rows, 1, blank);
        assert_eq!(rows, ["a", "b", "c"], "words are never dropped");
    }
}
