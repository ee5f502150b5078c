//! The prefilter: a literal set or a regex run over the raw bytes of a
//! whole chunk before any parsing, so that only lines that can match are
//! parsed ("find, then locate": search the chunk, then find the line
//! around the hit, as ripgrep does). A search for one UUID in a gigabyte
//! parses a handful of lines instead of millions.
//!
//! The prefilter only has to be *permissive*: every line that the
//! command's real predicate accepts must contain a hit. Commands still
//! check their predicate on the parsed event.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::bytes::Regex;

/// A fast test over raw bytes.
#[derive(Debug, Clone)]
pub enum Prefilter {
    /// Any of a set of literals (memchr/SIMD-accelerated Aho-Corasick).
    Literals(AhoCorasick),
    /// A regular expression over bytes.
    Regex(Regex),
}

impl Prefilter {
    /// Matches any of `literals`; ASCII case-insensitively when asked (hex
    /// request IDs are written in either case).
    pub fn literals<I, P>(literals: I, case_insensitive: bool) -> Result<Prefilter, String>
    where
        I: IntoIterator<Item = P>,
        P: AsRef<[u8]>,
    {
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(case_insensitive)
            .match_kind(MatchKind::LeftmostFirst)
            .build(literals)
            .map(Prefilter::Literals)
            .map_err(|e| e.to_string())
    }

    /// Matches a regex (Rust `regex` syntax) anywhere in a line.
    pub fn regex(pattern: &str) -> Result<Prefilter, String> {
        regex::bytes::RegexBuilder::new(pattern)
            .multi_line(true)
            .build()
            .map(Prefilter::Regex)
            .map_err(|e| e.to_string())
    }

    /// The first hit at or after `start`: (start, end) byte positions.
    #[inline]
    pub fn find_at(&self, hay: &[u8], start: usize) -> Option<(usize, usize)> {
        if start > hay.len() {
            return None;
        }
        match self {
            Prefilter::Literals(ac) => {
                ac.find(aho_corasick::Input::new(hay).range(start..)).map(|m| (m.start(), m.end()))
            }
            Prefilter::Regex(re) => re.find_at(hay, start).map(|m| (m.start(), m.end())),
        }
    }

    /// Whether `hay` contains a hit.
    #[inline]
    pub fn is_match(&self, hay: &[u8]) -> bool {
        match self {
            Prefilter::Literals(ac) => ac.is_match(hay),
            Prefilter::Regex(re) => re.is_match(hay),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_and_regex_find_hits() {
        let p = Prefilter::literals(["C9E9C616", "beef"], true).unwrap();
        let hay = b"x request_id=c9e9c616-612e y beef";
        assert_eq!(p.find_at(hay, 0), Some((13, 21)));
        assert_eq!(p.find_at(hay, 14), Some((29, 33)));
        assert_eq!(p.find_at(hay, 40), None);
        let r = Prefilter::regex(r"status=5\d\d").unwrap();
        assert!(r.is_match(b"a status=503 b"));
        assert!(!r.is_match(b"a status=200 b"));
        assert!(Prefilter::regex("(").is_err());
    }
}
