//! The session: the client as a figure, their line at a calm pace, what
//! you see in italics, an optional check-in, and your options as large
//! buttons (number keys too). There is no clock; the time you take is
//! recorded silently, and the log is saved after every turn.

use std::time::Instant;

use bevy::prelude::*;
use bevy::text::LineHeight;
use bevy::window::RequestRedraw;

use super::{Screen, digit_pressed, letter_pressed, say_first};
use crate::app::action::{Act, Action};
use crate::app::figure;
use crate::app::practice::{Config, Practice, ShownOption};
use crate::app::theme::widget::{self, ButtonColors, Look};
use crate::app::theme::{Face, Fonts, palette, size, space};
use crate::format::OptionKind;

/// Characters per second at which the client's line appears.
const PACE: f32 = 55.0;
/// No line takes longer than this to appear, in seconds.
const LONGEST: f32 = 4.5;

pub fn plugin(app: &mut App) {
    app.init_resource::<Reveal>();
    app.init_resource::<Paused>();
    app.add_message::<RequestRedraw>();
    app.add_systems(OnEnter(Screen::Session), spawn);
    app.add_systems(
        Update,
        (keys, act, fit, rebuild, reveal)
            .chain()
            .run_if(in_state(Screen::Session)),
    );
}

/// The session is paused: a screen over it offers to carry on or go back.
/// While paused, the time on the current turn does not count.
#[derive(Resource, Default)]
pub struct Paused {
    pub since: Option<Instant>,
}

/// The pause screen, over the session.
#[derive(Component)]
struct PauseScreen;

/// How much of the client's line is showing.
#[derive(Resource, Default)]
pub struct Reveal {
    /// The turn this is for ([`Practice::turn_serial`]).
    pub turn: u64,
    pub chars: f32,
    pub done: bool,
}

#[derive(Component)]
struct Root {
    shown: Option<u64>,
    /// How tightly the turn is laid out (see [`Density`]).
    density: Density,
    /// The turn fits at this density (or cannot be made to fit), and is
    /// shown; until then it is laid out unseen.
    settled: bool,
    /// Whether the options were shown when the turn was last laid out
    /// (saying it first, they come after the words, and the turn is
    /// fitted again).
    options_shown: bool,
}

/// How tightly a turn is laid out. A turn starts at the most generous
/// layout; if it does not fit the window, the next frame lays it out more
/// tightly (a smaller figure, a smaller type scale, then the options in two
/// columns), unseen, until everything is on screen. Only if even the
/// tightest layout is too tall does the screen scroll, with the "More
/// below" cue.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Density(u8);

impl Density {
    /// The tightest layout.
    pub const TIGHTEST: Density = Density(3);

    fn pick<T: Copy>(self, at: [T; 4]) -> T {
        at[usize::from(self.0.min(3))]
    }
    fn figure_scale(self) -> f32 {
        self.pick([1.0, 0.72, 0.6, 0.5])
    }
    fn line(self) -> f32 {
        self.pick([size::LINE, size::LINE - 1.0, 20.0, 19.0])
    }
    fn label(self) -> f32 {
        self.pick([size::BODY, size::BODY - 1.0, 17.0, 16.0])
    }
    fn says(self) -> f32 {
        self.pick([size::SMALL + 1.0, size::SMALL, 15.0, 14.5])
    }
    fn gap(self) -> f32 {
        self.pick([space::M, space::S + 2.0, space::S, 8.0])
    }
    fn option_pad(self) -> f32 {
        self.pick([space::S + 4.0, space::S + 1.0, 8.0, 7.0])
    }
    fn two_columns(self) -> bool {
        self.0 >= 2
    }
    /// The previous reply is shortened to one line.
    fn short_previous(self) -> bool {
        self.0 >= 1
    }
    fn left_width(self) -> f32 {
        self.pick([figure::WIDTH + 2.0 * space::M + 3.0, 290.0, 270.0, 260.0])
    }
}

#[derive(Component)]
struct LineSpoken;

#[derive(Component)]
struct LineToCome;

/// Shown once the line has been said: the check-in and the options.
#[derive(Component)]
struct AfterLine;

fn spawn(mut commands: Commands, mut paused: ResMut<Paused>) {
    paused.since = None;
    commands.spawn((
        Name::new("Session"),
        Root {
            shown: None,
            density: Density::default(),
            settled: false,
            options_shown: false,
        },
        DespawnOnExit(Screen::Session),
        widget::screen_root(),
    ));
}

fn rebuild(
    mut commands: Commands,
    fonts: Res<Fonts>,
    practice: Res<Practice>,
    config: Res<Config>,
    mut reveal: ResMut<Reveal>,
    mut roots: Query<(Entity, &mut Root, &mut ScrollPosition)>,
) {
    for (e, mut root, mut scroll) in &mut roots {
        if root.shown == Some(practice.version) {
            continue;
        }
        root.shown = Some(practice.version);
        if reveal.turn != practice.turn_serial {
            *reveal = Reveal {
                turn: practice.turn_serial,
                chars: 0.0,
                done: config.instant_text,
            };
            scroll.y = 0.0;
            // A new turn is fitted afresh.
            root.density = Density::default();
            root.settled = false;
        } else if root.options_shown != practice.options_shown {
            // The options appear under the trainee's words: the turn is
            // fitted again, no looser than it was.
            root.settled = false;
        }
        root.options_shown = practice.options_shown;
        commands.entity(e).despawn_children();
        let seen = if root.settled {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        };
        let child = commands
            .spawn((
                content(&fonts, &practice, &reveal, root.density),
                seen,
                Content,
            ))
            .id();
        commands.entity(e).add_child(child);
    }
}

/// The laid-out turn inside the session's root.
#[derive(Component)]
struct Content;

/// Once a turn has been laid out, tighten it until it fits the window,
/// then show it. A new window size or text size fits the turn again.
fn fit(
    mut roots: Query<(&mut Root, &ComputedNode)>,
    mut shown: Query<&mut Visibility, With<Content>>,
    ui_scale: Res<UiScale>,
    resized: MessageReader<bevy::window::WindowResized>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    let refit = ui_scale.is_changed() || !resized.is_empty();
    for (mut root, node) in &mut roots {
        if refit && !ui_scale.is_added() {
            root.density = Density::default();
            root.settled = false;
            root.shown = None;
            continue;
        }
        if root.settled || root.shown.is_none() {
            continue;
        }
        let view = node.size().y;
        let needed = node.content_size().y;
        if view > 0.0 && needed > view + 0.5 && root.density < Density::TIGHTEST {
            root.density.0 += 1;
            // Laid out again, unseen, at the next density.
            root.shown = None;
        } else {
            // It fits, cannot be laid out without a window (headless), or is
            // as tight as it gets (the screen scrolls, with its cue).
            root.settled = true;
            for mut v in &mut shown {
                *v = Visibility::Inherited;
            }
        }
        redraw.write(RequestRedraw);
    }
}

/// Let the line appear a little at a time, then show what comes after it.
#[allow(clippy::too_many_arguments)]
fn reveal(
    time: Res<Time>,
    mut reveal: ResMut<Reveal>,
    mut practice: ResMut<Practice>,
    mut spoken: Query<&mut TextSpan, (With<LineSpoken>, Without<LineToCome>)>,
    mut to_come: Query<&mut TextSpan, (With<LineToCome>, Without<LineSpoken>)>,
    mut after: Query<&mut Visibility, With<AfterLine>>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    let line = practice.view.line.clone();
    let total = line.chars().count();
    if !reveal.done {
        let pace = PACE.max(total as f32 / LONGEST);
        reveal.chars += pace * time.delta_secs().min(1.0 / 30.0);
        if reveal.chars >= total as f32 {
            reveal.done = true;
        }
        redraw.write(RequestRedraw);
    }
    let n = if reveal.done {
        total
    } else {
        reveal.chars as usize
    };
    let split = line.char_indices().nth(n).map_or(line.len(), |(i, _)| i);
    let (a, b) = line.split_at(split);
    // The words still to come keep their place, unseen; the closing quote
    // goes with them until the whole line has been said.
    let (a, b) = if reveal.done {
        (format!("\u{201c}{a}\u{201d}"), String::new())
    } else {
        (format!("\u{201c}{a}"), format!("{b}\u{201d}"))
    };
    for mut s in &mut spoken {
        if s.0 != a {
            s.0.clone_from(&a);
        }
    }
    for mut s in &mut to_come {
        if s.0 != b {
            s.0.clone_from(&b);
        }
    }
    if reveal.done {
        for mut v in &mut after {
            if *v != Visibility::Inherited {
                *v = Visibility::Inherited;
            }
        }
        if practice.shown_at.is_none() && practice.session.is_some() && practice.options_shown {
            // Latency is measured from the moment the options are visible.
            practice.shown_at = Some(Instant::now());
        }
    }
}

fn keys(
    keys: Res<ButtonInput<KeyCode>>,
    practice: Res<Practice>,
    reveal: Res<Reveal>,
    paused: Res<Paused>,
    mut acts: MessageWriter<Act>,
) {
    if paused.since.is_some() {
        if keys.just_pressed(KeyCode::Escape)
            || keys.just_pressed(KeyCode::Enter)
            || keys.just_pressed(KeyCode::Space)
        {
            acts.write(Act(Action::Continue));
        } else if keys.just_pressed(KeyCode::KeyB) {
            acts.write(Act(Action::Back));
        }
        return;
    }
    if keys.just_pressed(KeyCode::Escape) {
        acts.write(Act(Action::Pause));
        return;
    }
    if !reveal.done {
        if keys.just_pressed(KeyCode::Space)
            || keys.just_pressed(KeyCode::Enter)
            || digit_pressed(&keys).is_some()
        {
            acts.write(Act(Action::Skip));
        }
        return;
    }
    if practice.awaits_words() {
        // Keys are the trainee's words (`say_first`), not choices.
        return;
    }
    if let Some(n) = digit_pressed(&keys)
        && let Some(o) = practice.view.options.iter().find(|o| o.number == n)
    {
        acts.write(Act(Action::Choose(o.id.clone())));
    }
    if let Some(i) = letter_pressed(&keys)
        && practice
            .view
            .checkin
            .as_ref()
            .is_some_and(|c| i < c.suggestions.len())
    {
        acts.write(Act(Action::Note(i)));
    }
}

#[allow(clippy::too_many_arguments)]
fn act(
    mut commands: Commands,
    fonts: Res<Fonts>,
    mut acts: MessageReader<Act>,
    mut practice: ResMut<Practice>,
    mut reveal: ResMut<Reveal>,
    mut paused: ResMut<Paused>,
    screens: Query<Entity, With<PauseScreen>>,
    mut next: ResMut<NextState<Screen>>,
) {
    for Act(action) in acts.read() {
        match action {
            Action::Pause if paused.since.is_none() => {
                paused.since = Some(Instant::now());
                let saved = match (&practice.log_path, &practice.save_error) {
                    (Some(_), None) => "Every turn so far is saved.",
                    (Some(_), Some(_)) => "The last save failed; see the note on the session.",
                    (None, _) => "This session is not being saved.",
                };
                commands.spawn(pause_screen(&fonts, saved));
            }
            Action::Continue => {
                if let Some(since) = paused.since.take()
                    && let Some(shown) = practice.shown_at
                {
                    // The pause is not part of the time taken to answer.
                    practice.shown_at = Some(shown + since.elapsed());
                }
                for e in &screens {
                    commands.entity(e).despawn();
                }
            }
            Action::Skip => reveal.done = true,
            Action::Note(i) => {
                let pick = practice
                    .view
                    .checkin
                    .as_ref()
                    .and_then(|c| c.suggestions.get(*i))
                    .cloned();
                practice.note = if practice.note == pick { None } else { pick };
                practice.version += 1;
            }
            Action::Choose(id) => {
                if let Err(e) = practice.choose(id) {
                    warn!("{e}");
                }
                if practice.is_ended() {
                    next.set(Screen::Debrief);
                }
            }
            Action::Back => next.set(Screen::Picker),
            _ => {}
        }
    }
}

/// The pause screen: the session dimmed behind a card that says it is
/// safe, with the way back in and the way out.
fn pause_screen(fonts: &Fonts, saved: &str) -> impl Bundle + use<> {
    (
        Name::new("Pause screen"),
        PauseScreen,
        DespawnOnExit(Screen::Session),
        GlobalZIndex(10),
        Node {
            position_type: PositionType::Absolute,
            width: percent(100),
            height: percent(100),
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            ..default()
        },
        BackgroundColor(palette::INK.with_alpha(0.45)),
        // Clicks land on the pause screen, not the options behind it.
        bevy::ui::FocusPolicy::Block,
        children![(
            widget::card_with(
                palette::SURFACE,
                palette::BORDER,
                Node {
                    width: px(560),
                    row_gap: px(space::M),
                    ..widget::card_node()
                },
            ),
            children![
                widget::heading(fonts, "Paused"),
                widget::body(
                    fonts,
                    format!("{saved} Take the time you need; there is no clock.")
                ),
                (
                    widget::row(space::M),
                    children![
                        widget::button(
                            fonts,
                            "Carry on",
                            Some("Esc"),
                            Action::Continue,
                            Look::Primary
                        ),
                        widget::button(
                            fonts,
                            "Back to scenarios",
                            Some("B"),
                            Action::Back,
                            Look::Quiet
                        ),
                    ],
                ),
            ],
        )],
    )
}

fn content(
    fonts: &Fonts,
    practice: &Practice,
    reveal: &Reveal,
    density: Density,
) -> impl Bundle + use<> {
    let f = fonts.clone();
    let view = practice.view.clone();
    let (title, name, age) = practice
        .scenario
        .as_ref()
        .map(|s| (s.title.clone(), s.client.name.clone(), s.client.age))
        .unwrap_or_default();
    let first_name = name.split_whitespace().next().unwrap_or("").to_owned();
    let look = practice
        .scenario
        .as_ref()
        .map(|s| figure::Look::of(&s.client));
    let previous = practice.last_choice().map(|c| {
        let said = if c.kind == OptionKind::Silence || c.says.is_empty() {
            format!("You: [{}]", c.label)
        } else if density.short_previous() {
            format!("You: \u{201c}{}\u{201d}", shorten(&c.says, PREVIOUS_CHARS))
        } else {
            format!("You: \u{201c}{}\u{201d}", c.says)
        };
        let scores = practice.show_scores.then(|| {
            format!(
                "attunement {} · ownership {}",
                c.attunement,
                c.ownership
                    .map_or("not at stake".to_owned(), |o| o.to_string())
            )
        });
        (said, scores)
    });
    let note = practice.note.clone();
    // Say-first practice: the words asked for, or given, before the options.
    let words = practice
        .awaits_words()
        .then_some(None)
        .or_else(|| practice.own_words.clone().map(Some));
    let hidden = if reveal.done {
        Visibility::Inherited
    } else {
        Visibility::Hidden
    };
    let save_error = practice.save_error.clone();
    let stopped = view.stopped.clone();
    (
        Node {
            width: percent(100),
            max_width: px(1240),
            padding: UiRect::new(
                px(space::XL),
                px(space::XL),
                px(density.pick([space::M, space::S, space::S, space::XS])),
                px(density.pick([space::XL, space::L, space::M, space::M])),
            ),
            ..widget::column(density.gap())
        },
        Children::spawn(SpawnWith(move |p: &mut ChildSpawner| {
            // Header.
            p.spawn((
                Node {
                    justify_content: JustifyContent::SpaceBetween,
                    ..widget::row(space::M)
                },
                children![
                    (
                        Text::default(),
                        children![
                            widget::span(&f, title, size::SMALL, Face::Bold, palette::INK_SOFT),
                            widget::span(
                                &f,
                                format!("   ·   Turn {}", view.number),
                                size::SMALL,
                                Face::Regular,
                                palette::INK_FAINT
                            ),
                        ]
                    ),
                    widget::button(&f, "Pause", Some("Esc"), Action::Pause, Look::Quiet),
                ],
            ));
            if let Some(e) = save_error {
                p.spawn((
                    widget::card(palette::ROSE_TINT, palette::ROSE),
                    children![widget::small(&f, e)],
                ));
            }
            if let Some(why) = stopped {
                p.spawn((
                    widget::card(palette::ROSE_TINT, palette::ROSE),
                    children![widget::small(&f, why)],
                ));
            }
            // The figure on the left, the exchange on the right.
            p.spawn((
                Node {
                    align_items: AlignItems::FlexStart,
                    ..widget::row(density.pick([space::XL, space::XL, space::L, space::L]))
                },
                Children::spawn(SpawnWith(move |r: &mut ChildSpawner| {
                    let mut left = r.spawn((Node {
                        width: px(density.left_width()),
                        flex_shrink: 0.0,
                        ..widget::column(density.gap())
                    },));
                    left.with_children(|l| {
                        l.spawn((
                            Node {
                                flex_direction: FlexDirection::Column,
                                align_items: AlignItems::Stretch,
                                min_height: px(0),
                                row_gap: px(space::S),
                                padding: UiRect::new(
                                    px(space::M),
                                    px(space::M),
                                    px(space::S),
                                    px(space::M),
                                ),
                                border: UiRect::all(px(1.5)),
                                border_radius: BorderRadius::all(px(18)),
                                ..default()
                            },
                            BackgroundColor(palette::SURFACE),
                            BorderColor::all(palette::BORDER),
                            Children::spawn(SpawnWith({
                                let f = f.clone();
                                let name = name.clone();
                                let affect = view.affect;
                                move |c: &mut ChildSpawner| {
                                    if let (Some(a), Some(look)) = (affect, look) {
                                        c.spawn(scaled_figure(a, look, density.figure_scale()));
                                    }
                                    c.spawn((
                                        widget::text(
                                            &f,
                                            format!("{name}, {age}"),
                                            size::BODY,
                                            Face::Bold,
                                            palette::INK,
                                        ),
                                        TextLayout::justify(Justify::Center),
                                        Node {
                                            width: percent(100),
                                            ..default()
                                        },
                                    ));
                                    if let Some(a) = affect {
                                        c.spawn((
                                            widget::text(
                                                &f,
                                                format!("seems {}", a.label()),
                                                size::SMALL,
                                                Face::Italic,
                                                palette::INK_SOFT,
                                            ),
                                            TextLayout::justify(Justify::Center),
                                            Node {
                                                width: percent(100),
                                                ..default()
                                            },
                                        ));
                                    }
                                }
                            })),
                        ));
                        if let Some(check) = &view.checkin {
                            l.spawn((AfterLine, hidden, widget::column(0.0)))
                                .with_children(|c| {
                                    checkin(c, &f, check, note.as_deref(), density);
                                });
                        }
                    });
                    r.spawn((
                        Node {
                            flex_grow: 1.0,
                            flex_shrink: 1.0,
                            flex_basis: px(0),
                            ..widget::column(density.gap())
                        },
                        Children::spawn(SpawnWith(move |c: &mut ChildSpawner| {
                            exchange(c, &f, &view, &first_name, previous, hidden, density, words);
                        })),
                    ));
                })),
            ));
        })),
    )
}

/// `words`: in say-first practice, `Some(None)` while the trainee's own
/// words are asked for, `Some(Some(words))` once given.
#[allow(clippy::too_many_arguments)]
fn exchange(
    c: &mut ChildSpawner,
    f: &Fonts,
    view: &crate::app::practice::TurnView,
    first_name: &str,
    previous: Option<(String, Option<String>)>,
    hidden: Visibility,
    density: Density,
    words: Option<Option<String>>,
) {
    if let Some((said, scores)) = previous {
        c.spawn((
            Node {
                padding: UiRect::left(px(space::M)),
                border: UiRect::left(px(3)),
                ..widget::column(2.0)
            },
            BorderColor::all(palette::BORDER),
            Children::spawn(SpawnWith({
                let f = f.clone();
                move |c: &mut ChildSpawner| {
                    c.spawn(widget::text(
                        &f,
                        said,
                        size::SMALL,
                        Face::Regular,
                        palette::INK_FAINT,
                    ));
                    if let Some(s) = scores {
                        c.spawn(widget::text(
                            &f,
                            s,
                            size::CAPTION,
                            Face::Bold,
                            palette::SAGE,
                        ));
                    }
                }
            })),
        ));
    }
    c.spawn(widget::eyebrow(f, &format!("{first_name} says")));
    c.spawn((
        Text::default(),
        TextFont {
            font: f.get(Face::Regular).into(),
            font_size: FontSize::Px(density.line()),
            ..default()
        },
        LineHeight::RelativeToFont(density.pick([1.4, 1.35, 1.3, 1.3])),
        children![
            (
                LineSpoken,
                widget::span(f, "", density.line(), Face::Regular, palette::INK)
            ),
            (
                LineToCome,
                widget::span(f, "", density.line(), Face::Regular, Color::NONE)
            ),
        ],
    ));
    if !view.cue.is_empty() {
        c.spawn(widget::text(
            f,
            view.cue.clone(),
            density.pick([size::BODY, size::BODY - 1.0, size::SMALL, size::SMALL]),
            Face::Italic,
            palette::INK_SOFT,
        ));
    }
    // Everything below appears once the line has been said.
    c.spawn((
        AfterLine,
        hidden,
        Node {
            margin: UiRect::top(px(density.pick([space::XS, 2.0, 0.0, 0.0]))),
            ..widget::column(density.pick([space::S, space::S, 8.0, 7.0]))
        },
        Children::spawn(SpawnWith({
            let f = f.clone();
            let view = view.clone();
            let first_name = first_name.to_owned();
            move |c: &mut ChildSpawner| {
                match &words {
                    Some(None) => return say_first::ask(c, &f, &first_name),
                    Some(Some(w)) => say_first::said(c, &f, w, density.label()),
                    None => {
                        c.spawn(widget::eyebrow(&f, "Your response"));
                    }
                }
                if density.two_columns() {
                    let gap = density.pick([0.0, 0.0, 8.0, 7.0]);
                    c.spawn((
                        Node {
                            display: Display::Grid,
                            grid_template_columns: RepeatedGridTrack::flex(2, 1.0),
                            row_gap: px(gap),
                            column_gap: px(gap),
                            ..default()
                        },
                        Children::spawn(SpawnWith({
                            let f = f.clone();
                            let options = view.options.clone();
                            move |g: &mut ChildSpawner| {
                                for o in &options {
                                    g.spawn(option_button(&f, o, density));
                                }
                            }
                        })),
                    ));
                } else {
                    for o in &view.options {
                        c.spawn(option_button(&f, o, density));
                    }
                }
                c.spawn(widget::text(
                    &f,
                    format!(
                        "Press 1 to {} or click. There is no clock: take the time you need.",
                        view.options.len()
                    ),
                    size::CAPTION,
                    Face::Regular,
                    palette::INK_FAINT,
                ));
            }
        })),
    ));
}

fn checkin(
    c: &mut ChildSpawner,
    f: &Fonts,
    check: &crate::format::CheckIn,
    note: Option<&str>,
    density: Density,
) {
    let f = f.clone();
    let prompt = check.prompt.clone();
    let suggestions = check.suggestions.clone();
    let note = note.map(str::to_owned);
    let tight = density >= Density(2);
    c.spawn((
        widget::card_with(
            palette::DUSK_TINT,
            palette::DUSK_TINT,
            Node {
                padding: if tight {
                    UiRect::axes(px(space::M), px(space::S + 2.0))
                } else {
                    widget::card_node().padding
                },
                row_gap: px(if tight { space::XS + 2.0 } else { space::S }),
                ..widget::card_node()
            },
        ),
        Children::spawn(SpawnWith(move |c: &mut ChildSpawner| {
            c.spawn(widget::eyebrow(&f, "A moment for you"));
            c.spawn(widget::text(
                &f,
                prompt,
                density.pick([size::BODY, size::BODY - 1.0, size::SMALL + 1.0, size::SMALL]),
                Face::Regular,
                palette::INK,
            ));
            c.spawn((
                Node {
                    flex_wrap: FlexWrap::Wrap,
                    row_gap: px(space::S),
                    ..widget::row(space::S)
                },
                Children::spawn(SpawnWith({
                    let f = f.clone();
                    move |r: &mut ChildSpawner| {
                        for (i, s) in suggestions.iter().enumerate() {
                            let on = note.as_deref() == Some(s.as_str());
                            let letter = (b'A' + i as u8) as char;
                            r.spawn((
                                widget::button_frame(
                                    Action::Note(i),
                                    ButtonColors {
                                        normal: if on { palette::DUSK } else { palette::SURFACE },
                                        hover: if on {
                                            palette::DUSK
                                        } else {
                                            palette::BUTTON_HOVER
                                        },
                                        pressed: palette::BUTTON_PRESS,
                                    },
                                    if on { palette::DUSK } else { palette::BORDER },
                                    Node {
                                        padding: UiRect::axes(
                                            px(if tight { space::S + 2.0 } else { space::M }),
                                            px(if tight {
                                                space::XS - 1.0
                                            } else {
                                                space::XS + 1.0
                                            }),
                                        ),
                                        border: UiRect::all(px(1.5)),
                                        border_radius: BorderRadius::MAX,
                                        column_gap: px(space::S),
                                        ..default()
                                    },
                                ),
                                children![
                                    widget::text(
                                        &f,
                                        letter.to_string(),
                                        size::CAPTION,
                                        Face::Bold,
                                        if on {
                                            palette::DUSK_TINT
                                        } else {
                                            palette::INK_FAINT
                                        }
                                    ),
                                    widget::text(
                                        &f,
                                        s.clone(),
                                        if tight {
                                            size::CAPTION + 0.5
                                        } else {
                                            size::SMALL
                                        },
                                        Face::Bold,
                                        if on { palette::ON_ACCENT } else { palette::INK }
                                    ),
                                ],
                            ));
                        }
                    }
                })),
            ));
            c.spawn(widget::text(
                &f,
                if tight {
                    "Optional; it comes back in the debrief."
                } else {
                    "Optional. Your note stays in your log and comes back in the debrief."
                },
                size::CAPTION,
                Face::Regular,
                palette::INK_SOFT,
            ));
        })),
    ));
}

fn option_button(f: &Fonts, o: &ShownOption, density: Density) -> impl Bundle + use<> {
    let silent = o.kind == OptionKind::Silence;
    // A silence is one choice among the others: the same card, told apart
    // by its badge and tag, never by a fill that reads as "selected".
    let (fill, hover, edge, badge) = if silent {
        (
            palette::SURFACE,
            palette::BUTTON_HOVER,
            palette::BORDER,
            palette::DUSK,
        )
    } else {
        (
            palette::SURFACE,
            palette::BUTTON_HOVER,
            palette::BORDER,
            palette::SAGE,
        )
    };
    let f = f.clone();
    let number = o.number;
    let label = o.label.clone();
    let says = o.says.clone();
    (
        widget::button_frame(
            Action::Choose(o.id.clone()),
            ButtonColors {
                normal: fill,
                hover,
                pressed: palette::BUTTON_PRESS,
            },
            edge,
            Node {
                justify_content: JustifyContent::FlexStart,
                align_items: AlignItems::FlexStart,
                column_gap: px(density.pick([space::M, space::M, space::S + 2.0, space::S])),
                padding: UiRect::axes(
                    px(density.pick([space::M + 2.0, space::M, space::M - 2.0, space::S + 2.0])),
                    px(density.option_pad()),
                ),
                border: UiRect::all(px(1.5)),
                border_radius: BorderRadius::all(px(14)),
                ..default()
            },
        ),
        Children::spawn(SpawnWith(move |b: &mut ChildSpawner| {
            let badge_size = density.pick([34.0, 32.0, 30.0, 28.0]);
            b.spawn((
                Node {
                    width: px(badge_size),
                    height: px(badge_size),
                    flex_shrink: 0.0,
                    justify_content: JustifyContent::Center,
                    align_items: AlignItems::Center,
                    border_radius: BorderRadius::MAX,
                    ..default()
                },
                BackgroundColor(badge),
                children![widget::text(
                    &f,
                    number.to_string(),
                    size::SMALL + 1.0,
                    Face::Bold,
                    palette::ON_ACCENT
                )],
            ));
            b.spawn((
                Node {
                    flex_shrink: 1.0,
                    flex_grow: 1.0,
                    ..widget::column(3.0)
                },
                Children::spawn(SpawnWith(move |t: &mut ChildSpawner| {
                    if silent {
                        t.spawn((
                            widget::row(space::S),
                            children![
                                widget::text(&f, label, density.label(), Face::Bold, palette::INK),
                                widget::tag(&f, "silence", palette::DUSK, palette::ON_ACCENT),
                            ],
                        ));
                        t.spawn(widget::text(
                            &f,
                            if says.is_empty() {
                                "You say nothing, and stay with them.".to_owned()
                            } else {
                                says
                            },
                            density.says(),
                            Face::Italic,
                            palette::INK_SOFT,
                        ));
                    } else {
                        t.spawn(widget::text(
                            &f,
                            label,
                            density.label(),
                            Face::Bold,
                            palette::INK,
                        ));
                        if !says.is_empty() {
                            t.spawn(widget::text(
                                &f,
                                format!("\u{201c}{says}\u{201d}"),
                                density.says(),
                                Face::Regular,
                                palette::INK_SOFT,
                            ));
                        }
                    }
                })),
            ));
        })),
    )
}

/// How many characters of the previous reply a tight layout keeps.
const PREVIOUS_CHARS: usize = 110;

/// `text` cut at a word to at most `most` characters, with an ellipsis if
/// anything was cut.
fn shorten(text: &str, most: usize) -> String {
    if text.chars().count() <= most {
        return text.to_owned();
    }
    let cut: String = text.chars().take(most).collect();
    let at_word = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    format!(
        "{}\u{2026}",
        at_word.trim_end_matches([',', '.', ';', ':', ' '])
    )
}

/// The client's figure drawn at `scale` of its full size, taking only the
/// room it needs at that size.
fn scaled_figure(
    affect: crate::format::Affect,
    look: figure::Look,
    scale: f32,
) -> impl Bundle + use<> {
    (
        Node {
            width: px(figure::WIDTH * scale),
            height: px(figure::HEIGHT * scale),
            align_self: AlignSelf::Center,
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            flex_shrink: 0.0,
            ..default()
        },
        children![(
            figure::figure(affect, look),
            UiTransform::from_scale(Vec2::splat(scale)),
        )],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_reply_is_shortened_at_a_word() {
        let s = shorten(
            "I hear you, and I am sorry that the hour ran out on you",
            30,
        );
        assert_eq!(s, "I hear you, and I am sorry\u{2026}");
        assert!(s.chars().count() <= 31);
        assert_eq!(shorten("Short.", 30), "Short.");
    }

    #[test]
    fn each_density_is_tighter_than_the_last() {
        let all = [Density(0), Density(1), Density(2), Density::TIGHTEST];
        for w in all.windows(2) {
            let (a, b) = (w[0], w[1]);
            assert!(b.figure_scale() < a.figure_scale());
            assert!(b.line() < a.line() && b.says() < a.says());
            assert!(b.gap() <= a.gap() && b.left_width() <= a.left_width());
        }
        assert!(!Density(1).two_columns() && Density(2).two_columns());
    }
}
