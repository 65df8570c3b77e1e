//! Say-first practice in the terminal: the trainee's own words come before
//! the options, are kept in the log, come back in the debrief and in
//! `attune replay`, and a resumed session keeps the mode. Logs without them
//! are written and replayed as before.

#[allow(dead_code)]
#[path = "common/binary.rs"]
mod binary;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use attune::log::SessionLog;
use binary::{MINI, flat, run, text, transcript};

/// `mini` with seed 4 (options at turn 1: 1 Wait, 2 Notice the change,
/// 3 Move to the worksheet; at turn 2: 1 Press, 2 Own the last session,
/// 3 Reassure), say-first, saved in `dir`.
fn play(dir: &Path, stdin: &str) -> (PathBuf, Output) {
    binary::played_mini(dir, stdin, &["--say-first"])
}

fn replay(log: &Path) -> Output {
    run(&["replay", log.to_str().unwrap(), "--scenario", MINI], "")
}

const WORDS: &str = "It sounds like something shifted between us since last week, and I would like to understand it";

#[test]
fn own_words_come_first_are_logged_and_come_back_in_the_debrief_and_replay() {
    let dir = tempfile::tempdir().unwrap();
    // Turn 1: own words, then the worksheet; turn 2: an empty line skips
    // to the options, then "Press"; then a rating.
    let (log, out) = play(dir.path(), &format!("{WORDS}\n3\n\n1\nrating: 4\n"));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(
        shown.lines().all(|l| l.chars().count() <= 80),
        "wider than 80 columns:\n{shown}"
    );
    // The words come before the options of their turn, and are quoted.
    let said = shown.find("You would say: \u{201c}It sounds like").unwrap();
    let first_option = shown.find("  1. Wait [silence]").unwrap();
    let turn_two = shown.find("-- Turn 2 --").unwrap();
    assert!(said < first_option && first_option < turn_two, "{shown}");
    // Skipped at turn 2: nothing is said there.
    assert_eq!(shown.matches("You would say:").count(), 1, "{shown}");
    assert!(flat(&shown).contains(&format!("In your own words: \u{201c}{WORDS}\u{201d}")));
    insta::assert_snapshot!("say-first-play", shown);

    let saved = SessionLog::load(&log).unwrap();
    assert!(saved.say_first);
    assert_eq!(saved.turns[0].own_words.as_deref(), Some(WORDS));
    assert_eq!(saved.turns[0].option, "agenda");
    assert_eq!(saved.turns[1].own_words, None);
    assert_eq!(saved.turns[1].option, "press");
    assert_eq!(saved.difficulty_rating, Some(4));

    // The replay prints what the session printed.
    let again = replay(&log);
    assert_eq!(again.status.code(), Some(0), "{}", text(&again.stderr));
    assert_eq!(transcript(&text(&again.stdout)), shown);
}

#[test]
fn check_in_notes_and_own_words_share_a_turn() {
    let dir = tempfile::tempdir().unwrap();
    // From a pipe, a `note:` line before the words answers the check-in.
    let (log, out) = play(dir.path(), "note: a\nYou seem far away today\n2\n");
    assert_eq!(out.status.code(), Some(1), "the input ended first");
    let saved = SessionLog::load(&log).unwrap();
    assert_eq!(
        saved.turns[0].inner_note.as_deref(),
        Some("An urge to fill the gap")
    );
    assert_eq!(
        saved.turns[0].own_words.as_deref(),
        Some("You seem far away today")
    );
    assert_eq!(saved.turns[0].option, "notice");
}

#[test]
fn a_resumed_session_keeps_the_mode_of_its_log() {
    let dir = tempfile::tempdir().unwrap();
    let (log, out) = play(dir.path(), "Shall we look at the log?\n3\n");
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("attune resume"), "{err}");
    // `resume` is not told: the log says the session is played say-first.
    let resumed = run(
        &["resume", log.to_str().unwrap(), "--scenario", MINI],
        "I think I pushed you last week\n2\n\n2\n",
    );
    assert_eq!(resumed.status.code(), Some(0), "{}", text(&resumed.stderr));
    let saved = SessionLog::load(&log).unwrap();
    let words: Vec<Option<&str>> = saved.turns.iter().map(|t| t.own_words.as_deref()).collect();
    assert_eq!(
        words,
        [
            Some("Shall we look at the log?"),
            Some("I think I pushed you last week"),
            None
        ]
    );
    assert!(saved.is_finished());
    let shown = text(&resumed.stdout);
    assert_eq!(shown.matches("You would say:").count(), 2, "{shown}");
}

#[test]
fn q_at_the_words_pauses() {
    let dir = tempfile::tempdir().unwrap();
    let (log, out) = play(dir.path(), "q\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("Paused."),
        "{}",
        text(&out.stderr)
    );
    let saved = SessionLog::load(&log).unwrap();
    assert!(saved.turns.is_empty());
    assert!(saved.say_first);
}

/// Logs of sessions played without say-first hold none of its fields, so
/// they read exactly as before; logs written before it (the stored format 1
/// and 2 logs, and a format 3 log) replay with nothing of it shown.
#[test]
fn logs_without_it_are_written_and_replayed_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("plain.ron");
    let out = run(
        &["play", MINI, "--seed", "4", "--log", log.to_str().unwrap()],
        "3\n1\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = fs::read_to_string(&log).unwrap();
    for field in ["say_first", "own_words", "branched_from"] {
        assert!(!written.contains(field), "{field} in\n{written}");
    }
    for format in [1, 2] {
        let old = PathBuf::from(format!("tests/fixtures/logs/mini-format-{format}.ron"));
        let replayed = replay(&old);
        assert_eq!(
            replayed.status.code(),
            Some(0),
            "{}",
            text(&replayed.stderr)
        );
        let shown = text(&replayed.stdout);
        assert!(!shown.contains("You would say"), "{shown}");
        assert!(!shown.contains("In your own words"), "{shown}");
        assert!(!shown.contains("Say it first"), "{shown}");
    }
}

#[test]
fn words_too_long_for_the_log_are_not_kept_and_the_session_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let huge = "x".repeat(attune::load::MAX_FILE_BYTES as usize);
    let (log, out) = play(dir.path(), &format!("{huge}\n3\n"));
    let err = text(&out.stderr);
    assert!(err.contains("Your words were not kept"), "{err}");
    let saved = SessionLog::load(&log).unwrap();
    assert_eq!(saved.turns.len(), 1);
    assert_eq!(saved.turns[0].own_words, None);
    assert!(!text(&out.stdout).contains("You would say"));
}
