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
