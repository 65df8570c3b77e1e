//! Running the `attune` binary as a user would, for the integration tests.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// The binary, run from the crate folder, with plain-text output and no
/// library named by the environment.
pub fn attune() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_attune"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c.env_remove("ATTUNE_SCENARIOS");
    // Help and errors in plain text, whatever the terminal.
    c.env_remove("CLICOLOR_FORCE");
    c.env("NO_COLOR", "1");
    // Sessions wrapped at 80 columns, as for any pipe.
    c.env_remove("COLUMNS");
    // Times are shown in local time: the same zone on every machine.
    c.env("TZ", "UTC");
    c
}

/// Run `command` with `stdin` piped in, and collect what it printed.
pub fn output(mut command: Command, stdin: &str) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// Printed bytes as text.
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Text with its lines joined, every run of white space one space: what
/// was said, however it was wrapped.
pub fn flat(shown: &str) -> String {
    shown.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What `attune replay` printed (`shown`) before its last line, which says
/// when the session was played and how hard it felt: the transcript the
/// session itself printed.
pub fn transcript(shown: &str) -> String {
    let body = shown.trim_end_matches('\n');
    let (before, last) = body.rsplit_once('\n').unwrap_or(("", body));
    assert!(last.starts_with("Played on "), "{shown}");
    format!("{before}\n")
}

/// The small fixture most command-line tests play.
pub const MINI: &str = "tests/fixtures/mini.ron";

/// `attune ARGS` with `stdin` piped in.
pub fn run(args: &[&str], stdin: &str) -> Output {
    let mut c = attune();
    c.args(args);
    output(c, stdin)
}

/// `mini` played with seed 4 (options at turn 1: 1 Wait, 2 Notice the
/// change, 3 Move to the worksheet; at turn 2: 1 Press, 2 Own the last
/// session, 3 Reassure; at turn 3: 1 Explain why, 2 Stay with it), with
/// `answers` on stdin and `more` arguments, saved in `dir/s.ron`.
pub fn played_mini(
    dir: &std::path::Path,
    answers: &str,
    more: &[&str],
) -> (std::path::PathBuf, Output) {
    let log = dir.join("s.ron");
    let mut args = vec!["play", MINI, "--seed", "4", "--log", log.to_str().unwrap()];
    args.extend(more);
    let out = run(&args, answers);
    (log, out)
}
