//! `rtr history --format table|csv|json`: the sessions of the journal,
//! streamed so that a long history costs little memory.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::ValueEnum;

use super::EXIT_INVALID;
use crate::coach::records::{Record, SessionRecord};
use crate::journal::Journal;
use crate::tui::history_screen::{HistoryRow, HistoryView};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
    /// A report for a physical therapist, in Markdown.
    Md,
}

pub fn history(dir: Option<&Path>, format: Format) -> ExitCode {
    let Some(dir) = crate::paths::data_dir(dir) else {
        eprintln!("rtr: no history to read: set --data-dir or RTR_DATA_DIR (HOME is not set)");
        return ExitCode::from(EXIT_INVALID);
    };
    let journal = Journal::new(&dir);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut writer = Writer { format, count: 0 };
    let mut failed = None;
    let read = journal.read(|_, record| {
        if failed.is_none()
            && let Record::Session(session) = record
            && let Err(err) = writer.row(&mut out, &session)
        {
            failed = Some(err);
        }
    });
    let done = writer.end(&mut out).and_then(|()| out.flush());
    match (read, failed.map_or(done, Err)) {
        (Ok(warnings), Ok(())) => {
            for warning in warnings {
                eprintln!("rtr: {warning}");
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

/// `rtr history` in a terminal: the full-screen history.
pub fn screen(program: &crate::program::Program, dir: Option<&Path>) -> ExitCode {
    let dir = crate::paths::data_dir(dir);
    let mut records = Vec::new();
    let mut warnings = Vec::new();
    if let Some(dir) = &dir {
        match Journal::new(dir).read(|_, record| records.push(record)) {
            Ok(found) => warnings = found.iter().map(ToString::to_string).collect(),
            Err(err) => warnings.push(format!("The history cannot be read: {err}")),
        }
    }
    let mut view = screen_view(program, &records);
    view.warnings = warnings;
    match crate::tui::history_screen::run(&view) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("rtr: the history screen needs a terminal: {err}");
            ExitCode::from(EXIT_INVALID)
        }
    }
}

struct Writer {
    format: Format,
    count: usize,
}

const CSV_HEADER: &str = "id,session,program,started,ended,completed,ended_early_reason,resumed,\
steps_done,steps_skipped,steps_not_reached,run_seconds,walk_seconds,active_seconds,\
paused_seconds,pauses,worst_pain,pain_reports";

impl Writer {
    fn row(&mut self, out: &mut impl Write, s: &SessionRecord) -> io::Result<()> {
        if self.count == 0 {
            match self.format {
                Format::Table => writeln!(
                    out,
                    "{:<16}  {:<7}  {:>10}  {:>6}  {:>6}  {:>8}  {:>6}  {:>5}  ended",
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
                serde_json::to_writer(&mut *out, s).map_err(io::Error::other)
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

fn mmss(secs: u32) -> String {
    crate::program::Duration::from_secs(secs).to_string()
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
        "{:<16}  {:<7}  {:>10}  {:>6}  {:>6}  {:>8}  {:>6}  {:>5}  {ended}{}",
        s.started.format("%Y-%m-%d %H:%M"),
        s.session.to_string(),
        format!("{}/{total}", s.steps_done),
        mmss(s.run_seconds),
        mmss(s.walk_seconds),
        mmss(s.active_seconds),
        mmss(s.paused_seconds),
        pain,
        if s.resumed { " (resumed)" } else { "" }
    )
}

fn csv_row(out: &mut impl Write, s: &SessionRecord) -> io::Result<()> {
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
    ];
    writeln!(out, "{}", fields.join(","))
}

/// A CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
fn csv(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// The history screen's content, from every record of the journal.
pub fn screen_view(program: &crate::program::Program, records: &[Record]) -> HistoryView {
    let replayed = crate::coach::replay::replay(program, &crate::coach::records::facts(records));
    let joined = crate::coach::history::rows(records, &replayed);
    let pain = |p: Option<u8>| p.map_or("–".to_string(), |p| p.to_string());
    let mut weeks: Vec<(u32, u32, u8)> = Vec::new();
    let rows = joined
        .iter()
        .map(|row| {
            let s = row.session;
            let a = row.answers;
            let light = row.decision.map(|d| d.light);
            let symbol = |l: crate::coach::light::Light| match l {
                crate::coach::light::Light::Green => "● green",
                crate::coach::light::Light::Amber => "◐ amber",
                crate::coach::light::Light::Red => "○ red",
            };
            let kind = row.decision.map(|d| d.kind);
            let minutes = s.run_seconds.div_ceil(60);
            match weeks.iter_mut().find(|(w, _, _)| *w == s.session.week) {
                Some(week) => {
                    week.1 += minutes;
                    week.2 = week.2.max(a.map_or(0, |a| a.worst));
                }
                None => weeks.push((s.session.week, minutes, a.map_or(0, |a| a.worst))),
            }
            let mut detail = vec![
                format!("{} · session {} · {}", s.started.format("%A %-d %b %Y, %H:%M"), s.session, s.program),
                String::new(),
                format!(
                    "Steps: {} done, {} skipped, {} not reached{}",
                    s.steps_done,
                    s.steps_skipped,
                    s.steps_not_reached,
                    if s.skipped.is_empty() { String::new() } else { format!(" (skipped: {})", s.skipped.join(", ")) }
                ),
                format!(
                    "Time: {} active, ran {}, walked {}; paused {} in {} pause{}",
                    mmss(s.active_seconds),
                    mmss(s.run_seconds),
                    mmss(s.walk_seconds),
                    mmss(s.paused_seconds),
                    s.pauses,
                    if s.pauses == 1 { "" } else { "s" }
                ),
                match &s.ended_early {
                    Some(reason) => format!("Ended early: {reason}{}", if s.resumed { " (resumed once)" } else { "" }),
                    None => format!("Completed{}", if s.resumed { " (resumed after an interruption)" } else { "" }),
                },
            ];
            for report in &s.pain_reports {
                detail.push(format!("Pain {}/10 reported at {} ({})", report.pain, mmss(report.at_seconds), report.label));
            }
            if let Some(a) = a {
                detail.push(format!(
                    "Answers: before {}, after the warm-up {}, worst {}, after {}, next morning {}; swelling or limp: {}",
                    a.before,
                    pain(a.after_warmup),
                    a.worst,
                    a.after,
                    pain(row.morning),
                    if a.swelling_or_limp { "yes" } else { "no" }
                ));
                if !a.red_flags.is_empty() {
                    detail.push(format!("Red flags: {}", a.red_flags.join(", ")));
                }
            }
            if let Some(d) = row.decision {
                detail.push(String::new());
                detail.push(d.reason.clone());
            }
            HistoryRow {
                cells: vec![
                    s.started.format("%Y-%m-%d").to_string(),
                    s.session.to_string(),
                    format!("{}/{}", mmss(s.run_seconds), mmss(s.active_seconds)),
                    [
                        a.map(|a| a.before),
                        a.and_then(|a| a.after_warmup),
                        a.map(|a| a.worst),
                        a.map(|a| a.after),
                        row.morning,
                    ]
                    .map(pain)
                    .join(" "),
                    a.map_or("–".into(), |a| if a.swelling_or_limp { "yes".into() } else { "no".into() }),
                    light.map_or("–", symbol).to_string(),
                    kind.map_or("–", |k| k.word()).to_string(),
                ],
                worst: a.map(|a| a.worst),
                morning: row.morning,
                detail,
                step: kind.map(|k| match k {
                    crate::coach::replay::DecisionKind::Advance => "▲",
                    crate::coach::replay::DecisionKind::Hold => "=",
                    crate::coach::replay::DecisionKind::Regress => "▼",
                    crate::coach::replay::DecisionKind::Stop => "■",
                }),
                session: s.session.to_string(),
            }
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
