//! Logs and libraries seen from different folders: a log finds its
//! scenario from wherever it is replayed, a log cannot make Attune read a
//! file that is not a scenario, and every file left out of a library is
//! named, once, the same way by `check` and `list`.

#[allow(dead_code)]
#[path = "common/binary.rs"]
mod binary;

use std::fs;
use std::path::Path;
use std::process::Output;

use attune::log::SessionLog;
use binary::{attune, output, text};

fn run_in(dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut c = attune();
    c.current_dir(dir).args(args);
    output(c, stdin)
}

/// Play the scaffolded scenario `draft` to its end from inside `dir`,
/// by a relative path, and return the log's path.
fn play_draft(dir: &Path) -> std::path::PathBuf {
    let made = run_in(dir, &["new", "draft"], "");
    assert_eq!(made.status.code(), Some(0), "{}", text(&made.stderr));
    let answers = "1\n".repeat(30);
    let played = run_in(
        dir,
        &["play", "draft.ron", "--seed", "3", "--log", "s.ron"],
        &answers,
    );
    assert_eq!(played.status.code(), Some(0), "{}", text(&played.stderr));
    dir.join("s.ron")
}

#[test]
fn a_log_records_where_its_scenario_is_and_replays_from_another_folder() {
    let played_in = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let log_path = play_draft(played_in.path());
    let log = SessionLog::load(&log_path).unwrap();
    let recorded = log.scenario_path.clone().expect("the log records a path");
    assert!(recorded.is_absolute(), "{}", recorded.display());
    assert_eq!(
        recorded,
        played_in.path().canonicalize().unwrap().join("draft.ron")
    );

    // Another folder, whose library does not hold `draft`.
    let log_arg = log_path.to_str().unwrap();
    let replayed = run_in(elsewhere.path(), &["replay", log_arg], "");
    assert_eq!(
        replayed.status.code(),
        Some(0),
        "{}",
        text(&replayed.stderr)
    );
    let transcript = text(&replayed.stdout);
    let scenario = attune::load::load_file(&recorded).scenario.unwrap();
    assert!(transcript.contains(&scenario.title), "{transcript}");
}

#[test]
fn the_librarys_copy_is_found_by_id_when_the_recorded_file_is_gone() {
    let played_in = tempfile::tempdir().unwrap();
    let library = tempfile::tempdir().unwrap();
    let log_path = play_draft(played_in.path());
    fs::rename(
        played_in.path().join("draft.ron"),
        library.path().join("moved.ron"),
    )
    .unwrap();
    let lib = library.path().to_str().unwrap();
    let replayed = run_in(
        played_in.path(),
        &["replay", log_path.to_str().unwrap(), "--scenarios", lib],
        "",
    );
    assert_eq!(
        replayed.status.code(),
        Some(0),
        "{}",
        text(&replayed.stderr)
    );
    // Without the library, nothing is found, and the error says what to do.
    let lost = run_in(
        played_in.path(),
        &["replay", log_path.to_str().unwrap(), "--scenarios", "."],
        "",
    );
    assert_eq!(lost.status.code(), Some(1));
    let err = text(&lost.stderr);
    assert!(err.contains("scenario `draft` of this log"), "{err}");
    assert!(err.contains("--scenario FILE"), "{err}");
}

#[test]
fn a_log_naming_a_file_that_is_not_a_scenario_never_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let log_path = play_draft(dir.path());
    let secret = dir.path().join("secret.ron");
    fs::write(&secret, "root:x:0:0:root:/root:/bin/bash\n").unwrap();
    let original = SessionLog::load(&log_path).unwrap();
    for target in [Path::new("/etc/passwd"), secret.as_path()] {
        // Edited by hand, the log is refused before any path in it is used.
        let text = fs::read_to_string(&log_path).unwrap();
        let recorded = original.scenario_path.as_ref().unwrap();
        let edited = text.replace(
            &format!("{:?}", recorded.display().to_string()),
            &format!("{:?}", target.display().to_string()),
        );
        assert_ne!(edited, text);
        fs::write(dir.path().join("edited.ron"), edited).unwrap();
        let out = run_in(dir.path(), &["replay", "edited.ron"], "");
        assert_eq!(out.status.code(), Some(1));
        let err = text_of(&out);
        assert!(err.contains("error[log-edited]"), "{err}");

        // Even a log whose seal was recomputed after the edit only names a
        // file; nothing of a file that is not the scenario is shown.
        let mut forged = original.clone();
        forged.scenario = "root".into();
        forged.scenario_path = Some(target.to_path_buf());
        forged.save(&dir.path().join("forged.ron")).unwrap();
        let out = run_in(dir.path(), &["replay", "forged.ron"], "");
        assert_eq!(out.status.code(), Some(1));
        let all = text_of(&out);
        assert!(!all.contains("root:x:0"), "{all}");
        assert!(!all.contains("/bin/bash"), "{all}");
        assert!(all.contains("scenario `root` of this log"), "{all}");
    }
}

fn text_of(out: &Output) -> String {
    format!("{}{}", text(&out.stdout), text(&out.stderr))
}

/// A library with a good file, a second file using the same id, and a
/// file cut short.
fn troubled_library() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let good = fs::read_to_string("scenarios/doctora.ron").unwrap();
    fs::write(dir.path().join("a.ron"), &good).unwrap();
    fs::write(dir.path().join("b.ron"), &good).unwrap();
    fs::write(dir.path().join("c.ron"), "(id: \"x\",").unwrap();
    dir
}

#[test]
fn list_names_every_file_it_left_out() {
    let lib = troubled_library();
    let out = run_in(lib.path(), &["list", "--scenarios", "."], "");
    assert_eq!(out.status.code(), Some(1));
    let listed = text(&out.stdout);
    assert_eq!(listed.matches("doctora").count(), 1, "{listed}");
    let err = text(&out.stderr);
    assert!(
        err.starts_with("2 files in . could not be loaded:"),
        "{err}"
    );
    assert!(
        err.contains("./b.ron: scenario id `doctora` is also used by ./a.ron"),
        "{err}"
    );
    assert!(err.contains("./c.ron:1:1: the file ends inside"), "{err}");
    assert!(err.contains("attune check ."), "{err}");
}

#[test]
fn check_counts_a_duplicate_as_one_file_with_an_error() {
    let lib = troubled_library();
    let out = run_in(lib.path(), &["check", "."], "");
    assert_eq!(out.status.code(), Some(1));
    let report = text(&out.stdout);
    assert_eq!(report.matches("duplicate-scenario").count(), 1, "{report}");
    assert!(
        report.contains("checked 3 files: 1 ok, 2 errors, 0 warnings"),
        "{report}"
    );
    // Alone, each copy is fine: the error belongs to the pair.
    let alone = run_in(lib.path(), &["check", "b.ron"], "");
    assert_eq!(alone.status.code(), Some(0), "{}", text(&alone.stdout));
}
