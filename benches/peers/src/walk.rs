//! Seeded random walks, the same for every engine, and the check that each
//! engine's walks keep to the scenario's rules.

use std::collections::BTreeMap;

use crate::content::{Content, MAX_STEPS, Next, NodeKind};

/// An engine that can play the shipped scenarios.
pub trait Engine {
    fn name(&self) -> &'static str;

    /// Play walk `seed` of scenario `scenario` (an index into the library)
    /// to its end or [`MAX_STEPS`] choices, reading everything the engine
    /// says on the way as a player would. Returns the number of choices.
    fn walk(&mut self, scenario: usize, seed: u64) -> u32;

    /// The same walk, recorded for the equivalence check.
    fn trace(&mut self, scenario: usize, seed: u64) -> Trace;
}

/// One choice of a walk.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The Attune id of the node the choice was made at.
    pub node: String,
    /// Client state on entering it, as the engine holds it.
    pub state: BTreeMap<String, i32>,
    /// Everything the engine said on entering it, joined.
    pub text: String,
    /// Labels of the options offered, in the order they are written.
    pub offered: Vec<String>,
    pub chosen: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    pub steps: Vec<Step>,
    /// The node the walk stopped at, and the state there.
    pub end: String,
    pub end_state: BTreeMap<String, i32>,
    pub end_text: String,
}

impl Trace {
    /// The nodes visited, in order.
    pub fn path(&self) -> Vec<&str> {
        self.steps
            .iter()
            .map(|s| s.node.as_str())
            .chain([self.end.as_str()])
            .collect()
    }
}

/// Whether `trace` is a walk the scenario's rules allow: it starts at the
/// start with the initial state; each node says its text; the options
/// offered are exactly those whose condition holds; a choice's effects are
/// added to the state; its reaction leads to a node its branch can draw in
/// the state after the effects; and the walk stops at an ending (or after
/// [`MAX_STEPS`] choices). Returns the first way it does not.
pub fn check(c: &Content, trace: &Trace) -> Result<(), String> {
    let mut expect_node = c.start.clone();
    let mut expect_state = c.state.clone();
    for (i, step) in trace.steps.iter().enumerate() {
        let at = format!("{}, step {i} at `{}`", c.id, step.node);
        if step.node != expect_node {
            return Err(format!("{at}: expected node `{expect_node}`"));
        }
        if step.state != expect_state {
            return Err(format!(
                "{at}: state {:?}, expected {expect_state:?}",
                step.state
            ));
        }
        let Some(NodeKind::Turn(turn)) = c.node(&step.node).map(|n| &n.kind) else {
            return Err(format!("{at}: a choice at a node that is not a turn"));
        };
        if !step.text.contains(turn.line.as_str()) {
            return Err(format!(
                "{at}: the client's line is missing from {:?}",
                step.text
            ));
        }
        let offered: Vec<&str> = turn
            .options
            .iter()
            .filter(|o| o.when.holds(&step.state))
            .map(|o| o.label.as_str())
            .collect();
        if step.offered != offered {
            return Err(format!(
                "{at}: offered {:?}, expected {offered:?}",
                step.offered
            ));
        }
        let Some(opt) = turn.options.iter().find(|o| o.label == step.chosen) else {
            return Err(format!(
                "{at}: chose `{}`, which is not an option",
                step.chosen
            ));
        };
        for (var, delta) in &opt.effects {
            *expect_state.entry(var.clone()).or_insert(0) += delta;
        }
        let next = trace
            .steps
            .get(i + 1)
            .map_or(trace.end.as_str(), |s| s.node.as_str());
        let possible: Vec<&str> = match &opt.next {
            Next::Node(n) => vec![n.as_str()],
            Next::Branch(alts) => {
                let open: Vec<_> = alts
                    .iter()
                    .filter(|a| a.when.holds(&expect_state))
                    .collect();
                let drawn: Vec<&str> = open
                    .iter()
                    .filter(|a| a.weight > 0)
                    .map(|a| a.to.as_str())
                    .collect();
                if drawn.is_empty() {
                    vec![open.last().map_or(alts[0].to.as_str(), |a| a.to.as_str())]
                } else {
                    drawn
                }
            }
        };
        if !possible.contains(&next) {
            return Err(format!(
                "{at}: `{}` led to `{next}`; it can lead to {possible:?}",
                opt.id
            ));
        }
        expect_node = next.to_owned();
    }
    if trace.end != expect_node {
        return Err(format!(
            "{}: ended at `{}`, expected `{expect_node}`",
            c.id, trace.end
        ));
    }
    if trace.end_state != expect_state {
        return Err(format!(
            "{}: final state {:?}, expected {expect_state:?}",
            c.id, trace.end_state
        ));
    }
    match c.node(&trace.end).map(|n| &n.kind) {
        Some(NodeKind::Ending(e)) => {
            if !trace.end_text.contains(e.title.as_str()) {
                return Err(format!(
                    "{}: the ending's title is missing from {:?}",
                    c.id, trace.end_text
                ));
            }
            Ok(())
        }
        _ if trace.steps.len() as u32 >= MAX_STEPS => Ok(()),
        _ => Err(format!(
            "{}: stopped at `{}`, which is not an ending",
            c.id, trace.end
        )),
    }
}

/// How many leading choices two walks share (the same node, options and
/// choice); walks of one seed agree until a weighted branch draws
/// differently, since each engine draws with its own generator.
pub fn shared_prefix(a: &Trace, b: &Trace) -> usize {
    a.steps
        .iter()
        .zip(&b.steps)
        .take_while(|(x, y)| x.node == y.node && x.offered == y.offered && x.chosen == y.chosen)
        .count()
}

/// What [`check_all`] found: per engine, the choices its walks made and
/// how many walks took exactly the first engine's path.
pub struct Checked {
    pub walks: u64,
    pub choices: Vec<u64>,
    pub same_path: Vec<u64>,
    /// The most choices any walk made.
    pub longest: usize,
}

/// Replay `walks` walks of every scenario in every engine and [`check`]
/// each. A seed's walk must also make the same choices in every engine as
/// in the first until a weighted branch draws differently (each engine
/// draws with its own generator).
pub fn check_all(
    library: &[Content],
    engines: &mut [Box<dyn Engine>],
    walks: u64,
) -> Result<Checked, String> {
    let mut out = Checked {
        walks: walks * library.len() as u64,
        choices: vec![0; engines.len()],
        same_path: vec![0; engines.len()],
        longest: 0,
    };
    for (i, c) in library.iter().enumerate() {
        for seed in 0..walks {
            let reference = engines[0].trace(i, seed);
            for (k, e) in engines.iter_mut().enumerate() {
                let t = if k == 0 {
                    reference.clone()
                } else {
                    e.trace(i, seed)
                };
                check(c, &t).map_err(|m| format!("{}: {m}", e.name()))?;
                out.choices[k] += t.steps.len() as u64;
                out.longest = out.longest.max(t.steps.len());
                let shared = shared_prefix(&reference, &t);
                if shared == t.steps.len() && t.path() == reference.path() {
                    out.same_path[k] += 1;
                } else if !branched_before(c, &reference, shared) {
                    return Err(format!(
                        "{}: {}, seed {seed}: the walk parts from the first engine's at \
                         step {shared}, which does not follow a weighted branch",
                        e.name(),
                        c.id
                    ));
                }
            }
        }
    }
    Ok(out)
}

/// Whether the choice just before `step` of `t` went through a weighted
/// branch.
fn branched_before(c: &Content, t: &Trace, step: usize) -> bool {
    let Some(prev) = step.checked_sub(1).and_then(|s| t.steps.get(s)) else {
        return false;
    };
    let Some(NodeKind::Turn(turn)) = c.node(&prev.node).map(|n| &n.kind) else {
        return false;
    };
    turn.options
        .iter()
        .any(|o| o.label == prev.chosen && matches!(o.next, Next::Branch(_)))
}
