//! Workloads for counting instructions with callgrind, which gives the
//! same figure on every run where timings drift with the machine's load.
//! Each workload runs in a function of its own, so that callgrind can
//! count that function alone:
//!
//! ```text
//! cargo bench --no-default-features --bench counts --no-run
//! valgrind --tool=callgrind --collect-atstart=no \
//!     --toggle-collect='counts::steps' target/release/deps/counts-* steps
//! ```
//!
//! Workloads (the first argument): `steps` (seeded sessions of the shipped
//! library played to the end as a front end would: every event read,
//! the options listed, one of them chosen, each turn recorded), `load`
//! (load and validate the shipped library from text), `load-hashed` (the
//! same, and each scenario's content hash, which is computed on first
//! use; count `counts::load_hashed`), `parse` (`ron`'s own typed parse of the
//! same texts into the wire types, [`attune::format::ScenarioFile`]: the
//! limit loading can approach), `clean` and `draft` (a generated draft of
//! 750 turns, without and with its 3,000 warnings). Run without
//! valgrind, each prints what it did, so a count can be divided by it. A
//! second argument repeats a loading workload that many times (for `perf
//! stat`).

// Prints its own figures, never scenario text: the standard printing
// macros are fine here (see clippy.toml).
#![allow(clippy::disallowed_macros)]

#[path = "../tests/common/drafts.rs"]
#[allow(dead_code)]
mod drafts;

use std::path::Path;
use std::sync::Arc;

use attune::engine::Session;
use attune::format::ScenarioFile;
use attune::library::SHIPPED;
use attune::load::{load_str, ron_options};
use attune::model::Scenario;

const SESSIONS: u64 = 2_000;

fn main() {
    let what = std::env::args().nth(1).unwrap_or_default();
    // An optional second argument repeats a loading workload, for `perf
    // stat` and other counters of a whole run.
    let times: usize = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    match what.as_str() {
        "steps" => {
            let scenarios: Vec<Arc<Scenario>> = SHIPPED
                .iter()
                .map(|(name, text)| {
                    let s = load_str(Path::new(name), text).scenario;
                    Arc::new(s.expect("a shipped scenario loads"))
                })
                .collect();
            let n = steps(&scenarios, SESSIONS);
            println!(
                "{n} steps in {} sessions",
                SESSIONS * scenarios.len() as u64
            );
        }
        "load" => println!("{} scenarios loaded", repeat(times, || load(SHIPPED))),
        "load-hashed" => println!(
            "{} scenarios loaded and hashed",
            repeat(times, || load_hashed(SHIPPED))
        ),
        "parse" => println!("{} scenarios parsed", repeat(times, || parse(SHIPPED))),
        "clean" | "draft" => {
            let text = if what == "clean" {
                drafts::clean(750)
            } else {
                drafts::warnings(750)
            };
            let problems = repeat(times, || draft(&text));
            println!("{} bytes, {problems} problems", text.len());
        }
        _ => {
            eprintln!("usage: counts steps|load|load-hashed|parse|clean|draft");
            std::process::exit(2);
        }
    }
}

/// `f` run `times` times; what it gave the last time.
fn repeat(times: usize, mut f: impl FnMut() -> usize) -> usize {
    (0..times).map(|_| f()).last().unwrap_or_default()
}

/// Play `sessions` seeded sessions of each scenario to the end; the
/// number of choices made.
#[inline(never)]
fn steps(scenarios: &[Arc<Scenario>], sessions: u64) -> u64 {
    let mut steps = 0u64;
    let mut read = 0usize;
    for seed in 0..sessions {
        for s in scenarios {
            let mut session = Session::new(Arc::clone(s), seed);
            let mut k = seed as usize;
            loop {
                while let Some(e) = session.poll() {
                    read += std::hint::black_box(&e) as *const _ as usize & 1;
                }
                if session.is_ended() {
                    break;
                }
                let offered = session.offered();
                k = k.wrapping_mul(31).wrapping_add(7);
                let index = offered.at(k % offered.len()).index;
                assert!(session.choose_at(index, 0), "an offered option");
                steps += 1;
            }
        }
    }
    std::hint::black_box(read);
    steps
}

#[inline(never)]
fn load(texts: &[(&str, &str)]) -> usize {
    texts
        .iter()
        .filter(|(name, text)| {
            let loaded = load_str(Path::new(name), text);
            std::hint::black_box(loaded).scenario.is_some()
        })
        .count()
}

/// [`load`], and the content hash of each (computed on first use).
#[inline(never)]
fn load_hashed(texts: &[(&str, &str)]) -> usize {
    texts
        .iter()
        .filter(|(name, text)| {
            let loaded = load_str(Path::new(name), text);
            let hashed = loaded.scenario.as_ref().map(|s| s.content_hash().len());
            std::hint::black_box(hashed).is_some()
        })
        .count()
}

#[inline(never)]
fn parse(texts: &[(&str, &str)]) -> usize {
    texts
        .iter()
        .filter(|(_, text)| {
            let file = ron_options().from_str::<ScenarioFile>(text);
            std::hint::black_box(file).is_ok()
        })
        .count()
}

#[inline(never)]
fn draft(text: &str) -> usize {
    let loaded = load_str(Path::new("draft.ron"), text);
    loaded.error_count() + loaded.warning_count()
}
