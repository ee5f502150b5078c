//! `logsift anomalies`: what changed? Bucketed rates, error bursts, floods,
//! latency, new and rare templates and silences, each against a robust
//! baseline (issue 7).
//!
//! One parallel pass collects [`Signals`] per chunk; the chunks of a source
//! merge in order, the sources of a rotated set (`auth.log.2.gz`,
//! `auth.log.1`, `auth.log`) merge in input order into one *family* (so a
//! rotation is not a silence), and the findings are computed at the end
//! (`analysis::findings`). `--baseline` collects a known-good archive the
//! same way first.

use std::io::Write;
use std::ops::ControlFlow;
use std::sync::Arc;

use anyhow::{bail, Context, Result};

use crate::analysis::anomalies::gcd;
use crate::analysis::findings::{find, Family, Settings};
use crate::analysis::partial::Merge;
use crate::analysis::signals::Signals;
use crate::analysis::template_cache::TemplateMemo;
use crate::analysis::templates::{Miner, MinerConfig};
use crate::cli::{AnomaliesArgs, InputArgs};
use crate::config::resolve_inputs;
use crate::exit::Exit;
use crate::input::rotation::rotation_key;
use crate::output::digests;
use crate::output::findings::{print_json, print_table};
use crate::output::progress::Progress;
use crate::query::{time::parse_duration, Query};
use crate::report::Reporter;
use crate::scan::{scan, BySource, Chunk, Delivery, Meter, SourceInfo};

/// Slot width when no finer --bucket asks for less: one minute.
const MINUTE: i64 = 60_000_000_000;

/// Runs `logsift anomalies`.
pub fn run(args: &AnomaliesArgs) -> Result<Exit> {
    let report = Reporter::new(args.output.quiet, args.input.strict);
    let o = &args.anomalies;
    let bucket = o
        .bucket
        .as_deref()
        .map(|b| parse_duration(b).map_err(anyhow::Error::msg).context("--bucket"))
        .transpose()?;
    if bucket.is_some_and(|b| b < 1_000_000_000) {
        bail!("--bucket must be at least 1s");
    }
    if o.sensitivity <= 0.0 || o.sensitivity.is_nan() {
        bail!("--sensitivity must be positive");
    }
    let res = bucket.map_or(MINUTE, |b| gcd(b, MINUTE));
    let miner_cfg = MinerConfig::default();
    let cfg = resolve_inputs(&args.input, &report)?;
    let query = Query::from_args(&args.filter, cfg.scan.zone)?;
    let baseline = if o.baseline.is_empty() {
        None
    } else {
        let bargs = InputArgs { paths: o.baseline.clone(), ..args.input.clone() };
        let bcfg = resolve_inputs(&bargs, &report)?;
        let collected = collect(&bcfg, &query, res, miner_cfg, &report, true);
        // The baseline's inputs are evidence too: their digests come first.
        Some((collected, bcfg.digests()))
    };
    let (baseline, mut digests) = match baseline {
        Some((c, d)) => (Some(c), d),
        None => (None, Vec::new()),
    };
    let (families, miner) = collect(&cfg, &query, res, miner_cfg, &report, args.output.quiet);
    let settings = Settings { bucket, sensitivity: o.sensitivity, evidence: o.evidence };
    let base = baseline.as_ref().map(|(f, m)| (f.as_slice(), m));
    let (mut findings, grid) = find(&families, &miner, base, settings);
    // --top keeps the highest scores (ties: earliest), shown in time order.
    if findings.len() > o.top {
        let mut order: Vec<usize> = (0..findings.len()).collect();
        order.sort_by(|&a, &b| findings[b].score.total_cmp(&findings[a].score).then(a.cmp(&b)));
        let mut keep = vec![false; findings.len()];
        for &i in order.iter().take(o.top) {
            keep[i] = true;
        }
        let mut i = 0;
        findings.retain(|_| {
            i += 1;
            keep[i - 1]
        });
    }
    digests.extend(cfg.digests());
    let mut out = std::io::stdout().lock();
    if args.output.json {
        print_json(&mut out, &findings)?;
        digests::print_json(&mut out, &digests)?;
    } else {
        print_table(&mut out, &findings, grid.map(|g| g.width), o.sensitivity)?;
        digests::print_text(&mut out, &digests)?;
    }
    out.flush()?;
    // The process ends next: leave the collected signals to the exit instead
    // of freeing them one allocation at a time on one core.
    std::mem::forget((families, miner, baseline));
    let found = if findings.is_empty() { Exit::NotFound } else { Exit::Ok };
    Ok(found.with_errors(report.errors()))
}

/// The family a source belongs to: its directory and rotated-set name.
fn family_name(label: &str) -> String {
    let (dir, file) = match label.rfind('/') {
        Some(p) => (&label[..p + 1], &label[p + 1..]),
        None => ("", label),
    };
    format!("{dir}{}", rotation_key(file).base)
}

/// Scans `cfg`'s inputs into families (in input order) and one miner.
fn collect(
    cfg: &crate::config::InputConfig,
    query: &Query,
    res: i64,
    miner_cfg: MinerConfig,
    report: &Reporter,
    quiet: bool,
) -> (Vec<Family>, Miner) {
    let meter = Arc::new(Meter::new());
    let progress = Progress::start(meter.clone(), quiet);
    let work = |chunk: &Chunk| {
        let mut s = Signals::new(res, miner_cfg);
        let mut memo = TemplateMemo::new();
        let mut each = |ev: crate::event::Event<'_>| s.add(&ev, &mut memo);
        query.for_each_match(chunk, &mut each);
        memo.flush(&mut s.miner);
        s.prune();
        s
    };
    let mut sources: BySource<(Arc<SourceInfo>, Signals)> = BySource::new();
    scan(&cfg.inputs, &cfg.scan, &meter, &work, |d| {
        match d {
            Delivery::Begin(info) => {
                sources.insert(info.id, (info, Signals::new(res, miner_cfg)));
            }
            Delivery::Chunk { source, out } => {
                if let Some((_, s)) = sources.get_mut(source.id) {
                    s.merge(out);
                }
            }
            Delivery::End { .. } => {}
            Delivery::Error(e) => {
                if report.input_error(&e) {
                    return ControlFlow::Break(());
                }
            }
        }
        ControlFlow::Continue(())
    });
    drop(progress);
    let mut sources: Vec<(Arc<SourceInfo>, Signals)> = sources.into_values().collect();
    sources.sort_by_key(|(i, _)| i.key);
    let mut miner = Miner::new(miner_cfg);
    let mut families: Vec<Family> = Vec::new();
    for (info, mut sig) in sources {
        miner.merge(std::mem::replace(&mut sig.miner, Miner::new(miner_cfg)));
        let name = family_name(&info.label);
        match families.iter_mut().find(|f| f.name == name) {
            Some(f) => {
                f.sources.push(info.id);
                f.signals.merge(sig);
            }
            None => families.push(Family { name, sources: vec![info.id], signals: sig }),
        }
    }
    (families, miner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotated_sets_are_one_family() {
        assert_eq!(family_name("logs/web1/auth.log.2.gz"), "logs/web1/auth.log");
        assert_eq!(family_name("logs/web1/auth.log"), "logs/web1/auth.log");
        assert_eq!(family_name("a.tgz:var/log/access.log-20240301.gz"), "a.tgz:var/log/access.log");
        assert_eq!(family_name("app.jsonl"), "app.jsonl");
    }
}
