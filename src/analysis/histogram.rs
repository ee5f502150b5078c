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

/// Counts at a fixed resolution, per (resolution step, source).
#[derive(Debug, Default, Clone)]
pub struct Counts {
    /// Step width in nanoseconds (the final bucket, or 1 s when the bucket
    /// is chosen afterwards).
    pub res: i64,
    map: HashMap<(i64, u32), [u32; LEVELS]>,
    /// The step being counted: logs are mostly in time order, so most
    /// events land in the same step as the one before, without hashing.
    cur: Option<((i64, u32), [u32; LEVELS])>,
}

impl Counts {
    /// Empty counts at resolution `res` nanoseconds.
    pub fn new(res: i64) -> Counts {
        Counts { res: res.max(1), map: HashMap::new(), cur: None }
    }

    /// Counts one event.
    #[inline]
    pub fn add(&mut self, nanos: i64, source: u32, level: Option<Level>) {
        let key = (nanos.div_euclid(self.res), source);
        match &mut self.cur {
            Some((k, c)) if *k == key => c[level_slot(level)] += 1,
            _ => {
                self.flush();
                let mut c = [0; LEVELS];
                c[level_slot(level)] = 1;
                self.cur = Some((key, c));
            }
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
        for (k, v) in other.map {
            let e = self.map.entry(k).or_insert([0; LEVELS]);
            for (a, b) in e.iter_mut().zip(v) {
                *a += b;
            }
        }
    }

    /// First and last instant counted (start of their steps), once settled
    /// ([`Counts::flush`]).
    pub fn span(&self) -> Option<(i64, i64)> {
        let lo = self.map.keys().map(|k| k.0).min()?;
        let hi = self.map.keys().map(|k| k.0).max()?;
        Some((lo * self.res, hi * self.res))
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
    fn bars_scale_with_eighths() {
        assert_eq!(bar(10, 10, 4), "████");
        assert_eq!(bar(1, 16, 4), "▎");
        assert_eq!(bar(0, 16, 4), "");
        assert_eq!(bar(5, 10, 3), "█▌");
    }
}
