//! `logsift stats`: what is in these logs? Per-source tallies, levels,
//! hosts, apps, message templates and HTTP request statistics.
//!
//! One parallel pass: every chunk is summarised in a worker
//! ([`Summarizer`]), the chunks of a source are merged in order as they
//! arrive, and the sources are merged in input order at the end, so the
//! answer is the same at any thread count (see `analysis::partial`).
//! Templates are the exception: the chunks' miners are kept and absorbed
//! one by one in input order at the end, which is what `--events` does as
//! it streams, so both give every template the same id.
//!
//! `--templates --events --json` streams every event instead, tagged with
//! its template: workers mask and render, the driver mines in input order
//! (the miner is order-sensitive) and appends the template to each line.

use std::io::Write;
use std::ops::ControlFlow;
use std::sync::Arc;

use anyhow::{bail, Result};

use crate::analysis::partial::Merge;
use crate::analysis::summary::{template_seen, Overall, Part, Summarizer};
use crate::analysis::template_cache::TemplateMemo;
use crate::analysis::template_order::ChunkMiners;
use crate::analysis::templates::{Miner, MinerConfig, OVERFLOW_ID};
use crate::cli::StatsArgs;
use crate::config::resolve_inputs;
use crate::exit::Exit;
use crate::output::digests;
use crate::output::json::{write_event, write_str};
use crate::output::progress::Progress;
use crate::output::stats::{print_json, print_tables, Report, SourceRow};
use crate::query::Query;
use crate::report::Reporter;
use crate::scan::{scan, BySource, Chunk, Delivery, Meter};

/// Runs `logsift stats`.
pub fn run(args: &StatsArgs) -> Result<Exit> {
    let report = Reporter::new(args.output.quiet, args.input.strict);
    let mut cfg = resolve_inputs(&args.input, &report)?;
    let query = Query::from_args(&args.filter, cfg.scan.zone)?;
    let o = &args.stats;
    if !(0.0..=1.0).contains(&o.similarity) {
        bail!("--similarity {}: expected a share between 0 and 1", o.similarity);
    }
    let miner = MinerConfig { similarity: o.similarity, depth: o.depth, ..MinerConfig::default() };
    if o.events {
        if !args.output.json {
            bail!("--events prints JSON lines: add --json");
        }
        cfg.scan.ordered = true;
        return run_events(&cfg, &query, miner, &report);
    }
    let meter = Arc::new(Meter::new());
    let progress = Progress::start(meter.clone(), args.output.quiet);
    let work = |chunk: &Chunk| {
        let mut s = Summarizer::new(chunk.source.detection.format, Some(miner));
        query.for_each_match(chunk, &mut |ev| s.add(&ev));
        s.finish()
    };
    let mut sources: BySource<SourceRow> = BySource::new();
    let mut chunk_miners = ChunkMiners::new();
    scan(&cfg.inputs, &cfg.scan, &meter, &work, |d| {
        match d {
            Delivery::Begin(info) => {
                sources.insert(info.id, SourceRow::new(info, Part::empty(Some(miner))));
            }
            Delivery::Chunk { source, mut out } => {
                if let Some(row) = sources.get_mut(source.id) {
                    // Templates are merged chunk by chunk in input order at
                    // the end, as `--events` does (same ids).
                    if let Some(m) = out.overall.templates.take() {
                        chunk_miners.add(source.id, m);
                    }
                    row.part.merge(out);
                }
            }
            Delivery::End { source, lines, bytes } => {
                if let Some(row) = sources.get_mut(source.id) {
                    row.lines = lines;
                    row.bytes = bytes;
                }
            }
            Delivery::Error(e) => {
                if report.input_error(&e) {
                    return ControlFlow::Break(());
                }
            }
        }
        ControlFlow::Continue(())
    });
    drop(progress);
    let mut rows: Vec<SourceRow> = sources.into_values().collect();
    rows.sort_by_key(|r| r.info.key);
    let mut overall = Overall::new(Some(miner));
    for r in &mut rows {
        let part = std::mem::replace(&mut r.part.overall, Overall::new(None));
        overall.merge(part);
    }
    overall.templates = Some(chunk_miners.finish(rows.iter().map(|r| r.info.id), miner));
    let rep = Report { sources: &rows, overall: &overall, top: o.top, templates_only: o.templates };
    let mut out = std::io::stdout().lock();
    if args.output.json {
        print_json(&mut out, &rep)?;
        digests::print_json(&mut out, &cfg.digests())?;
    } else {
        if !rows.is_empty() {
            print_tables(&mut out, &rep)?;
        }
        digests::print_text(&mut out, &cfg.digests())?;
    }
    out.flush()?;
    let events: u64 = rows.iter().map(|r| r.part.tally.events).sum();
    // The process ends next: leave the aggregates to the exit instead of
    // freeing them one allocation at a time on one core (as `anomalies`).
    std::mem::forget((rows, overall));
    let found = if events > 0 { Exit::Ok } else { Exit::NotFound };
    Ok(found.with_errors(report.errors()))
}

/// One rendered event waiting for its template.
struct Pending {
    /// End of its rendering in the chunk buffer (without the closing `}}\n`).
    end: usize,
    /// Whether its `fields` object already has members.
    has_fields: bool,
    /// Its template id in the chunk's miner.
    local: u32,
}

/// What one chunk renders in events mode.
struct Rendered {
    json: Vec<u8>,
    events: Vec<Pending>,
    /// The chunk's templates, mined as the summary's workers mine them.
    miner: Miner,
}

/// `--templates --events --json`: every event, tagged with its template.
///
/// Workers mine each chunk exactly as the summary's do (memo and all), and
/// the driver absorbs the chunk miners in input order, as the summary does
/// at its end: so the ids, counts and (on each id's last event) template
/// texts are the summary's.
fn run_events(
    cfg: &crate::config::InputConfig,
    query: &Query,
    miner_cfg: MinerConfig,
    report: &Reporter,
) -> Result<Exit> {
    let work = |chunk: &Chunk| {
        let mut r = Rendered { json: Vec::new(), events: Vec::new(), miner: Miner::new(miner_cfg) };
        let mut memo = TemplateMemo::new();
        let label = chunk.source.label.as_str();
        query.for_each_match(chunk, &mut |ev| {
            write_event(&mut r.json, &ev, label);
            // write_event ends every line with `}}\n`: reopen the fields object.
            r.json.truncate(r.json.len() - 3);
            let has_fields = r.json.last() != Some(&b'{');
            let local = memo.observe(&mut r.miner, &ev.message, template_seen(&ev));
            r.events.push(Pending { end: r.json.len(), has_fields, local });
        });
        memo.flush(&mut r.miner);
        r
    };
    let meter = Arc::new(Meter::new());
    let mut miner = Miner::new(miner_cfg);
    let mut out = std::io::stdout().lock();
    let mut write_error = None;
    let mut line = Vec::with_capacity(4096);
    let mut count = 0u64;
    scan(&cfg.inputs, &cfg.scan, &meter, &work, |d| {
        match d {
            Delivery::Chunk { out: r, .. } => {
                line.clear();
                let map = miner.absorb_mapped(r.miner);
                // The template text of each of the chunk's ids, written once.
                let mut texts: Vec<Option<Vec<u8>>> = vec![None; map.len()];
                let mut start = 0;
                for p in &r.events {
                    line.extend_from_slice(&r.json[start..p.end]);
                    start = p.end;
                    if p.has_fields {
                        line.push(b',');
                    }
                    let id = map.get(p.local as usize).copied().unwrap_or(OVERFLOW_ID);
                    if id == OVERFLOW_ID {
                        line.extend_from_slice(b"\"template_id\":null,\"template\":null}}\n");
                    } else {
                        let text = texts[p.local as usize].get_or_insert_with(|| {
                            let mut t = Vec::new();
                            write_str(&mut t, &miner.clusters()[id as usize].template());
                            t
                        });
                        let _ = write!(line, "\"template_id\":{id},\"template\":");
                        line.extend_from_slice(text);
                        line.extend_from_slice(b"}}\n");
                    }
                    count += 1;
                }
                if let Err(e) = out.write_all(&line) {
                    write_error = Some(e);
                    return ControlFlow::Break(());
                }
            }
            Delivery::Error(e) => {
                if report.input_error(&e) {
                    return ControlFlow::Break(());
                }
            }
            Delivery::Begin(_) | Delivery::End { .. } => {}
        }
        ControlFlow::Continue(())
    });
    if let Some(e) = write_error {
        return Err(e.into());
    }
    digests::print_json(&mut out, &cfg.digests())?;
    out.flush()?;
    let found = if count > 0 { Exit::Ok } else { Exit::NotFound };
    Ok(found.with_errors(report.errors()))
}
