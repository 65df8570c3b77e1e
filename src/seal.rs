//! Seals that make a hand-edited session log visible.
//!
//! A log is plain RON so that people can read it, which also makes it easy
//! to change: a different seed (and so a different option order from what
//! the trainee saw), an ending kind, a rating. Every log Attune writes
//! carries a [`Seal`]: a SHA-256 digest of its opening (scenario, seed,
//! goal, start time and everything else fixed when the session began), one
//! digest per turn chained to the opening and to the turn's position, and
//! one over the whole log. [`check`] recomputes them and names the first
//! part that no longer matches: the opening, a turn, the number of turns,
//! or what was written at the end (ending, profile, rating).
//!
//! The digests are not keyed: someone who knows this code can recompute
//! them. They make a log *tamper-evident* against edits by hand, which is
//! what a debrief or a cohort report needs; they are not a signature.

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::log::{LoggedTurn, SessionLog};

/// Hex digits kept of each turn's and the opening's digest (64 bits).
const PART_DIGITS: usize = 16;

/// What a log's digests were when Attune last wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seal {
    /// The log as it was when the session began.
    pub opening: String,
    /// One per turn, in order.
    pub turns: Vec<String>,
    /// The whole log, seal left out.
    pub whole: String,
}

/// The first part of a log that no longer matches its seal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Broken {
    /// Scenario, seed, goal, start time or another field set at the start.
    Opening,
    /// The turn with this 1-based number.
    Turn(usize),
    /// Turns were added or removed: the seal has this many.
    TurnCount { sealed: usize, found: usize },
    /// The ending, profile, rating or time of the last save.
    Rest,
    /// A seal field is not a digest at all.
    Malformed,
}

impl fmt::Display for Broken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Broken::Opening => f.write_str(
                "its opening (scenario, seed, learning goal or start time) was changed after it was written",
            ),
            Broken::Turn(n) => write!(f, "turn {n} was changed after it was written"),
            Broken::TurnCount { sealed, found } => write!(
                f,
                "it was written with {sealed} {}, but now has {found}",
                if *sealed == 1 { "turn" } else { "turns" }
            ),
            Broken::Rest => f.write_str(
                "its ending, profile, rating or save time was changed after it was written",
            ),
            Broken::Malformed => f.write_str("its seal is not one Attune wrote"),
        }
    }
}

/// The seal for `log` as it is now (its own `seal` field is ignored).
pub fn seal(log: &SessionLog) -> Seal {
    let opening = opening_digest(log);
    let turns = log
        .turns
        .iter()
        .enumerate()
        .map(|(i, t)| turn_digest(&opening, i, t))
        .collect();
    Seal {
        whole: whole_digest(log),
        opening,
        turns,
    }
}

/// Compare `log` with its seal. A log without a seal passes: the caller
/// decides what an unsealed log is worth (see [`SessionLog::load`]).
pub fn check(log: &SessionLog) -> Result<(), Broken> {
    let Some(stored) = &log.seal else {
        return Ok(());
    };
    let well_formed =
        |s: &String, digits: usize| s.len() == digits && s.bytes().all(|b| b.is_ascii_hexdigit());
    if !well_formed(&stored.opening, PART_DIGITS)
        || !well_formed(&stored.whole, 64)
        || !stored.turns.iter().all(|t| well_formed(t, PART_DIGITS))
    {
        return Err(Broken::Malformed);
    }
    let opening = opening_digest(log);
    if opening != stored.opening {
        return Err(Broken::Opening);
    }
    for (i, t) in log.turns.iter().enumerate() {
        match stored.turns.get(i) {
            Some(s) if *s == turn_digest(&opening, i, t) => {}
            Some(_) => return Err(Broken::Turn(i + 1)),
            None => break,
        }
    }
    if stored.turns.len() != log.turns.len() {
        return Err(Broken::TurnCount {
            sealed: stored.turns.len(),
            found: log.turns.len(),
        });
    }
    if whole_digest(log) != stored.whole {
        return Err(Broken::Rest);
    }
    Ok(())
}

/// The fields fixed when a session starts: the log with everything a
/// session adds later cleared. New fields are covered without being listed.
fn opening_digest(log: &SessionLog) -> String {
    let mut opening = log.clone();
    opening.seal = None;
    opening.turns.clear();
    opening.ending = None;
    opening.profile = None;
    opening.difficulty_rating = None;
    opening.updated.clear();
    digest(&["opening", &canonical(&opening)], PART_DIGITS)
}

fn turn_digest(opening: &str, index: usize, turn: &LoggedTurn) -> String {
    digest(
        &["turn", opening, &index.to_string(), &canonical(turn)],
        PART_DIGITS,
    )
}

fn whole_digest(log: &SessionLog) -> String {
    let mut whole = log.clone();
    whole.seal = None;
    digest(&["whole", &canonical(&whole)], 64)
}

/// One line of RON: the same values always give the same text, whatever
/// the layout of the file they were read from.
fn canonical<T: Serialize>(value: &T) -> String {
    ron::to_string(value).unwrap_or_default()
}

/// SHA-256 over the parts, each prefixed by its length so that parts
/// cannot run into each other, as `digits` hex digits.
fn digest(parts: &[&str], digits: usize) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p.as_bytes());
    }
    let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    hex[..digits].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::EndingKind;
    use crate::log::LoggedEnding;

    fn log() -> SessionLog {
        SessionLog {
            format: crate::log::LOG_FORMAT,
            scenario: "mini".into(),
            scenario_hash: "ab".repeat(32),
            scenario_path: None,
            seed: 7,
            trainee: Some("Ana".into()),
            learning_goal: Some("stay with silence".into()),
            show_live_scores: false,
            say_first: false,
            branched_from: None,
            started: "2026-11-27T09:00:00Z".into(),
            updated: "2026-11-27T09:05:00Z".into(),
            turns: (0..3)
                .map(|i| LoggedTurn {
                    node: format!("n{i}"),
                    option: format!("o{i}"),
                    latency_ms: 1000 + i,
                    inner_note: None,
                    own_words: None,
                    reaction: format!("n{}", i + 1),
                    at: "2026-11-27T09:01:00Z".into(),
                    scenario_hash: None,
                })
                .collect(),
            ending: Some(LoggedEnding {
                node: "n3".into(),
                kind: EndingKind::Repaired,
            }),
            profile: None,
            difficulty_rating: Some(4),
            seal: None,
        }
    }

    fn sealed() -> SessionLog {
        let mut l = log();
        l.seal = Some(seal(&l));
        l
    }

    #[test]
    fn an_untouched_log_passes_and_an_unsealed_one_is_left_to_the_caller() {
        assert_eq!(check(&sealed()), Ok(()));
        assert_eq!(check(&log()), Ok(()));
    }

    #[test]
    fn each_kind_of_edit_is_named() {
        let mut l = sealed();
        l.seed = 8;
        assert_eq!(check(&l), Err(Broken::Opening));

        let mut l = sealed();
        l.learning_goal = None;
        assert_eq!(check(&l), Err(Broken::Opening));

        let mut l = sealed();
        l.turns[1].option = "other".into();
        assert_eq!(check(&l), Err(Broken::Turn(2)));

        let mut l = sealed();
        l.turns.swap(0, 2);
        assert_eq!(check(&l), Err(Broken::Turn(1)));

        let mut l = sealed();
        l.turns.pop();
        assert_eq!(
            check(&l),
            Err(Broken::TurnCount {
                sealed: 3,
                found: 2
            })
        );

        let mut l = sealed();
        l.ending.as_mut().unwrap().kind = EndingKind::ClientLeft;
        assert_eq!(check(&l), Err(Broken::Rest));

        let mut l = sealed();
        l.difficulty_rating = Some(10);
        assert_eq!(check(&l), Err(Broken::Rest));

        let mut l = sealed();
        l.seal.as_mut().unwrap().whole = "not-a-hash".into();
        assert_eq!(check(&l), Err(Broken::Malformed));
    }

    #[test]
    fn turns_added_later_keep_the_earlier_digests() {
        let mut l = log();
        let before = seal(&l);
        l.turns.push(l.turns[0].clone());
        let after = seal(&l);
        assert_eq!(before.opening, after.opening);
        assert_eq!(before.turns[..], after.turns[..3]);
        assert_ne!(before.whole, after.whole);
    }
}
