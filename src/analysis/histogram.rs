//! `timeline --histogram`: event counts per time bucket, per level and per
//! source, so spikes and silences stand out. Counting needs no merge: each
//! chunk counts on its own ([`Counts`]) and the counts are added up.

use std::collections::HashMap;

use crate::event::timestamp::NANOS;
use crate::event::Level;

/// Level slots: [`Level::ALL`] in order, then "no level".
pub const LEVELS: usize = Level::ALL.len() + 1;

/// The slot of a level in [`Row::by_level`].
pub fn level_slot(l: Option<Level>) -> usize {
    l.map_or(LEVELS - 1, |l| l as usize)
}

/// The name of a level slot (`none` for events without a level).
pub fn slot_name(i: usize) -> &'static str {
    Level::ALL.get(i).map_or("none", |l| l.as_str())
}

/// Bucket widths the automatic choice picks from, in seconds.
const NICE: [i64; 25] = [
    1,
    2,
    5,
    10,
    15,
    30,
    60,
    120,
    300,
    600,
    900,
    1800,
    3600,
    7200,
    10800,
    21600,
    43200,
    86400,
    172_800,
    604_800,
    1_209_600,
    2_592_000,
    7_776_000,
    31_536_000,
    315_360_000,
];

/// Most rows the automatic bucket aims for (the issue asks for ~40–60).
pub const TARGET_ROWS: i64 = 60;

/// The smallest nice bucket (nanoseconds) that covers `[first, last]` in at
/// most [`TARGET_ROWS`] rows.
pub fn auto_bucket(first: i64, last: i64) -> i64 {
    let span = (last - first).max(0) as i128;
    for s in NICE {
        let b = s as i128 * NANOS as i128;
        if (span / b) < TARGET_ROWS as i128 {
            return s * NANOS;
        }
    }
    NICE[NICE.len() - 1] * NANOS
}

/// Counts at a resolution, per (resolution step, source).
#[derive(Debug, Default, Clone)]
pub struct Counts {
    /// Step width in nanoseconds (the final bucket, or a divisor of it when
    /// the bucket is chosen afterwards, see [`Counts::auto`]).
    pub res: i64,
    map: HashMap<(i64, u32), [u32; LEVELS]>,
    /// The step being counted: logs are mostly in time order, so most
    /// events land in the same step as the one before, without hashing.
    cur: Option<((i64, u32), [u32; LEVELS])>,
    /// First and last instant counted, floored to `fine`.
    span: Option<(i64, i64)>,
    /// Resolution of `span`: the starting `res`.
    fine: i64,
    /// Whether `res` may grow with the span (the bucket is chosen later).
    auto: bool,
}

impl Counts {
    /// Empty counts at resolution `res` nanoseconds.
    pub fn new(res: i64) -> Counts {
        let res = res.max(1);
        Counts { res, map: HashMap::new(), cur: None, span: None, fine: res, auto: false }
    }

    /// Empty counts for a bucket chosen afterwards by [`auto_bucket`] from
    /// the span: they start at one second and coarsen as the span grows to
    /// a resolution that every bucket [`auto_bucket`] can still choose is a
    /// multiple of (a minute, an hour, a day), so the table stays small and
    /// the histogram is the same as if counted by the second.
    pub fn auto() -> Counts {
        Counts { auto: true, ..Counts::new(NANOS) }
    }

    /// Counts one event.
    #[inline]
    pub fn add(&mut self, nanos: i64, source: u32, level: Option<Level>) {
        let f = nanos.div_euclid(self.fine) * self.fine;
        self.widen(f, f);
        let mut c = [0; LEVELS];
        c[level_slot(level)] = 1;
        self.add_step(nanos.div_euclid(self.res), source, &c);
    }

    #[inline]
    fn add_step(&mut self, step: i64, source: u32, levels: &[u32; LEVELS]) {
        let key = (step, source);
        match &mut self.cur {
            Some((k, c)) if *k == key => {
                for (a, b) in c.iter_mut().zip(levels) {
                    *a += b;
                }
            }
            _ => {
                self.flush();
                self.cur = Some((key, *levels));
            }
        }
    }

    /// Grows the span to `[lo, hi]` (floored instants) and, for automatic
    /// buckets, coarsens the resolution when the span allows.
    fn widen(&mut self, lo: i64, hi: i64) {
        let (lo, hi) = match self.span {
            Some((l, h)) if l <= lo && hi <= h => return,
            Some((l, h)) => (l.min(lo), h.max(hi)),
            None => (lo, hi),
        };
        self.span = Some((lo, hi));
        if !self.auto {
            return;
        }
        let b = auto_bucket(lo, hi);
        // Every nice bucket from a minute (an hour, a day) up is a multiple
        // of it, and the bucket only grows with the span.
        let res = [86_400, 3600, 60].into_iter().map(|s| s * NANOS).find(|&r| b >= r).unwrap_or(NANOS);
        if res > self.res {
            self.flush();
            let old = self.res;
            let map = std::mem::take(&mut self.map);
            self.res = res;
            for ((step, source), v) in map {
                self.add_step((step * old).div_euclid(res), source, &v);
            }
            self.flush();
        }
    }

    /// Settles the step being counted into the table (before [`Counts::span`]
    /// and [`rows`]; [`Counts::merge`] does it itself).
    pub fn flush(&mut self) {
        if let Some((k, v)) = self.cur.take() {
            let e = self.map.entry(k).or_insert([0; LEVELS]);
            for (a, b) in e.iter_mut().zip(v) {
                *a += b;
            }
        }
    }

    /// Adds another chunk's counts (same resolution).
    pub fn merge(&mut self, mut other: Counts) {
        self.flush();
        other.flush();
        if let Some((lo, hi)) = other.span {
            self.widen(lo, hi);
        }
        for ((step, source), v) in other.map {
            self.add_step((step * other.res).div_euclid(self.res), source, &v);
        }
        self.flush();
    }

    /// Adds one chunk's counts, counted at this table's starting resolution.
    pub fn merge_chunk(&mut self, c: ChunkCounts) {
        let Some((lo, hi)) = c.span else { return };
        self.widen(lo * c.res, hi * c.res);
        let dense = c.dense.iter().enumerate().map(|(i, v)| (c.base + i as i64, v));
        for (step, v) in dense.chain(c.sparse.iter().map(|(s, v)| (*s, v))) {
            if v.iter().any(|&n| n > 0) {
                self.add_step((step * c.res).div_euclid(self.res), c.source, v);
            }
        }
    }

    /// First and last instant counted (start of their steps at the
    /// starting resolution), once settled ([`Counts::flush`]).
    pub fn span(&self) -> Option<(i64, i64)> {
        self.span
    }
}

/// Most steps a chunk counts in its dense table (past them, a map).
const MAX_DENSE: i64 = 1 << 15;

/// The counts of one chunk of one source, made in its worker: logs are
/// mostly in time order, so a chunk's events fall in a short range of
/// steps counted in a plain table from the chunk's first step; the few
/// before it or far after it go to a map.
#[derive(Debug, Clone)]
pub struct ChunkCounts {
    res: i64,
    source: u32,
    base: i64,
    dense: Vec<[u32; LEVELS]>,
    sparse: HashMap<i64, [u32; LEVELS]>,
    /// First and last step counted.
    span: Option<(i64, i64)>,
}

impl ChunkCounts {
    /// Empty counts of a chunk of `source` at resolution `res` (that of
    /// the [`Counts`] they will be merged into).
    pub fn new(res: i64, source: u32) -> ChunkCounts {
        ChunkCounts {
            res: res.max(1),
            source,
            base: 0,
            dense: Vec::new(),
            sparse: HashMap::new(),
            span: None,
        }
    }

    /// Counts one event.
    #[inline]
    pub fn add(&mut self, nanos: i64, level: Option<Level>) {
        let step = nanos.div_euclid(self.res);
        self.span = Some(match self.span {
            Some((l, h)) => (l.min(step), h.max(step)),
            None => {
                self.base = step;
                (step, step)
            }
        });
        let slot = level_slot(level);
        if let Some(i) = step.checked_sub(self.base).filter(|i| (0..MAX_DENSE).contains(i)) {
            let i = i as usize;
            if i >= self.dense.len() {
                self.dense.resize(i + 1, [0; LEVELS]);
            }
            self.dense[i][slot] += 1;
        } else {
            self.sparse.entry(step).or_insert([0; LEVELS])[slot] += 1;
        }
    }
}

/// One bucket `[start, end)` of the histogram.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub start: i64,
    pub end: i64,
    pub count: u64,
    /// Indexed by [`level_slot`].
    pub by_level: [u64; LEVELS],
    /// Indexed like the `sources` given to [`rows`].
    pub by_source: Vec<u64>,
}

/// Builds every bucket from the first to the last counted one, empty ones
/// included (a silence is a finding). `bucket` must be a multiple of the
/// counts' resolution. `sources` lists source ids in column order. `None`
/// when there would be more than `max_rows` rows.
pub fn rows(c: &Counts, bucket: i64, sources: &[u32], max_rows: usize) -> Option<Vec<Row>> {
    let Some((lo, hi)) = c.span() else { return Some(Vec::new()) };
    let first = lo.div_euclid(bucket);
    let last = hi.div_euclid(bucket);
    let n = usize::try_from(last - first + 1).ok()?;
    if n > max_rows {
        return None;
    }
    let col: HashMap<u32, usize> = sources.iter().enumerate().map(|(i, &s)| (s, i)).collect();
    let mut out: Vec<Row> = (0..n as i64)
        .map(|i| Row {
            start: (first + i) * bucket,
            end: (first + i + 1) * bucket,
            count: 0,
            by_level: [0; LEVELS],
            by_source: vec![0; sources.len()],
        })
        .collect();
    for (&(step, source), levels) in &c.map {
        let r = &mut out[((step * c.res).div_euclid(bucket) - first) as usize];
        let total: u64 = levels.iter().map(|&x| x as u64).sum();
        r.count += total;
        for (a, &b) in r.by_level.iter_mut().zip(levels) {
            *a += b as u64;
        }
        if let Some(&i) = col.get(&source) {
            r.by_source[i] += total;
        }
    }
    Some(out)
}

/// A bar of `width` cells for `count` out of `max`, drawn with eighth
/// blocks so small differences still show.
pub fn bar(count: u64, max: u64, width: usize) -> String {
    const PARTS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    if max == 0 || count == 0 {
        return String::new();
    }
    let eighths = ((count as u128 * width as u128 * 8).div_ceil(max as u128)) as usize;
    let mut s = "█".repeat(eighths / 8);
    if eighths % 8 > 0 {
        s.push(PARTS[eighths % 8]);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn automatic_buckets_fit_sixty_rows() {
        assert_eq!(auto_bucket(0, 30 * NANOS), NANOS);
        assert_eq!(auto_bucket(0, 4 * 86_400 * NANOS), 7200 * NANOS);
        assert_eq!(auto_bucket(0, 3600 * NANOS), 120 * NANOS);
        assert_eq!(auto_bucket(5, 5), NANOS);
    }

    #[test]
    fn rows_count_exactly_and_keep_empty_buckets() {
        let mut a = Counts::new(NANOS);
        a.add(0, 1, Some(Level::Info));
        a.add(59 * NANOS, 1, Some(Level::Error));
        let mut b = Counts::new(NANOS);
        b.add(61 * NANOS, 2, None);
        b.add(185 * NANOS, 1, Some(Level::Error));
        b.add(-1, 2, Some(Level::Warn));
        a.merge(b);
        let r = rows(&a, 60 * NANOS, &[1, 2], 100).unwrap();
        assert_eq!(r.len(), 5);
        assert_eq!((r[0].start, r[0].count, r[0].by_source.clone()), (-60 * NANOS, 1, vec![0, 1]));
        assert_eq!(r[1].count, 2);
        assert_eq!(r[1].by_level[level_slot(Some(Level::Error))], 1);
        assert_eq!(r[2].by_level[level_slot(None)], 1);
        assert_eq!(r[3].count, 0, "silence kept");
        assert_eq!((r[4].start, r[4].end, r[4].count), (180 * NANOS, 240 * NANOS, 1));
        assert!(rows(&a, NANOS, &[1, 2], 10).is_none());
        assert_eq!(slot_name(level_slot(None)), "none");
    }

    #[test]
    fn chunk_tables_and_coarsening_give_the_per_second_histogram() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut rnd = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let levels = [None, Some(Level::Info), Some(Level::Error), Some(Level::Warn)];
        for span_s in [30u64, 7200, 3 * 86_400, 100 * 86_400, 3 * 365 * 86_400] {
            let mut fine = Counts::new(NANOS);
            let mut auto = Counts::auto();
            let start = -(rnd(1 << 40) as i64) * 1000;
            for chunk in 0..12u32 {
                let source = chunk % 3;
                let mut c = ChunkCounts::new(auto.res.min(NANOS), source);
                let mut t = start + (rnd(span_s) * NANOS as u64) as i64;
                for _ in 0..rnd(400) {
                    // Mostly forward; sometimes back, sometimes far ahead.
                    t += match rnd(20) {
                        0 => -((rnd(span_s / 4 + 1) * NANOS as u64) as i64),
                        1 => (rnd(span_s / 2 + 1) * NANOS as u64) as i64,
                        _ => rnd(3 * NANOS as u64) as i64,
                    };
                    let t = t.clamp(start, start + span_s as i64 * NANOS);
                    let l = levels[rnd(4) as usize];
                    fine.add(t, source, l);
                    c.add(t, l);
                }
                auto.merge_chunk(c);
            }
            fine.flush();
            auto.flush();
            assert_eq!(fine.span(), auto.span(), "{span_s}");
            let Some((lo, hi)) = fine.span() else { continue };
            let b = auto_bucket(lo, hi);
            assert_eq!(b % auto.res, 0);
            assert!(span_s < 86_400 || auto.res > NANOS, "coarsened: {span_s} {}", auto.res);
            let want = rows(&fine, b, &[0, 1, 2], 1000).unwrap();
            assert_eq!(rows(&auto, b, &[0, 1, 2], 1000).unwrap(), want, "{span_s}");
            assert_eq!(
                want.iter().map(|r| r.count).sum::<u64>(),
                fine.map.values().flatten().map(|&n| n as u64).sum::<u64>()
            );
        }
    }

    #[test]
    fn bars_scale_with_eighths() {
        assert_eq!(bar(10, 10, 4), "████");
        assert_eq!(bar(1, 16, 4), "▎");
        assert_eq!(bar(0, 16, 4), "");
        assert_eq!(bar(5, 10, 3), "█▌");
    }
}
