//! Printing `logsift anomalies` findings: a table (every cell escaped) or
//! JSON lines `{kind, start, end, score, baseline, observed, subject,
//! level, evidence}`.

use std::io::Write;

use serde_json::json;

use crate::analysis::findings::Finding;
use crate::event::Timestamp;
use crate::output::table::{cell, new_table};

fn ts(n: i64) -> String {
    Timestamp::new(n, 3).to_rfc3339()
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// `--json`: one finding per line.
pub fn print_json(out: &mut impl Write, findings: &[Finding]) -> std::io::Result<()> {
    for f in findings {
        let v = json!({
            "kind": f.kind, "start": ts(f.start), "end": ts(f.end), "score": round(f.score),
            "baseline": round(f.baseline), "observed": round(f.observed), "subject": f.subject,
            "level": f.level.map(|l| l.as_str()), "evidence": f.evidence,
        });
        writeln!(out, "{v}")?;
    }
    Ok(())
}

fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// The terminal table, or a line saying nothing was found.
pub fn print_table(
    out: &mut impl Write,
    findings: &[Finding],
    bucket: Option<i64>,
    sensitivity: f64,
) -> std::io::Result<()> {
    let width = bucket.map_or("-".to_string(), |b| format!("{}s", b / 1_000_000_000));
    if findings.is_empty() {
        return writeln!(out, "No findings (buckets of {width}, sensitivity {sensitivity}).");
    }
    let mut t = new_table(&[
        "kind",
        "start (UTC)",
        "end (UTC)",
        "score",
        "baseline",
        "observed",
        "subject",
        "evidence",
    ]);
    for f in findings {
        let ev: Vec<String> = f.evidence.iter().map(|e| cell(&shorten(e, 160))).collect();
        t.add_row(vec![
            f.kind.to_string(),
            ts(f.start),
            ts(f.end),
            format!("{:.1}", f.score),
            num(f.baseline),
            num(f.observed),
            cell(&shorten(&f.subject, 100)),
            ev.join("\n"),
        ]);
    }
    writeln!(out, "{t}")?;
    writeln!(out, "{} findings (buckets of {width}, sensitivity {sensitivity}).", findings.len())
}

fn shorten(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}
