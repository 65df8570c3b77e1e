//! One check reports every mistake in a file, not just the first: the
//! graph checks run beside the others, and unsafe text is flagged too.

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
