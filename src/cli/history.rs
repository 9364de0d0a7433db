//! `rtr history --format table|csv|json`: the sessions of the journal,
//! streamed so that a long history costs little memory.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::ValueEnum;

use super::EXIT_INVALID;
use crate::coach::records::{Record, SessionRecord};
use crate::journal::Journal;

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

/// The history as the table `rtr history` prints, for the home screen.
pub fn table_text(dir: &Path) -> String {
    let mut out = Vec::new();
    let mut writer = Writer {
        format: Format::Table,
        count: 0,
    };
    let read = Journal::new(dir).read(|_, record| {
        if let Record::Session(session) = record {
            let _ = writer.row(&mut out, &session);
        }
    });
    let _ = writer.end(&mut out);
    let mut text = String::from_utf8_lossy(&out).into_owned();
    match read {
        Ok(warnings) => {
            for warning in warnings {
                text.push_str(&format!("\n{warning}"));
            }
        }
        Err(err) => text.push_str(&format!("\nThe history cannot be read: {err}")),
    }
    text
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
