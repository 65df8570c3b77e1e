//! The starting file `attune new` writes: a small scenario that passes
//! `attune check` without a warning and explains every field in a comment,
//! so an author can replace the example text piece by piece.

use crate::model::is_valid_id;

/// The scenario file for a new scenario with this id. The id must be
/// valid ([`is_valid_id`]); the title is made from its words.
pub fn scenario(id: &str) -> String {
    TEMPLATE
        .replace("{id}", id)
        .replace("{title}", &title_from_id(id))
}

/// "running-late" becomes "Running late".
pub fn title_from_id(id: &str) -> String {
    let words = id.replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Why `id` cannot be a scenario id, with a valid id to use instead when
/// one can be made from it; `None` when it is valid.
pub fn id_problem(id: &str) -> Option<String> {
    if is_valid_id(id) {
        return None;
    }
    let mut message =
        "an id is lower-case words joined by hyphens (letters a-z, digits, `-`)".to_owned();
    if let Some(fixed) = id_like(id) {
        message.push_str(&format!(", such as `{fixed}`"));
    }
    Some(message)
}

/// A valid id made from `text`: lower-case ASCII letters and digits, every
/// other run of characters turned into one hyphen.
pub fn id_like(text: &str) -> Option<String> {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    is_valid_id(&out).then_some(out)
}

const TEMPLATE: &str = r#"// A new scenario. Every field below is explained in a comment just above
// it; replace the example text with your own, a piece at a time. After
// each change, check the file, play it, and look at its shape:
//     attune check {id}.ron
//     attune play {id}.ron --show-scores
//     attune graph {id}.ron
// (with its folder in front when you are elsewhere). The full reference
// is docs/format.md; the clinical ideas are in docs/clinical.md.
//
// The example: last week the therapist cancelled the session by text the
// evening before. Today the client says it was fine. Her "fine" is the
// rupture marker; the session is about whether it gets talked about.
Scenario(
    // The format version. Leave it at 1.
    format: 1,
    // The scenario's id: lower-case words joined by hyphens. Keep it the
    // same as the file name; trainees type it after `attune play`.
    id: "{id}",
    // The title shown in the scenario list.
    title: "{title}",
    // One sentence a trainee reads before choosing this scenario.
    premise: "A client says a cancelled session was no trouble at all.",
    // Beginner, Intermediate or Advanced.
    difficulty: Beginner,
    // The kinds of rupture practised here: Withdrawal (moving away) and/or
    // Confrontation (moving against). Keep the markers below consistent.
    ruptures: [Withdrawal],
    // The particular pattern, in a few words.
    pattern: "denial after a cancellation",
    // Who the client is. The name appears in the transcript.
    client: (
        name: "Dana",
        age: 41,
        background: "A ward clerk who works rotating shifts and looks after her father at weekends.",
        concern: "Tiredness and low mood since her father's stroke last spring.",
        // How she looks in the app. Optional, and so is each field in it;
        // what is left out is drawn plain. The values:
        //   skin: Light, LightMedium, Medium, MediumDeep, Deep
        //   hair_colour: Black, DarkBrown, Brown, LightBrown, Auburn, Red,
        //     Blonde, Grey, White
        //   hair_style: Straight, Wavy, Curly, Coily, Braids, Locs, Bun,
        //     Ponytail, Cropped, Receding, Shaved, Bald
        //   hair_length (for the loose styles): Short, Chin, Shoulder, Long
        //   facial_hair: Stubble, Moustache, Goatee, Beard
        //   glasses: true or false
        //   head_covering: Hood, Hijab, Headscarf, Turban, Cap, Beanie
        //   top: Jumper, Shirt, ShirtAndTie, Hoodie, Jacket, Cardigan
        //   clothes, and accent (a head covering, the layer under a jacket
        //     or cardigan, a tie): Blue, Navy, Teal, Green, Olive, Mustard,
        //     Rust, Burgundy, Plum, Pink, Tan, Brown, Cream, White, Grey,
        //     Charcoal, Black
        //   build: Slight, Average, Broad, Large
        // Age shows by itself from `age`: lines from 35, greying hair from
        // 50 (say `greying: true` or `false` to choose).
        appearance: (
            skin: LightMedium,
            hair_colour: Brown,
            hair_style: Straight,
            hair_length: Shoulder,
            // The coat she keeps on.
            top: Jacket,
            clothes: Teal,
            accent: Cream,
        ),
    ),
    // Where and when the session happens, as the trainee is told it.
    setting: "Session 4 at a community clinic. You cancelled last week's session by text the evening before, without offering another time.",
    // Hidden client-state variables and their starting values. Options
    // change them with `effects`; `when` conditions read them. Here,
    // `tension` is how much the client is holding back.
    state: { "tension": 3 },
    // The id of the first node.
    start: "its-fine",
    // The scenario graph: client turns (`Client`) and endings (`Ending`),
    // in any order.
    nodes: [
        Client(
            // A node id: unique in this file.
            id: "its-fine",
            // What the client says.
            line: "Oh, last week? It's fine. These things happen. So, where were we?",
            // What the trainee sees: posture, voice, gesture.
            cue: "She keeps her coat on and looks at the notes on her lap, not at you.",
            // Her visible affect: Open, Warm, Bright, Guarded, Withdrawn,
            // Flat, Anxious, Tense, Angry or Tearful.
            affect: Guarded,
            // The rupture marker this turn carries (only on rupture moments):
            // its kind, and how evident it is from 1 (subtle) to 5.
            marker: (kind: Denial, salience: 3),
            // A pause for the trainee to notice their own reaction first.
            // Optional; what they note is saved, never scored.
            checkin: (
                prompt: "She says it was fine. What do you notice in yourself?",
                suggestions: [
                    "Relief that she isn't upset",
                    "Guilt about cancelling",
                    "An urge to explain why I cancelled",
                ],
            ),
            // What the trainee can say or do. Trainees see the options in
            // a shuffled order, so the order here does not matter.
            options: [
                (
                    // An option id: unique within this turn.
                    id: "ask-how-it-was",
                    // A short label for the menu. Describe the move, not its
                    // quality.
                    label: "Ask how the cancellation was",
                    // The trainee's words.
                    says: "We can go back to where we were. Before we do, I'd like to hear how it was for you, having last week cancelled the night before.",
                    // The kind of move, shown in the debrief (docs/format.md
                    // lists them all).
                    strategy: InviteExploration,
                    // Attunement, 1 to 5: how well the response meets the
                    // relational meaning of the moment (3 is adequate).
                    attunement: 4,
                    // Ownership, 1 to 5, or None when the therapist's own
                    // part is not at stake. Always write it.
                    ownership: 3,
                    // What a supervisor would say about it in the debrief.
                    rationale: "You take her 'fine' seriously without arguing with it, and you make room for something less fine. The cancellation is named as an event rather than as something you did, so the door is open but she still has to be the one to walk through it.",
                    // A weighted branch: the client's reaction is not certain.
                    // Here a good question usually helps, and sometimes meets
                    // more withdrawal. Weights are relative (3 in 4, 1 in 4).
                    branch: [
                        (to: "annoyed", weight: 3),
                        (to: "get-on", weight: 1),
                    ],
                ),
                (
                    id: "name-your-part",
                    label: "Name what you did",
                    says: "I cancelled by text the night before, and I didn't offer you another time. That may not have felt like 'these things happen' from your side. I'd like to hear how it was.",
                    strategy: AcknowledgeContribution,
                    attunement: 5,
                    ownership: 5,
                    rationale: "You name the specific things you did (the short notice, the text, no other time offered) and then ask for her view, without a long apology she would have to look after. Owning your part first makes it easier for a client who minimises to say she minded.",
                    // `next`: where the session goes when the reaction is
                    // certain. Every option has either `next` or `branch`.
                    next: "annoyed",
                ),
                (
                    id: "reassure",
                    label: "Reassure her and move on",
                    says: "Oh, I'm glad it didn't throw you. It was one of those weeks, and I'm sorry it came to a text. Don't worry, it won't happen again, I promise. So, where were we? Last time we were talking about your father and the weekends.",
                    strategy: PrematureReassurance,
                    attunement: 2,
                    ownership: 2,
                    rationale: "Warm, and probably a relief to you both. But it accepts 'fine' as the last word, answers a worry she hasn't voiced, and moves to the agenda before anything else about last week can surface. Whatever she felt about the cancellation now has less room than before.",
                    // Added to state variables when the option is chosen.
                    effects: { "tension": 2 },
                    next: "get-on",
                ),
                (
                    id: "wait",
                    label: "Wait, and keep your attention on her",
                    // A silence: `kind: Silence`, no `says`.
                    kind: Silence,
                    strategy: AttunedSilence,
                    attunement: 3,
                    ownership: None,
                    rationale: "An unhurried pause tells her you are not in a rush to get past last week. With a client who is already saying 'fine', though, silence alone can leave the whole job of raising it with her, which is why it may not be enough on its own.",
                    branch: [
                        (to: "annoyed", weight: 1),
                        (to: "get-on", weight: 1),
                    ],
                ),
            ],
        ),
        Client(
            id: "get-on",
            line: "Honestly, it's fine. Can we just get on with it?",
            cue: "A small, tight smile. She opens her notebook.",
            affect: Flat,
            marker: (kind: Denial, salience: 4),
            options: [
                (
                    id: "come-back",
                    label: "Come back to the cancellation",
                    says: "Yes, we can. I'm aware I moved past last week quickly just now. I cancelled late, and if that was frustrating, it would make sense. We can get on, and I'd like it to be something we can talk about too.",
                    strategy: AcknowledgeContribution,
                    attunement: 4,
                    ownership: 5,
                    rationale: "You honour her wish to get on and, in the same breath, come back to what you passed over, naming your part specifically. Returning to a moment you missed is the heart of repair, and it shows her that minding is allowed here.",
                    effects: { "tension": -1 },
                    next: "annoyed",
                ),
                (
                    id: "wonder-aloud",
                    label: "Say what you notice",
                    says: "We can. I notice 'fine' has come up twice. Might part of you mind more than that?",
                    strategy: InviteExploration,
                    attunement: 4,
                    ownership: 3,
                    rationale: "Gently naming the repeated 'fine' opens a door without pushing her through it. It invites her view rather than telling her what she feels; it owns less than naming the late cancellation yourself, so she may still need you to say that part.",
                    next: "annoyed",
                ),
                (
                    id: "start-work",
                    label: "Start on today's topic",
                    says: "Of course. Where would you like to start today?",
                    strategy: AcceptAtFaceValue,
                    attunement: 3,
                    ownership: None,
                    rationale: "Following her lead is respectful, and some clients do need the work more than a conversation about the work. Here, though, her 'fine' has now been accepted twice, and the cancellation becomes something the two of you have agreed not to mention.",
                    next: "unspoken",
                ),
                (
                    id: "explain-why",
                    label: "Explain why you cancelled",
                    says: "I did have a genuine emergency, you know. It wasn't anything to do with you.",
                    strategy: DefendSelf,
                    attunement: 1,
                    ownership: 1,
                    rationale: "When a client has gone cold, the pull to make your case is strong. An explanation she didn't ask for puts your reasons at the centre, and 'it wasn't to do with you' answers a complaint she hasn't been able to make.",
                    // Offered only while the condition holds: the pull to
                    // defend is strongest after the reassurance above.
                    when: "tension >= 5",
                    effects: { "tension": 1 },
                    next: "unspoken",
                ),
            ],
        ),
        Client(
            id: "annoyed",
            line: "I suppose I was a bit annoyed. I'd swapped a shift to be here, and then the text came at nine at night.",
            cue: "She takes her coat off and looks at you for the first time.",
            affect: Tense,
            // No marker: she is saying what happened, not moving away.
            options: [
                (
                    id: "take-it-in",
                    label: "Take in what it cost her",
                    says: "You'd swapped a shift to come, and I let you know at nine the night before. Being annoyed makes sense. Thank you for telling me.",
                    strategy: ValidateDefense,
                    attunement: 5,
                    ownership: 4,
                    rationale: "You receive her annoyance without defending or over-apologising, and you say back the concrete cost to her. Thanking her for saying it tells her that minding, and saying so, is welcome in this room.",
                    next: "said-out-loud",
                ),
                (
                    id: "apologise-at-length",
                    label: "Apologise and explain",
                    says: "I'm so sorry. It was a family emergency, and I hated having to do it. I really hope it didn't cause you too much trouble.",
                    strategy: GiveRationale,
                    attunement: 2,
                    ownership: 3,
                    rationale: "The apology is sincere, and it does accept her feedback. But the explanation and the worry that follow turn the attention to your side, and a considerate client like Dana may end up reassuring you.",
                    next: "partly",
                ),
            ],
        ),
        // Endings finish the session. The kind is one of Repaired,
        // PartiallyRepaired, Unresolved, BoundarySet or ClientLeft; the
        // summary is shown in the debrief, so make it true for every path
        // that reaches the ending.
        Ending(
            id: "said-out-loud",
            kind: Repaired,
            title: "Said out loud",
            summary: "Dana could mind the cancellation and say so, and the session went on with that in the room rather than under it.",
        ),
        Ending(
            id: "partly",
            kind: PartiallyRepaired,
            title: "Said, then smoothed over",
            summary: "Dana said she had minded, and for a moment that was in the room. The conversation then turned to your reasons, and she went back to looking after the relationship.",
            // Optional, for endings short of a repair: shown in the debrief.
            fuller_repair: "Staying with what the cancellation was like for her before giving any reason for it, so that minding it could be said without her having to take it back.",
        ),
        Ending(
            id: "unspoken",
            kind: Unresolved,
            title: "Politely buried",
            summary: "The session went on, and Dana's annoyance about last week stayed where she had put it. It may come back later, perhaps as a cancellation of her own.",
            fuller_repair: "Noticing the politeness as a marker, and inviting what sat under it: asking how last week's cancellation had landed, and meaning the question.",
        ),
    ],
)
"#;

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::load::load_str;

    #[test]
    fn the_new_scenario_checks_clean() {
        let text = scenario("cancelled-session");
        let loaded = load_str(Path::new("cancelled-session.ron"), &text);
        assert!(
            loaded.diagnostics.is_empty(),
            "{}",
            crate::diag::render(&loaded.diagnostics)
        );
        let s = loaded.scenario.expect("it loads");
        assert_eq!(s.id, "cancelled-session");
        assert_eq!(s.title, "Cancelled session");
        assert!(!text.contains("{id}") && !text.contains("{title}"));
    }

    #[test]
    fn bad_ids_are_explained_with_a_valid_one() {
        assert_eq!(id_problem("running-late"), None);
        let why = id_problem("Running Late!").unwrap();
        assert!(why.contains("`running-late`"), "{why}");
        assert_eq!(id_like("--"), None);
        assert!(id_problem("").is_some());
    }
}
