//! Checks that turn a pattern match into a redaction, or leave it alone:
//! the Luhn check and brand prefixes for card numbers (so order ids and
//! epoch milliseconds stay), IP address syntax (so versions and times
//! stay), and which kind a secret key name stands for.

use std::net::Ipv6Addr;

use super::kind::Kind;

/// Whether the digits (separators removed) look like a payment card: a
/// known brand prefix and length, not all one digit, and a valid Luhn
/// check digit.
pub fn is_card(number: &[u8]) -> bool {
    let digits: Vec<u8> = number.iter().filter(|b| b.is_ascii_digit()).map(|b| b - b'0').collect();
    let n = digits.len();
    if !(13..=19).contains(&n) || digits.iter().all(|d| *d == digits[0]) {
        return false;
    }
    let prefix = |len: usize| digits[..len].iter().fold(0u32, |a, d| a * 10 + u32::from(*d));
    let brand = match digits[0] {
        4 => matches!(n, 13 | 16 | 19),                     // Visa
        5 => (51..=55).contains(&prefix(2)) && n == 16,     // Mastercard
        2 => (2221..=2720).contains(&prefix(4)) && n == 16, // Mastercard 2-series
        3 => {
            matches!(prefix(2), 34 | 37) && n == 15                                       // Amex
            || (3528..=3589).contains(&prefix(4)) && n >= 16                                // JCB
            || (matches!(prefix(2), 36 | 38 | 39) || (300..=305).contains(&prefix(3))) && n >= 14
        } // Diners
        6 => prefix(4) == 6011 || prefix(2) == 65 || (644..=649).contains(&prefix(3)) || prefix(2) == 62, // Discover, UnionPay
        _ => false,
    };
    brand && luhn(&digits)
}

/// The Luhn (mod 10) check over decimal digits.
pub fn luhn(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

/// Whether `m` (at `start..end` of `hay`) is an IPv4 address standing on
/// its own: four octets of at most 255, not part of a longer dotted number
/// (`1.2.3.4.5`) and not a product version (`Chrome/122.0.0.0`).
pub fn is_ipv4(hay: &[u8], start: usize, end: usize) -> bool {
    let m = &hay[start..end];
    let ok = m.split(|&b| b == b'.').all(|o| {
        !o.is_empty() && o.len() <= 3 && o.iter().fold(0u32, |a, d| a * 10 + u32::from(d - b'0')) <= 255
    });
    if !ok {
        return false;
    }
    let before = start.checked_sub(1).map(|i| hay[i]);
    if matches!(before, Some(b'.')) {
        return false;
    }
    if before == Some(b'/') && start >= 2 && hay[start - 2].is_ascii_alphanumeric() {
        return false;
    }
    !(hay.get(end) == Some(&b'.') && hay.get(end + 1).is_some_and(u8::is_ascii_digit))
}

/// Whether `m` is an IPv6 address (with `::` or all eight groups, so
/// `10:12:03` and MAC addresses are not).
pub fn is_ipv6(m: &[u8]) -> bool {
    let Ok(s) = std::str::from_utf8(m) else { return false };
    let colons = s.bytes().filter(|b| *b == b':').count();
    (s.contains("::") || colons == 7) && s.parse::<Ipv6Addr>().is_ok() && s != "::"
}

/// Whether the e-mail match at `start` is really the user part of a URL
/// (`ssh://git@host.example`), which the URL rule owns.
pub fn email_in_url(hay: &[u8], start: usize) -> bool {
    let line_start = hay[..start]
        .iter()
        .rposition(|b| matches!(b, b' ' | b'\t' | b'\n' | b'"' | b'\'' | b'<' | b'(' | b'='))
        .map_or(0, |i| i + 1);
    memchr::memmem::find(&hay[line_start..start], b"://").is_some()
}

/// The kind a secret-bearing key name stands for, or `None` when the key
/// is a well-known look-alike (`PWD=/home/deploy` in sudo lines is the
/// working directory, not a password).
pub fn secret_key_kind(key: &[u8]) -> Option<Kind> {
    let key = key.strip_suffix(b"\"").or_else(|| key.strip_suffix(b"'")).unwrap_or(key);
    if matches!(key, b"PWD" | b"OLDPWD") {
        return None;
    }
    let lower = key.to_ascii_lowercase();
    let has = |w: &str| memchr::memmem::find(&lower, w.as_bytes()).is_some();
    let ends = |w: &str| lower.ends_with(w.as_bytes());
    Some(if has("secret") && has("access") {
        Kind::AwsSecretKey
    } else if ends("password") || ends("passwd") || ends("pwd") {
        Kind::Password
    } else if ends("secret") {
        Kind::Secret
    } else if ends("api_key") || ends("api-key") || ends("apikey") {
        Kind::ApiKey
    } else if ends("access_key") || ends("access-key") || ends("accesskey") {
        Kind::AccessKey
    } else if ends("private_key") || ends("private-key") || ends("privatekey") {
        Kind::PrivateKey
    } else {
        Kind::Token
    })
}

/// Whether a value is a placeholder rather than a secret (`null`, `-`,
/// `***`, already redacted), so it is left as written.
pub fn is_placeholder(v: &[u8]) -> bool {
    let v = v.trim_ascii();
    v.is_empty()
        || matches!(v, b"null" | b"None" | b"nil" | b"true" | b"false" | b"-" | b"\"\"" | b"''")
        || v.iter().all(|b| *b == b'*' || *b == b'x' || *b == b'X')
        || v.starts_with(b"[REDACTED")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards_need_a_brand_and_the_luhn_digit() {
        for ok in [
            "4111111111111111",
            "4111 1111 1111 1111",
            "5555-5555-5555-4444",
            "378282246310005",
            "6011111111111117",
            "3530111333300000",
            "2223003122003222",
        ] {
            assert!(is_card(ok.as_bytes()), "{ok}");
        }
        // Luhn-valid but no brand (epoch millis, order ids), brand but bad
        // Luhn, all one digit, too short.
        for no in
            ["1709467200123", "4111111111111112", "0000000000000000", "411111111111", "9111111111111111"]
        {
            assert!(!is_card(no.as_bytes()), "{no}");
        }
        assert!(luhn(&[7, 9, 9, 2, 7, 3, 9, 8, 7, 1, 3]));
    }

    #[test]
    fn ipv4_on_its_own_only() {
        let ip = |s: &str| {
            let start = s.find('<').unwrap();
            let hay = s.replace(['<', '>'], "");
            let end = s.find('>').unwrap() - 1;
            is_ipv4(hay.as_bytes(), start, end)
        };
        assert!(ip("from <203.0.113.77> port"));
        assert!(ip("http://<10.0.0.1>/x"));
        assert!(!ip("v<1.2.3.4>.5"));
        assert!(!ip("Chrome/<122.0.0.0> Safari"));
        assert!(!ip("<300.1.1.1>"));
        assert!(is_ipv6(b"2001:db8::7") && is_ipv6(b"fe80::1ff:fe23:4567:890a") && is_ipv6(b"::1"));
        assert!(!is_ipv6(b"10:12:03") && !is_ipv6(b"00:1a:2b:3c:4d:5e") && !is_ipv6(b"::"));
    }

    #[test]
    fn key_names_choose_the_kind() {
        assert_eq!(secret_key_kind(b"db_password"), Some(Kind::Password));
        assert_eq!(secret_key_kind(b"PWD"), None);
        assert_eq!(secret_key_kind(b"pwd"), Some(Kind::Password));
        assert_eq!(secret_key_kind(b"aws_secret_access_key"), Some(Kind::AwsSecretKey));
        assert_eq!(secret_key_kind(b"SecretAccessKey\""), Some(Kind::AwsSecretKey));
        assert_eq!(secret_key_kind(b"client_secret"), Some(Kind::Secret));
        assert_eq!(secret_key_kind(b"X-Api-Key"), Some(Kind::ApiKey));
        assert_eq!(secret_key_kind(b"refresh_token"), Some(Kind::Token));
        assert!(is_placeholder(b"null") && is_placeholder(b"****") && is_placeholder(b"[REDACTED:password]"));
        assert!(!is_placeholder(b"hunter2"));
        assert!(email_in_url(b"ssh://git@github.com/x", 6) && !email_in_url(b"to bob@example.com", 3));
    }
}
