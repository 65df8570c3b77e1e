//! The session engine and scoring through the public API: determinism,
//! shuffling, conditions, and the rule that scores depend on the chosen
//! options only, never on the client's (random) reaction.

use std::path::Path;
use std::sync::Arc;

use attune::engine::{Event, Session};
use attune::load::load_file;
use attune::model::Scenario;

fn mini() -> Arc<Scenario> {
    let loaded = load_file(Path::new("tests/fixtures/mini.ron"));
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    Arc::new(loaded.scenario.expect("the fixture is valid"))
}

fn drain(s: &Session) -> Vec<Event<'_>> {
    std::iter::from_fn(|| s.poll()).collect()
}

#[test]
fn a_session_emits_client_line_check_in_and_options_then_waits() {
    let s = Session::new(mini(), 1);
    let events = drain(&s);
    assert!(matches!(&events[0], Event::ClientSays { node, .. } if *node == "quiet"));
    assert!(matches!(&events[1], Event::CheckIn(c) if c.suggestions.len() == 2));
    let Event::Options(opts) = &events[2] else {
        panic!("{events:?}")
    };
    let mut ids: Vec<&str> = opts.ids().collect();
    ids.sort();
    assert_eq!(ids, ["agenda", "notice", "pause"]);
    assert_eq!(s.poll(), None, "the engine waits for a choice");
}

#[test]
fn same_seed_and_choices_give_the_same_session() {
    for seed in 0..20 {
        let run = || {
            let mut s = Session::new(mini(), seed);
            s.choose("notice", 10).unwrap();
            let reached = s.current_node().id().to_owned();
            let offered: Vec<String> = s.offered().ids().map(str::to_owned).collect();
            (reached, offered, s.state().to_map())
        };
        assert_eq!(run(), run(), "seed {seed}");
    }
}

#[test]
fn option_order_is_shuffled_per_seed_but_stable_within_a_session() {
    let orders: std::collections::HashSet<Vec<String>> = (0..30)
        .map(|seed| {
            Session::new(mini(), seed)
                .offered()
                .ids()
                .map(str::to_owned)
                .collect()
        })
        .collect();
    assert!(orders.len() > 1, "the order should vary across seeds");
    let s = Session::new(mini(), 5);
    assert_eq!(s.offered(), s.offered());
    let events = s.current_events();
    let Some(Event::Options(shown)) = events.last() else {
        panic!()
    };
    assert_eq!(*shown, s.offered());
}

#[test]
fn weighted_branches_take_both_reactions_across_seeds() {
    let reached: std::collections::HashSet<String> = (0..40)
        .map(|seed| {
            let mut s = Session::new(mini(), seed);
            s.choose("notice", 0).unwrap();
            s.current_node().id().to_owned()
        })
        .collect();
    assert_eq!(reached.len(), 2, "{reached:?}");
}

#[test]
fn conditions_gate_options_on_client_state() {
    // `press` needs tension >= 5; `agenda` raises tension from 3 to 5.
    let mut s = Session::new(mini(), 1);
    s.choose("agenda", 0).unwrap();
    assert!(s.offered().iter().any(|o| o.id == "press"));
    let mut calm = Session::new(mini(), 1);
    while calm.current_node().id() != "shrug" {
        calm = Session::new(mini(), calm.seed() + 1);
        calm.choose("pause", 0).unwrap();
    }
    assert!(!calm.offered().iter().any(|o| o.id == "press"));
    let err = calm.choose("press", 0).unwrap_err();
    assert!(err.to_string().contains("not offered"), "{err}");
}

#[test]
fn choosing_after_the_end_is_an_error() {
    let mut s = Session::new(mini(), 1);
    s.choose("agenda", 0).unwrap();
    s.choose("reassure", 0).unwrap();
    assert!(s.is_ended());
    assert!(s.choose("reassure", 0).is_err());
}

/// The core rule: the same choices score the same whichever reaction the
/// seeded client had. `notice` branches to `opens` or `shrug`; both offer
/// an option `stay`/`own-it` path that we follow with equal rubric.
#[test]
fn scores_depend_on_choices_not_on_the_client_reaction() {
    let mut by_reaction = std::collections::HashMap::new();
    for seed in 0..60 {
        let mut s = Session::new(mini(), seed);
        s.choose("notice", 1000).unwrap();
        let reaction = s.current_node().id().to_owned();
        let p = s.profile();
        by_reaction.entry(reaction).or_insert(p);
    }
    let opens = &by_reaction["opens"];
    let shrug = &by_reaction["shrug"];
    // Same option, different reaction: identical turn scores and profile.
    assert_eq!(opens, shrug);
    assert_eq!(opens.turns[0].attunement, 5);
    assert_eq!(opens.turns[0].ownership, Some(4));

    // Longer paths: after the reaction, the same later option gives the
    // same score for that turn too.
    let mut seen = Vec::new();
    for seed in 0..60 {
        let mut s = Session::new(mini(), seed);
        s.choose("pause", 0).unwrap();
        let went = s.current_node().id().to_owned();
        let next = if went == "opens" { "stay" } else { "own-it" };
        s.choose(next, 0).unwrap();
        seen.push((went, s.profile().turns[0].clone()));
    }
    let first_turns: std::collections::HashSet<String> =
        seen.iter().map(|(_, t)| format!("{t:?}")).collect();
    assert_eq!(
        first_turns.len(),
        1,
        "turn 1 must score the same on every path"
    );
    assert!(seen.iter().any(|(w, _)| w == "opens") && seen.iter().any(|(w, _)| w == "shrug"));
}

#[test]
fn a_misstep_followed_by_ownership_is_credited_as_a_repair() {
    let mut s = Session::new(mini(), 1);
    s.choose("agenda", 0).unwrap(); // attunement 1: a misstep
    s.choose("own-it", 0).unwrap(); // ownership 5
    let p = s.profile();
    assert_eq!(p.missteps, vec![1]);
    assert_eq!(p.repairs.len(), 1);
    assert_eq!((p.repairs[0].misstep, p.repairs[0].repair), (1, 2));
    assert!(p.unrepaired().is_empty());
    assert_eq!(p.markers_noticed, 1);
    assert_eq!(p.rupture_turns, 2);
    let text = attune::scoring::feedback(&p).join("\n");
    assert!(
        text.contains("at turn 2 you came back and owned your part"),
        "{text}"
    );
}

/// The example in the crate's documentation (src/lib.rs), as written there.
#[test]
fn the_example_in_the_crate_docs() {
    use attune::engine::Event;
    let loaded = attune::load::load_file(std::path::Path::new("scenarios/doctora.ron"));
    let scenario = std::sync::Arc::new(loaded.scenario.expect("the shipped scenario is valid"));
    let mut session = attune::engine::Session::new(scenario, 42);
    while !session.is_ended() {
        while let Some(event) = session.poll() {
            if let Event::ClientSays { line, .. } = event {
                assert!(!line.is_empty());
            }
        }
        // Events and options borrow the scenario's texts: copy the id to
        // choose by it, or choose by the option's index.
        let first = session.offered().at(0).id.to_owned();
        session.choose(&first, 1_500).unwrap();
    }
    let profile = session.profile();
    assert_eq!(profile.turns.len(), session.turns().len());
}

#[test]
fn offered_options_and_turn_records_point_into_the_scenario() {
    let s = mini();
    let mut session = Session::new(Arc::clone(&s), 3);
    let offered = session.offered();
    let turn = session.current_turn().unwrap();
    assert_eq!(offered.indices(), session.offered_indices());
    for (n, o) in offered.iter().enumerate() {
        assert_eq!(o.number, n + 1);
        let c = &turn.options[o.index];
        assert_eq!((o.id, o.label, o.says), (&*c.id, &*c.label, &*c.says));
        // The texts are the scenario's own, not copies.
        assert!(std::ptr::eq(o.id, c.id.as_str()));
        assert_eq!(offered.find(o.id), Some(o));
    }
    assert_eq!(offered.find("no-such-option"), None);
    assert_eq!(offered.get(offered.len()), None);
    let agenda = offered.find("agenda").unwrap().index;
    assert!(session.choose_at(agenda, 250));
    let rec = &session.turns()[0];
    assert_eq!(rec.node_id(&s), "quiet");
    assert_eq!(rec.option_id(&s), "agenda");
    assert_eq!(rec.choice(&s).id, "agenda");
    assert_eq!(rec.reaction_id(&s), session.current_node().id());
    assert_eq!(rec.latency_ms, 250);
    assert!(
        !session.choose_at(agenda + 100, 0),
        "not offered, not played"
    );
}
