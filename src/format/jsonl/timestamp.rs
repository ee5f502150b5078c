//! JSON lines' timestamp without the fields: what [`super::parse`] would
//! give as `ev.ts`, found by one walk over the top-level members.
//!
//! Why: `timeline` keys every record by its instant only, and for JSON
//! lines the full parse (flattening nested objects, building every field,
//! picking level, message, host, app and pid) is most of the key scan's
//! time. Here every member value is skipped by the validating
//! [`super::skip_value`] (the same grammar as the full parse), and only
//! the members whose name has the timestamp role are remembered; the
//! winner is chosen with the full parse's precedence (best rank first, the
//! first one among equal names, the next when a value is unusable) and
//! read by the same [`super::timestamp_of`].
//!
//! When unsure, it asks the full parse: a line this walk rejects (the
//! full parse accepts some nestings deeper than [`super::MAX_NESTING`]
//! below its flattened levels), or one with more timestamp-named members
//! than it remembers. So the answer is always the full parse's.

use super::{parse, parse_string, role_of, skip_bom, skip_value, skip_ws, timestamp_of, Role};
use crate::event::{Timestamp, Value};
use crate::format::ParseCx;

/// Timestamp-named members remembered per line; a line with more takes
/// the full parse.
const MAX_CANDIDATES: usize = 8;

/// A top-level member whose name has the timestamp role: its rank, then
/// where its value starts and ends in the line.
type Candidate = (u8, usize, usize);

/// What [`super::parse`] would give as the timestamp: `None` when the line
/// is not exactly one JSON object, else the event's `ts`.
pub fn timestamp(line: &str, cx: &ParseCx) -> Option<Option<Timestamp>> {
    let b = line.as_bytes();
    let open = skip_ws(b, skip_bom(b));
    if b.get(open) != Some(&b'{') {
        return None;
    }
    let mut found = [(0u8, 0usize, 0usize); MAX_CANDIDATES];
    match members(line, open, &mut found) {
        Some(n) => Some(choose(line, &mut found[..n], cx)),
        None => parse(line, cx).map(|ev| ev.ts),
    }
}

/// Walks the object whose `{` is at `open` to the end of the line, keeping
/// the timestamp-named members in `found`; returns how many. `None` when
/// the line is not one well-formed object by this walk, or has too many.
fn members(line: &str, open: usize, found: &mut [Candidate; MAX_CANDIDATES]) -> Option<usize> {
    let b = line.as_bytes();
    let mut n = 0;
    let mut pos = skip_ws(b, open + 1);
    if b.get(pos) == Some(&b'}') {
        pos += 1;
    } else {
        loop {
            if b.get(pos) != Some(&b'"') {
                return None;
            }
            let (name, after_name) = parse_string(line, pos)?;
            pos = skip_ws(b, after_name);
            if b.get(pos) != Some(&b':') {
                return None;
            }
            let start = skip_ws(b, pos + 1);
            pos = skip_value(b, start)?;
            if let Some((Role::Ts, rank)) = role_of(&name) {
                *found.get_mut(n)? = (rank, start, pos);
                n += 1;
            }
            pos = skip_ws(b, pos);
            match b.get(pos) {
                Some(b',') => pos = skip_ws(b, pos + 1),
                Some(b'}') => {
                    pos += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    (skip_ws(b, pos) == b.len()).then_some(n)
}

/// The first usable timestamp among the candidates in the full parse's
/// order: by rank, then by position (a stable sort keeps line order).
fn choose(line: &str, found: &mut [Candidate], cx: &ParseCx) -> Option<Timestamp> {
    found.sort_by_key(|c| c.0);
    found.iter().find_map(|&(_, start, end)| {
        let value = match line.as_bytes()[start] {
            b'"' => Value::Str(parse_string(line, start)?.0),
            b'-' | b'0'..=b'9' => Value::Num(&line[start..end]),
            // Objects under a timestamp name are kept raw (GCP's
            // `{"seconds","nanos"}`), as the full parse defers them.
            b'{' => Value::Json(&line[start..end]),
            _ => return None,
        };
        timestamp_of(&value, cx).map(|(t, _)| t)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::time::{YearRef, Zone};

    fn cx() -> ParseCx {
        ParseCx::new(Zone::Utc, YearRef::forced(2024))
    }

    /// The fast answer and the full parse's, for one line.
    fn same(line: &str) {
        let cx = cx();
        let full = parse(line, &cx).map(|ev| ev.ts);
        assert_eq!(timestamp(line, &cx), full, "{line:?}");
    }

    #[test]
    fn time_keys_nested_escaped_duplicated_absent_or_not_strings() {
        let lines = [
            r#"{"ts":"2024-03-03T12:00:01.123Z","level":"info","msg":"x"}"#,
            r#"  {"msg":"no time at all","n":1}  "#,
            "\u{feff}{\"time\":\"2024-03-03T12:00:01Z\"}",
            r#"{"time":"2024-03-03T12:00:02Z","ts":"2024-03-03T12:00:01Z"}"#,
            r#"{"ts":"garbage","time":"2024-03-03T12:00:02Z"}"#,
            r#"{"ts":"2024-03-03T12:00:01Z","ts":"2024-03-03T12:00:09Z"}"#,
            r#"{"ts":"bad","ts":"2024-03-03T12:00:09Z"}"#,
            r#"{"t\u0073":"2024-03-03T12:00:05Z"}"#,
            r#"{"ts":"2024-03-03T12:00:0\u0035Z"}"#,
            r#"{"ts":"2024-03-03T12:00:05Z\n"}"#,
            r#"{"ts":" 2024-03-03T12:00:05Z "}"#,
            r#"{"user":{"ts":"2024-03-03T12:00:05Z"},"msg":"nested only"}"#,
            r#"{"a":{"b":{"time":"2024-03-03T12:00:05Z"}},"date":"2024-03-03T12:00:06Z"}"#,
            r#"{"ts":1709467201.1234567,"msg":"zap"}"#,
            r#"{"ts":1709467201123}"#,
            r#"{"ts":"1709467201"}"#,
            r#"{"ts":-1709467201}"#,
            r#"{"ts":1e9}"#,
            r#"{"ts":true,"time":null,"timestamp":[1709467201],"date":"2024-03-03T12:00:07Z"}"#,
            r#"{"timestamp":{"seconds":1709467201,"nanos":5000},"msg":"gcp"}"#,
            r#"{"timestamp":{"seconds":"1709467201"},"ts":"nope"}"#,
            r#"{"timestamp":{},"time":"2024-03-03T12:00:08Z"}"#,
            r#"{"instant":{"epochSecond":1709467201,"nanoOfSecond":7}}"#,
            r#"{"Timestamp":"2024-03-03T12:00:01Z","TIME":"2024-03-03T12:00:02Z"}"#,
            r#"{"TIME":"2024-03-03T12:00:02Z","Timestamp":"2024-03-03T12:00:01Z"}"#,
            r#"{"@t":"2024-03-03T12:00:01.1234567Z","@mt":"serilog"}"#,
            r#"{"time_local":"03/Mar/2024:12:00:01 +0100"}"#,
            r#"{"__REALTIME_TIMESTAMP":"1709467201123456","MESSAGE":"journald"}"#,
            r#"{"ts":"2024-02-30T12:00:01Z"}"#,
            r#"{"ts":"9999-03-03T12:00:01Z"}"#,
            r#"{"ts":"2024-03-03T12:00:01+02:00"}"#,
            r#"{"ts":"2024-03-03 12:00:01"}"#,
            r#"{"ts":"2024-03-03T12:00:01Z","tags":["a",{"b":[1,2,{"c":null}]}],"x":-0.5e+3}"#,
            r#"{"t":"1","t":"2","t":"3","t":"4","t":"5","t":"6","t":"7","t":"8","t":"9","ts":"2024-03-03T12:00:01Z"}"#,
            r#"{}"#,
            r#"{ }"#,
        ];
        for line in lines {
            same(line);
        }
        // The cases above do reach both answers.
        assert_eq!(timestamp(lines[1], &cx()), Some(None));
        assert!(timestamp(lines[0], &cx()).unwrap().is_some());
    }

    #[test]
    fn not_json_lines_are_refused_like_the_full_parse() {
        let lines = [
            "",
            "plain text",
            "[1,2]",
            r#"{"ts":"2024-03-03T12:00:01Z"} trailing"#,
            r#"{"ts":"2024-03-03T12:00:01Z"}{"a":1}"#,
            r#"{"ts":"2024-03-03T12:00:01Z","a":1,}"#,
            r#"{"ts":"2024-03-03T12:00:01Z" "a":1}"#,
            r#"{"ts":"2024-03-03T12:00:01Z","a":01}"#,
            r#"{"ts":"2024-03-03T12:00:01Z","a":"\x"}"#,
            r#"{"ts":"2024-03-03T12:00:01Z","a":"\u12G4"}"#,
            r#"{"ts":"2024-03-03T12:00:01Z","a":"\ud800\u12"}"#,
            r#"{"ts":"2024-03-03T12:00:01Z","a":tru}"#,
            r#"{"ts":"2024-03-03T12:00:01Z","a":{"b":1}"#,
            r#"{"ts":"2024-03-03T12:00:01Z","a":[1,}"#,
            r#"{"ts":"2024-03-03T12:00:01Z","a""#,
            r#"{"ts":"2024-03-03T12:00:01Z"#,
            r#"{ts:1}"#,
        ];
        for line in lines {
            same(line);
        }
    }

    #[test]
    fn nesting_past_the_skip_limit_still_gets_the_full_parse_answer() {
        let depth = super::super::MAX_NESTING + 10;
        let deep_objects = format!(
            r#"{{"ts":"2024-03-03T12:00:01Z","a":{}1{}}}"#,
            r#"{"k":"#.repeat(depth),
            "}".repeat(depth)
        );
        same(&deep_objects);
        let deep_arrays =
            format!(r#"{{"ts":"2024-03-03T12:00:01Z","a":{}1{}}}"#, "[".repeat(depth), "]".repeat(depth));
        same(&deep_arrays);
    }

    /// Every prefix, and every one-byte change to a set of bytes that
    /// matter to JSON, of real-shaped lines: both answers agree.
    #[test]
    fn mutated_real_lines_agree() {
        let base = [
            r#"{"ts":"2024-03-01T00:00:00.887Z","level":"debug","service":"orders","request_id":"cbd5da31-8293-4779-a1f8-6d039da7fdf2","msg":"order loaded","order_id":992486,"duration_ms":16}"#,
            r#"{"level":"error","ts":1709467201.1234567,"caller":"orders/handler.go:88","msg":"payment declined","stacktrace":"main.handle\n\t/src/main.go:88"}"#,
            r#"{"@timestamp":"2024-03-03T12:00:01.123Z","log.level":"error","message":"x","service":{"name":"orders"},"time":"2024-03-03T12:00:02Z"}"#,
            r#"{"timestamp":{"seconds":1709467201,"nanos":5},"t":[1,{"a":"b"}],"date":"2024-03-03T12:00:03Z"}"#,
        ];
        let alphabet = b"{}[]\":,\\ 0123456789.-eEtfnu\x01x";
        let mut checked = 0;
        for line in base {
            checked += crate::test_texts::for_each_variant(line, alphabet, &mut |l| {
                same(l);
            });
        }
        assert!(checked > 20_000, "{checked}");
    }
}
