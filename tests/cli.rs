//! The command line as a user drives it: `check`, `list`, `play` from a
//! pipe, `replay` and `resume`, with their exit codes; help and usage
//! errors as the user reads them.

#[allow(dead_code)]
#[path = "common/binary.rs"]
mod binary;

use std::path::{Path, PathBuf};
use std::process::Output;

use binary::{attune, output, text, transcript};

fn run(args: &[&str], stdin: &str) -> Output {
    let mut c = attune();
    c.args(args);
    output(c, stdin)
}

fn fixture(name: &str) -> String {
    format!("tests/fixtures/{name}")
}

#[test]
fn check_passes_the_shipped_library() {
    let out = run(&["check", "scenarios"], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(
        text(&out.stdout).contains(" 0 errors, 0 warnings"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn check_reports_every_bad_file_with_a_location_and_never_panics() {
    let out = run(&["check", "tests/fixtures/bad"], "");
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(!text(&out.stderr).contains("panicked"));
    for entry in std::fs::read_dir("tests/fixtures/bad").unwrap() {
        let path = entry.unwrap().path();
        let shown = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap_or(&path);
        let name = format!(
            "tests/fixtures/bad/{}",
            shown.file_name().unwrap().to_string_lossy()
        );
        assert!(
            stdout.contains(&format!("--> {name}")),
            "no diagnostic for {name}:\n{stdout}"
        );
        // Every file whose problem has a place is reported with path:line:col.
        if !name.ends_with("empty.ron") {
            assert!(
                stdout.contains(&format!("--> {name}:")),
                "no line:col for {name}"
            );
        }
    }
}

/// No byte that could drive a terminal reaches it from `check`, in text or
/// JSON, however the file is written; the unsafe text itself is flagged.
#[test]
fn check_never_echoes_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let mini = std::fs::read_to_string("tests/fixtures/mini.ron").unwrap();
    let nasty = mini
        .replacen("Fine. Nothing", "Fine.\u{1b}]52;c;aGk=\u{7} Nothing", 1)
        .replacen("title: \"Mini\"", "title: \"Mini\u{202e}\u{9b}31m\"", 1)
        .replacen("A shrug.", "A \u{1b}[2J shrug.", 1)
        // A raw escape byte in the source and an error beside it.
        .replacen("Looks up briefly.", "Looks \u{1b}[31mup", 1)
        .replacen("attunement: 4,", "atunement: 4, \u{1b}[0m", 1);
    let path = dir.path().join("nasty.ron");
    std::fs::write(&path, nasty).unwrap();
    let path = path.to_str().unwrap();
    for args in [vec!["check", path], vec!["check", "--format", "json", path]] {
        let out = run(&args, "");
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
        for stream in [&out.stdout, &out.stderr] {
            let shown = text(stream);
            let bad: Vec<char> = shown
                .chars()
                .filter(|&c| attune::diag::is_unsafe_char(c))
                .collect();
            assert!(bad.is_empty(), "{bad:?} in {shown}");
        }
        let shown = text(&out.stdout);
        assert!(shown.contains("unsafe-text"), "{shown}");
        assert!(shown.contains("U+001B"), "{shown}");
    }
}

#[test]
fn check_json_is_machine_readable() {
    let out = run(
        &[
            "check",
            "--format",
            "json",
            &fixture("bad/unknown-node.ron"),
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &v[0];
    assert_eq!(first["code"], "unknown-node");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["location"]["line"], 126);
    assert_eq!(first["hint"], "did you mean `good-end`?");
}

#[test]
fn check_of_a_missing_path_is_an_error_not_a_panic() {
    let out = run(&["check", "no/such/place.ron"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("no such file or directory"));
}

#[test]
fn check_of_a_folder_without_scenarios_says_so_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a scenario").unwrap();
    let shown = dir.path().display().to_string();
    let expected = format!("error: no scenario files (`.ron`) in {shown}\n");
    let out = run(&["check", &shown], "");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stderr), expected);
    assert_eq!(text(&out.stdout), "");
    // The same for the library, and with JSON output, which stays valid.
    let out = run(&["--scenarios", &shown, "check", "--format", "json"], "");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stderr), expected);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v, serde_json::json!([]));
}

#[test]
fn usage_errors_exit_with_2() {
    for args in [
        &["frobnicate"][..],
        &["check", "-x"],
        &["check", "--format", "xml"],
        &["list", "extra"],
        &["play"],
        &["play", "x", "--seed", "banana"],
        &["play", "x", "--seed", "-1"],
        &["play", "x", "--log", "a", "--log-dir", "b"],
        &["resume", "f", "--log", "g"],
        &["app", "--screen", "session", "--screenshot", "x.png"],
        &["app", "--screen", "picker"],
        &["app", "--choices", "0", "--scenario", "x"],
        &["app", "--choices", "1,2"],
        &["--scenarios"],
        &["replay"],
        &["resume"],
        &["play", "x", "--from", "a", "--log", "b"],
        &["sim", "x", "--runs", "0"],
        &["sim", "x", "--policy", "greedy"],
        &["new", "Bad_Id"],
        &["graph", "x", "--format", "svg"],
        // Found wrong only once the scenario is loaded, and still a usage error.
        &[
            "graph",
            "tests/fixtures/mini.ron",
            "--into",
            "quiet",
            "--format",
            "dot",
        ],
    ] {
        let out = run(args, "");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out.stderr).starts_with("error: "), "{args:?}");
        assert_eq!(text(&out.stdout), "", "{args:?}");
    }
}

#[test]
fn help_and_version_go_to_stdout_and_exit_0() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["help"],
        &["help", "play"],
        &["play", "--help"],
        &["resume", "-h"],
    ] {
        let out = run(args, "");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(text(&out.stdout).contains("Usage: attune"), "{args:?}");
        assert_eq!(text(&out.stderr), "", "{args:?}");
    }
    for args in [&["--version"][..], &["-V"]] {
        let out = run(args, "");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert_eq!(
            text(&out.stdout),
            format!("attune {}\n", env!("CARGO_PKG_VERSION"))
        );
    }
}

/// Standard output of a command that succeeds.
fn help(args: &[&str]) -> String {
    let out = run(args, "");
    assert_eq!(out.status.code(), Some(0), "{args:?}");
    text(&out.stdout)
}

/// Standard error of a usage error.
fn usage_error(args: &[&str]) -> String {
    let out = run(args, "");
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    text(&out.stderr)
}

#[test]
fn help_pages() {
    insta::assert_snapshot!("help", help(&["--help"]));
    insta::assert_snapshot!("help-check", help(&["check", "--help"]));
    insta::assert_snapshot!("help-play", help(&["play", "--help"]));
    // `-h` and `help COMMAND` show the same pages.
    assert_eq!(help(&["-h"]), help(&["--help"]));
    assert_eq!(help(&["help", "play"]), help(&["play", "-h"]));
}

#[test]
fn usage_error_messages() {
    insta::assert_snapshot!("usage-unknown-command", usage_error(&["frobnicate"]));
    insta::assert_snapshot!(
        "usage-log-conflict",
        usage_error(&["play", "x", "--log", "a", "--log-dir", "b"])
    );
    insta::assert_snapshot!(
        "usage-screen-needs-scenario",
        usage_error(&["app", "--screen", "session", "--screenshot", "x.png"])
    );
}

fn play(args: &[&str], answers: &str) -> (Output, PathBuf) {
    let dir = tempfile::tempdir().unwrap().keep();
    let log = dir.join("session.ron");
    let mut all = vec!["play"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--log", log.to_str().unwrap()]);
    (run(&all, answers), log)
}

#[test]
fn piped_play_is_deterministic_and_replays_to_the_same_transcript() {
    let mini = fixture("mini.ron");
    let (a, log_a) = play(&[&mini, "--seed", "11"], "note: b\n3\n1\n1\n");
    let (b, _) = play(&[&mini, "--seed", "11"], "note: b\n3\n1\n1\n");
    assert_eq!(a.status.code(), Some(0), "{}", text(&a.stderr));
    assert_eq!(text(&a.stdout), text(&b.stdout));
    assert!(text(&a.stdout).contains("== Debrief =="));
    let replay = run(&["replay", log_a.to_str().unwrap()], "");
    assert_eq!(replay.status.code(), Some(0), "{}", text(&replay.stderr));
    assert_eq!(transcript(&text(&replay.stdout)), text(&a.stdout));
}

#[test]
fn replay_names_an_option_that_was_renamed() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("mini.ron");
    std::fs::copy(fixture("mini.ron"), &scenario).unwrap();
    let log = dir.path().join("log.ron");
    let out = run(
        &[
            "play",
            scenario.to_str().unwrap(),
            "--seed",
            "2",
            "--log",
            log.to_str().unwrap(),
        ],
        "agenda\nreassure\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let edited = std::fs::read_to_string(&scenario)
        .unwrap()
        .replace("id: \"reassure\"", "id: \"soothe\"");
    std::fs::write(&scenario, edited).unwrap();
    let out = run(&["replay", log.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("option `reassure` is no longer offered"),
        "{err}"
    );
    assert!(err.contains("turn 2"), "{err}");
}

#[test]
fn input_ending_early_saves_the_log_and_resume_finishes_it_identically() {
    let mini = fixture("mini.ron");
    // Uninterrupted.
    let (full, full_log) = play(&[&mini, "--seed", "4"], "pause\nown-it\nstay\n");
    assert_eq!(full.status.code(), Some(0), "{}", text(&full.stderr));
    // Interrupted after one answer.
    let (part, part_log) = play(&[&mini, "--seed", "4"], "pause\n");
    assert_eq!(part.status.code(), Some(1));
    assert!(text(&part.stderr).contains("Input ended before the session finished"));
    assert!(text(&part.stderr).contains("attune resume"));
    let saved = std::fs::read_to_string(&part_log).unwrap();
    assert!(saved.contains("option: \"pause\""), "{saved}");
    let resumed = run(&["resume", part_log.to_str().unwrap()], "own-it\nstay\n");
    assert_eq!(resumed.status.code(), Some(0), "{}", text(&resumed.stderr));
    let strip = |p: &Path| -> String {
        // Times differ, and so does the seal over them.
        std::fs::read_to_string(p)
            .unwrap()
            .lines()
            .take_while(|l| !l.trim_start().starts_with("seal:"))
            .filter(|l| {
                let l = l.trim_start();
                !(l.starts_with("started:")
                    || l.starts_with("updated:")
                    || l.starts_with("at:")
                    || l.starts_with("latency_ms:")
                    || l.starts_with("median_latency_ms:"))
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(&full_log), strip(&part_log));
}

#[test]
fn bad_answers_are_refused_and_the_session_goes_on() {
    let (out, _) = play(
        &[&fixture("mini.ron"), "--seed", "1"],
        "9\nbanana\nagenda\nreassure\n",
    );
    assert_eq!(out.status.code(), Some(0));
    let err = text(&out.stderr);
    assert!(err.contains("`9` is not one of the options here"), "{err}");
    assert!(
        err.contains("`banana` is not one of the options here"),
        "{err}"
    );
}

#[test]
fn replay_of_damaged_logs_fails_clearly() {
    let (_, log) = play(&[&fixture("mini.ron"), "--seed", "1"], "agenda\nreassure\n");
    let good = std::fs::read_to_string(&log).unwrap();
    assert!(good.contains("ending: LoggedEnding("), "{good}");
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("truncated.ron", good[..good.len() / 2].to_owned()),
        (
            "tampered.ron",
            good.replacen("attunement: 2", "attunement: 3", 1),
        ),
        ("empty.ron", String::new()),
        ("junk.ron", "\u{0}\u{1}garbage".to_owned()),
    ];
    for (name, content) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, content).unwrap();
        let out = run(&["replay", p.to_str().unwrap()], "");
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {err}");
        assert!(err.contains(p.to_str().unwrap()), "{name} not named: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
    }
    let out = run(&["replay", "no-such-log.ron"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no such file"));
}

#[test]
fn list_json_describes_the_library() {
    let out = run(&["list", "--json"], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = v.as_array().unwrap();
    assert!(!items.is_empty());
    for it in items {
        for key in [
            "id",
            "title",
            "difficulty",
            "ruptures",
            "nodes",
            "options",
            "endings",
        ] {
            assert!(!it[key].is_null(), "{key} missing in {it}");
        }
        assert!(it["nodes"].as_u64().unwrap() > 0);
    }
}

#[test]
fn play_by_id_finds_the_scenario_in_the_library() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("mini.ron"), dir.path().join("mini.ron")).unwrap();
    let log = dir.path().join("l.ron");
    let out = run(
        &[
            "play",
            "mini",
            "--scenarios",
            dir.path().to_str().unwrap(),
            "--seed",
            "1",
            "--log",
            log.to_str().unwrap(),
        ],
        "agenda\nreassure\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = run(
        &["play", "mimi", "--scenarios", dir.path().to_str().unwrap()],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("did you mean `mini`?"));
}

#[test]
fn random_answers_piped_into_play_always_reach_an_ending() {
    let mut endings_seen = std::collections::HashSet::new();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for entry in std::fs::read_dir("scenarios").unwrap() {
        let path = entry.unwrap().path();
        for seed in 0..4 {
            // Numbers from 1 to 4, some of them out of range on purpose.
            let answers: String = (0..80)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    format!("{}\n", 1 + state % 4)
                })
                .collect();
            let seed = seed.to_string();
            let (out, log) = play(&[path.to_str().unwrap(), "--seed", &seed], &answers);
            let stdout = text(&out.stdout);
            assert_eq!(
                out.status.code(),
                Some(0),
                "{}: {}",
                path.display(),
                text(&out.stderr)
            );
            assert!(stdout.contains("== Debrief =="), "{}", path.display());
            let ending = stdout
                .lines()
                .find(|l| l.starts_with("== Session ended: "))
                .unwrap()
                .to_owned();
            endings_seen.insert(ending);
            let replay = run(&["replay", log.to_str().unwrap()], "");
            assert_eq!(
                transcript(&text(&replay.stdout)),
                stdout,
                "{}: replay differs",
                path.display()
            );
        }
    }
    assert!(
        endings_seen.len() >= 8,
        "only {} distinct endings",
        endings_seen.len()
    );
}

#[test]
fn a_difficulty_rating_after_the_debrief_is_saved_in_the_log() {
    let (out, log) = play(
        &[&fixture("mini.ron"), "--seed", "1"],
        "agenda\nreassure\nrating: 7\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let saved = std::fs::read_to_string(&log).unwrap();
    assert!(saved.contains("difficulty_rating: 7"), "{saved}");
    let (_, log) = play(
        &[&fixture("mini.ron"), "--seed", "1"],
        "agenda\nreassure\nrating: 11\n",
    );
    assert!(
        std::fs::read_to_string(&log)
            .unwrap()
            .contains("difficulty_rating: None")
    );
}

/// Run `args` with `COLUMNS` set to `width`.
fn run_at(width: usize, args: &[&str], stdin: &str) -> Output {
    let mut c = attune();
    c.env("COLUMNS", width.to_string()).args(args);
    output(c, stdin)
}

/// Every line is at most `width` columns, unless it is one word longer
/// than that (with its indent).
fn assert_fits(what: &str, shown: &str, width: usize) {
    for line in shown.lines() {
        let long = line.chars().count() > width;
        assert!(
            !long || line.split_whitespace().count() == 1,
            "{what}: a line over {width} columns:\n{line}"
        );
    }
}

/// The words of `shown` in order: what wrapping must not change.
fn words(shown: &str) -> Vec<&str> {
    shown.split_whitespace().collect()
}

/// The same output at 80 columns and at 10,000: the words are the same
/// (so none was split), and at 80 every line fits.
fn assert_wraps_whole_words(what: &str, args: &[&str], stdin: &str, setup: &dyn Fn()) {
    setup();
    let narrow = run_at(80, args, stdin);
    setup();
    let wide = run_at(10_000, args, stdin);
    for (stream, n, w) in [
        ("stdout", &narrow.stdout, &wide.stdout),
        ("stderr", &narrow.stderr, &wide.stderr),
    ] {
        let (n, w) = (text(n), text(w));
        assert_fits(&format!("{what} ({stream})"), &n, 80);
        assert_eq!(words(&n), words(&w), "{what} ({stream}): words differ");
    }
    assert!(
        text(&wide.stdout).lines().any(|l| l.chars().count() > 80),
        "{what}: nothing needed wrapping"
    );
}

#[test]
fn play_replay_and_resume_at_80_columns_never_break_a_word() {
    let dir = tempfile::tempdir().unwrap();
    let goal = "staying with silence when a client withdraws, and noticing my own \
                urge to fix things before I understand what is happening";
    for entry in std::fs::read_dir("scenarios").unwrap() {
        let path = entry.unwrap().path();
        let id = path.file_stem().unwrap().to_string_lossy().into_owned();
        let log = dir.path().join(format!("{id}.ron"));
        let part = dir.path().join(format!("{id}-part.ron"));
        let (log_s, part_s) = (log.to_str().unwrap(), part.to_str().unwrap());
        let answers = "note: a pull to fix it before I understand what is going on\n1\n\
                       2\n1\n3\n1\n2\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\nrating: 7\n";
        let clear = |p: &Path| {
            let _ = std::fs::remove_file(p);
        };
        let play = [
            "play",
            path.to_str().unwrap(),
            "--seed",
            "5",
            "--show-scores",
            "--goal",
            goal,
            "--log",
        ];
        let with = |log: &str| {
            let mut a = play.to_vec();
            a.push(log);
            a.into_iter().map(str::to_owned).collect::<Vec<_>>()
        };
        let full = with(log_s);
        let full: Vec<&str> = full.iter().map(String::as_str).collect();
        assert_wraps_whole_words(&format!("play {id}"), &full, answers, &|| clear(&log));
        assert_wraps_whole_words(&format!("replay {id}"), &["replay", log_s], "", &|| ());
        // A session paused after two turns, then resumed to its end.
        let paused = with(part_s);
        let paused: Vec<&str> = paused.iter().map(String::as_str).collect();
        let out = run(&paused, "1\n2\nq\n");
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
        let saved = std::fs::read(&part).unwrap();
        assert_wraps_whole_words(
            &format!("resume {id}"),
            &["resume", part_s],
            "1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n",
            &|| std::fs::write(&part, &saved).unwrap(),
        );
    }
}

#[test]
fn the_debrief_shortens_a_client_line_at_a_word() {
    let (out, _) = play(&["doctora", "--seed", "3"], &"1\n".repeat(30));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    let debrief = &shown[shown.find("Turn by turn").unwrap()..];
    let cut: Vec<&str> = debrief
        .split_whitespace()
        .filter(|w| w.contains('\u{2026}'))
        .collect();
    assert!(!cut.is_empty(), "no line was shortened:\n{debrief}");
    let transcript = words(&shown[..shown.find("== Debrief ==").unwrap()]);
    for w in cut {
        // The word before the ellipsis is a whole word of the transcript.
        let whole = w
            .trim_end_matches(['\u{201d}', '\u{2026}'])
            .trim_start_matches('\u{201c}');
        assert!(
            transcript
                .iter()
                .any(|t| t.trim_start_matches('\u{201c}').starts_with(whole)
                    && t.trim_start_matches('\u{201c}')[whole.len()..]
                        .chars()
                        .all(|c| !c.is_alphanumeric())),
            "`{w}` cuts a word"
        );
    }
}

#[test]
fn resume_of_a_finished_session_says_so_in_one_line() {
    let (out, log) = play(
        &[&fixture("mini.ron"), "--seed", "4"],
        "pause\nown-it\nstay\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let resumed = run(&["resume", log.to_str().unwrap()], "");
    assert_eq!(resumed.status.code(), Some(0));
    assert_eq!(text(&resumed.stdout), "");
    let err = text(&resumed.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("This session has already ended ("), "{err}");
    assert!(
        err.trim_end()
            .ends_with(&format!("see it with: attune replay {}", log.display())),
        "{err}"
    );
}

#[test]
fn replay_shows_when_the_session_was_played_and_its_rating() {
    let (out, log) = play(
        &[&fixture("mini.ron"), "--seed", "4"],
        "pause\nown-it\nstay\nrating: 6\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let replay = run(&["replay", log.to_str().unwrap()], "");
    let shown = text(&replay.stdout);
    let last = shown.lines().last().unwrap();
    assert!(last.ends_with(" UTC. How hard it felt: 6/10."), "{last}");
    // "Played on YYYY-MM-DD at HH:MM UTC."
    let date = last.strip_prefix("Played on ").unwrap();
    let b = date.as_bytes();
    assert!(
        b[4] == b'-' && b[7] == b'-' && &date[10..14] == " at " && b[16] == b':',
        "{last}"
    );
    // A session not yet finished has no rating to show.
    let (_, part) = play(&[&fixture("mini.ron"), "--seed", "4"], "pause\n");
    let replay = run(&["replay", part.to_str().unwrap()], "");
    let shown = text(&replay.stdout);
    let last = shown.lines().last().unwrap();
    assert!(
        last.starts_with("Played on ") && last.ends_with(" UTC."),
        "{last}"
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_saves_and_says_how_to_carry_on() {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::process::Stdio;
    use std::time::{Duration, Instant};

    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("session.ron");
    let mut child = attune()
        .args(["play", &fixture("mini.ron"), "--seed", "4", "--log"])
        .arg(&log)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // One answer; standard input stays open, as at a terminal.
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"pause\n").unwrap();
    stdin.flush().unwrap();
    // Read until the second turn is shown: the first is saved by then.
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut seen = String::new();
        for line in BufReader::new(stdout).lines() {
            let line = line.unwrap();
            if line == "-- Turn 2 --" {
                let _ = tx.send(());
            }
            seen.push_str(&line);
            seen.push('\n');
        }
        seen
    });
    let started = Instant::now();
    rx.recv_timeout(Duration::from_secs(30))
        .expect("the second turn is shown");
    // The options of turn 2 are printed and the player waits for an answer.
    std::thread::sleep(Duration::from_millis(200));
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert!(started.elapsed() < Duration::from_secs(30));
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    drop(stdin);
    reader.join().unwrap();
    assert_eq!(status.code(), Some(1), "{err}");
    assert!(
        words(&err).join(" ").contains(&format!(
            "Stopped. Your 1 turn is saved in {}.",
            log.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("Carry on with: attune resume {}", log.display())),
        "{err}"
    );
    let replay = run(&["replay", log.to_str().unwrap()], "");
    assert_eq!(replay.status.code(), Some(0), "{}", text(&replay.stderr));
    assert!(
        text(&replay.stdout).contains("(The session stopped here after 1 turn."),
        "{}",
        text(&replay.stdout)
    );
    // Nothing but the log is left beside it.
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["session.ron"]);
    // And it carries on to the end.
    let resumed = run(&["resume", log.to_str().unwrap()], "own-it\nstay\n");
    assert_eq!(resumed.status.code(), Some(0), "{}", text(&resumed.stderr));
}
