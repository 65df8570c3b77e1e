//! Every state a session can be in, and what follows from knowing them all.
//!
//! A *position* is a client turn together with the client state a session
//! has on arriving there. [`explore`] starts where every session starts
//! (`start`, with the initial state) and follows, from each position, every
//! option offered in that state and every reaction a draw can pick after
//! the option's effects. The engine's own rules decide each step
//! ([`engine::is_offered`], [`engine::apply_effects`],
//! [`engine::possible_reactions`]), so the exploration and a session cannot
//! disagree about what is possible.
//!
//! # Finite by construction
//!
//! A counter that a loop can raise for ever has no end of states, so each
//! variable is followed exactly only inside a *window* of values; beyond
//! it, every value is one "below" or "above" value. The window always
//! holds the initial value and every constant a condition compares the
//! variable with (as far as the engine's range of values goes), so every
//! condition has the same truth for all the values beyond it. Where no loop can move a variable without end (in
//! the graph, whatever the conditions), the window holds every value the
//! variable can take; where one can, it extends [`MARGIN_STEPS`] of the
//! variable's largest steps past the constants. A variable no condition
//! reads is not followed at all: it cannot change what happens.
//!
//! Leaving the window loses precision: from "above", a decrease may land
//! on any value it could from a value far above, and every one of them is
//! followed. The exploration then finds *more* than sessions can do, never
//! less. So:
//!
//! - when no value ever left its window ([`Reach::exact`]), positions are
//!   exactly the states sessions reach, and every finding below is exact;
//! - otherwise what the exploration never finds still never happens
//!   (an option never offered, a node never reached, a reaction never
//!   drawn), and from a position with no way to any ending found, no
//!   session can end either. But a position may stand for states no
//!   session reaches, so a stuck one is reported only when a second,
//!   exact exploration (bounded too) finds a session that arrives in it;
//!   and [`Reach::always_ends`] claims that every session can end only
//!   when a way to an ending is found from every position that works
//!   whatever values beyond the windows it stands for.
//!
//! Positions are found breadth first, stored as one value per followed
//! variable, and deduplicated through a hash of node and values. At most
//! [`MAX_POSITIONS`] are explored; past that ([`Reach::complete`] is
//! false) nothing is claimed. Endings are not positions: the state on
//! arriving at an ending changes nothing.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use crate::condition::Condition;
use crate::engine;
use crate::graph;
use crate::model::{Choice, Next, Node, STATE_MAX, STATE_MIN, Scenario};

/// Positions explored at most; beyond this the exploration is not complete
/// and nothing is claimed from it.
pub const MAX_POSITIONS: usize = 200_000;

/// How far past the initial value and the constants of its conditions a
/// variable that a loop can change without end is followed exactly, in
/// steps of its largest effect.
pub const MARGIN_STEPS: i64 = 4;

/// A successor that is an ending; also the end of a hash chain.
const END: u32 = u32::MAX;
const NONE: u32 = u32::MAX;

/// The positions a session can reach, and the moves between them.
#[derive(Debug, Clone)]
pub struct Reach {
    /// The followed variables (those some condition reads), in the
    /// engine's order; a position's state is one value for each.
    vars: Vec<String>,
    /// How many variables the scenario declares: the length of the
    /// engine's state.
    all: usize,
    /// Each followed variable's index in the engine's state.
    slot: Vec<usize>,
    /// Each followed variable's window: values followed exactly.
    /// `lo - 1` stands for every value below, `hi + 1` for every value
    /// above.
    window: Vec<(i32, i32)>,
    /// The node of each position, in the order found.
    node: Vec<u32>,
    /// The state of each position: `vars.len()` values each.
    values: Vec<i32>,
    /// The next position with the same hash, or [`NONE`].
    chain: Vec<u32>,
    /// The last position found with each hash.
    by_hash: HashMap<u64, u32, BuildHasherDefault<Hashed>>,
    /// The moves of position `p` are the groups `first[p]..first[p + 1]`:
    /// one per offered option and state after its effects (several when a
    /// value beyond the window is decreased or increased into it).
    first: Vec<u32>,
    /// Per group: the option chosen (its index in the turn).
    group_option: Vec<u32>,
    /// Per group: its successors are `succ[group_first[g]..group_first[g + 1]]`.
    group_first: Vec<u32>,
    /// Positions, or [`END`] for an ending.
    succ: Vec<u32>,
    /// Per node: the exploration arrives there.
    reached: Vec<bool>,
    /// Per node: where its options start in `offered`.
    option_base: Vec<usize>,
    /// Per option: offered at some position.
    offered: Vec<bool>,
    /// Per option: where its alternatives start in `drawn` (a `next`
    /// counts as one alternative).
    alt_base: Vec<usize>,
    /// Per alternative: some draw can pick it.
    drawn: Vec<bool>,
    complete: bool,
    exact: bool,
}

/// A way on from a turn that is closed in some state: an option not
/// offered, or a reaction of an offered option that cannot be drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Way {
    /// Option `option` of turn `node`, whose `when` does not hold.
    Option { node: usize, option: usize },
    /// Alternative `alternative` of the branch of option `option` of turn
    /// `node`, whose `when` does not hold after the option's effects.
    Reaction {
        node: usize,
        option: usize,
        alternative: usize,
    },
}

impl Way {
    /// The turn's node, the option's index in it, and for a reaction the
    /// alternative's position in the branch.
    pub fn parts(&self) -> (usize, usize, Option<usize>) {
        match *self {
            Way::Option { node, option } => (node, option, None),
            Way::Reaction {
                node,
                option,
                alternative,
            } => (node, option, Some(alternative)),
        }
    }

    /// The condition that keeps this way closed.
    pub fn condition<'a>(&self, s: &'a Scenario) -> Option<&'a Condition> {
        let (node, option, alternative) = self.parts();
        let Node::Turn(t) = s.node(node) else {
            return None;
        };
        let o = &t.options[option];
        match (alternative, &o.next) {
            (None, _) => o.when.as_ref(),
            (Some(i), Next::Branch(alts)) => alts.get(i)?.when.as_ref(),
            (Some(_), Next::Node(_)) => None,
        }
    }
}

/// A turn where sessions get stuck: they arrive in a state from which no
/// ending can be reached, go round without end, and a way out of this
/// turn is closed in that state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stuck {
    pub node: usize,
    /// Client states in which sessions are stuck here, one value per
    /// [`Reach::vars`], in the order found: the first is one a session
    /// reaches in the fewest turns.
    pub states: Vec<Vec<i32>>,
    /// The ways out of the turn that are closed in those states, in file
    /// order.
    pub exits: Vec<Way>,
    /// The turns a stuck session goes round, this one included, in file
    /// order.
    pub around: Vec<usize>,
}

/// A node the graph leads to from `start` that no session reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreached {
    pub node: usize,
    /// The ways in from turns that sessions reach: all closed.
    pub closed: Vec<Way>,
    /// The turns that lead here and are not reached either.
    pub only_from: Vec<usize>,
}

/// The values a variable takes at a turn; `None` for a side on which it
/// goes beyond its window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub min: Option<i32>,
    pub max: Option<i32>,
}

/// Explore `s` up to [`MAX_POSITIONS`] positions.
pub fn explore(s: &Scenario) -> Reach {
    explore_bounded(s, MAX_POSITIONS)
}

/// Explore `s` up to `max` positions.
pub fn explore_bounded(s: &Scenario, max: usize) -> Reach {
    let vars = Vars::of(s);
    let window = if vars.extreme {
        None
    } else {
        Some(windows(s, &vars))
    };
    run(s, &vars, window, max)
}

/// What the exploration needs to know about the variables.
struct Vars {
    /// How many variables the scenario declares.
    count: usize,
    /// The followed ones by index, with the constants they are compared
    /// with, in index (so name) order.
    followed: BTreeMap<usize, Vec<i32>>,
    /// Some starting value or effect is outside the range the engine keeps
    /// values in, which validation rejects: nothing is claimed.
    extreme: bool,
}

impl Vars {
    fn of(s: &Scenario) -> Vars {
        let mut followed: BTreeMap<usize, Vec<i32>> = BTreeMap::new();
        let mut extreme = s
            .initial
            .iter()
            .any(|v| !(STATE_MIN..=STATE_MAX).contains(v));
        for t in s.turns() {
            for o in &t.options {
                extreme |= o
                    .effects
                    .iter()
                    .any(|e| !(STATE_MIN..=STATE_MAX).contains(&e.delta));
                let mut conditions: Vec<&Condition> = o.when.iter().collect();
                if let Next::Branch(alts) = &o.next {
                    conditions.extend(alts.iter().filter_map(|a| a.when.as_ref()));
                }
                for c in conditions.iter().flat_map(|c| &c.all) {
                    followed.entry(c.slot).or_default().push(c.value);
                }
            }
        }
        Vars {
            count: s.vars.len(),
            followed,
            extreme,
        }
    }
}

/// The window of each followed variable, in [`Vars::followed`] order.
fn windows(s: &Scenario, vars: &Vars) -> Vec<(i32, i32)> {
    let adj = graph::adjacency(s);
    let components = graph::strongly_connected(&adj);
    let component = graph::component_of(&components, s.nodes.len());
    vars.followed
        .iter()
        .map(|(&var, constants)| {
            let init = i64::from(s.initial.get(var).copied().unwrap_or(0));
            let low = constants.iter().map(|&c| i64::from(c)).fold(init, i64::min);
            let high = constants.iter().map(|&c| i64::from(c)).fold(init, i64::max);
            let step = s
                .turns()
                .flat_map(|t| &t.options)
                .filter_map(|o| o.effect_on(var))
                .map(|d| i64::from(d).abs())
                .max()
                .unwrap_or(0)
                .max(1);
            let margin = MARGIN_STEPS * step;
            let (min, max) = graph_range(s, &components, &component, var, init);
            let lo = min.map_or(low - margin, |m| m.min(low));
            let hi = max.map_or(high + margin, |m| m.max(high));
            (clamp(lo), clamp(hi))
        })
        .collect()
}

/// Within the range the engine keeps values in: a value can never be
/// beyond it, so neither can a window.
fn clamp(v: i64) -> i32 {
    v.clamp(i64::from(STATE_MIN), i64::from(STATE_MAX)) as i32
}

/// The lowest and highest value `var` can take if every option were
/// always offered and every reaction possible; `None` on a side where a
/// loop can move it without end (a cycle with an effect on it that way:
/// an over-estimate, as the cycle's other effects may undo it).
fn graph_range(
    s: &Scenario,
    components: &[Vec<usize>],
    component: &[usize],
    var: usize,
    init: i64,
) -> (Option<i64>, Option<i64>) {
    // Per component: reached, and the bounds of the values arriving there
    // (an inner `None`: without end).
    let mut bounds: Vec<Option<(Option<i64>, Option<i64>)>> = vec![None; components.len()];
    bounds[component[s.start]] = Some((Some(init), Some(init)));
    let effect = |n: usize| -> Vec<(usize, i64)> {
        match s.node(n) {
            Node::Turn(t) => t
                .options
                .iter()
                .flat_map(|o| {
                    let d = i64::from(o.effect_on(var).unwrap_or(0));
                    o.next.targets().into_iter().map(move |to| (to, d))
                })
                .collect(),
            Node::Ending(_) => Vec::new(),
        }
    };
    let (mut min, mut max) = (Some(init), Some(init));
    // Components come in reverse topological order.
    for c in (0..components.len()).rev() {
        let Some((mut lo, mut hi)) = bounds[c] else {
            continue;
        };
        for &n in &components[c] {
            for (to, d) in effect(n) {
                if component[to] == c {
                    if d > 0 {
                        hi = None;
                    } else if d < 0 {
                        lo = None;
                    }
                }
            }
        }
        min = min.zip(lo).map(|(a, b)| a.min(b));
        max = max.zip(hi).map(|(a, b)| a.max(b));
        for &n in &components[c] {
            for (to, d) in effect(n) {
                let t = component[to];
                if t == c {
                    continue;
                }
                let arriving = (lo.map(|v| v + d), hi.map(|v| v + d));
                bounds[t] = Some(match bounds[t] {
                    None => arriving,
                    Some((a, b)) => (
                        a.zip(arriving.0).map(|(x, y)| x.min(y)),
                        b.zip(arriving.1).map(|(x, y)| x.max(y)),
                    ),
                });
            }
        }
    }
    (min, max)
}

/// The values a followed variable can have after an effect: `before` and
/// `after` are its value before and after the engine applied the effects,
/// `lo - 1` and `hi + 1` standing for every value beyond the window.
/// False, with nothing written, when they would be more than
/// [`MAX_POSITIONS`].
fn after_effect(before: i32, after: i32, (lo, hi): (i32, i32), out: &mut Vec<i32>) -> bool {
    let (below, above) = (lo - 1, hi + 1);
    let d = i64::from(after) - i64::from(before);
    let from_beyond = (before == above && d < 0) || (before == below && d > 0);
    if from_beyond && d.unsigned_abs() > MAX_POSITIONS as u64 {
        return false;
    }
    let land = |v: i64| -> i32 {
        if v < i64::from(lo) {
            below
        } else if v > i64::from(hi) {
            above
        } else {
            v as i32
        }
    };
    if before == above && d < 0 {
        // From any value above: every value from `hi + 1 + d` up.
        let lowest = i64::from(above) + d;
        if lowest < i64::from(lo) {
            out.push(below);
        }
        out.extend((lowest.max(i64::from(lo))..=i64::from(hi)).map(|v| v as i32));
        out.push(above);
    } else if before == below && d > 0 {
        let highest = i64::from(below) + d;
        out.push(below);
        out.extend((i64::from(lo)..=highest.min(i64::from(hi))).map(|v| v as i32));
        if highest > i64::from(hi) {
            out.push(above);
        }
    } else if before == above || before == below {
        out.push(before);
    } else {
        out.push(land(i64::from(after)));
    }
    true
}

/// The engine's state for the followed variables, and what an option's
/// effects can make of it: shared by the exploration and the questions
/// asked of it afterwards.
struct Step {
    slot: Vec<usize>,
    window: Vec<(i32, i32)>,
    /// The state as the engine keeps it, reused: one value per variable,
    /// by index. Those no condition reads stay 0.
    state: Vec<i32>,
    /// Per followed variable: the values it can have after an effect.
    choices: Vec<Vec<i32>>,
    /// Buffers for [`Step::afters`].
    after: Vec<i32>,
    combo: Vec<usize>,
}

impl Step {
    fn new(r: &Reach) -> Step {
        Step {
            slot: r.slot.clone(),
            window: r.window.clone(),
            state: vec![0; r.all],
            choices: vec![Vec::new(); r.vars.len()],
            after: Vec::with_capacity(r.all),
            combo: vec![0; r.vars.len()],
        }
    }

    /// The engine's state with the followed variables at `values`.
    fn state_of(&mut self, values: &[i32]) -> &[i32] {
        self.state.fill(0);
        for (&slot, &x) in self.slot.iter().zip(values) {
            self.state[slot] = x;
        }
        &self.state
    }

    /// Every state of the followed variables `choice`'s effects can lead
    /// to from `values`: one when all values are inside their windows,
    /// more when one beyond is moved towards its window. Written to `out`,
    /// `values.len()` values each; returns how many, or `None` when there
    /// would be more than [`MAX_POSITIONS`].
    fn afters(&mut self, values: &[i32], choice: &Choice, out: &mut Vec<i32>) -> Option<usize> {
        self.state_of(values);
        engine::apply_effects(choice, &mut self.state);
        self.after.clear();
        self.after.extend_from_slice(&self.state);
        let mut combinations: u64 = 1;
        for (v, c) in self.choices.iter_mut().enumerate() {
            c.clear();
            if !after_effect(values[v], self.after[self.slot[v]], self.window[v], c) {
                return None;
            }
            combinations = combinations.saturating_mul(c.len() as u64);
        }
        if combinations > MAX_POSITIONS as u64 {
            return None;
        }
        out.clear();
        let k = values.len();
        let combo = &mut self.combo;
        combo.iter_mut().for_each(|c| *c = 0);
        let mut count = 0;
        loop {
            out.extend((0..k).map(|v| self.choices[v][combo[v]]));
            count += 1;
            let mut v = 0;
            while v < k && combo[v] + 1 == self.choices[v].len() {
                combo[v] = 0;
                v += 1;
            }
            if v == k {
                return Some(count);
            }
            combo[v] += 1;
        }
    }
}

/// Explore with the given windows, or, with none, exactly: every value
/// the engine can hold is followed as itself.
fn run(s: &Scenario, vars: &Vars, window: Option<Vec<(i32, i32)>>, max: usize) -> Reach {
    let mut r = Reach::empty(s, vars, window);
    r.reached[s.start] = true;
    if !r.complete || matches!(s.node(s.start), Node::Ending(_)) {
        return r;
    }
    if max == 0 {
        r.complete = false;
        return r;
    }
    let initial: Vec<i32> = r
        .slot
        .iter()
        .map(|&v| s.initial.get(v).copied().unwrap_or(0))
        .collect();
    r.insert(s.start, &initial);
    let mut scratch = Scratch {
        step: Step::new(&r),
        here: vec![0; r.vars.len()],
        offered: Vec::new(),
        reactions: Vec::new(),
        afters: Vec::new(),
    };
    let mut p = 0;
    while p < r.node.len() {
        if !r.expand(s, p, &mut scratch, max) {
            r.complete = false;
            break;
        }
        p += 1;
    }
    // Moves are known for positions `0..first.len() - 1`; the rest (only
    // when the bound was hit) are not read, as nothing is claimed then.
    r
}

/// Buffers [`Reach::expand`] reuses from one position to the next.
struct Scratch {
    step: Step,
    here: Vec<i32>,
    offered: Vec<usize>,
    reactions: Vec<(usize, usize)>,
    afters: Vec<i32>,
}

impl Reach {
    /// No position yet, with the variables and windows to follow and room
    /// for what is found at each node, option and alternative.
    fn empty(s: &Scenario, vars: &Vars, window: Option<Vec<(i32, i32)>>) -> Reach {
        let slot: Vec<usize> = vars.followed.keys().copied().collect();
        let followed: Vec<String> = slot.iter().map(|&v| s.vars[v].clone()).collect();
        let window = window.unwrap_or_else(|| vec![(STATE_MIN, STATE_MAX); followed.len()]);
        let mut option_base = Vec::with_capacity(s.nodes.len());
        let mut alt_base = Vec::new();
        let mut alts = 0;
        for n in &s.nodes {
            option_base.push(alt_base.len());
            if let Node::Turn(t) = n {
                for o in &t.options {
                    alt_base.push(alts);
                    alts += match &o.next {
                        Next::Node(_) => 1,
                        Next::Branch(b) => b.len(),
                    };
                }
            }
        }
        Reach {
            vars: followed,
            all: vars.count,
            slot,
            window,
            node: Vec::new(),
            values: Vec::new(),
            chain: Vec::new(),
            by_hash: HashMap::default(),
            first: vec![0],
            group_option: Vec::new(),
            group_first: vec![0],
            succ: Vec::new(),
            reached: vec![false; s.nodes.len()],
            offered: vec![false; alt_base.len()],
            option_base,
            alt_base,
            drawn: vec![false; alts],
            complete: !vars.extreme,
            exact: true,
        }
    }

    /// Find the moves of position `p`, adding the positions they lead to.
    /// False when the exploration has to stop: `max` positions, or too
    /// many states after one option.
    fn expand(&mut self, s: &Scenario, p: usize, x: &mut Scratch, max: usize) -> bool {
        let n = self.node[p] as usize;
        let Node::Turn(turn) = s.node(n) else {
            unreachable!("only turns are positions")
        };
        x.here.copy_from_slice(self.state(p));
        let state = x.step.state_of(&x.here);
        x.offered.clear();
        x.offered.extend(
            (0..turn.options.len()).filter(|&j| engine::is_offered(&turn.options[j], state)),
        );
        let k = self.vars.len();
        for &j in &x.offered {
            self.offered[self.option_base[n] + j] = true;
            let choice = &turn.options[j];
            let Some(count) = x.step.afters(&x.here, choice, &mut x.afters) else {
                return false;
            };
            let base = self.alt_base[self.option_base[n] + j];
            for next in (0..count).map(|i| &x.afters[i * k..(i + 1) * k]) {
                x.reactions.clear();
                engine::possible_reactions(choice, x.step.state_of(next), &mut x.reactions);
                let beyond = (0..k).any(|v| {
                    let (lo, hi) = self.window[v];
                    next[v] < lo || next[v] > hi
                });
                let from = self.succ.len();
                for &(alt, to) in &x.reactions {
                    self.drawn[base + alt] = true;
                    self.reached[to] = true;
                    if matches!(s.node(to), Node::Ending(_)) {
                        self.succ.push(END);
                        continue;
                    }
                    let q = match self.find(to, next) {
                        Some(q) => q,
                        None if self.node.len() >= max => return false,
                        None => {
                            self.exact &= !beyond;
                            self.insert(to, next)
                        }
                    };
                    self.succ.push(q);
                }
                self.succ[from..].sort_unstable();
                let kept = dedup_tail(&mut self.succ, from);
                self.succ.truncate(kept);
                self.group_option.push(j as u32);
                self.group_first.push(self.succ.len() as u32);
            }
        }
        self.first.push(self.group_option.len() as u32);
        true
    }
}

/// Remove repeats from the sorted `v[from..]`; the new length of `v`.
fn dedup_tail(v: &mut [u32], from: usize) -> usize {
    let mut kept = from;
    for i in from..v.len() {
        if i == from || v[i] != v[kept - 1] {
            v[kept] = v[i];
            kept += 1;
        }
    }
    kept
}

/// Keys that are hashes already ([`hash_of`]), used as they are.
#[derive(Default)]
struct Hashed(u64);

impl Hasher for Hashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A hash of a position (FNV-1a over its words, then mixed): equal
/// positions are still told apart by comparing them.
fn hash_of(node: usize, values: &[i32]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for w in std::iter::once(node as u64).chain(values.iter().map(|&v| u64::from(v as u32))) {
        h = (h ^ w).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^ (h >> 29)
}

impl Reach {
    /// Whether every position was explored: only then are the findings
    /// below given.
    pub fn complete(&self) -> bool {
        self.complete
    }

    /// Whether no value ever went beyond its window, so that positions are
    /// exactly the states sessions reach.
    pub fn exact(&self) -> bool {
        self.exact
    }

    /// Positions found.
    pub fn positions(&self) -> usize {
        self.node.len()
    }

    /// The followed variables (those some condition reads), in the order
    /// of a position's state.
    pub fn vars(&self) -> &[String] {
        &self.vars
    }

    /// The node of position `p`.
    pub fn node_of(&self, p: usize) -> usize {
        self.node[p] as usize
    }

    /// The client state at position `p`, one value per [`Reach::vars`];
    /// a value just outside its window stands for all values beyond.
    pub fn state(&self, p: usize) -> &[i32] {
        let k = self.vars.len();
        &self.values[p * k..(p + 1) * k]
    }

    /// Whether some session arrives at node `n`. Without
    /// [`Reach::exact`], `true` may be an over-estimate.
    pub fn reached(&self, n: usize) -> bool {
        self.reached[n]
    }

    /// Whether option `j` of turn `n` is offered at some position.
    pub fn offered(&self, n: usize, j: usize) -> bool {
        self.offered[self.option_base[n] + j]
    }

    /// Whether alternative `i` of option `j` of turn `n` (0 for a `next`)
    /// can be drawn at some position.
    pub fn drawn(&self, n: usize, j: usize, i: usize) -> bool {
        self.drawn[self.alt_base[self.option_base[n] + j] + i]
    }

    /// The values `var` takes at the positions at node `n`.
    pub fn range(&self, n: usize, var: &str) -> Option<Range> {
        let v = self.vars.iter().position(|x| x == var)?;
        let (lo, hi) = self.window[v];
        let mut out: Option<Range> = None;
        for p in (0..self.node.len()).filter(|&p| self.node[p] as usize == n) {
            let x = self.state(p)[v];
            // Below the window, values go down without a bound; above it,
            // up.
            let (min, max) = ((x >= lo).then_some(x), (x <= hi).then_some(x));
            out = Some(match out {
                None => Range { min, max },
                Some(r) => Range {
                    min: r.min.zip(min).map(|(a, b)| a.min(b)),
                    max: r.max.zip(max).map(|(a, b)| a.max(b)),
                },
            });
        }
        out
    }

    fn find(&self, node: usize, values: &[i32]) -> Option<u32> {
        let mut at = self.by_hash.get(&hash_of(node, values)).copied();
        while let Some(p) = at.filter(|&p| p != NONE) {
            if self.node[p as usize] as usize == node && self.state(p as usize) == values {
                return Some(p);
            }
            at = Some(self.chain[p as usize]);
        }
        None
    }

    fn insert(&mut self, node: usize, values: &[i32]) -> u32 {
        let p = self.node.len() as u32;
        self.node.push(node as u32);
        self.values.extend_from_slice(values);
        let previous = self.by_hash.insert(hash_of(node, values), p);
        self.chain.push(previous.unwrap_or(NONE));
        p
    }

    /// The groups of moves of position `p`.
    fn groups(&self, p: usize) -> std::ops::Range<usize> {
        self.first[p] as usize..self.first[p + 1] as usize
    }

    fn group_succ(&self, g: usize) -> &[u32] {
        &self.succ[self.group_first[g] as usize..self.group_first[g + 1] as usize]
    }

    /// Every position one move from `p` (not endings).
    fn moves(&self, p: usize) -> impl Iterator<Item = usize> + '_ {
        self.groups(p)
            .flat_map(|g| self.group_succ(g).iter())
            .filter(|&&q| q != END)
            .map(|&q| q as usize)
    }

    /// Which positions the exploration can lead to an ending from (without
    /// [`Reach::exact`], an over-estimate).
    fn may_end(&self) -> Vec<bool> {
        let n = self.node.len();
        let mut live = vec![false; n];
        let mut preds: Vec<Vec<u32>> = vec![Vec::new(); n];
        let mut stack = Vec::new();
        for p in 0..n {
            let mut ends = false;
            for g in self.groups(p) {
                for &q in self.group_succ(g) {
                    if q == END {
                        ends = true;
                    } else {
                        preds[q as usize].push(p as u32);
                    }
                }
            }
            if ends {
                stack.push(p);
            }
        }
        for &p in &stack {
            live[p] = true;
        }
        while let Some(q) = stack.pop() {
            for &p in &preds[q] {
                if !live[p as usize] {
                    live[p as usize] = true;
                    stack.push(p as usize);
                }
            }
        }
        live
    }

    /// Which positions certainly lead to an ending: some option is offered
    /// there after which, whatever the values beyond the windows were, a
    /// reaction leads to an ending or to such a position. With
    /// [`Reach::exact`], the same as [`Reach::may_end`].
    fn must_end(&self) -> Vec<bool> {
        let n = self.node.len();
        let groups = self.group_option.len();
        // Per group: its position, and the first group of its option there.
        let mut owner = vec![0u32; groups];
        let mut block = vec![0u32; groups];
        // Per block (first group of an option at a position): groups of it
        // not yet known to lead to an ending.
        let mut open = vec![0u32; groups];
        let mut sat = vec![false; groups];
        let mut users: Vec<Vec<u32>> = vec![Vec::new(); n];
        for p in 0..n {
            let mut start = usize::MAX;
            for g in self.groups(p) {
                owner[g] = p as u32;
                if start == usize::MAX || self.group_option[g] != self.group_option[start] {
                    start = g;
                }
                block[g] = start as u32;
                open[start] += 1;
                for &q in self.group_succ(g) {
                    if q == END {
                        sat[g] = true;
                    } else {
                        users[q as usize].push(g as u32);
                    }
                }
            }
        }
        let mut live = vec![false; n];
        let mut stack = Vec::new();
        let mut settle = |g: usize, live: &mut Vec<bool>, stack: &mut Vec<usize>| {
            let b = block[g] as usize;
            open[b] -= 1;
            let p = owner[g] as usize;
            if open[b] == 0 && !live[p] {
                live[p] = true;
                stack.push(p);
            }
        };
        let ready: Vec<usize> = (0..groups).filter(|&g| sat[g]).collect();
        for g in ready {
            settle(g, &mut live, &mut stack);
        }
        while let Some(q) = stack.pop() {
            for &g in &users[q] {
                let g = g as usize;
                if !sat[g] {
                    sat[g] = true;
                    settle(g, &mut live, &mut stack);
                }
            }
        }
        live
    }

    /// Whether every session can always still reach an ending: `Some(true)`
    /// when that is proven, `Some(false)` when a session can get stuck
    /// ([`Reach::stuck`] says where), `None` when the exploration could
    /// not decide.
    pub fn always_ends(&self, s: &Scenario) -> Option<bool> {
        if !self.complete {
            return None;
        }
        if self.must_end().iter().all(|&l| l) {
            return Some(true);
        }
        if !self.stuck(s).is_empty() {
            return Some(false);
        }
        None
    }

    /// The turns where sessions can get stuck, in file order; empty unless
    /// the exploration was complete.
    ///
    /// A position is stuck when no ending can be reached from it. Every
    /// move from a stuck position leads to another, so a stuck session
    /// ends up going round a group of positions it cannot leave (a bottom
    /// strongly connected component). Each such group has a turn where an
    /// option is not offered, or a reaction cannot be drawn, that would
    /// lead outside the group's turns: otherwise the graph itself would
    /// have no way to an ending there, which validation rejects. Those
    /// turns are reported, once each, with the states a session is shown
    /// to reach there.
    pub fn stuck(&self, s: &Scenario) -> Vec<Stuck> {
        if !self.complete {
            return Vec::new();
        }
        let live = self.may_end();
        let traps = self.traps(&live);
        if traps.is_empty() {
            return Vec::new();
        }
        let witness = self.witnesses(s, &live, &traps);
        let mut found: BTreeMap<usize, Stuck> = BTreeMap::new();
        for trap in &traps {
            let around: BTreeSet<usize> = trap.iter().map(|&p| self.node_of(p)).collect();
            for &p in trap {
                if !witness.contains_key(&p) {
                    continue;
                }
                let exits = self.closed_ways(s, p, |to| !around.contains(&to));
                if exits.is_empty() {
                    continue;
                }
                let n = self.node_of(p);
                let entry = found.entry(n).or_insert_with(|| Stuck {
                    node: n,
                    states: Vec::new(),
                    exits: Vec::new(),
                    around: Vec::new(),
                });
                entry.exits.extend(exits);
                entry.around.extend(around.iter().copied());
            }
        }
        // The states named are every one a session is stuck in at the
        // turn, whether it goes round there or passes on.
        let mut named: Vec<(usize, usize, &Vec<i32>)> = witness
            .iter()
            .filter(|(p, _)| found.contains_key(&self.node_of(**p)))
            .map(|(&p, (order, values))| (*order, self.node_of(p), values))
            .collect();
        named.sort();
        for (_, n, values) in named {
            if let Some(entry) = found.get_mut(&n) {
                entry.states.push(values.clone());
            }
        }
        found
            .into_values()
            .map(|mut st| {
                st.exits.sort_unstable();
                st.exits.dedup();
                st.around.sort_unstable();
                st.around.dedup();
                st
            })
            .collect()
    }

    /// The groups of positions a stuck session cannot leave: the bottom
    /// strongly connected components of the positions not `live`, each
    /// in the order found.
    fn traps(&self, live: &[bool]) -> Vec<Vec<usize>> {
        let doomed: Vec<usize> = (0..self.node.len()).filter(|&p| !live[p]).collect();
        if doomed.is_empty() {
            return Vec::new();
        }
        let mut local = vec![usize::MAX; self.node.len()];
        for (i, &p) in doomed.iter().enumerate() {
            local[p] = i;
        }
        let adj: Vec<Vec<usize>> = doomed
            .iter()
            .map(|&p| self.moves(p).map(|q| local[q]).collect())
            .collect();
        let components = graph::strongly_connected(&adj);
        let mut component = vec![0; doomed.len()];
        for (c, members) in components.iter().enumerate() {
            for &i in members {
                component[i] = c;
            }
        }
        components
            .iter()
            .enumerate()
            .filter(|(c, members)| {
                members
                    .iter()
                    .all(|&i| adj[i].iter().all(|&j| component[j] == *c))
            })
            .map(|(_, members)| members.iter().map(|&i| doomed[i]).collect())
            .collect()
    }

    /// For positions from which no ending can be reached (not `live`): a
    /// state some session arrives at them in, with the order it was found
    /// in (breadth first: the earliest in a session first). Every position
    /// is its own when the exploration was exact. Otherwise exact
    /// explorations, larger each time up to [`MAX_POSITIONS`], look for
    /// sessions that arrive in them, until each of the `traps` has one.
    fn witnesses(
        &self,
        s: &Scenario,
        live: &[bool],
        traps: &[Vec<usize>],
    ) -> HashMap<usize, (usize, Vec<i32>)> {
        let mut out = HashMap::new();
        if self.exact {
            for p in (0..self.node.len()).filter(|&p| !live[p]) {
                out.insert(p, (p, self.state(p).to_vec()));
            }
            return out;
        }
        let vars = Vars::of(s);
        let k = self.vars.len();
        let mut seen = vec![0; k];
        let mut budget = 1_000;
        loop {
            out.clear();
            let concrete = run(s, &vars, None, budget);
            for q in 0..concrete.node.len() {
                let values = concrete.state(q);
                for v in 0..k {
                    let (lo, hi) = self.window[v];
                    seen[v] = values[v].clamp(lo - 1, hi + 1);
                }
                if let Some(p) = self.find(concrete.node_of(q), &seen) {
                    let p = p as usize;
                    if !live[p] {
                        out.entry(p).or_insert_with(|| (q, values.to_vec()));
                    }
                }
            }
            let all = traps.iter().all(|t| t.iter().any(|p| out.contains_key(p)));
            if all || concrete.complete || budget >= MAX_POSITIONS {
                return out;
            }
            budget = (budget * 10).min(MAX_POSITIONS);
        }
    }

    /// The ways out of position `p` that are closed in its state and lead
    /// to a node for which `counts` holds.
    fn closed_ways(&self, s: &Scenario, p: usize, counts: impl Fn(usize) -> bool) -> Vec<Way> {
        let n = self.node_of(p);
        let Node::Turn(turn) = s.node(n) else {
            return Vec::new();
        };
        let mut step = Step::new(self);
        let here = self.state(p);
        let k = here.len();
        let mut afters = Vec::new();
        let mut ways = Vec::new();
        for (j, o) in turn.options.iter().enumerate() {
            if !engine::is_offered(o, step.state_of(here)) {
                if o.next.targets().into_iter().any(&counts) {
                    ways.push(Way::Option { node: n, option: j });
                }
                continue;
            }
            let Next::Branch(alts) = &o.next else {
                continue;
            };
            // Which alternatives are open after the effects, for any of
            // the states the followed variables can be in then.
            let mut open = vec![false; alts.len()];
            // Complete explorations never had too many states here.
            let count = step.afters(here, o, &mut afters).unwrap_or(0);
            for next in (0..count).map(|i| &afters[i * k..(i + 1) * k]) {
                for (i, _) in engine::open_alternatives(alts, step.state_of(next)) {
                    open[i] = true;
                }
            }
            for (i, a) in alts.iter().enumerate() {
                if !open[i] && counts(a.to) {
                    ways.push(Way::Reaction {
                        node: n,
                        option: j,
                        alternative: i,
                    });
                }
            }
        }
        ways
    }

    /// The nodes that the graph leads to from `start` and no session
    /// reaches, in file order; empty unless the exploration was complete.
    pub fn unreached(&self, s: &Scenario) -> Vec<Unreached> {
        if !self.complete {
            return Vec::new();
        }
        let adj = graph::adjacency(s);
        let mut linked = vec![false; s.nodes.len()];
        linked[s.start] = true;
        let mut stack = vec![s.start];
        while let Some(i) = stack.pop() {
            for &j in &adj[i] {
                if !linked[j] {
                    linked[j] = true;
                    stack.push(j);
                }
            }
        }
        let mut out = Vec::new();
        for x in (0..s.nodes.len()).filter(|&x| linked[x] && !self.reached[x]) {
            let mut closed = Vec::new();
            let mut only_from = Vec::new();
            for (n, node) in s.nodes.iter().enumerate() {
                let Node::Turn(t) = node else { continue };
                for (j, o) in t.options.iter().enumerate() {
                    if !o.next.targets().contains(&x) {
                        continue;
                    }
                    if !self.reached[n] {
                        if only_from.last() != Some(&n) {
                            only_from.push(n);
                        }
                    } else if !self.offered(n, j) {
                        closed.push(Way::Option { node: n, option: j });
                    } else if let Next::Branch(alts) = &o.next {
                        closed.extend(alts.iter().enumerate().filter(|(_, a)| a.to == x).map(
                            |(i, _)| Way::Reaction {
                                node: n,
                                option: j,
                                alternative: i,
                            },
                        ));
                    }
                }
            }
            out.push(Unreached {
                node: x,
                closed,
                only_from,
            });
        }
        out
    }

    /// The options never offered at turns sessions reach, as `(turn,
    /// option)` in file order; empty unless the exploration was complete.
    pub fn never_offered(&self, s: &Scenario) -> Vec<(usize, usize)> {
        if !self.complete {
            return Vec::new();
        }
        let mut out = Vec::new();
        for (n, node) in s.nodes.iter().enumerate() {
            let Node::Turn(t) = node else { continue };
            if self.reached[n] {
                out.extend(
                    (0..t.options.len())
                        .filter(|&j| !self.offered(n, j))
                        .map(|j| (n, j)),
                );
            }
        }
        out
    }

    /// The branch alternatives never drawn although their option is
    /// offered, as [`Way::Reaction`]s in file order; empty unless the
    /// exploration was complete.
    pub fn never_drawn(&self, s: &Scenario) -> Vec<Way> {
        if !self.complete {
            return Vec::new();
        }
        let mut out = Vec::new();
        for (n, node) in s.nodes.iter().enumerate() {
            let Node::Turn(t) = node else { continue };
            for (j, o) in t.options.iter().enumerate() {
                let Next::Branch(alts) = &o.next else {
                    continue;
                };
                if self.offered(n, j) {
                    out.extend((0..alts.len()).filter(|&i| !self.drawn(n, j, i)).map(|i| {
                        Way::Reaction {
                            node: n,
                            option: j,
                            alternative: i,
                        }
                    }));
                }
            }
        }
        out
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Tiny scenarios written inline: `a` is always the start.

    use std::path::Path;

    use crate::model::Scenario;

    /// The text of a scenario with the given `state` entries and nodes.
    pub(crate) fn text(state: &str, nodes: &[String]) -> String {
        format!(
            "Scenario(\n    format: 1,\n    id: \"t\",\n    title: \"T\",\n    premise: \"P\",\n    \
             difficulty: Beginner,\n    ruptures: [Withdrawal],\n    client: (name: \"A\", age: 30, \
             background: \"B\", concern: \"C\"),\n    setting: \"S\",\n    state: {{ {state} }},\n    \
             start: \"a\",\n    nodes: [\n{}    ],\n)\n",
            nodes.concat()
        )
    }

    /// A client turn.
    pub(crate) fn turn(id: &str, options: &[String]) -> String {
        format!(
            "        Client(\n            id: \"{id}\",\n            line: \"L\",\n            \
             affect: Flat,\n            options: [\n{}            ],\n        ),\n",
            options.concat()
        )
    }

    /// An option; `rest` holds its `next` or `branch`, and any `when` and
    /// `effects`.
    pub(crate) fn option(id: &str, rest: &str) -> String {
        format!(
            "                (id: \"{id}\", label: \"{id}\", says: \"S\", strategy: Reflect, \
             attunement: 3, ownership: None, rationale: \"R\", {rest}),\n"
        )
    }

    pub(crate) fn ending(id: &str) -> String {
        format!("        Ending(id: \"{id}\", kind: Unresolved, title: \"T\", summary: \"S\"),\n")
    }

    /// The scenario `text` describes, which must load.
    pub(crate) fn load(text: &str) -> Scenario {
        let loaded = crate::load::load_str(Path::new("t.ron"), text);
        loaded
            .scenario
            .unwrap_or_else(|| panic!("{}\n{text}", crate::diag::render(&loaded.diagnostics)))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    use super::testing::{ending, load, option, text, turn};
    use super::*;
    use crate::engine::Session;

    fn index(s: &Scenario, id: &str) -> usize {
        s.node_index(id).unwrap()
    }

    /// The only exit of `a` needs x > 5, and nothing changes x.
    fn guarded_exit() -> Scenario {
        load(&text(
            "\"x\": 0",
            &[
                turn(
                    "a",
                    &[
                        option("wait", "next: \"a\""),
                        option("leave", "when: \"x > 5\", next: \"end\""),
                    ],
                ),
                ending("end"),
            ],
        ))
    }

    #[test]
    fn an_exit_that_never_opens_is_stuck_with_its_state_and_guard() {
        let s = guarded_exit();
        let r = explore(&s);
        assert!(r.complete() && r.exact());
        assert_eq!(r.positions(), 1);
        let a = index(&s, "a");
        assert_eq!(
            r.stuck(&s),
            [Stuck {
                node: a,
                states: vec![vec![0]],
                exits: vec![Way::Option { node: a, option: 1 }],
                around: vec![a],
            }]
        );
        assert_eq!(r.always_ends(&s), Some(false));
        assert_eq!(r.never_offered(&s), [(a, 1)]);
        assert_eq!(
            r.unreached(&s),
            [Unreached {
                node: index(&s, "end"),
                closed: vec![Way::Option { node: a, option: 1 }],
                only_from: vec![],
            }]
        );
        let way = Way::Option { node: a, option: 1 };
        assert_eq!(way.condition(&s).unwrap().to_string(), "x > 5");
    }

    #[test]
    fn a_counter_that_opens_the_exit_is_not_stuck() {
        let s = load(&text(
            "\"x\": 0",
            &[
                turn(
                    "a",
                    &[
                        option("wait", "effects: { \"x\": 1 }, next: \"a\""),
                        option("leave", "when: \"x >= 3\", next: \"end\""),
                    ],
                ),
                ending("end"),
            ],
        ));
        let r = explore(&s);
        assert!(r.complete());
        // x can grow without end round the loop: beyond 3 + 4 steps it is
        // one value, "above".
        assert!(!r.exact());
        assert_eq!(r.positions(), 9, "x = 0..=7 and above");
        assert_eq!(r.always_ends(&s), Some(true));
        assert!(r.stuck(&s).is_empty());
        assert!(r.never_offered(&s).is_empty());
        assert!(r.unreached(&s).is_empty());
        assert_eq!(
            r.range(index(&s, "a"), "x"),
            Some(Range {
                min: Some(0),
                max: None
            })
        );
    }

    #[test]
    fn a_counter_moving_away_from_the_exit_is_stuck_and_shown_by_a_session() {
        // x only grows, and the exit needs x < 0; a second variable that a
        // condition reads also grows without end.
        let s = load(&text(
            "\"x\": 0, \"y\": 0",
            &[
                turn(
                    "a",
                    &[
                        option("wait", "effects: { \"x\": 1, \"y\": 2 }, next: \"a\""),
                        option("leave", "when: \"x < 0\", next: \"end\""),
                        option("bonus", "when: \"y >= 3\", next: \"a\""),
                    ],
                ),
                ending("end"),
            ],
        ));
        let r = explore(&s);
        assert!(r.complete() && !r.exact());
        let stuck = r.stuck(&s);
        let a = index(&s, "a");
        assert_eq!(stuck.len(), 1, "{stuck:?}");
        assert_eq!(stuck[0].node, a);
        assert_eq!(stuck[0].exits, [Way::Option { node: a, option: 1 }]);
        // The states are the ones sessions reach, earliest first.
        assert_eq!(stuck[0].states[0], [0, 0]);
        assert!(stuck[0].states.iter().all(|v| v[1] == 2 * v[0]));
        assert_eq!(r.always_ends(&s), Some(false));
        assert_eq!(r.never_offered(&s), [(a, 1)]);
    }

    #[test]
    fn a_bounded_exploration_claims_nothing() {
        let s = guarded_exit();
        let r = explore_bounded(&s, 0);
        assert!(!r.complete());
        assert!(r.stuck(&s).is_empty());
        assert!(r.never_offered(&s).is_empty());
        assert!(r.unreached(&s).is_empty());
        assert!(r.never_drawn(&s).is_empty());
        assert_eq!(r.always_ends(&s), None);
        // Two turns, two positions: a bound of one is not enough.
        let two = load(&text(
            "\"x\": 0",
            &[
                turn("a", &[option("on", "next: \"b\"")]),
                turn(
                    "b",
                    &[
                        option("wait", "next: \"b\""),
                        option("leave", "when: \"x > 5\", next: \"end\""),
                    ],
                ),
                ending("end"),
            ],
        ));
        let r = explore_bounded(&two, 1);
        assert!(!r.complete());
        assert!(r.stuck(&two).is_empty());
        assert_eq!(explore_bounded(&two, 2).stuck(&two).len(), 1);
    }

    #[test]
    fn reactions_are_checked_after_the_effects() {
        let s = load(&text(
            "\"x\": 0",
            &[
                turn(
                    "a",
                    &[option(
                        "try",
                        "effects: { \"x\": 1 }, branch: [(to: \"end\", weight: 1, when: \"x >= 1\"), \
                         (to: \"b\", weight: 1)]",
                    )],
                ),
                turn(
                    "b",
                    &[option(
                        "again",
                        "branch: [(to: \"end\", weight: 1, when: \"x >= 5\"), (to: \"end\", weight: 1)]",
                    )],
                ),
                ending("end"),
            ],
        ));
        let r = explore(&s);
        assert!(r.exact());
        assert!(r.stuck(&s).is_empty());
        let b = index(&s, "b");
        assert!(r.drawn(index(&s, "a"), 0, 0));
        assert_eq!(
            r.never_drawn(&s),
            [Way::Reaction {
                node: b,
                option: 0,
                alternative: 0
            }]
        );
    }

    #[test]
    fn a_turn_reached_only_through_a_closed_way_is_unreached_and_so_is_what_follows() {
        let s = load(&text(
            "\"x\": 0",
            &[
                turn(
                    "a",
                    &[
                        option("go", "next: \"end\""),
                        option("secret", "when: \"x == 9\", next: \"b\""),
                    ],
                ),
                turn("b", &[option("on", "next: \"c\"")]),
                turn("c", &[option("on", "next: \"end\"")]),
                ending("end"),
            ],
        ));
        let r = explore(&s);
        let (a, b, c) = (index(&s, "a"), index(&s, "b"), index(&s, "c"));
        assert_eq!(
            r.unreached(&s),
            [
                Unreached {
                    node: b,
                    closed: vec![Way::Option { node: a, option: 1 }],
                    only_from: vec![],
                },
                Unreached {
                    node: c,
                    closed: vec![],
                    only_from: vec![b],
                },
            ]
        );
        // Options at turns never reached are not "never offered": the turn
        // is reported instead.
        assert_eq!(r.never_offered(&s), [(a, 1)]);
    }

    #[test]
    fn stuck_sessions_going_round_several_turns_are_reported_where_the_exit_is() {
        let s = load(&text(
            "\"x\": 0",
            &[
                turn("a", &[option("on", "next: \"b\"")]),
                turn("b", &[option("on", "next: \"c\"")]),
                turn(
                    "c",
                    &[
                        option("round", "next: \"b\""),
                        option("out", "next: \"d\", when: \"x >= 1\""),
                    ],
                ),
                turn("d", &[option("end", "next: \"end\"")]),
                ending("end"),
            ],
        ));
        let r = explore(&s);
        let stuck = r.stuck(&s);
        let (b, c) = (index(&s, "b"), index(&s, "c"));
        assert_eq!(stuck.len(), 1, "{stuck:?}");
        assert_eq!(stuck[0].node, c);
        assert_eq!(stuck[0].around, [b, c]);
    }

    #[test]
    fn windows_follow_every_value_a_variable_can_take_without_a_loop() {
        // Along the path x goes 0, 10, 20, 30: no loop moves it, so every
        // value is followed exactly although the constant is 1.
        let s = load(&text(
            "\"x\": 0",
            &[
                turn("a", &[option("on", "effects: { \"x\": 10 }, next: \"b\"")]),
                turn("b", &[option("on", "effects: { \"x\": 10 }, next: \"c\"")]),
                turn(
                    "c",
                    &[
                        option("on", "effects: { \"x\": 10 }, next: \"end\""),
                        option("low", "when: \"x < 1\", next: \"end\""),
                    ],
                ),
                ending("end"),
            ],
        ));
        let r = explore(&s);
        assert!(r.exact());
        assert_eq!(
            r.range(index(&s, "c"), "x"),
            Some(Range {
                min: Some(20),
                max: Some(20)
            })
        );
    }

    #[test]
    fn values_beyond_the_window_are_followed_back_into_it() {
        let mut out = Vec::new();
        // Window 0..=5: -1 is "below", 6 "above".
        assert!(after_effect(6, 4, (0, 5), &mut out));
        assert_eq!(out, [4, 5, 6]);
        out.clear();
        after_effect(6, 7, (0, 5), &mut out);
        assert_eq!(out, [6]);
        out.clear();
        after_effect(-1, 2, (0, 5), &mut out);
        assert_eq!(out, [-1, 0, 1, 2]);
        out.clear();
        after_effect(6, -4, (0, 5), &mut out);
        assert_eq!(out, [-1, 0, 1, 2, 3, 4, 5, 6]);
        out.clear();
        after_effect(3, 9, (0, 5), &mut out);
        assert_eq!(out, [6]);
        // From far beyond a huge window: too many values to follow.
        out.clear();
        assert!(!after_effect(i32::MAX - 1, 0, (0, i32::MAX - 2), &mut out));
        assert!(out.is_empty());
    }

    /// Every state a session of a shipped scenario is in, played at
    /// random, is one the exploration found, and everything offered or
    /// drawn in it was marked so.
    #[test]
    fn sessions_never_go_where_the_exploration_did_not() {
        for e in std::fs::read_dir("scenarios").unwrap() {
            let path = e.unwrap().path();
            let s = Arc::new(crate::load::load_file(&path).scenario.unwrap());
            let r = explore(&s);
            assert!(r.complete(), "{}", path.display());
            let mut pick = ChaCha8Rng::seed_from_u64(5);
            for seed in 0..300 {
                let mut session = Session::new(Arc::clone(&s), seed);
                while !session.is_ended() {
                    let n = session.current_index();
                    let state: Vec<i32> = r
                        .vars()
                        .iter()
                        .enumerate()
                        .map(|(v, name)| {
                            let (lo, hi) = r.window[v];
                            session.state()[name].clamp(lo - 1, hi + 1)
                        })
                        .collect();
                    assert!(
                        r.find(n, &state).is_some(),
                        "{}: {state:?} at `{}`",
                        path.display(),
                        s.node(n).id()
                    );
                    let offered = session.offered_indices().to_vec();
                    for &j in &offered {
                        assert!(r.offered(n, j));
                    }
                    let j = offered[crate::engine::below(&mut pick, offered.len() as u64) as usize];
                    let Node::Turn(t) = s.node(n) else {
                        unreachable!()
                    };
                    session.choose(&t.options[j].id, 0).unwrap();
                    assert!(r.drawn(n, j, session.last_draw().unwrap_or(0)));
                }
                assert!(r.reached(session.current_index()));
            }
        }
    }
}
