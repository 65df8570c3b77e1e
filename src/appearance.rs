//! How a client looks, resolved: the scenario's `appearance` block with a
//! neutral fallback, derived from the client, for every field it leaves out.
//!
//! The app's figure draws a [`Look`]; nothing else reads it (sessions and
//! scores do not depend on how a client looks). The fallback is
//! the same for every client apart from what their age gives, so that a
//! scenario without the block shows a plain, calm figure rather than a
//! look that seems chosen:
//!
//! | Field | Fallback |
//! |---|---|
//! | `skin` | `Medium` |
//! | `hair_colour` | `DarkBrown`; `Grey` from 65 |
//! | `hair_style` | `Straight` |
//! | `hair_length` | `Shoulder` for `Braids`, `Locs` and `Ponytail`, else `Short` |
//! | `greying` | from 50 |
//! | `facial_hair`, `head_covering` | none |
//! | `glasses` | `false` |
//! | `top` | `Jumper` |
//! | `clothes` | `Blue` |
//! | `accent` | `Cream`, or `Charcoal` with `Cream` or `White` clothes |
//! | `build` | `Average` |
//!
//! Age cues (lines at the eyes, then beside the mouth, then on the
//! forehead) always come from the client's `age` ([`AgeBand`]).

use serde::Deserialize;
use serde::de::IntoDeserializer;
use serde::de::value::{Error as ValueError, StrDeserializer};

use crate::format::{
    Appearance, Build, Client, Colour, FacialHair, HairColour, HairLength, HairStyle, HeadCovering,
    SkinTone, Top,
};

/// Everything the figure needs to draw how one client looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Look {
    pub skin: SkinTone,
    pub hair_colour: HairColour,
    pub hair_style: HairStyle,
    /// How far loose hair falls; only drawn when the style has a length.
    pub hair_length: HairLength,
    pub greying: bool,
    pub facial_hair: Option<FacialHair>,
    pub glasses: bool,
    pub head_covering: Option<HeadCovering>,
    pub top: Top,
    pub clothes: Colour,
    pub accent: Colour,
    pub build: Build,
    pub age: AgeBand,
}

/// The age cues a figure shows, from the client's age.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AgeBand {
    /// Under 35: no lines.
    Young,
    /// 35 to 49: faint lines at the corners of the eyes.
    Adult,
    /// 50 to 64: lines beside the mouth too, and greying by default.
    Middle,
    /// 65 and over: lines on the forehead too, and grey hair by default.
    Older,
}

impl AgeBand {
    pub fn of(age: u32) -> AgeBand {
        match age {
            0..35 => AgeBand::Young,
            35..50 => AgeBand::Adult,
            50..65 => AgeBand::Middle,
            _ => AgeBand::Older,
        }
    }
}

impl Look {
    /// How `client` looks: their `appearance`, and the fallback for what it
    /// leaves out.
    pub fn of(client: &Client) -> Look {
        let a = client.appearance.clone().unwrap_or_default();
        Look::resolve(&a, client.age)
    }

    /// `a` with the fallback for a client of `age`.
    pub fn resolve(a: &Appearance, age: u32) -> Look {
        let band = AgeBand::of(age);
        let hair_style = a.hair_style.unwrap_or(HairStyle::Straight);
        let clothes = a.clothes.unwrap_or(Colour::Blue);
        Look {
            skin: a.skin.unwrap_or(SkinTone::Medium),
            hair_colour: a.hair_colour.unwrap_or(if band == AgeBand::Older {
                HairColour::Grey
            } else {
                HairColour::DarkBrown
            }),
            hair_style,
            hair_length: a.hair_length.unwrap_or(match hair_style {
                HairStyle::Braids | HairStyle::Locs | HairStyle::Ponytail => HairLength::Shoulder,
                _ => HairLength::Short,
            }),
            greying: a.greying.unwrap_or(band >= AgeBand::Middle),
            facial_hair: a.facial_hair,
            glasses: a.glasses,
            head_covering: a.head_covering,
            top: a.top.unwrap_or(Top::Jumper),
            clothes,
            accent: a.accent.unwrap_or(match clothes {
                Colour::Cream | Colour::White => Colour::Charcoal,
                _ => Colour::Cream,
            }),
            build: a.build.unwrap_or(Build::Average),
            age: band,
        }
    }
}

/// A field of an `appearance` block the figure cannot show as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unseen {
    /// The field, as written in the file.
    pub field: &'static str,
    /// Why it does not show, in a few words.
    pub because: String,
    /// What to do about it.
    pub hint: &'static str,
}

/// The fields of `a` that would not change the figure: a length for a
/// style without one, a hair style under a covering that hides the hair,
/// an accent with nothing to colour.
pub fn unseen(a: &Appearance) -> Vec<Unseen> {
    let mut out = Vec::new();
    let style = a.hair_style.unwrap_or(HairStyle::Straight);
    let hidden = a.head_covering.filter(|h| h.hides_hair());
    if let Some(h) = hidden {
        for (field, given) in [
            ("hair_style", a.hair_style.is_some()),
            ("hair_length", a.hair_length.is_some()),
        ] {
            if given {
                out.push(Unseen {
                    field,
                    because: format!("`head_covering: {h:?}` hides the hair"),
                    hint: "remove it; `hair_colour` still colours the brows and any facial hair",
                });
            }
        }
    } else if a.hair_length.is_some() && !style.has_length() {
        out.push(Unseen {
            field: "hair_length",
            because: format!("`hair_style: {style:?}` has no length"),
            hint: "remove it, or pick a style that has one: `Straight`, `Wavy`, `Curly`, \
                   `Coily`, `Braids`, `Locs` or `Ponytail`",
        });
    }
    let top = a.top.unwrap_or(Top::Jumper);
    // A hoodie's own hood, up, is in the colour of the hoodie.
    let covering_in_accent = a
        .head_covering
        .is_some_and(|h| !(h == HeadCovering::Hood && top == Top::Hoodie));
    let accent_shows =
        covering_in_accent || matches!(top, Top::Jacket | Top::Cardigan | Top::ShirtAndTie);
    if a.accent.is_some() && !accent_shows {
        out.push(Unseen {
            field: "accent",
            because: format!("`top: {top:?}` with no head covering has no second colour"),
            hint: "the accent colours a head covering, the layer under a `Jacket` or \
                   `Cardigan`, or the tie of a `ShirtAndTie`; remove it or add one of them",
        });
    }
    out
}

/// The fields of an `appearance` block whose values are names, with the
/// serde name of their type.
const FIELDS: [(&str, &str); 10] = [
    ("skin", "SkinTone"),
    ("hair_colour", "HairColour"),
    ("hair_style", "HairStyle"),
    ("hair_length", "HairLength"),
    ("facial_hair", "FacialHair"),
    ("head_covering", "HeadCovering"),
    ("top", "Top"),
    ("clothes", "Colour"),
    ("accent", "Colour"),
    ("build", "Build"),
];

/// Whether `value` is a value of the appearance type called `ty`.
fn is_value_of(ty: &str, value: &str) -> bool {
    fn reads<'de, T: Deserialize<'de>>(value: &'de str) -> bool {
        let d: StrDeserializer<'de, ValueError> = value.into_deserializer();
        T::deserialize(d).is_ok()
    }
    match ty {
        "SkinTone" => reads::<SkinTone>(value),
        "HairColour" => reads::<HairColour>(value),
        "HairStyle" => reads::<HairStyle>(value),
        "HairLength" => reads::<HairLength>(value),
        "FacialHair" => reads::<FacialHair>(value),
        "HeadCovering" => reads::<HeadCovering>(value),
        "Top" => reads::<Top>(value),
        "Colour" => reads::<Colour>(value),
        "Build" => reads::<Build>(value),
        _ => false,
    }
}

/// Words authors reach for that the format spells another way, by type.
const SYNONYMS: &[(&str, &[&str], &str)] = &[
    ("SkinTone", &["Dark"], "MediumDeep` or `Deep"),
    ("SkinTone", &["Fair", "Pale"], "Light"),
    (
        "SkinTone",
        &["Olive", "Tan", "Tanned"],
        "LightMedium` or `Medium",
    ),
    ("HairColour", &["Ginger"], "Red"),
    ("HairColour", &["Blond", "Fair"], "Blonde"),
    ("HairColour", &["Silver", "Gray"], "Grey"),
    ("HairStyle", &["Afro", "Kinky"], "Coily"),
    ("HairStyle", &["Dreadlocks", "Dreads"], "Locs"),
    ("HairStyle", &["Cornrows", "Plaits", "Plaited"], "Braids"),
    (
        "HairStyle",
        &["Buzz", "Buzzcut", "BuzzCut", "Shaven"],
        "Shaved",
    ),
    ("HairStyle", &["TiedBack", "Updo"], "Bun` or `Ponytail"),
    ("HairStyle", &["Balding"], "Receding` or `Bald"),
    ("HairStyle", &["Crew", "CrewCut"], "Cropped"),
    ("FacialHair", &["Mustache", "Tash"], "Moustache"),
    ("FacialHair", &["FullBeard", "ShortBeard"], "Beard"),
    ("HeadCovering", &["Hoodie", "HoodUp"], "Hood"),
    (
        "HeadCovering",
        &["Scarf", "Headwrap", "Bandana"],
        "Headscarf",
    ),
    ("HeadCovering", &["Hat"], "Cap` or `Beanie"),
    ("HeadCovering", &["Patka", "Dastar"], "Turban"),
    (
        "Top",
        &["Sweater", "Jersey", "Pullover", "Sweatshirt"],
        "Jumper",
    ),
    ("Top", &["Coat", "Blazer", "Fleece", "Anorak"], "Jacket"),
    ("Top", &["Blouse", "Polo"], "Shirt"),
    ("Top", &["Tie", "Suit"], "ShirtAndTie"),
    ("Colour", &["Gray"], "Grey"),
    ("Colour", &["Maroon", "Wine"], "Burgundy"),
    ("Colour", &["Beige", "Camel"], "Tan"),
    ("Colour", &["Purple"], "Plum"),
    ("Colour", &["Orange"], "Rust"),
    ("Colour", &["Yellow"], "Mustard"),
    ("Build", &["Thin", "Slim", "Small", "Petite"], "Slight"),
    ("Build", &["Muscular", "Stocky", "Wide"], "Broad"),
    ("Build", &["Heavy", "Big", "Plus", "Round"], "Large"),
];

/// A hint for `written`, which is not a value of the appearance type `ty`:
/// the format's word for it, or the fields it belongs to. `None` when `ty`
/// is not an appearance type or nothing better than the nearest spelling
/// is known.
pub fn value_hint(ty: &str, written: &str) -> Option<String> {
    if !FIELDS.iter().any(|(_, t)| *t == ty) {
        return None;
    }
    if let Some((_, _, word)) = SYNONYMS
        .iter()
        .find(|(t, words, _)| *t == ty && words.contains(&written))
    {
        return Some(format!("the format calls it `{word}`"));
    }
    if ty == "SkinTone" {
        // A skin tone is a place on one scale, never another field's value.
        return Some(
            "skin tones run from `Light` through `LightMedium`, `Medium` and `MediumDeep` \
             to `Deep`"
                .into(),
        );
    }
    let fields: Vec<String> = FIELDS
        .iter()
        .filter(|(_, t)| *t != ty && is_value_of(t, written))
        .map(|(f, _)| format!("`{f}`"))
        .collect();
    match fields.as_slice() {
        [] => None,
        [one] => Some(format!(
            "`{written}` goes in {one}: write `{}: {written}`, and pick another value here",
            one.trim_matches('`')
        )),
        [rest @ .., last] => Some(format!(
            "`{written}` goes in {} or {last}, and another value here",
            rest.join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(age: u32, appearance: Option<Appearance>) -> Client {
        Client {
            name: "Sam".into(),
            age,
            background: String::new(),
            concern: String::new(),
            appearance,
        }
    }

    #[test]
    fn without_a_block_the_look_is_neutral_and_shows_only_age() {
        let young = Look::of(&client(24, None));
        assert_eq!(young.skin, SkinTone::Medium);
        assert_eq!(young.hair_colour, HairColour::DarkBrown);
        assert_eq!(young.hair_style, HairStyle::Straight);
        assert_eq!(young.hair_length, HairLength::Short);
        assert!(!young.greying && !young.glasses);
        assert_eq!((young.facial_hair, young.head_covering), (None, None));
        assert_eq!((young.top, young.clothes), (Top::Jumper, Colour::Blue));
        assert_eq!(young.build, Build::Average);
        assert_eq!(young.age, AgeBand::Young);
        // Two clients of an age look the same, whatever their names.
        let mut other = client(24, None);
        other.name = "Someone Else".into();
        assert_eq!(Look::of(&other), young);

        let older = Look::of(&client(70, None));
        assert_eq!(older.hair_colour, HairColour::Grey);
        assert!(older.greying);
        assert_eq!(older.age, AgeBand::Older);
        assert!(Look::of(&client(52, None)).greying);
    }

    #[test]
    fn what_the_block_gives_wins_and_the_rest_falls_back() {
        let a = Appearance {
            skin: Some(SkinTone::Deep),
            hair_style: Some(HairStyle::Locs),
            clothes: Some(Colour::Cream),
            greying: Some(false),
            ..Appearance::default()
        };
        let look = Look::of(&client(58, Some(a)));
        assert_eq!(look.skin, SkinTone::Deep);
        assert_eq!(look.hair_style, HairStyle::Locs);
        assert_eq!(look.hair_length, HairLength::Shoulder);
        assert!(!look.greying, "an explicit `greying: false` holds at 58");
        assert_eq!(look.accent, Colour::Charcoal);
        assert_eq!(look.age, AgeBand::Middle);
    }

    #[test]
    fn age_bands_have_the_documented_edges() {
        let bands: Vec<AgeBand> = [0, 34, 35, 49, 50, 64, 65, 120]
            .into_iter()
            .map(AgeBand::of)
            .collect();
        use AgeBand::*;
        assert_eq!(
            bands,
            [Young, Young, Adult, Adult, Middle, Middle, Older, Older]
        );
    }

    #[test]
    fn fields_the_figure_cannot_show_are_named() {
        let fields = |a: Appearance| unseen(&a).iter().map(|u| u.field).collect::<Vec<_>>();
        assert!(fields(Appearance::default()).is_empty());
        assert_eq!(
            fields(Appearance {
                hair_style: Some(HairStyle::Bald),
                hair_length: Some(HairLength::Long),
                ..Appearance::default()
            }),
            ["hair_length"]
        );
        assert_eq!(
            fields(Appearance {
                hair_style: Some(HairStyle::Curly),
                hair_length: Some(HairLength::Long),
                head_covering: Some(HeadCovering::Hijab),
                accent: Some(Colour::Plum),
                ..Appearance::default()
            }),
            ["hair_style", "hair_length"]
        );
        assert_eq!(
            fields(Appearance {
                accent: Some(Colour::Plum),
                ..Appearance::default()
            }),
            ["accent"]
        );
        assert_eq!(
            fields(Appearance {
                accent: Some(Colour::Plum),
                top: Some(Top::Hoodie),
                head_covering: Some(HeadCovering::Hood),
                ..Appearance::default()
            }),
            ["accent"]
        );
        // A length on the fallback style, a headscarf that shows the hair.
        assert!(
            fields(Appearance {
                hair_length: Some(HairLength::Long),
                head_covering: Some(HeadCovering::Headscarf),
                ..Appearance::default()
            })
            .is_empty()
        );
    }

    #[test]
    fn hints_know_other_words_and_other_fields() {
        assert_eq!(
            value_hint("HairStyle", "Afro").as_deref(),
            Some("the format calls it `Coily`")
        );
        assert_eq!(
            value_hint("HairStyle", "Long").as_deref(),
            Some(
                "`Long` goes in `hair_length`: write `hair_length: Long`, and pick another value here"
            )
        );
        assert_eq!(
            value_hint("Top", "Black").as_deref(),
            Some("`Black` goes in `hair_colour`, `clothes` or `accent`, and another value here")
        );
        assert!(value_hint("SkinTone", "Black").unwrap().contains("`Light`"));
        assert_eq!(value_hint("HairStyle", "Zzz"), None);
        assert_eq!(value_hint("Affect", "Long"), None);
        // Every synonym names values that exist, and is not itself one.
        for (ty, words, answer) in SYNONYMS {
            for v in answer.split("` or `") {
                assert!(is_value_of(ty, v), "{ty}: {v}");
            }
            for w in *words {
                assert!(!is_value_of(ty, w), "{ty}: {w} is a value");
            }
        }
    }
}
