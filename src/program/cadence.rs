//! A target cadence, written `"+5%"` (above the runner's own, which rtr
//! asks once) or `"172 spm"` (steps a minute).

use serde::{Deserialize, Serialize};

/// Raising cadence by more than this loads the hip instead of sparing the
/// knee (Heiderscheit et al. 2011): the design's ceiling.
pub const MAX_RAISE_PERCENT: f32 = 10.0;
pub const SPM_RANGE: std::ops::RangeInclusive<u32> = 100..=230;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cadence {
    Spm(u32),
    /// Percent above the runner's own cadence.
    Raise(f32),
}

impl Cadence {
    /// Steps a minute, given the runner's own cadence when it is relative.
    pub fn spm(self, own: Option<u32>) -> Option<u32> {
        match self {
            Cadence::Spm(spm) => Some(spm),
            Cadence::Raise(percent) => {
                own.map(|own| (own as f32 * (1.0 + percent / 100.0)).round() as u32)
            }
        }
    }
}

impl std::fmt::Display for Cadence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cadence::Spm(spm) => write!(f, "{spm} spm"),
            Cadence::Raise(percent) => write!(f, "+{percent}%"),
        }
    }
}

impl std::str::FromStr for Cadence {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        if let Some(percent) = text.strip_prefix('+').and_then(|t| t.strip_suffix('%')) {
            let percent: f32 = percent.trim().parse().map_err(|_| {
                format!("\"{text}\" is not a cadence: write \"+5%\" or \"172 spm\"")
            })?;
            if !(0.0..=MAX_RAISE_PERCENT).contains(&percent) {
                return Err(format!(
                    "a cadence raise of {percent} % is out of range: 0 to +{MAX_RAISE_PERCENT} %, never more"
                ));
            }
            return Ok(Cadence::Raise(percent));
        }
        let number = text.strip_suffix("spm").unwrap_or(text).trim();
        let spm: u32 = number
            .parse()
            .map_err(|_| format!("\"{text}\" is not a cadence: write \"+5%\" or \"172 spm\""))?;
        if !SPM_RANGE.contains(&spm) {
            return Err(format!(
                "a cadence of {spm} steps a minute is out of range: {} to {}",
                SPM_RANGE.start(),
                SPM_RANGE.end()
            ));
        }
        Ok(Cadence::Spm(spm))
    }
}

impl Serialize for Cadence {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Cadence {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}
