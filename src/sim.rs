//! Mass play-throughs for authors: play a scenario thousands of times with
//! seeded choices and count where sessions go.
//!
//! [`simulate`] plays `runs` sessions. Session `i` is seeded with
//! `seed + i` for the engine, and its choices come from a separate
//! generator seeded from `(seed, i)`, so every session is fully determined
//! by the options and its number, whatever the thread that plays it.
//! Sessions are played in parallel in fixed chunks, and chunk tallies are
//! merged by integer sums only, so the [`Report`] is identical with one
//! thread or many.
//!
//! The report counts endings, node visits, and how often each option was
//! offered and chosen, with turns per session and the mean of the sessions'
//! attunement and ownership averages (as [`crate::scoring::profile`] takes
//! them). Its warnings name options never offered, nodes never reached,
//! sessions stopped at [`MAX_TURNS`], and loops: a node visited
//! [`LOOP_VISITS`] times in one session with the client state the same at
//! each visit.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::Serialize;

use crate::diag::sanitize;
use crate::engine::{Session, below};
use crate::format::EndingKind;
use crate::model::{Choice, Node, Scenario};

/// A session still going after this many turns is stopped: the engine's
/// own limit, so `sim` counts as unfinished exactly the sessions a trainee
/// would see stopped.
pub const MAX_TURNS: usize = crate::engine::MAX_TURNS;

/// Visits of one node, with the same client state each time, that make a
/// loop: the session went round the cycle more than twice.
pub const LOOP_VISITS: u32 = 4;

/// Sessions per unit of parallel work. Fixed, so that the work is split the
/// same way on every machine.
const CHUNK: u64 = 512;

/// Mixed into the seed of the choice generator, so that it never shares a
/// stream with the engine's generator for the same seed.
const POLICY_SALT: u64 = 0x5349_4d2d_504f_4c49;

/// How a simulated trainee chooses among the options offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Policy {
    /// Any offered option, uniformly.
    #[default]
    Random,
    /// The highest-ranked option ([`crate::scoring::rank`]: attunement +
    /// ownership, or twice the attunement where ownership is not at
    /// stake); ties drawn at random.
    Best,
    /// The lowest-ranked option; ties drawn at random.
    Worst,
}

impl Policy {
    pub fn label(self) -> &'static str {
        match self {
            Policy::Random => "random",
            Policy::Best => "best",
            Policy::Worst => "worst",
        }
    }
}

/// What to simulate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimOptions {
    pub runs: u64,
    /// Session `i` uses engine seed `seed + i` (wrapping).
    pub seed: u64,
    pub policy: Policy,
    /// Turns after which a session is stopped ([`MAX_TURNS`] by default;
    /// the engine stops every session there, so a larger value has no
    /// effect).
    pub max_turns: usize,
}

impl SimOptions {
    pub fn new(runs: u64, seed: u64, policy: Policy) -> SimOptions {
        SimOptions {
            runs,
            seed,
            policy,
            max_turns: MAX_TURNS,
        }
    }
}

/// The result of a simulation, ready to print or serialise.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub scenario: String,
    pub title: String,
    pub runs: u64,
    pub seed: u64,
    pub policy: Policy,
    /// Every ending, in file order, reached or not.
    pub endings: Vec<EndingCount>,
    /// Every node, in file order.
    pub nodes: Vec<NodeVisits>,
    /// Every option, in file order.
    pub options: Vec<OptionCount>,
    pub never_offered: Vec<NeverOffered>,
    pub turns: TurnStats,
    /// Sessions stopped at the turn limit.
    pub unfinished: u64,
    /// Mean of the sessions' mean attunement (sessions with no turn left
    /// out), to hundredths.
    pub attunement: Option<f64>,
    /// Mean of the sessions' mean ownership (sessions where ownership was
    /// never at stake left out), to hundredths.
    pub ownership: Option<f64>,
    pub loops: Vec<Loop>,
    pub warnings: Vec<Warning>,
    /// How often owning the therapist's part is the best-ranked answer at
    /// a rupture turn; from the scenario's scores, whatever the policy.
    pub own_options: OwnOptions,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EndingCount {
    pub id: String,
    pub kind: EndingKind,
    pub title: String,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NodeVisits {
    pub id: String,
    pub visits: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OptionCount {
    pub node: String,
    pub id: String,
    pub offered: u64,
    pub chosen: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NeverOffered {
    pub node: String,
    pub option: String,
}

/// Turns per session; a session stopped at the limit counts with the turns
/// it had.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TurnStats {
    pub min: usize,
    pub median: usize,
    pub max: usize,
}

/// A cycle that sessions went round more than twice with nothing changing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Loop {
    /// The nodes of the cycle, in the order they were visited, starting
    /// from the one earliest in the file.
    pub nodes: Vec<String>,
    /// Sessions that went round it.
    pub sessions: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub code: &'static str,
    pub message: String,
}

/// The least ownership that makes an option an "own" option: one that
/// names something specific the therapist did (docs/clinical.md).
pub const OWN_OWNERSHIP: u8 = 4;

/// At the rupture turns of a scenario (client turns with a marker), how
/// often an own option (ownership [`OWN_OWNERSHIP`] or more) is the
/// best-ranked answer ([`crate::scoring::rank`]), every option counted
/// whatever its `when`. An own option that ties for the highest rank
/// counts as ranked best. When it is ranked best at most rupture turns,
/// owning is a safe guess rather than a judgement of timing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OwnOptions {
    /// Client turns with a marker and at least one option.
    pub rupture_turns: usize,
    /// Of those, the ones that offer an own option.
    pub offering: usize,
    /// Of those, the ones where an own option is ranked best, by id in
    /// file order.
    pub ranked_best: Vec<String>,
}

impl OwnOptions {
    pub fn of(s: &Scenario) -> OwnOptions {
        let mut own = OwnOptions::default();
        for node in &s.nodes {
            let Node::Turn(t) = node else { continue };
            if t.marker.is_none() || t.options.is_empty() {
                continue;
            }
            own.rupture_turns += 1;
            let is_own = |c: &Choice| c.ownership.is_some_and(|o| o >= OWN_OWNERSHIP);
            if !t.options.iter().any(is_own) {
                continue;
            }
            own.offering += 1;
            let top = t.options.iter().map(Choice::rank).max().unwrap_or(0);
            if t.options.iter().any(|c| is_own(c) && c.rank() == top) {
                own.ranked_best.push(t.id.clone());
            }
        }
        own
    }

    /// The share of the turns offering an own option where it is ranked
    /// best, in percent; `None` when no turn offers one.
    pub fn percent(&self) -> Option<f64> {
        (self.offering > 0).then(|| percent(self.ranked_best.len() as u64, self.offering as u64))
    }
}

/// Play `opts.runs` sessions of `scenario` on the current rayon pool.
pub fn simulate(scenario: &Arc<Scenario>, opts: &SimOptions) -> Report {
    simulate_with_progress(scenario, opts, &|_| {})
}

/// [`simulate`], calling `progress` with the number of sessions just
/// finished (from any thread) as each chunk is done.
pub fn simulate_with_progress(
    scenario: &Arc<Scenario>,
    opts: &SimOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Report {
    let layout = Layout::new(scenario);
    let chunks = opts.runs.div_ceil(CHUNK);
    let tally = (0..chunks)
        .into_par_iter()
        .map(|c| {
            let first = c * CHUNK;
            let last = (first + CHUNK).min(opts.runs);
            let mut tally = Tally::new(&layout, opts.max_turns);
            let mut scratch = Scratch::new(scenario.nodes.len());
            // One session per chunk, restarted for each run: the same
            // sessions as new ones, without their allocations.
            let mut session = Session::new(Arc::clone(scenario), opts.seed);
            session.set_recording(false);
            for i in first..last {
                session.restart(opts.seed.wrapping_add(i));
                play_one(&mut session, &layout, opts, i, &mut tally, &mut scratch);
            }
            progress(last - first);
            tally
        })
        .reduce(|| Tally::new(&layout, opts.max_turns), Tally::merge);
    report(scenario, &layout, opts, &tally)
}

/// Where each node's options start in the flat option counters.
struct Layout {
    start: Vec<usize>,
    options: usize,
}

impl Layout {
    fn new(s: &Scenario) -> Layout {
        let mut start = Vec::with_capacity(s.nodes.len());
        let mut n = 0;
        for node in &s.nodes {
            start.push(n);
            if let Node::Turn(t) = node {
                n += t.options.len();
            }
        }
        Layout { start, options: n }
    }
}

/// Counts over some sessions. Every field merges by addition, so merging
/// in any order gives the same result.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Tally {
    visits: Vec<u64>,
    offered: Vec<u64>,
    chosen: Vec<u64>,
    /// Sessions by number of turns.
    turns: Vec<u64>,
    unfinished: u64,
    /// Session mean attunement in hundredths, summed, and how many.
    attunement: (u64, u64),
    ownership: (u64, u64),
    /// Cycles (node indices, canonical rotation) and how many sessions.
    loops: BTreeMap<Vec<usize>, u64>,
}

impl Tally {
    fn new(layout: &Layout, max_turns: usize) -> Tally {
        Tally {
            visits: vec![0; layout.start.len()],
            offered: vec![0; layout.options],
            chosen: vec![0; layout.options],
            turns: vec![0; max_turns + 1],
            unfinished: 0,
            attunement: (0, 0),
            ownership: (0, 0),
            loops: BTreeMap::new(),
        }
    }

    fn merge(mut self, other: Tally) -> Tally {
        let add = |a: &mut Vec<u64>, b: &[u64]| a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        add(&mut self.visits, &other.visits);
        add(&mut self.offered, &other.offered);
        add(&mut self.chosen, &other.chosen);
        add(&mut self.turns, &other.turns);
        self.unfinished += other.unfinished;
        self.attunement.0 += other.attunement.0;
        self.attunement.1 += other.attunement.1;
        self.ownership.0 += other.ownership.0;
        self.ownership.1 += other.ownership.1;
        for (k, v) in other.loops {
            *self.loops.entry(k).or_insert(0) += v;
        }
        self
    }
}

/// The last visit to a node in the current session.
#[derive(Debug, Clone, Default)]
struct Visit {
    /// Visits in a row with the same client state (0: not visited).
    streak: u32,
    /// Position in the session's path.
    at: usize,
    state: Vec<i32>,
}

/// Per-thread buffers reused from one session to the next.
struct Scratch {
    last: Vec<Visit>,
    path: Vec<usize>,
    found: Vec<Vec<usize>>,
}

impl Scratch {
    fn new(nodes: usize) -> Scratch {
        Scratch {
            last: vec![Visit::default(); nodes],
            path: Vec::new(),
            found: Vec::new(),
        }
    }

    fn reset(&mut self) {
        for v in &mut self.last {
            v.streak = 0;
        }
        self.path.clear();
        self.found.clear();
    }

    /// Record a visit to a client turn; returns a cycle when this visit
    /// completes one that has gone round too often.
    fn visit(&mut self, node: usize, state: &[i32]) {
        let at = self.path.len();
        self.path.push(node);
        let v = &mut self.last[node];
        let same = v.streak > 0 && v.state.len() == state.len() && v.state == state;
        let from = v.at;
        v.streak = if same { v.streak + 1 } else { 1 };
        v.at = at;
        if !same {
            v.state.clear();
            v.state.extend_from_slice(state);
        }
        if v.streak == LOOP_VISITS {
            let cycle = canonical(&self.path[from..at]);
            if !self.found.contains(&cycle) {
                self.found.push(cycle);
            }
        }
    }
}

/// A cycle rotated to start from its smallest node index.
fn canonical(cycle: &[usize]) -> Vec<usize> {
    let start = (0..cycle.len()).min_by_key(|&i| cycle[i]).unwrap_or(0);
    cycle[start..]
        .iter()
        .chain(&cycle[..start])
        .copied()
        .collect()
}

/// Which of the offered options (indices into the turn's options) the
/// policy takes.
fn pick(policy: Policy, options: &[Choice], offered: &[usize], rng: &mut ChaCha8Rng) -> usize {
    let draw = |rng: &mut ChaCha8Rng, n: usize| below(rng, n as u64) as usize;
    let target = match policy {
        Policy::Random => return offered[draw(rng, offered.len())],
        Policy::Best => offered.iter().map(|&i| options[i].rank()).max(),
        Policy::Worst => offered.iter().map(|&i| options[i].rank()).min(),
    };
    let Some(target) = target else {
        return offered[0];
    };
    let ties = offered
        .iter()
        .filter(|&&i| options[i].rank() == target)
        .count();
    let k = if ties > 1 { draw(rng, ties) } else { 0 };
    offered
        .iter()
        .copied()
        .filter(|&i| options[i].rank() == target)
        .nth(k)
        .unwrap_or(offered[0])
}

/// A mean to hundredths, computed as [`crate::scoring`] computes a
/// profile's, as a whole number of hundredths.
fn hundredths(sum: u32, n: u32) -> u64 {
    let m = sum as f32 / n as f32;
    (m * 100.0).round() as u64
}

fn play_one(
    session: &mut Session,
    layout: &Layout,
    opts: &SimOptions,
    i: u64,
    tally: &mut Tally,
    scratch: &mut Scratch,
) {
    let scenario = Arc::clone(session.scenario());
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed ^ POLICY_SALT);
    rng.set_stream(i);
    scratch.reset();
    let mut turns = 0;
    let (mut att, mut own, mut owned) = (0u32, 0u32, 0u32);
    loop {
        let node = session.current_index();
        tally.visits[node] += 1;
        let Node::Turn(turn) = scenario.node(node) else {
            break;
        };
        if turns == opts.max_turns || session.turn_limit_reached() {
            tally.unfinished += 1;
            break;
        }
        scratch.visit(node, session.values());
        let offered = session.offered_indices();
        let base = layout.start[node];
        for &k in offered {
            tally.offered[base + k] += 1;
        }
        let k = pick(opts.policy, &turn.options, offered, &mut rng);
        tally.chosen[base + k] += 1;
        let choice = &turn.options[k];
        att += u32::from(choice.attunement);
        if let Some(o) = choice.ownership {
            own += u32::from(o);
            owned += 1;
        }
        let played = session.choose_at(k, 0);
        debug_assert!(played, "the option chosen is one of those offered");
        turns += 1;
    }
    tally.turns[turns] += 1;
    if turns > 0 {
        tally.attunement.0 += hundredths(att, turns as u32);
        tally.attunement.1 += 1;
    }
    if owned > 0 {
        tally.ownership.0 += hundredths(own, owned);
        tally.ownership.1 += 1;
    }
    for cycle in scratch.found.drain(..) {
        *tally.loops.entry(cycle).or_insert(0) += 1;
    }
}

fn mean_of_hundredths((sum, n): (u64, u64)) -> Option<f64> {
    (n > 0).then(|| (sum as f64 / n as f64).round() / 100.0)
}

/// The `q`-th smallest turn count (0-based) from the histogram.
fn nth_turns(hist: &[u64], q: u64) -> usize {
    let mut seen = 0;
    for (t, &n) in hist.iter().enumerate() {
        seen += n;
        if seen > q {
            return t;
        }
    }
    0
}

fn report(s: &Scenario, layout: &Layout, opts: &SimOptions, t: &Tally) -> Report {
    let id = |i: usize| s.node(i).id().to_owned();
    let endings = s
        .nodes
        .iter()
        .enumerate()
        .filter_map(|(i, n)| match n {
            Node::Ending(e) => Some(EndingCount {
                id: e.id.clone(),
                kind: e.kind,
                title: e.title.clone(),
                count: t.visits[i],
            }),
            Node::Turn(_) => None,
        })
        .collect();
    let nodes: Vec<NodeVisits> = (0..s.nodes.len())
        .map(|i| NodeVisits {
            id: id(i),
            visits: t.visits[i],
        })
        .collect();
    let mut options = Vec::new();
    // An option at a node never reached is covered by that node's warning.
    let mut never_offered = Vec::new();
    for (i, n) in s.nodes.iter().enumerate() {
        if let Node::Turn(turn) = n {
            for (k, c) in turn.options.iter().enumerate() {
                let offered = t.offered[layout.start[i] + k];
                if offered == 0 && t.visits[i] > 0 {
                    never_offered.push(NeverOffered {
                        node: turn.id.clone(),
                        option: c.id.clone(),
                    });
                }
                options.push(OptionCount {
                    node: turn.id.clone(),
                    id: c.id.clone(),
                    offered,
                    chosen: t.chosen[layout.start[i] + k],
                });
            }
        }
    }
    let sessions: u64 = t.turns.iter().sum();
    let turns = TurnStats {
        min: nth_turns(&t.turns, 0),
        median: nth_turns(&t.turns, sessions / 2),
        max: nth_turns(&t.turns, sessions.saturating_sub(1)),
    };
    let mut loops: Vec<Loop> = t
        .loops
        .iter()
        .map(|(cycle, &n)| Loop {
            nodes: cycle.iter().map(|&i| id(i)).collect(),
            sessions: n,
        })
        .collect();
    loops.sort_by(|a, b| b.sessions.cmp(&a.sessions).then(a.nodes.cmp(&b.nodes)));

    let mut warnings = Vec::new();
    if t.unfinished > 0 {
        warnings.push(Warning {
            code: "did-not-end",
            message: format!(
                "{} did not end within {} turns",
                sessions_word(t.unfinished),
                opts.max_turns.min(MAX_TURNS)
            ),
        });
    }
    for l in &loops {
        warnings.push(Warning {
            code: "loop",
            message: format!(
                "{} went round {} more than twice with the client state unchanged",
                sessions_word(l.sessions),
                cycle_text(&l.nodes)
            ),
        });
    }
    for n in nodes.iter().filter(|n| n.visits == 0) {
        warnings.push(Warning {
            code: "never-reached",
            message: format!("node `{}` was never reached", n.id),
        });
    }
    for o in &never_offered {
        warnings.push(Warning {
            code: "never-offered",
            message: format!(
                "option `{}` at `{}` was never offered (its `when` never held)",
                o.option, o.node
            ),
        });
    }
    Report {
        scenario: s.id.clone(),
        title: s.title.clone(),
        runs: opts.runs,
        seed: opts.seed,
        policy: opts.policy,
        endings,
        nodes,
        options,
        never_offered,
        turns,
        unfinished: t.unfinished,
        attunement: mean_of_hundredths(t.attunement),
        ownership: mean_of_hundredths(t.ownership),
        loops,
        warnings,
        own_options: OwnOptions::of(s),
    }
}

fn sessions_word(n: u64) -> String {
    if n == 1 {
        "1 session".to_owned()
    } else {
        format!("{n} sessions")
    }
}

fn cycle_text(nodes: &[String]) -> String {
    let mut s = String::from("the cycle ");
    for n in nodes {
        let _ = write!(s, "`{n}` -> ");
    }
    let _ = write!(s, "`{}`", nodes.first().map_or("", String::as_str));
    s
}

/// Write `text` in lines of at most `width` characters, broken at spaces
/// (a longer word stays whole), continuation lines indented.
fn wrap(out: &mut String, text: &str, width: usize, indent: &str) {
    let lead = text.len() - text.trim_start().len();
    let mut line = String::from(&text[..lead]);
    let mut fresh = true;
    for word in text[lead..].split(' ') {
        let len = line.chars().count();
        if !fresh && len + 1 + word.chars().count() > width {
            out.push_str(&line);
            out.push('\n');
            line = String::from(indent);
            fresh = true;
        }
        if !fresh {
            line.push(' ');
        }
        line.push_str(word);
        fresh = false;
    }
    out.push_str(&line);
    out.push('\n');
}

fn percent(n: u64, of: u64) -> f64 {
    if of == 0 {
        0.0
    } else {
        n as f64 * 100.0 / of as f64
    }
}

/// The report as text for a terminal, within 80 columns where names allow.
/// Every name is passed through [`sanitize`].
pub fn render_text(r: &Report) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "Simulated {} of `{}` ({}), seed {}, policy {}.",
        sessions_word(r.runs),
        sanitize(&r.scenario),
        sanitize(&r.title),
        r.seed,
        r.policy.label()
    );
    let _ = writeln!(w, "\nEndings");
    for e in &r.endings {
        let _ = writeln!(
            w,
            "  {:<28} {:<24} {:>9} {:>5.1}%",
            sanitize(&e.id),
            e.kind.label(),
            e.count,
            percent(e.count, r.runs)
        );
    }
    let _ = writeln!(
        w,
        "\nTurns per session: min {}, median {}, max {}",
        r.turns.min, r.turns.median, r.turns.max
    );
    let score = |x: Option<f64>| x.map_or("-".to_owned(), |v| format!("{v:.2}"));
    let _ = writeln!(
        w,
        "Attunement {}, ownership {} (means of the sessions' averages)",
        score(r.attunement),
        score(r.ownership)
    );
    let own = &r.own_options;
    if let Some(p) = own.percent() {
        let ids: Vec<String> = own
            .ranked_best
            .iter()
            .map(|id| format!("`{}`", sanitize(id)))
            .collect();
        let line = format!(
            "Own options (ownership {OWN_OWNERSHIP}+): offered at {} of {} rupture turns, \
             ranked best at {} of them ({p:.0}%){}",
            own.offering,
            own.rupture_turns,
            own.ranked_best.len(),
            if ids.is_empty() {
                String::new()
            } else {
                format!(": {}", ids.join(", "))
            }
        );
        wrap(w, &line, 80, "  ");
    } else {
        let _ = writeln!(
            w,
            "Own options (ownership {OWN_OWNERSHIP}+): offered at none of {} rupture turns",
            own.rupture_turns
        );
    }
    let _ = writeln!(w, "\nNode visits");
    for n in &r.nodes {
        let _ = writeln!(w, "  {:<40} {:>10}", sanitize(&n.id), n.visits);
    }
    let _ = writeln!(w, "\nOptions{:<37}{:>10} {:>10}", "", "offered", "chosen");
    let mut node = "";
    for o in &r.options {
        if o.node != node {
            node = &o.node;
            let _ = writeln!(w, "  {}", sanitize(node));
        }
        let _ = writeln!(
            w,
            "    {:<38} {:>10} {:>10}",
            sanitize(&o.id),
            o.offered,
            o.chosen
        );
    }
    if r.warnings.is_empty() {
        let _ = writeln!(w, "\nNo warnings.");
    } else {
        let _ = writeln!(w, "\nWarnings");
        for x in &r.warnings {
            let line = format!("  warning[{}]: {}", x.code, sanitize(&x.message));
            wrap(w, &line, 80, "    ");
        }
    }
    out
}

#[cfg(test)]
mod tests {

    use super::*;

    use crate::load::mini_fixture as mini;

    #[test]
    fn canonical_rotates_to_the_smallest_index() {
        assert_eq!(canonical(&[4, 2, 7]), [2, 7, 4]);
        assert_eq!(canonical(&[1]), [1]);
        assert!(canonical(&[]).is_empty());
    }

    #[test]
    fn wrap_breaks_at_spaces_within_the_width() {
        let mut out = String::new();
        wrap(&mut out, "  one two three four", 12, "    ");
        assert_eq!(out, "  one two\n    three\n    four\n");
        let mut out = String::new();
        wrap(&mut out, "  unbreakable-word x", 8, "  ");
        assert_eq!(out, "  unbreakable-word\n  x\n");
    }

    #[test]
    fn nth_turns_reads_the_histogram() {
        let hist = [0, 2, 0, 3, 1];
        assert_eq!(nth_turns(&hist, 0), 1);
        assert_eq!(nth_turns(&hist, 1), 1);
        assert_eq!(nth_turns(&hist, 2), 3);
        assert_eq!(nth_turns(&hist, 5), 4);
    }

    #[test]
    fn hundredths_agree_with_the_session_profile() {
        let s = mini();
        for seed in 0..200 {
            let mut session = Session::new(Arc::clone(&s), seed);
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let (mut att, mut own, mut owned, mut n) = (0, 0, 0, 0);
            while let Node::Turn(turn) = s.node(session.current_index()) {
                let k = pick(
                    Policy::Random,
                    &turn.options,
                    session.offered_indices(),
                    &mut rng,
                );
                let c = &turn.options[k];
                att += u32::from(c.attunement);
                if let Some(o) = c.ownership {
                    own += u32::from(o);
                    owned += 1;
                }
                n += 1;
                session.choose(&c.id, 0).unwrap();
            }
            let p = session.profile();
            let as_hundredths = |x: f32| (x * 100.0).round() as u64;
            assert_eq!(
                p.attunement.mean.map(as_hundredths),
                Some(hundredths(att, n))
            );
            assert_eq!(
                p.ownership.mean.map(as_hundredths),
                (owned > 0).then(|| hundredths(own, owned))
            );
        }
    }

    #[test]
    fn the_same_options_give_the_same_report() {
        let s = mini();
        let opts = SimOptions::new(1500, 9, Policy::Random);
        let a = simulate(&s, &opts);
        assert_eq!(a, simulate(&s, &opts));
        assert_ne!(a, simulate(&s, &SimOptions { seed: 10, ..opts }));
        let ended: u64 = a.endings.iter().map(|e| e.count).sum();
        assert_eq!(ended + a.unfinished, a.runs);
    }

    #[test]
    fn best_and_worst_follow_the_scores() {
        let s = mini();
        let best = simulate(&s, &SimOptions::new(300, 1, Policy::Best));
        let chosen = |r: &Report, id: &str| r.options.iter().find(|o| o.id == id).unwrap().chosen;
        // `notice` (5 + 4) beats `pause` (4, ownership not at stake: 4 + 4)
        // and `agenda` (1 + 1) at the start.
        assert_eq!(chosen(&best, "notice"), 300);
        assert_eq!(chosen(&best, "agenda"), 0);
        let worst = simulate(&s, &SimOptions::new(300, 1, Policy::Worst));
        assert_eq!(chosen(&worst, "agenda"), 300);
        // After `agenda`, tension is 5, so `press` (1 + 1) is offered; it is
        // worse than `reassure` (2, not at stake: 2 + 2), which no longer
        // ties with it for counting its missing ownership as 0.
        assert_eq!(chosen(&worst, "press"), 300);
        assert_eq!(chosen(&worst, "reassure"), 0);
        assert_eq!(
            worst
                .endings
                .iter()
                .find(|e| e.id == "flat-end")
                .unwrap()
                .count,
            300
        );
    }

    /// An option whose ownership is not at stake is ranked on its
    /// attunement, not penalised: at attunement 5 it ties with an own
    /// option rated 5 and 5, and the tie is drawn.
    #[test]
    fn ownership_not_at_stake_is_no_penalty_for_best_play() {
        let text = std::fs::read_to_string("tests/fixtures/mini.ron")
            .unwrap()
            .replace(
                "strategy: AttunedSilence,\n                    attunement: 4,",
                "strategy: AttunedSilence,\n                    attunement: 5,",
            )
            .replace(
                "attunement: 5,\n                    ownership: 4,",
                "attunement: 5,\n                    ownership: 5,",
            );
        let loaded = crate::load::load_str(std::path::Path::new("mini.ron"), &text);
        let s = Arc::new(loaded.scenario.expect("the changed fixture loads"));
        let best = simulate(&s, &SimOptions::new(400, 2, Policy::Best));
        let chosen = |id: &str| best.options.iter().find(|o| o.id == id).unwrap().chosen;
        assert_eq!(chosen("notice") + chosen("pause"), 400);
        assert!(chosen("notice") > 150 && chosen("pause") > 150, "{best:?}");
    }

    #[test]
    fn own_options_ranked_best_at_rupture_turns() {
        let own = OwnOptions::of(&mini());
        // `notice` (5 + 4) at `quiet`, `own-it` (5 + 5) at `shrug`; `opens`
        // has no marker.
        assert_eq!(own.rupture_turns, 2);
        assert_eq!(own.offering, 2);
        assert_eq!(own.ranked_best, ["quiet", "shrug"]);
        assert_eq!(own.percent(), Some(100.0));
        // A silence at attunement 5, not at stake, outranks `notice`.
        let text = std::fs::read_to_string("tests/fixtures/mini.ron")
            .unwrap()
            .replace(
                "strategy: AttunedSilence,\n                    attunement: 4,",
                "strategy: AttunedSilence,\n                    attunement: 5,",
            );
        let s = crate::load::load_str(std::path::Path::new("mini.ron"), &text)
            .scenario
            .unwrap();
        let own = OwnOptions::of(&s);
        assert_eq!(own.ranked_best, ["shrug"]);
        assert_eq!(own.percent(), Some(50.0));
        // Ownership 3 is not an own option.
        let text = text.replace(
            "attunement: 5,\n                    ownership: 4,",
            "attunement: 5,\n                    ownership: 3,",
        );
        let s = crate::load::load_str(std::path::Path::new("mini.ron"), &text)
            .scenario
            .unwrap();
        assert_eq!(OwnOptions::of(&s).offering, 1);
    }

    #[test]
    fn a_session_that_cannot_end_is_stopped() {
        let s = mini();
        let opts = SimOptions {
            max_turns: 1,
            ..SimOptions::new(50, 0, Policy::Random)
        };
        let r = simulate(&s, &opts);
        assert_eq!(r.unfinished, 50);
        assert_eq!((r.turns.min, r.turns.max), (1, 1));
        assert_eq!(r.warnings[0].code, "did-not-end");
        assert_eq!(
            r.warnings[0].message,
            "50 sessions did not end within 1 turns"
        );
    }
}
