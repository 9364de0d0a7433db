//! The questions around a run session and the answers as given: what the
//! coach asks, kept as they come so that none is lost.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::program::Model;
use crate::words::capitalized;
use crate::workout::Part;

/// The next-morning question, as the rule model reads the morning: how the
/// knee is (soreness), the first steps for the plantar fascia or getting
/// up for a tendon (pain monitoring), walking for a bone (bone stress).
pub fn morning_question(model: Model, site: &str) -> String {
    let site_word = capitalized(site);
    match model {
        Model::Soreness => format!("How is the {site} this morning, 0 to 10?"),
        Model::PainMonitoring if super::flags::is_heel(site) => {
            format!("{site_word} pain on your first steps this morning, 0 to 10?")
        }
        Model::PainMonitoring => {
            format!("{site_word} pain and stiffness on getting up this morning, 0 to 10?")
        }
        Model::BoneStress => format!("{site_word} pain walking this morning, 0 to 10?"),
    }
}

/// Which question is on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ask {
    Before,
    AfterWarmup,
    Worst,
    Now,
    SwellingOrLimp,
    /// Any of the red flags? y or n.
    RedFlags,
    /// Which: each number toggles one, Enter confirms.
    WhichFlags,
    /// One rating after the circuit (it never moves the run progression).
    AfterCircuit,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answers {
    pub before: Option<u8>,
    pub after_warmup: Option<u8>,
    /// As answered; the worst counted is the highest of this and every `!` report.
    pub worst: Option<u8>,
    pub now: Option<u8>,
    pub swelling_or_limp: Option<bool>,
    pub red_flags: Vec<String>,
    pub after_circuit: Option<u8>,
}

/// Records a pain answer; returns the question that follows it, if any.
pub fn answer_pain(answers: &mut Answers, ask: Ask, pain: u8) -> Option<Ask> {
    match ask {
        Ask::Before => answers.before = Some(pain),
        Ask::AfterWarmup => answers.after_warmup = Some(pain),
        Ask::AfterCircuit => answers.after_circuit = Some(pain),
        // As answered: the coach counts the `!` reports beside it.
        Ask::Worst => {
            answers.worst = Some(pain);
            return Some(Ask::Now);
        }
        Ask::Now => {
            answers.now = Some(pain);
            return Some(Ask::SwellingOrLimp);
        }
        Ask::SwellingOrLimp | Ask::RedFlags | Ask::WhichFlags => {}
    }
    None
}

/// Records a yes or no; returns the question that follows it. The red
/// flags come after every run, whatever the pain.
pub fn answer_yes_no(answers: &mut Answers, ask: Ask, yes: bool) -> Option<Ask> {
    match (ask, yes) {
        (Ask::SwellingOrLimp, _) => {
            answers.swelling_or_limp = Some(yes);
            Some(Ask::RedFlags)
        }
        (Ask::RedFlags, true) => Some(Ask::WhichFlags),
        _ => None,
    }
}

/// Whether the questions after the run have begun (they come once).
pub fn after_run_asked(answers: &Answers, asking: Option<Ask>) -> bool {
    answers.worst.is_some()
        || matches!(
            asking,
            Some(Ask::Worst | Ask::Now | Ask::SwellingOrLimp | Ask::RedFlags | Ask::WhichFlags)
        )
}

/// The question a new step brings, from the part before it to its own:
/// the warm-up's when the main set begins, the run's when the circuit
/// begins. `is_run`: false for a walk or circuit instead of the run.
pub fn at_step(
    before: Option<Part>,
    part: Part,
    answers: &Answers,
    asking: Option<Ask>,
    is_run: bool,
) -> Option<Ask> {
    if !is_run {
        return None;
    }
    let warmup_over = part == Part::Main && before == Some(Part::Warmup);
    if warmup_over && answers.after_warmup.is_none() && asking.is_none() {
        return Some(Ask::AfterWarmup);
    }
    // The run's questions come even over a warm-up question left open.
    let run_over = part == Part::Circuit && before != Some(Part::Circuit);
    (run_over && !after_run_asked(answers, asking)).then_some(Ask::Worst)
}

/// How long before the warm-up ends its question comes: asked while the
/// runner still walks, answered before the first run.
pub const WARMUP_QUESTION_LEAD: Duration = Duration::from_secs(30);

/// Whether the warm-up's question is due now: in the warm-up's last
/// [`WARMUP_QUESTION_LEAD`] (its second half, if it is shorter), when the
/// main set comes next. `length` and `remaining`: of the current step.
pub fn warmup_question_due(
    (part, length, remaining): (Part, Duration, Option<Duration>),
    next: Option<Part>,
    answers: &Answers,
    asking: Option<Ask>,
    is_run: bool,
) -> bool {
    let lead = WARMUP_QUESTION_LEAD.min(length / 2);
    is_run
        && part == Part::Warmup
        && next == Some(Part::Main)
        && remaining.is_some_and(|left| left <= lead)
        && answers.after_warmup.is_none()
        && asking.is_none()
}

/// The question the end of the steps brings: the run's if it was not
/// asked yet, else the circuit's when it ended in the circuit.
pub fn at_end(ended_in: Part, answers: &Answers, asking: Option<Ask>, is_run: bool) -> Option<Ask> {
    if is_run && !after_run_asked(answers, asking) {
        return Some(Ask::Worst);
    }
    (ended_in == Part::Circuit).then_some(Ask::AfterCircuit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_morning_question_follows_the_model_and_names_the_site() {
        let cases = [
            (
                Model::Soreness,
                "knee",
                "How is the knee this morning, 0 to 10?",
            ),
            (
                Model::PainMonitoring,
                "heel",
                "Heel pain on your first steps this morning, 0 to 10?",
            ),
            (
                Model::PainMonitoring,
                "Achilles",
                "Achilles pain and stiffness on getting up this morning, 0 to 10?",
            ),
            (
                Model::BoneStress,
                "shin",
                "Shin pain walking this morning, 0 to 10?",
            ),
        ];
        for (model, site, asked) in cases {
            assert_eq!(morning_question(model, site), asked);
        }
    }

    const SECS: fn(u64) -> Duration = Duration::from_secs;

    #[test]
    fn the_warm_up_question_comes_in_its_last_seconds_once() {
        let answered = Answers {
            after_warmup: Some(1),
            ..Answers::default()
        };
        let none = Answers::default();
        // (part, length, left, next, answers, asking, is_run, due, why)
        let cases = [
            (
                Part::Warmup,
                300,
                31,
                Some(Part::Main),
                &none,
                None,
                true,
                false,
                "too early",
            ),
            (
                Part::Warmup,
                300,
                30,
                Some(Part::Main),
                &none,
                None,
                true,
                true,
                "the last 30 s",
            ),
            (
                Part::Warmup,
                20,
                11,
                Some(Part::Main),
                &none,
                None,
                true,
                false,
                "short: not in its first half",
            ),
            (
                Part::Warmup,
                20,
                10,
                Some(Part::Main),
                &none,
                None,
                true,
                true,
                "short: its second half",
            ),
            (
                Part::Warmup,
                300,
                5,
                Some(Part::Warmup),
                &none,
                None,
                true,
                false,
                "another warm-up step follows",
            ),
            (
                Part::Main,
                300,
                5,
                Some(Part::Main),
                &none,
                None,
                true,
                false,
                "not the warm-up",
            ),
            (
                Part::Warmup,
                300,
                5,
                Some(Part::Main),
                &answered,
                None,
                true,
                false,
                "answered already",
            ),
            (
                Part::Warmup,
                300,
                5,
                Some(Part::Main),
                &none,
                Some(Ask::Before),
                true,
                false,
                "another question open",
            ),
            (
                Part::Warmup,
                300,
                5,
                Some(Part::Main),
                &none,
                None,
                false,
                false,
                "a walk or circuit instead",
            ),
        ];
        for (part, length, left, next, answers, asking, is_run, due, why) in cases {
            let step = (part, SECS(length), Some(SECS(left)));
            assert_eq!(
                warmup_question_due(step, next, answers, asking, is_run),
                due,
                "{why}"
            );
        }
    }
}
