//! Following every client state a session can reach: `attune check` on a
//! scenario whose only way out never opens, and the shipped library, in
//! which every session can always still end.

#[allow(dead_code)]
#[path = "common/binary.rs"]
mod binary;

use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use attune::load::load_file;
use attune::reach;
use binary::{attune, output, text};

const STUCK: &str = "tests/fixtures/stuck.ron";

fn run(args: &[&str], stdin: &str) -> Output {
    let mut c = attune();
    c.args(args);
    output(c, stdin)
}

#[test]
fn check_reports_where_sessions_get_stuck_as_a_located_error() {
    let out = run(&["check", STUCK], "");
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains(
            "error[no-way-out]: a session can get stuck at turn `fine`: no ending can be \
             reached from there when trust is 3\n  --> tests/fixtures/stuck.ron:23:17"
        ),
        "{stdout}"
    );
    assert!(stdout.ends_with("checked 1 file: 0 ok, 1 error, 2 warnings\n"));
    insta::assert_snapshot!("check-stuck", stdout);
}

#[test]
fn check_json_gives_the_same_findings() {
    let out = run(&["check", "--json", STUCK], "");
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = v.as_array().unwrap();
    let found: Vec<(&str, &str, u64)> = items
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap(),
                d["severity"].as_str().unwrap(),
                d["location"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("no-way-out", "error", 23),
            ("never-reached", "warning", 63),
            ("never-reached", "warning", 81),
        ]
    );
}

#[test]
fn strict_check_adds_the_option_never_offered() {
    let out = run(&["check", "--strict", STUCK], "");
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout.contains(
            "error[never-offered]: option `name-it` of turn `fine` is never offered: \
             `trust >= 5` never holds when a session reaches `fine`\n  --> \
             tests/fixtures/stuck.ron:57:27"
        ),
        "{stdout}"
    );
    assert!(!stdout.contains("warning["), "{stdout}");
    assert!(
        text(&out.stderr).is_empty(),
        "every state was followed, so there is no note: {}",
        text(&out.stderr)
    );
}

/// A scenario with one turn and the given options, written to a file in
/// `dir`.
fn one_turn(dir: &Path, state: &str, options: &str) -> String {
    let text = format!(
        "Scenario(format: 1, id: \"t\", title: \"T\", premise: \"P\", difficulty: Beginner, \
         ruptures: [Withdrawal], client: (name: \"A\", age: 30, background: \"B\", \
         concern: \"C\"), setting: \"S\", state: {{ {state} }}, start: \"a\", nodes: [\n\
         Client(id: \"a\", line: \"L\", affect: Flat, options: [\n{options}]),\n\
         Ending(id: \"end\", kind: Unresolved, title: \"T\", summary: \"S\"),\n])\n"
    );
    let path = dir.join("t.ron");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

fn option(id: &str, rest: &str) -> String {
    format!(
        "(id: \"{id}\", label: \"{id}\", says: \"S\", strategy: Reflect, attunement: 3, \
         ownership: None, rationale: \"R\", {rest}),\n"
    )
}

/// When not every state can be followed, or whether sessions end cannot
/// be decided, `check` claims nothing, and `--strict` says why.
#[test]
fn strict_check_notes_when_the_states_could_not_settle_it() {
    let dir = tempfile::tempdir().unwrap();
    // Steps of one and of a million: every value in the range is a state.
    let huge = one_turn(
        dir.path(),
        "\"x\": 0",
        &(option("up", "effects: { \"x\": 1 }, next: \"a\"")
            + &option("down", "effects: { \"x\": -1000000 }, next: \"a\"")
            + &option("out", "when: \"x == 7\", next: \"end\"")),
    );
    let out = run(&["check", &huge], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(text(&out.stderr).is_empty(), "{}", text(&out.stderr));
    let out = run(&["check", "--strict", &huge], "");
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("t.ron: not every client state could be followed"),
        "{stderr}"
    );
    assert!(!text(&out.stdout).contains("no-way-out"));
    // x can climb without end, and the way out needs it to come back down
    // to exactly 9: every session can end, but that cannot be shown.
    let counter = one_turn(
        dir.path(),
        "\"x\": 0",
        &(option("up", "effects: { \"x\": 1 }, next: \"a\"")
            + &option("down", "effects: { \"x\": -2 }, next: \"a\"")
            + &option("out", "when: \"x == 9\", next: \"end\"")),
    );
    let out = run(&["check", &counter], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let out = run(&["check", "--strict", &counter], "");
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(
            "t.ron: whether every session can still reach an ending could not be decided"
        ),
        "{stderr}"
    );
    assert!(!text(&out.stdout).contains("no-way-out"));
}

/// Play stops when the answers run out, wherever the session is: a stuck
/// scenario keeps nobody waiting.
#[test]
fn playing_a_stuck_scenario_ends_when_the_answers_do() {
    let dir = tempfile::tempdir().unwrap();
    let logs = dir.path().to_str().unwrap();
    let start = Instant::now();
    let out = run(
        &["play", STUCK, "--seed", "1", "--log-dir", logs],
        &"reassure\nwait\n".repeat(20),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(start.elapsed() < Duration::from_secs(60));
    let out = run(
        &[
            "play",
            STUCK,
            "--seed",
            "1",
            "--choices",
            "reassure,wait,name-it",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("name-it"),
        "{}",
        text(&out.stderr)
    );
}

/// Every shipped scenario is followed through all its states, and in every
/// state a session can be in, some way still leads to an ending; nothing
/// the graph leads to is out of reach, and every option is offered
/// somewhere. The findings that are not exact (never-drawn) are pinned by
/// `tests/strict.rs`.
#[test]
fn every_shipped_scenario_can_always_end() {
    let mut paths: Vec<_> = std::fs::read_dir("scenarios")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    paths.sort();
    assert_eq!(paths.len(), ::attune::library::SHIPPED.len());
    for path in paths {
        let s = load_file(&path)
            .scenario
            .expect("the shipped scenario loads");
        let states = reach::explore(&s);
        let name = path.display();
        assert!(states.complete(), "{name}: not every state was followed");
        assert_eq!(states.always_ends(&s), Some(true), "{name}");
        assert!(states.stuck(&s).is_empty(), "{name}");
        assert!(states.unreached(&s).is_empty(), "{name}");
        assert!(states.never_offered(&s).is_empty(), "{name}");
        // No shipped scenario has a loop, so every one is followed exactly.
        assert!(states.exact(), "{name}");
        assert!(
            states.positions() < 10_000,
            "{name}: {}",
            states.positions()
        );
    }
}

/// Following every state of the library is a small part of checking it.
#[test]
fn exploring_the_library_is_quick() {
    let scenarios: Vec<_> = ["doctora", "i-dont-know", "you-forgot"]
        .iter()
        .map(|id| {
            load_file(Path::new(&format!("scenarios/{id}.ron")))
                .scenario
                .unwrap()
        })
        .collect();
    let start = Instant::now();
    for s in &scenarios {
        assert!(reach::explore(s).complete());
    }
    // Generous for a debug build on a busy machine; `cargo bench --bench
    // check` gives the real figure.
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
}
