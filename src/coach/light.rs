//! The traffic light of one run session, from its pain answers and the
//! program's rules. Every light carries the rule that set it, in words.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::RunFacts;
use crate::program::{Model, Rules};

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

/// An earlier run of the same program, as the rules that look back read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Earlier {
    pub date: NaiveDate,
    pub worst: u8,
    pub morning: Option<u8>,
}

/// Classifies a session by the rules' model. `earlier` holds the runs
/// before it, oldest first, for the rules that look back (rising pain,
/// mornings week to week).
pub fn classify(facts: &RunFacts, earlier: &[Earlier], rules: &Rules) -> Verdict {
    match rules.model {
        Model::Soreness => soreness(facts, earlier, rules),
        Model::PainMonitoring => pain_monitoring(facts, earlier, rules),
        Model::BoneStress => bone_stress(facts, rules),
    }
}

fn verdict(light: Light, reason: String) -> Verdict {
    Verdict {
        light,
        reason,
        morning_caused: false,
    }
}

/// A verdict the next morning's answer made.
fn from_morning((light, reason): (Light, String)) -> Verdict {
    Verdict {
        light,
        reason,
        morning_caused: true,
    }
}

/// The reds every model shares: a run stopped for pain, swelling or a limp.
fn plain_red(facts: &RunFacts) -> Option<Verdict> {
    if facts.stopped_for_pain {
        return Some(verdict(
            Light::Red,
            "the run was stopped for pain (red)".into(),
        ));
    }
    facts
        .swelling_or_limp
        .then(|| verdict(Light::Red, "swelling or a limp after the run (red)".into()))
}

/// The soreness rules (the knee): the run's light, then the morning's if
/// it is worse.
fn soreness(facts: &RunFacts, earlier: &[Earlier], rules: &Rules) -> Verdict {
    let without_morning = classify_run(facts, earlier, rules);
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

fn classify_run(facts: &RunFacts, earlier: &[Earlier], rules: &Rules) -> Verdict {
    let worst = facts.worst;
    if let Some(red) = plain_red(facts) {
        return red;
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
    if needed >= 2 && earlier.len() + 1 >= needed {
        let run: Vec<u8> = earlier[earlier.len() + 1 - needed..]
            .iter()
            .map(|e| e.worst)
            .chain([worst])
            .collect();
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

/// The pain-monitoring model (Silbernagel et al. 2007): pain up to
/// `red_pain - 1` during the run is acceptable if it settles by the next
/// morning and the mornings do not worsen week to week. Until the morning
/// is answered, a worst from `amber_pain` up counts as amber, so nothing
/// moves on from an unsettled day.
fn pain_monitoring(facts: &RunFacts, earlier: &[Earlier], rules: &Rules) -> Verdict {
    if let Some(red) = plain_red(facts) {
        return red;
    }
    let worst = facts.worst;
    let acceptable = rules.red_pain - 1;
    if worst >= rules.red_pain {
        let reason = format!(
            "worst pain {worst}/10 during the run (red: {} or more; up to {acceptable} is acceptable only if it settles by the next morning)",
            rules.red_pain
        );
        return verdict(Light::Red, reason);
    }
    let Some(morning) = facts.morning else {
        if worst >= rules.amber_pain {
            let reason = format!(
                "worst pain {worst}/10 during the run: acceptable only if it settles by the next morning, not answered yet (amber until then: {}–{acceptable})",
                rules.amber_pain
            );
            return verdict(Light::Amber, reason);
        }
        let reason = format!(
            "worst pain {worst}/10 during the run{}",
            green_suffix(rules)
        );
        return verdict(Light::Green, reason);
    };
    let by_baseline = classify_morning(morning, facts.before, rules);
    if let Some(red @ (Light::Red, _)) = by_baseline {
        return from_morning(red);
    }
    if let Some(worse) = worse_than_weeks_before(facts, morning, earlier, rules) {
        return from_morning(worse);
    }
    if let Some(amber) = by_baseline {
        return from_morning(amber);
    }
    let reason = format!(
        "worst pain {worst}/10 during the run, {morning}/10 the next morning: settled (green: up to {acceptable} during the run, the morning back to the baseline {}/10)",
        facts.before
    );
    verdict(Light::Green, reason)
}

/// The run about a week before `date` (5 to 9 days, the nearest to 7, the
/// later on a tie) whose morning was answered: "the same run one week
/// earlier" when holds and rest days move the days.
fn week_before(date: NaiveDate, earlier: &[Earlier]) -> Option<&Earlier> {
    earlier
        .iter()
        .filter(|e| e.morning.is_some() && (5..=9).contains(&(date - e.date).num_days()))
        .min_by_key(|e| {
            let days = (date - e.date).num_days();
            (days - 7).abs() * 2 + i64::from(days > 7)
        })
}

/// Mornings that worsen week to week: higher than a week before is amber,
/// and so for `worse_mornings_weeks` weeks running is red.
fn worse_than_weeks_before(
    facts: &RunFacts,
    morning: u8,
    earlier: &[Earlier],
    rules: &Rules,
) -> Option<(Light, String)> {
    let mut chain = vec![(facts.date, morning)];
    while chain.len() <= rules.worse_mornings_weeks as usize {
        let (date, pain) = *chain.last().expect("one at least");
        let Some(before) = week_before(date, earlier) else {
            break;
        };
        let before_pain = before.morning.unwrap_or(u8::MAX);
        if pain <= before_pain {
            break;
        }
        chain.push((before.date, before_pain));
    }
    let weeks = chain.len() - 1;
    if weeks == 0 {
        return None;
    }
    chain.reverse();
    let pains: Vec<String> = chain.iter().map(|(_, pain)| format!("{pain}/10")).collect();
    let days: Vec<String> = chain
        .iter()
        .map(|(date, _)| date.format("%a %-d %b").to_string())
        .collect();
    let mornings = format!(
        "{} on the mornings after the runs of {}",
        pains.join(" → "),
        days.join(", ")
    );
    if weeks >= rules.worse_mornings_weeks as usize {
        let reason = format!(
            "the morning after the run was worse than a week before {weeks} weeks running: {mornings} (red)"
        );
        Some((Light::Red, reason))
    } else {
        let reason = format!(
            "the morning after the run was worse than a week before: {mornings} (amber: mornings must not worsen week to week)"
        );
        Some((Light::Amber, reason))
    }
}

/// After a bone stress injury (Warden et al. 2014): no pain is expected.
/// Pain from `red_pain`, or walking the next morning from
/// `morning_red_pain`, is red; any pain from `amber_pain` is amber.
fn bone_stress(facts: &RunFacts, rules: &Rules) -> Verdict {
    if let Some(red) = plain_red(facts) {
        return red;
    }
    let pains = [
        ("during the run", Some(facts.worst)),
        ("after the warm-up", facts.after_warmup),
        ("right after the run", Some(facts.after)),
    ];
    let highest = pains
        .into_iter()
        .filter_map(|(when, pain)| Some((pain?, when)))
        .max_by_key(|(pain, _)| *pain)
        .unwrap_or((0, "during the run"));
    let (pain, when) = highest;
    if pain >= rules.red_pain {
        let reason = format!(
            "pain {pain}/10 {when} (red: {} or more; no pain is expected after a bone stress injury)",
            rules.red_pain
        );
        return verdict(Light::Red, reason);
    }
    if let Some(morning) = facts.morning.filter(|m| *m >= rules.morning_red_pain) {
        let reason = format!(
            "pain {morning}/10 walking the next morning (red: {} or more; no pain is expected)",
            rules.morning_red_pain
        );
        return from_morning((Light::Red, reason));
    }
    let before = (facts.before, "before the run");
    let (pain, when) = highest.max(before);
    if pain >= rules.amber_pain {
        let reason = format!(
            "pain {pain}/10 {when} (amber: {}–{}; no pain is expected after a bone stress injury)",
            rules.amber_pain,
            rules.red_pain - 1
        );
        return verdict(Light::Amber, reason);
    }
    let morning = match facts.morning {
        Some(m) => format!(", {m}/10 walking the next morning"),
        None => String::new(),
    };
    let green = match rules.amber_pain {
        1 => "no pain".to_string(),
        amber => format!("0–{}", amber - 1),
    };
    let reason = format!(
        "worst pain {}/10 during the run{morning} (green: {green})",
        facts.worst
    );
    verdict(Light::Green, reason)
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
    } else if pain >= rules.circuit_flag_pain() {
        CircuitVerdict::Flagged
    } else {
        CircuitVerdict::Fine
    }
}
