//! Reading a program file: size cap, RON parsing with a recursion limit, then
//! validation. Every problem comes back as a [`Diagnostic`] with file:line:col.

use std::fmt;
use std::io::Read;
use std::path::Path;

use ron::error::Position;
use ron::extensions::Extensions;

use super::Program;
use super::locate::line_col;
use super::syntax::{self, Slip};
use super::validate::validate;
use crate::safe_fs::{self, Refusal, printable};

/// A program is a few kilobytes; anything past this is refused unread.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;
/// ron's own default: how deeply values may nest before parsing stops, far
/// beyond any real program and far within the stack.
pub const RECURSION_LIMIT: usize = 128;

/// One problem in a program file, at a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
    /// The text of the offending line, for the caret display.
    pub source_line: String,
}

impl Diagnostic {
    pub fn at(file: &str, source: &str, line: usize, col: usize, message: String) -> Self {
        let source_line = source
            .lines()
            .nth(line.saturating_sub(1))
            .unwrap_or_default()
            .to_string();
        Diagnostic {
            file: file.to_string(),
            line,
            col,
            message,
            source_line,
        }
    }
}

/// How much of a long line the caret display shows, around the column.
const SHOWN_CHARS: usize = 100;

/// `FILE:LINE:COL: message`, then the line with a caret under the column.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The file's name and the message can quote the file's own text
        // (`invalid duration "…"`): control characters are shown escaped,
        // never sent to the terminal.
        writeln!(
            f,
            "{}:{}:{}: {}",
            printable(&self.file),
            self.line,
            self.col,
            printable(&self.message)
        )?;
        if self.source_line.is_empty() {
            return Ok(());
        }
        let chars: Vec<char> = self
            .source_line
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        // On a long line show a window that holds the column.
        let col = self.col.saturating_sub(1).min(chars.len());
        let start = col.saturating_sub(SHOWN_CHARS / 2);
        let end = (start + SHOWN_CHARS).min(chars.len());
        let mut shown: String = chars[start..end].iter().collect();
        let mut caret_at = col - start;
        if start > 0 {
            shown.insert(0, '…');
            caret_at += 1;
        }
        if end < chars.len() {
            shown.push('…');
        }
        let gutter = self.line.to_string();
        writeln!(f, " {gutter} | {}", shown.trim_end())?;
        let pad = " ".repeat(gutter.len());
        write!(f, " {pad} | {}^", " ".repeat(caret_at))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{}: cannot read it: {source}", printable(file))]
    Io {
        file: String,
        source: std::io::Error,
    },
    #[error(
        "{}: the file is {size} bytes, more than the {MAX_FILE_BYTES} rtr reads; is it the right file?",
        printable(file)
    )]
    TooLarge { file: String, size: u64 },
    /// A FIFO, a directory, a device: rtr reads only regular files.
    #[error(
        "{} is not a regular file ({kind}); rtr reads programs and its config only from regular files",
        printable(file)
    )]
    NotRegular { file: String, kind: &'static str },
    #[error("{}", render(.0))]
    Invalid(Vec<Diagnostic>),
}

fn render(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads, parses and validates a program file.
pub fn load_file(path: &Path) -> Result<Program, LoadError> {
    let source = read_capped(path)?;
    parse_program(&path.display().to_string(), &source)
}

/// Reads a small UTF-8 file, refusing one past [`MAX_FILE_BYTES`] unread.
pub fn read_capped(path: &Path) -> Result<String, LoadError> {
    let file = path.display().to_string();
    let io = |source| LoadError::Io {
        file: file.clone(),
        source,
    };
    // Only a regular file: a FIFO named as the program or the config is
    // refused at once instead of blocking the read forever. Links are
    // followed, these are the user's own files.
    let refused = |err| match safe_fs::refusal(&err) {
        Some(Refusal::NotRegular { kind, .. }) => LoadError::NotRegular {
            file: file.clone(),
            kind,
        },
        _ => io(err),
    };
    let handle = safe_fs::open_regular_read(path, true).map_err(refused)?;
    let size = handle.metadata().map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge { file, size });
    }
    // Read one byte past the cap in case the file grew since the metadata.
    let mut bytes = Vec::with_capacity(size as usize);
    handle
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let size = bytes.len() as u64;
        return Err(LoadError::TooLarge { file, size });
    }
    String::from_utf8(bytes).map_err(|err| {
        let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
        let text = String::from_utf8_lossy(valid);
        let (line, col) = end_position(&text);
        let message = "the file is not UTF-8 text".to_string();
        LoadError::Invalid(vec![Diagnostic::at(&file, &text, line, col, message)])
    })
}

/// Parses and validates program text; `file` names it in the diagnostics.
pub fn parse_program(file: &str, source: &str) -> Result<Program, LoadError> {
    let mut program: Program = parse_ron(file, source)?;
    let problems = validate(&program, file, source);
    if problems.is_empty() {
        program.source_hash = super::content_hash(source);
        if program.id.is_empty() {
            program.id = super::id_from_file_name(file);
        }
        Ok(program)
    } else {
        Err(LoadError::Invalid(problems))
    }
}

/// RON as rtr reads it (programs and the config): a recursion limit, and
/// `speed: 8.5` rather than `speed: Some(8.5)`, `Run(time: "1:00")` rather
/// than `Run((time: "1:00"))`. A syntax or type error comes back placed; a
/// bracket or quote left open is named where it most likely belongs.
pub fn parse_ron<T: serde::de::DeserializeOwned>(file: &str, source: &str) -> Result<T, LoadError> {
    read_ron(source).map_err(|err| {
        let diagnostic = match slip_behind::<T>(source, &err.span.start) {
            Some(slip) => {
                let (line, col) = line_col(source, slip.at);
                Diagnostic::at(file, source, line, col, slip.message(source))
            }
            None => {
                let (line, col) = first_token(source, &err.span);
                Diagnostic::at(file, source, line, col, describe(&err.code))
            }
        };
        LoadError::Invalid(vec![diagnostic])
    })
}

fn read_ron<T: serde::de::DeserializeOwned>(source: &str) -> ron::error::SpannedResult<T> {
    ron::Options::default()
        .with_recursion_limit(RECURSION_LIMIT)
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_default_extension(Extensions::UNWRAP_VARIANT_NEWTYPES)
        .from_str(source)
}

/// The missing bracket or quote behind ron's error at `error`: of the
/// scan's guesses, the first that mends the file once put back, else the
/// first that lets ron read past that error. A guess that does neither is
/// no better than ron's own message.
fn slip_behind<T: serde::de::DeserializeOwned>(source: &str, error: &Position) -> Option<Slip> {
    let error_at = offset(source, error);
    let mut gets_further = None;
    for slip in syntax::slips(source, error_at) {
        let mended = slip.mend(source);
        match read_ron::<T>(&mended) {
            Ok(_) => return Some(slip),
            // The old error stands one character later in the mended text.
            Err(err) if offset(&mended, &err.span.start) > error_at + slip.missing.len_utf8() => {
                gets_further.get_or_insert(slip);
            }
            Err(_) => {}
        }
    }
    gets_further
}

/// The byte offset of ron's 1-based line and column (in characters).
fn offset(source: &str, at: &Position) -> usize {
    let line_start: usize = source
        .split_inclusive('\n')
        .take(at.line.saturating_sub(1))
        .map(str::len)
        .sum();
    let line = &source[line_start..];
    line_start
        + line
            .char_indices()
            .nth(at.col.saturating_sub(1))
            .map_or(line.len(), |(i, _)| i)
}

/// ron's messages, reworded where a runner editing a file would be lost.
fn describe(code: &ron::Error) -> String {
    match code {
        ron::Error::ExceededRecursionLimit => {
            format!("brackets nest more than {RECURSION_LIMIT} deep; a program never needs that")
        }
        ron::Error::NoSuchStructField {
            expected, found, ..
        } => format!(
            "unknown field `{found}`; the fields allowed here are: {}",
            expected.join(", ")
        ),
        ron::Error::NoSuchEnumVariant {
            expected, found, ..
        } => format!(
            "unknown kind `{found}`; expected one of: {}",
            expected.join(", ")
        ),
        ron::Error::MissingStructField { field, outer } => match outer {
            Some(outer) => format!("`{outer}` needs the field `{field}`"),
            None => format!("missing the field `{field}`"),
        },
        other => other.to_string(),
    }
}

/// ron's spans can start on the blank before the value they are about:
/// step over spaces on that line, never past the span's end.
fn first_token(source: &str, span: &ron::error::Span) -> (usize, usize) {
    let (line, mut col) = (span.start.line, span.start.col);
    let text = source
        .lines()
        .nth(line.saturating_sub(1))
        .unwrap_or_default();
    let blanks = text
        .chars()
        .skip(col.saturating_sub(1))
        .take_while(|c| *c == ' ' || *c == '\t')
        .count();
    col += blanks;
    if span.end.line == line {
        col = col.min(span.end.col);
    }
    (line, col)
}

fn end_position(text: &str) -> (usize, usize) {
    let line = 1 + text.matches('\n').count();
    let col = 1 + text.rsplit('\n').next().unwrap_or("").chars().count();
    (line, col)
}
