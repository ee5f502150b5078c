//! RFC 5424 syslog: `<PRI>VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID
//! STRUCTURED-DATA [MSG]`, as rsyslog/syslog-ng write it with their 5424
//! templates and as network devices and cloud collectors forward it.
//!
//! What comes out:
//! - level from the PRI severity, field `facility` from the PRI facility;
//! - `-` (nil) header values are absent; a nil timestamp gives `ts: None`
//!   (the line is still 5424); a timestamp without offset uses `--tz`;
//! - PROCID is the pid when it is a number, otherwise field `procid`;
//!   MSGID is field `msgid`;
//! - each SD-PARAM becomes a field named `SD-ID.PARAM-NAME`
//!   (`exampleSDID@32473.iut`), with `\"`, `\\` and `\]` unescaped (any
//!   other backslash is kept, as the RFC says); an SD-ELEMENT without
//!   params adds no field;
//! - a UTF-8 BOM at the start of MSG is removed.
//!
//! Leniency (real senders break the RFC): structured data that does not
//! parse (truncated line, missing quote) is kept, unparsed, as the start of
//! the message, so the header is not lost; a token after MSGID that is neither
//! `-` nor `[` is read as the start of MSG (senders that omit the SD field);
//! a line ending after MSGID has an empty message.
//!
//! Strict parts, for detection: PRI, a version number right after it, and
//! a timestamp that is `-` or a whole RFC 3339 token. BSD syslog (`<34>Oct
//! 11 ...`) is rejected because it has no version.
//!
//! Allocation: field names of structured data (`SD-ID.PARAM`) are built
//! strings, and values with escapes are unescaped copies; the rest borrows.

use std::borrow::Cow;

use crate::event::{Event, Level, Value};
use crate::format::syslog3164::{facility_name, parse_pid, pri_prefix};
use crate::format::time::iso8601;
use crate::format::{FormatId, ParseCx};

/// A real-shaped example line.
pub const EXAMPLE: &str = "<86>1 2024-03-03T12:00:01.123456+01:00 web1.example.com sshd 1234 - \
    [origin ip=\"192.0.2.10\" software=\"rsyslogd\"] Failed password for root from 203.0.113.5 port 22 ssh2";

/// The UTF-8 byte order mark RFC 5424 allows at the start of MSG.
const BOM: &str = "\u{feff}";

/// Parses one line; `None` when it is not RFC 5424 (see the module doc).
pub fn parse<'a>(line: &'a str, cx: &ParseCx) -> Option<Event<'a>> {
    let b = line.as_bytes();
    let (pri, mut i) = pri_prefix(b)?;
    i = version_end(b, i)?;
    let mut header = Tokens { line, pos: i };
    let ts_tok = header.next()?;
    let host = header.next()?;
    let app = header.next()?;
    let procid = header.next()?;
    let msgid = header.next_or_end()?;

    let ts = match ts_tok {
        "-" => None,
        _ => {
            let (civil, used) = iso8601(ts_tok.as_bytes())?;
            if used != ts_tok.len() {
                return None;
            }
            cx.resolve(&civil)
        }
    };

    let mut ev = Event::new(FormatId::Syslog5424, "");
    ev.ts = ts;
    ev.ts_text = if ts_tok == "-" { "" } else { ts_tok };
    ev.level = Level::from_syslog_severity(pri & 7);
    ev.host = nil_or(host).map(Cow::Borrowed);
    ev.app = nil_or(app).map(Cow::Borrowed);
    ev.fields.push((Cow::Borrowed("facility"), Value::Str(Cow::Borrowed(facility_name(pri >> 3)))));
    if let Some(m) = nil_or(msgid) {
        ev.fields.push((Cow::Borrowed("msgid"), Value::Str(Cow::Borrowed(m))));
    }
    if let Some(p) = nil_or(procid) {
        match parse_pid(p) {
            Some(n) => ev.pid = Some(n),
            None => ev.fields.push((Cow::Borrowed("procid"), Value::Str(Cow::Borrowed(p)))),
        }
    }
    let rest = &line[header.pos.min(line.len())..];
    ev.message = Cow::Borrowed(strip_bom(structured_data(rest, &mut ev.fields)));
    Some(ev)
}

/// Checks `VERSION SP` at `i` (1 to 3 digits, not starting with 0) and
/// returns the index after the space.
fn version_end(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i;
    while j < b.len() && j - i < 3 && b[j].is_ascii_digit() {
        j += 1;
    }
    if j == i || b[i] == b'0' || b.get(j) != Some(&b' ') {
        return None;
    }
    Some(j + 1)
}

/// Space-separated header tokens of a line.
struct Tokens<'a> {
    line: &'a str,
    pos: usize,
}

impl<'a> Tokens<'a> {
    /// The next non-empty token, which must be followed by a space.
    fn next(&mut self) -> Option<&'a str> {
        let tok = self.next_or_end()?;
        if self.pos > self.line.len() {
            return None;
        }
        Some(tok)
    }

    /// The next non-empty token, followed by a space or the end of line.
    /// `pos` moves past the space (one past the end when there is none).
    fn next_or_end(&mut self) -> Option<&'a str> {
        let b = self.line.as_bytes();
        let start = self.pos;
        let end = memchr::memchr(b' ', b.get(start..)?).map_or(b.len(), |p| start + p);
        if end == start {
            return None;
        }
        self.pos = end + 1;
        Some(&self.line[start..end])
    }
}

/// `None` for the nil value `-`.
fn nil_or(tok: &str) -> Option<&str> {
    (tok != "-").then_some(tok)
}

fn strip_bom(msg: &str) -> &str {
    msg.strip_prefix(BOM).unwrap_or(msg)
}

/// Reads STRUCTURED-DATA at the start of `rest` into `fields` and returns
/// the message after it. When it does not parse, no SD field is added and
/// the whole of `rest` is the message.
fn structured_data<'a>(rest: &'a str, fields: &mut Vec<(Cow<'a, str>, Value<'a>)>) -> &'a str {
    let b = rest.as_bytes();
    match b.first() {
        None => return "",
        Some(b'-') if b.len() == 1 => return "",
        Some(b'-') if b[1] == b' ' => return &rest[2..],
        Some(b'[') => {}
        _ => return rest,
    }
    let kept = fields.len();
    let mut i = 0;
    while b.get(i) == Some(&b'[') {
        match sd_element(rest, i + 1, fields) {
            Some(end) => i = end,
            None => {
                fields.truncate(kept);
                return rest;
            }
        }
    }
    match b.get(i) {
        None => "",
        Some(b' ') => &rest[i + 1..],
        _ => {
            fields.truncate(kept);
            rest
        }
    }
}

/// Reads one `SD-ID *(SP PARAM="value")]` starting after its `[`; returns
/// the index after its `]`.
fn sd_element<'a>(rest: &'a str, start: usize, fields: &mut Vec<(Cow<'a, str>, Value<'a>)>) -> Option<usize> {
    let b = rest.as_bytes();
    let id_end = sd_name_end(b, start);
    if id_end == start {
        return None;
    }
    let sd_id = &rest[start..id_end];
    let mut i = id_end;
    loop {
        match b.get(i)? {
            b']' => return Some(i + 1),
            b' ' => {
                let name_start = i + 1;
                let name_end = sd_name_end(b, name_start);
                if name_end == name_start
                    || b.get(name_end) != Some(&b'=')
                    || b.get(name_end + 1) != Some(&b'"')
                {
                    return None;
                }
                let (value, after) = param_value(rest, name_end + 2)?;
                let key = format!("{sd_id}.{}", &rest[name_start..name_end]);
                fields.push((Cow::Owned(key), Value::Str(value)));
                i = after;
            }
            _ => return None,
        }
    }
}

/// End of an SD-NAME: printable ASCII except `=`, space, `]` and `"`.
fn sd_name_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i] > b' ' && b[i] < 0x7f && !matches!(b[i], b'=' | b']' | b'"') {
        i += 1;
    }
    i
}

/// Reads a PARAM-VALUE starting after its opening quote; returns the
/// unescaped value and the index after the closing quote.
fn param_value(rest: &str, start: usize) -> Option<(Cow<'_, str>, usize)> {
    let b = rest.as_bytes();
    let mut i = start;
    let mut escaped = false;
    while i < b.len() {
        match b[i] {
            b'\\' => {
                escaped = true;
                i += 2;
            }
            b'"' => {
                let raw = &rest[start..i];
                let value = if escaped { Cow::Owned(unescape(raw)) } else { Cow::Borrowed(raw) };
                return Some((value, i + 1));
            }
            _ => i += 1,
        }
    }
    None
}

/// Undoes `\"`, `\\` and `\]`; other backslashes are kept as written.
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.clone().next() {
                Some(n @ ('"' | '\\' | ']')) => {
                    out.push(n);
                    chars.next();
                }
                _ => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::time::{YearRef, Zone};

    fn cx() -> ParseCx {
        ParseCx::new(Zone::Utc, YearRef::forced(2024))
    }

    /// (line, ts, level, host, app, pid, message, fields)
    type Case = (
        &'static str,
        Option<&'static str>,
        Option<Level>,
        Option<&'static str>,
        Option<&'static str>,
        Option<u32>,
        &'static str,
        &'static [(&'static str, &'static str)],
    );

    const CASES: &[Case] = &[
        // RFC 5424 section 6.5, example 1 (with the BOM).
        (
            "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \u{feff}'su root' failed for lonvick on /dev/pts/8",
            Some("2003-10-11T22:14:15.003Z"),
            Some(Level::Crit),
            Some("mymachine.example.com"),
            Some("su"),
            None,
            "'su root' failed for lonvick on /dev/pts/8",
            &[("facility", "auth"), ("msgid", "ID47")],
        ),
        // Example 2: offset, microseconds, IP host, no MSGID.
        (
            "<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.",
            Some("2003-08-24T12:14:15.000003Z"),
            Some(Level::Notice),
            Some("192.0.2.1"),
            Some("myproc"),
            Some(8710),
            "%% It's time to make the do-nuts.",
            &[("facility", "local4")],
        ),
        // Example 3: structured data and a message.
        (
            "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"] \u{feff}An application event log entry...",
            Some("2003-10-11T22:14:15.003Z"),
            Some(Level::Notice),
            Some("mymachine.example.com"),
            Some("evntslog"),
            None,
            "An application event log entry...",
            &[
                ("facility", "local4"),
                ("msgid", "ID47"),
                ("exampleSDID@32473.iut", "3"),
                ("exampleSDID@32473.eventSource", "Application"),
                ("exampleSDID@32473.eventID", "1011"),
            ],
        ),
        // Example 4: two SD elements, no MSG.
        (
            "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"][examplePriority@32473 class=\"high\"]",
            Some("2003-10-11T22:14:15.003Z"),
            Some(Level::Notice),
            Some("mymachine.example.com"),
            Some("evntslog"),
            None,
            "",
            &[
                ("facility", "local4"),
                ("msgid", "ID47"),
                ("exampleSDID@32473.iut", "3"),
                ("exampleSDID@32473.eventSource", "Application"),
                ("exampleSDID@32473.eventID", "1011"),
                ("examplePriority@32473.class", "high"),
            ],
        ),
        // Nil everything.
        ("<0>1 - - - - - -", None, Some(Level::Emerg), None, None, None, "", &[("facility", "kern")]),
        ("<0>1 - - - - - - ", None, Some(Level::Emerg), None, None, None, "", &[("facility", "kern")]),
        // Escapes in values; `]` and a space inside quotes; non-ASCII.
        (
            r#"<14>1 2024-03-03T12:00:01Z web1 app worker-7 AUDIT [req@1 q="say \"hi\"" path="C:\\tmp\\x" br="a\]b" raw="\n" sp="a b ] c" u="ünï"] done"#,
            Some("2024-03-03T12:00:01Z"),
            Some(Level::Info),
            Some("web1"),
            Some("app"),
            None,
            "done",
            &[
                ("facility", "user"),
                ("msgid", "AUDIT"),
                ("procid", "worker-7"),
                ("req@1.q", "say \"hi\""),
                ("req@1.path", r"C:\tmp\x"),
                ("req@1.br", "a]b"),
                ("req@1.raw", r"\n"),
                ("req@1.sp", "a b ] c"),
                ("req@1.u", "ünï"),
            ],
        ),
        // SD element without params, empty value.
        (
            "<13>1 2024-03-03T12:00:01+02:00 web1 app 1 - [meta][x@1 empty=\"\"] msg with [brackets]",
            Some("2024-03-03T10:00:01Z"),
            Some(Level::Notice),
            Some("web1"),
            Some("app"),
            Some(1),
            "msg with [brackets]",
            &[("facility", "user"), ("x@1.empty", "")],
        ),
        // Zone-less timestamp (non-compliant) uses the source zone.
        (
            "<30>1 2024-03-03T12:00:01 host systemd 1 - - Started Daily apt upgrade.",
            Some("2024-03-03T12:00:01Z"),
            Some(Level::Info),
            Some("host"),
            Some("systemd"),
            Some(1),
            "Started Daily apt upgrade.",
            &[("facility", "daemon")],
        ),
        // Truncated SD: header kept, SD text stays in the message.
        (
            "<165>1 2003-10-11T22:14:15.003Z host evntslog - ID47 [exampleSDID@32473 iut=\"3",
            Some("2003-10-11T22:14:15.003Z"),
            Some(Level::Notice),
            Some("host"),
            Some("evntslog"),
            None,
            "[exampleSDID@32473 iut=\"3",
            &[("facility", "local4"), ("msgid", "ID47")],
        ),
        // SD not followed by a space: not SD after all.
        (
            "<165>1 2003-10-11T22:14:15.003Z host app - - [a@1 k=\"v\"]tail",
            Some("2003-10-11T22:14:15.003Z"),
            Some(Level::Notice),
            Some("host"),
            Some("app"),
            None,
            "[a@1 k=\"v\"]tail",
            &[("facility", "local4")],
        ),
        // SD field omitted by the sender: the rest is the message.
        (
            "<134>1 2024-03-03T12:00:01.5Z fw01 filterlog 555 - block in on em0",
            Some("2024-03-03T12:00:01.500Z"),
            Some(Level::Info),
            Some("fw01"),
            Some("filterlog"),
            Some(555),
            "block in on em0",
            &[("facility", "local0")],
        ),
        // Line ends after MSGID.
        (
            "<134>1 2024-03-03T12:00:01Z fw01 app - ID1",
            Some("2024-03-03T12:00:01Z"),
            Some(Level::Info),
            Some("fw01"),
            Some("app"),
            None,
            "",
            &[("facility", "local0"), ("msgid", "ID1")],
        ),
        // Impossible date: still 5424, no timestamp.
        (
            "<134>1 2024-02-30T12:00:01Z fw01 app - - - x",
            None,
            Some(Level::Info),
            Some("fw01"),
            Some("app"),
            None,
            "x",
            &[("facility", "local0")],
        ),
        // Pid too large for u32 is kept as procid.
        (
            "<134>1 2024-03-03T12:00:01Z h a 99999999999 - - x",
            Some("2024-03-03T12:00:01Z"),
            Some(Level::Info),
            Some("h"),
            Some("a"),
            None,
            "x",
            &[("facility", "local0"), ("procid", "99999999999")],
        ),
    ];

    #[test]
    fn parses_rfc_examples_and_ugly_lines() {
        let cx = cx();
        for &(line, ts, level, host, app, pid, message, fields) in CASES {
            let ev = parse(line, &cx).unwrap_or_else(|| panic!("no parse: {line}"));
            assert_eq!(ev.format, FormatId::Syslog5424);
            assert_eq!(ev.ts.map(|t| t.to_rfc3339()).as_deref(), ts, "ts: {line}");
            assert_eq!(ev.level, level, "level: {line}");
            assert_eq!(ev.host.as_deref(), host, "host: {line}");
            assert_eq!(ev.app.as_deref(), app, "app: {line}");
            assert_eq!(ev.pid, pid, "pid: {line}");
            assert_eq!(ev.message, message, "message: {line}");
            let got: Vec<(String, String)> =
                ev.fields.iter().map(|(k, v)| (k.to_string(), v.as_text().into_owned())).collect();
            let want: Vec<(String, String)> =
                fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
            assert_eq!(got, want, "fields: {line}");
            assert!(!ev.year_inferred);
        }
    }

    #[test]
    fn ts_text_is_the_token() {
        let ev = parse(CASES[1].0, &cx()).unwrap();
        assert_eq!(ev.ts_text, "2003-08-24T05:14:15.000003-07:00");
        let ev = parse("<0>1 - - - - - -", &cx()).unwrap();
        assert_eq!(ev.ts_text, "");
    }

    #[test]
    fn unescaped_values_borrow_when_they_can() {
        let ev = parse(CASES[2].0, &cx()).unwrap();
        assert!(matches!(ev.message, Cow::Borrowed(_)));
        assert!(ev.fields.iter().all(|(_, v)| matches!(v, Value::Str(Cow::Borrowed(_)))));
    }

    #[test]
    fn rejects_other_formats() {
        let cx = cx();
        for line in [
            "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8",
            "Mar  3 12:00:01 web1 sshd[1234]: Failed password for root",
            "<34>2024-03-03T12:00:01Z web1 sshd[1]: rsyslog precise form",
            r#"{"time":"2024-03-03T12:00:01Z","level":"info","msg":"hi"}"#,
            r#"203.0.113.5 - - [03/Mar/2024:12:00:01 +0000] "GET / HTTP/1.1" 200 612"#,
            "<34>0 2003-10-11T22:14:15.003Z host su - - - version zero",
            "<34>1234 2003-10-11T22:14:15.003Z host su - - - four-digit version",
            "<34>1 Oct 11 22:14:15 host su - - - BSD time",
            "<34>1 2003-10-11T22:14:15.003Zjunk host su - - - trailing junk on time",
            "<34>1 2003-10-11T22:14:15.003Z  host su - - - double space",
            "<34>1 2003-10-11T22:14:15.003Z host su -",
            "<34>1 2003-10-11T22:14:15.003Z host",
            "<34>1 ",
            "<34>1",
            "<192>1 - - - - - - bad pri",
            "<>1 - - - - - -",
            "",
            "<",
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
        let _ = parse("<1>1 - - - - - [a b=\"\\", &cx);
        let _ = parse("<1>1 - - - - - [a b=\"\\é\"] m", &cx);
    }

    #[test]
    fn example_parses() {
        let ev = parse(EXAMPLE, &ParseCx::utc_now()).unwrap();
        assert_eq!(ev.ts.map(|t| t.to_rfc3339()).as_deref(), Some("2024-03-03T11:00:01.123456Z"));
        assert_eq!(ev.field("origin.ip"), Some(&Value::Str(Cow::Borrowed("192.0.2.10"))));
        assert_eq!(ev.pid, Some(1234));
    }
}
