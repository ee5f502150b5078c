//! One request's records and what they add up to: first and last time,
//! duration, sources and services, the hops between services in time
//! order, HTTP method/path/status, the highest level and the errors.
//!
//! A [`Record`] is what a scan worker keeps of a matching event (the event
//! itself borrows the chunk and cannot outlive it): the facts the summary
//! needs plus the event already rendered for output.

use std::sync::Arc;

use crate::event::{Event, Level, Timestamp};
use crate::scan::SourceInfo;

/// What is kept of one event that carries a traced ID.
#[derive(Debug, Clone)]
pub struct Record {
    pub ts: Option<Timestamp>,
    pub source: Arc<SourceInfo>,
    pub line: u64,
    pub level: Option<Level>,
    pub host: Option<String>,
    /// Service: a `service`/`app` field, the syslog program, or the file name.
    pub service: String,
    pub method: Option<String>,
    pub path: Option<String>,
    pub status: Option<u16>,
    /// The first line of the message.
    pub message: String,
    /// The whole message (continuation lines included).
    pub text: String,
    /// The event rendered for output (a terminal line or a JSON object
    /// without its closing brace, see `cmd::trace`).
    pub rendered: Vec<u8>,
}

impl Record {
    /// Keeps what the summary needs of `ev`; `rendered` is the caller's
    /// rendering of it.
    pub fn new(ev: &Event<'_>, source: &Arc<SourceInfo>, rendered: Vec<u8>) -> Record {
        let text = |k: &str| ev.field(k).map(|v| v.as_text().into_owned());
        Record {
            ts: ev.ts,
            source: source.clone(),
            line: ev.line,
            level: ev.level,
            host: ev.host.as_deref().map(str::to_string),
            service: service_of(ev, &source.label),
            method: text("method"),
            path: text("path"),
            status: http_status(ev),
            message: ev.message.lines().next().unwrap_or_default().to_string(),
            text: ev.message.to_string(),
            rendered,
        }
    }

    /// An event to draw in the view: time, source, level, host, the
    /// service as its app, and the whole message.
    pub fn view_event(&self) -> Event<'_> {
        let mut ev = Event::new(crate::format::FormatId::Raw, self.text.as_str());
        ev.ts = self.ts;
        ev.source = self.source.id;
        ev.line = self.line;
        ev.level = self.level;
        ev.host = self.host.as_deref().map(std::borrow::Cow::Borrowed);
        ev.app = Some(std::borrow::Cow::Borrowed(self.service.as_str()));
        ev
    }

    /// Whether this event is an error: level error or worse, or an HTTP
    /// status of 500 or more.
    pub fn is_error(&self) -> bool {
        self.level.is_some_and(|l| l >= Level::Error) || self.status.is_some_and(|s| s >= 500)
    }

    /// Time order across sources; events without a time go last, in
    /// source and line order.
    pub fn sort_key(&self) -> (bool, i64, (usize, usize), u64) {
        (self.ts.is_none(), self.ts.map_or(0, |t| t.nanos), self.source.key, self.line)
    }
}

/// An event's HTTP status: a `status` (or `status_code`) field of three digits.
pub fn http_status(ev: &Event<'_>) -> Option<u16> {
    ["status", "status_code", "http.status_code"]
        .iter()
        .find_map(|k| ev.field(k))
        .and_then(|v| v.as_text().parse::<u16>().ok())
        .filter(|s| (100..600).contains(s))
}

/// The service an event comes from: a `service` field, the event's app
/// (syslog program, JSON `app`/`component`...), or the file name up to its
/// first dot (`app/payments.log` -> `payments`).
pub fn service_of(ev: &Event<'_>, label: &str) -> String {
    if let Some(s) = ev.field("service").map(|v| v.as_text()) {
        if !s.is_empty() {
            return s.into_owned();
        }
    }
    if let Some(a) = ev.app.as_deref().filter(|a| !a.is_empty()) {
        return a.to_string();
    }
    file_service(label)
}

/// The file name of a source label up to its first dot (the member of an
/// archive member label).
pub fn file_service(label: &str) -> String {
    let name = label.rsplit(['/', ':', '\\']).next().unwrap_or(label);
    let stem = name.split('.').next().unwrap_or(name);
    if stem.is_empty() {
        name.to_string()
    } else {
        stem.to_string()
    }
}

/// A move from one service to the next, in time order.
#[derive(Debug, Clone, PartialEq)]
pub struct Hop {
    pub service: String,
    pub at: Option<Timestamp>,
    /// Milliseconds since the previous hop (none for the first).
    pub after_ms: Option<f64>,
}

/// What one ID's records add up to.
#[derive(Debug, Clone)]
pub struct Summary {
    pub id: String,
    pub events: usize,
    pub first: Option<Timestamp>,
    pub last: Option<Timestamp>,
    pub duration_ms: Option<f64>,
    /// Source labels in order of first appearance.
    pub sources: Vec<String>,
    pub services: Vec<String>,
    pub hops: Vec<Hop>,
    /// "METHOD path" seen, in order.
    pub requests: Vec<String>,
    pub statuses: Vec<u16>,
    pub max_level: Option<Level>,
    /// Indexes (into the sorted records) of the error events.
    pub errors: Vec<usize>,
}

fn push_new<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) {
        v.push(x);
    }
}

/// Summarises `records`, which must be sorted by [`Record::sort_key`].
pub fn summarize(id: &str, records: &[Record]) -> Summary {
    let mut s = Summary {
        id: id.to_string(),
        events: records.len(),
        first: None,
        last: None,
        duration_ms: None,
        sources: Vec::new(),
        services: Vec::new(),
        hops: Vec::new(),
        requests: Vec::new(),
        statuses: Vec::new(),
        max_level: None,
        errors: Vec::new(),
    };
    for (i, r) in records.iter().enumerate() {
        if let Some(t) = r.ts {
            s.first = Some(s.first.map_or(t, |f: Timestamp| f.min(t)));
            s.last = Some(s.last.map_or(t, |l: Timestamp| l.max(t)));
        }
        push_new(&mut s.sources, r.source.label.clone());
        push_new(&mut s.services, r.service.clone());
        if s.hops.last().is_none_or(|h| h.service != r.service) {
            let after_ms = match (s.hops.last().and_then(|h| h.at), r.ts) {
                (Some(a), Some(b)) => Some((b.nanos - a.nanos) as f64 / 1e6),
                _ => None,
            };
            s.hops.push(Hop { service: r.service.clone(), at: r.ts, after_ms: after_ms.filter(|_| i > 0) });
        }
        if let (Some(m), Some(p)) = (&r.method, &r.path) {
            push_new(&mut s.requests, format!("{m} {p}"));
        }
        if let Some(st) = r.status {
            push_new(&mut s.statuses, st);
        }
        s.max_level = s.max_level.max(r.level);
        if r.is_error() {
            s.errors.push(i);
        }
    }
    s.duration_ms = match (s.first, s.last) {
        (Some(a), Some(b)) => Some((b.nanos - a.nanos) as f64 / 1e6),
        _ => None,
    };
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::detect::Detection;
    use crate::format::{FormatId, ParseCx};

    fn info(label: &str, idx: usize) -> Arc<SourceInfo> {
        Arc::new(SourceInfo {
            id: idx as u32,
            key: (idx, 0),
            label: label.into(),
            compression: crate::input::Compression::None,
            mapped: false,
            detection: Detection::forced(FormatId::Raw),
            zone: crate::format::time::Zone::Utc,
            year: ParseCx::utc_now().year.clone(),
            term: b'\n',
            max_line: usize::MAX,
        })
    }

    fn rec(label: &str, idx: usize, line: &str) -> Record {
        let cx = ParseCx::utc_now();
        let d = crate::format::detect::detect([line], &cx);
        let src = info(label, idx);
        let ev = d.parse(line, &cx);
        Record::new(&ev, &src, Vec::new())
    }

    #[test]
    fn a_request_across_four_services() {
        let id = "efe7ee86-b194-4616-9413-ecbc4261de46";
        let mut rs = vec![
            rec(
                "nginx/access.log",
                0,
                &format!(
                    r#"198.51.100.7 - - [01/Mar/2024:10:02:22 +0000] "POST /api/orders HTTP/1.1" 502 0 "-" "curl/8.5.0" 0.652 req={id}"#
                ),
            ),
            rec(
                "app/gateway.log",
                1,
                &format!(
                    "2024-03-01T10:02:22.150Z ERROR [gateway] request_id={id} POST /api/orders 502 in 650ms"
                ),
            ),
            rec(
                "app/orders.jsonl",
                2,
                &format!(
                    r#"{{"ts":"2024-03-01T10:02:21.500Z","level":"info","service":"orders","request_id":"{id}","msg":"order received","order_id":1,"duration_ms":3}}"#
                ),
            ),
            rec(
                "app/payments.log",
                3,
                &format!(
                    r#"ts=2024-03-01T10:02:22.100Z level=error service=payments request_id={id} msg="upstream timeout calling acquirer" duration_ms=590"#
                ),
            ),
        ];
        rs.sort_by_key(Record::sort_key);
        let s = summarize(id, &rs);
        assert_eq!(s.events, 4);
        assert_eq!(s.first.unwrap().to_rfc3339(), "2024-03-01T10:02:21.500Z");
        assert_eq!(s.last.unwrap().to_rfc3339(), "2024-03-01T10:02:22.150Z");
        assert_eq!(s.duration_ms, Some(650.0));
        let hops: Vec<_> = s.hops.iter().map(|h| (h.service.as_str(), h.after_ms)).collect();
        // nginx writes whole seconds, so its line sorts at 22.000.
        assert_eq!(
            hops,
            vec![
                ("orders", None),
                ("access", Some(500.0)),
                ("payments", Some(100.0)),
                ("gateway", Some(50.0))
            ]
        );
        assert_eq!(s.statuses, vec![502]);
        assert_eq!(s.requests, vec!["POST /api/orders".to_string()]);
        assert_eq!(s.max_level, Some(Level::Error));
        assert_eq!(s.errors, vec![1, 2, 3], "nginx 502, payments error, gateway ERROR");
        assert_eq!(s.sources.len(), 4);
    }

    #[test]
    fn service_falls_back_to_the_file_name() {
        assert_eq!(file_service("/var/log/app/payments.log.1.gz"), "payments");
        assert_eq!(file_service("bundle.tgz:var/log/auth.log"), "auth");
        assert_eq!(file_service(".hidden"), ".hidden");
    }
}
