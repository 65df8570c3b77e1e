//! The README's example scenario parses and validates without a warning,
//! and its example command lines parse, so the documentation cannot drift
//! from the format or the command line.

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
    assert!(readme.contains("cargo run --release"));
    assert!(readme.contains("cargo test "));
    let ci = std::fs::read_to_string(".ci/run").unwrap();
    assert!(
        ci.contains("cargo test --locked"),
        ".ci/run runs the README's test command"
    );
}
