//! Say it first: in a say-first session, each turn asks what the trainee
//! would say, in their own words, before the options appear (recall before
//! recognition). A small text box takes the typing (characters, Backspace,
//! Enter to show the options, with a caret and a hint); then the options
//! appear under the words, to pick the closest. The words go into the log
//! with the turn ([`Practice::say`], [`Practice::choose`]).
//!
//! The session screen calls [`ask`] and [`said`] where its options go;
//! everything else lives here.

use bevy::input::ButtonState;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::prelude::*;

use super::Screen;
use super::session::{Paused, Reveal};
use crate::app::action::{Act, Action};
use crate::app::practice::Practice;
use crate::app::theme::widget::{self, Look};
use crate::app::theme::{Face, Fonts, palette, size, space};

/// The most characters the box takes: a few sentences, far below what
/// would crowd the log.
pub const MAX_WORDS: usize = 600;

/// What is shown in the box before anything is typed.
const PLACEHOLDER: &str = "What would you say?";

/// The words being typed at this turn.
#[derive(Resource, Default, Debug)]
pub struct Words {
    /// The turn they are for ([`Practice::turn_serial`]).
    pub turn: u64,
    pub text: String,
}

/// The span that shows the typed words.
#[derive(Component)]
struct Typed;

/// The span that shows the placeholder while nothing is typed.
#[derive(Component)]
struct Placeholder;

pub fn plugin(app: &mut App) {
    app.init_resource::<Words>();
    app.add_systems(
        Update,
        (type_words, show_options, show_typed)
            .chain()
            .run_if(in_state(Screen::Session)),
    );
}

/// Whether the box takes keys now: the session waits for the trainee's
/// words, the client's line has been said, and the session is not paused.
pub fn typing(practice: &Practice, reveal: &Reveal, paused: &Paused) -> bool {
    practice.awaits_words() && reveal.done && paused.since.is_none()
}

/// Keys typed go into the box; Enter shows the options. Escape is left to
/// the session (it pauses), and so are keys held with Ctrl or Super.
fn type_words(
    mut words: ResMut<Words>,
    mut input: MessageReader<KeyboardInput>,
    keys: Res<ButtonInput<KeyCode>>,
    mut practice: ResMut<Practice>,
    reveal: Res<Reveal>,
    paused: Res<Paused>,
) {
    if words.turn != practice.turn_serial {
        *words = Words {
            turn: practice.turn_serial,
            text: String::new(),
        };
    }
    if !typing(&practice, &reveal, &paused) {
        input.clear();
        return;
    }
    let held = keys.any_pressed([
        KeyCode::ControlLeft,
        KeyCode::ControlRight,
        KeyCode::SuperLeft,
        KeyCode::SuperRight,
    ]);
    let mut text = words.text.clone();
    for k in input.read() {
        if k.state != ButtonState::Pressed {
            continue;
        }
        match &k.logical_key {
            Key::Enter => {
                practice.say(&text);
                break;
            }
            Key::Backspace => {
                text.pop();
            }
            Key::Escape => {}
            Key::Space if !held => text.push(' '),
            Key::Character(c) if !held => {
                let typed = k.text.as_deref().unwrap_or(c.as_str());
                text.extend(typed.chars().filter(|c| !c.is_control()));
            }
            _ => {}
        }
    }
    if text.chars().count() > MAX_WORDS {
        text = text.chars().take(MAX_WORDS).collect();
    }
    if text != words.text {
        words.text = text;
    }
}

/// The "Show the options" button does what Enter does.
fn show_options(
    mut acts: MessageReader<Act>,
    words: Res<Words>,
    mut practice: ResMut<Practice>,
    reveal: Res<Reveal>,
    paused: Res<Paused>,
) {
    for Act(action) in acts.read() {
        if *action == Action::ShowOptions && typing(&practice, &reveal, &paused) {
            practice.say(&words.text);
        }
    }
}

/// The box shows what has been typed (kept across redraws of the screen).
fn show_typed(
    words: Res<Words>,
    mut typed: Query<&mut TextSpan, (With<Typed>, Without<Placeholder>)>,
    mut placeholder: Query<&mut TextSpan, (With<Placeholder>, Without<Typed>)>,
) {
    for mut s in &mut typed {
        if s.0 != words.text {
            s.0.clone_from(&words.text);
        }
    }
    let hint = if words.text.is_empty() {
        PLACEHOLDER
    } else {
        ""
    };
    for mut s in &mut placeholder {
        if s.0 != hint {
            s.0 = hint.to_owned();
        }
    }
}

/// Where the options will be: the box to type in, with its caret and a
/// hint, and the button that shows the options.
pub fn ask(c: &mut ChildSpawner, f: &Fonts, first_name: &str) {
    c.spawn(widget::eyebrow(f, "In your own words first"));
    c.spawn((
        Name::new("Say it first"),
        widget::card_with(
            palette::SURFACE,
            palette::SAGE,
            Node {
                min_height: px(96),
                padding: UiRect::axes(px(space::M), px(space::S + 2.0)),
                border: UiRect::all(px(2)),
                border_radius: BorderRadius::all(px(12)),
                ..default()
            },
        ),
        children![(
            widget::text(f, "", size::BODY, Face::Regular, palette::INK),
            children![
                (
                    Typed,
                    widget::span(f, "", size::BODY, Face::Regular, palette::INK)
                ),
                widget::span(f, "|", size::BODY, Face::Bold, palette::SAGE),
                (
                    Placeholder,
                    widget::span(f, PLACEHOLDER, size::BODY, Face::Italic, palette::INK_FAINT)
                ),
            ],
        )],
    ));
    c.spawn((
        Node {
            justify_content: JustifyContent::SpaceBetween,
            align_items: AlignItems::FlexStart,
            ..widget::row(space::M)
        },
        children![
            (
                Node {
                    flex_shrink: 1.0,
                    ..default()
                },
                children![widget::text(
                    f,
                    format!(
                        "Type what you would say to {first_name}, then press Enter: the options \
                         appear, and you choose the one closest to your words. Enter on its own \
                         shows them without. Your words are kept for the debrief."
                    ),
                    size::CAPTION,
                    Face::Regular,
                    palette::INK_SOFT,
                )],
            ),
            (
                Node {
                    flex_shrink: 0.0,
                    ..default()
                },
                children![widget::button(
                    f,
                    "Show the options",
                    Some("Enter"),
                    Action::ShowOptions,
                    Look::Quiet
                )],
            ),
        ],
    ));
}

/// Above the options, once they are shown: the words the trainee gave,
/// and the question the options answer.
/// `text_px` is the size of the options' labels, so a tightly laid-out
/// turn stays tight.
pub fn said(c: &mut ChildSpawner, f: &Fonts, words: &str, text_px: f32) {
    c.spawn((
        Node {
            padding: UiRect::left(px(space::M)),
            border: UiRect::left(px(3)),
            ..default()
        },
        BorderColor::all(palette::SAGE),
        children![widget::text(
            f,
            format!("You would say: \u{201c}{words}\u{201d}"),
            text_px,
            Face::Italic,
            palette::INK,
        )],
    ));
    c.spawn(widget::eyebrow(f, "Which option comes closest?"));
}
