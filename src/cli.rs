//! The command line: `attune app | check | list | play | replay | resume`.
//!
//! Arguments are parsed here into a [`Command`]; [`run`] carries it out and
//! returns the process exit code (0 fine, 1 problems found or the session
//! could not finish, 2 usage errors). Nothing here panics on bad input.

use std::collections::{BTreeSet, VecDeque};
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::diag::{self, Diagnostic};
use crate::engine::Session;
use crate::load::{find_scenario, load_all};
use crate::log::{self, LoggedTurn, SessionLog, default_log_dir, log_file_name};
use crate::model::Scenario;
use crate::player::{self, LineTrainee, RunEnd, RunOptions, Scripted};

pub const USAGE: &str = "\
Attune: practise repairing ruptures in the therapeutic alliance.

Usage:
  attune                         open the app (or list scenarios when built without it)
  attune app                     open the app
        [--seed N] [--watch DIR] [--log-dir DIR]
        [--scenario ID --choices 1,2,1 --screen picker|before|session|debrief
         --screenshot PATH]      (capture mode: save a PNG of that screen and exit)
  attune list [--json]           list the scenarios in the library
  attune check [PATH...]         check scenario files or folders (default: the library)
        [--format text|json]
  attune play SCENARIO           play a scenario (a file, or an id from `attune list`)
        [--seed N] [--goal TEXT] [--show-scores]
        [--log FILE | --log-dir DIR]
  attune replay LOG              print the transcript of a saved session
  attune resume LOG              carry on with an unfinished session
        [--show-scores]

Common options:
  --scenarios DIR                the scenario library (default: ./scenarios)
  --scenario FILE                (replay, resume) the scenario file to use
  -h, --help                     this help
  -V, --version                  the version

In `play`, answer with the option's number or id, one per line. A line
starting with `note:` records what you notice in yourself. Input may come
from a pipe. Session logs are saved after every turn.
";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Help,
    Version,
    /// No subcommand.
    Default,
    List {
        json: bool,
    },
    Check {
        paths: Vec<PathBuf>,
        json: bool,
    },
    Play {
        scenario: String,
        seed: Option<u64>,
        goal: Option<String>,
        log: LogTarget,
        show_scores: bool,
    },
    Replay {
        log: PathBuf,
        scenario: Option<PathBuf>,
    },
    Resume {
        log: PathBuf,
        scenario: Option<PathBuf>,
        show_scores: bool,
    },
    App(AppArgs),
}

/// Which screen capture mode drives the app to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CaptureScreen {
    #[default]
    Picker,
    Before,
    Session,
    Debrief,
}

impl CaptureScreen {
    pub fn parse(s: &str) -> Option<CaptureScreen> {
        match s {
            "picker" => Some(CaptureScreen::Picker),
            "before" => Some(CaptureScreen::Before),
            "session" => Some(CaptureScreen::Session),
            "debrief" => Some(CaptureScreen::Debrief),
            _ => None,
        }
    }
}

/// What `attune app` was asked to do.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AppArgs {
    /// A scenario id or file to open straight away.
    pub scenario: Option<String>,
    pub seed: Option<u64>,
    /// Options to choose, by their 1-based number on screen (capture mode).
    pub choices: Vec<usize>,
    /// Capture mode: save a PNG of `screen` here and exit.
    pub screenshot: Option<PathBuf>,
    pub screen: Option<CaptureScreen>,
    /// Author mode: load scenarios from this folder and reload them on save.
    pub watch: Option<PathBuf>,
    /// Where session logs go (default: the platform data folder).
    pub log_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogTarget {
    File(PathBuf),
    Dir(PathBuf),
    Default,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Args {
    pub command: Command,
    pub library: Option<PathBuf>,
}

/// Parse arguments (without the program name). `Err` is a usage message.
pub fn parse(args: &[String]) -> Result<Args, String> {
    let mut it = args.iter().peekable();
    let mut library = None;
    let mut positional = Vec::new();
    let mut flags: Vec<(String, Option<String>)> = Vec::new();
    let takes_value = [
        "--scenarios",
        "--scenario",
        "--seed",
        "--goal",
        "--log",
        "--log-dir",
        "--format",
        "--choices",
        "--screenshot",
        "--screen",
        "--watch",
    ];
    while let Some(a) = it.next() {
        if a == "--" {
            positional.extend(it.by_ref().cloned());
            break;
        }
        if let Some(rest) = a.strip_prefix("--") {
            let (name, inline) = match rest.split_once('=') {
                Some((n, v)) => (format!("--{n}"), Some(v.to_owned())),
                None => (a.clone(), None),
            };
            if takes_value.contains(&name.as_str()) {
                let v = match inline {
                    Some(v) => v,
                    None => it
                        .next()
                        .cloned()
                        .ok_or_else(|| format!("`{name}` needs a value"))?,
                };
                if name == "--scenarios" {
                    library = Some(PathBuf::from(v));
                } else {
                    flags.push((name, Some(v)));
                }
            } else {
                flags.push((name, inline));
            }
        } else if a == "-h" {
            flags.push(("--help".into(), None));
        } else if a == "-V" {
            flags.push(("--version".into(), None));
        } else {
            positional.push(a.clone());
        }
    }
    let has = |f: &str| flags.iter().any(|(n, _)| n == f);
    let value = |f: &str| {
        flags
            .iter()
            .rev()
            .find(|(n, _)| n == f)
            .and_then(|(_, v)| v.clone())
    };
    if has("--help") {
        return Ok(Args {
            command: Command::Help,
            library,
        });
    }
    if has("--version") {
        return Ok(Args {
            command: Command::Version,
            library,
        });
    }
    let sub = positional.first().cloned();
    let rest: Vec<String> = positional.iter().skip(1).cloned().collect();
    let allowed: &[&str] = match sub.as_deref() {
        None => &[],
        Some("list") => &["--json"],
        Some("check") => &["--format", "--json"],
        Some("play") => &["--seed", "--goal", "--log", "--log-dir", "--show-scores"],
        Some("replay") => &["--scenario"],
        Some("resume") => &["--scenario", "--show-scores", "--log"],
        Some("help") => &[],
        Some("app") => &[
            "--scenario",
            "--seed",
            "--choices",
            "--screenshot",
            "--screen",
            "--watch",
            "--log-dir",
        ],
        Some(other) => return Err(format!("unknown command `{other}`")),
    };
    if let Some((bad, _)) = flags.iter().find(|(n, _)| !allowed.contains(&n.as_str())) {
        return Err(match &sub {
            Some(s) => format!("`{bad}` is not an option of `attune {s}`"),
            None => format!("unknown option `{bad}`"),
        });
    }
    let one = |what: &str| -> Result<String, String> {
        match rest.as_slice() {
            [x] => Ok(x.clone()),
            [] => Err(format!(
                "`attune {}` needs {what}",
                sub.as_deref().unwrap_or("")
            )),
            _ => Err(format!(
                "`attune {}` takes one {what}",
                sub.as_deref().unwrap_or("")
            )),
        }
    };
    let seed = match value("--seed") {
        None => None,
        Some(s) => Some(s.parse::<u64>().map_err(|_| {
            format!(
                "`--seed` takes a whole number from 0 to {}, not `{s}`",
                u64::MAX
            )
        })?),
    };
    let command = match sub.as_deref() {
        None => Command::Default,
        Some("help") => Command::Help,
        Some("list") => {
            if !rest.is_empty() {
                return Err("`attune list` takes no arguments".into());
            }
            Command::List {
                json: has("--json"),
            }
        }
        Some("check") => {
            let json = match value("--format").as_deref() {
                None | Some("text") => has("--json"),
                Some("json") => true,
                Some(other) => return Err(format!("unknown format `{other}` (use text or json)")),
            };
            Command::Check {
                paths: rest.iter().map(PathBuf::from).collect(),
                json,
            }
        }
        Some("play") => {
            let scenario = one("a scenario file or id")?;
            let log = match (value("--log"), value("--log-dir")) {
                (Some(_), Some(_)) => return Err("give `--log` or `--log-dir`, not both".into()),
                (Some(f), None) => LogTarget::File(f.into()),
                (None, Some(d)) => LogTarget::Dir(d.into()),
                (None, None) => LogTarget::Default,
            };
            Command::Play {
                scenario,
                seed,
                goal: value("--goal").filter(|g| !g.trim().is_empty()),
                log,
                show_scores: has("--show-scores"),
            }
        }
        Some("replay") => Command::Replay {
            log: one("session log file")?.into(),
            scenario: value("--scenario").map(PathBuf::from),
        },
        Some("resume") => Command::Resume {
            log: one("session log file")?.into(),
            scenario: value("--scenario").map(PathBuf::from),
            show_scores: has("--show-scores"),
        },
        Some("app") => {
            if !rest.is_empty() {
                return Err("`attune app` takes no arguments besides its options".into());
            }
            Command::App(app_args(&value, seed)?)
        }
        Some(_) => unreachable_usage()?,
    };
    Ok(Args { command, library })
}

fn app_args(value: &dyn Fn(&str) -> Option<String>, seed: Option<u64>) -> Result<AppArgs, String> {
    let choices = match value("--choices") {
        None => Vec::new(),
        Some(list) => list
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(|c| match c.parse::<usize>() {
                Ok(n) if (1..=9).contains(&n) => Ok(n),
                _ => Err(format!(
                    "`--choices` takes option numbers from 1 to 9 separated by commas, not `{c}`"
                )),
            })
            .collect::<Result<Vec<_>, _>>()?,
    };
    let screen = match value("--screen") {
        None => None,
        Some(s) => Some(CaptureScreen::parse(&s).ok_or_else(|| {
            format!("unknown screen `{s}` (use picker, before, session or debrief)")
        })?),
    };
    let args = AppArgs {
        scenario: value("--scenario"),
        seed,
        choices,
        screenshot: value("--screenshot").map(PathBuf::from),
        screen,
        watch: value("--watch").map(PathBuf::from),
        log_dir: value("--log-dir").map(PathBuf::from),
    };
    let needs_scenario = matches!(
        args.screen,
        Some(CaptureScreen::Before | CaptureScreen::Session | CaptureScreen::Debrief)
    );
    if needs_scenario && args.scenario.is_none() {
        return Err("`--screen` other than `picker` needs `--scenario ID`".into());
    }
    if args.screen.is_some() && args.screenshot.is_none() {
        return Err("`--screen` is for capture mode and needs `--screenshot PATH`".into());
    }
    if !args.choices.is_empty() && args.scenario.is_none() {
        return Err("`--choices` needs `--scenario ID`".into());
    }
    Ok(args)
}

fn unreachable_usage() -> Result<Command, String> {
    Err("unknown command".into())
}

/// The scenario library: `--scenarios`, `$ATTUNE_SCENARIOS`, `./scenarios`,
/// or the library shipped with the source.
pub fn library_dir(given: Option<&Path>) -> PathBuf {
    if let Some(p) = given {
        return p.to_path_buf();
    }
    if let Some(p) = std::env::var_os("ATTUNE_SCENARIOS") {
        return PathBuf::from(p);
    }
    let local = PathBuf::from("scenarios");
    if local.is_dir() {
        return local;
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

/// Run a parsed command; returns the exit code.
pub fn run(args: Args) -> i32 {
    let library = library_dir(args.library.as_deref());
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let result = match args.command {
        Command::Help => write!(out, "{USAGE}").map(|_| 0),
        Command::Version => writeln!(out, "attune {}", env!("CARGO_PKG_VERSION")).map(|_| 0),
        Command::Default if cfg!(feature = "gui") => Ok(open_app(AppArgs::default(), library)),
        Command::App(app) => Ok(open_app(app, library)),
        Command::Default | Command::List { json: false } => list(&mut out, &library, false),
        Command::List { json: true } => list(&mut out, &library, true),
        Command::Check { paths, json } => {
            let paths = if paths.is_empty() {
                vec![library]
            } else {
                paths
            };
            check(&mut out, &paths, json)
        }
        Command::Play {
            scenario,
            seed,
            goal,
            log,
            show_scores,
        } => play(&mut out, &library, &scenario, seed, goal, log, show_scores),
        Command::Replay { log, scenario } => replay(&mut out, &library, &log, scenario.as_deref()),
        Command::Resume {
            log,
            scenario,
            show_scores,
        } => resume(&mut out, &library, &log, scenario.as_deref(), show_scores),
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
fn open_app(args: AppArgs, library: PathBuf) -> i32 {
    crate::app::run(args, library)
}

#[cfg(not(feature = "gui"))]
fn open_app(_args: AppArgs, _library: PathBuf) -> i32 {
    eprintln!(
        "This build of Attune has no app (it was built without the `gui` feature).\n\
         Play in the terminal instead: `attune list`, then `attune play ID`."
    );
    1
}

fn report(diags: &[Diagnostic]) {
    eprint!("{}", diag::render(diags));
}

fn check(out: &mut dyn Write, paths: &[PathBuf], json: bool) -> io::Result<i32> {
    let (loaded, extra) = load_all(paths);
    let mut all: Vec<Diagnostic> = extra;
    for l in &loaded {
        all.extend(l.diagnostics.iter().cloned());
    }
    all.sort_by(|a, b| {
        (&a.path, a.location.as_ref().map(|l| (l.line, l.col)))
            .cmp(&(&b.path, b.location.as_ref().map(|l| (l.line, l.col))))
    });
    let errors = all.iter().filter(|d| d.is_error()).count();
    let warnings = all.len() - errors;
    if json {
        writeln!(out, "{}", diag::to_json(&all))?;
    } else {
        write!(out, "{}", diag::render(&all))?;
        let ok = loaded.iter().filter(|l| l.scenario.is_some()).count();
        writeln!(
            out,
            "checked {} {}: {ok} ok, {errors} {}, {warnings} {}",
            loaded.len(),
            if loaded.len() == 1 { "file" } else { "files" },
            if errors == 1 { "error" } else { "errors" },
            if warnings == 1 { "warning" } else { "warnings" },
        )?;
    }
    Ok(if errors > 0 { 1 } else { 0 })
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

fn list(out: &mut dyn Write, library: &Path, json: bool) -> io::Result<i32> {
    let (loaded, extra) = load_all(&[library.to_path_buf()]);
    let mut scenarios: Vec<&Scenario> = loaded.iter().filter_map(|l| l.scenario.as_ref()).collect();
    scenarios.sort_by(|a, b| (a.difficulty, &a.id).cmp(&(b.difficulty, &b.id)));
    let broken = loaded.iter().filter(|l| l.scenario.is_none()).count();
    if json {
        let entries: Vec<ListEntry> = scenarios.iter().map(|s| entry(s)).collect();
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&entries).unwrap_or_default()
        )?;
    } else {
        writeln!(out, "Scenarios in {}:", library.display())?;
        for s in &scenarios {
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
        writeln!(out, "\nPlay one with `attune play ID`.")?;
    }
    if broken > 0 || extra.iter().any(Diagnostic::is_error) {
        eprintln!(
            "{broken} scenario file(s) in {} have errors; run `attune check` to see them",
            library.display()
        );
        return Ok(1);
    }
    if loaded.is_empty() {
        report(&extra);
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

fn play(
    out: &mut dyn Write,
    library: &Path,
    which: &str,
    seed: Option<u64>,
    goal: Option<String>,
    target: LogTarget,
    show_scores: bool,
) -> io::Result<i32> {
    let scenario = match find_scenario(which, library) {
        Ok(s) => Arc::new(s),
        Err(d) => {
            report(&d);
            return Ok(1);
        }
    };
    let seed = seed.unwrap_or_else(fresh_seed);
    // At a terminal, ask for a learning goal before practice begins.
    let goal = match goal {
        Some(g) => Some(g),
        None if io::stdin().is_terminal() => ask_goal()?,
        None => None,
    };
    let log_path = match target {
        LogTarget::File(f) => f,
        LogTarget::Dir(d) => d.join(log_file_name(&scenario.id, seed)),
        LogTarget::Default => default_log_dir().join(log_file_name(&scenario.id, seed)),
    };
    let mut log = SessionLog::start(&scenario, seed, goal.clone());
    log.show_live_scores = show_scores;
    let session = Session::new(Arc::clone(&scenario), seed);
    if let Err(e) = log.save(&log_path) {
        eprintln!(
            "error: cannot write the session log {}: {e}",
            log_path.display()
        );
        eprintln!("hint: choose another place with `--log FILE` or `--log-dir DIR`");
        return Ok(1);
    }
    eprintln!("Session log: {}", log_path.display());
    player::render_header(out, &scenario, seed, goal.as_deref())?;
    drive(out, session, log, &log_path, show_scores, None)
}

fn ask_goal() -> io::Result<Option<String>> {
    eprint!(
        "What do you want help with today? (for example: staying with silence; Enter to skip)\n> "
    );
    io::stderr().flush()?;
    let mut line = String::new();
    io::stdin().lock().read_line(&mut line)?;
    let goal = line.trim();
    Ok((!goal.is_empty()).then(|| goal.to_owned()))
}

/// Play on from the session's current point with answers from stdin,
/// saving after every turn; prints the debrief at the end.
fn drive(
    out: &mut dyn Write,
    mut session: Session,
    mut log: SessionLog,
    log_path: &Path,
    show_scores: bool,
    script: Option<VecDeque<LoggedTurn>>,
) -> io::Result<i32> {
    let stdin = io::stdin();
    let interactive = stdin.is_terminal();
    let mut trainee = LineTrainee {
        input: stdin.lock(),
        prompt: io::stderr(),
        interactive,
    };
    let mut save_failed = false;
    let mut save = |s: &Session| -> io::Result<()> {
        log.sync(s);
        match log.save(log_path) {
            Ok(()) => save_failed = false,
            Err(e) => {
                save_failed = true;
                eprintln!(
                    "warning: could not save the session log {}: {e}",
                    log_path.display()
                );
            }
        }
        Ok(())
    };
    let opts = RunOptions { show_scores };
    let end = match script {
        Some(turns) => {
            let mut scripted = Scripted {
                turns,
                then: Some(&mut trainee),
            };
            player::run(&mut session, &mut scripted, out, &opts, &mut save)?
        }
        None => player::run(&mut session, &mut trainee, out, &opts, &mut save)?,
    };
    let goal = log.learning_goal.clone();
    match end {
        RunEnd::Ended => {
            player::render_debrief(out, &session, goal.as_deref())?;
            out.flush()?;
            if log.difficulty_rating.is_none()
                && let Some(rating) = trainee.read_rating()?
            {
                log.difficulty_rating = Some(rating);
                if let Err(e) = log.save(log_path) {
                    save_failed = true;
                    eprintln!("warning: could not save the rating: {e}");
                }
            }
            eprintln!("Saved to {}", log_path.display());
            Ok(if save_failed { 1 } else { 0 })
        }
        RunEnd::Paused | RunEnd::EndOfInput => {
            out.flush()?;
            let why = if end == RunEnd::Paused {
                "Paused"
            } else {
                "Input ended before the session finished"
            };
            eprintln!(
                "{why}. Your {} saved in {}.\nCarry on with: attune resume {}",
                match session.turns().len() {
                    0 => "session (no turns yet) is".to_owned(),
                    1 => "1 turn is".to_owned(),
                    n => format!("{n} turns are"),
                },
                log_path.display(),
                log_path.display()
            );
            Ok(if end == RunEnd::Paused && !save_failed {
                0
            } else {
                1
            })
        }
    }
}

/// Load a log and the scenario it was played with, and verify the replay.
fn open_log(
    library: &Path,
    path: &Path,
    scenario: Option<&Path>,
) -> Result<(SessionLog, Session), i32> {
    let log = match SessionLog::load(path) {
        Ok(l) => l,
        Err(d) => {
            report(&[d]);
            return Err(1);
        }
    };
    let which = match scenario {
        Some(p) => p.to_path_buf(),
        None => match &log.scenario_path {
            Some(p) if p.is_file() => p.clone(),
            _ => PathBuf::from(&log.scenario),
        },
    };
    let scenario = match find_scenario(&which.to_string_lossy(), library) {
        Ok(s) => Arc::new(s),
        Err(d) => {
            report(&d);
            return Err(1);
        }
    };
    match log::replay(&log, scenario, path) {
        Ok(s) => Ok((log, s)),
        Err(d) => {
            report(&[d]);
            Err(1)
        }
    }
}

fn replay(
    out: &mut dyn Write,
    library: &Path,
    path: &Path,
    scenario: Option<&Path>,
) -> io::Result<i32> {
    let (log, verified) = match open_log(library, path, scenario) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let fresh = Session::new(Arc::clone(verified.scenario()), log.seed);
    let session = player::render_log(out, &log, fresh)?;
    if !session.is_ended() {
        writeln!(
            out,
            "(The session stopped here after {} turns. Carry on with: attune resume {})",
            session.turns().len(),
            path.display()
        )?;
    }
    Ok(0)
}

fn resume(
    out: &mut dyn Write,
    library: &Path,
    path: &Path,
    scenario: Option<&Path>,
    show_scores: bool,
) -> io::Result<i32> {
    let (log, verified) = match open_log(library, path, scenario) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    if verified.is_ended() {
        eprintln!("This session has already ended; here is its transcript.");
        let fresh = Session::new(Arc::clone(verified.scenario()), log.seed);
        player::render_log(out, &log, fresh)?;
        return Ok(0);
    }
    let session = Session::new(Arc::clone(verified.scenario()), log.seed);
    player::render_header(
        out,
        session.scenario(),
        log.seed,
        log.learning_goal.as_deref(),
    )?;
    let script: VecDeque<LoggedTurn> = log.turns.iter().cloned().collect();
    // The logged turns are replayed through the engine; `SessionLog::sync`
    // appends only the turns that come after them.
    drive(out, session, log, path, show_scores, Some(script))
}

/// Read lines from any reader; exposed for tests of the play loop.
pub fn read_all_lines(r: impl BufRead) -> Vec<String> {
    r.lines().map_while(Result::ok).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Result<Args, String> {
        parse(&s.split_whitespace().map(String::from).collect::<Vec<_>>())
    }

    #[test]
    fn parses_play_with_options() {
        let a = args("play doctora --seed 7 --log-dir /tmp/x --scenarios lib").unwrap();
        assert_eq!(a.library, Some(PathBuf::from("lib")));
        match a.command {
            Command::Play {
                scenario,
                seed,
                log,
                ..
            } => {
                assert_eq!(scenario, "doctora");
                assert_eq!(seed, Some(7));
                assert_eq!(log, LogTarget::Dir("/tmp/x".into()));
            }
            other => panic!("parsed as {other:?}"),
        }
    }

    #[test]
    fn usage_errors_are_specific() {
        assert_eq!(
            args("frobnicate").unwrap_err(),
            "unknown command `frobnicate`"
        );
        assert_eq!(
            args("play").unwrap_err(),
            "`attune play` needs a scenario file or id"
        );
        assert!(
            args("play x --seed banana")
                .unwrap_err()
                .contains("`--seed`")
        );
        assert_eq!(
            args("list --seed 3").unwrap_err(),
            "`--seed` is not an option of `attune list`"
        );
        assert_eq!(
            args("check --format yaml").unwrap_err(),
            "unknown format `yaml` (use text or json)"
        );
        assert_eq!(
            args("play x --log a --log-dir b").unwrap_err(),
            "give `--log` or `--log-dir`, not both"
        );
    }

    #[test]
    fn check_defaults_and_json() {
        assert_eq!(
            args("check a.ron b --format=json").unwrap().command,
            Command::Check {
                paths: vec!["a.ron".into(), "b".into()],
                json: true
            }
        );
        assert_eq!(args("").unwrap().command, Command::Default);
        assert_eq!(args("list -h").unwrap().command, Command::Help);
    }
}
