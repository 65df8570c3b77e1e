//! Ink: each scenario written as an Ink story, compiled by
//! `bladeink-compiler` and played by `bladeink`.
//!
//! Each turn is a knot: the client's line (tagged with the node id, the
//! affect and the marker), the cue, the check-in prompt and suggestions as
//! lines, then one sticky choice per option. A choice's condition is its
//! `when`; its body says the therapist's words, adds the effects to global
//! variables and diverts to the next knot, or draws among the open
//! alternatives of a weighted branch with `RANDOM`, seeded per walk by
//! `SEED_RANDOM`. An ending is a knot that says its title and summary and
//! ends the story.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::hint::black_box;

use bladeink::story::Story;
use bladeink::value_type::ValueType;
use bladeink_compiler::Compiler;

use crate::content::{Content, MAX_STEPS, Next, NodeKind, Opt, Picks, ident};
use crate::walk::{Engine, Step, Trace};

fn knot(id: &str) -> String {
    ident("n_", id)
}

fn var(name: &str) -> String {
    ident("s_", name)
}

/// Text as Ink reads it literally: every character Ink could take for
/// markup, logic, a divert, glue, a tag or a comment is escaped.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for ch in s.chars() {
        match ch {
            '\\' | '{' | '}' | '[' | ']' | '#' | '|' | '<' | '>' | '-' | '/' | '~' | '*' | '+'
            | '=' => {
                out.push('\\');
                out.push(ch);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

/// The Ink source of one scenario.
pub fn source(c: &Content) -> String {
    let mut s = String::new();
    s.push_str("VAR walk_seed = 0\nVAR b_total = 0\nVAR b_roll = 0\n");
    for (name, value) in &c.state {
        let _ = writeln!(s, "VAR {} = {value}", var(name));
    }
    let _ = writeln!(s, "~ SEED_RANDOM(walk_seed)\n-> {}\n", knot(&c.start));
    for node in &c.nodes {
        let _ = writeln!(s, "=== {} ===", knot(&node.id));
        match &node.kind {
            NodeKind::Turn(t) => {
                let _ = write!(
                    s,
                    "{} #node:{} #affect:{}",
                    text(&t.line),
                    node.id,
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
                    choice(&mut s, o);
                }
            }
            NodeKind::Ending(e) => {
                let _ = writeln!(
                    s,
                    "{} #node:{} #ending:{}\n{}\n-> END",
                    text(&e.title),
                    node.id,
                    e.kind,
                    text(&e.summary)
                );
            }
        }
        s.push('\n');
    }
    s
}

/// A choice's label as Ink reads it literally: the label part of a choice
/// (`[...]`) takes no escapes, so a label holding markup cannot be written.
fn label(s: &str) -> String {
    assert!(
        !s.contains(['[', ']', '#', '{', '}', '|', '\\', '\n']) && !s.contains("//"),
        "the label {s:?} cannot be written as an Ink choice"
    );
    s.to_owned()
}

fn choice(s: &mut String, o: &Opt) {
    s.push('+');
    if !o.when.is_always() {
        let _ = write!(s, " {{{}}}", o.when.render(var, " && "));
    }
    let _ = writeln!(s, " [{}]", label(&o.label));
    if !o.says.is_empty() {
        let _ = writeln!(s, "    {}", text(&o.says));
    }
    for (name, delta) in &o.effects {
        let v = var(name);
        let (sign, amount) = if *delta < 0 {
            ('-', -delta)
        } else {
            ('+', *delta)
        };
        let _ = writeln!(s, "    ~ {v} = {v} {sign} {amount}");
    }
    match &o.next {
        Next::Node(n) => {
            let _ = writeln!(s, "    -> {}", knot(n));
        }
        Next::Branch(alts) => {
            // Sum the weights of the open alternatives, draw below the sum,
            // and walk the alternatives in order, as Attune does.
            let fixed: u32 = alts
                .iter()
                .filter(|a| a.when.is_always())
                .map(|a| a.weight)
                .sum();
            let _ = writeln!(s, "    ~ b_total = {fixed}");
            for a in alts.iter().filter(|a| !a.when.is_always()) {
                let _ = writeln!(
                    s,
                    "    {{ {}:\n        ~ b_total = b_total + {}\n    }}",
                    a.when.render(var, " && "),
                    a.weight
                );
            }
            s.push_str("    ~ b_roll = RANDOM(0, b_total - 1)\n");
            // An open alternative written last takes whatever roll is
            // left, so it needs no test.
            let (last, tested) = match alts.split_last() {
                Some((last, rest)) if last.when.is_always() => (Some(last), rest),
                _ => (None, &alts[..]),
            };
            for a in tested {
                let body = format!(
                    "{{ b_roll < {w}:\n        -> {to}\n    }}\n    ~ b_roll = b_roll - {w}",
                    w = a.weight,
                    to = knot(&a.to)
                );
                if a.when.is_always() {
                    let _ = writeln!(s, "    {body}");
                } else {
                    let _ = writeln!(
                        s,
                        "    {{ {}:\n    {body}\n    }}",
                        a.when.render(var, " && ")
                    );
                }
            }
            // Otherwise Attune takes the last open alternative; a valid
            // branch always has an open one with a positive weight, so
            // this is not reached.
            let to = last.or(alts.last()).map_or(String::new(), |a| knot(&a.to));
            let _ = writeln!(s, "    -> {to}");
        }
    }
}

/// Compile Ink source to the JSON `bladeink` loads.
pub fn compile(source: &str) -> String {
    Compiler::new()
        .compile(source)
        .unwrap_or_else(|e| panic!("the generated Ink does not compile: {e}"))
}

/// Load a compiled story.
pub fn load(json: &str) -> Story {
    Story::new_with_seed(json, 1).unwrap_or_else(|e| panic!("bladeink cannot load it: {e}"))
}

pub struct Ink {
    stories: Vec<Story>,
    vars: Vec<Vec<String>>,
}

impl Ink {
    pub fn new(library: &[Content]) -> Ink {
        Ink {
            stories: library.iter().map(|c| load(&compile(&source(c)))).collect(),
            vars: library
                .iter()
                .map(|c| c.state.keys().cloned().collect())
                .collect(),
        }
    }

    fn start(&mut self, scenario: usize, seed: u64) -> &mut Story {
        let story = &mut self.stories[scenario];
        story.reset_state().expect("reset");
        story
            .set_variable("walk_seed", &ValueType::Int(seed as i32))
            .expect("walk_seed");
        story
    }
}

impl Engine for Ink {
    fn name(&self) -> &'static str {
        "Ink"
    }

    fn walk(&mut self, scenario: usize, seed: u64) -> u32 {
        let story = self.start(scenario, seed);
        let mut picks = Picks::new(seed);
        let mut steps = 0;
        loop {
            while story.can_continue() {
                black_box(story.cont().expect("continue"));
                black_box(story.get_current_tags().expect("tags"));
            }
            if steps >= MAX_STEPS {
                break;
            }
            let choices = story.get_current_choices();
            if choices.is_empty() {
                break;
            }
            let k = picks.next(choices.len());
            story.choose_choice_index(k).expect("choose");
            steps += 1;
        }
        steps
    }

    fn trace(&mut self, scenario: usize, seed: u64) -> Trace {
        let names = self.vars[scenario].clone();
        let story = self.start(scenario, seed);
        let state = |story: &Story| -> BTreeMap<String, i32> {
            names
                .iter()
                .map(|n| match story.get_variable(&var(n)) {
                    Some(ValueType::Int(v)) => (n.clone(), v),
                    _ => panic!("Ink variable {n} is not a whole number"),
                })
                .collect()
        };
        let mut picks = Picks::new(seed);
        let mut steps = Vec::new();
        loop {
            let mut text = String::new();
            let mut node = None;
            while story.can_continue() {
                text.push_str(&story.cont().expect("continue"));
                for tag in story.get_current_tags().expect("tags") {
                    if let Some(id) = tag.strip_prefix("node:") {
                        node = Some(id.to_owned());
                    }
                }
            }
            let node = node.unwrap_or_else(|| panic!("no node tag in {text:?}"));
            let choices = story.get_current_choices();
            if choices.is_empty() || steps.len() as u32 >= MAX_STEPS {
                return Trace {
                    steps,
                    end: node,
                    end_state: state(story),
                    end_text: text,
                };
            }
            let k = picks.next(choices.len());
            steps.push(Step {
                node,
                state: state(story),
                text,
                offered: choices.iter().map(|c| c.text.clone()).collect(),
                chosen: choices[k].text.clone(),
            });
            story.choose_choice_index(k).expect("choose");
        }
    }
}
