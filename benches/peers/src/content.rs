//! The shipped scenarios as every engine here is given them: the file text
//! for Attune and `ron`, and a plain graph (turns, options, conditions,
//! effects, weighted branches) from which the Ink and Yarn Spinner sources
//! are written. The graph is also the yardstick the equivalence check
//! measures each engine's walks against.

use std::collections::{BTreeMap, HashMap};

use attune::condition::{Condition, Op};
use attune::format::{self, ScenarioFile};

/// Walks stop after this many choices, as an Attune session does
/// (`attune::engine::MAX_TURNS`).
pub const MAX_STEPS: u32 = 200;

/// One shipped scenario.
pub struct Content {
    /// File name, `doctora.ron`.
    pub file: &'static str,
    /// The file as shipped.
    pub text: &'static str,
    pub id: String,
    /// The client's name, which Yarn Spinner lines carry as their speaker.
    pub client: String,
    /// Client-state variables and their initial values, by name.
    pub state: BTreeMap<String, i32>,
    pub start: String,
    pub nodes: Vec<Node>,
    index: HashMap<String, usize>,
}

pub struct Node {
    pub id: String,
    pub kind: NodeKind,
}

pub enum NodeKind {
    Turn(Turn),
    Ending(Ending),
}

pub struct Turn {
    pub line: String,
    pub cue: String,
    pub affect: &'static str,
    /// Marker kind (as a tag word) and salience.
    pub marker: Option<(String, u8)>,
    /// Check-in prompt and suggestions.
    pub checkin: Option<(String, Vec<String>)>,
    pub options: Vec<Opt>,
}

pub struct Opt {
    pub id: String,
    pub label: String,
    pub says: String,
    pub when: Cond,
    pub effects: Vec<(String, i32)>,
    pub next: Next,
}

pub enum Next {
    Node(String),
    Branch(Vec<Alt>),
}

pub struct Alt {
    pub to: String,
    pub weight: u32,
    pub when: Cond,
}

pub struct Ending {
    pub kind: String,
    pub title: String,
    pub summary: String,
}

/// Comparisons that must all hold; empty for none.
#[derive(Default)]
pub struct Cond(pub Vec<(String, Op, i32)>);

impl Cond {
    fn parse(text: Option<&str>) -> Result<Cond, String> {
        let Some(text) = text else {
            return Ok(Cond::default());
        };
        let c = Condition::parse(text).map_err(|e| format!("condition `{text}`: {}", e.message))?;
        Ok(Cond(
            c.all.into_iter().map(|c| (c.var, c.op, c.value)).collect(),
        ))
    }

    pub fn is_always(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether it holds in `state` (a variable not in it counts as 0, as
    /// in Attune).
    pub fn holds(&self, state: &BTreeMap<String, i32>) -> bool {
        self.0.iter().all(|(var, op, value)| {
            let v = state.get(var).copied().unwrap_or(0);
            match op {
                Op::Lt => v < *value,
                Op::Le => v <= *value,
                Op::Gt => v > *value,
                Op::Ge => v >= *value,
                Op::Eq => v == *value,
                Op::Ne => v != *value,
            }
        })
    }

    /// The condition in a C-like syntax, each variable written by `var`.
    pub fn render(&self, var: impl Fn(&str) -> String, and: &str) -> String {
        self.0
            .iter()
            .map(|(name, op, value)| format!("{} {} {value}", var(name), op_str(*op)))
            .collect::<Vec<_>>()
            .join(and)
    }
}

fn op_str(op: Op) -> &'static str {
    match op {
        Op::Lt => "<",
        Op::Le => "<=",
        Op::Gt => ">",
        Op::Ge => ">=",
        Op::Eq => "==",
        Op::Ne => "!=",
    }
}

impl Content {
    /// The graph of one scenario file, read with Attune's own RON dialect.
    pub fn read(file: &'static str, text: &'static str) -> Result<Content, String> {
        let wire: ScenarioFile = attune::load::ron_options()
            .from_str(text)
            .map_err(|e| format!("{file}: {e}"))?;
        let mut nodes = Vec::new();
        for node in &wire.nodes {
            nodes.push(match node {
                format::Node::Client(t) => Node {
                    id: t.id.clone(),
                    kind: NodeKind::Turn(turn(t).map_err(|e| format!("{file}: {}: {e}", t.id))?),
                },
                format::Node::Ending(e) => Node {
                    id: e.id.clone(),
                    kind: NodeKind::Ending(Ending {
                        kind: word(&format!("{:?}", e.kind)),
                        title: e.title.clone(),
                        summary: e.summary.clone(),
                    }),
                },
            });
        }
        let index = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.clone(), i))
            .collect();
        Ok(Content {
            file,
            text,
            id: wire.id,
            client: wire.client.name,
            state: wire.state,
            start: wire.start,
            nodes,
            index,
        })
    }

    pub fn node(&self, id: &str) -> Option<&Node> {
        self.index.get(id).map(|&i| &self.nodes[i])
    }

    pub fn turns(&self) -> impl Iterator<Item = (&str, &Turn)> {
        self.nodes.iter().filter_map(|n| match &n.kind {
            NodeKind::Turn(t) => Some((n.id.as_str(), t)),
            NodeKind::Ending(_) => None,
        })
    }
}

fn turn(t: &format::ClientTurn) -> Result<Turn, String> {
    let mut options = Vec::new();
    for o in &t.options {
        if options.iter().any(|p: &Opt| p.label == o.label) {
            // Ink and Yarn Spinner name a choice by its text only.
            return Err(format!("two options are labelled `{}`", o.label));
        }
        let next = match &o.next {
            Some(n) => Next::Node(n.clone()),
            None => Next::Branch(
                o.branch
                    .iter()
                    .map(|a| {
                        Ok(Alt {
                            to: a.to.clone(),
                            weight: a.weight,
                            when: Cond::parse(a.when.as_deref())?,
                        })
                    })
                    .collect::<Result<_, String>>()?,
            ),
        };
        options.push(Opt {
            id: o.id.clone(),
            label: o.label.clone(),
            says: o.says.clone(),
            when: Cond::parse(o.when.as_deref())?,
            effects: o.effects.iter().map(|(k, v)| (k.clone(), *v)).collect(),
            next,
        });
    }
    Ok(Turn {
        line: t.line.clone(),
        cue: t.cue.clone(),
        affect: t.affect.label(),
        marker: t
            .marker
            .as_ref()
            .map(|m| (word(&format!("{:?}", m.kind)), m.salience)),
        checkin: t
            .checkin
            .as_ref()
            .map(|c| (c.prompt.clone(), c.suggestions.clone())),
        options,
    })
}

/// `MinimalResponse` as `minimal-response`, for a tag.
fn word(debug: &str) -> String {
    let mut out = String::new();
    for (i, ch) in debug.chars().enumerate() {
        if ch.is_ascii_uppercase() && i > 0 {
            out.push('-');
        }
        out.push(ch.to_ascii_lowercase());
    }
    out
}

/// A node or variable name as an identifier Ink and Yarn Spinner accept:
/// Attune ids are kebab-case and never hold `_`, so this cannot collide.
pub fn ident(prefix: &str, id: &str) -> String {
    format!("{prefix}{}", id.replace('-', "_"))
}

/// A seeded sequence of choices: walk `seed` takes option `next(n)` (in
/// the order the options are written) among the `n` offered, in every
/// engine alike. SplitMix64.
pub struct Picks(u64);

impl Picks {
    pub fn new(seed: u64) -> Picks {
        Picks(seed ^ 0x005e_ed0f_a77e_u64)
    }

    pub fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        ((u128::from(z) * n as u128) >> 64) as usize
    }
}
