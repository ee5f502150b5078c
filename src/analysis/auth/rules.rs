//! The rule tables' shape and the matcher that runs them.
//!
//! A [`Rule`] is one real message shape: a literal `needle` that the message
//! must contain (cheap, and gathered into the raw-byte prefilter), and a
//! regex whose named groups pick out `user`, `ip`, `port`, `method`, `n`
//! (attempt count), `svc` (service, for PAM's `pam_unix(SERVICE:auth)`) and
//! `invalid` (set when the user does not exist). A [`Service`] is a table of
//! rules for the programs (syslog tags) that print them; a [`Family`] groups
//! services for `--list-sources`. Adding a daemon is adding one entry.
//!
//! Patterns anchor on the *last* `from <ip> port <n>` (greedy user groups),
//! so a user name crafted to contain `from 10.0.0.1 port 22` cannot move the
//! address.

use std::borrow::Cow;
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

use crate::analysis::logins::FxMap;

use super::{clean_ip, looks_like_host, Hit, Outcome, Weight, INVALID_USER};

/// One message shape and what it means.
#[derive(Debug)]
pub struct Rule {
    /// A literal the message contains (case-sensitive here; the prefilter
    /// over raw bytes is case-insensitive).
    pub needle: &'static str,
    /// Regex over the message, with the named groups listed in the module doc.
    pub pattern: &'static str,
    /// `None` for address-only lines ([`Weight::Note`]).
    pub outcome: Option<Outcome>,
    pub weight: Weight,
    /// The method when the pattern has no `method` group.
    pub method: &'static str,
    /// Flags always set by this rule ([`super::NOT_IN_SUDOERS`], ...).
    pub flags: u8,
}

impl Rule {
    /// A failed attempt (counts once, or `n` times).
    pub const fn fail(needle: &'static str, method: &'static str, pattern: &'static str) -> Rule {
        Rule { needle, pattern, outcome: Some(Outcome::Failure), weight: Weight::Attempt, method, flags: 0 }
    }
    /// A line that repeats a failure its session already logged.
    pub const fn echo(needle: &'static str, method: &'static str, pattern: &'static str) -> Rule {
        Rule { needle, pattern, outcome: Some(Outcome::Failure), weight: Weight::Echo, method, flags: 0 }
    }
    /// A failure recorded as an event but never counted.
    pub const fn soft(needle: &'static str, method: &'static str, pattern: &'static str) -> Rule {
        Rule { needle, pattern, outcome: Some(Outcome::Failure), weight: Weight::Soft, method, flags: 0 }
    }
    /// A successful login.
    pub const fn ok(needle: &'static str, method: &'static str, pattern: &'static str) -> Rule {
        Rule { needle, pattern, outcome: Some(Outcome::Success), weight: Weight::Attempt, method, flags: 0 }
    }
    /// A connection that never reached authentication.
    pub const fn probe(needle: &'static str, pattern: &'static str) -> Rule {
        Rule { needle, pattern, outcome: Some(Outcome::Probe), weight: Weight::Attempt, method: "", flags: 0 }
    }
    /// An address for later lines of the same session.
    pub const fn note(needle: &'static str, pattern: &'static str) -> Rule {
        Rule { needle, pattern, outcome: None, weight: Weight::Note, method: "", flags: 0 }
    }
    /// The same rule with `flags` set.
    pub const fn with_flags(mut self, flags: u8) -> Rule {
        self.flags |= flags;
        self
    }
}

/// The rules of one daemon.
#[derive(Debug)]
pub struct Service {
    /// The service name in output (`fields.service`).
    pub name: &'static str,
    /// Syslog program names it logs as; empty: matched on any record
    /// (daemons that write their own files, or PAM inside every program).
    pub apps: &'static [&'static str],
    pub rules: &'static [Rule],
}

/// A group of services, listed together by `--list-sources`.
#[derive(Debug)]
pub struct Family {
    pub name: &'static str,
    /// What is understood, in words.
    pub about: &'static str,
    pub services: &'static [Service],
}

struct CRule {
    rule: &'static Rule,
    /// Compiled on first use: a run meets a few of the ~150 patterns, and
    /// compiling them all was most of a small input's time.
    re: OnceLock<Regex>,
    needle: memchr::memmem::Finder<'static>,
    /// The literal an anchored pattern starts with (`^Failed ` -> `Failed `).
    prefix: &'static str,
}

/// The literal text right after a leading `^`, up to the first regex
/// metacharacter: a cheap `starts_with` test before the regex.
fn anchored_prefix(pattern: &'static str) -> &'static str {
    let Some(rest) = pattern.strip_prefix('^') else { return "" };
    let end = rest.find(|c: char| "\\.+*?()|[]{}^$".contains(c)).unwrap_or(rest.len());
    // A quantifier applies to the character before it: leave that one out.
    let end = match rest[end..].chars().next() {
        Some('*' | '?' | '{') => rest[..end].char_indices().last().map_or(0, |(i, _)| i),
        _ => end,
    };
    &rest[..end]
}

impl CRule {
    /// The rule's regex (the patterns are tested: all compile).
    fn regex(&self, svc: &Service) -> &Regex {
        self.re.get_or_init(|| {
            Regex::new(self.rule.pattern)
                .unwrap_or_else(|e| panic!("{} rule {:?}: {e}", svc.name, self.rule.pattern))
        })
    }
}

struct CService {
    svc: &'static Service,
    rules: Vec<CRule>,
}

/// All tables compiled: rules indexed by program name, plus the
/// program-independent ones behind one literal search.
pub struct Compiled {
    services: Vec<CService>,
    /// Fx-hashed: looked up for most records, where SipHash was a twentieth
    /// of `logins`'s time.
    by_app: FxMap<&'static str, Vec<usize>>,
    anywhere: Vec<usize>,
    anywhere_needles: Needles,
}

/// The program-independent rules' needles, for a test of whether a message
/// holds any: SIMD Teddy when they fit it (built in a hundredth of the
/// time of the Aho-Corasick DFA, which was a fixed cost of every run), else
/// Aho-Corasick.
enum Needles {
    Packed(aho_corasick::packed::Searcher),
    Automaton(AhoCorasick),
}

impl Needles {
    fn new(needles: &[&str]) -> Needles {
        let packed = aho_corasick::packed::Config::new()
            .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
            .builder()
            .extend(needles)
            .build();
        match packed {
            Some(p) => Needles::Packed(p),
            None => Needles::Automaton(AhoCorasick::new(needles).expect("needles compile")),
        }
    }

    fn is_match(&self, hay: &str) -> bool {
        match self {
            Needles::Packed(p) => p.find(hay).is_some(),
            Needles::Automaton(a) => a.is_match(hay),
        }
    }
}

/// The compiled tables (built on first use; the patterns are tested).
pub fn compiled() -> &'static Compiled {
    static C: OnceLock<Compiled> = OnceLock::new();
    C.get_or_init(|| Compiled::new(super::families()))
}

impl Compiled {
    fn new(families: &[&'static Family]) -> Compiled {
        let mut services = Vec::new();
        let mut by_app: FxMap<&'static str, Vec<usize>> = FxMap::default();
        let mut anywhere = Vec::new();
        let mut needles = Vec::new();
        for fam in families {
            for svc in fam.services {
                let i = services.len();
                let rules = svc
                    .rules
                    .iter()
                    .map(|rule| CRule {
                        rule,
                        re: OnceLock::new(),
                        needle: memchr::memmem::Finder::new(rule.needle.as_bytes()),
                        prefix: anchored_prefix(rule.pattern),
                    })
                    .collect();
                services.push(CService { svc, rules });
                if svc.apps.is_empty() {
                    anywhere.push(i);
                    needles.extend(svc.rules.iter().map(|r| r.needle));
                }
                for app in svc.apps {
                    by_app.entry(app).or_default().push(i);
                }
            }
        }
        let anywhere_needles = Needles::new(&needles);
        Compiled { services, by_app, anywhere, anywhere_needles }
    }

    /// The first rule matching `message`, trying the services of `app`
    /// first, then the program-independent ones.
    /// The common sshd and PAM forms go through [`super::fast`] (which
    /// agrees with the tables).
    pub fn match_event<'m>(&self, app: Option<&str>, message: &'m str) -> Option<Hit<'m>> {
        self.matching(app, message, true, true)
    }

    /// [`Compiled::match_event`] once [`fast_forms`] said no: the same
    /// answer without trying them again.
    pub fn match_after_fast<'m>(&self, app: Option<&str>, message: &'m str) -> Option<Hit<'m>> {
        self.matching(app, message, false, true)
    }

    /// [`Compiled::match_event`] with the tables only (tests compare).
    pub fn match_tables<'m>(&self, app: Option<&str>, message: &'m str) -> Option<Hit<'m>> {
        self.matching(app, message, false, false)
    }

    /// The rules for `message`: the program's hand-written forms first when
    /// `forms`, its tables, the PAM form when `fast`, then the tables of
    /// every program.
    fn matching<'m>(&self, app: Option<&str>, message: &'m str, forms: bool, fast: bool) -> Option<Hit<'m>> {
        if forms {
            let h = fast_forms(app, message);
            if h.is_some() {
                return h;
            }
        }
        if let Some(list) = app.and_then(|a| self.lookup(a)) {
            for &i in list {
                if let Some(h) = self.try_service(i, message) {
                    return Some(h);
                }
            }
        }
        if fast {
            if let Some(h) = super::fast::pam(message) {
                return Some(h);
            }
        }
        if !self.anywhere_needles.is_match(message) {
            return None;
        }
        self.anywhere.iter().find_map(|&i| self.try_service(i, message))
    }

    /// Services for a program name: exact, then the parts of a
    /// `postfix/smtpd`-style name.
    fn lookup(&self, app: &str) -> Option<&Vec<usize>> {
        if let Some(v) = self.by_app.get(app) {
            return Some(v);
        }
        // Without a `/` both parts are `app` again.
        if !app.contains('/') {
            return None;
        }
        let (first, last) = (app.split('/').next()?, app.rsplit('/').next()?);
        self.by_app.get(last).or_else(|| self.by_app.get(first))
    }

    fn try_service<'m>(&self, i: usize, message: &'m str) -> Option<Hit<'m>> {
        let s = &self.services[i];
        for cr in &s.rules {
            if !message.starts_with(cr.prefix) || cr.needle.find(message.as_bytes()).is_none() {
                continue;
            }
            if let Some(h) = build(s.svc, cr, message) {
                return Some(h);
            }
        }
        None
    }
}

/// The hit of the hand-written forms ([`super::fast`]) of program `app`,
/// which [`Compiled::match_event`] tries before any table: when it is
/// `Some`, it is what `match_event` gives.
pub fn fast_forms<'m>(app: Option<&str>, message: &'m str) -> Option<Hit<'m>> {
    match app {
        // sshd's own PAM lines (a third of a busy auth.log) match no
        // sshd rule: the PAM form is tried before the sshd table.
        Some("sshd" | "sshd-session" | "sshd-auth") => {
            super::fast::sshd(message).or_else(|| super::fast::pam(message))
        }
        Some("sudo") => super::fast::sudo(message),
        Some("su") => super::fast::su(message),
        _ => None,
    }
}

fn build<'m>(svc: &'static Service, cr: &CRule, message: &'m str) -> Option<Hit<'m>> {
    let caps = cr.regex(svc).captures(message)?;
    let text = |name: &str| caps.name(name).map(|m| m.as_str()).filter(|s| !s.is_empty());
    let r = cr.rule;
    let mut h = Hit::new(r.outcome, r.weight, Cow::Borrowed(svc.name));
    h.flags = r.flags;
    if caps.name("invalid").is_some() {
        h.flags |= INVALID_USER;
    }
    h.user = text("user").map(|u| Cow::Borrowed(u.trim_matches(|c| c == '<' || c == '>' || c == '\'')));
    if let Some(ip) = text("ip").map(clean_ip) {
        if !looks_like_host(ip) {
            return None;
        }
        h.ip = Some(Cow::Borrowed(ip));
    }
    h.port = text("port").and_then(|p| p.parse().ok());
    h.method = Cow::Borrowed(text("method").unwrap_or(r.method));
    if let Some(svc) = text("svc") {
        h.service = Cow::Borrowed(svc);
    }
    h.session = text("session");
    if let Some(n) = text("n").and_then(|n| n.parse::<u32>().ok()) {
        h.n = n.max(1);
    }
    Some(h)
}

#[cfg(test)]
#[test]
fn every_pattern_compiles() {
    let c = compiled();
    for s in &c.services {
        for r in &s.rules {
            let re = r.regex(s.svc);
            assert!(re.captures_len() > 0, "{}", r.rule.pattern);
        }
    }
}

#[cfg(test)]
#[test]
fn the_needle_test_is_the_automaton_test() {
    let c = compiled();
    assert!(matches!(c.anywhere_needles, Needles::Packed(_)));
    let mut needles = Vec::new();
    for &i in &c.anywhere {
        needles.extend(c.services[i].svc.rules.iter().map(|r| r.needle));
    }
    let ac = AhoCorasick::new(&needles).unwrap();
    let mut hays: Vec<String> = vec![String::new(), "x".into(), "session opened for user root".into()];
    for n in &needles {
        hays.push(n.to_string());
        hays.push(format!("Mar 3 x {n} y"));
        hays.push(n[1..].to_string());
        hays.push(n[..n.len() - 1].to_string());
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for f in ["fixtures/logins/auth.log", "fixtures/logins/daemons.log"] {
        hays.extend(std::fs::read_to_string(root.join(f)).unwrap().lines().map(str::to_string));
    }
    for h in &hays {
        assert_eq!(c.anywhere_needles.is_match(h), ac.is_match(h), "{h:?}");
    }
}

#[cfg(test)]
#[test]
fn anchored_prefixes() {
    assert_eq!(anchored_prefix(r"^Failed (?P<m>\S+)"), "Failed ");
    assert_eq!(anchored_prefix(r"^(?:error: )?x"), "");
    assert_eq!(anchored_prefix(r"^PAM (?P<n>\d+)"), "PAM ");
    assert_eq!(anchored_prefix(r"^ab?c"), "a");
    assert_eq!(anchored_prefix(r"no anchor"), "");
    for fam in super::families() {
        for svc in fam.services {
            for r in svc.rules {
                let p = anchored_prefix(r.pattern);
                assert!(r.pattern.contains(p) && !p.contains('\\'), "{}", r.pattern);
            }
        }
    }
}

/// Test helper: the hit for `message` logged by `app`.
#[cfg(test)]
pub fn hit<'m>(app: &str, message: &'m str) -> Option<Hit<'m>> {
    compiled().match_event(Some(app), message)
}

/// What a test expects of a line: (outcome, weight, user, ip, port, method).
#[cfg(test)]
pub type Want<'a> = (Option<Outcome>, Weight, Option<&'a str>, Option<&'a str>, Option<u16>, &'a str);

/// Test helper: asserts what a line yields.
#[cfg(test)]
#[track_caller]
pub fn expect(app: &str, message: &str, want: Want<'_>) {
    let h = hit(app, message).unwrap_or_else(|| panic!("no hit for {app}: {message}"));
    let got = (h.outcome, h.weight, h.user.as_deref(), h.ip.as_deref(), h.port, h.method.as_ref());
    assert_eq!(got, want, "{app}: {message}");
}
