//! The app's hold on the engine: the scenario library, and the session
//! being practised with its log. Everything here calls the library
//! ([`crate::load`], [`crate::engine`], [`crate::log`]); the screens only
//! show what these resources hold and send actions back.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use bevy::prelude::*;

use crate::diag::Diagnostic;
use crate::engine::{EngineError, Event, Offered, Session};
use crate::format::OptionKind;
use crate::format::{Affect, CheckIn, EndingKind, Marker};
use crate::load::Loaded;
use crate::log::{self, LogFile, SessionLog, find_unfinished, log_file_name};
use crate::model::Scenario;
use crate::record::Recorder;

/// How the app was started.
#[derive(Resource, Clone, Debug, Default)]
pub struct Config {
    /// Folders (or files) the scenario library is loaded from.
    pub library: Vec<PathBuf>,
    /// Where session logs are saved; `None` saves none (capture mode).
    pub log_dir: Option<PathBuf>,
    /// Seed for the first session (later ones get fresh seeds).
    pub seed: Option<u64>,
    /// Show the client's line at once instead of at a calm pace.
    pub instant_text: bool,
    /// Author mode: the folder being watched.
    pub watch: Option<PathBuf>,
    /// Look for unfinished sessions in the log folder to offer to resume.
    pub offer_resume: bool,
    /// Where the trainee's name is remembered between runs; `None`
    /// remembers nothing (capture mode, tests).
    pub prefs: Option<PathBuf>,
}

/// An unfinished session found in the log folder.
#[derive(Clone, Debug)]
pub struct Unfinished {
    pub path: PathBuf,
    pub log: SessionLog,
    pub scenario: Arc<Scenario>,
}

/// The scenarios the trainee can pick from.
#[derive(Resource, Default, Debug)]
pub struct Library {
    pub scenarios: Vec<Arc<Scenario>>,
    /// Every file with its diagnostics, as loaded.
    pub files: Vec<(PathBuf, Vec<Diagnostic>)>,
    /// Problems not tied to one file's content (missing folder, duplicate ids).
    pub problems: Vec<Diagnostic>,
    pub unfinished: Vec<Unfinished>,
    /// A message for the picker (a resume that failed, a reload).
    pub notice: Option<String>,
}

impl Library {
    /// Load every scenario under `paths` (a library's folders, most
    /// important first: [`crate::library::load`]), sorted as `attune list`
    /// sorts them.
    pub fn load(paths: &[PathBuf]) -> Library {
        let (loaded, problems) = crate::library::load(paths);
        Library::from_loaded(loaded, problems)
    }

    pub fn from_loaded(loaded: Vec<Loaded>, problems: Vec<Diagnostic>) -> Library {
        let mut scenarios = Vec::new();
        let mut files = Vec::new();
        for l in loaded {
            files.push((l.path.clone(), l.diagnostics));
            if let Some(s) = l.scenario {
                scenarios.push(Arc::new(s));
            }
        }
        scenarios.sort_by(|a, b| (a.difficulty, &a.id).cmp(&(b.difficulty, &b.id)));
        Library {
            scenarios,
            files,
            problems,
            unfinished: Vec::new(),
            notice: None,
        }
    }

    /// Files that failed to load, with their diagnostics.
    pub fn broken(&self) -> impl Iterator<Item = &(PathBuf, Vec<Diagnostic>)> {
        self.files
            .iter()
            .filter(|(_, d)| d.iter().any(Diagnostic::is_error))
    }

    /// Every error diagnostic, file problems first.
    pub fn errors(&self) -> Vec<&Diagnostic> {
        self.problems
            .iter()
            .chain(self.files.iter().flat_map(|(_, d)| d))
            .filter(|d| d.is_error())
            .collect()
    }

    /// Find a scenario by id or by the file it came from.
    pub fn find(&self, which: &str) -> Option<Arc<Scenario>> {
        self.scenarios
            .iter()
            .find(|s| {
                s.id == which
                    || s.path
                        .as_ref()
                        .is_some_and(|p| p == std::path::Path::new(which))
            })
            .cloned()
    }

    /// Look for unfinished sessions of scenarios in this library.
    pub fn scan_unfinished(&mut self, dir: &std::path::Path) {
        self.unfinished = find_unfinished(dir)
            .into_iter()
            .filter_map(|(path, log)| {
                let scenario = self.find(&log.scenario)?;
                Some(Unfinished {
                    path,
                    log,
                    scenario,
                })
            })
            .collect();
    }
}

/// What the client does at the current turn, read from the engine's events.
#[derive(Clone, Debug, Default)]
pub struct TurnView {
    /// 1-based number of the turn being answered.
    pub number: usize,
    pub line: String,
    pub cue: String,
    pub affect: Option<Affect>,
    pub marker: Option<Marker>,
    pub checkin: Option<CheckIn>,
    pub options: Vec<ShownOption>,
    pub ending: Option<EndingView>,
    /// Why no options are offered although the session has not ended: it
    /// reached the engine's turn limit.
    pub stopped: Option<String>,
}

/// An option on screen: what the engine offered, kept for as long as the
/// turn is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShownOption {
    /// 1-based position as shown.
    pub number: usize,
    pub id: String,
    pub label: String,
    pub says: String,
    pub kind: OptionKind,
}

impl From<Offered<'_>> for ShownOption {
    fn from(o: Offered<'_>) -> ShownOption {
        ShownOption {
            number: o.number,
            id: o.id.to_owned(),
            label: o.label.to_owned(),
            says: o.says.to_owned(),
            kind: o.kind,
        }
    }
}

#[derive(Clone, Debug)]
pub struct EndingView {
    pub kind: EndingKind,
    pub title: String,
    pub summary: String,
}

/// The session being practised.
#[derive(Resource, Default)]
pub struct Practice {
    pub scenario: Option<Arc<Scenario>>,
    pub seed: u64,
    pub goal: Option<String>,
    /// The trainee's name, stored in the log of every session begun (for
    /// the instructor's cohort report).
    pub trainee: Option<String>,
    pub show_scores: bool,
    /// Begin sessions in say-first practice: the trainee types what they
    /// would say before the options appear (remembered in the prefs).
    pub say_first: bool,
    pub session: Option<Session>,
    /// Where this session's log is meant to go (none without a log folder).
    pub log_path: Option<PathBuf>,
    /// The session's log and the file it is kept in, locked against other
    /// writers and saved on a thread of its own, so that a slow disk never
    /// holds up a frame.
    pub recorder: Option<Recorder>,
    /// The current turn, as the engine reported it.
    pub view: TurnView,
    /// What the trainee noticed in themselves at this turn, if anything.
    pub note: Option<String>,
    /// Say-first practice: what the trainee would say at this turn, typed
    /// before the options were shown.
    pub own_words: Option<String>,
    /// Whether the options of this turn are shown: at once, or in
    /// say-first practice once the trainee has said (or skipped) their
    /// own words.
    pub options_shown: bool,
    /// When the options of this turn were shown (latency starts here).
    pub shown_at: Option<Instant>,
    /// Bumped whenever the view changes, so the screen redraws.
    pub version: u64,
    /// Bumped when the client's turn changes (a new line to show).
    pub turn_serial: u64,
    /// The last save failed: why (or a note was too large to keep).
    pub save_error: Option<String>,
    /// The background saver's last error as last taken in, so a change in
    /// it (and only a change) replaces what is shown.
    pub seen_save_error: Option<String>,
    /// A past session opened from "Your sessions" to look at its debrief
    /// (Back returns there). Cleared by [`Practice::prepare`].
    pub reviewing: bool,
}

impl Practice {
    /// Get ready to practise `scenario` (the Before screen comes next).
    pub fn prepare(&mut self, scenario: Arc<Scenario>, seed: u64) {
        let goal = self.goal.take();
        let trainee = self.trainee.take();
        *self = Practice {
            scenario: Some(scenario),
            seed,
            goal,
            trainee,
            say_first: self.say_first,
            version: self.version + 1,
            turn_serial: self.turn_serial + 1,
            ..default()
        };
    }

    /// Start the session: a fresh engine and log, saved at once.
    pub fn begin(&mut self, log_dir: Option<&std::path::Path>) {
        let Some(scenario) = self.scenario.clone() else {
            return;
        };
        let mut log = SessionLog::start(&scenario, self.seed, self.goal.clone());
        log.show_live_scores = self.show_scores;
        log.say_first = self.say_first;
        log.trainee = self.trainee.clone();
        self.log_path = log_dir.map(|d| d.join(log_file_name(&scenario.id, self.seed)));
        self.keep(log);
        self.session = Some(Session::new(scenario, self.seed));
        self.save();
        self.read_events();
    }

    /// Keep `log` at [`Practice::log_path`]. Its place is locked now; a
    /// session whose log cannot be kept is still played, and the trainee
    /// is told why it is not saved.
    fn keep(&mut self, log: SessionLog) {
        self.recorder = Some(match self.log_path.as_deref().map(LogFile::open) {
            Some(Ok(file)) => Recorder::kept(log, file, true),
            Some(Err(e)) => {
                bevy::log::warn!("{e}");
                self.save_error = Some(e.to_string());
                Recorder::unkept(log)
            }
            None => Recorder::unkept(log),
        });
    }

    /// Go back to turn `turn` (from 1) of the session just played and
    /// choose again from there: a new session with the same scenario and
    /// seed, its turns before `turn` replayed through the engine, kept in
    /// a log of its own beside the first (which is never written again).
    pub fn branch(
        &mut self,
        turn: usize,
        log_dir: Option<&std::path::Path>,
    ) -> Result<(), Diagnostic> {
        let (Some(scenario), Some(original)) = (self.scenario.clone(), self.log().cloned()) else {
            return Err(Diagnostic::error(
                crate::diag::Code::LogMismatch,
                self.log_path.as_deref().unwrap_or(std::path::Path::new("")),
                "there is no session to go back into".to_owned(),
            ));
        };
        let original_path = self
            .log_path
            .clone()
            .unwrap_or_else(|| PathBuf::from(log_file_name(&original.scenario, original.seed)));
        let (log, session) = log::branch(&original, &original_path, Arc::clone(&scenario), turn)?;
        // Everything handed to the first session's saver is written, and
        // its lock let go, before the new session begins.
        self.flush_saves();
        *self = Practice {
            scenario: Some(scenario),
            seed: log.seed,
            goal: log.learning_goal.clone(),
            trainee: self.trainee.take(),
            show_scores: log.show_live_scores,
            say_first: self.say_first,
            session: Some(session),
            log_path: log_dir.map(|d| log::branch_log_path(d, &original_path, turn)),
            version: self.version + 1,
            turn_serial: self.turn_serial + 1,
            ..default()
        };
        self.keep(log);
        self.save();
        self.read_events();
        Ok(())
    }

    /// Whether the session being played is in say-first practice (as its
    /// log says: a resumed session keeps the mode it began with).
    pub fn says_first(&self) -> bool {
        self.log().is_some_and(|l| l.say_first)
    }

    /// Say-first practice: the options are not shown yet, the trainee is
    /// asked what they would say.
    pub fn awaits_words(&self) -> bool {
        !self.options_shown && !self.view.options.is_empty()
    }

    /// Say-first practice: the trainee's own words for this turn (blank
    /// words skip), and the options are shown. Latency is measured from
    /// now.
    pub fn say(&mut self, words: &str) {
        let words = words.trim();
        self.own_words = (!words.is_empty()).then(|| words.to_owned());
        self.options_shown = true;
        self.shown_at = None;
        self.version += 1;
    }

    /// Swap in a new version of the scenario being played (author mode):
    /// the turns so far are replayed on it; if they no longer fit, the
    /// session starts again. Returns what happened, for the trainee.
    pub fn swap_scenario(
        &mut self,
        scenario: Arc<Scenario>,
        log_dir: Option<&std::path::Path>,
    ) -> String {
        let Some(old) = self.recorder.as_ref().map(|r| r.log().clone()) else {
            self.scenario = Some(scenario);
            self.version += 1;
            return "Reloaded the scenario.".to_owned();
        };
        let path = self.log_path.clone().unwrap_or_default();
        match log::replay(&old, Arc::clone(&scenario), &path) {
            Ok(session) => {
                let mut log = old;
                log.scenario_hash = scenario.content_hash().to_owned();
                self.scenario = Some(scenario);
                self.session = Some(session);
                if let Some(r) = self.recorder.as_mut() {
                    *r.log_mut() = log;
                }
                self.save();
                self.read_events();
                format!(
                    "Reloaded the scenario and carried on at turn {}.",
                    self.view.number
                )
            }
            Err(d) => {
                let seed = self.seed;
                let show = self.show_scores;
                self.prepare(scenario, seed);
                self.show_scores = show;
                self.begin(log_dir);
                format!(
                    "Reloaded the scenario; the turns so far no longer fit it ({}), so the session started again.",
                    d.message
                )
            }
        }
    }

    /// Carry on with a session restored from its log. The log is locked
    /// and read again first: a session open in another window (or in
    /// `attune`) is refused, and the latest saved turns are the ones used.
    pub fn resume(&mut self, u: &Unfinished) -> Result<(), Diagnostic> {
        if self.log_path.as_deref() == Some(u.path.as_path()) {
            // The session paused here is the one resumed: let go of it
            // (everything handed to the saver is written first).
            self.recorder = None;
        }
        let (recorder, session) = Recorder::resume(&u.path, Arc::clone(&u.scenario), true)?;
        let saved = recorder.log();
        *self = Practice {
            scenario: Some(Arc::clone(&u.scenario)),
            seed: saved.seed,
            goal: saved.learning_goal.clone(),
            trainee: self.trainee.take(),
            show_scores: saved.show_live_scores,
            say_first: self.say_first,
            session: Some(session),
            log_path: Some(u.path.clone()),
            recorder: Some(recorder),
            version: self.version + 1,
            turn_serial: self.turn_serial + 1,
            ..default()
        };
        self.read_events();
        Ok(())
    }

    /// Drain the engine's events into the view of the current turn.
    pub fn read_events(&mut self) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        let mut view = TurnView {
            number: session.turns().len() + 1,
            ..default()
        };
        while let Some(ev) = session.poll() {
            match ev {
                Event::ClientSays {
                    line,
                    cue,
                    affect,
                    marker,
                    ..
                } => {
                    view.line = line.to_owned();
                    view.cue = cue.to_owned();
                    view.affect = Some(affect);
                    view.marker = marker.cloned();
                }
                Event::CheckIn(c) => view.checkin = Some(c.clone()),
                Event::Options(o) => view.options = o.iter().map(ShownOption::from).collect(),
                Event::Ended {
                    kind,
                    title,
                    summary,
                    ..
                } => {
                    view.ending = Some(EndingView {
                        kind,
                        title: title.to_owned(),
                        summary: summary.to_owned(),
                    })
                }
            }
        }
        if session.turn_limit_reached() {
            // The engine takes no more turns: offer none, and say why.
            view.options.clear();
            let saved = if self.log_path.is_some() && self.save_error.is_none() {
                " Your turns are saved."
            } else {
                ""
            };
            view.stopped = Some(format!(
                "{}{saved} Press Pause to go back.",
                EngineError::TurnLimit.sentence()
            ));
        }
        self.view = view;
        self.note = None;
        self.own_words = None;
        self.options_shown = !self.says_first();
        self.shown_at = None;
        self.version += 1;
        self.turn_serial += 1;
    }

    /// Choose an option: the engine advances, the log is saved.
    pub fn choose(&mut self, option: &str) -> Result<(), EngineError> {
        let latency = self.shown_at.map_or(0, |t| t.elapsed().as_millis() as u64);
        self.choose_with_latency(option, latency)
    }

    pub fn choose_with_latency(
        &mut self,
        option: &str,
        latency_ms: u64,
    ) -> Result<(), EngineError> {
        let Some(session) = self.session.as_mut() else {
            return Err(EngineError::Ended);
        };
        let mut refused = None;
        if let Some(n) = self.note.take() {
            match self
                .recorder
                .as_ref()
                .and_then(|r| r.note_refused(session, &n))
            {
                None => session.note_inner_state(n),
                Some(why) => refused = Some(why),
            }
        }
        if let Some(w) = self.own_words.take() {
            match self
                .recorder
                .as_ref()
                .and_then(|r| r.words_refused(session, &w))
            {
                None => session.note_own_words(w),
                Some(why) => refused = Some(why),
            }
        }
        session.choose(option, latency_ms)?;
        self.save();
        if self.save_error.is_none() {
            self.save_error = refused;
        }
        self.read_events();
        Ok(())
    }

    /// Choose by the number shown on screen.
    pub fn choose_number(&mut self, n: usize) -> Result<(), EngineError> {
        let id = self
            .view
            .options
            .iter()
            .find(|o| o.number == n)
            .map(|o| o.id.clone());
        match id {
            Some(id) => self.choose(&id),
            None => Err(EngineError::NotOffered {
                node: String::new(),
                option: n.to_string(),
                offered: Vec::new(),
            }),
        }
    }

    /// Record the trainee's 0-10 rating of how hard it was, and save.
    pub fn rate(&mut self, rating: u8) {
        if let Some(r) = self.recorder.as_mut() {
            r.log_mut().difficulty_rating = Some(rating.min(log::MAX_RATING));
        }
        self.save();
        self.version += 1;
    }

    /// The option chosen at the last completed turn, with what it said.
    pub fn last_choice(&self) -> Option<&crate::model::Choice> {
        let session = self.session.as_ref()?;
        let rec = session.turns().last()?;
        Some(rec.choice(session.scenario()))
    }

    pub fn is_ended(&self) -> bool {
        self.session.as_ref().is_some_and(Session::is_ended)
    }

    /// Bring the log up to date with the engine and write it atomically,
    /// opening (and locking) the log first if it is not open yet.
    fn save(&mut self) {
        if let (Some(session), Some(r)) = (self.session.as_ref(), self.recorder.as_mut()) {
            r.record(session);
        }
    }

    /// The session's log, as it stands.
    pub fn log(&self) -> Option<&SessionLog> {
        self.recorder.as_ref().map(Recorder::log)
    }

    /// Take in what the background saves have done since last asked: a
    /// failed save becomes [`Practice::save_error`], shown to the trainee.
    /// Returns whether anything shown changed.
    pub fn poll_saves(&mut self) -> bool {
        let Some(recorder) = &self.recorder else {
            return false;
        };
        let error = recorder.status().error;
        if error == self.seen_save_error {
            return false;
        }
        if let Some(e) = &error {
            bevy::log::warn!("{e}");
        }
        self.seen_save_error = error.clone();
        self.save_error = error;
        self.version += 1;
        true
    }

    /// Wait until every save handed over has been written (or has failed),
    /// then take in the result. For leaving the app and for tests.
    pub fn flush_saves(&mut self) {
        if let Some(recorder) = &self.recorder {
            recorder.flush();
        }
        self.poll_saves();
    }
}
