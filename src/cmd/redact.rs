//! `logsift redact`: a copy of the logs that is safe to share.
//!
//! Every chunk is redacted in parallel by the scanner's workers (the raw
//! bytes, not parsed events: the copy must be the original minus the
//! secrets, byte for byte elsewhere). The driver writes each source's
//! chunks in order into its copy, compressed as the original was, and
//! finishes private-key blocks that cross a chunk boundary. All output
//! paths are planned and checked before the first byte is written (see
//! `redact::target`). Exit status: 0 when every input was copied, 2 when
//! one could not be read (the rest are still copied).

use std::collections::HashMap;
use std::io::Write;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{bail, Context, Result};

use crate::cli::RedactCmdArgs;
use crate::config::resolve_inputs;
use crate::exit::Exit;
use crate::output::json::write_str;
use crate::output::progress::Progress;
use crate::output::table::{cell, new_table};
use crate::redact::copy::{original_times, Copy};
use crate::redact::target::Targets;
use crate::redact::{close_open_block, Counts, Kind, Pseudonymizer, RedactOptions, Redactor};
use crate::report::Reporter;
use crate::scan::{scan, Chunk, Delivery, Meter, SourceInfo};

/// What a worker made of one chunk.
struct Part {
    out: Vec<u8>,
    counts: Counts,
    /// A private-key block is still open at the chunk's end.
    open: bool,
}

/// A source being copied.
struct Open {
    info: Arc<SourceInfo>,
    copy: Option<Copy>,
    output: Option<PathBuf>,
    counts: Counts,
    in_block: bool,
}

/// One row of the report.
struct Row {
    key: (usize, usize),
    source: String,
    output: Option<PathBuf>,
    counts: Counts,
}

/// Runs `logsift redact`.
pub fn run(args: &RedactCmdArgs) -> Result<Exit> {
    let a = &args.redact;
    let quiet = args.output.quiet;
    let report = Reporter::new(quiet, args.input.strict);
    let opts = options(args)?;
    crate::config::reject_hash(&args.input, "redact")?;
    let cfg = resolve_inputs(&args.input, &report)?;
    let targets = match (&a.outdir, a.dry_run) {
        (Some(dir), false) => Some(Targets::plan(&args.input.paths, &cfg.inputs, dir, a.force)?),
        _ => None,
    };
    if let Some(t) = &targets {
        // Every plain output is checked before anything is written; archive
        // members are checked as they come.
        for p in &t.paths {
            t.check_writable(p)?;
        }
    }
    let redactor = Redactor::new(opts);
    let work = |chunk: &Chunk| {
        let mut part = Part { out: Vec::new(), counts: Counts::default(), open: false };
        part.open = redactor.redact(chunk.bytes(), &mut part.out, &mut part.counts);
        part
    };
    let meter = Arc::new(Meter::new());
    let progress = Progress::start(meter.clone(), quiet);
    let mut open: HashMap<u32, Open> = HashMap::new();
    let mut rows: Vec<Row> = Vec::new();
    let mut fatal: Option<anyhow::Error> = None;
    scan(&cfg.inputs, &cfg.scan, &meter, &work, |d| {
        let step = (|| -> Result<()> {
            match d {
                Delivery::Begin(info) => {
                    let (copy, output) = match &targets {
                        Some(t) => {
                            let (copy, path) = begin_copy(t, &cfg.inputs, &info)?;
                            (Some(copy), Some(path))
                        }
                        None => (None, None),
                    };
                    open.insert(
                        info.id,
                        Open { info, copy, output, counts: Counts::default(), in_block: false },
                    );
                }
                Delivery::Chunk { source, out } => {
                    let Some(o) = open.get_mut(&source.id) else { return Ok(()) };
                    let mut data = out.out;
                    let mut still_open = out.open;
                    if o.in_block {
                        let (closed, open_on) = close_open_block(&data);
                        data = closed;
                        still_open = open_on || out.open;
                    }
                    o.in_block = still_open;
                    o.counts.merge(&out.counts);
                    if let Some(c) = &mut o.copy {
                        c.write(&data).with_context(|| format!("writing {}", c_path(&o.output)))?;
                    }
                }
                Delivery::End { source, .. } => {
                    if let Some(o) = open.remove(&source.id) {
                        finish(o, &mut rows)?;
                    }
                }
                Delivery::Error(e) => {
                    report.input_error(&e);
                }
            }
            Ok(())
        })();
        match step {
            Ok(()) if report.strict && report.errors() > 0 => ControlFlow::Break(()),
            Ok(()) => ControlFlow::Continue(()),
            Err(e) => {
                fatal = Some(e);
                ControlFlow::Break(())
            }
        }
    });
    drop(progress);
    // Sources cut short by an error still get their copy of what was read.
    let mut left: Vec<Open> = open.into_values().collect();
    left.sort_by_key(|o| o.info.key);
    for o in left {
        finish(o, &mut rows)?;
    }
    if let Some(e) = fatal {
        return Err(e);
    }
    rows.sort_by_key(|r| r.key);
    if !quiet {
        print_report(&rows, args.output.json, a.dry_run)?;
    }
    Ok(Exit::Ok.with_errors(report.errors()))
}

/// Resolves the redaction options, reading the key file.
fn options(args: &RedactCmdArgs) -> Result<RedactOptions> {
    let a = &args.redact;
    let kinds = |list: &[String], flag: &str| -> Result<Vec<Kind>> {
        list.iter().map(|k| k.parse::<Kind>().map_err(anyhow::Error::msg).context(flag.to_string())).collect()
    };
    let keep = kinds(&a.keep, "--keep")?;
    let pseudo = kinds(&a.pseudonymize, "--pseudonymize")?;
    let pseudonymize = match (&a.key_file, pseudo.is_empty()) {
        (Some(path), false) => {
            let key = std::fs::read(path).with_context(|| format!("--key-file {}", path.display()))?;
            Some(Pseudonymizer::new(&key, pseudo).map_err(anyhow::Error::msg).context("--key-file")?)
        }
        (Some(_), true) => bail!("--key-file is only used with --pseudonymize KINDS"),
        (None, _) => None,
    };
    Ok(RedactOptions { ip: a.ip, users: a.users, keep, pseudonymize })
}

/// Opens the copy of a source that begins.
fn begin_copy(t: &Targets, inputs: &[crate::input::Input], info: &SourceInfo) -> Result<(Copy, PathBuf)> {
    let input = &inputs[info.key.0];
    let member =
        info.label.strip_prefix(&input.label).and_then(|m| m.strip_prefix(':')).filter(|m| !m.is_empty());
    let path = t.file_for(info.key.0, member, info.compression);
    if member.is_some() {
        t.check_writable(&path)?;
    }
    let (mtime, gz) = match (&input.path, member) {
        (Some(p), None) => original_times(p),
        _ => (None, None),
    };
    let copy = Copy::create(&path, info.compression, gz, mtime)
        .with_context(|| format!("creating {}", path.display()))?;
    Ok((copy, path))
}

fn finish(o: Open, rows: &mut Vec<Row>) -> Result<()> {
    if let Some(c) = o.copy {
        c.finish().with_context(|| format!("writing {}", c_path(&o.output)))?;
    }
    rows.push(Row { key: o.info.key, source: o.info.label.clone(), output: o.output, counts: o.counts });
    Ok(())
}

fn c_path(p: &Option<PathBuf>) -> String {
    p.as_ref().map(|p| p.display().to_string()).unwrap_or_default()
}

/// The report: per file, what was redacted by kind; a total.
fn print_report(rows: &[Row], json: bool, dry_run: bool) -> Result<()> {
    let mut out = std::io::stdout().lock();
    let mut total = Counts::default();
    for r in rows {
        total.merge(&r.counts);
    }
    if json {
        for r in rows {
            let mut b = b"{\"source\":".to_vec();
            write_str(&mut b, &r.source);
            b.extend_from_slice(b",\"output\":");
            match &r.output {
                Some(p) => write_str(&mut b, &p.display().to_string()),
                None => b.extend_from_slice(b"null"),
            }
            write_counts(&mut b, &r.counts);
            b.extend_from_slice(b"}\n");
            out.write_all(&b)?;
        }
        let mut b = format!("{{\"summary\":{{\"files\":{},\"dry_run\":{dry_run}", rows.len()).into_bytes();
        write_counts(&mut b, &total);
        b.extend_from_slice(b"}}\n");
        out.write_all(&b)?;
        return Ok(());
    }
    let mut t =
        new_table(&["source", "redacted", "total", if dry_run { "output (dry run)" } else { "output" }]);
    for r in rows {
        let kinds: Vec<String> = r.counts.nonzero().map(|(k, n)| format!("{k} {n}")).collect();
        t.add_row(vec![
            cell(&r.source),
            if kinds.is_empty() { "-".into() } else { kinds.join(", ") },
            r.counts.total().to_string(),
            r.output.as_ref().map(|p| cell(&p.display().to_string())).unwrap_or_else(|| "-".into()),
        ]);
    }
    writeln!(out, "{t}")?;
    let kinds: Vec<String> = total.nonzero().map(|(k, n)| format!("{k} {n}")).collect();
    let verb = if dry_run { "would redact" } else { "redacted" };
    writeln!(
        out,
        "{verb} {} values in {} files{}",
        total.total(),
        rows.len(),
        if kinds.is_empty() { String::new() } else { format!(": {}", kinds.join(", ")) }
    )?;
    Ok(())
}

fn write_counts(b: &mut Vec<u8>, c: &Counts) {
    b.extend_from_slice(b",\"redacted\":{");
    for (i, (k, n)) in c.nonzero().enumerate() {
        if i > 0 {
            b.push(b',');
        }
        write_str(b, k.as_str());
        b.extend_from_slice(format!(":{n}").as_bytes());
    }
    b.extend_from_slice(format!("}},\"total\":{}", c.total()).as_bytes());
}
