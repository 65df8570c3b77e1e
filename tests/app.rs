//! Headless tests of the app: its screens and logic run with
//! `MinimalPlugins` and `app.update()`, without a window or renderer.
#![cfg(feature = "gui")]

use std::path::{Path, PathBuf};

use attune::app::action::{Act, Action};
use attune::app::classroom::{Classroom, Stage};
use attune::app::figure::Figure;
use attune::app::practice::{Config, Library, Practice};
use attune::app::screens::Screen;
use attune::debrief::Debrief;
use attune::format::{HeadCovering, SkinTone};
use attune::log::SessionLog;
use bevy::input::InputPlugin;
use bevy::input::keyboard::Key;
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;

fn config(log_dir: &Path) -> Config {
    Config {
        library: vec![PathBuf::from("tests/fixtures/mini.ron")],
        log_dir: Some(log_dir.to_path_buf()),
        seed: Some(7),
        instant_text: true,
        watch: None,
        offer_resume: true,
        prefs: None,
    }
}

fn app(log_dir: &Path) -> App {
    app_with(config(log_dir))
}

fn app_with(config: Config) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin, InputPlugin));
    app.insert_resource(attune::app::load_library(&config));
    app.insert_resource(config);
    app.add_plugins(attune::app::plugin);
    app.update();
    app
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

/// Take an action and let the app settle (a screen change takes a frame).
/// Saves run on a thread of their own; the test waits for them, as the
/// app does before it exits.
fn act(app: &mut App, action: Action) {
    app.world_mut().write_message(Act(action));
    app.update();
    app.update();
    app.world_mut().resource_mut::<Practice>().flush_saves();
}

fn practice(app: &App) -> &Practice {
    app.world().resource::<Practice>()
}

fn logs(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    v.retain(|p| p.extension().is_some_and(|x| x == "ron"));
    v.sort();
    v
}

/// Choose the first option offered until the session ends.
fn play_to_the_end(app: &mut App) {
    for _ in 0..20 {
        if practice(app).is_ended() {
            break;
        }
        let id = practice(app).view.options[0].id.clone();
        act(app, Action::Choose(id));
    }
}

#[test]
fn the_picker_shows_the_library_and_opens_a_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    assert_eq!(screen(&app), Screen::Picker);
    assert_eq!(app.world().resource::<Library>().scenarios.len(), 1);
    // A picker card for the scenario exists on screen.
    let mut actions = app.world_mut().query::<&Action>();
    assert!(actions.iter(app.world()).any(|a| *a == Action::Open(0)));
    act(&mut app, Action::Open(0));
    assert_eq!(screen(&app), Screen::Before);
    assert_eq!(practice(&app).seed, 7);
    // Nothing is logged before the session begins.
    assert!(logs(dir.path()).is_empty());
}

#[test]
fn before_sets_the_goal_and_scores_then_begins() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    act(&mut app, Action::Open(0));
    assert!(
        !practice(&app).show_scores,
        "live scores are off by default"
    );
    act(&mut app, Action::Goal(1));
    assert_eq!(practice(&app).goal.as_deref(), Some("Staying with silence"));
    act(&mut app, Action::ToggleScores);
    assert!(practice(&app).show_scores);
    act(&mut app, Action::Begin);
    assert_eq!(screen(&app), Screen::Session);
    let files = logs(dir.path());
    assert_eq!(files.len(), 1, "the log is written as the session starts");
    let log = SessionLog::load(&files[0]).unwrap();
    assert_eq!(log.learning_goal.as_deref(), Some("Staying with silence"));
    assert!(log.show_live_scores);
    assert!(log.turns.is_empty());
}

#[test]
fn choosing_an_option_advances_the_engine_and_saves_the_turn() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    act(&mut app, Action::Open(0));
    act(&mut app, Action::Begin);
    let first = practice(&app).view.clone();
    assert_eq!(first.number, 1);
    assert_eq!(first.line, "Fine. Nothing to report.");
    assert!(first.checkin.is_some());
    // The options are on screen as buttons.
    let ids: Vec<String> = first.options.iter().map(|o| o.id.clone()).collect();
    let mut actions = app.world_mut().query::<&Action>();
    for id in &ids {
        assert!(
            actions
                .iter(app.world())
                .any(|a| *a == Action::Choose(id.clone())),
            "no button for option {id}"
        );
    }
    act(&mut app, Action::Note(0));
    let agenda = "agenda".to_owned();
    act(&mut app, Action::Choose(agenda));
    assert_eq!(screen(&app), Screen::Session);
    let p = practice(&app);
    let session = p.session.as_ref().unwrap();
    assert_eq!(session.turns().len(), 1);
    assert_eq!(session.turns()[0].option_id(session.scenario()), "agenda");
    assert_eq!(p.view.number, 2);
    assert_ne!(p.view.line, first.line);
    let log = SessionLog::load(&logs(dir.path())[0]).unwrap();
    assert_eq!(log.turns.len(), 1);
    assert_eq!(log.turns[0].option, "agenda");
    assert_eq!(
        log.turns[0].inner_note.as_deref(),
        Some("An urge to fill the gap")
    );
}

#[test]
fn the_session_ends_in_the_debrief_and_the_rating_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    act(&mut app, Action::Open(0));
    act(&mut app, Action::Begin);
    play_to_the_end(&mut app);
    assert_eq!(screen(&app), Screen::Debrief);
    assert!(practice(&app).view.ending.is_some());
    act(&mut app, Action::Rate(6));
    let log = SessionLog::load(&logs(dir.path())[0]).unwrap();
    assert!(log.is_finished());
    assert!(log.profile.is_some());
    assert_eq!(log.difficulty_rating, Some(6));
    // Try again: a new session of the same scenario with a new seed.
    let seed = practice(&app).seed;
    act(&mut app, Action::TryAgain);
    assert_eq!(screen(&app), Screen::Session);
    assert_eq!(practice(&app).view.number, 1);
    assert_ne!(practice(&app).seed, seed);
    act(&mut app, Action::Back);
    assert_eq!(screen(&app), Screen::Picker);
}

#[test]
fn a_paused_session_is_offered_for_resume_and_ends_like_an_uninterrupted_one() {
    // Uninterrupted.
    let whole = tempfile::tempdir().unwrap();
    let mut app1 = app(whole.path());
    act(&mut app1, Action::Open(0));
    act(&mut app1, Action::Begin);
    play_to_the_end(&mut app1);
    let uninterrupted = SessionLog::load(&logs(whole.path())[0]).unwrap();

    // Interrupted after one turn, then resumed in a new app.
    let split = tempfile::tempdir().unwrap();
    let mut app2 = app(split.path());
    act(&mut app2, Action::Open(0));
    act(&mut app2, Action::Begin);
    let id = practice(&app2).view.options[0].id.clone();
    act(&mut app2, Action::Choose(id));
    act(&mut app2, Action::Back);
    assert_eq!(screen(&app2), Screen::Picker);
    drop(app2);

    let mut app3 = app(split.path());
    assert_eq!(app3.world().resource::<Library>().unfinished.len(), 1);
    act(&mut app3, Action::Resume(0));
    assert_eq!(screen(&app3), Screen::Session);
    assert_eq!(practice(&app3).view.number, 2);
    play_to_the_end(&mut app3);
    assert_eq!(screen(&app3), Screen::Debrief);
    let resumed = SessionLog::load(&logs(split.path())[0]).unwrap();

    let strip = |l: &SessionLog| {
        let turns: Vec<(String, String, String)> = l
            .turns
            .iter()
            .map(|t| (t.node.clone(), t.option.clone(), t.reaction.clone()))
            .collect();
        (
            turns,
            l.ending.clone(),
            l.profile.clone().map(|mut p| {
                for t in &mut p.turns {
                    t.latency_ms = 0;
                }
                p.median_latency_ms = None;
                p
            }),
        )
    };
    assert_eq!(strip(&resumed), strip(&uninterrupted));
    // Once finished, it is no longer offered.
    let mut app4 = app(split.path());
    assert!(app4.world().resource::<Library>().unfinished.is_empty());
    app4.update();
}

#[test]
fn author_mode_reloads_a_saved_scenario_and_shows_its_errors() {
    let scenarios = tempfile::tempdir().unwrap();
    let logs_dir = tempfile::tempdir().unwrap();
    let file = scenarios.path().join("mini.ron");
    let text = std::fs::read_to_string("tests/fixtures/mini.ron").unwrap();
    std::fs::write(&file, &text).unwrap();
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin, InputPlugin));
    let config = Config {
        library: vec![scenarios.path().to_path_buf()],
        watch: Some(scenarios.path().to_path_buf()),
        ..config(logs_dir.path())
    };
    app.insert_resource(attune::app::load_library(&config));
    app.insert_resource(config);
    app.add_plugins(attune::app::plugin);
    app.update();
    act(&mut app, Action::Open(0));
    act(&mut app, Action::Begin);
    let id = practice(&app).view.options[0].id.clone();
    act(&mut app, Action::Choose(id));
    assert_eq!(practice(&app).view.number, 2);
    let wait = || std::thread::sleep(std::time::Duration::from_millis(350));

    // A change that keeps the turns so far: the session carries on.
    let edited = text.replace(
        "A client goes quiet after a missed session.",
        "A client goes quiet after a session was missed.",
    );
    std::fs::write(&file, &edited).unwrap();
    wait();
    app.update();
    app.update();
    let notice = app.world().resource::<Library>().notice.clone().unwrap();
    assert!(notice.contains("carried on at turn 2"), "{notice}");
    let p = practice(&app);
    assert_eq!(p.view.number, 2);
    assert_eq!(
        p.scenario.as_ref().unwrap().premise,
        "A client goes quiet after a session was missed."
    );

    // A change to how the client looks: the figure is drawn anew with it.
    let dressed = edited.replace(
        "concern: \"Low mood since a move.\",",
        "concern: \"Low mood since a move.\", appearance: (glasses: true),",
    );
    assert_ne!(dressed, edited);
    std::fs::write(&file, &dressed).unwrap();
    wait();
    app.update();
    app.update();
    app.update();
    let p = practice(&app);
    assert_eq!(p.view.number, 2);
    assert!(p.scenario.as_ref().unwrap().client.appearance.is_some());
    let mut figures = app.world_mut().query::<&Figure>();
    let looks: Vec<bool> = figures.iter(app.world()).map(|f| f.look.glasses).collect();
    assert_eq!(looks, [true]);

    // A broken file: its diagnostics are shown, the session goes on.
    std::fs::write(&file, "Scenario(format: 1, id: \"mini\",").unwrap();
    wait();
    app.update();
    app.update();
    let library = app.world().resource::<Library>();
    assert!(!library.errors().is_empty());
    assert!(library.notice.as_deref().unwrap().contains("has errors"));
    assert_eq!(screen(&app), Screen::Session);
    app.update();
    let mut names = app.world_mut().query::<&Name>();
    assert!(
        names
            .iter(app.world())
            .any(|n| n.as_str() == "Author panel")
    );
}

#[test]
fn a_session_open_in_one_app_is_not_resumed_in_another() {
    let dir = tempfile::tempdir().unwrap();
    let library = Library::load(&[PathBuf::from("tests/fixtures/mini.ron")]);
    let scenario = library.scenarios[0].clone();
    let mut first = Practice::default();
    first.prepare(scenario.clone(), 7);
    first.begin(Some(dir.path()));
    first.flush_saves();
    assert!(first.save_error.is_none(), "{:?}", first.save_error);
    let path = first.log_path.clone().unwrap();
    let unfinished = attune::app::practice::Unfinished {
        path: path.clone(),
        log: SessionLog::load(&path).unwrap(),
        scenario,
    };
    // Another app (or `attune resume`) is refused while it is open...
    let mut second = Practice::default();
    let Err(refused) = second.resume(&unfinished) else {
        panic!("refused while open");
    };
    assert!(
        refused.message.contains("open in another window"),
        "{}",
        refused.message
    );
    // ...but the app that has it open may pick it up again.
    assert!(first.resume(&unfinished).is_ok());
    assert!(second.resume(&unfinished).is_err());
    drop(first);
    assert!(second.resume(&unfinished).is_ok());
}

/// Every text on screen, spans included.
fn texts(app: &mut App) -> Vec<String> {
    let mut shown: Vec<String> = app
        .world_mut()
        .query::<&Text>()
        .iter(app.world())
        .map(|t| t.0.clone())
        .collect();
    shown.extend(
        app.world_mut()
            .query::<&TextSpan>()
            .iter(app.world())
            .map(|t| t.0.clone()),
    );
    shown
}

fn buttons(app: &mut App) -> Vec<Action> {
    app.world_mut()
        .query::<&Action>()
        .iter(app.world())
        .cloned()
        .collect()
}

/// Press and release a key, as the keyboard would, and let the app settle.
fn press(app: &mut App, code: KeyCode, key: Key) {
    use bevy::input::ButtonState;
    use bevy::input::keyboard::KeyboardInput;
    for state in [ButtonState::Pressed, ButtonState::Released] {
        app.world_mut().write_message(KeyboardInput {
            key_code: code,
            logical_key: key.clone(),
            state,
            text: None,
            repeat: false,
            window: Entity::PLACEHOLDER,
        });
        app.update();
    }
    app.update();
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        let code = match c.to_ascii_lowercase() {
            'a' => KeyCode::KeyA,
            'c' => KeyCode::KeyC,
            'n' => KeyCode::KeyN,
            'r' => KeyCode::KeyR,
            ' ' => KeyCode::Space,
            _ => KeyCode::KeyZ,
        };
        let key = if c == ' ' {
            Key::Space
        } else {
            Key::Character(c.to_string().into())
        };
        press(app, code, key);
    }
}

#[test]
fn the_debrief_shows_the_same_observations_as_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    act(&mut app, Action::Open(0));
    act(&mut app, Action::Goal(1));
    act(&mut app, Action::Begin);
    act(&mut app, Action::Note(0));
    act(&mut app, Action::Choose("agenda".into()));
    play_to_the_end(&mut app);
    assert_eq!(screen(&app), Screen::Debrief);
    let p = practice(&app);
    let d = Debrief::of(p.session.as_ref().unwrap(), p.goal.as_deref());
    assert!(d.observations.len() >= 2, "{:?}", d.observations);
    let shown = texts(&mut app);
    for o in &d.observations {
        assert!(shown.contains(o), "not on the debrief screen: {o}");
    }
    assert!(shown.contains(&d.goal_text().unwrap()));
    for t in &d.turns {
        let chose = format!("You chose: {}", t.chose.label);
        assert!(shown.contains(&chose), "not on screen: {chose}");
        if let Some(label) = t.flag.label() {
            assert!(shown.iter().any(|s| s == label), "no flag: {label}");
        }
    }
}

#[test]
fn the_name_typed_on_the_picker_is_remembered_and_logged() {
    let dir = tempfile::tempdir().unwrap();
    let prefs = dir.path().join("config").join("prefs.ron");
    let mut config = config(dir.path());
    config.prefs = Some(prefs.clone());
    let mut app = app_with(config);
    act(&mut app, Action::TypeName);
    // C opens the classroom and R resumes, but not while typing a name.
    type_text(&mut app, "Ana Cruz");
    assert_eq!(screen(&app), Screen::Picker);
    press(&mut app, KeyCode::Enter, Key::Enter);
    assert_eq!(screen(&app), Screen::Picker, "Enter ends typing only");
    assert_eq!(practice(&app).trainee.as_deref(), Some("Ana Cruz"));
    assert_eq!(
        attune::prefs::Prefs::load(&prefs).trainee.as_deref(),
        Some("Ana Cruz")
    );
    act(&mut app, Action::Open(0));
    act(&mut app, Action::Begin);
    let log = SessionLog::load(&logs(dir.path())[0]).unwrap();
    assert_eq!(log.trainee.as_deref(), Some("Ana Cruz"));
    // A name typed and left without Enter is kept too.
    act(&mut app, Action::Back);
    act(&mut app, Action::TypeName);
    type_text(&mut app, "n");
    act(&mut app, Action::Open(0));
    assert_eq!(
        attune::prefs::Prefs::load(&prefs).trainee.as_deref(),
        Some("Ana Cruzn")
    );
    // Now the shortcut works again.
    act(&mut app, Action::Back);
    assert_eq!(screen(&app), Screen::Picker);
    assert!(
        !app.world()
            .resource::<attune::app::screens::picker::NameField>()
            .active
    );
    press(&mut app, KeyCode::KeyC, Key::Character("c".into()));
    assert_eq!(screen(&app), Screen::Classroom);
}

/// Finished sessions of the test scenario, one log each, played with
/// these option ids.
fn cohort(dir: &Path, paths: &[&[&str]]) {
    let scenario = std::sync::Arc::new(
        attune::load::load_file(Path::new("tests/fixtures/mini.ron"))
            .scenario
            .unwrap(),
    );
    for (i, path) in paths.iter().enumerate() {
        let seed = i as u64 + 1;
        let mut session = attune::engine::Session::new(scenario.clone(), seed);
        for option in *path {
            session.choose(option, 500).unwrap();
        }
        let mut log = SessionLog::start(&scenario, seed, None);
        log.trainee = Some(format!("Trainee{i}"));
        log.sync(&session);
        log.save(&dir.join(format!("s{i}.ron"))).unwrap();
    }
}

fn classroom(app: &App) -> &Classroom {
    app.world().resource::<Classroom>()
}

/// The client turn the classroom shows.
fn shown_node(app: &App) -> String {
    classroom(app)
        .shown()
        .and_then(|s| s.moment)
        .map(|m| m.node)
        .unwrap_or_default()
}

#[test]
fn the_classroom_steps_pauses_reveals_tries_and_returns() {
    let dir = tempfile::tempdir().unwrap();
    cohort(
        dir.path(),
        &[
            &["agenda", "own-it", "stay"],
            &["agenda", "reassure"],
            &["agenda", "press"],
        ],
    );
    let mut app = app(dir.path());
    act(&mut app, Action::Classroom);
    assert_eq!(screen(&app), Screen::Classroom);
    assert_eq!(classroom(&app).report.as_ref().unwrap().sessions, 3);
    act(&mut app, Action::ClassStart);
    let c = classroom(&app);
    assert!(c.stepping);
    assert_eq!(c.stops.len(), 3);
    assert_eq!((c.at, c.stage), (0, Stage::Pause));
    // Paused: the question, and no options.
    assert!(texts(&mut app).contains(&"What would you say here?".to_owned()));
    assert!(
        !buttons(&mut app)
            .iter()
            .any(|a| matches!(a, Action::Details(_)))
    );
    press(&mut app, KeyCode::KeyR, Key::Character("r".into()));
    assert_eq!(classroom(&app).stage, Stage::Options);
    let details = buttons(&mut app)
        .iter()
        .filter(|a| matches!(a, Action::Details(_)))
        .count();
    assert_eq!(details, 3, "one button per option");
    assert!(
        !texts(&mut app)
            .iter()
            .any(|t| t.starts_with("How the group answered"))
    );
    press(&mut app, KeyCode::KeyR, Key::Character("r".into()));
    assert_eq!(classroom(&app).stage, Stage::Answers);
    assert!(texts(&mut app).contains(&"How the group answered · 3 answers".to_owned()));
    // Everyone chose the agenda (the third option) at the first turn.
    assert_eq!(classroom(&app).shown().unwrap().answers, [0, 0, 3]);
    // Details of an option on demand (of one that exists).
    act(&mut app, Action::Details(9));
    assert_eq!(classroom(&app).details, None);
    act(&mut app, Action::Details(3));
    assert_eq!(classroom(&app).details, Some(3));
    assert!(
        texts(&mut app)
            .iter()
            .any(|t| t.starts_with("redirecting") || t.contains("attunement"))
    );
    // Stepping: the next turn opens paused.
    press(&mut app, KeyCode::Space, Key::Space);
    let c = classroom(&app);
    assert_eq!((c.at, c.stage, c.details), (1, Stage::Pause, None));
    assert_eq!(shown_node(&app), "shrug");
    press(&mut app, KeyCode::ArrowLeft, Key::ArrowLeft);
    assert_eq!(classroom(&app).at, 0);
    press(&mut app, KeyCode::ArrowRight, Key::ArrowRight);
    assert_eq!(classroom(&app).at, 1);
    // Rewind and try: at `shrug`, owning it (option 1) leads to `opens`.
    {
        use bevy::input::ButtonState;
        use bevy::input::keyboard::KeyboardInput;
        // Shift held while 1 is pressed.
        for (code, key, state) in [
            (KeyCode::ShiftLeft, Key::Shift, ButtonState::Pressed),
            (
                KeyCode::Digit1,
                Key::Character("!".into()),
                ButtonState::Pressed,
            ),
        ] {
            app.world_mut().write_message(KeyboardInput {
                key_code: code,
                logical_key: key,
                state,
                text: None,
                repeat: false,
                window: Entity::PLACEHOLDER,
            });
        }
        app.update();
        app.update();
        for (code, key) in [
            (KeyCode::Digit1, Key::Character("!".into())),
            (KeyCode::ShiftLeft, Key::Shift),
        ] {
            app.world_mut().write_message(KeyboardInput {
                key_code: code,
                logical_key: key,
                state: ButtonState::Released,
                text: None,
                repeat: false,
                window: Entity::PLACEHOLDER,
            });
        }
        app.update();
    }
    let c = classroom(&app);
    let what_if = c.what_if.as_ref().expect("a what-if session");
    assert_eq!(what_if.tried, ["Own the last session"]);
    assert_eq!(shown_node(&app), "opens");
    assert!(
        texts(&mut app)
            .iter()
            .any(|t| t.starts_with("What if: Own the last session"))
    );
    // One key back to the recorded turn.
    press(&mut app, KeyCode::Backspace, Key::Backspace);
    assert!(classroom(&app).what_if.is_none());
    assert_eq!(shown_node(&app), "shrug");
    // A what-if that ends shows the ending.
    act(&mut app, Action::Try(2));
    let c = classroom(&app);
    assert!(c.what_if.as_ref().unwrap().session.is_ended());
    assert!(c.shown().unwrap().ending.is_some());
    act(&mut app, Action::BackToPath);
    // Esc: back to choosing, then to the picker.
    press(&mut app, KeyCode::Escape, Key::Escape);
    assert!(!classroom(&app).stepping);
    press(&mut app, KeyCode::Escape, Key::Escape);
    assert_eq!(screen(&app), Screen::Picker);
}

#[test]
fn one_session_is_stepped_along_its_own_path() {
    let dir = tempfile::tempdir().unwrap();
    cohort(
        dir.path(),
        &[&["agenda", "own-it", "stay"], &["agenda", "reassure"]],
    );
    let mut app = app(dir.path());
    act(&mut app, Action::Classroom);
    let r = classroom(&app).scenario_report().unwrap();
    let long = r.trainees.iter().position(|t| t.turns == 3).unwrap();
    assert!(r.trainees[long].trainee.starts_with("Trainee "));
    act(&mut app, Action::ClassWhose(Some(long)));
    act(&mut app, Action::ClassStart);
    let stops: Vec<String> = classroom(&app)
        .stops
        .iter()
        .map(|s| s.node.clone())
        .collect();
    assert_eq!(stops, ["quiet", "shrug", "opens"]);
    act(&mut app, Action::RevealAnswers);
    let shown = classroom(&app).shown().unwrap();
    assert_eq!(shown.answers.iter().sum::<usize>(), 1);
    assert_eq!(shown.chosen.as_deref(), Some("agenda"));
    // Trying another road at the last turn branches from this session.
    act(&mut app, Action::NextTurn);
    act(&mut app, Action::NextTurn);
    act(&mut app, Action::Try(1));
    let c = classroom(&app);
    let w = c.what_if.as_ref().unwrap();
    assert_eq!(w.session.turns().len(), 3);
    assert_eq!(w.session.seed(), r_seed(&app, long));
}

fn r_seed(app: &App, i: usize) -> u64 {
    classroom(app).scenario_report().unwrap().trainees[i].seed
}

/// Saves run on a thread of their own; a save that fails there still
/// reaches the trainee, and a later one that works clears the message.
#[test]
fn a_background_save_that_fails_is_shown() {
    let dir = tempfile::tempdir().unwrap();
    let library = Library::load(&[PathBuf::from("tests/fixtures/mini.ron")]);
    let mut practice = Practice::default();
    practice.prepare(library.scenarios[0].clone(), 7);
    practice.begin(Some(dir.path()));
    practice.flush_saves();
    assert!(practice.save_error.is_none());
    // The log's place is taken by a folder: the next save cannot replace it.
    let path = practice.log_path.clone().unwrap();
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    let first = practice.view.options[0].id.clone();
    practice.choose(&first).unwrap();
    practice.flush_saves();
    let shown = practice.save_error.clone().expect("the failure is shown");
    assert!(shown.contains(&path.display().to_string()), "{shown}");
    // Once the folder is gone, the next turn is saved with every turn so far.
    std::fs::remove_dir(&path).unwrap();
    if let Some(next) = practice.view.options.first().map(|o| o.id.clone()) {
        practice.choose(&next).unwrap();
        practice.flush_saves();
        assert!(practice.save_error.is_none(), "{:?}", practice.save_error);
        assert_eq!(SessionLog::load(&path).unwrap().turns.len(), 2);
    }
}

/// Esc pauses instead of leaving: a pause screen over the session, which
/// Esc again (or "Carry on") closes; "Back to scenarios" leaves.
#[test]
fn escape_pauses_the_session_and_carries_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    act(&mut app, Action::Open(0));
    act(&mut app, Action::Begin);
    assert_eq!(screen(&app), Screen::Session);
    let pause_screens = |app: &mut App| {
        let mut names = app.world_mut().query::<&Name>();
        names
            .iter(app.world())
            .filter(|n| n.as_str() == "Pause screen")
            .count()
    };
    act(&mut app, Action::Pause);
    assert_eq!(screen(&app), Screen::Session, "pausing does not leave");
    assert_eq!(pause_screens(&mut app), 1);
    // Pausing twice shows one pause screen.
    act(&mut app, Action::Pause);
    assert_eq!(pause_screens(&mut app), 1);
    act(&mut app, Action::Continue);
    assert_eq!(pause_screens(&mut app), 0);
    assert_eq!(screen(&app), Screen::Session);
    act(&mut app, Action::Pause);
    act(&mut app, Action::Back);
    assert_eq!(screen(&app), Screen::Picker);
    assert_eq!(pause_screens(&mut app), 0);
    assert_eq!(logs(dir.path()).len(), 1, "the paused session is saved");
}

/// Hold Ctrl while pressing `code`, as the keyboard would.
fn press_with_ctrl(app: &mut App, code: KeyCode, key: Key) {
    use bevy::input::ButtonState;
    use bevy::input::keyboard::KeyboardInput;
    let ctrl = |state| KeyboardInput {
        key_code: KeyCode::ControlLeft,
        logical_key: Key::Control,
        state,
        text: None,
        repeat: false,
        window: Entity::PLACEHOLDER,
    };
    app.world_mut().write_message(ctrl(ButtonState::Pressed));
    app.update();
    press(app, code, key);
    app.world_mut().write_message(ctrl(ButtonState::Released));
    app.update();
}

/// Ctrl + and Ctrl - change the text size, Ctrl H the contrast; both are
/// remembered, and high contrast repaints what screens draw in the calm
/// palette, and paints it back when turned off.
#[test]
fn text_size_and_contrast_change_from_the_keyboard_and_are_remembered() {
    use attune::app::display::Display;
    use attune::app::theme::palette;
    let dir = tempfile::tempdir().unwrap();
    let prefs = dir.path().join("prefs.ron");
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin, InputPlugin));
    let config = Config {
        prefs: Some(prefs.clone()),
        ..config(dir.path())
    };
    app.insert_resource(attune::app::load_library(&config));
    app.insert_resource(config);
    app.add_plugins(attune::app::plugin);
    app.update();
    let fills = |app: &mut App| -> Vec<Color> {
        app.world_mut()
            .query::<&BackgroundColor>()
            .iter(app.world())
            .map(|b| b.0)
            .collect()
    };
    let calm = fills(&mut app);
    assert!(calm.contains(&palette::SURFACE), "cards on the picker");

    press_with_ctrl(&mut app, KeyCode::Equal, Key::Character("=".into()));
    press_with_ctrl(&mut app, KeyCode::Equal, Key::Character("=".into()));
    assert_eq!(app.world().resource::<Display>().text_size, 125);
    assert_eq!(app.world().resource::<UiScale>().0, 1.25);
    press_with_ctrl(&mut app, KeyCode::Minus, Key::Character("-".into()));
    assert_eq!(app.world().resource::<Display>().text_size, 110);
    let saved = attune::prefs::Prefs::load(&prefs);
    assert_eq!(saved.text_size, Some(110));

    press_with_ctrl(&mut app, KeyCode::KeyH, Key::Character("h".into()));
    app.update();
    assert!(app.world().resource::<Display>().high_contrast);
    let contrast = fills(&mut app);
    assert!(!contrast.contains(&palette::SURFACE), "no calm paper left");
    assert!(contrast.contains(&palette::high_contrast(palette::SURFACE)));
    assert!(attune::prefs::Prefs::load(&prefs).high_contrast);
    // A screen built while high contrast is on is painted too.
    act(&mut app, Action::Open(0));
    assert_eq!(screen(&app), Screen::Before);
    assert!(!fills(&mut app).contains(&palette::SURFACE));

    act(&mut app, Action::Contrast);
    app.update();
    assert!(!app.world().resource::<Display>().high_contrast);
    assert!(fills(&mut app).contains(&palette::SURFACE), "calm again");
    assert!(
        !fills(&mut app).contains(&palette::high_contrast(palette::SURFACE)),
        "nothing left in high contrast"
    );
    press_with_ctrl(&mut app, KeyCode::Digit0, Key::Character("0".into()));
    assert_eq!(app.world().resource::<Display>().text_size, 100);
    let saved = attune::prefs::Prefs::load(&prefs);
    assert_eq!((saved.text_size, saved.high_contrast), (None, false));
}

/// Sessions of the test scenario saved in `dir` with these seeds and
/// option ids, begun a day apart (the first is the oldest).
fn past_sessions(dir: &Path, sessions: &[(u64, &[&str])]) -> Vec<PathBuf> {
    let scenario = std::sync::Arc::new(
        attune::load::load_file(Path::new("tests/fixtures/mini.ron"))
            .scenario
            .unwrap(),
    );
    let mut paths = Vec::new();
    for (i, (seed, choices)) in sessions.iter().enumerate() {
        let mut session = attune::engine::Session::new(scenario.clone(), *seed);
        for option in *choices {
            session.choose(option, 500).unwrap();
        }
        let mut log = SessionLog::start(&scenario, *seed, None);
        log.sync(&session);
        log.started = format!("2026-11-2{i}T09:00:00Z");
        let path = dir.join(format!("past{i}.ron"));
        log.save(&path).unwrap();
        paths.push(path);
    }
    paths
}

#[test]
fn your_sessions_lists_the_saved_sessions_opens_and_exports_them() {
    use attune::app::screens::history::Sessions;
    let dir = tempfile::tempdir().unwrap();
    let paths = past_sessions(
        dir.path(),
        &[
            (4, &["pause", "own-it", "stay"]),
            (1, &["agenda", "reassure"]),
            (4, &["pause"]),
        ],
    );
    std::fs::write(dir.path().join("damaged.ron"), "SessionLog(format: 3,").unwrap();
    let mut app = app(dir.path());
    assert!(buttons(&mut app).contains(&Action::History));
    press(&mut app, KeyCode::KeyH, Key::Character("h".into()));
    assert_eq!(screen(&app), Screen::History);
    let sessions = app.world().resource::<Sessions>();
    let listed: Vec<PathBuf> = sessions.list().iter().map(|s| s.file.clone()).collect();
    // Newest first.
    assert_eq!(
        listed,
        [paths[2].clone(), paths[1].clone(), paths[0].clone()]
    );
    let shown = texts(&mut app);
    assert!(shown.iter().any(|t| t == "Your sessions"), "{shown:?}");
    assert!(
        shown.iter().any(|t| t.contains("Back in touch")),
        "{shown:?}"
    );
    assert!(shown.iter().any(|t| t.contains("unfinished after 1 turn")));
    assert!(
        shown.iter().any(|t| t.starts_with("damaged.ron: ")),
        "{shown:?}"
    );
    assert!(shown.iter().any(|t| t == "ownership not at stake"));
    // Every session can be opened; the finished ones exported.
    let on_screen = buttons(&mut app);
    for i in 0..3 {
        assert!(on_screen.contains(&Action::Past(i)));
    }
    assert!(on_screen.contains(&Action::ExportPast(2)));
    assert!(!on_screen.contains(&Action::ExportPast(0)));

    // A finished session opens at its debrief, and Back comes here again.
    act(&mut app, Action::Past(2));
    assert_eq!(screen(&app), Screen::Debrief);
    assert!(practice(&app).reviewing);
    assert!(practice(&app).is_ended());
    assert!(texts(&mut app).iter().any(|t| t == "Back to your sessions"));
    act(&mut app, Action::Back);
    assert_eq!(screen(&app), Screen::History);

    // The page for supervision goes beside the log, and the screen says so.
    act(&mut app, Action::ExportPast(2));
    let page = paths[0].with_extension("html");
    assert!(page.is_file());
    let notice = app.world().resource::<Sessions>().notice.clone().unwrap();
    assert!(notice.good && notice.text.contains(&page.display().to_string()));
    assert!(
        texts(&mut app)
            .iter()
            .any(|t| t.starts_with("Saved for supervision: "))
    );

    // An unfinished one carries on where it stopped.
    act(&mut app, Action::Past(0));
    assert_eq!(screen(&app), Screen::Session);
    assert_eq!(practice(&app).view.number, 2);
    assert!(!practice(&app).reviewing);
    act(&mut app, Action::Pause);
    act(&mut app, Action::Back);
    assert_eq!(screen(&app), Screen::Picker);
    press(&mut app, KeyCode::KeyH, Key::Character("h".into()));
    press(&mut app, KeyCode::Escape, Key::Escape);
    assert_eq!(screen(&app), Screen::Picker);
}

/// The figure on screen in a session of the scenario at `path`: what it was
/// asked to draw, and the colours of its parts.
fn figure_in_session_of(path: &str) -> (Figure, std::collections::BTreeSet<[u8; 4]>) {
    let dir = tempfile::tempdir().unwrap();
    let mut config = config(dir.path());
    config.library = vec![PathBuf::from(path)];
    let mut app = app_with(config);
    act(&mut app, Action::Open(0));
    act(&mut app, Action::Begin);
    assert_eq!(screen(&app), Screen::Session);
    let mut figures = app.world_mut().query::<(Entity, &Figure)>();
    let found: Vec<(Entity, Figure)> = figures.iter(app.world()).map(|(e, f)| (e, *f)).collect();
    assert_eq!(found.len(), 1, "one figure on screen");
    let (root, figure) = found[0];
    let mut colours = std::collections::BTreeSet::new();
    let mut todo = vec![root];
    while let Some(e) = todo.pop() {
        let entity = app.world().entity(e);
        if let Some(bg) = entity.get::<BackgroundColor>() {
            colours.insert(bg.0.to_srgba().to_u8_array());
        }
        if let Some(children) = entity.get::<Children>() {
            todo.extend(children.iter());
        }
    }
    (figure, colours)
}

#[test]
fn clients_who_look_different_are_drawn_differently() {
    let (theo, theo_colours) = figure_in_session_of("scenarios/i-dont-know.ron");
    let (danny, danny_colours) = figure_in_session_of("scenarios/smiling-loss.ron");
    // Each figure is drawn with its scenario's appearance ...
    assert_eq!(theo.look.head_covering, Some(HeadCovering::Hood));
    assert_eq!(danny.look.skin, SkinTone::Deep);
    assert_eq!(danny.look.head_covering, None);
    assert_ne!(theo.look, danny.look);
    // ... and the parts on screen differ, not only the parameters.
    assert!(theo_colours.len() > 8, "{theo_colours:?}");
    assert_ne!(theo_colours, danny_colours);
    let only_danny: Vec<_> = danny_colours.difference(&theo_colours).collect();
    assert!(only_danny.len() >= 3, "{only_danny:?}");
}

/// Say it first: the switch on the Before screen is remembered; in the
/// session the trainee types their words (digits and letters are words
/// then, not choices or check-in picks), Backspace takes one back, Enter
/// shows the options under the words, and the words reach the log and
/// the debrief. Enter on its own skips to the options.
#[test]
fn saying_it_first_types_words_then_shows_the_options() {
    let dir = tempfile::tempdir().unwrap();
    let prefs = dir.path().join("config").join("prefs.ron");
    let mut config = config(dir.path());
    config.prefs = Some(prefs.clone());
    let mut app = app_with(config);
    act(&mut app, Action::Open(0));
    assert!(!practice(&app).say_first, "off by default");
    assert!(buttons(&mut app).contains(&Action::ToggleSayFirst));
    // The first frame on a screen takes no keys (the key that led there).
    app.update();
    press(&mut app, KeyCode::KeyF, Key::Character("f".into()));
    assert!(practice(&app).say_first);
    assert!(attune::prefs::Prefs::load(&prefs).say_first, "remembered");
    assert!(texts(&mut app).contains(&"Say it first: on".to_owned()));
    act(&mut app, Action::Begin);
    assert_eq!(screen(&app), Screen::Session);
    let log = logs(dir.path())[0].clone();
    assert!(SessionLog::load(&log).unwrap().say_first);

    // The options wait for the trainee's words.
    assert!(practice(&app).awaits_words());
    let choices = |app: &mut App| {
        buttons(app)
            .into_iter()
            .filter(|a| matches!(a, Action::Choose(_)))
            .count()
    };
    assert_eq!(choices(&mut app), 0, "no options before the words");
    let shown = texts(&mut app);
    assert!(
        shown.contains(&"IN YOUR OWN WORDS FIRST".to_owned()),
        "{shown:?}"
    );
    assert!(
        shown
            .iter()
            .any(|t| t.starts_with("Type what you would say to Sam"))
    );
    assert!(
        shown.contains(&"What would you say?".to_owned()),
        "the placeholder"
    );

    type_text(&mut app, "a 2 carz");
    press(&mut app, KeyCode::Backspace, Key::Backspace);
    let typed = &app
        .world()
        .resource::<attune::app::screens::say_first::Words>()
        .text;
    assert_eq!(typed, "a 2 car");
    let shown = texts(&mut app);
    assert!(shown.contains(&"a 2 car".to_owned()), "on screen as typed");
    assert!(!shown.contains(&"What would you say?".to_owned()));
    let p = practice(&app);
    assert_eq!(p.note, None, "A did not pick a check-in suggestion");
    assert_eq!(
        p.session.as_ref().unwrap().turns().len(),
        0,
        "2 chose nothing"
    );
    assert_eq!(screen(&app), Screen::Session);

    press(&mut app, KeyCode::Enter, Key::Enter);
    assert!(!practice(&app).awaits_words());
    assert_eq!(practice(&app).own_words.as_deref(), Some("a 2 car"));
    assert_eq!(choices(&mut app), 3, "the options are shown");
    let shown = texts(&mut app);
    assert!(shown.contains(&"You would say: \u{201c}a 2 car\u{201d}".to_owned()));
    assert!(shown.contains(&"WHICH OPTION COMES CLOSEST?".to_owned()));
    act(&mut app, Action::Choose("agenda".into()));
    let saved = SessionLog::load(&log).unwrap();
    assert_eq!(saved.turns[0].own_words.as_deref(), Some("a 2 car"));

    // The next turn asks again; Enter on its own skips to the options.
    assert!(practice(&app).awaits_words());
    assert_eq!(
        app.world()
            .resource::<attune::app::screens::say_first::Words>()
            .text,
        ""
    );
    press(&mut app, KeyCode::Enter, Key::Enter);
    assert!(!practice(&app).awaits_words());
    assert_eq!(practice(&app).own_words, None);
    assert!(choices(&mut app) > 0);
    play_to_the_end(&mut app);
    assert_eq!(screen(&app), Screen::Debrief);
    let saved = SessionLog::load(&log).unwrap();
    assert_eq!(saved.turns[1].own_words, None);
    let shown = texts(&mut app);
    assert!(shown.contains(&"In your own words: \u{201c}a 2 car\u{201d}".to_owned()));
    // The name typed later keeps the say-first setting.
    act(&mut app, Action::Back);
    act(&mut app, Action::TypeName);
    type_text(&mut app, "Ana");
    press(&mut app, KeyCode::Enter, Key::Enter);
    let kept = attune::prefs::Prefs::load(&prefs);
    assert_eq!(kept.trainee.as_deref(), Some("Ana"));
    assert!(kept.say_first);
}

/// "Show the options" does what Enter does, and a resumed say-first
/// session asks for words again whatever the switch says now.
#[test]
fn the_show_button_and_a_resumed_session_keep_saying_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    act(&mut app, Action::Open(0));
    act(&mut app, Action::ToggleSayFirst);
    act(&mut app, Action::Begin);
    type_text(&mut app, "ran");
    act(&mut app, Action::ShowOptions);
    assert_eq!(practice(&app).own_words.as_deref(), Some("ran"));
    act(&mut app, Action::Choose("agenda".into()));
    act(&mut app, Action::Back);
    // Say-first is switched off for new sessions; the paused one keeps it.
    act(&mut app, Action::Open(0));
    act(&mut app, Action::ToggleSayFirst);
    assert!(!practice(&app).say_first);
    act(&mut app, Action::Back);
    act(&mut app, Action::Resume(0));
    assert_eq!(screen(&app), Screen::Session);
    assert_eq!(practice(&app).view.number, 2);
    assert!(practice(&app).awaits_words());
}

/// From the debrief, "Try another road from turn N" starts a new session
/// of the same scenario and seed at turn N, with the turns before it
/// replayed; it is saved in a log of its own that says where it branched
/// from, and the first session's log is never written again.
#[test]
fn try_another_road_starts_a_new_session_at_that_turn() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());
    act(&mut app, Action::Open(0));
    act(&mut app, Action::Begin);
    act(&mut app, Action::Note(1));
    act(&mut app, Action::Choose("agenda".into()));
    act(&mut app, Action::Choose("reassure".into()));
    assert_eq!(screen(&app), Screen::Debrief);
    act(&mut app, Action::Rate(4));
    let original = logs(dir.path())[0].clone();
    let before = std::fs::read(&original).unwrap();
    let first = SessionLog::load(&original).unwrap();
    let shown = buttons(&mut app);
    assert!(shown.contains(&Action::Branch(1)) && shown.contains(&Action::Branch(2)));
    assert!(texts(&mut app).contains(&"Try another road from turn 2".to_owned()));

    act(&mut app, Action::Branch(2));
    assert_eq!(screen(&app), Screen::Session);
    let p = practice(&app);
    assert_eq!(p.view.number, 2, "at turn 2");
    assert_eq!(p.seed, first.seed);
    assert_eq!(p.view.line, "I don't know. Whatever you think.");
    let session = p.session.as_ref().unwrap();
    assert_eq!(session.turns().len(), 1);
    assert_eq!(session.turns()[0].option_id(session.scenario()), "agenda");
    assert_eq!(
        session.turns()[0].inner_note.as_deref(),
        Some("Worry I did something")
    );
    act(&mut app, Action::Choose("own-it".into()));
    act(&mut app, Action::Choose("stay".into()));
    assert_eq!(screen(&app), Screen::Debrief);

    assert_eq!(std::fs::read(&original).unwrap(), before, "untouched");
    let files = logs(dir.path());
    assert_eq!(files.len(), 2, "{files:?}");
    let new = files.iter().find(|f| **f != original).unwrap();
    let branched = SessionLog::load(new).unwrap();
    assert_eq!(
        branched.branched_from,
        Some(attune::log::BranchedFrom {
            log: original.file_name().unwrap().to_string_lossy().into_owned(),
            turn: 2,
        })
    );
    assert_eq!(branched.turns[0], first.turns[0]);
    let options: Vec<&str> = branched.turns.iter().map(|t| t.option.as_str()).collect();
    assert_eq!(options, ["agenda", "own-it", "stay"]);
    assert!(branched.is_finished());
    assert_eq!(branched.difficulty_rating, None, "not yet rated");

    // Another road from turn 1 of the new session: nothing is replayed.
    act(&mut app, Action::Branch(1));
    assert_eq!(practice(&app).view.number, 1);
    assert_eq!(logs(dir.path()).len(), 3);
}
