//! The limits a session runs within, and how a session that does not
//! finish ends: client-state values stay in their documented range however
//! often effects add up (and `check` refuses a scenario that says
//! otherwise), a check-in has at most 26 suggestions, a session is stopped
//! after 200 turns, and every session that does not finish (paused,
//! input ended, stopped) exits 1.

#[allow(dead_code)]
#[path = "common/binary.rs"]
mod binary;

use std::path::Path;
use std::process::Output;
use std::sync::Arc;

use attune::engine::{EngineError, MAX_TURNS, Session, apply_effect};
use attune::load::{Loaded, load_str};
use attune::model::{MAX_SUGGESTIONS, STATE_MAX, STATE_MIN, Scenario};
use attune::sim::{Policy, SimOptions, simulate};
use binary::{attune, flat, output, text, transcript};

/// One turn that can go round for ever, pushing `high` up and `low` down,
/// with options that only a value that wrapped round would open.
const EDGE: &str = r#"
Scenario(
    format: 1,
    id: "edge",
    title: "Edge",
    premise: "A loop that pushes the client state to its limits.",
    difficulty: Beginner,
    ruptures: [Withdrawal],
    pattern: "minimal response",
    client: (name: "Sam", age: 30, background: "Works nights.", concern: "Low mood."),
    setting: "A clinic.",
    state: { "high": 999999, "low": -999999 },
    start: "round",
    nodes: [
        Client(
            id: "round",
            line: "Again.",
            cue: "A shrug.",
            affect: Flat,
            options: [
                (id: "push", label: "Push", says: "More.", strategy: PressTask,
                 attunement: 1, ownership: None, rationale: "Round again.",
                 effects: { "high": 1000000, "low": -1000000 }, next: "round"),
                (id: "wrapped-high", label: "Wrapped", says: "Below zero?", strategy: PressTask,
                 attunement: 1, ownership: None, rationale: "Only if it wrapped.",
                 when: "high < 0", next: "end"),
                (id: "wrapped-low", label: "Wrapped too", says: "Above zero?", strategy: PressTask,
                 attunement: 1, ownership: None, rationale: "Only if it wrapped.",
                 when: "low > 0", next: "end"),
                (id: "leave", label: "Leave", says: "Let us stop.", strategy: Reflect,
                 attunement: 3, ownership: None, rationale: "A way out.", next: "end"),
            ],
        ),
        Ending(id: "end", kind: Unresolved, title: "End", summary: "It ended."),
    ],
)
"#;

fn load(text: &str) -> Loaded {
    load_str(Path::new("edge.ron"), text)
}

fn edge() -> Arc<Scenario> {
    let loaded = load(EDGE);
    assert!(
        loaded.diagnostics.iter().all(|d| !d.is_error()),
        "{}",
        attune::diag::render(&loaded.diagnostics)
    );
    Arc::new(loaded.scenario.expect("the edge scenario loads"))
}

fn offered(s: &Session) -> Vec<String> {
    s.offered().ids().map(str::to_owned).collect()
}

#[test]
fn effects_saturate_at_the_edges_of_the_range() {
    assert_eq!(apply_effect(STATE_MAX, 1), STATE_MAX);
    assert_eq!(apply_effect(STATE_MAX - 1, 1), STATE_MAX);
    assert_eq!(apply_effect(STATE_MIN, -1), STATE_MIN);
    assert_eq!(apply_effect(STATE_MIN + 1, -1), STATE_MIN);
    assert_eq!(apply_effect(STATE_MAX, STATE_MIN), 0);
    assert_eq!(apply_effect(0, STATE_MAX), STATE_MAX);
    // Even values no scenario can hold neither wrap nor panic.
    assert_eq!(apply_effect(i32::MAX, 1), STATE_MAX);
    assert_eq!(apply_effect(i32::MIN, -1), STATE_MIN);
    assert_eq!(apply_effect(i32::MAX, i32::MAX), STATE_MAX);
}

#[test]
fn a_value_pushed_again_and_again_stays_at_the_edge_and_never_wraps() {
    let mut s = Session::new(edge(), 1);
    for turn in 1..=150 {
        let ids = offered(&s);
        assert!(
            !ids.iter().any(|id| id.starts_with("wrapped")),
            "turn {turn}: {ids:?} with {:?}",
            s.state()
        );
        s.choose("push", 0).unwrap();
        let state = s.state();
        assert!(state["high"] > 0 && state["high"] <= STATE_MAX, "{state:?}");
        assert!(state["low"] < 0 && state["low"] >= STATE_MIN, "{state:?}");
    }
    assert_eq!(s.state()["high"], STATE_MAX);
    assert_eq!(s.state()["low"], STATE_MIN);
}

#[test]
fn a_session_is_stopped_after_the_turn_limit() {
    let mut s = Session::new(edge(), 7);
    for _ in 0..MAX_TURNS - 1 {
        s.choose("push", 0).unwrap();
    }
    assert!(!s.turn_limit_reached());
    s.choose("push", 0).unwrap();
    assert!(s.turn_limit_reached());
    assert!(!s.is_ended());
    assert_eq!(s.choose("leave", 0).unwrap_err(), EngineError::TurnLimit);
    assert_eq!(s.turns().len(), MAX_TURNS);
    assert_eq!(
        EngineError::TurnLimit.sentence(),
        "The session was stopped after 200 turns because the scenario did not reach an ending."
    );
    // A session that ends on its last allowed turn has ended, not stopped.
    let mut s = Session::new(edge(), 7);
    for _ in 0..MAX_TURNS - 1 {
        s.choose("push", 0).unwrap();
    }
    s.choose("leave", 0).unwrap();
    assert!(s.is_ended() && !s.turn_limit_reached());
}

/// The error codes `check` gives `text`, and the line of each.
fn errors(text: &str) -> Vec<(&'static str, usize, String)> {
    load(text)
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let line = d.location.as_ref().map_or(0, |l| l.line);
            (d.code.as_str(), line, d.message.clone())
        })
        .collect()
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn check_refuses_values_a_scenario_cannot_hold() {
    // `2147483647 + 1` cannot even be written: the starting value is
    // refused, and so is an effect past the range.
    let text = EDGE
        .replace("\"high\": 999999,", "\"high\": 2147483647,")
        .replace("\"low\": -1000000 }", "\"low\": -1000001 }");
    let found = errors(&text);
    assert_eq!(
        found,
        [
            (
                "state-range",
                line_of(&text, "2147483647"),
                "state variable `high` starts at 2147483647, outside -1000000 to 1000000".into()
            ),
            (
                "state-range",
                line_of(&text, "-1000001"),
                "option `push` of turn `round` changes `low` by -1000001, outside -1000000 to 1000000"
                    .into()
            ),
        ]
    );
    // The edges themselves are fine.
    let text = EDGE.replace("\"high\": 999999,", "\"high\": 1000000,");
    assert_eq!(errors(&text), []);
    // Past what a whole number can hold, the reader says what the range is.
    let text = EDGE.replace("\"high\": 999999,", "\"high\": 2147483648,");
    let loaded = load(&text);
    let d = &loaded.diagnostics[0];
    assert_eq!(d.code.as_str(), "bad-value");
    assert_eq!(
        d.hint.as_deref(),
        Some("client-state values are whole numbers from -1000000 to 1000000")
    );
}

fn with_suggestions(n: usize) -> String {
    let list: Vec<String> = (1..=n).map(|i| format!("\"reaction {i}\"")).collect();
    EDGE.replace(
        "            affect: Flat,\n",
        &format!(
            "            affect: Flat,\n            checkin: (prompt: \"What do you notice?\", suggestions: [\n{}\n]),\n",
            list.join(",\n")
        ),
    )
}

#[test]
fn a_check_in_offers_at_most_26_suggestions() {
    assert_eq!(MAX_SUGGESTIONS, 26);
    assert_eq!(errors(&with_suggestions(26)), []);
    let text = with_suggestions(27);
    assert_eq!(
        errors(&text),
        [(
            "too-many-suggestions",
            line_of(&text, "\"reaction 27\""),
            "the check-in of turn `round` has 27 suggestions, more than the 26 the letters a to z can pick"
                .into()
        )]
    );
}

#[test]
fn twenty_six_suggestions_are_lettered_a_to_z() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("edge.ron");
    std::fs::write(&path, with_suggestions(26)).unwrap();
    let mut c = attune();
    c.args([
        "play",
        path.to_str().unwrap(),
        "--seed",
        "1",
        "--from",
        "round",
    ]);
    let out = output(c, "note: z\nleave\n");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(shown.contains("    a) reaction 1\n"), "{shown}");
    assert!(shown.contains("    z) reaction 26\n"), "{shown}");
    assert!(
        shown.contains("You notice in yourself: reaction 26"),
        "{shown}"
    );
    assert!(!shown.chars().any(attune::diag::is_unsafe_char), "{shown}");
}

fn run(args: &[&str], stdin: &str) -> Output {
    let mut c = attune();
    c.args(args);
    output(c, stdin)
}

/// Answers that keep `tests/fixtures/loop.ron` going round for ever.
fn round_and_round(times: usize) -> String {
    "defend\nexplain\n".repeat(times)
}

#[test]
fn a_session_that_never_ends_is_stopped_at_200_turns_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("loop-log.ron");
    let log = log.to_str().unwrap();
    let out = run(
        &[
            "play",
            "tests/fixtures/loop.ron",
            "--seed",
            "1",
            "--log",
            log,
        ],
        &round_and_round(150),
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "The session was stopped after 200 turns because the scenario did not reach an ending."
        ),
        "{err}"
    );
    assert!(
        err.contains("attune check --strict tests/fixtures/loop.ron"),
        "{err}"
    );
    assert!(err.contains("attune sim tests/fixtures/loop.ron"), "{err}");
    assert!(
        err.contains(&format!("Your 200 turns are saved in {log}.")),
        "{err}"
    );
    assert!(!err.contains("Carry on with"), "{err}");
    let stdout = text(&out.stdout);
    assert!(stdout.contains("-- Turn 200 --"), "{stdout}");
    assert!(!stdout.contains("-- Turn 201 --"), "{stdout}");
    let saved = std::fs::read_to_string(log).unwrap();
    assert_eq!(saved.matches("option: \"").count(), 200, "{saved}");

    // The log replays to the same transcript, and says why it stops.
    let out = run(&["replay", log], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let replayed = text(&out.stdout);
    assert!(replayed.starts_with(&stdout), "{replayed}");
    assert!(
        flat(&transcript(&replayed)).ends_with(
            "(The session was stopped after 200 turns because the scenario did not reach an ending.)"
        ),
        "{replayed}"
    );
    // Resuming cannot go further, and says so.
    let out = run(&["resume", log], "defend\n");
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("stopped after 200 turns"), "{err}");

    // Played by ids, the same.
    let ids = vec!["defend,explain"; 150].join(",");
    let out = run(
        &[
            "play",
            "tests/fixtures/loop.ron",
            "--seed",
            "1",
            "--log",
            log,
            "--choices",
            &ids,
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("stopped after 200 turns"));
}

#[test]
fn a_session_that_does_not_finish_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("paused.ron");
    let log = log.to_str().unwrap();
    let mini = "tests/fixtures/mini.ron";
    // Paused with `q`.
    let out = run(&["play", mini, "--seed", "1", "--log", log], "agenda\nq\n");
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("Paused. Your 1 turn is saved in"), "{err}");
    assert!(
        err.contains(&format!("Carry on with: attune resume {log}")),
        "{err}"
    );
    // Paused again after resuming.
    let out = run(&["resume", log], "quit\n");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("Paused."));
    // Input ended.
    let out = run(&["resume", log], "");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    // Finished.
    let out = run(&["resume", log], "reassure\n");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn sim_stops_sessions_where_the_engine_does() {
    let loaded = attune::load::load_file(Path::new("tests/fixtures/loop.ron"));
    let scenario = Arc::new(loaded.scenario.unwrap());
    assert_eq!(attune::sim::MAX_TURNS, MAX_TURNS);
    // The worst policy never leaves the loop.
    let report = simulate(&scenario, &SimOptions::new(20, 0, Policy::Worst));
    assert_eq!(report.unfinished, 20);
    assert_eq!(report.turns.max, MAX_TURNS);
    // Asking for more turns than the engine allows stops at its limit.
    let opts = SimOptions {
        max_turns: 5 * MAX_TURNS,
        ..SimOptions::new(20, 0, Policy::Worst)
    };
    let longer = simulate(&scenario, &opts);
    assert_eq!(longer.unfinished, 20);
    assert_eq!(longer.turns.max, MAX_TURNS);
    assert!(
        longer
            .warnings
            .iter()
            .any(|w| w.message == "20 sessions did not end within 200 turns"),
        "{:?}",
        longer.warnings
    );
}
