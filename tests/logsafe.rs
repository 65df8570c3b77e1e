//! Session logs that cannot clobber, collide or claim too much: what is at
//! the log's path is never replaced by something else, one process writes
//! a log at a time, failed writes leave the previous log and nothing else,
//! and `play` says a session is saved only when it is.
// Prints a note about how it runs, never scenario or log text.
#![allow(clippy::disallowed_macros)]
#![cfg(unix)]

#[allow(dead_code)]
#[path = "common/binary.rs"]
mod binary;

use std::io::Write;
use std::os::unix::fs::{FileTypeExt, PermissionsExt, symlink};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use attune::engine::Session;
use attune::load::{MAX_FILE_BYTES, load_file};
use attune::log::{LogError, LogFile, SessionLog, check_target};
use binary::{attune, flat, text};

const MINI: &str = "tests/fixtures/mini.ron";
const LOOP: &str = "tests/fixtures/loop.ron";

/// Run `command` with `stdin` piped in, and collect what it printed. A
/// command refused early may exit before reading its input: that is no
/// error here.
fn output(mut command: Command, stdin: &str) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut input = child.stdin.take().unwrap();
    match input.write_all(stdin.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        written => written.unwrap(),
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn play(log: &Path, seed: &str, answers: &str) -> Output {
    let mut c = attune();
    c.args(["play", MINI, "--seed", seed, "--log"]).arg(log);
    output(c, answers)
}

/// Everything in `dir` but the files named in `keep`.
fn others_in(dir: &Path, keep: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !keep.contains(&n.as_str()))
        .collect();
    v.sort();
    v
}

/// Wait for `child` at most `limit`, killing it if it takes longer (a
/// regression that opens a FIFO would otherwise hang the test run).
fn finish_within(mut child: Child, limit: Duration) -> Output {
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("the command did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn mini_session(seed: u64) -> (Arc<attune::model::Scenario>, Session) {
    let scenario = Arc::new(load_file(Path::new(MINI)).scenario.unwrap());
    (scenario.clone(), Session::new(scenario, seed))
}

// ---- What is at the path stays what it is ----

#[test]
fn a_fifo_given_as_the_log_stays_a_fifo_and_the_session_does_not_start() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.ron");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let mut c = attune();
    c.args(["play", MINI, "--seed", "1", "--log"]).arg(&fifo);
    let child = c
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = finish_within(child, Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!(
            "the session log {} is a named pipe (FIFO), not a regular file",
            fifo.display()
        )),
        "{err}"
    );
    // Refused before the session started: no transcript.
    assert_eq!(text(&out.stdout), "");
    let meta = std::fs::symlink_metadata(&fifo).unwrap();
    assert!(meta.file_type().is_fifo());
    // No lock or temporary file was made beside it.
    assert_eq!(others_in(dir.path(), &["pipe.ron"]), Vec::<String>::new());
}

#[test]
fn a_device_or_folder_is_refused_without_writing_anything() {
    // Looked at only: nothing is written to /dev/null, nor beside it.
    for device in ["/dev/null", "/dev/zero"] {
        let path = Path::new(device);
        match check_target(path) {
            Err(LogError::NotAFile { what, .. }) => assert_eq!(what, "a device"),
            other => panic!("{device}: {other:?}"),
        }
        let e = LogFile::open(path).unwrap_err();
        assert!(matches!(e, LogError::NotAFile { .. }), "{e:?}");
        assert!(
            e.to_string().contains("is a device, not a regular file"),
            "{e}"
        );
    }
    assert!(!Path::new("/dev/.null.lock").exists());
    // A folder, through the binary.
    let dir = tempfile::tempdir().unwrap();
    let out = play(dir.path(), "1", "agenda\nreassure\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("is a folder, not a regular file"),
        "{}",
        text(&out.stderr)
    );
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
}

#[test]
fn a_symlinked_log_stays_a_symlink_and_its_file_gets_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let real = elsewhere.path().join("real.ron");
    std::fs::write(&real, "an older session\n").unwrap();
    let link = dir.path().join("link.ron");
    symlink(&real, &link).unwrap();
    let out = play(&link, "3", "agenda\nreassure\n");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read_link(&link).unwrap(), real);
    let saved = SessionLog::load(&real).unwrap();
    assert_eq!(saved.seed, 3);
    assert_eq!(saved.turns.len(), 2);
    assert!(saved.is_finished());
    // The temporary file was made (and the lock kept) beside the real file,
    // and neither is left anywhere.
    assert_eq!(others_in(dir.path(), &["link.ron"]), Vec::<String>::new());
    assert_eq!(
        others_in(elsewhere.path(), &["real.ron"]),
        Vec::<String>::new()
    );
    // Resume goes through the link too.
    let out = play(&link, "4", "agenda\n");
    assert_eq!(out.status.code(), Some(1));
    let mut c = attune();
    c.arg("resume").arg(&link);
    let out = output(c, "reassure\n");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(SessionLog::load(&real).unwrap().seed, 4);
}

#[test]
fn a_symlink_to_nothing_or_to_a_fifo_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let dangling = dir.path().join("gone.ron");
    symlink(dir.path().join("nowhere.ron"), &dangling).unwrap();
    let out = play(&dangling, "1", "agenda\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("is a symbolic link to a file that does not exist"),
        "{}",
        text(&out.stderr)
    );
    assert!(!dir.path().join("nowhere.ron").exists());

    let fifo = dir.path().join("pipe");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let link = dir.path().join("to-pipe.ron");
    symlink(&fifo, &link).unwrap();
    assert!(matches!(
        check_target(&link),
        Err(LogError::NotAFile {
            what: "a named pipe (FIFO)",
            ..
        })
    ));
}

#[test]
fn planted_temporary_and_lock_links_do_not_redirect_any_write() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "precious\n").unwrap();
    let log = dir.path().join("s.ron");
    // The temporary name older versions used, and a guess at the new ones.
    symlink(&victim, dir.path().join("s.ron.tmp")).unwrap();
    symlink(&victim, dir.path().join(".s.ron.tmp")).unwrap();
    let out = play(&log, "1", "agenda\nreassure\n");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    assert!(std::fs::symlink_metadata(&log).unwrap().is_file());
    assert_eq!(SessionLog::load(&log).unwrap().turns.len(), 2);

    // A link planted where the lock goes: refused, the victim untouched.
    let other = dir.path().join("t.ron");
    symlink(&victim, dir.path().join(".t.ron.lock")).unwrap();
    let out = play(&other, "1", "agenda\nreassure\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains(".t.ron.lock"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    assert!(!other.exists());
}

#[test]
fn stale_temporary_files_are_ignored_and_then_removed() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("s.ron");
    let out = play(&log, "1", "agenda\n");
    assert_eq!(out.status.code(), Some(1));
    // What a writer killed mid-save leaves: a temporary file, maybe one
    // that was cut short.
    let stale = dir.path().join(".s.ron.AbC123.tmp");
    std::fs::write(&stale, "SessionLog(format: 1, scen").unwrap();
    let unfinished = attune::log::find_unfinished(dir.path());
    assert_eq!(unfinished.len(), 1);
    assert_eq!(unfinished[0].0, log);
    // The next writer of the log removes it (and nothing else).
    let keep = dir.path().join(".s.ron.notes.tmp");
    std::fs::write(&keep, "not ours").unwrap();
    let mut c = attune();
    c.arg("resume").arg(&log);
    let out = output(c, "reassure\n");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(!stale.exists());
    assert!(keep.exists());
}

#[test]
fn resuming_a_log_that_is_not_there_makes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no").join("such.ron");
    let mut c = attune();
    c.arg("resume").arg(&missing);
    let out = output(c, "");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("no such file or directory"),
        "{}",
        text(&out.stderr)
    );
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
}

#[test]
fn a_new_log_is_private_and_a_replaced_one_keeps_its_permissions() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("s.ron");
    assert_eq!(play(&log, "1", "agenda\nreassure\n").status.code(), Some(0));
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&log), 0o600);
    std::fs::set_permissions(&log, std::fs::Permissions::from_mode(0o640)).unwrap();
    assert_eq!(play(&log, "2", "agenda\nreassure\n").status.code(), Some(0));
    assert_eq!(mode(&log), 0o640);
}

// ---- One writer per log ----

fn spawn_play(log: &Path, seed: &str) -> Child {
    let mut c = attune();
    c.args(["play", MINI, "--seed", seed, "--log"]).arg(log);
    c.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Wait until `log` holds a session (its first save is done).
fn wait_for_log(log: &Path) {
    let started = Instant::now();
    while SessionLog::load(log).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no log appeared"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn a_second_writer_is_refused_and_leaves_the_log_alone() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("s.ron");
    let mut first = spawn_play(&log, "1");
    wait_for_log(&log);
    let before = std::fs::read(&log).unwrap();
    let in_use = format!(
        "this session is open in another window (PID {})",
        first.id()
    );

    // Another `play` on the same log...
    let second = play(&log, "2", "agenda\nreassure\n");
    assert_eq!(second.status.code(), Some(1));
    assert!(
        text(&second.stderr).contains(&in_use),
        "{}",
        text(&second.stderr)
    );
    assert_eq!(text(&second.stdout), "");
    // ...and a `resume` of it.
    let mut c = attune();
    c.arg("resume").arg(&log);
    let resumed = output(c, "agenda\nreassure\n");
    assert_eq!(resumed.status.code(), Some(1));
    assert!(
        text(&resumed.stderr).contains(&in_use),
        "{}",
        text(&resumed.stderr)
    );
    assert!(std::fs::read(&log).unwrap() == before);
    // And the library's own writer.
    match LogFile::open(&log) {
        Err(LogError::InUse { pid, .. }) => assert_eq!(pid, Some(first.id())),
        other => panic!("{other:?}"),
    }

    // The first one finishes its session and keeps it.
    let mut stdin = first.stdin.take().unwrap();
    stdin.write_all(b"agenda\nreassure\n").unwrap();
    drop(stdin);
    let out = finish_within(first, Duration::from_secs(60));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let saved = SessionLog::load(&log).unwrap();
    assert_eq!(saved.seed, 1);
    assert!(saved.is_finished());
    // Once it is gone, the log is free again, and the lock file with it.
    assert_eq!(others_in(dir.path(), &["s.ron"]), Vec::<String>::new());
    assert!(LogFile::open(&log).is_ok());
}

#[test]
fn two_writers_started_together_never_both_succeed() {
    for round in 0..10 {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("s.ron");
        let mut a = spawn_play(&log, "1");
        let mut b = spawn_play(&log, "2");
        // Both get every answer, but their input stays open: the winner
        // then waits for a rating while holding the log.
        let mut inputs = Vec::new();
        for child in [&mut a, &mut b] {
            let mut stdin = child.stdin.take().unwrap();
            let _ = stdin.write_all(b"agenda\nreassure\n");
            inputs.push(stdin);
        }
        let started = Instant::now();
        while a.try_wait().unwrap().is_none() && b.try_wait().unwrap().is_none() {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "neither stopped"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        drop(inputs);
        let (a, b) = (
            finish_within(a, Duration::from_secs(60)),
            finish_within(b, Duration::from_secs(60)),
        );
        let codes = (a.status.code(), b.status.code());
        let (winner, loser, seed) = match codes {
            (Some(0), Some(1)) => (a, b, 1),
            (Some(1), Some(0)) => (b, a, 2),
            _ => panic!(
                "round {round}: exit codes {codes:?}\n{}\n{}",
                text(&a.stderr),
                text(&b.stderr)
            ),
        };
        assert!(
            text(&loser.stderr).contains("this session is open in another window (PID "),
            "round {round}: {}",
            text(&loser.stderr)
        );
        assert!(text(&winner.stderr).contains("Saved to"));
        let saved = SessionLog::load(&log).unwrap();
        assert_eq!(saved.seed, seed, "round {round}");
        let options: Vec<&str> = saved.turns.iter().map(|t| t.option.as_str()).collect();
        assert_eq!(options, ["agenda", "reassure"]);
        assert!(saved.is_finished());
    }
}

#[test]
fn the_lock_is_released_when_its_holder_is_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("s.ron");
    let held = LogFile::open(&log).unwrap();
    let lock = dir.path().join(".s.ron.lock");
    assert_eq!(
        std::fs::read_to_string(&lock).unwrap().trim(),
        std::process::id().to_string()
    );
    let e = LogFile::open(&log).unwrap_err();
    assert!(matches!(e, LogError::InUse { pid: Some(p), .. } if p == std::process::id()));
    drop(held);
    assert!(!lock.exists());
    let again = LogFile::open(&log).unwrap();
    drop(again);
    // A lock file left by a process that was killed does not hold.
    std::fs::write(&lock, "999999\n").unwrap();
    assert!(LogFile::open(&log).is_ok());
}

// ---- Failed writes leave the previous log, and nothing else ----

/// Whether this process may create files in a folder it may not write
/// (root may): then permission bits cannot make a write fail.
fn permissions_are_bypassed(dir: &Path) -> bool {
    let ro = dir.join("probe");
    std::fs::create_dir(&ro).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    let bypassed = std::fs::write(ro.join("x"), "x").is_ok();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::remove_dir_all(&ro).unwrap();
    bypassed
}

/// A read-only folder refuses the new session's writes. Covers: the lock
/// and the first save failing up front, with the old log kept as it was.
/// As root, where permission bits do not stop writes, the folder is
/// replaced by a log path under a regular file (which no one can write).
#[test]
fn a_log_that_cannot_be_written_fails_clearly_and_keeps_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("logs");
    std::fs::create_dir(&folder).unwrap();
    let log = folder.join("s.ron");
    assert_eq!(play(&log, "1", "agenda\nreassure\n").status.code(), Some(0));
    let before = std::fs::read(&log).unwrap();
    let root = permissions_are_bypassed(dir.path());
    let target = if root {
        eprintln!("running as root: a path under a regular file stands in for a read-only folder");
        log.join("s.ron")
    } else {
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
        log.clone()
    };
    let out = play(&target, "2", "agenda\nreassure\n");
    assert!(text(&out.stderr).contains("cannot write the session log"));
    let mut c = attune();
    c.arg("resume").arg(&target);
    let resumed = output(c, "agenda\n");
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    for out in [&out, &resumed] {
        assert_eq!(out.status.code(), Some(1));
        let err = text(&out.stderr);
        let cause = if root {
            "Not a directory"
        } else {
            "Permission denied"
        };
        assert!(
            err.contains(&target.display().to_string()) && err.contains(cause),
            "{err}"
        );
        assert_eq!(text(&out.stdout), "");
    }
    assert!(std::fs::read(&log).unwrap() == before);
    assert_eq!(others_in(&folder, &["s.ron"]), Vec::<String>::new());
}

/// The file size limit of the process (`ulimit -f`) stands in for a full
/// disk: writes past it fail as they would on a full disk, whoever runs
/// the test. Covers a save failing half-way through writing, turn after
/// turn, in the middle of a session.
#[test]
fn a_disk_that_fills_up_mid_session_keeps_the_last_good_log_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("s.ron");
    let answers = ["defend\n", "explain\n"].repeat(20);
    // SIGXFSZ ignored, so a write past the limit fails instead of killing.
    let mut c = Command::new("sh");
    c.args(["-c", "ulimit -f 4 && trap '' XFSZ && exec \"$@\"", "sh"])
        .arg(env!("CARGO_BIN_EXE_attune"))
        .args(["play", LOOP, "--seed", "1", "--log"])
        .arg(&log)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1");
    let out = output(c, &answers.concat());
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "warning: cannot write the session log {}",
            log.display()
        )),
        "{err}"
    );
    let saved = SessionLog::load(&log).unwrap();
    let n = saved.turns.len();
    assert!((1..40).contains(&n), "{n} turns saved\n{err}");
    // The session went on to the end of the input, and the message says
    // how much of it is really on disk.
    assert!(text(&out.stdout).contains("-- Turn 40 --"));
    assert!(
        flat(&err).contains(&format!(
            "Saving failed: only {n} of your 40 turns are saved in {}",
            log.display()
        )),
        "{err}"
    );
    assert!(!err.contains("Your 40 turns are saved"), "{err}");
    assert_eq!(others_in(dir.path(), &["s.ron"]), Vec::<String>::new());
    // What is on disk carries on.
    let mut c = attune();
    c.arg("resume").arg(&log);
    let out = output(c, &answers[n..].concat());
    assert!(
        text(&out.stderr).contains("Your 40 turns are saved"),
        "{}",
        text(&out.stderr)
    );
}

// ---- One size limit for writing and reading ----

/// The log without its seal, which covers the save time.
fn unsealed(mut log: SessionLog) -> SessionLog {
    log.seal = None;
    log
}

/// A log whose one turn's note makes it exactly `size` bytes long.
fn log_of_size(size: u64) -> SessionLog {
    let (scenario, mut session) = mini_session(1);
    let mut log = SessionLog::start(&scenario, 1, None);
    session.choose("agenda", 5).unwrap();
    log.sync(&session);
    log.turns[0].inner_note = Some(String::new());
    let base = log.to_text().unwrap().len() as u64;
    log.turns[0].inner_note = Some("x".repeat((size - base) as usize));
    assert_eq!(log.to_text().unwrap().len() as u64, size);
    log
}

#[test]
fn the_writer_keeps_to_the_size_the_reader_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ron");
    let largest = log_of_size(MAX_FILE_BYTES);
    largest.save(&path).unwrap();
    assert!(unsealed(SessionLog::load(&path).unwrap()) == largest);
    let too_large = log_of_size(MAX_FILE_BYTES + 1);
    match too_large.save(&path) {
        Err(e @ LogError::TooLarge { .. }) => {
            assert!(e.to_string().contains("over the limit"), "{e}");
        }
        other => panic!("{other:?}"),
    }
    // The log on disk is the one before.
    assert!(unsealed(SessionLog::load(&path).unwrap()) == largest);
    assert_eq!(others_in(dir.path(), &["big.ron"]), Vec::<String>::new());
}

#[test]
fn a_note_that_would_overfill_the_log_is_refused_and_the_session_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("s.ron");
    let huge = "x".repeat(MAX_FILE_BYTES as usize);
    let out = play(
        &log,
        "1",
        &format!("note: {huge}\nagenda\nnote: b\nreassure\n"),
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("Your note was not kept"), "{err}");
    assert!(err.contains("Saved to"), "{err}");
    let saved = SessionLog::load(&log).unwrap();
    assert_eq!(saved.turns.len(), 2);
    assert_eq!(saved.turns[0].inner_note, None);
    // A short note afterwards is kept as usual.
    assert!(saved.turns[1].inner_note.is_some());
}

/// A log so close to the limit that the next turn cannot be saved: the
/// session goes on, and the end says what is on disk, not "saved".
#[test]
fn a_save_refused_for_size_is_reported_truthfully() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("s.ron");
    let mut c = attune();
    c.args(["play", MINI, "--seed", "1", "--log"]).arg(&log);
    assert_eq!(output(c, "agenda\n").status.code(), Some(1));
    let mut nearly_full = SessionLog::load(&log).unwrap();
    let base = nearly_full.to_text().unwrap().len() as u64;
    nearly_full.turns[0].inner_note = Some("x".repeat((MAX_FILE_BYTES - base - 40) as usize));
    nearly_full.save(&log).unwrap();
    let mut c = attune();
    c.arg("resume").arg(&log);
    let out = output(c, "reassure\n");
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("over the limit"), "{err}");
    assert!(
        err.contains(&format!(
            "error: the session log {} holds 1 turn of the 2 turns played and not the ending",
            log.display()
        )),
        "{err}"
    );
    assert!(!err.contains("Saved to"), "{err}");
    // The log on disk is the one resumed (saved again as it was replayed).
    let mut on_disk = SessionLog::load(&log).unwrap();
    on_disk.updated = nearly_full.updated.clone();
    assert!(unsealed(on_disk) == unsealed(nearly_full));
    assert_eq!(others_in(dir.path(), &["s.ron"]), Vec::<String>::new());
}

#[test]
fn a_note_check_leaves_room_to_finish_the_session() {
    let (scenario, _) = mini_session(1);
    let log = SessionLog::start(&scenario, 1, None);
    assert!(log.note_fits("I notice an urge to fill the gap"));
    assert!(!log.note_fits(&"x".repeat(MAX_FILE_BYTES as usize)));
    let room = MAX_FILE_BYTES as usize - log.to_text().unwrap().len();
    // Quotes and the room kept for the rest of the session count too.
    assert!(!log.note_fits(&"x".repeat(room - 2)));
}
