//! The classroom: a group's sessions on a projector. First choose the
//! folder of logs, the scenario, and the whole group or one session; then
//! step through the client turns. Each turn opens paused ("What would you
//! say here?"); R reveals the options, then how the group answered; a
//! number opens an option's rationale and scores; Shift and a number tries
//! it in a live what-if, and Backspace comes back to the recorded turn.
//! Large type and few words, so the longest turn fits 1280x800 unscrolled.

use bevy::input::keyboard::KeyboardInput;
use bevy::prelude::*;

use super::{Screen, Typed, digit_pressed, type_into};
use crate::app::action::{Act, Action};
use crate::app::classroom::{Classroom, Stage, library_of};
use crate::app::practice::Config;
use crate::app::theme::widget::{self, ButtonColors, Look};
use crate::app::theme::{Face, Fonts, palette, size, space};
use crate::format::EndingKind;
use crate::model::Ending;
use crate::report::classroom::{Moment, MomentOption, Whose};

/// The longest folder path the field takes, in characters.
const MAX_FOLDER: usize = 400;

pub fn plugin(app: &mut App) {
    app.init_resource::<Classroom>();
    app.add_systems(OnEnter(Screen::Classroom), spawn);
    app.add_systems(
        Update,
        (type_folder, keys, act, rebuild)
            .chain()
            .run_if(in_state(Screen::Classroom)),
    );
}

#[derive(Component)]
struct Root {
    shown: Option<u64>,
}

fn spawn(mut commands: Commands) {
    commands.spawn((
        Name::new("Classroom"),
        Root { shown: None },
        DespawnOnExit(Screen::Classroom),
        widget::screen_root(),
    ));
}

fn rebuild(
    mut commands: Commands,
    fonts: Res<Fonts>,
    classroom: Res<Classroom>,
    mut roots: Query<(Entity, &mut Root)>,
) {
    for (e, mut root) in &mut roots {
        if root.shown == Some(classroom.version) {
            continue;
        }
        root.shown = Some(classroom.version);
        commands.entity(e).despawn_children();
        let child = if classroom.stepping {
            commands.spawn(stepping(&fonts, &classroom)).id()
        } else {
            commands.spawn(choosing(&fonts, &classroom)).id()
        };
        commands.entity(e).add_child(child);
    }
}

/// Typing the folder: keys go into the field until Enter (which reads the
/// logs) or Escape.
fn type_folder(
    mut classroom: ResMut<Classroom>,
    mut input: MessageReader<KeyboardInput>,
    config: Res<Config>,
) {
    if !classroom.typing {
        input.clear();
        return;
    }
    let mut text = classroom.folder.clone();
    match type_into(&mut text, &mut input, MAX_FOLDER) {
        Typed::Nothing => {}
        Typed::Changed => {
            classroom.folder = text;
            classroom.version += 1;
        }
        Typed::Done => {
            classroom.typing = false;
            classroom.load(library_of(&config));
        }
    }
}

fn keys(
    keys: Res<ButtonInput<KeyCode>>,
    classroom: Res<Classroom>,
    mut acts: MessageWriter<Act>,
    mut skip_frame: Local<bool>,
) {
    // Keys typed into the folder field, and the key that ends typing, are
    // not shortcuts.
    if classroom.typing {
        *skip_frame = true;
        return;
    }
    if std::mem::take(&mut *skip_frame) {
        return;
    }
    let mut send = |a: Action| {
        acts.write(Act(a));
    };
    if keys.just_pressed(KeyCode::Escape) {
        send(if classroom.what_if.is_some() {
            Action::BackToPath
        } else {
            Action::Back
        });
    }
    if !classroom.stepping {
        if keys.just_pressed(KeyCode::Enter) || keys.just_pressed(KeyCode::NumpadEnter) {
            send(Action::ClassStart);
        }
        if keys.just_pressed(KeyCode::KeyF) {
            send(Action::TypeFolder);
        }
        return;
    }
    if keys.any_just_pressed([KeyCode::ArrowRight, KeyCode::Space, KeyCode::ArrowDown]) {
        send(Action::NextTurn);
    }
    if keys.any_just_pressed([KeyCode::ArrowLeft, KeyCode::ArrowUp]) {
        send(Action::PreviousTurn);
    }
    if keys.just_pressed(KeyCode::KeyR) {
        send(Action::Reveal);
    }
    if keys.just_pressed(KeyCode::KeyC) {
        send(Action::RevealAnswers);
    }
    if let Some(n @ 1..=9) = digit_pressed(&keys) {
        let shift = keys.any_pressed([KeyCode::ShiftLeft, KeyCode::ShiftRight]);
        send(if shift {
            Action::Try(n)
        } else {
            Action::Details(n)
        });
    }
    if keys.just_pressed(KeyCode::KeyT)
        && let Some(n) = classroom.details
    {
        send(Action::Try(n));
    }
    if keys.just_pressed(KeyCode::Backspace) {
        send(Action::BackToPath);
    }
}

fn act(
    mut acts: MessageReader<Act>,
    mut classroom: ResMut<Classroom>,
    config: Res<Config>,
    mut next: ResMut<NextState<Screen>>,
) {
    for Act(action) in acts.read() {
        match action {
            Action::TypeFolder => {
                classroom.typing = true;
                classroom.version += 1;
            }
            Action::LoadFolder => {
                classroom.typing = false;
                classroom.load(library_of(&config));
            }
            Action::ClassScenario(i) => {
                classroom.scenario = *i;
                classroom.whose = Whose::Group;
                classroom.version += 1;
            }
            Action::ClassWhose(w) => {
                classroom.whose = w.map_or(Whose::Group, Whose::Session);
                classroom.version += 1;
            }
            Action::ClassStart => classroom.start(),
            Action::NextTurn => classroom.next(),
            Action::PreviousTurn => classroom.previous(),
            Action::Reveal => classroom.reveal(),
            Action::RevealAnswers => classroom.reveal_answers(),
            Action::Details(n) => classroom.toggle_details(*n),
            Action::Try(n) => classroom.try_option(*n),
            Action::BackToPath => classroom.back_to_path(),
            Action::Back if classroom.stepping => {
                classroom.stepping = false;
                classroom.what_if = None;
                classroom.version += 1;
            }
            Action::Back => next.set(Screen::Picker),
            _ => {}
        }
    }
}

/// A chip to pick one of several things.
fn chip(f: &Fonts, label: String, on: bool, action: Action) -> impl Bundle + use<> {
    (
        widget::chip_frame(on, action),
        children![widget::text(
            f,
            label,
            size::BODY,
            Face::Bold,
            widget::chip_ink(on)
        )],
    )
}

/// A wrapping row of chips.
fn chips(items: Vec<(String, bool, Action)>, f: &Fonts) -> impl Bundle + use<> {
    let f = f.clone();
    (
        Node {
            flex_wrap: FlexWrap::Wrap,
            row_gap: px(space::S),
            ..widget::row(space::S)
        },
        Children::spawn(SpawnWith(move |r: &mut ChildSpawner| {
            for (label, on, action) in items {
                r.spawn(chip(&f, label, on, action));
            }
        })),
    )
}

/// A chip for every scenario with sessions in the folder.
fn scenario_chips(c: &Classroom) -> Vec<(String, bool, Action)> {
    c.report
        .iter()
        .flat_map(|r| r.scenarios.iter().enumerate())
        .map(|(i, s)| {
            let label = format!("{} · {} sessions", s.title, s.sessions);
            (label, i == c.scenario, Action::ClassScenario(i))
        })
        .collect()
}

/// A chip for the whole group, and one for every session (anonymised).
fn session_chips(c: &Classroom) -> Vec<(String, bool, Action)> {
    let Some(r) = c.scenario_report() else {
        return Vec::new();
    };
    let group = (
        Whose::Group.label(r),
        c.whose == Whose::Group,
        Action::ClassWhose(None),
    );
    let one = r.trainees.iter().enumerate().map(|(i, t)| {
        let how = t.ending_kind.as_deref().unwrap_or("unfinished");
        (
            format!("{} · {how} · {} turns", t.trainee, t.turns),
            c.whose == Whose::Session(i),
            Action::ClassWhose(Some(i)),
        )
    });
    std::iter::once(group).chain(one).collect()
}

/// Choosing what to show: the folder, the scenario, whose answers.
fn choosing(f: &Fonts, c: &Classroom) -> impl Bundle + use<> {
    let f = f.clone();
    let folder = c.folder.clone();
    let typing = c.typing;
    let notice = c.notice.clone();
    let (scenarios, sessions) = (scenario_chips(c), session_chips(c));
    (
        Node {
            width: percent(100),
            max_width: px(1120),
            padding: UiRect::new(px(space::XL), px(space::XL), px(40), px(40)),
            ..widget::column(space::L)
        },
        Children::spawn(SpawnWith(move |p: &mut ChildSpawner| {
            p.spawn((
                widget::column(space::XS),
                children![
                    widget::text(&f, "Classroom", size::DISPLAY, Face::Bold, palette::SAGE_DEEP),
                    widget::text(
                        &f,
                        "Debrief a group's sessions together, one client turn at a time. Trainees appear as Trainee A, B, ...",
                        size::BODY,
                        Face::Regular,
                        palette::INK_SOFT,
                    ),
                ],
            ));
            p.spawn(widget::eyebrow(&f, "Session logs folder"));
            p.spawn((
                widget::row(space::M),
                children![
                    widget::field(
                        &f,
                        &folder,
                        "Click or press F to type a folder",
                        typing,
                        Action::TypeFolder
                    ),
                    widget::button(
                        &f,
                        "Read the logs",
                        Some("Enter"),
                        Action::LoadFolder,
                        Look::Quiet
                    ),
                ],
            ));
            if let Some(n) = notice {
                p.spawn((
                    widget::card(palette::GOLD_TINT, palette::GOLD),
                    children![widget::body(&f, n)],
                ));
            }
            if scenarios.is_empty() {
                return;
            }
            p.spawn(widget::eyebrow(&f, "Scenario"));
            p.spawn(chips(scenarios, &f));
            p.spawn(widget::eyebrow(&f, "Whose answers"));
            p.spawn(chips(sessions, &f));
            p.spawn((
                Node {
                    justify_content: JustifyContent::SpaceBetween,
                    margin: UiRect::top(px(space::M)),
                    ..widget::row(space::M)
                },
                children![
                    widget::back_to_scenarios(&f),
                    widget::button(
                        &f,
                        "Step through the turns",
                        Some("Enter"),
                        Action::ClassStart,
                        Look::Primary
                    ),
                ],
            ));
        })),
    )
}

/// Everything the stepping view shows, owned, so it can move into the
/// closures that build the screen.
struct View {
    title: String,
    client: String,
    whose: String,
    counter: String,
    /// In the group's walk: how many sessions reached this turn.
    reached: Option<String>,
    stage: Stage,
    details: Option<usize>,
    tried: Option<Vec<String>>,
    notice: Option<String>,
    moment: Option<Moment>,
    ending: Option<Ending>,
    answers: Vec<usize>,
    chosen: Option<String>,
    offered: Vec<String>,
}

fn view(c: &Classroom) -> Option<View> {
    let r = c.scenario_report()?;
    let shown = c.shown()?;
    Some(View {
        title: r.title.clone(),
        client: r.client.clone(),
        whose: c.whose.label(r),
        counter: format!("Turn {} of {}", c.at + 1, c.stops.len()),
        reached: (c.whose == Whose::Group && c.what_if.is_none())
            .then(|| {
                let node = &c.stops.get(c.at)?.node;
                let n = r.nodes.iter().find(|n| &n.id == node)?.reached;
                Some(format!("reached in {n} of {} sessions", r.sessions))
            })
            .flatten(),
        stage: c.stage,
        details: c.details,
        tried: c.what_if.as_ref().map(|w| w.tried.clone()),
        notice: c.notice.clone(),
        moment: shown.moment,
        ending: shown.ending.cloned(),
        answers: shown.answers,
        chosen: shown.chosen,
        offered: shown.offered,
    })
}

/// Stepping through the turns: the projector view.
fn stepping(f: &Fonts, c: &Classroom) -> impl Bundle + use<> {
    let f = f.clone();
    let v = view(c);
    (
        Node {
            width: percent(100),
            height: percent(100),
            padding: UiRect::axes(px(space::XL), px(space::L)),
            ..widget::column(space::M)
        },
        Children::spawn(SpawnWith(move |p: &mut ChildSpawner| {
            let Some(v) = v else {
                p.spawn(widget::body(
                    &f,
                    "There is no client turn to show. Esc goes back.",
                ));
                return;
            };
            p.spawn(top_bar(&f, &v));
            if let Some(tried) = &v.tried {
                p.spawn(what_if_banner(&f, tried));
            }
            let reveal = reveal_button(v.stage, v.tried.is_some());
            p.spawn((
                Node {
                    flex_grow: 1.0,
                    align_items: AlignItems::FlexStart,
                    ..widget::row(space::XL)
                },
                Children::spawn(SpawnWith({
                    let f = f.clone();
                    move |r: &mut ChildSpawner| {
                        r.spawn(client_column(&f, &v));
                        r.spawn(answer_column(&f, &v));
                    }
                })),
            ));
            p.spawn(footer(&f, reveal));
        })),
    )
}

fn top_bar(f: &Fonts, v: &View) -> impl Bundle + use<> {
    (
        Node {
            justify_content: JustifyContent::SpaceBetween,
            flex_shrink: 0.0,
            ..widget::row(space::L)
        },
        children![
            (
                widget::column(2.0),
                children![
                    widget::eyebrow(f, &format!("Classroom · {}", v.title)),
                    widget::text(
                        f,
                        v.whose.clone(),
                        size::HEADING,
                        Face::Bold,
                        palette::INK_SOFT
                    ),
                ],
            ),
            (
                Node {
                    align_items: AlignItems::FlexEnd,
                    ..widget::column(0.0)
                },
                children![
                    widget::text(
                        f,
                        v.counter.clone(),
                        size::TITLE,
                        Face::Bold,
                        palette::SAGE_DEEP
                    ),
                    widget::text(
                        f,
                        v.reached.clone().unwrap_or_default(),
                        size::SMALL,
                        Face::Regular,
                        palette::INK_SOFT
                    ),
                ],
            ),
        ],
    )
}

fn what_if_banner(f: &Fonts, tried: &[String]) -> impl Bundle + use<> {
    (
        widget::card_with(
            palette::GOLD_TINT,
            palette::GOLD,
            Node {
                justify_content: JustifyContent::SpaceBetween,
                flex_shrink: 0.0,
                padding: UiRect::axes(px(space::L), px(space::S)),
                ..widget::row(space::L)
            },
        ),
        children![
            widget::text(
                f,
                format!("What if: {}", tried.join(" \u{2192} ")),
                size::HEADING,
                Face::Bold,
                palette::INK
            ),
            widget::button(
                f,
                "Back to the recorded turn",
                Some("Backspace"),
                Action::BackToPath,
                Look::Quiet
            ),
        ],
    )
}

/// The size of the client's line: the longer it is, the smaller, so the
/// longest turn still fits.
fn line_size(line: &str) -> f32 {
    match line.chars().count() {
        0..=180 => 38.0,
        181..=280 => 33.0,
        _ => 30.0,
    }
}

/// What the client says and what you see, or where a what-if ended.
fn client_column(f: &Fonts, v: &View) -> impl Bundle + use<> {
    let f = f.clone();
    let client = v.client.clone();
    let moment = v.moment.clone();
    let ending = v.ending.clone();
    (
        Node {
            flex_basis: px(0),
            flex_grow: 1.15,
            ..widget::column(space::M)
        },
        Children::spawn(SpawnWith(move |c: &mut ChildSpawner| {
            if let Some(e) = ending {
                c.spawn(ending_card(&f, &e));
                return;
            }
            let Some(m) = moment else {
                return;
            };
            c.spawn((
                widget::row(space::M),
                Children::spawn(SpawnWith({
                    let f = f.clone();
                    let marker = m.marker.clone();
                    move |r: &mut ChildSpawner| {
                        r.spawn(widget::text(
                            &f,
                            client,
                            size::HEADING,
                            Face::Bold,
                            palette::INK_SOFT,
                        ));
                        if let Some(k) = marker {
                            r.spawn(widget::tag(
                                &f,
                                format!("rupture marker: {k}"),
                                palette::CLAY_TINT,
                                palette::CLAY,
                            ));
                        }
                    }
                })),
            ));
            c.spawn(widget::text(
                &f,
                format!("\u{201c}{}\u{201d}", m.line),
                line_size(&m.line),
                Face::Regular,
                palette::INK,
            ));
            c.spawn((
                Node {
                    padding: UiRect::left(px(space::M)),
                    border: UiRect::left(px(3)),
                    ..default()
                },
                BorderColor::all(palette::BORDER),
                children![widget::text(
                    &f,
                    m.cue,
                    21.0,
                    Face::Italic,
                    palette::INK_SOFT
                )],
            ));
        })),
    )
}

fn ending_card(f: &Fonts, e: &Ending) -> impl Bundle + use<> {
    let (fill, ink) = match e.kind {
        EndingKind::Repaired => (palette::SAGE_TINT, palette::SAGE_DEEP),
        EndingKind::PartiallyRepaired => (palette::GOLD_TINT, palette::GOLD),
        EndingKind::BoundarySet => (palette::DUSK_TINT, palette::DUSK),
        EndingKind::Unresolved | EndingKind::ClientLeft => (palette::CLAY_TINT, palette::CLAY),
    };
    (
        widget::column(space::M),
        children![
            widget::eyebrow(f, "Where it ends"),
            widget::tag(f, e.kind.label(), fill, ink),
            widget::text(f, e.title.clone(), size::DISPLAY, Face::Bold, palette::INK),
            widget::text(f, e.summary.clone(), 24.0, Face::Regular, palette::INK),
        ],
    )
}

/// Paused, the question; then the options, the answers, the details.
fn answer_column(f: &Fonts, v: &View) -> impl Bundle + use<> {
    let f = f.clone();
    let stage = if v.tried.is_some() {
        Stage::Options
    } else {
        v.stage
    };
    let options = v
        .moment
        .as_ref()
        .map(|m| m.options.clone())
        .unwrap_or_default();
    let answers = v.answers.clone();
    let total: usize = answers.iter().sum();
    let (chosen, offered, details, notice) = (
        v.chosen.clone(),
        v.offered.clone(),
        v.details,
        v.notice.clone(),
    );
    let answered = answered_caption(v, total);
    (
        Node {
            flex_basis: px(0),
            flex_grow: 1.0,
            ..widget::column(space::S)
        },
        Children::spawn(SpawnWith(move |c: &mut ChildSpawner| {
            if options.is_empty() {
                return;
            }
            if stage == Stage::Pause {
                c.spawn(pause_card(&f));
                return;
            }
            c.spawn(widget::text(
                &f,
                answered.unwrap_or_else(|| "What could be said here".to_owned()),
                size::BODY,
                Face::Bold,
                palette::INK_SOFT,
            ));
            for o in &options {
                if details.is_some_and(|d| d != o.number) {
                    continue;
                }
                let line = OptionLine {
                    count: (stage == Stage::Answers)
                        .then(|| answers.get(o.number - 1).copied().unwrap_or(0)),
                    total,
                    chosen: chosen.as_deref() == Some(o.id.as_str()),
                    offered: offered.contains(&o.id),
                    open: details == Some(o.number),
                };
                c.spawn(option_row(&f, o, line));
            }
            if let Some(o) = details.and_then(|d| options.get(d - 1)) {
                c.spawn(details_card(&f, o));
            }
            if let Some(n) = notice {
                c.spawn((
                    widget::card(palette::GOLD_TINT, palette::GOLD),
                    children![widget::body(&f, n)],
                ));
            }
        })),
    )
}

/// "How the group answered · 8 answers", once answers are showing.
fn answered_caption(v: &View, total: usize) -> Option<String> {
    (v.stage == Stage::Answers && v.tried.is_none()).then(|| {
        format!(
            "How {} answered · {total} {}",
            if v.whose.starts_with("The whole group") {
                "the group".to_owned()
            } else {
                v.whose.clone()
            },
            if total == 1 { "answer" } else { "answers" }
        )
    })
}

fn pause_card(f: &Fonts) -> impl Bundle + use<> {
    (
        widget::card_with(
            palette::SAGE_TINT,
            palette::SAGE,
            Node {
                padding: UiRect::all(px(space::XL)),
                row_gap: px(space::M),
                ..widget::card_node()
            },
        ),
        children![
            widget::text(
                f,
                "What would you say here?",
                size::DISPLAY,
                Face::Bold,
                palette::SAGE_DEEP
            ),
            widget::text(
                f,
                "Take a moment with the group before anyone sees the options.",
                size::HEADING,
                Face::Regular,
                palette::INK_SOFT
            ),
            (
                Node {
                    align_self: AlignSelf::FlexStart,
                    ..default()
                },
                children![widget::button(
                    f,
                    "Show the options",
                    Some("R"),
                    Action::Reveal,
                    Look::Primary
                )],
            ),
        ],
    )
}

/// How one option is shown.
struct OptionLine {
    /// How many chose it, once answers are showing.
    count: Option<usize>,
    total: usize,
    /// The session shown chose it here.
    chosen: bool,
    /// The live session offers it here (it can be tried).
    offered: bool,
    /// Its details are open.
    open: bool,
}

fn option_row(f: &Fonts, o: &MomentOption, line: OptionLine) -> impl Bundle + use<> {
    let f = f.clone();
    let (fill, edge) = if line.open {
        (palette::SAGE_TINT, palette::SAGE)
    } else if line.chosen && line.count.is_some() {
        (palette::GOLD_TINT, palette::GOLD)
    } else {
        (palette::SURFACE, palette::BORDER)
    };
    let n = o.number;
    let label = o.label.clone();
    (
        widget::button_frame(
            Action::Details(n),
            ButtonColors::resting(fill),
            edge,
            Node {
                padding: UiRect::axes(px(space::M), px(space::S)),
                border: UiRect::all(px(if line.open { 2.5 } else { 1.5 })),
                border_radius: BorderRadius::all(px(12)),
                column_gap: px(space::M),
                align_items: AlignItems::Center,
                flex_shrink: 0.0,
                ..default()
            },
        ),
        Children::spawn(SpawnWith(move |r: &mut ChildSpawner| {
            r.spawn(widget::text(
                &f,
                n.to_string(),
                size::TITLE,
                Face::Bold,
                palette::INK_FAINT,
            ));
            r.spawn((
                Node {
                    flex_grow: 1.0,
                    flex_shrink: 1.0,
                    ..widget::column(4.0)
                },
                Children::spawn(SpawnWith({
                    let f = f.clone();
                    move |c: &mut ChildSpawner| {
                        c.spawn(widget::text(&f, label, 24.0, Face::Bold, palette::INK));
                        if let Some(count) = line.count {
                            let colour = if line.chosen {
                                palette::GOLD
                            } else {
                                palette::SAGE
                            };
                            c.spawn(widget::count_bar(&f, count, line.total, colour, 260.0));
                        }
                    }
                })),
            ));
            if line.offered {
                r.spawn((
                    Node {
                        flex_shrink: 0.0,
                        ..default()
                    },
                    children![widget::button(
                        &f,
                        "Try it",
                        Some(&format!("Shift+{n}")),
                        Action::Try(n),
                        Look::Quiet,
                    )],
                ));
            }
        })),
    )
}

fn details_card(f: &Fonts, o: &MomentOption) -> impl Bundle + use<> {
    (
        widget::card(palette::SURFACE, palette::SAGE),
        children![
            widget::text(
                f,
                format!("\u{201c}{}\u{201d}", o.says),
                size::BODY,
                Face::Italic,
                palette::INK
            ),
            widget::text(
                f,
                format!("{} · {}", o.strategy, o.scores()),
                size::SMALL,
                Face::Bold,
                palette::SAGE_DEEP
            ),
            widget::body(f, o.rationale.clone()),
            (
                widget::text(
                    f,
                    o.concern.clone().unwrap_or_default(),
                    size::SMALL,
                    Face::Bold,
                    palette::ROSE
                ),
                Node {
                    display: if o.concern.is_some() {
                        Display::Flex
                    } else {
                        Display::None
                    },
                    ..default()
                },
            ),
            widget::text(
                f,
                format!(
                    "{n} again: every option · Shift+{n} or T: try it",
                    n = o.number
                ),
                size::CAPTION,
                Face::Regular,
                palette::INK_FAINT
            ),
        ],
    )
}

/// The label of the reveal button at this stage.
fn reveal_button(stage: Stage, what_if: bool) -> Option<(&'static str, &'static str, Action)> {
    if what_if {
        return None;
    }
    match stage {
        Stage::Pause => Some(("Show the options", "R", Action::Reveal)),
        Stage::Options => Some(("Show the answers", "C", Action::RevealAnswers)),
        Stage::Answers => None,
    }
}

fn footer(f: &Fonts, reveal: Option<(&'static str, &'static str, Action)>) -> impl Bundle + use<> {
    let f = f.clone();
    (
        Node {
            justify_content: JustifyContent::SpaceBetween,
            flex_shrink: 0.0,
            padding: UiRect::top(px(space::S)),
            border: UiRect::top(px(1.5)),
            ..widget::row(space::M)
        },
        BorderColor::all(palette::BORDER),
        Children::spawn(SpawnWith(move |r: &mut ChildSpawner| {
            r.spawn(widget::text(
                &f,
                "Space or \u{2192} next turn · \u{2190} back · a number: details · Shift+number: try it · Esc: choose again",
                size::CAPTION,
                Face::Regular,
                palette::INK_FAINT,
            ));
            r.spawn((
                widget::row(space::S),
                Children::spawn(SpawnWith({
                    let f = f.clone();
                    move |b: &mut ChildSpawner| {
                        b.spawn(widget::button(
                            &f,
                            "Previous",
                            None,
                            Action::PreviousTurn,
                            Look::Quiet,
                        ));
                        if let Some((label, key, action)) = reveal {
                            b.spawn(widget::button(&f, label, Some(key), action, Look::Quiet));
                        }
                        b.spawn(widget::button(
                            &f,
                            "Next turn",
                            Some("Space"),
                            Action::NextTurn,
                            Look::Primary,
                        ));
                    }
                })),
            ));
        })),
    )
}
