//! The README's example scenario parses and validates without a warning,
//! and so do the client examples of the format reference; the example
//! command lines parse. So the documentation cannot drift from the format
//! or the command line.

use std::path::Path;

use attune::load::load_str;

/// The fenced blocks of a given language in a Markdown file.
fn blocks(markdown: &str, lang: &str) -> Vec<String> {
    let fence = format!("```{lang}");
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match &mut current {
            None if line.trim() == fence => current = Some(String::new()),
            Some(buf) if line.trim() == "```" => {
                out.push(std::mem::take(buf));
                current = None;
            }
            Some(buf) => {
                buf.push_str(line);
                buf.push('\n');
            }
            None => {}
        }
    }
    out
}

/// The `client` examples in docs/format.md, each put in place of the
/// client of a small scenario, read without a problem.
#[test]
fn the_client_examples_of_the_format_reference_are_valid() {
    let doc = std::fs::read_to_string("docs/format.md").unwrap();
    let mini = std::fs::read_to_string("tests/fixtures/mini.ron").unwrap();
    let start = mini.find("    client: (").unwrap();
    let end = start + mini[start..].find("\n    ),\n").unwrap() + "\n    ),\n".len();
    let clients: Vec<String> = blocks(&doc, "ron-fragment")
        .into_iter()
        .filter(|b| b.starts_with("client: ("))
        .collect();
    assert!(
        clients.len() >= 2,
        "the plain client and one with `appearance`"
    );
    assert!(clients.iter().any(|c| c.contains("appearance: (")));
    for client in clients {
        let text = format!("{}{}{}", &mini[..start], client, &mini[end..]);
        let loaded = load_str(Path::new("docs/format.md"), &text);
        assert!(
            loaded.diagnostics.is_empty(),
            "{client}\n{}",
            attune::diag::render(&loaded.diagnostics)
        );
    }
}

#[test]
fn readme_example_scenario_is_valid() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let examples = blocks(&readme, "ron");
    assert_eq!(examples.len(), 1, "the README has one scenario example");
    let loaded = load_str(Path::new("README.md"), &examples[0]);
    assert!(
        loaded.diagnostics.is_empty(),
        "{}",
        attune::diag::render(&loaded.diagnostics)
    );
    let s = loaded.scenario.unwrap();
    assert_eq!(s.id, "running-late");
    assert_eq!(s.endings().count(), 2);
}

#[test]
fn readme_command_lines_parse() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let mut checked = Vec::new();
    for block in blocks(&readme, "sh") {
        for line in block.lines() {
            // The command after a pipe, without its comment; optional parts
            // in brackets are given.
            let command = line.split(" #").next().unwrap();
            let command = command.rsplit("| ").next().unwrap().trim();
            if command != "attune" && !command.starts_with("attune ") {
                continue;
            }
            let words: Vec<String> = command
                .replace(['[', ']'], "")
                .split_whitespace()
                .map(String::from)
                .collect();
            if let Err(e) = attune::cli::parse_from(&words) {
                panic!("README: `{command}` does not parse:\n{e}");
            }
            checked.push(command.to_owned());
        }
    }
    assert!(checked.len() >= 10, "only {checked:?}");
}

#[test]
fn readme_names_the_two_setup_commands() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    // One build profile for both, so Bevy is built once.
    assert!(readme.contains("cargo run --locked "));
    assert!(readme.contains("cargo test --locked "));
    assert!(!readme.contains("cargo run --release"));
    let ci = std::fs::read_to_string(".ci/run").unwrap();
    assert!(
        ci.contains("cargo test --locked"),
        ".ci/run runs the README's test command"
    );
}

/// The authoring walkthrough in docs/format.md, run command by command in
/// an empty folder: every step succeeds, and does what the text says.
#[test]
fn the_authoring_walkthrough_runs() {
    let doc = std::fs::read_to_string("docs/format.md").unwrap();
    let block = blocks(&doc, "sh")
        .into_iter()
        .find(|b| b.contains("attune new late-again"))
        .expect("docs/format.md has the walkthrough");
    let dir = tempfile::tempdir().unwrap();
    let mut ran = Vec::new();
    for line in block.lines() {
        let command = line.split(" #").next().unwrap().trim();
        let (command, into) = match command.split_once(" > ") {
            Some((c, file)) => (c.trim(), Some(file.trim())),
            None => (command, None),
        };
        let words: Vec<&str> = command.split_whitespace().collect();
        assert_eq!(words[0], "attune", "{line}");
        if words[1] == "app" {
            // Opens a window: only its command line is checked here.
            attune::cli::parse_from(&words).unwrap();
            continue;
        }
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_attune"))
            .args(&words[1..])
            .current_dir(dir.path())
            .env("ATTUNE_LOG_DIR", dir.path().join("logs"))
            .env_remove("ATTUNE_SCENARIOS")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "`{command}` failed:\n{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        if let Some(file) = into {
            std::fs::write(dir.path().join(file), &out.stdout).unwrap();
        }
        ran.push((words[1].to_owned(), stdout));
    }
    let said = |cmd: &str, what: &str| {
        assert!(
            ran.iter().any(|(c, out)| c == cmd && out.contains(what)),
            "no `attune {cmd}` printed {what:?}"
        );
    };
    said("check", "checked 1 file: 1 ok, 0 errors, 0 warnings");
    said("graph", "lead to `annoyed`");
    said("sim", "Simulated 10000 sessions");
    said("play", "[debug] turn 2 at `get-on`");
    said("play", "== Session ended:");
    said("check", "0 errors, 0 warnings");
    let dot = std::fs::read_to_string(dir.path().join("late-again.dot")).unwrap();
    assert!(dot.contains("digraph \"late-again\" {"), "{dot}");
    assert_eq!(ran.len(), 8, "every step but the app ran");
}
