//! JSON lines (`FormatId::Json`): one JSON object per line, as structured
//! loggers write them (zap, zerolog, logrus, slog, bunyan/pino, serilog
//! compact, log4j2 JSON, structlog, Docker's json-file driver, ECS/Logstash,
//! GCP and AWS structured logs, `journalctl -o json`).
//!
//! Why a hand-rolled scanner instead of `serde_json::Value`: this parser runs
//! on every line of multi-gigabyte logs, and building a tree of owned values
//! per line is several times too slow. The scanner here walks the top-level
//! object once, borrowing keys and values from the line (`Cow::Borrowed`);
//! a string is copied only when it contains a backslash escape, and a key is
//! copied only when it is a flattened nested key (`user.id`).
//!
//! Shape of the result:
//! - nested objects are flattened into dotted keys (`{"user":{"id":7}}` gives
//!   the field `user.id`), up to [`FLATTEN_DEPTH`] key segments; deeper
//!   objects, empty objects and all arrays are kept as raw JSON text
//!   (`Value::Json`);
//! - numbers keep their text (`Value::Num`), so `1e400`, `-0` or 30-digit ids
//!   lose nothing; they are converted only where a number is needed (level
//!   numbers, epoch timestamps, pids), with checked arithmetic;
//! - duplicate keys are all kept, in order; the first one wins when picking
//!   the timestamp, level and message.
//!
//! The event's attributes come from well-known keys, matched exactly (in
//! this priority) and then, for the names marked *, in any letter case:
//! - timestamp: `ts`, `time`*, `timestamp`*, `@timestamp`, `t`, `date`,
//!   `datetime`, `eventTime`, `time_local`, `logged_at`, `asctime`, `@t`,
//!   `timeMillis`, `instant`, `__REALTIME_TIMESTAMP`; an ISO 8601 string
//!   (the whole string), an nginx `time_local` string, an epoch number or
//!   numeric string (unit by magnitude), or a `{"seconds","nanos"}` object;
//! - level: `level`*, `lvl`, `severity`*, `loglevel`, `log_level`, `@l`,
//!   `levelname`, `priority`*, `log.level`; a level word or number;
//! - message: `msg`*, `message`*, `@m`, `@mt`, `log`, `text`, `event`,
//!   `MESSAGE`; a string or number (a final newline is dropped);
//! - host, app, pid: see `role_of`.
//!
//! For each, the highest-priority key whose value is usable wins (so an
//! unparsable `ts` does not hide a good `time`). The chosen timestamp, level
//! and message keys are removed from the fields; every other key, including
//! the ones that gave host, app and pid, stays. A line without a usable
//! timestamp still parses (`ts: None`, `ts_text` empty); a line without a
//! message key gets the empty message; a serilog line (`@m`/`@mt`) without
//! `@l` is Information, as serilog omits it for that level. `ts_text` is
//! empty when the timestamp string had escapes (it cannot be borrowed).
//!
//! Detection relies on this parser being strict: the line must be exactly
//! one well-formed JSON object (after an optional BOM and whitespace, and
//! with only whitespace after it), or it is not JSON lines (`None`). Two
//! leniencies: raw control characters inside strings are accepted (some
//! loggers write raw tabs), and lone UTF-16 surrogates in `\u` escapes become
//! U+FFFD. Nesting deeper than [`MAX_NESTING`] levels is rejected (`None`);
//! nothing here recurses, so no input can overflow the stack.

use std::borrow::Cow;

use memchr::memchr2;

use crate::event::timestamp::NANOS;
use crate::event::{Event, Fields, Level, Timestamp, Value};
use crate::format::time::{self, Civil};
use crate::format::{FormatId, ParseCx};

mod direct;
mod timestamp;
mod visit;
pub use direct::write_json;
pub use timestamp::timestamp;
pub use visit::{visit, Members, Visit};

/// A real-shaped example line (zap/zerolog style, with a nested object).
pub const EXAMPLE: &str = r#"{"ts":"2024-03-03T12:00:01.123Z","level":"info","service":"orders","msg":"order created","order_id":12345,"amount":12.5,"user":{"id":7,"tier":"gold"}}"#;

/// The most key segments a flattened key can have (`a.b.c` has 3): an object
/// nested deeper than this is kept as one raw `Value::Json` field, so a
/// pathological line cannot produce unbounded key strings.
pub const FLATTEN_DEPTH: usize = 64;

/// The deepest nesting of objects and arrays accepted anywhere in a line.
/// JSON logs never come close (serde_json's own default limit is 128); a
/// deeper line is rejected rather than walked, which bounds the work and the
/// fixed-size nesting stack.
pub const MAX_NESTING: usize = 1024;

/// Parses one JSON-lines record; `None` when the line is not exactly one
/// well-formed JSON object.
///
/// The timestamp is not structurally essential: an object without a usable
/// timestamp key (or with an invalid date such as Feb 30) gives `ts: None`,
/// and the unparsable value stays in the fields.
pub fn parse<'a>(line: &'a str, cx: &ParseCx) -> Option<Event<'a>> {
    let bytes = line.as_bytes();
    let open = skip_ws(bytes, skip_bom(bytes));
    if bytes.get(open) != Some(&b'{') {
        return None;
    }
    let mut fields: Fields<'a> = Vec::with_capacity(16);
    let mut prefix = String::new();
    let (end, deferred) = flatten_object(line, open, &mut prefix, FLATTEN_DEPTH, &mut fields, true)?;
    if skip_ws(bytes, end) != bytes.len() {
        return None;
    }
    Some(build_event(fields, deferred, cx))
}

// ---------------------------------------------------------------------------
// Scanning
// ---------------------------------------------------------------------------

/// Position after a UTF-8 byte order mark at the start of `b` (0 when none).
#[inline]
fn skip_bom(b: &[u8]) -> usize {
    if b.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    }
}

/// Position of the first non-whitespace byte at or after `pos` (JSON
/// whitespace: space, tab, CR, LF).
#[inline]
fn skip_ws(b: &[u8], mut pos: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\n' | b'\r') = b.get(pos) {
        pos += 1;
    }
    pos
}

/// Walks the object whose `{` is at `open`, appending its members to
/// `fields` with nested objects flattened, and returns the position after
/// its closing `}`.
///
/// `prefix` is the key prefix of the members (empty at the top level, or
/// `time.` when re-flattening a deferred object); it is restored on success.
/// `max_depth` bounds the number of flattened key segments. When `defer_ts`
/// is set, a non-empty object under a top-level timestamp key (GCP's
/// `"timestamp":{"seconds":..,"nanos":..}`) is kept raw so it can be read as
/// a timestamp; the second return value says whether that happened.
///
/// Iterative: the nesting is tracked with an explicit depth counter and a
/// fixed array of prefix lengths, never with recursion.
fn flatten_object<'a>(
    src: &'a str,
    open: usize,
    prefix: &mut String,
    max_depth: usize,
    fields: &mut Fields<'a>,
    defer_ts: bool,
) -> Option<(usize, bool)> {
    debug_assert!(max_depth <= FLATTEN_DEPTH);
    let b = src.as_bytes();
    let base_len = prefix.len();
    let mut prefix_lens = [0usize; FLATTEN_DEPTH];
    let mut depth = 0usize;
    let mut deferred = false;
    let mut pos = skip_ws(b, open + 1);
    if b.get(pos) == Some(&b'}') {
        return Some((pos + 1, false));
    }
    loop {
        // A member: "key" : value
        if b.get(pos) != Some(&b'"') {
            return None;
        }
        let (name, after_name) = parse_string(src, pos)?;
        pos = skip_ws(b, after_name);
        if b.get(pos) != Some(&b':') {
            return None;
        }
        pos = skip_ws(b, pos + 1);
        // `key` is `prefix` + `name`, so `key[prefix.len()..]` is the name.
        let key = if prefix.is_empty() { name } else { Cow::Owned(joined(prefix, &name)) };
        match *b.get(pos)? {
            b'{' => {
                let defer = defer_ts && depth == 0 && matches!(role_of(&key), Some((Role::Ts, _)));
                let keep_raw = defer || depth + 2 > max_depth || b.get(skip_ws(b, pos + 1)) == Some(&b'}');
                if keep_raw {
                    let end = skip_value(b, pos)?;
                    deferred |= defer;
                    fields.push((key, Value::Json(&src[pos..end])));
                    pos = end;
                } else {
                    let name_start = prefix.len();
                    prefix_lens[depth] = name_start;
                    prefix.push_str(&key[name_start..]);
                    prefix.push('.');
                    depth += 1;
                    pos = skip_ws(b, pos + 1);
                    continue;
                }
            }
            b'[' => {
                let end = skip_value(b, pos)?;
                fields.push((key, Value::Json(&src[pos..end])));
                pos = end;
            }
            b'"' => {
                let (text, end) = parse_string(src, pos)?;
                fields.push((key, Value::Str(text)));
                pos = end;
            }
            b't' => {
                pos = literal(b, pos, b"true")?;
                fields.push((key, Value::Bool(true)));
            }
            b'f' => {
                pos = literal(b, pos, b"false")?;
                fields.push((key, Value::Bool(false)));
            }
            b'n' => {
                pos = literal(b, pos, b"null")?;
                fields.push((key, Value::Null));
            }
            b'-' | b'0'..=b'9' => {
                let end = number_end(b, pos)?;
                fields.push((key, Value::Num(&src[pos..end])));
                pos = end;
            }
            _ => return None,
        }
        // After a value: the next member, or the end of one or more objects.
        loop {
            pos = skip_ws(b, pos);
            match b.get(pos) {
                Some(b',') => {
                    pos = skip_ws(b, pos + 1);
                    break;
                }
                Some(b'}') => {
                    pos += 1;
                    if depth == 0 {
                        prefix.truncate(base_len);
                        return Some((pos, deferred));
                    }
                    depth -= 1;
                    prefix.truncate(prefix_lens[depth]);
                }
                _ => return None,
            }
        }
    }
}

/// `prefix` (which ends with `.`) followed by `name`.
fn joined(prefix: &str, name: &str) -> String {
    let mut key = String::with_capacity(prefix.len() + name.len());
    key.push_str(prefix);
    key.push_str(name);
    key
}

/// Reads the string whose opening quote is at `pos`; returns its unescaped
/// text (borrowed unless it had escapes) and the position after the closing
/// quote. `None` on an unterminated string or an invalid escape.
#[inline]
fn parse_string(src: &str, pos: usize) -> Option<(Cow<'_, str>, usize)> {
    let b = src.as_bytes();
    let start = pos + 1;
    let stop = quote_or_backslash(b, start)?;
    if b[stop] == b'"' {
        return Some((Cow::Borrowed(&src[start..stop]), stop + 1));
    }
    unescape(src, start, stop)
}

/// Index of the first `"` or `\\` at or after `from` (`None` when there
/// is none, or `from` is past the end). Most JSON strings are short (keys,
/// levels, ids): the first 32 bytes are tested eight at a time in a word,
/// which costs less than starting a vector search; the rest goes to
/// `memchr2`.
#[inline]
fn quote_or_backslash(b: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut at = from;
    let short_end = b.len().min(from.saturating_add(32));
    while at + 8 <= short_end {
        let w = u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"));
        // The lowest set high bit marks the first byte equal to `"` or `\`
        // (the zero-byte test is exact up to its first hit).
        let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
        let hit = zero(w ^ (ONES * u64::from(b'"'))) | zero(w ^ (ONES * u64::from(b'\\')));
        if hit != 0 {
            return Some(at + hit.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    at.checked_add(memchr2(b'"', b'\\', b.get(at..)?)?)
}

/// The slow path of [`parse_string`]: the string starting at `start` has its
/// first backslash at `backslash`. Copies the text, decoding escapes.
fn unescape(src: &str, start: usize, mut backslash: usize) -> Option<(Cow<'_, str>, usize)> {
    let b = src.as_bytes();
    let mut out = String::with_capacity(backslash - start + 16);
    out.push_str(&src[start..backslash]);
    loop {
        let mut pos = backslash + 2;
        match *b.get(backslash + 1)? {
            b'"' => out.push('"'),
            b'\\' => out.push('\\'),
            b'/' => out.push('/'),
            b'b' => out.push('\u{8}'),
            b'f' => out.push('\u{c}'),
            b'n' => out.push('\n'),
            b'r' => out.push('\r'),
            b't' => out.push('\t'),
            b'u' => {
                let (c, used) = unicode_escape(b, pos)?;
                out.push(c);
                pos += used;
            }
            _ => return None,
        }
        let stop = pos + memchr2(b'"', b'\\', b.get(pos..)?)?;
        out.push_str(&src[pos..stop]);
        if b[stop] == b'"' {
            return Some((Cow::Owned(out), stop + 1));
        }
        backslash = stop;
    }
}

/// Decodes the `XXXX` of a `\uXXXX` escape at `pos` (just after the `u`),
/// joining a following low surrogate escape into one character. A lone
/// surrogate becomes U+FFFD. Returns the character and the bytes used.
fn unicode_escape(b: &[u8], pos: usize) -> Option<(char, usize)> {
    let unit = hex4(b, pos)?;
    match unit {
        0xD800..=0xDBFF => {
            let low = match b.get(pos + 4..pos + 6) {
                Some(b"\\u") => hex4(b, pos + 6).filter(|u| (0xDC00..=0xDFFF).contains(u)),
                _ => None,
            };
            match low {
                Some(low) => {
                    let c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                    Some((char::from_u32(c).unwrap_or('\u{FFFD}'), 10))
                }
                None => Some(('\u{FFFD}', 4)),
            }
        }
        0xDC00..=0xDFFF => Some(('\u{FFFD}', 4)),
        _ => Some((char::from_u32(unit).unwrap_or('\u{FFFD}'), 4)),
    }
}

/// The value of four hex digits at `pos`.
#[inline]
fn hex4(b: &[u8], pos: usize) -> Option<u32> {
    let mut v = 0u32;
    for &c in b.get(pos..pos + 4)? {
        v = v * 16 + (c as char).to_digit(16)?;
    }
    Some(v)
}

/// Position after the string whose opening quote is at `pos`, validating its
/// escapes without decoding them.
fn skip_string(b: &[u8], pos: usize) -> Option<usize> {
    let mut at = pos + 1;
    loop {
        let stop = quote_or_backslash(b, at)?;
        if b[stop] == b'"' {
            return Some(stop + 1);
        }
        at = match *b.get(stop + 1)? {
            b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => stop + 2,
            b'u' => {
                hex4(b, stop + 2)?;
                stop + 6
            }
            _ => return None,
        };
    }
}

/// Position after the literal `word` (`true`, `false`, `null`) at `pos`.
#[inline]
fn literal(b: &[u8], pos: usize, word: &[u8]) -> Option<usize> {
    (b.get(pos..pos + word.len())? == word).then_some(pos + word.len())
}

/// Position after the JSON number at `pos`, checking the grammar
/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
#[inline]
fn number_end(b: &[u8], pos: usize) -> Option<usize> {
    let digits_from = |mut at: usize| {
        while b.get(at).is_some_and(u8::is_ascii_digit) {
            at += 1;
        }
        at
    };
    let mut at = pos;
    if b.get(at) == Some(&b'-') {
        at += 1;
    }
    match b.get(at)? {
        b'0' => at += 1,
        b'1'..=b'9' => at = digits_from(at + 1),
        _ => return None,
    }
    if b.get(at) == Some(&b'.') {
        let end = digits_from(at + 1);
        if end == at + 1 {
            return None;
        }
        at = end;
    }
    if let Some(b'e' | b'E') = b.get(at) {
        at += 1;
        if let Some(b'+' | b'-') = b.get(at) {
            at += 1;
        }
        let end = digits_from(at);
        if end == at {
            return None;
        }
        at = end;
    }
    Some(at)
}

/// Which containers are open while skipping a raw value: one bit per level
/// (1 = object, 0 = array), in a fixed array so skipping never allocates.
struct NestStack {
    bits: [u64; MAX_NESTING / 64],
    len: usize,
}

impl NestStack {
    fn new() -> NestStack {
        NestStack { bits: [0; MAX_NESTING / 64], len: 0 }
    }

    /// Opens a level; `None` beyond [`MAX_NESTING`].
    fn push(&mut self, is_object: bool) -> Option<()> {
        if self.len == MAX_NESTING {
            return None;
        }
        let (word, bit) = (self.len / 64, self.len % 64);
        if is_object {
            self.bits[word] |= 1 << bit;
        } else {
            self.bits[word] &= !(1 << bit);
        }
        self.len += 1;
        Some(())
    }

    fn pop(&mut self) {
        self.len = self.len.saturating_sub(1);
    }

    /// Whether the innermost open level is an object; `None` when none is open.
    fn top_is_object(&self) -> Option<bool> {
        let top = self.len.checked_sub(1)?;
        Some(self.bits[top / 64] >> (top % 64) & 1 == 1)
    }
}

/// Position after the JSON value (of any kind) starting at `pos`, validating
/// it fully. Iterative, with nesting bounded by [`MAX_NESTING`].
fn skip_value(b: &[u8], pos: usize) -> Option<usize> {
    // Scalars (most member values) need no nesting stack.
    match *b.get(pos)? {
        b'"' => skip_string(b, pos),
        b't' => literal(b, pos, b"true"),
        b'f' => literal(b, pos, b"false"),
        b'n' => literal(b, pos, b"null"),
        b'-' | b'0'..=b'9' => number_end(b, pos),
        b'{' | b'[' => skip_container(b, pos),
        _ => None,
    }
}

/// [`skip_value`] for an object or array (or any value: the general walk).
fn skip_container(b: &[u8], mut pos: usize) -> Option<usize> {
    let mut open = NestStack::new();
    loop {
        // A value starts at `pos`.
        match *b.get(pos)? {
            b'{' => {
                pos = skip_ws(b, pos + 1);
                if b.get(pos) == Some(&b'}') {
                    pos += 1;
                } else {
                    open.push(true)?;
                    pos = skip_member_name(b, pos)?;
                    continue;
                }
            }
            b'[' => {
                pos = skip_ws(b, pos + 1);
                if b.get(pos) == Some(&b']') {
                    pos += 1;
                } else {
                    open.push(false)?;
                    continue;
                }
            }
            b'"' => pos = skip_string(b, pos)?,
            b't' => pos = literal(b, pos, b"true")?,
            b'f' => pos = literal(b, pos, b"false")?,
            b'n' => pos = literal(b, pos, b"null")?,
            b'-' | b'0'..=b'9' => pos = number_end(b, pos)?,
            _ => return None,
        }
        // A value ended at `pos`: close containers, or go to the next element.
        loop {
            let Some(in_object) = open.top_is_object() else {
                return Some(pos);
            };
            pos = skip_ws(b, pos);
            match (*b.get(pos)?, in_object) {
                (b',', true) => {
                    pos = skip_member_name(b, skip_ws(b, pos + 1))?;
                    break;
                }
                (b',', false) => {
                    pos = skip_ws(b, pos + 1);
                    break;
                }
                (b'}', true) | (b']', false) => {
                    open.pop();
                    pos += 1;
                }
                _ => return None,
            }
        }
    }
}

/// Skips `"name" :` at `pos` and the whitespace after it; returns where the
/// member's value starts.
fn skip_member_name(b: &[u8], pos: usize) -> Option<usize> {
    if b.get(pos) != Some(&b'"') {
        return None;
    }
    let colon = skip_ws(b, skip_string(b, pos)?);
    if b.get(colon) != Some(&b':') {
        return None;
    }
    Some(skip_ws(b, colon + 1))
}

// ---------------------------------------------------------------------------
// Picking timestamp, level, message, host, app and pid
// ---------------------------------------------------------------------------

/// What a well-known key holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Ts,
    Level,
    Message,
    Host,
    App,
    Pid,
}

/// Number of [`Role`]s.
const ROLES: usize = 6;

/// The role of a (flattened) key and its priority within the role (lower
/// wins). Exact, case-sensitive names first; then a few names matched in any
/// case (`Timestamp`, `Time`, `Level`, `Severity`, `PRIORITY`, `Message`,
/// `Msg`) with lower priority.
fn role_of(key: &str) -> Option<(Role, u8)> {
    use Role::*;
    // By length first: a match on strings alone compares the key with
    // every name in turn, and most keys have no role.
    let exact = match key.len() {
        1 => match key {
            "t" => Some((Ts, 4)),
            _ => None,
        },
        2 => match key {
            "ts" => Some((Ts, 0)),
            "@t" => Some((Ts, 11)),
            "@l" => Some((Level, 5)),
            "@m" => Some((Message, 2)),
            _ => None,
        },
        3 => match key {
            "lvl" => Some((Level, 1)),
            "msg" => Some((Message, 0)),
            "@mt" => Some((Message, 3)),
            "log" => Some((Message, 4)),
            "app" => Some((App, 1)),
            "pid" => Some((Pid, 0)),
            _ => None,
        },
        4 => match key {
            "time" => Some((Ts, 1)),
            "date" => Some((Ts, 5)),
            "text" => Some((Message, 5)),
            "host" => Some((Host, 0)),
            "name" => Some((App, 7)),
            "_PID" => Some((Pid, 2)),
            _ => None,
        },
        5 => match key {
            "level" => Some((Level, 0)),
            "event" => Some((Message, 6)),
            _ => None,
        },
        6 => match key {
            "logger" => Some((App, 3)),
            _ => None,
        },
        7 => match key {
            "asctime" => Some((Ts, 10)),
            "instant" => Some((Ts, 13)),
            "message" => Some((Message, 1)),
            "MESSAGE" => Some((Message, 7)),
            "service" => Some((App, 0)),
            _ => None,
        },
        8 => match key {
            "datetime" => Some((Ts, 6)),
            "severity" => Some((Level, 2)),
            "loglevel" => Some((Level, 3)),
            "priority" => Some((Level, 7)),
            "hostname" => Some((Host, 1)),
            "HOSTNAME" => Some((Host, 3)),
            _ => None,
        },
        9 => match key {
            "timestamp" => Some((Ts, 2)),
            "eventTime" => Some((Ts, 7)),
            "logged_at" => Some((Ts, 9)),
            "log_level" => Some((Level, 4)),
            "levelname" => Some((Level, 6)),
            "log.level" => Some((Level, 8)),
            "host.name" => Some((Host, 2)),
            "_HOSTNAME" => Some((Host, 4)),
            "component" => Some((App, 6)),
            _ => None,
        },
        10 => match key {
            "@timestamp" => Some((Ts, 3)),
            "time_local" => Some((Ts, 8)),
            "timeMillis" => Some((Ts, 12)),
            "loggerName" => Some((App, 5)),
            _ => None,
        },
        11 => match key {
            "application" => Some((App, 2)),
            "logger_name" => Some((App, 4)),
            "process.pid" => Some((Pid, 1)),
            _ => None,
        },
        12 => match key {
            "service.name" => Some((App, 8)),
            _ => None,
        },
        17 => match key {
            "SYSLOG_IDENTIFIER" => Some((App, 9)),
            _ => None,
        },
        20 => match key {
            "__REALTIME_TIMESTAMP" => Some((Ts, 14)),
            _ => None,
        },
        _ => None,
    };
    exact.or_else(|| role_of_any_case(key))
}

/// The case-insensitive fallback of [`role_of`].
fn role_of_any_case(key: &str) -> Option<(Role, u8)> {
    use Role::*;
    let names: &[(&str, Role, u8)] = match key.len() {
        3 => &[("msg", Message, 101)],
        4 => &[("time", Ts, 101)],
        5 => &[("level", Level, 100)],
        7 => &[("message", Message, 100)],
        8 => &[("severity", Level, 101), ("priority", Level, 102)],
        9 => &[("timestamp", Ts, 100)],
        _ => return None,
    };
    names.iter().find(|(name, _, _)| key.eq_ignore_ascii_case(name)).map(|&(_, role, rank)| (role, rank))
}

/// For each role, the best-ranked field holding it (first one on ties) and
/// how many fields hold it; found in one pass over the fields.
struct Candidates {
    best: [Option<(u8, usize)>; ROLES],
    count: [u8; ROLES],
}

impl Candidates {
    fn of(fields: &[(Cow<'_, str>, Value<'_>)]) -> Candidates {
        let mut c = Candidates { best: [None; ROLES], count: [0; ROLES] };
        for (index, (key, _)) in fields.iter().enumerate() {
            if let Some((role, rank)) = role_of(key) {
                let r = role as usize;
                c.count[r] = c.count[r].saturating_add(1);
                if c.best[r].is_none_or(|(best, _)| rank < best) {
                    c.best[r] = Some((rank, index));
                }
            }
        }
        c
    }
}

/// The index of the best-ranked field of `role` whose value `accept` takes,
/// with what it made of it. The best-ranked field is tried first; the others
/// (rare: several keys of one role, and the best one unusable) in rank order.
fn choose<'a, T>(
    fields: &[(Cow<'a, str>, Value<'a>)],
    cands: &Candidates,
    role: Role,
    accept: impl Fn(&Value<'a>) -> Option<T>,
) -> Option<(usize, T)> {
    let (_, best) = cands.best[role as usize]?;
    if let Some(found) = accept(&fields[best].1) {
        return Some((best, found));
    }
    if cands.count[role as usize] < 2 {
        return None;
    }
    let mut others: Vec<(u8, usize)> = fields
        .iter()
        .enumerate()
        .filter_map(|(i, (key, _))| match role_of(key) {
            Some((r, rank)) if r == role && i != best => Some((rank, i)),
            _ => None,
        })
        .collect();
    others.sort_unstable();
    others.into_iter().find_map(|(_, i)| accept(&fields[i].1).map(|found| (i, found)))
}

/// What the well-known keys of a record's fields give (see the module
/// doc): the timestamp, level, host, app and pid, and which fields gave the
/// timestamp, level and message (those leave the fields). One choice for
/// [`build_event`] and the direct renderer ([`write_json`]), so both make
/// the same event.
struct Picked<'a> {
    ts: Option<(Timestamp, &'a str)>,
    level: Option<Level>,
    message: Option<usize>,
    host: Option<Cow<'a, str>>,
    app: Option<Cow<'a, str>>,
    pid: Option<u32>,
    /// The fields taken out: timestamp, level and message.
    chosen: [Option<usize>; 3],
}

fn pick<'a>(fields: &[(Cow<'a, str>, Value<'a>)], cx: &ParseCx) -> Picked<'a> {
    let cands = Candidates::of(fields);
    let ts = choose(fields, &cands, Role::Ts, |v| timestamp_of(v, cx));
    let level = choose(fields, &cands, Role::Level, level_of);
    let message =
        choose(fields, &cands, Role::Message, |v| matches!(v, Value::Str(_) | Value::Num(_)).then_some(()));
    // Serilog's compact format leaves `@l` out for Information events.
    let serilog_message = message.is_some_and(|(i, _)| fields[i].0.starts_with('@'));
    Picked {
        ts: ts.map(|(_, t)| t),
        level: level.map(|(_, l)| l).or(serilog_message.then_some(Level::Info)),
        message: message.map(|(i, _)| i),
        host: choose(fields, &cands, Role::Host, non_empty_text).map(|(_, h)| h),
        app: choose(fields, &cands, Role::App, non_empty_text).map(|(_, a)| a),
        pid: choose(fields, &cands, Role::Pid, pid_of).map(|(_, p)| p),
        chosen: [ts.map(|(i, _)| i), level.map(|(i, _)| i), message.map(|(i, _)| i)],
    }
}

/// Turns the scanned fields into the event: picks and removes the
/// timestamp, level and message fields, copies host, app and pid.
fn build_event<'a>(mut fields: Fields<'a>, deferred: bool, cx: &ParseCx) -> Event<'a> {
    let picked = pick(&fields, cx);
    let mut ev = Event::new(FormatId::Json, "");
    ev.host = picked.host;
    ev.app = picked.app;
    ev.pid = picked.pid;
    if let Some((t, text)) = picked.ts {
        ev.ts = Some(t);
        ev.ts_text = text;
    }
    ev.level = picked.level;
    if let Some(i) = picked.message {
        ev.message = message_text(std::mem::replace(&mut fields[i].1, Value::Null));
    }
    let chosen = picked.chosen;
    if chosen.iter().any(Option::is_some) {
        // One pass, rather than a shifting `remove` per chosen field.
        let mut index = 0;
        fields.retain(|_| {
            let keep = !chosen.contains(&Some(index));
            index += 1;
            keep
        });
    }
    if deferred {
        reflatten_deferred(&mut fields);
    }
    ev.fields = fields;
    ev
}

/// A string value that is not empty, for host and app.
fn non_empty_text<'a>(v: &Value<'a>) -> Option<Cow<'a, str>> {
    match v {
        Value::Str(s) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

/// A pid from a number or a numeric string.
fn pid_of(v: &Value<'_>) -> Option<u32> {
    match v {
        Value::Num(n) => n.parse().ok(),
        Value::Str(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A level from a level word (`warn`, `WARNING`, `Information`), a level
/// number (pino/bunyan 10..60, syslog 0..7) or a numeric string (journald
/// `PRIORITY`).
fn level_of(v: &Value<'_>) -> Option<Level> {
    match v {
        Value::Str(s) => {
            let word = trim(s);
            Level::parse(word).or_else(|| small_int(word).and_then(Level::from_number))
        }
        Value::Num(n) => small_int(n).and_then(Level::from_number),
        _ => None,
    }
}

/// A non-negative integer of at most 3 digits (level numbers).
fn small_int(text: &str) -> Option<i64> {
    if text.is_empty() || text.len() > 3 || !text.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// The message text of a value, without the final newline Docker's
/// json-file driver (and some loggers) keep.
fn message_text(value: Value<'_>) -> Cow<'_, str> {
    match value {
        Value::Str(Cow::Borrowed(s)) => Cow::Borrowed(strip_final_newline(s)),
        Value::Str(Cow::Owned(mut s)) => {
            let keep = strip_final_newline(&s).len();
            s.truncate(keep);
            Cow::Owned(s)
        }
        Value::Num(n) => Cow::Borrowed(n),
        _ => Cow::Borrowed(""),
    }
}

/// `s` without one final `\n` or `\r\n`.
fn strip_final_newline(s: &str) -> &str {
    let s = s.strip_suffix('\n').unwrap_or(s);
    s.strip_suffix('\r').unwrap_or(s)
}

/// Flattens the top-level timestamp-key objects that [`flatten_object`] kept
/// raw (to read GCP's `{"seconds","nanos"}`) but that were not taken as the
/// timestamp, so they end up like every other nested object.
fn reflatten_deferred(fields: &mut Fields<'_>) {
    let mut i = 0;
    while i < fields.len() {
        let raw = match fields[i].1 {
            Value::Json(raw) if raw.starts_with('{') => raw,
            _ => {
                i += 1;
                continue;
            }
        };
        if !matches!(role_of(&fields[i].0), Some((Role::Ts, _))) {
            i += 1;
            continue;
        }
        let mut prefix = joined(&fields[i].0, ".");
        let mut nested = Vec::new();
        match flatten_object(raw, 0, &mut prefix, FLATTEN_DEPTH - 1, &mut nested, false) {
            Some(_) if !nested.is_empty() => {
                let n = nested.len();
                fields.splice(i..i + 1, nested);
                i += n;
            }
            _ => i += 1,
        }
    }
}

// ---------------------------------------------------------------------------
// Timestamps
// ---------------------------------------------------------------------------

/// The timestamp in a value, and its text as written: an ISO 8601 string,
/// an nginx `time_local` string, an epoch number or numeric string, or a
/// `{"seconds":..,"nanos":..}` object (kept raw by the scanner). The text is
/// empty for a string that had escapes (it cannot be borrowed from the line).
fn timestamp_of<'a>(v: &Value<'a>, cx: &ParseCx) -> Option<(Timestamp, &'a str)> {
    match v {
        Value::Str(s) => {
            let t = text_timestamp(trim(s), cx)?;
            let text = match s {
                Cow::Borrowed(s) => trim(s),
                Cow::Owned(_) => "",
            };
            Some((t, text))
        }
        Value::Num(n) => Some((epoch_number(n)?, *n)),
        Value::Json(raw) if raw.starts_with('{') => Some((seconds_nanos(raw)?, *raw)),
        _ => None,
    }
}

/// `s.trim()`, without its two character walks when `s` starts and ends
/// with a visible ASCII character (nearly every timestamp and level: this
/// runs twice per JSON line in `timeline`).
#[inline]
fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(f), Some(l)) if f.is_ascii_graphic() && l.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// A timestamp string: the whole text must be one timestamp.
fn text_timestamp(s: &str, cx: &ParseCx) -> Option<Timestamp> {
    let b = s.as_bytes();
    if let Some((civil, used)) = time::iso8601(b) {
        return if used == b.len() { resolve(&civil, cx) } else { None };
    }
    epoch_number(s).or_else(|| clf_time(b, cx))
}

/// `cx.resolve`, limited to the years an `i64` of nanoseconds can hold
/// (1678..=2261): `civil_to_nanos` accepts years up to 9999 and would
/// overflow on them, and a JSON line can carry any year.
fn resolve(civil: &Civil, cx: &ParseCx) -> Option<Timestamp> {
    if !(1678..=2261).contains(&civil.year) {
        return None;
    }
    cx.resolve(civil)
}

/// nginx/Apache `time_local`: `03/Mar/2024:12:00:01 +0000` (the zone may be
/// missing, then the source's zone applies).
fn clf_time(b: &[u8], cx: &ParseCx) -> Option<Timestamp> {
    if b.len() < 20 || b[2] != b'/' || b[6] != b'/' || b[11] != b':' {
        return None;
    }
    let day = time::digits(b, 2)?;
    let month = time::month_abbr(&b[3..6])?;
    let year = time::digits(&b[7..], 4)? as i64;
    let (hour, minute, second) = time::hms(&b[12..])?;
    let offset = match &b[20..] {
        [] => None,
        [b' ', zone @ ..] => match time::zone_suffix(zone)? {
            (o, used) if used == zone.len() => Some(o),
            _ => return None,
        },
        _ => return None,
    };
    resolve(&Civil { year, month, day, hour, minute, second, nanos: 0, frac_digits: 0, offset }, cx)
}

/// An epoch number as JSON loggers write it: seconds (optionally with a
/// fraction, as zap and zerolog write), milliseconds, microseconds or
/// nanoseconds, told apart by magnitude like `time::epoch`, within
/// 1990..2100. Exponents and signs are refused. Does not allocate.
fn epoch_number(text: &str) -> Option<Timestamp> {
    const LO: i64 = 631_152_000; // 1990-01-01
    const HI: i64 = 4_102_444_800; // 2100-01-01
    let b = text.as_bytes();
    let int_len = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if int_len == 0 || int_len > 19 {
        return None;
    }
    let (frac_nanos, frac_digits, used) = time::fraction(&b[int_len..]);
    if int_len + used != b.len() || b.get(int_len) == Some(&b',') {
        return None;
    }
    let whole: i64 = text[..int_len].parse().ok()?;
    // (nanoseconds per unit, fractional digits the unit itself implies)
    let (unit, unit_digits) = if (LO..HI).contains(&whole) {
        (NANOS, 0)
    } else if (LO * 1_000..HI * 1_000).contains(&whole) {
        (1_000_000, 3)
    } else if (LO * 1_000_000..HI * 1_000_000).contains(&whole) {
        (1_000, 6)
    } else if (LO * NANOS..HI * NANOS).contains(&whole) {
        (1, 9)
    } else {
        return None;
    };
    let sub_unit = frac_nanos as i64 * unit / NANOS;
    let nanos = whole.checked_mul(unit)?.checked_add(sub_unit)?;
    Some(Timestamp::new(nanos, unit_digits + frac_digits as usize))
}

/// A protobuf-style timestamp object: GCP's `{"seconds":..,"nanos":..}` or
/// log4j2's `{"epochSecond":..,"nanoOfSecond":..}`; the seconds may be a
/// number or a numeric string (proto3 JSON writes int64 as a string).
fn seconds_nanos(raw: &str) -> Option<Timestamp> {
    let mut members = Vec::new();
    flatten_object(raw, 0, &mut String::new(), 2, &mut members, false)?;
    let number = |names: [&str; 2]| {
        members.iter().find(|(k, _)| names.contains(&k.as_ref())).map(|(_, v)| match v {
            Value::Num(n) => Some(*n),
            Value::Str(s) => Some(s.as_ref()),
            _ => None,
        })
    };
    let seconds: i64 = number(["seconds", "epochSecond"])??.trim().parse().ok()?;
    let nanos: i64 = match number(["nanos", "nanoOfSecond"]) {
        Some(text) => text?.trim().parse().ok().filter(|n| (0..NANOS).contains(n))?,
        None => 0,
    };
    let digits = match nanos {
        0 => 0,
        n if n % 1_000_000 == 0 => 3,
        n if n % 1_000 == 0 => 6,
        _ => 9,
    };
    Some(Timestamp::new(seconds.checked_mul(NANOS)?.checked_add(nanos)?, digits))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::time::{YearRef, Zone};

    fn cx() -> ParseCx {
        ParseCx::new(Zone::Utc, YearRef::forced(2024))
    }

    #[test]
    fn quick_trim_is_std_trim() {
        let texts = [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\ta\n",
            "2024-03-03T12:00:01Z",
            "\u{a0}x\u{a0}",
            "\u{3000}",
            "é",
            "xé",
            "\u{2028}y",
            "!~",
            "\u{7f}a",
            "a\u{1b}",
        ];
        for t in texts {
            assert_eq!(trim(t), t.trim(), "{t:?}");
        }
    }

    /// A field value as a compact tagged string: `s:text`, `n:12`, `j:[1]`,
    /// `b:true`, `null`, so expected fields fit in a table.
    fn render(v: &Value<'_>) -> String {
        match v {
            Value::Str(s) => format!("s:{s}"),
            Value::Num(n) => format!("n:{n}"),
            Value::Json(j) => format!("j:{j}"),
            Value::Bool(b) => format!("b:{b}"),
            Value::Null => "null".to_string(),
        }
    }

    fn rendered_fields(ev: &Event<'_>) -> Vec<(String, String)> {
        ev.fields.iter().map(|(k, v)| (k.to_string(), render(v))).collect()
    }

    struct Case {
        line: &'static str,
        ts: Option<&'static str>,
        ts_text: &'static str,
        level: Option<Level>,
        host: Option<&'static str>,
        app: Option<&'static str>,
        pid: Option<u32>,
        message: &'static str,
        fields: &'static [(&'static str, &'static str)],
    }

    fn check(cases: &[Case]) {
        for c in cases {
            let ev = parse(c.line, &cx()).unwrap_or_else(|| panic!("not parsed: {}", c.line));
            assert_eq!(ev.format, FormatId::Json);
            assert_eq!(ev.ts.map(|t| t.to_rfc3339()).as_deref(), c.ts, "ts of {}", c.line);
            assert_eq!(ev.ts_text, c.ts_text, "ts_text of {}", c.line);
            assert_eq!(ev.level, c.level, "level of {}", c.line);
            assert_eq!(ev.host.as_deref(), c.host, "host of {}", c.line);
            assert_eq!(ev.app.as_deref(), c.app, "app of {}", c.line);
            assert_eq!(ev.pid, c.pid, "pid of {}", c.line);
            assert_eq!(ev.message, c.message, "message of {}", c.line);
            let expected: Vec<(String, String)> =
                c.fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
            assert_eq!(rendered_fields(&ev), expected, "fields of {}", c.line);
        }
    }

    #[test]
    fn example_parses() {
        let ev = parse(EXAMPLE, &cx()).unwrap();
        assert_eq!(ev.ts.map(|t| t.to_rfc3339()).as_deref(), Some("2024-03-03T12:00:01.123Z"));
        assert_eq!(ev.message, "order created");
        assert_eq!(ev.app.as_deref(), Some("orders"));
    }

    #[test]
    fn real_logger_shapes() {
        check(&[
            // zap production encoder: float epoch seconds, caller, stacktrace
            Case {
                line: r#"{"level":"error","ts":1709467201.1234567,"caller":"orders/handler.go:88","msg":"payment declined","order_id":"A-1029","error":"card expired","stacktrace":"main.handle\n\t/src/main.go:88"}"#,
                ts: Some("2024-03-03T12:00:01.123456700Z"),
                ts_text: "1709467201.1234567",
                level: Some(Level::Error),
                host: None,
                app: None,
                pid: None,
                message: "payment declined",
                fields: &[
                    ("caller", "s:orders/handler.go:88"),
                    ("order_id", "s:A-1029"),
                    ("error", "s:card expired"),
                    ("stacktrace", "s:main.handle\n\t/src/main.go:88"),
                ],
            },
            // zerolog default: level first, RFC 3339 time with offset
            Case {
                line: r#"{"level":"warn","service":"billing","attempt":3,"time":"2024-03-03T13:00:01+01:00","message":"retrying upstream"}"#,
                ts: Some("2024-03-03T12:00:01Z"),
                ts_text: "2024-03-03T13:00:01+01:00",
                level: Some(Level::Warn),
                host: None,
                app: Some("billing"),
                pid: None,
                message: "retrying upstream",
                fields: &[("service", "s:billing"), ("attempt", "n:3")],
            },
            // pino: numeric level, epoch millis, pid, hostname
            Case {
                line: r#"{"level":30,"time":1709467201123,"pid":1,"hostname":"h","msg":"x"}"#,
                ts: Some("2024-03-03T12:00:01.123Z"),
                ts_text: "1709467201123",
                level: Some(Level::Info),
                host: Some("h"),
                app: None,
                pid: Some(1),
                message: "x",
                fields: &[("pid", "n:1"), ("hostname", "s:h")],
            },
            // bunyan: name is the app, v is a plain field
            Case {
                line: r#"{"name":"api","hostname":"web-1","pid":4242,"level":50,"err":{"message":"boom","name":"TypeError"},"msg":"request failed","time":"2024-03-03T12:00:01.123Z","v":0}"#,
                ts: Some("2024-03-03T12:00:01.123Z"),
                ts_text: "2024-03-03T12:00:01.123Z",
                level: Some(Level::Error),
                host: Some("web-1"),
                app: Some("api"),
                pid: Some(4242),
                message: "request failed",
                fields: &[
                    ("name", "s:api"),
                    ("hostname", "s:web-1"),
                    ("pid", "n:4242"),
                    ("err.message", "s:boom"),
                    ("err.name", "s:TypeError"),
                    ("v", "n:0"),
                ],
            },
            // ECS: @timestamp, dotted log.level key, nested service/host/process
            Case {
                line: r#"{"@timestamp":"2024-03-03T12:00:01.123Z","log.level":"error","message":"x","service":{"name":"orders"},"host":{"name":"db-2"},"process":{"pid":77},"ecs.version":"1.6.0"}"#,
                ts: Some("2024-03-03T12:00:01.123Z"),
                ts_text: "2024-03-03T12:00:01.123Z",
                level: Some(Level::Error),
                host: Some("db-2"),
                app: Some("orders"),
                pid: Some(77),
                message: "x",
                fields: &[
                    ("service.name", "s:orders"),
                    ("host.name", "s:db-2"),
                    ("process.pid", "n:77"),
                    ("ecs.version", "s:1.6.0"),
                ],
            },
            // ECS with log as a nested object: log.level found after flattening
            Case {
                line: r#"{"@timestamp":"2024-03-03T12:00:01Z","log":{"level":"WARN","logger":"com.acme.Pay"},"message":"slow"}"#,
                ts: Some("2024-03-03T12:00:01Z"),
                ts_text: "2024-03-03T12:00:01Z",
                level: Some(Level::Warn),
                host: None,
                app: None,
                pid: None,
                message: "slow",
                fields: &[("log.logger", "s:com.acme.Pay")],
            },
            // Docker json-file: message in "log" with its newline stripped
            Case {
                line: r#"{"log":"GET /health 200 1.2ms\n","stream":"stdout","time":"2024-03-03T12:00:01.123456789Z"}"#,
                ts: Some("2024-03-03T12:00:01.123456789Z"),
                ts_text: "2024-03-03T12:00:01.123456789Z",
                level: None,
                host: None,
                app: None,
                pid: None,
                message: "GET /health 200 1.2ms",
                fields: &[("stream", "s:stdout")],
            },
            // serilog compact with a level
            Case {
                line: r#"{"@t":"2024-03-03T12:00:01.1234567Z","@mt":"Order {OrderId} created","@l":"Warning","OrderId":12345,"SourceContext":"Shop.Orders"}"#,
                ts: Some("2024-03-03T12:00:01.123456700Z"),
                ts_text: "2024-03-03T12:00:01.1234567Z",
                level: Some(Level::Warn),
                host: None,
                app: None,
                pid: None,
                message: "Order {OrderId} created",
                fields: &[("OrderId", "n:12345"), ("SourceContext", "s:Shop.Orders")],
            },
            // serilog compact, Information level omitted; rendered @m preferred over @mt
            Case {
                line: r#"{"@t":"2024-03-03T12:00:01.000Z","@mt":"User {Id} in","@m":"User 7 in","Id":7}"#,
                ts: Some("2024-03-03T12:00:01.000Z"),
                ts_text: "2024-03-03T12:00:01.000Z",
                level: Some(Level::Info),
                host: None,
                app: None,
                pid: None,
                message: "User 7 in",
                fields: &[("@mt", "s:User {Id} in"), ("Id", "n:7")],
            },
            // GCP: severity, timestamp as a seconds/nanos object
            Case {
                line: r#"{"severity":"WARNING","message":"quota near limit","timestamp":{"seconds":1709467201,"nanos":123000000},"logging.googleapis.com/trace":"projects/p/traces/abc"}"#,
                ts: Some("2024-03-03T12:00:01.123Z"),
                ts_text: r#"{"seconds":1709467201,"nanos":123000000}"#,
                level: Some(Level::Warn),
                host: None,
                app: None,
                pid: None,
                message: "quota near limit",
                fields: &[("logging.googleapis.com/trace", "s:projects/p/traces/abc")],
            },
            // GCP: unknown severity word stays a field; seconds as a string
            Case {
                line: r#"{"severity":"DEFAULT","textPayload":"x","timestamp":{"seconds":"1709467201"}}"#,
                ts: Some("2024-03-03T12:00:01Z"),
                ts_text: r#"{"seconds":"1709467201"}"#,
                level: None,
                host: None,
                app: None,
                pid: None,
                message: "",
                fields: &[("severity", "s:DEFAULT"), ("textPayload", "s:x")],
            },
            // AWS Lambda JSON log format
            Case {
                line: r#"{"timestamp":"2024-03-03T12:00:01.123Z","level":"INFO","requestId":"79b4f56e-95b1-4643-9700-2807f4e68189","message":"cold start"}"#,
                ts: Some("2024-03-03T12:00:01.123Z"),
                ts_text: "2024-03-03T12:00:01.123Z",
                level: Some(Level::Info),
                host: None,
                app: None,
                pid: None,
                message: "cold start",
                fields: &[("requestId", "s:79b4f56e-95b1-4643-9700-2807f4e68189")],
            },
            // logrus JSON formatter
            Case {
                line: r#"{"component":"scheduler","level":"warning","msg":"job late","time":"2024-03-03T12:00:01-05:00"}"#,
                ts: Some("2024-03-03T17:00:01Z"),
                ts_text: "2024-03-03T12:00:01-05:00",
                level: Some(Level::Warn),
                host: None,
                app: Some("scheduler"),
                pid: None,
                message: "job late",
                fields: &[("component", "s:scheduler")],
            },
            // python-json-logger: asctime with a comma fraction, levelname
            Case {
                line: r#"{"asctime": "2024-03-03 12:00:01,123", "name": "app.db", "levelname": "CRITICAL", "message": "pool exhausted"}"#,
                ts: Some("2024-03-03T12:00:01.123Z"),
                ts_text: "2024-03-03 12:00:01,123",
                level: Some(Level::Crit),
                host: None,
                app: Some("app.db"),
                pid: None,
                message: "pool exhausted",
                fields: &[("name", "s:app.db")],
            },
            // structlog: "event" is the message
            Case {
                line: r#"{"event": "user logged in", "user": "alice", "level": "info", "timestamp": "2024-03-03T12:00:01.500000Z"}"#,
                ts: Some("2024-03-03T12:00:01.500000Z"),
                ts_text: "2024-03-03T12:00:01.500000Z",
                level: Some(Level::Info),
                host: None,
                app: None,
                pid: None,
                message: "user logged in",
                fields: &[("user", "s:alice")],
            },
            // journalctl -o json: strings everywhere, micros epoch, PRIORITY
            Case {
                line: r#"{"__REALTIME_TIMESTAMP":"1709467201123456","PRIORITY":"3","_HOSTNAME":"srv","SYSLOG_IDENTIFIER":"sshd","_PID":"812","MESSAGE":"Failed password for root from 2001:db8::1 port 22 ssh2"}"#,
                ts: Some("2024-03-03T12:00:01.123456Z"),
                ts_text: "1709467201123456",
                level: Some(Level::Error),
                host: Some("srv"),
                app: Some("sshd"),
                pid: Some(812),
                message: "Failed password for root from 2001:db8::1 port 22 ssh2",
                fields: &[("_HOSTNAME", "s:srv"), ("SYSLOG_IDENTIFIER", "s:sshd"), ("_PID", "s:812")],
            },
            // nginx log_format escape=json with time_local
            Case {
                line: r#"{"time_local":"03/Mar/2024:13:00:01 +0100","remote_addr":"203.0.113.9","request":"GET /a?b=\"c\" HTTP/1.1","status":404,"body_bytes_sent":0}"#,
                ts: Some("2024-03-03T12:00:01Z"),
                ts_text: "03/Mar/2024:13:00:01 +0100",
                level: None,
                host: None,
                app: None,
                pid: None,
                message: "",
                fields: &[
                    ("remote_addr", "s:203.0.113.9"),
                    ("request", "s:GET /a?b=\"c\" HTTP/1.1"),
                    ("status", "n:404"),
                    ("body_bytes_sent", "n:0"),
                ],
            },
            // log4j2 JsonLayout: instant object, timeMillis, loggerName
            Case {
                line: r#"{"instant":{"epochSecond":1709467201,"nanoOfSecond":5000},"thread":"main","level":"DEBUG","loggerName":"com.acme.Main","message":"started"}"#,
                ts: Some("2024-03-03T12:00:01.000005Z"),
                ts_text: r#"{"epochSecond":1709467201,"nanoOfSecond":5000}"#,
                level: Some(Level::Debug),
                host: None,
                app: Some("com.acme.Main"),
                pid: None,
                message: "started",
                fields: &[("thread", "s:main"), ("loggerName", "s:com.acme.Main")],
            },
            // .NET-style capitalised keys, matched case-insensitively
            Case {
                line: r#"{"Timestamp":"2024-03-03T12:00:01.123+00:00","Level":"Error","Message":"db timeout","MachineName":"WIN-7"}"#,
                ts: Some("2024-03-03T12:00:01.123Z"),
                ts_text: "2024-03-03T12:00:01.123+00:00",
                level: Some(Level::Error),
                host: None,
                app: None,
                pid: None,
                message: "db timeout",
                fields: &[("MachineName", "s:WIN-7")],
            },
        ]);
    }

    #[test]
    fn ugly_but_valid_lines() {
        check(&[
            // whitespace everywhere, BOM in front, trailing spaces
            Case {
                line: "\u{FEFF}  { \"msg\" : \"hi\" ,\t\"level\" :\"debug\" , \"n\" : [ 1 , 2 ] }  ",
                ts: None,
                ts_text: "",
                level: Some(Level::Debug),
                host: None,
                app: None,
                pid: None,
                message: "hi",
                fields: &[("n", "j:[ 1 , 2 ]")],
            },
            // escapes and unicode, surrogate pair, lone surrogate, non-ASCII raw
            Case {
                line: r#"{"msg":"caf\u00e9 \ud83d\ude00","k\"ey":"a\/b\\c\td","lone":"x\ud800y\udc00z","raw":"Grüße 東京"}"#,
                ts: None,
                ts_text: "",
                level: None,
                host: None,
                app: None,
                pid: None,
                message: "café 😀",
                fields: &[
                    ("k\"ey", "s:a/b\\c\td"),
                    ("lone", "s:x\u{FFFD}y\u{FFFD}z"),
                    ("raw", "s:Grüße 東京"),
                ],
            },
            // numbers kept as written; bools, null; nested + arrays + empty object
            Case {
                line: r#"{"big":1e400,"negz":-0,"f":-1.5E-3,"id":123456789012345678901234567890,"ok":true,"no":false,"nil":null,"meta":{},"a":{"b":{"c":[{"d":1}],"e":{"f":"g"}}},"after":1}"#,
                ts: None,
                ts_text: "",
                level: None,
                host: None,
                app: None,
                pid: None,
                message: "",
                fields: &[
                    ("big", "n:1e400"),
                    ("negz", "n:-0"),
                    ("f", "n:-1.5E-3"),
                    ("id", "n:123456789012345678901234567890"),
                    ("ok", "b:true"),
                    ("no", "b:false"),
                    ("nil", "null"),
                    ("meta", "j:{}"),
                    ("a.b.c", r#"j:[{"d":1}]"#),
                    ("a.b.e.f", "s:g"),
                    ("after", "n:1"),
                ],
            },
            // duplicate keys: all kept, the first wins for the roles
            Case {
                line: r#"{"msg":"first","level":"info","msg":"second","level":"error","time":"2024-03-03T12:00:01Z","time":"2025-01-01T00:00:00Z"}"#,
                ts: Some("2024-03-03T12:00:01Z"),
                ts_text: "2024-03-03T12:00:01Z",
                level: Some(Level::Info),
                host: None,
                app: None,
                pid: None,
                message: "first",
                fields: &[("msg", "s:second"), ("level", "s:error"), ("time", "s:2025-01-01T00:00:00Z")],
            },
            // raw control char (tab) in a string accepted; invalid date -> ts None,
            // the unparsable time stays a field; a lower-ranked key that parses wins
            Case {
                line: "{\"ts\":\"2024-02-30T12:00:01Z\",\"date\":\"2024-03-03 12:00:01\",\"msg\":\"a\tb\"}",
                ts: Some("2024-03-03T12:00:01Z"),
                ts_text: "2024-03-03 12:00:01",
                level: None,
                host: None,
                app: None,
                pid: None,
                message: "a\tb",
                fields: &[("ts", "s:2024-02-30T12:00:01Z")],
            },
            // nothing parses as a time: everything stays; non-string message skipped
            Case {
                line: r#"{"time":"yesterday","t":42,"msg":{"x":1},"text":"fallback","level":"loud","pid":"abc"}"#,
                ts: None,
                ts_text: "",
                level: None,
                host: None,
                app: None,
                pid: None,
                message: "fallback",
                fields: &[
                    ("time", "s:yesterday"),
                    ("t", "n:42"),
                    ("msg.x", "n:1"),
                    ("level", "s:loud"),
                    ("pid", "s:abc"),
                ],
            },
            // a timestamp-key object that is not a timestamp is flattened like others
            Case {
                line: r#"{"time":{"start":"09:00","end":"17:00"},"timestamp":"2024-03-03T12:00:01Z","message":"shift"}"#,
                ts: Some("2024-03-03T12:00:01Z"),
                ts_text: "2024-03-03T12:00:01Z",
                level: None,
                host: None,
                app: None,
                pid: None,
                message: "shift",
                fields: &[("time.start", "s:09:00"), ("time.end", "s:17:00")],
            },
            // an escaped timestamp string: parsed, but its text cannot be borrowed;
            // a numeric message is taken as written; huge pid refused
            Case {
                line: r#"{"time":"03\/Mar\/2024:12:00:01 +0000","msg":404,"pid":99999999999}"#,
                ts: Some("2024-03-03T12:00:01Z"),
                ts_text: "",
                level: None,
                host: None,
                app: None,
                pid: None,
                message: "404",
                fields: &[("pid", "n:99999999999")],
            },
            // empty object
            Case {
                line: "{}",
                ts: None,
                ts_text: "",
                level: None,
                host: None,
                app: None,
                pid: None,
                message: "",
                fields: &[],
            },
        ]);
    }

    #[test]
    fn rejects_what_is_not_one_json_object() {
        for line in [
            "",
            "   ",
            "plain text line",
            "{",
            "}",
            "[1,2]",
            "\"just a string\"",
            "42",
            r#"{"a":1,}"#,
            r#"{,}"#,
            r#"{"a":"unterminated}"#,
            r#"{"a":}"#,
            r#"{"a" 1}"#,
            r#"{a:1}"#,
            r#"{'a':1}"#,
            r#"{"a":1}{"b":2}"#,
            r#"{"a":1} trailing"#,
            r#"{"a":1"#,
            r#"{"a":{"b":1}"#,
            r#"{"a":{"b":1}}}"#,
            r#"{"a":[1,2}"#,
            r#"{"a":[1,]}"#,
            r#"{"a":{"b":1,}}"#,
            r#"{"a":01}"#,
            r#"{"a":1.}"#,
            r#"{"a":.5}"#,
            r#"{"a":1e}"#,
            r#"{"a":-}"#,
            r#"{"a":+1}"#,
            r#"{"a":tru}"#,
            r#"{"a":nul}"#,
            r#"{"a":NaN}"#,
            r#"{"a":"\x"}"#,
            r#"{"a":"\u12"}"#,
            r#"{"a":"\u12G4"}"#,
            r#"{"a":["\q"]}"#,
            r#"{"a":[{"b" 1}]}"#,
            r#"{"a":1 "b":2}"#,
            "{\"msg\":\"x\"}\u{1}",
            // other formats
            "Mar  3 12:00:01 web-1 sshd[812]: Accepted publickey for alice",
            "<34>1 2024-03-03T12:00:01Z host app 1 ID47 - {\"a\":1}",
            "203.0.113.9 - - [03/Mar/2024:12:00:01 +0000] \"GET / HTTP/1.1\" 200 512",
            "ts=2024-03-03T12:00:01Z level=info msg=\"{not json}\"",
            "2024-03-03 12:00:01,123 ERROR [main] {\"a\":1}",
        ] {
            assert!(parse(line, &cx()).is_none(), "accepted: {line:?}");
        }
    }

    #[test]
    fn other_formats_examples_are_not_json() {
        for f in FormatId::ALL {
            if f != FormatId::Json {
                assert!(parse(f.example(), &cx()).is_none(), "{} example parsed as JSON", f.name());
            }
        }
    }

    /// Lines used as seeds for the robustness tests below.
    const SEEDS: [&str; 6] = [
        EXAMPLE,
        r#"{"level":30,"time":1709467201123,"pid":1,"hostname":"h","msg":"x"}"#,
        r#"{"log":"GET /a?b=\"c\" 200\n","stream":"stdout","time":"2024-03-03T12:00:01.123456789Z"}"#,
        r#"{"a":[1,-2.5e3,{"b":[true,false,null]},"s\\t"],"c":{"d":{"e":{}}},"f":[]}"#,
        r#" { "k" : "Grüße" , "n" : 0 , "x" : [ ] } "#,
        r#"{"timestamp":{"seconds":1709467201,"nanos":5},"severity":"INFO","message":"m"}"#,
    ];

    #[test]
    fn truncated_lines_are_rejected_without_panic() {
        for seed in SEEDS {
            let last_brace = seed.rfind('}').unwrap();
            for (cut, _) in seed.char_indices() {
                if cut <= last_brace {
                    assert!(parse(&seed[..cut], &cx()).is_none(), "accepted truncated {:?}", &seed[..cut]);
                }
            }
            assert!(parse(seed, &cx()).is_some(), "seed rejected: {seed}");
        }
    }

    /// Differential check of the structural validation against serde_json,
    /// on pseudo-random single-byte mutations of the seeds. (`u` is left out
    /// of the alphabet: lone surrogates are accepted here on purpose, while
    /// serde_json rejects them; so are numbers beyond f64, as text.)
    #[test]
    fn validity_agrees_with_serde_json() {
        const ALPHABET: &[u8] = b"{}[]\":,\\ 0123456789eE.-+tfnlsa";
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut checked = 0;
        for seed in SEEDS {
            for _ in 0..4000 {
                let mut bytes = seed.as_bytes().to_vec();
                for _ in 0..1 + next() % 3 {
                    let at = (next() % bytes.len() as u64) as usize;
                    let c = ALPHABET[(next() % ALPHABET.len() as u64) as usize];
                    match next() % 3 {
                        0 => bytes[at] = c,
                        1 => bytes.insert(at, c),
                        _ => {
                            bytes.remove(at);
                        }
                    }
                }
                let Ok(line) = String::from_utf8(bytes) else { continue };
                let ours = parse(&line, &cx()).is_some();
                let theirs = match serde_json::from_str::<serde_json::Value>(&line) {
                    Ok(v) => v.is_object(),
                    // Huge numbers are fine here (kept as text); serde_json gives up.
                    Err(e) if e.to_string().starts_with("number out of range") => continue,
                    Err(_) => false,
                };
                assert_eq!(ours, theirs, "disagreement on {line:?}");
                checked += 1;
            }
        }
        assert!(checked > 20_000, "{checked}");
    }

    #[test]
    fn the_word_scan_finds_the_first_quote_or_backslash_like_memchr2() {
        let naive = |b: &[u8], from: usize| {
            b.get(from..)
                .and_then(|rest| rest.iter().position(|&c| c == b'"' || c == b'\\'))
                .map(|i| from + i)
        };
        let alphabet = [b'a', b'"', b'\\', 0x00, 0x21, 0x23, 0x5b, 0x5d, 0x80, 0xa2, 0xdc, 0xff, 0x01];
        for len in 0..80usize {
            for at in 0..len {
                for &c in &alphabet {
                    for second in [None, Some(at + 1), Some(at + 9), Some(len.saturating_sub(1))] {
                        let mut b = vec![b'x'; len];
                        b[at] = c;
                        if let Some(j) = second.filter(|&j| j < len) {
                            b[j] = b'\\';
                        }
                        for from in [0, 1, at, at + 1, len, len + 1] {
                            assert_eq!(quote_or_backslash(&b, from), naive(&b, from), "{b:?} from {from}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn scalar_values_skip_like_the_general_walk() {
        for v in [
            r#""a\"b""#,
            "true",
            "false",
            "null",
            "-0.5e3",
            "12",
            r#"{"a":[1,{"b":2}]}"#,
            "[]",
            "tru",
            "-",
            r#""x"#,
        ] {
            for tail in ["", ",", " }", "]"] {
                let text = format!("{v}{tail}");
                assert_eq!(skip_value(text.as_bytes(), 0), skip_container(text.as_bytes(), 0), "{text:?}");
            }
        }
    }

    #[test]
    fn deep_nesting_returns_without_overflow() {
        for depth in [10_000usize, 100_000] {
            let objects = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
            assert!(parse(&objects, &cx()).is_none());
            let arrays = format!("{{\"a\":{}{}}}", "[".repeat(depth), "]".repeat(depth));
            assert!(parse(&arrays, &cx()).is_none());
            let unclosed = "{\"a\":".repeat(depth);
            assert!(parse(&unclosed, &cx()).is_none());
        }
        // Within the limits: flattened to FLATTEN_DEPTH segments, the rest raw.
        let depth = 500;
        let line = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
        let ev = parse(&line, &cx()).expect("500 levels are accepted");
        assert_eq!(ev.fields.len(), 1);
        let (key, value) = &ev.fields[0];
        assert_eq!(key.split('.').count(), FLATTEN_DEPTH);
        let Value::Json(raw) = value else { panic!("deep object not kept raw: {value:?}") };
        assert!(raw.starts_with("{\"a\":{") && raw.ends_with("}}"));
    }

    #[test]
    fn epoch_magnitudes_and_fractions() {
        let t = |s: &str| epoch_number(s).map(|t| t.to_rfc3339());
        assert_eq!(t("1709467201").as_deref(), Some("2024-03-03T12:00:01Z"));
        assert_eq!(t("1709467201.5").as_deref(), Some("2024-03-03T12:00:01.500Z"));
        assert_eq!(t("1709467201123").as_deref(), Some("2024-03-03T12:00:01.123Z"));
        assert_eq!(t("1709467201123.456").as_deref(), Some("2024-03-03T12:00:01.123456Z"));
        assert_eq!(t("1709467201123456").as_deref(), Some("2024-03-03T12:00:01.123456Z"));
        assert_eq!(t("1709467201123456789").as_deref(), Some("2024-03-03T12:00:01.123456789Z"));
        for bad in
            ["", "42", "-1709467201", "1.709467201e9", "1709467201.", "1709467201,5", "99999999999999999999"]
        {
            assert_eq!(t(bad), None, "{bad}");
        }
    }

    #[test]
    fn years_beyond_nanosecond_range_give_no_timestamp() {
        for time in [
            "2924-03-03T12:00:01Z",
            "9999-12-31T23:59:59Z",
            "1000-01-01T00:00:00Z",
            "03/Mar/9999:12:00:01 +0000",
        ] {
            let line = format!(r#"{{"time":"{time}","msg":"x"}}"#);
            let ev = parse(&line, &cx()).expect("still a JSON line");
            assert_eq!(ev.ts, None, "{time}");
            assert_eq!(ev.field("time"), Some(&Value::Str(Cow::Borrowed(time))));
        }
    }

    #[test]
    fn zone_less_times_use_the_source_zone() {
        let berlin = ParseCx::new(Zone::parse("Europe/Berlin").unwrap(), YearRef::forced(2024));
        let ev = parse(r#"{"time":"2024-07-01 12:00:00","msg":"x"}"#, &berlin).unwrap();
        assert_eq!(ev.ts.map(|t| t.to_rfc3339()).as_deref(), Some("2024-07-01T10:00:00Z"));
        // epochs are UTC whatever the zone
        let ev = parse(r#"{"time":1709467201,"msg":"x"}"#, &berlin).unwrap();
        assert_eq!(ev.ts.map(|t| t.to_rfc3339()).as_deref(), Some("2024-03-03T12:00:01Z"));
    }

    /// No line of the loghub sample corpus (none of it is JSON) may be taken
    /// for JSON lines. Skipped when the corpus is not present.
    #[test]
    fn loghub_corpus_is_not_json() {
        let root = std::path::Path::new("/work/shared/corpus/loghub");
        let Ok(dirs) = std::fs::read_dir(root) else { return };
        let mut lines = 0usize;
        for dir in dirs.flatten() {
            let name = dir.file_name().to_string_lossy().into_owned();
            let Ok(bytes) = std::fs::read(dir.path().join(format!("{name}_2k.log"))) else { continue };
            let text = String::from_utf8_lossy(&bytes);
            for line in text.lines() {
                let line = line.strip_suffix('\r').unwrap_or(line);
                assert!(parse(line, &cx()).is_none(), "{name}: accepted {line:?}");
                lines += 1;
            }
        }
        eprintln!("jsonl: 0 of {lines} loghub lines accepted as JSON");
    }
}
