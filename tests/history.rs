//! `attune history` as a trainee uses it: the sessions in a log folder,
//! newest first, in local time, with a damaged log named rather than hidden;
//! the same as JSON; and one session exported as a page for supervision
//! that holds everything it shows (no link to anything outside it).

#[allow(dead_code)]
#[path = "common/binary.rs"]
mod binary;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use attune::engine::Session;
use attune::log::SessionLog;
use binary::{attune, output, text};

/// Central European time, as a POSIX rule (no time zone database needed):
/// every time below is an hour (in summer two) ahead of the UTC in the logs.
const CET: &str = "CET-1CEST,M3.5.0,M10.5.0/3";

fn mini() -> Arc<attune::model::Scenario> {
    Arc::new(
        attune::load::load_file(Path::new("tests/fixtures/mini.ron"))
            .scenario
            .unwrap(),
    )
}

/// A session of the mini fixture, saved to `dir/name` as if begun at
/// `started` (UTC).
struct Saved<'a> {
    seed: u64,
    choices: &'a [&'a str],
    started: &'a str,
    trainee: Option<&'a str>,
    rating: Option<u8>,
    goal: Option<&'a str>,
}

fn save(dir: &Path, name: &str, s: Saved) -> PathBuf {
    let scenario = mini();
    let mut session = Session::new(Arc::clone(&scenario), s.seed);
    let mut log = SessionLog::start(&scenario, s.seed, s.goal.map(str::to_owned));
    for c in s.choices {
        session.choose(c, 1200).unwrap();
    }
    log.sync(&session);
    log.started = s.started.to_owned();
    log.updated = s.started.to_owned();
    for t in &mut log.turns {
        t.at = s.started.to_owned();
    }
    log.trainee = s.trainee.map(str::to_owned);
    log.difficulty_rating = s.rating;
    let path = dir.join(name);
    log.save(&path).unwrap();
    path
}

/// A folder with three sessions (one unfinished), a log cut short and a
/// log edited by hand.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let good = save(
        d,
        "mini-a.ron",
        Saved {
            seed: 4,
            choices: &["pause", "own-it", "stay"],
            started: "2026-11-20T09:00:00Z",
            trainee: Some("Ana Ruiz"),
            rating: Some(6),
            goal: Some("Staying with silence"),
        },
    );
    save(
        d,
        "mini-b.ron",
        Saved {
            seed: 1,
            choices: &["agenda", "reassure"],
            started: "2026-11-21T08:05:00Z",
            trainee: Some("Ana Ruiz"),
            rating: None,
            goal: None,
        },
    );
    save(
        d,
        "mini-c.ron",
        Saved {
            seed: 4,
            choices: &["pause"],
            started: "2026-11-22T17:30:00Z",
            trainee: None,
            rating: None,
            goal: None,
        },
    );
    let whole = std::fs::read_to_string(&good).unwrap();
    // Cut inside the second turn, at a place that does not depend on where
    // the checkout lives (the log records the scenario's path).
    let second_turn = whole.match_indices("option:").nth(1).expect(&whole).0;
    std::fs::write(
        d.join("cut-short.ron"),
        &whole[..second_turn + "option:".len()],
    )
    .unwrap();
    std::fs::write(d.join("edited.ron"), whole.replace("seed: 4,", "seed: 5,")).unwrap();
    // Not logs at all, and not listed: a lock file and a note.
    std::fs::write(d.join(".mini-c.ron.lock"), "12\n").unwrap();
    std::fs::write(d.join("notes.txt"), "bring to supervision").unwrap();
    dir
}

/// `attune history ARGS` run in `dir` on its own logs, in CET.
fn history(dir: &Path, args: &[&str]) -> Output {
    let mut c: Command = attune();
    c.current_dir(dir);
    c.env("TZ", CET);
    c.args(["history", "--log-dir", "."]);
    c.args(args);
    output(c, "")
}

#[test]
fn the_history_lists_sessions_newest_first_in_local_time_and_names_damaged_logs() {
    let dir = folder();
    let out = history(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    for line in shown.lines() {
        assert!(line.chars().count() <= 80, "over 80 columns: {line}");
    }
    // Newest first, in local time (17:30 UTC is 18:30 in CET).
    let c = shown.find("1.  2026-11-22 18:30 · Mini").expect(&shown);
    let b = shown.find("2.  2026-11-21 09:05 · Mini").expect(&shown);
    let a = shown.find("3.  2026-11-20 10:00 · Mini").expect(&shown);
    assert!(c < b && b < a, "{shown}");
    assert!(shown.contains("attune resume ./mini-c.ron"), "{shown}");
    assert!(shown.contains("cut-short.ron"), "{shown}");
    assert!(shown.contains("edited.ron"), "{shown}");
    assert!(!shown.contains("notes.txt") && !shown.contains(".lock"));
    insta::assert_snapshot!("history-listing", shown);
}

#[test]
fn the_history_as_json_has_every_session_and_every_damaged_file() {
    let dir = folder();
    let out = history(dir.path(), &["--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let sessions = v["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 3);
    let numbers: Vec<u64> = sessions
        .iter()
        .map(|s| s["number"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [1, 2, 3]);
    assert_eq!(sessions[0]["local"], "2026-11-22 18:30");
    assert_eq!(sessions[0]["started"], "2026-11-22T17:30:00Z");
    assert!(sessions[0]["ending"].is_null());
    assert_eq!(sessions[2]["ending"]["kind"], "repaired");
    assert_eq!(sessions[2]["rating"], 6);
    assert_eq!(sessions[2]["trainee"], "Ana Ruiz");
    assert!(sessions[2]["attunement"].as_f64().unwrap() >= 1.0);
    let damaged: Vec<&str> = v["damaged"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(damaged, ["./cut-short.ron", "./edited.ron"]);
    assert_eq!(v["damaged"][1]["code"], "log-edited");
}

#[test]
fn an_empty_folder_says_how_to_begin_and_a_missing_one_given_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = history(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0));
    let said = text(&out.stdout);
    assert!(
        said.starts_with("No sessions are saved in . yet."),
        "{said}"
    );
    assert!(said.contains("attune play ID"), "{said}");
    // A folder named that is not there is probably a typing slip.
    let mut c = attune();
    c.args(["history", "--log-dir", "no-such-folder"]);
    let out = output(c, "");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no-such-folder"));
    // The default folder before the first session is just empty.
    let mut c = attune();
    c.env("ATTUNE_LOG_DIR", dir.path().join("not-yet"));
    c.arg("history");
    let out = output(c, "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("No sessions are saved in "));
}

#[test]
fn an_exported_debrief_is_one_page_with_everything_it_shows() {
    let dir = folder();
    let out = history(
        dir.path(),
        &["--export", "3", "--out", "for-supervision.html"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("for-supervision.html"));
    let page = std::fs::read_to_string(dir.path().join("for-supervision.html")).unwrap();
    for part in [
        "<!DOCTYPE html>",
        "<h1>Mini</h1>",
        "played by Ana Ruiz",
        "2026-11-20 at 10:00 CET",
        "Back in touch",
        "You came in wanting help with: Staying with silence",
        "Attunement and ownership, turn by turn",
        "the client showed a rupture marker at this turn",
        "What stood out",
        "You chose: ",
        "Roads not taken",
        "6 out of 10",
        "0 = easy, 10 = very hard",
        "@media print",
    ] {
        assert!(page.contains(part), "the page has no {part:?}");
    }
    // Self-contained: nothing is fetched, nothing runs.
    for outside in ["http://", "https://", "<script", "<link", " src=", "url("] {
        assert!(!page.contains(outside), "the page has {outside:?}");
    }
    // Every turn is there.
    assert_eq!(page.matches("class=\"turn").count(), 3);
}

#[test]
fn export_by_path_writes_beside_the_log_and_bad_choices_are_refused() {
    let dir = folder();
    let out = history(dir.path(), &["--export", "mini-b.ron"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let page = std::fs::read_to_string(dir.path().join("mini-b.html")).unwrap();
    assert!(page.contains("Still far apart"));
    assert!(page.contains("How hard it felt: not rated."));
    let out = history(dir.path(), &["--export", "9"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("there is no session 9: the sessions are numbered 1 to 3"),
        "{}",
        text(&out.stderr)
    );
    let out = history(dir.path(), &["--export", "edited.ron"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("edited.ron") && !err.contains("panicked"),
        "{err}"
    );
}

#[test]
fn replay_says_when_in_local_time() {
    let dir = folder();
    let mut c = attune();
    c.current_dir(dir.path());
    c.env("TZ", CET);
    c.args(["replay", "mini-a.ron"]);
    let out = output(c, "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert_eq!(
        shown.lines().last().unwrap(),
        "Played on 2026-11-20 at 10:00 CET. How hard it felt: 6/10."
    );
}

#[test]
fn the_help_page_says_what_history_shows_and_its_exit_codes() {
    let mut c = attune();
    c.args(["history", "--help"]);
    let out = output(c, "");
    assert_eq!(out.status.code(), Some(0));
    let page = text(&out.stdout);
    for line in page.lines() {
        assert!(line.chars().count() <= 80, "over 80 columns: {line}");
    }
    insta::assert_snapshot!("help-history", page);
}
