//! Lints over the scenarios checked together, for `attune check --strict`.
//!
//! [`check`] looks at every scenario that loaded in one run of `check`
//! (a library, or any set of files and folders) as a whole:
//!
//! - `label-predicts-score`: across two or more scenarios, the first word
//!   of [`LIBRARY_LABEL_GROUP`] or more options' labels (in at least two
//!   scenarios) predicts their score: at least three in four of them score
//!   high (attunement 4-5) and none low (1-2), or the other way round. The
//!   per-scenario lint `label-gives-score-away` catches the same pattern
//!   within one file, where it needs every option in one band.
//! - `best-play-always-repairs`: with [`LIBRARY_MIN`] or more scenarios,
//!   fewer than a quarter of them (rounded up) have best play
//!   ([`Policy::Best`], [`BEST_PLAY_RUNS`] sessions from seed
//!   [`BEST_PLAY_SEED`], as `attune sim ID --policy best` plays them) end
//!   short of repair in [`UNREPAIRED_PERCENT`]% or more of its sessions.
//!
//! It also writes notes: an advanced scenario whose best play always ends
//! repaired or partially repaired, and, for two or more scenarios, a table
//! of what best play does in each and how often an own option is the
//! best-ranked answer at rupture turns ([`OwnOptions`]).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::{Band, Cx, first_word, option_at};
use crate::diag::{Code, Diagnostic, LineIndex, sanitize};
use crate::format::{Difficulty, EndingKind};
use crate::model::{Node, Scenario};
use crate::sim::{OWN_OWNERSHIP, OwnOptions, Policy, SimOptions, simulate};
use crate::spans::Key;

/// How many options, across the scenarios checked, must start with one
/// word before the word can be a pattern a trainee learns across the
/// library.
pub const LIBRARY_LABEL_GROUP: usize = 5;

/// The share of a word's options (as a fraction) that must fall in one
/// extreme band, none in the other, for the word to predict the score.
pub const LABEL_SHARE: (usize, usize) = (3, 4);

/// How many options of a predictable word a finding names as examples.
const EXAMPLES: usize = 3;

/// Sessions of best play per scenario: `attune sim`'s default, so that
/// `attune sim ID --policy best` shows the same sessions.
pub const BEST_PLAY_RUNS: u64 = 1000;

/// The first session's seed for best play: `attune sim`'s default.
pub const BEST_PLAY_SEED: u64 = 0;

/// The share of best-play sessions, in percent, that must end short of
/// repair for a scenario to show that good work does not always repair.
pub const UNREPAIRED_PERCENT: u64 = 5;

/// The fewest scenarios checked together for the library's best-play rule
/// to apply: fewer are drafts, not a library.
pub const LIBRARY_MIN: usize = 4;

/// One scenario checked, and the file it came from.
#[derive(Debug, Clone, Copy)]
pub struct Member<'a> {
    pub scenario: &'a Scenario,
    pub path: &'a Path,
}

/// What [`check`] found.
#[derive(Debug, Default)]
pub struct LibraryCheck {
    /// Warnings, each located at an example where there is one.
    pub findings: Vec<Diagnostic>,
    /// Notes for standard error, without the `note: ` in front.
    pub notes: Vec<String>,
    /// Best play in each scenario, in the order given.
    pub best_play: Vec<BestPlay>,
}

/// Where best play ([`Policy::Best`]) ends in one scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BestPlay {
    pub runs: u64,
    pub repaired: u64,
    pub partially_repaired: u64,
    /// Sessions ending `Unresolved`, `BoundarySet` or `ClientLeft`.
    pub unrepaired: u64,
    /// Sessions stopped at the turn limit.
    pub unfinished: u64,
}

impl BestPlay {
    /// Play [`BEST_PLAY_RUNS`] sessions of best play from
    /// [`BEST_PLAY_SEED`].
    pub fn of(s: &Scenario) -> BestPlay {
        let opts = SimOptions::new(BEST_PLAY_RUNS, BEST_PLAY_SEED, Policy::Best);
        let report = simulate(&Arc::new(s.clone()), &opts);
        let mut play = BestPlay {
            runs: report.runs,
            unfinished: report.unfinished,
            ..BestPlay::default()
        };
        for e in &report.endings {
            match e.kind {
                EndingKind::Repaired => play.repaired += e.count,
                EndingKind::PartiallyRepaired => play.partially_repaired += e.count,
                EndingKind::Unresolved | EndingKind::BoundarySet | EndingKind::ClientLeft => {
                    play.unrepaired += e.count
                }
            }
        }
        play
    }

    /// Whether best play ends short of repair in [`UNREPAIRED_PERCENT`]%
    /// of sessions or more.
    pub fn meets_unrepaired(&self) -> bool {
        self.runs > 0 && self.unrepaired * 100 >= UNREPAIRED_PERCENT * self.runs
    }

    /// Whether every session ended repaired or partially repaired.
    pub fn always_repairs(&self) -> bool {
        self.unrepaired == 0 && self.unfinished == 0
    }

    fn share(&self, n: u64) -> f64 {
        if self.runs == 0 {
            0.0
        } else {
            n as f64 * 100.0 / self.runs as f64
        }
    }
}

/// The library lints and notes for `members`, the scenarios that loaded
/// in one `check --strict`, in the order they were checked.
pub fn check(members: &[Member]) -> LibraryCheck {
    let best_play: Vec<BestPlay> = members
        .par_iter()
        .map(|m| BestPlay::of(m.scenario))
        .collect();
    let mut findings = label_predicts_score(members);
    findings.extend(best_play_always_repairs(members, &best_play));
    let mut notes: Vec<String> = members
        .iter()
        .zip(&best_play)
        .filter(|(m, p)| m.scenario.difficulty == Difficulty::Advanced && p.always_repairs())
        .map(|(m, p)| {
            format!(
                "{}: an advanced scenario, yet best play (`attune sim {} --policy best`) \
                 ended repaired or partially repaired in all {} sessions; some ruptures \
                 cannot be repaired in the room whatever the therapist does",
                sanitize(&m.path.display().to_string()),
                m.scenario.id,
                p.runs
            )
        })
        .collect();
    if members.len() >= 2 {
        notes.push(figures(members, &best_play));
    }
    LibraryCheck {
        findings,
        notes,
        best_play,
    }
}

/// An option of a scenario checked: member, node and option index.
type At = (usize, usize, usize);

fn label_predicts_score(members: &[Member]) -> Vec<Diagnostic> {
    if members.len() < 2 {
        return Vec::new();
    }
    let cxs: Vec<Cx> = members
        .iter()
        .map(|m| Cx::new(m.scenario, m.path, m.scenario.source()))
        .collect();
    let option = |(m, i, j): At| match members[m].scenario.node(i) {
        Node::Turn(t) => &t.options[j],
        Node::Ending(_) => unreachable!("only turns are grouped"),
    };
    // First word -> every option starting with it, in the order checked.
    let mut groups: BTreeMap<String, Vec<At>> = BTreeMap::new();
    for (m, member) in members.iter().enumerate() {
        for (i, node) in member.scenario.nodes.iter().enumerate() {
            let Node::Turn(t) = node else { continue };
            for (j, o) in t.options.iter().enumerate() {
                if let Some(w) = first_word(&o.label) {
                    groups.entry(w).or_default().push((m, i, j));
                }
            }
        }
    }
    let mut found: Vec<(At, Diagnostic)> = Vec::new();
    for all in groups.values() {
        let n = all.len();
        if n < LIBRARY_LABEL_GROUP {
            continue;
        }
        let mut scenarios: Vec<usize> = all.iter().map(|&(m, _, _)| m).collect();
        scenarios.dedup();
        if scenarios.len() < 2 {
            continue;
        }
        let count = |band: Band| {
            all.iter()
                .filter(|&&at| Band::of(option(at).attunement) == band)
                .count()
        };
        let (high, mid, low) = (count(Band::High), count(Band::Mid), count(Band::Low));
        let (num, den) = LABEL_SHARE;
        let band = if low == 0 && high * den >= num * n {
            Band::High
        } else if high == 0 && low * den >= num * n {
            Band::Low
        } else {
            continue;
        };
        let examples: Vec<At> = all
            .iter()
            .copied()
            .filter(|&at| Band::of(option(at).attunement) == band)
            .collect();
        let label_of = |(m, i, j): At| {
            let mut at = option_at(i, j).to_vec();
            at.push(Key::Field("label"));
            let cx = &cxs[m];
            cx.warn(Code::LabelPredictsScore, &at, String::new(), "")
                .locate(cx.source, &LineIndex::new(cx.source))
        };
        let named: Vec<String> = examples
            .iter()
            .take(EXAMPLES)
            .map(|&at| {
                let (m, i, _) = at;
                let line = label_of(at)
                    .location
                    .map_or(String::new(), |l| format!(":{}", l.line));
                format!(
                    "`{}/{}` ({}{line})",
                    members[m].scenario.node(i).id(),
                    option(at).id,
                    members[m].path.display()
                )
            })
            .collect();
        let more = examples.len().saturating_sub(EXAMPLES);
        let first = examples[0];
        let word = super::first_word_as_written(&option(first).label).to_owned();
        let (what, counts) = match band {
            Band::High if high == n => (
                "a good answer",
                "all score high (attunement 4-5)".to_owned(),
            ),
            Band::High => (
                "a good answer",
                format!("{high} score high (attunement 4-5), {mid} score 3 and none low (1-2)"),
            ),
            _ if low == n => ("a misstep", "all score low (attunement 1-2)".to_owned()),
            _ => (
                "a misstep",
                format!("{low} score low (attunement 1-2), {mid} score 3 and none high (4-5)"),
            ),
        };
        let message = format!(
            "{n} options in {} of the {} scenarios checked have a label starting with \
             \"{word}\": {counts}, so the word predicts {what}; for example {}{}",
            scenarios.len(),
            members.len(),
            and_list(&named),
            if more > 0 {
                format!(" (and {more} more)")
            } else {
                String::new()
            }
        );
        let (m, i, j) = first;
        let mut at = option_at(i, j).to_vec();
        at.push(Key::Field("label"));
        let cx = &cxs[m];
        let d = cx
            .warn(
                Code::LabelPredictsScore,
                &at,
                message,
                "across a library a trainee learns the word, not the skill: word labels by \
                 what the move does at this moment, and let some of these moves come at the \
                 wrong time and score accordingly",
            )
            .locate(cx.source, &LineIndex::new(cx.source));
        found.push((first, d));
    }
    found.sort_by_key(|(at, _)| *at);
    found.into_iter().map(|(_, d)| d).collect()
}

fn best_play_always_repairs(members: &[Member], plays: &[BestPlay]) -> Vec<Diagnostic> {
    let n = members.len();
    if n < LIBRARY_MIN {
        return Vec::new();
    }
    let needed = n.div_ceil(4);
    let meeting: Vec<String> = members
        .iter()
        .zip(plays)
        .filter(|(_, p)| p.meets_unrepaired())
        .map(|(m, p)| format!("`{}` {:.1}%", m.scenario.id, p.share(p.unrepaired)))
        .collect();
    if meeting.len() >= needed {
        return Vec::new();
    }
    let which = if meeting.is_empty() {
        String::new()
    } else {
        format!(" ({})", meeting.join(", "))
    };
    let message = format!(
        "best play ends short of repair (unresolved, boundary set or client left) in \
         {UNREPAIRED_PERCENT}% or more of its sessions in {} of the {n} scenarios checked{which}; \
         at least {needed} (a quarter) should, or the library teaches that skilled work always \
         repairs",
        meeting.len()
    );
    vec![
        Diagnostic::warning(
            Code::BestPlayAlwaysRepairs,
            &common_folder(members),
            message,
        )
        .with_hint(Some(format!(
            "`attune sim ID --policy best` ({BEST_PLAY_RUNS} sessions from seed \
                 {BEST_PLAY_SEED}) shows where best play goes; let some well-handled paths \
                 still meet escalation, withdrawal or a client who leaves, as some ruptures \
                 cannot be repaired in the room (docs/clinical.md, Process, not outcome)"
        ))),
    ]
}

/// The folder all of `members` are in, else the first one's file.
fn common_folder(members: &[Member]) -> PathBuf {
    let Some(first) = members.first() else {
        return PathBuf::new();
    };
    let mut folder = first.path.parent().map(Path::to_path_buf);
    for m in &members[1..] {
        while let Some(f) = &folder {
            if m.path.starts_with(f) {
                break;
            }
            folder = f.parent().map(Path::to_path_buf);
        }
    }
    match folder {
        Some(f) if !f.as_os_str().is_empty() => f,
        Some(_) => PathBuf::from("."),
        None => first.path.to_path_buf(),
    }
}

/// The table of best play and own options per scenario, with the library's
/// totals.
fn figures(members: &[Member], plays: &[BestPlay]) -> String {
    let mut out = format!(
        "best play (`attune sim ID --policy best`, {BEST_PLAY_RUNS} sessions from seed \
         {BEST_PLAY_SEED}) and own options (ownership {OWN_OWNERSHIP}+) at rupture turns:\n"
    );
    let width = members
        .iter()
        .map(|m| m.scenario.id.chars().count())
        .max()
        .unwrap_or(0)
        .max("scenario".len());
    let _ = writeln!(
        out,
        "  {:<width$}  {:>12}  {:>9}  {:>8}  own option ranked best",
        "scenario", "not repaired", "partially", "repaired"
    );
    let mut total = OwnOptions::default();
    let mut best_at = 0;
    for (m, p) in members.iter().zip(plays) {
        let own = OwnOptions::of(m.scenario);
        let ranked = match own.percent() {
            Some(pct) => format!(
                "at {} of {} turns offering one ({pct:.0}%)",
                own.ranked_best.len(),
                own.offering
            ),
            None => "no rupture turn offers one".to_owned(),
        };
        let _ = writeln!(
            out,
            "  {:<width$}  {:>11.1}%  {:>8.1}%  {:>7.1}%  {ranked}",
            m.scenario.id,
            p.share(p.unrepaired),
            p.share(p.partially_repaired),
            p.share(p.repaired),
        );
        total.rupture_turns += own.rupture_turns;
        total.offering += own.offering;
        best_at += own.ranked_best.len();
    }
    let meeting = plays.iter().filter(|p| p.meets_unrepaired()).count();
    let _ = write!(
        out,
        "  best play ends short of repair in {UNREPAIRED_PERCENT}% or more of sessions in {meeting} \
         of {} scenarios; an own option is ranked best at {best_at} of the {} rupture turns \
         offering one{}",
        members.len(),
        total.offering,
        if total.offering > 0 {
            format!(" ({:.0}%)", best_at as f64 * 100.0 / total.offering as f64)
        } else {
            String::new()
        }
    );
    out
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_str;

    /// An option: label, attunement, ownership (`None` or a number), and
    /// where it leads.
    type Opt<'a> = (&'a str, u8, &'a str, &'a str);

    /// A scenario `id` of one rupture turn `a` with `options`, and the
    /// endings `good` (repaired) and `bad` (unresolved).
    fn scenario(id: &str, difficulty: &str, options: &[Opt]) -> String {
        let options: String = options
            .iter()
            .enumerate()
            .map(|(k, (label, att, own, next))| {
                format!(
                    "                (id: \"o{k}\", label: \"{label}\", says: \"S\", \
                     strategy: Reflect, attunement: {att}, ownership: {own}, \
                     rationale: \"R\", {next}),\n"
                )
            })
            .collect();
        format!(
            "Scenario(\n    format: 1,\n    id: \"{id}\",\n    title: \"T\",\n    premise: \"P\",\n    \
             difficulty: {difficulty},\n    ruptures: [Withdrawal],\n    client: (name: \"A\", \
             age: 30, background: \"B\", concern: \"C\"),\n    setting: \"S\",\n    start: \"a\",\n    \
             nodes: [\n        Client(\n            id: \"a\",\n            line: \"L\",\n            \
             affect: Flat,\n            marker: (kind: MinimalResponse, salience: 3),\n            \
             options: [\n{options}            ],\n        ),\n        Ending(id: \"good\", kind: \
             Repaired, title: \"T\", summary: \"S\"),\n        Ending(id: \"bad\", kind: \
             Unresolved, title: \"T\", summary: \"S\"),\n    ],\n)\n"
        )
    }

    const GOOD: &str = "next: \"good\"";

    fn load(id: &str, text: &str) -> (Scenario, PathBuf) {
        let path = PathBuf::from(format!("lib/{id}.ron"));
        let loaded = load_str(&path, text);
        let s = loaded
            .scenario
            .unwrap_or_else(|| panic!("{}", crate::diag::render(&loaded.diagnostics)));
        (s, path)
    }

    fn members(all: &[(Scenario, PathBuf)]) -> Vec<Member<'_>> {
        all.iter()
            .map(|(s, p)| Member {
                scenario: s,
                path: p,
            })
            .collect()
    }

    /// The label findings of scenarios with these labels and attunements
    /// (ownership not at stake, every option to `good`), as messages.
    fn label_findings(sets: &[&[(&str, u8)]]) -> Vec<String> {
        let all: Vec<(Scenario, PathBuf)> = sets
            .iter()
            .enumerate()
            .map(|(k, opts)| {
                let opts: Vec<Opt> = opts.iter().map(|&(l, a)| (l, a, "None", GOOD)).collect();
                let id = format!("s{k}");
                load(&id, &scenario(&id, "Beginner", &opts))
            })
            .collect();
        label_predicts_score(&members(&all))
            .into_iter()
            .map(|d| {
                assert_eq!(d.code, Code::LabelPredictsScore);
                d.message
            })
            .collect()
    }

    #[test]
    fn a_first_word_that_predicts_a_good_score_across_scenarios_is_named() {
        let found = label_findings(&[
            &[("Own it", 5), ("Own the slip", 4), ("Press on", 1)],
            &[("own: the delay", 5), ("Own the glance", 3), ("Press", 2)],
            &[("Own what you did", 4), ("Ask", 3)],
        ]);
        assert_eq!(
            found,
            [
                "5 options in 3 of the 3 scenarios checked have a label starting with \"Own\": \
              4 score high (attunement 4-5), 1 score 3 and none low (1-2), so the word predicts \
              a good answer; for example `a/o0` (lib/s0.ron:18), `a/o1` (lib/s0.ron:19) and \
              `a/o0` (lib/s1.ron:18) (and 1 more)"
            ]
        );
    }

    #[test]
    fn a_first_word_that_predicts_a_misstep_is_named() {
        let found = label_findings(&[
            &[("Explain why", 1), ("Explain it", 2), ("Ask", 4)],
            &[("Explain", 2), ("Explain again", 2), ("Ask", 5)],
            &[("Explain the plan", 1)],
        ]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with(
                "5 options in 3 of the 3 scenarios checked have a label starting with \
                 \"Explain\": all score low (attunement 1-2), so the word predicts a misstep"
            ),
            "{}",
            found[0]
        );
    }

    #[test]
    fn a_word_that_is_sometimes_wrong_or_seldom_used_is_not_named() {
        // One low score among the high ones: the word does not predict.
        assert!(
            label_findings(&[
                &[("Own it", 5), ("Own the slip", 4), ("Own up", 2)],
                &[("Own", 5), ("Own that", 5), ("Own more", 5)],
            ])
            .is_empty()
        );
        // Four options are too few to learn from.
        assert!(
            label_findings(&[
                &[("Own it", 5), ("Own up", 4)],
                &[("Own", 5), ("Own that", 5)]
            ])
            .is_empty()
        );
        // Three in five high is under three in four.
        assert!(
            label_findings(&[
                &[("Own it", 5), ("Own the slip", 3), ("Own up", 3)],
                &[("Own", 5), ("Own that", 4)],
            ])
            .is_empty()
        );
        // All in one scenario: the per-scenario lint's business.
        assert!(
            label_findings(&[
                &[
                    ("Own a", 5),
                    ("Own b", 5),
                    ("Own c", 5),
                    ("Own d", 5),
                    ("Own e", 5)
                ],
                &[("Ask", 3)],
            ])
            .is_empty()
        );
        // One scenario alone is no library.
        assert!(
            label_findings(&[&[
                ("Own a", 5),
                ("Own b", 5),
                ("Own c", 4),
                ("Own d", 5),
                ("Own e", 5)
            ]])
            .is_empty()
        );
    }

    /// A scenario whose best answer ends badly in `bad` of 10 draws.
    fn best_play_ends_badly(id: &str, bad: u32, difficulty: &str) -> (Scenario, PathBuf) {
        let branch = if bad == 0 {
            GOOD.to_owned()
        } else {
            format!(
                "branch: [(to: \"good\", weight: {}), (to: \"bad\", weight: {bad})]",
                10 - bad
            )
        };
        let text = scenario(
            id,
            difficulty,
            &[
                ("Name your part", 5, "5", &branch),
                ("Press on", 1, "1", "next: \"bad\""),
            ],
        );
        load(id, &text)
    }

    #[test]
    fn best_play_counts_endings_short_of_repair() {
        let (s, _) = best_play_ends_badly("a", 1, "Beginner");
        let p = BestPlay::of(&s);
        assert_eq!(p.runs, BEST_PLAY_RUNS);
        assert_eq!(p.repaired + p.unrepaired, p.runs);
        assert!(p.unrepaired > 50 && p.unrepaired < 150, "{p:?}");
        assert!(p.meets_unrepaired() && !p.always_repairs());
        assert_eq!(p, BestPlay::of(&s), "seeded, so the same every time");
        let (s, _) = best_play_ends_badly("a", 0, "Beginner");
        let p = BestPlay::of(&s);
        assert_eq!((p.repaired, p.unrepaired), (BEST_PLAY_RUNS, 0));
        assert!(!p.meets_unrepaired() && p.always_repairs());
        // The bound is 5% exactly.
        let at = |unrepaired| BestPlay {
            runs: 1000,
            unrepaired,
            ..BestPlay::default()
        };
        assert!(at(50).meets_unrepaired() && !at(49).meets_unrepaired());
    }

    #[test]
    fn a_library_needs_a_quarter_of_its_scenarios_to_meet_an_unrepaired_ending() {
        let ids = ["a", "b", "c", "d", "e"];
        let lib = |bad: &[u32]| -> Vec<(Scenario, PathBuf)> {
            ids.iter()
                .zip(bad)
                .map(|(id, &b)| best_play_ends_badly(id, b, "Beginner"))
                .collect()
        };
        // Five copies of one scenario also repeat its labels: only the
        // best-play finding is looked at here.
        let found = |all: &[(Scenario, PathBuf)]| -> Vec<Diagnostic> {
            check(&members(all))
                .findings
                .into_iter()
                .filter(|d| d.code == Code::BestPlayAlwaysRepairs)
                .collect()
        };
        // Three scenarios are not a library: nothing to say.
        assert!(found(&lib(&[0, 0, 0])).is_empty());
        // Four, none meeting it: one is needed.
        let four = found(&lib(&[0, 0, 0, 0]));
        assert_eq!(four.len(), 1, "{four:#?}");
        assert_eq!(four[0].code, Code::BestPlayAlwaysRepairs);
        assert_eq!(four[0].path, Path::new("lib"));
        assert_eq!(
            four[0].message,
            "best play ends short of repair (unresolved, boundary set or client left) in 5% or \
             more of its sessions in 0 of the 4 scenarios checked; at least 1 (a quarter) \
             should, or the library teaches that skilled work always repairs"
        );
        assert!(found(&lib(&[0, 0, 2, 0])).is_empty());
        // Five need two.
        let five = found(&lib(&[0, 0, 2, 0, 0]));
        assert_eq!(five.len(), 1);
        assert!(
            five[0]
                .message
                .contains("in 1 of the 5 scenarios checked (`c` 19.2%)")
                && five[0].message.contains("at least 2 (a quarter)"),
            "{}",
            five[0].message
        );
        assert!(found(&lib(&[0, 3, 2, 0, 0])).is_empty());
    }

    #[test]
    fn an_advanced_scenario_whose_best_play_always_repairs_gets_a_note() {
        let all = [best_play_ends_badly("hard", 0, "Advanced")];
        let notes = check(&members(&all)).notes;
        assert_eq!(
            notes,
            [
                "lib/hard.ron: an advanced scenario, yet best play (`attune sim hard --policy \
              best`) ended repaired or partially repaired in all 1000 sessions; some ruptures \
              cannot be repaired in the room whatever the therapist does"
            ]
        );
        // Not for an easier one, nor when best play can end badly.
        assert!(
            check(&members(&[best_play_ends_badly("easy", 0, "Intermediate")]))
                .notes
                .is_empty()
        );
        assert!(
            check(&members(&[best_play_ends_badly("hard", 1, "Advanced")]))
                .notes
                .is_empty()
        );
    }

    #[test]
    fn two_scenarios_or_more_get_the_table_of_figures() {
        let all = [
            best_play_ends_badly("one", 0, "Beginner"),
            best_play_ends_badly("two", 1, "Beginner"),
        ];
        let notes = check(&members(&all)).notes;
        assert_eq!(notes.len(), 1, "{notes:?}");
        let lines: Vec<&str> = notes[0].lines().collect();
        assert_eq!(lines.len(), 5, "{}", notes[0]);
        assert_eq!(
            lines[2],
            "  one               0.0%       0.0%    100.0%  at 1 of 1 turns offering one (100%)"
        );
        assert!(lines[3].starts_with("  two   "), "{}", lines[3]);
        assert!(
            lines[4].ends_with(
                "in 1 of 2 scenarios; an own option is ranked best at 2 of the 2 rupture turns \
                 offering one (100%)"
            ),
            "{}",
            lines[4]
        );
    }

    #[test]
    fn the_common_folder_of_the_files() {
        let at = |paths: &[&str]| {
            let all: Vec<(Scenario, PathBuf)> = paths
                .iter()
                .map(|p| {
                    let (s, _) = best_play_ends_badly("x", 0, "Beginner");
                    (s, PathBuf::from(p))
                })
                .collect();
            common_folder(&members(&all))
        };
        assert_eq!(at(&["lib/a.ron", "lib/b.ron"]), Path::new("lib"));
        assert_eq!(at(&["lib/x/a.ron", "lib/y/b.ron"]), Path::new("lib"));
        assert_eq!(at(&["a.ron", "b.ron"]), Path::new("."));
        assert_eq!(at(&["/a/b.ron", "/c/d.ron"]), Path::new("/"));
    }
}
