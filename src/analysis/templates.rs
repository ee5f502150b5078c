//! An online template miner in the style of Drain (He et al., ICWS 2017):
//! which message *shapes* are in these logs, and how often each occurs.
//!
//! Every message is masked first ([`crate::analysis::mask`]), then routed
//! down a fixed-depth prefix tree: by its number of tokens, then by its
//! first [`MinerConfig::depth`] tokens (a masked token, or one past
//! [`MinerConfig::max_children`] siblings, goes to the wildcard branch).
//! The leaf holds clusters; the message joins the most similar one (share
//! of the template's constant tokens that the message repeats, the last
//! one weighing more)
//! when that share reaches [`MinerConfig::similarity`], and the positions
//! that differ become wildcards; otherwise it starts a new cluster.
//!
//! When a third cluster differs from others of its leaf only in its last
//! word, that word is a value: they fold into the oldest (see `add`). Ids
//! are stable through folds: a folded cluster keeps its id, its count and
//! its (frozen) template, and points [`Cluster::folded_into`] its survivor,
//! so an id handed out to an event always means the same messages;
//! [`Miner::families`] adds folded clusters to their survivors.
//!
//! Memory is bounded by [`MinerConfig::max_clusters`]: past the cap a
//! message that fits no cluster is counted in [`Miner::overflow`] (and
//! tagged with [`OVERFLOW_ID`]) instead of creating one.
//!
//! Per-chunk miners are merged in input order with [`Miner::absorb`], which
//! feeds each cluster of the later miner through the same matching, so the
//! result does not depend on the number of threads.

use crate::analysis::mask::{Masked, WILDCARD};
use crate::analysis::partial::{FastMap, Merge};
use crate::event::Level;

/// The template id given to messages that arrive once the cap is reached.
pub const OVERFLOW_ID: u32 = u32::MAX;

/// Longest example line kept per template (bytes).
const MAX_EXAMPLE: usize = 512;

/// The miner's knobs (defaults tuned on the loghub samples, see README).
#[derive(Debug, Clone, Copy)]
pub struct MinerConfig {
    /// Tokens after the length level that route a message in the tree.
    pub depth: usize,
    /// Minimum share of equal positions to join a cluster.
    pub similarity: f64,
    /// Children per tree node before new tokens go to the wildcard branch.
    pub max_children: usize,
    /// Clusters kept at most.
    pub max_clusters: usize,
}

impl Default for MinerConfig {
    fn default() -> Self {
        MinerConfig { depth: 2, similarity: 0.7, max_children: 100, max_clusters: 20_000 }
    }
}

/// One template and what was seen of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// Stable id: clusters are numbered in order of first appearance.
    pub id: u32,
    /// The template's tokens, [`WILDCARD`] where they vary.
    pub tokens: Vec<Box<str>>,
    /// Messages seen (tagged with this id), folds or not.
    pub count: u64,
    /// First and last timestamp (UTC nanoseconds).
    pub first: Option<i64>,
    pub last: Option<i64>,
    /// The most severe level seen.
    pub level: Option<Level>,
    /// The first raw line (cut to 512 bytes), for the reader.
    pub example: String,
    /// Where the first message came from (the caller's source number).
    pub origin: u32,
    /// The survivor this cluster was folded into (see module docs); a
    /// folded cluster takes no more messages.
    pub folded_into: Option<u32>,
}

impl Cluster {
    /// The template as text, tokens joined by one space.
    pub fn template(&self) -> String {
        self.tokens.join(" ")
    }
}

/// What one observation contributes (a message, or a cluster being merged).
#[derive(Debug, Clone, Copy)]
pub struct Seen<'a> {
    pub count: u64,
    pub first: Option<i64>,
    pub last: Option<i64>,
    pub level: Option<Level>,
    pub example: &'a [u8],
    /// The caller's source number, kept by a new cluster as its origin.
    pub origin: u32,
}

#[derive(Debug, Default, Clone)]
struct Node {
    children: FastMap<Box<str>, Node>,
    /// Indices into `Miner::clusters`.
    leaf: Vec<u32>,
}

/// The template miner.
#[derive(Debug, Clone, Default)]
pub struct Miner {
    cfg: MinerConfig,
    clusters: Vec<Cluster>,
    /// Root level: by number of tokens.
    by_len: FastMap<usize, Node>,
    /// Messages counted without a cluster because the cap was reached.
    pub overflow: u64,
}

/// Read access to a token sequence (a masked message or a template).
trait Tokens {
    fn n(&self) -> usize;
    fn at(&self, i: usize) -> &str;
}

impl Tokens for Masked {
    fn n(&self) -> usize {
        self.len()
    }
    fn at(&self, i: usize) -> &str {
        self.token(i)
    }
}

impl Tokens for [Box<str>] {
    fn n(&self) -> usize {
        self.len()
    }
    fn at(&self, i: usize) -> &str {
        &self[i]
    }
}

impl Miner {
    /// An empty miner.
    pub fn new(cfg: MinerConfig) -> Miner {
        Miner { cfg, ..Miner::default() }
    }

    /// The clusters, in order of first appearance (index = id).
    pub fn clusters(&self) -> &[Cluster] {
        &self.clusters
    }

    /// Adds one masked message; returns its template id.
    pub fn observe(&mut self, msg: &Masked, seen: Seen<'_>) -> u32 {
        self.add(msg, seen)
    }

    fn add<T: Tokens + ?Sized>(&mut self, toks: &T, seen: Seen<'_>) -> u32 {
        let cfg = self.cfg;
        let full = self.clusters.len() >= cfg.max_clusters;
        let node = self.by_len.entry(toks.n()).or_default();
        let leaf = descend(node, toks, cfg, full);
        let Some(leaf) = leaf else {
            self.overflow += seen.count;
            return OVERFLOW_ID;
        };
        // The most similar cluster: highest share, then fewest wildcards
        // (the template that also matches the message's words: `k=<*>`
        // rather than `<*>`), then the oldest.
        let mut best: Option<(f64, usize, u32)> = None;
        for &ci in &leaf.leaf {
            let c = &self.clusters[ci as usize];
            let (sim, wild) = similarity(&c.tokens, toks);
            if best.is_none_or(|(s, w, _)| sim > s || (sim == s && wild < w)) {
                best = Some((sim, wild, ci));
            }
        }
        if let Some((sim, _, ci)) = best {
            if sim >= cfg.similarity {
                join(&mut self.clusters[ci as usize], toks, &seen);
                return ci;
            }
        }
        // A third last word in one frame (`New session 7 of user alice.`,
        // `bob.`, `carol.`): the last position is a value after all. The
        // variants fold into the oldest, which generalises its last word;
        // the others stay behind with count 0.
        let frame: Vec<u32> = leaf
            .leaf
            .iter()
            .copied()
            .filter(|&ci| {
                let t = &self.clusters[ci as usize].tokens;
                t.last().is_some_and(|l| &**l != WILDCARD) && share(t, toks, 1).0 >= cfg.similarity
            })
            .collect();
        if frame.len() + 1 >= LAST_VARIANTS {
            let keep = frame[0];
            for &ci in &frame[1..] {
                let tokens = std::mem::take(&mut self.clusters[ci as usize].tokens);
                generalise(&mut self.clusters[keep as usize], &tokens[..]);
                let gone = &mut self.clusters[ci as usize];
                gone.tokens = tokens;
                gone.folded_into = Some(keep);
            }
            leaf.leaf.retain(|ci| *ci == keep || !frame.contains(ci));
            join(&mut self.clusters[keep as usize], toks, &seen);
            return keep;
        }
        if full {
            self.overflow += seen.count;
            return OVERFLOW_ID;
        }
        let id = self.clusters.len() as u32;
        leaf.leaf.push(id);
        self.clusters.push(Cluster {
            id,
            tokens: (0..toks.n()).map(|i| toks.at(i).into()).collect(),
            count: seen.count,
            first: seen.first,
            last: seen.last,
            level: seen.level,
            example: example_text(seen.example),
            origin: seen.origin,
            folded_into: None,
        });
        id
    }

    /// The cluster a masked template or message would join, without
    /// changing anything (for comparing with a baseline's miner).
    pub fn lookup(&self, toks: &[Box<str>]) -> Option<u32> {
        let mut node = self.by_len.get(&toks.len())?;
        for t in toks.iter().take(self.cfg.depth) {
            let key: &str = if t.contains(WILDCARD) { WILDCARD } else { t };
            node = node.children.get(key).or_else(|| node.children.get(WILDCARD))?;
        }
        node.leaf
            .iter()
            .map(|&ci| (similarity(&self.clusters[ci as usize].tokens, toks).0, ci))
            .filter(|(s, _)| *s >= self.cfg.similarity)
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
            .map(|(_, ci)| ci)
    }

    /// Folds the clusters of a later miner into this one (see module docs).
    pub fn absorb(&mut self, later: Miner) {
        self.absorb_mapped(later);
    }

    /// [`Miner::absorb`], returning where each of the later miner's
    /// clusters went (index: its id; [`OVERFLOW_ID`] past the cap), so
    /// that messages tagged with its ids can be re-tagged with ours. Into
    /// an empty miner, the later one is taken as it is (same ids).
    pub fn absorb_mapped(&mut self, later: Miner) -> Vec<u32> {
        if self.clusters.is_empty() && self.overflow == 0 {
            let map = (0..later.clusters.len() as u32).collect();
            *self = later;
            return map;
        }
        self.overflow += later.overflow;
        let mut map = Vec::with_capacity(later.clusters.len());
        for c in later.clusters {
            let seen = Seen {
                count: c.count,
                first: c.first,
                last: c.last,
                level: c.level,
                example: c.example.as_bytes(),
                origin: c.origin,
            };
            map.push(self.add(&c.tokens[..], seen));
        }
        map
    }

    /// The templates with their folded clusters added in (count, time
    /// span, level): one entry per survivor, for summaries by event
    /// rather than by id (anomalies).
    pub fn families(&self) -> Vec<Cluster> {
        let mut out: Vec<Cluster> = Vec::new();
        let mut at: Vec<usize> = vec![usize::MAX; self.clusters.len()];
        for c in &self.clusters {
            let mut root = c.id as usize;
            while let Some(up) = self.clusters[root].folded_into {
                root = up as usize;
            }
            if at[root] == usize::MAX {
                at[root] = out.len();
                let mut r = self.clusters[root].clone();
                (r.count, r.first, r.last, r.level) = (0, None, None, None);
                out.push(r);
            }
            let seen = Seen {
                count: c.count,
                first: c.first,
                last: c.last,
                level: c.level,
                example: b"",
                origin: 0,
            };
            join_counts(&mut out[at[root]], &seen);
        }
        out
    }
}

impl Merge for Miner {
    fn merge(&mut self, later: Self) {
        self.absorb(later);
    }
}

/// Walks (creating as needed) the prefix tree down to the leaf for `toks`;
/// `None` when the tree is full and the branch does not exist.
fn descend<'n, T: Tokens + ?Sized>(
    mut node: &'n mut Node,
    toks: &T,
    cfg: MinerConfig,
    full: bool,
) -> Option<&'n mut Node> {
    for d in 0..cfg.depth.min(toks.n()) {
        let t = toks.at(d);
        let key: &str = if t.contains(WILDCARD) { WILDCARD } else { t };
        let key = if node.children.contains_key(key) {
            key
        } else if full {
            if node.children.contains_key(WILDCARD) {
                WILDCARD
            } else {
                return None;
            }
        } else if node.children.len() + 1 >= cfg.max_children {
            WILDCARD
        } else {
            key
        };
        // Allocate the key only for a new branch (the hot path only looks up).
        if !node.children.contains_key(key) {
            node.children.insert(key.into(), Node::default());
        }
        node = node.children.get_mut(key).expect("inserted above");
    }
    Some(node)
}

/// Weight of the template's last token when it is a constant: messages
/// of one event that differ in their last word are rare, two events told
/// apart only by it are common (`... initialized by client SPP.` /
/// `... client WindowsUpdateAgent.`, `VM Started` / `VM Stopped`,
/// `Powered On` / `Off`).
const LAST_WEIGHT: usize = 3;

/// Distinct last words in one frame from which the last position is taken
/// for a value (user names, services): two are two events, three a value.
const LAST_VARIANTS: usize = 3;

/// Share of the template's constant tokens that the message repeats at the
/// same positions (1 for an all-wildcard template), and the template's
/// wildcard count. Counting constants only (not Drain's share of all
/// positions) keeps a generalised template from swallowing messages that
/// differ in the few words it still has; the last constant counts
/// [`LAST_WEIGHT`] times, so in a short template it decides alone.
fn similarity<T: Tokens + ?Sized>(template: &[Box<str>], toks: &T) -> (f64, usize) {
    share(template, toks, LAST_WEIGHT)
}

/// [`similarity`] with the last constant counting `last_weight` times.
fn share<T: Tokens + ?Sized>(template: &[Box<str>], toks: &T, last_weight: usize) -> (f64, usize) {
    let n = template.len();
    if n == 0 {
        return (1.0, 0);
    }
    let (mut same, mut wild) = (0usize, 0usize);
    for (i, t) in template.iter().enumerate() {
        if &**t == WILDCARD {
            wild += 1;
        } else if &**t == toks.at(i) {
            same += 1;
        }
    }
    let mut consts = n - wild;
    if &*template[n - 1] != WILDCARD {
        consts += last_weight - 1;
        if &*template[n - 1] == toks.at(n - 1) {
            same += last_weight - 1;
        }
    }
    let share = if consts == 0 { 1.0 } else { same as f64 / consts as f64 };
    (share, wild)
}

/// Adds a message (or a cluster) to a cluster: the positions that differ
/// become wildcards.
fn join<T: Tokens + ?Sized>(c: &mut Cluster, toks: &T, seen: &Seen<'_>) {
    generalise(c, toks);
    join_counts(c, seen);
}

/// Turns the positions where `toks` differs from the template into wildcards.
fn generalise<T: Tokens + ?Sized>(c: &mut Cluster, toks: &T) {
    for i in 0..toks.n() {
        if &*c.tokens[i] != toks.at(i) && &*c.tokens[i] != WILDCARD {
            c.tokens[i] = WILDCARD.into();
        }
    }
}

/// Adds an observation's count, time span and level to a cluster.
fn join_counts(c: &mut Cluster, seen: &Seen<'_>) {
    c.count += seen.count;
    c.first = min_opt(c.first, seen.first);
    c.last = c.last.max(seen.last);
    c.level = c.level.max(seen.level);
}

fn min_opt(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, None) => a,
        (None, b) => b,
    }
}

fn example_text(raw: &[u8]) -> String {
    let mut s = String::from_utf8_lossy(&raw[..raw.len().min(MAX_EXAMPLE)]).into_owned();
    if raw.len() > MAX_EXAMPLE {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::mask::mask_message;

    fn feed(m: &mut Miner, msg: &str) -> u32 {
        let mut k = Masked::default();
        mask_message(msg, &mut k);
        m.observe(
            &k,
            Seen { count: 1, first: Some(1), last: Some(1), level: None, example: msg.as_bytes(), origin: 0 },
        )
    }

    #[test]
    fn groups_messages_of_one_shape_and_generalises_the_differences() {
        let mut m = Miner::new(MinerConfig::default());
        let a = feed(&mut m, "Failed password for root from 203.0.113.77 port 56506 ssh2");
        let b = feed(&mut m, "Failed password for admin from 198.51.100.23 port 4242 ssh2");
        let c = feed(&mut m, "Accepted publickey for alice from 192.0.2.10 port 36219 ssh2");
        let d = feed(&mut m, "Connection closed by 10.0.0.1 port 22 [preauth]");
        assert_eq!(a, b);
        assert_ne!(a, c, "different first tokens route to different leaves");
        assert_ne!(c, d);
        assert_eq!(m.clusters()[a as usize].template(), "Failed password for <*> from <*> port <*>");
        assert_eq!(m.clusters()[a as usize].count, 2);
        assert_eq!(
            m.clusters()[a as usize].example,
            "Failed password for root from 203.0.113.77 port 56506 ssh2"
        );
    }

    #[test]
    fn dissimilar_messages_of_equal_length_stay_apart() {
        let mut m = Miner::new(MinerConfig::default());
        let a = feed(&mut m, "order created for customer");
        let b = feed(&mut m, "order rejected by fraud check");
        let c = feed(&mut m, "order loaded from cache quickly");
        assert_ne!(a, b);
        assert_ne!(b, c, "2 of 5 constants equal is below the 0.7 threshold");
        assert_eq!(m.clusters().len(), 3);
    }

    /// loghub Windows: 608 lines of one event, one of another that differs
    /// only in its last word; a long message differing in its last word
    /// is still one event (loghub OpenSSH `user=root` / `user=uucp`).
    #[test]
    fn the_last_word_weighs_more() {
        let mut m = Miner::new(MinerConfig::default());
        let wua = feed(&mut m, "Session: 30546173_4261722401 initialized by client WindowsUpdateAgent.");
        assert_eq!(feed(&mut m, "Session: 30546174_42617 initialized by client WindowsUpdateAgent."), wua);
        let spp = feed(&mut m, "Session: 30546175_4261 initialized by client SPP.");
        assert_ne!(spp, wua, "4 of 5 constants, but not the last: 4/7 < 0.7");
        let pam = "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=5.36.59.76";
        let root = feed(&mut m, &format!("{pam} user=root"));
        assert_eq!(feed(&mut m, &format!("{pam} user=uucp")), root, "9 of 10 constants: 9/12 >= 0.7");
        assert_eq!(m.clusters()[root as usize].template().rsplit(' ').next(), Some("<*>"));
    }

    /// Two last words are two events (above), three are a value: the
    /// user names of `New session 7 of user alice.` fold into one template.
    #[test]
    fn a_third_last_word_makes_it_a_value() {
        let mut m = Miner::new(MinerConfig::default());
        let alice = feed(&mut m, "New session 7 of user alice.");
        let bob = feed(&mut m, "New session 8 of user bob.");
        assert_ne!(alice, bob);
        let carol = feed(&mut m, "New session 9 of user carol.");
        assert_eq!(carol, alice, "the oldest takes the variants");
        assert_eq!(feed(&mut m, "New session 10 of user bob."), alice);
        assert_eq!(feed(&mut m, "New session 11 of user dave."), alice);
        assert_eq!(m.clusters()[alice as usize].template(), "New session <*> of user <*>");
        assert_eq!(m.clusters()[alice as usize].count, 4, "alice, carol, bob again, dave");
        let b = &m.clusters()[bob as usize];
        assert_eq!((b.count, b.folded_into), (1, Some(alice)), "folded, its id and its message stay");
        assert_eq!(b.template(), "New session <*> of user bob.");
        let fam: Vec<_> = m.families().iter().map(|c| (c.id, c.template(), c.count, c.first)).collect();
        assert_eq!(fam, vec![(alice, "New session <*> of user <*>".to_string(), 5, Some(1))]);
        // Merging keeps the ids of the first miner and maps the second's.
        let mut merged = Miner::new(MinerConfig::default());
        assert_eq!(merged.absorb_mapped(m.clone()), vec![0, 1]);
        assert_eq!(merged.clusters(), m.clusters(), "into an empty miner: taken as it is");
        assert_eq!(merged.absorb_mapped(m), vec![alice, alice], "bob's frozen template fits alice's");
        let fam: Vec<_> = merged.families().iter().map(|c| (c.template(), c.count)).collect();
        assert_eq!(fam, vec![("New session <*> of user <*>".to_string(), 10)]);
        assert_eq!(merged.clusters()[bob as usize].count, 1, "ids handed out keep their counts");
    }

    /// A message that fits a general template and a specific one exactly
    /// joins the specific one (loghub HealthApp: `<*>` from
    /// `tryToReloadTodayBasicSteps151404|3786|0|0`).
    #[test]
    fn equal_shares_go_to_the_template_with_more_words() {
        let mut m = Miner::new(MinerConfig::default());
        let steps = feed(&mut m, "setTodayTotalDetailSteps=1514038440000##7007##548365");
        let general = feed(&mut m, "tryToReloadTodayBasicSteps1514044800223|3786|0|0");
        assert_eq!(m.clusters()[general as usize].template(), "<*>");
        assert_ne!(general, steps, "the last word differs");
        assert_eq!(feed(&mut m, "setTodayTotalDetailSteps=1514038560000##7068"), steps);
        assert_eq!(feed(&mut m, "tryToReload1514|0"), general);
    }

    #[test]
    fn merging_chunk_miners_equals_one_miner_on_this_data() {
        let lines: Vec<String> = (0..200)
            .map(|i| match i % 4 {
                0 => format!("Failed password for user{i} from 10.0.0.{} port {} ssh2", i % 250, 1000 + i),
                1 => format!("session opened for user u{i} by (uid={i})"),
                2 => "Connection reset by peer".to_string(),
                _ => format!("GET /api/orders/{i} 200 in {}ms", i * 3),
            })
            .collect();
        let mut one = Miner::new(MinerConfig::default());
        for l in &lines {
            feed(&mut one, l);
        }
        let mut merged = Miner::new(MinerConfig::default());
        for part in lines.chunks(37) {
            let mut m = Miner::new(MinerConfig::default());
            for l in part {
                feed(&mut m, l);
            }
            merged.merge(m);
        }
        let shape = |m: &Miner| m.clusters().iter().map(|c| (c.template(), c.count)).collect::<Vec<_>>();
        assert_eq!(shape(&one), shape(&merged));
        assert_eq!(one.clusters().len(), 4);
    }

    #[test]
    fn the_cap_bounds_clusters_and_counts_the_rest() {
        let mut m = Miner::new(MinerConfig { max_clusters: 3, ..MinerConfig::default() });
        for w in ["alpha", "bravo", "charlie", "delta", "echo"] {
            feed(&mut m, &format!("{w} happened here now"));
        }
        assert_eq!(m.clusters().len(), 3);
        assert_eq!(m.overflow, 2);
        assert_eq!(feed(&mut m, "alpha happened here now"), 0, "known templates still match at the cap");
        let toks = |s: &str| s.split(' ').map(Box::from).collect::<Vec<Box<str>>>();
        assert_eq!(m.lookup(&toks("bravo happened here now")), Some(1));
        assert_eq!(m.lookup(&toks("zulu happened here now")), None);
    }
}
