//! `logsift formats`: the formats logsift understands, with an example
//! line of each, so users know what `--format` accepts.

use std::io::Write;

use anyhow::Result;

use crate::cli::FormatsArgs;
use crate::exit::Exit;
use crate::format::FormatId;
use crate::output::json::write_str;
use crate::output::table::new_table;

/// Prints the format list as a table or JSON lines.
pub fn run(args: &FormatsArgs) -> Result<Exit> {
    let mut out = std::io::stdout().lock();
    if args.json {
        for f in FormatId::ALL {
            let mut line = Vec::new();
            line.extend_from_slice(b"{\"name\":");
            write_str(&mut line, f.name());
            line.extend_from_slice(b",\"description\":");
            write_str(&mut line, f.description());
            line.extend_from_slice(b",\"example\":");
            write_str(&mut line, f.example());
            line.extend_from_slice(b"}\n");
            out.write_all(&line)?;
        }
        return Ok(Exit::Ok);
    }
    let mut t = new_table(&["format", "what", "example"]);
    for f in FormatId::ALL {
        t.add_row(vec![f.name(), f.description(), f.example()]);
    }
    writeln!(out, "{t}")?;
    writeln!(out, "Formats are detected per source from a sample of lines; lines that do not fit fall back to the other formats, and a line that fits none is kept whole (format raw). Force one with --format NAME.")?;
    Ok(Exit::Ok)
}
