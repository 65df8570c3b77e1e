//! Checking a draft costs time and memory in proportion to its size: each
//! case is measured at two sizes in one run, and the larger may not cost
//! more than a generous multiple of the size ratio. Quadratic behaviour
//! (line counting from the top of the file per diagnostic, a copy of a
//! whole line per diagnostic, unbounded edit distances) fails these.
//! No absolute timings: the figures live in `benches/check.rs`.

// Prints its own figures and notes, never scenario text: the standard
// printing macros are fine here (see clippy.toml).
#![allow(clippy::disallowed_macros)]

mod common;
#[path = "common/alloc.rs"]
mod counting;

use std::path::Path;
use std::time::{Duration, Instant};

use attune::load::load_str;
use common::drafts;

/// The fastest of three checks of `text`, and the peak memory above what
/// was in use before (the text itself included).
fn measure(text: &str) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut peak = 0;
    for _ in 0..3 {
        let base = counting::reset();
        let start = Instant::now();
        let loaded = load_str(Path::new("draft.ron"), text);
        let took = start.elapsed();
        assert!(!loaded.diagnostics.is_empty());
        drop(loaded);
        best = best.min(took);
        peak = peak.max(counting::peak_above(base));
    }
    (best, peak + text.len())
}

/// The larger input may cost at most `slack` times the size ratio.
fn assert_linear(case: &str, small: &str, large: &str, slack: f64) {
    let ratio = large.len() as f64 / small.len() as f64;
    let (t1, m1) = measure(small);
    let (t2, m2) = measure(large);
    let time_ratio = t2.as_secs_f64() / t1.as_secs_f64().max(1e-6);
    let mem_ratio = m2 as f64 / m1 as f64;
    let limit = ratio * slack;
    println!("{case}: {ratio:.1}x the size, {time_ratio:.1}x the time, {mem_ratio:.1}x the memory");
    assert!(
        time_ratio < limit,
        "{case}: {ratio:.1}x the size took {time_ratio:.1}x the time ({t1:?} -> {t2:?})"
    );
    assert!(
        mem_ratio < limit,
        "{case}: {ratio:.1}x the size took {mem_ratio:.1}x the memory ({m1} -> {m2} bytes)"
    );
}

/// One test runs the cases in turn, so that the allocation counts are
/// this thread's alone.
#[test]
fn checking_scales_linearly() {
    many_warnings_over_many_lines();
    many_errors_on_one_line();
    suggestions_for_long_ids();
}

fn many_warnings_over_many_lines() {
    let small = drafts::warnings(250);
    let large = drafts::warnings(2_000);
    let loaded = load_str(Path::new("draft.ron"), &large);
    assert!(loaded.scenario.is_some(), "warnings only");
    assert_eq!(loaded.warning_count(), 4 * 2_000);
    assert_linear("warnings", &small, &large, 2.5);
}

fn many_errors_on_one_line() {
    let small = drafts::errors_on_one_line(250, 150);
    let large = drafts::errors_on_one_line(2_000, 150);
    let loaded = load_str(Path::new("draft.ron"), &large);
    assert_eq!(loaded.error_count(), 2_000);
    assert!(loaded.diagnostics.len() <= attune::diag::MAX_SHOWN + 1);
    assert_linear("errors on one line", &small, &large, 2.5);
}

fn suggestions_for_long_ids() {
    let small = drafts::long_ids(5_000);
    let large = drafts::long_ids(40_000);
    let loaded = load_str(Path::new("draft.ron"), &large);
    assert!(
        loaded
            .diagnostics
            .iter()
            .any(|d| d.code.as_str() == "unknown-node")
    );
    assert_linear("long ids", &small, &large, 2.5);
}
