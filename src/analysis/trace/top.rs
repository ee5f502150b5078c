//! `trace --top N`: every request ID in the data, aggregated in one pass
//! with bounded memory, ranked three ways (slowest, with errors, most
//! events).
//!
//! The structure is a **capped map** (ID -> aggregate), not a sketch.
//! A Count-Min sketch or HyperLogLog would bound memory more tightly but
//! only answers "how many" for an ID you already hold; the rows printed
//! here need the ID itself, its span (first and last time), its recorded
//! duration and its error count, and those need a per-ID entry. So: each
//! chunk aggregates into a local map, the in-order sink merges it into a
//! global map, and when the global map passes twice its cap it is pruned
//! back to the cap, keeping the leaders of each of the three rankings
//! (the Space-Saving idea of keeping the heavy entries). An ID pruned and
//! seen again starts over, so figures of IDs that are not leaders can be
//! low; [`TopMap::pruned`] says whether that happened. Requests are short
//! (their lines lie close together in every file), so in practice the
//! leaders are complete.
//!
//! Keys are compact: UUIDs and 32-hex trace ids are stored as a `u128`
//! (case folded), anything else as its text.

use std::fmt;

use crate::analysis::trace::fields::FieldScan;
use crate::analysis::trace::ids::{for_each_raw_id, uuid_at, uuid_bits, RawId};
use crate::event::{Event, Level};

pub use crate::analysis::trace::topmap::{ChunkIds, TopMap};

/// Whether a UUID stands anywhere in `b`.
pub(crate) fn contains_uuid(b: &[u8]) -> bool {
    let mut found = false;
    for_each_raw_id(b, &mut |r| found |= matches!(r, RawId::Uuid(_)));
    found
}

/// Default number of IDs held at once after a prune.
pub const DEFAULT_CAP: usize = 1 << 18;

/// A request ID, compactly.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IdKey {
    /// A UUID's 128 bits.
    Uuid(u128),
    /// 32 hex digits (W3C trace id, nginx `$request_id`).
    Hex32(u128),
    Text(Box<str>),
}

impl IdKey {
    /// The key of an ID's text.
    pub fn new(id: &str) -> IdKey {
        let b = id.as_bytes();
        if b.len() == 36 && uuid_at(b, 0) {
            return IdKey::Uuid(uuid_bits(b));
        }
        if b.len() == 32 {
            if let Some(v) = hex_u128(b.iter().copied()) {
                return IdKey::Hex32(v);
            }
        }
        // Other hex IDs (16-hex span ids, 24-hex object ids) fold case too.
        if b.iter().all(|&c| c == b'-' || c.is_ascii_hexdigit()) && b.iter().any(u8::is_ascii_uppercase) {
            return IdKey::Text(id.to_ascii_lowercase().into());
        }
        IdKey::Text(id.into())
    }
}

/// The value of up to 32 hex digits (any case), without allocating.
#[inline]
pub(crate) fn hex_u128(digits: impl Iterator<Item = u8>) -> Option<u128> {
    let mut v: u128 = 0;
    for c in digits {
        let d = crate::analysis::trace::ids::HEX[c as usize];
        if d == 0xFF {
            return None;
        }
        v = (v << 4) | d as u128;
    }
    Some(v)
}

/// A fast hasher for [`IdKey`] (FxHash's multiply-rotate): the keys are
/// mostly random UUID bits, so SipHash's protection buys nothing here and
/// cost a tenth of `--top`'s time.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl IdHasher {
    #[inline]
    fn add(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for IdHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut it = bytes.chunks_exact(8);
        for c in &mut it {
            self.add(u64::from_le_bytes(c.try_into().unwrap_or_default()));
        }
        let mut last = [0u8; 8];
        last[..it.remainder().len()].copy_from_slice(it.remainder());
        self.add(u64::from_le_bytes(last));
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn write_u128(&mut self, i: u128) {
        self.add(i as u64);
        self.add((i >> 64) as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

impl fmt::Display for IdKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdKey::Uuid(v) => {
                let h = format!("{v:032x}");
                write!(f, "{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
            }
            IdKey::Hex32(v) => write!(f, "{v:032x}"),
            IdKey::Text(s) => f.write_str(s),
        }
    }
}

/// What is known about one ID, in 32 bytes (a million of them fit in
/// 64 MiB with their keys): sentinels instead of `Option`s.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Agg {
    pub events: u32,
    pub errors: u32,
    /// First and last time seen (UTC nanoseconds); `i64::MAX`/`MIN` when none.
    first: i64,
    last: i64,
    /// The longest duration a record states, in ms; negative when none.
    recorded: f32,
    /// Highest HTTP status; 0 when none.
    status: u16,
    /// Highest level as 1 + its index in [`Level::ALL`]; 0 when none.
    level: u8,
    /// Whether `first`/`last` come from sub-second timestamps. Whole-second
    /// stamps (nginx, classic syslog) are only used while no finer one is
    /// known: a request logged at 12:00:01.998 by the app and at 12:00:01
    /// by nginx did not last 998 ms.
    fine: bool,
}

impl Agg {
    /// No event at all (the empty slot of a table).
    pub(crate) const EMPTY: Agg = Agg {
        events: 0,
        errors: 0,
        first: i64::MAX,
        last: i64::MIN,
        recorded: -1.0,
        status: 0,
        level: 0,
        fine: false,
    };

    /// One event's contribution.
    pub fn one(
        ts: Option<crate::event::Timestamp>,
        error: bool,
        recorded_ms: Option<f64>,
        status: Option<u16>,
        level: Option<Level>,
    ) -> Agg {
        let fine = ts.is_some_and(|t| t.precision > 0);
        let ts = ts.map(|t| t.nanos);
        Agg {
            fine,
            events: 1,
            errors: error as u32,
            first: ts.unwrap_or(i64::MAX),
            last: ts.unwrap_or(i64::MIN),
            recorded: recorded_ms.map_or(-1.0, |v| v as f32),
            status: status.unwrap_or(0),
            level: level.map_or(0, |l| l as u8 + 1),
        }
    }

    /// First time seen (UTC nanoseconds).
    pub fn first(&self) -> Option<i64> {
        (self.first != i64::MAX).then_some(self.first)
    }

    /// Last time seen (UTC nanoseconds).
    pub fn last(&self) -> Option<i64> {
        (self.last != i64::MIN).then_some(self.last)
    }

    /// The longest duration a record states (`duration_ms`, access-log
    /// `request_time`...), in milliseconds.
    pub fn recorded_ms(&self) -> Option<f64> {
        (self.recorded >= 0.0).then_some(self.recorded as f64)
    }

    /// The highest HTTP status seen.
    pub fn max_status(&self) -> Option<u16> {
        (self.status != 0).then_some(self.status)
    }

    /// The highest level seen.
    pub fn max_level(&self) -> Option<Level> {
        (self.level != 0).then(|| Level::ALL[self.level as usize - 1])
    }

    /// Span between first and last time seen, in milliseconds.
    pub fn span_ms(&self) -> Option<f64> {
        Some((self.last()? - self.first()?) as f64 / 1e6)
    }

    /// How slow the request was: the longer of its span and its recorded duration.
    pub fn slowness_ms(&self) -> f64 {
        self.span_ms().unwrap_or(0.0).max(self.recorded_ms().unwrap_or(0.0))
    }

    /// Adds another aggregate of the same ID (associative, commutative).
    #[inline]
    pub(crate) fn merge(&mut self, o: &Agg) {
        self.events += o.events;
        self.errors += o.errors;
        if o.fine && !self.fine {
            (self.first, self.last, self.fine) = (o.first, o.last, true);
        } else if o.fine == self.fine {
            self.first = self.first.min(o.first);
            self.last = self.last.max(o.last);
        }
        self.recorded = self.recorded.max(o.recorded);
        self.status = self.status.max(o.status);
        self.level = self.level.max(o.level);
    }
}

/// The fields naming an HTTP status, by priority (as `summary::http_status`).
pub(crate) const STATUS: [&str; 3] = ["status", "status_code", "http.status_code"];

/// Milliseconds per unit of a field that states a duration, if `key` is one.
#[inline]
pub(crate) fn duration_scale(key: &str) -> Option<f64> {
    const MS: [&str; 5] = ["duration_ms", "elapsed_ms", "latency_ms", "took_ms", "response_time_ms"];
    const SECS: [&str; 4] = ["request_time", "upstream_response_time", "duration_s", "elapsed_s"];
    if MS.contains(&key) {
        Some(1.0)
    } else if SECS.contains(&key) {
        Some(1000.0)
    } else {
        None
    }
}

/// A recorded duration in milliseconds from the fields that state one.
pub fn recorded_ms(ev: &Event<'_>) -> Option<f64> {
    let mut best: Option<f64> = None;
    for (k, v) in &ev.fields {
        let Some(scale) = duration_scale(k) else { continue };
        if let Some(x) = v.as_f64().filter(|x| x.is_finite() && *x >= 0.0) {
            best = Some(best.map_or(x * scale, |b: f64| b.max(x * scale)));
        }
    }
    best
}

/// The request IDs an event carries (once each, at most four): UUIDs and
/// `traceparent` trace ids in the raw record, and the values of
/// request-ID fields that are not UUIDs (those the raw scan found).
/// Calls `f` with each of them and the event's contribution.
pub fn for_each_request_id(ev: &Event<'_>, f: &mut dyn FnMut(IdKey, &Agg)) {
    let mut scan = FieldScan::new(ev.raw);
    for (k, v) in &ev.fields {
        scan.field(k, v);
    }
    scan.finish(ev.ts, ev.level, f);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::ParseCx;

    fn add(m: &mut TopMap, line: &str) {
        let cx = ParseCx::utc_now();
        let d = crate::format::detect::detect([line], &cx);
        let mut ev = d.parse(line, &cx);
        ev.raw = line.as_bytes();
        m.add_event(&ev);
    }

    #[test]
    fn keys_fold_case_and_print_back() {
        let u = "EFE7EE86-B194-4616-9413-ECBC4261DE46";
        assert_eq!(IdKey::new(u), IdKey::new(&u.to_lowercase()));
        assert_eq!(IdKey::new(u).to_string(), u.to_lowercase());
        let t = "4bf92f3577b34da6a3ce929d0e0e4736";
        assert_eq!(IdKey::new(t).to_string(), t);
        assert_eq!(IdKey::new("job-17").to_string(), "job-17");
        assert_eq!(IdKey::new("Job-17").to_string(), "Job-17", "not hex: case kept");
        assert_eq!(IdKey::new("00F067aa0BA902b7"), IdKey::new("00f067aa0ba902b7"));
    }

    #[test]
    fn aggregates_and_ranks_requests() {
        let a = "11111111-1111-4111-8111-111111111111";
        let b = "22222222-2222-4222-8222-222222222222";
        let mut m = TopMap::new(1000);
        add(
            &mut m,
            &format!(
                r#"{{"ts":"2024-03-01T10:00:00.000Z","level":"info","request_id":"{a}","msg":"x","duration_ms":5}}"#
            ),
        );
        add(
            &mut m,
            &format!(r#"{{"ts":"2024-03-01T10:00:00.900Z","level":"error","request_id":"{a}","msg":"y"}}"#),
        );
        add(&mut m, &format!("ts=2024-03-01T10:00:01Z level=info request_id={b} duration_ms=2500 msg=slow"));
        add(&mut m, "ts=2024-03-01T10:00:01Z level=info msg=\"no id here\" order_id=12345678");
        assert_eq!(m.len(), 2);
        let slow = m.top_by(5, |_| true, Agg::slowness_ms);
        assert_eq!(slow[0].0.to_string(), b);
        assert_eq!(slow[0].1.slowness_ms(), 2500.0);
        assert_eq!(slow[1].1.span_ms(), Some(900.0));
        assert_eq!(slow[1].1.max_level(), Some(Level::Error));
        assert_eq!(slow[0].1.recorded_ms(), Some(2500.0));
        assert_eq!(slow[0].1.max_status(), None);
        let errs = m.top_by(5, |a| a.errors > 0, |a| a.errors);
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].0.to_string(), a);
        let most = m.top_by(1, |_| true, |a| a.events);
        assert_eq!((most[0].0.to_string(), most[0].1.events), (a.to_string(), 2));
    }

    #[test]
    fn whole_second_stamps_do_not_stretch_the_span() {
        let a = "11111111-1111-4111-8111-111111111111";
        let mut m = TopMap::new(100);
        add(
            &mut m,
            &format!(
                r#"1.2.3.4 - - [01/Mar/2024:10:00:00 +0000] "GET / HTTP/1.1" 200 9 "-" "c" 0.300 req={a}"#
            ),
        );
        add(&mut m, &format!("ts=2024-03-01T10:00:00.700Z level=info request_id={a} msg=x"));
        add(&mut m, &format!("ts=2024-03-01T10:00:00.990Z level=info request_id={a} msg=y"));
        let top = m.top_by(1, |_| true, Agg::slowness_ms);
        assert_eq!(top[0].1.span_ms(), Some(290.0));
        assert_eq!(top[0].1.slowness_ms(), 300.0, "the recorded request_time");
        assert_eq!(top[0].1.events, 3);
    }

    #[test]
    fn pruning_keeps_the_leaders_and_bounds_the_size() {
        let mut m = TopMap::new(30);
        for i in 0..200u32 {
            let mut chunk = TopMap::new(30);
            let id = format!("{i:08x}-0000-4000-8000-000000000000");
            let n = if i % 50 == 7 { 9 } else { 1 };
            for _ in 0..n {
                add(&mut chunk, &format!("ts=2024-03-01T10:00:01Z level=info request_id={id} msg=x"));
            }
            m.merge(chunk);
            assert!(m.len() <= 60);
        }
        assert!(m.pruned() > 0);
        let most = m.top_by(4, |_| true, |a| a.events);
        assert!(most.iter().all(|(_, a)| a.events == 9), "{most:?}");
    }

    #[test]
    fn reused_chunk_maps_and_pruning_give_the_same_figures() {
        // Fresh chunk maps with `merge` (the old path) and one reused map
        // with `merge_drain` (the fast path) hold the same IDs and figures,
        // pruning included; prunes pick ties by ID, not by table layout.
        let line = |i: u32| {
            let id = format!("{:08x}-0000-4000-8000-000000000000", i % 97);
            let level = if i % 13 == 0 { "error" } else { "info" };
            format!("ts=2024-03-01T10:00:{:02}.{:03}Z level={level} request_id={id} msg=x", i % 60, i % 1000)
        };
        // Likewise a chunk's contributions appended in order (`ChunkIds`,
        // what `trace --top` uses) instead of a chunk map.
        let (mut fresh, mut reused, mut listed) = (TopMap::new(30), TopMap::new(30), TopMap::new(30));
        let mut spare = TopMap::for_chunk(8);
        let mut ids = ChunkIds::default();
        let cx = ParseCx::utc_now();
        for c in 0..40u32 {
            let mut chunk = TopMap::for_chunk(8);
            spare.reserve(8);
            for i in c * 7..c * 7 + 7 {
                add(&mut chunk, &line(i));
                add(&mut spare, &line(i));
                let l = line(i);
                let mut ev = crate::format::detect::detect([l.as_str()], &cx).parse(&l, &cx);
                ev.raw = l.as_bytes();
                ids.add_event(&ev);
            }
            fresh.merge(chunk);
            reused.merge_drain(&mut spare);
            listed.merge_ids(&mut ids);
            assert!(spare.is_empty() && ids.is_empty());
        }
        assert!(fresh.pruned() > 0);
        assert_eq!(fresh.pruned(), reused.pruned());
        assert_eq!(fresh.pruned(), listed.pruned());
        let all = |m: &TopMap| m.top_by(usize::MAX, |_| true, |a| a.events);
        assert_eq!(all(&fresh), all(&reused));
        assert_eq!(all(&fresh), all(&listed));
        assert_eq!(fresh.len(), reused.len());
        assert_eq!(fresh.len(), listed.len());
    }

    #[test]
    fn one_pass_over_the_fields_equals_the_per_question_lookups() {
        use crate::analysis::trace::summary::http_status;
        let u = "11111111-1111-4111-8111-111111111111";
        let lines = [
            format!(r#"1.2.3.4 - - [01/Mar/2024:10:00:00 +0000] "GET /a HTTP/1.1" 502 9 "-" "c" 0.300 req={u}"#),
            format!(r#"{{"ts":"2024-03-01T10:00:00.123Z","level":"info","request_id":"{u}","status":201,"duration_ms":"17.5","latency_ms":40}}"#),
            format!(r#"{{"ts":"2024-03-01T10:00:00Z","level":"warn","request_id":"{u}","http":{{"status_code":504}},"elapsed_s":1.25}}"#),
            format!("ts=2024-03-01T10:00:01Z level=info request_id={u} status=abc status_code=500 duration_ms=-4"),
            format!("ts=2024-03-01T10:00:01Z level=error request_id={u} status_code=404 status_code=503 took_ms=NaN"),
            "ts=2024-03-01T10:00:01.5Z level=info trace_id=job-77-xyz status=200 status=500 duration_s=0.5 elapsed_ms=900".to_string(),
            format!("2024-03-01T00:00:00.906Z INFO  [gateway] request_id={u} GET /api/orders/992486 200 in 21ms"),
            r#"{"ts":"2024-03-01T10:00:02Z","req":"abcdefgh-1","upstream_response_time":"0.75","request_time":"oops"}"#.to_string(),
        ];
        let cx = ParseCx::utc_now();
        for line in &lines {
            let d = crate::format::detect::detect([line.as_str()], &cx);
            let mut ev = d.parse(line, &cx);
            ev.raw = line.as_bytes();
            let mut m = TopMap::new(100);
            m.add_event(&ev);
            assert_eq!(m.len(), 1, "{line}");
            let status = http_status(&ev);
            let error = ev.level.is_some_and(|l| l >= Level::Error) || status.is_some_and(|s| s >= 500);
            let want = Agg::one(ev.ts, error, recorded_ms(&ev), status, ev.level);
            let got = m.entries()[0].1;
            assert_eq!(got, want, "{line}");
        }
    }
}
