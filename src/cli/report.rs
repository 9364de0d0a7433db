//! `rtr history --format md`: a report a physical therapist can read in a
//! minute: the program and its rules, where the runner stands, every session
//! with its pain and decision, every red and stop, and the trends.

use std::collections::HashMap;
use std::fmt::Write;

use chrono::NaiveDate;

use crate::coach::light::Light;
use crate::coach::records::{Record, RunAnswers, SessionRecord, facts};
use crate::coach::replay::{Decision, DecisionKind, Standing, next_as_of, replay};
use crate::program::Program;

/// One run session as the report shows it.
struct Row<'a> {
    answers: &'a RunAnswers,
    morning: Option<u8>,
    session: Option<&'a SessionRecord>,
    decision: Option<&'a Decision>,
}

pub fn report(
    program: &Program,
    records: &[Record],
    today: NaiveDate,
    since: Option<NaiveDate>,
) -> String {
    let replayed = replay(program, &facts(records));
    let sessions: HashMap<&str, &SessionRecord> = records
        .iter()
        .filter_map(|r| match r {
            Record::Session(s) => Some((s.id.as_str(), s)),
            _ => None,
        })
        .collect();
    let mornings: HashMap<&str, u8> = records
        .iter()
        .filter_map(|r| match r {
            Record::Morning(m) => Some((m.session_id.as_str(), m.pain)),
            _ => None,
        })
        .collect();
    // Decisions come one a run, in the order of the answers.
    let rows: Vec<Row> = records
        .iter()
        .filter_map(|r| match r {
            Record::Answers(a) => Some(a),
            _ => None,
        })
        .zip(
            replayed
                .decisions
                .iter()
                .map(Some)
                .chain(std::iter::repeat(None)),
        )
        .map(|(answers, decision)| Row {
            answers,
            morning: mornings.get(answers.session_id.as_str()).copied(),
            session: sessions.get(answers.session_id.as_str()).copied(),
            decision,
        })
        .filter(|row| since.is_none_or(|since| row.answers.date >= since))
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
    let _ = writeln!(
        out,
        "- During a run: green 0–{}, amber {}–{} (hold), red {} or more (step back a week, {} days without running), stop at {} (see a physical therapist).",
        r.amber_pain - 1,
        r.amber_pain,
        r.red_pain - 1,
        r.red_pain,
        r.red_rest_days,
        r.stop_pain
    );
    let _ = writeln!(
        out,
        "- Next morning: amber {}–{} above the baseline, red {} or more above or {}/10; warm-up pain {}/10 or more that does not ease is red; {} reds within {} days stop the program.\n",
        r.morning_amber_rise,
        r.morning_red_rise - 1,
        r.morning_red_rise,
        r.morning_red_pain,
        r.warmup_pain,
        r.stop_reds,
        r.stop_reds_window_days
    );

    let _ = writeln!(out, "## Where the runner stands\n");
    match rows.first() {
        Some(first) => {
            let last = rows.last().map_or(first.answers.date, |r| r.answers.date);
            let _ = writeln!(
                out,
                "- {} run sessions from {} ({}) to {}.",
                rows.len(),
                first.answers.date,
                first.answers.session,
                last
            );
        }
        None => {
            let _ = writeln!(out, "- No run sessions recorded yet.");
        }
    }
    let standing = match (&replayed.standing, next_as_of(&replayed, r, today)) {
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
        let a = row.answers;
        let pain = |p: Option<u8>| p.map_or("–".to_string(), |p| p.to_string());
        let time = row.session.map_or("–".to_string(), |s| {
            format!("{} / {}", minutes(s.run_seconds), minutes(s.active_seconds))
        });
        let _ = writeln!(
            out,
            "| {} | {} | {time} | {} · {} · {} · {} · {} | {} | {} | {} |",
            a.date,
            a.session,
            a.before,
            pain(a.after_warmup),
            a.worst,
            a.after,
            pain(row.morning),
            if a.swelling_or_limp { "yes" } else { "no" },
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
            &rows.iter().map(|r| r.answers.worst).collect::<Vec<_>>(),
            r.amber_pain,
            r.red_pain
        )
    );
    let _ = writeln!(out, "Run minutes by week of the program:\n");
    let mut by_week: Vec<(u32, u32, u8)> = Vec::new();
    for row in &rows {
        let run = row.session.map_or(0, |s| s.run_seconds);
        match by_week
            .iter_mut()
            .find(|(w, _, _)| *w == row.answers.session.week)
        {
            Some(entry) => {
                entry.1 += run;
                entry.2 = entry.2.max(row.answers.worst);
            }
            None => by_week.push((row.answers.session.week, run, row.answers.worst)),
        }
    }
    by_week.sort();
    for (week, run, worst) in by_week {
        let _ = writeln!(
            out,
            "- week {week}: {} run, worst pain {worst}/10",
            minutes(run)
        );
    }
    out
}

fn minutes(secs: u32) -> String {
    format!("{} min", secs.div_ceil(60))
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
