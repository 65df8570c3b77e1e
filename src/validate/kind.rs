//! Every problem the validator can report, with the data it needs, and the
//! one place where each message and hint is written.
//!
//! Messages name things the way an author wrote them ("option `its-fine`
//! of turn `sorry-again`"), never by the types that hold them. Text taken
//! from the scenario is shown with invisible and control characters
//! escaped, so a message never carries one of them itself.

use std::fmt;

use crate::diag::{Code, Severity};
use crate::format::FORMAT_VERSION;
use crate::model::{MAX_SUGGESTIONS, STATE_MAX, STATE_MIN};

/// One problem found in a scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    FormatVersion {
        found: u32,
    },
    BadScenarioId {
        id: String,
    },
    BadNodeId {
        node: NodeRef,
    },
    BadOptionId {
        option: OptionRef,
    },
    BadVariableName {
        name: String,
    },
    DuplicateNodeId {
        id: String,
        first_line: Option<usize>,
    },
    DuplicateOptionId {
        option: OptionRef,
        /// 1-based position of the option that first used the id.
        first: usize,
    },
    UnknownNode {
        target: String,
        from: Referrer,
        /// An existing node id close enough to be what was meant.
        suggestion: Option<String>,
    },
    EmptyText {
        field: TextField,
    },
    NoRuptures,
    EmptySays {
        option: OptionRef,
    },
    NoRationale {
        option: OptionRef,
    },
    EmptyConcern {
        option: OptionRef,
    },
    EmptySummary {
        ending: String,
    },
    UnsafeText {
        field: TextField,
        /// The first unsafe character.
        found: char,
        /// How many more there are in the same text.
        more: usize,
    },
    ScoreRange {
        scale: Scale,
        value: u8,
        whose: Owner,
    },
    NoOptions {
        turn: String,
    },
    NoUnconditionalOption {
        turn: String,
    },
    UnknownEffectVariable {
        option: OptionRef,
        var: String,
        suggestion: Option<String>,
    },
    /// A starting value in `state` outside [`STATE_MIN`]..=[`STATE_MAX`].
    InitialStateRange {
        var: String,
        value: i32,
    },
    /// An amount in an option's `effects` outside the same range.
    EffectRange {
        option: OptionRef,
        var: String,
        value: i32,
    },
    /// A check-in with more suggestions than letters to pick them by.
    TooManySuggestions {
        turn: String,
        count: usize,
    },
    BadCondition {
        whose: Owner,
        text: String,
        reason: String,
    },
    OrCondition {
        whose: Owner,
        text: String,
    },
    UnknownConditionVariable {
        whose: Owner,
        var: String,
        suggestion: Option<String>,
    },
    NextAndBranch {
        option: OptionRef,
    },
    NoNext {
        option: OptionRef,
    },
    BadWeight {
        branch: BranchRef,
    },
    NoFallback {
        option: OptionRef,
    },
    NoEndings,
    Unreachable {
        node: NodeRef,
        /// A reference to a node that does not exist whose target looks
        /// like a misspelling of this node's id.
        misspelt: Option<(String, Referrer)>,
    },
    NoWayToEnd {
        node: NodeRef,
    },
    /// A field of the client's `appearance` the figure would not show.
    UnseenAppearance {
        field: &'static str,
        because: String,
        hint: &'static str,
    },
}

/// A client turn or an ending, by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeRef {
    Turn(String),
    Ending(String),
}

/// An option of a turn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionRef {
    pub turn: String,
    pub option: String,
}

/// One alternative of an option's `branch`, by the node it goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BranchRef {
    pub option: OptionRef,
    pub to: String,
}

/// What names a node: the scenario's `start`, an option's `next`, or an
/// alternative of an option's `branch`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Referrer {
    Start,
    Next(OptionRef),
    Branch(OptionRef),
}

/// The part of a scenario a field belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    Scenario,
    Client,
    Node(NodeRef),
    /// The check-in of the turn with this id.
    CheckIn(String),
    Option(OptionRef),
    Branch(BranchRef),
}

/// A field holding text, or a name among a map's keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextField {
    pub name: FieldName,
    pub owner: Owner,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldName {
    /// A field such as `line` or `title`.
    Named(&'static str),
    /// The n-th (1-based) of a check-in's `suggestions`.
    Suggestion(usize),
    /// A key of the map in this field (`state`, `effects`).
    KeyOf(&'static str),
}

/// The scales a number in 1 to 5 is checked on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    Attunement,
    Ownership,
    Salience,
}

impl Problem {
    pub fn code(&self) -> Code {
        use Problem::*;
        match self {
            FormatVersion { .. } => Code::FormatVersion,
            BadScenarioId { .. } | BadNodeId { .. } | BadOptionId { .. } => Code::BadId,
            BadVariableName { .. } => Code::BadId,
            DuplicateNodeId { .. } | DuplicateOptionId { .. } => Code::DuplicateId,
            UnknownNode { .. } => Code::UnknownNode,
            EmptyText { .. } | NoRuptures | EmptySays { .. } => Code::EmptyText,
            NoRationale { .. } | EmptySummary { .. } | EmptyConcern { .. } => Code::EmptyText,
            UnsafeText { .. } => Code::UnsafeText,
            ScoreRange { .. } => Code::ScoreRange,
            NoOptions { .. } => Code::NoOptions,
            NoUnconditionalOption { .. } => Code::NoUnconditionalOption,
            UnknownEffectVariable { .. } | UnknownConditionVariable { .. } => Code::UnknownVariable,
            InitialStateRange { .. } | EffectRange { .. } => Code::StateRange,
            TooManySuggestions { .. } => Code::TooManySuggestions,
            BadCondition { .. } | OrCondition { .. } => Code::BadCondition,
            NextAndBranch { .. } => Code::NextAndBranch,
            NoNext { .. } => Code::NoNext,
            BadWeight { .. } => Code::BadWeight,
            NoFallback { .. } => Code::NoFallback,
            NoEndings => Code::NoEndings,
            Unreachable { .. } => Code::Unreachable,
            NoWayToEnd { .. } => Code::NoEnding,
            UnseenAppearance { .. } => Code::UnseenAppearance,
        }
    }

    pub fn severity(&self) -> Severity {
        use Problem::*;
        match self {
            EmptyText { .. }
            | NoRuptures
            | EmptySays { .. }
            | NoRationale { .. }
            | EmptyConcern { .. }
            | EmptySummary { .. }
            | UnsafeText { .. }
            | Unreachable { .. }
            | UnseenAppearance { .. } => Severity::Warning,
            _ => Severity::Error,
        }
    }

    pub fn message(&self) -> String {
        self.to_string()
    }

    pub fn hint(&self) -> Option<String> {
        use Problem::*;
        let hint = match self {
            FormatVersion { .. } => format!("write `format: {FORMAT_VERSION}`"),
            BadScenarioId { id } => format!("for example `{}`", slug(id)),
            BadNodeId { node } => format!("for example `{}`", slug(node.id())),
            BadOptionId { option } => format!("for example `{}`", slug(&option.option)),
            BadVariableName { name } => format!("for example `{}`", var_slug(name)),
            DuplicateNodeId { id, first_line } => match first_line {
                Some(l) => format!("the first {} is on line {l}; node ids must be unique", N(id)),
                None => "node ids must be unique".into(),
            },
            DuplicateOptionId { first, .. } => format!("it is also option {first} of this turn"),
            UnknownNode { suggestion, .. } => did_you_mean(suggestion.as_deref())?,
            NoRuptures => "`ruptures: [Withdrawal]` or `ruptures: [Confrontation]`".into(),
            EmptySays { .. } => "write the full words, or set `kind: Silence`".into(),
            NoRationale { .. } => {
                "the debrief shows it: say what this response does to the relationship".into()
            }
            EmptySummary { .. } => "the debrief shows it: say what happened between you".into(),
            EmptyConcern { .. } => {
                "the debrief shows it: say what the matter is and what to do about it".into()
            }
            UnsafeText { found, .. } => unsafe_hint(*found),
            ScoreRange { scale, .. } => scale.anchors().into(),
            NoOptions { .. } => "add at least one option, or make this node an `Ending`".into(),
            NoUnconditionalOption { .. } => {
                "leave at least one option without `when` so the trainee is never stuck".into()
            }
            UnknownEffectVariable {
                var, suggestion, ..
            }
            | UnknownConditionVariable {
                var, suggestion, ..
            } => did_you_mean(suggestion.as_deref()).unwrap_or_else(|| {
                format!("declare it in `state`, e.g. `state: {{ \"{}\": 0 }}`", Esc(var))
            }),
            InitialStateRange { .. } | EffectRange { .. } => format!(
                "client-state values stay within {STATE_MIN} to {STATE_MAX}; \
                 small steps such as 1 or -2 are easier to reason about"
            ),
            TooManySuggestions { .. } => format!(
                "keep at most {MAX_SUGGESTIONS}; a few that name different reactions help most"
            ),
            BadCondition { .. } => {
                "conditions look like `tension >= 5` or `alliance < 3 and tension > 6`".into()
            }
            OrCondition { whose, .. } => match whose {
                Owner::Branch(_) => {
                    "split it into two branch alternatives, each with its own `when`".into()
                }
                _ => "split it into two options, each with its own `when`".into(),
            },
            NextAndBranch { .. } => {
                "use `next` for a certain reaction, `branch` for weighted ones".into()
            }
            NoNext { .. } => "add `next: \"node-id\"` or a `branch: [...]`".into(),
            BadWeight { .. } => "use a positive weight, or remove the alternative".into(),
            NoFallback { .. } => {
                "leave at least one alternative without `when` so the session can always go on"
                    .into()
            }
            NoEndings => "add e.g. `Ending(id: \"repaired\", kind: Repaired, title: \"...\", summary: \"...\")`".into(),
            Unreachable { node, misspelt } => match misspelt {
                Some((target, from)) => format!(
                    "{}: is that a misspelling of {}?",
                    from.naming(target),
                    N(node.id())
                ),
                None => "point an option's `next` or `branch` at it, or remove it".into(),
            },
            NoWayToEnd { .. } => "give one of its paths a way to an `Ending`".into(),
            UnseenAppearance { hint, .. } => (*hint).into(),
            EmptyText { .. } => return None,
        };
        Some(hint)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Problem::*;
        const KEBAB: &str = "should be lower-case words joined by hyphens";
        const UNDECLARED: &str = "which is not declared in `state`";
        match self {
            FormatVersion { found } => write!(
                f,
                "this is scenario format {found}, but this version of Attune reads format {FORMAT_VERSION}"
            ),
            BadScenarioId { id } => write!(f, "scenario id {} {KEBAB}", N(id)),
            BadNodeId { node } => write!(f, "{} id {} {KEBAB}", node.kind(), N(node.id())),
            BadOptionId { option } => write!(f, "{} {KEBAB}", option.id_phrase()),
            BadVariableName { name } => {
                let rule = "should be a lower-case word (letters, digits, `_`)";
                write!(f, "state variable {} {rule}", N(name))
            }
            DuplicateNodeId { id, .. } => write!(f, "node id {} is used twice", N(id)),
            DuplicateOptionId { option, .. } => {
                write!(f, "{} is used twice", option.id_phrase())
            }
            UnknownNode { target, from, .. } => {
                write!(f, "{}, which does not exist", from.naming(target))
            }
            EmptyText { field } => write!(f, "{field} is empty"),
            NoRuptures => f.write_str(
                "`ruptures` is empty: say which kind of rupture this scenario practises",
            ),
            EmptySays { option } => write!(f, "{option} speaks, but its `says` is empty"),
            NoRationale { option } => write!(f, "{option} has no `rationale`"),
            EmptyConcern { option } => write!(f, "the `concern` of {option} has an empty `note`"),
            EmptySummary { ending } => write!(f, "the `summary` of ending {} is empty", N(ending)),
            UnsafeText { field, found, more } => unsafe_message(f, field, *found, *more),
            ScoreRange {
                scale,
                value,
                whose,
            } => write!(f, "{scale} {value} of {whose} is outside 1 to 5"),
            NoOptions { turn } => write!(f, "turn {} offers the trainee no options", N(turn)),
            NoUnconditionalOption { turn } => {
                write!(f, "every option of turn {} has a `when` condition", N(turn))
            }
            UnknownEffectVariable { option, var, .. } => {
                write!(f, "{option} changes {}, {UNDECLARED}", N(var))
            }
            InitialStateRange { var, value } => write!(
                f,
                "state variable {} starts at {value}, outside {STATE_MIN} to {STATE_MAX}",
                N(var)
            ),
            EffectRange { option, var, value } => write!(
                f,
                "{option} changes {} by {value}, outside {STATE_MIN} to {STATE_MAX}",
                N(var)
            ),
            TooManySuggestions { turn, count } => write!(
                f,
                "the check-in of turn {} has {count} suggestions, more than the \
                 {MAX_SUGGESTIONS} the letters a to z can pick",
                N(turn)
            ),
            BadCondition {
                whose,
                text,
                reason: r,
            } => {
                write!(f, "cannot read the condition {} of {whose}: {r}", N(text))
            }
            OrCondition { whose, text } => {
                let why = "uses `or`, which conditions do not support";
                write!(f, "the condition {} of {whose} {why}", N(text))
            }
            UnknownConditionVariable { whose, var, .. } => {
                write!(f, "the condition of {whose} uses {}, {UNDECLARED}", N(var))
            }
            NextAndBranch { option } => write!(f, "{option} has both `next` and `branch`"),
            NoNext { option } => write!(f, "{option} does not say where the conversation goes"),
            BadWeight { branch } => write!(f, "{branch} has weight 0, so it can never be taken"),
            NoFallback { option } => {
                let all = "every alternative in the `branch`";
                write!(f, "{all} of {option} has a `when` condition")
            }
            NoEndings => f.write_str("the scenario has no `Ending` node, so no session can finish"),
            Unreachable { node, .. } => {
                let why = "it cannot be reached from the start";
                write!(f, "nothing leads to {node}: {why}")
            }
            NoWayToEnd { node } => {
                let why = "no ending can be reached: a session here would never finish";
                write!(f, "from {node} {why}")
            }
            UnseenAppearance { field, because, .. } => write!(
                f,
                "the `{field}` of the client's appearance would not show: {because}"
            ),
        }
    }
}

fn unsafe_message(
    f: &mut fmt::Formatter<'_>,
    field: &TextField,
    found: char,
    more: usize,
) -> fmt::Result {
    write!(
        f,
        "{field} contains {} {}",
        describe(found),
        code_point(found)
    )?;
    match more {
        0 => Ok(()),
        1 => f.write_str(" and 1 more character like it"),
        n => write!(f, " and {n} more characters like it"),
    }
}

impl NodeRef {
    pub fn id(&self) -> &str {
        match self {
            NodeRef::Turn(id) | NodeRef::Ending(id) => id,
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            NodeRef::Turn(_) => "turn",
            NodeRef::Ending(_) => "ending",
        }
    }
}

impl fmt::Display for NodeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind(), N(self.id()))
    }
}

impl fmt::Display for OptionRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "option {} of turn {}", N(&self.option), N(&self.turn))
    }
}

impl fmt::Display for BranchRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the branch to {} of {}", N(&self.to), self.option)
    }
}

impl OptionRef {
    /// "option id `x` of turn `t`".
    fn id_phrase(&self) -> String {
        format!("option id {} of turn {}", N(&self.option), N(&self.turn))
    }
}

impl Referrer {
    /// "option `o` of turn `t` goes to node `target`".
    fn naming(&self, target: &str) -> String {
        let target = N(target);
        match self {
            Referrer::Start => format!("`start` names node {target}"),
            Referrer::Next(o) => format!("{o} goes to node {target}"),
            Referrer::Branch(o) => format!("a branch of {o} goes to node {target}"),
        }
    }
}

impl fmt::Display for Owner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Owner::Scenario => f.write_str("the scenario"),
            Owner::Client => f.write_str("the client"),
            Owner::Node(n) => n.fmt(f),
            Owner::CheckIn(turn) => write!(f, "the check-in of turn {}", N(turn)),
            Owner::Option(o) => o.fmt(f),
            Owner::Branch(b) => b.fmt(f),
        }
    }
}

impl fmt::Display for TextField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name {
            FieldName::Named(name) => write!(f, "the `{name}` of {}", self.owner),
            FieldName::Suggestion(n) => write!(f, "suggestion {n} of {}", self.owner),
            FieldName::KeyOf(map) => write!(f, "a name in the `{map}` of {}", self.owner),
        }
    }
}

impl fmt::Display for Scale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Scale::Attunement => "attunement",
            Scale::Ownership => "ownership",
            Scale::Salience => "marker salience",
        })
    }
}

impl Scale {
    fn anchors(self) -> &'static str {
        match self {
            Scale::Attunement => {
                "1 misses the marker; 3 answers the content; 5 names the relational meaning tentatively"
            }
            Scale::Ownership => "use 1 to 5, or `None` when ownership is not at stake here",
            Scale::Salience => "1 is subtle, 5 unmistakable",
        }
    }
}

/// Characters that do not belong in scenario text: C0 controls other than
/// newline and tab, DEL, C1 controls, and the invisible marks, embeddings,
/// overrides and isolates that change the order text is shown in.
pub fn is_unsafe(c: char) -> bool {
    crate::diag::is_unsafe_char(c)
}

fn is_bidi(c: char) -> bool {
    is_unsafe(c) && !c.is_control()
}

fn describe(c: char) -> &'static str {
    match c {
        '\u{202a}'..='\u{202e}' => "a bidirectional override",
        '\u{2066}'..='\u{2069}' => "a bidirectional isolate",
        c if is_bidi(c) => "an invisible direction mark",
        _ => "a control character",
    }
}

fn unsafe_hint(c: char) -> String {
    let why = if is_bidi(c) {
        "it can show the text around it in a different order than it is written"
    } else {
        "it can garble what a trainee sees"
    };
    format!(
        "delete it: {why} (in the file it may be written `\\u{{{:x}}}`)",
        u32::from(c)
    )
}

fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

fn did_you_mean(candidate: Option<&str>) -> Option<String> {
    candidate.map(|c| format!("did you mean {}?", N(c)))
}

/// Author text in backticks, with unsafe characters escaped.
struct N<'a>(&'a str);

impl fmt::Display for N<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`", Esc(self.0))
    }
}

/// Author text with unsafe characters written as RON escapes (`\u{1b}`).
struct Esc<'a>(&'a str);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            if is_unsafe(c) || c == '\n' || c == '\t' {
                write!(f, "\\u{{{:x}}}", u32::from(c))?;
            } else {
                write!(f, "{c}")?;
            }
        }
        Ok(())
    }
}

/// A kebab-case id built from `s`, for "for example" hints.
pub(super) fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() { "my-id".into() } else { out }
}

/// A state variable name built from `s`: lower-case letters, digits, `_`.
fn var_slug(s: &str) -> String {
    let out = slug(s).replace('-', "_");
    match out.chars().next() {
        Some(c) if c.is_ascii_lowercase() => out,
        _ => format!("v{out}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn option(turn: &str, option: &str) -> OptionRef {
        OptionRef {
            turn: turn.into(),
            option: option.into(),
        }
    }

    #[test]
    fn scores_name_the_option_and_the_turn() {
        let p = Problem::ScoreRange {
            scale: Scale::Attunement,
            value: 6,
            whose: Owner::Option(option("sorry-again", "its-fine")),
        };
        assert_eq!(
            p.message(),
            "attunement 6 of option `its-fine` of turn `sorry-again` is outside 1 to 5"
        );
        assert_eq!(p.code().as_str(), "score-range");
        assert_eq!(p.severity(), Severity::Error);
        let p = Problem::ScoreRange {
            scale: Scale::Ownership,
            value: 0,
            whose: Owner::Option(option("sorry-again", "its-fine")),
        };
        assert!(p.hint().unwrap().contains("`None`"));
    }

    #[test]
    fn branches_read_as_the_author_wrote_them() {
        let p = Problem::BadWeight {
            branch: BranchRef {
                option: option("z", "y"),
                to: "x".into(),
            },
        };
        assert_eq!(
            p.message(),
            "the branch to `x` of option `y` of turn `z` has weight 0, so it can never be taken"
        );
        let p = Problem::UnknownNode {
            target: "walked-ot".into(),
            from: Referrer::Branch(option("z", "y")),
            suggestion: Some("walked-out".into()),
        };
        assert_eq!(
            p.message(),
            "a branch of option `y` of turn `z` goes to node `walked-ot`, which does not exist"
        );
        assert_eq!(p.hint().as_deref(), Some("did you mean `walked-out`?"));
    }

    #[test]
    fn unsafe_text_is_named_by_code_point_never_echoed() {
        let p = Problem::UnsafeText {
            field: TextField {
                name: FieldName::Named("line"),
                owner: Owner::Node(NodeRef::Turn("x\u{1b}".into())),
            },
            found: '\u{1b}',
            more: 0,
        };
        let msg = p.message();
        assert_eq!(
            msg,
            "the `line` of turn `x\\u{1b}` contains a control character U+001B"
        );
        assert!(!msg.contains('\u{1b}'));
        assert_eq!(p.severity(), Severity::Warning);
        assert_eq!(p.code().as_str(), "unsafe-text");
        let p = Problem::UnsafeText {
            field: TextField {
                name: FieldName::Suggestion(2),
                owner: Owner::CheckIn("x".into()),
            },
            found: '\u{202e}',
            more: 2,
        };
        assert_eq!(
            p.message(),
            "suggestion 2 of the check-in of turn `x` contains a bidirectional override U+202E and 2 more characters like it"
        );
        assert!(p.hint().unwrap().contains("`\\u{202e}`"));
    }

    #[test]
    fn a_misspelt_reference_explains_an_unreachable_node() {
        let p = Problem::Unreachable {
            node: NodeRef::Ending("good-end".into()),
            misspelt: Some(("god-end".into(), Referrer::Next(option("opens", "stay")))),
        };
        assert_eq!(
            p.message(),
            "nothing leads to ending `good-end`: it cannot be reached from the start"
        );
        assert_eq!(
            p.hint().as_deref(),
            Some(
                "option `stay` of turn `opens` goes to node `god-end`: is that a misspelling of `good-end`?"
            )
        );
    }

    #[test]
    fn unsafe_characters_are_the_listed_ones() {
        for c in [
            '\u{0}', '\u{1b}', '\u{7f}', '\u{85}', '\u{9f}', '\u{200e}', '\u{061c}',
        ] {
            assert!(is_unsafe(c), "{c:?}");
        }
        for c in ['\n', '\t', 'é', '\u{a0}', '“', '\u{2070}'] {
            assert!(!is_unsafe(c), "{c:?}");
        }
        assert!(
            (0x202a..=0x202e)
                .chain(0x2066..=0x2069)
                .all(|u| is_unsafe(char::from_u32(u).unwrap()))
        );
    }

    #[test]
    fn ids_get_a_suggested_form() {
        assert_eq!(slug("Opens Up!"), "opens-up");
        assert_eq!(var_slug("Low Mood"), "low_mood");
        assert_eq!(var_slug("2nd"), "v2nd");
    }
}
