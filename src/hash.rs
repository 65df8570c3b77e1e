//! The content hash of a scenario: what a session log records to tell
//! whether the scenario it is replayed on is the one it was played on.
//!
//! The hash is taken over the scenario's source as a stream of tokens as
//! they are written, with whitespace and comments left out: layout and
//! comments do not change it, any other edit does. It is BLAKE3 (fast
//! on any processor) and written `b3:` and 64 hexadecimal digits.
//!
//! Versions before this one hashed the parsed file written out again as
//! RON, with SHA-256, and wrote 64 hexadecimal digits alone; logs of those
//! versions still carry such hashes. [`legacy`] computes that hash, and
//! [`crate::model::Scenario::has_hash`] compares a recorded hash of either
//! kind, computing the old one only when a log carries it.

use sha2::{Digest, Sha256};

use crate::format::ScenarioFile;
use crate::syntax::is_ron_whitespace;

/// What a content hash of this version starts with.
pub const PREFIX: &str = "b3:";

/// The content hash of scenario source text (see the module's notes).
pub fn content_hash(source: &str) -> String {
    let mut stream = Stream::new();
    canonical(source, &mut stream);
    format!("{PREFIX}{}", stream.finish().to_hex())
}

/// The content hash versions before this one computed: SHA-256 over the
/// parsed file written out again as RON, in 64 hexadecimal digits.
pub fn legacy(file: &ScenarioFile) -> String {
    let canonical = ron::to_string(file).unwrap_or_default();
    let digest = Sha256::digest(canonical.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `hash` is written as this version writes content hashes.
pub fn is_current(hash: &str) -> bool {
    hash.strip_prefix(PREFIX).is_some_and(is_hex_digest)
}

/// Whether `hash` is written as versions before this one wrote them.
pub fn is_legacy(hash: &str) -> bool {
    is_hex_digest(hash)
}

/// 64 lower-case hexadecimal digits.
fn is_hex_digest(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The source without whitespace and comments outside texts: every token
/// as written, and a single space between two tokens only where leaving
/// it out would join them (two words or numbers). Texts (`"..."`, raw
/// `r#"..."#`) and characters (`'x'`) are kept whole, whatever they
/// hold. The whitespace is the whitespace `ron` skips, and block comments
/// nest, as `ron` and [`crate::syntax`] read them.
fn canonical(src: &str, out: &mut impl Sink) {
    let b = src.as_bytes();
    // The bytes from `run` to `i` are kept. Runs are separated by
    // whitespace or comments.
    let mut run = 0;
    let mut i = 0;
    while i < b.len() {
        // Most bytes are kept as they are: pass over them in a tight loop.
        while i < b.len() && CLASS[usize::from(b[i])] == PLAIN {
            i += 1;
        }
        let Some(&c) = b.get(i) else {
            break;
        };
        let skip = match CLASS[usize::from(c)] {
            SPACE => {
                // Indentation eight spaces at a time.
                let mut n = 1;
                while let Some(chunk) = b.get(i + n..i + n + 8) {
                    if chunk != b"        " {
                        break;
                    }
                    n += 8;
                }
                n + b[i + n..]
                    .iter()
                    .take_while(|&&c| CLASS[usize::from(c)] == SPACE)
                    .count()
            }
            SLASH if b.get(i + 1) == Some(&b'/') => b[i..]
                .iter()
                .position(|&c| c == b'\n')
                .unwrap_or(b.len() - i),
            SLASH if b.get(i + 1) == Some(&b'*') => block_comment(&b[i..]),
            QUOTE => {
                i = text_end(b, i);
                continue;
            }
            WIDE => match src[i..].chars().next() {
                Some(c) if is_ron_whitespace(c) => c.len_utf8(),
                Some(c) => {
                    i += c.len_utf8();
                    continue;
                }
                None => 1,
            },
            _ => {
                i += 1;
                continue;
            }
        };
        keep(out, &b[run..i]);
        i += skip;
        run = i;
    }
    keep(out, &b[run..]);
}

/// What a byte may begin, for [`canonical`]: most are [`PLAIN`].
const PLAIN: u8 = 0;
/// ASCII whitespace `ron` skips.
const SPACE: u8 = 1;
/// Perhaps a comment.
const SLASH: u8 = 2;
/// A text or a character.
const QUOTE: u8 = 3;
/// The first byte of a character beyond ASCII (some are whitespace).
const WIDE: u8 = 4;

static CLASS: [u8; 256] = {
    let mut class = [PLAIN; 256];
    let mut c = 0x80;
    while c < 256 {
        class[c] = WIDE;
        c += 1;
    }
    class[b' ' as usize] = SPACE;
    class[b'\t' as usize] = SPACE;
    class[b'\n' as usize] = SPACE;
    class[b'\r' as usize] = SPACE;
    class[0x0B] = SPACE;
    class[0x0C] = SPACE;
    class[b'/' as usize] = SLASH;
    class[b'"' as usize] = QUOTE;
    class[b'\'' as usize] = QUOTE;
    class
};

/// Add a run of tokens to the stream, after a space if it would otherwise
/// run into the token before it.
fn keep(out: &mut impl Sink, run: &[u8]) {
    let Some(&first) = run.first() else {
        return;
    };
    if out.last().is_some_and(joins) && joins(first) {
        out.put(b" ");
    }
    out.put(run);
}

/// Where the canonical stream goes.
trait Sink {
    fn put(&mut self, bytes: &[u8]);
    /// The last byte put.
    fn last(&self) -> Option<u8>;
}

/// Collected, for the tests.
impl Sink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }

    fn last(&self) -> Option<u8> {
        <[u8]>::last(self).copied()
    }
}

/// Hashed as it comes, through a buffer: large updates let BLAKE3 hash
/// several chunks at once, and nothing the size of the file is allocated.
struct Stream {
    hasher: blake3::Hasher,
    buf: [u8; Stream::SIZE],
    len: usize,
    last: Option<u8>,
}

impl Stream {
    const SIZE: usize = 16 * 1024;

    fn new() -> Stream {
        Stream {
            hasher: blake3::Hasher::new(),
            buf: [0; Stream::SIZE],
            len: 0,
            last: None,
        }
    }

    fn finish(mut self) -> blake3::Hash {
        self.hasher.update(&self.buf[..self.len]);
        self.hasher.finalize()
    }
}

impl Sink for Stream {
    fn put(&mut self, mut bytes: &[u8]) {
        if let Some(&l) = bytes.last() {
            self.last = Some(l);
        }
        while !bytes.is_empty() {
            if self.len == Stream::SIZE {
                self.hasher.update(&self.buf);
                self.len = 0;
            }
            let n = bytes.len().min(Stream::SIZE - self.len);
            self.buf[self.len..self.len + n].copy_from_slice(&bytes[..n]);
            self.len += n;
            bytes = &bytes[n..];
        }
    }

    fn last(&self) -> Option<u8> {
        self.last
    }
}

/// Whether a token ending or starting with byte `c` would run into a
/// neighbour written right against it: anything but punctuation.
fn joins(c: u8) -> bool {
    !matches!(
        c,
        b'(' | b')' | b'[' | b']' | b'{' | b'}' | b',' | b':' | b';' | b'#' | b'!' | b'='
    )
}

/// The length of the block comment `s` starts with (to its end if it is
/// never closed); comments inside it nest.
pub(crate) fn block_comment(s: &[u8]) -> usize {
    let mut depth = 0usize;
    let mut i = 0;
    while i < s.len() {
        if s[i..].starts_with(b"/*") {
            depth += 1;
            i += 2;
        } else if s[i..].starts_with(b"*/") {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    s.len()
}

/// Where the text or character opening with `quote` at `start` ends (past
/// its closing quote; the end of the source if there is none). A
/// backslash escapes the byte after it.
pub(crate) fn quoted(b: &[u8], start: usize, quote: u8) -> usize {
    let mut i = start + 1;
    // Most texts of a scenario are short ids and names: a byte at a time
    // first.
    let short = b.len().min(i + 24);
    while i < short {
        match b[i] {
            c if c == quote => return i + 1,
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    // The long ones are most of its bytes: look for the quote or a
    // backslash many bytes at a time.
    while let Some(n) = memchr::memchr2(quote, b'\\', &b[i.min(b.len())..]) {
        i += n;
        if b[i] == quote {
            return i + 1;
        }
        i += 2;
    }
    b.len()
}

/// Past the text or character whose opening quote is at `i`: a raw text
/// `r#"..."#` when the quote follows an `r` and hashes that start a word
/// (or follow a lone `b`), else a quoted one ([`quoted`]).
pub(crate) fn text_end(b: &[u8], i: usize) -> usize {
    let quote = b[i];
    if quote == b'"' {
        let hashes = b[..i].iter().rev().take_while(|&&c| c == b'#').count();
        if let Some(r) = i.checked_sub(hashes + 1)
            && b[r] == b'r'
            && starts_word(b, r)
        {
            return raw_end(b, i, hashes);
        }
    }
    quoted(b, i, quote)
}

fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Whether the `r` at `r` starts a raw text: it starts a word, or follows
/// a `b` that does.
fn starts_word(b: &[u8], r: usize) -> bool {
    let before = |k: usize| k.checked_sub(1).map(|k| b[k]);
    match before(r) {
        Some(c) if is_word(c) => c == b'b' && !before(r - 1).is_some_and(is_word),
        _ => true,
    }
}

/// Past the raw text whose opening quote, after `hashes` hashes, is at
/// `open` (the end of the source if it is never closed).
fn raw_end(b: &[u8], open: usize, hashes: usize) -> usize {
    let mut i = open + 1;
    while let Some(n) = memchr::memchr(b'"', &b[i.min(b.len())..]) {
        i += n;
        let closing = b[i + 1..]
            .iter()
            .take(hashes)
            .take_while(|&&c| c == b'#')
            .count();
        if closing == hashes {
            return i + 1 + hashes;
        }
        i += 1;
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(src: &str) -> String {
        let mut out = Vec::new();
        canonical(src, &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_stream_is_hashed_as_if_collected() {
        // Longer than the buffer, so that it is flushed on the way.
        let src: String = (0..3000)
            .map(|i| format!("  Client(id: \"turn-{i}\", line: \"Line {i}.\"), // {i}\n"))
            .collect();
        let mut collected = Vec::new();
        canonical(&src, &mut collected);
        assert!(collected.len() > 2 * Stream::SIZE);
        let expect = format!("{PREFIX}{}", blake3::hash(&collected).to_hex());
        assert_eq!(content_hash(&src), expect);
    }

    #[test]
    fn layout_and_comments_are_left_out() {
        assert_eq!(
            stream("Scenario(\n    id: \"a\", // the id\n    n: [1, 2],\n)\n"),
            "Scenario(id:\"a\",n:[1,2],)"
        );
        assert_eq!(
            stream("( a : 1 /* one /* nested */ still */ , b:Angry )"),
            "(a:1,b:Angry)"
        );
        // Two words or numbers keep one space between them.
        assert_eq!(stream("a \t\n  b // c\n d"), "a b d");
        assert_eq!(stream("x:\u{2028}1\u{85}"), "x:1");
    }

    #[test]
    fn texts_are_kept_whole() {
        let src = "(a: \"two  spaces // not a comment\", b: \"\\\" /* \", \
                   c: r#\"raw \"quoted\"  text\"#, d: ' ', e: '\\'')";
        assert_eq!(
            stream(src),
            "(a:\"two  spaces // not a comment\",b:\"\\\" /* \",\
             c:r#\"raw \"quoted\"  text\"#,d:' ',e:'\\'')"
        );
        // An `r` that opens no raw text is an ordinary letter.
        assert_eq!(stream("(ruptures: r#raw, r: 1)"), "(ruptures:r#raw,r:1)");
        // Raw texts after a `b`, with hashes, or none; a quote in a raw
        // text does not end it, a backslash escapes nothing.
        assert_eq!(
            stream("[br\"a  b\", r\"c \\\", r##\"d \"# e\"##, bar \"f  g\"]"),
            "[br\"a  b\",r\"c \\\",r##\"d \"# e\"##,bar \"f  g\"]"
        );
    }

    #[test]
    fn the_hash_ignores_layout_and_sees_every_edit() {
        let a = content_hash("(id: \"a\", line: \"Hello there.\")");
        let b = content_hash("(\n  id: \"a\", // a comment\n  line: \"Hello there.\",\n)");
        let c = content_hash("(id: \"a\", line: \"Hello  there.\")");
        let d = content_hash("(id: \"a\", line: \"Hello there!\")");
        assert!(is_current(&a), "{a}");
        assert!(!is_legacy(&a));
        assert_ne!(a, c, "a text's own spaces count");
        assert_ne!(a, d);
        // A trailing comma is a token: the stream keeps it.
        assert_ne!(a, b);
        let b = content_hash("(\n  id: \"a\", // a comment\n  line: \"Hello there.\")");
        assert_eq!(a, b);
    }

    #[test]
    fn hashes_of_both_kinds_are_recognised() {
        assert!(is_legacy(&"ab".repeat(32)));
        assert!(!is_current(&"ab".repeat(32)));
        assert!(is_current(&format!("b3:{}", "0f".repeat(32))));
        assert!(!is_current("b3:"));
        assert!(!is_legacy(&"AB".repeat(32)));
    }
}
