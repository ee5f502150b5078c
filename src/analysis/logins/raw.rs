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

use crate::analysis::auth::{self, Hit};
use crate::event::Event;
use crate::format::detect::Detection;
use crate::format::syslog3164::{self, Header};
use crate::format::{FormatId, ParseCx};
use crate::scan::lines::{count_terminators, ChunkOrigin};
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
/// source detected as syslog, calling `f` with each in order. Returns
/// `false` when the chunk must go the event path instead (see the module
/// doc); what `f` was given then must be dropped.
pub fn walk<'a>(
    bytes: &'a [u8],
    origin: ChunkOrigin,
    detection: &Detection,
    cx: &ParseCx,
    prefilter: &Prefilter,
    f: &mut dyn FnMut(Line<'a>),
) -> bool {
    if detection.format != FormatId::Syslog {
        return false;
    }
    let Ok(text) = std::str::from_utf8(bytes) else { return false };
    let term = origin.term;
    let mut line_no = origin.first_line;
    let mut counted_to = 0usize;
    // The header of the line checked last as the one after a candidate:
    // (where it starts, its header), reused when it is a candidate too.
    let mut ahead: Option<(usize, Header<'a>)> = None;
    let mut hit = prefilter.find_at(bytes, 0).map(|h| h.0);
    while let Some(hs) = hit {
        let start = memchr::memrchr(term, &bytes[..hs]).map_or(0, |p| p + 1);
        let (end, next) = line_end(bytes, start, hs, term);
        let line = &text[start..end];
        line_no += count_terminators(&bytes[counted_to..start], term);
        counted_to = start;
        let header = match ahead.take() {
            Some((at, h)) if at == start => Some(h),
            _ => syslog3164::header(line, cx),
        };
        // A line with a syslog header is read from it (no event built):
        // see `auth::extract_syslog`. Only the others are parsed.
        let (quick, event) = match header {
            Some(h) => (auth::extract_syslog(h.app, h.message).map(|x| (h, x)), None),
            None => {
                let ev = detection.parse(line, cx);
                if ev.format == FormatId::Raw {
                    // A continuation line (or a record of its own only when
                    // nothing precedes it): the event path knows.
                    return false;
                }
                (None, Some(ev))
            }
        };
        // The record is this line alone when the next non-blank line starts
        // a record of its own (or there is none).
        let mut at = next;
        while at < bytes.len() {
            let (e, n) = line_end(bytes, at, at, term);
            let l = &text[at..e];
            if !l.trim_start().is_empty() {
                match syslog3164::header(l, cx) {
                    Some(h) => ahead = Some((at, h)),
                    None if detection.parse(l, cx).format != FormatId::Raw => {}
                    None => return false,
                }
                break;
            }
            at = n;
        }
        match (quick, event) {
            (Some((h, x)), _) => f(Line::Quick(line_no, h, x)),
            (None, Some(mut ev)) => {
                ev.source = origin.source;
                ev.line = line_no;
                ev.offset = origin.offset + start as u64;
                ev.raw = &bytes[start..end];
                f(Line::Event(ev));
            }
            // A syslog record none of the tables reads.
            (None, None) => {}
        }
        hit = if next >= bytes.len() {
            None
        } else {
            // The line after a candidate holds a hit for sure when a lead
            // says so: no search (see `Leads`).
            prefilter.lead_in_line(bytes, next, term).or_else(|| prefilter.find_at(bytes, next).map(|h| h.0))
        };
    }
    true
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
    use crate::analysis::logins::{ChunkStrings, Rec, Who};
    use crate::format::detect::detect;
    use crate::format::time::{YearRef, Zone};
    use crate::scan::lines::for_each_candidate_event;

    /// Each record of a chunk with its strings, as text.
    fn show(recs: &[Rec], s: &ChunkStrings) -> Vec<String> {
        let name = |i: Option<u32>| i.map(|i| s.name(i).to_string());
        recs.iter()
            .map(|r| {
                let (svc, m) = (s.name(r.service), s.name(r.method));
                format!("{r:?} {svc} {m} {:?} {:?}", name(r.user), name(r.ip))
            })
            .collect()
    }

    /// The records of one chunk by the event path and, when it takes the
    /// chunk, by the raw path.
    fn both(text: &[u8], term: u8) -> (Vec<String>, Option<Vec<String>>) {
        let cx = ParseCx::new(Zone::Utc, YearRef::forced(2024));
        let d = detect(String::from_utf8_lossy(text).lines(), &cx);
        let origin = ChunkOrigin { source: 0, first_line: 7, offset: 100, term };
        let pf = auth::prefilter();
        let (mut strings, mut recs) = (ChunkStrings::default(), Vec::new());
        for_each_candidate_event(text, origin, &d, &cx, &pf, &mut |ev| {
            if let Some(h) = auth::extract(&ev) {
                recs.push(Rec::new(&ev, &h, &mut |s| strings.id(s)));
            }
        });
        let want = show(&recs, &strings);
        let (mut strings, mut recs) = (ChunkStrings::default(), Vec::new());
        let took = walk(text, origin, &d, &cx, &pf, &mut |l| match l {
            Line::Quick(n, h, hit) => {
                let who = Who { host: h.host, app: h.app, pid: h.pid };
                recs.push(Rec::of(h.ts.map(|t| t.nanos), n, who, &hit, &mut |s| strings.id(s)));
            }
            Line::Event(ev) => {
                if let Some(h) = auth::extract(&ev) {
                    recs.push(Rec::new(&ev, &h, &mut |s| strings.id(s)));
                }
            }
        });
        (want, took.then(|| show(&recs, &strings)))
    }

    /// Asserts the raw path gives the event path's records on `text` (and
    /// on it with CR terminators) when it takes it; returns whether it did
    /// and how many records there were.
    #[track_caller]
    fn agree(text: &[u8]) -> (bool, usize) {
        let (want, got) = both(text, b'\n');
        if let Some(got) = &got {
            assert_eq!(got, &want);
        }
        let cr: Vec<u8> = text.iter().map(|&b| if b == b'\n' { b'\r' } else { b }).collect();
        if let (want_cr, Some(got_cr)) = both(&cr, b'\r') {
            assert_eq!(got_cr, want_cr);
        }
        (got.is_some(), want.len())
    }

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
