//! The `Merge` trait: per-chunk partial results combined in input order.
//!
//! Aggregating commands (stats, anomalies) run their per-chunk work in
//! parallel and fold the partial results into one. Merging happens in a
//! fixed order (chunks of a source in sequence, sources in input order), so
//! even order-sensitive aggregates (the template miner, capped maps) give
//! the same answer at any thread count. This is xsv's `Commute` idea, without
//! requiring commutativity.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::OnceLock;

/// A fast hasher for the per-event maps (IPs, user agents, endpoints,
/// template tokens): SipHash was a fifth of `stats`' time. Multiply-rotate
/// over 8-byte words (the FxHash scheme), started from a per-process
/// random seed so crafted keys cannot be aimed at fixed collisions.
/// NOTE: weaker than SipHash against an adversary who can observe timing;
/// the maps are capped, which bounds the damage of collisions.
#[derive(Debug, Clone, Copy)]
pub struct FastHasher(u64);

const K: u64 = 0xf135_7aea_2e62_a9c5;

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes(c.try_into().expect("8 bytes"));
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(K);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.write_u64(i as u64);
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(K);
    }
    fn finish(&self) -> u64 {
        // A final avalanche so the low bits hashbrown uses depend on every word.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^ (h >> 33)
    }
}

/// Builds [`FastHasher`]s from the process's seed.
#[derive(Debug, Clone, Copy, Default)]
pub struct FastState;

impl BuildHasher for FastState {
    type Hasher = FastHasher;
    fn build_hasher(&self) -> FastHasher {
        static SEED: OnceLock<u64> = OnceLock::new();
        FastHasher(*SEED.get_or_init(|| std::collections::hash_map::RandomState::new().hash_one(0x5eed_u64)))
    }
}

/// A `HashMap` with [`FastState`].
pub type FastMap<K, V> = HashMap<K, V, FastState>;

/// Hashes a `u64` that is already a [`FastState`] hash: itself. For
/// indexes keyed by a key's hash (the key itself lives in an arena).
#[derive(Debug, Clone, Copy, Default)]
pub struct Prehashed(u64);

impl Hasher for Prehashed {
    fn write(&mut self, bytes: &[u8]) {
        // Only u64 keys are meant; fold anything else in all the same.
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = i;
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A map from [`FastState`] hashes, not hashed again.
pub type HashIndex<V> = HashMap<u64, V, std::hash::BuildHasherDefault<Prehashed>>;

/// A partial result that can absorb the one that follows it.
pub trait Merge {
    /// Folds `later` (the partial result of the data after `self`'s) into `self`.
    fn merge(&mut self, later: Self);
}

/// A map of counts with a bound on the number of distinct keys: keys that
/// arrive once the cap is reached are counted under `other` instead, so
/// memory is bounded by the cap, never by the input.
#[derive(Debug, Clone)]
pub struct CappedCounts<K> {
    pub counts: FastMap<K, u64>,
    /// Events whose key arrived after the cap was reached.
    pub other: u64,
    pub cap: usize,
}

impl<K: Hash + Eq> CappedCounts<K> {
    /// An empty map holding at most `cap` keys.
    pub fn new(cap: usize) -> CappedCounts<K> {
        CappedCounts { counts: FastMap::default(), other: 0, cap }
    }

    /// Adds `n` to `key` (or to `other` when the cap is reached).
    pub fn add(&mut self, key: K, n: u64) {
        let len = self.counts.len();
        match self.counts.get_mut(&key) {
            Some(c) => *c += n,
            None if len < self.cap => {
                self.counts.insert(key, n);
            }
            None => self.other += n,
        }
    }

    /// Adds `n` to a borrowed key, allocating only for a new key.
    pub fn add_ref<Q>(&mut self, key: &Q, n: u64)
    where
        K: std::borrow::Borrow<Q>,
        Q: Hash + Eq + ToOwned<Owned = K> + ?Sized,
    {
        if let Some(c) = self.counts.get_mut(key) {
            *c += n;
        } else if self.counts.len() < self.cap {
            self.counts.insert(key.to_owned(), n);
        } else {
            self.other += n;
        }
    }

    /// The `n` largest counts, ties broken by key so the order is stable.
    pub fn top(&self, n: usize) -> Vec<(&K, u64)>
    where
        K: Ord,
    {
        let mut v: Vec<(&K, u64)> = self.counts.iter().map(|(k, c)| (k, *c)).collect();
        let order = |a: &(&K, u64), b: &(&K, u64)| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0));
        // Keys are distinct, so the order is total: selecting the first `n`
        // and sorting only them gives the full sort's head (100k client IPs
        // were sorted whole, on one core, at the end of `stats`).
        if n < v.len() {
            v.select_nth_unstable_by(n, order);
            v.truncate(n);
        }
        v.sort_by(order);
        v
    }

    /// Sum of all counts (`other` included).
    pub fn total(&self) -> u64 {
        self.counts.values().sum::<u64>() + self.other
    }
}

impl<K: Hash + Eq + Ord> Merge for CappedCounts<K> {
    fn merge(&mut self, later: Self) {
        self.other += later.other;
        if self.counts.is_empty() && later.counts.len() <= self.cap {
            // The first part of a merge (a source into the empty overall
            // counts, 100k client IPs at the serial end of `stats`): its map
            // is the answer as it stands. Output reads counts by key and by
            // sorted order only, never in the map's order.
            self.counts = later.counts;
            return;
        }
        if self.counts.len() + later.counts.len() <= self.cap {
            self.counts.reserve(later.counts.len());
            for (k, n) in later.counts {
                *self.counts.entry(k).or_insert(0) += n;
            }
            return;
        }
        // Known keys just add up; who gets the last free slots must not
        // depend on hash order: the new keys by count, then key.
        let mut new: Vec<(K, u64)> = Vec::new();
        for (k, n) in later.counts {
            match self.counts.get_mut(&k) {
                Some(c) => *c += n,
                None => new.push((k, n)),
            }
        }
        let free = self.cap.saturating_sub(self.counts.len());
        if new.len() > free {
            if free > 0 {
                new.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            }
            self.other += new.drain(free..).map(|(_, n)| n).sum::<u64>();
        }
        self.counts.extend(new);
    }
}

/// Counts runs of one key (the host or app of consecutive events is
/// nearly always the previous one's) into a [`CappedCounts`] without a map
/// lookup per repeat. Exact: a key's first event goes to the map at once
/// (so the cap admits the same keys), repeats are added by [`KeyRun::flush`]
/// (call it before reading the map).
#[derive(Debug, Default)]
pub struct KeyRun {
    last: Option<String>,
    pending: u64,
}

impl KeyRun {
    /// Counts one event of `key`.
    pub fn add(&mut self, map: &mut CappedCounts<String>, key: &str) {
        if self.last.as_deref() == Some(key) {
            self.pending += 1;
            return;
        }
        self.flush(map);
        map.add_ref(key, 1);
        let last = self.last.get_or_insert_with(String::new);
        last.clear();
        last.push_str(key);
    }

    /// Adds the counted repeats to `map`.
    pub fn flush(&mut self, map: &mut CappedCounts<String>) {
        if let (Some(k), n @ 1..) = (&self.last, self.pending) {
            map.add_ref(k.as_str(), n);
            self.pending = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_hasher_spreads_similar_keys() {
        let h = |s: &str| FastState.hash_one(s);
        assert_eq!(h("10.0.0.1"), h("10.0.0.1"));
        let set: std::collections::HashSet<u64> =
            (0..10_000).map(|i| h(&format!("10.0.{}.{}", i / 256, i % 256)) & 0xffff).collect();
        assert!(set.len() > 8_000, "low bits collide too often: {}", set.len());
    }

    #[test]
    fn capped_counts_spill_into_other_and_merge() {
        let mut a = CappedCounts::new(2);
        a.add_ref("x", 1);
        a.add_ref("y", 2);
        a.add_ref("z", 5);
        a.add_ref("x", 1);
        assert_eq!(a.counts.len(), 2);
        assert_eq!(a.other, 5);
        let mut b = CappedCounts::new(2);
        b.add("y".to_string(), 3);
        b.add("w".to_string(), 1);
        let mut a: CappedCounts<String> = CappedCounts {
            counts: a.counts.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
            ..CappedCounts::new(2)
        };
        a.other = 5;
        a.merge(b);
        assert_eq!(a.counts["y"], 5);
        assert_eq!(a.other, 6, "w arrived after the cap");
        assert_eq!(a.total(), 13);
        assert_eq!(a.top(1), vec![(&"y".to_string(), 5)]);
    }

    /// Many ties, every `n`: the selected head is the full sort's head.
    #[test]
    fn top_is_the_head_of_the_full_sort() {
        let mut c = CappedCounts::new(10_000);
        let mut x = 7u64;
        for i in 0..3000u64 {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            c.add(format!("10.0.{}.{}", i % 13, (x >> 40) % 200), 1 + (x >> 60) % 4);
        }
        let mut all: Vec<(&String, u64)> = c.counts.iter().map(|(k, n)| (k, *n)).collect();
        all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        for n in [0, 1, 2, 5, 10, 99, 500, all.len() - 1, all.len(), all.len() + 5] {
            assert_eq!(c.top(n), all[..n.min(all.len())].to_vec(), "n = {n}");
        }
    }

    /// The merge as first written: every later key in (count, key) order.
    fn merge_by_sorting_all(a: &mut CappedCounts<String>, b: CappedCounts<String>) {
        a.other += b.other;
        let mut v: Vec<(String, u64)> = b.counts.into_iter().collect();
        v.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
        for (k, n) in v {
            a.add(k, n);
        }
    }

    #[test]
    fn merge_sorts_only_the_new_keys_with_the_same_result() {
        let mut x = 7u64;
        let mut next = move || {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            x >> 40
        };
        for cap in [1, 5, 40, 200, 1000] {
            let (mut fast, mut slow) = (CappedCounts::new(cap), CappedCounts::new(cap));
            for _ in 0..12 {
                let mut part = CappedCounts::new(cap);
                for _ in 0..150 {
                    part.add(format!("10.0.0.{}", next() % 300), 1 + next() % 4);
                }
                fast.merge(part.clone());
                merge_by_sorting_all(&mut slow, part);
                assert_eq!(fast.counts, slow.counts, "cap {cap}");
                assert_eq!(fast.other, slow.other, "cap {cap}");
            }
            assert!(fast.counts.len() <= cap);
        }
        // Into an empty map: a part that fits is taken whole, one that
        // does not (made with a larger cap) still keeps the (count, key) head.
        for (cap, part_cap) in [(50, 50), (50, 400), (400, 50), (0, 10)] {
            let mut part = CappedCounts::new(part_cap);
            for _ in 0..300 {
                part.add(format!("192.0.2.{}", next() % 250), 1 + next() % 5);
            }
            part.other += 3;
            let (mut fast, mut slow) = (CappedCounts::new(cap), CappedCounts::new(cap));
            fast.merge(part.clone());
            merge_by_sorting_all(&mut slow, part);
            assert_eq!((fast.counts, fast.other), (slow.counts, slow.other), "cap {cap}/{part_cap}");
        }
    }

    #[test]
    fn key_runs_count_like_one_add_per_event() {
        let keys =
            ["web1", "web1", "db1", "web1", "web1", "web1", "cache", "cache", "db1", "x", "y", "y", "z"];
        for cap in [1, 2, 3, 10] {
            let (mut plain, mut runs, mut run) =
                (CappedCounts::new(cap), CappedCounts::new(cap), KeyRun::default());
            for k in keys.iter().cycle().take(100) {
                plain.add_ref(*k, 1);
                run.add(&mut runs, k);
            }
            run.flush(&mut runs);
            assert_eq!(plain.counts, runs.counts, "cap {cap}");
            assert_eq!(plain.other, runs.other, "cap {cap}");
        }
    }
}
