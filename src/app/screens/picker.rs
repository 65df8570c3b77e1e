//! The scenario picker: every scenario in the library with its client,
//! difficulty, kind of rupture and premise; unfinished sessions to resume;
//! in author mode, the problems in the watched folder; the trainee's name
//! for their instructor's report; the way into the classroom.

use bevy::input::keyboard::KeyboardInput;
use bevy::prelude::*;

use super::{Screen, Typed, type_into};
use crate::app::action::{Act, Action};
use crate::app::classroom::Classroom;
use crate::app::practice::{Config, Library, Practice};
use crate::app::theme::widget::{self, ButtonColors, Look};
use crate::app::theme::{Face, Fonts, palette, size, space};
use crate::diag;

pub fn plugin(app: &mut App) {
    app.init_resource::<Cursor>();
    app.init_resource::<NameField>();
    app.add_systems(
        OnEnter(Screen::Picker),
        (find_unfinished, show_name, spawn).chain(),
    );
    app.add_systems(OnExit(Screen::Picker), finish_name);
    app.add_systems(
        Update,
        (
            type_name,
            keys,
            act,
            redraw_on_change,
            highlight,
            keep_in_view,
        )
            .chain()
            .run_if(in_state(Screen::Picker)),
    );
}

/// The name field: the name as typed, and whether it has the keyboard.
#[derive(Resource, Default)]
pub struct NameField {
    pub active: bool,
    pub text: String,
}

/// The scenario the keyboard is on.
#[derive(Resource, Default)]
pub struct Cursor(pub usize);

#[derive(Component)]
struct Root;

#[derive(Component)]
struct Card(usize);

fn spawn(
    mut commands: Commands,
    fonts: Res<Fonts>,
    library: Res<Library>,
    config: Res<Config>,
    name: Res<NameField>,
) {
    commands.spawn((
        Name::new("Picker"),
        Root,
        DespawnOnExit(Screen::Picker),
        widget::screen_root(),
        children![content(&fonts, &library, &config, &name)],
    ));
}

/// The field shows the name sessions are begun with.
fn show_name(mut name: ResMut<NameField>, practice: Res<Practice>) {
    name.active = false;
    name.text = practice.trainee.clone().unwrap_or_default();
}

/// Typing a name: keys go into the field until Enter or Escape; the name
/// is then remembered for next time.
fn type_name(
    mut name: ResMut<NameField>,
    mut input: MessageReader<KeyboardInput>,
    mut practice: ResMut<Practice>,
    mut library: ResMut<Library>,
    config: Res<Config>,
) {
    if !name.active {
        input.clear();
        return;
    }
    let mut text = name.text.clone();
    match type_into(&mut text, &mut input, crate::prefs::MAX_NAME) {
        Typed::Nothing => {}
        Typed::Changed => {
            name.text = text;
            practice.trainee = crate::prefs::clean_name(&name.text);
        }
        Typed::Done => {
            name.active = false;
            if let Err(e) = keep_name(&name.text, &mut practice, &config) {
                library.notice = Some(e);
            }
        }
    }
}

/// Leaving the picker while typing a name keeps the name as typed.
fn finish_name(
    mut name: ResMut<NameField>,
    mut practice: ResMut<Practice>,
    mut library: ResMut<Library>,
    config: Res<Config>,
) {
    if name.active {
        name.active = false;
        if let Err(e) = keep_name(&name.text, &mut practice, &config) {
            library.notice = Some(e);
        }
    }
}

/// Text size and contrast, for projectors and low vision (the same as
/// Ctrl +, Ctrl - and Ctrl H on any screen).
fn display_row(f: &Fonts) -> impl Bundle + use<> {
    (
        Node {
            align_items: AlignItems::Center,
            ..widget::row(space::XS)
        },
        children![
            widget::text(f, "Text", size::CAPTION, Face::Bold, palette::INK_FAINT),
            widget::button(
                f,
                "A\u{2212}",
                Some("Ctrl \u{2212}"),
                Action::TextSmaller,
                Look::Quiet
            ),
            widget::button(f, "A+", Some("Ctrl +"), Action::TextLarger, Look::Quiet),
            widget::button(f, "Contrast", Some("Ctrl H"), Action::Contrast, Look::Quiet),
        ],
    )
}

/// Begin sessions with this name, and remember it for next time.
fn keep_name(typed: &str, practice: &mut Practice, config: &Config) -> Result<(), String> {
    practice.trainee = crate::prefs::clean_name(typed);
    let Some(path) = &config.prefs else {
        return Ok(());
    };
    let trainee = practice.trainee.clone();
    crate::prefs::Prefs::update(path, |p| p.trainee = trainee)
        .map(drop)
        .map_err(|e| {
            format!(
                "Your name could not be remembered for next time ({}: {e}).",
                path.display()
            )
        })
}

/// Sessions left unfinished (including one just paused) can be resumed.
fn find_unfinished(mut library: ResMut<Library>, config: Res<Config>) {
    if let Some(dir) = &config.log_dir
        && config.offer_resume
    {
        library.scan_unfinished(dir);
    }
}

fn redraw_on_change(
    mut commands: Commands,
    fonts: Res<Fonts>,
    library: Res<Library>,
    config: Res<Config>,
    name: Res<NameField>,
    root: Query<Entity, With<Root>>,
) {
    let library_changed = library.is_changed() && !library.is_added();
    let name_changed = name.is_changed() && !name.is_added();
    if !(library_changed || name_changed) {
        return;
    }
    for e in &root {
        commands.entity(e).despawn_children();
        let child = commands
            .spawn(content(&fonts, &library, &config, &name))
            .id();
        commands.entity(e).add_child(child);
    }
}

/// One section of the picker, spawned in order.
type Part = Box<dyn FnOnce(&mut ChildSpawner) + Send + Sync>;

fn content(
    fonts: &Fonts,
    library: &Library,
    config: &Config,
    name: &NameField,
) -> impl Bundle + use<> {
    let mut parts: Vec<Part> = Vec::new();
    let f = fonts.clone();
    parts.push(Box::new(move |p| {
        p.spawn(widget::page_header(
            children![
                widget::text(&f, "Attune", size::DISPLAY, Face::Bold, palette::SAGE_DEEP),
                widget::text(
                    &f,
                    "Practise the moments when the working alliance strains. Choose a client to meet.",
                    size::BODY,
                    Face::Regular,
                    palette::INK_SOFT,
                ),
            ],
            children![
                (
                    widget::row(space::S),
                    children![
                        widget::button(&f, "Your sessions", Some("H"), Action::History, Look::Quiet),
                        widget::button(&f, "Classroom", Some("C"), Action::Classroom, Look::Quiet),
                    ],
                ),
                display_row(&f),
            ],
        ));
    }));
    let name_row = name_row(fonts, name);
    parts.push(Box::new(move |p| {
        p.spawn(name_row);
    }));
    if let Some(notice) = library.notice.clone() {
        let f = fonts.clone();
        parts.push(Box::new(move |p| {
            p.spawn((
                widget::card(palette::GOLD_TINT, palette::GOLD),
                children![widget::body(&f, notice)],
            ));
        }));
    }
    if let Some(u) = library.unfinished.first() {
        let f = fonts.clone();
        let turns = u.log.turns.len();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        // How long ago, and the local time it was (logs keep UTC).
        let when = format!(
            "{} ({})",
            crate::log::ago(&u.log.updated, now),
            crate::when::short(&u.log.updated)
        );
        let what = format!(
            "{} with {}: {} so far, last saved {when}.",
            u.scenario.title,
            u.scenario.client.name,
            match turns {
                0 => "no turns".to_owned(),
                1 => "1 turn".to_owned(),
                n => format!("{n} turns"),
            }
        );
        let more = library.unfinished.len() - 1;
        parts.push(Box::new(move |p| {
            p.spawn((
                widget::card(palette::SAGE_TINT, palette::SAGE),
                children![
                    widget::eyebrow(&f, "An unfinished session"),
                    (
                        Node {
                            justify_content: JustifyContent::SpaceBetween,
                            ..widget::row(space::L)
                        },
                        children![
                            (
                                Node {
                                    flex_shrink: 1.0,
                                    ..widget::column(2.0)
                                },
                                children![
                                    widget::body(&f, what),
                                    widget::small(
                                        &f,
                                        if more > 0 {
                                            format!(
                                                "Every turn was saved as you went. ({more} older unfinished {} in the log folder.)",
                                                if more == 1 { "session is" } else { "sessions are" }
                                            )
                                        } else {
                                            "Every turn was saved as you went; carry on where you left off.".to_owned()
                                        }
                                    ),
                                ]
                            ),
                            widget::button(&f, "Resume", Some("R"), Action::Resume(0), Look::Primary),
                        ]
                    ),
                ],
            ));
        }));
    }
    let errors: Vec<String> = library
        .errors()
        .iter()
        .map(|d| diag::render(std::slice::from_ref(*d)))
        .collect();
    if !errors.is_empty() {
        let f = fonts.clone();
        let watching = config.watch.is_some();
        let count = errors.len();
        parts.push(Box::new(move |p| {
            p.spawn((widget::card(palette::ROSE_TINT, palette::ROSE),))
                .with_children(|c| {
                    c.spawn(widget::text(
                        &f,
                        format!(
                            "{count} {} in the scenario files",
                            if count == 1 { "problem" } else { "problems" }
                        ),
                        size::HEADING,
                        Face::Bold,
                        palette::ROSE,
                    ));
                    for e in errors.iter().take(if watching { 12 } else { 3 }) {
                        c.spawn(widget::mono(e.trim_end()));
                    }
                    c.spawn(widget::small(
                        &f,
                        if watching {
                            "Fix the file and save it: the library reloads by itself. (F5 reloads now.)"
                        } else {
                            "`attune check` shows every problem; the other scenarios can be played."
                        },
                    ));
                });
        }));
    }
    let scenarios = library.scenarios.clone();
    let f = fonts.clone();
    parts.push(Box::new(move |p| {
        p.spawn(widget::eyebrow(&f, "Scenarios"));
        if scenarios.is_empty() {
            p.spawn(widget::body(
                &f,
                "No scenarios were found. Start Attune from its folder, or give one with `--scenarios DIR`.",
            ));
        }
        for (i, s) in scenarios.iter().enumerate() {
            let mut kinds: Vec<&str> = s.ruptures.iter().map(|r| r.label()).collect();
            kinds.dedup();
            let meta = if s.pattern.is_empty() {
                format!("{}, {}", s.client.name, s.client.age)
            } else {
                format!("{}, {} · {}", s.client.name, s.client.age, s.pattern)
            };
            p.spawn((
                Card(i),
                widget::button_frame(
                    Action::Open(i),
                    ButtonColors::resting(palette::SURFACE),
                    palette::BORDER, Node {
                    flex_direction: FlexDirection::Column,
                    align_items: AlignItems::Stretch,
                    row_gap: px(space::XS),
                    padding: UiRect::axes(px(space::L), px(space::M)),
                    border: UiRect::all(px(2)),
                    border_radius: BorderRadius::all(px(14)),
                    ..default()
                }),
            ))
            .with_children(|card| {
                card.spawn((
                    Node {
                        justify_content: JustifyContent::SpaceBetween,
                        ..widget::row(space::M)
                    },
                    children![
                        widget::text(&f, s.title.clone(), size::HEADING, Face::Bold, palette::INK),
                        (
                            widget::row(space::XS),
                            children![
                                widget::tag(
                                    &f,
                                    s.difficulty.label(),
                                    palette::SURFACE_SUNK,
                                    palette::INK_SOFT
                                ),
                                widget::tag(&f, kinds.join(" · "), palette::CLAY_TINT, palette::CLAY),
                            ]
                        ),
                    ],
                ));
                card.spawn(widget::text(&f, meta, size::SMALL, Face::Bold, palette::INK_SOFT));
                card.spawn(widget::body(&f, s.premise.clone()));
            });
        }
        p.spawn(widget::text(
            &f,
            "Up and Down to move · Enter to open · or click a scenario",
            size::SMALL,
            Face::Regular,
            palette::INK_FAINT,
        ));
    }));
    (
        Node {
            width: percent(100),
            max_width: px(1040),
            padding: UiRect::new(px(space::XL), px(space::XL), px(44), px(48)),
            ..widget::column(space::L)
        },
        Children::spawn(SpawnWith(move |p: &mut ChildSpawner| {
            for part in parts {
                part(p);
            }
        })),
    )
}

/// "Your name (for your instructor's report; optional)" and its field.
fn name_row(f: &Fonts, name: &NameField) -> impl Bundle + use<> {
    let typed = name.text.clone();
    let active = name.active;
    (
        Node {
            flex_wrap: FlexWrap::Wrap,
            row_gap: px(space::XS),
            ..widget::row(space::M)
        },
        children![
            widget::text(
                f,
                "Your name (for your instructor's report; optional)",
                size::SMALL,
                Face::Bold,
                palette::INK_SOFT,
            ),
            widget::field(
                f,
                &typed,
                "Click or press N to type; Enter when done",
                active,
                Action::TypeName,
            ),
        ],
    )
}

fn keys(
    keys: Res<ButtonInput<KeyCode>>,
    mut cursor: ResMut<Cursor>,
    library: Res<Library>,
    name: Res<NameField>,
    mut acts: MessageWriter<Act>,
    mut was_typing: Local<bool>,
) {
    // Keys typed into the name field, and the key that ends typing, are
    // not shortcuts.
    if std::mem::replace(&mut *was_typing, name.active) || name.active {
        return;
    }
    if keys.just_pressed(KeyCode::KeyN) {
        acts.write(Act(Action::TypeName));
    }
    if keys.just_pressed(KeyCode::KeyC) {
        acts.write(Act(Action::Classroom));
    }
    // Ctrl H is the display's (high contrast).
    if keys.just_pressed(KeyCode::KeyH) && !crate::app::display::modifier_held(&keys) {
        acts.write(Act(Action::History));
    }
    let n = library.scenarios.len();
    if n == 0 {
        cursor.0 = 0;
    } else {
        if keys.just_pressed(KeyCode::ArrowDown) {
            cursor.0 = (cursor.0 + 1).min(n - 1);
        }
        if keys.just_pressed(KeyCode::ArrowUp) {
            cursor.0 = cursor.0.saturating_sub(1);
        }
        if cursor.0 >= n {
            cursor.0 = n - 1;
        }
        if keys.just_pressed(KeyCode::Enter) || keys.just_pressed(KeyCode::NumpadEnter) {
            acts.write(Act(Action::Open(cursor.0)));
        }
    }
    if keys.just_pressed(KeyCode::KeyR) && !library.unfinished.is_empty() {
        acts.write(Act(Action::Resume(0)));
    }
    if keys.just_pressed(KeyCode::F5) {
        acts.write(Act(Action::Reload));
    }
}

/// When the keyboard moves to another card, scroll so that it is in view
/// (with a margin), using where the last layout put it.
fn keep_in_view(
    cursor: Res<Cursor>,
    cards: Query<(&Card, &ComputedNode, &UiGlobalTransform)>,
    mut views: Query<
        (&mut ScrollPosition, &ComputedNode, &UiGlobalTransform),
        With<widget::Scrolls>,
    >,
) {
    if !cursor.is_changed() {
        return;
    }
    let Some((_, card, at)) = cards.iter().find(|(c, ..)| c.0 == cursor.0) else {
        return;
    };
    for (mut pos, view, view_at) in &mut views {
        // Layout sizes and positions are in physical pixels, the scroll
        // position in logical ones.
        let inverse = view.inverse_scale_factor();
        let margin = space::L / inverse;
        let top = (at.translation.y - card.size().y / 2.0)
            - (view_at.translation.y - view.size().y / 2.0);
        let bottom = top + card.size().y;
        let dy = if top < margin {
            top - margin
        } else if bottom > view.size().y - margin {
            bottom - (view.size().y - margin)
        } else {
            0.0
        };
        if dy != 0.0 {
            pos.0.y = (pos.0.y + dy * inverse).max(0.0);
        }
    }
}

fn highlight(cursor: Res<Cursor>, mut cards: Query<(&Card, &mut BorderColor, &mut ButtonColors)>) {
    for (card, mut border, mut colors) in &mut cards {
        let on = card.0 == cursor.0;
        let edge = if on { palette::SAGE } else { palette::BORDER };
        if border.top != edge {
            *border = BorderColor::all(edge);
        }
        let fill = if on {
            palette::SAGE_TINT
        } else {
            palette::SURFACE
        };
        if colors.normal != fill {
            colors.normal = fill;
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn act(
    mut acts: MessageReader<Act>,
    mut library: ResMut<Library>,
    mut practice: ResMut<Practice>,
    mut cursor: ResMut<Cursor>,
    mut config: ResMut<Config>,
    mut name: ResMut<NameField>,
    mut classroom: ResMut<Classroom>,
    mut next: ResMut<NextState<Screen>>,
) {
    for Act(action) in acts.read() {
        match action {
            Action::TypeName => name.active = true,
            Action::Classroom => {
                classroom.open_from_picker(&config);
                next.set(Screen::Classroom);
            }
            Action::History => next.set(Screen::History),
            Action::Open(i) => {
                if let Some(s) = library.scenarios.get(*i).cloned() {
                    cursor.0 = *i;
                    let seed = config.seed.take().unwrap_or_else(crate::cli::fresh_seed);
                    practice.prepare(s, seed);
                    next.set(Screen::Before);
                }
            }
            Action::Resume(i) => {
                if let Some(u) = library.unfinished.get(*i).cloned() {
                    match practice.resume(&u) {
                        Ok(()) => {
                            library.notice = None;
                            next.set(if practice.is_ended() {
                                Screen::Debrief
                            } else {
                                Screen::Session
                            });
                        }
                        Err(d) => {
                            library.notice =
                                Some(format!("That session could not be resumed: {}", d.message));
                            library.unfinished.remove(*i);
                        }
                    }
                }
            }
            Action::Reload => {
                let dirs = config.library.clone();
                let mut fresh = Library::load(&dirs);
                if let Some(dir) = &config.log_dir
                    && config.offer_resume
                {
                    fresh.scan_unfinished(dir);
                }
                *library = fresh;
            }
            _ => {}
        }
    }
}
