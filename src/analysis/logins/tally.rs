//! Per source IP and per user tallies of the ledger: the two tables of
//! `logsift logins`.

use std::collections::{BTreeSet, HashMap};

use super::{Counted, Ledger};
use crate::analysis::auth::Outcome;

/// What one address did.
#[derive(Debug, Default, Clone)]
pub struct IpRow {
    pub ip: u32,
    pub failures: u64,
    pub successes: u64,
    pub probes: u64,
    pub first: Option<i64>,
    pub last: Option<i64>,
    /// Failures per user name tried.
    pub users: HashMap<u32, u64>,
    /// Users that logged in successfully from here.
    pub succeeded: BTreeSet<u32>,
    pub services: BTreeSet<u32>,
}

/// What happened to one account.
#[derive(Debug, Default, Clone)]
pub struct UserRow {
    pub user: u32,
    pub failures: u64,
    pub successes: u64,
    pub first: Option<i64>,
    pub last: Option<i64>,
    /// Failures and successes per source address.
    pub ips: HashMap<u32, (u64, u64)>,
    pub services: BTreeSet<u32>,
}

fn span(first: &mut Option<i64>, last: &mut Option<i64>, ts: Option<i64>) {
    if let Some(t) = ts {
        *first = Some(first.map_or(t, |f| f.min(t)));
        *last = Some(last.map_or(t, |l| l.max(t)));
    }
}

/// Both tables, most failures first (then by name, so output is stable).
pub fn tables(l: &Ledger) -> (Vec<IpRow>, Vec<UserRow>) {
    let mut ips: HashMap<u32, IpRow> = HashMap::new();
    let mut users: HashMap<u32, UserRow> = HashMap::new();
    for c in &l.events {
        add(&mut ips, &mut users, c);
    }
    let mut ips: Vec<IpRow> = ips.into_values().collect();
    ips.sort_by(|a, b| {
        (b.failures, b.successes, b.probes)
            .cmp(&(a.failures, a.successes, a.probes))
            .then_with(|| l.strings.name(a.ip).cmp(l.strings.name(b.ip)))
    });
    let mut users: Vec<UserRow> = users.into_values().collect();
    users.sort_by(|a, b| {
        (b.failures, b.successes)
            .cmp(&(a.failures, a.successes))
            .then_with(|| l.strings.name(a.user).cmp(l.strings.name(b.user)))
    });
    (ips, users)
}

fn add(ips: &mut HashMap<u32, IpRow>, users: &mut HashMap<u32, UserRow>, c: &Counted) {
    let n = c.n as u64;
    if let Some(ip) = c.ip {
        let r = ips.entry(ip).or_insert_with(|| IpRow { ip, ..IpRow::default() });
        span(&mut r.first, &mut r.last, c.ts);
        r.services.insert(c.service);
        match c.outcome {
            Outcome::Failure => {
                r.failures += n;
                if let Some(u) = c.user {
                    *r.users.entry(u).or_default() += n;
                }
            }
            Outcome::Success => {
                r.successes += n;
                if let Some(u) = c.user {
                    r.succeeded.insert(u);
                }
            }
            Outcome::Probe => r.probes += n,
        }
    }
    if let (Some(user), false) = (c.user, c.outcome == Outcome::Probe) {
        let r = users.entry(user).or_insert_with(|| UserRow { user, ..UserRow::default() });
        span(&mut r.first, &mut r.last, c.ts);
        r.services.insert(c.service);
        let slot = c.ip.map(|ip| r.ips.entry(ip).or_default());
        match c.outcome {
            Outcome::Failure => {
                r.failures += n;
                if let Some(s) = slot {
                    s.0 += n;
                }
            }
            _ => {
                r.successes += n;
                if let Some(s) = slot {
                    s.1 += n;
                }
            }
        }
    }
}

/// The `k` largest entries of a count map, largest first, ties by name.
pub fn top(m: impl Iterator<Item = (u32, u64)>, l: &Ledger, k: usize) -> Vec<(&str, u64)> {
    let mut v: Vec<(&str, u64)> = m.map(|(id, n)| (l.strings.name(id), n)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v.truncate(k);
    v
}
