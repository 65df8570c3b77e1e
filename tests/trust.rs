//! Logs that cannot lie: an edited log is refused and named, a forged one
//! still has to fit its scenario, a changed scenario is said out loud, and
//! logs from the previous format still replay.

#[allow(dead_code)]
#[path = "common/binary.rs"]
mod binary;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use attune::format::EndingKind;
use attune::log::SessionLog;
use binary::{MINI, run, text};

/// `mini` played with seed 4, stopped after its first answer (or played to
/// the end), saved in `dir`.
fn played(dir: &Path, answers: &str) -> PathBuf {
    let (log, out) = binary::played_mini(dir, answers, &[]);
    assert!(out.status.code().is_some(), "{}", text(&out.stderr));
    log
}

fn replay(log: &Path, scenario: &str) -> Output {
    run(
        &["replay", log.to_str().unwrap(), "--scenario", scenario],
        "",
    )
}

#[test]
fn a_hand_edited_seed_is_refused_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let log = played(dir.path(), "pause\nown-it\nstay\n");
    let text_before = fs::read_to_string(&log).unwrap();
    let edited = text_before.replace("seed: 4,", "seed: 5,");
    assert_ne!(edited, text_before);
    fs::write(&log, &edited).unwrap();
    let out = replay(&log, MINI);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("error[log-edited]"), "{err}");
    assert!(err.contains("its opening (scenario, seed"), "{err}");
    // Refusing never rewrites the file.
    assert_eq!(fs::read_to_string(&log).unwrap(), edited);
}

/// A change made to a log before it is saved again.
type Forge = fn(&mut SessionLog);

#[test]
fn a_forged_log_with_impossible_values_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let log = played(dir.path(), "pause\nown-it\nstay\n");
    let genuine = SessionLog::load(&log).unwrap();
    // Each forgery is saved by Attune's own writer, so its seal is right:
    // the values themselves give it away.
    let forgeries: [(&str, Forge); 3] = [
        ("`scenario_hash` is not a content hash", |l| {
            l.scenario_hash = "not-a-hash".into()
        }),
        ("ratings go from 0 to 10", |l| {
            l.difficulty_rating = Some(255)
        }),
        ("`started` is not a time", |l| {
            l.started = "yesterday-ish".into()
        }),
    ];
    for (said, forge) in forgeries {
        let mut l = genuine.clone();
        forge(&mut l);
        l.save(&log).unwrap();
        let out = replay(&log, MINI);
        assert_eq!(out.status.code(), Some(1));
        let err = text(&out.stderr);
        assert!(err.contains("error[log-invalid]"), "{err}");
        assert!(err.contains(said), "{said}: {err}");
    }
    // An ending kind that is not the scenario's.
    let mut l = genuine.clone();
    l.ending.as_mut().unwrap().kind = EndingKind::ClientLeft;
    l.save(&log).unwrap();
    let out = replay(&log, MINI);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("error[log-mismatch]"), "{err}");
    assert!(err.contains("but the scenario calls it repaired"), "{err}");
}

#[test]
fn a_format_1_log_still_replays_with_a_note() {
    let out = replay(Path::new("tests/fixtures/logs/mini-format-1.ron"), MINI);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("== Session ended: Back in touch"));
    let err = text(&out.stderr);
    assert!(err.contains("written by an earlier version"), "{err}");
    assert!(err.contains("edits to it cannot be detected"), "{err}");
}

#[test]
fn resume_on_a_changed_scenario_says_so_and_needs_consent() {
    let dir = tempfile::tempdir().unwrap();
    let log = played(dir.path(), "pause\n");
    let before = fs::read_to_string(&log).unwrap();
    // The author rewords a rationale: every turn still fits.
    let changed = dir.path().join("mini.ron");
    let source = fs::read_to_string(MINI).unwrap();
    let reworded = source.replace(
        "Leaves space without pressure.",
        "Leaves room, without pressure.",
    );
    assert_ne!(reworded, source);
    fs::write(&changed, reworded).unwrap();
    let scenario = changed.to_str().unwrap();
    let log_arg = log.to_str().unwrap();

    let refused = run(&["resume", log_arg, "--scenario", scenario], "own-it\n");
    assert_eq!(refused.status.code(), Some(1));
    let err = text(&refused.stderr);
    assert!(
        err.contains("has changed since this session was played"),
        "{err}"
    );
    assert!(err.contains("--allow-changed"), "{err}");
    assert_eq!(fs::read_to_string(&log).unwrap(), before, "left untouched");

    let resumed = run(
        &["resume", log_arg, "--scenario", scenario, "--allow-changed"],
        "own-it\nstay\n",
    );
    assert_eq!(resumed.status.code(), Some(0), "{}", text(&resumed.stderr));
    let after = SessionLog::load(&log).unwrap();
    let new_hash = attune::load::load_file(&changed)
        .scenario
        .unwrap()
        .content_hash()
        .to_owned();
    let per_turn: Vec<Option<&str>> = after
        .turns
        .iter()
        .map(|t| t.scenario_hash.as_deref())
        .collect();
    assert_eq!(
        per_turn,
        [None, Some(new_hash.as_str()), Some(new_hash.as_str())]
    );
    // Replayed on the version it was finished on, there is nothing to say;
    // on the original, the change is named.
    let on_new = replay(&log, scenario);
    assert_eq!(on_new.status.code(), Some(0));
    assert!(!text(&on_new.stderr).contains("has changed"));
    let on_old = replay(&log, MINI);
    assert_eq!(on_old.status.code(), Some(0));
    assert!(text(&on_old.stderr).contains("has changed since this session was played"));
}

/// Logs written by earlier versions replay exactly as they were played:
/// the same option order (the numbers the trainee saw), the same draws.
#[test]
fn stored_logs_of_earlier_formats_replay_as_they_were_played() {
    for format in [1, 2] {
        let log = format!("tests/fixtures/logs/mini-format-{format}.ron");
        let out = replay(Path::new(&log), MINI);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        insta::assert_snapshot!(format!("replay-format-{format}"), text(&out.stdout));
    }
}

/// Logs written before the content hash was taken over the source carry
/// the hash of that time. On the scenario they were played on they replay
/// and resume without a word about a change, and a resumed one records no
/// new hash; on an edited scenario the change is still named.
#[test]
fn logs_with_the_earlier_content_hash_are_not_taken_for_changed() {
    let finished = Path::new("tests/fixtures/logs/mini-format-3-old-hash.ron");
    let log = SessionLog::load(finished).unwrap();
    let scenario = attune::load::load_file(Path::new(MINI)).scenario.unwrap();
    assert!(attune::hash::is_legacy(&log.scenario_hash));
    assert!(attune::hash::is_current(scenario.content_hash()));
    assert_ne!(log.scenario_hash, scenario.content_hash());
    assert_eq!(scenario.legacy_hash(), Some(log.scenario_hash.as_str()));
    assert!(scenario.has_hash(&log.scenario_hash));
    assert!(scenario.has_hash(scenario.content_hash()));

    for stored in [
        "tests/fixtures/logs/mini-format-1.ron",
        "tests/fixtures/logs/mini-format-2.ron",
        "tests/fixtures/logs/mini-format-3-old-hash.ron",
    ] {
        let out = replay(Path::new(stored), MINI);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let err = text(&out.stderr);
        assert!(!err.contains("changed"), "{stored}: {err}");
    }
    let out = replay(finished, MINI);
    insta::assert_snapshot!("replay-format-3-old-hash", text(&out.stdout));

    // Resumed, it goes on without asking and records no hash per turn.
    let dir = tempfile::tempdir().unwrap();
    let unfinished = dir.path().join("u.ron");
    fs::copy(
        "tests/fixtures/logs/mini-format-3-old-hash-unfinished.ron",
        &unfinished,
    )
    .unwrap();
    let before = SessionLog::load(&unfinished).unwrap();
    let log_arg = unfinished.to_str().unwrap();
    let resumed = run(&["resume", log_arg, "--scenario", MINI], "stay\n");
    assert_eq!(resumed.status.code(), Some(0), "{}", text(&resumed.stderr));
    assert!(!text(&resumed.stderr).contains("changed"));
    let after = SessionLog::load(&unfinished).unwrap();
    assert!(after.is_finished());
    assert_eq!(after.turns.len(), before.turns.len() + 1);
    assert_eq!(
        after.scenario_hash, before.scenario_hash,
        "the log keeps its hash"
    );
    assert!(after.turns.iter().all(|t| t.scenario_hash.is_none()));

    // The same log on an edited scenario: the change is named.
    let changed = dir.path().join("mini.ron");
    let source = fs::read_to_string(MINI).unwrap();
    let reworded = source.replace(
        "Leaves space without pressure.",
        "Leaves room, without pressure.",
    );
    assert_ne!(reworded, source);
    fs::write(&changed, reworded).unwrap();
    let out = replay(finished, changed.to_str().unwrap());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("has changed since this session was played"));
}

/// A library update that rescores options and adds a branch alternative
/// does not lose a trainee's past sessions: each replays as it was
/// played, the reactions followed as they happened.
#[test]
fn sessions_replay_after_the_scenario_is_rescored_and_a_branch_grows() {
    let dir = tempfile::tempdir().unwrap();
    let changed = dir.path().join("mini.ron");
    let source = fs::read_to_string(MINI).unwrap();
    let grown = source
        .replacen("attunement: 5,", "attunement: 3,", 1)
        .replacen(
            "(to: \"shrug\", weight: 1),",
            "(to: \"shrug\", weight: 1),\n                        (to: \"shrug\", weight: 6),",
            1,
        );
    assert_ne!(grown, source);
    fs::write(&changed, grown).unwrap();
    let mut opened = 0;
    for seed in 0..10 {
        let log = dir.path().join(format!("s{seed}.ron"));
        let seed = seed.to_string();
        let log_arg = log.to_str().unwrap();
        let out = run(
            &[
                "play",
                MINI,
                "--seed",
                &seed,
                "--log",
                log_arg,
                "--choices",
                "notice",
            ],
            "",
        );
        assert!(out.status.code().is_some(), "{}", text(&out.stderr));
        let played = SessionLog::load(&log).unwrap();
        let shown = run(
            &["replay", log_arg, "--scenario", changed.to_str().unwrap()],
            "",
        );
        assert_eq!(shown.status.code(), Some(0), "{}", text(&shown.stderr));
        let said = text(&shown.stdout);
        let (line, not) = match played.turns[0].reaction.as_str() {
            "opens" => (
                "Last week felt like a lot.",
                "I don't know. Whatever you think.",
            ),
            _ => (
                "I don't know. Whatever you think.",
                "Last week felt like a lot.",
            ),
        };
        assert!(
            said.contains(line) && !said.contains(not),
            "seed {seed}: {said}"
        );
        opened += usize::from(played.turns[0].reaction == "opens");
    }
    assert!(
        opened > 0,
        "no session reached the alternative the new weight crowds out"
    );
}
