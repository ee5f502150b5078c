//! The detectors: one small regex per kind of finding, each run over the
//! whole chunk on its own (so each keeps a small lazy DFA and a literal
//! prefilter; one regex holding every pattern thrashed the DFA cache and
//! ran at 2.5 MB/s), plus a hand-written scanner for card numbers (digits
//! are everywhere in logs; a byte loop beats a regex that starts at every
//! digit). Findings are validated here and merged by the caller.

use regex::bytes::{Regex, RegexBuilder};

use super::kind::Kind;
use super::validate::{email_in_url, is_card, is_ipv4, is_ipv6, is_placeholder, secret_key_kind};

/// A value to replace: `hay[start..end]` is a `kind`. `prio` orders
/// findings that start at the same byte (the earlier detector wins).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    pub start: usize,
    pub prio: u8,
    pub end: usize,
    pub kind: Kind,
}

/// How a detector's match becomes a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    UrlPassword,
    Authorization,
    KeyValue,
    Jwt,
    AwsKeyId,
    Email,
    Ip4,
    Ip6,
    User,
}

/// (rule, pattern) in priority order. A pattern's `v` group is the value
/// that gets replaced; the rest is context.
pub const PATTERNS: &[(Rule, &str)] = &[
    (
        Rule::UrlPassword,
        r#"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]{1,15})://[^ \t\r\n:/@"'<>]*:(?P<v>[^ \t\r\n@/"'<>]+)@"#,
    ),
    (
        Rule::Authorization,
        r#"(?i:(?:proxy-)?authorization)\\?["']?[ \t]*[:=][ \t]*\\?["']?(?:(?i:bearer|basic|digest|token|negotiate|ntlm|aws4-hmac-sha256)[ \t]+)?(?P<v>[^ \t\r\n"'\\,;]+)"#,
    ),
    (Rule::Authorization, r"(?-u:\b)(?i:bearer)[ \t]+(?P<v>[A-Za-z0-9._~+/\-]{8,}=*)"),
    (
        Rule::KeyValue,
        r#"(?P<kw>(?i:password|passwd|pwd|secret|token|api[_\-]?key|access[_\-]?key|private[_\-]?key))\\?["']?(?:=|[ \t]+=[ \t]+|[ \t]*:[ \t]*)(?P<v>"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|\\"(?:[^\\\n]|\\[^"\n])*\\"|[^ \t\r\n"'&,;}\])<>\\]+)"#,
    ),
    (Rule::Jwt, r"(?P<v>eyJ[A-Za-z0-9_\-]{4,}\.eyJ[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]*)"),
    (
        Rule::AwsKeyId,
        r"(?-u:\b)(?P<v>(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA)[A-Z0-9]{16})(?-u:\b)",
    ),
    (Rule::Email, r"(?P<v>[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,})(?-u:\b)"),
    (Rule::Ip4, r"(?-u:\b)(?P<v>[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3})(?-u:\b)"),
    (Rule::Ip6, r"(?P<v>[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})"),
    (
        Rule::User,
        r"(?:Failed|Accepted) [a-z\-]+ for (?:invalid user )?(?P<v>[^\n]+?) from [0-9A-Fa-f.:]+ port ",
    ),
    (Rule::User, r"[Ii]nvalid user (?P<v>[^\n]+?) from [0-9A-Fa-f.:]+ port "),
    (Rule::User, r"(?:authenticating|invalid) user (?P<v>[^ \n]+) [0-9A-Fa-f.:]+ port "),
    (Rule::User, r"for user (?P<v>[^ \t\n(]+)"),
    (Rule::User, r#"(?-u:\b)(?:user|username|user_name|ruser|logname|login|USER)=(?P<v>[^ \t\r\n&,;"']+)"#),
    (Rule::User, r#""(?:user|username|user_name|userName|login)"[ \t]*:[ \t]*"(?P<v>[^"\n]+)""#),
    (Rule::User, r"sudo:[ \t]+(?P<v>[^ \t\n:]+) : "),
];

/// Priority of card findings (after every regex detector).
const CARD_PRIO: u8 = PATTERNS.len() as u8;

struct Detector {
    re: Regex,
    rule: Rule,
    prio: u8,
    value: usize,
    /// The `scheme` (URLs) or `kw` (key=value) group.
    aux: Option<usize>,
}

/// The enabled detectors.
pub struct Detectors {
    list: Vec<Detector>,
    cards: bool,
}

impl std::fmt::Debug for Detectors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Detectors").field("regexes", &self.list.len()).field("cards", &self.cards).finish()
    }
}

impl Detectors {
    /// Compiles the detectors for which `enabled` is true; `cards` turns
    /// the card scanner on.
    pub fn new(enabled: impl Fn(Rule) -> bool, cards: bool) -> Detectors {
        let list = PATTERNS
            .iter()
            .enumerate()
            .filter(|(_, (rule, _))| enabled(*rule))
            .map(|(i, (rule, pat))| {
                let re =
                    RegexBuilder::new(pat).unicode(false).build().expect("the redaction patterns compile");
                let index = |name: &str| re.capture_names().position(|n| n == Some(name));
                let value = index("v").expect("every pattern has a value group");
                let aux = index("scheme").or_else(|| index("kw"));
                Detector { re, rule: *rule, prio: i as u8, value, aux }
            })
            .collect();
        Detectors { list, cards }
    }

    /// Appends every finding in `hay` to `out` (unsorted).
    pub fn find(&self, hay: &[u8], out: &mut Vec<Finding>) {
        for d in &self.list {
            let mut locs = d.re.capture_locations();
            let mut pos = 0;
            while pos < hay.len() {
                let Some(m) = d.re.captures_read_at(&mut locs, hay, pos) else { break };
                let (ms, me) = (m.start(), m.end());
                pos = me.max(ms + 1);
                let Some((s, e)) = locs.get(d.value) else { continue };
                let aux = d.aux.and_then(|g| locs.get(g));
                if d.rule == Rule::User {
                    // Go on right after the name: the address that follows
                    // it in sshd lines is a finding of its own.
                    pos = e.max(ms + 1);
                }
                if let Some((kind, s, e)) = judge(d.rule, hay, s, e, aux) {
                    out.push(Finding { start: s, prio: d.prio, end: e, kind });
                }
            }
        }
        if self.cards {
            find_cards(hay, out);
        }
    }
}

/// Turns a match into a finding, or rejects it (a look-alike).
fn judge(
    rule: Rule,
    hay: &[u8],
    s: usize,
    e: usize,
    aux: Option<(usize, usize)>,
) -> Option<(Kind, usize, usize)> {
    let value = &hay[s..e];
    match rule {
        Rule::UrlPassword => {
            let scheme = aux.map(|(a, b)| hay[a..b].to_ascii_lowercase());
            let web = scheme.is_some_and(|s| {
                matches!(s.as_slice(), b"http" | b"https" | b"ftp" | b"ftps" | b"ws" | b"wss")
            });
            Some((if web { Kind::UrlCredentials } else { Kind::ConnectionString }, s, e))
        }
        Rule::Authorization => Some((Kind::Authorization, s, e)),
        Rule::KeyValue => {
            // The key is the keyword and the name characters before it
            // (`db_password`, `X-Api-Key`, `aws_secret_access_key`).
            let (kw_start, kw_end) = aux?;
            let key_start = hay[..kw_start]
                .iter()
                .rposition(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')))
                .map_or(0, |i| i + 1);
            let kind = secret_key_kind(&hay[key_start..kw_end])?;
            if is_placeholder(value) {
                return None;
            }
            let (a, b) = unquote(value);
            Some((kind, s + a, s + b))
        }
        Rule::Jwt => Some((Kind::Jwt, s, e)),
        Rule::AwsKeyId => Some((Kind::AwsAccessKeyId, s, e)),
        Rule::Email => (!email_in_url(hay, s)).then_some((Kind::Email, s, e)),
        Rule::Ip4 => is_ipv4(hay, s, e).then_some((Kind::Ip, s, e)),
        Rule::Ip6 => is_ipv6(value).then_some((Kind::Ip, s, e)),
        Rule::User => Some((Kind::User, s, e)),
    }
}

/// Card numbers: runs of 13-19 digits, alone or in groups separated by
/// one space or dash, standing on their own (not inside a longer word or
/// number), that pass [`is_card`].
fn find_cards(hay: &[u8], out: &mut Vec<Finding>) {
    let mut i = 0;
    let n = hay.len();
    while i < n {
        if !hay[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        let boundary_before =
            start == 0 || !(hay[start - 1].is_ascii_alphanumeric() || hay[start - 1] == b'.');
        let (mut digits, mut end, mut j) = (0usize, i, i);
        while j < n {
            if hay[j].is_ascii_digit() {
                digits += 1;
                j += 1;
                end = j;
            } else if matches!(hay[j], b' ' | b'-') && j + 1 < n && hay[j + 1].is_ascii_digit() && digits > 0
            {
                j += 1;
            } else {
                break;
            }
            if digits > 19 {
                break;
            }
        }
        let boundary_after = end >= n
            || !(hay[end].is_ascii_alphanumeric()
                || hay[end] == b'.' && hay.get(end + 1).is_some_and(u8::is_ascii_digit));
        let joined = |at: usize| hay.get(at).is_some_and(|b| matches!(b, b'-' | b'_' | b'.'));
        let glued = joined(end) && hay.get(end + 1).is_some_and(u8::is_ascii_alphanumeric)
            || start >= 2 && joined(start - 1) && hay[start - 2].is_ascii_alphanumeric();
        if boundary_before
            && boundary_after
            && !glued
            && (13..=19).contains(&digits)
            && card_grouping(&hay[start..end])
            && is_card(&hay[start..end])
        {
            out.push(Finding { start, prio: CARD_PRIO, end, kind: Kind::Card });
        }
        // Go on after this run's first group: a separated run may start a
        // card in a later group (`id 2024 4111 1111 1111 1111`).
        let first_group_end =
            hay[start..end].iter().position(|b| !b.is_ascii_digit()).map_or(end, |p| start + p);
        i = first_group_end.max(start + 1);
        while i < n && hay[i].is_ascii_digit() {
            i += 1;
        }
    }
}

/// Whether the digit groups are laid out as printed cards are: one run,
/// or 4-4-4-4, 4-4-4-4-3, 4-6-5 (Amex), 4-6-4 (Diners) — so UUIDs,
/// phone numbers and dates with dashes are not taken for cards.
fn card_grouping(run: &[u8]) -> bool {
    let groups: Vec<usize> = run.split(|b| !b.is_ascii_digit()).map(<[u8]>::len).collect();
    matches!(groups.as_slice(), [_] | [4, 4, 4, 4] | [4, 4, 4, 4, 3] | [4, 6, 5] | [4, 6, 4])
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
mod tests {
    use super::*;

    fn cards(s: &str) -> Vec<&str> {
        let mut out = Vec::new();
        find_cards(s.as_bytes(), &mut out);
        out.iter().map(|f| &s[f.start..f.end]).collect()
    }

    #[test]
    fn card_scanner_finds_runs_on_their_own() {
        assert_eq!(cards("card 4111 1111 1111 1111 ok"), ["4111 1111 1111 1111"]);
        assert_eq!(cards("x=4111111111111111,y"), ["4111111111111111"]);
        assert_eq!(cards("id 2024 4111-1111-1111-1111"), ["4111-1111-1111-1111"]);
        assert!(cards("v4111111111111111 41111111111111111111 1.4111111111111111").is_empty());
        assert!(cards("2024-03-03T10:12:03.114220 ts=1709467200123").is_empty());
        // UUIDs and odd groupings are not cards even when Luhn passes.
        assert!(cards("req=51328158-1825-4402-a9bb-a31613825e6a").is_empty());
        assert!(cards("tel 5555-555-555-5444 x").is_empty());
        assert_eq!(cards("amex 3782-822463-10005"), ["3782-822463-10005"]);
    }
}
