//! How the app is displayed, for projectors and low vision: the text size
//! (Ctrl + and Ctrl -, Ctrl 0 for the usual size) and high-contrast colours
//! (Ctrl H), from any screen or from the buttons on the picker. Both are
//! remembered between runs in the preferences file.
//!
//! The text size scales the whole interface, as a browser's zoom does, so
//! nothing is cut; the session fits itself to the room that leaves (see
//! `screens::session`). High contrast repaints every colour of the calm
//! palette with its high-contrast counterpart ([`palette::high_contrast`])
//! as it is drawn, so screens are written once, with the calm palette.

use std::time::Duration;

use bevy::prelude::*;
use bevy::window::RequestRedraw;

use crate::app::action::{Act, Action};
use crate::app::practice::Config;
use crate::app::theme::widget;
use crate::app::theme::{Face, Fonts, palette, size, space};
use crate::prefs::{self, Prefs, TEXT_SIZES};

/// How long a change of display is announced on screen.
const TOAST: Duration = Duration::from_millis(1800);

/// The display settings in force.
#[derive(Resource, Debug, Clone, PartialEq, Eq)]
pub struct Display {
    /// Text size in percent of the usual size (one of [`TEXT_SIZES`]).
    pub text_size: u16,
    pub high_contrast: bool,
}

impl Default for Display {
    fn default() -> Display {
        Display {
            text_size: 100,
            high_contrast: false,
        }
    }
}

impl Display {
    /// The settings saved in `prefs`.
    pub fn from_prefs(prefs: &Prefs) -> Display {
        Display {
            text_size: prefs.text_size.map_or(100, prefs::clamp_text_size),
            high_contrast: prefs.high_contrast,
        }
    }

    /// The next text size up (`step` 1) or down (`step` -1), if any.
    pub fn step(&self, step: i32) -> Option<u16> {
        let at = TEXT_SIZES.iter().position(|s| *s == self.text_size)?;
        let next = at.checked_add_signed(step as isize)?;
        TEXT_SIZES.get(next).copied()
    }

    fn announce(&self) -> String {
        format!(
            "Text size {}% · high contrast {} · Ctrl + / Ctrl - / Ctrl 0 / Ctrl H",
            self.text_size,
            if self.high_contrast { "on" } else { "off" }
        )
    }
}

/// The colours an entity was given by its screen, and what was last
/// painted over them, so that high contrast can be turned off again.
#[derive(Component, Default)]
pub struct Painted {
    text: Option<(Color, Color)>,
    fill: Option<(Color, Color)>,
    edge: Option<([Color; 4], [Color; 4])>,
}

/// The banner that says what changed.
#[derive(Component)]
struct Toast {
    left: Timer,
}

pub fn plugin(app: &mut App) {
    app.init_resource::<Display>();
    // Bevy's UI plugin has these too; headless, the app keeps its own.
    app.init_resource::<UiScale>();
    app.add_message::<bevy::window::WindowResized>();
    app.add_systems(Startup, spawn_toast);
    app.add_systems(Update, (keys, apply, toast).chain());
    app.add_systems(PostUpdate, paint);
}

fn ctrl(keys: &ButtonInput<KeyCode>) -> bool {
    keys.any_pressed([
        KeyCode::ControlLeft,
        KeyCode::ControlRight,
        KeyCode::SuperLeft,
        KeyCode::SuperRight,
    ])
}

/// Is Ctrl (or the command key) held? Screens leave such keys alone.
pub fn modifier_held(keys: &ButtonInput<KeyCode>) -> bool {
    ctrl(keys)
}

fn keys(
    keys: Res<ButtonInput<KeyCode>>,
    mut acts: MessageReader<Act>,
    mut display: ResMut<Display>,
) {
    let mut want = display.clone();
    if ctrl(&keys) {
        if keys.any_just_pressed([KeyCode::Equal, KeyCode::NumpadAdd]) {
            want.text_size = display.step(1).unwrap_or(display.text_size);
        } else if keys.any_just_pressed([KeyCode::Minus, KeyCode::NumpadSubtract]) {
            want.text_size = display.step(-1).unwrap_or(display.text_size);
        } else if keys.any_just_pressed([KeyCode::Digit0, KeyCode::Numpad0]) {
            want.text_size = 100;
        } else if keys.just_pressed(KeyCode::KeyH) {
            want.high_contrast = !display.high_contrast;
        }
    }
    for Act(action) in acts.read() {
        match action {
            Action::TextLarger => want.text_size = want.step(1).unwrap_or(want.text_size),
            Action::TextSmaller => want.text_size = want.step(-1).unwrap_or(want.text_size),
            Action::Contrast => want.high_contrast = !want.high_contrast,
            _ => {}
        }
    }
    // Only a real change counts as one (and is saved).
    display.set_if_neq(want);
}

fn apply(
    display: Res<Display>,
    config: Res<Config>,
    mut scale: ResMut<UiScale>,
    mut clear: ResMut<ClearColor>,
    mut toasts: Query<(&mut Toast, &mut Visibility, &Children)>,
    mut texts: Query<&mut Text>,
) {
    if !display.is_changed() {
        return;
    }
    let wanted = f32::from(display.text_size) / 100.0;
    if scale.0 != wanted {
        scale.0 = wanted;
    }
    clear.0 = if display.high_contrast {
        palette::high_contrast(palette::BACKGROUND)
    } else {
        palette::BACKGROUND
    };
    if display.is_added() {
        return;
    }
    if let Some(path) = &config.prefs {
        let (size, contrast) = (display.text_size, display.high_contrast);
        if let Err(e) = Prefs::update(path, |p| {
            p.text_size = (size != 100).then_some(size);
            p.high_contrast = contrast;
        }) {
            warn!(
                "the display settings could not be remembered ({}: {e})",
                path.display()
            );
        }
    }
    for (mut toast, mut shown, children) in &mut toasts {
        toast.left = Timer::new(TOAST, TimerMode::Once);
        *shown = Visibility::Inherited;
        for child in children {
            if let Ok(mut t) = texts.get_mut(*child) {
                t.0 = display.announce();
            }
        }
    }
}

fn spawn_toast(mut commands: Commands, fonts: Res<Fonts>) {
    commands.spawn((
        Name::new("Display settings banner"),
        Toast {
            left: Timer::new(Duration::ZERO, TimerMode::Once),
        },
        Visibility::Hidden,
        GlobalZIndex(20),
        Node {
            position_type: PositionType::Absolute,
            top: px(space::M),
            left: percent(50),
            padding: UiRect::axes(px(space::M), px(space::S)),
            border_radius: BorderRadius::all(px(12)),
            ..default()
        },
        UiTransform::from_translation(Val2::percent(-50.0, 0.0)),
        BackgroundColor(palette::INK.with_alpha(0.88)),
        children![widget::text(
            &fonts,
            "",
            size::SMALL,
            Face::Bold,
            palette::ON_ACCENT
        )],
    ));
}

fn toast(
    time: Res<Time>,
    mut toasts: Query<(&mut Toast, &mut Visibility)>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    for (mut toast, mut shown) in &mut toasts {
        if *shown == Visibility::Hidden {
            continue;
        }
        toast.left.tick(time.delta());
        if toast.left.is_finished() {
            *shown = Visibility::Hidden;
        }
        // Keep frames coming until the banner has gone.
        redraw.write(RequestRedraw);
    }
}

type Colours<'a> = (
    Entity,
    Option<Mut<'a, TextColor>>,
    Option<Mut<'a, BackgroundColor>>,
    Option<Mut<'a, BorderColor>>,
    Option<Mut<'a, Painted>>,
);

type Coloured = Or<(With<TextColor>, With<BackgroundColor>, With<BorderColor>)>;

/// Paint every colour in the palette in force. What a screen sets is kept
/// as the original; what was painted over it is recognised and left alone.
/// Entities spawned this frame are painted before they are first drawn.
fn paint(
    mut commands: Commands,
    display: Res<Display>,
    mut last: Local<bool>,
    mut q: Query<Colours, Coloured>,
) {
    let on = display.high_contrast;
    // With the calm palette there is nothing to do, once the high-contrast
    // colours have been taken off again.
    if !on && !*last {
        return;
    }
    *last = on;
    for (e, text, fill, edge, painted) in &mut q {
        match painted {
            Some(mut p) => repaint(&mut p, on, text, fill, edge),
            None => {
                let mut p = Painted::default();
                repaint(&mut p, on, text, fill, edge);
                commands.entity(e).insert(p);
            }
        }
    }
}

fn repaint(
    painted: &mut Painted,
    on: bool,
    text: Option<Mut<TextColor>>,
    fill: Option<Mut<BackgroundColor>>,
    edge: Option<Mut<BorderColor>>,
) {
    let look = |c: Color| if on { palette::high_contrast(c) } else { c };
    // The colour the screen meant: the original if what is there now is
    // what was painted last, else what is there now (the screen set it).
    fn meant<T: PartialEq + Copy>(kept: Option<(T, T)>, now: T) -> T {
        match kept {
            Some((original, shown)) if shown == now => original,
            _ => now,
        }
    }
    if let Some(mut t) = text {
        let was = meant(painted.text, t.0);
        let now = look(was);
        if t.0 != now {
            t.0 = now;
        }
        painted.text = Some((was, now));
    }
    if let Some(mut f) = fill {
        let was = meant(painted.fill, f.0);
        let now = look(was);
        if f.0 != now {
            f.0 = now;
        }
        painted.fill = Some((was, now));
    }
    if let Some(mut b) = edge {
        let sides = [b.top, b.right, b.bottom, b.left];
        let was = meant(painted.edge, sides);
        let now = was.map(look);
        if sides != now {
            *b = BorderColor {
                top: now[0],
                right: now[1],
                bottom: now[2],
                left: now[3],
            };
        }
        painted.edge = Some((was, now));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_sizes_step_within_the_offered_ones() {
        let d = Display::default();
        assert_eq!(d.step(1), Some(110));
        assert_eq!(d.step(-1), Some(90));
        let big = Display {
            text_size: 200,
            ..d.clone()
        };
        assert_eq!(big.step(1), None);
        let small = Display { text_size: 80, ..d };
        assert_eq!(small.step(-1), None);
    }
}
