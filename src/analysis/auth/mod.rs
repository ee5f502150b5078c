//! Authentication events: which log lines say that someone tried to log in,
//! who, from where, how, and whether it worked (issue 6).
//!
//! The knowledge is *data*: one table of message shapes per daemon family
//! ([`ssh`], [`system`], [`daemons`], [`web`]); [`rules`] compiles them once
//! and matches an event against the tables of its program. JSON/logfmt login
//! events and web access logs are read from their fields ([`structured`]).
//! [`extract`] is the one entry point; [`prefilter`] gives the literals a
//! line must contain to be worth parsing at all.

pub mod daemons;
pub mod fast;
pub mod rules;
pub mod ssh;
pub mod structured;
pub mod system;
pub mod web;

use std::borrow::Cow;

use crate::event::Event;
use crate::scan::prefilter::{Leads, Prefilter};

pub use rules::{Family, Rule, Service};

/// Whether an authentication worked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Outcome {
    Failure,
    Success,
    /// A connection that never reached authentication (no identification
    /// string, failed key exchange, garbage banner): reconnaissance, not a
    /// login attempt (fail2ban counts these only in its `aggressive` mode).
    Probe,
}

impl Outcome {
    /// The name in output (`fields.outcome`).
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Failure => "failure",
            Outcome::Success => "success",
            Outcome::Probe => "probe",
        }
    }
}

/// How a failure line counts towards failure totals.
///
/// One failed password typically leaves several lines (`pam_unix ...
/// authentication failure`, `Failed password ...`, `Connection closed by
/// authenticating user ... [preauth]`); counting each would triple the
/// numbers. Exactly one kind of line per attempt is an [`Weight::Attempt`];
/// the others are echoes that count only when their session logged no
/// attempt line at all (a scanner that disconnects after `Invalid user`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    /// One (or `n`) authentication attempt(s).
    Attempt,
    /// Evidence of a failure already counted by an attempt line of the same
    /// session; counts once for a session that has no attempt line.
    Echo,
    /// Recorded as an event, never counted: `Failed publickey` (clients
    /// offer several keys in turn; fail2ban ignores them by default too).
    Soft,
    /// Carries only an address for later lines of the same session (pid).
    Note,
}

/// Flag: the user name does not exist on the system.
pub const INVALID_USER: u8 = 1;
/// Flag: sudo refused a user that is not in sudoers.
pub const NOT_IN_SUDOERS: u8 = 2;

/// One authentication event found in a log record, borrowing its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit<'a> {
    /// `None` for [`Weight::Note`] lines (an address, no verdict).
    pub outcome: Option<Outcome>,
    pub weight: Weight,
    /// How many attempts the line stands for (`3 incorrect password attempts`).
    pub n: u32,
    pub user: Option<Cow<'a, str>>,
    /// Remote address (IPv4, IPv6 or host name) as written, `::ffff:` removed.
    pub ip: Option<Cow<'a, str>>,
    pub port: Option<u16>,
    /// `password`, `publickey`, `keyboard-interactive`, `PLAIN`, `basic`...
    pub method: Cow<'a, str>,
    /// The service that authenticated (`sshd`, `sudo`, `dovecot`, `http`...).
    pub service: Cow<'a, str>,
    /// [`INVALID_USER`], [`NOT_IN_SUDOERS`].
    pub flags: u8,
    /// A daemon's own session id (slapd `conn=`) tying address-less lines
    /// to an earlier one; by default the session is the process id.
    pub session: Option<&'a str>,
}

impl<'a> Hit<'a> {
    /// A hit with only a verdict; the rest filled by the matcher.
    pub fn new(outcome: Option<Outcome>, weight: Weight, service: impl Into<Cow<'a, str>>) -> Hit<'a> {
        Hit {
            outcome,
            weight,
            n: 1,
            user: None,
            ip: None,
            port: None,
            method: Cow::Borrowed(""),
            service: service.into(),
            flags: 0,
            session: None,
        }
    }
}

/// Every daemon family logsift understands, for `logins --list-sources`.
pub fn families() -> &'static [&'static Family] {
    static ALL: [&Family; 14] = [
        &ssh::OPENSSH,
        &ssh::DROPBEAR,
        &system::PAM,
        &system::SUDO,
        &system::SU,
        &system::LOGIN,
        &daemons::MAIL,
        &daemons::FTP,
        &daemons::DB,
        &daemons::VPN,
        &daemons::VOIP,
        &daemons::HONEYPOT,
        &web::WEBSERVER,
        &web::WEBAPP,
    ];
    &ALL
}

/// The authentication event in `ev`, if it is one: first the tables of its
/// program (syslog tag), then the program-independent tables (PAM, daemons
/// writing their own files), then structured fields (JSON/logfmt login
/// events, access-log requests to login pages).
pub fn extract<'e>(ev: &'e Event<'_>) -> Option<Hit<'e>> {
    let Some(mut h) = rules::compiled().match_event(ev.app.as_deref(), &ev.message) else {
        return structured::extract(ev);
    };
    if h.ip.is_none() {
        h.ip = structured::field_ip(ev);
    }
    if h.service == "pam" {
        if let Some(app) = ev.app.as_deref() {
            h.service = Cow::Borrowed(app);
        }
    }
    Some(h)
}

/// What [`extract`] gives for an RFC 3164 syslog record of program `app`
/// with this message: such a record's fields (`facility`, `procid`,
/// `module`, `version`) never name an address, a path or a status, so the
/// structured readers never answer and only the tables (the hand-written
/// forms first) decide. `logins` reads its syslog lines this way, building
/// no event for them.
pub fn extract_syslog<'m>(app: Option<&'m str>, message: &'m str) -> Option<Hit<'m>> {
    rules::compiled().match_event(app, message).map(|h| pam_service(h, app))
}

/// What [`extract_syslog`] gives when the hand-written forms of the
/// program ([`rules::fast_forms`]) read the message, `None` when they do
/// not (then only [`extract_syslog`] knows): the commonest records without
/// the rule tables (nor `logins`'s memo of messages without a hit).
pub fn extract_syslog_fast<'m>(app: Option<&'m str>, message: &'m str) -> Option<Hit<'m>> {
    rules::fast_forms(app, message).map(|h| pam_service(h, app))
}

/// [`extract_syslog`] for a message [`extract_syslog_fast`] said `None`
/// to: the same answer, without the hand-written forms tried twice.
pub fn extract_syslog_rest<'m>(app: Option<&'m str>, message: &'m str) -> Option<Hit<'m>> {
    rules::compiled().match_after_fast(app, message).map(|h| pam_service(h, app))
}

/// A PAM rule's hit names the program as its service.
fn pam_service<'m>(mut h: Hit<'m>, app: Option<&'m str>) -> Hit<'m> {
    if h.service == "pam" {
        if let Some(app) = app {
            h.service = Cow::Borrowed(app);
        }
    }
    h
}

/// Literals at least one of which every line [`extract`] accepts contains
/// (case-insensitively), so that all other lines stay unparsed.
pub fn prefilter() -> Prefilter {
    let cover = literals();
    // About 90 literals: past the 64 that `Prefilter::literals` hands to
    // the SIMD Teddy searcher, where Aho-Corasick's DFA steps byte by byte
    // (the command's hottest spot). Their shortest is 4 bytes, so Teddy's
    // fingerprints stay selective: about a third less CPU on an auth.log.
    let packed = aho_corasick::packed::Config::new()
        .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
        .heuristic_pattern_limits(false)
        .builder()
        .extend(&cover)
        .build();
    let inner = match packed {
        Some(p) => Prefilter::Packed(p),
        None => Prefilter::literals(cover, false).expect("auth literals compile"),
    };
    let leads = Leads::new(&inner, LEADS).expect("every lead holds a literal");
    Prefilter::Led(Box::new(inner), leads)
}

/// The message starts of the commonest candidate lines of an auth.log
/// (sshd's attempts, preauth disconnects and PAM echoes), each holding a
/// prefilter literal: such a line right after a candidate is taken without
/// a search (see [`Leads`]).
const LEADS: &[&str] = &[
    "Failed ",
    "Accepted ",
    "Invalid user ",
    "Connection closed by ",
    "Disconnected from ",
    "Received disconnect from ",
    "pam_unix(sshd:auth): check pass; user unknown",
    "pam_unix(sshd:auth): authentication failure;",
];

/// The prefilter's literals: the rule needles and the structured-event
/// words, none containing another.
fn literals() -> Vec<String> {
    let mut lits: Vec<&str> = Vec::new();
    for fam in families() {
        for svc in fam.services {
            lits.extend(svc.rules.iter().map(|r| r.needle));
        }
    }
    // The rule needles are matched case-sensitively, so the prefilter can be
    // too (a case-insensitive automaton was the command's hottest spot);
    // the structured-event words are added in the three usual spellings.
    let mut words: Vec<String> = Vec::new();
    for w in structured::NEEDLES {
        let cap = w[..1].to_ascii_uppercase() + &w[1..];
        words.extend([w.to_string(), cap, w.to_ascii_uppercase()]);
    }
    let all: Vec<&str> = lits.into_iter().chain(words.iter().map(String::as_str)).collect();
    minimal_cover(all)
}

/// Drops every literal that contains another one: a
/// line holding the longer one holds the shorter, so the set stays
/// permissive while the automaton gets smaller and faster.
fn minimal_cover(lits: Vec<&str>) -> Vec<String> {
    let mut all: Vec<String> =
        lits.into_iter().filter(|l| !l.trim().is_empty()).map(str::to_string).collect();
    all.sort_by_key(|l| (l.len(), l.clone()));
    all.dedup();
    let mut kept: Vec<String> = Vec::new();
    for l in all {
        if !kept.iter().any(|k| l.contains(k.as_str())) {
            kept.push(l);
        }
    }
    kept
}

/// Strips the IPv4-mapped IPv6 prefix (`::ffff:1.2.3.4` is `1.2.3.4`) and
/// the brackets and zone some daemons add.
pub fn clean_ip(ip: &str) -> &str {
    let wrap = |b: u8| matches!(b, b'[' | b']' | b'<' | b'>' | b'"' | b'\'');
    let b = ip.as_bytes();
    // Nearly every address starts and ends plainly: nothing to trim.
    let ip = match (b.first(), b.last()) {
        (Some(&f), Some(&l)) if !wrap(f) && !wrap(l) => ip,
        _ => fast::trim_bytes(ip, wrap),
    };
    if ip.as_bytes().first() != Some(&b':') {
        return ip;
    }
    match ip.get(..7) {
        Some(p) if p.eq_ignore_ascii_case("::ffff:") && ip[7..].contains('.') => &ip[7..],
        _ => ip,
    }
}

/// The bytes of [`looks_like_host`]'s names.
static HOST_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'_' | b'%');
        c += 1;
    }
    t
};

/// Whether `s` looks like a remote address: an IPv4/IPv6 literal or a host
/// name (letters, digits, dots, dashes, colons; not empty, not `-`).
pub fn looks_like_host(s: &str) -> bool {
    !s.is_empty() && s != "-" && s.len() <= 255 && s.bytes().all(|b| HOST_BYTES[b as usize])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_syslog_record_is_read_from_its_header_as_from_its_event() {
        use crate::format::time::{YearRef, Zone};
        use crate::format::{syslog3164, ParseCx};
        let cx = ParseCx::new(Zone::Utc, YearRef::forced(2024));
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut text = String::new();
        for f in
            ["fixtures/logins/auth.log", "fixtures/logins/daemons.log", "fixtures/incident/web1/auth.log"]
        {
            text.push_str(&std::fs::read_to_string(root.join(f)).unwrap());
        }
        for sys in ["OpenSSH", "Linux"] {
            let p = root.join(format!("../shared/corpus/loghub/{sys}/{sys}_2k.log"));
            text.push_str(&std::fs::read_to_string(p).unwrap_or_default());
        }
        // Messages with fields an event reader might take for an address,
        // a path or a status.
        for m in [
            "login: user=bob password=x status=failure ip=192.0.2.9",
            "{\"event\":\"login\",\"outcome\":\"failure\",\"user\":\"bob\",\"ip\":\"192.0.2.9\"}",
            "GET /wp-login.php HTTP/1.1\" 401 12 path=/login status=401 client_ip=192.0.2.4",
            "Failed password for root from 192.0.2.1 port 22 ssh2 ip=192.0.2.99",
            "pam_unix(dovecot:auth): authentication failure; logname= uid=0 euid=0 tty=dovecot ruser=bob",
        ] {
            for app in ["sshd[1]", "dovecot", "nginx", "app", "su[2]", "sshd(pam_unix)[3]"] {
                text.push_str(&format!("Mar  3 10:00:00 web1 {app}: {m}\n"));
            }
        }
        let (mut n, mut hits) = (0, 0);
        for line in text.lines() {
            let (Some(h), Some(ev)) = (syslog3164::header(line, &cx), syslog3164::parse(line, &cx)) else {
                continue;
            };
            let want = extract(&ev);
            assert_eq!(extract_syslog(h.app, h.message), want, "{line}");
            match extract_syslog_fast(h.app, h.message) {
                Some(fast) => assert_eq!(Some(fast), want, "{line}"),
                None => assert_eq!(extract_syslog_rest(h.app, h.message), want, "{line}"),
            }
            n += 1;
            hits += usize::from(want.is_some());
        }
        assert!(n > 300 && hits > 150, "{n} {hits}");
    }

    #[test]
    fn mapped_addresses_are_plain_ipv4() {
        assert_eq!(clean_ip("::ffff:192.0.2.7"), "192.0.2.7");
        assert_eq!(clean_ip("[2001:db8::1]"), "2001:db8::1");
        assert_eq!(clean_ip("::ffff:abcd"), "::ffff:abcd");
        // The plain ways these were written.
        for ip in [
            "",
            "[",
            "]",
            "a",
            "[a",
            "a]",
            "<::FFFF:1.2.3.4>",
            "\"::ffff:x.y\"",
            "'::ffff:'",
            "::ffff:",
            ":",
            "::1",
            "::ffff:1.2.3.4]",
            "[::ffff:1.2.3.4",
            "1.2.3.4",
            "2001:db8::1",
            "\u{e9}",
            "[\u{e9}]",
        ] {
            let t = ip.trim_matches(|c| matches!(c, '[' | ']' | '<' | '>' | '"' | '\''));
            let want = match t.get(..7) {
                Some(p) if p.eq_ignore_ascii_case("::ffff:") && t[7..].contains('.') => &t[7..],
                _ => t,
            };
            assert_eq!(clean_ip(ip), want, "{ip:?}");
            let host = !ip.is_empty()
                && ip != "-"
                && ip.len() <= 255
                && ip
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'_' | b'%'));
            assert_eq!(looks_like_host(ip), host, "{ip:?}");
        }
        for c in 0..=255u8 {
            let s = [b'a', c];
            if let Ok(s) = std::str::from_utf8(&s) {
                let want = c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b':' | b'_' | b'%');
                assert_eq!(looks_like_host(s), want, "{c}");
            }
        }
        assert!(looks_like_host("host-1.example.org"));
        assert!(!looks_like_host("-"));
        assert!(!looks_like_host("1.2.3.4;rm"));
    }

    #[test]
    fn the_packed_prefilter_finds_what_the_automaton_finds() {
        let p = prefilter();
        assert!(matches!(&p, Prefilter::Led(inner, _) if matches!(**inner, Prefilter::Packed(_))));
        let lits = literals();
        assert!(lits.len() > 64 && lits.iter().all(|l| l.len() >= 4), "{}", lits.len());
        let ac = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(&lits)
            .unwrap();
        let mut hay = String::new();
        for (i, l) in lits.iter().enumerate() {
            hay.push_str(&format!("Mar  3 10:00:00 web1 CRON[{i}]: session opened x{l}y{}\n", &l[1..]));
            hay.push_str(
                "Mar  3 10:00:01 web1 CRON[1]: pam_unix(cron:session): session closed for user root\n",
            );
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/loghub");
        for sys in ["OpenSSH", "Linux"] {
            hay.push_str(
                &std::fs::read_to_string(dir.join(sys).join(format!("{sys}_2k.log"))).unwrap_or_default(),
            );
        }
        let (mut at, mut hits) = (0, 0);
        loop {
            let want = ac.find(aho_corasick::Input::new(&hay).range(at..)).map(|m| (m.start(), m.end()));
            let got = p.find_at(hay.as_bytes(), at);
            assert_eq!(got, want, "at {at}");
            let Some((_, e)) = got else { break };
            hits += 1;
            at = e;
        }
        assert!(hits >= lits.len(), "{hits}");
    }

    /// The candidate events of `text` (one chunk) under `pf`, as text.
    fn candidates(text: &[u8], term: u8, pf: &Prefilter) -> Vec<String> {
        use crate::format::time::{YearRef, Zone};
        use crate::format::ParseCx;
        let cx = ParseCx::new(Zone::Utc, YearRef::forced(2024));
        let sample = String::from_utf8_lossy(text);
        let d = crate::format::detect::detect(sample.lines(), &cx);
        let origin = crate::scan::lines::ChunkOrigin { source: 0, first_line: 1, offset: 0, term };
        let mut got = Vec::new();
        crate::scan::lines::for_each_candidate_event(text, origin, &d, &cx, pf, &mut |ev| {
            got.push(format!("{ev:?}"))
        });
        got
    }

    #[test]
    fn the_leads_give_the_candidates_of_the_plain_search() {
        let led = prefilter();
        let Prefilter::Led(inner, _) = &led else { panic!("not led") };
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts: Vec<Vec<u8>> = Vec::new();
        for f in [
            "fixtures/logins/auth.log",
            "fixtures/incident/web1/auth.log",
            "fixtures/incident/web1/auth.log.1",
        ] {
            texts.push(std::fs::read(root.join(f)).unwrap());
        }
        for sys in ["OpenSSH", "Linux"] {
            let p = root.join(format!("../shared/corpus/loghub/{sys}/{sys}_2k.log"));
            texts.extend(std::fs::read(p).ok());
        }
        // Ugly neighbours: leads on continuation lines, in a too-long
        // header, after CRs, at the very end without a terminator.
        let mut ugly = String::new();
        for i in 0..200 {
            ugly.push_str(&format!(
                "Mar  3 10:00:{:02} web1 sshd[{i}]: Failed password for u{i} from 192.0.2.{} port 22 ssh2\n",
                i % 60,
                i % 7
            ));
            match i % 6 {
                0 => ugly.push_str("  cont]: Failed password for x from 1.2.3.4 port 1 ssh2\n"),
                1 => ugly.push_str("Mar  3 10:00:00 web1 CRON[1]: pam_unix(cron:session): session opened\n"),
                2 => ugly.push_str(&format!("Mar  3 10:00:00 web1 {}[1]: Accepted x\n", "h".repeat(200))),
                3 => ugly.push_str("Mar  3 10:00:00 web1 sshd[2]: Invalid user \r\n\r\n"),
                4 => ugly.push_str("\n\nnot syslog ]: Received disconnect from 1.2.3.4 port 5:11: x\n"),
                _ => ugly.push_str(
                    "Mar  3 10:00:00 web1 sshd[3]: Connection closed by 1.2.3.4 port 9 [preauth]\n",
                ),
            }
        }
        ugly.push_str("Mar  3 10:00:01 web1 sshd[4]: Disconnected from user a 1.2.3.4 port 5");
        texts.push(ugly.into_bytes());
        let mut n = 0;
        for t in &texts {
            let want = candidates(t, b'\n', inner);
            assert_eq!(candidates(t, b'\n', &led), want);
            n += want.len();
            // Old Mac files: CR is the terminator.
            let cr: Vec<u8> = t.iter().map(|&b| if b == b'\n' { b'\r' } else { b }).collect();
            assert_eq!(candidates(&cr, b'\r', &led), candidates(&cr, b'\r', inner));
        }
        assert!(n > 500, "{n}"); // fixtures alone (without ../shared) give ~585
    }

    #[test]
    fn every_rule_needle_is_in_the_prefilter() {
        let p = prefilter();
        for fam in families() {
            for svc in fam.services {
                for r in svc.rules {
                    assert!(p.is_match(r.needle.as_bytes()), "{}", r.needle);
                }
            }
        }
    }
}
