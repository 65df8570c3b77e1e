//! "Your sessions": the sessions saved in the log folder, newest first
//! (when, in local time; scenario; ending; how hard it felt), attunement
//! and ownership across them as a chart, and the files that could not be
//! read. Opening a finished session shows its debrief (the debrief screen,
//! with Back returning here); opening an unfinished one carries on with
//! it. "Export for supervision" writes the session's debrief as an HTML
//! page beside its log and says where.
//!
//! Everything shown comes from [`crate::history`], as `attune history`
//! prints it.

use std::path::PathBuf;
use std::sync::Arc;

use bevy::prelude::*;

use super::Screen;
use crate::app::action::{Act, Action};
use crate::app::practice::{Config, Practice, Unfinished};
use crate::app::theme::widget::{self, ButtonColors, Look};
use crate::app::theme::{Face, Fonts, palette, size, space};
use crate::format::EndingKind;
use crate::history::{self, History, Opened, Past, ScanError};
use crate::log::LogFile;
use crate::record::Recorder;

pub fn plugin(app: &mut App) {
    app.init_resource::<Sessions>();
    app.add_systems(OnEnter(Screen::History), (scan, spawn).chain());
    app.add_systems(
        Update,
        (keys, act, redraw_on_change, highlight, keep_in_view)
            .chain()
            .run_if(in_state(Screen::History)),
    );
}

/// The history as last read, and where the keyboard is in it.
#[derive(Resource, Default)]
pub struct Sessions {
    /// `None` when there is no log folder to read (capture mode without
    /// `--log-dir`).
    pub history: Option<History>,
    /// Why the folder could not be read, if it could not.
    pub problem: Option<String>,
    /// The session the keyboard is on, by its index in the list.
    pub cursor: usize,
    /// What the last action did (a page written, a session that could not
    /// be opened).
    pub notice: Option<Notice>,
    /// Bumped whenever what is shown changes (not the cursor), so the
    /// screen redraws.
    pub version: u64,
}

/// A message at the top of the screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub good: bool,
}

impl Sessions {
    /// The sessions listed (none when there is no history).
    pub fn list(&self) -> &[Past] {
        self.history.as_ref().map_or(&[], |h| &h.sessions)
    }
}

/// How many sessions the chart shows at most (the newest).
const CHART_SESSIONS: usize = 24;
/// The height of a bar for a score of 5.
const CHART_H: f32 = 110.0;

/// The screen's root, with the [`Sessions::version`] it shows.
#[derive(Component)]
struct Root(u64);

#[derive(Component)]
struct Row(usize);

/// Read the log folder again each time the screen opens.
fn scan(mut sessions: ResMut<Sessions>, config: Res<Config>) {
    sessions.notice = None;
    sessions.problem = None;
    sessions.history = None;
    let Some(dir) = &config.log_dir else {
        sessions.problem = Some(
            "No log folder is in use in this mode, so there are no sessions to show.".to_owned(),
        );
        return;
    };
    match history::scan(dir, &config.library, &crate::when::local_zone()) {
        Ok(h) => sessions.history = Some(h),
        Err(ScanError::Missing(_)) => sessions.history = Some(History::empty(dir)),
        Err(ScanError::Unreadable(d)) => sessions.problem = Some(d.message),
    }
    let n = sessions.list().len();
    sessions.cursor = sessions.cursor.min(n.saturating_sub(1));
    sessions.version += 1;
}

fn spawn(mut commands: Commands, fonts: Res<Fonts>, sessions: Res<Sessions>) {
    commands.spawn((
        Name::new("Your sessions"),
        Root(sessions.version),
        DespawnOnExit(Screen::History),
        widget::screen_root(),
        children![content(&fonts, &sessions)],
    ));
}

/// Draw again when what is shown has changed (the cursor is shown by
/// [`highlight`]).
fn redraw_on_change(
    mut commands: Commands,
    fonts: Res<Fonts>,
    sessions: Res<Sessions>,
    mut root: Query<(Entity, &mut Root)>,
) {
    for (e, mut drawn) in &mut root {
        if drawn.0 == sessions.version {
            continue;
        }
        drawn.0 = sessions.version;
        commands.entity(e).despawn_children();
        let child = commands.spawn(content(&fonts, &sessions)).id();
        commands.entity(e).add_child(child);
    }
}

/// One section of the screen, spawned in order.
type Part = Box<dyn FnOnce(&mut ChildSpawner) + Send + Sync>;

fn content(fonts: &Fonts, sessions: &Sessions) -> impl Bundle + use<> {
    let mut parts: Vec<Part> = vec![header(fonts, sessions)];
    if let Some(n) = sessions.notice.clone() {
        let f = fonts.clone();
        parts.push(Box::new(move |p| {
            let (fill, edge) = if n.good {
                (palette::SAGE_TINT, palette::SAGE)
            } else {
                (palette::ROSE_TINT, palette::ROSE)
            };
            p.spawn((
                widget::card(fill, edge),
                children![widget::body(&f, n.text)],
            ));
        }));
    }
    if let Some(problem) = sessions.problem.clone() {
        let f = fonts.clone();
        parts.push(Box::new(move |p| {
            p.spawn((
                widget::card(palette::GOLD_TINT, palette::GOLD),
                children![widget::body(&f, problem)],
            ));
        }));
    }
    if let Some(h) = &sessions.history {
        if h.sessions.is_empty() {
            let f = fonts.clone();
            parts.push(Box::new(move |p| {
                p.spawn((
                    widget::card(palette::SURFACE, palette::BORDER),
                    children![
                        widget::heading(&f, "No sessions yet"),
                        widget::body(
                            &f,
                            "Choose a scenario from the list and play it: every session is saved as you go, and appears here with its debrief.",
                        ),
                    ],
                ));
            }));
        } else {
            let chart = chart(fonts, &h.sessions);
            parts.push(Box::new(move |p| {
                p.spawn(chart);
            }));
            let f = fonts.clone();
            let list = h.sessions.clone();
            parts.push(Box::new(move |p| {
                p.spawn(widget::eyebrow(&f, "Newest first"));
                for (i, s) in list.iter().enumerate() {
                    p.spawn(row(&f, i, s));
                }
                p.spawn(widget::text(
                    &f,
                    "Up and Down to move · Enter to open · E to export for supervision · Esc to go back",
                    size::SMALL,
                    Face::Regular,
                    palette::INK_FAINT,
                ));
            }));
        }
        if !h.damaged.is_empty() {
            let f = fonts.clone();
            let damaged = h.damaged.clone();
            parts.push(Box::new(move |p| {
                p.spawn(widget::card(palette::ROSE_TINT, palette::ROSE))
                    .with_children(|c| {
                        c.spawn(widget::text(
                            &f,
                            format!(
                                "{} {} in the folder could not be read",
                                damaged.len(),
                                if damaged.len() == 1 { "file" } else { "files" }
                            ),
                            size::HEADING,
                            Face::Bold,
                            palette::ROSE,
                        ));
                        for d in &damaged {
                            let name = d.file.file_name().map_or_else(
                                || d.file.display().to_string(),
                                |n| n.to_string_lossy().into_owned(),
                            );
                            c.spawn(widget::small(&f, format!("{name}: {}", d.problem)));
                        }
                        c.spawn(widget::small(
                            &f,
                            "They are left as they are; `attune history` in a terminal lists them too.",
                        ));
                    });
            }));
        }
    }
    (
        Node {
            width: percent(100),
            max_width: px(1040),
            padding: UiRect::new(px(space::XL), px(space::XL), px(40), px(48)),
            ..widget::column(space::M)
        },
        Children::spawn(SpawnWith(move |p: &mut ChildSpawner| {
            for part in parts {
                part(p);
            }
        })),
    )
}

/// The title, where the logs are, and the way back.
fn header(fonts: &Fonts, sessions: &Sessions) -> Part {
    let f = fonts.clone();
    let lead = match &sessions.history {
        Some(h) => format!(
            "Every session saved in {}, with its debrief. Times are local.",
            h.folder.display()
        ),
        None => "Every session you save appears here, with its debrief.".to_owned(),
    };
    Box::new(move |p: &mut ChildSpawner| {
        p.spawn(widget::page_header(
            children![
                widget::text(
                    &f,
                    "Your sessions",
                    size::TITLE,
                    Face::Bold,
                    palette::SAGE_DEEP
                ),
                widget::small(&f, lead),
            ],
            children![widget::back_to_scenarios(&f)],
        ));
    })
}

fn ending_colors(kind: EndingKind) -> (Color, Color) {
    match kind {
        EndingKind::Repaired => (palette::SAGE_TINT, palette::SAGE_DEEP),
        EndingKind::PartiallyRepaired => (palette::GOLD_TINT, palette::GOLD),
        EndingKind::BoundarySet => (palette::DUSK_TINT, palette::DUSK),
        EndingKind::Unresolved | EndingKind::ClientLeft => (palette::CLAY_TINT, palette::CLAY),
    }
}

/// "attunement 4.2 · ownership 4.0", or that ownership was not at stake.
fn scores_line(s: &Past) -> String {
    let Some(a) = s.attunement else {
        return "no turns answered yet".to_owned();
    };
    let own = match s.ownership {
        Some(o) => format!("ownership {o:.1}"),
        None => "ownership not at stake".to_owned(),
    };
    format!("attunement {a:.1} · {own}")
}

/// One session: a card that opens it, with its export button.
fn row(f: &Fonts, i: usize, s: &Past) -> impl Bundle + use<> {
    let f = f.clone();
    let with = s
        .client
        .as_ref()
        .map(|c| format!(" with {c}"))
        .unwrap_or_default();
    let title = format!("{}{with}", s.title);
    let when = s.local.clone();
    let (tag, fill, ink) = match &s.ending {
        Some(e) => {
            let (fill, ink) = ending_colors(e.ending_kind);
            (format!("{} · {}", e.title, e.kind), fill, ink)
        }
        None => (
            format!(
                "unfinished after {} · Enter to carry on",
                match s.turns {
                    1 => "1 turn".to_owned(),
                    n => format!("{n} turns"),
                }
            ),
            palette::SURFACE_SUNK,
            palette::INK_SOFT,
        ),
    };
    let rating = match (s.rating, s.is_finished()) {
        (Some(r), _) => format!("felt {r}/10"),
        (None, true) => "not rated".to_owned(),
        (None, false) => String::new(),
    };
    let mut meta = scores_line(s);
    if !rating.is_empty() {
        meta = format!("{meta} · {rating}");
    }
    if let Some(t) = &s.trainee {
        meta = format!("{meta} · {t}");
    }
    let finished = s.is_finished();
    (
        Row(i),
        widget::button_frame(
            Action::Past(i),
            ButtonColors::resting(palette::SURFACE),
            palette::BORDER,
            Node {
                flex_direction: FlexDirection::Row,
                align_items: AlignItems::Center,
                justify_content: JustifyContent::SpaceBetween,
                column_gap: px(space::M),
                padding: UiRect::axes(px(space::L), px(space::S)),
                border: UiRect::all(px(2)),
                border_radius: BorderRadius::all(px(12)),
                ..default()
            },
        ),
        Children::spawn(SpawnWith(move |r: &mut ChildSpawner| {
            r.spawn((
                Node {
                    flex_shrink: 1.0,
                    ..widget::column(2.0)
                },
                children![
                    (
                        Node {
                            flex_wrap: FlexWrap::Wrap,
                            row_gap: px(2),
                            ..widget::row(space::S)
                        },
                        children![
                            widget::text(&f, when, size::SMALL, Face::Bold, palette::INK_SOFT),
                            widget::text(&f, title, size::BODY, Face::Bold, palette::INK),
                            widget::tag(&f, tag, fill, ink),
                        ],
                    ),
                    widget::text(&f, meta, size::CAPTION, Face::Regular, palette::INK_SOFT),
                ],
            ));
            if finished {
                r.spawn((
                    Node {
                        flex_shrink: 0.0,
                        ..default()
                    },
                    children![widget::button(
                        &f,
                        "Export for supervision",
                        None,
                        Action::ExportPast(i),
                        Look::Quiet
                    )],
                ));
            }
        })),
    )
}

/// Attunement and ownership across sessions: a pair of bars for each,
/// oldest on the left.
fn chart(fonts: &Fonts, sessions: &[Past]) -> impl Bundle + use<> {
    let f = fonts.clone();
    let mut scored: Vec<Past> = sessions
        .iter()
        .filter(|s| s.attunement.is_some())
        .take(CHART_SESSIONS)
        .cloned()
        .collect();
    scored.reverse();
    let shown = scored.len();
    let not_at_stake = scored.iter().filter(|s| s.ownership.is_none()).count();
    let mut notes = Vec::new();
    if sessions.iter().filter(|s| s.attunement.is_some()).count() > shown {
        notes.push(format!(
            "The newest {shown} sessions with scores are shown."
        ));
    }
    if not_at_stake > 0 {
        notes.push(format!(
            "Your own part was not at stake in {} of them, so they have no ownership bar.",
            if not_at_stake == shown && shown > 1 {
                "any".to_owned()
            } else if not_at_stake == 1 {
                "one".to_owned()
            } else {
                not_at_stake.to_string()
            }
        ));
    }
    (
        widget::card(palette::SURFACE, palette::BORDER),
        Children::spawn(SpawnWith(move |c: &mut ChildSpawner| {
            c.spawn((
                Node {
                    justify_content: JustifyContent::SpaceBetween,
                    ..widget::row(space::M)
                },
                children![
                    widget::eyebrow(&f, "Attunement and ownership across sessions"),
                    widget::text(
                        &f,
                        "oldest on the left · a picture of the process, not a grade",
                        size::CAPTION,
                        Face::Italic,
                        palette::INK_SOFT
                    ),
                ],
            ));
            if shown == 0 {
                c.spawn(widget::small(
                    &f,
                    "No session has a turn answered yet, so there is nothing to draw.",
                ));
                return;
            }
            c.spawn((
                Node {
                    align_items: AlignItems::FlexEnd,
                    column_gap: px(space::XS),
                    margin: UiRect::top(px(space::XS)),
                    ..widget::row(space::XS)
                },
                Children::spawn(SpawnWith({
                    let f = f.clone();
                    move |r: &mut ChildSpawner| {
                        for s in &scored {
                            r.spawn(session_bars(&f, s));
                        }
                    }
                })),
            ));
            c.spawn((
                Node {
                    flex_wrap: FlexWrap::Wrap,
                    ..widget::row(space::L)
                },
                children![
                    widget::legend(&f, palette::SAGE, "attunement (1 to 5)"),
                    widget::legend(&f, palette::CLAY, "ownership (1 to 5)"),
                    widget::legend(&f, palette::BORDER, "ownership not at stake"),
                ],
            ));
            for n in notes {
                c.spawn(widget::small(&f, n));
            }
        })),
    )
}

fn bar(score: Option<f32>, color: Color) -> impl Bundle + use<> {
    let (h, color) = match score {
        Some(s) => (CHART_H * s.clamp(1.0, 5.0) / 5.0, color),
        None => (5.0, palette::BORDER),
    };
    (
        Node {
            width: px(14),
            height: px(h),
            border_radius: BorderRadius::top(px(3)),
            ..default()
        },
        BackgroundColor(color),
    )
}

/// One session's pair of bars, with its number and date below.
fn session_bars(f: &Fonts, s: &Past) -> impl Bundle + use<> {
    let day = s.local.get(5..10).unwrap_or(&s.local).to_owned();
    (
        Node {
            flex_direction: FlexDirection::Column,
            align_items: AlignItems::Center,
            width: px(38),
            ..default()
        },
        children![
            (
                Node {
                    height: px(CHART_H),
                    align_items: AlignItems::FlexEnd,
                    column_gap: px(2),
                    border: UiRect::bottom(px(2)),
                    ..default()
                },
                BorderColor::all(palette::BORDER),
                children![
                    bar(s.attunement, palette::SAGE),
                    bar(s.ownership, palette::CLAY)
                ],
            ),
            widget::text(
                f,
                s.number.to_string(),
                size::CAPTION,
                Face::Bold,
                palette::INK_SOFT
            ),
            widget::text(f, day, 11.0, Face::Regular, palette::INK_FAINT),
        ],
    )
}

fn keys(
    keys: Res<ButtonInput<KeyCode>>,
    mut sessions: ResMut<Sessions>,
    mut acts: MessageWriter<Act>,
) {
    if keys.just_pressed(KeyCode::Escape) {
        acts.write(Act(Action::Back));
    }
    let n = sessions.list().len();
    if n == 0 {
        return;
    }
    if keys.just_pressed(KeyCode::ArrowDown) && sessions.cursor + 1 < n {
        sessions.cursor += 1;
    }
    if keys.just_pressed(KeyCode::ArrowUp) && sessions.cursor > 0 {
        sessions.cursor -= 1;
    }
    if keys.just_pressed(KeyCode::Enter) || keys.just_pressed(KeyCode::NumpadEnter) {
        acts.write(Act(Action::Past(sessions.cursor)));
    }
    if keys.just_pressed(KeyCode::KeyE) && !crate::app::display::modifier_held(&keys) {
        acts.write(Act(Action::ExportPast(sessions.cursor)));
    }
}

fn highlight(
    sessions: Res<Sessions>,
    mut rows: Query<(&Row, &mut BorderColor, &mut ButtonColors)>,
) {
    for (row, mut border, mut colors) in &mut rows {
        let on = row.0 == sessions.cursor;
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

/// When the keyboard moves to another session, scroll it into view (as
/// the picker does with its cards).
fn keep_in_view(
    sessions: Res<Sessions>,
    rows: Query<(&Row, &ComputedNode, &UiGlobalTransform)>,
    mut views: Query<
        (&mut ScrollPosition, &ComputedNode, &UiGlobalTransform),
        With<widget::Scrolls>,
    >,
) {
    if !sessions.is_changed() {
        return;
    }
    let Some((_, row, at)) = rows.iter().find(|(r, ..)| r.0 == sessions.cursor) else {
        return;
    };
    for (mut pos, view, view_at) in &mut views {
        let inverse = view.inverse_scale_factor();
        let margin = space::L / inverse;
        let top =
            (at.translation.y - row.size().y / 2.0) - (view_at.translation.y - view.size().y / 2.0);
        let bottom = top + row.size().y;
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

fn act(
    mut acts: MessageReader<Act>,
    mut sessions: ResMut<Sessions>,
    mut practice: ResMut<Practice>,
    config: Res<Config>,
    mut next: ResMut<NextState<Screen>>,
) {
    for Act(action) in acts.read() {
        match action {
            Action::Back => next.set(Screen::Picker),
            Action::Past(i) => {
                let Some(s) = sessions.list().get(*i).cloned() else {
                    continue;
                };
                sessions.cursor = *i;
                match open(&s, &config, &mut practice) {
                    Ok(screen) => next.set(screen),
                    Err(why) => {
                        sessions.notice = Some(Notice {
                            text: why,
                            good: false,
                        });
                        sessions.version += 1;
                    }
                }
            }
            Action::ExportPast(i) => {
                let Some(s) = sessions.list().get(*i).cloned() else {
                    continue;
                };
                sessions.cursor = *i;
                sessions.notice = Some(export(&s.file, &config.library));
                sessions.version += 1;
            }
            _ => {}
        }
    }
}

/// Open a past session: a finished one at its debrief, an unfinished one
/// where it stopped. Returns the screen to go to.
fn open(s: &Past, config: &Config, practice: &mut Practice) -> Result<Screen, String> {
    // Let go of the session held before (its saves are written first), so
    // that its log can be opened again, here or elsewhere.
    practice.recorder = None;
    let opened = Opened::open(&s.file, &config.library)
        .map_err(|d| format!("That session could not be opened: {}", d.message))?;
    let Opened { path, log, session } = opened;
    let scenario = Arc::clone(session.scenario());
    if !log.is_finished() {
        let u = Unfinished {
            path,
            log,
            scenario,
        };
        practice
            .resume(&u)
            .map_err(|d| format!("That session could not be resumed: {}", d.message))?;
        return Ok(if practice.is_ended() {
            Screen::Debrief
        } else {
            Screen::Session
        });
    }
    // The log is kept (and locked) while its debrief is open, so that a
    // rating given now is saved with it; open elsewhere, it is shown as it
    // is.
    let recorder = match LogFile::open(&path) {
        Ok(file) => Recorder::kept(log.clone(), file, true),
        Err(_) => Recorder::unkept(log.clone()),
    };
    *practice = Practice {
        scenario: Some(scenario),
        seed: log.seed,
        goal: log.learning_goal.clone(),
        trainee: practice.trainee.take(),
        show_scores: log.show_live_scores,
        say_first: practice.say_first,
        session: Some(session),
        log_path: Some(path),
        recorder: Some(recorder),
        reviewing: true,
        version: practice.version + 1,
        turn_serial: practice.turn_serial + 1,
        ..default()
    };
    Ok(Screen::Debrief)
}

/// Write the page for supervision beside the log; what to tell the
/// trainee.
fn export(log: &std::path::Path, library: &[PathBuf]) -> Notice {
    match Opened::open(log, library).and_then(|o| o.export(None, &crate::when::local_zone())) {
        Ok(to) => Notice {
            text: format!(
                "Saved for supervision: {} (one page that opens in any browser and prints).",
                to.display()
            ),
            good: true,
        },
        Err(d) => Notice {
            text: format!("The page could not be written: {}", d.message),
            good: false,
        },
    }
}
