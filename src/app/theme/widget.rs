//! Widgets as functions: each returns a bundle to spawn. A button carries
//! an [`Action`]; pressing it (or its key) sends that action to the screen.

use bevy::prelude::*;
use bevy::text::LineHeight;

use super::{Face, Fonts, palette, size, space};
use crate::app::action::Action;

/// A run of text in the app's typeface.
pub fn text<S: Into<String>>(
    fonts: &Fonts,
    s: S,
    px: f32,
    face: Face,
    color: Color,
) -> impl Bundle + use<S> {
    (Text::new(s), text_style(fonts, px, face, color))
}

/// One span of a multi-span text.
pub fn span<S: Into<String>>(
    fonts: &Fonts,
    s: S,
    px: f32,
    face: Face,
    color: Color,
) -> impl Bundle + use<S> {
    (TextSpan::new(s), text_style(fonts, px, face, color))
}

/// Typeface, size, colour and line height shared by texts and their spans.
fn text_style(fonts: &Fonts, px: f32, face: Face, color: Color) -> impl Bundle + use<> {
    (
        TextFont {
            font: fonts.get(face).into(),
            font_size: FontSize::Px(px),
            ..default()
        },
        TextColor(color),
        LineHeight::RelativeToFont(1.35),
    )
}

/// Monospaced text (Bevy's built-in font), for diagnostics whose carets
/// must line up under the source.
pub fn mono<S: Into<String>>(s: S) -> impl Bundle + use<S> {
    (
        Text::new(s),
        TextFont {
            font_size: FontSize::Px(size::CAPTION),
            ..default()
        },
        TextColor(palette::INK),
        LineHeight::RelativeToFont(1.3),
        TextLayout::linebreak(LineBreak::AnyCharacter),
    )
}

pub fn body<S: Into<String>>(fonts: &Fonts, s: S) -> impl Bundle + use<S> {
    text(fonts, s, size::BODY, Face::Regular, palette::INK)
}

pub fn small<S: Into<String>>(fonts: &Fonts, s: S) -> impl Bundle + use<S> {
    text(fonts, s, size::SMALL, Face::Regular, palette::INK_SOFT)
}

pub fn heading<S: Into<String>>(fonts: &Fonts, s: S) -> impl Bundle + use<S> {
    text(fonts, s, size::HEADING, Face::Bold, palette::INK)
}

/// A small upper-case label above a section.
pub fn eyebrow(fonts: &Fonts, s: &str) -> impl Bundle + use<> {
    text(
        fonts,
        s.to_uppercase(),
        size::CAPTION,
        Face::Bold,
        palette::INK_FAINT,
    )
}

/// A vertical stack.
pub fn column(gap: f32) -> Node {
    Node {
        flex_direction: FlexDirection::Column,
        row_gap: px(gap),
        ..default()
    }
}

/// A horizontal row, items centred vertically.
pub fn row(gap: f32) -> Node {
    Node {
        flex_direction: FlexDirection::Row,
        column_gap: px(gap),
        align_items: AlignItems::Center,
        ..default()
    }
}

/// A page's header: the title block on the left, which may wrap, and the
/// page's controls on the right, which keep their size. Both are given as
/// their children (`children![...]`).
pub fn page_header(title: impl Bundle, controls: impl Bundle) -> impl Bundle {
    (
        Node {
            justify_content: JustifyContent::SpaceBetween,
            align_items: AlignItems::FlexStart,
            ..row(space::L)
        },
        children![
            (
                Node {
                    flex_shrink: 1.0,
                    ..column(space::XS)
                },
                title,
            ),
            (
                Node {
                    flex_shrink: 0.0,
                    margin: UiRect::top(px(space::S)),
                    align_items: AlignItems::FlexEnd,
                    ..column(space::S)
                },
                controls,
            ),
        ],
    )
}

/// The layout of a panel.
pub fn card_node() -> Node {
    Node {
        flex_direction: FlexDirection::Column,
        row_gap: px(space::S),
        padding: UiRect::axes(px(space::L), px(space::M + 2.0)),
        border: UiRect::all(px(1.5)),
        border_radius: BorderRadius::all(px(14)),
        ..default()
    }
}

/// A raised panel.
pub fn card(fill: Color, edge: Color) -> impl Bundle {
    card_with(fill, edge, card_node())
}

/// A raised panel laid out as `node`.
pub fn card_with(fill: Color, edge: Color, node: Node) -> impl Bundle {
    (node, BackgroundColor(fill), BorderColor::all(edge))
}

/// A small rounded tag ("advanced", "a repair").
pub fn tag<S: Into<String>>(fonts: &Fonts, s: S, fill: Color, ink: Color) -> impl Bundle + use<S> {
    (
        Node {
            padding: UiRect::axes(px(10), px(3)),
            border_radius: BorderRadius::MAX,
            ..default()
        },
        BackgroundColor(fill),
        children![text(fonts, s, size::CAPTION, Face::Bold, ink)],
    )
}

/// Colours a button takes at rest, under the pointer and pressed.
#[derive(Component, Clone, Copy, Debug)]
pub struct ButtonColors {
    pub normal: Color,
    pub hover: Color,
    pub pressed: Color,
}

impl ButtonColors {
    /// `normal` at rest, and the app's usual hover and press colours.
    pub const fn resting(normal: Color) -> ButtonColors {
        ButtonColors {
            normal,
            hover: palette::BUTTON_HOVER,
            pressed: palette::BUTTON_PRESS,
        }
    }
}

/// How a button looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Look {
    /// The main way forward on a screen.
    Primary,
    /// Everything else.
    Quiet,
}

impl Look {
    fn colors(self) -> (ButtonColors, Color, Color) {
        match self {
            Look::Primary => (
                ButtonColors {
                    normal: palette::PRIMARY,
                    hover: palette::PRIMARY_HOVER,
                    pressed: palette::SAGE_DEEP,
                },
                palette::PRIMARY,
                palette::ON_ACCENT,
            ),
            Look::Quiet => (
                ButtonColors::resting(palette::BUTTON),
                palette::BORDER,
                palette::INK,
            ),
        }
    }
}

/// The layout of an ordinary button.
pub fn button_node() -> Node {
    Node {
        padding: UiRect::axes(px(space::M + 4.0), px(space::S)),
        border: UiRect::all(px(1.5)),
        border_radius: BorderRadius::all(px(12)),
        align_items: AlignItems::Center,
        justify_content: JustifyContent::Center,
        column_gap: px(space::S),
        ..default()
    }
}

/// The frame of a button laid out as `node`: give it children for its content.
pub fn button_frame(action: Action, colors: ButtonColors, edge: Color, node: Node) -> impl Bundle {
    (
        Button,
        action,
        colors,
        node,
        BackgroundColor(colors.normal),
        BorderColor::all(edge),
    )
}

/// The frame of a chip: one rounded choice among several, `on` when it is
/// the one chosen (a thicker sage edge). Its text takes [`chip_ink`].
pub fn chip_frame(on: bool, action: Action) -> impl Bundle {
    let (fill, edge) = if on {
        (palette::SAGE_TINT, palette::SAGE)
    } else {
        (palette::SURFACE, palette::BORDER)
    };
    button_frame(
        action,
        ButtonColors::resting(fill),
        edge,
        Node {
            padding: UiRect::axes(px(space::M), px(space::S)),
            border: UiRect::all(px(if on { 2.5 } else { 1.5 })),
            border_radius: BorderRadius::MAX,
            column_gap: px(space::S),
            align_items: AlignItems::Center,
            ..default()
        },
    )
}

/// The colour of a chip's label.
pub fn chip_ink(on: bool) -> Color {
    if on { palette::SAGE_DEEP } else { palette::INK }
}

/// The quiet "Back to scenarios" button, on Esc, that the picker's
/// other screens carry.
pub fn back_to_scenarios(fonts: &Fonts) -> impl Bundle + use<> {
    button(
        fonts,
        "Back to scenarios",
        Some("Esc"),
        Action::Back,
        Look::Quiet,
    )
}

/// A button with a text label; `key` is shown as a hint after the label.
pub fn button<S: Into<String>>(
    fonts: &Fonts,
    label: S,
    key: Option<&str>,
    action: Action,
    look: Look,
) -> impl Bundle + use<S> {
    let (colors, edge, ink) = look.colors();
    let hint = key.map(|k| format!("  {k}")).unwrap_or_default();
    let faint = if look == Look::Primary {
        palette::SAGE_TINT
    } else {
        palette::INK_FAINT
    };
    (
        button_frame(action, colors, edge, button_node()),
        children![(
            text(fonts, "", size::BODY, Face::Bold, ink),
            children![
                span(fonts, label, size::BODY, Face::Bold, ink),
                span(fonts, hint, size::SMALL, Face::Regular, faint),
            ]
        )],
    )
}

/// Hover and press feedback for every button.
type ButtonChanged = Or<(Changed<Interaction>, Changed<ButtonColors>)>;

pub fn button_feedback(
    mut buttons: Query<(&Interaction, &ButtonColors, &mut BackgroundColor), ButtonChanged>,
) {
    for (interaction, colors, mut bg) in &mut buttons {
        bg.0 = match interaction {
            Interaction::Pressed => colors.pressed,
            Interaction::Hovered => colors.hover,
            Interaction::None => colors.normal,
        };
    }
}

/// A full-window root for a screen: a column that scrolls when its
/// content is taller than the window.
pub fn screen_root() -> impl Bundle {
    (
        Node {
            width: percent(100),
            height: percent(100),
            flex_direction: FlexDirection::Column,
            align_items: AlignItems::Center,
            overflow: Overflow::scroll_y(),
            ..default()
        },
        Scrolls,
    )
}

/// The scrolling part of a screen that also has a fixed footer: it takes
/// the height the footer leaves and scrolls when its content is taller.
pub fn scroll_body() -> impl Bundle {
    (
        Node {
            flex_grow: 1.0,
            flex_basis: px(0),
            width: percent(100),
            flex_direction: FlexDirection::Column,
            align_items: AlignItems::Center,
            overflow: Overflow::scroll_y(),
            ..default()
        },
        Scrolls,
    )
}

/// A node that the mouse wheel and the page keys scroll.
#[derive(Component, Default)]
pub struct Scrolls;

/// Scroll every [`Scrolls`] node with the wheel, arrow and page keys.
pub fn scroll(
    mut wheel: MessageReader<bevy::input::mouse::MouseWheel>,
    keys: Res<ButtonInput<KeyCode>>,
    mut nodes: Query<(&mut ScrollPosition, &ComputedNode), With<Scrolls>>,
) {
    use bevy::input::mouse::MouseScrollUnit;
    let mut dy = 0.0;
    for w in wheel.read() {
        dy -= match w.unit {
            MouseScrollUnit::Line => w.y * 40.0,
            MouseScrollUnit::Pixel => w.y,
        };
    }
    if keys.just_pressed(KeyCode::PageDown) {
        dy += 500.0;
    }
    if keys.just_pressed(KeyCode::PageUp) {
        dy -= 500.0;
    }
    if keys.just_pressed(KeyCode::Home) {
        dy -= 1.0e6;
    }
    if keys.just_pressed(KeyCode::End) {
        dy += 1.0e6;
    }
    if dy == 0.0 {
        return;
    }
    for (mut pos, computed) in &mut nodes {
        let max = ((computed.content_size().y - computed.size().y)
            * computed.inverse_scale_factor())
        .max(0.0);
        pos.y = (pos.y + dy).clamp(0.0, max);
    }
}

/// The cue that there is more below: shown at the foot of a scrolling
/// part of the screen while its content goes on past the bottom.
#[derive(Component)]
pub struct ScrollCue;

/// The cue, hidden until [`scroll_cue`] places it: a band the colour of
/// the page across the foot of the scrolling part, so the cut-off line
/// behind it is covered rather than overlapped, with a pill that says so.
pub fn scroll_cue_bundle(fonts: &Fonts) -> impl Bundle {
    (
        Name::new("More below"),
        ScrollCue,
        GlobalZIndex(5),
        Visibility::Hidden,
        Node {
            position_type: PositionType::Absolute,
            justify_content: JustifyContent::Center,
            padding: UiRect::vertical(px(space::S)),
            border: UiRect::top(px(1.0)),
            ..default()
        },
        BackgroundColor(palette::BACKGROUND),
        BorderColor::all(palette::BORDER),
        bevy::ui::FocusPolicy::Pass,
        children![(
            Node {
                padding: UiRect::axes(px(space::M), px(space::S)),
                border_radius: BorderRadius::MAX,
                column_gap: px(space::S),
                ..default()
            },
            BackgroundColor(palette::INK.with_alpha(0.82)),
            bevy::ui::FocusPolicy::Pass,
            children![
                text(
                    fonts,
                    "More below",
                    size::SMALL,
                    Face::Bold,
                    palette::ON_ACCENT
                ),
                text(
                    fonts,
                    "scroll or PgDn",
                    size::SMALL,
                    Face::Regular,
                    palette::SURFACE_SUNK
                ),
            ],
        )],
    )
}

/// Show the cue at the foot of the first scrolling part of the screen
/// whose content goes on below what is visible; hide it otherwise.
pub fn scroll_cue(
    views: Query<(&ScrollPosition, &ComputedNode, &UiGlobalTransform), With<Scrolls>>,
    mut cues: Query<(&mut Node, &mut Visibility, &ComputedNode), With<ScrollCue>>,
) {
    let Ok((mut node, mut shown, cue)) = cues.single_mut() else {
        return;
    };
    let below = views.iter().find(|(pos, view, _)| {
        let inverse = view.inverse_scale_factor();
        let hidden = (view.content_size().y - view.size().y) * inverse - pos.y;
        view.size().y > 0.0 && hidden > 8.0
    });
    let Some((_, view, at)) = below else {
        if *shown != Visibility::Hidden {
            *shown = Visibility::Hidden;
        }
        return;
    };
    // Layout is in physical pixels; the cue is placed in logical ones.
    let inverse = view.inverse_scale_factor();
    let bottom = (at.translation.y + view.size().y / 2.0) * inverse;
    let centre = at.translation.x * inverse;
    let view_w = view.size().x * inverse;
    let h = cue.size().y * inverse;
    let left = px(centre - view_w / 2.0);
    let top = px(bottom - h);
    let width = px(view_w);
    if node.left != left || node.top != top || node.width != width {
        node.left = left;
        node.top = top;
        node.width = width;
    }
    if *shown != Visibility::Inherited {
        *shown = Visibility::Inherited;
    }
}

/// A one-line text field showing `typed`, or `placeholder` in faint italics
/// when it is empty; a caret while `active` (it has the keyboard).
/// Pressing it sends `action`, which should give it the keyboard.
pub fn field(
    fonts: &Fonts,
    typed: &str,
    placeholder: &str,
    active: bool,
    action: Action,
) -> impl Bundle + use<> {
    let empty = typed.is_empty() && !active;
    let shown = if empty {
        placeholder.to_owned()
    } else if active {
        format!("{typed}|")
    } else {
        typed.to_owned()
    };
    let (fill, edge) = if active {
        (palette::SURFACE, palette::SAGE)
    } else {
        (palette::SURFACE_SUNK, palette::BORDER)
    };
    (
        button_frame(
            action,
            ButtonColors::resting(fill),
            edge,
            Node {
                flex_grow: 1.0,
                min_width: px(240),
                justify_content: JustifyContent::FlexStart,
                padding: UiRect::axes(px(space::M), px(space::S)),
                border: UiRect::all(px(if active { 2.5 } else { 1.5 })),
                border_radius: BorderRadius::all(px(10)),
                ..default()
            },
        ),
        children![text(
            fonts,
            shown,
            size::BODY,
            if empty { Face::Italic } else { Face::Regular },
            if empty {
                palette::INK_FAINT
            } else {
                palette::INK
            },
        )],
    )
}

/// A horizontal bar `width` pixels long at most, filled in proportion to
/// `count` out of `total`, with the count after it.
pub fn count_bar(
    fonts: &Fonts,
    count: usize,
    total: usize,
    color: Color,
    width: f32,
) -> impl Bundle + use<> {
    let share = if total == 0 {
        0.0
    } else {
        count as f32 / total as f32
    };
    (
        row(space::S),
        children![
            (
                Node {
                    width: px(width),
                    height: px(18),
                    border_radius: BorderRadius::all(px(5)),
                    ..default()
                },
                BackgroundColor(palette::SURFACE_SUNK),
                children![(
                    Node {
                        width: percent(100.0 * share),
                        min_width: px(if count > 0 { 6.0 } else { 0.0 }),
                        height: percent(100),
                        border_radius: BorderRadius::all(px(5)),
                        ..default()
                    },
                    BackgroundColor(color),
                )],
            ),
            text(
                fonts,
                count.to_string(),
                size::HEADING,
                Face::Bold,
                if count > 0 {
                    palette::INK
                } else {
                    palette::INK_FAINT
                },
            ),
        ],
    )
}

/// A key for a chart: a small swatch of `color` and its label.
pub fn legend(f: &Fonts, color: Color, label: &str) -> impl Bundle + use<> {
    (
        row(space::XS),
        children![
            (
                Node {
                    width: px(14),
                    height: px(14),
                    border_radius: BorderRadius::all(px(3)),
                    ..default()
                },
                BackgroundColor(color),
            ),
            text(
                f,
                label.to_owned(),
                size::CAPTION,
                Face::Regular,
                palette::INK_SOFT
            ),
        ],
    )
}
