//! A bracket or quote left out: ron stumbles on it a line or more later and
//! names what it found there ("unknown field `Walk`"), not what is missing.
//! This pairs the file's brackets and quotes to guess the slip instead: what
//! is missing, where it most likely belongs and where its opener stands.
//! The guesses are only guesses: the caller keeps one that mends the file.
//!
//! Also RON's lexical pieces (strings, comments, char literals), shared with
//! [`super::locate`].

use super::locate::line_col;

/// A missing closer: `missing` most likely belongs at byte `at`, to close
/// `what` opened at byte `opened`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slip {
    pub at: usize,
    pub missing: char,
    opened: usize,
    what: String,
}

impl Slip {
    /// "missing `)` to close the `Run(` opened at 47:29".
    pub fn message(&self, src: &str) -> String {
        let (line, col) = line_col(src, self.opened);
        format!(
            "missing `{}` to close {} opened at {line}:{col}",
            self.missing, self.what
        )
    }

    /// The text with the missing character put back where it is guessed to go.
    pub fn mend(&self, src: &str) -> String {
        let mut mended = src.to_string();
        mended.insert(self.at, self.missing);
        mended
    }
}

/// Every guess costs the caller a parse of the file: a few suspects, a few
/// places each.
const MAX_SUSPECT_STRINGS: usize = 3;
const MAX_PLACES_PER_STRING: usize = 6;

/// The likely slips behind a parse error at byte `error_at`: quotes missing
/// from strings opened before it, then brackets left open.
pub fn slips(src: &str, error_at: usize) -> Vec<Slip> {
    let scan = Scan::of(src);
    let mut guesses: Vec<Slip> = scan
        .suspect_strings(src)
        .filter(|text| text.start <= error_at)
        .take(MAX_SUSPECT_STRINGS)
        .flat_map(|text| quote_slips(src, text))
        .collect();
    guesses.extend(scan.bracket_slips(src));
    guesses
}

/// Where the closing quote of a suspect string may belong, on the string's
/// first line, likeliest first. One that runs on past its line most likely
/// ends with the line's text, before its trailing comma. Else the quote was
/// left out before a comma (`"0:20, cue: "Easy walk"`), a closer (`"Hips
/// up],`) or a colon (`"legs: Circuit(`), the last one on the line first.
fn quote_slips(src: &str, text: &Token) -> Vec<Slip> {
    let opened = text.start;
    let line_end = src[opened..].find('\n').map_or(src.len(), |i| opened + i);
    let closed = text.kind == Kind::Text { closed: true };
    let body_end = if closed { text.end - 1 } else { src.len() };
    let runs_on = !closed || text.end > line_end;
    let body = &src[opened + 1..body_end.min(line_end)];
    let text_end = body
        .trim_end_matches(|c: char| c.is_whitespace() || c == ',')
        .len();
    runs_on
        .then_some(text_end)
        .into_iter()
        .chain(last_first(body, &[',']))
        .chain(last_first(body, &[')', ']', '}']))
        .chain(last_first(body, &[':']))
        .take(MAX_PLACES_PER_STRING)
        .map(|i| Slip {
            at: opened + 1 + i,
            missing: '"',
            opened,
            what: "the text".to_string(),
        })
        .collect()
}

/// Where each of `marks` stands in `text`, the last first.
fn last_first<'a>(text: &'a str, marks: &'a [char]) -> impl Iterator<Item = usize> + 'a {
    text.match_indices(marks).map(|(i, _)| i).rev()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Opener,
    Closer {
        paired: bool,
    },
    Text {
        closed: bool,
    },
    Comma,
    Colon,
    /// A name, number or anything else.
    Word,
}

#[derive(Debug)]
struct Token {
    start: usize,
    end: usize,
    kind: Kind,
}

/// An opener whose closer is most likely missing, by token index, and the
/// token at which that shows (`tokens.len()` for the end of the file).
struct Unpaired {
    opener: usize,
    noticed: usize,
}

#[derive(Default)]
struct Scan {
    tokens: Vec<Token>,
    /// The first opener left open: at a closer of another kind, or at the end.
    unpaired: Option<Unpaired>,
    /// The first opener whose closer starts a line less indented than the
    /// opener's: that closer most likely belongs to an outer bracket.
    misindented: Option<Unpaired>,
}

impl Scan {
    fn of(src: &str) -> Scan {
        let bytes = src.as_bytes();
        let mut scan = Scan::default();
        let mut open: Vec<usize> = Vec::new();
        let mut pos = 0;
        while pos < bytes.len() {
            let start = pos;
            pos = match bytes[pos] {
                b' ' | b'\t' | b'\r' | b'\n' => pos + 1,
                b'/' if bytes.get(pos + 1) == Some(&b'/') => {
                    src[pos..].find('\n').map_or(src.len(), |i| pos + i)
                }
                b'/' if bytes.get(pos + 1) == Some(&b'*') => {
                    block_comment_end(src, pos).unwrap_or(src.len())
                }
                b'"' => match string_end(src, pos) {
                    Some(end) => scan.push(start, end, Kind::Text { closed: true }),
                    None => scan.push(start, src.len(), Kind::Text { closed: false }),
                },
                b'r' => match raw_string_end(src, pos) {
                    Some(end) => scan.push(start, end, Kind::Text { closed: true }),
                    None => scan.push(start, word_end(src, pos), Kind::Word),
                },
                b'\'' => {
                    let end = char_end(src, pos).unwrap_or(pos + 1);
                    scan.push(start, end, Kind::Word)
                }
                b'(' | b'[' | b'{' => {
                    open.push(scan.tokens.len());
                    scan.push(start, pos + 1, Kind::Opener)
                }
                closer @ (b')' | b']' | b'}') => scan.close(src, closer, &mut open, start),
                b',' => scan.push(start, pos + 1, Kind::Comma),
                b':' => scan.push(start, pos + 1, Kind::Colon),
                _ => scan.push(start, word_end(src, pos), Kind::Word),
            };
        }
        if let (None, Some(&opener)) = (&scan.unpaired, open.last()) {
            let noticed = scan.tokens.len();
            scan.unpaired = Some(Unpaired { opener, noticed });
        }
        scan
    }

    fn push(&mut self, start: usize, end: usize, kind: Kind) -> usize {
        self.tokens.push(Token { start, end, kind });
        end
    }

    /// Pairs a closer with the innermost opener. The first that does not
    /// pair is noted, and from there on pairs mean nothing.
    fn close(&mut self, src: &str, closer: u8, open: &mut Vec<usize>, start: usize) -> usize {
        let index = self.tokens.len();
        let end = self.push(start, start + 1, Kind::Closer { paired: false });
        let Some(&opener) = open.last().filter(|_| self.unpaired.is_none()) else {
            return end;
        };
        let noticed = index;
        if closer_of(src.as_bytes()[self.tokens[opener].start]) != closer {
            self.unpaired = Some(Unpaired { opener, noticed });
            return end;
        }
        open.pop();
        self.tokens[index].kind = Kind::Closer { paired: true };
        let outdented = self.starts_line(src, index)
            && indent(src, start) < indent(src, self.tokens[opener].start);
        if outdented && self.misindented.is_none() {
            self.misindented = Some(Unpaired { opener, noticed });
        }
        end
    }

    /// Strings that most likely swallowed a missing quote: those that run
    /// past their line or the file, and those followed straight by another
    /// value.
    fn suspect_strings<'s>(&'s self, src: &'s str) -> impl Iterator<Item = &'s Token> + 's {
        self.tokens
            .iter()
            .enumerate()
            .filter_map(move |(i, token)| {
                let Kind::Text { closed } = token.kind else {
                    return None;
                };
                let next = self.tokens.get(i + 1).map(|next| next.kind);
                let followed_by_value = matches!(next, Some(Kind::Word | Kind::Text { .. }));
                let runs_on = src[token.start..token.end].contains('\n');
                (!closed || runs_on || followed_by_value).then_some(token)
            })
    }

    fn bracket_slips(&self, src: &str) -> Vec<Slip> {
        // A closer that pairs by kind but not by indent comes before any
        // that does not pair at all: it is the earlier sign.
        [&self.misindented, &self.unpaired]
            .into_iter()
            .flatten()
            .map(|unpaired| self.bracket_slip(src, unpaired))
            .collect()
    }

    fn bracket_slip(&self, src: &str, &Unpaired { opener, noticed }: &Unpaired) -> Slip {
        let start = self.tokens[opener].start;
        Slip {
            at: self.closer_belongs(src, opener, noticed),
            missing: closer_of(src.as_bytes()[start]) as char,
            opened: self.label_start(opener),
            what: format!("the `{}`", self.label(src, opener)),
        }
    }

    /// Where the closer of `opener` most likely belongs: where the first line
    /// indented no deeper than the opener's starts (its next sibling or its
    /// parent's closer), or else where the pairing went wrong.
    fn closer_belongs(&self, src: &str, opener: usize, noticed: usize) -> usize {
        let depth = indent(src, self.tokens[opener].start);
        let block = self.starts_line(src, opener + 1);
        let until = (noticed + 1).min(self.tokens.len());
        let line_start = (opener + 1..until)
            .find(|&i| self.starts_line(src, i) && indent(src, self.tokens[i].start) <= depth);
        let Some(first) = line_start else {
            return match self.tokens.get(noticed) {
                Some(wrong_closer) => wrong_closer.start,
                None => self.end_of_code(src, block),
            };
        };
        // Closers of brackets opened inside this one come first: `])` ends
        // `Repeat(times: 2, steps: [` when the lines hold the steps. (Every
        // closer before `noticed` pairs with a bracket opened inside.)
        let inner = (first..noticed)
            .take_while(|&i| self.tokens[i].kind == Kind::Closer { paired: true })
            .last();
        if let Some(last_inner) = inner {
            return self.tokens[last_inner].end;
        }
        let first_kind = self.tokens[first].kind;
        if block && matches!(first_kind, Kind::Comma | Kind::Closer { .. }) {
            return self.tokens[first].start;
        }
        // After the last value before that line, before its trailing comma.
        let last = &self.tokens[first - 1];
        if last.kind == Kind::Comma {
            last.start
        } else {
            last.end
        }
    }

    /// Where a closer left out at the end goes: on a line of its own after
    /// the last code when the opener ends its line, else just after it.
    fn end_of_code(&self, src: &str, block: bool) -> usize {
        let Some(last) = self.tokens.last() else {
            return src.len();
        };
        match src[last.end..].find('\n') {
            Some(i) if block => last.end + i + 1,
            _ => last.end,
        }
    }

    fn starts_line(&self, src: &str, index: usize) -> bool {
        let before = index.checked_sub(1).and_then(|i| self.tokens.get(i));
        let (Some(before), Some(token)) = (before, self.tokens.get(index)) else {
            return false;
        };
        src[before.end..token.start].contains('\n')
    }

    /// `Run(`, `weeks: [`, `"legs": (`, or the lone bracket.
    fn label(&self, src: &str, opener: usize) -> String {
        let text = |i: usize| &src[self.tokens[i].start..self.tokens[i].end];
        match self.name_before(opener) {
            Some(name) if self.tokens[name + 1].kind == Kind::Colon => {
                format!("{}: {}", text(name), text(opener))
            }
            Some(name) => format!("{}{}", text(name), text(opener)),
            None => text(opener).to_string(),
        }
    }

    fn label_start(&self, opener: usize) -> usize {
        let named = self.name_before(opener).unwrap_or(opener);
        self.tokens[named].start
    }

    /// The token naming an opener: a type's name right before `(` (`Run(`),
    /// or a field's or key's before a colon (`weeks: [`).
    fn name_before(&self, opener: usize) -> Option<usize> {
        let before = opener.checked_sub(1)?;
        match self.tokens[before].kind {
            Kind::Word => Some(before),
            Kind::Colon => before
                .checked_sub(1)
                .filter(|&i| matches!(self.tokens[i].kind, Kind::Word | Kind::Text { .. })),
            _ => None,
        }
    }
}

fn closer_of(opener: u8) -> u8 {
    match opener {
        b'(' => b')',
        b'[' => b']',
        _ => b'}',
    }
}

/// How far the line holding `offset` is indented, in characters.
fn indent(src: &str, offset: usize) -> usize {
    let line_start = src[..offset].rfind('\n').map_or(0, |i| i + 1);
    src[line_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .count()
}

/// A word or number runs from its first character to the next blank or
/// punctuation.
fn word_end(src: &str, start: usize) -> usize {
    let after_first = start + src[start..].chars().next().map_or(1, char::len_utf8);
    let stops = |c: char| c.is_whitespace() || "()[]{},:\"'/".contains(c);
    src[after_first..]
        .find(stops)
        .map_or(src.len(), |i| after_first + i)
}

/// Just past the closing quote of the string whose `"` is at `start`;
/// None when it never closes.
pub fn string_end(src: &str, start: usize) -> Option<usize> {
    let bytes = src.as_bytes();
    let mut pos = start + 1;
    while pos < bytes.len() {
        match bytes[pos] {
            b'\\' => pos += 2,
            b'"' => return Some(pos + 1),
            _ => pos += 1,
        }
    }
    None
}

/// Just past a raw string `r"..."` or `r#"..."#` starting at `start`; None
/// when `start` begins no raw string or it never closes.
pub fn raw_string_end(src: &str, start: usize) -> Option<usize> {
    let rest = src[start..].strip_prefix('r')?;
    let hashes = rest.bytes().take_while(|&b| b == b'#').count();
    let body = rest[hashes..].strip_prefix('"')?;
    let closing = format!("\"{}", "#".repeat(hashes));
    let body_start = src.len() - body.len();
    body.find(&closing).map(|i| body_start + i + closing.len())
}

/// Just past a char literal, `'x'` or `'\n'`, whose quote is at `start`;
/// None when the quote begins none (an apostrophe outside quotes).
pub fn char_end(src: &str, start: usize) -> Option<usize> {
    let body = &src[start + 1..];
    let mut chars = body.chars();
    let first = chars.next()?;
    let len = if first == '\\' {
        let escaped = chars.next()?;
        1 + escaped.len_utf8() + chars.as_str().find(['\'', '\n'])?
    } else {
        first.len_utf8()
    };
    body[len..].starts_with('\'').then_some(start + 1 + len + 1)
}

/// Just past the `*/` of the comment whose `/*` is at `start`, comments
/// nesting as in Rust; None when it never closes.
pub fn block_comment_end(src: &str, start: usize) -> Option<usize> {
    let mut depth = 0;
    let mut pos = start;
    while pos < src.len() {
        let rest = &src[pos..];
        if rest.starts_with("/*") {
            depth += 1;
            pos += 2;
        } else if rest.starts_with("*/") {
            depth -= 1;
            pos += 2;
            if depth == 0 {
                return Some(pos);
            }
        } else {
            pos += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The guesses for `broken`, as "line:col: message", for an error that
    /// ron would meet at the end.
    fn guesses(broken: &str) -> Vec<String> {
        slips(broken, broken.len())
            .iter()
            .map(|slip| {
                let (line, col) = line_col(broken, slip.at);
                format!("{line}:{col}: {}", slip.message(broken))
            })
            .collect()
    }

    #[test]
    fn each_slip_is_guessed_where_it_belongs_and_named_by_its_opener() {
        let cases = [
            // A closer left out of a line belongs before its trailing comma.
            (
                "[\n    Run(time: \"1m\",\n    Walk(time: \"1m\"),\n]",
                "2:19: missing `)` to close the `Run(` opened at 2:5",
            ),
            // Out of a block: where the next line as little indented starts.
            (
                "(\n    defaults: (\n        warmup: [],\n    ,\n    weeks: [],\n)",
                "4:5: missing `)` to close the `defaults: (` opened at 2:5",
            ),
            // After the closers of what it holds at the start of that line.
            (
                "[\n    Repeat(times: 2, steps: [\n        Run(time: \"1m\"),\n    ],\n]",
                "4:6: missing `)` to close the `Repeat(` opened at 2:5",
            ),
            // On one line: where the wrong closer stands.
            (
                "Session(main: [Run(time: \"1m\"])",
                "1:30: missing `)` to close the `Run(` opened at 1:16",
            ),
            // At the end: on a line of its own.
            (
                "Program(\n    name: \"x\",\n",
                "3:1: missing `)` to close the `Program(` opened at 1:1",
            ),
            // A bracket with no name before it: after a comma, not a colon.
            (
                "[1, [2, 3",
                "1:10: missing `]` to close the `[` opened at 1:5",
            ),
            // Text that runs past its line ends with the line's text.
            (
                "(\n    name: \"Easy run,\n    cue: \"Relax\",\n)",
                "2:20: missing `\"` to close the text opened at 2:11",
            ),
            // Text followed straight by a value swallowed it from a comma on.
            (
                "Walk(time: \"0:20, cue: \"Easy walk\")",
                "1:17: missing `\"` to close the text opened at 1:12",
            ),
        ];
        for (broken, guess) in cases {
            assert_eq!(guesses(broken).first().map(String::as_str), Some(guess));
        }
    }

    #[test]
    fn balanced_text_gives_no_guess() {
        let text = "Program(name: \"a (b\", cues: ['(', ']'], /* ) */ x: r#\"]\"#) // (";
        assert_eq!(guesses(text), Vec::<String>::new());
    }

    #[test]
    fn a_guess_mends_the_text_at_its_place() {
        let broken = "[Run(time: \"1m\"]";
        let slip = &slips(broken, broken.len())[0];
        assert_eq!(slip.mend(broken), "[Run(time: \"1m\")]");
    }

    #[test]
    fn lexical_pieces_end_where_ron_ends_them() {
        assert_eq!(string_end(r#""a \" b" x"#, 0), Some(8));
        assert_eq!(string_end("\"open", 0), None);
        assert_eq!(raw_string_end(r##"r#"a "b" c"# x"##, 0), Some(12));
        assert_eq!(raw_string_end("r#name", 0), None);
        assert_eq!(char_end("'x' y", 0), Some(3));
        assert_eq!(char_end(r"'\'' y", 0), Some(4));
        assert_eq!(char_end(r"'\u{1F3C3}' y", 0), Some(11));
        assert_eq!(char_end("'t stop", 0), None);
        assert_eq!(block_comment_end("/* a /* b */ c */ d", 0), Some(17));
        assert_eq!(block_comment_end("/* a /* b */", 0), None);
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_every_guess_can_be_put_back(text in "[-a-z \n\"'()\\[\\]{}:,/*#\\\\é]{0,60}") {
            for slip in slips(&text, text.len()) {
                slip.message(&text);
                slip.mend(&text);
            }
        }
    }
}
