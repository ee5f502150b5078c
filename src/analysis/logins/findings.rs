//! Findings: patterns in the ledger that deserve a look, each with its
//! evidence (the source lines that prove it) and thresholds that can be set.
//!
//! | kind | when | severity |
//! |---|---|---|
//! | `success_after_failures` | a success from an IP with ≥ N failures from it in the window before | critical |
//! | `brute_force` | ≥ N failures from one IP within a window (the whole burst is reported) | high |
//! | `root_login` | an accepted direct root login (not sudo/su) | high |
//! | `password_spraying` | one IP failing for ≥ N distinct users, few attempts each | high |
//! | `distributed` | ≥ N IPs failing against one user | medium |
//! | `invalid_user_scan` | ≥ N attempts on non-existent users from one IP | medium |
//! | `sudo_abuse` | sudo password failures or not-in-sudoers refusals of a user | medium |
//! | `new_source` | a user's first success from an address (per user) | low |
//! | `off_hours` | successes outside the work hours (in `--tz`) | low |

use std::collections::{BTreeSet, HashMap};

use super::{Counted, Ledger};
use crate::analysis::auth::{Outcome, INVALID_USER, NOT_IN_SUDOERS};
use crate::format::time::Zone;

/// How bad a finding is; findings are listed most severe first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
}

impl Severity {
    /// The name in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }
}

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    SuccessAfterFailures,
    BruteForce,
    RootLogin,
    PasswordSpraying,
    Distributed,
    InvalidUserScan,
    SudoAbuse,
    NewSource,
    OffHours,
}

impl Kind {
    /// The name in output (`kind`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::SuccessAfterFailures => "success_after_failures",
            Kind::BruteForce => "brute_force",
            Kind::RootLogin => "root_login",
            Kind::PasswordSpraying => "password_spraying",
            Kind::Distributed => "distributed",
            Kind::InvalidUserScan => "invalid_user_scan",
            Kind::SudoAbuse => "sudo_abuse",
            Kind::NewSource => "new_source",
            Kind::OffHours => "off_hours",
        }
    }

    /// Its severity.
    pub fn severity(self) -> Severity {
        match self {
            Kind::SuccessAfterFailures => Severity::Critical,
            Kind::BruteForce | Kind::RootLogin | Kind::PasswordSpraying => Severity::High,
            Kind::Distributed | Kind::InvalidUserScan | Kind::SudoAbuse => Severity::Medium,
            Kind::NewSource | Kind::OffHours => Severity::Low,
        }
    }
}

/// The thresholds (all settable on the command line).
#[derive(Debug, Clone)]
pub struct Thresholds {
    /// brute_force: failures from one IP ...
    pub brute_failures: u64,
    /// ... within this many nanoseconds.
    pub brute_window: i64,
    /// password_spraying: distinct users failing from one IP ...
    pub spray_users: usize,
    /// ... with at most this many failures per user on average.
    pub spray_per_user: f64,
    /// distributed: distinct IPs failing against one user.
    pub distributed_ips: usize,
    /// success_after_failures: failures from the IP ...
    pub compromise_failures: u64,
    /// ... within this many nanoseconds before the success.
    pub compromise_window: i64,
    /// invalid_user_scan: attempts on non-existent users from one IP.
    pub invalid_users: u64,
    /// sudo_abuse: sudo password failures of one user (any not-in-sudoers counts).
    pub sudo_failures: u64,
    /// off_hours: work hours as minutes of the day [start, end) in `zone`.
    pub work_hours: (u32, u32),
    pub zone: Zone,
}

impl Default for Thresholds {
    fn default() -> Self {
        const MIN: i64 = 60 * 1_000_000_000;
        Thresholds {
            brute_failures: 10,
            brute_window: 5 * MIN,
            spray_users: 5,
            spray_per_user: 3.0,
            distributed_ips: 5,
            compromise_failures: 5,
            compromise_window: 60 * MIN,
            invalid_users: 5,
            sudo_failures: 3,
            work_hours: (8 * 60, 19 * 60),
            zone: Zone::Utc,
        }
    }
}

/// One finding. Ids refer to the ledger's strings; `sources` and
/// `evidence` to scan source ids.
#[derive(Debug, Clone)]
pub struct Finding {
    pub kind: Kind,
    pub ip: Option<u32>,
    pub users: Vec<u32>,
    /// Failures, successes or attempts, depending on the kind.
    pub count: u64,
    pub first: Option<i64>,
    pub last: Option<i64>,
    /// Every source with a line of this finding.
    pub sources: BTreeSet<u32>,
    /// (source, line) of the proving lines, in time order.
    pub evidence: Vec<(u32, u64)>,
    /// One line of detail for people.
    pub detail: String,
}

impl Finding {
    fn of(kind: Kind, ip: Option<u32>, lines: &[&Counted], detail: String) -> Finding {
        let mut users: Vec<u32> = lines.iter().filter_map(|c| c.user).collect();
        users.sort_unstable();
        users.dedup();
        Finding {
            kind,
            ip,
            users,
            count: lines.iter().map(|c| c.n as u64).sum(),
            first: lines.iter().filter_map(|c| c.ts).min(),
            last: lines.iter().filter_map(|c| c.ts).max(),
            sources: lines.iter().map(|c| c.source).collect(),
            evidence: lines.iter().map(|c| (c.source, c.line)).collect(),
            detail,
        }
    }
}

fn by_time(v: &mut [&Counted]) {
    v.sort_by_key(|c| (c.ts.unwrap_or(i64::MIN), c.source, c.line));
}

/// Records grouped by a string id (address or user): one counting sort
/// into one vector instead of a vector per id, each group in ledger order.
struct Groups<'l> {
    /// Group `i` is `items[start[i]..start[i + 1]]`.
    start: Vec<u32>,
    items: Vec<&'l Counted>,
}

impl<'l> Groups<'l> {
    fn new(n: usize, key: impl Fn(&Counted) -> Option<u32>, events: &'l [Counted]) -> Groups<'l> {
        let mut start = vec![0u32; n + 1];
        for c in events {
            if let Some(k) = key(c) {
                start[k as usize + 1] += 1;
            }
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut at: Vec<u32> = start[..n].to_vec();
        let mut items: Vec<Option<&Counted>> = vec![None; start[n] as usize];
        for c in events {
            if let Some(k) = key(c) {
                items[at[k as usize] as usize] = Some(c);
                at[k as usize] += 1;
            }
        }
        let items = items.into_iter().map(|c| c.expect("every slot filled")).collect();
        Groups { start, items }
    }

    /// The records of `id`, `None` when it has none.
    fn get(&self, id: u32) -> Option<&[&'l Counted]> {
        let (a, b) = (*self.start.get(id as usize)?, *self.start.get(id as usize + 1)?);
        (b > a).then(|| &self.items[a as usize..b as usize])
    }

    /// The non-empty groups, by id, each sorted by time.
    fn sort_by_time(&mut self) {
        for w in self.start.windows(2) {
            by_time(&mut self.items[w[0] as usize..w[1] as usize]);
        }
    }

    fn iter(&self) -> impl Iterator<Item = (u32, &[&'l Counted])> + '_ {
        (0..self.start.len().saturating_sub(1) as u32).filter_map(|i| self.get(i).map(|g| (i, g)))
    }
}

/// Every finding in the ledger, most severe first (then largest count).
pub fn find(l: &Ledger, t: &Thresholds) -> Vec<Finding> {
    let n = l.strings.len();
    let failed = |c: &Counted| c.outcome == Outcome::Failure;
    let sudo = l.strings_id("sudo");
    let su = l.strings_id("su");
    let is_login = |c: &Counted| Some(c.service) != sudo && Some(c.service) != su;
    // The findings by address and those by user read the ledger apart:
    // side by side, on two cores (this runs after the scan, on its own).
    // The findings are gathered in the order the one-core loop pushed
    // them, so the stable sort below gives the same list.
    let ((fails_by_ip, mut out), (by_user, successes)) = rayon::join(
        || {
            let mut fails_by_ip = Groups::new(n, |c| c.ip.filter(|_| failed(c)), &l.events);
            fails_by_ip.sort_by_time();
            let mut out = Vec::new();
            for (ip, fails) in fails_by_ip.iter() {
                brute_force(ip, fails, t, &mut out);
                spraying_and_scans(ip, fails, l, t, &mut out);
            }
            (fails_by_ip, out)
        },
        || {
            let mut fails_by_user = Groups::new(n, |c| c.user.filter(|_| failed(c)), &l.events);
            fails_by_user.sort_by_time();
            let mut out = Vec::new();
            for (user, fails) in fails_by_user.iter() {
                by_user_findings(user, fails, sudo, t, &mut out);
            }
            let mut successes: Vec<&Counted> =
                l.events.iter().filter(|c| c.outcome == Outcome::Success).collect();
            by_time(&mut successes);
            (out, successes)
        },
    );
    out.extend(by_user);
    let (compromised, (root, new_and_off)) = rayon::join(
        || {
            let mut v = Vec::new();
            compromise(&successes, &fails_by_ip, l, t, &mut v);
            v
        },
        || {
            rayon::join(
                || {
                    let mut v = Vec::new();
                    root_logins(&successes, l, &is_login, &mut v);
                    v
                },
                || {
                    let mut v = Vec::new();
                    new_sources_and_off_hours(&successes, l, t, &is_login, &mut v);
                    v
                },
            )
        },
    );
    out.extend(compromised);
    out.extend(root);
    out.extend(new_and_off);
    out.sort_by(|a, b| {
        (a.kind.severity(), std::cmp::Reverse(a.count), a.kind, a.first, a.ip, &a.users).cmp(&(
            b.kind.severity(),
            std::cmp::Reverse(b.count),
            b.kind,
            b.first,
            b.ip,
            &b.users,
        ))
    });
    out
}

/// The findings of one user's failures: `distributed` (many source
/// addresses) and `sudo_abuse`.
fn by_user_findings(
    user: u32,
    fails: &[&Counted],
    sudo: Option<u32>,
    t: &Thresholds,
    out: &mut Vec<Finding>,
) {
    let ips: BTreeSet<u32> = fails.iter().filter_map(|c| c.ip).collect();
    if ips.len() >= t.distributed_ips {
        let d = format!("{} source addresses failed against this user", ips.len());
        let mut f = Finding::of(Kind::Distributed, None, fails, d);
        f.users = vec![user];
        out.push(f);
    }
    if fails.iter().any(|c| Some(c.service) == sudo) {
        let sudo_fails: Vec<&Counted> = fails.iter().copied().filter(|c| Some(c.service) == sudo).collect();
        let refused = sudo_fails.iter().filter(|c| c.flags & NOT_IN_SUDOERS != 0).count();
        let n: u64 = sudo_fails.iter().map(|c| c.n as u64).sum();
        if refused > 0 || n >= t.sudo_failures {
            let d = format!("{n} sudo failures, {refused} refused (not in sudoers / command not allowed)");
            out.push(Finding::of(Kind::SudoAbuse, None, &sudo_fails, d));
        }
    }
}

impl Ledger {
    /// The id of a string when it occurs at all.
    fn strings_id(&self, s: &str) -> Option<u32> {
        self.strings.get(s)
    }
}

/// Bursts of failures (gaps shorter than the window) holding at least
/// `brute_failures` within one window; the whole burst is the finding.
fn brute_force(ip: u32, fails: &[&Counted], t: &Thresholds, out: &mut Vec<Finding>) {
    // No window can hold more than all of them (most addresses fail twice).
    if fails.iter().map(|c| c.n as u64).sum::<u64>() < t.brute_failures {
        return;
    }
    let timed: Vec<&Counted> = fails.iter().copied().filter(|c| c.ts.is_some()).collect();
    let mut start = 0;
    while start < timed.len() {
        let mut end = start + 1;
        while end < timed.len() && timed[end].ts.unwrap() - timed[end - 1].ts.unwrap() <= t.brute_window {
            end += 1;
        }
        let burst = &timed[start..end];
        let (mut lo, mut sum, mut best) = (0usize, 0u64, 0u64);
        for hi in 0..burst.len() {
            sum += burst[hi].n as u64;
            while burst[hi].ts.unwrap() - burst[lo].ts.unwrap() > t.brute_window {
                sum -= burst[lo].n as u64;
                lo += 1;
            }
            best = best.max(sum);
        }
        if best >= t.brute_failures {
            let d = format!("{best} failures within {}", human_secs(t.brute_window / 1_000_000_000));
            out.push(Finding::of(Kind::BruteForce, Some(ip), burst, d));
        }
        start = end;
    }
}

fn spraying_and_scans(ip: u32, fails: &[&Counted], l: &Ledger, t: &Thresholds, out: &mut Vec<Finding>) {
    // Distinct users are at most the lines naming one: most addresses are
    // ruled out without building the set.
    if fails.iter().filter(|c| c.user.is_some()).count() >= t.spray_users {
        let users: BTreeSet<u32> = fails.iter().filter_map(|c| c.user).collect();
        let total: u64 = fails.iter().map(|c| c.n as u64).sum();
        if users.len() >= t.spray_users && total as f64 <= t.spray_per_user * users.len() as f64 {
            let d = format!("{} distinct users, {total} failures", users.len());
            out.push(Finding::of(Kind::PasswordSpraying, Some(ip), fails, d));
        }
    }
    let is_invalid = |c: &&&Counted| c.flags & INVALID_USER != 0;
    let n: u64 = fails.iter().filter(is_invalid).map(|c| c.n as u64).sum();
    if n >= t.invalid_users {
        let invalid: Vec<&Counted> = fails.iter().filter(is_invalid).copied().collect();
        let names: BTreeSet<&str> =
            invalid.iter().filter_map(|c| c.user).map(|u| l.strings.name(u)).collect();
        let d = format!("{n} attempts on {} non-existent users", names.len());
        out.push(Finding::of(Kind::InvalidUserScan, Some(ip), &invalid, d));
    }
}

/// A success from an address that failed at least `compromise_failures`
/// times in the window before: one finding per (address, user), at its
/// first such success.
fn compromise(
    successes: &[&Counted],
    fails_by_ip: &Groups<'_>,
    l: &Ledger,
    t: &Thresholds,
    out: &mut Vec<Finding>,
) {
    let mut done: BTreeSet<(u32, Option<u32>)> = BTreeSet::new();
    for s in successes {
        let (Some(ip), Some(ts)) = (s.ip, s.ts) else { continue };
        let Some(fails) = fails_by_ip.get(ip) else { continue };
        let before: Vec<&Counted> = fails
            .iter()
            .copied()
            .filter(|c| c.ts.is_some_and(|f| f < ts && ts - f <= t.compromise_window))
            .collect();
        let n: u64 = before.iter().map(|c| c.n as u64).sum();
        if n < t.compromise_failures || !done.insert((ip, s.user)) {
            continue;
        }
        let user = s.user.map_or("someone", |u| l.strings.name(u));
        let d =
            format!("{user} logged in ({}) after {n} failures from this address", l.strings.name(s.service));
        let mut f = Finding::of(Kind::SuccessAfterFailures, Some(ip), &before, d);
        f.count = n;
        f.users = s.user.into_iter().collect();
        f.last = Some(ts);
        f.sources.insert(s.source);
        f.evidence.insert(0, (s.source, s.line));
        out.push(f);
    }
}

fn root_logins(
    successes: &[&Counted],
    l: &Ledger,
    is_login: &dyn Fn(&Counted) -> bool,
    out: &mut Vec<Finding>,
) {
    let mut by_ip: HashMap<Option<u32>, Vec<&Counted>> = HashMap::new();
    for s in successes {
        if is_login(s) && s.user.is_some_and(|u| l.strings.name(u).eq_ignore_ascii_case("root")) {
            by_ip.entry(s.ip).or_default().push(s);
        }
    }
    for (ip, v) in by_ip {
        let d = format!("{} direct root login(s)", v.len());
        out.push(Finding::of(Kind::RootLogin, ip, &v, d));
    }
}

/// Addresses named in a `new_source` finding's detail; the evidence has
/// every one (a user who logs in from a whole office network would
/// otherwise make a detail, and a table row, of thousands of addresses).
const NEW_SOURCE_LISTED: usize = 5;

/// The first `n` of `items`, comma-separated, and how many more there are.
fn listed(items: &[&str], n: usize) -> String {
    let mut s = items[..items.len().min(n)].join(", ");
    if items.len() > n {
        s.push_str(&format!(" and {} more", items.len() - n));
    }
    s
}

fn new_sources_and_off_hours(
    successes: &[&Counted],
    l: &Ledger,
    t: &Thresholds,
    is_login: &dyn Fn(&Counted) -> bool,
    out: &mut Vec<Finding>,
) {
    let mut seen: BTreeSet<(u32, u32)> = BTreeSet::new();
    let mut new_by_user: HashMap<u32, Vec<&Counted>> = HashMap::new();
    let mut off_by_user: HashMap<Option<u32>, Vec<&Counted>> = HashMap::new();
    for s in successes.iter().copied().filter(|s| is_login(s)) {
        if let (Some(u), Some(ip)) = (s.user, s.ip) {
            if seen.insert((u, ip)) {
                new_by_user.entry(u).or_default().push(s);
            }
        }
        if let Some(ts) = s.ts {
            let local = ts.div_euclid(1_000_000_000) + t.zone.offset_at_utc(ts) as i64;
            let minute = (local.rem_euclid(86_400) / 60) as u32;
            let (a, b) = t.work_hours;
            let inside = if a <= b { minute >= a && minute < b } else { minute >= a || minute < b };
            if !inside {
                off_by_user.entry(s.user).or_default().push(s);
            }
        }
    }
    for (u, v) in new_by_user {
        let ips: Vec<&str> = v.iter().filter_map(|c| c.ip).map(|i| l.strings.name(i)).collect();
        let d = format!("first success from {} address(es): {}", ips.len(), listed(&ips, NEW_SOURCE_LISTED));
        let ip = if v.len() == 1 { v[0].ip } else { None };
        let mut f = Finding::of(Kind::NewSource, ip, &v, d);
        f.users = vec![u];
        out.push(f);
    }
    for (_, v) in off_by_user {
        let (a, b) = t.work_hours;
        let d = format!(
            "{} success(es) outside {:02}:{:02}-{:02}:{:02} {}",
            v.len(),
            a / 60,
            a % 60,
            b / 60,
            b % 60,
            zone_name(&t.zone)
        );
        let ip = if v.iter().all(|c| c.ip == v[0].ip) { v[0].ip } else { None };
        out.push(Finding::of(Kind::OffHours, ip, &v, d));
    }
}

fn zone_name(z: &Zone) -> String {
    match z {
        Zone::Utc => "UTC".into(),
        Zone::Fixed(o) => format!("{:+03}:{:02}", o / 3600, (o.abs() % 3600) / 60),
        Zone::Named(tz) => tz.name().to_string(),
    }
}

fn human_secs(s: i64) -> String {
    if s % 3600 == 0 {
        format!("{}h", s / 3600)
    } else if s % 60 == 0 {
        format!("{}m", s / 60)
    } else {
        format!("{s}s")
    }
}

/// Parses `--work-hours 08:00-19:00` into minutes of the day.
pub fn parse_work_hours(s: &str) -> Result<(u32, u32), String> {
    let bad = || format!("--work-hours '{s}': expected HH:MM-HH:MM, like 08:00-19:00");
    let (a, b) = s.split_once('-').ok_or_else(bad)?;
    let hm = |t: &str| -> Option<u32> {
        let (h, m) = t.trim().split_once(':').unwrap_or((t.trim(), "0"));
        let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
        (h <= 24 && m < 60 && h * 60 + m <= 1440).then_some(h * 60 + m)
    };
    Ok((hm(a).ok_or_else(bad)?, hm(b).ok_or_else(bad)?))
}

#[cfg(test)]
mod tests {
    use super::super::tests::ledger_of;
    use super::*;

    #[test]
    fn groups_hold_what_a_map_of_vectors_holds() {
        let mut lines = Vec::new();
        for i in 0..30u32 {
            let (ip, user) = (format!("192.0.2.{}", (i * 7) % 5), ["root", "bob", "eve"][(i % 3) as usize]);
            let what = if i % 4 == 0 { "Accepted" } else { "Failed" };
            // Out of time order, so the groups have to be sorted.
            lines.push(format!(
                "Mar  3 10:{:02}:00 web1 sshd[{}]: {what} password for {user} from {ip} port 1 ssh2",
                (i * 13) % 60,
                100 + i
            ));
        }
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let l = ledger_of(&refs);
        let key = |c: &Counted| c.ip.filter(|_| c.outcome == Outcome::Failure);
        let mut g = Groups::new(l.strings.len(), key, &l.events);
        g.sort_by_time();
        let mut want: HashMap<u32, Vec<&Counted>> = HashMap::new();
        for c in &l.events {
            if let Some(k) = key(c) {
                want.entry(k).or_default().push(c);
            }
        }
        for v in want.values_mut() {
            by_time(v);
        }
        let lines_of = |v: &[&Counted]| v.iter().map(|c| c.line).collect::<Vec<_>>();
        let got: HashMap<u32, Vec<u64>> = g.iter().map(|(k, v)| (k, lines_of(v))).collect();
        let want: HashMap<u32, Vec<u64>> = want.iter().map(|(k, v)| (*k, lines_of(v))).collect();
        assert_eq!(got, want);
        assert_eq!(got.len(), 5);
        assert!(g.get(u32::MAX).is_none() && g.get(l.strings.len() as u32).is_none());
    }

    #[test]
    fn a_new_source_detail_names_a_few_addresses_and_the_evidence_all() {
        let lines: Vec<String> = (0..40)
            .map(|i| {
                format!("Mar  3 09:{i:02}:00 web1 sshd[{}]: Accepted publickey for bob from 10.0.1.{i} port 2 ssh2", 100 + i)
            })
            .collect();
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let f = find(&ledger_of(&refs), &Thresholds::default());
        let new: Vec<&Finding> = f.iter().filter(|f| f.kind == Kind::NewSource).collect();
        assert_eq!(new.len(), 1);
        assert_eq!(
            new[0].detail,
            "first success from 40 address(es): 10.0.1.0, 10.0.1.1, 10.0.1.2, 10.0.1.3, 10.0.1.4 and 35 more"
        );
        assert_eq!((new[0].count, new[0].evidence.len()), (40, 40));
        assert_eq!(listed(&["a", "b"], 5), "a, b");
        assert_eq!(listed(&[], 5), "");
    }

    fn kinds(f: &[Finding]) -> Vec<&'static str> {
        f.iter().map(|f| f.kind.as_str()).collect()
    }

    #[test]
    fn brute_force_then_success_is_a_compromise() {
        let mut lines = Vec::new();
        for i in 0..12 {
            lines.push(format!(
                "Mar  3 10:00:{:02} web1 sshd[{}]: Failed password for root from 203.0.113.77 port {} ssh2",
                i * 2,
                500 + i,
                4000 + i
            ));
        }
        lines.push(
            "Mar  3 10:00:40 web1 sshd[600]: Accepted password for root from 203.0.113.77 port 4100 ssh2"
                .into(),
        );
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let l = ledger_of(&refs);
        let f = find(&l, &Thresholds::default());
        assert_eq!(kinds(&f), vec!["success_after_failures", "brute_force", "root_login", "new_source"]);
        assert_eq!(f[0].count, 12);
        assert_eq!(f[0].evidence[0], (0, 13));
        assert_eq!(f[1].count, 12);
        assert_eq!(f[1].evidence.len(), 12);
    }

    #[test]
    fn spraying_scans_distributed_and_sudo() {
        let mut lines = Vec::new();
        for (i, u) in ["admin", "test", "guest", "oracle", "pi", "ftp"].iter().enumerate() {
            lines.push(format!(
                "Mar  3 11:{:02}:00 web1 sshd[{}]: Failed password for invalid user {u} from 198.51.100.23 port 5 ssh2",
                i * 7,
                700 + i
            ));
        }
        for i in 0..5 {
            lines.push(format!(
                "Mar  3 12:00:{:02} web1 sshd[{}]: Failed password for git from 192.0.2.{} port 5 ssh2",
                i,
                800 + i,
                10 + i
            ));
        }
        lines.push("Mar  3 13:00:00 web1 sudo:  mallory : user NOT in sudoers ; TTY=pts/0 ; PWD=/tmp ; USER=root ; COMMAND=/bin/sh".into());
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let f = find(&ledger_of(&refs), &Thresholds::default());
        assert_eq!(kinds(&f), vec!["password_spraying", "invalid_user_scan", "distributed", "sudo_abuse"]);
        assert_eq!(f[0].users.len(), 6);
        assert_eq!(f[2].count, 5);
    }

    #[test]
    fn off_hours_use_the_zone() {
        let l = ledger_of(&["Mar  3 06:30:00 web1 sshd[1]: Accepted publickey for bob from 10.0.0.2 port 5 ssh2: ED25519 SHA256:x"]);
        let utc = find(&l, &Thresholds::default());
        assert!(kinds(&utc).contains(&"off_hours"));
        let berlin = Thresholds { zone: Zone::parse("Europe/Berlin").unwrap(), ..Thresholds::default() };
        assert!(kinds(&find(&l, &berlin)).contains(&"off_hours"), "07:30 in Berlin is before 08:00");
        let tokyo = Thresholds { zone: Zone::parse("+09:00").unwrap(), ..Thresholds::default() };
        assert!(!kinds(&find(&l, &tokyo)).contains(&"off_hours"));
        assert_eq!(parse_work_hours("08:00-19:00"), Ok((480, 1140)));
        assert!(parse_work_hours("8-25").is_err());
    }
}
