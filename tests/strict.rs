//! `attune check --strict`: the authoring checklist as lints on any file,
//! and warnings as errors.

use std::process::{Command, Output};

fn check(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_attune"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("ATTUNE_SCENARIOS")
        .env("NO_COLOR", "1")
        .arg("check")
        .args(args)
        .output()
        .expect("the binary starts")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Each finding as `code path:line:col`.
fn findings(stdout: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut code = None;
    for line in stdout.lines() {
        if let Some(rest) = line.strip_prefix("error[") {
            code = rest.split(']').next().map(str::to_owned);
        } else if let (Some(c), Some(at)) = (&code, line.trim_start().strip_prefix("--> ")) {
            found.push(format!("{c} {at}"));
            code = None;
        }
    }
    found
}

/// The shipped library keeps the rules `tests/library.rs` enforces, but
/// not all of the stricter ones: labels that start with the same word
/// within one score band, two scenarios with cycles, and one branch
/// alternative whose condition never holds where it is drawn. These are the
/// findings as they stand; a change to the library that fixes one should
/// take it off this list.
#[test]
fn strict_check_of_the_shipped_library_lists_its_findings() {
    let out = check(&["--strict", "scenarios"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert_eq!(
        findings(&stdout),
        [
            "label-gives-score-away scenarios/doctora.ron:101:28",
            "label-gives-score-away scenarios/doctora.ron:178:28",
            "label-gives-score-away scenarios/doctora.ron:198:28",
            "label-gives-score-away scenarios/doctora.ron:379:28",
            "label-gives-score-away scenarios/i-dont-know.ron:160:28",
            "cycle scenarios/i-dont-know.ron:185:9",
            "label-gives-score-away scenarios/i-dont-know.ron:205:28",
            "label-gives-score-away scenarios/i-need-a-letter.ron:68:28",
            "label-gives-score-away scenarios/i-need-a-letter.ron:97:28",
            "label-gives-score-away scenarios/i-need-a-letter.ron:111:28",
            "never-drawn scenarios/smiling-loss.ron:167:57",
            "label-gives-score-away scenarios/smiling-loss.ron:272:28",
            "label-gives-score-away scenarios/so-im-the-problem.ron:40:28",
            "label-gives-score-away scenarios/so-im-the-problem.ron:98:28",
            "label-gives-score-away scenarios/so-im-the-problem.ron:109:28",
            "label-gives-score-away scenarios/so-im-the-problem.ron:399:28",
            "label-gives-score-away scenarios/whats-the-point.ron:115:28",
            "cycle scenarios/you-forgot.ron:156:9",
            "label-gives-score-away scenarios/youre-making-it-worse.ron:31:28",
            "label-gives-score-away scenarios/youre-making-it-worse.ron:42:28",
            "label-gives-score-away scenarios/youre-making-it-worse.ron:135:28",
        ],
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "error[cycle]: turns `flat-fine`, `angry-truth`, `goes-through-motions`, `defers` \
             form a cycle"
        ),
        "{stdout}"
    );
    // At `sky`, tension is always 3: the weighted `caught` for a tense
    // client is never drawn.
    assert!(
        stdout.contains(
            "error[never-drawn]: the reaction to option `name-split` of turn `sky` that leads \
             to `caught` never happens: `tension >= 5` never holds after the option's effects"
        ),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("checked 8 files: 0 ok, 21 errors, 0 warnings\n"),
        "{stdout}"
    );
    // Without --strict nothing changes.
    let out = check(&["scenarios"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(findings(&text(&out.stdout)).is_empty());
}

#[test]
fn strict_check_of_the_mini_fixture() {
    let out = check(&["--strict", "tests/fixtures/mini.ron"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert_eq!(
        findings(&stdout),
        [
            "long-best-answer tests/fixtures/mini.ron:35:27",
            "thin-rupture-turn tests/fixtures/mini.ron:72:9",
        ],
        "{stdout}"
    );
    assert!(stdout.contains(
        "error[thin-rupture-turn]: rupture turn `shrug` has 1 good option (attunement 4+); \
         it needs 2, good in different ways"
    ));
    assert!(stdout.ends_with("checked 1 file: 0 ok, 2 errors, 0 warnings\n"));
    let out = check(&["tests/fixtures/mini.ron"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).ends_with("checked 1 file: 1 ok, 0 errors, 0 warnings\n"));
}

#[test]
fn strict_json_reports_lints_as_errors() {
    let out = check(&["--strict", "--json", "tests/fixtures/mini.ron"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = v.as_array().unwrap();
    let codes: Vec<&str> = items.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["long-best-answer", "thin-rupture-turn"]);
    assert!(items.iter().all(|d| d["severity"] == "error"));
    assert_eq!(items[1]["location"]["line"], 72);
}

#[test]
fn a_file_with_only_warnings_fails_only_under_strict() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mini.ron");
    let mini = std::fs::read_to_string("tests/fixtures/mini.ron").unwrap();
    let warned = mini.replace(
        "premise: \"A client goes quiet after a missed session.\"",
        "premise: \"\"",
    );
    assert_ne!(warned, mini);
    std::fs::write(&path, warned).unwrap();
    let path = path.to_str().unwrap();

    let out = check(&[path]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("warning[empty-text]"), "{stdout}");
    assert!(stdout.ends_with("1 ok, 0 errors, 1 warning\n"), "{stdout}");

    let out = check(&["--strict", path]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("error[empty-text]"), "{stdout}");
    assert!(!stdout.contains("warning["), "{stdout}");
    assert!(stdout.ends_with("0 ok, 3 errors, 0 warnings\n"), "{stdout}");
}

#[test]
fn strict_does_not_lint_a_file_that_does_not_load() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mini.ron");
    let mini = std::fs::read_to_string("tests/fixtures/mini.ron").unwrap();
    std::fs::write(&path, mini.replace("start: \"quiet\"", "start: \"qiuet\"")).unwrap();
    let out = check(&["--strict", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert_eq!(
        findings(&stdout),
        [format!("unknown-node {}:19:12", path.display())],
        "{stdout}"
    );
}
