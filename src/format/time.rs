//! Timestamp recognisers shared by the formats, and the context that turns
//! a zone-less or year-less timestamp into a UTC instant.
//!
//! These are hand-written byte parsers rather than chrono format strings:
//! they run once per line on the hot path. chrono (with chrono-tz) is used
//! only to resolve a named time zone's offset, which is cached per hour.

use std::cell::Cell;
use std::fmt;

use chrono::{NaiveDateTime, Offset, TimeZone};

use crate::event::timestamp::{civil_to_nanos, Timestamp, NANOS};

/// How zone-less timestamps are read (`--tz`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// UTC, the default.
    Utc,
    /// A fixed offset east of UTC, in seconds (`--tz +02:00`).
    Fixed(i32),
    /// An IANA zone with daylight-saving rules (`--tz Europe/Berlin`).
    Named(chrono_tz::Tz),
}

impl Zone {
    /// Parses `UTC`, `Z`, `+02:00`, `-0530`, `+2` or an IANA name.
    pub fn parse(s: &str) -> Result<Zone, String> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("utc") || t == "Z" || t.eq_ignore_ascii_case("gmt") {
            return Ok(Zone::Utc);
        }
        if let Some(off) = parse_offset_text(t) {
            return Ok(if off == 0 { Zone::Utc } else { Zone::Fixed(off) });
        }
        t.parse::<chrono_tz::Tz>().map(Zone::Named).map_err(|_| {
            format!("unknown time zone '{s}' (use an IANA name like Europe/Berlin, or an offset like +02:00)")
        })
    }

    /// The offset (seconds east of UTC) in force at a local wall-clock time
    /// given as nanoseconds since the epoch *as if* it were UTC.
    ///
    /// For a time that does not exist (spring-forward gap) the offset before
    /// the gap is used; for an ambiguous one (fall-back) the earlier instant.
    pub fn offset_at_local(&self, local_nanos: i64) -> i32 {
        match self {
            Zone::Utc => 0,
            Zone::Fixed(o) => *o,
            Zone::Named(tz) => {
                let secs = local_nanos.div_euclid(NANOS);
                let Some(naive) = chrono::DateTime::from_timestamp(secs, 0).map(|d| d.naive_utc()) else {
                    return 0;
                };
                named_offset(tz, naive)
            }
        }
    }

    /// The offset in force at a UTC instant (for `--display-tz`).
    pub fn offset_at_utc(&self, utc_nanos: i64) -> i32 {
        match self {
            Zone::Utc => 0,
            Zone::Fixed(o) => *o,
            Zone::Named(tz) => {
                let secs = utc_nanos.div_euclid(NANOS);
                match chrono::DateTime::from_timestamp(secs, 0) {
                    Some(d) => tz.offset_from_utc_datetime(&d.naive_utc()).fix().local_minus_utc(),
                    None => 0,
                }
            }
        }
    }
}

fn named_offset(tz: &chrono_tz::Tz, naive: NaiveDateTime) -> i32 {
    use chrono::LocalResult;
    match tz.offset_from_local_datetime(&naive) {
        LocalResult::Single(o) => o.fix().local_minus_utc(),
        LocalResult::Ambiguous(a, _) => a.fix().local_minus_utc(),
        LocalResult::None => {
            // In a DST gap: use the offset an hour earlier (before the jump).
            let earlier = naive - chrono::Duration::hours(1);
            match tz.offset_from_local_datetime(&earlier) {
                LocalResult::Single(o) | LocalResult::Ambiguous(o, _) => o.fix().local_minus_utc(),
                LocalResult::None => 0,
            }
        }
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Zone::Utc => f.write_str("UTC"),
            Zone::Fixed(o) => {
                let sign = if *o < 0 { '-' } else { '+' };
                let a = o.unsigned_abs();
                write!(f, "{sign}{:02}:{:02}", a / 3600, a / 60 % 60)
            }
            Zone::Named(tz) => f.write_str(tz.name()),
        }
    }
}

/// Where the year of a year-less timestamp (RFC 3164 syslog) comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum YearBasis {
    /// `--year` was given.
    Forced,
    /// The gzip header's modification time.
    GzipMtime,
    /// The tar or zip member's modification time.
    MemberMtime,
    /// The file's modification time.
    FileMtime,
    /// No better evidence: the current date (stdin, pipes).
    Now,
}

impl YearBasis {
    /// Short name shown by `detect`.
    pub fn as_str(&self) -> &'static str {
        match self {
            YearBasis::Forced => "--year",
            YearBasis::GzipMtime => "gzip mtime",
            YearBasis::MemberMtime => "archive member mtime",
            YearBasis::FileMtime => "file mtime",
            YearBasis::Now => "current date",
        }
    }
}

/// The reference date used to give year-less timestamps a year.
///
/// A log file is written before it is closed, so every line's date is at or
/// before the reference (the file's last modification). A line whose
/// month/day falls after the reference's month/day therefore belongs to the
/// previous year: this walks a Dec 31 -> Jan 1 rollover back correctly
/// without any sequential state, so chunks can be parsed in parallel.
/// NOTE: a single file spanning more than a year cannot be resolved this way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearRef {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub basis: YearBasis,
}

impl YearRef {
    /// A reference from a UTC instant (seconds since the epoch).
    pub fn from_unix(secs: i64, basis: YearBasis) -> YearRef {
        let (year, month, day) = crate::event::timestamp::civil_from_days(secs.div_euclid(86_400));
        YearRef { year, month, day, basis }
    }

    /// `--year Y`: every year-less date is in year Y.
    pub fn forced(year: i64) -> YearRef {
        YearRef { year, month: 12, day: 31, basis: YearBasis::Forced }
    }

    /// The year for a year-less month/day.
    pub fn year_for(&self, month: u32, day: u32) -> i64 {
        if self.basis == YearBasis::Forced {
            return self.year;
        }
        // One day of slack for zone differences between the log and the mtime.
        if (month, day) > (self.month, self.day + 1) {
            self.year - 1
        } else {
            self.year
        }
    }
}

/// Everything a parser needs besides the line: how to read zone-less and
/// year-less timestamps of this source.
#[derive(Debug)]
pub struct ParseCx {
    pub zone: Zone,
    pub year: YearRef,
    /// One-entry cache of the named zone's offset per local hour.
    hour_cache: Cell<(i64, i32)>,
}

impl Clone for ParseCx {
    fn clone(&self) -> Self {
        ParseCx::new(self.zone, self.year.clone())
    }
}

impl ParseCx {
    /// A context reading zone-less times in `zone` and year-less ones by `year`.
    pub fn new(zone: Zone, year: YearRef) -> ParseCx {
        ParseCx { zone, year, hour_cache: Cell::new((i64::MIN, 0)) }
    }

    /// A UTC context with the year taken from the current date (tests, stdin).
    pub fn utc_now() -> ParseCx {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        ParseCx::new(Zone::Utc, YearRef::from_unix(now, YearBasis::Now))
    }

    /// Turns a parsed civil time into a timestamp: an explicit offset wins,
    /// otherwise the source's zone applies.
    pub fn resolve(&self, c: &Civil) -> Option<Timestamp> {
        let local = civil_to_nanos(c.year, c.month, c.day, c.hour, c.minute, c.second, c.nanos)?;
        let offset = match c.offset {
            Some(o) => o,
            None => self.local_offset(local),
        };
        // Near the ends of the i64 range (years 1677 and 2262) the offset
        // can carry the instant out of it: no timestamp rather than a wrapped one.
        let utc = local.checked_sub(offset as i64 * NANOS)?;
        Some(Timestamp::new(utc, c.frac_digits as usize))
    }

    fn local_offset(&self, local_nanos: i64) -> i32 {
        match self.zone {
            Zone::Utc => 0,
            Zone::Fixed(o) => o,
            Zone::Named(_) => {
                let hour = local_nanos.div_euclid(3600 * NANOS);
                let (h, o) = self.hour_cache.get();
                if h == hour {
                    return o;
                }
                let o = self.zone.offset_at_local(local_nanos);
                self.hour_cache.set((hour, o));
                o
            }
        }
    }
}

/// A civil date-time as written in a log, before zone resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub nanos: u32,
    /// Number of fractional digits written (0 when none).
    pub frac_digits: u8,
    /// Explicit UTC offset in seconds, when the text had one.
    pub offset: Option<i32>,
}

/// Value of `n` ASCII digits at the start of `b`.
#[inline]
pub fn digits(b: &[u8], n: usize) -> Option<u32> {
    if b.len() < n {
        return None;
    }
    let mut v = 0u32;
    for &c in &b[..n] {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + (c - b'0') as u32;
    }
    Some(v)
}

/// Month number of an English abbreviation (`Jan`..`Dec`, any case).
#[inline]
pub fn month_abbr(b: &[u8]) -> Option<u32> {
    if b.len() < 3 {
        return None;
    }
    let k = [b[0].to_ascii_lowercase(), b[1].to_ascii_lowercase(), b[2].to_ascii_lowercase()];
    Some(match &k {
        b"jan" => 1,
        b"feb" => 2,
        b"mar" => 3,
        b"apr" => 4,
        b"may" => 5,
        b"jun" => 6,
        b"jul" => 7,
        b"aug" => 8,
        b"sep" => 9,
        b"oct" => 10,
        b"nov" => 11,
        b"dec" => 12,
        _ => return None,
    })
}

/// Parses `.123`/`,123456` fractional seconds at the start of `b`.
/// Returns (nanos, digits written, bytes consumed). Digits beyond 9 are read
/// and ignored.
#[inline]
pub fn fraction(b: &[u8]) -> (u32, u8, usize) {
    // Milliseconds, the most common precision: three digits, no loop.
    if let Some(&[p, a, m, c]) = b.get(..4) {
        let (a, m, c) = (a.wrapping_sub(b'0'), m.wrapping_sub(b'0'), c.wrapping_sub(b'0'));
        if (p == b'.' || p == b',') && a < 10 && m < 10 && c < 10 && !b.get(4).is_some_and(u8::is_ascii_digit)
        {
            let ms = u32::from(a) * 100 + u32::from(m) * 10 + u32::from(c);
            return (ms * 1_000_000, 3, 4);
        }
    }
    fraction_general(b)
}

/// [`fraction`] digit by digit (any number of digits).
fn fraction_general(b: &[u8]) -> (u32, u8, usize) {
    if b.len() < 2 || !(b[0] == b'.' || b[0] == b',') || !b[1].is_ascii_digit() {
        return (0, 0, 0);
    }
    let mut nanos = 0u32;
    let mut n = 0usize;
    let mut i = 1;
    while i < b.len() && b[i].is_ascii_digit() {
        if n < 9 {
            nanos = nanos * 10 + (b[i] - b'0') as u32;
            n += 1;
        }
        i += 1;
    }
    for _ in n..9 {
        nanos *= 10;
    }
    (nanos, n as u8, i)
}

/// Parses a zone suffix at the start of `b`: `Z`, `+02:00`, `+0200`, `+02`.
/// Returns (offset seconds, bytes consumed).
#[inline]
pub fn zone_suffix(b: &[u8]) -> Option<(i32, usize)> {
    match b.first()? {
        b'Z' | b'z' => Some((0, 1)),
        b'+' | b'-' => {
            let sign = if b[0] == b'-' { -1 } else { 1 };
            let h = digits(&b[1..], 2)?;
            let (m, used) = if b.get(3) == Some(&b':') {
                (digits(&b[4..], 2)?, 6)
            } else if let Some(m) = digits(&b[3..], 2) {
                (m, 5)
            } else {
                (0, 3)
            };
            if h > 23 || m > 59 {
                return None;
            }
            Some((sign * (h * 3600 + m * 60) as i32, used))
        }
        _ => None,
    }
}

fn parse_offset_text(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    let (off, used) = zone_suffix(b)?;
    if used == b.len() && (b[0] == b'+' || b[0] == b'-') {
        return Some(off);
    }
    // "+2" (a bare hour)
    if (b[0] == b'+' || b[0] == b'-') && b.len() == 2 && b[1].is_ascii_digit() {
        let h = (b[1] - b'0') as i32;
        return Some(if b[0] == b'-' { -h * 3600 } else { h * 3600 });
    }
    None
}

/// Parses an ISO-8601-like timestamp at the start of `s`:
/// `YYYY-MM-DD[T ]HH:MM:SS[.,frac][Z|±HH:MM|±HHMM|±HH]`, also with `/`
/// date separators. Returns the civil time and the bytes consumed.
pub fn iso8601(s: &[u8]) -> Option<(Civil, usize)> {
    if s.len() < 19 {
        return None;
    }
    if let Some((year, month, day, hour, minute, second)) = canonical_date_time(s) {
        return Some(iso8601_after_seconds(s, year, month, day, hour, minute, second));
    }
    iso8601_general(s)
}

/// [`iso8601`] field by field, for every separator it accepts.
fn iso8601_general(s: &[u8]) -> Option<(Civil, usize)> {
    if s.len() < 19 {
        return None;
    }
    let year = digits(s, 4)? as i64;
    let dsep = s[4];
    if !(dsep == b'-' || dsep == b'/') || s[7] != dsep {
        return None;
    }
    let month = digits(&s[5..], 2)?;
    let day = digits(&s[8..], 2)?;
    if !(s[10] == b'T' || s[10] == b' ' || s[10] == b't' || s[10] == b'_') {
        return None;
    }
    let hour = digits(&s[11..], 2)?;
    if s[13] != b':' || s[16] != b':' {
        return None;
    }
    let minute = digits(&s[14..], 2)?;
    let second = digits(&s[17..], 2)?;
    Some(iso8601_after_seconds(s, year, month, day, hour, minute, second))
}

/// `YYYY-MM-DDTHH:MM:SS` at the start of `s` (the separators most logs
/// write), read with one test for all 14 digits instead of a loop per
/// field: [`iso8601`]'s fast way for the same answer.
#[inline]
fn canonical_date_time(s: &[u8]) -> Option<(i64, u32, u32, u32, u32, u32)> {
    let s: &[u8; 19] = s.get(..19)?.try_into().ok()?;
    if s[4] != b'-' || s[7] != b'-' || s[10] != b'T' || s[13] != b':' || s[16] != b':' {
        return None;
    }
    const DIGITS: [usize; 14] = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
    let d = |i: usize| s[i].wrapping_sub(b'0');
    if DIGITS.iter().fold(0u8, |bad, &i| bad | u8::from(d(i) > 9)) != 0 {
        return None;
    }
    let two = |i: usize| u32::from(d(i)) * 10 + u32::from(d(i + 1));
    Some((i64::from(two(0) * 100 + two(2)), two(5), two(8), two(11), two(14), two(17)))
}

/// The rest of [`iso8601`] once the seconds are read: fraction and zone.
#[inline]
fn iso8601_after_seconds(
    s: &[u8],
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
) -> (Civil, usize) {
    let mut i = 19;
    let (nanos, frac_digits, used) = fraction(&s[i..]);
    i += used;
    let mut offset = None;
    if let Some((o, used)) = zone_suffix(&s[i..]) {
        offset = Some(o);
        i += used;
    } else if s.len() >= i + 4 && &s[i..i + 4] == b" UTC" {
        offset = Some(0);
        i += 4;
    }
    (Civil { year, month, day, hour, minute, second, nanos, frac_digits, offset }, i)
}

/// Parses `HH:MM:SS` at the start of `b`.
#[inline]
pub fn hms(b: &[u8]) -> Option<(u32, u32, u32)> {
    if b.len() < 8 || b[2] != b':' || b[5] != b':' {
        return None;
    }
    Some((digits(b, 2)?, digits(&b[3..], 2)?, digits(&b[6..], 2)?))
}

/// Turns an epoch number (seconds, milliseconds, microseconds or
/// nanoseconds, told apart by magnitude; fractional seconds allowed) into a
/// timestamp. Plausible range only: 1990..2100 in any unit.
pub fn epoch(text: &str) -> Option<Timestamp> {
    let (int, frac) = match text.find('.') {
        Some(p) => (&text[..p], &text[p + 1..]),
        None => (text, ""),
    };
    if int.is_empty() || int.len() > 19 || !int.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v: i64 = int.parse().ok()?;
    const LO: i64 = 631_152_000; // 1990-01-01
    const HI: i64 = 4_102_444_800; // 2100-01-01
    let (nanos, digits) = if (LO..HI).contains(&v) {
        let (f, d, _) = match text.find('.') {
            Some(p) => fraction(&text.as_bytes()[p..]),
            None => (0, 0, 0),
        };
        (v * NANOS + f as i64, d as usize)
    } else if (LO * 1000..HI * 1000).contains(&v) {
        (v * 1_000_000, 3)
    } else if (LO * 1_000_000..HI * 1_000_000).contains(&v) {
        (v * 1_000, 6)
    } else if (LO.saturating_mul(1_000_000_000)..HI.saturating_mul(1_000_000_000)).contains(&v) {
        (v, 9)
    } else {
        return None;
    };
    Some(Timestamp::new(nanos, digits))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_date_times_and_fractions_are_the_general_ones() {
        let mut cases: Vec<String> = [
            "2024-03-01T00:00:09.655Z",
            "2024-03-01T00:00:09Z",
            "2024-03-01T23:59:60.5+02:00",
            "2024-03-01T00:00:09.123456789123-0700",
            "2024-03-01T00:00:09,1234 UTC",
            "2024/03/01 00:00:09.655",
            "2024-03-01 00:00:09",
            "2024-03-01t00:00:09",
            "2024-03-01_00:00:09",
            "2024-13-41T25:61:61.000Z",
            "0000-00-00T00:00:00.00",
            "2024-03-01T00:00:0",
            "2024-03-01T00:00:09.",
            "2024-03-01T00:00:09.65",
            "2024-03-01T00:00:09.6555",
            "2024-03-01T00:00:09.655x",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Every byte of a canonical stamp replaced by digits, letters,
        // separators and bytes just outside the digits.
        let base = b"2024-03-01T12:34:56.789Z";
        for i in 0..base.len() {
            for c in [b'0', b'9', b'/', b':', b'-', b'T', b' ', b'a', b'0' - 1, b'9' + 1, 0xff] {
                let mut v = base.to_vec();
                v[i] = c;
                cases.push(String::from_utf8_lossy(&v).into_owned());
                v.truncate(i + 1);
                cases.push(String::from_utf8_lossy(&v).into_owned());
            }
        }
        for c in &cases {
            let b = c.as_bytes();
            assert_eq!(iso8601(b), iso8601_general(b), "{c:?}");
            for at in 0..b.len() {
                if b[at] == b'.' || b[at] == b',' {
                    assert_eq!(fraction(&b[at..]), fraction_general(&b[at..]), "{c:?} at {at}");
                }
            }
        }
    }

    fn cx() -> ParseCx {
        ParseCx::new(Zone::Utc, YearRef::from_unix(1_709_500_000, YearBasis::FileMtime))
    }

    fn iso(s: &str) -> Option<String> {
        let (c, _) = iso8601(s.as_bytes())?;
        cx().resolve(&c).map(|t| t.to_rfc3339())
    }

    #[test]
    fn iso_variants() {
        assert_eq!(iso("2024-03-03T12:00:01.123Z").as_deref(), Some("2024-03-03T12:00:01.123Z"));
        assert_eq!(iso("2024-03-03 12:00:01,123").as_deref(), Some("2024-03-03T12:00:01.123Z"));
        assert_eq!(iso("2024-03-03T12:00:01+02:00").as_deref(), Some("2024-03-03T10:00:01Z"));
        assert_eq!(iso("2024-03-03T12:00:01.123456-0500").as_deref(), Some("2024-03-03T17:00:01.123456Z"));
        assert_eq!(iso("2024/03/03 12:00:01").as_deref(), Some("2024-03-03T12:00:01Z"));
        assert_eq!(iso("2024-02-30T12:00:01Z"), None);
        assert_eq!(iso("2024-03-03X12:00:01Z"), None);
        assert_eq!(iso("0000-01-01T00:00:00Z"), None);
    }

    #[test]
    fn named_zone_resolves_dst() {
        let tz = Zone::parse("Europe/Berlin").unwrap();
        let cx = ParseCx::new(tz, YearRef::forced(2024));
        let (c, _) = iso8601(b"2024-07-01 12:00:00").unwrap();
        assert_eq!(cx.resolve(&c).unwrap().to_rfc3339(), "2024-07-01T10:00:00Z");
        let (c, _) = iso8601(b"2024-01-01 12:00:00").unwrap();
        assert_eq!(cx.resolve(&c).unwrap().to_rfc3339(), "2024-01-01T11:00:00Z");
        assert_eq!(Zone::parse("+02:00").unwrap(), Zone::Fixed(7200));
        assert_eq!(Zone::parse("-0530").unwrap(), Zone::Fixed(-19800));
        assert!(Zone::parse("Mars/Olympus").is_err());
    }

    #[test]
    fn year_rollover() {
        // reference: 2024-01-02 -> a "Dec 31" line is from 2023
        let r = YearRef { year: 2024, month: 1, day: 2, basis: YearBasis::FileMtime };
        assert_eq!(r.year_for(12, 31), 2023);
        assert_eq!(r.year_for(1, 1), 2024);
        assert_eq!(r.year_for(1, 3), 2024); // one day of slack
        assert_eq!(YearRef::forced(2019).year_for(12, 31), 2019);
    }

    #[test]
    fn epochs() {
        assert_eq!(epoch("1709467201").unwrap().to_rfc3339(), "2024-03-03T12:00:01Z");
        assert_eq!(epoch("1709467201123").unwrap().to_rfc3339(), "2024-03-03T12:00:01.123Z");
        assert_eq!(epoch("1709467201.5").unwrap().to_rfc3339(), "2024-03-03T12:00:01.500Z");
        assert_eq!(epoch("1709467201123456789").unwrap().precision, 9);
        assert!(epoch("42").is_none());
        assert!(epoch("abc").is_none());
    }
}
