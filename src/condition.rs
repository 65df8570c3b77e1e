//! Conditions on client state: `tension >= 5 and alliance < 3`.
//!
//! The language is deliberately small: comparisons of a declared variable
//! with an integer, joined by `and`. Parse errors carry the byte offset
//! inside the condition string so the loader can point at them, and `or`
//! has an error kind of its own so that callers can say what to write
//! instead.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

impl Op {
    fn as_str(self) -> &'static str {
        match self {
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Eq => "==",
            Op::Ne => "!=",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    pub var: String,
    /// The variable's index in the scenario's client state (see
    /// [`crate::model::Scenario::vars`]), once validation has resolved it;
    /// [`UNRESOLVED`] until then.
    pub slot: usize,
    /// Byte offset of the variable name inside the condition text.
    pub var_offset: usize,
    pub op: Op,
    pub value: i32,
}

/// The [`Comparison::slot`] of a variable not resolved (yet): it reads as 0.
pub const UNRESOLVED: usize = usize::MAX;

/// A parsed condition: all comparisons must hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    pub all: Vec<Comparison>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionError {
    /// Byte offset inside the condition text.
    pub offset: usize,
    pub len: usize,
    pub message: String,
    pub kind: ErrorKind,
}

/// What kind of mistake a [`ConditionError`] is, for callers that explain
/// some mistakes more fully than the message does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The text does not follow the grammar.
    Syntax,
    /// Comparisons joined by `or` (or `||`), which the language leaves out.
    Or,
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, c) in self.all.iter().enumerate() {
            if i > 0 {
                f.write_str(" and ")?;
            }
            write!(f, "{} {} {}", c.var, c.op.as_str(), c.value)?;
        }
        Ok(())
    }
}

impl Condition {
    pub fn parse(text: &str) -> Result<Condition, ConditionError> {
        let tokens = tokenize(text)?;
        let mut all = Vec::new();
        let mut i = 0;
        loop {
            let (var, var_offset) = match tokens.get(i) {
                Some(Tok {
                    kind: TokKind::Word(w),
                    offset,
                    ..
                }) if w != "and" => (w.clone(), *offset),
                Some(t) => return Err(t.error("expected a variable name")),
                None => return Err(end_error(text, "expected a variable name")),
            };
            let op = match tokens.get(i + 1) {
                Some(Tok {
                    kind: TokKind::Op(op),
                    ..
                }) => *op,
                Some(t) => return Err(t.error("expected one of < <= > >= == !=")),
                None => return Err(end_error(text, "expected one of < <= > >= == !=")),
            };
            let value = match tokens.get(i + 2) {
                Some(Tok {
                    kind: TokKind::Int(v),
                    ..
                }) => *v,
                Some(t) => return Err(t.error("expected a whole number")),
                None => return Err(end_error(text, "expected a whole number")),
            };
            all.push(Comparison {
                var,
                slot: UNRESOLVED,
                var_offset,
                op,
                value,
            });
            match tokens.get(i + 3) {
                None => break,
                Some(Tok {
                    kind: TokKind::Word(w),
                    ..
                }) if w == "and" => i += 4,
                Some(t) if t.is_or() => return Err(t.or_error()),
                Some(t) => return Err(t.error("expected `and` or the end of the condition")),
            }
        }
        Ok(Condition { all })
    }

    /// Point each comparison at its variable's index in the client state:
    /// `slot_of` gives the index of a name. Returns the comparisons whose
    /// variable has none (they stay [`UNRESOLVED`]).
    pub fn resolve(&mut self, slot_of: impl Fn(&str) -> Option<usize>) -> Vec<&Comparison> {
        for c in &mut self.all {
            c.slot = slot_of(&c.var).unwrap_or(UNRESOLVED);
        }
        self.all.iter().filter(|c| c.slot == UNRESOLVED).collect()
    }

    /// Whether every comparison holds when the client state is `values`
    /// (one value per variable, by index). A variable not resolved reads
    /// as 0.
    pub fn holds(&self, values: &[i32]) -> bool {
        self.all.iter().all(|c| {
            let v = values.get(c.slot).copied().unwrap_or(0);
            match c.op {
                Op::Lt => v < c.value,
                Op::Le => v <= c.value,
                Op::Gt => v > c.value,
                Op::Ge => v >= c.value,
                Op::Eq => v == c.value,
                Op::Ne => v != c.value,
            }
        })
    }
}

#[derive(Debug)]
enum TokKind {
    Word(String),
    Op(Op),
    Int(i32),
    /// `||`, kept only to explain that `or` is not supported.
    OrOr,
}

#[derive(Debug)]
struct Tok {
    kind: TokKind,
    offset: usize,
    len: usize,
}

impl Tok {
    fn error(&self, message: &str) -> ConditionError {
        ConditionError {
            offset: self.offset,
            len: self.len,
            message: message.to_owned(),
            kind: ErrorKind::Syntax,
        }
    }

    fn is_or(&self) -> bool {
        match &self.kind {
            TokKind::Word(w) => w.eq_ignore_ascii_case("or"),
            TokKind::OrOr => true,
            _ => false,
        }
    }

    fn or_error(&self) -> ConditionError {
        ConditionError {
            kind: ErrorKind::Or,
            ..self.error("`or` is not supported in conditions")
        }
    }
}

/// A character as it may be shown in a message: letters, digits and
/// ASCII punctuation as they are, anything else (control characters,
/// invisible marks) by code point.
fn shown(c: char) -> String {
    if c.is_ascii_graphic() || c.is_alphanumeric() {
        format!("`{c}`")
    } else {
        format!("U+{:04X}", u32::from(c))
    }
}

fn end_error(text: &str, message: &str) -> ConditionError {
    ConditionError {
        offset: text.len(),
        len: 1,
        message: format!("{message}, found the end of the condition"),
        kind: ErrorKind::Syntax,
    }
}

fn tokenize(text: &str) -> Result<Vec<Tok>, ConditionError> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'-')
            {
                i += 1;
            }
            out.push(Tok {
                kind: TokKind::Word(text[start..i].to_owned()),
                offset: start,
                len: i - start,
            });
        } else if c.is_ascii_digit()
            || (c == b'-' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            let start = i;
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let value = text[start..i].parse().map_err(|_| ConditionError {
                offset: start,
                len: i - start,
                message: "number out of range".to_owned(),
                kind: ErrorKind::Syntax,
            })?;
            out.push(Tok {
                kind: TokKind::Int(value),
                offset: start,
                len: i - start,
            });
        } else {
            let two = text.get(i..i + 2).unwrap_or("");
            let (kind, len) = match two {
                "<=" => (TokKind::Op(Op::Le), 2),
                ">=" => (TokKind::Op(Op::Ge), 2),
                "==" => (TokKind::Op(Op::Eq), 2),
                "!=" => (TokKind::Op(Op::Ne), 2),
                "||" => (TokKind::OrOr, 2),
                _ => match c {
                    b'<' => (TokKind::Op(Op::Lt), 1),
                    b'>' => (TokKind::Op(Op::Gt), 1),
                    _ => {
                        let ch = text[i..].chars().next().unwrap_or('?');
                        return Err(ConditionError {
                            offset: i,
                            len: ch.len_utf8(),
                            message: format!("unexpected {} in condition", shown(ch)),
                            kind: ErrorKind::Syntax,
                        });
                    }
                },
            };
            out.push(Tok {
                kind,
                offset: i,
                len,
            });
            i += len;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` parsed and resolved against the variables of `pairs`, and
    /// their values.
    fn parsed(text: &str, pairs: &[(&str, i32)]) -> (Condition, Vec<i32>) {
        let mut c = Condition::parse(text).unwrap();
        let unknown = c.resolve(|name| pairs.iter().position(|(k, _)| *k == name));
        assert!(unknown.is_empty());
        (c, pairs.iter().map(|(_, v)| *v).collect())
    }

    #[test]
    fn parses_and_evaluates_conjunctions() {
        let text = "tension >= 5 and alliance < 3";
        let (c, v) = parsed(text, &[("tension", 5), ("alliance", 2)]);
        assert_eq!(c.to_string(), "tension >= 5 and alliance < 3");
        assert!(c.holds(&v));
        assert!(!c.holds(&parsed(text, &[("tension", 4), ("alliance", 2)]).1));
        assert!(!c.holds(&parsed(text, &[("tension", 6), ("alliance", 3)]).1));
        // The same values in another order of variables.
        let (c, v) = parsed(text, &[("alliance", 2), ("tension", 5)]);
        assert!(c.holds(&v));
        // A variable not resolved reads as 0.
        let c = Condition::parse("missing == 0").unwrap();
        assert!(c.holds(&[7]));
    }

    #[test]
    fn negative_numbers_and_all_operators() {
        for (text, expect) in [
            ("x == -2", true),
            ("x != -2", false),
            ("x > -3", true),
            ("x <= -3", false),
        ] {
            let (c, v) = parsed(text, &[("x", -2)]);
            assert_eq!(c.holds(&v), expect, "{text}");
        }
    }

    #[test]
    fn errors_point_into_the_text() {
        let e = Condition::parse("tension => 5").unwrap_err();
        assert_eq!(e.offset, 8);
        let e = Condition::parse("tension >= five").unwrap_err();
        assert_eq!((e.offset, e.len), (11, 4));
        assert_eq!(e.message, "expected a whole number");
        let e = Condition::parse("tension >=").unwrap_err();
        assert_eq!(e.offset, 10);
        let e = Condition::parse("").unwrap_err();
        assert!(e.message.starts_with("expected a variable name"));
        let e = Condition::parse("a > 1 or b < 2").unwrap_err();
        assert_eq!(e.offset, 6);
    }

    #[test]
    fn or_has_its_own_error() {
        for text in ["tension > 5 or alliance < 2", "tension > 5 OR alliance < 2"] {
            let e = Condition::parse(text).unwrap_err();
            assert_eq!((e.kind, e.offset, e.len), (ErrorKind::Or, 12, 2), "{text}");
        }
        let e = Condition::parse("tension > 5 || alliance < 2").unwrap_err();
        assert_eq!((e.kind, e.offset, e.len), (ErrorKind::Or, 12, 2));
        let e = Condition::parse("tension => 5").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Syntax);
    }

    #[test]
    fn invisible_characters_are_named_not_echoed() {
        let e = Condition::parse("tension \u{1b}> 5").unwrap_err();
        assert_eq!(e.message, "unexpected U+001B in condition");
        let e = Condition::parse("tension \u{202e}> 5").unwrap_err();
        assert_eq!(e.message, "unexpected U+202E in condition");
        assert_eq!(e.len, 3);
    }
}
