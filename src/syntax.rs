//! A tolerant reader of RON text: a tree of values with their byte spans,
//! and every syntax problem in the file rather than the first.
//!
//! The `ron` crate stops at the first error and reports positions only for
//! errors, so this module exists to do what it does not: record where every
//! value sits, and carry on after a mistake. After a missing comma it
//! carries on as if the comma were there; after a stray token it skips to
//! the next field, list item or node; an unclosed text is closed at the end
//! of the line it started on. Curly quotes pasted from a word processor
//! are read as quotes, and reported.
//!
//! The reader accepts the RON dialect scenario files use (structs with or
//! without a name, `Some(..)` or a bare value, lists, maps, strings with
//! escapes, raw strings, numbers with `_`, bases and suffixes, comments,
//! `#![enable(..)]` attributes, and the same whitespace characters as
//! `ron`). The `ron` crate stays the reference: a differential test checks
//! that every file it accepts reads here to the same values.

use unicode_ident::{is_xid_continue, is_xid_start};

/// Values nested deeper than this are refused (the same limit as the
/// loader gives `ron`).
pub const MAX_DEPTH: usize = 64;

/// A value and the bytes of the source it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Str(String),
    Int(i128),
    /// An integer written with a type suffix, `5u8`: `ron` reads it only
    /// as a value of exactly that type.
    SuffixedInt {
        value: i128,
        suffix: &'static str,
    },
    Float(f64),
    Char(char),
    /// A bare identifier: an enum value such as `Angry`, or `None`, `true`.
    Ident(String),
    /// `Name(field: value, ...)` or `(field: value, ...)`.
    Struct {
        name: Option<Name>,
        fields: Vec<Field>,
        /// A syntax error inside cut some of its fields short.
        damaged: bool,
    },
    /// `Name(a, b)`, `Some(x)`, `(a, b)` or `()`.
    Tuple {
        name: Option<Name>,
        items: Vec<Value>,
        damaged: bool,
    },
    List {
        items: Vec<Value>,
        damaged: bool,
    },
    Map {
        entries: Vec<(Value, Value)>,
        damaged: bool,
    },
    /// Nothing readable: the syntax error that caused it is reported.
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: Name,
    pub value: Value,
}

impl Value {
    fn new(start: usize, end: usize, kind: Kind) -> Value {
        Value { start, end, kind }
    }

    /// The struct or tuple name written before `(`, if any.
    pub fn name(&self) -> Option<&str> {
        match &self.kind {
            Kind::Struct { name, .. } | Kind::Tuple { name, .. } => {
                name.as_ref().map(|n| n.text.as_str())
            }
            _ => None,
        }
    }

    /// Whether a syntax error lost part of this value.
    pub fn is_damaged(&self) -> bool {
        match &self.kind {
            Kind::Struct { damaged, .. }
            | Kind::Tuple { damaged, .. }
            | Kind::List { damaged, .. }
            | Kind::Map { damaged, .. } => *damaged,
            Kind::Error => true,
            _ => false,
        }
    }

    /// A field of a struct value.
    pub fn field(&self, name: &str) -> Option<&Value> {
        match &self.kind {
            Kind::Struct { fields, .. } => fields
                .iter()
                .find(|f| f.name.text == name)
                .map(|f| &f.value),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The value a wrapper stands for: `Some(x)` and `Name((..))` hold one
    /// value that paths look through.
    pub fn inner(&self) -> &Value {
        match &self.kind {
            Kind::Tuple { items, .. } if items.len() == 1 => items[0].inner(),
            _ => self,
        }
    }
}

/// One syntax problem, in words an author knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// `label: "x" says: "y"`: a comma is missing before `says`.
    MissingComma {
        before: String,
    },
    /// A value was expected but something else came.
    ExpectedValue {
        found: String,
    },
    /// A field name was expected.
    ExpectedField {
        found: String,
    },
    /// `label "x"`: the `:` after a field name is missing.
    MissingColon {
        field: String,
    },
    /// `label = "x"`.
    EqualsForColon {
        field: String,
    },
    /// `"label": "x"`: a field name written as text.
    QuotedFieldName {
        field: String,
    },
    /// A “curly” or ‘curly’ quote where a straight one belongs.
    CurlyQuote {
        quote: char,
    },
    /// A text whose closing `"` is missing.
    UnclosedText {
        line: usize,
    },
    /// `'...'` around a text.
    SingleQuotedText,
    /// A bracket that is never closed.
    Unclosed {
        open: char,
        line: usize,
    },
    /// The file ends inside a bracket (and the brackets around it).
    EndsInside {
        open: char,
        line: usize,
    },
    /// A closing bracket that matches nothing open.
    UnexpectedClose {
        close: char,
    },
    /// A closing bracket of the wrong kind: `(` closed by `]`.
    WrongClose {
        open: char,
        close: char,
        line: usize,
    },
    UnclosedComment {
        line: usize,
    },
    BadEscape {
        detail: &'static str,
    },
    BadNumber {
        text: String,
    },
    TooDeep,
    TrailingText,
    /// A space character RON does not accept, such as U+00A0.
    OddSpace {
        space: char,
    },
    Empty,
}

/// A syntax problem and the bytes it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub problem: Problem,
    pub start: usize,
    pub end: usize,
}

/// The result of reading a file: the value tree (with `Error` values where
/// nothing could be read) and every syntax problem, in source order.
#[derive(Debug, Clone)]
pub struct Tree {
    pub root: Value,
    pub errors: Vec<SyntaxError>,
}

/// Read `src` as RON, tolerating and recording mistakes.
pub fn parse(src: &str) -> Tree {
    let mut p = Parser {
        src,
        b: src.as_bytes(),
        i: 0,
        errors: Vec::new(),
        lines: Vec::new(),
        opens: Vec::new(),
        too_deep_reported: false,
        recovered_text_end: None,
        odd_spaces_to: None,
        eof_reported: false,
        explicit_names: false,
    };
    p.skip_ws();
    p.attributes();
    if p.i >= p.b.len() {
        p.error(Problem::Empty, 0, 0);
        return Tree {
            root: Value::new(0, 0, Kind::Error),
            errors: p.errors,
        };
    }
    let root = p.value(0);
    p.skip_ws();
    while p.i < p.b.len() {
        // A stray closer after the root, or more values: report once and
        // read what follows so that its problems are reported too.
        let start = p.i;
        if matches!(p.b[p.i], b')' | b']' | b'}') {
            let close = p.b[p.i] as char;
            p.i += 1;
            p.error(Problem::UnexpectedClose { close }, start, p.i);
        } else {
            p.error(Problem::TrailingText, start, start + p.char_len());
            // Read what follows so that its own problems are found; the
            // root is the first value only.
            let _ = p.value(0);
            if p.i == start {
                p.i += p.char_len().max(1);
            }
        }
        p.skip_ws();
    }
    p.errors.sort_by_key(|e| e.start);
    Tree {
        root,
        errors: p.errors,
    }
}

/// The characters `ron` skips as whitespace.
pub fn is_ron_whitespace(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\n'
            | '\r'
            | '\x0B'
            | '\x0C'
            | '\u{85}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

fn is_curly_quote(c: char) -> bool {
    matches!(
        c,
        '\u{201C}'
            | '\u{201D}'
            | '\u{201E}'
            | '\u{201F}'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{00AB}'
            | '\u{00BB}'
    )
}

fn is_closer(b: u8) -> bool {
    matches!(b, b')' | b']' | b'}')
}

/// The bracket that closes `open` (`(`, `[` or `{`).
pub fn closer_of(open: u8) -> u8 {
    match open {
        b'(' => b')',
        b'[' => b']',
        _ => b'}',
    }
}

struct Parser<'a> {
    src: &'a str,
    b: &'a [u8],
    i: usize,
    errors: Vec<SyntaxError>,
    /// Line starts, filled on first need (for "on line N" in messages).
    lines: Vec<usize>,
    /// The brackets open around the cursor, innermost last.
    opens: Vec<u8>,
    too_deep_reported: bool,
    /// Where the last unclosed text was closed by the reader.
    recovered_text_end: Option<usize>,
    /// The end of the last odd space reported.
    odd_spaces_to: Option<usize>,
    /// The end of the file inside open brackets has been reported.
    eof_reported: bool,
    /// `#![enable(explicit_struct_names)]`: a struct must be written with
    /// its name.
    explicit_names: bool,
}

impl<'a> Parser<'a> {
    fn error(&mut self, problem: Problem, start: usize, end: usize) {
        let (start, end) = if start >= self.b.len() {
            let end = self.end_of_last_line();
            (end, end)
        } else {
            (start, end)
        };
        self.errors.push(SyntaxError {
            problem,
            start,
            end: end.max(start),
        });
    }

    /// Where the end of the file is shown: for a file that ends with a new
    /// line, the end of its last line rather than a line after it that
    /// has nothing on it.
    fn end_of_last_line(&self) -> usize {
        let text = self.src.strip_suffix('\n').unwrap_or(self.src);
        text.strip_suffix('\r').unwrap_or(text).len()
    }

    fn line_of(&mut self, offset: usize) -> usize {
        if self.lines.is_empty() {
            self.lines.push(0);
            self.lines.extend(
                self.b
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| **b == b'\n')
                    .map(|(i, _)| i + 1),
            );
        }
        self.lines.partition_point(|&s| s <= offset)
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn peek_char(&self) -> Option<char> {
        self.src[self.i..].chars().next()
    }

    fn char_len(&self) -> usize {
        self.peek_char().map_or(0, char::len_utf8)
    }

    fn rest(&self) -> &'a str {
        &self.src[self.i..]
    }

    /// Skip whitespace and comments.
    fn skip_ws(&mut self) {
        loop {
            // ASCII first, without decoding a character.
            match self.peek() {
                None => return,
                Some(b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C) => {
                    self.i += 1;
                    continue;
                }
                Some(b) if b.is_ascii() && b != b'/' => return,
                Some(_) => {}
            }
            let Some(c) = self.peek_char() else { return };
            if is_ron_whitespace(c) {
                self.i += c.len_utf8();
            } else if c.is_whitespace() {
                // A no-break or other typographic space, as word processors
                // insert: RON does not take it; report it and read on.
                let at = self.i;
                self.i += c.len_utf8();
                // Look-ahead passes over the same spaces: report each once.
                if self.odd_spaces_to.is_none_or(|to| at >= to) {
                    self.odd_spaces_to = Some(self.i);
                    self.error(Problem::OddSpace { space: c }, at, self.i);
                }
            } else if self.rest().starts_with("//") {
                self.i = self.rest().find('\n').map_or(self.b.len(), |n| self.i + n);
            } else if self.rest().starts_with("/*") {
                self.block_comment();
            } else {
                return;
            }
        }
    }

    fn block_comment(&mut self) {
        let start = self.i;
        self.i += 2;
        let mut depth = 1;
        while depth > 0 {
            let Some(n) = self.rest().find(['/', '*']) else {
                self.i = self.b.len();
                let line = self.line_of(start);
                self.error(Problem::UnclosedComment { line }, start, start + 2);
                return;
            };
            self.i += n;
            if self.rest().starts_with("/*") {
                depth += 1;
                self.i += 2;
            } else if self.rest().starts_with("*/") {
                depth -= 1;
                self.i += 2;
            } else {
                self.i += 1;
            }
        }
    }

    /// `#![enable(implicit_some)]` and other leading attributes, read as
    /// `ron` reads them: `#![enable(extension, ...)]` with the extensions
    /// it knows, or `#![type = "..."]` and `#![schema = "..."]`, with
    /// whitespace and comments allowed between the parts. An attribute
    /// `ron` cannot read is reported and skipped up to its `]` on the same
    /// line, or else up to where it went wrong.
    fn attributes(&mut self) {
        while self.peek() == Some(b'#') {
            let start = self.i;
            if let Err(at) = self.attribute() {
                let found = match self.src[at..].chars().next() {
                    None => "the end of the file".to_owned(),
                    Some(c) if c == '_' || is_xid_start(c) => {
                        self.i = at;
                        self.next_word()
                    }
                    Some(c) => describe_char(c),
                };
                self.error(
                    Problem::ExpectedValue {
                        found: format!(
                            "{found} in an attribute (attributes are written \
                             `#![enable(implicit_some)]`)"
                        ),
                    },
                    at,
                    at + self.src[at..].chars().next().map_or(0, char::len_utf8),
                );
                let line_end = self.src[start..]
                    .find('\n')
                    .map_or(self.b.len(), |n| start + n);
                self.i = self.src[start..line_end]
                    .find(']')
                    .map_or(at.max(start + 1), |n| start + n + 1);
            }
            self.skip_ws();
        }
    }

    /// One attribute; on a mistake, where it is.
    fn attribute(&mut self) -> Result<(), usize> {
        for part in ["#", "!", "["] {
            self.skip_ws();
            self.expect(part)?;
        }
        self.skip_ws();
        let word = self.ident();
        self.skip_ws();
        match word.text.as_str() {
            "enable" => {
                self.expect("(")?;
                loop {
                    self.skip_ws();
                    let ext = self.ident();
                    match ext.text.as_str() {
                        "implicit_some" | "unwrap_newtypes" | "unwrap_variant_newtypes" => {}
                        "explicit_struct_names" => self.explicit_names = true,
                        _ => return Err(ext.start),
                    }
                    self.skip_ws();
                    if self.peek() != Some(b',') {
                        break;
                    }
                    self.i += 1;
                    self.skip_ws();
                    // A trailing comma.
                    if self.peek() == Some(b')') {
                        break;
                    }
                }
                self.expect(")")?;
                self.skip_ws();
            }
            "type" | "schema" => {
                self.expect("=")?;
                self.skip_ws();
                let at = self.i;
                let errors = self.errors.len();
                let text = match self.peek() {
                    Some(b'"') => self.string(),
                    Some(b'r') => self.raw_string(),
                    _ => return Err(at),
                };
                if !matches!(text.kind, Kind::Str(_)) || self.errors.len() > errors {
                    self.errors.truncate(errors);
                    return Err(at);
                }
                self.skip_ws();
            }
            _ => return Err(word.start),
        }
        self.expect("]")
    }

    /// Consume `s` at the cursor, or say where it is missing.
    fn expect(&mut self, s: &str) -> Result<(), usize> {
        if self.rest().starts_with(s) {
            self.i += s.len();
            Ok(())
        } else {
            Err(self.i)
        }
    }

    fn value(&mut self, depth: usize) -> Value {
        self.skip_ws();
        let start = self.i;
        if depth > MAX_DEPTH {
            return self.too_deep(start);
        }
        let Some(c) = self.peek_char() else {
            self.error(
                Problem::ExpectedValue {
                    found: "the end of the file".into(),
                },
                start,
                start,
            );
            // Where the value was wanted, for what is said about it later.
            let end = self.end_of_last_line();
            return Value::new(end, end, Kind::Error);
        };
        match c {
            '"' => self.string(),
            'r' if self.rest().starts_with("r\"")
                || self.rest().starts_with("r#\"")
                || self.rest().starts_with("r##") =>
            {
                self.raw_string()
            }
            '\'' => self.char_or_text(),
            '[' => {
                self.i += 1;
                let (items, damaged) = self.items(b'[', depth);
                Value::new(start, self.i, Kind::List { items, damaged })
            }
            '{' => {
                self.i += 1;
                let (entries, damaged) = self.entries(depth);
                Value::new(start, self.i, Kind::Map { entries, damaged })
            }
            '(' => self.group(None, start, depth),
            '0'..='9' | '+' | '-' | '.' => self.number(),
            'b' if self.rest().starts_with("b'") => self.byte_literal(),
            c if is_curly_quote(c) => self.curly_string(c),
            c if c == '_' || is_xid_start(c) => {
                let name = self.ident();
                self.after_ident(name, start, depth)
            }
            _ => {
                let found = describe_char(c);
                self.error(
                    Problem::ExpectedValue { found },
                    start,
                    start + c.len_utf8(),
                );
                Value::new(start, start, Kind::Error)
            }
        }
    }

    fn too_deep(&mut self, start: usize) -> Value {
        if !self.too_deep_reported {
            self.too_deep_reported = true;
            self.error(Problem::TooDeep, start, start + self.char_len().max(1));
        }
        // Skip the whole value without recursing, so that nesting a
        // million levels deep costs no stack.
        let mut depth = 0usize;
        while let Some(b) = self.peek() {
            match b {
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' if depth == 0 => break,
                b')' | b']' | b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        self.i += 1;
                        break;
                    }
                }
                b',' if depth == 0 => break,
                b'"' => {
                    self.i += 1;
                    self.i = self.rest().find('"').map_or(self.b.len(), |n| self.i + n);
                }
                _ => {}
            }
            self.i += 1;
        }
        self.i = self.i.min(self.b.len());
        Value::new(start, self.i, Kind::Error)
    }

    fn ident(&mut self) -> Name {
        let start = self.i;
        let text_start = self.skip_ident();
        Name {
            text: self.src[text_start..self.i].to_owned(),
            start,
            end: self.i,
        }
    }

    /// Pass over an identifier (with its `r#`, if raw); where its text
    /// starts.
    fn skip_ident(&mut self) -> usize {
        if self.rest().starts_with("r#") {
            self.i += 2;
        }
        let text_start = self.i;
        loop {
            // ASCII letters, digits and `_` without decoding a character.
            let ascii = self.b[self.i..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                .count();
            self.i += ascii;
            match self.peek_char() {
                Some(c) if !c.is_ascii() && is_xid_continue(c) => self.i += c.len_utf8(),
                _ => break,
            }
        }
        text_start
    }

    fn after_ident(&mut self, name: Name, start: usize, depth: usize) -> Value {
        let save = self.i;
        self.skip_ws();
        if self.peek() == Some(b'(') {
            return self.group(Some(name), start, depth);
        }
        self.i = save;
        Value::new(start, self.i, Kind::Ident(name.text))
    }

    /// `(` ... `)`, after an optional name: named fields or a tuple.
    fn group(&mut self, name: Option<Name>, start: usize, depth: usize) -> Value {
        if name.is_none() && self.explicit_names {
            // Every `(...)` of a scenario file is a struct, which this
            // extension makes `ron` refuse without its name.
            self.error(
                Problem::ExpectedValue {
                    found: "a `(...)` block without its name, which \
                            `#![enable(explicit_struct_names)]` asks for"
                        .into(),
                },
                start,
                start + 1,
            );
        }
        self.i += 1;
        if self.starts_field() {
            let (fields, damaged) = self.fields(depth);
            Value::new(
                start,
                self.i,
                Kind::Struct {
                    name,
                    fields,
                    damaged,
                },
            )
        } else {
            let (items, damaged) = self.items(b'(', depth);
            Value::new(
                start,
                self.i,
                Kind::Tuple {
                    name,
                    items,
                    damaged,
                },
            )
        }
    }

    /// Whether the next thing is `name:` (or `"name":`, `name =`), the
    /// start of a field. Leaves the cursor where it was.
    fn starts_field(&mut self) -> bool {
        let save = self.i;
        self.skip_ws();
        let found = match self.peek_char() {
            Some(c) if c == '_' || is_xid_start(c) => {
                let text_start = self.skip_ident();
                let empty = self.i == text_start;
                self.skip_ws();
                !empty
                    && matches!(self.peek(), Some(b':') | Some(b'='))
                    && !self.rest().starts_with("::")
                    && !self.rest().starts_with("==")
            }
            Some('"') => {
                // `"label": ...` with a simple word inside the quotes.
                let rest = &self.rest()[1..];
                let word_len = rest
                    .find(|c: char| !(c == '_' || c.is_ascii_alphanumeric()))
                    .unwrap_or(rest.len());
                word_len > 0
                    && rest[word_len..].starts_with('"')
                    && rest[word_len + 1..].trim_start().starts_with(':')
            }
            _ => false,
        };
        self.i = save;
        found
    }

    /// The elements of a bracketed list up to and including its closer,
    /// read by `element`, with a report and a skip to the next element for
    /// anything that cannot start one. Returns the elements and whether a
    /// syntax error lost part of the list.
    fn bracketed<T>(
        &mut self,
        open: u8,
        depth: usize,
        fields: bool,
        mut element: impl FnMut(&mut Self) -> (T, bool),
    ) -> (Vec<T>, bool) {
        let open_at = self.i - 1;
        self.opens.push(open);
        let mut out = Vec::new();
        let mut damaged = false;
        loop {
            self.skip_ws();
            if self.close_or_end(open, open_at, &mut damaged).is_some() {
                break;
            }
            if !self.starts_element(fields) {
                let start = self.i;
                let found = self.describe_here();
                let problem = if fields {
                    Problem::ExpectedField { found }
                } else {
                    Problem::ExpectedValue { found }
                };
                self.error(problem, start, start + self.char_len());
                damaged = true;
                self.skip_to_sync(depth);
                continue;
            }
            let (item, lost) = element(self);
            out.push(item);
            damaged |= lost;
            damaged |= self.after_element(open, fields, depth);
        }
        self.opens.pop();
        (out, damaged)
    }

    /// The fields of a struct, up to and including its `)`.
    fn fields(&mut self, depth: usize) -> (Vec<Field>, bool) {
        self.bracketed(b'(', depth, true, |p| (p.field(depth), false))
    }

    fn field(&mut self, depth: usize) -> Field {
        self.skip_ws();
        let name = if self.peek() == Some(b'"') {
            let start = self.i;
            self.i += 1;
            let n = self.ident();
            self.i += 1;
            self.error(
                Problem::QuotedFieldName {
                    field: n.text.clone(),
                },
                start,
                self.i,
            );
            Name {
                text: n.text,
                start,
                end: self.i,
            }
        } else {
            self.ident()
        };
        self.skip_ws();
        match self.peek() {
            Some(b':') => self.i += 1,
            Some(b'=') => {
                self.error(
                    Problem::EqualsForColon {
                        field: name.text.clone(),
                    },
                    self.i,
                    self.i + 1,
                );
                self.i += 1;
            }
            _ => self.error(
                Problem::MissingColon {
                    field: name.text.clone(),
                },
                name.start,
                name.end,
            ),
        }
        let value = self.value(depth + 1);
        Field { name, value }
    }

    /// The items of a list or tuple, up to and including the closer.
    fn items(&mut self, open: u8, depth: usize) -> (Vec<Value>, bool) {
        self.bracketed(open, depth, false, |p| {
            let v = p.value(depth + 1);
            let lost = v.kind == Kind::Error;
            (v, lost)
        })
    }

    fn entries(&mut self, depth: usize) -> (Vec<(Value, Value)>, bool) {
        self.bracketed(b'{', depth, false, |p| {
            let k = p.value(depth + 1);
            p.skip_ws();
            if p.peek() == Some(b':') {
                p.i += 1;
            } else {
                let key = p.src[k.start..k.end].to_owned();
                p.error(Problem::MissingColon { field: key }, k.start, k.end);
            }
            let v = p.value(depth + 1);
            ((k, v), false)
        })
    }

    /// At the closer of `open`: consume it and return `Some`. At the end
    /// of the file or at a closer that belongs further out: report the
    /// unclosed bracket and return `Some` without consuming.
    fn close_or_end(&mut self, open: u8, open_at: usize, damaged: &mut bool) -> Option<()> {
        let close = closer_of(open);
        match self.peek() {
            Some(b) if b == close => {
                self.i += 1;
                Some(())
            }
            None => {
                // Reported once, for the innermost bracket: the file ends
                // inside it (and so inside every bracket around it).
                if !self.eof_reported {
                    self.eof_reported = true;
                    let line = self.line_of(open_at);
                    self.error(
                        Problem::EndsInside {
                            open: open as char,
                            line,
                        },
                        open_at,
                        open_at + 1,
                    );
                }
                *damaged = true;
                Some(())
            }
            Some(b) if is_closer(b) => {
                // Belongs to an outer bracket: this one was never closed.
                let outer = self.opens.iter().rev().skip(1).any(|&o| closer_of(o) == b);
                let line = self.line_of(open_at);
                if outer {
                    self.error(
                        Problem::Unclosed {
                            open: open as char,
                            line,
                        },
                        open_at,
                        open_at + 1,
                    );
                    *damaged = true;
                    Some(())
                } else {
                    // Nothing outside matches it either: a wrong closer for
                    // this bracket; take it as the closer.
                    self.error(
                        Problem::WrongClose {
                            open: open as char,
                            close: b as char,
                            line,
                        },
                        self.i,
                        self.i + 1,
                    );
                    self.i += 1;
                    *damaged = true;
                    Some(())
                }
            }
            _ => None,
        }
    }

    fn starts_value(&self) -> bool {
        match self.peek_char() {
            Some(c) => {
                matches!(
                    c,
                    '"' | '\'' | '[' | '{' | '(' | '0'..='9' | '+' | '-' | '.' | '_'
                ) || is_xid_start(c)
                    || is_curly_quote(c)
            }
            None => false,
        }
    }

    /// Whether a field (or, in a list or map, a value) starts here.
    fn starts_element(&mut self, fields: bool) -> bool {
        if fields {
            self.starts_field()
        } else {
            self.starts_value()
        }
    }

    /// After a field or item: a comma, the closer, or a missing comma (the
    /// next element starts here: reported, and read on as if it were
    /// there). Returns whether something unexpected had to be skipped.
    fn after_element(&mut self, open: u8, fields: bool, depth: usize) -> bool {
        let before = self.i;
        self.skip_ws();
        match self.peek() {
            Some(b',') => {
                self.i += 1;
                false
            }
            Some(b) if is_closer(b) || b == closer_of(open) => false,
            None => false,
            _ => {
                if self.starts_element(fields) {
                    if !self.just_recovered_text(before) {
                        let at = self.i;
                        let what = self.next_word();
                        let len = self
                            .rest()
                            .find(|c: char| !(c == '_' || is_xid_continue(c)))
                            .unwrap_or(self.rest().len())
                            .max(self.char_len());
                        self.error(Problem::MissingComma { before: what }, at, at + len);
                    }
                    false
                } else {
                    let start = self.i;
                    let found = self.describe_here();
                    self.error(
                        Problem::ExpectedValue { found },
                        start,
                        start + self.char_len(),
                    );
                    self.skip_to_sync(depth);
                    true
                }
            }
        }
    }

    /// Whether the element just read ended in an unclosed text that was
    /// closed at the end of its line (then the missing comma is part of
    /// the same mistake and not reported again).
    fn just_recovered_text(&self, element_end: usize) -> bool {
        self.recovered_text_end == Some(element_end)
    }

    /// The word or character at the cursor, for messages.
    fn next_word(&self) -> String {
        let rest = self.rest();
        let word: String = rest
            .chars()
            .take_while(|c| *c == '_' || is_xid_continue(*c))
            .take(40)
            .collect();
        if word.is_empty() {
            rest.chars()
                .next()
                .map_or_else(|| "the end".into(), describe_char)
        } else {
            format!("`{word}`")
        }
    }

    fn describe_here(&self) -> String {
        match self.peek_char() {
            None => "the end of the file".into(),
            Some(c) if c == '_' || is_xid_start(c) => self.next_word(),
            Some(c) => describe_char(c),
        }
    }

    /// Skip to the next comma or closer at this level, so that reading
    /// can go on with the next field, item or node. Returns whether a
    /// comma was consumed.
    fn skip_to_sync(&mut self, depth: usize) -> bool {
        let start = self.i;
        let mut nest: Vec<u8> = Vec::new();
        while let Some(c) = self.peek_char() {
            match c {
                ',' if nest.is_empty() => {
                    self.i += 1;
                    return true;
                }
                '(' | '[' | '{' => {
                    if nest.len() + depth > MAX_DEPTH {
                        let _ = self.too_deep(self.i);
                        continue;
                    }
                    nest.push(c as u8);
                    self.i += 1;
                }
                ')' | ']' | '}' => {
                    if nest.is_empty() {
                        return false;
                    }
                    nest.pop();
                    self.i += 1;
                }
                '"' => {
                    let _ = self.string();
                }
                '/' if self.rest().starts_with("//") || self.rest().starts_with("/*") => {
                    self.skip_ws();
                }
                '\n' if !nest.is_empty() => {
                    // A bracket opened in the skipped text and left open
                    // must not swallow the file: the next line that starts
                    // a field is where reading goes on.
                    self.i += 1;
                    if self.starts_field() {
                        return false;
                    }
                }
                c => self.i += c.len_utf8(),
            }
        }
        let _ = start;
        false
    }

    /// A `"..."` text. When its closing quote seems to be missing (the
    /// text runs over lines and what follows the supposed end is not a
    /// separator), it is closed at the end of its first line instead.
    fn string(&mut self) -> Value {
        let start = self.i;
        self.i += 1;
        let mut out = String::new();
        let mut seg = self.i;
        // The next `"`, searched for again only once an escape has gone
        // past it (`\"`); between, backslashes are searched for up to it.
        // Two searches for one character each keep long texts fast, and
        // the reading linear however many escapes a text has.
        let mut quote = None;
        loop {
            if quote.is_none_or(|q| q < self.i) {
                quote = self.rest().find('"').map(|n| self.i + n);
            }
            let limit = quote.unwrap_or(self.b.len());
            if let Some(n) = self.src[self.i..limit].find('\\') {
                self.i += n;
                out.push_str(&self.src[seg..self.i]);
                self.escape(&mut out);
                seg = self.i;
                continue;
            }
            let Some(q) = quote else {
                return self.unclosed_text(start);
            };
            out.push_str(&self.src[seg..q]);
            self.i = q + 1;
            break;
        }
        let end = self.i;
        if self.src[start..end].contains('\n') && !self.separator_follows() {
            self.i = start;
            return self.unclosed_text(start);
        }
        Value::new(start, end, Kind::Str(out))
    }

    /// Whether what follows a value is what may follow one.
    fn separator_follows(&mut self) -> bool {
        let save = self.i;
        self.skip_ws();
        let ok = match self.peek() {
            None => true,
            Some(b) => matches!(b, b',' | b')' | b']' | b'}' | b':'),
        };
        self.i = save;
        ok
    }

    /// Report a text never closed, and close it at the end of its line.
    fn unclosed_text(&mut self, start: usize) -> Value {
        let line = self.line_of(start);
        let line_end = self.src[start..]
            .find('\n')
            .map_or(self.b.len(), |n| start + n);
        let body = self.src[start + 1..line_end].trim_end_matches('\r');
        let text = body.replace("\\\"", "\"");
        self.error(Problem::UnclosedText { line }, start, start + 1);
        self.i = line_end;
        self.recovered_text_end = Some(line_end);
        Value::new(start, line_end, Kind::Str(text))
    }

    /// One escape after `\`, appended to `out`.
    fn escape(&mut self, out: &mut String) {
        let at = self.i;
        self.i += 1;
        let Some(c) = self.peek_char() else { return };
        self.i += c.len_utf8();
        match c {
            '"' => out.push('"'),
            '\'' => out.push('\''),
            '\\' => out.push('\\'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            '0' => out.push('\0'),
            '\n' => {
                // A line continuation: skip the next line's indentation.
                while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
                    self.i += 1;
                }
            }
            '\r' if self.peek() == Some(b'\n') => {
                self.i += 1;
                while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
                    self.i += 1;
                }
            }
            'u' => self.unicode_escape(at, out),
            'x' => self.byte_escape(at, out),
            _ => self.error(
                Problem::BadEscape {
                    detail: "unknown escape; write `\\\\` for a backslash",
                },
                at,
                self.i,
            ),
        }
    }

    fn unicode_escape(&mut self, at: usize, out: &mut String) {
        let rest = self.rest();
        let ok = rest.strip_prefix('{').and_then(|r| {
            let close = r.find('}')?;
            let digits = &r[..close];
            // Hex digits only: `from_str_radix` would also take a sign.
            if digits.is_empty()
                || digits.len() > 6
                || !digits.bytes().all(|b| b.is_ascii_hexdigit())
            {
                return None;
            }
            let n = u32::from_str_radix(digits, 16).ok()?;
            Some((char::from_u32(n), close + 2))
        });
        match ok {
            Some((Some(c), used)) => {
                out.push(c);
                self.i += used;
            }
            _ => self.error(
                Problem::BadEscape {
                    detail: "a Unicode escape is written `\\u{1F600}`",
                },
                at,
                self.i,
            ),
        }
    }

    fn byte_escape(&mut self, at: usize, out: &mut String) {
        let mut bytes = Vec::new();
        let mut pos = self.i;
        // Two hex digits: `from_str_radix` alone would also take `+F`.
        while let Some(hex) = self
            .src
            .get(pos..pos + 2)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
        {
            let Ok(b) = u8::from_str_radix(hex, 16) else {
                break;
            };
            bytes.push(b);
            pos += 2;
            if let Ok(s) = std::str::from_utf8(&bytes) {
                out.push_str(s);
                self.i = pos;
                return;
            }
            if bytes.len() == 4 || !self.src[pos..].starts_with("\\x") {
                break;
            }
            pos += 2;
        }
        // Past what was read, so that a broken `\xC3\x+9` is one mistake.
        self.i = pos;
        self.error(
            Problem::BadEscape {
                detail: "`\\x` takes two hex digits of a character",
            },
            at,
            self.i,
        );
    }

    fn raw_string(&mut self) -> Value {
        let start = self.i;
        self.i += 1;
        let hashes = self.rest().bytes().take_while(|b| *b == b'#').count();
        self.i += hashes;
        if self.peek() != Some(b'"') {
            self.error(
                Problem::ExpectedValue {
                    found: "`r#` without a text after it".into(),
                },
                start,
                self.i,
            );
            return Value::new(start, self.i, Kind::Error);
        }
        self.i += 1;
        let close: String = std::iter::once('"')
            .chain(std::iter::repeat_n('#', hashes))
            .collect();
        match self.rest().find(&close) {
            Some(n) => {
                let text = self.src[self.i..self.i + n].to_owned();
                self.i += n + close.len();
                Value::new(start, self.i, Kind::Str(text))
            }
            None => self.unclosed_text(start),
        }
    }

    /// `'x'` is a character; `'some words'` is a text in the wrong quotes.
    fn char_or_text(&mut self) -> Value {
        let start = self.i;
        self.i += 1;
        let mut out = String::new();
        if self.peek() == Some(b'\\') {
            self.escape(&mut out);
        } else if let Some(c) = self.peek_char() {
            out.push(c);
            self.i += c.len_utf8();
        }
        if self.peek() == Some(b'\'') && out.chars().count() == 1 {
            self.i += 1;
            let c = out.chars().next().unwrap_or(' ');
            return Value::new(start, self.i, Kind::Char(c));
        }
        let line_end = self.src[start..]
            .find('\n')
            .map_or(self.b.len(), |n| start + n);
        match self.src[start + 1..line_end].find('\'') {
            Some(n) => {
                let text = self.src[start + 1..start + 1 + n].to_owned();
                self.i = start + 2 + n;
                self.error(Problem::SingleQuotedText, start, self.i);
                Value::new(start, self.i, Kind::Str(text))
            }
            None => {
                self.i = start;
                self.unclosed_text(start)
            }
        }
    }

    /// A text opened with a curly quote: read it up to the matching curly
    /// (or straight) quote on the same line, and say what happened.
    fn curly_string(&mut self, open: char) -> Value {
        let start = self.i;
        self.i += open.len_utf8();
        let line_end = self.src[start..]
            .find('\n')
            .map_or(self.b.len(), |n| start + n);
        let body = &self.src[self.i..line_end];
        let end = body
            .char_indices()
            .find(|(_, c)| is_curly_quote(*c) || *c == '"')
            .map(|(n, c)| (n, c.len_utf8()));
        self.error(Problem::CurlyQuote { quote: open }, start, self.i);
        let (text, next) = match end {
            Some((n, len)) => (body[..n].to_owned(), self.i + n + len),
            None => (body.trim_end().to_owned(), line_end),
        };
        self.i = next;
        Value::new(start, self.i, Kind::Str(text))
    }

    /// `b'a'` or `b'\x05'`: a byte, which `ron` reads as a `u8` (and only
    /// as a `u8`).
    fn byte_literal(&mut self) -> Value {
        let start = self.i;
        self.i += 2;
        let byte = match self.peek_char() {
            Some('\\') => {
                self.i += 1;
                let e = self.peek_char();
                self.i += e.map_or(0, char::len_utf8);
                match e {
                    Some('x') => {
                        let hex = self
                            .src
                            .get(self.i..self.i + 2)
                            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
                        self.i += hex.map_or(0, str::len);
                        hex.and_then(|h| u8::from_str_radix(h, 16).ok())
                    }
                    Some('\'') => Some(b'\''),
                    Some('"') => Some(b'"'),
                    Some('\\') => Some(b'\\'),
                    Some('n') => Some(b'\n'),
                    Some('r') => Some(b'\r'),
                    Some('t') => Some(b'\t'),
                    Some('0') => Some(0),
                    _ => None,
                }
            }
            Some(c) if c.is_ascii() => {
                self.i += 1;
                Some(c as u8)
            }
            _ => None,
        };
        if let Some(b) = byte
            && self.peek() == Some(b'\'')
        {
            self.i += 1;
            return Value::new(
                start,
                self.i,
                Kind::SuffixedInt {
                    value: i128::from(b),
                    suffix: "u8",
                },
            );
        }
        // Up to the closing `'` on the line, if there is one.
        let line_end = self.src[start..]
            .find('\n')
            .map_or(self.b.len(), |n| start + n);
        self.i = self.src[start + 2..line_end]
            .find('\'')
            .map_or(self.i.min(line_end), |n| start + 2 + n + 1);
        self.error(
            Problem::BadNumber {
                text: self.src[start..self.i].chars().take(40).collect(),
            },
            start,
            self.i,
        );
        Value::new(start, self.i, Kind::Error)
    }

    /// Integers (with `_`, `0x`/`0o`/`0b`, a sign, a type suffix) and
    /// floats.
    fn number(&mut self) -> Value {
        let start = self.i;
        let len = self
            .rest()
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '+' | '-')))
            .unwrap_or(self.rest().len());
        // A sign only at the start or after an exponent.
        let token = &self.src[start..start + len];
        let token = cut_token(token);
        self.i = start + token.len();
        match parse_number(token) {
            Some(kind) => Value::new(start, self.i, kind),
            None => {
                self.error(
                    Problem::BadNumber {
                        text: token.chars().take(40).collect(),
                    },
                    start,
                    self.i,
                );
                Value::new(start, self.i, Kind::Error)
            }
        }
    }
}

/// The number token ends where a second sign appears that does not follow
/// an exponent: `5-3` reads as `5`.
fn cut_token(token: &str) -> &str {
    let b = token.as_bytes();
    for i in 1..b.len() {
        if matches!(b[i], b'+' | b'-') && !matches!(b[i - 1], b'e' | b'E') {
            return &token[..i];
        }
    }
    token
}

fn parse_number(token: &str) -> Option<Kind> {
    let (neg, body) = match token.as_bytes().first()? {
        b'-' => (true, &token[1..]),
        b'+' => (false, &token[1..]),
        _ => (false, token),
    };
    if body.is_empty() || body.starts_with('_') {
        return None;
    }
    let (radix, digits) = if let Some(d) = body.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = body.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = body.strip_prefix("0b") {
        (2, d)
    } else {
        (10, body)
    };
    // `ron` refuses `0x_1` as it refuses `_1`.
    if digits.starts_with('_') {
        return None;
    }
    let (digits, suffix) = split_suffix(digits);
    let is_float =
        radix == 10 && suffix.is_none() && (digits.contains('.') || digits.contains(['e', 'E']))
            || matches!(body, "inf" | "NaN");
    if is_float {
        let clean: String = token.chars().filter(|c| *c != '_').collect();
        return clean.parse::<f64>().ok().map(Kind::Float);
    }
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    if clean.is_empty() {
        return None;
    }
    let magnitude = u128::from_str_radix(&clean, radix).ok()?;
    let value = if neg {
        0i128.checked_sub_unsigned(magnitude)?
    } else {
        i128::try_from(magnitude).ok()?
    };
    match suffix {
        Some(suffix) if !fits_suffix(value, suffix) => None,
        Some(suffix) => Some(Kind::SuffixedInt { value, suffix }),
        None => Some(Kind::Int(value)),
    }
}

fn split_suffix(digits: &str) -> (&str, Option<&'static str>) {
    for s in [
        "i8", "i16", "i32", "i64", "i128", "u8", "u16", "u32", "u64", "u128",
    ] {
        if let Some(d) = digits.strip_suffix(s) {
            return (d, Some(s));
        }
    }
    (digits, None)
}

fn fits_suffix(v: i128, suffix: &str) -> bool {
    match suffix {
        "i8" => i8::try_from(v).is_ok(),
        "i16" => i16::try_from(v).is_ok(),
        "i32" => i32::try_from(v).is_ok(),
        "i64" => i64::try_from(v).is_ok(),
        "u8" => u8::try_from(v).is_ok(),
        "u16" => u16::try_from(v).is_ok(),
        "u32" => u32::try_from(v).is_ok(),
        "u64" => u64::try_from(v).is_ok(),
        "u128" => v >= 0,
        _ => true,
    }
}

/// A character as a message shows it: `;`, or its code when invisible.
pub fn describe_char(c: char) -> String {
    if crate::diag::is_unsafe_char(c) || c.is_whitespace() {
        format!("the character U+{:04X}", u32::from(c))
    } else {
        format!("`{c}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(src: &str) -> Vec<Problem> {
        parse(src).errors.into_iter().map(|e| e.problem).collect()
    }

    #[test]
    fn reads_structs_lists_maps_and_spans() {
        let src = "Scenario(id: \"a\", n: [1, -2, 0x1F], m: { \"k\": 3 }, o: Some(x), e: Angry)";
        let tree = parse(src);
        assert!(tree.errors.is_empty(), "{:?}", tree.errors);
        assert_eq!(tree.root.name(), Some("Scenario"));
        let id = tree.root.field("id").unwrap();
        assert_eq!(&src[id.start..id.end], "\"a\"");
        let n = tree.root.field("n").unwrap();
        match &n.kind {
            Kind::List { items, .. } => {
                let ints: Vec<_> = items.iter().map(|v| v.kind.clone()).collect();
                assert_eq!(ints, vec![Kind::Int(1), Kind::Int(-2), Kind::Int(31)]);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            tree.root.field("e").unwrap().kind,
            Kind::Ident("Angry".into())
        );
    }

    #[test]
    fn escapes_and_raw_strings() {
        let tree = parse(
            r##"(a: "x\"y\n\u{e9}\x41", b: r#"q"uote"#, c: "one \
              two")"##,
        );
        assert!(tree.errors.is_empty(), "{:?}", tree.errors);
        assert_eq!(tree.root.field("a").unwrap().as_str(), Some("x\"y\néA"));
        assert_eq!(tree.root.field("b").unwrap().as_str(), Some("q\"uote"));
        assert_eq!(tree.root.field("c").unwrap().as_str(), Some("one two"));
    }

    #[test]
    fn a_missing_comma_is_reported_and_reading_goes_on() {
        let src = "(a: 1\n b: 2, c: [1 2])";
        let tree = parse(src);
        assert_eq!(
            tree.errors.iter().map(|e| &e.problem).collect::<Vec<_>>(),
            vec![
                &Problem::MissingComma {
                    before: "`b`".into()
                },
                &Problem::MissingComma {
                    before: "`2`".into()
                }
            ]
        );
        assert_eq!(tree.root.field("b").unwrap().kind, Kind::Int(2));
        assert!(tree.root.field("c").is_some());
    }

    #[test]
    fn curly_quotes_are_read_and_reported() {
        let tree = parse("(a: \u{201C}hello\u{201D}, b: 2)");
        assert_eq!(
            tree.errors[0].problem,
            Problem::CurlyQuote { quote: '\u{201C}' }
        );
        assert_eq!(tree.root.field("a").unwrap().as_str(), Some("hello"));
        assert_eq!(tree.root.field("b").unwrap().kind, Kind::Int(2));
    }

    #[test]
    fn an_unclosed_text_names_its_line_and_the_next_field_survives() {
        let src = "(\n  a: \"never closed,\n  b: \"fine\",\n  c: 3,\n)";
        let tree = parse(src);
        assert_eq!(problems(src), vec![Problem::UnclosedText { line: 2 }]);
        assert_eq!(
            tree.root.field("a").unwrap().as_str(),
            Some("never closed,")
        );
        assert_eq!(tree.root.field("b").unwrap().as_str(), Some("fine"));
        assert_eq!(tree.root.field("c").unwrap().kind, Kind::Int(3));
    }

    #[test]
    fn multi_line_texts_that_close_are_fine() {
        let src = "(a: \"one\ntwo\", b: 1)";
        assert!(problems(src).is_empty());
    }

    #[test]
    fn unclosed_brackets_name_where_they_opened() {
        assert_eq!(
            problems("(a: [1, 2)"),
            vec![Problem::Unclosed { open: '[', line: 1 }]
        );
        assert_eq!(
            problems("(a: [(b: 1"),
            vec![Problem::EndsInside { open: '(', line: 1 }]
        );
    }

    #[test]
    fn an_unclosed_bracket_in_skipped_text_stops_at_the_next_field() {
        let tree = parse("(\n  a: 1, \u{1b}[0m\n  b: 2,\n  c: 3,\n)");
        assert_eq!(tree.errors.len(), 1, "{:?}", tree.errors);
        assert_eq!(tree.root.field("b").unwrap().kind, Kind::Int(2));
        assert_eq!(tree.root.field("c").unwrap().kind, Kind::Int(3));
    }

    #[test]
    fn garbage_is_skipped_to_the_next_field() {
        let tree = parse("(a: 1, ;; b: 2, c: 3)");
        assert!(!tree.errors.is_empty());
        assert_eq!(tree.root.field("c").unwrap().kind, Kind::Int(3));
    }

    #[test]
    fn deep_nesting_is_refused_without_recursion() {
        let src = "[".repeat(200_000);
        let tree = parse(&src);
        assert!(tree.errors.iter().any(|e| e.problem == Problem::TooDeep));
    }

    #[test]
    fn a_no_break_space_is_reported_and_read_past() {
        let tree = parse("(a:\u{a0}1,\u{2003}b: 2)");
        assert_eq!(
            tree.errors.iter().map(|e| &e.problem).collect::<Vec<_>>(),
            vec![
                &Problem::OddSpace { space: '\u{a0}' },
                &Problem::OddSpace { space: '\u{2003}' }
            ]
        );
        assert_eq!(tree.root.field("a").unwrap().kind, Kind::Int(1));
        assert_eq!(tree.root.field("b").unwrap().kind, Kind::Int(2));
    }

    #[test]
    fn ron_whitespace_is_whitespace() {
        let src = "(a:\u{2028}1,\u{85}b:\x0B2\u{2029})";
        let tree = parse(src);
        assert!(tree.errors.is_empty(), "{:?}", tree.errors);
        assert_eq!(tree.root.field("b").unwrap().kind, Kind::Int(2));
    }

    #[test]
    fn escapes_take_hex_digits_only() {
        // `from_str_radix` takes a sign; `ron` does not.
        for src in [r#""\u{+41}""#, r#""\x+4""#, r#""\xC3\x+9""#] {
            assert!(
                matches!(problems(src).as_slice(), [Problem::BadEscape { .. }]),
                "{src}: {:?}",
                problems(src)
            );
        }
        assert_eq!(parse(r#""\u{41}\x42\xC3\xA9""#).root.as_str(), Some("ABé"));
    }

    #[test]
    fn texts_with_many_escapes_and_quotes_read_whole() {
        let body = "a\\\"b\\n".repeat(1000);
        let tree = parse(&format!("(t: \"{body}\", u: \"x\")"));
        assert!(tree.errors.is_empty(), "{:?}", tree.errors);
        assert_eq!(
            tree.root.field("t").unwrap().as_str(),
            Some("a\"b\n".repeat(1000).as_str())
        );
        assert_eq!(tree.root.field("u").unwrap().as_str(), Some("x"));
    }

    #[test]
    fn integer_suffixes_and_bytes_keep_their_type() {
        for (src, value, suffix) in [
            ("7u8", 7, "u8"),
            ("-0x10i32", -16, "i32"),
            ("b'A'", 65, "u8"),
            (r"b'\xff'", 255, "u8"),
            (r"b'\n'", 10, "u8"),
        ] {
            let tree = parse(src);
            assert!(tree.errors.is_empty(), "{src}: {:?}", tree.errors);
            assert_eq!(tree.root.kind, Kind::SuffixedInt { value, suffix }, "{src}");
            assert_eq!((tree.root.start, tree.root.end), (0, src.len()));
        }
        for src in ["b'ab'", r"b'\u{41}'", "b'é'", "b'"] {
            assert!(
                matches!(problems(src).as_slice(), [Problem::BadNumber { .. }]),
                "{src}: {:?}",
                problems(src)
            );
        }
    }

    #[test]
    fn attributes_are_read_as_ron_reads_them() {
        for ok in [
            "#![enable(implicit_some)] (a: 1)",
            "# ! [ enable ( unwrap_variant_newtypes , /* c */ r#implicit_some , ) ]\n(a: 1)",
            "#![enable(implicit_some)]\n#![type = \"Scenario\"] #![schema = r\"s\"] (a: 1)",
            "#![enable(explicit_struct_names)] Name(a: 1)",
        ] {
            let tree = parse(ok);
            assert!(tree.errors.is_empty(), "{ok}: {:?}", tree.errors);
            assert_eq!(tree.root.field("a").unwrap().kind, Kind::Int(1), "{ok}");
        }
        for bad in [
            "#[enable(implicit_some)] (a: 1)",
            "#![enable(implicit_none)] (a: 1)",
            "#![enable(implicit_some) (a: 1)",
            "#![type = Scenario] (a: 1)",
            "#![enable(explicit_struct_names)] (a: 1)",
        ] {
            let tree = parse(bad);
            assert!(
                matches!(
                    tree.errors.as_slice(),
                    [SyntaxError {
                        problem: Problem::ExpectedValue { .. },
                        ..
                    }]
                ),
                "{bad}: {:?}",
                tree.errors
            );
        }
        // After a bad attribute the rest is read.
        assert_eq!(
            parse("#[x] (a: 1)").root.field("a").unwrap().kind,
            Kind::Int(1)
        );
    }

    #[test]
    fn the_end_of_the_file_is_on_its_last_line() {
        for src in ["(a:\n", "(a:\r\n", "(a:"] {
            let tree = parse(src);
            let end = Problem::ExpectedValue {
                found: "the end of the file".into(),
            };
            let e = tree.errors.iter().find(|e| e.problem == end).unwrap();
            assert_eq!((e.start, e.end), (3, 3), "{src:?}");
            let a = tree.root.field("a").unwrap();
            assert_eq!((a.start, a.end), (3, 3), "{src:?}");
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("1_000"), Some(Kind::Int(1000)));
        assert_eq!(parse_number("-0b101"), Some(Kind::Int(-5)));
        assert_eq!(
            parse_number("7u8"),
            Some(Kind::SuffixedInt {
                value: 7,
                suffix: "u8"
            })
        );
        assert_eq!(parse_number("300u8"), None);
        assert_eq!(parse_number("2.5"), Some(Kind::Float(2.5)));
        assert_eq!(parse_number("1e3"), Some(Kind::Float(1000.0)));
        assert_eq!(parse_number("12abc"), None);
        // `ron` refuses an underscore first, after a base too.
        assert_eq!(parse_number("0x_1"), None);
        assert_eq!(parse_number("0x1_"), Some(Kind::Int(1)));
    }
}
