//! Attune, through its public API only: loading a scenario file as
//! `attune check` and the app do, `ron`'s typed parse of the same file (the
//! first thing loading does, and so the limit it can approach), and
//! sessions played as the terminal player plays them.

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;

use attune::engine::{Event, Session};
use attune::format::ScenarioFile;
use attune::model::Scenario;

use crate::content::{Content, MAX_STEPS, Picks};
use crate::walk::{Engine, Step, Trace};

/// Load and validate one file, as `attune::load::load_file` does for a
/// shipped scenario.
pub fn load(c: &Content) -> Scenario {
    let path = Path::new(attune::library::SHIPPED_NAME).join(c.file);
    attune::load::load_str(&path, c.text)
        .scenario
        .expect("a shipped scenario is valid")
}

/// `ron`'s typed parse of the file into Attune's wire types, with the
/// options Attune reads scenarios with: no validation, no content hash, no
/// diagnostics.
pub fn ron_parse(c: &Content) -> ScenarioFile {
    attune::load::ron_options()
        .from_str(c.text)
        .expect("a shipped scenario parses")
}

pub struct Attune {
    scenarios: Vec<Arc<Scenario>>,
    /// The offered options in the order they are written (the engine
    /// shows them shuffled; walks pick by the written order, as in Ink
    /// and Yarn Spinner).
    order: Vec<usize>,
}

impl Attune {
    pub fn new(library: &[Content]) -> Attune {
        Attune {
            scenarios: library.iter().map(|c| Arc::new(load(c))).collect(),
            order: Vec::new(),
        }
    }

    fn pick(&mut self, session: &Session, picks: &mut Picks) -> Option<usize> {
        self.order.clear();
        self.order.extend_from_slice(session.offered_indices());
        self.order.sort_unstable();
        (!self.order.is_empty()).then(|| self.order[picks.next(self.order.len())])
    }
}

impl Engine for Attune {
    fn name(&self) -> &'static str {
        "Attune"
    }

    fn walk(&mut self, scenario: usize, seed: u64) -> u32 {
        let mut session = Session::new(Arc::clone(&self.scenarios[scenario]), seed);
        let mut picks = Picks::new(seed);
        let mut steps = 0;
        loop {
            while let Some(event) = session.poll() {
                black_box(event);
            }
            if session.is_ended() || steps >= MAX_STEPS {
                break;
            }
            let Some(option) = self.pick(&session, &mut picks) else {
                break;
            };
            session.choose_at(option, 0);
            steps += 1;
        }
        steps
    }

    fn trace(&mut self, scenario: usize, seed: u64) -> Trace {
        let mut session = Session::new(Arc::clone(&self.scenarios[scenario]), seed);
        let mut picks = Picks::new(seed);
        let mut steps = Vec::new();
        loop {
            let mut text = String::new();
            while let Some(event) = session.poll() {
                match event {
                    Event::ClientSays { line, cue, .. } => {
                        text.push_str(&line);
                        text.push('\n');
                        text.push_str(&cue);
                    }
                    Event::CheckIn(c) => text.push_str(&c.prompt),
                    Event::Ended { title, summary, .. } => {
                        text.push_str(&title);
                        text.push('\n');
                        text.push_str(&summary);
                    }
                    Event::Options(_) => {}
                }
                text.push('\n');
            }
            let node = session.current_node().id().to_owned();
            let state = session.state().to_map();
            if session.is_ended() || steps.len() as u32 >= MAX_STEPS {
                return Trace {
                    steps,
                    end: node,
                    end_state: state,
                    end_text: text,
                };
            }
            let Some(option) = self.pick(&session, &mut picks) else {
                panic!("nothing offered at `{node}`");
            };
            let turn = session.current_turn().expect("a turn");
            let label = |i: usize| turn.options[i].label.clone();
            steps.push(Step {
                node,
                state,
                text,
                offered: self.order.iter().map(|&i| label(i)).collect(),
                chosen: label(option),
            });
            session.choose_at(option, 0);
        }
    }
}
