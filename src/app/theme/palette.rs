//! Every colour the app uses: warm paper, soft ink, a sage accent for
//! attunement and a clay accent for ownership. Calm, and readable on a
//! projector (body text is well above 7:1 contrast on the background).

use bevy::prelude::*;

pub const BACKGROUND: Color = Color::srgb(0.965, 0.945, 0.918);
pub const SURFACE: Color = Color::srgb(0.996, 0.988, 0.973);
pub const SURFACE_SUNK: Color = Color::srgb(0.937, 0.910, 0.875);
pub const BORDER: Color = Color::srgb(0.871, 0.835, 0.788);

pub const INK: Color = Color::srgb(0.176, 0.157, 0.141);
pub const INK_SOFT: Color = Color::srgb(0.365, 0.329, 0.298);
pub const INK_FAINT: Color = Color::srgb(0.545, 0.506, 0.471);
pub const ON_ACCENT: Color = Color::srgb(0.996, 0.988, 0.973);

/// Attunement, and the app's main accent.
pub const SAGE: Color = Color::srgb(0.294, 0.478, 0.424);
pub const SAGE_DEEP: Color = Color::srgb(0.220, 0.380, 0.337);
pub const SAGE_TINT: Color = Color::srgb(0.886, 0.925, 0.906);
/// Ownership.
pub const CLAY: Color = Color::srgb(0.757, 0.467, 0.329);
pub const CLAY_TINT: Color = Color::srgb(0.961, 0.894, 0.859);
/// Silence as a response.
pub const DUSK: Color = Color::srgb(0.369, 0.447, 0.561);
pub const DUSK_TINT: Color = Color::srgb(0.898, 0.914, 0.941);
/// Repairs: the heart of the skill.
pub const GOLD: Color = Color::srgb(0.780, 0.580, 0.180);
pub const GOLD_TINT: Color = Color::srgb(0.984, 0.941, 0.847);
/// Problems in a scenario file (author mode).
pub const ROSE: Color = Color::srgb(0.690, 0.314, 0.314);
pub const ROSE_TINT: Color = Color::srgb(0.976, 0.906, 0.898);

/// Buttons.
pub const BUTTON: Color = Color::srgb(0.996, 0.988, 0.973);
pub const BUTTON_HOVER: Color = Color::srgb(0.929, 0.953, 0.941);
pub const BUTTON_PRESS: Color = Color::srgb(0.863, 0.914, 0.890);
pub const PRIMARY: Color = SAGE;
pub const PRIMARY_HOVER: Color = SAGE_DEEP;

/// The client figure.
pub const SKIN: Color = Color::srgb(0.820, 0.651, 0.549);
pub const SKIN_SHADE: Color = Color::srgb(0.741, 0.569, 0.467);
pub const HAIR: Color = Color::srgb(0.298, 0.231, 0.192);
pub const CLOTH: Color = Color::srgb(0.447, 0.537, 0.600);
pub const CLOTH_SHADE: Color = Color::srgb(0.380, 0.463, 0.522);
pub const CHAIR: Color = Color::srgb(0.690, 0.592, 0.494);
pub const FEATURE: Color = Color::srgb(0.227, 0.176, 0.149);
pub const TEAR: Color = Color::srgb(0.561, 0.725, 0.859);
pub const FLUSH: Color = Color::srgba(0.851, 0.380, 0.322, 0.45);

/// The high-contrast palette, for projectors in bright rooms and for low
/// vision: each colour of the calm palette above and what it becomes.
/// Paper turns white, ink black, borders dark, accents deep enough for
/// text on them and light tints for panels. Colours not in the palette
/// (the client figure) keep their own.
const HIGH_CONTRAST: [(Color, Color); 24] = [
    (BACKGROUND, Color::srgb(1.0, 1.0, 1.0)),
    (SURFACE, Color::srgb(1.0, 1.0, 1.0)),
    (SURFACE_SUNK, Color::srgb(0.90, 0.90, 0.90)),
    (BORDER, Color::srgb(0.12, 0.12, 0.12)),
    (INK, Color::srgb(0.0, 0.0, 0.0)),
    (INK_SOFT, Color::srgb(0.06, 0.06, 0.06)),
    (INK_FAINT, Color::srgb(0.20, 0.20, 0.20)),
    (SAGE, Color::srgb(0.0, 0.33, 0.24)),
    (SAGE_DEEP, Color::srgb(0.0, 0.25, 0.18)),
    (SAGE_TINT, Color::srgb(0.86, 0.96, 0.91)),
    (CLAY, Color::srgb(0.55, 0.20, 0.02)),
    (CLAY_TINT, Color::srgb(1.0, 0.90, 0.82)),
    (DUSK, Color::srgb(0.08, 0.18, 0.42)),
    (DUSK_TINT, Color::srgb(0.89, 0.92, 1.0)),
    (GOLD, Color::srgb(0.45, 0.30, 0.0)),
    (GOLD_TINT, Color::srgb(1.0, 0.95, 0.78)),
    (ROSE, Color::srgb(0.55, 0.02, 0.02)),
    (ROSE_TINT, Color::srgb(1.0, 0.89, 0.89)),
    (BUTTON_HOVER, Color::srgb(0.80, 0.90, 1.0)),
    (BUTTON_PRESS, Color::srgb(0.65, 0.80, 1.0)),
    // The rest are the same colours under other names (ON_ACCENT and
    // BUTTON are SURFACE, PRIMARY is SAGE) or the figure's.
    (ON_ACCENT, Color::srgb(1.0, 1.0, 1.0)),
    (BUTTON, Color::srgb(1.0, 1.0, 1.0)),
    (PRIMARY, Color::srgb(0.0, 0.33, 0.24)),
    (PRIMARY_HOVER, Color::srgb(0.0, 0.25, 0.18)),
];

/// `colour` in the high-contrast palette (its alpha kept); colours that
/// are not the calm palette's are returned as they are. Applying it twice
/// changes nothing more.
pub fn high_contrast(colour: Color) -> Color {
    let c = colour.to_srgba();
    let same = |a: f32, b: f32| (a - b).abs() < 1e-4;
    HIGH_CONTRAST
        .iter()
        .find(|(from, _)| {
            let f = from.to_srgba();
            same(f.red, c.red) && same(f.green, c.green) && same(f.blue, c.blue)
        })
        .map_or(colour, |(_, to)| to.with_alpha(c.alpha))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn luminance(c: Color) -> f32 {
        let l = c.to_linear();
        0.2126 * l.red + 0.7152 * l.green + 0.0722 * l.blue
    }

    fn contrast(a: Color, b: Color) -> f32 {
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn high_contrast_is_settled_after_one_pass() {
        for (from, to) in HIGH_CONTRAST {
            assert_eq!(high_contrast(from), to);
            assert_eq!(high_contrast(to), to, "{to:?} is itself a calm colour");
        }
        assert_eq!(high_contrast(SKIN), SKIN);
        assert_eq!(high_contrast(INK.with_alpha(0.45)).alpha(), 0.45);
    }

    #[test]
    fn high_contrast_text_is_at_least_aaa_on_its_panels() {
        let h = high_contrast;
        for ink in [INK, INK_SOFT, INK_FAINT] {
            for paper in [
                BACKGROUND, SURFACE, SAGE_TINT, DUSK_TINT, GOLD_TINT, ROSE_TINT,
            ] {
                let c = contrast(h(ink), h(paper));
                assert!(c >= 7.0, "{ink:?} on {paper:?}: {c:.1}");
            }
        }
        for accent in [SAGE, SAGE_DEEP, CLAY, DUSK, GOLD, ROSE] {
            let c = contrast(h(ON_ACCENT), h(accent));
            assert!(c >= 7.0, "text on {accent:?}: {c:.1}");
        }
        // And more than the calm palette gives.
        assert!(contrast(h(INK_FAINT), h(SURFACE)) > contrast(INK_FAINT, SURFACE));
    }
}
