//! Merging the chunks' template miners in input order, once, at the end:
//! what `stats` does so that its template ids are those of
//! `stats --events`, which absorbs the same chunk miners one by one in
//! input order as it streams.
//!
//! The scanner delivers the chunks of one source in order but interleaves
//! sources, so the chunk miners are kept per source until the scan ends.
//! Memory stays bounded: past [`KEEP_CLUSTERS`] kept clusters (a flood of
//! distinct shapes), each source's chunks are merged into one miner per
//! source as they come and the sources in input order at the end (the
//! grouping of earlier versions; ids may then differ from `--events`).

use crate::analysis::partial::{FastMap, Merge};
use crate::analysis::templates::{Miner, MinerConfig};

/// Clusters kept in chunk miners at most before merging per source.
pub const KEEP_CLUSTERS: usize = 200_000;

/// The chunk miners of a scan, by source id (see module docs).
#[derive(Debug)]
pub struct ChunkMiners {
    /// Clusters kept at most ([`KEEP_CLUSTERS`]).
    bound: usize,
    kept: FastMap<u32, Vec<Miner>>,
    /// Clusters in `kept`.
    clusters: usize,
    /// Past the bound: one merged miner per source instead.
    merged: Option<FastMap<u32, Miner>>,
}

impl Default for ChunkMiners {
    fn default() -> Self {
        ChunkMiners::new()
    }
}

impl ChunkMiners {
    /// None kept yet.
    pub fn new() -> ChunkMiners {
        ChunkMiners::with_bound(KEEP_CLUSTERS)
    }

    /// None kept yet, with another bound (for tests).
    pub fn with_bound(bound: usize) -> ChunkMiners {
        ChunkMiners { bound, kept: FastMap::default(), clusters: 0, merged: None }
    }

    /// Keeps the miner of the next chunk of `source` (chunks of one source
    /// must come in order).
    pub fn add(&mut self, source: u32, m: Miner) {
        if self.merged.is_none() && self.clusters + m.clusters().len() > self.bound {
            let mut merged: FastMap<u32, Miner> = FastMap::default();
            for (id, ms) in self.kept.drain() {
                let s = merged.entry(id).or_default();
                for m in ms {
                    s.merge(m);
                }
            }
            self.merged = Some(merged);
        }
        match &mut self.merged {
            Some(merged) => merged.entry(source).or_default().merge(m),
            None => {
                self.clusters += m.clusters().len();
                self.kept.entry(source).or_default().push(m);
            }
        }
    }

    /// Whether the bound was reached (ids may differ from `--events`).
    pub fn spilled(&self) -> bool {
        self.merged.is_some()
    }

    /// One miner: every chunk's, absorbed in input order (`sources`: the
    /// source ids in input order).
    pub fn finish(mut self, sources: impl Iterator<Item = u32>, cfg: MinerConfig) -> Miner {
        let mut all = Miner::new(cfg);
        for id in sources {
            match &mut self.merged {
                Some(merged) => all.merge(merged.remove(&id).unwrap_or_else(|| Miner::new(cfg))),
                None => {
                    for m in self.kept.remove(&id).unwrap_or_default() {
                        all.merge(m);
                    }
                }
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::mask::{mask_message, Masked};
    use crate::analysis::templates::Seen;

    fn chunk(cfg: MinerConfig, lines: &[String]) -> Miner {
        let mut m = Miner::new(cfg);
        let mut k = Masked::default();
        for l in lines {
            mask_message(l, &mut k);
            m.observe(&k, Seen { count: 1, first: None, last: None, level: None, example: b"", origin: 0 });
        }
        m
    }

    /// Five events of three last words each (which fold, see `templates`).
    fn lines(src: u32, n: usize) -> Vec<String> {
        let (verbs, nouns) = (["GET", "PUT", "DELETE", "POST", "HEAD"], ["alpha", "bravo", "charlie"]);
        let side = ["east", "west"][src as usize % 2];
        (0..n).map(|i| format!("{side} {} item was read by {}", verbs[i % 5], nouns[i / 5 % 3])).collect()
    }

    /// Chunks of two sources arriving interleaved end as if absorbed one by
    /// one in input order; past the bound, as merged per source first.
    #[test]
    fn chunks_are_absorbed_in_input_order() {
        let cfg = MinerConfig::default();
        let a: Vec<Miner> = lines(0, 60).chunks(7).map(|c| chunk(cfg, c)).collect();
        let b: Vec<Miner> = lines(1, 60).chunks(9).map(|c| chunk(cfg, c)).collect();
        let mut want = Miner::new(cfg);
        for m in a.iter().chain(&b) {
            want.absorb(m.clone());
        }
        let mut kept = ChunkMiners::new();
        for i in 0..a.len().max(b.len()) {
            // Source 1 (second in input order) delivers first.
            if let Some(m) = b.get(i) {
                kept.add(7, m.clone());
            }
            if let Some(m) = a.get(i) {
                kept.add(3, m.clone());
            }
        }
        assert!(!kept.spilled());
        let got = kept.finish([3, 7].into_iter(), cfg);
        assert_eq!(got.clusters(), want.clusters());
        let shown: Vec<_> = want.clusters().iter().map(|c| (c.template(), c.count, c.folded_into)).collect();
        assert!(shown.len() > 10 && shown.iter().any(|c| c.2.is_some()), "{shown:?}");
    }

    #[test]
    fn past_the_bound_sources_are_merged_as_they_come() {
        let cfg = MinerConfig::default();
        let a: Vec<Miner> = lines(0, 60).chunks(7).map(|c| chunk(cfg, c)).collect();
        let b: Vec<Miner> = lines(1, 60).chunks(9).map(|c| chunk(cfg, c)).collect();
        let mut want = Miner::new(cfg);
        for s in [&a, &b] {
            let mut per = Miner::new(cfg);
            for m in s {
                per.merge(m.clone());
            }
            want.merge(per);
        }
        let mut kept = ChunkMiners::with_bound(4);
        for i in 0..a.len().max(b.len()) {
            if let Some(m) = b.get(i) {
                kept.add(7, m.clone());
            }
            if let Some(m) = a.get(i) {
                kept.add(3, m.clone());
            }
        }
        assert!(kept.spilled() && kept.kept.is_empty(), "the bound was reached");
        let got = kept.finish([3, 7].into_iter(), cfg);
        assert_eq!(got.clusters(), want.clusters());
    }
}
