//! Recognising request IDs in events: by field name (`request_id`,
//! `x-request-id`, `traceId`, `correlation_id`, span and parent ids...), and
//! by shape in raw text (UUIDs, OpenStack's `req-<uuid>`, W3C `traceparent`
//! headers `00-<trace-id>-<span-id>-<flags>`).
//!
//! Everything here works on bytes and allocates nothing: it runs on every
//! line of `trace --top` and on every candidate line of `trace ID`.

use crate::event::{Event, Value};

/// What an ID field names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    /// The request itself (request, trace or correlation id): what
    /// `--top` ranks and what a trace is about.
    Request,
    /// Something linked to a request (span, parent span, job, task,
    /// transaction): followed by `--related`, not ranked.
    Link,
}

/// Classifies a field name, ignoring case, `-`, `_` and `.` and any
/// namespace prefix (`http.x_request_id`, `X-Request-ID`, `traceId`,
/// `trace.id`). `None` for fields that do not hold request IDs.
pub fn id_key_kind(key: &str) -> Option<IdKind> {
    // This runs on every field of every line of --top. Only the end of the
    // normalised name decides, so it is read backwards, at most one byte
    // past the longest name compared (the longest suffix is 13 bytes, the
    // longest whole name 11): no copy of the whole name.
    let mut names = key.as_bytes().iter().rev().filter(|b| b.is_ascii_alphanumeric());
    // Fast rejection: every name below ends in d, q, n or t.
    let last = names.next()?.to_ascii_lowercase();
    if !matches!(last, b'd' | b'q' | b'n' | b't') {
        return None;
    }
    let mut rev = [0u8; 14];
    rev[0] = last;
    let mut n = 1;
    for &b in names {
        if n == rev.len() {
            n += 1; // longer than any name compared whole
            break;
        }
        rev[n] = b.to_ascii_lowercase();
        n += 1;
    }
    // The names ending in d end in `id`.
    if last == b'd' && (n < 3 || rev[1] != b'i') {
        return None;
    }
    let ends = |s: &[u8]| n >= s.len() && s.iter().rev().zip(&rev).all(|(a, b)| a == b);
    let is = |s: &[u8]| n == s.len() && ends(s);
    const REQUEST_EXACT: [&[u8]; 5] = [b"rid", b"req", b"reqid", b"correlation", b"traceparent"];
    const REQUEST_SUFFIX: [&[u8]; 4] = [b"requestid", b"traceid", b"correlationid", b"corrid"];
    const LINK_SUFFIX: [&[u8]; 6] =
        [b"spanid", b"parentid", b"jobid", b"taskid", b"transactionid", b"sessionid"];
    if REQUEST_EXACT.iter().any(|s| is(s)) || REQUEST_SUFFIX.iter().any(|s| ends(s)) {
        return Some(IdKind::Request);
    }
    if LINK_SUFFIX.iter().any(|s| ends(s)) {
        return Some(IdKind::Link);
    }
    None
}

/// Whether a field value can be an ID: 8 to 128 characters of letters,
/// digits and `-_.:`, not a plain small number or a placeholder.
pub fn is_id_value(v: &str) -> bool {
    let b = v.as_bytes();
    (8..=128).contains(&b.len())
        && b.iter().all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b':'))
        && b.iter().any(|c| c.is_ascii_alphanumeric())
}

/// Hex digit values (0-15), 0xFF for other bytes: one load per byte on
/// the `--top` hot path instead of three range compares.
pub static HEX: [u8; 256] = {
    let mut t = [0xFFu8; 256];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        t[b'a' as usize + i] = 10 + i as u8;
        t[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    t
};

/// A byte that continues an ID token (so an ID must not be followed or
/// preceded by one to match as a whole).
#[inline]
pub fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

#[inline]
fn all_hex(b: &[u8]) -> bool {
    b.iter().fold(0u8, |acc, &c| acc | HEX[c as usize]) != 0xFF
}

/// Whether a UUID (`8-4-4-4-12` hex digits, any case) starts at `at`.
#[inline]
pub fn uuid_at(b: &[u8], at: usize) -> bool {
    let Some(s) = b.get(at..at + 36) else { return false };
    s[8] == b'-'
        && s[13] == b'-'
        && s[18] == b'-'
        && s[23] == b'-'
        && all_hex(&s[..8])
        && all_hex(&s[9..13])
        && all_hex(&s[14..18])
        && all_hex(&s[19..23])
        && all_hex(&s[24..])
}

/// The value of 8 hex digits (any case), read all at once (SWAR): a
/// digit's value is its low nibble, plus 9 for the letters (bit 6 set).
/// Only meaningful when all 8 are hex digits, which the callers checked.
#[inline]
fn hex8(b: [u8; 8]) -> u64 {
    let x = u64::from_be_bytes(b);
    let v = (x & 0x0F0F_0F0F_0F0F_0F0F) + ((x >> 6) & 0x0101_0101_0101_0101) * 9;
    // Pack the eight nibbles, first digit highest.
    let v = (v | (v >> 4)) & 0x00FF_00FF_00FF_00FF;
    let v = (v | (v >> 8)) & 0x0000_FFFF_0000_FFFF;
    (v | (v >> 16)) & 0xFFFF_FFFF
}

/// Eight bytes of `s` from `at` (the caller knows they are there).
#[inline]
fn eight(s: &[u8], at: usize) -> [u8; 8] {
    let mut b = [0u8; 8];
    b.copy_from_slice(&s[at..at + 8]);
    b
}

/// The 128 bits of the UUID `s` (its 36 bytes, which [`uuid_at`]
/// accepted), case folded. Four 8-digit reads instead of 32 digit steps
/// on a `u128`: this runs on every UUID of `trace --top`.
#[inline]
pub fn uuid_bits(s: &[u8]) -> u128 {
    debug_assert!(uuid_at(s, 0));
    let join = |a: usize, b: usize| {
        let mut x = [0u8; 8];
        x[..4].copy_from_slice(&s[a..a + 4]);
        x[4..].copy_from_slice(&s[b..b + 4]);
        x
    };
    let hi = (hex8(eight(s, 0)) << 32) | hex8(join(9, 14));
    let lo = (hex8(join(19, 24)) << 32) | hex8(eight(s, 28));
    (u128::from(hi) << 64) | u128::from(lo)
}

/// The 128 bits of 32 hex digits (any case) that were checked to be hex
/// digits (a `traceparent` trace id).
#[inline]
pub fn hex32_bits(s: &[u8]) -> u128 {
    debug_assert!(s.len() == 32 && all_hex(s));
    let hi = (hex8(eight(s, 0)) << 32) | hex8(eight(s, 8));
    let lo = (hex8(eight(s, 16)) << 32) | hex8(eight(s, 24));
    (u128::from(hi) << 64) | u128::from(lo)
}

/// End of the whole ID token starting at `at`: a UUID, `req-<uuid>`, or
/// else a run of letters, digits and `_`. Used to tell a full ID from a
/// prefix of a longer one.
pub fn token_end(b: &[u8], at: usize) -> usize {
    if uuid_at(b, at) {
        return at + 36;
    }
    if b.len() >= at + 40 && b[at..at + 4].eq_ignore_ascii_case(b"req-") && uuid_at(b, at + 4) {
        return at + 40;
    }
    let mut e = at;
    while e < b.len() && is_word(b[e]) {
        e += 1;
    }
    e
}

/// An ID found in raw text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawId<'a> {
    /// A UUID (without any `req-` prefix).
    Uuid(&'a [u8]),
    /// The 32-hex trace id of a W3C `traceparent`.
    TraceParent(&'a [u8]),
    /// The 16-hex parent span id of a W3C `traceparent`.
    ParentSpan(&'a [u8]),
}

impl<'a> RawId<'a> {
    /// The ID's bytes.
    pub fn bytes(self) -> &'a [u8] {
        match self {
            RawId::Uuid(b) | RawId::TraceParent(b) | RawId::ParentSpan(b) => b,
        }
    }
}

/// Calls `f` with every UUID and `traceparent` id in `b`, in order. A
/// UUID must stand alone (no letter or digit glued to either end); the
/// `req-` of OpenStack's `req-<uuid>` is fine.
pub fn for_each_raw_id<'a>(b: &'a [u8], f: &mut dyn FnMut(RawId<'a>)) {
    let mut from = 0;
    while let Some(i) = memchr::memchr(b'-', &b[from..]) {
        let p = from + i;
        from = p + 1;
        // A UUID has its first dash 8 bytes in.
        if p >= 8 && uuid_at(b, p - 8) {
            let s = p - 8;
            let before_ok = s == 0 || !is_word(b[s - 1]);
            let after_ok = b.get(s + 36).is_none_or(|&c| !is_word(c));
            if before_ok && after_ok {
                f(RawId::Uuid(&b[s..s + 36]));
                from = s + 36;
                continue;
            }
        }
        // traceparent: 2 hex version, dash, 32 hex, dash, 16 hex, dash, 2 hex.
        if p >= 2 && b.len() >= p + 53 {
            let s = p - 2;
            let t = &b[s..s + 55];
            // The dashes first: most dashes in logs are in dates.
            if t[35] == b'-'
                && t[52] == b'-'
                && (s == 0 || !is_word(b[s - 1]))
                && all_hex(&t[..2])
                && all_hex(&t[3..35])
                && all_hex(&t[36..52])
                && all_hex(&t[53..55])
                && b.get(s + 55).is_none_or(|&c| !is_word(c))
            {
                f(RawId::TraceParent(&t[3..35]));
                f(RawId::ParentSpan(&t[36..52]));
                from = s + 55;
            }
        }
    }
}

/// An ID carried by an event, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundId<'e> {
    pub id: &'e str,
    pub kind: IdKind,
    /// The field name, or `"uuid"` / `"traceparent"` for raw-text finds.
    pub via: &'e str,
}

/// Calls `f` with every ID an event carries: ID-named fields (a
/// `traceparent` field gives its trace id), then UUIDs and `traceparent`s
/// in the raw record. The same ID may be reported more than once.
pub fn for_each_event_id<'e>(ev: &'e Event<'_>, f: &mut dyn FnMut(FoundId<'e>)) {
    for (k, v) in &ev.fields {
        let Some(kind) = id_key_kind(k) else { continue };
        let text: &str = match v {
            Value::Str(s) => s,
            Value::Num(s) => s,
            _ => continue,
        };
        if k.eq_ignore_ascii_case("traceparent") {
            continue; // its ids are found in the raw text below
        }
        if is_id_value(text) {
            f(FoundId { id: text, kind, via: k });
        }
    }
    for_each_raw_id(ev.raw, &mut |r| {
        // Raw ids are ASCII by construction.
        let id = std::str::from_utf8(r.bytes()).unwrap_or_default();
        match r {
            RawId::Uuid(_) => f(FoundId { id, kind: IdKind::Request, via: "uuid" }),
            RawId::TraceParent(_) => f(FoundId { id, kind: IdKind::Request, via: "traceparent" }),
            RawId::ParentSpan(_) => f(FoundId { id, kind: IdKind::Link, via: "traceparent span" }),
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_field_names_are_recognised_in_every_spelling() {
        for k in [
            "request_id",
            "req_id",
            "requestId",
            "request-id",
            "x-request-id",
            "X-Request-ID",
            "http.x_request_id",
            "trace_id",
            "traceId",
            "trace.id",
            "correlation_id",
            "CorrelationID",
            "rid",
            "req",
            "traceparent",
            "upstream_request_id",
        ] {
            assert_eq!(id_key_kind(k), Some(IdKind::Request), "{k}");
        }
        for k in ["span_id", "spanId", "parent_id", "parentSpanId", "job_id", "jobId", "task-id"] {
            assert_eq!(id_key_kind(k), Some(IdKind::Link), "{k}");
        }
        for k in ["order_id", "user_id", "id", "pid", "request", "duration_ms", "trace", "requests"] {
            assert_eq!(id_key_kind(k), None, "{k}");
        }
    }

    /// The classification as first written (the whole name normalised
    /// into a buffer, then compared), to prove the backward reading equal.
    fn id_key_kind_by_copy(key: &str) -> Option<IdKind> {
        let mut buf = [0u8; 48];
        let mut n = 0;
        for &b in key.as_bytes() {
            if b.is_ascii_alphanumeric() {
                if n == buf.len() {
                    buf.copy_within(1.., 0);
                    n -= 1;
                }
                buf[n] = b.to_ascii_lowercase();
                n += 1;
            }
        }
        let k = &buf[..n];
        const REQUEST_EXACT: [&[u8]; 5] = [b"rid", b"req", b"reqid", b"correlation", b"traceparent"];
        const REQUEST_SUFFIX: [&[u8]; 4] = [b"requestid", b"traceid", b"correlationid", b"corrid"];
        const LINK_SUFFIX: [&[u8]; 6] =
            [b"spanid", b"parentid", b"jobid", b"taskid", b"transactionid", b"sessionid"];
        if REQUEST_EXACT.contains(&k) || REQUEST_SUFFIX.iter().any(|s| k.ends_with(s)) {
            return Some(IdKind::Request);
        }
        if LINK_SUFFIX.iter().any(|s| k.ends_with(s)) {
            return Some(IdKind::Link);
        }
        None
    }

    #[test]
    fn reading_field_names_backwards_classifies_as_copying_them() {
        // Every name compared, with prefixes, separators, case, non-ASCII
        // bytes and lengths around the 14 bytes read; plus near misses.
        let names = [
            "rid",
            "req",
            "reqid",
            "correlation",
            "traceparent",
            "requestid",
            "traceid",
            "correlationid",
            "corrid",
            "spanid",
            "parentid",
            "jobid",
            "taskid",
            "transactionid",
            "sessionid",
            "id",
            "d",
            "",
            "iid",
            "xrid",
            "xreq",
            "xcorrelation",
            "xtraceparent",
            "userid",
            "orderid",
            "amount",
            "paid",
            "valid",
            "uuid",
            "eid",
            "sid",
            "ts",
            "level",
            "msg",
            "event",
            "count",
            "request",
            "trace",
        ];
        let decorations: [fn(&str) -> String; 10] = [
            |s| s.to_string(),
            |s| s.to_uppercase(),
            |s| format!("x_{s}"),
            |s| format!("http.x-{s}"),
            |s| s.chars().flat_map(|c| [c, '_']).collect(),
            |s| s.chars().flat_map(|c| ['-', c.to_ascii_uppercase()]).collect(),
            |s| format!("é{s}"),
            |s| format!("{s}é"),
            |s| format!("{}{s}", "a".repeat(50)),
            |s| format!("{}.{s}", "upstream_service_layer_"),
        ];
        for name in names {
            for d in decorations {
                let k = d(name);
                assert_eq!(id_key_kind(&k), id_key_kind_by_copy(&k), "{k:?}");
            }
            for cut in 0..name.len() {
                let k = format!("{}{}", &name[..cut], &name[cut..].to_uppercase());
                assert_eq!(id_key_kind(&k), id_key_kind_by_copy(&k), "{k:?}");
                let k = format!("{}_{}", &name[..cut], &name[cut..]);
                assert_eq!(id_key_kind(&k), id_key_kind_by_copy(&k), "{k:?}");
                let k = &name[cut..];
                assert_eq!(id_key_kind(k), id_key_kind_by_copy(k), "{k:?}");
            }
        }
    }

    #[test]
    fn id_values_exclude_short_and_spaced_text() {
        assert!(is_id_value("efe7ee86-b194-4616-9413-ecbc4261de46"));
        assert!(is_id_value("job-20240303-0001"));
        assert!(!is_id_value("1234"));
        assert!(!is_id_value("not an id at all"));
        assert!(!is_id_value("--------"));
    }

    fn raw_ids(s: &str) -> Vec<(char, String)> {
        let mut v = Vec::new();
        for_each_raw_id(s.as_bytes(), &mut |r| {
            let tag = match r {
                RawId::Uuid(_) => 'u',
                RawId::TraceParent(_) => 't',
                RawId::ParentSpan(_) => 's',
            };
            v.push((tag, String::from_utf8(r.bytes().to_vec()).unwrap()));
        });
        v
    }

    #[test]
    fn uuids_and_traceparents_are_found_in_raw_lines() {
        let openstack = "nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:00.008 25746 INFO \
            nova.osapi_compute.wsgi.server [req-38101a0b-2096-447d-96ea-a692162415ae \
            113d3a99c3da401fbd62cc2caa5b96d2 54fadb412c4e40cdbaed9335e4c35a9e - - -] 10.11.10.1 \
            \"GET /v2/54fadb412c4e40cdbaed9335e4c35a9e/servers/detail HTTP/1.1\" status: 200";
        assert_eq!(raw_ids(openstack), vec![('u', "38101a0b-2096-447d-96ea-a692162415ae".into())]);
        let tp = "GET /x traceparent=00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01 uid=1";
        assert_eq!(
            raw_ids(tp),
            vec![('t', "4BF92F3577B34DA6A3CE929D0E0E4736".into()), ('s', "00f067aa0ba902b7".into())]
        );
        let nginx = r#"1.2.3.4 - - [02/Mar/2024:08:38:37 +0000] "GET /api/orders/1 HTTP/1.1" 200 9 "-" "curl/8.5.0" 0.031 req=7e796112-f64c-4748-921a-401c28133228"#;
        assert_eq!(raw_ids(nginx), vec![('u', "7e796112-f64c-4748-921a-401c28133228".into())]);
        // Glued to other word characters: not a standalone UUID.
        assert!(raw_ids("x7e796112-f64c-4748-921a-401c28133228").is_empty());
        assert!(raw_ids("7e796112-f64c-4748-921a-401c28133228ab").is_empty());
        // Dates and truncated UUIDs are not ids.
        assert!(raw_ids("2024-03-02 08:38 7e796112-f64c-4748-921a-401c2813322").is_empty());
    }

    /// Digit by digit, as the keys were first computed.
    fn slow_bits(digits: &[u8]) -> u128 {
        crate::analysis::trace::top::hex_u128(digits.iter().copied().filter(|&c| c != b'-')).unwrap()
    }

    #[test]
    fn uuids_and_trace_ids_read_eight_digits_at_once_give_the_digit_by_digit_value() {
        let fixed = [
            "00000000-0000-0000-0000-000000000000",
            "ffffffff-ffff-ffff-ffff-ffffffffffff",
            "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
            "EFE7EE86-b194-4616-9413-ecbc4261DE46",
            "0123abcd-4567-89AB-cdef-0A1b2C3d4E5f",
            "7e796112-f64c-4748-921a-401c28133228",
        ];
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let digits = b"0123456789abcdefABCDEF";
        let mut random = Vec::new();
        for _ in 0..2000 {
            let mut u = String::new();
            for i in 0..36 {
                if [8, 13, 18, 23].contains(&i) {
                    u.push('-');
                } else {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    u.push(digits[(x % digits.len() as u64) as usize] as char);
                }
            }
            random.push(u);
        }
        for u in fixed.iter().map(|s| s.to_string()).chain(random) {
            let b = u.as_bytes();
            assert!(uuid_at(b, 0), "{u}");
            assert_eq!(uuid_bits(b), slow_bits(b), "{u}");
            let hex: Vec<u8> = b.iter().copied().filter(|&c| c != b'-').collect();
            assert_eq!(hex32_bits(&hex), slow_bits(&hex), "{u}");
        }
    }

    #[test]
    fn token_end_spans_whole_ids() {
        let b = b"x req-38101a0b-2096-447d-96ea-a692162415ae y";
        assert_eq!(token_end(b, 2), 42);
        assert_eq!(token_end(b, 6), 42);
        assert_eq!(token_end(b"00-4bf92f3577b34da6-01", 3), 19);
        assert_eq!(token_end(b"job_17 x", 0), 6);
    }
}
