//! A span map of a RON document: where each field, element and map entry
//! sits in the source text, so that validation can point its diagnostics
//! at the exact value that is wrong (`nodes[3].options[1].next`).
//!
//! The map is the value tree of [`crate::syntax`], which reads the same
//! dialect as `ron` (including its whitespace) and records byte spans as it
//! goes, so every location survives unusual whitespace, escapes and raw
//! strings.

use crate::syntax::{self, Kind, Value};

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
}
