//! Colours and symbols. Every phase has a word and a symbol as well as a
//! colour, so nothing depends on colour alone; NO_COLOR drops the colours and
//! keeps bold and reverse.

use std::sync::OnceLock;

use ratatui::style::{Color, Modifier, Style};

pub use crate::config::ThemeName;
use crate::workout::Phase;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub name: ThemeName,
}

/// The theme the settings chose, for every screen of this run of rtr.
static CHOSEN: OnceLock<ThemeName> = OnceLock::new();

/// Sets the theme once, before the first screen.
pub fn choose(name: ThemeName) {
    let _ = CHOSEN.set(name);
}

impl Theme {
    pub const DEFAULT: Theme = Theme {
        name: ThemeName::Default,
    };
    pub const MONOCHROME: Theme = Theme {
        name: ThemeName::Monochrome,
    };

    /// The chosen theme, monochrome if NO_COLOR is set to anything
    /// non-empty (no-color.org).
    pub fn current() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let name = match CHOSEN.get() {
            _ if no_color => ThemeName::Monochrome,
            Some(name) => *name,
            None => ThemeName::Default,
        };
        Theme { name }
    }

    fn fg(self, color: Color) -> Style {
        match self.name {
            ThemeName::Monochrome => Style::new(),
            _ => Style::new().fg(color),
        }
    }

    /// The phase's word and digits. High contrast: the bright colour on
    /// black, whatever the terminal's own background.
    pub fn phase(self, phase: Phase) -> Style {
        match self.name {
            ThemeName::HighContrast => Style::new()
                .fg(phase_color(phase))
                .bg(Color::Black)
                .add_modifier(Modifier::BOLD),
            _ => self.fg(phase_color(phase)).add_modifier(Modifier::BOLD),
        }
    }

    pub fn paused(self) -> Style {
        self.fg(Color::Yellow)
            .add_modifier(Modifier::BOLD | Modifier::REVERSED)
    }

    pub fn alert(self) -> Style {
        match self.name {
            ThemeName::HighContrast => Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
            _ => self.fg(Color::Red).add_modifier(Modifier::BOLD),
        }
    }

    /// Secondary text; high contrast keeps it at full brightness.
    pub fn dim(self) -> Style {
        match self.name {
            ThemeName::HighContrast => Style::new(),
            _ => Style::new().add_modifier(Modifier::DIM),
        }
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
        Phase::Ready => Color::LightYellow,
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
        Phase::Ready => "GET READY",
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
        Phase::Ready => "◎",
    }
}
