//! Escaping log text for terminals.
//!
//! Logs are attacker-controlled: a user agent or user name can carry
//! `ESC[2J` (clear screen), OSC sequences that set the window title or
//! write to the clipboard, or U+202E (right-to-left override) that makes
//! `evil.exe` display as `exe.live`. Everything logsift prints to a
//! terminal goes through [`escape`], which shows such characters in a
//! visible escaped form instead of sending them. The common case (plain
//! text) is returned borrowed, without copying.

use std::borrow::Cow;

/// Whether a character must not reach a terminal raw.
#[inline]
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200e}' | '\u{200f}'              // LRM, RLM
            | '\u{202a}'..='\u{202e}'            // LRE, RLE, PDF, LRO, RLO
            | '\u{2066}'..='\u{2069}'            // LRI, RLI, FSI, PDI
            | '\u{061c}'                         // ALM
            | '\u{feff}'                         // BOM / zero-width no-break space
        )
}

/// Escapes control characters (C0, DEL, C1) and bidirectional-override
/// characters: `\x1b` for bytes below 0x80 plus DEL, `\u{202e}` for the
/// rest; tab is kept when `keep_tab`. Newlines are escaped too (`\n`), so
/// one log record stays one output line.
pub fn escape_with(s: &str, keep_tab: bool) -> Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe(c) && !(keep_tab && c == '\t')) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) && !(keep_tab && c == '\t') {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`escape_with`] keeping tabs.
pub fn escape(s: &str) -> Cow<'_, str> {
    escape_with(s, true)
}

/// Escapes multi-line text for a terminal, keeping its newlines and tabs
/// (for folded stack traces printed as-is).
pub fn escape_keep_newlines(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe(c) && c != '\n' && c != '\t') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) && c != '\n' && c != '\t' {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn push_escaped(out: &mut String, c: char) {
    use std::fmt::Write;
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if (c as u32) < 0x80 => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(escape("GET /index.html 200"), Cow::Borrowed(_)));
        assert!(matches!(escape("café ünïcode 日本"), Cow::Borrowed(_)));
    }

    #[test]
    fn escapes_terminal_attacks() {
        assert_eq!(escape("a\x1b[2Jb"), "a\\x1b[2Jb");
        assert_eq!(escape("bell\u{7}"), "bell\\x07");
        assert_eq!(escape("evil\u{202e}exe.txt"), "evil\\u{202e}exe.txt");
        assert_eq!(escape("\u{9b}31m"), "\\u{9b}31m");
        assert_eq!(escape("x\ry"), "x\\ry");
        assert_eq!(escape("del\u{7f}"), "del\\x7f");
        assert_eq!(escape_with("a\tb", false), "a\\tb");
        assert_eq!(escape("a\tb"), "a\tb");
        assert_eq!(escape_keep_newlines("a\nb\x1b"), "a\nb\\x1b");
    }
}
