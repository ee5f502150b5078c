//! HTTP requests among events: access-log lines, and JSON/logfmt events
//! that carry method/path/status (and a duration) as fields; their
//! per-endpoint aggregates for `stats` and `anomalies`.

use crate::analysis::arena_counts::ArenaCounts;
use crate::analysis::endpoints::{template_path_into, Templated};
use std::hash::BuildHasher;

use crate::analysis::partial::{CappedCounts, FastMap, FastState, HashIndex, Merge};
use crate::analysis::quantiles::Sketch;
use crate::event::{Event, Value};

/// Distinct endpoints, client IPs, user agents tracked at most; the rest
/// is counted as `(other)`.
pub const MAX_ENDPOINTS: usize = 5_000;
pub const MAX_CLIENTS: usize = 100_000;
pub const MAX_AGENTS: usize = 10_000;

/// Fields read as a latency in seconds.
const SECONDS: [&str; 6] =
    ["request_time", "response_time", "upstream_response_time", "elapsed", "latency_s", "duration_s"];
/// Fields read as a latency in milliseconds (ranked after [`SECONDS`] by
/// `role`, which the tests check against this list).
#[cfg_attr(not(test), allow(dead_code))]
const MILLIS: [&str; 7] =
    ["duration_ms", "latency_ms", "elapsed_ms", "response_time_ms", "took_ms", "took", "duration"];

/// The request view of an event.
#[derive(Debug, Clone, PartialEq)]
pub struct Request<'e> {
    pub method: &'e str,
    pub path: &'e str,
    pub status: u16,
    pub bytes: Option<u64>,
    /// Latency in milliseconds, when a duration field is there.
    pub latency_ms: Option<f64>,
    pub client: Option<&'e str>,
    pub agent: Option<&'e str>,
}

#[cfg(test)]
fn text<'e>(ev: &'e Event<'_>, keys: &[&str]) -> Option<&'e str> {
    keys.iter().find_map(|k| match ev.field(k)? {
        Value::Str(s) => Some(s.as_ref()),
        Value::Num(n) => Some(*n),
        _ => None,
    })
}

/// A duration value: a number, or Go-style text (`12.5ms`, `1.2s`, `850us`).
fn duration_ms(v: &Value<'_>, default_ms: bool) -> Option<f64> {
    if let Some(x) = v.as_f64() {
        return Some(if default_ms { x } else { x * 1000.0 });
    }
    let t = v.as_text();
    let t = t.trim();
    for (suffix, scale) in [("ms", 1.0), ("us", 1e-3), ("µs", 1e-3), ("ns", 1e-6), ("s", 1000.0)] {
        if let Some(n) = t.strip_suffix(suffix) {
            return n.parse::<f64>().ok().map(|x| x * scale);
        }
    }
    None
}

/// What a request field is for (index into the picks of [`request`]).
#[derive(Clone, Copy)]
enum Role {
    Status,
    Method,
    Path,
    Bytes,
    Client,
    Agent,
    /// A latency field (read as seconds or milliseconds, by its name).
    Latency,
}

/// The role of a field name and its rank among the names of that role
/// (lower wins): the key lists' order, latency seconds ([`SECONDS`]) before
/// milliseconds ([`MILLIS`]). Dispatched on the first byte: most fields
/// (`ts`, `msg`, `order_id`) are rejected after one or two comparisons.
fn role(key: &str) -> Option<(Role, u8)> {
    use Role::*;
    let s = SECONDS.len() as u8;
    Some(match *key.as_bytes().first()? {
        b's' => match key {
            "status" => (Status, 0),
            "status_code" => (Status, 1),
            "size" => (Bytes, 2),
            _ => return None,
        },
        b'h' => match key {
            "http.status_code" => (Status, 2),
            "http.method" => (Method, 1),
            "http.path" => (Path, 3),
            "http_user_agent" => (Agent, 1),
            _ => return None,
        },
        b'r' => match key {
            "response.status" => (Status, 3),
            "request.method" => (Method, 2),
            "request.path" => (Path, 4),
            "route" => (Path, 5),
            "remote_addr" => (Client, 2),
            "remote_ip" => (Client, 4),
            "request_time" => (Latency, 0),
            "response_time" => (Latency, 1),
            "response_time_ms" => (Latency, s + 3),
            _ => return None,
        },
        b'm' if key == "method" => (Method, 0),
        b'v' if key == "verb" => (Method, 3),
        b'p' if key == "path" => (Path, 0),
        b'u' => match key {
            "uri" => (Path, 1),
            "url" => (Path, 2),
            "user_agent" => (Agent, 0),
            "ua" => (Agent, 3),
            "upstream_response_time" => (Latency, 2),
            _ => return None,
        },
        b'b' => match key {
            "bytes" => (Bytes, 0),
            "body_bytes_sent" => (Bytes, 1),
            "bytes_sent" => (Bytes, 3),
            _ => return None,
        },
        b'i' if key == "ip" => (Client, 0),
        b'c' => match key {
            "client_ip" => (Client, 1),
            "client" => (Client, 3),
            _ => return None,
        },
        b'a' if key == "agent" => (Agent, 2),
        b'e' => match key {
            "elapsed" => (Latency, 3),
            "elapsed_ms" => (Latency, s + 2),
            _ => return None,
        },
        b'l' => match key {
            "latency_s" => (Latency, 4),
            "latency_ms" => (Latency, s + 1),
            _ => return None,
        },
        b'd' => match key {
            "duration_s" => (Latency, 5),
            "duration_ms" => (Latency, s),
            "duration" => (Latency, s + 6),
            _ => return None,
        },
        b't' => match key {
            "took_ms" => (Latency, s + 4),
            "took" => (Latency, s + 5),
            _ => return None,
        },
        _ => return None,
    })
}

/// The request an event records, if it records one.
///
/// For each role, the field whose name ranks first among those present
/// (only the first field of a name counts) and whose value fits: text or a
/// number, a parseable duration for latency. One pass over the fields
/// instead of one search per candidate name (forty per access-log line).
pub fn request<'e>(ev: &'e Event<'_>) -> Option<Request<'e>> {
    // Per role: (rank, text) of the best fitting field so far.
    let mut best: [(u8, &'e str); 6] = [(u8::MAX, ""); 6];
    // Latency fields by rank, read only once the event is a request (most
    // events with a `duration_ms` are not: no number parsed for them).
    let mut latency: [Option<&'e Value<'e>>; 16] = [None; 16];
    // Names already seen, per role, as rank bits (a later duplicate is not
    // what `Event::field` finds).
    let mut seen = [0u16; 7];
    for (k, v) in &ev.fields {
        let Some((role, rank)) = role(k) else { continue };
        let bit = 1u16 << rank;
        if seen[role as usize] & bit != 0 {
            continue;
        }
        seen[role as usize] |= bit;
        match role {
            Role::Latency => latency[rank as usize] = Some(v),
            _ => {
                let b = &mut best[role as usize];
                if rank < b.0 {
                    let t = match v {
                        Value::Str(s) => Some(s.as_ref()),
                        Value::Num(n) => Some(*n),
                        _ => None,
                    };
                    if let Some(t) = t {
                        *b = (rank, t);
                    }
                }
            }
        }
    }
    let pick = |r: Role| {
        let (rank, t) = best[r as usize];
        (rank != u8::MAX).then_some(t)
    };
    let status: u16 = pick(Role::Status)?.parse().ok().filter(|s| (100..600).contains(s))?;
    let path = pick(Role::Path)?;
    // The best-ranked latency field whose value reads as a duration.
    let latency_ms =
        (0..latency.len()).find_map(|rank| latency[rank].and_then(|v| duration_ms(v, rank >= SECONDS.len())));
    Some(Request {
        method: pick(Role::Method).unwrap_or("-"),
        path,
        status,
        bytes: pick(Role::Bytes).and_then(|b| b.parse().ok()),
        latency_ms,
        client: pick(Role::Client),
        agent: pick(Role::Agent),
    })
}

/// The statistics of one endpoint.
#[derive(Debug, Clone, Default)]
pub struct Endpoint {
    pub requests: u64,
    /// Requests by status class: index 1..=5 for 1xx..5xx.
    pub classes: [u64; 6],
    pub bytes: u64,
    pub latency: Sketch,
}

impl Merge for Endpoint {
    fn merge(&mut self, later: Self) {
        self.requests += later.requests;
        for (a, b) in self.classes.iter_mut().zip(later.classes) {
            *a += b;
        }
        self.bytes += later.bytes;
        self.latency.merge(later.latency);
    }
}

/// The (method, path template) key of an endpoint.
pub type EndpointKey = (String, String);

/// All requests seen, aggregated.
#[derive(Debug, Clone)]
pub struct Http {
    pub requests: u64,
    pub total: Endpoint,
    /// Client IPs (of merged parts; see `fresh_clients`).
    pub clients: ArenaCounts,
    /// Client IPs counted by [`Http::add`] since the last merge, folded
    /// into `clients` by a merge or [`Http::settle`].
    fresh_clients: ArenaCounts,
    pub agents: CappedCounts<String>,
    pub methods: CappedCounts<String>,
    /// Requests per minute (epoch minute -> count).
    pub per_minute: FastMap<i64, u64>,
    /// Endpoint lookup by borrowed method and path (no allocation per
    /// request): method -> path -> position in `order`.
    index: FastMap<String, FastMap<String, usize>>,
    /// By (method, path template) in order of arrival; past the cap,
    /// under ("-", "(other)").
    order: Vec<(EndpointKey, Endpoint)>,
    /// Reused buffer for a templated path.
    scratch: String,
    /// Endpoint slots by (method, path shape) ([`path_shape`]): a
    /// request of a known shape costs one hash and compare, no templating.
    /// Keyed by the shape's hash; at most [`MAX_PATH_SHAPES`].
    by_shape: HashIndex<(Box<[u8]>, usize)>,
    /// Reused buffer for a path shape.
    shape: Vec<u8>,
}

/// Path shapes remembered at most per `Http` (the rest are templated each time).
const MAX_PATH_SHAPES: usize = 8192;
/// Longest path whose shape is remembered (shorter than what
/// `template_path` reads, so the shape holds all of it).
const MAX_SHAPE_PATH: usize = 256;

/// Writes into `out` (cleared first) the key of a request's endpoint slot:
/// the method, then the part of the path `template_path` reads (up to `?`
/// or `#`) with every all-digit segment (`123`, `-5`) spelled `0`. Such a
/// segment is an id whatever its digits (`endpoints::is_id`), so paths
/// with one shape have one template (and `0` is one too). The method goes
/// first with its length, so no two (method, path) pairs share a key.
fn path_shape(method: &str, path: &str, out: &mut Vec<u8>) {
    out.clear();
    out.extend_from_slice(&(method.len() as u32).to_le_bytes());
    out.extend_from_slice(method.as_bytes());
    let b = path.as_bytes();
    let end = memchr::memchr2(b'?', b'#', b).unwrap_or(b.len());
    for (i, seg) in b[..end].split(|&c| c == b'/').enumerate() {
        if i > 0 {
            out.push(b'/');
        }
        let body = seg.strip_prefix(b"-").unwrap_or(seg);
        if !body.is_empty() && body.iter().all(u8::is_ascii_digit) {
            out.push(b'0');
        } else {
            out.extend_from_slice(seg);
        }
    }
}

impl Default for Http {
    fn default() -> Self {
        Http {
            requests: 0,
            total: Endpoint::default(),
            clients: ArenaCounts::new(MAX_CLIENTS),
            fresh_clients: ArenaCounts::new(MAX_CLIENTS),
            agents: CappedCounts::new(MAX_AGENTS),
            methods: CappedCounts::new(64),
            per_minute: FastMap::default(),
            index: FastMap::default(),
            order: Vec::new(),
            scratch: String::new(),
            by_shape: HashIndex::default(),
            shape: Vec::new(),
        }
    }
}

impl Http {
    /// The endpoints, in order of first arrival.
    pub fn endpoints(&self) -> impl Iterator<Item = (&EndpointKey, &Endpoint)> + '_ {
        self.order.iter().map(|(k, e)| (k, e))
    }

    /// Number of endpoints tracked (at most [`MAX_ENDPOINTS`] + 1).
    pub fn endpoint_count(&self) -> usize {
        self.order.len()
    }

    /// One endpoint's statistics.
    pub fn endpoint(&self, method: &str, path: &str) -> Option<&Endpoint> {
        self.find(method, path).map(|i| &self.order[i].1)
    }

    fn find(&self, method: &str, path: &str) -> Option<usize> {
        self.index.get(method).and_then(|m| m.get(path)).copied()
    }

    /// The slot of an endpoint, created when the cap allows (else the
    /// `(other)` slot).
    fn slot(&mut self, method: &str, path: &str) -> usize {
        if let Some(i) = self.find(method, path) {
            return i;
        }
        let (method, path) = if self.order.len() < MAX_ENDPOINTS { (method, path) } else { ("-", "(other)") };
        if let Some(i) = self.find(method, path) {
            return i;
        }
        let i = self.order.len();
        self.index.entry(method.to_string()).or_default().insert(path.to_string(), i);
        self.order.push(((method.to_string(), path.to_string()), Endpoint::default()));
        i
    }

    /// The slot of a request's endpoint: templates its path.
    fn templated_slot(&mut self, method: &str, path: &str) -> usize {
        let mut buf = std::mem::take(&mut self.scratch);
        let tpl = match template_path_into(path, &mut buf) {
            Templated::Borrowed(p) => p,
            Templated::Written => buf.as_str(),
        };
        let slot = self.slot(method, tpl);
        self.scratch = buf;
        slot
    }

    /// [`Http::templated_slot`], remembered by path shape: slots never
    /// move and a template's slot never changes (the cap only sends new
    /// templates to `(other)`), so a remembered slot stays the answer.
    fn request_slot(&mut self, method: &str, path: &str) -> usize {
        if path.len() > MAX_SHAPE_PATH {
            return self.templated_slot(method, path);
        }
        path_shape(method, path, &mut self.shape);
        let h = FastState.hash_one(self.shape.as_slice());
        match self.by_shape.get(&h) {
            Some((k, slot)) if **k == *self.shape => *slot,
            Some(_) => self.templated_slot(method, path),
            None => {
                let slot = self.templated_slot(method, path);
                if self.by_shape.len() < MAX_PATH_SHAPES {
                    self.by_shape.insert(h, (self.shape.as_slice().into(), slot));
                }
                slot
            }
        }
    }

    /// Adds one request (at `ts`, UTC nanoseconds, when known).
    pub fn add(&mut self, r: &Request<'_>, ts: Option<i64>) {
        self.requests += 1;
        let slot = self.request_slot(r.method, r.path);
        let e = &mut self.order[slot].1;
        for e in [e, &mut self.total] {
            e.requests += 1;
            e.classes[(r.status / 100) as usize] += 1;
            e.bytes += r.bytes.unwrap_or(0);
            if let Some(l) = r.latency_ms {
                e.latency.add(l);
            }
        }
        if let Some(c) = r.client {
            self.fresh_clients.add(c, 1);
        }
        if let Some(a) = r.agent {
            self.agents.add_ref(a, 1);
        }
        self.methods.add_ref(r.method, 1);
        if let Some(t) = ts {
            *self.per_minute.entry(t.div_euclid(60_000_000_000)).or_insert(0) += 1;
        }
    }
}

impl Http {
    /// Folds the clients counted by [`Http::add`] into `clients` (a merge
    /// does it too): call before reading an `Http` that was not merged.
    /// Adds after a merge count as a later part.
    pub fn settle(&mut self) {
        if !self.fresh_clients.is_empty() {
            let fresh = std::mem::replace(&mut self.fresh_clients, ArenaCounts::new(MAX_CLIENTS));
            self.clients.merge(fresh);
        }
    }
}

impl Merge for Http {
    fn merge(&mut self, mut later: Self) {
        self.settle();
        later.settle();
        self.clients.merge(later.clients);
        self.requests += later.requests;
        let mut later_eps = later.order;
        // A fixed order, so who gets the last slots below the cap is deterministic.
        later_eps.sort_by(|a, b| a.0.cmp(&b.0));
        for ((method, path), e) in later_eps {
            let slot = self.slot(&method, &path);
            self.order[slot].1.merge(e);
        }
        self.total.merge(later.total);
        self.agents.merge(later.agents);
        self.methods.merge(later.methods);
        for (m, n) in later.per_minute {
            *self.per_minute.entry(m).or_insert(0) += n;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::time::Zone;
    use crate::format::{FormatId, ParseCx};

    fn parse(f: FormatId, line: &str) -> Event<'_> {
        let cx = ParseCx::new(Zone::Utc, crate::format::time::YearRef::forced(2024));
        f.parse(line, &cx).expect("parses")
    }

    /// `request` as first written: one field search per candidate name.
    fn request_by_search<'e>(ev: &'e Event<'_>) -> Option<Request<'e>> {
        let status: u16 = text(ev, &["status", "status_code", "http.status_code", "response.status"])?
            .parse()
            .ok()
            .filter(|s| (100..600).contains(s))?;
        let method = text(ev, &["method", "http.method", "request.method", "verb"]).unwrap_or("-");
        let path = text(ev, &["path", "uri", "url", "http.path", "request.path", "route"])?;
        let latency_ms = SECONDS
            .iter()
            .find_map(|k| ev.field(k).and_then(|v| duration_ms(v, false)))
            .or_else(|| MILLIS.iter().find_map(|k| ev.field(k).and_then(|v| duration_ms(v, true))));
        Some(Request {
            method,
            path,
            status,
            bytes: text(ev, &["bytes", "body_bytes_sent", "size", "bytes_sent"]).and_then(|b| b.parse().ok()),
            latency_ms,
            client: text(ev, &["ip", "client_ip", "remote_addr", "client", "remote_ip"]),
            agent: text(ev, &["user_agent", "http_user_agent", "agent", "ua"]),
        })
    }

    #[test]
    fn roles_rank_names_in_the_order_of_the_key_lists() {
        let lists: [(&[&str], u8); 6] = [
            (&["status", "status_code", "http.status_code", "response.status"], Role::Status as u8),
            (&["method", "http.method", "request.method", "verb"], Role::Method as u8),
            (&["path", "uri", "url", "http.path", "request.path", "route"], Role::Path as u8),
            (&["bytes", "body_bytes_sent", "size", "bytes_sent"], Role::Bytes as u8),
            (&["ip", "client_ip", "remote_addr", "client", "remote_ip"], Role::Client as u8),
            (&["user_agent", "http_user_agent", "agent", "ua"], Role::Agent as u8),
        ];
        let latency: Vec<&str> = SECONDS.iter().chain(MILLIS.iter()).copied().collect();
        let mut named = 0;
        for (keys, r) in lists.iter().copied().chain([(&latency[..], Role::Latency as u8)]) {
            for (rank, k) in keys.iter().enumerate() {
                let got = role(k).map(|(role, rank)| (role as u8, rank));
                assert_eq!(got, Some((r, rank as u8)), "{k}");
                named += 1;
            }
        }
        assert_eq!(named, 40);
        for k in ["", "ts", "msg", "level", "request_id", "statuses", "Status", "took_s", "u", "paths"] {
            assert!(role(k).is_none(), "{k}");
        }
    }

    #[test]
    fn one_pass_request_matches_the_search_on_real_and_ugly_lines() {
        let lines: Vec<(FormatId, String)> = [
            (FormatId::Access, include_str!("../../fixtures/formats/access.log")),
            (FormatId::Json, include_str!("../../fixtures/formats/json.log")),
            (FormatId::Logfmt, include_str!("../../fixtures/formats/logfmt.log")),
        ]
        .iter()
        .flat_map(|(f, text)| text.lines().map(|l| (*f, l.to_string())))
        .chain(
            [
                // duplicate names: the first one counts, even when it does not fit
                r#"{"status":true,"status":200,"code":1,"status_code":"201","path":null,"uri":"/a/1","method":"PUT"}"#,
                r#"{"status_code":404,"url":"/x","route":"/r","duration":"fast","took":"12.5ms","elapsed":"2s"}"#,
                r#"{"status":"503","path":"/p","duration_ms":"n/a","latency_ms":7,"elapsed":"bad","elapsed":1.5}"#,
                r#"{"response.status":"700","path":"/p"}"#,
                r#"{"status":"20x","path":"/p"}"#,
                r#"{"status":200,"path":{"a":1},"http.path":"/h","size":"12","bytes":"x","ua":"curl","agent":null}"#,
                r#"{"status":301,"request.path":"/q","client":"10.0.0.1","ip":5,"user_agent":"", "response_time":"850us"}"#,
                "ts=2024-03-03T10:00:00Z status=200 path=/a status=500 upstream_response_time=- request_time=0.004",
                "ts=2024-03-03T10:00:00Z status=200 route=/b duration=3s duration_s=abc verb=GET method=",
                "ts=2024-03-03T10:00:00Z msg=hello",
            ]
            .iter()
            .map(|l| (if l.starts_with('{') { FormatId::Json } else { FormatId::Logfmt }, l.to_string())),
        )
        .collect();
        let mut requests = 0;
        for (f, line) in &lines {
            let cx = ParseCx::new(Zone::Utc, crate::format::time::YearRef::forced(2024));
            let Some(ev) = f.parse(line, &cx) else { continue };
            assert_eq!(request(&ev), request_by_search(&ev), "{line}");
            requests += request(&ev).is_some() as usize;
        }
        assert!(requests > 10, "the lines hold requests: {requests}");
    }

    #[test]
    fn access_json_and_logfmt_requests() {
        let a = r#"203.0.113.9 - - [03/Mar/2024:10:20:36 +0000] "POST /api/payments HTTP/1.1" 200 512 "-" "curl/8.5.0" 4.800 req=c5d7e9f1-2a4b-4c6d-8e0f-1a3b5c7d9e02"#;
        let ev = parse(FormatId::Access, a);
        let r = request(&ev).unwrap();
        assert_eq!((r.method, r.path, r.status, r.bytes), ("POST", "/api/payments", 200, Some(512)));
        assert_eq!(r.latency_ms, Some(4800.0));
        assert_eq!(r.client, Some("203.0.113.9"));
        assert_eq!(r.agent, Some("curl/8.5.0"));
        let j = r#"{"ts":"2024-03-03T10:00:00Z","msg":"done","method":"GET","path":"/users/7","status":404,"duration":"12.5ms"}"#;
        let ev = parse(FormatId::Json, j);
        let r = request(&ev).unwrap();
        assert_eq!((r.status, r.latency_ms), (404, Some(12.5)));
        let l = "ts=2024-03-03T10:00:00Z level=info method=GET path=/x status=503 duration_ms=40";
        let ev = parse(FormatId::Logfmt, l);
        assert_eq!(request(&ev).unwrap().latency_ms, Some(40.0));
        let plain = parse(FormatId::Logfmt, "ts=2024-03-03T10:00:00Z level=info msg=hello status=ok");
        assert_eq!(request(&plain), None, "a status that is not an HTTP code is not a request");
    }

    /// Request paths of the access-log fixtures and loghub samples, and ugly ones.
    fn paths() -> Vec<String> {
        let mut v: Vec<String> = [
            "",
            "/",
            "//",
            "/-",
            "/-5",
            "/--5",
            "/0",
            "/00/x?y=1#z",
            "/a#b/1",
            "/é/12",
            "/x/123abc",
            "/x/-",
            "*",
            "/1/2/3/",
            "/users/123/orders/9",
            "-5",
            "12",
            "/a/12?",
            "/a/12#",
            "/a/1.5",
            "/a/+1",
            "/a/1-2",
            "/api/orders/633123",
            "/api/orders/9",
            "/r/3f1c9a52-7b4e-4d21-9c0a-5e8f2b6d7a10/status",
        ]
        .map(str::to_string)
        .to_vec();
        for text in crate::test_texts::fixture_and_loghub_texts(false) {
            for line in text.lines() {
                if let Some(p) = line.split('"').nth(1).and_then(|r| r.split(' ').nth(1)) {
                    v.push(p.to_string());
                }
            }
        }
        v.push(format!("/{}/1", "x".repeat(MAX_SHAPE_PATH)));
        v
    }

    #[test]
    fn a_path_and_its_shape_have_one_template() {
        let mut shape = Vec::new();
        let paths = paths();
        assert!(paths.len() > 100, "{} paths", paths.len());
        for p in &paths {
            path_shape("GET", p, &mut shape);
            let spelled = std::str::from_utf8(&shape[4 + 3..]).expect("text");
            assert_eq!(
                crate::analysis::endpoints::template_path(spelled),
                crate::analysis::endpoints::template_path(p),
                "{p}"
            );
        }
    }

    /// Slots found by shape are the templated ones, below and past the cap.
    #[test]
    fn remembered_slots_are_the_templated_ones() {
        let mut paths = paths();
        paths.extend((0..MAX_ENDPOINTS + 500).map(|i| format!("/r{i}x/item/{}", i * 7)));
        let mut h = Http::default();
        for (n, p) in paths.iter().chain(paths.iter().rev()).enumerate() {
            let m = ["GET", "POST", "G"][n % 3];
            let want = h.templated_slot(m, p);
            assert_eq!(h.request_slot(m, p), want, "{m} {p}");
        }
        assert_eq!(h.endpoint_count(), MAX_ENDPOINTS + 1, "the cap was reached");
        assert!(h.by_shape.len() > MAX_ENDPOINTS);
    }

    #[test]
    fn endpoints_group_by_template_and_merge() {
        let mk = |path: &'static str, status| Request {
            method: "GET",
            path,
            status,
            bytes: Some(10),
            latency_ms: Some(5.0),
            client: Some("1.2.3.4"),
            agent: None,
        };
        let mut a = Http::default();
        a.add(&mk("/users/1", 200), Some(0));
        a.add(&mk("/users/2", 500), Some(61_000_000_000));
        let mut b = Http::default();
        b.add(&mk("/users/3?x=1", 404), Some(62_000_000_000));
        a.merge(b);
        let e = a.endpoint("GET", "/users/{id}").expect("templated endpoint");
        assert_eq!((e.requests, e.classes[2], e.classes[4], e.classes[5], e.bytes), (3, 1, 1, 1, 30));
        assert_eq!(a.clients.get("1.2.3.4"), Some(3));
        assert_eq!(a.per_minute[&1], 2);
    }
}
