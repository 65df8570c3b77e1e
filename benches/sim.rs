//! Speed of `attune sim`: 1,000,000 sessions of the shipped library
//! (125,000 per scenario with eight scenarios) through
//! [`attune::sim::simulate`], on all the cores rayon finds. Run with
//! `cargo bench --bench sim`; it prints the figure rather than asserting
//! it. The goal is under 2 s on 2 cores.

// Prints its own figures and notes, never scenario text: the standard
// printing macros are fine here (see clippy.toml).
#![allow(clippy::disallowed_macros)]

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use attune::load::{load_all, load_file};
use attune::sim::{Policy, SimOptions, simulate};

const TOTAL: u64 = 1_000_000;

fn main() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let (loaded, _) = load_all(std::slice::from_ref(&dir));
    let scenarios: Vec<Arc<_>> = loaded
        .iter()
        .filter_map(|l| load_file(&l.path).scenario.map(Arc::new))
        .collect();
    assert!(!scenarios.is_empty(), "no scenarios in {}", dir.display());
    let per = TOTAL / scenarios.len() as u64;
    println!(
        "sim: {} scenarios x {per} random sessions on {} threads",
        scenarios.len(),
        rayon::current_num_threads()
    );
    // Warm up: threads started, code paged in.
    for s in &scenarios {
        std::hint::black_box(simulate(s, &SimOptions::new(1000, 0, Policy::Random)));
    }
    let start = Instant::now();
    let mut sessions = 0;
    let mut turns = 0u64;
    for s in &scenarios {
        let r = simulate(s, &SimOptions::new(per, 1, Policy::Random));
        sessions += r.runs;
        turns += r.options.iter().map(|o| o.chosen).sum::<u64>();
    }
    let elapsed = start.elapsed();
    println!(
        "{:<44} {:>12.2?} ({sessions} sessions, {turns} turns, {:.0} sessions/s)",
        "simulate the whole library",
        elapsed,
        sessions as f64 / elapsed.as_secs_f64()
    );
}
