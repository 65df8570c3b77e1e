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
    let stream = canonical(source);
    let digest = blake3::hash(&stream);
    format!("{PREFIX}{}", digest.to_hex())
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
fn canonical(src: &str) -> Vec<u8> {
    let b = src.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    // The bytes from `run` to `i` are kept. Runs are separated by
    // whitespace or comments.
    let mut run = 0;
    let mut i = 0;
    while i < b.len() {
        let skip = match b[i] {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => {
                1 + b[i + 1..]
                    .iter()
                    .take_while(|&&c| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C))
                    .count()
            }
            b'/' if b.get(i + 1) == Some(&b'/') => b[i..]
                .iter()
                .position(|&c| c == b'\n')
                .unwrap_or(b.len() - i),
            b'/' if b.get(i + 1) == Some(&b'*') => block_comment(&b[i..]),
            b'"' => {
                i = quoted(b, i, b'"');
                continue;
            }
            b'\'' => {
                i = quoted(b, i, b'\'');
                continue;
            }
            b'r' => {
                i = raw_string(b, i);
                continue;
            }
            c if c.is_ascii() => {
                i += 1;
                continue;
            }
            _ => match src[i..].chars().next() {
                Some(c) if is_ron_whitespace(c) => c.len_utf8(),
                Some(c) => {
                    i += c.len_utf8();
                    continue;
                }
                None => 1,
            },
        };
        keep(&mut out, &b[run..i]);
        i += skip;
        run = i;
    }
    keep(&mut out, &b[run..]);
    out
}

/// Add a run of tokens to the stream, after a space if it would otherwise
/// run into the token before it.
fn keep(out: &mut Vec<u8>, run: &[u8]) {
    let Some(&first) = run.first() else {
        return;
    };
    if out.last().is_some_and(|&l| joins(l)) && joins(first) {
        out.push(b' ');
    }
    out.extend_from_slice(run);
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
fn block_comment(s: &[u8]) -> usize {
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
fn quoted(b: &[u8], start: usize, quote: u8) -> usize {
    let mut i = start + 1;
    while let Some(n) = find_either(&b[i.min(b.len())..], quote, b'\\') {
        i += n;
        if b[i] == quote {
            return i + 1;
        }
        i += 2;
    }
    b.len()
}

/// The position of the first byte in `hay` that is `x` or `y`, looking at
/// eight bytes at a time (texts are most of a scenario's bytes).
fn find_either(hay: &[u8], x: u8, y: u8) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // A high bit set for each zero byte; the lowest is exact.
    let zeros = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    let (xs, ys) = (ONES * u64::from(x), ONES * u64::from(y));
    let mut chunks = hay.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let v = u64::from_le_bytes(word);
        let found = zeros(v ^ xs) | zeros(v ^ ys);
        if found != 0 {
            return Some(at + found.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&c| c == x || c == y)
        .map(|n| at + n)
}

/// Past the raw text `r#"..."#` at `start`, or past the `r` alone when
/// none starts there.
fn raw_string(b: &[u8], start: usize) -> usize {
    let hashes = b[start + 1..].iter().take_while(|&&c| c == b'#').count();
    let open = start + 1 + hashes;
    if b.get(open) != Some(&b'"') {
        return start + 1;
    }
    let mut i = open + 1;
    while i < b.len() {
        if b[i] == b'"'
            && b[i + 1..]
                .iter()
                .take(hashes)
                .filter(|&&c| c == b'#')
                .count()
                == hashes
        {
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
        String::from_utf8(canonical(src)).unwrap()
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
    fn finding_a_byte_eight_at_a_time_finds_the_first() {
        let text: Vec<u8> = (0..200u8).map(|i| b'a' + i % 20).collect();
        for x in [b'a', b'c', b'h', b't', b'"', b'\\'] {
            for from in 0..40 {
                let hay = &text[from..];
                let expect = hay.iter().position(|&c| c == x || c == b'\\');
                assert_eq!(find_either(hay, x, b'\\'), expect, "{x} from {from}");
            }
        }
        assert_eq!(find_either(b"0123456789\"abc", b'"', b'\\'), Some(10));
        assert_eq!(find_either(b"\x01\x00\x80\xff\"", b'"', b'\\'), Some(4));
        assert_eq!(find_either(b"", b'"', b'\\'), None);
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
