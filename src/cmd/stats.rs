//! `logsift stats`: what is in these logs? Per-source tallies, levels,
//! hosts, apps, message templates and HTTP request statistics.
//!
//! One parallel pass: every chunk is summarised in a worker
//! ([`Summarizer`]), the chunks of a source are merged in order as they
//! arrive, and the sources are merged in input order at the end, so the
//! answer is the same at any thread count (see `analysis::partial`).
//!
//! `--templates --events --json` streams every event instead, tagged with
//! its template: workers mask and render, the driver mines in input order
//! (the miner is order-sensitive) and appends the template to each line.

use std::io::Write;
use std::ops::ControlFlow;
use std::sync::Arc;

use anyhow::{bail, Result};

use crate::analysis::mask::{mask_message, Masked};
use crate::analysis::partial::Merge;
use crate::analysis::summary::{Overall, Part, Summarizer};
use crate::analysis::templates::{Miner, MinerConfig, Seen, OVERFLOW_ID};
use crate::cli::StatsArgs;
use crate::config::resolve_inputs;
use crate::event::Level;
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
    scan(&cfg.inputs, &cfg.scan, &meter, &work, |d| {
        match d {
            Delivery::Begin(info) => {
                sources.insert(info.id, SourceRow::new(info, Part::empty(Some(miner))));
            }
            Delivery::Chunk { source, out } => {
                if let Some(row) = sources.get_mut(source.id) {
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
    let found = if events > 0 { Exit::Ok } else { Exit::NotFound };
    Ok(found.with_errors(report.errors()))
}

/// Calls `f` with the chunk's events that match the query.
/// One rendered event waiting for its template.
struct Pending {
    /// End of its rendering in the chunk buffer (without the closing `}}\n`).
    end: usize,
    /// Whether its `fields` object already has members.
    has_fields: bool,
    ts: Option<i64>,
    level: Option<Level>,
    tokens: Masked,
    raw_start: usize,
    raw_end: usize,
}

/// What one chunk renders in events mode.
#[derive(Default)]
struct Rendered {
    json: Vec<u8>,
    raws: Vec<u8>,
    events: Vec<Pending>,
}

/// `--templates --events --json`: every event, tagged with its template.
fn run_events(
    cfg: &crate::config::InputConfig,
    query: &Query,
    miner_cfg: MinerConfig,
    report: &Reporter,
) -> Result<Exit> {
    let work = |chunk: &Chunk| {
        let mut r = Rendered::default();
        let label = chunk.source.label.as_str();
        query.for_each_match(chunk, &mut |ev| {
            write_event(&mut r.json, &ev, label);
            // write_event ends every line with `}}\n`: reopen the fields object.
            r.json.truncate(r.json.len() - 3);
            let has_fields = r.json.last() != Some(&b'{');
            let mut tokens = Masked::default();
            mask_message(&ev.message, &mut tokens);
            let raw_start = r.raws.len();
            r.raws.extend_from_slice(&ev.raw[..ev.raw.len().min(512)]);
            r.events.push(Pending {
                end: r.json.len(),
                has_fields,
                ts: ev.ts.map(|t| t.nanos),
                level: ev.level,
                tokens,
                raw_start,
                raw_end: r.raws.len(),
            });
        });
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
                let mut start = 0;
                for p in &r.events {
                    let seen = Seen {
                        count: 1,
                        first: p.ts,
                        last: p.ts,
                        level: p.level,
                        example: &r.raws[p.raw_start..p.raw_end],
                        origin: 0,
                    };
                    let id = miner.observe(&p.tokens, seen);
                    line.extend_from_slice(&r.json[start..p.end]);
                    start = p.end;
                    if p.has_fields {
                        line.push(b',');
                    }
                    if id == OVERFLOW_ID {
                        line.extend_from_slice(b"\"template_id\":null,\"template\":null}}\n");
                    } else {
                        let _ = write!(line, "\"template_id\":{id},\"template\":");
                        write_str(&mut line, &miner.clusters()[id as usize].template());
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
