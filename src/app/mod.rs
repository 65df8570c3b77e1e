//! The Bevy app: the trainee's practice loop from scenario picker to
//! debrief, and the instructor's classroom over a group's session logs. It is a thin layer over the engine: scenarios, scoring and
//! logs all come from the library; the app shows them and sends the
//! trainee's choices back.
//!
//! [`plugin`] is the whole app without a window or renderer, so tests can
//! run it with `MinimalPlugins`; [`run`] adds Bevy's default plugins, a
//! window, reactive rendering, and capture or author mode when asked.

pub mod action;
pub mod author;
pub mod capture;
pub mod classroom;
pub mod display;
pub mod figure;
pub mod practice;
pub mod screens;
pub mod theme;

use std::path::PathBuf;
use std::time::Duration;

use bevy::prelude::*;
use bevy::window::WindowResolution;
use bevy::winit::{UpdateMode, WinitSettings};

use crate::cli::AppArgs;
use crate::log::default_log_dir;
use crate::prefs::{self, Prefs};
use crate::term::eprintln;
use practice::{Config, Library, Practice};

/// Why the app cannot open a window here, if it cannot.
pub fn no_display() -> Option<String> {
    if !cfg!(all(
        unix,
        not(target_os = "macos"),
        not(target_os = "ios"),
        not(target_os = "android")
    )) {
        return None;
    }
    let set = |v: &str| std::env::var_os(v).is_some_and(|x| !x.is_empty());
    if set("DISPLAY") {
        return None;
    }
    Some(if set("WAYLAND_DISPLAY") {
        "Attune's app needs an X11 display (DISPLAY is not set; under Wayland, XWayland provides one)."
            .to_owned()
    } else {
        "There is no display here to open Attune's window on (neither DISPLAY nor WAYLAND_DISPLAY is set)."
            .to_owned()
    })
}

/// Open the app; returns the process exit code.
pub fn run(args: AppArgs, library: Vec<PathBuf>) -> i32 {
    if let Some(why) = no_display() {
        eprintln!("{why}\nPractise in the terminal instead: `attune list`, then `attune play ID`.");
        return 1;
    }
    let capture = args.screenshot.is_some();
    let opens_classroom = args.classroom.is_some();
    let mut dirs = library;
    if let Some(w) = &args.watch {
        dirs = vec![w.clone()];
    }
    let log_dir = match (&args.log_dir, capture) {
        (Some(d), _) => Some(d.clone()),
        (None, true) => None,
        (None, false) => Some(default_log_dir()),
    };
    let config = Config {
        library: dirs,
        log_dir,
        seed: args.seed,
        instant_text: capture,
        watch: args.watch.clone(),
        offer_resume: !capture,
        // Capture mode neither reads nor writes the trainee's name.
        prefs: (!capture).then(prefs::default_path),
    };
    let saved = config.prefs.as_deref().map(Prefs::load).unwrap_or_default();
    let trainee = config.prefs.as_deref().and_then(|_| {
        let env = std::env::var("ATTUNE_TRAINEE").ok();
        prefs::trainee_at_start(env.as_deref(), &saved)
    });
    let mut shown = display::Display::from_prefs(&saved);
    if let Some(size) = args.text_size {
        shown.text_size = prefs::clamp_text_size(size);
    }
    shown.high_contrast |= args.high_contrast;
    let say_first = args.say_first || saved.say_first;

    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "attune: the app stopped unexpectedly: {info}\n\
             Completed turns are saved in your session log; `attune play` works without a window."
        );
    }));

    let mut app = App::new();
    let mut window = Window {
        title: "Attune".into(),
        resolution: WindowResolution::new(1280, 800),
        ..default()
    };
    if capture {
        // ATTUNE_CAPTURE_HEIGHT captures a taller window, to check layout
        // below the fold.
        let height = std::env::var("ATTUNE_CAPTURE_HEIGHT")
            .ok()
            .and_then(|h| h.parse().ok())
            .unwrap_or(800);
        window.resolution = WindowResolution::new(1280, height).with_scale_factor_override(1.0);
    }
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(window),
                ..default()
            })
            .set(bevy::log::LogPlugin {
                level: bevy::log::Level::WARN,
                filter: "wgpu=error,naga=error,bevy_render=error,bevy_winit=error".into(),
                ..default()
            }),
    );
    let wait = if config.watch.is_some() {
        Duration::from_millis(400)
    } else {
        Duration::from_secs(5)
    };
    let settings = if capture {
        WinitSettings {
            focused_mode: UpdateMode::Continuous,
            unfocused_mode: UpdateMode::Continuous,
        }
    } else {
        WinitSettings {
            focused_mode: UpdateMode::Reactive {
                wait,
                react_to_device_events: false,
                react_to_user_events: true,
                react_to_window_events: true,
            },
            unfocused_mode: UpdateMode::reactive_low_power(if config.watch.is_some() {
                wait
            } else {
                Duration::from_secs(60)
            }),
        }
    };
    app.insert_resource(settings);
    app.insert_resource(load_library(&config));
    app.insert_resource(config);
    app.insert_resource(Practice {
        trainee,
        say_first,
        ..default()
    });
    app.insert_resource(shown);
    app.add_plugins(plugin);
    app.add_systems(Startup, |mut commands: Commands| {
        commands.spawn((Name::new("Camera"), Camera2d));
    });
    if let Some(dir) = args.classroom {
        app.insert_resource(classroom::ClassroomAtStart {
            dir,
            scenario: args.scenario.clone(),
            turn: args.turn,
        });
        app.add_systems(Startup, classroom::open_at_start);
    }
    if let Some(path) = args.screenshot {
        app.insert_resource(capture::Capture {
            path,
            screen: args.screen.unwrap_or_default(),
            scenario: args.scenario,
            choices: args.choices,
            at: args.at,
            words: args.words,
            frames: 0,
            requested: false,
        });
        app.add_plugins(capture::plugin);
    } else if let Some(which) = args.scenario.filter(|_| !opens_classroom) {
        app.insert_resource(capture::OpenAtStart(which));
        app.add_systems(Startup, capture::open_at_start);
    }
    let exit = app.run();
    // Every turn handed to the background saver is on disk before the
    // process ends.
    if let Some(mut practice) = app.world_mut().get_resource_mut::<Practice>() {
        practice.flush_saves();
    }
    match exit {
        AppExit::Success => 0,
        AppExit::Error(code) => i32::from(code.get()),
    }
}

/// The app without window or renderer: resources, screens and their
/// logic. Needs a [`Config`] resource (a default one is added if absent).
pub fn plugin(app: &mut App) {
    app.init_resource::<Config>();
    app.init_resource::<Library>();
    app.init_resource::<Practice>();
    app.add_systems(Update, poll_saves);
    app.add_plugins((
        action::plugin,
        theme::plugin,
        display::plugin,
        screens::plugin,
        author::plugin,
    ));
}

/// Show what the background saves did: a failed save reaches the trainee.
fn poll_saves(mut practice: ResMut<Practice>) {
    if practice.bypass_change_detection().poll_saves() {
        practice.set_changed();
    }
}

/// Load the scenario library named in the [`Config`], with the unfinished
/// sessions that can be resumed.
pub fn load_library(config: &Config) -> Library {
    let mut library = Library::load(&config.library);
    if let Some(dir) = &config.log_dir
        && config.offer_resume
    {
        library.scan_unfinished(dir);
    }
    library
}
