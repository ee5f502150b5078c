//! Chunks: line-aligned pieces of a source that workers parse in parallel.
//!
//! A mapped file is cut at line boundaries into pieces of about
//! `chunk_size` bytes; a stream is read into buffers of that size whose
//! incomplete last line is carried into the next buffer. Either way a
//! boundary is only placed before a line that starts a record (see
//! [`starts_record`]), so stack traces stay with their record and a chunk
//! parses exactly as it would inside one sequential pass.
//!
//! Over-long lines: a line of more than `--max-line` bytes (terminator not
//! counted) is cut every `--max-line` bytes, and every such cut is a chunk
//! boundary too, in mapped files and streams alike (see [`LongLineCuts`]).
//! So no line parser ever sees more than `--max-line` bytes of one line,
//! each piece is an event of its own (a piece is never folded into the
//! record before it: a chunk starts with it), and nothing is dropped. The
//! pieces keep the line number of the line they were cut from (a chunk
//! starting at a cut continues its line), so the lines after keep theirs.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crate::format::detect::Detection;
use crate::format::{FormatId, ParseCx};
use crate::input::mmap::Mapping;
use crate::scan::SourceInfo;

/// How far past the target size a boundary may move to keep indented
/// continuation lines with their record.
const MAX_CONTINUATION_SLACK: usize = 1 << 20;

/// The bytes of a chunk: a range of a mapped file, or an owned buffer.
pub enum ChunkData {
    Mapped { map: Arc<Mapping>, start: usize, end: usize },
    Owned(Vec<u8>),
}

/// A line-aligned piece of one source.
pub struct Chunk {
    pub source: Arc<SourceInfo>,
    /// Position of the chunk within its source (0, 1, 2...).
    pub seq: u64,
    /// Line number of its first line (1-based); 0 when not counted yet
    /// (`book`: ask [`Chunk::first_line_now`]).
    pub first_line: u64,
    /// Byte offset of its first byte in the source.
    pub offset: u64,
    /// Number of line terminators in it (0 when not counted yet: `book`).
    pub lines: u64,
    pub data: ChunkData,
    /// With [`crate::scan::ScanOptions::lazy_lines`], the counts of the
    /// source's mapped chunks, filled in as they are needed.
    pub book: Option<Arc<LineBook>>,
}

/// The line counts of a mapped source's chunks, for a scan that counts
/// lines only where needed ([`crate::scan::ScanOptions::lazy_lines`]):
/// each chunk is counted by its worker right after its work (the bytes are
/// still in cache, its pages already mapped), and a chunk that needs its
/// first line number before that (it has a record to give) counts the
/// earlier chunks not counted yet itself. Counting twice is harmless: both
/// store the same number.
pub struct LineBook {
    map: Arc<Mapping>,
    term: u8,
    ranges: Vec<(usize, usize)>,
    /// Per chunk: its terminators, or `u64::MAX` while not counted.
    counts: Vec<AtomicU64>,
    /// `prefix[i]`: the terminators before chunk `i`, for the chunks summed
    /// so far (it starts as `[0]`), so that asking for many chunks' first
    /// lines costs linear time, not quadratic (a small `--max-line` on long
    /// lines makes a chunk of every piece).
    prefix: Mutex<Vec<u64>>,
}

impl LineBook {
    /// The book of the chunks `ranges` of `map`, none counted.
    pub fn new(map: Arc<Mapping>, term: u8, ranges: Vec<(usize, usize)>) -> LineBook {
        let counts = ranges.iter().map(|_| AtomicU64::new(u64::MAX)).collect();
        LineBook { map, term, ranges, counts, prefix: Mutex::new(vec![0]) }
    }

    /// Records that chunk `seq` has `n` terminators.
    pub fn set(&self, seq: usize, n: u64) {
        self.counts[seq].store(n, Ordering::Release);
    }

    /// The terminators of chunk `seq`, counted now if nobody has yet.
    pub fn count(&self, seq: usize) -> u64 {
        let known = self.counts[seq].load(Ordering::Acquire);
        if known != u64::MAX {
            return known;
        }
        let (s, e) = self.ranges[seq];
        let n = crate::scan::lines::count_terminators(&self.map.bytes()[s..e], self.term);
        self.counts[seq].store(n, Ordering::Release);
        n
    }

    /// The number of terminators before chunk `seq` (chunks not counted
    /// yet are counted in parallel).
    pub fn before(&self, seq: usize) -> u64 {
        use rayon::prelude::*;
        let summed = self.prefix.lock().unwrap_or_else(|e| e.into_inner()).len() - 1;
        if summed < seq {
            let unknown: Vec<usize> =
                (summed..seq).filter(|&i| self.counts[i].load(Ordering::Acquire) == u64::MAX).collect();
            unknown.par_iter().for_each(|&i| {
                self.count(i);
            });
        }
        let mut prefix = self.prefix.lock().unwrap_or_else(|e| e.into_inner());
        while prefix.len() <= seq {
            let i = prefix.len() - 1;
            let next = prefix[i] + self.count(i);
            prefix.push(next);
        }
        prefix[seq]
    }

    /// Every terminator of the source.
    pub fn total(&self) -> u64 {
        self.before(self.ranges.len())
    }
}

impl Chunk {
    /// The chunk's bytes.
    pub fn bytes(&self) -> &[u8] {
        match &self.data {
            ChunkData::Mapped { map, start, end } => &map.bytes()[*start..*end],
            ChunkData::Owned(v) => v,
        }
    }

    /// The line number of the chunk's first line, counting the earlier
    /// chunks now when that was left for later (see [`LineBook`]).
    pub fn first_line_now(&self) -> u64 {
        match &self.book {
            Some(b) => 1 + b.before(self.seq as usize),
            None => self.first_line,
        }
    }

    /// The chunk's origin, for [`crate::scan::lines::for_each_event`].
    pub fn origin(&self) -> crate::scan::lines::ChunkOrigin {
        crate::scan::lines::ChunkOrigin {
            source: self.source.id,
            first_line: self.first_line_now(),
            offset: self.offset,
            term: self.source.term,
        }
    }

    /// [`Chunk::origin`] without its first line number (0), which a
    /// chunk of a lazily counted source may not know yet: for work that
    /// numbers lines from the chunk's start and adds the lines before it
    /// later.
    pub fn origin_uncounted(&self) -> crate::scan::lines::ChunkOrigin {
        crate::scan::lines::ChunkOrigin {
            source: self.source.id,
            first_line: 0,
            offset: self.offset,
            term: self.source.term,
        }
    }

    /// Parses every event of the chunk, in order.
    pub fn for_each_event(&self, f: &mut dyn FnMut(crate::event::Event<'_>)) {
        let cx = self.source.parse_cx();
        crate::scan::lines::for_each_event(self.bytes(), self.origin(), &self.source.detection, &cx, f)
    }

    /// Offers each line to `quick`, parsing the ones it declines for `f`
    /// (see [`crate::scan::lines::for_each_line_or_event`]).
    pub fn for_each_line_or_event(
        &self,
        quick: &mut dyn FnMut(&str) -> bool,
        f: &mut dyn FnMut(crate::event::Event<'_>),
    ) {
        let cx = self.source.parse_cx();
        let (bytes, origin) = (self.bytes(), self.origin());
        crate::scan::lines::for_each_line_or_event(bytes, origin, &self.source.detection, &cx, quick, f)
    }

    /// [`crate::scan::lines::for_each_record_or_event`] over this chunk:
    /// records of a multi-line format read by `head` and `record` without
    /// building their events, the other records as events for `f`.
    pub fn for_each_record_or_event<Q>(
        &self,
        head: &mut dyn FnMut(&str) -> Option<Q>,
        record: &mut dyn FnMut(Q, &str, &[u8]),
        f: &mut dyn FnMut(crate::event::Event<'_>),
    ) {
        let cx = self.source.parse_cx();
        let (bytes, origin) = (self.bytes(), self.origin());
        crate::scan::lines::for_each_record_or_event(
            bytes,
            origin,
            &self.source.detection,
            &cx,
            head,
            record,
            f,
        )
    }

    /// Parses only the records containing a `prefilter` hit, in order.
    /// A chunk without a hit needs no line numbers: with a [`LineBook`],
    /// the earlier chunks are not waited for or counted.
    pub fn for_each_candidate_event(
        &self,
        prefilter: &crate::scan::prefilter::Prefilter,
        f: &mut dyn FnMut(crate::event::Event<'_>),
    ) {
        if let Some(book) = &self.book {
            if !has_hit_counting(self.bytes(), prefilter, book, self.seq as usize) {
                return;
            }
        }
        let cx = self.source.parse_cx();
        crate::scan::lines::for_each_candidate_event(
            self.bytes(),
            self.origin(),
            &self.source.detection,
            &cx,
            prefilter,
            f,
        )
    }
}

/// Bytes searched, then counted, at a time by [`has_hit_counting`]: small
/// enough to stay in the level-2 cache between the two.
const COUNT_BLOCK: usize = 128 << 10;

/// Whether chunk `seq` (`bytes`) holds a `prefilter` hit. When it holds
/// none, its terminators are counted into `book` on the way, a block at a
/// time right after the block was searched, so the count reads cached
/// bytes rather than memory (with a prefilter whose hits have a known
/// longest length; otherwise the count is left to the worker, and a chunk
/// with a hit is searched twice up to its first one: lazy numbering is
/// for one-literal prefilters).
fn has_hit_counting(
    bytes: &[u8],
    prefilter: &crate::scan::prefilter::Prefilter,
    book: &LineBook,
    seq: usize,
) -> bool {
    let Some(longest) = prefilter.longest_hit() else {
        return prefilter.find_at(bytes, 0).is_some();
    };
    let (mut at, mut n) = (0usize, 0u64);
    while at < bytes.len() {
        let end = (at + COUNT_BLOCK).min(bytes.len());
        // A hit starting in the block may end past it.
        let window = &bytes[..(end + longest.saturating_sub(1)).min(bytes.len())];
        if prefilter.find_at(window, at).is_some() {
            return true;
        }
        n += crate::scan::lines::count_terminators(&bytes[at..end], book.term);
        at = end;
    }
    book.set(seq, n);
    false
}

/// Cuts a mapped source into chunks of about `chunk_size` bytes and
/// appends them to `out`. Returns the source's totals, and where its
/// first over-long line is (see [`Split::long_line`]).
///
/// Line numbers are exact: the cut points are found first (one `memchr`
/// per chunk), then every chunk's terminators are counted in parallel on
/// the worker pool (a vectorised byte count, far cheaper than parsing, but
/// on a multi-gigabyte file too slow to do on one thread: it also takes
/// the page faults of the first touch) and prefix-summed.
///
/// With `lazy`, nothing is counted here: the chunks share a [`LineBook`]
/// and [`Split::lines`] is left for the book to tell.
pub fn split_mapped(
    info: &Arc<SourceInfo>,
    mapping: &Arc<Mapping>,
    chunk_size: usize,
    lazy: bool,
    out: &mut std::collections::VecDeque<Chunk>,
) -> Split {
    use rayon::prelude::*;
    let bytes = mapping.bytes();
    let (term, max_line) = (info.term, info.max_line);
    let mut cuts = line_end_cuts(bytes, chunk_size, term, &|l| starts_record(l, info));
    // Only a chunk longer than `max_line` can hold a line that long (never
    // with the default of 256 MiB and normal lines); a small `--max-line`
    // may make every chunk need a look, so they are looked at in parallel.
    if cuts.iter().any(|&(s, e)| e - s > max_line) {
        cuts = cuts.par_iter().flat_map_iter(|&range| pieces(bytes, range, term, max_line)).collect();
    }
    let book = lazy.then(|| Arc::new(LineBook::new(mapping.clone(), term, cuts.clone())));
    let counts: Vec<u64> = if lazy {
        vec![0; cuts.len()]
    } else {
        cuts.par_iter().map(|&(s, e)| crate::scan::lines::count_terminators(&bytes[s..e], term)).collect()
    };
    let mut line = 1u64;
    for (seq, (&(start, end), &lines)) in cuts.iter().zip(&counts).enumerate() {
        out.push_back(Chunk {
            source: info.clone(),
            seq: seq as u64,
            first_line: if lazy { 0 } else { line },
            offset: start as u64,
            lines,
            data: ChunkData::Mapped { map: mapping.clone(), start, end },
            book: book.clone(),
        });
        line += lines;
    }
    let open_last = bytes.last().is_some_and(|&b| b != info.term);
    // A cut inside a line (not after a terminator, not the end) is the
    // first piece of an over-long line.
    let long_line = cuts.iter().position(|&(_, e)| e < bytes.len() && bytes[e - 1] != info.term).map(|i| {
        let (s, e) = cuts[i];
        let line_start = memchr::memrchr(info.term, &bytes[s..e]).map_or(s, |p| s + p + 1);
        (i as u64 + 1, line_start as u64)
    });
    Split {
        chunks: cuts.len() as u64,
        lines: if lazy { 0 } else { line - 1 + u64::from(open_last) },
        bytes: bytes.len() as u64,
        long_line,
        book,
        open_last,
    }
}

/// What [`split_mapped`] found out about a mapped source.
pub struct Split {
    pub chunks: u64,
    /// Lines of the source (a cut line counts once); 0 with a `book`
    /// (see [`Split::lines_now`]).
    pub lines: u64,
    /// The lazy line counts (see [`LineBook`]).
    pub book: Option<Arc<LineBook>>,
    /// The source's last line has no terminator (it counts as a line).
    pub open_last: bool,
    pub bytes: u64,
    /// The first line longer than `--max-line`: (number of the chunk just
    /// after its first piece, the line's byte offset), so the warning can
    /// be delivered right after the bytes read before the cut.
    pub long_line: Option<(u64, u64)>,
}

impl Split {
    /// The source's lines, counting what the book has not counted yet.
    pub fn lines_now(&self) -> u64 {
        match &self.book {
            Some(b) => b.total() + u64::from(self.open_last),
            None => self.lines,
        }
    }
}

/// Whether a record may begin at `line` (one line, without its
/// terminator) of the source `info`, so that a chunk boundary before it
/// changes nothing: it is not indented, and in a source whose records take
/// continuation lines it is not blank and parses as a record of its own
/// (an unparsed line there would be folded into the record before it, as
/// Python's unindented final `ValueError: ...` is). Costs one parse per
/// chunk boundary.
///
/// Only the line's first `--max-line` bytes are looked at: a longer line
/// is cut there, and its first piece is what gets parsed.
pub fn starts_record(line: &[u8], info: &SourceInfo) -> bool {
    starts_record_in(line, info.term, info.max_line, &info.detection, &info.parse_cx())
}

/// [`starts_record`] for a source known by its terminator, `--max-line`,
/// detection and parse context (the fuzz targets have no `SourceInfo`).
pub fn starts_record_in(line: &[u8], term: u8, max_line: usize, detection: &Detection, cx: &ParseCx) -> bool {
    let line = &line[..line.len().min(max_line)];
    if matches!(line.first(), Some(b' ' | b'\t')) {
        return false;
    }
    if !crate::scan::lines::folds(detection) {
        return true;
    }
    let line = match line {
        [rest @ .., b'\r'] if term == b'\n' => rest,
        _ => line,
    };
    let text = String::from_utf8_lossy(line);
    !text.trim_start().is_empty() && detection.parse(&text, cx).format != FormatId::Raw
}

/// The line starting at `start` (without its terminator).
fn line_at(bytes: &[u8], start: usize, term: u8) -> &[u8] {
    let end = memchr::memchr(term, &bytes[start..]).map_or(bytes.len(), |i| start + i);
    &bytes[start..end]
}

/// The `(start, end)` ranges a mapped source of `bytes` is cut into, in
/// order, covering it exactly: at line ends (see [`cut_after`]; `starts`
/// as there), and at every cut of a line longer than `max_line` (see
/// [`LongLineCuts`]). Separate from [`split_mapped`] so the fuzz targets
/// can check the cuts on plain bytes; sequential (a fuzz target must not
/// start the worker pool), where [`split_mapped`] cuts at the long lines
/// of its chunks in parallel, with the same [`pieces`].
pub fn cuts(
    bytes: &[u8],
    chunk_size: usize,
    term: u8,
    max_line: usize,
    starts: &dyn Fn(&[u8]) -> bool,
) -> Vec<(usize, usize)> {
    let cuts = line_end_cuts(bytes, chunk_size, term, starts);
    if cuts.iter().all(|&(s, e)| e - s <= max_line) {
        return cuts;
    }
    cuts.iter().flat_map(|&range| pieces(bytes, range, term, max_line)).collect()
}

/// The cuts at line ends only, about `chunk_size` apart.
fn line_end_cuts(
    bytes: &[u8],
    chunk_size: usize,
    term: u8,
    starts: &dyn Fn(&[u8]) -> bool,
) -> Vec<(usize, usize)> {
    let mut cuts = Vec::with_capacity(bytes.len() / chunk_size.max(1) + 1);
    let mut start = 0usize;
    while start < bytes.len() {
        let end = cut_after(bytes, start + chunk_size.max(1), term, starts);
        cuts.push((start, end));
        start = end;
    }
    cuts
}

/// The chunk `range` of `bytes` (cut at line ends) cut again at the long
/// lines it holds, as `(start, end)` ranges covering it in order.
pub fn pieces(
    bytes: &[u8],
    (s, e): (usize, usize),
    term: u8,
    max_line: usize,
) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut from = s;
    LongLineCuts::new(&bytes[s..e], term, max_line)
        .map(move |(_, p)| s + p)
        .chain(std::iter::once(e))
        .map(move |to| (std::mem::replace(&mut from, to), to))
}

/// The cuts of the lines longer than `max_line` bytes in `bytes` (which
/// starts at a line start or at such a cut): for each piece but the last of
/// such a line, `(where the piece starts, where it ends)`. A line's length
/// does not count its terminator (a CR before an LF does count), and a last
/// line without terminator is cut only when it already has more than
/// `max_line` bytes (for a stream buffer: it is longer whatever comes next).
///
/// Every cut is a chunk boundary, so the pieces are the lines the parsers
/// see. Costs one bounded `memchr` per line, and nothing at all when
/// `bytes` is no longer than `max_line`.
pub struct LongLineCuts<'a> {
    bytes: &'a [u8],
    pos: usize,
    term: u8,
    max_line: usize,
}

impl<'a> LongLineCuts<'a> {
    /// The cuts in `bytes`; a `max_line` of 0 counts as 1.
    pub fn new(bytes: &'a [u8], term: u8, max_line: usize) -> LongLineCuts<'a> {
        LongLineCuts { bytes, pos: 0, term, max_line: max_line.max(1) }
    }
}

impl Iterator for LongLineCuts<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        while self.bytes.len() - self.pos > self.max_line {
            let window = &self.bytes[self.pos..=self.pos + self.max_line];
            match memchr::memchr(self.term, window) {
                Some(i) => self.pos += i + 1,
                None => {
                    let start = self.pos;
                    self.pos += self.max_line;
                    return Some((start, self.pos));
                }
            }
        }
        None
    }
}

/// Where to cut `bytes` so the first piece is about `target` bytes: just
/// after a terminator at or past `target`, moved further until the next
/// line starts a record (`starts`, see [`starts_record`]), at most
/// [`MAX_CONTINUATION_SLACK`] further. Returns `bytes.len()` when no cut is
/// possible.
pub fn cut_after(bytes: &[u8], target: usize, term: u8, starts: &dyn Fn(&[u8]) -> bool) -> usize {
    if target >= bytes.len() {
        return bytes.len();
    }
    let Some(i) = memchr::memchr(term, &bytes[target..]) else {
        return bytes.len();
    };
    let mut cut = target + i + 1;
    let limit = cut + MAX_CONTINUATION_SLACK;
    while cut < bytes.len() && cut < limit && !starts(line_at(bytes, cut, term)) {
        match memchr::memchr(term, &bytes[cut..]) {
            Some(j) => cut += j + 1,
            None => return bytes.len(),
        }
    }
    cut
}

/// Where to cut a stream buffer so the piece before the cut holds only
/// whole records: before the last complete line that starts a record
/// (`starts`, see [`starts_record`]). That record and whatever follows it
/// travel with the next read, so continuation lines arriving in the next
/// read stay with it.
///
/// `None` when there is no safe cut yet: no terminator at all, or the only
/// record header is at the very start (cutting after it could split it from
/// its continuation lines). The caller then reads more, and past a bound
/// cuts at [`last_line_end`] anyway.
pub fn cut_before_tail(bytes: &[u8], term: u8, starts: &dyn Fn(&[u8]) -> bool) -> Option<usize> {
    let last = last_line_end(bytes, term)?;
    let floor = last.saturating_sub(MAX_CONTINUATION_SLACK);
    let mut end = last;
    while end > floor {
        let start = memchr::memrchr(term, &bytes[..end - 1]).map_or(0, |p| p + 1);
        if starts(&bytes[start..end - 1]) {
            return (start > 0).then_some(start);
        }
        if start == 0 {
            return None;
        }
        end = start;
    }
    Some(last)
}

/// The position just after the last terminator, if any.
pub fn last_line_end(bytes: &[u8], term: u8) -> Option<usize> {
    memchr::memrchr(term, bytes).map(|p| p + 1)
}

/// How far a stream buffer may grow past the chunk size to keep a record
/// whole before it is cut at its last line end regardless.
pub const MAX_RECORD_GROWTH: usize = MAX_CONTINUATION_SLACK;

#[cfg(test)]
mod tests {
    use super::*;

    fn unindented(l: &[u8]) -> bool {
        !matches!(l.first(), Some(b' ' | b'\t'))
    }

    #[test]
    fn cut_keeps_indented_lines_with_their_record() {
        let b = b"aaaa\nbbbb\n  at x\n  at y\ncccc\n";
        assert_eq!(cut_after(b, 0, b'\n', &unindented), 5);
        assert_eq!(cut_after(b, 6, b'\n', &unindented), 24);
        assert_eq!(cut_after(b, 100, b'\n', &unindented), b.len());
        assert_eq!(cut_after(b"no newline", 2, b'\n', &unindented), 10);
    }

    #[test]
    fn long_lines_are_cut_every_max_line_bytes_and_nothing_else_is() {
        let cuts = |b: &[u8], max| LongLineCuts::new(b, b'\n', max).collect::<Vec<_>>();
        // Exactly the limit is whole; one byte more is cut; the terminator
        // does not count, a CR before it does.
        assert_eq!(cuts(b"abcd\nabcde\nab\n", 4), vec![(5, 9)]);
        assert_eq!(cuts(b"abc\r\nabcd\r\n", 4), vec![(5, 9)]);
        // A long line in pieces, the rest read on; a last line without
        // terminator is cut only once it is longer than the limit.
        assert_eq!(cuts(b"x\n0123456789\ny", 4), vec![(2, 6), (6, 10)]);
        assert_eq!(cuts(b"x\n0123", 4), vec![]);
        assert_eq!(cuts(b"x\n01234", 4), vec![(2, 6)]);
        assert_eq!(cuts(b"", 4), vec![]);
        assert_eq!(cuts(b"abc", 0), vec![(0, 1), (1, 2)], "a limit of 0 is 1");
        // Mapped cuts include every one of them, and only them inside lines.
        let b = b"short\n0123456789abcdef\nagain\n";
        let c = super::cuts(b, 3, b'\n', 8, &unindented);
        assert_eq!(c, vec![(0, 6), (6, 14), (14, 23), (23, 29)], "16 bytes: two pieces of 8");
        assert_eq!(super::cuts(b, 3, b'\n', usize::MAX, &unindented), vec![(0, 6), (6, 23), (23, 29)]);
    }

    #[test]
    fn stream_cut_leaves_an_open_record_for_the_next_read() {
        assert_eq!(cut_before_tail(b"aaaa\nbbbb\ncc", b'\n', &unindented), Some(5));
        assert_eq!(cut_before_tail(b"aaaa\nbbbb\n  at x\n", b'\n', &unindented), Some(5));
        assert_eq!(cut_before_tail(b"no terminator", b'\n', &unindented), None);
        assert_eq!(cut_before_tail(b"  a\n  b\n", b'\n', &unindented), None, "all continuation: read more");
        assert_eq!(
            cut_before_tail(b"ERROR boom\n\tat x", b'\n', &unindented),
            None,
            "header at the start: read more"
        );
        assert_eq!(last_line_end(b"ERROR boom\n\tat x", b'\n'), Some(11));
    }
}
