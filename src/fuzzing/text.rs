//! Query parsing (`--field`, `--since`/`--until`/`--now`, `--window`,
//! `--level`) and redaction, on arbitrary text.

use crate::event::Event;
use crate::format::time::Zone;
use crate::format::{FormatId, ParseCx};
use crate::query::field::FieldPred;
use crate::query::time::{parse_duration, parse_time};
use crate::query::LevelCond;
use crate::redact::{close_open_block, Counts, Kind, Pseudonymizer, RedactOptions, Redactor};

/// The query parsers on the NUL-separated parts of `data`: each part is
/// tried as every kind of expression. A parsed `--field` predicate is
/// evaluated on real events; `--now` feeds the relative times.
pub fn query(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let cx = ParseCx::new(Zone::Utc, crate::format::time::YearRef::forced(2024));
    let events: Vec<Event<'_>> = FormatId::ALL.iter().filter_map(|f| f.parse(f.example(), &cx)).collect();
    let zones = [Zone::Utc, Zone::Fixed(13 * 3600 + 45 * 60), Zone::Named(chrono_tz::Europe::Berlin)];
    let mut now = 1_709_467_200_000_000_000i64;
    for part in text.split('\0') {
        if let Ok(p) = FieldPred::parse(part) {
            for ev in &events {
                let _ = p.matches(ev);
            }
        }
        for zone in zones {
            if let Ok(t) = parse_time(part, zone, now) {
                for z in zones {
                    for rel in ["today", "yesterday", "2h", "now"] {
                        let _ = parse_time(rel, z, t);
                    }
                }
                now = t;
            }
        }
        if let Ok(d) = parse_duration(part) {
            assert!(d >= 0, "{part:?} is a negative duration");
        }
        if let Ok(l) = LevelCond::parse(part) {
            let _ = l.prefilter();
        }
    }
}

/// Redaction of `data` as one chunk, with the options chosen by the first
/// byte: never panics, and the output has exactly as many lines as the
/// input (a redacted copy keeps every line number). A private-key block
/// left open is closed at the start of the next chunk the same way.
pub fn redact(data: &[u8]) {
    let [flags, ref data @ ..] = *data else { return };
    let r = &redactors()[usize::from(flags & 15)];
    let mut out = Vec::new();
    let mut counts = Counts::default();
    let open = r.redact(data, &mut out, &mut counts);
    let lines = |b: &[u8]| memchr::memchr_iter(b'\n', b).count();
    assert_eq!(lines(&out), lines(data), "redact changed the line count");
    if counts.total() == 0 && !open {
        assert_eq!(out, data, "nothing found, nothing changed");
    }
    let (closed, _) = close_open_block(data);
    assert_eq!(lines(&closed), lines(data), "closing a key block changed the line count");
}

/// The 16 redactors the first input byte chooses from, compiled once (a
/// `Redactor::new` per input, regexes and all, made the target crawl).
fn redactors() -> &'static [Redactor] {
    static ALL: std::sync::OnceLock<Vec<Redactor>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        (0u8..16)
            .map(|flags| {
                let pseudonymize = (flags & 4 != 0).then(|| {
                    Pseudonymizer::new(b"fuzzing-key-0123456789", Kind::ALL.to_vec())
                        .expect("key is long enough")
                });
                let keep = if flags & 8 != 0 { vec![Kind::Email, Kind::PrivateKey] } else { Vec::new() };
                Redactor::new(RedactOptions { ip: flags & 1 != 0, users: flags & 2 != 0, keep, pseudonymize })
            })
            .collect()
    })
}
