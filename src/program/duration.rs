//! Durations as people write them: "1:30", "1:02:03", "90s", "5m", "1m30s", "1h".

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A whole number of seconds. Zero is representable (validation rejects it
/// where a step needs a length) so that the error can point at the value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Duration(u32);

impl Duration {
    pub const fn from_secs(secs: u32) -> Self {
        Duration(secs)
    }

    pub const fn secs(self) -> u32 {
        self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DurationError(String);

fn bad(text: &str, why: &str) -> DurationError {
    DurationError(format!(
        "invalid duration \"{text}\": {why} (write it like \"1:30\", \"90s\" or \"5m\")"
    ))
}

/// Longest duration a program may hold: a whole day is far beyond any session.
const MAX_SECS: u64 = 24 * 3600;

impl FromStr for Duration {
    type Err = DurationError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let s = text.trim();
        if s.is_empty() {
            return Err(bad(text, "it is empty"));
        }
        if s.starts_with('-') {
            return Err(bad(text, "a duration cannot be negative"));
        }
        let secs = if s.contains(':') {
            parse_clock(text, s)?
        } else {
            parse_units(text, s)?
        };
        if secs > MAX_SECS {
            return Err(bad(text, "it is longer than 24 hours"));
        }
        Ok(Duration(secs as u32))
    }
}

/// "m:ss" or "h:mm:ss": every part after the first is below 60.
fn parse_clock(text: &str, s: &str) -> Result<u64, DurationError> {
    let parts: Vec<&str> = s.split(':').collect();
    if parts.len() > 3 {
        return Err(bad(text, "too many ':'"));
    }
    let mut total: u64 = 0;
    for (i, part) in parts.iter().enumerate() {
        let value = parse_number(text, part)?;
        if i > 0 {
            if part.len() != 2 {
                return Err(bad(text, "write two digits after each ':'"));
            }
            if value >= 60 {
                let unit = if i + 1 == parts.len() {
                    "seconds"
                } else {
                    "minutes"
                };
                return Err(bad(text, &format!("{unit} must be below 60")));
            }
        }
        total = total.saturating_mul(60).saturating_add(value);
    }
    Ok(total)
}

/// "90s", "5m", "1h", "1m30s", "1.5m": numbers followed by h, m or s.
fn parse_units(text: &str, s: &str) -> Result<u64, DurationError> {
    let mut total = 0.0_f64;
    let mut rest = s;
    let mut last_unit = u8::MAX;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(|| bad(text, "a number needs a unit: h, m or s"))?;
        if digits == 0 {
            return Err(bad(text, "expected a number"));
        }
        let number: f64 = rest[..digits]
            .parse()
            .map_err(|_| bad(text, "not a number"))?;
        rest = rest[digits..].trim_start();
        let (scale, rank, len) = match rest.chars().next() {
            Some('h') => (3600.0, 0, 1),
            Some('m') if rest.starts_with("min") => (60.0, 1, 3),
            Some('m') => (60.0, 1, 1),
            Some('s') if rest.starts_with("sec") => (1.0, 2, 3),
            Some('s') => (1.0, 2, 1),
            _ => return Err(bad(text, "the unit must be h, m or s")),
        };
        if last_unit != u8::MAX && rank <= last_unit {
            return Err(bad(text, "units must go from hours to seconds, once each"));
        }
        last_unit = rank;
        total += number * scale;
        rest = rest[len..].trim_start();
    }
    if total.fract() != 0.0 {
        return Err(bad(text, "it is not a whole number of seconds"));
    }
    Ok(total.min(u64::MAX as f64) as u64)
}

fn parse_number(text: &str, part: &str) -> Result<u64, DurationError> {
    if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad(text, "expected digits around ':'"));
    }
    part.parse()
        .map_err(|_| bad(text, "the number is too large"))
}

/// Formats as a clock: "0:45", "4:00", "1:02:03". `parse` reads it back.
impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (h, m, s) = (self.0 / 3600, self.0 / 60 % 60, self.0 % 60);
        if h > 0 {
            write!(f, "{h}:{m:02}:{s:02}")
        } else {
            write!(f, "{m}:{s:02}")
        }
    }
}

impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DurationVisitor;

        impl Visitor<'_> for DurationVisitor {
            type Value = Duration;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a duration like \"1:30\", \"90s\" or \"5m\"")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Duration, E> {
                v.parse().map_err(E::custom)
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Duration, E> {
                if v > MAX_SECS {
                    return Err(E::custom(format!(
                        "invalid duration {v}: longer than 24 hours"
                    )));
                }
                Ok(Duration(v as u32))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Duration, E> {
                match u64::try_from(v) {
                    Ok(v) => self.visit_u64(v),
                    Err(_) => Err(E::custom(format!(
                        "invalid duration {v}: a duration cannot be negative"
                    ))),
                }
            }
        }

        deserializer.deserialize_any(DurationVisitor)
    }
}

/// Seconds as people read them: "0:45", "12:05", "1:02:03".
pub fn clock_text(secs: u32) -> String {
    Duration::from_secs(secs).to_string()
}

/// Time left, rounded up, so that "0:00" is the end.
pub fn time_left(d: std::time::Duration) -> String {
    clock_text(crate::workout::ceil_secs(d))
}

/// Time spent, rounded to the nearest second.
pub fn time_spent(d: std::time::Duration) -> String {
    clock_text(crate::workout::round_secs(d))
}

/// Whole minutes, rounded up: "12 min".
pub fn minutes_text(secs: u32) -> String {
    format!("{} min", secs.div_ceil(60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_forms_people_write() {
        let cases = [
            ("1:30", 90),
            ("0:45", 45),
            ("20:00", 1200),
            ("1:02:03", 3723),
            ("90s", 90),
            ("90 sec", 90),
            ("5m", 300),
            ("5 min", 300),
            ("1.5m", 90),
            ("1m30s", 90),
            ("1h", 3600),
            ("1h 5m", 3900),
            (" 45s ", 45),
            ("0s", 0),
        ];
        for (text, secs) in cases {
            assert_eq!(text.parse::<Duration>(), Ok(Duration(secs)), "{text}");
        }
    }

    #[test]
    fn rejects_what_is_not_a_duration_with_the_reason() {
        let cases = [
            ("1:75", "seconds must be below 60"),
            ("1:60:00", "minutes must be below 60"),
            ("1:5", "two digits after each ':'"),
            ("-1:00", "cannot be negative"),
            ("-30s", "cannot be negative"),
            ("", "it is empty"),
            ("90", "needs a unit"),
            ("5x", "unit must be h, m or s"),
            ("s", "expected a number"),
            ("30s5m", "from hours to seconds"),
            ("1.25s", "whole number of seconds"),
            ("25h", "longer than 24 hours"),
            ("1:2:3:4", "too many ':'"),
            ("a:00", "expected digits"),
        ];
        for (text, why) in cases {
            let err = text.parse::<Duration>().unwrap_err().to_string();
            assert!(err.contains(why), "{text:?} gave {err:?}, wanted {why:?}");
        }
    }

    #[test]
    fn display_reads_back_to_the_same_duration() {
        for secs in (0..=7200).chain([86_399, 86_400]) {
            let d = Duration(secs);
            assert_eq!(d.to_string().parse::<Duration>(), Ok(d), "{d}");
        }
        assert_eq!(Duration(90).to_string(), "1:30");
        assert_eq!(Duration(3723).to_string(), "1:02:03");
    }

    #[test]
    fn deserializes_from_text_or_whole_seconds() {
        assert_eq!(ron::from_str::<Duration>("\"1:30\""), Ok(Duration(90)));
        assert_eq!(ron::from_str::<Duration>("45"), Ok(Duration(45)));
        let err = ron::from_str::<Duration>("-5").unwrap_err().to_string();
        assert!(err.contains("cannot be negative"), "{err}");
    }
}
