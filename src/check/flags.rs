//! Rules written as command-line flags: `--max-level warn`, `--forbid RE`,
//! `--require RE`, `--max error=0`, `--max-count 'field status>=500:0'`.
//! Each becomes a [`Rule`] over a filter of the shared language.

use anyhow::{bail, Context, Result};

use super::{source_globs, Rule};
use crate::cli::{CheckRuleArgs, FilterArgs};
use crate::event::Level;
use crate::format::time::Zone;
use crate::query::Query;

/// Builds the rules given as flags, in a fixed order (max-level, forbid,
/// require, max, max-count), each named after the flag that made it.
pub fn rules_from_flags(args: &CheckRuleArgs, now: &Option<String>, zone: Zone) -> Result<Vec<Rule>> {
    let base = || FilterArgs { now: now.clone(), window: "5m".into(), ..FilterArgs::default() };
    let compile = |fa: &FilterArgs, flag: &str| Query::from_args(fa, zone).with_context(|| flag.to_string());
    let mut rules = Vec::new();
    if let Some(level) = &args.max_level {
        let max: Level = level.parse().map_err(anyhow::Error::msg).context("--max-level")?;
        let Some(above) = Level::ALL.into_iter().find(|l| *l > max) else {
            bail!("--max-level {level}: no level is above it, so the rule could never fail");
        };
        let q = compile(&FilterArgs { level: Some(above.as_str().into()), ..base() }, "--max-level")?;
        let mut r = Rule::new(format!("max-level {}", max.as_str()), q, "--max-level");
        r.max = Some(0);
        r.message = Some(format!("no event may be above {}", max.as_str()));
        rules.push(r);
    }
    for re in &args.forbid {
        let q = compile(&FilterArgs { regex: vec![re.clone()], ..base() }, "--forbid")?;
        let mut r = Rule::new(format!("forbid {re}"), q, "--forbid");
        r.max = Some(0);
        rules.push(r);
    }
    for re in &args.require {
        let q = compile(&FilterArgs { regex: vec![re.clone()], ..base() }, "--require")?;
        let mut r = Rule::new(format!("require {re}"), q, "--require");
        r.min = Some(1);
        rules.push(r);
    }
    for spec in &args.max {
        let (level, n) = split_count(spec, '=').with_context(|| format!("--max '{spec}'"))?;
        let q = compile(&FilterArgs { level: Some(level.into()), ..base() }, "--max")?;
        let mut r = Rule::new(format!("max {level}={n}"), q, "--max");
        r.max = Some(n);
        rules.push(r);
    }
    for spec in &args.max_count {
        let (expr, n) = split_count(spec, ':').with_context(|| format!("--max-count '{spec}'"))?;
        let (fa, sources) =
            parse_filter_words(expr, base()).with_context(|| format!("--max-count '{spec}'"))?;
        let q = compile(&fa, "--max-count")?;
        let mut r = Rule::new(format!("max-count {expr}:{n}"), q, "--max-count");
        r.sources = source_globs(&sources).map_err(anyhow::Error::msg)?;
        r.max = Some(n);
        rules.push(r);
    }
    Ok(rules)
}

/// Splits `WHAT<sep>N` at the last separator.
fn split_count(spec: &str, sep: char) -> Result<(&str, u64)> {
    let Some((what, n)) = spec.rsplit_once(sep) else {
        bail!("expected WHAT{sep}N, with N the largest count allowed");
    };
    let n = n.trim().parse::<u64>().map_err(|_| anyhow::anyhow!("'{n}' is not a count"))?;
    if what.trim().is_empty() {
        bail!("nothing to count before '{sep}'");
    }
    Ok((what.trim(), n))
}

/// Parses the filter of `--max-count`: pairs of a condition name and its
/// value, as the filter flags spell them (`field status>=500`, `level
/// error`, `regex 'time ?out'`, `fixed ERROR`, `source '*nginx*'`, `since`,
/// `until`; a leading `--` and the short `-e`/`-F` are accepted too) plus
/// the bare words `ignore-case`, `word`, `invert`.
pub fn parse_filter_words(expr: &str, mut fa: FilterArgs) -> Result<(FilterArgs, Vec<String>)> {
    let words = split_words(expr)?;
    let mut sources = Vec::new();
    let mut it = words.into_iter();
    while let Some(w) = it.next() {
        let name = w.trim_start_matches('-');
        match name {
            "i" | "ignore-case" => {
                fa.ignore_case = true;
                continue;
            }
            "w" | "word" => {
                fa.word = true;
                continue;
            }
            "v" | "invert" => {
                fa.invert = true;
                continue;
            }
            _ => {}
        }
        let Some(value) = it.next() else { bail!("'{w}' needs a value") };
        match name {
            "field" => fa.fields.push(value),
            "level" => fa.level = Some(value),
            "e" | "regex" => fa.regex.push(value),
            "F" | "fixed" => fa.fixed.push(value),
            "since" => fa.since = Some(value),
            "until" => fa.until = Some(value),
            "source" => sources.push(value),
            _ => bail!(
                "unknown condition '{w}' (expected field, level, regex, fixed, source, since, until, \
                 ignore-case, word, invert)"
            ),
        }
    }
    Ok((fa, sources))
}

/// Splits on white space, keeping '...' and "..." quoted words whole.
fn split_words(s: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut in_word = false;
    for c in s.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => cur.push(c),
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                in_word = true;
            }
            None if c.is_whitespace() => {
                if in_word {
                    out.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            None => {
                cur.push(c);
                in_word = true;
            }
        }
    }
    if quote.is_some() {
        bail!("unclosed quote");
    }
    if in_word {
        out.push(cur);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args() -> CheckRuleArgs {
        CheckRuleArgs::default()
    }

    #[test]
    fn every_flag_becomes_a_rule() {
        let a = CheckRuleArgs {
            max_level: Some("warn".into()),
            forbid: vec!["panic".into()],
            require: vec!["listening".into()],
            max: vec!["error=3".into()],
            max_count: vec!["field status>=500 source '*nginx*':0".into()],
            rules: None,
        };
        let r = rules_from_flags(&a, &None, Zone::Utc).unwrap();
        let names: Vec<&str> = r.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "max-level warn",
                "forbid panic",
                "require listening",
                "max error=3",
                "max-count field status>=500 source '*nginx*':0"
            ]
        );
        assert_eq!((r[0].max, r[2].min, r[3].max, r[4].max), (Some(0), Some(1), Some(3), Some(0)));
        assert!(r[4].sources.as_ref().unwrap().is_match("a/web1/nginx/access.log"));
        assert_eq!(r[4].query.fields.len(), 1);
    }

    #[test]
    fn bad_flags_say_what_is_wrong() {
        let err = |a: CheckRuleArgs| format!("{:#}", rules_from_flags(&a, &None, Zone::Utc).unwrap_err());
        assert!(err(CheckRuleArgs { max: vec!["error".into()], ..args() }).contains("expected WHAT=N"));
        assert!(err(CheckRuleArgs { max: vec!["error=x".into()], ..args() }).contains("not a count"));
        assert!(err(CheckRuleArgs { max: vec!["loud=1".into()], ..args() }).contains("--max"));
        assert!(err(CheckRuleArgs { max_level: Some("emerg".into()), ..args() }).contains("never fail"));
        assert!(err(CheckRuleArgs { forbid: vec!["(".into()], ..args() }).contains("--forbid"));
        assert!(err(CheckRuleArgs { max_count: vec!["colour red:0".into()], ..args() })
            .contains("unknown condition"));
        assert!(err(CheckRuleArgs { max_count: vec!["field:0".into()], ..args() }).contains("needs a value"));
    }

    #[test]
    fn words_keep_quotes_together() {
        assert_eq!(
            split_words(r#"regex 'time out' fixed "a b"  x"#).unwrap(),
            ["regex", "time out", "fixed", "a b", "x"]
        );
        assert!(split_words("regex 'open").is_err());
        let (fa, _) = parse_filter_words("--field status>=500 -e x -i", FilterArgs::default()).unwrap();
        assert_eq!((fa.fields.len(), fa.regex.len(), fa.ignore_case), (1, 1, true));
    }
}
