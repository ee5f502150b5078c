//! RFC 3164 (BSD) syslog, as rsyslog, syslog-ng, journald and macOS write it
//! to `/var/log/*.log`, plus rsyslog's high-precision RFC 3339 variant.
//!
//! Shapes accepted (PRI optional in both):
//!
//! ```text
//! [<PRI>]Mmm dd hh:mm:ss[.frac] [HOST ]TAG[PID]: MSG       (BSD, year-less)
//! [<PRI>]YYYY-MM-DDThh:mm:ss[.frac][zone] HOST TAG[PID]: MSG   (rsyslog "precise")
//! ```
//!
//! Decisions, so the rest of the tool can rely on them:
//! - The BSD timestamp has no year: it comes from `cx.year.year_for` and
//!   `year_inferred` is set (unless the year was forced with `--year`).
//!   Zone-less times go through `cx.resolve`, which applies `--tz`.
//! - The timestamp *shape* is essential (no month name, no `hh:mm:ss` -> not
//!   this format); out-of-range values (`Feb 30`, hour 25) give `ts: None`.
//! - `sshd(pam_unix)[19939]:` gives app `sshd`, pid 19939 and field
//!   `module = pam_unix`, so that old and new sshd lines share one app name.
//! - A tag may hold spaces only when it ends in `[pid]:` (`Microsoft
//!   Word[14463]:`), or is a program followed by a version (`syslogd 1.4.1:`,
//!   `BezelServices 255.10[94]:`; the version kept as field `version`). Otherwise a line with no `tag:`
//!   (`last message repeated 3 times`) has no app and the rest is the message.
//! - `app[1] (detail): msg` (macOS launchd, no colon after the pid) is a tag.
//! - Level comes from PRI severity, with the PRI facility as field
//!   `facility`. Without PRI, the level is `None`, except when the tag
//!   position holds a bare level word (`host ERROR: disk full`), which is then
//!   read as the level and not as an app. Level words inside the message
//!   (`<warn>`, `[error]`) are not looked for.
//! - A host token ending in `:` or holding `[` is really a tag: the line has
//!   no host (devices that omit it). The ISO form always needs a host and a
//!   tag, and a level word as host or tag means the line is an ISO-level text
//!   log, not syslog; the BSD form rejects a level word as host too.
//! - `<34>1 2003-...` (RFC 5424: a version digit after PRI) is rejected.

use std::borrow::Cow;

use crate::bytes::same;
use crate::event::{Event, Level, Timestamp, Value};
use crate::format::time::{digits, fraction, hms, iso8601, month_abbr, Civil};
use crate::format::{FieldSink, FormatId, ParseCx};
use crate::output::json::{write_head, FieldWriter, Head};

/// A real-shaped example line.
pub const EXAMPLE: &str =
    "Mar  3 12:00:01 web1 sshd[1234]: Failed password for root from 203.0.113.5 port 22 ssh2";

/// Parses one line; `None` when it is not in this format (see the module
/// doc for what is accepted and how ambiguous parts are read).
pub fn parse<'a>(line: &'a str, cx: &ParseCx) -> Option<Event<'a>> {
    let h = head(line, cx)?;
    let mut ev = Event::new(FormatId::Syslog, h.tag.message);
    ev.ts = h.stamp.ts;
    ev.ts_text = h.ts_text;
    ev.year_inferred = h.stamp.year_inferred;
    ev.host = h.host.map(Cow::Borrowed);
    ev.app = h.tag.app.map(Cow::Borrowed);
    ev.level = match h.pri {
        Some(p) => Level::from_syslog_severity(p & 7),
        None => h.word_level,
    };
    if let Some(p) = h.pri {
        ev.fields.push((Cow::Borrowed("facility"), Value::Str(Cow::Borrowed(facility_name(p >> 3)))));
    }
    fill_tag_fields(&mut ev, &h.tag);
    Some(ev)
}

/// Appends the `--json` line of a syslog record straight from the line (no
/// [`Event`] built): the bytes [`crate::output::json::write_event`] writes
/// for [`parse`]'s event with `source` and line number `line_no`. False
/// (with `out` as it was) when the line is not syslog.
pub fn write_json(line: &str, cx: &ParseCx, source: &str, line_no: u64, out: &mut Vec<u8>) -> bool {
    let Some(h) = head(line, cx) else { return false };
    let pid_text = h.tag.pid.filter(|p| !p.is_empty());
    let pid = pid_text.and_then(parse_pid);
    let head = Head {
        ts: h.stamp.ts,
        source,
        line: line_no,
        format: FormatId::Syslog,
        level: match h.pri {
            Some(p) => Level::from_syslog_severity(p & 7),
            None => h.word_level,
        },
        host: h.host,
        app: h.tag.app,
        pid,
        message: h.tag.message,
    };
    write_head(out, &head);
    let mut w = FieldWriter::new(out);
    if let Some(p) = h.pri {
        w.push_field("facility", || Value::Str(Cow::Borrowed(facility_name(p >> 3))));
    }
    if let (Some(text), None) = (pid_text, pid) {
        w.push_field("procid", || Value::Str(Cow::Borrowed(text)));
    }
    if let Some(module) = h.tag.module {
        w.push_field("module", || Value::Str(Cow::Borrowed(module)));
    }
    if let Some(version) = h.tag.version {
        w.push_field("version", || Value::Str(Cow::Borrowed(version)));
    }
    w.finish(h.stamp.year_inferred, 1)
}

/// What [`parse`] would give as the timestamp: `None` when the line is not
/// syslog, else the event's `ts`, without building the event (`timeline`
/// keys every record this way).
pub fn timestamp(line: &str, cx: &ParseCx) -> Option<Option<Timestamp>> {
    head(line, cx).map(|h| h.stamp.ts)
}

/// Who logged what and when: everything [`parse`] gives except the level
/// and the fields (`facility`, `procid`, `module`, `version`), read without
/// building an [`Event`] (`logins` reads its commonest lines this way).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Header<'a> {
    pub ts: Option<Timestamp>,
    pub host: Option<&'a str>,
    pub app: Option<&'a str>,
    pub pid: Option<u32>,
    pub message: &'a str,
}

/// The [`Header`] of a line, `None` exactly when [`parse`] gives `None`.
pub fn header<'a>(line: &'a str, cx: &ParseCx) -> Option<Header<'a>> {
    let h = head(line, cx)?;
    let pid = h.tag.pid.filter(|p| !p.is_empty()).and_then(parse_pid);
    Some(Header { ts: h.stamp.ts, host: h.host, app: h.tag.app, pid, message: h.tag.message })
}

/// Everything that decides whether a line is syslog; past it [`parse`]
/// always succeeds.
struct LineHead<'a> {
    pri: Option<u8>,
    stamp: Stamp,
    ts_text: &'a str,
    host: Option<&'a str>,
    tag: Tag<'a>,
    word_level: Option<Level>,
}

/// The [`Header`] of a line, as [`header`] gives it, reusing what `memo`
/// holds of the line before: consecutive lines of a log mostly share their
/// timestamp text and host, whose reading was most of a header's cost.
/// A memo must only be used with one `cx`.
pub fn header_memo<'a>(line: &'a str, cx: &ParseCx, memo: &mut Memo<'a>) -> Option<Header<'a>> {
    if let Some(h) = quick_header(line, memo) {
        return Some(h);
    }
    let h = head_with(line, cx, memo)?;
    let pid = h.tag.pid.filter(|p| !p.is_empty()).and_then(parse_pid);
    Some(Header { ts: h.stamp.ts, host: h.host, app: h.tag.app, pid, message: h.tag.message })
}

/// What [`header_memo`] remembers of the last line it read: its BSD
/// timestamp text (the stamp is a function of those bytes and the space
/// after them: `fraction` stops at it) and a host token that passed.
#[derive(Default, Clone)]
pub struct Memo<'a> {
    stamp_text: &'a [u8],
    ts: Option<Timestamp>,
    year_inferred: bool,
    /// The stamp's seconds when its text ends in them (no fraction), its
    /// timestamp is known and far from the ends of the `i64` range, and the
    /// zone's offset is the same at every instant: then a stamp differing
    /// only in those two digits is this one plus the difference
    /// ([`next_second`]).
    second: Option<u32>,
    host: &'a [u8],
    app: &'a str,
    /// The programs of the last two lines [`quick_header`] read, newest
    /// first: words without a space, `[` or `:` that are no level word
    /// (a busy auth.log mostly alternates between two or three programs,
    /// and finding a known one is one compare instead of a byte loop).
    quick_apps: [&'a str; 2],
}

impl<'a> Memo<'a> {
    /// The length of the program at `b[r..]` when it is one of
    /// [`Memo::quick_apps`] followed by `[` or `:` (what [`word_end`] would
    /// find, since those programs hold none of its stop bytes), and which
    /// one.
    #[inline]
    fn quick_app_at(&self, b: &[u8], r: usize) -> Option<(usize, usize)> {
        self.quick_apps.iter().enumerate().find_map(|(which, app)| {
            let k = app.len();
            (k > 0
                && r + k < b.len()
                && matches!(b[r + k], b'[' | b':')
                && same(&b[r..r + k], app.as_bytes()))
            .then_some((k, which))
        })
    }
}

fn head<'a>(line: &'a str, cx: &ParseCx) -> Option<LineHead<'a>> {
    head_with(line, cx, &mut Memo::default())
}

/// The stamp at the start of `b` (after PRI): the memo's when `b` starts
/// with its text followed by a space (a BSD stamp reads no further), the
/// memo's moved on when only its seconds differ ([`next_second`]), else
/// read and, when BSD and followed by a space, remembered.
fn memo_stamp<'a>(b: &'a [u8], cx: &ParseCx, memo: &mut Memo<'a>) -> Option<Stamp> {
    if let Some(stamp) = known_stamp(b, memo) {
        return Some(stamp);
    }
    let stamp = read_stamp(b, cx)?;
    if !stamp.iso && b.get(stamp.len) == Some(&b' ') {
        (memo.stamp_text, memo.ts, memo.year_inferred) = (&b[..stamp.len], stamp.ts, stamp.year_inferred);
        memo.second =
            stamp.ts.filter(|t| steady(cx) && t.precision == 0 && far_from_ends(t.nanos)).and_then(|_| {
                let s = &b[stamp.len - 2..stamp.len];
                let second = two_digits(s)?;
                // Without a fraction the text ends in `:ss`.
                (stamp.len >= 3 && b[stamp.len - 3] == b':' && second <= 59).then_some(second)
            });
    }
    Some(stamp)
}

/// The stamp at the start of `b` when the memo knows it: its text, or
/// its text but for the seconds ([`next_second`]), followed by a space.
#[inline]
fn known_stamp<'a>(b: &'a [u8], memo: &mut Memo<'a>) -> Option<Stamp> {
    let k = memo.stamp_text.len();
    if k == 0 || b.get(k) != Some(&b' ') {
        return None;
    }
    if same(&b[..k], memo.stamp_text) {
        return Some(Stamp { ts: memo.ts, len: k, year_inferred: memo.year_inferred, iso: false });
    }
    next_second(b, memo)
}

/// [`header_memo`] for the commonest shape, `Mmm dd hh:mm:ss host
/// app[pid]: message` or `... host app: message` with the memo's stamp
/// (or its next seconds) and host: the steps [`head_with`] takes for such
/// a line, without its other cases. `None` (the memo only moved on to the
/// stamp) whenever the line is anything else: a PRI, other spacing, a tag
/// with a module, a version, spaces or a non-numeric pid, a program that
/// might be a level word.
fn quick_header<'a>(line: &'a str, memo: &mut Memo<'a>) -> Option<Header<'a>> {
    let b = line.as_bytes();
    if b.first() == Some(&b'<') {
        return None;
    }
    let stamp = known_stamp(b, memo)?;
    let i = stamp.len + 1;
    let h = memo.host.len();
    if h == 0 || b.len() <= i + h || b[i] == b' ' || b[i + h] != b' ' || !same(&b[i..i + h], memo.host) {
        return None;
    }
    let host = &line[i..i + h];
    let r = skip_spaces(b, i + h);
    let known = memo.quick_app_at(b, r);
    let e = known.map_or_else(|| word_end(b, r), |(k, _)| r + k);
    if e == r || e >= b.len() || b[e - 1] == b')' {
        return None;
    }
    let (pid, colon) = match b[e] {
        b'[' => {
            // Up to 10 digits (as `parse_pid` reads), in a `u64`.
            let (mut v, start) = (0u64, e + 1);
            let mut d = start;
            while let Some(&c) = b.get(d) {
                let x = c.wrapping_sub(b'0');
                if x > 9 {
                    break;
                }
                v = v.wrapping_mul(10).wrapping_add(x as u64);
                d += 1;
            }
            let n = d - start;
            if n == 0 || n > 10 || b.get(d) != Some(&b']') || b.get(d + 1) != Some(&b':') {
                return None;
            }
            (u32::try_from(v).ok(), d + 1)
        }
        b':' => (None, e),
        _ => return None,
    };
    let message = match b.get(colon + 1) {
        None => "",
        Some(b' ') => &line[colon + 2..],
        Some(_) => return None,
    };
    let app = &line[r..e];
    match known {
        // Passed the level-word test when it was remembered.
        Some((_, 0)) => {}
        Some(_) => memo.quick_apps.swap(0, 1),
        None => {
            if !same(app.as_bytes(), memo.app.as_bytes()) {
                if is_level_word(app) {
                    return None;
                }
                memo.app = app;
            }
            memo.quick_apps = [app, memo.quick_apps[0]];
        }
    }
    Some(Header { ts: stamp.ts, host: Some(host), app: Some(app), pid, message })
}

/// The stamp of `b` when its first `memo.stamp_text.len()` bytes (followed
/// by a space) are the memo's text but for the seconds: the civil time is
/// the memo's but for the seconds, so (the zone's offset fixed, see
/// [`Memo::second`]) the instant is the memo's plus their difference.
/// The memo moves on to it.
fn next_second<'a>(b: &'a [u8], memo: &mut Memo<'a>) -> Option<Stamp> {
    let old = memo.second?;
    let k = memo.stamp_text.len();
    let second = two_digits(&b[k - 2..k]).filter(|&s| s <= 59)?;
    if !same(&b[..k - 2], &memo.stamp_text[..k - 2]) {
        return None;
    }
    let ts = memo.ts?;
    let nanos = ts.nanos + (second as i64 - old as i64) * 1_000_000_000;
    let ts = Some(Timestamp::new(nanos, 0));
    (memo.stamp_text, memo.ts, memo.second) = (&b[..k], ts, Some(second));
    Some(Stamp { ts, len: k, year_inferred: memo.year_inferred, iso: false })
}

/// Whether `cx` gives every zone-less time the same offset (no named
/// zone, whose offset changes with the date).
fn steady(cx: &ParseCx) -> bool {
    !matches!(cx.zone, crate::format::time::Zone::Named(_))
}

/// Whether a minute either side of `nanos`, offset by up to a day, stays
/// inside `i64`: where [`next_second`]'s sum is what a fresh read gives.
fn far_from_ends(nanos: i64) -> bool {
    const MARGIN: i64 = 2 * 86_400 * 1_000_000_000;
    (i64::MIN + MARGIN..i64::MAX - MARGIN).contains(&nanos)
}

/// The value of two ASCII digits.
#[inline]
fn two_digits(s: &[u8]) -> Option<u32> {
    let (a, b) = (s[0].wrapping_sub(b'0'), s[1].wrapping_sub(b'0'));
    (a < 10 && b < 10).then_some(a as u32 * 10 + b as u32)
}

fn head_with<'a>(line: &'a str, cx: &ParseCx, memo: &mut Memo<'a>) -> Option<LineHead<'a>> {
    let b = line.as_bytes();
    let (pri, start) = match pri_prefix(b) {
        Some((pri, used)) => (Some(pri), used),
        None if b.first() == Some(&b'<') => return None,
        None => (None, 0),
    };
    let stamp = memo_stamp(&b[start..], cx, memo)?;
    let mut i = start + stamp.len;
    // The timestamp must be followed by a space and something.
    i = skip_spaces(b, i);
    if i == start + stamp.len || i >= b.len() {
        return None;
    }
    let ts_text = &line[start..start + stamp.len];

    // The memo's host (a token without spaces) when the line has it next.
    let h = memo.host.len();
    let known_host = h > 0
        && b.len() >= i + h
        && same(&b[i..i + h], memo.host)
        && matches!(b.get(i + h), Some(&b' ') | None);
    let host_end = if known_host { i + h } else { memchr::memchr(b' ', &b[i..]).map_or(b.len(), |p| i + p) };
    let host_tok = &line[i..host_end];
    // The memo's host passed every test below as a host (they read the
    // token alone).
    if !known_host && is_level_word(host_tok.strip_suffix(':').unwrap_or(host_tok)) {
        return None;
    }
    let (host, rest_start) = if known_host {
        (Some(host_tok), skip_spaces(b, host_end))
    } else if is_tag_not_host(host_tok.as_bytes()) {
        if stamp.iso {
            return None;
        }
        (None, i)
    } else {
        if !is_host(host_tok.as_bytes()) {
            return None;
        }
        memo.host = &b[i..host_end];
        (Some(host_tok), skip_spaces(b, host_end))
    };
    let rest = &line[rest_start.min(line.len())..];
    let mut tag = split_tag(rest);

    let mut word_level = None;
    if let Some(app) = tag.app {
        // The memo's program was no level word.
        if !same(app.as_bytes(), memo.app.as_bytes()) && is_level_word(app) {
            if stamp.iso {
                return None;
            }
            // `host ERROR: text`: a level, not a program; keep the line whole.
            word_level = Level::parse(app);
            tag = Tag { message: rest, ..Tag::default() };
        } else {
            memo.app = app;
        }
    }
    if stamp.iso && (host.is_none() || tag.app.is_none()) {
        return None;
    }
    Some(LineHead { pri, stamp, ts_text, host, tag, word_level })
}

/// Reads `<PRI>` (1 to 3 digits, value 0..=191) at the start of a line.
/// Returns (PRI, bytes consumed); `None` when there is no valid PRI.
pub fn pri_prefix(b: &[u8]) -> Option<(u8, usize)> {
    if b.first() != Some(&b'<') {
        return None;
    }
    let mut v = 0u32;
    let mut i = 1;
    while i < b.len() && i <= 3 && b[i].is_ascii_digit() {
        v = v * 10 + (b[i] - b'0') as u32;
        i += 1;
    }
    if i == 1 || b.get(i) != Some(&b'>') || v > 191 {
        return None;
    }
    Some((v as u8, i + 1))
}

/// The conventional name of a syslog facility number (PRI / 8), as used in
/// `syslog.conf` selectors, so users can filter on `facility=authpriv`.
pub fn facility_name(facility: u8) -> &'static str {
    const NAMES: [&str; 24] = [
        "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp",
        "ntp", "security", "console", "clock", "local0", "local1", "local2", "local3", "local4", "local5",
        "local6", "local7",
    ];
    NAMES.get(facility as usize).copied().unwrap_or("unknown")
}

/// A timestamp read at the start of the line (after PRI).
struct Stamp {
    ts: Option<crate::event::Timestamp>,
    /// Bytes of the timestamp text.
    len: usize,
    year_inferred: bool,
    /// True for the RFC 3339 form (stricter rules apply after it).
    iso: bool,
}

fn read_stamp(b: &[u8], cx: &ParseCx) -> Option<Stamp> {
    if b.first()?.is_ascii_digit() {
        return iso_stamp(b, cx);
    }
    let (mut civil, len) = bsd_stamp(b)?;
    civil.year = cx.year.year_for(civil.month, civil.day);
    let forced = cx.year.basis == crate::format::time::YearBasis::Forced;
    Some(Stamp { ts: cx.resolve(&civil), len, year_inferred: !forced, iso: false })
}

/// `YYYY-MM-DDThh:mm:ss[.frac][zone]` (a `T` and `-` separators required:
/// other ISO shapes belong to other formats).
fn iso_stamp(b: &[u8], cx: &ParseCx) -> Option<Stamp> {
    let (civil, len) = iso8601(b)?;
    if b[4] != b'-' || !(b[10] == b'T' || b[10] == b't') {
        return None;
    }
    if b.get(len).is_some_and(|&c| c != b' ') {
        return None;
    }
    Some(Stamp { ts: cx.resolve(&civil), len, year_inferred: false, iso: true })
}

/// `Mmm dd hh:mm:ss[.frac]` with the day padded by a space or a zero, or
/// unpadded (`Mar 3`). Returns the civil time without a year, and bytes used.
fn bsd_stamp(b: &[u8]) -> Option<(Civil, usize)> {
    if b.len() < 14 || !b[0].is_ascii_uppercase() || b[3] != b' ' {
        return None;
    }
    let month = month_abbr(b)?;
    let (day, after_day) = if b[4] == b' ' {
        (digits(&b[5..], 1)?, 6)
    } else if b[5] == b' ' {
        (digits(&b[4..], 1)?, 5)
    } else {
        (digits(&b[4..], 2)?, 6)
    };
    if b.get(after_day) != Some(&b' ') {
        return None;
    }
    let t = after_day + 1;
    let (hour, minute, second) = hms(b.get(t..)?)?;
    let (nanos, frac_digits, used) = fraction(&b[t + 8..]);
    let civil = Civil { year: 0, month, day, hour, minute, second, nanos, frac_digits, offset: None };
    Some((civil, t + 8 + used))
}

fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i] == b' ' {
        i += 1;
    }
    i
}

/// A token in the host position that is really a tag (`su:`, `sshd[1]:`).
fn is_tag_not_host(tok: &[u8]) -> bool {
    tok.last() == Some(&b':') || memchr::memchr(b'[', tok).is_some()
}

/// Host names, IPv4/IPv6 addresses, FQDNs, relay chains (`a/b`), and
/// non-ASCII names; not punctuation that other formats start with.
fn is_host(tok: &[u8]) -> bool {
    !tok.is_empty()
        && tok.iter().all(|&c| {
            c.is_ascii_alphanumeric()
                || matches!(c, b'.' | b'-' | b'_' | b':' | b'%' | b'@' | b'/')
                || c >= 0x80
        })
}

/// A level word (`INFO`, `warning`, `ERR`...) of at least three letters.
fn is_level_word(word: &str) -> bool {
    word.len() >= 3 && Level::parse(word).is_some()
}

/// The pieces of `TAG[PID]: MSG`, all borrowed from the line.
#[derive(Default)]
struct Tag<'a> {
    app: Option<&'a str>,
    /// Text between the brackets after the tag.
    pid: Option<&'a str>,
    /// `pam_unix` of `sshd(pam_unix)`.
    module: Option<&'a str>,
    /// `1.4.1` of `syslogd 1.4.1:`.
    version: Option<&'a str>,
    message: &'a str,
}

/// Splits the text after the host into tag, pid and message. A line with no
/// recognisable tag gives a `Tag` with only the message.
fn split_tag(rest: &str) -> Tag<'_> {
    let b = rest.as_bytes();
    let first_end = word_end(b, 0);
    if first_end == 0 {
        return Tag { message: rest, ..Tag::default() };
    }
    if let Some(tag) = tag_ending_at(rest, first_end) {
        return tag.with_module();
    }
    if b.get(first_end) != Some(&b' ') {
        return Tag { message: rest, ..Tag::default() };
    }
    multi_word_tag(rest, first_end).map_or(Tag { message: rest, ..Tag::default() }, Tag::with_module)
}

/// End of a tag word: the first space, `[` or `:` from `i`.
fn word_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && !matches!(b[i], b' ' | b'[' | b':') {
        i += 1;
    }
    i
}

/// The tag `rest[..end]` when what follows `end` closes a tag: `: `,
/// `:` at the end of the line, `[pid]: `, or `[digits] ` (macOS launchd).
fn tag_ending_at(rest: &str, end: usize) -> Option<Tag<'_>> {
    let b = rest.as_bytes();
    let app = &rest[..end];
    match b.get(end)? {
        b':' => {
            let msg = message_after_colon(rest, end)?;
            Some(Tag { app: Some(app), message: msg, ..Tag::default() })
        }
        b'[' => {
            let close = end + 1 + memchr::memchr(b']', &b[end + 1..])?;
            let pid = &rest[end + 1..close];
            let message = match b.get(close + 1) {
                Some(b':') => message_after_colon(rest, close + 1)?,
                Some(b' ') if !pid.is_empty() && pid.bytes().all(|c| c.is_ascii_digit()) => {
                    &rest[close + 2..]
                }
                None => "",
                _ => return None,
            };
            Some(Tag { app: Some(app), pid: Some(pid), message, ..Tag::default() })
        }
        _ => None,
    }
}

/// The message after a tag's colon at `colon`: the colon must end the line
/// or be followed by a space (one space is skipped).
fn message_after_colon(rest: &str, colon: usize) -> Option<&str> {
    match rest.as_bytes().get(colon + 1) {
        None => Some(""),
        Some(b' ') => Some(&rest[colon + 2..]),
        Some(_) => None,
    }
}

/// `Microsoft Word[14463]: msg`, `-- root[2421]: msg` (tags with spaces
/// ending in `[pid]:`), and `syslogd 1.4.1: msg` / `BezelServices
/// 255.10[94]: msg` (program and version: the version is split off).
fn multi_word_tag(rest: &str, first_end: usize) -> Option<Tag<'_>> {
    const MAX_TAG_WORDS: usize = 4;
    const MAX_TAG_LEN: usize = 64;
    let b = rest.as_bytes();
    let mut end = first_end;
    for word in 1..MAX_TAG_WORDS {
        let start = end + 1;
        end = word_end(b, start);
        if end == start || end > MAX_TAG_LEN {
            return None;
        }
        match b.get(end) {
            Some(b'[') => {
                let mut tag = tag_ending_at(rest, end)?;
                if b.get(end + 1 + tag.pid?.len() + 1) != Some(&b':') {
                    return None;
                }
                if word == 1 && is_version(&b[start..end]) {
                    tag.app = Some(&rest[..first_end]);
                    tag.version = Some(&rest[start..end]);
                }
                return Some(tag);
            }
            Some(b':') if word == 1 && is_version(&b[start..end]) => {
                let message = message_after_colon(rest, end)?;
                let (app, version) = (&rest[..first_end], &rest[start..end]);
                return Some(Tag { app: Some(app), version: Some(version), message, ..Tag::default() });
            }
            Some(b' ') => continue,
            _ => return None,
        }
    }
    None
}

/// `1.4.1`, `2.0`: digits and dots, starting with a digit, holding a dot.
fn is_version(w: &[u8]) -> bool {
    w.first().is_some_and(u8::is_ascii_digit)
        && w.contains(&b'.')
        && w.iter().all(|&c| c.is_ascii_digit() || c == b'.')
}

impl<'a> Tag<'a> {
    /// Splits `sshd(pam_unix)` into app `sshd` and module `pam_unix`.
    fn with_module(mut self) -> Tag<'a> {
        if let Some(app) = self.app {
            // The closing parenthesis first: nearly no tag has one, and
            // looking for the opening one was a tenth of reading a header.
            let open = if app.ends_with(')') { memchr::memchr(b'(', app.as_bytes()) } else { None };
            if let Some(open) = open {
                if open > 0 {
                    self.module = Some(&app[open + 1..app.len() - 1]);
                    self.app = Some(&app[..open]);
                }
            }
        }
        self
    }
}

/// Sets pid (or field `procid` when it is not a number), `module` and
/// `version` from a split tag.
fn fill_tag_fields<'a>(ev: &mut Event<'a>, tag: &Tag<'a>) {
    if let Some(pid) = tag.pid.filter(|p| !p.is_empty()) {
        match parse_pid(pid) {
            Some(n) => ev.pid = Some(n),
            None => ev.fields.push((Cow::Borrowed("procid"), Value::Str(Cow::Borrowed(pid)))),
        }
    }
    if let Some(module) = tag.module {
        ev.fields.push((Cow::Borrowed("module"), Value::Str(Cow::Borrowed(module))));
    }
    if let Some(version) = tag.version {
        ev.fields.push((Cow::Borrowed("version"), Value::Str(Cow::Borrowed(version))));
    }
}

/// A decimal pid that fits in `u32`.
pub(crate) fn parse_pid(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 10 {
        return None;
    }
    s.bytes().try_fold(0u32, |acc, c| {
        if c.is_ascii_digit() {
            acc.checked_mul(10)?.checked_add((c - b'0') as u32)
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::time::{YearBasis, YearRef, Zone};

    fn cx() -> ParseCx {
        ParseCx::new(Zone::Utc, YearRef::forced(2024))
    }

    #[test]
    fn the_memo_gives_what_a_fresh_read_gives_on_ugly_neighbours() {
        // Lines sharing a stamp prefix, host or program with the line
        // before, with fractions, PRI, ISO stamps, level words, no host.
        let lines = [
            "Mar  3 10:00:00 web1 sshd[1]: Failed password for root from 1.2.3.4 port 22 ssh2",
            "Mar  3 10:00:00 web1 sshd[2]: ok",
            "Mar  3 10:00:00.5 web1 sshd[2]: fraction after the same text",
            "Mar  3 10:00:00.5 web1 sshd[2]: again",
            "Mar  3 10:00:00.55 web1 sshd[2]: longer fraction",
            "Mar  3 10:00:00 web1x sshd[3]: host with the memo's host as prefix",
            "Mar  3 10:00:00 web1 ERROR: a level word as program",
            "Mar  3 10:00:00 web1 ERROR: again",
            "Mar  3 10:00:00 ERROR: a level word as host",
            "Mar  3 10:00:00 web1",
            "Mar  3 10:00:00 web1 ",
            "Mar  3 10:00:00web1 sshd: no space after the stamp",
            "Mar  3 10:00:00  web1 sshd: two spaces",
            "<38>Mar  3 10:00:00 web1 sshd[4]: with PRI",
            "<38>Mar  3 10:00:00 web1 sshd[4]: again",
            "Mar  3 10:00:00 web1 sshd[4]: after PRI",
            "Feb 30 10:00:00 web1 sshd[5]: no such day",
            "Feb 30 10:00:00 web1 sshd[5]: again",
            "2024-03-03T10:00:00Z web1 sshd[6]: iso",
            "2024-03-03T10:00:00Z web1 sshd[6]: iso again",
            "2024-03-03T10:00:00Z web1 INFO: iso level",
            "Mar  3 10:00:00 sshd[7]: no host",
            "Mar  3 10:00:00 sshd[7]: no host again",
            "Mar  3 10:00:00 web1 sshd[7]: host again",
            "Mar  3 10:00:01 web1 su: other second",
            "Mar  3 10:00:01 web1 su:",
            "Mar  3 10:00:01 web1 syslogd 1.4.1: restart",
            "Mar  3 10:00:01 web1 warning: x",
            "Mar 13 10:00:01 web1 warning: x",
            "Mar  3 10:00:01 w\u{e9}b sshd[8]: non-ASCII host",
            "Mar  3 10:00:01 w\u{e9}b sshd[8]: again",
            "not syslog at all",
            "Mar  3 10:00:01 web1 sshd[9]: last",
            // Seconds moving on (the memo's stamp plus the difference),
            // back, with a fraction, out of range, across a minute.
            "Mar  3 10:00:02 web1 sshd[9]: next second",
            "Mar  3 10:00:59 web1 sshd[9]: later",
            "Mar  3 10:00:07 web1 sshd[9]: back",
            "Mar  3 10:00:60 web1 sshd[9]: leap",
            "Mar  3 10:00:61 web1 sshd[9]: out of range",
            "Mar  3 10:00:6x web1 sshd[9]: not digits",
            "Mar  3 10:00:08.25 web1 sshd[9]: fraction",
            "Mar  3 10:00:09 web1 sshd[9]: after the fraction",
            "Mar  3 10:01:09 web1 sshd[9]: other minute",
            "Mar  3 10:01:10web1 sshd[9]: no space",
            "Mar  3 10:01:11  web1 sshd[9]: two spaces",
            "Feb 29 10:00:00 web1 sshd[9]: leap day",
            "Feb 29 10:00:01 web1 sshd[9]: leap day again",
            "Feb 30 10:00:01 web1 sshd[9]: no such day again",
            "Feb 30 10:00:02 web1 sshd[9]: no such day, next second",
            // Tags near the quick shape.
            "Mar  3 10:01:12 web1 sshd[]: empty pid",
            "Mar  3 10:01:12 web1 sshd[abc]: text pid",
            "Mar  3 10:01:12 web1 sshd[4294967295]: largest pid",
            "Mar  3 10:01:12 web1 sshd[4294967296]: too large",
            "Mar  3 10:01:12 web1 sshd[12345678901]: eleven digits",
            "Mar  3 10:01:12 web1 sshd[0012]: zeros",
            "Mar  3 10:01:12 web1 sshd[12] launchd form",
            "Mar  3 10:01:12 web1 sshd[12]:no space",
            "Mar  3 10:01:12 web1 sshd[12]:",
            "Mar  3 10:01:12 web1 sshd[12",
            "Mar  3 10:01:12 web1 sshd(pam_unix)[12]: module",
            "Mar  3 10:01:12 web1 sshd(pam_unix): module, no pid",
            "Mar  3 10:01:12 web1 su:",
            "Mar  3 10:01:12 web1 su:x",
            "Mar  3 10:01:12 web1 su",
            "Mar  3 10:01:12 web1 Microsoft Word[14463]: spaces",
            "Mar  3 10:01:12 web1 BezelServices 255.10[94]: version",
            "Mar  3 10:01:12 web1 INFO[3]: level word with pid",
            "Mar  3 10:01:12 web1 warning: level word",
            "Mar  3 10:01:12 web1   sshd[3]: spaces before the tag",
            "Mar  3 10:01:12 web1 [3]: no program",
            "Mar  3 10:01:12 web1 :x",
            "Mar  3 10:01:12 web1 sshd[1]: \u{e9}t\u{e9}",
            "Mar  3 10:01:13 web1",
            "Mar  3 10:01:14 web1 ",
            "Mar  3 10:01:15 web1",
            "<13>Mar  3 10:01:16 web1 sshd[1]: PRI",
            "Mar  3 10:01:17 web1 sshd[1]: after PRI",
            // Programs remembered from the two lines before: alternating,
            // one a prefix of the next, followed by other bytes.
            "Mar  3 10:01:18 web1 CRON[2]: cron",
            "Mar  3 10:01:18 web1 sshd[3]: sshd after cron",
            "Mar  3 10:01:18 web1 CRON[2]: the older one",
            "Mar  3 10:01:18 web1 su[4]: su",
            "Mar  3 10:01:18 web1 sudo: su's longer neighbour",
            "Mar  3 10:01:18 web1 su: su again",
            "Mar  3 10:01:18 web1 sudo[5]: sudo again",
            "Mar  3 10:01:18 web1 sshd-session[6]: sshd's longer neighbour",
            "Mar  3 10:01:18 web1 sshd[6]: back",
            "Mar  3 10:01:18 web1 sshd (pam)[6]: a space after it",
            "Mar  3 10:01:18 web1 sshd[6] launchd form again",
            "Mar  3 10:01:18 web1 sshd:",
            "Mar  3 10:01:18 web1 sshd",
            "Mar  3 10:01:18 web1 sshd[x]: text pid after it",
            "Mar  3 10:01:18 web1 sshd): paren",
        ];
        let berlin = crate::format::time::Zone::Named(chrono_tz::Europe::Berlin);
        for cx in [
            cx(),
            ParseCx::new(Zone::Fixed(3600), YearRef::forced(2023)),
            ParseCx::new(berlin, YearRef::forced(2024)),
            ParseCx::new(Zone::Utc, YearRef::from_unix(1_709_251_200, YearBasis::FileMtime)),
        ] {
            let mut memo = Memo::default();
            for round in 0..2 {
                for line in lines {
                    assert_eq!(header_memo(line, &cx, &mut memo), header(line, &cx), "{round} {line}");
                }
            }
        }
    }

    #[test]
    fn the_quick_header_and_next_seconds_agree_with_a_fresh_read_on_real_logs() {
        // Every line of the fixtures and loghub, in order and shuffled by
        // steps (other neighbours), under a fixed and a named zone.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut text = String::new();
        for f in
            ["fixtures/logins/auth.log", "fixtures/logins/daemons.log", "fixtures/incident/web1/auth.log"]
        {
            text.push_str(&std::fs::read_to_string(root.join(f)).unwrap());
        }
        // The loghub samples when present beside the repository (never in
        // it: their terms allow research use only).
        let mut loghub = false;
        for sys in ["OpenSSH", "Linux", "Mac"] {
            let p = root.join(format!("../shared/corpus/loghub/{sys}/{sys}_2k.log"));
            if let Ok(t) = std::fs::read_to_string(p) {
                text.push_str(&t);
                loghub = true;
            }
        }
        let lines: Vec<&str> = text.lines().collect();
        let berlin = crate::format::time::Zone::Named(chrono_tz::Europe::Berlin);
        let (mut quick, mut n) = (0, 0);
        for cx in [cx(), ParseCx::new(berlin, YearRef::forced(2024))] {
            for step in [1, 7] {
                let mut memo = Memo::default();
                for k in 0..lines.len() {
                    let line = lines[(k * step) % lines.len()];
                    quick += usize::from(quick_header(line, &mut memo.clone()).is_some());
                    assert_eq!(header_memo(line, &cx, &mut memo), header(line, &cx), "{line}");
                    n += 1;
                }
            }
        }
        // The fixtures hold the ugly lines; the real logs the common shape.
        assert!(n > 1000 && quick > 0, "{quick} of {n}");
        assert!(!loghub || quick * 4 > n, "{quick} of {n}");
    }

    /// (line, ts, level, host, app, pid, message, fields)
    type Case = (
        &'static str,
        Option<&'static str>,
        Option<Level>,
        Option<&'static str>,
        Option<&'static str>,
        Option<u32>,
        &'static str,
        &'static [(&'static str, &'static str)],
    );

    const CASES: &[Case] = &[
        (
            "Mar  3 12:00:01 web1 sshd[1234]: Failed password for root from 203.0.113.5 port 22 ssh2",
            Some("2024-03-03T12:00:01Z"),
            None,
            Some("web1"),
            Some("sshd"),
            Some(1234),
            "Failed password for root from 203.0.113.5 port 22 ssh2",
            &[],
        ),
        (
            "Mar 03 12:00:01 web1 CRON[99]: (root) CMD (run-parts /etc/cron.hourly)",
            Some("2024-03-03T12:00:01Z"),
            None,
            Some("web1"),
            Some("CRON"),
            Some(99),
            "(root) CMD (run-parts /etc/cron.hourly)",
            &[],
        ),
        (
            "Mar 3 12:00:01 web1 CRON: pam_unix(cron:session): session opened for user root",
            Some("2024-03-03T12:00:01Z"),
            None,
            Some("web1"),
            Some("CRON"),
            None,
            "pam_unix(cron:session): session opened for user root",
            &[],
        ),
        (
            "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8",
            Some("2024-10-11T22:14:15Z"),
            Some(Level::Crit),
            Some("mymachine"),
            Some("su"),
            None,
            "'su root' failed for lonvick on /dev/pts/8",
            &[("facility", "auth")],
        ),
        (
            "<86>Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=198.51.100.4 ",
            Some("2024-06-14T15:16:01Z"),
            Some(Level::Info),
            Some("combo"),
            Some("sshd"),
            Some(19939),
            "authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=198.51.100.4 ",
            &[("facility", "authpriv"), ("module", "pam_unix")],
        ),
        (
            "Feb 29 23:59:59 mx1.example.org postfix/smtpd[123]: connect from unknown[192.0.2.7]",
            Some("2024-02-29T23:59:59Z"),
            None,
            Some("mx1.example.org"),
            Some("postfix/smtpd"),
            Some(123),
            "connect from unknown[192.0.2.7]",
            &[],
        ),
        (
            "Jul  1 09:01:05 calvisitor-10-0-0-1 com.apple.CDScheduler[43]: Thermal pressure state: 1 Memory pressure state: 0",
            Some("2024-07-01T09:01:05Z"),
            None,
            Some("calvisitor-10-0-0-1"),
            Some("com.apple.CDScheduler"),
            Some(43),
            "Thermal pressure state: 1 Memory pressure state: 0",
            &[],
        ),
        (
            "Jul  1 09:00:55 mbp-7 kernel[0]: AppleThunderbolt::probe - port = 2",
            Some("2024-07-01T09:00:55Z"),
            None,
            Some("mbp-7"),
            Some("kernel"),
            Some(0),
            "AppleThunderbolt::probe - port = 2",
            &[],
        ),
        (
            "Jan 10 00:00:00 10.0.0.5 systemd-logind[1]: New session 42 of user alice.",
            Some("2024-01-10T00:00:00Z"),
            None,
            Some("10.0.0.5"),
            Some("systemd-logind"),
            Some(1),
            "New session 42 of user alice.",
            &[],
        ),
        (
            "Dec 31 23:59:60 2001:db8::1 kernel: [12345.678] usb 1-1: new high-speed USB device number 2",
            Some("2025-01-01T00:00:00Z"),
            None,
            Some("2001:db8::1"),
            Some("kernel"),
            None,
            "[12345.678] usb 1-1: new high-speed USB device number 2",
            &[],
        ),
        (
            "Jun 19 04:09:11 combo syslogd 1.4.1: restart.",
            Some("2024-06-19T04:09:11Z"),
            None,
            Some("combo"),
            Some("syslogd"),
            None,
            "restart.",
            &[("version", "1.4.1")],
        ),
        (
            "Jul  3 17:10:11 mbp-7 BezelServices 255.10[94]: ASSERTION FAILED: dvcAddrRef != ((void *)0)",
            Some("2024-07-03T17:10:11Z"),
            None,
            Some("mbp-7"),
            Some("BezelServices"),
            Some(94),
            "ASSERTION FAILED: dvcAddrRef != ((void *)0)",
            &[("version", "255.10")],
        ),
        (
            "Jul  7 08:06:15 combo  -- root[2421]: ROOT LOGIN ON tty2",
            Some("2024-07-07T08:06:15Z"),
            None,
            Some("combo"),
            Some("-- root"),
            Some(2421),
            "ROOT LOGIN ON tty2",
            &[],
        ),
        (
            "Jul  4 23:22:09 mbp-7 Microsoft Word[14463]: Cocoa scripting error for '0x00b20001'",
            Some("2024-07-04T23:22:09Z"),
            None,
            Some("mbp-7"),
            Some("Microsoft Word"),
            Some(14463),
            "Cocoa scripting error for '0x00b20001'",
            &[],
        ),
        (
            "Jul  5 10:00:00 mbp-7 com.apple.xpc.launchd[1] (com.apple.quicklook[80437]): Endpoint activated",
            Some("2024-07-05T10:00:00Z"),
            None,
            Some("mbp-7"),
            Some("com.apple.xpc.launchd"),
            Some(1),
            "(com.apple.quicklook[80437]): Endpoint activated",
            &[],
        ),
        (
            "Jun 15 04:06:18 combo last message repeated 3 times",
            Some("2024-06-15T04:06:18Z"),
            None,
            Some("combo"),
            None,
            None,
            "last message repeated 3 times",
            &[],
        ),
        (
            "Jun 15 04:06:18 combo -- MARK --",
            Some("2024-06-15T04:06:18Z"),
            None,
            Some("combo"),
            None,
            None,
            "-- MARK --",
            &[],
        ),
        (
            "Mar  3 12:00:01 web1 sshd[1234]:",
            Some("2024-03-03T12:00:01Z"),
            None,
            Some("web1"),
            Some("sshd"),
            Some(1234),
            "",
            &[],
        ),
        (
            "Mar  3 12:00:01 web1 app: ",
            Some("2024-03-03T12:00:01Z"),
            None,
            Some("web1"),
            Some("app"),
            None,
            "",
            &[],
        ),
        (
            "Mar  3 12:00:01 web1",
            Some("2024-03-03T12:00:01Z"),
            None,
            Some("web1"),
            None,
            None,
            "",
            &[],
        ),
        (
            "<13>Mar  3 12:00:01 sshd[77]: no host in this one",
            Some("2024-03-03T12:00:01Z"),
            Some(Level::Notice),
            None,
            Some("sshd"),
            Some(77),
            "no host in this one",
            &[("facility", "user")],
        ),
        (
            "Mar  3 12:00:01 web1 app[worker-3]: non-numeric pid",
            Some("2024-03-03T12:00:01Z"),
            None,
            Some("web1"),
            Some("app"),
            None,
            "non-numeric pid",
            &[("procid", "worker-3")],
        ),
        (
            "Mar  3 12:00:01 web1 app[99999999999]: pid overflow",
            Some("2024-03-03T12:00:01Z"),
            None,
            Some("web1"),
            Some("app"),
            None,
            "pid overflow",
            &[("procid", "99999999999")],
        ),
        (
            "Mar  3 12:00:01 web1 ERROR: disk full on /var",
            Some("2024-03-03T12:00:01Z"),
            Some(Level::Error),
            Some("web1"),
            None,
            None,
            "ERROR: disk full on /var",
            &[],
        ),
        (
            "Mar  3 12:00:01 host-é journald[1]: Ünïcödé message ✓",
            Some("2024-03-03T12:00:01Z"),
            None,
            Some("host-é"),
            Some("journald"),
            Some(1),
            "Ünïcödé message ✓",
            &[],
        ),
        (
            "Mar 03 12:00:01.123456 web1 systemd[1]: Started Session 5 of user bob.",
            Some("2024-03-03T12:00:01.123456Z"),
            None,
            Some("web1"),
            Some("systemd"),
            Some(1),
            "Started Session 5 of user bob.",
            &[],
        ),
        (
            "Feb 30 12:00:01 web1 app: impossible date keeps the line",
            None,
            None,
            Some("web1"),
            Some("app"),
            None,
            "impossible date keeps the line",
            &[],
        ),
        (
            "Mar  3 25:00:01 web1 app: hour 25",
            None,
            None,
            Some("web1"),
            Some("app"),
            None,
            "hour 25",
            &[],
        ),
        (
            "2024-03-03T12:00:01.123456+01:00 web1 sshd[1234]: Accepted publickey for bob",
            Some("2024-03-03T11:00:01.123456Z"),
            None,
            Some("web1"),
            Some("sshd"),
            Some(1234),
            "Accepted publickey for bob",
            &[],
        ),
        (
            "2024-03-03T12:00:01Z web1 kernel: [ 0.000000] Linux version 6.1.0",
            Some("2024-03-03T12:00:01Z"),
            None,
            Some("web1"),
            Some("kernel"),
            None,
            "[ 0.000000] Linux version 6.1.0",
            &[],
        ),
        (
            "2024-03-03T12:00:01+0100 web1.example.com systemd-logind[812]: Removed session 4.",
            Some("2024-03-03T11:00:01Z"),
            None,
            Some("web1.example.com"),
            Some("systemd-logind"),
            Some(812),
            "Removed session 4.",
            &[],
        ),
        (
            "<78>2024-03-03T12:00:01.5Z web1 CRON[5]: (root) CMD (true)",
            Some("2024-03-03T12:00:01.500Z"),
            Some(Level::Info),
            Some("web1"),
            Some("CRON"),
            Some(5),
            "(root) CMD (true)",
            &[("facility", "cron")],
        ),
    ];

    #[test]
    fn parses_real_shapes() {
        let cx = cx();
        for &(line, ts, level, host, app, pid, message, fields) in CASES {
            let ev = parse(line, &cx).unwrap_or_else(|| panic!("no parse: {line}"));
            assert_eq!(ev.format, FormatId::Syslog);
            assert_eq!(ev.ts.map(|t| t.to_rfc3339()).as_deref(), ts, "ts: {line}");
            assert_eq!(ev.level, level, "level: {line}");
            assert_eq!(ev.host.as_deref(), host, "host: {line}");
            assert_eq!(ev.app.as_deref(), app, "app: {line}");
            assert_eq!(ev.pid, pid, "pid: {line}");
            assert_eq!(ev.message, message, "message: {line}");
            let got: Vec<(String, String)> =
                ev.fields.iter().map(|(k, v)| (k.to_string(), v.as_text().into_owned())).collect();
            let want: Vec<(String, String)> =
                fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
            assert_eq!(got, want, "fields: {line}");
            assert!(line.contains(ev.ts_text) && !ev.ts_text.is_empty(), "ts_text: {line}");
        }
    }

    #[test]
    fn ts_text_and_year_inference() {
        let line = "Dec 31 23:59:59 web1 app: last second of the year";
        let mtime = YearRef { year: 2025, month: 1, day: 2, basis: YearBasis::FileMtime };
        let ev = parse(line, &ParseCx::new(Zone::Utc, mtime)).unwrap();
        assert_eq!(ev.ts_text, "Dec 31 23:59:59");
        assert!(ev.year_inferred);
        assert_eq!(ev.ts.unwrap().to_rfc3339(), "2024-12-31T23:59:59Z");

        let ev = parse(line, &cx()).unwrap();
        assert!(!ev.year_inferred, "a forced year is not inferred");

        let ev = parse("2024-03-03T12:00:01Z web1 app: x", &ParseCx::utc_now()).unwrap();
        assert!(!ev.year_inferred);
        assert_eq!(ev.ts_text, "2024-03-03T12:00:01Z");
    }

    #[test]
    fn zoneless_times_use_the_source_zone() {
        let cx = ParseCx::new(Zone::Fixed(7200), YearRef::forced(2024));
        let ev = parse("Mar  3 12:00:01 web1 app: x", &cx).unwrap();
        assert_eq!(ev.ts.unwrap().to_rfc3339(), "2024-03-03T10:00:01Z");
        // An explicit offset wins over the source zone.
        let ev = parse("2024-03-03T12:00:01Z web1 app: x", &cx).unwrap();
        assert_eq!(ev.ts.unwrap().to_rfc3339(), "2024-03-03T12:00:01Z");
    }

    #[test]
    fn rejects_other_formats() {
        let cx = cx();
        for line in [
            r#"203.0.113.5 - - [03/Mar/2024:12:00:01 +0000] "GET / HTTP/1.1" 200 612 "-" "curl/8.0""#,
            r#"{"time":"2024-03-03T12:00:01Z","level":"info","msg":"hi"}"#,
            "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - 'su root' failed",
            "<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time",
            "2024-03-03 12:00:01,123 INFO [main] x",
            "2024-03-03T12:00:01.123Z INFO [main] com.example.App: started",
            "2024-03-03T12:00:01.123Z main INFO: started",
            "2024-03-03T12:00:01Z web1 just a message without a tag",
            "2024-03-03T12:00:01Z sshd[12]: no host in the ISO form",
            "2024/03/03 12:00:01 [error] 1234#5678: *99 open() failed",
            "[Sun Dec 04 04:47:44 2005] [error] [client 1.2.3.4] File does not exist: /x",
            "Mar  3 12:00:01 INFO something happened",
            "Mar  3 12:00:01 WARNING: low disk",
            "Mar  3 12:00:01 {\"a\":1}",
            "Mar  3 12:00:01",
            "Mar  3 12:00:01 ",
            "Mar  3 12:0",
            "Mar 3312:00:01 web1 app: the day must be followed by a space",
            "Foo  3 12:00:01 web1 app: x",
            "<999>Mar  3 12:00:01 web1 app: bad pri",
            "<warn> Mar  3 12:00:01 web1 app: not a pri",
            "<>Mar  3 12:00:01 web1 app: empty pri",
            "level=info msg=hello ts=2024-03-03T12:00:01Z",
            "",
            "<",
            "<34>",
            "é",
        ] {
            assert!(parse(line, &cx).is_none(), "should reject: {line}");
        }
    }

    #[test]
    fn header_is_the_parse_without_level_and_fields() {
        let cx = cx();
        let mut lines: Vec<&str> = CASES.iter().map(|c| c.0).collect();
        lines.extend([
            "Mar  3 12:00:01 web1 sshd(pam_unix)[19939]: authentication failure; rhost=1.2.3.4",
            "Mar  3 12:00:01 web1 sshd[abc]: x",
            "Mar  3 12:00:01 web1 sshd[]: x",
            "Mar  3 12:00:01 web1 sshd[99999999999]: x",
            "Mar  3 12:00:01 web1 ERROR: disk full",
            "Mar  3 12:00:01 sshd[1]: no host",
            "Feb 30 12:00:01 web1 sshd[1]: bad day",
            "not syslog at all",
        ]);
        for line in lines {
            let (Some(h), Some(ev)) = (header(line, &cx), parse(line, &cx)) else {
                assert_eq!(header(line, &cx).is_some(), parse(line, &cx).is_some(), "{line}");
                continue;
            };
            let want = (ev.ts, ev.host.as_deref(), ev.app.as_deref(), ev.pid, ev.message.as_ref());
            assert_eq!((h.ts, h.host, h.app, h.pid, h.message), want, "{line}");
        }
    }

    #[test]
    fn never_panics_on_truncations() {
        let cx = cx();
        for &(line, ..) in CASES {
            for end in 0..=line.len() {
                if line.is_char_boundary(end) {
                    let _ = parse(&line[..end], &cx);
                }
            }
        }
    }

    #[test]
    fn example_parses() {
        let ev = parse(EXAMPLE, &ParseCx::utc_now()).unwrap();
        assert!(ev.ts.is_some());
        assert_eq!(ev.app.as_deref(), Some("sshd"));
    }

    /// Parse rates over the loghub samples, when present (never copied into
    /// the repository). Linux and OpenSSH must parse completely.
    #[test]
    fn loghub_parse_rates() {
        let root = std::path::Path::new("/work/shared/corpus/loghub");
        if !root.exists() {
            return;
        }
        let cx = ParseCx::new(Zone::Utc, YearRef::forced(2024));
        for (system, must_be_total) in [("Linux", true), ("OpenSSH", true), ("Mac", false)] {
            let path = root.join(system).join(format!("{system}_2k.log"));
            let Ok(bytes) = std::fs::read(&path) else { continue };
            let text = String::from_utf8_lossy(&bytes);
            let (mut total, mut parsed, mut with_ts, mut with_app) = (0, 0, 0, 0);
            for line in text.lines() {
                let line = line.strip_suffix('\r').unwrap_or(line);
                total += 1;
                if let Some(ev) = parse(line, &cx) {
                    parsed += 1;
                    with_ts += ev.ts.is_some() as usize;
                    with_app += ev.app.is_some() as usize;
                } else if must_be_total {
                    eprintln!("{system} unparsed: {line}");
                }
            }
            let pct = |n: usize| 100.0 * n as f64 / total.max(1) as f64;
            eprintln!(
                "loghub {system}: {parsed}/{total} parsed ({:.2}%), ts {:.2}%, app {:.2}%",
                pct(parsed),
                pct(with_ts),
                pct(with_app)
            );
            if must_be_total {
                assert_eq!(parsed, total, "{system} must parse completely");
                assert_eq!(with_ts, total, "{system} timestamps");
            }
        }
    }

    /// Ugly real-shaped lines: PRI, odd tags and pids, modules, versions,
    /// host-less lines, level words, the ISO form, control bytes.
    const UGLY: &[&str] = &[
        EXAMPLE,
        "Mar  2 00:00:06 web1 sshd[175534]: Received disconnect from 10.0.1.99 port 45217:11: disconnected by user",
        "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8",
        "<191>2024-03-03T12:00:01.123456+02:00 host1 app[x12]: tab\there \"quoted\" back\\slash",
        "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0",
        "Dec 31 23:59:59 host syslogd 1.4.1: restart.",
        "Jan  1 00:00:00 Mac BezelServices 255.10[94]: caf\u{e9} \u{1b}[2J \u{202e}",
        "Feb 30 25:61:61 host app[]: out of range",
        "Mar  3 12:00:01 host ERROR: disk full",
        "Mar  3 12:00:01 app[1] (detail): launchd style",
        "Mar  3 12:00:01 host last message repeated 3 times",
        "Mar  3 12:00:01 host Microsoft Word[14463]: spaces in the tag",
        "Mar  3 12:00:01 host app[99999999999]: big pid",
    ];

    #[test]
    fn the_direct_json_line_is_the_general_one() {
        let mtime = YearRef { year: 2025, month: 1, day: 2, basis: YearBasis::FileMtime };
        for cx in [cx(), ParseCx::new(Zone::Utc, mtime)] {
            let (taken, given) = crate::test_texts::check_direct_json(UGLY, &cx, parse, write_json);
            assert!(taken > 1000 && given > taken, "{taken} of {given}");
        }
    }
}
