//! `rtr plan`: the program week by week, as text or JSON.

use crate::words::plural;
use std::fmt::Write;

use serde::Serialize;

use crate::program::{
    Cadence, Circuit, CircuitKind, Duration, Exercise, Model, Program, Rules, SessionId, SpeedUnit,
    Step,
};
use crate::workout::{FlatStep, Totals, flatten_circuit, flatten_session};

#[derive(Serialize)]
struct PlanJson<'a> {
    name: &'a str,
    description: &'a str,
    pain_site: &'a str,
    speed_unit: &'static str,
    rules: &'a Rules,
    #[serde(flatten)]
    totals: Totals,
    weeks: Vec<WeekJson<'a>>,
    /// Every circuit with its exercises, in the order the plan first uses them.
    circuits: Vec<CircuitDetailJson<'a>>,
}

#[derive(Serialize)]
struct CircuitDetailJson<'a> {
    id: &'a str,
    name: &'a str,
    kind: CircuitKind,
    estimated_seconds: u32,
    exercises: &'a [Exercise],
}

#[derive(Serialize)]
struct WeekJson<'a> {
    week: u32,
    focus: Option<&'a str>,
    /// The target cadence of the week's runs: "+5%" or "172 spm".
    cadence: Option<crate::program::Cadence>,
    /// The strength circuit for the week's non-run days.
    prehab: Option<CircuitJson<'a>>,
    #[serde(flatten)]
    totals: Totals,
    sessions: Vec<SessionJson<'a>>,
}

/// Where the runner is in the plan: what is done and what is next.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    pub done: std::collections::HashSet<SessionId>,
    pub next: Option<SessionId>,
}

#[derive(Serialize)]
struct SessionJson<'a> {
    id: SessionId,
    name: Option<&'a str>,
    /// Run to its end at least once.
    done: bool,
    /// The coach's next session.
    next: bool,
    /// Warm-up, main set and cool-down; the circuit after it is counted apart.
    #[serde(flatten)]
    totals: Totals,
    circuit: Option<CircuitJson<'a>>,
    steps: Vec<FlatStep>,
}

#[derive(Serialize)]
struct CircuitJson<'a> {
    id: &'a str,
    name: &'a str,
    /// Holds and rests as written, rep sets at a few seconds a rep.
    estimated_seconds: u32,
}

fn circuit_json<'a>(program: &'a Program, id: &'a str) -> Option<CircuitJson<'a>> {
    let circuit = program.circuit(id)?;
    Some(CircuitJson {
        id,
        name: &circuit.name,
        estimated_seconds: Totals::of(&flatten_circuit(circuit)).total_seconds,
    })
}

fn plan<'a>(program: &'a Program, progress: &Progress) -> PlanJson<'a> {
    let mut weeks = Vec::new();
    let mut program_totals = Totals::default();
    for (w, week) in program.weeks.iter().enumerate() {
        let mut sessions = Vec::new();
        let mut week_totals = Totals::default();
        for (s, session) in week.sessions.iter().enumerate() {
            let id = SessionId {
                week: w as u32 + 1,
                session: s as u32 + 1,
            };
            let steps = flatten_session(program, id).unwrap_or_default();
            let totals = Totals::of(&steps);
            week_totals.add(totals);
            sessions.push(SessionJson {
                id,
                done: progress.done.contains(&id),
                next: progress.next == Some(id),
                name: session.name.as_deref(),
                totals,
                circuit: program
                    .circuit_after(session)
                    .and_then(|c| circuit_json(program, c)),
                steps,
            });
        }
        program_totals.add(week_totals);
        weeks.push(WeekJson {
            week: w as u32 + 1,
            focus: week.focus.as_deref(),
            cadence: week.cadence,
            prehab: week
                .prehab
                .as_deref()
                .and_then(|c| circuit_json(program, c)),
            totals: week_totals,
            sessions,
        });
    }
    let circuits = circuit_order(program)
        .into_iter()
        .filter_map(|id| {
            let circuit = program.circuit(id)?;
            Some(CircuitDetailJson {
                id,
                name: &circuit.name,
                kind: circuit.kind,
                estimated_seconds: Totals::of(&flatten_circuit(circuit)).total_seconds,
                exercises: &circuit.exercises,
            })
        })
        .collect();
    PlanJson {
        circuits,
        name: &program.name,
        description: &program.description,
        pain_site: &program.pain_site,
        speed_unit: program.speed_unit.label(),
        rules: &program.rules,
        totals: program_totals,
        weeks,
    }
}

/// The circuits' ids in the order the plan first names them (the default
/// after runs, then week by week), then any it never names.
fn circuit_order(program: &Program) -> Vec<&str> {
    let named = program.weeks.iter().flat_map(|week| {
        let after_runs = week.sessions.iter().map(|s| program.circuit_after(s));
        std::iter::once(week.prehab.as_deref()).chain(after_runs)
    });
    let mut order: Vec<&str> = Vec::new();
    let all = program.circuits.keys().map(|id| Some(id.as_str()));
    for id in std::iter::once(program.defaults.circuit.as_deref())
        .chain(named)
        .chain(all)
        .flatten()
    {
        if !order.contains(&id) {
            order.push(id);
        }
    }
    order
}

pub fn plan_json(program: &Program, progress: &Progress) -> String {
    serde_json::to_string_pretty(&plan(program, progress)).expect("plan JSON has only plain values")
}

/// The first lines of `rtr` until the home screen: what program, what next.
pub fn overview(program: &Program) -> String {
    format!(
        "{}: {}.\n\
         `rtr plan` shows it week by week; `rtr --help` lists every command.\n\
         This is exercise guidance, not medical care. Never run through sharp pain.\n",
        program.name,
        size_text(program),
    )
}

/// How the program's rule model reads pain during a run, with its numbers.
fn during_a_run(rules: &Rules) -> String {
    let (amber, red, stop) = (rules.amber_pain, rules.red_pain, rules.stop_pain);
    match rules.model {
        Model::Soreness => format!("amber from {amber}/10, red from {red}/10, stop at {stop}/10"),
        Model::PainMonitoring => format!(
            "up to {}/10 is acceptable if it settles by the next morning; red from {red}/10; stop at {stop}/10",
            red.saturating_sub(1)
        ),
        Model::BoneStress => {
            let highest = red.saturating_sub(1);
            let amber = if highest > amber {
                format!("{amber}–{highest}")
            } else {
                amber.to_string()
            };
            format!("no pain expected: amber {amber}/10, red from {red}/10, stop at {stop}/10")
        }
    }
}

/// "10 weeks, 30 sessions".
pub fn size_text(program: &Program) -> String {
    let sessions = program.weeks.iter().map(|w| w.sessions.len()).sum();
    format!(
        "{}, {}",
        plural(program.weeks.len(), "week"),
        plural(sessions, "session")
    )
}

pub fn plan_text(program: &Program, progress: &Progress) -> String {
    let plan = plan(program, progress);
    let rules = &program.rules;
    let mut out = String::new();
    let _ = writeln!(out, "{}: {}", plan.name, size_text(program));
    if !plan.description.is_empty() {
        let _ = writeln!(out, "{}", plan.description);
    }
    let _ = writeln!(
        out,
        "Pain site: {}. During a run: {}.",
        plan.pain_site,
        during_a_run(rules)
    );
    for (week, week_json) in program.weeks.iter().zip(&plan.weeks) {
        let _ = write!(out, "\nWeek {}", week_json.week);
        if let Some(focus) = week_json.focus {
            let _ = write!(out, " · focus: {focus}");
        }
        match week_json.cadence {
            Some(raise @ Cadence::Raise(_)) => {
                let _ = write!(out, " · cadence {raise} above yours");
            }
            Some(cadence) => {
                let _ = write!(out, " · cadence {cadence}");
            }
            None => {}
        }
        out.push('\n');
        if let Some(prehab) = &week_json.prehab {
            let _ = writeln!(out, "  non-run days: {}", circuit_text(prehab));
        }
        for (session, json) in week.sessions.iter().zip(&week_json.sessions) {
            let title = json.name.map(|n| format!(" · {n}")).unwrap_or_default();
            let mark = match (json.next, json.done) {
                (true, _) => "  ▶ next",
                (_, true) => "  ✓ done",
                _ => "",
            };
            let _ = writeln!(out, "  {}{title}{mark}", json.id);
            let parts = [
                ("warm-up", program.warmup(session)),
                ("main", &session.main[..]),
                ("cool-down", program.cooldown(session)),
            ];
            for (name, steps) in parts {
                if !steps.is_empty() {
                    let text = steps_text(steps, program.speed_unit);
                    let _ = writeln!(out, "       {name:<10}{text}");
                }
            }
            if let Some(circuit) = &json.circuit {
                let _ = writeln!(out, "       {:<10}{}", "then", circuit_text(circuit));
            }
            let _ = writeln!(out, "       {}", totals_text(json.totals));
        }
        let _ = writeln!(
            out,
            "  week {}: {}",
            week_json.week,
            totals_text(week_json.totals)
        );
    }
    let _ = writeln!(out, "\nProgram: {}", totals_text(plan.totals));
    for (i, json) in plan.circuits.iter().enumerate() {
        if i == 0 {
            let _ = writeln!(out, "\nCircuits");
        }
        if let Some(circuit) = program.circuit(json.id) {
            let minutes = json.estimated_seconds.div_ceil(60);
            let _ = writeln!(out, "  {} (about {minutes} min)", json.name);
            out.push_str(&exercises_text(circuit));
        }
    }
    out
}

/// Each exercise of a circuit: its name, sets, reps or hold, rest and cues.
fn exercises_text(circuit: &Circuit) -> String {
    let mut out = String::new();
    for exercise in &circuit.exercises {
        let each = match (exercise.reps, exercise.hold) {
            (Some(reps), _) => plural(reps as usize, "rep"),
            (None, Some(hold)) => format!("{hold} hold"),
            (None, None) => String::new(),
        };
        let side = if exercise.per_side { " each side" } else { "" };
        let _ = writeln!(
            out,
            "    {}: {} × {each}{side}, rest {}",
            exercise.name, exercise.sets, exercise.rest
        );
        if !exercise.cues.is_empty() {
            let _ = writeln!(out, "      {}", cues_text(&exercise.cues));
        }
    }
    out
}

/// Cues as sentences: "Heels together. Pelvis still: only the knee opens."
fn cues_text(cues: &[String]) -> String {
    let sentences: Vec<String> = cues
        .iter()
        .map(|cue| {
            let cue = cue.trim();
            if cue.ends_with(['.', '!', '?']) {
                cue.to_string()
            } else {
                format!("{cue}.")
            }
        })
        .collect();
    sentences.join(" ")
}

fn totals_text(totals: Totals) -> String {
    format!(
        "{} in all · run {} · walk {}",
        Duration::from_secs(totals.total_seconds),
        Duration::from_secs(totals.run_seconds),
        Duration::from_secs(totals.walk_seconds)
    )
}

fn circuit_text(circuit: &CircuitJson) -> String {
    let minutes = circuit.estimated_seconds.div_ceil(60);
    format!("{} (about {minutes} min)", circuit.name)
}

/// A main set in a few words, for the home screen.
pub fn steps_summary(program: &Program, steps: &[Step]) -> String {
    steps_text(steps, program.speed_unit)
}

/// "5:00 walk, 3:00 drills" or "6 × (1:00 run / 4:00 walk)".
fn steps_text(steps: &[Step], unit: SpeedUnit) -> String {
    let parts: Vec<String> = steps.iter().map(|s| step_text(s, unit)).collect();
    parts.join(", ")
}

fn step_text(step: &Step, unit: SpeedUnit) -> String {
    let (effort, kind) = match step {
        Step::Run(effort) => (effort, "run"),
        Step::Walk(effort) => (effort, "walk"),
        Step::Drill(effort) => (effort, "drills"),
        Step::Repeat { times, steps } => {
            let inner: Vec<String> = steps.iter().map(|s| step_text(s, unit)).collect();
            return format!("{times} × ({})", inner.join(" / "));
        }
    };
    let mut text = format!("{} {kind}", effort.time);
    if let Some(speed) = effort.speed {
        let _ = write!(text, " at {speed} {}", unit.label());
    }
    if let Some(incline) = effort.incline {
        let _ = write!(text, ", {incline} % incline");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_json_lists_every_circuit_in_the_order_the_plan_uses_them() {
        let program = crate::program::builtin();
        let json: serde_json::Value =
            serde_json::from_str(&plan_json(&program, &Progress::default())).unwrap();
        let ids: Vec<&str> = json["circuits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["mobility", "strength-1", "strength-2", "strength-3"]);
        let clamshell = &json["circuits"][1]["exercises"][1];
        assert_eq!(clamshell["name"], "Clamshell with band");
        assert_eq!(
            (&clamshell["sets"], &clamshell["reps"]),
            (&2.into(), &10.into())
        );
        assert_eq!(clamshell["per_side"], true);
        assert_eq!(clamshell["rest"], "0:45");
    }

    #[test]
    fn the_text_gives_each_exercise_its_dose_and_cues() {
        let program = crate::program::builtin();
        let text = plan_text(&program, &Progress::default());
        let circuits = &text[text.find("\nCircuits\n").unwrap()..];
        assert!(circuits.contains(
            "    Clamshell with band: 2 × 10 reps each side, rest 0:45\n      \
             Heels together. Pelvis still: only the knee opens.\n"
        ));
        assert!(circuits.contains("    Glute bridge: 3 × 10 reps, rest 0:45\n"));
        assert!(circuits.contains("    Side plank: 2 × 0:20 hold each side, rest 0:45\n"));
        assert_eq!(plural(1, "rep"), "1 rep");
    }
}
