//! The classroom's walk through a scenario, over a cohort report: which
//! client turns to stop at and in what order, for the whole group or for
//! one session ([`walk`]); what the client says there and what could be
//! said back ([`moment`]); how the group or the session answered
//! ([`answers`]); and a live session branched at any stop, to try another
//! road ([`branch`]). Plain data; the app's classroom screen shows it.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::ScenarioReport;
use crate::engine::Session;
use crate::format::Affect;
use crate::model::{Node, Scenario};

/// Whose answers the classroom shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Whose {
    /// Every session of the scenario.
    #[default]
    Group,
    /// One session, by its index in [`ScenarioReport::trainees`].
    Session(usize),
}

impl Whose {
    /// "The whole group (8 sessions)", or the session's label ("Trainee C").
    pub fn label(self, r: &ScenarioReport) -> String {
        match self {
            Whose::Group => format!(
                "The whole group ({} {})",
                r.sessions,
                if r.sessions == 1 {
                    "session"
                } else {
                    "sessions"
                }
            ),
            Whose::Session(i) => r
                .trainees
                .get(i)
                .map(|t| t.trainee.clone())
                .unwrap_or_default(),
        }
    }
}

/// One stop of the walk: a client turn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stop {
    /// The client turn, by id.
    pub node: String,
    /// Where a what-if branches from: this session (by its index in
    /// [`ScenarioReport::trainees`]) after this many of its turns. `None`
    /// when no session reached the turn.
    pub from: Option<(usize, usize)>,
    /// In one session's walk, the option it chose here.
    pub chosen: Option<String>,
}

/// The stops of a walk. One session's walk follows its recorded path, turn
/// by turn; the group's visits every client turn some session answered,
/// in the order most sessions met them ([`group_order`]).
pub fn walk(r: &ScenarioReport, whose: Whose) -> Vec<Stop> {
    match whose {
        Whose::Session(i) => r
            .trainees
            .get(i)
            .map(|t| {
                t.path
                    .iter()
                    .enumerate()
                    .map(|(k, step)| Stop {
                        node: step.node.clone(),
                        from: Some((i, k)),
                        chosen: Some(step.option.clone()),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        Whose::Group => group_order(r)
            .into_iter()
            .map(|node| Stop {
                from: first_visit(r, node),
                node: node.to_owned(),
                chosen: None,
            })
            .collect(),
    }
}

/// The client turns the group answered, in the order most sessions met
/// them: by the median position of each turn's first visit in a session,
/// then in file order.
pub fn group_order(r: &ScenarioReport) -> Vec<&str> {
    let mut firsts: HashMap<&str, Vec<usize>> = HashMap::new();
    for t in &r.trainees {
        let mut seen = HashSet::new();
        for (k, step) in t.path.iter().enumerate() {
            if seen.insert(step.node.as_str()) {
                firsts.entry(step.node.as_str()).or_default().push(k);
            }
        }
    }
    let mut order: Vec<(usize, usize, &str)> = r
        .nodes
        .iter()
        .enumerate()
        .filter_map(|(file, n)| {
            let mut at = firsts.get(n.id.as_str())?.clone();
            at.sort_unstable();
            Some((at[(at.len() - 1) / 2], file, n.id.as_str()))
        })
        .collect();
    order.sort_unstable();
    order.into_iter().map(|(_, _, id)| id).collect()
}

/// The first session (in the report's order) that reached `node`, and how
/// many turns it had taken before.
fn first_visit(r: &ScenarioReport, node: &str) -> Option<(usize, usize)> {
    r.trainees.iter().enumerate().find_map(|(i, t)| {
        t.path
            .iter()
            .position(|step| step.node == node)
            .map(|k| (i, k))
    })
}

/// A client turn as the classroom shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moment {
    pub node: String,
    pub line: String,
    pub cue: String,
    pub affect: Affect,
    /// The kind of rupture marker, if the turn has one ("withdrawal: ...").
    pub marker: Option<String>,
    /// Every option of the turn, in the scenario's order.
    pub options: Vec<MomentOption>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MomentOption {
    /// 1-based, in the scenario's order (the classroom's numbering, the
    /// same for every session).
    pub number: usize,
    pub id: String,
    pub label: String,
    pub says: String,
    pub strategy: String,
    pub attunement: u8,
    pub ownership: Option<u8>,
    pub rationale: String,
    /// "A matter of scope: ...", when the option raises one.
    pub concern: Option<String>,
}

impl MomentOption {
    /// "attunement 4 · ownership not at stake"
    pub fn scores(&self) -> String {
        let own = self
            .ownership
            .map_or("not at stake".to_owned(), |o| o.to_string());
        format!("attunement {} · ownership {own}", self.attunement)
    }
}

/// The client turn `node` of `scenario`; `None` if it is not a client turn.
pub fn moment(scenario: &Scenario, node: &str) -> Option<Moment> {
    let Node::Turn(t) = scenario.node(scenario.node_index(node)?) else {
        return None;
    };
    Some(Moment {
        node: t.id.clone(),
        line: t.line.clone(),
        cue: t.cue.clone(),
        affect: t.affect,
        marker: t.marker.as_ref().map(|m| m.kind.label().to_owned()),
        options: t
            .options
            .iter()
            .enumerate()
            .map(|(i, c)| MomentOption {
                number: i + 1,
                id: c.id.clone(),
                label: c.label.clone(),
                says: c.says.clone(),
                strategy: c.strategy.label().to_owned(),
                attunement: c.attunement,
                ownership: c.ownership,
                rationale: c.rationale.clone(),
                concern: c
                    .concern
                    .as_ref()
                    .map(|k| format!("A matter of {}: {}", k.kind.label(), k.note)),
            })
            .collect(),
    })
}

/// How `whose` answered at `stop`: a count for every option of the turn,
/// in the scenario's order. The group's counts are every answer given
/// there (a session that came back to a turn counts each time); one
/// session's are its answer at this stop.
pub fn answers(r: &ScenarioReport, whose: Whose, stop: &Stop) -> Vec<usize> {
    let Some(node) = r.nodes.iter().find(|n| n.id == stop.node) else {
        return Vec::new();
    };
    match whose {
        Whose::Group => node.options.iter().map(|o| o.chosen).collect(),
        Whose::Session(_) => node
            .options
            .iter()
            .map(|o| usize::from(stop.chosen.as_deref() == Some(o.id.as_str())))
            .collect(),
    }
}

/// A live session at `stop`, ready for another choice. The session the
/// stop comes from is played again with its own seed up to that turn, so
/// the client's state and every draw to come are the ones it had; a turn
/// no session reached is started on its own, with the scenario's initial
/// state.
pub fn branch(r: &ScenarioReport, stop: &Stop) -> Session {
    let scenario: Arc<Scenario> = Arc::clone(&r.scenario);
    if let Some((i, k)) = stop.from
        && let Some(row) = r.trainees.get(i)
    {
        let mut s = Session::new(Arc::clone(&scenario), row.seed);
        let replayed = row
            .path
            .iter()
            .take(k)
            .all(|step| s.choose(&step.option, 0).is_ok());
        if replayed && s.current_turn().is_some_and(|t| t.id == stop.node) {
            return s;
        }
    }
    let node = scenario.node_index(&stop.node).unwrap_or(scenario.start);
    Session::starting_at(scenario, 0, node)
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::log::SessionLog;
    use crate::report::{ReportOptions, build};

    /// Logs of `mini` played with these option ids, one session each.
    fn cohort(paths: &[&[&str]]) -> (tempfile::TempDir, ScenarioReport) {
        let dir = tempfile::tempdir().unwrap();
        let scenario = Arc::new(
            crate::load::load_file(Path::new("tests/fixtures/mini.ron"))
                .scenario
                .unwrap(),
        );
        for (i, path) in paths.iter().enumerate() {
            let seed = i as u64 + 1;
            let mut session = Session::new(Arc::clone(&scenario), seed);
            for option in *path {
                session.choose(option, 100).unwrap();
            }
            let mut log = SessionLog::start(&scenario, seed, None);
            log.trainee = Some(format!("T{i}"));
            log.sync(&session);
            log.save(&dir.path().join(format!("s{i}.ron"))).unwrap();
        }
        let report = build(
            &[dir.path().to_path_buf()],
            &[PathBuf::from("tests/fixtures/mini.ron")],
            &ReportOptions::default(),
            &|_| {},
        );
        assert!(report.left_out.is_empty(), "{:?}", report.left_out);
        let r = report.scenarios.into_iter().next().unwrap();
        (dir, r)
    }

    #[test]
    fn one_session_is_walked_along_its_path() {
        let (_dir, r) = cohort(&[&["agenda", "own-it"], &["agenda", "reassure"]]);
        let i = r.trainees.iter().position(|t| t.path.len() == 2).unwrap();
        let stops = walk(&r, Whose::Session(i));
        let nodes: Vec<&str> = stops.iter().map(|s| s.node.as_str()).collect();
        assert_eq!(nodes, ["quiet", "shrug"]);
        assert_eq!(stops[0].chosen.as_deref(), Some("agenda"));
        let counts = answers(&r, Whose::Session(i), &stops[0]);
        assert_eq!(counts.iter().sum::<usize>(), 1);
    }

    #[test]
    fn the_group_walks_turns_in_the_order_most_met_them() {
        let (_dir, r) = cohort(&[
            &["agenda", "own-it", "stay"],
            &["agenda", "reassure"],
            &["agenda", "press"],
        ]);
        assert_eq!(group_order(&r), ["quiet", "shrug", "opens"]);
        let stops = walk(&r, Whose::Group);
        assert_eq!(stops.len(), 3);
        // Everyone chose `agenda` at the first turn.
        let m = moment(&r.scenario, &stops[0].node).unwrap();
        let counts = answers(&r, Whose::Group, &stops[0]);
        let agenda = m.options.iter().position(|o| o.id == "agenda").unwrap();
        assert_eq!(counts[agenda], 3);
        assert_eq!(counts.iter().sum::<usize>(), 3);
        assert_eq!(Whose::Group.label(&r), "The whole group (3 sessions)");
    }

    #[test]
    fn a_branch_is_the_session_at_that_turn_ready_for_another_road() {
        let (_dir, r) = cohort(&[&["agenda", "reassure"]]);
        let stops = walk(&r, Whose::Session(0));
        let mut s = branch(&r, &stops[1]);
        assert_eq!(s.current_turn().unwrap().id, "shrug");
        assert_eq!(s.turns().len(), 1);
        // The road not taken there leads somewhere else.
        s.choose("own-it", 0).unwrap();
        assert_eq!(s.current_turn().unwrap().id, "opens");
        // A turn nobody reached starts on its own.
        let lone = Stop {
            node: "opens".into(),
            from: None,
            chosen: None,
        };
        assert_eq!(branch(&r, &lone).current_turn().unwrap().id, "opens");
    }
}
