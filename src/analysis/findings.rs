//! Turning collected [`Signals`] into findings: which buckets, subjects,
//! endpoints, templates and sources of these logs are far from their
//! baseline (see `analysis::anomalies` for the statistics).

use std::collections::{BTreeMap, HashMap};

use crate::analysis::anomalies::{auto_bucket, robust, rolling, runs, Baseline, Rule};
use crate::analysis::partial::Merge;
use crate::analysis::quantiles::Sketch;
use crate::analysis::signals::{Lines, Signals, SubjectKind};
use crate::analysis::templates::{Cluster, Miner};
use crate::event::Level;

/// One finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// rate_spike, rate_drop, error_burst, flood, latency, new_template,
    /// rare_template, silence.
    pub kind: &'static str,
    /// Window, UTC nanoseconds, `end` exclusive.
    pub start: i64,
    pub end: i64,
    /// How unusual: spreads from the baseline (or a documented equivalent).
    pub score: f64,
    /// What was expected and what was seen, over the window.
    pub baseline: f64,
    pub observed: f64,
    /// What it is about: a source family, `ip 1.2.3.4`, `GET /api/x`, a template.
    pub subject: String,
    /// The most severe level involved (ranks template findings).
    pub level: Option<Level>,
    pub evidence: Vec<String>,
}

/// A rotated set of sources (`auth.log.2.gz`, `auth.log.1`, `auth.log`) and
/// what was collected from it.
pub struct Family {
    pub name: String,
    /// The source numbers it is made of (template origins).
    pub sources: Vec<u32>,
    pub signals: Signals,
}

/// How findings are looked for.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Bucket width, nanoseconds (None: automatic).
    pub bucket: Option<i64>,
    pub sensitivity: f64,
    pub evidence: usize,
}

/// The time grid: bucket `i` covers `[t0 + i*width, t0 + (i+1)*width)`.
#[derive(Debug, Clone, Copy)]
pub struct Grid {
    pub t0: i64,
    pub width: i64,
    pub n: usize,
    /// Slot width of the signals.
    pub res: i64,
}

impl Grid {
    /// The bucket of a slot. Every slot of the families the grid was made
    /// for lies on it; a slot off the grid (a bug) is clamped to its edge
    /// rather than crash the report.
    fn index(&self, slot: i64) -> usize {
        let i = (slot * self.res - self.t0).div_euclid(self.width);
        debug_assert!((0..self.n as i64).contains(&i), "slot {slot} off the grid {self:?}");
        i.clamp(0, self.n as i64 - 1) as usize
    }
    fn at(&self, i: usize) -> i64 {
        self.t0 + i as i64 * self.width
    }
    fn series(&self, m: &BTreeMap<i64, u64>) -> Vec<f64> {
        let mut v = vec![0.0; self.n];
        for (&s, &c) in m {
            v[self.index(s)] += c as f64;
        }
        v
    }
    fn span(&self, first: i64, last: i64) -> (usize, usize) {
        (self.index(first.div_euclid(self.res)), self.index(last.div_euclid(self.res)))
    }
    fn lines(&self, m: &Lines, start: usize, end: usize, n: usize) -> Vec<String> {
        let (a, b) = (self.at(start).div_euclid(self.res), self.at(end + 1).div_euclid(self.res));
        m.range(a..b).flat_map(|(_, v)| v.iter().cloned()).take(n).collect()
    }
}

/// The grid for these families.
///
/// It spans the earliest and the latest instant, not the first and last
/// events in file order: a source whose lines are not in time order (mixed
/// offsets, several writers) has slots before its first event's.
pub fn grid(families: &[Family], bucket: Option<i64>, res: i64) -> Option<Grid> {
    let span = |f: &Family| {
        let s = &f.signals;
        let (first, last) = (s.first.as_ref()?.0, s.last.as_ref()?.0);
        let lo = s.events.keys().next().map_or(first, |&k| first.min(k * res));
        let hi = s.events.keys().next_back().map_or(last, |&k| last.max(k * res));
        Some((lo, hi))
    };
    let first = families.iter().filter_map(span).map(|x| x.0).min()?;
    let last = families.iter().filter_map(span).map(|x| x.1).max()?;
    let width = bucket.unwrap_or_else(|| auto_bucket(last - first)).max(res);
    let t0 = first.div_euclid(width) * width;
    let n = ((last - t0) / width + 1) as usize;
    Some(Grid { t0, width, n, res })
}

fn level_weight(l: Option<Level>) -> f64 {
    match l {
        Some(l) if l >= Level::Error => 3.0,
        Some(Level::Warn) => 2.0,
        _ => 1.0,
    }
}

/// Finds everything (see the module docs); sorted by start, then kind.
pub fn find(
    families: &[Family],
    miner: &Miner,
    baseline: Option<(&[Family], &Miner)>,
    s: Settings,
) -> (Vec<Finding>, Option<Grid>) {
    let res = families.first().map_or(60_000_000_000, |f| f.signals.res);
    let Some(g) = grid(families, s.bucket, res) else { return (Vec::new(), None) };
    let mut out = Vec::new();
    let sens = s.sensitivity;
    let spike = Rule { sensitivity: sens, min_value: 10.0, ratio: 2.0, drop: false, poisson: true };
    let drop = Rule { sensitivity: sens, min_value: 20.0, ratio: 3.0, drop: true, poisson: false };
    let burst = Rule { sensitivity: sens, min_value: 5.0, ratio: 2.0, drop: false, poisson: true };
    let push_runs = |out: &mut Vec<Finding>,
                     kind,
                     subject: &str,
                     xs: &[f64],
                     base: &[Baseline],
                     valid: &dyn Fn(usize) -> bool,
                     rule,
                     lines: &Lines| {
        for r in runs(xs, base, valid, rule) {
            out.push(Finding {
                kind,
                start: g.at(r.start),
                end: g.at(r.end + 1),
                score: r.score,
                baseline: r.baseline,
                observed: r.observed,
                subject: subject.to_string(),
                level: None,
                evidence: g.lines(lines, r.start, r.end, s.evidence),
            });
        }
    };
    let mut totals = vec![0.0; g.n];
    let (mut common_lo, mut common_hi) = (0usize, usize::MAX);
    for f in families {
        let sig = &f.signals;
        let (Some(first), Some(last)) = (&sig.first, &sig.last) else { continue };
        let (lo, hi) = g.span(first.0, last.0);
        common_lo = common_lo.max(lo);
        common_hi = common_hi.min(hi);
        let xs = g.series(&sig.events);
        for (t, x) in totals.iter_mut().zip(&xs) {
            *t += x;
        }
        // Rates only for families that log in most buckets (median 5+):
        // a sparse log's bursts (an hourly cron) are its normal shape, and
        // its real anomalies show as floods, errors and new templates.
        let dense = hi - lo >= 10 && robust(&mut xs[lo..=hi].to_vec(), true).median >= 5.0;
        if hi - lo >= 10 {
            let es = g.series(&sig.errors);
            let eb = rolling(&es, true);
            push_runs(
                &mut out,
                "error_burst",
                &format!("{}: error+", f.name),
                &es,
                &eb,
                &|_| true,
                burst,
                &sig.error_lines,
            );
        }
        if dense {
            let base = rolling(&xs[lo..=hi], true);
            let mut full = vec![Baseline { median: 0.0, sigma: 1.0, mean: 0.0 }; g.n];
            full[lo..=hi].copy_from_slice(&base);
            push_runs(
                &mut out,
                "rate_spike",
                &f.name,
                &xs,
                &full,
                &|i| (lo..=hi).contains(&i),
                spike,
                &sig.lines,
            );
            push_runs(&mut out, "rate_drop", &f.name, &xs, &full, &|i| i > lo && i < hi, drop, &sig.lines);
        }
        silence(&mut out, f, &g, sens);
    }
    if common_hi != usize::MAX && common_hi >= common_lo + 10 && families.len() > 1 {
        let (lo, hi) = (common_lo, common_hi);
        let mut full = vec![Baseline { median: 0.0, sigma: 1.0, mean: 0.0 }; g.n];
        full[lo..=hi].copy_from_slice(&rolling(&totals[lo..=hi], true));
        let lines = merged(families.iter().map(|f| &f.signals.lines));
        push_runs(
            &mut out,
            "rate_spike",
            "(all sources)",
            &totals,
            &full,
            &|i| (lo..=hi).contains(&i),
            spike,
            &lines,
        );
        push_runs(
            &mut out,
            "rate_drop",
            "(all sources)",
            &totals,
            &full,
            &|i| i > lo && i < hi,
            drop,
            &lines,
        );
    }
    for (name, counts, lines) in [
        (
            "HTTP 5xx",
            merged_counts(families.iter().map(|f| &f.signals.http5)),
            merged(families.iter().map(|f| &f.signals.http5_lines)),
        ),
        (
            "HTTP 4xx",
            merged_counts(families.iter().map(|f| &f.signals.http4)),
            merged(families.iter().map(|f| &f.signals.http4_lines)),
        ),
    ] {
        let xs = g.series(&counts);
        let base = rolling(&xs, true);
        push_runs(&mut out, "error_burst", name, &xs, &base, &|_| true, burst, &lines);
    }
    floods(&mut out, families, &g, s);
    latency(&mut out, families, &g, s);
    templates(&mut out, families, miner, &g, s);
    if let Some((bf, bm)) = baseline {
        against_baseline(&mut out, families, miner, bf, bm, &g, s);
    }
    out.sort_by(|a, b| a.start.cmp(&b.start).then(a.kind.cmp(b.kind)).then(a.subject.cmp(&b.subject)));
    (out, Some(g))
}

fn merged<'a>(it: impl Iterator<Item = &'a Lines>) -> Lines {
    let mut out = Lines::new();
    for l in it {
        for (k, v) in l {
            out.entry(*k).or_default().extend(v.iter().cloned());
        }
    }
    out
}

fn merged_counts<'a>(it: impl Iterator<Item = &'a BTreeMap<i64, u64>>) -> BTreeMap<i64, u64> {
    let mut out = BTreeMap::new();
    for m in it {
        for (k, v) in m {
            *out.entry(*k).or_insert(0) += v;
        }
    }
    out
}

/// `silence`: a gap between consecutive events of a family during which
/// its local rate (events per second in the window of three gap lengths,
/// at least 30 minutes, on both sides) predicted `expected` events; the
/// score is `expected / 4`, so the default sensitivity 5 asks for 20
/// expected events, which a steady stream misses with probability e^-20.
fn silence(out: &mut Vec<Finding>, f: &Family, g: &Grid, sens: f64) {
    let sig = &f.signals;
    if sig.timed < 20 {
        return;
    }
    for gap in &sig.gaps {
        let len = gap.to - gap.from;
        if len < g.res {
            continue;
        }
        let l = (3 * len).max(30 * 60_000_000_000);
        let before = sig
            .events
            .range((gap.from - l).div_euclid(g.res)..gap.from.div_euclid(g.res))
            .map(|(_, c)| c)
            .sum::<u64>();
        let after = sig
            .events
            .range((gap.to.div_euclid(g.res) + 1)..=(gap.to + l).div_euclid(g.res))
            .map(|(_, c)| c)
            .sum::<u64>();
        let expected = (before + after) as f64 / (2 * l) as f64 * len as f64;
        if expected / 4.0 >= sens && expected >= 10.0 {
            out.push(Finding {
                kind: "silence",
                start: gap.from,
                end: gap.to,
                score: expected / 4.0,
                baseline: expected,
                observed: 0.0,
                subject: f.name.clone(),
                level: None,
                evidence: vec![gap.before.clone(), gap.after.clone()],
            });
        }
    }
}

/// `flood`: a client IP or user whose events in a bucket are at least 20,
/// ten times the population's mean per subject in that bucket, and
/// `sensitivity` spreads above its own median over the whole span; an
/// endpoint far above its own rolling baseline.
fn floods(out: &mut Vec<Finding>, families: &[Family], g: &Grid, s: Settings) {
    let mut subjects: BTreeMap<(SubjectKind, &str), (Vec<f64>, &str)> = BTreeMap::new();
    let mut pop: HashMap<SubjectKind, Vec<(f64, f64)>> = HashMap::new();
    for f in families {
        for (kind, name, ser) in f.signals.subject_iter() {
            let e = subjects.entry((kind, name)).or_insert_with(|| (vec![0.0; g.n], ser.example.as_str()));
            for (&slot, &c) in &ser.slots {
                e.0[g.index(slot)] += c as f64;
            }
        }
        for (&(kind, slot), &(n, d)) in &f.signals.population {
            let p = pop.entry(kind).or_insert_with(|| vec![(0.0, 0.0); g.n]);
            let i = g.index(slot);
            p[i].0 += n as f64;
            p[i].1 += d as f64;
        }
    }
    for ((kind, name), (xs, example)) in &subjects {
        let rule =
            Rule { sensitivity: s.sensitivity, min_value: 20.0, ratio: 3.0, drop: false, poisson: false };
        let p = &pop[kind];
        let base: Vec<Baseline> = if *kind == SubjectKind::Endpoint {
            // Its own rolling baseline over the buckets that had requests.
            let active: Vec<usize> = (0..g.n).filter(|&i| p[i].0 > 0.0).collect();
            if active.len() < 10 {
                continue;
            }
            let ax: Vec<f64> = active.iter().map(|&i| xs[i]).collect();
            let mut full = vec![Baseline { median: f64::INFINITY, sigma: 1.0, mean: 0.0 }; g.n];
            for (k, b) in rolling(&ax, true).into_iter().enumerate() {
                full[active[k]] = b;
            }
            full
        } else {
            let b = robust(&mut xs.clone(), true);
            (0..g.n)
                .map(|i| {
                    // The others' mean: the subject itself left out.
                    let (n, d) = (p[i].0 - xs[i], p[i].1 - f64::from(xs[i] > 0.0));
                    let mean = if d > 0.0 { n / d } else { 0.0 };
                    // The population's bar: ten times its mean, as a median the rule must clear.
                    Baseline { median: b.median.max(mean * 10.0 / rule.ratio), sigma: b.sigma, mean: b.mean }
                })
                .collect()
        };
        for r in runs(xs, &base, &|_| true, rule) {
            out.push(Finding {
                kind: "flood",
                start: g.at(r.start),
                end: g.at(r.end + 1),
                score: r.score,
                baseline: r.baseline,
                observed: r.observed,
                subject: format!("{} {name}", kind.as_str()),
                level: None,
                evidence: vec![example.to_string()],
            });
        }
    }
}

/// One endpoint's requests in one bucket: the sketch and the slowest line.
type BucketLatency<'a> = (Sketch, (f64, &'a str));

/// `latency`: an endpoint whose p95 in a bucket (of 3+ requests) is twice
/// its rolling baseline and `sensitivity` spreads above it (spread floored
/// at 10% of the baseline and 1 ms).
fn latency(out: &mut Vec<Finding>, families: &[Family], g: &Grid, s: Settings) {
    let mut eps: BTreeMap<&str, BTreeMap<usize, BucketLatency<'_>>> = BTreeMap::new();
    for f in families {
        for (ep, slots) in &f.signals.latency {
            let e = eps.entry(ep.as_str()).or_default();
            for (&slot, l) in slots {
                let b = e.entry(g.index(slot)).or_insert_with(|| (Sketch::new(0.02), (f64::MIN, "")));
                b.0.merge(l.sketch.clone());
                if l.slowest.0 > b.1 .0 {
                    b.1 = (l.slowest.0, l.slowest.1.as_str());
                }
            }
        }
    }
    for (ep, buckets) in eps {
        let kept: Vec<(usize, f64, (f64, &str))> = buckets
            .iter()
            .filter(|(_, b)| b.0.count() >= 3)
            .map(|(&i, b)| (i, b.0.quantile(0.95).unwrap_or(0.0), b.1))
            .collect();
        if kept.len() < 10 {
            continue;
        }
        let xs: Vec<f64> = kept.iter().map(|k| k.1).collect();
        let base: Vec<Baseline> = rolling(&xs, false)
            .into_iter()
            .map(|b| Baseline { sigma: b.sigma.max(0.1 * b.median).max(1.0), ..b })
            .collect();
        let rule =
            Rule { sensitivity: s.sensitivity, min_value: 0.0, ratio: 2.0, drop: false, poisson: false };
        for r in runs(&xs, &base, &|_| true, rule) {
            let slowest = kept[r.start..=r.end].iter().max_by(|a, b| a.2 .0.total_cmp(&b.2 .0)).unwrap();
            let n = (r.end - r.start + 1) as f64;
            out.push(Finding {
                kind: "latency",
                start: g.at(kept[r.start].0),
                end: g.at(kept[r.end].0 + 1),
                score: r.score,
                baseline: r.baseline / n,
                observed: kept[r.start..=r.end].iter().map(|k| k.1).fold(0.0, f64::max),
                subject: format!("{ep} p95 ms"),
                level: None,
                evidence: vec![slowest.2 .1.to_string()],
            });
        }
    }
}

/// `new_template`: first seen after its family's warm-up (10% of its span,
/// at least 3 buckets) in a family spanning 10+ buckets, and so late that
/// at its own rate it would have shown up earlier with probability under
/// 1% (`count * (first - start) / span >= 4.6`), so a rare but regular
/// message (a weekly job) is not news. `rare_template`: warn or worse and
/// seen at most 3 times. Score: 3 for error and worse, 2 for warn, 1
/// otherwise (new errors are the best leads), times how surprising.
fn templates(out: &mut Vec<Finding>, families: &[Family], miner: &Miner, g: &Grid, s: Settings) {
    let span_of = |origin: u32| {
        families
            .iter()
            .find(|f| f.sources.contains(&origin))
            .and_then(|f| Some((f.signals.first.as_ref()?.0, f.signals.last.as_ref()?.0)))
    };
    for c in &miner.families() {
        let (Some(first), Some((fs, fl))) = (c.first, span_of(c.origin)) else { continue };
        let warm = ((fl - fs) / 10).max(3 * g.width);
        let surprise = c.count as f64 * (first - fs) as f64 / (fl - fs).max(1) as f64;
        if fl - fs >= 10 * g.width && first >= fs + warm && surprise >= 4.6 {
            let mut f = template_finding("new_template", c, s);
            f.score *= surprise / 4.6;
            out.push(f);
        } else if c.count <= 3 && c.level.is_some_and(|l| l >= Level::Warn) {
            out.push(template_finding("rare_template", c, s));
        }
    }
}

fn template_finding(kind: &'static str, c: &Cluster, _s: Settings) -> Finding {
    Finding {
        kind,
        start: c.first.unwrap_or(0),
        end: c.last.unwrap_or(0) + 1,
        score: level_weight(c.level),
        baseline: 0.0,
        observed: c.count as f64,
        subject: c.template(),
        level: c.level,
        evidence: vec![c.example.clone()],
    }
}

/// `--baseline`: templates never seen in the baseline, busy clients and
/// endpoints it never had, and family rates far above its rates.
fn against_baseline(
    out: &mut Vec<Finding>,
    families: &[Family],
    miner: &Miner,
    base_families: &[Family],
    base_miner: &Miner,
    g: &Grid,
    s: Settings,
) {
    for c in &miner.families() {
        if base_miner.lookup(&c.tokens).is_none() {
            let mut f = template_finding("new_template", c, s);
            f.baseline = 0.0;
            f.subject = format!("{} (not in baseline)", f.subject);
            out.push(f);
        }
    }
    let known: std::collections::HashSet<(SubjectKind, &str)> =
        base_families.iter().flat_map(|f| f.signals.subject_iter().map(|(k, n, _)| (k, n))).collect();
    let known_eps: std::collections::HashSet<&str> =
        base_families.iter().flat_map(|f| f.signals.latency.keys().map(String::as_str)).collect();
    for f in families {
        for (kind, name, ser) in f.signals.subject_iter() {
            let total: u32 = ser.slots.values().sum();
            let new = match kind {
                SubjectKind::Endpoint => !known_eps.contains(name) && !known.contains(&(kind, name)),
                _ => !known.contains(&(kind, name)),
            };
            if new && total >= 20 {
                let (a, b) = (ser.slots.keys().next().unwrap(), ser.slots.keys().last().unwrap());
                out.push(Finding {
                    kind: "flood",
                    start: a * g.res,
                    end: (b + 1) * g.res,
                    score: s.sensitivity,
                    baseline: 0.0,
                    observed: total as f64,
                    subject: format!("{} {name} (not in baseline)", kind.as_str()),
                    level: None,
                    evidence: vec![ser.example.clone()],
                });
            }
        }
        let Some(bf) = base_families.iter().find(|b| b.name == f.name) else { continue };
        let Some(bg) = grid(std::slice::from_ref(bf), Some(g.width), bf.signals.res) else { continue };
        let mut bx = bg.series(&bf.signals.events);
        if bx.len() < 10 {
            continue;
        }
        let b = robust(&mut bx, true);
        let xs = g.series(&f.signals.events);
        let base = vec![b; g.n];
        let rule =
            Rule { sensitivity: s.sensitivity, min_value: 10.0, ratio: 2.0, drop: false, poisson: true };
        for r in runs(&xs, &base, &|_| true, rule) {
            out.push(Finding {
                kind: "rate_spike",
                start: g.at(r.start),
                end: g.at(r.end + 1),
                score: r.score,
                baseline: r.baseline,
                observed: r.observed,
                subject: format!("{} (vs baseline)", f.name),
                level: None,
                evidence: g.lines(&f.signals.lines, r.start, r.end, s.evidence),
            });
        }
    }
}
