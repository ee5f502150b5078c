//! `logsift detect`: what is in this pile of logs? One row per source:
//! format and confidence, lines, parse rate, time span, compression, and
//! the basis of inferred years. Reads every line (the parse rate and time
//! span are measured, not guessed from the sample).

use std::collections::HashMap;
use std::io::Write;
use std::ops::ControlFlow;
use std::sync::Arc;

use anyhow::Result;

use crate::cli::DetectArgs;
use crate::config::resolve_inputs;
use crate::event::Timestamp;
use crate::exit::Exit;
use crate::format::FormatId;
use crate::output::digests;
use crate::output::json::write_str;
use crate::output::progress::Progress;
use crate::output::table::{cell, new_table};
use crate::report::Reporter;
use crate::scan::{scan, Delivery, Meter, SourceInfo};

/// What one chunk (and, merged, one source) contributed.
#[derive(Debug, Default, Clone)]
struct Tally {
    events: u64,
    /// Non-blank lines (continuation lines included).
    nonblank: u64,
    /// Non-blank lines belonging to records that a format parsed.
    parsed: u64,
    first: Option<Timestamp>,
    last: Option<Timestamp>,
    year_inferred: bool,
}

impl Tally {
    fn merge(&mut self, o: &Tally) {
        self.events += o.events;
        self.nonblank += o.nonblank;
        self.parsed += o.parsed;
        self.first = min_opt(self.first, o.first);
        self.last = self.last.max(o.last);
        self.year_inferred |= o.year_inferred;
    }
}

fn min_opt(a: Option<Timestamp>, b: Option<Timestamp>) -> Option<Timestamp> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, None) => a,
        (None, b) => b,
    }
}

/// One source's row.
struct Row {
    info: Arc<SourceInfo>,
    tally: Tally,
    lines: u64,
}

/// Runs `logsift detect`.
pub fn run(args: &DetectArgs) -> Result<Exit> {
    let report = Reporter::new(args.output.quiet, args.input.strict);
    let cfg = resolve_inputs(&args.input, &report)?;
    let meter = Arc::new(Meter::new());
    let progress = Progress::start(meter.clone(), args.output.quiet);
    let mut rows: HashMap<u32, Row> = HashMap::new();
    let work = |chunk: &crate::scan::Chunk| {
        let mut t = Tally::default();
        chunk.for_each_event(&mut |ev| {
            t.events += 1;
            t.nonblank += ev.lines as u64;
            if ev.format != FormatId::Raw {
                t.parsed += ev.lines as u64;
            }
            if let Some(ts) = ev.ts {
                t.first = min_opt(t.first, Some(ts));
                t.last = t.last.max(Some(ts));
            }
            t.year_inferred |= ev.year_inferred;
        });
        t
    };
    scan(&cfg.inputs, &cfg.scan, &meter, &work, |d| {
        match d {
            Delivery::Begin(info) => {
                rows.insert(info.id, Row { info, tally: Tally::default(), lines: 0 });
            }
            Delivery::Chunk { source, out } => {
                if let Some(r) = rows.get_mut(&source.id) {
                    r.tally.merge(&out);
                }
            }
            Delivery::End { source, lines, .. } => {
                if let Some(r) = rows.get_mut(&source.id) {
                    r.lines = lines;
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
    let mut rows: Vec<Row> = rows.into_values().collect();
    rows.sort_by_key(|r| r.info.key);
    let zone = cfg.scan.zones.to_string();
    let mut out = std::io::stdout().lock();
    if args.output.json {
        for r in &rows {
            out.write_all(&json_row(r))?;
        }
        digests::print_json(&mut out, &cfg.digests())?;
    } else {
        if !rows.is_empty() {
            print_table(&mut out, &rows, &zone)?;
        }
        digests::print_text(&mut out, &cfg.digests())?;
    }
    out.flush()?;
    let found = if rows.is_empty() { Exit::NotFound } else { Exit::Ok };
    Ok(found.with_errors(report.errors()))
}

fn parsed_pct(r: &Row) -> f64 {
    if r.tally.nonblank == 0 {
        0.0
    } else {
        r.tally.parsed as f64 * 100.0 / r.tally.nonblank as f64
    }
}

fn year_basis(r: &Row) -> Option<String> {
    if !r.tally.year_inferred {
        return None;
    }
    let y = &r.info.year;
    Some(format!("{} {:04}-{:02}-{:02}", y.basis.as_str(), y.year, y.month, y.day))
}

fn ts_text(t: Option<Timestamp>) -> Option<String> {
    t.map(|t| t.to_rfc3339())
}

fn json_row(r: &Row) -> Vec<u8> {
    let mut o = Vec::with_capacity(256);
    o.extend_from_slice(b"{\"source\":");
    write_str(&mut o, &r.info.label);
    o.extend_from_slice(b",\"format\":");
    write_str(&mut o, r.info.detection.format.name());
    let _ = write!(o, ",\"confidence\":{:.3}", r.info.detection.confidence);
    o.extend_from_slice(b",\"compression\":");
    write_str(&mut o, r.info.compression.as_str());
    let _ = write!(
        o,
        ",\"lines\":{},\"events\":{},\"parsed\":{},\"parsed_pct\":{:.2}",
        r.lines,
        r.tally.events,
        r.tally.parsed,
        parsed_pct(r)
    );
    for (key, v) in
        [("first", ts_text(r.tally.first)), ("last", ts_text(r.tally.last)), ("year_basis", year_basis(r))]
    {
        let _ = write!(o, ",\"{key}\":");
        match v {
            Some(s) => write_str(&mut o, &s),
            None => o.extend_from_slice(b"null"),
        }
    }
    o.extend_from_slice(b",\"tz\":");
    write_str(&mut o, &r.info.zone.to_string());
    o.extend_from_slice(b"}\n");
    o
}

fn print_table(out: &mut impl Write, rows: &[Row], zone: &str) -> std::io::Result<()> {
    let mut t = new_table(&[
        "source",
        "format",
        "conf",
        "lines",
        "parsed",
        "first (UTC)",
        "last (UTC)",
        "compr.",
        "year basis",
    ]);
    for r in rows {
        t.add_row(vec![
            cell(&r.info.label),
            r.info.detection.format.name().to_string(),
            format!("{:.0}%", r.info.detection.confidence * 100.0),
            r.lines.to_string(),
            format!("{:.1}%", parsed_pct(r)),
            ts_text(r.tally.first).unwrap_or_else(|| "-".into()),
            ts_text(r.tally.last).unwrap_or_else(|| "-".into()),
            r.info.compression.as_str().to_string(),
            year_basis(r).unwrap_or_else(|| "-".into()),
        ]);
    }
    writeln!(out, "{t}")?;
    writeln!(out, "Timestamps without a zone were read as {zone} (change with --tz).")
}
