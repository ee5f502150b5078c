//! The aligned-column event view for terminals (`timeline`, later `trace`).
//!
//! One event per row:
//!
//! ```text
//! 2024-03-03 12:00:01.123  B  error  web1/sshd       Failed password for root from 203.0.113.5
//! 2024-03-03 12:00:01.200  A  info   api             GET /login 401
//!                       ↳  A         api             at com.example.Login.check(Login.java:42)
//! ```
//!
//! Columns: the time (fixed width, to the millisecond, in the display
//! zone), a short source tag (coloured per source; [`View::write_legend`]
//! says which tag is which file), the level (coloured), host/app, and the
//! message. Events without a timestamp of their own (continuation and
//! unparsed lines) show `↳` in the time column: they stay right after the
//! event they follow. Lines of a multi-line record are indented under the
//! message column. With a known width, long messages wrap under the message
//! column, or are cut with `…` when `cut` is set. Everything taken from a
//! log is escaped ([`crate::output::sanitize`]) before it reaches the
//! terminal; colour is only ever added by this module.

use std::fmt::Write as _;

use crate::event::{Event, Level};
use crate::format::time::Zone;
use crate::output::color::paint;
use crate::output::sanitize::escape_with;

/// Width of the time column (`2024-03-03 12:00:01.123`).
pub const TIME_WIDTH: usize = 23;
/// Width of the host/app column; longer values are cut with `…`.
pub const ORIGIN_WIDTH: usize = 16;
/// Width of the level column (`emerg`, `error`...).
pub const LEVEL_WIDTH: usize = 6;

/// How the view is drawn, resolved once from the command line.
#[derive(Debug, Clone)]
pub struct ViewOptions {
    /// Zone the time column is shown in (`--display-tz`; UTC by default).
    pub zone: Zone,
    /// ANSI colours (see [`crate::output::color::use_color`]).
    pub color: bool,
    /// Total line width, when known (a terminal) or given (`--cut N`).
    pub width: Option<usize>,
    /// Cut long messages at `width` instead of wrapping them.
    pub cut: bool,
}

/// A source as the view shows it: its tag and label.
#[derive(Debug, Clone)]
struct Tag {
    tag: String,
    label: String,
    color: &'static str,
}

/// The view: options plus the tag of every source. Rendering takes
/// `&self`, so workers can render batches in parallel.
#[derive(Debug, Clone)]
pub struct View {
    opts: ViewOptions,
    /// Indexed by source id (`Event::source`).
    tags: Vec<Option<Tag>>,
    /// Tags in the order they were added (for the legend).
    order: Vec<u32>,
    tag_width: usize,
}

impl View {
    /// A view with no sources yet.
    pub fn new(opts: ViewOptions) -> View {
        View { opts, tags: Vec::new(), order: Vec::new(), tag_width: 1 }
    }

    /// Registers a source and gives it the next tag (`A`, `B`, … `Z`, `AA`…),
    /// so rows stay narrow whatever the path length. Call in the order the
    /// legend should list them.
    pub fn add_source(&mut self, id: u32, label: &str) {
        let n = self.order.len();
        let tag = tag_name(n);
        self.tag_width = self.tag_width.max(tag.len());
        let i = id as usize;
        if self.tags.len() <= i {
            self.tags.resize(i + 1, None);
        }
        self.tags[i] = Some(Tag { tag, label: label.to_string(), color: paint::source(n) });
        self.order.push(id);
    }

    /// The tag shown for a source (`?` for one never added).
    pub fn tag(&self, id: u32) -> &str {
        self.tags.get(id as usize).and_then(|t| t.as_ref()).map_or("?", |t| t.tag.as_str())
    }

    /// Writes the legend: one line per source, `A  path`, and a blank line.
    pub fn write_legend(&self, out: &mut String) {
        for &id in &self.order {
            let Some(t) = &self.tags[id as usize] else { continue };
            self.paint_padded(out, t.color, &t.tag, self.tag_width);
            let _ = writeln!(out, "  {}", escape_with(&t.label, false));
        }
        if !self.order.is_empty() {
            out.push('\n');
        }
    }

    /// Appends one event as a row (one or more lines, each ending in `\n`).
    pub fn write_event(&self, out: &mut String, ev: &Event<'_>) {
        match ev.ts {
            Some(t) => self.write_time(out, t.nanos),
            None => {
                let _ = write!(out, "{:>w$}", "↳", w = TIME_WIDTH);
            }
        }
        out.push_str("  ");
        let tag = self.tags.get(ev.source as usize).and_then(|t| t.as_ref());
        let (name, color) = tag.map_or(("?", ""), |t| (t.tag.as_str(), t.color));
        self.paint_padded(out, color, name, self.tag_width);
        out.push_str("  ");
        let level = ev.level.map_or("", Level::as_str);
        self.paint_padded(out, ev.level.map_or("", paint::level), level, LEVEL_WIDTH - 1);
        out.push_str("  ");
        let origin = origin_text(ev);
        let origin = escape_with(&origin, false);
        let origin = fit(&origin, ORIGIN_WIDTH);
        out.push_str(&origin);
        push_spaces(out, ORIGIN_WIDTH.saturating_sub(origin.chars().count()));
        out.push_str("  ");
        let indent = self.message_column();
        let mut first = true;
        for line in ev.message.split('\n') {
            let line = escape_with(line.trim_end_matches('\r'), true);
            if !first {
                push_spaces(out, indent);
            }
            first = false;
            self.write_message_line(out, &line, indent);
        }
    }

    /// Column (in characters) where the message starts.
    pub fn message_column(&self) -> usize {
        TIME_WIDTH + 2 + self.tag_width + 2 + (LEVEL_WIDTH - 1) + 2 + ORIGIN_WIDTH + 2
    }

    fn write_message_line(&self, out: &mut String, line: &str, indent: usize) {
        let Some(width) = self.opts.width.filter(|&w| w > indent + 8) else {
            out.push_str(line);
            out.push('\n');
            return;
        };
        let room = width - indent;
        if self.opts.cut {
            out.push_str(&fit(line, room));
            out.push('\n');
            return;
        }
        let mut rest = line;
        loop {
            let cut = byte_at_char(rest, room);
            out.push_str(&rest[..cut]);
            out.push('\n');
            rest = &rest[cut..];
            if rest.is_empty() {
                break;
            }
            push_spaces(out, indent);
        }
    }

    fn write_time(&self, out: &mut String, nanos: i64) {
        let offset = self.opts.zone.offset_at_utc(nanos);
        let local = nanos + offset as i64 * crate::event::timestamp::NANOS;
        let secs = local.div_euclid(crate::event::timestamp::NANOS);
        let ms = local.rem_euclid(crate::event::timestamp::NANOS) / 1_000_000;
        let (y, m, d) = crate::event::timestamp::civil_from_days(secs.div_euclid(86_400));
        let sod = secs.rem_euclid(86_400);
        if !(0..=9999).contains(&y) {
            let _ = write!(
                out,
                "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}.{ms:03}",
                sod / 3600,
                sod / 60 % 60,
                sod % 60
            );
            return;
        }
        // By hand: this runs once per printed row.
        let mut b = *b"0000-00-00 00:00:00.000";
        let mut put = |at: usize, v: u64, n: usize| {
            let mut v = v;
            for i in (at..at + n).rev() {
                b[i] = b'0' + (v % 10) as u8;
                v /= 10;
            }
        };
        put(0, y as u64, 4);
        put(5, m as u64, 2);
        put(8, d as u64, 2);
        put(11, (sod / 3600) as u64, 2);
        put(14, (sod / 60 % 60) as u64, 2);
        put(17, (sod % 60) as u64, 2);
        put(20, ms as u64, 3);
        out.push_str(std::str::from_utf8(&b).expect("ASCII digits"));
    }

    /// `text` left-aligned in `width` columns, coloured.
    fn paint_padded(&self, out: &mut String, color: &str, text: &str, width: usize) {
        self.paint(out, color, text);
        push_spaces(out, width.saturating_sub(text.chars().count()));
    }

    fn paint(&self, out: &mut String, color: &str, text: &str) {
        if self.opts.color && !color.is_empty() {
            out.push_str(color);
            out.push_str(text);
            out.push_str(paint::RESET);
        } else {
            out.push_str(text);
        }
    }
}

/// `A`..`Z`, `AA`..`AZ`, `BA`… (spreadsheet column names).
fn tag_name(mut n: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).expect("ASCII")
}

/// `host/app`, or whichever of the two the event has.
fn origin_text(ev: &Event<'_>) -> String {
    match (ev.host.as_deref(), ev.app.as_deref()) {
        (Some(h), Some(a)) => format!("{h}/{a}"),
        (Some(x), None) | (None, Some(x)) => x.to_string(),
        (None, None) => String::new(),
    }
}

/// `s` cut to at most `width` characters, with `…` when cut.
fn fit(s: &str, width: usize) -> std::borrow::Cow<'_, str> {
    if s.chars().count() <= width {
        return s.into();
    }
    let cut = byte_at_char(s, width.saturating_sub(1));
    format!("{}…", &s[..cut]).into()
}

/// Byte index of the `n`th character of `s` (or its length).
fn byte_at_char(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

fn push_spaces(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

/// The width of the terminal on stdout, if it is one.
pub fn terminal_width() -> Option<usize> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return None;
    }
    // SAFETY: TIOCGWINSZ writes a `winsize` into the struct we pass and
    // nothing else; on failure it returns -1 and the struct is unused.
    let mut ws: libc::winsize = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut ws) } == 0;
    (ok && ws.ws_col > 0).then_some(ws.ws_col as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Timestamp;
    use crate::format::FormatId;
    use std::borrow::Cow;

    fn view(width: Option<usize>, cut: bool, color: bool) -> View {
        let mut v = View::new(ViewOptions { zone: Zone::Utc, color, width, cut });
        v.add_source(5, "web1/auth.log");
        v.add_source(2, "app/api.jsonl");
        v
    }

    fn event(msg: &str) -> Event<'_> {
        let mut ev = Event::new(FormatId::Syslog, msg);
        ev.ts = Some(Timestamp::new(1_709_467_201_123_456_789, 9));
        ev.source = 5;
        ev.level = Some(Level::Error);
        ev.host = Some(Cow::Borrowed("web1"));
        ev.app = Some(Cow::Borrowed("sshd"));
        ev
    }

    #[test]
    fn columns_are_aligned_and_times_cut_to_the_millisecond() {
        let v = view(None, false, false);
        let mut out = String::new();
        v.write_event(&mut out, &event("Failed password"));
        let mut untimed = event("at x");
        untimed.ts = None;
        untimed.level = None;
        untimed.source = 2;
        v.write_event(&mut out, &untimed);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "2024-03-03 12:00:01.123  A  error  web1/sshd         Failed password");
        assert_eq!(lines[1], "                      ↳  B         web1/sshd         at x");
        assert_eq!(lines[0].find("Failed"), Some(v.message_column()));
    }

    #[test]
    fn legend_lists_tags_in_order_and_tags_go_past_z() {
        let v = view(None, false, false);
        let mut s = String::new();
        v.write_legend(&mut s);
        assert_eq!(s, "A  web1/auth.log\nB  app/api.jsonl\n\n");
        assert_eq!(tag_name(25), "Z");
        assert_eq!(tag_name(26), "AA");
        assert_eq!(tag_name(27), "AB");
        assert_eq!(tag_name(26 * 27), "AAA");
    }

    #[test]
    fn control_characters_are_escaped_and_colour_only_when_asked() {
        let mut out = String::new();
        view(None, false, false).write_event(&mut out, &event("evil \x1b[2J \u{202e}txt"));
        assert!(!out.contains('\x1b'));
        assert!(out.contains("\\x1b[2J \\u{202e}txt"));
        let mut out = String::new();
        view(None, false, true).write_event(&mut out, &event("x"));
        assert!(out.contains("\x1b[31merror"), "{out:?}");
    }

    #[test]
    fn long_messages_wrap_under_the_message_column_or_are_cut() {
        let msg = "0123456789".repeat(6);
        let v = view(Some(view(None, false, false).message_column() + 20), false, false);
        let mut out = String::new();
        v.write_event(&mut out, &event(&msg));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[1].starts_with(&" ".repeat(v.message_column())));
        assert_eq!(lines[2].trim(), "01234567890123456789");
        let v = view(Some(v.message_column() + 20), true, false);
        let mut out = String::new();
        v.write_event(&mut out, &event(&msg));
        assert_eq!(out.lines().count(), 1);
        assert!(out.trim_end().ends_with("012345678…"));
    }

    #[test]
    fn multi_line_records_are_indented_and_display_zone_applies() {
        let mut v = View::new(ViewOptions {
            zone: Zone::parse("Europe/Berlin").unwrap(),
            color: false,
            width: None,
            cut: false,
        });
        v.add_source(5, "x");
        let mut out = String::new();
        v.write_event(&mut out, &event("boom\n\tat A.b(A.java:1)"));
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[0].starts_with("2024-03-03 13:00:01.123"), "{}", lines[0]);
        assert_eq!(lines[1], format!("{}\tat A.b(A.java:1)", " ".repeat(v.message_column())));
    }
}
