//! `trace --top` without building events: for the formats that offer a
//! field visitor (access logs, logfmt, JSON lines, leveltext), a line's
//! IDs, time, level, status and duration are read straight from it,
//! handing only the fields that matter to the same [`FieldScan`] the
//! parsed route uses. A line the visitor does not take (not in the
//! source's main format, or a JSON line its walk is unsure of) is
//! declined and parsed as usual.
//!
//! Leveltext records take continuation lines (a stack trace after the
//! head line), whose raw text can carry IDs: they are read as whole
//! records ([`record_head`], [`record_ids`]) through
//! [`crate::scan::Chunk::for_each_record_or_event`], not line by line.

use crate::analysis::trace::fields::FieldScan;
use crate::analysis::trace::ids::for_each_raw_id;
use crate::analysis::trace::top::{Agg, IdKey};
use crate::event::Value;
use crate::format::detect::Detection;
use crate::format::jsonl::{self, Members, Visit};
use crate::format::leveltext::{self, RecordHead};
use crate::format::{access, logfmt, FieldSink};
use crate::format::{FormatId, ParseCx};

/// Feeds the fields a [`FieldScan`] wants to it, and notes whether a
/// `request_id` field went by (the access format asks).
struct Sink {
    scan: FieldScan,
    request_id: bool,
}

impl<'a> FieldSink<'a> for Sink {
    #[inline]
    fn push_field(&mut self, key: &'a str, value: impl FnOnce() -> Value<'a>) {
        self.request_id |= key == "request_id";
        if let Some(w) = FieldScan::wants(key) {
            self.scan.wanted(w, key, &value());
        }
    }

    fn has_request_id(&self) -> bool {
        self.request_id
    }
}

impl<'a> Members<'a> for Sink {
    #[inline]
    fn wants(&mut self, key: &str) -> bool {
        FieldScan::wants(key).is_some()
    }

    #[inline]
    fn member(&mut self, key: &str, value: Value<'a>) {
        self.scan.field(key, &value);
    }
}

/// Whether the records of a source with this detection can carry request
/// IDs only in their raw text: syslog's fields (`facility`, `procid`,
/// `module`, `version`) never have request-ID names, and unparsed records
/// have no fields. For such a source a chunk without a UUID or
/// `traceparent` anywhere in its bytes ([`has_raw_id`]) contributes
/// nothing and need not be parsed at all.
pub fn ids_only_in_raw(d: &Detection) -> bool {
    d.format == FormatId::Syslog && d.fallbacks.iter().all(|f| *f == FormatId::Syslog)
}

/// Whether a UUID or `traceparent` id stands anywhere in `b` (as the raw
/// scan of any record within `b` would find it: records are whole lines,
/// and a line terminator is not a word character).
pub fn has_raw_id(b: &[u8]) -> bool {
    let mut found = false;
    for_each_raw_id(b, &mut |_| found = true);
    found
}

/// Whether lines of sources in `format` can be read here one by one
/// ([`line_ids`]).
pub fn supports(format: FormatId) -> bool {
    matches!(format, FormatId::Access | FormatId::Logfmt | FormatId::Json)
}

/// Whether records of sources in `format` can be read here as whole
/// records ([`record_head`], [`record_ids`]).
pub fn supports_records(format: FormatId) -> bool {
    format == FormatId::LevelText
}

/// The head of a leveltext record's first line (`None`: not a leveltext
/// line, to be parsed), for [`record_ids`].
#[inline]
pub fn record_head(line: &str, cx: &ParseCx) -> Option<RecordHead> {
    leveltext::head(line, cx)
}

/// Calls `f` as [`super::top::for_each_request_id`] would on the event of
/// a leveltext record: `line` is its first line, `head` what
/// [`record_head`] read from it, `raw` the whole record (continuation
/// lines included). The fields of the head ([`leveltext::HEAD_FIELDS`])
/// are never wanted (tested), so only the message's pairs are read.
pub fn record_ids(head: RecordHead, line: &str, raw: &[u8], f: &mut dyn FnMut(IdKey, &Agg)) {
    let mut sink = Sink { scan: FieldScan::new(raw), request_id: false };
    leveltext::visit_pairs(line, head.pairs_from, &mut sink);
    sink.scan.finish(head.ts, Some(head.level), f);
}

/// Reads one line of a source whose main format is `format` and calls `f`
/// as [`super::top::for_each_request_id`] would on its parsed event.
/// Returns `false`, having called nothing, when the line must be parsed
/// (not a line of `format`, or a format read here only by parsing).
pub fn line_ids(format: FormatId, line: &str, cx: &ParseCx, f: &mut dyn FnMut(IdKey, &Agg)) -> bool {
    match format {
        FormatId::Access => {
            let mut sink = Sink { scan: FieldScan::new(line.as_bytes()), request_id: false };
            let Some((ts, level)) = access::visit(line, cx, &mut sink) else { return false };
            sink.scan.finish(ts, Some(level), f);
            true
        }
        FormatId::Logfmt => {
            let mut sink = Sink { scan: FieldScan::new(line.as_bytes()), request_id: false };
            let Some((ts, level)) = logfmt::visit(line, cx, &mut sink) else { return false };
            sink.scan.finish(ts, level, f);
            true
        }
        FormatId::Json => {
            let mut sink = Sink { scan: FieldScan::new(line.as_bytes()), request_id: false };
            let Visit::Read(ts, level) = jsonl::visit(line, cx, &mut sink) else { return false };
            sink.scan.finish(ts, level, f);
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::trace::top::for_each_request_id;
    use crate::format::detect::detect;
    use crate::format::time::{YearRef, Zone};

    type Got = Vec<(String, Agg)>;

    /// The quick route's answer for a line (`None`: declined) and the
    /// parsed route's.
    fn both(d: &Detection, line: &str, cx: &ParseCx) -> (Option<Got>, Got) {
        let mut quick = Vec::new();
        let took = line_ids(d.format, line, cx, &mut |k, a| quick.push((k.to_string(), *a)));
        let mut ev = d.parse(line, cx);
        ev.raw = line.as_bytes();
        let mut parsed = Vec::new();
        for_each_request_id(&ev, &mut |k, a| parsed.push((k.to_string(), *a)));
        (took.then_some(quick), parsed)
    }

    #[test]
    fn access_lines_read_quickly_give_what_parsing_gives() {
        let u = "7e796112-f64c-4748-921a-401c28133228";
        let lines = [
            format!(r#"192.0.2.102 - - [02/Mar/2024:00:00:00 +0000] "GET /a HTTP/1.1" 200 23450 "-" "UA" 0.010 req={u}"#),
            format!(r#"1.2.3.4 - - [01/Mar/2024:10:00:00 +0000] "GET /a HTTP/1.1" 502 9 "-" "c" 0.300 req={u}"#),
            // Text and 32-hex ids, aliases, a second request_id, escapes.
            r#"10.0.0.12 - - [03/Mar/2024:12:00:03 +0100] "GET /api/orders HTTP/2.0" 502 157 "-" "UA" rt=0.123 uct="0.001" uht="0.010" urt="0.120" request_id=abc"#.to_string(),
            r#"10.0.0.12 - bob [03/Mar/2024:12:00:03 +0100] "GET / HTTP/1.1" 404 - "-" "UA" 3b1f0c9e8d7a6b5c4d3e2f1a0b9c8d7e 0.5 0.4"#.to_string(),
            r#"10.0.0.12 - - [03/Mar/2024:12:00:03 +0100] "GET / HTTP/1.1" 200 1 "-" "UA" rid=job-77-xyz request_id=other-id-1 req=third-id-22"#.to_string(),
            r#"10.0.0.12 - - [03/Mar/2024:12:00:03.250 +0100] "GET / HTTP/1.1" 200 1 "r" "UA" "fwd" req="quoted\"id-12345" trace_id=aaaabbbbccccdddd duration_ms=1500 request_time=2.5"#.to_string(),
            format!(r#"web.example:443 10.0.0.1 - - [03/Mar/2024:12:00:03 +0000] "POST /x HTTP/1.1" 503 0 "-" "UA" traceparent=00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01 x-request-id={u} status=201"#),
            r#"10.0.0.12 - - [31/Feb/2024:12:00:03 +0000] "\x16\x03\x01" 400 0 "-" "-" req=abcdefgh-1 upstream_response_time=0.75 request_time=oops"#.to_string(),
            r#"10.0.0.12 - - [03/Mar/2024:12:00:03 +0000] "GET / HTTP/1.1" 099 0 req=abcdefgh-2"#.to_string(),
            format!(r#"10.0.0.12 - - [03/Mar/2024:12:00:03 +0000] "GET /{u}/x HTTP/1.1" 200 0 "-" "UA" - - {u} {u}"#),
            // Not access lines: declined.
            "ts=2024-03-01T10:00:01Z level=info request_id=abcdefgh status=500".to_string(),
            "10.0.0.12 - - [03/Mar/2024:12:00:03 +0000] GET / 200".to_string(),
        ];
        assert_eq!(quick_equals_parse(FormatId::Access, &lines), lines.len() - 2);
    }

    /// Each line read quickly gives what parsing it gives, and a line the
    /// quick reader declines is not one of `format`'s; returns how many
    /// were taken.
    fn quick_equals_parse(format: FormatId, lines: &[String]) -> usize {
        let cx = ParseCx::new(Zone::Utc, YearRef::forced(2024));
        let d = Detection::forced(format);
        let mut taken = 0;
        for line in lines {
            let (quick, parsed) = both(&d, line, &cx);
            if let Some(q) = quick {
                assert_eq!(q, parsed, "{line}");
                taken += 1;
            } else {
                assert!(
                    d.format.parse(line, &cx).is_none() || json_unsure(format, line, &cx),
                    "declined a {format:?} line: {line}"
                );
            }
        }
        taken
    }

    /// Whether `line` is a JSON line the walk leaves to the full parse.
    fn json_unsure(format: FormatId, line: &str, cx: &ParseCx) -> bool {
        let mut sink = Sink { scan: FieldScan::default(), request_id: false };
        format == FormatId::Json && jsonl::visit(line, cx, &mut sink) == Visit::Unsure
    }

    #[test]
    fn json_lines_read_quickly_give_what_parsing_gives() {
        let u = "7e796112-f64c-4748-921a-401c28133228";
        let lines = [
            format!(r#"{{"ts":"2024-03-01T00:00:00.887Z","level":"debug","service":"orders","request_id":"{u}","msg":"order loaded","order_id":992486,"duration_ms":16}}"#),
            format!(r#"{{"ts":"2024-03-01T10:00:00.123Z","level":"info","request_id":"{u}","status":201,"duration_ms":"17.5","latency_ms":40}}"#),
            format!(r#"{{"ts":"2024-03-01T10:00:00Z","level":"warn","request_id":"{u}","http":{{"status_code":504,"x_request_id":"ABCDEF0123456789"}},"elapsed_s":1.25}}"#),
            r#"{"ts":"2024-03-01T10:00:02Z","req":"abcdefgh-1","upstream_response_time":"0.75","request_time":"oops"}"#.to_string(),
            // Duplicates, odd values, escapes, nesting, serilog, no level.
            r#"{"time":1709287200.25,"status":"abc","status":500,"status_code":[1],"http.status_code":"502","trace_id":"job-77-xyz","traceId":"JOB-77-XYZ"}"#.to_string(),
            r#"{"@t":"2024-03-03T12:00:01Z","@mt":"done {Id}","RequestId":"0HMVABCDEF:00000001","Elapsed":3.5,"duration_ms":null}"#.to_string(),
            r#"{"level":50,"time":1709467201123,"req":{"id":"r-123456789","headers":{"x-request-id":"hdr-1234567"}},"res":{"statusCode":500},"responseTime":12}"#.to_string(),
            format!(r#"{{"msg":"see {u} and 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01","request_id":"{u}","traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}}"#),
            r#"{"rid":"a","rid":"abcdefgh-1","reqid":"abcdefgh-2","correlation_id":"abcdefgh-3","request_id":"abcdefgh-4","trace.id":"abcdefgh-5"}"#.to_string(),
            r#"{"log.level":"error","a":{"b":{"c":{"request_id":"deep-id-1234"}}},"took_ms":-1,"elapsed_ms":"7"}"#.to_string(),
            // Left to the full parse: a GCP timestamp object.
            format!(r#"{{"timestamp":{{"seconds":1709467201,"nanos":5}},"request_id":"{u}","status":503}}"#),
            // Not JSON lines: declined.
            "ts=2024-03-01T10:00:01Z level=info request_id=abcdefgh status=500".to_string(),
            r#"{"request_id":"abcdefgh-1"} trailing"#.to_string(),
        ];
        assert_eq!(quick_equals_parse(FormatId::Json, &lines), lines.len() - 3);
    }

    #[test]
    fn head_fields_of_leveltext_are_never_wanted() {
        for name in crate::format::leveltext::HEAD_FIELDS {
            assert_eq!(FieldScan::wants(name), None, "{name}");
        }
    }

    /// Every record of `text` (one chunk of a source detected as `d`):
    /// what the record route gives (records read by [`record_ids`], the
    /// rest parsed) and what parsing every record gives; and how many
    /// records were read without parsing.
    fn records_both(d: &Detection, text: &str) -> (Got, Got, usize) {
        use crate::scan::lines::{for_each_event, for_each_record_or_event, ChunkOrigin};
        let cx = ParseCx::new(Zone::Utc, YearRef::forced(2024));
        let origin = ChunkOrigin { source: 0, first_line: 1, offset: 0, term: b'\n' };
        let (mut quick, mut parsed, mut read) = (Vec::new(), Vec::new(), 0);
        let mut push = |k: IdKey, a: &Agg| quick.push((k.to_string(), *a));
        let cell = std::cell::RefCell::new(&mut push);
        for_each_record_or_event(
            text.as_bytes(),
            origin,
            d,
            &cx,
            &mut |line| record_head(line, &cx),
            &mut |head, line, raw| {
                read += 1;
                record_ids(head, line, raw, &mut |k, a| (cell.borrow_mut())(k, a))
            },
            &mut |ev| for_each_request_id(&ev, &mut |k, a| (cell.borrow_mut())(k, a)),
        );
        for_each_event(text.as_bytes(), origin, d, &cx, &mut |ev| {
            for_each_request_id(&ev, &mut |k, a| parsed.push((k.to_string(), *a)))
        });
        (quick, parsed, read)
    }

    #[test]
    fn leveltext_records_read_quickly_give_what_parsing_gives() {
        let u = "d18da490-f08b-4652-8ac3-2bbd6953e9e8";
        let v = "7e796112-f64c-4748-921a-401c28133228";
        let text = format!(
            "2024-03-01T00:00:00.906Z INFO  [gateway] request_id={u} GET /api/orders/992486 200 in 21ms\n\
             2024-03-01T00:00:01.100Z ERROR [gateway] request_id={u} status=502 duration_ms=1500 upstream failed\n\
             java.lang.IllegalStateException: boom for {v}\n\
             \tat com.example.Foo.bar(Foo.java:12)\n\
             \n\
             \tat traceparent 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\n\
             2024-03-01 00:00:02,123 WARN [main] org.example.Api: req_id=\"quoted id-123\" status_code=404 took_ms=7\n\
             nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:00.008 25746 INFO nova.osapi_compute.wsgi.server [req-{v} 113d - - -] GET status: 200\n\
             {{\"ts\":\"2024-03-01T00:00:03Z\",\"request_id\":\"{u}\",\"level\":\"error\"}}\n\
             after json {v}\n\
             2024-03-01T00:00:04Z [E] trace_id=abcdefgh-9 rid=abcdefgh-8 x-request-id=ABCDEF0123456789 correlation_id=c-12345678 request_id=r-12345678\n\
             2024-03-01T00:00:05Z nothing here but a time and {v}\n"
        );
        let d = Detection { fallbacks: vec![FormatId::Json], ..Detection::forced(FormatId::LevelText) };
        let (quick, parsed, read) = records_both(&d, &text);
        assert_eq!(quick, parsed);
        assert_eq!(read, 5);
        assert!(quick.len() > 10, "{quick:?}");
    }

    #[test]
    fn logfmt_lines_read_quickly_give_what_parsing_gives() {
        let u = "d18da490-f08b-4652-8ac3-2bbd6953e9e8";
        let lines = [
            format!(r#"ts=2024-03-01T00:00:01.861Z level=info service=payments request_id={u} msg="refund issued" order_id=760566 amount=5.66 currency=EUR duration_ms=197"#),
            format!("ts=2024-03-01T10:00:01Z level=info request_id={u} status=abc status_code=500 duration_ms=-4"),
            format!("ts=2024-03-01T10:00:01Z level=error request_id={u} status_code=404 status_code=503 took_ms=NaN"),
            "ts=2024-03-01T10:00:01.5Z level=info trace_id=job-77-xyz status=200 status=500 duration_s=0.5 elapsed_ms=900".to_string(),
            // Duplicate and badly valued well-known keys, quoted and escaped ids, bare keys.
            r#"time=yesterday ts=2024-03-01T10:00:02Z ts=2024-03-01T11:00:00Z level=loud level=warn msg=a msg=b req_id="id-"12345678" x-request-id=ABCDEF0123456789 flag"#.to_string(),
            r#"ts=1709287200.25 lvl=ERR correlation_id=corr-0001-abc traceId=4bf92f3577b34da6a3ce929d0e0e4736 span_id=00f067aa0ba902b7 http.status_code=502"#.to_string(),
            format!(r#"at=info method=GET path="/" request_id=short status=200 service=12ms msg="see {u} and traceparent 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01""#),
            "ts=2024-03-01T10:00:02Z request_id=".to_string(),
            "ts=2024-03-01T10:00:02Z rid=abcdefgh-1 rid=abcdefgh-2 reqid=abcdefgh-3 req=abcdefgh-4 requestId=abcdefgh-5".to_string(),
            // Not logfmt: declined.
            "ts=2024-03-01T10:00:02Z".to_string(),
            "2024-03-01T10:00:02Z level=info request_id=abcdefgh".to_string(),
        ];
        assert_eq!(quick_equals_parse(FormatId::Logfmt, &lines), lines.len() - 2);
    }

    #[test]
    fn syslog_fields_never_name_request_ids_and_raw_ids_are_seen_in_chunks() {
        let cx = ParseCx::new(Zone::Utc, YearRef::forced(2024));
        let lines = [
            "<38>Mar  3 12:00:01 web1 sshd(pam_unix)[1234]: session opened request_id=abcdefgh",
            "Mar  3 12:00:01 web1 app[worker-7]: trace_id=abcdefgh-1 done",
            "<13>1 2024-03-03T12:00:01Z web1 app 77 - - x",
            "2024-03-03T12:00:01.123456+00:00 web1 kernel: [ 1.2] usb 1-1: new device",
            "Mar  3 12:00:01 web1 systemd[1]: Started Session 42 of user root.",
            "Mar  3 12:00:01 web1 CRON[3487622]: (root) CMD (/usr/local/bin/backup.sh >/dev/null 2>&1)",
        ];
        for line in lines {
            let Some(ev) = FormatId::Syslog.parse(line, &cx) else { continue };
            for (k, _) in &ev.fields {
                assert_ne!(
                    FieldScan::wants(k),
                    Some(crate::analysis::trace::fields::Wanted::Id),
                    "{line}: {k}"
                );
            }
        }
        let u = "7e796112-f64c-4748-921a-401c28133228";
        assert!(has_raw_id(format!("a\nb {u}\n").as_bytes()));
        assert!(has_raw_id(format!("x\n{u}").as_bytes()));
        assert!(!has_raw_id(format!("x{u}\n").as_bytes()), "glued: not an id, in a record either");
        assert!(!has_raw_id(b"Mar  2 00:00:00 web1 CRON[1]: 2024-03-02 run\n"));
        let d = detect(lines, &cx);
        assert_eq!(d.format, FormatId::Syslog);
    }

    /// Every line of every plain-text fixture, and of the loghub samples
    /// when present, as its source's detection reads it: whatever the quick
    /// route takes, it answers as parsing does.
    #[test]
    fn every_fixture_and_loghub_line_taken_quickly_gives_what_parsing_gives() {
        let (mut files, mut taken, mut lines, mut records) = (0, 0, 0, 0);
        let cx = ParseCx::new(Zone::Utc, YearRef::forced(2024));
        for (p, text) in crate::test_texts::fixture_and_loghub_files(true) {
            let d = detect(text.lines().take(200), &cx);
            files += 1;
            if supports_records(d.format) {
                let (quick, parsed, read) = records_both(&d, &text);
                assert_eq!(quick, parsed, "{}", p.display());
                records += read;
            }
            for line in text.lines().map(|l| l.strip_suffix('\r').unwrap_or(l)) {
                if line.trim_start().is_empty() {
                    continue;
                }
                lines += 1;
                let (quick, parsed) = both(&d, line, &cx);
                if let Some(q) = quick {
                    assert_eq!(q, parsed, "{}: {line}", p.display());
                    taken += 1;
                }
            }
        }
        eprintln!(
            "quick: {taken} of {lines} lines, {records} records, in {files} files read without parsing"
        );
        assert!(taken > 100, "{taken}");
        assert!(records > 10, "{records}");
    }
}
