//! The print half of `timeline`: re-reads each merged key's record from
//! its source, parses it again (parsing is stateless, so it gives the same
//! event as during the scan) and renders it with the chosen printer.
//! Batches of keys are rendered in parallel and written in order.

use std::collections::HashMap;

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
    /// Appends one event.
    pub fn write(&self, out: &mut Vec<u8>, ev: &Event<'_>, label: &str, at: i64) {
        match self {
            Printer::View(v) => {
                let mut s = String::with_capacity(160);
                v.write_event(&mut s, ev);
                out.extend_from_slice(s.as_bytes());
            }
            Printer::Json => crate::output::json::write_event(out, ev, label),
            Printer::Csv(c) => c.row(out, ev, label),
            Printer::Timesketch => crate::output::timesketch::write_event(out, ev, label, at),
        }
    }
}

/// Re-reads one record and calls `f` with its event; false when the
/// record cannot be read any more (its file shrank).
pub fn with_event(
    col: &Collected,
    cxs: &mut HashMap<u32, ParseCx>,
    buf: &mut Vec<u8>,
    source: u32,
    key: Key,
    f: &mut dyn FnMut(&Event<'_>, &str),
) -> bool {
    let Some(src) = col.srcs.get(source as usize).and_then(Option::as_ref) else { return false };
    let Some(len) = key.inline_len().or_else(|| src.long.get(&key.offset()).copied()) else { return false };
    let Some(rec) = src.bytes.get(key.offset(), len, buf) else { return false };
    let cx = cxs.entry(source).or_insert_with(|| src.info.parse_cx());
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

/// Renders a batch of keys; returns the bytes and how many records could
/// not be re-read.
pub fn render_batch(col: &Collected, printer: &Printer, batch: &[(u32, Key)]) -> (Vec<u8>, u64) {
    let mut out = Vec::with_capacity(batch.len() * 200);
    let mut cxs = HashMap::new();
    let mut buf = Vec::new();
    let mut missing = 0;
    for &(s, k) in batch {
        let ok = with_event(col, &mut cxs, &mut buf, s, k, &mut |ev, label| {
            printer.write(&mut out, ev, label, k.instant());
        });
        missing += u64::from(!ok);
    }
    (out, missing)
}

/// Renders several batches in parallel, in order.
pub fn render_all(col: &Collected, printer: &Printer, batches: &[Vec<(u32, Key)>]) -> Vec<(Vec<u8>, u64)> {
    batches.par_iter().map(|b| render_batch(col, printer, b)).collect()
}
