//! Yarn Spinner: each scenario written as a Yarn script, compiled and
//! played by the `yarnspinner` crate.
//!
//! Each turn is a node: the client's line (spoken by the client, with
//! hashtags for the node id, the affect and the marker), the cue, the
//! check-in prompt and suggestions as lines, then one option per option. An
//! option's condition is its `when` (Yarn Spinner offers it marked
//! unavailable when the condition fails; the walk skips those, as a game
//! would hide them). Its body says the therapist's words, `set`s the
//! effects and `jump`s to the next node, or draws among the open
//! alternatives of a weighted branch with `draw(n)`, a function given to
//! the dialogue that draws from a generator seeded per walk (Yarn
//! Spinner's own `random_range` and `dice` read the system's entropy on
//! every call, so they can neither be seeded nor be fair to time). An
//! ending is a node that says its title and summary and completes the
//! dialogue.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use yarnspinner::prelude::*;
use yarnspinner::runtime::{MemoryVariableStorage, StringTableTextProvider};

use crate::content::{Content, MAX_STEPS, Next, NodeKind, Opt, Picks, ident};
use crate::walk::{Engine, Step, Trace};

fn node(id: &str) -> String {
    ident("n_", id)
}

fn var(name: &str) -> String {
    ident("$s_", name)
}

/// Text as Yarn Spinner reads it literally.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for ch in s.chars() {
        match ch {
            '\\' | '{' | '}' | '[' | ']' | '<' | '>' | '#' | '/' => {
                out.push('\\');
                out.push(ch);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

/// The Yarn source of one scenario.
pub fn source(c: &Content) -> String {
    let mut s = String::new();
    // Declarations may stand in any node; this one is never run.
    s.push_str("title: Declarations\n---\n<<declare $b_total = 0>>\n<<declare $b_roll = 0>>\n");
    for (name, value) in &c.state {
        let _ = writeln!(s, "<<declare {} = {value}>>", var(name));
    }
    s.push_str("===\n");
    for n in &c.nodes {
        let _ = writeln!(s, "title: {}\n---", node(&n.id));
        match &n.kind {
            NodeKind::Turn(t) => {
                let _ = write!(
                    s,
                    "{}: {} #node:{} #affect:{}",
                    text(&c.client),
                    text(&t.line),
                    n.id,
                    t.affect
                );
                if let Some((kind, salience)) = &t.marker {
                    let _ = write!(s, " #marker:{kind}:{salience}");
                }
                s.push('\n');
                if !t.cue.is_empty() {
                    let _ = writeln!(s, "{}", text(&t.cue));
                }
                if let Some((prompt, suggestions)) = &t.checkin {
                    let _ = writeln!(s, "{} #checkin", text(prompt));
                    for sug in suggestions {
                        let _ = writeln!(s, "{} #suggestion", text(sug));
                    }
                }
                for o in &t.options {
                    option(&mut s, o);
                }
            }
            NodeKind::Ending(e) => {
                let _ = writeln!(
                    s,
                    "{} #node:{} #ending:{}\n{}",
                    text(&e.title),
                    n.id,
                    e.kind,
                    text(&e.summary)
                );
            }
        }
        s.push_str("===\n");
    }
    s
}

fn option(s: &mut String, o: &Opt) {
    let _ = write!(s, "-> {}", text(&o.label));
    if !o.when.is_always() {
        let _ = write!(s, " <<if {}>>", o.when.render(var, " and "));
    }
    s.push('\n');
    if !o.says.is_empty() {
        let _ = writeln!(s, "    You: {}", text(&o.says));
    }
    for (name, delta) in &o.effects {
        let v = var(name);
        let (sign, amount) = if *delta < 0 {
            ('-', -delta)
        } else {
            ('+', *delta)
        };
        let _ = writeln!(s, "    <<set {v} to {v} {sign} {amount}>>");
    }
    match &o.next {
        Next::Node(n) => {
            let _ = writeln!(s, "    <<jump {}>>", node(n));
        }
        Next::Branch(alts) => {
            // Sum the weights of the open alternatives, draw below the sum,
            // and walk the alternatives in order, as Attune does.
            let fixed: u32 = alts
                .iter()
                .filter(|a| a.when.is_always())
                .map(|a| a.weight)
                .sum();
            let _ = writeln!(s, "    <<set $b_total to {fixed}>>");
            for a in alts.iter().filter(|a| !a.when.is_always()) {
                let _ = writeln!(
                    s,
                    "    <<if {}>>\n        <<set $b_total to $b_total + {}>>\n    <<endif>>",
                    a.when.render(var, " and "),
                    a.weight
                );
            }
            s.push_str("    <<set $b_roll to draw($b_total)>>\n");
            // An open alternative written last takes whatever roll is
            // left, so it needs no test.
            let (last, tested) = match alts.split_last() {
                Some((last, rest)) if last.when.is_always() => (Some(last), rest),
                _ => (None, &alts[..]),
            };
            for a in tested {
                let body = format!(
                    "<<if $b_roll < {w}>>\n        <<jump {to}>>\n    <<endif>>\n    <<set $b_roll to $b_roll - {w}>>",
                    w = a.weight,
                    to = node(&a.to)
                );
                if a.when.is_always() {
                    let _ = writeln!(s, "    {body}");
                } else {
                    let _ = writeln!(
                        s,
                        "    <<if {}>>\n    {body}\n    <<endif>>",
                        a.when.render(var, " and ")
                    );
                }
            }
            // Otherwise Attune takes the last open alternative; a valid
            // branch always has an open one with a positive weight, so
            // this is not reached.
            let to = last.or(alts.last()).map_or(String::new(), |a| node(&a.to));
            let _ = writeln!(s, "    <<jump {to}>>");
        }
    }
}

/// The generator behind `draw(n)`: SplitMix64, reseeded per walk.
#[derive(Clone, Default)]
pub struct Draws(Arc<AtomicU64>);

impl Draws {
    fn seed(&self, seed: u64) {
        self.0.store(seed, Ordering::Relaxed);
    }

    /// A whole number in `0..n` (as Yarn Spinner's numbers are `f32`).
    fn draw(&self, n: f32) -> f32 {
        let s = self
            .0
            .fetch_add(0x9e37_79b9_7f4a_7c15, Ordering::Relaxed)
            .wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        ((u128::from(z) * n.max(0.0) as u128) >> 64) as f32
    }

    fn library(&self) -> YarnLibrary {
        let mut lib = YarnLibrary::new();
        let draws = self.clone();
        lib.add_function("draw", move |n: f32| draws.draw(n));
        lib
    }
}

/// Compile the Yarn source of one scenario.
pub fn compile(file_name: &str, source: String) -> Compilation {
    YarnCompiler::new()
        .extend_library(Draws::default().library())
        .add_file(YarnFile {
            file_name: file_name.to_owned(),
            source,
        })
        .compile()
        .unwrap_or_else(|e| panic!("the generated Yarn does not compile: {e}"))
}

/// A dialogue ready to run a compiled scenario, its lines from the
/// compilation's string table.
pub fn load(compilation: Compilation, draws: &Draws) -> Dialogue {
    let mut text = StringTableTextProvider::new();
    text.extend_base_language(
        compilation
            .string_table
            .into_iter()
            .map(|(id, info)| (id, info.text)),
    );
    let mut dialogue = Dialogue::new(Box::new(MemoryVariableStorage::new()), Box::new(text));
    dialogue.library_mut().extend(draws.library());
    dialogue.add_program(compilation.program.expect("a full compilation"));
    dialogue
}

pub struct Yarn {
    dialogues: Vec<Dialogue>,
    starts: Vec<String>,
    initial: Vec<Vec<(String, YarnValue)>>,
    /// Yarn node name to Attune id, per scenario.
    ids: Vec<HashMap<String, String>>,
    vars: Vec<Vec<String>>,
    draws: Draws,
    available: Vec<OptionId>,
}

impl Yarn {
    pub fn new(library: &[Content]) -> Yarn {
        let draws = Draws::default();
        Yarn {
            dialogues: library
                .iter()
                .map(|c| load(compile(c.file, source(c)), &draws))
                .collect(),
            starts: library.iter().map(|c| node(&c.start)).collect(),
            initial: library
                .iter()
                .map(|c| {
                    let mut m: Vec<(String, YarnValue)> = c
                        .state
                        .iter()
                        .map(|(k, v)| (var(k), YarnValue::Number(*v as f32)))
                        .collect();
                    m.push(("$b_total".into(), YarnValue::Number(0.0)));
                    m.push(("$b_roll".into(), YarnValue::Number(0.0)));
                    m
                })
                .collect(),
            ids: library
                .iter()
                .map(|c| {
                    c.nodes
                        .iter()
                        .map(|n| (node(&n.id), n.id.clone()))
                        .collect()
                })
                .collect(),
            vars: library
                .iter()
                .map(|c| c.state.keys().cloned().collect())
                .collect(),
            draws,
            available: Vec::new(),
        }
    }

    fn start(&mut self, scenario: usize, seed: u64) {
        self.draws.seed(seed);
        let d = &mut self.dialogues[scenario];
        let storage = d.variable_storage_mut();
        for (name, value) in &self.initial[scenario] {
            storage.set(name.clone(), value.clone()).expect("variables");
        }
        d.set_node(self.starts[scenario].clone())
            .expect("start node");
    }

    fn state(&self, scenario: usize) -> BTreeMap<String, i32> {
        let storage = self.dialogues[scenario].variable_storage();
        self.vars[scenario]
            .iter()
            .map(|n| match storage.get(&var(n)) {
                Ok(YarnValue::Number(v)) => (n.clone(), v as i32),
                other => panic!("Yarn variable {n}: {other:?}"),
            })
            .collect()
    }
}

impl Engine for Yarn {
    fn name(&self) -> &'static str {
        "Yarn Spinner"
    }

    fn walk(&mut self, scenario: usize, seed: u64) -> u32 {
        self.start(scenario, seed);
        let d = &mut self.dialogues[scenario];
        let mut picks = Picks::new(seed);
        let mut steps = 0;
        loop {
            for event in d.continue_().expect("continue") {
                match event {
                    DialogueEvent::Options(options) => {
                        if steps >= MAX_STEPS {
                            d.stop();
                            return steps;
                        }
                        self.available.clear();
                        self.available
                            .extend(options.iter().filter(|o| o.is_available).map(|o| o.id));
                        let k = picks.next(self.available.len());
                        d.set_selected_option(self.available[k]).expect("choose");
                        steps += 1;
                    }
                    DialogueEvent::DialogueComplete => return steps,
                    other => {
                        black_box(other);
                    }
                }
            }
        }
    }

    fn trace(&mut self, scenario: usize, seed: u64) -> Trace {
        self.start(scenario, seed);
        let mut picks = Picks::new(seed);
        let mut steps = Vec::new();
        let mut text = String::new();
        let mut at = String::new();
        loop {
            let events = self.dialogues[scenario].continue_().expect("continue");
            for event in events {
                match event {
                    DialogueEvent::NodeStart(name) => {
                        at = self.ids[scenario]
                            .get(&name)
                            .unwrap_or_else(|| panic!("unknown node {name}"))
                            .clone();
                    }
                    DialogueEvent::Line(line) => {
                        text.push_str(&line.text);
                        text.push('\n');
                    }
                    DialogueEvent::Options(options) => {
                        let state = self.state(scenario);
                        if steps.len() as u32 >= MAX_STEPS {
                            self.dialogues[scenario].stop();
                            return Trace {
                                steps,
                                end: at,
                                end_state: state,
                                end_text: text,
                            };
                        }
                        let open: Vec<&DialogueOption> =
                            options.iter().filter(|o| o.is_available).collect();
                        let chosen = open[picks.next(open.len())];
                        steps.push(Step {
                            node: at.clone(),
                            state,
                            text: std::mem::take(&mut text),
                            offered: open.iter().map(|o| o.line.text.clone()).collect(),
                            chosen: chosen.line.text.clone(),
                        });
                        self.dialogues[scenario]
                            .set_selected_option(chosen.id)
                            .expect("choose");
                    }
                    DialogueEvent::DialogueComplete => {
                        return Trace {
                            steps,
                            end: at,
                            end_state: self.state(scenario),
                            end_text: text,
                        };
                    }
                    _ => {}
                }
            }
        }
    }
}
