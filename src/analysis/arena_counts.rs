//! Per-chunk counts of text keys (client IPs) without a `String` per key.
//!
//! A chunk of an access log has thousands of distinct client IPs. Counted
//! in a [`CappedCounts<String>`](crate::analysis::partial::CappedCounts) each one was allocated in the worker, then
//! looked up, and (once the overall map reached its cap, which on a real
//! archive is early) dropped again by the driver. [`ArenaCounts`] keeps the
//! keys back to back in one buffer, found by their hash; the overall
//! counts are one too, and merging ([`Merge`]) follows exactly
//! `CappedCounts`' merge rule with no allocation or hashing per key (it
//! had been a map of `String`s built on the driver's one core).

use std::hash::BuildHasher;

#[cfg(test)]
use crate::analysis::partial::CappedCounts;
use crate::analysis::partial::{FastState, HashIndex, Merge};

/// No entry: the end of a collision chain.
const NONE: u32 = u32::MAX;

#[derive(Debug, Clone)]
struct Entry {
    /// The key: a range of the arena.
    key: (u32, u32),
    /// The key's [`FastState`] hash, kept so a merge does not hash again.
    hash: u64,
    count: u64,
    /// The next key with the same hash.
    next: u32,
}

/// Counts of text keys, at most `cap` of them (later new keys count as
/// `other`, as `CappedCounts::add_ref` does).
#[derive(Debug, Clone)]
pub struct ArenaCounts {
    index: HashIndex<u32>,
    entries: Vec<Entry>,
    /// The keys back to back (a `String`, so a key's range slices out as
    /// `&str` with two boundary checks, not a UTF-8 validation).
    arena: String,
    pub other: u64,
    cap: usize,
}

impl ArenaCounts {
    /// Empty counts holding at most `cap` keys.
    pub fn new(cap: usize) -> ArenaCounts {
        ArenaCounts { index: HashIndex::default(), entries: Vec::new(), arena: String::new(), other: 0, cap }
    }

    fn key(&self, e: &Entry) -> &str {
        &self.arena[e.key.0 as usize..e.key.1 as usize]
    }

    /// The entry of `key` (whose hash is `h`), if it is counted.
    fn find(&self, h: u64, key: &str) -> Option<u32> {
        let mut i = self.index.get(&h).copied().unwrap_or(NONE);
        while i != NONE {
            let e = &self.entries[i as usize];
            if self.key(e) == key {
                return Some(i);
            }
            i = e.next;
        }
        None
    }

    /// Appends `key` (hashed to `h`, not counted yet) with count `n`,
    /// whatever the cap (the callers check it).
    fn insert(&mut self, h: u64, key: &str, n: u64) {
        // The new entry heads its hash's chain; the old head comes next.
        let first = self.index.insert(h, self.entries.len() as u32).unwrap_or(NONE);
        let start = self.arena.len() as u32;
        self.arena.push_str(key);
        self.entries.push(Entry { key: (start, self.arena.len() as u32), hash: h, count: n, next: first });
    }

    /// Adds `n` to `key`.
    pub fn add(&mut self, key: &str, n: u64) {
        let h = FastState.hash_one(key);
        if let Some(i) = self.find(h, key) {
            self.entries[i as usize].count += n;
            return;
        }
        if self.entries.len() >= self.cap {
            self.other += n;
            return;
        }
        self.insert(h, key, n);
    }

    /// True when nothing was counted.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.other == 0
    }

    /// Distinct keys counted.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The count of `key`, if it has a slot.
    pub fn get(&self, key: &str) -> Option<u64> {
        self.find(FastState.hash_one(key), key).map(|i| self.entries[i as usize].count)
    }

    /// The `n` largest counts, ties broken by key: `CappedCounts::top`'s
    /// answer for the same counts.
    pub fn top(&self, n: usize) -> Vec<(&str, u64)> {
        let mut v: Vec<(&str, u64)> = self.entries.iter().map(|e| (self.key(e), e.count)).collect();
        let order = |a: &(&str, u64), b: &(&str, u64)| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0));
        if n < v.len() {
            v.select_nth_unstable_by(n, order);
            v.truncate(n);
        }
        v.sort_by(order);
        v
    }
}

/// The merge rule of `CappedCounts` (known keys add up; past the cap
/// the last free slots go to the new keys by count, then key), without a
/// `String` or a hash per key: the driver merged every chunk's client IPs
/// into a map of `String`s, one allocation each, on one core.
impl Merge for ArenaCounts {
    fn merge(&mut self, mut later: Self) {
        self.other += later.other;
        if self.entries.is_empty() && later.entries.len() <= self.cap {
            // The first part: its counts are the answer as they stand.
            later.other = self.other;
            later.cap = self.cap;
            *self = later;
            return;
        }
        let fits = self.entries.len() + later.entries.len() <= self.cap;
        if fits {
            // Room for every key: grow once, not by doubling along the way.
            self.index.reserve(later.entries.len());
            self.entries.reserve(later.entries.len());
            self.arena.reserve(later.arena.len());
        }
        let mut new: Vec<(&str, u64, u64)> = Vec::new();
        for e in &later.entries {
            let k = later.key(e);
            match self.find(e.hash, k) {
                Some(i) => self.entries[i as usize].count += e.count,
                None if fits => self.insert(e.hash, k, e.count),
                None => new.push((k, e.count, e.hash)),
            }
        }
        let free = self.cap.saturating_sub(self.entries.len());
        if new.len() > free {
            if free > 0 {
                new.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
            }
            self.other += new.drain(free..).map(|(_, n, _)| n).sum::<u64>();
        }
        for (k, n, h) in new {
            self.insert(h, k, n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::partial::FastMap;

    fn as_map(a: &ArenaCounts) -> FastMap<String, u64> {
        a.entries.iter().map(|e| (a.key(e).to_string(), e.count)).collect()
    }

    #[test]
    fn merging_arena_counts_equals_merging_capped_counts() {
        let mut x = 3u64;
        let mut next = move || {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            x >> 40
        };
        for (cap, chunk_cap) in [(1, 1000), (7, 1000), (50, 30), (400, 1000), (5000, 1000)] {
            let (mut slow, mut fast) = (CappedCounts::new(cap), ArenaCounts::new(cap));
            for _ in 0..15 {
                let (mut part, mut arena) = (CappedCounts::new(chunk_cap), ArenaCounts::new(chunk_cap));
                for _ in 0..200 {
                    let ip = format!("10.0.{}.{}", next() % 3, next() % 200);
                    let n = 1 + next() % 3;
                    part.add_ref(ip.as_str(), n);
                    arena.add(&ip, n);
                }
                assert_eq!(part.other, arena.other, "the chunk's own cap");
                slow.merge(part);
                fast.merge(arena);
                assert_eq!(slow.counts, as_map(&fast), "cap {cap}");
                assert_eq!(slow.other, fast.other, "cap {cap}");
                assert_eq!(slow.counts.len(), fast.len());
                let want: Vec<(&str, u64)> = slow.top(10).into_iter().map(|(k, n)| (k.as_str(), n)).collect();
                assert_eq!(want, fast.top(10));
                for (k, n) in &slow.counts {
                    assert_eq!(fast.get(k), Some(*n));
                }
            }
        }
    }

    #[test]
    fn a_merge_into_nothing_keeps_the_cap_of_the_whole() {
        let mut whole = ArenaCounts::new(2);
        let mut part = ArenaCounts::new(10);
        for k in ["a", "b", "c"] {
            part.add(k, 1);
        }
        // Three keys do not fit a cap of two: the merge rule, not a swap.
        whole.merge(part);
        assert_eq!((whole.len(), whole.other), (2, 1));
        assert_eq!(whole.top(5), vec![("a", 1), ("b", 1)]);
        whole.add("d", 4);
        assert_eq!((whole.len(), whole.other), (2, 5));
    }
}
