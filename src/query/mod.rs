//! The filter language shared by `filter`, `timeline`, `trace`, `logins`,
//! `stats` and `check`: a time window, a level bound, text patterns and
//! field predicates, all of which an event must satisfy.
//!
//! A [`Query`] is compiled once from [`FilterArgs`] and then tested on
//! every event. It also gives the scanner a [`Prefilter`] (from the text
//! patterns) so that records which cannot match are never parsed:
//! [`Query::for_each_match`] is the one call a command needs per chunk.

pub mod field;
pub mod text;
pub mod time;

use anyhow::{bail, Context, Result};

use crate::cli::FilterArgs;
use crate::event::{Event, Level};
use crate::format::time::Zone;
use crate::scan::prefilter::Prefilter;
use crate::scan::{Chunk, SourceInfo};

pub use field::FieldPred;
pub use text::TextMatcher;

/// Which levels pass `--level`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LevelCond {
    /// `--level warn`: this level and anything more severe.
    AtLeast(Level),
    /// `--level =error` or `=warn,error`: exactly these levels.
    Exactly(Vec<Level>),
}

impl LevelCond {
    /// Parses `warn`, `=error`, `=warn,error`.
    pub fn parse(text: &str) -> Result<LevelCond, String> {
        let t = text.trim();
        match t.strip_prefix('=') {
            Some(list) => {
                let levels =
                    list.split(',').map(|w| w.trim().parse::<Level>()).collect::<Result<Vec<_>, _>>()?;
                Ok(LevelCond::Exactly(levels))
            }
            None => Ok(LevelCond::AtLeast(t.trim_start_matches(">=").parse()?)),
        }
    }

    /// A literal prefilter for the spellings of every accepted level.
    pub fn prefilter(&self) -> Option<Prefilter> {
        let levels: Vec<Level> = Level::ALL.into_iter().filter(|l| self.accepts(Some(*l))).collect();
        Prefilter::literals(crate::event::level::prefilter_words(&levels), false).ok()
    }

    /// Whether a level passes; an event without a level never does.
    pub fn accepts(&self, level: Option<Level>) -> bool {
        match (self, level) {
            (_, None) => false,
            (LevelCond::AtLeast(min), Some(l)) => l >= *min,
            (LevelCond::Exactly(set), Some(l)) => set.contains(&l),
        }
    }
}

/// A compiled filter: every condition given must hold.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// Inclusive lower bound, UTC nanoseconds.
    pub since: Option<i64>,
    /// Exclusive upper bound, UTC nanoseconds.
    pub until: Option<i64>,
    pub level: Option<LevelCond>,
    pub text: Option<TextMatcher>,
    pub fields: Vec<FieldPred>,
    /// "Now" used for relative times (for reporting what was resolved).
    pub now: i64,
    /// Built once from `text`: what the scanner runs over raw bytes.
    prefilter: Option<Prefilter>,
    /// Built once from `level`: the spellings of the accepted levels, for
    /// sources whose levels are words (see `Detection::level_words`).
    level_prefilter: Option<Prefilter>,
}

impl Query {
    /// Compiles the filter options. Zone-less times are read in `zone`,
    /// relative ones against `--now` (default: the system clock).
    pub fn from_args(args: &FilterArgs, zone: Zone) -> Result<Query> {
        let now = match &args.now {
            Some(t) => time::parse_time(t, zone, 0).map_err(anyhow::Error::msg).context("--now")?,
            None => time::system_now(),
        };
        let at = |flag: &str, v: &Option<String>| -> Result<Option<i64>> {
            v.as_deref()
                .map(|t| time::parse_time(t, zone, now).map_err(anyhow::Error::msg))
                .transpose()
                .with_context(|| flag.to_string())
        };
        let mut since = at("--since", &args.since)?;
        let mut until = at("--until", &args.until)?;
        if let Some(center) = at("--around", &args.around)? {
            let w = time::parse_duration(&args.window).map_err(anyhow::Error::msg).context("--window")?;
            since = Some(since.map_or(center - w, |s| s.max(center - w)));
            until = Some(until.map_or(center + w, |u| u.min(center + w)));
        }
        if let (Some(s), Some(u)) = (since, until) {
            if s >= u {
                bail!("the time window is empty: --since is not before --until");
            }
        }
        let level = args
            .level
            .as_deref()
            .map(LevelCond::parse)
            .transpose()
            .map_err(anyhow::Error::msg)
            .context("--level")?;
        let text = TextMatcher::new(&args.regex, &args.fixed, args.ignore_case, args.word, args.invert)
            .map_err(anyhow::Error::msg)?;
        if args.invert && text.is_none() {
            bail!("-v/--invert-match needs a pattern (-e or -F)");
        }
        let fields = args
            .fields
            .iter()
            .map(|f| FieldPred::parse(f))
            .collect::<Result<Vec<_>, _>>()
            .map_err(anyhow::Error::msg)?;
        let prefilter = text.as_ref().and_then(TextMatcher::prefilter);
        let level_prefilter = level.as_ref().and_then(LevelCond::prefilter);
        Ok(Query { since, until, level, text, fields, now, prefilter, level_prefilter })
    }

    /// True when no condition was given: every event matches.
    pub fn is_empty(&self) -> bool {
        self.since.is_none()
            && self.until.is_none()
            && self.level.is_none()
            && self.text.is_none()
            && self.fields.is_empty()
    }

    /// `[since, until)` in UTC nanoseconds.
    pub fn time_range(&self) -> (Option<i64>, Option<i64>) {
        (self.since, self.until)
    }

    /// Whether an event matches every condition. With a time window, an
    /// event without a timestamp does not match.
    pub fn matches(&self, ev: &Event<'_>) -> bool {
        if self.since.is_some() || self.until.is_some() {
            let Some(ts) = ev.ts else { return false };
            if self.since.is_some_and(|s| ts.nanos < s) || self.until.is_some_and(|u| ts.nanos >= u) {
                return false;
            }
        }
        if let Some(l) = &self.level {
            if !l.accepts(ev.level) {
                return false;
            }
        }
        if let Some(t) = &self.text {
            if !t.matches(ev.raw) {
                return false;
            }
        }
        self.fields.iter().all(|f| f.matches(ev))
    }

    /// The text prefilter the scanner can run over raw chunk bytes, if any.
    pub fn prefilter(&self) -> Option<&Prefilter> {
        self.prefilter.as_ref()
    }

    /// The prefilter to use on a chunk of `source`: the text patterns when
    /// there are any, else the level words when the source writes its
    /// levels as words (so `--level error` does not parse info lines).
    pub fn prefilter_for(&self, source: &SourceInfo) -> Option<&Prefilter> {
        let level = self.level_prefilter.as_ref().filter(|_| source.detection.level_words);
        self.prefilter.as_ref().or(level)
    }

    /// Calls `f` with every matching event of a chunk, in order. With a
    /// prefilter, only the records that contain a hit are parsed. Returns
    /// how many records were parsed (for `--stats`).
    pub fn for_each_match(&self, chunk: &Chunk, f: &mut dyn FnMut(Event<'_>)) -> u64 {
        let mut parsed = 0u64;
        let empty = self.is_empty();
        let mut keep = |ev: Event<'_>| {
            parsed += 1;
            // No condition: every event matches, no per-event test needed.
            if empty || self.matches(&ev) {
                f(ev)
            }
        };
        match self.prefilter_for(&chunk.source) {
            Some(p) => chunk.for_each_candidate_event(p, &mut keep),
            None => chunk.for_each_event(&mut keep),
        }
        parsed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::timestamp::{Timestamp, NANOS};
    use crate::format::FormatId;

    fn args() -> FilterArgs {
        FilterArgs { now: Some("2024-03-03T12:00:00Z".into()), window: "5m".into(), ..FilterArgs::default() }
    }

    fn ev_at(secs: i64, level: Level, raw: &'static str) -> Event<'static> {
        let mut e = Event::new(FormatId::Logfmt, raw);
        e.ts = Some(Timestamp::new(secs * NANOS, 0));
        e.level = Some(level);
        e.raw = raw.as_bytes();
        e
    }

    #[test]
    fn levels() {
        assert_eq!(LevelCond::parse("warn"), Ok(LevelCond::AtLeast(Level::Warn)));
        assert_eq!(LevelCond::parse("=error,crit"), Ok(LevelCond::Exactly(vec![Level::Error, Level::Crit])));
        let c = LevelCond::parse("WARNING").unwrap();
        assert!(c.accepts(Some(Level::Error)) && !c.accepts(Some(Level::Info)) && !c.accepts(None));
        assert!(!LevelCond::parse("=error").unwrap().accepts(Some(Level::Crit)));
        assert!(LevelCond::parse("loud").is_err());
    }

    #[test]
    fn window_level_text_and_fields_all_apply() {
        let noon = 1_709_467_200; // 2024-03-03T12:00:00Z
        let q = Query::from_args(
            &FilterArgs {
                around: Some("2024-03-03T12:00:00Z".into()),
                level: Some("warn".into()),
                fixed: vec!["timeout".into()],
                ..args()
            },
            Zone::Utc,
        )
        .unwrap();
        assert_eq!(q.time_range(), (Some((noon - 300) * NANOS), Some((noon + 300) * NANOS)));
        assert!(q.matches(&ev_at(noon, Level::Error, "db timeout")));
        assert!(!q.matches(&ev_at(noon, Level::Info, "db timeout")), "level");
        assert!(!q.matches(&ev_at(noon, Level::Error, "db slow")), "text");
        assert!(!q.matches(&ev_at(noon + 300, Level::Error, "db timeout")), "until is exclusive");
        assert!(q.matches(&ev_at(noon - 300, Level::Error, "db timeout")), "since is inclusive");
        let mut no_ts = ev_at(noon, Level::Error, "db timeout");
        no_ts.ts = None;
        assert!(!q.matches(&no_ts));
    }

    #[test]
    fn relative_since_and_errors() {
        let q = Query::from_args(&FilterArgs { since: Some("2h".into()), ..args() }, Zone::Utc).unwrap();
        assert_eq!(q.since, Some((1_709_467_200 - 7200) * NANOS));
        assert!(Query::from_args(&FilterArgs::default(), Zone::Utc).unwrap().is_empty());
        let bad = |a: FilterArgs| Query::from_args(&a, Zone::Utc).unwrap_err().to_string();
        assert!(bad(FilterArgs { since: Some("noonish".into()), ..args() }).contains("--since"));
        assert!(bad(FilterArgs { since: Some("1h".into()), until: Some("2h".into()), ..args() })
            .contains("empty"));
        assert!(bad(FilterArgs { invert: true, ..args() }).contains("needs a pattern"));
    }
}
