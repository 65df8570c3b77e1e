//! The debrief: how the session ended, the shape of attunement and
//! ownership over the turns, what stood out, and every turn with its
//! rationale, the trainee's own words (say-first practice) and the roads
//! not taken, and a way back to the turn to try another road from there.
//! Repairs are highlighted; the learning goal comes back; a 0-10 "how hard
//! was this" goes in the log.

use bevy::prelude::*;

use super::{Screen, digit_pressed};
use crate::app::action::{Act, Action};
use crate::app::practice::{Config, Practice};
use crate::app::theme::widget::{self, ButtonColors, Look};
use crate::app::theme::{Face, Fonts, palette, size, space};
use crate::debrief::{Debrief, Flag, OptionView, RATING_ANCHORS, STRAIN_MEANS, TurnView};
use crate::format::EndingKind;
use crate::scoring::Profile;

pub fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Debrief), spawn);
    app.add_systems(
        Update,
        (keys, act, redraw_footer)
            .chain()
            .run_if(in_state(Screen::Debrief)),
    );
}

#[derive(Component)]
struct Footer {
    drawn: bool,
    shown: Option<u8>,
}

fn spawn(mut commands: Commands, fonts: Res<Fonts>, practice: Res<Practice>) {
    let f = fonts.clone();
    commands.spawn((
        Name::new("Debrief"),
        DespawnOnExit(Screen::Debrief),
        Node {
            width: percent(100),
            height: percent(100),
            flex_direction: FlexDirection::Column,
            ..default()
        },
        children![
            (widget::scroll_body(), children![body(&f, &practice)]),
            (
                Footer {
                    drawn: false,
                    shown: None,
                },
                Node {
                    width: percent(100),
                    justify_content: JustifyContent::Center,
                    border: UiRect::top(px(1.5)),
                    flex_shrink: 0.0,
                    ..default()
                },
                BackgroundColor(palette::SURFACE),
                BorderColor::all(palette::BORDER),
            ),
        ],
    ));
}

fn redraw_footer(
    mut commands: Commands,
    fonts: Res<Fonts>,
    practice: Res<Practice>,
    mut footers: Query<(Entity, &mut Footer)>,
) {
    let rating = practice.log().and_then(|l| l.difficulty_rating);
    for (e, mut footer) in &mut footers {
        if footer.drawn && footer.shown == rating {
            continue;
        }
        footer.drawn = true;
        footer.shown = rating;
        commands.entity(e).despawn_children();
        let back = if practice.reviewing {
            "Back to your sessions"
        } else {
            "Back to scenarios"
        };
        let child = commands.spawn(footer_content(&fonts, rating, back)).id();
        commands.entity(e).add_child(child);
    }
}

fn footer_content(f: &Fonts, rating: Option<u8>, back: &'static str) -> impl Bundle + use<> {
    let f = f.clone();
    (
        Node {
            width: percent(100),
            max_width: px(1240),
            padding: UiRect::axes(px(space::XL), px(space::S + 2.0)),
            justify_content: JustifyContent::SpaceBetween,
            flex_wrap: FlexWrap::Wrap,
            row_gap: px(space::S),
            ..widget::row(space::L)
        },
        Children::spawn(SpawnWith(move |p: &mut ChildSpawner| {
            p.spawn((
                widget::row(space::M),
                Children::spawn(SpawnWith({
                    let f = f.clone();
                    move |r: &mut ChildSpawner| {
                        r.spawn((
                            widget::column(0.0),
                            children![
                                widget::text(
                                    &f,
                                    "How hard was this?",
                                    size::SMALL,
                                    Face::Bold,
                                    palette::INK
                                ),
                                widget::text(
                                    &f,
                                    if rating.is_some() {
                                        "Saved with your session.".to_owned()
                                    } else {
                                        format!("{RATING_ANCHORS}; T for 10")
                                    },
                                    size::CAPTION,
                                    Face::Regular,
                                    palette::INK_SOFT
                                ),
                            ],
                        ));
                        r.spawn((
                            widget::row(3.0),
                            Children::spawn(SpawnWith({
                                let f = f.clone();
                                move |r: &mut ChildSpawner| {
                                    for n in 0..=10u8 {
                                        let on = rating == Some(n);
                                        r.spawn((
                                            widget::button_frame(
                                                Action::Rate(n),
                                                ButtonColors {
                                                    normal: if on {
                                                        palette::SAGE
                                                    } else {
                                                        palette::SURFACE
                                                    },
                                                    hover: if on {
                                                        palette::SAGE_DEEP
                                                    } else {
                                                        palette::BUTTON_HOVER
                                                    },
                                                    pressed: palette::BUTTON_PRESS,
                                                },
                                                if on { palette::SAGE } else { palette::BORDER },
                                                Node {
                                                    width: px(34),
                                                    height: px(34),
                                                    border: UiRect::all(px(1.5)),
                                                    border_radius: BorderRadius::all(px(8)),
                                                    justify_content: JustifyContent::Center,
                                                    align_items: AlignItems::Center,
                                                    ..default()
                                                },
                                            ),
                                            children![widget::text(
                                                &f,
                                                n.to_string(),
                                                size::SMALL,
                                                Face::Bold,
                                                if on { palette::ON_ACCENT } else { palette::INK }
                                            )],
                                        ));
                                    }
                                }
                            })),
                        ));
                    }
                })),
            ));
            p.spawn((
                widget::row(space::M),
                children![
                    widget::button(&f, back, Some("Esc"), Action::Back, Look::Quiet),
                    widget::button(
                        &f,
                        "Try again with a new seed",
                        Some("N"),
                        Action::TryAgain,
                        Look::Primary
                    ),
                ],
            ));
        })),
    )
}

fn ending_tag(kind: EndingKind) -> (Color, Color) {
    match kind {
        EndingKind::Repaired => (palette::SAGE_TINT, palette::SAGE_DEEP),
        EndingKind::PartiallyRepaired => (palette::GOLD_TINT, palette::GOLD),
        EndingKind::BoundarySet => (palette::DUSK_TINT, palette::DUSK),
        EndingKind::Unresolved | EndingKind::ClientLeft => (palette::CLAY_TINT, palette::CLAY),
    }
}

fn body(f: &Fonts, practice: &Practice) -> impl Bundle + use<> {
    let f = f.clone();
    // The one debrief model the terminal renders too: the same words.
    let d = practice
        .session
        .as_ref()
        .map(|s| Debrief::of(s, practice.goal.as_deref()));
    let goal = d.as_ref().and_then(Debrief::goal_text);
    let sentences = d
        .as_ref()
        .map(Debrief::profile_sentences)
        .unwrap_or_default();
    let (title, client, ending, profile, observations, turns) = match d {
        Some(d) => (
            d.title,
            d.client,
            d.ending,
            d.profile,
            d.observations,
            d.turns,
        ),
        None => (
            String::new(),
            String::new(),
            None,
            crate::scoring::profile(&[]),
            Vec::new(),
            Vec::new(),
        ),
    };
    (
        Node {
            width: percent(100),
            max_width: px(1040),
            padding: UiRect::new(px(space::XL), px(space::XL), px(space::XL), px(space::XL)),
            ..widget::column(space::L)
        },
        Children::spawn(SpawnWith(move |p: &mut ChildSpawner| {
            // The ending.
            p.spawn((
                widget::column(space::S),
                Children::spawn(SpawnWith({
                    let f = f.clone();
                    move |c: &mut ChildSpawner| {
                        c.spawn((
                            widget::row(space::M),
                            Children::spawn(SpawnWith({
                                let f = f.clone();
                                let ending = ending.clone();
                                move |r: &mut ChildSpawner| {
                                    r.spawn(widget::eyebrow(&f, &format!("Debrief · {title}")));
                                    if let Some(e) = &ending {
                                        let (fill, ink) = ending_tag(e.kind);
                                        r.spawn(widget::tag(&f, e.kind.label(), fill, ink));
                                    }
                                }
                            })),
                        ));
                        if let Some(e) = &ending {
                            c.spawn(widget::text(
                                &f,
                                e.title.clone(),
                                size::TITLE,
                                Face::Bold,
                                palette::INK,
                            ));
                            c.spawn(widget::body(&f, e.summary.clone()));
                        }
                    }
                })),
            ));
            if let Some(g) = &goal {
                p.spawn((
                    widget::card(palette::SAGE_TINT, palette::SAGE_TINT),
                    children![
                        widget::eyebrow(&f, "Your learning goal"),
                        widget::text(
                            &f,
                            g.clone(),
                            size::BODY,
                            Face::Bold,
                            palette::SAGE_DEEP
                        ),
                        widget::small(
                            &f,
                            "Keep it in mind as you read the turns below: where did it show up, and what did you do with it?"
                        ),
                    ],
                ));
            }
            p.spawn(chart(&f, &profile, sentences));
            if !observations.is_empty() {
                p.spawn(widget::card(palette::SURFACE, palette::BORDER))
                    .with_children(|c| {
                        c.spawn(widget::eyebrow(&f, "What stood out"));
                        for o in &observations {
                            c.spawn((
                                Node {
                                    align_items: AlignItems::FlexStart,
                                    ..widget::row(space::S)
                                },
                                children![
                                    (
                                        Node {
                                            width: px(8),
                                            height: px(8),
                                            margin: UiRect::top(px(10)),
                                            flex_shrink: 0.0,
                                            border_radius: BorderRadius::MAX,
                                            ..default()
                                        },
                                        BackgroundColor(palette::SAGE),
                                    ),
                                    (
                                        Node {
                                            flex_shrink: 1.0,
                                            ..default()
                                        },
                                        children![widget::body(&f, o.clone())]
                                    ),
                                ],
                            ));
                        }
                    });
            }
            p.spawn(widget::eyebrow(&f, "Turn by turn"));
            for t in turns {
                p.spawn(turn_card(&f, t, &client));
            }
        })),
    )
}

const CHART_H: f32 = 150.0;

fn chart(f: &Fonts, p: &Profile, sentences: Vec<String>) -> impl Bundle + use<> {
    let f = f.clone();
    let turns = p.turns.clone();
    let repairs: Vec<usize> = p.repairs.iter().map(|r| r.repair).collect();
    let summary = sentences;
    (
        widget::card(palette::SURFACE, palette::BORDER),
        Children::spawn(SpawnWith(move |c: &mut ChildSpawner| {
            c.spawn((
                Node {
                    justify_content: JustifyContent::SpaceBetween,
                    ..widget::row(space::M)
                },
                children![
                    widget::eyebrow(&f, "Attunement and ownership, turn by turn"),
                    widget::text(
                        &f,
                        "a picture of the process, not a grade",
                        size::CAPTION,
                        Face::Italic,
                        palette::INK_SOFT
                    ),
                ],
            ));
            c.spawn((
                Node {
                    align_items: AlignItems::FlexStart,
                    margin: UiRect::vertical(px(space::S)),
                    ..widget::row(space::M)
                },
                Children::spawn(SpawnWith({
                    let f = f.clone();
                    move |r: &mut ChildSpawner| {
                        // The scale, 1 to 5, with a faint line at each step.
                        r.spawn((
                            Node {
                                width: px(14),
                                height: px(CHART_H + 44.0),
                                ..default()
                            },
                            Children::spawn(SpawnWith({
                                let f = f.clone();
                                move |c: &mut ChildSpawner| {
                                    for step in [1u8, 3, 5] {
                                        c.spawn((
                                            Node {
                                                position_type: PositionType::Absolute,
                                                top: px(CHART_H - bar_height(step) - 10.0),
                                                right: px(0),
                                                ..default()
                                            },
                                            children![widget::text(
                                                &f,
                                                step.to_string(),
                                                size::CAPTION,
                                                Face::Regular,
                                                palette::INK_FAINT
                                            )],
                                        ));
                                    }
                                }
                            })),
                        ));
                        r.spawn((
                            Node {
                                flex_grow: 1.0,
                                ..default()
                            },
                            Children::spawn(SpawnWith({
                                let f = f.clone();
                                move |c: &mut ChildSpawner| {
                                    for step in 1..=5u8 {
                                        c.spawn((
                                            Node {
                                                position_type: PositionType::Absolute,
                                                top: px(CHART_H - bar_height(step)),
                                                left: px(0),
                                                right: px(0),
                                                height: px(1),
                                                ..default()
                                            },
                                            BackgroundColor(palette::SURFACE_SUNK),
                                        ));
                                    }
                                    c.spawn((
                                        Node {
                                            flex_grow: 1.0,
                                            align_items: AlignItems::FlexEnd,
                                            ..default()
                                        },
                                        Children::spawn(SpawnWith({
                                            let f = f.clone();
                                            move |c: &mut ChildSpawner| {
                                                for t in &turns {
                                                    let repair = repairs.contains(&t.turn);
                                                    c.spawn(turn_bars(&f, t, repair));
                                                }
                                            }
                                        })),
                                    ));
                                }
                            })),
                        ));
                    }
                })),
            ));
            c.spawn((
                Node {
                    flex_wrap: FlexWrap::Wrap,
                    ..widget::row(space::L)
                },
                children![
                    widget::legend(&f, palette::SAGE, "attunement"),
                    widget::legend(&f, palette::CLAY, "ownership"),
                    widget::legend(&f, palette::BORDER, "ownership not at stake"),
                    widget::legend(&f, palette::GOLD, "a repair"),
                    widget::legend(&f, palette::INK_FAINT, STRAIN_MEANS),
                ],
            ));
            for line in &summary {
                c.spawn(widget::small(&f, line.clone()));
            }
        })),
    )
}

/// The height of a bar for a score from 1 to 5 (1 is a fifth of the chart).
fn bar_height(score: u8) -> f32 {
    CHART_H * f32::from(score.clamp(1, 5)) / 5.0
}

fn bar(score: Option<u8>, color: Color) -> impl Bundle + use<> {
    let (h, color) = match score {
        Some(s) => (bar_height(s), color),
        None => (6.0, palette::BORDER),
    };
    (
        Node {
            width: px(20),
            height: px(h),
            border_radius: BorderRadius::top(px(4)),
            ..default()
        },
        BackgroundColor(color),
    )
}

fn turn_bars(f: &Fonts, t: &crate::scoring::TurnScore, repair: bool) -> impl Bundle + use<> {
    let f = f.clone();
    let label_color = if repair {
        palette::GOLD
    } else {
        palette::INK_SOFT
    };
    (
        Node {
            flex_direction: FlexDirection::Column,
            align_items: AlignItems::Center,
            row_gap: px(4),
            flex_grow: 1.0,
            max_width: px(110),
            ..default()
        },
        children![
            (
                Node {
                    height: px(CHART_H),
                    align_items: AlignItems::FlexEnd,
                    column_gap: px(3),
                    padding: UiRect::horizontal(px(4)),
                    border: UiRect::bottom(px(2)),
                    border_radius: BorderRadius::all(px(4)),
                    ..default()
                },
                BackgroundColor(if repair {
                    palette::GOLD_TINT
                } else {
                    Color::NONE
                }),
                BorderColor::all(if repair {
                    palette::GOLD
                } else {
                    palette::BORDER
                }),
                children![
                    bar(Some(t.attunement), palette::SAGE),
                    bar(t.ownership, palette::CLAY)
                ],
            ),
            widget::text(&f, t.turn.to_string(), size::SMALL, Face::Bold, label_color),
            widget::text(
                &f,
                if repair {
                    "repair"
                } else if t.silent {
                    "silence"
                } else if t.rupture {
                    "strain"
                } else {
                    " "
                },
                size::CAPTION,
                Face::Regular,
                label_color
            ),
        ],
    )
}

/// "Acknowledge · attunement 4, ownership not at stake"
fn scores(o: &OptionView) -> String {
    format!("{} · {}", o.strategy, o.scores())
}

fn turn_card(f: &Fonts, t: TurnView, client: &str) -> impl Bundle + use<> {
    let f = f.clone();
    let (fill, edge) = match t.flag {
        Flag::Repair => (palette::GOLD_TINT, palette::GOLD),
        _ => (palette::SURFACE, palette::BORDER),
    };
    let first = client
        .split_whitespace()
        .next()
        .unwrap_or(client)
        .to_owned();
    (
        widget::card(fill, edge),
        Children::spawn(SpawnWith(move |c: &mut ChildSpawner| {
            c.spawn((
                widget::row(space::S),
                Children::spawn(SpawnWith({
                    let f = f.clone();
                    let marker = t.marker.clone();
                    move |r: &mut ChildSpawner| {
                        r.spawn(widget::text(
                            &f,
                            format!("Turn {}", t.number),
                            size::SMALL,
                            Face::Bold,
                            palette::INK_SOFT,
                        ));
                        if let Some(label) = t.flag.label() {
                            let (fill, ink) = if t.flag == Flag::Repair {
                                (palette::GOLD, palette::ON_ACCENT)
                            } else {
                                (palette::SURFACE_SUNK, palette::INK_SOFT)
                            };
                            r.spawn(widget::tag(&f, label, fill, ink));
                        }
                        if let Some(m) = marker {
                            r.spawn(widget::tag(
                                &f,
                                format!("Rupture marker: {m}"),
                                palette::CLAY_TINT,
                                palette::CLAY,
                            ));
                        }
                    }
                })),
            ));
            c.spawn(widget::text(
                &f,
                format!("{first}: \u{201c}{}\u{201d}", t.line),
                size::BODY,
                Face::Italic,
                palette::INK_SOFT,
            ));
            if let Some(n) = &t.note {
                c.spawn(widget::small(&f, format!("You noticed in yourself: {n}")));
            }
            if let Some(w) = &t.own_words {
                c.spawn(widget::text(
                    &f,
                    format!("In your own words: \u{201c}{w}\u{201d}"),
                    size::BODY,
                    Face::Regular,
                    palette::SAGE_DEEP,
                ));
            }
            c.spawn((
                Node {
                    padding: UiRect::left(px(space::M)),
                    border: UiRect::left(px(3)),
                    ..widget::column(2.0)
                },
                BorderColor::all(palette::SAGE),
                children![
                    widget::text(
                        &f,
                        format!("You chose: {}", t.chose.label),
                        size::BODY,
                        Face::Bold,
                        palette::INK
                    ),
                    widget::text(
                        &f,
                        scores(&t.chose),
                        size::CAPTION,
                        Face::Bold,
                        palette::SAGE_DEEP
                    ),
                    widget::body(&f, t.chose.rationale.clone()),
                    concern_line(&f, t.chose.concern.as_ref()),
                ],
            ));
            if !t.others.is_empty() {
                c.spawn(widget::text(
                    &f,
                    "Roads not taken",
                    size::SMALL,
                    Face::Bold,
                    palette::INK_SOFT,
                ));
                for o in &t.others {
                    c.spawn((
                        Node {
                            padding: UiRect::left(px(space::M)),
                            border: UiRect::left(px(3)),
                            ..widget::column(2.0)
                        },
                        BorderColor::all(palette::BORDER),
                        children![
                            widget::text(
                                &f,
                                format!("{}  ({})", o.label, scores(o)),
                                size::SMALL,
                                Face::Bold,
                                palette::INK_SOFT
                            ),
                            widget::text(
                                &f,
                                o.rationale.clone(),
                                size::SMALL,
                                Face::Regular,
                                palette::INK_SOFT
                            ),
                            concern_line(&f, o.concern.as_ref()),
                        ],
                    ));
                }
            }
            c.spawn((
                Node {
                    justify_content: JustifyContent::FlexEnd,
                    ..widget::row(space::S)
                },
                children![widget::button(
                    &f,
                    format!("Try another road from turn {}", t.number),
                    None,
                    Action::Branch(t.number),
                    Look::Quiet
                )],
            ));
        })),
    )
}

/// A concern the option raised, in the rose of problems; nothing if none.
fn concern_line(f: &Fonts, concern: Option<&crate::debrief::ConcernView>) -> impl Bundle + use<> {
    let (text, shown) = match concern {
        Some(c) => (c.sentence(), Node::default()),
        None => (
            String::new(),
            Node {
                display: Display::None,
                ..default()
            },
        ),
    };
    (
        widget::text(f, text, size::SMALL, Face::Bold, palette::ROSE),
        shown,
    )
}

fn keys(keys: Res<ButtonInput<KeyCode>>, mut acts: MessageWriter<Act>) {
    if let Some(n) = digit_pressed(&keys) {
        acts.write(Act(Action::Rate(n as u8)));
    }
    if keys.just_pressed(KeyCode::KeyT) {
        acts.write(Act(Action::Rate(10)));
    }
    if keys.just_pressed(KeyCode::KeyN) {
        acts.write(Act(Action::TryAgain));
    }
    if keys.just_pressed(KeyCode::Escape) {
        acts.write(Act(Action::Back));
    }
}

fn act(
    mut acts: MessageReader<Act>,
    mut practice: ResMut<Practice>,
    config: Res<Config>,
    mut next: ResMut<NextState<Screen>>,
) {
    for Act(action) in acts.read() {
        match action {
            Action::Rate(n) => practice.rate(*n),
            Action::TryAgain => {
                if let Some(s) = practice.scenario.clone() {
                    let show = practice.show_scores;
                    practice.prepare(s, crate::cli::fresh_seed());
                    practice.show_scores = show;
                    practice.begin(config.log_dir.as_deref());
                    next.set(Screen::Session);
                }
            }
            Action::Back if practice.reviewing => next.set(Screen::History),
            Action::Branch(turn) => match practice.branch(*turn, config.log_dir.as_deref()) {
                Ok(()) => next.set(Screen::Session),
                Err(d) => warn!("{}", d.message),
            },
            Action::Back => next.set(Screen::Picker),
            _ => {}
        }
    }
}
