//! The authoring commands as an author drives them: `new` writes a scenario
//! that checks clean and never overwrites a file; `graph` draws every node
//! and option of the shipped library as DOT, Mermaid or JSON, highlights
//! cycles, and `--into` lists what leads to a node.

use std::path::Path;
use std::process::{Command, Output};

use attune::load::load_file;

fn attune() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_attune"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c.env_remove("ATTUNE_SCENARIOS");
    c.env_remove("CLICOLOR_FORCE");
    c.env("NO_COLOR", "1");
    c
}

fn run(args: &[&str]) -> Output {
    attune().args(args).output().expect("the binary starts")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn new_in(dir: &Path, id: &str) -> Output {
    run(&["new", id, "--dir", dir.to_str().unwrap()])
}

#[test]
fn a_new_scenario_checks_with_no_errors_and_no_warnings() {
    let tmp = tempfile::tempdir().unwrap();
    let out = new_in(tmp.path(), "cancelled-session");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let path = tmp.path().join("cancelled-session.ron");
    assert!(text(&out.stdout).contains("cancelled-session.ron"));

    let loaded = load_file(&path);
    assert!(
        loaded.diagnostics.is_empty(),
        "{}",
        attune::diag::render(&loaded.diagnostics)
    );
    assert_eq!(loaded.scenario.unwrap().id, "cancelled-session");

    let out = run(&["check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(
        text(&out.stdout).contains("1 ok, 0 errors, 0 warnings"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn new_never_overwrites_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("mine.ron");
    std::fs::write(&path, "my own work").unwrap();
    let out = new_in(tmp.path(), "mine");
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "my own work");
}

#[test]
fn new_refuses_a_bad_id_as_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let out = new_in(tmp.path(), "My Scenario");
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("lower-case words joined by hyphens"), "{err}");
    assert!(err.contains("`my-scenario`"), "{err}");
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
}

#[test]
fn new_file_snapshot() {
    let tmp = tempfile::tempdir().unwrap();
    let out = new_in(tmp.path(), "cancelled-session");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(tmp.path().join("cancelled-session.ron")).unwrap();
    insta::assert_snapshot!("new-scenario", written);
}
