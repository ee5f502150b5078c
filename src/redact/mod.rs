//! Redaction: finding secrets and personal data in raw log bytes and
//! writing a copy with them replaced (`[REDACTED:password]`) or
//! pseudonymised (`ip-3f9a…`, a keyed HMAC, the same in every file).
//!
//! One regex holds every enabled detector as a named alternative; it runs
//! over a whole chunk (its lazy DFA skips the vast majority of bytes, which
//! hold nothing), and each hit is then checked ([`validate`]: Luhn for
//! cards, octets for IPs, look-alike key names) before it is replaced. Line
//! structure is kept exactly: every newline of the input is in the output,
//! so line numbers in a redacted copy point at the same records.
//!
//! Private-key blocks span lines and may span chunks: [`Redactor::redact`]
//! reports a block left open at the end of a chunk and
//! [`close_open_block`] finishes it at the start of the next.

pub mod copy;
pub mod kind;
pub mod pseudo;
pub mod target;
pub mod validate;

use std::borrow::Cow;

use regex::bytes::{Regex, RegexBuilder};

pub use kind::{Counts, Kind};
pub use pseudo::Pseudonymizer;

use validate::{email_in_url, is_card, is_ipv4, is_ipv6, is_placeholder, secret_key_kind};

/// What to look for and how to replace it.
#[derive(Debug, Clone, Default)]
pub struct RedactOptions {
    /// Also redact IP addresses (`--ip`).
    pub ip: bool,
    /// Also redact user names (`--users`).
    pub users: bool,
    /// Kinds to leave alone (`--keep email`).
    pub keep: Vec<Kind>,
    /// Kinds replaced by stable pseudonyms instead of a marker.
    pub pseudonymize: Option<Pseudonymizer>,
}

/// How a matched group is handled.
#[derive(Debug, Clone, Copy)]
enum Rule {
    PrivateKey,
    UrlPassword,
    Authorization,
    Bearer,
    KeyValue,
    Jwt,
    AwsKeyId,
    Email,
    Card,
    Ip4,
    Ip6,
    User,
}

/// The detectors, in priority order: (group name, rule, pattern). A
/// pattern's value is its `(?P<name>...)` group, which is what gets
/// replaced; the rest is context.
const DETECTORS: &[(&str, Rule, &str)] = &[
    ("pk", Rule::PrivateKey, r"(?P<pk>-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----)"),
    (
        "urlpass",
        Rule::UrlPassword,
        r#"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]{1,15})://[^ \t\r\n:/@"'<>]*:(?P<urlpass>[^ \t\r\n@/"'<>]+)@"#,
    ),
    (
        "authval",
        Rule::Authorization,
        r#"(?i:(?:proxy-)?authorization)\\?["']?[ \t]*[:=][ \t]*\\?["']?(?:(?i:bearer|basic|digest|token|negotiate|ntlm|aws4-hmac-sha256)[ \t]+)?(?P<authval>[^ \t\r\n"'\\,;]+)"#,
    ),
    ("bearer", Rule::Bearer, r"(?-u:\b)(?i:bearer)[ \t]+(?P<bearer>[A-Za-z0-9._~+/\-]{8,}=*)"),
    (
        "kvval",
        Rule::KeyValue,
        r#"(?P<kvkey>[A-Za-z0-9_.\-]*(?i:password|passwd|pwd|secret|token|api[_\-]?key|access[_\-]?key|private[_\-]?key)\\?["']?)(?:=|[ \t]+=[ \t]+|[ \t]*:[ \t]*)(?P<kvval>"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|\\"(?:[^\\\n]|\\[^"\n])*\\"|[^ \t\r\n"'&,;}\])<>\\]+)"#,
    ),
    ("jwt", Rule::Jwt, r"(?P<jwt>eyJ[A-Za-z0-9_\-]{4,}\.eyJ[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]*)"),
    (
        "akid",
        Rule::AwsKeyId,
        r"(?-u:\b)(?P<akid>(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA)[A-Z0-9]{16})(?-u:\b)",
    ),
    (
        "email",
        Rule::Email,
        r"(?P<email>[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,})(?-u:\b)",
    ),
    (
        "card",
        Rule::Card,
        r"(?-u:\b)(?P<card>[0-9]{4}[ \-][0-9]{4}[ \-][0-9]{4}[ \-][0-9]{1,7}|[0-9]{4}[ \-][0-9]{6}[ \-][0-9]{5}|[0-9]{13,19})(?-u:\b)",
    ),
    ("ip4", Rule::Ip4, r"(?-u:\b)(?P<ip4>[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3})(?-u:\b)"),
    ("ip6", Rule::Ip6, r"(?P<ip6>[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})"),
    (
        "u1",
        Rule::User,
        r"(?:Failed|Accepted) [a-z\-]+ for (?:invalid user )?(?P<u1>[^\n]+?) from [0-9A-Fa-f.:]+ port ",
    ),
    ("u2", Rule::User, r"[Ii]nvalid user (?P<u2>[^\n]+?) from [0-9A-Fa-f.:]+ port "),
    ("u3", Rule::User, r"(?:authenticating|invalid) user (?P<u3>[^ \n]+) [0-9A-Fa-f.:]+ port "),
    ("u4", Rule::User, r"for user (?P<u4>[^ \t\n(]+)"),
    (
        "u5",
        Rule::User,
        r#"(?-u:\b)(?:user|username|user_name|ruser|logname|login|USER)=(?P<u5>[^ \t\r\n&,;"']+)"#,
    ),
    ("u6", Rule::User, r#""(?:user|username|user_name|userName|login)"[ \t]*:[ \t]*"(?P<u6>[^"\n]+)""#),
    ("u7", Rule::User, r"sudo:[ \t]+(?P<u7>[^ \t\n:]+) : "),
];

/// The compiled detectors.
#[derive(Debug, Clone)]
pub struct Redactor {
    re: Regex,
    /// Capture group index of each enabled detector's value, with its rule.
    groups: Vec<(usize, Rule)>,
    scheme_group: Option<usize>,
    kvkey_group: Option<usize>,
    opts: RedactOptions,
}

const END_MARK: &[u8] = b"-----END ";

impl Redactor {
    /// Compiles the detectors that `opts` enables.
    pub fn new(opts: RedactOptions) -> Redactor {
        let pseudo = |k: Kind| opts.pseudonymize.as_ref().is_some_and(|p| p.covers(k));
        let wants_ip = (opts.ip || pseudo(Kind::Ip)) && !opts.keep.contains(&Kind::Ip);
        let wants_user = (opts.users || pseudo(Kind::User)) && !opts.keep.contains(&Kind::User);
        let keep = |k: Kind| opts.keep.contains(&k);
        let enabled = |rule: Rule| match rule {
            Rule::PrivateKey => !keep(Kind::PrivateKey),
            Rule::UrlPassword => !(keep(Kind::UrlCredentials) && keep(Kind::ConnectionString)),
            Rule::Authorization | Rule::Bearer => !keep(Kind::Authorization),
            Rule::KeyValue => true,
            Rule::Jwt => !keep(Kind::Jwt),
            Rule::AwsKeyId => !keep(Kind::AwsAccessKeyId),
            Rule::Email => !keep(Kind::Email),
            Rule::Card => !keep(Kind::Card),
            Rule::Ip4 | Rule::Ip6 => wants_ip,
            Rule::User => wants_user,
        };
        let chosen: Vec<&(&str, Rule, &str)> = DETECTORS.iter().filter(|d| enabled(d.1)).collect();
        let pattern = chosen.iter().map(|d| d.2).collect::<Vec<_>>().join("|");
        let re = RegexBuilder::new(&pattern)
            .unicode(false)
            .size_limit(64 << 20)
            .dfa_size_limit(64 << 20)
            .build()
            .expect("the redaction patterns compile");
        let index = |name: &str| re.capture_names().position(|n| n == Some(name));
        let groups = chosen.iter().map(|d| (index(d.0).expect("named group"), d.1)).collect();
        let scheme_group = index("scheme");
        let kvkey_group = index("kvkey");
        Redactor { re, groups, scheme_group, kvkey_group, opts }
    }

    /// Appends `hay` to `out` with every finding replaced, counting them.
    /// Returns true when a private-key block is still open at the end
    /// (the next chunk of the source starts inside it).
    pub fn redact(&self, hay: &[u8], out: &mut Vec<u8>, counts: &mut Counts) -> bool {
        out.reserve(hay.len());
        let mut locs = self.re.capture_locations();
        let (mut copied, mut pos) = (0usize, 0usize);
        while pos < hay.len() {
            let Some(m) = self.re.captures_read_at(&mut locs, hay, pos) else { break };
            let (ms, me) = (m.start(), m.end());
            pos = me.max(ms + 1);
            let Some(&(gi, rule)) = self.groups.iter().find(|(gi, _)| locs.get(*gi).is_some()) else {
                continue;
            };
            let (s, e) = locs.get(gi).expect("group matched");
            let value = &hay[s..e];
            let found: Option<(Kind, usize, usize)> = match rule {
                Rule::PrivateKey => {
                    out.extend_from_slice(&hay[copied..e]);
                    let body_end = find_end_mark(hay, e);
                    counts.add(Kind::PrivateKey);
                    mask_block(&hay[e..body_end.unwrap_or(hay.len())], out);
                    match body_end {
                        Some(b) => {
                            copied = b;
                            pos = b + END_MARK.len();
                            continue;
                        }
                        None => return true,
                    }
                }
                Rule::UrlPassword => {
                    let scheme = self.scheme_group.and_then(|g| locs.get(g)).map(|(a, b)| &hay[a..b]);
                    let web = scheme.is_some_and(|s| {
                        matches!(
                            s.to_ascii_lowercase().as_slice(),
                            b"http" | b"https" | b"ftp" | b"ftps" | b"ws" | b"wss"
                        )
                    });
                    let kind = if web { Kind::UrlCredentials } else { Kind::ConnectionString };
                    Some((kind, s, e))
                }
                Rule::Authorization | Rule::Bearer => Some((Kind::Authorization, s, e)),
                Rule::KeyValue => {
                    let key =
                        self.kvkey_group.and_then(|g| locs.get(g)).map_or(&b""[..], |(a, b)| &hay[a..b]);
                    secret_key_kind(key).filter(|_| !is_placeholder(value)).map(|k| {
                        let (a, b) = unquote(value);
                        (k, s + a, s + b)
                    })
                }
                Rule::Jwt => Some((Kind::Jwt, s, e)),
                Rule::AwsKeyId => Some((Kind::AwsAccessKeyId, s, e)),
                Rule::Email => (!email_in_url(hay, s)).then_some((Kind::Email, s, e)),
                Rule::Card => is_card(value).then_some((Kind::Card, s, e)),
                Rule::Ip4 => is_ipv4(hay, s, e).then_some((Kind::Ip, s, e)),
                Rule::Ip6 => is_ipv6(value).then_some((Kind::Ip, s, e)),
                Rule::User => {
                    // Go on right after the name: the address that follows
                    // it in sshd lines is a finding of its own.
                    pos = e.max(ms + 1);
                    Some((Kind::User, s, e))
                }
            };
            let Some((kind, s, e)) = found else { continue };
            if self.opts.keep.contains(&kind) || s >= e || s < copied {
                continue;
            }
            out.extend_from_slice(&hay[copied..s]);
            out.extend_from_slice(&self.replacement(kind, &hay[s..e]));
            counts.add(kind);
            copied = e;
        }
        out.extend_from_slice(&hay[copied..]);
        false
    }

    /// The marker or pseudonym that replaces a value.
    fn replacement(&self, kind: Kind, value: &[u8]) -> Cow<'static, [u8]> {
        match &self.opts.pseudonymize {
            Some(p) if p.covers(kind) => Cow::Owned(p.token(kind, value).into_bytes()),
            // An address stays shaped like a host name, so a redacted
            // access log still parses as one.
            _ if kind == Kind::Ip => Cow::Borrowed(b"ip-REDACTED"),
            _ => Cow::Owned(format!("[REDACTED:{kind}]").into_bytes()),
        }
    }
}

/// The start of the `-----END … PRIVATE KEY-----` marker after `from`.
fn find_end_mark(hay: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(i) = memchr::memmem::find(&hay[at..], END_MARK) {
        let start = at + i;
        let line_end = memchr::memchr(b'\n', &hay[start..]).map_or(hay.len(), |j| start + j);
        if memchr::memmem::find(&hay[start..line_end], b"PRIVATE KEY").is_some() {
            return Some(start);
        }
        at = start + END_MARK.len();
    }
    None
}

/// Replaces a private key's body, keeping its line breaks (so line
/// numbers do not move): each non-empty line becomes one marker; a body
/// on one line (a key inside a JSON string, `\n`-escaped) becomes one.
fn mask_block(body: &[u8], out: &mut Vec<u8>) {
    for (i, line) in body.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        let cr = line.ends_with(b"\r");
        let content = if cr { &line[..line.len() - 1] } else { line };
        if !content.is_empty() {
            // Keep what separates the marker from the BEGIN/END text on
            // a single line (`\n` escapes, spaces).
            let lead = if content.starts_with(b"\\n") { &b"\\n"[..] } else { b"" };
            let trail = if content.ends_with(b"\\n") && content.len() > 2 { &b"\\n"[..] } else { b"" };
            out.extend_from_slice(lead);
            out.extend_from_slice(b"[REDACTED:private_key]");
            out.extend_from_slice(trail);
        }
        if cr {
            out.push(b'\r');
        }
    }
}

/// Finishes a private-key block that began in an earlier chunk: masks
/// `data` up to its END marker (all of it when there is none) and returns
/// the result with whether the block is still open.
pub fn close_open_block(data: &[u8]) -> (Vec<u8>, bool) {
    let end = find_end_mark(data, 0);
    let mut out = Vec::with_capacity(data.len());
    mask_block(&data[..end.unwrap_or(data.len())], &mut out);
    if let Some(e) = end {
        out.extend_from_slice(&data[e..]);
    }
    (out, end.is_none())
}

/// The range of a value inside its quotes (`"x"`, `'x'`, `\"x\"`).
fn unquote(v: &[u8]) -> (usize, usize) {
    if v.len() >= 4 && v.starts_with(b"\\\"") && v.ends_with(b"\\\"") {
        (2, v.len() - 2)
    } else if v.len() >= 2 && (v[0] == b'"' || v[0] == b'\'') && v[v.len() - 1] == v[0] {
        (1, v.len() - 1)
    } else {
        (0, v.len())
    }
}

#[cfg(test)]
mod tests;
