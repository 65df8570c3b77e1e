//! Keeping a session: its log, the file the log is kept in, and a save
//! after every turn. The terminal player and the app both keep their
//! sessions through a [`Recorder`], so starting, resuming, refusing a note
//! that would overfill the log and saying what is on disk are written once.
//!
//! The terminal saves in place ([`Keeping::Now`]): it has nothing else to
//! do meanwhile, and can then say exactly what a failed save left on disk.
//! The app saves on a thread of its own ([`Keeping::Background`]) so that a
//! slow disk never holds up a frame.

use std::path::Path;
use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::engine::Session;
use crate::log::{self, BackgroundSaver, LogError, LogFile, SaveStatus, SessionLog};
use crate::model::Scenario;

/// Where a session's log is kept.
pub enum Keeping {
    /// Nowhere: a session started part-way (`play --from`), or with no log
    /// folder.
    Unkept,
    /// Saved in place after every turn.
    Now(LogFile),
    /// Handed to a saving thread after every turn.
    Background(BackgroundSaver),
}

/// A session's log and where it is kept.
pub struct Recorder {
    log: SessionLog,
    keeping: Keeping,
    /// Why the last save in place failed, if it did.
    error: Option<String>,
}

impl Recorder {
    /// A log that is not kept anywhere.
    pub fn unkept(log: SessionLog) -> Recorder {
        Recorder {
            log,
            keeping: Keeping::Unkept,
            error: None,
        }
    }

    /// Keep `log` in `file` (already open and locked), saving in place or
    /// in the background.
    pub fn kept(log: SessionLog, file: LogFile, background: bool) -> Recorder {
        let keeping = if background {
            Keeping::Background(BackgroundSaver::new(file))
        } else {
            Keeping::Now(file)
        };
        Recorder {
            log,
            keeping,
            error: None,
        }
    }

    /// Open and lock the log's place (see [`LogFile::open`]) and keep
    /// `log` there; nothing is written yet.
    pub fn open(log: SessionLog, path: &Path, background: bool) -> Result<Recorder, LogError> {
        Ok(Recorder::kept(log, LogFile::open(path)?, background))
    }

    /// Carry on with the session saved at `path`: its lock is taken first
    /// (a session open elsewhere is refused), the log is read under it and
    /// replayed on `scenario`.
    pub fn resume(
        path: &Path,
        scenario: Arc<Scenario>,
        background: bool,
    ) -> Result<(Recorder, Session), Diagnostic> {
        let mut file = LogFile::open(path)?;
        let log = file.load()?;
        let session = log::replay(&log, scenario, path)?;
        Ok((Recorder::kept(log, file, background), session))
    }

    pub fn log(&self) -> &SessionLog {
        &self.log
    }

    pub fn log_mut(&mut self) -> &mut SessionLog {
        &mut self.log
    }

    /// Where the log is kept, if it is.
    pub fn path(&self) -> Option<&Path> {
        match &self.keeping {
            Keeping::Unkept => None,
            Keeping::Now(f) => Some(f.path()),
            Keeping::Background(b) => Some(b.path()),
        }
    }

    pub fn is_kept(&self) -> bool {
        !matches!(self.keeping, Keeping::Unkept)
    }

    /// Why a check-in note cannot be kept, if it cannot: it would make the
    /// log larger than a log may be. Notes of turns already in the log (a
    /// resumed session being replayed) are always kept as they were.
    pub fn note_refused(&self, session: &Session, note: &str) -> Option<String> {
        let replaying = session.turns().len() < self.log.turns.len();
        (self.is_kept() && !replaying && !self.log.note_fits(note)).then(log::note_too_large)
    }

    /// Why the trainee's own words (say-first practice) cannot be kept, if
    /// they cannot: as [`Recorder::note_refused`].
    pub fn words_refused(&self, session: &Session, words: &str) -> Option<String> {
        let replaying = session.turns().len() < self.log.turns.len();
        (self.is_kept() && !replaying && !self.log.note_fits(words)).then(log::words_too_large)
    }

    /// Bring the log up to date with `session` and save it.
    pub fn record(&mut self, session: &Session) {
        self.log.sync(session);
        self.save();
    }

    /// Save the log as it is (after a rating, say).
    pub fn save(&mut self) {
        match &mut self.keeping {
            Keeping::Unkept => {}
            Keeping::Now(file) => self.error = file.save(&self.log).err().map(|e| e.to_string()),
            Keeping::Background(saver) => saver.submit(self.log.clone()),
        }
    }

    /// What is on disk and whether the last save failed. For a background
    /// saver, as far as it has got.
    pub fn status(&self) -> SaveStatus {
        match &self.keeping {
            Keeping::Unkept => SaveStatus::default(),
            Keeping::Now(file) => SaveStatus {
                saved_turns: file.saved_turns(),
                error: self.error.clone(),
                ..SaveStatus::default()
            },
            Keeping::Background(saver) => saver.status(),
        }
    }

    /// Wait until every save handed over is done; the status then.
    pub fn flush(&self) -> SaveStatus {
        match &self.keeping {
            Keeping::Background(saver) => saver.flush(),
            _ => self.status(),
        }
    }

    /// Whether the last successful save held the ending (saving in place;
    /// a background saver is asked with [`Recorder::flush`]).
    pub fn saved_finished(&self) -> bool {
        match &self.keeping {
            Keeping::Now(file) => file.saved_finished(),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::load::mini_fixture as mini;

    #[test]
    fn a_kept_session_is_saved_after_every_turn_both_ways() {
        for background in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("s.ron");
            let scenario = mini();
            let mut session = Session::new(Arc::clone(&scenario), 3);
            let log = SessionLog::start(&scenario, 3, None);
            let mut r = Recorder::open(log, &path, background).unwrap();
            assert_eq!(r.path(), Some(path.as_path()));
            r.record(&session);
            session.choose("agenda", 5).unwrap();
            r.record(&session);
            let status = r.flush();
            assert_eq!(status.saved_turns, Some(1), "background: {background}");
            assert_eq!(status.error, None);
            assert_eq!(SessionLog::load(&path).unwrap().turns.len(), 1);
        }
    }

    #[test]
    fn resume_takes_the_lock_and_replays() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.ron");
        let scenario = mini();
        let mut session = Session::new(Arc::clone(&scenario), 3);
        session.choose("agenda", 5).unwrap();
        {
            let mut r =
                Recorder::open(SessionLog::start(&scenario, 3, None), &path, false).unwrap();
            r.record(&session);
            // While it is kept here, nobody else may carry on with it.
            let Err(d) = Recorder::resume(&path, Arc::clone(&scenario), true) else {
                panic!("resumed while open");
            };
            assert!(
                d.message.contains("open in another window"),
                "{}",
                d.message
            );
        }
        let (r, resumed) = Recorder::resume(&path, Arc::clone(&scenario), true).unwrap();
        assert_eq!(resumed.turns(), session.turns());
        assert_eq!(r.log().turns.len(), 1);
    }

    #[test]
    fn an_oversized_note_is_refused_only_when_the_log_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let scenario = mini();
        let session = Session::new(Arc::clone(&scenario), 3);
        let huge = "x".repeat(crate::load::MAX_FILE_BYTES as usize);
        let unkept = Recorder::unkept(SessionLog::start(&scenario, 3, None));
        assert_eq!(unkept.note_refused(&session, &huge), None);
        let kept = Recorder::open(
            SessionLog::start(&scenario, 3, None),
            &dir.path().join("s.ron"),
            false,
        )
        .unwrap();
        assert!(kept.note_refused(&session, &huge).is_some());
        assert_eq!(kept.note_refused(&session, "a pull to reassure"), None);
    }
}
