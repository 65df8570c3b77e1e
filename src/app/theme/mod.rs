//! The look of the app: colours ([`palette`]), the type scale and fonts,
//! and the widget functions every screen builds from ([`widget`]).

pub mod palette;
pub mod widget;

use bevy::prelude::*;

/// Font sizes, in logical pixels: one scale for the whole app.
pub mod size {
    pub const DISPLAY: f32 = 40.0;
    pub const TITLE: f32 = 30.0;
    pub const HEADING: f32 = 23.0;
    pub const LINE: f32 = 23.0;
    pub const BODY: f32 = 19.0;
    pub const SMALL: f32 = 16.0;
    pub const CAPTION: f32 = 14.0;
}

/// Space between things, in logical pixels.
pub mod space {
    pub const XS: f32 = 6.0;
    pub const S: f32 = 10.0;
    pub const M: f32 = 16.0;
    pub const L: f32 = 24.0;
    pub const XL: f32 = 36.0;
}

/// The app's typeface (Lato, shipped in `assets/fonts`, embedded in the
/// binary so the app works wherever it is installed).
#[derive(Resource, Clone, Default)]
pub struct Fonts {
    pub regular: Handle<Font>,
    pub italic: Handle<Font>,
    pub bold: Handle<Font>,
}

/// The three faces of the app's typeface.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Face {
    Regular,
    Italic,
    Bold,
}

impl Fonts {
    pub fn get(&self, face: Face) -> Handle<Font> {
        match face {
            Face::Regular => self.regular.clone(),
            Face::Italic => self.italic.clone(),
            Face::Bold => self.bold.clone(),
        }
    }
}

pub fn plugin(app: &mut App) {
    let fonts = match app.world_mut().get_resource_mut::<Assets<Font>>() {
        Some(mut assets) => Fonts {
            regular: assets.add(Font::from_bytes(
                include_bytes!("../../../assets/fonts/Lato-Regular.ttf").to_vec(),
            )),
            italic: assets.add(Font::from_bytes(
                include_bytes!("../../../assets/fonts/Lato-Italic.ttf").to_vec(),
            )),
            bold: assets.add(Font::from_bytes(
                include_bytes!("../../../assets/fonts/Lato-Bold.ttf").to_vec(),
            )),
        },
        // Headless (tests): no font assets, no text rendering.
        None => Fonts::default(),
    };
    app.insert_resource(fonts);
    app.insert_resource(ClearColor(palette::BACKGROUND));
    app.add_systems(Startup, spawn_scroll_cue);
    app.add_systems(
        Update,
        (widget::button_feedback, widget::scroll, widget::scroll_cue),
    );
}

/// One "more below" cue for the whole app, placed by [`widget::scroll_cue`].
fn spawn_scroll_cue(mut commands: Commands, fonts: Res<Fonts>) {
    commands.spawn(widget::scroll_cue_bundle(&fonts));
}
