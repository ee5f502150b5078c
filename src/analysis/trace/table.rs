//! The table behind `trace --top`'s global map for 128-bit keys (UUIDs,
//! 32-hex trace ids): open addressing with linear probing over one flat
//! array of `(key, Agg)` slots, 48 bytes each, an empty slot being one
//! whose aggregate counts no event.
//!
//! Why not `std::collections::HashMap`: the in-order sink merges every
//! ID of every chunk into a table of a million slots, one cache (and TLB)
//! miss per ID, one after the other, on the one thread that cannot be
//! parallelised. Here a batch of IDs first *touches* its slots (plain
//! independent loads, which the CPU keeps in flight together) and only then
//! merges them, so the misses overlap instead of adding up (no `unsafe`
//! prefetch intrinsic needed). Nothing depends on the layout: rankings and
//! prunes break ties by ID.

use crate::analysis::trace::top::Agg;

/// One slot: a key and its aggregate (`events == 0`: empty).
#[derive(Debug, Clone, Copy)]
struct Slot {
    key: u128,
    agg: Agg,
}

const EMPTY: Slot = Slot { key: 0, agg: Agg::EMPTY };

/// How many IDs of a batch touch their slots before any is merged.
pub const BATCH: usize = 16;

/// A `u128 -> Agg` map, see the module docs.
#[derive(Debug, Clone)]
pub struct WideTable {
    slots: Vec<Slot>,
    len: usize,
}

/// Mixes the key's two halves (UUIDs have fixed version/variant bits, so
/// neither half alone is uniform). Not keyed: as before with FxHash, a
/// crafted input can slow the table down, never change its answers.
#[inline]
fn hash(k: u128) -> u64 {
    let x = (k as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ ((k >> 64) as u64);
    let x = (x ^ (x >> 32)).wrapping_mul(0xD6E8_FEB8_6659_FD93);
    x ^ (x >> 29)
}

impl WideTable {
    /// A table that holds `n` keys without growing (at most 3/4 full).
    pub fn with_capacity(n: usize) -> WideTable {
        let slots = (n + n / 3 + 1).next_power_of_two().max(16);
        WideTable { slots: vec![EMPTY; slots], len: 0 }
    }

    /// Number of keys held.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether no key is held.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    #[inline]
    fn home(&self, k: u128) -> usize {
        hash(k) as usize & (self.slots.len() - 1)
    }

    /// Loads the first slot `k` would probe and returns a word of it, for
    /// [`WideTable::merge_all`]'s touching phase.
    #[inline]
    fn touch(&self, k: u128) -> u64 {
        self.slots[self.home(k)].key as u64
    }

    /// Merges `a` into the aggregate of `k` (inserting it when new).
    #[inline]
    pub fn merge(&mut self, k: u128, a: &Agg) {
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(k);
        loop {
            let s = &mut self.slots[i];
            if s.agg.events == 0 {
                *s = Slot { key: k, agg: *a };
                self.len += 1;
                return;
            }
            if s.key == k {
                s.agg.merge(a);
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /// Merges many `(key, aggregate)` pairs, a [`BATCH`] at a time: the
    /// batch's slots are loaded together first, then merged.
    pub fn merge_all(&mut self, items: &[(u128, Agg)]) {
        for batch in items.chunks(BATCH) {
            let mut sink = 0u64;
            for (k, _) in batch {
                sink ^= self.touch(*k);
            }
            std::hint::black_box(sink);
            for (k, a) in batch {
                self.merge(*k, a);
            }
        }
    }

    /// The aggregate of `k`, if held.
    pub fn get(&self, k: u128) -> Option<&Agg> {
        let mask = self.slots.len() - 1;
        let mut i = self.home(k);
        loop {
            let s = &self.slots[i];
            if s.agg.events == 0 {
                return None;
            }
            if s.key == k {
                return Some(&s.agg);
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let n = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, vec![EMPTY; n]);
        self.len = 0;
        for s in old.iter().filter(|s| s.agg.events != 0) {
            self.merge(s.key, &s.agg);
        }
    }

    /// Every key and aggregate, in slot order; with each, its slot number
    /// (for [`WideTable::retain_slots`]).
    pub fn iter(&self) -> impl Iterator<Item = (usize, u128, &Agg)> + '_ {
        self.slots.iter().enumerate().filter(|(_, s)| s.agg.events != 0).map(|(i, s)| (i, s.key, &s.agg))
    }

    /// The key in slot `i` (a slot number [`WideTable::iter`] gave).
    pub fn key_at(&self, i: usize) -> u128 {
        self.slots[i].key
    }

    /// Number of slots (the bound of the slot numbers [`WideTable::iter`] gives).
    pub fn slot_count(&self) -> usize {
        self.slots.len()
    }

    /// Keeps the keys whose slot number is marked in `keep` (indexed as
    /// [`WideTable::iter`] numbers them) and drops the others; the table
    /// keeps its size.
    ///
    /// In place, in one pass (linear probing has no cheap delete, and
    /// clearing then re-inserting every survivor cost a write of the whole
    /// table and a cache miss per survivor at each prune): starting after
    /// a slot that is empty, so that no run of occupied slots is entered
    /// in its middle, each key is taken out and, if kept, put back at the
    /// first free slot from its home. That slot is at or before the one it
    /// left (the slots between were all handled already), so the runs stay
    /// gapless and every key stays reachable.
    pub fn retain_slots(&mut self, keep: &[bool]) {
        let size = self.slots.len();
        let mask = size - 1;
        // At most 3/4 full: there is an empty slot.
        let Some(start) = self.slots.iter().position(|s| s.agg.events == 0) else {
            unreachable!("a table at most 3/4 full has an empty slot")
        };
        for j in 1..size {
            let i = (start + j) & mask;
            if self.slots[i].agg.events == 0 {
                continue;
            }
            let s = std::mem::replace(&mut self.slots[i], EMPTY);
            if !keep[i] {
                self.len -= 1;
                continue;
            }
            let mut p = self.home(s.key);
            while self.slots[p].agg.events != 0 {
                p = (p + 1) & mask;
            }
            self.slots[p] = s;
        }
    }

    /// Drops every key; the table keeps its size.
    pub fn clear(&mut self) {
        self.slots.fill(EMPTY);
        self.len = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn agg(i: u64) -> Agg {
        let ts = crate::event::Timestamp::new(1_700_000_000_000_000_000 + (i % 97) as i64 * 1_000_000, 3);
        Agg::one(Some(ts), i % 5 == 0, (i % 3 == 0).then_some((i % 11) as f64), None, None)
    }

    #[test]
    fn dropping_in_place_keeps_every_survivor_reachable() {
        // Small tables filled to the brim, so runs are long and wrap
        // around the end; random keys, random survivors, several rounds.
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for round in 0..300u64 {
            let mut t = WideTable::with_capacity(11);
            let mut m: HashMap<u128, Agg> = HashMap::new();
            for _ in 0..4 {
                while t.len() < 12 {
                    let k = u128::from(next() % 40) << (next() % 3 * 40);
                    let a = agg(next());
                    t.merge(k, &a);
                    m.entry(k).or_insert(Agg::EMPTY).merge(&a);
                }
                assert_eq!(t.slot_count(), 16, "round {round}: did not grow");
                let keep: Vec<bool> = (0..t.slot_count()).map(|_| next() % 3 != 0).collect();
                let kept: std::collections::HashSet<u128> =
                    t.iter().filter(|(i, _, _)| keep[*i]).map(|(_, k, _)| k).collect();
                t.retain_slots(&keep);
                m.retain(|k, _| kept.contains(k));
                assert_eq!(t.len(), m.len(), "round {round}");
                assert_eq!(t.iter().count(), m.len(), "round {round}");
                for (k, a) in &m {
                    assert_eq!(t.get(*k), Some(a), "round {round}: {k:x}");
                }
            }
        }
    }

    #[test]
    fn equals_a_hash_map_through_growth_collisions_and_rebuilds() {
        // Keys that collide on purpose (same low half, same high half) and
        // repeat; a small start so the table grows several times.
        let mut t = WideTable::with_capacity(4);
        let mut m: HashMap<u128, Agg> = HashMap::new();
        let mut items = Vec::new();
        for i in 0..20_000u64 {
            let k = match i % 4 {
                0 => u128::from(i % 3000),
                1 => u128::from(i % 2000) << 64,
                2 => (u128::from(i % 1500) << 64) | 7,
                _ => u128::from(i).wrapping_mul(0x9E37_79B9_7F4A_7C15_F39C_C060_5CED_C835) >> (i % 9),
            };
            items.push((k, agg(i)));
        }
        for (n, (k, a)) in items.iter().enumerate() {
            if n % 2 == 0 {
                t.merge(*k, a);
            }
            m.entry(*k).or_insert(Agg::EMPTY).merge(a);
        }
        let odd: Vec<(u128, Agg)> = items.iter().skip(1).step_by(2).copied().collect();
        t.merge_all(&odd);
        assert_eq!(t.len(), m.len());
        for (k, a) in &m {
            assert_eq!(t.get(*k), Some(a));
        }
        // Keep every third key by slot: the rest are gone, the kept ones whole.
        let keep: Vec<bool> = (0..t.slot_count()).map(|i| i % 3 == 0).collect();
        let kept: Vec<(u128, Agg)> = t.iter().filter(|(i, _, _)| keep[*i]).map(|(_, k, a)| (k, *a)).collect();
        t.retain_slots(&keep);
        assert_eq!(t.len(), kept.len());
        for (k, a) in &kept {
            assert_eq!(t.get(*k), Some(a));
        }
        assert_eq!(t.iter().count(), kept.len());
        t.clear();
        assert!(t.is_empty() && t.get(kept[0].0).is_none());
    }
}
