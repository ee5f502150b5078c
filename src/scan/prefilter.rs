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
    /// Any of a few dozen short literals, case-sensitive: the SIMD "Teddy"
    /// searcher. Aho-Corasick's automaton falls back to stepping byte by
    /// byte for many short patterns (the `--level` words), Teddy does not.
    Packed(aho_corasick::packed::Searcher),
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
        let literals: Vec<Vec<u8>> = literals.into_iter().map(|l| l.as_ref().to_vec()).collect();
        if !case_insensitive && literals.len() > 1 {
            let packed = aho_corasick::packed::Config::new()
                .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
                .builder()
                .extend(&literals)
                .build();
            if let Some(searcher) = packed {
                return Ok(Prefilter::Packed(searcher));
            }
        }
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
            Prefilter::Packed(p) => {
                p.find_in(hay, aho_corasick::Span::from(start..hay.len())).map(|m| (m.start(), m.end()))
            }
            Prefilter::Regex(re) => re.find_at(hay, start).map(|m| (m.start(), m.end())),
        }
    }

    /// Whether `hay` contains a hit.
    #[inline]
    pub fn is_match(&self, hay: &[u8]) -> bool {
        match self {
            Prefilter::Literals(ac) => ac.is_match(hay),
            Prefilter::Packed(p) => p.find(hay).is_some(),
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
        let many = Prefilter::literals(["err", "ERR", "Err", "fatal", "FATAL", "Fatal"], false).unwrap();
        assert!(matches!(many, Prefilter::Packed(_)));
        let hay = b"{\"level\":\"info\"} {\"level\":\"FATAL\"} Err";
        assert_eq!(many.find_at(hay, 0), Some((27, 32)));
        assert_eq!(many.find_at(hay, 28), Some((35, 38)));
        assert!(!many.is_match(b"all fine here"));
    }
}
