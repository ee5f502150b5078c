//! `logsift timeline`: what happened, in what order, everywhere? Every
//! event of every input merged into one stream ordered by UTC instant
//! (issue 4).
//!
//! Two passes over different things: the scan turns each record into a
//! 20-byte key (instant, offset, length, line) and gathers them into sorted
//! runs per source ([`collect`]); the k-way merge then walks the runs in
//! timeline order and [`render`] re-reads each record from its source
//! (mapped files are re-sliced, streams were spilled) to print it. Nothing
//! but keys stays in memory. `--histogram` needs no merge and counts in
//! the scan; `--gaps` and `--skew` summarise instead of printing events
//! ([`summary`]).

mod collect;
mod render;
mod summary;

use std::collections::VecDeque;
use std::io::Write;
use std::sync::Arc;

use anyhow::{Context, Result};

use crate::analysis::interleave::{Key, Merge};
use crate::cli::TimelineArgs;
use crate::config::resolve_inputs;
use crate::exit::Exit;
use crate::format::time::Zone;
use crate::output::color::use_color;
use crate::output::csv::CsvWriter;
use crate::output::progress::Progress;
use crate::output::view::{terminal_width, View, ViewOptions};
use crate::query::time::parse_duration;
use crate::query::Query;
use crate::report::Reporter;
use crate::scan::Meter;

use collect::{collect, Collected, Filter, Runs};
use render::{render_ordered, Batch, Printer, BATCH};

/// Runs `logsift timeline`.
pub fn run(args: &TimelineArgs) -> Result<Exit> {
    let t = &args.timeline;
    let report = Reporter::new(args.output.quiet, args.input.strict);
    crate::config::reject_hash(&args.input, "timeline")?;
    let cfg = resolve_inputs(&args.input, &report)?;
    let query = Query::from_args(&args.filter, cfg.scan.zone)?;
    let filter = Filter::new(&query);
    let display = match &t.display_tz {
        Some(z) => Zone::parse(z).map_err(anyhow::Error::msg).context("--display-tz")?,
        None => Zone::Utc,
    };
    let meter = Arc::new(Meter::new());
    let progress = Progress::start(meter.clone(), args.output.quiet);
    if t.histogram || t.bucket.is_some() {
        let bucket = t.bucket.as_deref().map(parse_duration).transpose().map_err(anyhow::Error::msg);
        let bucket = bucket.context("--bucket")?;
        let found = summary::histogram(&cfg, &filter, bucket, &meter, &report, args, display, progress)?;
        return Ok(found.with_errors(report.errors()));
    }
    let gaps = t.gaps.as_deref().map(parse_duration).transpose().map_err(anyhow::Error::msg);
    let gaps = gaps.context("--gaps")?;
    let (col, runs) = collect(&cfg, &filter, t.skew, &meter, &report);
    drop(progress);
    if t.stats {
        let nruns: usize = runs.iter().map(|(_, r)| r.len()).sum();
        report.info(&format!(
            "timeline: {} events in {} sources, {} runs, {} chunks sorted, {} bytes spilled, {} bytes of keys",
            col.events,
            col.order.len(),
            nruns,
            col.sorted_chunks,
            col.spilled,
            col.events * std::mem::size_of::<Key>() as u64
        ));
    }
    let found = if t.skew {
        summary::skew(&col, args.output.json)?
    } else {
        let printer = printer(args, display, &col);
        match gaps {
            Some(threshold) => summary::gaps(&col, runs, &filter, &printer, threshold, args.output.json)?,
            None => print_events(&col, runs, &filter, &printer, t.head, t.tail, &report)?,
        }
    };
    Ok(found.with_errors(report.errors()))
}

/// Chooses the printer once from the flags.
fn printer(args: &TimelineArgs, display: Zone, col: &Collected) -> Printer {
    let t = &args.timeline;
    if args.output.json {
        Printer::Json
    } else if t.csv {
        Printer::Csv(CsvWriter { extra: Vec::new(), neutralise: true })
    } else if t.timesketch {
        Printer::Timesketch
    } else {
        let width = match t.cut {
            Some(0) => terminal_width().or(Some(120)),
            Some(w) => Some(w),
            None => terminal_width(),
        };
        let color = use_color(args.output.color);
        let mut v = View::new(ViewOptions { zone: display, color, width, cut: t.cut.is_some() });
        for &id in &col.order {
            if let Some(s) = col.srcs[id as usize].as_ref().filter(|s| s.events > 0) {
                v.add_source(id, &s.info.label);
            }
        }
        Printer::View(v)
    }
}

/// Merges and prints the events, or the first/last N.
fn print_events(
    col: &Collected,
    runs: Runs,
    filter: &Filter,
    printer: &Printer,
    head: Option<usize>,
    tail: Option<usize>,
    report: &Reporter,
) -> Result<Exit> {
    let mut merge = Merge::new(runs);
    let mut out = std::io::stdout().lock();
    let mut printed = 0u64;
    let mut header_done = false;
    let mut write = |text: &[u8], keys: usize| -> std::io::Result<()> {
        if keys > 0 && !header_done {
            header_done = true;
            header(&mut out, printer)?;
        }
        printed += keys as u64;
        out.write_all(text)
    };
    let mut scratch = Vec::with_capacity(BATCH);
    let missing = if let Some(n) = tail {
        let mut last: VecDeque<(u32, Key)> = VecDeque::with_capacity(n.min(1 << 20));
        while merge.next_batch(&mut scratch, BATCH) > 0 {
            for kv in scratch.drain(..).filter(|(_, k)| filter.in_window(k.instant())) {
                if n > 0 {
                    if last.len() == n {
                        last.pop_front();
                    }
                    last.push_back(kv);
                }
            }
        }
        let all: Vec<(u32, Key)> = last.into();
        let mut batches = all.chunks(BATCH);
        let next = |b: &mut Batch| batches.next().map(|c| b.extend_from_slice(c)).is_some();
        render_ordered(col, printer, next, &mut write)?
    } else {
        let mut left = head.unwrap_or(usize::MAX);
        // A batch: the next keys in the window, up to BATCH of them.
        let next = |b: &mut Batch| {
            while left > 0 && b.len() < BATCH && merge.next_batch(&mut scratch, BATCH - b.len()) > 0 {
                for kv in scratch.drain(..).filter(|(_, k)| filter.in_window(k.instant())) {
                    if left == 0 {
                        break;
                    }
                    left -= 1;
                    b.push(kv);
                }
            }
            !b.is_empty()
        };
        render_ordered(col, printer, next, &mut write)?
    };
    out.flush()?;
    if missing > 0 {
        report.error(&format!("{missing} records could not be read again (a file shrank during the run)"));
    }
    Ok(if printed > 0 { Exit::Ok } else { Exit::NotFound })
}

/// What goes before the first event: the legend, or the CSV header.
fn header(out: &mut impl Write, printer: &Printer) -> std::io::Result<()> {
    match printer {
        Printer::View(v) => {
            let mut s = String::new();
            v.write_legend(&mut s);
            out.write_all(s.as_bytes())?;
        }
        Printer::Csv(c) => {
            let mut b = Vec::new();
            c.header(&mut b);
            out.write_all(&b)?;
        }
        Printer::Json | Printer::Timesketch => {}
    }
    Ok(())
}
