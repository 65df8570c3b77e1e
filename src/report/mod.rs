//! Cohort reports: what a group of trainees did with the same scenarios.
//!
//! [`build`] reads every session log under some files and folders, checks
//! each one (its seal, then a replay against its scenario), and aggregates
//! the sessions that fit, scenario by scenario: endings, turns, the
//! attunement and ownership of the cohort by turn and by client turn, what
//! was chosen at every client turn, the paths taken, missteps later
//! repaired, silences and self-rated difficulty. Logs that cannot be read,
//! or no longer fit their scenario, are listed with the reason and left out;
//! they are never mixed in.
//!
//! Trainees are anonymised unless asked otherwise ([`ReportOptions::names`]):
//! each gets a letter in an order drawn from a digest of who they are, so
//! neither file order nor the alphabet gives them away. Their check-in notes
//! and learning goals are their own words and appear only with
//! [`ReportOptions::notes`].
//!
//! The [`Report`] is plain data (serialised as the `--json` output);
//! [`text`] and [`html`] render it.

pub mod classroom;
pub mod debrief;
pub mod html;
pub mod text;

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::diag::{Diagnostic, sanitize};
use crate::engine::Session;
use crate::log::{self, ScenarioFinder, SessionLog};
use crate::model::{Node, Scenario};

/// What to include and how.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// Only this scenario id.
    pub scenario: Option<String>,
    /// Show trainees' names instead of "Trainee A", "Trainee B", ...
    pub names: bool,
    /// Show check-in notes and learning goals.
    pub notes: bool,
}

/// A cohort report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The number of sessions read and included.
    pub sessions: usize,
    /// Whether trainees appear by name.
    pub names: bool,
    /// Whether check-in notes and learning goals are included.
    pub notes: bool,
    pub scenarios: Vec<ScenarioReport>,
    /// Logs that were read but do not fit their scenario, or whose scenario
    /// was not found.
    pub left_out: Vec<LeftOut>,
    /// Files that are not readable session logs.
    pub unreadable: Vec<Unreadable>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LeftOut {
    pub file: String,
    pub scenario: String,
    pub trainee: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Unreadable {
    pub file: String,
    pub code: String,
    pub reason: String,
}

/// Everything about one scenario's sessions.
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioReport {
    pub id: String,
    pub title: String,
    pub client: String,
    /// The node sessions start at.
    pub start: String,
    pub sessions: usize,
    pub finished: usize,
    pub unfinished: usize,
    /// Every ending of the scenario, reached or not, in file order.
    pub endings: Vec<EndingRow>,
    pub turns: TurnCounts,
    /// The cohort's scores at each turn position (1st turn, 2nd, ...).
    pub by_turn: Vec<PositionRow>,
    /// Every client turn, in file order, with what was chosen there.
    pub nodes: Vec<NodeRow>,
    /// Turns with attunement or ownership at 2 or below.
    pub missteps: usize,
    /// Of those, the ones a later turn owned (ownership 4 or more).
    pub repaired: usize,
    pub silences: usize,
    /// How many sessions gave each difficulty rating, 0 to 10.
    pub ratings: Vec<usize>,
    pub rated: usize,
    /// Every way from one node to another in the scenario, with how many
    /// sessions took it.
    pub paths: Vec<PathRow>,
    pub trainees: Vec<SessionRow>,
    /// The scenario the sessions were replayed on (for the classroom's
    /// what-if sessions).
    #[serde(skip)]
    pub scenario: Arc<Scenario>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EndingRow {
    pub id: String,
    pub kind: String,
    /// Its colour in charts, as in `attune graph`.
    #[serde(skip)]
    pub colour: &'static str,
    pub title: String,
    pub count: usize,
    pub share: f64,
}

#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct TurnCounts {
    pub min: usize,
    pub median: f64,
    pub max: usize,
}

/// Mean and spread of a set of scores.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Spread {
    pub n: usize,
    pub mean: f64,
    pub sd: f64,
    pub min: u8,
    pub max: u8,
}

impl Spread {
    fn of(values: &[u8]) -> Option<Spread> {
        if values.is_empty() {
            return None;
        }
        let n = values.len();
        let mean = values.iter().map(|&v| f64::from(v)).sum::<f64>() / n as f64;
        let var = values
            .iter()
            .map(|&v| (f64::from(v) - mean).powi(2))
            .sum::<f64>()
            / n as f64;
        Some(Spread {
            n,
            mean: round2(mean),
            sd: round2(var.sqrt()),
            min: *values.iter().min().expect("not empty"),
            max: *values.iter().max().expect("not empty"),
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PositionRow {
    pub turn: usize,
    pub sessions: usize,
    pub attunement: Option<Spread>,
    pub ownership: Option<Spread>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NodeRow {
    pub id: String,
    pub line: String,
    pub marker: Option<String>,
    /// Sessions that answered this turn at least once.
    pub reached: usize,
    /// Times it was answered (a session may come back to a turn).
    pub answered: usize,
    pub attunement: Option<Spread>,
    pub ownership: Option<Spread>,
    pub options: Vec<OptionRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OptionRow {
    pub id: String,
    pub label: String,
    pub says: String,
    pub strategy: String,
    pub attunement: u8,
    pub ownership: Option<u8>,
    pub rationale: String,
    /// "A matter of scope: ...", when the option raises one.
    pub concern: Option<String>,
    pub chosen: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct PathRow {
    pub from: String,
    pub option: String,
    pub to: String,
    pub count: usize,
}

/// One session, as the cohort table shows it.
#[derive(Debug, Clone, Serialize)]
pub struct SessionRow {
    pub trainee: String,
    pub file: String,
    pub ending: Option<String>,
    pub ending_kind: Option<String>,
    pub turns: usize,
    pub attunement: Option<f32>,
    pub ownership: Option<f32>,
    pub missteps: usize,
    pub repaired: usize,
    pub rating: Option<u8>,
    /// Only with [`ReportOptions::notes`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goal: Option<String>,
    /// Check-in notes by turn, only with [`ReportOptions::notes`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<(usize, String)>,
    /// What the trainee would say, in their own words, at the turns of a
    /// say-first session, with the option then chosen; only with
    /// [`ReportOptions::notes`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub own_words: Vec<OwnWords>,
    /// The session's seed, to play it again (not in the JSON output).
    #[serde(skip)]
    pub seed: u64,
    /// The turns taken, in order (not in the JSON output).
    #[serde(skip)]
    pub path: Vec<Step>,
}

/// A trainee's own words at one turn, beside the option they then chose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OwnWords {
    pub turn: usize,
    pub words: String,
    /// The label of the option chosen.
    pub chose: String,
}

/// One turn of a session's path: the client turn answered and the option
/// chosen there, by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub node: String,
    pub option: String,
}

/// Every `.ron` file under `paths` (folders searched recursively), sorted,
/// and the paths that could not be read.
pub fn log_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Unreadable>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut pending: Vec<PathBuf> = paths.to_vec();
    // Folders already searched, so a symlinked loop is searched once.
    let mut seen = std::collections::HashSet::new();
    while let Some(p) = pending.pop() {
        match fs::metadata(&p) {
            Err(e) => problems.push(Unreadable {
                file: shown(&p),
                code: "io".into(),
                reason: e.to_string(),
            }),
            Ok(m) if m.is_dir() => {
                let key = fs::canonicalize(&p).unwrap_or_else(|_| p.clone());
                if !seen.insert(key) {
                    continue;
                }
                match fs::read_dir(&p) {
                    Err(e) => problems.push(Unreadable {
                        file: shown(&p),
                        code: "io".into(),
                        reason: e.to_string(),
                    }),
                    Ok(entries) => {
                        for e in entries.filter_map(Result::ok) {
                            let path = e.path();
                            if path.is_dir() {
                                pending.push(path);
                            } else if path.extension().is_some_and(|x| x == "ron") {
                                files.push(path);
                            }
                        }
                    }
                }
            }
            Ok(_) => files.push(p),
        }
    }
    files.sort();
    files.dedup();
    (files, problems)
}

/// A session that replayed on its scenario.
struct Played {
    file: PathBuf,
    log: SessionLog,
    session: Session,
}

/// Read, check and aggregate every log under `paths`. `progress` is called
/// with the number of logs just read.
pub fn build(
    paths: &[PathBuf],
    library: &[PathBuf],
    opts: &ReportOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Report {
    let (files, mut unreadable) = log_files(paths);
    let read: Vec<(PathBuf, Result<SessionLog, Diagnostic>)> = files
        .into_par_iter()
        .map(|f| {
            let log = SessionLog::load(&f);
            progress(1);
            (f, log)
        })
        .collect();
    let mut finder = ScenarioFinder::new(library);
    let mut jobs: Vec<(PathBuf, SessionLog, Result<Arc<Scenario>, Diagnostic>)> = Vec::new();
    for (file, log) in read {
        match log {
            Err(d) => unreadable.push(Unreadable {
                file: shown(&file),
                code: d.code.as_str().into(),
                reason: sanitize(&d.message),
            }),
            Ok(log) => {
                if opts.scenario.as_ref().is_some_and(|s| *s != log.scenario) {
                    continue;
                }
                let scenario = finder.find(&log, &file);
                jobs.push((file, log, scenario));
            }
        }
    }
    let outcomes: Vec<Result<Played, (PathBuf, SessionLog, String)>> = jobs
        .into_par_iter()
        .map(|(file, log, scenario)| {
            let scenario = match scenario {
                Ok(s) => s,
                Err(d) => return Err((file, log, d.message)),
            };
            match log::replay(&log, scenario, &file) {
                Ok(session) => Ok(Played { file, log, session }),
                Err(d) => Err((file, log, d.message)),
            }
        })
        .collect();
    let mut played = Vec::new();
    let mut rejected = Vec::new();
    for o in outcomes {
        match o {
            Ok(p) => played.push(p),
            Err(r) => rejected.push(r),
        }
    }
    let labels = trainee_labels(
        played
            .iter()
            .map(|p| (&p.log, p.file.as_path()))
            .chain(rejected.iter().map(|(f, l, _)| (l, f.as_path()))),
        opts.names,
    );
    let left_out = rejected
        .into_iter()
        .map(|(file, log, reason)| LeftOut {
            trainee: labels[&identity(&log, &file)].clone(),
            file: shown(&file),
            scenario: sanitize(&log.scenario),
            reason: sanitize(&reason),
        })
        .collect();
    let mut by_scenario: BTreeMap<String, Vec<Played>> = BTreeMap::new();
    for p in played {
        by_scenario
            .entry(p.session.scenario().id.clone())
            .or_default()
            .push(p);
    }
    let sessions = by_scenario.values().map(Vec::len).sum();
    let scenarios = by_scenario
        .into_values()
        .map(|group| scenario_report(&group, &labels, opts))
        .collect();
    Report {
        sessions,
        names: opts.names,
        notes: opts.notes,
        scenarios,
        left_out,
        unreadable,
    }
}

/// Who a log belongs to: the trainee's name, or for an unnamed log its file.
fn identity(log: &SessionLog, file: &Path) -> String {
    match &log.trainee {
        Some(name) if !name.trim().is_empty() => format!("name:{}", name.trim()),
        _ => format!("file:{}", file.display()),
    }
}

/// A label for every identity: names (with `names`), or "Trainee A", "B",
/// ... in the order of a digest of the identity.
fn trainee_labels<'a>(
    logs: impl Iterator<Item = (&'a SessionLog, &'a Path)>,
    names: bool,
) -> HashMap<String, String> {
    let mut ids: Vec<(String, String)> = logs
        .map(|(log, file)| {
            let shown_name = match &log.trainee {
                Some(n) if !n.trim().is_empty() => sanitize(n.trim()),
                _ => format!(
                    "(no name) {}",
                    sanitize(
                        &file
                            .file_name()
                            .map(|f| f.to_string_lossy().into_owned())
                            .unwrap_or_default()
                    )
                ),
            };
            (identity(log, file), shown_name)
        })
        .collect();
    ids.sort_by_cached_key(|(id, _)| Sha256::digest(id.as_bytes()));
    ids.dedup_by(|a, b| a.0 == b.0);
    ids.into_iter()
        .enumerate()
        .map(|(i, (id, name))| {
            let label = if names {
                name
            } else {
                format!("Trainee {}", letters(i))
            };
            (id, label)
        })
        .collect()
}

/// 0 -> A, 25 -> Z, 26 -> AA, ...
fn letters(mut i: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII letters")
}

/// The trainee's own words at each turn that has them, with the label of
/// the option chosen there.
fn own_words(s: &Scenario, session: &Session) -> Vec<OwnWords> {
    session
        .turns()
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            Some(OwnWords {
                turn: i + 1,
                words: sanitize(t.own_words.as_deref()?),
                chose: sanitize(&t.choice(s).label),
            })
        })
        .collect()
}

fn scenario_report(
    group: &[Played],
    labels: &HashMap<String, String>,
    opts: &ReportOptions,
) -> ScenarioReport {
    let s_arc = group[0].session.scenario();
    let s: &Scenario = s_arc;
    let finished = group.iter().filter(|p| p.session.is_ended()).count();
    let mut ending_counts: HashMap<&str, usize> = HashMap::new();
    let mut turn_counts: Vec<usize> = Vec::new();
    let mut by_position: Vec<(Vec<u8>, Vec<u8>, usize)> = Vec::new();
    let mut node_scores: HashMap<&str, (Vec<u8>, Vec<u8>)> = HashMap::new();
    let mut node_reached: HashMap<&str, usize> = HashMap::new();
    let mut chosen: HashMap<(&str, &str), usize> = HashMap::new();
    let mut edges: HashMap<(&str, &str, &str), usize> = HashMap::new();
    let (mut missteps, mut repaired, mut silences) = (0, 0, 0);
    let mut ratings = vec![0usize; usize::from(log::MAX_RATING) + 1];
    let mut rows = Vec::new();
    for p in group {
        let session = &p.session;
        let profile = session.profile();
        if let Node::Ending(e) = session.current_node() {
            *ending_counts.entry(e.id.as_str()).or_default() += 1;
        }
        turn_counts.push(session.turns().len());
        let mut seen_here = std::collections::HashSet::new();
        for (i, (t, score)) in session.turns().iter().zip(&profile.turns).enumerate() {
            if by_position.len() <= i {
                by_position.push((Vec::new(), Vec::new(), 0));
            }
            let slot = &mut by_position[i];
            slot.0.push(score.attunement);
            slot.1.extend(score.ownership);
            slot.2 += 1;
            let node = t.node_id(s);
            let entry = node_scores.entry(node).or_default();
            entry.0.push(score.attunement);
            entry.1.extend(score.ownership);
            if seen_here.insert(node) {
                *node_reached.entry(node).or_default() += 1;
            }
            let option = t.option_id(s);
            *chosen.entry((node, option)).or_default() += 1;
            let to = t.reaction_id(s);
            *edges.entry((node, option, to)).or_default() += 1;
        }
        missteps += profile.missteps.len();
        repaired += profile.repairs.len();
        silences += profile.silences;
        if let Some(r) = p.log.difficulty_rating {
            ratings[usize::from(r.min(log::MAX_RATING))] += 1;
        }
        let ending = match session.current_node() {
            Node::Ending(e) => Some(e),
            Node::Turn(_) => None,
        };
        rows.push(SessionRow {
            trainee: labels[&identity(&p.log, &p.file)].clone(),
            file: shown(&p.file),
            ending: ending.map(|e| sanitize(&e.title)),
            ending_kind: ending.map(|e| e.kind.label().to_owned()),
            turns: session.turns().len(),
            attunement: profile.attunement.mean,
            ownership: profile.ownership.mean,
            missteps: profile.missteps.len(),
            repaired: profile.repairs.len(),
            rating: p.log.difficulty_rating,
            goal: opts
                .notes
                .then(|| p.log.learning_goal.as_deref().map(sanitize))
                .flatten(),
            notes: if opts.notes {
                session
                    .turns()
                    .iter()
                    .enumerate()
                    .filter_map(|(i, t)| t.inner_note.as_deref().map(|n| (i + 1, sanitize(n))))
                    .collect()
            } else {
                Vec::new()
            },
            own_words: if opts.notes {
                own_words(s, session)
            } else {
                Vec::new()
            },
            seed: session.seed(),
            path: session
                .turns()
                .iter()
                .map(|t| Step {
                    node: t.node_id(s).to_owned(),
                    option: t.option_id(s).to_owned(),
                })
                .collect(),
        });
    }
    rows.sort_by(|a, b| label_order(&a.trainee, &b.trainee).then_with(|| a.file.cmp(&b.file)));
    let sessions = group.len();
    let endings = s
        .endings()
        .map(|e| {
            let count = ending_counts.get(e.id.as_str()).copied().unwrap_or(0);
            EndingRow {
                id: e.id.clone(),
                kind: e.kind.label().to_owned(),
                colour: crate::graph::ending_colour(e.kind),
                title: sanitize(&e.title),
                count,
                share: round2(count as f64 / sessions as f64),
            }
        })
        .collect();
    let nodes = s
        .turns()
        .map(|t| {
            let (att, own) = node_scores.get(t.id.as_str()).cloned().unwrap_or_default();
            NodeRow {
                id: t.id.clone(),
                line: sanitize(&t.line),
                marker: t.marker.as_ref().map(|m| m.kind.label().to_owned()),
                reached: node_reached.get(t.id.as_str()).copied().unwrap_or(0),
                answered: att.len(),
                attunement: Spread::of(&att),
                ownership: Spread::of(&own),
                options: t
                    .options
                    .iter()
                    .map(|o| OptionRow {
                        id: o.id.clone(),
                        label: sanitize(&o.label),
                        says: sanitize(&o.says),
                        strategy: o.strategy.label().to_owned(),
                        attunement: o.attunement,
                        ownership: o.ownership,
                        rationale: sanitize(&o.rationale),
                        concern: o.concern.as_ref().map(|c| {
                            sanitize(&format!("A matter of {}: {}", c.kind.label(), c.note))
                        }),
                        chosen: chosen
                            .get(&(t.id.as_str(), o.id.as_str()))
                            .copied()
                            .unwrap_or(0),
                    })
                    .collect(),
            }
        })
        .collect();
    let mut paths = Vec::new();
    for t in s.turns() {
        for o in &t.options {
            let mut targets = o.next.targets();
            targets.sort_unstable();
            targets.dedup();
            for target in targets {
                let to = s.node(target).id();
                paths.push(PathRow {
                    from: t.id.clone(),
                    option: o.id.clone(),
                    to: to.to_owned(),
                    count: edges
                        .get(&(t.id.as_str(), o.id.as_str(), to))
                        .copied()
                        .unwrap_or(0),
                });
            }
        }
    }
    ScenarioReport {
        id: s.id.clone(),
        title: sanitize(&s.title),
        client: sanitize(&s.client.name),
        start: s.node(s.start).id().to_owned(),
        sessions,
        finished,
        unfinished: sessions - finished,
        endings,
        turns: turn_counts_of(&mut turn_counts),
        by_turn: by_position
            .into_iter()
            .enumerate()
            .map(|(i, (att, own, n))| PositionRow {
                turn: i + 1,
                sessions: n,
                attunement: Spread::of(&att),
                ownership: Spread::of(&own),
            })
            .collect(),
        nodes,
        missteps,
        repaired,
        silences,
        rated: ratings.iter().sum(),
        ratings,
        paths,
        trainees: rows,
        scenario: Arc::clone(s_arc),
    }
}

/// "Trainee B" before "Trainee AA"; names in plain order.
fn label_order(a: &str, b: &str) -> std::cmp::Ordering {
    (a.len(), a).cmp(&(b.len(), b))
}

fn turn_counts_of(counts: &mut [usize]) -> TurnCounts {
    if counts.is_empty() {
        return TurnCounts::default();
    }
    counts.sort_unstable();
    let n = counts.len();
    let median = if n % 2 == 1 {
        counts[n / 2] as f64
    } else {
        (counts[n / 2 - 1] + counts[n / 2]) as f64 / 2.0
    };
    TurnCounts {
        min: counts[0],
        median,
        max: counts[n - 1],
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn shown(p: &Path) -> String {
    sanitize(&p.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_count_like_spreadsheet_columns() {
        assert_eq!(letters(0), "A");
        assert_eq!(letters(25), "Z");
        assert_eq!(letters(26), "AA");
        assert_eq!(letters(27), "AB");
        assert_eq!(letters(26 + 26 * 26), "AAA");
    }

    #[test]
    fn spread_of_scores() {
        let s = Spread::of(&[1, 3, 5]).unwrap();
        assert_eq!((s.n, s.mean, s.min, s.max), (3, 3.0, 1, 5));
        assert!((s.sd - 1.63).abs() < 0.01, "{}", s.sd);
        assert!(Spread::of(&[]).is_none());
    }

    #[test]
    fn median_of_an_even_count_is_the_middle_pair() {
        let t = turn_counts_of(&mut [7, 3, 5, 9]);
        assert_eq!((t.min, t.median, t.max), (3, 6.0, 9));
    }

    #[test]
    fn labels_do_not_follow_names_or_files() {
        let scenario = crate::load::load_file(Path::new("tests/fixtures/mini.ron"))
            .scenario
            .unwrap();
        let names = ["Ana", "Ben", "Cleo", "Dev", "Eli", "Fay"];
        let logs: Vec<(SessionLog, PathBuf)> = names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let mut l = SessionLog::start(&scenario, i as u64, None);
                l.trainee = Some((*n).into());
                (l, PathBuf::from(format!("{i}.ron")))
            })
            .collect();
        let labels = trainee_labels(logs.iter().map(|(l, f)| (l, f.as_path())), false);
        let in_name_order: Vec<&str> = names
            .iter()
            .map(|n| labels[&format!("name:{n}")].as_str())
            .collect();
        let mut sorted = in_name_order.clone();
        sorted.sort();
        assert_eq!(sorted.len(), 6);
        assert_ne!(in_name_order, sorted, "labels follow the names' order");
        // The same name twice is one trainee.
        let again = trainee_labels(
            logs.iter()
                .chain(logs.iter())
                .map(|(l, f)| (l, f.as_path())),
            false,
        );
        assert_eq!(again.len(), 6);
        let named = trainee_labels(logs.iter().map(|(l, f)| (l, f.as_path())), true);
        assert_eq!(named["name:Cleo"], "Cleo");
    }
}
