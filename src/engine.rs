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
//! The order options are shown in is a permutation keyed by the seed and
//! the node ([`Order`]); logs record which rule their session used.
//!
//! Client-state values stay within [`STATE_MIN`]..=[`STATE_MAX`] however
//! often effects add up ([`apply_effect`]), and a session that has not
//! ended after [`MAX_TURNS`] turns is stopped.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::format::{Affect, CheckIn, EndingKind, Marker, OptionKind};
use crate::model::{Alternative, Choice, Next, Node, STATE_MAX, STATE_MIN, Scenario, State, Turn};
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

/// An option as the trainee sees it, in the shuffled order for this
/// session. Its texts are the scenario's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offered<'a> {
    /// 1-based position as shown.
    pub number: usize,
    /// Where the option sits in its turn's `options`.
    pub index: usize,
    pub id: &'a str,
    pub label: &'a str,
    pub says: &'a str,
    pub kind: OptionKind,
}

/// The options offered at a turn, in display order: the turn and the
/// indices of its options, nothing copied. Empty at an ending.
#[derive(Clone, Copy)]
pub struct Offers<'a> {
    turn: Option<&'a Turn>,
    order: &'a [usize],
}

impl<'a> Offers<'a> {
    /// How many options are offered.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The option shown in position `n` (from 0; its number is `n + 1`).
    #[inline]
    pub fn get(&self, n: usize) -> Option<Offered<'a>> {
        let turn = self.turn?;
        let &index = self.order.get(n)?;
        let c = &turn.options[index];
        Some(Offered {
            number: n + 1,
            index,
            id: &c.id,
            label: &c.label,
            says: &c.says,
            kind: c.kind,
        })
    }

    /// The option shown in position `n` (from 0); panics if there is none.
    #[inline]
    pub fn at(&self, n: usize) -> Offered<'a> {
        self.get(n)
            .unwrap_or_else(|| panic!("{} options are offered, not {}", self.len(), n + 1))
    }

    /// The options in display order.
    pub fn iter(&self) -> OffersIter<'a> {
        OffersIter {
            offers: *self,
            next: 0,
        }
    }

    /// The offered option with id `id`.
    pub fn find(&self, id: &str) -> Option<Offered<'a>> {
        self.iter().find(|o| o.id == id)
    }

    /// The ids of the options, in display order.
    pub fn ids(&self) -> impl ExactSizeIterator<Item = &'a str> + 'a {
        self.iter().map(|o| o.id)
    }

    /// Where the options sit in the turn's `options`, in display order.
    pub fn indices(&self) -> &'a [usize] {
        self.order
    }

    /// The options, collected.
    pub fn to_vec(&self) -> Vec<Offered<'a>> {
        self.iter().collect()
    }
}

/// The options of [`Offers`], in display order.
#[derive(Debug, Clone)]
pub struct OffersIter<'a> {
    offers: Offers<'a>,
    next: usize,
}

impl<'a> Iterator for OffersIter<'a> {
    type Item = Offered<'a>;

    fn next(&mut self) -> Option<Offered<'a>> {
        let o = self.offers.get(self.next)?;
        self.next += 1;
        Some(o)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.offers.len() - self.next;
        (left, Some(left))
    }
}

impl ExactSizeIterator for OffersIter<'_> {}

impl<'a> IntoIterator for Offers<'a> {
    type Item = Offered<'a>;
    type IntoIter = OffersIter<'a>;

    fn into_iter(self) -> OffersIter<'a> {
        self.iter()
    }
}

impl<'a> IntoIterator for &Offers<'a> {
    type Item = Offered<'a>;
    type IntoIter = OffersIter<'a>;

    fn into_iter(self) -> OffersIter<'a> {
        self.iter()
    }
}

impl PartialEq for Offers<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Offers<'_> {}

impl fmt::Debug for Offers<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// What happens next in a session, as [`Session::poll`] gives it. Texts
/// are the scenario's own, borrowed, not copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event<'a> {
    /// The client speaks.
    ClientSays {
        node: &'a str,
        line: &'a str,
        cue: &'a str,
        affect: Affect,
        marker: Option<&'a Marker>,
    },
    /// A moment to notice one's own reaction before answering.
    CheckIn(&'a CheckIn),
    /// The trainee's options at this turn.
    Options(Offers<'a>),
    /// The session is over.
    Ended {
        node: &'a str,
        kind: EndingKind,
        title: &'a str,
        summary: &'a str,
    },
}

/// One completed turn, by indices into the scenario (see the methods for
/// the ids they stand for).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TurnRecord {
    /// The turn's index in the scenario's `nodes`.
    pub node: usize,
    /// The chosen option's index in the turn's `options`.
    pub option: usize,
    pub latency_ms: u64,
    pub inner_note: Option<String>,
    /// What the trainee would say, in their own words, typed before the
    /// options were shown (say-first practice).
    pub own_words: Option<String>,
    /// The index of the node the client's reaction led to.
    pub reaction: usize,
}

impl TurnRecord {
    /// The turn answered.
    pub fn turn<'a>(&self, s: &'a Scenario) -> &'a Turn {
        match s.node(self.node) {
            Node::Turn(t) => t,
            Node::Ending(e) => panic!("a turn record names ending `{}`", e.id),
        }
    }

    /// The option chosen.
    pub fn choice<'a>(&self, s: &'a Scenario) -> &'a Choice {
        &self.turn(s).options[self.option]
    }

    /// The id of the turn answered.
    pub fn node_id<'a>(&self, s: &'a Scenario) -> &'a str {
        s.node(self.node).id()
    }

    /// The id of the option chosen.
    pub fn option_id<'a>(&self, s: &'a Scenario) -> &'a str {
        &self.choice(s).id
    }

    /// The id of the node the client's reaction led to.
    pub fn reaction_id<'a>(&self, s: &'a Scenario) -> &'a str {
        s.node(self.reaction).id()
    }
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

/// How a session orders the options at a turn. The order depends only on
/// the seed and the node, so a turn shows the same order each time it
/// comes round; a log replays with the rule its session used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// A ChaCha8 stream per node (logs of formats 1 and 2).
    Stream,
    /// A keyed permutation: the same quality of shuffle, without setting up
    /// a generator at every turn (logs of format 3 on).
    Keyed,
}

impl Order {
    /// The rule new sessions use.
    pub const CURRENT: Order = Order::Keyed;

    /// The rule sessions written in a log of this format used.
    pub fn of_log_format(format: u32) -> Order {
        if format <= 2 {
            Order::Stream
        } else {
            Order::Keyed
        }
    }
}

#[derive(Debug, Clone)]
pub struct Session {
    scenario: Arc<Scenario>,
    seed: u64,
    order: Order,
    /// The generator of branch draws, seeded from the session seed on the
    /// first draw (many sessions never draw).
    rng: Option<ChaCha8Rng>,
    /// Turns played, recorded or not.
    played: usize,
    /// Whether turns are kept as [`TurnRecord`]s (off for mass simulation).
    recording: bool,
    /// The client state: one value per variable, by index
    /// ([`Scenario::vars`]).
    state: Vec<i32>,
    current: usize,
    offered: Vec<usize>,
    /// How many of the current node's events [`Session::poll`] has given.
    /// Events are built as they are read, not when a node is entered.
    read: Cursor,
    turns: Vec<TurnRecord>,
    note: Option<String>,
    /// The trainee's own words for the current turn, if they gave any.
    words: Option<String>,
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
        Session::build(scenario, seed, start, Order::CURRENT)
    }

    /// A session that orders options by `order`: for replaying a log
    /// written with an earlier rule (see [`Order::of_log_format`]).
    pub fn with_order(scenario: Arc<Scenario>, seed: u64, order: Order) -> Session {
        let start = scenario.start;
        Session::build(scenario, seed, start, order)
    }

    fn build(scenario: Arc<Scenario>, seed: u64, start: usize, order: Order) -> Session {
        assert!(start < scenario.nodes.len(), "no node with index {start}");
        let state = scenario.initial.clone();
        let mut s = Session {
            rng: None,
            scenario,
            seed,
            order,
            played: 0,
            recording: true,
            state,
            current: start,
            offered: Vec::with_capacity(8),
            read: Cursor::default(),
            turns: Vec::with_capacity(16),
            note: None,
            words: None,
            drawn: None,
        };
        s.enter(start);
        s
    }

    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    /// The rule this session orders options by.
    pub fn order(&self) -> Order {
        self.order
    }

    /// Start again from the scenario's start with another seed, as
    /// [`Session::new`] would, reusing this session's buffers: for code that
    /// plays many sessions of one scenario.
    pub fn restart(&mut self, seed: u64) {
        self.seed = seed;
        self.rng = None;
        self.state.clone_from(&self.scenario.initial);
        self.played = 0;
        self.turns.clear();
        self.note = None;
        self.words = None;
        self.drawn = None;
        let start = self.scenario.start;
        self.enter(start);
    }

    /// Whether [`Session::choose_at`] keeps a [`TurnRecord`] per turn (the
    /// default) or not ([`Session::choose`] always does). Turns played
    /// without a record still count towards [`MAX_TURNS`], but are missing
    /// from [`Session::turns`] and the profile.
    pub fn set_recording(&mut self, on: bool) {
        self.recording = on;
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The next event, or `None` when the engine waits for a choice or the
    /// session has ended and every event has been read.
    ///
    /// Reading an event marks it read, yet this takes `&self`: events
    /// borrow their texts from the scenario, and so can be held while the
    /// next is read or the session is looked at. Choosing (which needs
    /// `&mut self`) ends those borrows.
    #[inline]
    pub fn poll(&self) -> Option<Event<'_>> {
        let k = self.read.get();
        let event = self.event_at(self.current, k)?;
        self.read.set(k + 1);
        Some(event)
    }

    /// All events for the current node, as [`Session::poll`] would give
    /// them after entering it; does not consume anything.
    pub fn current_events(&self) -> Vec<Event<'_>> {
        (0..)
            .map_while(|k| self.event_at(self.current, k))
            .collect()
    }

    pub fn is_ended(&self) -> bool {
        matches!(self.scenario.node(self.current), Node::Ending(_))
    }

    /// The session has had [`MAX_TURNS`] turns and has not ended: it is
    /// stopped, and [`Session::choose`] refuses another turn.
    pub fn turn_limit_reached(&self) -> bool {
        self.played >= MAX_TURNS && !self.is_ended()
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

    /// The options offered now, in display order (none at an ending).
    pub fn offered(&self) -> Offers<'_> {
        Offers {
            turn: self.current_turn(),
            order: &self.offered,
        }
    }

    /// Where the options offered now sit in the current turn's `options`,
    /// in display order; empty at an ending.
    pub fn offered_indices(&self) -> &[usize] {
        &self.offered
    }

    /// The index of the current node in the scenario's `nodes`.
    pub fn current_index(&self) -> usize {
        self.current
    }

    /// The client-state variables now, by name.
    pub fn state(&self) -> State<'_> {
        self.scenario.state_of(&self.state)
    }

    /// The client-state values now, by variable index
    /// ([`Scenario::vars`]).
    pub fn values(&self) -> &[i32] {
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

    /// Record what the trainee would say at this turn, in their own words,
    /// before seeing the options (say-first practice). Blank words are
    /// none.
    pub fn note_own_words(&mut self, words: impl Into<String>) {
        let words = words.into();
        self.words = (!words.trim().is_empty()).then(|| words.trim().to_owned());
    }

    /// Choose an option by id. `latency_ms` is how long the trainee took.
    /// Its effects change the client state within
    /// [`STATE_MIN`]..=[`STATE_MAX`] (see [`apply_effect`]).
    pub fn choose(&mut self, option_id: &str, latency_ms: u64) -> Result<&TurnRecord, EngineError> {
        let idx = self.playable(option_id)?;
        self.play(idx, latency_ms, true, None);
        Ok(self.turns.last().expect("a turn was just recorded"))
    }

    /// Choose as [`Session::choose`] does, but follow a logged turn: an
    /// option the turn still has is played even if a condition added since
    /// would no longer offer it, and when its reaction is drawn from a
    /// branch and `reaction` (a node id) is one of the alternatives open
    /// now, it goes there whatever the draw (the draw is still made, so
    /// later draws stay as they were). For replaying a log on a scenario
    /// that has changed since it was played: the trainee's session is
    /// followed as it happened, as far as the scenario still has it.
    pub fn choose_following(
        &mut self,
        option_id: &str,
        latency_ms: u64,
        reaction: &str,
    ) -> Result<&TurnRecord, EngineError> {
        let idx = match self.playable(option_id) {
            Err(not_offered @ EngineError::NotOffered { .. }) => {
                match self.scenario.node(self.current) {
                    Node::Turn(t) => t
                        .options
                        .iter()
                        .position(|o| o.id == option_id)
                        .ok_or(not_offered)?,
                    Node::Ending(_) => return Err(not_offered),
                }
            }
            other => other?,
        };
        let to = self.scenario.node_index(reaction);
        self.play(idx, latency_ms, true, to);
        Ok(self.turns.last().expect("a turn was just recorded"))
    }

    /// The index in the current turn of the option `option_id`, if it can
    /// be played now.
    fn playable(&self, option_id: &str) -> Result<usize, EngineError> {
        let Node::Turn(turn) = self.scenario.node(self.current) else {
            return Err(EngineError::Ended);
        };
        if self.played >= MAX_TURNS {
            return Err(EngineError::TurnLimit);
        }
        self.offered
            .iter()
            .copied()
            .find(|&i| turn.options[i].id == option_id)
            // The error path alone copies ids.
            .ok_or_else(|| EngineError::NotOffered {
                node: turn.id.clone(),
                option: option_id.to_owned(),
                offered: self
                    .offered
                    .iter()
                    .map(|&i| turn.options[i].id.clone())
                    .collect(),
            })
    }

    /// Choose the option at `index` in the current turn's `options` (as in
    /// [`Session::offered_indices`]); for code that plays many sessions and
    /// has no use for the record [`Session::choose`] returns. Returns
    /// whether it was offered (and so played).
    pub fn choose_at(&mut self, index: usize, latency_ms: u64) -> bool {
        let offered = self.offered.contains(&index)
            && self.played < MAX_TURNS
            && matches!(self.scenario.node(self.current), Node::Turn(_));
        if offered {
            self.play(index, latency_ms, self.recording, None);
        }
        offered
    }

    /// Play the offered option at `idx` of the current turn: effects, the
    /// reaction, the record (if `record`), and entering the next node
    /// (`prefer`, if it is an alternative open after the draw).
    fn play(&mut self, idx: usize, latency_ms: u64, record: bool, prefer: Option<usize>) {
        let scenario = Arc::clone(&self.scenario);
        let Node::Turn(turn) = scenario.node(self.current) else {
            return;
        };
        let choice = &turn.options[idx];
        apply_effects(choice, &mut self.state);
        let mut next = self.pick_next(choice);
        if let (Some(want), Next::Branch(alts)) = (prefer, &choice.next)
            && want != next
            && let Some((i, a)) = open_alternatives(alts, &self.state).find(|(_, a)| a.to == want)
        {
            self.drawn = Some(i);
            next = a.to;
        }
        self.played += 1;
        let note = self.note.take();
        let words = self.words.take();
        if record {
            self.turns.push(TurnRecord {
                node: self.current,
                option: idx,
                latency_ms,
                inner_note: note,
                own_words: words,
                reaction: next,
            });
        }
        self.enter(next);
    }

    /// The process profile of the turns so far. It reads only the chosen
    /// options (and the turn they answered), never the client's reaction.
    pub fn profile(&self) -> Profile {
        let inputs: Vec<TurnInput> = self
            .turns
            .iter()
            .map(|r| {
                let turn = r.turn(&self.scenario);
                TurnInput {
                    turn,
                    choice: &turn.options[r.option],
                    latency_ms: r.latency_ms,
                }
            })
            .collect();
        scoring::profile(&inputs)
    }

    fn pick_next(&mut self, choice: &Choice) -> usize {
        self.drawn = None;
        match &choice.next {
            Next::Node(n) => *n,
            Next::Branch(alts) => {
                let total: u64 = open_alternatives(alts, &self.state)
                    .map(|(_, a)| u64::from(a.weight))
                    .sum();
                let seed = self.seed;
                let rng = self
                    .rng
                    .get_or_insert_with(|| ChaCha8Rng::seed_from_u64(seed));
                let mut roll = below(rng, total);
                let mut last = None;
                for (i, a) in open_alternatives(alts, &self.state) {
                    if roll < u64::from(a.weight) {
                        self.drawn = Some(i);
                        return a.to;
                    }
                    roll -= u64::from(a.weight);
                    last = Some((i, a.to));
                }
                // Validation guarantees an unconditional alternative with a
                // positive weight, so the loop always returns.
                let (i, to) = last.unwrap_or((0, alts[0].to));
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
            open.reserve(t.options.len());
            for (i, c) in t.options.iter().enumerate() {
                if is_offered(c, &self.state) {
                    open.push(i);
                }
            }
            let key = self.scenario.order_key(node);
            match self.order {
                Order::Stream => shuffle(&mut open, self.seed, key),
                Order::Keyed => permute(&mut open, self.seed, key),
            }
        }
        self.offered = open;
        self.read.set(0);
    }

    /// The `k`-th event (from 0) of entering `node`: what the client says,
    /// the check-in if there is one, then the options; or the ending.
    #[inline]
    fn event_at(&self, node: usize, k: usize) -> Option<Event<'_>> {
        match self.scenario.node(node) {
            Node::Turn(t) => {
                let options = if t.checkin.is_some() { 2 } else { 1 };
                match k {
                    0 => Some(Event::ClientSays {
                        node: &t.id,
                        line: &t.line,
                        cue: &t.cue,
                        affect: t.affect,
                        marker: t.marker.as_ref(),
                    }),
                    1 if options == 2 => t.checkin.as_ref().map(Event::CheckIn),
                    k if k == options => Some(Event::Options(self.offered())),
                    _ => None,
                }
            }
            Node::Ending(e) => (k == 0).then_some(Event::Ended {
                node: &e.id,
                kind: e.kind,
                title: &e.title,
                summary: &e.summary,
            }),
        }
    }
}

/// How many of a node's events have been read: a counter [`Session::poll`]
/// advances through `&self` (atomic, so that a session can be shared
/// between threads as before; it is never contended).
#[derive(Default)]
struct Cursor(AtomicUsize);

impl Cursor {
    #[inline]
    fn get(&self) -> usize {
        self.0.load(Ordering::Relaxed)
    }

    #[inline]
    fn set(&self, k: usize) {
        self.0.store(k, Ordering::Relaxed);
    }
}

impl Clone for Cursor {
    fn clone(&self) -> Cursor {
        Cursor(AtomicUsize::new(self.get()))
    }
}

impl fmt::Debug for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.get().fmt(f)
    }
}

// How the client state decides what happens, in one place: the session
// and the analyses of every state a session can reach (`crate::reach`)
// both go through these, so they cannot disagree.

/// Whether `choice` is offered when the client state is `state` on
/// entering its turn: it has no `when`, or its `when` holds.
/// The state is one value per variable, by index ([`Scenario::vars`]).
pub fn is_offered(choice: &Choice, state: &[i32]) -> bool {
    choice.when.as_ref().is_none_or(|c| c.holds(state))
}

/// Change the client state as choosing `choice` does: add its effects,
/// each kept within [`STATE_MIN`]..=[`STATE_MAX`] ([`apply_effect`]).
/// Effects name variables of the scenario (validation sees to it).
pub fn apply_effects(choice: &Choice, state: &mut [i32]) {
    for e in &choice.effects {
        if let Some(v) = state.get_mut(e.var) {
            *v = apply_effect(*v, e.delta);
        }
    }
}

/// The alternatives of a branch that are open in `state` (the state after
/// the choice's effects), with their positions in the branch.
pub fn open_alternatives<'a>(
    alts: &'a [Alternative],
    state: &'a [i32],
) -> impl Iterator<Item = (usize, &'a Alternative)> + 'a {
    alts.iter()
        .enumerate()
        .filter(|(_, a)| a.when.as_ref().is_none_or(|c| c.holds(state)))
}

/// Every node the client's reaction to `choice` can lead to when the state
/// after its effects is `state`: the alternatives a draw can pick, as
/// `Session::pick_next` draws, by position in the branch (0 for a `next`).
/// Pushed onto `out` as `(position, node)`.
pub fn possible_reactions(choice: &Choice, state: &[i32], out: &mut Vec<(usize, usize)>) {
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
/// node id (`key` is [`order_key`] of it), so a node shows the same order
/// every time within a session.
fn shuffle(items: &mut [usize], seed: u64, key: u64) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(key);
    for i in (1..items.len()).rev() {
        let j = below(&mut rng, i as u64 + 1) as usize;
        items.swap(i, j);
    }
}

/// [`Order::Keyed`]: a Fisher-Yates shuffle driven by SplitMix64 from a
/// key made of the seed and the node id (`key` is [`order_key`] of it).
/// Every step is integer arithmetic defined here, so the order cannot
/// drift with a dependency.
fn permute(items: &mut [usize], seed: u64, key: u64) {
    let mut state = seed ^ key.rotate_left(32);
    for i in (1..items.len()).rev() {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        let j = ((u128::from(z) * (i as u128 + 1)) >> 64) as usize;
        items.swap(i, j);
    }
}

/// What a node's id contributes to the order its options are shown in
/// (FNV-1a of the id): computed once per node when a scenario is put
/// together ([`Scenario::order_key`]).
pub(crate) fn order_key(node_id: &str) -> u64 {
    fnv1a(node_id.as_bytes())
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
    fn keyed_permutation_is_pinned_and_fair() {
        let base: Vec<usize> = (0..6).collect();
        let mut a = base.clone();
        permute(&mut a, 1, order_key("arrival"));
        let mut sorted = a.clone();
        sorted.sort();
        assert_eq!(sorted, base);
        let mut again = base.clone();
        permute(&mut again, 1, order_key("arrival"));
        assert_eq!(a, again, "the same seed and node give the same order");
        let mut other = base.clone();
        permute(&mut other, 1, order_key("apology"));
        assert_ne!(a, other, "another node is ordered differently");
        // Over many seeds every option is first about equally often.
        let mut first = [0u32; 4];
        for seed in 0..40_000 {
            let mut v: Vec<usize> = (0..4).collect();
            permute(&mut v, seed, order_key("arrival"));
            first[v[0]] += 1;
        }
        for n in first {
            assert!((9_500..10_500).contains(&n), "{first:?}");
        }
    }

    #[test]
    fn shuffle_is_a_permutation_and_depends_on_seed_and_node() {
        let base: Vec<usize> = (0..6).collect();
        let mut a = base.clone();
        shuffle(&mut a, 1, order_key("arrival"));
        assert_eq!(
            a,
            [5, 3, 1, 4, 0, 2],
            "pinned: the order a seed shows must not drift"
        );
        let mut sorted = a.clone();
        sorted.sort();
        assert_eq!(sorted, base);
        let mut same = base.clone();
        shuffle(&mut same, 1, order_key("arrival"));
        assert_eq!(a, same);
        let differs = (2..40).any(|seed| {
            let mut b = base.clone();
            shuffle(&mut b, seed, order_key("arrival"));
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
