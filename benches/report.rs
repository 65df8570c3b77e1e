//! Speed of `attune report`: 10,000 session logs of the shipped library
//! (random sessions, written as Attune writes them) read, checked, replayed
//! and aggregated by [`attune::report::build`]. Run with
//! `cargo bench --bench report`; it prints the figure rather than asserting
//! it. The goal is under 2 s on 2 cores.

// Prints its own figures, never log text: the standard printing macros
// are fine here (see clippy.toml).
#![allow(clippy::disallowed_macros)]

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use attune::engine::Session;
use attune::load::{load_all, load_file};
use attune::log::SessionLog;
use attune::report::{ReportOptions, build};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

const LOGS: usize = 10_000;

fn main() {
    let library = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let (loaded, _) = load_all(std::slice::from_ref(&library));
    let scenarios: Vec<Arc<_>> = loaded
        .iter()
        .filter_map(|l| load_file(&l.path).scenario.map(Arc::new))
        .collect();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    for i in 0..LOGS {
        let scenario = &scenarios[i % scenarios.len()];
        let mut session = Session::new(Arc::clone(scenario), i as u64);
        let mut log = SessionLog::start(scenario, i as u64, None);
        log.trainee = Some(format!("trainee {}", i % 40));
        while !session.is_ended() && session.turns().len() < 60 {
            let offered = session.offered();
            let pick = offered.at(rng.random_range(0..offered.len())).id.to_owned();
            session.choose(&pick, 1_000).expect("offered");
        }
        log.sync(&session);
        log.save(&dir.path().join(format!("s{i}.ron")))
            .expect("the log is written");
    }
    println!(
        "report: {LOGS} logs of {} scenarios on {} threads",
        scenarios.len(),
        rayon::current_num_threads()
    );
    let mut best = f64::MAX;
    for _ in 0..3 {
        let start = Instant::now();
        let report = build(
            &[dir.path().to_path_buf()],
            std::slice::from_ref(&library),
            &ReportOptions::default(),
            &|_| {},
        );
        let secs = start.elapsed().as_secs_f64();
        assert_eq!(report.sessions, LOGS, "every log is read");
        best = best.min(secs);
        println!("  {secs:.2} s");
    }
    println!("report: best {best:.2} s for {LOGS} logs (goal: under 2 s)");
}
