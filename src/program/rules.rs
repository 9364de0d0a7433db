//! The coach's thresholds. A program's `rules` choose a rule model for its
//! injury, then override its numbers: `Soreness(...)` (the knee, the
//! default; `Rules(...)` is its older name), `PainMonitoring(...)` (tendons:
//! Achilles, plantar fascia) or `BoneStress(...)` (the shin). Each model
//! takes only its own numbers: another model's number is an error at its
//! position, with the numbers the model allows.

use serde::{Deserialize, Serialize};

/// The rule model: how the coach reads pain for this injury.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Model {
    /// The soreness rules (Fees et al. 1998): runner's knee.
    #[default]
    Soreness,
    /// The pain-monitoring model (Silbernagel et al. 2007): pain up to 5/10
    /// while loading, if it settles by the next morning.
    PainMonitoring,
    /// After a bone stress injury (Warden et al. 2014): no pain expected.
    BoneStress,
}

impl Model {
    /// The name a program file and the screens use.
    pub fn name(self) -> &'static str {
        match self {
            Model::Soreness => "Soreness",
            Model::PainMonitoring => "PainMonitoring",
            Model::BoneStress => "BoneStress",
        }
    }

    /// The model in words, with its source, for the home screen and the report.
    pub fn described(self) -> &'static str {
        match self {
            Model::Soreness => "soreness rules (Fees et al. 1998)",
            Model::PainMonitoring => "pain-monitoring model (Silbernagel et al. 2007)",
            Model::BoneStress => {
                "bone stress rules: no pain expected (Warden et al. 2014; George et al. 2024)"
            }
        }
    }
}

/// Pain is on the 0–10 scale throughout. Every model has every field; the
/// file sets only those of its model (see [`Model`]), the others keep their
/// defaults and are not read by the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "RulesFile")]
pub struct Rules {
    pub model: Model,
    /// Worst pain during a run at or above this is amber (hold). In the
    /// pain-monitoring model, a worst from here up to `red_pain` is amber
    /// only until the next morning is answered.
    pub amber_pain: u8,
    /// Worst pain during a run at or above this is red (step back); a run
    /// turns into a walk at it.
    pub red_pain: u8,
    /// Any pain at or above this stops the program: see a physical therapist.
    pub stop_pain: u8,
    /// Pain after the warm-up at or above this is amber if it eases below
    /// it during the run, red if the run's pain reaches it too.
    pub warmup_pain: u8,
    /// Pain right after the session more than this above the pain before
    /// it is amber: the knee has not settled.
    pub settled_max_rise: u8,
    /// Pain before the run at or above this means no run today.
    pub ready_pain: u8,
    /// Pain before the run more than this above the runner's usual pain
    /// before (the median of the last `usual_runs`) means no run today.
    pub ready_max_rise: u8,
    pub usual_runs: u32,
    /// The share of the main set's planned run time that must be run for
    /// the session to advance (0.9: 90 %).
    pub min_run_share: f32,
    /// A session quit within this many minutes, before its main set, may
    /// be discarded: nothing recorded, no run day used.
    pub discard_within_minutes: u32,
    /// Next-morning pain at or above this is red.
    pub morning_red_pain: u8,
    /// Next-morning pain this much above the baseline is amber...
    pub morning_amber_rise: u8,
    /// ...and this much above it is red.
    pub morning_red_rise: u8,
    /// Pain-monitoring: a morning higher than the one a week before is
    /// amber, and this many weeks running is red.
    pub worse_mornings_weeks: u32,
    /// Worst pain rising this many sessions in a row is amber.
    pub rising_sessions: u32,
    /// Full days of rest between run sessions.
    pub rest_days: u32,
    /// Days with no running after a red session.
    pub red_rest_days: u32,
    /// Extra rest days when the next-morning answer turned a session amber.
    pub morning_amber_extra_rest_days: u32,
    /// Days without a run before the program steps down.
    pub missed_days_allowed: u32,
    /// One week down for every this many days beyond `missed_days_allowed`.
    pub missed_days_per_week_down: u32,
    /// This many reds...
    pub stop_reds: u32,
    /// ...within this many days (from the first of them) stop the program.
    pub stop_reds_window_days: u32,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            model: Model::Soreness,
            amber_pain: 3,
            red_pain: 5,
            stop_pain: 7,
            warmup_pain: 3,
            settled_max_rise: 1,
            ready_pain: 3,
            ready_max_rise: 1,
            usual_runs: 5,
            min_run_share: 0.9,
            discard_within_minutes: 2,
            morning_red_pain: 5,
            morning_amber_rise: 1,
            morning_red_rise: 3,
            worse_mornings_weeks: 2,
            rising_sessions: 3,
            rest_days: 1,
            red_rest_days: 2,
            morning_amber_extra_rest_days: 1,
            missed_days_allowed: 7,
            missed_days_per_week_down: 5,
            stop_reds: 3,
            stop_reds_window_days: 14,
        }
    }
}

impl Rules {
    /// The defaults of a model (DESIGN.md, "The coach's rules").
    pub fn of(model: Model) -> Rules {
        let soreness = Rules::default();
        match model {
            Model::Soreness => soreness,
            // Up to 5/10 while loading is acceptable; 6 is red.
            Model::PainMonitoring => Rules {
                model,
                red_pain: 6,
                ..soreness
            },
            // No pain expected: 1–2 amber, 3 red; any pain before a run or
            // walking the next morning is too much.
            Model::BoneStress => Rules {
                model,
                amber_pain: 1,
                red_pain: 3,
                ready_pain: 1,
                ready_max_rise: 0,
                morning_red_pain: 1,
                ..soreness
            },
        }
    }

    /// Pain in a circuit from this level flags the exercise to be eased
    /// next time. Loading a tendon may hurt up to the red line.
    pub fn circuit_flag_pain(&self) -> u8 {
        match self.model {
            Model::PainMonitoring => self.red_pain,
            Model::Soreness | Model::BoneStress => self.amber_pain,
        }
    }
}

/// How a file writes its rules: one variant a model, each taking only its
/// own numbers (unknown ones are errors at their place).
#[derive(Deserialize)]
enum RulesFile {
    #[serde(alias = "Rules")]
    Soreness(SorenessFile),
    PainMonitoring(PainMonitoringFile),
    BoneStress(BoneStressFile),
}

impl From<RulesFile> for Rules {
    fn from(file: RulesFile) -> Rules {
        match file {
            RulesFile::Soreness(numbers) => numbers.into(),
            RulesFile::PainMonitoring(numbers) => numbers.into(),
            RulesFile::BoneStress(numbers) => numbers.into(),
        }
    }
}

/// One model's numbers as a file may set them, each defaulting to the
/// model's own: the numbers every model reads, then the model's own.
macro_rules! model_numbers {
    ($name:ident, $model:expr, [$($own:ident: $own_ty:ty),* $(,)?]) => {
        model_numbers!(@fields $name, $model, [
            amber_pain: u8,
            red_pain: u8,
            stop_pain: u8,
            ready_pain: u8,
            ready_max_rise: u8,
            usual_runs: u32,
            min_run_share: f32,
            discard_within_minutes: u32,
            rest_days: u32,
            red_rest_days: u32,
            missed_days_allowed: u32,
            missed_days_per_week_down: u32,
            stop_reds: u32,
            stop_reds_window_days: u32,
            $($own: $own_ty,)*
        ]);
    };
    (@fields $name:ident, $model:expr, [$($field:ident: $ty:ty,)*]) => {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields, default)]
        struct $name {
            $($field: $ty,)*
        }

        impl Default for $name {
            fn default() -> Self {
                let rules = Rules::of($model);
                $name {
                    $($field: rules.$field,)*
                }
            }
        }

        impl From<$name> for Rules {
            fn from(n: $name) -> Rules {
                Rules {
                    $($field: n.$field,)*
                    ..Rules::of($model)
                }
            }
        }
    };
}

model_numbers!(
    SorenessFile,
    Model::Soreness,
    [
        warmup_pain: u8,
        settled_max_rise: u8,
        morning_red_pain: u8,
        morning_amber_rise: u8,
        morning_red_rise: u8,
        rising_sessions: u32,
        morning_amber_extra_rest_days: u32,
    ]
);

model_numbers!(
    PainMonitoringFile,
    Model::PainMonitoring,
    [
        morning_red_pain: u8,
        morning_amber_rise: u8,
        morning_red_rise: u8,
        worse_mornings_weeks: u32,
        morning_amber_extra_rest_days: u32,
    ]
);

model_numbers!(BoneStressFile, Model::BoneStress, [morning_red_pain: u8]);
