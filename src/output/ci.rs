//! `check`'s reports: the short text report, JSON lines, GitHub Actions
//! annotations and JUnit XML. Everything taken from the logs (sample text,
//! file names) is escaped for where it goes: terminal escaping for text,
//! GitHub's `%XX` encoding for workflow commands, XML entities for JUnit.

use std::io::{self, Write};

use crate::check::{Rule, RuleTally};
use crate::output::color::paint;
use crate::output::json::write_str;
use crate::output::sanitize::{escape_keep_newlines, escape_with};

/// One rule and what it counted.
pub struct Outcome<'a> {
    pub rule: &'a Rule,
    pub tally: &'a RuleTally,
}

impl Outcome<'_> {
    /// Whether the rule held.
    pub fn ok(&self) -> bool {
        self.rule.holds(self.tally.count)
    }

    /// One sentence saying why the rule failed (or what it found).
    pub fn summary(&self) -> String {
        let n = self.tally.count;
        let events = if n == 1 { "event" } else { "events" };
        let mut s = format!("{n} matching {events} ({})", self.rule.bounds());
        if let Some(m) = &self.rule.message {
            s.push_str(" — ");
            s.push_str(m);
        }
        s
    }
}

/// Totals of the run for the last line of the report.
pub struct RunSummary {
    pub events: u64,
    pub sources: usize,
}

/// The text report: a `PASS`/`FAIL` line per rule, the first offending
/// lines of a failed rule as `source:line: text`, and a total line.
pub fn write_text(
    out: &mut impl Write,
    outcomes: &[Outcome<'_>],
    run: &RunSummary,
    color: bool,
) -> io::Result<()> {
    let paint_if =
        |code: &str, s: &str| if color { format!("{code}{s}{}", paint::RESET) } else { s.to_string() };
    for o in outcomes {
        let (word, code) = if o.ok() { ("PASS", "\x1b[32m") } else { ("FAIL", "\x1b[1;31m") };
        writeln!(out, "{} {}: {}", paint_if(code, word), esc(&o.rule.name), esc(&o.summary()))?;
        if o.ok() {
            continue;
        }
        for s in &o.tally.samples {
            writeln!(
                out,
                "  {}:{}: {}",
                paint_if(paint::SOURCE, &esc(&s.source.label)),
                s.line,
                esc(&s.text)
            )?;
        }
        let more = o.tally.count.saturating_sub(o.tally.samples.len() as u64);
        if more > 0 && !o.tally.samples.is_empty() {
            writeln!(out, "  … and {more} more")?;
        }
    }
    let failed = outcomes.iter().filter(|o| !o.ok()).count();
    let verdict = if failed == 0 { "passed" } else { "failed" };
    writeln!(
        out,
        "check {verdict}: {failed} of {} rules violated ({} events in {} sources)",
        outcomes.len(),
        run.events,
        run.sources
    )
}

/// JSON lines: one object per rule, then `{"summary": {...}}`.
pub fn write_json(out: &mut impl Write, outcomes: &[Outcome<'_>], run: &RunSummary) -> io::Result<()> {
    for o in outcomes {
        let mut b = b"{\"rule\":".to_vec();
        write_str(&mut b, &o.rule.name);
        write!(b, ",\"ok\":{},\"count\":{}", o.ok(), o.tally.count)?;
        b.extend_from_slice(b",\"min\":");
        opt_num(&mut b, o.rule.min);
        b.extend_from_slice(b",\"max\":");
        opt_num(&mut b, o.rule.max);
        b.extend_from_slice(b",\"message\":");
        match &o.rule.message {
            Some(m) => write_str(&mut b, m),
            None => b.extend_from_slice(b"null"),
        }
        b.extend_from_slice(b",\"origin\":");
        write_str(&mut b, &o.rule.origin);
        b.extend_from_slice(b",\"samples\":[");
        for (i, s) in o.tally.samples.iter().enumerate() {
            if i > 0 {
                b.push(b',');
            }
            b.extend_from_slice(b"{\"source\":");
            write_str(&mut b, &s.source.label);
            write!(b, ",\"line\":{},\"ts\":", s.line)?;
            match &s.ts {
                Some(t) => write_str(&mut b, t),
                None => b.extend_from_slice(b"null"),
            }
            b.extend_from_slice(b",\"text\":");
            write_str(&mut b, &s.text);
            b.push(b'}');
        }
        b.extend_from_slice(b"]}\n");
        out.write_all(&b)?;
    }
    let failed = outcomes.iter().filter(|o| !o.ok()).count();
    writeln!(
        out,
        "{{\"summary\":{{\"ok\":{},\"rules\":{},\"violated\":{failed},\"events\":{},\"sources\":{}}}}}",
        failed == 0,
        outcomes.len(),
        run.events,
        run.sources
    )
}

fn opt_num(b: &mut Vec<u8>, n: Option<u64>) {
    match n {
        Some(n) => b.extend_from_slice(n.to_string().as_bytes()),
        None => b.extend_from_slice(b"null"),
    }
}

/// GitHub Actions workflow commands: one `::error file=…,line=…,title=…::…`
/// per offending line of a violated rule (GitHub shows them on the file),
/// or one without a file for a rule that found too little.
pub fn write_github(out: &mut impl Write, outcomes: &[Outcome<'_>]) -> io::Result<()> {
    for o in outcomes.iter().filter(|o| !o.ok()) {
        let title = gh_property(&o.rule.name);
        let summary = gh_data(&o.summary());
        if o.tally.samples.is_empty() {
            writeln!(out, "::error title={title}::{summary}")?;
        }
        for s in &o.tally.samples {
            writeln!(
                out,
                "::error file={},line={},title={title}::{summary}: {}",
                gh_property(&s.source.label),
                s.line,
                gh_data(&s.text)
            )?;
        }
    }
    Ok(())
}

/// Escapes a workflow command's message (`%`, CR, LF), as the
/// `@actions/core` toolkit does.
pub fn gh_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a workflow command's property value (also `:` and `,`).
pub fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A JUnit XML report: one test suite, one test case per rule, a
/// `<failure>` with the summary and offending lines for a violated rule.
pub fn write_junit(out: &mut impl Write, outcomes: &[Outcome<'_>], run: &RunSummary) -> io::Result<()> {
    let failed = outcomes.iter().filter(|o| !o.ok()).count();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<testsuites name="logsift check" tests="{}" failures="{failed}">"#, outcomes.len())?;
    writeln!(
        out,
        r#"  <testsuite name="logsift check" tests="{}" failures="{failed}" errors="0" skipped="0">"#,
        outcomes.len()
    )?;
    writeln!(
        out,
        r#"    <properties><property name="events" value="{}"/><property name="sources" value="{}"/></properties>"#,
        run.events, run.sources
    )?;
    for o in outcomes {
        let name = xml(&o.rule.name);
        let class = xml(&o.rule.origin);
        if o.ok() {
            writeln!(out, r#"    <testcase name="{name}" classname="{class}"/>"#)?;
            continue;
        }
        writeln!(out, r#"    <testcase name="{name}" classname="{class}">"#)?;
        let mut body = String::new();
        for s in &o.tally.samples {
            body.push_str(&format!("{}:{}: {}\n", s.source.label, s.line, s.text));
        }
        writeln!(
            out,
            r#"      <failure message="{}" type="violated">{}</failure>"#,
            xml(&o.summary()),
            xml(&body)
        )?;
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}

/// Escapes text for XML. Control characters (not allowed in XML 1.0) and
/// bidi overrides are first shown escaped (`\x1b`, `\u{202e}`) as on a
/// terminal: JUnit reports are read in browsers and CI consoles.
pub fn xml(s: &str) -> String {
    let s = escape_keep_newlines(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\u{fffe}' | '\u{ffff}' => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

fn esc(s: &str) -> String {
    escape_with(s, false).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escaping_follows_the_toolkit() {
        assert_eq!(gh_data("50% of a\r\nb"), "50%25 of a%0D%0Ab");
        assert_eq!(gh_property("a:b,c"), "a%3Ab%2Cc");
    }

    #[test]
    fn xml_escapes_markup_and_control_characters() {
        assert_eq!(xml("<a href=\"x\">&'</a>"), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
        assert_eq!(xml("ua=\x1b]0;pwned\x07\tok\u{202e}\n"), "ua=\\x1b]0;pwned\\x07\tok\\u{202e}\n");
    }
}
