//! Reader threads: decompress and unpack streamed inputs, cut their bytes
//! into chunks and send them to the driver.

use std::io::{self, Read};
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use super::chunk::{
    cut_before_tail, last_line_end, starts_record, Chunk, ChunkData, LongLineCuts, MAX_RECORD_GROWTH,
};
use super::{detect_source, lines, ScanOptions, SourceInfo, DETECT_BYTES};
use crate::input::open::{Member, StreamInput};
use crate::input::{Compression, InputError, InputErrorKind};

/// Messages from readers to the driver.
pub enum Msg {
    Begin(Arc<SourceInfo>),
    Chunk(Chunk),
    End {
        id: u32,
        chunks: u64,
        lines: u64,
        bytes: u64,
    },
    /// A problem, delivered after the chunks of source `after.0` numbered
    /// below `after.1` (`u64::MAX`: all of them); `None`: at once.
    Error {
        after: Option<(u32, u64)>,
        e: InputError,
    },
    /// One input (all its members) is finished.
    Done,
}

/// A fixed set of reader threads taking stream inputs from a queue.
pub struct Pool {
    tx: Option<mpsc::Sender<(usize, StreamInput)>>,
    threads: Vec<JoinHandle<()>>,
    capacity: usize,
}

impl Pool {
    /// Starts `n` readers sending to `out`.
    pub fn start(
        n: usize,
        out: SyncSender<Msg>,
        opts: &ScanOptions,
        ids: Arc<AtomicU32>,
        cancel: Arc<AtomicBool>,
    ) -> Pool {
        let (tx, rx) = mpsc::channel::<(usize, StreamInput)>();
        let rx = Arc::new(Mutex::new(rx));
        let threads = (0..n.max(1))
            .map(|_| {
                let (rx, out, opts, ids, cancel) =
                    (rx.clone(), out.clone(), opts.clone(), ids.clone(), cancel.clone());
                std::thread::spawn(move || run(&rx, &out, &opts, &ids, &cancel))
            })
            .collect();
        Pool { tx: Some(tx), threads, capacity: n.max(1) * 2 }
    }

    /// How many inputs may be handed over before the first is finished.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Queues an input (`idx` is its position in the input list).
    pub fn submit(&self, idx: usize, s: StreamInput) {
        if let Some(tx) = &self.tx {
            let _ = tx.send((idx, s));
        }
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        self.tx = None;
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

fn run(
    rx: &Mutex<Receiver<(usize, StreamInput)>>,
    out: &SyncSender<Msg>,
    opts: &ScanOptions,
    ids: &AtomicU32,
    cancel: &AtomicBool,
) {
    loop {
        let job = match rx.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok((idx, input)) = job else { return };
        let mut member_idx = 0usize;
        // An error about a member or the archive goes after the member
        // read before it (ordered: after the source opened before it).
        let mut last: Option<u32> = None;
        let after = |last: Option<u32>| {
            let prev = if opts.ordered { ids.load(Ordering::Relaxed).checked_sub(1) } else { last };
            prev.map(|id| (id, u64::MAX))
        };
        let result = input.each_member(&mut |m| {
            match m {
                Ok(member) => {
                    last = read_member(member, (idx, member_idx), out, opts, ids, cancel).or(last);
                    member_idx += 1;
                }
                Err(e) => {
                    let _ = out.send(Msg::Error { after: after(last), e });
                }
            }
            if cancel.load(Ordering::Relaxed) {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        if let Err(e) = result {
            let _ = out.send(Msg::Error { after: after(last), e });
        }
        if out.send(Msg::Done).is_err() {
            return;
        }
    }
}

/// Reads `r` until `buf` holds `target` bytes or the input ends.
/// Returns whether the input ended.
///
/// `read_to_end` on a `take` reads into the spare capacity without zeroing
/// it again before every `read` (a `resize` per call cost a memset of the
/// rest of the chunk for each few KiB a decoder returned, and two 4 MiB
/// memsets for every small file). Bytes read before an error stay in `buf`.
fn fill(r: &mut dyn Read, buf: &mut Vec<u8>, target: usize) -> io::Result<bool> {
    let Some(want) = target.checked_sub(buf.len()).filter(|&w| w > 0) else { return Ok(false) };
    buf.reserve(want);
    let n = r.take(want as u64).read_to_end(buf)?;
    Ok(n < want)
}

/// Cuts one member's stream into chunks and sends them. Returns the
/// source id it was given, once its `Begin` was sent.
fn read_member(
    m: Member<'_>,
    key: (usize, usize),
    out: &SyncSender<Msg>,
    opts: &ScanOptions,
    ids: &AtomicU32,
    cancel: &AtomicBool,
) -> Option<u32> {
    let Member { label, compression, year, reader } = m;
    let chunk_size = opts.chunk_size.max(64);
    let mut buf = Vec::with_capacity(chunk_size);
    let mut err = None;
    let mut eof = match fill(reader, &mut buf, chunk_size.max(DETECT_BYTES)) {
        Ok(e) => e,
        Err(e) => {
            err = Some(e);
            true
        }
    };
    let zone = opts.zone_for(&label);
    let (detection, term) = detect_source(&buf[..buf.len().min(DETECT_BYTES)], opts, zone, &year);
    let info = Arc::new(SourceInfo {
        id: ids.fetch_add(1, Ordering::Relaxed),
        key,
        label,
        compression,
        mapped: false,
        detection,
        zone,
        year,
        term,
        max_line: opts.max_line,
    });
    if out.send(Msg::Begin(info.clone())).is_err() {
        return None;
    }
    let id = Some(info.id);
    let mut seq = 0u64;
    let mut line = 1u64;
    let mut offset = 0u64;
    let mut warned = false;
    // Sends `data` (which starts at a line start or a cut of a long line)
    // as chunks, cut at its over-long lines (see `chunk::LongLineCuts`);
    // `last`: it ends the member. Pieces of a cut line keep its line
    // number: only terminators (and a last line without one) count.
    let mut send = |data: Vec<u8>, last: bool, seq: &mut u64, line: &mut u64, offset: &mut u64| -> bool {
        let cuts: Vec<(usize, usize)> = LongLineCuts::new(&data, term, info.max_line).collect();
        let mut pieces = Vec::with_capacity(cuts.len() + 1);
        if cuts.is_empty() {
            pieces.push(data);
        } else {
            let mut from = 0;
            for &(_, to) in &cuts {
                pieces.push(data[from..to].to_vec());
                from = to;
            }
            pieces.push(data[from..].to_vec());
        }
        let count = pieces.len();
        for (i, data) in pieces.into_iter().enumerate() {
            let n = lines::count_terminators(&data, term);
            let open = data.last().is_some_and(|&b| b != term);
            let final_chunk = last && i + 1 == count;
            // Every chunk but a member's last ends at a line end, or at a
            // cut of a long line: the first such cut gets the warning, at
            // that line's start (the chunk holds only whole lines before).
            let long_at = (open && !final_chunk && !warned)
                .then(|| *offset + memchr::memrchr(term, &data).map_or(0, |p| p as u64 + 1));
            let ends_open = open && final_chunk;
            let len = data.len() as u64;
            let c = Chunk {
                source: info.clone(),
                seq: *seq,
                first_line: *line,
                offset: *offset,
                lines: n,
                data: ChunkData::Owned(data),
                book: None,
            };
            *seq += 1;
            *line += n + u64::from(ends_open);
            *offset += len;
            if out.send(Msg::Chunk(c)).is_err() {
                return false;
            }
            if let Some(at) = long_at {
                // Right after the bytes read before the cut.
                warned = true;
                let e = super::long_line_warning(&info, at);
                let _ = out.send(Msg::Error { after: Some((info.id, *seq)), e });
            }
        }
        true
    };
    loop {
        if cancel.load(Ordering::Relaxed) {
            break;
        }
        if eof {
            if !buf.is_empty() {
                let data = std::mem::take(&mut buf);
                if !send(data, true, &mut seq, &mut line, &mut offset) {
                    return id;
                }
            }
            break;
        }
        let cut = cut_before_tail(&buf, term, &|l| starts_record(l, &info)).or_else(|| {
            // No safe cut: keep reading to complete the record, within bounds.
            if buf.len() >= chunk_size + MAX_RECORD_GROWTH {
                last_line_end(&buf, term)
            } else {
                None
            }
        });
        // The open last line is longer than --max-line already: cut at the
        // last cut of a long line (all of the buffer but less than one
        // piece goes, so a buffer of long lines costs one pass, not one
        // copy of the rest per piece), and read on.
        let open_from = last_line_end(&buf, term).unwrap_or(0);
        let cut = cut.or_else(|| {
            (buf.len() - open_from > info.max_line)
                .then(|| LongLineCuts::new(&buf, term, info.max_line).last().map(|(_, c)| c))
                .flatten()
        });
        let Some(cut) = cut else {
            // A record (or one line) longer than the buffer: read more of it.
            let open_line = last_line_end(&buf, term).is_none();
            let target = grow_target(buf.len(), open_line, chunk_size, info.max_line);
            match fill(reader, &mut buf, target) {
                Ok(e) => eof = e,
                Err(e) => {
                    err = Some(e);
                    eof = true;
                }
            }
            continue;
        };
        let rest = buf.split_off(cut);
        let data = std::mem::replace(&mut buf, Vec::with_capacity(chunk_size));
        if !send(data, false, &mut seq, &mut line, &mut offset) {
            return id;
        }
        buf.extend_from_slice(&rest);
        match fill(reader, &mut buf, chunk_size) {
            Ok(e) => eof = e,
            Err(e) => {
                err = Some(e);
                eof = true;
            }
        }
    }
    if let Some(e) = err {
        let at = offset + buf.len() as u64;
        let kind = if compression == Compression::None {
            InputErrorKind::Read(e.to_string())
        } else {
            InputErrorKind::Decode(compression, e.to_string())
        };
        let e = InputError::new(&info.label, Some(at), kind);
        let _ = out.send(Msg::Error { after: Some((info.id, seq)), e });
    }
    let _ = out.send(Msg::End { id: info.id, chunks: seq, lines: line - 1, bytes: offset });
    id
}

/// Cuts `data` into chunks exactly as a streamed member is cut, with no
/// scan around it, and returns them with the errors reported on the way.
/// For `crate::fuzzing`: the fuzz target checks that the chunks hold the
/// events the whole holds.
pub(crate) fn chunk_stream(mut data: &[u8], opts: &ScanOptions) -> (Vec<Chunk>, Vec<InputError>) {
    let (tx, rx) = mpsc::sync_channel(4);
    let (ids, cancel) = (AtomicU32::new(0), AtomicBool::new(false));
    let (mut chunks, mut errors) = (Vec::new(), Vec::new());
    std::thread::scope(|s| {
        let (ids, cancel) = (&ids, &cancel);
        s.spawn(move || {
            let year = crate::format::time::YearRef::forced(2024);
            let m =
                Member { label: "stream".into(), compression: Compression::None, year, reader: &mut data };
            read_member(m, (0, 0), &tx, opts, ids, cancel);
        });
        for msg in rx {
            match msg {
                Msg::Chunk(c) => chunks.push(c),
                Msg::Error { e, .. } => errors.push(e),
                _ => {}
            }
        }
    });
    (chunks, errors)
}

/// How far to fill a buffer of `len` bytes that holds no safe cut yet.
///
/// Growth is geometric (doubling), so a long record costs a few reads and
/// cut searches, never one per byte. The bound depends on why there is no
/// cut: a buffer with no terminator at all is one open line, read up to
/// just past `max_line` (to learn whether it is too long); a buffer with
/// terminators holds a record with its continuation lines, read up to
/// `chunk_size + MAX_RECORD_GROWTH`, where the caller cuts at the last line
/// end regardless. (Capping the second case at `max_line` too made a
/// `--max-line` below that bound grow the buffer one byte per read, each
/// followed by a backwards search of the whole buffer: quadratic.)
fn grow_target(len: usize, open_line: bool, chunk_size: usize, max_line: usize) -> usize {
    let cap = if open_line { max_line.saturating_add(1) } else { chunk_size + MAX_RECORD_GROWTH };
    len.saturating_mul(2).max(len + 64 * 1024).min(cap).max(len + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_grow_geometrically_up_to_their_bound() {
        let (chunk, max_line) = (4 << 20, 1_000_000);
        // A record with terminators, larger than --max-line: doubles toward
        // the record bound instead of creeping one byte at a time.
        let mut len = chunk;
        let mut reads = 0;
        while len < chunk + MAX_RECORD_GROWTH {
            let next = grow_target(len, false, chunk, max_line);
            assert!(next > len);
            len = next;
            reads += 1;
        }
        assert_eq!(len, chunk + MAX_RECORD_GROWTH);
        assert!(reads <= 2, "{reads} reads");
        // One open line: read just past --max-line, so it can be cut there.
        assert_eq!(grow_target(900_000, true, chunk, max_line), max_line + 1);
        assert_eq!(grow_target(100, true, chunk, max_line), 100 + 64 * 1024);
        assert_eq!(grow_target(max_line + 1, true, chunk, max_line), max_line + 2, "always progress");
    }
}
