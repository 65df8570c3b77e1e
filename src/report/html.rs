//! The cohort report as one self-contained HTML file: inline CSS and
//! inline SVG charts, no scripts, nothing fetched from the network, so it
//! works offline, from a learning platform's upload, on a projector and on
//! paper. Every piece of author and trainee text goes through maud's
//! escaping.

use std::collections::{BTreeMap, HashMap, VecDeque};

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::{NodeRow, PositionRow, Report, ScenarioReport, Spread};

pub(crate) const STYLE: &str = r#"
:root { --ink: #1d2330; --soft: #5b6475; --line: #d9dde5; --att: #2b6cb0; --own: #b7791f; --bg: #f7f8fa; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff;
       margin: 0 auto; max-width: 1180px; padding: 28px 32px 60px; font-size: 17px; line-height: 1.45; }
h1 { font-size: 30px; margin: 0 0 4px; }
h2 { font-size: 25px; margin: 44px 0 6px; padding-top: 14px; border-top: 3px solid var(--ink); }
h3 { font-size: 19px; margin: 26px 0 8px; }
.lead { color: var(--soft); margin: 0 0 10px; }
.privacy { background: var(--bg); border-left: 4px solid var(--soft); padding: 8px 14px; margin: 14px 0; font-size: 15px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 14px 0; }
.card { background: var(--bg); border-radius: 8px; padding: 10px 16px; min-width: 150px; }
.card b { display: block; font-size: 26px; }
.card span { color: var(--soft); font-size: 14px; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 22px; }
.node { border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin: 12px 0; break-inside: avoid; }
.node .line { font-size: 19px; margin: 4px 0 10px; }
.node .meta { color: var(--soft); font-size: 14px; }
table { border-collapse: collapse; width: 100%; font-size: 15px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
.opt-label { font-weight: 600; }
.rationale { color: var(--soft); font-size: 14px; }
.concern { color: #8c1c1c; font-size: 14px; font-weight: 600; }
.bar { display: inline-block; height: 14px; background: var(--att); border-radius: 3px; vertical-align: middle; }
.most td { background: #eef4fb; }
.kind { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 13px; color: #1d2330; }
.legend span { margin-right: 16px; font-size: 14px; }
.legend i { display: inline-block; width: 22px; height: 4px; vertical-align: middle; margin-right: 6px; }
svg text { font-family: inherit; }
.note { color: var(--soft); font-size: 14px; }
@media print {
  body { max-width: none; padding: 0; font-size: 12pt; }
  h2 { break-before: page; }
  .node, svg, table { break-inside: avoid; }
}
"#;

/// The report as one HTML document.
pub fn render(r: &Report) -> String {
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "Attune cohort report" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                h1 { "Cohort report" }
                p.lead {
                    (r.sessions) " " (plural(r.sessions, "session", "sessions")) " of "
                    (r.scenarios.len()) " " (plural(r.scenarios.len(), "scenario", "scenarios"))
                    ". Scores describe the process of each session, not the trainee."
                }
                div.privacy {
                    @if r.names {
                        "Trainees are shown by name. "
                    } @else {
                        "Trainees are anonymised as Trainee A, B, ... in an order that does not follow their names or files. "
                    }
                    @if r.notes {
                        "Check-in notes, learning goals and words typed in say-first practice are included: they are the trainees' own words; share this report with care."
                    } @else {
                        "Check-in notes, learning goals and words typed in say-first practice are the trainees' own words and are not included."
                    }
                }
                @for s in &r.scenarios {
                    (scenario(s, r.notes))
                }
                @if !r.left_out.is_empty() {
                    h2 { "Left out" }
                    p.lead { "These logs were read but no longer fit their scenario (it was edited since), or their scenario was not found. They are not counted above." }
                    table {
                        tr { th { "File" } th { "Trainee" } th { "Scenario" } th { "Why" } }
                        @for l in &r.left_out {
                            tr { td { (l.file) } td { (l.trainee) } td { (l.scenario) } td { (l.reason) } }
                        }
                    }
                }
                @if !r.unreadable.is_empty() {
                    h2 { "Not read" }
                    table {
                        tr { th { "File" } th { "Problem" } }
                        @for u in &r.unreadable {
                            tr { td { (u.file) } td { "[" (u.code) "] " (u.reason) } }
                        }
                    }
                }
            }
        }
    };
    page.into_string()
}

fn scenario(s: &ScenarioReport, notes: bool) -> Markup {
    html! {
        section {
            h2 { (s.title) }
            p.lead { "With " (s.client) " · scenario " code { (s.id) } }
            div.cards {
                div.card { b { (s.sessions) } span { "sessions" } }
                div.card { b { (s.finished) } span { "finished (" (s.unfinished) " unfinished)" } }
                div.card { b { (s.turns.median) } span { "median turns (" (s.turns.min) "–" (s.turns.max) ")" } }
                div.card { b { (s.repaired) " of " (s.missteps) } span { "missteps later repaired" } }
                div.card { b { (s.silences) } span { "silences chosen" } }
            }
            div.grid {
                div {
                    h3 { "How the sessions ended" }
                    (endings_chart(s))
                }
                div {
                    h3 { "How hard it felt (self-rated, 0–10)" }
                    @if s.rated == 0 {
                        p.note { "No session was rated." }
                    } @else {
                        (ratings_chart(&s.ratings))
                        p.note { (s.rated) " of " (s.sessions) " sessions rated." }
                    }
                }
            }
            h3 { "Attunement and ownership, turn by turn" }
            (profile_chart(&s.by_turn))
            h3 { "Paths through the scenario" }
            p.note { "Each arrow is an option; its width is how many sessions took it. Grey dashed arrows were never taken." }
            (path_map(s))
            h3 { "What was chosen at each client turn" }
            @for n in &s.nodes {
                (node(n, s.sessions))
            }
            h3 { "Sessions" }
            table {
                tr {
                    th { "Trainee" } th { "Ending" } th.num { "Turns" } th.num { "Attunement" }
                    th.num { "Ownership" } th.num { "Missteps (repaired)" } th.num { "Rated" }
                }
                @for t in &s.trainees {
                    tr {
                        td { (t.trainee) }
                        td {
                            @match (&t.ending, &t.ending_kind) {
                                (Some(title), Some(kind)) => { (title) " " span.note { "(" (kind) ")" } },
                                _ => { span.note { "unfinished" } },
                            }
                        }
                        td.num { (t.turns) }
                        td.num { (score(t.attunement)) }
                        td.num { (score(t.ownership)) }
                        td.num { (t.missteps) " (" (t.repaired) ")" }
                        td.num { @if let Some(r) = t.rating { (r) } @else { "–" } }
                    }
                    @if notes && (t.goal.is_some() || !t.notes.is_empty() || !t.own_words.is_empty()) {
                        tr {
                            td {}
                            td colspan="6" class="rationale" {
                                @if let Some(g) = &t.goal { "Goal: " (g) br; }
                                @for (turn, note) in &t.notes { "Turn " (turn) ", noticed: " (note) br; }
                                @for w in &t.own_words {
                                    "Turn " (w.turn) ", in their own words: \u{201c}" (w.words) "\u{201d}, then chose: " (w.chose) br;
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn node(n: &NodeRow, sessions: usize) -> Markup {
    let total: usize = n.options.iter().map(|o| o.chosen).sum();
    let most = n.options.iter().map(|o| o.chosen).max().unwrap_or(0);
    html! {
        div.node {
            div.meta {
                code { (n.id) }
                " · reached in " (n.reached) " of " (sessions) " sessions"
                @if let Some(m) = &n.marker { " · rupture marker: " (m) }
                @if let Some(a) = n.attunement { " · attunement here " (format!("{:.1}", a.mean)) }
            }
            div.line { "“" (n.line) "”" }
            table {
                tr { th.num { "Chosen" } th { "" } th { "Option" } th.num { "Att." } th.num { "Own." } }
                @for o in &n.options {
                    tr class=[(most > 0 && o.chosen == most).then_some("most")] {
                        td.num { (o.chosen) }
                        td style="width: 160px" {
                            @if total > 0 {
                                span.bar style=(format!("width: {}px", 4 + o.chosen * 150 / total.max(1))) {}
                            }
                        }
                        td {
                            span.opt-label { (o.label) }
                            span.note { " · " (o.strategy) }
                            br;
                            span.rationale { (o.rationale) }
                            @if let Some(c) = &o.concern { br; span.concern { (c) } }
                        }
                        td.num { (o.attunement) }
                        td.num { @if let Some(v) = o.ownership { (v) } @else { "–" } }
                    }
                }
            }
        }
    }
}

fn endings_chart(s: &ScenarioReport) -> Markup {
    let row = 46;
    let height = s.endings.len() * row + 6;
    let max = s.endings.iter().map(|e| e.count).max().unwrap_or(0).max(1);
    html! {
        svg width="100%" viewBox=(format!("0 0 560 {height}")) role="img" aria-label="Endings reached" {
            @for (i, e) in s.endings.iter().enumerate() {
                @let y = i * row + 4;
                @let w = e.count * 200 / max;
                text x="0" y=(y + 17) font-size="15" { (clip(&e.title, 30)) }
                text x="0" y=(y + 35) font-size="12" fill="#5b6475" { (e.kind) }
                rect x="250" y=(y + 6) width=(w.max(2)) height="24" rx="3" fill=(e.colour) stroke="#8a93a3" stroke-width="0.5" {}
                text x=(258 + w) y=(y + 23) font-size="15" {
                    (e.count) " (" (format!("{:.0}", e.share * 100.0)) "%)"
                }
            }
        }
    }
}

fn ratings_chart(ratings: &[usize]) -> Markup {
    let max = ratings.iter().copied().max().unwrap_or(0).max(1);
    html! {
        svg width="100%" viewBox="0 0 440 170" role="img" aria-label="Difficulty ratings" {
            @for (r, n) in ratings.iter().enumerate() {
                @let h = n * 120 / max;
                @let x = 10 + r * 38;
                rect x=(x) y=(135 - h) width="30" height=(h) rx="2" fill="#8da2c0" {}
                @if *n > 0 { text x=(x + 15) y=(130 - h) font-size="13" text-anchor="middle" { (n) } }
                text x=(x + 15) y="155" font-size="13" text-anchor="middle" fill="#5b6475" { (r) }
            }
        }
    }
}

/// Mean attunement and ownership at each turn position, with the range
/// from lowest to highest as a band.
fn profile_chart(rows: &[PositionRow]) -> Markup {
    let width = 1100.0;
    let (left, right, top, bottom) = (50.0, 20.0, 14.0, 40.0);
    let height = 260.0;
    let n = rows.len().max(2);
    let x = |i: usize| left + (width - left - right) * i as f64 / (n - 1) as f64;
    let y = |v: f64| top + (height - top - bottom) * (5.0 - v) / 4.0;
    let series = |pick: fn(&PositionRow) -> Option<Spread>| -> (String, String) {
        let pts: Vec<(usize, Spread)> = rows
            .iter()
            .enumerate()
            .filter_map(|(i, r)| pick(r).map(|s| (i, s)))
            .collect();
        let line = pts
            .iter()
            .map(|(i, s)| format!("{:.1},{:.1}", x(*i), y(s.mean)))
            .collect::<Vec<_>>()
            .join(" ");
        let band = pts
            .iter()
            .map(|(i, s)| format!("{:.1},{:.1}", x(*i), y(f64::from(s.max))))
            .chain(
                pts.iter()
                    .rev()
                    .map(|(i, s)| format!("{:.1},{:.1}", x(*i), y(f64::from(s.min)))),
            )
            .collect::<Vec<_>>()
            .join(" ");
        (line, band)
    };
    let (att_line, att_band) = series(|r| r.attunement);
    let (own_line, own_band) = series(|r| r.ownership);
    html! {
        div.legend {
            span { i style="background: var(--att)" {} "attunement (mean; band: lowest to highest)" }
            span { i style="background: var(--own)" {} "ownership, where it was at stake" }
        }
        svg width="100%" viewBox=(format!("0 0 {width} {height}")) role="img" aria-label="Attunement and ownership by turn" {
            @for v in 1..=5 {
                line x1=(left) x2=(width - right) y1=(y(f64::from(v))) y2=(y(f64::from(v))) stroke="#e3e6ec" {}
                text x=(left - 12.0) y=(y(f64::from(v)) + 5.0) font-size="14" text-anchor="end" fill="#5b6475" { (v) }
            }
            polygon points=(att_band) fill="#2b6cb0" fill-opacity="0.12" {}
            polygon points=(own_band) fill="#b7791f" fill-opacity="0.12" {}
            polyline points=(att_line) fill="none" stroke="#2b6cb0" stroke-width="3" {}
            polyline points=(own_line) fill="none" stroke="#b7791f" stroke-width="3" stroke-dasharray="8 5" {}
            @for (i, r) in rows.iter().enumerate() {
                text x=(x(i)) y=(height - 18.0) font-size="13" text-anchor="middle" fill="#5b6475" { (r.turn) }
                text x=(x(i)) y=(height - 3.0) font-size="11" text-anchor="middle" fill="#8a93a3" { "n=" (r.sessions) }
            }
        }
    }
}

/// The scenario's graph, laid out in rows by distance from the start, with
/// every option's arrow as wide as the number of sessions that took it.
fn path_map(s: &ScenarioReport) -> Markup {
    // Distance from the start along the scenario's arrows.
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for p in &s.paths {
        next.entry(p.from.as_str()).or_default().push(p.to.as_str());
    }
    let mut depth: HashMap<&str, usize> = HashMap::new();
    let mut queue = VecDeque::from([(s.start.as_str(), 0usize)]);
    while let Some((n, d)) = queue.pop_front() {
        if depth.contains_key(n) {
            continue;
        }
        depth.insert(n, d);
        for to in next.get(n).into_iter().flatten() {
            queue.push_back((to, d + 1));
        }
    }
    // Node order: turns in file order, then endings in file order.
    let order: Vec<&str> = s
        .nodes
        .iter()
        .map(|n| n.id.as_str())
        .chain(s.endings.iter().map(|e| e.id.as_str()))
        .filter(|id| depth.contains_key(id))
        .collect();
    let rows = depth.values().copied().max().unwrap_or(0) + 1;
    let mut per_row: Vec<Vec<&str>> = vec![Vec::new(); rows];
    for id in &order {
        per_row[depth[id]].push(id);
    }
    let width = 1100.0;
    let (box_h, row_h) = (34.0, 96.0);
    let height = rows as f64 * row_h + 10.0;
    let mut pos: HashMap<&str, (f64, f64, f64)> = HashMap::new();
    for (r, ids) in per_row.iter().enumerate() {
        let slot = width / ids.len() as f64;
        let box_w = (slot - 16.0).min(190.0);
        for (i, id) in ids.iter().enumerate() {
            let cx = slot * (i as f64 + 0.5);
            pos.insert(id, (cx, 10.0 + r as f64 * row_h, box_w));
        }
    }
    let max = s.paths.iter().map(|p| p.count).max().unwrap_or(0).max(1);
    let colour: HashMap<&str, &str> = s
        .endings
        .iter()
        .map(|e| (e.id.as_str(), e.colour))
        .collect();
    // Merge options between the same two nodes into one arrow.
    let mut arrows: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for p in &s.paths {
        *arrows.entry((p.from.as_str(), p.to.as_str())).or_default() += p.count;
    }
    html! {
        svg width="100%" viewBox=(format!("0 0 {width} {height}")) role="img" aria-label="Paths taken through the scenario" {
            defs {
                marker id=(format!("arrow-{}", s.id)) viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="12" markerHeight="12" orient="auto-start-reverse" {
                    path d="M 0 0 L 10 5 L 0 10 z" fill="#4a5568" {}
                }
            }
            @for ((from, to), count) in &arrows {
                @if let (Some(a), Some(b)) = (pos.get(from), pos.get(to)) {
                    @let (x1, y1) = (a.0, a.1 + box_h);
                    @let (x2, y2) = (b.0, b.1);
                    @let back = b.1 <= a.1;
                    @let d = if back {
                        format!("M {:.1} {:.1} C {:.1} {:.1}, {:.1} {:.1}, {:.1} {:.1}", a.0 + a.2 / 2.0, a.1 + box_h / 2.0, a.0 + a.2 / 2.0 + 60.0, a.1 + 40.0, b.0 + b.2 / 2.0 + 60.0, b.1 - 20.0, b.0 + b.2 / 2.0, b.1 + box_h / 2.0)
                    } else {
                        format!("M {x1:.1} {y1:.1} C {x1:.1} {:.1}, {x2:.1} {:.1}, {x2:.1} {y2:.1}", y1 + 30.0, y2 - 30.0)
                    };
                    @if *count == 0 {
                        path d=(d) fill="none" stroke="#b8bfcc" stroke-width="1.2" stroke-dasharray="4 4" {}
                    } @else {
                        path d=(d) fill="none" stroke="#4a5568" stroke-opacity="0.75"
                            stroke-width=(format!("{:.1}", 1.5 + 9.0 * *count as f64 / max as f64))
                            marker-end=(format!("url(#arrow-{})", s.id)) {}
                        text x=(format!("{:.1}", (x1 + x2) / 2.0 + 6.0)) y=(format!("{:.1}", (y1 + y2) / 2.0 + 4.0)) font-size="13" fill="#1d2330" { (count) }
                    }
                }
            }
            @for id in &order {
                @let (cx, y, w) = pos[id];
                @let fill = colour.get(id).copied().unwrap_or("#ffffff");
                @let rx = if colour.contains_key(id) { "17" } else { "4" };
                rect x=(format!("{:.1}", cx - w / 2.0)) y=(y) width=(format!("{w:.1}")) height=(box_h) rx=(rx) fill=(fill) stroke="#4a5568" {}
                text x=(format!("{cx:.1}")) y=(y + 22.0) font-size="13" text-anchor="middle" { (clip(id, (w / 7.5) as usize)) }
            }
        }
    }
}

fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let cut: String = s.chars().take(max.saturating_sub(1)).collect();
    format!("{cut}…")
}

fn score(v: Option<f32>) -> String {
    v.map_or_else(|| "–".to_owned(), |x| format!("{x:.1}"))
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}
