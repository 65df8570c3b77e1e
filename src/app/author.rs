//! Author mode (`attune app --watch DIR`): the library is loaded from a
//! folder and reloaded when a file in it is saved. The scenario being
//! played is swapped for the new version and its turns replayed on it; a
//! file with errors shows its diagnostics in the app instead of stopping it.

use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime};

use bevy::prelude::*;

use crate::app::practice::{Config, Library, Practice};
use crate::app::screens::Screen;
use crate::app::theme::{Face, Fonts, palette, size, space, widget};

/// How often the folder is looked at.
const EVERY: Duration = Duration::from_millis(300);

pub fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (watch, panel)
            .chain()
            .run_if(|config: Res<Config>| config.watch.is_some()),
    );
}

/// What the watched files looked like: path, modification time, size.
type Stamp = Vec<(PathBuf, Option<SystemTime>, u64)>;

fn stamp(paths: &[PathBuf]) -> Stamp {
    let (files, _) = crate::load::expand_paths(paths);
    files
        .into_iter()
        .map(|f| {
            let meta = std::fs::metadata(&f).ok();
            let modified = meta.as_ref().and_then(|m| m.modified().ok());
            let len = meta.map_or(0, |m| m.len());
            (f, modified, len)
        })
        .collect()
}

fn watch(
    config: Res<Config>,
    mut library: ResMut<Library>,
    mut practice: ResMut<Practice>,
    mut last: Local<Option<(Instant, Stamp)>>,
) {
    if last.as_ref().is_some_and(|(t, _)| t.elapsed() < EVERY) {
        return;
    }
    let now = stamp(&config.library);
    let changed = last.as_ref().is_some_and(|(_, before)| *before != now);
    *last = Some((Instant::now(), now));
    if !changed {
        return;
    }
    let unfinished = std::mem::take(&mut library.unfinished);
    let mut fresh = Library::load(&config.library);
    fresh.unfinished = unfinished;
    let mut notice = format!(
        "Reloaded {} at {}.",
        config
            .watch
            .as_ref()
            .map_or(String::new(), |w| w.display().to_string()),
        &crate::log::now_rfc3339()[11..19]
    );
    if let Some(current) = practice.scenario.clone() {
        match fresh.find(&current.id) {
            Some(new) if new.content_hash() != current.content_hash() => {
                notice = practice.swap_scenario(new, config.log_dir.as_deref());
            }
            Some(_) => {}
            None => {
                notice = format!(
                    "`{}` has errors now; you are still playing the version before them.",
                    current.id
                );
            }
        }
    }
    fresh.notice = Some(notice);
    *library = fresh;
}

#[derive(Component)]
struct Panel;

/// A panel over every screen: what is being watched, and any problems.
/// (The picker lists the problems itself, so there the panel stays away.)
fn panel(
    mut commands: Commands,
    fonts: Res<Fonts>,
    library: Res<Library>,
    config: Res<Config>,
    screen: Res<State<Screen>>,
    panels: Query<Entity, With<Panel>>,
    mut drawn: Local<bool>,
) {
    if *drawn && !library.is_changed() && !screen.is_changed() {
        return;
    }
    *drawn = true;
    for e in &panels {
        commands.entity(e).despawn();
    }
    if *screen.get() == Screen::Picker {
        return;
    }
    let errors: Vec<String> = library
        .errors()
        .iter()
        .map(|d| crate::diag::render(std::slice::from_ref(*d)))
        .collect();
    let dir = config
        .watch
        .as_ref()
        .map_or(String::new(), |w| w.display().to_string());
    let notice = library.notice.clone();
    let f = fonts.clone();
    commands.spawn((
        Panel,
        Name::new("Author panel"),
        GlobalZIndex(10),
        Node {
            position_type: PositionType::Absolute,
            right: px(space::M),
            bottom: px(space::M),
            max_width: px(620),
            max_height: percent(60),
            overflow: Overflow::clip(),
            flex_direction: FlexDirection::Column,
            row_gap: px(space::XS),
            padding: UiRect::axes(px(space::M), px(space::S)),
            border: UiRect::all(px(1.5)),
            border_radius: BorderRadius::all(px(12)),
            ..default()
        },
        BackgroundColor(if errors.is_empty() {
            palette::SURFACE
        } else {
            palette::ROSE_TINT
        }),
        BorderColor::all(if errors.is_empty() {
            palette::BORDER
        } else {
            palette::ROSE
        }),
        Children::spawn(SpawnWith(move |c: &mut ChildSpawner| {
            c.spawn(widget::text(
                &f,
                format!("Author mode · watching {dir}"),
                size::CAPTION,
                Face::Bold,
                palette::INK_SOFT,
            ));
            if let Some(n) = notice {
                c.spawn(widget::text(
                    &f,
                    n,
                    size::CAPTION,
                    Face::Regular,
                    palette::INK,
                ));
            }
            if errors.is_empty() {
                c.spawn(widget::text(
                    &f,
                    "Every scenario loads cleanly. Save a file to see it here.",
                    size::CAPTION,
                    Face::Regular,
                    palette::INK_SOFT,
                ));
            }
            for e in errors.iter().take(6) {
                c.spawn(widget::mono(e.trim_end()));
            }
        })),
    ));
}
