//! Text search of the filter language: `-e/--regex`, `-F/--fixed`, `-i`,
//! `-w`, `-v`, run on the raw bytes of a record (all its lines), as grep
//! runs on lines.
//!
//! All patterns are compiled into one regex (`p1|p2|...`, fixed strings
//! escaped), so one pass finds any of them. The same patterns give the
//! scanner's [`Prefilter`]: one fixed string is searched whole at memmem
//! speed ([`Folded`]), several by a literal set (Aho-Corasick or Teddy,
//! SIMD-accelerated), and anything else by the regex itself, so that
//! records that cannot match are never parsed.

use regex::bytes::{Regex, RegexBuilder};

use crate::scan::folded::Folded;
use crate::scan::prefilter::Prefilter;

/// Compiled text patterns.
#[derive(Debug, Clone)]
pub struct TextMatcher {
    regex: Regex,
    /// The fixed strings, when there are no regex patterns (prefilter).
    fixed_only: Option<Vec<String>>,
    ignore_case: bool,
    word: bool,
    /// `-v`: a record matches when it does *not* contain a pattern.
    pub invert: bool,
}

impl TextMatcher {
    /// Compiles `regexes` and `fixed` strings; `None` when both are empty.
    pub fn new(
        regexes: &[String],
        fixed: &[String],
        ignore_case: bool,
        word: bool,
        invert: bool,
    ) -> Result<Option<TextMatcher>, String> {
        if regexes.is_empty() && fixed.is_empty() {
            return Ok(None);
        }
        for r in regexes {
            // Compile each alone first so an error names the bad pattern.
            RegexBuilder::new(r).build().map_err(|e| format!("-e '{r}': {e}"))?;
        }
        let alternatives: Vec<String> = regexes
            .iter()
            .map(|r| format!("(?:{r})"))
            .chain(fixed.iter().map(|f| regex::escape(f)))
            .collect();
        let regex = RegexBuilder::new(&alternatives.join("|"))
            .case_insensitive(ignore_case)
            .multi_line(true)
            .size_limit(64 << 20)
            .build()
            .map_err(|e| e.to_string())?;
        let fixed_only = regexes.is_empty().then(|| fixed.to_vec());
        Ok(Some(TextMatcher { regex, fixed_only, ignore_case, word, invert }))
    }

    /// Whether the record's raw bytes satisfy the search (`-v` applied).
    pub fn matches(&self, raw: &[u8]) -> bool {
        self.first_match(raw, 0).is_some() != self.invert
    }

    /// Byte spans of every match in `raw`, for highlighting (empty with -v).
    pub fn spans(&self, raw: &[u8]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        if self.invert {
            return out;
        }
        let mut at = 0;
        while let Some((s, e)) = self.first_match(raw, at) {
            if e > s {
                out.push((s, e));
            }
            at = if e > s { e } else { e + 1 };
            if at > raw.len() {
                break;
            }
        }
        out
    }

    /// The first match at or after `start`; with `-w`, only one bounded by
    /// non-word characters (or the ends) on both sides, like `grep -w`.
    fn first_match(&self, raw: &[u8], mut start: usize) -> Option<(usize, usize)> {
        while start <= raw.len() {
            let m = self.regex.find_at(raw, start)?;
            if !self.word || (boundary_before(raw, m.start()) && boundary_after(raw, m.end())) {
                return Some((m.start(), m.end()));
            }
            start = m.start() + 1;
        }
        None
    }

    /// A permissive prefilter for the scanner, or `None` when every record
    /// must be looked at (`-v`).
    pub fn prefilter(&self) -> Option<Prefilter> {
        if self.invert {
            return None;
        }
        if let Some(fixed) = &self.fixed_only {
            let ascii = fixed.iter().all(|f| f.is_ascii());
            if (ascii || !self.ignore_case) && fixed.iter().all(|f| !f.is_empty()) {
                // `-F ID`, the usual search for one request: the one-literal
                // searcher, which also lets the scan count lines only
                // where a hit needs them (see `ScanOptions::lazy_lines`).
                if let [one] = fixed.as_slice() {
                    if let Some(f) = Folded::new(one.as_bytes(), self.ignore_case) {
                        return Some(Prefilter::Folded(f));
                    }
                }
                return Prefilter::literals(fixed, self.ignore_case).ok();
            }
        }
        Some(Prefilter::Regex(self.regex.clone()))
    }
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

fn boundary_before(raw: &[u8], i: usize) -> bool {
    i == 0 || !is_word(raw[i - 1])
}

fn boundary_after(raw: &[u8], i: usize) -> bool {
    i >= raw.len() || !is_word(raw[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tm(re: &[&str], fixed: &[&str], i: bool, w: bool, v: bool) -> TextMatcher {
        let s = |x: &[&str]| x.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        TextMatcher::new(&s(re), &s(fixed), i, w, v).unwrap().unwrap()
    }

    #[test]
    fn any_pattern_matches() {
        let m = tm(&[r"status=5\d\d"], &["a.b"], false, false, false);
        assert!(m.matches(b"x status=503 y"));
        assert!(m.matches(b"take a.b"));
        assert!(!m.matches(b"take axb"), "fixed strings are literal");
        assert!(!m.matches(b"status=200"));
    }

    #[test]
    fn case_word_and_invert() {
        assert!(tm(&[], &["ERROR"], true, false, false).matches(b"an error here"));
        assert!(!tm(&[], &["ERROR"], false, false, false).matches(b"an error here"));
        let w = tm(&[], &["root"], false, true, false);
        assert!(w.matches(b"user root from"));
        assert!(w.matches(b"root"));
        assert!(!w.matches(b"user rooted"));
        assert!(w.matches(b"rooted, then root"), "a later bounded match counts");
        let slash = tm(&[], &["/login"], false, true, false);
        assert!(
            slash.matches(b"POST /login HTTP/1.1"),
            "-w works on patterns that start with a non-word char"
        );
        let v = tm(&[], &["debug"], false, false, true);
        assert!(v.matches(b"info line"));
        assert!(!v.matches(b"debug line"));
        assert!(v.prefilter().is_none());
    }

    #[test]
    fn spans_for_highlighting() {
        let m = tm(&[], &["ab"], false, false, false);
        assert_eq!(m.spans(b"ab xab ab"), vec![(0, 2), (4, 6), (7, 9)]);
        assert_eq!(tm(&["x*"], &[], false, false, false).spans(b"axxb"), vec![(1, 3)]);
    }

    #[test]
    fn prefilter_is_literal_for_fixed_strings() {
        let one = tm(&[], &["abc"], true, false, false).prefilter();
        let avx2 = Folded::new(b"abc", true).is_some();
        assert!(matches!(one, Some(Prefilter::Folded(_))) == avx2);
        assert!(matches!(
            tm(&[], &["abc", "de"], true, false, false).prefilter(),
            Some(Prefilter::Literals(_))
        ));
        assert!(matches!(
            tm(&[], &["abc", "de"], false, false, false).prefilter(),
            Some(Prefilter::Packed(_))
        ));
        assert!(!matches!(tm(&[], &["a"], false, false, false).prefilter(), Some(Prefilter::Folded(_))));
        assert!(tm(&[], &["abc"], false, false, true).prefilter().is_none(), "-v looks at every record");
        assert!(matches!(tm(&["a.c"], &[], false, false, false).prefilter(), Some(Prefilter::Regex(_))));
        assert!(matches!(tm(&[], &["Straße"], true, false, false).prefilter(), Some(Prefilter::Regex(_))));
        assert!(TextMatcher::new(&["(".into()], &[], false, false, false).unwrap_err().contains("-e '('"));
    }
}
