//! A scenario as a graph, for authors: Graphviz DOT, Mermaid and JSON
//! renderings of a validated [`Scenario`], the cycles in it, and the list
//! of options that lead into a node (`attune graph`).
//!
//! Client turns are nodes and the trainee's options are edges. An option
//! with a weighted `branch` goes through a small branch point, with one
//! edge per alternative. An edge lies on a cycle when both its ends are in
//! the same strongly connected component of more than one node, or when it
//! leads back to its own node; cycles are found with Tarjan's algorithm.
//!
//! Every text taken from the scenario goes through [`diag::sanitize`]
//! before it is escaped for the output format, so that control characters
//! never reach a terminal raw. JSON output is escaped by
//! [`crate::term::json`] instead, which keeps the data exact.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::diag;
use crate::format::{Affect, EndingKind, Marker, OptionKind, Strategy};
use crate::model::{Choice, Next, Node, Scenario};

/// Strongly connected components of a directed graph given as adjacency
/// lists (Tarjan's algorithm, without recursion so that a long chain of
/// nodes cannot overflow the stack). Each component's nodes are in
/// ascending order; components come out in reverse topological order.
pub fn strongly_connected(adj: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = adj.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut components = Vec::new();
    let mut counter = 0;
    // The depth-first walk: a node and how many of its edges it has tried.
    let mut walk: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        index[root] = counter;
        low[root] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root] = true;
        walk.push((root, 0));
        while let Some(top) = walk.len().checked_sub(1) {
            let (v, tried) = walk[top];
            if let Some(&w) = adj[v].get(tried) {
                walk[top].1 += 1;
                if w >= n {
                    continue;
                }
                if index[w] == UNSEEN {
                    index[w] = counter;
                    low[w] = counter;
                    counter += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    walk.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            walk.pop();
            if let Some(&(parent, _)) = walk.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                component.sort_unstable();
                components.push(component);
            }
        }
    }
    components
}

/// Which edges of a graph lie on a cycle.
#[derive(Debug, Clone)]
pub struct Cycles {
    component: Vec<usize>,
    size: Vec<usize>,
    /// The components that hold a cycle, each in ascending node order,
    /// ordered by their first node.
    pub groups: Vec<Vec<usize>>,
}

impl Cycles {
    pub fn of(adj: &[Vec<usize>]) -> Cycles {
        let components = strongly_connected(adj);
        let mut component = vec![0; adj.len()];
        let mut size = Vec::with_capacity(components.len());
        for (c, nodes) in components.iter().enumerate() {
            size.push(nodes.len());
            for &v in nodes {
                component[v] = c;
            }
        }
        let mut groups: Vec<Vec<usize>> = components
            .into_iter()
            .filter(|nodes| nodes.len() > 1 || adj[nodes[0]].contains(&nodes[0]))
            .collect();
        groups.sort();
        Cycles {
            component,
            size,
            groups,
        }
    }

    /// Whether the edge `from -> to` lies on a cycle.
    pub fn on_cycle(&self, from: usize, to: usize) -> bool {
        from == to
            || (self.component[from] == self.component[to] && self.size[self.component[from]] > 1)
    }
}

/// Which strongly connected component (an index into `components`, as
/// [`strongly_connected`] gives them) each node belongs to.
pub fn component_of(components: &[Vec<usize>], nodes: usize) -> Vec<usize> {
    let mut component = vec![0; nodes];
    for (c, members) in components.iter().enumerate() {
        for &n in members {
            component[n] = c;
        }
    }
    component
}

/// The scenario's edges: for each node, the nodes its options lead to.
pub fn adjacency(s: &Scenario) -> Vec<Vec<usize>> {
    s.nodes
        .iter()
        .map(|n| match n {
            Node::Turn(t) => t.options.iter().flat_map(|o| o.next.targets()).collect(),
            Node::Ending(_) => Vec::new(),
        })
        .collect()
}

/// The cycles of a scenario.
pub fn cycles(s: &Scenario) -> Cycles {
    Cycles::of(&adjacency(s))
}

/// Text for a quoted DOT string: sanitized, with `"` and `\` escaped and
/// line breaks (`\n` or `\r\n`) written as `\n`.
pub fn dot_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in diag::sanitize(&text.replace("\r\n", "\n")).chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// Text for a quoted Mermaid label: sanitized, with the characters Mermaid
/// would read as syntax or HTML written as entity codes (`"` as `#quot;`)
/// and line breaks as `<br>`.
pub fn mermaid_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in diag::sanitize(&text.replace("\r\n", "\n")).chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '|' => out.push_str("#124;"),
            '`' => out.push_str("#96;"),
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

/// The fill colour of an ending of this kind (dark text stays readable on
/// all of them).
pub fn ending_colour(kind: EndingKind) -> &'static str {
    match kind {
        EndingKind::Repaired => "#66bb6a",
        EndingKind::PartiallyRepaired => "#c5e1a5",
        EndingKind::Unresolved => "#cfcfcf",
        EndingKind::BoundarySet => "#90caf9",
        EndingKind::ClientLeft => "#ef9a9a",
    }
}

/// The colour of edges that lie on a cycle.
pub const CYCLE_COLOUR: &str = "#e67e22";

fn variant<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// A turn's label lines: its id, its marker and its affect.
fn turn_lines(id: &str, marker: Option<&Marker>, affect: Affect) -> Vec<String> {
    let mut lines = vec![id.to_owned()];
    if let Some(m) = marker {
        lines.push(format!("{} ({})", variant(&m.kind), m.salience));
    }
    lines.push(variant(&affect));
    lines
}

/// An option edge's label lines: its id, and its condition if it has one.
fn option_lines(o: &Choice) -> Vec<String> {
    let mut lines = vec![o.id.clone()];
    if let Some(w) = &o.when {
        lines.push(format!("when {w}"));
    }
    lines
}

/// A branch alternative's label lines: its weight, and its condition.
fn alternative_lines(weight: u32, when: Option<&crate::condition::Condition>) -> Vec<String> {
    let mut lines = vec![format!("weight {weight}")];
    if let Some(w) = when {
        lines.push(format!("when {w}"));
    }
    lines
}

/// The scenario in Graphviz DOT (`dot -Tsvg`).
pub fn to_dot(s: &Scenario) -> String {
    let cycles = cycles(s);
    let q = |text: &str| format!("\"{}\"", dot_escape(text));
    let label = |lines: &[String]| q(&lines.join("\n"));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// The scenario `{}` as a graph. Boxes are client turns (id, marker,\n\
         // affect); arrows are the trainee's options. A small dot is a weighted\n\
         // branch, with one arrow per possible reaction. Endings are octagons\n\
         // coloured by kind: Repaired green, PartiallyRepaired light green,\n\
         // Unresolved grey, BoundarySet blue, ClientLeft red. Bold orange\n\
         // arrows lie on a cycle: the session can come back to a turn.",
        diag::sanitize(&s.id).replace('\n', " ")
    );
    let _ = writeln!(out, "digraph {} {{", q(&s.id));
    let mut title = format!("{} ({})", s.title, s.id);
    if !cycles.groups.is_empty() {
        title.push_str("\nbold orange arrows lie on a cycle");
    }
    let _ = writeln!(
        out,
        "    graph [rankdir=TB, labelloc=t, fontname=\"Helvetica\", label={}];",
        q(&title)
    );
    let _ = writeln!(
        out,
        "    node [fontname=\"Helvetica\", fontsize=11];\n    edge [fontname=\"Helvetica\", fontsize=9];"
    );
    // The start arrow comes from a node whose id no scenario node can have.
    let _ = writeln!(
        out,
        "    \"(start)\" [shape=plaintext, label=\"start\"];\n    \"(start)\" -> {};",
        q(s.nodes[s.start].id())
    );
    for node in &s.nodes {
        match node {
            Node::Turn(t) => {
                let _ = writeln!(
                    out,
                    "    {} [shape=box, style=rounded, label={}, tooltip={}];",
                    q(&t.id),
                    label(&turn_lines(&t.id, t.marker.as_ref(), t.affect)),
                    q(&t.line)
                );
            }
            Node::Ending(e) => {
                let _ = writeln!(
                    out,
                    "    {} [shape=octagon, style=filled, fillcolor=\"{}\", label={}, tooltip={}];",
                    q(&e.id),
                    ending_colour(e.kind),
                    label(&[e.id.clone(), variant(&e.kind)]),
                    q(&e.title)
                );
            }
        }
    }
    let cycle_style = format!(
        ", color=\"{CYCLE_COLOUR}\", fontcolor=\"{CYCLE_COLOUR}\", penwidth=2.5, style=bold"
    );
    let style = |on: bool| if on { cycle_style.as_str() } else { "" };
    for (from, node) in s.nodes.iter().enumerate() {
        let Node::Turn(t) = node else { continue };
        for o in &t.options {
            let tooltip = q(&o.label);
            match &o.next {
                Next::Node(to) => {
                    let _ = writeln!(
                        out,
                        "    {} -> {} [label={}, tooltip={tooltip}{}];",
                        q(&t.id),
                        q(s.nodes[*to].id()),
                        label(&option_lines(o)),
                        style(cycles.on_cycle(from, *to))
                    );
                }
                Next::Branch(alts) => {
                    let point = q(&format!("{}/{}", t.id, o.id));
                    let any = alts.iter().any(|a| cycles.on_cycle(from, a.to));
                    let _ = writeln!(out, "    {point} [shape=point, width=0.08];");
                    let _ = writeln!(
                        out,
                        "    {} -> {point} [label={}, tooltip={tooltip}, arrowhead=none{}];",
                        q(&t.id),
                        label(&option_lines(o)),
                        style(any)
                    );
                    for a in alts {
                        let _ = writeln!(
                            out,
                            "    {point} -> {} [label={}{}];",
                            q(s.nodes[a.to].id()),
                            label(&alternative_lines(a.weight, a.when.as_ref())),
                            style(cycles.on_cycle(from, a.to))
                        );
                    }
                }
            }
        }
    }
    out.push_str("}\n");
    out
}

/// The scenario as a Mermaid flowchart, to paste into Markdown.
pub fn to_mermaid(s: &Scenario) -> String {
    let cycles = cycles(s);
    let q = |lines: &[String]| {
        let escaped: Vec<String> = lines.iter().map(|l| mermaid_escape(l)).collect();
        format!("\"{}\"", escaped.join("<br>"))
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "%% The scenario `{}` as a graph. Rectangles are client turns (id,\n\
         %% marker, affect); arrows are the trainee's options. A small circle is\n\
         %% a weighted branch, with one arrow per possible reaction. Endings are\n\
         %% rounded, coloured by kind. Thick orange arrows lie on a cycle.",
        diag::sanitize(&s.id).replace('\n', " ")
    );
    out.push_str("flowchart TD\n");
    out.push_str("    start((\"start\"))\n");
    for (i, node) in s.nodes.iter().enumerate() {
        match node {
            Node::Turn(t) => {
                let _ = writeln!(
                    out,
                    "    n{i}[{}]",
                    q(&turn_lines(&t.id, t.marker.as_ref(), t.affect))
                );
            }
            Node::Ending(e) => {
                let _ = writeln!(
                    out,
                    "    n{i}([{}]):::{}",
                    q(&[e.id.clone(), variant(&e.kind)]),
                    ending_class(e.kind)
                );
            }
        }
    }
    // Links are numbered in the order they are written; `linkStyle` styles
    // the ones on a cycle by number.
    let mut links = 0usize;
    let mut on_cycle: Vec<usize> = Vec::new();
    let mut link = |out: &mut String, text: String, cyclic: bool| {
        out.push_str(&text);
        out.push('\n');
        if cyclic {
            on_cycle.push(links);
        }
        links += 1;
    };
    link(&mut out, format!("    start --> n{}", s.start), false);
    let mut branches = 0usize;
    for (from, node) in s.nodes.iter().enumerate() {
        let Node::Turn(t) = node else { continue };
        for o in &t.options {
            match &o.next {
                Next::Node(to) => link(
                    &mut out,
                    format!("    n{from} -->|{}| n{to}", q(&option_lines(o))),
                    cycles.on_cycle(from, *to),
                ),
                Next::Branch(alts) => {
                    let point = format!("b{branches}");
                    branches += 1;
                    let _ = writeln!(out, "    {point}((\" \")):::branch");
                    link(
                        &mut out,
                        format!("    n{from} ---|{}| {point}", q(&option_lines(o))),
                        alts.iter().any(|a| cycles.on_cycle(from, a.to)),
                    );
                    for a in alts {
                        link(
                            &mut out,
                            format!(
                                "    {point} -->|{}| n{}",
                                q(&alternative_lines(a.weight, a.when.as_ref())),
                                a.to
                            ),
                            cycles.on_cycle(from, a.to),
                        );
                    }
                }
            }
        }
    }
    for kind in [
        EndingKind::Repaired,
        EndingKind::PartiallyRepaired,
        EndingKind::Unresolved,
        EndingKind::BoundarySet,
        EndingKind::ClientLeft,
    ] {
        let _ = writeln!(
            out,
            "    classDef {} fill:{},stroke:#555,color:#000",
            ending_class(kind),
            ending_colour(kind)
        );
    }
    out.push_str("    classDef branch fill:#fff,stroke:#555\n");
    if !on_cycle.is_empty() {
        let numbers: Vec<String> = on_cycle.iter().map(usize::to_string).collect();
        let _ = writeln!(
            out,
            "    linkStyle {} stroke:{CYCLE_COLOUR},stroke-width:3px",
            numbers.join(",")
        );
    }
    out
}

fn ending_class(kind: EndingKind) -> &'static str {
    match kind {
        EndingKind::Repaired => "repaired",
        EndingKind::PartiallyRepaired => "partlyRepaired",
        EndingKind::Unresolved => "unresolved",
        EndingKind::BoundarySet => "boundarySet",
        EndingKind::ClientLeft => "clientLeft",
    }
}

/// The scenario as data (`attune graph --format json`).
#[derive(Debug, Clone, Serialize)]
pub struct GraphJson {
    pub id: String,
    pub title: String,
    pub start: String,
    pub nodes: Vec<NodeJson>,
    /// The groups of nodes that lie on a cycle, each in file order.
    pub cycles: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NodeJson {
    pub id: String,
    /// "turn" or "ending".
    pub kind: &'static str,
    /// What the client says (turns only).
    pub line: Option<String>,
    pub affect: Option<Affect>,
    pub marker: Option<Marker>,
    pub ending_kind: Option<EndingKind>,
    /// The ending's title and summary (endings only).
    pub title: Option<String>,
    pub summary: Option<String>,
    pub options: Vec<OptionJson>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OptionJson {
    pub id: String,
    pub label: String,
    pub kind: OptionKind,
    pub strategy: Strategy,
    pub attunement: u8,
    pub ownership: Option<u8>,
    pub when: Option<String>,
    pub effects: BTreeMap<String, i32>,
    pub targets: Vec<TargetJson>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TargetJson {
    pub to: String,
    /// The alternative's weight; `None` for a `next`.
    pub weight: Option<u32>,
    pub when: Option<String>,
}

/// The scenario as data, with its cycles.
pub fn to_json(s: &Scenario) -> GraphJson {
    let id_of = |i: usize| s.nodes[i].id().to_owned();
    let nodes = s
        .nodes
        .iter()
        .map(|n| match n {
            Node::Turn(t) => NodeJson {
                id: t.id.clone(),
                kind: "turn",
                line: Some(t.line.clone()),
                affect: Some(t.affect),
                marker: t.marker.clone(),
                ending_kind: None,
                title: None,
                summary: None,
                options: t
                    .options
                    .iter()
                    .map(|o| OptionJson {
                        id: o.id.clone(),
                        label: o.label.clone(),
                        kind: o.kind,
                        strategy: o.strategy,
                        attunement: o.attunement,
                        ownership: o.ownership,
                        when: o.when.as_ref().map(ToString::to_string),
                        effects: o
                            .effects
                            .iter()
                            .map(|e| (s.vars[e.var].clone(), e.delta))
                            .collect(),
                        targets: match &o.next {
                            Next::Node(to) => vec![TargetJson {
                                to: id_of(*to),
                                weight: None,
                                when: None,
                            }],
                            Next::Branch(alts) => alts
                                .iter()
                                .map(|a| TargetJson {
                                    to: id_of(a.to),
                                    weight: Some(a.weight),
                                    when: a.when.as_ref().map(ToString::to_string),
                                })
                                .collect(),
                        },
                    })
                    .collect(),
            },
            Node::Ending(e) => NodeJson {
                id: e.id.clone(),
                kind: "ending",
                line: None,
                affect: None,
                marker: None,
                ending_kind: Some(e.kind),
                title: Some(e.title.clone()),
                summary: Some(e.summary.clone()),
                options: Vec::new(),
            },
        })
        .collect();
    GraphJson {
        id: s.id.clone(),
        title: s.title.clone(),
        start: id_of(s.start),
        nodes,
        cycles: cycles(s)
            .groups
            .iter()
            .map(|g| g.iter().map(|&i| id_of(i)).collect())
            .collect(),
    }
}

/// Pretty JSON, safe to print on a terminal (see [`crate::term::json`]).
pub fn json_text<T: Serialize>(value: &T) -> String {
    crate::term::json(value)
}

/// One option that leads into a node.
#[derive(Debug, Clone, Serialize)]
pub struct Incoming {
    pub turn: String,
    pub option: String,
    pub label: String,
    pub kind: OptionKind,
    pub says: String,
    /// The option's own condition.
    pub when: Option<String>,
    /// The alternative's weight when the option leads here by a branch.
    pub weight: Option<u32>,
    /// The alternative's condition.
    pub branch_when: Option<String>,
}

/// Every option that leads to node `to`, directly or as a branch
/// alternative, in file order.
pub fn leads_into(s: &Scenario, to: usize) -> Vec<Incoming> {
    let mut found = Vec::new();
    for t in s.turns() {
        for o in &t.options {
            let hits: Vec<(Option<u32>, Option<String>)> = match &o.next {
                Next::Node(n) if *n == to => vec![(None, None)],
                Next::Node(_) => Vec::new(),
                Next::Branch(alts) => alts
                    .iter()
                    .filter(|a| a.to == to)
                    .map(|a| (Some(a.weight), a.when.as_ref().map(ToString::to_string)))
                    .collect(),
            };
            for (weight, branch_when) in hits {
                found.push(Incoming {
                    turn: t.id.clone(),
                    option: o.id.clone(),
                    label: o.label.clone(),
                    kind: o.kind,
                    says: o.says.clone(),
                    when: o.when.as_ref().map(ToString::to_string),
                    weight,
                    branch_when,
                });
            }
        }
    }
    found
}

/// The options that lead to node `to`, then what the client says there
/// (or the ending), as text to read.
pub fn render_into(s: &Scenario, to: usize) -> String {
    let into = leads_into(s, to);
    let node_id = diag::sanitize(s.nodes[to].id());
    let mut out = String::new();
    let what = match into.len() {
        0 => "No option leads".to_owned(),
        1 => "1 option leads".to_owned(),
        n => format!("{n} options lead"),
    };
    let _ = writeln!(out, "{what} to `{node_id}`:");
    for i in &into {
        let mut how = String::new();
        if let Some(w) = &i.when {
            let _ = write!(how, ", when {}", diag::sanitize(w));
        }
        if let Some(weight) = i.weight {
            let _ = write!(how, ", a branch of weight {weight}");
            if let Some(w) = &i.branch_when {
                let _ = write!(how, " when {}", diag::sanitize(w));
            }
        }
        let says = match i.kind {
            OptionKind::Silence if i.says.trim().is_empty() => "is silent".to_owned(),
            _ => format!("says \"{}\"", diag::sanitize(&i.says)),
        };
        let _ = writeln!(
            out,
            "  turn `{}`, option `{}` ({}){how}: {says}",
            diag::sanitize(&i.turn),
            diag::sanitize(&i.option),
            diag::sanitize(&i.label),
        );
    }
    match &s.nodes[to] {
        Node::Turn(t) => {
            let _ = writeln!(
                out,
                "Then, at `{node_id}`, {} says: \"{}\"",
                diag::sanitize(&s.client.name),
                diag::sanitize(&t.line)
            );
        }
        Node::Ending(e) => {
            let _ = writeln!(
                out,
                "Then the session ends at `{node_id}` ({}): {}",
                e.kind.label(),
                diag::sanitize(&e.title)
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tarjan_finds_the_cycles_of_a_small_graph() {
        // 0 -> 1 -> 2 -> 0 is a cycle, 2 -> 3 leaves it, 3 -> 3 loops,
        // 4 -> 5 is a plain edge, 5 has no way out.
        let adj = vec![vec![1], vec![2], vec![0, 3], vec![3, 4], vec![5], vec![]];
        let mut components = strongly_connected(&adj);
        components.sort();
        assert_eq!(components, vec![vec![0, 1, 2], vec![3], vec![4], vec![5]]);
        let c = Cycles::of(&adj);
        assert_eq!(c.groups, vec![vec![0, 1, 2], vec![3]]);
        assert!(c.on_cycle(0, 1) && c.on_cycle(2, 0) && c.on_cycle(3, 3));
        assert!(!c.on_cycle(2, 3) && !c.on_cycle(3, 4) && !c.on_cycle(4, 5));
    }

    #[test]
    fn a_long_chain_does_not_overflow_the_stack() {
        let n = 200_000;
        let mut adj: Vec<Vec<usize>> = (0..n).map(|i| vec![i + 1]).collect();
        adj[n - 1] = vec![0];
        let c = Cycles::of(&adj);
        assert_eq!(c.groups.len(), 1);
        assert_eq!(c.groups[0].len(), n);
    }

    #[test]
    fn dot_labels_escape_quotes_backslashes_and_line_breaks() {
        assert_eq!(dot_escape(r#"say "no""#), r#"say \"no\""#);
        assert_eq!(dot_escape(r"a\b"), r"a\\b");
        assert_eq!(dot_escape("one\r\ntwo"), r"one\ntwo");
        // A control character is shown, not sent: `\u{1b}` with its
        // backslash escaped for DOT.
        assert_eq!(dot_escape("x\u{1b}[2J"), r"x\\u{1b}[2J");
    }

    #[test]
    fn mermaid_labels_escape_quotes_and_markup() {
        assert_eq!(mermaid_escape(r#"say "no""#), "say #quot;no#quot;");
        assert_eq!(mermaid_escape("a >= 5 | b"), "a #gt;= 5 #124; b");
        assert_eq!(mermaid_escape("#quot; <b>"), "#35;quot; #lt;b#gt;");
        assert_eq!(mermaid_escape("one\ntwo"), "one<br>two");
        assert_eq!(mermaid_escape("\u{202e}x"), "\\u{202e}x");
    }

    #[test]
    fn json_output_escapes_what_a_terminal_would_act_on() {
        let json = json_text(&vec!["a\u{1b}b\u{85}c\u{202e}d é"]);
        assert!(!json.chars().any(diag::is_unsafe_char), "{json}");
        let back: Vec<String> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, vec!["a\u{1b}b\u{85}c\u{202e}d é"]);
    }
}
