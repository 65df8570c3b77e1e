//! `attune sim` as an author drives it, and the simulation library behind
//! it: deterministic whatever the thread count, complete over the shipped
//! library, and honest about loops, unreachable options and policies.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use attune::load::load_file;
use attune::model::Scenario;
use attune::sim::{Policy, Report, SimOptions, simulate};

fn attune(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_attune"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("ATTUNE_SCENARIOS")
        .env_remove("CLICOLOR_FORCE")
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("the binary starts")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn load(path: &Path) -> Arc<Scenario> {
    let loaded = load_file(path);
    Arc::new(
        loaded
            .scenario
            .unwrap_or_else(|| panic!("{} does not load", path.display())),
    )
}

fn fixture(name: &str) -> Arc<Scenario> {
    load(&Path::new("tests/fixtures").join(name))
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = attune(args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("sim --json prints JSON")
}

#[test]
fn json_with_the_same_seed_is_byte_identical() {
    let args = [
        "sim",
        "tests/fixtures/mini.ron",
        "--runs",
        "3000",
        "--seed",
        "42",
        "--json",
    ];
    let a = attune(&args);
    let b = attune(&args);
    assert_eq!(a.status.code(), Some(0), "{}", text(&a.stderr));
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(text(&a.stderr), "");
    let v: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    assert_eq!(v["runs"], 3000);
    for key in [
        "endings",
        "nodes",
        "options",
        "never_offered",
        "turns",
        "warnings",
    ] {
        assert!(!v[key].is_null(), "{key} missing");
    }
    for key in ["min", "median", "max"] {
        assert!(v["turns"][key].is_u64(), "turns.{key}");
    }
    // Own options at mini's two rupture turns, ranked best at both.
    assert_eq!(
        v["own_options"],
        serde_json::json!({
            "rupture_turns": 2,
            "offering": 2,
            "ranked_best": ["quiet", "shrug"],
        })
    );
    let other = attune(&[
        "sim",
        "tests/fixtures/mini.ron",
        "--runs",
        "3000",
        "--seed",
        "43",
        "--json",
    ]);
    assert_ne!(a.stdout, other.stdout, "the seed changes the sessions");
}

#[test]
fn one_thread_and_several_give_the_same_report() {
    let opts = SimOptions::new(5000, 7, Policy::Random);
    for name in ["mini.ron", "loop.ron"] {
        let s = fixture(name);
        let run = |threads: usize| -> Report {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| simulate(&s, &opts))
        };
        let one = run(1);
        assert_eq!(one, run(3), "{name}");
        assert_eq!(one, run(8), "{name}");
    }
}

#[test]
fn ending_counts_add_up_to_the_runs() {
    for policy in ["random", "best", "worst"] {
        let v = json(&[
            "sim",
            "tests/fixtures/loop.ron",
            "--runs",
            "777",
            "--policy",
            policy,
            "--json",
        ]);
        let ended: u64 = v["endings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["count"].as_u64().unwrap())
            .sum();
        let unfinished = v["unfinished"].as_u64().unwrap();
        assert_eq!(ended + unfinished, 777, "{policy}");
    }
    let v = json(&["sim", "doctora", "--runs", "999", "--json"]);
    let ended: u64 = v["endings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["count"].as_u64().unwrap())
        .sum();
    assert_eq!(ended, 999);
}

#[test]
fn random_play_of_the_shipped_library_reaches_every_node_and_ending() {
    let mut files: Vec<PathBuf> = std::fs::read_dir("scenarios")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for path in files {
        let s = load(&path);
        let r = simulate(&s, &SimOptions::new(2000, 1, Policy::Random));
        assert_eq!(r.unfinished, 0, "{}", path.display());
        for n in &r.nodes {
            assert!(n.visits > 0, "{}: `{}` never reached", path.display(), n.id);
        }
        assert_eq!(r.endings.len(), s.endings().count());
        for e in &r.endings {
            assert!(
                e.count > 0,
                "{}: ending `{}` never reached",
                path.display(),
                e.id
            );
        }
    }
}

#[test]
fn a_loop_and_an_option_never_offered_are_named() {
    let out = attune(&["sim", "tests/fixtures/loop.ron", "--runs", "2000"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    // Words as printed, whatever the wrapping.
    let words = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("warning[loop]: ")
            && words.contains("the cycle `angry` -> `angrier` -> `angry` more than twice"),
        "{shown}"
    );
    assert!(
        words.contains("warning[never-offered]: option `celebrate` at `angry` was never offered"),
        "{shown}"
    );
    for line in shown.lines() {
        assert!(line.chars().count() <= 80, "too long:\n{line}");
    }
    let v = json(&["sim", "tests/fixtures/loop.ron", "--runs", "2000", "--json"]);
    assert_eq!(
        v["never_offered"],
        serde_json::json!([{ "node": "angry", "option": "celebrate" }])
    );
    assert_eq!(
        v["loops"][0]["nodes"],
        serde_json::json!(["angry", "angrier"])
    );
    let codes: Vec<&str> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["loop", "never-offered"]);
}

#[test]
fn a_session_that_never_ends_is_stopped_and_counted() {
    // The worst answer at both angry turns sends the client to the other.
    let v = json(&[
        "sim",
        "tests/fixtures/loop.ron",
        "--runs",
        "50",
        "--policy",
        "worst",
        "--json",
    ]);
    assert_eq!(v["unfinished"], 50);
    assert_eq!(v["turns"]["max"], 200);
    let warnings = v["warnings"].as_array().unwrap();
    assert_eq!(warnings[0]["code"], "did-not-end");
    assert_eq!(
        warnings[0]["message"],
        "50 sessions did not end within 200 turns"
    );
}

#[test]
fn best_and_worst_pick_what_they_say() {
    let s = fixture("choose.ron");
    let count = |r: &Report, id: &str| r.endings.iter().find(|e| e.id == id).unwrap().count;
    let chosen = |r: &Report, id: &str| r.options.iter().find(|o| o.id == id).unwrap().chosen;
    let best = simulate(&s, &SimOptions::new(1000, 3, Policy::Best));
    assert_eq!(count(&best, "good"), 1000);
    // `top` and `also-top` tie at 9; the tie is drawn, not always the same.
    assert!(chosen(&best, "top") > 400, "{:?}", best.options);
    assert!(chosen(&best, "also-top") > 400, "{:?}", best.options);
    let worst = simulate(&s, &SimOptions::new(1000, 3, Policy::Worst));
    assert_eq!(count(&worst, "bad"), 1000);
    assert_eq!(chosen(&worst, "bottom"), 1000);
    let random = simulate(&s, &SimOptions::new(1000, 3, Policy::Random));
    for id in ["top", "also-top", "middle", "bottom"] {
        assert!(chosen(&random, id) > 150, "{id}: {:?}", random.options);
    }
}

#[test]
fn an_unknown_scenario_is_an_error_with_a_hint() {
    let out = attune(&["sim", "doctor"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("did you mean `doctora`?"));
    let out = attune(&["sim", "doctora", "--runs", "0"]);
    assert_eq!(out.status.code(), Some(2));
    let out = attune(&["sim", "doctora", "--policy", "lucky"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn text_report_of_mini() {
    let out = attune(&[
        "sim",
        "tests/fixtures/mini.ron",
        "--runs",
        "1000",
        "--seed",
        "5",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    for line in shown.lines() {
        assert!(line.chars().count() <= 80, "too long:\n{line}");
    }
    insta::assert_snapshot!("sim-mini", shown);
}

#[test]
fn help_page() {
    let out = attune(&["sim", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("help-sim", text(&out.stdout));
}
