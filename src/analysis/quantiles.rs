//! A streaming quantile sketch with a relative error bound (DDSketch,
//! Masson et al., VLDB 2019): latency p50/p95/p99 without keeping or
//! sorting the values.
//!
//! Positive values go to logarithmic buckets `ceil(log_gamma(x))` with
//! `gamma = (1 + a) / (1 - a)`; every value of a bucket is within relative
//! error `a` of the bucket's representative, so every quantile is too.
//! Zero and negative values (a 0 ms request) share one bucket. Sketches
//! merge by adding bucket counts: per-chunk sketches combine exactly.
//! Memory: one count per occupied bucket — with a = 1% about 230 buckets
//! per decade of range, and values are clamped to [1e-9, 1e12].

use std::collections::BTreeMap;

use crate::analysis::partial::Merge;

/// A mergeable quantile sketch.
#[derive(Debug, Clone)]
pub struct Sketch {
    alpha: f64,
    ln_gamma: f64,
    buckets: BTreeMap<i32, u64>,
    /// Values <= 0.
    zeros: u64,
    count: u64,
    sum: f64,
    min: f64,
    max: f64,
}

impl Default for Sketch {
    fn default() -> Self {
        Sketch::new(0.01)
    }
}

impl Sketch {
    /// A sketch whose quantiles are within relative error `alpha` (0..1).
    pub fn new(alpha: f64) -> Sketch {
        let alpha = alpha.clamp(1e-4, 0.5);
        let gamma = (1.0 + alpha) / (1.0 - alpha);
        Sketch {
            alpha,
            ln_gamma: gamma.ln(),
            buckets: BTreeMap::new(),
            zeros: 0,
            count: 0,
            sum: 0.0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
        }
    }

    /// The relative error bound.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }

    /// Adds a value (NaN is ignored).
    pub fn add(&mut self, x: f64) {
        if x.is_nan() {
            return;
        }
        self.count += 1;
        self.sum += x;
        self.min = self.min.min(x);
        self.max = self.max.max(x);
        if x <= 0.0 {
            self.zeros += 1;
        } else {
            let k = (x.clamp(1e-9, 1e12).ln() / self.ln_gamma).ceil() as i32;
            *self.buckets.entry(k).or_insert(0) += 1;
        }
    }

    /// Number of values added.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Exact mean.
    pub fn mean(&self) -> Option<f64> {
        (self.count > 0).then(|| self.sum / self.count as f64)
    }

    /// Exact maximum.
    pub fn max(&self) -> Option<f64> {
        (self.count > 0).then_some(self.max)
    }

    /// Exact minimum.
    pub fn min(&self) -> Option<f64> {
        (self.count > 0).then_some(self.min)
    }

    /// The `q`-quantile (0..=1) within relative error `alpha` of a value of
    /// rank `floor(q * (count - 1))`; the extremes are exact.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        if self.count == 0 {
            return None;
        }
        let q = q.clamp(0.0, 1.0);
        if q == 0.0 {
            return Some(self.min);
        }
        if q == 1.0 {
            return Some(self.max);
        }
        let rank = (q * (self.count - 1) as f64).floor() as u64;
        if rank < self.zeros {
            return Some(if self.min < 0.0 { self.min } else { 0.0 });
        }
        let mut seen = self.zeros;
        for (&k, &n) in &self.buckets {
            seen += n;
            if seen > rank {
                let gamma = self.ln_gamma.exp();
                let v = 2.0 * (k as f64 * self.ln_gamma).exp() / (gamma + 1.0);
                return Some(v.clamp(self.min, self.max));
            }
        }
        Some(self.max)
    }
}

impl Merge for Sketch {
    fn merge(&mut self, later: Self) {
        debug_assert!((self.alpha - later.alpha).abs() < 1e-12, "sketches of different accuracy");
        self.count += later.count;
        self.sum += later.sum;
        self.zeros += later.zeros;
        self.min = self.min.min(later.min);
        self.max = self.max.max(later.max);
        for (k, n) in later.buckets {
            *self.buckets.entry(k).or_insert(0) += n;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic heavy-tailed sample (log-normal-ish latencies).
    fn sample(n: usize, seed: u64) -> Vec<f64> {
        let mut s = seed;
        (0..n)
            .map(|_| {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let u = ((s >> 11) as f64 / (1u64 << 53) as f64).max(1e-12);
                0.004 * (-u.ln()).powf(2.5) + 0.0005
            })
            .collect()
    }

    fn exact(sorted: &[f64], q: f64) -> f64 {
        sorted[(q * (sorted.len() - 1) as f64).floor() as usize]
    }

    #[test]
    fn quantiles_are_within_the_relative_error_bound() {
        let xs = sample(100_000, 7);
        let mut sk = Sketch::new(0.01);
        for &x in &xs {
            sk.add(x);
        }
        let mut sorted = xs.clone();
        sorted.sort_by(f64::total_cmp);
        for q in [0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999] {
            let (want, got) = (exact(&sorted, q), sk.quantile(q).unwrap());
            let err = (got - want).abs() / want;
            assert!(err <= 0.01 + 1e-9, "q={q}: exact {want}, sketch {got}, error {err}");
        }
        assert_eq!(sk.max(), Some(sorted[sorted.len() - 1]));
        assert_eq!(sk.quantile(1.0), sk.max());
        assert_eq!(sk.count(), 100_000);
    }

    #[test]
    fn merged_sketches_equal_one_sketch() {
        let xs = sample(10_000, 3);
        let mut one = Sketch::new(0.02);
        xs.iter().for_each(|&x| one.add(x));
        let mut merged = Sketch::new(0.02);
        for part in xs.chunks(999) {
            let mut s = Sketch::new(0.02);
            part.iter().for_each(|&x| s.add(x));
            merged.merge(s);
        }
        for q in [0.5, 0.95, 0.99] {
            assert_eq!(one.quantile(q), merged.quantile(q));
        }
        assert_eq!(one.count(), merged.count());
    }

    #[test]
    fn zeros_empty_and_nan() {
        let mut s = Sketch::default();
        assert_eq!(s.quantile(0.5), None);
        for x in [0.0, 0.0, 0.0, 2.0, f64::NAN] {
            s.add(x);
        }
        assert_eq!(s.count(), 4);
        assert_eq!(s.quantile(0.5), Some(0.0));
        assert_eq!(s.quantile(0.99), Some(0.0), "rank floor(0.99 * 3) = 2 is a zero");
        assert_eq!(s.quantile(1.0), Some(2.0));
    }
}
