//! The client as a figure drawn with UI nodes: posture, arms, head and face
//! change with the affect of the current turn (withdrawn, guarded, bright,
//! tense, angry, tearful, open ...), so the trainee reads the body as well
//! as the words.

use bevy::prelude::*;

use crate::app::theme::palette;
use crate::format::Affect;

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
    (
        Node {
            position_type: PositionType::Absolute,
            left: px(left),
            top: px(top),
            width: px(w),
            height: px(h),
            border_radius: BorderRadius::all(px(radius)),
            ..default()
        },
        BackgroundColor(color),
    )
}

fn turned(bundle: impl Bundle, degrees: f32) -> impl Bundle {
    (bundle, UiTransform::from_rotation(Rot2::degrees(degrees)))
}

/// How one client looks (not how they feel): hair and clothes, chosen
/// from their name so each client is recognisably themselves.
#[derive(Clone, Copy, Debug)]
struct Looks {
    hair: Color,
    cloth: Color,
    cloth_shade: Color,
    long_hair: bool,
}

impl Looks {
    fn of(name: &str) -> Looks {
        let h = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        });
        const HAIR: [Color; 4] = [
            palette::HAIR,
            Color::srgb(0.165, 0.133, 0.122),
            Color::srgb(0.478, 0.329, 0.212),
            Color::srgb(0.561, 0.537, 0.518),
        ];
        const CLOTH: [(Color, Color); 4] = [
            (palette::CLOTH, palette::CLOTH_SHADE),
            (
                Color::srgb(0.525, 0.592, 0.478),
                Color::srgb(0.447, 0.514, 0.404),
            ),
            (
                Color::srgb(0.647, 0.459, 0.424),
                Color::srgb(0.573, 0.392, 0.357),
            ),
            (
                Color::srgb(0.471, 0.431, 0.529),
                Color::srgb(0.404, 0.365, 0.459),
            ),
        ];
        let (cloth, cloth_shade) = CLOTH[(h >> 8) as usize % CLOTH.len()];
        Looks {
            hair: HAIR[h as usize % HAIR.len()],
            cloth,
            cloth_shade,
            long_hair: (h >> 16) % 2 == 0,
        }
    }
}

/// The figure of the client called `name`, showing `affect`, in a box of
/// [`WIDTH`] by [`HEIGHT`].
pub fn figure(affect: Affect, name: &str) -> impl Bundle + use<> {
    let p = Pose::of(affect);
    let looks = Looks::of(name);
    (
        Name::new(format!("Client figure ({})", affect.label())),
        Node {
            width: px(WIDTH),
            height: px(HEIGHT),
            flex_shrink: 0.0,
            align_self: AlignSelf::Center,
            ..default()
        },
        Children::spawn(SpawnWith(move |c: &mut ChildSpawner| {
            // A soft halo and the chair.
            c.spawn(blob(30.0, 20.0, 240.0, 240.0, palette::SURFACE_SUNK, 120.0));
            c.spawn(blob(58.0, 160.0, 184.0, 215.0, palette::CHAIR, 34.0));
            c.spawn(blob(40.0, 330.0, 220.0, 36.0, palette::CHAIR, 16.0));
            // The body, which sinks or leans in as a whole.
            c.spawn((
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
                Children::spawn(SpawnWith(move |b: &mut ChildSpawner| body(b, p, looks))),
            ));
        })),
    )
}

fn body(b: &mut ChildSpawner, p: Pose, looks: Looks) {
    let sh = p.shoulders;
    // Long hair falls behind the shoulders.
    if looks.long_hair {
        b.spawn(blob(
            96.0 + p.head_shift,
            110.0 + p.head_drop,
            108.0,
            120.0,
            looks.hair,
            30.0,
        ));
    }
    // Neck, then torso (shoulders drawn up shorten the neck).
    b.spawn(blob(134.0, 178.0, 32.0, 50.0, palette::SKIN_SHADE, 10.0));
    b.spawn((
        Node {
            position_type: PositionType::Absolute,
            left: px(82),
            top: px(214.0 - sh),
            width: px(136),
            height: px(150.0 + sh),
            border_radius: BorderRadius::new(px(58), px(58), px(14), px(14)),
            ..default()
        },
        BackgroundColor(looks.cloth),
    ));
    // Collar.
    b.spawn(blob(128.0, 210.0 - sh, 44.0, 16.0, looks.cloth_shade, 8.0));
    arms(b, p, looks.cloth_shade);
    // The head, tilted and moved as a whole.
    b.spawn((
        Node {
            position_type: PositionType::Absolute,
            left: px(90.0 + p.head_shift),
            top: px(58.0 + p.head_drop),
            width: px(120),
            height: px(140),
            ..default()
        },
        UiTransform::from_rotation(Rot2::degrees(p.tilt)),
        Children::spawn(SpawnWith(move |h: &mut ChildSpawner| {
            head(h, p, looks.hair)
        })),
    ));
}

fn arms(b: &mut ChildSpawner, p: Pose, sleeve: Color) {
    let sh = p.shoulders;
    let hand = palette::SKIN;
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
            b.spawn(blob(136.0, 270.0, 28.0, 3.0, palette::SKIN_SHADE, 2.0));
        }
    }
}

fn head(h: &mut ChildSpawner, p: Pose, hair: Color) {
    // Hair behind, face, fringe.
    h.spawn(blob(2.0, 2.0, 116.0, 124.0, hair, 58.0));
    h.spawn(blob(8.0, 16.0, 104.0, 116.0, palette::SKIN, 52.0));
    h.spawn((
        Node {
            position_type: PositionType::Absolute,
            left: px(6),
            top: px(6),
            width: px(108),
            height: px(40),
            border_radius: BorderRadius::new(px(54), px(54), px(8), px(22)),
            ..default()
        },
        BackgroundColor(hair),
    ));
    // Ears.
    h.spawn(blob(0.0, 66.0, 14.0, 24.0, palette::SKIN_SHADE, 7.0));
    h.spawn(blob(106.0, 66.0, 14.0, 24.0, palette::SKIN_SHADE, 7.0));
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
        h.spawn(blob(
            x + p.gaze.x,
            eye_top,
            12.0,
            eye_h,
            palette::FEATURE,
            6.0,
        ));
    }
    // Brows.
    let brow_top = 52.0 + p.brow_lift;
    h.spawn(turned(
        blob(29.0, brow_top, 22.0, 4.5, palette::FEATURE, 2.0),
        p.brow_angle,
    ));
    h.spawn(turned(
        blob(69.0, brow_top, 22.0, 4.5, palette::FEATURE, 2.0),
        -p.brow_angle,
    ));
    // Tears.
    if p.tears {
        h.spawn(blob(36.0, 76.0, 6.0, 14.0, palette::TEAR, 3.0));
        h.spawn(blob(80.0, 80.0, 6.0, 11.0, palette::TEAR, 3.0));
    }
    // Mouth: a curved border below (smile) or above (frown).
    let (w, hgt, border, radius) = match p.mouth {
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
            top: px(if matches!(p.mouth, Mouth::Frown) {
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
        BorderColor::all(palette::FEATURE),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
