//! From authentication events to what `logsift logins` reports: sessions
//! (address carry-over and echo de-duplication), the counted ledger, per-IP
//! and per-user tallies ([`tally`]) and findings ([`findings`]).
//!
//! Workers turn each chunk's records into [`Rec`]s (owned, small); the
//! [`Tracker`] consumes them on one thread in source and line order, so a
//! session's lines are seen in the order they were written even when they
//! straddle chunks.

pub mod findings;
pub mod tally;

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use crate::analysis::auth::{Hit, Outcome, Weight};
use crate::event::Event;

/// How long a session (pid) stays open without a line: sshd's
/// `LoginGraceTime` is 2 minutes; pids are reused much later.
const SESSION_GAP_NANOS: i64 = 10 * 60 * 1_000_000_000;

/// One authentication line, owned, as a worker found it.
#[derive(Debug, Clone)]
pub struct Rec {
    /// UTC nanoseconds.
    pub ts: Option<i64>,
    pub line: u64,
    /// Session key within the source (hash of host, program and pid, or the
    /// daemon's own session id, or the user for pid-less sudo); 0 = none.
    pub session: u64,
    pub outcome: Option<Outcome>,
    pub weight: Weight,
    pub n: u32,
    pub user: Option<Box<str>>,
    pub ip: Option<Box<str>>,
    pub port: Option<u16>,
    pub method: Box<str>,
    pub service: Box<str>,
    pub flags: u8,
}

impl Rec {
    /// The owned record of `hit`, found in `ev`.
    pub fn new(ev: &Event<'_>, hit: &Hit<'_>) -> Rec {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        ev.host.as_deref().hash(&mut h);
        ev.app.as_deref().hash(&mut h);
        let session = if let Some(s) = hit.session {
            ("conn", s).hash(&mut h);
            h.finish() | 1
        } else if let Some(pid) = ev.pid {
            pid.hash(&mut h);
            h.finish() | 1
        } else if let (Some(u), "sudo" | "su") = (&hit.user, hit.service.as_ref()) {
            u.hash(&mut h);
            h.finish() | 1
        } else {
            0
        };
        Rec {
            ts: ev.ts.map(|t| t.nanos),
            line: ev.line,
            session,
            outcome: hit.outcome,
            weight: hit.weight,
            n: hit.n,
            user: hit.user.as_deref().map(Into::into),
            ip: hit.ip.as_deref().map(Into::into),
            port: hit.port,
            method: hit.method.as_ref().into(),
            service: hit.service.as_ref().into(),
            flags: hit.flags,
        }
    }
}

/// A line that counts: a failure (one per attempt), a success or a probe.
#[derive(Debug, Clone)]
pub struct Counted {
    pub ts: Option<i64>,
    pub source: u32,
    pub line: u64,
    pub outcome: Outcome,
    /// Attempts it stands for (`message repeated 5 times`, sudo's `3
    /// incorrect password attempts`).
    pub n: u32,
    pub user: Option<u32>,
    pub ip: Option<u32>,
    pub service: u32,
    pub method: u32,
    pub flags: u8,
}

/// Strings seen many times (users, addresses, services), stored once.
#[derive(Debug, Default)]
pub struct Interner {
    ids: HashMap<Box<str>, u32>,
    names: Vec<Box<str>>,
}

impl Interner {
    /// The id of `s`, adding it when new.
    pub fn id(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.ids.get(s) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(s.into());
        self.ids.insert(s.into(), i);
        i
    }

    /// The text of an id.
    pub fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }
}

#[derive(Debug, Default)]
struct Session {
    ip: Option<Box<str>>,
    user: Option<Box<str>>,
    last: Option<i64>,
    /// An attempt line was counted: later echoes repeat it.
    attempted: bool,
    /// The first echo seen before any attempt (counted if none follows).
    pending: Option<(u32, Rec)>,
}

/// Every counted line, with the strings they refer to.
#[derive(Debug, Default)]
pub struct Ledger {
    pub strings: Interner,
    pub events: Vec<Counted>,
}

/// Turns records, in source order, into the ledger: fills in addresses and
/// users from earlier lines of the same session and counts each attempt
/// once.
#[derive(Debug, Default)]
pub struct Tracker {
    sessions: HashMap<(u32, u64), Session>,
    pub ledger: Ledger,
}

impl Tracker {
    /// Feeds one record of source `source`; returns the address and user it
    /// ends up with (carried over from its session when it had none).
    pub fn push(&mut self, source: u32, mut rec: Rec) -> (Option<Box<str>>, Option<Box<str>>) {
        if rec.session == 0 {
            self.count(source, &rec);
            return (rec.ip, rec.user);
        }
        let s = self.sessions.entry((source, rec.session)).or_default();
        let stale = matches!((s.last, rec.ts), (Some(a), Some(b)) if b - a > SESSION_GAP_NANOS);
        let moved = matches!((&s.ip, &rec.ip), (Some(a), Some(b)) if a != b);
        if stale || moved {
            let old = std::mem::take(s);
            if let Some((src, p)) = old.pending {
                self.count(src, &p);
            }
        }
        let s = self.sessions.get_mut(&(source, rec.session)).expect("session exists");
        s.last = rec.ts.or(s.last);
        if rec.ip.is_some() {
            s.ip = rec.ip.clone();
        } else {
            rec.ip = s.ip.clone();
        }
        if rec.user.is_some() {
            s.user = rec.user.clone();
        } else {
            rec.user = s.user.clone();
        }
        let out = (rec.ip.clone(), rec.user.clone());
        match (rec.outcome, rec.weight) {
            (None, _) | (_, Weight::Soft) => {}
            (Some(Outcome::Failure), Weight::Echo) => {
                if !s.attempted && s.pending.is_none() {
                    s.pending = Some((source, rec));
                }
            }
            (Some(Outcome::Failure), _) => {
                s.attempted = true;
                s.pending = None;
                self.count(source, &rec);
            }
            (Some(Outcome::Success), _) => {
                let pending = s.pending.take();
                s.attempted = false;
                if let Some((src, p)) = pending {
                    self.count(src, &p);
                }
                self.count(source, &rec);
            }
            (Some(Outcome::Probe), _) => self.count(source, &rec),
        }
        out
    }

    /// Counts what is still pending; call once at the end.
    pub fn finish(mut self) -> Ledger {
        let mut pending: Vec<(u32, Rec)> = self.sessions.drain().filter_map(|(_, s)| s.pending).collect();
        pending.sort_by_key(|(src, r)| (*src, r.line));
        for (src, r) in pending {
            self.count(src, &r);
        }
        self.ledger
    }

    fn count(&mut self, source: u32, rec: &Rec) {
        let (Some(outcome), false) = (rec.outcome, rec.weight == Weight::Soft) else {
            return;
        };
        let l = &mut self.ledger;
        let c = Counted {
            ts: rec.ts,
            source,
            line: rec.line,
            outcome,
            n: rec.n.max(1),
            user: rec.user.as_deref().map(|u| l.strings.id(u)),
            ip: rec.ip.as_deref().map(|i| l.strings.id(i)),
            service: l.strings.id(&rec.service),
            method: l.strings.id(&rec.method),
            flags: rec.flags,
        };
        l.events.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::auth;
    use crate::format::time::{YearRef, Zone};
    use crate::format::{syslog3164, ParseCx};

    /// Runs syslog lines through extraction and the tracker.
    pub(crate) fn ledger_of(lines: &[&str]) -> Ledger {
        let cx = ParseCx::new(Zone::Utc, YearRef::forced(2024));
        let mut t = Tracker::default();
        for (i, line) in lines.iter().enumerate() {
            let mut ev = syslog3164::parse(line, &cx).unwrap_or_else(|| panic!("parse {line}"));
            ev.line = i as u64 + 1;
            if let Some(h) = auth::extract(&ev) {
                t.push(0, Rec::new(&ev, &h));
            }
        }
        t.finish()
    }

    fn failures(l: &Ledger) -> Vec<(u64, Option<&str>, Option<&str>)> {
        l.events
            .iter()
            .filter(|c| c.outcome == Outcome::Failure)
            .map(|c| (c.line, c.ip.map(|i| l.strings.name(i)), c.user.map(|u| l.strings.name(u))))
            .collect()
    }

    #[test]
    fn one_attempt_counts_once_however_many_lines_it_leaves() {
        let l = ledger_of(&[
            "Mar  3 10:00:00 web1 sshd[100]: Invalid user admin from 203.0.113.5 port 4000",
            "Mar  3 10:00:00 web1 sshd[100]: input_userauth_request: invalid user admin [preauth]",
            "Mar  3 10:00:00 web1 sshd[100]: pam_unix(sshd:auth): check pass; user unknown",
            "Mar  3 10:00:01 web1 sshd[100]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.5",
            "Mar  3 10:00:02 web1 sshd[100]: Failed password for invalid user admin from 203.0.113.5 port 4000 ssh2",
            "Mar  3 10:00:03 web1 sshd[100]: Connection closed by invalid user admin 203.0.113.5 port 4000 [preauth]",
        ]);
        assert_eq!(failures(&l), vec![(5, Some("203.0.113.5"), Some("admin"))]);
    }

    #[test]
    fn echo_only_sessions_count_once_with_the_carried_address() {
        let l = ledger_of(&[
            "Mar  3 10:00:00 web1 sshd[200]: reverse mapping checking getaddrinfo for x.example [198.51.100.4] failed - POSSIBLE BREAK-IN ATTEMPT!",
            "Mar  3 10:00:00 web1 sshd[200]: input_userauth_request: invalid user oracle [preauth]",
            "Mar  3 10:00:01 web1 sshd[200]: pam_unix(sshd:auth): check pass; user unknown",
            "Mar  3 10:00:02 web1 sshd[201]: Did not receive identification string from 198.51.100.9",
        ]);
        assert_eq!(failures(&l), vec![(2, Some("198.51.100.4"), Some("oracle"))]);
        assert_eq!(l.events.iter().filter(|c| c.outcome == Outcome::Probe).count(), 1);
    }

    #[test]
    fn successes_and_soft_failures() {
        let l = ledger_of(&[
            "Mar  3 10:00:00 web1 sshd[300]: Failed publickey for bob from 10.0.0.2 port 5 ssh2: RSA SHA256:x",
            "Mar  3 10:00:01 web1 sshd[300]: Accepted password for bob from 10.0.0.2 port 5 ssh2",
            "Mar  3 10:00:02 web1 sshd[300]: pam_unix(sshd:session): session opened for user bob(uid=1000) by (uid=0)",
            "Mar  3 10:30:00 web1 sshd[300]: Received disconnect from 10.0.0.2 port 5:11: disconnected by user",
            "Mar  3 10:30:00 web1 sshd[300]: Disconnected from user bob 10.0.0.2 port 5",
        ]);
        assert!(failures(&l).is_empty());
        assert_eq!(l.events.len(), 1);
        assert_eq!(l.events[0].outcome, Outcome::Success);
    }

    #[test]
    fn sudo_pam_echo_is_covered_by_the_attempt_count() {
        let l = ledger_of(&[
            "Mar  3 10:00:00 web1 sudo: pam_unix(sudo:auth): authentication failure; logname=carol uid=1002 euid=0 tty=/dev/pts/0 ruser=carol rhost=  user=carol",
            "Mar  3 10:00:09 web1 sudo:    carol : 3 incorrect password attempts ; TTY=pts/0 ; PWD=/home/carol ; USER=root ; COMMAND=/bin/bash",
            "Mar  3 11:00:00 web1 sudo: pam_unix(sudo:auth): authentication failure; logname=carol uid=1002 euid=0 tty=/dev/pts/0 ruser=carol rhost=  user=carol",
            "Mar  3 11:00:05 web1 sudo:    carol : TTY=pts/0 ; PWD=/home/carol ; USER=root ; COMMAND=/bin/ls",
        ]);
        let f: Vec<(u64, u32)> =
            l.events.iter().filter(|c| c.outcome == Outcome::Failure).map(|c| (c.line, c.n)).collect();
        assert_eq!(f, vec![(2, 3), (3, 1)]);
    }
}
