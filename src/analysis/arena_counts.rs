//! Per-chunk counts of text keys (client IPs) without a `String` per key.
//!
//! A chunk of an access log has thousands of distinct client IPs. Counted
//! in a [`CappedCounts<String>`] each one was allocated in the worker, then
//! looked up, and (once the overall map reached its cap, which on a real
//! archive is early) dropped again by the driver. [`ArenaCounts`] keeps the
//! keys back to back in one buffer, found by their hash, and
//! [`ArenaCounts::merge_into`] folds them into the overall map with exactly
//! [`CappedCounts`]' merge rule, allocating only for keys that get a slot.

use std::hash::BuildHasher;

use crate::analysis::partial::{CappedCounts, FastState, HashIndex};

/// No entry: the end of a collision chain.
const NONE: u32 = u32::MAX;

#[derive(Debug, Clone)]
struct Entry {
    /// The key: a range of the arena.
    key: (u32, u32),
    count: u64,
    /// The next key with the same hash.
    next: u32,
}

/// Counts of text keys, at most `cap` of them (later new keys count as
/// `other`, as [`CappedCounts::add_ref`] does).
#[derive(Debug, Clone)]
pub struct ArenaCounts {
    index: HashIndex<u32>,
    entries: Vec<Entry>,
    arena: Vec<u8>,
    pub other: u64,
    cap: usize,
}

impl ArenaCounts {
    /// Empty counts holding at most `cap` keys.
    pub fn new(cap: usize) -> ArenaCounts {
        ArenaCounts { index: HashIndex::default(), entries: Vec::new(), arena: Vec::new(), other: 0, cap }
    }

    fn key(&self, e: &Entry) -> &str {
        // Keys are copied from `&str`s whole, so every range is UTF-8.
        std::str::from_utf8(&self.arena[e.key.0 as usize..e.key.1 as usize]).expect("whole str")
    }

    /// Adds `n` to `key`.
    pub fn add(&mut self, key: &str, n: u64) {
        let h = FastState.hash_one(key);
        let first = self.index.get(&h).copied().unwrap_or(NONE);
        let mut i = first;
        while i != NONE {
            let e = &self.entries[i as usize];
            if &self.arena[e.key.0 as usize..e.key.1 as usize] == key.as_bytes() {
                self.entries[i as usize].count += n;
                return;
            }
            i = e.next;
        }
        if self.entries.len() >= self.cap {
            self.other += n;
            return;
        }
        let start = self.arena.len() as u32;
        self.arena.extend_from_slice(key.as_bytes());
        self.index.insert(h, self.entries.len() as u32);
        self.entries.push(Entry { key: (start, self.arena.len() as u32), count: n, next: first });
    }

    /// True when nothing was counted.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.other == 0
    }

    /// Folds these counts into `into` as `into.merge(these as a CappedCounts)`
    /// would, and empties them.
    pub fn merge_into(&mut self, into: &mut CappedCounts<String>) {
        into.other += self.other;
        let mut new: Vec<(&str, u64)> = Vec::new();
        let fits = into.counts.len() + self.entries.len() <= into.cap;
        for e in &self.entries {
            let k = self.key(e);
            match into.counts.get_mut(k) {
                Some(c) => *c += e.count,
                None if fits => {
                    into.counts.insert(k.to_string(), e.count);
                }
                None => new.push((k, e.count)),
            }
        }
        // Past the cap, the last free slots go to the new keys by count, then key.
        let free = into.cap.saturating_sub(into.counts.len());
        if new.len() > free {
            if free > 0 {
                new.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
            }
            into.other += new.drain(free..).map(|(_, n)| n).sum::<u64>();
        }
        into.counts.extend(new.into_iter().map(|(k, n)| (k.to_string(), n)));
        self.index.clear();
        self.entries.clear();
        self.arena.clear();
        self.other = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::partial::Merge;

    #[test]
    fn merging_arena_counts_equals_merging_capped_counts() {
        let mut x = 3u64;
        let mut next = move || {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            x >> 40
        };
        for (cap, chunk_cap) in [(1, 1000), (7, 1000), (50, 30), (400, 1000), (5000, 1000)] {
            let (mut slow, mut fast) = (CappedCounts::new(cap), CappedCounts::new(cap));
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
                arena.merge_into(&mut fast);
                assert!(arena.is_empty());
                assert_eq!(slow.counts, fast.counts, "cap {cap}");
                assert_eq!(slow.other, fast.other, "cap {cap}");
            }
        }
    }
}
