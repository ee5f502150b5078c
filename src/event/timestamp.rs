//! An event's instant: nanoseconds since the Unix epoch in UTC, with the
//! precision the log wrote it in.
//!
//! Kept as a plain `i64` so that sorting and comparing millions of events
//! (timeline, windows) costs an integer compare; formatting to RFC 3339 is
//! done only when printing.

use std::fmt;

/// Nanoseconds per second.
pub const NANOS: i64 = 1_000_000_000;

/// A UTC instant with the number of fractional-second digits the input had
/// (0, 3, 6 or 9), so output keeps the input's precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    /// Nanoseconds since 1970-01-01T00:00:00Z.
    pub nanos: i64,
    /// Fractional digits to print: 0, 3, 6 or 9.
    pub precision: u8,
}

impl Timestamp {
    /// Builds a timestamp; `frac_digits` is how many fractional digits the
    /// text had (rounded up to 0, 3, 6 or 9 for printing).
    pub fn new(nanos: i64, frac_digits: usize) -> Timestamp {
        let precision = match frac_digits {
            0 => 0,
            1..=3 => 3,
            4..=6 => 6,
            _ => 9,
        };
        Timestamp { nanos, precision }
    }

    /// Seconds since the epoch (floor).
    pub fn secs(self) -> i64 {
        self.nanos.div_euclid(NANOS)
    }

    /// Writes RFC 3339 in UTC (`2024-03-03T12:00:01.123Z`) with the given
    /// offset in seconds applied (`+02:00` suffix when non-zero).
    pub fn write_rfc3339(self, out: &mut String, offset_secs: i32) {
        let mut b = [0u8; RFC3339_MAX];
        let n = self.rfc3339_into(&mut b, offset_secs);
        out.push_str(std::str::from_utf8(&b[..n]).expect("RFC 3339 is ASCII"));
    }

    /// [`Timestamp::write_rfc3339`] onto bytes: JSON output writes one per
    /// event, so no `String` and no formatting machinery on the way.
    pub fn write_rfc3339_bytes(self, out: &mut Vec<u8>, offset_secs: i32) {
        let mut b = [0u8; RFC3339_MAX];
        let n = self.rfc3339_into(&mut b, offset_secs);
        out.extend_from_slice(&b[..n]);
    }

    /// Formats into `b`, returns the length written.
    fn rfc3339_into(self, b: &mut [u8; RFC3339_MAX], offset_secs: i32) -> usize {
        let local = self.nanos.wrapping_add(offset_secs as i64 * NANOS);
        let secs = local.div_euclid(NANOS);
        let sub = local.rem_euclid(NANOS);
        let days = secs.div_euclid(86_400);
        let sod = secs.rem_euclid(86_400) as u32;
        let cached = LAST_SECOND.with(|c| c.get()).filter(|c| c.0 == secs);
        let (y, m, d) = if cached.is_some() { (0, 0, 0) } else { civil_from_days(days) };
        let mut n = if let Some((_, text)) = cached {
            b[..19].copy_from_slice(&text);
            19
        } else if (0..=9999).contains(&y) {
            let y = y as u32;
            b[..19].copy_from_slice(b"0000-00-00T00:00:00");
            two(&mut b[0..2], y / 100);
            two(&mut b[2..4], y % 100);
            two(&mut b[5..7], m);
            two(&mut b[8..10], d);
            two(&mut b[11..13], sod / 3600);
            two(&mut b[14..16], sod / 60 % 60);
            two(&mut b[17..19], sod % 60);
            let text: [u8; 19] = b[..19].try_into().expect("19 bytes");
            LAST_SECOND.with(|c| c.set(Some((secs, text))));
            19
        } else {
            use std::io::Write;
            let mut w = &mut b[..];
            let _ = write!(w, "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}", sod / 3600, sod / 60 % 60, sod % 60);
            RFC3339_MAX - w.len()
        };
        let (digits, mut v) = match self.precision {
            0 => (0, 0),
            3 => (3, sub / 1_000_000),
            6 => (6, sub / 1_000),
            _ => (9, sub),
        };
        if digits > 0 {
            b[n] = b'.';
            for i in (n + 1..=n + digits).rev() {
                b[i] = b'0' + (v % 10) as u8;
                v /= 10;
            }
            n += digits + 1;
        }
        if offset_secs == 0 {
            b[n] = b'Z';
            n + 1
        } else {
            let a = offset_secs.unsigned_abs();
            b[n] = if offset_secs < 0 { b'-' } else { b'+' };
            two(&mut b[n + 1..n + 3], a / 3600 % 100);
            b[n + 3] = b':';
            two(&mut b[n + 4..n + 6], a / 60 % 60);
            n + 6
        }
    }

    /// RFC 3339 in UTC as an owned string.
    pub fn to_rfc3339(self) -> String {
        let mut s = String::with_capacity(32);
        self.write_rfc3339(&mut s, 0);
        s
    }
}

/// Room for the longest RFC 3339 text [`Timestamp::write_rfc3339`]
/// writes: a year of up to 13 characters (the i64 range), 15 for the rest
/// of date and time, 10 of fraction, 6 of offset.
const RFC3339_MAX: usize = 64;

thread_local! {
    /// The last second formatted on this thread and its date-time text:
    /// merged timelines print many events per second in a row.
    static LAST_SECOND: std::cell::Cell<Option<(i64, [u8; 19])>> = const { std::cell::Cell::new(None) };
}

/// Writes `v` (below 100) as two digits.
#[inline]
fn two(b: &mut [u8], v: u32) {
    b[0] = b'0' + (v / 10 % 10) as u8;
    b[1] = b'0' + (v % 10) as u8;
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`). Valid for any `i32` year.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01 (inverse of [`days_from_civil`]).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Number of days in a month of a year (Gregorian leap rules).
pub fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Nanoseconds since the epoch of a civil date-time read as UTC, or `None`
/// when a field is out of range (Feb 30, hour 25) or the instant is outside
/// what `i64` nanoseconds can hold (before 1677 or after 2262).
///
/// A leap second (`:60`) is accepted and lands on the next second, which is
/// what every system clock that smears or steps does in practice.
pub fn civil_to_nanos(y: i64, mo: u32, d: u32, h: u32, mi: u32, s: u32, nanos: u32) -> Option<i64> {
    if !(1..=9999).contains(&y)
        || !(1..=12).contains(&mo)
        || d == 0
        || d > days_in_month(y, mo)
        || h > 23
        || mi > 59
        || s > 60
        || nanos >= 1_000_000_000
    {
        return None;
    }
    let days = days_from_civil(y, mo, d);
    let secs = days * 86_400 + (h * 3600 + mi * 60 + s) as i64;
    // i64 nanoseconds span 1677..2262; anything outside is not representable.
    secs.checked_mul(NANOS)?.checked_add(nanos as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for days in [-719_468 * 2, -1, 0, 1, 19_700, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2024, 3, 1), 19_783);
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(civil_to_nanos(2024, 2, 30, 0, 0, 0, 0).is_none());
        assert!(civil_to_nanos(2023, 2, 29, 0, 0, 0, 0).is_none());
        assert!(civil_to_nanos(2024, 2, 29, 0, 0, 0, 0).is_some());
        assert!(civil_to_nanos(0, 1, 1, 0, 0, 0, 0).is_none());
        assert!(civil_to_nanos(99_999, 1, 1, 0, 0, 0, 0).is_none());
        assert!(civil_to_nanos(2924, 1, 1, 0, 0, 0, 0).is_none(), "beyond i64 nanoseconds");
        assert!(civil_to_nanos(1600, 1, 1, 0, 0, 0, 0).is_none(), "before i64 nanoseconds");
        assert!(civil_to_nanos(2024, 1, 1, 24, 0, 0, 0).is_none());
        // leap second lands on the next minute
        assert_eq!(civil_to_nanos(2016, 12, 31, 23, 59, 60, 0), civil_to_nanos(2017, 1, 1, 0, 0, 0, 0));
    }

    #[test]
    fn prints_input_precision() {
        let n = civil_to_nanos(2024, 3, 3, 12, 0, 1, 123_456_789).unwrap();
        assert_eq!(Timestamp::new(n, 3).to_rfc3339(), "2024-03-03T12:00:01.123Z");
        assert_eq!(Timestamp::new(n, 6).to_rfc3339(), "2024-03-03T12:00:01.123456Z");
        assert_eq!(Timestamp::new(n, 0).to_rfc3339(), "2024-03-03T12:00:01Z");
        let mut s = String::new();
        Timestamp::new(n, 0).write_rfc3339(&mut s, 7200);
        assert_eq!(s, "2024-03-03T14:00:01+02:00");
        let before = civil_to_nanos(1969, 12, 31, 23, 59, 59, 500_000_000).unwrap();
        assert_eq!(Timestamp::new(before, 3).to_rfc3339(), "1969-12-31T23:59:59.500Z");
    }

    #[test]
    fn rfc3339_agrees_with_chrono_over_the_whole_range() {
        use chrono::{DateTime, FixedOffset};
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut prev = 0i64;
        for i in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let nanos = match i {
                0 => i64::MIN + 86_400 * NANOS,
                1 => i64::MAX - 86_400 * NANOS,
                2 => -1,
                // Every other one in the second of the one before (the
                // cached date-time) or the next one.
                _ if i % 2 == 1 => prev.div_euclid(NANOS) * NANOS + (seed % (2 * NANOS as u64)) as i64,
                _ => seed as i64,
            };
            prev = nanos;
            let precision = [0, 3, 6, 9][(seed >> 3) as usize % 4];
            let offset = [0, 3600, -18_000, 19_800, -34_200, 50_400][(seed >> 7) as usize % 6];
            let t = Timestamp::new(nanos, precision);
            let fixed = FixedOffset::east_opt(offset).unwrap();
            let dt = DateTime::from_timestamp_nanos(nanos).with_timezone(&fixed);
            let frac = ["", "%.3f", "%.6f", "%.9f"][precision / 3];
            let zone = if offset == 0 { "Z" } else { "%:z" };
            let want = dt.format(&format!("%Y-%m-%dT%H:%M:%S{frac}{zone}")).to_string();
            let mut s = String::new();
            t.write_rfc3339(&mut s, offset);
            assert_eq!(s, want, "{nanos} {precision} {offset}");
            let mut b = b"x".to_vec();
            t.write_rfc3339_bytes(&mut b, offset);
            assert_eq!(&b[1..], want.as_bytes());
        }
    }
}
