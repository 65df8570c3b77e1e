//! Located diagnostics: what went wrong, where, and what might fix it.
//!
//! A [`Diagnostic`] pairs a plain [`Code`] with a message, an optional
//! location in a source file and an optional hint. [`render`] prints it the
//! way compilers do (path:line:col, the source line, a caret); [`to_json`]
//! gives the same content to tools.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// Stable diagnostic codes. The text form (`Code::as_str`) never changes
/// once released, so scripts may match on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    Io,
    NotUtf8,
    Empty,
    TooLarge,
    Syntax,
    TooDeep,
    UnknownField,
    MissingField,
    DuplicateField,
    UnknownVariant,
    BadValue,
    FormatVersion,
    BadId,
    DuplicateId,
    UnknownNode,
    Unreachable,
    NoEnding,
    NoEndings,
    NoOptions,
    NoUnconditionalOption,
    NoFallback,
    ScoreRange,
    BadWeight,
    NextAndBranch,
    NoNext,
    BadCondition,
    UnknownVariable,
    EmptyText,
    UnsafeText,
    DuplicateScenario,
    LogMismatch,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        use Code::*;
        match self {
            Io => "io",
            NotUtf8 => "not-utf8",
            Empty => "empty-file",
            TooLarge => "too-large",
            Syntax => "syntax",
            TooDeep => "too-deep",
            UnknownField => "unknown-field",
            MissingField => "missing-field",
            DuplicateField => "duplicate-field",
            UnknownVariant => "unknown-variant",
            BadValue => "bad-value",
            FormatVersion => "format-version",
            BadId => "bad-id",
            DuplicateId => "duplicate-id",
            UnknownNode => "unknown-node",
            Unreachable => "unreachable-node",
            NoEnding => "no-way-to-end",
            NoEndings => "no-endings",
            NoOptions => "no-options",
            NoUnconditionalOption => "no-unconditional-option",
            NoFallback => "no-fallback-branch",
            ScoreRange => "score-range",
            BadWeight => "bad-weight",
            NextAndBranch => "next-and-branch",
            NoNext => "no-next",
            BadCondition => "bad-condition",
            UnknownVariable => "unknown-variable",
            EmptyText => "empty-text",
            UnsafeText => "unsafe-text",
            DuplicateScenario => "duplicate-scenario",
            LogMismatch => "log-mismatch",
        }
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A 1-based position in a file, counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub line: usize,
    pub col: usize,
    /// How many characters the caret underlines (at least 1).
    pub len: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    pub path: PathBuf,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The source line the location points into, for rendering.
    #[serde(skip)]
    pub snippet: Option<String>,
}

impl Diagnostic {
    pub fn error(code: Code, path: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            path: path.to_path_buf(),
            location: None,
            hint: None,
            snippet: None,
        }
    }

    pub fn warning(code: Code, path: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, path, message)
        }
    }

    /// Point at a span of the source; the snippet is taken from `source`.
    pub fn at(mut self, source: &str, span: Option<Span>) -> Self {
        if let Some(span) = span {
            let (pos, len) = span.resolve(source);
            self.snippet = source.lines().nth(pos.line - 1).map(str::to_owned);
            self.location = Some(Location {
                line: pos.line,
                col: pos.col,
                len,
            });
        }
        self
    }

    pub fn with_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A place in a source, either a byte range or a line/column pair as some
/// parsers report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Bytes { start: usize, end: usize },
    LineCol { pos: Pos, len: usize },
}

impl Span {
    fn resolve(self, source: &str) -> (Pos, usize) {
        match self {
            Span::LineCol { pos, len } => (
                Pos {
                    line: pos.line.max(1),
                    col: pos.col.max(1),
                },
                len.max(1),
            ),
            Span::Bytes { start, end } => {
                let start = floor_char_boundary(source, start.min(source.len()));
                let end = floor_char_boundary(source, end.min(source.len())).max(start);
                let before = &source[..start];
                let line = before.matches('\n').count() + 1;
                let line_start = before.rfind('\n').map_or(0, |i| i + 1);
                let col = source[line_start..start].chars().count() + 1;
                let line_end = source[start..]
                    .find('\n')
                    .map_or(source.len(), |i| start + i);
                let len = source[start..end.min(line_end)].chars().count();
                (Pos { line, col }, len.max(1))
            }
        }
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Render diagnostics as text, one block each, compiler style.
pub fn render(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        render_one(&mut out, d);
    }
    out
}

fn render_one(out: &mut String, d: &Diagnostic) {
    let sev = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let _ = writeln!(out, "{sev}[{}]: {}", d.code.as_str(), d.message);
    let path = d.path.display();
    match (&d.location, &d.snippet) {
        (Some(loc), Some(snippet)) => {
            let num = loc.line.to_string();
            let pad = " ".repeat(num.len());
            let _ = writeln!(out, "{pad}--> {path}:{}:{}", loc.line, loc.col);
            let _ = writeln!(out, "{pad} |");
            let shown = shorten(snippet);
            let _ = writeln!(out, "{num} | {}", shown.text);
            let col = loc.col.saturating_sub(1).saturating_sub(shown.skipped);
            let avail = shown.text.chars().count().saturating_sub(col).max(1);
            let caret = "^".repeat(loc.len.min(avail).max(1));
            let _ = writeln!(out, "{pad} | {}{caret}", " ".repeat(col));
            if let Some(h) = &d.hint {
                let _ = writeln!(out, "{pad} = hint: {h}");
            }
        }
        (Some(loc), None) => {
            let _ = writeln!(out, "  --> {path}:{}:{}", loc.line, loc.col);
            if let Some(h) = &d.hint {
                let _ = writeln!(out, "   = hint: {h}");
            }
        }
        _ => {
            let _ = writeln!(out, "  --> {path}");
            if let Some(h) = &d.hint {
                let _ = writeln!(out, "   = hint: {h}");
            }
        }
    }
    out.push('\n');
}

struct Shown {
    text: String,
    skipped: usize,
}

/// Keep snippet lines readable: tabs become spaces, very long lines are cut.
fn shorten(line: &str) -> Shown {
    const MAX: usize = 160;
    let text: String = line
        .chars()
        .map(|c| if c == '\t' || c.is_control() { ' ' } else { c })
        .collect();
    if text.chars().count() <= MAX {
        return Shown { text, skipped: 0 };
    }
    Shown {
        text: text.chars().take(MAX).collect::<String>() + " ...",
        skipped: 0,
    }
}

/// Diagnostics as a JSON array, for editors and scripts.
pub fn to_json(diags: &[Diagnostic]) -> String {
    serde_json::to_string_pretty(diags).unwrap_or_else(|_| "[]".to_owned())
}

/// The closest candidate to `word`, if one is close enough to be a likely
/// typo: "did you mean `opens-up`?".
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, c.to_owned()))
        .map(|(_, c)| format!("did you mean `{c}`?"))
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("opens-up", "open-up"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn suggest_picks_close_names_only() {
        let c = ["opens-up", "more-praise", "goes-quiet"];
        assert_eq!(
            suggest("open-up", c).as_deref(),
            Some("did you mean `opens-up`?")
        );
        assert_eq!(suggest("banana", c), None);
    }

    #[test]
    fn byte_spans_resolve_to_line_and_column() {
        let src = "ab\ncdé fg\n";
        let start = src.find('f').unwrap();
        let (pos, len) = Span::Bytes {
            start,
            end: start + 2,
        }
        .resolve(src);
        assert_eq!(pos, Pos { line: 2, col: 5 });
        assert_eq!(len, 2);
    }

    #[test]
    fn rendering_shows_path_line_and_caret() {
        let src = "one\n  next: \"nowhere\",\n";
        let start = src.find("\"nowhere\"").unwrap();
        let d = Diagnostic::error(Code::UnknownNode, Path::new("s.ron"), "no such node")
            .at(
                src,
                Some(Span::Bytes {
                    start,
                    end: start + 9,
                }),
            )
            .with_hint(Some("did you mean `somewhere`?".into()));
        let text = render(&[d]);
        assert_eq!(
            text,
            "error[unknown-node]: no such node\n --> s.ron:2:9\n  |\n2 |   next: \"nowhere\",\n  |         ^^^^^^^^^\n  = hint: did you mean `somewhere`?\n\n"
        );
    }
}
