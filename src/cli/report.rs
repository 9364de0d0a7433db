//! `rtr history --format md`: a report a physical therapist can read in a
//! minute: the program and its rules, where the runner stands, every session
//! with its pain and decision, every red and stop, and the trends.

use crate::words::plural;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use chrono::NaiveDate;

use crate::coach::join::Join;
use crate::coach::light::Light;
use crate::coach::records::{History, Record, SessionRecord, StepRecord, time_weighted};
use crate::coach::replay::{Decision, DecisionKind, Standing, next_as_of};
use crate::coach::{Counts, RunFacts};
use crate::program::{Model, Program, Rules, minutes_text};
use crate::workout::Phase;

/// One run session as the report shows it.
struct Row<'a> {
    facts: &'a RunFacts,
    session: Option<&'a SessionRecord>,
    decision: Option<&'a Decision>,
}

pub fn report(
    program: &Program,
    records: &[Record],
    today: NaiveDate,
    since: Option<NaiveDate>,
) -> String {
    let history = History::new(records.to_vec());
    let join = Join::new(&history, program);
    let replayed = join.replay();
    let sessions: HashMap<&str, &SessionRecord> = records
        .iter()
        .filter_map(|r| match r {
            Record::Session(s) => Some((s.id.as_str(), s)),
            _ => None,
        })
        .collect();
    let mut other_programs = 0;
    let rows: Vec<Row> = join
        .runs()
        .filter_map(|(run, decision)| {
            if run.counts == Counts::OtherProgram {
                other_programs += 1;
                return None;
            }
            Some(Row {
                facts: run,
                session: sessions.get(run.id.as_str()).copied(),
                decision,
            })
        })
        .filter(|row| since.is_none_or(|since| row.facts.date >= since))
        .collect();

    let mut out = String::new();
    let r = &program.rules;
    let _ = writeln!(out, "# rtr report: {}\n", program.name);
    let _ = writeln!(
        out,
        "Written {today}{}. The runner's own record of a return to running: exercise guidance, not a medical record.\n",
        since
            .map(|s| format!(", sessions since {s}"))
            .unwrap_or_default()
    );
    let _ = writeln!(out, "## Program and rules\n");
    let _ = writeln!(
        out,
        "- {}; pain site: {}.",
        super::plan::size_text(program),
        program.pain_site
    );
    if r.model != Model::Soreness {
        let _ = writeln!(out, "- Rule model: {}.", r.model.described());
    }
    match r.model {
        Model::Soreness => soreness_lines(&mut out, r),
        Model::PainMonitoring => pain_monitoring_lines(&mut out, r),
        Model::BoneStress => bone_stress_lines(&mut out, r),
    }
    let _ = writeln!(
        out,
        "- Ready to run: pain before {}/10 or more, or more than {} above the usual (median of the last {} befores), means no run that day (not a session, no run day used; an override is asked twice and recorded).",
        r.ready_pain, r.ready_max_rise, r.usual_runs
    );
    let _ = writeln!(
        out,
        "- A session moves on only when {:.0} % of its main set's running was run and it was not ended early; an off-plan session (not the coach's next) never moves on. Red flags are asked after every run and every morning; any yes, or pain {} or more anywhere (a circuit too), stops the program.\n",
        r.min_run_share * 100.0,
        r.stop_pain
    );

    let _ = writeln!(out, "## Where the runner stands\n");
    match rows.first() {
        Some(first) => {
            let last = rows.last().map_or(first.facts.date, |r| r.facts.date);
            let _ = writeln!(
                out,
                "- {} from {} ({}) to {}.",
                plural(rows.len(), "run session"),
                first.facts.date,
                first.facts.session,
                last
            );
        }
        None => {
            let _ = writeln!(out, "- No run sessions recorded yet.");
        }
    }
    let standing = match (&replayed.standing, next_as_of(replayed, r, today)) {
        (Standing::Stopped { since, reason, .. }, _) => format!("stopped since {since}: {reason}"),
        (_, Some((next, earliest, moved))) => format!(
            "next session {next} (week {} of {}), from {}{}",
            next.week,
            program.weeks.len(),
            earliest.max(today),
            moved.map(|m| format!("; {m}")).unwrap_or_default()
        ),
        _ => "the program is complete".into(),
    };
    let _ = writeln!(out, "- Now: {standing}.");
    if other_programs > 0 {
        let _ = writeln!(
            out,
            "- {} of other programs (one-offs) are left out: they never move this plan.",
            plural(other_programs, "run session")
        );
    }
    if let Some(cadence) = crate::coach::records::own_cadence(records) {
        let _ = writeln!(
            out,
            "- Own cadence: {} steps a minute (noted {}); targets like +5 % build on it.",
            cadence.spm, cadence.date
        );
    }
    let lights = |light: Light| {
        rows.iter()
            .filter(|r| r.decision.is_some_and(|d| d.light == light))
            .count()
    };
    let _ = writeln!(
        out,
        "- Lights: {} green, {} amber, {} red.\n",
        lights(Light::Green),
        lights(Light::Amber),
        lights(Light::Red)
    );

    let _ = writeln!(out, "## Sessions\n");
    let _ = writeln!(
        out,
        "| date | session | run / total | pain before · warm-up · worst · after · morning | swelling or limp | light | decision |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|");
    for row in &rows {
        let f = row.facts;
        let pain = |p: Option<u8>| p.map_or("–".to_string(), |p| p.to_string());
        let time = row.session.map_or("–".to_string(), |s| {
            format!(
                "{} / {}",
                minutes_text(s.run_seconds),
                minutes_text(s.active_seconds)
            )
        });
        let off_plan = if f.counts == Counts::OffPlan {
            " (off-plan)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "| {} | {}{off_plan} | {time} | {} · {} · {} · {} · {} | {} | {} | {} |",
            f.date,
            f.session,
            f.before,
            pain(f.after_warmup),
            f.worst,
            f.after,
            pain(f.morning),
            if f.swelling_or_limp { "yes" } else { "no" },
            row.decision.map_or("–", |d| d.light.word()),
            row.decision.map_or("–", |d| d.kind.word()),
        );
    }
    let _ = writeln!(out, "\n## Decisions\n");
    for row in &rows {
        if let Some(d) = row.decision {
            let _ = writeln!(out, "- {} {}: {}", d.date, d.session, d.reason);
        }
    }
    let _ = writeln!(out, "\n## Every red and stop\n");
    let reds: Vec<&Decision> = rows
        .iter()
        .filter_map(|r| r.decision)
        .filter(|d| d.light == Light::Red || d.kind == DecisionKind::Stop)
        .collect();
    if reds.is_empty() {
        let _ = writeln!(out, "- None.");
    }
    for d in reds {
        let _ = writeln!(out, "- {} {}: {}", d.date, d.session, d.reason);
    }

    let _ = writeln!(out, "\n## Trends\n");
    let _ = writeln!(
        out,
        "Worst pain during each run, oldest first (amber from {}, red from {}):\n",
        r.amber_pain, r.red_pain
    );
    let _ = writeln!(
        out,
        "```\n{}```\n",
        chart(
            &rows.iter().map(|r| r.facts.worst).collect::<Vec<_>>(),
            r.amber_pain,
            r.red_pain
        )
    );
    let _ = writeln!(out, "Run minutes by week of the program:\n");
    let weeks = by_week(&rows);
    for (week, w) in &weeks {
        let _ = writeln!(
            out,
            "- week {week}: {} run, worst pain {}/10",
            minutes_text(w.run_seconds),
            w.worst
        );
    }
    sensed_by_week(&mut out, &weeks);
    out
}

/// One week of the program in the report.
#[derive(Default)]
struct Week<'a> {
    run_seconds: u32,
    worst: u8,
    /// The runs' steps (not the walks'), for what the sensors measured.
    run_steps: Vec<&'a StepRecord>,
}

fn by_week<'a>(rows: &[Row<'a>]) -> BTreeMap<u32, Week<'a>> {
    let mut weeks: BTreeMap<u32, Week> = BTreeMap::new();
    for row in rows {
        let week = weeks.entry(row.facts.session.week).or_default();
        week.run_seconds += row.session.map_or(0, |s| s.run_seconds);
        week.worst = week.worst.max(row.facts.worst);
        let steps = row.session.map(|s| s.steps.as_slice()).unwrap_or_default();
        week.run_steps
            .extend(steps.iter().filter(|s| s.phase == Phase::Run));
    }
    weeks
}

/// What a footpod and a strap measured on the runs, by week: the cadence
/// against the program's target, and the heart rate, averaged over the
/// running time; nothing when no sensor was worn.
fn sensed_by_week(out: &mut String, weeks: &BTreeMap<u32, Week>) {
    let lines: Vec<String> = weeks
        .iter()
        .filter_map(|(week, w)| sensed_text(&w.run_steps).map(|t| format!("- week {week}: {t}")))
        .collect();
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\nOn the runs, by week (footpod and heart-rate strap, averaged over the running time):\n"
    );
    for line in lines {
        let _ = writeln!(out, "{line}");
    }
}

/// "cadence 164 (target 168: -5 % on the runs with one) · heart rate 150
/// bpm, peak 158", or None when nothing was measured.
fn sensed_text(steps: &[&StepRecord]) -> Option<String> {
    let steps = || steps.iter().copied();
    let mut parts = Vec::new();
    if let Some(cadence) = time_weighted(steps(), |s| s.cadence.map(f64::from)) {
        let with_target: Vec<&StepRecord> = steps()
            .filter(|s| s.cadence.is_some() && s.target_cadence.is_some())
            .collect();
        let measured = time_weighted(with_target.iter().copied(), |s| s.cadence.map(f64::from));
        let target = time_weighted(with_target.iter().copied(), |s| {
            s.target_cadence.map(f64::from)
        });
        let against = match (measured, target) {
            (Some(measured), Some(target)) => format!(
                " (target {target:.0}: {:+.0} % on the runs with one)",
                (measured / target - 1.0) * 100.0
            ),
            _ => String::new(),
        };
        parts.push(format!("cadence {cadence:.0}{against}"));
    }
    if let Some(bpm) = time_weighted(steps(), |s| s.heart_rate.map(f64::from)) {
        let peak = steps().filter_map(|s| s.peak_heart_rate).max().unwrap_or(0);
        parts.push(format!("heart rate {bpm:.0} bpm, peak {peak}"));
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// A small plain-text chart: one column a session, rows 10 down to 0, with
/// the amber and red lines marked at the left.
fn chart(values: &[u8], amber: u8, red: u8) -> String {
    let mut out = String::new();
    let top = values.iter().copied().max().unwrap_or(0).max(red);
    for level in (0..=top).rev() {
        let mark = if level == red {
            "red  "
        } else if level == amber {
            "amber"
        } else {
            "     "
        };
        let _ = write!(out, "{mark} {level:>2} |");
        for &v in values {
            out.push(if v >= level && v > 0 {
                '█'
            } else if level == 0 {
                '_'
            } else {
                ' '
            });
        }
        out.push('\n');
    }
    out
}

/// "red 5 or more (step back a week, 2 days without running)"
fn red_text(r: &Rules) -> String {
    format!(
        "red {} or more (step back a week, {} days without running)",
        r.red_pain, r.red_rest_days
    )
}

/// "stop at 7 (see a physical therapist)"
fn stop_text(r: &Rules) -> String {
    format!("stop at {} (see a physical therapist)", r.stop_pain)
}

/// "2 reds within 14 days stop the program"
fn stop_reds_text(r: &Rules) -> String {
    format!(
        "{} reds within {} days stop the program",
        r.stop_reds, r.stop_reds_window_days
    )
}

/// The soreness rules (the knee), as a physical therapist reads them.
fn soreness_lines(out: &mut String, r: &Rules) {
    let _ = writeln!(
        out,
        "- During a run: green 0–{}, amber {}–{} (hold), {}, {}.",
        r.amber_pain - 1,
        r.amber_pain,
        r.red_pain - 1,
        red_text(r),
        stop_text(r)
    );
    let _ = writeln!(
        out,
        "- Next morning: amber {}–{} above the baseline, red {} or more above or {}/10; {}.",
        r.morning_amber_rise,
        r.morning_red_rise - 1,
        r.morning_red_rise,
        r.morning_red_pain,
        stop_reds_text(r)
    );
    let _ = writeln!(
        out,
        "- Warm-up pain {w}/10 or more that eases below {w} during the run is amber; if the run's pain reaches {w} too (it goes on, or comes back) it is red. Pain right after the session more than {} above the pain before it is amber (not settled).",
        r.settled_max_rise,
        w = r.warmup_pain
    );
}

/// The pain-monitoring model (Achilles, plantar fascia).
fn pain_monitoring_lines(out: &mut String, r: &Rules) {
    let _ = writeln!(
        out,
        "- During a run: up to {}/10 is acceptable if it settles by the next morning (green 0–{} at once; {}–{} amber until the morning is answered); {}, {}.",
        r.red_pain - 1,
        r.amber_pain - 1,
        r.amber_pain,
        r.red_pain - 1,
        red_text(r),
        stop_text(r)
    );
    let _ = writeln!(
        out,
        "- Next morning: amber {}–{} above the baseline or worse than the morning a week before; red {} or more above, {}/10, or worse than a week before {} weeks running; {}.",
        r.morning_amber_rise,
        r.morning_red_rise - 1,
        r.morning_red_rise,
        r.morning_red_pain,
        r.worse_mornings_weeks,
        stop_reds_text(r)
    );
}

/// The bone stress rules (the shin): no pain expected.
fn bone_stress_lines(out: &mut String, r: &Rules) {
    let _ = writeln!(
        out,
        "- No pain is expected: pain {}–{}/10 before, during or right after a run is amber (hold); {} or more is red (step back a week, {} days without running); {}.",
        r.amber_pain,
        r.red_pain - 1,
        r.red_pain,
        r.red_rest_days,
        stop_text(r)
    );
    let _ = writeln!(
        out,
        "- Next morning: pain walking {}/10 or more is red; {}.",
        r.morning_red_pain,
        stop_reds_text(r)
    );
}
