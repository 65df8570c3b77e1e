//! Session logs: written after every turn, atomically, in RON.
//!
//! A log is what makes a session reproducible: scenario id and content
//! hash, seed, and each turn's node, option, latency and inner-state note.
//! [`replay`] re-runs a log against the scenario and stops at the first
//! turn that no longer matches; [`SessionLog::save`] writes to a temporary
//! file, syncs it and renames it over the old log, so a crash never leaves a
//! half-written log behind.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::diag::{Code, Diagnostic, suggest};
use crate::engine::Session;
use crate::format::EndingKind;
use crate::load::{load_all, load_file, parse_ron, read_text};
use crate::model::{Node, Scenario};
use crate::scoring::Profile;
use crate::seal::{self, Seal};

/// The log format written. Format 2 added the [`Seal`]; format-1 logs are
/// still read, as unsealed.
pub const LOG_FORMAT: u32 = 2;

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
    /// The node the client's reaction led to.
    pub reaction: String,
    pub at: String,
    /// The scenario's content hash when this turn was played, if it was no
    /// longer the one the session started with (`resume --allow-changed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario_hash: Option<String>,
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
            scenario_hash: scenario.content_hash.clone(),
            scenario_path: scenario
                .path
                .as_ref()
                .map(|p| fs::canonicalize(p).unwrap_or_else(|_| p.clone())),
            seed,
            trainee: None,
            learning_goal,
            show_live_scores: false,
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
        for t in session.turns().iter().skip(self.turns.len()) {
            self.turns.push(LoggedTurn {
                node: t.node.clone(),
                option: t.option.clone(),
                latency_ms: t.latency_ms,
                inner_note: t.inner_note.clone(),
                reaction: t.reaction.clone(),
                at: now.clone(),
                scenario_hash: (session.scenario().content_hash != self.scenario_hash)
                    .then(|| session.scenario().content_hash.clone()),
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

    /// Write atomically: temporary file, fsync, rename, fsync the folder.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let config = ron::ser::PrettyConfig::default()
            .struct_names(true)
            .extensions(crate::load::ron_extensions());
        // A log read in an older format is written in the current one, and
        // sealed from now on.
        let mut sealed = self.clone();
        sealed.format = LOG_FORMAT;
        sealed.seal = Some(seal::seal(&sealed));
        let text = ron::ser::to_string_pretty(&sealed, config).map_err(std::io::Error::other)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir)?;
        }
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(".tmp");
        let tmp = PathBuf::from(tmp);
        {
            let mut f = File::create(&tmp)?;
            f.write_all(text.as_bytes())?;
            f.write_all(b"\n")?;
            f.sync_all()?;
        }
        fs::rename(&tmp, path)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            // Make the rename itself durable; not every platform allows
            // opening a folder, so this is best effort.
            if let Ok(d) = File::open(dir) {
                let _ = d.sync_all();
            }
        }
        Ok(())
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

    /// Whether the log carries a seal (format 2 and later always do).
    pub fn is_sealed(&self) -> bool {
        self.seal.is_some()
    }

    /// Values a log can only hold if it was edited: a content hash that is
    /// not a SHA-256 digest, a time that is not RFC 3339, a rating out of
    /// range, an ending without turns.
    fn check_values(&self, path: &Path) -> Result<(), Diagnostic> {
        let invalid = |message: String| Err(Diagnostic::error(Code::LogInvalid, path, message));
        let is_digest = self.scenario_hash.len() == 64
            && self
                .scenario_hash
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !is_digest {
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
        Ok(())
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
    library: &Path,
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
    library: PathBuf,
    by_id: HashMap<String, Arc<Scenario>>,
    by_path: HashMap<PathBuf, Option<Arc<Scenario>>>,
}

impl ScenarioFinder {
    pub fn new(library: &Path) -> ScenarioFinder {
        let (loaded, _) = load_all(&[library.to_path_buf()]);
        let by_id = loaded
            .into_iter()
            .filter_map(|l| l.scenario)
            .map(|s| (s.id.clone(), Arc::new(s)))
            .collect();
        ScenarioFinder {
            library: library.to_path_buf(),
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
        let matches = |s: &Arc<Scenario>| s.content_hash == log.scenario_hash;
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
            self.library.display()
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
                let is_file = fs::metadata(p).is_ok_and(|m| m.is_file());
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
    let mut session = Session::new(Arc::clone(&scenario), log.seed);
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
        if let Err(e) = session.choose(&t.option, t.latency_ms) {
            let offered: Vec<String> = session.offered().into_iter().map(|o| o.id).collect();
            let hint = suggest(&t.option, offered.iter().map(String::as_str))
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

fn scenario_changed_hint(log: &SessionLog, scenario: &Scenario) -> Option<String> {
    (log.played_hash() != scenario.content_hash)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_formats_known_instants() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_795_339_843), "2026-11-22T09:30:43Z");
    }
}
