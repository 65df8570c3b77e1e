//! The session engine: a pull-based state machine over a validated scenario.
//!
//! Create a [`Session`] from a scenario and a seed, [`Session::poll`] for
//! events (what the client says, a check-in prompt, the options offered, the
//! ending), then [`Session::choose`] an option by id and poll again. The
//! terminal player and the app are two consumers of this one engine.
//!
//! Randomness comes from one portable generator (ChaCha8 seeded from the
//! session seed), and values are drawn with integer arithmetic defined here,
//! so the same scenario, seed and choices give the same session everywhere.
//!
//! Client-state values stay within [`STATE_MIN`]..=[`STATE_MAX`] however
//! often effects add up ([`apply_effect`]), and a session that has not
//! ended after [`MAX_TURNS`] turns is stopped.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::format::{Affect, CheckIn, EndingKind, Marker, OptionKind};
use crate::model::{Alternative, Choice, Next, Node, STATE_MAX, STATE_MIN, Scenario, Turn};
use crate::scoring::{self, Profile, TurnInput};

/// The most turns a session can have. A scenario that has not reached an
/// ending by then loops (`attune check` and `attune sim` find why), so the
/// session is stopped: [`Session::choose`] refuses another turn and
/// [`Session::turn_limit_reached`] says so.
pub const MAX_TURNS: usize = 200;

/// `value` changed by an effect of `delta`, kept within
/// [`STATE_MIN`]..=[`STATE_MAX`] (saturating, never wrapping).
pub fn apply_effect(value: i32, delta: i32) -> i32 {
    value.saturating_add(delta).clamp(STATE_MIN, STATE_MAX)
}

/// An option as the trainee sees it, in the shuffled order for this session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offered {
    /// 1-based position as shown.
    pub number: usize,
    pub id: String,
    pub label: String,
    pub says: String,
    pub kind: OptionKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The client speaks.
    ClientSays {
        node: String,
        line: String,
        cue: String,
        affect: Affect,
        marker: Option<Marker>,
    },
    /// A moment to notice one's own reaction before answering.
    CheckIn(CheckIn),
    /// The trainee's options at this turn.
    Options(Vec<Offered>),
    /// The session is over.
    Ended {
        node: String,
        kind: EndingKind,
        title: String,
        summary: String,
    },
}

/// One completed turn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TurnRecord {
    pub node: String,
    pub option: String,
    pub latency_ms: u64,
    pub inner_note: Option<String>,
    /// The node the client's reaction led to.
    pub reaction: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EngineError {
    /// The session has already ended.
    Ended,
    /// The session has had [`MAX_TURNS`] turns without reaching an ending.
    TurnLimit,
    /// No option with this id is offered at the current node.
    NotOffered {
        node: String,
        option: String,
        offered: Vec<String>,
    },
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EngineError::Ended => f.write_str("the session has already ended"),
            EngineError::TurnLimit => write!(
                f,
                "the session was stopped after {MAX_TURNS} turns because the scenario did not reach an ending"
            ),
            EngineError::NotOffered {
                node,
                option,
                offered,
            } => write!(
                f,
                "option `{option}` is not offered at `{node}` (offered: {})",
                offered.join(", ")
            ),
        }
    }
}

impl std::error::Error for EngineError {}

impl EngineError {
    /// The message as a sentence of its own: "The session was stopped ...".
    pub fn sentence(&self) -> String {
        let text = self.to_string();
        let mut chars = text.chars();
        match chars.next() {
            Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
            None => text,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Session {
    scenario: Arc<Scenario>,
    seed: u64,
    rng: ChaCha8Rng,
    state: BTreeMap<String, i32>,
    current: usize,
    offered: Vec<usize>,
    /// How many of the current node's events [`Session::poll`] has given.
    /// Events are built as they are read, not when a node is entered.
    read: usize,
    turns: Vec<TurnRecord>,
    note: Option<String>,
    /// The alternative the last choice's branch drew, by its position in
    /// the branch; `None` when that choice led straight to one node.
    drawn: Option<usize>,
}

impl Session {
    pub fn new(scenario: Arc<Scenario>, seed: u64) -> Session {
        let start = scenario.start;
        Session::starting_at(scenario, seed, start)
    }

    /// A session that begins at the node with index `start` instead of the
    /// scenario's start, with the scenario's initial state: for authors
    /// trying one part of a scenario. Its turns do not replay as a session
    /// from the start would. Panics if `start` is not a node index.
    pub fn starting_at(scenario: Arc<Scenario>, seed: u64, start: usize) -> Session {
        assert!(start < scenario.nodes.len(), "no node with index {start}");
        let state = scenario.initial_state.clone();
        let mut s = Session {
            rng: ChaCha8Rng::seed_from_u64(seed),
            scenario,
            seed,
            state,
            current: start,
            offered: Vec::new(),
            read: 0,
            turns: Vec::new(),
            note: None,
            drawn: None,
        };
        s.enter(start);
        s
    }

    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The next event, or `None` when the engine waits for a choice or the
    /// session has ended and every event has been read.
    pub fn poll(&mut self) -> Option<Event> {
        let event = self.event_at(self.current, self.read)?;
        self.read += 1;
        Some(event)
    }

    /// All events for the current node, as [`Session::poll`] would give
    /// them after entering it; does not consume anything.
    pub fn current_events(&self) -> Vec<Event> {
        self.events_for(self.current)
    }

    pub fn is_ended(&self) -> bool {
        matches!(self.scenario.node(self.current), Node::Ending(_))
    }

    /// The session has had [`MAX_TURNS`] turns and has not ended: it is
    /// stopped, and [`Session::choose`] refuses another turn.
    pub fn turn_limit_reached(&self) -> bool {
        self.turns.len() >= MAX_TURNS && !self.is_ended()
    }

    pub fn current_node(&self) -> &Node {
        self.scenario.node(self.current)
    }

    pub fn current_turn(&self) -> Option<&Turn> {
        match self.current_node() {
            Node::Turn(t) => Some(t),
            Node::Ending(_) => None,
        }
    }

    /// The options offered now, in display order.
    pub fn offered(&self) -> Vec<Offered> {
        let Node::Turn(t) = self.scenario.node(self.current) else {
            return Vec::new();
        };
        self.offered
            .iter()
            .enumerate()
            .map(|(n, &i)| {
                let c = &t.options[i];
                Offered {
                    number: n + 1,
                    id: c.id.clone(),
                    label: c.label.clone(),
                    says: c.says.clone(),
                    kind: c.kind,
                }
            })
            .collect()
    }

    /// Where the options offered now sit in the current turn's `options`,
    /// in display order; empty at an ending. A cheaper view of
    /// [`Session::offered`] for code that plays many sessions.
    pub fn offered_indices(&self) -> &[usize] {
        &self.offered
    }

    /// The index of the current node in the scenario's `nodes`.
    pub fn current_index(&self) -> usize {
        self.current
    }

    /// The client-state variables now.
    pub fn state(&self) -> &BTreeMap<String, i32> {
        &self.state
    }

    pub fn turns(&self) -> &[TurnRecord] {
        &self.turns
    }

    /// Which alternative the last choice's weighted branch drew, by its
    /// position in the branch as written; `None` before the first choice
    /// and when the last choice led straight to one node.
    pub fn last_draw(&self) -> Option<usize> {
        self.drawn
    }

    /// Record what the trainee notices in themselves at this turn.
    pub fn note_inner_state(&mut self, note: impl Into<String>) {
        let note = note.into();
        self.note = (!note.trim().is_empty()).then(|| note.trim().to_owned());
    }

    /// Choose an option by id. `latency_ms` is how long the trainee took.
    /// Its effects change the client state within
    /// [`STATE_MIN`]..=[`STATE_MAX`] (see [`apply_effect`]).
    pub fn choose(&mut self, option_id: &str, latency_ms: u64) -> Result<&TurnRecord, EngineError> {
        let Node::Turn(turn) = self.scenario.node(self.current) else {
            return Err(EngineError::Ended);
        };
        if self.turns.len() >= MAX_TURNS {
            return Err(EngineError::TurnLimit);
        }
        let Some(&idx) = self
            .offered
            .iter()
            .find(|&&i| turn.options[i].id == option_id)
        else {
            return Err(EngineError::NotOffered {
                node: turn.id.clone(),
                option: option_id.to_owned(),
                offered: self
                    .offered
                    .iter()
                    .map(|&i| turn.options[i].id.clone())
                    .collect(),
            });
        };
        let scenario = Arc::clone(&self.scenario);
        let Node::Turn(turn) = scenario.node(self.current) else {
            return Err(EngineError::Ended);
        };
        let choice = &turn.options[idx];
        apply_effects(choice, &mut self.state);
        let next = self.pick_next(choice);
        self.turns.push(TurnRecord {
            node: turn.id.clone(),
            option: choice.id.clone(),
            latency_ms,
            inner_note: self.note.take(),
            reaction: scenario.node(next).id().to_owned(),
        });
        self.enter(next);
        Ok(self.turns.last().expect("a turn was just recorded"))
    }

    /// The process profile of the turns so far. It reads only the chosen
    /// options (and the turn they answered), never the client's reaction.
    pub fn profile(&self) -> Profile {
        let inputs: Vec<TurnInput> = self
            .turns
            .iter()
            .filter_map(|r| {
                let Node::Turn(turn) = self.scenario.node(self.scenario.node_index(&r.node)?)
                else {
                    return None;
                };
                let choice = turn.options.iter().find(|c| c.id == r.option)?;
                Some(TurnInput {
                    turn,
                    choice,
                    latency_ms: r.latency_ms,
                })
            })
            .collect();
        scoring::profile(&inputs)
    }

    fn pick_next(&mut self, choice: &Choice) -> usize {
        self.drawn = None;
        match &choice.next {
            Next::Node(n) => *n,
            Next::Branch(alts) => {
                let open: Vec<_> = open_alternatives(alts, &self.state).collect();
                let total: u64 = open.iter().map(|(_, a)| u64::from(a.weight)).sum();
                let mut roll = below(&mut self.rng, total);
                for &(i, a) in &open {
                    if roll < u64::from(a.weight) {
                        self.drawn = Some(i);
                        return a.to;
                    }
                    roll -= u64::from(a.weight);
                }
                // Validation guarantees an unconditional alternative with a
                // positive weight, so the loop always returns.
                let (i, to) = open.last().map_or((0, alts[0].to), |&(i, a)| (i, a.to));
                self.drawn = Some(i);
                to
            }
        }
    }

    fn enter(&mut self, node: usize) {
        self.current = node;
        // The buffer is reused from node to node.
        let mut open = std::mem::take(&mut self.offered);
        open.clear();
        if let Node::Turn(t) = self.scenario.node(node) {
            open.extend((0..t.options.len()).filter(|&i| is_offered(&t.options[i], &self.state)));
            shuffle(&mut open, self.seed, &t.id);
        }
        self.offered = open;
        self.read = 0;
    }

    fn events_for(&self, node: usize) -> Vec<Event> {
        (0..).map_while(|k| self.event_at(node, k)).collect()
    }

    /// The `k`-th event (from 0) of entering `node`: what the client says,
    /// the check-in if there is one, then the options; or the ending.
    fn event_at(&self, node: usize, k: usize) -> Option<Event> {
        match self.scenario.node(node) {
            Node::Turn(t) => {
                let options = if t.checkin.is_some() { 2 } else { 1 };
                match k {
                    0 => Some(Event::ClientSays {
                        node: t.id.clone(),
                        line: t.line.clone(),
                        cue: t.cue.clone(),
                        affect: t.affect,
                        marker: t.marker.clone(),
                    }),
                    1 if options == 2 => t.checkin.clone().map(Event::CheckIn),
                    k if k == options => Some(Event::Options(self.offered())),
                    _ => None,
                }
            }
            Node::Ending(e) => (k == 0).then(|| Event::Ended {
                node: e.id.clone(),
                kind: e.kind,
                title: e.title.clone(),
                summary: e.summary.clone(),
            }),
        }
    }
}

// How the client state decides what happens, in one place: the session
// and the analyses of every state a session can reach (`crate::reach`)
// both go through these, so they cannot disagree.

/// Whether `choice` is offered when the client state is `state` on
/// entering its turn: it has no `when`, or its `when` holds.
pub fn is_offered(choice: &Choice, state: &BTreeMap<String, i32>) -> bool {
    choice.when.as_ref().is_none_or(|c| c.holds(state))
}

/// Change the client state as choosing `choice` does: add its effects,
/// each kept within [`STATE_MIN`]..=[`STATE_MAX`] ([`apply_effect`]).
pub fn apply_effects(choice: &Choice, state: &mut BTreeMap<String, i32>) {
    for (var, &delta) in &choice.effects {
        match state.get_mut(var) {
            Some(v) => *v = apply_effect(*v, delta),
            None => {
                state.insert(var.clone(), apply_effect(0, delta));
            }
        }
    }
}

/// The alternatives of a branch that are open in `state` (the state after
/// the choice's effects), with their positions in the branch.
pub fn open_alternatives<'a>(
    alts: &'a [Alternative],
    state: &'a BTreeMap<String, i32>,
) -> impl Iterator<Item = (usize, &'a Alternative)> + 'a {
    alts.iter()
        .enumerate()
        .filter(|(_, a)| a.when.as_ref().is_none_or(|c| c.holds(state)))
}

/// Every node the client's reaction to `choice` can lead to when the state
/// after its effects is `state`: the alternatives a draw can pick, as
/// `Session::pick_next` draws, by position in the branch (0 for a `next`).
/// Pushed onto `out` as `(position, node)`.
pub fn possible_reactions(
    choice: &Choice,
    state: &BTreeMap<String, i32>,
    out: &mut Vec<(usize, usize)>,
) {
    match &choice.next {
        Next::Node(n) => out.push((0, *n)),
        Next::Branch(alts) => {
            let before = out.len();
            let mut last_open = None;
            for (i, a) in open_alternatives(alts, state) {
                last_open = Some((i, a.to));
                if a.weight > 0 {
                    out.push((i, a.to));
                }
            }
            // With no open weight the draw falls through to the last open
            // alternative, or the first one when none is open.
            if out.len() == before {
                out.push(last_open.unwrap_or((0, alts[0].to)));
            }
        }
    }
}

/// A uniform integer in `0..n` (0 when n is 0) by widening multiplication:
/// defined here rather than borrowed, so a dependency upgrade cannot change
/// which branch a seed takes.
pub(crate) fn below(rng: &mut ChaCha8Rng, n: u64) -> u64 {
    ((u128::from(rng.next_u64()) * u128::from(n)) >> 64) as u64
}

/// Shuffle option order for one node: depends only on the seed and the
/// node id, so a node shows the same order every time within a session.
fn shuffle(items: &mut [usize], seed: u64, node_id: &str) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(fnv1a(node_id.as_bytes()));
    for i in (1..items.len()).rev() {
        let j = below(&mut rng, i as u64 + 1) as usize;
        items.swap(i, j);
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn below_stays_in_range_and_is_portable() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let draws: Vec<u64> = (0..5).map(|_| below(&mut rng, 10)).collect();
        // Pinned values: if these change, every stored session would replay
        // differently, so such a change must be deliberate (and bump the
        // log format).
        assert_eq!(draws, [1, 1, 7, 7, 6]);
        assert_eq!(below(&mut rng, 0), 0);
        let mut rng = ChaCha8Rng::seed_from_u64(u64::MAX);
        assert!((0..1000).all(|_| below(&mut rng, 3) < 3));
    }

    #[test]
    fn shuffle_is_a_permutation_and_depends_on_seed_and_node() {
        let base: Vec<usize> = (0..6).collect();
        let mut a = base.clone();
        shuffle(&mut a, 1, "arrival");
        assert_eq!(
            a,
            [5, 3, 1, 4, 0, 2],
            "pinned: the order a seed shows must not drift"
        );
        let mut sorted = a.clone();
        sorted.sort();
        assert_eq!(sorted, base);
        let mut same = base.clone();
        shuffle(&mut same, 1, "arrival");
        assert_eq!(a, same);
        let differs = (2..40).any(|seed| {
            let mut b = base.clone();
            shuffle(&mut b, seed, "arrival");
            b != a
        });
        assert!(differs, "different seeds should give different orders");
    }

    #[test]
    fn fnv1a_matches_reference_values() {
        assert_eq!(fnv1a(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a(b"a"), 0xaf63dc4c8601ec8c);
    }
}
