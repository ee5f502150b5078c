//! From authentication events to what `logsift logins` reports: sessions
//! (address carry-over and echo de-duplication), the counted ledger, per-IP
//! and per-user tallies ([`tally`]) and findings ([`findings`]).
//!
//! Workers turn each chunk's records into [`Rec`]s (owned, small); the
//! [`Tracker`] consumes them on one thread in source and line order, so a
//! session's lines are seen in the order they were written even when they
//! straddle chunks.

pub mod findings;
pub mod raw;
pub mod tally;
pub mod text_ids;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

use crate::analysis::auth::{Hit, Outcome, Weight};
use crate::event::Event;

use text_ids::TextIds;

/// How long a session (pid) stays open without a line: sshd's
/// `LoginGraceTime` is 2 minutes; pids are reused much later.
const SESSION_GAP_NANOS: i64 = 10 * 60 * 1_000_000_000;

/// The fewest records between sweeps of closed sessions. A sweep visits
/// every slot of the session map, so sweeps come after as many records as
/// the map held open sessions (at least this many): amortized, each
/// record pays for a few slots, and the map stays near the size of the
/// sessions open at once (small enough to stay in cache: with a sweep
/// every 65,536 records it held tens of thousands of closed sessions, and
/// the first read of a session was a cache miss).
const SWEEP_MIN: usize = 1 << 12;

/// A fast non-cryptographic hasher (the Fx hash of rustc) for the sink's
/// maps: their keys are ids and short strings from one trusted run, and
/// SipHash was a tenth of the sink's time.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.write_u64(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // The zero-padded little-endian word, built without a `memcpy`
            // call (most keys are short: every one ends in a remainder).
            self.write_u64(rest.iter().rev().fold(0, |w, &b| w << 8 | b as u64));
        }
    }
    #[inline]
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    #[inline]
    fn write_u32(&mut self, v: u32) {
        self.write_u64(v as u64)
    }
    #[inline]
    fn write_u8(&mut self, v: u8) {
        self.write_u64(v as u64)
    }
    #[inline]
    fn write_usize(&mut self, v: usize) {
        self.write_u64(v as u64)
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` with [`FxHasher`].
pub type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// One authentication line, as a worker found it: its strings (service,
/// method, user, address) are ids in the string table its holder uses (a
/// [`ChunkStrings`] in a worker, the ledger's [`Interner`] in the tracker).
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
    pub user: Option<u32>,
    pub ip: Option<u32>,
    pub port: Option<u16>,
    pub method: u32,
    pub service: u32,
    pub flags: u8,
}

/// Who logged a line: what a record's session key is made of.
#[derive(Debug, Clone, Copy)]
pub struct Who<'a> {
    pub host: Option<&'a str>,
    pub app: Option<&'a str>,
    pub pid: Option<u32>,
}

impl Rec {
    /// The record of `hit`, found in `ev`, its strings given ids by `id`
    /// (called with the field, [`SERVICE`], [`METHOD`], [`USER`] or [`IP`],
    /// and the text, in that order: the order ids are handed out in
    /// decides the order of services in the tables).
    pub fn new(ev: &Event<'_>, hit: &Hit<'_>, id: &mut impl FnMut(usize, &str) -> u32) -> Rec {
        let who = Who { host: ev.host.as_deref(), app: ev.app.as_deref(), pid: ev.pid };
        Rec::of(ev.ts.map(|t| t.nanos), ev.line, who, hit, id)
    }

    /// The record of `hit`, found in line `line` (timestamp `ts`) logged
    /// by `who`: [`Rec::new`] without an event (the raw-byte path).
    pub fn of(
        ts: Option<i64>,
        line: u64,
        who: Who<'_>,
        hit: &Hit<'_>,
        id: &mut impl FnMut(usize, &str) -> u32,
    ) -> Rec {
        let mut h = FxHasher::default();
        who.host.hash(&mut h);
        who.app.hash(&mut h);
        let session = if let Some(s) = hit.session {
            ("conn", s).hash(&mut h);
            h.finish() | 1
        } else if let Some(pid) = who.pid {
            pid.hash(&mut h);
            h.finish() | 1
        } else if let (Some(u), "sudo" | "su") = (&hit.user, hit.service.as_ref()) {
            u.hash(&mut h);
            h.finish() | 1
        } else {
            0
        };
        let service = id(SERVICE, &hit.service);
        let method = id(METHOD, &hit.method);
        let user = hit.user.as_deref().map(|u| id(USER, u));
        let ip = hit.ip.as_deref().map(|i| id(IP, i));
        Rec {
            ts,
            line,
            session,
            outcome: hit.outcome,
            weight: hit.weight,
            n: hit.n,
            user,
            ip,
            port: hit.port,
            method,
            service,
            flags: hit.flags,
        }
    }

    /// The same record with its string ids mapped through `map` (chunk
    /// ids to ledger ids).
    pub fn remap(mut self, map: &[u32]) -> Rec {
        self.service = map[self.service as usize];
        self.method = map[self.method as usize];
        self.user = self.user.map(|u| map[u as usize]);
        self.ip = self.ip.map(|i| map[i as usize]);
        self
    }
}

/// The string fields of a [`Rec`], as [`Rec::of`] names them to its `id`.
pub const SERVICE: usize = 0;
/// See [`SERVICE`].
pub const METHOD: usize = 1;
/// See [`SERVICE`].
pub const USER: usize = 2;
/// See [`SERVICE`].
pub const IP: usize = 3;
/// How many string fields a [`Rec`] has.
const FIELDS: usize = 4;

/// The strings of one chunk's records, each stored once in one buffer:
/// workers give their records ids here, and the sink interns each distinct
/// string once per chunk instead of every string of every record (and
/// frees no per-record allocation).
#[derive(Debug)]
pub struct ChunkStrings {
    text: String,
    spans: Vec<(u32, u32)>,
    ids: TextIds,
    /// The last two ids handed out for each field (`NO_ID` when none): a
    /// record's service and method are nearly always the previous
    /// record's, and the lines of one session follow each other with the
    /// same user and address, so most strings are found here with one
    /// short compare instead of a hash lookup.
    recent: [[u32; 2]; FIELDS],
}

/// No id, in [`ChunkStrings`]'s `recent`.
const NO_ID: u32 = u32::MAX;

impl Default for ChunkStrings {
    fn default() -> Self {
        ChunkStrings {
            text: String::new(),
            spans: Vec::new(),
            ids: TextIds::default(),
            recent: [[NO_ID; 2]; FIELDS],
        }
    }
}

impl ChunkStrings {
    /// An empty table with room for `n` distinct strings (a 4 MiB chunk of
    /// a busy auth.log has a few thousand), so it does not grow by rehashing.
    pub fn with_capacity(n: usize) -> ChunkStrings {
        ChunkStrings { ids: TextIds::with_capacity(n), ..ChunkStrings::default() }
    }

    /// The chunk id of `s`, adding it when new.
    pub fn id(&mut self, s: &str) -> u32 {
        self.id_in(SERVICE, s)
    }

    /// The chunk id of `s`, the text of field `field` ([`SERVICE`]...) of
    /// a record, adding it when new: [`ChunkStrings::id`], looking first
    /// at the ids that field was given last.
    pub fn id_in(&mut self, field: usize, s: &str) -> u32 {
        let [a, b] = self.recent[field];
        if self.is(a, s) {
            return a;
        }
        let i = if self.is(b, s) { b } else { self.lookup(s) };
        self.recent[field] = [i, a];
        i
    }

    /// Whether id `i` (or `NO_ID`) is the text `s`.
    #[inline]
    fn is(&self, i: u32, s: &str) -> bool {
        match self.spans.get(i as usize) {
            Some(&(at, len)) => {
                len as usize == s.len()
                    && crate::bytes::same(&self.text.as_bytes()[at as usize..][..len as usize], s.as_bytes())
            }
            None => false,
        }
    }

    /// The id of `s` from the map, adding it when new.
    fn lookup(&mut self, s: &str) -> u32 {
        let (text, spans) = (&self.text, &self.spans);
        let found = self.ids.get(s, |i| {
            let (at, len) = spans[i as usize];
            &text[at as usize..(at + len) as usize]
        });
        match found {
            Some(i) => i,
            None => {
                let i = self.spans.len() as u32;
                self.spans.push((self.text.len() as u32, s.len() as u32));
                self.text.push_str(s);
                self.ids.insert(s, i);
                i
            }
        }
    }

    /// The text of a chunk id.
    pub fn name(&self, id: u32) -> &str {
        let (at, len) = self.spans[id as usize];
        &self.text[at as usize..(at + len) as usize]
    }

    /// Drops the lookup map (the worker is done adding), keeping the text.
    pub fn seal(&mut self) {
        self.ids = TextIds::default();
    }

    /// The ledger id of every chunk id, interning in chunk id order (the
    /// order the strings first occur in), so ids come out as they would
    /// interning every record's strings one after the other.
    pub fn ledger_ids(&self, into: &mut Interner) -> Vec<u32> {
        (0..self.spans.len() as u32).map(|i| into.id(self.name(i))).collect()
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

/// Strings seen many times (users, addresses, services), stored once, one
/// after the other in one buffer (a busy auth.log has a new address on
/// nearly every attack line: a box per string was an allocation each, and
/// as many frees at exit).
#[derive(Debug)]
pub struct Interner {
    ids: TextIds,
    text: String,
    /// Where each string ends in `text` (it starts where the one before ends).
    ends: Vec<usize>,
}

/// Strings an [`Interner`] has room for before its map grows (a chunk of a
/// busy auth.log brings a few thousand).
const INTERNER_ROOM: usize = 1 << 14;

impl Default for Interner {
    fn default() -> Self {
        Interner { ids: TextIds::with_capacity(INTERNER_ROOM), text: String::new(), ends: Vec::new() }
    }
}

impl Interner {
    /// The id of `s`, adding it when new.
    pub fn id(&mut self, s: &str) -> u32 {
        if let Some(i) = self.get(s) {
            return i;
        }
        let i = self.ends.len() as u32;
        self.text.push_str(s);
        self.ends.push(self.text.len());
        self.ids.insert(s, i);
        i
    }

    /// The id of `s` when it was seen.
    pub fn get(&self, s: &str) -> Option<u32> {
        self.ids.get(s, |i| self.name(i))
    }

    /// The text of an id.
    pub fn name(&self, id: u32) -> &str {
        let i = id as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    /// How many strings there are (ids are `0..len`).
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether no string was added.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

#[derive(Debug, Default)]
struct Session {
    ip: Option<u32>,
    user: Option<u32>,
    last: Option<i64>,
    /// An attempt line was counted: later echoes repeat it.
    attempted: bool,
    /// The first echo seen before any attempt (counted if none follows);
    /// boxed, as few sessions have one: inline it tripled the size of a
    /// map entry.
    pending: Option<Box<Counted>>,
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
    sessions: FxMap<(u32, u64), Session>,
    /// Records pushed since the last sweep of closed sessions.
    since_sweep: usize,
    /// Records to push before the next sweep (see [`SWEEP_MIN`]; 0 until
    /// the first record).
    sweep_after: usize,
    /// Latest timestamp seen per source (indexed by source id).
    latest: Vec<Option<i64>>,
    pub ledger: Ledger,
}

impl Tracker {
    /// Feeds one record of source `source` (its string ids the ledger's);
    /// returns the address and user ids it ends up with (carried over from its session when it had none).
    pub fn push(&mut self, source: u32, rec: Rec) -> (Option<u32>, Option<u32>) {
        if let Some(t) = rec.ts {
            if self.latest.len() <= source as usize {
                self.latest.resize(source as usize + 1, None);
            }
            let l = &mut self.latest[source as usize];
            *l = Some(l.map_or(t, |l| l.max(t)));
        }
        self.since_sweep += 1;
        if self.since_sweep >= self.sweep_after.max(SWEEP_MIN) {
            self.sweep();
        }
        let mut c = Counted {
            ts: rec.ts,
            source,
            line: rec.line,
            outcome: rec.outcome.unwrap_or(Outcome::Probe),
            n: rec.n.max(1),
            user: rec.user,
            ip: rec.ip,
            service: rec.service,
            method: rec.method,
            flags: rec.flags,
        };
        let counts = rec.outcome.is_some() && rec.weight != Weight::Soft;
        if rec.session == 0 {
            if counts {
                self.ledger.events.push(c.clone());
            }
            return (c.ip, c.user);
        }
        let s = self.sessions.entry((source, rec.session)).or_default();
        let stale = matches!((s.last, c.ts), (Some(a), Some(b)) if b - a > SESSION_GAP_NANOS);
        let moved = matches!((s.ip, c.ip), (Some(a), Some(b)) if a != b);
        if stale || moved {
            if let Some(p) = std::mem::take(s).pending {
                self.ledger.events.push(*p);
            }
        }
        s.last = c.ts.or(s.last);
        match c.ip {
            Some(ip) => s.ip = Some(ip),
            None => c.ip = s.ip,
        }
        match c.user {
            Some(u) => s.user = Some(u),
            None => c.user = s.user,
        }
        let out = (c.ip, c.user);
        if !counts {
            return out;
        }
        match (c.outcome, rec.weight) {
            (Outcome::Failure, Weight::Echo) => {
                if !s.attempted && s.pending.is_none() {
                    s.pending = Some(Box::new(c));
                }
            }
            (Outcome::Failure, _) => {
                s.attempted = true;
                s.pending = None;
                self.ledger.events.push(c);
            }
            (Outcome::Success, _) => {
                s.attempted = false;
                if let Some(p) = s.pending.take() {
                    self.ledger.events.push(*p);
                }
                self.ledger.events.push(c);
            }
            (Outcome::Probe, _) => self.ledger.events.push(c),
        }
        out
    }

    /// Closes the sessions idle for longer than the session gap (counting
    /// their pending echo), so memory follows the sessions open at once,
    /// not every pid of the input.
    fn sweep(&mut self) {
        self.since_sweep = 0;
        let latest = &self.latest;
        let events = &mut self.ledger.events;
        self.sessions.retain(|(src, _), s| {
            let open = match (s.last, latest.get(*src as usize).copied().flatten()) {
                (Some(last), Some(now)) => now - last <= SESSION_GAP_NANOS,
                _ => true,
            };
            if !open {
                if let Some(p) = s.pending.take() {
                    events.push(*p);
                }
            }
            open
        });
        self.sweep_after = self.sessions.len();
    }

    /// Counts what is still pending; call once at the end.
    pub fn finish(mut self) -> Ledger {
        let mut pending: Vec<Counted> =
            self.sessions.drain().filter_map(|(_, s)| s.pending.map(|p| *p)).collect();
        pending.sort_by_key(|c| (c.source, c.line));
        self.ledger.events.extend(pending);
        self.ledger
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
                let rec = Rec::new(&ev, &h, &mut |_, s| t.ledger.strings.id(s));
                t.push(0, rec);
            }
        }
        t.finish()
    }

    /// What the sink does: records get chunk ids in workers, then ledger
    /// ids one chunk at a time.
    fn ledger_by_chunks(lines: &[&str], chunk: usize) -> Ledger {
        let cx = ParseCx::new(Zone::Utc, YearRef::forced(2024));
        let mut t = Tracker::default();
        for (k, part) in lines.chunks(chunk).enumerate() {
            let mut strings = ChunkStrings::default();
            let mut recs = Vec::new();
            for (i, line) in part.iter().enumerate() {
                let mut ev = syslog3164::parse(line, &cx).unwrap_or_else(|| panic!("parse {line}"));
                ev.line = (k * chunk + i) as u64 + 1;
                if let Some(h) = auth::extract(&ev) {
                    recs.push(Rec::new(&ev, &h, &mut |f, s| strings.id_in(f, s)));
                }
            }
            strings.seal();
            let ids = strings.ledger_ids(&mut t.ledger.strings);
            for r in recs {
                t.push(0, r.remap(&ids));
            }
        }
        t.finish()
    }

    #[test]
    fn chunk_string_ids_are_first_seen_order_with_the_recent_ring() {
        let words = ["sshd", "password", "root", "1.2.3.4", "sshd", "", "bob", "sshd", "password", "root"];
        let mut seq: Vec<&str> = Vec::new();
        for i in 0..200usize {
            seq.push(words[(i * 7 + i / 3) % words.len()]);
        }
        let mut cs = ChunkStrings::default();
        let mut plain: Vec<&str> = Vec::new();
        for s in &seq {
            let want = plain.iter().position(|p| p == s).unwrap_or_else(|| {
                plain.push(s);
                plain.len() - 1
            });
            assert_eq!(cs.id(s) as usize, want, "{s:?}");
            assert_eq!(cs.name(want as u32), *s);
        }
    }

    #[test]
    fn chunk_string_ids_give_the_ledger_of_direct_interning() {
        let mut lines: Vec<String> = Vec::new();
        for i in 0..60u32 {
            let (ip, user) =
                (format!("198.51.100.{}", (i * 11) % 9), ["root", "bob", "admin"][(i % 3) as usize]);
            lines.push(match i % 6 {
                0 => format!("Mar  3 10:00:{:02} web1 sshd[{}]: Invalid user {user} from {ip} port 22", i % 60, i),
                1 => format!("Mar  3 10:00:{:02} web1 sshd[{}]: Failed password for {user} from {ip} port 22 ssh2", i % 60, i),
                2 => format!("Mar  3 10:00:{:02} web1 sudo:    {user} : 3 incorrect password attempts ; TTY=pts/0 ; PWD=/ ; USER=root ; COMMAND=/bin/sh", i % 60),
                3 => format!("Mar  3 10:00:{:02} web1 sshd[{}]: Accepted publickey for {user} from {ip} port 22 ssh2", i % 60, i - 2),
                4 => format!("Mar  3 10:00:{:02} web1 su: pam_unix(su:auth): authentication failure; logname={user} uid=1000 euid=0 tty=pts/1 ruser={user} rhost=  user=root", i % 60),
                _ => format!("Mar  3 10:00:{:02} web1 sshd[{}]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={ip}", i % 60, i),
            });
        }
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let direct = ledger_of(&refs);
        let names = |l: &Ledger| {
            (0..l.strings.len() as u32).map(|i| l.strings.name(i).to_string()).collect::<Vec<_>>()
        };
        let events = |l: &Ledger| format!("{:?}", l.events);
        assert!(direct.events.len() > 30);
        for chunk in [1, 4, 7, 60] {
            let l = ledger_by_chunks(&refs, chunk);
            assert_eq!(names(&l), names(&direct), "chunk {chunk}");
            assert_eq!(events(&l), events(&direct), "chunk {chunk}");
        }
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
