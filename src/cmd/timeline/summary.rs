//! `timeline`'s summaries: `--histogram` (counted during the scan, no
//! merge), `--gaps` (silences found in the merged stream, shown with the
//! events around them) and `--skew` (clock offsets between sources from
//! shared request IDs).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write;
use std::ops::ControlFlow;
use std::sync::Arc;

use anyhow::{bail, Result};

use crate::analysis::gaps::GapFinder;
use crate::analysis::histogram::{auto_bucket, bar, rows, slot_name, ChunkCounts, Counts, Row, LEVELS};
use crate::analysis::interleave::Merge;
use crate::cli::TimelineArgs;
use crate::cmd::timeline::collect::{Collected, Filter, Runs, NO_TIME};
use crate::cmd::timeline::render::{with_event, Cxs, Printer};
use crate::config::InputConfig;
use crate::event::timestamp::{Timestamp, NANOS};
use crate::exit::Exit;
use crate::format::time::Zone;
use crate::output::json::write_str;
use crate::output::progress::Progress;
use crate::output::sanitize::escape_with;
use crate::output::table::{cell, new_table};
use crate::report::Reporter;
use crate::scan::{scan, Chunk, Delivery, Meter, SourceInfo};

/// Most histogram rows printed; past it, a larger `--bucket` is needed.
const MAX_ROWS: usize = 100_000;
/// Width of the bar column, in cells.
const BAR_WIDTH: usize = 40;

/// `--histogram` / `--bucket`: counts per bucket, per level, per source.
#[allow(clippy::too_many_arguments)]
pub fn histogram(
    cfg: &InputConfig,
    filter: &Filter,
    bucket: Option<i64>,
    meter: &Meter,
    report: &Reporter,
    args: &TimelineArgs,
    display: Zone,
    progress: Progress,
) -> Result<Exit> {
    if bucket.is_some_and(|b| b <= 0) {
        bail!("--bucket must be longer than zero");
    }
    let mut total = match bucket {
        Some(b) => Counts::new(b),
        None => Counts::auto(),
    };
    let res = total.res;
    let work = |chunk: &Chunk| {
        let mut c = ChunkCounts::new(res, chunk.source.id);
        chunk.for_each_event(&mut |ev| {
            let Some(ts) = ev.ts else { return };
            if filter.in_window(ts.nanos) && filter.content.as_ref().is_none_or(|q| q.matches(&ev)) {
                c.add(ts.nanos, ev.level);
            }
        });
        c
    };
    let mut sources: Vec<Arc<SourceInfo>> = Vec::new();
    scan(&cfg.inputs, &cfg.scan, meter, &work, |d| {
        match d {
            Delivery::Begin(info) => sources.push(info),
            Delivery::Chunk { out, .. } => total.merge_chunk(out),
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
    sources.sort_by_key(|s| s.key);
    total.flush();
    let Some((lo, hi)) = total.span() else { return Ok(Exit::NotFound) };
    let bucket = bucket.unwrap_or_else(|| auto_bucket(lo, hi));
    let ids: Vec<u32> = sources.iter().map(|s| s.id).collect();
    let Some(rows) = rows(&total, bucket, &ids, MAX_ROWS) else {
        bail!("more than {MAX_ROWS} histogram rows: choose a larger --bucket");
    };
    let mut out = std::io::stdout().lock();
    if args.output.json {
        for r in &rows {
            out.write_all(&histogram_json(r, &sources))?;
        }
    } else {
        out.write_all(histogram_text(&rows, &sources, bucket, display).as_bytes())?;
    }
    out.flush()?;
    Ok(Exit::Ok)
}

fn rfc3339(nanos: i64, zone: Zone) -> String {
    rfc3339_digits(nanos, zone, 0)
}

fn rfc3339_digits(nanos: i64, zone: Zone, digits: usize) -> String {
    let mut s = String::with_capacity(32);
    Timestamp::new(nanos, digits).write_rfc3339(&mut s, zone.offset_at_utc(nanos));
    s
}

fn histogram_json(r: &Row, sources: &[Arc<SourceInfo>]) -> Vec<u8> {
    let mut o = Vec::with_capacity(256);
    let _ = write!(
        o,
        "{{\"start\":\"{}\",\"end\":\"{}\",\"count\":{},\"by_level\":{{",
        rfc3339(r.start, Zone::Utc),
        rfc3339(r.end, Zone::Utc),
        r.count
    );
    let levels = (0..LEVELS).filter(|&i| r.by_level[i] > 0);
    for (n, i) in levels.enumerate() {
        let _ = write!(o, "{}\"{}\":{}", if n > 0 { "," } else { "" }, slot_name(i), r.by_level[i]);
    }
    o.extend_from_slice(b"},\"by_source\":{");
    let srcs = r.by_source.iter().enumerate().filter(|(_, &c)| c > 0);
    for (n, (i, c)) in srcs.enumerate() {
        if n > 0 {
            o.push(b',');
        }
        write_str(&mut o, &sources[i].label);
        let _ = write!(o, ":{c}");
    }
    o.extend_from_slice(b"}}\n");
    o
}

fn histogram_text(rows: &[Row], sources: &[Arc<SourceInfo>], bucket: i64, zone: Zone) -> String {
    let mut s = String::new();
    let tags: Vec<String> = (0..sources.len()).map(tag_name).collect();
    for (t, src) in tags.iter().zip(sources) {
        let _ = writeln!(s, "{t:>3}  {}", escape_with(&src.label, false));
    }
    let levels: Vec<usize> = (0..LEVELS).rev().filter(|&i| rows.iter().any(|r| r.by_level[i] > 0)).collect();
    let max = rows.iter().map(|r| r.count).max().unwrap_or(0);
    let w = max.to_string().len().max(5);
    let _ = write!(s, "\nbucket {}, times {zone}\n{:<25} {:>w$}", human(bucket), "start", "count");
    for &l in &levels {
        let _ = write!(s, " {:>w$}", slot_name(l));
    }
    for t in &tags {
        let _ = write!(s, " {t:>w$}");
    }
    s.push('\n');
    for r in rows {
        let _ = write!(s, "{:<25} {:>w$}", rfc3339(r.start, zone), r.count);
        for &l in &levels {
            let _ = write!(s, " {:>w$}", r.by_level[l]);
        }
        for c in &r.by_source {
            let _ = write!(s, " {c:>w$}");
        }
        let _ = writeln!(s, " {}", bar(r.count, max, BAR_WIDTH));
    }
    s
}

/// Source column names: `A`, `B`, … as the timeline view tags them.
fn tag_name(i: usize) -> String {
    let mut v = crate::output::view::View::new(crate::output::view::ViewOptions {
        zone: Zone::Utc,
        color: false,
        width: None,
        cut: false,
    });
    for n in 0..=i {
        v.add_source(n as u32, "");
    }
    v.tag(i as u32).to_string()
}

/// `45s`, `12m03s`, `1h05m`, `2d03h`.
pub fn human(nanos: i64) -> String {
    let s = nanos / NANOS;
    match s {
        _ if nanos < NANOS => format!("{}ms", nanos / 1_000_000),
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m{:02}s", s / 60, s % 60),
        3600..86_400 => format!("{}h{:02}m", s / 3600, s / 60 % 60),
        _ => format!("{}d{:02}h", s / 86_400, s / 3600 % 24),
    }
}

/// `--gaps DUR`: silences per source, with the events on either side.
pub fn gaps(
    col: &Collected,
    runs: Runs,
    filter: &Filter,
    printer: &Printer,
    threshold: i64,
    json: bool,
) -> Result<Exit> {
    let mut merge = Merge::new(runs);
    let mut finder = GapFinder::new(threshold);
    let mut batch = Vec::new();
    while merge.next_batch(&mut batch, 1 << 16) > 0 {
        for (s, k) in batch.drain(..) {
            if k.instant() != NO_TIME && filter.in_window(k.instant()) {
                finder.push(s, k);
            }
        }
    }
    let mut out = std::io::stdout().lock();
    if let (Printer::View(v), false, false) = (printer, json, finder.gaps.is_empty()) {
        let mut s = String::new();
        v.write_legend(&mut s);
        out.write_all(s.as_bytes())?;
    }
    let (mut cxs, mut buf) = (Cxs::new(), Vec::new());
    for g in &finder.gaps {
        let label = col.srcs[g.source as usize].as_ref().map_or("", |s| s.info.label.as_str());
        let (start, end) = (g.before.instant(), g.after.instant());
        let mut evs: Vec<Vec<u8>> = Vec::new();
        for k in [g.before, g.after] {
            let mut b = Vec::new();
            with_event(col, &mut cxs, &mut buf, g.source, k, &mut |ev, l| {
                if json {
                    crate::output::json::write_event(&mut b, ev, l);
                } else {
                    printer.write(&mut b, ev, l, k.instant(), &mut String::new());
                }
            });
            evs.push(b);
        }
        let mut o = Vec::new();
        if json {
            o.extend_from_slice(b"{\"source\":");
            write_str(&mut o, label);
            let _ = write!(
                o,
                ",\"start\":\"{}\",\"end\":\"{}\",\"duration_s\":{:.3},\"before\":",
                rfc3339_digits(start, Zone::Utc, 3),
                rfc3339_digits(end, Zone::Utc, 3),
                (end - start) as f64 / NANOS as f64
            );
            for (i, e) in evs.iter().enumerate() {
                if i == 1 {
                    o.extend_from_slice(b",\"after\":");
                }
                let e = e.strip_suffix(b"\n").unwrap_or(e);
                o.extend_from_slice(if e.is_empty() { b"null" } else { e });
            }
            o.extend_from_slice(b"}\n");
        } else {
            let _ = writeln!(
                o,
                "gap of {} in {}: {} -> {}",
                human(end - start),
                escape_with(label, false),
                rfc3339_digits(start, Zone::Utc, 3),
                rfc3339_digits(end, Zone::Utc, 3)
            );
            for e in &evs {
                o.extend_from_slice(e);
            }
            o.push(b'\n');
        }
        out.write_all(&o)?;
    }
    out.flush()?;
    Ok(if finder.gaps.is_empty() { Exit::NotFound } else { Exit::Ok })
}

/// `--skew`: the median offset between sources sharing request IDs.
pub fn skew(col: &Collected, json: bool) -> Result<Exit> {
    let rank: HashMap<u32, usize> = col.order.iter().enumerate().map(|(i, &id)| (id, i)).collect();
    let est = col.skew.estimate(&|s| rank.get(&s).copied().unwrap_or(usize::MAX), 3);
    let label = |id: u32| col.srcs[id as usize].as_ref().map_or("", |s| s.info.label.as_str());
    let secs = |n: i64| n as f64 / NANOS as f64;
    let mut out = std::io::stdout().lock();
    if json {
        for p in &est {
            let mut o = Vec::new();
            o.extend_from_slice(b"{\"a\":");
            write_str(&mut o, label(p.a));
            o.extend_from_slice(b",\"b\":");
            write_str(&mut o, label(p.b));
            let _ = writeln!(
                o,
                ",\"shared_ids\":{},\"offset_s\":{:.6},\"p25_s\":{:.6},\"p75_s\":{:.6}}}",
                p.n,
                secs(p.median),
                secs(p.p25),
                secs(p.p75)
            );
            out.write_all(&o)?;
        }
    } else if !est.is_empty() {
        let mut t = new_table(&["source A", "source B", "shared IDs", "B - A (median)", "middle 50%"]);
        for p in &est {
            t.add_row(vec![
                cell(label(p.a)),
                cell(label(p.b)),
                p.n.to_string(),
                format!("{:+.3} s", secs(p.median)),
                format!("{:+.3} .. {:+.3} s", secs(p.p25), secs(p.p75)),
            ]);
        }
        writeln!(out, "{t}")?;
        writeln!(
            out,
            "Offsets include the request's latency between hops; an offset of seconds or more that \
             is steady (narrow middle 50%) suggests the clocks differ."
        )?;
    }
    out.flush()?;
    Ok(if est.is_empty() { Exit::NotFound } else { Exit::Ok })
}
