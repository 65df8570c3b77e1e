//! The authoring checklist as lints, for `attune check --strict`.
//!
//! [`lint`] looks at a validated [`Scenario`] and returns a warning for
//! every rule of the checklist in docs/format.md that it breaks, each with
//! its own [`Code`] and located at the turn or option concerned:
//!
//! - `thin-rupture-turn`: a turn with a marker offers fewer than three
//!   options, or fewer than two good ones (attunement 4+) of different
//!   strategies;
//! - `no-repair-path`: no misstep (attunement or ownership 2 or below) can
//!   still lead to a `Repaired` or `PartiallyRepaired` ending;
//! - `marker-kind-mismatch`: a marker whose kind of rupture is not in the
//!   scenario's `ruptures`;
//! - `cycle`: a group of nodes a session can go round (found with
//!   [`graph::cycles`]);
//! - `long-best-answer`: at more than 60% of rupture turns the
//!   highest-ranked option ([`crate::scoring::rank`], as `attune sim
//!   --policy best` ranks them) is also the longest;
//! - `label-gives-score-away`: three or more options whose labels start
//!   with the same word all fall in one score band (attunement 1-2, 3 or
//!   4-5);
//! - `never-offered`: an option whose `when` never holds when a session
//!   reaches its turn, and `never-drawn`: a branch alternative whose `when`
//!   never holds after its option's effects (both from
//!   [`reach::explore`], only when it explored every state);
//! - `longest-path`: the longest path from `start` to an ending passes
//!   more than [`MAX_PATH_TURNS`] client turns ([`longest_path`]).
//!
//! [`library`] adds the lints that look at the scenarios checked together:
//! `label-predicts-score` and `best-play-always-repairs`.
//!
//! The rules are conventions, not errors in the file: a scenario that
//! breaks them still loads and plays. The caller decides what they weigh;
//! `check --strict` treats them, like every warning, as errors.
//!
//! [`liveness`] turns the same exploration into what every `attune check`
//! reports, strict or not: `no-way-out`, an error, where sessions can get
//! stuck with every way to an ending closed by a condition, and
//! `never-reached`, a warning, for a turn or ending the graph leads to but
//! no session can reach.

pub mod library;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use crate::diag::{Code, Diagnostic, LineIndex, Severity, Span};
use crate::format::EndingKind;
use crate::graph;
use crate::model::{Choice, Next, Node, Scenario};
use crate::reach::{self, Reach, Way};
use crate::spans::{Key, SpanMap};

/// The share of rupture turns above which the longest option being the
/// best one counts as a bias.
pub const LONG_BEST_SHARE: f64 = 0.6;

/// How many options starting with one word make a pattern a trainee can
/// learn.
pub const LABEL_GROUP: usize = 3;

/// The most client turns the longest path may pass. A session is meant to
/// take 10 to 20 minutes, about 8 to 15 turns; a path longer than this is
/// a session nobody finishes in one sitting.
pub const MAX_PATH_TURNS: usize = 20;

/// Every checklist rule `s` breaks, as located warnings in source order.
/// `source` is the text `s` was loaded from, for the locations.
pub fn lint(s: &Scenario, path: &Path, source: &str) -> Vec<Diagnostic> {
    lint_with(s, &reach::explore(s), path, source)
}

/// [`lint`], with the scenario's states explored already.
pub fn lint_with(s: &Scenario, reach: &Reach, path: &Path, source: &str) -> Vec<Diagnostic> {
    let cx = Cx::new(s, path, source);
    let mut diags = Vec::new();
    thin_rupture_turns(&cx, &mut diags);
    no_repair_path(&cx, &mut diags);
    marker_kind_mismatch(&cx, &mut diags);
    cycles(&cx, &mut diags);
    long_best_answer(&cx, &mut diags);
    label_gives_score_away(&cx, &mut diags);
    never_offered(&cx, reach, &mut diags);
    never_drawn(&cx, reach, &mut diags);
    longest_path_too_long(&cx, &mut diags);
    in_source_order(source, diags)
}

/// What the exploration `reach` of `s` shows that every `attune check`
/// reports: turns where sessions get stuck (errors) and nodes no session
/// reaches (warnings), located and in source order. Nothing when the
/// exploration was not complete.
pub fn liveness(s: &Scenario, reach: &Reach, path: &Path, source: &str) -> Vec<Diagnostic> {
    let cx = Cx::new(s, path, source);
    let mut diags = Vec::new();
    no_way_out(&cx, reach, &mut diags);
    never_reached(&cx, reach, &mut diags);
    in_source_order(source, diags)
}

/// Locate `diags` in `source` and put them in source order.
fn in_source_order(source: &str, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let lines = LineIndex::new(source);
    let mut located: Vec<(usize, Diagnostic)> = diags
        .into_iter()
        .map(|d| {
            let start = match d.span {
                Some(Span::Bytes { start, .. }) => start,
                _ => 0,
            };
            (start, d.locate(source, &lines))
        })
        .collect();
    located.sort_by_key(|(start, _)| *start);
    located.into_iter().map(|(_, d)| d).collect()
}

struct Cx<'a> {
    s: &'a Scenario,
    path: &'a Path,
    source: &'a str,
    spans: Option<SpanMap>,
}

impl<'a> Cx<'a> {
    fn new(s: &'a Scenario, path: &'a Path, source: &'a str) -> Cx<'a> {
        Cx {
            s,
            path,
            source,
            spans: SpanMap::parse(source),
        }
    }

    /// An error at the value under `at`, as [`Cx::warn`] locates it.
    fn error(&self, code: Code, at: &[Key], message: String, hint: &str) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            ..self.warn(code, at, message, hint)
        }
    }

    /// A warning at the value under `at`, or at its nearest parent; a
    /// value of several lines is pointed at by its first line.
    fn warn(&self, code: Code, at: &[Key], message: String, hint: &str) -> Diagnostic {
        let span = self.spans.as_ref().and_then(|map| {
            (0..=at.len()).rev().find_map(|n| {
                let node = map.get(&at[..n])?;
                let end = self.source[node.start..node.end]
                    .find('\n')
                    .map_or(node.end, |i| node.start + i);
                Some(Span::bytes(node.start, end))
            })
        });
        Diagnostic::warning(code, self.path, message)
            .at(span)
            .with_hint(Some(hint.to_owned()))
    }
}

/// The key path of node `i`, and of option `j` there.
fn node_at(i: usize) -> [Key<'static>; 2] {
    [Key::Field("nodes"), Key::Index(i)]
}

fn option_at(i: usize, j: usize) -> [Key<'static>; 4] {
    [
        Key::Field("nodes"),
        Key::Index(i),
        Key::Field("options"),
        Key::Index(j),
    ]
}

/// The client turns with their node index.
fn turns(s: &Scenario) -> impl Iterator<Item = (usize, &crate::model::Turn)> {
    s.nodes.iter().enumerate().filter_map(|(i, n)| match n {
        Node::Turn(t) => Some((i, t)),
        Node::Ending(_) => None,
    })
}

fn is_good(o: &Choice) -> bool {
    o.attunement >= 4
}

/// An option's rank among the others, as `attune sim --policy best` ranks
/// them ([`crate::scoring::rank`]).
fn score(o: &Choice) -> u32 {
    o.rank()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn thin_rupture_turns(cx: &Cx, diags: &mut Vec<Diagnostic>) {
    for (i, t) in turns(cx.s) {
        if t.marker.is_none() {
            continue;
        }
        let mut problems = Vec::new();
        if t.options.len() < 3 {
            problems.push(format!(
                "offers {}; a rupture turn needs at least 3",
                plural(t.options.len(), "option", "options")
            ));
        }
        let good: Vec<&Choice> = t.options.iter().filter(|o| is_good(o)).collect();
        let ways: HashSet<_> = good.iter().map(|o| o.strategy).collect();
        if good.len() < 2 {
            problems.push(format!(
                "has {} (attunement 4+); it needs 2, good in different ways",
                plural(good.len(), "good option", "good options")
            ));
        } else if ways.len() < 2 {
            problems.push(format!(
                "has {} good options, all with the strategy `{:?}`; they need to be good in \
                 different ways",
                good.len(),
                good[0].strategy
            ));
        }
        if problems.is_empty() {
            continue;
        }
        diags.push(cx.warn(
            Code::ThinRuptureTurn,
            &node_at(i),
            format!("rupture turn `{}` {}", t.id, problems.join(", and ")),
            "at a rupture, offer at least three options, two or more of them good (attunement \
             4+) with different strategies, so there is more than one way to repair",
        ));
    }
}

fn no_repair_path(cx: &Cx, diags: &mut Vec<Diagnostic>) {
    let s = cx.s;
    let adj = graph::adjacency(s);
    let good_end = |n: usize| {
        matches!(&s.nodes[n], Node::Ending(e)
            if matches!(e.kind, EndingKind::Repaired | EndingKind::PartiallyRepaired))
    };
    let mut missteps = 0;
    for (_, t) in turns(s) {
        for o in t.options.iter().filter(|o| o.is_misstep()) {
            missteps += 1;
            let mut seen: HashSet<usize> = o.next.targets().into_iter().collect();
            let mut stack: Vec<usize> = seen.iter().copied().collect();
            while let Some(n) = stack.pop() {
                if good_end(n) {
                    return;
                }
                for &m in &adj[n] {
                    if seen.insert(m) {
                        stack.push(m);
                    }
                }
            }
        }
    }
    let message = if missteps == 0 {
        "no option is a misstep (attunement or ownership 2 or below), so a trainee never \
         practises repairing one"
            .to_owned()
    } else {
        format!(
            "after none of the {} can the session still end `Repaired` or \
             `PartiallyRepaired`",
            plural(missteps, "misstep", "missteps")
        )
    };
    diags.push(cx.warn(
        Code::NoRepairPath,
        &[Key::Field("start")],
        message,
        "a misstep followed by a real repair is the heart of the skill: let some misstep lead \
         on to a turn where owning it (ownership 4+) can still end well",
    ));
}

fn marker_kind_mismatch(cx: &Cx, diags: &mut Vec<Diagnostic>) {
    let listed: Vec<&str> = cx.s.ruptures.iter().map(|r| r.label()).collect();
    for (i, t) in turns(cx.s) {
        let Some(m) = &t.marker else { continue };
        let rupture = m.kind.rupture();
        if cx.s.ruptures.contains(&rupture) {
            continue;
        }
        let at = [
            Key::Field("nodes"),
            Key::Index(i),
            Key::Field("marker"),
            Key::Field("kind"),
        ];
        diags.push(cx.warn(
            Code::MarkerKindMismatch,
            &at,
            format!(
                "turn `{}` has a {} marker (`{:?}`), but `ruptures` lists {}",
                t.id,
                rupture.label(),
                m.kind,
                if listed.is_empty() {
                    "none".to_owned()
                } else {
                    format!("only {}", listed.join(" and "))
                }
            ),
            &format!(
                "add `{:?}` to `ruptures`, or choose a marker of the kind the scenario practises",
                rupture
            ),
        ));
    }
}

fn cycles(cx: &Cx, diags: &mut Vec<Diagnostic>) {
    for group in graph::cycles(cx.s).groups {
        let names: Vec<String> = group
            .iter()
            .map(|&n| format!("`{}`", cx.s.nodes[n].id()))
            .collect();
        let message = if group.len() == 1 {
            format!("turn {} can lead back to itself", names[0])
        } else {
            format!(
                "turns {} form a cycle: a session can come back to a turn it has passed",
                names.join(", ")
            )
        };
        diags.push(cx.warn(
            Code::Cycle,
            &node_at(group[0]),
            message,
            "point an option forward instead; `attune graph` draws the cycle in orange, and \
             `attune sim` shows whether sessions go round it",
        ));
    }
}

fn long_best_answer(cx: &Cx, diags: &mut Vec<Diagnostic>) {
    let mut rupture_turns = 0;
    // Node index and the longest option's index, where it is a best one.
    let mut biased: Vec<(usize, usize)> = Vec::new();
    for (i, t) in turns(cx.s) {
        if t.marker.is_none() || t.options.is_empty() {
            continue;
        }
        rupture_turns += 1;
        let len = |o: &Choice| o.says.chars().count();
        let longest = t.options.iter().map(len).max().unwrap_or(0);
        let best = t.options.iter().map(score).max().unwrap_or(0);
        let longest_options: Vec<usize> = (0..t.options.len())
            .filter(|&j| len(&t.options[j]) == longest)
            .collect();
        if longest_options
            .iter()
            .all(|&j| score(&t.options[j]) == best)
        {
            biased.push((i, longest_options[0]));
        }
    }
    if rupture_turns == 0 || (biased.len() as f64) <= LONG_BEST_SHARE * rupture_turns as f64 {
        return;
    }
    let names: Vec<String> = biased
        .iter()
        .map(|&(i, _)| format!("`{}`", cx.s.nodes[i].id()))
        .collect();
    let (i, j) = biased[0];
    let mut at = option_at(i, j).to_vec();
    at.push(Key::Field("says"));
    diags.push(cx.warn(
        Code::LongBestAnswer,
        &at,
        format!(
            "at {} of {} rupture turns ({}) the highest-scored option is also the longest, so \
             the longest answer is a safe guess",
            biased.len(),
            rupture_turns,
            names.join(", ")
        ),
        "at some rupture turns, make a misstep the longest option, or a good one short",
    ));
}

/// The first word of a label, in lower case, without punctuation around it.
fn first_word(label: &str) -> Option<String> {
    let word = first_word_as_written(label);
    (!word.is_empty()).then(|| word.to_lowercase())
}

/// A label's first word as written, without the punctuation around it:
/// the word a trainee would learn to look for.
pub(crate) fn first_word_as_written(label: &str) -> &str {
    label
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .trim_matches(|c: char| !c.is_alphanumeric())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Band {
    Low,
    Mid,
    High,
}

impl Band {
    fn of(attunement: u8) -> Band {
        match attunement {
            0..=2 => Band::Low,
            3 => Band::Mid,
            _ => Band::High,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Band::Low => "low attunement (1-2)",
            Band::Mid => "attunement 3",
            Band::High => "high attunement (4-5)",
        }
    }
}

fn label_gives_score_away(cx: &Cx, diags: &mut Vec<Diagnostic>) {
    // First word -> (node index, option index), in file order of first use.
    let mut groups: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
    for (i, t) in turns(cx.s) {
        for (j, o) in t.options.iter().enumerate() {
            if let Some(w) = first_word(&o.label) {
                groups.entry(w).or_default().push((i, j));
            }
        }
    }
    let option = |(i, j): (usize, usize)| match &cx.s.nodes[i] {
        Node::Turn(t) => &t.options[j],
        Node::Ending(_) => unreachable!("only turns are grouped"),
    };
    for members in groups.values() {
        if members.len() < LABEL_GROUP {
            continue;
        }
        let band = Band::of(option(members[0]).attunement);
        if !members
            .iter()
            .all(|&m| Band::of(option(m).attunement) == band)
        {
            continue;
        }
        let (i, j) = members[0];
        let word = first_word_as_written(&option(members[0]).label).to_owned();
        let names: Vec<String> = members
            .iter()
            .map(|&(i, j)| format!("`{}/{}`", cx.s.nodes[i].id(), option((i, j)).id))
            .collect();
        let mut at = option_at(i, j).to_vec();
        at.push(Key::Field("label"));
        diags.push(cx.warn(
            Code::LabelGivesScoreAway,
            &at,
            format!(
                "all {} options whose label starts with \"{word}\" ({}) have {}, so the label \
                 gives the score away",
                members.len(),
                names.join(", "),
                band.label()
            ),
            "skill is timing and fit: word the labels differently, or let one of these moves \
             come at the wrong moment and score accordingly",
        ));
    }
}

/// The client turn at node `n`.
fn turn_at(s: &Scenario, n: usize) -> &crate::model::Turn {
    match s.node(n) {
        Node::Turn(t) => t,
        Node::Ending(_) => unreachable!("only turns have options"),
    }
}

/// `` `a` ``, `` `a` and `b` ``, `` `a`, `b` and `c` ``.
fn names<S: AsRef<str>>(ids: &[S]) -> String {
    let quoted: Vec<String> = ids.iter().map(|i| format!("`{}`", i.as_ref())).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// A closed way, for a message: `option `leave` (when x > 5)`, with the
/// turn named when `at_turn`.
fn way_text(s: &Scenario, way: Way, at_turn: bool) -> String {
    let (n, j, alt) = way.parts();
    let t = turn_at(s, n);
    let o = &t.options[j];
    let of_turn = if at_turn {
        format!(" of turn `{}`", t.id)
    } else {
        String::new()
    };
    let when = way
        .condition(s)
        .map_or(String::new(), |c| format!(" (when {c})"));
    match (alt, &o.next) {
        (Some(i), Next::Branch(alts)) => format!(
            "the reaction to option `{}`{of_turn} that leads to `{}`{when}",
            o.id,
            s.node(alts[i].to).id()
        ),
        _ => format!("option `{}`{of_turn}{when}", o.id),
    }
}

/// The variables the conditions of `ways` read, in `reach`'s order.
fn vars_of_ways<'r>(s: &Scenario, reach: &'r Reach, ways: &[Way]) -> Vec<&'r str> {
    let read: HashSet<&str> = ways
        .iter()
        .filter_map(|w| w.condition(s))
        .flat_map(|c| c.all.iter().map(|cmp| cmp.var.as_str()))
        .collect();
    reach
        .vars()
        .iter()
        .map(String::as_str)
        .filter(|v| read.contains(v))
        .collect()
}

/// `x is 0 and y is 2`.
fn state_text(vars: &[&str], values: &[i32]) -> String {
    let parts: Vec<String> = vars
        .iter()
        .zip(values)
        .map(|(v, x)| format!("{v} is {x}"))
        .collect();
    parts.join(" and ")
}

/// What a variable is at a turn: `x is always 0`, `x is between 0 and 3`.
fn range_text(var: &str, range: reach::Range, shift: i32) -> String {
    let at = |v: Option<i32>| v.map(|v| v.saturating_add(shift));
    match (at(range.min), at(range.max)) {
        (Some(a), Some(b)) if a == b => format!("{var} is always {a}"),
        (Some(a), Some(b)) => format!("{var} is between {a} and {b}"),
        (Some(a), None) => format!("{var} is {a} or more"),
        (None, Some(b)) => format!("{var} is {b} or less"),
        (None, None) => format!("{var} can be anything"),
    }
}

fn no_way_out(cx: &Cx, reach: &Reach, diags: &mut Vec<Diagnostic>) {
    let s = cx.s;
    for st in reach.stuck(s) {
        let t = turn_at(s, st.node);
        let vars = vars_of_ways(s, reach, &st.exits);
        let slots: Vec<usize> = vars
            .iter()
            .filter_map(|v| reach.vars().iter().position(|x| x == v))
            .collect();
        let mut seen: Vec<Vec<i32>> = Vec::new();
        for state in &st.states {
            let shown: Vec<i32> = slots.iter().map(|&v| state[v]).collect();
            if !seen.contains(&shown) {
                seen.push(shown);
            }
        }
        let when = seen
            .first()
            .map_or(String::new(), |v| format!(" when {}", state_text(&vars, v)));
        // Without an exact exploration the states found are examples.
        let more = match seen.len() {
            0 | 1 => String::new(),
            _ if !reach.exact() => " (and in other states)".to_owned(),
            2 => " (and in 1 other state)".to_owned(),
            n => format!(" (and in {} other states)", n - 1),
        };
        let round = if st.around.len() > 1 {
            let ids: Vec<&str> = st.around.iter().map(|&n| s.node(n).id()).collect();
            format!(", going round turns {}", names(&ids))
        } else {
            String::new()
        };
        let exits: Vec<String> = st.exits.iter().map(|&w| way_text(s, w, false)).collect();
        diags.push(cx.error(
            Code::NoWayOut,
            &[Key::Field("nodes"), Key::Index(st.node), Key::Field("id")],
            format!(
                "a session can get stuck at turn `{}`: no ending can be reached from there{when}{more}{round}",
                t.id
            ),
            &format!(
                "{} never hold{} then: {}; change {}, let an option on the way change {}, or add \
                 a way out with no condition",
                if exits.len() == 1 {
                    "the way out is closed by a condition that"
                } else {
                    "the ways out are closed by conditions that"
                },
                if exits.len() == 1 { "s" } else { "" },
                exits.join(", "),
                if exits.len() == 1 {
                    "the condition"
                } else {
                    "a condition"
                },
                names(&vars)
            ),
        ));
    }
}

fn never_reached(cx: &Cx, reach: &Reach, diags: &mut Vec<Diagnostic>) {
    let s = cx.s;
    for u in reach.unreached(s) {
        let (kind, id) = match s.node(u.node) {
            Node::Turn(t) => ("turn", &t.id),
            Node::Ending(e) => ("ending", &e.id),
        };
        let from: Vec<&str> = u.only_from.iter().map(|&n| s.node(n).id()).collect();
        let (message, hint) = if u.closed.is_empty() {
            (
                format!(
                    "{kind} `{id}` is never reached: only turns no session reaches lead to it ({})",
                    names(&from)
                ),
                format!("once sessions can reach {}, check again", names(&from)),
            )
        } else {
            let ways: Vec<String> = u.closed.iter().map(|&w| way_text(s, w, true)).collect();
            let also = if from.is_empty() {
                String::new()
            } else {
                format!(", and turns no session reaches ({})", names(&from))
            };
            (
                format!(
                    "{kind} `{id}` is never reached: every way into it needs a condition that \
                     never holds when a session gets there"
                ),
                format!(
                    "{} {}{also}; change a condition or what leads up to it, or remove the {kind}",
                    if ways.len() == 1 {
                        "the way in is"
                    } else {
                        "the ways in are"
                    },
                    ways.join(", ")
                ),
            )
        };
        diags.push(cx.warn(
            Code::NeverReached,
            &[Key::Field("nodes"), Key::Index(u.node), Key::Field("id")],
            message,
            &hint,
        ));
    }
}

fn never_offered(cx: &Cx, reach: &Reach, diags: &mut Vec<Diagnostic>) {
    let s = cx.s;
    for (n, j) in reach.never_offered(s) {
        let t = turn_at(s, n);
        let o = &t.options[j];
        let way = Way::Option { node: n, option: j };
        let Some(condition) = way.condition(s) else {
            continue;
        };
        let ranges: Vec<String> = vars_of_ways(s, reach, &[way])
            .into_iter()
            .filter_map(|v| Some(range_text(v, reach.range(n, v)?, 0)))
            .collect();
        let mut at = option_at(n, j).to_vec();
        at.push(Key::Field("when"));
        diags.push(cx.warn(
            Code::NeverOffered,
            &at,
            format!(
                "option `{}` of turn `{}` is never offered: `{condition}` never holds when a \
                 session reaches `{}`",
                o.id, t.id, t.id
            ),
            &format!(
                "there, {}; change the condition, or let an option before it change the state",
                ranges.join(", and ")
            ),
        ));
    }
}

fn never_drawn(cx: &Cx, reach: &Reach, diags: &mut Vec<Diagnostic>) {
    let s = cx.s;
    for way in reach.never_drawn(s) {
        let Way::Reaction {
            node: n,
            option: j,
            alternative: k,
        } = way
        else {
            continue;
        };
        let t = turn_at(s, n);
        let o = &t.options[j];
        let (Some(condition), Next::Branch(alts)) = (way.condition(s), &o.next) else {
            continue;
        };
        let ranges: Vec<String> = vars_of_ways(s, reach, &[way])
            .into_iter()
            .filter_map(|v| {
                let shift = s.var_index(v).and_then(|i| o.effect_on(i)).unwrap_or(0);
                Some(range_text(v, reach.range(n, v)?, shift))
            })
            .collect();
        let at = [
            Key::Field("nodes"),
            Key::Index(n),
            Key::Field("options"),
            Key::Index(j),
            Key::Field("branch"),
            Key::Index(k),
            Key::Field("when"),
        ];
        diags.push(cx.warn(
            Code::NeverDrawn,
            &at,
            format!(
                "the reaction to option `{}` of turn `{}` that leads to `{}` never happens: \
                 `{condition}` never holds after the option's effects",
                o.id,
                t.id,
                s.node(alts[k].to).id()
            ),
            &format!(
                "after `{}`, {}; change the condition, or remove this alternative",
                o.id,
                ranges.join(", and ")
            ),
        ));
    }
}

/// The client turns of the longest path from `start` to an ending, in
/// order. Conditions are not taken into account, and no turn is passed
/// twice: the turns of a cycle (a group of turns that can lead back to
/// each other) count once each, in file order, whether or not one path can
/// pass them all. Without cycles this is the longest session possible.
pub fn longest_path(s: &Scenario) -> Vec<usize> {
    let adj = graph::adjacency(s);
    // Components come successors first.
    let components = graph::strongly_connected(&adj);
    let component = graph::component_of(&components, s.nodes.len());
    let is_turn = |n: &&usize| matches!(s.node(**n), Node::Turn(_));
    let mut best = vec![0; components.len()];
    let mut then: Vec<Option<usize>> = vec![None; components.len()];
    for (c, nodes) in components.iter().enumerate() {
        let mut after = 0;
        for &n in nodes {
            for &m in &adj[n] {
                let d = component[m];
                if d != c && (then[c].is_none() || best[d] > after) {
                    after = best[d];
                    then[c] = Some(d);
                }
            }
        }
        best[c] = nodes.iter().filter(is_turn).count() + after;
    }
    let mut path = Vec::new();
    let mut at = Some(component[s.start]);
    while let Some(c) = at {
        path.extend(components[c].iter().filter(is_turn).copied());
        at = then[c];
    }
    path
}

fn longest_path_too_long(cx: &Cx, diags: &mut Vec<Diagnostic>) {
    let path = longest_path(cx.s);
    if path.len() <= MAX_PATH_TURNS {
        return;
    }
    let ids: Vec<&str> = path.iter().map(|&n| cx.s.node(n).id()).collect();
    diags.push(cx.warn(
        Code::LongestPath,
        &[Key::Field("start")],
        format!(
            "the longest path from the start to an ending passes {} client turns, more than \
             {MAX_PATH_TURNS}: {}",
            path.len(),
            names(&ids)
        ),
        "a session is meant to take 10 to 20 minutes, about 8 to 15 turns; shorten this \
         route, or split the scenario in two",
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_str;

    const MINI: &str = include_str!("../tests/fixtures/mini.ron");

    /// The lints of `text`, which must load, as `(code, line, message)`.
    fn lints(text: &str) -> Vec<(&'static str, usize, String)> {
        let path = Path::new("mini.ron");
        let loaded = load_str(path, text);
        let s = loaded
            .scenario
            .unwrap_or_else(|| panic!("{}", crate::diag::render(&loaded.diagnostics)));
        lint(&s, path, text)
            .into_iter()
            .map(|d| (d.code.as_str(), d.location.map_or(0, |l| l.line), d.message))
            .collect()
    }

    fn codes(text: &str) -> Vec<&'static str> {
        lints(text).into_iter().map(|(c, _, _)| c).collect()
    }

    fn line_of(text: &str, needle: &str) -> usize {
        text[..text.find(needle).unwrap()].matches('\n').count() + 1
    }

    #[test]
    fn mini_has_a_thin_turn_and_a_long_best_answer() {
        let found = lints(MINI);
        assert_eq!(
            found,
            vec![
                (
                    "long-best-answer",
                    line_of(MINI, "says: \"You seem further"),
                    "at 2 of 2 rupture turns (`quiet`, `shrug`) the highest-scored option is \
                     also the longest, so the longest answer is a safe guess"
                        .to_owned()
                ),
                (
                    "thin-rupture-turn",
                    line_of(MINI, "Client(\n            id: \"shrug\""),
                    "rupture turn `shrug` has 1 good option (attunement 4+); it needs 2, good \
                     in different ways"
                        .to_owned()
                ),
            ]
        );
    }

    #[test]
    fn thin_rupture_turn_counts_options_and_strategies() {
        // A second good option at `shrug`, with the same strategy as the first.
        let same = MINI.replace(
            "strategy: PrematureReassurance,\n                    attunement: 2,",
            "strategy: AcknowledgeContribution,\n                    attunement: 4,",
        );
        let found = lints(&same);
        assert!(
            found.iter().any(|(c, _, m)| *c == "thin-rupture-turn"
                && m.contains("all with the strategy `AcknowledgeContribution`")),
            "{found:?}"
        );
        // With a different strategy, the turn is fine.
        let fine = MINI.replace(
            "strategy: PrematureReassurance,\n                    attunement: 2,",
            "strategy: ValidateDefense,\n                    attunement: 4,",
        );
        assert!(!codes(&fine).contains(&"thin-rupture-turn"));
        // Two options only at `quiet`: `agenda` is taken out.
        let start = MINI
            .find("                (\n                    id: \"agenda\"")
            .unwrap();
        let end = start
            + MINI[start..]
                .find("next: \"shrug\",\n                ),\n")
                .unwrap()
            + "next: \"shrug\",\n                ),\n".len();
        let two = format!("{}{}", &MINI[..start], &MINI[end..]);
        let found = lints(&two);
        assert!(
            found.iter().any(|(c, _, m)| *c == "thin-rupture-turn"
                && m.starts_with("rupture turn `quiet` offers 2 options")),
            "{found:?}"
        );
    }

    #[test]
    fn no_repair_path_when_every_misstep_ends_badly() {
        assert!(!codes(MINI).contains(&"no-repair-path"));
        // `agenda` now ends the session at once, and `reassure` is no
        // longer a misstep: `agenda`, `press` and `explain` all end badly.
        let cut = MINI
            .replace("next: \"shrug\",", "next: \"flat-end\",")
            .replace(
                "strategy: PrematureReassurance,\n                    attunement: 2,",
                "strategy: ValidateDefense,\n                    attunement: 4,",
            );
        let found = lints(&cut);
        let hit = found.iter().find(|(c, _, _)| *c == "no-repair-path");
        assert_eq!(
            hit.map(|(_, l, m)| (*l, m.as_str())),
            Some((
                line_of(&cut, "start:"),
                "after none of the 3 missteps can the session still end `Repaired` or \
                 `PartiallyRepaired`"
            )),
            "{found:?}"
        );
        // A partial repair counts as well.
        let partial = cut.replace("kind: Unresolved,", "kind: PartiallyRepaired,");
        assert!(!codes(&partial).contains(&"no-repair-path"));
    }

    #[test]
    fn marker_kind_mismatch_names_the_marker_and_the_list() {
        assert!(!codes(MINI).contains(&"marker-kind-mismatch"));
        let text = MINI.replace(
            "(kind: Deferential, salience: 2)",
            "(kind: ComplaintAboutTherapist, salience: 2)",
        );
        let found = lints(&text);
        let hit: Vec<_> = found
            .iter()
            .filter(|(c, _, _)| *c == "marker-kind-mismatch")
            .collect();
        assert_eq!(hit.len(), 1, "{found:?}");
        assert_eq!(hit[0].1, line_of(&text, "ComplaintAboutTherapist"));
        assert_eq!(
            hit[0].2,
            "turn `shrug` has a confrontation marker (`ComplaintAboutTherapist`), but \
             `ruptures` lists only withdrawal"
        );
        let both = text.replace(
            "ruptures: [Withdrawal]",
            "ruptures: [Withdrawal, Confrontation]",
        );
        assert!(!codes(&both).contains(&"marker-kind-mismatch"));
    }

    #[test]
    fn a_cycle_is_named_by_its_nodes() {
        assert!(!codes(MINI).contains(&"cycle"));
        let text = MINI.replace(
            "next: \"flat-end\",\n                ),\n            ],\n        ),\n        Client(\n            id: \"opens\"",
            "next: \"quiet\",\n                ),\n            ],\n        ),\n        Client(\n            id: \"opens\"",
        );
        assert_ne!(text, MINI);
        let found = lints(&text);
        let hit: Vec<_> = found.iter().filter(|(c, _, _)| *c == "cycle").collect();
        assert_eq!(hit.len(), 1, "{found:?}");
        assert_eq!(
            hit[0].2,
            "turns `quiet`, `shrug` form a cycle: a session can come back to a turn it has passed"
        );
        assert_eq!(
            hit[0].1,
            line_of(&text, "Client(\n            id: \"quiet\"")
        );
    }

    #[test]
    fn long_best_answer_needs_more_than_sixty_percent() {
        // Make the misstep `agenda` the longest at `quiet`: 1 of 2 is 50%.
        let text = MINI.replace(
            "Okay. Shall we look at the mood log?",
            "Okay. Shall we look at the mood log now, the one from last week, and go through \
             every single day of it one by one?",
        );
        assert!(
            !codes(&text).contains(&"long-best-answer"),
            "{:?}",
            lints(&text)
        );
        // A tie for longest between a best and a worse option is no bias.
        let tie = MINI.replace(
            "It's fine, we all have off days.",
            "I think I pushed hard last week about your brother. I'd like to hear how that was for you.",
        );
        let found = lints(&tie);
        assert!(!codes(&tie).contains(&"long-best-answer"), "{found:?}");
    }

    #[test]
    fn labels_sharing_a_first_word_and_a_band_are_flagged() {
        assert!(!codes(MINI).contains(&"label-gives-score-away"));
        let text = MINI
            .replace("label: \"Notice the change\"", "label: \"Own the change\"")
            .replace("label: \"Stay with it\"", "label: \"own: stay with it\"");
        let found = lints(&text);
        let hit: Vec<_> = found
            .iter()
            .filter(|(c, _, _)| *c == "label-gives-score-away")
            .collect();
        assert_eq!(hit.len(), 1, "{found:?}");
        assert_eq!(hit[0].1, line_of(&text, "label: \"Own the change\""));
        assert_eq!(
            hit[0].2,
            "all 3 options whose label starts with \"Own\" (`quiet/notice`, `shrug/own-it`, \
             `opens/stay`) have high attunement (4-5), so the label gives the score away"
        );
        // One of them in another band breaks the pattern.
        let mixed = text.replace("label: \"Reassure\"", "label: \"Own it quickly\"");
        assert!(!codes(&mixed).contains(&"label-gives-score-away"));
        assert_eq!(first_word("  \"Wait.\" then"), Some("wait".to_owned()));
        assert_eq!(first_word("..."), None);
    }

    use crate::reach::testing::{ending, option, text, turn};

    /// `liveness` and the exploration lints of `text`, as `(code, line,
    /// message)`.
    fn explored(text: &str) -> Vec<(&'static str, Severity, usize, String)> {
        let path = Path::new("t.ron");
        let s = crate::reach::testing::load(text);
        let states = reach::explore(&s);
        let mut all = liveness(&s, &states, path, text);
        let mut cx_diags = Vec::new();
        let cx = Cx::new(&s, path, text);
        never_offered(&cx, &states, &mut cx_diags);
        never_drawn(&cx, &states, &mut cx_diags);
        longest_path_too_long(&cx, &mut cx_diags);
        all.extend(in_source_order(text, cx_diags));
        all.into_iter()
            .map(|d| {
                (
                    d.code.as_str(),
                    d.severity,
                    d.location.map_or(0, |l| l.line),
                    d.message,
                )
            })
            .collect()
    }

    fn guarded_exit(effect: &str) -> String {
        text(
            "\"x\": 0",
            &[
                turn(
                    "a",
                    &[
                        option("wait", &format!("{effect}next: \"a\"")),
                        option("leave", "when: \"x > 5\",\n next: \"end\""),
                    ],
                ),
                ending("end"),
            ],
        )
    }

    #[test]
    fn a_guarded_exit_that_never_opens_is_a_located_error() {
        let text = guarded_exit("");
        let found = explored(&text);
        assert_eq!(
            found,
            [
                (
                    "no-way-out",
                    Severity::Error,
                    line_of(&text, "id: \"a\""),
                    "a session can get stuck at turn `a`: no ending can be reached from there \
                     when x is 0"
                        .to_owned()
                ),
                (
                    "never-reached",
                    Severity::Warning,
                    line_of(&text, "id: \"end\""),
                    "ending `end` is never reached: every way into it needs a condition that \
                     never holds when a session gets there"
                        .to_owned()
                ),
                (
                    "never-offered",
                    Severity::Warning,
                    line_of(&text, "when: \"x > 5\""),
                    "option `leave` of turn `a` is never offered: `x > 5` never holds when a \
                     session reaches `a`"
                        .to_owned()
                ),
            ]
        );
        let path = Path::new("t.ron");
        let s = crate::reach::testing::load(&text);
        let d = &liveness(&s, &reach::explore(&s), path, &text)[0];
        assert_eq!(
            d.hint.as_deref(),
            Some(
                "the way out is closed by a condition that never holds then: option `leave` \
                 (when x > 5); change the condition, let an option on the way change `x`, or \
                 add a way out with no condition"
            )
        );
    }

    #[test]
    fn a_counter_that_opens_the_exit_reports_nothing() {
        assert_eq!(explored(&guarded_exit("effects: { \"x\": 1 }, ")), []);
    }

    #[test]
    fn a_counter_that_moves_away_from_the_exit_is_still_found_stuck() {
        // x falls without end; the states named are examples.
        let found = explored(&guarded_exit("effects: { \"x\": -1 }, "));
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(
            found[0].3,
            "a session can get stuck at turn `a`: no ending can be reached from there when x \
             is 0 (and in other states)"
        );
    }

    #[test]
    fn never_offered_names_what_the_state_is_there() {
        let text = text(
            "\"x\": 0, \"y\": 2",
            &[
                turn(
                    "a",
                    &[
                        option("up", "effects: { \"x\": 1 }, next: \"b\""),
                        option("stay", "next: \"b\""),
                    ],
                ),
                turn(
                    "b",
                    &[
                        option("go", "next: \"end\""),
                        option("dream", "when: \"x >= 2 and y < 3\", next: \"end\""),
                        option(
                            "maybe",
                            "effects: { \"y\": 1 }, branch: [(to: \"end\", weight: 1), \
                             (to: \"a\", weight: 1, when: \"y < 3\")]",
                        ),
                    ],
                ),
                ending("end"),
            ],
        );
        let path = Path::new("t.ron");
        let s = crate::reach::testing::load(&text);
        let states = reach::explore(&s);
        let cx = Cx::new(&s, path, &text);
        let mut diags = Vec::new();
        never_offered(&cx, &states, &mut diags);
        never_drawn(&cx, &states, &mut diags);
        let diags = in_source_order(&text, diags);
        let shown: Vec<(&str, usize, &str, &str)> = diags
            .iter()
            .map(|d| {
                (
                    d.code.as_str(),
                    d.location.as_ref().unwrap().line,
                    d.message.as_str(),
                    d.hint.as_deref().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "never-offered",
                    line_of(&text, "when: \"x >= 2"),
                    "option `dream` of turn `b` is never offered: `x >= 2 and y < 3` never \
                     holds when a session reaches `b`",
                    "there, x is between 0 and 1, and y is always 2; change the condition, or \
                     let an option before it change the state"
                ),
                (
                    "never-drawn",
                    line_of(&text, "when: \"y < 3\""),
                    "the reaction to option `maybe` of turn `b` that leads to `a` never \
                     happens: `y < 3` never holds after the option's effects",
                    "after `maybe`, y is always 3; change the condition, or remove this \
                     alternative"
                ),
            ]
        );
    }

    /// A chain of `n` client turns.
    fn chain(n: usize) -> String {
        let mut nodes: Vec<String> = (0..n)
            .map(|i| {
                let id = if i == 0 {
                    "a".to_owned()
                } else {
                    format!("t{i}")
                };
                let next = if i + 1 == n {
                    "end".to_owned()
                } else {
                    format!("t{}", i + 1)
                };
                turn(&id, &[option("on", &format!("next: \"{next}\""))])
            })
            .collect();
        nodes.push(ending("end"));
        text("", &nodes)
    }

    #[test]
    fn longest_path_over_the_bound_is_reported_at_the_start() {
        assert_eq!(explored(&chain(MAX_PATH_TURNS)), []);
        let text = chain(MAX_PATH_TURNS + 1);
        let found = explored(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "longest-path");
        assert_eq!(found[0].2, line_of(&text, "start:"));
        assert!(
            found[0].3.starts_with(
                "the longest path from the start to an ending passes 21 client turns, more \
                 than 20: `a`, `t1`, `t2`,"
            ),
            "{}",
            found[0].3
        );
    }

    #[test]
    fn longest_path_counts_the_turns_of_a_cycle_once() {
        let s = crate::reach::testing::load(&text(
            "",
            &[
                turn(
                    "a",
                    &[option("on", "next: \"b\""), option("skip", "next: \"d\"")],
                ),
                turn("b", &[option("on", "next: \"c\"")]),
                turn(
                    "c",
                    &[option("back", "next: \"b\""), option("on", "next: \"d\"")],
                ),
                turn("d", &[option("on", "next: \"end\"")]),
                ending("end"),
            ],
        ));
        let ids: Vec<&str> = longest_path(&s).iter().map(|&n| s.node(n).id()).collect();
        assert_eq!(ids, ["a", "b", "c", "d"]);
    }
}
