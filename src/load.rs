//! Loading scenario files: bytes to text to wire types to a validated
//! [`Scenario`], with a located [`Diagnostic`] for every problem.
//!
//! Nothing here panics on bad input: unreadable, binary, empty, truncated,
//! enormous and absurdly nested files all come back as diagnostics.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use ron::error::{Error as RonError, SpannedError};

use crate::decode::{self, Required, required_fields};
use crate::diag::{self, Code, Diagnostic, MAX_SHOWN, Pos, Span, suggest};
use crate::format::{
    Alternative, Appearance, CheckIn, Client, ClientTurn, Ending, Marker, ResponseOption,
    ScenarioFile,
};
use crate::model::{Scenario, validate};
use crate::spans::SpanMap;
use crate::syntax::{self, Problem};

/// Larger scenario and log files are refused before parsing (a real
/// scenario is tens of KiB), and the log writer keeps to it
/// ([`crate::log::SessionLog::save`]), so every log written can be read.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;
/// Nesting deeper than this is refused by the parser.
pub const MAX_NESTING: usize = 64;

/// The RON dialect scenario and log files are read with: optional values
/// may be written bare (`marker: (kind: Denial, salience: 2)`).
pub fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(ron_extensions())
        .with_recursion_limit(MAX_NESTING)
}

/// Optional values written bare, and `Client(id: ...)` for newtype variants.
pub fn ron_extensions() -> ron::extensions::Extensions {
    ron::extensions::Extensions::IMPLICIT_SOME
        | ron::extensions::Extensions::UNWRAP_VARIANT_NEWTYPES
}

/// The result of loading one file.
#[derive(Debug)]
pub struct Loaded {
    pub path: PathBuf,
    pub scenario: Option<Scenario>,
    /// In source order, at most [`MAX_SHOWN`] of them (and then a last one
    /// saying how many more there are).
    pub diagnostics: Vec<Diagnostic>,
    /// Problems found beyond those shown.
    pub hidden_errors: usize,
    pub hidden_warnings: usize,
}

impl Loaded {
    fn failed(path: &Path, d: Diagnostic) -> Loaded {
        Loaded {
            path: path.to_path_buf(),
            scenario: None,
            diagnostics: vec![d],
            hidden_errors: 0,
            hidden_warnings: 0,
        }
    }

    /// Errors found in the file, shown or not.
    pub fn error_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.is_error() && d.code != Code::TooMany)
            .count()
            + self.hidden_errors
    }

    /// Warnings found in the file, shown or not.
    pub fn warning_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| !d.is_error() && d.code != Code::TooMany)
            .count()
            + self.hidden_warnings
    }
}

/// Read a file as UTF-8 text within the size limit.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let meta = fs::metadata(path).map_err(|e| io_diag(path, &e))?;
    if meta.is_dir() {
        return Err(Diagnostic::error(
            Code::Io,
            path,
            "this is a directory, not a file",
        ));
    }
    if !meta.is_file() {
        // A FIFO or a device would block or never end: never read one.
        return Err(Diagnostic::error(
            Code::Io,
            path,
            "this is not a regular file (a pipe, socket or device), so it is not read",
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            Code::TooLarge,
            path,
            format!(
                "file is {} bytes; files over {MAX_FILE_BYTES} bytes are refused",
                meta.len()
            ),
        )
        .with_hint(Some("split it into several scenarios".into())));
    }
    // Read no more than the limit allows, even if the file grew since.
    let mut bytes = Vec::new();
    fs::File::open(path)
        .and_then(|f| {
            use std::io::Read;
            f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)
        })
        .map_err(|e| io_diag(path, &e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            Code::TooLarge,
            path,
            format!("the file grew past {MAX_FILE_BYTES} bytes while it was read"),
        ));
    }
    text_from_bytes(path, bytes)
}

pub fn text_from_bytes(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let before = String::from_utf8_lossy(&bytes[..valid]);
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let mut d = Diagnostic::error(
                Code::NotUtf8,
                path,
                format!("the file is not UTF-8 text (invalid byte at offset {valid})"),
            )
            .with_hint(Some(
                "save it as UTF-8; if this is not a scenario, remove it from the folder".into(),
            ));
            d.location = Some(crate::diag::Location { line, col, len: 1 });
            Err(d)
        }
    }
}

fn io_diag(path: &Path, e: &std::io::Error) -> Diagnostic {
    let msg = match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => format!("cannot read: {e}"),
    };
    Diagnostic::error(Code::Io, path, msg)
}

/// Parse RON text into `T`, mapping parser errors to a located diagnostic.
pub fn parse_ron<T: serde::de::DeserializeOwned>(path: &Path, text: &str) -> Result<T, Diagnostic> {
    if text.trim().is_empty() {
        return Err(
            Diagnostic::error(Code::Empty, path, "the file is empty").with_hint(Some(
                "a scenario starts with `Scenario(format: 1, ...)`".into(),
            )),
        );
    }
    ron_options()
        .from_str(text)
        .map_err(|e| ron_diag(path, text, &e))
}

/// Turn a `ron` error into a diagnostic with a code, a message in our words,
/// the location, and a hint where one exists.
pub fn ron_diag(path: &Path, text: &str, e: &SpannedError) -> Diagnostic {
    let (code, message, hint) = describe(&e.code);
    let start = e.span.start;
    let end = e.span.end;
    let len = if end.line == start.line && end.col > start.col {
        end.col - start.col
    } else {
        1
    };
    // ron reports the end of input one column past the last character.
    let lines = text.lines().count().max(1);
    let pos = if start.line > lines {
        Pos {
            line: lines,
            col: text.lines().last().map_or(0, |l| l.chars().count()) + 1,
        }
    } else {
        Pos {
            line: start.line,
            col: start.col,
        }
    };
    let mut d = Diagnostic::error(code, path, message)
        .at_now(text, Some(Span::LineCol { pos, len }))
        .with_hint(hint);
    if matches!(e.code, RonError::Eof)
        || (code == Code::Syntax
            && !matches!(e.code, RonError::ExpectedStringEnd)
            && nothing_after(
                text,
                Pos {
                    line: end.line,
                    col: end.col,
                },
            ))
    {
        d.message = "the file ends in the middle of a value (is it truncated?)".into();
        d.hint = None;
    }
    d
}

/// Whether only whitespace follows `pos` (1-based line and column, in
/// characters): a syntax error there is a file that stops short.
fn nothing_after(text: &str, pos: Pos) -> bool {
    let mut lines = text.split_inclusive('\n').skip(pos.line.saturating_sub(1));
    let Some(line) = lines.next() else {
        return true;
    };
    let rest: String = line.chars().skip(pos.col.saturating_sub(1)).collect();
    rest.trim().is_empty() && lines.all(|l| l.trim().is_empty())
}

fn describe(e: &RonError) -> (Code, String, Option<String>) {
    match e {
        RonError::NoSuchStructField {
            expected,
            found,
            outer,
        } => (
            Code::UnknownField,
            format!("unknown field `{found}`{}", in_outer(outer)),
            suggest(found, expected.iter().copied())
                .or_else(|| Some(format!("expected one of {}", list(expected)))),
        ),
        RonError::MissingStructField { field, outer } => (
            Code::MissingField,
            format!("missing field `{field}`{}", in_outer(outer)),
            Some(format!("add `{field}: ...`")),
        ),
        RonError::DuplicateStructField { field, outer } => (
            Code::DuplicateField,
            format!("field `{field}` is given twice{}", in_outer(outer)),
            None,
        ),
        RonError::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => (
            Code::UnknownVariant,
            format!("unknown value `{found}`{}", in_outer(outer)),
            suggest(found, expected.iter().copied())
                .or_else(|| Some(format!("expected one of {}", list(expected)))),
        ),
        RonError::ExceededRecursionLimit => (
            Code::TooDeep,
            format!("the file nests values more than {MAX_NESTING} levels deep"),
            Some("a scenario needs only a few levels; is the file damaged?".into()),
        ),
        RonError::InvalidValueForType { expected, found } => (
            Code::BadValue,
            format!("expected {expected}, found {found}"),
            None,
        ),
        RonError::IntegerOutOfBounds => (
            Code::BadValue,
            "number out of range here".into(),
            Some("scores are 1 to 5".into()),
        ),
        RonError::Message(m) => (Code::BadValue, m.clone(), None),
        RonError::Eof => (Code::Syntax, "unexpected end of file".into(), None),
        RonError::ExpectedDifferentStructName { expected, found } => (
            Code::Syntax,
            format!("expected `{expected}(...)`, found `{found}(...)`"),
            Some(format!("rename it to `{expected}`")),
        ),
        RonError::ExpectedComma => (
            Code::Syntax,
            "expected a comma before this".into(),
            Some("separate fields and list items with `,`".into()),
        ),
        RonError::ExpectedString => (
            Code::Syntax,
            "expected a quoted string here".into(),
            Some("write text in double quotes: `\"...\"`".into()),
        ),
        RonError::ExpectedInteger => (Code::Syntax, "expected a whole number here".into(), None),
        RonError::ExpectedArray => (
            Code::Syntax,
            "expected a list here".into(),
            Some("lists are written `[a, b, c]`".into()),
        ),
        RonError::ExpectedMap => (
            Code::Syntax,
            "expected a map here".into(),
            Some("maps are written `{ \"alliance\": 1 }`".into()),
        ),
        RonError::ExpectedStructLike | RonError::ExpectedNamedStructLike(_) => {
            (Code::Syntax, "expected a `( ... )` block here".into(), None)
        }
        RonError::ExpectedIdentifier => (Code::Syntax, "expected a name here".into(), None),
        RonError::ExpectedStringEnd => (
            Code::Syntax,
            "a string is not closed before the file ends (is it truncated?)".into(),
            Some("close it with `\"`; write `\\\"` for a quote inside a string".into()),
        ),
        RonError::TrailingCharacters => (
            Code::Syntax,
            "unexpected text after the end of the scenario".into(),
            Some("is there a stray bracket or a second scenario in this file?".into()),
        ),
        RonError::UnclosedBlockComment => (
            Code::Syntax,
            "a `/*` comment is never closed".into(),
            Some("close it with `*/`".into()),
        ),
        other => (Code::Syntax, other.to_string(), None),
    }
}

fn in_outer(outer: &Option<String>) -> String {
    match outer {
        Some(o) if !o.is_empty() => format!(" in `{o}`"),
        _ => String::new(),
    }
}

fn list(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Load and validate one scenario file.
pub fn load_file(path: &Path) -> Loaded {
    if let Some(text) = crate::library::shipped_text(path) {
        return load_str(path, text);
    }
    match read_text(path) {
        Ok(text) => load_str(path, &text),
        Err(d) => Loaded::failed(path, d),
    }
}

/// Load and validate scenario text that claims to come from `path`.
///
/// A file `ron` reads goes straight to validation. One it refuses is read
/// again by the tolerant reader ([`syntax`], [`decode`]) so that every
/// mistake in it is reported in one run, validation included; `ron`'s own
/// error is the fallback should the tolerant reader find nothing wrong.
pub fn load_str(path: &Path, text: &str) -> Loaded {
    if text.trim().is_empty() {
        return Loaded::failed(path, empty_file(path));
    }
    let (scenario, diags) = match ron_options().from_str::<ScenarioFile>(text) {
        Ok(file) => validate(file, path, text),
        Err(e) => (None, recover(path, text, &e)),
    };
    let finished = diag::finish(path, text, diags, MAX_SHOWN);
    Loaded {
        path: path.to_path_buf(),
        scenario,
        diagnostics: finished.shown,
        hidden_errors: finished.hidden_errors,
        hidden_warnings: finished.hidden_warnings,
    }
}

fn empty_file(path: &Path) -> Diagnostic {
    Diagnostic::error(Code::Empty, path, "the file is empty").with_hint(Some(
        "a scenario starts with `Scenario(format: 1, ...)`".into(),
    ))
}

/// Every problem in a file `ron` refused: syntax, then types and fields,
/// then what validation finds in the parts that could be read.
fn recover(path: &Path, text: &str, ron_error: &SpannedError) -> Vec<Diagnostic> {
    let tree = syntax::parse(text);
    let mut diags: Vec<Diagnostic> = tree.errors.iter().map(|e| syntax_diag(path, e)).collect();
    let decoded = decode::decode::<ScenarioFile>(&tree.root, path, scenario_fields());
    diags.extend(decoded.diagnostics);
    if let Some(file) = decoded.value {
        // When reading lost part of the node list, references into it and
        // the shape of the graph cannot be judged.
        let nodes_lost = tree
            .root
            .inner()
            .field("nodes")
            .is_none_or(|n| n.is_damaged());
        // Validation points into the tree already read, not a second reading.
        let spans = Some(SpanMap::from_tree(tree.root));
        let (_, more) = crate::validate::validate_with(file, path, text, &decoded.poisoned, spans);
        diags.extend(more.into_iter().filter(|d| {
            !(nodes_lost
                && matches!(
                    d.code,
                    Code::UnknownNode | Code::NoEndings | Code::NoEnding | Code::Unreachable
                ))
        }));
    }
    if !diags.iter().any(Diagnostic::is_error) {
        diags.push(ron_diag(path, text, ron_error));
    }
    diags
}

/// The required fields of every struct of the scenario format.
pub fn scenario_fields() -> &'static Required {
    static FIELDS: OnceLock<Required> = OnceLock::new();
    FIELDS.get_or_init(|| {
        [
            required_fields::<ScenarioFile>(),
            required_fields::<Client>(),
            required_fields::<ClientTurn>(),
            required_fields::<Marker>(),
            required_fields::<CheckIn>(),
            required_fields::<ResponseOption>(),
            required_fields::<Alternative>(),
            required_fields::<Ending>(),
            required_fields::<Appearance>(),
        ]
        .into_iter()
        .collect()
    })
}

/// A syntax problem as a diagnostic, in the author's words.
pub fn syntax_diag(path: &Path, e: &syntax::SyntaxError) -> Diagnostic {
    let (code, message, hint): (Code, String, Option<String>) = match &e.problem {
        Problem::MissingComma { before } => (
            Code::Syntax,
            format!("a comma is missing before {before}"),
            Some("separate fields and list items with `,`".into()),
        ),
        Problem::ExpectedValue { found } => (
            Code::Syntax,
            format!("expected a value here, found {found}"),
            Some(
                "a value is a text in double quotes, a number, a name such as `Angry`, \
                 a list `[...]` or a block `(...)`"
                    .into(),
            ),
        ),
        Problem::ExpectedField { found } => (
            Code::Syntax,
            format!("expected a field name here, found {found}"),
            Some("fields are written `name: value,`".into()),
        ),
        Problem::MissingColon { field } => (
            Code::Syntax,
            format!("`{field}` needs a `:` before its value"),
            Some(format!("write `{field}: ...`")),
        ),
        Problem::EqualsForColon { field } => (
            Code::Syntax,
            "fields take `:`, not `=`".into(),
            Some(format!("write `{field}: ...`")),
        ),
        Problem::QuotedFieldName { field } => (
            Code::Syntax,
            "field names are written without quotes".into(),
            Some(format!("write `{field}: ...`")),
        ),
        Problem::CurlyQuote { quote } => (
            Code::Syntax,
            format!(
                "this is a curly quote ({quote}), as word processors insert; use a straight \""
            ),
            Some(
                "replace curly quotes around texts with straight ones (\"...\"); curly quotes \
                 inside a text are fine"
                    .into(),
            ),
        ),
        Problem::UnclosedText { line } => (
            Code::Syntax,
            format!("the text that starts on line {line} is never closed"),
            Some(
                "end it with `\"` where it should stop; write `\\\"` for a quote inside a text"
                    .into(),
            ),
        ),
        Problem::SingleQuotedText => (
            Code::Syntax,
            "texts are written in double quotes, not single ones".into(),
            Some("write `\"...\"`".into()),
        ),
        Problem::Unclosed { open, line } => (
            Code::Syntax,
            format!("the `{open}` opened on line {line} is never closed"),
            Some(format!("close it with `{}`", closer(*open))),
        ),
        Problem::EndsInside { open, line } => (
            Code::Syntax,
            format!("the file ends inside the `{open}` opened on line {line} (is it cut short?)"),
            Some(format!(
                "close it with `{}`, and any brackets around it",
                closer(*open)
            )),
        ),
        Problem::UnexpectedClose { close } => (
            Code::Syntax,
            format!("unexpected `{close}`: nothing is open here for it to close"),
            Some("is there one bracket too many?".into()),
        ),
        Problem::WrongClose { open, close, line } => (
            Code::Syntax,
            format!("the `{open}` opened on line {line} is closed with `{close}`"),
            Some(format!("close it with `{}`", closer(*open))),
        ),
        Problem::UnclosedComment { line } => (
            Code::Syntax,
            format!("the `/*` comment that starts on line {line} is never closed"),
            Some("close it with `*/`".into()),
        ),
        Problem::BadEscape { detail } => (
            Code::Syntax,
            "this `\\` escape cannot be read".into(),
            Some((*detail).into()),
        ),
        Problem::BadNumber { text } => (
            Code::BadValue,
            format!("`{text}` is not a number this file can use"),
            Some("write whole numbers such as `3` or `-2`".into()),
        ),
        Problem::TooDeep => (
            Code::TooDeep,
            format!("the file nests values more than {MAX_NESTING} levels deep"),
            Some("a scenario needs only a few levels; is the file damaged?".into()),
        ),
        Problem::TrailingText => (
            Code::Syntax,
            "unexpected text after the end of the scenario".into(),
            Some("is there a stray bracket or a second scenario in this file?".into()),
        ),
        Problem::OddSpace { space } => (
            Code::Syntax,
            format!(
                "this is a special space (U+{:04X}), as word processors insert; use an ordinary space",
                u32::from(*space)
            ),
            Some("replace it with a plain space or tab".into()),
        ),
        Problem::Empty => return empty_file(path),
    };
    Diagnostic::error(code, path, message)
        .at(Some(Span::bytes(e.start, e.end)))
        .with_hint(hint)
}

/// The bracket that closes `open`, as the reader matches them.
fn closer(open: char) -> char {
    char::from(syntax::closer_of(open as u8))
}

/// Expand files and folders into the `.ron` files to check, sorted.
/// Folders are searched one level deep; a path that does not exist becomes
/// a diagnostic. `<shipped>` is the folder of the shipped scenarios.
pub fn expand_paths(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    for p in paths {
        if *p == crate::library::shipped_dir() {
            files.extend(crate::library::shipped_files());
            continue;
        }
        if crate::library::shipped_text(p).is_some() {
            files.push(p.clone());
            continue;
        }
        match fs::metadata(p) {
            Err(e) => diags.push(io_diag(p, &e)),
            Ok(m) if m.is_dir() => match fs::read_dir(p) {
                Err(e) => diags.push(io_diag(p, &e)),
                Ok(entries) => {
                    let mut found: Vec<PathBuf> = entries
                        .filter_map(Result::ok)
                        .map(|e| e.path())
                        .filter(|f| f.extension().is_some_and(|x| x == "ron") && f.is_file())
                        .collect();
                    found.sort();
                    if found.is_empty() {
                        diags.push(
                            Diagnostic::warning(Code::Io, p, "no `.ron` files in this folder")
                                .with_hint(Some("scenario files end in `.ron`".into())),
                        );
                    }
                    files.extend(found);
                }
            },
            Ok(_) => files.push(p.clone()),
        }
    }
    (files, diags)
}

/// Load every scenario under `paths`. A file whose scenario id an earlier
/// file (in path order) already uses is not loaded: it gets an error naming
/// that file, so every summary counts it once, as a file with an error.
/// The second list holds problems with the paths themselves.
pub fn load_all(paths: &[PathBuf]) -> (Vec<Loaded>, Vec<Diagnostic>) {
    let (files, extra) = expand_paths(paths);
    let mut loaded: Vec<Loaded> = files.iter().map(|f| load_file(f)).collect();
    let mut first: HashMap<String, PathBuf> = HashMap::new();
    for l in &mut loaded {
        let Some(id) = l.scenario.as_ref().map(|s| s.id.clone()) else {
            continue;
        };
        if let Some(other) = first.get(&id) {
            l.scenario = None;
            l.diagnostics.insert(
                0,
                Diagnostic::error(
                    Code::DuplicateScenario,
                    &l.path,
                    format!("scenario id `{id}` is also used by {}", other.display()),
                )
                .with_hint(Some(
                    "scenario ids must be unique across a library; this file is left out".into(),
                )),
            );
        } else {
            first.insert(id, l.path.clone());
        }
    }
    (loaded, extra)
}

/// Find a scenario by path, or by id in the library (its folders, most
/// important first, as [`crate::library::folders`] lists them).
pub fn find_scenario(arg: &str, library: &[PathBuf]) -> Result<Scenario, Vec<Diagnostic>> {
    let as_path = Path::new(arg);
    let path = if as_path.extension().is_some_and(|x| x == "ron") || as_path.is_file() {
        as_path.to_path_buf()
    } else {
        let (loaded, _) = crate::library::load(library);
        if let Some(l) = loaded
            .iter()
            .find(|l| l.scenario.as_ref().is_some_and(|s| s.id == arg))
        {
            l.path.clone()
        } else if let Some(candidate) = library
            .iter()
            .map(|dir| dir.join(format!("{arg}.ron")))
            .find(|c| c.is_file() || crate::library::shipped_text(c).is_some())
        {
            candidate
        } else {
            let ids: Vec<String> = loaded
                .iter()
                .filter_map(|l| l.scenario.as_ref().map(|s| s.id.clone()))
                .collect();
            let described = crate::library::describe(library);
            let hint = suggest(arg, ids.iter().map(String::as_str))
                .or_else(|| Some(format!("`attune list` shows the scenarios in {described}")));
            return Err(vec![
                Diagnostic::error(
                    Code::Io,
                    as_path,
                    format!("no scenario file or id `{arg}` in {described}"),
                )
                .with_hint(hint),
            ]);
        }
    };
    let loaded = load_file(&path);
    match loaded.scenario {
        Some(s) => Ok(s),
        None => Err(loaded.diagnostics),
    }
}

/// The small scenario the unit tests play (`tests/fixtures/mini.ron`).
#[cfg(test)]
pub(crate) fn mini_fixture() -> std::sync::Arc<crate::model::Scenario> {
    std::sync::Arc::new(
        load_file(Path::new("tests/fixtures/mini.ron"))
            .scenario
            .expect("the fixture loads"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Turn {
        node: String,
        option: String,
    }

    fn message(text: &str) -> String {
        parse_ron::<Vec<Turn>>(Path::new("x.ron"), text)
            .unwrap_err()
            .message
    }

    #[test]
    fn a_file_that_stops_short_is_called_truncated_wherever_it_stops() {
        for cut in [
            "[(node: \"a\", option:",
            "[(node: \"a\", option: ",
            "[(node: \"a\", option: \"b",
            "[(node: \"a\", option: \"b\"",
            "[(node: \"a\",\n  option:\n\n",
        ] {
            assert!(
                message(cut).contains("truncated"),
                "{cut:?}: {}",
                message(cut)
            );
        }
    }

    #[test]
    fn a_mistake_with_text_after_it_is_not_called_truncated() {
        let m = message("[(node: \"a\", option: 3)]");
        assert!(!m.contains("truncated"), "{m}");
    }
}
