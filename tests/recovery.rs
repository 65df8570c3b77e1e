//! One check reports every mistake in a file, in words an author knows:
//! a misspelled field or a missing comma no longer hides the rest.

use std::path::Path;

use attune::diag::{Diagnostic, render};
use attune::load::load_str;

const MINI: &str = include_str!("fixtures/mini.ron");

/// `MINI` with each `(from, to)` edit made at the first `from`.
fn edited(edits: &[(&str, &str)]) -> String {
    let mut text = MINI.to_owned();
    for (from, to) in edits {
        assert!(text.contains(from), "no `{from}` in the test scenario");
        text = text.replacen(from, to, 1);
    }
    text
}

fn line_of(text: &str, needle: &str) -> usize {
    let at = text.find(needle).unwrap_or_else(|| panic!("no {needle:?}"));
    text[..at].matches('\n').count() + 1
}

/// The diagnostic with `code` whose message contains `part`, on `line`.
fn has(diags: &[Diagnostic], code: &str, part: &str, line: usize) -> bool {
    diags.iter().any(|d| {
        d.code.as_str() == code
            && d.message.contains(part)
            && d.location.as_ref().is_some_and(|l| l.line == line)
    })
}

const UNREACHABLE_TURN: &str = r#"        Client(
            id: "small-talk",
            line: "Did you see the match?",
            affect: Bright,
            options: [
                (
                    id: "follow",
                    label: "Follow",
                    says: "I did not. Tell me.",
                    strategy: ChangeTopic,
                    attunement: 2,
                    ownership: None,
                    rationale: "Follows the topic away from the two of you.",
                    next: "flat-end",
                ),
            ],
        ),
        Ending(
            id: "good-end","#;

fn five_mistakes() -> Vec<(&'static str, &'static str)> {
    vec![
        // A misspelled field.
        (
            "rationale: \"Welcomes the disclosure",
            "rationle: \"Welcomes the disclosure",
        ),
        // A `next` to a node that does not exist.
        ("next: \"good-end\"", "next: \"good-ending\""),
        // A score of 6.
        ("attunement: 5,", "attunement: 6,"),
        // A misspelled variable in a condition.
        ("when: \"tension >= 5\"", "when: \"tensoin >= 5\""),
        // A turn nothing leads to.
        (
            "        Ending(\n            id: \"good-end\",",
            UNREACHABLE_TURN,
        ),
    ]
}

fn check_five(text: &str, diags: &[Diagnostic]) {
    let shown = render(diags);
    assert!(
        has(
            diags,
            "unknown-field",
            "rationle",
            line_of(text, "rationle")
        ),
        "{shown}"
    );
    assert!(
        has(
            diags,
            "unknown-node",
            "good-ending",
            line_of(text, "\"good-ending\"")
        ),
        "{shown}"
    );
    assert!(
        has(diags, "score-range", "6", line_of(text, "attunement: 6")),
        "{shown}"
    );
    assert!(
        has(
            diags,
            "unknown-variable",
            "tensoin",
            line_of(text, "tensoin")
        ),
        "{shown}"
    );
    assert!(
        has(
            diags,
            "unreachable-node",
            "small-talk",
            line_of(text, "\"small-talk\"")
        ),
        "{shown}"
    );
}

#[test]
fn five_mistakes_without_a_syntax_error_in_one_run() {
    let text = edited(&five_mistakes());
    let loaded = load_str(Path::new("draft.ron"), &text);
    assert!(loaded.scenario.is_none());
    check_five(&text, &loaded.diagnostics);
    // The misspelled field is read as the field it stands for, so it is
    // not also reported missing.
    assert!(
        !loaded
            .diagnostics
            .iter()
            .any(|d| d.code.as_str() == "missing-field"),
        "{}",
        render(&loaded.diagnostics)
    );
}

#[test]
fn six_mistakes_with_a_missing_comma_in_one_run() {
    let mut edits = five_mistakes();
    edits.push(("cue: \"A shrug.\",", "cue: \"A shrug.\""));
    let text = edited(&edits);
    let loaded = load_str(Path::new("draft.ron"), &text);
    assert!(loaded.scenario.is_none());
    check_five(&text, &loaded.diagnostics);
    assert!(
        has(
            &loaded.diagnostics,
            "syntax",
            "comma is missing before `affect`",
            line_of(&text, "affect: Flat")
        ),
        "{}",
        render(&loaded.diagnostics)
    );
    // The six, and `good-end`, which only the misspelled `next` led to.
    assert_eq!(
        loaded.diagnostics.len(),
        7,
        "{}",
        render(&loaded.diagnostics)
    );
    assert!(has(
        &loaded.diagnostics,
        "unreachable-node",
        "good-end",
        line_of(&text, "\"good-end\"")
    ));
}

#[test]
fn curly_quotes_are_explained() {
    let text = edited(&[("title: \"Mini\"", "title: \u{201C}Mini\u{201D}")]);
    let loaded = load_str(Path::new("draft.ron"), &text);
    let d = &loaded.diagnostics[0];
    assert!(d.message.contains("curly quote"), "{}", d.message);
    assert!(d.message.contains("use a straight \""), "{}", d.message);
    assert_eq!(d.location.as_ref().unwrap().line, line_of(&text, "title:"));
    assert_eq!(
        loaded.diagnostics.len(),
        1,
        "{}",
        render(&loaded.diagnostics)
    );
}

#[test]
fn an_unclosed_text_names_the_line_it_starts_on() {
    let text = edited(&[(
        "line: \"Fine. Nothing to report.\",",
        "line: \"Fine. Nothing to report.,",
    )]);
    let start = line_of(&text, "Nothing to report");
    let loaded = load_str(Path::new("draft.ron"), &text);
    assert_eq!(
        loaded.diagnostics.len(),
        1,
        "{}",
        render(&loaded.diagnostics)
    );
    let d = &loaded.diagnostics[0];
    assert_eq!(
        d.message,
        format!("the text that starts on line {start} is never closed")
    );
    assert_eq!(d.location.as_ref().unwrap().line, start);
}

#[test]
fn a_missing_ownership_mentions_none() {
    let text = edited(&[("ownership: 4,\n", "")]);
    let loaded = load_str(Path::new("draft.ron"), &text);
    let d = loaded
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "missing-field")
        .expect("a missing-field diagnostic");
    assert_eq!(
        d.message,
        "option `notice` of turn `quiet` has no `ownership`"
    );
    assert!(d.hint.as_deref().unwrap().contains("`ownership: None`"));
}

#[test]
fn wrong_types_and_unknown_values_do_not_stop_the_check() {
    let text = edited(&[
        ("age: 34", "age: \"thirty-four\""),
        ("affect: Withdrawn", "affect: Withdrawm"),
        ("salience: 2", "salience: 300"),
        ("kind: Silence", "kind: \"Silence\""),
        ("next: \"good-end\"", "next: \"nowhere\""),
    ]);
    let loaded = load_str(Path::new("draft.ron"), &text);
    let codes: Vec<&str> = loaded.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "bad-value",
            "unknown-variant",
            "bad-value",
            "bad-value",
            "unknown-node",
            "unreachable-node",
        ],
        "{}",
        render(&loaded.diagnostics)
    );
    let quoted = &loaded.diagnostics[2];
    assert_eq!(
        quoted.hint.as_deref(),
        Some("write it without quotes: `Silence`")
    );
}

/// Messages speak of turns, options and fields, never of Rust types.
#[test]
fn no_internal_type_names_in_messages() {
    let internal = [
        "ResponseOption",
        "ClientTurn",
        "ScenarioFile",
        "MarkerKind",
        "EndingKind",
        "OptionKind",
        "RuptureKind",
        "Alternative",
        "CheckIn",
        "u8",
        "u32",
        "i32",
    ];
    let mut files: Vec<_> = std::fs::read_dir("tests/fixtures/bad")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut texts: Vec<(String, String)> = files
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).unwrap();
            (
                p.display().to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            )
        })
        .collect();
    texts.push((
        "edited".into(),
        edited(&[
            ("ownership: 4,\n", ""),
            ("kind: Deferential", "kind: Deferentail"),
        ]),
    ));
    for (name, text) in texts {
        let loaded = load_str(Path::new(&name), &text);
        for d in &loaded.diagnostics {
            let words = format!("{} {}", d.message, d.hint.as_deref().unwrap_or(""));
            for t in internal {
                assert!(
                    !words.split(|c: char| !c.is_alphanumeric()).any(|w| w == t),
                    "{name}: `{t}` in {words:?}"
                );
            }
        }
    }
}
