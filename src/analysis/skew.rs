//! `timeline --skew`: a hint of clock skew between sources. When the same
//! request ID appears in two sources, the difference of their timestamps
//! is the clock offset between the hosts plus the request's own latency;
//! over many requests the median is a robust estimate of the offset (plus
//! the typical latency), and a wide spread says the estimate is weak.
//!
//! Only the first occurrence of an ID in each source counts.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::event::Event;

/// Field names that carry a request or trace ID.
pub const ID_FIELDS: [&str; 9] = [
    "request_id",
    "req_id",
    "requestId",
    "request-id",
    "x_request_id",
    "trace_id",
    "traceId",
    "correlation_id",
    "correlationId",
];

/// A 64-bit hash of the event's request ID, if it has one.
pub fn id_hash(ev: &Event<'_>) -> Option<u64> {
    let v = ID_FIELDS.iter().find_map(|k| ev.field(k))?;
    let text = v.as_text();
    if text.is_empty() || text == "-" {
        return None;
    }
    let mut h = DefaultHasher::new();
    text.hash(&mut h);
    Some(h.finish())
}

/// First sighting of each ID per source.
#[derive(Debug, Default)]
pub struct SkewCollector {
    seen: HashMap<u64, Vec<(u32, i64)>>,
}

/// The estimated offset of source `b` relative to source `a`.
#[derive(Debug, Clone, PartialEq)]
pub struct PairSkew {
    pub a: u32,
    pub b: u32,
    /// Number of IDs seen in both.
    pub n: usize,
    /// Median of `t_b - t_a`, nanoseconds.
    pub median: i64,
    /// 25th and 75th percentile of `t_b - t_a`.
    pub p25: i64,
    pub p75: i64,
}

impl SkewCollector {
    /// Records an ID seen in `source` at `nanos`.
    pub fn add(&mut self, id: u64, source: u32, nanos: i64) {
        let e = self.seen.entry(id).or_default();
        if !e.iter().any(|&(s, _)| s == source) {
            e.push((source, nanos));
        }
    }

    /// Pairs of sources sharing at least `min` IDs, `a` before `b` in the
    /// given source order (`rank[id]`), most shared first.
    pub fn estimate(&self, rank: &dyn Fn(u32) -> usize, min: usize) -> Vec<PairSkew> {
        let mut diffs: HashMap<(u32, u32), Vec<i64>> = HashMap::new();
        for seen in self.seen.values() {
            for (i, &(sa, ta)) in seen.iter().enumerate() {
                for &(sb, tb) in &seen[i + 1..] {
                    let ((a, ta), (b, tb)) =
                        if rank(sa) <= rank(sb) { ((sa, ta), (sb, tb)) } else { ((sb, tb), (sa, ta)) };
                    diffs.entry((a, b)).or_default().push(tb - ta);
                }
            }
        }
        let mut out: Vec<PairSkew> = diffs
            .into_iter()
            .filter(|(_, d)| d.len() >= min)
            .map(|((a, b), mut d)| {
                d.sort_unstable();
                let q = |p: usize| d[(d.len() - 1) * p / 100];
                PairSkew { a, b, n: d.len(), median: q(50), p25: q(25), p75: q(75) }
            })
            .collect();
        out.sort_by_key(|p| (std::cmp::Reverse(p.n), rank(p.a), rank(p.b)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Value;
    use crate::format::FormatId;
    use std::borrow::Cow;

    #[test]
    fn the_median_offset_between_two_sources() {
        let mut c = SkewCollector::default();
        for i in 0..9i64 {
            c.add(i as u64, 0, i * 1000);
            c.add(i as u64, 1, i * 1000 + 2000 + (i % 3)); // B is 2 s (+latency) ahead
            c.add(i as u64, 1, 99_999); // later sightings do not count
        }
        c.add(100, 2, 5);
        let est = c.estimate(&|s| s as usize, 3);
        assert_eq!(est.len(), 1);
        assert_eq!((est[0].a, est[0].b, est[0].n, est[0].median), (0, 1, 9, 2001));
        assert!(est[0].p25 <= est[0].median && est[0].median <= est[0].p75);
        let rev = c.estimate(&|s| 5 - s as usize, 3);
        assert_eq!((rev[0].a, rev[0].median), (1, -2001));
    }

    #[test]
    fn ids_come_from_the_usual_fields() {
        let mut ev = Event::new(FormatId::Logfmt, "x");
        assert_eq!(id_hash(&ev), None);
        ev.fields.push((Cow::Borrowed("request_id"), Value::Str(Cow::Borrowed("-"))));
        assert_eq!(id_hash(&ev), None);
        ev.fields[0].1 = Value::Str(Cow::Borrowed("abc"));
        let mut other = Event::new(FormatId::Access, "y");
        other.fields.push((Cow::Borrowed("trace_id"), Value::Str(Cow::Borrowed("abc"))));
        assert_eq!(id_hash(&ev), id_hash(&other));
    }
}
