//! Records without events: where each record of a chunk is and when it
//! happened, for `timeline`'s key scan, which needs nothing else.
//!
//! The walk is [`crate::scan::lines::for_each_event`]'s (same lines, same
//! blank-line rule, same continuation folding, same lossy UTF-8), but each
//! line goes through [`Detection::timestamp`] instead of a full parse: the
//! formats that can answer "is this line mine, and when is it" from the
//! part of the line that decides acceptance do so without building fields.
//! The tests check that both walks agree on every fixture.

use crate::format::detect::Detection;
use crate::format::{FormatId, ParseCx};
use crate::scan::lines::{ChunkOrigin, LineSpans, MAX_FOLD_LINES};

/// One record: what an event's `ts.nanos`, `line`, `offset` and
/// `raw.len()` would be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordKey {
    /// The record's own instant (UTC nanoseconds), when it has one.
    pub nanos: Option<i64>,
    /// 1-based number of its first line.
    pub line: u64,
    /// Byte offset of its first line in the source.
    pub offset: u64,
    /// Length of its raw bytes (continuation lines included, final
    /// terminator excluded).
    pub len: u64,
}

impl RecordKey {
    /// The key of a parsed event: what the key scan must give for its
    /// record (the tests and the `keys` fuzz target compare the two walks).
    pub fn of(ev: &crate::event::Event<'_>) -> RecordKey {
        RecordKey {
            nanos: ev.ts.map(|t| t.nanos),
            line: ev.line,
            offset: ev.offset,
            len: ev.raw.len() as u64,
        }
    }
}

/// Calls `f` with the key of every record of `bytes`, in order: the
/// records [`crate::scan::lines::for_each_event`] would give.
pub fn for_each_key(
    bytes: &[u8],
    origin: ChunkOrigin,
    detection: &Detection,
    cx: &ParseCx,
    f: &mut dyn FnMut(RecordKey),
) {
    match crate::utf8::text(bytes) {
        Some(text) => keys_of(bytes, text, origin, detection, cx, f),
        None => {
            // As for events: decode lossily once; the lines are the same,
            // the offsets come from the raw bytes.
            let text = String::from_utf8_lossy(bytes);
            keys_of(bytes, &text, origin, detection, cx, f)
        }
    }
}

/// A record waiting for its continuation lines.
struct Pending {
    key: RecordKey,
    format: FormatId,
    lines: u32,
    raw_start: usize,
}

fn keys_of(
    raw: &[u8],
    text: &str,
    origin: ChunkOrigin,
    detection: &Detection,
    cx: &ParseCx,
    f: &mut dyn FnMut(RecordKey),
) {
    let same = raw.as_ptr() == text.as_ptr() && raw.len() == text.len();
    let mut raw_lines = LineSpans::new(raw, origin.term);
    let mut pending: Option<Pending> = None;
    for (lineno, (ts, te)) in LineSpans::new(text.as_bytes(), origin.term).enumerate() {
        let (rs, re) = if same { (ts, te) } else { raw_lines.next().unwrap_or((ts, te)) };
        let line = &text[ts..te];
        if line.trim_start().is_empty() {
            continue;
        }
        let (format, stamp) = detection.timestamp(line, cx);
        if format == FormatId::Raw {
            if let Some(p) = pending.as_mut() {
                if p.format.has_continuations() && p.lines < MAX_FOLD_LINES {
                    p.lines += 1;
                    p.key.len = (re - p.raw_start) as u64;
                    continue;
                }
            }
        }
        if let Some(p) = pending.take() {
            f(p.key);
        }
        let key = RecordKey {
            nanos: stamp.map(|t| t.nanos),
            line: origin.first_line + lineno as u64,
            offset: origin.offset + rs as u64,
            len: (re - rs) as u64,
        };
        pending = Some(Pending { key, format, lines: 1, raw_start: rs });
    }
    if let Some(p) = pending {
        f(p.key);
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::scan::lines::for_each_event;

    fn files(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(rd) = std::fs::read_dir(dir) else { return };
        let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                files(&p, out);
            } else {
                out.push(p);
            }
        }
    }

    fn contents(p: &Path) -> Vec<u8> {
        let raw = std::fs::read(p).unwrap();
        if raw.starts_with(&[0x1f, 0x8b]) {
            let mut v = Vec::new();
            // A truncated archive (hostile fixtures): what decoded is kept.
            let _ = flate2::read::MultiGzDecoder::new(&raw[..]).read_to_end(&mut v);
            return v;
        }
        raw
    }

    /// Both walks over `bytes`, compared record by record.
    fn agree(bytes: &[u8], d: &Detection, cx: &ParseCx, what: &str) -> usize {
        let origin = ChunkOrigin { source: 1, first_line: 3, offset: 77, term: b'\n' };
        let mut want = Vec::new();
        for_each_event(bytes, origin, d, cx, &mut |ev| want.push(RecordKey::of(&ev)));
        let mut got = Vec::new();
        for_each_key(bytes, origin, d, cx, &mut |k| got.push(k));
        assert_eq!(got.len(), want.len(), "{what}: record count");
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g, w, "{what}");
        }
        want.len()
    }

    /// Every fixture and every loghub sample in ../shared (when present),
    /// with the detected format and with every format forced on it, gives
    /// the same records, instants included, by both walks.
    #[test]
    fn keys_are_the_events_records_on_every_fixture_and_sample() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut all = Vec::new();
        files(&root.join("fixtures"), &mut all);
        let mut samples = Vec::new();
        // ../shared beside the project (main checkout) or two levels up (a
        // worktree under wt/); absent on CI, where the fixtures alone count.
        for dir in ["../shared/corpus/loghub", "../../shared/corpus/loghub"] {
            if samples.is_empty() {
                files(&root.join(dir), &mut samples);
            }
        }
        let with_samples = !samples.is_empty();
        all.extend(samples.into_iter().filter(|p| p.extension().is_some_and(|e| e == "log")));
        let cx = ParseCx::utc_now();
        let mut records = 0;
        let mut checked = 0;
        for p in &all {
            let bytes = contents(p);
            let text = String::from_utf8_lossy(&bytes);
            let detected = crate::format::detect::detect(text.lines(), &cx);
            records += agree(&bytes, &detected, &cx, &format!("{} detected", p.display()));
            for f in FormatId::ALL {
                agree(&bytes, &Detection::forced(f), &cx, &format!("{} as {f}", p.display()));
            }
            checked += 1;
        }
        let floor = if with_samples { 10_000 } else { 2_000 };
        assert!(checked >= 30 && records > floor, "{checked} files, {records} records");
    }

    #[test]
    fn folding_lossy_text_and_fallbacks_agree() {
        let text: &[u8] = b"2024-03-03T12:00:01.123Z ERROR [api] boom\n\
            java.lang.IllegalStateException: x\n\tat a.b(C.java:1)\n\n\
            Mar  3 12:00:02 web1 sshd[12]: Failed password for r\xffoot\n\
            192.0.2.1 - - [03/Mar/2024:12:00:03 +0000] \"GET / HTTP/1.1\" 200 5\n\
            \tcontinuation after an access line\n\
            garbage first\r\n2024-03-03 12:00:04,5 WARN  x\r\n\
            ts=2024-03-03T12:00:05Z\n\
            2024-03-03T12:00:06Z INFO [a] next\n\
            k=v ts=2024-03-03T12:00:07Z\n\
            ts= time=2024-03-03T12:00:08Z level=warn\n\
            2024-03-03T12:00:09Z INFO [a] next\n\
            ts=soon t=2024-03-03T12:00:10Z msg=x\n\
            last without terminator";
        let cx = ParseCx::utc_now();
        let mut d = Detection::forced(FormatId::LevelText);
        d.fallbacks = vec![FormatId::Syslog, FormatId::Access, FormatId::Logfmt];
        assert_eq!(agree(text, &d, &cx, "mixed"), 12);
        d.fallbacks.reverse();
        agree(text, &d, &cx, "mixed, fallbacks reversed");
    }
}
