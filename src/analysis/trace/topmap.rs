//! The capped ID -> aggregate map of `trace --top` (see [`super::top`]
//! for why a capped map and not a sketch), and the per-chunk lists the
//! workers hand to it.
//!
//! UUID and 32-hex keys live in two [`WideTable`]s (flat, probed in
//! batches: the in-order sink merges every ID of the corpus, so this is the
//! one serial part of `--top`); other IDs, rare, in a hash map of text.

use std::collections::HashMap;

use crate::analysis::trace::table::WideTable;
use crate::analysis::trace::top::{for_each_request_id, Agg, IdHasher, IdKey};
use crate::event::Event;

type TextMap = HashMap<Box<str>, Agg, std::hash::BuildHasherDefault<IdHasher>>;

/// One chunk's contributions to a [`TopMap`], in order: a worker appends
/// (sequential writes) and the in-order sink merges them. A per-chunk
/// hash map deduplicated little (a request has one or two lines per file)
/// and its random writes missed the cache on every event. Kept by key
/// kind so the sink merges each kind into its table in one batched run.
#[derive(Debug, Default)]
pub struct ChunkIds {
    uuid: Vec<(u128, Agg)>,
    hex: Vec<(u128, Agg)>,
    text: Vec<(Box<str>, Agg)>,
}

impl ChunkIds {
    /// Adds one event's request IDs (as [`TopMap::add_event`]).
    pub fn add_event(&mut self, ev: &Event<'_>) {
        for_each_request_id(ev, &mut |k, one| self.push(k, one));
    }

    /// Adds one ID's contribution. A UUID that was also the previous one
    /// (a service logging one request on consecutive lines) is merged here,
    /// in the worker: one entry fewer for the sink's table, same figures
    /// (merging is associative and commutative).
    #[inline]
    pub fn push(&mut self, k: IdKey, a: &Agg) {
        match k {
            IdKey::Uuid(v) => match self.uuid.last_mut() {
                Some((last, agg)) if *last == v => agg.merge(a),
                _ => self.uuid.push((v, *a)),
            },
            IdKey::Hex32(v) => self.hex.push((v, *a)),
            IdKey::Text(s) => self.text.push((s, *a)),
        }
    }

    /// Makes room for about `n` more IDs.
    pub fn reserve(&mut self, n: usize) {
        self.uuid.reserve(n);
    }

    /// Whether nothing was added since the last merge.
    pub fn is_empty(&self) -> bool {
        self.uuid.is_empty() && self.hex.is_empty() && self.text.is_empty()
    }
}

/// What a prune's rankings read of one ID, and where the ID is: 24 bytes
/// instead of the aggregate and key.
#[derive(Debug, Clone, Copy)]
struct PruneEntry {
    /// `Agg::slowness_ms` as bits (non-negative, so ordered as the value).
    slow: u64,
    events: u32,
    errors: u32,
    /// Slot (UUID and 32-hex tables) or index among the text keys.
    loc: u32,
    /// 0 UUID, 1 32-hex, 2 text: the order of `IdKey`'s variants.
    tag: u8,
    kept: bool,
}

impl PruneEntry {
    fn new(tag: u8, loc: usize, a: &Agg) -> PruneEntry {
        PruneEntry {
            slow: a.slowness_ms().to_bits(),
            events: a.events,
            errors: a.errors,
            loc: loc as u32,
            tag,
            kept: false,
        }
    }
}

/// A prune's buffers, kept from one prune to the next (their size is
/// bounded by the map's, twice its cap).
#[derive(Debug, Clone, Default)]
struct PruneScratch {
    entries: Vec<PruneEntry>,
    sel: Vec<u128>,
}

/// A bounded ID -> aggregate map (see [`super::top`]'s docs).
#[derive(Debug, Clone)]
pub struct TopMap {
    uuid: WideTable,
    hex: WideTable,
    text: TextMap,
    cap: usize,
    pruned: u64,
    scratch: PruneScratch,
}

impl TopMap {
    /// A map holding about `cap` IDs (up to twice that between prunes).
    pub fn new(cap: usize) -> TopMap {
        let cap = cap.max(16);
        // Sized once for the most it holds between prunes (plus a chunk):
        // in practice it never grows.
        TopMap {
            uuid: WideTable::with_capacity(2 * cap + cap / 4 + 16),
            hex: WideTable::with_capacity(16),
            text: TextMap::default(),
            cap,
            pruned: 0,
            scratch: PruneScratch::default(),
        }
    }

    /// A map for one chunk's IDs, sized for about `ids` of them; it is
    /// never pruned.
    pub fn for_chunk(ids: usize) -> TopMap {
        TopMap {
            uuid: WideTable::with_capacity(ids),
            hex: WideTable::with_capacity(16),
            text: TextMap::default(),
            cap: usize::MAX / 4,
            pruned: 0,
            scratch: PruneScratch::default(),
        }
    }

    /// Merges one ID's contribution.
    pub fn add(&mut self, k: IdKey, a: &Agg) {
        match k {
            IdKey::Uuid(v) => self.uuid.merge(v, a),
            IdKey::Hex32(v) => self.hex.merge(v, a),
            IdKey::Text(s) => self.text.entry(s).or_insert(Agg::EMPTY).merge(a),
        }
    }

    /// Adds one event: every request ID it carries (once each), see
    /// [`for_each_request_id`].
    pub fn add_event(&mut self, ev: &Event<'_>) {
        for_each_request_id(ev, &mut |k, one| self.add(k, one));
    }

    /// Merges the contributions of one chunk and leaves `ids` empty, its
    /// buffers kept for the next chunk. The same map results as from
    /// merging the chunk's [`TopMap`], or its IDs one by one in the order
    /// they were seen: merging is associative and commutative, and a prune
    /// only happens between chunks.
    pub fn merge_ids(&mut self, ids: &mut ChunkIds) {
        self.uuid.merge_all(&ids.uuid);
        self.hex.merge_all(&ids.hex);
        for (k, a) in ids.text.drain(..) {
            self.text.entry(k).or_insert(Agg::EMPTY).merge(&a);
        }
        ids.uuid.clear();
        ids.hex.clear();
        self.prune_if_full();
    }

    /// Merges another map (a chunk's) into this one, pruning if needed.
    pub fn merge(&mut self, mut other: TopMap) {
        self.merge_drain(&mut other);
    }

    /// Like [`TopMap::merge`], but leaves `other` empty with its tables
    /// still allocated, so a worker can reuse it for the next chunk.
    pub fn merge_drain(&mut self, other: &mut TopMap) {
        self.pruned += std::mem::take(&mut other.pruned);
        for (_, k, a) in other.uuid.iter() {
            self.uuid.merge(k, a);
        }
        for (_, k, a) in other.hex.iter() {
            self.hex.merge(k, a);
        }
        for (k, a) in other.text.drain() {
            self.text.entry(k).or_insert(Agg::EMPTY).merge(&a);
        }
        other.uuid.clear();
        other.hex.clear();
        self.prune_if_full();
    }

    fn clear(&mut self) {
        self.uuid.clear();
        self.hex.clear();
        self.text.clear();
    }

    fn prune_if_full(&mut self) {
        if self.len() > 2 * self.cap {
            self.prune();
        }
    }

    /// Makes room for about `ids` more IDs (a reused chunk map): nothing to
    /// do, the tables grow by themselves.
    pub fn reserve(&mut self, _ids: usize) {}

    /// The most IDs held between prunes: a map that pruned saw more
    /// distinct IDs than this, one that did not saw at most this many.
    pub fn bound(&self) -> usize {
        2 * self.cap
    }

    /// Number of IDs dropped by pruning so far.
    pub fn pruned(&self) -> u64 {
        self.pruned
    }

    /// Number of IDs held.
    pub fn len(&self) -> usize {
        self.uuid.len() + self.hex.len() + self.text.len()
    }

    /// Whether no ID was seen.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every ID held with its aggregate, in no particular order.
    pub fn entries(&self) -> Vec<(IdKey, Agg)> {
        let mut v = Vec::with_capacity(self.len());
        v.extend(self.uuid.iter().map(|(_, k, a)| (IdKey::Uuid(k), *a)));
        v.extend(self.hex.iter().map(|(_, k, a)| (IdKey::Hex32(k), *a)));
        v.extend(self.text.iter().map(|(k, a)| (IdKey::Text(k.clone()), *a)));
        v
    }

    /// Keeps the `cap` IDs that lead the rankings: a third by each of
    /// slowness, errors and events (ties and overlaps leave room for more).
    ///
    /// Each ranking orders the IDs best first, ties broken by ID (so which
    /// IDs survive does not depend on the tables' layout); its first third
    /// is kept. The first third is found by a selection on the rank keys
    /// as plain 128-bit numbers, computed from a compact copy of what the
    /// rankings read (slowness computed once per ID, not once per ranking);
    /// what ranks above the `third`-th place is kept, and of the IDs that
    /// tie with it the lowest, as many as fill the third. The copy's
    /// buffers are kept for the next prune (a prune runs a dozen times on
    /// a large corpus, on the thread every chunk waits for).
    fn prune(&mut self) {
        let third = self.cap / 3;
        let before = self.len();
        if third == 0 {
            self.clear();
            self.pruned += before as u64;
            return;
        }
        if before <= third {
            return;
        }
        fn pack(hi: u64, lo: u64) -> u128 {
            (u128::from(hi) << 64) | u128::from(lo)
        }
        type Rank = fn(&PruneEntry) -> u128;
        let ranks: [Rank; 3] = [
            |e| pack(e.slow, u64::from(e.events)),
            |e| pack(u64::from(e.errors), e.slow),
            |e| pack(u64::from(e.events), e.slow),
        ];
        let texts: Vec<(&Box<str>, &Agg)> = self.text.iter().collect();
        let mut entries = std::mem::take(&mut self.scratch.entries);
        let mut sel = std::mem::take(&mut self.scratch.sel);
        entries.clear();
        entries.extend(self.uuid.iter().map(|(i, _, a)| PruneEntry::new(0, i, a)));
        entries.extend(self.hex.iter().map(|(i, _, a)| PruneEntry::new(1, i, a)));
        entries.extend(texts.iter().enumerate().map(|(i, (_, a))| PruneEntry::new(2, i, a)));
        // An ID's order among equals: kind (the order of IdKey's variants:
        // Uuid, Hex32, Text), its bits (for Text, 0), then its text. Ties at
        // the cut are held as (kind, bits, index in `entries`).
        let bits = |e: &PruneEntry| match e.tag {
            0 => self.uuid.key_at(e.loc as usize),
            1 => self.hex.key_at(e.loc as usize),
            _ => 0,
        };
        let mut ties: Vec<(u8, u128, u32)> = Vec::new();
        for rank in ranks {
            sel.clear();
            sel.extend(entries.iter().map(rank));
            let (_, &mut cut, _) = sel.select_nth_unstable_by(third - 1, |x, y| y.cmp(x));
            ties.clear();
            let mut above = 0;
            for (i, e) in entries.iter_mut().enumerate() {
                let r = rank(e);
                if r > cut {
                    e.kept = true;
                    above += 1;
                } else if r == cut {
                    ties.push((e.tag, 0, i as u32));
                }
            }
            for t in ties.iter_mut() {
                t.1 = bits(&entries[t.2 as usize]);
            }
            let need = third - above;
            let by_id = |x: &(u8, u128, u32), y: &(u8, u128, u32)| {
                x.0.cmp(&y.0).then(x.1.cmp(&y.1)).then_with(|| match x.0 {
                    2 => {
                        let text = |t: &(u8, u128, u32)| texts[entries[t.2 as usize].loc as usize].0;
                        text(x).cmp(text(y))
                    }
                    _ => std::cmp::Ordering::Equal,
                })
            };
            if need < ties.len() {
                ties.select_nth_unstable_by(need, by_id);
            }
            for t in &ties[..need.min(ties.len())] {
                entries[t.2 as usize].kept = true;
            }
        }
        let mut keep = [
            vec![false; self.uuid.slot_count()],
            vec![false; self.hex.slot_count()],
            vec![false; texts.len()],
        ];
        for e in entries.iter().filter(|e| e.kept) {
            keep[e.tag as usize][e.loc as usize] = true;
        }
        self.scratch = PruneScratch { entries, sel };
        let kept_texts: std::collections::HashSet<Box<str>> =
            texts.iter().zip(&keep[2]).filter(|(_, k)| **k).map(|((t, _), _)| (*t).clone()).collect();
        drop(texts);
        self.uuid.retain_slots(&keep[0]);
        self.hex.retain_slots(&keep[1]);
        self.text.retain(|k, _| kept_texts.contains(k));
        self.pruned += (before - self.len()) as u64;
    }

    /// The top `n` by a ranking (best first, then by ID for stable output).
    ///
    /// The same rows as sorting every entry and keeping the first `n`, but
    /// the map can hold half a million IDs and this runs three times after
    /// the scan, on one thread: each entry's rank is computed once, a
    /// selection finds the first `n` and only those are sorted and have
    /// their keys copied. The order is total (IDs are distinct, and ranks
    /// are never NaN: spans and durations are finite), so the selection
    /// keeps exactly the rows the full sort would.
    pub fn top_by<K: PartialOrd>(
        &self,
        n: usize,
        filter: fn(&Agg) -> bool,
        key: fn(&Agg) -> K,
    ) -> Vec<(IdKey, Agg)> {
        if n == 0 {
            return Vec::new();
        }
        let mut v: Vec<(K, KeyRef<'_>, &Agg)> =
            self.refs().filter(|(_, a)| filter(a)).map(|(k, a)| (key(a), k, a)).collect();
        let order = |x: &(K, KeyRef<'_>, &Agg), y: &(K, KeyRef<'_>, &Agg)| {
            y.0.partial_cmp(&x.0).unwrap_or(std::cmp::Ordering::Equal).then_with(|| x.1.cmp(&y.1))
        };
        if v.len() > n {
            v.select_nth_unstable_by(n - 1, order);
            v.truncate(n);
        }
        v.sort_by(order);
        v.into_iter().map(|(_, k, a)| (k.to_key(), *a)).collect()
    }

    /// Every ID held, borrowed, with its aggregate, in no particular order.
    fn refs(&self) -> impl Iterator<Item = (KeyRef<'_>, &Agg)> + '_ {
        let uuid = self.uuid.iter().map(|(_, k, a)| (KeyRef::Uuid(k), a));
        let hex = self.hex.iter().map(|(_, k, a)| (KeyRef::Hex32(k), a));
        uuid.chain(hex).chain(self.text.iter().map(|(k, a)| (KeyRef::Text(k), a)))
    }
}

/// An [`IdKey`] borrowed from the map: ordered as `IdKey` is (variants in
/// the same order, text by its bytes), so rankings can break ties without
/// copying every text key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum KeyRef<'a> {
    Uuid(u128),
    Hex32(u128),
    Text(&'a str),
}

impl KeyRef<'_> {
    fn to_key(self) -> IdKey {
        match self {
            KeyRef::Uuid(v) => IdKey::Uuid(v),
            KeyRef::Hex32(v) => IdKey::Hex32(v),
            KeyRef::Text(s) => IdKey::Text(s.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The prune as first written: drain everything, pick each ranking's
    /// first third, insert the survivors back.
    fn prune_by_reinserting(m: &mut TopMap) {
        let third = m.cap / 3;
        let mut entries: Vec<(IdKey, Agg)> = m.entries();
        m.clear();
        let before = entries.len();
        type Rank = fn(&Agg) -> (u64, u64);
        let ranks: [Rank; 3] = [
            |a| (a.slowness_ms().to_bits(), a.events as u64),
            |a| (a.errors as u64, a.slowness_ms().to_bits()),
            |a| (a.events as u64, a.slowness_ms().to_bits()),
        ];
        let mut back = std::collections::HashSet::new();
        for rank in ranks {
            if entries.len() > third && third > 0 {
                entries.select_nth_unstable_by(third, |x, y| {
                    rank(&y.1).cmp(&rank(&x.1)).then_with(|| x.0.cmp(&y.0))
                });
            }
            for (k, a) in entries.iter().take(third) {
                if back.insert(k.clone()) {
                    m.add(k.clone(), a);
                }
            }
        }
        m.pruned += (before - m.len()) as u64;
    }

    #[test]
    fn runs_of_one_uuid_merged_in_the_chunk_give_the_figures_of_one_by_one() {
        // Runs of the same UUID (a request on consecutive lines), with fine
        // and whole-second stamps, errors and durations in any order.
        let mut by_list = TopMap::new(1000);
        let mut one_by_one = TopMap::new(1000);
        let mut ids = ChunkIds::default();
        for i in 0..600u32 {
            let key = IdKey::Uuid(u128::from(i / 3 % 50) + 1);
            let t = 1_700_000_000_000_000_000 + i64::from(i % 7) * 123_000_000;
            let ts = (i % 11 != 0).then(|| crate::event::Timestamp::new(t, (i % 2) as usize * 3));
            let a = Agg::one(
                ts,
                i % 4 == 0,
                (i % 5 == 0).then_some(f64::from(i)),
                Some(200 + i as u16 % 5),
                None,
            );
            ids.push(key.clone(), &a);
            one_by_one.add(key, &a);
        }
        assert!(ids.uuid.len() < 600, "runs merged");
        by_list.merge_ids(&mut ids);
        let sorted = |m: &TopMap| {
            let mut v = m.entries();
            v.sort_by(|x, y| x.0.cmp(&y.0));
            v
        };
        assert_eq!(sorted(&by_list), sorted(&one_by_one));
    }

    /// `top_by` as first written: every entry sorted, the first `n` kept.
    fn top_by_sorting_all(
        m: &TopMap,
        n: usize,
        filter: fn(&Agg) -> bool,
        key: fn(&Agg) -> (u32, f64),
    ) -> Vec<(IdKey, Agg)> {
        let mut v: Vec<(IdKey, Agg)> = m.entries().into_iter().filter(|(_, a)| filter(a)).collect();
        v.sort_by(|x, y| {
            key(&y.1).partial_cmp(&key(&x.1)).unwrap_or(std::cmp::Ordering::Equal).then_with(|| x.0.cmp(&y.0))
        });
        v.truncate(n);
        v
    }

    #[test]
    fn top_by_selecting_gives_what_sorting_everything_gave() {
        // Many ties on every ranking, all three key kinds (text keys whose
        // order differs from their hash order), n below, at and above the
        // number of entries.
        let mut m = TopMap::new(100_000);
        for i in 0..3000u32 {
            let key = match i % 5 {
                0 => IdKey::new(&format!("job-{}", 3000 - i)),
                1 => IdKey::Hex32(u128::from(i) << 7),
                _ => IdKey::Uuid(u128::from(i).wrapping_mul(0x9E37_79B9_7F4A_7C15_F39C_C060_5CED_C835)),
            };
            let t = 1_700_000_000_000_000_000 + i64::from(i % 4) * 1_000_000;
            let mut a = Agg::one(Some(crate::event::Timestamp::new(t, 3)), i % 3 == 0, None, None, None);
            a.merge(&Agg::one(
                Some(crate::event::Timestamp::new(t + i64::from(i % 7) * 5_000_000, 3)),
                i % 4 == 0,
                (i % 9 == 0).then_some(f64::from(i % 50)),
                None,
                None,
            ));
            a.events += i % 3;
            m.add(key, &a);
        }
        type Key = fn(&Agg) -> (u32, f64);
        let keys: [Key; 3] =
            [|a| (0, a.slowness_ms()), |a| (a.errors, a.slowness_ms()), |a| (a.events, a.slowness_ms())];
        for key in keys {
            for filter in [(|_: &Agg| true) as fn(&Agg) -> bool, |a: &Agg| a.errors > 0] {
                for n in [0, 1, 20, 999, 2999, 3000, 5000] {
                    assert_eq!(m.top_by(n, filter, key), top_by_sorting_all(&m, n, filter, key), "n={n}");
                }
            }
        }
        let slow = m.top_by(20, |_| true, Agg::slowness_ms);
        let all = top_by_sorting_all(&m, 20, |_| true, |a| (0, a.slowness_ms()));
        assert_eq!(slow, all);
    }

    #[test]
    fn whether_anything_was_pruned_does_not_depend_on_the_order_of_chunks() {
        // Chunks of IDs shared across chunks; merged forwards, backwards and
        // interleaved, with totals just under, at and over the bound.
        for distinct in [59u32, 60, 61, 200] {
            let chunks: Vec<Vec<u32>> =
                (0..12u32).map(|c| (0..30).map(|i| (c * 7 + i * 5) % distinct).collect()).collect();
            let all: std::collections::HashSet<u32> = chunks.iter().flatten().copied().collect();
            let orders: [Vec<usize>; 3] =
                [(0..12).collect(), (0..12).rev().collect(), (0..12).map(|i| (i * 5) % 12).collect()];
            for order in orders {
                let mut m = TopMap::new(30);
                for &c in &order {
                    let mut ids = ChunkIds::default();
                    for &i in &chunks[c] {
                        let ts = crate::event::Timestamp::new(1_700_000_000_000_000_000 + i64::from(i), 3);
                        ids.push(
                            IdKey::Uuid(u128::from(i) + 1),
                            &Agg::one(Some(ts), false, None, None, None),
                        );
                    }
                    m.merge_ids(&mut ids);
                }
                assert_eq!(m.pruned() > 0, all.len() > m.bound(), "{distinct} {order:?}");
                if m.pruned() == 0 {
                    assert_eq!(m.len(), all.len());
                }
            }
        }
    }

    #[test]
    fn pruning_in_place_keeps_what_reinserting_kept() {
        // Many ties on every ranking (few distinct spans, events, errors),
        // text and UUID keys, and a cap that is not a multiple of 3.
        for (n, cap) in [(5000u32, 301usize), (700, 64), (40, 16), (100, 200)] {
            let mut m = TopMap::new(cap);
            for i in 0..n {
                let key = if i % 7 == 0 {
                    IdKey::new(&format!("job-{i}"))
                } else {
                    IdKey::Uuid(u128::from(i).wrapping_mul(0x9E37_79B9_7F4A_7C15_F39C_C060_5CED_C835))
                };
                let t = 1_700_000_000_000_000_000 + i64::from(i % 5) * 1_000_000;
                let ts = crate::event::Timestamp::new(t, 3);
                let mut a =
                    Agg::one(Some(ts), i % 11 == 0, (i % 13 == 0).then_some(f64::from(i % 4)), None, None);
                a.merge(&Agg::one(
                    Some(crate::event::Timestamp::new(t + i64::from(i % 3) * 7_000_000, 3)),
                    i % 5 == 0,
                    None,
                    Some(200 + (i % 4) as u16 * 100),
                    None,
                ));
                a.events += i % 6;
                m.add(key, &a);
            }
            let mut old = m.clone();
            m.prune();
            prune_by_reinserting(&mut old);
            let all = |m: &TopMap| {
                let mut v = m.entries();
                v.sort_by(|x, y| x.0.cmp(&y.0));
                v
            };
            assert_eq!(m.len(), old.len(), "n={n} cap={cap}");
            assert_eq!(all(&m), all(&old), "n={n} cap={cap}");
            assert_eq!(m.pruned(), old.pruned());
        }
    }
}

#[cfg(test)]
mod reference {
    //! The map as it was before the flat tables (a `HashMap` of `IdKey`,
    //! pruned by cuts), kept to prove the tables give the same figures.
    use super::*;

    pub struct RefMap {
        pub map: HashMap<IdKey, Agg>,
        pub cap: usize,
        pub pruned: u64,
    }

    impl RefMap {
        pub fn merge(&mut self, items: &[(IdKey, Agg)]) {
            for (k, a) in items {
                self.map.entry(k.clone()).or_insert(Agg::EMPTY).merge(a);
            }
            if self.map.len() > 2 * self.cap {
                self.prune();
            }
        }

        fn prune(&mut self) {
            let third = self.cap / 3;
            let before = self.map.len();
            type Rank = fn(&Agg) -> (u64, u64);
            let ranks: [Rank; 3] = [
                |a| (a.slowness_ms().to_bits(), a.events as u64),
                |a| (a.errors as u64, a.slowness_ms().to_bits()),
                |a| (a.events as u64, a.slowness_ms().to_bits()),
            ];
            type Entry<'k> = ((u64, u64), &'k IdKey);
            fn order(x: &Entry<'_>, y: &Entry<'_>) -> std::cmp::Ordering {
                y.0.cmp(&x.0).then_with(|| x.1.cmp(y.1))
            }
            let mut cuts: Vec<((u64, u64), IdKey)> = Vec::new();
            for rank in ranks {
                let mut keys: Vec<Entry<'_>> = self.map.iter().map(|(k, a)| (rank(a), k)).collect();
                let (_, c, _) = keys.select_nth_unstable_by(third, order);
                cuts.push((c.0, c.1.clone()));
            }
            self.map.retain(|k, a| {
                ranks
                    .iter()
                    .zip(&cuts)
                    .any(|(rank, (r, c))| order(&(rank(a), k), &(*r, c)) == std::cmp::Ordering::Less)
            });
            self.pruned += (before - self.map.len()) as u64;
        }
    }

    #[test]
    fn flat_tables_give_what_the_hash_map_gave_over_many_prunes() {
        // Chunks whose IDs repeat across chunks (a request seen in several
        // files), with UUID, 32-hex and text keys, many ties, many prunes.
        let mut new = TopMap::new(300);
        let mut old = RefMap { map: HashMap::new(), cap: 300, pruned: 0 };
        let mut x: u64 = 0x1234_5678;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for chunk in 0..300u64 {
            let mut ids = ChunkIds::default();
            let mut items = Vec::new();
            for _ in 0..(next() % 200) {
                let r = next();
                let id = chunk * 50 + r % 400;
                let key = match r % 10 {
                    0 => IdKey::Hex32(u128::from(id) << 3),
                    1 => IdKey::new(&format!("job-{id}")),
                    _ => IdKey::Uuid(u128::from(id).wrapping_mul(0x9E37_79B9_7F4A_7C15_F39C_C060_5CED_C835)),
                };
                let t = 1_700_000_000_000_000_000 + (next() % 50) as i64 * 10_000_000;
                let ts = (r % 7 != 0).then(|| crate::event::Timestamp::new(t, (r % 3) as usize));
                let level = (r % 5 == 0).then_some(crate::event::Level::Error);
                let a = Agg::one(ts, r % 4 == 0, (r % 6 == 0).then_some((r % 900) as f64), Some(200), level);
                ids.push(key.clone(), &a);
                items.push((key, a));
            }
            new.merge_ids(&mut ids);
            old.merge(&items);
            assert_eq!(new.len(), old.map.len(), "chunk {chunk}");
            assert_eq!(new.pruned(), old.pruned, "chunk {chunk}");
        }
        assert!(old.pruned > 1000, "{}", old.pruned);
        let mut a = new.entries();
        a.sort_by(|x, y| x.0.cmp(&y.0));
        let mut b: Vec<(IdKey, Agg)> = old.map.into_iter().collect();
        b.sort_by(|x, y| x.0.cmp(&y.0));
        assert_eq!(a, b);
    }
}
