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
    LogEdited,
    LogInvalid,
    ThinRuptureTurn,
    NoRepairPath,
    MarkerKindMismatch,
    Cycle,
    LongBestAnswer,
    LabelGivesScoreAway,
    LabelPredictsScore,
    BestPlayAlwaysRepairs,
    NoWayOut,
    NeverReached,
    NeverOffered,
    NeverDrawn,
    LongestPath,
    TooMany,
    StateRange,
    TooManySuggestions,
    UnseenAppearance,
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
            LogEdited => "log-edited",
            LogInvalid => "log-invalid",
            ThinRuptureTurn => "thin-rupture-turn",
            NoRepairPath => "no-repair-path",
            MarkerKindMismatch => "marker-kind-mismatch",
            Cycle => "cycle",
            LongBestAnswer => "long-best-answer",
            LabelGivesScoreAway => "label-gives-score-away",
            LabelPredictsScore => "label-predicts-score",
            BestPlayAlwaysRepairs => "best-play-always-repairs",
            NoWayOut => "no-way-out",
            NeverReached => "never-reached",
            NeverOffered => "never-offered",
            NeverDrawn => "never-drawn",
            LongestPath => "longest-path",
            TooMany => "too-many-problems",
            StateRange => "state-range",
            TooManySuggestions => "too-many-suggestions",
            UnseenAppearance => "unseen-appearance",
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

fn sanitized_path<S: serde::Serializer>(path: &Path, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&sanitize(&path.display().to_string()))
}

/// A bounded excerpt of the source line a diagnostic points into: at most
/// [`SNIPPET_CHARS`] characters around the caret, so that thousands of
/// diagnostics on one enormous line cost little memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The excerpt, with tabs and control characters shown as spaces.
    pub text: String,
    /// Whether characters were left out before and after the excerpt.
    pub cut_before: bool,
    pub cut_after: bool,
    /// Where the caret starts inside `text`, in characters from 0.
    pub caret: usize,
}

/// The longest excerpt of a source line a diagnostic keeps.
pub const SNIPPET_CHARS: usize = 120;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    #[serde(serialize_with = "sanitized_path")]
    pub path: PathBuf,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The excerpt of the source line the location points into.
    #[serde(skip)]
    pub snippet: Option<Snippet>,
    /// Where in the source the diagnostic points, before [`finish`] turns
    /// it into a line and column.
    #[serde(skip)]
    pub span: Option<Span>,
}

impl Diagnostic {
    pub fn error(code: Code, path: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: sanitize_owned(message.into()),
            path: path.to_path_buf(),
            location: None,
            hint: None,
            snippet: None,
            span: None,
        }
    }

    pub fn warning(code: Code, path: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, path, message)
        }
    }

    /// Point at a span of the source. The line and column are worked out
    /// later, once for all the diagnostics of a file, by [`finish`].
    pub fn at(mut self, span: Option<Span>) -> Self {
        if span.is_some() {
            self.span = span;
        }
        self
    }

    /// Point at a span and resolve it now, for a lone diagnostic.
    pub fn at_now(self, source: &str, span: Option<Span>) -> Self {
        let lines = LineIndex::new(source);
        self.at(span).locate(source, &lines)
    }

    pub fn with_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint.map(sanitize_owned);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Byte offset used to put diagnostics in source order.
    fn order_key(&self, lines: &LineIndex) -> usize {
        match self.span {
            Some(Span::Bytes { start, .. }) => start,
            Some(Span::LineCol { pos, .. }) => lines.line_start(pos.line),
            None => 0,
        }
    }

    /// Turn the span into a line, a column and a snippet.
    pub fn locate(mut self, source: &str, lines: &LineIndex) -> Self {
        let Some(span) = self.span else {
            return self;
        };
        let (pos, len) = span.resolve(source, lines);
        let line_text = lines.line_text(source, pos.line);
        self.snippet = Some(Snippet::around(line_text, pos.col - 1, len));
        self.location = Some(Location {
            line: pos.line,
            col: pos.col,
            len,
        });
        self
    }
}

/// How many diagnostics of one file are shown; the rest are counted.
pub const MAX_SHOWN: usize = 200;

/// The diagnostics of one file, in source order, at most [`MAX_SHOWN`]
/// of them located and kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Finished {
    pub shown: Vec<Diagnostic>,
    /// Errors and warnings found but left out.
    pub hidden_errors: usize,
    pub hidden_warnings: usize,
}

/// Sort a file's diagnostics into source order, keep the first `cap`
/// (errors before warnings when there are too many), resolve their
/// locations with one line index, and count the rest. When some are left
/// out, a last diagnostic says how many.
pub fn finish(path: &Path, source: &str, mut diags: Vec<Diagnostic>, cap: usize) -> Finished {
    if diags.is_empty() {
        // A clean file: nothing to locate, so its lines are never counted.
        return Finished {
            shown: diags,
            hidden_errors: 0,
            hidden_warnings: 0,
        };
    }
    let lines = LineIndex::new(source);
    let mut hidden_errors = 0;
    let mut hidden_warnings = 0;
    if diags.len() > cap {
        // Keep errors first: they are what stops a file from loading.
        diags.sort_by_key(|d| std::cmp::Reverse(d.severity));
        for d in &diags[cap..] {
            if d.is_error() {
                hidden_errors += 1;
            } else {
                hidden_warnings += 1;
            }
        }
        diags.truncate(cap);
    }
    diags.sort_by_cached_key(|d| d.order_key(&lines));
    let mut shown: Vec<Diagnostic> = diags
        .into_iter()
        .map(|d| d.locate(source, &lines))
        .collect();
    if hidden_errors + hidden_warnings > 0 {
        let what = match (hidden_errors, hidden_warnings) {
            (e, 0) => count(e, "error"),
            (0, w) => count(w, "warning"),
            (e, w) => format!("{} and {}", count(e, "error"), count(w, "warning")),
        };
        let d = Diagnostic {
            severity: if hidden_errors > 0 {
                Severity::Error
            } else {
                Severity::Warning
            },
            ..Diagnostic::error(
                Code::TooMany,
                path,
                format!("{what} more in this file are not shown"),
            )
        }
        .with_hint(Some(format!(
            "only the first {cap} problems of a file are shown; fix these and check again"
        )));
        shown.push(d);
    }
    Finished {
        shown,
        hidden_errors,
        hidden_warnings,
    }
}

/// "1 error", "3 warnings".
pub fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
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
    pub fn bytes(start: usize, end: usize) -> Span {
        Span::Bytes { start, end }
    }

    fn resolve(self, source: &str, lines: &LineIndex) -> (Pos, usize) {
        match self {
            Span::LineCol { pos, len } => (
                Pos {
                    line: pos.line.clamp(1, lines.count()),
                    col: pos.col.max(1),
                },
                len.max(1),
            ),
            Span::Bytes { start, end } => {
                let start = floor_char_boundary(source, start.min(source.len()));
                let end = floor_char_boundary(source, end.min(source.len())).max(start);
                let pos = lines.position(source, start);
                let line_end = lines.line_end(source, pos.line);
                let len = source[start..end.min(line_end).max(start)].chars().count();
                (pos, len.max(1))
            }
        }
    }
}

/// The byte offset where each line starts, built once per file so that a
/// position costs a binary search instead of a scan from the top.
///
/// Lines end at `\n` only: that is what editors number, and the other
/// characters RON accepts as whitespace (U+000B, U+0085, U+2028...) are
/// treated as ordinary characters on a line.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(source: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            source
                .bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// Number of lines (a file without a final newline still has its last
    /// line).
    pub fn count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.clamp(1, self.starts.len()) - 1]
    }

    /// Byte offset of the end of 1-based `line`, before its `\n` (and `\r`).
    pub fn line_end(&self, source: &str, line: usize) -> usize {
        let end = self
            .starts
            .get(line.max(1))
            .map_or(source.len(), |next| next - 1);
        if source[..end].ends_with('\r') {
            end - 1
        } else {
            end
        }
    }

    pub fn line_text<'a>(&self, source: &'a str, line: usize) -> &'a str {
        let start = self.line_start(line);
        &source[start..self.line_end(source, line).max(start)]
    }

    /// 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }

    /// 1-based line and character column of a byte offset.
    pub fn position(&self, source: &str, offset: usize) -> Pos {
        let offset = floor_char_boundary(source, offset.min(source.len()));
        let line = self.line_of(offset);
        let col = source[self.line_start(line)..offset].chars().count() + 1;
        Pos { line, col }
    }
}

impl Snippet {
    /// An excerpt of `line` showing the caret at character `col` (0-based)
    /// for `len` characters.
    fn around(line: &str, col: usize, len: usize) -> Snippet {
        let total = line.chars().count();
        let from = if total <= SNIPPET_CHARS || col < SNIPPET_CHARS / 3 {
            0
        } else {
            (col - SNIPPET_CHARS / 3).min(total.saturating_sub(SNIPPET_CHARS))
        };
        let text: String = line
            .chars()
            .skip(from)
            .take(SNIPPET_CHARS)
            .map(|c| {
                if is_unsafe_char(c) || c == '\t' {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        let _ = len;
        Snippet {
            cut_before: from > 0,
            cut_after: from + SNIPPET_CHARS < total,
            caret: col.saturating_sub(from),
            text,
        }
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Characters that must never reach a terminal raw: C0 and C1 controls
/// (other than newline and tab), DEL, and the bidirectional controls that
/// can reorder what is displayed.
pub fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// Whether `text` holds a character [`is_unsafe_char`] finds, read from its
/// bytes: the same answer as asking of every character, without decoding
/// any (most texts are plain, and all of a scenario's are checked).
pub fn has_unsafe_char(text: &str) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let b = text.as_bytes();
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let unsafe_at = |i: usize, c: u8| match c {
        0x20..=0x7E => false,
        b'\n' | b'\t' => false,
        0x00..=0x1F | 0x7F => true,
        // U+0080 to U+009F, the C1 controls.
        0xC2 => (0x80..=0x9F).contains(&at(i + 1)),
        // U+061C, the Arabic letter mark.
        0xD8 => at(i + 1) == 0x9C,
        // U+200E, U+200F, U+202A to U+202E; U+2066 to U+2069.
        0xE2 => match at(i + 1) {
            0x80 => matches!(at(i + 2), 0x8E | 0x8F | 0xAA..=0xAE),
            0x81 => matches!(at(i + 2), 0xA6..=0xA9),
            _ => false,
        },
        _ => false,
    };
    // Eight bytes at a time while they are all printable ASCII (a high bit
    // for each byte below 0x20, or from 0x7F up), one at a time otherwise.
    let mut i = 0;
    while i < b.len() {
        if let Some(chunk) = b.get(i..i + 8) {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            let v = u64::from_le_bytes(word);
            let low = v.wrapping_sub(ONES * 0x20) & !v;
            let high = v.wrapping_add(ONES) | v;
            if (low | high) & HIGHS == 0 {
                i += 8;
                continue;
            }
        }
        let end = (i + 8).min(b.len());
        if (i..end).any(|k| unsafe_at(k, b[k])) {
            return true;
        }
        i = end;
    }
    false
}

/// [`sanitize`] of a text owned already: returned as it is when it holds
/// nothing to escape.
pub fn sanitize_owned(text: String) -> String {
    if has_unsafe_char(&text) {
        sanitize(&text)
    } else {
        text
    }
}

/// Text safe to print: unsafe characters are written as `\u{1b}`.
pub fn sanitize(text: &str) -> String {
    if !has_unsafe_char(text) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe_char(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
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
    let path = sanitize(&d.path.display().to_string());
    match (&d.location, &d.snippet) {
        (Some(loc), Some(snippet)) => {
            let num = loc.line.to_string();
            let pad = " ".repeat(num.len());
            let _ = writeln!(out, "{pad}--> {path}:{}:{}", loc.line, loc.col);
            let _ = writeln!(out, "{pad} |");
            let lead = if snippet.cut_before { "..." } else { "" };
            let tail = if snippet.cut_after { "..." } else { "" };
            let _ = writeln!(out, "{num} | {lead}{}{tail}", snippet.text);
            let col = snippet.caret + lead.len();
            let avail = (snippet.text.chars().count() + lead.len())
                .saturating_sub(col)
                .max(1);
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

/// Diagnostics as a JSON array, for editors and scripts.
pub fn to_json(diags: &[Diagnostic]) -> String {
    crate::term::json(&diags)
}

/// Words longer than this get no "did you mean" suggestion: ids and
/// field names are short, and comparing long strings costs quadratic time.
pub const MAX_SUGGEST_CHARS: usize = 64;

/// The closest candidate to `word`, if one is close enough to be a likely
/// typo: "did you mean `opens-up`?".
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    closest(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// The closest candidate to `word` within a third of its length in edits.
/// Candidates whose length differs by more than that are skipped without
/// computing a distance, and long words get no suggestion, so the cost is
/// bounded whatever the input.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let n = word.chars().count();
    if n == 0 || n > MAX_SUGGEST_CHARS {
        return None;
    }
    let limit = (n / 3).max(1);
    candidates
        .into_iter()
        .filter(|c| c.len() <= 4 * MAX_SUGGEST_CHARS && c.chars().count().abs_diff(n) <= limit)
        .map(|c| (strsim::levenshtein(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_characters_are_found_from_the_bytes_as_from_the_characters() {
        // Every character up to U+2FFF alone, and between others.
        for c in (0..0x3000).filter_map(char::from_u32) {
            let expect = is_unsafe_char(c);
            for text in [
                format!("{c}"),
                format!("a{c}\u{e9}"),
                format!("\u{2014}{c}"),
            ] {
                assert_eq!(has_unsafe_char(&text), expect, "U+{:04X}", u32::from(c));
            }
        }
        // Anywhere in a longer text, read eight bytes at a time.
        let samples = [
            '\u{0}', '\u{1b}', '\u{7f}', '\u{85}', '\u{9f}', '\u{a0}', '\u{61c}', '\u{200e}',
        ]
        .into_iter()
        .chain([
            '\u{202e}', '\u{2069}', '\u{2014}', '\u{ff}', '~', '\n', '\t', ' ',
        ]);
        for c in samples {
            for at in 0..24 {
                let text = format!("{}{c}{}", "x".repeat(at), "y".repeat(17));
                assert_eq!(has_unsafe_char(&text), is_unsafe_char(c), "{c:?} at {at}");
            }
        }
        assert!(!has_unsafe_char(
            "Plain text, with \u{201c}quotes\u{201d} \u{2014} and a tab\t."
        ));
        assert!(has_unsafe_char("ends in DEL\u{7f}"));
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
        .resolve(src, &LineIndex::new(src));
        assert_eq!(pos, Pos { line: 2, col: 5 });
        assert_eq!(len, 2);
    }

    #[test]
    fn rendering_shows_path_line_and_caret() {
        let src = "one\n  next: \"nowhere\",\n";
        let start = src.find("\"nowhere\"").unwrap();
        let d = Diagnostic::error(Code::UnknownNode, Path::new("s.ron"), "no such node")
            .at_now(
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

    #[test]
    fn line_index_counts_only_newlines_as_line_breaks() {
        let src = "a\u{2028}b\nc\u{85}d\r\ne";
        let lines = LineIndex::new(src);
        assert_eq!(lines.count(), 3);
        let e = src.find('e').unwrap();
        assert_eq!(lines.position(src, e), Pos { line: 3, col: 1 });
        let d = src.find('d').unwrap();
        assert_eq!(lines.position(src, d), Pos { line: 2, col: 3 });
        assert_eq!(lines.line_text(src, 2), "c\u{85}d");
    }

    #[test]
    fn snippets_of_long_lines_are_bounded_and_keep_the_caret() {
        let line = format!("{}TARGET{}", "x".repeat(5_000), "y".repeat(5_000));
        let start = line.find("TARGET").unwrap();
        let d = Diagnostic::error(Code::Syntax, Path::new("s.ron"), "here")
            .at_now(&line, Some(Span::bytes(start, start + 6)));
        let snippet = d.snippet.as_ref().unwrap();
        assert!(snippet.text.chars().count() <= SNIPPET_CHARS);
        assert!(snippet.cut_before && snippet.cut_after);
        let under: String = snippet.text.chars().skip(snippet.caret).take(6).collect();
        assert_eq!(under, "TARGET");
        let shown = render(&[d]);
        assert!(
            shown.contains("...") && shown.lines().all(|l| l.len() < 200),
            "{shown}"
        );
    }

    #[test]
    fn sanitize_escapes_what_could_drive_a_terminal() {
        assert_eq!(sanitize("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(sanitize("x\u{202e}y\u{9b}"), "x\\u{202e}y\\u{9b}");
        assert_eq!(sanitize("tab\tand\nnewline"), "tab\tand\nnewline");
        let d = Diagnostic::error(Code::Syntax, Path::new("s.ron"), "bad \u{7} bell")
            .with_hint(Some("\u{1b}]52;c;x\u{7}".into()));
        assert!(!d.message.contains('\u{7}'));
        assert!(!d.hint.unwrap().contains('\u{1b}'));
    }

    #[test]
    fn suggestions_skip_long_words_and_far_lengths() {
        let long = "a".repeat(MAX_SUGGEST_CHARS + 1);
        let near = "a".repeat(MAX_SUGGEST_CHARS);
        assert_eq!(closest(&long, [near.as_str()]), None);
        assert_eq!(closest("opens", ["opens-up-and-more"]), None);
        assert_eq!(closest("opns", ["opens"]), Some("opens"));
    }

    #[test]
    fn finish_caps_a_file_and_counts_the_rest_errors_first() {
        let src = "line\n".repeat(500);
        let mut diags = Vec::new();
        for i in 0..300 {
            let d = if i % 2 == 0 {
                Diagnostic::warning(Code::EmptyText, Path::new("s.ron"), "w")
            } else {
                Diagnostic::error(Code::Syntax, Path::new("s.ron"), "e")
            };
            diags.push(d.at(Some(Span::bytes(i * 5, i * 5 + 4))));
        }
        let done = finish(Path::new("s.ron"), &src, diags, 100);
        assert_eq!(done.shown.len(), 101);
        assert!(done.shown[..100].iter().all(Diagnostic::is_error));
        let lines: Vec<usize> = done.shown[..100]
            .iter()
            .map(|d| d.location.as_ref().unwrap().line)
            .collect();
        assert!(lines.windows(2).all(|w| w[0] < w[1]), "source order");
        assert_eq!((done.hidden_errors, done.hidden_warnings), (50, 150));
        let last = done.shown.last().unwrap();
        assert_eq!(last.code, Code::TooMany);
        assert_eq!(
            last.message,
            "50 errors and 150 warnings more in this file are not shown"
        );
    }
}
