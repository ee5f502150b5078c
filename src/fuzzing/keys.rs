//! The timeline's key scan (`scan::keys`) against the full parse: the
//! timestamp-only fast paths must give exactly the records, lines, offsets,
//! lengths and instants that parsing every event gives.

use super::contexts;
use crate::format::detect::Detection;
use crate::format::FormatId;
use crate::scan::keys::{for_each_key, RecordKey};
use crate::scan::lines::{for_each_event, ChunkOrigin};

/// `data` as a source: with the detected format and with every format
/// forced on it, in every zone of [`contexts`], the key scan's records are
/// the events' records, one for one.
pub fn keys(data: &[u8]) {
    let opts = super::split::options(64, None, usize::MAX);
    for cx in &contexts() {
        let head = &data[..data.len().min(crate::scan::DETECT_BYTES)];
        let (detected, term) = crate::scan::detect_source(head, &opts, cx.zone, &cx.year);
        let origin = ChunkOrigin { source: 0, first_line: 1, offset: 0, term };
        let forced = FormatId::ALL.into_iter().map(Detection::forced);
        for d in std::iter::once(detected).chain(forced) {
            let mut want = Vec::new();
            for_each_event(data, origin, &d, cx, &mut |ev| want.push(RecordKey::of(&ev)));
            let mut got = Vec::new();
            for_each_key(data, origin, &d, cx, &mut |k| got.push(k));
            assert_eq!(got, want, "{:?}", d.format);
        }
    }
}
