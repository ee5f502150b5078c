//! The print half of `timeline`: re-reads each merged key's record from
//! its source, parses it again (parsing is stateless, so it gives the same
//! event as during the scan) and renders it with the chosen printer.
//! Batches of keys are rendered in parallel and written in order.

use rayon::prelude::*;

use crate::analysis::interleave::Key;
use crate::cmd::timeline::collect::Collected;
use crate::event::Event;
use crate::format::ParseCx;
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
    let mut seen = false;
    for_each_event(rec, origin, &src.info.detection, cx, &mut |ev| {
        if !seen {
            seen = true;
            f(&ev, &src.info.label);
        }
    });
    seen
}

/// Renders a batch of keys into `out` (cleared first, its capacity
/// reused); returns how many records could not be re-read.
pub fn render_batch(col: &Collected, printer: &Printer, batch: &[(u32, Key)], out: &mut Vec<u8>) -> u64 {
    out.clear();
    let mut cxs = Cxs::new();
    let mut buf = Vec::new();
    let mut missing = 0;
    let mut scratch = String::new();
    for &(s, k) in batch {
        let ok = with_event(col, &mut cxs, &mut buf, s, k, &mut |ev, label| {
            printer.write(out, ev, label, k.instant(), &mut scratch);
        });
        missing += u64::from(!ok);
    }
    missing
}

/// Renders several batches in parallel into `bufs` (one per batch, grown
/// as needed and reused between calls so steady state allocates nothing);
/// returns how many records could not be re-read.
pub fn render_all(
    col: &Collected,
    printer: &Printer,
    batches: &[Vec<(u32, Key)>],
    bufs: &mut Vec<Vec<u8>>,
) -> u64 {
    if bufs.len() < batches.len() {
        bufs.resize_with(batches.len(), Vec::new);
    }
    batches.par_iter().zip(bufs.par_iter_mut()).map(|(b, out)| render_batch(col, printer, b, out)).sum()
}
