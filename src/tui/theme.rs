//! Colours and symbols. Every phase has a word and a symbol as well as a
//! colour, so nothing depends on colour alone; NO_COLOR drops the colours and
//! keeps bold and reverse.

use ratatui::style::{Color, Modifier, Style};

use crate::workout::Phase;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless NO_COLOR is set to anything non-empty (no-color.org).
    pub fn from_env() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme { color: !no_color }
    }

    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    pub fn phase(self, phase: Phase) -> Style {
        self.fg(phase_color(phase)).add_modifier(Modifier::BOLD)
    }

    pub fn paused(self) -> Style {
        self.fg(Color::Yellow)
            .add_modifier(Modifier::BOLD | Modifier::REVERSED)
    }

    pub fn alert(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn dim(self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    pub fn bold(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn gauge(self, phase: Phase) -> Style {
        self.fg(phase_color(phase))
    }
}

fn phase_color(phase: Phase) -> Color {
    match phase {
        Phase::Run => Color::LightRed,
        Phase::Walk => Color::LightGreen,
        Phase::Drill => Color::LightYellow,
        Phase::Hold => Color::LightMagenta,
        Phase::Reps => Color::LightCyan,
        Phase::Rest => Color::LightBlue,
    }
}

/// The phase as a word, for the big label and the plain line.
pub fn phase_word(phase: Phase) -> &'static str {
    match phase {
        Phase::Run => "RUN",
        Phase::Walk => "WALK",
        Phase::Drill => "DRILLS",
        Phase::Hold => "HOLD",
        Phase::Reps => "REPS",
        Phase::Rest => "REST",
    }
}

/// A symbol per phase, distinct in shape: fast arrows, a steady dot...
pub fn phase_symbol(phase: Phase) -> &'static str {
    match phase {
        Phase::Run => "»",
        Phase::Walk => "•",
        Phase::Drill => "◆",
        Phase::Hold => "■",
        Phase::Reps => "✚",
        Phase::Rest => "○",
    }
}
