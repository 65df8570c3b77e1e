//! `attune report` over a cohort of logs, as an instructor runs it: text,
//! JSON and HTML agree, trainees stay anonymous unless asked, their text is
//! escaped, and logs that do not fit are left out with the reason.

#[allow(dead_code)]
#[path = "common/binary.rs"]
mod binary;

use std::fs;
use std::path::Path;
use std::process::Output;

use binary::{attune, output, text};

const NAMES: [&str; 12] = [
    "Ana",
    "Ben",
    "Cleo",
    "Dev",
    "Eli",
    "Fay",
    "Gus",
    "Hana",
    "Ivo",
    "Jun",
    "Kai",
    "<script>alert(1)</script>",
];

fn run_in(dir: &Path, args: &[&str]) -> Output {
    let mut c = attune();
    c.current_dir(dir).args(args);
    c.env(
        "ATTUNE_SCENARIOS",
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"),
    );
    output(c, "")
}

/// Answers for trainee `i`: option numbers 1-3, drawn from a small
/// generator so every trainee takes a different road.
fn answers(i: u64) -> String {
    let mut x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut out = String::new();
    for _ in 0..40 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.push_str(&format!("{}\n", 1 + x % 3));
    }
    out
}

/// Twelve trainees' sessions of `doctora` in `dir/logs`.
fn cohort(dir: &Path) {
    fs::create_dir_all(dir.join("logs/week-1")).unwrap();
    for (i, name) in NAMES.iter().enumerate() {
        // Some in a subfolder: folders are searched recursively.
        let sub = if i % 2 == 0 { "logs" } else { "logs/week-1" };
        let log = format!("{sub}/s{i}.ron");
        let mut c = attune();
        c.current_dir(dir).args([
            "play",
            "doctora",
            "--seed",
            &i.to_string(),
            "--trainee",
            name,
            "--log",
            &log,
        ]);
        let out = output(c, &answers(i as u64 + 1));
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }
}

#[test]
fn a_cohort_report_in_text_json_and_html() {
    let dir = tempfile::tempdir().unwrap();
    cohort(dir.path());
    let out = run_in(dir.path(), &["report", "logs", "--html", "report.html"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert!(
        report.starts_with("Cohort report: 12 sessions of 1 scenario."),
        "{report}"
    );
    for name in NAMES {
        assert!(!report.contains(name), "{name} shown without --names");
    }
    assert!(report.contains("Trainee L"), "{report}");
    assert!(!report.contains("Trainee M"), "{report}");

    let html = fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<svg"), "charts are inline SVG");
    assert!(!html.contains("<script"), "no scripts");
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "nothing fetched"
    );
    assert!(!html.contains("alert(1)"), "no names without --names");
    for name in &NAMES[..11] {
        assert!(!html.contains(&format!(">{name}<")), "{name} in the HTML");
    }

    let named = run_in(
        dir.path(),
        &["report", "logs", "--names", "--html", "named.html"],
    );
    assert_eq!(named.status.code(), Some(0));
    assert!(text(&named.stdout).contains("Cleo"));
    let html = fs::read_to_string(dir.path().join("named.html")).unwrap();
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<script"));

    let json = run_in(dir.path(), &["report", "logs", "--json"]);
    assert_eq!(json.status.code(), Some(0));
    let j: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(j["sessions"], 12);
    let s = &j["scenarios"][0];
    assert_eq!(s["id"], "doctora");
    let ended: u64 = s["endings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["count"].as_u64().unwrap())
        .sum();
    assert_eq!(ended, s["finished"].as_u64().unwrap());
    // Every turn of every session is counted once at its client turn, and
    // once on a path.
    let turns: u64 = s["trainees"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["turns"].as_u64().unwrap())
        .sum();
    let chosen: u64 = s["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|n| n["options"].as_array().unwrap())
        .map(|o| o["chosen"].as_u64().unwrap())
        .sum();
    let walked: u64 = s["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["count"].as_u64().unwrap())
        .sum();
    assert_eq!(chosen, turns);
    assert_eq!(walked, turns);
    assert_eq!(s["by_turn"][0]["sessions"], 12);
    // Notes and goals only with --notes.
    assert!(s["trainees"][0].get("goal").is_none());
}

#[test]
fn logs_that_do_not_fit_are_left_out_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir_all(d.join("logs")).unwrap();
    fs::copy("tests/fixtures/mini.ron", d.join("mini.ron")).unwrap();
    for (seed, answers) in [("1", "agenda\nreassure\n"), ("2", "pause\nown-it\nstay\n")] {
        let mut c = attune();
        let log = format!("logs/mini-{seed}.ron");
        c.current_dir(d)
            .args(["play", "mini.ron", "--seed", seed, "--log", &log]);
        let out = output(c, answers);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }
    // The author renames an option one of the sessions chose.
    let source = fs::read_to_string(d.join("mini.ron")).unwrap();
    let edited = source.replace("id: \"reassure\"", "id: \"comfort\"");
    assert_ne!(edited, source);
    fs::write(d.join("mini.ron"), edited).unwrap();
    // And a file that is not a log at all.
    fs::write(d.join("logs/notes.ron"), "(this is not a log").unwrap();

    let out = run_in(d, &["report", "logs"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert!(
        report.starts_with("Cohort report: 1 session of 1 scenario."),
        "{report}"
    );
    assert!(
        report.contains("Left out: 1 log that no longer fit"),
        "{report}"
    );
    assert!(
        report.contains("turn 2: option `reassure` is no longer offered"),
        "{report}"
    );
    assert!(report.contains("Not read: 1 file"), "{report}");
    assert!(report.contains("logs/notes.ron"), "{report}");
    assert!(text(&out.stderr).contains("2 logs were left out"));

    let json = run_in(d, &["report", "logs", "--json"]);
    let j: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(j["sessions"], 1);
    assert_eq!(j["left_out"].as_array().unwrap().len(), 1);
    assert_eq!(j["unreadable"].as_array().unwrap().len(), 1);
}

#[test]
fn notes_and_goals_appear_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::copy("tests/fixtures/mini.ron", d.join("mini.ron")).unwrap();
    let mut c = attune();
    c.current_dir(d).args([
        "play",
        "mini.ron",
        "--seed",
        "4",
        "--goal",
        "staying with silence",
        "--trainee",
        "Ana",
        "--log",
        "logs/s.ron",
    ]);
    let out = output(c, "pause\nnote: a pull to fill the gap\nown-it\nstay\n");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let plain = text(&run_in(d, &["report", "logs"]).stdout);
    assert!(!plain.contains("staying with silence"), "{plain}");
    assert!(!plain.contains("a pull to fill the gap"), "{plain}");
    assert!(plain.contains("--notes includes them"), "{plain}");
    let with = text(&run_in(d, &["report", "logs", "--notes"]).stdout);
    assert!(with.contains("goal: staying with silence"), "{with}");
    assert!(
        with.contains("turn 2, noticed: a pull to fill the gap"),
        "{with}"
    );
}

#[test]
fn say_first_words_appear_only_when_asked_beside_the_choice() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::copy("tests/fixtures/mini.ron", d.join("mini.ron")).unwrap();
    let mut c = attune();
    c.current_dir(d).args([
        "play",
        "mini.ron",
        "--seed",
        "4",
        "--say-first",
        "--log",
        "logs/s.ron",
    ]);
    let out = output(c, "You went quiet <b>today</b>\nnotice\n\nown-it\n\nstay\n");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let plain = text(&run_in(d, &["report", "logs"]).stdout);
    assert!(!plain.contains("You went quiet"), "{plain}");
    let with = text(&run_in(d, &["report", "logs", "--notes", "--html", "r.html"]).stdout);
    assert!(
        with.contains(
            "turn 1, in their own words: \u{201c}You went quiet <b>today</b>\u{201d}, then chose: Notice the change"
        ),
        "{with}"
    );
    let html = fs::read_to_string(d.join("r.html")).unwrap();
    assert!(
        html.contains("in their own words: \u{201c}You went quiet &lt;b&gt;today&lt;/b&gt;\u{201d}, then chose: Notice the change"),
        "{html}"
    );
    let json = run_in(d, &["report", "logs", "--notes", "--json"]);
    let j: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let row = &j["scenarios"][0]["trainees"][0];
    assert_eq!(row["own_words"][0]["words"], "You went quiet <b>today</b>");
    assert_eq!(row["own_words"][0]["chose"], "Notice the change");
    assert_eq!(row["own_words"].as_array().unwrap().len(), 1);
    let json = run_in(d, &["report", "logs", "--json"]);
    let j: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(j["scenarios"][0]["trainees"][0].get("own_words").is_none());
}

#[test]
fn no_logs_at_all_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["report", "."]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("No session could be read"));
    let missing = run_in(dir.path(), &["report", "nowhere"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stdout).contains("nowhere [io]"));
}
