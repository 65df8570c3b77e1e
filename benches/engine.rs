//! Speed figures for the engine: loading and checking the scenario
//! library, playing seeded sessions, and saving logs. Run with
//! `cargo bench`; it prints figures rather than asserting timings, since
//! timings belong to the machine, not to the code.
//!
//! Targets: checking the whole library well under 100 ms (so `check` feels
//! instant in an editor loop); a session step in microseconds; an atomic
//! log save within a few tens of milliseconds (it is dominated by fsync,
//! and happens once per turn, while the trainee reads the next line).

// Prints its own figures and notes, never scenario text: the standard
// printing macros are fine here (see clippy.toml).
#![allow(clippy::disallowed_macros)]

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use attune::engine::Session;
use attune::load::{load_all, load_file};
use attune::log::SessionLog;

fn time<F: FnMut()>(label: &str, iters: u32, mut f: F) -> Duration {
    f();
    let start = Instant::now();
    for _ in 0..iters {
        f();
    }
    let per = start.elapsed() / iters;
    println!("{label:<44} {per:>12.2?} per run ({iters} runs)");
    per
}

fn main() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let (loaded, _) = load_all(std::slice::from_ref(&dir));
    let paths: Vec<PathBuf> = loaded.iter().map(|l| l.path.clone()).collect();
    let bytes: u64 = paths
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    println!("library: {} files, {} KiB", paths.len(), bytes / 1024);

    time("load + validate the whole library", 50, || {
        let (l, _) = load_all(std::slice::from_ref(&dir));
        std::hint::black_box(l);
    });

    let scenarios: Vec<Arc<_>> = paths
        .iter()
        .filter_map(|p| load_file(p).scenario.map(Arc::new))
        .collect();
    let mut steps = 0u64;
    let start = Instant::now();
    let sessions = 2000u64;
    for seed in 0..sessions {
        for s in &scenarios {
            let mut session = Session::new(Arc::clone(s), seed);
            let mut k = seed as usize;
            while !session.is_ended() {
                let offered = session.offered();
                k = k.wrapping_mul(31).wrapping_add(7);
                let index = offered.at(k % offered.len()).index;
                assert!(session.choose_at(index, 0));
                steps += 1;
            }
            std::hint::black_box(session.profile());
        }
    }
    let elapsed = start.elapsed();
    println!(
        "{:<44} {:>12.2?} per step ({} sessions, {steps} steps, {:.0} sessions/s)",
        "play random sessions to the end + profile",
        elapsed / steps.max(1) as u32,
        sessions * scenarios.len() as u64,
        (sessions * scenarios.len() as u64) as f64 / elapsed.as_secs_f64()
    );

    if let Some(s) = scenarios.first() {
        let tmp = std::env::temp_dir().join(format!("attune-bench-{}.ron", std::process::id()));
        let mut session = Session::new(Arc::clone(s), 1);
        let first = session.offered().at(0).index;
        assert!(session.choose_at(first, 0));
        let mut log = SessionLog::start(s, 1, None);
        log.sync(&session);
        time("atomic log save (write, fsync, rename)", 50, || {
            log.save(&tmp).unwrap();
        });
        time("log load", 200, || {
            SessionLog::load(&tmp).unwrap();
        });
        let _ = std::fs::remove_file(&tmp);
    }
}
