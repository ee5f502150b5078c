//! `logsift filter`: which events match? The grep of events.
//!
//! Every chunk is searched in parallel: the query's prefilter (text
//! patterns) runs over the raw bytes first, only candidate records are
//! parsed, and each match is rendered in the worker (grep text, JSON line
//! or CSV row) into the chunk's buffer. The driver writes those buffers in
//! input order (sources one after another, records in file order), so the
//! output is the same at any thread count. `--sort time` collects the
//! rendered matches and sorts them by timestamp instead.

use std::io::{IsTerminal, Write};
use std::ops::ControlFlow;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Result;

use crate::cli::{FilterCmdArgs, SortOrder};
use crate::config::resolve_inputs;
use crate::exit::Exit;
use crate::output::color::use_color;
use crate::output::csv::CsvWriter;
use crate::output::grep::{write_record, GrepStyle};
use crate::output::json::{write_event, write_str};
use crate::output::progress::Progress;
use crate::output::sanitize::escape_with;
use crate::query::Query;
use crate::report::Reporter;
use crate::scan::{scan, BySource, Chunk, Delivery, Meter, SourceInfo};

/// How each match is rendered in the workers.
enum Render {
    Grep(GrepStyle),
    Json,
    Csv(CsvWriter),
    /// Counting modes (-c, -l, -q): nothing is rendered.
    Nothing,
}

/// What one chunk produced.
#[derive(Default)]
struct Part {
    /// The rendered matches, back to back.
    out: Vec<u8>,
    /// For each match: end of its rendering in `out`, timestamp and line
    /// (for -m truncation and --sort time).
    matches: Vec<(usize, i64, u64)>,
    /// Records parsed (only prefilter candidates when there is a prefilter).
    parsed: u64,
}

/// A rendered match kept for `--sort time`: ordered by timestamp, then
/// input order, then line (a stable, deterministic order).
struct SortedMatch {
    key: (i64, (usize, usize), u64),
    text: Vec<u8>,
}

/// Per-source totals.
struct SourceTally {
    info: Arc<SourceInfo>,
    matches: u64,
}

/// Runs `logsift filter`.
pub fn run(args: &FilterCmdArgs) -> Result<Exit> {
    let started = Instant::now();
    let quiet = args.output.quiet;
    let report = Reporter::new(quiet, args.input.strict);
    crate::config::reject_hash(&args.input, "filter")?;
    let mut cfg = resolve_inputs(&args.input, &report)?;
    let query = Query::from_args(&args.filter, cfg.scan.zone)?;
    let p = &args.print;
    let listing = p.count || p.files_with_matches || quiet;
    let render = if listing {
        Render::Nothing
    } else if args.output.json {
        Render::Json
    } else if p.csv {
        Render::Csv(CsvWriter { extra: p.columns.clone(), neutralise: !p.csv_raw })
    } else {
        let color = use_color(args.output.color);
        Render::Grep(GrepStyle {
            with_filename: !p.no_filename,
            with_line_number: !p.no_line_number,
            color,
            escape: color || std::io::stdout().is_terminal(),
        })
    };
    // Printing records needs input order; counting modes collect per
    // source and can let sources interleave (a .gz decompresses while
    // plain files are searched).
    cfg.scan.ordered = !listing && p.sort == SortOrder::Input;
    // One literal (`-F ID`): few records match, so lines are counted only
    // where a match needs its number (the work reads line numbers through
    // the chunk's `for_each_*` methods, which honour that).
    cfg.scan.lazy_lines = query.prefilter().and_then(|p| p.longest_hit()).is_some();
    let matcher = query.text.as_ref();
    let work = |chunk: &Chunk| {
        let mut part = Part::default();
        let label = chunk.source.label.as_str();
        part.parsed = query.for_each_match(chunk, &mut |ev| {
            match &render {
                Render::Grep(style) => write_record(&mut part.out, &ev, label, style, matcher),
                Render::Json => write_event(&mut part.out, &ev, label),
                Render::Csv(w) => w.row(&mut part.out, &ev, label),
                Render::Nothing => {}
            }
            part.matches.push((part.out.len(), ev.ts.map_or(i64::MIN, |t| t.nanos), ev.line));
        });
        part
    };

    let meter = Arc::new(Meter::new());
    let progress = Progress::start(meter.clone(), quiet);
    let mut stdout = std::io::stdout().lock();
    let mut write_error: Option<std::io::Error> = None;
    if let Render::Csv(w) = &render {
        let mut header = Vec::new();
        w.header(&mut header);
        stdout.write_all(&header)?;
    }
    let mut tallies: BySource<SourceTally> = BySource::new();
    let mut sorted: Vec<SortedMatch> = Vec::new();
    let (mut lines, mut bytes, mut parsed, mut total) = (0u64, 0u64, 0u64, 0u64);
    scan(&cfg.inputs, &cfg.scan, &meter, &work, |d| {
        match d {
            Delivery::Begin(info) => {
                tallies.insert(info.id, SourceTally { info, matches: 0 });
            }
            Delivery::Chunk { source, out } => {
                parsed += out.parsed;
                let Some(tally) = tallies.get_mut(source.id) else {
                    return ControlFlow::Continue(());
                };
                let room = p.max_count.map_or(u64::MAX, |m| m.saturating_sub(tally.matches));
                let take = (out.matches.len() as u64).min(room) as usize;
                tally.matches += take as u64;
                total += take as u64;
                if quiet && total > 0 {
                    return ControlFlow::Break(());
                }
                if take == 0 || listing {
                    return ControlFlow::Continue(());
                }
                if p.sort == SortOrder::Time {
                    let mut start = 0;
                    for &(end, ts, line) in &out.matches[..take] {
                        sorted.push(SortedMatch {
                            key: (ts, source.key, line),
                            text: out.out[start..end].to_vec(),
                        });
                        start = end;
                    }
                } else {
                    let end = out.matches[take - 1].0;
                    if let Err(e) = stdout.write_all(&out.out[..end]) {
                        write_error = Some(e);
                        return ControlFlow::Break(());
                    }
                }
            }
            Delivery::End { lines: l, bytes: b, .. } => {
                lines += l;
                bytes += b;
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
    if let Some(e) = write_error {
        return Err(e.into());
    }
    if p.sort == SortOrder::Time && !listing {
        sorted.sort_by_key(|m| m.key);
        for m in &sorted {
            stdout.write_all(&m.text)?;
        }
    }
    let mut tallies: Vec<SourceTally> = tallies.into_values().collect();
    tallies.sort_by_key(|t| t.info.key);
    if !quiet {
        if p.count {
            write_counts(&mut stdout, &tallies, total, args.output.json)?;
        } else if p.files_with_matches {
            for t in tallies.iter().filter(|t| t.matches > 0) {
                writeln!(stdout, "{}", escape_with(&t.info.label, false))?;
            }
        }
    }
    stdout.flush()?;
    if p.stats {
        let secs = started.elapsed().as_secs_f64();
        report.stats(&format!(
            "{lines} lines scanned, {parsed} records parsed, {total} matches, {bytes} bytes in {secs:.3} s \
             ({:.0} MB/s)",
            bytes as f64 / 1e6 / secs.max(1e-9)
        ));
    }
    let found = if total > 0 { Exit::Ok } else { Exit::NotFound };
    Ok(found.with_errors(report.errors()))
}

/// `-c`: `source:count` per source (as grep -c), then `total:N` when there
/// are several; with --json one object per source and a total.
fn write_counts(
    out: &mut impl Write,
    tallies: &[SourceTally],
    total: u64,
    json: bool,
) -> std::io::Result<()> {
    for t in tallies {
        if json {
            let mut o = b"{\"source\":".to_vec();
            write_str(&mut o, &t.info.label);
            writeln!(o, ",\"count\":{}}}", t.matches)?;
            out.write_all(&o)?;
        } else {
            writeln!(out, "{}:{}", escape_with(&t.info.label, false), t.matches)?;
        }
    }
    if json {
        writeln!(out, "{{\"total\":{total}}}")?;
    } else if tallies.len() > 1 {
        writeln!(out, "total:{total}")?;
    }
    Ok(())
}
