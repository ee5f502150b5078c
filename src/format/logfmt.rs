//! logfmt: lines of `key=value` pairs (Heroku router, Go kit, logrus, slog).
//!
//! ```text
//! ts=2024-03-03T12:00:01.123Z level=info msg="payment authorized" amount=12.50 duration_ms=41
//! time="2024-03-03T12:00:01Z" level=warning msg="disk almost full" path=/var
//! at=info method=GET path="/" host=shop.example.com fwd="1.2.3.4" dyno=web.1 status=200 bytes=1548
//! ```
//!
//! Values are bare (up to the next space) or double-quoted with backslash
//! escapes; a quoted value is unescaped into an owned string only when it
//! holds a backslash. A token without `=` is a bare key, recorded as a
//! boolean `true` field; `key=` is an empty string.
//!
//! Well-known keys are lifted into the event: the first time key whose value
//! reads as a timestamp (`ts`, `time`, `timestamp`, `t`, `@timestamp`,
//! `date`, `datetime`: ISO 8601 or an epoch number), the first level key
//! whose value is a level word (`level`, `lvl`, `severity`, `loglevel`, and
//! Heroku's `at`), and the first message key (`msg`, `message`, `event`).
//! These are not repeated as fields; a well-known key whose value does not
//! read as what it names is kept as an ordinary field. `service`, `app`,
//! `component` and `logger` give the app (unless the value starts with a
//! digit: Heroku's `service=12ms` is a duration), `host`/`hostname` the host and
//! `pid` the pid; those stay in the fields too. Without a message key the
//! message is the whole line.
//!
//! Detection strictness: the line must start with a `key=` token whose key
//! is shaped like an identifier, and hold at least two `key=value` pairs.
//! That rejects JSON, syslog, access lines, and lines that start with a
//! timestamp (those belong to `leveltext`).
//!
//! The byte-level helpers here (quoted-string scanning, unescaping, the
//! strict number check, `key=value` tokens) are shared with the `access`
//! and `leveltext` parsers, which find `key=value` pairs in their extras.

use std::borrow::Cow;

use crate::event::{Event, Level, Value};
use crate::format::time::{epoch, iso8601, zone_suffix};
use crate::format::{FieldSink, FormatId, ParseCx};
use crate::output::json::{write_head, FieldWriter, Head};

/// A real-shaped example line.
pub const EXAMPLE: &str = "ts=2024-03-03T12:00:01.123Z level=info msg=\"payment authorized\" \
     request_id=8f14e45f-ceea-467f-a0e6-1c3b2f1e9d2a amount=12.50 duration_ms=41";

/// Parses one logfmt line; `None` when the line does not start with a
/// `key=` token or has fewer than two `key=value` pairs.
pub fn parse<'a>(line: &'a str, cx: &ParseCx) -> Option<Event<'a>> {
    let mut pairs = Pairs::new(line);
    let first = pairs.next()?;
    if first.start != 0 || first.value.is_none() || !is_key_shaped(first.key) {
        return None;
    }
    let mut ev = Event::new(FormatId::Logfmt, line);
    ev.fields.reserve(8);
    let mut lifted = Lifted::default();
    let mut valued = 0usize;
    for pair in std::iter::once(first).chain(pairs) {
        let Some(raw) = pair.value else {
            ev.fields.push((Cow::Borrowed(pair.key), Value::Bool(true)));
            continue;
        };
        valued += 1;
        let kind = KeyKind::of(pair.key);
        if lifted.lift(kind, &raw, cx) {
            continue;
        }
        lifted.note_identity(kind, &raw);
        ev.fields.push((Cow::Borrowed(pair.key), raw.to_value()));
    }
    if valued < 2 {
        return None;
    }
    (ev.ts, ev.ts_text, ev.level) = (lifted.ts, lifted.ts_text, lifted.level);
    if let Some(m) = lifted.message {
        ev.message = m.unescaped();
    }
    (ev.app, ev.host, ev.pid) = (lifted.app, lifted.host, lifted.pid);
    Some(ev)
}

/// Appends the `--json` line of a logfmt record straight from the line (no
/// [`Event`] built): the bytes [`crate::output::json::write_event`] writes
/// for [`parse`]'s event with `source` and line number `line_no`. The same
/// rules as `parse`, pair by pair; since the lifted time, level, message
/// and identity can come after fields, the fields are written first and
/// the head then moved before them. False (with `out` as it was) when the
/// line is not logfmt or has too many fields.
pub fn write_json(line: &str, cx: &ParseCx, source: &str, line_no: u64, out: &mut Vec<u8>) -> bool {
    let mut pairs = Pairs::new(line);
    let Some(first) = pairs.next() else { return false };
    if first.start != 0 || first.value.is_none() || !is_key_shaped(first.key) {
        return false;
    }
    let start = out.len();
    let mut w = FieldWriter::new(out);
    let mut lifted = Lifted::default();
    let mut valued = 0usize;
    for pair in std::iter::once(first).chain(pairs) {
        let Some(raw) = pair.value else {
            w.push_field(pair.key, || Value::Bool(true));
            continue;
        };
        valued += 1;
        let kind = KeyKind::of(pair.key);
        if lifted.lift(kind, &raw, cx) {
            continue;
        }
        lifted.note_identity(kind, &raw);
        w.push_field(pair.key, || raw.to_value());
    }
    if valued < 2 || !w.finish(false, 1) {
        out.truncate(start);
        return false;
    }
    let fields_len = out.len() - start;
    let message = lifted.message.map(|m| m.unescaped());
    let head = Head {
        ts: lifted.ts,
        source,
        line: line_no,
        format: FormatId::Logfmt,
        level: lifted.level,
        host: lifted.host.as_deref(),
        app: lifted.app.as_deref(),
        pid: lifted.pid,
        message: message.as_deref().unwrap_or(line),
    };
    write_head(out, &head);
    out[start..].rotate_left(fields_len);
    true
}

/// What [`parse`] would give as the timestamp: `None` when the line is not
/// logfmt, else the event's `ts`: the same pairs and the same rules (at
/// least two valued pairs, the first time key that reads as a time wins),
/// without building fields. `timeline` keys every record this way.
pub fn timestamp(line: &str, cx: &ParseCx) -> Option<Option<crate::event::Timestamp>> {
    let mut pairs = Pairs::new(line);
    let first = pairs.next()?;
    if first.start != 0 || first.value.is_none() || !is_key_shaped(first.key) {
        return None;
    }
    let (mut ts, mut ts_text, mut valued) = (None, "", 0usize);
    for pair in std::iter::once(first).chain(pairs) {
        let Some(raw) = pair.value else { continue };
        valued += 1;
        if ts_text.is_empty() && KeyKind::of(pair.key) == KeyKind::Time {
            if let Some(t) = read_time_value(raw.text, cx) {
                ts = t;
                ts_text = raw.text;
            }
        }
        if !ts_text.is_empty() && valued >= 2 {
            // Nothing later changes the answer: the time is taken (the
            // first one wins) and the line has its two valued pairs.
            return Some(ts);
        }
    }
    (valued >= 2).then_some(ts)
}

/// What [`parse`] would give as the timestamp and level of a line, with
/// the pairs it keeps as fields handed to `sink` in order (the lifted
/// time, level and message pairs are not; app, host and pid are not
/// noted); `None` when the line is not logfmt. The same rules as `parse`,
/// pair by pair (tested equal in `trace::quick`).
pub fn visit<'a, S: FieldSink<'a>>(
    line: &'a str,
    cx: &ParseCx,
    sink: &mut S,
) -> Option<(Option<crate::event::Timestamp>, Option<Level>)> {
    let mut pairs = Pairs::new(line);
    let first = pairs.next()?;
    if first.start != 0 || first.value.is_none() || !is_key_shaped(first.key) {
        return None;
    }
    let mut lifted = Lifted::default();
    let mut valued = 0usize;
    for pair in std::iter::once(first).chain(pairs) {
        let Some(raw) = pair.value else {
            sink.push_field(pair.key, || Value::Bool(true));
            continue;
        };
        valued += 1;
        if lifted.lift(KeyKind::of(pair.key), &raw, cx) {
            continue;
        }
        sink.push_field(pair.key, || raw.to_value());
    }
    (valued >= 2).then_some((lifted.ts, lifted.level))
}

/// What a key names, for the keys that are lifted into the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyKind {
    Time,
    Level,
    Message,
    App,
    Host,
    Pid,
    Other,
}

impl KeyKind {
    /// Classifies a key (case-insensitive), dispatching on length first so
    /// an ordinary key costs one or two comparisons.
    fn of(key: &str) -> KeyKind {
        let is = |name: &str| key.eq_ignore_ascii_case(name);
        match key.len() {
            1 if is("t") => KeyKind::Time,
            2 if is("ts") => KeyKind::Time,
            2 if is("at") => KeyKind::Level,
            3 if is("lvl") => KeyKind::Level,
            3 if is("msg") => KeyKind::Message,
            3 if is("app") => KeyKind::App,
            3 if is("pid") => KeyKind::Pid,
            4 if is("time") || is("date") => KeyKind::Time,
            4 if is("host") => KeyKind::Host,
            5 if is("level") => KeyKind::Level,
            5 if is("event") => KeyKind::Message,
            6 if is("logger") => KeyKind::App,
            7 if is("message") => KeyKind::Message,
            7 if is("service") => KeyKind::App,
            8 if is("datetime") => KeyKind::Time,
            8 if is("severity") || is("loglevel") => KeyKind::Level,
            8 if is("hostname") => KeyKind::Host,
            9 if is("timestamp") => KeyKind::Time,
            9 if is("component") => KeyKind::App,
            10 if is("@timestamp") => KeyKind::Time,
            _ => KeyKind::Other,
        }
    }
}

/// What [`parse`] lifts out of a line's pairs into the event's head: the
/// first time, level and message that read as such (those pairs are then
/// not fields), and app, host and pid (first one wins; those pairs stay
/// fields too). One rule for `parse`, [`visit`] and [`write_json`].
#[derive(Default)]
struct Lifted<'a> {
    ts: Option<crate::event::Timestamp>,
    ts_text: &'a str,
    level: Option<Level>,
    message: Option<RawValue<'a>>,
    app: Option<Cow<'a, str>>,
    host: Option<Cow<'a, str>>,
    pid: Option<u32>,
}

impl<'a> Lifted<'a> {
    /// Takes the pair as the time, level or message when it is the first
    /// of its kind that reads as one; true when taken.
    fn lift(&mut self, kind: KeyKind, raw: &RawValue<'a>, cx: &ParseCx) -> bool {
        match kind {
            KeyKind::Time if self.ts_text.is_empty() => match read_time_value(raw.text, cx) {
                Some(ts) => {
                    (self.ts, self.ts_text) = (ts, raw.text);
                    true
                }
                None => false,
            },
            KeyKind::Level if self.level.is_none() => match Level::parse(raw.text) {
                Some(level) => {
                    self.level = Some(level);
                    true
                }
                None => false,
            },
            KeyKind::Message if self.message.is_none() => {
                self.message = Some(*raw);
                true
            }
            _ => false,
        }
    }

    /// Notes app, host and pid from the keys that name them. An app value
    /// starting with a digit is not a name (Heroku's router writes
    /// `service=12ms`, the service time) and is left as a field only.
    fn note_identity(&mut self, kind: KeyKind, raw: &RawValue<'a>) {
        match kind {
            KeyKind::App
                if self.app.is_none() && raw.text.bytes().next().is_some_and(|c| !c.is_ascii_digit()) =>
            {
                self.app = Some(raw.unescaped());
            }
            KeyKind::Host if self.host.is_none() && !raw.text.is_empty() => self.host = Some(raw.unescaped()),
            KeyKind::Pid if self.pid.is_none() => self.pid = raw.text.parse().ok(),
            _ => {}
        }
    }
}

/// Reads a time value: ISO 8601 (also Go's `2024-03-03 12:00:01.5 +0000 UTC`
/// form, whose offset follows a space) or an epoch number.
///
/// `None` when the value is not shaped like a timestamp; `Some(None)` when
/// it is shaped like one but names no real instant (Feb 30).
fn read_time_value(text: &str, cx: &ParseCx) -> Option<Option<crate::event::Timestamp>> {
    let b = text.as_bytes();
    if let Some((mut civil, mut used)) = iso8601(b) {
        if civil.offset.is_none() && b.get(used) == Some(&b' ') {
            if let Some((off, n)) = zone_suffix(&b[used + 1..]) {
                civil.offset = Some(off);
                used += 1 + n;
            }
        }
        if used == b.len() || b[used] == b' ' {
            return Some(cx.resolve(&civil));
        }
        return None;
    }
    epoch(text).map(Some)
}

/// Whether a key is shaped like an identifier: `[A-Za-z_@]` then
/// `[A-Za-z0-9_.\-/@:]`. Used for the first key of a line, which decides
/// whether the line is logfmt at all.
pub(crate) fn is_key_shaped(key: &str) -> bool {
    let b = key.as_bytes();
    match b.first() {
        Some(c) if c.is_ascii_alphabetic() || *c == b'_' || *c == b'@' => {}
        _ => return false,
    }
    b[1..].iter().all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-' | b'/' | b'@' | b':'))
}

/// Whether a key is shaped `[A-Za-z_][A-Za-z0-9_.-]*`: the stricter shape
/// used to pick `key=value` tokens out of free text.
pub(crate) fn is_word_key(key: &[u8]) -> bool {
    match key.first() {
        Some(c) if c.is_ascii_alphabetic() || *c == b'_' => {}
        _ => return false,
    }
    key[1..].iter().all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-'))
}

/// Strict number check: optional `-`, digits, optional `.digits`, optional
/// exponent (`e`/`E`, optional sign, digits). `0x1f`, `+5`, `.5`, `5.`,
/// `12ms` and `1.2.3` are not numbers.
pub(crate) fn is_number(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i == int_start {
        return false;
    }
    if i < b.len() && b[i] == b'.' {
        let frac_start = i + 1;
        i = frac_start;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == frac_start {
            return false;
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let exp_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == exp_start {
            return false;
        }
    }
    i == b.len()
}

/// Scans a double-quoted string whose content starts at `start` (just after
/// the opening quote). Returns (end of content, index after the closing
/// quote, whether a backslash occurred). An unterminated string runs to
/// the end of the line (truncated lines), then both indexes are `b.len()`.
#[inline]
pub(crate) fn scan_quoted(b: &[u8], start: usize) -> (usize, usize, bool) {
    let mut escaped = false;
    let mut i = start;
    while let Some(off) = memchr::memchr2(b'"', b'\\', &b[i.min(b.len())..]) {
        let at = i + off;
        if b[at] == b'"' {
            return (at, at + 1, escaped);
        }
        escaped = true;
        i = at + 2;
        if i >= b.len() {
            break;
        }
    }
    (b.len(), b.len(), escaped)
}

/// Undoes backslash escapes: `\"`, `\\`, `\n`, `\t`, `\r`; any other
/// escape (`\x16`, `\u00e9`) is kept as written. Borrows when there is
/// nothing to undo.
pub(crate) fn unescape(text: &str) -> Cow<'_, str> {
    if !text.as_bytes().contains(&b'\\') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('"') => out.push('"'),
            Some('\\') => out.push('\\'),
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    Cow::Owned(out)
}

/// A value as written: its text (inside the quotes when quoted) and how it
/// was written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct RawValue<'a> {
    /// The text, without surrounding quotes, escapes not yet undone.
    pub text: &'a str,
    /// Written in double quotes.
    pub quoted: bool,
    /// Holds a backslash (only possible when quoted).
    pub escaped: bool,
}

impl<'a> RawValue<'a> {
    /// The text with escapes undone (borrowed when there were none).
    pub fn unescaped(self) -> Cow<'a, str> {
        if self.escaped {
            unescape(self.text)
        } else {
            Cow::Borrowed(self.text)
        }
    }

    /// The field value: a bare strict number is `Num`, anything else `Str`
    /// (a quoted number was quoted on purpose and stays text).
    pub fn to_value(self) -> Value<'a> {
        if !self.quoted && is_number(self.text) {
            Value::Num(self.text)
        } else {
            Value::Str(self.unescaped())
        }
    }
}

/// Reads the value that starts at `i` (just after a `=`): quoted, or bare
/// up to the next space or tab. Returns the value and the index after it.
#[inline]
pub(crate) fn read_value(line: &str, i: usize) -> (RawValue<'_>, usize) {
    let b = line.as_bytes();
    if b.get(i) == Some(&b'"') {
        let (end, next, escaped) = scan_quoted(b, i + 1);
        return (RawValue { text: &line[i + 1..end], quoted: true, escaped }, next);
    }
    let end = token_end(b, i);
    (RawValue { text: &line[i..end], quoted: false, escaped: false }, end)
}

/// Index of the next space or tab at or after `i` (or the end).
///
/// Eight bytes at a time (SWAR): tokens are short, shorter than a SIMD
/// search's set-up, but long enough (UUIDs, paths, user agents) that a
/// byte loop was a quarter of the leveltext parser's time.
#[inline]
pub(crate) fn token_end(b: &[u8], mut i: usize) -> usize {
    while let Some(w) = b.get(i..i + 8) {
        let w = u64::from_le_bytes(w.try_into().expect("8 bytes"));
        if let Some(k) = first_blank(w) {
            return i + k;
        }
        i += 8;
    }
    while i < b.len() && b[i] != b' ' && b[i] != b'\t' {
        i += 1;
    }
    i.min(b.len())
}

/// Position (0..8) of the first space or tab in the little-endian word `w`.
///
/// `(x - 0x01..) & !x & 0x80..` flags the zero bytes of `x`; a borrow can
/// also flag a byte *after* a zero byte, never before one, so the lowest
/// flag is exact.
#[inline]
fn first_blank(w: u64) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let (sp, tab) = (w ^ (LO * b' ' as u64), w ^ (LO * b'\t' as u64));
    let m = ((sp.wrapping_sub(LO) & !sp) | (tab.wrapping_sub(LO) & !tab)) & HI;
    (m != 0).then(|| (m.trailing_zeros() / 8) as usize)
}

/// Bytes that end a logfmt key: space, tab, `=`, `"`.
static KEY_STOP: [bool; 256] = {
    let mut t = [false; 256];
    t[b' ' as usize] = true;
    t[b'\t' as usize] = true;
    t[b'=' as usize] = true;
    t[b'"' as usize] = true;
    t
};

/// One logfmt token: a key with its value, or a bare key (`value: None`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Pair<'a> {
    /// Byte offset of the token in the line.
    pub start: usize,
    pub key: &'a str,
    pub value: Option<RawValue<'a>>,
}

/// Iterates over the logfmt tokens of a line. Tokens starting with `=` or
/// `"` (no key) are skipped.
pub(crate) struct Pairs<'a> {
    line: &'a str,
    pos: usize,
}

impl<'a> Pairs<'a> {
    /// Tokens of `line` from its start.
    pub fn new(line: &'a str) -> Pairs<'a> {
        Pairs { line, pos: 0 }
    }
}

impl<'a> Iterator for Pairs<'a> {
    type Item = Pair<'a>;

    fn next(&mut self) -> Option<Pair<'a>> {
        let b = self.line.as_bytes();
        loop {
            while self.pos < b.len() && (b[self.pos] == b' ' || b[self.pos] == b'\t') {
                self.pos += 1;
            }
            if self.pos >= b.len() {
                return None;
            }
            let start = self.pos;
            let mut i = start;
            while i < b.len() && !KEY_STOP[b[i] as usize] {
                i += 1;
            }
            if i == start {
                // `=value` or a stray quoted string: no key, skip it.
                self.pos = if b[i] == b'"' { scan_quoted(b, i + 1).1 } else { token_end(b, i) };
                continue;
            }
            let key = &self.line[start..i];
            if i < b.len() && b[i] == b'=' {
                let (value, next) = read_value(self.line, i + 1);
                self.pos = next;
                return Some(Pair { start, key, value: Some(value) });
            }
            if i < b.len() && b[i] == b'"' {
                // `key"junk`: not a logfmt token; skip to the next space.
                self.pos = token_end(b, i);
                continue;
            }
            self.pos = i;
            return Some(Pair { start, key, value: None });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::time::{YearRef, Zone};

    #[test]
    fn token_end_finds_the_first_blank_at_every_position() {
        // Against the obvious byte loop, for blanks at every offset of a
        // word, bytes that differ from a blank by one bit, and high bytes.
        let naive =
            |b: &[u8], i: usize| (i..b.len()).find(|&j| b[j] == b' ' || b[j] == b'\t').unwrap_or(b.len());
        let fillers: [&[u8]; 4] = [
            b"abcdefghijklmnopqrst",
            b"!!!!!!!!!!!!!!!!!!!!",
            b"\x08\x0a\x21\x60(\x00\x01",
            "é€ü😀".as_bytes(),
        ];
        for fill in fillers {
            for len in 0..fill.len() {
                for blank in [None, Some(b' '), Some(b'\t')] {
                    for at in 0..len.max(1) {
                        let mut v = fill[..len].to_vec();
                        if let (Some(c), true) = (blank, at < len) {
                            v[at] = c;
                        }
                        for start in 0..=len + 1 {
                            assert_eq!(token_end(&v, start), naive(&v, start), "{v:?} from {start}");
                        }
                    }
                }
            }
        }
        assert_eq!(token_end(b"request_id=6c96edfa-fe99-458f GET", 0), 29);
        assert_eq!(token_end(b"a\tb", 0), 1);
    }

    fn cx() -> ParseCx {
        ParseCx::new(Zone::Utc, YearRef::forced(2024))
    }

    fn ts(ev: &Event) -> Option<String> {
        ev.ts.map(|t| t.to_rfc3339())
    }

    fn text(ev: &Event, key: &str) -> Option<String> {
        ev.field(key).map(|v| v.as_text().into_owned())
    }

    #[test]
    fn example_parses() {
        let ev = parse(EXAMPLE, &cx()).unwrap();
        assert_eq!(ts(&ev).as_deref(), Some("2024-03-03T12:00:01.123Z"));
        assert_eq!(ev.ts_text, "2024-03-03T12:00:01.123Z");
        assert_eq!(ev.level, Some(Level::Info));
        assert_eq!(ev.message, "payment authorized");
        assert!(matches!(ev.message, Cow::Borrowed(_)));
        assert_eq!(ev.field("amount"), Some(&Value::Num("12.50")));
        assert_eq!(ev.field("duration_ms"), Some(&Value::Num("41")));
        assert_eq!(text(&ev, "request_id").as_deref(), Some("8f14e45f-ceea-467f-a0e6-1c3b2f1e9d2a"));
        assert!(ev.field("ts").is_none() && ev.field("level").is_none() && ev.field("msg").is_none());
        assert_eq!(ev.format, FormatId::Logfmt);
    }

    /// (line, ts, level, message, app, host, [(key, value as text)])
    type Case = (
        &'static str,
        Option<&'static str>,
        Option<Level>,
        &'static str,
        Option<&'static str>,
        Option<&'static str>,
        &'static [(&'static str, &'static str)],
    );

    #[test]
    fn real_shaped_lines() {
        let cases: &[Case] = &[
            (
                r#"time="2024-03-03T12:00:01Z" level=warning msg="disk \"data\" almost full" path=/var/lib used_pct=93.5"#,
                Some("2024-03-03T12:00:01Z"),
                Some(Level::Warn),
                r#"disk "data" almost full"#,
                None,
                None,
                &[("path", "/var/lib"), ("used_pct", "93.5")],
            ),
            (
                r#"at=info method=GET path="/" host=shop.example.com request_id=2b6e6c3a-7a1d-4c55-9e0b-3f1e9a2d4c11 fwd="203.0.113.9" dyno=web.1 connect=0ms service=12ms status=200 bytes=1548 protocol=https"#,
                None,
                Some(Level::Info),
                "",
                None,
                Some("shop.example.com"),
                &[("method", "GET"), ("path", "/"), ("fwd", "203.0.113.9"), ("dyno", "web.1"), ("connect", "0ms"), ("status", "200"), ("host", "shop.example.com")],
            ),
            (
                r#"at=error code=H12 desc="Request timeout" method=POST path="/api/checkout" host=shop.example.com dyno=web.2 connect=1ms service=30000ms status=503 bytes=0"#,
                None,
                Some(Level::Error),
                "",
                None,
                Some("shop.example.com"),
                &[("code", "H12"), ("desc", "Request timeout"), ("status", "503")],
            ),
            (
                "ts=1709467201.5 lvl=dbg caller=main.go:42 component=db msg=connected dsn.host=10.0.0.5 retry-count=0 api/version=v2",
                Some("2024-03-03T12:00:01.500Z"),
                Some(Level::Debug),
                "connected",
                Some("db"),
                None,
                &[("caller", "main.go:42"), ("component", "db"), ("dsn.host", "10.0.0.5"), ("retry-count", "0"), ("api/version", "v2")],
            ),
            (
                // bare key, empty value, negative and exponent numbers, tabs
                "level=ERROR msg=\"write failed\"\tdebug err= delta=-3 ratio=1e-3 service=billing",
                None,
                Some(Level::Error),
                "write failed",
                Some("billing"),
                None,
                &[("debug", "true"), ("err", ""), ("delta", "-3"), ("ratio", "1e-3"), ("service", "billing")],
            ),
            (
                // Go's time.Time.String() form and a non-ASCII value
                r#"time="2024-03-03 14:00:01.25 +0200 CEST" level=info event=login user=zoë hostname=web-1"#,
                Some("2024-03-03T12:00:01.250Z"),
                Some(Level::Info),
                "login",
                None,
                Some("web-1"),
                &[("user", "zoë"), ("hostname", "web-1")],
            ),
            (
                // a time key whose value is no timestamp stays a field; a
                // level key with no level word too; no msg -> whole line
                "t=soon severity=high job=backup took=3.2",
                None,
                None,
                "t=soon severity=high job=backup took=3.2",
                None,
                None,
                &[("t", "soon"), ("severity", "high"), ("took", "3.2")],
            ),
            (
                // @timestamp with offset; second time key is a field; truncated quote
                r#"@timestamp=2024-03-03T13:00:01+01:00 date=2024-03-04T00:00:00Z message="unterminated \"quo"#,
                Some("2024-03-03T12:00:01Z"),
                None,
                r#"unterminated "quo"#,
                None,
                None,
                &[("date", "2024-03-04T00:00:00Z")],
            ),
        ];
        for (line, want_ts, level, msg, app, host, fields) in cases {
            let ev = parse(line, &cx()).unwrap_or_else(|| panic!("not parsed: {line}"));
            assert_eq!(ts(&ev).as_deref(), *want_ts, "{line}");
            assert_eq!(ev.level, *level, "{line}");
            if !msg.is_empty() {
                assert_eq!(ev.message, *msg, "{line}");
            } else {
                assert_eq!(ev.message, *line, "{line}");
            }
            assert_eq!(ev.app.as_deref(), *app, "{line}");
            assert_eq!(ev.host.as_deref(), *host, "{line}");
            for (k, v) in *fields {
                assert_eq!(text(&ev, k).as_deref(), Some(*v), "{line}: field {k}");
            }
        }
    }

    #[test]
    fn value_types() {
        let ev = parse(r#"a=1 b="2" c=0x1f d=12.50 e=-0.5e+3 f=1.2.3 g=true h"#, &cx()).unwrap();
        assert_eq!(ev.field("a"), Some(&Value::Num("1")));
        assert_eq!(ev.field("b"), Some(&Value::Str(Cow::Borrowed("2"))));
        assert_eq!(ev.field("c"), Some(&Value::Str(Cow::Borrowed("0x1f"))));
        assert_eq!(ev.field("d"), Some(&Value::Num("12.50")));
        assert_eq!(ev.field("e"), Some(&Value::Num("-0.5e+3")));
        assert_eq!(ev.field("f"), Some(&Value::Str(Cow::Borrowed("1.2.3"))));
        assert_eq!(ev.field("g"), Some(&Value::Str(Cow::Borrowed("true"))));
        assert_eq!(ev.field("h"), Some(&Value::Bool(true)));
        assert_eq!(ev.fields.len(), 8);
    }

    #[test]
    fn escapes_allocate_only_when_present() {
        let ev =
            parse(r#"level=info msg="plain" path="C:\\temp\\x" note="tab\there" odd="\q""#, &cx()).unwrap();
        assert!(matches!(ev.message, Cow::Borrowed("plain")));
        match ev.field("path") {
            Some(Value::Str(Cow::Owned(s))) => assert_eq!(s, r"C:\temp\x"),
            other => panic!("{other:?}"),
        }
        assert_eq!(text(&ev, "note").as_deref(), Some("tab\there"));
        assert_eq!(text(&ev, "odd").as_deref(), Some(r"\q"));
    }

    #[test]
    fn invalid_time_value_gives_no_ts() {
        let ev = parse("ts=2024-02-30T12:00:01Z level=info msg=x", &cx()).unwrap();
        assert_eq!(ev.ts, None);
        assert_eq!(ev.ts_text, "2024-02-30T12:00:01Z");
        assert!(ev.field("ts").is_none());
    }

    #[test]
    fn rejects_other_formats() {
        for line in [
            r#"{"ts":"2024-03-03T12:00:01Z","level":"info","msg":"x=1 y=2"}"#,
            "2024-03-03T12:00:01.123Z INFO [gateway] request_id=abc method=GET status=200",
            "2024-03-03T12:00:01Z level=info msg=hello a=1",
            "Mar  3 12:00:01 web1 app[12]: user=bob action=login",
            "<34>1 2024-03-03T12:00:01Z host app 1 - - a=1 b=2",
            r#"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /a?x=1&y=2 HTTP/1.0" 200 2326"#,
            "level=info",
            "only words here",
            "=x =y",
            "\"k\"=1 b=2",
            "1abc=2 b=3",
            "",
        ] {
            assert!(parse(line, &cx()).is_none(), "accepted: {line}");
        }
    }

    #[test]
    fn never_panics_on_ugly_input() {
        for line in
            ["a=\"", "a=\"\\", "a=1 b=\"\\\"", "a=1 b=\\", "k=é\"\\é b=\u{1F600}", "a=1  b", "a= b= c="]
        {
            let _ = parse(line, &cx());
        }
        let ev = parse("a= b= c=", &cx()).unwrap();
        assert_eq!(ev.fields.len(), 3);
        assert_eq!(text(&ev, "b").as_deref(), Some(""));
    }

    #[test]
    fn helpers() {
        for (s, n) in [
            ("0", true),
            ("-12", true),
            ("3.14", true),
            ("1E9", true),
            ("-", false),
            ("", false),
            ("1e", false),
            ("1.", false),
            ("--1", false),
            ("12ms", false),
        ] {
            assert_eq!(is_number(s), n, "{s}");
        }
        assert_eq!(scan_quoted(br#"ab\"c" rest"#, 0), (5, 6, true));
        assert_eq!(scan_quoted(b"abc", 0), (3, 3, false));
        assert_eq!(scan_quoted(b"ab\\", 0), (3, 3, true));
        assert!(
            is_word_key(b"request_id")
                && is_word_key(b"a.b-c")
                && !is_word_key(b"1a")
                && !is_word_key(b"a/b")
        );
    }

    #[test]
    fn rejects_every_loghub_line() {
        let root = std::path::Path::new("/work/shared/corpus/loghub");
        let Ok(dirs) = std::fs::read_dir(root) else { return };
        for dir in dirs.flatten() {
            let system = dir.file_name().to_string_lossy().into_owned();
            let Ok(data) = std::fs::read(dir.path().join(format!("{system}_2k.log"))) else { continue };
            let data = String::from_utf8_lossy(&data);
            let taken = data.lines().filter(|l| parse(l.trim_end_matches('\r'), &cx()).is_some()).count();
            assert_eq!(taken, 0, "{system}: {taken} lines taken");
        }
    }

    /// Ugly real-shaped lines: lifted keys repeated, after the fields and
    /// unparsable, bare keys, quotes and escapes, identity keys, numbers
    /// of every shape, control bytes.
    const UGLY: &[&str] = &[
        EXAMPLE,
        "ts=2024-03-01T00:00:02.300Z level=info service=payments request_id=75a8 msg=\"refund issued\" order_id=683484 amount=34.84 currency=EUR duration_ms=91",
        "a=1 b=\"x \\\"y\\\" \\\\ z\" flag time=notatime time=1709251200 level=loud level=WARN msg=first msg=second",
        "msg=\"caf\u{e9} \u{1b}[2J \t\" host=\"\" host=h1 app=12ms app=svc pid=x pid=42 pid=7 service=s k=1e400 k=-0 k=012",
        "at=info method=GET path=/ host=example.com request_id=abc fwd=\"1.2.3.4\" dyno=web.1 connect=1ms service=12ms status=200 bytes=5",
        "t=2024-03-01T00:00:02+02:00 lvl=eror m=x caller=a.go:12 err=\"boom: \\\"x\\\"\" =bad k= k2=\"",
    ];

    #[test]
    fn the_direct_json_line_is_the_general_one() {
        let cx = ParseCx::new(Zone::Utc, YearRef::forced(2024));
        let (taken, given) = crate::test_texts::check_direct_json(UGLY, &cx, parse, write_json);
        assert!(taken > 1000 && given > taken, "{taken} of {given}");
        let many: String = (0..40).map(|i| format!(" k{}=v", i % 3)).collect();
        let mut out = Vec::new();
        assert!(!write_json(&format!("a=1{many}"), &cx, "s", 1, &mut out) && out.is_empty());
    }
}
