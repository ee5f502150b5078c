//! Byte-slice helpers for hot paths.

/// `a == b` in two overlapping word compares for 4 to 16 bytes: the texts
/// compared on hot paths (addresses, user names, services, syslog stamps,
/// hosts and programs) are that short, where a `memcmp` call costs more
/// than the compare itself.
#[inline]
pub fn same(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    // Two overlapping words cover 4 to 16 bytes.
    let w8 = |s: &[u8], i: usize| u64::from_le_bytes(s[i..i + 8].try_into().expect("8 bytes"));
    let w4 = |s: &[u8], i: usize| u32::from_le_bytes(s[i..i + 4].try_into().expect("4 bytes"));
    match n {
        0..=3 => a.iter().zip(b).all(|(x, y)| x == y),
        4..=7 => w4(a, 0) == w4(b, 0) && w4(a, n - 4) == w4(b, n - 4),
        8..=16 => w8(a, 0) == w8(b, 0) && w8(a, n - 8) == w8(b, n - 8),
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_is_equality() {
        let texts = [
            "",
            "a",
            "ab",
            "abc",
            "abd",
            "sshd",
            "sshe",
            "sshd1",
            "sshd2",
            "xshd1",
            "passwor",
            "password",
            "passworx",
            "198.51.100.7",
            "198.51.100.8",
            "298.51.100.7",
            "0123456789abcdef",
            "0123456789abcdeg",
            "1123456789abcdef",
            "0123456789abcdefg",
            "0123456789abcdefh",
        ];
        for a in texts {
            for b in texts {
                assert_eq!(same(a.as_bytes(), b.as_bytes()), a == b, "{a:?} {b:?}");
            }
            for k in 0..a.len() {
                let mut c = a.as_bytes().to_vec();
                c[k] ^= 1;
                assert!(!same(a.as_bytes(), &c), "{a:?} {k}");
            }
        }
    }
}
