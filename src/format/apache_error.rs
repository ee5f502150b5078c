//! Web server error logs: Apache httpd 2.2 and 2.4 `error_log`, and nginx's
//! `error.log` (one format id, because both answer "what went wrong on the
//! web server" and users point logsift at `/var/log/{httpd,apache2,nginx}`).
//!
//! ```text
//! [Sun Dec 04 04:47:44 2005] [error] [client 1.2.3.4] File does not exist: /x
//! [Wed Oct 11 14:32:52.123456 2000] [core:error] [pid 35708:tid 4328636416] [client 72.15.99.187:50000] AH00126: File does not exist: /x
//! 2024/03/03 12:00:01 [error] 1234#5678: *99 open() "/x" failed (2: No such file or directory), client: 1.2.3.4, server: example.com, request: "GET /x HTTP/1.1", host: "example.com"
//! ```
//!
//! What comes out:
//! - Apache: the 2.4 module (`core` of `[core:error]`) is the app (2.2 has
//!   none); `[pid N:tid M]` gives pid and field `tid`; `[client ip:port]`
//!   gives fields `client_ip`, `client_port`; an APR/OS error prefix
//!   (`(13)Permission denied: `) gives field `os_error`; an `AH01234: ` code
//!   gives field `code`; a trailing `, referer: URL` gives field `referrer`.
//!   These parts are taken out of the message, which is what remains, so the
//!   same problem from different clients has the same message. `traceN`
//!   levels are `trace`.
//! - nginx: `[level]`, pid and field `tid` from `pid#tid:`, field `conn` from
//!   `*N`, and the trailing `, client: ..., server: ..., request: "..."`
//!   context as fields named by their keys (quotes removed), except `host`,
//!   which becomes `http_host` so it does not read as the event's host.
//!   The context is taken out of the message only when all of it parses.
//!   nginx writes no program name: app is `None`.
//! - Timestamps carry no zone: `--tz` applies (`cx.resolve`). The timestamp
//!   shape and a known level are required (that is what tells these lines
//!   from others); out-of-range values give `ts: None`.

use std::borrow::Cow;

use memchr::memmem;

use crate::event::{Event, Level, Value};
use crate::format::time::{digits, fraction, hms, month_abbr, Civil};
use crate::format::{FormatId, ParseCx};

/// A real-shaped example line (Apache 2.4).
pub const EXAMPLE: &str = "[Sun Mar 03 12:00:01.123456 2024] [core:error] [pid 35708:tid 140245] \
    [client 203.0.113.5:50412] AH00126: File does not exist: /var/www/html/favicon.ico";

/// Parses one line; `None` when it is neither an Apache nor an nginx error
/// log line.
pub fn parse<'a>(line: &'a str, cx: &ParseCx) -> Option<Event<'a>> {
    match line.as_bytes().first()? {
        b'[' => parse_apache(line, cx),
        b'0'..=b'9' => parse_nginx(line, cx),
        _ => None,
    }
}

/// Fields pushed by this module, all borrowed.
fn push<'a>(ev: &mut Event<'a>, key: &'static str, value: Value<'a>) {
    ev.fields.push((Cow::Borrowed(key), value));
}

fn text(s: &str) -> Value<'_> {
    Value::Str(Cow::Borrowed(s))
}

/// A level word as Apache and nginx write it (`trace1`..`trace8` included).
fn level_word(word: &str) -> Option<Level> {
    let b = word.as_bytes();
    if b.len() == 6 && b[..5].eq_ignore_ascii_case(b"trace") && b[5].is_ascii_digit() {
        return Some(Level::Trace);
    }
    Level::parse(word).filter(|_| word.len() >= 3)
}

// ---------------------------------------------------------------- Apache

fn parse_apache<'a>(line: &'a str, cx: &ParseCx) -> Option<Event<'a>> {
    let b = line.as_bytes();
    let (civil, stamp_end) = apache_stamp(b)?;
    // `[stamp] [level] `
    let level_open = stamp_end + 2;
    if b.get(stamp_end) != Some(&b']')
        || b.get(stamp_end + 1) != Some(&b' ')
        || b.get(level_open) != Some(&b'[')
    {
        return None;
    }
    let level_close = level_open + 1 + memchr::memchr(b']', &b[level_open + 1..])?;
    let level_text = &line[level_open + 1..level_close];
    let (module, level_name) = match level_text.rfind(':') {
        Some(c) => (Some(&level_text[..c]), &level_text[c + 1..]),
        None => (None, level_text),
    };
    let level = level_word(level_name)?;

    let mut ev = Event::new(FormatId::ApacheError, "");
    ev.ts = cx.resolve(&civil);
    ev.ts_text = &line[1..stamp_end];
    ev.level = Some(level);
    ev.app = module.filter(|m| !m.is_empty()).map(Cow::Borrowed);
    let rest = after_space(line, level_close + 1);
    let message = apache_prefixes(rest, module.is_some(), &mut ev);
    ev.message = Cow::Borrowed(split_referer(message, &mut ev));
    Some(ev)
}

/// `[Www Mmm dd hh:mm:ss[.frac] yyyy` from the start of the line; returns
/// the civil time and the index of the closing `]`.
fn apache_stamp(b: &[u8]) -> Option<(Civil, usize)> {
    if b.len() < 26 || !b[1..4].iter().all(u8::is_ascii_alphabetic) || b[4] != b' ' || b[8] != b' ' {
        return None;
    }
    let month = month_abbr(&b[5..8])?;
    let day = if b[9] == b' ' { digits(&b[10..], 1)? } else { digits(&b[9..], 2)? };
    if b[11] != b' ' {
        return None;
    }
    let (hour, minute, second) = hms(&b[12..])?;
    let (nanos, frac_digits, used) = fraction(&b[20..]);
    let y = 20 + used;
    if b.get(y) != Some(&b' ') {
        return None;
    }
    let year = digits(b.get(y + 1..)?, 4)? as i64;
    let civil = Civil { year, month, day, hour, minute, second, nanos, frac_digits, offset: None };
    Some((civil, y + 5))
}

/// The text after index `i`, skipping one space there.
fn after_space(line: &str, i: usize) -> &str {
    let rest = line.get(i..).unwrap_or("");
    rest.strip_prefix(' ').unwrap_or(rest)
}

/// Takes the optional `[pid ..]`, `[client ..]`, `(errno)text: ` and
/// `AHnnnnn: ` parts off the front of `rest` (in any order, each once) into
/// `ev`, and returns the message that follows them.
fn apache_prefixes<'a>(mut rest: &'a str, v24: bool, ev: &mut Event<'a>) -> &'a str {
    let (mut pid, mut client, mut os_error, mut code) = (false, false, false, false);
    loop {
        let next = if !pid && rest.starts_with("[pid ") {
            pid = true;
            bracket_body(rest, 5).map(|(body, next)| {
                pid_tid(body, ev);
                next
            })
        } else if !client && rest.starts_with("[client ") {
            client = true;
            bracket_body(rest, 8).map(|(body, next)| {
                client_addr(body, v24, ev);
                next
            })
        } else if !os_error && rest.starts_with('(') {
            os_error = true;
            os_error_prefix(rest).map(|(err, next)| {
                push(ev, "os_error", text(err));
                next
            })
        } else if !code && rest.starts_with("AH") {
            code = true;
            ah_code(rest).map(|(c, next)| {
                push(ev, "code", text(c));
                next
            })
        } else {
            None
        };
        match next {
            Some(next) => rest = after_space(rest, next),
            None => return rest,
        }
    }
}

/// The text of `[name body]` after the `name ` prefix (`skip` bytes), and
/// the index after the `]`.
fn bracket_body(rest: &str, skip: usize) -> Option<(&str, usize)> {
    let close = skip + memchr::memchr(b']', rest.as_bytes().get(skip..)?)?;
    Some((&rest[skip..close], close + 1))
}

/// `35708` or `35708:tid 4328636416` -> pid and field `tid`.
fn pid_tid<'a>(body: &'a str, ev: &mut Event<'a>) {
    let (pid, tid) = match body.split_once(':') {
        Some((p, t)) => (p, t.strip_prefix("tid ")),
        None => (body, None),
    };
    ev.pid = crate::format::syslog3164::parse_pid(pid);
    if let Some(t) = tid.filter(|t| is_number(t)) {
        push(ev, "tid", Value::Num(t));
    }
}

/// `1.2.3.4`, `1.2.3.4:50000`, `::1` (2.2) or `2001:db8::1:50000` (2.4
/// always writes a port) -> fields `client_ip` and `client_port`.
fn client_addr<'a>(body: &'a str, v24: bool, ev: &mut Event<'a>) {
    let split = match body.rfind(':') {
        Some(c) if (v24 || body.contains('.')) && is_number(&body[c + 1..]) => Some(c),
        _ => None,
    };
    match split {
        Some(c) => {
            push(ev, "client_ip", text(&body[..c]));
            push(ev, "client_port", Value::Num(&body[c + 1..]));
        }
        None => push(ev, "client_ip", text(body)),
    }
}

/// `(13)Permission denied: ` -> (`(13)Permission denied`, index after `: `).
fn os_error_prefix(rest: &str) -> Option<(&str, usize)> {
    let b = rest.as_bytes();
    let close = memchr::memchr(b')', b)?;
    if !is_number(&rest[1..close]) {
        return None;
    }
    let colon = close + memmem::find(&b[close..], b": ")?;
    Some((&rest[..colon], colon + 1))
}

/// `AH00126: ` -> (`AH00126`, index after the colon).
fn ah_code(rest: &str) -> Option<(&str, usize)> {
    let b = rest.as_bytes();
    (b.len() >= 8 && digits(&b[2..], 5).is_some() && b[7] == b':').then(|| (&rest[..7], 8))
}

/// Splits a trailing `, referer: URL` off the message into field `referrer`.
fn split_referer<'a>(message: &'a str, ev: &mut Event<'a>) -> &'a str {
    const MARK: &str = ", referer: ";
    match memmem::rfind(message.as_bytes(), MARK.as_bytes()) {
        Some(p) if !message[p + MARK.len()..].contains(' ') => {
            push(ev, "referrer", text(&message[p + MARK.len()..]));
            &message[..p]
        }
        _ => message,
    }
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit())
}

// ----------------------------------------------------------------- nginx

fn parse_nginx<'a>(line: &'a str, cx: &ParseCx) -> Option<Event<'a>> {
    let b = line.as_bytes();
    let civil = nginx_stamp(b)?;
    // ` [level] `
    if b.get(19..21) != Some(b" [") {
        return None;
    }
    let level_close = 21 + memchr::memchr(b']', &b[21..])?;
    let level = level_word(&line[21..level_close])?;
    if b.get(level_close + 1) != Some(&b' ') {
        return None;
    }
    // `pid#tid: `
    let pid_start = level_close + 2;
    let hash = pid_start + memchr::memchr(b'#', &b[pid_start..])?;
    let colon = hash + memchr::memchr(b':', &b[hash..])?;
    let (pid, tid) = (&line[pid_start..hash], &line[hash + 1..colon]);
    if !is_number(pid) || !is_number(tid) {
        return None;
    }

    let mut ev = Event::new(FormatId::ApacheError, "");
    ev.ts = cx.resolve(&civil);
    ev.ts_text = &line[..19];
    ev.level = Some(level);
    ev.pid = crate::format::syslog3164::parse_pid(pid);
    push(&mut ev, "tid", Value::Num(tid));
    let mut message = after_space(line, colon + 1);
    if let Some((conn, next)) = connection_id(message) {
        push(&mut ev, "conn", Value::Num(conn));
        message = &message[next..];
    }
    ev.message = Cow::Borrowed(nginx_context(message, &mut ev));
    Some(ev)
}

/// `YYYY/MM/DD hh:mm:ss` at the start of the line.
fn nginx_stamp(b: &[u8]) -> Option<Civil> {
    if b.len() < 19 || b[4] != b'/' || b[7] != b'/' || b[10] != b' ' {
        return None;
    }
    let year = digits(b, 4)? as i64;
    let month = digits(&b[5..], 2)?;
    let day = digits(&b[8..], 2)?;
    let (hour, minute, second) = hms(&b[11..])?;
    Some(Civil { year, month, day, hour, minute, second, ..Civil::default() })
}

/// `*99 ` at the start of the message -> (`99`, index after the space).
fn connection_id(message: &str) -> Option<(&str, usize)> {
    let body = message.strip_prefix('*')?;
    let end = body.find(' ').unwrap_or(body.len());
    is_number(&body[..end]).then(|| (&body[..end], (end + 2).min(message.len())))
}

/// Moves nginx's trailing `, client: .., server: .., request: ".."` context
/// into fields and returns the message before it; when the context does not
/// parse to the end of the line, the message is returned whole.
fn nginx_context<'a>(message: &'a str, ev: &mut Event<'a>) -> &'a str {
    let Some(start) = memmem::find(message.as_bytes(), b", client: ") else {
        return message;
    };
    let kept = ev.fields.len();
    let mut pos = start;
    while pos < message.len() {
        match context_pair(message, pos) {
            Some((key, value, next)) => {
                let key = if key == "host" { "http_host" } else { key };
                ev.fields.push((Cow::Borrowed(key), text(value)));
                pos = next;
            }
            None => {
                ev.fields.truncate(kept);
                return message;
            }
        }
    }
    &message[..start]
}

/// One `, key: value` or `, key: "value"` at `pos`; returns key, value and
/// the index after it. A quoted value ends at a quote followed by the end or
/// by the next `, key: `, so quotes inside a request line do not cut it.
fn context_pair(message: &str, pos: usize) -> Option<(&str, &str, usize)> {
    let b = message.as_bytes();
    let key_start = pos + 2;
    if b.get(pos..key_start) != Some(b", ") {
        return None;
    }
    let key_end = key_end(b, key_start)?;
    let value_start = key_end + 2;
    if b.get(value_start) == Some(&b'"') {
        let mut q = value_start + 1;
        loop {
            q += memchr::memchr(b'"', &b[q..])?;
            if q + 1 == b.len() || (b[q + 1..].starts_with(b", ") && key_end_ok(b, q + 3)) {
                return Some((&message[key_start..key_end], &message[value_start + 1..q], q + 1));
            }
            q += 1;
        }
    }
    let end = memmem::find(&b[value_start..], b", ").map_or(b.len(), |p| value_start + p);
    Some((&message[key_start..key_end], &message[value_start..end], end))
}

/// The end of a context key (`[a-z_]+`) at `i`, which must be followed by `: `.
fn key_end(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i;
    while j < b.len() && (b[j].is_ascii_lowercase() || b[j] == b'_') {
        j += 1;
    }
    (j > i && b.get(j..j + 2) == Some(b": ")).then_some(j)
}

fn key_end_ok(b: &[u8], i: usize) -> bool {
    key_end(b, i).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::time::{YearRef, Zone};

    fn cx() -> ParseCx {
        ParseCx::new(Zone::Utc, YearRef::forced(2024))
    }

    /// (line, ts, level, app, pid, message, fields)
    type Case = (
        &'static str,
        Option<&'static str>,
        Level,
        Option<&'static str>,
        Option<u32>,
        &'static str,
        &'static [(&'static str, &'static str)],
    );

    const CASES: &[Case] = &[
        (
            "[Sun Dec 04 04:47:44 2005] [error] [client 198.51.100.7] File does not exist: /var/www/html/favicon.ico",
            Some("2005-12-04T04:47:44Z"),
            Level::Error,
            None,
            None,
            "File does not exist: /var/www/html/favicon.ico",
            &[("client_ip", "198.51.100.7")],
        ),
        (
            "[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties",
            Some("2005-12-04T04:47:44Z"),
            Level::Notice,
            None,
            None,
            "workerEnv.init() ok /etc/httpd/conf/workers2.properties",
            &[],
        ),
        (
            "[Mon Dec 05 10:00:01 2005] [error] [client 192.0.2.33] (13)Permission denied: access to /secret denied, referer: http://example.com/a?b=c",
            Some("2005-12-05T10:00:01Z"),
            Level::Error,
            None,
            None,
            "access to /secret denied",
            &[("client_ip", "192.0.2.33"), ("os_error", "(13)Permission denied"), ("referrer", "http://example.com/a?b=c")],
        ),
        (
            "[Wed Oct 11 14:32:52.123456 2000] [core:error] [pid 35708:tid 4328636416] [client 72.15.99.187:50000] AH00126: File does not exist: /usr/local/apache2/htdocs/favicon.ico",
            Some("2000-10-11T14:32:52.123456Z"),
            Level::Error,
            Some("core"),
            Some(35708),
            "File does not exist: /usr/local/apache2/htdocs/favicon.ico",
            &[
                ("tid", "4328636416"),
                ("client_ip", "72.15.99.187"),
                ("client_port", "50000"),
                ("code", "AH00126"),
            ],
        ),
        (
            "[Sun Mar 03 12:00:01.000001 2024] [mpm_event:notice] [pid 1:tid 140000] AH00489: Apache/2.4.58 (Unix) configured -- resuming normal operations",
            Some("2024-03-03T12:00:01.000001Z"),
            Level::Notice,
            Some("mpm_event"),
            Some(1),
            "Apache/2.4.58 (Unix) configured -- resuming normal operations",
            &[("tid", "140000"), ("code", "AH00489")],
        ),
        (
            "[Sun Mar 03 12:00:01.5 2024] [core:error] [pid 4242] (13)Permission denied: [client 2001:db8::7:443] AH00035: access to /index.html denied (filesystem path '/var/www/html/index.html') because search permissions are missing",
            Some("2024-03-03T12:00:01.500Z"),
            Level::Error,
            Some("core"),
            Some(4242),
            "access to /index.html denied (filesystem path '/var/www/html/index.html') because search permissions are missing",
            &[
                ("os_error", "(13)Permission denied"),
                ("client_ip", "2001:db8::7"),
                ("client_port", "443"),
                ("code", "AH00035"),
            ],
        ),
        (
            "[Sun Mar 03 12:00:01 2024] [error] [client ::1] client denied by server configuration: /srv/x",
            Some("2024-03-03T12:00:01Z"),
            Level::Error,
            None,
            None,
            "client denied by server configuration: /srv/x",
            &[("client_ip", "::1")],
        ),
        (
            "[Sun Mar 03 12:00:01.777 2024] [:error] [pid 9] [client 10.0.0.1:5] PHP Warning:  Undefined variable $x in /var/www/i.php on line 3",
            Some("2024-03-03T12:00:01.777Z"),
            Level::Error,
            None,
            Some(9),
            "PHP Warning:  Undefined variable $x in /var/www/i.php on line 3",
            &[("client_ip", "10.0.0.1"), ("client_port", "5")],
        ),
        (
            "[Sun Mar 03 12:00:01.000000 2024] [ssl:trace3] [pid 9:tid 10] ssl_engine_io.c(2217): [client 10.0.0.1:5] OpenSSL: read 5/5 bytes",
            Some("2024-03-03T12:00:01.000000Z"),
            Level::Trace,
            Some("ssl"),
            Some(9),
            "ssl_engine_io.c(2217): [client 10.0.0.1:5] OpenSSL: read 5/5 bytes",
            &[("tid", "10")],
        ),
        (
            "[Sat Feb 30 12:00:01 2024] [warn] impossible date, line kept: ünïcödé ✓",
            None,
            Level::Warn,
            None,
            None,
            "impossible date, line kept: ünïcödé ✓",
            &[],
        ),
        (
            "[Sun Dec  4 04:47:44 2005] [crit] [client 198.51.100.7]",
            Some("2005-12-04T04:47:44Z"),
            Level::Crit,
            None,
            None,
            "",
            &[("client_ip", "198.51.100.7")],
        ),
        (
            "[Sun Dec 04 04:47:44 2005] [error]",
            Some("2005-12-04T04:47:44Z"),
            Level::Error,
            None,
            None,
            "",
            &[],
        ),
        (
            "2024/03/03 12:00:01 [error] 1234#5678: *99 open() \"/usr/share/nginx/html/x\" failed (2: No such file or directory), client: 203.0.113.5, server: example.com, request: \"GET /x HTTP/1.1\", host: \"example.com\"",
            Some("2024-03-03T12:00:01Z"),
            Level::Error,
            None,
            Some(1234),
            "open() \"/usr/share/nginx/html/x\" failed (2: No such file or directory)",
            &[
                ("tid", "5678"),
                ("conn", "99"),
                ("client", "203.0.113.5"),
                ("server", "example.com"),
                ("request", "GET /x HTTP/1.1"),
                ("http_host", "example.com"),
            ],
        ),
        (
            "2024/03/03 12:00:02 [error] 31#31: *7 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 2001:db8::5, server: api.example.com, request: \"POST /v1/\"quoted\" HTTP/1.1\", upstream: \"http://127.0.0.1:8080/v1/\", host: \"api.example.com\", referrer: \"https://example.com/\"",
            Some("2024-03-03T12:00:02Z"),
            Level::Error,
            None,
            Some(31),
            "upstream timed out (110: Connection timed out) while reading response header from upstream",
            &[
                ("tid", "31"),
                ("conn", "7"),
                ("client", "2001:db8::5"),
                ("server", "api.example.com"),
                ("request", "POST /v1/\"quoted\" HTTP/1.1"),
                ("upstream", "http://127.0.0.1:8080/v1/"),
                ("http_host", "api.example.com"),
                ("referrer", "https://example.com/"),
            ],
        ),
        (
            "2024/03/03 12:00:03 [notice] 1#1: signal process started",
            Some("2024-03-03T12:00:03Z"),
            Level::Notice,
            None,
            Some(1),
            "signal process started",
            &[("tid", "1")],
        ),
        (
            "2024/03/03 12:00:04 [warn] 1#1: *3 a client request body is buffered to a temporary file /var/cache/nginx/client_temp/0000000001, client: 10.0.0.9, server: _, request: \"POST /upload HTTP/1.1\", host: \"10.0.0.1\"",
            Some("2024-03-03T12:00:04Z"),
            Level::Warn,
            None,
            Some(1),
            "a client request body is buffered to a temporary file /var/cache/nginx/client_temp/0000000001",
            &[
                ("tid", "1"),
                ("conn", "3"),
                ("client", "10.0.0.9"),
                ("server", "_"),
                ("request", "POST /upload HTTP/1.1"),
                ("http_host", "10.0.0.1"),
            ],
        ),
        (
            // Truncated context: the message is kept whole.
            "2024/03/03 12:00:05 [crit] 9#9: *1 SSL_do_handshake() failed, client: 10.0.0.9, server: 0.0.0.0:443, request: \"GET / HT",
            Some("2024-03-03T12:00:05Z"),
            Level::Crit,
            None,
            Some(9),
            "SSL_do_handshake() failed, client: 10.0.0.9, server: 0.0.0.0:443, request: \"GET / HT",
            &[("tid", "9"), ("conn", "1")],
        ),
        (
            "2024/02/30 12:00:06 [emerg] 1#1: bind() to 0.0.0.0:80 failed (98: Address already in use)",
            None,
            Level::Emerg,
            None,
            Some(1),
            "bind() to 0.0.0.0:80 failed (98: Address already in use)",
            &[("tid", "1")],
        ),
    ];

    #[test]
    fn parses_apache_and_nginx_shapes() {
        let cx = cx();
        for &(line, ts, level, app, pid, message, fields) in CASES {
            let ev = parse(line, &cx).unwrap_or_else(|| panic!("no parse: {line}"));
            assert_eq!(ev.format, FormatId::ApacheError);
            assert_eq!(ev.ts.map(|t| t.to_rfc3339()).as_deref(), ts, "ts: {line}");
            assert_eq!(ev.level, Some(level), "level: {line}");
            assert_eq!(ev.host, None, "host: {line}");
            assert_eq!(ev.app.as_deref(), app, "app: {line}");
            assert_eq!(ev.pid, pid, "pid: {line}");
            assert_eq!(ev.message, message, "message: {line}");
            let got: Vec<(String, String)> =
                ev.fields.iter().map(|(k, v)| (k.to_string(), v.as_text().into_owned())).collect();
            let want: Vec<(String, String)> =
                fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
            assert_eq!(got, want, "fields: {line}");
            assert!(!ev.ts_text.is_empty() && line.contains(ev.ts_text));
        }
    }

    #[test]
    fn ts_text_and_zone() {
        let cx = ParseCx::new(Zone::Fixed(-5 * 3600), YearRef::forced(2024));
        let ev = parse(EXAMPLE, &cx).unwrap();
        assert_eq!(ev.ts_text, "Sun Mar 03 12:00:01.123456 2024");
        assert_eq!(ev.ts.unwrap().to_rfc3339(), "2024-03-03T17:00:01.123456Z");
        assert!(!ev.year_inferred);
        let ev = parse(CASES[12].0, &cx).unwrap();
        assert_eq!(ev.ts_text, "2024/03/03 12:00:01");
        assert_eq!(ev.ts.unwrap().to_rfc3339(), "2024-03-03T17:00:01Z");
    }

    #[test]
    fn rejects_other_formats() {
        let cx = cx();
        for line in [
            "Mar  3 12:00:01 web1 sshd[1234]: Failed password for root",
            r#"203.0.113.5 - - [03/Mar/2024:12:00:01 +0000] "GET / HTTP/1.1" 200 612"#,
            r#"{"time":"2024-03-03T12:00:01Z","level":"error"}"#,
            "2024-03-03 12:00:01,123 ERROR [main] x",
            "2024/03/03 12:00:01 ERROR something",
            "2024/03/03 12:00:01 [oops] 1#1: unknown level",
            "2024/03/03 12:00:01 [error] x#1: bad pid",
            "2024/03/03 12:00:01 [error] 1#1",
            "2024/03/03 12:00:01 [error]",
            "[Sun Dec 04 04:47:44 2005] hello without a level",
            "[Sun Dec 04 04:47:44 2005] [bogus] unknown level",
            "[Sun Dec 04 04:47:44 2005][error] no space",
            "[Sun Dec 04 04:47:44] [error] no year",
            "[2024-03-03 12:00:01] [error] iso in brackets",
            "[03/Mar/2024:12:00:01 +0000] [error] x",
            "[INFO] 2024 something",
            "<34>1 2003-10-11T22:14:15.003Z host su - - - x",
            "",
            "[",
            "2",
        ] {
            assert!(parse(line, &cx).is_none(), "should reject: {line}");
        }
    }

    #[test]
    fn never_panics_on_truncations() {
        let cx = cx();
        for &(line, ..) in CASES {
            for end in 0..=line.len() {
                if line.is_char_boundary(end) {
                    let _ = parse(&line[..end], &cx);
                }
            }
        }
    }

    #[test]
    fn example_parses() {
        let ev = parse(EXAMPLE, &ParseCx::utc_now()).unwrap();
        assert!(ev.ts.is_some());
        assert_eq!(ev.field("code"), Some(&Value::Str(Cow::Borrowed("AH00126"))));
    }

    /// loghub's Apache sample (2.2 error log), when present; never copied
    /// into the repository. It must parse completely.
    #[test]
    fn loghub_apache_parse_rate() {
        let path = std::path::Path::new("/work/shared/corpus/loghub/Apache/Apache_2k.log");
        let Ok(bytes) = std::fs::read(path) else { return };
        let text = String::from_utf8_lossy(&bytes);
        let cx = cx();
        let (mut total, mut parsed, mut with_ts) = (0usize, 0usize, 0usize);
        for line in text.lines() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            total += 1;
            match parse(line, &cx) {
                Some(ev) => {
                    parsed += 1;
                    with_ts += ev.ts.is_some() as usize;
                }
                None => eprintln!("Apache unparsed: {line}"),
            }
        }
        eprintln!(
            "loghub Apache: {parsed}/{total} parsed ({:.2}%), ts {with_ts}",
            100.0 * parsed as f64 / total.max(1) as f64
        );
        assert_eq!(parsed, total);
        assert_eq!(with_ts, total);
    }
}
