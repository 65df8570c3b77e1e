//! Crash safety, tested the hard way: `attune play` is killed with SIGKILL
//! at random moments of a session, and each time the log on disk must load
//! and hold every turn whose save had finished. Seeded, so a failure can be
//! run again; `ATTUNE_CRASH_KILLS=N` (or the ignored test) kills more often.
#![cfg(unix)]
// Prints its own counts, never scenario or log text.
#![allow(clippy::disallowed_macros)]

#[allow(dead_code)]
#[path = "common/binary.rs"]
mod binary;

use std::io::Write;
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use attune::log::{SessionLog, find_unfinished};
use binary::{attune, output, text};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Two client turns that send each other back and forth: a session as
/// long as its answers.
const LOOP: &str = "tests/fixtures/loop.ron";
const TURNS: usize = 40;

fn answers() -> Vec<&'static str> {
    ["defend", "explain"]
        .into_iter()
        .cycle()
        .take(TURNS)
        .collect()
}

fn stdin_of(answers: &[&str]) -> String {
    answers.iter().map(|a| format!("{a}\n")).collect()
}

/// `attune play LOOP --seed 5 --log LOG`, answers on standard input.
fn play_command(log: &Path) -> std::process::Command {
    let mut c = attune();
    c.args(["play", LOOP, "--seed", "5", "--log"]).arg(log);
    c
}

/// The highest `-- Turn N --` printed: the transcript of turn N is printed
/// only after the save of turn N - 1 returned.
fn last_turn_shown(stdout: &str) -> usize {
    stdout
        .lines()
        .filter_map(|l| {
            l.strip_prefix("-- Turn ")?
                .strip_suffix(" --")?
                .parse()
                .ok()
        })
        .max()
        .unwrap_or(0)
}

/// Files beside `log` that a writer of it keeps: temporary files and the
/// lock.
fn leftovers(log: &Path) -> Vec<String> {
    let name = log.file_name().unwrap().to_str().unwrap();
    let prefix = format!(".{name}.");
    std::fs::read_dir(log.parent().unwrap())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&prefix))
        .collect()
}

/// Start a session, let it run for `delay`, kill it; what it printed.
fn killed_after(log: &Path, delay: Duration) -> Output {
    let mut child = play_command(log)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    // All the answers at once (they fit in a pipe's buffer); the session
    // then runs as fast as it can save.
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(stdin_of(&answers()).as_bytes()).unwrap();
    drop(stdin);
    std::thread::sleep(delay);
    // SIGKILL: no destructor, no flush, no cleanup runs.
    let _ = child.kill();
    child.wait_with_output().unwrap()
}

/// How long an uninterrupted session takes, and that it saves every turn.
fn calibrate(dir: &Path) -> Duration {
    let mut times: Vec<Duration> = (0..3)
        .map(|i| {
            let log = dir.join(format!("whole-{i}.ron"));
            let started = Instant::now();
            let out = output(play_command(&log), &stdin_of(&answers()));
            let took = started.elapsed();
            assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
            assert!(
                text(&out.stderr).contains(&format!("Your {TURNS} turns are saved")),
                "{}",
                text(&out.stderr)
            );
            assert_eq!(SessionLog::load(&log).unwrap().turns.len(), TURNS);
            assert!(leftovers(&log).is_empty(), "{:?}", leftovers(&log));
            took
        })
        .collect();
    times.sort();
    times[1]
}

/// Kill `kills` sessions at moments drawn from `seed`; check each log.
fn kill_sessions(kills: usize, seed: u64) {
    let dir = tempfile::tempdir().unwrap();
    let whole = calibrate(dir.path());
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let expected = answers();
    let mut mid_session = 0;
    let mut logs = 0;
    for i in 0..kills {
        let log = dir.path().join(format!("killed-{i}.ron"));
        // Up to half as long again as a whole session: some kills land
        // before the first save, most during the session, some after.
        let span = whole.as_micros() as u64 * 3 / 2;
        let delay =
            Duration::from_micros(((u128::from(rng.next_u64()) * u128::from(span)) >> 64) as u64);
        let out = killed_after(&log, delay);
        let stdout = text(&out.stdout);
        let context = format!("kill {i} (seed {seed}) after {delay:?}");
        let shown = last_turn_shown(&stdout);
        if text(&out.stderr).contains("Session log:") {
            assert!(log.exists(), "{context}: the first save was reported");
        }
        if !log.exists() {
            // Killed before the first save finished: nothing was shown.
            assert!(stdout.is_empty(), "{context}: no log, but\n{stdout}");
            continue;
        }
        logs += 1;
        let saved = SessionLog::load(&log)
            .unwrap_or_else(|d| panic!("{context}: the log does not load: {}", d.message));
        let options: Vec<&str> = saved.turns.iter().map(|t| t.option.as_str()).collect();
        assert_eq!(
            options,
            expected[..options.len()],
            "{context}: the log's turns are not the answers given"
        );
        assert!(
            saved.turns.len() + 1 >= shown,
            "{context}: turn {shown} was shown, so {} turns were saved, but the log holds {}",
            shown.saturating_sub(1),
            saved.turns.len()
        );
        if (1..TURNS).contains(&saved.turns.len()) {
            mid_session += 1;
        }
        // Now and then, carry on where the killed session stopped: the
        // stale lock and temporary files of the killed writer are no
        // obstacle and are gone afterwards.
        if i % 10 == 0 {
            let mut resume = attune();
            resume.arg("resume").arg(&log);
            let out = output(resume, &stdin_of(&expected[saved.turns.len()..]));
            let err = text(&out.stderr);
            assert!(
                err.contains(&format!("Your {TURNS} turns are saved")),
                "{context}: resume said\n{err}"
            );
            assert_eq!(SessionLog::load(&log).unwrap().turns.len(), TURNS);
            assert!(
                leftovers(&log).is_empty(),
                "{context}: {:?}",
                leftovers(&log)
            );
        }
    }
    eprintln!(
        "{kills} kills: {logs} with a log, {mid_session} during a session (a whole one took {whole:?})"
    );
    // Temporary files left by the kills are never taken for sessions.
    let unfinished = find_unfinished(dir.path());
    assert_eq!(unfinished.len(), logs + 3, "{unfinished:?}");
    assert!(
        unfinished
            .iter()
            .all(|(p, _)| p.extension().is_some_and(|x| x == "ron"))
    );
    assert!(
        mid_session * 10 >= kills,
        "only {mid_session} of {kills} kills landed during a session (a whole one took {whole:?})"
    );
}

#[test]
fn a_session_killed_at_random_moments_keeps_every_saved_turn() {
    let kills = std::env::var("ATTUNE_CRASH_KILLS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100);
    kill_sessions(kills, 9);
}

#[test]
#[ignore = "slow: a thousand kills; run with --ignored"]
fn a_thousand_kills() {
    kill_sessions(1000, 2718);
}
