//! The debrief as data: one model that the terminal player, the app's
//! debrief screen and the cohort report render, so they say the same things.
//!
//! A [`Debrief`] is built from a session (live or replayed from a log): how
//! it ended, the learning goal, the profile, what stood out (in a
//! supervisor's voice, from [`crate::scoring::feedback`] plus what only the
//! whole session shows: the trainee's own check-in notes, and an outcome
//! that is not a verdict), and every answered turn with the option chosen,
//! its rationale, a repair or misstep flag, and the roads not taken.

use serde::Serialize;

use crate::engine::{Session, apply_effects, is_offered};
use crate::format::EndingKind;
use crate::model::{Choice, Node};
use crate::scoring::{Profile, feedback};

/// Everything a debrief shows.
#[derive(Debug, Clone, Serialize)]
pub struct Debrief {
    pub title: String,
    pub client: String,
    pub ending: Option<EndingView>,
    /// The trainee's learning goal, if they gave one.
    pub goal: Option<String>,
    pub profile: Profile,
    /// What stood out, one paragraph each.
    pub observations: Vec<String>,
    pub turns: Vec<TurnView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EndingView {
    pub id: String,
    pub title: String,
    pub kind: EndingKind,
    pub summary: String,
    /// What a fuller repair would have needed, as the scenario's author
    /// wrote it for this ending.
    pub fuller_repair: Option<String>,
}

/// One answered turn.
#[derive(Debug, Clone, Serialize)]
pub struct TurnView {
    pub number: usize,
    pub node: String,
    pub line: String,
    /// "minimal response (salience 3)".
    pub marker: Option<String>,
    /// The marker is one of confrontation (the client moved against you).
    pub confrontation: bool,
    /// What the trainee noticed in themselves before answering.
    pub note: Option<String>,
    /// What the trainee would say, in their own words, before seeing the
    /// options (say-first practice).
    pub own_words: Option<String>,
    pub chose: OptionView,
    pub flag: Flag,
    pub others: Vec<OptionView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OptionView {
    pub id: String,
    pub label: String,
    /// A silence rather than words.
    pub silent: bool,
    pub strategy: String,
    pub attunement: u8,
    pub ownership: Option<u8>,
    pub rationale: String,
    /// A matter the scores do not measure (scope, ethics, safety, risk).
    pub concern: Option<ConcernView>,
}

/// A concern an option raises, for the debrief.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConcernView {
    /// "scope", "ethics", "safety" or "risk".
    pub kind: String,
    pub note: String,
}

impl ConcernView {
    /// "A matter of scope: ..."
    pub fn sentence(&self) -> String {
        format!("A matter of {}: {}", self.kind, self.note)
    }
}

impl OptionView {
    fn of(c: &Choice) -> OptionView {
        OptionView {
            id: c.id.clone(),
            label: c.label.clone(),
            silent: c.kind == crate::format::OptionKind::Silence,
            strategy: c.strategy.label().to_owned(),
            attunement: c.attunement,
            ownership: c.ownership,
            rationale: c.rationale.clone(),
            concern: c.concern.as_ref().map(|k| ConcernView {
                kind: k.kind.label().to_owned(),
                note: k.note.clone(),
            }),
        }
    }

    /// "attunement 4, ownership not at stake"
    pub fn scores(&self) -> String {
        let own = self
            .ownership
            .map_or("not at stake".to_owned(), |o| o.to_string());
        format!("attunement {}, ownership {own}", self.attunement)
    }
}

/// What a turn was, in the arc of repair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Flag {
    None,
    /// A later turn owned an earlier misstep here.
    Repair,
    /// A misstep followed, later, by a turn that owned the trainee's part
    /// (not necessarily about this misstep).
    MisstepRepaired,
    /// A misstep not come back to.
    Misstep,
}

impl Flag {
    pub fn label(self) -> Option<&'static str> {
        match self {
            Flag::None => None,
            Flag::Repair => Some("a repair"),
            Flag::MisstepRepaired => Some("a misstep; you owned your part later"),
            Flag::Misstep => Some("a misstep"),
        }
    }
}

/// The anchors of the 0-10 "how hard was this" rating, the same everywhere.
pub const RATING_ANCHORS: &str = "0 = easy, 10 = very hard";

/// What the chart's "strain" mark means.
pub const STRAIN_MEANS: &str = "strain: the client showed a rupture marker at this turn (a sign the alliance was under strain)";

/// How many check-in notes the debrief comes back to by name.
const NOTES_RECALLED: usize = 3;

impl Debrief {
    /// The debrief of `session` as it stands (ended or not).
    pub fn of(session: &Session, goal: Option<&str>) -> Debrief {
        let s = session.scenario();
        let profile = session.profile();
        let ending = match session.current_node() {
            Node::Ending(e) => Some(EndingView {
                id: e.id.clone(),
                title: e.title.clone(),
                kind: e.kind,
                summary: e.summary.clone(),
                fuller_repair: e.fuller_repair.clone(),
            }),
            Node::Turn(_) => None,
        };
        // The client state on entering each turn, so that the roads not
        // taken are the options that were open there, not those a `when`
        // kept away.
        let mut state = s.initial.clone();
        let turns: Vec<TurnView> = session
            .turns()
            .iter()
            .zip(&profile.turns)
            .map(|(rec, score)| {
                let turn = rec.turn(s);
                let choice = &turn.options[rec.option];
                let others = turn
                    .options
                    .iter()
                    .filter(|c| c.id != choice.id && is_offered(c, &state))
                    .map(OptionView::of)
                    .collect();
                apply_effects(choice, &mut state);
                let flag = if profile.repairs.iter().any(|r| r.repair == score.turn) {
                    Flag::Repair
                } else if score.misstep && profile.repairs.iter().any(|r| r.misstep == score.turn) {
                    Flag::MisstepRepaired
                } else if score.misstep {
                    Flag::Misstep
                } else {
                    Flag::None
                };
                TurnView {
                    number: score.turn,
                    node: turn.id.clone(),
                    line: turn.line.clone(),
                    marker: turn
                        .marker
                        .as_ref()
                        .map(|m| format!("{} (salience {})", m.kind.label(), m.salience)),
                    confrontation: turn.marker.as_ref().is_some_and(|m| {
                        m.kind.rupture() == crate::format::RuptureKind::Confrontation
                    }),
                    note: rec.inner_note.clone(),
                    own_words: rec.own_words.clone(),
                    chose: OptionView::of(choice),
                    flag,
                    others,
                }
            })
            .collect();
        let mut observations = feedback(&profile);
        observations.extend(goal.and_then(|g| goal_in_the_turns(g, &turns)));
        observations.extend(recall_notes(&turns));
        observations.extend(recall_own_words(&turns));
        observations.extend(fuller_repair(&turns, ending.as_ref()));
        observations.extend(concerns(&turns));
        observations.extend(not_a_verdict(&profile, ending.as_ref()));
        Debrief {
            title: s.title.clone(),
            client: s.client.name.clone(),
            ending,
            goal: goal.map(str::to_owned),
            profile,
            observations,
            turns,
        }
    }

    /// The profile in sentences: attunement, ownership (or that it was
    /// never at stake), the moments of strain, the silences.
    pub fn profile_sentences(&self) -> Vec<String> {
        let p = &self.profile;
        let halves = |first: Option<f32>, second: Option<f32>| match (first, second) {
            (Some(a), Some(b)) => format!(" (first half {a:.1}, second half {b:.1})"),
            _ => String::new(),
        };
        let mut out = Vec::new();
        if let Some(m) = p.attunement.mean {
            out.push(format!(
                "Attunement {m:.1} on average{}.",
                halves(p.attunement.first_half, p.attunement.second_half)
            ));
        }
        out.push(match p.ownership.mean {
            Some(m) => format!(
                "Ownership {m:.1} on average where your own part was at stake{}.",
                halves(p.ownership.first_half, p.ownership.second_half)
            ),
            None => "Your own part was not at stake at any turn you answered, so there is no ownership score.".to_owned(),
        });
        out.push(match p.rupture_turns {
            0 => "No turn carried a rupture marker.".to_owned(),
            n => format!(
                "Moments of strain met with their relational meaning: {} of {n}.",
                p.markers_noticed
            ),
        });
        out.push(match p.silences {
            0 => "No silences chosen.".to_owned(),
            1 => "One silence chosen.".to_owned(),
            n => format!("{n} silences chosen."),
        });
        out
    }

    /// The sentence that brings the learning goal back, if there was one.
    pub fn goal_text(&self) -> Option<String> {
        self.goal
            .as_ref()
            .map(|g| format!("You came in wanting help with: {g}"))
    }
}

/// What a learning goal is about, read from its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Focus {
    Silence,
    Ownership,
    Criticism,
    Strain,
}

fn focus_of(goal: &str) -> Option<Focus> {
    let g = goal.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| g.contains(w));
    if has(&["silence", "silent", "pause", "quiet"]) {
        Some(Focus::Silence)
    } else if has(&["my part", "own", "apolog", "sorry", "mistake"]) {
        Some(Focus::Ownership)
    } else if has(&["critic", "anger", "angry", "hostil", "attack", "blame"]) {
        Some(Focus::Criticism)
    } else if has(&["rupture", "notic", "strain", "withdraw"]) {
        Some(Focus::Strain)
    } else {
        None
    }
}

/// "1", "1 and 4", "1, 3 and 4".
fn turn_list(turns: &[usize]) -> String {
    let words: Vec<String> = turns.iter().map(usize::to_string).collect();
    match words.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// The learning goal tied to the turns where it came up, when its words
/// say what it is about (the goals the app suggests all do).
fn goal_in_the_turns(goal: &str, turns: &[TurnView]) -> Option<String> {
    let focus = focus_of(goal)?;
    let at = |keep: &dyn Fn(&TurnView) -> bool| -> Vec<&TurnView> {
        turns.iter().filter(|t| keep(t)).collect()
    };
    let numbers = |ts: &[&TurnView]| turn_list(&ts.iter().map(|t| t.number).collect::<Vec<_>>());
    let said = match focus {
        Focus::Silence => {
            let open = at(&|t| t.chose.silent || t.others.iter().any(|o| o.silent));
            if open.is_empty() {
                return Some(format!(
                    "Your goal ({goal}) did not come up directly: no turn of this session offered a silence. Another seed or scenario will."
                ));
            }
            let chosen: Vec<&TurnView> = open.iter().copied().filter(|t| t.chose.silent).collect();
            let words = "read what the silence would have done there";
            let what = match (chosen.len(), open.len()) {
                (0, 1) => format!("you answered with words; {words}"),
                (0, _) => format!("you answered with words each time; {words}"),
                (1, 1) => "you chose the silence".to_owned(),
                (c, n) if c == n => "you chose the silence each time".to_owned(),
                _ => format!("you chose it at turn {}", numbers(&chosen)),
            };
            format!(
                "Your goal ({goal}) came up at turn {}, where staying silent was one of your options: {what}.",
                numbers(&open)
            )
        }
        Focus::Ownership => {
            let open = at(&|t| t.chose.ownership.is_some());
            if open.is_empty() {
                return Some(format!(
                    "Your goal ({goal}) did not come up directly: your own part was not at stake at any turn you answered."
                ));
            }
            let scores: Vec<String> = open
                .iter()
                .map(|t| format!("{} at turn {}", t.chose.ownership.unwrap_or(0), t.number))
                .collect();
            format!(
                "Your goal ({goal}) came up where your own part was at stake: ownership {}.",
                scores.join(", ")
            )
        }
        Focus::Criticism | Focus::Strain => {
            let open = if focus == Focus::Criticism {
                at(&|t| t.confrontation)
            } else {
                at(&|t| t.marker.is_some())
            };
            if open.is_empty() {
                return Some(format!(
                    "Your goal ({goal}) did not come up directly in the turns you answered."
                ));
            }
            let met = open.iter().filter(|t| t.chose.attunement >= 4).count();
            format!(
                "Your goal ({goal}) came up at turn {}: you met {met} of {} with their relational meaning (attunement 4 or more).",
                numbers(&open),
                open.len()
            )
        }
    };
    Some(said)
}

/// For an ending short of repair, what a fuller repair would have needed:
/// the author's note for the ending, if there is one, and the road not
/// taken that would have done most in this session: the turn where the best
/// alternative outranked the answer given by the most (at least one point
/// on the mean of its scales, see [`crate::scoring::rank`]), with its
/// rationale.
fn fuller_repair(turns: &[TurnView], ending: Option<&EndingView>) -> Option<String> {
    let e = ending?;
    if e.kind == EndingKind::Repaired {
        return None;
    }
    let score = |o: &OptionView| crate::scoring::rank(o.attunement, o.ownership);
    let road = turns
        .iter()
        .filter_map(|t| {
            let best = t.others.iter().max_by_key(|o| score(o))?;
            Some((score(best).saturating_sub(score(&t.chose)), t, best))
        })
        .max_by_key(|(gap, t, _)| (*gap, std::cmp::Reverse(t.number)))
        .filter(|(gap, _, _)| *gap >= 2)
        .map(|(_, t, best)| {
            format!(
                "at turn {}, \u{201c}{}\u{201d} ({}) was open to you. {}",
                t.number, best.label, best.strategy, best.rationale
            )
        });
    const LEAD: &str = "What a fuller repair might have needed:";
    match (e.fuller_repair.as_deref(), road) {
        (Some(note), Some(road)) => Some(format!("{LEAD} {note} In this session, {road}")),
        (Some(note), None) => Some(format!("{LEAD} {note}")),
        (None, Some(road)) => Some(format!("{LEAD} {road}")),
        (None, None) => None,
    }
}

/// Matters for supervision: each answer given that raised a concern the
/// two scores do not measure, with the author's note.
fn concerns(turns: &[TurnView]) -> Vec<String> {
    turns
        .iter()
        .filter_map(|t| {
            let c = t.chose.concern.as_ref()?;
            Some(format!(
                "For supervision: at turn {}, \u{201c}{}\u{201d} raised a matter of {} that the scores do not measure. {}",
                t.number, t.chose.label, c.kind, c.note
            ))
        })
        .collect()
}

/// What the trainee noticed in themselves, tied to what they did next. At
/// most [`NOTES_RECALLED`] are named; the rest are counted.
fn recall_notes(turns: &[TurnView]) -> Vec<String> {
    let noted: Vec<&TurnView> = turns.iter().filter(|t| t.note.is_some()).collect();
    if noted.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for t in noted.iter().take(NOTES_RECALLED) {
        let note = t.note.as_deref().unwrap_or_default();
        let after = match t.flag {
            Flag::Misstep | Flag::MisstepRepaired => {
                "and the answer you chose there went where that feeling pulls. Noticing the pull is \
                 the first step to choosing otherwise; read the roads not taken at that turn with it in mind."
            }
            _ if t.chose.attunement >= 4 => {
                "and you still answered the client rather than the feeling. That is what noticing \
                 yourself makes possible."
            }
            _ => "Look at that turn below: how did what you felt shape what you said?",
        };
        out.push(format!(
            "At turn {} you noticed in yourself: \u{201c}{note}\u{201d}, {after}",
            t.number
        ));
    }
    if noted.len() > NOTES_RECALLED {
        out.push(format!(
            "You noticed something in yourself at {} turns in all; each is shown with its turn below.",
            noted.len()
        ));
    }
    out
}

/// Say-first practice: the trainee's own words set beside the option they
/// then picked as closest, and the turns where that option was a misstep.
fn recall_own_words(turns: &[TurnView]) -> Option<String> {
    let said: Vec<&TurnView> = turns.iter().filter(|t| t.own_words.is_some()).collect();
    if said.is_empty() {
        return None;
    }
    let how_often = if said.len() == turns.len() {
        "at every turn".to_owned()
    } else {
        format!("at {} of your {} turns", said.len(), turns.len())
    };
    let mut text = format!(
        "You said it first, in your own words, {how_often}, before seeing the options. Read each \
         beside the option you then picked as closest: where your words already did what that \
         option does, the skill is yours without a menu; where they went somewhere else, that is \
         the turn to practise."
    );
    let missteps: Vec<usize> = said
        .iter()
        .filter(|t| matches!(t.flag, Flag::Misstep | Flag::MisstepRepaired))
        .map(|t| t.number)
        .collect();
    if !missteps.is_empty() {
        text.push_str(&format!(
            " At turn {} the option closest to your words was a misstep: set your words beside \
             the roads not taken there.",
            turn_list(&missteps)
        ));
    }
    Some(text)
}

/// When the process was strong and the ending was not a full repair, say
/// plainly that the outcome is not a verdict.
fn not_a_verdict(p: &Profile, ending: Option<&EndingView>) -> Option<String> {
    let e = ending?;
    let strong = p.attunement.mean.is_some_and(|m| m >= 4.0)
        && p.ownership.mean.is_none_or(|m| m >= 4.0)
        && p.unrepaired().is_empty();
    if !strong {
        return None;
    }
    match e.kind {
        EndingKind::Unresolved | EndingKind::ClientLeft | EndingKind::BoundarySet => Some(
            "This session did not end in a repair, and your choices were strong throughout. Some \
             ruptures cannot be mended in one meeting whatever the therapist does; the outcome is \
             not a verdict on you. What you did is what you can take into the next session."
                .to_owned(),
        ),
        EndingKind::PartiallyRepaired => Some(
            "This session ended with part of the rupture mended, and your choices were strong \
             throughout. How far a repair goes in one meeting is partly the client's to decide; \
             where the note on a fuller repair describes what you already did, take it as \
             confirmation, not correction."
                .to_owned(),
        ),
        EndingKind::Repaired => None,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::*;

    use crate::load::mini_fixture as mini;

    #[test]
    fn a_session_becomes_turns_with_flags_and_roads_not_taken() {
        let mut s = Session::new(mini(), 1);
        s.choose("agenda", 10).unwrap();
        s.choose("reassure", 10).unwrap();
        let d = Debrief::of(&s, Some("staying with silence"));
        assert_eq!(d.turns.len(), 2);
        assert_eq!(d.turns[0].chose.id, "agenda");
        assert_eq!(d.turns[0].flag, Flag::Misstep);
        assert!(d.turns[0].others.iter().all(|o| o.id != "agenda"));
        assert_eq!(
            d.goal_text().unwrap(),
            "You came in wanting help with: staying with silence"
        );
        assert!(d.ending.is_some());
    }

    #[test]
    fn roads_not_taken_are_the_options_that_were_open() {
        // `press` is offered at `shrug` only when tension is 5 or more:
        // `agenda` raises it there, `pause` does not.
        let raised = {
            let mut s = Session::new(mini(), 1);
            s.choose("agenda", 10).unwrap();
            s.choose("reassure", 10).unwrap();
            Debrief::of(&s, None)
        };
        assert_eq!(raised.turns[1].node, "shrug");
        assert!(raised.turns[1].others.iter().any(|o| o.id == "press"));
        let calm = (0..64)
            .find_map(|seed| {
                let mut s = Session::new(mini(), seed);
                s.choose("pause", 10).unwrap();
                let at_shrug = s.current_turn().is_some_and(|t| t.id == "shrug");
                at_shrug.then(|| {
                    s.choose("reassure", 10).unwrap();
                    Debrief::of(&s, None)
                })
            })
            .expect("some seed leads from the pause to the shrug");
        let others: Vec<&str> = calm.turns[1].others.iter().map(|o| o.id.as_str()).collect();
        assert!(!others.contains(&"press"), "{others:?}");
        assert!(others.contains(&"own-it"), "{others:?}");
    }

    #[test]
    fn the_profile_reads_as_sentences_without_bare_dashes() {
        let mut s = Session::new(mini(), 4);
        s.choose("pause", 10).unwrap();
        let said = Debrief::of(&s, None).profile_sentences();
        assert!(said.iter().all(|l| !l.contains(" -")), "{said:?}");
        assert!(
            said.iter()
                .any(|l| l.starts_with("Your own part was not at stake")),
            "{said:?}"
        );
        assert!(said.iter().any(|l| l == "One silence chosen."), "{said:?}");
    }

    #[test]
    fn the_learning_goal_is_tied_to_the_turns_where_it_came_up() {
        let mut s = Session::new(mini(), 4);
        s.choose("pause", 10).unwrap();
        s.choose("own-it", 10).unwrap();
        let d = Debrief::of(&s, Some("Staying with silence"));
        let about: Vec<&String> = d
            .observations
            .iter()
            .filter(|o| o.starts_with("Your goal (Staying with silence)"))
            .collect();
        assert_eq!(about.len(), 1, "{:?}", d.observations);
        assert!(
            about[0].contains("came up at turn 1") && about[0].ends_with("you chose the silence."),
            "{}",
            about[0]
        );
        let d = Debrief::of(&s, Some("Naming my part without over-apologising"));
        assert!(
            d.observations
                .iter()
                .any(|o| o.contains("ownership 5 at turn 2")),
            "{:?}",
            d.observations
        );
        // A goal in words the debrief cannot read is echoed, not analysed.
        let d = Debrief::of(&s, Some("being myself"));
        assert!(!d.observations.iter().any(|o| o.starts_with("Your goal")));
    }

    #[test]
    fn an_unrepaired_ending_names_the_road_that_would_have_done_most() {
        let mut s = Session::new(mini(), 1);
        s.choose("agenda", 10).unwrap();
        s.choose("reassure", 10).unwrap();
        let d = Debrief::of(&s, None);
        assert_ne!(
            d.ending.as_ref().map(|e| e.kind),
            Some(EndingKind::Repaired)
        );
        let fuller: Vec<&String> = d
            .observations
            .iter()
            .filter(|o| o.starts_with("What a fuller repair might have needed"))
            .collect();
        assert_eq!(fuller.len(), 1, "{:?}", d.observations);
        assert!(fuller[0].contains("at turn"), "{}", fuller[0]);
    }

    #[test]
    fn the_authors_note_on_a_fuller_repair_comes_first() {
        let mut s = Session::new(mini(), 1);
        s.choose("agenda", 10).unwrap();
        s.choose("reassure", 10).unwrap();
        let mut d = Debrief::of(&s, None);
        let ending = d.ending.as_mut().unwrap();
        ending.fuller_repair = Some("Naming the rush, and owning it.".into());
        let said = fuller_repair(&d.turns, d.ending.as_ref()).unwrap();
        assert!(
            said.starts_with(
                "What a fuller repair might have needed: Naming the rush, and owning it. \
                 In this session, at turn"
            ),
            "{said}"
        );
        // A repaired ending needs no such note, whatever the author wrote.
        let ending = d.ending.as_mut().unwrap();
        ending.kind = EndingKind::Repaired;
        assert_eq!(fuller_repair(&d.turns, d.ending.as_ref()), None);
    }

    #[test]
    fn an_answer_that_raised_a_concern_is_named_for_supervision() {
        let source = std::fs::read_to_string("tests/fixtures/mini.ron").unwrap();
        let source = source.replacen(
            "id: \"reassure\",",
            "id: \"reassure\", concern: (kind: Scope, note: \"Promising an outcome is outside your role.\"),",
            1,
        );
        assert!(
            source.contains("concern:"),
            "the fixture has a `reassure` option"
        );
        let loaded = crate::load::load_str(Path::new("mini.ron"), &source);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let mut s = Session::new(Arc::new(loaded.scenario.unwrap()), 1);
        s.choose("agenda", 10).unwrap();
        s.choose("reassure", 10).unwrap();
        let d = Debrief::of(&s, None);
        let turn = d.turns.iter().find(|t| t.chose.id == "reassure").unwrap();
        let concern = turn.chose.concern.as_ref().unwrap();
        assert_eq!(concern.kind, "scope");
        let named: Vec<&String> = d
            .observations
            .iter()
            .filter(|o| o.starts_with("For supervision"))
            .collect();
        assert_eq!(named.len(), 1, "{:?}", d.observations);
        assert!(named[0].contains("outside your role"), "{}", named[0]);
        assert!(named[0].contains(&format!("at turn {}", turn.number)));
    }

    #[test]
    fn check_in_notes_come_back_tied_to_the_answer() {
        let mut s = Session::new(mini(), 4);
        s.note_inner_state("a pull to fill the gap");
        s.choose("pause", 10).unwrap();
        let d = Debrief::of(&s, None);
        let recalled: Vec<&String> = d
            .observations
            .iter()
            .filter(|o| o.contains("a pull to fill the gap"))
            .collect();
        assert_eq!(recalled.len(), 1, "{:?}", d.observations);
        assert!(recalled[0].starts_with("At turn 1 you noticed in yourself"));
        assert!(recalled[0].contains("you still answered the client"));
    }

    #[test]
    fn notes_beyond_three_are_counted_not_repeated() {
        let view = |n: usize| TurnView {
            number: n,
            node: String::new(),
            line: String::new(),
            marker: None,
            confrontation: false,
            note: Some(format!("note {n}")),
            own_words: None,
            chose: OptionView {
                id: String::new(),
                label: String::new(),
                silent: false,
                strategy: String::new(),
                attunement: 3,
                ownership: None,
                rationale: String::new(),
                concern: None,
            },
            flag: Flag::None,
            others: Vec::new(),
        };
        let turns: Vec<TurnView> = (1..=6).map(view).collect();
        let said = recall_notes(&turns);
        assert_eq!(said.len(), 4);
        assert!(said[3].contains("at 6 turns in all"));
    }

    #[test]
    fn a_strong_session_without_repair_is_not_a_verdict() {
        let p = |att: f32| Profile {
            turns: Vec::new(),
            attunement: crate::scoring::Trend {
                mean: Some(att),
                first_half: None,
                second_half: None,
            },
            ownership: crate::scoring::Trend {
                mean: None,
                first_half: None,
                second_half: None,
            },
            rupture_turns: 0,
            markers_noticed: 0,
            missteps: Vec::new(),
            repairs: Vec::new(),
            silences: 0,
            median_latency_ms: None,
        };
        let ending = |kind| EndingView {
            id: String::new(),
            title: String::new(),
            kind,
            summary: String::new(),
            fuller_repair: None,
        };
        assert!(not_a_verdict(&p(5.0), Some(&ending(EndingKind::ClientLeft))).is_some());
        assert!(not_a_verdict(&p(5.0), Some(&ending(EndingKind::Repaired))).is_none());
        let partial = not_a_verdict(&p(5.0), Some(&ending(EndingKind::PartiallyRepaired)));
        assert!(partial.is_some_and(|s| s.contains("confirmation, not correction")));
        assert!(not_a_verdict(&p(2.0), Some(&ending(EndingKind::PartiallyRepaired))).is_none());
        assert!(not_a_verdict(&p(2.0), Some(&ending(EndingKind::ClientLeft))).is_none());
        assert!(not_a_verdict(&p(5.0), None).is_none());
    }
}
