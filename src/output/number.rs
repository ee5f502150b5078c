//! Numbers in `--json` that every JSON reader reads back as written.
//!
//! A log may hold `1e400`, `1e-400`, a 40-digit integer or
//! `0.1000000000000000000000000000001`: valid JSON grammar, but serde_json's
//! `Value`, Go's `encoding/json` and jq turn them into infinity, zero or a
//! rounded value, or reject them. logsift writes such a number as a JSON
//! *string* holding the original text, digit for digit; a number that an
//! `i64`, `u64` or `f64` holds exactly (the shortest `f64` rendering has
//! the same decimal value) stays a bare number. That is the rule for top-
//! level field values and for numbers inside raw nested JSON values alike.

use crate::output::json::write_str;

/// Whether a JSON number's text (already known to follow the JSON
/// grammar) reads back exactly as an `i64`, `u64` or `f64`.
pub fn round_trips(s: &str) -> bool {
    let b = s.as_bytes();
    let body = b.strip_prefix(b"-").unwrap_or(b);
    let mut digits = 0usize;
    let mut plain = true;
    for &c in body {
        if c.is_ascii_digit() {
            digits += 1;
        } else {
            plain &= c == b'.';
            if c != b'.' {
                break;
            }
        }
    }
    // Fast paths (the hot case: status codes, byte counts, durations): an
    // integer of up to 18 digits fits an i64; a decimal without exponent
    // of up to 15 digits is one an f64 keeps exactly (DBL_DIG).
    if plain && (digits <= 15 || (digits <= 18 && !body.contains(&b'.'))) {
        return true;
    }
    if plain && !body.contains(&b'.') && (s.parse::<i64>().is_ok() || s.parse::<u64>().is_ok()) {
        return true;
    }
    match s.parse::<f64>() {
        Ok(f) if f.is_finite() => decimal(s) == decimal(&format!("{f:e}")),
        _ => false,
    }
}

/// A decimal's value as (negative, significant digits, exponent) with
/// value = 0.DIGITS × 10^exponent; zero is `(false, "", 0)`. `None` when
/// the exponent does not fit an i64 (no f64 is that far out).
fn decimal(s: &str) -> Option<(bool, String, i64)> {
    let (neg, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (mantissa, exp) = match s.find(['e', 'E']) {
        Some(p) => (&s[..p], s[p + 1..].parse::<i64>().ok()?),
        None => (s, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all: String = int.chars().chain(frac.chars()).collect();
    let lead = all.len() - all.trim_start_matches('0').len();
    let digits = all.trim_matches('0');
    if digits.is_empty() {
        return Some((false, String::new(), 0));
    }
    let point = (int.len() as i64 - lead as i64).checked_add(exp)?;
    Some((neg, digits.to_string(), point))
}

/// Appends a number's text: bare when it round-trips, else as a string.
pub fn write_number(out: &mut Vec<u8>, n: &str) {
    if round_trips(n) {
        out.extend_from_slice(n.as_bytes());
    } else {
        write_str(out, n);
    }
}

/// Appends a raw JSON value (already validated) with every number in it
/// that does not round-trip turned into a string of its text; the rest is
/// copied byte for byte.
pub fn write_raw_json(out: &mut Vec<u8>, raw: &str) {
    let b = raw.as_bytes();
    let (mut i, mut copied) = (0usize, 0usize);
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < b.len() && matches!(b[i], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') {
                    i += 1;
                }
                let n = &raw[start..i];
                if !round_trips(n) {
                    out.extend_from_slice(&b[copied..start]);
                    write_str(out, n);
                    copied = i;
                }
            }
            _ => i += 1,
        }
    }
    out.extend_from_slice(&b[copied.min(b.len())..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_a_reader_keeps_exactly_stay_numbers() {
        for n in [
            "0",
            "-0",
            "200",
            "0.004",
            "12.50",
            "3E+2",
            "-1.5e-7",
            "9223372036854775807",
            "-9223372036854775808",
            "18446744073709551615",
            "1e300",
            "100000000000000000000",
            "0.1",
            "123456789012345.6",
            "5e-324",
        ] {
            assert!(round_trips(n), "{n}");
        }
    }

    #[test]
    fn numbers_a_reader_would_change_are_not() {
        for n in [
            "1e400",
            "-1e400",
            "1e-400",
            "1234567890123456789012345678901234567890",
            "-1234567890123456789012345678901234567890",
            "18446744073709551617",
            "0.1000000000000000000000000000001",
            "9007199254740993.5",
            "1e99999999999999999999",
        ] {
            assert!(!round_trips(n), "{n}");
        }
    }

    #[test]
    fn the_rule_agrees_with_serde_json() {
        // Whatever stays bare, serde_json reads back to the same value.
        for n in ["0.004", "12.50", "1e300", "100000000000000000000", "9223372036854775807", "5e-324"] {
            let v: serde_json::Value = serde_json::from_str(n).unwrap();
            let back: f64 = v.as_f64().unwrap();
            assert_eq!(back, n.parse::<f64>().unwrap(), "{n}");
        }
    }

    #[test]
    fn raw_values_get_only_their_bad_numbers_quoted() {
        let cases = [
            (r#"[1,2.5,"1e400"]"#, r#"[1,2.5,"1e400"]"#),
            (r#"{"b":3,"b":[1e400, -1e-400]}"#, r#"{"b":3,"b":["1e400", "-1e-400"]}"#),
            (
                r#"{"s":"say \"1e400\"","n":12345678901234567890123}"#,
                r#"{"s":"say \"1e400\"","n":"12345678901234567890123"}"#,
            ),
            ("true", "true"),
        ];
        for (raw, want) in cases {
            let mut out = Vec::new();
            write_raw_json(&mut out, raw);
            assert_eq!(String::from_utf8(out).unwrap(), want);
            serde_json::from_str::<serde_json::Value>(want).unwrap();
        }
    }
}
