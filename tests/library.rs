//! Structural properties every shipped scenario must keep, so that a new
//! or edited scenario that breaks them fails CI. These are the library's
//! authoring rules (see docs/format.md), checked mechanically; whether the
//! clinical writing is good is for people to judge.

use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use attune::appearance::Look;
use attune::engine::Session;
use attune::format::{
    Difficulty, EndingKind, HairLength, HeadCovering, OptionKind, RuptureKind, SkinTone,
};
use attune::load::load_file;
use attune::model::{Node, Scenario};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn library() -> Vec<(PathBuf, Scenario)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir("scenarios")
        .expect("scenarios/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let loaded = load_file(&p);
            assert!(
                loaded.diagnostics.is_empty(),
                "{} has diagnostics:\n{}",
                p.display(),
                attune::diag::render(&loaded.diagnostics)
            );
            (p, loaded.scenario.expect("loads"))
        })
        .collect()
}

fn successors(s: &Scenario, i: usize) -> Vec<usize> {
    match s.node(i) {
        Node::Turn(t) => t.options.iter().flat_map(|o| o.next.targets()).collect(),
        Node::Ending(_) => Vec::new(),
    }
}

fn reachable_from(s: &Scenario, from: &[usize]) -> HashSet<usize> {
    let mut seen: HashSet<usize> = from.iter().copied().collect();
    let mut stack = from.to_vec();
    while let Some(i) = stack.pop() {
        for j in successors(s, i) {
            if seen.insert(j) {
                stack.push(j);
            }
        }
    }
    seen
}

/// Client turns on the longest path without repeating a node.
fn longest_path(s: &Scenario, at: usize, on_path: &mut Vec<bool>) -> usize {
    if matches!(s.node(at), Node::Ending(_)) {
        return 0;
    }
    on_path[at] = true;
    let mut best = 0;
    let mut next: Vec<usize> = successors(s, at);
    next.sort();
    next.dedup();
    for j in next {
        if !on_path[j] {
            best = best.max(longest_path(s, j, on_path));
        }
    }
    on_path[at] = false;
    best + 1
}

#[test]
fn the_library_spans_difficulties_and_rupture_kinds() {
    let lib = library();
    assert!(
        lib.len() >= 8,
        "the library has {} scenarios; it needs at least 8",
        lib.len()
    );
    let levels: BTreeSet<Difficulty> = lib.iter().map(|(_, s)| s.difficulty).collect();
    assert_eq!(levels.len(), 3, "all three difficulty levels: {levels:?}");
    let kinds: BTreeSet<RuptureKind> = lib.iter().flat_map(|(_, s)| s.ruptures.clone()).collect();
    assert_eq!(
        kinds.len(),
        2,
        "both withdrawal and confrontation: {kinds:?}"
    );
}

/// Every shipped client is drawn as themselves: each scenario says how its
/// client looks, and no two clients look alike.
#[test]
fn every_client_has_an_appearance_of_their_own() {
    let lib = library();
    let mut looks = Vec::new();
    for (path, s) in &lib {
        assert!(
            s.client.appearance.is_some(),
            "{} has no `appearance`",
            path.display()
        );
        looks.push((path, Look::of(&s.client)));
    }
    for (i, (a, la)) in looks.iter().enumerate() {
        for (b, lb) in &looks[i + 1..] {
            assert_ne!(la, lb, "{} and {} look the same", a.display(), b.display());
        }
    }
    // The ones the premise or the client's heritage speak to.
    let look = |id: &str| {
        let (_, s) = lib.iter().find(|(_, s)| s.id == id).unwrap();
        Look::of(&s.client)
    };
    assert_eq!(look("i-dont-know").head_covering, Some(HeadCovering::Hood));
    let danny = look("smiling-loss");
    assert_eq!(danny.skin, SkinTone::Deep);
    assert!(!danny.hair_style.has_length() || danny.hair_length == HairLength::Short);
}

#[test]
fn every_scenario_keeps_the_authoring_rules() {
    for (path, s) in library() {
        let name = path.display().to_string();
        assert_eq!(
            path.file_stem().unwrap().to_string_lossy(),
            s.id,
            "{name}: file name and id differ"
        );

        // Endings: at least three, at least one not fully repaired.
        let endings: Vec<_> = s.endings().collect();
        assert!(endings.len() >= 3, "{name}: {} endings", endings.len());
        assert!(
            endings.iter().any(|e| e.kind != EndingKind::Repaired),
            "{name}: every ending is fully repaired"
        );
        let kinds: HashSet<EndingKind> = endings.iter().map(|e| e.kind).collect();
        assert!(kinds.len() >= 2, "{name}: all endings are of one kind");

        // Rupture turns: tagged, three or more options, two good ones that
        // are good in different ways, and a plausible misstep.
        let mut rupture_turns = 0;
        for t in s.turns() {
            let Some(m) = &t.marker else { continue };
            rupture_turns += 1;
            assert!((1..=5).contains(&m.salience));
            let here = format!("{name}: rupture turn `{}`", t.id);
            assert!(
                t.options.len() >= 3,
                "{here} has {} options",
                t.options.len()
            );
            let good: Vec<_> = t.options.iter().filter(|o| o.attunement >= 4).collect();
            assert!(good.len() >= 2, "{here} has {} good options", good.len());
            let ways: HashSet<_> = good.iter().map(|o| o.strategy).collect();
            assert!(
                ways.len() >= 2,
                "{here}: its good options all use one strategy"
            );
            assert!(
                t.options.iter().any(|o| o.is_misstep()),
                "{here} offers no plausible misstep"
            );
        }
        assert!(
            rupture_turns >= 2,
            "{name}: only {rupture_turns} rupture turns"
        );

        // Silence, seeded reactions, check-ins, conditions.
        let options: Vec<_> = s.turns().flat_map(|t| t.options.iter()).collect();
        assert!(
            options.iter().any(|o| o.kind == OptionKind::Silence),
            "{name}: no silence option"
        );
        let branching = options
            .iter()
            .filter(|o| matches!(o.next, attune::model::Next::Branch(_)))
            .count();
        assert!(
            branching >= 2,
            "{name}: {branching} options with weighted reactions"
        );
        assert!(
            s.turns().any(|t| t.checkin.is_some()),
            "{name}: no check-in"
        );
        assert!(
            options.iter().all(|o| !o.rationale.trim().is_empty()),
            "{name}: an option has no rationale"
        );

        // Length of the longest path, in client turns.
        let longest = longest_path(&s, s.start, &mut vec![false; s.nodes.len()]);
        assert!(
            (7..=16).contains(&longest),
            "{name}: the longest path has {longest} client turns (aim for 8-15)"
        );

        // A misstep can be followed by a repair, and that path can end well.
        let good_end = |i: usize| {
            matches!(s.node(i), Node::Ending(e)
                if matches!(e.kind, EndingKind::Repaired | EndingKind::PartiallyRepaired))
        };
        let repair_possible = s.turns().flat_map(|t| t.options.iter()).any(|o| {
            o.is_misstep()
                && reachable_from(&s, &o.next.targets())
                    .into_iter()
                    .any(|n| match s.node(n) {
                        Node::Turn(t) => t.options.iter().any(|r| {
                            r.ownership.is_some_and(|x| x >= 4)
                                && reachable_from(&s, &r.next.targets())
                                    .into_iter()
                                    .any(good_end)
                        }),
                        Node::Ending(_) => false,
                    })
        });
        assert!(
            repair_possible,
            "{name}: no misstep can be followed by a repair that ends well"
        );
    }
}

/// Answer-length bias: across the library the best-scored option must not
/// simply be the longest, and missteps must be both longest and shortest
/// somewhere.
#[test]
fn option_length_does_not_give_the_answer_away() {
    let lib = library();
    let mut rupture_turns = 0;
    let mut best_is_longest = 0;
    let mut misstep_longest = 0;
    let mut misstep_shortest = 0;
    for (_, s) in &lib {
        for t in s.turns().filter(|t| t.marker.is_some()) {
            rupture_turns += 1;
            let len = |o: &attune::model::Choice| o.says.chars().count();
            let longest = t.options.iter().map(len).max().unwrap();
            let shortest = t.options.iter().map(len).min().unwrap();
            let best = t.options.iter().map(|o| o.attunement).max().unwrap();
            if t.options
                .iter()
                .filter(|o| len(o) == longest)
                .all(|o| o.attunement == best)
            {
                best_is_longest += 1;
            }
            if t.options
                .iter()
                .any(|o| o.is_misstep() && len(o) == longest)
            {
                misstep_longest += 1;
            }
            if t.options
                .iter()
                .any(|o| o.is_misstep() && len(o) == shortest)
            {
                misstep_shortest += 1;
            }
        }
    }
    assert!(rupture_turns > 0);
    let share = best_is_longest as f64 / rupture_turns as f64;
    assert!(
        share <= 0.6,
        "the longest option is the best-scored at {best_is_longest} of {rupture_turns} rupture turns"
    );
    assert!(
        misstep_longest >= 3,
        "a misstep is the longest option at only {misstep_longest} turns"
    );
    assert!(
        misstep_shortest >= 3,
        "a misstep is the shortest option at only {misstep_shortest} turns"
    );
}

/// Random playthroughs over many seeds reach every ending of every
/// scenario and never get stuck.
#[test]
fn random_playthroughs_reach_every_ending_and_never_stick() {
    for (path, s) in library() {
        let s = Arc::new(s);
        let all: HashSet<String> = s.endings().map(|e| e.id.clone()).collect();
        let mut reached = HashSet::new();
        let mut pick = ChaCha8Rng::seed_from_u64(99);
        for seed in 0..3000 {
            let mut session = Session::new(Arc::clone(&s), seed);
            let mut steps = 0;
            while !session.is_ended() {
                let offered = session.offered();
                assert!(
                    !offered.is_empty(),
                    "{}: stuck at `{}`",
                    path.display(),
                    session.current_node().id()
                );
                let k = (pick.next_u32() as usize) % offered.len();
                let id = offered.at(k).id.to_owned();
                session.choose(&id, 0).unwrap();
                steps += 1;
                assert!(steps < 200, "{}: seed {seed} never ends", path.display());
            }
            reached.insert(session.current_node().id().to_owned());
            if reached == all {
                break;
            }
        }
        let missing: Vec<_> = all.difference(&reached).collect();
        assert!(
            missing.is_empty(),
            "{}: endings never reached: {missing:?}",
            path.display()
        );
    }
}
