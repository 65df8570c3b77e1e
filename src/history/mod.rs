//! A history of one's practice: the sessions saved in a trainee's log
//! folder, newest first, with when each was played (in local time), its
//! scenario, who played it, how it ended (or that it is unfinished and how
//! to carry on), how hard it felt, and its attunement and ownership; and
//! one past session opened again, to debrief it or to export it as a page
//! for supervision ([`Opened`]).
//!
//! [`scan`] reads every `.ron` file in the folder. A file that is not a
//! readable session log (cut short, edited by hand, not a log at all) is
//! listed as [`Damaged`] with the reason; it is never left out silently and
//! never stops the others from being listed. A log whose scenario is no
//! longer in the library, or no longer fits it, is still listed with what
//! the log itself holds, and a caveat.
//!
//! The [`History`] is plain data (the `--json` output of `attune
//! history`); [`text`] renders it for the terminal, the app's "Your
//! sessions" screen renders the same data, and [`crate::report::debrief`]
//! renders an opened session as HTML.

pub mod text;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::tz::TimeZone;
use rayon::prelude::*;
use serde::Serialize;

use crate::debrief::Debrief;
use crate::diag::{Code, Diagnostic, sanitize};
use crate::engine::Session;
use crate::format::EndingKind;
use crate::log::{self, ScenarioFinder, SessionLog};
use crate::model::{Node, Scenario};

/// The sessions in a log folder.
#[derive(Debug, Clone, Serialize)]
pub struct History {
    /// The folder that was read.
    #[serde(serialize_with = "shown_path")]
    pub folder: PathBuf,
    /// Newest first, numbered from 1.
    pub sessions: Vec<Past>,
    /// Files that are not readable session logs, by file name.
    pub damaged: Vec<Damaged>,
}

/// One past session, as the list shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Past {
    /// Its place in the list, 1 for the newest: `attune history --export N`.
    pub number: usize,
    #[serde(serialize_with = "shown_path")]
    pub file: PathBuf,
    /// When it began, in UTC, as the log keeps it.
    pub started: String,
    /// When it began, in local time: `2026-11-22 10:14`.
    pub local: String,
    /// The scenario's id.
    pub scenario: String,
    /// The scenario's title, or its id when the scenario was not found.
    pub title: String,
    /// The client's name, when the scenario was found.
    pub client: Option<String>,
    pub trainee: Option<String>,
    /// How it ended; `None` while it is unfinished.
    pub ending: Option<PastEnding>,
    /// Client turns answered.
    pub turns: usize,
    /// How hard it felt, 0 to 10, if the trainee said.
    pub rating: Option<u8>,
    /// Mean attunement over the turns answered.
    pub attunement: Option<f32>,
    /// Mean ownership over the turns where the trainee's own part was at
    /// stake; `None` when it never was.
    pub ownership: Option<f32>,
    /// Why the scores or titles come from the log alone, if they do (its
    /// scenario was not found, or has changed so that the log no longer
    /// fits it).
    pub caveat: Option<String>,
}

impl Past {
    pub fn is_finished(&self) -> bool {
        self.ending.is_some()
    }

    /// `attune resume FILE`, for an unfinished session.
    pub fn resume_command(&self) -> String {
        format!("attune resume {}", self.file.display())
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PastEnding {
    pub id: String,
    /// The ending's title, or its id when the scenario was not found.
    pub title: String,
    /// "repaired", "partially repaired", ...
    pub kind: String,
    #[serde(skip)]
    pub ending_kind: EndingKind,
}

/// A file in the folder that is not a readable session log.
#[derive(Debug, Clone, Serialize)]
pub struct Damaged {
    #[serde(serialize_with = "shown_path")]
    pub file: PathBuf,
    /// The diagnostic's code: `syntax`, `log-edited`, `io`, ...
    pub code: String,
    /// What is wrong, with the line and column where there is one.
    pub problem: String,
    pub hint: Option<String>,
}

fn shown_path<S: serde::Serializer>(p: &Path, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&sanitize(&p.display().to_string()))
}

impl History {
    /// No sessions in `folder`.
    pub fn empty(folder: &Path) -> History {
        History {
            folder: folder.to_path_buf(),
            sessions: Vec::new(),
            damaged: Vec::new(),
        }
    }
}

/// Why a log folder could not be listed.
#[derive(Debug)]
pub enum ScanError {
    /// Nothing is there: no session has been saved in it yet.
    Missing(PathBuf),
    /// It is a file, or cannot be read.
    Unreadable(Diagnostic),
}

/// Every session log in `folder`, read and (where its scenario is in
/// `library` or at the path the log records) replayed, with times shown in
/// `tz`.
pub fn scan(folder: &Path, library: &[PathBuf], tz: &TimeZone) -> Result<History, ScanError> {
    let files = log_files(folder)?;
    let read: Vec<(PathBuf, Result<SessionLog, Diagnostic>)> = files
        .into_par_iter()
        .map(|f| {
            let log = SessionLog::load(&f);
            (f, log)
        })
        .collect();
    let mut damaged = Vec::new();
    let mut logs = Vec::new();
    for (file, log) in read {
        match log {
            Ok(log) => logs.push((file, log)),
            Err(d) => damaged.push(Damaged::of(file, &d)),
        }
    }
    let mut finder = ScenarioFinder::new(library);
    let found: Vec<_> = logs
        .into_iter()
        .map(|(file, log)| {
            let scenario = finder.find(&log, &file);
            (file, log, scenario)
        })
        .collect();
    let mut sessions: Vec<Past> = found
        .into_par_iter()
        .map(|(file, log, scenario)| past(file, &log, scenario, tz))
        .collect();
    sessions.sort_by(|a, b| b.started.cmp(&a.started).then_with(|| b.file.cmp(&a.file)));
    for (i, s) in sessions.iter_mut().enumerate() {
        s.number = i + 1;
    }
    damaged.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(History {
        folder: folder.to_path_buf(),
        sessions,
        damaged,
    })
}

/// The `.ron` files in `folder` (not those in its subfolders, nor hidden
/// ones: a log's lock and temporary files begin with a dot).
fn log_files(folder: &Path) -> Result<Vec<PathBuf>, ScanError> {
    let entries = match fs::read_dir(folder) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(ScanError::Missing(folder.to_path_buf()));
        }
        Err(e) => {
            let what = if folder.is_file() {
                "is a file, not a folder of session logs".to_owned()
            } else {
                format!("cannot be read: {e}")
            };
            return Err(ScanError::Unreadable(Diagnostic::error(
                Code::Io,
                folder,
                format!("the log folder {what}"),
            )));
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.ends_with(".ron") && !name.starts_with('.')
        })
        .map(|e| e.path())
        // Folders are passed over; anything else that is not a regular
        // file is refused by the log reader, and listed as damaged.
        .filter(|p| !p.is_dir())
        .collect();
    files.sort();
    Ok(files)
}

impl Damaged {
    fn of(file: PathBuf, d: &Diagnostic) -> Damaged {
        let at = d
            .location
            .as_ref()
            .map(|l| format!(" (line {}, column {})", l.line, l.col))
            .unwrap_or_default();
        Damaged {
            file,
            code: d.code.as_str().to_owned(),
            problem: format!("{}{at}", d.message),
            hint: d.hint.clone(),
        }
    }
}

/// One readable log as the list shows it.
fn past(
    file: PathBuf,
    log: &SessionLog,
    scenario: Result<Arc<Scenario>, Diagnostic>,
    tz: &TimeZone,
) -> Past {
    let mut caveat = None;
    let replayed = match scenario {
        Ok(s) => match log::replay(log, Arc::clone(&s), &file) {
            Ok(session) => Some((s, Some(session))),
            Err(d) => {
                caveat = Some(format!(
                    "this log no longer fits its scenario ({}); what is shown is what the log holds",
                    d.message
                ));
                Some((s, None))
            }
        },
        Err(_) => {
            caveat = Some(format!(
                "scenario `{}` was not found in the library; what is shown is what the log holds",
                log.scenario
            ));
            None
        }
    };
    let scenario = replayed.as_ref().map(|(s, _)| Arc::clone(s));
    let profile = replayed
        .as_ref()
        .and_then(|(_, session)| session.as_ref())
        .map(Session::profile)
        .or_else(|| log.profile.clone());
    let ending = log.ending.as_ref().map(|e| PastEnding {
        id: e.node.clone(),
        title: scenario
            .as_ref()
            .and_then(|s| s.node_index(&e.node).map(|i| s.node(i)))
            .and_then(|n| match n {
                Node::Ending(end) => Some(end.title.clone()),
                Node::Turn(_) => None,
            })
            .unwrap_or_else(|| e.node.clone()),
        kind: e.kind.label().to_owned(),
        ending_kind: e.kind,
    });
    let round = |m: Option<f32>| m.map(|x| (x * 100.0).round() / 100.0);
    Past {
        number: 0,
        local: crate::when::in_zone(&log.started, tz)
            .map_or_else(|| log.started.clone(), |l| l.short()),
        started: log.started.clone(),
        title: scenario
            .as_ref()
            .map_or_else(|| log.scenario.clone(), |s| s.title.clone()),
        client: scenario.as_ref().map(|s| s.client.name.clone()),
        scenario: log.scenario.clone(),
        trainee: log.trainee.clone(),
        ending,
        turns: log.turns.len(),
        rating: log.difficulty_rating,
        attunement: round(profile.as_ref().and_then(|p| p.attunement.mean)),
        ownership: round(profile.as_ref().and_then(|p| p.ownership.mean)),
        caveat,
        file,
    }
}

/// A past session opened again: its log, replayed on its scenario.
pub struct Opened {
    pub path: PathBuf,
    pub log: SessionLog,
    pub session: Session,
}

impl Opened {
    /// Read the log at `path`, find its scenario (in `library`, or at the
    /// path the log records) and replay it. Fails naming the file when the
    /// log cannot be read, its scenario is not found, or it no longer fits.
    pub fn open(path: &Path, library: &[PathBuf]) -> Result<Opened, Diagnostic> {
        let log = SessionLog::load(path)?;
        let scenario = ScenarioFinder::new(library).find(&log, path)?;
        Opened::with(path, log, scenario)
    }

    /// Replay `log` (read from `path`) on `scenario`.
    pub fn with(
        path: &Path,
        log: SessionLog,
        scenario: Arc<Scenario>,
    ) -> Result<Opened, Diagnostic> {
        let session = log::replay(&log, scenario, path)?;
        Ok(Opened {
            path: path.to_path_buf(),
            log,
            session,
        })
    }

    /// The debrief, as the terminal and the app show it.
    pub fn debrief(&self) -> Debrief {
        Debrief::of(&self.session, self.log.learning_goal.as_deref())
    }

    /// The page for supervision, with times in `tz`.
    pub fn html(&self, tz: &TimeZone) -> String {
        crate::report::debrief::render(&self.log, &self.path, &self.session, tz)
    }

    /// Write the page for supervision to `out` (by default beside the
    /// log: [`export_path`]); returns where it went.
    pub fn export(&self, out: Option<&Path>, tz: &TimeZone) -> Result<PathBuf, Diagnostic> {
        let target = out.map_or_else(|| export_path(&self.path), Path::to_path_buf);
        let same = |a: &Path, b: &Path| match (fs::canonicalize(a), fs::canonicalize(b)) {
            (Ok(a), Ok(b)) => a == b,
            _ => a == b,
        };
        if same(&target, &self.path) {
            return Err(Diagnostic::error(
                Code::Io,
                &target,
                "the page would be written over the session log itself",
            )
            .with_hint(Some("name another file with `--out FILE.html`".into())));
        }
        write_atomically(&target, &self.html(tz)).map_err(|e| {
            Diagnostic::error(Code::Io, &target, format!("cannot write the page: {e}"))
        })?;
        Ok(target)
    }
}

/// Where the page for supervision of the log at `log` goes by default:
/// beside it, with the same name ending in `.html`.
pub fn export_path(log: &Path) -> PathBuf {
    log.with_extension("html")
}

/// Write `text` to `path` through a temporary file beside it, so that a
/// page is never left half-written.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".attune-page")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The session `which` names: its number in `history` (1 for the newest),
/// or a path to a log. A number out of range is an error that says how
/// many sessions there are.
pub fn pick(history: &History, which: &str) -> Result<PathBuf, String> {
    match which.trim().parse::<usize>() {
        Ok(n) if (1..=history.sessions.len()).contains(&n) => {
            Ok(history.sessions[n - 1].file.clone())
        }
        Ok(n) => Err(match history.sessions.len() {
            0 => format!(
                "there is no session {n}: no session is saved in {}",
                history.folder.display()
            ),
            1 => format!("there is no session {n}: only session 1 is saved"),
            len => format!("there is no session {n}: the sessions are numbered 1 to {len}"),
        }),
        Err(_) => Ok(PathBuf::from(which)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::load::mini_fixture as mini;

    /// A log of mini played with `choices`, started at `started`.
    fn saved(dir: &Path, name: &str, choices: &[&str], started: &str) -> PathBuf {
        let s = mini();
        let mut session = Session::new(Arc::clone(&s), 4);
        let mut log = SessionLog::start(&s, 4, None);
        for c in choices {
            session.choose(c, 10).unwrap();
        }
        log.sync(&session);
        log.started = started.to_owned();
        let path = dir.join(name);
        log.save(&path).unwrap();
        path
    }

    #[test]
    fn sessions_come_newest_first_and_damaged_files_are_listed() {
        let dir = tempfile::tempdir().unwrap();
        let a = saved(
            dir.path(),
            "a.ron",
            &["pause", "own-it", "stay"],
            "2026-11-20T09:00:00Z",
        );
        saved(dir.path(), "b.ron", &["pause"], "2026-11-22T09:00:00Z");
        let whole = fs::read_to_string(a).unwrap();
        fs::write(dir.path().join("c.ron"), &whole[..whole.len() / 2]).unwrap();
        fs::write(dir.path().join("notes.txt"), "not a log").unwrap();
        fs::write(dir.path().join(".b.ron.lock"), "1").unwrap();
        let library = vec![PathBuf::from("tests/fixtures/mini.ron")];
        let h = scan(dir.path(), &library, &TimeZone::UTC).unwrap();
        let files: Vec<String> = h
            .sessions
            .iter()
            .map(|s| s.file.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(files, ["b.ron", "a.ron"]);
        assert_eq!(h.sessions[0].number, 1);
        assert!(!h.sessions[0].is_finished());
        assert_eq!(h.sessions[0].turns, 1);
        assert_eq!(h.sessions[0].local, "2026-11-22 09:00");
        let done = &h.sessions[1];
        assert!(done.is_finished());
        assert!(done.attunement.is_some());
        assert_eq!(done.caveat, None);
        assert_eq!(h.damaged.len(), 1);
        assert!(h.damaged[0].file.ends_with("c.ron"));
        assert_eq!(h.damaged[0].code, "syntax");
    }

    #[test]
    fn a_log_whose_scenario_is_gone_is_listed_with_what_it_holds() {
        let dir = tempfile::tempdir().unwrap();
        saved(
            dir.path(),
            "a.ron",
            &["pause", "own-it", "stay"],
            "2026-11-20T09:00:00Z",
        );
        // Neither in this library nor at the path it records (the log is
        // moved away from the fixture by editing nothing: the library is
        // empty and the recorded path is the fixture, so point it away).
        let mut log = SessionLog::load(&dir.path().join("a.ron")).unwrap();
        log.scenario_path = Some(dir.path().join("gone.ron"));
        log.save(&dir.path().join("a.ron")).unwrap();
        let h = scan(dir.path(), &[dir.path().join("nothing")], &TimeZone::UTC).unwrap();
        let s = &h.sessions[0];
        assert_eq!(s.title, "mini");
        assert!(s.caveat.as_deref().unwrap().contains("was not found"));
        // The profile kept in a finished log still gives the scores.
        assert!(s.attunement.is_some());
        assert_eq!(
            s.ending.as_ref().unwrap().title,
            s.ending.as_ref().unwrap().id
        );
    }

    #[test]
    fn a_missing_folder_is_told_apart_from_an_unreadable_one() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("none");
        assert!(matches!(
            scan(&gone, &[], &TimeZone::UTC),
            Err(ScanError::Missing(_))
        ));
        let file = dir.path().join("f");
        fs::write(&file, "").unwrap();
        let Err(ScanError::Unreadable(d)) = scan(&file, &[], &TimeZone::UTC) else {
            panic!("a file was read as a folder");
        };
        assert!(d.message.contains("is a file"), "{}", d.message);
    }

    #[test]
    fn a_session_is_picked_by_number_or_by_path() {
        let dir = tempfile::tempdir().unwrap();
        saved(dir.path(), "a.ron", &["pause"], "2026-11-20T09:00:00Z");
        let h = scan(dir.path(), &[], &TimeZone::UTC).unwrap();
        assert_eq!(pick(&h, "1").unwrap(), dir.path().join("a.ron"));
        assert_eq!(
            pick(&h, "2").unwrap_err(),
            "there is no session 2: only session 1 is saved"
        );
        assert_eq!(pick(&h, "x.ron").unwrap(), PathBuf::from("x.ron"));
    }

    #[test]
    fn the_page_is_not_written_over_the_log() {
        let dir = tempfile::tempdir().unwrap();
        let path = saved(
            dir.path(),
            "a.ron",
            &["pause", "own-it", "stay"],
            "2026-11-20T09:00:00Z",
        );
        let opened = Opened::open(&path, &[PathBuf::from("tests/fixtures/mini.ron")]).unwrap();
        assert!(opened.export(Some(&path), &TimeZone::UTC).is_err());
        let written = opened.export(None, &TimeZone::UTC).unwrap();
        assert_eq!(written, dir.path().join("a.html"));
        assert!(
            fs::read_to_string(&written)
                .unwrap()
                .starts_with("<!DOCTYPE html>")
        );
    }
}
