//! Session logs: written after every turn, atomically, in RON.
//!
//! A log is what makes a session reproducible: scenario id and content
//! hash, seed, and each turn's node, option, latency and inner-state note.
//! [`replay`] re-runs a log against the scenario and stops at the first
//! turn that no longer matches; [`SessionLog::save`] writes to a temporary
//! file, syncs it and renames it over the old log, so a crash never leaves a
//! half-written log behind, and never writes anything but a regular file.
//! A session's writer holds a [`LogFile`]: the log's lock, so that a second
//! process on the same log is refused instead of both writing it.

pub mod background;

pub use background::{BackgroundSaver, SaveStatus};

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::diag::{Code, Diagnostic, suggest};
use crate::engine::{Order, Session};
use crate::format::EndingKind;
use crate::load::{MAX_FILE_BYTES, load_file, parse_ron, read_text};
use crate::model::{Node, Scenario};
use crate::scoring::Profile;
use crate::seal::{self, Seal};

/// The log format written. Format 2 added the [`Seal`]; format 3 orders
/// options by [`Order::Keyed`]. Older logs are still read (format 1 as
/// unsealed) and replay with the order their sessions used.
pub const LOG_FORMAT: u32 = 3;

/// The oldest log format this version reads.
pub const OLDEST_LOG_FORMAT: u32 = 1;

/// The highest difficulty rating a trainee can give.
pub const MAX_RATING: u8 = 10;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "SessionLog")]
pub struct SessionLog {
    pub format: u32,
    pub scenario: String,
    pub scenario_hash: String,
    /// Where the scenario was loaded from, to find it again on replay.
    #[serde(default)]
    pub scenario_path: Option<PathBuf>,
    pub seed: u64,
    /// Who played, as they gave their name (`--trainee`, `ATTUNE_TRAINEE`
    /// or the app's picker).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trainee: Option<String>,
    #[serde(default)]
    pub learning_goal: Option<String>,
    #[serde(default)]
    pub show_live_scores: bool,
    /// Say-first practice: at every turn the trainee typed what they would
    /// say before the options were shown. Written only when on, so logs
    /// without it read as before.
    #[serde(default, skip_serializing_if = "is_false")]
    pub say_first: bool,
    /// The session this one took another road from, when it did (`attune
    /// retry`, or "Try another road" in the app's debrief).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branched_from: Option<BranchedFrom>,
    /// RFC 3339, UTC.
    pub started: String,
    pub updated: String,
    pub turns: Vec<LoggedTurn>,
    #[serde(default)]
    pub ending: Option<LoggedEnding>,
    #[serde(default)]
    pub profile: Option<Profile>,
    /// The trainee's 0-10 rating of how hard the session felt.
    #[serde(default)]
    pub difficulty_rating: Option<u8>,
    /// Digests of what was written, so a hand edit shows (see [`crate::seal`]).
    /// Filled in by [`SessionLog::save`]; absent in format-1 logs.
    #[serde(default)]
    pub seal: Option<Seal>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoggedTurn {
    pub node: String,
    pub option: String,
    pub latency_ms: u64,
    #[serde(default)]
    pub inner_note: Option<String>,
    /// What the trainee would say, in their own words, typed before the
    /// options were shown (say-first practice).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub own_words: Option<String>,
    /// The node the client's reaction led to.
    pub reaction: String,
    pub at: String,
    /// The scenario's content hash when this turn was played, if it was no
    /// longer the one the session started with (`resume --allow-changed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario_hash: Option<String>,
}

/// Where a session began: on another session's road, which it left at
/// `turn`. Turns before it are the other session's, replayed through the
/// engine (the same seed, so the same draws); from `turn` on the trainee
/// chose again. The other session's log is never changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BranchedFrom {
    /// The file name of the other session's log.
    pub log: String,
    /// The turn (from 1) at which this session took another road.
    pub turn: usize,
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoggedEnding {
    pub node: String,
    pub kind: EndingKind,
}

impl SessionLog {
    /// A new log for a session that is about to start.
    pub fn start(scenario: &Scenario, seed: u64, learning_goal: Option<String>) -> SessionLog {
        let now = now_rfc3339();
        SessionLog {
            format: LOG_FORMAT,
            scenario: scenario.id.clone(),
            scenario_hash: scenario.content_hash().to_owned(),
            scenario_path: scenario
                .path
                .as_ref()
                .map(|p| fs::canonicalize(p).unwrap_or_else(|_| p.clone())),
            seed,
            trainee: None,
            learning_goal,
            show_live_scores: false,
            say_first: false,
            branched_from: None,
            started: now.clone(),
            updated: now,
            turns: Vec::new(),
            ending: None,
            profile: None,
            difficulty_rating: None,
            seal: None,
        }
    }

    /// Bring the log up to date with the session: new turns, ending, profile.
    pub fn sync(&mut self, session: &Session) {
        let now = now_rfc3339();
        let s = session.scenario();
        for t in session.turns().iter().skip(self.turns.len()) {
            self.turns.push(LoggedTurn {
                node: t.node_id(s).to_owned(),
                option: t.option_id(s).to_owned(),
                latency_ms: t.latency_ms,
                inner_note: t.inner_note.clone(),
                own_words: t.own_words.clone(),
                reaction: t.reaction_id(s).to_owned(),
                at: now.clone(),
                scenario_hash: (!s.has_hash(&self.scenario_hash))
                    .then(|| s.content_hash().to_owned()),
            });
        }
        self.ending = match session.current_node() {
            Node::Ending(e) => Some(LoggedEnding {
                node: e.id.clone(),
                kind: e.kind,
            }),
            Node::Turn(_) => None,
        };
        self.profile = self.ending.is_some().then(|| session.profile());
        self.updated = now;
    }

    pub fn is_finished(&self) -> bool {
        self.ending.is_some()
    }

    /// The log as it is written to disk: pretty RON and a final newline.
    pub fn to_text(&self) -> Result<String, ron::Error> {
        let config = ron::ser::PrettyConfig::default()
            .struct_names(true)
            .extensions(crate::load::ron_extensions());
        // A log keeps its format (its turns were played with that format's
        // option order), and is sealed from now on even if it was not.
        let mut sealed = self.clone();
        sealed.seal = Some(seal::seal(&sealed));
        let mut text = ron::ser::to_string_pretty(&sealed, config)?;
        text.push('\n');
        Ok(text)
    }

    /// Write atomically to `path`, or to the regular file a symbolic link
    /// at `path` leads to: a fresh temporary file beside it, fsync, rename,
    /// fsync the folder. Anything else at `path` (a folder, a FIFO, a
    /// device) is refused and left as it is, and so is a log that would be
    /// larger than [`MAX_FILE_BYTES`]. The temporary file is removed on
    /// every failure.
    ///
    /// This does not lock: a session's writer holds a [`LogFile`].
    pub fn save(&self, path: &Path) -> Result<(), LogError> {
        let text = self.to_text().map_err(|e| LogError::Io {
            path: path.to_owned(),
            source: std::io::Error::other(e),
        })?;
        let bytes = text.len() as u64;
        if bytes > MAX_FILE_BYTES {
            return Err(LogError::TooLarge {
                path: path.to_owned(),
                bytes,
            });
        }
        let target = check_target(path)?;
        let io = |source| LogError::Io {
            path: path.to_owned(),
            source,
        };
        let dir = folder_of(&target);
        fs::create_dir_all(dir).map_err(io)?;
        // A unique name, created exclusively: a file or link planted at a
        // predictable name cannot redirect the write, and two writers never
        // share a temporary file. The name does not end in `.ron`, so a
        // temporary file left by a crash is never taken for a log.
        let mut tmp = tempfile::Builder::new()
            .prefix(&hidden_name(&target, ""))
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(io)?;
        if let Ok(old) = fs::metadata(&target) {
            // Replacing a log keeps who may read it.
            let _ = tmp.as_file().set_permissions(old.permissions());
        }
        tmp.write_all(text.as_bytes()).map_err(io)?;
        tmp.as_file().sync_all().map_err(io)?;
        // Checked again just before the rename, which would replace
        // whatever is there by then.
        if check_target(path)? != target {
            return Err(io(std::io::Error::other(
                "the file was replaced while it was being saved",
            )));
        }
        tmp.persist(&target).map_err(|e| io(e.error))?;
        // Make the rename itself durable; not every platform allows
        // opening a folder, so this is best effort.
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }

    /// Whether a check-in note of this text still leaves the log room to
    /// finish the session within [`MAX_FILE_BYTES`] (room is kept for the
    /// rest of the turn, the ending, the profile and the rating).
    pub fn note_fits(&self, note: &str) -> bool {
        let (Ok(text), Ok(quoted)) = (self.to_text(), ron::to_string(note)) else {
            return false;
        };
        let reserve = 16 * 1024 + 512 * (self.turns.len() as u64 + 1);
        text.len() as u64 + quoted.len() as u64 + reserve <= MAX_FILE_BYTES
    }

    /// Read a log, with a located diagnostic when it is malformed.
    pub fn load(path: &Path) -> Result<SessionLog, Diagnostic> {
        let text = read_text(path)?;
        let log: SessionLog = parse_ron(path, &text).map_err(|mut d| {
            if d.code == Code::Syntax && d.message.contains("truncated") {
                d.hint = Some(
                    "the log was cut short; the turns before the damage may be recoverable by hand"
                        .into(),
                );
            }
            d
        })?;
        if !(OLDEST_LOG_FORMAT..=LOG_FORMAT).contains(&log.format) {
            return Err(Diagnostic::error(
                Code::FormatVersion,
                path,
                format!(
                    "this is session log format {}, but this version of Attune reads formats {OLDEST_LOG_FORMAT} to {LOG_FORMAT}",
                    log.format
                ),
            )
            .with_hint(
                (log.format > LOG_FORMAT)
                    .then(|| "it was written by a newer version of Attune".into()),
            ));
        }
        let edited = |message: String| {
            Diagnostic::error(Code::LogEdited, path, message).with_hint(Some(
                "the file is left as it is; a session log is only trusted as Attune wrote it"
                    .into(),
            ))
        };
        match (&log.seal, log.format) {
            (None, f) if f >= 2 => {
                return Err(edited(
                    "this session log has no seal, so it was changed after Attune wrote it".into(),
                ));
            }
            _ => seal::check(&log).map_err(|broken| {
                edited(format!("this session log cannot be trusted: {broken}"))
            })?,
        }
        log.check_values(path)?;
        Ok(log)
    }

    /// The content hash of the scenario version the latest turn was played
    /// on.
    pub fn played_hash(&self) -> &str {
        self.turns
            .iter()
            .rev()
            .find_map(|t| t.scenario_hash.as_deref())
            .unwrap_or(&self.scenario_hash)
    }

    /// A new session as this log's began: its scenario, seed and option
    /// order.
    pub fn new_session(&self, scenario: Arc<Scenario>) -> Session {
        Session::with_order(scenario, self.seed, Order::of_log_format(self.format))
    }

    /// Whether the log carries a seal (format 2 and later always do).
    pub fn is_sealed(&self) -> bool {
        self.seal.is_some()
    }

    /// Values a log can only hold if it was edited: a content hash written
    /// neither as this version nor as earlier ones write them, a time that
    /// is not RFC 3339, a rating out of range, an ending without turns.
    fn check_values(&self, path: &Path) -> Result<(), Diagnostic> {
        let invalid = |message: String| Err(Diagnostic::error(Code::LogInvalid, path, message));
        let hash = &self.scenario_hash;
        if !crate::hash::is_current(hash) && !crate::hash::is_legacy(hash) {
            return invalid(format!(
                "`scenario_hash` is not a content hash: `{}`",
                crate::diag::sanitize(&shorten(&self.scenario_hash))
            ));
        }
        let times = [("started", &self.started), ("updated", &self.updated)]
            .into_iter()
            .chain(self.turns.iter().map(|t| ("at", &t.at)));
        for (field, value) in times {
            if !is_rfc3339(value) {
                return invalid(format!(
                    "`{field}` is not a time Attune writes (like 2026-11-22T09:14:03Z): `{}`",
                    crate::diag::sanitize(&shorten(value))
                ));
            }
        }
        if let Some(r) = self.difficulty_rating.filter(|r| *r > MAX_RATING) {
            return invalid(format!(
                "`difficulty_rating` is {r}, but ratings go from 0 to {MAX_RATING}"
            ));
        }
        if let Some(b) = &self.branched_from {
            if b.turn == 0 {
                return invalid(
                    "`branched_from` names turn 0, but turns are numbered from 1".into(),
                );
            }
            if self.turns.len() + 1 < b.turn {
                return invalid(format!(
                    "`branched_from` names turn {}, but the log holds only {} of the turns before it",
                    b.turn,
                    self.turns.len()
                ));
            }
        }
        Ok(())
    }
}

/// What the trainee is told when a check-in note is not kept because the
/// log would outgrow [`MAX_FILE_BYTES`] (see [`SessionLog::note_fits`]).
pub fn note_too_large() -> String {
    format!(
        "Your note was not kept: it would make the session log larger than {} MiB, the most \
         a log may hold. The session goes on; a shorter note may fit.",
        MAX_FILE_BYTES / (1024 * 1024)
    )
}

/// What the trainee is told when their own words (say-first practice) are
/// not kept because the log would outgrow [`MAX_FILE_BYTES`].
pub fn words_too_large() -> String {
    format!(
        "Your words were not kept: they would make the session log larger than {} MiB, the \
         most a log may hold. The session goes on; shorter words may fit.",
        MAX_FILE_BYTES / (1024 * 1024)
    )
}

/// Why a session log could not be opened or saved. Each message names the
/// log's path.
#[derive(Debug)]
pub enum LogError {
    /// Something other than a regular file is at the path; it is left alone.
    NotAFile { path: PathBuf, what: &'static str },
    /// A symbolic link to nothing.
    DanglingLink { path: PathBuf },
    /// Another process is playing this session (it holds the lock).
    InUse { path: PathBuf, pid: Option<u32> },
    /// The log would be larger than the limit logs are read with.
    TooLarge { path: PathBuf, bytes: u64 },
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl LogError {
    pub fn path(&self) -> &Path {
        match self {
            LogError::NotAFile { path, .. }
            | LogError::DanglingLink { path }
            | LogError::InUse { path, .. }
            | LogError::TooLarge { path, .. }
            | LogError::Io { path, .. } => path,
        }
    }

    /// What to do about it, when there is something to say.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            LogError::NotAFile { .. } | LogError::DanglingLink { .. } => {
                Some("choose another place with `--log FILE` or `--log-dir DIR`")
            }
            LogError::InUse { .. } => Some("carry on in that window, or close it and try again"),
            LogError::TooLarge { .. } => Some("shorter notes keep the log within the limit"),
            LogError::Io { .. } => None,
        }
    }
}

impl std::fmt::Display for LogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown = crate::diag::sanitize(&self.path().display().to_string());
        match self {
            LogError::NotAFile { what, .. } => write!(
                f,
                "the session log {shown} is {what}, not a regular file; it was left as it is"
            ),
            LogError::DanglingLink { .. } => write!(
                f,
                "the session log {shown} is a symbolic link to a file that does not exist"
            ),
            LogError::InUse { pid: Some(pid), .. } => write!(
                f,
                "this session is open in another window (PID {pid}): {shown}"
            ),
            LogError::InUse { pid: None, .. } => {
                write!(f, "this session is open in another window: {shown}")
            }
            LogError::TooLarge { bytes, .. } => write!(
                f,
                "the session log {shown} would be {bytes} bytes, over the limit of \
                 {MAX_FILE_BYTES} bytes for a log, so it was not saved"
            ),
            LogError::Io { source, .. } => {
                write!(f, "cannot write the session log {shown}: {source}")
            }
        }
    }
}

impl std::error::Error for LogError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LogError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl From<LogError> for Diagnostic {
    fn from(e: LogError) -> Diagnostic {
        let code = match e {
            LogError::TooLarge { .. } => Code::TooLarge,
            _ => Code::Io,
        };
        Diagnostic::error(code, e.path(), e.to_string()).with_hint(e.hint().map(str::to_owned))
    }
}

/// The file a log at `path` is written to: `path` itself when it is a
/// regular file or nothing is there yet, the file a symbolic link there
/// leads to when that is a regular file. Anything else is refused. Looks
/// only, never writes: `attune play` calls it before a session starts.
pub fn check_target(path: &Path) -> Result<PathBuf, LogError> {
    let io = |source| LogError::Io {
        path: path.to_owned(),
        source,
    };
    let not_a_file = |t: fs::FileType| LogError::NotAFile {
        path: path.to_owned(),
        what: describe(t),
    };
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(path.to_owned()),
        Err(e) => Err(io(e)),
        Ok(m) if m.is_file() => Ok(path.to_owned()),
        Ok(m) if m.file_type().is_symlink() => match fs::metadata(path) {
            Ok(t) if t.is_file() => fs::canonicalize(path).map_err(io),
            Ok(t) => Err(not_a_file(t.file_type())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(LogError::DanglingLink {
                path: path.to_owned(),
            }),
            Err(e) => Err(io(e)),
        },
        Ok(m) => Err(not_a_file(m.file_type())),
    }
}

/// What kind of thing that is not a regular file is, in words.
fn describe(t: fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a folder"
    } else if t.is_symlink() {
        "a symbolic link"
    } else {
        "something other than a file"
    }
}

/// The folder `file` is in (`.` for a bare file name).
fn folder_of(file: &Path) -> &Path {
    match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// `.NAME.TAIL` for a log `NAME`: the hidden files kept beside it.
fn hidden_name(log: &Path, tail: &str) -> std::ffi::OsString {
    let mut name = std::ffi::OsString::from(".");
    name.push(log.file_name().unwrap_or_default());
    name.push(".");
    name.push(tail);
    name
}

/// A session log held open by the one process that writes it: its path,
/// the lock that keeps other writers out for as long as this value lives,
/// and what the last save put on disk.
#[derive(Debug)]
pub struct LogFile {
    path: PathBuf,
    _lock: LogLock,
    saved_turns: Option<usize>,
    saved_finished: bool,
}

impl LogFile {
    /// Check the target (see [`check_target`]) and take the session's lock.
    /// When another process holds it, fails with [`LogError::InUse`]
    /// without touching the log. Temporary files left beside the log by a
    /// writer that crashed are removed.
    pub fn open(path: &Path) -> Result<LogFile, LogError> {
        let target = check_target(path)?;
        let dir = folder_of(&target);
        fs::create_dir_all(dir).map_err(|source| LogError::Io {
            path: path.to_owned(),
            source,
        })?;
        let lock = LogLock::take(dir.join(hidden_name(&target, "lock")), path)?;
        remove_stale_temporaries(dir, &target);
        Ok(LogFile {
            path: path.to_owned(),
            _lock: lock,
            saved_turns: None,
            saved_finished: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The lock file beside the log (see [`LogFile`]): removed when this
    /// value is dropped, and by a process that ends without dropping it.
    pub fn lock_path(&self) -> &Path {
        &self._lock.path
    }

    /// Read the log (under the lock, so it is the latest); its turns count
    /// as on disk.
    pub fn load(&mut self) -> Result<SessionLog, Diagnostic> {
        let log = SessionLog::load(&self.path)?;
        self.saved_turns = Some(log.turns.len());
        self.saved_finished = log.is_finished();
        Ok(log)
    }

    /// Save `log` (see [`SessionLog::save`]), remembering what is on disk.
    pub fn save(&mut self, log: &SessionLog) -> Result<(), LogError> {
        let result = log.save(&self.path);
        if result.is_ok() {
            self.saved_turns = Some(log.turns.len());
            self.saved_finished = log.is_finished();
        }
        result
    }

    /// The number of turns in the log on disk, as far as this writer knows:
    /// those of the last save that succeeded (or of the log as loaded);
    /// `None` when nothing has been saved or loaded.
    pub fn saved_turns(&self) -> Option<usize> {
        self.saved_turns
    }

    /// Whether the log on disk has the session's ending.
    pub fn saved_finished(&self) -> bool {
        self.saved_finished
    }
}

/// An exclusive advisory lock on `.NAME.lock` beside a log, holding the
/// PID of the process that took it. The operating system releases it when
/// the process ends, however it ends; a lock file left by a process that
/// was killed is taken over.
///
/// A separate file rather than the log itself, because each save renames a
/// new file over the log: a lock on the old one would guard nothing.
#[derive(Debug)]
struct LogLock {
    path: PathBuf,
    file: File,
}

impl LogLock {
    fn take(lock_path: PathBuf, log_path: &Path) -> Result<LogLock, LogError> {
        let io = |source| LogError::Io {
            path: log_path.to_owned(),
            source,
        };
        // A few tries: the previous holder may remove the file between our
        // opening it and locking it.
        for _ in 0..8 {
            if let Ok(m) = fs::symlink_metadata(&lock_path)
                && !m.is_file()
            {
                return Err(io(std::io::Error::other(format!(
                    "its lock file {} is {}, not a regular file",
                    crate::diag::sanitize(&lock_path.display().to_string()),
                    describe(m.file_type())
                ))));
            }
            let mut file = fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&lock_path)
                .map_err(io)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(LogError::InUse {
                        path: log_path.to_owned(),
                        pid: holder(&lock_path),
                    });
                }
                Err(fs::TryLockError::Error(e)) => return Err(io(e)),
            }
            if !is_same_file(&file, &lock_path) {
                continue;
            }
            // The PID only helps the message of a second process.
            let _ = file
                .set_len(0)
                .and_then(|()| writeln!(file, "{}", std::process::id()))
                .and_then(|()| file.flush());
            return Ok(LogLock {
                path: lock_path,
                file,
            });
        }
        Err(io(std::io::Error::other(
            "its lock file keeps being replaced by another process",
        )))
    }
}

/// The PID written in a lock file, waiting a moment for a holder that
/// has only just taken the lock to write it.
fn holder(lock_path: &Path) -> Option<u32> {
    for _ in 0..20 {
        if let Some(pid) = fs::read_to_string(lock_path)
            .ok()
            .and_then(|s| s.trim().parse().ok())
        {
            return Some(pid);
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    None
}

impl Drop for LogLock {
    fn drop(&mut self) {
        // Removed while still locked (the lock goes when `file` closes,
        // after this): a process that opened the old file and locks it
        // next sees that the path no longer leads to it, and tries again.
        #[cfg(unix)]
        if is_same_file(&self.file, &self.path) {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Whether `path` (not followed if it is a link) is the open `file`.
#[cfg(unix)]
fn is_same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Elsewhere an open file cannot be removed, so the lock file stays put
/// and is always the one locked.
#[cfg(not(unix))]
fn is_same_file(_file: &File, _path: &Path) -> bool {
    true
}

/// Remove `.NAME.XXXXXX.tmp` files beside the log `target`: temporary
/// files of a save that a crash interrupted. Called under the lock, so no
/// save of this log is under way.
fn remove_stale_temporaries(dir: &Path, target: &Path) {
    let prefix = hidden_name(target, "");
    let Some(prefix) = prefix.to_str() else {
        return;
    };
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let Some(middle) = name
            .to_str()
            .and_then(|n| n.strip_prefix(prefix))
            .and_then(|n| n.strip_suffix(".tmp"))
        else {
            continue;
        };
        let is_file_or_link = entry
            .file_type()
            .is_ok_and(|t| t.is_file() || t.is_symlink());
        if middle.len() == 6 && middle.chars().all(|c| c.is_ascii_alphanumeric()) && is_file_or_link
        {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Where logs go by default: the platform's data folder for Attune.
pub fn default_log_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("ATTUNE_LOG_DIR") {
        return PathBuf::from(dir);
    }
    directories::ProjectDirs::from("org", "Attune", "attune")
        .map(|d| d.data_dir().join("sessions"))
        .unwrap_or_else(|| PathBuf::from("attune-sessions"))
}

/// The unfinished sessions saved in `dir`, most recently updated first.
/// Files that are not readable session logs are skipped.
pub fn find_unfinished(dir: &Path) -> Vec<(PathBuf, SessionLog)> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<(PathBuf, SessionLog)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron") && p.is_file())
        .filter_map(|p| SessionLog::load(&p).ok().map(|l| (p, l)))
        .filter(|(_, l)| !l.is_finished())
        .collect();
    found.sort_by(|a, b| b.1.updated.cmp(&a.1.updated).then_with(|| a.0.cmp(&b.0)));
    found
}

/// A fresh log file name: scenario, start time and seed.
pub fn log_file_name(scenario: &str, seed: u64) -> String {
    let stamp: String = now_rfc3339()
        .chars()
        .filter(|c| c.is_ascii_digit())
        .take(14)
        .collect();
    format!("{scenario}-{stamp}-{seed}.ron")
}

/// The scenario a log was played with, found without being told where:
/// by its id in `library`, or at the path the log recorded. See
/// [`ScenarioFinder`].
pub fn scenario_for(
    log: &SessionLog,
    log_path: &Path,
    library: &[PathBuf],
) -> Result<Scenario, Diagnostic> {
    ScenarioFinder::new(library)
        .find(log, log_path)
        .map(|s| Scenario::clone(&s))
}

/// Finds the scenarios of many logs, reading the library once and each
/// recorded file at most once.
///
/// A log's scenario is looked for by its id in the library, and at the
/// path the log recorded. A candidate whose content still matches the
/// log's hash is preferred; otherwise the library's copy, then the
/// recorded file. The recorded path is only followed to a `.ron` file that
/// loads as the scenario the log names, and nothing of a file that does not
/// is shown (a log is not trusted to name files to read).
pub struct ScenarioFinder {
    library: Vec<PathBuf>,
    by_id: HashMap<String, Arc<Scenario>>,
    by_path: HashMap<PathBuf, Option<Arc<Scenario>>>,
}

impl ScenarioFinder {
    pub fn new(library: &[PathBuf]) -> ScenarioFinder {
        let (loaded, _) = crate::library::load(library);
        let by_id = loaded
            .into_iter()
            .filter_map(|l| l.scenario)
            .map(|s| (s.id.clone(), Arc::new(s)))
            .collect();
        ScenarioFinder {
            library: library.to_vec(),
            by_id,
            by_path: HashMap::new(),
        }
    }

    /// The scenario `log` (read from `log_path`) was played with.
    pub fn find(&mut self, log: &SessionLog, log_path: &Path) -> Result<Arc<Scenario>, Diagnostic> {
        let in_library = self.by_id.get(&log.scenario).cloned();
        let recorded = log
            .scenario_path
            .as_deref()
            .and_then(|p| self.recorded(p))
            .filter(|s| s.id == log.scenario);
        let matches = |s: &Arc<Scenario>| s.has_hash(&log.scenario_hash);
        let found = [&in_library, &recorded]
            .into_iter()
            .flatten()
            .find(|s| matches(s))
            .or(in_library.as_ref())
            .or(recorded.as_ref());
        if let Some(s) = found {
            return Ok(Arc::clone(s));
        }
        let mut message = format!(
            "scenario `{}` of this log is not in the library ({})",
            log.scenario,
            crate::library::describe(&self.library)
        );
        if let Some(p) = &log.scenario_path {
            message.push_str(&format!(
                " and no scenario with that id is at the path it was played from ({})",
                p.display()
            ));
        }
        Err(Diagnostic::error(Code::Io, log_path, message).with_hint(Some(
            "name the scenario file with `--scenario FILE`, or the library with `--scenarios DIR`"
                .into(),
        )))
    }

    /// The scenario at a recorded path, if it is a `.ron` file that loads.
    fn recorded(&mut self, p: &Path) -> Option<Arc<Scenario>> {
        self.by_path
            .entry(p.to_path_buf())
            .or_insert_with(|| {
                let is_ron = p.extension().is_some_and(|x| x == "ron");
                let is_file = fs::metadata(p).is_ok_and(|m| m.is_file())
                    || crate::library::shipped_text(p).is_some();
                (is_ron && is_file)
                    .then(|| load_file(p).scenario.map(Arc::new))
                    .flatten()
            })
            .clone()
    }
}

/// Re-run a log against a scenario. On success the session is at the point
/// the log reached (ended, or waiting for the next choice). Fails naming
/// the first turn, node or option that no longer matches.
pub fn replay(
    log: &SessionLog,
    scenario: Arc<Scenario>,
    log_path: &Path,
) -> Result<Session, Diagnostic> {
    let mismatch = |msg: String, hint: Option<String>| {
        Diagnostic::error(Code::LogMismatch, log_path, msg).with_hint(hint)
    };
    if log.scenario != scenario.id {
        return Err(mismatch(
            format!(
                "this log is for scenario `{}`, not `{}`",
                log.scenario, scenario.id
            ),
            None,
        ));
    }
    // On a scenario that has changed since the session was played, a
    // reaction drawn from a branch follows the log where it still can (a
    // new alternative can change the draw), and the profile is worked out
    // from today's scores instead of matching the one stored.
    let changed = !scenario.has_hash(log.played_hash());
    let mut session = log.new_session(Arc::clone(&scenario));
    for (i, t) in log.turns.iter().enumerate() {
        let n = i + 1;
        let here = session.current_node().id().to_owned();
        if session.is_ended() {
            return Err(mismatch(
                format!("turn {n}: the scenario now ends at `{here}` before this turn"),
                scenario_changed_hint(log, &scenario),
            ));
        }
        if here != t.node {
            return Err(mismatch(
                format!(
                    "turn {n}: the log answers node `{}`, but the scenario is now at `{here}`",
                    t.node
                ),
                scenario_changed_hint(log, &scenario),
            ));
        }
        if let Some(note) = &t.inner_note {
            session.note_inner_state(note.clone());
        }
        if let Some(words) = &t.own_words {
            session.note_own_words(words.clone());
        }
        let chosen = if changed {
            session.choose_following(&t.option, t.latency_ms, &t.reaction)
        } else {
            session.choose(&t.option, t.latency_ms)
        };
        if let Err(e) = chosen {
            let hint = suggest(&t.option, session.offered().ids())
                .map(|h| format!("{h} (the option may have been renamed)"))
                .or_else(|| scenario_changed_hint(log, &scenario));
            let _ = e;
            return Err(mismatch(
                format!(
                    "turn {n}: option `{}` is no longer offered at node `{}`",
                    t.option, t.node
                ),
                hint,
            ));
        }
        let reached = session.current_node().id();
        if reached != t.reaction {
            return Err(mismatch(
                format!(
                    "turn {n}: the log says option `{}` led to `{}`, but it now leads to `{reached}`",
                    t.option, t.reaction
                ),
                scenario_changed_hint(log, &scenario),
            ));
        }
    }
    match (&log.ending, session.current_node()) {
        (Some(e), Node::Ending(now)) if e.node == now.id && e.kind != now.kind => {
            return Err(mismatch(
                format!(
                    "the log says ending `{}` is {}, but the scenario calls it {}",
                    e.node,
                    e.kind.label(),
                    now.kind.label()
                ),
                scenario_changed_hint(log, &scenario),
            ));
        }
        (Some(e), Node::Ending(now)) if e.node != now.id => {
            return Err(mismatch(
                format!(
                    "the log ends at `{}`, but the replay ends at `{}`",
                    e.node, now.id
                ),
                None,
            ));
        }
        (Some(e), Node::Turn(t)) => {
            return Err(mismatch(
                format!(
                    "the log ends at `{}`, but the replay is still at `{}`",
                    e.node, t.id
                ),
                None,
            ));
        }
        _ => {}
    }
    if let Some(stored) = &log.profile
        && !changed
        && *stored != session.profile()
    {
        return Err(mismatch(
            "the profile stored in the log does not match its turns (was the log edited by hand?)"
                .into(),
            Some("remove the `profile` field to have it recomputed".into()),
        ));
    }
    Ok(session)
}

/// Why `turn` is not a turn a session of `played` turns can take another
/// road from, if it is not: turns 1 to `played` are.
pub fn branch_turn_problem(turn: usize, played: usize) -> Option<String> {
    match played {
        _ if (1..=played).contains(&turn) => None,
        0 => Some("this session has no turns yet to take another road from".to_owned()),
        1 => Some(format!(
            "there is no turn {turn} in this session: it has only turn 1"
        )),
        _ => Some(format!(
            "there is no turn {turn} in this session: it has turns 1 to {played}"
        )),
    }
}

/// A new session that takes another road from the session logged in
/// `original` (read from `original_path`) at `turn`, counted from 1.
///
/// Its log begins as the original's did (scenario, seed, option order,
/// learning goal, trainee, live scores, say-first) and holds the
/// original's turns before `turn`, replayed through the engine on
/// `scenario`, so every draw is the one the original saw; it records
/// where it branched from ([`BranchedFrom`]). The session returned waits at
/// `turn` for a new choice. Nothing is written: the original's file is
/// never touched, and the caller keeps the new log where it likes.
pub fn branch(
    original: &SessionLog,
    original_path: &Path,
    scenario: Arc<Scenario>,
    turn: usize,
) -> Result<(SessionLog, Session), Diagnostic> {
    if let Some(why) = branch_turn_problem(turn, original.turns.len()) {
        return Err(Diagnostic::error(Code::LogMismatch, original_path, why));
    }
    let mut log = SessionLog::start(&scenario, original.seed, original.learning_goal.clone());
    // The option order the original's trainee saw.
    log.format = original.format;
    log.trainee.clone_from(&original.trainee);
    log.show_live_scores = original.show_live_scores;
    log.say_first = original.say_first;
    log.branched_from = Some(BranchedFrom {
        log: original_path.file_name().map_or_else(
            || original_path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        ),
        turn,
    });
    // The turns are replayed on this version of the scenario, which the
    // new log names.
    log.turns = original.turns[..turn - 1]
        .iter()
        .cloned()
        .map(|mut t| {
            t.scenario_hash = None;
            t
        })
        .collect();
    let session = replay(&log, scenario, original_path)?;
    Ok((log, session))
}

/// Where the log of a session that takes another road from the log at
/// `original` at `turn` goes in `dir`: `STEM-from-turn-N.ron`, or with
/// `-2`, `-3` ... added when that name is taken. Never the original.
pub fn branch_log_path(dir: &Path, original: &Path, turn: usize) -> PathBuf {
    let stem = original
        .file_stem()
        .map_or_else(|| "session".into(), |s| s.to_string_lossy().into_owned());
    (1..)
        .map(|n| {
            let more = if n == 1 {
                String::new()
            } else {
                format!("-{n}")
            };
            dir.join(format!("{stem}-from-turn-{turn}{more}.ron"))
        })
        .find(|p| fs::symlink_metadata(p).is_err())
        .expect("an unused name")
}

fn scenario_changed_hint(log: &SessionLog, scenario: &Scenario) -> Option<String> {
    (!scenario.has_hash(log.played_hash()))
        .then(|| "the scenario file has changed since this session was played".to_owned())
}

/// A value cut to a length fit for an error message.
fn shorten(s: &str) -> String {
    let mut cut: String = s.chars().take(40).collect();
    if cut.len() < s.len() {
        cut.push_str("...");
    }
    cut
}

/// Whether `s` is a UTC time as [`rfc3339`] writes it: `YYYY-MM-DDTHH:MM:SSZ`
/// with every field in range.
pub fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let shape = b.len() == 20
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'Z',
            _ => c.is_ascii_digit(),
        });
    if !shape {
        return false;
    }
    let num = |a: usize, z: usize| s[a..z].parse::<u32>().unwrap_or(u32::MAX);
    let (month, day, hour, min, sec) =
        (num(5, 7), num(8, 10), num(11, 13), num(14, 16), num(17, 19));
    (1..=12).contains(&month) && (1..=31).contains(&day) && hour < 24 && min < 60 && sec < 61
}

/// The current time as RFC 3339 in UTC, e.g. `2026-11-22T09:14:03Z`.
pub fn now_rfc3339() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    rfc3339(secs)
}

/// Format seconds since the Unix epoch as RFC 3339 (UTC).
pub fn rfc3339(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil-from-days, after Howard Hinnant's public-domain algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Seconds since the Unix epoch of a time as [`rfc3339`] writes it.
pub fn parse_rfc3339(s: &str) -> Option<u64> {
    if !is_rfc3339(s) {
        return None;
    }
    let num = |a: usize, z: usize| s[a..z].parse::<i64>().ok();
    let (y, m, d) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (h, min, sec) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    // Days-from-civil, the inverse of the algorithm in [`rfc3339`].
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    u64::try_from(days * 86_400 + h * 3600 + min * 60 + sec).ok()
}

/// How long ago a saved time was, in words, for a person reading it in
/// their own time zone without needing to know it: "just now", "5 minutes
/// ago", "3 hours ago", "yesterday", "4 days ago", else the local date.
pub fn ago(stamp: &str, now_secs: u64) -> String {
    ago_in(stamp, now_secs, &crate::when::local_zone())
}

/// [`ago`], with the date of a time long past given in the time zone `tz`.
pub fn ago_in(stamp: &str, now_secs: u64, tz: &jiff::tz::TimeZone) -> String {
    let Some(then) = parse_rfc3339(stamp) else {
        return "at an unknown time".to_owned();
    };
    let secs = now_secs.saturating_sub(then);
    let plural = |n: u64, one: &str| {
        if n == 1 {
            format!("1 {one} ago")
        } else {
            format!("{n} {one}s ago")
        }
    };
    match secs {
        0..60 => "just now".to_owned(),
        60..3600 => plural(secs / 60, "minute"),
        3600..86_400 => plural(secs / 3600, "hour"),
        86_400..172_800 => "yesterday".to_owned(),
        172_800..2_592_000 => plural(secs / 86_400, "day"),
        _ => format!(
            "on {}",
            crate::when::in_zone(stamp, tz).map_or_else(|| stamp[..10].to_owned(), |l| l.date)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_parse_back_and_read_as_how_long_ago() {
        for secs in [0, 951_782_400, 1_795_000_000, 4_102_444_799] {
            assert_eq!(parse_rfc3339(&rfc3339(secs)), Some(secs));
        }
        assert_eq!(parse_rfc3339("yesterday-ish"), None);
        let then = "2026-11-27T09:00:00Z";
        let at = parse_rfc3339(then).unwrap();
        assert_eq!(ago(then, at + 30), "just now");
        assert_eq!(ago(then, at + 60), "1 minute ago");
        assert_eq!(ago(then, at + 5 * 3600 + 10), "5 hours ago");
        assert_eq!(ago(then, at + 86_400 + 5), "yesterday");
        assert_eq!(ago(then, at + 9 * 86_400), "9 days ago");
        let utc = jiff::tz::TimeZone::UTC;
        assert_eq!(ago_in(then, at + 60 * 86_400, &utc), "on 2026-11-27");
        // A date long past is the reader's own: 09:00 UTC is already the
        // next day in Auckland.
        let nz = jiff::tz::TimeZone::posix("NZST-12NZDT,M9.5.0,M4.1.0/3").unwrap();
        assert_eq!(
            ago_in("2026-11-27T13:00:00Z", at + 60 * 86_400, &nz),
            "on 2026-11-28"
        );
    }

    use crate::load::mini_fixture as mini;

    /// A finished session of `scenario` with `seed`: "Notice the change"
    /// first, then the first option offered each time; and its log.
    fn played_through(scenario: &Arc<Scenario>, seed: u64) -> SessionLog {
        let mut session = Session::new(Arc::clone(scenario), seed);
        let mut log = SessionLog::start(scenario, seed, None);
        session.choose("notice", 500).unwrap();
        while !session.is_ended() {
            let first = session.offered().at(0).id.to_owned();
            session.choose(&first, 500).unwrap();
        }
        log.sync(&session);
        log
    }

    #[test]
    fn a_log_replays_on_a_changed_scenario_following_its_own_draws_and_todays_scores() {
        let text = std::fs::read_to_string("tests/fixtures/mini.ron").unwrap();
        let scenario = mini();
        // Rescored, and a new alternative in the first branch: a fresh draw
        // would often go elsewhere. Then also the first option offered only
        // under a condition these sessions never meet.
        let grown = text
            .replacen("attunement: 5,", "attunement: 3,", 1)
            .replacen(
                "(to: \"shrug\", weight: 1),",
                "(to: \"shrug\", weight: 1),\n                        (to: \"shrug\", weight: 6),",
                1,
            );
        let gated = grown.replacen(
            "id: \"notice\",",
            "id: \"notice\",\n                    when: \"alliance >= 99\",",
            1,
        );
        assert!(grown != text && gated != grown);
        let load = |t: &str| {
            Arc::new(
                crate::load::load_str(Path::new("mini.ron"), t)
                    .scenario
                    .expect("the changed fixture loads"),
            )
        };
        let (grown, gated) = (load(&grown), load(&gated));
        let mut would_have_parted = 0;
        for seed in 0..24 {
            let log = played_through(&scenario, seed);
            // The same scenario: replayed exactly, stored profile and all.
            replay(&log, Arc::clone(&scenario), Path::new("s.ron")).unwrap();
            for changed in [&grown, &gated] {
                let session = replay(&log, Arc::clone(changed), Path::new("s.ron"))
                    .unwrap_or_else(|d| panic!("seed {seed}: {}", d.message));
                let reached: Vec<&str> = session
                    .turns()
                    .iter()
                    .map(|t| t.reaction_id(changed))
                    .collect();
                let logged: Vec<&str> = log.turns.iter().map(|t| t.reaction.as_str()).collect();
                assert_eq!(reached, logged, "seed {seed}");
                // Today's scores, not the stored ones.
                assert_ne!(Some(session.profile()), log.profile, "seed {seed}");
            }
            let mut fresh = Session::new(Arc::clone(&grown), seed);
            fresh.choose(&log.turns[0].option, 500).unwrap();
            if fresh.current_node().id() != log.turns[0].reaction {
                would_have_parted += 1;
            }
            let mut today = Session::new(Arc::clone(&gated), seed);
            assert!(today.choose("notice", 500).is_err(), "not offered today");
        }
        assert!(would_have_parted > 0, "the change never altered a draw");
    }

    #[test]
    fn a_branch_replays_the_turns_before_it_with_the_same_draws() {
        let scenario = mini();
        // Seeds whose first branch goes one way or the other: the branch
        // follows the original's draw whichever it was.
        for seed in 0..8 {
            let mut played = Session::new(Arc::clone(&scenario), seed);
            let mut log = SessionLog::start(&scenario, seed, Some("silence".into()));
            log.say_first = true;
            played.note_own_words("You seem far away");
            played.choose("notice", 900).unwrap();
            let at_two = played.clone();
            let next = played.offered().at(0).id.to_owned();
            played.choose(&next, 700).unwrap();
            log.sync(&played);
            let (branched, session) =
                branch(&log, Path::new("logs/orig.ron"), Arc::clone(&scenario), 2).unwrap();
            assert_eq!(session.current_node().id(), at_two.current_node().id());
            assert_eq!(session.state(), at_two.state());
            assert_eq!(session.turns(), at_two.turns());
            assert_eq!(branched.turns[..], log.turns[..1]);
            assert!(branched.say_first);
            assert_eq!(branched.learning_goal.as_deref(), Some("silence"));
            assert_eq!(
                branched.branched_from,
                Some(BranchedFrom {
                    log: "orig.ron".into(),
                    turn: 2
                })
            );
            // From turn 1, nothing is replayed.
            let (from_start, session) =
                branch(&log, Path::new("orig.ron"), Arc::clone(&scenario), 1).unwrap();
            assert!(from_start.turns.is_empty());
            assert_eq!(session.current_node().id(), "quiet");
        }
    }

    #[test]
    fn only_the_turns_played_can_be_branched_from() {
        assert_eq!(branch_turn_problem(1, 1), None);
        assert_eq!(branch_turn_problem(3, 3), None);
        assert!(branch_turn_problem(0, 3).is_some());
        assert!(branch_turn_problem(4, 3).unwrap().contains("turns 1 to 3"));
        assert!(branch_turn_problem(1, 0).unwrap().contains("no turns yet"));
        let scenario = mini();
        let log = SessionLog::start(&scenario, 1, None);
        assert!(branch(&log, Path::new("o.ron"), scenario, 1).is_err());
    }

    #[test]
    fn a_branch_log_gets_a_name_of_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let original = dir.path().join("s.ron");
        fs::write(&original, "x").unwrap();
        let first = branch_log_path(dir.path(), &original, 2);
        assert_eq!(first, dir.path().join("s-from-turn-2.ron"));
        fs::write(&first, "x").unwrap();
        assert_eq!(
            branch_log_path(dir.path(), &original, 2),
            dir.path().join("s-from-turn-2-2.ron")
        );
    }

    #[test]
    fn a_forged_branch_turn_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.ron");
        let scenario = mini();
        for (turn, said) in [(0, "turns are numbered from 1"), (5, "holds only 0")] {
            let mut log = SessionLog::start(&scenario, 1, None);
            log.branched_from = Some(BranchedFrom {
                log: "s.ron".into(),
                turn,
            });
            log.save(&path).unwrap();
            let d = SessionLog::load(&path).unwrap_err();
            assert_eq!(d.code, Code::LogInvalid);
            assert!(d.message.contains(said), "{}", d.message);
        }
    }

    #[test]
    fn rfc3339_formats_known_instants() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_795_339_843), "2026-11-22T09:30:43Z");
    }
}
