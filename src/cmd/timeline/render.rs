//! The print half of `timeline`: re-reads each merged key's record from
//! its source, parses it again (parsing is stateless, so it gives the same
//! event as during the scan) and renders it with the chosen printer.
//! Batches of keys are rendered in parallel and written in order
//! ([`render_ordered`]).

use std::collections::BTreeMap;
use std::sync::mpsc;

use crate::analysis::interleave::Key;
use crate::cmd::timeline::collect::Collected;
use crate::event::Event;
use crate::format::detect::Detection;
use crate::format::{access, jsonl, leveltext, logfmt, syslog3164, FormatId, ParseCx};
use crate::output::csv::CsvWriter;
use crate::output::view::View;
use crate::scan::lines::{for_each_event, ChunkOrigin};

/// Keys per rendering batch (one rayon task each).
pub const BATCH: usize = 4096;

/// How events are printed, chosen once.
pub enum Printer {
    /// The aligned-column view (default on terminals and pipes).
    View(View),
    /// The JSON event schema.
    Json,
    Csv(CsvWriter),
    Timesketch,
}

impl Printer {
    /// Appends one event. `scratch` is reused text space for the view.
    pub fn write(&self, out: &mut Vec<u8>, ev: &Event<'_>, label: &str, at: i64, scratch: &mut String) {
        match self {
            Printer::View(v) => {
                scratch.clear();
                v.write_event(scratch, ev);
                out.extend_from_slice(scratch.as_bytes());
            }
            Printer::Json => crate::output::json::write_event(out, ev, label),
            Printer::Csv(c) => c.row(out, ev, label),
            Printer::Timesketch => crate::output::timesketch::write_event(out, ev, label, at),
        }
    }
}

/// Parse contexts by source id, made on first use (one per rendering
/// batch: a plain table, since it is consulted once per record).
pub type Cxs = Vec<Option<ParseCx>>;

/// Re-reads one record and calls `f` with its event; false when the
/// record cannot be read any more (its file shrank).
pub fn with_event(
    col: &Collected,
    cxs: &mut Cxs,
    buf: &mut Vec<u8>,
    source: u32,
    key: Key,
    f: &mut dyn FnMut(&Event<'_>, &str),
) -> bool {
    let Some(src) = col.srcs.get(source as usize).and_then(Option::as_ref) else { return false };
    let Some(len) = key.inline_len().or_else(|| src.long.get(&key.offset()).copied()) else { return false };
    let Some(rec) = src.bytes.get(key.offset(), len, buf) else { return false };
    let i = source as usize;
    if cxs.len() <= i {
        cxs.resize_with(i + 1, || None);
    }
    let cx = cxs[i].get_or_insert_with(|| src.info.parse_cx());
    let origin = ChunkOrigin { source, first_line: key.line(), offset: key.offset(), term: src.info.term };
    if let Some(ev) = one_line_event(rec, origin, &src.info.detection, cx) {
        f(&ev, &src.info.label);
        return true;
    }
    let mut seen = false;
    for_each_event(rec, origin, &src.info.detection, cx, &mut |ev| {
        if !seen {
            seen = true;
            f(&ev, &src.info.label);
        }
    });
    seen
}

/// The record's text when [`for_each_event`] would see it as exactly one
/// non-blank line of valid UTF-8, taken whole: no terminator inside, no
/// final CR (which its line split would drop) and not blank. `None` sends
/// the record the general way.
#[inline]
fn single_line(rec: &[u8], term: u8) -> Option<&str> {
    let last = *rec.last()?;
    if (term == b'\n' && last == b'\r') || memchr::memchr(term, rec).is_some() {
        return None;
    }
    let line = crate::utf8::text(rec)?;
    (!line.trim_start().is_empty()).then_some(line)
}

/// The event of a one-line record, parsed straight away (the common
/// case): what [`for_each_event`] would give first for `rec`, without its
/// chunk walk. `None` when the record needs that walk (see
/// [`single_line`]).
#[inline]
fn one_line_event<'a>(
    rec: &'a [u8],
    origin: ChunkOrigin,
    detection: &Detection,
    cx: &ParseCx,
) -> Option<Event<'a>> {
    let line = single_line(rec, origin.term)?;
    let mut ev = detection.parse(line, cx);
    ev.source = origin.source;
    ev.line = origin.first_line;
    ev.offset = origin.offset;
    ev.raw = rec;
    Some(ev)
}

/// Renders a batch of keys into `out` (cleared first, its capacity
/// reused); returns how many records could not be re-read.
pub fn render_batch(col: &Collected, printer: &Printer, batch: &[(u32, Key)], out: &mut Vec<u8>) -> u64 {
    out.clear();
    let mut cxs = Cxs::new();
    let mut buf = Vec::new();
    let mut missing = 0;
    let mut scratch = String::new();
    let json = matches!(printer, Printer::Json);
    for &(s, k) in batch {
        if json && direct_json(col, &mut cxs, &mut buf, s, k, out) {
            continue;
        }
        let ok = with_event(col, &mut cxs, &mut buf, s, k, &mut |ev, label| {
            printer.write(out, ev, label, k.instant(), &mut scratch);
        });
        missing += u64::from(!ok);
    }
    missing
}

/// Writes one record's `--json` line straight from its text, by its
/// format's direct renderer, when it is a one-line record of a format
/// that has one and the renderer takes it; false sends it the general way
/// ([`with_event`]), which writes the same bytes.
#[inline]
fn direct_json(
    col: &Collected,
    cxs: &mut Cxs,
    buf: &mut Vec<u8>,
    source: u32,
    key: Key,
    out: &mut Vec<u8>,
) -> bool {
    let Some(src) = col.srcs.get(source as usize).and_then(Option::as_ref) else { return false };
    let write: fn(&str, &ParseCx, &str, u64, &mut Vec<u8>) -> bool = match src.info.detection.format {
        FormatId::Access => access::write_json,
        FormatId::Syslog => syslog3164::write_json,
        FormatId::LevelText => leveltext::write_json,
        FormatId::Logfmt => logfmt::write_json,
        FormatId::Json => jsonl::write_json,
        _ => return false,
    };
    let Some(len) = key.inline_len().or_else(|| src.long.get(&key.offset()).copied()) else { return false };
    let Some(rec) = src.bytes.get(key.offset(), len, buf) else { return false };
    let Some(line) = single_line(rec, src.info.term) else { return false };
    let i = source as usize;
    if cxs.len() <= i {
        cxs.resize_with(i + 1, || None);
    }
    let cx = cxs[i].get_or_insert_with(|| src.info.parse_cx());
    write(line, cx, &src.info.label, key.line(), out)
}

/// A batch of merged keys, with their source ids.
pub type Batch = Vec<(u32, Key)>;

/// Batches queued or being rendered per worker thread: enough that a
/// worker never waits for the calling thread to merge or write.
const QUEUED_PER_THREAD: u64 = 4;

/// One rendered batch, back from the pool: its place in the output, its
/// keys and text (both kept for reuse) and the records not re-read.
struct Rendered {
    seq: u64,
    keys: Batch,
    text: Vec<u8>,
    missing: u64,
}

/// Renders the batches `next` fills (it returns false when there are no
/// more) on the thread pool, and hands each one's text with its number of
/// keys to `write`, in order; returns how many records could not be
/// re-read, or the first write error (after which nothing more is written).
///
/// Why a stream and not rounds: rendering is most of `timeline`'s time.
/// Rendering a fixed group of batches and then writing them left the
/// workers idle at the end of every group (waiting for the slowest batch)
/// and while the next group was merged and the last written. Here the
/// calling thread merges and writes while the workers render, and a few
/// batches per worker are always queued. Buffers are reused, so the steady
/// state allocates nothing.
pub fn render_ordered(
    col: &Collected,
    printer: &Printer,
    mut next: impl FnMut(&mut Batch) -> bool,
    mut write: impl FnMut(&[u8], usize) -> std::io::Result<()>,
) -> std::io::Result<u64> {
    let queued_max = QUEUED_PER_THREAD * rayon::current_num_threads().max(1) as u64;
    let (tx, rx) = mpsc::channel::<Rendered>();
    let mut missing = 0;
    let mut failed = None;
    rayon::in_place_scope(|scope| {
        let mut spare: Vec<(Batch, Vec<u8>)> = Vec::new();
        let mut done: BTreeMap<u64, Rendered> = BTreeMap::new();
        let (mut sent, mut written) = (0u64, 0u64);
        let mut exhausted = false;
        loop {
            while !exhausted && failed.is_none() && sent - written < queued_max {
                let (mut keys, text) = spare.pop().unwrap_or_else(|| (Vec::with_capacity(BATCH), Vec::new()));
                keys.clear();
                if !next(&mut keys) {
                    exhausted = true;
                    break;
                }
                let (tx, seq) = (tx.clone(), sent);
                sent += 1;
                scope.spawn(move |_| {
                    let mut text = text;
                    let missing = render_batch(col, printer, &keys, &mut text);
                    // The receiver outlives the scope: this cannot fail.
                    let _ = tx.send(Rendered { seq, keys, text, missing });
                });
            }
            if written == sent {
                break;
            }
            let r = rx.recv().expect("a queued batch holds a sender until it is sent back");
            done.insert(r.seq, r);
            while let Some(r) = done.remove(&written) {
                written += 1;
                missing += r.missing;
                if failed.is_none() {
                    failed = write(&r.text, r.keys.len()).err();
                }
                spare.push((r.keys, r.text));
            }
        }
    });
    match failed {
        Some(e) => Err(e),
        None => Ok(missing),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::detect::detect;
    use crate::format::time::{YearRef, Zone};
    use crate::format::FormatId;

    /// Records as the key scan cuts them (raw bytes, final terminator
    /// excluded), one-line and not, for every format and none.
    const RECORDS: &[&[u8]] = &[
        br#"{"ts":"2024-03-01T00:00:09.655Z","level":"info","msg":"order \"x\" \u00e9","n":1e400,"a":{"b":[1]}}"#,
        b"45.208.186.87 - - [02/Mar/2024:00:00:06 +0000] \"GET /p HTTP/1.1\" 200 29555 \"-\" \"Mozilla\" 0.025 req=8f",
        b"Mar  2 00:00:06 web1 sshd[175534]: Received disconnect from 10.0.1.99",
        b"2024-03-01T00:00:02.302Z INFO  [gateway] request_id=75a8 POST /api 200 in 94ms",
        b"ts=2024-03-01T00:00:02.300Z level=info msg=\"refund \\\" issued\" amount=34.84",
        b"2024-03-01T00:00:02.302Z ERROR [app] boom\n\tat a.b(C.java:1)\n\tat d.e(F.java:2)",
        b"2024-03-01T00:00:02.302Z ERROR [app] cr inside\r middle",
        b"trailing cr\r",
        b"two crs\r\r",
        b"   ",
        b"\t",
        b"",
        b"invalid \xff\xfe utf-8 2024-03-01T00:00:02Z",
        b"caf\xc3\xa9 \xe2\x80\xae bidi \x1b[2J",
        b"\xef\xbb\xbf{\"time\":\"2024-03-03T12:00:01Z\"}",
        b"lone\rcr record",
    ];

    #[test]
    fn one_line_records_give_the_event_the_chunk_walk_gives() {
        let cx = ParseCx::new(Zone::Utc, YearRef::forced(2024));
        let lines: Vec<&str> = RECORDS.iter().filter_map(|r| std::str::from_utf8(r).ok()).collect();
        let mut detections: Vec<Detection> = FormatId::ALL.iter().map(|&f| Detection::forced(f)).collect();
        detections.push(Detection::forced(FormatId::Raw));
        detections.push(detect(lines.iter().copied(), &cx));
        let mut quick = 0;
        for d in &detections {
            for term in [b'\n', b'\r'] {
                for rec in RECORDS {
                    let origin = ChunkOrigin { source: 3, first_line: 41, offset: 1234, term };
                    let mut first = None;
                    for_each_event(rec, origin, d, &cx, &mut |ev| {
                        if first.is_none() {
                            first = Some(format!("{ev:?}"));
                        }
                    });
                    if let Some(ev) = one_line_event(rec, origin, d, &cx) {
                        quick += 1;
                        assert_eq!(Some(format!("{ev:?}")), first, "{:?} {rec:?}", d.format);
                    }
                }
            }
        }
        assert!(quick > 100, "{quick}");
    }

    #[test]
    fn only_whole_single_lines_take_the_quick_way() {
        assert_eq!(single_line(b"a b", b'\n'), Some("a b"));
        assert_eq!(single_line(b"a\rb", b'\n'), Some("a\rb"));
        assert_eq!(single_line(b"a\nb", b'\r'), Some("a\nb"));
        assert_eq!(single_line(b"a\r", b'\r'), None);
        for rec in [&b"a\nb"[..], b"a\r", b"", b"  \t", b"\xff"] {
            assert_eq!(single_line(rec, b'\n'), None, "{rec:?}");
        }
    }
}
