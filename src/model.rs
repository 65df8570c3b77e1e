//! The validated scenario: ids resolved to indices, conditions parsed,
//! scores in range, every node reachable and able to end.
//!
//! [`validate`] (in [`crate::validate`]) converts a [`ScenarioFile`] and
//! reports every problem it finds, not just the first. Code downstream of
//! this module (engine, scoring, logs) may rely on the invariants and never
//! re-checks them.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use crate::condition::Condition;
use crate::format::{
    Affect, CheckIn, Client, Difficulty, EndingKind, Marker, OptionKind, RuptureKind, ScenarioFile,
    Strategy,
};

pub use crate::validate::validate;

/// The smallest value a client-state variable can hold. `check` rejects
/// an initial value or an effect amount below it, and the engine never
/// lets a value go below it however often effects add up (so no
/// arithmetic can overflow).
pub const STATE_MIN: i32 = -1_000_000;

/// The largest value a client-state variable can hold; see [`STATE_MIN`].
pub const STATE_MAX: i32 = 1_000_000;

/// The most suggestions a check-in can offer: they are picked by the
/// letters `a` to `z`.
pub const MAX_SUGGESTIONS: usize = 26;

/// A scenario ready to play.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub id: String,
    pub title: String,
    pub premise: String,
    pub difficulty: Difficulty,
    pub ruptures: Vec<RuptureKind>,
    pub pattern: String,
    pub client: Client,
    pub setting: String,
    /// The client-state variables declared in `state`, in name order: a
    /// variable's index here is where its value sits in a session's state
    /// (see [`Scenario::state_of`]), and what conditions and effects
    /// refer to it by.
    pub vars: Vec<String>,
    /// The starting value of each variable, by index.
    pub initial: Vec<i32>,
    pub start: usize,
    pub nodes: Vec<Node>,
    /// Node indices in the order of their ids, to find a node by id.
    by_id: Vec<usize>,
    /// Per node, what its id contributes to the order options are shown in.
    order_keys: Vec<u64>,
    /// The hash of the scenario's content, once asked for
    /// ([`Scenario::content_hash`]).
    content_hash: OnceLock<String>,
    /// Where it was loaded from, when it came from a file.
    pub path: Option<PathBuf>,
    /// The text it was read from, for the content hash earlier versions
    /// computed ([`Scenario::has_hash`]).
    source: Arc<str>,
    /// That hash, once a log carrying one has asked for it.
    legacy_hash: OnceLock<Option<String>>,
}

#[derive(Debug, Clone)]
pub enum Node {
    Turn(Turn),
    Ending(Ending),
}

impl Node {
    pub fn id(&self) -> &str {
        match self {
            Node::Turn(t) => &t.id,
            Node::Ending(e) => &e.id,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Turn {
    pub id: String,
    pub line: String,
    pub cue: String,
    pub affect: Affect,
    pub marker: Option<Marker>,
    pub checkin: Option<CheckIn>,
    pub options: Vec<Choice>,
}

#[derive(Debug, Clone)]
pub struct Choice {
    pub id: String,
    pub label: String,
    pub says: String,
    pub kind: OptionKind,
    pub strategy: Strategy,
    pub attunement: u8,
    /// `None`: ownership is not at stake in this moment.
    pub ownership: Option<u8>,
    pub rationale: String,
    /// Changes to client-state variables, one per variable named, in the
    /// order of the variables' indices.
    pub effects: Vec<Effect>,
    pub when: Option<Condition>,
    pub next: Next,
    /// A matter beyond the two scores, for the debrief.
    pub concern: Option<crate::format::Concern>,
}

/// An option's change to one client-state variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Effect {
    /// The variable's index in [`Scenario::vars`].
    pub var: usize,
    pub delta: i32,
}

impl Choice {
    /// Attunement or ownership at 2 or below.
    pub fn is_misstep(&self) -> bool {
        self.attunement <= 2 || self.ownership.is_some_and(|o| o <= 2)
    }

    /// The option's rank among others: [`crate::scoring::rank`].
    pub fn rank(&self) -> u32 {
        crate::scoring::rank(self.attunement, self.ownership)
    }

    /// The change this option makes to the variable with index `var`, if
    /// any.
    pub fn effect_on(&self, var: usize) -> Option<i32> {
        self.effects.iter().find(|e| e.var == var).map(|e| e.delta)
    }
}

#[derive(Debug, Clone)]
pub enum Next {
    Node(usize),
    Branch(Vec<Alternative>),
}

impl Next {
    /// Every node this can lead to.
    pub fn targets(&self) -> Vec<usize> {
        match self {
            Next::Node(n) => vec![*n],
            Next::Branch(alts) => alts.iter().map(|a| a.to).collect(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Alternative {
    pub to: usize,
    pub weight: u32,
    pub when: Option<Condition>,
}

#[derive(Debug, Clone)]
pub struct Ending {
    pub id: String,
    pub kind: EndingKind,
    pub title: String,
    pub summary: String,
    /// What a fuller repair would have needed (endings short of one).
    pub fuller_repair: Option<String>,
}

impl Scenario {
    pub fn node_index(&self, id: &str) -> Option<usize> {
        let k = self
            .by_id
            .binary_search_by(|&i| self.nodes[i].id().cmp(id))
            .ok()?;
        Some(self.by_id[k])
    }

    pub fn node(&self, i: usize) -> &Node {
        &self.nodes[i]
    }

    /// What node `i`'s id contributes to the order its options are shown
    /// in (see [`crate::engine::Order`]).
    pub(crate) fn order_key(&self, i: usize) -> u64 {
        self.order_keys[i]
    }

    pub fn turns(&self) -> impl Iterator<Item = &Turn> {
        self.nodes.iter().filter_map(|n| match n {
            Node::Turn(t) => Some(t),
            Node::Ending(_) => None,
        })
    }

    pub fn endings(&self) -> impl Iterator<Item = &Ending> {
        self.nodes.iter().filter_map(|n| match n {
            Node::Ending(e) => Some(e),
            Node::Turn(_) => None,
        })
    }

    pub fn option_count(&self) -> usize {
        self.turns().map(|t| t.options.len()).sum()
    }

    /// The index of the client-state variable `name`.
    pub fn var_index(&self, name: &str) -> Option<usize> {
        self.vars.binary_search_by(|v| v.as_str().cmp(name)).ok()
    }

    /// Client-state values (one per variable, by index) with their names.
    pub fn state_of<'a>(&'a self, values: &'a [i32]) -> State<'a> {
        State {
            names: &self.vars,
            values,
        }
    }

    /// The starting client state, by name.
    pub fn initial_state(&self) -> State<'_> {
        self.state_of(&self.initial)
    }

    /// Whether `recorded`, a content hash a session log carries, is this
    /// scenario's. A log written before the current hash was introduced
    /// carries the hash of that time ([`crate::hash::legacy`]): it is
    /// computed (once) to compare, so that such a log is not taken for one
    /// played on another version of the scenario.
    pub fn has_hash(&self, recorded: &str) -> bool {
        recorded == self.content_hash()
            || (crate::hash::is_legacy(recorded) && self.legacy_hash() == Some(recorded))
    }

    /// The hash of the scenario's content, not its layout or comments (see
    /// [`crate::hash`]): computed from its source the first time it is
    /// asked for, since most uses of a scenario (checking, playing,
    /// simulating) never need it.
    pub fn content_hash(&self) -> &str {
        self.content_hash
            .get_or_init(|| crate::hash::content_hash(&self.source))
    }

    /// The content hash versions before this one gave this scenario.
    pub fn legacy_hash(&self) -> Option<&str> {
        self.legacy_hash
            .get_or_init(|| {
                crate::load::ron_options()
                    .from_str::<ScenarioFile>(&self.source)
                    .ok()
                    .map(|file| crate::hash::legacy(&file))
            })
            .as_deref()
    }

    /// The text the scenario was read from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Put together a scenario from a file whose every check passed (its
    /// nodes already made into `nodes`), read from `source`.
    pub(crate) fn assemble(
        file: ScenarioFile,
        start: usize,
        nodes: Vec<Node>,
        path: PathBuf,
        source: &str,
    ) -> Scenario {
        let (vars, initial) = file.state.into_iter().unzip();
        Scenario {
            id: file.id,
            title: file.title,
            premise: file.premise,
            difficulty: file.difficulty,
            ruptures: file.ruptures,
            pattern: file.pattern,
            client: file.client,
            setting: file.setting,
            vars,
            initial,
            start,
            by_id: {
                // Ids are unique (validation sees to it).
                let mut by_id: Vec<usize> = (0..nodes.len()).collect();
                by_id.sort_unstable_by(|&a, &b| nodes[a].id().cmp(nodes[b].id()));
                by_id
            },
            order_keys: nodes
                .iter()
                .map(|n| crate::engine::order_key(n.id()))
                .collect(),
            nodes,
            content_hash: OnceLock::new(),
            path: Some(path),
            source: Arc::from(source),
            legacy_hash: OnceLock::new(),
        }
    }
}

/// Client-state values with the names of their variables: a view of a
/// session's state (or any values by variable index) for showing it.
#[derive(Clone, Copy)]
pub struct State<'a> {
    names: &'a [String],
    values: &'a [i32],
}

impl<'a> State<'a> {
    /// The value of variable `name`, if the scenario declares it.
    pub fn get(&self, name: &str) -> Option<i32> {
        let i = self.names.binary_search_by(|v| v.as_str().cmp(name)).ok()?;
        self.values.get(i).copied()
    }

    /// The values by variable index.
    pub fn values(&self) -> &'a [i32] {
        self.values
    }

    /// Each variable and its value, in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&'a str, i32)> + 'a {
        self.names
            .iter()
            .map(String::as_str)
            .zip(self.values.iter().copied())
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The state as a map from name to value.
    pub fn to_map(&self) -> BTreeMap<String, i32> {
        self.iter().map(|(k, v)| (k.to_owned(), v)).collect()
    }
}

impl std::ops::Index<&str> for State<'_> {
    type Output = i32;

    /// The value of variable `name`; panics if there is no such variable.
    fn index(&self, name: &str) -> &i32 {
        let i = self
            .names
            .binary_search_by(|v| v.as_str().cmp(name))
            .unwrap_or_else(|_| panic!("no client-state variable `{name}`"));
        &self.values[i]
    }
}

impl PartialEq for State<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.names == other.names && self.values == other.values
    }
}

impl Eq for State<'_> {}

impl std::fmt::Debug for State<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// Lower-case ASCII letters, digits and single hyphens inside.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_kebab_case() {
        assert!(is_valid_id("opens-up"));
        assert!(is_valid_id("turn2"));
        assert!(!is_valid_id("Opens up"));
        assert!(!is_valid_id("-x"));
        assert!(!is_valid_id("a--b"));
        assert!(!is_valid_id(""));
    }
}
