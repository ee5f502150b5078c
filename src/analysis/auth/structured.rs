//! Authentication events read from fields rather than message text:
//! access-log requests to login pages (401/403 = failure, a POST answered
//! 2xx/3xx = success), and JSON/logfmt application events such as
//! `{"event":"login","outcome":"failure","user":"bob","ip":"192.0.2.1"}`,
//! cowrie's `cowrie.login.failed`, MongoDB's `"msg":"Authentication
//! failed"` and Grafana's `msg="Invalid username or password"`.

use std::borrow::Cow;

use super::{clean_ip, looks_like_host, Hit, Outcome, Weight};
use crate::event::{Event, Value};
use crate::format::FormatId;

/// Literals that every record this module accepts contains (in lower case,
/// Capitalised or UPPER case): login-ish words and login page paths.
/// NOTE: a login word in another mixture of cases (`LogIn`) is missed.
pub const NEEDLES: &[&str] = &[
    "login",
    "logon",
    "signin",
    "sign_in",
    "sign-in",
    "authenticat",
    "xmlrpc",
    "oauth",
    "/auth",
    "/session",
    "password",
];

const PATH_KEYS: &[&str] = &["path", "RequestPath", "request_uri", "uri", "url.path", "http.url", "url"];
const STATUS_KEYS: &[&str] =
    &["status", "DownstreamStatus", "status_code", "http.status_code", "response_code"];
const IP_KEYS: &[&str] = &[
    "ip",
    "client_ip",
    "remote_addr",
    "remote_ip",
    "src_ip",
    "source_ip",
    "clientip",
    "client.ip",
    "source.ip",
    "ClientHost",
    "attr.remote",
    "remote",
    "peer",
    "rhost",
    "client",
];
const USER_KEYS: &[&str] = &[
    "user",
    "username",
    "user_name",
    "usr.name",
    "user.name",
    "attr.principalName",
    "attr.user",
    "principal",
    "account",
    "login",
    "uname",
    "email",
    "ClientUsername",
    "remote_user",
];
const EVENT_KEYS: &[&str] =
    &["event", "action", "eventid", "event.action", "evt", "type", "event_type", "activity"];
const OUTCOME_KEYS: &[&str] =
    &["outcome", "result", "event.outcome", "status", "success", "authenticated", "auth_result"];
const METHOD_KEYS: &[&str] = &["auth_method", "mechanism", "attr.mechanism", "method"];

/// The login event in a record's fields, if it has one.
pub fn extract<'e>(ev: &'e Event<'_>) -> Option<Hit<'e>> {
    if let Some(h) = web_request(ev) {
        return Some(h);
    }
    if matches!(ev.format, FormatId::Json | FormatId::Logfmt | FormatId::Syslog5424) {
        return app_event(ev);
    }
    None
}

/// A field's text, first of `keys` present and not empty or `-`.
fn first<'e>(ev: &'e Event<'_>, keys: &[&str]) -> Option<Cow<'e, str>> {
    keys.iter()
        .find_map(|k| ev.field(k).map(Value::as_text).filter(|t| !t.is_empty() && t != "-" && t != "null"))
}

/// The client address of a record (`ip`, `client_ip`, `remote_addr`...),
/// without its port; used too when a text rule found none.
pub fn field_ip<'e>(ev: &'e Event<'_>) -> Option<Cow<'e, str>> {
    let raw = first(ev, IP_KEYS)?;
    let cleaned = {
        let s = raw.split(',').next().unwrap_or("").trim();
        let s = strip_port(s);
        clean_ip(s).to_string()
    };
    looks_like_host(&cleaned).then(|| match raw {
        Cow::Borrowed(b) if b == cleaned => Cow::Borrowed(b),
        _ => Cow::Owned(cleaned),
    })
}

/// `1.2.3.4:5678` -> `1.2.3.4`, `[2001:db8::1]:443` -> `2001:db8::1`; a
/// bare IPv6 address is left alone.
fn strip_port(s: &str) -> &str {
    if let Some(rest) = s.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    match s.rfind(':') {
        Some(i) if s[..i].contains('.') && !s[..i].contains(':') => &s[..i],
        _ => s,
    }
}

/// Whether a request path is a login endpoint.
pub fn is_login_path(path: &str) -> bool {
    let p = path.split(['?', '#']).next().unwrap_or(path).to_ascii_lowercase();
    const PARTS: &[&str] = &[
        "/login",
        "/signin",
        "/sign_in",
        "/sign-in",
        "/logon",
        "/wp-login.php",
        "/xmlrpc.php",
        "/api/auth",
        "/auth/",
        "/oauth/token",
        "/oauth2/token",
        "/session",
        "/j_security_check",
        "/users/sign_in",
        "/user/login",
        "/api/v1/auth",
        "/identity/connect/token",
    ];
    PARTS.iter().any(|part| p.contains(part)) || p.ends_with("/auth")
}

fn web_request<'e>(ev: &'e Event<'_>) -> Option<Hit<'e>> {
    let path = first(ev, PATH_KEYS)?;
    if !is_login_path(&path) {
        return None;
    }
    let status: u16 = first(ev, STATUS_KEYS)?.trim().parse().ok()?;
    let method = first(ev, &["method", "RequestMethod", "http.method", "request_method"]);
    let post = method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case("POST"));
    let outcome = match status {
        401 | 403 => Outcome::Failure,
        200..=399 if post => Outcome::Success,
        _ => return None,
    };
    let mut h = Hit::new(Some(outcome), Weight::Attempt, "http");
    h.ip = field_ip(ev);
    h.user = first(ev, &["user", "remote_user", "ClientUsername"]);
    h.method = Cow::Borrowed("http");
    Some(h)
}

fn word_outcome(v: &str) -> Option<Outcome> {
    let v = v.to_ascii_lowercase();
    const FAIL: &[&str] = &[
        "fail",
        "denied",
        "invalid",
        "incorrect",
        "reject",
        "unauthori",
        "wrong",
        "bad_password",
        "error",
        "mismatch",
    ];
    const OK: &[&str] =
        &["success", "succeeded", "accepted", "granted", "allowed", "passed", "authenticated"];
    if v == "false" || v == "0" || FAIL.iter().any(|w| v.contains(w)) {
        Some(Outcome::Failure)
    } else if v == "true" || v == "ok" || v == "1" || OK.iter().any(|w| v.contains(w)) {
        Some(Outcome::Success)
    } else {
        None
    }
}

fn is_login_word(v: &str) -> bool {
    let v = v.to_ascii_lowercase();
    ["login", "logon", "signin", "sign_in", "sign-in", "authenticat", "auth"].iter().any(|w| v.contains(w))
}

/// Messages applications print for a failed or successful login.
const PHRASES: &[(&str, Outcome)] = &[
    ("invalid username or password", Outcome::Failure),
    ("authentication failed", Outcome::Failure),
    ("login failed", Outcome::Failure),
    ("failed login", Outcome::Failure),
    ("invalid credentials", Outcome::Failure),
    ("bad credentials", Outcome::Failure),
    ("failed to authenticate", Outcome::Failure),
    ("successfully authenticated", Outcome::Success),
    ("authentication succeeded", Outcome::Success),
    ("login succeeded", Outcome::Success),
    ("login successful", Outcome::Success),
    ("user logged in", Outcome::Success),
];

fn app_event<'e>(ev: &'e Event<'_>) -> Option<Hit<'e>> {
    let event = first(ev, EVENT_KEYS)
        .or_else(|| (ev.message.len() <= 40).then(|| Cow::Borrowed(ev.message.as_ref())))
        .filter(|e| is_login_word(e));
    let outcome = match &event {
        Some(e) => first(ev, OUTCOME_KEYS).and_then(|o| word_outcome(&o)).or_else(|| word_outcome(e)),
        None => {
            let msg = ev.message.to_ascii_lowercase();
            PHRASES.iter().find(|(p, _)| msg.contains(p)).map(|&(_, o)| o)
        }
    }?;
    let user = first(ev, USER_KEYS);
    let ip = field_ip(ev);
    if event.is_none() && user.is_none() && ip.is_none() {
        return None;
    }
    let service = first(ev, &["service", "app", "application", "logger"])
        .or_else(|| ev.app.as_deref().map(Cow::Borrowed))
        .unwrap_or(Cow::Borrowed("app"));
    let service = match event.as_deref() {
        Some(e) if e.starts_with("cowrie.") => Cow::Borrowed("cowrie"),
        _ => service,
    };
    let mut h = Hit::new(Some(outcome), Weight::Attempt, service);
    h.user = user;
    h.ip = ip;
    h.port = first(ev, &["src_port", "port", "client_port"]).and_then(|p| p.parse().ok());
    h.method = first(ev, METHOD_KEYS)
        .filter(|m| !matches!(m.as_ref(), "GET" | "POST" | "PUT" | "HEAD" | "DELETE" | "PATCH"))
        .unwrap_or(Cow::Borrowed("password"));
    Some(h)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::ParseCx;

    fn ev_of(format: FormatId, line: &str) -> Event<'_> {
        let cx = ParseCx::utc_now();
        let ev = match format {
            FormatId::Json => crate::format::jsonl::parse(line, &cx),
            FormatId::Logfmt => crate::format::logfmt::parse(line, &cx),
            FormatId::Access => crate::format::access::parse(line, &cx),
            _ => unreachable!(),
        };
        ev.unwrap_or_else(|| panic!("does not parse: {line}"))
    }

    fn got(h: Option<Hit<'_>>) -> Option<(Outcome, Option<String>, Option<String>, String)> {
        h.map(|h| {
            (
                h.outcome.unwrap(),
                h.user.map(|u| u.into_owned()),
                h.ip.map(|i| i.into_owned()),
                h.service.into_owned(),
            )
        })
    }

    #[test]
    fn access_log_logins() {
        let fail = r#"198.51.100.7 - - [03/Mar/2024:12:00:01 +0000] "POST /wp-login.php HTTP/1.1" 401 612 "-" "curl/8.0""#;
        let ev = ev_of(FormatId::Access, fail);
        assert_eq!(
            got(extract(&ev)),
            Some((Outcome::Failure, None, Some("198.51.100.7".into()), "http".into()))
        );
        let ok = r#"198.51.100.8 - bob [03/Mar/2024:12:00:02 +0000] "POST /login HTTP/1.1" 302 0 "-" "Mozilla/5.0""#;
        let ev = ev_of(FormatId::Access, ok);
        assert_eq!(
            got(extract(&ev)),
            Some((Outcome::Success, Some("bob".into()), Some("198.51.100.8".into()), "http".into()))
        );
        for not in [
            r#"198.51.100.9 - - [03/Mar/2024:12:00:03 +0000] "GET /login HTTP/1.1" 200 4022 "-" "Mozilla/5.0""#,
            r#"198.51.100.9 - - [03/Mar/2024:12:00:03 +0000] "GET /products/1 HTTP/1.1" 401 10 "-" "Mozilla/5.0""#,
        ] {
            let ev = ev_of(FormatId::Access, not);
            assert!(extract(&ev).is_none(), "{not}");
        }
    }

    #[test]
    fn json_and_logfmt_login_events() {
        let cases = [
            (
                FormatId::Json,
                r#"{"ts":"2024-03-03T12:00:01Z","event":"login","outcome":"failure","user":"bob","client_ip":"192.0.2.90"}"#,
                Some((Outcome::Failure, Some("bob"), Some("192.0.2.90"))),
            ),
            (
                FormatId::Logfmt,
                r#"ts=2024-03-03T12:00:01Z level=info action=authenticate result=success username=carol remote_addr=192.0.2.91:5000"#,
                Some((Outcome::Success, Some("carol"), Some("192.0.2.91"))),
            ),
            (
                FormatId::Json,
                r#"{"eventid":"cowrie.login.failed","username":"root","password":"123456","src_ip":"192.0.2.92","timestamp":"2024-03-03T12:00:01.000Z"}"#,
                Some((Outcome::Failure, Some("root"), Some("192.0.2.92"))),
            ),
            (
                FormatId::Json,
                r#"{"t":{"$date":"2024-03-03T12:00:01.000+00:00"},"s":"I","c":"ACCESS","id":20249,"ctx":"conn1","msg":"Authentication failed","attr":{"mechanism":"SCRAM-SHA-256","principalName":"admin","remote":"192.0.2.93:50000"}}"#,
                Some((Outcome::Failure, Some("admin"), Some("192.0.2.93"))),
            ),
            (
                FormatId::Logfmt,
                r#"t=2024-03-03T12:00:01+0000 lvl=eror msg="Invalid username or password" logger=context userId=0 orgId=0 uname=admin error="invalid username or password" remote_addr=192.0.2.94"#,
                Some((Outcome::Failure, Some("admin"), Some("192.0.2.94"))),
            ),
            (
                FormatId::Json,
                r#"{"ts":"2024-03-03T12:00:01Z","event":"order_created","user":"bob","ip":"192.0.2.95"}"#,
                None,
            ),
            (FormatId::Logfmt, r#"ts=2024-03-03T12:00:01Z msg="password reset email sent" user=bob"#, None),
        ];
        for (format, line, want) in cases {
            let ev = ev_of(format, line);
            let h = got(extract(&ev));
            let h = h.as_ref().map(|(o, u, i, _)| (*o, u.as_deref(), i.as_deref()));
            assert_eq!(h, want, "{line}");
        }
    }
}
