//! Process scoring: a profile of attunement and ownership over a session.
//!
//! Scores come only from the authored rubric of the options the trainee
//! chose (and whether the turn they answered carried a rupture marker). The
//! client's reaction, random or not, never enters: [`profile`] is not even
//! given it. There is no total and no ranking; [`feedback`] turns the
//! profile into specific, warm observations.

use serde::{Deserialize, Serialize};

use crate::format::{OptionKind, Strategy};
use crate::model::{Choice, Turn};

/// What scoring may look at for one turn.
#[derive(Debug, Clone, Copy)]
pub struct TurnInput<'a> {
    /// The client turn that was answered.
    pub turn: &'a Turn,
    /// The option chosen.
    pub choice: &'a Choice,
    pub latency_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TurnScore {
    /// 1-based turn number.
    pub turn: usize,
    pub node: String,
    pub option: String,
    pub strategy: Strategy,
    pub silent: bool,
    /// The turn carried a rupture marker.
    pub rupture: bool,
    pub attunement: u8,
    /// `None` where ownership was not at stake.
    pub ownership: Option<u8>,
    pub misstep: bool,
    pub latency_ms: u64,
}

/// Mean of the first half of the turns against the second half.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trend {
    pub mean: Option<f32>,
    pub first_half: Option<f32>,
    pub second_half: Option<f32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Repair {
    /// The turn of the misstep.
    pub misstep: usize,
    /// The later turn that owned it (ownership 4 or more, and not itself a
    /// misstep: an owning said while losing the client is no return).
    pub repair: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub turns: Vec<TurnScore>,
    pub attunement: Trend,
    pub ownership: Trend,
    /// Turns that carried a rupture marker.
    pub rupture_turns: usize,
    /// Of those, the ones answered with attunement 4 or more.
    pub markers_noticed: usize,
    /// Turn numbers with attunement or ownership at 2 or below.
    pub missteps: Vec<usize>,
    pub repairs: Vec<Repair>,
    pub silences: usize,
    pub median_latency_ms: Option<u64>,
}

impl Profile {
    /// Missteps that no later turn repaired.
    pub fn unrepaired(&self) -> Vec<usize> {
        self.missteps
            .iter()
            .copied()
            .filter(|m| !self.repairs.iter().any(|r| r.misstep == *m))
            .collect()
    }
}

/// How good an option is, for ranking options against each other: the
/// mean of the scales it is rated on, doubled so it stays a whole number.
/// Where the therapist's share is at stake it is attunement + ownership;
/// where it is not (`ownership` is `None`), ownership is not rated, so the
/// option is judged on attunement alone and counts `2 x attunement`, as if
/// its ownership matched its attunement. An option is neither rewarded nor
/// penalised for ownership not being at stake, as a session's profile
/// leaves unrated ownership out of its mean instead of counting it as 0.
///
/// `attune sim --policy best` and `worst`, the `check --strict` lints and
/// the debrief's "road not taken" all rank options by this.
pub fn rank(attunement: u8, ownership: Option<u8>) -> u32 {
    let a = u32::from(attunement);
    a + ownership.map_or(a, u32::from)
}

fn mean(values: &[u8]) -> Option<f32> {
    if values.is_empty() {
        return None;
    }
    let sum: u32 = values.iter().map(|&v| u32::from(v)).sum();
    // Rounded to hundredths so stored profiles compare exactly.
    let m = sum as f32 / values.len() as f32;
    Some((m * 100.0).round() / 100.0)
}

fn trend(values: &[Option<u8>]) -> Trend {
    let half = values.len() / 2;
    let pick = |s: &[Option<u8>]| s.iter().flatten().copied().collect::<Vec<u8>>();
    Trend {
        mean: mean(&pick(values)),
        first_half: mean(&pick(&values[..half])),
        second_half: mean(&pick(&values[half..])),
    }
}

/// Each misstep paired with the first later turn that owned the
/// trainee's part (ownership 4 or more) without being a misstep itself.
fn repairs_of(scores: &[TurnScore]) -> Vec<Repair> {
    scores
        .iter()
        .filter(|s| s.misstep)
        .filter_map(|m| {
            scores
                .iter()
                .find(|s| s.turn > m.turn && !s.misstep && s.ownership.is_some_and(|o| o >= 4))
                .map(|s| Repair {
                    misstep: m.turn,
                    repair: s.turn,
                })
        })
        .collect()
}

/// Build the profile from the chosen options, in order.
pub fn profile(turns: &[TurnInput]) -> Profile {
    let scores: Vec<TurnScore> = turns
        .iter()
        .enumerate()
        .map(|(i, t)| TurnScore {
            turn: i + 1,
            node: t.turn.id.clone(),
            option: t.choice.id.clone(),
            strategy: t.choice.strategy,
            silent: t.choice.kind == OptionKind::Silence,
            rupture: t.turn.marker.is_some(),
            attunement: t.choice.attunement,
            ownership: t.choice.ownership,
            misstep: t.choice.is_misstep(),
            latency_ms: t.latency_ms,
        })
        .collect();
    let att: Vec<Option<u8>> = scores.iter().map(|s| Some(s.attunement)).collect();
    let own: Vec<Option<u8>> = scores.iter().map(|s| s.ownership).collect();
    let missteps: Vec<usize> = scores
        .iter()
        .filter(|s| s.misstep)
        .map(|s| s.turn)
        .collect();
    let repairs = repairs_of(&scores);
    let mut lat: Vec<u64> = scores.iter().map(|s| s.latency_ms).collect();
    lat.sort_unstable();
    Profile {
        attunement: trend(&att),
        ownership: trend(&own),
        rupture_turns: scores.iter().filter(|s| s.rupture).count(),
        markers_noticed: scores
            .iter()
            .filter(|s| s.rupture && s.attunement >= 4)
            .count(),
        missteps,
        repairs,
        silences: scores.iter().filter(|s| s.silent).count(),
        median_latency_ms: lat.get(lat.len() / 2).copied(),
        turns: scores,
    }
}

/// Warm, specific observations about a profile, in a supervisor's voice.
/// Each string is one paragraph.
pub fn feedback(p: &Profile) -> Vec<String> {
    let mut out = Vec::new();
    if p.turns.is_empty() {
        out.push(
            "The session ended before you answered; there is nothing to look back on yet.".into(),
        );
        return out;
    }
    if p.rupture_turns > 0 {
        let n = p.markers_noticed;
        let of = p.rupture_turns;
        out.push(match n {
            0 => format!(
                "The client showed signs of strain at {} and your answers stayed with the surface of what was said. \
                 That is the most common place to start: next time, try naming what seems to be happening between you.",
                count(of, "moment", "moments")
            ),
            n if n == of => format!(
                "At every moment of strain ({of} of {of}) you answered the relational meaning, not only the words. \
                 That is the core of attunement."
            ),
            n => format!(
                "You answered the relational meaning at {n} of the {of} moments of strain. \
                 Look at the others below: what was the client telling you about the two of you?"
            ),
        });
    }
    if let (Some(a), Some(b)) = (p.attunement.first_half, p.attunement.second_half) {
        if b > a + 0.4 && b >= 3.0 {
            out.push(format!(
                "Your attunement grew over the session (from {a:.1} to {b:.1} on average): you found the client as you went."
            ));
        } else if b > a + 0.4 {
            // Still below adequate: a rise, not yet a finding of the client.
            out.push(format!(
                "Your attunement rose a little later on (from {a:.1} to {b:.1} on average), \
                 though it stayed below adequate: there is more of the client to find next time."
            ));
        } else if a > b + 0.4 {
            out.push(format!(
                "Your attunement was stronger early on ({a:.1}) than later ({b:.1}). \
                 Sessions often get harder as they go; notice where it became harder to stay with the client."
            ));
        }
    }
    match p.repairs.as_slice() {
        [] => {}
        [r] => out.push(format!(
            "At turn {} you lost the thread, and at turn {} you came back and owned your part. \
             That return is the heart of rupture repair, not a detour from it.",
            r.misstep, r.repair
        )),
        many => {
            // One sentence for the pattern, however long the session. One
            // owning can answer several missteps: each turn is named once.
            let mut at: Vec<usize> = many.iter().map(|r| r.repair).collect();
            at.dedup();
            if let [turn] = at.as_slice() {
                let missteps: Vec<usize> = many.iter().map(|r| r.misstep).collect();
                out.push(format!(
                    "{} times you lost the thread (at turns {}), and at turn {turn} you came back \
                     and owned your part. That return is the heart of rupture repair, not a detour from it.",
                    count_word(many.len()),
                    and_list(&missteps)
                ));
            } else {
                out.push(format!(
                    "{} times you lost the thread and came back to own your part (at turns {}). \
                     That return is the heart of rupture repair, not a detour from it.",
                    count_word(many.len()),
                    and_list(&at)
                ));
            }
        }
    }
    let unrepaired = p.unrepaired();
    if !unrepaired.is_empty() {
        let list = unrepaired
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        out.push(format!(
            "{} ({list}) {} not come back to. Every therapist has these; \
             the roads not taken below show what else was open to you there.",
            if unrepaired.len() == 1 {
                "One moment"
            } else {
                "Some moments"
            },
            if unrepaired.len() == 1 { "was" } else { "were" },
        ));
    }
    match p.ownership.mean {
        Some(m) if m >= 4.0 => out.push(
            "When your own part was at stake you named it specifically, without collapsing into apology.".into(),
        ),
        Some(m) if m < 3.0 => {
            let named: Vec<usize> = p
                .turns
                .iter()
                .filter(|t| t.ownership.is_some_and(|o| o >= 4))
                .map(|t| t.turn)
                .collect();
            out.push(match named.as_slice() {
                [] => "When your own part was at stake, it was hard to name it. \
                       Try saying plainly what you did and asking how it landed."
                    .to_owned(),
                [turn] => format!(
                    "When your own part was at stake you mostly stepped around it, though at turn {turn} \
                     you named it: that is the move to build on, said plainly and followed by asking how it landed."
                ),
                turns => format!(
                    "When your own part was at stake you mostly stepped around it, though at turns {} \
                     you named it: that is the move to build on, said plainly and followed by asking how it landed.",
                    and_list(turns)
                ),
            });
        }
        _ => {}
    }
    // A silence is praised only where it was a good answer (attunement 4
    // or more); one that missed is named as a response that can miss.
    let silent = |good: bool| {
        p.turns
            .iter()
            .filter(|t| t.silent && (t.attunement >= 4) == good)
            .count()
    };
    let (held, missed) = (silent(true), silent(false));
    if held > 0 {
        out.push(format!(
            "You let {} do the work. Choosing not to fill a pause is a response in its own right.",
            count(held, "silence", "silences")
        ));
    }
    if missed > 0 {
        out.push(format!(
            "{} left the client with something that needed an answer. A pause is a response too, \
             and like any response it can miss; read the roads not taken at {}.",
            if missed == 1 {
                "One silence".to_owned()
            } else {
                format!("{} silences", count_word(missed))
            },
            if missed == 1 {
                "that turn"
            } else {
                "those turns"
            }
        ));
    }
    out
}

/// "Two", "Three", ... for the start of a sentence.
fn count_word(n: usize) -> String {
    const WORDS: [&str; 9] = [
        "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten",
    ];
    n.checked_sub(2)
        .and_then(|i| WORDS.get(i))
        .map_or_else(|| n.to_string(), |w| (*w).to_owned())
}

/// "2, 4 and 6"; "3" for one.
fn and_list(turns: &[usize]) -> String {
    let words: Vec<String> = turns.iter().map(usize::to_string).collect();
    match words.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("one {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rank_is_the_doubled_mean_of_the_scales_rated() {
        assert_eq!(rank(5, Some(4)), 9);
        // Not at stake: judged on attunement alone, neither 0 nor a bonus.
        assert_eq!(rank(5, None), 10);
        assert_eq!(rank(4, None), rank(4, Some(4)));
        assert!(rank(4, None) > rank(3, Some(4)));
        assert!(rank(4, None) < rank(4, Some(5)));
        assert!(rank(2, None) > rank(1, Some(1)));
    }

    #[test]
    fn trend_splits_turns_in_halves() {
        let t = trend(&[Some(2), Some(2), Some(4), Some(5)]);
        assert_eq!(t.first_half, Some(2.0));
        assert_eq!(t.second_half, Some(4.5));
        assert_eq!(t.mean, Some(3.25));
        let t = trend(&[Some(3)]);
        assert_eq!((t.first_half, t.second_half), (None, Some(3.0)));
        let t = trend(&[None, Some(4), None]);
        assert_eq!(
            (t.first_half, t.second_half, t.mean),
            (None, Some(4.0), Some(4.0))
        );
    }

    /// A profile of `n` answered turns, numbered from 1, each shaped by
    /// `set` (given its index) from the one-turn template.
    fn with_turns(n: usize, set: impl Fn(usize, &mut TurnScore)) -> Profile {
        let template = one_answered_turn().turns.remove(0);
        let mut p = one_answered_turn();
        p.turns = (0..n)
            .map(|i| {
                let mut t = template.clone();
                t.turn = i + 1;
                set(i, &mut t);
                t
            })
            .collect();
        p
    }

    /// A profile with one answered turn and nothing else.
    fn one_answered_turn() -> Profile {
        let mut p = profile(&[]);
        p.turns.push(TurnScore {
            turn: 1,
            node: String::new(),
            option: String::new(),
            strategy: Strategy::Reflect,
            silent: false,
            rupture: false,
            attunement: 4,
            ownership: None,
            misstep: false,
            latency_ms: 0,
        });
        p
    }

    #[test]
    fn a_rise_that_stays_low_is_not_called_finding_the_client() {
        let said = |first: f32, second: f32| {
            let mut p = one_answered_turn();
            p.attunement.first_half = Some(first);
            p.attunement.second_half = Some(second);
            feedback(&p)
        };
        let low = said(1.0, 1.5);
        assert!(
            low.iter().all(|s| !s.contains("found the client")),
            "{low:?}"
        );
        assert!(
            low.iter().any(|s| s.contains("stayed below adequate")),
            "{low:?}"
        );
        let grew = said(2.5, 4.0);
        assert!(
            grew.iter().any(|s| s.contains("found the client")),
            "{grew:?}"
        );
    }

    #[test]
    fn low_ownership_still_names_the_turn_that_owned() {
        let said = |owned: &[u8]| {
            let mut p = with_turns(owned.len(), |i, t| t.ownership = Some(owned[i]));
            let mean = owned.iter().map(|&o| f32::from(o)).sum::<f32>() / owned.len() as f32;
            p.ownership.mean = Some(mean);
            feedback(&p)
        };
        let none = said(&[2, 2, 1]);
        assert!(
            none.iter().any(|s| s.contains("it was hard to name it")),
            "{none:?}"
        );
        let once = said(&[2, 4, 1, 2]);
        assert!(
            once.iter()
                .any(|s| s.contains("mostly stepped around it, though at turn 2 you named it")),
            "{once:?}"
        );
        assert!(
            once.iter().all(|s| !s.contains("hard to name it")),
            "{once:?}"
        );
    }

    #[test]
    fn a_repair_is_not_itself_a_misstep() {
        // An owning said while losing the client (attunement 2) does not
        // repair an earlier misstep.
        let scores = [(2, Some(2)), (2, Some(4)), (4, Some(4))];
        let p = with_turns(scores.len(), |i, t| {
            (t.attunement, t.ownership) = scores[i];
            t.misstep = t.attunement <= 2 || t.ownership.is_some_and(|o| o <= 2);
        });
        let repairs = repairs_of(&p.turns);
        assert_eq!(
            repairs,
            vec![
                Repair {
                    misstep: 1,
                    repair: 3
                },
                Repair {
                    misstep: 2,
                    repair: 3
                },
            ]
        );
    }

    #[test]
    fn only_silences_that_answered_well_are_praised() {
        let said = |attunements: &[u8]| {
            let mut p = with_turns(attunements.len(), |i, t| {
                t.silent = true;
                t.attunement = attunements[i];
            });
            p.silences = attunements.len();
            feedback(&p)
        };
        let weak = said(&[3]);
        assert!(weak.iter().all(|s| !s.contains("do the work")), "{weak:?}");
        assert!(
            weak.iter()
                .any(|s| s.starts_with("One silence left the client")),
            "{weak:?}"
        );
        let mixed = said(&[5, 2, 3]);
        assert!(
            mixed
                .iter()
                .any(|s| s.starts_with("You let one silence do the work")),
            "{mixed:?}"
        );
        assert!(
            mixed
                .iter()
                .any(|s| s.starts_with("Two silences left the client")),
            "{mixed:?}"
        );
    }

    #[test]
    fn one_owning_after_several_missteps_names_its_turn_once() {
        let mut p = one_answered_turn();
        p.repairs = vec![
            Repair {
                misstep: 2,
                repair: 4,
            },
            Repair {
                misstep: 3,
                repair: 4,
            },
        ];
        let said = feedback(&p);
        let about = said
            .iter()
            .find(|s| s.contains("lost the thread"))
            .expect("the repairs are described");
        assert!(
            about.starts_with("Two times you lost the thread (at turns 2 and 3), and at turn 4"),
            "{about}"
        );
        assert!(!about.contains("4 and 4"), "{about}");
    }

    #[test]
    fn many_repairs_are_one_sentence() {
        let mut p = one_answered_turn();
        p.repairs = (0..4)
            .map(|i| Repair {
                misstep: 2 * i + 1,
                repair: 2 * i + 2,
            })
            .collect();
        let said = feedback(&p);
        let about: Vec<&String> = said
            .iter()
            .filter(|s| s.contains("lost the thread"))
            .collect();
        assert_eq!(about.len(), 1, "{said:?}");
        assert!(about[0].starts_with("Four times"), "{}", about[0]);
        assert!(
            about[0].contains("(at turns 2, 4, 6 and 8)"),
            "{}",
            about[0]
        );
    }

    #[test]
    fn mean_rounds_to_hundredths() {
        assert_eq!(mean(&[1, 2, 2]), Some(1.67));
        assert_eq!(mean(&[]), None);
    }
}
