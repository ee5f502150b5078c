//! Apache/nginx access logs: common, combined, vhost-combined, and the
//! trailing extra fields people add to nginx's `log_format`.
//!
//! ```text
//! [vhost[:port]] client ident user [10/Oct/2000:13:55:36 -0700] "GET /p HTTP/1.0" status bytes
//!     ["referrer" "user agent"] [extras...]
//! ```
//!
//! Fields: `vhost` (when the line starts with one), `ip`, `ident` and `user`
//! (omitted when `-`), `method`, `path`, `protocol`, `status` (number),
//! `bytes` (number, omitted when `-`), `referrer` and `user_agent` (omitted
//! when `-`). Extras after the user agent are read by shape:
//!
//! * `key=value` / `key="value"`: a field under that key (numbers as
//!   `Num`, `-` values omitted). `req`, `rid`, `reqid` and `request_id`
//!   keys also give a `request_id` field when there is none yet.
//! * bare numbers: the first is `request_time`, the second `upstream_time`
//!   (nginx `$request_time $upstream_response_time`).
//! * a quoted string right after the user agent: `forwarded_for` (nginx
//!   `$http_x_forwarded_for`), omitted when `-`.
//! * a UUID (`8-4-4-4-12` hex) or 32-hex-digit token (nginx `$request_id`):
//!   `request_id`.
//! * anything else (but a bare `-`): an `extra` field.
//!
//! Level comes from the status: 5xx error, 4xx warn, anything else info.
//! The message is the request line (`GET /path HTTP/1.1`, escapes undone);
//! when the request is not `METHOD target [HTTP/x]` (TLS handshakes sent to
//! a plain-HTTP port, `-`, scanner garbage) the message is the remainder of
//! the line from the request's opening quote, so status and sizes stay
//! visible. `host` and `app` are not set (the vhost is a field).
//!
//! Detection strictness: three (or four, with a vhost) space-free tokens,
//! then a bracketed `dd/Mon/yyyy:HH:MM:SS zone` time, a terminated quoted
//! request and a three-digit status; anything else is `None`. The bracketed
//! time is structurally essential (a malformed one gives `None`), but a
//! well-formed time naming no real instant (`31/Feb/...`) gives `ts: None`.

use std::borrow::Cow;

use crate::event::{Event, Level, Timestamp, Value};
use crate::format::logfmt::{is_number, is_word_key, read_value, scan_quoted, token_end, RawValue};
use crate::format::time::{digits, fraction, hms, month_abbr, zone_suffix, Civil};
use crate::format::{FieldSink, FormatId, ParseCx};
use crate::output::json::{write_head, FieldWriter, Head};

/// A real-shaped example line (nginx combined plus request and upstream times).
pub const EXAMPLE: &str = "203.0.113.7 - - [03/Mar/2024:12:00:01 +0000] \"GET /api/orders?id=42 HTTP/1.1\" 200 512 \
     \"https://shop.example.com/cart\" \"Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0\" \
     0.041 0.039";

/// Parses one access-log line; `None` when the line is not one.
pub fn parse<'a>(line: &'a str, cx: &ParseCx) -> Option<Event<'a>> {
    let h = head(line)?;
    let b = line.as_bytes();
    let request = h.request(line);
    let parts = split_request(&request);
    let mut ev = Event::new(FormatId::Access, "");
    ev.ts = cx.resolve(&h.civil);
    ev.ts_text = &line[h.ts_start..h.ts_end];
    ev.level = Some(level_of_status(b[h.status_at]));
    ev.fields.reserve(14);
    push_fields(&mut ev, line, &h, &request, parts);
    ev.message = match parts {
        Some(_) => request,
        None => Cow::Borrowed(&line[h.req_open..]),
    };
    Some(ev)
}

/// Appends the `--json` line of an access-log record straight from the
/// line (no [`Event`] built): the bytes [`crate::output::json::write_event`]
/// writes for [`parse`]'s event with `source` and line number `line_no`.
/// False (with `out` as it was) when the line is not an access log line or
/// has too many fields: the caller renders it the general way.
pub fn write_json(line: &str, cx: &ParseCx, source: &str, line_no: u64, out: &mut Vec<u8>) -> bool {
    let Some(h) = head(line) else { return false };
    let start = out.len();
    let request = h.request(line);
    let parts = split_request(&request);
    let message = match parts {
        Some(_) => &*request,
        None => &line[h.req_open..],
    };
    let head = Head {
        ts: cx.resolve(&h.civil),
        source,
        line: line_no,
        format: FormatId::Access,
        level: Some(level_of_status(line.as_bytes()[h.status_at])),
        host: None,
        app: None,
        pid: None,
        message,
    };
    write_head(out, &head);
    let mut w = FieldWriter::new(out);
    push_fields(&mut w, line, &h, &request, parts);
    if w.finish(false, 1) {
        return true;
    }
    out.truncate(start);
    false
}

/// Hands every field of a line to `sink`, in [`parse`]'s order: the
/// identity (`vhost` to `user`), the request's parts, `status` and the
/// tail. `request` stays a `Cow` (clippy would have `&str`): whether it
/// borrows from the line decides whether the parts can.
#[inline]
#[allow(clippy::ptr_arg)]
fn push_fields<'a, S: FieldSink<'a>>(
    sink: &mut S,
    line: &'a str,
    h: &LineHead,
    request: &Cow<'a, str>,
    parts: Option<RequestParts>,
) {
    push_identity(sink, line, &h.lead);
    if let Some(p) = parts {
        sink.push_field("method", || Value::Str(sub(request, p.method)));
        sink.push_field("path", || Value::Str(sub(request, p.path)));
        if let Some(proto) = p.protocol {
            sink.push_field("protocol", || Value::Str(sub(request, proto)));
        }
    }
    let status = &line[h.status_at..h.status_at + 3];
    sink.push_field("status", || Value::Num(status));
    read_tail(sink, line, h.status_at + 3);
}

/// What [`parse`] would give as the timestamp: `None` when the line is not
/// an access log line, else the event's `ts`. Reads only what decides
/// whether the line is one (the same [`head`] as `parse`), not the fields:
/// `timeline` keys every record this way.
pub fn timestamp(line: &str, cx: &ParseCx) -> Option<Option<Timestamp>> {
    head(line).map(|h| cx.resolve(&h.civil))
}

/// What [`parse`] would give as the timestamp and level of a line, with
/// its fields from `status` on handed to `sink` (the fields before the
/// status, `vhost` to `protocol`, are left out: client and request line);
/// `None` when the line is not an access log line.
pub fn visit<'a, S: FieldSink<'a>>(
    line: &'a str,
    cx: &ParseCx,
    sink: &mut S,
) -> Option<(Option<Timestamp>, Level)> {
    let h = head(line)?;
    let status = &line[h.status_at..h.status_at + 3];
    sink.push_field("status", || Value::Num(status));
    read_tail(sink, line, h.status_at + 3);
    Some((cx.resolve(&h.civil), level_of_status(line.as_bytes()[h.status_at])))
}

/// The part of a line that decides whether it is an access log line:
/// everything up to the status code. Past it, [`parse`] always succeeds.
struct LineHead {
    lead: Lead,
    civil: Civil,
    ts_start: usize,
    ts_end: usize,
    req_open: usize,
    req_end: usize,
    req_escaped: bool,
    status_at: usize,
}

impl LineHead {
    /// The request line, escapes undone.
    fn request<'a>(&self, line: &'a str) -> Cow<'a, str> {
        RawValue { text: &line[self.req_open + 1..self.req_end], quoted: true, escaped: self.req_escaped }
            .unescaped()
    }
}

fn head(line: &str) -> Option<LineHead> {
    let b = line.as_bytes();
    let (lead, open_bracket) = leading_tokens(b)?;
    let (ts_start, ts_end) = (open_bracket + 1, time_end(b, open_bracket + 1)?);
    let civil = clf_time(&b[ts_start..ts_end])?;
    let req_open = skip_spaces(b, ts_end + 1);
    if req_open == ts_end + 1 || b.get(req_open) != Some(&b'"') {
        return None;
    }
    let (req_end, after_req, req_escaped) = scan_quoted(b, req_open + 1);
    if req_end == b.len() {
        return None;
    }
    let status_at = skip_spaces(b, after_req);
    status_code(b, status_at)?;
    Some(LineHead { lead, civil, ts_start, ts_end, req_open, req_end, req_escaped, status_at })
}

/// Byte ranges of the space-free tokens before the time: 3 (client, ident,
/// user) or 4 (vhost first).
struct Lead {
    tokens: [(usize, usize); 4],
    count: usize,
}

/// Reads the tokens before the `[` that opens the time; returns them and
/// the index of that `[`. `None` unless there are 3 or 4 tokens and the
/// client (and vhost) are shaped like addresses or host names.
fn leading_tokens(b: &[u8]) -> Option<(Lead, usize)> {
    let mut lead = Lead { tokens: [(0, 0); 4], count: 0 };
    let mut i = 0;
    loop {
        i = skip_spaces(b, i);
        match b.get(i)? {
            b'[' => break,
            b'"' => return None,
            _ if lead.count == 4 => return None,
            _ => {}
        }
        let end = token_end(b, i);
        lead.tokens[lead.count] = (i, end);
        lead.count += 1;
        i = end;
    }
    if lead.count < 3 {
        return None;
    }
    let addresses = lead.count - 2; // vhost and client, or client alone
    if !lead.tokens[..addresses].iter().all(|&(s, e)| is_address(&b[s..e])) {
        return None;
    }
    Some((lead, i))
}

/// Whether a token can be a client or vhost: IPv4, IPv6 (with `%zone`),
/// or a host name, optionally with `:port`. It starts with a letter, digit
/// or `:` (`::1`), so `-` is not an address.
fn is_address(t: &[u8]) -> bool {
    t.first().is_some_and(|c| c.is_ascii_alphanumeric() || *c == b':')
        && t.iter().all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b':' | b'-' | b'_' | b'%'))
}

/// Pushes `vhost`, `ip`, `ident`, `user` (the last two unless `-`).
fn push_identity<'a, S: FieldSink<'a>>(sink: &mut S, line: &'a str, lead: &Lead) {
    let tok = |k: usize| &line[lead.tokens[k].0..lead.tokens[k].1];
    let first_client = lead.count - 3;
    if first_client == 1 {
        sink.push_field("vhost", || Value::Str(Cow::Borrowed(tok(0))));
    }
    sink.push_field("ip", || Value::Str(Cow::Borrowed(tok(first_client))));
    for (key, k) in [("ident", first_client + 1), ("user", first_client + 2)] {
        if tok(k) != "-" {
            sink.push_field(key, || Value::Str(Cow::Borrowed(tok(k))));
        }
    }
}

/// Index of the `]` closing the time that starts at `start`.
fn time_end(b: &[u8], start: usize) -> Option<usize> {
    let window = &b[start..b.len().min(start + 40)];
    memchr::memchr(b']', window).map(|off| start + off)
}

/// Parses `10/Oct/2000:13:55:36 -0700` (fraction and zone optional), which
/// must fill `t` exactly.
fn clf_time(t: &[u8]) -> Option<Civil> {
    if t.len() < 20 || t[2] != b'/' || t[6] != b'/' || t[11] != b':' {
        return None;
    }
    let day = digits(t, 2)?;
    let month = month_abbr(&t[3..6])?;
    let year = digits(&t[7..], 4)? as i64;
    let (hour, minute, second) = hms(&t[12..])?;
    let (nanos, frac_digits, used) = fraction(&t[20..]);
    let mut i = 20 + used;
    let mut offset = None;
    if t.get(i) == Some(&b' ') {
        let (o, n) = zone_suffix(&t[i + 1..])?;
        offset = Some(o);
        i += 1 + n;
    }
    if i != t.len() {
        return None;
    }
    Some(Civil { year, month, day, hour, minute, second, nanos, frac_digits, offset })
}

/// Whether a three-digit status is at `i`, followed by a space or the end.
fn status_code(b: &[u8], i: usize) -> Option<()> {
    let code = b.get(i..i + 3)?;
    let ends = matches!(b.get(i + 3), None | Some(b' ') | Some(b'\t'));
    (code.iter().all(u8::is_ascii_digit) && ends).then_some(())
}

/// 5xx is an error, 4xx a warning, anything else information.
fn level_of_status(first_digit: u8) -> Level {
    match first_digit {
        b'5'..=b'9' => Level::Error,
        b'4' => Level::Warn,
        _ => Level::Info,
    }
}

/// Byte ranges of a request line's parts.
#[derive(Debug, Clone, Copy, PartialEq)]
struct RequestParts {
    method: (usize, usize),
    path: (usize, usize),
    protocol: Option<(usize, usize)>,
}

/// Splits `METHOD target [HTTP/x.y]`; `None` when the request is not shaped
/// so (the method must be upper-case letters, `-` or `_`).
fn split_request(req: &str) -> Option<RequestParts> {
    let b = req.as_bytes();
    let method_end = memchr::memchr(b' ', b)?;
    let method = &b[..method_end];
    if method.is_empty()
        || method.len() > 24
        || !method[0].is_ascii_uppercase()
        || !method.iter().all(|&c| c.is_ascii_uppercase() || c == b'-' || c == b'_')
    {
        return None;
    }
    let path_start = skip_spaces(b, method_end);
    let mut path_end = b.len();
    while path_end > path_start && b[path_end - 1] == b' ' {
        path_end -= 1;
    }
    if path_start >= path_end {
        return None;
    }
    let mut protocol = None;
    if let Some(sp) = memchr::memrchr(b' ', &b[path_start..path_end]) {
        let proto_start = path_start + sp + 1;
        if !b[proto_start..path_end].starts_with(b"HTTP/") {
            return None; // spaces inside the target without a protocol: garbage
        }
        protocol = Some((proto_start, path_end));
        path_end = path_start + sp;
        while path_end > path_start && b[path_end - 1] == b' ' {
            path_end -= 1;
        }
        if path_start >= path_end {
            return None;
        }
    }
    Some(RequestParts { method: (0, method_end), path: (path_start, path_end), protocol })
}

/// A part of a possibly-owned string, borrowing when the whole does.
fn sub<'a>(whole: &Cow<'a, str>, (s, e): (usize, usize)) -> Cow<'a, str> {
    match whole {
        Cow::Borrowed(w) => Cow::Borrowed(&w[s..e]),
        Cow::Owned(w) => Cow::Owned(w[s..e].to_owned()),
    }
}

/// Reads bytes, referrer, user agent and the extras after the status.
fn read_tail<'a, S: FieldSink<'a>>(ev: &mut S, line: &'a str, mut i: usize) {
    let b = line.as_bytes();
    i = skip_spaces(b, i);
    let bytes_end = token_end(b, i);
    let bytes = &line[i..bytes_end];
    if bytes == "-" {
        i = bytes_end;
    } else if !bytes.is_empty() && bytes.bytes().all(|c| c.is_ascii_digit()) {
        ev.push_field("bytes", || Value::Num(bytes));
        i = bytes_end;
    }
    let mut tail = Tail::default();
    loop {
        i = skip_spaces(b, i);
        if i >= b.len() {
            break;
        }
        if b[i] == b'"' {
            let (end, next, escaped) = scan_quoted(b, i + 1);
            tail.quoted(ev, RawValue { text: &line[i + 1..end], quoted: true, escaped });
            i = next;
            continue;
        }
        let end = token_end(b, i);
        if let Some(eq) = memchr::memchr(b'=', &b[i..end]) {
            if is_word_key(&b[i..i + eq]) {
                let (raw, next) = read_value(line, i + eq + 1);
                tail.key_value(ev, &line[i..i + eq], raw);
                i = next;
                continue;
            }
        }
        tail.bare(ev, &line[i..end]);
        i = end;
    }
    if let Some(id) = tail.request_id_alias.take() {
        if !ev.has_request_id() {
            ev.push_field("request_id", || id);
        }
    }
}

/// What has been seen so far among the fields after the status.
#[derive(Default)]
struct Tail<'a> {
    /// Quoted strings read (referrer, user agent, forwarded-for, extras).
    quoted_count: u32,
    /// Bare numbers read (request time, upstream time, extras).
    number_count: u32,
    /// The value of a `req=`-style key, to become `request_id`.
    request_id_alias: Option<Value<'a>>,
}

impl<'a> Tail<'a> {
    fn quoted<S: FieldSink<'a>>(&mut self, ev: &mut S, raw: RawValue<'a>) {
        let key = match self.quoted_count {
            0 => "referrer",
            1 => "user_agent",
            2 => "forwarded_for",
            _ => "extra",
        };
        self.quoted_count += 1;
        if raw.text != "-" {
            ev.push_field(key, || Value::Str(raw.unescaped()));
        }
    }

    fn key_value<S: FieldSink<'a>>(&mut self, ev: &mut S, key: &'a str, raw: RawValue<'a>) {
        if raw.text == "-" {
            return;
        }
        let value =
            move || if is_number(raw.text) { Value::Num(raw.text) } else { Value::Str(raw.unescaped()) };
        if self.request_id_alias.is_none() && is_request_id_alias(key) {
            let v = value();
            self.request_id_alias = Some(v.clone());
            ev.push_field(key, || v);
            return;
        }
        ev.push_field(key, value);
    }

    fn bare<S: FieldSink<'a>>(&mut self, ev: &mut S, token: &'a str) {
        if token == "-" {
            return;
        }
        if is_number(token) {
            let key = match self.number_count {
                0 => "request_time",
                1 => "upstream_time",
                _ => "extra",
            };
            self.number_count += 1;
            ev.push_field(key, || Value::Num(token));
            return;
        }
        let key = if is_request_id_shaped(token) && !ev.has_request_id() { "request_id" } else { "extra" };
        ev.push_field(key, || Value::Str(Cow::Borrowed(token)));
    }
}

/// Keys that name a request id under another spelling.
fn is_request_id_alias(key: &str) -> bool {
    ["req", "rid", "reqid", "request_id"].iter().any(|k| key.eq_ignore_ascii_case(k))
}

/// A UUID (`8-4-4-4-12` hex digits) or nginx's 32-hex-digit `$request_id`.
fn is_request_id_shaped(t: &str) -> bool {
    let b = t.as_bytes();
    match b.len() {
        32 => b.iter().all(u8::is_ascii_hexdigit),
        36 => b.iter().enumerate().all(|(k, c)| {
            if matches!(k, 8 | 13 | 18 | 23) {
                *c == b'-'
            } else {
                c.is_ascii_hexdigit()
            }
        }),
        _ => false,
    }
}

#[inline]
fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::time::{YearRef, Zone};

    fn cx() -> ParseCx {
        ParseCx::new(Zone::Utc, YearRef::forced(2024))
    }

    fn text(ev: &Event, key: &str) -> Option<String> {
        ev.field(key).map(|v| v.as_text().into_owned())
    }

    fn ts(ev: &Event) -> Option<String> {
        ev.ts.map(|t| t.to_rfc3339())
    }

    /// (line, ts, level, message, [(field, text)], [absent fields])
    type Case = (
        &'static str,
        Option<&'static str>,
        Level,
        &'static str,
        &'static [(&'static str, &'static str)],
        &'static [&'static str],
    );

    #[test]
    fn real_shaped_lines() {
        let cases: &[Case] = &[
            (
                r#"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326"#,
                Some("2000-10-10T20:55:36Z"),
                Level::Info,
                "GET /apache_pb.gif HTTP/1.0",
                &[
                    ("ip", "127.0.0.1"),
                    ("user", "frank"),
                    ("method", "GET"),
                    ("path", "/apache_pb.gif"),
                    ("protocol", "HTTP/1.0"),
                    ("status", "200"),
                    ("bytes", "2326"),
                ],
                &["ident", "referrer", "user_agent", "request_time"],
            ),
            (
                r#"203.0.113.7 - - [03/Mar/2024:12:00:01 +0000] "POST /api/login HTTP/1.1" 401 38 "https://shop.example.com/login" "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36""#,
                Some("2024-03-03T12:00:01Z"),
                Level::Warn,
                "POST /api/login HTTP/1.1",
                &[
                    ("status", "401"),
                    ("bytes", "38"),
                    ("referrer", "https://shop.example.com/login"),
                    ("user_agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"),
                ],
                &["ident", "user"],
            ),
            (
                r#"10.0.0.12 - - [03/Mar/2024:12:00:02 +0000] "GET /health HTTP/1.1" 200 2 "-" "curl/8.0" 0.123 req=8f14e45f-ceea-467f-a0e6-1c3b2f1e9d2a"#,
                Some("2024-03-03T12:00:02Z"),
                Level::Info,
                "GET /health HTTP/1.1",
                &[
                    ("user_agent", "curl/8.0"),
                    ("request_time", "0.123"),
                    ("req", "8f14e45f-ceea-467f-a0e6-1c3b2f1e9d2a"),
                    ("request_id", "8f14e45f-ceea-467f-a0e6-1c3b2f1e9d2a"),
                ],
                &["referrer", "upstream_time"],
            ),
            (
                r#"10.0.0.12 - - [03/Mar/2024:12:00:03 +0100] "GET /api/orders HTTP/2.0" 502 157 "-" "UA" rt=0.123 uct="0.001" uht="0.010" urt="0.120" request_id=abc"#,
                Some("2024-03-03T11:00:03Z"),
                Level::Error,
                "GET /api/orders HTTP/2.0",
                &[
                    ("rt", "0.123"),
                    ("uct", "0.001"),
                    ("uht", "0.010"),
                    ("urt", "0.120"),
                    ("request_id", "abc"),
                    ("user_agent", "UA"),
                ],
                &["request_time"],
            ),
            (
                r#"192.168.1.20 - - [03/Mar/2024:12:00:04 +0000] "GET / HTTP/1.1" 304 0 "-" "Mozilla/5.0" "-" 0.005 0.004"#,
                Some("2024-03-03T12:00:04Z"),
                Level::Info,
                "GET / HTTP/1.1",
                &[("bytes", "0"), ("request_time", "0.005"), ("upstream_time", "0.004")],
                &["forwarded_for", "referrer", "extra"],
            ),
            (
                r#"192.168.1.20 - - [03/Mar/2024:12:00:04 +0000] "GET / HTTP/1.1" 200 612 "-" "Mozilla/5.0" "198.51.100.4, 10.0.0.1" 0.005 - 3b1f0c9e8d7a6b5c4d3e2f1a0b9c8d7e"#,
                Some("2024-03-03T12:00:04Z"),
                Level::Info,
                "GET / HTTP/1.1",
                &[
                    ("forwarded_for", "198.51.100.4, 10.0.0.1"),
                    ("request_time", "0.005"),
                    ("request_id", "3b1f0c9e8d7a6b5c4d3e2f1a0b9c8d7e"),
                ],
                &["upstream_time", "extra"],
            ),
            (
                r#"www.example.com:443 1.2.3.4 - - [03/Mar/2024:12:00:05 +0000] "GET /index.html HTTP/1.1" 200 5120 "-" "Wget/1.21""#,
                Some("2024-03-03T12:00:05Z"),
                Level::Info,
                "GET /index.html HTTP/1.1",
                &[("vhost", "www.example.com:443"), ("ip", "1.2.3.4"), ("user_agent", "Wget/1.21")],
                &["user"],
            ),
            (
                r#"2001:db8::1 - - [03/Mar/2024:12:00:06 +0000] "HEAD /robots.txt HTTP/1.1" 404 - "-" "-""#,
                Some("2024-03-03T12:00:06Z"),
                Level::Warn,
                "HEAD /robots.txt HTTP/1.1",
                &[("ip", "2001:db8::1"), ("method", "HEAD"), ("status", "404")],
                &["bytes", "referrer", "user_agent"],
            ),
            (
                r#"fe80::1%eth0 - - [03/Mar/2024:12:00:07 +0000] "GET /q?s=\"x\" HTTP/1.1" 200 10 "-" "Bot \"quoted\" 1.0""#,
                Some("2024-03-03T12:00:07Z"),
                Level::Info,
                r#"GET /q?s="x" HTTP/1.1"#,
                &[("path", r#"/q?s="x""#), ("user_agent", r#"Bot "quoted" 1.0"#)],
                &[],
            ),
            (
                r#"198.51.100.23 - - [03/Mar/2024:12:00:08 +0000] "\x16\x03\x01\x00\xf1\x01\x00\x00\xed\x03\x03" 400 157 "-" "-""#,
                Some("2024-03-03T12:00:08Z"),
                Level::Warn,
                r#""\x16\x03\x01\x00\xf1\x01\x00\x00\xed\x03\x03" 400 157 "-" "-""#,
                &[("status", "400"), ("bytes", "157")],
                &["method", "path", "protocol"],
            ),
            (
                r#"198.51.100.23 - - [03/Mar/2024:12:00:09 +0000] "-" 400 0 "-" "-""#,
                Some("2024-03-03T12:00:09Z"),
                Level::Warn,
                r#""-" 400 0 "-" "-""#,
                &[("status", "400")],
                &["method"],
            ),
            (
                // HTTP/0.9 style request without protocol; nginx 499; tab before extras
                r#"10.1.1.1 - - [29/Feb/2024:23:59:59 -0000] "GET /old" 499 0 "-" "nc"	0.000"#,
                Some("2024-02-29T23:59:59Z"),
                Level::Warn,
                "GET /old",
                &[("path", "/old"), ("request_time", "0.000")],
                &["protocol"],
            ),
            (
                // WebDAV method, odd spacing, millisecond time
                r#"10.1.1.2  -  bob  [03/Mar/2024:12:00:10.250 +0000]  "PROPFIND /dav/ HTTP/1.1"  207  1024"#,
                Some("2024-03-03T12:00:10.250Z"),
                Level::Info,
                "PROPFIND /dav/ HTTP/1.1",
                &[("method", "PROPFIND"), ("user", "bob"), ("status", "207")],
                &[],
            ),
            (
                // impossible date: parsed, but no ts; truncated after the status
                r#"10.1.1.3 - - [31/Feb/2024:12:00:00 +0000] "GET /x HTTP/1.1" 500"#,
                None,
                Level::Error,
                "GET /x HTTP/1.1",
                &[("status", "500")],
                &["bytes"],
            ),
            (
                // non-ASCII in the path and UA; unknown extras
                r#"10.1.1.4 - - [03/Mar/2024:12:00:11 +0000] "GET /café/ü HTTP/1.1" 200 1 "-" "Agent/ñ" TLSv1.3 "extra quoted" upstream=10.0.0.9:8080"#,
                Some("2024-03-03T12:00:11Z"),
                Level::Info,
                "GET /café/ü HTTP/1.1",
                &[
                    ("path", "/café/ü"),
                    ("user_agent", "Agent/ñ"),
                    ("extra", "TLSv1.3"),
                    ("forwarded_for", "extra quoted"),
                    ("upstream", "10.0.0.9:8080"),
                ],
                &[],
            ),
        ];
        for (line, want_ts, level, msg, fields, absent) in cases {
            let ev = parse(line, &cx()).unwrap_or_else(|| panic!("not parsed: {line}"));
            assert_eq!(ts(&ev).as_deref(), *want_ts, "{line}");
            assert_eq!(ev.level, Some(*level), "{line}");
            assert_eq!(ev.message, *msg, "{line}");
            assert_eq!(ev.host, None);
            assert_eq!(ev.app, None);
            for (k, v) in *fields {
                assert_eq!(text(&ev, k).as_deref(), Some(*v), "{line}: field {k}");
            }
            for k in *absent {
                assert!(ev.field(k).is_none(), "{line}: unexpected field {k}");
            }
        }
    }

    #[test]
    fn field_types_and_borrowing() {
        let ev = parse(EXAMPLE, &cx()).unwrap();
        assert_eq!(ev.ts_text, "03/Mar/2024:12:00:01 +0000");
        assert_eq!(ev.field("status"), Some(&Value::Num("200")));
        assert_eq!(ev.field("bytes"), Some(&Value::Num("512")));
        assert_eq!(ev.field("request_time"), Some(&Value::Num("0.041")));
        assert_eq!(ev.field("upstream_time"), Some(&Value::Num("0.039")));
        assert!(matches!(ev.message, Cow::Borrowed(_)));
        assert!(matches!(ev.field("path"), Some(Value::Str(Cow::Borrowed("/api/orders?id=42")))));
        let keys: Vec<&str> = ev.fields.iter().map(|(k, _)| k.as_ref()).collect();
        assert_eq!(
            keys,
            [
                "ip",
                "method",
                "path",
                "protocol",
                "status",
                "bytes",
                "referrer",
                "user_agent",
                "request_time",
                "upstream_time"
            ]
        );
    }

    #[test]
    fn very_long_url() {
        let path = format!("/search?q={}", "a".repeat(20_000));
        let line =
            format!(r#"10.0.0.1 - - [03/Mar/2024:12:00:01 +0000] "GET {path} HTTP/1.1" 414 0 "-" "x""#);
        let ev = parse(&line, &cx()).unwrap();
        assert_eq!(text(&ev, "path").as_deref(), Some(path.as_str()));
        assert_eq!(ev.level, Some(Level::Warn));
    }

    #[test]
    fn rejects_other_formats() {
        for line in [
            "Mar  3 12:00:01 web1 sshd[812]: Accepted publickey for root from 10.0.0.1 port 22",
            "<34>1 2024-03-03T12:00:01Z host app 1 - - msg",
            r#"{"time":"03/Mar/2024:12:00:01 +0000","remote_addr":"1.2.3.4","request":"GET / HTTP/1.1","status":200}"#,
            "2024-03-03T12:00:01.123Z INFO [gateway] request_id=abc method=GET path=/api/orders status=200",
            "2024-03-03 12:00:01,123 ERROR [main] org.example.Foo: message",
            "[Sun Mar 03 12:00:01.123456 2024] [core:error] [pid 1234] [client 1.2.3.4:5678] AH00037: x",
            "level=info msg=\"GET / HTTP/1.1\" status=200",
            // user name with a space: five tokens before the time
            r#"10.0.0.1 - john smith [03/Mar/2024:12:00:01 +0000] "GET / HTTP/1.1" 200 1"#,
            // malformed time, missing status, unterminated request
            r#"10.0.0.1 - - [03/March/2024:12:00:01 +0000] "GET / HTTP/1.1" 200 1"#,
            r#"10.0.0.1 - - [03/Mar/2024:12:00:01 +0000] "GET / HTTP/1.1" OK 1"#,
            r#"10.0.0.1 - - [03/Mar/2024:12:00:01 +0000] "GET / HTTP/1.1"#,
            r#"10.0.0.1 - - [03/Mar/2024:12:00:01 +0000]"#,
            "",
        ] {
            assert!(parse(line, &cx()).is_none(), "accepted: {line}");
        }
    }

    #[test]
    fn never_panics_on_ugly_input() {
        for line in [
            "a b c [",
            "a b c [03/Mar/2024:12:00:01 +0000]",
            r#"a b c [03/Mar/2024:12:00:01 +0000] ""#,
            r#"a b c [03/Mar/2024:12:00:01 +0000] "\"#,
            r#"a b c [03/Mar/2024:12:00:01 +0000] "é" 2"#,
            r#"a b c [03/Mar/2024:12:00:01 +0000] "é" 200 é=1 "é"#,
            r#"a b c [03/Mar/2024:12:00:01 +0000] "GET / HTTP/1.1" 200 1 "-" "-" k="\"#,
        ] {
            let _ = parse(line, &cx());
        }
    }

    #[test]
    fn rejects_every_loghub_line() {
        let root = std::path::Path::new("/work/shared/corpus/loghub");
        let Ok(dirs) = std::fs::read_dir(root) else { return };
        for dir in dirs.flatten() {
            let system = dir.file_name().to_string_lossy().into_owned();
            let Ok(data) = std::fs::read(dir.path().join(format!("{system}_2k.log"))) else { continue };
            let data = String::from_utf8_lossy(&data);
            let taken = data.lines().filter(|l| parse(l.trim_end_matches('\r'), &cx()).is_some()).count();
            assert_eq!(taken, 0, "{system}: {taken} lines taken");
        }
    }

    /// Ugly real-shaped lines: escapes in the request and the values,
    /// repeated and aliased request ids, extras of every shape, control
    /// bytes, non-ASCII text, vhosts, odd requests.
    const UGLY: &[&str] = &[
        EXAMPLE,
        r#"45.208.186.87 - - [02/Mar/2024:00:00:06 +0000] "GET /products/3666 HTTP/1.1" 200 29555 "-" "Mozilla/5.0 (Windows NT 10.0; Win64; x64)" 0.025 req=8fc5935a-7a6b-42ae-8aa4-2aa91975aaeb"#,
        r#"www.example.com:443 10.0.0.1 ident bob [10/Oct/2000:13:55:36.123 -0700] "GET /a\"b\x41 HTTP/1.0" 503 - "ref\"q" "ua\\x" "1.2.3.4, 5.6.7.8" 0.1 0.2 0.3 rid=abc req=def request_id=ghi 0123456789abcdef0123456789abcdef e4e5f6a7-1111-2222-3333-444455556666 junk -"#,
        r#"::1 - - [01/Jan/2024:00:00:00 +0000] "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" 400 157 "-" "-""#,
        r#"1.2.3.4 - - [01/Jan/2024:00:00:00 +0000] "-" 408 0 "-" "-""#,
        "1.2.3.4 - - [01/Jan/2024:00:00:00 +0000] \"GET /caf\u{e9} \u{1b}[2J HTTP/1.1\" 200 12 \"-\" \"\u{7f}\u{202e}\"",
        "1.2.3.4 - - [01/Jan/2024:00:00:00 +0000] \"GET /tab\there HTTP/1.1\" 200 12 k=\"v\\\"w\" n=1e400 m=-0 z=012 extra extra extra=1 extra",
        r#"1.2.3.4 - - [31/Feb/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 1"#,
        r#"1.2.3.4 - - [01/Jan/2024:00:00:00 +0530] "GET  /spaced  path  HTTP/2.0  " 302 12 "a" "b" "c" "d" "e""#,
        r#"1.2.3.4 - - [01/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 1 REQ=x Rid=y 12 13 14"#,
    ];

    #[test]
    fn the_direct_json_line_is_the_general_one() {
        let (taken, given) = crate::test_texts::check_direct_json(UGLY, &cx(), parse, write_json);
        assert!(taken > 1000 && given > taken, "{taken} of {given}");
    }

    #[test]
    fn many_fields_are_declined_and_duplicates_get_suffixes() {
        let many: String = (0..40).map(|i| format!(" k{}=v", i % 3)).collect();
        let line = format!(r#"1.2.3.4 - - [01/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 1{many}"#);
        let mut out = Vec::new();
        assert!(!write_json(&line, &cx(), "s", 1, &mut out));
        assert!(out.is_empty());
        let line = r#"1.2.3.4 - - [01/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 1 x y z"#;
        assert!(crate::test_texts::direct_json_equals_general(line, &cx(), parse, write_json));
        write_json(line, &cx(), "s", 1, &mut out);
        assert!(String::from_utf8(out).unwrap().contains(r#""extra":"x","extra#2":"y","extra#3":"z""#));
    }
}
