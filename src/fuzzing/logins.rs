//! The raw-byte path of `logins` (`analysis::logins::raw`, which reads
//! syslog headers with a memo of the line before and skips building
//! events) against the event path it stands in for: on any bytes, when it
//! takes a chunk, it must give the event path's records, one for one.

use super::contexts;
use crate::analysis::auth;
use crate::analysis::logins::raw::{walk, Line};
use crate::analysis::logins::{ChunkStrings, Rec, Who};
use crate::format::detect::{detect, Detection};
use crate::format::time::{YearRef, Zone};
use crate::format::{FormatId, ParseCx};
use crate::scan::lines::{for_each_candidate_event, ChunkOrigin};

/// `data` as one chunk, with the detected format and with syslog forced,
/// in every zone of [`contexts`], with LF and with CR terminators.
pub fn logins(data: &[u8]) {
    for cx in &contexts() {
        let detected = detect(String::from_utf8_lossy(data).lines(), cx);
        for d in [detected, Detection::forced(FormatId::Syslog)] {
            agree_as(data, &d, cx);
        }
    }
}

/// Asserts that the raw path gives the event path's records on `text`
/// (and on it with CR terminators), detected in UTC with the year 2024,
/// when it takes it; returns whether it did and how many records there
/// were. The unit tests of the raw path use it on fixtures and loghub.
#[track_caller]
pub fn logins_agree(text: &[u8]) -> (bool, usize) {
    let cx = ParseCx::new(Zone::Utc, YearRef::forced(2024));
    let d = detect(String::from_utf8_lossy(text).lines(), &cx);
    agree_as(text, &d, &cx)
}

#[track_caller]
fn agree_as(text: &[u8], d: &Detection, cx: &ParseCx) -> (bool, usize) {
    let (want, got) = both(text, b'\n', d, cx);
    if let Some(got) = &got {
        assert_eq!(got, &want, "{:?}", String::from_utf8_lossy(text));
    }
    let cr: Vec<u8> = text.iter().map(|&b| if b == b'\n' { b'\r' } else { b }).collect();
    if let (want_cr, Some(got_cr)) = both(&cr, b'\r', d, cx) {
        assert_eq!(got_cr, want_cr, "{:?}", String::from_utf8_lossy(&cr));
    }
    (got.is_some(), want.len())
}

/// The records of one chunk by the event path and, when it takes the
/// chunk, by the raw path, as text.
fn both(text: &[u8], term: u8, d: &Detection, cx: &ParseCx) -> (Vec<String>, Option<Vec<String>>) {
    let origin = ChunkOrigin { source: 0, first_line: 7, offset: 100, term };
    let pf = auth::prefilter();
    let (mut strings, mut recs) = (ChunkStrings::default(), Vec::new());
    for_each_candidate_event(text, origin, d, cx, &pf, &mut |ev| {
        if let Some(h) = auth::extract(&ev) {
            recs.push(Rec::new(&ev, &h, &mut |f, s| strings.id_in(f, s)));
        }
    });
    let want = show(&recs, &strings);
    let (mut strings, mut recs) = (ChunkStrings::default(), Vec::new());
    let took = walk(text, origin, d, cx, &pf, &mut |l| match l {
        Line::Quick(n, h, hit) => {
            let who = Who { host: h.host, app: h.app, pid: h.pid };
            recs.push(Rec::of(h.ts.map(|t| t.nanos), n, who, &hit, &mut |f, s| strings.id_in(f, s)));
        }
        Line::Event(ev) => {
            if let Some(h) = auth::extract(&ev) {
                recs.push(Rec::new(&ev, &h, &mut |f, s| strings.id_in(f, s)));
            }
        }
    });
    if let Some(terms) = took {
        // The count the scan then takes instead of counting.
        assert_eq!(terms, crate::scan::lines::count_terminators(text, term), "terminators");
    }
    (want, took.map(|_| show(&recs, &strings)))
}

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

#[cfg(test)]
mod tests {
    use super::logins;

    #[test]
    fn the_target_accepts_syslog_junk_and_empty_input() {
        logins(b"");
        logins(b"Mar  3 10:00:00 web1 sshd[4]: Failed password for root from 10.0.0.1 port 22 ssh2\n\xff\n");
        logins(b"Mar  3 10:00:00 web1 sshd[4]: Invalid user x from 10.0.0.1\n  continued\r\nMar  3 garbage");
    }
}
