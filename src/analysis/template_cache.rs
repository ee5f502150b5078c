//! A memo in front of the template miner: repeated messages (and repeated
//! masked shapes) get their template id without masking and routing again.
//! A message is looked up by its [`skeleton`] (its number, IP and path
//! tokens stood for by a mark, which `mask_message` masks whatever they
//! hold), so `port 45217` and `port 51003` are one entry: most id-carrying
//! messages cost a byte scan, a hash and a compare, not a masking.
//!
//! `stats` and `anomalies` spent a third of their time masking every message
//! and walking the miner's prefix tree, although a chunk holds a few hundred
//! shapes repeated tens of thousands of times. [`TemplateMemo::observe`]
//! gives exactly the answer of `mask_message` + [`Miner::observe`] (same ids,
//! same clusters, same counts), because it only reuses an answer while that
//! answer cannot have changed:
//!
//! - A message that joined (or created) cluster `c` matches every constant
//!   of `c` afterwards, and a repeat of it leaves `c`'s tokens alone. Which
//!   cluster a repeat joins can only change when a cluster with the same
//!   number of tokens is created or gains a wildcard (the prefix tree only
//!   grows with a new cluster, and the cap only flips with one). Every miss
//!   checks whether it did that and then bumps the *epoch* of that token
//!   count; an entry is used only while its epoch is current.
//! - A hit only adds to `c`'s count, first/last time and level, which is
//!   order-free: hits are tallied per cluster and handed to the miner in one
//!   [`Miner::observe`] per cluster (with the summed [`Seen`]) before the
//!   next miss and in [`TemplateMemo::flush`], that is while the miner is in
//!   the very state the hits saw.
//!
//! In front of the skeleton memo, an exact one: a message seen word for
//! word before has the shape it had then (the shape is a function of the
//! skeleton), so it is looked up by its text alone, in a direct-mapped
//! table whose slots the latest message of their hash takes.
//!
//! Memory is bounded: at most [`MAX_SHAPES`] shapes and [`MAX_RAW`] skeletons
//! (of messages of up to [`MAX_RAW_KEY`] bytes, and only once they repeat) are
//! remembered, and [`EXACT_SLOTS`] exact messages; past that, new ones go the
//! slow way (same answer, no memo).

use std::hash::{BuildHasher, Hasher};

use crate::analysis::mask::{mask_message, skeleton, Masked, WILDCARD};
use crate::analysis::partial::{FastMap, FastState};
use crate::analysis::templates::{Miner, Seen, OVERFLOW_ID};
use crate::event::Level;

/// Masked shapes remembered at most.
pub const MAX_SHAPES: usize = 4096;
/// Raw messages remembered at most.
pub const MAX_RAW: usize = 4096;
/// Slots of the filter that lets a raw message into the memo only when it
/// comes back (most messages carry an id and never repeat).
const SEEN_ONCE: usize = 1024;
/// Longest raw message remembered (bytes); longer ones are masked each time.
pub const MAX_RAW_KEY: usize = 256;

/// Slots of the exact-message memo (a power of two): messages that repeat
/// word for word (a service's fixed texts, cron's and sudo's session lines,
/// an access log's request lines) skip even the skeleton, which was most of
/// the cost of a memo hit.
const EXACT_SLOTS: usize = 1024;

/// One remembered masked shape and the cluster its messages join.
#[derive(Debug)]
struct Shape {
    masked: Masked,
    cluster: u32,
    /// The epoch of its token count when `cluster` was its answer.
    epoch: u32,
}

/// One remembered message skeleton ([`skeleton`]: the message with its
/// number, IP and path tokens stood for by a mark) and its shape.
#[derive(Debug)]
struct Raw {
    key: Box<[u8]>,
    shape: u32,
}

/// One slot of the exact-message memo: a message (of at most
/// [`MAX_RAW_KEY`] bytes) and the shape its skeleton has.
#[derive(Debug)]
struct Exact {
    text: String,
    shape: u32,
}

/// Hits not yet handed to the miner, for one cluster.
#[derive(Debug, Clone, Copy)]
struct Tally {
    /// A shape that joins the cluster (what the miner is shown).
    shape: u32,
    count: u64,
    first: Option<i64>,
    last: Option<i64>,
    level: Option<Level>,
}

/// The memo; one per chunk, used with one miner (see module docs).
#[derive(Debug, Default)]
pub struct TemplateMemo {
    shapes: Vec<Shape>,
    by_shape: FastMap<u64, u32>,
    raws: FastMap<u64, Raw>,
    /// Hashes of raw messages seen once, by `hash % SEEN_ONCE`.
    seen_once: Vec<u64>,
    /// Per token count: bumped when a cluster of that length changes.
    epochs: Vec<u32>,
    /// Per cluster id: its wildcard count when last seen, to notice a change.
    wild: Vec<u32>,
    /// Pending hits by cluster id (a slot per id: no hashing per hit),
    /// and the ids that have some.
    pending: Vec<Option<Tally>>,
    pending_ids: Vec<u32>,
    scratch: Masked,
    /// The skeleton of the message being observed.
    skel: Vec<u8>,
    /// Direct-mapped by a hash of the message ([`EXACT_SLOTS`], made on
    /// first use); a slot is trusted only after comparing the text.
    exact: Vec<Option<Exact>>,
    /// Messages answered from the exact memo, the raw (skeleton) memo, the
    /// shape memo, and by the miner.
    pub exact_hits: u64,
    pub raw_hits: u64,
    pub shape_hits: u64,
    pub misses: u64,
}

/// The exact-memo slot of a message: the high bits of its hash (the
/// mixed ones of a multiplicative hash).
fn exact_slot(msg: &str) -> usize {
    (FastState.hash_one(msg.as_bytes()) >> 54) as usize & (EXACT_SLOTS - 1)
}

fn shape_hash(m: &Masked) -> u64 {
    let mut h = FastState.build_hasher();
    m.hash_shape(&mut h);
    h.finish()
}

fn min_opt(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, None) => a,
        (None, b) => b,
    }
}

impl TemplateMemo {
    /// An empty memo.
    pub fn new() -> TemplateMemo {
        TemplateMemo::default()
    }

    fn epoch(&self, n: usize) -> u32 {
        self.epochs.get(n).copied().unwrap_or(0)
    }

    /// Whether shape `i` still joins the cluster it is remembered with.
    fn current(&self, i: u32) -> Option<u32> {
        let s = &self.shapes[i as usize];
        (s.epoch == self.epoch(s.masked.len())).then_some(s.cluster)
    }

    /// Masks `msg` and adds it to `miner`; returns its template id, exactly
    /// as `mask_message` followed by [`Miner::observe`] would.
    pub fn observe(&mut self, miner: &mut Miner, msg: &str, seen: Seen<'_>) -> u32 {
        // A message's shape is a function of its skeleton, so of its text:
        // a message seen before has the shape it had then.
        let exact_at = (msg.len() <= MAX_RAW_KEY).then(|| exact_slot(msg));
        if let Some(at) = exact_at {
            if let Some(e) = self.exact.get(at).and_then(Option::as_ref).filter(|e| e.text == msg) {
                let shape = e.shape;
                if let Some(c) = self.current(shape) {
                    self.exact_hits += 1;
                    self.hit(miner, c, shape, &seen);
                    return c;
                }
            }
        }
        // Messages with one skeleton mask alike: the key of the raw memo.
        let raw_key = (msg.len() <= MAX_RAW_KEY && skeleton(msg, &mut self.skel))
            .then(|| FastState.hash_one(self.skel.as_slice()));
        if let Some(h) = raw_key {
            if let Some(r) = self.raws.get(&h).filter(|r| *r.key == *self.skel) {
                let shape = r.shape;
                if let Some(c) = self.current(shape) {
                    self.raw_hits += 1;
                    self.hit(miner, c, shape, &seen);
                    self.remember_exact(exact_at, msg, shape);
                    return c;
                }
            }
        }
        mask_message(msg, &mut self.scratch);
        let sh = shape_hash(&self.scratch);
        let known =
            self.by_shape.get(&sh).copied().filter(|&i| self.shapes[i as usize].masked == self.scratch);
        if let Some(i) = known {
            if let Some(c) = self.current(i) {
                self.shape_hits += 1;
                self.hit(miner, c, i, &seen);
                self.remember_raw(raw_key, i);
                self.remember_exact(exact_at, msg, i);
                return c;
            }
        }
        self.misses += 1;
        self.flush(miner);
        let before = miner.clusters().len();
        let id = miner.observe(&self.scratch, seen);
        let n = self.scratch.len();
        if id != OVERFLOW_ID && self.changed(miner, id, before) {
            if self.epochs.len() <= n {
                self.epochs.resize(n + 1, 0);
            }
            self.epochs[n] = self.epochs[n].wrapping_add(1);
        }
        let epoch = self.epoch(n);
        let slot = match known {
            Some(i) => {
                let s = &mut self.shapes[i as usize];
                s.cluster = id;
                s.epoch = epoch;
                Some(i)
            }
            // A hash taken by another shape stays with it: raw entries point at it.
            None if self.shapes.len() < MAX_SHAPES && !self.by_shape.contains_key(&sh) => {
                let i = self.shapes.len() as u32;
                self.shapes.push(Shape { masked: self.scratch.clone(), cluster: id, epoch });
                self.by_shape.insert(sh, i);
                Some(i)
            }
            None => None,
        };
        if let Some(i) = slot {
            self.remember_raw(raw_key, i);
            self.remember_exact(exact_at, msg, i);
        }
        id
    }

    /// Puts `msg` and its shape in its exact-memo slot (`at`, when it is
    /// short enough to have one), in place of what was there; the slot's
    /// text buffer is reused.
    fn remember_exact(&mut self, at: Option<usize>, msg: &str, shape: u32) {
        let Some(at) = at else { return };
        if self.exact.is_empty() {
            self.exact.resize_with(EXACT_SLOTS, || None);
        }
        match &mut self.exact[at] {
            Some(e) => {
                e.text.clear();
                e.text.push_str(msg);
                e.shape = shape;
            }
            none => *none = Some(Exact { text: msg.to_string(), shape }),
        }
    }

    /// Whether the observation that returned `id` created a cluster or
    /// turned one of its tokens into a wildcard.
    fn changed(&mut self, miner: &Miner, id: u32, before: usize) -> bool {
        let c = &miner.clusters()[id as usize];
        let wild = c.tokens.iter().filter(|t| &***t == WILDCARD).count() as u32;
        let i = id as usize;
        if self.wild.len() <= i {
            self.wild.resize(i + 1, 0);
        }
        let changed = miner.clusters().len() > before || self.wild[i] != wild;
        self.wild[i] = wild;
        changed
    }

    /// Remembers the skeleton in `self.skel` (hashed to `key`) as a
    /// message of `shape`, once it comes back.
    fn remember_raw(&mut self, key: Option<u64>, shape: u32) {
        let Some(h) = key else { return };
        let full = self.raws.len() >= MAX_RAW;
        match self.raws.get_mut(&h) {
            Some(r) if *r.key == *self.skel => r.shape = shape,
            Some(_) => {}
            None if !full => {
                if self.seen_once.is_empty() {
                    self.seen_once = vec![0; SEEN_ONCE];
                }
                let once = &mut self.seen_once[h as usize % SEEN_ONCE];
                if *once == h {
                    self.raws.insert(h, Raw { key: self.skel.as_slice().into(), shape });
                } else {
                    *once = h;
                }
            }
            None => {}
        }
    }

    fn hit(&mut self, miner: &mut Miner, cluster: u32, shape: u32, seen: &Seen<'_>) {
        if cluster == OVERFLOW_ID {
            // An overflowing message only counts; nothing else to keep.
            miner.overflow += seen.count;
            return;
        }
        let i = cluster as usize;
        if self.pending.len() <= i {
            self.pending.resize(i + 1, None);
        }
        let t = self.pending[i].get_or_insert_with(|| {
            self.pending_ids.push(cluster);
            Tally { shape, count: 0, first: seen.first, last: seen.last, level: seen.level }
        });
        t.count += seen.count;
        t.first = min_opt(t.first, seen.first);
        t.last = t.last.max(seen.last);
        t.level = t.level.max(seen.level);
    }

    /// Hands the pending hits to `miner`; call before reading or merging it.
    pub fn flush(&mut self, miner: &mut Miner) {
        if self.pending_ids.is_empty() {
            return;
        }
        let mut ids = std::mem::take(&mut self.pending_ids);
        // Order does not change the result (see module docs); sorted for repeatability.
        ids.sort_unstable();
        for &cluster in &ids {
            let Some(t) = self.pending[cluster as usize].take() else { continue };
            let seen = Seen {
                count: t.count,
                first: t.first,
                last: t.last,
                level: t.level,
                example: &[],
                origin: 0,
            };
            let id = miner.observe(&self.shapes[t.shape as usize].masked, seen);
            debug_assert_eq!(id, cluster, "a remembered shape left its cluster");
        }
        ids.clear();
        self.pending_ids = ids;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::templates::{Cluster, MinerConfig};

    /// Feeds `msgs` to a plain miner and through a memo; returns both ids and states.
    fn both(
        cfg: MinerConfig,
        msgs: &[(String, i64, Option<Level>)],
    ) -> (Vec<u32>, Vec<u32>, Miner, Miner, TemplateMemo) {
        let (mut plain, mut memoed, mut memo) = (Miner::new(cfg), Miner::new(cfg), TemplateMemo::new());
        let (mut a, mut b) = (Vec::new(), Vec::new());
        let mut scratch = Masked::default();
        for (i, (m, ts, level)) in msgs.iter().enumerate() {
            let seen = |ex: &'static [u8]| Seen {
                count: 1,
                first: Some(*ts),
                last: Some(*ts),
                level: *level,
                example: ex,
                origin: i as u32 % 3,
            };
            let ex: &'static [u8] = Box::leak(m.clone().into_bytes().into_boxed_slice());
            mask_message(m, &mut scratch);
            a.push(plain.observe(&scratch, seen(ex)));
            b.push(memo.observe(&mut memoed, m, seen(ex)));
        }
        memo.flush(&mut memoed);
        (a, b, plain, memoed, memo)
    }

    fn assert_same(a: &[u32], b: &[u32], plain: &Miner, memoed: &Miner) {
        assert_eq!(a, b, "template ids");
        let (x, y): (&[Cluster], &[Cluster]) = (plain.clusters(), memoed.clusters());
        assert_eq!(x, y, "clusters");
        assert_eq!(plain.overflow, memoed.overflow);
    }

    /// Lines of the format fixtures and generated sshd/gateway/logfmt
    /// messages, repeated in a scrambled order with varying levels and times.
    fn real_lines() -> Vec<(String, i64, Option<Level>)> {
        let mut base: Vec<String> = [
            include_str!("../../fixtures/formats/syslog.log"),
            include_str!("../../fixtures/formats/access.log"),
            include_str!("../../fixtures/formats/logfmt.log"),
            include_str!("../../fixtures/formats/json.log"),
            include_str!("../../fixtures/formats/apache-error.log"),
            include_str!("../../fixtures/formats/leveltext.log"),
        ]
        .iter()
        .flat_map(|f| f.lines().map(str::to_string))
        .collect();
        for i in 0..40u32 {
            base.push(format!(
                "Failed password for {} from 203.0.113.{} port {} ssh2",
                ["root", "admin", "oracle"][i as usize % 3],
                i,
                40000 + i
            ));
            base.push(format!(
                "request_id=5d0c1f7e-1b2a-4c3d-9e8f-{i:012x} GET /api/orders/{} 200 in {}ms",
                i * 7,
                i % 9
            ));
            base.push("session closed for user root".to_string());
            base.push(format!("msg=\"refund issued\" order_id={i} amount=5.{i} currency=EUR"));
        }
        let levels = [None, Some(Level::Info), Some(Level::Error), Some(Level::Warn)];
        let mut x = 0x2545_f491_u64;
        (0..3000)
            .map(|_| {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let m = base[(x >> 33) as usize % base.len()].clone();
                (m, 1_000 + ((x >> 20) % 5000) as i64, levels[(x >> 40) as usize % 4])
            })
            .collect()
    }

    #[test]
    fn same_answers_as_the_miner_on_real_lines() {
        let msgs = real_lines();
        let (a, b, plain, memoed, memo) = both(MinerConfig::default(), &msgs);
        assert_same(&a, &b, &plain, &memoed);
        assert!(plain.clusters().len() > 10, "a real mix of shapes");
        assert!(memo.exact_hits > 1000, "word-for-word repeats skip the skeleton: {memo:?}");
        assert!(memo.raw_hits > 100 && memo.shape_hits > 20, "the other memos answer the rest: {memo:?}");
        assert!(memo.misses < 500);
    }

    /// Every line of every text fixture, and of every loghub sample when
    /// present beside the repository (`../shared/corpus/loghub`), each file
    /// mined alone and then all of them through one miner.
    #[test]
    fn same_answers_on_every_fixture_and_loghub_sample() {
        fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            let Ok(rd) = std::fs::read_dir(dir) else { return };
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    files(&p, out);
                } else if !p.to_string_lossy().ends_with(".csv") {
                    out.push(p);
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut paths = Vec::new();
        files(&root.join("fixtures"), &mut paths);
        let loghub = ["../shared/corpus/loghub", "../../shared/corpus/loghub"].map(|d| root.join(d));
        if let Some(d) = loghub.iter().find(|d| d.is_dir()) {
            files(d, &mut paths);
        }
        paths.sort();
        let levels = [None, Some(Level::Info), Some(Level::Error)];
        let mut all = Vec::new();
        for p in &paths {
            // Text only (gzip, binary fuzz seeds and the like are skipped).
            let Ok(text) = std::fs::read_to_string(p) else { continue };
            let msgs: Vec<_> =
                text.lines().enumerate().map(|(i, l)| (l.to_string(), i as i64, levels[i % 3])).collect();
            let (a, b, plain, memoed, _) = both(MinerConfig::default(), &msgs);
            assert_same(&a, &b, &plain, &memoed);
            all.extend(msgs);
        }
        assert!(all.len() > 3000, "fixtures read: {}", all.len()); // ~3.4k without ../shared
        let (a, b, plain, memoed, memo) = both(MinerConfig::default(), &all);
        assert_same(&a, &b, &plain, &memoed);
        assert!(memo.shape_hits + memo.raw_hits > all.len() as u64 / 3, "{memo:?}");
    }

    #[test]
    fn a_repeat_follows_its_shape_to_a_more_specific_cluster() {
        // `m` makes cluster 0, which four one-word variants generalise (four
        // wildcards); `p` is too far from it and makes cluster 1, which three
        // more variants generalise back towards `m` until it matches `m` with
        // only three wildcards: the last `m`s join 1 (equal share, fewer
        // wildcards), although the memo first saw `m` join 0.
        let m = "a b c d e f g h i j";
        let seq = [
            m,
            m,
            "a b X d e f g h i j",
            m,
            "a b c Y e f g h i j",
            m,
            "a b c d Z f g h i j",
            m,
            "a b c d e W g h i j",
            m,
            "a b c d e f P Q R j",
            m,
            "a b c d e f g Q R j",
            m,
            "a b c d e f P h R j",
            m,
            "a b c d e f P Q i j",
            m,
            m,
        ];
        let msgs: Vec<_> = seq.iter().enumerate().map(|(i, s)| (s.to_string(), i as i64, None)).collect();
        let (a, b, plain, memoed, memo) = both(MinerConfig::default(), &msgs);
        assert_same(&a, &b, &plain, &memoed);
        assert_eq!((a[0], a[15], a[17], a[18]), (0, 0, 1, 1), "the case this test is about happened");
        assert!(memo.exact_hits + memo.raw_hits > 0);
    }

    /// A fold (a third last word, see `templates`) takes clusters out of
    /// their leaf: remembered shapes of the folded ones must follow.
    #[test]
    fn folded_clusters_send_their_repeats_to_the_survivor() {
        let users = ["alice", "bob", "carol", "bob", "dave", "alice", "erin", "bob", "bob"];
        let msgs: Vec<_> = (0..90)
            .map(|i| (format!("New session {} of user {}.", i % 7, users[i % users.len()]), i as i64, None))
            .collect();
        let (a, b, plain, memoed, memo) = both(MinerConfig::default(), &msgs);
        assert_same(&a, &b, &plain, &memoed);
        assert!(plain.clusters().iter().any(|c| c.folded_into.is_some()), "a fold happened");
        assert_eq!(plain.families().len(), 1);
        assert!(a[10..].iter().all(|&id| id == a[0]), "after the fold every message joins the survivor");
        assert!(memo.exact_hits + memo.raw_hits + memo.shape_hits > 50, "{memo:?}");
    }

    #[test]
    fn at_the_cap_overflow_is_counted_alike() {
        let words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf"];
        let msgs: Vec<_> = (0..200)
            .map(|i| (format!("{} happened here now {i}", words[i * 5 % 7]), i as i64, None))
            .collect();
        let cfg = MinerConfig { max_clusters: 3, ..MinerConfig::default() };
        let (a, b, plain, memoed, memo) = both(cfg, &msgs);
        assert_same(&a, &b, &plain, &memoed);
        assert!(plain.overflow > 50 && memo.raw_hits + memo.shape_hits > 100, "{memo:?}");
    }

    #[test]
    fn memory_stays_bounded_and_long_messages_go_the_slow_way() {
        let word = |mut i: usize| {
            let mut w = String::new();
            loop {
                w.push((b'a' + (i % 26) as u8) as char);
                i /= 26;
                if i == 0 {
                    break w;
                }
            }
        };
        // 70 x 70 first-token pairs: more shapes than the memo keeps, one per leaf.
        let mut msgs: Vec<_> = (0..4900)
            .map(|i| (format!("{} {} worker started", word(i % 70), word(i / 70 + 100)), i as i64, None))
            .collect();
        msgs.extend(msgs.clone());
        let long = format!("payload {} end", "x".repeat(MAX_RAW_KEY));
        msgs.extend((0..20).map(|i| (long.clone(), i, None)));
        let (a, b, plain, memoed, memo) = both(MinerConfig::default(), &msgs);
        assert_same(&a, &b, &plain, &memoed);
        assert!(memo.shapes.len() <= MAX_SHAPES && memo.raws.len() <= MAX_RAW);
        assert!(memo.raws.values().all(|r| r.key.len() <= MAX_RAW_KEY));
    }
}
