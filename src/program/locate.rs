//! Finds where a value stands in RON text, for errors of meaning that are
//! found after parsing (a repeat of 0 times, an unknown circuit...).
//!
//! ron gives positions for its own errors only, so this walks text that ron
//! has already accepted and records where each field, item and map entry
//! starts. It never fails: on text it does not follow it keeps what it found,
//! and a path that goes deeper than the text resolves to its deepest match.

use super::syntax::{block_comment_end, char_end, raw_string_end, string_end};

/// One step of a path into the program: a field or map key, or a list index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

#[derive(Debug, Default)]
struct Node {
    start: usize,
    children: Vec<(Child, Node)>,
}

#[derive(Debug, PartialEq)]
enum Child {
    Key(String),
    Index(usize),
}

pub struct Locator<'a> {
    src: &'a str,
    root: Node,
}

/// Deeper than this is never a valid program (ron's limit is lower); the
/// walk stops descending so that hostile text cannot exhaust the stack.
const MAX_DEPTH: usize = 256;

impl<'a> Locator<'a> {
    pub fn new(src: &'a str) -> Self {
        let mut walker = Walker { src, pos: 0 };
        walker.skip_trivia();
        let root = walker.value(0);
        Locator { src, root }
    }

    /// Line and column (1-based, in characters) of the value at `path`.
    pub fn position(&self, path: &[Seg]) -> (usize, usize) {
        let mut node = &self.root;
        for seg in path {
            let found = node.children.iter().find(|(child, _)| match (child, seg) {
                (Child::Key(name), Seg::Key(want)) => name == want,
                (Child::Index(i), Seg::Index(want)) => i == want,
                _ => false,
            });
            match found {
                Some((_, child)) => node = child,
                None => break,
            }
        }
        line_col(self.src, node.start)
    }
}

/// Line and column (1-based, in characters) of a byte offset.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let before = &src[..offset.min(src.len())];
    let line = 1 + before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, 1 + before[line_start..].chars().count())
}

struct Walker<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Walker<'a> {
    fn peek(&self) -> Option<u8> {
        self.src.as_bytes().get(self.pos).copied()
    }

    fn rest(&self) -> &'a str {
        &self.src[self.pos..]
    }

    /// Whitespace, `//` and nested `/* */` comments, `#![enable(...)]` lines.
    fn skip_trivia(&mut self) {
        loop {
            let rest = self.rest();
            let trimmed = rest.trim_start();
            self.pos += rest.len() - trimmed.len();
            if trimmed.starts_with("//") {
                self.pos += trimmed.find('\n').unwrap_or(trimmed.len());
            } else if trimmed.starts_with("/*") {
                self.pos = block_comment_end(self.src, self.pos).unwrap_or(self.src.len());
            } else if trimmed.starts_with("#!") {
                self.pos += trimmed.find(']').map_or(trimmed.len(), |i| i + 1);
            } else {
                return;
            }
        }
    }

    fn value(&mut self, depth: usize) -> Node {
        let start = self.pos;
        let mut node = Node {
            start,
            children: Vec::new(),
        };
        if depth > MAX_DEPTH {
            self.pos = self.src.len();
            return node;
        }
        match self.peek() {
            Some(b'"') => self.string(),
            Some(b'\'') => self.char_literal(),
            Some(b'r') if matches!(self.rest().as_bytes().get(1), Some(b'"' | b'#')) => {
                self.raw_string()
            }
            Some(b'[') => {
                self.pos += 1;
                self.items(b']', depth, &mut node);
            }
            Some(b'{') => {
                self.pos += 1;
                self.map(depth, &mut node);
            }
            Some(b'(') => {
                self.pos += 1;
                self.items(b')', depth, &mut node);
            }
            Some(c) if c.is_ascii_alphabetic() || c == b'_' => {
                self.identifier();
                self.skip_trivia();
                if self.peek() == Some(b'(') {
                    self.pos += 1;
                    self.items(b')', depth, &mut node);
                }
            }
            Some(_) => self.scalar(),
            None => {}
        }
        node
    }

    /// The body of `( )` or `[ ]`: named fields `name: value` and positional items.
    fn items(&mut self, close: u8, depth: usize, node: &mut Node) {
        let mut index = 0;
        loop {
            self.skip_trivia();
            match self.peek() {
                None => return,
                Some(c) if c == close => {
                    self.pos += 1;
                    return;
                }
                Some(b',') => {
                    self.pos += 1;
                    continue;
                }
                _ => {}
            }
            let before = self.pos;
            let key = self.field_name();
            let child = self.value(depth + 1);
            match key {
                Some(name) => node.children.push((Child::Key(name), child)),
                None => {
                    node.children.push((Child::Index(index), child));
                    index += 1;
                }
            }
            if self.pos == before {
                self.pos += 1; // not RON we follow: move on rather than loop
            }
        }
    }

    /// `ident :` (not `::`) introduces a named field; otherwise leaves the cursor.
    fn field_name(&mut self) -> Option<String> {
        let start = self.pos;
        if !matches!(self.peek(), Some(c) if c.is_ascii_alphabetic() || c == b'_') {
            return None;
        }
        self.identifier();
        let name = self.src[start..self.pos].to_string();
        self.skip_trivia();
        if self.rest().starts_with(':') && !self.rest().starts_with("::") {
            self.pos += 1;
            self.skip_trivia();
            Some(name)
        } else {
            self.pos = start;
            None
        }
    }

    /// `{ key: value, ... }`: children are keyed by the key's text.
    fn map(&mut self, depth: usize, node: &mut Node) {
        loop {
            self.skip_trivia();
            match self.peek() {
                None => return,
                Some(b'}') => {
                    self.pos += 1;
                    return;
                }
                Some(b',') => {
                    self.pos += 1;
                    continue;
                }
                _ => {}
            }
            let key_start = self.pos;
            self.value(depth + 1);
            let key = self.src[key_start..self.pos].trim_matches('"').to_string();
            self.skip_trivia();
            if self.peek() == Some(b':') {
                self.pos += 1;
            }
            self.skip_trivia();
            let child = self.value(depth + 1);
            node.children.push((Child::Key(key), child));
            if self.pos == key_start {
                self.pos += 1;
            }
        }
    }

    fn identifier(&mut self) {
        let len = self
            .rest()
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(self.rest().len());
        self.pos += len;
    }

    fn string(&mut self) {
        self.pos = string_end(self.src, self.pos).unwrap_or(self.src.len());
    }

    fn char_literal(&mut self) {
        self.pos = char_end(self.src, self.pos).unwrap_or(self.pos + 1);
    }

    fn raw_string(&mut self) {
        self.pos = raw_string_end(self.src, self.pos).unwrap_or(self.src.len());
    }

    /// Numbers and anything else up to the next delimiter.
    fn scalar(&mut self) {
        let rest = self.rest();
        let len = rest
            .find(|c: char| c.is_whitespace() || matches!(c, ',' | ')' | ']' | '}' | '/'))
            .unwrap_or(rest.len());
        self.pos += len.max(1).min(rest.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"#![enable(implicit_some)]
// a comment with "quotes" and (brackets
Program(
    name: "a, b: (c)",
    circuits: {
        "legs": Circuit(name: "x", exercises: []),
    },
    weeks: [
        Week(sessions: [ /* nested /* comment */ */
            Session(main: [Run(time: "1:00"), Repeat(times: 0, steps: [])]),
        ]),
    ],
)
"#;

    #[test]
    fn finds_fields_items_and_map_entries() {
        let at = Locator::new(TEXT);
        let path = [
            Seg::Key("weeks"),
            Seg::Index(0),
            Seg::Key("sessions"),
            Seg::Index(0),
            Seg::Key("main"),
            Seg::Index(1),
            Seg::Key("times"),
        ];
        assert_eq!(at.position(&path), (10, 61));
        assert_eq!(at.position(&[Seg::Key("name")]), (4, 11));
        assert_eq!(
            at.position(&[Seg::Key("circuits"), Seg::Key("legs")]),
            (6, 17)
        );
    }

    #[test]
    fn a_missing_path_resolves_to_its_deepest_match() {
        let at = Locator::new(TEXT);
        let path = [Seg::Key("weeks"), Seg::Index(0), Seg::Key("prehab")];
        assert_eq!(at.position(&path), (9, 9));
    }

    #[test]
    fn never_fails_on_text_it_does_not_follow() {
        for text in [
            "", "(", ")))", "[[[[", "\"open", "r#\"x", "'", "{a:", "a::b",
        ] {
            Locator::new(text).position(&[Seg::Key("x"), Seg::Index(3)]);
        }
        let deep = "[".repeat(100_000);
        assert_eq!(Locator::new(&deep).position(&[Seg::Index(0)]), (1, 2));
    }
}
