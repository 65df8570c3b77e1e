//! Figures for checking drafts, against the diagnostics bars: a 4 MB draft
//! with 76,000 warnings under 5 s, 2,000 errors on one line under 300 MB
//! at peak, an 80 KB file with two 40,000-character ids under 1 s, and a
//! draft with 3,000 warnings loading at a small multiple of a clean file
//! of the same size. Run with `cargo bench --bench check`; it prints the
//! figures and the bars beside them rather than asserting timings.
//!
//! Loading is also set against its limit, `ron`'s own typed parse of the
//! same texts: the shipped library is parsed with `ron` (the loader's
//! options) straight into the wire types, `attune::format::ScenarioFile`,
//! and loaded and validated; the goal is within 1.5x. The draft with 3,000
//! warnings is set against a clean draft of the same shape (each turn
//! leading to the next, every text written); the goal is within 2x per
//! byte.
//!
//! `attune check` also follows every client state a session can reach
//! (`attune::reach`): the figures for each shipped scenario, and for a
//! draft whose counters fill the exploration's bound, come last.

// Prints its own figures and notes, never scenario text: the standard
// printing macros are fine here (see clippy.toml).
#![allow(clippy::disallowed_macros)]

#[path = "../tests/common/alloc.rs"]
mod counting;
#[path = "../tests/common/drafts.rs"]
mod drafts;

use std::path::Path;
use std::time::{Duration, Instant};

use attune::format::ScenarioFile;
use attune::library::SHIPPED;
use attune::load::{load_file, load_str, ron_options};
use attune::model::Scenario;
use attune::reach;

/// Check `text` `runs` times; the fastest run and the peak memory in use
/// (the text itself included).
fn check(label: &str, text: &str, runs: u32, bar: &str) -> Duration {
    let mut best = Duration::MAX;
    let mut peak = 0;
    let mut shown = 0;
    for _ in 0..runs {
        let base = counting::reset();
        let start = Instant::now();
        let loaded = load_str(Path::new("draft.ron"), text);
        best = best.min(start.elapsed());
        shown = loaded.error_count() + loaded.warning_count();
        drop(std::hint::black_box(loaded));
        peak = peak.max(counting::peak_above(base));
    }
    println!(
        "{label:<40} {:>8.1} KiB {:>7} problems {:>10.2?} {:>8.1} MiB peak   (bar: {bar})",
        text.len() as f64 / 1024.0,
        shown,
        best,
        (peak + text.len()) as f64 / (1024.0 * 1024.0),
    );
    best
}

fn main() {
    let clean = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/doctora.ron"),
    )
    .expect("the shipped scenario");
    let t_clean = check(
        "a shipped scenario (clean)",
        &clean,
        50,
        "well under 100 ms",
    );

    let big = drafts::warnings(19_000);
    check("76,000 warnings in 4 MB", &big, 3, "under 5 s");

    let draft = drafts::warnings(750);
    let t_draft = check("3,000 warnings", &draft, 10, "a small multiple of clean");
    let per_byte_draft = t_draft.as_secs_f64() / draft.len() as f64;
    let per_byte_clean = t_clean.as_secs_f64() / clean.len() as f64;
    println!(
        "  per byte, the draft costs {:.1}x the shipped scenario",
        per_byte_draft / per_byte_clean
    );
    let same_shape = drafts::clean(750);
    let t_same = check("the same draft, clean", &same_shape, 10, "");
    println!(
        "  per byte, the draft costs {:.2}x the clean draft of its shape (goal: within 2x)",
        per_byte_draft / (t_same.as_secs_f64() / same_shape.len() as f64)
    );
    against_ron();

    let one_line = drafts::errors_on_one_line(2_000, 600);
    check(
        "2,000 errors on one 1.2 MB line",
        &one_line,
        3,
        "under 300 MB peak",
    );

    let ids = drafts::long_ids(40_000);
    check("two 40,000-character ids, a typo", &ids, 5, "under 1 s");

    println!();
    let mut paths: Vec<_> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"))
            .expect("the shipped library")
            .map(|e| e.expect("a directory entry").path())
            .collect();
    paths.sort();
    let mut total = Duration::ZERO;
    for path in &paths {
        let s = load_file(path).scenario.expect("a shipped scenario loads");
        let name = path.file_stem().unwrap_or_default().to_string_lossy();
        total += explore(&format!("states of {name}"), &s, 50, "well under 10 ms");
    }
    println!(
        "{:<40} {total:>40.2?}   (bar: under 50 ms)",
        "states of the whole library"
    );
    let counters = load_str(Path::new("counters.ron"), &counters(5)).scenario;
    let counters = counters.expect("the counters draft loads");
    explore(
        "five counters in one loop (to the bound)",
        &counters,
        3,
        "under 2 s",
    );
}

/// Load and validate the shipped library (with and without the content
/// hash, which a scenario computes when first asked for it), and parse it
/// with `ron` alone into the wire types: the fastest of many runs each,
/// interleaved.
fn against_ron() {
    let parse = || {
        for (_, text) in SHIPPED {
            let file = ron_options().from_str::<ScenarioFile>(text);
            std::hint::black_box(file.expect("a shipped scenario parses"));
        }
    };
    let load = |hash: bool| {
        for (name, text) in SHIPPED {
            let loaded = load_str(Path::new(name), text);
            let s = loaded.scenario.expect("a shipped scenario loads");
            if hash {
                std::hint::black_box(s.content_hash());
            }
            std::hint::black_box(s);
        }
    };
    let mut best = [Duration::MAX; 3];
    for _ in 0..30 {
        let start = Instant::now();
        parse();
        best[0] = best[0].min(start.elapsed());
        for (i, hash) in [(1, false), (2, true)] {
            let start = Instant::now();
            load(hash);
            best[i] = best[i].min(start.elapsed());
        }
    }
    let bytes: usize = SHIPPED.iter().map(|(_, t)| t.len()).sum();
    let [t_parse, t_load, t_hashed] = best;
    println!(
        "{:<40} {:>8.1} KiB {t_parse:>10.2?}",
        "the shipped library, ron's typed parse",
        bytes as f64 / 1024.0,
    );
    for (label, t) in [
        ("  load + validate", t_load),
        ("  load + validate + content hash", t_hashed),
    ] {
        println!(
            "{label:<40} {:>12} {t:>10.2?}   {:.2}x ron's parse (goal: within 1.5x)",
            "",
            t.as_secs_f64() / t_parse.as_secs_f64()
        );
    }
}

/// Follow every state of `s` `runs` times; the fastest run.
fn explore(label: &str, s: &Scenario, runs: u32, bar: &str) -> Duration {
    let mut best = Duration::MAX;
    let mut peak = 0;
    let mut found = (0, false);
    for _ in 0..runs {
        let base = counting::reset();
        let start = Instant::now();
        let states = reach::explore(s);
        let stuck = states.stuck(s);
        best = best.min(start.elapsed());
        found = (states.positions(), states.complete());
        drop(std::hint::black_box((states, stuck)));
        peak = peak.max(counting::peak_above(base));
    }
    println!(
        "{label:<40} {:>7} positions {:>12} {:>9.2?} {:>6.1} MiB peak   (bar: {bar})",
        found.0,
        if found.1 { "complete" } else { "not complete" },
        best,
        peak as f64 / (1024.0 * 1024.0),
    );
    best
}

/// A turn that raises one of `n` counters per option and offers a way out
/// when each has passed 3: the states multiply until the bound.
fn counters(n: usize) -> String {
    let vars: Vec<String> = (0..n).map(|i| format!("\"c{i}\": 0")).collect();
    let options: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "(id: \"up{i}\", label: \"Up\", says: \"S\", strategy: Reflect, attunement: 3, \
                 ownership: None, rationale: \"R\", effects: {{ \"c{i}\": 1 }}, next: \"a\"),\n\
                 (id: \"down{i}\", label: \"Down\", says: \"S\", strategy: Reflect, attunement: 3, \
                 ownership: None, rationale: \"R\", effects: {{ \"c{i}\": -1 }}, next: \"a\"),\n\
                 (id: \"out{i}\", label: \"Out\", says: \"S\", strategy: Reflect, attunement: 3, \
                 ownership: None, rationale: \"R\", when: \"c{i} > 3\", next: \"end\"),\n"
            )
        })
        .collect();
    format!(
        "Scenario(format: 1, id: \"counters\", title: \"T\", premise: \"P\", difficulty: Beginner, \
         ruptures: [Withdrawal], client: (name: \"A\", age: 30, background: \"B\", concern: \"C\"), \
         setting: \"S\", state: {{ {} }}, start: \"a\", nodes: [\n\
         Client(id: \"a\", line: \"L\", affect: Flat, options: [\n\
         (id: \"stay\", label: \"Stay\", says: \"S\", strategy: Reflect, attunement: 3, \
         ownership: None, rationale: \"R\", next: \"a\"),\n{}]),\n\
         Ending(id: \"end\", kind: Unresolved, title: \"T\", summary: \"S\"),\n])\n",
        vars.join(", "),
        options.concat()
    )
}
