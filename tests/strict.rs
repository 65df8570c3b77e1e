//! `attune check --strict`: the authoring checklist as lints on any file,
//! and warnings as errors.

use std::path::Path;
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

/// The codes of the lints that look at the scenarios checked together.
const LIBRARY_CODES: [&str; 2] = ["label-predicts-score", "best-play-always-repairs"];

/// The shipped library keeps every rule of the authoring checklist, so
/// `check --strict` has nothing to say about any one of its files. What it
/// says about the library as a whole is pinned below: the words whose
/// labels predict the score across the library, for the library's authors
/// to reword or rescore. The aim is an empty list.
#[test]
fn strict_check_of_the_shipped_library_is_clean() {
    let out = check(&["--strict", "scenarios"]);
    let stdout = text(&out.stdout);
    let found = findings(&stdout);
    let per_file: Vec<&String> = found
        .iter()
        .filter(|f| !LIBRARY_CODES.iter().any(|c| f.starts_with(c)))
        .collect();
    assert!(per_file.is_empty(), "{stdout}");
    let n = attune::library::SHIPPED.len();
    assert!(n >= 8, "{n} shipped scenarios");
    let across = found.len();
    let summary = if across == 0 {
        format!("checked {n} files: {n} ok, 0 errors, 0 warnings\n")
    } else {
        let errors = if across == 1 { "error" } else { "errors" };
        format!(
            "checked {n} files: {n} ok, {across} {errors} ({across} across the scenarios), 0 warnings\n"
        )
    };
    assert!(stdout.ends_with(&summary), "{stdout}");
    assert_eq!(out.status.code(), Some(i32::from(across > 0)), "{stdout}");
    // Each library finding as its code and the word it names.
    let library: Vec<String> = stdout
        .lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("error[")?;
            let (code, message) = rest.split_once("]: ")?;
            let word = message
                .split_once("starting with \"")
                .and_then(|(_, w)| w.split_once('"'))
                .map_or("", |(w, _)| w);
            Some(format!("{code} {word}").trim_end().to_owned())
        })
        .collect();
    insta::assert_snapshot!("shipped-library-findings", library.join("\n"));
    // Best play and own options, per scenario, as a note.
    let stderr = text(&out.stderr);
    assert!(
        stderr
            .contains("note: best play (`attune sim ID --policy best`, 1000 sessions from seed 0)"),
        "{stderr}"
    );
    for id in attune::library::SHIPPED
        .iter()
        .map(|s| s.0.trim_end_matches(".ron"))
    {
        assert!(stderr.contains(&format!("\n  {id} ")), "{id}: {stderr}");
    }
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
            "label: \"Say what you did a moment ago\"",
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

/// `attune` run in `dir`.
fn attune_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_attune"))
        .current_dir(dir)
        .env_remove("ATTUNE_SCENARIOS")
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("the binary starts")
}

/// Four scenarios from the new-scenario template in `dir/lib`, which
/// `check --strict` finds nothing wrong with one by one:
/// `lib/late-one.ron` to `lib/late-four.ron`.
fn four_drafts(dir: &Path) -> [std::path::PathBuf; 4] {
    ["one", "two", "three", "four"].map(|n| {
        let id = format!("late-{n}");
        let out = attune_in(dir, &["new", &id, "--dir", "lib"]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let path = dir.join("lib").join(format!("{id}.ron"));
        let one = attune_in(dir, &["check", "--strict", path.to_str().unwrap()]);
        assert_eq!(one.status.code(), Some(0), "{}", text(&one.stdout));
        path
    })
}

/// Replace `from` (which must occur once) with `to` in the file at `path`.
fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert_eq!(
        text.matches(from).count(),
        1,
        "{from:?} in {}",
        path.display()
    );
    std::fs::write(path, text.replace(from, to)).unwrap();
}

/// stdout and stderr of `check --strict lib` in `dir`, for a snapshot.
fn strict_lib(dir: &Path) -> (Option<i32>, String, String) {
    let out = attune_in(dir, &["check", "--strict", "lib"]);
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

/// Four copies of the template are a library where best play always
/// repairs; one well-handled path that can still end unresolved is
/// enough for four.
#[test]
fn best_play_that_always_repairs_across_a_library_is_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    let [_, _, _, four] = four_drafts(dir.path());
    let (code, stdout, stderr) = strict_lib(dir.path());
    assert_eq!(code, Some(1), "{stdout}");
    assert_eq!(
        findings(&stdout),
        ["best-play-always-repairs lib"],
        "{stdout}"
    );
    insta::assert_snapshot!("library-best-play", format!("{stdout}\n{stderr}"));

    // Taking in what it cost her is still the best answer, and once in ten
    // she goes quiet anyway.
    edit(
        &four,
        "next: \"said-out-loud\",",
        "branch: [(to: \"said-out-loud\", weight: 9), (to: \"unspoken\", weight: 1)],",
    );
    let (code, stdout, stderr) = strict_lib(dir.path());
    assert_eq!(code, Some(0), "{stdout}");
    assert!(
        stdout.ends_with("checked 4 files: 4 ok, 0 errors, 0 warnings\n"),
        "{stdout}"
    );
    assert!(
        stderr.contains("\n  late-four          10.8%       0.0%     89.2%  at 2 of 2 turns"),
        "{stderr}"
    );
    assert!(
        stderr.contains("short of repair in 5% or more of sessions in 1 of 4 scenarios"),
        "{stderr}"
    );
}

/// A word that starts five good options in three files is found across
/// them, though no one file has enough of them for the per-file lint.
#[test]
fn a_label_word_that_predicts_the_score_across_files_is_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    let [one, two, three, four] = four_drafts(dir.path());
    // Keep best play honest, so that only the labels are found.
    edit(
        &four,
        "next: \"said-out-loud\",",
        "branch: [(to: \"said-out-loud\", weight: 9), (to: \"unspoken\", weight: 1)],",
    );
    for path in [&one, &two] {
        edit(
            path,
            "label: \"Take in what it cost her\"",
            "label: \"Own what it cost her\"",
        );
    }
    for path in [&one, &two, &three] {
        edit(
            path,
            "label: \"Name what you did\"",
            "label: \"Own what you did\"",
        );
    }
    let (code, stdout, _) = strict_lib(dir.path());
    assert_eq!(code, Some(1), "{stdout}");
    assert_eq!(
        findings(&stdout),
        ["label-predicts-score lib/late-one.ron:132:28"],
        "{stdout}"
    );
    insta::assert_snapshot!("library-label-good", stdout);

    // Once owning comes at the wrong moment, the word no longer tells.
    edit(
        &four,
        "label: \"Reassure her and move on\"",
        "label: \"Own it and move on\"",
    );
    let (code, stdout, _) = strict_lib(dir.path());
    assert_eq!(code, Some(0), "{stdout}");

    // Every "Explain" a misstep: the template's, and two more.
    for path in [&one, &two] {
        edit(
            path,
            "label: \"Apologise and explain\"",
            "label: \"Explain, and apologise\"",
        );
    }
    let (code, stdout, _) = strict_lib(dir.path());
    assert_eq!(code, Some(1), "{stdout}");
    let found = findings(&stdout);
    assert_eq!(found.len(), 1, "{stdout}");
    assert!(
        stdout.contains(
            "error[label-predicts-score]: 6 options in 4 of the 4 scenarios checked have a label \
             starting with \"Explain\": all score low (attunement 1-2), so the word predicts a \
             misstep; for example "
        ),
        "{stdout}"
    );
}

/// One file is not a library: no library findings and no figures, even
/// for a file that would make one on its own.
#[test]
fn a_single_file_gets_no_library_lints() {
    let dir = tempfile::tempdir().unwrap();
    let [one, ..] = four_drafts(dir.path());
    let out = attune_in(dir.path(), &["check", "--strict", one.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert_eq!(text(&out.stderr), "");
    // An advanced scenario whose best play always repairs gets a note.
    edit(&one, "difficulty: Beginner,", "difficulty: Advanced,");
    let out = attune_in(dir.path(), &["check", "--strict", one.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert_eq!(
        text(&out.stderr),
        format!(
            "note: {}: an advanced scenario, yet best play (`attune sim late-one --policy best`) \
             ended repaired or partially repaired in all 1000 sessions; some ruptures cannot be \
             repaired in the room whatever the therapist does\n",
            one.display()
        )
    );
}
