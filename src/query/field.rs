//! Field predicates of the filter language: `--field KEY=VALUE` and friends.
//!
//! A predicate names a parsed field (`status`, `user.id`, `request_id`) or a
//! top-level attribute of the event (`level`, `host`, `app`, `message`,
//! `pid`, `format`, `source` is not one: use `--source`). Operators:
//!
//! | expression | true when |
//! |---|---|
//! | `k=v` | the value equals `v` (numerically when both are numbers: `200` = `200.0`) |
//! | `k!=v` | the field exists and does not equal `v` |
//! | `k~re` / `k!~re` | the value matches / does not match the regex |
//! | `k>=n` `k>n` `k<=n` `k<n` | numeric comparison when both are numbers, else text order |
//! | `k` | the field exists |
//! | `!k` | the field is absent |
//!
//! A predicate on a field the event does not have is false (except `!k`), so
//! `--field status>=500` never matches a line without a status.

use std::borrow::Cow;
use std::cmp::Ordering;

use regex::Regex;

use crate::event::Event;

/// The comparison a predicate makes.
#[derive(Debug, Clone)]
pub enum Op {
    Eq(String),
    Ne(String),
    Match(Regex),
    NotMatch(Regex),
    Cmp(Ordering, bool, String),
    Exists,
    Absent,
}

/// One compiled `--field` expression.
#[derive(Debug, Clone)]
pub struct FieldPred {
    /// The field or attribute name.
    pub key: String,
    pub op: Op,
}

impl FieldPred {
    /// Parses an expression (see the module docs).
    pub fn parse(expr: &str) -> Result<FieldPred, String> {
        let e = expr.trim();
        let bad_key = || {
            format!("--field '{expr}': expected KEY=VALUE, KEY!=VALUE, KEY~REGEX, KEY>=N, KEY<N, KEY or !KEY")
        };
        if let Some(k) = e.strip_prefix('!') {
            if is_key(k) {
                return Ok(FieldPred { key: k.to_string(), op: Op::Absent });
            }
        }
        if is_key(e) {
            return Ok(FieldPred { key: e.to_string(), op: Op::Exists });
        }
        let at = e.find(['=', '!', '~', '<', '>']).ok_or_else(bad_key)?;
        let key = e[..at].trim();
        if !is_key(key) {
            return Err(bad_key());
        }
        let rest = &e[at..];
        let (op_text, value) = ["!=", "!~", ">=", "<=", "==", "=", "~", ">", "<"]
            .iter()
            .find_map(|op| rest.strip_prefix(op).map(|v| (*op, v)))
            .ok_or_else(bad_key)?;
        let value = value.to_string();
        let regex = |v: &str| Regex::new(v).map_err(|err| format!("--field '{expr}': bad regex: {err}"));
        let op = match op_text {
            "=" | "==" => Op::Eq(value),
            "!=" => Op::Ne(value),
            "~" => Op::Match(regex(&value)?),
            "!~" => Op::NotMatch(regex(&value)?),
            ">=" => Op::Cmp(Ordering::Greater, true, value),
            ">" => Op::Cmp(Ordering::Greater, false, value),
            "<=" => Op::Cmp(Ordering::Less, true, value),
            "<" => Op::Cmp(Ordering::Less, false, value),
            _ => unreachable!("every operator above is handled"),
        };
        Ok(FieldPred { key: key.to_string(), op })
    }

    /// Whether the event satisfies the predicate.
    pub fn matches(&self, ev: &Event<'_>) -> bool {
        let value = lookup(ev, &self.key);
        match (&self.op, value) {
            (Op::Absent, v) => v.is_none(),
            (_, None) => false,
            (Op::Exists, Some(_)) => true,
            (Op::Eq(want), Some(v)) => equal(&v, want),
            (Op::Ne(want), Some(v)) => !equal(&v, want),
            (Op::Match(re), Some(v)) => re.is_match(&v),
            (Op::NotMatch(re), Some(v)) => !re.is_match(&v),
            (Op::Cmp(side, or_equal, want), Some(v)) => {
                let ord = match (number(&v), number(want)) {
                    (Some(a), Some(b)) => a.partial_cmp(&b),
                    _ => Some(v.as_ref().cmp(want.as_str())),
                };
                match ord {
                    Some(Ordering::Equal) => *or_equal,
                    Some(o) => o == *side,
                    None => false,
                }
            }
        }
    }
}

/// The text of a field or attribute. `level` compares by its normalised
/// name, so `--field level=warn` matches `WARNING` too.
fn lookup<'e>(ev: &'e Event<'_>, key: &str) -> Option<Cow<'e, str>> {
    match key {
        "format" => Some(Cow::Borrowed(ev.format.name())),
        "line" => Some(Cow::Owned(ev.line.to_string())),
        _ => ev.get_text(key),
    }
}

fn is_key(k: &str) -> bool {
    !k.is_empty()
        && k.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '@' | '-' | '#' | '/' | ':'))
}

fn number(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.is_empty() || !t.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+' || c == '.') {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

fn equal(v: &str, want: &str) -> bool {
    match (number(v), number(want)) {
        (Some(a), Some(b)) => a == b,
        _ => v == want,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{Level, Value};
    use crate::format::FormatId;

    fn ev() -> Event<'static> {
        let mut e = Event::new(FormatId::Access, "GET /api/orders/7 HTTP/1.1");
        e.level = Some(Level::Error);
        e.host = Some("web1".into());
        e.fields.push(("status".into(), Value::Num("503")));
        e.fields.push(("path".into(), Value::Str("/api/orders/7".into())));
        e.fields.push(("request_time".into(), Value::Str("4.800".into())));
        e
    }

    fn m(expr: &str) -> bool {
        FieldPred::parse(expr).unwrap().matches(&ev())
    }

    #[test]
    fn operators() {
        assert!(m("status=503"));
        assert!(m("status==503.0"));
        assert!(!m("status=500"));
        assert!(m("status!=200"));
        assert!(m("status>=500"));
        assert!(!m("status>503"));
        assert!(m("status<=503"));
        assert!(m("status<600"));
        assert!(m("request_time>4.5"));
        assert!(m("path~^/api/"));
        assert!(m("path!~^/static/"));
        assert!(m("host=web1"));
        assert!(m("level=error"));
        assert!(m("status"));
        assert!(m("!user"));
        assert!(!m("!status"));
        assert!(m("format=access"));
    }

    #[test]
    fn a_missing_field_is_false() {
        for expr in ["user=alice", "user!=alice", "user~.", "user>=1", "user"] {
            assert!(!m(expr), "{expr}");
        }
    }

    #[test]
    fn bad_expressions_are_explained() {
        for bad in ["", "=5", "a b=1", "status~(", ">=5"] {
            let e = FieldPred::parse(bad);
            assert!(e.is_err(), "{bad}");
        }
        assert!(FieldPred::parse("status~(").unwrap_err().contains("bad regex"));
    }
}
