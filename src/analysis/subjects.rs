//! The flood subjects (client IPs, users, endpoints) of one chunk, counted
//! per slot without allocating per event.
//!
//! A chunk of an access log holds thousands of client IPs, nearly all seen
//! once or twice and dropped at the end of the chunk (only subjects with
//! [`crate::analysis::signals::BUSY`] events in one slot are kept). Giving
//! each a `BTreeMap` of slots and a `String` example line (UTF-8 repair
//! included) was a fifth of `anomalies`: here a subject's first slot is
//! inline, further slots go in a small vector, and its name and example are
//! ranges of raw bytes in one arena, found by hash (no `String` per subject). [`ChunkSubjects::drain_into`] turns the kept ones
//! into [`SubjectSeries`] exactly as the per-event maps would have made them.

use std::collections::BTreeMap;
use std::hash::{BuildHasher, Hasher};

use crate::analysis::partial::{FastMap, FastState, HashIndex};
use crate::analysis::signals::{lossy, SubjectSeries, MAX_LINE};

/// No entry: the end of a collision chain.
const NONE: u32 = u32::MAX;

/// One subject in the chunk.
#[derive(Debug, Clone)]
struct Live {
    /// Its name and example line: ranges of [`ChunkSubjects::arena`].
    name: (u32, u32),
    example: (u32, u32),
    /// The next subject whose name has the same hash.
    next: u32,
    kind: u8,
    /// The slot of its first event and its count there.
    slot: i64,
    count: u32,
    /// The other slots, in order of first event.
    more: Vec<(i64, u32)>,
    /// The latest slot of all.
    max_slot: i64,
}

impl Live {
    /// Adds one event in `slot`; returns the slot's count after it.
    fn bump(&mut self, slot: i64) -> u32 {
        if self.slot == slot {
            self.count += 1;
            return self.count;
        }
        // Events mostly come in time order: the last slot first, and a slot
        // after every one seen is new (no search of the others).
        if let Some((s, c)) = self.more.last_mut() {
            if *s == slot {
                *c += 1;
                return *c;
            }
        }
        if slot > self.max_slot {
            self.max_slot = slot;
            self.more.push((slot, 1));
            return 1;
        }
        match self.more.iter_mut().rev().find(|(s, _)| *s == slot) {
            Some((_, c)) => {
                *c += 1;
                *c
            }
            None => {
                self.more.push((slot, 1));
                1
            }
        }
    }

    fn busy(&self, at_least: u32) -> bool {
        self.count >= at_least || self.more.iter().any(|&(_, c)| c >= at_least)
    }
}

/// Per-kind subject counts of one chunk (see module docs).
#[derive(Debug, Clone, Default)]
pub struct ChunkSubjects {
    /// Hash of (kind, name) -> first subject of that hash.
    index: HashIndex<u32>,
    subjects: Vec<Live>,
    /// Names and example lines (each cut to [`MAX_LINE`] bytes), back to back.
    arena: Vec<u8>,
}

impl ChunkSubjects {
    fn keep(&mut self, bytes: &[u8]) -> (u32, u32) {
        let start = self.arena.len() as u32;
        self.arena.extend_from_slice(bytes);
        (start, self.arena.len() as u32)
    }

    fn text(&self, r: (u32, u32)) -> &[u8] {
        &self.arena[r.0 as usize..r.1 as usize]
    }

    /// The subject `name` of kind `kind`, if counted.
    fn find(&self, first: u32, kind: u8, name: &str) -> Option<usize> {
        let mut i = first;
        while i != NONE {
            let s = &self.subjects[i as usize];
            if s.kind == kind && self.text(s.name) == name.as_bytes() {
                return Some(i as usize);
            }
            i = s.next;
        }
        None
    }

    /// Counts one event of subject `name` of kind `kind` (an index into
    /// [`crate::analysis::signals::SubjectKind::ALL`]) in `slot`, with `raw`
    /// as its line; returns the subject's count in that slot after it.
    pub fn bump(&mut self, kind: usize, name: &str, slot: i64, raw: &[u8]) -> u32 {
        let kind = kind as u8;
        let h = {
            let mut h = FastState.build_hasher();
            h.write_u8(kind);
            h.write(name.as_bytes());
            h.finish()
        };
        let first = self.index.get(&h).copied().unwrap_or(NONE);
        if let Some(i) = self.find(first, kind, name) {
            let c = self.subjects[i].bump(slot);
            let ex = self.subjects[i].example;
            if ex.0 == ex.1 && !raw.is_empty() {
                // Its first line was empty: the first non-empty one stands in.
                let ex = self.keep(&raw[..raw.len().min(MAX_LINE)]);
                self.subjects[i].example = ex;
            }
            return c;
        }
        let name = self.keep(name.as_bytes());
        let example = self.keep(&raw[..raw.len().min(MAX_LINE)]);
        let i = self.subjects.len() as u32;
        self.subjects.push(Live {
            name,
            example,
            next: first,
            kind,
            slot,
            count: 1,
            more: Vec::new(),
            max_slot: slot,
        });
        self.index.insert(h, i);
        1
    }

    /// True when no subject was counted since the last drain.
    pub fn is_empty(&self) -> bool {
        self.subjects.is_empty()
    }

    /// Moves the subjects with at least `at_least` events in one slot
    /// (0 or 1: all) into `into`, adding to what is there, and empties
    /// itself.
    pub fn drain_into(&mut self, into: &mut [FastMap<String, SubjectSeries>; 3], at_least: u32) {
        for live in std::mem::take(&mut self.subjects) {
            if !live.busy(at_least) {
                continue;
            }
            let name = lossy(self.text(live.name));
            let e = into[live.kind as usize]
                .entry(name)
                .or_insert_with(|| SubjectSeries { slots: BTreeMap::new(), example: String::new() });
            if e.example.is_empty() {
                e.example = lossy(self.text(live.example));
            }
            for (slot, c) in std::iter::once((live.slot, live.count)).chain(live.more) {
                *e.slots.entry(slot).or_insert(0) += c;
            }
        }
        self.index.clear();
        self.arena.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The per-event maps this replaces, as first written.
    fn plain(
        events: &[(usize, &str, i64, &str)],
        at_least: u32,
    ) -> ([FastMap<String, SubjectSeries>; 3], Vec<u32>) {
        let mut maps: [FastMap<String, SubjectSeries>; 3] = Default::default();
        let mut counts = Vec::new();
        for &(kind, name, slot, raw) in events {
            let cut = |r: &str| String::from_utf8_lossy(&r.as_bytes()[..r.len().min(MAX_LINE)]).into_owned();
            let s = maps[kind]
                .entry(name.to_string())
                .or_insert_with(|| SubjectSeries { slots: BTreeMap::new(), example: cut(raw) });
            if s.example.is_empty() {
                s.example = cut(raw);
            }
            let c = s.slots.entry(slot).or_insert(0);
            *c += 1;
            counts.push(*c);
        }
        for m in &mut maps {
            m.retain(|_, s| s.slots.values().any(|&c| c >= at_least));
        }
        (maps, counts)
    }

    fn same(a: &[FastMap<String, SubjectSeries>; 3], b: &[FastMap<String, SubjectSeries>; 3]) {
        for (x, y) in a.iter().zip(b) {
            assert_eq!(x.len(), y.len());
            for (k, s) in x {
                let t = &y[k];
                assert_eq!((&s.slots, &s.example), (&t.slots, &t.example), "{k}");
            }
        }
    }

    #[test]
    fn counts_and_examples_match_the_per_event_maps() {
        let long = format!("198.51.100.7 - - \"GET /{}\" 200", "é".repeat(200));
        let lines = [
            "203.0.113.9 - - [03/Mar/2024:10:20:36 +0000] \"GET /a HTTP/1.1\" 200 5",
            "",
            "Failed password for root from 203.0.113.77 port 4242 ssh2",
            long.as_str(),
        ];
        let mut names: Vec<String> =
            ["203.0.113.9", "root", "GET /a", "203.0.113.77", "10.0.0.1"].map(String::from).to_vec();
        names.extend((0..600).map(|i| format!("10.0.{}.{}", i / 256, i % 256)));
        let mut x = 11u64;
        let mut events = Vec::new();
        for _ in 0..6000 {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let r = (x >> 33) as usize;
            // Mostly in time order, sometimes back in time.
            let slot = (events.len() / 50) as i64 - (r % 7 == 0) as i64 * 3;
            // A few busy names, many rare ones.
            let name = if r % 4 == 0 { &names[r / 4 % names.len()] } else { &names[r / 4 % 5] };
            events.push((r % 3, name.as_str(), slot, lines[r / 17 % lines.len()]));
        }
        for at_least in [1, 3, 40] {
            let (want, want_counts) = plain(&events, at_least);
            let mut live = ChunkSubjects::default();
            let counts: Vec<u32> =
                events.iter().map(|&(k, n, s, raw)| live.bump(k, n, s, raw.as_bytes())).collect();
            assert_eq!(counts, want_counts);
            let mut got: [FastMap<String, SubjectSeries>; 3] = Default::default();
            live.drain_into(&mut got, at_least);
            assert!(live.is_empty());
            same(&got, &want);
        }
    }
}
