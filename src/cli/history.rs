//! `rtr history --format table|csv|json`: the sessions of the journal,
//! streamed so that a long history costs little memory.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::ValueEnum;

use super::EXIT_INVALID;

use crate::coach::Counts;
use crate::coach::join::Join;
use crate::coach::records::{History, OverrideRecord, Record, SessionRecord};
use crate::journal::Journal;
use crate::program::clock_text;
use crate::tui::history_screen::{HistoryRow, HistoryView};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
    /// A report for a physical therapist, in Markdown.
    Md,
}

/// `already_said`: the journal's warnings rtr has printed already.
/// `since`: only the sessions started on or after this day.
pub fn history(
    dir: Option<&Path>,
    format: Format,
    since: Option<chrono::NaiveDate>,
    already_said: &[String],
) -> ExitCode {
    let Some(dir) = crate::paths::data_dir(dir) else {
        eprintln!("rtr: no history to read: set --data-dir or RTR_DATA_DIR (HOME is not set)");
        return ExitCode::from(EXIT_INVALID);
    };
    let journal = Journal::new(&dir);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut writer = Writer { format, count: 0 };
    let mut failed = None;
    // Discarded sessions are left out, and a session recorded twice is one.
    let mut left_out = voided(&journal).unwrap_or_default();
    let read = journal.read(|_, record| {
        if failed.is_none()
            && let Record::Session(session) = record
            && since.is_none_or(|day| session.started.date_naive() >= day)
            && left_out.insert(session.id.clone())
            && let Err(err) = writer.row(&mut out, &session)
        {
            failed = Some(err);
        }
    });
    let done = writer.end(&mut out).and_then(|()| out.flush());
    match (read, failed.map_or(done, Err)) {
        (Ok(warnings), Ok(())) => {
            for warning in warnings.iter().map(ToString::to_string) {
                if !already_said.contains(&warning) {
                    eprintln!("rtr: {warning}");
                }
            }
            ExitCode::SUCCESS
        }
        // `rtr history | head` closes the pipe early: not an error.
        (_, Err(err)) if err.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        (Err(err), _) | (_, Err(err)) => {
            eprintln!(
                "rtr: cannot read the history {}: {err}",
                journal.path().display()
            );
            ExitCode::from(EXIT_INVALID)
        }
    }
}

/// The ids of the sessions the runner discarded: every line but a void
/// record's is passed over unread.
pub(super) fn voided(journal: &Journal) -> io::Result<std::collections::HashSet<String>> {
    let mut ids = std::collections::HashSet::new();
    journal.read_custom(
        |_, text| !text.starts_with("{\"v\":1,\"kind\":\"void\""),
        |_, record| {
            if let Record::Void(void) = record {
                ids.insert(void.session_id);
            }
        },
    )?;
    Ok(ids)
}

/// `rtr history` in a terminal: the full-screen history.
pub fn screen(program: &crate::program::Program, dir: Option<&Path>) -> ExitCode {
    let journal = crate::paths::data_dir(dir).map(|dir| Journal::new(&dir));
    let (view, offsets) = match &journal {
        Some(journal) => view_from_journal(program, journal),
        None => (screen_view(program, &[]), Vec::new()),
    };
    // A session's detail is read again from its line when it is opened.
    let detail_of = |row: usize| -> Vec<String> {
        let read = journal.as_ref().map(|j| j.record_at(offsets[row]));
        match read {
            Some(Ok(Record::Session(session))) => detail_lines(program, &session, &view.rows[row]),
            Some(Err(err)) => vec![format!("This session cannot be read again: {err}")],
            _ => Vec::new(),
        }
    };
    match crate::tui::history_screen::run(&view, &detail_of) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            crate::tui::term::say(&format!("rtr: the history screen needs a terminal: {err}"));
            ExitCode::from(EXIT_INVALID)
        }
    }
}

/// Only what a table row needs of a session line, borrowed where it can be.
#[derive(serde::Deserialize)]
struct SessionLine<'a> {
    #[serde(borrow)]
    id: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    program: std::borrow::Cow<'a, str>,
    #[serde(default, borrow)]
    program_id: Option<std::borrow::Cow<'a, str>>,
    #[serde(default)]
    off_plan: bool,
    #[serde(default)]
    instead: Option<crate::workout::Instead>,
    session: crate::program::SessionId,
    #[serde(borrow)]
    started: std::borrow::Cow<'a, str>,
    run_seconds: u32,
    active_seconds: u32,
}

/// The history screen from the journal, streamed: a small row a session,
/// with where its line starts (for its detail), and every other record.
pub fn view_from_journal(
    program: &crate::program::Program,
    journal: &Journal,
) -> (HistoryView, Vec<u64>) {
    // Both readers below add sessions: the short form, and any other.
    let sessions = std::cell::RefCell::new(Vec::new());
    let offsets = std::cell::RefCell::new(Vec::new());
    let mut others = Vec::new();
    let line_start = std::cell::Cell::new(0);
    let read = journal.read_custom(
        |offset, text| {
            line_start.set(offset);
            let Some(line) = text
                .starts_with(crate::journal::SESSION_PREFIX)
                .then(|| serde_json::from_str::<SessionLine>(text).ok())
                .flatten()
            else {
                return false; // read in full below
            };
            let date =
                chrono::NaiveDate::parse_from_str(line.started.get(..10).unwrap_or(""), "%Y-%m-%d");
            let of = SessionOf {
                name: line.program.into_owned(),
                id: line.program_id.map(|id| id.into_owned()),
                off_plan: line.off_plan,
                instead: line.instead,
            };
            sessions.borrow_mut().push((
                line.id.into_owned().into_boxed_str(),
                row(
                    date.unwrap_or_default(),
                    line.session,
                    line.run_seconds,
                    line.active_seconds,
                ),
                of,
            ));
            offsets.borrow_mut().push(offset);
            true
        },
        |_, record| match record {
            Record::Session(s) => {
                let row = (
                    s.id.clone().into_boxed_str(),
                    session_row(&s),
                    SessionOf::of(&s),
                );
                sessions.borrow_mut().push(row);
                offsets.borrow_mut().push(line_start.get());
            }
            other => others.push(other),
        },
    );
    let mut view = join(program, sessions.into_inner(), others);
    match read {
        Ok(warnings) => view.warnings = warnings.iter().map(ToString::to_string).collect(),
        Err(err) => view
            .warnings
            .push(format!("The history cannot be read: {err}")),
    }
    (view, offsets.into_inner())
}

fn row(
    date: chrono::NaiveDate,
    session: crate::program::SessionId,
    run: u32,
    active: u32,
) -> HistoryRow {
    HistoryRow {
        date,
        session,
        run_seconds: run,
        active_seconds: active,
        pains: [None; 5],
        swelling_or_limp: None,
        light: None,
        decision: None,
        reason: None,
        red_flags: Vec::new(),
        label: None,
        circuit: None,
        overrides: Vec::new(),
    }
}

/// Which program a session belonged to, and how it counted.
struct SessionOf {
    name: String,
    /// None in a journal older than program ids.
    id: Option<String>,
    off_plan: bool,
    instead: Option<crate::workout::Instead>,
}

impl SessionOf {
    fn of(s: &SessionRecord) -> SessionOf {
        SessionOf {
            name: s.program.clone(),
            id: s.program_id.clone(),
            off_plan: s.off_plan,
            instead: s.instead,
        }
    }
}

fn session_row(s: &SessionRecord) -> HistoryRow {
    row(
        s.started.date_naive(),
        s.session,
        s.run_seconds,
        s.active_seconds,
    )
}

/// The history screen's content from records (a short history, or tests).
pub fn screen_view(program: &crate::program::Program, records: &[Record]) -> HistoryView {
    let sessions = records
        .iter()
        .filter_map(|r| match r {
            Record::Session(s) => Some((
                s.id.clone().into_boxed_str(),
                session_row(s),
                SessionOf::of(s),
            )),
            _ => None,
        })
        .collect();
    let others = records
        .iter()
        .filter(|r| !matches!(r, Record::Session(_)))
        .cloned()
        .collect();
    join(program, sessions, others)
}

/// The sessions with their answers, next mornings and decisions, each
/// labelled when it belongs to another program.
fn join(
    program: &crate::program::Program,
    sessions: Vec<(Box<str>, HistoryRow, SessionOf)>,
    records: Vec<Record>,
) -> HistoryView {
    let voided: std::collections::HashSet<String> = records
        .iter()
        .filter_map(|r| match r {
            Record::Void(v) => Some(v.session_id.clone()),
            _ => None,
        })
        .collect();
    let mut seen = std::collections::HashSet::new();
    let sessions: Vec<_> = sessions
        .into_iter()
        .filter(|(id, _, _)| !voided.contains(&**id) && seen.insert(id.clone()))
        .collect();
    let mut history = History::new(records);
    history.legacy_programs = sessions
        .iter()
        .filter(|(_, _, of)| of.id.is_none())
        .map(|(id, _, of)| (id.to_string(), of.name.clone()))
        .collect();
    let join = Join::new(&history, program);
    let circuits: std::collections::HashMap<&str, (u8, Option<u8>)> = history
        .records
        .iter()
        .filter_map(|r| match r {
            Record::CircuitPain(c) => Some((c.session_id.as_str(), (c.pain, c.highest_report))),
            _ => None,
        })
        .collect();
    // An override names no session: it belongs to the first session of its
    // day, number and program.
    let mut overrides: Vec<&OverrideRecord> = history
        .records
        .iter()
        .filter_map(|r| match r {
            Record::Override(o) => Some(o),
            _ => None,
        })
        .collect();
    let mut weeks: Vec<(u32, u32, u8)> = Vec::new();
    let rows = sessions
        .into_iter()
        .map(|(id, mut row, of)| {
            row.circuit = circuits.get(&*id).copied();
            overrides.retain(|o| {
                let program = o.program.as_ref().is_none_or(|p| of.id.as_ref() == Some(p));
                let ours = program && o.date == row.date && o.session == row.session;
                if ours {
                    row.overrides.push((*o).clone());
                }
                !ours
            });
            let run = join.run(&id);
            if let Some(run) = run {
                row.pains = [
                    Some(run.before),
                    run.after_warmup,
                    Some(run.worst),
                    Some(run.after),
                    run.morning,
                ];
                row.swelling_or_limp = Some(run.swelling_or_limp);
                row.red_flags = run
                    .red_flags
                    .iter()
                    .chain(&run.morning_flags)
                    .cloned()
                    .collect();
            }
            if let Some(decision) = join.decision(&id) {
                row.light = Some(decision.light);
                row.decision = Some(decision.kind);
                row.reason = Some(decision.reason.clone());
            }
            let other = match run {
                Some(run) => run.counts == Counts::OtherProgram,
                None => another_program(of.id.as_deref(), &of.name, program),
            };
            // A circuit on its own: no run, and no week of the runs.
            let prehab = of.instead == Some(crate::workout::Instead::Prehab);
            row.label = if other {
                Some(format!("({})", of.name).into_boxed_str())
            } else if prehab {
                Some("(prehab)".into())
            } else if let Some(instead) = of.instead {
                Some(format!("({} instead)", instead.word()).into_boxed_str())
            } else if of.off_plan {
                Some("(off-plan)".into())
            } else {
                None
            };
            if !other && !prehab {
                let seconds = row.run_seconds;
                let worst = row.worst().unwrap_or(0);
                match weeks.iter_mut().find(|(w, _, _)| *w == row.session.week) {
                    Some(week) => {
                        week.1 += seconds;
                        week.2 = week.2.max(worst);
                    }
                    None => weeks.push((row.session.week, seconds, worst)),
                }
            }
            row
        })
        .collect();
    weeks.sort();
    HistoryView {
        program: program.name.clone(),
        rows,
        weeks,
        amber: program.rules.amber_pain,
        red: program.rules.red_pain,
        warnings: Vec::new(),
    }
}

/// Every line of a session's detail: time, pain reports, answers, the
/// decision's reason, and every step when the program is the one it ran.
pub fn detail_lines(
    program: &crate::program::Program,
    s: &SessionRecord,
    row: &HistoryRow,
) -> Vec<String> {
    let pain = |p: Option<u8>| p.map_or("–".to_string(), |p| p.to_string());
    let skipped = if s.skipped.is_empty() {
        String::new()
    } else {
        let names: Vec<String> = s.skipped.iter().map(ToString::to_string).collect();
        format!(" (skipped: {})", names.join(", "))
    };
    let resumed = if s.resumed {
        " (resumed after an interruption)"
    } else {
        ""
    };
    let mut lines = vec![
        format!(
            "{} · session {} · {}",
            s.started.format("%A %-d %b %Y, %H:%M"),
            s.session,
            s.program
        ),
        String::new(),
        format!(
            "Steps: {} done, {} skipped, {} not reached{skipped}",
            s.steps_done, s.steps_skipped, s.steps_not_reached
        ),
        format!(
            "Time: {} active, ran {}, walked {}; paused {} in {} pause{}",
            clock_text(s.active_seconds),
            clock_text(s.run_seconds),
            clock_text(s.walk_seconds),
            clock_text(s.paused_seconds),
            s.pauses,
            if s.pauses == 1 { "" } else { "s" }
        ),
        match &s.ended_early {
            Some(reason) => format!("Ended early: {reason}{resumed}"),
            None => format!("Completed{resumed}"),
        },
    ];
    let named = match &s.program_id {
        Some(id) => format!("{} ({id})", s.program),
        None => s.program.clone(),
    };
    let another = another_program(s.program_id.as_deref(), &s.program, program);
    if s.off_plan {
        lines.push(format!(
            "Off-plan: run by your choice, not the coach's next session; program {named}"
        ));
    } else if another {
        lines.push(format!(
            "Another program's session: {named}; it does not count in {}",
            program.name
        ));
    }
    for report in &s.pain_reports {
        lines.push(format!(
            "Pain {}/10 reported at {} ({})",
            report.pain,
            clock_text(report.at_seconds),
            report.label
        ));
    }
    if row.swelling_or_limp.is_some() {
        let [before, warmup, worst, after, morning] = row.pains;
        lines.push(format!(
            "Answers: before {}, after the warm-up {}, worst {}, after {}, next morning {}; swelling or limp: {}",
            pain(before),
            pain(warmup),
            pain(worst),
            pain(after),
            pain(morning),
            if row.swelling_or_limp == Some(true) { "yes" } else { "no" }
        ));
    }
    if let Some((pain, highest)) = row.circuit {
        lines.push(match highest {
            Some(report) => format!(
                "Circuit: pain {pain}/10 after it; the highest ! report during it {report}/10"
            ),
            None => format!("Circuit: pain {pain}/10 after it"),
        });
    }
    if !row.red_flags.is_empty() {
        lines.push(format!("Red flags: {}", row.red_flags.join(", ")));
    }
    for choice in &row.overrides {
        if let Some(earliest) = choice.earliest {
            lines.push(format!(
                "Started early, your choice: the coach had a rest day, its next run on {}",
                earliest.format("%A %-d %b")
            ));
        }
        if let Some(reason) = &choice.reason {
            lines.push(format!("Ran anyway, your choice: {reason}"));
        }
    }
    if let Some(reason) = &row.reason {
        lines.push(String::new());
        lines.push(reason.clone());
    }
    lines.push(String::new());
    lines.extend(step_lines(program, s));
    lines
}

/// The session's steps from the program, each done, skipped or not reached.
fn step_lines(program: &crate::program::Program, s: &SessionRecord) -> Vec<String> {
    // The program's steps are the run's: a walk or a circuit in its place
    // had others.
    if let Some(instead) = s.instead {
        return vec![format!(
            "Steps: not listed for a {} session, only for a run.",
            instead.word()
        )];
    }
    let recorded = |place: usize| s.steps.iter().find(|r| r.step as usize == place);
    let steps = crate::workout::session_workout(program, s.session);
    let Some(steps) = steps.filter(|_| program.source_hash == s.program_hash) else {
        if s.steps.is_empty() {
            return vec![
                "Steps: the program has changed since this session, so they are not listed.".into(),
            ];
        }
        // The record's own steps: the run's, as the clock ran them.
        let mut lines = vec!["Steps (as recorded; the program has changed since):".to_string()];
        for step in &s.steps {
            let how = match step.outcome {
                crate::workout::Outcome::Skipped => "skipped",
                _ => "done",
            };
            lines.push(format!(
                "  {:>2}. {} {}: {how}{}",
                step.step,
                step.label,
                clock_text((step.millis() / 1000) as u32),
                measured(step)
            ));
        }
        return lines;
    };
    let skipped: Vec<usize> = s.skipped.iter().map(|k| k.step as usize).collect();
    let reached = (s.steps_done + s.steps_skipped) as usize;
    let mut lines = vec!["Steps:".to_string()];
    for (i, step) in steps.steps().iter().enumerate() {
        let how = if skipped.contains(&(i + 1)) {
            "skipped"
        } else if i < reached {
            "done"
        } else {
            "not reached"
        };
        lines.push(format!(
            "  {:>2}. {} {}: {how}{}",
            i + 1,
            step.label,
            step.length,
            recorded(i + 1).map_or(String::new(), measured)
        ));
    }
    lines
}

/// Whether a session of the program with this id (or, recorded before ids,
/// this name) is of another program than `program`.
fn another_program(id: Option<&str>, name: &str, program: &crate::program::Program) -> bool {
    id.map_or(name != program.name, |id| id != program.id)
}

/// What a device measured in a step, when anything was: the treadmill's
/// metres, the strap's heart rate, the footpod's cadence.
fn measured(step: &crate::coach::records::StepRecord) -> String {
    let mut parts = Vec::new();
    if let Some(metres) = step.distance_m {
        parts.push(format!("{metres:.0} m"));
    }
    if let Some(kmh) = step.belt_kmh {
        parts.push(format!("belt {kmh:.1} km/h"));
    }
    match (step.heart_rate, step.peak_heart_rate) {
        (Some(average), Some(peak)) if peak != average => {
            parts.push(format!("heart rate {average} (peak {peak})"));
        }
        (Some(average), _) => parts.push(format!("heart rate {average}")),
        (None, _) => {}
    }
    if let Some(cadence) = step.cadence {
        let target = step
            .target_cadence
            .map(|t| format!(" (target {t})"))
            .unwrap_or_default();
        parts.push(format!("cadence {cadence}{target}"));
    }
    parts.iter().map(|p| format!(" · {p}")).collect()
}

struct Writer {
    format: Format,
    count: usize,
}

const CSV_HEADER: &str = "id,session,program,started,ended,completed,ended_early_reason,resumed,\
steps_done,steps_skipped,steps_not_reached,run_seconds,walk_seconds,active_seconds,\
paused_seconds,pauses,worst_pain,pain_reports,program_id,off_plan,instead,distance_m,\
distance_source,avg_hr,peak_hr,avg_cadence";

impl Writer {
    fn row(&mut self, out: &mut impl Write, s: &SessionRecord) -> io::Result<()> {
        if self.count == 0 {
            match self.format {
                Format::Table => writeln!(
                    out,
                    "{:<16}  {:<7}  {:>10}  {:>6}  {:>6}  {:>8}  {:>6}  {:>5}  ended · program",
                    "date", "session", "steps done", "run", "walk", "active", "paused", "pain"
                )?,
                Format::Csv => writeln!(out, "{CSV_HEADER}")?,
                Format::Json => write!(out, "[")?,
                Format::Md => {}
            }
        }
        self.count += 1;
        match self.format {
            Format::Table | Format::Md => table_row(out, s),
            Format::Csv => csv_row(out, s),
            Format::Json => {
                if self.count > 1 {
                    write!(out, ",")?;
                }
                write!(out, "\n  ")?;
                serde_json::to_writer(&mut *out, &JsonRow::of(s)).map_err(io::Error::other)
            }
        }
    }

    fn end(&self, out: &mut impl Write) -> io::Result<()> {
        match (self.format, self.count) {
            (Format::Json, 0) => writeln!(out, "[]"),
            (Format::Json, _) => writeln!(out, "\n]"),
            (Format::Table, 0) => writeln!(out, "No sessions recorded yet."),
            _ => Ok(()),
        }
    }
}

fn table_row(out: &mut impl Write, s: &SessionRecord) -> io::Result<()> {
    let total = s.steps_done + s.steps_skipped + s.steps_not_reached;
    let pain = s
        .worst_pain()
        .map_or("–".to_string(), |p| format!("{p}/10"));
    let ended = match &s.ended_early {
        Some(reason) => format!("early: {reason}"),
        None => "complete".to_string(),
    };
    writeln!(
        out,
        "{:<16}  {:<7}  {:>10}  {:>6}  {:>6}  {:>8}  {:>6}  {:>5}  {ended}{} · {}{}{}",
        s.started.format("%Y-%m-%d %H:%M"),
        s.session.to_string(),
        format!("{}/{total}", s.steps_done),
        clock_text(s.run_seconds),
        clock_text(s.walk_seconds),
        clock_text(s.active_seconds),
        clock_text(s.paused_seconds),
        pain,
        if s.resumed { " (resumed)" } else { "" },
        s.program,
        if s.off_plan { " (off-plan)" } else { "" },
        match s.instead {
            // A circuit chosen on its own replaced nothing.
            Some(crate::workout::Instead::Prehab) => " (prehab)".to_string(),
            Some(instead) => format!(" ({} instead of the run)", instead.word()),
            None => String::new(),
        }
    )
}

fn csv_row(out: &mut impl Write, s: &SessionRecord) -> io::Result<()> {
    let totals = crate::export::totals(s);
    let shown = |n: Option<_>| n.map_or(String::new(), |n: u16| n.to_string());
    let pains: Vec<String> = s
        .pain_reports
        .iter()
        .map(|p| format!("{}@{}s", p.pain, p.at_seconds))
        .collect();
    let fields = [
        csv(&s.id),
        s.session.to_string(),
        csv(&s.program),
        s.started.to_rfc3339(),
        s.ended.to_rfc3339(),
        s.ended_early.is_none().to_string(),
        csv(s.ended_early.as_deref().unwrap_or("")),
        s.resumed.to_string(),
        s.steps_done.to_string(),
        s.steps_skipped.to_string(),
        s.steps_not_reached.to_string(),
        s.run_seconds.to_string(),
        s.walk_seconds.to_string(),
        s.active_seconds.to_string(),
        s.paused_seconds.to_string(),
        s.pauses.to_string(),
        s.worst_pain().map_or(String::new(), |p| p.to_string()),
        pains.join(" "),
        csv(s.program_id.as_deref().unwrap_or("")),
        s.off_plan.to_string(),
        s.instead.map_or("", |i| i.word()).to_string(),
        totals
            .distance_m
            .map_or(String::new(), |m| format!("{m:.1}")),
        totals.distance_from.map_or("", |d| d.word()).to_string(),
        shown(totals.avg_hr.map(u16::from)),
        shown(totals.peak_hr.map(u16::from)),
        shown(totals.avg_cadence),
    ];
    writeln!(out, "{}", fields.join(","))
}

/// A session in `--format json`: its record as the journal keeps it, with
/// what its steps add up to beside (left out when not recorded).
#[derive(serde::Serialize)]
struct JsonRow<'a> {
    #[serde(flatten)]
    record: &'a SessionRecord,
    #[serde(skip_serializing_if = "Option::is_none")]
    distance_m: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    distance_source: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    avg_hr: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    peak_hr: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    avg_cadence: Option<u16>,
}

impl JsonRow<'_> {
    fn of(record: &SessionRecord) -> JsonRow<'_> {
        let totals = crate::export::totals(record);
        JsonRow {
            record,
            distance_m: totals.distance_m.map(|m| (m * 10.0).round() / 10.0),
            distance_source: totals.distance_from.map(|d| d.word()),
            avg_hr: totals.avg_hr,
            peak_hr: totals.peak_hr,
            avg_cadence: totals.avg_cadence,
        }
    }
}

/// A CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
fn csv(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}
