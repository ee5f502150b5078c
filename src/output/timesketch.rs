//! Timesketch / plaso-style JSON lines (`timeline --timesketch`).
//!
//! Timesketch imports JSONL where every object has `message`, `datetime`
//! (ISO 8601) and `timestamp_desc`; other keys become event attributes.
//! logsift writes, per event:
//!
//! ```json
//! {"message":"Failed password for root from 203.0.113.5 port 22 ssh2",
//!  "datetime":"2024-03-03T12:00:01.123Z","timestamp":1709467201123000,
//!  "timestamp_desc":"Event Logged","data_type":"logsift:syslog",
//!  "source_file":"web1/auth.log","line":12,"level":"error","host":"web1",
//!  "app":"sshd","pid":1234,"ip":"203.0.113.5"}
//! ```
//!
//! `timestamp` is microseconds since the epoch (what Timesketch stores);
//! parsed fields are top-level attributes, renamed `field_<name>` when
//! they would clash with a key above. A record without a timestamp of its
//! own (a continuation or unparsed line) gets the time of the record before
//! it, `timestamp_desc` says so, and `untimed` is `true`.

use std::io::Write;

use crate::event::timestamp::Timestamp;
use crate::event::Event;
use crate::output::json::{write_str, write_value};

/// Keys logsift writes itself; fields with these names get a prefix.
const RESERVED: [&str; 13] = [
    "message",
    "datetime",
    "timestamp",
    "timestamp_desc",
    "data_type",
    "source_file",
    "line",
    "level",
    "host",
    "app",
    "pid",
    "untimed",
    "tag",
];

/// `timestamp_desc` of records with their own timestamp.
pub const DESC: &str = "Event Logged";
/// `timestamp_desc` of records that inherit the time of the one before.
pub const DESC_INHERITED: &str = "Event Logged (time of preceding record)";

/// Appends one event as a Timesketch JSON line. `at` is the instant used
/// when the event has no timestamp of its own (the preceding record's).
pub fn write_event(out: &mut Vec<u8>, ev: &Event<'_>, source: &str, at: i64) {
    let (ts, desc) = match ev.ts {
        Some(t) => (t, DESC),
        None => (Timestamp::new(at, 6), DESC_INHERITED),
    };
    out.extend_from_slice(b"{\"message\":");
    write_str(out, &ev.message);
    out.extend_from_slice(b",\"datetime\":\"");
    ts.write_rfc3339_bytes(out, 0);
    out.push(b'"');
    let _ = write!(out, ",\"timestamp\":{}", ts.nanos.div_euclid(1000));
    out.extend_from_slice(b",\"timestamp_desc\":");
    write_str(out, desc);
    out.extend_from_slice(b",\"data_type\":");
    write_str(out, &format!("logsift:{}", ev.format.name()));
    out.extend_from_slice(b",\"source_file\":");
    write_str(out, source);
    let _ = write!(out, ",\"line\":{}", ev.line);
    for (k, v) in
        [("level", ev.level.map(|l| l.as_str())), ("host", ev.host.as_deref()), ("app", ev.app.as_deref())]
    {
        if let Some(v) = v {
            let _ = write!(out, ",\"{k}\":");
            write_str(out, v);
        }
    }
    if let Some(p) = ev.pid {
        let _ = write!(out, ",\"pid\":{p}");
    }
    if ev.ts.is_none() {
        out.extend_from_slice(b",\"untimed\":true");
    }
    let mut seen: Vec<&str> = Vec::new();
    for (k, v) in &ev.fields {
        if seen.contains(&k.as_ref()) {
            continue; // the first value of a repeated key, as `field()` does
        }
        seen.push(k);
        out.push(b',');
        if RESERVED.contains(&k.as_ref()) || k.starts_with("field_") {
            write_str(out, &format!("field_{k}"));
        } else {
            write_str(out, k);
        }
        out.push(b':');
        write_value(out, v);
    }
    out.extend_from_slice(b"}\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Value;
    use crate::format::FormatId;
    use std::borrow::Cow;

    #[test]
    fn lines_have_the_keys_timesketch_requires() {
        let mut ev = Event::new(FormatId::Access, "GET / 200");
        ev.ts = Some(Timestamp::new(1_709_467_201_123_000_000, 3));
        ev.line = 4;
        ev.fields.push((Cow::Borrowed("status"), Value::Num("200")));
        ev.fields.push((Cow::Borrowed("message"), Value::Str(Cow::Borrowed("dup"))));
        let mut out = Vec::new();
        write_event(&mut out, &ev, "nginx/access.log", 0);
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["message"], "GET / 200");
        assert_eq!(v["datetime"], "2024-03-03T12:00:01.123Z");
        assert_eq!(v["timestamp"], 1_709_467_201_123_000i64);
        assert_eq!(v["timestamp_desc"], DESC);
        assert_eq!(v["data_type"], "logsift:access");
        assert_eq!(v["status"], 200);
        assert_eq!(v["field_message"], "dup");
        assert_eq!(v["source_file"], "nginx/access.log");
    }

    #[test]
    fn untimed_records_take_the_preceding_time_and_say_so() {
        let ev = Event::new(FormatId::Raw, "\tat x");
        let mut out = Vec::new();
        write_event(&mut out, &ev, "a", 1_000_000_000);
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["datetime"], "1970-01-01T00:00:01.000000Z");
        assert_eq!(v["timestamp_desc"], DESC_INHERITED);
        assert_eq!(v["untimed"], true);
    }
}
