//! The validated scenario: ids resolved to indices, conditions parsed,
//! scores in range, every node reachable and able to end.
//!
//! [`validate`] converts a [`ScenarioFile`] and reports every problem it
//! finds (not just the first), each located in the source through the
//! [`SpanMap`]. Code downstream of this module (engine, scoring, logs) may
//! rely on the invariants and never re-checks them.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::condition::Condition;
use crate::decode::Seg;
use crate::diag::{Code, Diagnostic, Span, suggest};
use crate::format::{
    Affect, CheckIn, Client, Difficulty, EndingKind, FORMAT_VERSION, Marker, Node as WireNode,
    OptionKind, RuptureKind, ScenarioFile, Strategy,
};
use crate::spans::{Key, SpanMap};

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
    pub initial_state: BTreeMap<String, i32>,
    pub start: usize,
    pub nodes: Vec<Node>,
    index: HashMap<String, usize>,
    /// SHA-256 of the scenario's content (not its formatting or comments).
    pub content_hash: String,
    /// Where it was loaded from, when it came from a file.
    pub path: Option<PathBuf>,
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
    pub effects: BTreeMap<String, i32>,
    pub when: Option<Condition>,
    pub next: Next,
}

impl Choice {
    /// Attunement or ownership at 2 or below.
    pub fn is_misstep(&self) -> bool {
        self.attunement <= 2 || self.ownership.is_some_and(|o| o <= 2)
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
}

impl Scenario {
    pub fn node_index(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    pub fn node(&self, i: usize) -> &Node {
        &self.nodes[i]
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
}

/// Content hash: SHA-256 over the canonical RON of the parsed file, so
/// comments and layout do not change it.
pub fn content_hash(file: &ScenarioFile) -> String {
    let canonical = ron::to_string(file).unwrap_or_default();
    let digest = Sha256::digest(canonical.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
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

struct Ctx<'a> {
    path: &'a Path,
    source: &'a str,
    spans: Option<SpanMap>,
    diags: Vec<Diagnostic>,
    /// Places already reported by the reader, holding stand-in values.
    poisoned: &'a [Vec<Seg>],
}

/// Whether `poisoned` is a prefix of `path`.
fn covers(poisoned: &[Seg], path: &[Key]) -> bool {
    poisoned.len() <= path.len()
        && poisoned.iter().zip(path).all(|(s, k)| match (s, k) {
            (Seg::Field(a), Key::Field(b)) => a == b,
            (Seg::Index(a), Key::Index(b)) => a == b,
            (Seg::Key(a), Key::MapKey(b)) => a == b,
            _ => false,
        })
}

impl Ctx<'_> {
    fn suppressed(&self, path: &[Key]) -> bool {
        self.poisoned.iter().any(|p| covers(p, path))
    }

    fn span(&self, path: &[Key]) -> Option<Span> {
        let n = self.spans.as_ref()?.get(path)?;
        Some(Span::Bytes {
            start: n.start,
            end: n.end,
        })
    }

    /// The nearest existing span along `path`, so a diagnostic about a
    /// missing or defaulted field still points at its parent.
    fn nearest(&self, path: &[Key]) -> Option<Span> {
        (0..=path.len()).rev().find_map(|n| {
            let s = self.span(&path[..n])?;
            // Point at the first line only of a large parent.
            Some(match s {
                Span::Bytes { start, end } if n < path.len() => Span::Bytes {
                    start,
                    end: self.source[start..end]
                        .find('\n')
                        .map_or(end, |i| start + i),
                },
                s => s,
            })
        })
    }

    fn error(&mut self, code: Code, path: &[Key], msg: String, hint: Option<String>) {
        if self.suppressed(path) {
            return;
        }
        let d = Diagnostic::error(code, self.path, msg)
            .at(self.nearest(path))
            .with_hint(hint);
        self.diags.push(d);
    }

    fn warning(&mut self, code: Code, path: &[Key], msg: String, hint: Option<String>) {
        if self.suppressed(path) {
            return;
        }
        let d = Diagnostic::warning(code, self.path, msg)
            .at(self.nearest(path))
            .with_hint(hint);
        self.diags.push(d);
    }

    fn condition(
        &mut self,
        text: &str,
        path: &[Key],
        vars: &BTreeMap<String, i32>,
    ) -> Option<Condition> {
        // Offsets inside the string literal: +1 for the opening quote.
        // This is exact for conditions without escape sequences, which is
        // all a condition ever needs.
        let base = self.span(path).and_then(|s| match s {
            Span::Bytes { start, .. } => Some(start + 1),
            Span::LineCol { .. } => None,
        });
        let point = |off: usize, len: usize| {
            base.map(|b| Span::Bytes {
                start: b + off,
                end: b + off + len,
            })
        };
        match Condition::parse(text) {
            Err(e) => {
                let d = Diagnostic::error(
                    Code::BadCondition,
                    self.path,
                    format!("cannot read condition `{text}`: {}", e.message),
                )
                .at(point(e.offset, e.len).or(self.nearest(path)))
                .with_hint(Some(
                    "conditions look like `tension >= 5` or `alliance < 3 and tension > 6`".into(),
                ));
                self.diags.push(d);
                None
            }
            Ok(c) => {
                let mut ok = true;
                for cmp in &c.all {
                    if !vars.contains_key(&cmp.var) {
                        ok = false;
                        let hint =
                            suggest(&cmp.var, vars.keys().map(String::as_str)).or_else(|| {
                                Some(format!(
                                    "declare it in `state`, e.g. `state: {{ \"{}\": 0 }}`",
                                    cmp.var
                                ))
                            });
                        let d = Diagnostic::error(
                            Code::UnknownVariable,
                            self.path,
                            format!(
                                "condition uses `{}`, which is not declared in `state`",
                                cmp.var
                            ),
                        )
                        .at(point(cmp.var_offset, cmp.var.len()).or(self.nearest(path)),
                        )
                        .with_hint(hint);
                        self.diags.push(d);
                    }
                }
                ok.then_some(c)
            }
        }
    }
}

/// Validate a parsed file. Returns the scenario when there are no errors,
/// and every diagnostic (errors and warnings) found along the way.
pub fn validate(
    file: &ScenarioFile,
    path: &Path,
    source: &str,
) -> (Option<Scenario>, Vec<Diagnostic>) {
    validate_with(file, path, source, &[])
}

/// Validate a file read with stand-ins at `poisoned` places: problems
/// there were reported already and are not reported again.
pub fn validate_with(
    file: &ScenarioFile,
    path: &Path,
    source: &str,
    poisoned: &[Vec<Seg>],
) -> (Option<Scenario>, Vec<Diagnostic>) {
    let mut cx = Ctx {
        path,
        source,
        spans: SpanMap::parse(source),
        diags: Vec::new(),
        poisoned,
    };

    if file.format != FORMAT_VERSION {
        cx.error(
            Code::FormatVersion,
            &[Key::Field("format")],
            format!(
                "this is scenario format {}, but this version of Attune reads format {FORMAT_VERSION}",
                file.format
            ),
            Some(format!("write `format: {FORMAT_VERSION}`")),
        );
    }
    if !is_valid_id(&file.id) {
        cx.error(
            Code::BadId,
            &[Key::Field("id")],
            format!(
                "scenario id `{}` should be lower-case words joined by hyphens",
                file.id
            ),
            Some(format!("for example `{}`", slug(&file.id))),
        );
    }
    for (field, text) in [
        ("title", &file.title),
        ("premise", &file.premise),
        ("setting", &file.setting),
    ] {
        if text.trim().is_empty() {
            cx.warning(
                Code::EmptyText,
                &[Key::Field(field)],
                format!("`{field}` is empty"),
                None,
            );
        }
    }
    if file.ruptures.is_empty() {
        cx.warning(
            Code::EmptyText,
            &[Key::Field("ruptures")],
            "`ruptures` is empty: say which kind of rupture this scenario practises".into(),
            Some("`ruptures: [Withdrawal]` or `ruptures: [Confrontation]`".into()),
        );
    }

    // Node ids.
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, node) in file.nodes.iter().enumerate() {
        let id = node.id();
        let at = [Key::Field("nodes"), Key::Index(i), Key::Field("id")];
        if !is_valid_id(id) {
            cx.error(
                Code::BadId,
                &at,
                format!("node id `{id}` should be lower-case words joined by hyphens"),
                Some(format!("for example `{}`", slug(id))),
            );
        }
        if let Some(&first) = index.get(id) {
            let line = cx
                .span(&[Key::Field("nodes"), Key::Index(first), Key::Field("id")])
                .map(|s| line_of(source, s));
            cx.error(
                Code::DuplicateId,
                &at,
                format!("node id `{id}` is used twice"),
                Some(match line {
                    Some(l) => format!("the first `{id}` is on line {l}; node ids must be unique"),
                    None => "node ids must be unique".into(),
                }),
            );
        } else {
            index.insert(id.to_owned(), i);
        }
    }
    let ids: Vec<&str> = file.nodes.iter().map(WireNode::id).collect();
    let resolve = |cx: &mut Ctx, target: &str, at: &[Key], what: String| -> Option<usize> {
        match index.get(target) {
            Some(&i) => Some(i),
            None => {
                cx.error(
                    Code::UnknownNode,
                    at,
                    format!("{what} `{target}`, which does not exist"),
                    suggest(target, ids.iter().copied()),
                );
                None
            }
        }
    };
    let start = resolve(
        &mut cx,
        &file.start,
        &[Key::Field("start")],
        "`start` names node".into(),
    );

    // State variables.
    let vars = &file.state;
    for name in vars.keys() {
        if !is_valid_var(name) {
            let span = cx
                .spans
                .as_ref()
                .and_then(|m| m.map_key(&[Key::Field("state")], name))
                .map(|n| Span::Bytes {
                    start: n.start,
                    end: n.end,
                });
            let d = Diagnostic::error(
                Code::BadId,
                path,
                format!(
                    "state variable `{name}` should be a lower-case word (letters, digits, `_`)"
                ),
            )
            .at(span.or(cx.nearest(&[Key::Field("state")])));
            cx.diags.push(d);
        }
    }

    let mut nodes = Vec::with_capacity(file.nodes.len());
    let mut ok_nodes = true;
    for (i, node) in file.nodes.iter().enumerate() {
        let base = [Key::Field("nodes"), Key::Index(i)];
        match node {
            WireNode::Ending(e) => {
                if e.summary.trim().is_empty() {
                    cx.warning(
                        Code::EmptyText,
                        &[base[0], base[1], Key::Field("summary")],
                        format!("ending `{}` has an empty summary", e.id),
                        Some("the debrief shows it: say what happened between you".into()),
                    );
                }
                nodes.push(Some(Node::Ending(Ending {
                    id: e.id.clone(),
                    kind: e.kind,
                    title: e.title.clone(),
                    summary: e.summary.clone(),
                })));
            }
            WireNode::Client(t) => {
                if t.line.trim().is_empty() {
                    cx.warning(
                        Code::EmptyText,
                        &[base[0], base[1], Key::Field("line")],
                        format!("client turn `{}` has an empty line", t.id),
                        None,
                    );
                }
                if let Some(m) = &t.marker
                    && !(1..=5).contains(&m.salience)
                {
                    cx.error(
                        Code::ScoreRange,
                        &[
                            base[0],
                            base[1],
                            Key::Field("marker"),
                            Key::Field("salience"),
                        ],
                        format!("marker salience {} is outside 1 to 5", m.salience),
                        Some("1 is subtle, 5 unmistakable".into()),
                    );
                }
                if t.options.is_empty() {
                    cx.error(
                        Code::NoOptions,
                        &[base[0], base[1], Key::Field("options")],
                        format!("client turn `{}` offers the trainee no options", t.id),
                        Some("add at least one option, or make this node an `Ending`".into()),
                    );
                } else if t.options.iter().all(|o| o.when.is_some()) {
                    cx.error(
                        Code::NoUnconditionalOption,
                        &[base[0], base[1], Key::Field("options")],
                        format!("every option at `{}` has a `when` condition", t.id),
                        Some("leave at least one option without `when` so the trainee is never stuck".into()),
                    );
                }
                let mut seen: HashMap<&str, usize> = HashMap::new();
                let mut choices = Vec::new();
                for (j, o) in t.options.iter().enumerate() {
                    let at = |f: &'static str| {
                        [
                            base[0],
                            base[1],
                            Key::Field("options"),
                            Key::Index(j),
                            Key::Field(f),
                        ]
                    };
                    if !is_valid_id(&o.id) {
                        cx.error(
                            Code::BadId,
                            &at("id"),
                            format!(
                                "option id `{}` should be lower-case words joined by hyphens",
                                o.id
                            ),
                            Some(format!("for example `{}`", slug(&o.id))),
                        );
                    }
                    if let Some(first) = seen.insert(&o.id, j) {
                        cx.error(
                            Code::DuplicateId,
                            &at("id"),
                            format!("option id `{}` is used twice in `{}`", o.id, t.id),
                            Some(format!("it is also option {} of this node", first + 1)),
                        );
                    }
                    if !(1..=5).contains(&o.attunement) {
                        cx.error(
                            Code::ScoreRange,
                            &at("attunement"),
                            format!("attunement {} is outside 1 to 5", o.attunement),
                            Some("1 misses the marker; 3 answers the content; 5 names the relational meaning tentatively".into()),
                        );
                    }
                    if let Some(own) = o.ownership
                        && !(1..=5).contains(&own)
                    {
                        cx.error(
                            Code::ScoreRange,
                            &at("ownership"),
                            format!("ownership {own} is outside 1 to 5"),
                            Some("use 1 to 5, or `None` when ownership is not at stake".into()),
                        );
                    }
                    if o.rationale.trim().is_empty() {
                        cx.warning(
                            Code::EmptyText,
                            &at("rationale"),
                            format!("option `{}` has no rationale", o.id),
                            Some("the debrief shows it: say what this response does to the relationship".into()),
                        );
                    }
                    if o.kind == OptionKind::Speak && o.says.trim().is_empty() {
                        cx.warning(
                            Code::EmptyText,
                            &at("says"),
                            format!("option `{}` speaks but `says` is empty", o.id),
                            Some("write the full words, or set `kind: Silence`".into()),
                        );
                    }
                    for var in o.effects.keys() {
                        if !vars.contains_key(var) {
                            let span = cx
                                .spans
                                .as_ref()
                                .and_then(|m| m.map_key(&at("effects"), var))
                                .map(|n| Span::Bytes {
                                    start: n.start,
                                    end: n.end,
                                });
                            let d = Diagnostic::error(
                                Code::UnknownVariable,
                                path,
                                format!(
                                    "option `{}` changes `{var}`, which is not declared in `state`",
                                    o.id
                                ),
                            )
                            .at(span.or(cx.nearest(&at("effects"))))
                            .with_hint(suggest(var, vars.keys().map(String::as_str)));
                            cx.diags.push(d);
                        }
                    }
                    let when = o
                        .when
                        .as_ref()
                        .and_then(|w| cx.condition(w, &at("when"), vars));
                    let when_ok = o.when.is_none() || when.is_some();
                    let whose = format!("option `{}` goes to node", o.id);
                    let next = match (&o.next, o.branch.is_empty()) {
                        (Some(_), false) => {
                            cx.error(
                                Code::NextAndBranch,
                                &at("branch"),
                                format!("option `{}` has both `next` and `branch`", o.id),
                                Some(
                                    "use `next` for a certain reaction, `branch` for weighted ones"
                                        .into(),
                                ),
                            );
                            None
                        }
                        (None, true) => {
                            cx.error(
                                Code::NoNext,
                                &at("id"),
                                format!(
                                    "option `{}` does not say where the conversation goes",
                                    o.id
                                ),
                                Some("add `next: \"node-id\"` or a `branch: [...]`".into()),
                            );
                            None
                        }
                        (Some(target), true) => {
                            resolve(&mut cx, target, &at("next"), whose).map(Next::Node)
                        }
                        (None, false) => {
                            let mut alts = Vec::new();
                            let mut ok = true;
                            for (k, a) in o.branch.iter().enumerate() {
                                let ap = |f: &'static str| {
                                    [
                                        base[0],
                                        base[1],
                                        Key::Field("options"),
                                        Key::Index(j),
                                        Key::Field("branch"),
                                        Key::Index(k),
                                        Key::Field(f),
                                    ]
                                };
                                let to = resolve(
                                    &mut cx,
                                    &a.to,
                                    &ap("to"),
                                    format!("a branch of option `{}` goes to node", o.id),
                                );
                                if a.weight == 0 {
                                    cx.error(
                                        Code::BadWeight,
                                        &ap("weight"),
                                        "a branch weight of 0 can never be taken".into(),
                                        Some(
                                            "use a positive weight, or remove the alternative"
                                                .into(),
                                        ),
                                    );
                                    ok = false;
                                }
                                let when = a
                                    .when
                                    .as_ref()
                                    .and_then(|w| cx.condition(w, &ap("when"), vars));
                                if a.when.is_some() && when.is_none() {
                                    ok = false;
                                }
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
                                cx.error(
                                    Code::NoFallback,
                                    &at("branch"),
                                    format!("every alternative of option `{}` has a `when` condition", o.id),
                                    Some("leave at least one alternative without `when` so the session can always go on".into()),
                                );
                                ok = false;
                            }
                            ok.then_some(Next::Branch(alts))
                        }
                    };
                    match (next, when_ok) {
                        (Some(next), true) => choices.push(Choice {
                            id: o.id.clone(),
                            label: o.label.clone(),
                            says: o.says.clone(),
                            kind: o.kind,
                            strategy: o.strategy,
                            attunement: o.attunement,
                            ownership: o.ownership,
                            rationale: o.rationale.clone(),
                            effects: o.effects.clone(),
                            when,
                            next,
                        }),
                        _ => ok_nodes = false,
                    }
                }
                nodes.push(Some(Node::Turn(Turn {
                    id: t.id.clone(),
                    line: t.line.clone(),
                    cue: t.cue.clone(),
                    affect: t.affect,
                    marker: t.marker.clone(),
                    checkin: t.checkin.clone(),
                    options: choices,
                })));
            }
        }
    }

    let has_errors = cx.diags.iter().any(Diagnostic::is_error);
    let nodes: Vec<Node> = nodes.into_iter().flatten().collect();
    if !file.nodes.iter().any(|n| matches!(n, WireNode::Ending(_))) {
        cx.error(
            Code::NoEndings,
            &[Key::Field("nodes")],
            "the scenario has no `Ending` node, so no session can finish".into(),
            Some("add e.g. `Ending(id: \"repaired\", kind: Repaired, title: \"...\", summary: \"...\")`".into()),
        );
    }
    // Graph checks only make sense once every reference resolved.
    if let (Some(start), false, true) = (start, has_errors, ok_nodes) {
        graph_checks(&mut cx, &nodes, start);
    }

    let diags = cx.diags;
    if diags.iter().any(Diagnostic::is_error) || !ok_nodes {
        return (None, diags);
    }
    let Some(start) = start else {
        return (None, diags);
    };
    let scenario = Scenario {
        id: file.id.clone(),
        title: file.title.clone(),
        premise: file.premise.clone(),
        difficulty: file.difficulty,
        ruptures: file.ruptures.clone(),
        pattern: file.pattern.clone(),
        client: file.client.clone(),
        setting: file.setting.clone(),
        initial_state: file.state.clone(),
        start,
        index: nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id().to_owned(), i))
            .collect(),
        nodes,
        content_hash: content_hash(file),
        path: Some(path.to_path_buf()),
    };
    (Some(scenario), diags)
}

fn graph_checks(cx: &mut Ctx, nodes: &[Node], start: usize) {
    let succ = |i: usize| -> Vec<usize> {
        match &nodes[i] {
            Node::Turn(t) => t.options.iter().flat_map(|o| o.next.targets()).collect(),
            Node::Ending(_) => Vec::new(),
        }
    };
    // Forward reachability from start.
    let mut reach = vec![false; nodes.len()];
    let mut stack = vec![start];
    reach[start] = true;
    while let Some(i) = stack.pop() {
        for j in succ(i) {
            if !reach[j] {
                reach[j] = true;
                stack.push(j);
            }
        }
    }
    // Backward: which nodes can reach an ending.
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for i in 0..nodes.len() {
        for j in succ(i) {
            preds[j].push(i);
        }
    }
    let mut ends = vec![false; nodes.len()];
    let mut stack: Vec<usize> = (0..nodes.len())
        .filter(|&i| matches!(nodes[i], Node::Ending(_)))
        .collect();
    for &i in &stack {
        ends[i] = true;
    }
    while let Some(i) = stack.pop() {
        for &p in &preds[i] {
            if !ends[p] {
                ends[p] = true;
                stack.push(p);
            }
        }
    }
    let reported: HashSet<usize> = HashSet::new();
    for i in 0..nodes.len() {
        let at = [Key::Field("nodes"), Key::Index(i), Key::Field("id")];
        if !reach[i] && !reported.contains(&i) {
            cx.warning(
                Code::Unreachable,
                &at,
                format!("node `{}` cannot be reached from the start", nodes[i].id()),
                Some("point an option's `next` or `branch` at it, or remove it".into()),
            );
        }
        if reach[i] && !ends[i] {
            cx.error(
                Code::NoEnding,
                &at,
                format!(
                    "from node `{}` no ending can be reached: a session here would never finish",
                    nodes[i].id()
                ),
                Some("give one of its paths a way to an `Ending`".into()),
            );
        }
    }
}

fn is_valid_var(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() { "my-id".into() } else { out }
}

fn line_of(source: &str, span: Span) -> usize {
    match span {
        Span::Bytes { start, .. } => source[..start.min(source.len())].matches('\n').count() + 1,
        Span::LineCol { pos, .. } => pos.line,
    }
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
        assert_eq!(slug("Opens Up!"), "opens-up");
    }
}
