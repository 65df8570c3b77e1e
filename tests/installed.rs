//! An installed `attune`: the binary alone, away from the source tree,
//! lists, plays and replays the shipped scenarios, and a user's library
//! folder adds to them.

#[allow(dead_code)]
#[path = "common/binary.rs"]
mod binary;

use std::path::{Path, PathBuf};
use std::process::Command;

use attune::library::SHIPPED;
use binary::{output, text};

/// A copy of the binary in a folder of its own, and an empty home.
struct Installed {
    _dir: tempfile::TempDir,
    bin: PathBuf,
    home: PathBuf,
    cwd: PathBuf,
}

impl Installed {
    fn new() -> Installed {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("bin").join("attune");
        std::fs::create_dir_all(bin.parent().unwrap()).unwrap();
        std::fs::copy(env!("CARGO_BIN_EXE_attune"), &bin).unwrap();
        let home = dir.path().join("home");
        let cwd = dir.path().join("empty");
        std::fs::create_dir_all(&home).unwrap();
        std::fs::create_dir_all(&cwd).unwrap();
        Installed {
            _dir: dir,
            bin,
            home,
            cwd,
        }
    }

    fn data(&self) -> PathBuf {
        self.home.join("data")
    }

    fn attune(&self, args: &[&str]) -> Command {
        let mut c = Command::new(&self.bin);
        c.args(args).current_dir(&self.cwd);
        for var in [
            "ATTUNE_SCENARIOS",
            "ATTUNE_LOG_DIR",
            "ATTUNE_CONFIG_DIR",
            "ATTUNE_TRAINEE",
            "CLICOLOR_FORCE",
        ] {
            c.env_remove(var);
        }
        c.env("HOME", &self.home)
            .env("XDG_DATA_HOME", self.data())
            .env("XDG_CONFIG_HOME", self.home.join("config"))
            .env("NO_COLOR", "1");
        c
    }

    fn run(&self, args: &[&str], stdin: &str) -> std::process::Output {
        output(self.attune(args), stdin)
    }
}

fn ids() -> Vec<String> {
    SHIPPED
        .iter()
        .map(|(name, _)| name.trim_end_matches(".ron").to_owned())
        .collect()
}

#[test]
fn lists_every_shipped_scenario_from_an_empty_folder() {
    let at = Installed::new();
    let out = at.run(&["list"], "");
    let listed = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{listed}{}", text(&out.stderr));
    assert!(
        listed.starts_with("Scenarios shipped with Attune:"),
        "{listed}"
    );
    // Every scenario in the source tree is embedded.
    let in_tree = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "ron")
        })
        .count();
    assert!(in_tree >= 8, "{in_tree} scenarios in the tree");
    assert_eq!(SHIPPED.len(), in_tree);
    for id in ids() {
        assert!(listed.contains(&format!("  {id} ")), "{id}:\n{listed}");
    }
    // Every one comes from the binary, none from the source tree.
    let json = at.run(&["list", "--json"], "");
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let entries = v.as_array().unwrap();
    assert_eq!(entries.len(), SHIPPED.len());
    for e in entries {
        assert_eq!(e["source"], "shipped", "{e}");
        assert!(e["path"].as_str().unwrap().starts_with("<shipped>/"), "{e}");
    }
}

#[test]
fn plays_and_replays_a_shipped_scenario_from_an_empty_folder() {
    let at = Installed::new();
    let answers = "1\n".repeat(40);
    let out = at.run(&["play", "doctora", "--seed", "3"], &answers);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("== Session ended:"), "{stdout}");
    let sessions = at.data().join("attune").join("sessions");
    let log = std::fs::read_dir(&sessions)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let saved = std::fs::read_to_string(&log).unwrap();
    assert!(
        saved.contains("scenario_path: \"<shipped>/doctora.ron\""),
        "{saved}"
    );
    let replay = at.run(&["replay", log.to_str().unwrap()], "");
    assert_eq!(replay.status.code(), Some(0), "{}", text(&replay.stderr));
    // The log replays from the source tree as well: the shipped copy and
    // the file on disk have one content hash.
    let mut from_source = binary::attune();
    from_source.args(["replay", log.to_str().unwrap()]);
    let replay = output(from_source, "");
    assert_eq!(replay.status.code(), Some(0), "{}", text(&replay.stderr));
}

#[test]
fn check_with_no_folder_on_disk_checks_the_shipped_scenarios() {
    let at = Installed::new();
    let out = at.run(&["check"], "");
    let report = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{report}");
    assert!(
        report.contains(&format!("checked {} files: {0} ok", SHIPPED.len())),
        "{report}"
    );
}

/// A copy of a shipped scenario with a new title.
fn retitled(name: &str, title: &str) -> String {
    let text = SHIPPED.iter().find(|(n, _)| *n == name).unwrap().1;
    let start = text.find("title: \"").unwrap() + "title: \"".len();
    let end = start + text[start..].find('"').unwrap();
    format!("{}{title}{}", &text[..start], &text[end..])
}

#[test]
fn the_users_folder_adds_to_the_shipped_scenarios_and_wins_on_an_id() {
    let at = Installed::new();
    let mine = at.data().join("attune").join("scenarios");
    std::fs::create_dir_all(&mine).unwrap();
    std::fs::write(
        mine.join("doctora.ron"),
        retitled("doctora.ron", "My Own Doctora"),
    )
    .unwrap();
    let own = retitled("you-forgot.ron", "Another One")
        .replace("id: \"you-forgot\"", "id: \"another-one\"");
    std::fs::write(mine.join("another.ron"), own).unwrap();
    let out = at.run(&["list"], "");
    let listed = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{listed}{}", text(&out.stderr));
    let (users, shipped) = listed.split_once("Scenarios shipped with Attune:").unwrap();
    assert!(
        users.starts_with(&format!("Scenarios in {}:", mine.display())),
        "{listed}"
    );
    assert!(users.contains("My Own Doctora"), "{listed}");
    assert!(
        users.contains("(in place of the shipped version: doctora)"),
        "{listed}"
    );
    assert!(users.contains("another-one"), "{listed}");
    assert!(!shipped.contains("doctora"), "{listed}");
    assert!(shipped.contains("you-forgot"), "{listed}");
    // `play doctora` plays the user's copy.
    let out = at.run(&["play", "doctora", "--seed", "3"], &"1\n".repeat(40));
    assert!(text(&out.stdout).contains("My Own Doctora"));
    // --scenarios adds a folder before the user's one.
    let other = at.home.join("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(
        other.join("doctora.ron"),
        retitled("doctora.ron", "Doctora Elsewhere"),
    )
    .unwrap();
    let out = at.run(&["--scenarios", other.to_str().unwrap(), "list"], "");
    let listed = text(&out.stdout);
    assert!(listed.contains("Doctora Elsewhere"), "{listed}");
    assert!(!listed.contains("My Own Doctora"), "{listed}");
    assert!(listed.contains("another-one"), "{listed}");
    // A folder on disk is checked by default, not the shipped scenarios.
    let out = at.run(&["check"], "");
    assert!(
        text(&out.stdout).contains("checked 2 files"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn files_in_the_source_tree_win_over_the_shipped_copies() {
    // They are the same as the shipped copies, so nothing is said.
    let listed = output(
        {
            let mut c = binary::attune();
            c.arg("list");
            c
        },
        "",
    );
    let listed = text(&listed.stdout);
    assert!(listed.starts_with("Scenarios in scenarios:"), "{listed}");
    assert!(!listed.contains("in place of"), "{listed}");
    assert!(!listed.contains("shipped with"), "{listed}");
    // From the crate folder, ./scenarios is read: an author's edits there
    // are what is played.
    let out = output(
        {
            let mut c = binary::attune();
            c.args(["list", "--json"]);
            c
        },
        "",
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), SHIPPED.len());
    for e in v.as_array().unwrap() {
        let path = e["source"].as_str().unwrap();
        assert!(Path::new(path).starts_with("scenarios"), "{e}");
    }
}
