//! The statistics of `logsift anomalies`: bucketed series, a robust rolling
//! baseline (median and MAD), and the runs of buckets far above or below it.
//!
//! A bucket's baseline is the median of the buckets around it (up to
//! [`WINDOW`] on each side, the bucket itself and its direct neighbours
//! left out, so a burst does not hide itself); its spread is 1.4826 x MAD
//! (a standard deviation for normal data), floored at the Poisson spread
//! `sqrt(median)` and at 1, so sparse counts (a quiet error log) need a
//! real burst rather than one stray event. A bucket is anomalous when it is
//! `sensitivity` spreads away; the run around it is extended over the
//! neighbouring buckets that are still one spread away (hysteresis), so a
//! ten-minute outage is one finding with the right window.

/// Buckets on each side that make a bucket's baseline.
pub const WINDOW: usize = 48;

/// A bucket's baseline: median and robust spread.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Baseline {
    pub median: f64,
    pub sigma: f64,
    /// Mean of the same buckets (the Poisson rate for count series).
    pub mean: f64,
}

/// Median of a slice (sorted in place); 0 for an empty one.
pub fn median(v: &mut [f64]) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Median and MAD-based spread of `v` (floored as the module docs say when
/// `counts` is true).
pub fn robust(v: &mut [f64], counts: bool) -> Baseline {
    let m = median(v);
    let mut dev: Vec<f64> = v.iter().map(|x| (x - m).abs()).collect();
    let mad = median(&mut dev);
    let mut sigma = 1.4826 * mad;
    if counts {
        sigma = sigma.max(m.sqrt()).max(1.0);
    }
    let mean = if v.is_empty() { 0.0 } else { v.iter().sum::<f64>() / v.len() as f64 };
    Baseline { median: m, sigma, mean }
}

/// The rolling baseline of every bucket of `xs` (see module docs).
///
/// Exactly [`robust`] of each bucket's window, but the window is kept
/// sorted as it slides (two values leave and two enter per bucket) instead
/// of being sorted anew, and the spread's median is a selection, not a
/// sort: the serial end of `anomalies` spent most of its time sorting
/// windows. Values that compare equal under `total_cmp` are the same bits,
/// so the sorted window (and the mean, summed over it in order) is the one
/// `robust` sorts.
pub fn rolling(xs: &[f64], counts: bool) -> Vec<Baseline> {
    let n = xs.len();
    // The window of bucket 0: buckets 2..=WINDOW.
    let mut win: Vec<f64> = xs.iter().take(WINDOW + 1).skip(2).copied().collect();
    win.sort_by(f64::total_cmp);
    let mut dev = Vec::with_capacity(2 * WINDOW);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        if i > 0 {
            // From bucket i-1's window to bucket i's: i-1-WINDOW and i+1
            // leave, i-2 and i+WINDOW enter.
            if let Some(j) = (i - 1).checked_sub(WINDOW) {
                sorted_remove(&mut win, xs[j]);
            }
            if i + 1 < n {
                sorted_remove(&mut win, xs[i + 1]);
            }
            if i >= 2 {
                sorted_insert(&mut win, xs[i - 2]);
            }
            if i + WINDOW < n {
                sorted_insert(&mut win, xs[i + WINDOW]);
            }
        }
        out.push(robust_sorted(&win, &mut dev, counts));
    }
    out
}

/// Inserts `x` into the sorted `v`.
fn sorted_insert(v: &mut Vec<f64>, x: f64) {
    let at = v.partition_point(|y| y.total_cmp(&x).is_le());
    v.insert(at, x);
}

/// Removes one value equal to `x` (under `total_cmp`) from the sorted `v`.
fn sorted_remove(v: &mut Vec<f64>, x: f64) {
    let at = v.partition_point(|y| y.total_cmp(&x).is_lt());
    if v.get(at).is_some_and(|y| y.total_cmp(&x).is_eq()) {
        v.remove(at);
    }
}

/// Median of a sorted slice, as [`median`] computes it.
fn median_of_sorted(v: &[f64]) -> f64 {
    let n = v.len();
    if n == 0 {
        0.0
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Median of `v` by selection (the same order statistics as sorting).
fn median_by_selection(v: &mut [f64]) -> f64 {
    let n = v.len();
    if n == 0 {
        return 0.0;
    }
    let (left, mid, _) = v.select_nth_unstable_by(n / 2, f64::total_cmp);
    let mid = *mid;
    if n % 2 == 1 {
        mid
    } else {
        let below = left.iter().copied().max_by(f64::total_cmp).unwrap_or(mid);
        (below + mid) / 2.0
    }
}

/// [`robust`] of a window that is already sorted; `dev` is scratch.
fn robust_sorted(v: &[f64], dev: &mut Vec<f64>, counts: bool) -> Baseline {
    let m = median_of_sorted(v);
    dev.clear();
    dev.extend(v.iter().map(|x| (x - m).abs()));
    let mad = median_by_selection(dev);
    let mut sigma = 1.4826 * mad;
    if counts {
        sigma = sigma.max(m.sqrt()).max(1.0);
    }
    let mean = if v.is_empty() { 0.0 } else { v.iter().sum::<f64>() / v.len() as f64 };
    Baseline { median: m, sigma, mean }
}

/// A run of anomalous buckets.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// First and last bucket index (inclusive).
    pub start: usize,
    pub end: usize,
    /// The most anomalous bucket and its score (spreads from its baseline).
    pub peak: usize,
    pub score: f64,
    /// Sum of the baselines' medians and of the observed values over the run.
    pub baseline: f64,
    pub observed: f64,
}

/// What counts as anomalous.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Spreads from the baseline for a bucket to start a finding.
    pub sensitivity: f64,
    /// Smallest observed value of the triggering bucket (spikes) or
    /// smallest baseline median (drops).
    pub min_value: f64,
    /// Also require `observed >= ratio * median` (spikes) or
    /// `observed <= median / ratio` (drops).
    pub ratio: f64,
    /// Look for drops instead of spikes.
    pub drop: bool,
    /// Counts: also require the run's total to be as unlikely under a
    /// Poisson law at the baseline's rate (the larger of median and mean)
    /// as `sensitivity` normal spreads are. MAD alone underrates the tail
    /// of small counts (9 errors where 2 are usual is not news).
    pub poisson: bool,
}

/// Finds the runs of `xs` far from their baselines `base` under `rule`.
/// Buckets where `valid` is false (outside a source's span) never trigger
/// or extend a run.
pub fn runs(xs: &[f64], base: &[Baseline], valid: &dyn Fn(usize) -> bool, rule: Rule) -> Vec<Run> {
    let z = |i: usize| {
        let b = base[i];
        if rule.drop {
            (b.median - xs[i]) / b.sigma
        } else {
            (xs[i] - b.median) / b.sigma
        }
    };
    let triggers = |i: usize| {
        let b = base[i];
        valid(i)
            && z(i) >= rule.sensitivity
            && if rule.drop {
                b.median >= rule.min_value && xs[i] * rule.ratio <= b.median
            } else {
                xs[i] >= rule.min_value && xs[i] >= rule.ratio * b.median
            }
    };
    let mut out: Vec<Run> = Vec::new();
    let mut i = 0;
    while i < xs.len() {
        if !triggers(i) {
            i += 1;
            continue;
        }
        let (mut s, mut e) = (i, i);
        while s > 0 && valid(s - 1) && z(s - 1) >= 1.0 && out.last().is_none_or(|r| r.end < s - 1) {
            s -= 1;
        }
        while e + 1 < xs.len() && valid(e + 1) && (z(e + 1) >= 1.0 || triggers(e + 1)) {
            e += 1;
        }
        let peak = (s..=e).max_by(|a, b| z(*a).total_cmp(&z(*b))).unwrap_or(i);
        i = e + 1;
        if rule.poisson && !rule.drop {
            let lambda: f64 = (s..=e).map(|k| base[k].median.max(base[k].mean)).sum();
            let observed: f64 = (s..=e).map(|k| xs[k]).sum();
            if poisson_tail(observed, lambda) > normal_tail(rule.sensitivity) {
                continue;
            }
        }
        out.push(Run {
            start: s,
            end: e,
            peak,
            score: z(peak),
            baseline: (s..=e).map(|k| base[k].median).sum(),
            observed: (s..=e).map(|k| xs[k]).sum(),
        });
    }
    out
}

/// `P(Z >= z)` for a standard normal Z (Abramowitz and Stegun 7.1.26,
/// absolute error below 1.5e-7 of erfc).
pub fn normal_tail(z: f64) -> f64 {
    let x = z / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.3275911 * x.abs());
    let poly =
        t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    let erfc = poly * (-x * x).exp();
    if x >= 0.0 {
        erfc / 2.0
    } else {
        1.0 - erfc / 2.0
    }
}

/// `ln(n!)`: exact below 30, Stirling's series above.
fn ln_factorial(n: f64) -> f64 {
    if n < 30.0 {
        (2..=n as u64).map(|k| (k as f64).ln()).sum()
    } else {
        n * n.ln() - n + 0.5 * (2.0 * std::f64::consts::PI * n).ln() + 1.0 / (12.0 * n)
            - 1.0 / (360.0 * n.powi(3))
    }
}

/// `P(X >= x)` for X Poisson with mean `lambda` (1 when `x <= lambda`,
/// where only the upper tail matters here).
pub fn poisson_tail(x: f64, lambda: f64) -> f64 {
    let lambda = lambda.max(1e-3);
    let x = x.floor();
    if x <= lambda {
        return 1.0;
    }
    // Sum the pmf from x upwards; terms fall at least geometrically.
    let mut term = (x * lambda.ln() - lambda - ln_factorial(x)).exp();
    let mut sum = 0.0;
    let mut k = x;
    while term > sum * 1e-12 && k < x + 10_000.0 {
        sum += term;
        k += 1.0;
        term *= lambda / k;
    }
    sum.min(1.0)
}

/// Greatest common divisor (bucket arithmetic).
pub fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 {
        a.abs()
    } else {
        gcd(b, a % b)
    }
}

/// Automatic bucket width (nanoseconds) for a time span: the smallest of
/// 1m, 5m, 10m, 15m, 30m, 1h, 3h, 6h, 12h, 1d giving at most 400 buckets.
pub fn auto_bucket(span_nanos: i64) -> i64 {
    const MIN: i64 = 60_000_000_000;
    for m in [1, 5, 10, 15, 30, 60, 180, 360, 720] {
        if span_nanos / (m * MIN) <= 400 {
            return m * MIN;
        }
    }
    1440 * MIN
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deterministic Poisson-ish counts around `mean`.
    fn noisy(n: usize, mean: f64, seed: u64) -> Vec<f64> {
        let mut s = seed;
        (0..n)
            .map(|_| {
                // sum of 12 uniforms: roughly normal with the Poisson spread
                let mut acc = 0.0;
                for _ in 0..12 {
                    s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    acc += (s >> 11) as f64 / (1u64 << 53) as f64;
                }
                (mean + (acc - 6.0) * mean.sqrt()).round().max(0.0)
            })
            .collect()
    }

    const SPIKE: Rule = Rule { sensitivity: 5.0, min_value: 5.0, ratio: 1.5, drop: false, poisson: true };

    /// The rolling baseline as first written: every window sorted anew.
    fn rolling_plain(xs: &[f64], counts: bool) -> Vec<Baseline> {
        let n = xs.len();
        (0..n)
            .map(|i| {
                let (lo, hi) = (i.saturating_sub(WINDOW), (i + WINDOW + 1).min(n));
                let mut w: Vec<f64> = (lo..hi).filter(|&j| j + 1 < i || j > i + 1).map(|j| xs[j]).collect();
                robust(&mut w, counts)
            })
            .collect()
    }

    #[test]
    fn the_sliding_window_gives_the_sorted_windows_answers() {
        let same = |a: &[Baseline], b: &[Baseline]| {
            a.len() == b.len()
                && a.iter().zip(b).all(|(x, y)| {
                    x.median.to_bits() == y.median.to_bits()
                        && x.sigma.to_bits() == y.sigma.to_bits()
                        && x.mean.to_bits() == y.mean.to_bits()
                })
        };
        let mut series: Vec<Vec<f64>> = (0..260).map(|n| noisy(n, 7.5, n as u64 + 1)).collect();
        // Ties, zeros, negative zero, infinities, NaN, a burst, latency-like fractions.
        series.push(vec![0.0; 300]);
        series.push((0..300).map(|i| (i % 3) as f64).collect());
        series.push((0..200).map(|i| if i % 7 == 0 { -0.0 } else { 0.0 }).collect());
        series.push((0..150).map(|i| if i == 70 { f64::INFINITY } else { i as f64 * 0.1 }).collect());
        series.push((0..150).map(|i| if i % 40 == 3 { f64::NAN } else { (i % 11) as f64 }).collect());
        series.push(
            (0..400).map(|i| if (180..190).contains(&i) { 500.0 } else { 20.0 + (i % 5) as f64 }).collect(),
        );
        series.push((0..300).map(|i| ((i * 37 % 101) as f64) / 7.0).collect());
        for xs in &series {
            for counts in [true, false] {
                assert!(same(&rolling(xs, counts), &rolling_plain(xs, counts)), "{xs:?}");
            }
        }
    }

    #[test]
    fn median_and_mad() {
        let b = robust(&mut [1.0, 2.0, 3.0, 4.0, 100.0], false);
        assert_eq!(b.median, 3.0);
        assert!((b.sigma - 1.4826).abs() < 1e-9, "MAD is 1: the outlier does not move it");
        let b = robust(&mut [0.0; 10], true);
        assert_eq!((b.median, b.sigma), (0.0, 1.0), "the floor for sparse counts");
    }

    #[test]
    fn a_steady_series_has_no_runs() {
        for (mean, seed) in [(100.0, 1), (20.0, 2), (3.0, 3), (0.2, 4)] {
            let xs = noisy(600, mean, seed);
            let base = rolling(&xs, true);
            assert_eq!(runs(&xs, &base, &|_| true, SPIKE), vec![], "mean {mean}");
            let drop = Rule { min_value: 20.0, ratio: 2.0, drop: true, ..SPIKE };
            assert_eq!(runs(&xs, &base, &|_| true, drop), vec![], "mean {mean}");
        }
    }

    #[test]
    fn a_burst_is_one_run_with_its_whole_window() {
        let mut xs = vec![0.0; 200];
        // an outage: 2, 3, 5, 3, 4, 3, 1, 3, 3, 1, 3 errors per minute
        for (k, v) in [2.0, 3.0, 5.0, 3.0, 4.0, 3.0, 1.0, 3.0, 3.0, 1.0, 3.0].iter().enumerate() {
            xs[100 + k] = *v;
        }
        xs[20] = 1.0;
        let base = rolling(&xs, true);
        let r = runs(&xs, &base, &|_| true, SPIKE);
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!((r[0].start, r[0].end, r[0].peak), (100, 110, 102));
        assert_eq!(r[0].observed, 31.0);
        assert!(r[0].score >= 5.0);
    }

    #[test]
    fn a_drop_is_found_and_invalid_buckets_are_ignored() {
        let mut xs = noisy(300, 100.0, 9);
        for x in &mut xs[150..160] {
            *x = 5.0;
        }
        let base = rolling(&xs, true);
        let drop = Rule { sensitivity: 5.0, min_value: 20.0, ratio: 2.0, drop: true, poisson: false };
        let r = runs(&xs, &base, &|_| true, drop);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].start, 150);
        assert!((159..=161).contains(&r[0].end), "hysteresis may take a noisy neighbour: {:?}", r[0]);
        assert_eq!(runs(&xs, &base, &|i| !(150..160).contains(&i), drop), vec![]);
    }

    #[test]
    fn tails() {
        assert!((normal_tail(5.0) - 2.8665e-7).abs() < 1e-9);
        assert!((normal_tail(0.0) - 0.5).abs() < 1e-7);
        // P(X >= 9 | 1.8) = 1.1e-4: a little noisy, not news.
        assert!((poisson_tail(9.0, 1.8) - 1.0974e-4).abs() < 1e-7, "{}", poisson_tail(9.0, 1.8));
        assert!(poisson_tail(31.0, 3.5) < 1e-15);
        assert_eq!(poisson_tail(2.0, 3.0), 1.0);
        let small = [0.0, 0.0, 9.0, 0.0];
        let base = vec![Baseline { median: 1.0, sigma: 1.0, mean: 1.8 }; 4];
        assert_eq!(runs(&small, &base, &|_| true, SPIKE), vec![], "9 against a Poisson rate of 1.8");
    }

    #[test]
    fn automatic_buckets() {
        let min = 60_000_000_000;
        assert_eq!(auto_bucket(120 * min), min);
        assert_eq!(auto_bucket(71 * 60 * min), 15 * min);
        assert_eq!(auto_bucket(4 * 1440 * min), 15 * min);
        assert_eq!(gcd(90, 60), 30);
    }
}
