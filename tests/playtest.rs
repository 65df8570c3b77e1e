//! Play-testing aids for authors: `attune play --choices`, `--debug` and
//! `--from`, driven through the binary, and the engine calls behind them.

#[allow(dead_code)]
#[path = "common/binary.rs"]
mod binary;

use std::path::Path;
use std::process::Output;
use std::sync::Arc;

use attune::engine::Session;
use attune::load::load_file;
use attune::model::{Next, Node};
use binary::{attune, output, text};

const MINI: &str = "tests/fixtures/mini.ron";

fn run(args: &[&str], stdin: &str, log_dir: &Path) -> Output {
    let mut c = attune();
    c.env("ATTUNE_LOG_DIR", log_dir).args(args);
    output(c, stdin)
}

/// `attune play MINI ARGS...` with its log in a fresh folder; the output,
/// and the folder.
fn play(args: &[&str], stdin: &str) -> (Output, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec!["play", MINI];
    all.extend_from_slice(args);
    (run(&all, stdin, dir.path()), dir)
}

fn logs_in(dir: &Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |d| d.count())
}

#[test]
fn choices_play_a_path_to_its_ending_without_reading_input() {
    // Input that would choose differently, and a rating, are both ignored.
    let (out, dir) = play(
        &["--seed", "1", "--choices", "agenda,reassure"],
        "own-it\nrating: 3\n",
    );
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        stdout.contains("== Session ended: Still far apart (unresolved) =="),
        "{stdout}"
    );
    assert!(stdout.contains("== Debrief =="), "{stdout}");
    assert!(text(&out.stderr).contains("Saved to"));
    // The log is saved as usual, with both turns and no rating, and
    // replays to the `flat-end` ending.
    assert_eq!(logs_in(dir.path()), 1);
    let log = std::fs::read_dir(dir.path())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let saved = std::fs::read_to_string(&log).unwrap();
    assert!(saved.contains("option: \"agenda\""), "{saved}");
    assert!(saved.contains("option: \"reassure\""), "{saved}");
    assert!(saved.contains("difficulty_rating: None"), "{saved}");
    let replay = run(&["replay", log.to_str().unwrap()], "", dir.path());
    assert_eq!(replay.status.code(), Some(0));
    assert!(text(&replay.stdout).contains("Still far apart (unresolved)"));
}

#[test]
fn a_choice_not_offered_names_the_turn_and_the_offered_ids() {
    let (out, dir) = play(&["--seed", "1", "--choices", "agenda,stay,own-it"], "");
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("error: `stay` is not offered at turn 2 (`shrug`); offered: "),
        "{stderr}"
    );
    let offered = stderr
        .lines()
        .find_map(|l| l.split("offered: ").nth(1))
        .unwrap();
    let mut ids: Vec<&str> = offered.split(", ").collect();
    ids.sort_unstable();
    assert_eq!(ids, ["own-it", "press", "reassure"]);
    // The turn played before the error is in the saved log.
    assert!(stderr.contains("Your 1 turn is saved in"), "{stderr}");
    assert_eq!(logs_in(dir.path()), 1);
}

#[test]
fn choices_that_run_out_say_where_the_session_goes_on() {
    let (out, _dir) = play(&["--seed", "1", "--choices", "agenda"], "reassure\n");
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("the session goes on at turn 2 (`shrug`); offered: "),
        "{stderr}"
    );
    assert!(!text(&out.stdout).contains("== Debrief =="));
}

#[test]
fn a_choice_from_the_command_line_is_shown_safely() {
    let (out, _dir) = play(&["--seed", "1", "--choices", "agenda,\u{1b}[2J"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(!text(&out.stderr).contains('\u{1b}'));
}

#[test]
fn debug_shows_the_state_conditions_and_branch_draws() {
    let (out, _dir) = play(
        &["--seed", "1", "--choices", "agenda,reassure", "--debug"],
        "",
    );
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("[debug] turn 1 at `quiet`, state: alliance = 5, tension = 3"),
        "{stdout}"
    );
    // `agenda` raises tension to 5, so `press` is offered at `shrug`.
    assert!(
        stdout.contains("[debug] option press: tension >= 5: true (offered)"),
        "{stdout}"
    );
    // Without `agenda`, it is not.
    let (out, _dir) = play(
        &[
            "--seed",
            "1",
            "--from",
            "shrug",
            "--choices",
            "reassure",
            "--debug",
        ],
        "",
    );
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("[debug] option press: tension >= 5: false (not offered)"),
        "{stdout}"
    );
    assert!(!stdout.contains("  3. "), "press is not shown:\n{stdout}");
    // A branch lists its alternatives and marks the one drawn, which is
    // where the session went.
    for seed in ["1", "2"] {
        let (out, _dir) = play(&["--seed", seed, "--choices", "notice", "--debug"], "");
        let stdout = text(&out.stdout);
        assert!(
            stdout.contains("[debug] branch after `notice`:"),
            "{stdout}"
        );
        let drawn: Vec<&str> = stdout.lines().filter(|l| l.ends_with("<- drawn")).collect();
        assert_eq!(drawn.len(), 1, "{stdout}");
        let to = if drawn[0].contains("opens (weight 1)") {
            "Last week felt like a lot."
        } else {
            assert!(drawn[0].contains("shrug (weight 1)"), "{stdout}");
            "I don't know. Whatever you think."
        };
        let turn2 = stdout.split("-- Turn 2 --").nth(1).unwrap();
        assert!(turn2.contains(to), "{stdout}");
    }
    // Without --debug, none of this is shown.
    let (out, _dir) = play(&["--seed", "1", "--choices", "notice"], "");
    assert!(!text(&out.stdout).contains("[debug]"));
}

#[test]
fn debug_transcript_of_a_scripted_path() {
    let (out, _dir) = play(
        &["--seed", "1", "--choices", "agenda,reassure", "--debug"],
        "",
    );
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("playtest-debug-agenda-reassure", text(&out.stdout));
}

#[test]
fn from_starts_at_the_node_and_keeps_no_log() {
    let (out, dir) = play(&["--seed", "1", "--from", "opens"], "stay\n");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let turn1 = stdout.split("-- Turn 1 --").nth(1).unwrap();
    assert!(
        turn1
            .trim_start()
            .starts_with("Sam: \u{201c}Last week felt like a lot."),
        "{stdout}"
    );
    assert!(!stdout.contains("Fine. Nothing to report."));
    assert!(stdout.contains("Back in touch (repaired)"));
    assert!(text(&out.stderr).contains("not saved"));
    assert_eq!(logs_in(dir.path()), 0, "no log is written with --from");
}

#[test]
fn from_an_unknown_node_suggests_one() {
    let (out, dir) = play(&["--from", "opns"], "");
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("error: scenario `mini` has no node `opns`"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `opens`?"), "{stderr}");
    assert!(out.stdout.is_empty());
    assert_eq!(logs_in(dir.path()), 0);
}

#[test]
fn from_does_not_go_with_a_log() {
    let (out, _dir) = play(&["--from", "opens", "--log", "x.ron"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot be used with"));
}

fn mini() -> Arc<attune::model::Scenario> {
    Arc::new(load_file(Path::new(MINI)).scenario.unwrap())
}

#[test]
fn starting_at_the_start_is_a_new_session() {
    let s = mini();
    for seed in 0..20 {
        let mut a = Session::new(Arc::clone(&s), seed);
        let mut b = Session::starting_at(Arc::clone(&s), seed, s.start);
        for option in ["notice", "stay", "own-it", "explain"] {
            let ea: Vec<_> = std::iter::from_fn(|| a.poll()).collect();
            let eb: Vec<_> = std::iter::from_fn(|| b.poll()).collect();
            assert_eq!(ea, eb);
            assert_eq!(a.choose(option, 0).cloned(), b.choose(option, 0).cloned());
        }
        assert_eq!(a.turns(), b.turns());
    }
}

#[test]
fn last_draw_names_the_alternative_the_session_went_to() {
    let s = mini();
    let Node::Turn(quiet) = s.node(s.start) else {
        panic!("mini starts at a turn");
    };
    let notice = quiet.options.iter().find(|c| c.id == "notice").unwrap();
    let Next::Branch(alts) = &notice.next else {
        panic!("`notice` branches");
    };
    let mut seen = [false; 2];
    for seed in 0..40 {
        let mut session = Session::new(Arc::clone(&s), seed);
        assert_eq!(session.last_draw(), None);
        session.choose("notice", 0).unwrap();
        let i = session.last_draw().unwrap();
        seen[i] = true;
        assert_eq!(alts[i].to, session.turns()[0].reaction, "seed {seed}");
        let Some(next) = ["stay", "own-it"]
            .into_iter()
            .find(|o| session.offered().iter().any(|x| x.id == *o))
        else {
            panic!("seed {seed}: nothing to choose")
        };
        session.choose(next, 0).unwrap();
        assert_eq!(session.last_draw(), None, "a plain `next` draws nothing");
    }
    assert_eq!(seen, [true, true], "both alternatives are drawn sometimes");
}
