//! `filter`'s default output: the original record prefixed with
//! `source:line:`, as `grep -Hn` prints it, so the result feeds the same
//! tools and habits.
//!
//! Continuation lines of a multi-line record (a stack trace) follow with
//! `source-line-`, as grep prints context lines. On a terminal the text is
//! escaped (no raw control or escape sequences from the logs reach it) and
//! coloured: file name, line number, timestamp, level word and matches.
//! Piped, the bytes are passed through as logged.

use crate::event::{Event, Level};
use crate::output::color::paint;
use crate::output::sanitize::escape;
use crate::query::TextMatcher;

/// How records are printed.
#[derive(Debug, Clone)]
pub struct GrepStyle {
    pub with_filename: bool,
    pub with_line_number: bool,
    /// Colour (implies escaping).
    pub color: bool,
    /// Escape control characters (output goes to a terminal).
    pub escape: bool,
}

/// Appends one record.
pub fn write_record(
    out: &mut Vec<u8>,
    ev: &Event<'_>,
    source: &str,
    style: &GrepStyle,
    matcher: Option<&TextMatcher>,
) {
    for (i, piece) in ev.raw.split(|&b| b == b'\n').enumerate() {
        let (first, line_no) = (i == 0, ev.line + i as u64);
        let piece = piece.strip_suffix(b"\r").unwrap_or(piece);
        let sep = if first { b':' } else { b'-' };
        if style.with_filename {
            push(out, style, paint::SOURCE, &escape(source));
            out.push(sep);
        }
        if style.with_line_number {
            push(out, style, paint::LINE, &line_no.to_string());
            out.push(sep);
        }
        if !style.escape && !style.color {
            out.extend_from_slice(piece);
        } else {
            write_text(out, piece, ev, style, matcher, first);
        }
        out.push(b'\n');
    }
}

/// Escaped and optionally coloured text of one physical line.
fn write_text(
    out: &mut Vec<u8>,
    piece: &[u8],
    ev: &Event<'_>,
    style: &GrepStyle,
    matcher: Option<&TextMatcher>,
    first: bool,
) {
    let text = String::from_utf8_lossy(piece);
    if !style.color {
        out.extend_from_slice(escape(&text).as_bytes());
        return;
    }
    // Spans to paint: matches, then the timestamp and level word of the
    // first line where they do not overlap a match.
    let mut spans: Vec<(usize, usize, &str)> = matcher
        .map(|m| m.spans(text.as_bytes()).into_iter().map(|(s, e)| (s, e, paint::MATCH)).collect())
        .unwrap_or_default();
    if first {
        if !ev.ts_text.is_empty() {
            if let Some(s) = memchr::memmem::find(text.as_bytes(), ev.ts_text.as_bytes()) {
                spans.push((s, s + ev.ts_text.len(), paint::TIME));
            }
        }
        if let Some(l) = ev.level {
            if let Some((s, e)) = level_word(&text, l) {
                spans.push((s, e, paint::level(l)));
            }
        }
    }
    spans.sort_unstable();
    let mut at = 0;
    for (s, e, color) in spans {
        if s < at || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        out.extend_from_slice(escape(&text[at..s]).as_bytes());
        push(out, style, color, &escape(&text[s..e]));
        at = e;
    }
    out.extend_from_slice(escape(&text[at..]).as_bytes());
}

/// The first word within the line's first 160 bytes that spells `level`.
fn level_word(text: &str, level: Level) -> Option<(usize, usize)> {
    let limit = text.len().min(160);
    let b = text.as_bytes();
    let mut i = 0;
    while i < limit {
        if b[i].is_ascii_alphabetic() {
            let start = i;
            while i < b.len() && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            if i - start >= 3 && Level::parse(&text[start..i]) == Some(level) {
                return Some((start, i));
            }
        } else {
            i += 1;
        }
    }
    None
}

fn push(out: &mut Vec<u8>, style: &GrepStyle, color: &str, text: &str) {
    if style.color {
        out.extend_from_slice(color.as_bytes());
        out.extend_from_slice(text.as_bytes());
        out.extend_from_slice(paint::RESET.as_bytes());
    } else {
        out.extend_from_slice(text.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::FormatId;

    fn ev(raw: &'static str) -> Event<'static> {
        let mut e = Event::new(FormatId::LevelText, raw);
        e.raw = raw.as_bytes();
        e.line = 41;
        e
    }

    fn render(raw: &'static str, style: &GrepStyle) -> String {
        let mut out = Vec::new();
        write_record(&mut out, &ev(raw), "app.log", style, None);
        String::from_utf8(out).unwrap()
    }

    const PLAIN: GrepStyle =
        GrepStyle { with_filename: true, with_line_number: true, color: false, escape: false };

    #[test]
    fn grep_like_prefixes_and_continuations() {
        assert_eq!(render("ERROR boom", &PLAIN), "app.log:41:ERROR boom\n");
        assert_eq!(
            render("ERROR boom\r\n\tat x.y(Z.java:1)", &PLAIN),
            "app.log:41:ERROR boom\napp.log-42-\tat x.y(Z.java:1)\n"
        );
        let bare = GrepStyle { with_filename: false, with_line_number: false, ..PLAIN };
        assert_eq!(render("x", &bare), "x\n");
    }

    #[test]
    fn terminal_output_is_escaped_and_piped_output_is_not() {
        let raw = "GET / ua=\x1b]0;pwned\x07 \u{202e}";
        assert_eq!(render(raw, &PLAIN), format!("app.log:41:{raw}\n"));
        let tty = GrepStyle { escape: true, ..PLAIN };
        assert_eq!(render(raw, &tty), "app.log:41:GET / ua=\\x1b]0;pwned\\x07 \\u{202e}\n");
        let colour = GrepStyle { color: true, escape: true, ..PLAIN };
        let out = render(raw, &colour);
        assert!(!out.contains("\x07") && !out.contains("\u{202e}") && out.contains("\\x1b]0;"));
    }

    #[test]
    fn colour_marks_matches_and_level() {
        let m = TextMatcher::new(&[], &["boom".into()], false, false, false).unwrap().unwrap();
        let mut e = ev("2024-03-03 ERROR boom");
        e.level = Some(Level::Error);
        e.ts_text = "2024-03-03";
        let mut out = Vec::new();
        let colour = GrepStyle { color: true, escape: true, ..PLAIN };
        write_record(&mut out, &e, "a", &colour, Some(&m));
        let s = String::from_utf8(out).unwrap();
        assert!(s.contains(&format!("{}boom{}", paint::MATCH, paint::RESET)), "{s:?}");
        assert!(s.contains(&format!("{}ERROR{}", paint::level(Level::Error), paint::RESET)), "{s:?}");
        assert!(s.contains(&format!("{}2024-03-03{}", paint::TIME, paint::RESET)), "{s:?}");
    }
}
