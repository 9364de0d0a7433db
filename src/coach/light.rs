//! The traffic light of one run session, from its pain answers and the
//! program's rules. Every light carries the rule that set it, in words.

use serde::{Deserialize, Serialize};

use super::RunFacts;
use crate::program::Rules;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Light {
    Green,
    Amber,
    Red,
}

impl Light {
    pub fn word(self) -> &'static str {
        match self {
            Light::Green => "green",
            Light::Amber => "amber",
            Light::Red => "red",
        }
    }
}

/// A light and why: the rule that fired, with its numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub light: Light,
    pub reason: String,
    /// It would have been green but for the next-morning answer.
    pub morning_caused: bool,
}

/// Why the program must stop here, if it must: a pain at the stop line or a
/// red flag, after the run or the next morning. (Three reds close together
/// are found by the replay.)
pub fn stop_reason(facts: &RunFacts, rules: &Rules) -> Option<String> {
    if let Some(flag) = facts.red_flags.first() {
        return Some(format!("{flag} (a red flag)"));
    }
    if let Some(flag) = facts.morning_flags.first() {
        return Some(format!("{flag} the next morning (a red flag)"));
    }
    let pains = [
        ("before the run", Some(facts.before)),
        ("after the warm-up", facts.after_warmup),
        ("during the run", Some(facts.worst)),
        ("after the run", Some(facts.after)),
        ("the next morning", facts.morning),
    ];
    pains
        .into_iter()
        .find_map(|(when, pain)| stop_pain(pain?, when, rules))
}

/// Pain at the stop line, wherever it was felt: "pain 8/10 in the circuit
/// (stop: 7 or more)".
pub fn stop_pain(pain: u8, when: &str, rules: &Rules) -> Option<String> {
    (pain >= rules.stop_pain)
        .then(|| format!("pain {pain}/10 {when} (stop: {} or more)", rules.stop_pain))
}

/// Classifies a session. `earlier_worst` is the worst pain of the sessions
/// before it, oldest first, for the rising-pain rule.
pub fn classify(facts: &RunFacts, earlier_worst: &[u8], rules: &Rules) -> Verdict {
    let without_morning = classify_run(facts, earlier_worst, rules);
    let Some(morning) = facts.morning else {
        return without_morning;
    };
    let morning_verdict = classify_morning(morning, facts.before, rules);
    match morning_verdict {
        Some((light, reason)) if light > without_morning.light => Verdict {
            light,
            reason,
            morning_caused: without_morning.light == Light::Green,
        },
        _ if without_morning.light == Light::Green => Verdict {
            reason: format!(
                "worst pain {}/10 during the run, {morning}/10 the next morning{}",
                facts.worst,
                green_suffix(rules)
            ),
            ..without_morning
        },
        _ => without_morning,
    }
}

fn green_suffix(rules: &Rules) -> String {
    format!(" (green: 0–{})", rules.amber_pain - 1)
}

fn classify_run(facts: &RunFacts, earlier_worst: &[u8], rules: &Rules) -> Verdict {
    let verdict = |light, reason: String| Verdict {
        light,
        reason,
        morning_caused: false,
    };
    let worst = facts.worst;
    if facts.stopped_for_pain {
        return verdict(Light::Red, "the run was stopped for pain (red)".into());
    }
    if facts.swelling_or_limp {
        return verdict(Light::Red, "swelling or a limp after the run (red)".into());
    }
    if worst >= rules.red_pain {
        let reason = format!(
            "worst pain {worst}/10 during the run (red: {} or more)",
            rules.red_pain
        );
        return verdict(Light::Red, reason);
    }
    let warmup = facts.after_warmup.filter(|p| *p >= rules.warmup_pain);
    if let Some(warmup) = warmup
        && worst >= rules.warmup_pain
    {
        let reason = format!(
            "pain {warmup}/10 after the warm-up and {worst}/10 during the run: warm-up pain that goes on or comes back (red)"
        );
        return verdict(Light::Red, reason);
    }
    if worst >= rules.amber_pain {
        let reason = format!(
            "worst pain {worst}/10 during the run (amber: {}–{})",
            rules.amber_pain,
            rules.red_pain - 1
        );
        return verdict(Light::Amber, reason);
    }
    if let Some(warmup) = warmup {
        let reason = format!(
            "pain {warmup}/10 after the warm-up eased to {worst}/10 during the run (amber)"
        );
        return verdict(Light::Amber, reason);
    }
    let rise = facts.after.saturating_sub(facts.before);
    if rise > rules.settled_max_rise {
        let reason = format!(
            "pain {}/10 right after the session, {rise} above the {}/10 before it: not settled (amber: more than {} above)",
            facts.after, facts.before, rules.settled_max_rise
        );
        return verdict(Light::Amber, reason);
    }
    let needed = rules.rising_sessions as usize;
    if needed >= 2 && earlier_worst.len() + 1 >= needed {
        let mut run: Vec<u8> = earlier_worst[earlier_worst.len() + 1 - needed..].to_vec();
        run.push(worst);
        if run.windows(2).all(|pair| pair[0] < pair[1]) {
            let steps: Vec<String> = run.iter().map(u8::to_string).collect();
            let reason = format!(
                "worst pain rose {needed} sessions in a row: {} (amber)",
                steps.join(" → ")
            );
            return verdict(Light::Amber, reason);
        }
    }
    verdict(
        Light::Green,
        format!(
            "worst pain {worst}/10 during the run{}",
            green_suffix(rules)
        ),
    )
}

/// The next-morning answer alone: amber or red, or None when it is fine.
fn classify_morning(morning: u8, baseline: u8, rules: &Rules) -> Option<(Light, String)> {
    let rise = morning.saturating_sub(baseline);
    if morning >= rules.morning_red_pain {
        let reason = format!(
            "next-morning pain {morning}/10 (red: {} or more)",
            rules.morning_red_pain
        );
        return Some((Light::Red, reason));
    }
    if rise >= rules.morning_red_rise {
        let reason = format!(
            "next-morning pain {morning}/10, {rise} above the baseline {baseline}/10 (red: {} or more above)",
            rules.morning_red_rise
        );
        return Some((Light::Red, reason));
    }
    if rise >= rules.morning_amber_rise {
        let reason = format!(
            "next-morning pain {morning}/10, {rise} above the baseline {baseline}/10 (amber: {}–{} above)",
            rules.morning_amber_rise,
            rules.morning_red_rise - 1
        );
        return Some((Light::Amber, reason));
    }
    None
}

/// What pain in a circuit means: it never moves the run progression, but
/// it eases an exercise next time, and at the stop line it stops it all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CircuitVerdict {
    Fine,
    /// The exercise is made easier next time.
    Flagged,
    Stop(String),
}

pub fn circuit_verdict(pain: u8, rules: &Rules) -> CircuitVerdict {
    if let Some(reason) = stop_pain(pain, "in the circuit", rules) {
        CircuitVerdict::Stop(reason)
    } else if pain >= rules.amber_pain {
        CircuitVerdict::Flagged
    } else {
        CircuitVerdict::Fine
    }
}
