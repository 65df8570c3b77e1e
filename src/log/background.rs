//! Saving a session log off the caller's thread.
//!
//! A save writes, fsyncs a file and fsyncs its folder: about 12 ms on a
//! local disk, far more on the network home folders many universities
//! use. The app cannot spend that inside a frame, so it hands each version
//! of the log to a [`BackgroundSaver`], which owns the [`LogFile`] (and its
//! lock) on a thread of its own and saves in order. When versions arrive
//! faster than they can be written, only the newest waiting one is written:
//! each version holds everything the earlier ones did. [`status`] says what
//! is on disk and whether the last save failed, so a failure is still shown
//! to the trainee; [`flush`] (and dropping the saver) waits until the newest
//! version is written, so nothing a trainee did is lost on the way out.
//!
//! [`status`]: BackgroundSaver::status
//! [`flush`]: BackgroundSaver::flush

use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;

use super::{LogFile, SessionLog};

/// What has happened to the versions handed over so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaveStatus {
    /// Versions handed over, and versions finished (written or failed).
    pub submitted: u64,
    pub finished: u64,
    /// Turns in the last version written successfully.
    pub saved_turns: Option<usize>,
    /// Why the last attempt failed, if it did; cleared by a later success.
    pub error: Option<String>,
}

impl SaveStatus {
    /// Every version handed over has been dealt with.
    pub fn is_idle(&self) -> bool {
        self.submitted == self.finished
    }
}

#[derive(Default)]
struct Shared {
    /// The newest version waiting to be written, and its number.
    pending: Option<(u64, SessionLog)>,
    status: SaveStatus,
    closing: bool,
}

/// Saves a log's versions in order on a thread of its own.
pub struct BackgroundSaver {
    path: PathBuf,
    shared: Arc<(Mutex<Shared>, Condvar)>,
    worker: Option<JoinHandle<()>>,
}

fn lock(m: &Mutex<Shared>) -> MutexGuard<'_, Shared> {
    // A panic on the saving thread must not take the trainee's session
    // with it: the data is still consistent, so carry on with it.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl BackgroundSaver {
    /// Take over `file` (and its lock) and start the saving thread.
    pub fn new(file: LogFile) -> BackgroundSaver {
        let path = file.path().to_path_buf();
        let shared = Arc::new((Mutex::new(Shared::default()), Condvar::new()));
        let worker = {
            let shared = Arc::clone(&shared);
            std::thread::Builder::new()
                .name("attune-log-saver".into())
                .spawn(move || run(file, &shared))
                .ok()
        };
        BackgroundSaver {
            path,
            shared,
            worker,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Hand over the log as it is now. Returns at once.
    pub fn submit(&self, log: SessionLog) {
        let (m, cv) = &*self.shared;
        let mut s = lock(m);
        s.status.submitted += 1;
        let n = s.status.submitted;
        if s.pending.replace((n, log)).is_some() {
            // A newer version supersedes the one still waiting, which
            // counts as dealt with.
            s.status.finished += 1;
        }
        cv.notify_all();
    }

    /// What is on disk now, and whether the last save failed.
    pub fn status(&self) -> SaveStatus {
        lock(&self.shared.0).status.clone()
    }

    /// Wait until every version handed over has been dealt with, and
    /// return the status then.
    pub fn flush(&self) -> SaveStatus {
        let (m, cv) = &*self.shared;
        let mut s = lock(m);
        while !s.status.is_idle() && self.worker.is_some() {
            s = cv.wait(s).unwrap_or_else(|p| p.into_inner());
        }
        s.status.clone()
    }
}

impl Drop for BackgroundSaver {
    fn drop(&mut self) {
        self.flush();
        {
            let (m, cv) = &*self.shared;
            lock(m).closing = true;
            cv.notify_all();
        }
        if let Some(w) = self.worker.take() {
            let _ = w.join();
        }
    }
}

fn run(mut file: LogFile, shared: &(Mutex<Shared>, Condvar)) {
    let (m, cv) = shared;
    loop {
        let job = {
            let mut s = lock(m);
            loop {
                if let Some(job) = s.pending.take() {
                    break Some(job);
                }
                if s.closing {
                    break None;
                }
                s = cv.wait(s).unwrap_or_else(|p| p.into_inner());
            }
        };
        let Some((_, log)) = job else {
            return;
        };
        let result = file.save(&log);
        let mut s = lock(m);
        s.status.finished += 1;
        match result {
            Ok(()) => {
                s.status.saved_turns = file.saved_turns();
                s.status.error = None;
            }
            Err(e) => s.status.error = Some(e.to_string()),
        }
        cv.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc as StdArc;

    use super::*;
    use crate::engine::Session;

    use crate::load::mini_fixture as mini;

    #[test]
    fn versions_are_saved_in_order_and_the_newest_is_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.ron");
        let scenario = mini();
        let mut session = Session::new(StdArc::clone(&scenario), 1);
        let mut log = SessionLog::start(&scenario, 1, None);
        let saver = BackgroundSaver::new(LogFile::open(&path).unwrap());
        saver.submit(log.clone());
        for id in ["agenda", "reassure"] {
            session.choose(id, 5).unwrap();
            log.sync(&session);
            saver.submit(log.clone());
        }
        let status = saver.flush();
        assert!(status.is_idle());
        assert_eq!(status.submitted, 3);
        assert_eq!(status.saved_turns, Some(2));
        assert_eq!(status.error, None);
        let mut on_disk = SessionLog::load(&path).unwrap();
        on_disk.seal = None;
        assert_eq!(on_disk, log);
    }

    #[test]
    fn a_failed_save_is_reported_and_a_later_one_clears_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.ron");
        let scenario = mini();
        let log = SessionLog::start(&scenario, 1, None);
        let saver = BackgroundSaver::new(LogFile::open(&path).unwrap());
        // A folder where the log should be: the save is refused.
        std::fs::create_dir(&path).unwrap();
        saver.submit(log.clone());
        let failed = saver.flush();
        assert!(failed.error.is_some(), "{failed:?}");
        assert_eq!(failed.saved_turns, None);
        std::fs::remove_dir(&path).unwrap();
        saver.submit(log);
        let ok = saver.flush();
        assert_eq!(ok.error, None);
        assert_eq!(ok.saved_turns, Some(0));
    }

    #[test]
    fn dropping_the_saver_writes_what_was_handed_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.ron");
        let scenario = mini();
        let mut session = Session::new(StdArc::clone(&scenario), 2);
        let mut log = SessionLog::start(&scenario, 2, None);
        {
            let saver = BackgroundSaver::new(LogFile::open(&path).unwrap());
            session.choose("agenda", 5).unwrap();
            log.sync(&session);
            saver.submit(log.clone());
        }
        assert_eq!(SessionLog::load(&path).unwrap().turns.len(), 1);
        // And the lock went with it: the log can be opened again.
        assert!(LogFile::open(&path).is_ok());
    }
}
