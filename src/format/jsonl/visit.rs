//! JSON lines' fields without the event: one walk over the members, in
//! the full parse's order and with its flattening of nested objects,
//! handing the members a [`Members`] sink wants to it and building no
//! other value, and giving what [`super::parse`] would give as the
//! event's timestamp and level.
//!
//! Why: `trace --top` reads a status, a duration and request IDs from
//! every line; for JSON lines the full parse (a vector of every field,
//! role lookups, the event) is most of its time. Here the values are
//! skipped by the validating scanners of the full parse (so a line is
//! accepted exactly when it parses), and only the members whose name has
//! the timestamp, level or message role are remembered, to choose the
//! winners with the full parse's precedence (by rank, then by position)
//! and read them with its readers.
//!
//! When unsure, it says so ([`Visit::Unsure`]) and the caller parses: a
//! top-level timestamp-named object (GCP's `{"seconds","nanos"}`, which
//! the parse flattens in place only when it is not the timestamp), more
//! role-named members than are remembered, or a wanted member whose name
//! has one of the three roles (the parse leaves out the chosen ones).

use super::{
    level_of, literal, number_end, parse_string, role_of, skip_bom, skip_string, skip_value, skip_ws,
    timestamp_of, Role, FLATTEN_DEPTH,
};
use crate::event::{Level, Timestamp, Value};
use crate::format::ParseCx;

/// Where [`visit`] hands the members of a line: the (flattened, unescaped)
/// name is lent for the call only; the value is built only when wanted.
pub trait Members<'a> {
    /// Whether the member of this name is wanted.
    fn wants(&mut self, key: &str) -> bool;
    /// A wanted member, in the line's order, as the full parse has it.
    fn member(&mut self, key: &str, value: Value<'a>);
}

/// What [`visit`] made of a line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Visit {
    /// Not one JSON object: [`super::parse`] gives `None`.
    NotJson,
    /// A JSON object this walk does not read alone: ask the full parse
    /// (what the sink was given is to be dropped).
    Unsure,
    /// Read: the event's timestamp and level.
    Read(Option<Timestamp>, Option<Level>),
}

/// Role-named members remembered per role; a line with more is unsure.
const MAX_CANDIDATES: usize = 8;

/// A member whose name has a role: its rank, where its value starts and
/// ends in the line, and whether its name starts with `@` (serilog).
#[derive(Clone, Copy, Default)]
struct Candidate {
    rank: u8,
    at: bool,
    start: u32,
    end: u32,
}

/// The role-named members of a line, per role (timestamp, level, message).
#[derive(Default)]
struct Found {
    roles: [[Candidate; MAX_CANDIDATES]; 3],
    n: [usize; 3],
}

impl Found {
    /// Remembers a member of `role`; `None` when there are too many.
    fn add(&mut self, role: usize, c: Candidate) -> Option<()> {
        *self.roles[role].get_mut(self.n[role])? = c;
        self.n[role] += 1;
        Some(())
    }

    /// The candidates of `role` in the full parse's order of trying: by
    /// rank, then by position (a stable sort keeps line order).
    fn ordered(&mut self, role: usize) -> &[Candidate] {
        let c = &mut self.roles[role][..self.n[role]];
        c.sort_by_key(|c| c.rank);
        c
    }
}

const TS: usize = 0;
const LEVEL: usize = 1;
const MESSAGE: usize = 2;

/// Reads one line; see the module docs.
pub fn visit<'a, S: Members<'a>>(line: &'a str, cx: &ParseCx, sink: &mut S) -> Visit {
    let b = line.as_bytes();
    let open = skip_ws(b, skip_bom(b));
    if b.get(open) != Some(&b'{') {
        return Visit::NotJson;
    }
    let mut found = Found::default();
    let end = match walk(line, open, sink, &mut found) {
        Walk::Done(end) => end,
        Walk::Invalid => return Visit::NotJson,
        Walk::Unsure => return Visit::Unsure,
    };
    if skip_ws(b, end) != b.len() {
        return Visit::NotJson;
    }
    let ts = found.ordered(TS).iter().find_map(|c| timestamp_of(&value_at(line, c)?, cx).map(|(t, _)| t));
    let level = found.ordered(LEVEL).iter().find_map(|c| level_of(&value_at(line, c)?));
    // The message: the first string or number; serilog's `@m`/`@mt`
    // without `@l` is Information.
    let message =
        found.ordered(MESSAGE).iter().find(|c| matches!(b[c.start as usize], b'"' | b'-' | b'0'..=b'9'));
    let serilog = message.is_some_and(|c| c.at);
    Visit::Read(ts, level.or(serilog.then_some(Level::Info)))
}

/// The value of a remembered member, as the full parse builds it.
fn value_at<'a>(line: &'a str, c: &Candidate) -> Option<Value<'a>> {
    let (start, end) = (c.start as usize, c.end as usize);
    Some(match line.as_bytes()[start] {
        b'"' => Value::Str(parse_string(line, start)?.0),
        b'-' | b'0'..=b'9' => Value::Num(&line[start..end]),
        b'{' | b'[' => Value::Json(&line[start..end]),
        b't' => Value::Bool(true),
        b'f' => Value::Bool(false),
        _ => Value::Null,
    })
}

/// How [`walk`] ended.
enum Walk {
    /// The object closed here.
    Done(usize),
    Invalid,
    Unsure,
}

/// `?` for [`walk`]: a failed scan is an invalid line.
macro_rules! ok {
    ($e:expr) => {
        match $e {
            Some(v) => v,
            None => return Walk::Invalid,
        }
    };
}

/// The full parse's `flatten_object` at the top level (no prefix, the
/// full flattening depth, timestamp objects deferred), handing members to
/// `sink` instead of collecting them. Iterative, like it.
fn walk<'a, S: Members<'a>>(src: &'a str, open: usize, sink: &mut S, found: &mut Found) -> Walk {
    let b = src.as_bytes();
    // The flattened key prefix and, per open level, its length before the
    // level's name: built only once a nested object is entered (a flat
    // line copies no name and allocates nothing).
    let mut prefix = String::new();
    let mut prefix_lens: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    let mut pos = skip_ws(b, open + 1);
    if b.get(pos) == Some(&b'}') {
        return Walk::Done(pos + 1);
    }
    loop {
        if b.get(pos) != Some(&b'"') {
            return Walk::Invalid;
        }
        let (name, after_name) = ok!(parse_string(src, pos));
        pos = skip_ws(b, after_name);
        if b.get(pos) != Some(&b':') {
            return Walk::Invalid;
        }
        pos = skip_ws(b, pos + 1);
        let name_start = prefix.len();
        let key: &str = if depth == 0 {
            &name
        } else {
            prefix.push_str(&name);
            &prefix
        };
        let role = role_of(key);
        let c = *ok!(b.get(pos));
        if c == b'{' {
            let defer = depth == 0 && matches!(role, Some((Role::Ts, _)));
            let empty = b.get(skip_ws(b, pos + 1)) == Some(&b'}');
            if defer && !empty {
                return Walk::Unsure;
            }
            if !(defer || depth + 2 > FLATTEN_DEPTH || empty) {
                prefix_lens.push(name_start);
                if depth == 0 {
                    prefix.push_str(&name);
                }
                prefix.push('.');
                depth += 1;
                pos = skip_ws(b, pos + 1);
                continue;
            }
        }
        let end = ok!(match c {
            b'{' | b'[' => skip_value(b, pos),
            b'"' => skip_string(b, pos),
            b't' => literal(b, pos, b"true"),
            b'f' => literal(b, pos, b"false"),
            b'n' => literal(b, pos, b"null"),
            b'-' | b'0'..=b'9' => number_end(b, pos),
            _ => None,
        });
        let slot = match role {
            Some((Role::Ts, _)) => Some(TS),
            Some((Role::Level, _)) => Some(LEVEL),
            Some((Role::Message, _)) => Some(MESSAGE),
            _ => None,
        };
        if let (Some(slot), Some((_, rank))) = (slot, role) {
            let (Ok(start), Ok(end)) = (u32::try_from(pos), u32::try_from(end)) else { return Walk::Unsure };
            if found.add(slot, Candidate { rank, at: key.starts_with('@'), start, end }).is_none() {
                return Walk::Unsure;
            }
        }
        if sink.wants(key) {
            if slot.is_some() {
                return Walk::Unsure;
            }
            let value = match c {
                b'{' | b'[' => Value::Json(&src[pos..end]),
                b'"' => Value::Str(ok!(parse_string(src, pos)).0),
                b't' => Value::Bool(true),
                b'f' => Value::Bool(false),
                b'n' => Value::Null,
                _ => Value::Num(&src[pos..end]),
            };
            sink.member(key, value);
        }
        if depth > 0 {
            prefix.truncate(name_start);
        }
        pos = end;
        // After a value: the next member, or the end of one or more objects.
        loop {
            pos = skip_ws(b, pos);
            match b.get(pos) {
                Some(b',') => {
                    pos = skip_ws(b, pos + 1);
                    break;
                }
                Some(b'}') => {
                    pos += 1;
                    if depth == 0 {
                        return Walk::Done(pos);
                    }
                    depth -= 1;
                    prefix.truncate(prefix_lens.pop().unwrap_or(0));
                }
                _ => return Walk::Invalid,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;
    use crate::format::time::{YearRef, Zone};

    /// Wants every member the full parse never lifts out of its fields.
    #[derive(Default)]
    struct All(Vec<(String, String)>);

    fn kept(key: &str) -> bool {
        !matches!(role_of(key), Some((Role::Ts | Role::Level | Role::Message, _)))
    }

    impl<'a> Members<'a> for All {
        fn wants(&mut self, key: &str) -> bool {
            kept(key)
        }
        fn member(&mut self, key: &str, value: Value<'a>) {
            self.0.push((key.to_string(), format!("{value:?}")));
        }
    }

    /// The walk's answer for a line agrees with the full parse's: the same
    /// acceptance, timestamp, level and (role-less) fields in order.
    /// Returns whether the walk was sure.
    fn same(line: &str) -> bool {
        let cx = ParseCx::new(Zone::Utc, YearRef::forced(2024));
        let mut got = All::default();
        let v = visit(line, &cx, &mut got);
        let ev = parse(line, &cx);
        match (v, ev) {
            (Visit::NotJson, None) => true,
            (Visit::Unsure, _) => false,
            (Visit::Read(ts, level), Some(ev)) => {
                assert_eq!((ts, level), (ev.ts, ev.level), "{line:?}");
                let want: Vec<(String, String)> = ev
                    .fields
                    .iter()
                    .filter(|(k, _)| kept(k))
                    .map(|(k, v)| (k.to_string(), format!("{v:?}")))
                    .collect();
                assert_eq!(got.0, want, "{line:?}");
                true
            }
            (v, ev) => panic!("{line:?}: walk {v:?}, parse {:?}", ev.map(|e| e.fields)),
        }
    }

    #[test]
    fn ugly_lines_agree_with_the_full_parse() {
        let sure = [
            r#"{"ts":"2024-03-01T00:00:00.887Z","level":"debug","service":"orders","request_id":"cbd5da31-8293-4779-a1f8-6d039da7fdf2","msg":"order loaded","order_id":992486,"duration_ms":16}"#,
            r#"{"ts":"2024-03-01T10:00:00Z","level":"warn","request_id":"x","http":{"status_code":504,"req":{"id":"abc\u0041def1"}},"elapsed_s":1.25}"#,
            r#"{"@t":"2024-03-03T12:00:01Z","@mt":"serilog {A}","A":1}"#,
            r#"{"@t":"2024-03-03T12:00:01Z","@m":"x","@l":"Warning"}"#,
            r#"{"msg":7,"@m":"later","log":{"level":"error"}}"#,
            r#"{"log.level":"bogus","log":{"level":"warn"},"level":"nope","severity":3}"#,
            r#"{"Level":"ERROR","level":"info"}"#,
            r#"{"ts":"bad","time":"2024-03-03T12:00:02Z","timestamp":{},"x":{}}"#,
            r#"{"t\u0073":"2024-03-03T12:00:05Z","re\u0071":"id-with-escape","status":"5\u00300"}"#,
            r#"{"a":{"b":{"c":{"d":{"trace_id":"deep-id-12345"}}}},"a.b":[1,{"c":2}],"e":null,"f":true}"#,
            r#"  {"status":200,"status":"500","status_code":null,"duration_ms":"17.5","latency_ms":-3}  "#,
            "\u{feff}{\"x-request-id\":\"ABCDEF0123456789\",\"ts\":1709467201.25}",
            r#"{"message":"multi\nline\n","PRIORITY":"3","MESSAGE":"journald","__REALTIME_TIMESTAMP":"1709467201123456"}"#,
            r#"{}"#,
            r#"{"a":{}}"#,
        ];
        for line in sure {
            assert!(same(line), "unsure: {line}");
        }
        let unsure = [
            r#"{"timestamp":{"seconds":1709467201,"nanos":5},"msg":"gcp"}"#,
            r#"{"t":"1","t":"2","t":"3","t":"4","t":"5","t":"6","t":"7","t":"8","t":"9"}"#,
        ];
        for line in unsure {
            assert!(!same(line), "sure: {line}");
        }
        let not_json = [
            "",
            "plain",
            "[1]",
            r#"{"a":1} x"#,
            r#"{"a":1,}"#,
            r#"{"a":01}"#,
            r#"{"a":"\x"}"#,
            r#"{"a":{"b":1}"#,
            r#"{"a":{"b":1}}}"#,
            r#"{a:1}"#,
            r#"{"a" 1}"#,
        ];
        for line in not_json {
            assert!(same(line));
        }
    }

    #[test]
    fn nesting_at_and_past_the_limits_agrees() {
        for depth in [FLATTEN_DEPTH - 2, FLATTEN_DEPTH - 1, FLATTEN_DEPTH, FLATTEN_DEPTH + 1, 1100] {
            let line = format!(
                r#"{{"ts":"2024-03-03T12:00:01Z",{}"request_id":"abcdefgh-1"{},"z":1}}"#,
                r#""k":{"#.repeat(depth),
                "}".repeat(depth)
            );
            same(&line);
            let arrays = format!(r#"{{"a":{}1{},"b":2}}"#, "[".repeat(depth), "]".repeat(depth));
            same(&arrays);
        }
    }

    /// Every prefix, and every one-byte change and insertion from a set of
    /// bytes that matter to JSON, of real-shaped lines: both agree.
    #[test]
    fn mutated_real_lines_agree() {
        let base = [
            r#"{"ts":"2024-03-01T00:00:00.887Z","level":"debug","service":"orders","request_id":"cbd5da31-8293-4779-a1f8-6d039da7fdf2","msg":"order loaded","order_id":992486,"duration_ms":16}"#,
            r#"{"@timestamp":"2024-03-03T12:00:01.123Z","log.level":"error","message":"x","http":{"status_code":502,"request":{"id":"r-1234567"}},"@m":"y"}"#,
            r#"{"level":30,"time":1709467201123,"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","tags":["a",{"b":null}],"status":"503"}"#,
        ];
        let alphabet = b"{}[]\":,\\ 0123456789.-eEtfnu@x";
        let mut checked = 0;
        for line in base {
            checked += crate::test_texts::for_each_variant(line, alphabet, &mut |l| {
                same(l);
            });
        }
        assert!(checked > 20_000, "{checked}");
    }
}
