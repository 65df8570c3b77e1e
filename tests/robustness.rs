//! Bad input never panics: random damage to a scenario or a log, huge
//! files, deep nesting. Every failure comes back as a located diagnostic.

use std::path::Path;

use attune::load::{MAX_FILE_BYTES, load_file, load_str};
use attune::log::SessionLog;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn damage(text: &str, rng: &mut ChaCha8Rng) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let edits = 1 + rng.next_u32() % 4;
    for _ in 0..edits {
        if chars.is_empty() {
            break;
        }
        let at = rng.next_u32() as usize % chars.len();
        match rng.next_u32() % 5 {
            0 => {
                chars.remove(at);
            }
            1 => chars.insert(
                at,
                ['(', ')', '[', ']', '"', ',', ':', '\u{0}', 'é'][rng.next_u32() as usize % 9],
            ),
            2 => chars.truncate(at),
            3 => {
                let end = (at + 1 + rng.next_u32() as usize % 40).min(chars.len());
                chars.drain(at..end);
            }
            _ => chars[at] = 'x',
        }
    }
    chars.into_iter().collect()
}

/// `rounds` random damages of a scenario's text: each either loads, or
/// fails with an error; every location is inside the text. Returns how
/// many failed.
fn fuzz_scenario(good: &str, seed: u64, rounds: usize) -> usize {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut failed = 0;
    for _ in 0..rounds {
        let text = damage(good, &mut rng);
        let loaded = load_str(Path::new("damaged.ron"), &text);
        if loaded.scenario.is_none() {
            failed += 1;
            assert!(
                loaded.diagnostics.iter().any(|d| d.is_error()),
                "no error for:\n{text}"
            );
        }
        let lines = text.lines().count().max(1);
        for d in &loaded.diagnostics {
            if let Some(loc) = &d.location {
                assert!(
                    loc.line >= 1 && loc.line <= lines,
                    "line {} of {lines}: {d:?}",
                    loc.line
                );
                assert!(loc.col >= 1);
            }
        }
        let _ = attune::diag::render(&loaded.diagnostics);
    }
    failed
}

/// A sealed log of a random session of `scenario`, and its text.
fn sealed_log(
    dir: &Path,
    scenario: &std::sync::Arc<attune::model::Scenario>,
    seed: u64,
) -> (SessionLog, String) {
    let mut session = attune::engine::Session::new(scenario.clone(), seed);
    let mut log = SessionLog::start(scenario, seed, Some("goal".into()));
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    while !session.is_ended() && session.turns().len() < 30 {
        let offered = session.offered();
        let pick = offered
            .at(rng.next_u32() as usize % offered.len())
            .id
            .to_owned();
        if rng.next_u32() % 3 == 0 {
            session.note_inner_state("a pull to reassure");
        }
        session.choose(&pick, 5).unwrap();
    }
    log.sync(&session);
    let path = dir.join(format!("log-{seed}.ron"));
    log.save(&path).unwrap();
    let mut read = SessionLog::load(&path).unwrap();
    assert!(read.is_sealed());
    read.seal = None;
    assert_eq!(read, log);
    (log, std::fs::read_to_string(&path).unwrap())
}

/// `rounds` random damages of a sealed log: each is refused with a
/// diagnostic naming the file, or (when the damage touched only layout) it
/// still reads as exactly the log that was written, and replays.
fn fuzz_log(
    dir: &Path,
    scenario: &std::sync::Arc<attune::model::Scenario>,
    log: &SessionLog,
    good: &str,
    seed: u64,
    rounds: usize,
) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let p = dir.join("damaged.ron");
    for _ in 0..rounds {
        let text = damage(good, &mut rng);
        std::fs::write(&p, &text).unwrap();
        match SessionLog::load(&p) {
            Err(d) => assert_eq!(d.path, p),
            Ok(mut read) => {
                read.seal = None;
                assert_eq!(&read, log, "a changed log was read as genuine:\n{text}");
                attune::log::replay(&read, scenario.clone(), &p).unwrap();
            }
        }
    }
}

/// How many times longer the fuzzing runs: `ATTUNE_FUZZ_SCALE` (1 in CI).
fn scale() -> usize {
    std::env::var("ATTUNE_FUZZ_SCALE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
}

#[test]
fn damaged_scenarios_give_located_diagnostics_not_panics() {
    let good = std::fs::read_to_string("tests/fixtures/mini.ron").unwrap();
    let rounds = 1500 * scale();
    let failed = fuzz_scenario(&good, 1, rounds);
    assert!(
        failed > rounds / 3,
        "most random damage should be caught ({failed})"
    );
}

#[test]
fn damaged_logs_are_refused_or_read_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = std::sync::Arc::new(
        load_file(Path::new("tests/fixtures/mini.ron"))
            .scenario
            .unwrap(),
    );
    let (log, good) = sealed_log(dir.path(), &scenario, 3);
    fuzz_log(dir.path(), &scenario, &log, &good, 2, 500 * scale());
}

/// The long run, outside CI: every shipped scenario and a log of each,
/// damaged many times (`cargo test --test robustness -- --ignored`).
#[test]
#[ignore = "minutes long; run by hand or with ATTUNE_FUZZ_SCALE"]
fn long_fuzz_of_the_library_and_its_logs() {
    let dir = tempfile::tempdir().unwrap();
    let (loaded, _) = attune::load::load_all(&["scenarios".into()]);
    for (i, l) in loaded.iter().enumerate() {
        let text = std::fs::read_to_string(&l.path).unwrap();
        fuzz_scenario(&text, 100 + i as u64, 20_000 * scale());
        let scenario = std::sync::Arc::new(l.scenario.clone().unwrap());
        let (log, good) = sealed_log(dir.path(), &scenario, i as u64);
        fuzz_log(
            dir.path(),
            &scenario,
            &log,
            &good,
            200 + i as u64,
            5_000 * scale(),
        );
    }
}

#[test]
fn huge_and_deeply_nested_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge.ron");
    std::fs::write(&huge, vec![b' '; MAX_FILE_BYTES as usize + 1]).unwrap();
    let loaded = load_file(&huge);
    assert_eq!(loaded.diagnostics[0].code.as_str(), "too-large");

    let deep = dir.path().join("deep.ron");
    let body = format!("Scenario(format: 1, state: {}", "{\"a\": ".repeat(100_000));
    std::fs::write(&deep, body).unwrap();
    let loaded = load_file(&deep);
    assert!(loaded.scenario.is_none());
    assert!(!loaded.diagnostics.is_empty());

    let deep_log = dir.path().join("deep-log.ron");
    std::fs::write(
        &deep_log,
        "SessionLog(turns: ".to_owned() + &"[".repeat(100_000),
    )
    .unwrap();
    assert!(SessionLog::load(&deep_log).is_err());
}

#[test]
fn a_folder_or_missing_file_is_a_diagnostic() {
    let loaded = load_file(Path::new("tests"));
    assert_eq!(loaded.diagnostics[0].code.as_str(), "io");
    let loaded = load_file(Path::new("does/not/exist.ron"));
    assert!(loaded.diagnostics[0].message.contains("no such file"));
}

/// Every value in a saved log, changed on its own, is caught when the log
/// is read: an edit by hand never passes as what Attune wrote.
#[test]
fn any_single_field_edit_of_a_log_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = std::sync::Arc::new(
        load_file(Path::new("tests/fixtures/mini.ron"))
            .scenario
            .unwrap(),
    );
    let mut session = attune::engine::Session::new(scenario.clone(), 3);
    let mut log = SessionLog::start(&scenario, 3, Some("goal".into()));
    session.note_inner_state("an urge to fill the gap");
    session.choose("agenda", 5).unwrap();
    session.choose("reassure", 5).unwrap();
    log.sync(&session);
    log.difficulty_rating = Some(4);
    let path = dir.path().join("log.ron");
    log.save(&path).unwrap();
    let good = std::fs::read_to_string(&path).unwrap();
    let mut edits = 0;
    for (n, line) in good.lines().enumerate() {
        let Some(edited) = edit_value(line) else {
            continue;
        };
        let text: Vec<String> = good
            .lines()
            .enumerate()
            .map(|(i, l)| if i == n { edited.clone() } else { l.to_owned() })
            .collect();
        let p = dir.path().join(format!("edit-{n}.ron"));
        std::fs::write(&p, text.join("\n")).unwrap();
        let read = SessionLog::load(&p);
        assert!(read.is_err(), "line {}: `{edited}` was not detected", n + 1);
        edits += 1;
    }
    // Every field of the opening, both turns, ending, profile and rating.
    assert!(edits >= 30, "only {edits} values edited:\n{good}");
}

/// `line` with its value changed, if it holds one: a number plus one, a
/// text with a letter added, a flag flipped, a value of a list swapped.
fn edit_value(line: &str) -> Option<String> {
    let (key, value) = line.split_once(": ")?;
    let value = value.trim_end_matches(',');
    let changed = if let Some(inner) = value.strip_prefix('"') {
        format!("\"x{inner}")
    } else if let Ok(n) = value.parse::<i64>() {
        (n + 1).to_string()
    } else if let Ok(x) = value.parse::<f64>() {
        format!("{}", x + 0.5)
    } else if value == "true" || value == "false" {
        (value == "false").to_string()
    } else if value == "Repaired" {
        "Unresolved".to_owned()
    } else {
        return None;
    };
    Some(format!("{key}: {changed},"))
}

/// A pipe, socket or device named as a scenario or a log is refused at
/// once, never read (it would block or never end).
#[cfg(unix)]
#[test]
fn a_fifo_is_refused_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("x.ron");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let loaded = load_file(&fifo);
    assert!(loaded.scenario.is_none());
    assert!(
        loaded.diagnostics[0].message.contains("not a regular file"),
        "{:?}",
        loaded.diagnostics
    );
    let log = SessionLog::load(&fifo).unwrap_err();
    assert!(
        log.message.contains("not a regular file"),
        "{}",
        log.message
    );
}
