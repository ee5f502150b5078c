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
    /// One literal, optionally in any ASCII case, at memmem speed (see
    /// [`crate::scan::folded`]): one request ID.
    Folded(crate::scan::folded::Folded),
    /// Another prefilter, plus message starts that hold one of its hits
    /// for sure (see [`Leads`]): the line right after a candidate record
    /// is looked at first, and searched only when it has no such start.
    Led(Box<Prefilter>, Leads),
}

/// Message starts (after a syslog tag's `]: `) each of which contains a
/// hit of the prefilter they lead: a line with one is a candidate line
/// without a search. Half the lines of an auth.log are candidates, and the
/// searcher's set-up and false fingerprint hits in every syslog header were
/// a seventh of `logins`'s time.
#[derive(Debug, Clone)]
pub struct Leads {
    starts: Vec<&'static [u8]>,
}

/// How far into a line its `]: ` is looked for.
const LEAD_WINDOW: usize = 160;

impl Leads {
    /// The leads `starts`, which must each contain a hit of `of` (checked).
    pub fn new(of: &Prefilter, starts: &[&'static str]) -> Result<Leads, String> {
        if let Some(bad) = starts.iter().find(|s| !of.is_match(s.as_bytes()) || s.contains(['\n', '\r'])) {
            return Err(format!("lead {bad:?} holds no hit"));
        }
        Ok(Leads { starts: starts.iter().map(|s| s.as_bytes()).collect() })
    }

    /// Where, in `line` (one line, without its terminator), a lead starts
    /// right after the first `]: `.
    fn find(&self, line: &[u8]) -> Option<usize> {
        let w = &line[..line.len().min(LEAD_WINDOW)];
        // `]` is rare in a syslog header (the pid's bracket): cheaper than
        // setting up a substring searcher for every line.
        let k = memchr::memchr_iter(b']', w).find(|&i| w[i + 1..].starts_with(b": "))? + 3;
        let msg = &line[k..];
        self.starts.iter().any(|s| msg.starts_with(s)).then_some(k)
    }
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
            Prefilter::Folded(f) => f.find_at(hay, start),
            Prefilter::Led(p, _) => p.find_at(hay, start),
        }
    }

    /// A position in the line starting at `line_start` (ending at the next
    /// `term`) where a hit is known to be, when a lead says so without a
    /// search: not the first hit of the line, but one in the same line.
    #[inline]
    pub fn lead_in_line(&self, hay: &[u8], line_start: usize, term: u8) -> Option<usize> {
        let Prefilter::Led(_, leads) = self else { return None };
        let rest = hay.get(line_start..)?;
        let end = memchr::memchr(term, &rest[..rest.len().min(LEAD_WINDOW)]).unwrap_or(rest.len());
        leads.find(&rest[..end]).map(|k| line_start + k)
    }

    /// The longest a hit can be, when known (one literal): a search cut
    /// into blocks overlapping by that much minus one finds every hit.
    pub fn longest_hit(&self) -> Option<usize> {
        match self {
            Prefilter::Folded(f) => Some(f.len()),
            _ => None,
        }
    }

    /// Whether `hay` contains a hit.
    #[inline]
    pub fn is_match(&self, hay: &[u8]) -> bool {
        match self {
            Prefilter::Literals(ac) => ac.is_match(hay),
            Prefilter::Packed(p) => p.find(hay).is_some(),
            Prefilter::Regex(re) => re.is_match(hay),
            Prefilter::Folded(f) => f.find_at(hay, 0).is_some(),
            Prefilter::Led(p, _) => p.is_match(hay),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leads_find_a_hit_in_their_own_line_only() {
        let inner = Prefilter::literals(["Failed ", "Accepted "], false).unwrap();
        assert!(Leads::new(&inner, &["Invalid user "]).is_err());
        assert!(Leads::new(&inner, &["Failed\n"]).is_err());
        let led = Prefilter::Led(Box::new(inner.clone()), Leads::new(&inner, &["Failed "]).unwrap());
        let hay = b"a\nMar  3 x sshd[1]: Failed y\nsshd[2]: Accepted z\nq]: Fail\nr]:  Failed \n]: Failed x";
        assert_eq!(led.lead_in_line(hay, 2, b'\n'), Some(20));
        assert_eq!(&hay[20..27], b"Failed ");
        // A hit, but no lead: left to the search.
        assert_eq!(led.lead_in_line(hay, 29, b'\n'), None);
        assert_eq!(led.lead_in_line(hay, 49, b'\n'), None);
        assert_eq!(led.lead_in_line(hay, 58, b'\n'), None);
        assert_eq!(led.lead_in_line(hay, 71, b'\n'), Some(74));
        assert_eq!(led.lead_in_line(hay, 999, b'\n'), None);
        assert_eq!(inner.lead_in_line(hay, 2, b'\n'), None);
        assert_eq!(led.find_at(hay, 0), inner.find_at(hay, 0));
        assert!(led.is_match(b"x Accepted y") && !led.is_match(b"nothing"));
    }

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
