//! `logsift trace`: what happened to request X? Finds every event carrying
//! one of the IDs given, across all sources, in one pass behind a literal
//! multi-pattern prefilter, and prints them in time order with a summary
//! per ID (span, hops, statuses, errors). `--top N` (no ID) answers the
//! question before: which requests went wrong? `--related` follows IDs
//! logged next to a traced one, one hop further.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::ops::ControlFlow;
use std::sync::Arc;

use anyhow::{Context, Result};

use crate::analysis::trace::ids::for_each_event_id;
use crate::analysis::trace::matcher::{HitKind, HitSet, IdMatcher, Resolution};
use crate::analysis::trace::quick;
use crate::analysis::trace::summary::{summarize, Record};
use crate::analysis::trace::top::{Agg, ChunkIds, TopMap, DEFAULT_CAP};
use crate::cli::TraceArgs;
use crate::config::{resolve_inputs, InputConfig};
use crate::exit::Exit;
use crate::output::color::use_color;
use crate::output::digests;
use crate::output::progress::Progress;
use crate::output::trace as print;
use crate::query::Query;
use crate::report::Reporter;
use crate::scan::{scan, Chunk, Delivery, Meter, ScanOptions};

/// How matching events are rendered by the workers.
#[derive(Clone, Copy, PartialEq)]
enum Render {
    Text {
        color: bool,
    },
    Json,
    /// `--summary`: nothing per event.
    None,
}

/// One matching record and what it matched.
struct Hit {
    idx: usize,
    kind: HitKind,
    rec: Record,
    /// Other IDs on the record (via, id), for `--related`.
    links: Vec<(String, String)>,
}

/// Runs `logsift trace`.
pub fn run(args: &TraceArgs) -> Result<Exit> {
    let report = Reporter::new(args.output.quiet, args.input.strict);
    let (ids, paths) = split_ids(args)?;
    let mut input = args.input.clone();
    input.paths = paths;
    let cfg = resolve_inputs(&input, &report)?;
    let query = Query::from_args(&args.filter, cfg.scan.zone)?;
    let color = use_color(args.output.color);
    let exit = match args.top {
        Some(n) => run_top(&cfg, &query, n, args.output.json, &report)?,
        None => {
            let render = match (args.summary, args.output.json) {
                (true, _) => Render::None,
                (false, true) => Render::Json,
                (false, false) => Render::Text { color },
            };
            run_trace(&cfg, &query, &ids, render, args, &report)?
        }
    };
    Ok(exit.with_errors(report.errors()))
}

/// Separates IDs from paths. With `--top`, `--id` or `--ids-file` every
/// positional argument is a path; otherwise the first is an ID (unless it
/// is an existing path or `-`), and so is each following one until the
/// first that looks like a path (exists, is `-`, holds a `/` or a glob
/// character, or ends like a log file).
fn split_ids(args: &TraceArgs) -> Result<(Vec<String>, Vec<String>)> {
    let mut ids = args.ids.clone();
    if let Some(f) = &args.ids_file {
        let text = std::fs::read_to_string(f).with_context(|| format!("--ids-file {}", f.display()))?;
        ids.extend(
            text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(String::from),
        );
    }
    let pos = &args.input.paths;
    if args.top.is_some() || !args.ids.is_empty() || args.ids_file.is_some() {
        return Ok((ids, pos.clone()));
    }
    let looks_like_path = |a: &str| {
        a == "-"
            || a.contains(['/', '*', '?', '['])
            || std::path::Path::new(a).exists()
            || [".log", ".gz", ".json", ".jsonl", ".txt", ".zst", ".bz2", ".xz", ".tar", ".tgz", ".zip"]
                .iter()
                .any(|x| a.ends_with(x))
    };
    // The first argument is an ID even if it looks like a path, unless it
    // *is* one (`logsift trace logs/`: no ID given, said as such).
    let first_is_path = pos.first().is_some_and(|a| a == "-" || std::path::Path::new(a).exists());
    let n = if first_is_path {
        0
    } else {
        pos.iter().skip(1).position(|a| looks_like_path(a)).map_or(pos.len(), |i| i + 1)
    };
    ids.extend(pos[..n].iter().cloned());
    Ok((ids, pos[n..].to_vec()))
}

/// Scans everything once for the IDs of `matcher`; returns the hits in
/// source/chunk order.
fn scan_hits(
    cfg: &InputConfig,
    query: &Query,
    matcher: &IdMatcher,
    render: Render,
    links: bool,
    report: &Reporter,
) -> Vec<Hit> {
    let meter = Arc::new(Meter::new());
    let progress = Progress::start(meter.clone(), report.quiet);
    let work = |chunk: &Chunk| {
        let mut hits = Vec::new();
        let mut m = Vec::new();
        chunk.for_each_candidate_event(matcher.prefilter(), &mut |ev| {
            matcher.matches(ev.raw, &mut m);
            if m.is_empty() || !query.matches(&ev) {
                return;
            }
            let mut rec = Record::new(&ev, &chunk.source, Vec::new());
            if render == Render::Json {
                rec.rendered = print::json_event_open(&ev, &chunk.source.label);
            }
            let mut found = Vec::new();
            if links {
                for_each_event_id(&ev, &mut |f| {
                    let pair = (f.via.to_string(), f.id.to_ascii_lowercase());
                    if !found.contains(&pair) {
                        found.push(pair);
                    }
                });
            }
            for (idx, kind) in m.drain(..) {
                hits.push(Hit { idx, kind, rec: rec.clone(), links: found.clone() });
            }
        });
        hits
    };
    let mut all = Vec::new();
    // One ID (a one-literal prefilter): few records are kept, and only the
    // chunks holding one need line numbers; the others are counted while
    // searched (see `ScanOptions::lazy_lines`). With several IDs most
    // chunks hold a record, and the lazy path would search their start
    // twice.
    let lazy_lines = matcher.prefilter().longest_hit().is_some();
    let opts = ScanOptions { lazy_lines, ..cfg.scan.clone() };
    scan(&cfg.inputs, &opts, &meter, &work, |d| {
        match d {
            Delivery::Chunk { out, .. } => all.extend(out),
            Delivery::Error(e) if report.input_error(&e) => return ControlFlow::Break(()),
            _ => {}
        }
        ControlFlow::Continue(())
    });
    drop(progress);
    all
}

/// One traced ID, resolved, with its records in time order.
struct Traced {
    query: String,
    id: String,
    records: Vec<Record>,
    /// The linked ID each record came through (`--related`), if any.
    via: Vec<Option<String>>,
    links: Vec<(String, String, usize)>,
}

fn run_trace(
    cfg: &InputConfig,
    query: &Query,
    ids: &[String],
    render: Render,
    args: &TraceArgs,
    report: &Reporter,
) -> Result<Exit> {
    let matcher = IdMatcher::new(ids)?;
    let hits = scan_hits(cfg, query, &matcher, render, args.related, report);
    let mut sets = vec![HitSet::default(); ids.len()];
    for h in &hits {
        sets[h.idx].add(&h.kind);
    }
    let res: Vec<Resolution> = sets.iter().map(HitSet::resolve).collect();
    let mut traced: Vec<Option<Traced>> = Vec::with_capacity(ids.len());
    let mut missing = false;
    for (i, r) in res.iter().enumerate() {
        let id = match r {
            Resolution::Exact => ids[i].clone(),
            Resolution::Prefix(full) => {
                report.note(&format!("{}: taken as the unique ID with that prefix, {full}", ids[i]));
                full.clone()
            }
            Resolution::Ambiguous(some, n) => {
                print::note(&format!(
                    "{}: ambiguous prefix, it starts {n} different IDs ({}{}); give more characters",
                    ids[i],
                    some.join(", "),
                    if *n > some.len() { ", ..." } else { "" }
                ));
                missing = true;
                traced.push(None);
                continue;
            }
            Resolution::NotFound => {
                print::note(&format!("{}: not found", ids[i]));
                missing = true;
                traced.push(None);
                continue;
            }
        };
        traced.push(Some(Traced {
            query: ids[i].clone(),
            id,
            records: Vec::new(),
            via: Vec::new(),
            links: Vec::new(),
        }));
    }
    let mut link_of: Vec<Vec<(String, String)>> = vec![Vec::new(); ids.len()];
    for h in hits {
        let Some(t) = traced[h.idx].as_mut() else { continue };
        if HitSet::keeps(&res[h.idx], &h.kind) {
            for l in h.links {
                if !link_of[h.idx].contains(&l) {
                    link_of[h.idx].push(l);
                }
            }
            t.records.push(h.rec);
            t.via.push(None);
        }
    }
    if args.related {
        follow_links(cfg, query, render, report, &mut traced, &link_of)?;
    }
    let mut out = std::io::stdout().lock();
    for t in traced.iter_mut().flatten() {
        let mut order: Vec<usize> = (0..t.records.len()).collect();
        order.sort_by_key(|&i| t.records[i].sort_key());
        let records: Vec<Record> = order.iter().map(|&i| t.records[i].clone()).collect();
        let via: Vec<Option<String>> = order.iter().map(|&i| t.via[i].clone()).collect();
        let s = summarize(&t.id, &records);
        let mut buf = Vec::new();
        match render {
            Render::Json => {
                for (r, v) in records.iter().zip(&via) {
                    print::finish_json(&mut buf, &r.rendered, &t.id, v.as_deref());
                }
            }
            Render::Text { color } => {
                buf.extend_from_slice(print::view_events(&records, color).as_bytes());
                buf.push(b'\n');
                print::text_summary(&mut buf, &s, &records, &t.query, &t.links)?;
                buf.push(b'\n');
            }
            Render::None if args.output.json => buf = print::json_summary(&s, &t.query, &t.links),
            Render::None => print::text_summary(&mut buf, &s, &records, &t.query, &t.links)?,
        }
        out.write_all(&buf)?;
    }
    print_digests(&mut out, cfg, args.output.json)?;
    out.flush()?;
    Ok(if missing { Exit::NotFound } else { Exit::Ok })
}

/// `--related`: traces, in a second pass, the IDs seen on the records of
/// each traced ID (other than the traced IDs themselves), and adds their
/// records that are not already in the trace, noting the link followed.
fn follow_links(
    cfg: &InputConfig,
    query: &Query,
    render: Render,
    report: &Reporter,
    traced: &mut [Option<Traced>],
    link_of: &[Vec<(String, String)>],
) -> Result<()> {
    let own: HashSet<String> = traced.iter().flatten().map(|t| t.id.to_ascii_lowercase()).collect();
    let mut linked: Vec<String> = Vec::new();
    for (via_id, t) in link_of.iter().zip(traced.iter()) {
        if t.is_none() {
            continue;
        }
        for (_, id) in via_id {
            if !own.contains(id) && !linked.contains(id) {
                linked.push(id.clone());
            }
        }
    }
    if linked.is_empty() {
        return Ok(());
    }
    let matcher = IdMatcher::new(&linked)?;
    let hits = scan_hits(cfg, query, &matcher, render, false, report);
    let mut by_id: HashMap<usize, Vec<Record>> = HashMap::new();
    for h in hits {
        if h.kind == HitKind::Exact {
            by_id.entry(h.idx).or_default().push(h.rec);
        }
    }
    for (t, links) in traced.iter_mut().zip(link_of) {
        let Some(t) = t.as_mut() else { continue };
        let mut seen: HashSet<(u32, u64)> = t.records.iter().map(|r| (r.source.id, r.line)).collect();
        for (via, id) in links {
            let Some(idx) = linked.iter().position(|l| l == id) else { continue };
            let mut n = 0;
            for r in by_id.get(&idx).into_iter().flatten() {
                if seen.insert((r.source.id, r.line)) {
                    t.records.push(r.clone());
                    t.via.push(Some(id.clone()));
                    n += 1;
                }
            }
            t.links.push((via.clone(), id.clone(), n));
        }
    }
    Ok(())
}

/// `--hash`: the inputs' digests after the report.
fn print_digests(out: &mut impl Write, cfg: &InputConfig, json: bool) -> std::io::Result<()> {
    if json {
        digests::print_json(out, &cfg.digests())
    } else {
        digests::print_text(out, &cfg.digests())
    }
}

/// `--top N`: one pass aggregating every request ID into a capped map.
fn run_top(cfg: &InputConfig, query: &Query, n: usize, json: bool, report: &Reporter) -> Result<Exit> {
    let meter = Arc::new(Meter::new());
    let progress = Progress::start(meter.clone(), report.quiet);
    // Chunk buffers come back emptied from the merge and are reused: no
    // fresh allocation (page faults) per chunk.
    let spare: std::sync::Mutex<Vec<ChunkIds>> = std::sync::Mutex::new(Vec::new());
    let work = |chunk: &Chunk| {
        let mut ids = spare.lock().ok().and_then(|mut v| v.pop()).unwrap_or_default();
        ids.reserve(chunk.lines as usize + 16);
        let format = chunk.source.detection.format;
        if query.is_empty()
            && quick::ids_only_in_raw(&chunk.source.detection)
            && !quick::has_raw_id(chunk.bytes())
        {
            // Nothing in this chunk can carry a request ID.
        } else if query.is_empty() && quick::supports(format) {
            // No condition to test on the event: lines of formats with a
            // field visitor are read without building it.
            let cx = chunk.source.parse_cx();
            let cell = std::cell::RefCell::new(ids);
            chunk.for_each_line_or_event(
                &mut |line| quick::line_ids(format, line, &cx, &mut |k, a| cell.borrow_mut().push(k, a)),
                &mut |ev| cell.borrow_mut().add_event(&ev),
            );
            ids = cell.into_inner();
        } else if query.is_empty() && quick::supports_records(format) {
            // Likewise whole records of a multi-line format.
            let cx = chunk.source.parse_cx();
            let cell = std::cell::RefCell::new(ids);
            chunk.for_each_record_or_event(
                &mut |line| quick::record_head(line, &cx),
                &mut |head, line, raw| {
                    quick::record_ids(head, line, raw, &mut |k, a| cell.borrow_mut().push(k, a))
                },
                &mut |ev| cell.borrow_mut().add_event(&ev),
            );
            ids = cell.into_inner();
        } else if query.is_empty() {
            chunk.for_each_event(&mut |ev| ids.add_event(&ev));
        } else {
            query.for_each_match(chunk, &mut |ev| ids.add_event(&ev));
        }
        ids
    };
    let mut all = TopMap::new(DEFAULT_CAP);
    scan(&cfg.inputs, &cfg.scan, &meter, &work, |d| {
        match d {
            Delivery::Chunk { mut out, .. } => {
                all.merge_ids(&mut out);
                if let Ok(mut v) = spare.lock() {
                    v.push(out);
                }
            }
            Delivery::Error(e) if report.input_error(&e) => return ControlFlow::Break(()),
            _ => {}
        }
        ControlFlow::Continue(())
    });
    drop(progress);
    let rows: print::TopRows = [
        ("slowest (span or recorded duration)", all.top_by(n, |_| true, Agg::slowness_ms)),
        ("with errors", all.top_by(n, |a| a.errors > 0, |a| (a.errors, a.slowness_ms()))),
        ("most events", all.top_by(n, |_| true, |a| (a.events, a.slowness_ms()))),
    ];
    let mut out = std::io::stdout().lock();
    if json {
        let names = ["slowest", "errors", "events"];
        for ((_, list), name) in rows.iter().zip(names) {
            for (i, (k, a)) in list.iter().enumerate() {
                out.write_all(&print::json_top_row(name, i + 1, k, a))?;
            }
        }
    } else if !all.is_empty() {
        print::text_top(&mut out, &rows, all.len(), all.pruned(), all.bound())?;
    }
    print_digests(&mut out, cfg, json)?;
    out.flush()?;
    if all.is_empty() {
        print::note("no request IDs found");
        return Ok(Exit::NotFound);
    }
    Ok(Exit::Ok)
}
