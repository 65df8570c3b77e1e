//! The authoring commands as an author drives them: `new` writes a scenario
//! that checks clean and never overwrites a file; `graph` draws every node
//! and option of the shipped library as DOT, Mermaid or JSON, highlights
//! cycles, and `--into` lists what leads to a node.

// Prints its own figures and notes, never scenario text: the standard
// printing macros are fine here (see clippy.toml).
#![allow(clippy::disallowed_macros)]

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

#[allow(dead_code)]
#[path = "common/binary.rs"]
mod binary;

use attune::load::load_file;
use attune::model::Scenario;
use binary::{attune, text};
use serde_json::Value;

fn run(args: &[&str]) -> Output {
    attune().args(args).output().expect("the binary starts")
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

fn library() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir("scenarios")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty());
    paths
}

fn scenario(path: &Path) -> Scenario {
    let loaded = load_file(path);
    loaded.scenario.expect("the scenario loads")
}

/// `attune graph ARGS`, which must succeed; its standard output.
fn graph(args: &[&str]) -> String {
    let mut all = vec!["graph"];
    all.extend_from_slice(args);
    let out = run(&all);
    assert_eq!(out.status.code(), Some(0), "{all:?}: {}", text(&out.stderr));
    text(&out.stdout)
}

fn json(args: &[&str]) -> Value {
    let out = graph(args);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}\n{out}"))
}

#[test]
fn graph_json_holds_every_node_and_option_of_the_library() {
    for path in library() {
        let s = scenario(&path);
        let g = json(&[path.to_str().unwrap(), "--format", "json"]);
        assert_eq!(g["id"], s.id.as_str());
        assert_eq!(g["start"], s.nodes[s.start].id());
        let nodes = g["nodes"].as_array().unwrap();
        let ids: BTreeSet<&str> = nodes.iter().map(|n| n["id"].as_str().unwrap()).collect();
        let expected: BTreeSet<&str> = s.nodes.iter().map(|n| n.id()).collect();
        assert_eq!(ids, expected, "{}", path.display());
        for t in s.turns() {
            let node = nodes.iter().find(|n| n["id"] == t.id.as_str()).unwrap();
            assert_eq!(node["kind"], "turn");
            assert_eq!(node["line"], t.line.as_str());
            let options = node["options"].as_array().unwrap();
            assert_eq!(options.len(), t.options.len(), "{}", t.id);
            for o in &t.options {
                let j = options
                    .iter()
                    .find(|j| j["id"] == o.id.as_str())
                    .unwrap_or_else(|| panic!("{}: no option {} at {}", s.id, o.id, t.id));
                assert_eq!(j["label"], o.label.as_str());
                assert_eq!(j["strategy"], json_name(&o.strategy));
                assert_eq!(j["attunement"], u64::from(o.attunement));
                assert_eq!(j["kind"], json_name(&o.kind));
                let targets: Vec<&str> = j["targets"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|t| t["to"].as_str().unwrap())
                    .collect();
                let expected: Vec<&str> =
                    o.next.targets().iter().map(|&i| s.nodes[i].id()).collect();
                assert_eq!(targets, expected);
            }
        }
        for e in s.endings() {
            let node = nodes.iter().find(|n| n["id"] == e.id.as_str()).unwrap();
            assert_eq!(node["kind"], "ending");
            assert_eq!(node["ending_kind"], json_name(&e.kind));
        }
    }
}

fn json_name<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap()
}

#[test]
fn graph_dot_and_mermaid_show_every_node_of_the_library() {
    for path in library() {
        let s = scenario(&path);
        let p = path.to_str().unwrap();
        let dot = graph(&[p]);
        assert_eq!(dot, graph(&[p, "--format", "dot"]));
        assert!(dot.contains(&format!("digraph \"{}\" {{", s.id)));
        let mermaid = graph(&[p, "--format", "mermaid"]);
        assert!(mermaid.contains("flowchart TD\n"));
        for (i, n) in s.nodes.iter().enumerate() {
            assert!(
                dot.contains(&format!("\n    \"{}\" [", n.id())),
                "{}: {} not in the DOT output",
                s.id,
                n.id()
            );
            assert!(
                mermaid.contains(&format!("\n    n{i}[\"{}<br>", n.id()))
                    || mermaid.contains(&format!("\n    n{i}([\"{}<br>", n.id())),
                "{}: {} not in the Mermaid output",
                s.id,
                n.id()
            );
        }
        for t in s.turns() {
            for o in &t.options {
                assert!(
                    dot.contains(&format!("[label=\"{}", o.id)),
                    "{}: option {} at {} not in the DOT output",
                    s.id,
                    o.id,
                    t.id
                );
            }
        }
    }
}

#[test]
fn graph_by_id_finds_the_scenario_in_the_library() {
    let by_id = graph(&["doctora", "--format", "json"]);
    assert_eq!(by_id, graph(&["scenarios/doctora.ron", "--format", "json"]));
}

#[test]
fn graph_dot_renders_with_graphviz() {
    let have_dot = Command::new("dot").arg("-V").output().is_ok();
    if !have_dot {
        eprintln!("note: Graphviz `dot` is not installed; the DOT output was not rendered");
        return;
    }
    let mut paths = library();
    paths.push(PathBuf::from("tests/fixtures/cycle.ron"));
    paths.push(PathBuf::from("tests/fixtures/mini.ron"));
    for path in paths {
        let dot = graph(&[path.to_str().unwrap()]);
        let mut child = Command::new("dot")
            .arg("-Tsvg")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(dot.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}: {}",
            path.display(),
            text(&out.stderr)
        );
        assert!(text(&out.stdout).contains("<svg"), "{}", path.display());
        assert!(
            !text(&out.stderr).contains("Warning"),
            "{}: {}",
            path.display(),
            text(&out.stderr)
        );
    }
}

#[test]
fn a_cycle_is_highlighted_in_dot_and_mermaid_and_listed_in_json() {
    let g = json(&["tests/fixtures/cycle.ron", "--format", "json"]);
    assert_eq!(g["cycles"], serde_json::json!([["shrug", "quiet"]]));

    let dot = graph(&["tests/fixtures/cycle.ron"]);
    let bold = |line: &str| line.contains("penwidth=2.5") && line.contains("#e67e22");
    let edge = |from: &str, to: &str| {
        dot.lines()
            .find(|l| {
                l.trim_start()
                    .starts_with(&format!("\"{from}\" -> \"{to}\""))
            })
            .unwrap_or_else(|| panic!("no edge {from} -> {to}:\n{dot}"))
            .to_owned()
    };
    // On the cycle: the option into the branch, its alternatives back to
    // `shrug` and on to `quiet`, and `back`.
    assert!(bold(&edge("shrug", "shrug/ask-again")));
    assert!(bold(&edge("shrug/ask-again", "shrug")));
    assert!(bold(&edge("shrug/ask-again", "quiet")));
    assert!(bold(&edge("quiet", "shrug")));
    // Off it: the ways out.
    assert!(!bold(&edge("shrug", "end-open")));
    assert!(!bold(&edge("quiet", "end-flat")));
    assert!(dot.contains("bold orange arrows lie on a cycle"));

    let mermaid = graph(&["tests/fixtures/cycle.ron", "--format", "mermaid"]);
    // Links in order: start, ask-again, its two alternatives, own-it, back,
    // let-go.
    assert!(
        mermaid.contains("\n    linkStyle 1,2,3,5 stroke:#e67e22"),
        "{mermaid}"
    );

    // No cycle, no highlight.
    let mini = json(&["tests/fixtures/mini.ron", "--format", "json"]);
    assert_eq!(mini["cycles"], serde_json::json!([]));
    assert!(!graph(&["tests/fixtures/mini.ron"]).contains("penwidth"));
}

#[test]
fn into_lists_every_option_that_leads_to_a_node() {
    let out = graph(&["tests/fixtures/mini.ron", "--into", "opens"]);
    assert_eq!(
        out,
        "3 options lead to `opens`:\n  \
         turn `quiet`, option `notice` (Notice the change), a branch of weight 1: \
         says \"You seem further away today. Did something here last time not sit right?\"\n  \
         turn `quiet`, option `pause` (Wait), a branch of weight 1: is silent\n  \
         turn `shrug`, option `own-it` (Own the last session): says \"I think I pushed hard \
         last week about your brother. I'd like to hear how that was for you.\"\n\
         Then, at `opens`, Sam says: \"Last week felt like a lot.\"\n"
    );
    let j = json(&[
        "tests/fixtures/mini.ron",
        "--into",
        "flat-end",
        "--format",
        "json",
    ]);
    let found: Vec<(&str, &str)> = j
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["turn"].as_str().unwrap(), i["option"].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            ("shrug", "reassure"),
            ("shrug", "press"),
            ("opens", "explain")
        ]
    );
    assert_eq!(j[1]["when"], "tension >= 5");
    assert_eq!(j[0]["weight"], Value::Null);
}

#[test]
fn into_an_unknown_node_names_the_closest() {
    let out = run(&["graph", "tests/fixtures/mini.ron", "--into", "opns"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("no node `opns`"), "{err}");
    assert!(err.contains("did you mean `opens`?"), "{err}");
    let out = run(&["graph", "tests/fixtures/mini.ron", "--into", "zzzzzzzz"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("quiet, shrug, opens"));
}

#[test]
fn graph_of_a_missing_scenario_fails_with_a_hint() {
    let out = run(&["graph", "doctorra"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("did you mean `doctora`?"));
}

#[test]
fn graph_snapshots() {
    insta::assert_snapshot!("graph-mini-dot", graph(&["tests/fixtures/mini.ron"]));
    insta::assert_snapshot!(
        "graph-mini-mermaid",
        graph(&["tests/fixtures/mini.ron", "--format", "mermaid"])
    );
    insta::assert_snapshot!("graph-cycle-dot", graph(&["tests/fixtures/cycle.ron"]));
}
