//! Format detection: which format a source is in, from a sample of its
//! lines, and per-line parsing with fallback for sources that mix formats.
//!
//! Detection runs every parser over the first [`SAMPLE_LINES`] non-blank
//! lines and keeps the one that accepts the most (ties go to the more
//! specific format, see [`FormatId::ALL`]). The other formats that accepted
//! some sample lines become the fallbacks tried, in score order, on lines
//! the main format rejects; a line nobody accepts becomes a `Raw` event.

use crate::event::{Event, Level, Timestamp};
use crate::format::{FormatId, ParseCx};

/// How many non-blank lines detection looks at.
pub const SAMPLE_LINES: usize = 200;

/// The outcome of detection for one source.
#[derive(Debug, Clone, PartialEq)]
pub struct Detection {
    /// The main format (`Raw` when nothing parsed).
    pub format: FormatId,
    /// Share of sampled lines the main format accepted (0.0..=1.0); 1.0 when
    /// the format was forced with `--format`.
    pub confidence: f32,
    /// Number of lines sampled.
    pub sampled: usize,
    /// Formats tried, in order, on lines the main format rejects.
    pub fallbacks: Vec<FormatId>,
    /// True when `--format` chose the format.
    pub forced: bool,
    /// True when every sampled record with a level spells it as a word of
    /// three letters or more (`ERROR`, `"level":"warn"`), rather than as a
    /// number, a letter or a syslog priority. Only then may `--level` skip
    /// lines that contain no such word without parsing them (the level
    /// prefilter, see `query`).
    pub level_words: bool,
}

impl Detection {
    /// A detection fixed by `--format`: no fallbacks, so every line is read
    /// as that format or kept raw.
    pub fn forced(format: FormatId) -> Detection {
        Detection {
            format,
            confidence: 1.0,
            sampled: 0,
            fallbacks: Vec::new(),
            forced: true,
            level_words: false,
        }
    }

    /// Parses one line: the main format, then the fallbacks, then `Raw`.
    #[inline]
    pub fn parse<'a>(&self, line: &'a str, cx: &ParseCx) -> Event<'a> {
        if let Some(ev) = self.format.parse(line, cx) {
            return ev;
        }
        self.parse_fallback(line, cx)
    }

    /// The format that parses a line ([`Detection::parse`]'s `format`) and
    /// the timestamp it gives, by [`FormatId::timestamp`].
    #[inline]
    pub fn timestamp(&self, line: &str, cx: &ParseCx) -> (FormatId, Option<Timestamp>) {
        if let Some(ts) = self.format.timestamp(line, cx) {
            return (self.format, ts);
        }
        self.timestamp_fallback(line, cx)
    }

    #[cold]
    fn timestamp_fallback(&self, line: &str, cx: &ParseCx) -> (FormatId, Option<Timestamp>) {
        for f in &self.fallbacks {
            if let Some(ts) = f.timestamp(line, cx) {
                return (*f, ts);
            }
        }
        (FormatId::Raw, None)
    }

    #[cold]
    fn parse_fallback<'a>(&self, line: &'a str, cx: &ParseCx) -> Event<'a> {
        for f in &self.fallbacks {
            if let Some(ev) = f.parse(line, cx) {
                return ev;
            }
        }
        Event::new(FormatId::Raw, line)
    }
}

/// Detects the format of a sample of lines (blank lines are ignored).
pub fn detect<'a>(lines: impl IntoIterator<Item = &'a str>, cx: &ParseCx) -> Detection {
    let mut scores = [0usize; FormatId::ALL.len()];
    let mut sampled = 0;
    let sample: Vec<&str> = lines.into_iter().filter(|l| !l.trim().is_empty()).take(SAMPLE_LINES).collect();
    // Per sampled line and format, the level of the line's event (outer
    // `None`: the format rejects the line), kept from this one pass of
    // parses for `level_words` rather than parsing the sample again.
    let mut levels: Vec<[Option<Option<Level>>; FormatId::ALL.len()]> = Vec::with_capacity(sample.len());
    for &line in &sample {
        sampled += 1;
        let mut per = [None; FormatId::ALL.len()];
        for (i, f) in FormatId::ALL.iter().enumerate() {
            if let Some(ev) = f.parse(line, cx) {
                if ev.ts.is_some() || *f == FormatId::Json {
                    scores[i] += 1;
                }
                per[i] = Some(ev.level);
            }
        }
        levels.push(per);
    }
    // Stable sort by score, descending: ties keep priority order.
    let mut ranked: Vec<(usize, FormatId)> =
        FormatId::ALL.iter().enumerate().map(|(i, f)| (scores[i], *f)).collect();
    ranked.sort_by_key(|r| std::cmp::Reverse(r.0));
    let (best_score, best) = ranked[0];
    if best_score == 0 {
        // Nothing recognisable in the sample: still try every format per line,
        // so a file whose first lines are junk is parsed where it can be.
        return Detection {
            format: FormatId::Raw,
            confidence: 0.0,
            sampled,
            fallbacks: FormatId::ALL.to_vec(),
            forced: false,
            level_words: false,
        };
    }
    let fallbacks = ranked[1..].iter().filter(|(s, _)| *s > 0).map(|(_, f)| *f).collect();
    let mut d = Detection {
        format: best,
        confidence: best_score as f32 / sampled.max(1) as f32,
        sampled,
        fallbacks,
        forced: false,
        level_words: false,
    };
    d.level_words = levels_are_words(&d, &sample, &levels);
    d
}

/// Whether every sampled record that has a level spells it as a word
/// (see [`Detection::level_words`]); false when no sampled record has one.
/// A line's record is what [`Detection::parse`] gives: the first of the
/// main format and the fallbacks, in order, that accepts it (`levels`
/// holds what each format made of each line), else a raw event, which has
/// no level.
fn levels_are_words(
    d: &Detection,
    sample: &[&str],
    levels: &[[Option<Option<Level>>; FormatId::ALL.len()]],
) -> bool {
    let index = |f: FormatId| FormatId::ALL.iter().position(|x| *x == f);
    let order: Vec<usize> =
        std::iter::once(d.format).chain(d.fallbacks.iter().copied()).filter_map(index).collect();
    let mut seen = false;
    for (line, per) in sample.iter().zip(levels) {
        let level = order.iter().find_map(|&i| per[i]).flatten();
        if let Some(level) = level {
            seen = true;
            if !crate::event::level::spelled_in(line.as_bytes(), level) {
                return false;
            }
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_sample_is_raw() {
        let d = detect(["", "  "], &ParseCx::utc_now());
        assert_eq!(d.format, FormatId::Raw);
        assert_eq!(d.sampled, 0);
        let ev = d.parse("hello", &ParseCx::utc_now());
        assert_eq!(ev.format, FormatId::Raw);
        assert_eq!(ev.message, "hello");
    }

    /// `level_words` as first written: the sample parsed again with the
    /// detection, every level checked.
    fn level_words_by_reparsing(d: &Detection, sample: &[&str], cx: &ParseCx) -> bool {
        let mut seen = false;
        for line in sample {
            if let Some(level) = d.parse(line, cx).level {
                seen = true;
                if !crate::event::level::spelled_in(line.as_bytes(), level) {
                    return false;
                }
            }
        }
        seen && d.format != FormatId::Raw
    }

    #[test]
    fn level_words_from_the_scoring_pass_equal_a_second_parse_on_every_fixture() {
        let cx = ParseCx::new(crate::format::time::Zone::Utc, crate::format::time::YearRef::forced(2024));
        let (mut files, mut words) = (0, 0);
        for (p, text) in crate::test_texts::fixture_and_loghub_files(true) {
            let sample: Vec<&str> =
                text.lines().filter(|l| !l.trim().is_empty()).take(SAMPLE_LINES).collect();
            let d = detect(sample.iter().copied(), &cx);
            assert_eq!(d.level_words, level_words_by_reparsing(&d, &sample, &cx), "{}", p.display());
            files += 1;
            words += usize::from(d.level_words);
        }
        assert!(files > 20 && words > 5, "{files} {words}");
    }

    #[test]
    fn level_words_only_when_every_level_is_spelled_out() {
        let cx = ParseCx::utc_now();
        let words = [
            r#"{"ts":"2024-03-03T10:00:00Z","level":"info","msg":"a"}"#,
            r#"{"ts":"2024-03-03T10:00:01Z","level":"ERROR","msg":"b"}"#,
        ];
        assert!(detect(words, &cx).level_words);
        let pino = [
            r#"{"time":1709460000000,"level":30,"msg":"a"}"#,
            r#"{"time":1709460001000,"level":50,"msg":"b"}"#,
        ];
        assert!(!detect(pino, &cx).level_words);
        let letters = ["2024-03-03 10:00:00.000 E [main] boom", "2024-03-03 10:00:01.000 I [main] ok"];
        assert!(!detect(letters, &cx).level_words);
        let none = [r#"{"ts":"2024-03-03T10:00:00Z","msg":"a"}"#];
        assert!(!detect(none, &cx).level_words);
    }

    #[test]
    fn forced_format_has_no_fallbacks() {
        let d = Detection::forced(FormatId::Logfmt);
        assert!(d.forced);
        assert_eq!(d.parse("not logfmt at all", &ParseCx::utc_now()).format, FormatId::Raw);
    }
}
