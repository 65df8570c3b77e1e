//! The screens of the practice loop and the classroom, as a Bevy state. Each screen is a
//! plugin in its own file: it spawns its UI on `OnEnter`, marks it
//! `DespawnOnExit`, and moves on only through `NextState<Screen>`.

pub mod before;
pub mod classroom;
pub mod debrief;
pub mod history;
pub mod picker;
pub mod say_first;
pub mod session;

use bevy::prelude::*;

#[derive(States, Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Screen {
    /// Choose a scenario (or resume one).
    #[default]
    Picker,
    /// Meet the client, set a learning goal.
    Before,
    /// The session itself.
    Session,
    /// Looking back with a supervisor's eye.
    Debrief,
    /// A group's sessions on a projector, turn by turn.
    Classroom,
    /// The trainee's past sessions.
    History,
}

pub fn plugin(app: &mut App) {
    app.init_state::<Screen>();
    app.add_plugins((
        picker::plugin,
        before::plugin,
        session::plugin,
        say_first::plugin,
        debrief::plugin,
        classroom::plugin,
        history::plugin,
    ));
    for screen in [
        Screen::Picker,
        Screen::Before,
        Screen::Session,
        Screen::Debrief,
        Screen::Classroom,
        Screen::History,
    ] {
        app.add_systems(OnEnter(screen), forget_actions);
    }
}

/// Actions taken on one screen are never delivered to the next (messages
/// can outlive a frame, and "Back" means something else on every screen).
fn forget_actions(mut acts: ResMut<Messages<crate::app::action::Act>>) {
    acts.clear();
}

/// The digit key pressed this frame, 0 to 9 (top row or keypad).
pub fn digit_pressed(keys: &ButtonInput<KeyCode>) -> Option<usize> {
    // Ctrl with a digit is the display's (Ctrl 0: the usual text size).
    if crate::app::display::modifier_held(keys) {
        return None;
    }
    const DIGITS: [(KeyCode, KeyCode); 10] = [
        (KeyCode::Digit0, KeyCode::Numpad0),
        (KeyCode::Digit1, KeyCode::Numpad1),
        (KeyCode::Digit2, KeyCode::Numpad2),
        (KeyCode::Digit3, KeyCode::Numpad3),
        (KeyCode::Digit4, KeyCode::Numpad4),
        (KeyCode::Digit5, KeyCode::Numpad5),
        (KeyCode::Digit6, KeyCode::Numpad6),
        (KeyCode::Digit7, KeyCode::Numpad7),
        (KeyCode::Digit8, KeyCode::Numpad8),
        (KeyCode::Digit9, KeyCode::Numpad9),
    ];
    DIGITS
        .iter()
        .position(|(a, b)| keys.just_pressed(*a) || keys.just_pressed(*b))
}

/// The letter key pressed this frame, as 0 for A, 1 for B ...
pub fn letter_pressed(keys: &ButtonInput<KeyCode>) -> Option<usize> {
    if crate::app::display::modifier_held(keys) {
        return None;
    }
    const LETTERS: [KeyCode; 6] = [
        KeyCode::KeyA,
        KeyCode::KeyB,
        KeyCode::KeyC,
        KeyCode::KeyD,
        KeyCode::KeyE,
        KeyCode::KeyF,
    ];
    LETTERS.iter().position(|k| keys.just_pressed(*k))
}

/// What typing did this frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Typed {
    /// No key, or nothing that changes the text.
    Nothing,
    /// The text changed.
    Changed,
    /// Enter or Escape: typing is over.
    Done,
}

/// Apply the keys typed this frame to `text`: characters and spaces are
/// added while it is shorter than `max` characters, Backspace takes one
/// away, Enter or Escape ends typing (keys after them are left unread).
pub fn type_into(
    text: &mut String,
    input: &mut MessageReader<bevy::input::keyboard::KeyboardInput>,
    max: usize,
) -> Typed {
    use bevy::input::ButtonState;
    use bevy::input::keyboard::Key;
    let mut typed = Typed::Nothing;
    for k in input.read() {
        if k.state != ButtonState::Pressed {
            continue;
        }
        match &k.logical_key {
            Key::Enter | Key::Escape => return Typed::Done,
            Key::Backspace => {
                text.pop();
                typed = Typed::Changed;
            }
            Key::Space if text.chars().count() < max => {
                text.push(' ');
                typed = Typed::Changed;
            }
            Key::Character(c) if text.chars().count() < max => {
                text.push_str(c);
                typed = Typed::Changed;
            }
            _ => {}
        }
    }
    typed
}
