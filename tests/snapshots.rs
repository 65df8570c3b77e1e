//! Golden tests of what users read: diagnostics for each kind of bad file,
//! and the transcript and debrief of a played session.

use std::path::Path;
use std::sync::Arc;

use attune::diag::render;
use attune::engine::Session;
use attune::load::load_file;
use attune::player::{RunOptions, Scripted, render_debrief, render_header, run};

#[test]
fn diagnostics_for_each_bad_file() {
    let mut names: Vec<_> = std::fs::read_dir("tests/fixtures/bad")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for path in names {
        let loaded = load_file(&path);
        assert!(
            !loaded.diagnostics.is_empty(),
            "{} has no diagnostic",
            path.display()
        );
        let has_error = loaded.diagnostics.iter().any(|d| d.is_error());
        // A file with errors never loads; one with only warnings does.
        assert_eq!(loaded.scenario.is_none(), has_error, "{}", path.display());
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        insta::assert_snapshot!(format!("diag-{name}"), render(&loaded.diagnostics));
    }
}

#[test]
fn transcript_and_debrief_of_a_session() {
    let scenario = Arc::new(
        load_file(Path::new("tests/fixtures/mini.ron"))
            .scenario
            .unwrap(),
    );
    let mut session = Session::new(scenario.clone(), 9);
    let mut out = Vec::new();
    render_header(&mut out, 80, &scenario, 9, Some("Staying with silence")).unwrap();
    let turns = ["agenda", "own-it", "stay"]
        .iter()
        .map(|id| attune::log::LoggedTurn {
            node: String::new(),
            option: id.to_string(),
            latency_ms: 1500,
            inner_note: (*id == "agenda").then(|| "An urge to fill the gap".to_owned()),
            own_words: None,
            reaction: String::new(),
            at: String::new(),
            scenario_hash: None,
        })
        .collect();
    let mut script = Scripted { turns, then: None };
    run(
        &mut session,
        &mut script,
        &mut out,
        &RunOptions::default(),
        &mut |_| Ok(()),
    )
    .unwrap();
    assert!(session.is_ended());
    render_debrief(&mut out, 80, &session, Some("Staying with silence")).unwrap();
    insta::assert_snapshot!("mini-transcript", String::from_utf8(out).unwrap());
}
