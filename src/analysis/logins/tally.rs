//! Per source IP and per user tallies of the ledger: the two tables of
//! `logsift logins`.
//!
//! A busy server's auth.log names hundreds of thousands of addresses, of
//! which the tables show the top few: the counts that order the rows are
//! kept in flat arrays indexed by string id, only the rows shown are
//! selected (a partial sort) and only they get their per-user, per-IP and
//! per-service detail.

use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};

use super::{Counted, Ledger};
use crate::analysis::auth::Outcome;

/// What one address did.
#[derive(Debug, Default, Clone, PartialEq)]
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
#[derive(Debug, Default, Clone, PartialEq)]
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

/// The rows to show, and how many there are in all.
#[derive(Debug, Default)]
pub struct Tables {
    pub ips: Vec<IpRow>,
    pub users: Vec<UserRow>,
    /// Addresses in the ledger (rows shown or not).
    pub total_ips: usize,
    /// Users in the ledger (rows shown or not).
    pub total_users: usize,
}

fn span(first: &mut Option<i64>, last: &mut Option<i64>, ts: Option<i64>) {
    if let Some(t) = ts {
        *first = Some(first.map_or(t, |f| f.min(t)));
        *last = Some(last.map_or(t, |l| l.max(t)));
    }
}

/// The ordering counts of one row: (failures, successes, probes).
#[derive(Debug, Default, Clone, Copy)]
struct Tot {
    seen: bool,
    key: (u64, u64, u64),
}

/// The `top` first rows of both tables (all with `top == 0`), most failures
/// first, then by name (names are unique, so the order is total and the
/// rows are those a full sort would put first).
pub fn tables(l: &Ledger, top: usize) -> Tables {
    let n = l.strings.len();
    let (mut ip_tot, mut user_tot) = (vec![Tot::default(); n], vec![Tot::default(); n]);
    for c in &l.events {
        let k = c.n as u64;
        if let Some(ip) = c.ip {
            let t = &mut ip_tot[ip as usize];
            t.seen = true;
            match c.outcome {
                Outcome::Failure => t.key.0 += k,
                Outcome::Success => t.key.1 += k,
                Outcome::Probe => t.key.2 += k,
            }
        }
        if let (Some(u), false) = (c.user, c.outcome == Outcome::Probe) {
            let t = &mut user_tot[u as usize];
            t.seen = true;
            match c.outcome {
                Outcome::Failure => t.key.0 += k,
                _ => t.key.1 += k,
            }
        }
    }
    let (ips, total_ips) = pick(&ip_tot, l, top);
    let (users, total_users) = pick(&user_tot, l, top);
    let mut ip_rows: Vec<IpRow> = ips.iter().map(|&ip| IpRow { ip, ..IpRow::default() }).collect();
    let mut user_rows: Vec<UserRow> =
        users.iter().map(|&user| UserRow { user, ..UserRow::default() }).collect();
    let (ip_slot, user_slot) = (slots(&ips, n), slots(&users, n));
    for c in &l.events {
        if let Some(&s) = c.ip.and_then(|ip| ip_slot.get(ip as usize)).filter(|&&s| s != u32::MAX) {
            add_ip(&mut ip_rows[s as usize], c);
        }
        if c.outcome == Outcome::Probe {
            continue;
        }
        if let Some(&s) = c.user.and_then(|u| user_slot.get(u as usize)).filter(|&&s| s != u32::MAX) {
            add_user(&mut user_rows[s as usize], c);
        }
    }
    Tables { ips: ip_rows, users: user_rows, total_ips, total_users }
}

/// The ids of the `top` largest rows (all when 0), in table order, and the
/// number of rows there are.
fn pick(tot: &[Tot], l: &Ledger, top: usize) -> (Vec<u32>, usize) {
    let mut ids: Vec<u32> = (0..tot.len() as u32).filter(|&i| tot[i as usize].seen).collect();
    let total = ids.len();
    let order = |a: &u32, b: &u32| -> Ordering {
        tot[*b as usize]
            .key
            .cmp(&tot[*a as usize].key)
            .then_with(|| l.strings.name(*a).cmp(l.strings.name(*b)))
    };
    if top > 0 && ids.len() > top {
        ids.select_nth_unstable_by(top - 1, order);
        ids.truncate(top);
    }
    ids.sort_unstable_by(order);
    (ids, total)
}

/// Row index of each picked id (`u32::MAX`: not shown).
fn slots(ids: &[u32], n: usize) -> Vec<u32> {
    let mut slot = vec![u32::MAX; n];
    for (k, &id) in ids.iter().enumerate() {
        slot[id as usize] = k as u32;
    }
    slot
}

fn add_ip(r: &mut IpRow, c: &Counted) {
    let n = c.n as u64;
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

fn add_user(r: &mut UserRow, c: &Counted) {
    let n = c.n as u64;
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

/// The `k` largest entries of a count map, largest first, ties by name.
/// The `k` first are selected before they are sorted: a scanner's address
/// tried thousands of users, of which three are shown. The order is total
/// (names are distinct), so this is what sorting them all gives.
pub fn top(m: impl Iterator<Item = (u32, u64)>, l: &Ledger, k: usize) -> Vec<(&str, u64)> {
    let mut v: Vec<(&str, u64)> = m.map(|(id, n)| (l.strings.name(id), n)).collect();
    let order = |a: &(&str, u64), b: &(&str, u64)| b.1.cmp(&a.1).then(a.0.cmp(b.0));
    if k == 0 {
        v.clear();
    } else if v.len() > k {
        v.select_nth_unstable_by(k - 1, order);
        v.truncate(k);
    }
    v.sort_by(order);
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::logins::tests::ledger_of;

    /// The plain way: every row built, all sorted (what `tables` was).
    fn all_rows(l: &Ledger) -> (Vec<IpRow>, Vec<UserRow>) {
        let mut ips: HashMap<u32, IpRow> = HashMap::new();
        let mut users: HashMap<u32, UserRow> = HashMap::new();
        for c in &l.events {
            if let Some(ip) = c.ip {
                add_ip(ips.entry(ip).or_insert_with(|| IpRow { ip, ..IpRow::default() }), c);
            }
            if let (Some(user), false) = (c.user, c.outcome == Outcome::Probe) {
                add_user(users.entry(user).or_insert_with(|| UserRow { user, ..UserRow::default() }), c);
            }
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

    /// Real-format lines with ties, probes, successes, sudo and su.
    fn lines() -> Vec<String> {
        let mut v = Vec::new();
        for i in 0..40u32 {
            let ip = format!("203.0.113.{}", i % 7);
            let user = ["root", "admin", "oracle", "bob"][(i % 4) as usize];
            v.push(format!(
                "Mar  3 10:{:02}:00 web1 sshd[{}]: Failed password for {user} from {ip} port {} ssh2",
                i % 60,
                100 + i,
                4000 + i
            ));
            if i % 5 == 0 {
                v.push(format!(
                    "Mar  3 10:{:02}:30 web1 sshd[{}]: Accepted password for {user} from {ip} port 1 ssh2",
                    i % 60,
                    100 + i
                ));
            }
            if i % 3 == 0 {
                v.push(format!(
                    "Mar  3 11:{:02}:00 web1 sshd[{}]: Did not receive identification string from 198.51.100.{}",
                    i % 60,
                    900 + i,
                    i % 4
                ));
            }
        }
        v.push("Mar  3 12:00:00 web1 sudo:    carol : 3 incorrect password attempts ; TTY=pts/0 ; PWD=/home/carol ; USER=root ; COMMAND=/bin/bash".into());
        v.push("Mar  3 12:00:05 web1 su: FAILED SU (to root) carol on pts/0".into());
        v
    }

    #[test]
    fn the_rows_shown_are_those_of_a_full_sort() {
        let lines = lines();
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let l = ledger_of(&refs);
        let (ips, users) = all_rows(&l);
        assert!(ips.len() > 8 && users.len() >= 4, "{} {}", ips.len(), users.len());
        for top in [0, 1, 2, 3, 5, 8, ips.len() - 1, ips.len(), ips.len() + 3] {
            let t = tables(&l, top);
            let k = if top == 0 { usize::MAX } else { top };
            assert_eq!(t.ips, ips.iter().take(k).cloned().collect::<Vec<_>>(), "top {top}");
            assert_eq!(t.users, users.iter().take(k).cloned().collect::<Vec<_>>(), "top {top}");
            assert_eq!((t.total_ips, t.total_users), (ips.len(), users.len()));
        }
    }

    #[test]
    fn the_top_entries_are_those_of_sorting_all() {
        let mut l = Ledger::default();
        let names: Vec<u32> = (0..300).map(|i| l.strings.id(&format!("u{}", (i * 37) % 300))).collect();
        for len in [0, 1, 2, 3, 4, 10, 300] {
            let m: Vec<(u32, u64)> = names[..len].iter().map(|&id| (id, (id as u64 * 7) % 5)).collect();
            for k in [0, 1, 3, 5, 400] {
                let mut want: Vec<(&str, u64)> = m.iter().map(|&(id, n)| (l.strings.name(id), n)).collect();
                want.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
                want.truncate(k);
                assert_eq!(top(m.iter().copied(), &l, k), want, "{len} {k}");
            }
        }
    }
}
