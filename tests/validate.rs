//! One check reports every mistake in a file, not just the first: the
//! graph checks run beside the others, and unsafe text is flagged too.

#[path = "common/drafts.rs"]
#[allow(dead_code)]
mod drafts;

use std::path::Path;

use attune::diag::Severity;
use attune::load::load_file;

#[test]
fn five_mistakes_are_all_reported_in_one_load() {
    let loaded = load_file(Path::new("tests/fixtures/bad/five-mistakes.ron"));
    assert!(loaded.scenario.is_none());
    let found: Vec<(Severity, &str, &str)> = loaded
        .diagnostics
        .iter()
        .map(|d| (d.severity, d.code.as_str(), d.message.as_str()))
        .collect();
    let expected = [
        (
            Severity::Error,
            "score-range",
            "attunement 6 of option `its-fine`",
        ),
        (Severity::Error, "unknown-node", "goes to node `settles`"),
        (
            Severity::Warning,
            "unsafe-text",
            "`says` of option `press-on`",
        ),
        (Severity::Error, "unknown-variable", "uses `tensoin`"),
        (Severity::Warning, "unreachable-node", "turn `small-talk`"),
    ];
    assert_eq!(found.len(), expected.len(), "{found:#?}");
    for ((severity, code, message), (want_severity, want_code, part)) in found.iter().zip(expected)
    {
        assert_eq!((*severity, *code), (want_severity, want_code), "{message}");
        assert!(message.contains(part), "{message:?} lacks {part:?}");
    }
    let unsafe_text = &loaded.diagnostics[2];
    assert!(unsafe_text.message.contains("U+001B"));
    assert!(!unsafe_text.message.contains('\u{1b}'));
}

/// Beyond the problems a check shows, the fast path counts without wording
/// or placing them: what is shown, and what is counted, is as if every one
/// had been made in full.
#[test]
fn problems_beyond_those_shown_are_counted_as_before() {
    let path = Path::new("draft.ron");
    let warnings = drafts::warnings(300);
    // The loose turns' scores out of range: errors too.
    let mut both = String::new();
    for (i, part) in warnings.split("attunement: 3").enumerate() {
        if i > 0 {
            both.push_str(if i > 1 {
                "attunement: 9"
            } else {
                "attunement: 3"
            });
        }
        both.push_str(part);
    }
    for text in [&warnings, &both] {
        let fast = attune::load::load_str(path, text);
        let file = attune::load::parse_ron(path, text).expect("the draft parses");
        let (_, all) = attune::validate::validate_with(file, path, text, &[], None);
        let full = attune::diag::finish(path, text, all, attune::diag::MAX_SHOWN);
        assert!(full.hidden_warnings > 0);
        assert_eq!(fast.diagnostics, full.shown);
        assert_eq!(fast.hidden_errors, full.hidden_errors);
        assert_eq!(fast.hidden_warnings, full.hidden_warnings);
        assert!(fast.diagnostics.iter().all(|d| !d.message.is_empty()));
    }
    let fast = attune::load::load_str(path, &both);
    assert!(
        fast.error_count() > attune::diag::MAX_SHOWN,
        "{}",
        fast.error_count()
    );
}
