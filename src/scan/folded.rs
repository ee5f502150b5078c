//! One literal found at memmem speed, optionally in any ASCII case.
//!
//! `logsift trace ID` searches a gigabyte for one request ID, and hex IDs
//! match in any case. The multi-pattern searchers (Teddy over every case
//! form of a window of the ID) run at a fraction of the speed of `memmem`,
//! which is what `rg -F ID` gets. This searcher is memmem's packed-pair
//! scheme with case folding built in: two bytes of the needle at fixed
//! distance (the rarest ones, see [`rank`]) are compared at 32 positions at
//! once after OR-ing the haystack bytes with `0x20` where the needle byte
//! is a letter (which maps exactly `A-Z` onto `a-z` and nothing else onto a
//! lower-case letter), and only the positions where both agree are
//! verified byte by byte. Letters, which are far rarer than digits and
//! dashes in logs, can so be the pair.
//!
//! AVX2 is checked for at run time; without it [`Folded::new`] says so and
//! the caller keeps its general searcher.

/// A compiled literal (at least 2 bytes).
#[derive(Debug, Clone)]
pub struct Folded {
    /// The needle, letters lower-cased when folding.
    needle: Vec<u8>,
    /// Per needle byte: `0x20` where the haystack byte is OR-ed before the
    /// comparison (a letter, when folding), else `0`.
    fold: Vec<u8>,
    /// The two needle positions the vector loop compares.
    pair: (usize, usize),
}

impl Folded {
    /// The searcher for `needle`, ignoring ASCII case when `any_case`;
    /// `None` when the needle is shorter than 2 bytes or the CPU has no
    /// AVX2 (the caller then uses another searcher).
    pub fn new(needle: &[u8], any_case: bool) -> Option<Folded> {
        if !avx2() {
            return None;
        }
        Folded::build(needle, any_case)
    }

    /// [`Folded::new`] whatever the CPU (the scalar search works anywhere;
    /// `find_at` still uses AVX2 only when present).
    fn build(needle: &[u8], any_case: bool) -> Option<Folded> {
        if needle.len() < 2 {
            return None;
        }
        let fold: Vec<u8> =
            needle.iter().map(|b| if any_case && b.is_ascii_alphabetic() { 0x20 } else { 0 }).collect();
        let needle: Vec<u8> = needle.iter().zip(&fold).map(|(b, f)| b | f).collect();
        Some(Folded { pair: pair(&needle), needle, fold })
    }

    /// The needle's length.
    pub fn len(&self) -> usize {
        self.needle.len()
    }

    /// Never true (a needle has at least 2 bytes); for clippy's sake.
    pub fn is_empty(&self) -> bool {
        self.needle.is_empty()
    }

    /// The first occurrence starting at or after `start`: (start, end).
    #[inline]
    pub fn find_at(&self, hay: &[u8], start: usize) -> Option<(usize, usize)> {
        if start > hay.len() {
            return None;
        }
        #[cfg(target_arch = "x86_64")]
        if avx2() {
            // SAFETY: AVX2 is present (checked just above).
            return unsafe { self.find_avx2(hay, start) }.map(|p| (p, p + self.needle.len()));
        }
        self.find_scalar(hay, start).map(|p| (p, p + self.needle.len()))
    }

    /// Whether the needle occurs at `p` (in range or not).
    #[inline]
    fn is_at(&self, hay: &[u8], p: usize) -> bool {
        let Some(w) = hay.get(p..p + self.needle.len()) else { return false };
        w.iter().zip(&self.needle).zip(&self.fold).all(|((h, n), f)| h | f == *n)
    }

    /// The plain loop: every position in turn (the vector loop's tail, and
    /// the reference the tests compare it with).
    fn find_scalar(&self, hay: &[u8], start: usize) -> Option<usize> {
        let n = self.needle.len();
        if hay.len() < n {
            return None;
        }
        (start..=hay.len() - n).find(|&p| self.is_at(hay, p))
    }

    /// The packed-pair loop: 64 candidate positions per step.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn find_avx2(&self, hay: &[u8], start: usize) -> Option<usize> {
        use std::arch::x86_64::*;
        let (i1, i2) = self.pair;
        let far = i1.max(i2);
        let n = self.needle.len();
        if hay.len() < n {
            return None;
        }
        let b1 = _mm256_set1_epi8(self.needle[i1] as i8);
        let b2 = _mm256_set1_epi8(self.needle[i2] as i8);
        let f1 = _mm256_set1_epi8(self.fold[i1] as i8);
        let f2 = _mm256_set1_epi8(self.fold[i2] as i8);
        let ptr = hay.as_ptr();
        let mut p = start;
        // SAFETY (every `mask_at`): it reads 32 bytes at `p + i1` and
        // `p + i2`, both `<= p + far`, and the loops keep
        // `p + far + 32 <= hay.len()` (64 in the unrolled one).
        let mask_at = |p: usize| unsafe { mask_at(ptr.add(p), i1, i2, (b1, f1), (b2, f2)) };
        while p + far + 64 <= hay.len() {
            let (m0, m1) = (mask_at(p), mask_at(p + 32));
            if m0 | m1 != 0 {
                let mut m = (m0 as u64) | ((m1 as u64) << 32);
                while m != 0 {
                    let c = p + m.trailing_zeros() as usize;
                    if self.is_at(hay, c) {
                        return Some(c);
                    }
                    m &= m - 1;
                }
            }
            p += 64;
        }
        while p + far + 32 <= hay.len() {
            let mut m = mask_at(p);
            while m != 0 {
                let c = p + m.trailing_zeros() as usize;
                if self.is_at(hay, c) {
                    return Some(c);
                }
                m &= m - 1;
            }
            p += 32;
        }
        self.find_scalar(hay, p)
    }
}

/// The 32 candidate positions from `p` where both pair bytes agree, as
/// bits (`pair1` = (needle byte, fold mask) broadcast; likewise `pair2`).
///
/// # Safety
/// AVX2 must be present and `p + i1 + 32`, `p + i2 + 32` in bounds.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
unsafe fn mask_at(
    p: *const u8,
    i1: usize,
    i2: usize,
    pair1: (std::arch::x86_64::__m256i, std::arch::x86_64::__m256i),
    pair2: (std::arch::x86_64::__m256i, std::arch::x86_64::__m256i),
) -> u32 {
    use std::arch::x86_64::*;
    let v1 = _mm256_loadu_si256(p.add(i1) as *const __m256i);
    let v2 = _mm256_loadu_si256(p.add(i2) as *const __m256i);
    let e1 = _mm256_cmpeq_epi8(_mm256_or_si256(v1, pair1.1), pair1.0);
    let e2 = _mm256_cmpeq_epi8(_mm256_or_si256(v2, pair2.1), pair2.0);
    _mm256_movemask_epi8(_mm256_and_si256(e1, e2)) as u32
}

/// Whether the CPU has AVX2 (cached by the standard library).
#[inline]
fn avx2() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx2")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// The two positions of `needle` (folded) the vector loop compares: the
/// (first) rarest byte, and the rarest other byte value (or position, when
/// all are equal); ties for the second go to the position farthest from
/// the first, whose byte is the least correlated with it.
fn pair(needle: &[u8]) -> (usize, usize) {
    let i1 = (0..needle.len()).min_by_key(|&i| rank(needle[i])).unwrap_or(0);
    let key = |j: &usize| (needle[*j] == needle[i1], rank(needle[*j]), usize::MAX - j.abs_diff(i1));
    let i2 = (0..needle.len()).filter(|&j| j != i1).min_by_key(key).unwrap_or(1);
    (i1, i2)
}

/// How common a (folded) byte is believed to be in log text, 0 (rare) to
/// 255. Logs are not prose: digits, dashes, colons, dots and spaces fill
/// every timestamp, address and ID, so they rank highest; letters follow
/// English frequency, hex letters raised a little (every other ID has
/// them). memchr's default table is tuned on general text and its rank is
/// private; this one only has to order the bytes of request IDs sensibly.
pub fn rank(b: u8) -> u8 {
    match b {
        b' ' | b'0'..=b'9' | b'-' | b':' | b'.' | b'=' | b'"' => 250,
        b'e' | b't' => 235,
        b'a' | b'o' | b'i' | b'n' | b's' | b'r' => 220,
        b'd' | b'c' | b'l' | b'h' => 200,
        b'u' | b'm' => 180,
        b'f' | b'p' | b'g' => 165,
        b'b' | b'w' | b'y' => 155,
        b'v' | b'k' => 130,
        b'x' | b'j' | b'q' | b'z' => 100,
        b'A'..=b'Z' => 120,
        b'_' | b'/' | b',' | b'[' | b']' | b'{' | b'}' => 200,
        0x80.. => 60,
        _ => 150,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every occurrence by the vector search, in order.
    fn all(f: &Folded, hay: &[u8]) -> Vec<usize> {
        let mut out = Vec::new();
        let mut at = 0;
        while let Some((s, _)) = f.find_at(hay, at) {
            out.push(s);
            at = s + 1;
        }
        out
    }

    /// Every occurrence by the plain loop.
    fn all_scalar(f: &Folded, hay: &[u8]) -> Vec<usize> {
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(s) = f.find_scalar(hay, at) {
            out.push(s);
            at = s + 1;
        }
        out
    }

    /// The naive definition: windows equal ignoring ASCII case (or exactly).
    fn naive(needle: &[u8], hay: &[u8], any_case: bool) -> Vec<usize> {
        if hay.len() < needle.len() {
            return Vec::new();
        }
        (0..=hay.len() - needle.len())
            .filter(|&p| {
                let w = &hay[p..p + needle.len()];
                if any_case {
                    w.eq_ignore_ascii_case(needle)
                } else {
                    w == needle
                }
            })
            .collect()
    }

    const U: &[u8] = b"e859614f-70fb-43c8-85d6-b4a147ace60b";

    #[test]
    fn finds_every_case_form_at_every_offset_and_nothing_else() {
        let f = Folded::build(U, true).unwrap();
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for len in [0usize, 1, 35, 36, 37, 63, 64, 65, 100, 131, 200, 517] {
            for round in 0..20 {
                // Filler of log-ish bytes, then the ID (in a mixed case, or
                // a near miss with one byte changed) at random places.
                let mut hay: Vec<u8> = (0..len)
                    .map(|_| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        b"0123456789abcdefABCDEF- =\n\r"[(state % 27) as usize]
                    })
                    .collect();
                for k in 0..3 {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    if hay.len() < U.len() {
                        break;
                    }
                    let at = (state as usize >> 8) % (hay.len() - U.len() + 1);
                    for (i, &b) in U.iter().enumerate() {
                        let up = (state >> (i % 60)) & 1 == 1;
                        hay[at + i] = if up { b.to_ascii_uppercase() } else { b };
                    }
                    if (k + round) % 3 == 0 {
                        let i = (state as usize >> 20) % U.len();
                        hay[at + i] = if hay[at + i] == b'x' { b'y' } else { b'x' };
                    }
                }
                let want = naive(U, &hay, true);
                assert_eq!(all(&f, &hay), want, "len {len} round {round}");
                assert_eq!(all_scalar(&f, &hay), want);
            }
        }
    }

    #[test]
    fn exact_mode_keeps_case_and_letters_fold_only_onto_their_pair() {
        let f = Folded::build(b"Job-17", false).unwrap();
        let hay = b"job-17 Job-17 JOB-17 Job-170";
        assert_eq!(all(&f, hay), naive(b"Job-17", hay, false));
        assert_eq!(all(&f, hay), vec![7, 21]);
        // OR-ing 0x20 maps only A-Z onto a-z: '@' (0x40) is not '`' or 'a'.
        let g = Folded::build(b"a`", true).unwrap();
        let hay = b"@@ A` a@ a` A`";
        assert_eq!(all(&g, hay), naive(b"a`", hay, true));
        assert!(Folded::build(b"a", true).is_none());
    }

    #[test]
    fn the_pair_is_two_rare_distinct_bytes() {
        let (i, j) = pair(b"e859614f-70fb-43c8-85d6-b4a147ace60b");
        assert_ne!(U[i], U[j]);
        assert!(U[i].is_ascii_alphabetic() && U[j].is_ascii_alphabetic(), "{i} {j}");
        assert_eq!(pair(b"1111"), (0, 3));
        let f = Folded::build(b"0000", true).unwrap();
        assert_eq!(all(&f, b"00000 000 0000"), vec![0, 1, 10]);
    }

    #[test]
    fn start_past_the_end_and_short_haystacks_find_nothing() {
        let f = Folded::build(U, true).unwrap();
        assert_eq!(f.find_at(U, U.len() + 1), None);
        assert_eq!(f.find_at(U, 1), None);
        assert_eq!(f.find_at(&U[..10], 0), None);
        assert_eq!(f.find_at(U, 0), Some((0, U.len())));
    }
}
