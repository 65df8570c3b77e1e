//! Validation: from a parsed [`ScenarioFile`] to a playable [`Scenario`].
//!
//! [`validate`] runs every check and reports every problem it finds, not
//! just the first: the header (`header`), the nodes and their options
//! (`nodes`), then the shape of the graph (`graph`), which is checked
//! even when other parts have errors, over the references that resolved.
//! Each problem is a [`Problem`] ([`kind`] holds its wording), turned
//! into a located [`Diagnostic`] in one place, `Ctx::report_span`.

mod graph;
mod header;
pub mod kind;
mod nodes;

use std::path::Path;

use std::cell::OnceCell;

use crate::diag::{Diagnostic, LineIndex, MAX_SHOWN, Severity, Span};
use crate::format::ScenarioFile;
use crate::model::Scenario;
use crate::spans::{Key, Locator, SpanMap};

pub use kind::Problem;
use kind::{TextField, is_unsafe};

/// A path to a value known to be bad already (see [`crate::decode`]).
pub use crate::decode::Seg as OwnedKey;

fn seg_matches(seg: &OwnedKey, key: &Key) -> bool {
    match (seg, key) {
        (OwnedKey::Field(a), Key::Field(b)) => a == b,
        (OwnedKey::Key(a), Key::MapKey(b)) => a == b,
        (OwnedKey::Index(a), Key::Index(b)) => a == b,
        _ => false,
    }
}

/// Validate a parsed file. Returns the scenario when there are no errors,
/// and every diagnostic (errors and warnings) found along the way. The
/// scenario is made of the file itself: its texts are moved, not copied.
///
/// Diagnostics are made for [`diag::finish`](crate::diag::finish) with
/// [`MAX_SHOWN`]: beyond the first [`MAX_SHOWN`] of one severity, which
/// it never shows, a diagnostic carries only its code and severity (no
/// message, hint or place), so that a draft with thousands of problems
/// costs little more to check than a clean file. [`validate_with`] makes
/// every diagnostic in full.
pub fn validate(
    file: ScenarioFile,
    path: &Path,
    source: &str,
) -> (Option<Scenario>, Vec<Diagnostic>) {
    run(file, path, source, &[], None, Some(MAX_SHOWN))
}

/// Like [`validate`], but says nothing about values under the `suppressed`
/// paths: they are known to be bad already, and were reported when the
/// file was read. `spans` is the span map when the caller has read the
/// source already; otherwise it is read on first need.
pub fn validate_with(
    file: ScenarioFile,
    path: &Path,
    source: &str,
    suppressed: &[Vec<OwnedKey>],
    spans: Option<SpanMap>,
) -> (Option<Scenario>, Vec<Diagnostic>) {
    run(file, path, source, suppressed, spans, None)
}

/// [`validate_with`], making in full only the first `shown` diagnostics
/// of each severity when it is given (see [`validate`]).
fn run(
    mut file: ScenarioFile,
    path: &Path,
    source: &str,
    suppressed: &[Vec<OwnedKey>],
    spans: Option<SpanMap>,
    shown: Option<usize>,
) -> (Option<Scenario>, Vec<Diagnostic>) {
    let mut cx = Ctx {
        path,
        source,
        spans: match spans {
            Some(map) => Locator::with_map(source, map),
            None => Locator::new(source),
        },
        lines: OnceCell::new(),
        suppressed,
        diags: Vec::new(),
        shown,
        reported: [0, 0],
        failed: false,
    };
    header::check(&mut cx, &file);
    let mut ids = nodes::Ids::index(&mut cx, &file);
    let start = ids.resolve(
        &mut cx,
        &file.start,
        || kind::Referrer::Start,
        &[Key::Field("start")],
    );
    header::state(&mut cx, &file);
    let built = nodes::check(&mut cx, &file, &mut ids);
    graph::check(&mut cx, &file, start, &built.edges, &ids);
    drop(ids);

    let scenario = match start {
        Some(start) if !cx.failed && built.complete => {
            let nodes = built.into_nodes(std::mem::take(&mut file.nodes));
            let path = path.to_path_buf();
            Some(Scenario::assemble(file, start, nodes, path, source))
        }
        _ => None,
    };
    (scenario, cx.diags)
}

/// What the checks share: where the source is, how to locate a path in
/// it, and the diagnostics so far.
struct Ctx<'a> {
    path: &'a Path,
    source: &'a str,
    /// Where each value is, read on first need and only as far as needed:
    /// a clean file never pays for it.
    spans: Locator<'a>,
    /// Built on first need, for "on line N" in hints.
    lines: OnceCell<LineIndex>,
    suppressed: &'a [Vec<OwnedKey>],
    diags: Vec<Diagnostic>,
    /// How many diagnostics of each severity are made in full, if not all.
    shown: Option<usize>,
    /// Errors and warnings reported so far.
    reported: [usize; 2],
    /// An error was found, whether reported or suppressed.
    failed: bool,
}

impl Ctx<'_> {
    /// Report `problem` at the value under `path`.
    fn report(&mut self, problem: Problem, path: &[Key]) {
        self.report_span(problem, path, None);
    }

    /// Report `problem` at `span` when known, else at the value under
    /// `path`. Problems under a suppressed path are counted, not shown.
    fn report_span(&mut self, problem: Problem, path: &[Key], span: Option<Span>) {
        let severity = problem.severity();
        if severity == Severity::Error {
            self.failed = true;
        }
        if self.is_suppressed(path) {
            return;
        }
        let (make, reported): (fn(_, _, String) -> _, _) = match severity {
            Severity::Error => (Diagnostic::error, &mut self.reported[0]),
            Severity::Warning => (Diagnostic::warning, &mut self.reported[1]),
        };
        *reported += 1;
        if self.shown.is_some_and(|cap| *reported > cap) {
            // As many of this severity come before it: it is counted, never
            // shown, so it is not worded or placed.
            self.diags
                .push(make(problem.code(), self.path, String::new()));
            return;
        }
        let span = span.or_else(|| self.nearest(path));
        let d = make(problem.code(), self.path, problem.message());
        self.diags.push(d.at(span).with_hint(problem.hint()));
    }

    /// Count an error that is not reported: one that follows from a
    /// problem already reported elsewhere.
    fn fail(&mut self) {
        self.failed = true;
    }

    /// True when a suppressed path is `path` or one of its parents.
    fn is_suppressed(&self, path: &[Key]) -> bool {
        self.suppressed.iter().any(|s| {
            s.len() <= path.len() && s.iter().zip(path).all(|(own, key)| seg_matches(own, key))
        })
    }

    /// Whether anything at or under `path` is known to be bad already.
    fn suppressed_under(&self, path: &[Key]) -> bool {
        self.suppressed
            .iter()
            .any(|s| s.iter().zip(path).all(|(own, key)| seg_matches(own, key)))
    }

    /// The span of the value under `path`.
    fn span(&self, path: &[Key]) -> Option<Span> {
        let n = self.spans.get(path)?;
        Some(Span::Bytes {
            start: n.start,
            end: n.end,
        })
    }

    /// The nearest existing span along `path`, so a diagnostic about a
    /// missing or defaulted field still points at its parent.
    fn nearest(&self, path: &[Key]) -> Option<Span> {
        (0..=path.len()).rev().find_map(|n| {
            let s = self.span(&path[..n])?;
            // Point at the first line only of a large parent.
            Some(match s {
                Span::Bytes { start, end } if n < path.len() => Span::Bytes {
                    start,
                    end: self.source[start..end]
                        .find('\n')
                        .map_or(end, |i| start + i),
                },
                s => s,
            })
        })
    }

    /// The span of the key `key` of the map under `path`.
    fn map_key(&self, path: &[Key], key: &str) -> Option<Span> {
        let n = self.spans.map_key(path, key)?;
        Some(Span::Bytes {
            start: n.start,
            end: n.end,
        })
    }

    /// A span inside the string literal under `path`, by byte offset into
    /// its text as read (after escapes). Exact for raw strings and for
    /// texts with escapes before the offset.
    fn inside_string(&self, path: &[Key], offset: usize, len: usize) -> Option<Span> {
        let Span::Bytes { start, end } = self.span(path)? else {
            return None;
        };
        let literal = self.source.get(start..end)?;
        let from = source_offset(literal, offset)?;
        let to = source_offset(literal, offset + len)?.max(from + 1);
        Some(Span::Bytes {
            start: start + from,
            end: start + to,
        })
    }

    /// The line the value under `path` starts on.
    fn line_of(&self, path: &[Key]) -> Option<usize> {
        match self.span(path)? {
            Span::Bytes { start, .. } => Some(
                self.lines
                    .get_or_init(|| LineIndex::new(self.source))
                    .line_of(start),
            ),
            Span::LineCol { pos, .. } => Some(pos.line),
        }
    }

    /// Warn when `text`, the value under `path`, holds characters that do
    /// not belong in scenario text. `field` names it for the author.
    fn text(&mut self, text: &str, path: &[Key], field: impl FnOnce() -> TextField) {
        if let Some((problem, first)) = unsafe_text(text, field) {
            let span = self.char_in_string(path, first);
            self.report_span(problem, path, span);
        }
    }

    /// The key `key` of the map under `map`, checked like [`Ctx::text`].
    fn map_key_text(&mut self, key: &str, map: &[Key], field: impl FnOnce() -> TextField) {
        if let Some((problem, _)) = unsafe_text(key, field) {
            let span = self.map_key(map, key);
            let mut path = map.to_vec();
            path.push(Key::MapKey(key));
            self.report_span(problem, &path, span);
        }
    }

    /// Where `c` appears in the string literal under `path`, written
    /// either as itself or as a `\u{...}` escape.
    fn char_in_string(&self, path: &[Key], c: char) -> Option<Span> {
        let Span::Bytes { start, end } = self.span(path)? else {
            return None;
        };
        let literal = self.source.get(start..end)?;
        if let Some(i) = literal.find(c) {
            return Some(Span::Bytes {
                start: start + i,
                end: start + i + c.len_utf8(),
            });
        }
        let mut from = 0;
        while let Some(i) = literal[from..].find("\\u{").map(|i| from + i) {
            let close = literal[i..].find('}').map(|j| i + j)?;
            if u32::from_str_radix(&literal[i + 3..close], 16).ok() == Some(u32::from(c)) {
                return Some(Span::Bytes {
                    start: start + i,
                    end: start + close + 1,
                });
            }
            from = close;
        }
        None
    }
}

/// Where the byte `offset` of a text's value lies in its literal as written
/// (`"..."` with escapes, or a raw `r#"..."#`).
fn source_offset(literal: &str, offset: usize) -> Option<usize> {
    if let Some(raw) = literal.strip_prefix('r') {
        let hashes = raw.bytes().take_while(|b| *b == b'#').count();
        return Some(1 + hashes + 1 + offset);
    }
    let body = literal.strip_prefix('"')?;
    let mut read = 0;
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if read >= offset {
            return Some(1 + i);
        }
        if c != '\\' {
            read += c.len_utf8();
            continue;
        }
        match chars.next().map(|(_, e)| e) {
            Some('u') => {
                let mut digits = String::new();
                for (_, d) in chars.by_ref() {
                    if d == '}' {
                        break;
                    }
                    if d != '{' {
                        digits.push(d);
                    }
                }
                let c = u32::from_str_radix(&digits, 16)
                    .ok()
                    .and_then(char::from_u32);
                read += c.map_or(1, char::len_utf8);
            }
            Some('x') => {
                chars.next();
                chars.next();
                read += 1;
            }
            Some('\n' | '\r') => {
                while chars
                    .next_if(|(_, w)| matches!(w, ' ' | '\t' | '\n' | '\r'))
                    .is_some()
                {}
            }
            Some(_) => read += 1,
            None => {}
        }
    }
    (read >= offset).then_some(literal.len().saturating_sub(1))
}

fn unsafe_text(text: &str, field: impl FnOnce() -> TextField) -> Option<(Problem, char)> {
    if !crate::diag::has_unsafe_char(text) {
        return None;
    }
    let mut found = text.chars().filter(|&c| is_unsafe(c));
    let first = found.next()?;
    let problem = Problem::UnsafeText {
        field: field(),
        found: first,
        more: found.count(),
    };
    Some((problem, first))
}

/// The candidate closest to `word`, when it is close enough to be a likely
/// typo (the same rule as [`crate::diag::suggest`]).
fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    crate::diag::closest(word, candidates).map(str::to_owned)
}

#[cfg(test)]
pub(crate) mod testing {
    //! Validating variations of the small test scenario.

    use std::path::Path;

    use super::{OwnedKey, validate_with};
    use crate::diag::Diagnostic;
    use crate::format::ScenarioFile;
    use crate::model::Scenario;

    pub(crate) const MINI: &str = include_str!("../../tests/fixtures/mini.ron");

    /// `MINI` with each `(from, to)` edit made at the first `from`.
    pub(crate) fn edited(edits: &[(&str, &str)]) -> String {
        let mut text = MINI.to_owned();
        for (from, to) in edits {
            assert!(text.contains(from), "no `{from}` in the test scenario");
            text = text.replacen(from, to, 1);
        }
        text
    }

    pub(crate) fn check(
        text: &str,
        suppressed: &[Vec<OwnedKey>],
    ) -> (Option<Scenario>, Vec<Diagnostic>) {
        let path = Path::new("t.ron");
        let file: ScenarioFile = crate::load::parse_ron(path, text).expect("the edit parses");
        let (scenario, diags) = validate_with(file, path, text, suppressed, None);
        let shown = crate::diag::finish(path, text, diags, crate::diag::MAX_SHOWN).shown;
        (scenario, shown)
    }

    pub(crate) fn codes(diags: &[Diagnostic]) -> Vec<&'static str> {
        diags.iter().map(|d| d.code.as_str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::OwnedKey;
    use super::testing::{check, codes, edited};
    use crate::diag::Severity;

    fn path(keys: &[&'static str]) -> Vec<OwnedKey> {
        keys.iter()
            .map(|k| match k.parse() {
                Ok(i) => OwnedKey::Index(i),
                Err(_) => OwnedKey::Field(k),
            })
            .collect()
    }

    #[test]
    fn unsafe_text_is_a_located_warning_that_never_echoes_it() {
        let text = edited(&[
            ("Shall we look", "Shall\\u{1b}[31m we look"),
            ("title: \"Mini\"", "title: \"Mini\u{202e}\""),
            (
                "\"Worry I did something\"",
                "\"Worry\u{7} I did\u{85} something\"",
            ),
        ]);
        let (scenario, diags) = check(&text, &[]);
        assert!(scenario.is_some(), "warnings only: {diags:?}");
        assert!(diags.iter().all(|d| d.severity == Severity::Warning));
        let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "the `title` of the scenario contains a bidirectional override U+202E",
                "suggestion 2 of the check-in of turn `quiet` contains a control character U+0007 and 1 more character like it",
                "the `says` of option `agenda` of turn `quiet` contains a control character U+001B",
            ]
        );
        assert_eq!(codes(&diags), ["unsafe-text"; 3]);
        for d in &diags {
            let shown = format!("{}{}", d.message, d.hint.as_deref().unwrap_or(""));
            assert!(!shown.chars().any(super::kind::is_unsafe), "{shown:?}");
        }
        // The caret is under the escape as written.
        let says = &diags[2];
        let loc = says.location.as_ref().unwrap();
        let snippet = says.snippet.as_ref().unwrap();
        let at: String = snippet
            .text
            .chars()
            .skip(snippet.caret)
            .take(loc.len)
            .collect();
        assert_eq!(at, "\\u{1b}");
    }

    #[test]
    fn offsets_into_texts_follow_escapes_and_raw_strings() {
        use super::source_offset;
        // `tensoin` starts at byte 6 of the text as read.
        assert_eq!(source_offset(r#""a > 1 tensoin""#, 6), Some(7));
        assert_eq!(source_offset(r#""\u{e9} > tensoin""#, 5), Some(10));
        assert_eq!(source_offset(r#""\t\x41 tensoin""#, 3), Some(8));
        assert_eq!(source_offset(r##"r#"a > 1 tensoin"#"##, 6), Some(9));
        let text = edited(&[("when: \"tension >= 5\"", "when: r#\"tensoin >= 5\"#")]);
        let (_, diags) = check(&text, &[]);
        let d = &diags[0];
        let snippet = d.snippet.as_ref().unwrap();
        let under: String = snippet
            .text
            .chars()
            .skip(snippet.caret)
            .take(d.location.as_ref().unwrap().len)
            .collect();
        assert_eq!(under, "tensoin");
    }

    #[test]
    fn problems_under_a_suppressed_path_are_not_reported_but_still_fail() {
        let text = edited(&[("attunement: 5", "attunement: 6")]);
        let (_, diags) = check(&text, &[]);
        assert_eq!(codes(&diags), ["score-range"]);
        let (scenario, diags) = check(&text, &[path(&["nodes", "0", "options", "0"])]);
        assert!(diags.is_empty(), "{diags:?}");
        assert!(scenario.is_none());
    }

    #[test]
    fn a_suppressed_next_is_not_reported_missing() {
        let text = edited(&[("next: \"shrug\",", "")]);
        let (_, diags) = check(&text, &[]);
        assert_eq!(codes(&diags), ["no-next"]);
        let suppressed = [path(&["nodes", "0", "options", "2", "next"])];
        let (scenario, diags) = check(&text, &suppressed);
        assert!(diags.is_empty(), "{diags:?}");
        assert!(scenario.is_none());
    }

    #[test]
    fn a_suppressed_node_id_silences_unknown_nodes() {
        let text = edited(&[("id: \"opens\"", "id: \"opens-up\"")]);
        let (_, diags) = check(&text, &[]);
        assert!(codes(&diags).contains(&"unknown-node"), "{diags:?}");
        let (scenario, diags) = check(&text, &[path(&["nodes", "2", "id"])]);
        assert!(diags.is_empty(), "{diags:?}");
        assert!(scenario.is_none());
    }
}
