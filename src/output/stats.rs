//! Printing `logsift stats`: terminal tables (comfy-table, every cell
//! escaped) or JSON lines, one object per row with a `kind` key:
//! `source`, `level`, `host`, `app`, `template`, `endpoint`, `client`,
//! `agent`, `method`, `minute` and a final `total`.

use std::io::Write;
use std::sync::Arc;

use serde_json::{json, Value as J};

use crate::analysis::arena_counts::ArenaCounts;
use crate::analysis::http::Endpoint;
use crate::analysis::partial::CappedCounts;
use crate::analysis::summary::{LevelCounts, Overall, Part};
use crate::analysis::templates::Cluster;
use crate::event::{Level, Timestamp};
use crate::output::table::{cell, new_table};
use crate::scan::SourceInfo;

/// One source and what was counted in it.
pub struct SourceRow {
    pub info: Arc<SourceInfo>,
    pub part: Part,
    pub lines: u64,
    /// Bytes read (decompressed).
    pub bytes: u64,
}

impl SourceRow {
    /// A row for a source that has just begun.
    pub fn new(info: Arc<SourceInfo>, part: Part) -> SourceRow {
        SourceRow { info, part, lines: 0, bytes: 0 }
    }
}

/// Everything `stats` prints.
pub struct Report<'a> {
    pub sources: &'a [SourceRow],
    pub overall: &'a Overall,
    pub top: usize,
    /// `--templates`: only the templates (all of them in JSON).
    pub templates_only: bool,
}

fn ts(n: Option<i64>) -> Option<String> {
    n.map(|n| Timestamp::new(n, 3).to_rfc3339())
}

fn level_name(slot: usize) -> &'static str {
    if slot == 0 {
        "(none)"
    } else {
        Level::ALL[slot - 1].as_str()
    }
}

/// Levels, most severe first, as `error 31, warn 5, info 367`.
fn level_mix(levels: &LevelCounts) -> String {
    let mut parts = Vec::new();
    for slot in (0..levels.len()).rev() {
        if levels[slot] > 0 {
            parts.push(format!("{} {}", level_name(slot), levels[slot]));
        }
    }
    parts.join(", ")
}

/// Templates sorted by count (then id).
fn ranked(o: &Overall) -> Vec<&Cluster> {
    let mut v: Vec<&Cluster> = o
        .templates
        .as_ref()
        .map(|m| m.clusters().iter().filter(|c| c.count > 0).collect())
        .unwrap_or_default();
    v.sort_by(|a, b| b.count.cmp(&a.count).then(a.id.cmp(&b.id)));
    v
}

fn endpoints(o: &Overall) -> Vec<(&(String, String), &Endpoint)> {
    let mut v: Vec<_> = o.http.endpoints().collect();
    v.sort_by(|a, b| b.1.requests.cmp(&a.1.requests).then(a.0.cmp(b.0)));
    v
}

fn ms(x: Option<f64>) -> J {
    x.map_or(J::Null, |v| json!((v * 1000.0).round() / 1000.0))
}

fn endpoint_json(method: &str, path: &str, e: &Endpoint) -> J {
    let errors = e.classes[4] + e.classes[5];
    json!({
        "method": method, "endpoint": path, "requests": e.requests,
        "status": {"1xx": e.classes[1], "2xx": e.classes[2], "3xx": e.classes[3], "4xx": e.classes[4], "5xx": e.classes[5]},
        "error_rate": if e.requests > 0 { errors as f64 / e.requests as f64 } else { 0.0 },
        "bytes": e.bytes,
        "latency_ms": {"count": e.latency.count(), "p50": ms(e.latency.quantile(0.5)), "p95": ms(e.latency.quantile(0.95)),
                       "p99": ms(e.latency.quantile(0.99)), "max": ms(e.latency.max())},
    })
}

fn line(out: &mut impl Write, kind: &str, mut v: J) -> std::io::Result<()> {
    if let J::Object(m) = &mut v {
        m.insert("kind".into(), json!(kind));
    }
    writeln!(out, "{v}")
}

/// `--json`: the report as JSON lines.
pub fn print_json(out: &mut impl Write, r: &Report<'_>) -> std::io::Result<()> {
    let o = r.overall;
    let events: u64 = o.levels.iter().sum();
    let share = |n: u64| if events > 0 { n as f64 / events as f64 } else { 0.0 };
    let templates = ranked(o);
    let n_templates = if r.templates_only { templates.len() } else { r.top };
    if !r.templates_only {
        for s in r.sources {
            let t = &s.part.tally;
            let levels: serde_json::Map<String, J> = (0..t.levels.len())
                .filter(|&i| t.levels[i] > 0)
                .map(|i| (level_name(i).to_string(), json!(t.levels[i])))
                .collect();
            line(
                out,
                "source",
                json!({
                    "source": s.info.label, "format": s.info.detection.format.name(),
                    "compression": s.info.compression.as_str(), "bytes": s.bytes, "lines": s.lines,
                    "events": t.events, "unparsed": t.failures,
                    "unparsed_examples": t.failure_examples.iter().map(|(l, x)| json!({"line": l, "text": x})).collect::<Vec<_>>(),
                    "first": ts(t.first), "last": ts(t.last), "levels": levels,
                }),
            )?;
        }
        for i in (0..o.levels.len()).rev().filter(|&i| o.levels[i] > 0) {
            line(
                out,
                "level",
                json!({"level": level_name(i), "count": o.levels[i], "share": share(o.levels[i])}),
            )?;
        }
        counts(out, "host", "name", &o.hosts, r.top)?;
        counts(out, "app", "name", &o.apps, r.top)?;
    }
    for c in templates.iter().take(n_templates) {
        line(
            out,
            "template",
            json!({
                "id": c.id, "template": c.template(), "count": c.count, "share": share(c.count),
                "level": c.level.map(|l| l.as_str()), "first": ts(c.first), "last": ts(c.last), "example": c.example,
                "folded_into": c.folded_into,
            }),
        )?;
    }
    if !r.templates_only {
        for ((m, p), e) in endpoints(o).into_iter().take(r.top) {
            line(out, "endpoint", endpoint_json(m, p, e))?;
        }
        counts(out, "client", "ip", &o.http.clients, r.top)?;
        counts(out, "agent", "user_agent", &o.http.agents, r.top)?;
        counts(out, "method", "method", &o.http.methods, r.top)?;
        let mut minutes: Vec<_> = o.http.per_minute.iter().collect();
        minutes.sort();
        for (m, n) in minutes {
            line(out, "minute", json!({"minute": ts(Some(m * 60_000_000_000)), "requests": n}))?;
        }
    }
    let overflow = o.templates.as_ref().map_or(0, |m| m.overflow);
    line(
        out,
        "total",
        json!({
            "sources": r.sources.len(), "events": events, "templates": templates.len(),
            "template_overflow": overflow, "requests": o.http.requests,
            "http": if o.http.requests > 0 { endpoint_json("*", "*", &o.http.total) } else { J::Null },
        }),
    )
}

/// The capped name counts a table or a JSON row lists: hosts and apps
/// (a map of `String`s), client IPs (an arena).
trait NameCounts {
    /// The `n` largest counts, ties broken by name.
    fn top_names(&self, n: usize) -> Vec<(&str, u64)>;
    /// Distinct names with a slot.
    fn distinct(&self) -> usize;
    /// What was counted past the cap.
    fn past_cap(&self) -> u64;
}

impl NameCounts for CappedCounts<String> {
    fn top_names(&self, n: usize) -> Vec<(&str, u64)> {
        self.top(n).into_iter().map(|(k, n)| (k.as_str(), n)).collect()
    }
    fn distinct(&self) -> usize {
        self.counts.len()
    }
    fn past_cap(&self) -> u64 {
        self.other
    }
}

impl NameCounts for ArenaCounts {
    fn top_names(&self, n: usize) -> Vec<(&str, u64)> {
        self.top(n)
    }
    fn distinct(&self) -> usize {
        self.len()
    }
    fn past_cap(&self) -> u64 {
        self.other
    }
}

fn counts(
    out: &mut impl Write,
    kind: &str,
    key: &str,
    c: &impl NameCounts,
    top: usize,
) -> std::io::Result<()> {
    for (k, n) in c.top_names(top) {
        line(out, kind, json!({key: k, "count": n}))?;
    }
    if c.past_cap() > 0 {
        line(out, kind, json!({key: "(other)", "count": c.past_cap()}))?;
    }
    Ok(())
}

fn pct(n: u64, of: u64) -> String {
    if of == 0 {
        "-".into()
    } else {
        format!("{:.1}%", n as f64 * 100.0 / of as f64)
    }
}

fn fmt_ms(x: Option<f64>) -> String {
    match x {
        None => "-".into(),
        Some(v) if v >= 100.0 => format!("{v:.0}"),
        Some(v) => format!("{v:.1}"),
    }
}

fn short_ts(n: Option<i64>) -> String {
    ts(n).unwrap_or_else(|| "-".into())
}

/// The terminal report.
pub fn print_tables(out: &mut impl Write, r: &Report<'_>) -> std::io::Result<()> {
    let o = r.overall;
    let events: u64 = o.levels.iter().sum();
    if !r.templates_only {
        let mut t = new_table(&[
            "source",
            "format",
            "compr.",
            "bytes",
            "lines",
            "events",
            "unparsed",
            "first (UTC)",
            "last (UTC)",
            "levels",
        ]);
        for s in r.sources {
            let p = &s.part.tally;
            t.add_row(vec![
                cell(&s.info.label),
                s.info.detection.format.name().into(),
                s.info.compression.as_str().into(),
                s.bytes.to_string(),
                s.lines.to_string(),
                p.events.to_string(),
                p.failures.to_string(),
                short_ts(p.first),
                short_ts(p.last),
                level_mix(&p.levels),
            ]);
        }
        writeln!(out, "Sources\n{t}")?;
        for s in r.sources {
            for (l, x) in &s.part.tally.failure_examples {
                writeln!(out, "  unparsed {}:{l}: {}", cell(&s.info.label), cell(x))?;
            }
        }
        let mut t = new_table(&["level", "events", "share"]);
        for i in (0..o.levels.len()).rev().filter(|&i| o.levels[i] > 0) {
            t.add_row(vec![level_name(i).into(), o.levels[i].to_string(), pct(o.levels[i], events)]);
        }
        writeln!(out, "\nEvents by level ({events} events)\n{t}")?;
        name_table(out, "Top hosts", "host", &o.hosts, r.top, events)?;
        name_table(out, "Top apps", "app", &o.apps, r.top, events)?;
    }
    let ranked = ranked(o);
    let mut t =
        new_table(&["id", "count", "share", "level", "first (UTC)", "last (UTC)", "template", "example"]);
    for c in ranked.iter().take(r.top) {
        t.add_row(vec![
            // A folded template's messages belong to its survivor's event.
            c.folded_into.map_or_else(|| c.id.to_string(), |s| format!("{}→{s}", c.id)),
            c.count.to_string(),
            pct(c.count, events),
            c.level.map_or("-", |l| l.as_str()).into(),
            short_ts(c.first),
            short_ts(c.last),
            cell(&c.template()),
            cell(&shorten(&c.example, 100)),
        ]);
    }
    writeln!(out, "\nTop templates ({} of {})\n{t}", ranked.len().min(r.top), ranked.len())?;
    if r.templates_only || o.http.requests == 0 {
        return Ok(());
    }
    let h = &o.http;
    let mut t = new_table(&[
        "method", "endpoint", "requests", "2xx", "3xx", "4xx", "5xx", "errors", "bytes", "p50 ms", "p95 ms",
        "p99 ms", "max ms",
    ]);
    let all = [(&("*".to_string(), "(all)".to_string()), &h.total)];
    for ((m, p), e) in all.into_iter().chain(endpoints(o).into_iter().take(r.top)) {
        t.add_row(vec![
            cell(m),
            cell(p),
            e.requests.to_string(),
            e.classes[2].to_string(),
            e.classes[3].to_string(),
            e.classes[4].to_string(),
            e.classes[5].to_string(),
            pct(e.classes[4] + e.classes[5], e.requests),
            e.bytes.to_string(),
            fmt_ms(e.latency.quantile(0.5)),
            fmt_ms(e.latency.quantile(0.95)),
            fmt_ms(e.latency.quantile(0.99)),
            fmt_ms(e.latency.max()),
        ]);
    }
    writeln!(
        out,
        "\nHTTP requests by endpoint ({} requests, {} endpoints)\n{t}",
        h.requests,
        h.endpoint_count()
    )?;
    name_table(out, "Top clients", "client ip", &h.clients, r.top, h.requests)?;
    name_table(out, "Top user agents", "user agent", &h.agents, r.top, h.requests)?;
    name_table(out, "Methods", "method", &h.methods, r.top, h.requests)?;
    if !h.per_minute.is_empty() {
        let n = h.per_minute.len() as u64;
        let (lo, hi) = (h.per_minute.keys().min().unwrap(), h.per_minute.keys().max().unwrap());
        let span = (hi - lo + 1) as u64;
        let mut busiest: Vec<_> = h.per_minute.iter().collect();
        busiest.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let mut t = new_table(&["minute (UTC)", "requests"]);
        for (m, c) in busiest.into_iter().take(r.top.min(5)) {
            t.add_row(vec![short_ts(Some(m * 60_000_000_000)), c.to_string()]);
        }
        writeln!(
            out,
            "\nThroughput: {:.1} requests/minute over {span} minutes ({n} with requests); busiest minutes\n{t}",
            h.requests as f64 / span as f64
        )?;
    }
    Ok(())
}

/// `s` cut to about `max` characters, with an ellipsis.
fn shorten(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

fn name_table(
    out: &mut impl Write,
    title: &str,
    head: &str,
    c: &impl NameCounts,
    top: usize,
    of: u64,
) -> std::io::Result<()> {
    if c.distinct() == 0 {
        return Ok(());
    }
    let mut t = new_table(&[head, "count", "share"]);
    for (k, n) in c.top_names(top) {
        t.add_row(vec![cell(k), n.to_string(), pct(n, of)]);
    }
    let other = c.past_cap();
    if other > 0 {
        t.add_row(vec!["(other: past the cap)".into(), other.to_string(), pct(other, of)]);
    }
    writeln!(out, "\n{title} ({} distinct)\n{t}", c.distinct())
}
