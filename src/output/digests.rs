//! `--hash` records, printed one way for every command: a JSON line
//! `{"kind":"input","source":…,"sha256":…,"bytes":…}` per input after a
//! JSON report, or a block in `sha256sum` format after a text report.

use std::io::{self, Write};

use crate::input::hash::InputDigest;
use crate::output::json::{write_str, write_u64};
use crate::output::sanitize::escape;

/// Appends the JSON line of one input's record (`sha256` null, with an
/// `error`, when the input could not be hashed to its end).
pub fn write_json(out: &mut Vec<u8>, d: &InputDigest) {
    out.extend_from_slice(b"{\"kind\":\"input\",\"source\":");
    write_str(out, &d.source);
    out.extend_from_slice(b",\"sha256\":");
    match d.hex() {
        Some(h) => write_str(out, &h),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"bytes\":");
    write_u64(out, d.bytes);
    if let Some(e) = &d.error {
        out.extend_from_slice(b",\"error\":");
        write_str(out, e);
    }
    out.extend_from_slice(b"}\n");
}

/// Writes every record as JSON lines.
pub fn print_json(out: &mut impl Write, digests: &[InputDigest]) -> io::Result<()> {
    let mut buf = Vec::with_capacity(160 * digests.len());
    for d in digests {
        write_json(&mut buf, d);
    }
    out.write_all(&buf)
}

/// Writes the records for a terminal: a heading, then one `HEX  SOURCE`
/// line per input, as `sha256sum` prints them (so the lines can be checked
/// with `sha256sum -c`), and `-` with the reason for an input without one.
pub fn print_text(out: &mut impl Write, digests: &[InputDigest]) -> io::Result<()> {
    if digests.is_empty() {
        return Ok(());
    }
    writeln!(out, "\nSHA-256 of the inputs as stored (compressed files and archives as a whole):")?;
    for d in digests {
        match d.hex() {
            Some(h) => writeln!(out, "{h}  {}", escape(&d.source))?,
            None => writeln!(
                out,
                "{:<64}  {}  (no digest: {})",
                "-",
                escape(&d.source),
                escape(d.error.as_deref().unwrap_or("not read"))
            )?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_json_with_the_documented_keys() {
        let ok =
            InputDigest { source: "a\u{1b}.log".into(), sha256: Some([0xab; 32]), bytes: 3, error: None };
        let bad = InputDigest { source: "-".into(), sha256: None, bytes: 9, error: Some("gone".into()) };
        let mut out = Vec::new();
        print_json(&mut out, &[ok.clone(), bad]).unwrap();
        let lines: Vec<serde_json::Value> = out
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| serde_json::from_slice(l).unwrap())
            .collect();
        assert_eq!(lines[0]["kind"], "input");
        assert_eq!(lines[0]["source"], "a\u{1b}.log");
        assert_eq!(lines[0]["sha256"], "ab".repeat(32));
        assert_eq!(lines[0]["bytes"], 3);
        assert!(lines[0].get("error").is_none());
        assert_eq!(lines[1]["sha256"], serde_json::Value::Null);
        assert_eq!(lines[1]["error"], "gone");
        let mut text = Vec::new();
        print_text(&mut text, &[ok]).unwrap();
        let text = String::from_utf8(text).unwrap();
        assert!(text.contains(&format!("{}  a\\x1b.log\n", "ab".repeat(32))), "{text}");
    }
}
