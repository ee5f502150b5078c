//! Which of the asked-for IDs a record carries.
//!
//! All IDs are searched at once: a literal multi-pattern prefilter
//! (every case form of a window of each hex ID, see [`prefilter_literals`])
//! runs over raw chunk bytes, and
//! only the records with a hit are parsed. One ID alone is searched
//! for as a whole, in any case for a hex ID, by [`Folded`] (memmem speed)
//! when the CPU has AVX2. On a candidate record the IDs
//! are then checked as whole tokens:
//!
//! * hex IDs (UUIDs, trace ids, `req-<uuid>`) match in any case; other IDs
//!   match exactly;
//! * an ID must not be glued to a letter or digit on its left;
//! * when the token in the data is longer than the ID asked for (an ID of
//!   8+ characters that is a prefix of a UUID or of a longer word), the hit
//!   is a *prefix* hit naming the full token. Whether the prefix is unique
//!   in the data is decided once the whole corpus has been read
//!   ([`Resolution`]).

use std::collections::BTreeSet;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use anyhow::{bail, Result};

use crate::analysis::trace::ids::{is_word, token_end};
use crate::scan::folded::Folded;
use crate::scan::prefilter::Prefilter;

/// Shortest prefix accepted for an ID (issue 5).
pub const MIN_PREFIX: usize = 8;

/// How a record carries an ID.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum HitKind {
    /// The ID itself, as a whole token.
    Exact,
    /// A longer ID starting with the one asked for (lower-cased).
    Prefix(String),
}

/// The IDs asked for, compiled.
pub struct IdMatcher {
    ids: Vec<String>,
    /// Per ID: match in any case (hex-shaped IDs).
    any_case: Vec<bool>,
    verify: AhoCorasick,
    prefilter: Prefilter,
}

/// Whether an ID is hex-shaped (hex digits and dashes, optionally after
/// `req-`), so that case does not matter.
fn is_hex_id(id: &str) -> bool {
    let b = id.as_bytes();
    let b = if b.len() > 4 && b[..4].eq_ignore_ascii_case(b"req-") { &b[4..] } else { b };
    b.iter().all(|c| c.is_ascii_hexdigit() || *c == b'-') && b.iter().any(|c| c.is_ascii_hexdigit())
}

/// Most case forms of one ID the prefilter searches for (a window with at
/// most this many hex letters: `2^4`).
const MAX_LETTERS: usize = 4;

/// Longest window of an ID the prefilter searches for: a dozen random hex
/// digits are as selective as the whole UUID.
const MAX_WINDOW: usize = 16;

/// The literals the raw-bytes prefilter looks for: each non-hex ID as
/// given, and for each hex ID every case form of one window of it: the
/// longest (up to [`MAX_WINDOW`] bytes) with the fewest letters, at most
/// [`MAX_LETTERS`] of them. Every spelling of the ID in any mix of cases
/// contains one of those forms, so the prefilter stays permissive; the
/// matcher then checks the whole ID, ignoring ASCII case.
///
/// NOTE: the prefilter is the alternation of these literals compiled by
/// the `regex` crate, which picks memmem for one literal and the SIMD
/// Teddy searcher for a few dozen, as ripgrep gets for `rg -F`. An
/// ASCII-case-insensitive `Prefilter::literals` over the whole IDs was
/// tried first: for hex IDs Aho-Corasick then chose a one-rare-byte
/// prefilter whose byte is everywhere in logs, and ran at a tenth of the
/// speed. A window's case forms are a few exact literals instead: a UUID
/// has a 12-16 byte stretch with two letters or fewer (1-4 forms).
pub fn prefilter_literals(ids: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in ids {
        let forms = if is_hex_id(id) { case_forms(hex_window(id)) } else { vec![id.clone()] };
        for f in forms {
            if !out.contains(&f) {
                out.push(f);
            }
        }
    }
    out
}

/// The stretch of a hex ID (a `req-` prefix left out) the prefilter looks
/// for: the one with the fewest letters among the longest windows that
/// hold at most [`MAX_LETTERS`].
fn hex_window(id: &str) -> &str {
    let bare = if id.len() > 4 && id[..4].eq_ignore_ascii_case("req-") { &id[4..] } else { id };
    let b = bare.as_bytes();
    let mut best = (0usize, usize::MAX, 0usize); // (len, letters, start)
    for start in 0..b.len() {
        let mut end = start;
        let mut n = 0;
        while end < b.len() && end - start < MAX_WINDOW {
            let l = b[end].is_ascii_alphabetic() as usize;
            if n + l > MAX_LETTERS {
                break;
            }
            n += l;
            end += 1;
        }
        let len = end - start;
        if len > best.0 || (len == best.0 && n < best.1) {
            best = (len, n, start);
        }
    }
    &bare[best.2..best.2 + best.0]
}

/// Every ASCII case form of `w` (2^letters of them).
fn case_forms(w: &str) -> Vec<String> {
    let mut forms = vec![String::new()];
    for c in w.chars() {
        if c.is_ascii_alphabetic() {
            let up: Vec<String> = forms.iter().map(|f| format!("{f}{}", c.to_ascii_uppercase())).collect();
            for f in &mut forms {
                f.push(c.to_ascii_lowercase());
            }
            forms.extend(up);
        } else {
            for f in &mut forms {
                f.push(c);
            }
        }
    }
    forms
}

/// The prefilter for several IDs (or one, without AVX2): the alternation
/// of [`prefilter_literals`].
fn general_prefilter(ids: &[String]) -> Result<Prefilter> {
    let alternation: Vec<String> = prefilter_literals(ids).iter().map(|l| regex::escape(l)).collect();
    Prefilter::regex(&alternation.join("|")).map_err(anyhow::Error::msg)
}

impl IdMatcher {
    /// Compiles the IDs (at least one; each non-empty and without spaces).
    pub fn new(ids: &[String]) -> Result<IdMatcher> {
        if ids.is_empty() {
            bail!("no ID given (give one or more IDs before the paths, or use --top N to find some)");
        }
        for id in ids {
            if id.is_empty() || id.bytes().any(|b| b.is_ascii_whitespace()) {
                bail!("{id:?} is not an ID (IDs are single words)");
            }
        }
        let any_case = ids.iter().map(|i| is_hex_id(i)).collect();
        let verify = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(ids)?;
        let prefilter = match ids {
            [id] => Folded::new(id.as_bytes(), is_hex_id(id)).map(Prefilter::Folded),
            _ => None,
        };
        let prefilter = match prefilter {
            Some(p) => p,
            None => general_prefilter(ids)?,
        };
        Ok(IdMatcher { ids: ids.to_vec(), any_case, verify, prefilter })
    }

    /// The IDs, in the order given.
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    /// The raw-bytes prefilter (every record with a hit contains one of
    /// the IDs in some case).
    pub fn prefilter(&self) -> &Prefilter {
        &self.prefilter
    }

    /// Appends to `out` each (ID index, kind) that `raw` carries, once per
    /// ID and kind, exact hits before prefix hits.
    pub fn matches(&self, raw: &[u8], out: &mut Vec<(usize, HitKind)>) {
        out.clear();
        for m in self.verify.find_overlapping_iter(raw) {
            let (idx, s, e) = (m.pattern().as_usize(), m.start(), m.end());
            if s > 0 && is_word(raw[s - 1]) {
                continue;
            }
            if !self.any_case[idx] && &raw[s..e] != self.ids[idx].as_bytes() {
                continue;
            }
            let full = token_end(raw, s);
            let kind = if full <= e {
                if raw.get(e).is_some_and(|&c| is_word(c)) {
                    continue;
                }
                HitKind::Exact
            } else if e - s >= MIN_PREFIX {
                HitKind::Prefix(String::from_utf8_lossy(&raw[s..full]).to_ascii_lowercase())
            } else {
                continue;
            };
            if !out.iter().any(|(i, k)| *i == idx && *k == kind) {
                out.push((idx, kind));
            }
        }
        out.sort();
    }
}

/// What an ID turned out to mean once all the data was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Found as a whole token: its exact hits are the trace.
    Exact,
    /// Not found whole, but a prefix of exactly one ID: that one.
    Prefix(String),
    /// A prefix of several IDs (up to a few of them, and how many).
    Ambiguous(Vec<String>, usize),
    NotFound,
}

/// Collects, for one asked-for ID, what kinds of hits were seen.
#[derive(Debug, Default, Clone)]
pub struct HitSet {
    exact: bool,
    prefixes: BTreeSet<String>,
}

impl HitSet {
    /// Records a hit.
    pub fn add(&mut self, kind: &HitKind) {
        match kind {
            HitKind::Exact => self.exact = true,
            HitKind::Prefix(p) => {
                // Bounded: past a few distinct IDs the prefix is ambiguous
                // anyway; only the count keeps growing.
                if self.prefixes.len() < 1000 {
                    self.prefixes.insert(p.clone());
                }
            }
        }
    }

    /// The ID's meaning: an exact hit wins over prefix hits (an ID that is
    /// present whole is not a prefix).
    pub fn resolve(&self) -> Resolution {
        if self.exact {
            return Resolution::Exact;
        }
        match self.prefixes.len() {
            0 => Resolution::NotFound,
            1 => Resolution::Prefix(self.prefixes.iter().next().cloned().unwrap_or_default()),
            n => Resolution::Ambiguous(self.prefixes.iter().take(5).cloned().collect(), n),
        }
    }

    /// Whether a hit of `kind` belongs to the resolved trace.
    pub fn keeps(res: &Resolution, kind: &HitKind) -> bool {
        match (res, kind) {
            (Resolution::Exact, HitKind::Exact) => true,
            (Resolution::Prefix(p), HitKind::Prefix(q)) => p == q,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(ids: &[&str], raw: &str) -> Vec<(usize, HitKind)> {
        let ids: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
        let mut out = Vec::new();
        IdMatcher::new(&ids).unwrap().matches(raw.as_bytes(), &mut out);
        out
    }

    const U: &str = "efe7ee86-b194-4616-9413-ecbc4261de46";

    #[test]
    fn whole_ids_match_in_every_position_and_hex_case() {
        for raw in [
            format!(r#"{{"ts":"2024-03-01T10:02:21.5Z","request_id":"{U}","msg":"order received"}}"#),
            format!("ts=2024-03-01T10:02:21Z level=info request_id={U} msg=\"charge authorized\""),
            format!(
                "2024-03-01T10:02:21.650Z INFO  [gateway] request_id={} POST /api/orders 201",
                U.to_uppercase()
            ),
            format!(
                r#"1.2.3.4 - - [01/Mar/2024:10:02:21 +0000] "POST /api/orders HTTP/1.1" 201 9 "-" "x" 0.1 req={U}"#
            ),
            format!("2017-05-16 00:00:00.008 25746 INFO nova.api [req-{U} 113d - - -] GET"),
            format!("upstream failed for {U}"),
        ] {
            assert_eq!(m(&[U], &raw), vec![(0, HitKind::Exact)], "{raw}");
        }
        let tid = "4bf92f3577b34da6a3ce929d0e0e4736";
        let tp = "traceparent: 00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01";
        assert_eq!(m(&[tid], tp), vec![(0, HitKind::Exact)]);
        assert_eq!(m(&[&format!("req-{U}")], &format!("[req-{U} a b]")), vec![(0, HitKind::Exact)]);
    }

    #[test]
    fn glued_or_longer_tokens_are_not_whole_matches() {
        assert!(m(&[U], &format!("x{U}")).is_empty());
        assert!(m(&["job-17"], "job-170 started").is_empty());
        assert_eq!(m(&["job-17"], "job-17 started"), vec![(0, HitKind::Exact)]);
        assert!(m(&["Job-17"], "job-17 started").is_empty(), "non-hex IDs keep their case");
        // Too short to be a prefix.
        assert!(m(&["efe7ee8"], U).is_empty());
    }

    #[test]
    fn prefixes_name_the_full_token() {
        assert_eq!(m(&["EFE7EE86"], &format!("id={U}")), vec![(0, HitKind::Prefix(U.into()))]);
        assert_eq!(m(&["efe7ee86-b19"], &format!("id={U}")), vec![(0, HitKind::Prefix(U.into()))]);
        let tid = "4bf92f3577b34da6a3ce929d0e0e4736";
        assert_eq!(m(&["4bf92f35"], &format!("trace_id={tid}")), vec![(0, HitKind::Prefix(tid.into()))]);
    }

    #[test]
    fn resolution_prefers_exact_and_needs_a_unique_prefix() {
        let mut h = HitSet::default();
        assert_eq!(h.resolve(), Resolution::NotFound);
        h.add(&HitKind::Prefix("a1".into()));
        assert_eq!(h.resolve(), Resolution::Prefix("a1".into()));
        h.add(&HitKind::Prefix("a1".into()));
        assert_eq!(h.resolve(), Resolution::Prefix("a1".into()));
        h.add(&HitKind::Prefix("a2".into()));
        assert_eq!(h.resolve(), Resolution::Ambiguous(vec!["a1".into(), "a2".into()], 2));
        h.add(&HitKind::Exact);
        assert_eq!(h.resolve(), Resolution::Exact);
        assert!(HitSet::keeps(&Resolution::Exact, &HitKind::Exact));
        assert!(!HitSet::keeps(&Resolution::Exact, &HitKind::Prefix("a1".into())));
    }

    /// `id` with each letter's case flipped where bit `i % 64` of `mask` is set.
    fn mixed(id: &str, mask: u64) -> String {
        id.chars()
            .enumerate()
            .map(
                |(i, c)| {
                    if mask >> (i % 64) & 1 == 1 {
                        c.to_ascii_uppercase()
                    } else {
                        c.to_ascii_lowercase()
                    }
                },
            )
            .collect()
    }

    #[test]
    fn prefilter_finds_hex_ids_in_any_mix_of_cases() {
        let ids = vec![
            format!("req-{}", U.to_uppercase()),
            "Job-17".to_string(),
            "3F2504E0-4f89-11D3-9A0C-0305E82C3301".to_string(),
            "deadbeefcafebabefacefeedabcdefab".to_string(),
            "EFE7EE86".to_string(),
        ];
        let lits = prefilter_literals(&ids);
        assert!(lits.contains(&"Job-17".to_string()), "non-hex IDs are searched as given");
        assert!(!lits.iter().any(|l| l.eq_ignore_ascii_case("job-17") && l != "Job-17"));
        // At most 2^MAX_LETTERS forms per hex ID, each at least 4 bytes.
        assert!(lits.len() <= 1 + 4 * (1 << MAX_LETTERS), "{lits:?}");
        assert!(lits.iter().all(|l| l.len() >= 4), "{lits:?}");
        let p =
            Prefilter::regex(&lits.iter().map(|l| regex::escape(l)).collect::<Vec<_>>().join("|")).unwrap();
        let mut mask: u64 = 0x9E37_79B9_7F4A_7C15;
        for id in &ids[2..] {
            for _ in 0..200 {
                mask ^= mask << 13;
                mask ^= mask >> 7;
                mask ^= mask << 17;
                let line = format!("ts=2024-03-01T10:00:00Z level=info request_id={} msg=x", mixed(id, mask));
                assert!(p.is_match(line.as_bytes()), "{line}");
                let m = IdMatcher::new(std::slice::from_ref(id)).unwrap();
                let mut out = Vec::new();
                m.matches(line.as_bytes(), &mut out);
                assert_eq!(out, vec![(0, HitKind::Exact)], "{line}");
            }
        }
        assert!(p.is_match(format!("[req-{} x]", mixed(U, 0x5555)).as_bytes()));
        assert!(p.is_match(format!("REQ-{}", U.to_uppercase()).as_bytes()));
        assert!(
            !p.is_match(b"ts=2024-03-01T10:00:00Z job-17 request_id=0f2504e0-4f89-11d3-9a0c-0305e82c3301")
        );
        // Permissive, not exact: a near miss sharing the window is a
        // candidate, and the matcher turns it down.
        let near = b"id=3f2504e0-4f89-11d3-9a0c-0305e82c3300";
        assert!(p.is_match(near));
        let mut out = Vec::new();
        IdMatcher::new(&ids).unwrap().matches(near, &mut out);
        assert!(out.is_empty(), "{out:?}");
    }

    #[test]
    fn the_window_is_the_longest_with_the_fewest_letters() {
        assert_eq!(hex_window("3f2504e0-4f89-11d3-9a0c-0305e82c3301"), "3f2504e0-4f89-11");
        assert_eq!(hex_window("req-0123"), "0123");
        assert_eq!(hex_window("deadbeef"), "dead");
        assert_eq!(case_forms("a1B"), vec!["a1b", "A1b", "a1B", "A1B"]);
    }

    /// The (line, offset, hits) of every record the trace scan keeps from
    /// `text` with `prefilter` in front of `matcher`.
    fn traced(
        text: &str,
        d: &crate::format::detect::Detection,
        pf: &Prefilter,
        m: &IdMatcher,
    ) -> Vec<String> {
        use crate::format::time::{YearRef, Zone};
        use crate::format::ParseCx;
        use crate::scan::lines::{for_each_candidate_event, ChunkOrigin};
        let origin = ChunkOrigin { source: 0, first_line: 7, offset: 100, term: b'\n' };
        let cx = ParseCx::new(Zone::Utc, YearRef::forced(2024));
        let mut got = Vec::new();
        let mut hits = Vec::new();
        for_each_candidate_event(text.as_bytes(), origin, d, &cx, pf, &mut |ev| {
            m.matches(ev.raw, &mut hits);
            if !hits.is_empty() {
                got.push(format!("{} {} {:?} {:?}", ev.line, ev.offset, hits, ev.raw));
            }
        });
        got
    }

    #[test]
    fn one_id_alone_finds_what_the_general_prefilter_finds() {
        use crate::format::detect::{detect, Detection};
        use crate::format::{FormatId, ParseCx};
        let ids =
            [U, "4bf92f3577b34da6a3ce929d0e0e4736", "req-0c1d2e3f-0000-4111-8222-933344455566", "job-17"];
        for id in ids {
            let up = id.to_uppercase();
            let mixed = mixed(id, 0xA5A5_5A5A_F0F0_0F0F);
            let mut text = String::new();
            for (i, form) in [id, &up, &mixed].iter().cycle().take(60).enumerate() {
                // The ID at line start and end, glued to hex, CRLF, in
                // JSON, logfmt and nginx lines, beside near misses.
                let line = match i % 10 {
                    0 => format!("{form}\n"),
                    1 => format!("ts=2024-03-01T10:00:{:02}Z level=info request_id={form}\r\n", i % 60),
                    2 => format!("{{\"ts\":\"2024-03-01T10:00:00Z\",\"request_id\":\"{form}\"}}\n"),
                    3 => format!("x{form} glued on the left\n"),
                    4 => format!("{form}0 glued on the right\n"),
                    5 => format!("1.2.3.4 - - [01/Mar/2024:10:02:21 +0000] \"GET / HTTP/1.1\" 200 9 \"-\" \"x\" req={form}\n"),
                    6 => format!("id={}\n", &form[..form.len() - 1]),
                    7 => format!("prefix hit {form}abc\n"),
                    8 => format!("  continuation {form}\r\n"),
                    _ => format!("ts=2024-03-01T10:00:00Z level=info msg=nothing here {}\n", i * 7919),
                };
                text.push_str(&line);
            }
            let text = text.trim_end_matches('\n').to_string();
            let one = IdMatcher::new(&[id.to_string()]).unwrap();
            let general = general_prefilter(&[id.to_string()]).unwrap();
            if is_x86_feature_detected!("avx2") {
                assert!(matches!(one.prefilter(), Prefilter::Folded(_)));
            }
            let cx = ParseCx::new(crate::format::time::Zone::Utc, crate::format::time::YearRef::forced(2024));
            for d in [detect(text.lines(), &cx), Detection::forced(FormatId::Raw)] {
                let want = traced(&text, &d, &general, &one);
                assert_eq!(traced(&text, &d, one.prefilter(), &one), want, "{id}");
                assert!(want.len() >= 10, "{id}: {}", want.len());
                // Chunk boundaries: every tail starting at a line start.
                for (at, _) in text.match_indices('\n').step_by(7) {
                    let tail = &text[at + 1..];
                    assert_eq!(traced(tail, &d, one.prefilter(), &one), traced(tail, &d, &general, &one));
                }
            }
        }
    }

    #[test]
    fn bad_ids_are_refused() {
        assert!(IdMatcher::new(&[]).is_err());
        assert!(IdMatcher::new(&["a b".to_string()]).is_err());
    }
}
