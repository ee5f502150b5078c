//! `logsift logins`: who tried to log in, from where, and did anyone
//! succeed? (issue 6)
//!
//! Workers run the authentication prefilter over each chunk's raw bytes,
//! parse only the candidate records, apply the filter options and extract
//! authentication events ([`crate::analysis::auth`]); the sink feeds them,
//! in source order, to the session [`Tracker`] (address carry-over, one
//! count per attempt). Then the tallies and findings are printed: tables,
//! or `--json` findings, or with `--events` every authentication event.

use std::borrow::Cow;
use std::io::Write;
use std::ops::ControlFlow;
use std::sync::Arc;

use anyhow::{Context, Result};

use crate::analysis::auth::{self, Hit, Outcome};
use crate::analysis::logins::findings::{self, Finding, Thresholds};
use crate::analysis::logins::tally::{self, Tables};
use crate::analysis::logins::{raw, ChunkStrings, Ledger, Rec, Tracker, Who};
use crate::cli::logins::{LoginsArgs, LoginsThresholds};
use crate::config::resolve_inputs;
use crate::event::{Event, Timestamp, Value};
use crate::exit::Exit;
use crate::format::time::Zone;
use crate::output::digests;
use crate::output::json::{write_event, write_str};
use crate::output::progress::Progress;
use crate::output::sanitize::escape_with;
use crate::output::table::{cell, new_table};
use crate::query::{time::parse_duration, Query};
use crate::report::Reporter;
use crate::scan::chunk::LineBook;
use crate::scan::lines::ChunkOrigin;
use crate::scan::{scan, Chunk, Delivery, Meter};

/// One chunk's authentication records and their strings; with `--events`,
/// each one's JSON line and where its `"user":null` / `"ip":null`
/// placeholders are (filled in by the sink when the session knows them).
#[derive(Default)]
struct Part {
    strings: ChunkStrings,
    recs: Vec<(Rec, Option<Box<Rendered>>)>,
    /// When the records' lines are numbered from the chunk's start (a
    /// mapped chunk whose lines were not counted before its work): the
    /// book that gives the lines before it, and its place in the source.
    relative: Option<(Arc<LineBook>, u64)>,
}

struct Rendered {
    json: Vec<u8>,
    user_null: Option<usize>,
    ip_null: Option<usize>,
}

const AUTH_KEYS: [&str; 6] = ["outcome", "user", "ip", "port", "method", "service"];

/// Runs `logsift logins`.
pub fn run(args: &LoginsArgs) -> Result<Exit> {
    if args.show.list_sources {
        return list_sources(args.output.json);
    }
    let report = Reporter::new(args.output.quiet, args.input.strict);
    let mut cfg = resolve_inputs(&args.input, &report)?;
    let query = Query::from_args(&args.filter, cfg.scan.zone)?;
    let thresholds = thresholds(&args.thresholds, cfg.scan.zone)?;
    let events = args.show.events;
    let json = args.output.json;
    cfg.scan.ordered = events;
    let prefilter = auth::prefilter();
    // Without filters or rendered events, nothing needs an event of the
    // lines the hand-written forms read: the raw-byte path.
    let raw_path = !events && query.is_empty();
    // The raw path numbers lines itself: mapped files are not counted in a
    // pass of their own before their chunks go out (each worker counts its
    // chunk after its work, from cache; the sink adds the lines before each
    // chunk). The event path asks for the numbers it needs.
    cfg.scan.lazy_lines = raw_path;
    cfg.scan.lazy_chunk_size = cfg.scan.chunk_size;
    let new_part = |chunk: &Chunk| Part {
        strings: ChunkStrings::with_capacity(4096),
        // About a record per two lines in an auth log (lines uncounted: a
        // line is ~100 bytes).
        recs: Vec::with_capacity(match chunk.lines {
            0 => chunk.bytes().len() / 200,
            n => (n / 2) as usize,
        }),
        relative: None,
    };
    let work = |chunk: &Chunk| {
        let mut part = new_part(chunk);
        if raw_path {
            let cx = chunk.source.parse_cx();
            let origin = match &chunk.book {
                Some(book) => {
                    part.relative = Some((book.clone(), chunk.seq));
                    ChunkOrigin { first_line: 1, ..chunk.origin_uncounted() }
                }
                None => chunk.origin(),
            };
            let (bytes, d) = (chunk.bytes(), &chunk.source.detection);
            let strings = &mut part.strings;
            let recs = &mut part.recs;
            let done = raw::walk(bytes, origin, d, &cx, &prefilter, &mut |line| match line {
                raw::Line::Quick(n, h, hit) => {
                    let who = Who { host: h.host, app: h.app, pid: h.pid };
                    let rec = Rec::of(h.ts.map(|t| t.nanos), n, who, &hit, &mut |f, s| strings.id_in(f, s));
                    recs.push((rec, None));
                }
                raw::Line::Event(ev) => {
                    if let Some(hit) = auth::extract(&ev) {
                        recs.push((Rec::new(&ev, &hit, &mut |f, s| strings.id_in(f, s)), None));
                    }
                }
            });
            if let Some(terms) = done {
                if let Some(book) = &chunk.book {
                    // Counted already: the scan need not count them again.
                    book.set(chunk.seq as usize, terms);
                }
                part.strings.seal();
                return part;
            }
            part = new_part(chunk);
        }
        chunk.for_each_candidate_event(&prefilter, &mut |ev: Event<'_>| {
            if !query.matches(&ev) {
                return;
            }
            let Some(hit) = auth::extract(&ev) else { return };
            let rec = Rec::new(&ev, &hit, &mut |f, s| part.strings.id_in(f, s));
            let rendered =
                (events && hit.outcome.is_some()).then(|| Box::new(render(&ev, &hit, chunk, json)));
            part.recs.push((rec, rendered));
        });
        part.strings.seal();
        part
    };
    let meter = Arc::new(Meter::new());
    let progress = Progress::start(meter.clone(), args.output.quiet);
    let mut labels: Vec<String> = Vec::new();
    let mut keys: Vec<(usize, usize)> = Vec::new();
    let mut tracker = Tracker::default();
    let mut out = std::io::stdout().lock();
    let mut write_error: Option<std::io::Error> = None;
    let mut printed = 0u64;
    scan(&cfg.inputs, &cfg.scan, &meter, &work, |d| {
        match d {
            Delivery::Begin(info) => {
                let id = info.id as usize;
                if labels.len() <= id {
                    labels.resize(id + 1, String::new());
                    keys.resize(id + 1, (usize::MAX, 0));
                }
                labels[id] = info.label.clone();
                keys[id] = info.key;
            }
            Delivery::Chunk { source, out: part } => {
                let mut buf = Vec::new();
                let ids = part.strings.ledger_ids(&mut tracker.ledger.strings);
                let before = part.relative.map_or(0, |(book, seq)| book.before(seq as usize));
                for (mut rec, rendered) in part.recs {
                    rec.line += before;
                    let (had_ip, had_user) = (rec.ip.is_some(), rec.user.is_some());
                    let (ip, user) = tracker.push(source.id, rec.remap(&ids));
                    if let Some(r) = rendered {
                        let strings = &tracker.ledger.strings;
                        let user = user.filter(|_| !had_user).map(|u| strings.name(u));
                        let ip = ip.filter(|_| !had_ip).map(|i| strings.name(i));
                        splice(&mut buf, &r, user, ip, json);
                        printed += 1;
                    }
                }
                if !buf.is_empty() {
                    if let Err(e) = out.write_all(&buf) {
                        write_error = Some(e);
                        return ControlFlow::Break(());
                    }
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
    if let Some(e) = write_error {
        return Err(e.into());
    }
    let mut ledger = tracker.finish();
    // Source ids follow the order sources were opened, which depends on
    // timing; renumber them in input order so output is the same every run.
    let mut order: Vec<usize> = (0..labels.len()).collect();
    order.sort_by_key(|&i| keys[i]);
    let mut rank = vec![0u32; labels.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r as u32;
    }
    let labels: Vec<String> = order.iter().map(|&i| std::mem::take(&mut labels[i])).collect();
    for c in &mut ledger.events {
        c.source = rank[c.source as usize];
    }
    let found = if events { printed > 0 } else { !ledger.events.is_empty() };
    if !events {
        // The findings and the tables both only read the ledger: build
        // them side by side (this tail runs after the scan, on its own).
        let want_tables = !json && !ledger.events.is_empty();
        let (found, tables) = rayon::join(
            || findings::find(&ledger, &thresholds),
            || want_tables.then(|| tally::tables(&ledger, args.show.top)),
        );
        let ev_cap = args.show.evidence;
        if json {
            for f in &found {
                out.write_all(&finding_json(f, &ledger, &labels, ev_cap))?;
            }
        } else if let Some(tables) = tables {
            print_tables(&mut out, &ledger, &labels, &tables, &found, args.show.top, ev_cap)?;
        }
    }
    if json {
        digests::print_json(&mut out, &cfg.digests())?;
    } else {
        digests::print_text(&mut out, &cfg.digests())?;
    }
    out.flush()?;
    let exit = if found { Exit::Ok } else { Exit::NotFound };
    Ok(exit.with_errors(report.errors()))
}

fn thresholds(a: &LoginsThresholds, zone: Zone) -> Result<Thresholds> {
    let dur =
        |flag: &str, v: &str| parse_duration(v).map_err(anyhow::Error::msg).with_context(|| flag.to_string());
    Ok(Thresholds {
        brute_failures: a.brute_failures.max(1),
        brute_window: dur("--brute-window", &a.brute_window)?,
        spray_users: a.spray_users.max(1),
        spray_per_user: a.spray_per_user,
        distributed_ips: a.distributed_ips.max(1),
        compromise_failures: a.compromise_failures.max(1),
        compromise_window: dur("--compromise-window", &a.compromise_window)?,
        invalid_users: a.invalid_users.max(1),
        sudo_failures: a.sudo_failures.max(1),
        work_hours: findings::parse_work_hours(&a.work_hours).map_err(anyhow::Error::msg)?,
        zone,
    })
}

/// Renders an authentication event: JSON (the event schema with the
/// authentication fields last) or a text line.
fn render(ev: &Event<'_>, rec: &Hit<'_>, chunk: &Chunk, json: bool) -> Rendered {
    let text = |s: &Option<Cow<'_, str>>| {
        s.as_deref().map_or(Value::Null, |s| Value::Str(Cow::Owned(s.to_string())))
    };
    let mut r = Rendered { json: Vec::with_capacity(ev.raw.len() + 256), user_null: None, ip_null: None };
    if !json {
        let ts = ev.ts.map_or_else(|| "-".to_string(), |t| t.to_rfc3339());
        let o = &mut r.json;
        let head = format!(
            "{ts} {}:{} {} {} user=",
            chunk.source.label,
            ev.line,
            rec.outcome.map_or("", Outcome::as_str),
            rec.service
        );
        o.extend_from_slice(escape_with(&head, false).as_bytes());
        match &rec.user {
            Some(u) => o.extend_from_slice(escape_with(u, false).as_bytes()),
            None => {
                r.user_null = Some(o.len());
                o.push(b'-');
            }
        }
        o.extend_from_slice(b" ip=");
        match &rec.ip {
            Some(i) => o.extend_from_slice(escape_with(i, false).as_bytes()),
            None => {
                r.ip_null = Some(o.len());
                o.push(b'-');
            }
        }
        o.extend_from_slice(b" method=");
        o.extend_from_slice(escape_with(&rec.method, false).as_bytes());
        o.push(b'\n');
        return r;
    }
    let port = rec.port.map(|p| p.to_string());
    // A shorter-lived copy, so the port can be a number borrowed from here.
    let mut ev: Event<'_> = ev.clone();
    ev.fields.retain(|(k, _)| !AUTH_KEYS.contains(&k.as_ref()));
    let outcome = rec.outcome.map_or("", Outcome::as_str);
    ev.fields.push((Cow::Borrowed("outcome"), Value::Str(Cow::Borrowed(outcome))));
    ev.fields.push((Cow::Borrowed("user"), text(&rec.user)));
    ev.fields.push((Cow::Borrowed("ip"), text(&rec.ip)));
    ev.fields.push((Cow::Borrowed("port"), port.as_deref().map_or(Value::Null, Value::Num)));
    ev.fields.push((Cow::Borrowed("method"), Value::Str(Cow::Owned(rec.method.to_string()))));
    ev.fields.push((Cow::Borrowed("service"), Value::Str(Cow::Owned(rec.service.to_string()))));
    write_event(&mut r.json, &ev, &chunk.source.label);
    // The authentication fields are the last ones written, so the last
    // structural occurrence of each placeholder is ours (string contents
    // cannot hold an unescaped quote).
    if rec.user.is_none() {
        r.user_null = rfind(&r.json, b"\"user\":null,\"ip\":").map(|i| i + 7);
    }
    if rec.ip.is_none() {
        r.ip_null = rfind(&r.json, b"\"ip\":null,\"port\":").map(|i| i + 5);
    }
    r
}

fn rfind(h: &[u8], n: &[u8]) -> Option<usize> {
    h.windows(n.len()).rposition(|w| w == n)
}

/// Writes a rendered event, replacing its placeholders by the user and
/// address its session supplied (or by null / `-`).
fn splice(buf: &mut Vec<u8>, r: &Rendered, user: Option<&str>, ip: Option<&str>, json: bool) {
    let (null, null_len): (&[u8], usize) = if json { (b"null", 4) } else { (b"-", 1) };
    let mut at = 0;
    let mut marks: Vec<(usize, Option<&str>)> = Vec::new();
    if let Some(p) = r.user_null {
        marks.push((p, user));
    }
    if let Some(p) = r.ip_null {
        marks.push((p, ip));
    }
    marks.sort_by_key(|m| m.0);
    for (pos, value) in marks {
        buf.extend_from_slice(&r.json[at..pos]);
        match (value, json) {
            (Some(v), true) => write_str(buf, v),
            (Some(v), false) => buf.extend_from_slice(escape_with(v, false).as_bytes()),
            (None, _) => buf.extend_from_slice(null),
        }
        at = pos + if json { null_len } else { 1 };
    }
    buf.extend_from_slice(&r.json[at..]);
}

fn ts_text(t: Option<i64>) -> Option<String> {
    t.map(|n| {
        let p = if n % 1_000_000_000 == 0 {
            0
        } else if n % 1_000_000 == 0 {
            3
        } else {
            6
        };
        Timestamp::new(n, p).to_rfc3339()
    })
}

fn short_ts(t: Option<i64>) -> String {
    t.map_or_else(|| "-".into(), |n| Timestamp::new(n, 0).to_rfc3339())
}

fn capped<T: Clone>(v: &[T], cap: usize) -> &[T] {
    if cap == 0 || v.len() <= cap {
        v
    } else {
        &v[..cap]
    }
}

fn finding_json(f: &Finding, l: &Ledger, labels: &[String], cap: usize) -> Vec<u8> {
    let mut o = Vec::with_capacity(512);
    o.extend_from_slice(b"{\"kind\":");
    write_str(&mut o, f.kind.as_str());
    o.extend_from_slice(b",\"severity\":");
    write_str(&mut o, f.kind.severity().as_str());
    o.extend_from_slice(b",\"ip\":");
    match f.ip {
        Some(ip) => write_str(&mut o, l.strings.name(ip)),
        None => o.extend_from_slice(b"null"),
    }
    o.extend_from_slice(b",\"users\":[");
    let mut users: Vec<&str> = f.users.iter().map(|&u| l.strings.name(u)).collect();
    users.sort_unstable();
    for (i, u) in users.iter().enumerate() {
        if i > 0 {
            o.push(b',');
        }
        write_str(&mut o, u);
    }
    let _ = write!(o, "],\"count\":{}", f.count);
    for (k, t) in [("first", f.first), ("last", f.last)] {
        let _ = write!(o, ",\"{k}\":");
        match ts_text(t) {
            Some(s) => write_str(&mut o, &s),
            None => o.extend_from_slice(b"null"),
        }
    }
    o.extend_from_slice(b",\"sources\":[");
    for (i, s) in f.sources.iter().enumerate() {
        if i > 0 {
            o.push(b',');
        }
        write_str(&mut o, label(labels, *s));
    }
    o.extend_from_slice(b"],\"evidence\":[");
    for (i, (s, line)) in capped(&f.evidence, cap).iter().enumerate() {
        if i > 0 {
            o.push(b',');
        }
        write_str(&mut o, &format!("{}:{line}", label(labels, *s)));
    }
    let _ = write!(o, "],\"evidence_total\":{},\"detail\":", f.evidence.len());
    write_str(&mut o, &f.detail);
    o.extend_from_slice(b"}\n");
    o
}

fn label(labels: &[String], id: u32) -> &str {
    labels.get(id as usize).map_or("?", String::as_str)
}

/// The names behind string ids, sorted by name: ids are handed out in the
/// order chunks of several sources reach the sink, which varies run to run.
fn names(l: &Ledger, ids: impl Iterator<Item = u32>) -> String {
    let mut names: Vec<&str> = ids.map(|i| l.strings.name(i)).collect();
    names.sort_unstable();
    names.join(",")
}

#[allow(clippy::too_many_arguments)]
fn print_tables(
    out: &mut impl Write,
    l: &Ledger,
    labels: &[String],
    tables: &Tables,
    found: &[Finding],
    top: usize,
    cap: usize,
) -> std::io::Result<()> {
    let mut t = new_table(&[
        "source IP",
        "failures",
        "successes",
        "probes",
        "users tried",
        "first (UTC)",
        "last (UTC)",
        "services",
        "top users",
    ]);
    for r in &tables.ips {
        let tops = tally::top(r.users.iter().map(|(&u, &n)| (u, n)), l, 3);
        let tops: Vec<String> = tops.iter().map(|(u, n)| format!("{u}({n})")).collect();
        t.add_row(vec![
            cell(l.strings.name(r.ip)),
            r.failures.to_string(),
            r.successes.to_string(),
            r.probes.to_string(),
            r.users.len().to_string(),
            short_ts(r.first),
            short_ts(r.last),
            cell(&names(l, r.services.iter().copied())),
            cell(&tops.join(" ")),
        ]);
    }
    writeln!(out, "{t}")?;
    more(out, tables.total_ips, top, "addresses")?;
    let mut t = new_table(&[
        "user",
        "failures",
        "successes",
        "source IPs",
        "first (UTC)",
        "last (UTC)",
        "services",
        "top IPs",
    ]);
    for r in &tables.users {
        let tops = tally::top(r.ips.iter().map(|(&ip, &(f, s))| (ip, f + s)), l, 3);
        let tops: Vec<String> = tops.iter().map(|(ip, n)| format!("{ip}({n})")).collect();
        t.add_row(vec![
            cell(l.strings.name(r.user)),
            r.failures.to_string(),
            r.successes.to_string(),
            r.ips.len().to_string(),
            short_ts(r.first),
            short_ts(r.last),
            cell(&names(l, r.services.iter().copied())),
            cell(&tops.join(" ")),
        ]);
    }
    writeln!(out, "{t}")?;
    more(out, tables.total_users, top, "users")?;
    if found.is_empty() {
        return writeln!(out, "No findings.");
    }
    let mut t = new_table(&[
        "severity",
        "finding",
        "ip",
        "users",
        "count",
        "first (UTC)",
        "last (UTC)",
        "detail",
        "evidence",
    ]);
    let shown = if cap == 0 { 3 } else { cap.min(3) };
    for f in found {
        let mut ev: Vec<String> =
            capped(&f.evidence, shown).iter().map(|(s, n)| format!("{}:{n}", label(labels, *s))).collect();
        if f.evidence.len() > ev.len() {
            ev.push(format!("(+{} more)", f.evidence.len() - ev.len()));
        }
        let mut us: Vec<&str> = f.users.iter().map(|&u| l.strings.name(u)).collect();
        us.sort_unstable();
        us.truncate(5);
        let extra = f.users.len().saturating_sub(5).to_string() + " more";
        if f.users.len() > 5 {
            us.push(&extra);
        }
        t.add_row(vec![
            f.kind.severity().as_str().to_string(),
            f.kind.as_str().to_string(),
            cell(f.ip.map_or("-", |i| l.strings.name(i))),
            cell(&us.join(",")),
            f.count.to_string(),
            short_ts(f.first),
            short_ts(f.last),
            cell(&f.detail),
            cell(&ev.join("\n")).replace("\\n", "\n"),
        ]);
    }
    writeln!(out, "{t}")
}

fn more(out: &mut impl Write, total: usize, top: usize, what: &str) -> std::io::Result<()> {
    if top > 0 && total > top {
        writeln!(out, "... {} more {what} (--top 0 shows all)", total - top)?;
    }
    Ok(())
}

fn list_sources(json: bool) -> Result<Exit> {
    let mut out = std::io::stdout().lock();
    if json {
        for fam in auth::families() {
            let mut o = Vec::new();
            o.extend_from_slice(b"{\"family\":");
            write_str(&mut o, fam.name);
            o.extend_from_slice(b",\"services\":[");
            for (i, s) in fam.services.iter().enumerate() {
                if i > 0 {
                    o.push(b',');
                }
                write_str(&mut o, s.name);
            }
            let forms: usize = fam.services.iter().map(|s| s.rules.len()).sum();
            let _ = write!(o, "],\"forms\":{forms},\"about\":");
            write_str(&mut o, fam.about);
            o.extend_from_slice(b"}\n");
            out.write_all(&o)?;
        }
    } else {
        let mut t = new_table(&["family", "services", "forms", "what is understood"]);
        for fam in auth::families() {
            let svcs: Vec<&str> = fam.services.iter().map(|s| s.name).collect();
            let forms: usize = fam.services.iter().map(|s| s.rules.len()).sum();
            t.add_row(vec![fam.name.to_string(), svcs.join(", "), forms.to_string(), fam.about.to_string()]);
        }
        writeln!(out, "{t}")?;
        writeln!(
            out,
            "Also: access logs (401/403 and POST 2xx/3xx on login paths), JSON/logfmt login events."
        )?;
    }
    Ok(Exit::Ok)
}
