//! Lines and events inside one chunk: splitting on LF (with CRLF) or lone
//! CR, lossy UTF-8, continuation lines folded into the record they
//! continue, and the location (line number, byte offset) of every event.

use std::ops::ControlFlow;

use crate::event::Event;
use crate::format::detect::Detection;
use crate::format::{FormatId, ParseCx};
use crate::scan::prefilter::Prefilter;

/// At most this many continuation lines are folded into one event; past it
/// the next line starts a new (raw) event, so a file of garbage after one
/// good line cannot build one gigantic event.
pub const MAX_FOLD_LINES: u32 = 1000;

/// Counts line terminators in `bytes`.
///
/// This runs over every byte of every mapped file (exact line numbers),
/// so it must go at memory speed: `bytecount` uses SSE2/AVX2 (chosen at
/// run time), several times faster than what the compiler makes of a
/// plain counting loop.
#[inline]
pub fn count_terminators(bytes: &[u8], term: u8) -> u64 {
    bytecount::count(bytes, term) as u64
}

/// Iterates the lines of `bytes`: `(start, end)` of each line's content
/// (terminator excluded; with LF terminators one trailing CR is excluded
/// too). A final line without terminator is included.
pub struct LineSpans<'a> {
    bytes: &'a [u8],
    pos: usize,
    term: u8,
}

impl<'a> LineSpans<'a> {
    /// Lines of `bytes`, terminated by `term` (`b'\n'` or `b'\r'`).
    pub fn new(bytes: &'a [u8], term: u8) -> LineSpans<'a> {
        LineSpans { bytes, pos: 0, term }
    }
}

impl Iterator for LineSpans<'_> {
    type Item = (usize, usize);

    #[inline]
    fn next(&mut self) -> Option<(usize, usize)> {
        if self.pos >= self.bytes.len() {
            return None;
        }
        let start = self.pos;
        let (end, next) = match memchr::memchr(self.term, &self.bytes[start..]) {
            Some(i) => (start + i, start + i + 1),
            None => (self.bytes.len(), self.bytes.len()),
        };
        self.pos = next;
        let end =
            if self.term == b'\n' && end > start && self.bytes[end - 1] == b'\r' { end - 1 } else { end };
        Some((start, end))
    }
}

/// Where a chunk's lines start in their source.
#[derive(Debug, Clone, Copy)]
pub struct ChunkOrigin {
    pub source: u32,
    /// Line number of the chunk's first line (1-based).
    pub first_line: u64,
    /// Byte offset of the chunk in its source.
    pub offset: u64,
    pub term: u8,
}

/// Parses every line of `bytes` into events and calls `f` with each, in
/// order. Blank lines are not events. Lines the source's format rejects
/// and that follow a record of a multi-line format are folded into it.
pub fn for_each_event(
    bytes: &[u8],
    origin: ChunkOrigin,
    detection: &Detection,
    cx: &ParseCx,
    f: &mut dyn FnMut(Event<'_>),
) {
    let mut each = |ev: Event<'_>| {
        f(ev);
        ControlFlow::Continue(())
    };
    match crate::utf8::text(bytes) {
        Some(text) => events_of(bytes, text, origin, detection, cx, &mut each),
        None => {
            // Invalid UTF-8: decode lossily once for the chunk. Replacement
            // never removes a terminator byte (ASCII), so the text has the
            // same lines as the raw bytes; offsets come from the raw bytes.
            let text = String::from_utf8_lossy(bytes);
            events_of(bytes, &text, origin, detection, cx, &mut each)
        }
    }
}

/// Like [`for_each_event`], but offers every non-blank line of a
/// line-per-record source to `quick` first, and parses it into an event
/// for `f` only when `quick` returns `false` (a reader that gets what it
/// needs from the line without the event, and says when the line is
/// unusual). Sources whose records take continuation lines, and chunks
/// that are not valid UTF-8, go to `f` as events (`quick` would not see
/// the whole record, or its text).
pub fn for_each_line_or_event(
    bytes: &[u8],
    origin: ChunkOrigin,
    detection: &Detection,
    cx: &ParseCx,
    quick: &mut dyn FnMut(&str) -> bool,
    f: &mut dyn FnMut(Event<'_>),
) {
    let text = match crate::utf8::text(bytes) {
        Some(text) if !folds(detection) => text,
        _ => return for_each_event(bytes, origin, detection, cx, f),
    };
    for (lineno, (s, e)) in LineSpans::new(bytes, origin.term).enumerate() {
        let line = &text[s..e];
        if line.trim_start().is_empty() || quick(line) {
            continue;
        }
        let mut ev = detection.parse(line, cx);
        ev.source = origin.source;
        ev.line = origin.first_line + lineno as u64;
        ev.offset = origin.offset + s as u64;
        ev.raw = &bytes[s..e];
        f(ev);
    }
}

/// [`for_each_line_or_event`] for sources whose records take continuation
/// lines: every non-blank line is offered to `head` first, which says
/// whether it starts a record of the source's main format (exactly when
/// that format parses it) and what it read from it; such a record is
/// handed to `record` with that, its first line and its raw text (the
/// continuation lines folded into it included) once the next record shows
/// where it ends. Other lines are parsed and folded as [`for_each_event`]
/// does, and go to `f` as events. Chunks that are not valid UTF-8 and
/// sources whose main format takes no continuations go to `f` whole.
#[allow(clippy::too_many_arguments)]
pub fn for_each_record_or_event<Q>(
    bytes: &[u8],
    origin: ChunkOrigin,
    detection: &Detection,
    cx: &ParseCx,
    head: &mut dyn FnMut(&str) -> Option<Q>,
    record: &mut dyn FnMut(Q, &str, &[u8]),
    f: &mut dyn FnMut(Event<'_>),
) {
    let text = match crate::utf8::text(bytes) {
        Some(text) if detection.format.has_continuations() => text,
        _ => return for_each_event(bytes, origin, detection, cx, f),
    };
    /// The record being folded: one read by `head`, or an event.
    enum Pending<'a, Q> {
        Read { q: Q, line: &'a str, start: usize, end: usize, lines: u32 },
        Event(Event<'a>, usize),
    }
    let mut give = |p: Pending<'_, Q>| match p {
        Pending::Read { q, line, start, end, .. } => record(q, line, &bytes[start..end]),
        Pending::Event(ev, _) => f(ev),
    };
    let mut pending: Option<Pending<'_, Q>> = None;
    for (lineno, (s, e)) in LineSpans::new(bytes, origin.term).enumerate() {
        let line = &text[s..e];
        if line.trim_start().is_empty() {
            continue;
        }
        if let Some(q) = head(line) {
            if let Some(p) = pending.take() {
                give(p);
            }
            pending = Some(Pending::Read { q, line, start: s, end: e, lines: 1 });
            continue;
        }
        let mut ev = detection.parse(line, cx);
        if ev.format == FormatId::Raw {
            match pending.as_mut() {
                Some(Pending::Read { end, lines, .. }) if *lines < MAX_FOLD_LINES => {
                    *end = e;
                    *lines += 1;
                    continue;
                }
                Some(Pending::Event(p, start))
                    if p.format.has_continuations() && p.lines < MAX_FOLD_LINES =>
                {
                    let msg = p.message.to_mut();
                    msg.push('\n');
                    msg.push_str(line);
                    p.lines += 1;
                    p.raw = &bytes[*start..e];
                    continue;
                }
                _ => {}
            }
        }
        if let Some(p) = pending.take() {
            give(p);
        }
        ev.source = origin.source;
        ev.line = origin.first_line + lineno as u64;
        ev.offset = origin.offset + s as u64;
        ev.raw = &bytes[s..e];
        pending = Some(Pending::Event(ev, s));
    }
    if let Some(p) = pending {
        give(p);
    }
}

/// Like [`for_each_event`], but parses only the records that contain a
/// prefilter hit (the whole record: a hit in a continuation line yields the
/// record it belongs to, once). Events come in order, with exact line
/// numbers and offsets.
pub fn for_each_candidate_event(
    bytes: &[u8],
    origin: ChunkOrigin,
    detection: &Detection,
    cx: &ParseCx,
    prefilter: &Prefilter,
    f: &mut dyn FnMut(Event<'_>),
) {
    let Some(first) = prefilter.find_at(bytes, 0) else { return };
    let Some(text) = crate::utf8::text(bytes) else {
        // Rare: invalid UTF-8 makes raw and text offsets differ; take the
        // plain path and keep the records with a hit.
        for_each_event(bytes, origin, detection, cx, &mut |ev| {
            if prefilter.is_match(ev.raw) {
                f(ev)
            }
        });
        return;
    };
    let term = origin.term;
    let mut hit = Some(first);
    let mut counted_to = 0usize;
    let mut line_no = origin.first_line;
    let folding = folds(detection);
    // The line after the last record, parsed to see that it does not
    // continue it: (where it starts, its event), reused when it has a hit.
    let mut ahead: Option<(usize, Event<'_>)> = None;
    while let Some((hs, _)) = hit {
        let line_start = memchr::memrchr(term, &bytes[..hs]).map_or(0, |p| p + 1);
        let (mut start, mut header) = (line_start, None);
        match ahead.take() {
            // A record's first line (it parsed as one): the record starts there.
            Some((at, ev)) if at == line_start => header = Some(ev),
            _ if folding => (start, header) = record_start(text, line_start, term, detection, cx),
            _ => {}
        }
        if start < counted_to {
            (start, header) = (counted_to, None);
        }
        line_no += count_terminators(&bytes[counted_to..start], term);
        counted_to = start;
        let sub = ChunkOrigin { first_line: line_no, offset: origin.offset + start as u64, ..origin };
        let mut end = hs + 1;
        let mut emitted = false;
        let (raw, txt) = (&bytes[start..], &text[start..]);
        let mut each = |ev: Event<'_>| {
            end = start + (ev.raw.as_ptr() as usize - bytes[start..].as_ptr() as usize) + ev.raw.len();
            emitted = true;
            f(ev);
            ControlFlow::Break(())
        };
        if folding {
            // The record's first line was parsed to find it: not again.
            ahead = events_of_folding_from(raw, txt, sub, detection, cx, header, &mut each)
                .filter(|(_, ev)| ev.format != FormatId::Raw)
                .map(|(at, ev)| (start + at, ev));
        } else {
            events_of(raw, txt, sub, detection, cx, &mut each);
        }
        // The line after the record first: when a lead shows it holds a
        // hit, it is the next candidate line (the terminator between
        // cannot be part of a hit), found without a search.
        let next = end + 1;
        let led = (end > hs && bytes.get(end) == Some(&term))
            .then(|| prefilter.lead_in_line(bytes, next, term))
            .flatten();
        // A hit in the record's own line ending (a pattern that matches
        // empty, or the CR of a CRLF) belongs to the record just given:
        // search again from the next line.
        let resume = if emitted { past_line_end(bytes, end, term) } else { end.max(hs + 1) };
        hit = match led {
            Some(at) => Some((at, at)),
            None if resume >= bytes.len() => None,
            None => prefilter.find_at(bytes, resume.max(hs + 1)),
        };
    }
}

/// Where the line after a record starts, given where the record's raw text
/// ends (`end`): past one CR before an LF and the terminator, which the raw
/// text leaves out.
fn past_line_end(bytes: &[u8], end: usize, term: u8) -> usize {
    let mut at = end;
    if term == b'\n' && bytes.get(at) == Some(&b'\r') {
        at += 1;
    }
    if bytes.get(at) == Some(&term) {
        at += 1;
    }
    at
}

/// Walks back from the line at `start` over lines that would be folded
/// into an earlier record, to that record's first line. Bounded by
/// [`MAX_FOLD_LINES`]; returns `start` when no header is found. When the
/// record starts at `start` itself, also returns that line's event, parsed
/// from exactly the text [`events_of_folding`] would parse (so it need not
/// parse it again).
fn record_start<'a>(
    text: &'a str,
    start: usize,
    term: u8,
    detection: &Detection,
    cx: &ParseCx,
) -> (usize, Option<Event<'a>>) {
    let b = text.as_bytes();
    let mut at = start;
    for _ in 0..MAX_FOLD_LINES {
        let end = memchr::memchr(term, &b[at..]).map_or(b.len(), |i| at + i);
        let line = text[at..end].trim_end_matches('\r');
        if !line.trim_start().is_empty() {
            let ev = detection.parse(line, cx);
            if ev.format != FormatId::Raw {
                // `LineSpans` drops one CR before an LF, this loop every CR.
                let one_cr = usize::from(term == b'\n' && end > at && b[end - 1] == b'\r');
                let same_text = line.len() == end - at - one_cr;
                let pos = if ev.format.has_continuations() { at } else { start };
                return (pos, (at == start && same_text).then_some(ev));
            }
        }
        if at == 0 {
            return (start, None);
        }
        at = memchr::memrchr(term, &b[..at - 1]).map_or(0, |p| p + 1);
    }
    (start, None)
}

fn events_of<'a>(
    raw: &'a [u8],
    text: &'a str,
    origin: ChunkOrigin,
    detection: &Detection,
    cx: &ParseCx,
    f: &mut dyn FnMut(Event<'_>) -> ControlFlow<()>,
) {
    let same = raw.as_ptr() == text.as_ptr() && raw.len() == text.len();
    if same && !folds(detection) {
        events_of_lines(raw, text, origin, detection, cx, f)
    } else {
        events_of_folding(raw, text, origin, detection, cx, f)
    }
}

/// [`events_of`] in general: lossily decoded text, and records that take
/// continuation lines (each record is held until the next line shows it
/// is complete).
fn events_of_folding<'a>(
    raw: &'a [u8],
    text: &'a str,
    origin: ChunkOrigin,
    detection: &Detection,
    cx: &ParseCx,
    f: &mut dyn FnMut(Event<'_>) -> ControlFlow<()>,
) {
    events_of_folding_from(raw, text, origin, detection, cx, None, f);
}

/// [`events_of_folding`], given the event of the first line when the
/// caller already parsed it (from that line's text, not blank). When `f`
/// stops it, returns the line after the record if it was parsed (to see
/// that it starts a record of its own): where it starts in `text`, and
/// its event (located by whoever reuses it).
fn events_of_folding_from<'a>(
    raw: &'a [u8],
    text: &'a str,
    origin: ChunkOrigin,
    detection: &Detection,
    cx: &ParseCx,
    mut first: Option<Event<'a>>,
    f: &mut dyn FnMut(Event<'_>) -> ControlFlow<()>,
) -> Option<(usize, Event<'a>)> {
    let same = raw.as_ptr() == text.as_ptr() && raw.len() == text.len();
    let mut raw_lines = LineSpans::new(raw, origin.term);
    let mut pending: Option<Event<'a>> = None;
    let mut pending_raw_start = 0usize;
    for (lineno, (ts, te)) in LineSpans::new(text.as_bytes(), origin.term).enumerate() {
        let (rs, re) = if same { (ts, te) } else { raw_lines.next().unwrap_or((ts, te)) };
        let line = &text[ts..te];
        let mut ev = match first.take() {
            Some(ev) => ev,
            None if line.trim_start().is_empty() => continue,
            None => detection.parse(line, cx),
        };
        if ev.format == FormatId::Raw {
            if let Some(p) = pending.as_mut() {
                if p.format.has_continuations() && p.lines < MAX_FOLD_LINES {
                    let msg = p.message.to_mut();
                    msg.push('\n');
                    msg.push_str(line);
                    p.lines += 1;
                    p.raw = &raw[pending_raw_start..re];
                    continue;
                }
            }
        }
        if let Some(p) = pending.take() {
            if f(p).is_break() {
                return Some((ts, ev));
            }
        }
        ev.source = origin.source;
        ev.line = origin.first_line + lineno as u64;
        ev.offset = origin.offset + rs as u64;
        ev.raw = &raw[rs..re];
        pending_raw_start = rs;
        pending = Some(ev);
    }
    if let Some(p) = pending {
        let _ = f(p);
    }
    None
}

/// Whether any record of a source with this detection can take
/// continuation lines (only records of a multi-line format fold).
pub fn folds(detection: &Detection) -> bool {
    detection.format.has_continuations() || detection.fallbacks.iter().any(|f| f.has_continuations())
}

/// [`events_of`] for line-per-record sources with valid UTF-8: every
/// non-blank line is one event, handed over as soon as it is parsed (no
/// record held back to look for continuation lines: one move of the event
/// less per line).
fn events_of_lines<'a>(
    raw: &'a [u8],
    text: &'a str,
    origin: ChunkOrigin,
    detection: &Detection,
    cx: &ParseCx,
    f: &mut dyn FnMut(Event<'_>) -> ControlFlow<()>,
) {
    for (lineno, (s, e)) in LineSpans::new(raw, origin.term).enumerate() {
        let line = &text[s..e];
        if line.trim_start().is_empty() {
            continue;
        }
        let mut ev = detection.parse(line, cx);
        ev.source = origin.source;
        ev.line = origin.first_line + lineno as u64;
        ev.offset = origin.offset + s as u64;
        ev.raw = &raw[s..e];
        if f(ev).is_break() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_are_exactly_the_records_with_a_hit() {
        let mut text = String::new();
        for i in 0..500 {
            text.push_str(&format!("line {i} {}\n", if i % 7 == 0 { "needle" } else { "hay" }));
            if i % 50 == 0 {
                text.push('\n');
            }
        }
        let origin = ChunkOrigin { source: 0, first_line: 1, offset: 0, term: b'\n' };
        let d = Detection::forced(FormatId::Raw);
        let cx = ParseCx::utc_now();
        let mut all = Vec::new();
        for_each_event(text.as_bytes(), origin, &d, &cx, &mut |ev| {
            if ev.message.contains("needle") {
                all.push((ev.line, ev.offset, ev.message.into_owned()))
            }
        });
        let pf = Prefilter::literals(["needle"], false).unwrap();
        let mut got = Vec::new();
        for_each_candidate_event(text.as_bytes(), origin, &d, &cx, &pf, &mut |ev| {
            got.push((ev.line, ev.offset, ev.message.into_owned()))
        });
        assert_eq!(got.len(), 72);
        assert_eq!(got, all);
    }

    #[test]
    fn a_hit_in_a_line_ending_does_not_give_its_record_twice() {
        use crate::format::time::{YearRef, Zone};
        // Patterns that match empty, or match a CR (of a CRLF), hit the
        // record's own line ending after the record has been given.
        let text = "ts=2024-03-03T12:00:01Z level=info msg=a\r\n\
                    ts=2024-03-03T12:00:02Z level=warn msg=b\r\r\n\
                    ts=2024-03-03T12:00:03Z level=info msg=c\n\n\
                    Mar  3 12:00:04 web1 sshd[1]: Failed password\r\n\
                    ts=2024-03-03T12:00:05Z level=info msg=no-terminator";
        let origin = ChunkOrigin { source: 0, first_line: 1, offset: 0, term: b'\n' };
        let cx = ParseCx::new(Zone::Utc, YearRef::forced(2024));
        for d in [crate::format::detect::detect(text.lines(), &cx), Detection::forced(FormatId::Raw)] {
            for pattern in ["", "(?-u:.)", "\\r", "(?m)$", "x*"] {
                let pf = Prefilter::regex(pattern).unwrap();
                let mut all = Vec::new();
                for_each_event(text.as_bytes(), origin, &d, &cx, &mut |ev| {
                    // As grep does, a CR before the LF may take part in a hit.
                    let line = &text.as_bytes()[ev.offset as usize..];
                    let with_cr = &line[..(ev.raw.len() + 1).min(line.len())];
                    if pf.is_match(ev.raw) || (with_cr.ends_with(b"\r") && pf.is_match(with_cr)) {
                        all.push(format!("{ev:?}"));
                    }
                });
                let mut got = Vec::new();
                for_each_candidate_event(text.as_bytes(), origin, &d, &cx, &pf, &mut |ev| {
                    got.push(format!("{ev:?}"))
                });
                assert_eq!(got, all, "{pattern:?} {:?}", d.format);
                assert!(got.len() >= 2, "{pattern:?}: {}", got.len());
            }
        }
    }

    #[test]
    fn folded_candidates_are_the_records_with_a_hit_parsed_the_same() {
        use crate::format::time::{YearRef, Zone};
        let mut text = String::new();
        for i in 0..300 {
            let word = if i % 3 == 0 || i % 7 < 3 { "Failed password" } else { "session opened" };
            let end = match i % 5 {
                0 => "\r\n",
                1 => "\r\r\n",
                _ => "\n",
            };
            text.push_str(&format!("Mar  3 10:{:02}:00 web1 sshd[{i}]: {word} for u{i}{end}", i % 60));
            if i % 4 == 0 {
                text.push_str(&format!(
                    "   continued {} line{end}",
                    if i % 8 == 0 { "Failed password" } else { "x" }
                ));
            }
            if i % 11 == 0 {
                text.push_str("\n  \n");
            }
        }
        text.push_str("Mar  3 11:00:00 web1 sshd[9]: Failed password at the end, no terminator");
        let origin = ChunkOrigin { source: 1, first_line: 3, offset: 10, term: b'\n' };
        let cx = ParseCx::new(Zone::Utc, YearRef::forced(2024));
        let d = crate::format::detect::detect(text.lines(), &cx);
        assert!(folds(&d), "{d:?}");
        let pf = Prefilter::literals(["Failed password", "ZZZ"], false).unwrap();
        let mut all = Vec::new();
        for_each_event(text.as_bytes(), origin, &d, &cx, &mut |ev| {
            if pf.is_match(ev.raw) {
                all.push(format!("{ev:?}"));
            }
        });
        let mut got = Vec::new();
        for_each_candidate_event(text.as_bytes(), origin, &d, &cx, &pf, &mut |ev| {
            got.push(format!("{ev:?}"))
        });
        assert!(got.len() > 120, "{}", got.len());
        assert_eq!(got, all);
    }

    #[test]
    fn line_per_record_fast_path_gives_what_the_folding_path_gives() {
        let text = "{\"ts\":\"2024-03-03T12:00:01Z\",\"msg\":\"a\"}\r\n\n   \n\
                    ts=2024-03-03T12:00:02Z level=warn msg=b k=1\n\
                    \tnot a record\n\
                    {\"ts\":\"2024-03-03T12:00:03Z\",\"msg\":\"c\"}\n\
                    junk without terminator";
        let cx = ParseCx::utc_now();
        let sample = text.lines();
        let d = crate::format::detect::detect(sample, &cx);
        assert_eq!(d.format, FormatId::Json);
        assert!(!folds(&d), "{d:?}");
        let origin = ChunkOrigin { source: 2, first_line: 7, offset: 40, term: b'\n' };
        let collect = |which: bool| {
            let mut got = Vec::new();
            let mut f = |ev: Event<'_>| {
                got.push(format!("{ev:?}"));
                ControlFlow::Continue(())
            };
            if which {
                events_of_lines(text.as_bytes(), text, origin, &d, &cx, &mut f);
            } else {
                events_of_folding(text.as_bytes(), text, origin, &d, &cx, &mut f);
            }
            got
        };
        let fast = collect(true);
        assert_eq!(fast.len(), 5);
        assert_eq!(fast, collect(false));
    }

    #[test]
    fn spans_handle_crlf_lone_cr_and_no_final_newline() {
        let b = b"a\r\nbb\n\nccc";
        let v: Vec<_> = LineSpans::new(b, b'\n').map(|(s, e)| &b[s..e]).collect();
        assert_eq!(v, vec![&b"a"[..], b"bb", b"", b"ccc"]);
        let m = b"one\rtwo\r";
        let v: Vec<_> = LineSpans::new(m, b'\r').map(|(s, e)| &m[s..e]).collect();
        assert_eq!(v, vec![&b"one"[..], b"two"]);
        assert_eq!(count_terminators(b"a\nb\nc", b'\n'), 2);
        // Past the 255-block counter flush and with a ragged tail.
        let big: Vec<u8> = (0..100_003u32).map(|i| if i % 3 == 0 { b'\n' } else { b'x' }).collect();
        assert_eq!(count_terminators(&big, b'\n'), 33_335);
        assert_eq!(count_terminators(&vec![b'\n'; 70_000], b'\n'), 70_000);
    }

    #[test]
    fn raw_events_keep_location_and_invalid_utf8_is_lossy() {
        let bytes = b"first\n\nsec\xffond\nthird";
        let origin = ChunkOrigin { source: 3, first_line: 10, offset: 100, term: b'\n' };
        let d = Detection::forced(crate::format::FormatId::Raw);
        let mut got = Vec::new();
        for_each_event(bytes, origin, &d, &ParseCx::utc_now(), &mut |ev| {
            got.push((ev.line, ev.offset, ev.message.into_owned(), ev.raw.to_vec()))
        });
        assert_eq!(got.len(), 3);
        assert_eq!(got[0], (10, 100, "first".to_string(), b"first".to_vec()));
        assert_eq!(got[1].0, 12);
        assert_eq!(got[1].1, 107);
        assert_eq!(got[1].2, "sec\u{fffd}ond");
        assert_eq!(got[1].3, b"sec\xffond".to_vec());
        assert_eq!((got[2].0, got[2].1), (13, 115));
    }
}
