//! The session screen fits a 1280x800 window: for every turn of every
//! shipped scenario, every option and the check-in are on screen without
//! scrolling. The layout is computed by Bevy's UI (text measured with the
//! app's own fonts) in a headless app with a 1280x800 camera target; no
//! window or renderer is needed.
#![cfg(feature = "gui")]

use std::sync::Arc;

use attune::app::action::Action;
use attune::app::practice::{Config, Practice};
use attune::app::screens::Screen;
use attune::engine::Session;
use attune::model::{Node as ScenarioNode, Scenario};
use bevy::asset::AssetPlugin;
use bevy::camera::{ComputedCameraValues, RenderTargetInfo, Viewport};
use bevy::input::InputPlugin;
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy::text::TextPlugin;
use bevy::ui::UiPlugin;

const WIDTH: u32 = 1280;
const HEIGHT: u32 = 800;

fn app() -> App {
    let mut app = App::new();
    app.add_plugins((
        MinimalPlugins,
        StatesPlugin,
        InputPlugin,
        AssetPlugin::default(),
        bevy::image::ImagePlugin::default(),
        bevy::image::TextureAtlasPlugin,
        bevy::a11y::AccessibilityPlugin,
        TransformPlugin,
        bevy::window::WindowPlugin {
            primary_window: None,
            exit_condition: bevy::window::ExitCondition::DontExit,
            ..default()
        },
        TextPlugin,
        UiPlugin,
    ));
    app.world_mut().spawn((
        Camera2d,
        Camera {
            computed: ComputedCameraValues {
                target_info: Some(RenderTargetInfo {
                    physical_size: UVec2::new(WIDTH, HEIGHT),
                    scale_factor: 1.0,
                }),
                ..default()
            },
            viewport: Some(Viewport {
                physical_size: UVec2::new(WIDTH, HEIGHT),
                ..default()
            }),
            ..default()
        },
    ));
    let config = Config {
        library: vec![std::path::PathBuf::from("scenarios")],
        log_dir: None,
        seed: Some(1),
        instant_text: true,
        watch: None,
        offer_resume: false,
        prefs: None,
    };
    app.insert_resource(attune::app::load_library(&config));
    app.insert_resource(config);
    app.add_plugins(attune::app::plugin);
    app.update();
    app
}

/// Show the turn at node `index` of `scenario`, as if the session had
/// reached it, and let layout settle.
fn show(app: &mut App, scenario: &Arc<Scenario>, index: usize) {
    {
        let mut practice = app.world_mut().resource_mut::<Practice>();
        practice.prepare(Arc::clone(scenario), 1);
        practice.session = Some(Session::starting_at(Arc::clone(scenario), 1, index));
        practice.read_events();
    }
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Session);
    for _ in 0..4 {
        app.update();
    }
}

/// The top and bottom of an entity on screen, in logical pixels.
fn extent(app: &App, e: Entity) -> (f32, f32) {
    let world = app.world();
    let node = world.get::<ComputedNode>(e).expect("a laid-out node");
    let at = world.get::<UiGlobalTransform>(e).expect("a placed node");
    let scale = node.inverse_scale_factor();
    let centre = at.translation.y * scale;
    let half = node.size().y * scale / 2.0;
    (centre - half, centre + half)
}

#[test]
fn every_option_and_check_in_of_every_shipped_turn_fits_at_1280x800() {
    let mut app = app();
    let scenarios: Vec<Arc<Scenario>> = app
        .world()
        .resource::<attune::app::practice::Library>()
        .scenarios
        .to_vec();
    assert!(scenarios.len() >= 8, "the shipped library is loaded");
    let mut problems = Vec::new();
    let mut turns = 0;
    for scenario in &scenarios {
        for (index, node) in scenario.nodes.iter().enumerate() {
            let ScenarioNode::Turn(turn) = node else {
                continue;
            };
            show(&mut app, scenario, index);
            turns += 1;
            let world = app.world_mut();
            let options: Vec<(Entity, String)> = world
                .query::<(Entity, &Action)>()
                .iter(world)
                .filter_map(|(e, a)| match a {
                    Action::Choose(id) => Some((e, id.clone())),
                    _ => None,
                })
                .collect();
            assert_eq!(
                options.len(),
                app.world().resource::<Practice>().view.options.len(),
                "{}/{}: one button per option offered",
                scenario.id,
                turn.id
            );
            for (e, id) in options {
                let (top, bottom) = extent(&app, e);
                if top < 0.0 || bottom > HEIGHT as f32 {
                    problems.push(format!(
                        "{}/{}: option `{id}` spans {top:.0}..{bottom:.0}",
                        scenario.id, turn.id
                    ));
                }
            }
            if turn.checkin.is_some() {
                let world = app.world_mut();
                let notes: Vec<Entity> = world
                    .query::<(Entity, &Action)>()
                    .iter(world)
                    .filter_map(|(e, a)| matches!(a, Action::Note(_)).then_some(e))
                    .collect();
                assert!(
                    !notes.is_empty(),
                    "{}/{}: the check-in",
                    scenario.id,
                    turn.id
                );
                for e in notes {
                    let (top, bottom) = extent(&app, e);
                    if top < 0.0 || bottom > HEIGHT as f32 {
                        problems.push(format!(
                            "{}/{}: a check-in suggestion spans {top:.0}..{bottom:.0}",
                            scenario.id, turn.id
                        ));
                    }
                }
            }
        }
    }
    assert!(turns > 50, "every shipped turn was shown ({turns})");
    assert!(
        problems.is_empty(),
        "below the fold at {WIDTH}x{HEIGHT}:\n{}",
        problems.join("\n")
    );
}
