//! JSON lines' `--json` line written straight from the line's members:
//! the bytes [`write_event`](crate::output::json::write_event) writes for
//! the event [`super::parse`] makes, without making the event.
//!
//! Why: `timeline --json` re-reads every record to print it, and for JSON
//! lines the general path built the whole event (the head strings, the
//! removal of the chosen fields from the vector, the event itself and its
//! drop) only to write it out again. Here the members are walked by the
//! same [`flatten_object`] as the full parse, the head is picked by the
//! same [`pick`], and the fields go to a [`FieldWriter`] where they lie,
//! the chosen ones skipped. A line whose timestamp-named object was kept
//! raw for a second look (GCP's `{"seconds","nanos"}`), or with more
//! fields than the writer counts, is declined: the general path writes it.

use std::borrow::Cow;

use super::{flatten_object, pick, skip_bom, skip_ws, strip_final_newline, FLATTEN_DEPTH};
use crate::event::{Fields, Value};
use crate::format::{FormatId, ParseCx};
use crate::output::json::{write_head, FieldWriter, Head};

/// Appends the event line of `line` (numbered `line_no`, of the source
/// labelled `source`) to `out`; false, with `out` as it was, when the line
/// is not one JSON object or is left to the general path.
pub fn write_json(line: &str, cx: &ParseCx, source: &str, line_no: u64, out: &mut Vec<u8>) -> bool {
    let b = line.as_bytes();
    let open = skip_ws(b, skip_bom(b));
    if b.get(open) != Some(&b'{') {
        return false;
    }
    let mut fields: Fields<'_> = Vec::with_capacity(16);
    let mut prefix = String::new();
    let Some((end, deferred)) = flatten_object(line, open, &mut prefix, FLATTEN_DEPTH, &mut fields, true)
    else {
        return false;
    };
    if deferred || skip_ws(b, end) != b.len() {
        return false;
    }
    let picked = pick(&fields, cx);
    let start = out.len();
    let head = Head {
        ts: picked.ts.map(|(t, _)| t),
        source,
        line: line_no,
        format: FormatId::Json,
        level: picked.level,
        host: picked.host.as_deref(),
        app: picked.app.as_deref(),
        pid: picked.pid,
        message: picked.message.map_or("", |i| message_of(&fields[i].1)),
    };
    write_head(out, &head);
    let mut w = FieldWriter::new(out);
    for (i, (key, value)) in fields.iter().enumerate() {
        if !picked.chosen.contains(&Some(i)) {
            w.push_value(key, value);
        }
    }
    if w.finish(false, 1) {
        return true;
    }
    out.truncate(start);
    false
}

/// The message text of a value, as the full parse's `message_text` makes
/// it, borrowed.
fn message_of<'v>(v: &'v Value<'_>) -> &'v str {
    match v {
        Value::Str(Cow::Borrowed(s)) => strip_final_newline(s),
        Value::Str(Cow::Owned(s)) => strip_final_newline(s),
        Value::Num(n) => n,
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::jsonl::{parse, EXAMPLE};
    use crate::format::time::{YearRef, Zone};

    /// Real shapes and ugly ones: each role named several times (the best
    /// one unusable), escapes in names and values, nested and deferred
    /// objects, serilog, journald, numbers of every kind, control bytes.
    const UGLY: &[&str] = &[
        EXAMPLE,
        r#"{"ts":"2024-03-01T00:00:09.655Z","level":"info","service":"orders","request_id":"3099fdf5-ab99-454a-a901-e35cd47d380d","msg":"order received","order_id":623619,"duration_ms":35}"#,
        r#"{"time":"bad","ts":"2024-03-03T12:00:01+02:00","lvl":"x","level":"WARN","message":"a\nb\n","msg":7,"host":"","hostname":"h1","pid":"42"}"#,
        r#"{"@t":"2024-03-03T12:00:01.1234567Z","@mt":"serilog {x}","x":[1,{"y":null}],"k\u0073":"v\"q\\"}"#,
        r#"{"timestamp":{"seconds":1709467201,"nanos":5},"a":{"b":{"c":true}},"e":{},"f":false}"#,
        r#"{"__REALTIME_TIMESTAMP":"1709467201123456","MESSAGE":"journald\u001b[2J","PRIORITY":"3","_PID":"7","_HOSTNAME":"db"}"#,
        "{\"ts\":1709467201.5,\"msg\":\"tab\there\",\"dup\":1,\"dup\":2,\"dup\":3,\"n\":-0.5e+3}",
    ];

    #[test]
    fn the_direct_json_line_is_the_general_one() {
        let cx = ParseCx::new(Zone::Utc, YearRef::forced(2024));
        let (taken, given) = crate::test_texts::check_direct_json(UGLY, &cx, parse, write_json);
        assert!(taken > 1000 && given > taken, "{taken} of {given}");
        // Declined: a deferred timestamp object, too many fields to count.
        let mut out = Vec::new();
        assert!(!write_json(UGLY[4], &cx, "s", 1, &mut out) && out.is_empty());
        let many: String = (0..40).map(|i| format!(",\"k{}\":1", i % 3)).collect();
        assert!(!write_json(&format!("{{\"a\":1{many}}}"), &cx, "s", 1, &mut out) && out.is_empty());
        assert!(write_json(UGLY[1], &cx, "s", 1, &mut out));
    }
}
