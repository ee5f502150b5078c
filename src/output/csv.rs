//! CSV output of events (`--csv`), for spreadsheets and `xsv`.
//!
//! Columns: `ts, source, line, level, host, app, message`, then any fields
//! asked for with `--columns`. Cells are quoted per RFC 4180 when needed.
//! A cell that begins with `=`, `+`, `-`, `@`, tab or CR is prefixed with
//! `'` so that a spreadsheet shows it as text instead of running it as a
//! formula (CSV injection: a user agent `=HYPERLINK(...)` is attacker
//! text); `--csv-raw` keeps cells exactly as logged.

use std::io::Write;

use crate::event::Event;

/// The fixed columns, in order.
pub const BASE_COLUMNS: [&str; 7] = ["ts", "source", "line", "level", "host", "app", "message"];

/// How to write CSV rows.
#[derive(Debug, Clone)]
pub struct CsvWriter {
    /// Extra field columns (`--columns`).
    pub extra: Vec<String>,
    /// Neutralise formula-like cells (the default; off with `--csv-raw`).
    pub neutralise: bool,
}

impl CsvWriter {
    /// Appends the header row.
    pub fn header(&self, out: &mut Vec<u8>) {
        let names = BASE_COLUMNS.iter().copied().chain(self.extra.iter().map(String::as_str));
        for (i, name) in names.enumerate() {
            if i > 0 {
                out.push(b',');
            }
            self.cell(out, name);
        }
        out.extend_from_slice(b"\r\n");
    }

    /// Appends one event as a row; `source` is its source's label.
    pub fn row(&self, out: &mut Vec<u8>, ev: &Event<'_>, source: &str) {
        let ts = ev.ts.map(|t| t.to_rfc3339()).unwrap_or_default();
        self.cell(out, &ts);
        out.push(b',');
        self.cell(out, source);
        out.push(b',');
        let _ = write!(out, "{}", ev.line);
        for v in [ev.level.map(|l| l.as_str()), ev.host.as_deref(), ev.app.as_deref(), Some(&*ev.message)] {
            out.push(b',');
            self.cell(out, v.unwrap_or(""));
        }
        for key in &self.extra {
            out.push(b',');
            let v = ev.get_text(key);
            self.cell(out, v.as_deref().unwrap_or(""));
        }
        out.extend_from_slice(b"\r\n");
    }

    /// Appends one cell, neutralised and quoted as needed.
    pub fn cell(&self, out: &mut Vec<u8>, text: &str) {
        let formula = self.neutralise && text.starts_with(['=', '+', '-', '@', '\t', '\r']);
        let quote = formula || text.contains([',', '"', '\n', '\r']) || text.starts_with(' ');
        if quote {
            out.push(b'"');
        }
        if formula {
            out.push(b'\'');
        }
        for b in text.bytes() {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        if quote {
            out.push(b'"');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::FormatId;

    fn cell(neutralise: bool, text: &str) -> String {
        let mut out = Vec::new();
        CsvWriter { extra: vec![], neutralise }.cell(&mut out, text);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn cells_are_quoted_and_formulas_neutralised() {
        assert_eq!(cell(true, "plain"), "plain");
        assert_eq!(cell(true, "a,b"), "\"a,b\"");
        assert_eq!(cell(true, "say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell(true, "=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        for f in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(cell(true, f).starts_with("\"'"), "{f:?}");
        }
        assert_eq!(cell(false, "=1+1"), "=1+1");
        assert_eq!(cell(true, "two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn rows_have_the_base_columns_then_extras() {
        let mut ev = Event::new(FormatId::Logfmt, "hello, world");
        ev.line = 3;
        ev.fields.push(("status".into(), crate::event::Value::Num("503")));
        let w = CsvWriter { extra: vec!["status".into(), "missing".into()], neutralise: true };
        let mut out = Vec::new();
        w.header(&mut out);
        w.row(&mut out, &ev, "a.log");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "ts,source,line,level,host,app,message,status,missing\r\n,a.log,3,,,,\"hello, world\",503,\r\n"
        );
    }
}
