//! The command line: `attune app | check | list | play | replay | resume |
//! retry | history`, the authoring commands `new`, `graph` and `sim`, and the
//! instructor's `report`.
//!
//! Arguments are parsed here with clap into [`Args`] ([`parse_from`]);
//! [`run`] carries them out and returns the process exit code (0 fine,
//! 1 problems found or the session could not finish). Usage errors are
//! clap errors, exit code 2. Nothing here panics on bad input.

use std::collections::{BTreeSet, VecDeque};
use std::ffi::OsString;
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::builder::RangedU64ValueParser;
use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use crate::debrief::Debrief;
use crate::diag::{self, Diagnostic};
use crate::engine::{EngineError, Session};
use crate::graph;
use crate::lint;
use crate::load::{Loaded, find_scenario, load_all, read_text};
use crate::log::{self, LogError, LogFile, LoggedTurn, SessionLog, default_log_dir, log_file_name};
use crate::model::Scenario;
use crate::player::{
    self, ChoiceList, ChoicesStop, Keeper, LineTrainee, RunEnd, RunOptions, Scripted,
};
use crate::reach;
use crate::record::Recorder;
use crate::report::{self, ReportOptions};
use crate::scaffold;
use crate::sim::{self, Policy, SimOptions};
// Messages go through the terminal sanitiser, like everything printed.
use crate::term::{self, eprint, eprintln};

const ABOUT: &str = "Attune: practise repairing ruptures in the therapeutic alliance.";

const AFTER_HELP: &str = "\
With no command, `attune` opens the app; a build without the app lists the
scenarios instead. `attune help COMMAND` describes a command's options.

The scenarios shipped with Attune are built in and always there. Scenarios in
these folders are added to them, the first taking precedence: the folder given
with --scenarios (or else named by $ATTUNE_SCENARIOS); ./scenarios if there is
one; your library folder, `scenarios` in the platform data folder (on Linux
~/.local/share/attune/scenarios), if it exists. A scenario with the same id as
a shipped one takes its place; `attune list` shows where each comes from.
Session logs are saved after every turn, by default in the platform data
folder ($ATTUNE_LOG_DIR changes it).

Exit codes: 0 done; 1 a file has errors, a log does not replay, or a session
did not finish; 2 the command line was wrong.";

const APP_AFTER_HELP: &str = "\
Capture mode, for documentation and CI, drives the app to one screen, saves a
PNG and exits. For a debrief, choices that do not end the session are followed
by option 1 until it ends. For example:
  attune app --scenario doctora --choices 1 --screen session --screenshot s.png
The classroom (--classroom DIR) reads every session log in DIR, as `attune
report` does, and steps through a scenario's client turns with a group: keys
are shown on screen. For example:
  attune app --classroom logs --scenario doctora";

const CHECK_AFTER_HELP: &str = "\
Every problem is reported with file:line:col, the line itself, and a hint
where there is one. Folders are searched one level deep for `.ron` files.
Every client state a session can reach is followed, so that a turn where
sessions get stuck (every way out closed by a condition) is an error, and a
turn or ending no session reaches is a warning.
--strict also checks the authoring checklist (docs/format.md) on every
scenario: thin rupture turns, no way to repair a misstep, markers of a kind
not in `ruptures`, cycles, the longest option being the best, labels that
give the score away, options never offered, reactions never drawn, a longest
path over 20 turns. Across the scenarios checked together, it also finds
first words of labels that predict the score (5 or more options in 2 or
more files) and, with 4 or more scenarios, too few where best play (`attune
sim ID --policy best`) ends short of repair in 5% or more of sessions (a
quarter of them are needed). Every warning then counts as an error. Notes
on standard error give best play and how often an own option is ranked
best, per scenario.
With no PATH: the folder given with --scenarios (or $ATTUNE_SCENARIOS), else
./scenarios and your library folder (see `attune --help`), else the shipped
scenarios.
Exit code 1 if a file has errors (with --strict, any finding), or if there
is no scenario file to check.";

const PLAY_AFTER_HELP: &str = "\
Each turn shows what the client says, what you see, and your options. Answer
on standard input, one line at a time:
  2 or own-it   choose an option by its number or its id
  note: TEXT    what you notice in yourself (a letter picks a suggestion)
  q, Ctrl-C     pause; `attune resume LOG` carries on later
At a terminal you are prompted; input may also come from a pipe, one answer
per line, with `rating: N` (0 to 10) after the last one to record how hard the
session felt. The log is saved after every turn. Exit code 1 if the session
does not finish: paused with q, the input ended first, or stopped after 200
turns because the scenario never reached an ending.

Say it first (--say-first): at every turn, before the options are shown, type
what you would say in your own words (from a pipe, the turn's first line), or
an empty line to go straight to the options; then choose the option closest
to it. Your words are kept in the log and shown beside your choice in the
debrief and by `attune replay`; `attune resume` keeps the mode.

After the debrief, `attune retry LOG --turn N` goes back to turn N of the
session and lets you choose again from there.

For authors: with --choices nothing is read from standard input; the session
stops with exit code 1 at an id that is not offered there, or when the ids run
out before it ends. --debug adds lines starting `[debug]` after every turn.
--from keeps no log, since its turns would not replay from the start:
  attune play my.ron --seed 1 --from shrug --choices reassure --debug";

const NEW_AFTER_HELP: &str = "\
The file is a small scenario that passes `attune check`, with a comment on
every field; replace the example text with your own. An existing file is
never overwritten. Exit code 1 if the file exists or cannot be written; 2 if
the id is not lower-case words joined by hyphens.";

const GRAPH_AFTER_HELP: &str = "\
Client turns are boxes labelled with their id, marker and affect; options are
arrows labelled with their id and condition; a weighted branch is a small
point with one arrow per reaction; endings are coloured by kind. Arrows on a
cycle are bold and orange. For a picture:
  attune graph doctora | dot -Tsvg > doctora.svg

--into NODE lists every option that leads to NODE, then what the client says
there, to read the line after each. Exit code 1 if the scenario has errors or
NODE is not one of its nodes.";

const REPLAY_AFTER_HELP: &str = "\
The scenario is found by its id in the library, else at the path the log
records. The log is replayed through the engine. If the scenario has changed
so that the log no longer fits, the first turn and option that no longer
match are named and the exit code is 1; if it changed but every turn still
fits, a note says so. A log that was edited by hand is refused (exit code 1).";

const SIM_AFTER_HELP: &str = "\
Session i is played with seed S+i and choices drawn from its own seeded
generator, so the same command gives the same report on any machine. Policies:
random takes any offered option; best the highest-ranked (attunement +
ownership, or twice the attunement where ownership is not at stake); worst
the lowest. A session still going after 200 turns is stopped and
counted. Warnings name nodes never reached, options never offered, and loops
(a node visited 4 times in one session with the client state unchanged).
Exit code 1 only if the scenario cannot be loaded.";

const REPORT_AFTER_HELP: &str = "\
Every `.ron` session log under the paths is checked (its seal, then a replay
on its scenario, found by id in the library or at the path the log records)
and the sessions that fit are grouped by scenario: endings, turns, the
cohort's attunement and ownership by turn, what was chosen at every client
turn, the paths taken, missteps later repaired, self-rated difficulty.
Logs that do not fit are listed and left out. Trainees are shown as Trainee
A, B, ... unless --names is given. Exit code 1 if any log was left out (the
report is still printed) or none could be read.";

const HISTORY_AFTER_HELP: &str = "\
Every session log in the folder is listed, newest first: when it was played
(in local time: the time zone in $TZ, else the system's), its scenario, who
played it, how it ended (or how to carry on with it), how hard it felt, and
attunement and ownership on average; then both across sessions as a chart.
Files in the folder that are not readable session logs are listed by name,
with what is wrong. --export writes one session's debrief as a
self-contained HTML page to bring to supervision, for example:
  attune history --export 1 --out debrief.html
Exit code 0 when the list was shown (damaged files included); 1 if the
folder given with --log-dir is missing or cannot be read, or the session to
export cannot be read, replayed or written.";

const RETRY_AFTER_HELP: &str = "\
The session in LOG is replayed through the engine up to turn N with the same
seed, so the client says and does what they did; from turn N you choose again,
answering on standard input as in `attune play` (`attune help play`). The new
session is saved as a log of its own, by default beside LOG as
LOG-from-turn-N.ron; it records where it branched from, and `attune replay`
says so. LOG itself is never changed. Exit code 1 if LOG does not replay, has
no turn N, or the new session does not finish.";

const RESUME_AFTER_HELP: &str = "\
The saved turns are replayed, then answers are read from standard input as in
`attune play` (`attune help play`), and new turns are saved to the same log.
If the scenario has changed since the session began, resume stops (exit code
1) unless --allow-changed is given; the log then records which turns were
played on the new version.";

/// The command line as clap sees it; [`parse_from`] turns it into [`Args`].
#[derive(Debug, Parser)]
#[command(
    name = "attune",
    version,
    about = ABOUT,
    after_help = AFTER_HELP,
    term_width = 80
)]
pub struct Cli {
    /// A folder of scenarios to add to the shipped ones
    /// (default: $ATTUNE_SCENARIOS; more in `attune --help`)
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        display_order = 100,
        verbatim_doc_comment
    )]
    scenarios: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Sub>,
}

#[derive(Debug, Subcommand)]
enum Sub {
    /// Open the app (the default command when Attune is built with it)
    #[command(after_help = APP_AFTER_HELP)]
    App(AppArgs),
    /// List the scenarios in the library
    List {
        /// Print the list as JSON, with each scenario's details
        #[arg(long)]
        json: bool,
    },
    /// Check scenario files for errors and warnings
    #[command(after_help = CHECK_AFTER_HELP)]
    Check {
        /// Scenario files, or folders of them (default: the
        /// library's folders on disk; see below)
        #[arg(value_name = "PATH", verbatim_doc_comment)]
        paths: Vec<PathBuf>,
        /// How to report: `text` (the default) to read, or
        /// `json` for editors and scripts
        #[arg(
            long,
            value_enum,
            default_value_t,
            value_name = "FORMAT",
            hide_default_value = true,
            hide_possible_values = true,
            verbatim_doc_comment
        )]
        format: Format,
        /// The same as `--format json`
        #[arg(long)]
        json: bool,
        /// Also check the authoring checklist, and treat every
        /// warning as an error
        #[arg(long, verbatim_doc_comment)]
        strict: bool,
    },
    /// Play a scenario in the terminal, answering on standard input
    #[command(after_help = PLAY_AFTER_HELP)]
    Play {
        /// A scenario id from `attune list`, or a scenario file
        scenario: String,
        /// Seeds the client's variations; the same seed and
        /// answers give the same session (default: a new seed)
        #[arg(
            long,
            value_name = "N",
            value_parser = seed,
            allow_negative_numbers = true,
            verbatim_doc_comment
        )]
        seed: Option<u64>,
        /// What you want help with today; the debrief comes back
        /// to it (asked for at a terminal when not given)
        #[arg(long, value_name = "TEXT", verbatim_doc_comment)]
        goal: Option<String>,
        /// Show attunement and ownership after every turn (hidden
        /// by default, so your attention stays with the client)
        #[arg(long, verbatim_doc_comment)]
        show_scores: bool,
        /// Save the session log to this file
        #[arg(long, value_name = "FILE", conflicts_with = "log_dir")]
        log: Option<PathBuf>,
        /// Save the session log in this folder (default: the
        /// platform data folder, or $ATTUNE_LOG_DIR)
        #[arg(long, value_name = "DIR", verbatim_doc_comment)]
        log_dir: Option<PathBuf>,
        /// Choose these options, by id and separated by commas,
        /// instead of reading answers (no rating is asked for)
        #[arg(long, value_name = "IDS", value_delimiter = ',', verbatim_doc_comment)]
        choices: Vec<String>,
        /// After every turn, show the client state, whether each
        /// option's condition held, and how a branch was drawn
        #[arg(long, verbatim_doc_comment)]
        debug: bool,
        /// Your name, kept in the session log for a cohort report
        /// (default: $ATTUNE_TRAINEE)
        #[arg(long, value_name = "NAME", verbatim_doc_comment)]
        trainee: Option<String>,
        /// Start at this node, with the scenario's initial state;
        /// no log is saved, so the session cannot be resumed
        #[arg(
            long,
            value_name = "NODE",
            conflicts_with_all = ["log", "log_dir"],
            verbatim_doc_comment
        )]
        from: Option<String>,
        /// Say it first: type what you would say in your own
        /// words before the options are shown (see below)
        #[arg(long, verbatim_doc_comment)]
        say_first: bool,
    },
    /// Start a new scenario file with every field explained
    #[command(after_help = NEW_AFTER_HELP)]
    New {
        /// The new scenario's id, such as `running-late`
        #[arg(value_parser = new_id)]
        id: String,
        /// Where to write ID.ron (default: the current folder)
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Draw a scenario's turns, options and endings as a graph
    #[command(after_help = GRAPH_AFTER_HELP)]
    Graph {
        /// A scenario id from `attune list`, or a scenario file
        scenario: String,
        /// `dot` (the default) for Graphviz, `mermaid` for
        /// Markdown, or `json`; with --into, text or `json`
        #[arg(
            long,
            value_enum,
            value_name = "FORMAT",
            hide_possible_values = true,
            verbatim_doc_comment
        )]
        format: Option<GraphFormat>,
        /// List the options that lead to this node instead
        #[arg(long, value_name = "NODE")]
        into: Option<String>,
    },
    /// Print the transcript and debrief of a saved session
    #[command(after_help = REPLAY_AFTER_HELP)]
    Replay {
        /// A session log saved by `attune play` or the app
        log: PathBuf,
        /// The scenario to replay the log on, a file or an id
        /// (default: the one the log names)
        #[arg(long, value_name = "FILE", verbatim_doc_comment)]
        scenario: Option<PathBuf>,
    },
    /// Carry on with a session that stopped before its end
    #[command(after_help = RESUME_AFTER_HELP)]
    Resume {
        /// The session log of the unfinished session
        log: PathBuf,
        /// The scenario to carry on with, a file or an id
        /// (default: the one the log names)
        #[arg(long, value_name = "FILE", verbatim_doc_comment)]
        scenario: Option<PathBuf>,
        /// Show attunement and ownership after every turn
        #[arg(long)]
        show_scores: bool,
        /// Carry on even if the scenario has changed since the
        /// session began (every saved turn must still fit)
        #[arg(long, verbatim_doc_comment)]
        allow_changed: bool,
    },
    /// Go back to a turn of a saved session and choose again from there
    #[command(after_help = RETRY_AFTER_HELP)]
    Retry {
        /// The session log to go back into (it is never changed)
        #[arg(value_name = "LOG")]
        original: PathBuf,
        /// The turn to choose again at; the turns before it are
        /// replayed as they were played
        #[arg(
            long,
            value_name = "N",
            value_parser = RangedU64ValueParser::<usize>::new().range(1..),
            verbatim_doc_comment
        )]
        turn: usize,
        /// The scenario to play on, a file or an id
        /// (default: the one the log names)
        #[arg(long, value_name = "FILE", verbatim_doc_comment)]
        scenario: Option<PathBuf>,
        /// Save the new session's log to this file
        #[arg(long, value_name = "FILE", conflicts_with = "log_dir")]
        log: Option<PathBuf>,
        /// Save the new session's log in this folder (default:
        /// the folder LOG is in)
        #[arg(long, value_name = "DIR", verbatim_doc_comment)]
        log_dir: Option<PathBuf>,
        /// Show attunement and ownership after every turn
        #[arg(long)]
        show_scores: bool,
        /// Say it first (see `attune help play`), even if the
        /// session in LOG did not
        #[arg(long, verbatim_doc_comment)]
        say_first: bool,
    },
    /// List your past sessions; export one for supervision
    #[command(after_help = HISTORY_AFTER_HELP)]
    History {
        /// The folder of session logs (default: the platform
        /// data folder, or $ATTUNE_LOG_DIR)
        #[arg(long, value_name = "DIR", verbatim_doc_comment)]
        log_dir: Option<PathBuf>,
        /// Print the history as JSON
        #[arg(long, conflicts_with = "export")]
        json: bool,
        /// Write the debrief of session N (its number in the
        /// list; 1 is the newest) or of the session log LOG as
        /// one HTML page
        #[arg(long, value_name = "N|LOG", verbatim_doc_comment)]
        export: Option<String>,
        /// Where --export writes the page (default: beside the
        /// log, with the same name ending in .html)
        #[arg(long, value_name = "FILE", requires = "export", verbatim_doc_comment)]
        out: Option<PathBuf>,
    },
    /// Play a scenario many times with seeded choices, for authors
    #[command(after_help = SIM_AFTER_HELP)]
    Sim {
        /// A scenario id from `attune list`, or a scenario file
        scenario: String,
        /// How many sessions to play (default: 1000)
        #[arg(
            long,
            value_name = "N",
            default_value_t = 1000,
            hide_default_value = true,
            value_parser = RangedU64ValueParser::<u64>::new().range(1..=1_000_000_000)
        )]
        runs: u64,
        /// The first session's seed (default: 0)
        #[arg(
            long,
            value_name = "S",
            default_value_t = 0,
            hide_default_value = true,
            value_parser = seed,
            allow_negative_numbers = true
        )]
        seed: u64,
        /// How choices are made: random (the default), best or
        /// worst
        #[arg(
            long,
            value_enum,
            default_value_t,
            value_name = "POLICY",
            hide_default_value = true,
            hide_possible_values = true,
            verbatim_doc_comment
        )]
        policy: Policy,
        /// Print the report as JSON
        #[arg(long)]
        json: bool,
    },
    /// Report on a cohort's sessions: endings, choices, paths
    #[command(after_help = REPORT_AFTER_HELP)]
    Report {
        /// Session logs, or folders searched for them (with
        /// their subfolders)
        #[arg(required = true, value_name = "PATH", verbatim_doc_comment)]
        paths: Vec<PathBuf>,
        /// Only the sessions of this scenario id
        #[arg(long, value_name = "ID")]
        scenario: Option<String>,
        /// Print the report as JSON
        #[arg(long, conflicts_with = "html")]
        json: bool,
        /// Also write the report as one HTML file, for a
        /// projector or a learning platform
        #[arg(long, value_name = "FILE", verbatim_doc_comment)]
        html: Option<PathBuf>,
        /// Show trainees' names (default: Trainee A, B, ...)
        #[arg(long)]
        names: bool,
        /// Include check-in notes, learning goals and the words
        /// typed in say-first practice: the trainees' own words
        #[arg(long, verbatim_doc_comment)]
        notes: bool,
    },
}

/// How `check` prints what it finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
enum Format {
    #[default]
    Text,
    Json,
}

/// How `graph` prints the scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Dot,
    Mermaid,
    Json,
}

/// A seed on the command line: any `u64`.
fn seed(s: &str) -> Result<u64, String> {
    s.parse()
        .map_err(|_| format!("a seed is a whole number from 0 to {}", u64::MAX))
}

/// The id given to `new`: a valid scenario id.
fn new_id(s: &str) -> Result<String, String> {
    match scaffold::id_problem(s) {
        None => Ok(s.to_owned()),
        Some(why) => Err(why),
    }
}

/// What the command line asks for, once parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// No subcommand.
    Default,
    List {
        json: bool,
    },
    Check {
        paths: Vec<PathBuf>,
        json: bool,
        strict: bool,
    },
    Play {
        scenario: String,
        seed: Option<u64>,
        goal: Option<String>,
        log: LogTarget,
        show_scores: bool,
        /// Option ids to play instead of reading answers.
        choices: Vec<String>,
        debug: bool,
        /// The node to start at instead of the scenario's start.
        from: Option<String>,
        trainee: Option<String>,
        /// Say-first practice.
        say_first: bool,
    },
    Replay {
        log: PathBuf,
        scenario: Option<PathBuf>,
    },
    Resume {
        log: PathBuf,
        scenario: Option<PathBuf>,
        show_scores: bool,
        allow_changed: bool,
    },
    /// Another road from turn `turn` of the session in `original`.
    Retry {
        original: PathBuf,
        turn: usize,
        scenario: Option<PathBuf>,
        log: LogTarget,
        show_scores: bool,
        say_first: bool,
    },
    App(AppArgs),
    New {
        id: String,
        dir: PathBuf,
    },
    Graph {
        scenario: String,
        format: Option<GraphFormat>,
        into: Option<String>,
    },
    Sim {
        scenario: String,
        runs: u64,
        seed: u64,
        policy: Policy,
        json: bool,
    },
    Report {
        paths: Vec<PathBuf>,
        scenario: Option<String>,
        json: bool,
        html: Option<PathBuf>,
        names: bool,
        notes: bool,
    },
    History {
        /// The log folder given; `None` for the default one.
        log_dir: Option<PathBuf>,
        json: bool,
        /// A session's number in the list, or a log's path.
        export: Option<String>,
        out: Option<PathBuf>,
    },
}

/// Which screen capture mode drives the app to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum CaptureScreen {
    #[default]
    Picker,
    Before,
    Session,
    Debrief,
    Classroom,
    History,
}

/// What `attune app` was asked to do. The field comments are the options'
/// help texts.
#[derive(Debug, Clone, PartialEq, Eq, Default, clap::Args)]
pub struct AppArgs {
    /// Open this scenario straight away (an id or a file);
    /// with --classroom, the scenario to debrief
    #[arg(long, value_name = "ID", verbatim_doc_comment)]
    pub scenario: Option<String>,
    /// Classroom: step through the session logs in this
    /// folder with a group, on a projector
    #[arg(long, value_name = "DIR", verbatim_doc_comment)]
    pub classroom: Option<PathBuf>,
    /// Classroom capture mode: the client turn to show,
    /// with its options and the group's answers (default 1)
    #[arg(
        long,
        value_name = "N",
        value_parser = RangedU64ValueParser::<usize>::new().range(1..),
        requires = "classroom",
        verbatim_doc_comment
    )]
    pub turn: Option<usize>,
    /// The seed for the client's variations (default: a new
    /// one for each session)
    #[arg(
        long,
        value_name = "N",
        value_parser = seed,
        allow_negative_numbers = true,
        verbatim_doc_comment
    )]
    pub seed: Option<u64>,
    /// Capture mode: the options to choose, by their number
    /// on screen (1 to 9, separated by commas)
    #[arg(
        long,
        value_name = "N,...",
        value_delimiter = ',',
        value_parser = RangedU64ValueParser::<usize>::new().range(1..=9),
        requires = "scenario",
        verbatim_doc_comment
    )]
    pub choices: Vec<usize>,
    /// Capture mode: start the session at this client turn
    /// (a node id, as `play --from` does, or `longest`: the
    /// turn with the most to read), before any --choices
    #[arg(long, value_name = "NODE", requires = "scenario", verbatim_doc_comment)]
    pub at: Option<String>,
    /// Text size in percent for this run (80 to 200; in
    /// the app, Ctrl + and Ctrl - change it and it is
    /// remembered)
    #[arg(long, value_name = "N", verbatim_doc_comment)]
    pub text_size: Option<u16>,
    /// High-contrast colours for this run (in the app,
    /// Ctrl H turns them on or off and it is remembered)
    #[arg(long, verbatim_doc_comment)]
    pub high_contrast: bool,
    /// Capture mode: save a PNG of the screen here and exit
    #[arg(long, value_name = "PATH")]
    pub screenshot: Option<PathBuf>,
    /// Capture mode: the screen to save, one of picker
    /// (the default), before, session, debrief (these three
    /// need --scenario), classroom (needs --classroom) or
    /// history (your sessions; needs --log-dir)
    #[arg(
        long,
        value_enum,
        value_name = "SCREEN",
        hide_possible_values = true,
        requires = "screenshot",
        requires_ifs = [
            ("before", "scenario"),
            ("session", "scenario"),
            ("debrief", "scenario"),
            ("classroom", "classroom"),
            ("history", "log_dir"),
        ],
        verbatim_doc_comment
    )]
    pub screen: Option<CaptureScreen>,
    /// Author mode: play the scenarios in this folder and
    /// reload them whenever a file there is saved
    #[arg(long, value_name = "DIR", verbatim_doc_comment)]
    pub watch: Option<PathBuf>,
    /// Where session logs go (default: the platform data
    /// folder, or $ATTUNE_LOG_DIR; none in capture mode)
    #[arg(long, value_name = "DIR", verbatim_doc_comment)]
    pub log_dir: Option<PathBuf>,
    /// Begin sessions saying it first: type your own
    /// words before the options (the Before screen's switch)
    #[arg(long, verbatim_doc_comment)]
    pub say_first: bool,
    /// Capture mode, saying it first: the words given at
    /// every turn, the captured one too (its options show)
    #[arg(
        long,
        value_name = "TEXT",
        requires_all = ["say_first", "screenshot"],
        verbatim_doc_comment
    )]
    pub words: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogTarget {
    File(PathBuf),
    Dir(PathBuf),
    Default,
}

impl LogTarget {
    /// From `--log FILE` and `--log-dir DIR` (which clap keeps apart).
    fn of(file: Option<PathBuf>, dir: Option<PathBuf>) -> LogTarget {
        match (file, dir) {
            (Some(f), _) => LogTarget::File(f),
            (None, Some(d)) => LogTarget::Dir(d),
            (None, None) => LogTarget::Default,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Args {
    pub command: Command,
    pub library: Option<PathBuf>,
}

impl From<Cli> for Args {
    fn from(cli: Cli) -> Args {
        let command = match cli.command {
            None => Command::Default,
            Some(Sub::App(app)) => Command::App(app),
            Some(Sub::List { json }) => Command::List { json },
            Some(Sub::Check {
                paths,
                format,
                json,
                strict,
            }) => Command::Check {
                paths,
                json: json || format == Format::Json,
                strict,
            },
            Some(Sub::Play {
                scenario,
                seed,
                goal,
                show_scores,
                log,
                log_dir,
                choices,
                debug,
                from,
                trainee,
                say_first,
            }) => Command::Play {
                scenario,
                seed,
                goal: goal.filter(|g| !g.trim().is_empty()),
                log: LogTarget::of(log, log_dir),
                show_scores,
                choices,
                debug,
                from,
                trainee,
                say_first,
            },
            Some(Sub::New { id, dir }) => Command::New {
                id,
                dir: dir.unwrap_or_else(|| PathBuf::from(".")),
            },
            Some(Sub::Graph {
                scenario,
                format,
                into,
            }) => Command::Graph {
                scenario,
                format,
                into,
            },
            Some(Sub::Replay { log, scenario }) => Command::Replay { log, scenario },
            Some(Sub::Resume {
                log,
                scenario,
                show_scores,
                allow_changed,
            }) => Command::Resume {
                log,
                scenario,
                show_scores,
                allow_changed,
            },
            Some(Sub::Retry {
                original,
                turn,
                scenario,
                log,
                log_dir,
                show_scores,
                say_first,
            }) => Command::Retry {
                original,
                turn,
                scenario,
                log: LogTarget::of(log, log_dir),
                show_scores,
                say_first,
            },
            Some(Sub::Sim {
                scenario,
                runs,
                seed,
                policy,
                json,
            }) => Command::Sim {
                scenario,
                runs,
                seed,
                policy,
                json,
            },
            Some(Sub::Report {
                paths,
                scenario,
                json,
                html,
                names,
                notes,
            }) => Command::Report {
                paths,
                scenario,
                json,
                html,
                names,
                notes,
            },
            Some(Sub::History {
                log_dir,
                json,
                export,
                out,
            }) => Command::History {
                log_dir,
                json,
                export,
                out,
            },
        };
        Args {
            command,
            library: cli.scenarios,
        }
    }
}

/// Parse a command line, program name first. `Err` is a usage error, or
/// the help or version text that was asked for: [`clap::Error::print`]
/// writes it where it belongs and [`clap::Error::exit_code`] is 2 for a
/// usage error, 0 for help and version.
pub fn parse_from<I, T>(args: I) -> Result<Args, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    Cli::try_parse_from(&args).map(Args::from).map_err(|e| {
        // clap echoes the arguments in its messages and prints them
        // itself: when one holds a control character, the message is made
        // again from the arguments as they are shown escaped.
        let shown: Vec<OsString> = args
            .iter()
            .map(|a| {
                let text = a.to_string_lossy();
                if text.chars().any(diag::is_unsafe_char) {
                    OsString::from(diag::sanitize(&text))
                } else {
                    a.clone()
                }
            })
            .collect();
        if shown == args {
            return e;
        }
        match Cli::try_parse_from(shown) {
            Err(shown) if shown.kind() == e.kind() => shown,
            _ => e,
        }
    })
}

/// The width the terminal player wraps its text at: `$COLUMNS` when it is
/// set to a number (as many programs do), else the terminal's when
/// standard output is one, else [`player::DEFAULT_WIDTH`].
pub fn terminal_width() -> usize {
    let given = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0);
    given.unwrap_or_else(|| {
        console::Term::stdout()
            .size_checked()
            .map_or(player::DEFAULT_WIDTH, |(_, columns)| usize::from(columns))
    })
}

/// Run a parsed command; returns the exit code.
pub fn run(args: Args) -> i32 {
    let given = args.library;
    let library = crate::library::folders(given.as_deref());
    let mut out = term::stdout();
    let result = match args.command {
        Command::Default if cfg!(feature = "gui") => Ok(open_app(AppArgs::default(), library)),
        Command::App(app) => Ok(open_app(app, library)),
        Command::Default | Command::List { json: false } => list(&mut out, &library, false),
        Command::List { json: true } => list(&mut out, &library, true),
        Command::Check {
            paths,
            json,
            strict,
        } => {
            // With no paths: the folder named for the library, or else
            // the library's folders on disk, or else the shipped scenarios.
            let paths = if paths.is_empty() {
                let mine = crate::library::user_folders(&library);
                match crate::library::named(given.as_deref()) {
                    Some(named) => vec![named],
                    None if mine.is_empty() => library,
                    None => mine,
                }
            } else {
                paths
            };
            check(&mut out, &paths, json, strict)
        }
        Command::Play {
            scenario,
            seed,
            goal,
            log,
            show_scores,
            choices,
            debug,
            from,
            trainee,
            say_first,
        } => {
            let trainee = trainee
                .or_else(|| std::env::var("ATTUNE_TRAINEE").ok())
                .map(|t| t.trim().to_owned())
                .filter(|t| !t.is_empty());
            let how = PlayHow {
                opts: RunOptions {
                    show_scores,
                    debug,
                    width: terminal_width(),
                    say_first,
                },
                choices,
                from,
                trainee,
            };
            play(&mut out, &library, &scenario, seed, goal, log, how)
        }
        Command::Replay { log, scenario } => replay(&mut out, &library, &log, scenario.as_deref()),
        Command::Resume {
            log,
            scenario,
            show_scores,
            allow_changed,
        } => resume(
            &mut out,
            &library,
            &log,
            scenario.as_deref(),
            ResumeHow {
                show_scores,
                allow_changed,
            },
        ),
        Command::Retry {
            original,
            turn,
            scenario,
            log,
            show_scores,
            say_first,
        } => retry(
            &mut out,
            &library,
            &original,
            scenario.as_deref(),
            RetryHow {
                turn,
                target: log,
                show_scores,
                say_first,
            },
        ),
        Command::New { id, dir } => new_scenario(&mut out, &id, &dir),
        Command::Graph {
            scenario,
            format,
            into,
        } => draw_graph(&mut out, &library, &scenario, format, into.as_deref()),
        Command::Sim {
            scenario,
            runs,
            seed,
            policy,
            json,
        } => simulate(&mut out, &library, &scenario, runs, seed, policy, json),
        Command::Report {
            paths,
            scenario,
            json,
            html,
            names,
            notes,
        } => {
            let opts = ReportOptions {
                scenario,
                names,
                notes,
            };
            cohort_report(&mut out, &library, &paths, &opts, json, html.as_deref())
        }
        Command::History {
            log_dir,
            json,
            export,
            out: page,
        } => {
            let how = HistoryHow {
                json,
                export,
                out: page,
            };
            history(&mut out, &library, log_dir.as_deref(), how)
        }
    };
    match result {
        Ok(code) => code,
        // A closed pipe (`attune list | head`) is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

#[cfg(feature = "gui")]
fn open_app(args: AppArgs, library: Vec<PathBuf>) -> i32 {
    crate::app::run(args, library)
}

#[cfg(not(feature = "gui"))]
fn open_app(_args: AppArgs, _library: Vec<PathBuf>) -> i32 {
    eprintln!(
        "This build of Attune has no app (it was built without the `gui` feature).\n\
         Play in the terminal instead: `attune list`, then `attune play ID`."
    );
    1
}

fn report(diags: &[Diagnostic]) {
    eprint!("{}", diag::render(diags));
}

fn check(out: &mut dyn Write, paths: &[PathBuf], json: bool, strict: bool) -> io::Result<i32> {
    let (loaded, extra) = load_all(paths);
    if loaded.is_empty() {
        return nothing_to_check(out, paths, &extra, json);
    }
    // Each file's diagnostics are in source order already, with a count of
    // any left out at the end.
    let mut errors = extra.iter().filter(|d| d.is_error()).count();
    let mut warnings = extra.len() - errors;
    let mut all: Vec<Diagnostic> = extra;
    // Files that loaded with no error; under --strict, only those with
    // nothing to report.
    let mut ok = 0;
    let mut notes = Vec::new();
    for l in &loaded {
        errors += l.error_count();
        warnings += l.warning_count();
        let (found, note) = analyse(l, strict);
        notes.extend(note);
        let found_errors = found.iter().filter(|d| d.is_error()).count();
        errors += found_errors;
        warnings += found.len() - found_errors;
        ok += usize::from(
            l.scenario.is_some()
                && found_errors == 0
                && (!strict || (l.diagnostics.is_empty() && found.is_empty())),
        );
        if found.is_empty() {
            all.extend(l.diagnostics.iter().cloned());
        } else {
            all.extend(merge_in_source_order(&l.diagnostics, found));
        }
    }
    // Under --strict, what the scenarios checked together show as a
    // library; counted apart from the files, which stay `ok` or not on
    // their own.
    let mut across = 0;
    if strict {
        let members: Vec<lint::library::Member> = loaded
            .iter()
            .filter_map(|l| {
                Some(lint::library::Member {
                    scenario: l.scenario.as_ref()?,
                    path: &l.path,
                })
            })
            .collect();
        let library = lint::library::check(&members);
        across = library.findings.len();
        all.extend(library.findings);
        notes.extend(library.notes);
        for d in &mut all {
            d.severity = diag::Severity::Error;
        }
        errors += warnings + across;
        warnings = 0;
    }
    if json {
        writeln!(out, "{}", diag::to_json(&all))?;
    } else {
        write!(out, "{}", diag::render(&all))?;
        if !notes.is_empty() {
            out.flush()?;
            for note in &notes {
                eprintln!("note: {note}");
            }
        }
        writeln!(
            out,
            "checked {} {}: {ok} ok, {errors} {}{}, {warnings} {}",
            loaded.len(),
            if loaded.len() == 1 { "file" } else { "files" },
            if errors == 1 { "error" } else { "errors" },
            if across > 0 {
                format!(" ({across} across the scenarios)")
            } else {
                String::new()
            },
            if warnings == 1 { "warning" } else { "warnings" },
        )?;
    }
    Ok(if errors > 0 { 1 } else { 0 })
}

/// What `check` finds in a file that loaded beyond its diagnostics: from
/// following every state a session can be in, sessions that can get stuck
/// (errors) and nodes no session reaches (warnings); under --strict, the
/// authoring checklist as well (warnings). Under --strict, also a note
/// when the states could not all be followed, so that some of these
/// checks said nothing.
///
/// This runs here rather than in validation: validation runs for every
/// load (`play`, the app, `sim`) and must stay cheap whatever the file,
/// while following every state may take a noticeable part of a second on
/// a scenario with many counters.
fn analyse(l: &Loaded, strict: bool) -> (Vec<Diagnostic>, Option<String>) {
    let Some(s) = &l.scenario else {
        return (Vec::new(), None);
    };
    let states = reach::explore(s);
    let stuck_or_unreached = !states.stuck(s).is_empty() || !states.unreached(s).is_empty();
    if !strict && !stuck_or_unreached {
        return (Vec::new(), None);
    }
    let text = match read_text(&l.path) {
        Ok(text) => text,
        Err(d) => return (vec![d], None),
    };
    let mut found = lint::liveness(s, &states, &l.path, &text);
    if !strict {
        return (found, None);
    }
    found.extend(lint::lint_with(s, &states, &l.path, &text));
    let shown = diag::sanitize(&l.path.display().to_string());
    let note = if !states.complete() {
        Some(format!(
            "{shown}: not every client state could be followed (there are more than {}), so \
             stuck sessions and what is never reached or offered were not checked",
            reach::MAX_POSITIONS
        ))
    } else if states.always_ends(s).is_none() {
        Some(format!(
            "{shown}: whether every session can still reach an ending could not be decided \
             (a counter can go round a loop without end); `attune sim` shows whether sessions \
             end"
        ))
    } else {
        None
    };
    (found, note)
}

/// A file's diagnostics and its lints in one list, in source order; the
/// count of diagnostics left out stays last.
fn merge_in_source_order(diags: &[Diagnostic], lints: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut all: Vec<Diagnostic> = diags.iter().cloned().chain(lints).collect();
    all.sort_by_key(|d| {
        (
            d.code == diag::Code::TooMany,
            d.location.as_ref().map(|l| (l.line, l.col)),
        )
    });
    all
}

/// `check` found no scenario file at all. Paths that are missing or
/// unreadable are reported as errors; the folders that hold no `.ron` file
/// are named in one message instead of a warning each. Always exit code 1.
fn nothing_to_check(
    out: &mut dyn Write,
    paths: &[PathBuf],
    found: &[Diagnostic],
    json: bool,
) -> io::Result<i32> {
    let errors: Vec<Diagnostic> = found.iter().filter(|d| d.is_error()).cloned().collect();
    if json {
        writeln!(out, "{}", diag::to_json(&errors))?;
    } else {
        write!(out, "{}", diag::render(&errors))?;
    }
    let folders: Vec<&PathBuf> = paths.iter().filter(|p| p.is_dir()).collect();
    let empty = if folders.is_empty() && errors.is_empty() {
        paths.iter().collect()
    } else {
        folders
    };
    if !empty.is_empty() {
        let names: Vec<String> = empty.iter().map(|p| p.display().to_string()).collect();
        out.flush()?;
        eprintln!("error: no scenario files (`.ron`) in {}", names.join(", "));
    }
    Ok(1)
}

#[derive(Serialize)]
struct ListEntry<'a> {
    id: &'a str,
    title: &'a str,
    premise: &'a str,
    difficulty: &'a str,
    ruptures: Vec<&'a str>,
    pattern: &'a str,
    client: &'a str,
    path: String,
    /// `shipped`, or the file it was loaded from.
    source: String,
    nodes: usize,
    options: usize,
    endings: Vec<&'a str>,
}

fn entry(s: &Scenario) -> ListEntry<'_> {
    let endings: BTreeSet<&str> = s.endings().map(|e| e.kind.label()).collect();
    ListEntry {
        id: &s.id,
        title: &s.title,
        premise: &s.premise,
        difficulty: s.difficulty.label(),
        ruptures: s.ruptures.iter().map(|r| r.label()).collect(),
        pattern: &s.pattern,
        client: &s.client.name,
        source: crate::library::source(s.path.as_deref()),
        path: s
            .path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
        nodes: s.nodes.len(),
        options: s.option_count(),
        endings: endings.into_iter().collect(),
    }
}

fn list(out: &mut dyn Write, library: &[PathBuf], json: bool) -> io::Result<i32> {
    let (loaded, extra) = crate::library::load(library);
    if loaded.is_empty() {
        report(&extra);
        return Ok(1);
    }
    let mut scenarios: Vec<&Scenario> = loaded.iter().filter_map(|l| l.scenario.as_ref()).collect();
    scenarios.sort_by(|a, b| (a.difficulty, &a.id).cmp(&(b.difficulty, &b.id)));
    let broken = loaded.iter().filter(|l| l.scenario.is_none()).count();
    if json {
        let entries: Vec<ListEntry> = scenarios.iter().map(|s| entry(s)).collect();
        writeln!(out, "{}", term::json(&entries))?;
    } else {
        // One group per folder, in the library's order: where each
        // scenario comes from.
        let shipped = crate::library::shipped_hashes();
        let mut first = true;
        for folder in library {
            let here: Vec<&&Scenario> = scenarios
                .iter()
                .filter(|s| {
                    s.path
                        .as_ref()
                        .is_some_and(|p| p.parent() == Some(folder.as_path()))
                })
                .collect();
            if here.is_empty() {
                continue;
            }
            if !first {
                writeln!(out)?;
            }
            first = false;
            if crate::library::is_shipped(folder) {
                writeln!(out, "Scenarios shipped with Attune:")?;
            } else {
                let shown = diag::sanitize(&folder.display().to_string());
                writeln!(out, "Scenarios in {shown}:")?;
            }
            for s in &here {
                let kinds: Vec<&str> = s.ruptures.iter().map(|r| r.label()).collect();
                writeln!(
                    out,
                    "  {:<24} {:<13} {:<26} {}",
                    s.id,
                    s.difficulty.label(),
                    kinds.join(", "),
                    s.title
                )?;
            }
            // A copy on disk that is not what was shipped is played in its
            // place: say so, as the shipped list no longer shows it.
            let changed: Vec<&str> = here
                .iter()
                .filter(|s| shipped.get(&s.id).is_some_and(|h| h != s.content_hash()))
                .map(|s| s.id.as_str())
                .collect();
            if !changed.is_empty() {
                writeln!(
                    out,
                    "  (in place of the shipped {}: {})",
                    if changed.len() == 1 {
                        "version"
                    } else {
                        "versions"
                    },
                    changed.join(", ")
                )?;
            }
        }
        writeln!(out, "\nPlay one with `attune play ID`.")?;
    }
    if broken > 0 || extra.iter().any(Diagnostic::is_error) {
        // The folders on disk are where a broken file can be.
        let mine = crate::library::user_folders(library);
        let where_broken = if mine.is_empty() {
            library.to_vec()
        } else {
            mine
        };
        // Every file left out is named, with its first error, so an author
        // sees at once which of their files did not make it into the list.
        eprintln!(
            "{broken} {} in {} could not be loaded:",
            if broken == 1 { "file" } else { "files" },
            diag::sanitize(&crate::library::describe(&where_broken))
        );
        for l in loaded.iter().filter(|l| l.scenario.is_none()) {
            let first = l.diagnostics.iter().find(|d| d.is_error());
            let place = first
                .and_then(|d| d.location.as_ref())
                .map(|at| format!(":{}:{}", at.line, at.col))
                .unwrap_or_default();
            let errors = l.error_count();
            eprintln!(
                "  {}{place}: {}{}",
                diag::sanitize(&l.path.display().to_string()),
                first.map_or_else(|| "errors".to_owned(), |d| diag::sanitize(&d.message)),
                if errors > 1 {
                    format!(" (and {} more)", errors - 1)
                } else {
                    String::new()
                }
            );
        }
        for d in extra.iter().filter(|d| d.is_error()) {
            eprintln!(
                "  {}: {}",
                diag::sanitize(&d.path.display().to_string()),
                diag::sanitize(&d.message)
            );
        }
        let mine: Vec<String> = where_broken
            .iter()
            .map(|p| diag::sanitize(&p.display().to_string()))
            .collect();
        eprintln!(
            "Run `attune check {}` to see every problem in full.",
            mine.join(" ")
        );
        return Ok(1);
    }
    Ok(0)
}

/// A seed for a new session when none is given.
pub fn fresh_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    (nanos as u64 ^ (u64::from(std::process::id()) << 32)) % 1_000_000
}

/// How `attune play` is played, beyond the seed, goal and log.
struct PlayHow {
    opts: RunOptions,
    /// With ids, they are played instead of reading standard input.
    choices: Vec<String>,
    from: Option<String>,
    /// Who is playing, for the log.
    trainee: Option<String>,
}

fn play(
    out: &mut dyn Write,
    library: &[PathBuf],
    which: &str,
    seed: Option<u64>,
    goal: Option<String>,
    target: LogTarget,
    how: PlayHow,
) -> io::Result<i32> {
    let scenario = match find_scenario(which, library) {
        Ok(s) => Arc::new(s),
        Err(d) => {
            report(&d);
            return Ok(1);
        }
    };
    let start = match &how.from {
        None => scenario.start,
        Some(node) => match scenario.node_index(node) {
            Some(i) => i,
            None => {
                no_such_node(&scenario, node);
                return Ok(1);
            }
        },
    };
    let seed = seed.unwrap_or_else(fresh_seed);
    let scripted = !how.choices.is_empty();
    // A session started elsewhere than the start would not replay from its
    // log, so none is kept.
    let log_path = how.from.is_none().then(|| match target {
        LogTarget::File(f) => f,
        LogTarget::Dir(d) => d.join(log_file_name(&scenario.id, seed)),
        LogTarget::Default => default_log_dir().join(log_file_name(&scenario.id, seed)),
    });
    // The log's place is checked and locked before anything is asked.
    let mut file = match log_path.as_deref().map(LogFile::open).transpose() {
        Ok(f) => f,
        Err(e) => {
            log_error(&e, None);
            return Ok(1);
        }
    };
    interrupt::catch();
    if let Some(f) = &file {
        interrupt::lock_file(f.lock_path());
    }
    // At a terminal, ask for a learning goal before practice begins.
    let goal = match goal {
        Some(g) => Some(g),
        None if !scripted && io::stdin().is_terminal() => ask_goal(how.opts.width)?,
        None => None,
    };
    let mut log = SessionLog::start(&scenario, seed, goal.clone());
    log.show_live_scores = how.opts.show_scores;
    log.say_first = how.opts.say_first;
    log.trainee = how.trainee.clone();
    let session = Session::starting_at(Arc::clone(&scenario), seed, start);
    match &mut file {
        Some(file) => {
            if !save_opening(file, &log) {
                return Ok(1);
            }
        }
        None => eprintln!("No session log: a session started with --from is not saved."),
    }
    player::render_header(out, how.opts.width, &scenario, seed, goal.as_deref())?;
    player::render_practice_notes(out, how.opts.width, &log)?;
    if let Some(node) = &how.from {
        writeln!(
            out,
            "(Starting at `{}`, with the scenario's initial state.)",
            diag::sanitize(node)
        )?;
        writeln!(out)?;
    }
    let answers = if scripted {
        Answers::Choices(how.choices)
    } else {
        Answers::Read(None)
    };
    let recorder = match file {
        Some(file) => Recorder::kept(log, file, false),
        None => Recorder::unkept(log),
    };
    drive(out, session, recorder, &how.opts, answers)
}

/// Save a new session's log before its first turn and say where it is;
/// false (the error reported) when it cannot be saved there.
fn save_opening(file: &mut LogFile, log: &SessionLog) -> bool {
    if let Err(e) = file.save(log) {
        log_error(
            &e,
            Some("choose another place with `--log FILE` or `--log-dir DIR`"),
        );
        return false;
    }
    eprintln!("Session log: {}", file.path().display());
    true
}

/// Report a log that cannot be opened or saved, with its hint (or
/// `fallback`).
fn log_error(e: &LogError, fallback: Option<&str>) {
    eprintln!("error: {e}");
    if let Some(hint) = e.hint().or(fallback) {
        eprintln!("hint: {hint}");
    }
}

/// `NODE` given to `play --from` or `graph --into` is not a node of the
/// scenario: say so, with a near id or the ids there are.
fn no_such_node(scenario: &Scenario, node: &str) {
    let ids: Vec<&str> = scenario.nodes.iter().map(|n| n.id()).collect();
    eprintln!(
        "error: scenario `{}` has no node `{}`",
        diag::sanitize(&scenario.id),
        diag::sanitize(node)
    );
    let hint = diag::suggest(node, ids.iter().copied()).unwrap_or_else(|| {
        let shown: Vec<String> = ids.iter().take(12).map(|i| diag::sanitize(i)).collect();
        let more = if ids.len() > shown.len() { ", ..." } else { "" };
        format!("its nodes are {}{more}", shown.join(", "))
    });
    eprintln!("hint: {hint}");
}

fn ask_goal(width: usize) -> io::Result<Option<String>> {
    eprint!(
        "{}",
        player::wrap_text(
            width,
            "",
            "",
            "What do you want help with today? (for example: staying with silence; Enter to skip)"
        )
    );
    player::prompt(&mut term::stderr(), width, ">")?;
    let mut line = String::new();
    io::stdin().lock().read_line(&mut line)?;
    let goal = line.trim();
    Ok((!goal.is_empty()).then(|| goal.to_owned()))
}

/// Where the answers of [`drive`] come from.
enum Answers {
    /// Standard input, after the logged turns of a resumed session.
    Read(Option<VecDeque<LoggedTurn>>),
    /// Option ids given on the command line; standard input is not read.
    Choices(Vec<String>),
}

/// The terminal keeps its sessions through a [`Recorder`], saving in
/// place after every turn; what cannot be kept is said on the terminal.
impl Keeper for Recorder {
    fn keep_note(&mut self, session: &Session, note: &str) -> bool {
        match self.note_refused(session, note) {
            Some(why) => {
                eprintln!("{why}");
                false
            }
            None => true,
        }
    }

    fn keep_words(&mut self, session: &Session, words: &str) -> bool {
        match self.words_refused(session, words) {
            Some(why) => {
                eprintln!("{why}");
                false
            }
            None => true,
        }
    }

    fn after_turn(&mut self, session: &Session) -> io::Result<()> {
        if self.is_kept() {
            // Ctrl-C waits for the save to finish, then tells what it saved.
            let mut on_interrupt = interrupt::message();
            self.record(session);
            *on_interrupt = Some(interrupt::Stop::unfinished(self, session.turns().len()));
            drop(on_interrupt);
            if let Some(e) = self.status().error {
                eprintln!("warning: {e}");
            }
        }
        Ok(())
    }
}

/// Ctrl-C during a session: the turns played are saved already (after
/// every turn), so the process says where and how to carry on, as `q`
/// does, and exits with code 1.
mod interrupt {
    use std::path::{Path, PathBuf};
    use std::sync::{Mutex, MutexGuard, PoisonError};

    use super::{player, turns};
    use crate::record::Recorder;
    use crate::term::{eprint, eprintln};

    /// What Ctrl-C says, and the exit code it ends with.
    pub struct Stop {
        pub message: String,
        pub code: i32,
    }

    impl Stop {
        /// The session is not finished: what `q` would print, with
        /// `played` turns played so far.
        pub fn unfinished(saver: &Recorder, played: usize) -> Stop {
            Stop {
                message: paused_message("Stopped", saver, played),
                code: 1,
            }
        }
    }

    /// Kept up to date after every save, and held while a turn is saved,
    /// so Ctrl-C never ends the process in the middle of a save.
    static ON_INTERRUPT: Mutex<Option<Stop>> = Mutex::new(None);

    /// The lock file of the session's log, removed on Ctrl-C as it is when
    /// the session ends normally (the lock itself goes with the process).
    static LOCK_FILE: Mutex<Option<PathBuf>> = Mutex::new(None);

    /// Remember the lock file of the log being played (see [`LOCK_FILE`]).
    pub fn lock_file(path: &Path) {
        *LOCK_FILE.lock().unwrap_or_else(PoisonError::into_inner) = Some(path.to_owned());
    }

    /// What Ctrl-C says now; the lock holds Ctrl-C back while it is held.
    pub fn message() -> MutexGuard<'static, Option<Stop>> {
        ON_INTERRUPT.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Catch Ctrl-C for the rest of the process (once; a second call does
    /// nothing).
    pub fn catch() {
        let _ = ctrlc::set_handler(|| {
            let stop = message();
            // The prompt's line is left unfinished by the key press.
            eprintln!();
            let code = match &*stop {
                Some(stop) => {
                    eprint!("{}", stop.message);
                    stop.code
                }
                None => {
                    eprintln!("Stopped; nothing was saved.");
                    1
                }
            };
            // Under ON_INTERRUPT: no save is under way, and none follows.
            if let Some(lock) = &*LOCK_FILE.lock().unwrap_or_else(PoisonError::into_inner) {
                let _ = std::fs::remove_file(lock);
            }
            std::process::exit(code);
        });
    }

    /// Why the session stopped (`why`), what of it is saved and where, and
    /// the command that carries on, wrapped lines ending with a newline.
    /// The command stays whole on its own line, to be copied.
    pub fn paused_message(why: &str, saver: &Recorder, played: usize) -> String {
        let width = super::terminal_width();
        let on_disk = saver
            .is_kept()
            .then(|| saver.status().saved_turns.unwrap_or(0));
        let Some(path) = saver.path().map(|p| p.display().to_string()) else {
            return player::wrap_text(
                width,
                "",
                "",
                &format!("{why}. A session started with --from is not saved."),
            );
        };
        let n = on_disk.unwrap_or(0);
        let (said, carry) = if n == played {
            let what = match n {
                0 => "session (no turns yet) is".to_owned(),
                1 => "1 turn is".to_owned(),
                n => format!("{n} turns are"),
            };
            (
                format!("{why}. Your {what} saved in {path}."),
                "Carry on with",
            )
        } else {
            (
                format!(
                    "{why}. Saving failed: only {n} of your {} {} saved in {path}.",
                    turns(played),
                    if n == 1 { "is" } else { "are" },
                ),
                "Carry on from there with",
            )
        };
        format!(
            "{}{carry}: attune resume {path}\n",
            player::wrap_text(width, "", "", &said)
        )
    }
}

/// `1 turn` or `N turns`.
fn turns(n: usize) -> String {
    if n == 1 {
        "1 turn".to_owned()
    } else {
        format!("{n} turns")
    }
}

/// Play on from the session's current point, saving after every turn
/// when there is a log; prints the debrief at the end.
fn drive(
    out: &mut dyn Write,
    mut session: Session,
    mut saver: Recorder,
    opts: &RunOptions,
    answers: Answers,
) -> io::Result<i32> {
    let stdin = io::stdin();
    let interactive = stdin.is_terminal();
    let mut trainee = LineTrainee::new(stdin.lock(), term::stderr(), interactive, opts.width);
    let mut stopped = None;
    let from_stdin = matches!(answers, Answers::Read(_));
    *interrupt::message() = Some(interrupt::Stop::unfinished(&saver, session.turns().len()));
    let end = match answers {
        Answers::Read(Some(turns)) => {
            let mut scripted = Scripted {
                turns,
                then: Some(&mut trainee),
            };
            player::run_with(&mut session, &mut scripted, out, opts, &mut saver)?
        }
        Answers::Read(None) => player::run_with(&mut session, &mut trainee, out, opts, &mut saver)?,
        Answers::Choices(ids) => {
            let mut list = ChoiceList::new(ids);
            let end = player::run_with(&mut session, &mut list, out, opts, &mut saver)?;
            stopped = list.stopped;
            end
        }
    };
    let goal = saver.log().learning_goal.clone();
    // Past the turns, Ctrl-C has nothing to add to what is said below.
    *interrupt::message() = Some(interrupt::Stop {
        message: String::new(),
        code: 1,
    });
    let played = session.turns().len();
    // Only what the last successful save wrote is claimed to be on disk.
    let on_disk = saver
        .is_kept()
        .then(|| saver.status().saved_turns.unwrap_or(0));
    let all_saved = on_disk.is_none_or(|n| n == played);
    match end {
        RunEnd::Ended => {
            player::render_debrief(out, opts.width, &session, goal.as_deref())?;
            out.flush()?;
            let Some(path) = saver.path().map(|p| p.display().to_string()) else {
                return Ok(0);
            };
            if !(all_saved && saver.saved_finished()) {
                eprintln!(
                    "error: the session log {path} holds {} of the {} played and not the \
                     ending: saving failed.",
                    turns(on_disk.unwrap_or(0)),
                    turns(played)
                );
                return Ok(1);
            }
            // The session is saved whole; Ctrl-C at the rating skips it.
            *interrupt::message() = Some(interrupt::Stop {
                message: format!("Saved to {path}, without a rating.\n"),
                code: 0,
            });
            if from_stdin
                && saver.log().difficulty_rating.is_none()
                && let Some(rating) = trainee.read_rating()?
            {
                let on_interrupt = interrupt::message();
                saver.log_mut().difficulty_rating = Some(rating);
                saver.save();
                drop(on_interrupt);
                if let Some(e) = saver.status().error {
                    eprintln!("warning: the rating was not saved: {e}");
                    eprintln!("Saved to {path}, without the rating.");
                    return Ok(1);
                }
            }
            eprintln!("Saved to {path}");
            eprint!("{}", retry_hint(&path, played));
            Ok(0)
        }
        RunEnd::Paused | RunEnd::EndOfInput => {
            out.flush()?;
            let why = match (&stopped, end) {
                (Some(stop), _) => {
                    eprintln!("{}", choices_stopped(stop));
                    "Stopped"
                }
                (None, RunEnd::Paused) => "Paused",
                (None, _) => "Input ended before the session finished",
            };
            eprint!("{}", interrupt::paused_message(why, &saver, played));
            // Paused or not, the session did not finish.
            Ok(1)
        }
        RunEnd::TurnLimit => {
            out.flush()?;
            // A failed save has been reported already; "saved" only when
            // the last save worked.
            turn_limit_reached(&session, saver.path().filter(|_| all_saved));
            Ok(1)
        }
    }
}

/// After a finished session: how to go back to one of its turns and try
/// another road, the command whole on its own line, to be copied.
fn retry_hint(path: &str, played: usize) -> String {
    let (which, turn) = match played {
        0 => return String::new(),
        1 => ("turn 1".to_owned(), "1"),
        n => (format!("any turn from 1 to {n} (N)"), "N"),
    };
    format!(
        "{}  attune retry {path} --turn {turn}\n",
        player::wrap_text(
            terminal_width(),
            "",
            "",
            &format!("To go back to {which} and try another road from there:")
        )
    )
}

/// The session was stopped at the engine's turn limit: say why, what an
/// author can do, and where the turns are saved (`saved_in`).
fn turn_limit_reached(session: &Session, saved_in: Option<&Path>) {
    eprintln!("{}", EngineError::TurnLimit.sentence());
    let scenario = session.scenario();
    let which = match &scenario.path {
        Some(p) => p.display().to_string(),
        None => scenario.id.clone(),
    };
    eprintln!(
        "hint: this is a problem in the scenario, not in your answers; \
         `attune check --strict {which}` and `attune sim {which}` show where it loops"
    );
    if let Some(path) = saved_in {
        eprintln!(
            "Your {} turns are saved in {}.",
            session.turns().len(),
            path.display()
        );
    }
}

/// Why `play --choices` stopped before the session ended, as an error line.
fn choices_stopped(stop: &ChoicesStop) -> String {
    let list = |ids: &[String]| {
        ids.iter()
            .map(|i| diag::sanitize(i))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match stop {
        ChoicesStop::NotOffered {
            turn,
            node,
            option,
            offered,
        } => format!(
            "error: `{}` is not offered at turn {turn} (`{}`); offered: {}",
            diag::sanitize(option),
            diag::sanitize(node),
            list(offered)
        ),
        ChoicesStop::RanOut {
            turn,
            node,
            offered,
        } => format!(
            "error: the choices ran out; the session goes on at turn {turn} (`{}`); \
             offered: {}",
            diag::sanitize(node),
            list(offered)
        ),
    }
}

/// Load a log and the scenario it was played with, and verify the replay.
fn open_log(
    library: &[PathBuf],
    path: &Path,
    scenario: Option<&Path>,
    file: Option<&mut LogFile>,
) -> Result<(SessionLog, Session), i32> {
    let loaded = match file {
        Some(f) => f.load(),
        None => SessionLog::load(path),
    };
    let log = match loaded {
        Ok(l) => l,
        Err(d) => {
            report(&[d]);
            return Err(1);
        }
    };
    let found = match scenario {
        Some(p) => find_scenario(&p.to_string_lossy(), library),
        None => log::scenario_for(&log, path, library).map_err(|d| vec![d]),
    };
    let scenario = match found {
        Ok(s) => Arc::new(s),
        Err(d) => {
            report(&d);
            return Err(1);
        }
    };
    match log::replay(&log, scenario, path) {
        Ok(s) => {
            if !log.is_sealed() {
                eprintln!(
                    "note: {} was written by an earlier version of Attune, without a seal, so edits to it cannot be detected",
                    diag::sanitize(&path.display().to_string())
                );
            }
            Ok((log, s))
        }
        Err(d) => {
            report(&[d]);
            Err(1)
        }
    }
}

/// Whether the scenario a log was replayed on differs from the version its
/// latest turn was played on.
fn scenario_changed(log: &SessionLog, session: &Session) -> bool {
    !session.scenario().has_hash(log.played_hash())
}

fn changed_note(session: &Session) -> String {
    let s = session.scenario();
    let at = s
        .path
        .as_ref()
        .map(|p| format!(" ({})", p.display()))
        .unwrap_or_default();
    diag::sanitize(&format!(
        "the scenario `{}`{at} has changed since this session was played",
        s.id
    ))
}

fn replay(
    out: &mut dyn Write,
    library: &[PathBuf],
    path: &Path,
    scenario: Option<&Path>,
) -> io::Result<i32> {
    let (log, verified) = match open_log(library, path, scenario, None) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    if scenario_changed(&log, &verified) {
        eprintln!(
            "note: {}; every turn still fits, so it is replayed on the current version",
            changed_note(&verified)
        );
    }
    let width = terminal_width();
    let fresh = log.new_session(Arc::clone(verified.scenario()));
    let session = player::render_log(out, width, &log, fresh)?;
    if session.turn_limit_reached() {
        let said = format!("({})", EngineError::TurnLimit.sentence());
        write!(out, "{}", player::wrap_text(width, "", " ", &said))?;
    } else if !session.is_ended() {
        let said = format!(
            "(The session stopped here after {}.",
            turns(session.turns().len())
        );
        write!(out, "{}", player::wrap_text(width, "", " ", &said))?;
        writeln!(out, " Carry on with: attune resume {})", path.display())?;
    }
    write!(
        out,
        "{}",
        player::wrap_text(width, "", "", &played_on(&log, session.is_ended()))
    )?;
    Ok(0)
}

/// When a logged session was played, in local time, and once it ended,
/// how hard it felt to the trainee: "Played on 2026-11-22 at 10:14 CET. How
/// hard it felt: 6/10."
fn played_on(log: &SessionLog, ended: bool) -> String {
    // `started` is RFC 3339 in UTC: `2026-11-22T09:14:03Z`.
    let when = match crate::when::local(&log.started) {
        Some(local) => format!("Played on {}.", local.long()),
        None => format!("Played at {}.", log.started),
    };
    match (log.difficulty_rating, ended) {
        (Some(r), _) => format!("{when} How hard it felt: {r}/10."),
        (None, true) => format!("{when} How hard it felt: not rated."),
        (None, false) => when,
    }
}

/// How `attune resume` carries on.
struct ResumeHow {
    show_scores: bool,
    allow_changed: bool,
}

fn resume(
    out: &mut dyn Write,
    library: &[PathBuf],
    path: &Path,
    scenario: Option<&Path>,
    how: ResumeHow,
) -> io::Result<i32> {
    let ResumeHow {
        show_scores,
        allow_changed,
    } = how;
    // A log that is not there is reported as `replay` reports it, and
    // nothing (no folder, no lock) is made for it.
    if std::fs::symlink_metadata(path).is_err() {
        if let Err(d) = SessionLog::load(path) {
            report(&[d]);
        }
        return Ok(1);
    }
    // Locked before it is read: another process playing this session
    // keeps it, and this one leaves it alone.
    let mut file = match LogFile::open(path) {
        Ok(f) => f,
        Err(e) => {
            log_error(&e, None);
            return Ok(1);
        }
    };
    let (log, verified) = match open_log(library, path, scenario, Some(&mut file)) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    if scenario_changed(&log, &verified) && !verified.is_ended() {
        if !allow_changed {
            eprintln!(
                "{}.
Every saved turn still fits. To carry on with the new version, add --allow-changed: the log will record which turns were played on it.",
                changed_note(&verified)
            );
            return Ok(1);
        }
        eprintln!(
            "note: {}; carrying on with the new version",
            changed_note(&verified)
        );
    }
    if verified.is_ended() {
        let ending = Debrief::of(&verified, None)
            .ending
            .map(|e| format!(" ({}, {})", e.title, e.kind.label()))
            .unwrap_or_default();
        eprintln!(
            "This session has already ended{ending}; see it with: attune replay {}",
            path.display()
        );
        return Ok(0);
    }
    interrupt::catch();
    interrupt::lock_file(file.lock_path());
    *interrupt::message() = Some(interrupt::Stop {
        message: format!(
            "Stopped. Nothing new was saved.\nCarry on with: attune resume {}\n",
            path.display()
        ),
        code: 1,
    });
    let width = terminal_width();
    let session = log.new_session(Arc::clone(verified.scenario()));
    player::render_header(
        out,
        width,
        session.scenario(),
        log.seed,
        log.learning_goal.as_deref(),
    )?;
    player::render_practice_notes(out, width, &log)?;
    let script: VecDeque<LoggedTurn> = log.turns.iter().cloned().collect();
    // The logged turns are replayed through the engine; `SessionLog::sync`
    // appends only the turns that come after them. The session keeps the
    // practice mode it began with.
    let opts = RunOptions {
        show_scores,
        debug: false,
        width,
        say_first: log.say_first,
    };
    let recorder = Recorder::kept(log, file, false);
    drive(out, session, recorder, &opts, Answers::Read(Some(script)))
}

/// How `attune retry` plays the new session.
struct RetryHow {
    /// The turn to choose again at, from 1.
    turn: usize,
    target: LogTarget,
    show_scores: bool,
    say_first: bool,
}

/// `attune retry`: a new session that goes back to a turn of the one
/// logged at `path` and chooses again from there. The original log is
/// read, never written.
fn retry(
    out: &mut dyn Write,
    library: &[PathBuf],
    path: &Path,
    scenario: Option<&Path>,
    how: RetryHow,
) -> io::Result<i32> {
    let (original, verified) = match open_log(library, path, scenario, None) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let shown = diag::sanitize(&path.display().to_string());
    if let Some(why) = log::branch_turn_problem(how.turn, original.turns.len()) {
        eprintln!("error: {shown}: {why}");
        if !verified.is_ended() && how.turn == original.turns.len() + 1 {
            eprintln!("hint: to carry on where it stopped: attune resume {shown}");
        }
        return Ok(1);
    }
    if scenario_changed(&original, &verified) {
        eprintln!(
            "note: {}; every turn still fits, so the new session is played on the current version",
            changed_note(&verified)
        );
    }
    let scenario = Arc::clone(verified.scenario());
    let mut log = match log::branch(&original, path, Arc::clone(&scenario), how.turn) {
        Ok((log, _)) => log,
        Err(d) => {
            report(&[d]);
            return Ok(1);
        }
    };
    log.show_live_scores = how.show_scores;
    log.say_first |= how.say_first;
    let new_path = match how.target {
        LogTarget::File(f) => f,
        LogTarget::Dir(d) => log::branch_log_path(&d, path, how.turn),
        LogTarget::Default => {
            let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
            log::branch_log_path(dir.unwrap_or(Path::new(".")), path, how.turn)
        }
    };
    if same_file(&new_path, path) {
        eprintln!(
            "error: the new session's log would be {shown} itself, which `attune retry` never changes"
        );
        eprintln!("hint: choose another place with `--log FILE` or `--log-dir DIR`");
        return Ok(1);
    }
    let mut file = match LogFile::open(&new_path) {
        Ok(f) => f,
        Err(e) => {
            log_error(&e, None);
            return Ok(1);
        }
    };
    interrupt::catch();
    interrupt::lock_file(file.lock_path());
    if !save_opening(&mut file, &log) {
        return Ok(1);
    }
    let width = terminal_width();
    player::render_header(
        out,
        width,
        &scenario,
        log.seed,
        log.learning_goal.as_deref(),
    )?;
    player::render_practice_notes(out, width, &log)?;
    // The turns before `turn` are played again through the engine, as
    // `resume` does; the new ones are read from standard input.
    let script: VecDeque<LoggedTurn> = log.turns.iter().cloned().collect();
    let session = log.new_session(scenario);
    let opts = RunOptions {
        show_scores: how.show_scores,
        debug: false,
        width,
        say_first: log.say_first,
    };
    let recorder = Recorder::kept(log, file, false);
    drive(out, session, recorder, &opts, Answers::Read(Some(script)))
}

/// Whether `a` and `b` name the same file, following symbolic links;
/// `a` need not exist yet.
fn same_file(a: &Path, b: &Path) -> bool {
    let resolved = |p: &Path| {
        std::fs::canonicalize(p).ok().or_else(|| {
            let dir = p.parent().filter(|d| !d.as_os_str().is_empty());
            let dir = std::fs::canonicalize(dir.unwrap_or(Path::new("."))).ok()?;
            Some(dir.join(p.file_name()?))
        })
    };
    match (resolved(a), resolved(b)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// `attune new`: write `DIR/ID.ron` from the template, never over an
/// existing file.
fn new_scenario(out: &mut dyn Write, id: &str, dir: &Path) -> io::Result<i32> {
    let path = dir.join(format!("{id}.ron"));
    let shown = diag::sanitize(&path.display().to_string());
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!(
            "error: cannot create the folder {}: {e}",
            diag::sanitize(&dir.display().to_string())
        );
        return Ok(1);
    }
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path);
    let mut file = match file {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            eprintln!("error: {shown} already exists; `attune new` never overwrites a file");
            eprintln!("hint: choose another id, or another folder with `--dir DIR`");
            return Ok(1);
        }
        Err(e) => {
            eprintln!("error: cannot write {shown}: {e}");
            return Ok(1);
        }
    };
    if let Err(e) = file
        .write_all(scaffold::scenario(id).as_bytes())
        .and_then(|()| file.sync_all())
    {
        eprintln!("error: cannot write {shown}: {e}");
        return Ok(1);
    }
    writeln!(out, "Wrote {shown}.")?;
    writeln!(
        out,
        "Next: edit it, then `attune check {shown}` and `attune play {shown} --show-scores`."
    )?;
    Ok(0)
}

/// `attune graph`: the scenario as DOT, Mermaid or JSON, or with `--into`
/// the options that lead to one node.
fn draw_graph(
    out: &mut dyn Write,
    library: &[PathBuf],
    which: &str,
    format: Option<GraphFormat>,
    into: Option<&str>,
) -> io::Result<i32> {
    let scenario = match find_scenario(which, library) {
        Ok(s) => s,
        Err(d) => {
            report(&d);
            return Ok(1);
        }
    };
    let Some(node) = into else {
        let text = match format.unwrap_or(GraphFormat::Dot) {
            GraphFormat::Dot => graph::to_dot(&scenario),
            GraphFormat::Mermaid => graph::to_mermaid(&scenario),
            GraphFormat::Json => graph::json_text(&graph::to_json(&scenario)) + "\n",
        };
        out.write_all(text.as_bytes())?;
        return Ok(0);
    };
    let Some(index) = scenario.node_index(node) else {
        no_such_node(&scenario, node);
        return Ok(1);
    };
    match format {
        None => out.write_all(graph::render_into(&scenario, index).as_bytes())?,
        Some(GraphFormat::Json) => {
            let into = graph::leads_into(&scenario, index);
            writeln!(out, "{}", graph::json_text(&into))?;
        }
        Some(GraphFormat::Dot | GraphFormat::Mermaid) => {
            eprintln!("error: --into lists options as text, or as JSON with `--format json`");
            return Ok(2);
        }
    }
    Ok(0)
}

/// Sessions from which `sim` shows a progress bar (at a terminal).
const PROGRESS_FROM: u64 = 20_000;

/// From how many logs `report` shows its progress on a terminal.
const REPORT_PROGRESS_FROM: u64 = 200;

fn simulate(
    out: &mut dyn Write,
    library: &[PathBuf],
    which: &str,
    runs: u64,
    seed: u64,
    policy: Policy,
    json: bool,
) -> io::Result<i32> {
    let scenario = match find_scenario(which, library) {
        Ok(s) => Arc::new(s),
        Err(d) => {
            report(&d);
            return Ok(1);
        }
    };
    let opts = SimOptions::new(runs, seed, policy);
    let bar = (runs >= PROGRESS_FROM && term::stderr_is_terminal()).then(|| {
        let bar = ProgressBar::with_draw_target(Some(runs), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} sessions, {eta} left")
        {
            bar.set_style(style);
        }
        bar
    });
    let result = sim::simulate_with_progress(&scenario, &opts, &|n| {
        if let Some(b) = &bar {
            b.inc(n);
        }
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if json {
        writeln!(out, "{}", term::json(&result))?;
    } else {
        write!(out, "{}", sim::render_text(&result))?;
    }
    Ok(0)
}

/// `attune report`: read the logs, print the report, write the HTML.
fn cohort_report(
    out: &mut dyn Write,
    library: &[PathBuf],
    paths: &[PathBuf],
    opts: &ReportOptions,
    json: bool,
    html: Option<&Path>,
) -> io::Result<i32> {
    let (files, _) = report::log_files(paths);
    let many = files.len() as u64 >= REPORT_PROGRESS_FROM;
    let bar = (many && term::stderr_is_terminal()).then(|| {
        let bar =
            ProgressBar::with_draw_target(Some(files.len() as u64), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} logs read") {
            bar.set_style(style);
        }
        bar
    });
    let result = report::build(paths, library, opts, &|n| {
        if let Some(b) = &bar {
            b.inc(n);
        }
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if json {
        let text = serde_json::to_string_pretty(&result).map_err(io::Error::other)?;
        writeln!(out, "{text}")?;
    } else {
        write!(out, "{}", report::text::render(&result))?;
    }
    if let Some(file) = html {
        let shown = diag::sanitize(&file.display().to_string());
        if let Err(e) = std::fs::write(file, report::html::render(&result)) {
            eprintln!("error: could not write the HTML report to {shown}: {e}");
            return Ok(1);
        }
        eprintln!("Wrote the HTML report to {shown}.");
    }
    if result.sessions == 0 {
        eprintln!("No session could be read from the paths given.");
        return Ok(1);
    }
    let problems = result.left_out.len() + result.unreadable.len();
    if problems > 0 {
        eprintln!(
            "{problems} {} left out of the report (listed at the end).",
            if problems == 1 {
                "log was"
            } else {
                "logs were"
            }
        );
        return Ok(1);
    }
    Ok(0)
}

/// What `attune history` was asked for besides the folder.
struct HistoryHow {
    json: bool,
    export: Option<String>,
    out: Option<PathBuf>,
}

/// `attune history`: list the sessions in the log folder, or export one.
/// Exit code 0 when the list was shown, damaged logs and all; 1 when a
/// folder given is missing or unreadable, or the export failed.
fn history(
    out: &mut dyn Write,
    library: &[PathBuf],
    given: Option<&Path>,
    how: HistoryHow,
) -> io::Result<i32> {
    use crate::history::{self, History, Opened, ScanError};
    let folder = given.map_or_else(default_log_dir, Path::to_path_buf);
    let tz = crate::when::local_zone();
    let listed = match history::scan(&folder, library, &tz) {
        Ok(h) => h,
        Err(ScanError::Missing(_)) if given.is_some() => {
            eprintln!(
                "error: there is no folder {}; give the folder your session logs are in",
                folder.display()
            );
            return Ok(1);
        }
        // The default folder is made with the first session saved.
        Err(ScanError::Missing(_)) => History::empty(&folder),
        Err(ScanError::Unreadable(d)) => {
            report(&[d]);
            return Ok(1);
        }
    };
    if let Some(which) = &how.export {
        let path = match history::pick(&listed, which) {
            Ok(p) => p,
            Err(why) => {
                eprintln!("error: {why} (`attune history` lists them)");
                return Ok(1);
            }
        };
        let written = Opened::open(&path, library).and_then(|o| o.export(how.out.as_deref(), &tz));
        return Ok(match written {
            Ok(to) => {
                eprintln!(
                    "Wrote the debrief of {} to {}: one page, with nothing to fetch, to bring to supervision.",
                    path.display(),
                    to.display()
                );
                0
            }
            Err(d) => {
                report(&[d]);
                1
            }
        });
    }
    if how.json {
        writeln!(out, "{}", term::json(&listed))?;
    } else {
        write!(out, "{}", history::text::render(&listed, terminal_width()))?;
    }
    Ok(0)
}

/// Read lines from any reader; exposed for tests of the play loop.
pub fn read_all_lines(r: impl BufRead) -> Vec<String> {
    r.lines().map_while(Result::ok).collect()
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;
    use clap::error::ErrorKind;

    use super::*;

    fn args(s: &str) -> Result<Args, clap::Error> {
        parse_from(std::iter::once("attune").chain(s.split_whitespace()))
    }

    fn command(s: &str) -> Command {
        match args(s) {
            Ok(a) => a.command,
            Err(e) => panic!("`{s}` does not parse: {e}"),
        }
    }

    /// The kind of usage error `s` gives, and its message.
    fn error(s: &str) -> (ErrorKind, String) {
        match args(s) {
            Ok(a) => panic!("`{s}` parses as {a:?}"),
            Err(e) => (e.kind(), e.to_string()),
        }
    }

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn parses_play_with_options() {
        let a = args("play doctora --seed 7 --log-dir /tmp/x --scenarios lib").unwrap();
        assert_eq!(a.library, Some(PathBuf::from("lib")));
        assert_eq!(
            a.command,
            Command::Play {
                scenario: "doctora".into(),
                seed: Some(7),
                goal: None,
                log: LogTarget::Dir("/tmp/x".into()),
                show_scores: false,
                choices: Vec::new(),
                debug: false,
                from: None,
                trainee: None,
                say_first: false,
            }
        );
        match command("play x --log l.ron --show-scores --goal silence --say-first") {
            Command::Play {
                log,
                show_scores,
                goal,
                say_first,
                ..
            } => {
                assert_eq!(log, LogTarget::File("l.ron".into()));
                assert!(show_scores);
                assert!(say_first);
                assert_eq!(goal.as_deref(), Some("silence"));
            }
            other => panic!("parsed as {other:?}"),
        }
    }

    #[test]
    fn the_library_may_come_before_the_command_or_not_at_all() {
        let a = args("--scenarios=lib list --json").unwrap();
        assert_eq!(a.library, Some(PathBuf::from("lib")));
        assert_eq!(a.command, Command::List { json: true });
        assert_eq!(args("list").unwrap().library, None);
    }

    #[test]
    fn a_blank_goal_is_no_goal() {
        let a = parse_from(["attune", "play", "x", "--goal", "  "]).unwrap();
        match a.command {
            Command::Play { goal, .. } => assert_eq!(goal, None),
            other => panic!("parsed as {other:?}"),
        }
    }

    #[test]
    fn usage_errors_are_specific() {
        let (kind, msg) = error("frobnicate");
        assert_eq!(kind, ErrorKind::InvalidSubcommand);
        assert!(msg.contains("'frobnicate'"), "{msg}");
        let (kind, msg) = error("play");
        assert_eq!(kind, ErrorKind::MissingRequiredArgument);
        assert!(msg.contains("<SCENARIO>"), "{msg}");
        let (kind, msg) = error("play x --seed banana");
        assert_eq!(kind, ErrorKind::ValueValidation);
        assert!(msg.contains("a seed is a whole number from 0 to"), "{msg}");
        let (kind, msg) = error("play x --seed -1");
        assert_eq!(kind, ErrorKind::ValueValidation);
        assert!(msg.contains("'-1'"), "{msg}");
        let (kind, msg) = error("list --seed 3");
        assert_eq!(kind, ErrorKind::UnknownArgument);
        assert!(msg.contains("'--seed'"), "{msg}");
        let (kind, msg) = error("check --format yaml");
        assert_eq!(kind, ErrorKind::InvalidValue);
        assert!(msg.contains("[possible values: text, json]"), "{msg}");
        assert_eq!(error("check -x").0, ErrorKind::UnknownArgument);
        assert_eq!(error("list extra").0, ErrorKind::UnknownArgument);
        assert_eq!(error("app extra").0, ErrorKind::UnknownArgument);
    }

    #[test]
    fn new_takes_a_valid_id_and_a_folder() {
        assert_eq!(
            command("new running-late --dir drafts"),
            Command::New {
                id: "running-late".into(),
                dir: "drafts".into(),
            }
        );
        assert_eq!(
            command("new running-late"),
            Command::New {
                id: "running-late".into(),
                dir: ".".into(),
            }
        );
        let (kind, msg) = error("new Running_Late");
        assert_eq!(kind, ErrorKind::ValueValidation);
        assert!(msg.contains("such as `running-late`"), "{msg}");
    }

    #[test]
    fn graph_takes_a_format_and_a_node() {
        assert_eq!(
            command("graph doctora"),
            Command::Graph {
                scenario: "doctora".into(),
                format: None,
                into: None,
            }
        );
        assert_eq!(
            command("graph x.ron --format mermaid --into opens"),
            Command::Graph {
                scenario: "x.ron".into(),
                format: Some(GraphFormat::Mermaid),
                into: Some("opens".into()),
            }
        );
        let (kind, msg) = error("graph doctora --format svg");
        assert_eq!(kind, ErrorKind::InvalidValue);
        assert!(
            msg.contains("[possible values: dot, mermaid, json]"),
            "{msg}"
        );
    }

    #[test]
    fn log_and_log_dir_conflict() {
        let (kind, msg) = error("play x --log a --log-dir b");
        assert_eq!(kind, ErrorKind::ArgumentConflict);
        assert!(msg.contains("--log <FILE>"), "{msg}");
        assert!(msg.contains("--log-dir <DIR>"), "{msg}");
    }

    #[test]
    fn resume_takes_no_log_option() {
        let (kind, msg) = error("resume f.ron --log g.ron");
        assert_eq!(kind, ErrorKind::UnknownArgument);
        assert!(msg.contains("'--log'"), "{msg}");
        assert_eq!(
            command("resume f.ron --scenario s.ron --show-scores"),
            Command::Resume {
                log: "f.ron".into(),
                scenario: Some("s.ron".into()),
                show_scores: true,
                allow_changed: false,
            }
        );
        assert_eq!(
            command("resume f.ron --allow-changed"),
            Command::Resume {
                log: "f.ron".into(),
                scenario: None,
                show_scores: false,
                allow_changed: true,
            }
        );
    }

    #[test]
    fn retry_needs_a_turn_from_1_and_keeps_its_log_apart() {
        assert_eq!(
            command("retry s.ron --turn 3 --log-dir out --say-first"),
            Command::Retry {
                original: "s.ron".into(),
                turn: 3,
                scenario: None,
                log: LogTarget::Dir("out".into()),
                show_scores: false,
                say_first: true,
            }
        );
        let (kind, msg) = error("retry s.ron");
        assert_eq!(kind, ErrorKind::MissingRequiredArgument);
        assert!(msg.contains("--turn"), "{msg}");
        let (kind, _) = error("retry s.ron --turn 0");
        assert_eq!(kind, ErrorKind::ValueValidation);
        let (kind, _) = error("retry s.ron --turn 2 --log a.ron --log-dir d");
        assert_eq!(kind, ErrorKind::ArgumentConflict);
    }

    #[test]
    fn capture_mode_parses_into_app_args() {
        assert_eq!(
            command(
                "app --scenario doctora --seed 7 --at week-story --choices 1,2,1 --screen session \
                 --screenshot s.png --log-dir logs"
            ),
            Command::App(AppArgs {
                scenario: Some("doctora".into()),
                seed: Some(7),
                choices: vec![1, 2, 1],
                at: Some("week-story".into()),
                text_size: None,
                high_contrast: false,
                screenshot: Some("s.png".into()),
                screen: Some(CaptureScreen::Session),
                watch: None,
                log_dir: Some("logs".into()),
                classroom: None,
                turn: None,
                say_first: false,
                words: None,
            })
        );
        assert_eq!(
            command(
                "app --scenario doctora --say-first --words hello --screen session \
                 --screenshot s.png"
            ),
            Command::App(AppArgs {
                scenario: Some("doctora".into()),
                screenshot: Some("s.png".into()),
                screen: Some(CaptureScreen::Session),
                say_first: true,
                words: Some("hello".into()),
                ..AppArgs::default()
            })
        );
        assert_eq!(
            command("app --screen picker --screenshot p.png"),
            Command::App(AppArgs {
                screen: Some(CaptureScreen::Picker),
                screenshot: Some("p.png".into()),
                ..AppArgs::default()
            })
        );
        assert_eq!(
            command("app --watch mine"),
            Command::App(AppArgs {
                watch: Some("mine".into()),
                ..AppArgs::default()
            })
        );
    }

    #[test]
    fn capture_options_require_what_they_need() {
        // Words are typed in say-first practice, in capture mode.
        let (kind, msg) = error("app --scenario x --words hi --screenshot s.png");
        assert_eq!(kind, ErrorKind::MissingRequiredArgument);
        assert!(msg.contains("--say-first"), "{msg}");
        // `--screen` is for capture mode.
        let (kind, msg) = error("app --screen picker");
        assert_eq!(kind, ErrorKind::MissingRequiredArgument);
        assert!(msg.contains("--screenshot <PATH>"), "{msg}");
        // Every screen but the picker shows one scenario.
        for screen in ["before", "session", "debrief"] {
            let (kind, msg) = error(&format!("app --screen {screen} --screenshot x.png"));
            assert_eq!(kind, ErrorKind::MissingRequiredArgument, "{screen}");
            assert!(msg.contains("--scenario <ID>"), "{screen}: {msg}");
        }
        // Choices are made in a scenario.
        let (kind, msg) = error("app --choices 1,2");
        assert_eq!(kind, ErrorKind::MissingRequiredArgument);
        assert!(msg.contains("--scenario <ID>"), "{msg}");
        // The classroom screen and its turn need a folder of logs.
        let (kind, msg) = error("app --screen classroom --screenshot x.png");
        assert_eq!(kind, ErrorKind::MissingRequiredArgument);
        assert!(msg.contains("--classroom <DIR>"), "{msg}");
        let (kind, _) = error("app --turn 2");
        assert_eq!(kind, ErrorKind::MissingRequiredArgument);
        let (kind, _) = error("app --classroom logs --turn 0");
        assert_eq!(kind, ErrorKind::ValueValidation);
    }

    #[test]
    fn the_classroom_parses_into_app_args() {
        assert_eq!(
            command(
                "app --classroom logs --scenario doctora --turn 2 --screen classroom \
                 --screenshot c.png"
            ),
            Command::App(AppArgs {
                classroom: Some("logs".into()),
                scenario: Some("doctora".into()),
                turn: Some(2),
                screen: Some(CaptureScreen::Classroom),
                screenshot: Some("c.png".into()),
                ..AppArgs::default()
            })
        );
    }

    #[test]
    fn choices_are_option_numbers_from_1_to_9() {
        for bad in ["0", "10", "1,x", "-1"] {
            let (kind, msg) = error(&format!("app --scenario s --choices={bad}"));
            assert_eq!(kind, ErrorKind::ValueValidation, "{bad}: {msg}");
        }
        let (kind, _) = error("app --scenario s --screen sideways --screenshot x.png");
        assert_eq!(kind, ErrorKind::InvalidValue);
        match command("app --scenario s --choices 9 --choices 3,4") {
            Command::App(app) => assert_eq!(app.choices, vec![9, 3, 4]),
            other => panic!("parsed as {other:?}"),
        }
    }

    #[test]
    fn check_defaults_and_json() {
        assert_eq!(
            command("check a.ron b --format=json"),
            Command::Check {
                paths: vec!["a.ron".into(), "b".into()],
                json: true,
                strict: false,
            }
        );
        assert_eq!(
            command("check"),
            Command::Check {
                paths: Vec::new(),
                json: false,
                strict: false,
            }
        );
        assert_eq!(
            command("check --strict scenarios"),
            Command::Check {
                paths: vec!["scenarios".into()],
                json: false,
                strict: true,
            }
        );
        // `--json` is short for `--format json`.
        assert_eq!(
            command("check --json a.ron"),
            command("check --format json a.ron")
        );
        assert_eq!(command(""), Command::Default);
    }

    #[test]
    fn help_and_version_are_not_usage_errors() {
        for s in [
            "-h",
            "--help",
            "help",
            "list -h",
            "help play",
            "play --help",
        ] {
            let e = args(s).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::DisplayHelp, "{s}");
            assert_eq!(e.exit_code(), 0, "{s}");
        }
        for s in ["-V", "--version"] {
            let e = args(s).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::DisplayVersion, "{s}");
            assert_eq!(e.exit_code(), 0, "{s}");
            assert_eq!(
                e.to_string(),
                format!("attune {}\n", env!("CARGO_PKG_VERSION"))
            );
        }
        assert_eq!(args("frobnicate").unwrap_err().exit_code(), 2);
    }

    #[test]
    fn every_help_page_fits_in_80_columns() {
        let commands: Vec<String> = Cli::command()
            .get_subcommands()
            .map(|c| c.get_name().to_owned())
            .collect();
        assert_eq!(commands.len(), 12, "{commands:?}");
        for name in std::iter::once("").chain(commands.iter().map(String::as_str)) {
            let page = error(&format!("{name} --help")).1;
            assert!(page.contains("--scenarios <DIR>"), "{name}:\n{page}");
            for line in page.lines() {
                assert!(line.chars().count() <= 80, "{name}: too long:\n{line}");
            }
        }
    }
}
