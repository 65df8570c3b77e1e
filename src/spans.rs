//! A span map of a RON document: where each field, element and map entry
//! sits in the source text.
//!
//! `ron` reports positions for syntax errors but not for values, so after a
//! file has parsed this small structural scanner walks the same text again
//! and records byte spans. The validator then points its diagnostics at the
//! exact value that is wrong (`nodes[3].options[1].next`).

/// One step of a path into the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key<'a> {
    Field(&'a str),
    Index(usize),
    /// An entry of a map whose key is the given string.
    MapKey(&'a str),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpanNode {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// `Name(a: 1, b: 2)` or `(a: 1)`.
    Struct(Vec<(String, SpanNode)>),
    /// `[x, y]` or a tuple `Name(x, y)`.
    Seq(Vec<SpanNode>),
    /// `{ "k": v }`; the key span is kept for pointing at keys.
    Map(Vec<(SpanNode, SpanNode)>),
    Atom,
}

const MAX_DEPTH: usize = 256;

/// The span map of one source text.
#[derive(Debug, Clone)]
pub struct SpanMap<'a> {
    src: &'a str,
    root: SpanNode,
}

impl<'a> SpanMap<'a> {
    /// Scan `src`; `None` when it is not well-formed enough to map.
    pub fn parse(src: &'a str) -> Option<SpanMap<'a>> {
        let mut p = Scanner {
            src: src.as_bytes(),
            text: src,
            i: 0,
        };
        p.skip_trivia();
        // Leading `#![enable(...)]` attributes.
        while p.peek() == Some(b'#') {
            while let Some(c) = p.peek() {
                p.i += 1;
                if c == b']' {
                    break;
                }
            }
            p.skip_trivia();
        }
        let root = p.value(0)?;
        Some(SpanMap { src, root })
    }

    /// Follow a path from the root.
    pub fn get(&self, path: &[Key]) -> Option<&SpanNode> {
        let mut cur = &self.root;
        for key in path {
            cur = match (key, &cur.kind) {
                (Key::Field(name), Kind::Struct(fields)) => {
                    &fields.iter().find(|(n, _)| n == name)?.1
                }
                (Key::Index(i), Kind::Seq(items)) => items.get(*i)?,
                (Key::MapKey(k), Kind::Map(entries)) => {
                    &entries.iter().find(|(key, _)| self.is_string(key, k))?.1
                }
                _ => return None,
            };
        }
        Some(cur)
    }

    /// The span of the key of a map entry.
    pub fn map_key(&self, path: &[Key], key: &str) -> Option<&SpanNode> {
        match &self.get(path)?.kind {
            Kind::Map(entries) => entries
                .iter()
                .find(|(k, _)| self.is_string(k, key))
                .map(|(k, _)| k),
            _ => None,
        }
    }

    /// The name of a field, for pointing at a field that should not be there.
    pub fn field_name(&self, path: &[Key], field: &str) -> Option<(usize, usize)> {
        let node = self.get(path)?;
        let (_, value) = match &node.kind {
            Kind::Struct(fields) => fields.iter().find(|(n, _)| n == field)?,
            _ => return None,
        };
        let before = &self.src[node.start..value.start];
        let at = node.start + before.rfind(field)?;
        Some((at, at + field.len()))
    }

    fn is_string(&self, node: &SpanNode, want: &str) -> bool {
        node.kind == Kind::Atom
            && self.src[node.start..node.end]
                .strip_prefix('"')
                .and_then(|s| s.strip_suffix('"'))
                == Some(want)
    }
}

struct Scanner<'a> {
    src: &'a [u8],
    text: &'a str,
    i: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.i).copied()
    }

    fn skip_trivia(&mut self) {
        loop {
            match self.peek() {
                Some(c) if c.is_ascii_whitespace() => self.i += 1,
                Some(b'/') if self.src.get(self.i + 1) == Some(&b'/') => {
                    while let Some(c) = self.peek() {
                        if c == b'\n' {
                            break;
                        }
                        self.i += 1;
                    }
                }
                Some(b'/') if self.src.get(self.i + 1) == Some(&b'*') => {
                    self.i += 2;
                    let mut depth = 1;
                    while depth > 0 && self.i < self.src.len() {
                        if self.src[self.i..].starts_with(b"/*") {
                            depth += 1;
                            self.i += 2;
                        } else if self.src[self.i..].starts_with(b"*/") {
                            depth -= 1;
                            self.i += 2;
                        } else {
                            self.i += 1;
                        }
                    }
                }
                _ => return,
            }
        }
    }

    fn ident(&mut self) -> Option<&str> {
        let start = self.i;
        if self.src[self.i..].starts_with(b"r#") {
            self.i += 2;
        }
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || c == b'_' {
                self.i += 1;
            } else {
                break;
            }
        }
        if self.i == start {
            return None;
        }
        let raw = &self.text[start..self.i];
        Some(raw.strip_prefix("r#").unwrap_or(raw))
    }

    fn string(&mut self) -> Option<()> {
        // Raw strings: r"..." or r#"..."#.
        if self.peek() == Some(b'r') {
            self.i += 1;
            let mut hashes = 0;
            while self.peek() == Some(b'#') {
                hashes += 1;
                self.i += 1;
            }
            if self.peek() != Some(b'"') {
                return None;
            }
            self.i += 1;
            let close: Vec<u8> = std::iter::once(b'"')
                .chain(std::iter::repeat_n(b'#', hashes))
                .collect();
            while self.i < self.src.len() {
                if self.src[self.i..].starts_with(&close) {
                    self.i += close.len();
                    return Some(());
                }
                self.i += 1;
            }
            return None;
        }
        let quote = self.peek()?;
        self.i += 1;
        while let Some(c) = self.peek() {
            self.i += 1;
            if c == b'\\' {
                self.i += 1;
            } else if c == quote {
                return Some(());
            }
        }
        None
    }

    fn value(&mut self, depth: usize) -> Option<SpanNode> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_trivia();
        let start = self.i;
        let c = self.peek()?;
        let kind = match c {
            b'"' | b'\'' => {
                self.string()?;
                Kind::Atom
            }
            b'r' if matches!(self.src.get(self.i + 1), Some(b'"') | Some(b'#'))
                && !self.src[self.i + 1..].starts_with(b"#[") =>
            {
                if self.src.get(self.i + 1) == Some(&b'#')
                    && self
                        .src
                        .get(self.i + 2)
                        .is_some_and(|c| c.is_ascii_alphabetic())
                {
                    self.ident()?;
                    return self.after_ident(start, depth);
                }
                self.string()?;
                Kind::Atom
            }
            b'[' => {
                self.i += 1;
                Kind::Seq(self.items(b']', depth)?)
            }
            b'{' => {
                self.i += 1;
                let mut entries = Vec::new();
                loop {
                    self.skip_trivia();
                    if self.peek() == Some(b'}') {
                        self.i += 1;
                        break;
                    }
                    let k = self.value(depth + 1)?;
                    self.skip_trivia();
                    if self.peek() != Some(b':') {
                        return None;
                    }
                    self.i += 1;
                    let v = self.value(depth + 1)?;
                    entries.push((k, v));
                    self.skip_trivia();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {}
                        _ => return None,
                    }
                }
                Kind::Map(entries)
            }
            b'(' => {
                return self.after_ident(start, depth);
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                self.ident()?;
                return self.after_ident(start, depth);
            }
            _ => {
                // Numbers, chars and other scalars: up to the next delimiter.
                while let Some(c) = self.peek() {
                    if matches!(c, b',' | b')' | b']' | b'}' | b':') || c.is_ascii_whitespace() {
                        break;
                    }
                    self.i += 1;
                }
                if self.i == start {
                    return None;
                }
                Kind::Atom
            }
        };
        Some(SpanNode {
            start,
            end: self.i,
            kind,
        })
    }

    /// After an optional identifier: a struct, tuple, or a bare word.
    fn after_ident(&mut self, start: usize, depth: usize) -> Option<SpanNode> {
        let save = self.i;
        self.skip_trivia();
        if self.peek() != Some(b'(') {
            self.i = save;
            return Some(SpanNode {
                start,
                end: self.i,
                kind: Kind::Atom,
            });
        }
        let is_some = &self.text[start..save] == "Some";
        self.i += 1;
        // Named fields if the first thing is `ident :` (and not `ident ::`).
        let probe = self.i;
        self.skip_trivia();
        let named = {
            let at = self.i;
            let is_field = self.ident().is_some() && {
                self.skip_trivia();
                self.peek() == Some(b':')
            };
            self.i = at;
            is_field
        };
        self.i = probe;
        if !named {
            let mut items = self.items(b')', depth)?;
            if is_some && items.len() == 1 {
                return items.pop();
            }
            return Some(SpanNode {
                start,
                end: self.i,
                kind: Kind::Seq(items),
            });
        }
        let mut fields = Vec::new();
        loop {
            self.skip_trivia();
            if self.peek() == Some(b')') {
                self.i += 1;
                break;
            }
            let name = self.ident()?.to_owned();
            self.skip_trivia();
            if self.peek() != Some(b':') {
                return None;
            }
            self.i += 1;
            let v = self.value(depth + 1)?;
            fields.push((name, v));
            self.skip_trivia();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b')') => {}
                _ => return None,
            }
        }
        Some(SpanNode {
            start,
            end: self.i,
            kind: Kind::Struct(fields),
        })
    }

    fn items(&mut self, close: u8, depth: usize) -> Option<Vec<SpanNode>> {
        let mut items = Vec::new();
        loop {
            self.skip_trivia();
            if self.peek() == Some(close) {
                self.i += 1;
                return Some(items);
            }
            items.push(self.value(depth + 1)?);
            self.skip_trivia();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(c) if c == close => {}
                _ => return None,
            }
        }
    }
}
