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

/// The shipped library keeps every rule of the authoring checklist, so
/// `check --strict` has nothing to say about it.
#[test]
fn strict_check_of_the_shipped_library_is_clean() {
    let out = check(&["--strict", "scenarios"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(findings(&stdout).is_empty(), "{stdout}");
    let n = attune::library::SHIPPED.len();
    assert!(n >= 8, "{n} shipped scenarios");
    assert!(
        stdout.ends_with(&format!(
            "checked {n} files: {n} ok, 0 errors, 0 warnings\n"
        )),
        "{stdout}"
    );
}

/// Copies of shipped scenarios with a fault put back in: the lints name it
/// at the right turn or option.
#[test]
fn strict_check_finds_faults_put_back_into_shipped_scenarios() {
    let dir = tempfile::tempdir().unwrap();

    // A reaction for a tense client at `sky`, where tension is always 3.
    let sky = std::fs::read_to_string("scenarios/smiling-loss.ron").unwrap();
    let drawn = "(to: \"caught\", weight: 2),\n                    ],";
    assert_eq!(sky.matches(drawn).count(), 1);
    let never = sky.replace(
        drawn,
        "(to: \"caught\", weight: 2),\n                        \
         (to: \"caught\", weight: 2, when: \"tension >= 5\"),\n                    ],",
    );
    let path = dir.path().join("smiling-loss.ron");
    std::fs::write(&path, never).unwrap();
    let out = check(&["--strict", path.to_str().unwrap()]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains(
            "error[never-drawn]: the reaction to option `name-split` of turn `sky` that leads \
             to `caught` never happens: `tension >= 5` never holds after the option's effects"
        ),
        "{stdout}"
    );
    assert_eq!(findings(&stdout).len(), 1, "{stdout}");

    // Three labels starting "Own" that are all good answers.
    let worse = std::fs::read_to_string("scenarios/youre-making-it-worse.ron").unwrap();
    let own = worse
        .replace(
            "label: \"Name how you ended last week\"",
            "label: \"Own how you ended last week\"",
        )
        .replace(
            "label: \"Say you got rattled, and stay put\"",
            "label: \"Own what you just did\"",
        )
        .replace(
            "label: \"Link his doubt to your part\"",
            "label: \"Own your part in his doubt\"",
        );
    assert_eq!(own.matches("label: \"Own ").count(), 3);
    let path = dir.path().join("youre-making-it-worse.ron");
    std::fs::write(&path, own).unwrap();
    let out = check(&["--strict", path.to_str().unwrap()]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let found = findings(&stdout);
    assert_eq!(found.len(), 1, "{stdout}");
    assert!(found[0].starts_with("label-gives-score-away "), "{stdout}");
    assert!(
        stdout.contains("all 3 options whose label starts with \"Own\""),
        "{stdout}"
    );

    // A way back from the late withdrawal to where Theo first softened.
    let theo = std::fs::read_to_string("scenarios/i-dont-know.ron").unwrap();
    let late = "id: \"ten-more-minutes\",";
    let at = theo.find(late).unwrap();
    let next = at + theo[at..].find("next: \"left-early\",").unwrap();
    let looped = format!(
        "{}next: \"softens\",{}",
        &theo[..next],
        &theo[next + "next: \"left-early\",".len()..]
    );
    let path = dir.path().join("i-dont-know.ron");
    std::fs::write(&path, looped).unwrap();
    let out = check(&["--strict", path.to_str().unwrap()]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        findings(&stdout).iter().any(|f| f.starts_with("cycle ")),
        "{stdout}"
    );
    assert!(stdout.contains("`shuts-down-late`"), "{stdout}");
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
