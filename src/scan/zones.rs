//! Per-source time zones: `--tz ZONE` (the default for every source) and
//! `--tz 'GLOB=ZONE'` (sources whose label matches), so logs copied from
//! hosts in different zones can be merged on one timeline (issue 4).
//!
//! A glob matches a source when it matches the whole label or any tail of
//! it that starts after a `/` or `:`, so `web1/*=Europe/Berlin` picks
//! `evidence/web1/auth.log` and `host.tgz:web1/syslog` without the user
//! spelling out the prefix. The first matching rule wins; sources no rule
//! matches use the default (UTC unless a plain `--tz ZONE` is given).

use std::fmt;

use globset::{GlobBuilder, GlobMatcher};

use crate::format::time::Zone;

/// One `GLOB=ZONE` rule.
#[derive(Debug, Clone)]
struct Rule {
    text: String,
    glob: GlobMatcher,
    zone: Zone,
}

/// The resolved `--tz` options: a default zone and per-source rules.
#[derive(Debug, Clone)]
pub struct ZoneRules {
    /// Zone of sources no rule names.
    pub default: Zone,
    rules: Vec<Rule>,
}

impl Default for ZoneRules {
    fn default() -> Self {
        ZoneRules { default: Zone::Utc, rules: Vec::new() }
    }
}

impl ZoneRules {
    /// Parses `--tz` values: each is `ZONE` (sets the default; the last one
    /// wins) or `GLOB=ZONE`.
    pub fn parse<S: AsRef<str>>(values: &[S]) -> Result<ZoneRules, String> {
        let mut out = ZoneRules::default();
        for v in values {
            let v = v.as_ref();
            match v.rsplit_once('=') {
                Some((glob, zone)) => {
                    let zone = Zone::parse(zone).map_err(|e| format!("--tz '{v}': {e}"))?;
                    let glob = GlobBuilder::new(glob.trim())
                        .literal_separator(false)
                        .build()
                        .map_err(|e| format!("--tz '{v}': bad glob: {e}"))?
                        .compile_matcher();
                    out.rules.push(Rule { text: v.to_string(), glob, zone });
                }
                None => out.default = Zone::parse(v).map_err(|e| format!("--tz '{v}': {e}"))?,
            }
        }
        Ok(out)
    }

    /// A single zone for every source.
    pub fn single(zone: Zone) -> ZoneRules {
        ZoneRules { default: zone, rules: Vec::new() }
    }

    /// The zone of the source with this label.
    pub fn zone_for(&self, label: &str) -> Zone {
        for r in &self.rules {
            if tails(label).any(|t| r.glob.is_match(t)) {
                return r.zone;
            }
        }
        self.default
    }

    /// Whether any per-source rule was given.
    pub fn has_rules(&self) -> bool {
        !self.rules.is_empty()
    }
}

/// `a/b:c/d`, `b:c/d`, `c/d`, `d`.
fn tails(label: &str) -> impl Iterator<Item = &str> {
    std::iter::once(label).chain(label.match_indices(['/', ':']).map(move |(i, _)| &label[i + 1..]))
}

impl fmt::Display for ZoneRules {
    /// `UTC`, or `UTC; web1/*=Europe/Berlin` with rules.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.default)?;
        for r in &self.rules {
            write!(f, "; {}", r.text)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_match_label_tails_and_the_first_wins() {
        let z = ZoneRules::parse(&["+01:00", "web1/*=Europe/Berlin", "*.log=America/New_York"]).unwrap();
        assert_eq!(z.default, Zone::Fixed(3600));
        assert_eq!(z.zone_for("evidence/web1/auth.log").to_string(), "Europe/Berlin");
        assert_eq!(z.zone_for("host.tgz:web1/syslog").to_string(), "Europe/Berlin");
        assert_eq!(z.zone_for("db1/pg.log").to_string(), "America/New_York");
        assert_eq!(z.zone_for("db1/pg.jsonl"), Zone::Fixed(3600));
        assert_eq!(z.zone_for("xweb1/a").to_string(), "+01:00", "a tail starts at a separator");
        assert_eq!(z.to_string(), "+01:00; web1/*=Europe/Berlin; *.log=America/New_York");
    }

    #[test]
    fn plain_utc_and_errors() {
        let z = ZoneRules::parse(&["UTC"]).unwrap();
        assert_eq!(z.zone_for("anything"), Zone::Utc);
        assert!(!z.has_rules());
        assert!(ZoneRules::parse(&["web1/*=Mars/Olympus"]).unwrap_err().contains("unknown time zone"));
        assert!(ZoneRules::parse(&["Nowhere"]).is_err());
        assert!(ZoneRules::parse(&["web[1=UTC"]).unwrap_err().contains("bad glob"));
    }
}
