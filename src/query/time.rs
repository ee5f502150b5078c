//! Time expressions of the filter language: `--since`, `--until`,
//! `--around` and `--window`.
//!
//! Users type times the way they read them in logs or think about them in
//! an incident: an RFC 3339 instant (`2024-03-03T10:12:00Z`), a date-time
//! or date without a zone (read in `--tz`), an epoch (`@1709460720`), or a
//! time relative to now (`2h` = two hours ago, `yesterday`, `today`,
//! `now`). "Now" is injectable (`--now`) so tests are repeatable.

use crate::event::timestamp::{civil_from_days, civil_to_nanos, NANOS};
use crate::format::time::{iso8601, Civil, ParseCx, YearRef, Zone};

/// Parses a duration: a number with a unit (`500ms`, `30s`, `10m`, `2h`,
/// `1d`, `1w`), several in a row (`1h30m`), or a bare number of seconds.
/// Returns nanoseconds.
pub fn parse_duration(text: &str) -> Result<i64, String> {
    let t = text.trim();
    let err = || format!("'{text}' is not a duration (expected e.g. 90s, 10m, 2h, 1d, 1h30m)");
    if t.is_empty() {
        return Err(err());
    }
    if let Ok(secs) = t.parse::<f64>() {
        return to_nanos(secs, 1.0).ok_or_else(err);
    }
    let mut total = 0i64;
    let mut rest = t;
    while !rest.is_empty() {
        let num_len = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).ok_or_else(err)?;
        if num_len == 0 {
            return Err(err());
        }
        let n: f64 = rest[..num_len].parse().map_err(|_| err())?;
        let after = &rest[num_len..];
        let unit_len = after.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(after.len());
        let unit = match after[..unit_len].trim() {
            "ns" => 1e-9,
            "us" | "µs" => 1e-6,
            "ms" => 1e-3,
            "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
            "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
            "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
            "d" | "day" | "days" => 86_400.0,
            "w" | "week" | "weeks" => 604_800.0,
            _ => return Err(err()),
        };
        total = total.checked_add(to_nanos(n, unit).ok_or_else(err)?).ok_or_else(err)?;
        rest = &after[unit_len..];
    }
    Ok(total)
}

fn to_nanos(n: f64, unit_secs: f64) -> Option<i64> {
    let v = n * unit_secs * NANOS as f64;
    (v.is_finite() && v >= 0.0 && v < i64::MAX as f64).then_some(v as i64)
}

/// Parses a point in time, returning UTC nanoseconds. `zone` reads
/// zone-less forms; `now` (UTC nanoseconds) anchors relative forms.
///
/// Accepted: `now`, `today`, `yesterday` (midnight in `zone`); a duration
/// meaning that long ago (`2h`, `30m`, `1d`); `@EPOCH` seconds; RFC 3339
/// and ISO 8601 date-times with or without zone and fraction
/// (`2024-03-03T10:12:00Z`, `2024-03-03 10:12`, `2024-03-03 10:12:05.250`);
/// and a bare date (`2024-03-03`, midnight in `zone`).
pub fn parse_time(text: &str, zone: Zone, now: i64) -> Result<i64, String> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    match lower.as_str() {
        "now" => return Ok(now),
        "today" => return Ok(local_midnight(now, zone, 0)),
        "yesterday" => return Ok(local_midnight(now, zone, -1)),
        _ => {}
    }
    if let Some(epoch) = t.strip_prefix('@') {
        let err = || format!("'{text}': expected @ followed by epoch seconds (years 1677 to 2262)");
        let secs: f64 = epoch.parse().map_err(|_| err())?;
        // `as` would turn NaN into 0 and clamp the rest: an error instead.
        let nanos = secs * NANOS as f64;
        if !(nanos.is_finite() && nanos.abs() < i64::MAX as f64) {
            return Err(err());
        }
        return Ok(nanos as i64);
    }
    if t.starts_with(|c: char| c.is_ascii_digit()) && !t.contains('-') && !t.contains(':') {
        if let Ok(d) = parse_duration(t) {
            return Ok(now.saturating_sub(d));
        }
    }
    parse_absolute(t, zone).ok_or_else(|| {
        format!(
            "'{text}' is not a time (expected e.g. 2024-03-03T10:12:00Z, '2024-03-03 10:12', \
             2024-03-03, 2h (ago), yesterday, @1709460720)"
        )
    })
}

/// An absolute date or date-time, padded to `YYYY-MM-DDTHH:MM:SS` when
/// minutes or seconds are left out.
fn parse_absolute(t: &str, zone: Zone) -> Option<i64> {
    let b = t.as_bytes();
    let civil = if b.len() == 10 {
        // A bare date.
        let (c, _) = iso8601(format!("{t}T00:00:00").as_bytes())?;
        c
    } else {
        // Pad HH:MM to HH:MM:00, keeping any zone suffix. (Byte 16 inside
        // a multi-byte character: not a time, and not to be sliced there.)
        let padded;
        let text = if b.len() >= 16 && b.get(16) != Some(&b':') && t.is_char_boundary(16) {
            padded = format!("{}:00{}", &t[..16], &t[16..]);
            padded.as_str()
        } else {
            t
        };
        let (c, used) = iso8601(text.as_bytes())?;
        if used != text.len() {
            return None;
        }
        c
    };
    valid(&civil).then_some(())?;
    let cx = ParseCx::new(zone, YearRef::forced(civil.year));
    cx.resolve(&civil).map(|ts| ts.nanos)
}

fn valid(c: &Civil) -> bool {
    (1..=12).contains(&c.month)
        && c.day >= 1
        && c.day <= crate::event::timestamp::days_in_month(c.year, c.month)
        && c.hour < 24
        && c.minute < 60
        && c.second < 61
}

/// Midnight of the local day containing `now`, shifted by `days`.
fn local_midnight(now: i64, zone: Zone, days: i64) -> i64 {
    let offset = zone.offset_at_utc(now) as i64 * NANOS;
    let local_day = now.saturating_add(offset).div_euclid(86_400 * NANOS) + days;
    let (y, m, d) = civil_from_days(local_day);
    let civil = Civil { year: y, month: m, day: d, ..Civil::default() };
    let cx = ParseCx::new(zone, YearRef::forced(y));
    cx.resolve(&civil).map_or_else(|| civil_to_nanos(y, m, d, 0, 0, 0, 0).unwrap_or(0), |t| t.nanos)
}

/// The current time in UTC nanoseconds (the default "now").
pub fn system_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> i64 {
        parse_time(s, Zone::Utc, 0).unwrap()
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("10m"), Ok(600 * NANOS));
        assert_eq!(parse_duration("1h30m"), Ok(5400 * NANOS));
        assert_eq!(parse_duration("250ms"), Ok(250_000_000));
        assert_eq!(parse_duration("2d"), Ok(172_800 * NANOS));
        assert_eq!(parse_duration("45"), Ok(45 * NANOS));
        assert_eq!(parse_duration("1.5h"), Ok(5400 * NANOS));
        for bad in ["", "m", "10x", "-5m", "1e400"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn absolute_times() {
        let t = 1_709_460_720 * NANOS; // 2024-03-03T10:12:00Z
        assert_eq!(at("2024-03-03T10:12:00Z"), t);
        assert_eq!(at("2024-03-03T11:12:00+01:00"), t);
        assert_eq!(at("2024-03-03 10:12"), t);
        assert_eq!(at("2024-03-03T10:12"), t);
        assert_eq!(at("2024-03-03 10:12:00.500"), t + 500_000_000);
        assert_eq!(at("2024-03-03"), t - (10 * 3600 + 12 * 60) * NANOS);
        assert_eq!(at("@1709460720"), t);
        let berlin = Zone::parse("Europe/Berlin").unwrap();
        assert_eq!(parse_time("2024-03-03 11:12", berlin, 0), Ok(t));
        for bad in ["2024-02-30", "2024-13-01", "noon", "2024-03-03 25:00", "2024-03-03T10:12:00Zjunk"] {
            assert!(parse_time(bad, Zone::Utc, 0).is_err(), "{bad}");
        }
    }

    #[test]
    fn relative_times_use_the_injected_now() {
        let now = 1_709_460_720 * NANOS; // 2024-03-03T10:12:00Z
        assert_eq!(parse_time("2h", Zone::Utc, now), Ok(now - 7200 * NANOS));
        assert_eq!(parse_time("now", Zone::Utc, now), Ok(now));
        let midnight = now - (10 * 3600 + 12 * 60) * NANOS;
        assert_eq!(parse_time("today", Zone::Utc, now), Ok(midnight));
        assert_eq!(parse_time("yesterday", Zone::Utc, now), Ok(midnight - 86_400 * NANOS));
        // Midnight in Berlin is 23:00 UTC the day before.
        let berlin = Zone::parse("Europe/Berlin").unwrap();
        assert_eq!(parse_time("today", berlin, now), Ok(midnight - 3600 * NANOS));
    }
}
