//! The one door to the terminal.
//!
//! Scenario and log text is written by authors and can be edited by
//! anyone: it may hold escape sequences that clear the screen, set the
//! window title, write the clipboard (OSC 52) or hide a link (OSC 8), or
//! bidirectional overrides that show text in another order than it is
//! written. Everything the command line prints goes through
//! [`Sanitized`], which shows such characters escaped as `\u{1b}` (with
//! [`crate::diag::sanitize`], the one sanitiser), as git and rustc do:
//! standard output through [`stdout`], prompts through [`stderr`], and
//! messages through this module's `eprint!` and `eprintln!`, which
//! the command line imports in place of the standard ones. `clippy.toml`
//! forbids the standard printing macros and handles, so no new output can
//! go around this door.
//!
//! JSON is escaped before it reaches the door ([`json`]): a character that
//! is unsafe on a terminal is written as a JSON `\uXXXX` escape there, so
//! the output stays valid and decodes to the same data.

use std::fmt::{self, Write as _};
use std::io::{self, IsTerminal, Write};

use serde::Serialize;

use crate::diag::{is_unsafe_char, sanitize};

/// A writer that passes text on with every character that could drive a
/// terminal escaped (see [`crate::diag::is_unsafe_char`]); newlines and
/// tabs pass as they are. Bytes that are not UTF-8 are written as `\x9b`.
/// A character split across two writes is held until its end arrives.
#[derive(Debug)]
pub struct Sanitized<W: Write> {
    inner: W,
    /// The start of a UTF-8 sequence whose end has not been written yet.
    partial: Vec<u8>,
}

impl<W: Write> Sanitized<W> {
    pub fn new(inner: W) -> Sanitized<W> {
        Sanitized {
            inner,
            partial: Vec::new(),
        }
    }

    /// Write complete text, escaped where it needs to be.
    fn put(&mut self, text: &str) -> io::Result<()> {
        if text.chars().any(is_unsafe_char) {
            self.inner.write_all(sanitize(text).as_bytes())
        } else {
            self.inner.write_all(text.as_bytes())
        }
    }

    /// Write `bytes`, keeping an unfinished character at the end for later.
    fn put_bytes(&mut self, mut bytes: &[u8]) -> io::Result<()> {
        loop {
            match std::str::from_utf8(bytes) {
                Ok(text) => return self.put(text),
                Err(e) => {
                    let (good, rest) = bytes.split_at(e.valid_up_to());
                    self.put(std::str::from_utf8(good).unwrap_or_default())?;
                    let Some(bad) = e.error_len() else {
                        self.partial.extend_from_slice(rest);
                        return Ok(());
                    };
                    for b in &rest[..bad] {
                        write!(self.inner, "\\x{b:02x}")?;
                    }
                    bytes = &rest[bad..];
                }
            }
        }
    }
}

impl<W: Write> Write for Sanitized<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.partial.is_empty() {
            self.put_bytes(buf)?;
        } else {
            let mut joined = std::mem::take(&mut self.partial);
            joined.extend_from_slice(buf);
            self.put_bytes(&joined)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<W: Write> Drop for Sanitized<W> {
    /// An unfinished character left at the end is not UTF-8: show its
    /// bytes escaped.
    fn drop(&mut self) {
        let partial = std::mem::take(&mut self.partial);
        for b in partial {
            let _ = write!(self.inner, "\\x{b:02x}");
        }
        let _ = self.inner.flush();
    }
}

/// Standard output, through the sanitiser.
#[allow(clippy::disallowed_methods)]
pub fn stdout() -> Sanitized<io::StdoutLock<'static>> {
    Sanitized::new(io::stdout().lock())
}

/// Standard error, through the sanitiser: for prompts and messages.
#[allow(clippy::disallowed_methods)]
pub fn stderr() -> Sanitized<io::Stderr> {
    Sanitized::new(io::stderr())
}

/// Whether standard error is a terminal (for progress bars).
#[allow(clippy::disallowed_methods)]
pub fn stderr_is_terminal() -> bool {
    io::stderr().is_terminal()
}

/// Write a message to standard error through the sanitiser; what
/// `eprint!` and `eprintln!` call. A message that cannot be written
/// is dropped, as the standard macros would panic instead.
pub fn print_error(args: fmt::Arguments<'_>) {
    let _ = stderr().write_fmt(args);
}

/// `eprint!` through the sanitiser.
macro_rules! eprint {
    ($($arg:tt)*) => {
        $crate::term::print_error(format_args!($($arg)*))
    };
}

/// `eprintln!` through the sanitiser.
macro_rules! eprintln {
    () => {
        $crate::term::print_error(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::term::print_error(format_args!("{}\n", format_args!($($arg)*)))
    };
}

pub(crate) use {eprint, eprintln};

/// `value` as pretty JSON that is safe to print (see [`json_safe`]).
pub fn json<T: Serialize>(value: &T) -> String {
    json_safe(&serde_json::to_string_pretty(value).unwrap_or_default())
}

/// JSON text with every character that is unsafe on a terminal written as
/// a `\uXXXX` escape, so the output is safe to print and still decodes to
/// the same data. (Such characters only occur inside JSON strings.)
pub fn json_safe(json: &str) -> String {
    if !json.chars().any(|c| is_unsafe_char(c) && c != '\t') {
        return json.to_owned();
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_unsafe_char(c) && c != '\t' {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{u:04x}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(writes: &[&[u8]]) -> String {
        let mut out = Vec::new();
        {
            let mut w = Sanitized::new(&mut out);
            for bytes in writes {
                w.write_all(bytes).unwrap();
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn controls_and_bidi_are_escaped_and_layout_kept() {
        let text = "a\u{1b}[2Jb\u{1b}]0;pwned\u{7}\r\u{8}\u{7f}\u{9b}\u{202e}x\n\tend";
        assert_eq!(
            through(&[text.as_bytes()]),
            "a\\u{1b}[2Jb\\u{1b}]0;pwned\\u{7}\\u{d}\\u{8}\\u{7f}\\u{9b}\\u{202e}x\n\tend"
        );
        assert_eq!(through(&[b"plain text\n"]), "plain text\n");
    }

    #[test]
    fn a_character_split_across_writes_is_judged_whole() {
        // U+009B is C2 9B, U+202E is E2 80 AE, 'é' is C3 A9.
        let out = through(&[b"x\xc2", b"\x9by\xe2\x80", b"\xae\xc3", b"\xa9"]);
        assert_eq!(out, "x\\u{9b}y\\u{202e}\u{e9}");
    }

    #[test]
    fn bytes_that_are_not_utf8_are_shown_as_hex() {
        assert_eq!(through(&[b"a\x9bb\xffc"]), "a\\x9bb\\xffc");
        // An unfinished character at the very end.
        assert_eq!(through(&[b"a\xe2\x80"]), "a\\xe2\\x80");
    }

    #[test]
    fn json_keeps_its_data_and_loses_its_controls() {
        let value = vec!["a\u{1b}b\u{85}c\u{202e}d é\te"];
        let text = json(&value);
        assert!(!text.chars().any(is_unsafe_char), "{text}");
        let back: Vec<String> = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }
}
