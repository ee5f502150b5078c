//! `trace`'s printers: one event line (terminal or JSON with `trace_id`),
//! the per-ID summary (text or JSON) and the `--top` tables.
//!
//! Event lines are rendered by scan workers while the event is alive (it
//! borrows the chunk); the rest is printed by the command once the scan is
//! done. Everything bound for a terminal is escaped here.

use std::io::Write;

use crate::analysis::trace::summary::{Record, Summary};
use crate::analysis::trace::top::{Agg, IdKey};
use crate::event::{Event, Timestamp};
use crate::format::time::Zone;
use crate::output::json::{write_event, write_str};
use crate::output::sanitize::escape_with;
use crate::output::table::{cell, new_table};
use crate::output::view::{terminal_width, View, ViewOptions};

/// Renders an event as JSON without its closing `}\n`, so the command can
/// append the `trace_id` it matched ([`finish_json`]).
pub fn json_event_open(ev: &Event<'_>, source: &str) -> Vec<u8> {
    let mut o = Vec::with_capacity(256 + ev.raw.len());
    write_event(&mut o, ev, source);
    o.truncate(o.len() - 2);
    o
}

/// Appends a rendered JSON event to `out`, closing it with `trace_id`
/// (and `via`, the linked ID followed by `--related`).
pub fn finish_json(out: &mut Vec<u8>, open: &[u8], trace_id: &str, via: Option<&str>) {
    out.extend_from_slice(open);
    out.extend_from_slice(b",\"trace_id\":");
    write_str(out, trace_id);
    if let Some(v) = via {
        out.extend_from_slice(b",\"via\":");
        write_str(out, v);
    }
    out.extend_from_slice(b"}\n");
}

fn ts_ms(t: Option<Timestamp>) -> String {
    match t {
        Some(t) => {
            let t = Timestamp { precision: 3, ..t };
            t.to_rfc3339()
        }
        None => format!("{:24}", "-"),
    }
}

/// Draws one trace's records (sorted) in the timeline view: a legend of
/// source tags, then one row per event.
pub fn view_events(records: &[Record], color: bool) -> String {
    let opts = ViewOptions { zone: Zone::Utc, color, width: terminal_width(), cut: false };
    let mut view = View::new(opts);
    let mut added = std::collections::HashSet::new();
    for r in records {
        if added.insert(r.source.id) {
            view.add_source(r.source.id, &r.source.label);
        }
    }
    let mut out = String::new();
    view.write_legend(&mut out);
    for r in records {
        view.write_event(&mut out, &r.view_event());
    }
    out
}

fn ms(v: f64) -> String {
    if v >= 10_000.0 {
        format!("{:.1} s", v / 1000.0)
    } else {
        format!("{v:.0} ms")
    }
}

/// Writes the text summary of one ID.
pub fn text_summary(
    out: &mut impl Write,
    s: &Summary,
    records: &[Record],
    query: &str,
    links: &[(String, String, usize)],
) -> std::io::Result<()> {
    let e = |x: &str| escape_with(x, false).into_owned();
    write!(out, "── {}", e(&s.id))?;
    if query != s.id {
        write!(out, " (from prefix {})", e(query))?;
    }
    writeln!(out)?;
    let span = match (s.first, s.last) {
        (Some(a), Some(b)) => format!("{} .. {}  ({})", a, b, ms(s.duration_ms.unwrap_or(0.0))),
        _ => "no timestamps".into(),
    };
    writeln!(out, "  span      {span}")?;
    writeln!(out, "  events    {} in {} source(s)", s.events, s.sources.len())?;
    writeln!(out, "  sources   {}", e(&s.sources.join(", ")))?;
    writeln!(out, "  services  {}", e(&s.services.join(", ")))?;
    let hops: Vec<String> = s
        .hops
        .iter()
        .map(|h| match h.after_ms {
            Some(a) => format!("→ {} (+{})", h.service, ms(a)),
            None => h.service.clone(),
        })
        .collect();
    writeln!(out, "  hops      {}", e(&hops.join(" ")))?;
    if !s.requests.is_empty() {
        writeln!(out, "  requests  {}", e(&s.requests.join(", ")))?;
    }
    if !s.statuses.is_empty() {
        let st: Vec<String> = s.statuses.iter().map(u16::to_string).collect();
        writeln!(out, "  statuses  {}", st.join(", "))?;
    }
    writeln!(out, "  max level {}", s.max_level.map_or("-", |l| l.as_str()))?;
    for (via, id, n) in links {
        writeln!(out, "  related   {} {} → {n} more event(s)", e(via), e(id))?;
    }
    if s.errors.is_empty() {
        writeln!(out, "  errors    none")?;
    } else {
        writeln!(out, "  errors    {}", s.errors.len())?;
        for &i in &s.errors {
            let r = &records[i];
            writeln!(out, "    ! {} {}:{} {}", ts_ms(r.ts), e(&r.source.label), r.line, e(&r.message))?;
        }
    }
    Ok(())
}

fn opt_ts(o: &mut Vec<u8>, t: Option<Timestamp>) {
    match t {
        Some(t) => write_str(o, &t.to_rfc3339()),
        None => o.extend_from_slice(b"null"),
    }
}

fn str_array(o: &mut Vec<u8>, v: &[String]) {
    o.push(b'[');
    for (i, s) in v.iter().enumerate() {
        if i > 0 {
            o.push(b',');
        }
        write_str(o, s);
    }
    o.push(b']');
}

/// One ID's summary as a JSON line: `{id, events, first, last,
/// duration_ms, sources, services, statuses, max_level, errors}` plus
/// `query` (the ID as given), `hops`, `requests` and `related`.
pub fn json_summary(s: &Summary, query: &str, links: &[(String, String, usize)]) -> Vec<u8> {
    let mut o = Vec::with_capacity(512);
    o.extend_from_slice(b"{\"id\":");
    write_str(&mut o, &s.id);
    o.extend_from_slice(b",\"query\":");
    write_str(&mut o, query);
    let _ = write!(o, ",\"events\":{},\"first\":", s.events);
    opt_ts(&mut o, s.first);
    o.extend_from_slice(b",\"last\":");
    opt_ts(&mut o, s.last);
    match s.duration_ms {
        Some(d) => {
            let _ = write!(o, ",\"duration_ms\":{d}");
        }
        None => o.extend_from_slice(b",\"duration_ms\":null"),
    }
    o.extend_from_slice(b",\"sources\":");
    str_array(&mut o, &s.sources);
    o.extend_from_slice(b",\"services\":");
    str_array(&mut o, &s.services);
    let st: Vec<String> = s.statuses.iter().map(u16::to_string).collect();
    let _ = write!(o, ",\"statuses\":[{}]", st.join(","));
    o.extend_from_slice(b",\"max_level\":");
    match s.max_level {
        Some(l) => write_str(&mut o, l.as_str()),
        None => o.extend_from_slice(b"null"),
    }
    let _ = write!(o, ",\"errors\":{}", s.errors.len());
    o.extend_from_slice(b",\"requests\":");
    str_array(&mut o, &s.requests);
    o.extend_from_slice(b",\"hops\":[");
    for (i, h) in s.hops.iter().enumerate() {
        if i > 0 {
            o.push(b',');
        }
        o.extend_from_slice(b"{\"service\":");
        write_str(&mut o, &h.service);
        o.extend_from_slice(b",\"at\":");
        opt_ts(&mut o, h.at);
        match h.after_ms {
            Some(a) => {
                let _ = write!(o, ",\"after_ms\":{a}}}");
            }
            None => o.extend_from_slice(b",\"after_ms\":null}"),
        }
    }
    o.extend_from_slice(b"],\"related\":[");
    for (i, (via, id, n)) in links.iter().enumerate() {
        if i > 0 {
            o.push(b',');
        }
        o.extend_from_slice(b"{\"via\":");
        write_str(&mut o, via);
        o.extend_from_slice(b",\"id\":");
        write_str(&mut o, id);
        let _ = write!(o, ",\"events\":{n}}}");
    }
    o.extend_from_slice(b"]}\n");
    o
}

/// The three `--top` rankings, each (title, rows).
pub type TopRows = [(&'static str, Vec<(IdKey, Agg)>); 3];

/// Writes the `--top` tables, then how many IDs were held: `ids` when
/// nothing was pruned, else only that there were more than `bound` (the
/// most the map holds between prunes). Whether anything was pruned does
/// not depend on the order chunks arrived in (it is exactly "more than
/// `bound` distinct IDs in all"), but how many IDs were held and pruned
/// does (sources are interleaved), so those counts are not printed: the
/// same data gives the same output.
pub fn text_top(
    out: &mut impl Write,
    rows: &TopRows,
    ids: usize,
    pruned: u64,
    bound: usize,
) -> std::io::Result<()> {
    for (title, list) in rows {
        writeln!(out, "{title}")?;
        if list.is_empty() {
            writeln!(out, "  (none)\n")?;
            continue;
        }
        let mut t =
            new_table(&["id", "events", "errors", "span", "recorded", "status", "level", "first (UTC)"]);
        for (k, a) in list {
            t.add_row(vec![
                cell(&k.to_string()),
                a.events.to_string(),
                a.errors.to_string(),
                a.span_ms().map_or("-".into(), ms),
                a.recorded_ms().map_or("-".into(), ms),
                a.max_status().map_or("-".into(), |s| s.to_string()),
                a.max_level().map_or("-", |l| l.as_str()).to_string(),
                ts_ms(a.first().map(|n| Timestamp::new(n, 3))),
            ]);
        }
        writeln!(out, "{t}\n")?;
    }
    if pruned == 0 {
        writeln!(out, "{ids} request IDs held")
    } else {
        writeln!(
            out,
            "more than {bound} request IDs: pruned to the leaders by the memory cap \
             (figures of IDs outside the leaders may be low)"
        )
    }
}

/// One `--top` row as a JSON line: `{ranking, rank, id, events, errors,
/// first, last, span_ms, recorded_ms, max_status, max_level}`.
pub fn json_top_row(ranking: &str, rank: usize, k: &IdKey, a: &Agg) -> Vec<u8> {
    let mut o = Vec::with_capacity(256);
    o.extend_from_slice(b"{\"ranking\":");
    write_str(&mut o, ranking);
    let _ = write!(o, ",\"rank\":{rank},\"id\":");
    write_str(&mut o, &k.to_string());
    let _ = write!(o, ",\"events\":{},\"errors\":{},\"first\":", a.events, a.errors);
    opt_ts(&mut o, a.first().map(|n| Timestamp::new(n, 3)));
    o.extend_from_slice(b",\"last\":");
    opt_ts(&mut o, a.last().map(|n| Timestamp::new(n, 3)));
    let num = |o: &mut Vec<u8>, k: &str, v: Option<f64>| match v {
        Some(v) => {
            let _ = write!(o, ",\"{k}\":{v}");
        }
        None => {
            let _ = write!(o, ",\"{k}\":null");
        }
    };
    num(&mut o, "span_ms", a.span_ms());
    num(&mut o, "recorded_ms", a.recorded_ms());
    num(&mut o, "max_status", a.max_status().map(f64::from));
    o.extend_from_slice(b",\"max_level\":");
    match a.max_level() {
        Some(l) => write_str(&mut o, l.as_str()),
        None => o.extend_from_slice(b"null"),
    }
    o.extend_from_slice(b"}\n");
    o
}

/// Says on stderr that an ID was not found, was ambiguous, or was resolved.
pub fn note(msg: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "logsift: {}", escape_with(msg, false));
}
