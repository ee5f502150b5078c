//! `check`'s rules: named assertions on the events of a run ("no 5xx",
//! "at most 3 errors in orders", "the service logged `listening`"), each a
//! filter of the shared filter language with a minimum and/or maximum
//! count, and the tallies that decide whether they held.
//!
//! Rules come from the command line (`--max-level`, `--forbid`,
//! `--require`, `--max`, `--max-count`, built in [`flags`]) and from a TOML
//! file (`--rules`, [`rules_file`]). The engine calls [`RuleSet::tally`] on
//! every event of a chunk in parallel; per-chunk [`Tally`]s are merged in
//! the driver, keeping the first offending lines in input order.

pub mod flags;
pub mod rules_file;

use std::sync::Arc;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::event::Event;
use crate::query::Query;
use crate::scan::SourceInfo;

/// One assertion: how many events may (or must) match a filter.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Shown in reports, JSON, annotations and JUnit test case names.
    pub name: String,
    /// Why the rule exists; shown when it is violated.
    pub message: Option<String>,
    /// The events this rule counts.
    pub query: Query,
    /// Only events of sources whose label matches one of these globs.
    pub sources: Option<GlobSet>,
    /// The rule is violated when fewer events match.
    pub min: Option<u64>,
    /// The rule is violated when more events match.
    pub max: Option<u64>,
    /// Where the rule was defined (`--forbid`, `rules.toml:12`), for messages.
    pub origin: String,
}

impl Rule {
    /// A rule over `query` with no bounds yet.
    pub fn new(name: impl Into<String>, query: Query, origin: impl Into<String>) -> Rule {
        Rule {
            name: name.into(),
            message: None,
            query,
            sources: None,
            min: None,
            max: None,
            origin: origin.into(),
        }
    }

    /// Whether the rule counts events of this source at all.
    pub fn applies_to(&self, source: &SourceInfo) -> bool {
        self.sources.as_ref().is_none_or(|g| g.is_match(&source.label))
    }

    /// Whether `count` matching events satisfy the rule.
    pub fn holds(&self, count: u64) -> bool {
        self.min.is_none_or(|m| count >= m) && self.max.is_none_or(|m| count <= m)
    }

    /// The bound as text: `max 0`, `min 1`, `1..=5`.
    pub fn bounds(&self) -> String {
        match (self.min, self.max) {
            (Some(a), Some(b)) => format!("min {a}, max {b}"),
            (Some(a), None) => format!("min {a}"),
            (None, Some(b)) => format!("max {b}"),
            (None, None) => "no bound".into(),
        }
    }
}

/// Compiles source globs (`*/nginx/*`, `*orders*`): `*` crosses `/`, so a
/// pattern need not spell the directory depth of the labels.
pub fn source_globs(globs: &[String]) -> Result<Option<GlobSet>, String> {
    if globs.is_empty() {
        return Ok(None);
    }
    let mut b = GlobSetBuilder::new();
    for g in globs {
        let glob =
            GlobBuilder::new(g).literal_separator(false).build().map_err(|e| format!("source '{g}': {e}"))?;
        b.add(glob);
    }
    b.build().map(Some).map_err(|e| e.to_string())
}

/// An offending record kept for the report.
#[derive(Debug, Clone)]
pub struct Sample {
    /// Input order of the source, then the line: the report shows the
    /// first offending lines of the whole run in this order.
    pub key: ((usize, usize), u64),
    pub source: Arc<SourceInfo>,
    pub line: u64,
    /// RFC 3339 UTC timestamp, if the record has one.
    pub ts: Option<String>,
    /// The record's first line as logged (lossily decoded, cut at
    /// [`SAMPLE_CHARS`]); escaped only when printed.
    pub text: String,
}

/// Longest sample text kept, in characters.
pub const SAMPLE_CHARS: usize = 240;

/// What one rule counted (in a chunk, or merged over the run).
#[derive(Debug, Clone, Default)]
pub struct RuleTally {
    pub count: u64,
    /// The first offending records, in input order, at most `keep`.
    pub samples: Vec<Sample>,
}

/// Counts for every rule, indexed like [`RuleSet::rules`].
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub rules: Vec<RuleTally>,
    /// Events looked at (after the scope filter).
    pub events: u64,
}

/// The rules of one run, with the shared scope every event must pass first.
#[derive(Debug)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    /// The filter options given on the command line: they scope every rule.
    pub scope: Query,
    /// Offending lines kept per rule (`--show`).
    pub keep: usize,
}

impl RuleSet {
    /// An empty tally for this rule set.
    pub fn empty_tally(&self) -> Tally {
        Tally { rules: vec![RuleTally::default(); self.rules.len()], events: 0 }
    }

    /// Counts one event (already known to pass the scope) into `tally`.
    pub fn tally(&self, tally: &mut Tally, ev: &Event<'_>, source: &Arc<SourceInfo>, applies: &[bool]) {
        tally.events += 1;
        for (i, rule) in self.rules.iter().enumerate() {
            if !applies[i] || !rule.query.matches(ev) {
                continue;
            }
            let t = &mut tally.rules[i];
            t.count += 1;
            // Only rules with a maximum have offending lines (for a minimum,
            // the matches are what is wanted).
            if rule.max.is_some() && t.samples.len() < self.keep {
                t.samples.push(sample(ev, source));
            }
        }
    }

    /// Merges a chunk's tally into the run's, keeping the first `keep`
    /// samples in input order whatever order chunks arrive in.
    pub fn merge(&self, into: &mut Tally, part: Tally) {
        into.events += part.events;
        for (a, b) in into.rules.iter_mut().zip(part.rules) {
            a.count += b.count;
            if b.samples.is_empty() {
                continue;
            }
            a.samples.extend(b.samples);
            a.samples.sort_by_key(|s| s.key);
            a.samples.truncate(self.keep);
        }
    }
}

fn sample(ev: &Event<'_>, source: &Arc<SourceInfo>) -> Sample {
    let first = ev.raw.split(|&b| b == b'\n').next().unwrap_or_default();
    let first = first.strip_suffix(b"\r").unwrap_or(first);
    let text = String::from_utf8_lossy(first);
    let text: String = if text.chars().count() > SAMPLE_CHARS {
        text.chars().take(SAMPLE_CHARS).chain("…".chars()).collect()
    } else {
        text.into_owned()
    };
    Sample {
        key: (source.key, ev.line),
        source: source.clone(),
        line: ev.line,
        ts: ev.ts.map(|t| t.to_rfc3339()),
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_decide() {
        let mut r = Rule::new("r", Query::default(), "test");
        r.max = Some(0);
        assert!(r.holds(0) && !r.holds(1));
        r.min = Some(2);
        r.max = Some(3);
        assert!(!r.holds(1) && r.holds(2) && r.holds(3) && !r.holds(4));
        assert_eq!(r.bounds(), "min 2, max 3");
    }

    #[test]
    fn source_globs_cross_directories() {
        let g = source_globs(&["*nginx/*".into()]).unwrap().unwrap();
        assert!(g.is_match("/x/fixtures/incident/web1/nginx/access.log"));
        assert!(!g.is_match("/x/fixtures/incident/app/orders.jsonl"));
        assert!(source_globs(&["a[".into()]).is_err());
        assert!(source_globs(&[]).unwrap().is_none());
    }
}
