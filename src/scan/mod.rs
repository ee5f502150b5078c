//! The scanner: reads every input in parallel and hands line-aligned chunks
//! to a command's per-chunk work, delivering the results in order.
//!
//! Threads: the calling thread is the *driver* (it opens inputs, cuts
//! mapped files into chunks, dispatches work and delivers results); rayon
//! workers run the per-chunk work; a few *reader* threads decompress and
//! unpack streamed inputs (gzip, archives, stdin) so that decompression runs
//! beside the parsing of other files.
//!
//! Order: results of one source are always delivered in chunk order. With
//! [`ScanOptions::ordered`], sources are also delivered one after another in
//! input order (for commands that print as they go); otherwise sources are
//! interleaved, which lets a `.gz` decompress while plain files are parsed.
//! Memory stays bounded: a fixed number of chunks is in flight.
//!
//! Errors have a place in that order too: an error met while reading a
//! source is delivered after the results of every chunk before it, never
//! ahead of chunks still being parsed (so `--strict`, which stops at the
//! first error, loses nothing read before the damage). In ordered mode an
//! error about an input as a whole comes after the sources before it.

pub mod by_source;
pub mod chunk;
pub mod folded;
pub mod keys;
pub mod lines;
pub mod meter;
pub mod prefilter;
mod reader;
pub mod zones;

use std::collections::{BTreeMap, VecDeque};
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc;
use std::sync::Arc;

pub use by_source::BySource;
pub use chunk::{Chunk, ChunkData};
pub use meter::Meter;
pub(crate) use reader::chunk_stream;

use crate::format::detect::{detect, Detection};
use crate::format::time::{YearRef, Zone};
use crate::format::{FormatId, ParseCx};
use crate::input::hash::{hash_mapping, DigestSlot, Digests};
use crate::input::open::{open, worth_opening_early, OpenOptions, Opened};
use crate::input::{Compression, Input, InputError, InputErrorKind};

/// Bytes of a source's start sampled for format detection.
pub const DETECT_BYTES: usize = 64 * 1024;

/// Scanner settings, resolved once from the command line.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// Target chunk size in bytes.
    pub chunk_size: usize,
    /// Deliver sources strictly one after another, in input order.
    pub ordered: bool,
    /// `--format`: skip detection.
    pub format: Option<FormatId>,
    /// `--tz`: default zone of zone-less timestamps.
    pub zone: Zone,
    /// `--tz GLOB=ZONE`: per-source zones (`zone` for sources no rule names).
    pub zones: zones::ZoneRules,
    pub open: OpenOptions,
    /// Longest line kept whole (`--max-line`): a longer line, in a mapped
    /// file or a stream, is cut into pieces of this many bytes (see `chunk`).
    pub max_line: usize,
    /// Reader threads for streamed inputs.
    pub readers: usize,
    /// Chunks in flight at once (bounds memory).
    pub in_flight: usize,
    /// `--hash`: where the SHA-256 of every input read goes (see
    /// `crate::input::hash`); `None` hashes nothing.
    pub hashes: Option<Arc<Digests>>,
    /// Count the lines of mapped files only where needed, for commands
    /// that look at few records (`trace ID`): no counting pass over a file
    /// before its chunks are dispatched; each worker counts its chunk
    /// after its work, while the bytes are in cache, and a chunk's
    /// [`Chunk::first_line`] is 0 until [`Chunk::first_line_now`] asks
    /// (see [`chunk::LineBook`]). Line numbers and totals stay exact, but
    /// the work must read them through `first_line_now` or the
    /// `Chunk::for_each_*` methods, never from the field.
    pub lazy_lines: bool,
    /// Target chunk size of mapped files with `lazy_lines`: bigger, since
    /// such a chunk's work is little more than one search, and fewer
    /// chunks mean fewer hand-offs between the driver and the workers
    /// (16 MiB instead of 4: `trace ID` over 914 MB took 8 % less wall
    /// time). `--chunk-size` sets both.
    pub lazy_chunk_size: usize,
}

impl ScanOptions {
    /// The zone of zone-less timestamps in the source with this label:
    /// the first `--tz GLOB=ZONE` rule matching it, else `zone`.
    pub fn zone_for(&self, label: &str) -> Zone {
        if self.zones.has_rules() {
            self.zones.zone_for(label)
        } else {
            self.zone
        }
    }
}

impl Default for ScanOptions {
    fn default() -> Self {
        let threads = rayon::current_num_threads().max(1);
        ScanOptions {
            chunk_size: 4 << 20,
            ordered: false,
            format: None,
            zone: Zone::Utc,
            zones: zones::ZoneRules::default(),
            open: OpenOptions::default(),
            max_line: 256 << 20,
            readers: threads.clamp(1, 4),
            in_flight: threads * 2 + 2,
            hashes: None,
            lazy_lines: false,
            lazy_chunk_size: 16 << 20,
        }
    }
}

/// What the scanner knows about one source (a file, or an archive member).
#[derive(Debug)]
pub struct SourceInfo {
    /// Index in order of discovery by the scan (see `key` for input order).
    pub id: u32,
    /// Sort key giving input order: (input index, member index).
    pub key: (usize, usize),
    /// What users see: the path, or `archive:member`.
    pub label: String,
    pub compression: Compression,
    /// Whether the source was memory-mapped.
    pub mapped: bool,
    pub detection: Detection,
    pub zone: Zone,
    pub year: YearRef,
    /// Line terminator: `\n`, or `\r` for old Mac files with no LF at all.
    pub term: u8,
    /// `--max-line`: a longer line is cut into pieces of this many bytes
    /// (see `chunk`), so every reader of the chunks sees the same pieces.
    pub max_line: usize,
}

impl SourceInfo {
    /// A fresh parse context for this source (one per chunk: it caches).
    pub fn parse_cx(&self) -> ParseCx {
        ParseCx::new(self.zone, self.year.clone())
    }
}

/// What the scanner hands to the consumer, in order.
pub enum Delivery<O> {
    /// A source starts (always before its chunks).
    Begin(Arc<SourceInfo>),
    /// The result of one chunk's work.
    Chunk { source: Arc<SourceInfo>, out: O },
    /// A source ended; `lines`/`bytes` are its totals.
    End { source: Arc<SourceInfo>, lines: u64, bytes: u64 },
    /// A problem with an input; the scan goes on.
    Error(InputError),
}

/// Scans `inputs`, running `work` on every chunk in parallel and handing
/// each result to `sink` on the calling thread, in order (see module docs).
/// `sink` may stop the scan early by returning `Break`.
pub fn scan<O, W, S>(inputs: &[Input], opts: &ScanOptions, meter: &Meter, work: &W, mut sink: S)
where
    O: Send,
    W: Fn(&Chunk) -> O + Sync,
    S: FnMut(Delivery<O>) -> ControlFlow<()>,
{
    let cancel = Arc::new(AtomicBool::new(false));
    let ids = Arc::new(AtomicU32::new(0));
    rayon::in_place_scope(|scope| {
        let (msg_tx, msg_rx) = mpsc::sync_channel::<reader::Msg>(opts.in_flight.max(2));
        let (res_tx, res_rx) = mpsc::channel::<Done<O>>();
        let readers = if opts.ordered { 1 } else { opts.readers };
        let pool = reader::Pool::start(readers, msg_tx, opts, ids.clone(), cancel.clone());
        let mut d =
            Driver::<O> { states: Vec::new(), ordered: opts.ordered, next_deliver: 0, stopped: false };
        let mut mapped: VecDeque<Chunk> = VecDeque::new();
        let mut in_flight = 0usize;
        let mut next_input = 0usize;
        // Inputs handed to readers and not yet finished, with their disk size.
        let mut streams: VecDeque<u64> = VecDeque::new();
        let mut early = EarlyStreams::new(inputs.len());
        loop {
            // Open more inputs, lazily: only when there is nothing mapped
            // left to dispatch and the readers can take more streams. In
            // ordered mode, one input at a time.
            // Unordered, a streamed input among the next few is opened
            // before its turn (see `worth_opening_early`).
            loop {
                let idx = if next_input < inputs.len()
                    && !d.stopped
                    && mapped.is_empty()
                    && streams.len() < pool.capacity()
                    && (!opts.ordered || streams.is_empty())
                {
                    next_input += 1;
                    if early.opened(next_input - 1) {
                        continue;
                    }
                    next_input - 1
                } else if !opts.ordered && !d.stopped && streams.len() < pool.capacity() {
                    match early.next(inputs, next_input) {
                        Some(i) => i,
                        None => break,
                    }
                } else {
                    break;
                };
                let input = &inputs[idx];
                match open(input, &opts.open) {
                    Ok(Opened::Mapped { mapping, year }) => {
                        meter.add_total(mapping.bytes().len() as u64);
                        if let Some(table) = &opts.hashes {
                            // Beside the chunk parsers, from the same pages.
                            let (table, mapping, label) =
                                (table.clone(), mapping.clone(), input.label.clone());
                            scope.spawn(move |_| table.set(idx, hash_mapping(&label, &mapping)));
                        }
                        let id = ids.fetch_add(1, Ordering::Relaxed);
                        let info = mapped_source(id, (idx, 0), input, &mapping, year, opts);
                        let st = d.state(id);
                        let split = chunk::split_mapped(
                            &info,
                            &mapping,
                            if opts.lazy_lines { opts.lazy_chunk_size } else { opts.chunk_size },
                            opts.lazy_lines,
                            &mut mapped,
                        );
                        // The warning for the first over-long line, right
                        // after the chunk that ends with its first piece.
                        let errors = split
                            .long_line
                            .map(|(seq, at)| (seq, long_line_warning(&info, at)))
                            .into_iter()
                            .collect();
                        *st = SourceState {
                            info: Some(info),
                            total: Some(split.chunks),
                            lines: split.lines,
                            bytes: split.bytes,
                            errors,
                            split: split.book.is_some().then_some(split),
                            ..SourceState::default()
                        };
                    }
                    Ok(Opened::Stream(mut s)) => {
                        if let Some(table) = &opts.hashes {
                            s.hash_into(DigestSlot { table: table.clone(), idx });
                        }
                        let size = input
                            .path
                            .as_ref()
                            .and_then(|p| std::fs::metadata(p).ok())
                            .map_or(0, |m| m.len());
                        meter.add_total(size);
                        streams.push_back(size);
                        pool.submit(idx, s);
                    }
                    Err(e) => {
                        // Ordered: after the source opened before this input.
                        let prev = ids.load(Ordering::Relaxed).checked_sub(1);
                        let after = prev.filter(|_| opts.ordered).map(|id| (id, u64::MAX));
                        d.on_error(after, e, &mut sink);
                    }
                }
            }
            // Dispatch: stream messages first (they may carry chunks), then
            // mapped chunks, up to the in-flight bound.
            while in_flight < opts.in_flight {
                if let Ok(m) = msg_rx.try_recv() {
                    in_flight += d.on_msg(m, scope, work, &res_tx, &mut streams, meter, &mut sink);
                    continue;
                }
                if d.stopped {
                    mapped.clear();
                }
                match mapped.pop_front() {
                    Some(c) => {
                        in_flight += 1;
                        spawn(c, scope, work, &res_tx);
                    }
                    None => break,
                }
            }
            if d.stopped {
                cancel.store(true, Ordering::Relaxed);
            }
            if in_flight > 0 {
                let r = res_rx.recv().expect("a worker holds a sender while work is in flight");
                in_flight -= 1;
                meter.add_done(r.mapped_bytes);
                d.on_result(r, &mut sink);
            } else if !streams.is_empty() {
                match msg_rx.recv() {
                    Ok(m) => in_flight += d.on_msg(m, scope, work, &res_tx, &mut streams, meter, &mut sink),
                    Err(_) => streams.clear(),
                }
            } else if mapped.is_empty() && (next_input >= inputs.len() || d.stopped) {
                break;
            }
        }
        drop(pool);
    });
}

/// How far past the next input the scan looks for a streamed one to open
/// early.
const EARLY_LOOKAHEAD: usize = 16;

/// The inputs looked at, and those opened, ahead of their turn: a
/// compressed file after a large plain one is otherwise only opened once
/// the plain file's chunks are all handed out, and then decompressed on
/// one thread while the other cores wait.
struct EarlyStreams {
    /// Sniffed ahead of its turn (each input at most once).
    looked: Vec<bool>,
    /// Opened ahead of its turn: skipped when its turn comes.
    opened: Vec<bool>,
}

impl EarlyStreams {
    fn new(n: usize) -> EarlyStreams {
        EarlyStreams { looked: vec![false; n], opened: vec![false; n] }
    }

    fn opened(&self, i: usize) -> bool {
        self.opened[i]
    }

    /// The next input within the lookahead from `from` that will be
    /// streamed and is not opened yet (marked opened).
    fn next(&mut self, inputs: &[Input], from: usize) -> Option<usize> {
        for (i, input) in inputs.iter().enumerate().skip(from).take(EARLY_LOOKAHEAD) {
            if self.looked[i] {
                continue;
            }
            self.looked[i] = true;
            if worth_opening_early(input) {
                self.opened[i] = true;
                return Some(i);
            }
        }
        None
    }
}

/// A finished chunk's result: the work's output over the chunk's lines
/// that could be read, then the error that cut it short, if any.
struct Done<O> {
    id: u32,
    seq: u64,
    mapped_bytes: u64,
    out: Option<O>,
    error: Option<InputError>,
}

fn spawn<'s, O, W>(c: Chunk, scope: &rayon::Scope<'s>, work: &'s W, res_tx: &mpsc::Sender<Done<O>>)
where
    O: Send + 's,
    W: Fn(&Chunk) -> O + Sync,
{
    let tx = res_tx.clone();
    scope.spawn(move |_| {
        let out = work(&c);
        if let Some(book) = &c.book {
            // While the chunk's bytes are still in cache (see `lazy_lines`).
            book.count(c.seq as usize);
        }
        let (out, error, mapped_bytes) = match &c.data {
            ChunkData::Mapped { map, start, end } => {
                let (out, error) = match map.readable(*end as u64) {
                    None => (Some(out), None),
                    // The file shrank under us: what was read past its new
                    // end is zeros from the SIGBUS guard, not log data.
                    Some(_) => readable_part(&c, map, *start, work),
                };
                (out, error, (end - start) as u64)
            }
            ChunkData::Owned(_) => (Some(out), None, 0),
        };
        let _ = tx.send(Done { id: c.source.id, seq: c.seq, mapped_bytes, out, error });
    });
}

/// For a mapped chunk whose file shrank while it was parsed: the work's
/// output over the chunk's complete lines that are still the file's bytes
/// (parsed again, on their own), and the error naming the offset of the
/// first byte left out. A line cut by the new end is left out: its end was
/// not read.
fn readable_part<O, W>(
    c: &Chunk,
    map: &Arc<crate::input::mmap::Mapping>,
    start: usize,
    work: &W,
) -> (Option<O>, Option<InputError>)
where
    W: Fn(&Chunk) -> O,
{
    let ChunkData::Mapped { end, .. } = c.data else { unreachable!("a mapped chunk") };
    let mut end = end;
    loop {
        let now = map.file().metadata().map_or(0, |m| m.len());
        let limit = map.readable(end as u64).map_or(end, |l| l as usize);
        let cut = match memchr::memrchr(c.source.term, &map.bytes()[start..limit.max(start)]) {
            Some(p) => start + p + 1,
            None => start,
        };
        let lost = InputError::new(&c.source.label, Some(cut as u64), InputErrorKind::Shrank(now));
        if cut == start {
            return (None, Some(lost));
        }
        let part = Chunk {
            source: c.source.clone(),
            seq: c.seq,
            first_line: c.first_line_now(),
            offset: c.offset,
            lines: lines::count_terminators(&map.bytes()[start..cut], c.source.term),
            data: ChunkData::Mapped { map: map.clone(), start, end: cut },
            book: None,
        };
        let out = work(&part);
        // It may have shrunk again while the part was parsed.
        if map.readable(cut as u64).is_none() {
            return (Some(out), Some(lost));
        }
        end = cut;
    }
}

/// The one warning per source about its lines longer than `--max-line`,
/// naming the byte offset of the first.
pub(crate) fn long_line_warning(info: &SourceInfo, offset: u64) -> InputError {
    InputError::new(&info.label, Some(offset), InputErrorKind::LineTooLong(info.max_line as u64))
}

fn mapped_source(
    id: u32,
    key: (usize, usize),
    input: &Input,
    mapping: &crate::input::mmap::Mapping,
    year: YearRef,
    opts: &ScanOptions,
) -> Arc<SourceInfo> {
    let head = &mapping.bytes()[..mapping.bytes().len().min(DETECT_BYTES)];
    let zone = opts.zone_for(&input.label);
    let (detection, term) = detect_source(head, opts, zone, &year);
    Arc::new(SourceInfo {
        id,
        key,
        label: input.label.clone(),
        compression: Compression::None,
        mapped: true,
        detection,
        zone,
        year,
        term,
        max_line: opts.max_line,
    })
}

/// Per-source delivery state.
struct SourceState<O> {
    info: Option<Arc<SourceInfo>>,
    /// Next chunk to deliver.
    next_seq: u64,
    /// Results that arrived ahead of their turn.
    pending: BTreeMap<u64, (Option<O>, Option<InputError>)>,
    /// Errors waiting for their turn: each goes just before the chunk of
    /// its number (`u64::MAX`: after the last chunk, before the end).
    errors: VecDeque<(u64, InputError)>,
    /// Number of chunks, once the source is fully read.
    total: Option<u64>,
    lines: u64,
    bytes: u64,
    begun: bool,
    finished: bool,
    /// The file's shrinking was reported (once is enough).
    shrank: bool,
    /// A mapped source whose lines are counted lazily: its split, which
    /// tells the total at the end.
    split: Option<chunk::Split>,
}

impl<O> Default for SourceState<O> {
    fn default() -> Self {
        SourceState {
            info: None,
            next_seq: 0,
            pending: BTreeMap::new(),
            errors: VecDeque::new(),
            total: None,
            lines: 0,
            bytes: 0,
            begun: false,
            finished: false,
            shrank: false,
            split: None,
        }
    }
}

/// Delivers results in order to the sink.
struct Driver<O> {
    states: Vec<SourceState<O>>,
    ordered: bool,
    /// Ordered mode: the source being delivered.
    next_deliver: usize,
    stopped: bool,
}

impl<O: Send> Driver<O> {
    fn state(&mut self, id: u32) -> &mut SourceState<O> {
        let i = id as usize;
        if self.states.len() <= i {
            self.states.resize_with(i + 1, SourceState::default);
        }
        &mut self.states[i]
    }

    fn emit<S: FnMut(Delivery<O>) -> ControlFlow<()>>(&mut self, d: Delivery<O>, sink: &mut S) {
        if !self.stopped && sink(d).is_break() {
            self.stopped = true;
        }
    }

    /// Handles a reader message; returns how many chunks it put in flight.
    #[allow(clippy::too_many_arguments)]
    fn on_msg<'s, W, S>(
        &mut self,
        m: reader::Msg,
        scope: &rayon::Scope<'s>,
        work: &'s W,
        res_tx: &mpsc::Sender<Done<O>>,
        streams: &mut VecDeque<u64>,
        meter: &Meter,
        sink: &mut S,
    ) -> usize
    where
        W: Fn(&Chunk) -> O + Sync,
        O: 's,
        S: FnMut(Delivery<O>) -> ControlFlow<()>,
    {
        match m {
            reader::Msg::Begin(info) => {
                let id = info.id;
                self.state(id).info = Some(info);
            }
            reader::Msg::Chunk(c) => {
                if !self.stopped {
                    spawn(c, scope, work, res_tx);
                    return 1;
                }
            }
            reader::Msg::End { id, chunks, lines, bytes } => {
                let st = self.state(id);
                st.total = Some(chunks);
                st.lines = lines;
                st.bytes = bytes;
                self.deliver(id as usize, sink);
            }
            reader::Msg::Error { after, e } => self.on_error(after, e, sink),
            reader::Msg::Done => {
                if let Some(size) = streams.pop_front() {
                    meter.add_done(size);
                }
            }
        }
        0
    }

    fn on_result<S: FnMut(Delivery<O>) -> ControlFlow<()>>(&mut self, r: Done<O>, sink: &mut S) {
        self.state(r.id).pending.insert(r.seq, (r.out, r.error));
        self.deliver(r.id as usize, sink);
    }

    /// Delivers an error in its place: `after` is (source, chunk number)
    /// it must wait for (see `SourceState::errors`); with none, or when
    /// that source is already delivered, at once.
    fn on_error<S>(&mut self, after: Option<(u32, u64)>, e: InputError, sink: &mut S)
    where
        S: FnMut(Delivery<O>) -> ControlFlow<()>,
    {
        match after {
            Some((id, seq)) if self.states.get(id as usize).is_some_and(|s| !s.finished) => {
                self.states[id as usize].errors.push_back((seq, e));
                self.deliver(id as usize, sink);
            }
            _ => self.emit(Delivery::Error(e), sink),
        }
    }

    /// Emits the waiting errors of source `i` placed at or before `seq`.
    fn flush_errors<S: FnMut(Delivery<O>) -> ControlFlow<()>>(&mut self, i: usize, seq: u64, sink: &mut S) {
        while self.states[i].errors.front().is_some_and(|(at, _)| *at <= seq) {
            if let Some((_, e)) = self.states[i].errors.pop_front() {
                self.emit(Delivery::Error(e), sink);
            }
        }
    }

    /// Delivers what is ready: source `id` (any order), or in ordered mode
    /// the current source and the ones after it as each completes.
    fn deliver<S: FnMut(Delivery<O>) -> ControlFlow<()>>(&mut self, id: usize, sink: &mut S) {
        if !self.ordered {
            self.deliver_source(id, sink);
            return;
        }
        while self.next_deliver < self.states.len() {
            let i = self.next_deliver;
            self.deliver_source(i, sink);
            if !self.states[i].finished {
                break;
            }
            self.next_deliver += 1;
        }
    }

    fn deliver_source<S: FnMut(Delivery<O>) -> ControlFlow<()>>(&mut self, i: usize, sink: &mut S) {
        let Some(info) = self.states.get(i).and_then(|s| s.info.clone()) else { return };
        if self.states[i].finished {
            return;
        }
        if !self.states[i].begun {
            self.states[i].begun = true;
            self.emit(Delivery::Begin(info.clone()), sink);
        }
        loop {
            let seq = self.states[i].next_seq;
            self.flush_errors(i, seq, sink);
            let st = &mut self.states[i];
            let Some((out, error)) = st.pending.remove(&seq) else { break };
            st.next_seq += 1;
            if let Some(out) = out {
                self.emit(Delivery::Chunk { source: info.clone(), out }, sink);
            }
            if let Some(e) = error {
                // One message for a file that shrank, at the first offset
                // lost (every later chunk of it is lost too).
                let shrank = matches!(e.kind, InputErrorKind::Shrank(_));
                if !(shrank && self.states[i].shrank) {
                    self.states[i].shrank |= shrank;
                    self.emit(Delivery::Error(e), sink);
                }
            }
        }
        if self.states[i].total == Some(self.states[i].next_seq) {
            self.flush_errors(i, u64::MAX, sink);
            let st = &mut self.states[i];
            st.finished = true;
            if let Some(split) = st.split.take() {
                st.lines = split.lines_now();
            }
            let (lines, bytes) = (st.lines, st.bytes);
            self.emit(Delivery::End { source: info, lines, bytes }, sink);
        }
    }
}

/// Detects the format and line terminator of a source from its first bytes.
pub fn detect_source(head: &[u8], opts: &ScanOptions, zone: Zone, year: &YearRef) -> (Detection, u8) {
    let term = if memchr::memchr(b'\n', head).is_none() && memchr::memchr(b'\r', head).is_some() {
        b'\r'
    } else {
        b'\n'
    };
    if let Some(f) = opts.format {
        return (Detection::forced(f), term);
    }
    // Sample whole lines only: drop a cut-off last line unless it is all we have.
    let sample = match memchr::memrchr(term, head) {
        Some(p) if head.len() >= DETECT_BYTES => &head[..p],
        _ => head,
    };
    // Valid UTF-8 (the usual case) is checked by the fast validator;
    // only a sample that is not is decoded lossily.
    let text = match std::str::from_utf8(sample) {
        Ok(t) => std::borrow::Cow::Borrowed(t),
        Err(_) => String::from_utf8_lossy(sample),
    };
    let cx = ParseCx::new(zone, year.clone());
    let lines = lines::LineSpans::new(text.as_bytes(), term).map(|(s, e)| &text[s..e]);
    (detect(lines, &cx), term)
}

#[cfg(test)]
mod tests;
