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

use std::collections::HashMap;
use std::fmt;

use crate::analysis::trace::ids::{for_each_event_id, IdKind};
use crate::analysis::trace::summary::http_status;
use crate::event::{Event, Level};

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
        if b.len() == 36 && crate::analysis::trace::ids::uuid_at(b, 0) {
            let hex: String = id.chars().filter(|c| *c != '-').collect();
            if let Ok(v) = u128::from_str_radix(&hex, 16) {
                return IdKey::Uuid(v);
            }
        }
        if b.len() == 32 && b.iter().all(u8::is_ascii_hexdigit) {
            if let Ok(v) = u128::from_str_radix(id, 16) {
                return IdKey::Hex32(v);
            }
        }
        IdKey::Text(id.into())
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

/// What is known about one ID.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Agg {
    pub events: u64,
    pub errors: u64,
    /// First and last time seen (UTC nanoseconds).
    pub first: Option<i64>,
    pub last: Option<i64>,
    /// The longest duration a record states (`duration_ms`, access-log
    /// `request_time`...), in milliseconds.
    pub recorded_ms: Option<f64>,
    pub max_status: Option<u16>,
    pub max_level: Option<Level>,
}

impl Agg {
    fn empty() -> Agg {
        Agg {
            events: 0,
            errors: 0,
            first: None,
            last: None,
            recorded_ms: None,
            max_status: None,
            max_level: None,
        }
    }

    /// Span between first and last time seen, in milliseconds.
    pub fn span_ms(&self) -> Option<f64> {
        Some((self.last? - self.first?) as f64 / 1e6)
    }

    /// How slow the request was: the longer of its span and its recorded duration.
    pub fn slowness_ms(&self) -> f64 {
        self.span_ms().unwrap_or(0.0).max(self.recorded_ms.unwrap_or(0.0))
    }

    fn merge(&mut self, o: &Agg) {
        self.events += o.events;
        self.errors += o.errors;
        self.first = opt(self.first, o.first, i64::min);
        self.last = opt(self.last, o.last, i64::max);
        self.recorded_ms = opt(self.recorded_ms, o.recorded_ms, f64::max);
        self.max_status = self.max_status.max(o.max_status);
        self.max_level = self.max_level.max(o.max_level);
    }
}

fn opt<T>(a: Option<T>, b: Option<T>, f: fn(T, T) -> T) -> Option<T> {
    match (a, b) {
        (Some(a), Some(b)) => Some(f(a, b)),
        (a, None) => a,
        (None, b) => b,
    }
}

/// A recorded duration in milliseconds from the fields that state one.
pub fn recorded_ms(ev: &Event<'_>) -> Option<f64> {
    const MS: [&str; 5] = ["duration_ms", "elapsed_ms", "latency_ms", "took_ms", "response_time_ms"];
    const SECS: [&str; 4] = ["request_time", "upstream_response_time", "duration_s", "elapsed_s"];
    let mut best: Option<f64> = None;
    for (k, v) in &ev.fields {
        let scale = if MS.contains(&k.as_ref()) {
            1.0
        } else if SECS.contains(&k.as_ref()) {
            1000.0
        } else {
            continue;
        };
        if let Some(x) = v.as_f64().filter(|x| x.is_finite() && *x >= 0.0) {
            best = Some(best.map_or(x * scale, |b: f64| b.max(x * scale)));
        }
    }
    best
}

/// A bounded ID -> aggregate map (see the module docs).
#[derive(Debug, Clone)]
pub struct TopMap {
    map: HashMap<IdKey, Agg>,
    cap: usize,
    pruned: u64,
}

impl TopMap {
    /// A map holding about `cap` IDs (up to twice that between prunes).
    pub fn new(cap: usize) -> TopMap {
        TopMap { map: HashMap::new(), cap: cap.max(16), pruned: 0 }
    }

    /// Adds one event: every request ID it carries (once each).
    pub fn add_event(&mut self, ev: &Event<'_>) {
        let mut keys: [Option<IdKey>; 4] = Default::default();
        let mut n = 0;
        for_each_event_id(ev, &mut |f| {
            if f.kind != IdKind::Request || n == keys.len() {
                return;
            }
            let k = IdKey::new(f.id);
            if !keys[..n].iter().any(|x| x.as_ref() == Some(&k)) {
                keys[n] = Some(k);
                n += 1;
            }
        });
        if n == 0 {
            return;
        }
        let status = http_status(ev);
        let error = ev.level.is_some_and(|l| l >= Level::Error) || status.is_some_and(|s| s >= 500);
        let t = ev.ts.map(|t| t.nanos);
        let one = Agg {
            events: 1,
            errors: error as u64,
            first: t,
            last: t,
            recorded_ms: recorded_ms(ev),
            max_status: status,
            max_level: ev.level,
        };
        for k in keys.into_iter().flatten() {
            self.map.entry(k).or_insert_with(Agg::empty).merge(&one);
        }
    }

    /// Merges another map (a chunk's) into this one, pruning if needed.
    pub fn merge(&mut self, other: TopMap) {
        self.pruned += other.pruned;
        for (k, a) in other.map {
            self.map.entry(k).or_insert_with(Agg::empty).merge(&a);
        }
        if self.map.len() > 2 * self.cap {
            self.prune();
        }
    }

    /// Number of IDs dropped by pruning so far.
    pub fn pruned(&self) -> u64 {
        self.pruned
    }

    /// Number of IDs held.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether no ID was seen.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Keeps the `cap` IDs that lead the rankings: a third by each of
    /// slowness, errors and events (ties and overlaps leave room for more).
    fn prune(&mut self) {
        let third = self.cap / 3;
        let mut entries: Vec<(IdKey, Agg)> = self.map.drain().collect();
        let before = entries.len();
        let mut keep: HashMap<IdKey, Agg> = HashMap::with_capacity(self.cap + 16);
        type Rank = fn(&Agg) -> (u64, u64);
        let ranks: [Rank; 3] = [
            |a| (a.slowness_ms().to_bits(), a.events),
            |a| (a.errors, a.slowness_ms().to_bits()),
            |a| (a.events, a.slowness_ms().to_bits()),
        ];
        for rank in ranks {
            if entries.len() > third && third > 0 {
                entries.select_nth_unstable_by(third, |x, y| rank(&y.1).cmp(&rank(&x.1)));
            }
            for (k, a) in entries.iter().take(third) {
                keep.insert(k.clone(), *a);
            }
        }
        self.pruned += (before - keep.len()) as u64;
        self.map = keep;
    }

    /// The top `n` by a ranking (best first, then by ID for stable output).
    pub fn top_by<K: PartialOrd>(
        &self,
        n: usize,
        filter: fn(&Agg) -> bool,
        key: fn(&Agg) -> K,
    ) -> Vec<(IdKey, Agg)> {
        let mut v: Vec<(IdKey, Agg)> =
            self.map.iter().filter(|(_, a)| filter(a)).map(|(k, a)| (k.clone(), *a)).collect();
        v.sort_by(|x, y| {
            key(&y.1).partial_cmp(&key(&x.1)).unwrap_or(std::cmp::Ordering::Equal).then_with(|| x.0.cmp(&y.0))
        });
        v.truncate(n);
        v
    }
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
        let errs = m.top_by(5, |a| a.errors > 0, |a| a.errors);
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].0.to_string(), a);
        let most = m.top_by(1, |_| true, |a| a.events);
        assert_eq!((most[0].0.to_string(), most[0].1.events), (a.to_string(), 2));
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
}
