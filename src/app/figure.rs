//! The client as a figure drawn with UI nodes: posture, arms, head and face
//! change with the affect of the current turn (withdrawn, guarded, bright,
//! tense, angry, tearful, open ...), so the trainee reads the body as well
//! as the words. How the client looks (skin, hair, facial hair, glasses,
//! head covering, clothes, build, age) comes from the scenario's
//! `appearance` block, resolved into a [`Look`] with its fallback.

use bevy::color::Mix;
use bevy::prelude::*;

use crate::app::theme::palette;
use crate::appearance::AgeBand;
pub use crate::appearance::Look;
use crate::format::{
    Affect, Build, Colour, FacialHair, HairColour, HairLength, HairStyle, HeadCovering, SkinTone,
    Top,
};

/// Width and height of the figure's box, in logical pixels.
pub const WIDTH: f32 = 300.0;
pub const HEIGHT: f32 = 380.0;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Arms {
    /// Resting open on the knees.
    Open,
    /// Folded across the chest.
    Crossed,
    /// Hands together in the lap.
    Lap,
    /// Hands clenched together in front of the chest.
    Clenched,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Mouth {
    Smile,
    SoftSmile,
    Flat,
    Tight,
    Frown,
}

/// Everything about the figure that the affect changes.
#[derive(Clone, Copy, Debug)]
struct Pose {
    /// Head tilt, degrees clockwise.
    tilt: f32,
    /// Head moved down (+) or up, and sideways.
    head_drop: f32,
    head_shift: f32,
    /// The whole body sinks (+) and shrinks, or leans in (scale above 1).
    body_drop: f32,
    body_scale: f32,
    /// Shoulders drawn up, in pixels.
    shoulders: f32,
    arms: Arms,
    /// Eye height in pixels (2 closed .. 12 wide).
    eyes: f32,
    /// Where the eyes look: x sideways, y down.
    gaze: Vec2,
    /// Brow angle in degrees: positive is inner ends down (anger),
    /// negative inner ends up (worry). Lift: negative raises.
    brow_angle: f32,
    brow_lift: f32,
    mouth: Mouth,
    flush: f32,
    tears: bool,
}

impl Pose {
    fn of(affect: Affect) -> Pose {
        let base = Pose {
            tilt: 0.0,
            head_drop: 0.0,
            head_shift: 0.0,
            body_drop: 0.0,
            body_scale: 1.0,
            shoulders: 0.0,
            arms: Arms::Open,
            eyes: 10.0,
            gaze: Vec2::ZERO,
            brow_angle: 0.0,
            brow_lift: 0.0,
            mouth: Mouth::SoftSmile,
            flush: 0.0,
            tears: false,
        };
        match affect {
            Affect::Open => base,
            Affect::Warm => Pose {
                tilt: 5.0,
                eyes: 8.0,
                mouth: Mouth::Smile,
                ..base
            },
            Affect::Bright => Pose {
                tilt: -3.0,
                body_scale: 1.02,
                eyes: 11.0,
                brow_lift: -4.0,
                mouth: Mouth::Smile,
                ..base
            },
            Affect::Guarded => Pose {
                head_shift: -8.0,
                tilt: -3.0,
                arms: Arms::Crossed,
                eyes: 7.0,
                gaze: Vec2::new(-4.0, 0.0),
                brow_angle: 4.0,
                brow_lift: 1.0,
                mouth: Mouth::Flat,
                ..base
            },
            Affect::Withdrawn => Pose {
                tilt: -7.0,
                head_drop: 14.0,
                body_drop: 10.0,
                body_scale: 0.96,
                arms: Arms::Lap,
                eyes: 5.0,
                gaze: Vec2::new(-2.0, 3.0),
                mouth: Mouth::Flat,
                ..base
            },
            Affect::Flat => Pose {
                body_drop: 4.0,
                arms: Arms::Lap,
                eyes: 5.0,
                mouth: Mouth::Flat,
                ..base
            },
            Affect::Anxious => Pose {
                shoulders: 10.0,
                arms: Arms::Clenched,
                eyes: 12.0,
                gaze: Vec2::new(3.0, 0.0),
                brow_angle: -14.0,
                brow_lift: -3.0,
                mouth: Mouth::Tight,
                ..base
            },
            Affect::Tense => Pose {
                shoulders: 8.0,
                arms: Arms::Clenched,
                eyes: 9.0,
                brow_angle: 9.0,
                brow_lift: 2.0,
                mouth: Mouth::Tight,
                ..base
            },
            Affect::Angry => Pose {
                body_scale: 1.04,
                shoulders: 4.0,
                arms: Arms::Crossed,
                eyes: 7.0,
                brow_angle: 20.0,
                brow_lift: 4.0,
                mouth: Mouth::Frown,
                flush: 1.0,
                ..base
            },
            Affect::Tearful => Pose {
                tilt: 8.0,
                head_drop: 8.0,
                body_drop: 6.0,
                arms: Arms::Lap,
                eyes: 5.0,
                gaze: Vec2::new(0.0, 3.0),
                brow_angle: -14.0,
                brow_lift: -2.0,
                mouth: Mouth::Frown,
                flush: 0.5,
                tears: true,
                ..base
            },
        }
    }
}
/// An absolutely placed, rounded block of colour.
fn blob(left: f32, top: f32, w: f32, h: f32, color: Color, radius: f32) -> impl Bundle {
    shape(left, top, w, h, color, BorderRadius::all(px(radius)))
}

/// An absolutely placed block of colour with its own corner radii.
fn shape(left: f32, top: f32, w: f32, h: f32, color: Color, radius: BorderRadius) -> impl Bundle {
    (
        Node {
            position_type: PositionType::Absolute,
            left: px(left),
            top: px(top),
            width: px(w),
            height: px(h),
            border_radius: radius,
            ..default()
        },
        BackgroundColor(color),
    )
}

/// An absolutely placed, rounded outline: a frame of `line` pixels.
fn ring(left: f32, top: f32, w: f32, h: f32, color: Color, radius: f32, line: f32) -> impl Bundle {
    (
        Node {
            position_type: PositionType::Absolute,
            left: px(left),
            top: px(top),
            width: px(w),
            height: px(h),
            border: UiRect::all(px(line)),
            border_radius: BorderRadius::all(px(radius)),
            ..default()
        },
        BorderColor::all(color),
    )
}

fn turned(bundle: impl Bundle, degrees: f32) -> impl Bundle {
    (bundle, UiTransform::from_rotation(Rot2::degrees(degrees)))
}

/// A layer as large as the figure, scaled sideways about its middle: how
/// a build widens or narrows the body without moving its centre.
fn widened(sx: f32, fill: impl FnOnce(&mut ChildSpawner) + Send + Sync + 'static) -> impl Bundle {
    (
        Node {
            position_type: PositionType::Absolute,
            left: px(0),
            top: px(0),
            width: px(WIDTH),
            height: px(HEIGHT),
            ..default()
        },
        UiTransform {
            scale: Vec2::new(sx, 1.0),
            ..default()
        },
        Children::spawn(SpawnWith(fill)),
    )
}

/// The colours of one look, worked out once.
#[derive(Clone, Copy, Debug)]
struct Colours {
    skin: Color,
    skin_shade: Color,
    /// Eyes, brows' base and the mouth.
    feature: Color,
    /// Age lines.
    line: Color,
    hair: Color,
    brow: Color,
    beard: Color,
    cloth: Color,
    cloth_shade: Color,
    accent: Color,
    accent_shade: Color,
    /// A hood that is up: the hoodie's own, or one under a jacket.
    hood: Color,
    hood_shade: Color,
}

fn darker(c: Color, by: f32) -> Color {
    c.mix(&Color::BLACK, by)
}

fn skin_tone(t: SkinTone) -> (Color, Color) {
    match t {
        SkinTone::Light => (
            Color::srgb(0.949, 0.816, 0.737),
            Color::srgb(0.882, 0.729, 0.643),
        ),
        SkinTone::LightMedium => (
            Color::srgb(0.890, 0.722, 0.600),
            Color::srgb(0.816, 0.639, 0.518),
        ),
        SkinTone::Medium => (palette::SKIN, palette::SKIN_SHADE),
        SkinTone::MediumDeep => (
            Color::srgb(0.627, 0.439, 0.322),
            Color::srgb(0.549, 0.369, 0.259),
        ),
        SkinTone::Deep => (
            Color::srgb(0.420, 0.275, 0.196),
            Color::srgb(0.345, 0.216, 0.149),
        ),
    }
}

fn hair_colour(h: HairColour) -> Color {
    match h {
        HairColour::Black => Color::srgb(0.102, 0.086, 0.082),
        HairColour::DarkBrown => palette::HAIR,
        HairColour::Brown => Color::srgb(0.431, 0.306, 0.208),
        HairColour::LightBrown => Color::srgb(0.584, 0.443, 0.310),
        HairColour::Auburn => Color::srgb(0.529, 0.259, 0.165),
        HairColour::Red => Color::srgb(0.737, 0.400, 0.208),
        HairColour::Blonde => Color::srgb(0.851, 0.729, 0.494),
        HairColour::Grey => Color::srgb(0.655, 0.643, 0.631),
        HairColour::White => Color::srgb(0.898, 0.890, 0.875),
    }
}

fn colour(c: Colour) -> Color {
    match c {
        Colour::Blue => palette::CLOTH,
        Colour::Navy => Color::srgb(0.247, 0.306, 0.420),
        Colour::Teal => Color::srgb(0.290, 0.498, 0.502),
        Colour::Green => Color::srgb(0.490, 0.584, 0.447),
        Colour::Olive => Color::srgb(0.494, 0.490, 0.322),
        Colour::Mustard => Color::srgb(0.792, 0.631, 0.302),
        Colour::Rust => Color::srgb(0.698, 0.408, 0.286),
        Colour::Burgundy => Color::srgb(0.490, 0.224, 0.263),
        Colour::Plum => Color::srgb(0.447, 0.322, 0.459),
        Colour::Pink => Color::srgb(0.851, 0.624, 0.639),
        Colour::Tan => Color::srgb(0.757, 0.616, 0.455),
        Colour::Brown => Color::srgb(0.443, 0.329, 0.255),
        Colour::Cream => Color::srgb(0.918, 0.878, 0.792),
        Colour::White => Color::srgb(0.957, 0.953, 0.937),
        Colour::Grey => Color::srgb(0.592, 0.596, 0.604),
        Colour::Charcoal => Color::srgb(0.290, 0.298, 0.322),
        Colour::Black => Color::srgb(0.145, 0.145, 0.161),
    }
}

impl Colours {
    fn of(look: &Look) -> Colours {
        let (skin, skin_shade) = skin_tone(look.skin);
        let deep = matches!(look.skin, SkinTone::MediumDeep | SkinTone::Deep);
        let feature = if deep {
            Color::srgb(0.094, 0.067, 0.055)
        } else {
            palette::FEATURE
        };
        let grey = hair_colour(HairColour::Grey);
        let base = hair_colour(look.hair_colour);
        let hair = if look.greying {
            base.mix(&grey, 0.4)
        } else {
            base
        };
        let cloth = colour(look.clothes);
        let accent = colour(look.accent);
        Colours {
            skin,
            skin_shade,
            feature,
            line: skin.mix(&feature, 0.3),
            hair,
            brow: base.mix(&feature, 0.5),
            beard: if look.greying {
                base.mix(&grey, 0.45)
            } else {
                base
            },
            cloth,
            cloth_shade: darker(cloth, 0.14),
            accent,
            accent_shade: darker(accent, 0.16),
            hood: if look.top == Top::Hoodie {
                cloth
            } else {
                accent
            },
            hood_shade: darker(
                if look.top == Top::Hoodie {
                    cloth
                } else {
                    accent
                },
                0.16,
            ),
        }
    }
}

/// The figure root carries the look it was drawn with.
#[derive(Component, Clone, Copy, Debug, PartialEq)]
pub struct Figure {
    pub affect: Affect,
    pub look: Look,
}

/// The figure of a client who looks like `look` ([`Look::of`] their
/// client), showing `affect`, in a box of [`WIDTH`] by [`HEIGHT`].
pub fn figure(affect: Affect, look: Look) -> impl Bundle + use<> {
    let p = Pose::of(affect);
    let c = Colours::of(&look);
    (
        Name::new(format!("Client figure ({})", affect.label())),
        Figure { affect, look },
        Node {
            width: px(WIDTH),
            height: px(HEIGHT),
            flex_shrink: 0.0,
            align_self: AlignSelf::Center,
            ..default()
        },
        Children::spawn(SpawnWith(move |s: &mut ChildSpawner| {
            // A soft halo and the chair.
            s.spawn(blob(30.0, 20.0, 240.0, 240.0, palette::SURFACE_SUNK, 120.0));
            s.spawn(blob(58.0, 160.0, 184.0, 215.0, palette::CHAIR, 34.0));
            s.spawn(blob(40.0, 330.0, 220.0, 36.0, palette::CHAIR, 16.0));
            // The body, which sinks or leans in as a whole.
            s.spawn((
                Node {
                    position_type: PositionType::Absolute,
                    left: px(0),
                    top: px(0),
                    width: px(WIDTH),
                    height: px(HEIGHT),
                    ..default()
                },
                UiTransform {
                    translation: Val2::px(0.0, p.body_drop),
                    scale: Vec2::splat(p.body_scale),
                    ..default()
                },
                Children::spawn(SpawnWith(move |b: &mut ChildSpawner| body(b, p, look, c))),
            ));
        })),
    )
}

/// How much wider (or narrower) than average the body is drawn.
fn width_of(build: Build) -> f32 {
    match build {
        Build::Slight => 0.88,
        Build::Average => 1.0,
        Build::Broad => 1.13,
        Build::Large => 1.2,
    }
}

/// Loose hair that falls to the shoulders or beyond, and how far (in the
/// body's pixels) below the head's top it reaches.
fn falls(look: &Look) -> Option<f32> {
    if look.head_covering.is_some_and(HeadCovering::hides_hair) {
        return None;
    }
    let reaches = match look.hair_length {
        HairLength::Short | HairLength::Chin => return None,
        HairLength::Shoulder => 200.0,
        HairLength::Long => 250.0,
    };
    match look.hair_style {
        HairStyle::Straight
        | HairStyle::Wavy
        | HairStyle::Curly
        | HairStyle::Braids
        | HairStyle::Locs
        | HairStyle::Ponytail => Some(reaches),
        _ => None,
    }
}

fn body(b: &mut ChildSpawner, p: Pose, look: Look, c: Colours) {
    let sh = p.shoulders;
    let sx = width_of(look.build);
    let (hx, hy) = (p.head_shift, p.head_drop);
    let hood = look.head_covering == Some(HeadCovering::Hood);
    // Loose hair falls behind the shoulders.
    if let Some(reach) = falls(&look)
        && !hood
        && look.hair_style != HairStyle::Ponytail
    {
        let wide = match look.hair_style {
            HairStyle::Curly => 150.0,
            _ => 120.0,
        };
        b.spawn(blob(
            150.0 - wide / 2.0 + hx,
            90.0 + hy,
            wide,
            reach - 20.0,
            c.hair,
            if look.hair_style == HairStyle::Curly {
                56.0
            } else {
                34.0
            },
        ));
    }
    // Neck, torso and what the top looks like, widened by the build.
    b.spawn(widened(sx, move |t: &mut ChildSpawner| {
        torso(t, sh, look, c)
    }));
    // In front of the chest: hair over the shoulders, a hijab's drape,
    // the neck of a hood that is up.
    if let Some(reach) = falls(&look) {
        strands(b, &look, c, hx, hy, reach);
    }
    match look.head_covering {
        Some(HeadCovering::Hijab) => {
            b.spawn(shape(
                84.0 + hx,
                150.0 + hy,
                132.0,
                110.0 - hy,
                c.accent,
                BorderRadius::px(40.0, 40.0, 56.0, 56.0),
            ));
            b.spawn(blob(110.0 + hx, 232.0, 80.0, 5.0, c.accent_shade, 3.0));
        }
        Some(HeadCovering::Hood) => {
            b.spawn(blob(
                104.0 + hx,
                160.0 + hy,
                92.0,
                62.0 - hy / 2.0 - sh / 2.0,
                c.hood,
                28.0,
            ));
            for x in [136.0, 161.0] {
                b.spawn(blob(x + hx / 2.0, 200.0, 3.0, 46.0, palette::SURFACE, 1.5));
            }
        }
        _ => {}
    }
    // Arms, widened alike.
    b.spawn(widened(sx, move |a: &mut ChildSpawner| {
        arms(a, p, c.cloth_shade, c.skin, c.skin_shade)
    }));
    // The head, tilted and moved as a whole.
    let head_sx = match look.build {
        Build::Slight => 0.97,
        Build::Large => 1.05,
        _ => 1.0,
    };
    b.spawn((
        Node {
            position_type: PositionType::Absolute,
            left: px(90.0 + hx),
            top: px(58.0 + hy),
            width: px(120),
            height: px(140),
            ..default()
        },
        UiTransform {
            rotation: Rot2::degrees(p.tilt),
            scale: Vec2::new(head_sx, 1.0),
            ..default()
        },
        Children::spawn(SpawnWith(move |h: &mut ChildSpawner| head(h, p, look, c))),
    ));
}

/// The neck, the torso and the details of the top.
fn torso(t: &mut ChildSpawner, sh: f32, look: Look, c: Colours) {
    let top = 214.0 - sh;
    if look.top == Top::Hoodie && look.head_covering != Some(HeadCovering::Hood) {
        // The hood, down, lies round the neck.
        t.spawn(blob(100.0, top - 16.0, 100.0, 40.0, c.cloth_shade, 20.0));
    }
    t.spawn(blob(134.0, 178.0, 32.0, 50.0, c.skin_shade, 10.0));
    let (shoulder, hem) = match look.build {
        Build::Broad => (44.0, 14.0),
        Build::Large => (60.0, 34.0),
        _ => (58.0, 14.0),
    };
    t.spawn(shape(
        82.0,
        top,
        136.0,
        150.0 + sh,
        c.cloth,
        BorderRadius::px(shoulder, shoulder, hem, hem),
    ));
    match look.top {
        Top::Jumper => {
            t.spawn(blob(128.0, top - 4.0, 44.0, 16.0, c.cloth_shade, 8.0));
        }
        Top::Hoodie => {
            t.spawn(blob(128.0, top - 4.0, 44.0, 16.0, c.cloth_shade, 8.0));
            for x in [138.0, 159.0] {
                t.spawn(blob(x, top + 8.0, 3.0, 40.0, palette::SURFACE, 1.5));
            }
        }
        Top::Shirt | Top::ShirtAndTie => {
            let collar = c.cloth.mix(&Color::WHITE, 0.25);
            t.spawn(blob(136.0, top - 4.0, 28.0, 18.0, c.skin_shade, 9.0));
            if look.top == Top::ShirtAndTie {
                t.spawn(blob(143.0, top + 2.0, 14.0, 12.0, c.accent_shade, 4.0));
                t.spawn(shape(
                    144.0,
                    top + 12.0,
                    12.0,
                    74.0,
                    c.accent,
                    BorderRadius::px(2.0, 2.0, 6.0, 6.0),
                ));
            } else {
                t.spawn(blob(148.5, top + 14.0, 3.0, 130.0, c.cloth_shade, 1.5));
                for y in [30.0, 56.0, 82.0] {
                    t.spawn(blob(147.0, top + y, 6.0, 6.0, c.cloth_shade, 3.0));
                }
            }
            t.spawn(turned(
                blob(118.0, top - 6.0, 32.0, 16.0, collar, 4.0),
                28.0,
            ));
            t.spawn(turned(
                blob(150.0, top - 6.0, 32.0, 16.0, collar, 4.0),
                -28.0,
            ));
        }
        Top::Jacket => {
            // The layer underneath at the neck, a stand-up collar, the zip.
            t.spawn(shape(
                134.0,
                top - 6.0,
                32.0,
                34.0,
                c.accent,
                BorderRadius::px(6.0, 6.0, 16.0, 16.0),
            ));
            t.spawn(turned(
                blob(116.0, top - 10.0, 30.0, 24.0, c.cloth_shade, 7.0),
                14.0,
            ));
            t.spawn(turned(
                blob(154.0, top - 10.0, 30.0, 24.0, c.cloth_shade, 7.0),
                -14.0,
            ));
            t.spawn(blob(148.5, top + 26.0, 3.0, 124.0, c.cloth_shade, 1.5));
            t.spawn(blob(146.0, top + 26.0, 8.0, 12.0, c.cloth_shade, 2.0));
        }
        Top::Cardigan => {
            // Open down the front over a top in the accent colour.
            t.spawn(shape(
                130.0,
                top - 4.0,
                40.0,
                150.0 + sh,
                c.accent,
                BorderRadius::px(14.0, 14.0, 4.0, 4.0),
            ));
            t.spawn(blob(134.0, top - 4.0, 32.0, 12.0, c.accent_shade, 6.0));
            for x in [127.0, 169.0] {
                t.spawn(blob(x, top + 4.0, 4.0, 146.0 + sh, c.cloth_shade, 2.0));
            }
            for y in [40.0, 68.0, 96.0] {
                t.spawn(blob(171.0, top + y, 6.0, 6.0, c.cloth_shade, 3.0));
            }
        }
    }
}

/// Loose hair over the front of the shoulders, to `reach` below the head.
fn strands(b: &mut ChildSpawner, look: &Look, c: Colours, hx: f32, hy: f32, reach: f32) {
    let top = 150.0 + hy;
    let len = 58.0 + reach - 150.0;
    match look.hair_style {
        HairStyle::Braids | HairStyle::Locs => {
            let (w, gap) = if look.hair_style == HairStyle::Locs {
                (11.0, 12.0)
            } else {
                (8.0, 10.0)
            };
            for (i, x) in [94.0, 94.0 + gap, 196.0 - gap, 196.0]
                .into_iter()
                .enumerate()
            {
                let l = len - [0.0, 14.0, 14.0, 0.0][i];
                if look.hair_style == HairStyle::Braids {
                    braid(b, x + hx, top, w, l, c.hair);
                } else {
                    b.spawn(blob(x + hx, top, w, l, c.hair, w / 2.0));
                }
            }
        }
        HairStyle::Ponytail => {
            // Brought forward over one shoulder.
            b.spawn(turned(
                blob(180.0 + hx, top - 10.0, 22.0, len - 10.0, c.hair, 11.0),
                -6.0,
            ));
        }
        HairStyle::Curly => {
            for x in [92.0, 186.0] {
                let mut y = top;
                while y < top + len - 10.0 {
                    b.spawn(blob(x + hx, y, 24.0, 24.0, c.hair, 12.0));
                    y += 16.0;
                }
            }
        }
        HairStyle::Wavy => {
            for (x, side) in [(94.0, -1.0), (182.0, 1.0)] {
                b.spawn(blob(x + hx, top, 24.0, len, c.hair, 12.0));
                let mut y = top + 12.0;
                let mut out = 3.0;
                while y < top + len - 24.0 {
                    let left = x + 6.0 + side * (6.0 + out) + hx;
                    b.spawn(blob(left, y, 12.0, 22.0, c.hair, 6.0));
                    y += 26.0;
                    out = 3.0 - out;
                }
            }
        }
        _ => {
            for x in [94.0, 182.0] {
                b.spawn(blob(x + hx, top, 24.0, len, c.hair, 12.0));
            }
        }
    }
}

/// A braid: small links, each a little to one side of the last.
fn braid(p: &mut ChildSpawner, x: f32, top: f32, w: f32, len: f32, hair: Color) {
    let mut y = top;
    let mut left = true;
    while y < top + len - 8.0 {
        let dx = if left { -1.0 } else { 1.0 };
        p.spawn(blob(x + dx, y, w, 12.0, hair, w / 2.0));
        y += 9.0;
        left = !left;
    }
}

fn arms(b: &mut ChildSpawner, p: Pose, sleeve: Color, hand: Color, hand_shade: Color) {
    let sh = p.shoulders;
    match p.arms {
        Arms::Open => {
            // Upper arms down the sides, forearms forward onto the knees.
            b.spawn(turned(
                blob(68.0, 228.0 - sh, 30.0, 108.0, sleeve, 15.0),
                8.0,
            ));
            b.spawn(turned(
                blob(202.0, 228.0 - sh, 30.0, 108.0, sleeve, 15.0),
                -8.0,
            ));
            b.spawn(blob(66.0, 326.0, 30.0, 30.0, hand, 15.0));
            b.spawn(blob(204.0, 326.0, 30.0, 30.0, hand, 15.0));
        }
        Arms::Lap => {
            b.spawn(turned(
                blob(80.0, 228.0 - sh, 28.0, 104.0, sleeve, 14.0),
                4.0,
            ));
            b.spawn(turned(
                blob(192.0, 228.0 - sh, 28.0, 104.0, sleeve, 14.0),
                -4.0,
            ));
            b.spawn(turned(blob(96.0, 318.0, 64.0, 26.0, sleeve, 13.0), 10.0));
            b.spawn(turned(blob(140.0, 318.0, 64.0, 26.0, sleeve, 13.0), -10.0));
            b.spawn(blob(134.0, 326.0, 32.0, 28.0, hand, 14.0));
        }
        Arms::Crossed => {
            b.spawn(turned(
                blob(72.0, 226.0 - sh, 30.0, 80.0, sleeve, 15.0),
                14.0,
            ));
            b.spawn(turned(
                blob(198.0, 226.0 - sh, 30.0, 80.0, sleeve, 15.0),
                -14.0,
            ));
            b.spawn(turned(blob(84.0, 282.0, 132.0, 30.0, sleeve, 15.0), 9.0));
            b.spawn(turned(blob(84.0, 282.0, 132.0, 30.0, sleeve, 15.0), -9.0));
            b.spawn(blob(72.0, 296.0, 24.0, 24.0, hand, 12.0));
            b.spawn(blob(204.0, 296.0, 24.0, 24.0, hand, 12.0));
        }
        Arms::Clenched => {
            b.spawn(turned(
                blob(74.0, 226.0 - sh, 30.0, 90.0, sleeve, 15.0),
                10.0,
            ));
            b.spawn(turned(
                blob(196.0, 226.0 - sh, 30.0, 90.0, sleeve, 15.0),
                -10.0,
            ));
            b.spawn(turned(blob(94.0, 290.0, 62.0, 28.0, sleeve, 14.0), -28.0));
            b.spawn(turned(blob(144.0, 290.0, 62.0, 28.0, sleeve, 14.0), 28.0));
            b.spawn(blob(130.0, 264.0, 40.0, 34.0, hand, 14.0));
            b.spawn(blob(136.0, 270.0, 28.0, 3.0, hand_shade, 2.0));
        }
    }
}

/// Where the forehead begins: higher where a fringe or a covering hides
/// it, lower where the hair is short or drawn back.
fn hairline(look: &Look) -> f32 {
    if look.head_covering.is_some() {
        return 16.0;
    }
    match look.hair_style {
        HairStyle::Cropped | HairStyle::Coily | HairStyle::Shaved => 26.0,
        HairStyle::Braids | HairStyle::Locs | HairStyle::Bun | HairStyle::Ponytail => 24.0,
        HairStyle::Curly => 22.0,
        HairStyle::Straight | HairStyle::Wavy if !frames_face(look) => 28.0,
        _ => 16.0,
    }
}

/// Whether loose hair hangs beside the face from a parting, covering the
/// ears: loose styles from chin length on.
fn frames_face(look: &Look) -> bool {
    look.hair_length >= HairLength::Chin
        && matches!(
            look.hair_style,
            HairStyle::Straight | HairStyle::Wavy | HairStyle::Curly
        )
}

fn head(h: &mut ChildSpawner, p: Pose, look: Look, c: Colours) {
    let covering = look.head_covering;
    // Behind the face: a hood or a hijab, then the hair.
    match covering {
        Some(HeadCovering::Hood) => {
            h.spawn(blob(-16.0, -16.0, 152.0, 176.0, c.hood, 76.0));
            h.spawn(blob(-2.0, -2.0, 124.0, 156.0, c.hood_shade, 62.0));
        }
        Some(HeadCovering::Hijab) => {
            h.spawn(blob(-10.0, -8.0, 140.0, 168.0, c.accent, 70.0));
        }
        Some(HeadCovering::Turban) => {
            h.spawn(blob(-4.0, -22.0, 128.0, 96.0, c.accent, 56.0));
        }
        Some(HeadCovering::Headscarf) => {
            // Over the head and the ears, tied at the nape: the ends show
            // below one side.
            h.spawn(turned(
                blob(98.0, 104.0, 14.0, 30.0, c.accent_shade, 7.0),
                -14.0,
            ));
            h.spawn(blob(92.0, 96.0, 24.0, 18.0, c.accent_shade, 9.0));
            h.spawn(blob(-4.0, -6.0, 128.0, 116.0, c.accent, 60.0));
        }
        _ => {}
    }
    if covering.is_none() || matches!(covering, Some(HeadCovering::Cap | HeadCovering::Beanie)) {
        hair_behind(h, &look, c);
    }
    // Face and ears (a hood or a scarf covers the ears). Where the hair
    // is drawn back or short, the forehead's flatter top is the hairline.
    let top = hairline(&look);
    let brow = if top > 16.0 { 30.0 } else { 52.0 };
    h.spawn(shape(
        8.0,
        top,
        104.0,
        132.0 - top,
        c.skin,
        BorderRadius::px(brow, brow, 52.0, 52.0),
    ));
    if !matches!(
        covering,
        Some(HeadCovering::Hood | HeadCovering::Hijab | HeadCovering::Headscarf)
    ) {
        h.spawn(blob(0.0, 66.0, 14.0, 24.0, c.skin_shade, 7.0));
        h.spawn(blob(106.0, 66.0, 14.0, 24.0, c.skin_shade, 7.0));
    }
    // A bald crown, the top of the head in skin, with a soft shine.
    if covering.is_none() && look.hair_style == HairStyle::Bald {
        h.spawn(blob(10.0, 6.0, 100.0, 80.0, c.skin, 50.0));
        h.spawn(blob(
            30.0,
            14.0,
            26.0,
            10.0,
            Color::WHITE.with_alpha(0.18),
            5.0,
        ));
    }
    facial_hair(h, look.facial_hair, c);
    // The nose, a soft shadow.
    h.spawn(blob(54.0, 78.0, 12.0, 10.0, c.skin_shade, 5.0));
    age_lines(h, look.age, c.line);
    // Cheeks, flushed with anger or tears.
    if p.flush > 0.0 {
        let flush = palette::FLUSH.with_alpha(0.45 * p.flush);
        h.spawn(blob(18.0, 86.0, 22.0, 14.0, flush, 7.0));
        h.spawn(blob(80.0, 86.0, 22.0, 14.0, flush, 7.0));
    }
    // Eyes: their height is how open they are; they look where the gaze goes.
    let eye_h = p.eyes.clamp(2.0, 12.0);
    let eye_top = 66.0 - eye_h / 2.0 + p.gaze.y;
    for x in [34.0, 74.0] {
        h.spawn(blob(x + p.gaze.x, eye_top, 12.0, eye_h, c.feature, 6.0));
    }
    // Brows.
    let brow_top = 52.0 + p.brow_lift;
    h.spawn(turned(
        blob(29.0, brow_top, 22.0, 4.5, c.brow, 2.0),
        p.brow_angle,
    ));
    h.spawn(turned(
        blob(69.0, brow_top, 22.0, 4.5, c.brow, 2.0),
        -p.brow_angle,
    ));
    // Tears.
    if p.tears {
        h.spawn(blob(36.0, 76.0, 6.0, 14.0, palette::TEAR, 3.0));
        h.spawn(blob(80.0, 80.0, 6.0, 11.0, palette::TEAR, 3.0));
    }
    mouth(h, p.mouth, c.feature);
    if let Some(FacialHair::Moustache | FacialHair::Goatee | FacialHair::Beard) = look.facial_hair {
        h.spawn(blob(41.0, 86.0, 38.0, 8.0, c.beard, 4.0));
    }
    hair_front(h, &look, c);
    covering_front(h, covering, c);
    if look.glasses {
        let frame = c.feature.mix(&Color::srgb(0.45, 0.42, 0.40), 0.25);
        h.spawn(ring(24.0, 55.0, 32.0, 23.0, frame, 9.0, 2.5));
        h.spawn(ring(64.0, 55.0, 32.0, 23.0, frame, 9.0, 2.5));
        h.spawn(blob(55.0, 63.0, 10.0, 2.5, frame, 1.0));
        h.spawn(blob(8.0, 61.0, 17.0, 2.5, frame, 1.0));
        h.spawn(blob(95.0, 61.0, 17.0, 2.5, frame, 1.0));
    }
}

fn age_lines(h: &mut ChildSpawner, age: AgeBand, line: Color) {
    if age >= AgeBand::Adult {
        // At the outer corners of the eyes.
        let soft = line.with_alpha(0.6);
        for (x, a) in [(25.0, 1.0), (89.0, -1.0)] {
            h.spawn(turned(blob(x, 63.0, 6.0, 1.5, soft, 0.75), 20.0 * a));
            h.spawn(turned(blob(x, 68.0, 6.0, 1.5, soft, 0.75), -20.0 * a));
        }
    }
    if age >= AgeBand::Middle {
        // Beside the mouth, and under the eyes.
        h.spawn(turned(blob(36.0, 84.0, 2.5, 18.0, line, 1.2), 20.0));
        h.spawn(turned(blob(82.0, 84.0, 2.5, 18.0, line, 1.2), -20.0));
        h.spawn(blob(33.0, 75.0, 14.0, 2.0, line.with_alpha(0.7), 1.0));
        h.spawn(blob(73.0, 75.0, 14.0, 2.0, line.with_alpha(0.7), 1.0));
    }
    if age >= AgeBand::Older {
        // On the forehead, where it shows under the hair.
        h.spawn(blob(40.0, 40.0, 40.0, 2.5, line, 1.2));
        h.spawn(blob(46.0, 46.0, 28.0, 2.0, line, 1.0));
    }
}

fn facial_hair(h: &mut ChildSpawner, f: Option<FacialHair>, c: Colours) {
    match f {
        None | Some(FacialHair::Moustache) => {}
        Some(FacialHair::Stubble) => {
            // A beard's shape in a shadow of the hair's colour.
            let shadow = c.skin.mix(&c.beard, 0.25);
            jaw(h, shadow, c.skin, 130.0);
            h.spawn(blob(42.0, 86.0, 36.0, 8.0, shadow, 4.0));
        }
        Some(FacialHair::Goatee) => {
            h.spawn(shape(
                44.0,
                100.0,
                32.0,
                28.0,
                c.beard,
                BorderRadius::px(8.0, 8.0, 16.0, 16.0),
            ));
            h.spawn(blob(48.0, 95.0, 24.0, 18.0, c.skin, 8.0));
        }
        Some(FacialHair::Beard) => jaw(h, c.beard, c.skin, 136.0),
    }
}

/// Hair along the jaw and round the chin down to `bottom`, the cheeks and
/// the mouth left clear.
fn jaw(h: &mut ChildSpawner, hair: Color, skin: Color, bottom: f32) {
    h.spawn(shape(
        8.0,
        74.0,
        104.0,
        bottom - 74.0,
        hair,
        BorderRadius::px(8.0, 8.0, 52.0, 52.0),
    ));
    h.spawn(shape(
        19.0,
        64.0,
        82.0,
        50.0,
        skin,
        BorderRadius::px(16.0, 16.0, 30.0, 30.0),
    ));
}

/// The mouth: a curved border below (smile) or above (frown).
fn mouth(h: &mut ChildSpawner, m: Mouth, feature: Color) {
    let (w, hgt, border, radius) = match m {
        Mouth::Smile => (
            40.0,
            14.0,
            UiRect::bottom(px(4)),
            BorderRadius::bottom(px(20)),
        ),
        Mouth::SoftSmile => (
            32.0,
            8.0,
            UiRect::bottom(px(3.5)),
            BorderRadius::bottom(px(16)),
        ),
        Mouth::Flat => (28.0, 0.0, UiRect::top(px(3.5)), BorderRadius::all(px(2))),
        Mouth::Tight => (22.0, 0.0, UiRect::top(px(4.5)), BorderRadius::all(px(2))),
        Mouth::Frown => (30.0, 10.0, UiRect::top(px(4)), BorderRadius::top(px(15))),
    };
    h.spawn((
        Node {
            position_type: PositionType::Absolute,
            left: px(60.0 - w / 2.0),
            top: px(if matches!(m, Mouth::Frown) {
                100.0
            } else {
                96.0
            }),
            width: px(w),
            height: px(hgt),
            border,
            border_radius: radius,
            ..default()
        },
        BorderColor::all(feature),
    ));
}

/// The hair behind the face: its outline round the head, and its volume.
fn hair_behind(h: &mut ChildSpawner, look: &Look, c: Colours) {
    let hair = c.hair;
    match look.hair_style {
        HairStyle::Straight | HairStyle::Wavy => {
            if frames_face(look) {
                h.spawn(shape(
                    0.0,
                    2.0,
                    120.0,
                    130.0,
                    hair,
                    BorderRadius::px(60.0, 60.0, 20.0, 20.0),
                ));
            } else {
                h.spawn(shape(
                    2.0,
                    2.0,
                    116.0,
                    96.0,
                    hair,
                    BorderRadius::px(58.0, 58.0, 26.0, 26.0),
                ));
            }
        }
        HairStyle::Curly => {
            let low = if frames_face(look) { 128.0 } else { 96.0 };
            h.spawn(blob(-8.0, -6.0, 136.0, low + 6.0, hair, 56.0));
            for (x, y) in [
                (-12.0, 20.0),
                (2.0, -8.0),
                (26.0, -18.0),
                (52.0, -22.0),
                (78.0, -18.0),
                (100.0, -8.0),
                (112.0, 20.0),
            ] {
                h.spawn(blob(x, y, 28.0, 28.0, hair, 14.0));
            }
            if frames_face(look) {
                for (x, y) in [(-14.0, 60.0), (110.0, 60.0), (-12.0, 98.0), (108.0, 98.0)] {
                    h.spawn(blob(x, y, 26.0, 30.0, hair, 13.0));
                }
            }
        }
        HairStyle::Coily => {
            let size = match look.hair_length {
                HairLength::Short => 0.0,
                HairLength::Chin => 30.0,
                HairLength::Shoulder => 48.0,
                HairLength::Long => 62.0,
            };
            h.spawn(blob(
                2.0 - size / 2.0,
                -4.0 - size * 0.8,
                116.0 + size,
                96.0 + size * 1.4,
                hair,
                (116.0 + size) / 2.0,
            ));
        }
        HairStyle::Braids | HairStyle::Locs => {
            h.spawn(shape(
                2.0,
                2.0,
                116.0,
                100.0,
                hair,
                BorderRadius::px(58.0, 58.0, 24.0, 24.0),
            ));
        }
        HairStyle::Bun | HairStyle::Ponytail => {
            if look.hair_style == HairStyle::Bun {
                h.spawn(blob(38.0, -20.0, 44.0, 38.0, hair, 19.0));
            }
            h.spawn(shape(
                4.0,
                2.0,
                112.0,
                88.0,
                hair,
                BorderRadius::px(56.0, 56.0, 20.0, 20.0),
            ));
        }
        HairStyle::Cropped => {
            h.spawn(shape(
                6.0,
                9.0,
                108.0,
                84.0,
                hair,
                BorderRadius::px(54.0, 54.0, 18.0, 18.0),
            ));
        }
        HairStyle::Receding => {
            h.spawn(shape(
                6.0,
                8.0,
                108.0,
                82.0,
                hair,
                BorderRadius::px(54.0, 54.0, 18.0, 18.0),
            ));
        }
        HairStyle::Shaved => {
            // Clippered close: the skin shows through.
            h.spawn(shape(
                7.0,
                11.0,
                106.0,
                82.0,
                c.skin.mix(&hair, 0.4),
                BorderRadius::px(53.0, 53.0, 18.0, 18.0),
            ));
        }
        HairStyle::Bald => {
            // Short at the sides and back.
            h.spawn(shape(
                4.0,
                46.0,
                112.0,
                48.0,
                hair,
                BorderRadius::px(18.0, 18.0, 22.0, 22.0),
            ));
        }
    }
}

/// The hair in front of the face: fringe, parting, hairline, the hair
/// that hangs beside the face.
fn hair_front(h: &mut ChildSpawner, look: &Look, c: Colours) {
    let hair = c.hair;
    let tied = matches!(
        look.head_covering,
        Some(HeadCovering::Headscarf | HeadCovering::Cap | HeadCovering::Beanie)
    );
    if look.head_covering.is_some_and(HeadCovering::hides_hair) {
        return;
    }
    // Hanging beside the face.
    if frames_face(look) {
        let (w, tone) = (22.0, hair);
        if look.hair_style != HairStyle::Curly {
            h.spawn(blob(2.0, 28.0, w, 104.0, tone, 11.0));
            h.spawn(blob(96.0, 28.0, w, 104.0, tone, 11.0));
        }
        if look.hair_style == HairStyle::Wavy {
            // Waves along the outer edges.
            for (i, y) in [40.0, 66.0, 92.0].into_iter().enumerate() {
                let out = if i % 2 == 0 { 3.0 } else { 0.0 };
                h.spawn(blob(-out, y, 12.0, 22.0, tone, 6.0));
                h.spawn(blob(108.0 + out, y, 12.0, 22.0, tone, 6.0));
            }
        }
    }
    if matches!(look.hair_style, HairStyle::Braids | HairStyle::Locs) && !tied {
        let (w, gap) = if look.hair_style == HairStyle::Locs {
            (11.0, 11.0)
        } else {
            (8.0, 9.0)
        };
        let low = if look.hair_length == HairLength::Short {
            90.0
        } else {
            130.0
        };
        for x in [2.0, 2.0 + gap, 110.0 - gap - w + 8.0, 110.0] {
            if look.hair_style == HairStyle::Braids {
                braid(h, x, 34.0, w, low - 34.0, hair);
            } else {
                h.spawn(blob(x, 30.0, w, low - 30.0, hair, w / 2.0));
            }
        }
    }
    // Under a scarf, cap or beanie only what hangs below it shows.
    if tied {
        return;
    }
    match look.hair_style {
        HairStyle::Straight | HairStyle::Wavy if frames_face(look) => {
            // A parting, the hair swept down to each side.
            h.spawn(turned(blob(4.0, 12.0, 64.0, 28.0, hair, 14.0), -14.0));
            h.spawn(turned(blob(52.0, 12.0, 64.0, 28.0, hair, 14.0), 14.0));
        }
        HairStyle::Straight | HairStyle::Wavy => {
            // A fringe swept to one side.
            h.spawn(turned(blob(12.0, 18.0, 88.0, 24.0, hair, 12.0), -10.0));
        }
        HairStyle::Curly => {
            for (x, y) in [
                (8.0, 10.0),
                (30.0, 4.0),
                (54.0, 2.0),
                (78.0, 6.0),
                (94.0, 16.0),
            ] {
                h.spawn(blob(x, y, 26.0, 26.0, hair, 13.0));
            }
        }
        HairStyle::Braids | HairStyle::Locs => {
            // A centre parting.
            h.spawn(blob(59.0, 4.0, 2.0, 22.0, c.skin_shade, 1.0));
        }
        HairStyle::Receding => {
            // Gone back at the temples, on either side of what is left in front.
            h.spawn(blob(44.0, 9.0, 32.0, 14.0, hair, 7.0));
            h.spawn(turned(blob(18.0, 22.0, 32.0, 20.0, c.skin, 10.0), -26.0));
            h.spawn(turned(blob(70.0, 22.0, 32.0, 20.0, c.skin, 10.0), 26.0));
        }
        // The hairline is the top of the forehead.
        HairStyle::Coily
        | HairStyle::Bun
        | HairStyle::Ponytail
        | HairStyle::Cropped
        | HairStyle::Shaved
        | HairStyle::Bald => {}
    }
}

/// What covers the head, in front: the rim of a hood, the edge of a
/// hijab round the face, a scarf, a turban's folds, a cap or a beanie.
fn covering_front(h: &mut ChildSpawner, covering: Option<HeadCovering>, c: Colours) {
    let (a, a_shade) = (c.accent, c.accent_shade);
    match covering {
        None => {}
        Some(HeadCovering::Hood) => {
            h.spawn(ring(-6.0, -4.0, 132.0, 160.0, c.hood, 66.0, 12.0));
        }
        Some(HeadCovering::Hijab) => {
            h.spawn(ring(0.0, 2.0, 120.0, 142.0, a, 60.0, 12.0));
            h.spawn(shape(
                4.0,
                2.0,
                112.0,
                34.0,
                a,
                BorderRadius::px(56.0, 56.0, 18.0, 18.0),
            ));
            h.spawn(blob(20.0, 32.0, 80.0, 3.0, a_shade, 1.5));
        }
        Some(HeadCovering::Headscarf) => {
            h.spawn(blob(10.0, 8.0, 100.0, 30.0, a, 15.0));
            h.spawn(blob(20.0, 34.0, 80.0, 3.0, a_shade, 1.5));
        }
        Some(HeadCovering::Turban) => {
            h.spawn(shape(
                2.0,
                -2.0,
                116.0,
                42.0,
                a,
                BorderRadius::px(58.0, 58.0, 12.0, 12.0),
            ));
            h.spawn(turned(blob(14.0, 4.0, 92.0, 8.0, a_shade, 4.0), -16.0));
            h.spawn(turned(blob(20.0, 20.0, 84.0, 7.0, a_shade, 3.5), 12.0));
        }
        Some(HeadCovering::Cap) => {
            h.spawn(shape(
                4.0,
                -6.0,
                112.0,
                46.0,
                a,
                BorderRadius::px(56.0, 56.0, 6.0, 6.0),
            ));
            h.spawn(blob(52.0, -6.0, 16.0, 6.0, a_shade, 3.0));
            h.spawn(shape(
                -2.0,
                34.0,
                124.0,
                13.0,
                a_shade,
                BorderRadius::px(10.0, 10.0, 6.0, 6.0),
            ));
        }
        Some(HeadCovering::Beanie) => {
            h.spawn(shape(
                2.0,
                -12.0,
                116.0,
                56.0,
                a,
                BorderRadius::px(58.0, 58.0, 8.0, 8.0),
            ));
            h.spawn(blob(0.0, 30.0, 120.0, 18.0, a_shade, 8.0));
            for x in [16.0, 36.0, 56.0, 76.0, 96.0] {
                h.spawn(blob(x, 32.0, 3.0, 14.0, a.with_alpha(0.5), 1.5));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Appearance;

    #[test]
    fn every_affect_has_a_distinct_pose() {
        use Affect::*;
        let all = [
            Open, Warm, Bright, Guarded, Withdrawn, Flat, Anxious, Tense, Angry, Tearful,
        ];
        let key = |a: Affect| {
            let p = Pose::of(a);
            format!(
                "{:?}{:?}{}{}{}{}{}{}",
                p.arms, p.mouth, p.eyes, p.tilt, p.brow_angle, p.shoulders, p.tears, p.body_drop
            )
        };
        let keys: std::collections::HashSet<String> = all.iter().map(|a| key(*a)).collect();
        assert_eq!(keys.len(), all.len());
    }

    #[test]
    fn skin_tones_run_from_light_to_deep() {
        use SkinTone::*;
        let lum = |t: SkinTone| {
            let c = skin_tone(t).0.to_srgba();
            c.red + c.green + c.blue
        };
        let l: Vec<f32> = [Light, LightMedium, Medium, MediumDeep, Deep]
            .into_iter()
            .map(lum)
            .collect();
        assert!(l.windows(2).all(|w| w[0] > w[1]), "{l:?}");
    }

    #[test]
    fn without_an_appearance_the_figure_is_drawn_as_before() {
        let look = Look::resolve(&Appearance::default(), 30);
        let c = Colours::of(&look);
        assert_eq!(c.skin, palette::SKIN);
        assert_eq!(c.hair, palette::HAIR);
        assert_eq!(c.cloth, palette::CLOTH);
    }
}
