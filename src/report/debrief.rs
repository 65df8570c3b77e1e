//! One session's debrief as a self-contained HTML page, to bring to
//! supervision: the cohort report's look (its inline style sheet, maud's
//! escaping of every piece of author and trainee text, inline SVG, no
//! script, nothing fetched), with the words of the one debrief model
//! ([`Debrief`]) that the terminal and the app show.
//!
//! The page: a header (scenario, client, trainee, when it was played in
//! local time, how it ended), the learning goal, how hard it felt, the
//! profile in sentences with a chart of every turn and the legend of its
//! marks (strain included), what stood out, then every turn with the
//! client's line, the option chosen and its words, its scores and
//! rationale, and the roads not taken. It prints on paper as it reads on
//! screen.

use std::path::Path;

use jiff::tz::TimeZone;
use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::debrief::{Debrief, Flag, OptionView, RATING_ANCHORS, STRAIN_MEANS, TurnView};
use crate::engine::Session;
use crate::format::EndingKind;
use crate::log::SessionLog;
use crate::model::{Node, Scenario};
use crate::scoring::Profile;

/// What this page adds to the cohort report's style sheet.
const PAGE_STYLE: &str = r#"
body { max-width: 900px; }
.meta { color: var(--soft); margin: 0 0 4px; }
.ending { border-left: 6px solid var(--soft); background: var(--bg); padding: 10px 16px; margin: 18px 0; border-radius: 0 8px 8px 0; }
.ending h2 { border: 0; margin: 4px 0; padding: 0; font-size: 22px; }
.ending.repaired { border-color: #4f7f5f; } .ending.partial { border-color: #b7791f; }
.ending.boundary { border-color: #5a5f8c; } .ending.unrepaired { border-color: #b0603f; }
.goal { background: #eef5ef; border-radius: 8px; padding: 10px 16px; margin: 14px 0; }
.sentences p { margin: 4px 0; }
.rating { margin: 10px 0; }
ul.stood { padding-left: 20px; } ul.stood li { margin: 6px 0; }
.turn { border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin: 14px 0; break-inside: avoid; }
.turn.repair { border-color: #b7791f; background: #fdf8ec; }
.turn .head { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; color: var(--soft); font-size: 14px; }
.tag { display: inline-block; padding: 1px 9px; border-radius: 10px; font-size: 13px; background: var(--bg); color: var(--ink); border: 1px solid var(--line); }
.tag.strain { background: #fbeee8; border-color: #e2b7a4; }
.tag.repair { background: #b7791f; border-color: #b7791f; color: #fff; }
.client { font-size: 19px; font-style: italic; margin: 8px 0; }
.noticed { color: var(--soft); font-size: 15px; }
.own-words { color: #3b6b4b; font-size: 17px; margin: 8px 0 0; }
.chose { border-left: 4px solid #4f7f5f; padding: 2px 0 2px 12px; margin: 10px 0; }
.chose .says, .road .says { font-style: italic; }
.scores { color: #3b6b4b; font-weight: 600; font-size: 14px; }
.road { border-left: 3px solid var(--line); padding: 2px 0 2px 12px; margin: 8px 0; font-size: 15px; }
.road .scores { color: var(--soft); }
.concern { background: #fdf3dc; border-radius: 6px; padding: 4px 10px; margin-top: 6px; font-size: 15px; }
.roads-title { color: var(--soft); font-weight: 600; font-size: 14px; margin-top: 12px; }
.legend { margin: 6px 0 10px; }
.legend span { display: inline-block; margin: 2px 16px 2px 0; }
.legend i { display: inline-block; width: 14px; height: 14px; border-radius: 3px; vertical-align: -2px; margin-right: 6px; }
footer { margin-top: 40px; color: var(--soft); font-size: 14px; border-top: 1px solid var(--line); padding-top: 10px; }
@media print {
  body { max-width: none; }
  h2 { break-before: auto; break-after: avoid; }
  .turn, .ending, .goal { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// The page for the session `session` replayed from `log` (read from
/// `log_file`), with times in `tz`.
pub fn render(log: &SessionLog, log_file: &Path, session: &Session, tz: &TimeZone) -> String {
    let d = Debrief::of(session, log.learning_goal.as_deref());
    let scenario = session.scenario();
    let when =
        crate::when::in_zone(&log.started, tz).map_or_else(|| log.started.clone(), |l| l.long());
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "Debrief: " (d.title) }
                style { (PreEscaped(super::html::STYLE)) (PreEscaped(PAGE_STYLE)) }
            }
            body {
                p.meta { "Attune · a session debrief for supervision" }
                h1 { (d.title) }
                p.meta {
                    "With " (d.client)
                    @if let Some(t) = &log.trainee { " · played by " (t) }
                    " · " (when)
                    " · " (session.turns().len()) " " (if session.turns().len() == 1 { "turn" } else { "turns" })
                }
                @if log.say_first {
                    p.meta { "Said first: at every turn, the trainee's own words came before the options." }
                }
                @if let Some(b) = &log.branched_from {
                    p.meta {
                        "Another road from " code { (b.log) } ": "
                        @if b.turn > 1 { "its turns before turn " (b.turn) " as they were played, then " }
                        "new choices from turn " (b.turn) "."
                    }
                }
                (ending(&d, session))
                @if let Some(g) = d.goal_text() {
                    div.goal {
                        b { (g) }
                        br;
                        span.note { "Where did it show up in the turns below, and what was done with it?" }
                    }
                }
                p.rating {
                    "How hard it felt: "
                    @if let Some(r) = log.difficulty_rating {
                        b { (r) " out of 10" } " (" (RATING_ANCHORS) ")."
                    } @else if session.is_ended() {
                        "not rated."
                    } @else {
                        "not rated yet: the session is unfinished."
                    }
                }
                h2 { "Attunement and ownership, turn by turn" }
                p.note { "A picture of the process, not a grade." }
                (chart(&d.profile))
                div.sentences {
                    @for s in d.profile_sentences() { p { (s) } }
                }
                @if !d.observations.is_empty() {
                    h2 { "What stood out" }
                    ul.stood {
                        @for o in &d.observations { li { (o) } }
                    }
                }
                h2 { "Turn by turn" }
                @for t in &d.turns {
                    (turn(t, &d.client, scenario))
                }
                footer {
                    "Made by Attune from the session log "
                    code { (file_name(log_file)) }
                    " (scenario " code { (scenario.id) } ", seed " (log.seed) "). "
                    "Scores come from the scenario's rubric for the option chosen; the client's reaction never changes them. "
                    @if log.learning_goal.is_some() || session.turns().iter().any(|t| t.inner_note.is_some() || t.own_words.is_some()) {
                        "The learning goal, check-in notes and words typed first are the trainee's own words: share this page with care."
                    }
                }
            }
        }
    };
    page.into_string()
}

/// A file's name for the footer (never its full path, which may name the
/// trainee's home folder).
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn ending(d: &Debrief, session: &Session) -> Markup {
    match &d.ending {
        Some(e) => {
            let class = match e.kind {
                EndingKind::Repaired => "ending repaired",
                EndingKind::PartiallyRepaired => "ending partial",
                EndingKind::BoundarySet => "ending boundary",
                EndingKind::Unresolved | EndingKind::ClientLeft => "ending unrepaired",
            };
            html! {
                div class=(class) {
                    span.tag { (e.kind.label()) }
                    h2 { (e.title) }
                    p { (e.summary) }
                }
            }
        }
        None => html! {
            div.ending {
                span.tag { "unfinished" }
                h2 { "The session stopped after " (session.turns().len()) " " (if session.turns().len() == 1 { "turn" } else { "turns" }) }
                p { "It can be carried on with `attune resume` or from the app; this page shows the turns so far." }
            }
        },
    }
}

const SAGE: &str = "#4f7f5f";
const CLAY: &str = "#b0603f";
const GOLD: &str = "#b7791f";
const FAINT: &str = "#c9ced8";

/// One pair of bars per turn (attunement, and ownership where it was at
/// stake), with the turn's number and its mark below.
fn chart(p: &Profile) -> Markup {
    let n = p.turns.len().max(1);
    let slot = 64.0_f64;
    let (left, top, h) = (30.0, 10.0, 150.0);
    let width = left + slot * n as f64 + 10.0;
    let y = |v: u8| top + h - h * f64::from(v.clamp(1, 5)) / 5.0;
    let repairs: Vec<usize> = p.repairs.iter().map(|r| r.repair).collect();
    html! {
        svg width="100%" style=(format!("max-width: {}px", width.max(360.0))) viewBox=(format!("0 0 {width} {}", top + h + 46.0)) role="img" aria-label="Attunement and ownership at each turn" {
            @for v in 1..=5u8 {
                line x1=(left) x2=(width - 10.0) y1=(y(v)) y2=(y(v)) stroke="#e3e6ec" {}
                text x=(left - 8.0) y=(y(v) + 4.0) font-size="12" text-anchor="end" fill="#5b6475" { (v) }
            }
            @for (i, t) in p.turns.iter().enumerate() {
                @let x = left + slot * i as f64 + 12.0;
                @let repair = repairs.contains(&t.turn);
                @if repair {
                    rect x=(x - 6.0) y=(top) width=(slot - 12.0) height=(h) fill="#fdf3dc" {}
                }
                rect x=(x) y=(y(t.attunement)) width="18" height=(top + h - y(t.attunement)) rx="2" fill=(SAGE) {}
                @match t.ownership {
                    Some(o) => { rect x=(x + 21.0) y=(y(o)) width="18" height=(top + h - y(o)) rx="2" fill=(CLAY) {} },
                    None => { rect x=(x + 21.0) y=(top + h - 5.0) width="18" height="5" rx="1" fill=(FAINT) {} },
                }
                text x=(x + 20.0) y=(top + h + 18.0) font-size="13" font-weight="bold" text-anchor="middle" fill="#1d2330" { (t.turn) }
                text x=(x + 20.0) y=(top + h + 34.0) font-size="11" text-anchor="middle" fill=(if repair { GOLD } else { "#5b6475" }) {
                    @if repair { "repair" } @else if t.silent { "silence" } @else if t.rupture { "strain" }
                }
            }
        }
        div.legend.note {
            span { i style=(format!("background: {SAGE}")) {} "attunement" }
            span { i style=(format!("background: {CLAY}")) {} "ownership" }
            span { i style=(format!("background: {FAINT}")) {} "ownership not at stake" }
            span { i style="background: #fdf3dc; border: 1px solid #b7791f" {} "a repair: a later turn owned an earlier misstep" }
            br;
            span { b { "strain" } " – " (STRAIN_MEANS.trim_start_matches("strain: ")) }
        }
    }
}

/// What an option says, from the scenario: its words, or nothing for a
/// silence.
fn says<'a>(scenario: &'a Scenario, node: &str, option: &str) -> Option<&'a str> {
    let Node::Turn(t) = scenario.node(scenario.node_index(node)?) else {
        return None;
    };
    t.options
        .iter()
        .find(|c| c.id == option)
        .map(|c| c.says.as_str())
        .filter(|s| !s.trim().is_empty())
}

fn option(o: &OptionView, node: &str, scenario: &Scenario) -> Markup {
    html! {
        @if let Some(words) = says(scenario, node, &o.id) {
            @if !o.silent { div.says { "\u{201c}" (words) "\u{201d}" } }
        }
        div.scores { (o.strategy) " · " (o.scores()) }
        div { (o.rationale) }
        @if let Some(c) = &o.concern {
            div.concern { (c.sentence()) }
        }
    }
}

fn turn(t: &TurnView, client: &str, scenario: &Scenario) -> Markup {
    let first = client.split_whitespace().next().unwrap_or(client);
    html! {
        div class=(if t.flag == Flag::Repair { "turn repair" } else { "turn" }) {
            div.head {
                b { "Turn " (t.number) }
                @if let Some(label) = t.flag.label() {
                    span class=(if t.flag == Flag::Repair { "tag repair" } else { "tag" }) { (label) }
                }
                @if let Some(m) = &t.marker {
                    span.tag.strain { "strain · rupture marker: " (m) }
                }
            }
            div.client { (first) ": \u{201c}" (t.line) "\u{201d}" }
            @if let Some(n) = &t.note {
                div.noticed { "You noticed in yourself: " (n) }
            }
            @if let Some(w) = &t.own_words {
                div.own-words { "In your own words: \u{201c}" (w) "\u{201d}" }
            }
            div.chose {
                b { "You chose: " (t.chose.label) }
                (option(&t.chose, &t.node, scenario))
            }
            @if !t.others.is_empty() {
                div.roads-title { "Roads not taken" }
                @for o in &t.others {
                    div.road {
                        b { (o.label) }
                        (option(o, &t.node, scenario))
                    }
                }
            }
        }
    }
}
