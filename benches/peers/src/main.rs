//! Attune side by side with Ink (bladeink) and Yarn Spinner on equivalent
//! content, in one process: loading the shipped library, and playing
//! seeded random walks through it. See `docs/performance.md`.
//!
//! ```text
//! cargo run --release --locked --manifest-path benches/peers/Cargo.toml -- [options]
//!   --reps N        interleaved repetitions (default 7, at least 5)
//!   --walks N       walks per scenario and engine (default 100)
//!   --min-ms N      each figure is timed over at least this much CPU time (default 300)
//!   --emit DIR      also write the generated Ink and Yarn sources to DIR
//!   --profile NAME  only play walks of one engine (attune, ink, yarn) for 10 s, for a profiler
//! ```

// A measuring tool that prints its own figures (and never scenario text
// unescaped): the standard printing macros are fine here.
#![allow(clippy::disallowed_macros)]

mod attune_side;
mod content;
mod ink;
mod stats;
mod walk;
mod yarn;

use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use content::{Content, Next};
use stats::{Timing, paired, per_unit, summary};
use walk::Engine;

/// The peers as `Cargo.lock` pins them.
const VERSIONS: &str = "bladeink 2.1.0, bladeink-compiler 2.1.0, yarnspinner 0.9.0, ron 0.12.3";

/// How many walks per scenario and engine the equivalence check replays.
const CHECKED_WALKS: u64 = 100;

struct Args {
    reps: usize,
    walks: u64,
    min: Duration,
    emit: Option<String>,
    profile: Option<String>,
}

const USAGE: &str = "usage: attune-peers [--reps N (at least 5)] [--walks N] [--min-ms N] \
                     [--emit DIR] [--profile attune|ink|yarn]";

/// The options, or `None` when only the usage was asked for.
fn args() -> Result<Option<Args>, String> {
    let mut a = Args {
        reps: 7,
        walks: 100,
        min: Duration::from_millis(300),
        emit: None,
        profile: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        let number = |v: String| {
            v.parse::<u64>()
                .map_err(|_| format!("{flag}: not a number: {v}"))
        };
        match flag.as_str() {
            "--reps" => a.reps = number(value()?)? as usize,
            "--walks" => a.walks = number(value()?)?,
            "--min-ms" => a.min = Duration::from_millis(number(value()?)?),
            "--emit" => a.emit = Some(value()?),
            "--profile" => a.profile = Some(value()?),
            "-h" | "--help" => return Ok(None),
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    if a.reps < 5 {
        return Err("--reps: at least 5 repetitions".into());
    }
    if a.walks == 0 {
        return Err("--walks: at least one walk".into());
    }
    Ok(Some(a))
}

fn main() -> ExitCode {
    let args = match args() {
        Ok(Some(a)) => a,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("error: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<(), String> {
    let library = attune::library::SHIPPED
        .iter()
        .map(|(file, text)| Content::read(file, text))
        .collect::<Result<Vec<_>, _>>()?;
    let sources = Sources::new(&library);
    if let Some(dir) = &args.emit {
        sources
            .emit(dir, &library)
            .map_err(|e| format!("cannot write to {dir}: {e}"))?;
    }
    println!("Machine: {}.", machine());
    describe(&library, &sources);
    let mut engines: Vec<Box<dyn Engine>> = vec![
        Box::new(attune_side::Attune::new(&library)),
        Box::new(ink::Ink::new(&library)),
        Box::new(yarn::Yarn::new(&library)),
    ];
    if let Some(name) = &args.profile {
        let e = engines
            .iter_mut()
            .find(|e| e.name().to_lowercase().starts_with(&name.to_lowercase()))
            .ok_or(format!("--profile: no engine {name}"))?;
        let start = Instant::now();
        let mut steps = 0;
        while start.elapsed() < Duration::from_secs(10) {
            steps += play(e, library.len(), args.walks);
        }
        println!("{}: {steps} choices in {:.2?}", e.name(), start.elapsed());
        return Ok(());
    }

    let checked = walk::check_all(&library, &mut engines, CHECKED_WALKS)
        .map_err(|e| format!("not equivalent: {e}"))?;
    println!(
        "Equivalence: {} walks per engine replayed and checked step by step (the node, its \
         text, the state, the options offered, the effects and the node reached): all keep to \
         the scenario's rules. The longest walk makes {} choices.",
        checked.walks, checked.longest
    );
    for (k, e) in engines.iter().enumerate().skip(1) {
        println!(
            "  {}: {} choices; {} of {} walks take exactly Attune's path, the rest part from \
             it after a weighted branch.",
            e.name(),
            checked.choices[k],
            checked.same_path[k],
            checked.walks
        );
    }

    let measured = measure(args, &library, &sources, &mut engines);
    report(args, library.len(), &measured);
    Ok(())
}

/// The Ink and Yarn Spinner sources of the library, written once before
/// anything is timed, and Ink's compiled JSON.
struct Sources {
    ink: Vec<String>,
    ink_json: Vec<String>,
    yarn: Vec<String>,
}

impl Sources {
    fn new(library: &[Content]) -> Sources {
        let ink: Vec<String> = library.iter().map(ink::source).collect();
        Sources {
            ink_json: ink.iter().map(|s| ink::compile(s)).collect(),
            ink,
            yarn: library.iter().map(yarn::source).collect(),
        }
    }

    fn emit(&self, dir: &str, library: &[Content]) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        for ((c, i), y) in library.iter().zip(&self.ink).zip(&self.yarn) {
            std::fs::write(format!("{dir}/{}.ink", c.id), i)?;
            std::fs::write(format!("{dir}/{}.yarn", c.id), y)?;
        }
        Ok(())
    }
}

fn describe(library: &[Content], sources: &Sources) {
    let kib = |texts: &mut dyn Iterator<Item = usize>| texts.sum::<usize>() as f64 / 1024.0;
    let turns: Vec<_> = library.iter().flat_map(|c| c.turns()).collect();
    let options: Vec<_> = turns.iter().flat_map(|(_, t)| &t.options).collect();
    let nodes: usize = library.iter().map(|c| c.nodes.len()).sum();
    println!(
        "Shipped library: {} scenarios, {} turns, {} endings, {} options ({} with weighted \
         branches, {} with conditions); RON {:.0} KiB, generated Ink {:.0} KiB, generated Yarn \
         {:.0} KiB.",
        library.len(),
        turns.len(),
        nodes - turns.len(),
        options.len(),
        options
            .iter()
            .filter(|o| matches!(o.next, Next::Branch(_)))
            .count(),
        options.iter().filter(|o| !o.when.is_always()).count(),
        kib(&mut library.iter().map(|c| c.text.len())),
        kib(&mut sources.ink.iter().map(String::len)),
        kib(&mut sources.yarn.iter().map(String::len)),
    );
}

/// Cores, CPU model and memory, as Linux reports them.
fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name")?.split_once(':'))
        .map_or("CPU model unknown", |(_, m)| m.trim());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|m| m.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or("memory unknown".to_owned(), |kib| {
            format!("{:.1} GiB memory", kib / 1024.0 / 1024.0)
        });
    format!("{cores} cores, {model}, {memory}")
}

/// Every walk of every scenario once; returns the number of choices.
fn play(e: &mut Box<dyn Engine>, scenarios: usize, walks: u64) -> u64 {
    let mut steps = 0;
    for i in 0..scenarios {
        for seed in 0..walks {
            steps += u64::from(e.walk(i, seed));
        }
    }
    steps
}

struct Figure {
    name: &'static str,
    times: Vec<Timing>,
    /// Choices per round of walks (steps only).
    choices: u64,
}

struct Measured {
    /// ron, Attune, Ink compile + load, Ink JSON load, Yarn compile + load.
    loads: Vec<Figure>,
    /// Attune, Ink, Yarn Spinner.
    steps: Vec<Figure>,
}

/// One untimed round of everything, then interleaved repetitions: every
/// figure once per repetition, each repetition starting with another.
fn measure(
    args: &Args,
    library: &[Content],
    sources: &Sources,
    engines: &mut [Box<dyn Engine>],
) -> Measured {
    let draws = yarn::Draws::default();
    type Load<'a> = Box<dyn FnMut() + 'a>;
    let mut loads: Vec<(&'static str, Load)> = vec![
        (
            "ron typed parse (the limit)",
            Box::new(|| {
                library
                    .iter()
                    .for_each(|c| drop(black_box(attune_side::ron_parse(c))))
            }),
        ),
        (
            "Attune load + validate",
            Box::new(|| {
                library
                    .iter()
                    .for_each(|c| drop(black_box(attune_side::load(c))))
            }),
        ),
        (
            "Ink compile + load",
            Box::new(|| {
                for s in &sources.ink {
                    drop(black_box(ink::load(&ink::compile(s))));
                }
            }),
        ),
        (
            "Ink load of compiled JSON",
            Box::new(|| {
                for j in &sources.ink_json {
                    drop(black_box(ink::load(j)));
                }
            }),
        ),
        (
            "Yarn Spinner compile + load",
            Box::new(|| {
                for (c, s) in library.iter().zip(&sources.yarn) {
                    drop(black_box(yarn::load(
                        yarn::compile(c.file, s.clone()),
                        &draws,
                    )));
                }
            }),
        ),
    ];
    let n = library.len();
    let mut out = Measured {
        loads: loads
            .iter_mut()
            .map(|(name, f)| {
                f();
                Figure {
                    name,
                    times: Vec::new(),
                    choices: 0,
                }
            })
            .collect(),
        steps: engines
            .iter_mut()
            .map(|e| Figure {
                name: e.name(),
                times: Vec::new(),
                choices: play(e, n, args.walks),
            })
            .collect(),
    };
    for rep in 0..args.reps {
        eprint!("\rrepetition {} of {}", rep + 1, args.reps);
        for k in 0..loads.len() {
            let k = (k + rep) % loads.len();
            let f = &mut loads[k].1;
            let t = per_unit(args.min, || {
                f();
                1
            });
            out.loads[k].times.push(t);
        }
        for k in 0..engines.len() {
            let k = (k + rep) % engines.len();
            let e = &mut engines[k];
            out.steps[k]
                .times
                .push(per_unit(args.min, || play(e, n, args.walks)));
        }
    }
    eprintln!();
    out
}

fn cpu(f: &Figure) -> Vec<f64> {
    f.times.iter().map(|t| t.cpu).collect()
}

fn wall(f: &Figure) -> Vec<f64> {
    f.times.iter().map(|t| t.wall).collect()
}

fn report(args: &Args, files: usize, m: &Measured) {
    println!(
        "\n{} interleaved repetitions; CPU time of the measuring thread, median and range \
         (min – max); ratios are taken within each repetition, then their median. \
         Peers: {VERSIONS}.\n",
        args.reps
    );
    println!("| Load: the whole shipped library ({files} files) | median | range |");
    println!("|---|---:|---:|");
    for f in &m.loads {
        let (median, range) = stats::times(summary(&cpu(f)));
        println!("| {} | {median} | {range} |", f.name);
    }
    let [ron, attune, ink, ink_json, yarn] = [0, 1, 2, 3, 4].map(|k| cpu(&m.loads[k]));
    ratio_rows(&[
        (
            "Attune load + validate ÷ ron typed parse",
            paired(&attune, &ron),
        ),
        (
            "Ink compile + load ÷ Attune load + validate",
            paired(&ink, &attune),
        ),
        (
            "Ink load of JSON ÷ Attune load + validate",
            paired(&ink_json, &attune),
        ),
        (
            "Yarn Spinner compile + load ÷ Attune load + validate",
            paired(&yarn, &attune),
        ),
    ]);

    println!(
        "\n| Engine steps: {} seeded walks per scenario, the same choices | per step | range | choices per round |",
        args.walks
    );
    println!("|---|---:|---:|---:|");
    for f in &m.steps {
        let (median, range) = stats::times(summary(&cpu(f)));
        println!("| {} | {median} | {range} | {} |", f.name, f.choices);
    }
    let [a_step, ink_step, yarn_step] = [0, 1, 2].map(|k| cpu(&m.steps[k]));
    ratio_rows(&[
        ("Ink per step ÷ Attune per step", paired(&ink_step, &a_step)),
        (
            "Yarn Spinner per step ÷ Attune per step",
            paired(&yarn_step, &a_step),
        ),
    ]);

    let steps = summary(&paired(&ink_step, &a_step)).median;
    let load = summary(&paired(&attune, &ron)).median;
    let steps_wall = summary(&paired(&wall(&m.steps[1]), &wall(&m.steps[0]))).median;
    let load_wall = summary(&paired(&wall(&m.loads[1]), &wall(&m.loads[0]))).median;
    let verdict = |met: bool| if met { "met" } else { "not met" };
    println!("\nTargets (issue 10), on CPU time [wall clock]:");
    println!(
        "  engine steps at least 30× faster than bladeink: {steps:.1}× [{steps_wall:.1}×], {}",
        verdict(steps >= 30.0)
    );
    println!(
        "  load + validate within 1.5× of ron's typed parse: {load:.2}× [{load_wall:.2}×], {}",
        verdict(load <= 1.5)
    );
}

fn ratio_rows(rows: &[(&str, Vec<f64>)]) {
    println!("\n| Ratio, paired per repetition | median | range |");
    println!("|---|---:|---:|");
    for (name, r) in rows {
        let (median, range) = stats::ratios(summary(r));
        println!("| {name} | {median} | {range} |");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::NodeKind;

    fn doctora() -> Content {
        let (file, text) = attune::library::SHIPPED
            .iter()
            .find(|(f, _)| *f == "doctora.ron")
            .expect("doctora is shipped");
        Content::read(file, text).expect("it reads")
    }

    /// Text that Ink or Yarn Spinner would take for markup, logic, a
    /// divert, a tag or a comment reaches the player as written.
    #[test]
    fn markup_characters_in_text_are_said_as_written() {
        let tricky = "A {b} [c] #d |e| <f> -> g // h /* i */ ~j *k +l =m \\ o: p <<q>> $r";
        let mut c = doctora();
        for node in &mut c.nodes {
            match &mut node.kind {
                NodeKind::Turn(t) => {
                    t.line = format!("{tricky} {}", t.line);
                    t.cue = format!("- {tricky}");
                }
                NodeKind::Ending(e) => e.title = format!("= {tricky}"),
            }
        }
        let library = [c];
        let mut engines: Vec<Box<dyn Engine>> = vec![
            Box::new(ink::Ink::new(&library)),
            Box::new(yarn::Yarn::new(&library)),
        ];
        for e in &mut engines {
            for seed in 0..20 {
                let t = e.trace(0, seed);
                walk::check(&library[0], &t).unwrap_or_else(|m| panic!("{}: {m}", e.name()));
                assert!(
                    t.steps[0].text.contains(&format!("- {tricky}")),
                    "{}",
                    e.name()
                );
            }
        }
    }

    /// The check refuses a walk that breaks a rule.
    #[test]
    fn the_check_notices_a_wrong_step() {
        let c = doctora();
        let library = [c];
        let mut ink = ink::Ink::new(&library);
        let good = ink.trace(0, 3);
        assert_eq!(walk::check(&library[0], &good), Ok(()));

        let mut bad = good.clone();
        bad.steps[0].offered.pop();
        assert!(
            walk::check(&library[0], &bad)
                .unwrap_err()
                .contains("offered")
        );

        let mut bad = good.clone();
        if let Some(v) = bad
            .steps
            .get_mut(1)
            .and_then(|s| s.state.values_mut().next())
        {
            *v += 1;
            assert!(
                walk::check(&library[0], &bad)
                    .unwrap_err()
                    .contains("state")
            );
        }

        let mut bad = good;
        bad.end = library[0].start.clone();
        assert!(walk::check(&library[0], &bad).is_err());
    }
}
