//! The app's hold on a classroom debrief: the cohort report over a folder
//! of session logs ([`crate::report::build`]), the scenario and whose
//! answers are shown, the client turn on screen with what is revealed of
//! it, and a live what-if session when a road not taken is tried. The walk
//! itself (stops, answers, branches) is [`crate::report::classroom`]; the
//! classroom screen only shows this resource and sends actions back.

use std::path::{Path, PathBuf};

use bevy::prelude::*;

use crate::app::capture::Capture;
use crate::app::practice::Config;
use crate::app::screens::Screen;
use crate::cli::CaptureScreen;
use crate::engine::Session;
use crate::model::{Ending, Node};
use crate::report::classroom::{self, Moment, Stop, Whose};
use crate::report::{Report, ReportOptions, ScenarioReport};
use crate::term::eprintln;

/// How much of a client turn is showing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// The client's line only: "What would you say here?"
    #[default]
    Pause,
    /// The options too.
    Options,
    /// The options and how the group (or the session) answered.
    Answers,
}

/// A road not taken, being tried: a live session branched from a stop.
#[derive(Clone, Debug)]
pub struct WhatIf {
    pub session: Session,
    /// The options tried so far, by label, in order.
    pub tried: Vec<String>,
}

/// The classroom debrief.
#[derive(Resource, Default)]
pub struct Classroom {
    /// The folder of session logs, as typed.
    pub folder: String,
    /// The folder field has the keyboard.
    pub typing: bool,
    /// The folder the report was read from.
    pub read_from: Option<PathBuf>,
    pub report: Option<Report>,
    /// A message about the folder or the last thing tried.
    pub notice: Option<String>,
    /// The scenario shown, by its index in the report.
    pub scenario: usize,
    pub whose: Whose,
    /// Stepping through the turns (otherwise: choosing what to show).
    pub stepping: bool,
    pub stops: Vec<Stop>,
    /// The stop on screen, by index.
    pub at: usize,
    pub stage: Stage,
    /// The option whose details are open, by number.
    pub details: Option<usize>,
    pub what_if: Option<WhatIf>,
    /// Bumped whenever anything shown changes, so the screen redraws.
    pub version: u64,
}

/// What the screen shows for the turn on screen.
pub struct Shown<'a> {
    /// The client turn, if the session (or the what-if) is at one.
    pub moment: Option<Moment>,
    /// The ending a what-if reached.
    pub ending: Option<&'a Ending>,
    /// How the group or session answered, per option (empty in a what-if).
    pub answers: Vec<usize>,
    /// In a one-session walk, the option it chose here.
    pub chosen: Option<String>,
    /// The options the live session offers here (a what-if can only try
    /// these), by id.
    pub offered: Vec<String>,
}

impl Classroom {
    /// Entered from the picker: the log folder (the app's, or the
    /// platform's) is read unless a report is already open.
    pub fn open_from_picker(&mut self, config: &Config) {
        self.stepping = false;
        self.typing = false;
        self.what_if = None;
        if self.report.is_none() {
            let dir = config
                .log_dir
                .clone()
                .unwrap_or_else(crate::log::default_log_dir);
            self.folder = dir.display().to_string();
            self.load(library_of(config));
        }
        self.version += 1;
    }

    /// Read every log in the folder typed, as `attune report` does.
    pub fn load(&mut self, library: &[PathBuf]) {
        let dir = PathBuf::from(self.folder.trim());
        let report = crate::report::build(
            std::slice::from_ref(&dir),
            library,
            &ReportOptions::default(),
            &|_| {},
        );
        self.notice = notice_for(&report, &dir);
        self.read_from = Some(dir);
        self.report = Some(report);
        self.scenario = 0;
        self.whose = Whose::Group;
        self.stepping = false;
        self.version += 1;
    }

    /// The scenario's report, if there is one.
    pub fn scenario_report(&self) -> Option<&ScenarioReport> {
        self.report.as_ref()?.scenarios.get(self.scenario)
    }

    /// Choose the scenario with this id; false if no session of it was read.
    pub fn select(&mut self, id: &str) -> bool {
        let Some(i) = self
            .report
            .as_ref()
            .and_then(|r| r.scenarios.iter().position(|s| s.id == id))
        else {
            return false;
        };
        self.scenario = i;
        self.whose = Whose::Group;
        self.version += 1;
        true
    }

    /// Step through the turns of the chosen scenario, from the first.
    pub fn start(&mut self) {
        let stops = match self.scenario_report() {
            Some(r) => classroom::walk(r, self.whose),
            None => return,
        };
        self.stops = stops;
        self.stepping = true;
        self.go_to(0);
    }

    /// Go to the stop with this index (kept in range), paused.
    pub fn go_to(&mut self, at: usize) {
        self.at = at.min(self.stops.len().saturating_sub(1));
        self.stage = Stage::Pause;
        self.details = None;
        self.what_if = None;
        self.notice = None;
        self.version += 1;
    }

    pub fn next(&mut self) {
        if self.at + 1 < self.stops.len() {
            self.go_to(self.at + 1);
        }
    }

    pub fn previous(&mut self) {
        if self.at > 0 {
            self.go_to(self.at - 1);
        }
    }

    /// Show the options; if they are showing, the answers.
    pub fn reveal(&mut self) {
        self.stage = match self.stage {
            Stage::Pause => Stage::Options,
            _ => Stage::Answers,
        };
        self.version += 1;
    }

    pub fn reveal_answers(&mut self) {
        self.stage = Stage::Answers;
        self.version += 1;
    }

    /// Open the details of option `n`, or close them if they are open.
    pub fn toggle_details(&mut self, n: usize) {
        if n == 0 || n > self.options_shown() {
            return;
        }
        if self.stage == Stage::Pause {
            self.stage = Stage::Options;
        }
        self.details = if self.details == Some(n) {
            None
        } else {
            Some(n)
        };
        self.version += 1;
    }

    /// Try option `n` of the turn on screen: a live session branched here
    /// (or the what-if going on) takes it, and shows where it leads.
    pub fn try_option(&mut self, n: usize) {
        let Some(r) = self.scenario_report() else {
            return;
        };
        let Some(stop) = self.stops.get(self.at) else {
            return;
        };
        let (mut session, mut tried) = match &self.what_if {
            Some(w) => (w.session.clone(), w.tried.clone()),
            None => (classroom::branch(r, stop), Vec::new()),
        };
        let Some(option) = session
            .current_turn()
            .and_then(|t| t.options.get(n.wrapping_sub(1)))
            .map(|c| (c.id.clone(), c.label.clone()))
        else {
            return;
        };
        if session.choose(&option.0, 0).is_err() {
            self.notice = Some(format!(
                "\u{201c}{}\u{201d} is not offered at this point of the session.",
                option.1
            ));
            self.version += 1;
            return;
        }
        tried.push(option.1);
        self.what_if = Some(WhatIf { session, tried });
        self.stage = Stage::Options;
        self.details = None;
        self.notice = None;
        self.version += 1;
    }

    /// Leave the what-if: back to the recorded turn.
    pub fn back_to_path(&mut self) {
        if self.what_if.take().is_some() {
            self.details = None;
            self.notice = None;
            self.version += 1;
        }
    }

    /// How many options the turn on screen has.
    fn options_shown(&self) -> usize {
        self.shown()
            .and_then(|s| s.moment)
            .map_or(0, |m| m.options.len())
    }

    /// What to show for the turn on screen.
    pub fn shown(&self) -> Option<Shown<'_>> {
        let r = self.scenario_report()?;
        let stop = self.stops.get(self.at)?;
        if let Some(w) = &self.what_if {
            let ending = match w.session.current_node() {
                Node::Ending(e) => Some(e),
                Node::Turn(_) => None,
            };
            let moment = w
                .session
                .current_turn()
                .and_then(|t| classroom::moment(&r.scenario, &t.id));
            return Some(Shown {
                moment,
                ending,
                answers: Vec::new(),
                chosen: None,
                offered: w.session.offered().ids().map(str::to_owned).collect(),
            });
        }
        let offered = classroom::branch(r, stop)
            .offered()
            .ids()
            .map(str::to_owned)
            .collect();
        Some(Shown {
            moment: classroom::moment(&r.scenario, &stop.node),
            ending: None,
            answers: classroom::answers(r, self.whose, stop),
            chosen: stop.chosen.clone(),
            offered,
        })
    }
}

/// The scenario library the logs are checked against.
pub fn library_of(config: &Config) -> &[PathBuf] {
    &config.library
}

/// What to say about a folder once read: nothing found, or logs left out.
fn notice_for(report: &Report, dir: &Path) -> Option<String> {
    let left = report.left_out.len() + report.unreadable.len();
    let left_out = match left {
        0 => String::new(),
        1 => " 1 file was left out (`attune report` says why).".to_owned(),
        n => format!(" {n} files were left out (`attune report` says why)."),
    };
    if report.sessions == 0 {
        return Some(format!(
            "No session logs of scenarios in the library were found in {}.{left_out}",
            dir.display()
        ));
    }
    (!left_out.is_empty()).then(|| left_out.trim_start().to_owned())
}

/// `attune app --classroom DIR [--scenario ID] [--turn N]`.
#[derive(Resource, Debug)]
pub struct ClassroomAtStart {
    pub dir: PathBuf,
    pub scenario: Option<String>,
    pub turn: Option<usize>,
}

/// Open the classroom on the folder given on the command line; in capture
/// mode, at the turn asked for, with the options and answers revealed.
pub fn open_at_start(
    start: Res<ClassroomAtStart>,
    config: Res<Config>,
    capture: Option<Res<Capture>>,
    mut classroom: ResMut<Classroom>,
    mut next: ResMut<NextState<Screen>>,
    mut exit: MessageWriter<AppExit>,
) {
    let capturing = capture.is_some_and(|c| c.screen == CaptureScreen::Classroom);
    classroom.folder = start.dir.display().to_string();
    classroom.load(library_of(&config));
    next.set(Screen::Classroom);
    let Some(id) = &start.scenario else {
        return;
    };
    if !classroom.select(id) {
        let found: Vec<String> = classroom
            .report
            .iter()
            .flat_map(|r| r.scenarios.iter().map(|s| s.id.clone()))
            .collect();
        let message = format!(
            "No session of scenario `{id}` was found in {} (sessions found: {}).",
            start.dir.display(),
            if found.is_empty() {
                "none".to_owned()
            } else {
                found.join(", ")
            }
        );
        if capturing {
            eprintln!("error: {message}");
            exit.write(AppExit::from_code(1));
        } else {
            classroom.notice = Some(message);
        }
        return;
    }
    classroom.start();
    if let Some(turn) = start.turn {
        if turn > classroom.stops.len() {
            eprintln!(
                "note: the walk has {} client turns; showing the last",
                classroom.stops.len()
            );
        }
        classroom.go_to(turn.saturating_sub(1));
    }
    if capturing {
        classroom.reveal_answers();
    }
}
