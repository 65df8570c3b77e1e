//! Before the session: who the client is, where the session happens, a
//! learning goal for today, whether to see scores while playing, and
//! whether to say it first (type your own words before the options).

use bevy::input::ButtonState;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::prelude::*;

use super::{Screen, digit_pressed};
use crate::app::action::{Act, Action};
use crate::app::practice::{Config, Practice};
use crate::app::theme::widget::{self, ButtonColors, Look};
use crate::app::theme::{Face, Fonts, palette, size, space};

/// Goals a trainee often brings; any other can be typed.
pub const GOALS: [&str; 4] = [
    "Noticing the moment a rupture begins",
    "Staying with silence",
    "Naming my part without over-apologising",
    "Staying open when I am criticised",
];

/// The goal being typed in the trainee's own words.
#[derive(Resource, Default)]
pub struct Typing {
    pub active: bool,
    pub text: String,
}

pub fn plugin(app: &mut App) {
    app.init_resource::<Typing>();
    app.add_systems(OnEnter(Screen::Before), (reset_typing, spawn).chain());
    app.add_systems(
        Update,
        (type_goal, keys, act, redraw)
            .chain()
            .run_if(in_state(Screen::Before)),
    );
}

#[derive(Component)]
struct Root;

/// Marks the footer that holds the live-scores toggle and "Begin".
#[derive(Component)]
struct FooterRoot;

fn reset_typing(mut typing: ResMut<Typing>, practice: Res<Practice>) {
    typing.active = false;
    typing.text = match &practice.goal {
        Some(g) if !GOALS.contains(&g.as_str()) => g.clone(),
        _ => String::new(),
    };
}

fn spawn(mut commands: Commands, fonts: Res<Fonts>, practice: Res<Practice>, typing: Res<Typing>) {
    commands.spawn((
        Name::new("Before"),
        DespawnOnExit(Screen::Before),
        Node {
            width: percent(100),
            height: percent(100),
            flex_direction: FlexDirection::Column,
            ..default()
        },
        children![
            (
                Root,
                widget::scroll_body(),
                children![content(&fonts, &practice, &typing)],
            ),
            (
                FooterRoot,
                Node {
                    width: percent(100),
                    justify_content: JustifyContent::Center,
                    border: UiRect::top(px(1.5)),
                    flex_shrink: 0.0,
                    ..default()
                },
                BackgroundColor(palette::SURFACE),
                BorderColor::all(palette::BORDER),
                children![footer(&fonts, &practice)],
            ),
        ],
    ));
}

fn redraw(
    mut commands: Commands,
    fonts: Res<Fonts>,
    practice: Res<Practice>,
    typing: Res<Typing>,
    root: Query<Entity, With<Root>>,
    footers: Query<Entity, With<FooterRoot>>,
) {
    if !(practice.is_changed() || typing.is_changed()) {
        return;
    }
    for e in &root {
        commands.entity(e).despawn_children();
        let child = commands.spawn(content(&fonts, &practice, &typing)).id();
        commands.entity(e).add_child(child);
    }
    for e in &footers {
        commands.entity(e).despawn_children();
        let child = commands.spawn(footer(&fonts, &practice)).id();
        commands.entity(e).add_child(child);
    }
}

fn chip(
    fonts: &Fonts,
    label: String,
    key: String,
    on: bool,
    action: Action,
) -> impl Bundle + use<> {
    (
        widget::chip_frame(on, action),
        children![
            widget::text(fonts, key, size::SMALL, Face::Bold, palette::INK_FAINT),
            widget::text(
                fonts,
                label,
                size::SMALL + 1.0,
                Face::Bold,
                widget::chip_ink(on)
            ),
        ],
    )
}

fn content(fonts: &Fonts, practice: &Practice, typing: &Typing) -> impl Bundle + use<> {
    let f = fonts.clone();
    let scenario = practice.scenario.clone();
    let goal = practice.goal.clone();
    let typed = typing.text.clone();
    let typing_now = typing.active;
    (
        Node {
            width: percent(100),
            max_width: px(1080),
            padding: UiRect::new(px(space::XL), px(space::XL), px(28), px(40)),
            ..widget::column(space::L)
        },
        Children::spawn(SpawnWith(move |p: &mut ChildSpawner| {
            let Some(s) = scenario else {
                return;
            };
            p.spawn((
                Node {
                    align_self: AlignSelf::FlexStart,
                    ..default()
                },
                children![widget::back_to_scenarios(&f)],
            ));
            p.spawn((
                widget::column(space::XS),
                children![
                    widget::text(&f, s.title.clone(), size::TITLE, Face::Bold, palette::INK),
                    widget::text(
                        &f,
                        s.premise.clone(),
                        size::BODY,
                        Face::Regular,
                        palette::INK_SOFT
                    ),
                ],
            ));
            p.spawn((
                Node {
                    align_items: AlignItems::Stretch,
                    ..widget::row(space::L)
                },
                children![
                    (
                        widget::card_with(
                            palette::SURFACE,
                            palette::BORDER,
                            Node {
                                flex_basis: px(0),
                                flex_grow: 1.2,
                                ..widget::card_node()
                            }
                        ),
                        children![
                            widget::eyebrow(&f, "Who you are meeting"),
                            widget::text(
                                &f,
                                format!("{}, {}", s.client.name, s.client.age),
                                size::HEADING,
                                Face::Bold,
                                palette::INK
                            ),
                            widget::body(&f, s.client.background.clone()),
                            widget::text(
                                &f,
                                format!("What brings them: {}", s.client.concern),
                                size::BODY,
                                Face::Italic,
                                palette::INK_SOFT
                            ),
                        ]
                    ),
                    (
                        widget::card_with(
                            palette::SURFACE,
                            palette::BORDER,
                            Node {
                                flex_basis: px(0),
                                flex_grow: 1.0,
                                ..widget::card_node()
                            }
                        ),
                        children![
                            widget::eyebrow(&f, "The setting"),
                            widget::body(&f, s.setting.clone()),
                        ]
                    ),
                ],
            ));
            p.spawn(widget::card(palette::SURFACE, palette::BORDER))
                .with_children(|c| {
                    c.spawn(widget::eyebrow(&f, "Your learning goal for today"));
                    c.spawn(widget::small(
                        &f,
                        "What would you like help with? The debrief comes back to it. (Optional.)",
                    ));
                    c.spawn((
                        Node {
                            flex_wrap: FlexWrap::Wrap,
                            row_gap: px(space::S),
                            ..widget::row(space::S)
                        },
                        Children::spawn(SpawnWith({
                            let f = f.clone();
                            let goal = goal.clone();
                            move |r: &mut ChildSpawner| {
                                for (i, g) in GOALS.iter().enumerate() {
                                    let on = goal.as_deref() == Some(*g);
                                    r.spawn(chip(
                                        &f,
                                        (*g).to_owned(),
                                        format!("{}", i + 1),
                                        on,
                                        Action::Goal(i),
                                    ));
                                }
                            }
                        })),
                    ));
                    let own_on = typing_now
                        || (!typed.is_empty() && goal.as_deref() == Some(typed.as_str()));
                    let shown = if typed.is_empty() && !typing_now {
                        "Or in your own words (5, then type; Enter when done)".to_owned()
                    } else if typing_now {
                        format!("{typed}|")
                    } else {
                        typed.clone()
                    };
                    c.spawn((
                        widget::button_frame(
                            Action::TypeGoal,
                            ButtonColors {
                                normal: if own_on {
                                    palette::SAGE_TINT
                                } else {
                                    palette::SURFACE_SUNK
                                },
                                hover: palette::BUTTON_HOVER,
                                pressed: palette::BUTTON_PRESS,
                            },
                            if own_on {
                                palette::SAGE
                            } else {
                                palette::BORDER
                            },
                            Node {
                                justify_content: JustifyContent::FlexStart,
                                padding: UiRect::axes(px(space::M), px(space::S)),
                                border: UiRect::all(px(1.5)),
                                border_radius: BorderRadius::all(px(10)),
                                ..default()
                            },
                        ),
                        children![widget::text(
                            &f,
                            shown,
                            size::BODY,
                            if typed.is_empty() && !typing_now {
                                Face::Italic
                            } else {
                                Face::Regular
                            },
                            if typed.is_empty() && !typing_now {
                                palette::INK_FAINT
                            } else {
                                palette::INK
                            }
                        )],
                    ));
                });
        })),
    )
}

/// The footer: the practice choices (live scores, say it first) and the
/// way in. It stays in view below the scrolling content, so "Begin" is
/// never below the fold.
fn footer(f: &Fonts, practice: &Practice) -> impl Bundle + use<> {
    let f = f.clone();
    let (show_scores, say_first) = (practice.show_scores, practice.say_first);
    (
        Node {
            width: percent(100),
            max_width: px(1080),
            padding: UiRect::axes(px(space::XL), px(space::S + 2.0)),
            ..default()
        },
        children![(
            Node {
                justify_content: JustifyContent::SpaceBetween,
                ..widget::row(space::L)
            },
            children![
                (
                    Node {
                        flex_shrink: 1.0,
                        ..widget::column(space::XS)
                    },
                    children![
                        toggle(
                            &f,
                            if show_scores {
                                "Live scores: on"
                            } else {
                                "Live scores: off"
                            },
                            "S",
                            Action::ToggleScores,
                            "Off by default: watching your own scores pulls attention away from the client. The debrief shows everything afterwards."
                        ),
                        toggle(
                            &f,
                            if say_first {
                                "Say it first: on"
                            } else {
                                "Say it first: off"
                            },
                            "F",
                            Action::ToggleSayFirst,
                            "At every turn, type what you would say before you see the options."
                        ),
                    ]
                ),
                (
                    Node {
                        flex_shrink: 0.0,
                        ..default()
                    },
                    children![widget::button(
                        &f,
                        "Begin the session",
                        Some("Enter"),
                        Action::Begin,
                        Look::Primary
                    )],
                ),
            ],
        )],
    )
}

/// A practice choice in the footer: its button and what it means.
fn toggle(
    f: &Fonts,
    label: &'static str,
    key: &str,
    action: Action,
    means: &'static str,
) -> impl Bundle + use<> {
    (
        Node {
            flex_shrink: 1.0,
            ..widget::row(space::M)
        },
        children![
            (
                Node {
                    flex_shrink: 0.0,
                    width: px(210),
                    ..widget::column(0.0)
                },
                children![widget::button(f, label, Some(key), action, Look::Quiet)],
            ),
            (
                Node {
                    flex_shrink: 1.0,
                    ..default()
                },
                children![widget::small(f, means)]
            ),
        ],
    )
}

/// Typing a goal: letters go into the field until Enter or Escape.
fn type_goal(
    mut typing: ResMut<Typing>,
    mut input: MessageReader<KeyboardInput>,
    mut practice: ResMut<Practice>,
) {
    if !typing.active {
        input.clear();
        return;
    }
    let mut changed = false;
    for k in input.read() {
        if k.state != ButtonState::Pressed {
            continue;
        }
        match &k.logical_key {
            Key::Enter | Key::Escape => {
                typing.active = false;
                changed = true;
            }
            Key::Backspace => {
                typing.text.pop();
                changed = true;
            }
            Key::Space => {
                typing.text.push(' ');
                changed = true;
            }
            Key::Character(c) if typing.text.chars().count() < 120 => {
                typing.text.push_str(c);
                changed = true;
            }
            _ => {}
        }
    }
    if changed {
        let t = typing.text.trim().to_owned();
        practice.goal = (!t.is_empty()).then_some(t);
    }
}

fn keys(
    keys: Res<ButtonInput<KeyCode>>,
    typing: Res<Typing>,
    mut acts: MessageWriter<Act>,
    mut skip_frame: Local<bool>,
) {
    // The key that ends typing must not also act.
    if typing.active || typing.is_changed() {
        *skip_frame = true;
        return;
    }
    if std::mem::take(&mut *skip_frame) {
        return;
    }
    match digit_pressed(&keys) {
        Some(n @ 1..=4) => {
            acts.write(Act(Action::Goal(n - 1)));
        }
        Some(5) => {
            acts.write(Act(Action::TypeGoal));
        }
        _ => {}
    }
    if keys.just_pressed(KeyCode::KeyS) {
        acts.write(Act(Action::ToggleScores));
    }
    if keys.just_pressed(KeyCode::KeyF) {
        acts.write(Act(Action::ToggleSayFirst));
    }
    if keys.just_pressed(KeyCode::Enter) || keys.just_pressed(KeyCode::NumpadEnter) {
        acts.write(Act(Action::Begin));
    }
    if keys.just_pressed(KeyCode::Escape) {
        acts.write(Act(Action::Back));
    }
}

fn act(
    mut acts: MessageReader<Act>,
    mut practice: ResMut<Practice>,
    mut typing: ResMut<Typing>,
    config: Res<Config>,
    mut next: ResMut<NextState<Screen>>,
) {
    for Act(action) in acts.read() {
        match action {
            Action::Goal(i) => {
                let g = GOALS.get(*i).map(|g| (*g).to_owned());
                typing.active = false;
                practice.goal = if practice.goal == g { None } else { g };
            }
            Action::TypeGoal => {
                typing.active = true;
                let t = typing.text.trim().to_owned();
                practice.goal = (!t.is_empty()).then_some(t);
            }
            Action::ToggleScores => practice.show_scores = !practice.show_scores,
            Action::ToggleSayFirst => {
                practice.say_first = !practice.say_first;
                // Remembered for next time; not being able to is no reason
                // not to practise this way now.
                let on = practice.say_first;
                if let Some(path) = &config.prefs
                    && let Err(e) = crate::prefs::Prefs::update(path, |p| p.say_first = on)
                {
                    warn!(
                        "the say-first setting could not be remembered ({}): {e}",
                        path.display()
                    );
                }
            }
            Action::Begin => {
                typing.active = false;
                practice.begin(config.log_dir.as_deref());
                next.set(Screen::Session);
            }
            Action::Back => next.set(Screen::Picker),
            _ => {}
        }
    }
}
