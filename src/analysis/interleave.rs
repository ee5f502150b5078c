//! The k-way merge behind `timeline`: every source's events, as compact
//! keys, merged into one order by UTC instant (issue 4).
//!
//! Scale: an event is a [`Key`] of 20 bytes (instant, byte offset and
//! length of the record, line number), never a parsed event; the printer
//! re-reads the record from its source. Keys arrive per chunk; a chunk whose
//! keys are out of order is sorted (stably, by its worker), and consecutive
//! chunks of a source whose instants do not go backwards are joined into one
//! *run*. The merge is a heap over the runs: a source written in order is a
//! single run, a source with stepping clocks or several writer threads is a
//! few, and only the chunks that were out of order were ever sorted.
//!
//! Order: by instant, then source order (input order), then file order.
//! Ties are therefore stable. Events without a timestamp of their own carry
//! the instant of the event before them in their source ([`RunBuilder`]
//! patches leading ones across chunk edges), so they come right after it.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Longest record length a key holds inline; longer ones are looked up
/// in [`RunBuilder::long`] (they are rare: a 16 MiB log record).
pub const MAX_INLINE_LEN: u64 = (1 << 24) - 1;
/// Largest byte offset a key can hold (1 TiB of decompressed source).
pub const MAX_OFFSET: u64 = (1 << 40) - 1;

/// One event's place: its instant and where its record is in its source.
/// Packed to 20 bytes so a billion events need 20 GB, not 200.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(C, packed(4))]
pub struct Key {
    /// UTC nanoseconds (inherited from the previous event when the record
    /// has no timestamp of its own).
    pub nanos: i64,
    /// Byte offset (40 bits) and length (24 bits; all ones = look it up).
    loc: u64,
    /// Line number of the record's first line (saturates at `u32::MAX`).
    line: u32,
}

impl Key {
    /// A key for the record at `offset` with `len` bytes and 1-based `line`.
    /// Returns the key and whether `len` was too long to keep inline.
    pub fn new(nanos: i64, offset: u64, len: u64, line: u64) -> (Key, bool) {
        let long = len >= MAX_INLINE_LEN;
        let l = if long { MAX_INLINE_LEN } else { len };
        let loc = (offset.min(MAX_OFFSET) << 24) | l;
        (Key { nanos, loc, line: line.min(u32::MAX as u64) as u32 }, long)
    }

    /// Byte offset of the record in its source.
    pub fn offset(&self) -> u64 {
        self.loc >> 24
    }

    /// Record length, or `None` when it is kept in the long-length table.
    pub fn inline_len(&self) -> Option<u64> {
        let l = self.loc & MAX_INLINE_LEN;
        (l != MAX_INLINE_LEN).then_some(l)
    }

    /// 1-based line number of the record's first line.
    pub fn line(&self) -> u64 {
        self.line as u64
    }

    /// Moves the line number `lines` further (saturating, as [`Key::new`]
    /// keeps numbers past `u32::MAX`).
    pub fn shift_line(&mut self, lines: u64) {
        let line = self.line as u64 + lines;
        self.line = line.min(u32::MAX as u64) as u32;
    }

    /// The instant (a copy: the struct is packed).
    pub fn instant(&self) -> i64 {
        self.nanos
    }
}

/// Whether keys are in non-decreasing instant order.
pub fn is_sorted(keys: &[Key]) -> bool {
    keys.windows(2).all(|w| w[0].instant() <= w[1].instant())
}

/// Sorts a chunk's keys by instant, keeping file order among equal ones,
/// when they are not sorted already. Returns whether it had to sort.
pub fn sort_chunk(keys: &mut [Key]) -> bool {
    if is_sorted(keys) {
        return false;
    }
    keys.sort_by_key(Key::instant);
    true
}

/// A sorted sequence of keys of one source, made of chunk slices.
#[derive(Debug, Default)]
pub struct Run {
    parts: Vec<Box<[Key]>>,
}

impl Run {
    fn last(&self) -> Option<i64> {
        self.parts.last().and_then(|p| p.last()).map(Key::instant)
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.parts.iter().map(|p| p.len()).sum()
    }

    /// True when the run holds no keys.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What one chunk's worker produced for the merge.
#[derive(Debug, Default)]
pub struct ChunkKeys {
    /// Keys of records before the chunk's first timestamped one: their
    /// instant is the previous chunk's last (patched in order).
    pub lead: Vec<Key>,
    /// The other keys, sorted (see [`sort_chunk`]).
    pub keys: Box<[Key]>,
    /// Instant of the chunk's last timestamped record in file order.
    pub last_timed: Option<i64>,
    /// Whether the worker had to sort.
    pub sorted: bool,
}

impl ChunkKeys {
    /// Adds `lines` to every key's line number: keys numbered from their
    /// chunk's start get their place in the source.
    pub fn shift_lines(&mut self, lines: u64) {
        for k in self.lead.iter_mut().chain(self.keys.iter_mut()) {
            k.shift_line(lines);
        }
    }
}

/// Collects one source's chunks, in chunk order, into runs.
#[derive(Debug, Default)]
pub struct RunBuilder {
    runs: Vec<Run>,
    /// Instant of the last timestamped record so far (file order).
    last_timed: Option<i64>,
    /// Leading untimed keys waiting for the source's first timestamp.
    waiting: Vec<Key>,
    /// Chunks that had to be sorted.
    pub sorted_chunks: u64,
    /// Number of keys added.
    pub events: u64,
}

impl RunBuilder {
    /// Adds the next chunk of the source.
    pub fn push(&mut self, mut c: ChunkKeys) {
        self.sorted_chunks += u64::from(c.sorted);
        self.events += (c.lead.len() + c.keys.len()) as u64;
        match self.last_timed {
            Some(t) => {
                for k in &mut c.lead {
                    k.nanos = t;
                }
                self.append(c.lead.into_boxed_slice());
            }
            None => self.waiting.append(&mut c.lead),
        }
        if let (None, Some(first)) = (self.last_timed, c.keys.first().map(Key::instant)) {
            // The source's first timestamp: records before it go with it.
            // `first` is the chunk's smallest instant, which keeps the run
            // sorted and places them right before their successor.
            let mut w = std::mem::take(&mut self.waiting);
            for k in &mut w {
                k.nanos = first;
            }
            self.append(w.into_boxed_slice());
        }
        self.append(c.keys);
        if c.last_timed.is_some() {
            self.last_timed = c.last_timed;
        }
    }

    fn append(&mut self, part: Box<[Key]>) {
        if part.is_empty() {
            return;
        }
        let first = part[0].instant();
        match self.runs.last_mut() {
            Some(r) if r.last().is_none_or(|l| l <= first) => r.parts.push(part),
            _ => self.runs.push(Run { parts: vec![part] }),
        }
    }

    /// The source's runs, in file order. Records of a source that never
    /// had a timestamp get `untimed` as their instant.
    pub fn finish(mut self, untimed: i64) -> Vec<Run> {
        if !self.waiting.is_empty() {
            let mut w = std::mem::take(&mut self.waiting);
            for k in &mut w {
                k.nanos = untimed;
            }
            self.append(w.into_boxed_slice());
        }
        self.runs
    }
}

/// A merge cursor over one run.
struct Cursor {
    run: Run,
    part: usize,
    at: usize,
    source: u32,
}

impl Cursor {
    fn peek(&self) -> Option<Key> {
        self.run.parts.get(self.part).map(|p| p[self.at])
    }

    fn advance(&mut self) {
        self.at += 1;
        if self.at >= self.run.parts[self.part].len() {
            self.part += 1;
            self.at = 0;
        }
    }
}

/// The k-way merge: yields `(source, key)` in timeline order.
pub struct Merge {
    cursors: Vec<Cursor>,
    /// (instant, cursor index): the cursor index encodes source order and
    /// file order, so equal instants pop stably.
    heap: BinaryHeap<Reverse<(i64, usize)>>,
}

impl Merge {
    /// Merges runs given as `(source, runs in file order)`, sources in
    /// input order.
    pub fn new(sources: Vec<(u32, Vec<Run>)>) -> Merge {
        let mut cursors = Vec::new();
        for (source, runs) in sources {
            for run in runs {
                if !run.is_empty() {
                    cursors.push(Cursor { run, part: 0, at: 0, source });
                }
            }
        }
        let heap = cursors
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.peek().map(|k| Reverse((k.instant(), i))))
            .collect();
        Merge { cursors, heap }
    }

    /// Number of runs being merged.
    pub fn runs(&self) -> usize {
        self.cursors.len()
    }

    /// Appends up to `max` next keys to `out`; returns how many. Keeps
    /// taking from one run while it stays ahead of every other (cheap for
    /// sources whose times do not overlap).
    pub fn next_batch(&mut self, out: &mut Vec<(u32, Key)>, max: usize) -> usize {
        let start = out.len();
        while out.len() - start < max {
            let Some(Reverse((_, i))) = self.heap.pop() else { break };
            let bound = self.heap.peek().map(|Reverse(t)| *t);
            let c = &mut self.cursors[i];
            while let Some(k) = c.peek() {
                if bound.is_some_and(|b| (k.instant(), i) > b) {
                    self.heap.push(Reverse((k.instant(), i)));
                    break;
                }
                out.push((c.source, k));
                c.advance();
                if out.len() - start >= max {
                    if let Some(k) = c.peek() {
                        self.heap.push(Reverse((k.instant(), i)));
                    }
                    break;
                }
            }
        }
        out.len() - start
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(nanos: i64, line: u64) -> Key {
        Key::new(nanos, line * 10, 9, line).0
    }

    fn chunk(keys: &[(i64, u64)], lead: &[u64]) -> ChunkKeys {
        let mut ks: Vec<Key> = keys.iter().map(|&(n, l)| key(n, l)).collect();
        let last_timed = ks.last().map(Key::instant);
        let sorted = sort_chunk(&mut ks);
        ChunkKeys { lead: lead.iter().map(|&l| key(0, l)).collect(), keys: ks.into(), last_timed, sorted }
    }

    fn merged(sources: Vec<(u32, Vec<Run>)>, batch: usize) -> Vec<(u32, i64, u64)> {
        let mut m = Merge::new(sources);
        let mut out = Vec::new();
        while m.next_batch(&mut out, batch) > 0 {}
        out.iter().map(|(s, k)| (*s, k.instant(), k.line())).collect()
    }

    #[test]
    fn keys_pack_offset_length_and_line() {
        assert_eq!(std::mem::size_of::<Key>(), 20);
        let (k, long) = Key::new(-5, 123_456_789_012, 4096, 77);
        assert!(!long);
        assert_eq!(
            (k.instant(), k.offset(), k.inline_len(), k.line()),
            (-5, 123_456_789_012, Some(4096), 77)
        );
        let (k, long) = Key::new(0, 1, 20 << 20, 1);
        assert!(long);
        assert_eq!(k.inline_len(), None);
    }

    #[test]
    fn three_sources_interleave_with_stable_ties() {
        let mut a = RunBuilder::default();
        a.push(chunk(&[(1, 1), (5, 2), (5, 3), (9, 4)], &[]));
        let mut b = RunBuilder::default();
        b.push(chunk(&[(5, 1), (6, 2)], &[]));
        let mut c = RunBuilder::default();
        c.push(chunk(&[(0, 1), (5, 2), (10, 3)], &[]));
        let got = merged(vec![(7, a.finish(0)), (3, b.finish(0)), (4, c.finish(0))], 2);
        assert_eq!(
            got,
            vec![
                (4, 0, 1),
                (7, 1, 1),
                (7, 5, 2),
                (7, 5, 3),
                (3, 5, 1),
                (4, 5, 2),
                (3, 6, 2),
                (7, 9, 4),
                (4, 10, 3)
            ]
        );
    }

    #[test]
    fn out_of_order_chunks_are_sorted_and_become_runs() {
        let mut a = RunBuilder::default();
        a.push(chunk(&[(10, 1), (12, 2)], &[]));
        a.push(chunk(&[(11, 3), (8, 4), (11, 5)], &[])); // steps back: sorted, new run
        a.push(chunk(&[(13, 6)], &[])); // joins the second run
        assert_eq!(a.sorted_chunks, 1);
        let runs = a.finish(0);
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[1].len(), 4);
        let got: Vec<u64> = merged(vec![(0, runs)], 100).iter().map(|t| t.2).collect();
        assert_eq!(got, vec![4, 1, 3, 5, 2, 6]);
    }

    #[test]
    fn untimed_records_follow_their_predecessor_across_chunks() {
        let mut a = RunBuilder::default();
        a.push(chunk(&[], &[1, 2])); // untimed lines before any timestamp
        a.push(chunk(&[(20, 4), (30, 5)], &[3])); // line 3 leads this chunk
        a.push(chunk(&[(31, 7)], &[6])); // line 6 continues line 5 (t=30)
        let mut b = RunBuilder::default();
        b.push(chunk(&[(25, 1), (30, 2), (40, 3)], &[]));
        let got = merged(vec![(0, a.finish(0)), (1, b.finish(0))], 3);
        let order: Vec<(u32, u64)> = got.iter().map(|t| (t.0, t.2)).collect();
        assert_eq!(
            order,
            vec![(0, 1), (0, 2), (0, 3), (0, 4), (1, 1), (0, 5), (0, 6), (1, 2), (0, 7), (1, 3)]
        );
    }

    #[test]
    fn a_source_without_timestamps_goes_where_it_is_told() {
        let mut a = RunBuilder::default();
        a.push(chunk(&[], &[1, 2]));
        let runs = a.finish(i64::MAX);
        let mut b = RunBuilder::default();
        b.push(chunk(&[(5, 1)], &[]));
        let got = merged(vec![(0, runs), (1, b.finish(0))], 10);
        assert_eq!(got, vec![(1, 5, 1), (0, i64::MAX, 1), (0, i64::MAX, 2)]);
    }

    #[test]
    fn merge_matches_a_stable_sort_on_random_input() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut rnd = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let mut expect = Vec::new();
        let mut sources = Vec::new();
        for s in 0..5u32 {
            let mut rb = RunBuilder::default();
            let mut line = 1;
            let mut t = rnd(100) as i64;
            for _ in 0..rnd(6) + 1 {
                let mut ks = Vec::new();
                for _ in 0..rnd(40) {
                    t += rnd(10) as i64 - if s == 2 { 4 } else { 0 }; // source 2 jitters back
                    ks.push((t, line));
                    expect.push((s, t, line));
                    line += 1;
                }
                rb.push(chunk(&ks, &[]));
            }
            sources.push((s, rb.finish(0)));
        }
        expect.sort_by_key(|&(s, t, _)| (t, s));
        assert_eq!(merged(sources, 7), expect);
    }
}
