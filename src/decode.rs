//! From a value tree ([`crate::syntax`]) to the wire types, reporting every
//! problem instead of stopping at the first.
//!
//! This is a serde [`Deserializer`](serde::Deserializer) over the tree, so
//! the wire types' own `Deserialize` impls do the building and a file reads
//! to exactly the values `ron` would give. Where `ron` would stop, this
//! decoder reports the problem in the author's words and goes on with a
//! stand-in value:
//! - an unknown field is reported and skipped (or, when it is a misspelling
//!   of a field that is missing, read as that field);
//! - a missing required field, a value of the wrong type, a number out of
//!   range or an unknown enum value is reported and replaced by a default.
//!
//! Every place that got a stand-in is returned in [`Decoded::poisoned`], so
//! that validation does not report the stand-in as a second problem.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};

use crate::diag::{Code, Diagnostic, Span, closest};
use crate::syntax::{Field, Kind, Value};

/// One step of a path into the file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    Field(&'static str),
    Index(usize),
    Key(String),
}

/// What decoding gave: the value (with stand-ins where the file was
/// wrong), the problems, and the places that hold stand-ins.
#[derive(Debug)]
pub struct Decoded<T> {
    pub value: Option<T>,
    pub diagnostics: Vec<Diagnostic>,
    pub poisoned: Vec<Vec<Seg>>,
}

/// Which fields of each struct the file must give, by the struct's serde
/// name. Built by [`required_fields`].
pub type Required = HashMap<&'static str, Vec<&'static str>>;

/// Decode `root` as a `T`, with `required` naming the required fields of
/// every struct inside `T`.
pub fn decode<T: DeserializeOwned>(root: &Value, path: &Path, required: &Required) -> Decoded<T> {
    let cx = Cx {
        root,
        file: path,
        required,
        probe: None,
        diags: RefCell::new(Vec::new()),
        poisoned: RefCell::new(Vec::new()),
        path: RefCell::new(Vec::new()),
    };
    let value = T::deserialize(De::new(&cx, root)).ok();
    Decoded {
        value,
        diagnostics: cx.diags.into_inner(),
        poisoned: cx.poisoned.into_inner(),
    }
}

/// Find the required fields of struct type `T` (those without a default)
/// by asking its `Deserialize` impl which fields it misses. Returns the
/// struct's serde name and the fields.
pub fn required_fields<T: DeserializeOwned>() -> (&'static str, Vec<&'static str>) {
    let empty = Required::new();
    let mut known: Vec<&'static str> = Vec::new();
    let root = Value {
        start: 0,
        end: 0,
        kind: Kind::Struct {
            name: None,
            fields: Vec::new(),
            damaged: false,
        },
    };
    loop {
        let cx = Cx {
            root: &root,
            file: Path::new(""),
            required: &empty,
            probe: Some(RefCell::new((known.clone(), ""))),
            diags: RefCell::new(Vec::new()),
            poisoned: RefCell::new(Vec::new()),
            path: RefCell::new(Vec::new()),
        };
        let result = T::deserialize(De::new(&cx, &root));
        let name = cx.probe.as_ref().map_or("", |p| p.borrow().1);
        match result {
            Err(DeError::MissingField(f)) if !known.contains(&f) => known.push(f),
            _ => return (name, known),
        }
    }
}

/// Stands in for a value that is missing or could not be read; it
/// deserializes to the default of whatever type is asked for.
static MISSING: Value = Value {
    start: 0,
    end: 0,
    kind: Kind::Error,
};

struct Cx<'t> {
    root: &'t Value,
    file: &'t Path,
    required: &'t Required,
    /// When finding required fields: the fields known so far, and the
    /// struct name seen.
    probe: Option<RefCell<(Vec<&'static str>, &'static str)>>,
    diags: RefCell<Vec<Diagnostic>>,
    poisoned: RefCell<Vec<Vec<Seg>>>,
    path: RefCell<Vec<Seg>>,
}

impl Cx<'_> {
    fn report(&self, code: Code, at: (usize, usize), message: String, hint: Option<String>) {
        if self.probe.is_some() {
            return;
        }
        let d = Diagnostic::error(code, self.file, message)
            .at(Some(Span::bytes(at.0, at.1)))
            .with_hint(hint);
        self.diags.borrow_mut().push(d);
    }

    fn poison(&self, extra: Option<Seg>) {
        let mut p = self.path.borrow().clone();
        p.extend(extra);
        self.poisoned.borrow_mut().push(p);
    }

    fn place(&self) -> String {
        place(self.root, &self.path.borrow())
    }

    fn with<R>(&self, seg: Seg, f: impl FnOnce() -> R) -> R {
        self.path.borrow_mut().push(seg);
        let r = f();
        self.path.borrow_mut().pop();
        r
    }
}

/// Errors that stop decoding. Problems in the file are reported and
/// recovered from instead; these only come from a type whose required
/// fields were not listed, and make the caller fall back to `ron`'s error.
#[derive(Debug)]
pub enum DeError {
    MissingField(&'static str),
    Other(String),
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeError::MissingField(name) => write!(f, "missing field `{name}`"),
            DeError::Other(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError::Other(msg.to_string())
    }

    fn missing_field(field: &'static str) -> Self {
        DeError::MissingField(field)
    }
}

/// What a value should have been, for messages.
#[derive(Clone, Copy)]
enum Expected {
    Number,
    Text,
    List,
    Map,
    Block,
    Flag,
    Enum(&'static str, &'static [&'static str]),
}

impl Expected {
    fn words(self) -> String {
        match self {
            Expected::Number => "a whole number".into(),
            Expected::Text => "text in double quotes".into(),
            Expected::List => "a list `[...]`".into(),
            Expected::Map => "a map such as `{ \"tension\": 1 }`".into(),
            Expected::Block => "a `(...)` block of fields".into(),
            Expected::Flag => "`true` or `false`".into(),
            Expected::Enum(name, variants) => format!(
                "{} ({})",
                enum_words(name),
                variants
                    .iter()
                    .take(6)
                    .map(|v| format!("`{v}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
                    + if variants.len() > 6 { ", ..." } else { "" }
            ),
        }
    }
}

/// The author's word for each enum of the format.
fn enum_words(name: &str) -> &'static str {
    match name {
        "Difficulty" => "a difficulty",
        "RuptureKind" => "a kind of rupture",
        "Affect" => "an affect",
        "MarkerKind" => "a marker kind",
        "OptionKind" => "an option kind",
        "Strategy" => "a strategy",
        "EndingKind" => "an ending kind",
        "ConcernKind" => "a kind of concern",
        "Node" => "a kind of node",
        "SkinTone" => "a skin tone",
        "HairColour" => "a hair colour",
        "HairStyle" => "a hair style",
        "HairLength" => "a hair length",
        "FacialHair" => "a kind of facial hair",
        "HeadCovering" => "a head covering",
        "Top" => "a kind of top",
        "Colour" => "a colour",
        "Build" => "a build",
        _ => "a known value",
    }
}

/// What a value is, for messages.
fn found_words(v: &Value) -> String {
    match &v.kind {
        Kind::Str(s) if s.chars().count() <= 30 => format!("the text \"{s}\""),
        Kind::Str(_) => "a text".into(),
        Kind::Int(n) => format!("the number {n}"),
        Kind::SuffixedInt { value, suffix } => format!("the number {value}{suffix}"),
        Kind::Float(n) => format!("the number {n}"),
        Kind::Char(c) => format!("the character '{c}'"),
        Kind::Ident(s) => format!("`{}`", short(s)),
        Kind::Struct { name: Some(n), .. } | Kind::Tuple { name: Some(n), .. } => {
            format!("`{}(...)`", short(&n.text))
        }
        Kind::Struct { .. } | Kind::Tuple { .. } => "a `(...)` block".into(),
        Kind::List { .. } => "a list".into(),
        Kind::Map { .. } => "a map".into(),
        Kind::Error => "nothing readable".into(),
    }
}

fn short(s: &str) -> String {
    if s.chars().count() > 40 {
        s.chars().take(40).collect::<String>() + "..."
    } else {
        s.to_owned()
    }
}

/// Where a path points, in the author's words: "`attunement` of option
/// `its-fine` of turn `sorry-again`".
pub fn place(root: &Value, path: &[Seg]) -> String {
    let mut phrase: Option<String> = None;
    let mut cur: Option<&Value> = Some(root.inner());
    let mut pending: Option<&str> = None;
    for seg in path {
        match seg {
            Seg::Field(f) => {
                if let Some(pf) = pending {
                    phrase = Some(container(pf, phrase));
                    cur = cur.and_then(|v| v.field(pf)).map(Value::inner);
                }
                pending = Some(f);
            }
            Seg::Index(k) => {
                let pf = pending.take().unwrap_or("items");
                let item = cur
                    .and_then(|v| v.field(pf))
                    .and_then(|v| match &v.inner().kind {
                        Kind::List { items, .. } | Kind::Tuple { items, .. } => items.get(*k),
                        _ => None,
                    })
                    .map(Value::inner);
                let item_with_name =
                    cur.and_then(|v| v.field(pf))
                        .and_then(|v| match &v.inner().kind {
                            Kind::List { items, .. } => items.get(*k),
                            _ => None,
                        });
                phrase = Some(item_phrase(pf, *k, item, item_with_name, phrase));
                cur = item;
            }
            Seg::Key(key) => {
                let pf = pending.take().unwrap_or("map");
                let key = short(key);
                phrase = Some(match pf {
                    "state" => format!("state variable `{key}`"),
                    "effects" => format!("effect `{key}` of {}", of(phrase)),
                    _ => format!("`{key}` in `{pf}` of {}", of(phrase)),
                });
                cur = None;
            }
        }
    }
    match (pending, phrase) {
        (Some(f), None) => format!("`{f}`"),
        (Some(f), Some(p)) => format!("`{f}` of {p}"),
        (None, Some(p)) => p,
        (None, None) => "the scenario".into(),
    }
}

fn of(phrase: Option<String>) -> String {
    phrase.unwrap_or_else(|| "the scenario".into())
}

fn container(field: &str, phrase: Option<String>) -> String {
    match field {
        "client" => "the client".into(),
        "appearance" => "the client's appearance".into(),
        "marker" => format!("the marker of {}", of(phrase)),
        "checkin" => format!("the check-in of {}", of(phrase)),
        _ => match phrase {
            None => format!("`{field}`"),
            Some(p) => format!("`{field}` of {p}"),
        },
    }
}

fn item_phrase(
    field: &str,
    k: usize,
    item: Option<&Value>,
    named: Option<&Value>,
    phrase: Option<String>,
) -> String {
    let id = item
        .and_then(|v| v.field("id"))
        .and_then(Value::as_str)
        .map(short);
    let n = k + 1;
    match field {
        "nodes" => {
            let what = match named.and_then(Value::name) {
                Some("Client") => "turn",
                Some("Ending") => "ending",
                _ => "node",
            };
            match id {
                Some(id) => format!("{what} `{id}`"),
                None => format!("{what} {n} of `nodes`"),
            }
        }
        "options" => match id {
            Some(id) => format!("option `{id}` of {}", of(phrase)),
            None => format!("option {n} of {}", of(phrase)),
        },
        "branch" => format!("alternative {n} of the branch of {}", of(phrase)),
        "suggestions" => format!("suggestion {n} of {}", of(phrase)),
        _ => match phrase {
            None => format!("item {n} of `{field}`"),
            Some(p) => format!("item {n} of `{field}` of {p}"),
        },
    }
}

/// "`a`", "`a` or `b`", "`a`, `b` or `c`".
fn word_list(words: &[&str]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
    match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// The hint for a missing field.
fn missing_hint(field: &str) -> String {
    match field {
        "ownership" => "write `ownership: 1` to `5`, or `ownership: None` when ownership is not \
                        at stake in this moment"
            .into(),
        "attunement" => "write `attunement: 1` to `5` (3 answers the content adequately)".into(),
        "format" => "write `format: 1`".into(),
        "nodes" => "write `nodes: [ ... ]` with the client turns and endings".into(),
        _ => format!("add `{field}: ...`"),
    }
}

/// The hint for a number out of range, by field.
fn range_hint(field: Option<&str>, min: i128, max: i128) -> String {
    match field {
        Some("attunement" | "ownership" | "salience") => "scores are 1 to 5".into(),
        Some("weight") => "weights are positive whole numbers".into(),
        Some("state" | "effects") => {
            let (min, max) = (crate::model::STATE_MIN, crate::model::STATE_MAX);
            format!("client-state values are whole numbers from {min} to {max}")
        }
        _ => format!("use a whole number from {min} to {max}"),
    }
}

#[derive(Clone, Copy)]
struct De<'c, 't> {
    cx: &'c Cx<'t>,
    v: &'t Value,
    /// Read a struct without checking the name written before `(`: the
    /// name is an enum variant's (`Client(id: ...)`).
    nameless: bool,
    /// The value is the one item of `Some(..)` or of a variant such as
    /// `Client(..)`, whose name this is. `ron` reads a struct there only
    /// with its fields directly inside (`Some(kind: ..)`), so a struct
    /// in brackets of its own there is a mistake.
    wrapper: Option<&'t str>,
}

impl<'c, 't> De<'c, 't> {
    fn new(cx: &'c Cx<'t>, v: &'t Value) -> Self {
        De {
            cx,
            v,
            nameless: false,
            wrapper: None,
        }
    }

    fn missing(self) -> Self {
        De {
            v: &MISSING,
            nameless: true,
            ..self
        }
    }

    fn is_missing(&self) -> bool {
        self.v.kind == Kind::Error
    }

    /// The field that holds this value: its own, or for an entry of a map
    /// (`state`, `effects`) the map's.
    fn holder(&self) -> Option<&'static str> {
        match self.cx.path.borrow().as_slice() {
            [.., Seg::Field(f)] | [.., Seg::Field(f), Seg::Key(_)] => Some(*f),
            _ => None,
        }
    }

    /// Report a value of the wrong type and mark it as a stand-in.
    fn wrong_type(&self, expected: Expected) {
        if self.is_missing() {
            return;
        }
        let hint = match (&self.v.kind, expected) {
            (Kind::Str(s), Expected::Enum(_, variants)) => {
                match variants.iter().find(|v| **v == s.as_str()) {
                    Some(v) => Some(format!("write it without quotes: `{v}`")),
                    None => {
                        closest(s, variants.iter().copied()).map(|c| format!("did you mean `{c}`?"))
                    }
                }
            }
            (Kind::Ident(_), Expected::Text) => Some("put text in double quotes: `\"...\"`".into()),
            (Kind::Float(_), Expected::Number) => Some("use a whole number".into()),
            _ => None,
        };
        self.cx.report(
            Code::BadValue,
            (self.v.start, self.v.end),
            format!(
                "{} should be {}, not {}",
                self.cx.place(),
                expected.words(),
                found_words(self.v)
            ),
            hint,
        );
        self.cx.poison(None);
    }

    /// An integer of type `T` (named `ty`), or a report and `None`.
    fn int<T: TryFrom<i128>>(&self, ty: &str, min: i128, max: i128) -> Option<T> {
        let n = match &self.v.kind {
            Kind::SuffixedInt { value, suffix } => {
                // `ron` reads `5u8` only as a `u8`.
                if *suffix != ty {
                    self.cx.report(
                        Code::BadValue,
                        (self.v.start, self.v.end),
                        format!(
                            "{} is written with the type suffix `{suffix}`, which it does not take",
                            self.cx.place()
                        ),
                        Some(format!("write it without the suffix: `{value}`")),
                    );
                }
                value
            }
            Kind::Int(n) => n,
            _ => {
                self.wrong_type(Expected::Number);
                return None;
            }
        };
        match T::try_from(*n) {
            Ok(v) => Some(v),
            Err(_) => {
                self.cx.report(
                    Code::BadValue,
                    (self.v.start, self.v.end),
                    format!("{} is {n}, which is out of range", self.cx.place()),
                    Some(range_hint(self.holder(), min, max)),
                );
                self.cx.poison(None);
                None
            }
        }
    }
}

macro_rules! int_method {
    ($method:ident, $ty:ty, $visit:ident) => {
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
            let n = self
                .int::<$ty>(
                    stringify!($ty),
                    i128::from(<$ty>::MIN),
                    i128::from(<$ty>::MAX),
                )
                .unwrap_or_default();
            visitor.$visit(n)
        }
    };
}

impl<'de> de::Deserializer<'de> for De<'_, '_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.v.kind {
            Kind::Str(s) => visitor.visit_str(s),
            Kind::Int(n) | Kind::SuffixedInt { value: n, .. } => match i64::try_from(*n) {
                Ok(n) => visitor.visit_i64(n),
                Err(_) => visitor.visit_i128(*n),
            },
            Kind::Float(f) => visitor.visit_f64(*f),
            Kind::Char(c) => visitor.visit_char(*c),
            Kind::Ident(s) if s == "true" || s == "false" => visitor.visit_bool(s == "true"),
            Kind::Ident(s) => visitor.visit_str(s),
            Kind::List { .. } | Kind::Tuple { .. } => self.deserialize_seq(visitor),
            Kind::Map { .. } => self.deserialize_map(visitor),
            Kind::Struct { fields, .. } => visitor.visit_map(FieldsAccess {
                cx: self.cx,
                fields: fields.iter().collect(),
                i: 0,
            }),
            Kind::Error => visitor.visit_unit(),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.v.kind {
            Kind::Ident(s) if s == "true" || s == "false" => {
                self.not_raw(s, self.v.start, self.v.end);
                visitor.visit_bool(s == "true")
            }
            _ => {
                self.wrong_type(Expected::Flag);
                visitor.visit_bool(false)
            }
        }
    }

    int_method!(deserialize_i8, i8, visit_i8);
    int_method!(deserialize_i16, i16, visit_i16);
    int_method!(deserialize_i32, i32, visit_i32);
    int_method!(deserialize_i64, i64, visit_i64);
    int_method!(deserialize_u8, u8, visit_u8);
    int_method!(deserialize_u16, u16, visit_u16);
    int_method!(deserialize_u32, u32, visit_u32);
    int_method!(deserialize_u64, u64, visit_u64);

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.v.kind {
            Kind::Float(f) => visitor.visit_f64(*f),
            Kind::Int(n) => visitor.visit_f64(*n as f64),
            _ => {
                self.wrong_type(Expected::Number);
                visitor.visit_f64(0.0)
            }
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.v.kind {
            Kind::Char(c) => visitor.visit_char(*c),
            _ => {
                self.wrong_type(Expected::Text);
                visitor.visit_char(' ')
            }
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.v.kind {
            Kind::Str(s) => visitor.visit_str(s),
            _ => {
                self.wrong_type(Expected::Text);
                visitor.visit_str("")
            }
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.v.kind {
            Kind::Error => visitor.visit_none(),
            Kind::Ident(s) if s == "None" => {
                self.not_raw("None", self.v.start, self.v.end);
                visitor.visit_none()
            }
            Kind::Tuple {
                name: Some(n),
                items,
                ..
            } if n.text == "Some" && items.len() == 1 => {
                self.not_raw("Some", n.start, n.end);
                visitor.visit_some(De {
                    wrapper: Some("Some"),
                    ..De::new(self.cx, &items[0])
                })
            }
            Kind::Struct { name: Some(n), .. } if n.text == "Some" => {
                self.not_raw("Some", n.start, n.end);
                visitor.visit_some(De {
                    nameless: true,
                    ..self
                })
            }
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.v.kind {
            Kind::Tuple { items, .. } if items.is_empty() => {}
            _ => self.wrong_type(Expected::Block),
        }
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let items: &[Value] = match &self.v.kind {
            Kind::List { items, .. } => items,
            Kind::Error => &[],
            _ => {
                self.wrong_type(Expected::List);
                &[]
            }
        };
        visitor.visit_seq(Items {
            cx: self.cx,
            items,
            i: 0,
        })
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match &self.v.kind {
            Kind::Tuple { items, .. } => visitor.visit_seq(Items {
                cx: self.cx,
                items,
                i: 0,
            }),
            _ => self.deserialize_seq(visitor),
        }
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_tuple(len, visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let entries: &[(Value, Value)] = match &self.v.kind {
            Kind::Map { entries, .. } => entries,
            Kind::Error => &[],
            _ => {
                self.wrong_type(Expected::Map);
                &[]
            }
        };
        visitor.visit_map(Entries {
            cx: self.cx,
            entries,
            i: 0,
        })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        if let Some(probe) = &self.cx.probe
            && self.cx.path.borrow().is_empty()
        {
            let mut p = probe.borrow_mut();
            p.1 = name;
            let present: Vec<(&'static str, &Value)> = p.0.iter().map(|f| (*f, &MISSING)).collect();
            drop(p);
            return visitor.visit_map(Present {
                cx: self.cx,
                fields: present,
                i: 0,
            });
        }
        if let Some(wrapper) = self.wrapper
            && matches!(self.v.kind, Kind::Struct { .. } | Kind::Tuple { .. })
        {
            self.struct_in_brackets(wrapper);
        }
        let present = match &self.v.kind {
            Kind::Struct {
                name: written,
                fields: given,
                damaged,
            } => {
                if !self.nameless && self.wrapper.is_none() {
                    self.check_name(written.as_ref(), name);
                }
                self.struct_fields(name, fields, given, *damaged)
            }
            Kind::Tuple { items, .. } if items.is_empty() => {
                self.struct_fields(name, fields, &[], false)
            }
            Kind::Error => fields.iter().map(|f| (*f, &MISSING)).collect(),
            _ => {
                self.wrong_type(Expected::Block);
                fields.iter().map(|f| (*f, &MISSING)).collect()
            }
        };
        visitor.visit_map(Present {
            cx: self.cx,
            fields: present,
            i: 0,
        })
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let fallback = variants.first().copied().unwrap_or("");
        let (variant, content) = match &self.v.kind {
            Kind::Ident(s) => (self.variant(name, variants, s, self.v, true), Content::Unit),
            Kind::Struct { name: Some(n), .. } => (
                self.variant(name, variants, &n.text, self.v, false),
                Content::Nameless(self.v),
            ),
            Kind::Tuple {
                name: Some(n),
                items,
                ..
            } => (
                self.variant(name, variants, &n.text, self.v, false),
                Content::Items(items),
            ),
            Kind::Error => (fallback, Content::Missing),
            _ => {
                self.wrong_type(Expected::Enum(name, variants));
                let guess = match &self.v.kind {
                    Kind::Str(s) => variants.iter().find(|v| **v == s.as_str()).copied(),
                    _ => None,
                };
                (guess.unwrap_or(fallback), Content::Missing)
            }
        };
        visitor.visit_enum(EnumAcc {
            de: self,
            variant,
            content,
        })
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.v.kind {
            Kind::Str(s) | Kind::Ident(s) => visitor.visit_str(s),
            _ => visitor.visit_str(""),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }
}

impl<'t> De<'_, 't> {
    /// `r#None`, `r#Some(..)`, `r#true` and `r#false` are names, not
    /// `None`, `Some(..)` or a flag, to `ron`: report a raw identifier
    /// there (and read it as meant).
    fn not_raw(&self, word: &str, start: usize, end: usize) {
        if end - start != word.len() {
            self.cx.report(
                Code::Syntax,
                (start, end),
                format!("`r#{word}` is not `{word}` ({})", self.cx.place()),
                Some(format!("write `{word}` without `r#`")),
            );
        }
    }

    /// A struct in brackets of its own inside `Some(..)` or a variant:
    /// `Client((id: ..))` or `Some(Marker(kind: ..))`, where the fields go
    /// directly inside, `Client(id: ..)`.
    fn struct_in_brackets(&self, wrapper: &str) {
        let inner = self.v.name().map(short);
        let message = match &inner {
            Some(inner) => format!(
                "{} is written `{wrapper}({inner}(...))`; the fields go directly inside \
                 `{wrapper}(...)`",
                self.cx.place()
            ),
            None => format!(
                "{} is written `{wrapper}((...))`, with one pair of brackets too many",
                self.cx.place()
            ),
        };
        // `Some` may as well go: an optional value can be written bare.
        let hint = match (wrapper, &inner) {
            ("Some", Some(inner)) => format!("leave out `Some`: write `{inner}(...)`"),
            ("Some", None) => "leave out `Some`: write `(...)`".to_owned(),
            (_, Some(inner)) => format!("write `{wrapper}(field: ..., ...)`, without `{inner}`"),
            (_, None) => {
                format!("write `{wrapper}(field: ..., ...)`, with the fields directly inside")
            }
        };
        let end = match &inner {
            Some(_) => self.v.start + self.head_len(),
            None => self.v.start + 1,
        };
        self.cx
            .report(Code::Syntax, (self.v.start, end), message, Some(hint));
    }

    fn check_name(&self, written: Option<&crate::syntax::Name>, expected: &str) {
        if let Some(n) = written
            && n.text != expected
            && !expected.is_empty()
        {
            self.cx.report(
                Code::Syntax,
                (n.start, n.end),
                format!(
                    "{} is written `{}(...)`, but it should be `{expected}(...)`",
                    self.cx.place(),
                    short(&n.text)
                ),
                Some(format!("rename it to `{expected}`, or leave the name out")),
            );
        }
    }

    /// Match the fields written to the fields of the struct: unknown ones
    /// reported (and a misspelling of a missing field read as that field),
    /// repeated ones reported, missing required ones reported and given a
    /// stand-in.
    fn struct_fields(
        &self,
        name: &'static str,
        known: &'static [&'static str],
        given: &'t [Field],
        damaged: bool,
    ) -> Vec<(&'static str, &'t Value)> {
        let mut present: Vec<(&'static str, &'t Value)> = Vec::with_capacity(known.len());
        for f in given {
            let text = f.name.text.as_str();
            if let Some(k) = known.iter().find(|k| **k == text) {
                if present.iter().any(|(p, _)| p == k) {
                    self.cx.report(
                        Code::DuplicateField,
                        (f.name.start, f.name.end),
                        format!("`{k}` is given twice in {}", self.cx.place()),
                        Some("remove one of them".into()),
                    );
                } else {
                    present.push((k, &f.value));
                }
                continue;
            }
            self.unknown_field(known, given, f, &mut present);
        }
        if damaged {
            // Part of this block was lost to a syntax error (reported):
            // what validation would say about it may be wrong.
            self.cx.poison(None);
        }
        let required = self.cx.required.get(name).map_or(&[][..], Vec::as_slice);
        let missing: Vec<&'static str> = required
            .iter()
            .copied()
            .filter(|r| !present.iter().any(|(p, _)| p == r))
            .collect();
        if !missing.is_empty() && !damaged {
            let at = (self.v.start, self.v.start + self.head_len());
            self.cx.report(
                Code::MissingField,
                at,
                format!("{} has no {}", self.cx.place(), word_list(&missing)),
                Some(match missing.as_slice() {
                    [one] => missing_hint(one),
                    _ if missing.contains(&"ownership") => {
                        format!("add them; {}", missing_hint("ownership"))
                    }
                    many => format!(
                        "add them: {}",
                        many.iter()
                            .map(|f| format!("`{f}: ...`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                }),
            );
        }
        for r in missing {
            self.cx.poison(Some(Seg::Field(r)));
            present.push((r, &MISSING));
        }
        present
    }

    /// How much of the value's first line the caret covers for a missing
    /// field: its name and `(`.
    fn head_len(&self) -> usize {
        match self.v.name() {
            Some(n) => n.len() + 1,
            None => 1,
        }
    }

    fn unknown_field(
        &self,
        known: &'static [&'static str],
        given: &'t [Field],
        f: &'t Field,
        present: &mut Vec<(&'static str, &'t Value)>,
    ) {
        let text = f.name.text.as_str();
        let written = |k: &str| given.iter().any(|g| g.name.text == k);
        let absent = known
            .iter()
            .copied()
            .filter(|k| !written(k) && !present.iter().any(|(p, _)| p == k));
        let guess = closest(text, absent);
        let hint = match guess {
            Some(g) => format!("did you mean `{g}`?"),
            None => format!(
                "the fields here are {}",
                known
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        self.cx.report(
            Code::UnknownField,
            (f.name.start, f.name.end),
            format!("{} has no field `{}`", self.cx.place(), short(text)),
            Some(hint),
        );
        if let Some(g) = guess {
            present.push((g, &f.value));
        }
    }

    /// Check a variant name; report an unknown one and pick a stand-in.
    fn variant(
        &self,
        name: &'static str,
        variants: &'static [&'static str],
        written: &str,
        v: &Value,
        unit: bool,
    ) -> &'static str {
        if let Some(ok) = variants.iter().find(|x| **x == written) {
            return ok;
        }
        let guess = closest(written, variants.iter().copied());
        let list = variants
            .iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let hint = match (crate::appearance::value_hint(name, written), guess) {
            (Some(h), _) => h,
            (None, Some(g)) => format!("did you mean `{g}`?"),
            (None, None) => format!("use one of {list}"),
        };
        let end = match &v.kind {
            Kind::Struct { name: Some(n), .. } | Kind::Tuple { name: Some(n), .. } => n.end,
            _ => v.end,
        };
        let what = if name == "Node" {
            format!("`{}` is not a kind of node", short(written))
        } else {
            format!(
                "`{}` is not {} ({})",
                short(written),
                enum_words(name),
                self.cx.place()
            )
        };
        self.cx
            .report(Code::UnknownVariant, (v.start, end), what, Some(hint));
        // A guessed value is a stand-in; a node read as its likely kind
        // keeps its contents checked.
        if unit || guess.is_none() {
            self.cx.poison(None);
        }
        guess.unwrap_or_else(|| variants.first().copied().unwrap_or(""))
    }
}

enum Content<'t> {
    Unit,
    Nameless(&'t Value),
    Items(&'t [Value]),
    Missing,
}

struct EnumAcc<'c, 't> {
    de: De<'c, 't>,
    variant: &'static str,
    content: Content<'t>,
}

impl<'de, 'c, 't> de::EnumAccess<'de> for EnumAcc<'c, 't> {
    type Error = DeError;
    type Variant = Self;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self), DeError> {
        let d: de::value::StrDeserializer<DeError> = self.variant.into_deserializer();
        Ok((seed.deserialize(d)?, self))
    }
}

impl<'de> de::VariantAccess<'de> for EnumAcc<'_, '_> {
    type Error = DeError;

    fn unit_variant(self) -> Result<(), DeError> {
        // `Beginner()` too: `ron` reads nothing after a unit variant.
        let given = match self.content {
            Content::Nameless(v) | Content::Items([v, ..]) => Some(v),
            Content::Items([]) => Some(self.de.v),
            Content::Unit | Content::Missing => None,
        };
        if let Some(v) = given {
            self.de.cx.report(
                Code::BadValue,
                (v.start, v.end),
                format!(
                    "`{}` takes no value in parentheses ({})",
                    self.variant,
                    self.de.cx.place()
                ),
                Some(format!("write just `{}`", self.variant)),
            );
        }
        Ok(())
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, DeError> {
        let de = self.de;
        match self.content {
            Content::Nameless(v) => seed.deserialize(De {
                v,
                nameless: true,
                ..de
            }),
            Content::Items([v]) => {
                let wrapper = match &de.v.kind {
                    Kind::Tuple { name: Some(n), .. } => Some(n.text.as_str()),
                    _ => None,
                };
                seed.deserialize(De {
                    wrapper,
                    ..De::new(de.cx, v)
                })
            }
            Content::Items(_) | Content::Unit => {
                de.cx.report(
                    Code::BadValue,
                    (de.v.start, de.v.end),
                    format!(
                        "`{}` needs its fields in parentheses: `{}(id: \"...\", ...)`",
                        self.variant, self.variant
                    ),
                    None,
                );
                de.cx.poison(None);
                seed.deserialize(de.missing())
            }
            Content::Missing => seed.deserialize(de.missing()),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, DeError> {
        let items = match self.content {
            Content::Items(items) => items,
            _ => &[],
        };
        visitor.visit_seq(Items {
            cx: self.de.cx,
            items,
            i: 0,
        })
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let de = match self.content {
            Content::Nameless(v) => De {
                v,
                nameless: true,
                ..self.de
            },
            _ => self.de.missing(),
        };
        de::Deserializer::deserialize_struct(de, "", fields, visitor)
    }
}

/// The fields of a struct, each already matched to a field name.
struct Present<'c, 't> {
    cx: &'c Cx<'t>,
    fields: Vec<(&'static str, &'t Value)>,
    i: usize,
}

impl<'de> de::MapAccess<'de> for Present<'_, '_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some((name, _)) = self.fields.get(self.i) else {
            return Ok(None);
        };
        let d: de::value::StrDeserializer<DeError> = (*name).into_deserializer();
        seed.deserialize(d).map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, DeError> {
        let (name, v) = self.fields[self.i];
        self.i += 1;
        self.cx
            .with(Seg::Field(name), || seed.deserialize(De::new(self.cx, v)))
    }
}

/// The fields of a struct read as a map (`deserialize_any`).
struct FieldsAccess<'c, 't> {
    cx: &'c Cx<'t>,
    fields: Vec<&'t Field>,
    i: usize,
}

impl<'de> de::MapAccess<'de> for FieldsAccess<'_, '_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some(f) = self.fields.get(self.i) else {
            return Ok(None);
        };
        let d: de::value::StrDeserializer<DeError> = f.name.text.as_str().into_deserializer();
        seed.deserialize(d).map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, DeError> {
        let f = self.fields[self.i];
        self.i += 1;
        seed.deserialize(De::new(self.cx, &f.value))
    }
}

struct Items<'c, 't> {
    cx: &'c Cx<'t>,
    items: &'t [Value],
    i: usize,
}

impl<'de> de::SeqAccess<'de> for Items<'_, '_> {
    type Error = DeError;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, DeError> {
        let Some(v) = self.items.get(self.i) else {
            return Ok(None);
        };
        let i = self.i;
        self.i += 1;
        self.cx
            .with(Seg::Index(i), || seed.deserialize(De::new(self.cx, v)))
            .map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len() - self.i)
    }
}

struct Entries<'c, 't> {
    cx: &'c Cx<'t>,
    entries: &'t [(Value, Value)],
    i: usize,
}

impl<'de> de::MapAccess<'de> for Entries<'_, '_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some((k, _)) = self.entries.get(self.i) else {
            return Ok(None);
        };
        seed.deserialize(De::new(self.cx, k)).map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, DeError> {
        let (k, v) = &self.entries[self.i];
        self.i += 1;
        let key = match &k.kind {
            Kind::Str(s) => s.clone(),
            _ => self.cx.src_of(k),
        };
        self.cx
            .with(Seg::Key(key), || seed.deserialize(De::new(self.cx, v)))
    }
}

impl Cx<'_> {
    fn src_of(&self, v: &Value) -> String {
        match &v.kind {
            Kind::Ident(s) => s.clone(),
            Kind::Int(n) => n.to_string(),
            Kind::SuffixedInt { value, suffix } => format!("{value}{suffix}"),
            _ => "?".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{Difficulty, Marker, Node};
    use crate::load::{ron_options, scenario_fields};
    use crate::syntax;

    /// Decode `src` as a `T`; also checks that `ron` reads it (`ron_ok`)
    /// or refuses it, as the decoder must agree.
    fn read<T: DeserializeOwned>(
        src: &str,
        ron_ok: bool,
    ) -> (Option<T>, Vec<(&'static str, String)>) {
        assert_eq!(
            ron_options().from_str::<T>(src).is_ok(),
            ron_ok,
            "ron on {src}"
        );
        let tree = syntax::parse(src);
        assert!(tree.errors.is_empty(), "{:?}", tree.errors);
        let d = decode::<T>(&tree.root, Path::new("t.ron"), scenario_fields());
        let diags = d
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.message.clone()))
            .collect();
        (d.value, diags)
    }

    #[test]
    fn an_integer_suffix_must_name_the_type_read() {
        let (m, d) = read::<Marker>("(kind: Denial, salience: 3u8)", true);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(m.unwrap().salience, 3);
        let (_, d) = read::<Marker>("(kind: Denial, salience: b'\\x03')", true);
        assert!(d.is_empty(), "{d:?}");

        let (m, d) = read::<Marker>("(kind: Denial, salience: 3u32)", false);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].0, "bad-value");
        assert!(d[0].1.contains("suffix `u32`"), "{}", d[0].1);
        // Read as meant all the same.
        assert_eq!(m.unwrap().salience, 3);
    }

    #[test]
    fn raw_none_some_and_flags_are_names_not_values() {
        assert_eq!(read::<Option<u8>>("None", true), (Some(None), vec![]));
        assert_eq!(read::<Option<u8>>("Some(3)", true), (Some(Some(3)), vec![]));
        for src in ["r#None", "r#Some(3)"] {
            let (_, d) = read::<Option<u8>>(src, false);
            assert_eq!(d.len(), 1, "{src}: {d:?}");
            assert_eq!(d[0].0, "syntax");
            assert!(d[0].1.starts_with("`r#"), "{}", d[0].1);
        }
        assert_eq!(read::<bool>("true", true), (Some(true), vec![]));
        for src in ["r#true", "r#false"] {
            let (b, d) = read::<bool>(src, false);
            assert_eq!(d.len(), 1, "{src}: {d:?}");
            assert_eq!(d[0].0, "syntax");
            assert!(d[0].1.starts_with("`r#"), "{}", d[0].1);
            assert_eq!(b, Some(src == "r#true"), "read as meant");
        }
    }

    #[test]
    fn a_struct_inside_some_or_a_variant_takes_its_fields_directly() {
        let (m, d) = read::<Option<Marker>>("Some(kind: Denial, salience: 2)", true);
        assert!(d.is_empty(), "{d:?}");
        assert!(m.unwrap().is_some());
        for src in [
            "Some((kind: Denial, salience: 2))",
            "Some(Marker(kind: Denial, salience: 2))",
        ] {
            let (m, d) = read::<Option<Marker>>(src, false);
            assert_eq!(d.len(), 1, "{src}: {d:?}");
            assert_eq!(d[0].0, "syntax");
            assert!(m.unwrap().is_some(), "read as meant");
        }

        let fields = r#"id: "end", kind: Repaired, title: "T", summary: "S""#;
        let (n, d) = read::<Node>(&format!("Ending({fields})"), true);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(n.unwrap().id(), "end");
        for src in [
            format!("Ending(({fields}))"),
            format!("Ending(Ending({fields}))"),
        ] {
            let (n, d) = read::<Node>(&src, false);
            assert_eq!(d.len(), 1, "{src}: {d:?}");
            assert!(d[0].1.contains("`Ending("), "{}", d[0].1);
            assert_eq!(n.unwrap().id(), "end");
        }
    }

    #[test]
    fn an_appearance_reads_as_ron_reads_it() {
        use crate::format::{Build, Client, HairStyle, HeadCovering};
        let base = r#"name: "Sam", age: 30, background: "", concern: """#;
        let (c, d) = read::<Client>(&format!("({base})"), true);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.unwrap().appearance, None);
        let (c, d) = read::<Client>(&format!("({base}, appearance: ())"), true);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.unwrap().appearance, Some(Default::default()));
        let src = format!(
            "({base}, appearance: (hair_style: Locs, head_covering: Hood, glasses: true, \
             greying: false, facial_hair: None, build: Broad))"
        );
        let (c, d) = read::<Client>(&src, true);
        assert!(d.is_empty(), "{d:?}");
        let a = c.unwrap().appearance.unwrap();
        assert_eq!(a.hair_style, Some(HairStyle::Locs));
        assert_eq!(a.head_covering, Some(HeadCovering::Hood));
        assert!(a.glasses);
        assert_eq!(a.greying, Some(false));
        assert_eq!(a.facial_hair, None);
        assert_eq!(a.build, Some(Build::Broad));
    }

    #[test]
    fn mistakes_in_an_appearance_are_named_with_a_way_out() {
        use crate::format::ScenarioFile;
        let mini = include_str!("../tests/fixtures/mini.ron");
        let concern = "concern: \"Low mood since a move.\",";
        assert!(mini.contains(concern));
        for (field, code, message, hint) in [
            (
                "hair_color: Brown",
                "unknown-field",
                "`appearance` of the client has no field `hair_color`",
                "did you mean `hair_colour`?",
            ),
            (
                "skin: Dark",
                "unknown-variant",
                "`Dark` is not a skin tone (`skin` of the client's appearance)",
                "the format calls it `MediumDeep` or `Deep`",
            ),
            (
                "hair_style: Afro",
                "unknown-variant",
                "`Afro` is not a hair style (`hair_style` of the client's appearance)",
                "the format calls it `Coily`",
            ),
            (
                "hair_style: Long",
                "unknown-variant",
                "`Long` is not a hair style (`hair_style` of the client's appearance)",
                "`Long` goes in `hair_length`: write `hair_length: Long`, and pick another value here",
            ),
            (
                "head_covering: Hod",
                "unknown-variant",
                "`Hod` is not a head covering (`head_covering` of the client's appearance)",
                "did you mean `Hood`?",
            ),
            (
                "glasses: \"yes\"",
                "bad-value",
                "`glasses` of the client's appearance should be `true` or `false`, not the text \"yes\"",
                "",
            ),
            (
                "build: 3",
                "bad-value",
                "`build` of the client's appearance should be a build (`Slight`, `Average`, `Broad`, `Large`), not the number 3",
                "",
            ),
        ] {
            let src = mini.replace(concern, &format!("{concern} appearance: ({field}),"));
            assert!(
                ron_options().from_str::<ScenarioFile>(&src).is_err(),
                "{field}"
            );
            let tree = syntax::parse(&src);
            let d = decode::<ScenarioFile>(&tree.root, Path::new("t.ron"), scenario_fields());
            assert_eq!(d.diagnostics.len(), 1, "{field}: {:?}", d.diagnostics);
            let got = &d.diagnostics[0];
            assert_eq!(got.code.as_str(), code, "{field}");
            assert_eq!(got.message, message, "{field}");
            assert_eq!(got.hint.as_deref().unwrap_or(""), hint, "{field}");
            // The caret is on the field's name when the name is wrong,
            // else on its value.
            let Some(Span::Bytes { start, .. }) = got.span else {
                panic!("{field}: no span");
            };
            let name_at = src.find(field).unwrap();
            let value_at = name_at + field.find(':').unwrap() + 2;
            let expected = if code == "unknown-field" {
                name_at
            } else {
                value_at
            };
            assert_eq!(start, expected, "{field}");
        }
    }

    #[test]
    fn a_unit_variant_takes_no_brackets() {
        assert_eq!(
            read::<Difficulty>("Beginner", true),
            (Some(Difficulty::Beginner), vec![])
        );
        let (_, d) = read::<Difficulty>("Beginner()", false);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].0, "bad-value");
    }
}
