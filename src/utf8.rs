//! UTF-8 validation of log bytes. Every chunk a command reads is checked
//! once, and `timeline` checks every record again when it prints it: with
//! simdutf8's vector check this costs a fraction of `std::str::from_utf8`
//! on the mostly-ASCII text logs are (same answer, no error position).

/// `bytes` as text when they are valid UTF-8: what
/// `std::str::from_utf8(bytes).ok()` gives.
#[inline]
pub fn text(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_answer_is_std_s() {
        let mut cases: Vec<Vec<u8>> = vec![
            b"".to_vec(),
            b"plain ascii line\n".to_vec(),
            "caf\u{e9} \u{1f600} \u{4e2d}".as_bytes().to_vec(),
            b"\xff\xfe junk".to_vec(),
            b"truncated \xe2\x82".to_vec(),
            b"overlong \xc0\xaf".to_vec(),
            b"surrogate \xed\xa0\x80".to_vec(),
        ];
        // Bad bytes at every position of texts long enough for the vector path.
        let long = "x".repeat(200).into_bytes();
        for at in [0, 1, 15, 16, 31, 32, 63, 64, 65, 127, 199] {
            for bad in [&b"\xff"[..], b"\xe2\x82", b"\xf0\x9f\x98\x80"] {
                let mut v = long.clone();
                v.splice(at..at, bad.iter().copied());
                cases.push(v);
            }
        }
        for c in &cases {
            assert_eq!(text(c), std::str::from_utf8(c).ok(), "{c:?}");
        }
    }
}
