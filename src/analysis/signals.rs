//! What `logsift anomalies` collects per chunk: counts per time slot (all
//! events, errors, HTTP 5xx/4xx), gaps between events, busy subjects
//! (client IPs, users, endpoints), per-endpoint latency sketches, a few
//! evidence lines per slot, and the message templates.
//!
//! A *slot* is the collection resolution (`res`, 1 minute unless a finer
//! `--bucket` asks for less); findings use buckets of whole slots. Memory
//! is bounded by the number of slots, templates and busy subjects: at the
//! end of a chunk, subjects that never reached [`BUSY`] events in one slot
//! are dropped (a flood is hundreds of events; one spread thinly over many
//! chunks of the same slot can be undercounted), and at most [`MAX_LINES`]
//! evidence lines are kept per slot and kind.

use std::borrow::Cow;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use memchr::memmem::Finder;
use std::collections::BTreeMap;

use crate::analysis::endpoints::{template_path_into, Templated};
use crate::analysis::http::request;
use crate::analysis::partial::{FastMap, Merge};
use crate::analysis::quantiles::Sketch;
use crate::analysis::subjects::ChunkSubjects;
use crate::analysis::template_cache::TemplateMemo;
use crate::analysis::templates::{Miner, MinerConfig, Seen};
use crate::event::{Event, Level};

/// Events of one subject in one slot for it to be kept past its chunk.
pub const BUSY: u32 = 3;
/// Evidence lines kept per slot and kind.
pub const MAX_LINES: usize = 3;
/// Longest evidence line kept (bytes).
pub const MAX_LINE: usize = 300;
/// Largest gaps kept per source family.
const MAX_GAPS: usize = 8;
/// Endpoints with latency tracked per chunk at most.
const MAX_LATENCY_ENDPOINTS: usize = 200;

/// Who a flood can come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SubjectKind {
    Ip,
    User,
    Endpoint,
}

impl SubjectKind {
    /// Every kind, in the order of [`Signals::subjects`].
    pub const ALL: [SubjectKind; 3] = [SubjectKind::Ip, SubjectKind::User, SubjectKind::Endpoint];

    /// Name used in findings (`ip 203.0.113.77`).
    pub fn as_str(self) -> &'static str {
        match self {
            SubjectKind::Ip => "ip",
            SubjectKind::User => "user",
            SubjectKind::Endpoint => "endpoint",
        }
    }
}

/// A silence between two consecutive events of a source family.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    pub from: i64,
    pub to: i64,
    pub before: String,
    pub after: String,
}

/// One subject's events per slot, and its first line.
#[derive(Debug, Clone, Default)]
pub struct SubjectSeries {
    pub slots: BTreeMap<i64, u32>,
    pub example: String,
}

/// Per-slot latency of one endpoint: a sketch and the slowest request.
#[derive(Debug, Clone)]
pub struct SlotLatency {
    pub sketch: Sketch,
    pub slowest: (f64, String),
}

/// A run of events in one slot (see `Signals::run`).
#[derive(Debug, Clone, Copy)]
struct SlotRun {
    slot: i64,
    events: u64,
    has_line: bool,
}

/// Evidence lines per slot.
pub type Lines = BTreeMap<i64, Vec<String>>;

/// Everything collected from a chunk, a source, or a family of sources.
#[derive(Debug, Clone)]
pub struct Signals {
    /// Slot width, nanoseconds.
    pub res: i64,
    pub events: BTreeMap<i64, u64>,
    pub errors: BTreeMap<i64, u64>,
    pub http5: BTreeMap<i64, u64>,
    pub http4: BTreeMap<i64, u64>,
    /// Events with a timestamp, and the first and last of them.
    pub timed: u64,
    pub first: Option<(i64, String)>,
    pub last: Option<(i64, String)>,
    pub gaps: Vec<Gap>,
    /// Busy subjects, one map per [`SubjectKind`] (filled from `live` by
    /// [`Signals::prune`] or a merge).
    pub subjects: [FastMap<String, SubjectSeries>; 3],
    /// The subjects of the chunk being collected (see `analysis::subjects`).
    live: ChunkSubjects,
    /// The latest event's time and line (cut) while collecting: `last` is
    /// written from it by [`Signals::prune`] or a merge, so that events do
    /// not each build a `String`.
    latest: Option<(i64, Vec<u8>)>,
    /// Events of the slot being collected, not yet in `events` (consecutive
    /// events nearly always share a slot: one map update per run), and
    /// whether that slot has its evidence line.
    run: Option<SlotRun>,
    /// The same per subject kind for `population`: (slot, events, distinct).
    pop_run: [Option<(i64, u64, u64)>; 3],
    /// Per (kind, slot): events with such a subject, and distinct subjects.
    pub population: FastMap<(SubjectKind, i64), (u64, u64)>,
    /// Reused buffers for the `METHOD /path/{id}` endpoint name and its path.
    scratch: String,
    path_scratch: String,
    pub latency: FastMap<String, BTreeMap<i64, SlotLatency>>,
    pub lines: Lines,
    pub error_lines: Lines,
    pub http5_lines: Lines,
    pub http4_lines: Lines,
    pub miner: Miner,
}

fn cut(raw: &[u8]) -> String {
    lossy(&raw[..raw.len().min(MAX_LINE)])
}

/// `bytes` as text, invalid UTF-8 repaired (no cut: see `cut`).
///
/// Valid UTF-8 (nearly every line) is checked by `str::from_utf8`, whose
/// ASCII fast path reads words at a time; `from_utf8_lossy` walks bytes
/// one by one, which was 4 % of `anomalies`. Same text either way.
pub(crate) fn lossy(bytes: &[u8]) -> String {
    let mut s = String::new();
    push_lossy(&mut s, bytes);
    s
}

/// Appends `bytes` to `out` as [`lossy`] gives them (no new allocation
/// when `out` has room).
fn push_lossy(out: &mut String, bytes: &[u8]) {
    match crate::utf8::text(bytes) {
        Some(t) => out.push_str(t),
        None => out.push_str(&String::from_utf8_lossy(bytes)),
    }
}

fn add_line(lines: &mut Lines, slot: i64, raw: &[u8]) {
    let v = lines.entry(slot).or_default();
    if v.len() < MAX_LINES {
        v.push(cut(raw));
    }
}

/// A substring search built once (`str::find` builds its searcher on every
/// call, which was 7 % of `anomalies`).
struct Needle(OnceLock<Finder<'static>>, &'static str);

impl Needle {
    const fn new(s: &'static str) -> Needle {
        Needle(OnceLock::new(), s)
    }
    /// Byte offset of the first occurrence in `hay`, as `hay.find(needle)`.
    fn find(&self, hay: &str) -> Option<usize> {
        self.0.get_or_init(|| Finder::new(self.1)).find(hay.as_bytes())
    }
    fn len(&self) -> usize {
        self.1.len()
    }
}

static FROM: Needle = Needle::new(" from ");
static RHOST: Needle = Needle::new("rhost=");
static FAILED: Needle = Needle::new("Failed password for ");
static INVALID: Needle = Needle::new("Invalid user ");
static AUTH_FAILURE: Needle = Needle::new("authentication failure");

/// Whether `msg` holds any needle of [`client_in_message`] or
/// [`user_in_message`]. Most messages (requests, application events) hold
/// none: one multi-pattern scan tells them apart, where the two searches
/// would take five (each with its own start-up cost on a short message).
pub fn may_name_subject(msg: &str) -> bool {
    static ANY: OnceLock<AhoCorasick> = OnceLock::new();
    ANY.get_or_init(|| {
        let needles = [&FROM, &RHOST, &FAILED, &INVALID, &AUTH_FAILURE].map(|n| n.1);
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(needles)
            .expect("fixed needles build")
    })
    .is_match(msg)
}

/// The IPv4 address after `from ` or `rhost=` in an auth message.
pub fn client_in_message(msg: &str) -> Option<&str> {
    for key in [&FROM, &RHOST] {
        let mut rest = msg;
        while let Some(p) = key.find(rest) {
            let after = &rest[p + key.len()..];
            let end = after.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(after.len());
            let cand = &after[..end];
            if cand.split('.').count() == 4 && cand.split('.').all(|o| !o.is_empty() && o.len() <= 3) {
                return Some(cand);
            }
            rest = after;
        }
    }
    None
}

/// The user of an authentication failure (`Failed password for [invalid
/// user] NAME from`, `Invalid user NAME from`, `user=NAME`).
pub fn user_in_message(msg: &str) -> Option<&str> {
    fn word(s: &str) -> Option<&str> {
        s.split_whitespace().next().filter(|w| *w != "from")
    }
    if let Some(p) = FAILED.find(msg) {
        let rest = &msg[p + 20..];
        return word(rest.strip_prefix("invalid user ").unwrap_or(rest));
    }
    if let Some(p) = INVALID.find(msg) {
        return word(&msg[p + 13..]);
    }
    if AUTH_FAILURE.find(msg).is_some() {
        if let Some(p) = msg.rfind(" user=") {
            return word(&msg[p + 6..]);
        }
    }
    None
}

/// Field names that name a user, best first.
const USER_FIELDS: [&str; 4] = ["user", "username", "user.id", "user_id"];

/// The value of the best-ranked [`USER_FIELDS`] name present (its first
/// occurrence), as `USER_FIELDS.iter().find_map(|k| ev.field(k))` finds
/// it, in one pass over the fields instead of one per name.
fn user_field<'e>(ev: &'e Event<'_>) -> Option<&'e crate::event::Value<'e>> {
    let mut best: Option<(usize, &crate::event::Value<'_>)> = None;
    for (k, v) in &ev.fields {
        let k: &str = k;
        if !k.starts_with('u') {
            continue;
        }
        let Some(rank) = USER_FIELDS.iter().position(|u| *u == k) else { continue };
        if best.is_none_or(|(r, _)| rank < r) {
            best = Some((rank, v));
            if rank == 0 {
                break;
            }
        }
    }
    best.map(|(_, v)| v)
}

impl Signals {
    /// Empty signals at slot width `res` (nanoseconds).
    pub fn new(res: i64, templates: MinerConfig) -> Signals {
        Signals {
            res,
            events: BTreeMap::new(),
            errors: BTreeMap::new(),
            http5: BTreeMap::new(),
            http4: BTreeMap::new(),
            timed: 0,
            first: None,
            last: None,
            gaps: Vec::new(),
            subjects: Default::default(),
            live: ChunkSubjects::default(),
            latest: None,
            run: None,
            pop_run: [None; 3],
            population: FastMap::default(),
            scratch: String::new(),
            path_scratch: String::new(),
            latency: FastMap::default(),
            lines: Lines::new(),
            error_lines: Lines::new(),
            http5_lines: Lines::new(),
            http4_lines: Lines::new(),
            miner: Miner::new(templates),
        }
    }

    /// Collects one event; `memo` (one per chunk) answers repeated
    /// messages' templates: call `memo.flush(&mut self.miner)` at the end.
    pub fn add(&mut self, ev: &Event<'_>, memo: &mut TemplateMemo) {
        let ts = ev.ts.map(|t| t.nanos);
        let seen =
            Seen { count: 1, first: ts, last: ts, level: ev.level, example: ev.raw, origin: ev.source };
        memo.observe(&mut self.miner, &ev.message, seen);
        let Some(t) = ts else { return };
        let slot = t.div_euclid(self.res);
        self.timed += 1;
        let run = match self.run {
            Some(r) if r.slot == slot => self.run.as_mut().expect("matched"),
            _ => {
                self.flush_run();
                let has_line = self.lines.get(&slot).is_some_and(|v| !v.is_empty());
                self.run.insert(SlotRun { slot, events: 0, has_line })
            }
        };
        run.events += 1;
        if !run.has_line {
            run.has_line = true;
            add_line(&mut self.lines, slot, ev.raw);
        }
        self.settle_latest_into_pending();
        match self.latest.as_ref().map(|l| l.0) {
            Some(prev) if t > prev => {
                if self.gap_kept(t - prev) {
                    let before = self.latest.as_ref().map_or(String::new(), |l| lossy(&l.1));
                    self.insert_gap(Gap { from: prev, to: t, before, after: cut(ev.raw) });
                }
                let latest = self.latest.as_mut().expect("matched above");
                latest.0 = t;
                latest.1.clear();
                latest.1.extend_from_slice(&ev.raw[..ev.raw.len().min(MAX_LINE)]);
            }
            Some(_) => {}
            None => {
                self.first = Some((t, cut(ev.raw)));
                self.latest = Some((t, ev.raw[..ev.raw.len().min(MAX_LINE)].to_vec()));
            }
        }
        if ev.level.is_some_and(|l| l >= Level::Error) {
            *self.errors.entry(slot).or_insert(0) += 1;
            add_line(&mut self.error_lines, slot, ev.raw);
        }
        let req = request(ev);
        if let Some(r) = &req {
            if r.status >= 500 {
                *self.http5.entry(slot).or_insert(0) += 1;
                add_line(&mut self.http5_lines, slot, ev.raw);
            } else if r.status >= 400 {
                *self.http4.entry(slot).or_insert(0) += 1;
                add_line(&mut self.http4_lines, slot, ev.raw);
            }
            // `METHOD /path/{id}` into the reused buffer: no String per request.
            let mut ep = std::mem::take(&mut self.scratch);
            ep.clear();
            ep.push_str(r.method);
            ep.push(' ');
            match template_path_into(r.path, &mut self.path_scratch) {
                Templated::Borrowed(p) => ep.push_str(p),
                Templated::Written => ep.push_str(&self.path_scratch),
            }
            if let Some(l) = r.latency_ms {
                if !self.latency.contains_key(ep.as_str()) && self.latency.len() < MAX_LATENCY_ENDPOINTS {
                    self.latency.insert(ep.clone(), BTreeMap::new());
                }
                if let Some(series) = self.latency.get_mut(ep.as_str()) {
                    let s = series.entry(slot).or_insert_with(|| SlotLatency {
                        sketch: Sketch::new(0.02),
                        slowest: (f64::NEG_INFINITY, String::new()),
                    });
                    s.sketch.add(l);
                    if l > s.slowest.0 {
                        s.slowest.0 = l;
                        s.slowest.1.clear();
                        push_lossy(&mut s.slowest.1, &ev.raw[..ev.raw.len().min(MAX_LINE)]);
                    }
                }
            }
            self.subject(SubjectKind::Endpoint, &ep, slot, ev.raw);
            self.scratch = ep;
        }
        // The message scans only when a needle is there (same answers).
        let mut named = None;
        let mut may_name = || *named.get_or_insert_with(|| may_name_subject(&ev.message));
        let ip = req.as_ref().and_then(|r| r.client).or_else(|| {
            if may_name() {
                client_in_message(&ev.message)
            } else {
                None
            }
        });
        if let Some(ip) = ip {
            self.subject(SubjectKind::Ip, ip, slot, ev.raw);
        }
        let user = user_field(ev).map(|v| v.as_text()).or_else(|| {
            if may_name() {
                user_in_message(&ev.message).map(Cow::Borrowed)
            } else {
                None
            }
        });
        if let Some(u) = user {
            self.subject(SubjectKind::User, &u, slot, ev.raw);
        }
    }

    fn subject(&mut self, kind: SubjectKind, name: &str, slot: i64, raw: &[u8]) {
        let c = self.live.bump(kind as usize, name, slot, raw);
        let k = kind as usize;
        let p = match self.pop_run[k] {
            Some(p) if p.0 == slot => self.pop_run[k].as_mut().expect("matched"),
            _ => {
                self.flush_pop_run(k);
                self.pop_run[k].insert((slot, 0, 0))
            }
        };
        p.1 += 1;
        if c == 1 {
            p.2 += 1;
        }
    }

    /// Adds the pending run of events to `events`.
    fn flush_run(&mut self) {
        if let Some(r) = self.run.take() {
            *self.events.entry(r.slot).or_insert(0) += r.events;
        }
    }

    /// Adds the pending run of kind `k` to `population`.
    fn flush_pop_run(&mut self, k: usize) {
        if let Some((slot, n, d)) = self.pop_run[k].take() {
            let p = self.population.entry((SubjectKind::ALL[k], slot)).or_insert((0, 0));
            p.0 += n;
            p.1 += d;
        }
    }

    /// Whether a gap of `len` makes the [`MAX_GAPS`] largest.
    fn gap_kept(&self, len: i64) -> bool {
        self.gaps.len() < MAX_GAPS || self.gaps.iter().any(|x| x.to - x.from < len)
    }

    /// Keeps `g` (whose `after` is set) among the largest gaps.
    fn insert_gap(&mut self, g: Gap) {
        self.gaps.push(g);
        if self.gaps.len() > MAX_GAPS {
            let (i, _) = self.gaps.iter().enumerate().min_by_key(|(_, x)| x.to - x.from).unwrap();
            self.gaps.remove(i);
        }
    }

    fn push_gap(&mut self, mut g: Gap, after: &[u8]) {
        if !self.gap_kept(g.to - g.from) {
            return;
        }
        g.after = cut(after);
        self.insert_gap(g);
    }

    /// Before collecting: a `last` that came from a merge becomes `latest`.
    fn settle_latest_into_pending(&mut self) {
        if self.latest.is_none() {
            if let Some((t, line)) = self.last.take() {
                self.latest = Some((t, line.into_bytes()));
            }
        }
    }

    /// Writes what collecting keeps in working form (`latest`, `live`)
    /// into the public fields; subjects with fewer than `at_least` events
    /// in every slot are dropped.
    fn settle(&mut self, at_least: u32) {
        self.flush_run();
        for k in 0..3 {
            self.flush_pop_run(k);
        }
        if let Some((t, line)) = self.latest.take() {
            self.last = Some((t, lossy(&line)));
        }
        if !self.live.is_empty() {
            self.live.drain_into(&mut self.subjects, at_least);
        }
    }

    /// Every busy subject: (kind, name, series).
    pub fn subject_iter(&self) -> impl Iterator<Item = (SubjectKind, &str, &SubjectSeries)> + '_ {
        SubjectKind::ALL
            .into_iter()
            .zip(&self.subjects)
            .flat_map(|(k, m)| m.iter().map(move |(n, s)| (k, n.as_str(), s)))
    }

    /// Drops the subjects that were never busy (call at the end of a
    /// chunk, before reading the public fields).
    pub fn prune(&mut self) {
        self.settle(BUSY);
        for m in &mut self.subjects {
            m.retain(|_, s| s.slots.values().any(|&c| c >= BUSY));
        }
    }
}

fn add_counts(a: &mut BTreeMap<i64, u64>, b: BTreeMap<i64, u64>) {
    for (k, v) in b {
        *a.entry(k).or_insert(0) += v;
    }
}

fn add_lines(a: &mut Lines, b: Lines) {
    for (k, v) in b {
        let e = a.entry(k).or_default();
        for l in v {
            if e.len() < MAX_LINES {
                e.push(l);
            }
        }
    }
}

impl Merge for Signals {
    fn merge(&mut self, mut later: Self) {
        self.settle(0);
        later.settle(0);
        add_counts(&mut self.events, later.events);
        add_counts(&mut self.errors, later.errors);
        add_counts(&mut self.http5, later.http5);
        add_counts(&mut self.http4, later.http4);
        self.timed += later.timed;
        if let (Some((t0, before)), Some((t1, after))) = (&self.last, &later.first) {
            if t1 > t0 {
                let g = Gap { from: *t0, to: *t1, before: before.clone(), after: String::new() };
                let after = after.clone();
                self.push_gap(g, after.as_bytes());
            }
        }
        for g in later.gaps {
            let after = g.after.clone();
            self.push_gap(g, after.as_bytes());
        }
        if self.first.is_none() {
            self.first = later.first;
        }
        if later.last.as_ref().is_some_and(|(t, _)| self.last.as_ref().is_none_or(|(s, _)| t >= s)) {
            self.last = later.last;
        }
        for (kind, m) in later.subjects.into_iter().enumerate() {
            for (name, s) in m {
                let e = self.subjects[kind].entry(name).or_default();
                if e.example.is_empty() {
                    e.example = s.example;
                }
                for (slot, c) in s.slots {
                    *e.slots.entry(slot).or_insert(0) += c;
                }
            }
        }
        for (k, (n, d)) in later.population {
            let e = self.population.entry(k).or_insert((0, 0));
            e.0 += n;
            e.1 += d;
        }
        for (ep, slots) in later.latency {
            let e = self.latency.entry(ep).or_default();
            for (slot, l) in slots {
                match e.get_mut(&slot) {
                    Some(x) => {
                        x.sketch.merge(l.sketch);
                        if l.slowest.0 > x.slowest.0 {
                            x.slowest = l.slowest;
                        }
                    }
                    None => {
                        e.insert(slot, l);
                    }
                }
            }
        }
        add_lines(&mut self.lines, later.lines);
        add_lines(&mut self.error_lines, later.error_lines);
        add_lines(&mut self.http5_lines, later.http5_lines);
        add_lines(&mut self.http4_lines, later.http4_lines);
        self.miner.merge(later.miner);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::time::{YearRef, Zone};
    use crate::format::{FormatId, ParseCx};

    /// Events of the format fixtures, each file twice (so times go back).
    fn fixture_lines() -> Vec<(FormatId, &'static str)> {
        let files = [
            (FormatId::Access, include_str!("../../fixtures/formats/access.log")),
            (FormatId::Syslog, include_str!("../../fixtures/formats/syslog.log")),
            (FormatId::Json, include_str!("../../fixtures/formats/json.log")),
            (FormatId::Logfmt, include_str!("../../fixtures/formats/logfmt.log")),
            (FormatId::LevelText, include_str!("../../fixtures/formats/leveltext.log")),
            (FormatId::ApacheError, include_str!("../../fixtures/formats/apache-error.log")),
        ];
        let mut v = Vec::new();
        for _ in 0..2 {
            for (f, text) in files {
                v.extend(text.lines().map(|l| (f, l)));
            }
        }
        v
    }

    #[test]
    fn slot_runs_and_the_latest_line_give_the_per_event_answers() {
        let cx = ParseCx::new(Zone::Utc, YearRef::forced(2024));
        let res = 1_000_000_000;
        let mut sig = Signals::new(res, MinerConfig::default());
        let mut memo = TemplateMemo::new();
        // The per-event bookkeeping as first written.
        let mut events: BTreeMap<i64, u64> = BTreeMap::new();
        let mut lines = Lines::new();
        let mut first: Option<(i64, String)> = None;
        let mut last: Option<(i64, String)> = None;
        let mut gaps = Signals::new(res, MinerConfig::default());
        let mut n = 0;
        for (f, line) in fixture_lines() {
            let Some(mut ev) = f.parse(line, &cx) else { continue };
            ev.raw = line.as_bytes();
            sig.add(&ev, &mut memo);
            let Some(t) = ev.ts.map(|t| t.nanos) else { continue };
            n += 1;
            let slot = t.div_euclid(res);
            *events.entry(slot).or_insert(0) += 1;
            if lines.get(&slot).is_none_or(|v| v.is_empty()) {
                add_line(&mut lines, slot, ev.raw);
            }
            match &last {
                Some((prev, before)) if t > *prev => {
                    let g = Gap { from: *prev, to: t, before: before.clone(), after: String::new() };
                    gaps.push_gap(g, ev.raw);
                    last = Some((t, cut(ev.raw)));
                }
                Some(_) => {}
                None => {
                    first = Some((t, cut(ev.raw)));
                    last = Some((t, cut(ev.raw)));
                }
            }
        }
        memo.flush(&mut sig.miner);
        sig.prune();
        assert!(n > 100 && events.len() > 10, "a real mix: {n} events in {} slots", events.len());
        assert_eq!((sig.events, sig.lines, sig.first, sig.last), (events, lines, first, last));
        assert_eq!(sig.gaps, gaps.gaps);
        let pop: u64 = sig.population.values().map(|p| p.0).sum();
        assert!(pop > 0 && sig.population.values().all(|p| p.1 <= p.0));
    }

    /// Every line of every fixture and loghub sample (when present), and
    /// needles cut, overlapping and at the edges: a message the pre-filter
    /// turns away has neither a client nor a user.
    #[test]
    fn the_needle_filter_hides_no_client_or_user() {
        let all = crate::test_texts::fixture_and_loghub_texts(true);
        let mut lines: Vec<String> = all.iter().flat_map(|t| t.lines().map(str::to_string)).collect();
        lines.extend(
            [
                "Failed password for from 1.2.3.4",
                "x from 1.2.3.4",
                " from 1.2.3.4",
                "rhost=1.2.3.4",
                "authentication failure user=x",
                "authentication failure; user=bob",
                "Invalid user  from 1.2.3.4",
                "Failed password fo from 1.2.3.4",
                "rhost 1.2.3.4 frm 1.2.3.4 Invalid usr x",
            ]
            .map(str::to_string),
        );
        let mut found = 0;
        for l in &lines {
            let (c, u) = (client_in_message(l), user_in_message(l));
            if c.is_some() || u.is_some() {
                found += 1;
                assert!(may_name_subject(l), "{l:?}");
            }
        }
        assert!(found > 100, "{found} lines name a client or user"); // fixtures alone have some
        assert!(!may_name_subject("GET /api/orders/633123 HTTP/1.1"));
    }

    #[test]
    fn lossy_text_is_from_utf8_lossys_on_ugly_bytes() {
        let mut cases: Vec<Vec<u8>> = vec![
            b"".to_vec(),
            b"plain ascii".to_vec(),
            "caf\u{e9} \u{1f600} \u{2028}".as_bytes().to_vec(),
            b"\xff\xfe binary \x00\x01 junk \xc3".to_vec(),
            b"truncated \xe2\x82".to_vec(),
            b"\xed\xa0\x80 surrogate, overlong \xc0\xaf".to_vec(),
        ];
        // A multi-byte character cut by MAX_LINE.
        let mut long = vec![b'a'; MAX_LINE - 1];
        long.extend_from_slice("\u{e9}\u{e9}".as_bytes());
        cases.push(long);
        for text in crate::test_texts::fixture_and_loghub_texts(true) {
            cases.extend(text.lines().take(50).map(|l| l.as_bytes().to_vec()));
        }
        for c in &cases {
            assert_eq!(lossy(c), String::from_utf8_lossy(c).into_owned(), "{c:?}");
            let short = &c[..c.len().min(MAX_LINE)];
            assert_eq!(cut(c), String::from_utf8_lossy(short).into_owned(), "{c:?}");
        }
    }

    /// The one-pass user field lookup against the search per name, on the
    /// fixtures' events and on events with the names duplicated, reordered
    /// and near-missed.
    #[test]
    fn the_user_field_is_the_first_names_first_value() {
        fn plain<'e>(ev: &'e Event<'e>) -> Option<&'e crate::event::Value<'e>> {
            USER_FIELDS.iter().find_map(|k| ev.field(k))
        }
        let cx = ParseCx::new(Zone::Utc, YearRef::forced(2024));
        let mut checked = 0;
        for (f, line) in fixture_lines() {
            let Some(ev) = f.parse(line, &cx) else { continue };
            assert_eq!(user_field(&ev), plain(&ev), "{line}");
            checked += 1;
        }
        let lines = [
            r#"{"msg":"x","user_id":"a","user.id":"b","username":"c","user":"d","user":"e"}"#,
            r#"{"msg":"x","user_id":"a","user_id":"b","users":"z","use":"y"}"#,
            r#"{"msg":"x","username":"c","user.id":"b","username":"q"}"#,
            r#"{"msg":"x","user":{"id":7},"user_id":3}"#,
            r#"{"msg":"x","User":"A","uSer":"b","u":"c"}"#,
            r#"{"msg":"x","user":null,"username":"c"}"#,
            "ts=2024-03-01T00:00:00Z msg=x user_id=4 user=5 user=6",
            "ts=2024-03-01T00:00:00Z msg=x user.id=4 username=",
        ];
        for line in lines {
            let f = if line.starts_with('{') { FormatId::Json } else { FormatId::Logfmt };
            let ev = f.parse(line, &cx).expect("parses");
            assert_eq!(user_field(&ev), plain(&ev), "{line}");
            checked += 1;
        }
        assert!(checked > 50);
    }

    #[test]
    fn clients_and_users_in_auth_messages() {
        let m = "Failed password for invalid user from 10.0.0.1 from 203.0.113.9 port 4242 ssh2";
        assert_eq!(client_in_message(m), Some("10.0.0.1"), "the first address after 'from'");
        assert_eq!(
            client_in_message("Failed password for root from 203.0.113.77 port 22 ssh2"),
            Some("203.0.113.77")
        );
        assert_eq!(
            client_in_message(
                "authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=192.0.2.44  user=deploy"
            ),
            Some("192.0.2.44")
        );
        assert_eq!(client_in_message("Accepted publickey from host.example"), None);
        assert_eq!(
            user_in_message("Failed password for invalid user admin from 1.2.3.4 port 1 ssh2"),
            Some("admin")
        );
        assert_eq!(user_in_message("Failed password for root from 1.2.3.4 port 1 ssh2"), Some("root"));
        assert_eq!(user_in_message("Invalid user oracle from 1.2.3.4 port 1"), Some("oracle"));
        assert_eq!(
            user_in_message(
                "pam_unix(sshd:auth): authentication failure; logname= uid=0 rhost=1.2.3.4  user=deploy"
            ),
            Some("deploy")
        );
        assert_eq!(user_in_message("session opened for user root"), None);
    }
}
