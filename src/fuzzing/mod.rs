//! Entry points of the fuzz targets in `fuzz/` (see the README's
//! "Fuzzing" section). Not an API: hidden from the docs.
//!
//! Each function takes the fuzzer's bytes, drives one part of the engine
//! the way the scanner does, and asserts what must hold for every input
//! (beyond "does not panic"). The targets are one-line calls into this
//! module, and `tests/fuzz_regressions.rs` replays every crash the fuzzer
//! found through the same functions, so a regression test checks exactly
//! what the fuzzer checked.

mod folded;
mod keys;
mod logins;
mod split;
mod streams;
mod text;

pub use folded::folded;
pub use keys::keys;
pub use logins::{logins, logins_agree};
pub use split::split;
pub use streams::{decompress, tar, zip};
pub use text::{query, redact};

use crate::event::Event;
use crate::format::time::{epoch, iso8601, YearBasis, YearRef, Zone};
use crate::format::{FormatId, ParseCx};
use crate::output::json;

/// Zones every parse is tried in: UTC, a fixed offset, and a named zone
/// with daylight saving (its gaps and folds take other code paths).
fn contexts() -> [ParseCx; 3] {
    let named = Zone::Named(chrono_tz::America::New_York);
    [
        ParseCx::new(Zone::Utc, YearRef::forced(2024)),
        ParseCx::new(
            Zone::Fixed(-(5 * 3600 + 1800)),
            YearRef::from_unix(1_709_467_200, YearBasis::FileMtime),
        ),
        ParseCx::new(named, YearRef::from_unix(1_704_067_200, YearBasis::MemberMtime)),
    ]
}

/// The lines of `data` as the scanner hands them to parsers: lossily
/// decoded, split on LF, one trailing CR removed.
fn lines(data: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(data).split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l).to_string()).collect()
}

/// Asserts that the JSON line written for `ev` is one valid JSON object.
fn assert_json(ev: &Event<'_>) {
    let mut out = Vec::new();
    json::write_event(&mut out, ev, "fuzz\u{1b}[2J");
    assert_eq!(out.last(), Some(&b'\n'), "a JSON line ends with a newline");
    assert_eq!(memchr::memchr(b'\n', &out), Some(out.len() - 1), "one line per event");
    let v: serde_json::Value = serde_json::from_slice(&out)
        .unwrap_or_else(|e| panic!("invalid JSON for {ev:?}: {e}: {}", String::from_utf8_lossy(&out)));
    assert!(v.is_object());
}

/// One format's parser on every line of `data`, in several zones: an
/// accepted line yields an event of that format whose JSON line is valid.
pub fn parse(format: FormatId, data: &[u8]) {
    for line in lines(data) {
        for cx in &contexts() {
            if let Some(ev) = format.parse(&line, cx) {
                assert_eq!(ev.format, format, "{line:?}");
                assert_json(&ev);
            }
        }
    }
}

/// Format detection on `data` as a source's first bytes, then every event
/// of it: events come in line order, each one's `raw` is the source's bytes
/// at its `offset`, and each one's JSON line is valid.
pub fn detect(data: &[u8]) {
    use crate::scan::lines::{for_each_event, ChunkOrigin};
    let opts = split::options(64, None, usize::MAX);
    for cx in &contexts() {
        let head = &data[..data.len().min(crate::scan::DETECT_BYTES)];
        let (detection, term) = crate::scan::detect_source(head, &opts, cx.zone, &cx.year);
        assert!(detection.confidence.is_finite() && (0.0..=1.0).contains(&detection.confidence));
        let origin = ChunkOrigin { source: 0, first_line: 1, offset: 0, term };
        let mut last = (0u64, 0u64, 0usize);
        for_each_event(data, origin, &detection, cx, &mut |ev| {
            let at = ev.offset as usize;
            assert_eq!(ev.raw, &data[at..at + ev.raw.len()], "raw bytes at the event's offset");
            assert!(ev.line > last.0 && ev.offset >= (last.1 + last.2 as u64), "events in order");
            last = (ev.line + u64::from(ev.lines) - 1, ev.offset, ev.raw.len());
            assert_json(&ev);
        });
    }
}

/// Timestamp parsing: ISO 8601, epochs and zone names. Whatever parses
/// prints as RFC 3339 and reads back as the same instant.
pub fn timestamps(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let utc = ParseCx::new(Zone::Utc, YearRef::forced(2024));
    if let Some((civil, used)) = iso8601(data) {
        assert!(used <= data.len());
        for cx in &contexts() {
            if let Some(ts) = cx.resolve(&civil) {
                round_trip(ts, &utc);
            }
        }
    }
    for word in text.split([' ', '"', ',', '=']) {
        if let Some(ts) = epoch(word) {
            round_trip(ts, &utc);
        }
    }
    if let Ok(zone) = Zone::parse(&text) {
        let name = zone.to_string();
        assert_eq!(Zone::parse(&name).map(|z| z.to_string()), Ok(name), "{text:?}");
        let _ = (zone.offset_at_utc(1_709_467_200_000_000_000), zone.offset_at_local(-1));
    }
}

/// `ts` printed as RFC 3339 parses back to the same instant (years 1 to
/// 9999 only: outside them there is no four-digit year to read back).
fn round_trip(ts: crate::event::timestamp::Timestamp, utc: &ParseCx) {
    let s = ts.to_rfc3339();
    let year: i64 = s.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
    if s.len() < 20 || year < 1 {
        return;
    }
    let (civil, used) = iso8601(s.as_bytes()).unwrap_or_else(|| panic!("{s} does not parse back"));
    assert_eq!(used, s.len(), "{s}");
    assert_eq!(utc.resolve(&civil).map(|t| t.nanos), Some(ts.nanos), "{s}");
}
