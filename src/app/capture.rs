//! Capture mode, for documentation and CI: drive the app to one screen
//! with a given scenario, seed and choices, save a PNG of the window, and
//! exit. Also opening a scenario straight away (`attune app --scenario ID`).

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};

use crate::app::practice::{Config, Library, Practice};
use crate::app::screens::Screen;
use crate::cli::CaptureScreen;
use crate::engine::Session;
use crate::load::find_scenario;
use crate::term::{eprint, eprintln};

/// `--at longest`: the client turn with the most text on screen.
pub const LONGEST: &str = "longest";

/// The index of the client turn with the most to read: its line, cue,
/// check-in and every option's label and words.
pub fn longest_turn(scenario: &crate::model::Scenario) -> Option<usize> {
    scenario
        .nodes
        .iter()
        .enumerate()
        .filter_map(|(i, n)| match n {
            crate::model::Node::Turn(t) => {
                let options: usize = t.options.iter().map(|o| o.label.len() + o.says.len()).sum();
                let checkin = t.checkin.as_ref().map_or(0, |c| {
                    c.prompt.len() + c.suggestions.iter().map(String::len).sum::<usize>()
                });
                Some((t.line.len() + t.cue.len() + options + checkin, i))
            }
            crate::model::Node::Ending(_) => None,
        })
        .max()
        .map(|(_, i)| i)
}

/// Frames to let layout, fonts and the first render settle before capturing.
const SETTLE_FRAMES: u32 = 12;
/// Give up if no screenshot has been saved after this many frames.
const GIVE_UP_FRAMES: u32 = 2000;

#[derive(Resource, Debug)]
pub struct Capture {
    pub path: PathBuf,
    pub screen: CaptureScreen,
    pub scenario: Option<String>,
    pub choices: Vec<usize>,
    /// The node to start the session at (`--at`).
    pub at: Option<String>,
    /// Saying it first: the words typed at every turn.
    pub words: Option<String>,
    pub frames: u32,
    pub requested: bool,
}

/// `attune app --scenario ID`: open it at the Before screen.
#[derive(Resource, Debug)]
pub struct OpenAtStart(pub String);

pub fn plugin(app: &mut App) {
    app.add_systems(Startup, drive);
    app.add_systems(Update, shoot);
}

/// Find a scenario by id in the library, or load it as a file.
fn resolve(
    which: &str,
    library: &Library,
    config: &Config,
) -> Result<std::sync::Arc<crate::model::Scenario>, String> {
    if let Some(s) = library.find(which) {
        return Ok(s);
    }
    find_scenario(which, &config.library)
        .map(std::sync::Arc::new)
        .map_err(|d| crate::diag::render(&d))
}

pub fn open_at_start(
    open: Res<OpenAtStart>,
    library: Res<Library>,
    mut config: ResMut<Config>,
    mut practice: ResMut<Practice>,
    mut next: ResMut<NextState<Screen>>,
    mut exit: MessageWriter<AppExit>,
) {
    match resolve(&open.0, &library, &config) {
        Ok(s) => {
            let seed = config.seed.take().unwrap_or_else(crate::cli::fresh_seed);
            practice.prepare(s, seed);
            next.set(Screen::Before);
        }
        Err(e) => {
            eprint!("{e}");
            exit.write(AppExit::from_code(1));
        }
    }
}

/// Play the requested choices through the engine and go to the screen.
fn drive(
    capture: Res<Capture>,
    library: Res<Library>,
    config: Res<Config>,
    mut practice: ResMut<Practice>,
    mut next: ResMut<NextState<Screen>>,
    mut exit: MessageWriter<AppExit>,
) {
    if capture.screen == CaptureScreen::Classroom {
        // The classroom opens itself (`classroom::open_at_start`).
        return;
    }
    if capture.screen == CaptureScreen::History {
        next.set(Screen::History);
        return;
    }
    let Some(which) = &capture.scenario else {
        next.set(Screen::Picker);
        return;
    };
    let scenario = match resolve(which, &library, &config) {
        Ok(s) => s,
        Err(e) => {
            eprint!("{e}");
            exit.write(AppExit::from_code(1));
            return;
        }
    };
    practice.prepare(scenario, config.seed.unwrap_or(1));
    if capture.screen == CaptureScreen::Picker {
        return;
    }
    if capture.screen == CaptureScreen::Before {
        next.set(Screen::Before);
        return;
    }
    practice.begin(config.log_dir.as_deref());
    if let Some(at) = &capture.at {
        let Some(scenario) = practice.scenario.clone() else {
            return;
        };
        let index = scenario
            .node_index(at)
            .or_else(|| (at == LONGEST).then(|| longest_turn(&scenario)).flatten());
        match index {
            Some(index) if matches!(scenario.node(index), crate::model::Node::Turn(_)) => {
                // A session begun mid-way is not a trainee's session: it is
                // shown, never saved (its log only says how it is played).
                let log = practice.recorder.take().map(|r| r.log().clone());
                practice.recorder = log.map(crate::record::Recorder::unkept);
                practice.log_path = None;
                let seed = practice.seed;
                practice.session = Some(Session::starting_at(scenario, seed, index));
                practice.read_events();
            }
            _ => {
                let turns: Vec<&str> = scenario.turns().map(|t| t.id.as_str()).collect();
                eprintln!(
                    "error: --at `{at}` is not a client turn of `{}`; its turns are: {}",
                    scenario.id,
                    turns.join(", ")
                );
                exit.write(AppExit::from_code(2));
                return;
            }
        }
    }
    for (i, &n) in capture.choices.iter().enumerate() {
        if practice.is_ended() {
            eprintln!(
                "note: the session ended after {i} of the {} choices given",
                capture.choices.len()
            );
            break;
        }
        let offered = practice.view.options.len();
        say(&mut practice, capture.words.as_deref());
        if practice.choose_number(n).is_err() {
            eprintln!(
                "error: choice {} is `{n}`, but turn {} offers options 1 to {offered}",
                i + 1,
                practice.view.number
            );
            exit.write(AppExit::from_code(1));
            return;
        }
    }
    if capture.screen == CaptureScreen::Debrief && !practice.is_ended() {
        eprintln!(
            "note: the choices given do not end the session; choosing option 1 until it ends"
        );
        let mut guard = 0;
        while !practice.is_ended() && guard < 500 {
            guard += 1;
            say(&mut practice, capture.words.as_deref());
            if practice.choose_number(1).is_err() {
                break;
            }
        }
    }
    if capture.words.is_some() {
        // At the turn captured, the options are shown under the words.
        say(&mut practice, capture.words.as_deref());
    }
    let screen = if practice.is_ended() {
        if capture.screen == CaptureScreen::Session {
            eprintln!("note: the session has ended after these choices; capturing the debrief");
        }
        Screen::Debrief
    } else {
        Screen::Session
    };
    next.set(screen);
}

/// Saying it first, the words given for the turn before its choice.
fn say(practice: &mut Practice, words: Option<&str>) {
    if practice.awaits_words() {
        practice.say(words.unwrap_or_default());
    }
}

fn shoot(mut commands: Commands, mut capture: ResMut<Capture>, mut exit: MessageWriter<AppExit>) {
    capture.frames += 1;
    if capture.frames == SETTLE_FRAMES && !capture.requested {
        capture.requested = true;
        commands.spawn(Screenshot::primary_window()).observe(saved);
    }
    if capture.frames > GIVE_UP_FRAMES {
        eprintln!(
            "error: no screenshot could be taken (is there a working GPU or software renderer?)"
        );
        exit.write(AppExit::from_code(1));
    }
}

fn saved(shot: On<ScreenshotCaptured>, capture: Res<Capture>, mut exit: MessageWriter<AppExit>) {
    // Alpha is dropped, as Bevy's own `save_to_disk` does.
    let written = shot
        .image
        .clone()
        .try_into_dynamic()
        .map_err(|e| e.to_string())
        .map(|img| img.to_rgb8())
        .and_then(|rgb| {
            // A picture of one flat colour means nothing was drawn.
            let colours: std::collections::HashSet<[u8; 3]> =
                rgb.pixels().step_by(37).map(|p| p.0).collect();
            if colours.len() < 8 {
                return Err("the picture is blank (nothing was drawn)".to_owned());
            }
            rgb.save(&capture.path).map_err(|e| e.to_string())
        });
    match written {
        Ok(()) => {
            eprintln!("Saved {}", capture.path.display());
            exit.write(AppExit::Success);
        }
        Err(e) => {
            eprintln!(
                "error: the screenshot could not be written to {}: {e}",
                capture.path.display()
            );
            exit.write(AppExit::from_code(1));
        }
    }
}
