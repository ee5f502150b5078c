//! The JSON event schema, written as one object per line.
//!
//! Every command's `--json` emits events in this shape:
//!
//! ```json
//! {"ts":"2024-03-03T12:00:01.123Z","source":"fixtures/incident/auth.log","line":123,
//!  "format":"syslog","level":"error","host":"web1","app":"sshd","pid":1234,
//!  "message":"...","fields":{"ip":"203.0.113.5"}}
//! ```
//!
//! `ts` is RFC 3339 in UTC with the input's precision, or null when the
//! record has no timestamp; absent values are null; `fields` holds every
//! parsed key-value pair (numbers as numbers, except those a JSON reader
//! would change, which are strings of their text: see
//! [`crate::output::number`]). When a year was inferred,
//! `fields.year_inferred` is `true`; a multi-line record has
//! `fields.lines`. Duplicate field names get a `#2`, `#3`... suffix so no
//! value is lost and the object stays unambiguous.

use std::io::Write;
use std::mem::MaybeUninit;

use crate::event::{Event, Level, Timestamp, Value};
use crate::format::{FieldSink, FormatId};
use crate::output::number::{write_number, write_raw_json};

/// Appends one event as a JSON line (with the trailing newline) to `out`.
/// `source` is the source's label.
pub fn write_event(out: &mut Vec<u8>, ev: &Event<'_>, source: &str) {
    let head = Head {
        ts: ev.ts,
        source,
        line: ev.line,
        format: ev.format,
        level: ev.level,
        host: ev.host.as_deref(),
        app: ev.app.as_deref(),
        pid: ev.pid,
        message: &ev.message,
    };
    write_head(out, &head);
    let mut first = true;
    // Bit `key_bit(k)` is set once a key with that bit was written: a key
    // whose bit is clear cannot be a duplicate, so the count of earlier
    // equal keys (quadratic) runs only on a collision.
    let mut seen = 0u64;
    for (i, (k, v)) in ev.fields.iter().enumerate() {
        if !first {
            out.push(b',');
        }
        first = false;
        let bit = key_bit(k);
        let dups = if seen & bit == 0 { 0 } else { ev.fields[..i].iter().filter(|(k2, _)| k2 == k).count() };
        seen |= bit;
        if dups == 0 {
            write_str(out, k);
        } else {
            write_str(out, &format!("{k}#{}", dups + 1));
        }
        out.push(b':');
        write_value(out, v);
    }
    if ev.year_inferred {
        if !first {
            out.push(b',');
        }
        first = false;
        out.extend_from_slice(b"\"year_inferred\":true");
    }
    if ev.lines > 1 {
        if !first {
            out.push(b',');
        }
        let _ = write!(out, "\"lines\":{}", ev.lines);
    }
    out.extend_from_slice(b"}}\n");
}

/// Everything of an event's JSON line before its fields: what a format's
/// direct renderer (which builds no [`Event`]) knows from the line's head.
pub struct Head<'s> {
    pub ts: Option<Timestamp>,
    pub source: &'s str,
    pub line: u64,
    pub format: FormatId,
    pub level: Option<Level>,
    pub host: Option<&'s str>,
    pub app: Option<&'s str>,
    pub pid: Option<u32>,
    pub message: &'s str,
}

/// Appends an event line up to and including `"fields":{` (shared by
/// [`write_event`] and the direct renderers, so both write the same bytes).
#[inline]
pub fn write_head(out: &mut Vec<u8>, h: &Head<'_>) {
    out.extend_from_slice(b"{\"ts\":");
    match h.ts {
        Some(t) => {
            out.push(b'"');
            t.write_rfc3339_bytes(out, 0);
            out.push(b'"');
        }
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"source\":");
    write_str(out, h.source);
    out.extend_from_slice(b",\"line\":");
    write_u64(out, h.line);
    out.extend_from_slice(b",\"format\":");
    write_name(out, h.format.name());
    out.extend_from_slice(b",\"level\":");
    match h.level {
        Some(l) => write_name(out, l.as_str()),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"host\":");
    opt_str(out, h.host);
    out.extend_from_slice(b",\"app\":");
    opt_str(out, h.app);
    out.extend_from_slice(b",\"pid\":");
    match h.pid {
        Some(p) => write_u64(out, p.into()),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"message\":");
    write_str(out, h.message);
    out.extend_from_slice(b",\"fields\":{");
}

/// Names a [`FieldWriter`] remembers for the duplicate count; a record
/// with more fields is left to the general path.
const FIELD_SLOTS: usize = 32;

/// A [`FieldSink`] that writes the fields straight into a JSON line after
/// [`write_head`], as [`write_event`] writes an event's fields (same
/// separators, values and `#n` suffixes for repeated names), so a format
/// can render a record without building an [`Event`].
pub struct FieldWriter<'o, 'a> {
    out: &'o mut Vec<u8>,
    /// The names written so far (the first `count`, up to [`FIELD_SLOTS`]):
    /// left uninitialised past them, as clearing 32 slots per line was a
    /// measurable share of `timeline --json`.
    keys: [MaybeUninit<&'a str>; FIELD_SLOTS],
    count: usize,
    seen: u64,
    request_id: bool,
}

impl<'o, 'a> FieldWriter<'o, 'a> {
    /// Starts the fields of a line whose head is already in `out`.
    #[inline]
    pub fn new(out: &'o mut Vec<u8>) -> Self {
        FieldWriter { out, keys: [MaybeUninit::uninit(); FIELD_SLOTS], count: 0, seen: 0, request_id: false }
    }

    /// Closes the line (`year_inferred` and `lines` as [`write_event`]
    /// adds them); false when there were too many fields to count
    /// duplicates (the caller then renders the record the general way).
    #[inline]
    pub fn finish(self, year_inferred: bool, lines: u32) -> bool {
        if self.count > FIELD_SLOTS {
            return false;
        }
        let mut first = self.count == 0;
        if year_inferred {
            if !first {
                self.out.push(b',');
            }
            first = false;
            self.out.extend_from_slice(b"\"year_inferred\":true");
        }
        if lines > 1 {
            if !first {
                self.out.push(b',');
            }
            let _ = write!(self.out, "\"lines\":{lines}");
        }
        self.out.extend_from_slice(b"}}\n");
        true
    }

    /// A field whose value is at hand ([`FieldSink::push_field`] builds it
    /// first): what a parsed record's fields give, written without a copy.
    #[inline(always)]
    pub fn push_value(&mut self, key: &'a str, value: &Value<'_>) {
        if key == "request_id" {
            self.request_id = true;
        }
        let n = self.count;
        self.count += 1;
        if n >= FIELD_SLOTS {
            return; // finish says no: the line is rendered again
        }
        if n > 0 {
            self.out.push(b',');
        }
        self.keys[n].write(key);
        let bit = key_bit(key);
        let dups = if self.seen & bit == 0 { 0 } else { self.count_earlier(n, key) };
        self.seen |= bit;
        if dups == 0 {
            write_str(self.out, key);
        } else {
            write_str(self.out, &format!("{key}#{}", dups + 1));
        }
        self.out.push(b':');
        write_value(self.out, value);
    }

    /// How many of the first `n` names are `key`.
    #[cold]
    fn count_earlier(&self, n: usize, key: &str) -> usize {
        // SAFETY: `push_value` writes slot `i` before `count` passes `i`,
        // and `n` < `count` here, so the first `n` slots are initialised.
        self.keys[..n].iter().filter(|k| unsafe { k.assume_init() } == key).count()
    }
}

impl<'a> FieldSink<'a> for FieldWriter<'_, 'a> {
    #[inline]
    fn push_field(&mut self, key: &'a str, value: impl FnOnce() -> Value<'a>) {
        if self.count >= FIELD_SLOTS {
            // Counted only: finish says no, the value need not be built.
            self.request_id |= key == "request_id";
            self.count += 1;
            return;
        }
        self.push_value(key, &value());
    }

    #[inline]
    fn has_request_id(&self) -> bool {
        self.request_id
    }
}

/// One of 64 bits for a field name, from its length and its first and
/// last bytes (equal names give equal bits).
#[inline]
fn key_bit(k: &str) -> u64 {
    let b = k.as_bytes();
    let h = b.len() as u32
        ^ u32::from(b.first().copied().unwrap_or(0)).wrapping_mul(7)
        ^ u32::from(b.last().copied().unwrap_or(0)).wrapping_mul(31);
    1 << (h % 64)
}

/// Appends one of logsift's own names (a format, a level: plain ASCII
/// words) as a JSON string, with no escape test.
fn write_name(out: &mut Vec<u8>, name: &'static str) {
    debug_assert!(!needs_escape(name.as_bytes()));
    out.push(b'"');
    out.extend_from_slice(name.as_bytes());
    out.push(b'"');
}

/// Appends a field value.
#[inline]
pub fn write_value(out: &mut Vec<u8>, v: &Value<'_>) {
    match v {
        Value::Str(s) => write_str(out, s),
        // The common number: a plain integer or decimal that is valid JSON
        // and that every reader keeps (what `is_json_number` and
        // `write_number` would find, without their general walks).
        Value::Num(n) if is_plain_number(n) => out.extend_from_slice(n.as_bytes()),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Null => out.extend_from_slice(b"null"),
        _ => write_other_value(out, v),
    }
}

/// The rarer values of [`write_value`] (other numbers, raw JSON), out of
/// line so the common path stays small.
#[inline(never)]
fn write_other_value(out: &mut Vec<u8>, v: &Value<'_>) {
    match v {
        Value::Num(n) if is_json_number(n) => write_number(out, n),
        Value::Json(raw) if serde_json::from_str::<serde::de::IgnoredAny>(raw).is_ok() => {
            write_raw_json(out, raw)
        }
        Value::Num(s) | Value::Json(s) => write_str(out, s),
        Value::Str(s) => write_str(out, s),
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Value::Null => out.extend_from_slice(b"null"),
    }
}

fn opt_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => write_str(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// Appends a JSON string literal (escaped by serde_json). Most log text
/// needs no escaping at all; that case is one copy (`timeline --json`
/// writes a few strings per event for millions of events). Always inlined:
/// as a call, its entry and exit were a fifth of its cost.
#[inline(always)]
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    if !needs_escape(s.as_bytes()) {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
        return;
    }
    write_escaped(out, s);
}

/// [`write_str`] for text that needs escapes, out of line: the common
/// path then saves no registers for serde_json's escaper.
#[cold]
#[inline(never)]
fn write_escaped(out: &mut Vec<u8>, s: &str) {
    let _ = serde_json::to_writer(&mut *out, s);
}

/// Whether `b` holds a byte JSON must escape (a control character, `"`
/// or `\\`). This test runs over every byte `--json` writes. Strings of
/// 16 bytes and more go 16 bytes at a time with no early exit (a shape the
/// compiler turns into vector compares), the tail being the last 16 bytes
/// again (overlapping); shorter ones (most keys and values) are two
/// overlapping 8- or 4-byte words: no byte loop, and no word assembled in
/// a stack buffer (a store-forwarding stall).
#[inline]
fn needs_escape(b: &[u8]) -> bool {
    let n = b.len();
    let word = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"));
    let half = |at: usize| u64::from(u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes")));
    if n >= 16 {
        let mut bad = false;
        let mut i = 0;
        while i + 16 <= n {
            bad |= block_needs_escape(b[i..i + 16].try_into().expect("16 bytes"));
            i += 16;
        }
        bad | (i < n && block_needs_escape(b[n - 16..].try_into().expect("16 bytes")))
    } else if n >= 8 {
        word_needs_escape(word(0)) | word_needs_escape(word(n - 8))
    } else if n >= 4 {
        word_needs_escape(half(0) | half(n - 4) << 32)
    } else {
        b.iter().any(|&c| c < 0x20 || c == b'"' || c == b'\\')
    }
}

/// Whether one of 16 bytes needs escaping: no early exit, so the compiler
/// makes it a few vector compares (inlined: a call per block costs more).
#[inline(always)]
fn block_needs_escape(c: &[u8; 16]) -> bool {
    c.iter().fold(false, |bad, &c| bad | (c < 0x20) | (c == b'"') | (c == b'\\'))
}

/// Whether one of the eight bytes of `w` is below 0x20, `"` or `\\`. The
/// classic exact tests: `(x - 0x01..) & !x & 0x80..` is non-zero iff a
/// byte of `x` is zero, `(w - 0x20..) & !w & 0x80..` iff a byte is below
/// 0x20 (bytes of 0x80 and up never raise it by themselves).
#[inline]
fn word_needs_escape(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let control = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
    (control | zero(w ^ (ONES * u64::from(b'"'))) | zero(w ^ (ONES * u64::from(b'\\')))) != 0
}

/// Appends an unsigned integer in decimal, two digits per division (every
/// `--json` line carries its line number).
pub fn write_u64(out: &mut Vec<u8>, mut n: u64) {
    let mut b = [0u8; 20];
    let mut i = b.len();
    while n >= 100 {
        let k = (n % 100) as usize * 2;
        n /= 100;
        i -= 2;
        b[i..i + 2].copy_from_slice(&DIGIT_PAIRS[k..k + 2]);
    }
    if n >= 10 {
        let k = n as usize * 2;
        i -= 2;
        b[i..i + 2].copy_from_slice(&DIGIT_PAIRS[k..k + 2]);
    } else {
        i -= 1;
        b[i] = b'0' + n as u8;
    }
    out.extend_from_slice(&b[i..]);
}

/// `00` to `99`, for [`write_u64`].
const DIGIT_PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// Whether `s` is a JSON number that every reader keeps exactly, of the
/// two shapes logs are full of: an integer of 1 to 18 digits, or a
/// decimal `int.frac` of at most 15 digits in all (no sign, no exponent,
/// no leading zero but a lone one). [`crate::output::number::round_trips`]
/// says yes to both.
#[inline]
fn is_plain_number(s: &str) -> bool {
    let b = s.as_bytes();
    let n = b.len();
    if n == 0 || n > 18 {
        return false;
    }
    let int_len = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if int_len == 0 || (b[0] == b'0' && int_len > 1) {
        return false;
    }
    if int_len == n {
        return true;
    }
    b[int_len] == b'.' && n - int_len >= 2 && n <= 16 && b[int_len + 1..].iter().all(u8::is_ascii_digit)
}

/// Whether `s` is a number exactly as JSON allows it (so it can be written
/// unquoted): `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
pub fn is_json_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_written_as_display_writes_them() {
        let mut cases = vec![0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, 12_345, u64::MAX, u64::MAX - 1];
        cases.extend((0..64).map(|p| 1u64 << p));
        cases.extend((1..20).map(|p| 10u64.pow(p) - 1));
        cases.extend((1..20).map(|p| 10u64.pow(p)));
        for n in cases {
            let mut out = b"x".to_vec();
            write_u64(&mut out, n);
            assert_eq!(out, format!("x{n}").into_bytes());
        }
    }
    use crate::format::FormatId;
    use std::borrow::Cow;

    #[test]
    fn numbers_are_checked_before_being_written_bare() {
        for ok in ["0", "-1", "12.50", "1e400", "-0", "3E+2"] {
            assert!(is_json_number(ok), "{ok}");
        }
        for bad in ["", "01", "1.", ".5", "+1", "1e", "0x10", "NaN", "12a"] {
            assert!(!is_json_number(bad), "{bad}");
        }
    }

    #[test]
    fn event_line_is_valid_json_with_the_schema_keys() {
        let mut ev = Event::new(FormatId::Logfmt, "quote \" and \u{1b}[2J");
        ev.line = 7;
        ev.fields.push((Cow::Borrowed("status"), Value::Num("500")));
        ev.fields.push((Cow::Borrowed("status"), Value::Num("12a")));
        ev.fields.push((Cow::Borrowed("tags"), Value::Json("[1,2")));
        let mut out = Vec::new();
        write_event(&mut out, &ev, "a.log");
        assert_eq!(out.last(), Some(&b'\n'));
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["ts"], serde_json::Value::Null);
        assert_eq!(v["line"], 7);
        assert_eq!(v["source"], "a.log");
        assert_eq!(v["format"], "logfmt");
        assert_eq!(v["message"], "quote \" and \u{1b}[2J");
        assert_eq!(v["fields"]["status"], 500);
        assert_eq!(v["fields"]["status#2"], "12a");
        assert_eq!(v["fields"]["tags"], "[1,2");
    }

    #[test]
    fn small_integers_are_written_as_the_general_number_path_writes_them() {
        for n in [
            "0",
            "7",
            "00",
            "01",
            "-1",
            "-0",
            "10",
            "200",
            "123456789012345678",
            "1234567890123456789",
            "99999999999999999999",
            "0.025",
            "00.5",
            "0.",
            ".5",
            "1.2.3",
            "12345678901234.5",
            "123456789012345.5",
            "1234567890123456.5",
            "1.50",
            "0.0",
            "-0.5",
            "7.",
            "7.e1",
            "1.5e3",
            "10.000000000000001",
            "1.5",
            "1e3",
            "12a",
            "",
            "+1",
            "٣",
        ] {
            let mut fast = Vec::new();
            write_value(&mut fast, &Value::Num(n));
            let mut general = Vec::new();
            if is_json_number(n) {
                write_number(&mut general, n);
            } else {
                write_str(&mut general, n);
            }
            assert_eq!(fast, general, "{n:?}");
        }
    }

    #[test]
    fn duplicate_names_get_suffixes_whatever_their_bits() {
        // Many names, colliding in `key_bit` and repeated: the suffixes are
        // the count of earlier equal names, as a plain count gives.
        let names: Vec<String> = (0..150).map(|i| format!("k{}", i % 37)).collect();
        let mut ev = Event::new(FormatId::Logfmt, "m");
        for n in &names {
            ev.fields.push((Cow::Borrowed(n.as_str()), Value::Null));
        }
        ev.fields.push((Cow::Borrowed(""), Value::Null));
        ev.fields.push((Cow::Borrowed(""), Value::Null));
        let mut out = Vec::new();
        write_event(&mut out, &ev, "s");
        let mut expected = String::new();
        for (i, (k, _)) in ev.fields.iter().enumerate() {
            let dups = ev.fields[..i].iter().filter(|(k2, _)| k2 == k).count();
            let name = if dups == 0 { k.to_string() } else { format!("{k}#{}", dups + 1) };
            expected.push_str(&format!("{}\"{name}\":null", if i == 0 { "" } else { "," }));
        }
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains(&format!("\"fields\":{{{expected}}}")), "{text}");
    }

    #[test]
    fn the_block_escape_test_finds_every_byte_at_every_position() {
        let naive = |b: &[u8]| b.iter().any(|&c| c < 0x20 || c == b'"' || c == b'\\');
        for len in 0..40 {
            for at in 0..len {
                for c in 0..=0xffu8 {
                    let mut b = vec![b'a'; len];
                    b[at] = c;
                    assert_eq!(needs_escape(&b), naive(&b), "{len} {at} {c}");
                }
            }
        }
        let alphabet = [0u8, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x5b, 0x5c, 0x5d, 0x7f, 0x80, 0xa2, 0xdc, 0xff];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..50_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 24) as usize;
            let b: Vec<u8> =
                (0..len).map(|i| alphabet[(seed >> (i * 2 % 60)) as usize % alphabet.len()]).collect();
            let clean: Vec<u8> = b.iter().map(|&c| if naive(&[c]) { b'x' } else { c }).collect();
            assert_eq!(needs_escape(&b), naive(&b), "{b:?}");
            assert!(!needs_escape(&clean), "{clean:?}");
        }
        let text = "tab\there \u{7f} é \"q\" \\";
        let mut out = Vec::new();
        write_str(&mut out, text);
        assert_eq!(serde_json::from_slice::<String>(&out).unwrap(), text);
        assert!(out.starts_with(br#""tab\there"#));
        let mut plain = Vec::new();
        write_str(&mut plain, "no escapes here, but more than sixteen bytes");
        assert_eq!(plain, b"\"no escapes here, but more than sixteen bytes\"".as_slice());
    }
}
