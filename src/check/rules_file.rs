//! `check --rules FILE`: named rules in TOML, each a filter in the same
//! language as `logsift filter` with a `min` and/or `max` count.
//!
//! ```toml
//! [[rule]]
//! name = "no server errors"
//! field = "status>=500"          # a string or a list, as --field
//! source = "*nginx*"             # only these sources (globs)
//! max = 0
//! message = "nginx answered 5xx"
//!
//! [[rule]]
//! name = "orders came back"
//! fixed = "orders service starting"
//! min = 1
//! ```
//!
//! Keys: `name` (required), `message`, `min`, `max`, and the filter keys
//! `since`, `until`, `around`, `window`, `level`, `regex`, `fixed`,
//! `ignore_case`, `word`, `invert`, `field`, `source`. Any mistake — a TOML
//! syntax error, an unknown key, a bad regex or time — is reported as
//! `FILE:LINE: reason`.

use std::path::Path;

use anyhow::{anyhow, Result};
use serde::Deserialize;
use toml::Spanned;

use super::{source_globs, Rule};
use crate::cli::FilterArgs;
use crate::format::time::Zone;
use crate::query::Query;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    rule: Vec<Spanned<RuleDef>>,
}

/// One string or a list of them (`field = "a"` or `field = ["a", "b"]`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleDef {
    name: String,
    message: Option<String>,
    min: Option<u64>,
    max: Option<u64>,
    since: Option<String>,
    until: Option<String>,
    around: Option<String>,
    window: Option<String>,
    level: Option<String>,
    regex: Option<OneOrMany>,
    fixed: Option<OneOrMany>,
    #[serde(default)]
    ignore_case: bool,
    #[serde(default)]
    word: bool,
    #[serde(default)]
    invert: bool,
    field: Option<OneOrMany>,
    source: Option<OneOrMany>,
}

/// Reads and compiles a rules file. `now` is the `--now` of the command
/// line, so relative times in rules agree with the scope.
pub fn load(path: &Path, now: &Option<String>, zone: Zone) -> Result<Vec<Rule>> {
    let text = std::fs::read_to_string(path).map_err(|e| anyhow!("{}: {e}", path.display()))?;
    parse(&text, &path.display().to_string(), now, zone)
}

/// Compiles the rules in `text`; `name` is used in messages (`name:LINE: reason`).
pub fn parse(text: &str, name: &str, now: &Option<String>, zone: Zone) -> Result<Vec<Rule>> {
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let file: File = toml::from_str(text).map_err(|e| {
        let at = e.span().map(|s| format!(":{}", line_of(s.start))).unwrap_or_default();
        anyhow!("{name}{at}: {}", e.message().trim())
    })?;
    if file.rule.is_empty() {
        return Err(anyhow!("{name}: no [[rule]] tables"));
    }
    let mut rules = Vec::with_capacity(file.rule.len());
    for spanned in file.rule {
        let line = line_of(spanned.span().start);
        let origin = format!("{name}:{line}");
        let d = spanned.into_inner();
        // One line: regex errors are multi-line drawings.
        let fail = |what: String| {
            anyhow!("{origin}: rule '{}': {}", d.name, what.split_whitespace().collect::<Vec<_>>().join(" "))
        };
        if d.min.is_none() && d.max.is_none() {
            return Err(fail("needs min or max (or both)".into()));
        }
        if let (Some(a), Some(b)) = (d.min, d.max) {
            if a > b {
                return Err(fail(format!("min {a} is above max {b}")));
            }
        }
        let fa = FilterArgs {
            since: d.since.clone(),
            until: d.until.clone(),
            around: d.around.clone(),
            window: d.window.clone().unwrap_or_else(|| "5m".into()),
            level: d.level.clone(),
            regex: d.regex.map(OneOrMany::into_vec).unwrap_or_default(),
            fixed: d.fixed.map(OneOrMany::into_vec).unwrap_or_default(),
            ignore_case: d.ignore_case,
            word: d.word,
            invert: d.invert,
            fields: d.field.map(OneOrMany::into_vec).unwrap_or_default(),
            now: now.clone(),
        };
        let query = Query::from_args(&fa, zone).map_err(|e| fail(format!("{e:#}")))?;
        let sources = d.source.map(OneOrMany::into_vec).unwrap_or_default();
        let mut rule = Rule::new(d.name.clone(), query, origin.clone());
        rule.sources = source_globs(&sources).map_err(fail)?;
        rule.message = d.message;
        rule.min = d.min;
        rule.max = d.max;
        rules.push(rule);
    }
    Ok(rules)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(text: &str) -> Result<Vec<Rule>> {
        parse(text, "r.toml", &None, Zone::Utc)
    }

    #[test]
    fn rules_compile_with_their_line() {
        let r = rules(
            "# CI rules\n[[rule]]\nname = \"no 5xx\"\nfield = \"status>=500\"\nsource = [\"*nginx*\"]\nmax = 0\n\n\
             [[rule]]\nname = \"restart\"\nfixed = [\"starting\", \"listening\"]\nlevel = \"info\"\nmin = 1\nmax = 9\n",
        )
        .unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!((r[0].name.as_str(), r[0].max, r[0].query.fields.len()), ("no 5xx", Some(0), 1));
        assert!(r[0].sources.is_some() && r[1].sources.is_none());
        assert_eq!((r[1].min, r[1].max), (Some(1), Some(9)));
        assert!(r[1].query.text.is_some() && r[1].query.level.is_some());
        assert!(r[0].origin.starts_with("r.toml:"), "{}", r[0].origin);
    }

    #[test]
    fn mistakes_name_the_line_and_the_reason() {
        let err = |t: &str| format!("{:#}", rules(t).unwrap_err());
        let e = err("[[rule]]\nname = \"a\"\nmax = 0\nfeild = \"x\"\n");
        assert!(e.starts_with("r.toml:4: unknown field `feild`"), "{e}");
        let e = err("[[rule]]\nname = \"a\"\nmax = = 0\n");
        assert!(e.starts_with("r.toml:3:"), "{e}");
        let e = err("[[rule]]\nname = \"a\"\nmax = 0\n\n[[rule]]\nname = \"b\"\nregex = \"(\"\nmax = 1\n");
        assert!(e.starts_with("r.toml:5: rule 'b'") && !e.contains('\n') && e.contains("-e '('"), "{e}");
        assert!(err("[[rule]]\nname = \"a\"\n").contains("needs min or max"));
        assert!(err("[[rule]]\nname = \"a\"\nmin = 3\nmax = 1\n").contains("above max"));
        assert!(err("").contains("no [[rule]]"));
        assert!(err("[[rule]]\nname = \"a\"\nmax = -1\n").starts_with("r.toml:3"));
    }
}
