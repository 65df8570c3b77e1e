//! The tolerant reader ([`attune::syntax`] and [`attune::decode`]) against
//! the `ron` crate, which stays the reference for what a scenario file
//! means.
//!
//! - Every shipped file reads without a problem, to the value `ron` gives,
//!   with a span for every value.
//! - Thousands of seeded variants of the shipped files, written differently
//!   but meaning the same (other whitespace and comments, escapes, raw
//!   strings, other number bases and suffixes, `Some(..)` or bare, struct
//!   names added or dropped, trailing commas), some also damaged byte by
//!   byte: where `ron` reads a variant, the tolerant reader gives the same
//!   value and no problem; where `ron` refuses it, the tolerant reader finds
//!   a problem too, and loading reports it at a line of the file.
//! - Unusual whitespace keeps every location of a file with mistakes.
//!
//! On a disagreement the smallest failing input found by deleting lines is
//! printed.

// Prints its own figures and notes, never scenario text: the standard
// printing macros are fine here (see clippy.toml).
#![allow(clippy::disallowed_macros)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use attune::decode;
use attune::diag::Diagnostic;
use attune::format::{Node, ScenarioFile};
use attune::load::{self, load_str};
use attune::spans::{Key, SpanMap};
use attune::syntax::{self, Kind, Value};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The shipped files: every scenario and the test fixture.
fn shipped() -> Vec<(String, String)> {
    let mut paths: Vec<_> = std::fs::read_dir("scenarios")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    paths.sort();
    paths.push("tests/fixtures/mini.ron".into());
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p.display().to_string(), text)
        })
        .collect()
}

fn ron_read(text: &str) -> Result<ScenarioFile, ron::error::SpannedError> {
    load::ron_options().from_str::<ScenarioFile>(text)
}

fn decode_tree(tree: &syntax::Tree) -> decode::Decoded<ScenarioFile> {
    decode::decode::<ScenarioFile>(
        &tree.root,
        Path::new("variant.ron"),
        load::scenario_fields(),
    )
}

// ---------------------------------------------------------------------
// Walking the value tree.

fn children(v: &Value) -> Vec<&Value> {
    match &v.kind {
        Kind::Struct { fields, .. } => fields.iter().map(|f| &f.value).collect(),
        Kind::Tuple { items, .. } | Kind::List { items, .. } => items.iter().collect(),
        Kind::Map { entries, .. } => entries.iter().flat_map(|(k, v)| [k, v]).collect(),
        _ => Vec::new(),
    }
}

fn walk<'a>(v: &'a Value, out: &mut Vec<&'a Value>) {
    out.push(v);
    for c in children(v) {
        walk(c, out);
    }
}

fn kind_name(k: &Kind) -> &'static str {
    match k {
        Kind::Str(_) => "text",
        Kind::Int(_) | Kind::SuffixedInt { .. } => "integer",
        Kind::Float(_) => "float",
        Kind::Char(_) => "character",
        Kind::Ident(_) => "name",
        Kind::Struct { .. } => "struct",
        Kind::Tuple { .. } => "tuple",
        Kind::List { .. } => "list",
        Kind::Map { .. } => "map",
        Kind::Error => "error",
    }
}

/// Check the spans of a tree read from `src`: each inside the file and not
/// empty, and each re-reading alone as the same kind of value (leaves
/// only when `deep` is false, which keeps the check linear).
fn check_spans(src: &str, tree: &syntax::Tree, deep: bool) -> Result<(), String> {
    let mut all = Vec::new();
    walk(&tree.root, &mut all);
    for v in all {
        if v.start > v.end || v.end > src.len() {
            return Err(format!("span {}..{} outside the file", v.start, v.end));
        }
        if v.kind == Kind::Error {
            continue;
        }
        if v.start == v.end {
            return Err(format!(
                "empty span at {} for a {}",
                v.start,
                kind_name(&v.kind)
            ));
        }
        let leaf =
            children(v).is_empty() && !matches!(v.kind, Kind::Struct { .. } | Kind::Tuple { .. });
        if !deep && !leaf {
            continue;
        }
        let piece = &src[v.start..v.end];
        let again = syntax::parse(piece);
        // A leaf reads to the same value, a container to the same kind.
        let same = match &v.kind {
            Kind::Struct { .. } | Kind::Tuple { .. } | Kind::List { .. } | Kind::Map { .. } => {
                kind_name(&v.kind) == kind_name(&again.root.kind)
            }
            leaf => *leaf == again.root.kind,
        };
        if !same || !again.errors.is_empty() {
            return Err(format!(
                "the span {}..{} ({:?}) re-reads as {:?} with {:?}, not as {:?}",
                v.start,
                v.end,
                short(piece),
                kind_name(&again.root.kind),
                again.errors.first(),
                kind_name(&v.kind),
            ));
        }
    }
    Ok(())
}

/// Every node id and option id is found by its path, at a text that
/// reads as that id.
fn check_id_spans(
    src: &str,
    tree: &syntax::Tree,
    file: &ScenarioFile,
    exact: bool,
) -> Result<(), String> {
    let map = SpanMap::from_tree(tree.root.clone());
    let check = |path: &[Key], id: &str| -> Result<(), String> {
        let span = map
            .get(path)
            .ok_or_else(|| format!("no span for {path:?}"))?;
        let text = &src[span.start..span.end];
        let ok = if exact {
            text == format!("\"{id}\"")
        } else {
            syntax::parse(text).root.as_str() == Some(id)
        };
        if ok {
            Ok(())
        } else {
            Err(format!(
                "the span of {path:?} is {text:?}, not the id {id:?}"
            ))
        }
    };
    for (i, node) in file.nodes.iter().enumerate() {
        check(
            &[Key::Field("nodes"), Key::Index(i), Key::Field("id")],
            node.id(),
        )?;
        if let Node::Client(turn) = node {
            for (j, o) in turn.options.iter().enumerate() {
                check(
                    &[
                        Key::Field("nodes"),
                        Key::Index(i),
                        Key::Field("options"),
                        Key::Index(j),
                        Key::Field("id"),
                    ],
                    &o.id,
                )?;
            }
        }
    }
    Ok(())
}

fn short(s: &str) -> String {
    if s.chars().count() > 60 {
        s.chars().take(60).collect::<String>() + "..."
    } else {
        s.to_owned()
    }
}

// ---------------------------------------------------------------------
// 1. The shipped files.

#[test]
fn shipped_files_read_to_rons_values_with_spans_for_every_value() {
    for (path, text) in shipped() {
        let expected = ron_read(&text).unwrap_or_else(|e| panic!("{path}: ron refuses it: {e}"));
        let tree = syntax::parse(&text);
        assert!(tree.errors.is_empty(), "{path}: {:?}", tree.errors);
        let decoded = decode_tree(&tree);
        assert!(
            decoded.diagnostics.is_empty(),
            "{path}: {:?}",
            decoded.diagnostics
        );
        assert!(
            decoded.poisoned.is_empty(),
            "{path}: {:?}",
            decoded.poisoned
        );
        assert_eq!(decoded.value.as_ref(), Some(&expected), "{path}");
        check_spans(&text, &tree, true).unwrap_or_else(|e| panic!("{path}: {e}"));
        check_id_spans(&text, &tree, &expected, true).unwrap_or_else(|e| panic!("{path}: {e}"));
    }
}

// ---------------------------------------------------------------------
// 2. Generated and damaged variants.

/// A scenario file as its parts, read from a shipped file (by a reader
/// of this test's own, for the plain RON the shipped files use) and
/// written out again in many ways.
#[derive(Debug, Clone, PartialEq)]
enum Ron {
    Str(String),
    Int(i64),
    Ident(String),
    /// `Name(field: value, ...)` or `(field: value, ...)`.
    Struct(Option<String>, Vec<(String, Ron)>),
    List(Vec<Ron>),
    Map(Vec<(Ron, Ron)>),
}

struct Reader<'a> {
    s: &'a str,
    i: usize,
}

impl Reader<'_> {
    fn rest(&self) -> &str {
        &self.s[self.i..]
    }

    fn ws(&mut self) {
        loop {
            let r = self.rest();
            if let Some(c) = r.chars().next().filter(|c| syntax::is_ron_whitespace(*c)) {
                self.i += c.len_utf8();
            } else if r.starts_with("//") {
                self.i += r.find('\n').unwrap_or(r.len());
            } else if r.starts_with("/*") {
                self.i += r.find("*/").unwrap() + 2;
            } else {
                return;
            }
        }
    }

    fn eat(&mut self, c: char) -> bool {
        self.ws();
        if self.rest().starts_with(c) {
            self.i += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn word(&mut self) -> String {
        self.ws();
        let n = self
            .rest()
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(self.rest().len());
        let w = self.rest()[..n].to_owned();
        self.i += n;
        w
    }

    fn value(&mut self) -> Ron {
        self.ws();
        let c = self.rest().chars().next().expect("a value");
        match c {
            '"' => {
                self.i += 1;
                let mut out = String::new();
                loop {
                    let c = self.rest().chars().next().expect("a closing quote");
                    self.i += c.len_utf8();
                    match c {
                        '"' => break,
                        '\\' => {
                            let e = self.rest().chars().next().unwrap();
                            self.i += e.len_utf8();
                            out.push(match e {
                                'n' => '\n',
                                't' => '\t',
                                other => other,
                            });
                        }
                        c => out.push(c),
                    }
                }
                Ron::Str(out)
            }
            '[' => {
                self.i += 1;
                let mut items = Vec::new();
                while !self.eat(']') {
                    items.push(self.value());
                    self.eat(',');
                }
                Ron::List(items)
            }
            '{' => {
                self.i += 1;
                let mut entries = Vec::new();
                while !self.eat('}') {
                    let k = self.value();
                    assert!(self.eat(':'));
                    let v = self.value();
                    entries.push((k, v));
                    self.eat(',');
                }
                Ron::Map(entries)
            }
            '(' => {
                self.i += 1;
                Ron::Struct(None, self.fields())
            }
            '-' | '0'..='9' => {
                let n = self.rest()[1..]
                    .find(|c: char| !c.is_ascii_digit())
                    .map_or(self.rest().len(), |n| n + 1);
                let v = self.rest()[..n].parse().unwrap();
                self.i += n;
                Ron::Int(v)
            }
            _ => {
                let w = self.word();
                assert!(!w.is_empty(), "unexpected {:?}", short(self.rest()));
                if self.eat('(') {
                    Ron::Struct(Some(w), self.fields())
                } else {
                    Ron::Ident(w)
                }
            }
        }
    }

    fn fields(&mut self) -> Vec<(String, Ron)> {
        let mut fields = Vec::new();
        while !self.eat(')') {
            let name = self.word();
            assert!(self.eat(':'), "a field {name} without `:`");
            fields.push((name, self.value()));
            self.eat(',');
        }
        fields
    }
}

fn read_plain(text: &str) -> Ron {
    let mut r = Reader { s: text, i: 0 };
    let v = r.value();
    r.ws();
    assert!(r.rest().is_empty());
    v
}

/// Where a value sits, which decides what it may be written as.
#[derive(Clone, Copy, PartialEq)]
enum Slot<'a> {
    Root,
    Field(&'a str),
    Item(&'a str),
    MapKey,
    MapValue,
}

impl Slot<'_> {
    /// The integer type `ron` reads here.
    fn int_type(self) -> &'static str {
        match self {
            Slot::Field("format" | "age" | "weight") => "u32",
            Slot::Field("salience" | "attunement" | "ownership") => "u8",
            Slot::MapValue => "i32",
            _ => "u32",
        }
    }

    /// The name a struct here may be written with.
    fn struct_name(self) -> Option<&'static str> {
        match self {
            Slot::Root => Some("Scenario"),
            Slot::Field("client") => Some("Client"),
            Slot::Field("appearance") => Some("Appearance"),
            Slot::Field("marker") => Some("Marker"),
            Slot::Field("checkin") => Some("CheckIn"),
            Slot::Field("concern") => Some("Concern"),
            Slot::Item("options") => Some("ResponseOption"),
            Slot::Item("branch") => Some("Alternative"),
            _ => None,
        }
    }

    fn optional(self) -> bool {
        matches!(
            self,
            Slot::Field(
                "marker"
                    | "checkin"
                    | "ownership"
                    | "when"
                    | "next"
                    | "appearance"
                    | "skin"
                    | "hair_colour"
                    | "hair_style"
                    | "hair_length"
                    | "greying"
                    | "facial_hair"
                    | "head_covering"
                    | "top"
                    | "clothes"
                    | "accent"
                    | "build"
            )
        )
    }
}

/// How a variant is written.
#[derive(Clone, Copy)]
struct Style {
    /// Chance of whitespace (or a comment) between two tokens.
    ws: f64,
    /// Chance of each rewrite of a string, number, name or comma.
    rewrite: f64,
    /// Whether forms `ron` refuses may be written.
    probes: bool,
    /// `#![enable(explicit_struct_names)]`, and every struct named.
    named: bool,
}

struct Writer<'r> {
    rng: &'r mut ChaCha8Rng,
    out: String,
    style: Style,
    /// A form `ron` refuses was written.
    refused: Vec<&'static str>,
}

const WS_CHARS: [&str; 12] = [
    " ", "\t", "\n", "\r\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{200E}", "\u{200F}",
    "\u{2028}", "\u{2029}",
];

/// Characters for comments: brackets, quotes and unusual whitespace, all
/// to be skipped.
const COMMENT_CHARS: [char; 16] = [
    'a', 'z', ' ', '"', '(', ')', '[', '}', ',', ':', '\'', '#', 'é', '\u{2028}', '\u{85}', '\\',
];

impl Writer<'_> {
    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p.clamp(0.0, 1.0))
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.random_range(0..items.len())]
    }

    fn probe(&mut self, what: &'static str) -> bool {
        if self.style.probes && self.chance(0.04) {
            self.refused.push(what);
            true
        } else {
            false
        }
    }

    fn comment_text(&mut self, block: bool) -> String {
        let n = self.rng.random_range(0..8);
        let mut s = String::new();
        for _ in 0..n {
            let c = *self.pick(&COMMENT_CHARS);
            s.push(c);
        }
        if block && self.chance(0.3) {
            // Block comments nest.
            let inner = self.comment_text(true);
            s = format!("{s}/*{inner}*/{s}");
        }
        s
    }

    /// Whitespace and comments between two tokens, maybe none.
    fn ws(&mut self) {
        if !self.chance(self.style.ws) {
            return;
        }
        let pieces = self.rng.random_range(1..=3);
        for _ in 0..pieces {
            match self.rng.random_range(0..20) {
                0 => {
                    let t = self.comment_text(false);
                    let end = if self.chance(0.3) { "\r\n" } else { "\n" };
                    write!(self.out, "//{t}{end}").unwrap();
                }
                1 => {
                    let t = self.comment_text(true);
                    write!(self.out, "/*{t}*/").unwrap();
                }
                2..=7 => self.out.push(' '),
                _ => {
                    let w = *self.pick(&WS_CHARS);
                    self.out.push_str(w);
                }
            }
        }
    }

    fn token(&mut self, t: &str) {
        self.ws();
        self.out.push_str(t);
    }

    /// A name, sometimes as a raw identifier `r#name`.
    fn name(&mut self, n: &str) {
        self.ws();
        if self.chance(self.style.rewrite * 0.3) {
            self.out.push_str("r#");
        }
        self.out.push_str(n);
    }

    fn comma_then_close(&mut self, last: bool, close: &str) {
        if !last || self.chance(0.5) {
            self.comma();
        }
        if last {
            self.token(close);
        }
    }

    /// A comma, often with a new line after it: a failing variant then
    /// shrinks well by deleting lines.
    fn comma(&mut self) {
        self.token(",");
        if self.chance(0.6) {
            self.out.push('\n');
        }
    }

    fn string(&mut self, s: &str) {
        self.ws();
        let r = self.style.rewrite;
        if self.chance(r * 0.4) {
            // A raw string, with enough hashes.
            let mut hashes = 0;
            while s.contains(&format!("\"{}", "#".repeat(hashes))) {
                hashes += 1;
            }
            hashes += self.rng.random_range(0..2);
            let h = "#".repeat(hashes);
            write!(self.out, "r{h}\"{s}\"{h}").unwrap();
            return;
        }
        self.out.push('"');
        // Where escapes and line continuations go: at the highest rate
        // about one character in twenty escaped, one line in fifty broken.
        let chars: Vec<char> = s.chars().collect();
        let n = chars.len();
        let mut escaped = vec![false; n];
        let mut broken = vec![false; n];
        if n > 0 {
            for _ in 0..=(n as f64 * r * 0.1) as usize {
                escaped[self.rng.random_range(0..n)] = true;
            }
            for _ in 0..=(n as f64 * r * 0.04) as usize {
                broken[self.rng.random_range(0..n)] = true;
            }
        }
        let mut plain = String::new();
        for (k, &c) in chars.iter().enumerate() {
            if !escaped[k] && !broken[k] && c != '"' && c != '\\' {
                plain.push(c);
                continue;
            }
            self.out.push_str(&plain);
            plain.clear();
            // A line continuation swallows the whitespace after it, so it
            // goes only before a character that is not whitespace.
            if broken[k] && !matches!(c, ' ' | '\t' | '\n' | '\r') {
                let nl = if self.chance(0.3) { "\r\n" } else { "\n" };
                self.out.push('\\');
                self.out.push_str(nl);
                for _ in 0..self.rng.random_range(0..4) {
                    let w = *self.pick(&[" ", "\t", "\n", "\r\n"]);
                    self.out.push_str(w);
                }
            }
            match c {
                '"' | '\\' if !escaped[k] => {
                    self.out.push('\\');
                    self.out.push(c);
                }
                c if !escaped[k] => self.out.push(c),
                '\n' if self.chance(0.5) => self.out.push_str("\\n"),
                '\t' if self.chance(0.5) => self.out.push_str("\\t"),
                '"' | '\\' if self.chance(0.3) => {
                    self.out.push('\\');
                    self.out.push(c);
                }
                c if self.chance(0.5) => {
                    let digits = format!("{:x}", u32::from(c));
                    let pad = self.rng.random_range(0..=(6 - digits.len()));
                    let digits = "0".repeat(pad) + &digits;
                    let digits = if self.chance(0.5) {
                        digits.to_uppercase()
                    } else {
                        digits
                    };
                    write!(self.out, "\\u{{{digits}}}").unwrap();
                }
                c => {
                    // A character as the bytes of its UTF-8.
                    let mut buf = [0; 4];
                    for b in c.encode_utf8(&mut buf).bytes() {
                        if self.chance(0.5) {
                            write!(self.out, "\\x{b:02x}").unwrap();
                        } else {
                            write!(self.out, "\\x{b:02X}").unwrap();
                        }
                    }
                }
            }
        }
        self.out.push_str(&plain);
        self.out.push('"');
    }

    fn int(&mut self, n: i64, ty: &'static str) {
        self.ws();
        let r = self.style.rewrite;
        if (0..=255).contains(&n)
            && self.chance(r * 0.1)
            && (ty == "u8" || self.probe("a byte for a wider integer"))
        {
            // A byte literal, which `ron` reads as a `u8` only.
            let b = n as u8;
            match b {
                b'\n' => self.out.push_str("b'\\n'"),
                b'\t' => self.out.push_str("b'\\t'"),
                0 => self.out.push_str("b'\\0'"),
                b' '..=b'~' if b != b'\\' && b != b'\'' && self.chance(0.5) => {
                    write!(self.out, "b'{}'", b as char).unwrap();
                }
                b => write!(self.out, "b'\\x{b:02x}'").unwrap(),
            }
            return;
        }
        let mut t = String::new();
        if n < 0 {
            t.push('-');
        } else if self.chance(r * 0.2) {
            t.push('+');
        } else if n == 0 && self.chance(r * 0.2) {
            t.push('-');
        }
        let m = n.unsigned_abs();
        let digits = match self.rng.random_range(0..8) {
            _ if !self.chance(r) => m.to_string(),
            0 => format!("0x{m:x}"),
            1 => format!("0x{m:X}"),
            2 => format!("0o{m:o}"),
            3 => format!("0b{m:b}"),
            _ => m.to_string(),
        };
        // Underscores anywhere after the first digit.
        let first =
            if digits.starts_with("0x") || digits.starts_with("0o") || digits.starts_with("0b") {
                3
            } else {
                1
            };
        let mut with = String::new();
        for (k, c) in digits.chars().enumerate() {
            with.push(c);
            if k + 1 >= first && self.chance(r * 0.15) {
                with.push('_');
            }
        }
        t.push_str(&with);
        if self.chance(r * 0.2) {
            t.push_str(ty);
        } else if self.probe("an integer suffix of another type") {
            let other = *self.pick(&["u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64"]);
            if other == ty {
                self.refused.pop();
            }
            t.push_str(other);
        }
        self.out.push_str(&t);
    }

    /// A value in `slot`: an optional one bare or as `Some(..)`.
    fn value(&mut self, v: &Ron, slot: Slot) {
        let wrap = slot.optional()
            && *v != Ron::Ident("None".into())
            && self.chance(self.style.rewrite * 0.5);
        if !wrap {
            self.bare(v, slot);
            return;
        }
        // `r#Some` is not `Some` to `ron`.
        if self.probe("`r#Some(..)`") {
            self.token("r#Some");
        } else {
            self.token("Some");
        }
        self.token("(");
        match v {
            // A struct inside takes its fields directly.
            Ron::Struct(_, fields) => {
                if self.probe("`Some((..))`") {
                    self.token("(");
                    self.fields(fields);
                } else if self.probe("`Some(Name(..))`") {
                    self.name(slot.struct_name().unwrap_or("Name"));
                    self.token("(");
                    self.fields(fields);
                } else {
                    self.fields_inside(fields);
                }
            }
            // A number inside keeps the field's type.
            v => {
                self.bare(v, slot);
                if self.chance(0.2) {
                    self.token(",");
                }
            }
        }
        self.token(")");
    }

    /// A value as itself, not wrapped in `Some(..)`.
    fn bare(&mut self, v: &Ron, slot: Slot) {
        match v {
            Ron::Str(s) => self.string(s),
            Ron::Int(n) => self.int(*n, slot.int_type()),
            Ron::Ident(n) if n == "None" => {
                if self.probe("`r#None`") {
                    self.token("r#None");
                } else {
                    self.token("None");
                }
            }
            // `r#true` is a name, not a flag, to `ron`.
            Ron::Ident(n) if n == "true" || n == "false" => {
                if self.probe("`r#true` or `r#false`") {
                    self.token("r#");
                    self.out.push_str(n);
                } else {
                    self.token(n);
                }
            }
            Ron::Ident(n) => {
                self.name(n);
                if self.probe("a unit variant with `()`") {
                    self.token("()");
                }
            }
            Ron::Struct(name, fields) if slot == Slot::Item("nodes") => {
                // A node: a newtype variant with the struct's fields inside.
                let variant = name.as_deref().unwrap_or("Client");
                self.name(variant);
                self.token("(");
                if self.probe("`Variant((..))`") {
                    self.token("(");
                    self.fields(fields);
                    self.comma_then_close(true, ")");
                } else if self.probe("`Variant(Name(..))`") {
                    self.name(if variant == "Client" {
                        "ClientTurn"
                    } else {
                        variant
                    });
                    self.token("(");
                    self.fields(fields);
                    self.comma_then_close(true, ")");
                } else {
                    self.fields_inside(fields);
                    self.token(")");
                }
            }
            Ron::Struct(name, fields) => {
                let proper = slot.struct_name();
                let written = if self.probe("a wrong struct name") {
                    Some("Wrong")
                } else if self.style.named && proper.is_some() {
                    if self.probe("a struct without its name") {
                        None
                    } else {
                        proper
                    }
                } else if self.chance(self.style.rewrite * 0.5) {
                    // Add or drop the name.
                    if name.is_some() { None } else { proper }
                } else {
                    name.as_deref()
                };
                if let Some(n) = written {
                    self.name(n);
                }
                self.token("(");
                self.fields(fields);
            }
            Ron::List(items) => {
                self.token("[");
                for (k, item) in items.iter().enumerate() {
                    let inner = match slot {
                        Slot::Field(f) => Slot::Item(f),
                        _ => Slot::Item("items"),
                    };
                    self.value(item, inner);
                    self.comma_then_close(k + 1 == items.len(), "]");
                }
                if items.is_empty() {
                    self.token("]");
                }
            }
            Ron::Map(entries) => {
                self.token("{");
                for (k, (key, val)) in entries.iter().enumerate() {
                    self.value(key, Slot::MapKey);
                    self.token(":");
                    self.value(val, Slot::MapValue);
                    self.comma_then_close(k + 1 == entries.len(), "}");
                }
                if entries.is_empty() {
                    self.token("}");
                }
            }
        }
    }

    /// `field: value, ...)`, after the `(`.
    fn fields(&mut self, fields: &[(String, Ron)]) {
        self.fields_inside(fields);
        self.token(")");
    }

    /// `field: value, ...` with or without a trailing comma, no `)`.
    fn fields_inside(&mut self, fields: &[(String, Ron)]) {
        for (k, (name, v)) in fields.iter().enumerate() {
            self.name(name);
            self.token(":");
            let slot = Slot::Field(field_name(name));
            self.value(v, slot);
            if k + 1 < fields.len() || self.chance(0.5) {
                self.comma();
            }
        }
        self.ws();
    }
}

/// The field names of the format, as `'static` strings for [`Slot`].
fn field_name(name: &str) -> &'static str {
    const NAMES: [&str; 53] = [
        "format",
        "id",
        "title",
        "premise",
        "difficulty",
        "ruptures",
        "pattern",
        "client",
        "setting",
        "state",
        "start",
        "nodes",
        "name",
        "age",
        "background",
        "concern",
        "appearance",
        "skin",
        "hair_colour",
        "hair_style",
        "hair_length",
        "greying",
        "facial_hair",
        "glasses",
        "head_covering",
        "top",
        "clothes",
        "accent",
        "build",
        "line",
        "cue",
        "affect",
        "marker",
        "checkin",
        "options",
        "kind",
        "salience",
        "prompt",
        "suggestions",
        "label",
        "says",
        "strategy",
        "attunement",
        "ownership",
        "rationale",
        "effects",
        "when",
        "next",
        "branch",
        "to",
        "weight",
        "summary",
        "other",
    ];
    NAMES
        .iter()
        .find(|n| **n == name)
        .copied()
        .unwrap_or("other")
}

const DAMAGE_CHARS: [char; 20] = [
    '(', ')', '[', ']', '{', '}', '"', ':', ',', '\'', '/', '\\', '*', '#', 'r', 'a', 'x', 'Z',
    'u', '_',
];

/// One to three random edits: a character deleted, inserted or doubled,
/// and now and then the file cut short.
fn damage(text: &str, rng: &mut ChaCha8Rng) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..rng.random_range(1..=3) {
        if chars.is_empty() {
            break;
        }
        let at = rng.random_range(0..chars.len());
        match rng.random_range(0..31) {
            30 => chars.truncate(at),
            0..10 => {
                chars.remove(at);
            }
            10..20 => chars.insert(at, DAMAGE_CHARS[rng.random_range(0..DAMAGE_CHARS.len())]),
            _ => {
                let c = chars[at];
                chars.insert(at, c);
            }
        }
    }
    chars.into_iter().collect()
}

/// Diagnostics about the whole file, which have no line.
fn is_whole_file(d: &Diagnostic) -> bool {
    matches!(
        d.code.as_str(),
        "empty-file" | "too-many-problems" | "not-utf8" | "io"
    )
}

/// What went wrong with one variant: a short kind (kept while shrinking)
/// and the details.
#[derive(Debug)]
struct Mismatch {
    kind: &'static str,
    detail: String,
}

fn mismatch<T>(kind: &'static str, detail: impl Into<String>) -> Result<T, Mismatch> {
    Err(Mismatch {
        kind,
        detail: detail.into(),
    })
}

/// The first line where two debug printouts differ.
fn first_difference(a: &impl std::fmt::Debug, b: &impl std::fmt::Debug) -> String {
    let a = format!("{a:#?}");
    let b = format!("{b:#?}");
    for (x, y) in a.lines().zip(b.lines()) {
        if x != y {
            return format!("ron: {}\nreader: {}", x.trim(), y.trim());
        }
    }
    "(one is longer)".into()
}

/// The property, for one text. `expect_codes` is given for a variant that
/// means the same as its base: then `ron` must read it, and loading must
/// report what loading the base reports.
fn check_variant(text: &str, expect_codes: Option<&[&'static str]>) -> Result<bool, Mismatch> {
    let path = Path::new("variant.ron");
    let ron = ron_read(text);
    let tree = syntax::parse(text);
    let decoded = decode_tree(&tree);
    match &ron {
        Ok(file) => {
            if let Some(e) = tree.errors.first() {
                return mismatch(
                    "ron reads it, the reader reports a syntax error",
                    format!("{e:?} at {:?}", short(&text[e.start.min(text.len())..])),
                );
            }
            if let Some(d) = decoded.diagnostics.first() {
                return mismatch(
                    "ron reads it, decoding reports a problem",
                    format!("{}: {}", d.code.as_str(), d.message),
                );
            }
            match &decoded.value {
                Some(v) if v == file => {}
                Some(v) => return mismatch("the values differ", first_difference(file, v)),
                None => return mismatch("ron reads it, decoding gives no value", ""),
            }
            check_spans(text, &tree, false).or_else(|e| mismatch("a span is wrong", e))?;
            check_id_spans(text, &tree, file, false)
                .or_else(|e| mismatch("an id's span is wrong", e))?;
        }
        Err(e) => {
            if tree.errors.is_empty() && !decoded.diagnostics.iter().any(Diagnostic::is_error) {
                return mismatch(
                    "ron refuses it, the reader finds nothing wrong",
                    format!("ron: {e}"),
                );
            }
        }
    }
    let loaded = load_str(path, text);
    if ron.is_err() {
        if loaded.scenario.is_some() {
            return mismatch("ron refuses it, loading gives a scenario", "");
        }
        if !loaded.diagnostics.iter().any(Diagnostic::is_error) {
            return mismatch("ron refuses it, loading reports no error", "");
        }
    }
    let lines = text.lines().count().max(1);
    for d in &loaded.diagnostics {
        if is_whole_file(d) {
            continue;
        }
        match &d.location {
            Some(l) if (1..=lines).contains(&l.line) => {}
            other => {
                return mismatch(
                    "a diagnostic is not located on a line of the file",
                    format!(
                        "{other:?} of {lines} lines: {}: {}",
                        d.code.as_str(),
                        d.message
                    ),
                );
            }
        }
    }
    if let Some(codes) = expect_codes {
        if let Err(e) = &ron {
            return mismatch("ron refuses a variant that means the same", format!("{e}"));
        }
        let got = codes_of(&loaded.diagnostics);
        if got != codes {
            return mismatch(
                "loading a variant that means the same reports otherwise",
                format!("{got:?} instead of {codes:?}"),
            );
        }
    }
    Ok(ron.is_ok())
}

fn codes_of(diags: &[Diagnostic]) -> Vec<&'static str> {
    let mut codes: Vec<_> = diags.iter().map(|d| d.code.as_str()).collect();
    codes.sort_unstable();
    codes
}

/// Delete lines from `text` while it still fails the same way, then
/// pieces between commas (most variants have few lines), then lines again.
fn shrink(text: &str, kind: &str, expect_codes: Option<&[&'static str]>) -> String {
    let fails = |t: &str| {
        matches!(
            std::panic::catch_unwind(|| check_variant(t, expect_codes)),
            Ok(Err(m)) if m.kind == kind
        )
    };
    let mut text = text.to_owned();
    for by in ['\n', ',', '\n'] {
        let mut pieces: Vec<String> = text.split_inclusive(by).map(str::to_owned).collect();
        let mut chunk = pieces.len() / 2;
        while chunk > 0 {
            let mut at = 0;
            while at < pieces.len() {
                let mut fewer = pieces.clone();
                fewer.drain(at..(at + chunk).min(pieces.len()));
                if !fewer.is_empty() && fails(&fewer.concat()) {
                    pieces = fewer;
                } else {
                    at += chunk;
                }
            }
            chunk /= 2;
        }
        text = pieces.concat();
    }
    text
}

/// Smaller bases than whole files: the header of a scenario with a few
/// of its nodes. They need not be valid scenarios; they are valid RON.
fn excerpts(v: &Ron, rng: &mut ChaCha8Rng, n: usize) -> Vec<Ron> {
    let Ron::Struct(name, fields) = v else {
        return Vec::new();
    };
    let Some(Ron::List(nodes)) = fields.iter().find(|f| f.0 == "nodes").map(|f| &f.1) else {
        return Vec::new();
    };
    (0..n)
        .map(|_| {
            let from = rng.random_range(0..nodes.len());
            let to = (from + rng.random_range(1..=2)).min(nodes.len());
            let fields = fields
                .iter()
                .map(|(k, x)| {
                    if k == "nodes" {
                        (k.clone(), Ron::List(nodes[from..to].to_vec()))
                    } else {
                        (k.clone(), x.clone())
                    }
                })
                .collect();
            spice(&Ron::Struct(name.clone(), fields), rng)
        })
        .collect()
}

/// Characters that strings must escape or that readers may trip on.
const SPICE: [&str; 14] = [
    "\"", "\\", "\n", "\t", "\"#", "é", "\u{2028}", "'", "\r\n", "//", "/*", ")", "],", "}",
];

/// Prose shortened to a sentence or so, with quotes, backslashes, new
/// lines and tabs put in: smaller files, and every escape needed.
fn spice(v: &Ron, rng: &mut ChaCha8Rng) -> Ron {
    match v {
        // Ids and conditions are short and stay as they are.
        Ron::Str(s) if s.chars().count() > 30 => {
            let mut t: Vec<String> = s.chars().take(90).map(String::from).collect();
            for _ in 0..rng.random_range(0..4) {
                let at = rng.random_range(0..=t.len());
                t.insert(at, SPICE[rng.random_range(0..SPICE.len())].to_owned());
            }
            Ron::Str(t.concat())
        }
        Ron::Struct(n, fields) => Ron::Struct(
            n.clone(),
            fields
                .iter()
                .map(|(k, x)| (k.clone(), spice(x, rng)))
                .collect(),
        ),
        Ron::List(items) => Ron::List(items.iter().map(|x| spice(x, rng)).collect()),
        Ron::Map(entries) => Ron::Map(
            entries
                .iter()
                .map(|(k, x)| (k.clone(), spice(x, rng)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[test]
fn variants_read_as_ron_reads_them() {
    let started = Instant::now();
    // Another seed or more rounds explore further:
    // `DIFFERENTIAL_SEED=7 DIFFERENTIAL_ROUNDS=600 cargo test --test differential`.
    let env = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let seed = env("DIFFERENTIAL_SEED", 0xd1ff);
    let rounds = env("DIFFERENTIAL_ROUNDS", ROUNDS);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    // Each base, with what loading it reports.
    let mut bases: Vec<(String, Ron, Vec<&'static str>)> = Vec::new();
    for (path, text) in shipped() {
        let whole = read_plain(&text);
        // The reader of this test must read what ron reads.
        assert_eq!(
            ron_read(&print(&whole, &mut rng, PLAIN).0).ok(),
            ron_read(&text).ok(),
            "{path}"
        );
        let mut add = |name: String, base: Ron, rng: &mut ChaCha8Rng| {
            let text = print(&base, rng, PLAIN).0;
            let codes = codes_of(&load_str(Path::new("variant.ron"), &text).diagnostics);
            bases.push((name, base, codes));
        };
        for (k, e) in excerpts(&whole, &mut rng, 6).into_iter().enumerate() {
            add(format!("{path} (excerpt {k})"), e, &mut rng);
        }
        add(path, whole, &mut rng);
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    // How often each form `ron` refuses was written.
    let mut forms: BTreeMap<&str, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for round in 0..rounds {
        for (name, base, base_codes) in &bases {
            if !name.contains("excerpt") && round % WHOLE_EVERY != 0 {
                continue;
            }
            let style = Style {
                ws: rng.random_range(0.0..1.0),
                rewrite: rng.random_range(0.0..1.0),
                probes: rng.random_bool(0.3),
                named: rng.random_bool(0.05),
            };
            let (text, refused) = print(base, &mut rng, style);
            for r in &refused {
                *forms.entry(*r).or_default() += 1;
            }
            let damaged = rng.random_bool(0.5);
            let text = if damaged {
                damage(&text, &mut rng)
            } else {
                text
            };
            let expect = (!damaged && refused.is_empty()).then_some(base_codes.as_slice());
            match check_variant(&text, expect) {
                Ok(read) => {
                    *counts
                        .entry(match (damaged, read) {
                            (false, true) => "rewritten, ron reads it",
                            (false, false) => "rewritten, ron refuses it",
                            (true, true) => "damaged, ron reads it",
                            (true, false) => "damaged, ron refuses it",
                        })
                        .or_default() += 1;
                }
                Err(m) => {
                    // A variant that should mean the same as its base does
                    // not after deleting lines: only other mismatches shrink.
                    let small = if m.kind.contains("means the same") {
                        text.clone()
                    } else {
                        shrink(&text, m.kind, None)
                    };
                    let again = check_variant(&small, None).err();
                    failures.push(format!(
                        "{name}, seed {seed}, round {round}: {} ({})\nrefused forms written: {refused:?}\n\
                         smallest failing input:\n-----\n{}\n-----\n{:?}",
                        m.kind,
                        m.detail,
                        small.escape_debug(),
                        again.map(|m| m.detail),
                    ));
                }
            }
            if failures.len() >= 3 {
                break;
            }
        }
        if failures.len() >= 3 {
            break;
        }
    }
    eprintln!(
        "{} variants: {counts:?} in {:?}\nforms ron refuses, written: {forms:?}",
        counts.values().sum::<usize>(),
        started.elapsed()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(counts.values().all(|n| *n > 50), "{counts:?}");
}

/// Rounds over the bases; whole files take part in one round of so many.
const ROUNDS: u64 = 60;
const WHOLE_EVERY: u64 = 10;

const PLAIN: Style = Style {
    ws: 0.0,
    rewrite: 0.0,
    probes: false,
    named: false,
};

/// Write `v` in `style`; also says which forms `ron` refuses were written.
fn print(v: &Ron, rng: &mut ChaCha8Rng, style: Style) -> (String, Vec<&'static str>) {
    let mut w = Writer {
        rng,
        out: String::new(),
        style,
        refused: Vec::new(),
    };
    if w.probe("a byte order mark") {
        w.out.push('\u{FEFF}');
    }
    w.ws();
    if style.named {
        w.attribute(&["enable", "(", "explicit_struct_names", ")"]);
    }
    if style.rewrite > 0.0 && w.chance(0.1) {
        match w.rng.random_range(0..4) {
            0 => w.attribute(&["enable", "(", "implicit_some", ")"]),
            1 => w.attribute(&[
                "enable",
                "(",
                "unwrap_variant_newtypes",
                ",",
                "r#implicit_some",
                ",",
                ")",
            ]),
            2 => w.attribute(&["type", "=", "\"Scenario\""]),
            _ => w.attribute(&["schema", "=", "r#\"scenario.json\"#"]),
        }
    }
    if w.probe("an attribute `ron` does not know") {
        match w.rng.random_range(0..3) {
            0 => w.out.push_str("#[enable(implicit_some)]"),
            1 => w.out.push_str("#![enable(implicit_none)]"),
            _ => w.out.push_str("#![enable(implicit_some)"),
        }
    }
    w.ws();
    w.value(v, Slot::Root);
    w.ws();
    if w.chance(0.05) {
        // A line comment that the end of the file closes.
        w.out.push_str("// the end");
    }
    (w.out, w.refused)
}

impl Writer<'_> {
    /// `#![ part... ]`, with whitespace and comments between the parts.
    fn attribute(&mut self, parts: &[&str]) {
        self.out.push('#');
        for part in ["!", "["].iter().chain(parts).chain(&["]"]) {
            self.token(part);
        }
        self.ws();
    }
}

// ---------------------------------------------------------------------
// 3. Unusual whitespace keeps locations.

/// `text` with every space between tokens (outside texts and comments)
/// replaced by `ron` whitespace that is not a space, in turn.
fn odd_spaces(text: &str, odd: &[char]) -> (String, usize) {
    let mut out = String::with_capacity(text.len() * 2);
    let mut chars = text.chars().peekable();
    let mut replaced = 0;
    while let Some(c) = chars.next() {
        match c {
            ' ' => {
                out.push(odd[replaced % odd.len()]);
                replaced += 1;
            }
            '"' => {
                out.push(c);
                while let Some(c) = chars.next() {
                    out.push(c);
                    match c {
                        '\\' => out.extend(chars.next()),
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '/' if chars.peek() == Some(&'/') => {
                out.push(c);
                for c in chars.by_ref() {
                    out.push(c);
                    if c == '\n' {
                        break;
                    }
                }
            }
            c => out.push(c),
        }
    }
    (out, replaced)
}

#[test]
fn unusual_whitespace_keeps_every_location() {
    let path = Path::new("tests/fixtures/bad/five-mistakes.ron");
    let text = std::fs::read_to_string(path).unwrap();
    assert!(!text.contains("/*") && !text.contains("r#\""));
    let odd = ['\u{0B}', '\u{85}', '\u{2028}', '\u{2029}'];
    let (changed, replaced) = odd_spaces(&text, &odd);
    assert!(replaced >= odd.len(), "{replaced} spaces replaced");
    assert!(odd.iter().all(|c| changed.contains(*c)));
    assert_eq!(changed.lines().count(), text.lines().count());

    let located = |text: &str| -> Vec<(&'static str, usize, usize)> {
        load_str(path, text)
            .diagnostics
            .iter()
            .map(|d| {
                let l = d
                    .location
                    .as_ref()
                    .unwrap_or_else(|| panic!("no location: {d:?}"));
                (d.code.as_str(), l.line, l.col)
            })
            .collect()
    };
    let before = located(&text);
    assert!(before.len() >= 5, "{before:?}");
    assert_eq!(located(&changed), before);
}
