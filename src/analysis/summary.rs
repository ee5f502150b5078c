//! What `logsift stats` counts: per-source tallies and the overall
//! aggregates (levels, hosts, apps, templates, HTTP requests), built per
//! chunk and merged in input order.

use crate::analysis::http::{request, Http};
use crate::analysis::partial::{CappedCounts, KeyRun, Merge};
use crate::analysis::template_cache::TemplateMemo;
use crate::analysis::templates::{Miner, MinerConfig, Seen};
use crate::event::{Event, Level};
use crate::format::FormatId;

/// Hosts and apps tracked at most (the rest counts as `(other)`).
pub const MAX_NAMES: usize = 10_000;
/// Examples of unparsed lines kept per source.
pub const MAX_FAILURE_EXAMPLES: usize = 3;

/// Counts by level: index 0 for events without a level, then `Level::ALL`.
pub type LevelCounts = [u64; 10];

/// The slot of a level in [`LevelCounts`].
pub fn level_slot(l: Option<Level>) -> usize {
    l.map_or(0, |l| Level::ALL.iter().position(|x| *x == l).unwrap_or(0) + 1)
}

/// One source's tallies.
#[derive(Debug, Clone, Default)]
pub struct SourceTally {
    pub events: u64,
    /// Records no format parsed (when the source has a format).
    pub failures: u64,
    /// (line, text) of the first unparsed records.
    pub failure_examples: Vec<(u64, String)>,
    pub first: Option<i64>,
    pub last: Option<i64>,
    pub levels: LevelCounts,
}

impl Merge for SourceTally {
    fn merge(&mut self, later: Self) {
        self.events += later.events;
        self.failures += later.failures;
        for ex in later.failure_examples {
            if self.failure_examples.len() < MAX_FAILURE_EXAMPLES {
                self.failure_examples.push(ex);
            }
        }
        self.first = match (self.first, later.first) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.last = self.last.max(later.last);
        for (a, b) in self.levels.iter_mut().zip(later.levels) {
            *a += b;
        }
    }
}

/// The overall aggregates.
#[derive(Debug, Clone)]
pub struct Overall {
    pub levels: LevelCounts,
    pub hosts: CappedCounts<String>,
    pub apps: CappedCounts<String>,
    /// `None` when templates are not wanted.
    pub templates: Option<Miner>,
    pub http: Http,
}

impl Overall {
    /// Empty aggregates; `templates` enables the miner.
    pub fn new(templates: Option<MinerConfig>) -> Overall {
        Overall {
            levels: [0; 10],
            hosts: CappedCounts::new(MAX_NAMES),
            apps: CappedCounts::new(MAX_NAMES),
            templates: templates.map(Miner::new),
            http: Http::default(),
        }
    }
}

impl Merge for Overall {
    fn merge(&mut self, later: Self) {
        for (a, b) in self.levels.iter_mut().zip(later.levels) {
            *a += b;
        }
        self.hosts.merge(later.hosts);
        self.apps.merge(later.apps);
        match (&mut self.templates, later.templates) {
            (Some(a), Some(b)) => a.merge(b),
            (None, b) => self.templates = b,
            _ => {}
        }
        self.http.merge(later.http);
    }
}

/// What one chunk (or, merged, one source) contributed.
#[derive(Debug, Clone)]
pub struct Part {
    pub tally: SourceTally,
    pub overall: Overall,
}

impl Part {
    /// Nothing yet; `templates` enables the miner.
    pub fn empty(templates: Option<MinerConfig>) -> Part {
        Part { tally: SourceTally::default(), overall: Overall::new(templates) }
    }
}

impl Merge for Part {
    fn merge(&mut self, later: Self) {
        self.tally.merge(later.tally);
        self.overall.merge(later.overall);
    }
}

/// What one event contributes to the template miner (the same for the
/// summary and for `stats --events`, so both mine alike).
pub fn template_seen<'a>(ev: &'a Event<'_>) -> Seen<'a> {
    let ts = ev.ts.map(|t| t.nanos);
    Seen { count: 1, first: ts, last: ts, level: ev.level, example: ev.raw, origin: ev.source }
}

/// Accumulates events into a [`Part`]; one per chunk.
pub struct Summarizer {
    part: Part,
    /// Whether the source has a format (so Raw records are failures).
    has_format: bool,
    /// Template ids of repeated messages (flushed into the miner by `finish`).
    memo: TemplateMemo,
    /// Repeats of the previous event's host and app (flushed by `finish`).
    host_run: KeyRun,
    app_run: KeyRun,
}

impl Summarizer {
    /// A summarizer for a chunk of a source detected as `format`.
    pub fn new(format: FormatId, templates: Option<MinerConfig>) -> Summarizer {
        Summarizer {
            part: Part { tally: SourceTally::default(), overall: Overall::new(templates) },
            has_format: format != FormatId::Raw,
            memo: TemplateMemo::new(),
            host_run: KeyRun::default(),
            app_run: KeyRun::default(),
        }
    }

    /// The chunk's part, with every template observation in its miner.
    pub fn finish(mut self) -> Part {
        if let Some(m) = &mut self.part.overall.templates {
            self.memo.flush(m);
        }
        self.host_run.flush(&mut self.part.overall.hosts);
        self.app_run.flush(&mut self.part.overall.apps);
        self.part
    }

    /// Counts one event.
    pub fn add(&mut self, ev: &Event<'_>) {
        let t = &mut self.part.tally;
        let o = &mut self.part.overall;
        t.events += 1;
        if self.has_format && ev.format == FormatId::Raw {
            t.failures += 1;
            if t.failure_examples.len() < MAX_FAILURE_EXAMPLES {
                let raw = &ev.raw[..ev.raw.len().min(200)];
                t.failure_examples.push((ev.line, String::from_utf8_lossy(raw).into_owned()));
            }
        }
        let ts = ev.ts.map(|t| t.nanos);
        if let Some(n) = ts {
            t.first = Some(t.first.map_or(n, |f| f.min(n)));
            t.last = t.last.max(Some(n));
        }
        let slot = level_slot(ev.level);
        t.levels[slot] += 1;
        o.levels[slot] += 1;
        if let Some(h) = &ev.host {
            self.host_run.add(&mut o.hosts, h);
        }
        if let Some(a) = &ev.app {
            self.app_run.add(&mut o.apps, a);
        }
        if let Some(m) = &mut o.templates {
            self.memo.observe(m, &ev.message, template_seen(ev));
        }
        if let Some(r) = request(ev) {
            o.http.add(&r, ts);
        }
    }
}
