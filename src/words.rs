//! Counted words, for every screen and report.

/// "1 week", "3 weeks": a count and its noun, plural when it is not one.
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
