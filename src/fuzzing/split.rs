//! The line splitter across chunk boundaries: a source cut into chunks
//! (mapped-file cuts and stream cuts, at small chunk sizes so that inputs
//! of a few hundred bytes cross many boundaries) holds the events the
//! uncut source holds.

use std::collections::BTreeMap;

use crate::format::detect::Detection;
use crate::format::time::{YearRef, Zone};
use crate::format::{FormatId, ParseCx};
use crate::scan::lines::{count_terminators, for_each_event, ChunkOrigin};
use crate::scan::{chunk, zones, ScanOptions};

/// Scanner options for the targets: one reader, a small chunk size.
pub(super) fn options(chunk_size: usize, format: Option<FormatId>, max_line: usize) -> ScanOptions {
    ScanOptions {
        chunk_size,
        ordered: true,
        format,
        zone: Zone::Utc,
        zones: zones::ZoneRules::default(),
        open: Default::default(),
        max_line,
        readers: 1,
        in_flight: 4,
        hashes: None,
        lazy_lines: false,
        lazy_chunk_size: chunk_size,
    }
}

/// An event reduced to what is compared: its offset, its raw length, and
/// everything else as text.
type Seen = BTreeMap<u64, (usize, String)>;

/// The events of one piece of a source, keyed by offset.
fn events(bytes: &[u8], origin: ChunkOrigin, d: &Detection, cx: &ParseCx, into: &mut Seen) {
    for_each_event(bytes, origin, d, cx, &mut |ev| {
        let dup = into.insert(ev.offset, (ev.raw.len(), format!("{ev:?}")));
        assert!(dup.is_none(), "two events at offset {}", ev.offset);
    });
}

/// First two bytes: chunk size (1..=512); third: `--format` (or detect);
/// fourth: `--max-line` (1..=128, or no limit when its high bit is set);
/// the rest is the source.
///
/// The reference is the uncut source, cut only where its lines longer than
/// `--max-line` are cut (those cuts are chunk boundaries everywhere: see
/// `crate::scan::chunk`). Mapped cuts and stream cuts must hold the same
/// events, with the same line numbers, and give one warning at the first
/// over-long line.
pub fn split(data: &[u8]) {
    let [a, b, f, m, ref data @ ..] = *data else { return };
    let chunk_size = 1 + usize::from(u16::from_le_bytes([a, b])) % 512;
    let format = match f % 10 {
        i @ 0..=6 => Some(FormatId::ALL[usize::from(i)]),
        7 => Some(FormatId::Raw),
        _ => None,
    };
    let max_line = if m & 0x80 != 0 { usize::MAX / 2 } else { 1 + usize::from(m) };
    let opts = options(chunk_size, format, max_line);
    let year = YearRef::forced(2024);
    let head = &data[..data.len().min(crate::scan::DETECT_BYTES)];
    let (detection, term) = crate::scan::detect_source(head, &opts, Zone::Utc, &year);
    let cx = ParseCx::new(Zone::Utc, year);
    let long: Vec<(usize, usize)> = chunk::LongLineCuts::new(data, term, max_line).collect();
    let mut whole = Seen::new();
    let mut from = 0;
    for to in long.iter().map(|&(_, p)| p).chain(std::iter::once(data.len())) {
        let line = 1 + count_terminators(&data[..from], term);
        let origin = ChunkOrigin { source: 0, first_line: line, offset: from as u64, term };
        events(&data[from..to], origin, &detection, &cx, &mut whole);
        from = to;
    }
    let folds = crate::scan::lines::folds(&detection);
    for (&at, (len, _)) in &whole {
        assert!(folds || *len <= max_line, "an event of {len} bytes at {at}: longer than --max-line");
    }
    let warning = long.first().map(|&(s, _)| s as u64);

    // Mapped files: cut where the scanner cuts them, numbered as it does.
    let starts = |l: &[u8]| chunk::starts_record_in(l, term, max_line, &detection, &cx);
    let cuts = chunk::cuts(data, chunk_size, term, max_line, &starts);
    let mut parts = Seen::new();
    let mut line = 1;
    let mut starts = Vec::new();
    for (i, &(s, e)) in cuts.iter().enumerate() {
        assert_eq!(s, if i == 0 { 0 } else { cuts[i - 1].1 }, "cuts are contiguous");
        assert!(s < e && e <= data.len());
        let origin = ChunkOrigin { source: 0, first_line: line, offset: s as u64, term };
        events(&data[s..e], origin, &detection, &cx, &mut parts);
        line += count_terminators(&data[s..e], term);
        starts.push(s as u64);
    }
    assert_eq!(cuts.last().map_or(0, |c| c.1), data.len(), "cuts cover the source");
    for &(_, p) in &long {
        assert!(cuts.iter().any(|&(_, e)| e == p), "the long line cut at {p} is a chunk boundary");
    }
    same_events(&whole, &parts, &starts, &detection);

    // Streams: cut by the reader thread's code.
    let (chunks, errors) = crate::scan::chunk_stream(data, &opts);
    let warned: Vec<Option<u64>> = errors
        .iter()
        .map(|e| {
            assert!(e.is_warning(), "{e:?}");
            e.offset
        })
        .collect();
    assert_eq!(
        warned,
        warning.map(Some).into_iter().collect::<Vec<_>>(),
        "one warning, at the first long line"
    );
    let mut parts = Seen::new();
    let (mut offset, mut starts) = (0u64, Vec::new());
    for c in &chunks {
        assert_eq!(c.source.detection, detection, "the reader detects as the whole does");
        assert_eq!(c.offset, offset, "stream chunks are contiguous");
        let line = 1 + count_terminators(&data[..offset as usize], term);
        assert_eq!(c.first_line, line, "line number of the chunk at {offset}");
        assert_eq!(c.bytes(), &data[offset as usize..offset as usize + c.bytes().len()]);
        starts.push(offset);
        offset += c.bytes().len() as u64;
        c.for_each_event(&mut |ev| {
            let dup = parts.insert(ev.offset, (ev.raw.len(), format!("{ev:?}")));
            assert!(dup.is_none(), "two events at offset {}", ev.offset);
        });
    }
    assert_eq!(offset, data.len() as u64, "stream chunks cover the source");
    for &(_, p) in &long {
        assert!(starts.contains(&(p as u64)), "the long line cut at {p} starts a stream chunk");
    }
    same_events(&whole, &parts, &starts, &detection);
}

/// Chunked events against whole-source events. Every record the whole
/// source has starts a record in the chunks too, and is the same record
/// when it does not run across a chunk boundary (a boundary can only split
/// an unindented continuation line from its record). Sources whose records
/// never take continuation lines give exactly the same events.
fn same_events(whole: &Seen, parts: &Seen, starts: &[u64], d: &Detection) {
    let folds = d.format.has_continuations() || d.fallbacks.iter().any(|f| f.has_continuations());
    if !folds {
        assert_eq!(whole, parts, "line-per-record source: chunks change nothing");
        return;
    }
    for (&at, (len, ev)) in whole {
        let (plen, pev) = parts.get(&at).unwrap_or_else(|| panic!("record at {at} lost by chunking"));
        let next = starts.iter().find(|&&s| s > at).copied().unwrap_or(u64::MAX);
        if at + (*len as u64) < next {
            assert_eq!(ev, pev, "record at {at} changed by chunking");
        } else {
            assert!(plen <= len, "record at {at} grew by chunking");
        }
    }
}

#[cfg(test)]
mod tests {
    /// Ugly sources with lines longer than a small `--max-line`: in the
    /// middle, at the end without terminator, in a stack trace, with CRLF,
    /// lone CR and invalid UTF-8, for many chunk sizes, limits and formats.
    #[test]
    fn long_lines_are_cut_the_same_in_mapped_files_streams_and_the_whole() {
        let long = "x".repeat(300);
        let sources: Vec<Vec<u8>> = vec![
            format!("Mar  3 12:00:00 web1 sshd[1]: short\nMar  3 12:00:01 web1 sshd[2]: {long}\nMar  3 12:00:02 web1 sshd[3]: after\n").into_bytes(),
            format!("2024-03-03 12:00:00 ERROR boom\n\tat {long}\n\tat x\n2024-03-03 12:00:01 INFO ok {long}").into_bytes(),
            format!("{{\"ts\":\"2024-03-03T12:00:00Z\",\"msg\":\"{long}\"}}\r\n{{\"ts\":\"2024-03-03T12:00:01Z\",\"msg\":\"b\"}}\r\n").into_bytes(),
            format!("old mac\r{long}\rlast\r").into_bytes(),
            [b"ts=1 msg=\xff\xfe ".as_slice(), "é".repeat(200).as_bytes(), b"\n\nts=2 msg=ok\n"].concat(),
            long.repeat(3).into_bytes(),
        ];
        for src in &sources {
            for chunk in [1u16, 7, 64, 200, 511] {
                for m in [0u8, 1, 15, 63, 99, 127, 0x80] {
                    for f in [0u8, 3, 7, 9] {
                        let [a, b] = chunk.to_le_bytes();
                        super::split(&[[a, b, f, m].as_slice(), src].concat());
                    }
                }
            }
        }
    }
}
