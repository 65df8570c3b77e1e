//! Wire types: the scenario file exactly as an author writes it in RON.
//!
//! These types mirror the file one to one and carry no guarantees beyond
//! "it parsed". [`crate::model`] turns them into a validated scenario with
//! resolved references; [`crate::load`] runs both stages and locates every
//! problem in the source.
//!
//! Unknown fields are rejected everywhere, so a typo such as `atunement`
//! is reported instead of silently ignored.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The newest scenario format this version of Attune reads.
pub const FORMAT_VERSION: u32 = 1;

/// One scenario file. In RON it may open with `Scenario(`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Scenario")]
pub struct ScenarioFile {
    /// Format version; must be [`FORMAT_VERSION`].
    pub format: u32,
    /// Stable identifier, lower-case words joined by hyphens.
    pub id: String,
    pub title: String,
    /// One sentence a trainee reads in the scenario picker.
    pub premise: String,
    pub difficulty: Difficulty,
    /// The broad kinds of rupture this scenario practises.
    pub ruptures: Vec<RuptureKind>,
    /// The specific pattern, in a few words ("idealisation", "hostility").
    #[serde(default)]
    pub pattern: String,
    pub client: Client,
    /// Where and when the session happens, as the trainee is told it.
    pub setting: String,
    /// Named client-state variables and their starting values.
    #[serde(default)]
    pub state: BTreeMap<String, i32>,
    /// Id of the first node.
    pub start: String,
    pub nodes: Vec<Node>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Difficulty {
    Beginner,
    Intermediate,
    Advanced,
}

impl Difficulty {
    pub fn label(self) -> &'static str {
        match self {
            Difficulty::Beginner => "beginner",
            Difficulty::Intermediate => "intermediate",
            Difficulty::Advanced => "advanced",
        }
    }
}

/// Safran and Muran's two broad kinds of rupture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RuptureKind {
    /// Moving away from the therapist or from one's own feelings.
    Withdrawal,
    /// Moving against the therapist.
    Confrontation,
}

impl RuptureKind {
    pub fn label(self) -> &'static str {
        match self {
            RuptureKind::Withdrawal => "withdrawal",
            RuptureKind::Confrontation => "confrontation",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Client {
    pub name: String,
    pub age: u32,
    pub background: String,
    pub concern: String,
    /// How the client looks in the app. Optional, and so is every field
    /// inside; what is left out falls back to a neutral look derived from
    /// the client ([`crate::appearance::Look::of`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appearance: Option<Appearance>,
}

/// How the client looks: what the app's figure draws, and nothing else
/// (sessions and scores never read it). Every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Appearance {
    pub skin: Option<SkinTone>,
    pub hair_colour: Option<HairColour>,
    pub hair_style: Option<HairStyle>,
    /// How far loose hair falls, for the styles that have a length.
    pub hair_length: Option<HairLength>,
    /// Hair (and beard) going grey. Defaults to true from 50.
    pub greying: Option<bool>,
    pub facial_hair: Option<FacialHair>,
    pub glasses: bool,
    pub head_covering: Option<HeadCovering>,
    pub top: Option<Top>,
    /// The colour of the top.
    pub clothes: Option<Colour>,
    /// The second colour: the head covering, the layer under a jacket or
    /// cardigan, a tie.
    pub accent: Option<Colour>,
    pub build: Option<Build>,
}

/// A skin tone, from lightest to deepest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SkinTone {
    Light,
    LightMedium,
    Medium,
    MediumDeep,
    Deep,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HairColour {
    Black,
    DarkBrown,
    Brown,
    LightBrown,
    Auburn,
    Red,
    Blonde,
    Grey,
    White,
}

/// The shape of the hair. The styles that fall loose take a
/// [`HairLength`]; the others have none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HairStyle {
    /// Loose and straight, with a fringe or a parting.
    Straight,
    Wavy,
    Curly,
    /// Tightly coiled: close to the head when short, an afro when longer.
    Coily,
    Braids,
    Locs,
    /// Tied back in a bun.
    Bun,
    /// Tied back in a ponytail.
    Ponytail,
    /// Short all over, close to the head.
    Cropped,
    /// Short, with a hairline gone back at the temples.
    Receding,
    /// Clippered or shaved close: a shadow of hair.
    Shaved,
    /// Bald on top, short at the sides.
    Bald,
}

impl HairStyle {
    /// Whether the style falls loose, so that [`HairLength`] shows.
    pub fn has_length(self) -> bool {
        use HairStyle::*;
        matches!(
            self,
            Straight | Wavy | Curly | Coily | Braids | Locs | Ponytail
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum HairLength {
    Short,
    /// To the jaw.
    Chin,
    Shoulder,
    /// Past the shoulders.
    Long,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FacialHair {
    Stubble,
    Moustache,
    Goatee,
    Beard,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HeadCovering {
    Hood,
    Hijab,
    /// A scarf tied over the hair, the neck left free.
    Headscarf,
    Turban,
    Cap,
    Beanie,
}

impl HeadCovering {
    /// Whether it hides all the hair.
    pub fn hides_hair(self) -> bool {
        matches!(self, HeadCovering::Hijab | HeadCovering::Turban)
    }
}

/// What the client wears on top.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Top {
    Jumper,
    Shirt,
    ShirtAndTie,
    Hoodie,
    /// A zipped jacket or coat, the layer underneath showing at the neck.
    Jacket,
    /// An open cardigan over a top in the accent colour.
    Cardigan,
}

/// Calm, muted colours for clothes and head coverings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Colour {
    Blue,
    Navy,
    Teal,
    Green,
    Olive,
    Mustard,
    Rust,
    Burgundy,
    Plum,
    Pink,
    Tan,
    Brown,
    Cream,
    White,
    Grey,
    Charcoal,
    Black,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Build {
    Slight,
    Average,
    Broad,
    /// A larger, rounder body.
    Large,
}

/// A node of the scenario graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Node {
    /// The client speaks; the trainee responds.
    Client(ClientTurn),
    /// The session ends here.
    Ending(Ending),
}

impl Node {
    pub fn id(&self) -> &str {
        match self {
            Node::Client(t) => &t.id,
            Node::Ending(e) => &e.id,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientTurn {
    pub id: String,
    /// What the client says.
    pub line: String,
    /// What the trainee sees: posture, voice, gesture.
    #[serde(default)]
    pub cue: String,
    pub affect: Affect,
    /// The 3RS rupture marker this turn carries, if any.
    #[serde(default)]
    pub marker: Option<Marker>,
    /// A moment to notice one's own reaction before answering.
    #[serde(default)]
    pub checkin: Option<CheckIn>,
    pub options: Vec<ResponseOption>,
}

/// The client's visible affect, which the app shows as posture and face.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Affect {
    Open,
    Warm,
    Bright,
    Guarded,
    Withdrawn,
    Flat,
    Anxious,
    Tense,
    Angry,
    Tearful,
}

impl Affect {
    pub fn label(self) -> &'static str {
        match self {
            Affect::Open => "open",
            Affect::Warm => "warm",
            Affect::Bright => "bright",
            Affect::Guarded => "guarded",
            Affect::Withdrawn => "withdrawn",
            Affect::Flat => "flat",
            Affect::Anxious => "anxious",
            Affect::Tense => "tense",
            Affect::Angry => "angry",
            Affect::Tearful => "tearful",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Marker {
    pub kind: MarkerKind,
    /// How evident the marker is, 1 (subtle) to 5 (unmistakable).
    pub salience: u8,
}

/// Rupture markers after the Rupture Resolution Rating System (3RS).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MarkerKind {
    // Withdrawal markers.
    Denial,
    MinimalResponse,
    AbstractTalk,
    AvoidantStorytelling,
    Deferential,
    ContentAffectSplit,
    SelfCriticism,
    // Confrontation markers.
    ComplaintAboutTherapist,
    RejectsIntervention,
    ComplaintAboutActivities,
    ComplaintAboutParameters,
    ComplaintAboutProgress,
    DefendsAgainstTherapist,
    ControlOrPressure,
}

impl MarkerKind {
    /// Which broad kind of rupture the marker belongs to.
    pub fn rupture(self) -> RuptureKind {
        use MarkerKind::*;
        match self {
            Denial | MinimalResponse | AbstractTalk | AvoidantStorytelling | Deferential
            | ContentAffectSplit | SelfCriticism => RuptureKind::Withdrawal,
            _ => RuptureKind::Confrontation,
        }
    }

    pub fn label(self) -> &'static str {
        use MarkerKind::*;
        match self {
            Denial => "denial",
            MinimalResponse => "minimal response",
            AbstractTalk => "abstract talk",
            AvoidantStorytelling => "avoidant storytelling or topic shift",
            Deferential => "deferential, appeasing",
            ContentAffectSplit => "content/affect split",
            SelfCriticism => "self-criticism or hopelessness",
            ComplaintAboutTherapist => "complaint about the therapist",
            RejectsIntervention => "rejects an intervention",
            ComplaintAboutActivities => "complaint about the activities of therapy",
            ComplaintAboutParameters => "complaint about time, fees or scheduling",
            ComplaintAboutProgress => "complaint about progress",
            DefendsAgainstTherapist => "defends self against the therapist",
            ControlOrPressure => "efforts to control or pressure",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckIn {
    /// The gentle question put to the trainee.
    pub prompt: String,
    /// Reactions the trainee may pick instead of typing their own.
    #[serde(default)]
    pub suggestions: Vec<String>,
}

/// Something the trainee can say or do at a client turn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseOption {
    /// Unique within its node.
    pub id: String,
    /// A short label for buttons and menus.
    pub label: String,
    /// The full words the trainee says (empty for silence).
    #[serde(default)]
    pub says: String,
    #[serde(default)]
    pub kind: OptionKind,
    pub strategy: Strategy,
    /// Attunement, 1 to 5 (FIS-style anchors, 3 is adequate).
    pub attunement: u8,
    /// Ownership, 1 to 5, or `None` when ownership is not at stake in
    /// this moment. Required, so that an author decides it every time.
    #[serde(deserialize_with = "required_option")]
    pub ownership: Option<u8>,
    /// What a supervisor would say about this response in the debrief.
    pub rationale: String,
    /// Changes to client-state variables when this option is chosen.
    #[serde(default)]
    pub effects: BTreeMap<String, i32>,
    /// Offer this option only while the condition holds ("tension >= 5").
    #[serde(default)]
    pub when: Option<String>,
    /// The next node, when the reaction is certain.
    #[serde(default)]
    pub next: Option<String>,
    /// Weighted alternative reactions, when it is not.
    #[serde(default)]
    pub branch: Vec<Alternative>,
    /// A matter the two scores do not measure (scope, ethics, safety,
    /// risk), with a note the debrief shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concern: Option<Concern>,
}

/// What an option raises beyond attunement and ownership: a response can
/// be warm and still outside a trainee's role, or miss a risk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Concern {
    pub kind: ConcernKind,
    /// A short note for the debrief: what the matter is and what to do
    /// about it ("discuss with your supervisor").
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConcernKind {
    /// Outside a trainee's role or competence (a diagnostic letter, a
    /// credential they do not hold).
    Scope,
    /// A professional or ethical line (a dual relationship, a promise
    /// that cannot be kept, confidentiality).
    Ethics,
    /// The safety of the therapist or others in the room.
    Safety,
    /// A risk to the client or someone else that calls for assessment
    /// (harm to self or others, violence at home).
    Risk,
}

impl ConcernKind {
    pub fn label(self) -> &'static str {
        match self {
            ConcernKind::Scope => "scope",
            ConcernKind::Ethics => "ethics",
            ConcernKind::Safety => "safety",
            ConcernKind::Risk => "risk",
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OptionKind {
    #[default]
    Speak,
    /// An attuned pause: a response in its own right.
    Silence,
}

/// Reads a required `Option<u8>`: present in the file as a number or `None`.
pub(crate) fn required_option<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<u8>, D::Error> {
    Option::<u8>::deserialize(d)
}

/// One possible client reaction, chosen by seeded weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alternative {
    pub to: String,
    pub weight: u32,
    /// Only possible while the condition holds (checked after the option's effects).
    #[serde(default)]
    pub when: Option<String>,
}

/// The kind of move a response makes, after the 3RS and the repair literature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Strategy {
    // Immediate repair strategies.
    Clarify,
    GiveRationale,
    ChangeTask,
    // Exploratory repair strategies (metacommunication).
    InviteExploration,
    AcknowledgeContribution,
    DiscloseExperience,
    LinkToPattern,
    ValidateDefense,
    Redirect,
    // Supporting moves.
    Reflect,
    AttunedSilence,
    SetBoundary,
    // Moves that keep a rupture going.
    IgnoreMarker,
    ChangeTopic,
    Intellectualise,
    AcceptAtFaceValue,
    PrematureReassurance,
    DefendSelf,
    ArguePersuade,
    PressTask,
    LabelResistant,
    PatternTooEarly,
}

impl Strategy {
    pub fn label(self) -> &'static str {
        use Strategy::*;
        match self {
            Clarify => "clarifying",
            GiveRationale => "giving the rationale",
            ChangeTask => "changing the task or goal",
            InviteExploration => "inviting the client's view",
            AcknowledgeContribution => "acknowledging your part",
            DiscloseExperience => "disclosing your own experience",
            LinkToPattern => "linking to a pattern",
            ValidateDefense => "validating the client's stance",
            Redirect => "redirecting",
            Reflect => "reflecting",
            AttunedSilence => "an attuned silence",
            SetBoundary => "setting a boundary",
            IgnoreMarker => "passing over the marker",
            ChangeTopic => "changing the topic",
            Intellectualise => "intellectualising",
            AcceptAtFaceValue => "taking it at face value",
            PrematureReassurance => "reassuring early",
            DefendSelf => "defending yourself",
            ArguePersuade => "arguing or persuading",
            PressTask => "pressing on with the task",
            LabelResistant => "labelling the client resistant",
            PatternTooEarly => "linking to a pattern too early",
        }
    }

    /// True for the moves the literature finds keep a rupture going.
    pub fn maintains_rupture(self) -> bool {
        use Strategy::*;
        matches!(
            self,
            IgnoreMarker
                | ChangeTopic
                | Intellectualise
                | AcceptAtFaceValue
                | PrematureReassurance
                | DefendSelf
                | ArguePersuade
                | PressTask
                | LabelResistant
                | PatternTooEarly
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ending {
    pub id: String,
    pub kind: EndingKind,
    pub title: String,
    /// What happened, for the debrief, in a supervisor's voice.
    pub summary: String,
    /// For an ending short of a full repair: what a fuller repair would
    /// have needed, for the debrief.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fuller_repair: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EndingKind {
    Repaired,
    PartiallyRepaired,
    Unresolved,
    BoundarySet,
    ClientLeft,
}

impl EndingKind {
    pub fn label(self) -> &'static str {
        match self {
            EndingKind::Repaired => "repaired",
            EndingKind::PartiallyRepaired => "partially repaired",
            EndingKind::Unresolved => "unresolved",
            EndingKind::BoundarySet => "boundary set for safety",
            EndingKind::ClientLeft => "client left",
        }
    }
}
