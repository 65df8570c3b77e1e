//! Checks of the nodes: their ids, each client turn and its options
//! (scores, texts, effects, conditions, where each option leads) and each
//! ending. References to other nodes are resolved here; the edges that
//! resolved are handed on to the graph checks.
//!
//! The checks read the file; what they work out (each option's effects,
//! condition and next node) is kept apart, and the nodes are put together
//! only once every check has passed, from the file itself, so that no text
//! is copied ([`Built::into_nodes`]).

use std::collections::HashMap;

use super::kind::{
    BranchRef, FieldName, NodeRef, OptionRef, Owner, Problem, Referrer, Scale, TextField,
};
use super::{Ctx, closest};
use crate::condition::{Condition, ErrorKind};
use crate::format::{self, ClientTurn, Node as WireNode, OptionKind, ResponseOption, ScenarioFile};
use crate::model::{
    Alternative, Choice, Effect, Ending, MAX_SUGGESTIONS, Next, Node, STATE_MAX, STATE_MIN, Turn,
    is_valid_id,
};
use crate::spans::Key;

/// Node ids and what became of the references to them.
pub(super) struct Ids<'f> {
    index: HashMap<&'f str, usize>,
    ids: Vec<&'f str>,
    /// Nodes whose id an earlier node already has.
    pub(super) duplicates: Vec<bool>,
    /// References to nodes that do not exist.
    pub(super) unresolved: Vec<Unresolved>,
    /// Some turn has no options, or an option does not say where it goes,
    /// or says it twice.
    pub(super) dangling: bool,
    /// A node's id is under a suppressed path, so the ids are not all known.
    pub(super) ids_unknown: bool,
}

/// A reference to a node that does not exist.
pub(super) struct Unresolved {
    pub(super) target: String,
    pub(super) from: Referrer,
    pub(super) suggestion: Option<String>,
}

impl<'f> Ids<'f> {
    /// Index the node ids, reporting bad and duplicate ones.
    pub(super) fn index(cx: &mut Ctx, file: &'f ScenarioFile) -> Ids<'f> {
        let mut index = HashMap::new();
        let mut duplicates = vec![false; file.nodes.len()];
        for (i, node) in file.nodes.iter().enumerate() {
            let id = node.id();
            let at = node_path(i, "id");
            if !is_valid_id(id) {
                cx.report(
                    Problem::BadNodeId {
                        node: node_ref(node),
                    },
                    &at,
                );
            }
            if let Some(&first) = index.get(id) {
                duplicates[i] = true;
                let problem = Problem::DuplicateNodeId {
                    id: id.to_owned(),
                    first_line: cx.line_of(&node_path(first, "id")),
                };
                cx.report(problem, &at);
            } else {
                index.insert(id, i);
            }
        }
        let ids_unknown = (0..file.nodes.len()).any(|i| cx.is_suppressed(&node_path(i, "id")));
        Ids {
            index,
            ids: file.nodes.iter().map(WireNode::id).collect(),
            duplicates,
            unresolved: Vec::new(),
            dangling: false,
            ids_unknown,
        }
    }

    /// The index of node `target`, reporting it when there is none (as
    /// referred to by `from`).
    pub(super) fn resolve(
        &mut self,
        cx: &mut Ctx,
        target: &str,
        from: impl FnOnce() -> Referrer,
        path: &[Key],
    ) -> Option<usize> {
        if let Some(&i) = self.index.get(target) {
            return Some(i);
        }
        let from = from();
        let suggestion = closest(target, self.ids.iter().copied());
        self.unresolved.push(Unresolved {
            target: target.to_owned(),
            from: from.clone(),
            suggestion: suggestion.clone(),
        });
        if self.ids_unknown {
            cx.fail();
        } else {
            let target = target.to_owned();
            let problem = Problem::UnknownNode {
                target,
                from,
                suggestion,
            };
            cx.report(problem, path);
        }
        None
    }
}

/// What the checks worked out about the nodes, in file order.
pub(super) struct Built {
    /// Per option of each node (none for an ending), what it became, if
    /// it checked out.
    options: Vec<Vec<Option<Compiled>>>,
    /// For each node, the nodes its options lead to (where they resolved).
    pub(super) edges: Vec<Vec<usize>>,
    /// False when some option could not be built.
    pub(super) complete: bool,
}

/// What an option's effects, condition and next node became: its
/// variables and nodes by index.
struct Compiled {
    effects: Vec<Effect>,
    when: Option<Condition>,
    next: Next,
}

impl Built {
    /// The nodes of the file the checks read, taken apart and put together
    /// again as the model's, their texts moved rather than copied. Call
    /// only when every option checked out ([`Built::complete`]).
    pub(super) fn into_nodes(self, nodes: Vec<WireNode>) -> Vec<Node> {
        nodes
            .into_iter()
            .zip(self.options)
            .map(|(node, options)| match node {
                WireNode::Ending(e) => Node::Ending(Ending {
                    id: e.id,
                    kind: e.kind,
                    title: e.title,
                    summary: e.summary,
                    fuller_repair: e.fuller_repair.filter(|t| !t.trim().is_empty()),
                }),
                WireNode::Client(t) => Node::Turn(Turn {
                    id: t.id,
                    line: t.line,
                    cue: t.cue,
                    affect: t.affect,
                    marker: t.marker,
                    checkin: t.checkin,
                    options: t
                        .options
                        .into_iter()
                        .zip(options)
                        .filter_map(|(o, c)| {
                            let c = c?;
                            Some(Choice {
                                id: o.id,
                                label: o.label,
                                says: o.says,
                                kind: o.kind,
                                strategy: o.strategy,
                                attunement: o.attunement,
                                ownership: o.ownership,
                                rationale: o.rationale,
                                effects: c.effects,
                                when: c.when,
                                next: c.next,
                                concern: o.concern,
                            })
                        })
                        .collect(),
                }),
            })
            .collect()
    }
}

/// Check every node, working out what each option becomes.
pub(super) fn check(cx: &mut Ctx, file: &ScenarioFile, ids: &mut Ids) -> Built {
    let mut built = Built {
        options: Vec::with_capacity(file.nodes.len()),
        edges: Vec::with_capacity(file.nodes.len()),
        complete: true,
    };
    // The declared variables in name order: a variable's index here is its
    // index in the client state.
    let vars = Vars(file.state.keys().map(String::as_str).collect());
    for (i, node) in file.nodes.iter().enumerate() {
        match node {
            WireNode::Ending(e) => {
                ending(cx, i, e);
                built.options.push(Vec::new());
                built.edges.push(Vec::new());
            }
            WireNode::Client(t) => {
                let (options, edges, complete) = turn(cx, i, t, ids, &vars);
                built.options.push(options);
                built.edges.push(edges);
                built.complete &= complete;
            }
        }
    }
    if !file.nodes.iter().any(|n| matches!(n, WireNode::Ending(_))) {
        cx.report(Problem::NoEndings, &[Key::Field("nodes")]);
    }
    built
}

fn ending(cx: &mut Ctx, i: usize, e: &format::Ending) {
    for (name, text) in [("id", &e.id), ("title", &e.title), ("summary", &e.summary)] {
        cx.text(text, &node_path(i, name), || TextField {
            name: FieldName::Named(name),
            owner: Owner::Node(NodeRef::Ending(e.id.clone())),
        });
    }
    if e.summary.trim().is_empty() {
        let problem = Problem::EmptySummary {
            ending: e.id.clone(),
        };
        cx.report(problem, &node_path(i, "summary"));
    }
    if let Some(text) = &e.fuller_repair {
        cx.text(text, &node_path(i, "fuller_repair"), || TextField {
            name: FieldName::Named("fuller_repair"),
            owner: Owner::Node(NodeRef::Ending(e.id.clone())),
        });
    }
}

/// An option by its turn's id and its own, named in a problem only when
/// there is one to report.
#[derive(Clone, Copy)]
struct Opt<'f> {
    turn: &'f str,
    option: &'f str,
}

impl Opt<'_> {
    fn r(self) -> OptionRef {
        OptionRef {
            turn: self.turn.to_owned(),
            option: self.option.to_owned(),
        }
    }
}

/// The names of the declared client-state variables, in name order.
struct Vars<'f>(Vec<&'f str>);

impl Vars<'_> {
    fn index(&self, name: &str) -> Option<usize> {
        self.0.binary_search(&name).ok()
    }

    fn closest(&self, name: &str) -> Option<String> {
        closest(name, self.0.iter().copied())
    }
}

/// Options a turn may have before their ids are checked for repeats with
/// a map rather than by looking back over the ones before.
const FEW_OPTIONS: usize = 16;

/// A client turn: its own fields, then each option. Returns what each
/// option became (if it checked out), the nodes they lead to, and whether
/// all of them checked out.
fn turn(
    cx: &mut Ctx,
    i: usize,
    t: &ClientTurn,
    ids: &mut Ids,
    vars: &Vars,
) -> (Vec<Option<Compiled>>, Vec<usize>, bool) {
    turn_texts(cx, i, t);
    turn_fields(cx, i, t, ids);
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut compiled = Vec::with_capacity(t.options.len());
    let mut edges = Vec::with_capacity(t.options.len());
    let mut complete = true;
    for (j, o) in t.options.iter().enumerate() {
        let at = At { node: i, option: j };
        let r = Opt {
            turn: &t.id,
            option: &o.id,
        };
        // The latest option before this one with the same id.
        let before = if t.options.len() <= FEW_OPTIONS {
            t.options[..j].iter().rposition(|p| p.id == o.id)
        } else {
            seen.insert(&o.id, j)
        };
        if let Some(first) = before {
            let problem = Problem::DuplicateOptionId {
                option: r.r(),
                first: first + 1,
            };
            cx.report(problem, &at.option("id"));
        }
        let (c, to) = option(cx, at, o, r, ids, vars);
        edges.extend(to);
        complete &= c.is_some();
        compiled.push(c);
    }
    (compiled, edges, complete)
}

/// A turn's line, marker, and whether it offers something to choose.
fn turn_fields(cx: &mut Ctx, i: usize, t: &ClientTurn, ids: &mut Ids) {
    let owner = || Owner::Node(NodeRef::Turn(t.id.clone()));
    if t.line.trim().is_empty() {
        let field = TextField {
            name: FieldName::Named("line"),
            owner: owner(),
        };
        cx.report(Problem::EmptyText { field }, &node_path(i, "line"));
    }
    if let Some(m) = &t.marker
        && !(1..=5).contains(&m.salience)
    {
        let problem = Problem::ScoreRange {
            scale: Scale::Salience,
            value: m.salience,
            whose: owner(),
        };
        let marker = [Key::Field("marker"), Key::Field("salience")];
        cx.report(problem, &[NODES, Key::Index(i), marker[0], marker[1]]);
    }
    if t.options.is_empty() {
        ids.dangling = true;
        let turn = t.id.clone();
        cx.report(Problem::NoOptions { turn }, &node_path(i, "options"));
    } else if t.options.iter().all(|o| o.when.is_some()) {
        let turn = t.id.clone();
        let problem = Problem::NoUnconditionalOption { turn };
        cx.report(problem, &node_path(i, "options"));
    }
}

fn turn_texts(cx: &mut Ctx, i: usize, t: &ClientTurn) {
    let owner = || Owner::Node(NodeRef::Turn(t.id.clone()));
    for (name, text) in [("id", &t.id), ("line", &t.line), ("cue", &t.cue)] {
        cx.text(text, &node_path(i, name), || TextField {
            name: FieldName::Named(name),
            owner: owner(),
        });
    }
    let Some(checkin) = &t.checkin else {
        return;
    };
    let owner = || Owner::CheckIn(t.id.clone());
    let at = |f| [NODES, Key::Index(i), Key::Field("checkin"), Key::Field(f)];
    cx.text(&checkin.prompt, &at("prompt"), || TextField {
        name: FieldName::Named("prompt"),
        owner: owner(),
    });
    for (k, s) in checkin.suggestions.iter().enumerate() {
        let path = [at("suggestions").as_slice(), &[Key::Index(k)]].concat();
        cx.text(s, &path, || TextField {
            name: FieldName::Suggestion(k + 1),
            owner: owner(),
        });
    }
    let count = checkin.suggestions.len();
    if count > MAX_SUGGESTIONS {
        // Point at the first suggestion there is no letter for.
        let path = [at("suggestions").as_slice(), &[Key::Index(MAX_SUGGESTIONS)]].concat();
        let turn = t.id.clone();
        cx.report(Problem::TooManySuggestions { turn, count }, &path);
    }
}

/// One option. Returns what it became when it checked out, and the nodes
/// it leads to.
fn option(
    cx: &mut Ctx,
    at: At,
    o: &ResponseOption,
    r: Opt,
    ids: &mut Ids,
    vars: &Vars,
) -> (Option<Compiled>, Vec<usize>) {
    if !is_valid_id(&o.id) {
        cx.report(Problem::BadOptionId { option: r.r() }, &at.option("id"));
    }
    option_texts(cx, at, o, r);
    scores(cx, at, o, r);
    let mut effects = Vec::with_capacity(o.effects.len());
    for (var, &value) in &o.effects {
        if !(STATE_MIN..=STATE_MAX).contains(&value) {
            let problem = Problem::EffectRange {
                option: r.r(),
                var: var.clone(),
                value,
            };
            let path = [at.option("effects").as_slice(), &[Key::MapKey(var)]].concat();
            cx.report(problem, &path);
        }
        match vars.index(var) {
            Some(i) => effects.push(Effect {
                var: i,
                delta: value,
            }),
            None => {
                let span = cx.map_key(&at.option("effects"), var);
                let problem = Problem::UnknownEffectVariable {
                    option: r.r(),
                    var: var.clone(),
                    suggestion: vars.closest(var),
                };
                let path = [at.option("effects").as_slice(), &[Key::MapKey(var)]].concat();
                cx.report_span(problem, &path, span);
            }
        }
    }
    let when = o.when.as_ref().and_then(|w| {
        let whose = || Owner::Option(r.r());
        condition(cx, w, whose, &at.option("when"), vars)
    });
    let when_ok = o.when.is_none() || when.is_some();
    let (next, edges) = next(cx, at, o, r, ids, vars);
    let compiled = match (next, when_ok) {
        (Some(next), true) => Some(Compiled {
            effects,
            when,
            next,
        }),
        _ => None,
    };
    (compiled, edges)
}

fn option_texts(cx: &mut Ctx, at: At, o: &ResponseOption, r: Opt) {
    for (name, text) in [
        ("id", &o.id),
        ("label", &o.label),
        ("says", &o.says),
        ("rationale", &o.rationale),
    ] {
        cx.text(text, &at.option(name), || TextField {
            name: FieldName::Named(name),
            owner: Owner::Option(r.r()),
        });
    }
    if let Some(concern) = &o.concern {
        let path = [at.option("concern").as_slice(), &[Key::Field("note")]].concat();
        cx.text(&concern.note, &path, || TextField {
            name: FieldName::Named("note"),
            owner: Owner::Option(r.r()),
        });
        if concern.note.trim().is_empty() {
            let problem = Problem::EmptyConcern { option: r.r() };
            cx.report(problem, &path);
        }
    }
    if o.rationale.trim().is_empty() {
        let problem = Problem::NoRationale { option: r.r() };
        cx.report(problem, &at.option("rationale"));
    }
    if o.kind == OptionKind::Speak && o.says.trim().is_empty() {
        let problem = Problem::EmptySays { option: r.r() };
        cx.report(problem, &at.option("says"));
    }
}

fn scores(cx: &mut Ctx, at: At, o: &ResponseOption, r: Opt) {
    let scores = [
        (Scale::Attunement, "attunement", Some(o.attunement)),
        (Scale::Ownership, "ownership", o.ownership),
    ];
    for (scale, name, value) in scores {
        if let Some(value) = value
            && !(1..=5).contains(&value)
        {
            let whose = Owner::Option(r.r());
            let problem = Problem::ScoreRange {
                scale,
                value,
                whose,
            };
            cx.report(problem, &at.option(name));
        }
    }
}

/// Where an option leads, and the nodes it names that exist.
fn next(
    cx: &mut Ctx,
    at: At,
    o: &ResponseOption,
    r: Opt,
    ids: &mut Ids,
    vars: &Vars,
) -> (Option<Next>, Vec<usize>) {
    match (&o.next, o.branch.is_empty()) {
        (Some(target), false) => {
            ids.dangling = true;
            cx.report(
                Problem::NextAndBranch { option: r.r() },
                &at.option("branch"),
            );
            let from = || Referrer::Next(r.r());
            let mut edges: Vec<usize> = ids
                .resolve(cx, target, from, &at.option("next"))
                .into_iter()
                .collect();
            edges.extend(branch(cx, at, o, r, ids, vars).1);
            (None, edges)
        }
        (None, true) => {
            ids.dangling = true;
            if cx.is_suppressed(&at.option("next")) || cx.is_suppressed(&at.option("branch")) {
                cx.fail();
            } else {
                cx.report(Problem::NoNext { option: r.r() }, &at.option("id"));
            }
            (None, Vec::new())
        }
        (Some(target), true) => {
            let from = || Referrer::Next(r.r());
            let to = ids.resolve(cx, target, from, &at.option("next"));
            (to.map(Next::Node), to.into_iter().collect())
        }
        (None, false) => branch(cx, at, o, r, ids, vars),
    }
}

/// An option's `branch`, and the nodes it names that exist.
fn branch(
    cx: &mut Ctx,
    at: At,
    o: &ResponseOption,
    r: Opt,
    ids: &mut Ids,
    vars: &Vars,
) -> (Option<Next>, Vec<usize>) {
    let mut alts = Vec::with_capacity(o.branch.len());
    let mut ok = true;
    for (k, a) in o.branch.iter().enumerate() {
        let from = || Referrer::Branch(r.r());
        let to = ids.resolve(cx, &a.to, from, &at.branch(k, "to"));
        let b = || BranchRef {
            option: r.r(),
            to: a.to.clone(),
        };
        if a.weight == 0 {
            cx.report(Problem::BadWeight { branch: b() }, &at.branch(k, "weight"));
            ok = false;
        }
        let when = a.when.as_ref().and_then(|w| {
            let whose = || Owner::Branch(b());
            condition(cx, w, whose, &at.branch(k, "when"), vars)
        });
        ok &= a.when.is_none() || when.is_some();
        match to {
            Some(to) => alts.push(Alternative {
                to,
                weight: a.weight,
                when,
            }),
            None => ok = false,
        }
    }
    if o.branch.iter().all(|a| a.when.is_some()) {
        cx.report(Problem::NoFallback { option: r.r() }, &at.option("branch"));
        ok = false;
    }
    let edges = alts.iter().map(|a| a.to).collect();
    (ok.then_some(Next::Branch(alts)), edges)
}

/// Parse a `when` condition and check the variables it names.
fn condition(
    cx: &mut Ctx,
    text: &str,
    whose: impl Fn() -> Owner,
    path: &[Key],
    vars: &Vars,
) -> Option<Condition> {
    let mut c = match Condition::parse(text) {
        Ok(c) => c,
        Err(e) => {
            let span = cx.inside_string(path, e.offset, e.len);
            let text = text.to_owned();
            let whose = whose();
            let problem = match e.kind {
                ErrorKind::Or => Problem::OrCondition { whose, text },
                ErrorKind::Syntax => Problem::BadCondition {
                    whose,
                    text,
                    reason: e.message,
                },
            };
            cx.report_span(problem, path, span);
            return None;
        }
    };
    let unknown = c.resolve(|name| vars.index(name));
    let ok = unknown.is_empty();
    for cmp in unknown {
        let span = cx.inside_string(path, cmp.var_offset, cmp.var.len());
        let problem = Problem::UnknownConditionVariable {
            whose: whose(),
            var: cmp.var.clone(),
            suggestion: vars.closest(&cmp.var),
        };
        cx.report_span(problem, path, span);
    }
    ok.then_some(c)
}

const NODES: Key<'static> = Key::Field("nodes");

pub(super) fn node_path(i: usize, field: &'static str) -> [Key<'static>; 3] {
    [NODES, Key::Index(i), Key::Field(field)]
}

pub(super) fn node_ref(node: &WireNode) -> NodeRef {
    match node {
        WireNode::Client(t) => NodeRef::Turn(t.id.clone()),
        WireNode::Ending(e) => NodeRef::Ending(e.id.clone()),
    }
}

/// Where an option is: its node's and its own index.
#[derive(Clone, Copy)]
struct At {
    node: usize,
    option: usize,
}

impl At {
    fn option(self, field: &'static str) -> [Key<'static>; 5] {
        let [a, b] = [self.node, self.option].map(Key::Index);
        [NODES, a, Key::Field("options"), b, Key::Field(field)]
    }

    fn branch(self, k: usize, field: &'static str) -> [Key<'static>; 7] {
        let [a, b, c] = [self.node, self.option, k].map(Key::Index);
        let (options, branch) = (Key::Field("options"), Key::Field("branch"));
        [NODES, a, options, b, branch, c, Key::Field(field)]
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::testing::{check, codes, edited};

    #[test]
    fn or_in_an_option_condition_says_what_to_do_instead() {
        let text = edited(&[("\"tension >= 5\"", "\"tension > 5 or alliance < 2\"")]);
        let (_, diags) = check(&text, &[]);
        assert_eq!(codes(&diags), ["bad-condition"]);
        let d = &diags[0];
        assert_eq!(
            d.message,
            "the condition `tension > 5 or alliance < 2` of option `press` of turn `shrug` uses `or`, which conditions do not support"
        );
        assert_eq!(
            d.hint.as_deref(),
            Some("split it into two options, each with its own `when`")
        );
        let loc = d.location.as_ref().unwrap();
        let snippet = d.snippet.as_ref().unwrap();
        let under: String = snippet
            .text
            .chars()
            .skip(snippet.caret)
            .take(loc.len)
            .collect();
        assert_eq!(under, "or");
    }

    #[test]
    fn or_in_a_branch_condition_suggests_two_alternatives() {
        let text = edited(&[(
            "(to: \"opens\", weight: 1),",
            "(to: \"opens\", weight: 1, when: \"tension > 5 || alliance < 2\"),",
        )]);
        let (_, diags) = check(&text, &[]);
        assert_eq!(codes(&diags), ["bad-condition"]);
        assert!(
            diags[0]
                .message
                .contains("of the branch to `opens` of option `notice` of turn `quiet` uses `or`"),
            "{}",
            diags[0].message
        );
        assert_eq!(
            diags[0].hint.as_deref(),
            Some("split it into two branch alternatives, each with its own `when`")
        );
    }
}
