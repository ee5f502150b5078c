//! The raw-byte path of `logins`: the candidate lines of a syslog chunk
//! read straight from its bytes, building no [`Event`] for lines with a
//! syslog header (the hand-written sshd, PAM and sudo forms, then the rule
//! tables, read the message: [`auth::extract_syslog`]).
//!
//! It gives what [`crate::scan::lines::for_each_candidate_event`] followed
//! by [`auth::extract`] gives, record for record (the tests compare both on
//! fixtures, loghub and ugly lines), and declines whole chunks it cannot be
//! sure of: a candidate line that is folded into an earlier record, or
//! followed by a line that would be folded into it (continuation lines),
//! and chunks that are not valid UTF-8. A candidate line without a syslog
//! header is parsed into an event and handed over as such.

use std::hash::{Hash, Hasher};

use crate::analysis::auth::{self, Hit};
use crate::analysis::logins::FxHasher;
use crate::event::Event;
use crate::format::detect::Detection;
use crate::format::syslog3164::{self, Header, Memo};
use crate::format::{FormatId, ParseCx};
use crate::scan::lines::ChunkOrigin;
use crate::scan::prefilter::Prefilter;

/// One candidate line of a chunk, in order.
pub enum Line<'a> {
    /// A syslog line the tables read: its number, header and hit.
    Quick(u64, Header<'a>, Hit<'a>),
    /// A candidate line without a syslog header, parsed (as the event path
    /// would).
    Event(Event<'a>),
}

/// Walks the candidate lines of a chunk (`bytes`, at `origin`) of a
/// source detected as syslog, calling `f` with each in order. Returns the
/// chunk's line terminators (every line was looked at, so the scan need
/// not count them again), or `None` when the chunk must go the event path
/// instead (see the module doc); what `f` was given then must be dropped.
///
/// Every line is read, with no search for the prefilter's literals over
/// the chunk: a line with a syslog header (most, in a syslog file) goes
/// straight to [`auth::extract_syslog`], which only answers for a message
/// holding one of its rules' needles, all of them prefilter literals (so
/// the line is a candidate; the tests check both). Reading the header is
/// cheap with a [`Memo`] of the line before; the search it replaces found
/// false fingerprint hits in every line and was a fifth of the time. Only
/// the rare lines without a header are tested against the prefilter.
pub fn walk<'a>(
    bytes: &'a [u8],
    origin: ChunkOrigin,
    detection: &Detection,
    cx: &ParseCx,
    prefilter: &Prefilter,
    f: &mut dyn FnMut(Line<'a>),
) -> Option<u64> {
    if detection.format != FormatId::Syslog {
        return None;
    }
    let text = crate::utf8::text(bytes)?;
    let term = origin.term;
    let mut memo = Memo::default();
    let mut misses = Misses::default();
    let mut line_no = origin.first_line;
    let mut terms = 0u64;
    // The last non-blank line: where it is and, when known, whether it
    // holds a prefilter hit (a candidate line must not be followed by a
    // line the event path would fold into it).
    let mut prev: Option<(usize, usize, Option<bool>)> = None;
    let mut at = 0;
    while at < bytes.len() {
        let start = at;
        let (end, next) = line_end(bytes, start, start, term);
        at = next;
        // Only the last line of the bytes can end without a terminator.
        terms += u64::from(bytes[next - 1] == term);
        let n = line_no;
        line_no += 1;
        let line = &text[start..end];
        if line.trim_start().is_empty() {
            continue;
        }
        if let Some(h) = syslog3164::header_memo(line, cx, &mut memo) {
            let hit = if let Some(x) = auth::extract_syslog_fast(h.app, h.message) {
                Some(x)
            } else if misses.holds(h.app, h.message) {
                None
            } else {
                let hit = auth::extract_syslog_rest(h.app, h.message);
                if hit.is_none() {
                    misses.put(h.app, h.message);
                }
                hit
            };
            prev = Some((start, end, hit.as_ref().map(|_| true)));
            if let Some(x) = hit {
                f(Line::Quick(n, h, x));
            }
            continue;
        }
        let candidate = prefilter.is_match(line.as_bytes());
        let after_candidate = match prev {
            Some((s, e, known)) => known.unwrap_or_else(|| prefilter.is_match(&bytes[s..e])),
            None => false,
        };
        prev = Some((start, end, Some(candidate)));
        if !candidate && !after_candidate {
            continue;
        }
        let mut ev = detection.parse(line, cx);
        if ev.format == FormatId::Raw {
            // A continuation line of a candidate, or a candidate that is
            // one (or a record of its own only when nothing precedes it):
            // the event path knows.
            return None;
        }
        if candidate {
            ev.source = origin.source;
            ev.line = n;
            ev.offset = origin.offset + start as u64;
            ev.raw = &bytes[start..end];
            f(Line::Event(ev));
        }
    }
    Some(terms)
}

/// Recent (program, message) pairs of syslog records that no table reads:
/// [`auth::extract_syslog`] is a function of the pair, and most records
/// that are not about logins repeat word for word (cron's session lines
/// and commands, sudo's and sshd's session lines), where the tables'
/// search for the program-independent needles was a tenth of the time.
/// Direct-mapped by an Fx hash of the pair; an entry is only trusted after
/// comparing both strings.
struct Misses<'a> {
    slots: Vec<Option<(Option<&'a str>, &'a str)>>,
}

/// Slots of [`Misses`] (a power of two).
const MISS_SLOTS: usize = 256;

impl Default for Misses<'_> {
    fn default() -> Self {
        Misses { slots: vec![None; MISS_SLOTS] }
    }
}

impl<'a> Misses<'a> {
    fn slot(app: Option<&str>, message: &str) -> usize {
        let mut h = FxHasher::default();
        app.hash(&mut h);
        h.write(message.as_bytes());
        // The high bits of a multiplicative hash are the mixed ones.
        (h.finish() >> 56) as usize & (MISS_SLOTS - 1)
    }

    /// Whether the pair is known to yield no hit.
    fn holds(&self, app: Option<&str>, message: &str) -> bool {
        self.slots[Self::slot(app, message)] == Some((app, message))
    }

    /// Remembers that the pair yields no hit.
    fn put(&mut self, app: Option<&'a str>, message: &'a str) {
        self.slots[Self::slot(app, message)] = Some((app, message));
    }
}

/// The end of the line starting at `start` (its content: one CR before an
/// LF left out, as [`crate::scan::lines::LineSpans`] does), looked for from
/// `from` on, and where the next line starts.
fn line_end(bytes: &[u8], start: usize, from: usize, term: u8) -> (usize, usize) {
    let (end, next) = match memchr::memchr(term, &bytes[from..]) {
        Some(i) => (from + i, from + i + 1),
        None => (bytes.len(), bytes.len()),
    };
    let end = if term == b'\n' && end > start && bytes[end - 1] == b'\r' { end - 1 } else { end };
    (end, next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::time::{YearRef, Zone};
    use crate::fuzzing::logins_agree as agree;

    /// Syslog lines around every message form of the hand-written readers,
    /// ugly ones included, with neighbours that are not candidates.
    fn ugly() -> String {
        let mut t = String::new();
        let apps = [
            "sshd[41]",
            "sshd-session[42]",
            "sudo",
            "sshd",
            "su[7]",
            "sudo[9]",
            "sshd(pam_unix)[5]",
            "login[3]",
            "systemd-logind[612]",
            "dovecot",
            "postfix/smtpd[77]",
        ];
        let mut msgs: Vec<&str> = crate::analysis::auth::fast::tests::LINES.to_vec();
        msgs.extend([
            "   alice : 3 incorrect password attempts ; TTY=pts/2 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/bash",
            "  deploy : TTY=pts/3 ; PWD=/home/deploy ; USER=root ; COMMAND=/bin/bash",
            "mallory : user NOT in sudoers ; TTY=pts/0 ; PWD=/tmp ; USER=root ; COMMAND=/bin/sh",
            "pam_unix(pam:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=1.2.3.4 user=x",
            "pam_unix(sshd:session): session opened for user root(uid=0) by (uid=0)",
            "Server listening on 0.0.0.0 port 22.",
            "(to root) bob on pts/0",
            "FAILED SU (to root) bob on pts/1",
            "FAILED su for root by bob",
            "Successful su for root by carol",
            "New session 4 of user bob.",
            "FAILED LOGIN (1) on '/dev/tty1' FOR 'UNKNOWN', Authentication failure",
            "ROOT LOGIN  on '/dev/tty1'",
            "pam_unix(sudo:session): session opened for user root(uid=0) by alice(uid=1000)",
            "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)",
            "auth-worker(1234): pam(bob,192.0.2.5): pam_authenticate() failed: Authentication failure",
            "imap-login: Disconnected (auth failed, 3 attempts in 12 secs): user=<bob>, method=PLAIN, rip=192.0.2.5",
            "warning: unknown[192.0.2.7]: SASL LOGIN authentication failed: UGFzc3dvcmQ6",
            "login: user=bob password=x status=failure ip=192.0.2.9",
            "{\"event\":\"login\",\"outcome\":\"failure\",\"user\":\"bob\",\"ip\":\"192.0.2.9\"}",
        ]);
        for (i, m) in msgs.iter().enumerate() {
            if m.contains('\n') {
                continue;
            }
            let app = apps[i % apps.len()];
            t.push_str(&format!("Mar  3 10:{:02}:{:02} web{} {app}: {m}\n", i % 60, (i * 7) % 60, i % 3));
            match i % 9 {
                0 => t.push_str(
                    "Mar  3 10:00:00 web1 CRON[1]: pam_unix(cron:session): session opened for user root\n",
                ),
                1 => t.push_str("\n  \n"),
                2 => t.push_str(&format!("<38>Mar  3 10:00:0{} web1 sshd[3]: {m}\r\n", i % 10)),
                3 => t.push_str(&format!("2024-03-03T10:00:00.123456+01:00 web2 sshd[4]: {m}\n")),
                4 => t.push_str(&format!("Mar  3 10:00:00 web1 sshd[abc]: {m}\n")),
                5 => t.push_str(&format!("Mar 31 23:59:59 {m}\n")),
                6 => t.push_str(&format!("Feb 30 10:00:00 web1 sshd[8]: {m}\n")),
                7 => t.push_str(&format!("Mar  3 10:00:00 web1 INFO: {m}\n")),
                _ => t.push_str("Mar  3 10:00:00 web1 systemd-logind[612]: New session 4 of user bob.\n"),
            }
        }
        t
    }

    #[test]
    fn the_raw_path_gives_the_records_of_the_event_path() {
        let (took, n) = agree(ugly().as_bytes());
        assert!(took && n > 50, "{took} {n}");
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut total = 0;
        for f in [
            "fixtures/logins/auth.log",
            "fixtures/logins/daemons.log",
            "fixtures/incident/web1/auth.log",
            "fixtures/incident/web1/auth.log.1",
        ] {
            let text = std::fs::read(root.join(f)).unwrap();
            let (took, n) = agree(&text);
            assert!(took, "{f}");
            total += n;
        }
        assert!(total > 250, "{total}"); // 278 records in these fixtures
        for sys in ["OpenSSH", "Linux"] {
            let p = root.join(format!("../shared/corpus/loghub/{sys}/{sys}_2k.log"));
            let Ok(text) = std::fs::read(p) else {
                eprintln!("loghub {sys} not present: skipped");
                continue;
            };
            let (_, n) = agree(&text);
            assert!(n > 100, "{sys} {n}");
            // One chunk per line, and chunks of a hundred lines: the raw
            // path takes most of them.
            let lines: Vec<&[u8]> = text.split_inclusive(|&b| b == b'\n').collect();
            let mut taken = 0;
            for part in lines.chunks(100) {
                taken += usize::from(agree(&part.concat()).0);
            }
            assert!(taken * 2 > lines.len() / 100, "{sys}: {taken}");
        }
    }

    #[test]
    fn a_syslog_line_the_tables_read_holds_a_prefilter_hit() {
        // What `walk` relies on to read every header line without a search.
        let cx = ParseCx::new(Zone::Utc, YearRef::forced(2024));
        let pf = auth::prefilter();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut text = ugly();
        for f in
            ["fixtures/logins/auth.log", "fixtures/logins/daemons.log", "fixtures/incident/web1/auth.log"]
        {
            text.push_str(&std::fs::read_to_string(root.join(f)).unwrap());
        }
        let mut hits = 0;
        for line in text.lines() {
            let Some(h) = syslog3164::header(line, &cx) else { continue };
            if auth::extract_syslog(h.app, h.message).is_some() {
                assert!(pf.is_match(line.as_bytes()), "{line}");
                hits += 1;
            }
        }
        assert!(hits > 200, "{hits}");
    }

    #[test]
    fn repeated_messages_give_their_records_every_time() {
        // The memo of messages without a hit must not hide a hit: the
        // same message under another program, and hits between misses.
        let mut t = String::new();
        for i in 0..300 {
            let app = ["CRON[1]", "sshd[2]", "sudo", "su[3]"][i % 4];
            let m = [
                "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)",
                "pam_unix(sshd:auth): check pass; user unknown",
                "   bob : 3 incorrect password attempts ; TTY=pts/2 ; PWD=/h ; USER=root ; COMMAND=/bin/sh",
                "FAILED su for root by bob",
            ][i % 3];
            t.push_str(&format!("Mar  3 10:00:{:02} web1 {app}: {m}\n", i % 60));
        }
        let (took, n) = agree(t.as_bytes());
        assert!(took && n > 100, "{took} {n}");
    }

    #[test]
    fn continuation_lines_and_bad_bytes_go_the_event_path() {
        let base = "Mar  3 10:00:00 web1 sshd[1]: Failed password for root from 1.2.3.4 port 22 ssh2\n";
        for text in [
            format!("{base}  continued\n"),
            format!("  continued: Failed password for root from 1.2.3.4 port 22 ssh2\n{base}"),
            format!("{base}\n\nnot syslog\n"),
        ] {
            assert!(!agree(text.as_bytes()).0, "{text}");
        }
        let mut bad = base.as_bytes().to_vec();
        bad.extend_from_slice(
            b"Mar  3 10:00:01 web1 sshd[1]: Failed password for \xff from 1.2.3.5 port 2 ssh2\n",
        );
        assert_eq!(agree(&bad), (false, 2));
        assert_eq!(agree(format!("{base}{base}").as_bytes()), (true, 2));
    }
}
