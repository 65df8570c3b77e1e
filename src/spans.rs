//! A span map of a RON document: where each field, element and map entry
//! sits in the source text, so that validation can point its diagnostics
//! at the exact value that is wrong (`nodes[3].options[1].next`).
//!
//! The map is the value tree of [`crate::syntax`], which reads the same
//! dialect as `ron` (including its whitespace) and records byte spans as it
//! goes, so every location survives unusual whitespace, escapes and raw
//! strings.
//!
//! A [`Locator`] gives the same spans for a source `ron` has read, reading
//! only the parts asked about: a draft with thousands of problems, of
//! which a check shows the first few hundred, is not read twice in full.

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;

use crate::hash::{block_comment, text_end};
use crate::syntax::{self, Kind, Value, is_ron_whitespace};

/// One step of a path into the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key<'a> {
    Field(&'a str),
    Index(usize),
    /// An entry of a map whose key is the given string.
    MapKey(&'a str),
}

/// The span of one value: its first and one-past-last byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpanNode {
    pub start: usize,
    pub end: usize,
}

impl From<&Value> for SpanNode {
    fn from(v: &Value) -> Self {
        SpanNode {
            start: v.start,
            end: v.end,
        }
    }
}

/// The span map of one source text.
#[derive(Debug, Clone)]
pub struct SpanMap {
    root: Value,
}

impl SpanMap {
    /// Read `src`. Parts that cannot be read have no spans; the rest do.
    pub fn parse(src: &str) -> Option<SpanMap> {
        Some(SpanMap {
            root: syntax::parse(src).root,
        })
    }

    /// A span map over an already read value tree.
    pub fn from_tree(root: Value) -> SpanMap {
        SpanMap { root }
    }

    pub fn root(&self) -> &Value {
        &self.root
    }

    fn value(&self, path: &[Key]) -> Option<&Value> {
        let mut cur = &self.root;
        for key in path {
            let inner = cur.inner();
            cur = match (key, &inner.kind) {
                (Key::Field(name), Kind::Struct { .. }) => inner.field(name)?,
                (Key::Index(i), Kind::List { items, .. } | Kind::Tuple { items, .. }) => {
                    items.get(*i)?
                }
                (Key::MapKey(k), Kind::Map { entries, .. }) => {
                    &entries.iter().find(|(key, _)| key.as_str() == Some(k))?.1
                }
                _ => return None,
            };
        }
        Some(cur)
    }

    /// Follow a path from the root.
    pub fn get(&self, path: &[Key]) -> Option<SpanNode> {
        self.value(path).map(SpanNode::from)
    }

    /// The span of the key of a map entry.
    pub fn map_key(&self, path: &[Key], key: &str) -> Option<SpanNode> {
        match &self.value(path)?.inner().kind {
            Kind::Map { entries, .. } => entries
                .iter()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(k, _)| SpanNode::from(k)),
            _ => None,
        }
    }

    /// The name of a field, for pointing at a field that should not be there.
    pub fn field_name(&self, path: &[Key], field: &str) -> Option<(usize, usize)> {
        match &self.value(path)?.inner().kind {
            Kind::Struct { fields, .. } => fields
                .iter()
                .find(|f| f.name.text == field)
                .map(|f| (f.name.start, f.name.end)),
            _ => None,
        }
    }
}

/// The spans of a [`SpanMap`] of a whole source that `ron` has read, found
/// as they are asked for. The top-level fields and the items of `nodes` are
/// found by skimming the source (texts, comments and brackets, no values
/// read); a path into one of them reads that part alone with
/// [`crate::syntax`], once. A source the skim cannot follow is read whole.
pub struct Locator<'a> {
    src: &'a str,
    whole: OnceCell<Option<SpanMap>>,
    skim: OnceCell<Option<Skim>>,
    /// The parts read so far, by where they start in the source.
    parts: RefCell<HashMap<usize, SpanMap>>,
}

/// The outline of a source: the root value, its fields' values, and the
/// items of `nodes` when it is a list.
struct Skim {
    root: (usize, usize),
    fields: Vec<((usize, usize), (usize, usize))>,
    nodes: Option<Vec<(usize, usize)>>,
}

impl<'a> Locator<'a> {
    /// A locator for `src`, which `ron` has read.
    pub fn new(src: &'a str) -> Locator<'a> {
        Locator {
            src,
            whole: OnceCell::new(),
            skim: OnceCell::new(),
            parts: RefCell::new(HashMap::new()),
        }
    }

    /// A locator over the span map of all of `src`, read already.
    pub fn with_map(src: &'a str, map: SpanMap) -> Locator<'a> {
        Locator {
            src,
            whole: OnceCell::from(Some(map)),
            skim: OnceCell::from(None),
            parts: RefCell::new(HashMap::new()),
        }
    }

    /// Follow a path from the root, as [`SpanMap::get`].
    pub fn get(&self, path: &[Key]) -> Option<SpanNode> {
        if let Some(map) = self.whole_if_read() {
            return map.get(path);
        }
        let Some(skim) = self.skimmed() else {
            return self.whole()?.get(path);
        };
        let (start, end) = match path {
            [] => skim.root,
            [Key::Field(f)] => skim.field(self.src, f)?,
            [Key::Field("nodes"), Key::Index(i)] if skim.nodes.is_some() => {
                *skim.nodes.as_ref()?.get(*i)?
            }
            _ => return self.in_part(skim, path, |map, rest| map.get(rest)),
        };
        Some(SpanNode { start, end })
    }

    /// The span of the key of a map entry, as [`SpanMap::map_key`].
    pub fn map_key(&self, path: &[Key], key: &str) -> Option<SpanNode> {
        if let Some(map) = self.whole_if_read() {
            return map.map_key(path, key);
        }
        let Some(skim) = self.skimmed() else {
            return self.whole()?.map_key(path, key);
        };
        self.in_part(skim, path, |map, rest| map.map_key(rest, key))
    }

    fn whole_if_read(&self) -> Option<&SpanMap> {
        self.whole.get()?.as_ref()
    }

    fn whole(&self) -> Option<&SpanMap> {
        self.whole.get_or_init(|| SpanMap::parse(self.src)).as_ref()
    }

    fn skimmed(&self) -> Option<&Skim> {
        self.skim.get_or_init(|| skim(self.src)).as_ref()
    }

    /// `find` asked of the part of the source `path` goes into (a field's
    /// value, or an item of `nodes`), read on its own, with the rest of
    /// the path; the span found, placed in the whole source.
    fn in_part(
        &self,
        skim: &Skim,
        path: &[Key],
        find: impl FnOnce(&SpanMap, &[Key]) -> Option<SpanNode>,
    ) -> Option<SpanNode> {
        let ((start, end), rest) = match path {
            [Key::Field("nodes"), Key::Index(i), rest @ ..] if skim.nodes.is_some() => {
                (*skim.nodes.as_ref()?.get(*i)?, rest)
            }
            [Key::Field(f), rest @ ..] => (skim.field(self.src, f)?, rest),
            // The root itself is not a part.
            [] | [_, ..] => return self.whole()?.get(path),
        };
        let mut parts = self.parts.borrow_mut();
        let map = parts
            .entry(start)
            .or_insert_with(|| SpanMap::from_tree(syntax::parse(&self.src[start..end]).root));
        find(map, rest).map(|n| SpanNode {
            start: n.start + start,
            end: n.end + start,
        })
    }
}

impl Skim {
    /// The span of the value of field `name` of the root.
    fn field(&self, src: &str, name: &str) -> Option<(usize, usize)> {
        self.fields.iter().find_map(|&((a, b), value)| {
            let written = &src[a..b];
            let written = written.strip_prefix("r#").unwrap_or(written);
            (written == name).then_some(value)
        })
    }
}

/// The outline of `src` (see [`Skim`]); `None` when it is not a struct of
/// fields as a scenario is.
fn skim(src: &str) -> Option<Skim> {
    let b = src.as_bytes();
    let mut i = space(src, 0);
    // `#![enable(...)]` and other attributes.
    while b.get(i) == Some(&b'#') {
        i = space(src, i + 1);
        if b.get(i) == Some(&b'!') {
            i = space(src, i + 1);
        }
        if b.get(i) != Some(&b'[') {
            return None;
        }
        i = space(src, group(src, i)?);
    }
    let root_start = i;
    i = space(src, ident(b, i));
    if b.get(i) != Some(&b'(') {
        return None;
    }
    i += 1;
    let mut fields = Vec::new();
    let mut nodes = None;
    loop {
        i = space(src, i);
        match b.get(i)? {
            b')' => break,
            _ => {
                let name_start = i;
                i = ident(b, i);
                if i == name_start {
                    return None;
                }
                let name = (name_start, i);
                i = space(src, i);
                if b.get(i) != Some(&b':') {
                    return None;
                }
                i = space(src, i + 1);
                let value_start = i;
                let (value_end, after) = value(src, i)?;
                if &src[name.0..name.1] == "nodes" && nodes.is_none() {
                    nodes = items(src, value_start, value_end);
                }
                fields.push((name, (value_start, value_end)));
                i = space(src, after);
                match b.get(i)? {
                    b',' => i += 1,
                    b')' => {}
                    _ => return None,
                }
            }
        }
    }
    Some(Skim {
        root: (root_start, i + 1),
        fields,
        nodes,
    })
}

/// The spans of the items of the list `src[start..end]`, if it is one.
fn items(src: &str, start: usize, end: usize) -> Option<Vec<(usize, usize)>> {
    let b = src.as_bytes();
    if b.get(start) != Some(&b'[') {
        return None;
    }
    let mut out = Vec::new();
    let mut i = start + 1;
    loop {
        i = space(src, i);
        if i >= end {
            return None;
        }
        if b[i] == b']' {
            return Some(out);
        }
        let (item_end, after) = value(src, i)?;
        out.push((i, item_end));
        i = space(src, after);
        match b.get(i)? {
            b',' => i += 1,
            b']' => {}
            _ => return None,
        }
    }
}

/// Past the whitespace and comments at `i`.
fn space(src: &str, mut i: usize) -> usize {
    let b = src.as_bytes();
    while let Some(&c) = b.get(i) {
        match c {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => i += 1,
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i += b[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .unwrap_or(b.len() - i);
            }
            b'/' if b.get(i + 1) == Some(&b'*') => i += block_comment(&b[i..]),
            c if c.is_ascii() => return i,
            _ => match src[i..].chars().next() {
                Some(c) if is_ron_whitespace(c) => i += c.len_utf8(),
                _ => return i,
            },
        }
    }
    i
}

/// Past the identifier (perhaps raw, `r#name`) at `i`.
fn ident(b: &[u8], mut i: usize) -> usize {
    if b[i..].starts_with(b"r#") {
        i += 2;
    }
    i + b[i..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
        .count()
}

/// Past the bracket opened at `i` and everything up to its closer.
fn group(src: &str, i: usize) -> Option<usize> {
    let b = src.as_bytes();
    let close = syntax::closer_of(*b.get(i)?);
    let mut j = i + 1;
    loop {
        let (_, after) = value(src, j)?;
        match *b.get(after)? {
            c if c == close => return Some(after + 1),
            b',' => j = after + 1,
            _ => return None,
        }
    }
}

/// The value at `i`: where it ends, and where reading stopped (at the
/// `,` or closing bracket after it, or the end). Texts, characters and
/// comments are passed over whole and brackets matched, nothing else is
/// read. `None` if a bracket is closed by the wrong one.
fn value(src: &str, mut i: usize) -> Option<(usize, usize)> {
    let b = src.as_bytes();
    let mut open: Vec<u8> = Vec::new();
    let mut end = i;
    while let Some(&c) = b.get(i) {
        match c {
            b'(' | b'[' | b'{' => {
                open.push(c);
                i += 1;
            }
            b')' | b']' | b'}' => {
                let Some(o) = open.pop() else {
                    return Some((end, i));
                };
                if syntax::closer_of(o) != c {
                    return None;
                }
                i += 1;
            }
            b',' if open.is_empty() => return Some((end, i)),
            b'"' | b'\'' => i = text_end(b, i),
            b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => {
                i += 1 + b[i + 1..]
                    .iter()
                    .take_while(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C))
                    .count();
                continue;
            }
            b'/' | 0x80.. => {
                let next = space(src, i);
                if next > i {
                    i = next;
                    continue;
                }
                i += src[i..].chars().next().map_or(1, char::len_utf8);
            }
            // Words, numbers and other punctuation, a run at a time.
            _ => {
                i += 1 + b[i + 1..]
                    .iter()
                    .take_while(|&&c| c.is_ascii_alphanumeric() || c == b'_')
                    .count();
            }
        }
        end = i;
    }
    Some((end, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_reach_fields_items_and_map_keys() {
        let src = "Scenario(\n  state: { \"tension\": 2 },\n  nodes: [Client(id: \"a\", options: [(id: \"x\")])],\n)";
        let map = SpanMap::parse(src).unwrap();
        let at = |p: &[Key]| map.get(p).map(|s| &src[s.start..s.end]);
        assert_eq!(
            at(&[
                Key::Field("nodes"),
                Key::Index(0),
                Key::Field("options"),
                Key::Index(0),
                Key::Field("id")
            ]),
            Some("\"x\"")
        );
        assert_eq!(
            at(&[Key::Field("state"), Key::MapKey("tension")]),
            Some("2")
        );
        let k = map.map_key(&[Key::Field("state")], "tension").unwrap();
        assert_eq!(&src[k.start..k.end], "\"tension\"");
        let (s, e) = map
            .field_name(&[Key::Field("nodes"), Key::Index(0)], "id")
            .unwrap();
        assert_eq!(&src[s..e], "id");
    }

    /// Every span a locator gives is the span a map of the whole source
    /// gives, for every path into the shipped scenarios.
    #[test]
    fn a_locator_finds_what_a_whole_map_finds() {
        fn paths<'v>(v: &'v Value, here: &mut Vec<Key<'v>>, out: &mut Vec<Vec<Key<'v>>>) {
            out.push(here.clone());
            let inner = v.inner();
            match &inner.kind {
                Kind::Struct { fields, .. } => {
                    for f in fields {
                        here.push(Key::Field(&f.name.text));
                        paths(&f.value, here, out);
                        here.pop();
                    }
                }
                Kind::List { items, .. } | Kind::Tuple { items, .. } => {
                    for (i, item) in items.iter().enumerate() {
                        here.push(Key::Index(i));
                        paths(item, here, out);
                        here.pop();
                    }
                }
                Kind::Map { entries, .. } => {
                    for (k, item) in entries {
                        if let Some(k) = k.as_str() {
                            here.push(Key::MapKey(k));
                            paths(item, here, out);
                            here.pop();
                        }
                    }
                }
                _ => {}
            }
        }
        let odd = "#![enable(implicit_some)]\n/* a /* nested */ comment */ Scenario( // hello\n\
                   id: r\"a, b\", \u{2028}nodes : [ Client( line: 'x', n: [1, (2)] ) /*,*/ ,\n\
                   Ending(id: \"e\\\" ] \"),] , state: { \"k\": Some(1) }, )";
        let texts = crate::library::SHIPPED
            .iter()
            .map(|(_, t)| *t)
            .chain([odd, include_str!("../tests/fixtures/mini.ron")]);
        for text in texts {
            let whole = SpanMap::parse(text).unwrap();
            let mut all = Vec::new();
            paths(whole.root(), &mut Vec::new(), &mut all);
            assert!(all.len() > 5);
            let locator = Locator::new(text);
            assert!(locator.skimmed().is_some(), "{text:.60}");
            for path in &all {
                assert_eq!(locator.get(path), whole.get(path), "{path:?}");
            }
            let state = [Key::Field("state")];
            for key in ["k", "tension", "alliance", "nothing"] {
                assert_eq!(locator.map_key(&state, key), whole.map_key(&state, key));
            }
        }
    }
}
