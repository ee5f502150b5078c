//! The scan half of `timeline`: every chunk's events become compact keys
//! (see [`crate::analysis::interleave`]), streamed sources are spilled so
//! their records can be re-read, and each source's keys are gathered into
//! sorted runs for the merge. Unless a content condition needs the whole
//! event, records are keyed by [`crate::scan::keys`], which reads only
//! what decides a line's format and its timestamp.

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::sync::Arc;

use crate::analysis::interleave::{sort_chunk, ChunkKeys, Key, Run, RunBuilder};
use crate::analysis::skew::{id_hash, SkewCollector};
use crate::config::InputConfig;
use crate::input::mmap::Mapping;
use crate::input::spill::{Bytes, Segments, Spills};
use crate::query::Query;
use crate::report::Reporter;
use crate::scan::chunk::LineBook;
use crate::scan::keys::{for_each_key, RecordKey};
use crate::scan::lines::ChunkOrigin;
use crate::scan::{scan, Chunk, ChunkData, Delivery, Meter, SourceInfo};

/// Instant given to the records of a source that has no timestamp at all:
/// they go after everything else.
pub const NO_TIME: i64 = i64::MAX;

/// One source after the scan: how to read its records again.
pub struct Src {
    pub info: Arc<SourceInfo>,
    pub bytes: Bytes,
    /// Lengths of records too long for a key (by offset).
    pub long: HashMap<u64, u64>,
    /// Records kept (after filtering).
    pub events: u64,
}

/// Everything the scan gathered.
pub struct Collected {
    /// By source id.
    pub srcs: Vec<Option<Src>>,
    /// Source ids in input order (the tie-break order).
    pub order: Vec<u32>,
    /// Request-ID sightings (with `--skew`).
    pub skew: SkewCollector,
    pub events: u64,
    /// Chunks whose keys had to be sorted.
    pub sorted_chunks: u64,
    /// Bytes spilled from streamed sources.
    pub spilled: u64,
}

/// What one chunk's worker hands back.
#[derive(Default)]
struct Part {
    keys: ChunkKeys,
    long: Vec<(u64, u64)>,
    map: Option<Arc<Mapping>>,
    /// (source offset, spill position, length) of a spilled chunk.
    seg: Option<(u64, u64, u64)>,
    spill_error: Option<std::io::Error>,
    ids: Vec<(u64, i64)>,
    /// Set when the keys' line numbers count from the chunk's start (a
    /// mapped chunk whose lines were not counted before its work): the
    /// book that gives the lines before it, and its place in the source.
    relative: Option<(Arc<LineBook>, u64)>,
}

/// A source being gathered.
struct Building {
    info: Arc<SourceInfo>,
    runs: RunBuilder,
    map: Option<Arc<Mapping>>,
    long: HashMap<u64, u64>,
    segs: Vec<(u64, u64, u64)>,
    spill_failed: bool,
}

/// Conditions applied while scanning: the window on each record's instant
/// (its own or the one it inherits) and the other conditions on the event.
pub struct Filter {
    pub since: Option<i64>,
    pub until: Option<i64>,
    /// The query without its time window, when it has other conditions.
    pub content: Option<Query>,
}

impl Filter {
    /// Splits a query into window and content conditions.
    pub fn new(q: &Query) -> Filter {
        let (since, until) = q.time_range();
        let mut content = q.clone();
        content.since = None;
        content.until = None;
        Filter { since, until, content: (!content.is_empty()).then_some(content) }
    }

    /// Whether an instant is inside the window ([`NO_TIME`] is not, when
    /// a window is given).
    #[inline]
    pub fn in_window(&self, t: i64) -> bool {
        if self.since.is_none() && self.until.is_none() {
            return true;
        }
        t != NO_TIME && self.since.is_none_or(|s| t >= s) && self.until.is_none_or(|u| t < u)
    }
}

/// Runs per source (input order), for [`crate::analysis::interleave::Merge`].
pub type Runs = Vec<(u32, Vec<Run>)>;

/// Scans every input into keys. Input problems are reported and counted.
pub fn collect(
    cfg: &InputConfig,
    filter: &Filter,
    skew: bool,
    meter: &Meter,
    report: &Reporter,
) -> (Collected, Runs) {
    let spills = Spills::default();
    let work = |chunk: &Chunk| -> Part {
        let mut p = Part::default();
        match &chunk.data {
            ChunkData::Mapped { map, .. } => p.map = Some(map.clone()),
            ChunkData::Owned(v) => match spills.write(v) {
                Ok(pos) => p.seg = Some((chunk.offset, pos, v.len() as u64)),
                Err(e) => p.spill_error = Some(e),
            },
        }
        // Room for every record at once (a record is at least a line): the
        // keys then never move while the chunk is walked.
        let mut keys = Vec::with_capacity(match chunk.lines {
            0 => chunk.bytes().len() / 128,
            n => n as usize + 1,
        });
        let mut last: Option<i64> = None;
        // `at`: the record's own instant, else the one before it in file order.
        let mut add = |at: Option<i64>, rec: RecordKey, p: &mut Part| {
            if at.is_some_and(|t| !filter.in_window(t)) {
                return;
            }
            let (k, long) = Key::new(at.unwrap_or(0), rec.offset, rec.len, rec.line);
            if long {
                p.long.push((rec.offset, rec.len));
            }
            match at {
                Some(_) => keys.push(k),
                None => p.keys.lead.push(k),
            }
        };
        if filter.content.is_none() && !skew {
            // Only where and when: the key walk, which skips building events.
            let cx = chunk.source.parse_cx();
            let det = &chunk.source.detection;
            let origin = match &chunk.book {
                // Lines counted from the chunk's start; the sink adds the
                // lines before it, counted by then (see `lazy_lines`).
                Some(book) => {
                    p.relative = Some((book.clone(), chunk.seq));
                    ChunkOrigin { first_line: 1, ..chunk.origin_uncounted() }
                }
                None => chunk.origin(),
            };
            for_each_key(chunk.bytes(), origin, det, &cx, &mut |rec| {
                if rec.nanos.is_some() {
                    last = rec.nanos;
                }
                add(last, rec, &mut p);
            });
        } else {
            chunk.for_each_event(&mut |ev| {
                let own = ev.ts.map(|t| t.nanos);
                if own.is_some() {
                    last = own;
                }
                if filter.content.as_ref().is_some_and(|q| !q.matches(&ev)) {
                    return;
                }
                if skew {
                    if let (Some(h), Some(t)) = (id_hash(&ev), own) {
                        p.ids.push((h, t));
                    }
                }
                let rec =
                    RecordKey { nanos: own, line: ev.line, offset: ev.offset, len: ev.raw.len() as u64 };
                add(last, rec, &mut p);
            });
        }
        p.keys.last_timed = last;
        p.keys.sorted = sort_chunk(&mut keys);
        p.keys.keys = keys.into_boxed_slice();
        p
    };
    let mut building: HashMap<u32, Building> = HashMap::new();
    let mut collector = SkewCollector::default();
    // The key walk needs no line number before the sink: mapped files are
    // not counted in a pass of their own before their chunks go out (each
    // worker counts its chunk after its work, from cache; the sink adds
    // the lines before each chunk). The event walk below asks for them.
    let mut opts = cfg.scan.clone();
    opts.lazy_lines = filter.content.is_none() && !skew;
    opts.lazy_chunk_size = opts.chunk_size;
    scan(&cfg.inputs, &opts, meter, &work, |d| {
        match d {
            Delivery::Begin(info) => {
                let b = Building {
                    info: info.clone(),
                    runs: RunBuilder::default(),
                    map: None,
                    long: HashMap::new(),
                    segs: Vec::new(),
                    spill_failed: false,
                };
                building.insert(info.id, b);
            }
            Delivery::Chunk { source, mut out } => {
                let Some(b) = building.get_mut(&source.id) else { return ControlFlow::Continue(()) };
                if let Some((book, seq)) = out.relative.take() {
                    out.keys.shift_lines(book.before(seq as usize));
                }
                if let Some(e) = out.spill_error {
                    if !b.spill_failed {
                        b.spill_failed = true;
                        report.error(&format!("{}: cannot spill to a temporary file: {e}", source.label));
                    }
                }
                if b.map.is_none() {
                    b.map = out.map;
                }
                b.long.extend(out.long);
                b.segs.extend(out.seg);
                for (h, t) in out.ids {
                    collector.add(h, source.id, t);
                }
                b.runs.push(out.keys);
            }
            Delivery::End { .. } => {}
            Delivery::Error(e) => {
                if report.input_error(&e) {
                    return ControlFlow::Break(());
                }
            }
        }
        ControlFlow::Continue(())
    });
    let spilled = spills.total_bytes();
    let spill = spills.finish().unwrap_or_else(|e| {
        report.error(&format!("cannot read back the temporary spill file: {e}"));
        None
    });
    let mut all: Vec<Building> = building.into_values().collect();
    all.sort_by_key(|b| b.info.key);
    let mut out = Collected {
        srcs: Vec::new(),
        order: Vec::new(),
        skew: collector,
        events: 0,
        sorted_chunks: 0,
        spilled,
    };
    let mut runs = Vec::new();
    for b in all {
        let id = b.info.id;
        let events = b.runs.events;
        out.events += events;
        out.sorted_chunks += b.runs.sorted_chunks;
        out.order.push(id);
        runs.push((id, b.runs.finish(NO_TIME)));
        let bytes = match (b.map, &spill) {
            (Some(m), _) => Bytes::Mapped(m),
            (None, Some(f)) if !b.segs.is_empty() => Bytes::Spilled(f.clone(), Segments(b.segs)),
            _ => Bytes::None,
        };
        let i = id as usize;
        if out.srcs.len() <= i {
            out.srcs.resize_with(i + 1, || None);
        }
        out.srcs[i] = Some(Src { info: b.info, bytes, long: b.long, events });
    }
    (out, runs)
}
