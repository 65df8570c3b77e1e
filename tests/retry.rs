//! `attune retry`: go back to a turn of a saved session and choose again.
//! The turns before it are replayed through the engine (the same seed, so
//! the same client), the new session is saved as a log of its own that
//! says where it branched from, and the original log is never changed.

#[allow(dead_code)]
#[path = "common/binary.rs"]
mod binary;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use attune::log::{BranchedFrom, SessionLog};
use binary::{MINI, attune, output, run, text, transcript};

/// `mini` with seed 4 saved in `dir/s.ron`. Options at turn 1: 1 Wait,
/// 2 Notice the change, 3 Move to the worksheet; at turn 2: 1 Press, 2 Own
/// the last session, 3 Reassure; at turn 3: 1 Explain why, 2 Stay with it.
fn played(dir: &Path, answers: &str) -> PathBuf {
    let (log, out) = binary::played_mini(dir, answers, &[]);
    assert!(out.status.code().is_some(), "{}", text(&out.stderr));
    log
}

fn retry(log: &Path, more: &[&str], stdin: &str) -> Output {
    let mut args = vec!["retry", log.to_str().unwrap(), "--scenario", MINI];
    args.extend(more);
    run(&args, stdin)
}

/// The transcript up to the end of the options of turn `n`: what both
/// sessions printed before the trainee chose at turn `n`. The lines in
/// parentheses under the header (a session's practice notes) are left out.
fn up_to_the_choice(shown: &str, n: usize) -> String {
    let from = shown.find(&format!("-- Turn {n} --")).unwrap();
    let end = from + shown[from..].find("\nYou: ").unwrap();
    let header_end = shown.find("-- Turn 1 --").unwrap();
    let header: String = shown[..header_end]
        .split("\n\n")
        .filter(|para| !para.starts_with('('))
        .collect::<Vec<_>>()
        .join("\n\n");
    format!("{header}{}", &shown[header_end..end])
}

#[test]
fn another_road_from_turn_2_replays_turn_1_and_chooses_again() {
    let dir = tempfile::tempdir().unwrap();
    // The worksheet, then Press: the session ends far apart.
    let log = played(dir.path(), "note: b\n3\n1\nrating: 7\n");
    let original_bytes = fs::read(&log).unwrap();
    let original = SessionLog::load(&log).unwrap();
    let first = text(&run(&["replay", log.to_str().unwrap(), "--scenario", MINI], "").stdout);

    // Back to turn 2: own the last session, then stay with it.
    let out = retry(&log, &["--turn", "2"], "2\n2\nrating: 3\n");
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let shown = text(&out.stdout);
    assert!(shown.lines().all(|l| l.chars().count() <= 80), "{shown}");
    insta::assert_snapshot!("retry-from-turn-2", shown);

    // The same transcript up to the choice at turn 2, then another road.
    assert_eq!(up_to_the_choice(&shown, 2), up_to_the_choice(&first, 2));
    assert!(first.contains("You: \u{201c}We really need to talk about this.\u{201d}"));
    assert!(shown.contains("You: \u{201c}I think I pushed hard last week"));
    assert!(shown.contains("== Session ended: Back in touch (repaired) =="));

    // The original log is untouched, to the byte.
    assert_eq!(fs::read(&log).unwrap(), original_bytes);

    // The new log is saved beside it and says where it came from.
    let new = dir.path().join("s-from-turn-2.ron");
    assert!(
        err.contains(&format!("Session log: {}", new.display())),
        "{err}"
    );
    let branched = SessionLog::load(&new).unwrap();
    assert_eq!(
        branched.branched_from,
        Some(BranchedFrom {
            log: "s.ron".into(),
            turn: 2
        })
    );
    assert_eq!(branched.seed, original.seed);
    assert_eq!(
        branched.turns[0], original.turns[0],
        "turn 1 as it was played"
    );
    let options: Vec<&str> = branched.turns.iter().map(|t| t.option.as_str()).collect();
    assert_eq!(options, ["agenda", "own-it", "stay"]);
    assert_eq!(branched.difficulty_rating, Some(3));
    assert!(branched.is_finished());

    // Its replay prints what the new session printed, note included.
    let replayed = run(&["replay", new.to_str().unwrap(), "--scenario", MINI], "");
    assert_eq!(
        replayed.status.code(),
        Some(0),
        "{}",
        text(&replayed.stderr)
    );
    let replayed = text(&replayed.stdout);
    assert_eq!(transcript(&replayed), shown);
    assert!(replayed.contains("(Another road from s.ron: turn 1 as it was played there"));
}

#[test]
fn the_debrief_ends_with_the_way_back_and_a_second_retry_gets_its_own_log() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("s.ron");
    let out = run(
        &["play", MINI, "--seed", "4", "--log", log.to_str().unwrap()],
        "3\n1\n",
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let hint = format!("  attune retry {} --turn N\n", log.display());
    assert!(err.ends_with(&hint), "{err}");
    assert!(err.contains("any turn from 1 to 2"), "{err}");
    for expected in ["s-from-turn-1.ron", "s-from-turn-1-2.ron"] {
        let out = retry(&log, &["--turn", "1"], "1\n2\n");
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert!(dir.path().join(expected).is_file(), "{expected}");
    }
}

#[test]
fn a_turn_the_session_does_not_have_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let log = played(dir.path(), "3\n1\n");
    let before = fs::read(&log).unwrap();
    for (turn, said) in [
        (
            "3",
            "there is no turn 3 in this session: it has turns 1 to 2",
        ),
        ("9", "there is no turn 9 in this session"),
    ] {
        let out = retry(&log, &["--turn", turn], "");
        assert_eq!(out.status.code(), Some(1), "{turn}");
        let err = text(&out.stderr);
        assert!(err.contains(said), "{err}");
    }
    let out = retry(&log, &["--turn", "0"], "");
    assert_eq!(out.status.code(), Some(2), "a usage error");
    assert_eq!(fs::read(&log).unwrap(), before);
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["s.ron"], "nothing else was written");
}

#[test]
fn the_original_is_never_the_new_log() {
    let dir = tempfile::tempdir().unwrap();
    let log = played(dir.path(), "3\n1\n");
    let before = fs::read(&log).unwrap();
    // Named directly, by another path to it, and through a symbolic link.
    let link = dir.path().join("link.ron");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&log, &link).unwrap();
    let roundabout = dir.path().join(".").join("s.ron");
    let mut targets = vec![log.clone(), roundabout];
    if cfg!(unix) {
        targets.push(link);
    }
    for target in targets {
        let out = retry(
            &log,
            &["--turn", "1", "--log", target.to_str().unwrap()],
            "",
        );
        assert_eq!(out.status.code(), Some(1), "{}", target.display());
        let err = text(&out.stderr);
        assert!(err.contains("`attune retry` never changes"), "{err}");
    }
    assert_eq!(fs::read(&log).unwrap(), before);
}

#[test]
fn an_unfinished_session_can_be_retried_from_a_turn_it_played() {
    let dir = tempfile::tempdir().unwrap();
    let log = played(dir.path(), "3\n");
    let out = retry(&log, &["--turn", "2"], "");
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("it has only turn 1"), "{err}");
    assert!(
        err.contains("hint: to carry on where it stopped: attune resume"),
        "{err}"
    );
    // From turn 1 it plays on a log of its own.
    let out = retry(&log, &["--turn", "1"], "2\n");
    assert_eq!(out.status.code(), Some(1), "the input ended first");
    let new = SessionLog::load(&dir.path().join("s-from-turn-1.ron")).unwrap();
    assert_eq!(new.turns.len(), 1);
    assert_eq!(new.turns[0].option, "notice");
    assert!(text(&out.stderr).contains("attune resume"));
}

#[test]
fn say_first_carries_over_and_can_be_turned_on() {
    let dir = tempfile::tempdir().unwrap();
    let (log, out) = binary::played_mini(
        dir.path(),
        "Let us look at the worksheet\n3\n\n1\n",
        &["--say-first"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = retry(&log, &["--turn", "2"], "I pushed you last week\n2\n\n2\n");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let new = SessionLog::load(&dir.path().join("s-from-turn-2.ron")).unwrap();
    assert!(new.say_first);
    let words: Vec<Option<&str>> = new.turns.iter().map(|t| t.own_words.as_deref()).collect();
    assert_eq!(
        words,
        [
            Some("Let us look at the worksheet"),
            Some("I pushed you last week"),
            None
        ]
    );
    // A session played without it, retried with it.
    let plain = played(dir.path(), "3\n1\n");
    let out = retry(
        &plain,
        &[
            "--turn",
            "2",
            "--say-first",
            "--log-dir",
            dir.path().join("more").to_str().unwrap(),
        ],
        "Tell me more\n2\n",
    );
    assert_eq!(out.status.code(), Some(1), "the input ended first");
    let new = SessionLog::load(&dir.path().join("more").join("s-from-turn-2.ron")).unwrap();
    assert!(new.say_first);
    assert_eq!(new.turns[1].own_words.as_deref(), Some("Tell me more"));
}

/// The page for supervision (`attune history --export`) shows the words
/// typed first beside the option chosen, and where another road began.
#[test]
fn the_page_for_supervision_shows_own_words_and_where_the_road_began() {
    let dir = tempfile::tempdir().unwrap();
    let (log, out) = binary::played_mini(
        dir.path(),
        "Shall we do the worksheet?\n3\n\n1\n",
        &["--say-first"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = retry(
        &log,
        &["--turn", "2"],
        "I <b>pushed</b> you last week\n2\n\n2\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let mut c = attune();
    c.current_dir(dir.path()).args([
        "history",
        "--log-dir",
        ".",
        "--export",
        "s-from-turn-2.ron",
        "--out",
        "page.html",
    ]);
    let out = output(c, "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let page = fs::read_to_string(dir.path().join("page.html")).unwrap();
    for part in [
        "In your own words: \u{201c}Shall we do the worksheet?\u{201d}",
        "In your own words: \u{201c}I &lt;b&gt;pushed&lt;/b&gt; you last week\u{201d}",
        "Said first: at every turn",
        "Another road from <code>s.ron</code>: its turns before turn 2 as they were played",
        "words typed first are the trainee's own words",
    ] {
        assert!(page.contains(part), "the page has no {part:?}");
    }
}
