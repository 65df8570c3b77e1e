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

/// An option's `concern`: a misspelt kind is named with the kinds there
/// are, and an empty note is a warning that points at it.
#[test]
fn a_concern_is_checked_like_the_rest_of_the_option() {
    let source = std::fs::read_to_string("tests/fixtures/mini.ron").unwrap();
    let with = |concern: &str| {
        let text = source.replacen(
            "id: \"reassure\",",
            &format!("id: \"reassure\", concern: {concern},"),
            1,
        );
        assert_ne!(text, source, "the fixture has a `reassure` option");
        attune::load::load_str(Path::new("mini.ron"), &text)
    };
    let good = with("(kind: Scope, note: \"Outside a trainee's role.\")");
    assert!(good.diagnostics.is_empty(), "{:?}", good.diagnostics);
    let scenario = good.scenario.unwrap();
    let reassure = scenario
        .turns()
        .flat_map(|t| &t.options)
        .find(|o| o.id == "reassure")
        .unwrap();
    assert_eq!(
        reassure.concern.as_ref().map(|c| c.kind),
        Some(attune::format::ConcernKind::Scope)
    );

    let misspelt = with("(kind: Scoop, note: \"x\")");
    assert!(misspelt.scenario.is_none());
    let d = &misspelt.diagnostics[0];
    assert_eq!(d.severity, Severity::Error);
    let said = format!("{} {}", d.message, d.hint.clone().unwrap_or_default());
    assert!(said.contains("Scope"), "{said}");

    let empty = with("(kind: Risk, note: \" \")");
    assert!(empty.scenario.is_some(), "a warning only");
    assert!(
        empty
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Warning && d.message.contains("`concern`")),
        "{:?}",
        empty.diagnostics
    );
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
