//! `timeline --gaps DUR`: periods where a source that was logging went
//! silent for longer than a threshold. A logger that stops is evidence
//! (a crash, a wiped file, a clock change, a host taken down), so every
//! gap is reported with the last event before it and the first after.

use crate::analysis::interleave::Key;

/// One silence of one source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gap {
    pub source: u32,
    /// The source's last event before the silence.
    pub before: Key,
    /// Its first event after.
    pub after: Key,
}

impl Gap {
    /// Length of the silence in nanoseconds.
    pub fn duration(&self) -> i64 {
        self.after.instant() - self.before.instant()
    }
}

/// Finds gaps in a merged (time-ordered) stream of keys.
#[derive(Debug)]
pub struct GapFinder {
    threshold: i64,
    last: Vec<Option<Key>>,
    /// The gaps found, in the order they ended.
    pub gaps: Vec<Gap>,
}

impl GapFinder {
    /// Gaps longer than `threshold` nanoseconds.
    pub fn new(threshold: i64) -> GapFinder {
        GapFinder { threshold, last: Vec::new(), gaps: Vec::new() }
    }

    /// The next key of the merged stream.
    pub fn push(&mut self, source: u32, key: Key) {
        let i = source as usize;
        if self.last.len() <= i {
            self.last.resize(i + 1, None);
        }
        if let Some(prev) = self.last[i] {
            if key.instant() - prev.instant() > self.threshold {
                self.gaps.push(Gap { source, before: prev, after: key });
            }
        }
        self.last[i] = Some(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn silences_longer_than_the_threshold_per_source() {
        let k = |t: i64, line: u64| Key::new(t, line, 1, line).0;
        let mut g = GapFinder::new(10);
        for (s, t, l) in [(0, 0, 1), (1, 1, 1), (0, 5, 2), (1, 12, 2), (0, 30, 3), (1, 40, 3), (0, 40, 4)] {
            g.push(s, k(t, l));
        }
        let found: Vec<(u32, i64, u64, u64)> =
            g.gaps.iter().map(|x| (x.source, x.duration(), x.before.line(), x.after.line())).collect();
        assert_eq!(found, vec![(1, 11, 1, 2), (0, 25, 2, 3), (1, 28, 2, 3)]);
    }
}
